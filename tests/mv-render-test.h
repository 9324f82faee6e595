/* SPDX-License-Identifier: MIT */
/* What the renderer's test programs (test-render-*.c) share. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "mv-geometry.h"
#include "mv-mtrr-state.h"
#include "mv-mtrr.h"
#include "mv-presets.h"
#include "mv-render-private.h"
#include "mv-render.h"
#include "mv-scale.h"
#include "mv-scenario.h"
#include "mv-scene-mtrr.h"
#include "mv-scene-scenario.h"
#include "mv-scene.h"
#include "mv-test-util.h"

#define KiB ((guint64) 1 << 10)
#define MiB ((guint64) 1 << 20)
#define GiB ((guint64) 1 << 30)
#define TiB ((guint64) 1 << 40)
#define PiB ((guint64) 1 << 50)

/* The scene of the preset @name, as the window builds it. */
MvScene *preset_scene (const char *name);

/* A scene straight from core parts: a layout, its guest MTRR state and a
 * recorder holding @n_calls consecutive one-page imports and a GDT. */
MvScene *layout_scene (guint64 ram,
                       guint8  width,
                       guint64 n_calls);

/* An array of MvRenderLabel for MvRenderOptions.log, clearing them. */
GArray *new_log (void);

void read_pixel (cairo_surface_t *image,
                 double           x,
                 double           y,
                 guint8           rgb[3]);
gboolean pixel_is (const guint8   rgb[3],
                   const MvColor *c,
                   int            tolerance);
/* Most pixels of a small patch at (x, y) have colour @c. */
gboolean patch_is (cairo_surface_t *image,
                   double           x,
                   double           y,
                   double           scale,
                   const MvColor   *c);
/* How many pixels of @a and @b differ by more than @tolerance in a
 * channel. */
guint count_differing_pixels (cairo_surface_t *a,
                              cairo_surface_t *b,
                              guint            tolerance);

/* The map of @scene, 1200 wide, in the light theme. */
cairo_surface_t *render_map_options (const MvRenderOptions *options,
                                     const MvScene         *scene,
                                     double                 scale);
cairo_surface_t *render_map_with (MvRenderPatterns  patterns,
                                  const MvScene    *scene,
                                  double            scale);
/* Renders @view of @scene at @width x @height (0: natural) into an
 * image, logging the labels into @log. */
void render_logged (const MvScene       *scene,
                    const MvRenderStyle *style,
                    MvView               view,
                    double               width,
                    double               height,
                    GArray              *log);

gboolean rect_inside (const MvRect *inner,
                      const MvRect *outer,
                      double        slack);
gboolean rects_overlap (const MvRect *a,
                        const MvRect *b,
                        double        slack);
/* Every text drawn stays inside its box and inside the picture, and no
 * two texts overlap. */
void check_labels (MvScene *scene,
                   MvView   view,
                   double   width,
                   double   height);

/* g_test_run (), then the renderer's caches freed for the leak
 * checkers. */
int mv_render_test_run (void);

/* Every callout of @g sits at its bar, its leader dropping from the bar's
 * middle into the label: no two leaders cross, labels of a row do not
 * overlap, and no leader passes behind a label of a row above its own. */
void assert_callouts_clear (const MvMapGeometry *g);
