/* SPDX-License-Identifier: MIT */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "mv-geometry.h"
#include "mv-scene.h"
#include "mv-scene-mask.h"
#include "mv-scene-steps.h"
#include "mv-scene-versions.h"

G_BEGIN_DECLS

/*
 * The painters: cairo and pango only. Each view paints a scene into a
 * cairo context at a size in logical pixels; the GTK widget calls them from
 * its snapshot, mv_render_to_file() on a PNG, SVG or PDF surface.
 */

#define MV_RENDER_ERROR (mv_render_error_quark ())

typedef enum
{
  MV_RENDER_ERROR_FORMAT,     /* not .png, .svg or .pdf */
  MV_RENDER_ERROR_SIZE,       /* a size cairo cannot make */
  MV_RENDER_ERROR_CAIRO,      /* cairo failed (writing the file, ...) */
} MvRenderError;

/* The most pixels a raster picture may have once scaled (256 MiB of
 * ARGB): 16384 x 16384 at scale 2 took 83 s and 4 GB. */
#define MV_RENDER_MAX_PIXELS ((double) (64 * 1024 * 1024))

typedef enum
{
  MV_THEME_LIGHT,
  MV_THEME_DARK,
} MvTheme;

typedef enum
{
  MV_VIEW_MAP,
  MV_VIEW_MTRR,
  MV_VIEW_GDT,
  MV_VIEW_PAGES,
  MV_VIEW_ALL,
  MV_VIEW_VP,         /* the initial VP state (an IGVM file's) */
  MV_VIEW_EXPLAIN,    /* the masked compare of the scene's explained address */
  MV_VIEW_BOOT,       /* the boot loader's registers, imports and e820 map */
  MV_VIEW_VERSIONS,   /* OpenVMM's versions side by side (the scene's versions) */
} MvView;

typedef enum
{
  MV_FORMAT_PNG,
  MV_FORMAT_SVG,
  MV_FORMAT_PDF,
} MvFormat;

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} MvColor;

/**
 * MvRenderStyle:
 * Colours and fonts. mv_render_style_init() fills the light or dark
 * theme; a widget may then replace @background, @foreground and the other
 * interface colours with its own. The memory type colours are an
 * Okabe-Ito, colour-blind-safe palette, and each has a pattern and a text
 * label too, so colour is never the only cue.
 */
typedef struct
{
  MvTheme     theme;
  MvColor     background;
  MvColor     foreground;
  MvColor     muted;          /* secondary text */
  MvColor     lane;           /* lane tracks, table stripes */
  MvColor     grid;           /* rules and grid lines */
  MvColor     error;
  MvColor     warning;
  MvColor     note;
  MvColor     fills[MV_FILL_N];
  const char *font_family;    /* "Sans" */
  const char *mono_family;    /* "Monospace" */
  double      font_size;      /* body text, in logical pixels */
  double      small_scale;    /* the small types (axis labels, subtitles)
                               * this much larger than usual; 0 means 1 */
  double      pixel_scale;    /* device pixels per unit where a recording
                               * surface is shown (the widget's scale
                               * factor); 0 means 1 */
} MvRenderStyle;

GQuark      mv_render_error_quark      (void);

void        mv_render_style_init       (MvRenderStyle       *style,
                                        MvTheme              theme);
void        mv_render_metrics_init     (MvSceneMetrics      *metrics,
                                        const MvRenderStyle *style);
void        mv_render_metrics_clear    (MvSceneMetrics      *metrics);

gboolean    mv_theme_from_string       (const char          *text,
                                        MvTheme             *out);
gboolean    mv_view_from_string        (const char          *text,
                                        MvView              *out);
const char *mv_view_to_string          (MvView               view);
gboolean    mv_format_from_path        (const char          *path,
                                        MvFormat            *out,
                                        GError             **error);

MvMapGeometry *mv_render_map_geometry  (const MvScene       *scene,
                                        const MvRenderStyle *style,
                                        double               width,
                                        double               height);
double      mv_render_natural_height   (const MvScene       *scene,
                                        const MvRenderStyle *style,
                                        MvView               view,
                                        double               width);

void        mv_render_map              (cairo_t             *cr,
                                        const MvScene       *scene,
                                        const MvRenderStyle *style,
                                        double               width,
                                        double               height);
void        mv_render_map_with_geometry (cairo_t             *cr,
                                         const MvScene       *scene,
                                         const MvRenderStyle *style,
                                         const MvMapGeometry *geometry);
void        mv_render_mtrr_table       (cairo_t             *cr,
                                        const MvScene       *scene,
                                        const MvRenderStyle *style,
                                        double               width,
                                        double               height);
void        mv_render_gdt              (cairo_t             *cr,
                                        const MvScene       *scene,
                                        const MvRenderStyle *style,
                                        double               width,
                                        double               height);
void        mv_render_pages            (cairo_t             *cr,
                                        const MvScene       *scene,
                                        const MvRenderStyle *style,
                                        double               width,
                                        double               height);
void        mv_render_mask             (cairo_t             *cr,
                                        const MvMaskScene   *scene,
                                        const MvRenderStyle *style,
                                        double               width,
                                        double               height);
void        mv_render_versions         (cairo_t             *cr,
                                        const MvVersionsScene *scene,
                                        const MvRenderStyle *style,
                                        double               width,
                                        double               height);
/* A lesson's pages: 16:9 for a projector, one per step. */
#define MV_LESSON_WIDTH          1280.0
#define MV_LESSON_HEIGHT         720.0
#define MV_LESSON_CAPTION_LINES  3

void        mv_render_lesson_style     (MvRenderStyle       *style,
                                        MvTheme              theme);
void        mv_render_lesson_page      (cairo_t             *cr,
                                        const MvScene       *scene,
                                        const char          *caption,
                                        const MvRenderStyle *style,
                                        double               width,
                                        double               height);
void        mv_render_view             (cairo_t             *cr,
                                        const MvScene       *scene,
                                        const MvRenderStyle *style,
                                        MvView               view,
                                        double               width,
                                        double               height);

void        mv_render_view_sorted      (cairo_t             *cr,
                                        const MvScene       *scene,
                                        const MvRenderStyle *style,
                                        MvView               view,
                                        double               width,
                                        double               height,
                                        int                  column,
                                        gboolean             descending);
int         mv_render_table_column_at  (const MvScene       *scene,
                                        const MvRenderStyle *style,
                                        MvView               view,
                                        double               width,
                                        double               x,
                                        double               y);

gboolean    mv_render_to_file          (const MvScene       *scene,
                                        const char          *path,
                                        MvView               view,
                                        double               width,
                                        double               height,
                                        double               scale,
                                        MvTheme              theme,
                                        GError             **error);
cairo_surface_t *
            mv_render_to_image         (const MvScene       *scene,
                                        const MvRenderStyle *style,
                                        MvView               view,
                                        double               width,
                                        double               height,
                                        double               scale,
                                        GError             **error);

gboolean    mv_render_lesson_to_file   (const MvLayout      *layout,
                                        const MvSteps       *steps,
                                        const char          *path,
                                        double               scale,
                                        MvTheme              theme,
                                        GPtrArray           *written,
                                        GError             **error);
gboolean    mv_render_lesson_side_by_side_to_file (const MvLayout *layout,
                                                   const MvSteps  *steps,
                                                   const MvSteps  *beside,
                                                   const char     *path,
                                                   double          scale,
                                                   MvTheme         theme,
                                                   GPtrArray      *written,
                                                   GError        **error);
void        mv_render_lesson_extent    (const MvLayout      *layout,
                                        const MvSteps       *steps,
                                        const MvSteps       *beside,
                                        guint64             *start,
                                        guint64             *end);
GPtrArray  *mv_render_lesson_scenes    (const MvLayout      *layout,
                                        const MvSteps       *steps,
                                        const MvSteps       *beside,
                                        const MvRenderStyle *style);
const char *mv_render_lesson_caption   (const MvSteps       *steps,
                                        const MvSteps       *beside,
                                        guint                index);
MvMapGeometry *mv_render_lesson_page_geometry (const MvScene       *scene,
                                               const char          *caption,
                                               const MvRenderStyle *style,
                                               double               width,
                                               double               height);
char       *mv_render_lesson_page_path (const char          *path,
                                        guint                index,
                                        guint                n_pages);

void        mv_render_shutdown_with_gtk (void);
void        mv_render_shutdown         (void);

G_END_DECLS
