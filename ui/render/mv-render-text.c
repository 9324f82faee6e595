/* SPDX-License-Identifier: MIT */
/* The painter's text: its fonts, text measurement with the process-wide
 * cache of text sizes and line counts, and the shaped layouts each
 * drawing thread keeps. */
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <string.h>

#include "mv-render-private.h"

/* Every geometry measures its labels, and an edit measures mostly the
 * same labels again: their logical sizes are kept, keyed by the fonts
 * and the text. The metrics are unhinted, so a size holds on every
 * surface and at every scale. Painters run in any thread. */
#define TEXT_CACHE_MAX 16384

static GMutex      text_cache_lock;
static GHashTable *text_cache;  /* key: font, families, size, text; value: MvTextSize */

static char *
text_cache_key (const MvPainter *p,
                const char      *text,
                guint            font)
{
  char font_id[2] = { (char) ('0' + font), '\0' };

  g_assert (font < 10);
  if (p->text_key_prefix == NULL)
    return g_strdup_printf ("%u\x1f%s\x1f%s\x1f%.3f\x1f%s", font, p->style->font_family,
                            p->style->mono_family, p->style->font_size, text);
  /* Without printf's floats: a painting measures thousands of texts. */
  return g_strconcat (font_id, p->text_key_prefix, text, NULL);
}

/* The part of every text's key that the painter's style gives. */
static char *
text_key_prefix_new (const MvRenderStyle *style)
{
  return g_strdup_printf ("\x1f%s\x1f%s\x1f%.3f\x1f%.3f\x1f", style->font_family, style->mono_family,
                          style->font_size, style->small_scale);
}

/* The size kept under @key, if any. */
static gboolean
text_cache_get (const char *key,
                MvTextSize *out)
{
  MvTextSize *found;

  g_mutex_lock (&text_cache_lock);
  found = text_cache != NULL ? g_hash_table_lookup (text_cache, key) : NULL;
  if (found != NULL)
    *out = *found;
  g_mutex_unlock (&text_cache_lock);
  return found != NULL;
}

/* Keeps @size under @key (taken); a full cache starts over. */
static void
text_cache_put (char             *key,
                const MvTextSize *size)
{
  g_mutex_lock (&text_cache_lock);
  if (text_cache == NULL || g_hash_table_size (text_cache) >= TEXT_CACHE_MAX)
    {
      g_clear_pointer (&text_cache, g_hash_table_unref);
      text_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
  g_hash_table_replace (text_cache, key, g_memdup2 (size, sizeof *size));
  g_mutex_unlock (&text_cache_lock);
}

/* The key of @text's line count wrapped at @width, in the way @kind says. */
static char *
text_cache_lines_key (MvPainter  *p,
                      const char *kind,
                      const char *text,
                      guint       font,
                      double      width)
{
  g_autofree char *text_key = text_cache_key (p, text, font);

  return g_strdup_printf ("%s %.2f\x1f%s", kind, width, text_key);
}

static void painter_ensure_layout (MvPainter *p);

MvTextSize
_mv_painter_measure (MvPainter  *p,
                     const char *text,
                     guint       font)
{
  g_autofree char *key = text_cache_key (p, text, font);
  PangoRectangle logical;
  MvTextSize size;

  if (text_cache_get (key, &size))
    return size;

  painter_ensure_layout (p);
  pango_layout_set_font_description (p->layout, p->fonts[font]);
  pango_layout_set_text (p->layout, text, -1);
  pango_layout_set_width (p->layout, -1);
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_get_extents (p->layout, NULL, &logical);
  size.width = (double) logical.width / PANGO_SCALE;
  size.height = (double) logical.height / PANGO_SCALE;
  text_cache_put (g_steal_pointer (&key), &size);
  return size;
}

#define MV_MAX_CELL_LINES 3


/* Where the token starting at @s ends: a run of non-spaces, or an
 * interval such as "[0x0, 0x100000000)" with what sticks to its end. */
static const char *
prose_token_end (const char *s)
{
  const char *e = s;

  if (*e == '[')
    {
      const char *close = strpbrk (e, ")]");
      guint spaces = 0;

      for (const char *c = e; close != NULL && c < close; c++)
        spaces += *c == ' ';
      if (close != NULL && close - e < 64 && spaces <= 1)
        e = close + 1;
    }
  while (*e != '\0' && *e != ' ')
    e++;
  return e;
}

/*
 * Prepares the layout for @text as prose wrapped at @width (the
 * diagnostics): lines break at spaces, so a token such as "/proc/mtrr",
 * "MtrrPhysBase1/MtrrPhysMask1" or "[0x0, 0x100000000)" stays whole when
 * it fits on a line; only a token wider than the line breaks between
 * characters. Call _mv_layout_prose_done() after.
 */
void
_mv_layout_prepare_prose (MvPainter  *p,
                          const char *text,
                          guint       font,
                          double      width)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  /* Measure the tokens first: measuring uses the layout. */
  for (const char *s = text; *s != '\0';)
    {
      const char *end;

      if (*s == ' ')
        {
          s++;
          continue;
        }
      end = prose_token_end (s);
      if (end - s > 1)
        {
          g_autofree char *token = g_strndup (s, end - s);

          if (_mv_painter_measure (p, token, font).width <= width)
            {
              PangoAttribute *keep = pango_attr_allow_breaks_new (FALSE);

              keep->start_index = s - text;
              keep->end_index = end - text;
              pango_attr_list_insert (attrs, keep);
            }
        }
      s = end;
    }

  painter_ensure_layout (p);
  pango_layout_set_font_description (p->layout, p->fonts[font]);
  pango_layout_set_text (p->layout, text, -1);
  pango_layout_set_attributes (p->layout, attrs);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_LEFT);
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_wrap (p->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (p->layout, (int) floor (width * PANGO_SCALE));
  pango_attr_list_unref (attrs);
}

void
_mv_layout_prose_done (MvPainter *p)
{
  pango_layout_set_attributes (p->layout, NULL);
  pango_layout_set_height (p->layout, -1);
  pango_layout_set_width (p->layout, -1);
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
}

/* How many lines @text takes wrapped at @width: as prose (see
 * _mv_layout_prepare_prose()), however many that is; or as a table cell, at
 * most MV_MAX_CELL_LINES + 1. */
static guint
painter_lines (MvPainter  *p,
               const char *text,
               guint       font,
               double      width,
               gboolean    prose)
{
  g_autofree char *key = NULL;
  MvTextSize size;

  if (text == NULL || *text == '\0' || width <= 0.0)
    return 1;
  if (_mv_painter_measure (p, text, font).width <= width)
    return 1;

  /* Kept with the sizes: "height" is the line count at that width. */
  key = text_cache_lines_key (p, prose ? "prose" : "wrap", text, font, width);
  if (!text_cache_get (key, &size))
    {
      size.width = width;
      if (prose)
        {
          _mv_layout_prepare_prose (p, text, font, width);
          size.height = MAX (pango_layout_get_line_count (p->layout), 1);
          _mv_layout_prose_done (p);
        }
      else
        {
          painter_ensure_layout (p);
          pango_layout_set_font_description (p->layout, p->fonts[font]);
          pango_layout_set_text (p->layout, text, -1);
          pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
          pango_layout_set_wrap (p->layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_set_width (p->layout, (int) floor (width * PANGO_SCALE));
          size.height = MIN (pango_layout_get_line_count (p->layout), MV_MAX_CELL_LINES + 1);
          pango_layout_set_width (p->layout, -1);
        }
      text_cache_put (g_steal_pointer (&key), &size);
    }
  return (guint) size.height;
}

static guint
painter_prose_lines (MvPainter  *p,
                     const char *text,
                     guint       font,
                     double      width)
{
  return painter_lines (p, text, font, width, TRUE);
}

guint
_mv_painter_wrapped_lines (MvPainter  *p,
                           const char *text,
                           guint       font,
                           double      width)
{
  return painter_lines (p, text, font, width, FALSE);
}

void
_mv_text_cache_clear (void)
{
  g_mutex_lock (&text_cache_lock);
  g_clear_pointer (&text_cache, g_hash_table_unref);
  g_mutex_unlock (&text_cache_lock);
}

/* ---- Kept layouts ---------------------------------------------------------- */

/* An edit paints mostly the same labels again: each thread that draws
 * keeps the shaped layouts of the texts it drew (keyed like the text
 * sizes, and by the wrap width for prose), on one pango context that
 * follows the target's transform and font options. Shaping was half of
 * what a map cost to paint. */
#define KEPT_LAYOUTS_MAX 4096

typedef struct
{
  PangoContext         *context;
  GHashTable           *layouts;  /* key -> PangoLayout */
  guint                 serial;   /* the context's, when the layouts were made */
  cairo_matrix_t        matrix;   /* what the context was last brought up to */
  cairo_font_options_t *surface_options;
} LayoutKeep;

static void
layout_keep_free (gpointer data)
{
  LayoutKeep *keep = data;

  g_clear_pointer (&keep->layouts, g_hash_table_unref);
  g_clear_object (&keep->context);
  g_clear_pointer (&keep->surface_options, cairo_font_options_destroy);
  g_free (keep);
}

static GPrivate layout_keep = G_PRIVATE_INIT (layout_keep_free);

static PangoContext *
context_new (void)
{
  g_autoptr(cairo_font_options_t) options = cairo_font_options_create ();
  PangoContext *context;

  /* Unhinted metrics: text is as wide at every scale and on every surface,
   * so the geometry measured once holds for PNG, SVG, PDF and the widget. */
  /* Fontconfig looks at its font folders again every 30 s and, when one
   * changed (another program writing font caches), may load a new
   * configuration while fonts of the old one are in use. The fonts a run
   * started with are enough. */
  FcConfigSetRescanInterval (NULL, 0);

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  return context;
}

/* The thread's drawing context, brought up to @cr's transform and font
 * options, and its kept layouts (dropped when the context changed). */
static PangoContext *
layout_keep_for (cairo_t     *cr,
                 GHashTable **layouts)
{
  LayoutKeep *keep = g_private_get (&layout_keep);
  g_autoptr(cairo_font_options_t) surface_options = cairo_font_options_create ();
  cairo_matrix_t m;

  if (keep == NULL)
    {
      keep = g_new0 (LayoutKeep, 1);
      keep->context = context_new ();
      keep->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_private_set (&layout_keep, keep);
    }

  /* pango_cairo_update_context() marks the context changed whenever it
   * is called (pango 1.50): only call it when what it reads changed. */
  cairo_get_matrix (cr, &m);
  cairo_surface_get_font_options (cairo_get_target (cr), surface_options);
  if (keep->surface_options == NULL ||
      !cairo_font_options_equal (keep->surface_options, surface_options) ||
      m.xx != keep->matrix.xx || m.yx != keep->matrix.yx ||
      m.xy != keep->matrix.xy || m.yy != keep->matrix.yy)
    {
      pango_cairo_update_context (cr, keep->context);
      keep->matrix = m;
      g_clear_pointer (&keep->surface_options, cairo_font_options_destroy);
      keep->surface_options = g_steal_pointer (&surface_options);
    }
  if (pango_context_get_serial (keep->context) != keep->serial ||
      g_hash_table_size (keep->layouts) >= KEPT_LAYOUTS_MAX)
    {
      g_hash_table_remove_all (keep->layouts);
      keep->serial = pango_context_get_serial (keep->context);
    }
  *layouts = keep->layouts;
  return keep->context;
}

/* Drops the calling thread's kept layouts and context. */
void
_mv_render_forget_layouts (void)
{
  g_private_replace (&layout_keep, NULL);
}

static void
painter_ensure_layout (MvPainter *p)
{
  if (p->layout != NULL)
    return;

  if (p->cr != NULL)
    p->context = g_object_ref (layout_keep_for (p->cr, &p->kept));
  else
    p->context = context_new ();
  p->layout = pango_layout_new (p->context);
  pango_layout_set_single_paragraph_mode (p->layout, TRUE);
}

/* The kept layout of @text in @font: unbounded, or wrapped as prose at
 * @prose_width when that is above 0. NULL for a painter that does not
 * draw. */
PangoLayout *
_mv_painter_kept_layout (MvPainter  *p,
                         const char *text,
                         guint       font,
                         double      prose_width)
{
  g_autofree char *text_key = NULL;
  char *key;
  PangoLayout *layout;

  if (p->kept == NULL || p->options->shape_anew)
    return NULL;
  text_key = text_cache_key (p, text, font);
  /* Prose wraps at the width in pango units: the key holds that. */
  key = prose_width > 0 ? g_strdup_printf ("prose %d\x1f%s", (int) floor (prose_width * PANGO_SCALE),
                                           text_key)
                        : g_steal_pointer (&text_key);
  layout = g_hash_table_lookup (p->kept, key);
  if (layout != NULL)
    {
      g_free (key);
      return layout;
    }

  /* Full (a paint of very many texts): the rest are shaped each time. */
  if (g_hash_table_size (p->kept) >= KEPT_LAYOUTS_MAX)
    {
      g_free (key);
      return NULL;
    }
  if (prose_width > 0)
    {
      /* The scratch layout, set up as prose, copied; then reset. */
      _mv_layout_prepare_prose (p, text, font, prose_width);
      layout = pango_layout_copy (p->layout);
      _mv_layout_prose_done (p);
    }
  else
    {
      layout = pango_layout_new (p->context);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      pango_layout_set_font_description (layout, p->fonts[font]);
      pango_layout_set_text (layout, text, -1);
    }
  g_hash_table_insert (p->kept, key, layout);
  return layout;
}

void
_mv_painter_init (MvPainter             *p,
                  cairo_t               *cr,
                  const MvRenderStyle   *style,
                  const MvRenderOptions *options)
{
  static const MvRenderOptions defaults = { 0 };

  static const struct
  {
    gboolean    mono;
    gboolean    bold;
    double      size;
  } fonts[MV_N_FONTS] = {
    [MV_TEXT_BODY] = { FALSE, FALSE, 1.0 },
    [MV_TEXT_BOLD] = { FALSE, TRUE, 1.0 },
    [MV_TEXT_SMALL] = { FALSE, FALSE, 0.85 },
    [MV_TEXT_MONO] = { TRUE, FALSE, 0.92 },
    [MV_TEXT_MONO_SMALL] = { TRUE, FALSE, 0.8 },
    [MV_TEXT_TITLE] = { FALSE, TRUE, 1.45 },
    [MV_TEXT_MARKER] = { FALSE, TRUE, 0.72 },
  };

  memset (p, 0, sizeof *p);
  p->style = style;
  p->options = options != NULL ? options : &defaults;
  p->cr = cr;
  p->log_scale = 1.0;

  /* A painter that only measures makes its pango context when a text is
   * not in the cache; one that paints takes its context's transform now. */
  if (cr != NULL)
    painter_ensure_layout (p);

  for (guint i = 0; i < MV_N_FONTS; i++)
    {
      p->fonts[i] = pango_font_description_new ();
      pango_font_description_set_family (p->fonts[i], fonts[i].mono ? style->mono_family
                                                                     : style->font_family);
      pango_font_description_set_weight (p->fonts[i], fonts[i].bold ? PANGO_WEIGHT_BOLD
                                                                     : PANGO_WEIGHT_NORMAL);
      double small = (i == MV_TEXT_SMALL || i == MV_TEXT_MONO_SMALL) && style->small_scale > 0.0
                     ? style->small_scale : 1.0;

      pango_font_description_set_absolute_size (p->fonts[i],
                                                style->font_size * fonts[i].size * small * PANGO_SCALE);
    }
  p->text_key_prefix = text_key_prefix_new (style);
  for (guint i = 0; i < MV_N_FONTS; i++)
    p->line_height[i] = ceil (_mv_painter_measure (p, "Ag", i).height);
}

void
_mv_painter_clear (MvPainter *p)
{
  for (guint i = 0; i < MV_N_FONTS; i++)
    g_clear_pointer (&p->fonts[i], pango_font_description_free);
  g_clear_pointer (&p->text_key_prefix, g_free);
  g_clear_object (&p->layout);
  g_clear_object (&p->context);
  p->shown = NULL;
  p->kept = NULL;
  for (guint i = 0; i < MV_N_PATTERNS; i++)
    g_clear_pointer (&p->tiles[i], cairo_pattern_destroy);
}

/* Starts painting a view on @cr: its background over @width x @height,
 * then a painter at @zoom (the map's; 1 for the other views). */
void
_mv_painter_begin (MvPainter             *p,
                   cairo_t               *cr,
                   const MvRenderStyle   *style,
                   const MvRenderOptions *options,
                   double                 width,
                   double                 height,
                   double                 zoom)
{
  cairo_save (cr);
  _mv_paint_background (cr, style, width, height);
  if (zoom != 1.0)
    cairo_scale (cr, zoom, zoom);
  _mv_painter_init (p, cr, style, options);
  p->log_scale = zoom;
}

/* Ends what _mv_painter_begin() started. */
void
_mv_painter_end (MvPainter *p)
{
  cairo_t *cr = p->cr;

  _mv_painter_clear (p);
  cairo_restore (cr);
}

void
_mv_layout_prepare_full (MvPainter  *p,
                         const char *text,
                         guint       font,
                         double      width,
                         gboolean    slack)
{
  painter_ensure_layout (p);
  pango_layout_set_font_description (p->layout, p->fonts[font]);
  pango_layout_set_text (p->layout, text, -1);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_LEFT);
  if (width > 0)
    {
      /* A hair of slack: widths computed as sums must not ellipsize. An
       * ellipsized line is as wide as the layout: then none. */
      if (slack)
        pango_layout_set_width (p->layout, (int) ceil ((width + 0.01) * PANGO_SCALE));
      else
        pango_layout_set_width (p->layout, (int) floor (width * PANGO_SCALE));
      pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_layout_set_width (p->layout, -1);
      pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
    }
}

void
_mv_layout_prepare (MvPainter  *p,
                    const char *text,
                    guint       font,
                    double      width)
{
  _mv_layout_prepare_full (p, text, font, width, TRUE);
}

double
_mv_painter_text_width (MvPainter  *p,
                        const char *text,
                        guint       font)
{
  return _mv_painter_measure (p, text, font).width;
}

static double
metrics_text_width (const char  *text,
                    MvTextStyle  style,
                    gpointer     data)
{
  return _mv_painter_text_width (data, text, style);
}

static guint
metrics_prose_lines (const char  *text,
                     MvTextStyle  style,
                     double       width,
                     gpointer     data)
{
  return painter_prose_lines (data, text, style, width);
}

/* Whether @text shows whole in @width as _mv_fit_text() draws it: no
 * wider, or within the hair of slack it gives before it ellipsizes. */
static gboolean
metrics_text_fits (const char  *text,
                   MvTextStyle  style,
                   double       width,
                   gpointer     data)
{
  MvPainter *p = data;
  double w = _mv_painter_measure (p, text, style).width;
  g_autofree char *text_key = NULL;
  char *key;
  MvTextSize kept;

  if (w <= width)
    return w > 0.0;

  /* Kept with the sizes: "height" is 1 when the text fits. */
  text_key = text_cache_key (p, text, style);
  key = g_strdup_printf ("fits %a\x1f%s", width, text_key);
  if (!text_cache_get (key, &kept))
    {
      PangoRectangle logical;

      _mv_layout_prepare (p, text, style, width);
      pango_layout_get_extents (p->layout, NULL, &logical);
      kept.width = width;
      kept.height = !pango_layout_is_ellipsized (p->layout) &&
                    logical.width > 0 && (double) logical.width / PANGO_SCALE <= width + 0.01;
      text_cache_put (key, &kept);
    }
  else
    g_free (key);
  return kept.height > 0.5;
}

void
mv_render_metrics_init (MvSceneMetrics      *metrics,
                        const MvRenderStyle *style)
{
  MvPainter *p = g_new0 (MvPainter, 1);

  _mv_painter_init (p, NULL, style, NULL);
  _mv_painter_metrics (p, metrics);
}

void
mv_render_metrics_clear (MvSceneMetrics *metrics)
{
  if (metrics->data != NULL)
    {
      _mv_painter_clear (metrics->data);
      g_free (metrics->data);
      metrics->data = NULL;
    }
}

void
_mv_painter_metrics (MvPainter      *p,
                     MvSceneMetrics *m)
{
  for (guint i = 0; i < MV_TEXT_N_STYLES; i++)
    m->line_height[i] = p->line_height[i];
  m->text_width = metrics_text_width;
  m->prose_lines = metrics_prose_lines;
  m->text_fits = metrics_text_fits;
  m->data = p;
}

