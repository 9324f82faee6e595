/* SPDX-License-Identifier: MIT */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "mv-render.h"

G_BEGIN_DECLS

/* GLib has no cleanups for cairo's types: define them once, here. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_pattern_t, cairo_pattern_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_font_options_t, cairo_font_options_destroy)

/* How the painters draw the patterns: tiles where the target allows
 * (the default), always as vectors, or not at all. For the tests that
 * compare the ways. */
typedef enum
{
  MV_RENDER_PATTERNS_AUTO,
  MV_RENDER_PATTERNS_VECTOR,
  MV_RENDER_PATTERNS_NONE,
} MvRenderPatterns;

extern MvRenderPatterns _mv_render_patterns;

/* Drops the shaped layouts the calling thread keeps for the texts it
 * drew, so that the next painting shapes every text anew. */
void _mv_render_forget_layouts (void);

/* Whether painters keep the layouts they shaped (the default); for the
 * tests that compare text drawn from kept layouts with text shaped anew. */
extern gboolean _mv_render_keep_layouts;

int _mv_render_pattern_tile_scale (cairo_t             *cr,
                                   const MvRenderStyle *style);

G_END_DECLS
