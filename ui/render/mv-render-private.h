/* SPDX-License-Identifier: MIT */
#pragma once

/*
 * What the renderer's files share: the painter (fonts, pango layouts,
 * pattern tiles, the options of one painting), text fitting, the shapes
 * and the entry points the tests use to pass their options.
 *
 *   mv-render-style.c   the light and dark styles; view, theme and format names
 *   mv-render-color.c   colour arithmetic and setting colours on cairo
 *   mv-render-text.c    the painter: fonts, text measurement and its caches,
 *                       the kept layouts
 *   mv-render-fit.c     fitting text into a box and drawing it
 *   mv-render-bars.c    patterns, bars, plates, markers and break marks
 *   mv-render-map.c     the map painter (the geometry places everything)
 *   mv-render-table.c   the MTRR and page map tables
 *   mv-render-gdt.c     the GDT bit diagram and the segment registers
 *   mv-render-mask.c    the explain view: one address's masked compare in bits
 *   mv-render-versions.c  the versions view: OpenVMM's versions on one axis
 *   mv-render-lesson.c  a lesson's page: the step's sentence over its map
 *   mv-render.c         the views together, natural heights, files
 */

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

/* A font for the diagnostic markers' numbers, after the public styles. */
#define MV_TEXT_MARKER    MV_TEXT_N_STYLES
#define MV_N_FONTS        (MV_TEXT_N_STYLES + 1)

#define MV_RENDER_MARGIN  16.0
#define MV_MAX_CELL_LINES 3

/* How the painters draw the patterns: tiles where the target allows
 * (the default), always as vectors, or not at all. */
typedef enum
{
  MV_RENDER_PATTERNS_AUTO,
  MV_RENDER_PATTERNS_VECTOR,
  MV_RENDER_PATTERNS_NONE,
} MvRenderPatterns;

/* What a painter drew where: each text with the box it had to stay in,
 * in the coordinates of the cairo context given to the painter. */
typedef struct
{
  MvRect box;
  MvRect text;
  char  *string;
} MvRenderLabel;

void _mv_render_label_clear (MvRenderLabel *label);

/*
 * The options of one painting, for the tests that compare the ways of
 * drawing; the public painters use the defaults (all zero). Passed
 * explicitly to _mv_render_view_with() and _mv_render_to_image_with(),
 * never kept: painters in other threads are not affected.
 */
typedef struct
{
  MvRenderPatterns patterns;
  gboolean         shape_anew;  /* shape every text, keep no layouts */
  GArray          *log;         /* nullable: MvRenderLabel, appended to */
  guint            sort_by;     /* a sortable table's rows: 0 in its own order,
                                 * c + 1 in column c's */
  gboolean         sort_descending;
} MvRenderOptions;

void             _mv_render_view_with     (cairo_t               *cr,
                                           const MvScene         *scene,
                                           const MvRenderStyle   *style,
                                           MvView                 view,
                                           double                 width,
                                           double                 height,
                                           const MvRenderOptions *options);
cairo_surface_t *_mv_render_to_image_with (const MvScene         *scene,
                                           const MvRenderStyle   *style,
                                           MvView                 view,
                                           double                 width,
                                           double                 height,
                                           double                 scale,
                                           const MvRenderOptions *options,
                                           GError               **error);

/* Drops the shaped layouts the calling thread keeps for the texts it
 * drew, so that the next painting shapes every text anew. */
void _mv_render_forget_layouts (void);

/* How many device pixels a unit of @cr is when the patterns can be
 * painted from tiles; 0 when they are drawn as vectors. */
int  _mv_render_pattern_tile_scale (cairo_t             *cr,
                                    const MvRenderStyle *style);

/* ---- The painter (mv-render-text.c) ------------------------------------- */

/* The hatchings that tell memory types apart besides their colours. */
typedef enum
{
  MV_PATTERN_NONE,
  MV_PATTERN_DIAGONAL,
  MV_PATTERN_BACK_DIAGONAL,
  MV_PATTERN_CROSS,
  MV_PATTERN_HORIZONTAL,
  MV_PATTERN_VERTICAL,
  MV_PATTERN_DOTS,
  MV_PATTERN_GRID,
  MV_N_PATTERNS
} MvPattern;

typedef struct
{
  const MvRenderStyle   *style;
  const MvRenderOptions *options;   /* never NULL */
  cairo_t               *cr;
  PangoContext          *context;
  PangoLayout           *layout;     /* scratch: set up anew for each text */
  PangoLayout           *shown;      /* what _mv_fit_text() prepared: layout or a kept one */
  gboolean               ellipsized; /* whether shown is */
  GHashTable            *kept;       /* the thread's kept layouts; painters that draw */
  PangoFontDescription  *fonts[MV_N_FONTS];
  double                 line_height[MV_N_FONTS];
  char                  *text_key_prefix;  /* the style's part of a text's cache key */
  double                 offset_x;
  double                 log_scale;  /* the map's zoom: logs are in view units */
  cairo_pattern_t       *tiles[MV_N_PATTERNS];  /* see draw_pattern() */
  int                    tile_scale;
} MvPainter;

typedef struct
{
  double width;
  double height;
} MvTextSize;

/* @cr NULL: a painter that only measures. @options NULL: the defaults. */
void        _mv_painter_init          (MvPainter             *p,
                                       cairo_t               *cr,
                                       const MvRenderStyle   *style,
                                       const MvRenderOptions *options);
void        _mv_painter_clear         (MvPainter             *p);
void        _mv_painter_begin         (MvPainter             *p,
                                       cairo_t               *cr,
                                       const MvRenderStyle   *style,
                                       const MvRenderOptions *options,
                                       double                 width,
                                       double                 height,
                                       double                 zoom);
void        _mv_painter_end           (MvPainter             *p);
void        _mv_painter_metrics       (MvPainter             *p,
                                       MvSceneMetrics        *m);
MvTextSize  _mv_painter_measure       (MvPainter             *p,
                                       const char            *text,
                                       guint                  font);
double      _mv_painter_text_width    (MvPainter             *p,
                                       const char            *text,
                                       guint                  font);
guint       _mv_painter_wrapped_lines (MvPainter             *p,
                                       const char            *text,
                                       guint                  font,
                                       double                 width);
PangoLayout *_mv_painter_kept_layout  (MvPainter             *p,
                                       const char            *text,
                                       guint                  font,
                                       double                 prose_width);
void        _mv_layout_prepare        (MvPainter             *p,
                                       const char            *text,
                                       guint                  font,
                                       double                 width);
void        _mv_layout_prepare_full   (MvPainter             *p,
                                       const char            *text,
                                       guint                  font,
                                       double                 width,
                                       gboolean               slack);
void        _mv_layout_prepare_prose  (MvPainter             *p,
                                       const char            *text,
                                       guint                  font,
                                       double                 width);
void        _mv_layout_prose_done     (MvPainter             *p);
void        _mv_text_cache_clear      (void);

/* ---- Colours (mv-render-color.c) ---------------------------------------- */

MvColor _mv_rgb             (guint32  hex);
MvColor _mv_mix             (MvColor  a,
                             MvColor  b,
                             double   t);
MvColor _mv_text_on         (MvColor  c);
void    _mv_set_color       (cairo_t *cr,
                             MvColor  c);
void    _mv_set_color_alpha (cairo_t *cr,
                             MvColor  c,
                             double   alpha);

/* ---- Fitting text (mv-render-fit.c) ------------------------------------- */

typedef enum
{
  MV_ALIGN_START,
  MV_ALIGN_CENTER,
  MV_ALIGN_END,
} MvAlign;

gboolean _mv_fit_text          (MvPainter    *p,
                                const char   *text,
                                guint         font,
                                const MvRect *box,
                                MvAlign       align,
                                MvRect       *out);
void     _mv_show_fitted       (MvPainter    *p,
                                const char   *text,
                                const MvRect *box,
                                const MvRect *where,
                                MvColor       color);
gboolean _mv_draw_text         (MvPainter    *p,
                                const char   *text,
                                guint         font,
                                const MvRect *box,
                                MvAlign       align,
                                MvColor       color,
                                MvRect       *out);
gboolean _mv_draw_text_wrapped (MvPainter    *p,
                                const char   *text,
                                guint         font,
                                const MvRect *box,
                                MvColor       color);
gboolean _mv_draw_text_prose   (MvPainter    *p,
                                const char   *text,
                                guint         font,
                                const MvRect *box,
                                MvColor       color);

/* ---- Shapes (mv-render-bars.c) ------------------------------------------ */

typedef struct
{
  MvColor  fill;
  MvColor  border;
  MvColor  text;
  MvColor  pattern;
  double   pattern_alpha;
  gboolean hollow;
} MvBarLook;

gboolean  _mv_fill_has_pattern  (MvFill               fill);
void      _mv_rounded_rect      (cairo_t             *cr,
                                 const MvRect        *r,
                                 double               radius);
MvBarLook _mv_bar_look          (const MvRenderStyle *style,
                                 MvFill               fill,
                                 MvItemFlags          flags);
void      _mv_draw_bar          (MvPainter           *p,
                                 const MvRect        *r,
                                 MvFill               fill,
                                 MvItemFlags          flags,
                                 MvBarLook           *look_out);
void      _mv_bar_label         (MvPainter           *p,
                                 const char          *text,
                                 guint                font,
                                 const MvRect        *box,
                                 const MvRect        *bar,
                                 const MvBarLook     *look,
                                 gboolean             plate);
void      _mv_draw_marker       (MvPainter           *p,
                                 const MvRect        *r,
                                 MvMarkSeverity       severity,
                                 guint                number);
void      _mv_draw_break        (cairo_t             *cr,
                                 const MvRenderStyle *style,
                                 double               x,
                                 double               top,
                                 double               bottom,
                                 const double        *marks,
                                 guint                n_marks);
void      _mv_draw_clip_arrow   (cairo_t             *cr,
                                 const MvRect        *r,
                                 gboolean             left,
                                 MvColor              color);
void      _mv_paint_background  (cairo_t             *cr,
                                 const MvRenderStyle *style,
                                 double               width,
                                 double               height);

/* ---- Views (mv-render-map.c, -table.c, -gdt.c) -------------------------- */

void          _mv_render_map_with    (cairo_t               *cr,
                                      const MvScene         *scene,
                                      const MvRenderStyle   *style,
                                      const MvMapGeometry   *geometry,
                                      double                 width,
                                      double                 height,
                                      const MvRenderOptions *options);
void          _mv_render_table_view  (cairo_t               *cr,
                                      const MvScene         *scene,
                                      const MvRenderStyle   *style,
                                      MvView                 view,
                                      double                 width,
                                      double                 height,
                                      const MvRenderOptions *options);
double        _mv_table_view_natural_height (MvPainter     *p,
                                             const MvScene *scene,
                                             MvView         view,
                                             double         width);
double        _mv_table_natural_height (MvPainter          *p,
                                        const MvSceneTable *t,
                                        double              width);
double        _mv_paint_table        (MvPainter            *p,
                                      const MvSceneTable   *t,
                                      const char           *subtitle,
                                      double                x,
                                      double                y,
                                      double                width,
                                      double                max_h);
void          _mv_render_gdt_with    (cairo_t               *cr,
                                      const MvScene         *scene,
                                      const MvRenderStyle   *style,
                                      double                 width,
                                      double                 height,
                                      const MvRenderOptions *options);
void          _mv_render_mask_with   (cairo_t               *cr,
                                      const MvMaskScene     *scene,
                                      const MvRenderStyle   *style,
                                      double                 width,
                                      double                 height,
                                      const MvRenderOptions *options);
double        _mv_mask_digit_size    (MvPainter         *p,
                                      const MvMaskScene *scene,
                                      double             width);
double        _mv_mask_natural_height (MvPainter        *p,
                                       const MvMaskScene *scene,
                                       double            width);
void          _mv_render_versions_with (cairo_t               *cr,
                                        const MvVersionsScene *scene,
                                        const MvRenderStyle   *style,
                                        double                 width,
                                        double                 height,
                                        const MvRenderOptions *options);
double        _mv_versions_natural_height (MvPainter             *p,
                                           const MvVersionsScene *scene,
                                           const MvRenderStyle   *style,
                                           double                 width);
double        _mv_gdt_natural_height (MvPainter     *p,
                                      const MvScene *scene,
                                      double         width);

G_END_DECLS
