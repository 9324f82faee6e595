/* SPDX-License-Identifier: MIT */
/* The painters: the map, the MTRR table, the GDT bit diagram and the page
 * map table, with cairo and pango only; and output to PNG, SVG and PDF. */
#include "mv-render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <string.h>

#include "mv-render-private.h"

G_DEFINE_QUARK (mv-render-error-quark, mv_render_error)

/* A font for the diagnostic markers' numbers, after the public styles. */
#define TEXT_MARKER  MV_TEXT_N_STYLES
#define N_FONTS      (MV_TEXT_N_STYLES + 1)

#define MARGIN       16.0
#define PAD           6.0
#define CELL_PAD      8.0

/* ---- Style -------------------------------------------------------------- */

static MvColor
rgb (guint32 hex)
{
  return (MvColor) {
    ((hex >> 16) & 0xff) / 255.0,
    ((hex >> 8) & 0xff) / 255.0,
    (hex & 0xff) / 255.0,
    1.0,
  };
}

/**
 * mv_render_style_init:
 * The light or dark theme, with "Sans" and "Monospace" at 13 px.
 */
void
mv_render_style_init (MvRenderStyle *style,
                      MvTheme        theme)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->theme = theme;
  style->font_family = "Sans";
  style->mono_family = "Monospace";
  style->font_size = 13.0;

  /* Okabe & Ito's palette: orange E69F00, sky blue 56B4E9, bluish green
   * 009E73, yellow F0E442, blue 0072B2, vermillion D55E00, reddish purple
   * CC79A7. Memory types take the saturated colours; the layout kinds
   * take blue and orange and lighter or darker relatives. */
  style->fills[MV_FILL_WB] = rgb (0x009E73);
  style->fills[MV_FILL_UC] = rgb (0xD55E00);
  style->fills[MV_FILL_WC] = rgb (0x56B4E9);
  style->fills[MV_FILL_WT] = rgb (0xF0E442);
  style->fills[MV_FILL_WP] = rgb (0xCC79A7);
  style->fills[MV_FILL_RESERVED] = rgb (0x8C8C8C);
  style->fills[MV_FILL_UNDEFINED] = rgb (0x3A3A3A);
  style->fills[MV_FILL_RAM] = rgb (0x0072B2);
  style->fills[MV_FILL_MMIO] = rgb (0xE69F00);
  style->fills[MV_FILL_PCI_ECAM] = rgb (0xE8C3D8);
  style->fills[MV_FILL_PCI_MMIO] = rgb (0xF5D58A);
  style->fills[MV_FILL_VTL2] = rgb (0x4B3F8F);
  style->fills[MV_FILL_DATA] = rgb (0x44617F);
  style->fills[MV_FILL_ZERO] = rgb (0xC9CED4);

  if (theme == MV_THEME_DARK)
    {
      style->background = rgb (0x1E2124);
      style->foreground = rgb (0xE8EAED);
      style->muted = rgb (0xA0A6AD);
      style->lane = rgb (0x2A2E33);
      style->grid = rgb (0x4A5057);
      style->error = rgb (0xFF7B5C);
      style->warning = rgb (0xF0C24B);
      style->note = rgb (0x6CB8F0);
      style->fills[MV_FILL_DATA] = rgb (0x6F8FB0);
      style->fills[MV_FILL_ZERO] = rgb (0x5C636B);
      style->fills[MV_FILL_UNDEFINED] = rgb (0xD9D9D9);
      style->fills[MV_FILL_VTL2] = rgb (0x8F82D9);
      style->fills[MV_FILL_PCI_ECAM] = rgb (0x9E6487);
      style->fills[MV_FILL_PCI_MMIO] = rgb (0xA67C22);
    }
  else
    {
      style->background = rgb (0xFFFFFF);
      style->foreground = rgb (0x1F2328);
      style->muted = rgb (0x5F6670);
      style->lane = rgb (0xF1F3F5);
      style->grid = rgb (0xC4C9CF);
      style->error = rgb (0xC0392B);
      style->warning = rgb (0xB7791F);
      style->note = rgb (0x1F6FB2);
    }
}

gboolean
mv_theme_from_string (const char *text,
                      MvTheme    *out)
{
  if (g_strcmp0 (text, "light") == 0)
    *out = MV_THEME_LIGHT;
  else if (g_strcmp0 (text, "dark") == 0)
    *out = MV_THEME_DARK;
  else
    return FALSE;
  return TRUE;
}

static const char *const view_names[] = { "map", "mtrr", "gdt", "pages", "all" };

gboolean
mv_view_from_string (const char *text,
                     MvView     *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    if (g_strcmp0 (text, view_names[i]) == 0)
      {
        *out = (MvView) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mv_view_to_string (MvView view)
{
  g_return_val_if_fail (view <= MV_VIEW_ALL, NULL);
  return view_names[view];
}

gboolean
mv_format_from_path (const char *path,
                     MvFormat   *out,
                     GError    **error)
{
  const char *dot = path != NULL ? strrchr (path, '.') : NULL;

  if (dot != NULL && g_ascii_strcasecmp (dot, ".png") == 0)
    *out = MV_FORMAT_PNG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".svg") == 0)
    *out = MV_FORMAT_SVG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".pdf") == 0)
    *out = MV_FORMAT_PDF;
  else
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_FORMAT,
                   "%s: the file name must end in .png, .svg or .pdf", path ? path : "(null)");
      return FALSE;
    }
  return TRUE;
}

void
mv_render_label_clear (MvRenderLabel *label)
{
  g_clear_pointer (&label->string, g_free);
}

/* ---- Colours -------------------------------------------------------------- */

static MvColor
mix (MvColor a,
     MvColor b,
     double  t)
{
  return (MvColor) {
    a.red + (b.red - a.red) * t,
    a.green + (b.green - a.green) * t,
    a.blue + (b.blue - a.blue) * t,
    a.alpha + (b.alpha - a.alpha) * t,
  };
}

static double
channel (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (MvColor c)
{
  return 0.2126 * channel (c.red) + 0.7152 * channel (c.green) + 0.0722 * channel (c.blue);
}

static double
contrast (MvColor a,
          MvColor b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* Black or white, whichever reads better on @c. */
static MvColor
text_on (MvColor c)
{
  MvColor dark = rgb (0x111111);
  MvColor light = rgb (0xFFFFFF);

  return contrast (c, dark) >= contrast (c, light) ? dark : light;
}

static void
set_color (cairo_t *cr,
           MvColor  c)
{
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, c.alpha);
}

static void
set_color_alpha (cairo_t *cr,
                 MvColor  c,
                 double   alpha)
{
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, c.alpha * alpha);
}

/* ---- Painter -------------------------------------------------------------- */

/* The hatchings that tell memory types apart besides their colours. */
typedef enum
{
  PATTERN_NONE,
  PATTERN_DIAGONAL,
  PATTERN_BACK_DIAGONAL,
  PATTERN_CROSS,
  PATTERN_HORIZONTAL,
  PATTERN_VERTICAL,
  PATTERN_DOTS,
  PATTERN_GRID,
  N_PATTERNS
} Pattern;

typedef struct
{
  const MvRenderStyle  *style;
  cairo_t              *cr;
  PangoContext         *context;
  PangoLayout          *layout;      /* scratch: set up anew for each text */
  PangoLayout          *shown;       /* what fit_text() prepared: layout or a kept one */
  gboolean              ellipsized;  /* whether shown is */
  GHashTable           *kept;        /* the thread's kept layouts; painters that draw */
  PangoFontDescription *fonts[N_FONTS];
  double                line_height[N_FONTS];
  double                offset_x;
  double                log_scale;   /* the map's zoom: logs are in view units */
  cairo_pattern_t      *tiles[N_PATTERNS];  /* see draw_pattern() */
  int                   tile_scale;
} Painter;

/* ---- Text measures ----------------------------------------------------------------- */

/* Every geometry measures its labels, and an edit measures mostly the
 * same labels again: their logical sizes are kept, keyed by the fonts
 * and the text. The metrics are unhinted, so a size holds on every
 * surface and at every scale. Painters run in any thread. */
typedef struct
{
  double width;
  double height;
} TextSize;

#define TEXT_CACHE_MAX 16384

static GMutex      text_cache_lock;
static GHashTable *text_cache;  /* key: font, families, size, text; value: TextSize */

static char *
text_cache_key (const Painter *p,
                const char    *text,
                guint          font)
{
  return g_strdup_printf ("%u\x1f%s\x1f%s\x1f%.3f\x1f%s", font, p->style->font_family,
                          p->style->mono_family, p->style->font_size, text);
}

/* The size kept under @key, if any. */
static gboolean
text_cache_get (const char *key,
                TextSize   *out)
{
  TextSize *found;

  g_mutex_lock (&text_cache_lock);
  found = text_cache != NULL ? g_hash_table_lookup (text_cache, key) : NULL;
  if (found != NULL)
    *out = *found;
  g_mutex_unlock (&text_cache_lock);
  return found != NULL;
}

/* Keeps @size under @key (taken); a full cache starts over. */
static void
text_cache_put (char           *key,
                const TextSize *size)
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
text_cache_lines_key (Painter    *p,
                      const char *kind,
                      const char *text,
                      guint       font,
                      double      width)
{
  g_autofree char *text_key = text_cache_key (p, text, font);

  return g_strdup_printf ("%s %.2f\x1f%s", kind, width, text_key);
}

static void painter_ensure_layout (Painter *p);

static TextSize
painter_measure (Painter    *p,
                 const char *text,
                 guint       font)
{
  g_autofree char *key = text_cache_key (p, text, font);
  PangoRectangle logical;
  TextSize size;

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

#define MAX_CELL_LINES 3


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
 * characters. Call layout_prose_done() after.
 */
static void
layout_prepare_prose (Painter    *p,
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

          if (painter_measure (p, token, font).width <= width)
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

static void
layout_prose_done (Painter *p)
{
  pango_layout_set_attributes (p->layout, NULL);
  pango_layout_set_height (p->layout, -1);
  pango_layout_set_width (p->layout, -1);
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
}

/* How many lines @text takes wrapped at @width: as prose (see
 * layout_prepare_prose()), however many that is; or as a table cell, at
 * most MAX_CELL_LINES + 1. */
static guint
painter_lines (Painter    *p,
               const char *text,
               guint       font,
               double      width,
               gboolean    prose)
{
  g_autofree char *key = NULL;
  TextSize size;

  if (text == NULL || *text == '\0' || width <= 0.0)
    return 1;
  if (painter_measure (p, text, font).width <= width)
    return 1;

  /* Kept with the sizes: "height" is the line count at that width. */
  key = text_cache_lines_key (p, prose ? "prose" : "wrap", text, font, width);
  if (!text_cache_get (key, &size))
    {
      size.width = width;
      if (prose)
        {
          layout_prepare_prose (p, text, font, width);
          size.height = MAX (pango_layout_get_line_count (p->layout), 1);
          layout_prose_done (p);
        }
      else
        {
          painter_ensure_layout (p);
          pango_layout_set_font_description (p->layout, p->fonts[font]);
          pango_layout_set_text (p->layout, text, -1);
          pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
          pango_layout_set_wrap (p->layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_set_width (p->layout, (int) floor (width * PANGO_SCALE));
          size.height = MIN (pango_layout_get_line_count (p->layout), MAX_CELL_LINES + 1);
          pango_layout_set_width (p->layout, -1);
        }
      text_cache_put (g_steal_pointer (&key), &size);
    }
  return (guint) size.height;
}

static guint
painter_prose_lines (Painter    *p,
                     const char *text,
                     guint       font,
                     double      width)
{
  return painter_lines (p, text, font, width, TRUE);
}

static guint
painter_wrapped_lines (Painter    *p,
                       const char *text,
                       guint       font,
                       double      width)
{
  return painter_lines (p, text, font, width, FALSE);
}

static void
text_cache_clear (void)
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

gboolean _mv_render_keep_layouts = TRUE;

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
painter_ensure_layout (Painter *p)
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
static PangoLayout *
painter_kept_layout (Painter    *p,
                     const char *text,
                     guint       font,
                     double      prose_width)
{
  g_autofree char *text_key = NULL;
  char *key;
  PangoLayout *layout;

  if (p->kept == NULL || !_mv_render_keep_layouts)
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
      layout_prepare_prose (p, text, font, prose_width);
      layout = pango_layout_copy (p->layout);
      layout_prose_done (p);
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

static void
painter_init (Painter             *p,
              cairo_t             *cr,
              const MvRenderStyle *style)
{
  static const struct
  {
    gboolean    mono;
    gboolean    bold;
    double      size;
  } fonts[N_FONTS] = {
    [MV_TEXT_BODY] = { FALSE, FALSE, 1.0 },
    [MV_TEXT_BOLD] = { FALSE, TRUE, 1.0 },
    [MV_TEXT_SMALL] = { FALSE, FALSE, 0.85 },
    [MV_TEXT_MONO] = { TRUE, FALSE, 0.92 },
    [MV_TEXT_MONO_SMALL] = { TRUE, FALSE, 0.8 },
    [MV_TEXT_TITLE] = { FALSE, TRUE, 1.45 },
    [TEXT_MARKER] = { FALSE, TRUE, 0.72 },
  };

  memset (p, 0, sizeof *p);
  p->style = style;
  p->cr = cr;
  p->log_scale = 1.0;

  /* A painter that only measures makes its pango context when a text is
   * not in the cache; one that paints takes its context's transform now. */
  if (cr != NULL)
    painter_ensure_layout (p);

  for (guint i = 0; i < N_FONTS; i++)
    {
      p->fonts[i] = pango_font_description_new ();
      pango_font_description_set_family (p->fonts[i], fonts[i].mono ? style->mono_family
                                                                     : style->font_family);
      pango_font_description_set_weight (p->fonts[i], fonts[i].bold ? PANGO_WEIGHT_BOLD
                                                                     : PANGO_WEIGHT_NORMAL);
      pango_font_description_set_absolute_size (p->fonts[i],
                                                style->font_size * fonts[i].size * PANGO_SCALE);
    }
  for (guint i = 0; i < N_FONTS; i++)
    p->line_height[i] = ceil (painter_measure (p, "Ag", i).height);
}

static void
painter_clear (Painter *p)
{
  for (guint i = 0; i < N_FONTS; i++)
    g_clear_pointer (&p->fonts[i], pango_font_description_free);
  g_clear_object (&p->layout);
  g_clear_object (&p->context);
  p->shown = NULL;
  p->kept = NULL;
  for (guint i = 0; i < N_PATTERNS; i++)
    g_clear_pointer (&p->tiles[i], cairo_pattern_destroy);
}

static void
layout_prepare_full (Painter     *p,
                     const char  *text,
                     guint        font,
                     double       width,
                     gboolean     slack)
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

static void
layout_prepare (Painter     *p,
                const char  *text,
                guint        font,
                double       width)
{
  layout_prepare_full (p, text, font, width, TRUE);
}

static double
painter_text_width (Painter    *p,
                    const char *text,
                    guint       font)
{
  return painter_measure (p, text, font).width;
}

static double
metrics_text_width (const char  *text,
                    MvTextStyle  style,
                    gpointer     data)
{
  return painter_text_width (data, text, style);
}

static guint
metrics_prose_lines (const char  *text,
                     MvTextStyle  style,
                     double       width,
                     gpointer     data)
{
  return painter_prose_lines (data, text, style, width);
}

void
mv_render_metrics_init (MvSceneMetrics      *metrics,
                        const MvRenderStyle *style)
{
  Painter *p = g_new0 (Painter, 1);

  painter_init (p, NULL, style);
  for (guint i = 0; i < MV_TEXT_N_STYLES; i++)
    metrics->line_height[i] = p->line_height[i];
  metrics->text_width = metrics_text_width;
  metrics->prose_lines = metrics_prose_lines;
  metrics->data = p;
}

void
mv_render_metrics_clear (MvSceneMetrics *metrics)
{
  if (metrics->data != NULL)
    {
      painter_clear (metrics->data);
      g_free (metrics->data);
      metrics->data = NULL;
    }
}

static void
painter_metrics (Painter        *p,
                 MvSceneMetrics *m)
{
  for (guint i = 0; i < MV_TEXT_N_STYLES; i++)
    m->line_height[i] = p->line_height[i];
  m->text_width = metrics_text_width;
  m->prose_lines = metrics_prose_lines;
  m->data = p;
}

typedef enum
{
  ALIGN_START,
  ALIGN_CENTER,
  ALIGN_END,
} Align;

/*
 * Fits @text inside @box: shortened with an ellipsis when too wide; FALSE
 * when not even a letter and the ellipsis fit, or when the box is not as
 * tall as a line. On success the painter's layout is ready to show and
 * @out holds the text's rectangle.
 */
static gboolean
fit_text (Painter      *p,
          const char   *text,
          guint         font,
          const MvRect *box,
          Align         align,
          MvRect       *out)
{
  PangoRectangle logical;
  double x, y, w, h;

  if (text == NULL || *text == '\0' || box->width < 1.0)
    return FALSE;
  if (p->line_height[font] > box->height + 0.5)
    return FALSE;

  /* Most texts fit whole: their kept layout shows as is. */
  p->shown = painter_measure (p, text, font).width <= box->width
             ? painter_kept_layout (p, text, font, 0) : NULL;
  p->ellipsized = FALSE;
  if (p->shown != NULL)
    pango_layout_get_extents (p->shown, NULL, &logical);
  if (p->shown == NULL || (double) logical.width / PANGO_SCALE > box->width)
    {
      layout_prepare (p, text, font, box->width);
      p->shown = p->layout;
      p->ellipsized = pango_layout_is_ellipsized (p->layout);
      if (p->ellipsized)
        {
          /* Only worth it when some of the text shows. */
          const char *second = g_utf8_next_char (text);
          g_autofree char *first = g_strndup (text, second - text);
          g_autofree char *stub = g_strconcat (first, "\u2026", NULL);

          if (*second == '\0' || painter_text_width (p, stub, font) > box->width)
            return FALSE;
          layout_prepare_full (p, text, font, box->width, FALSE);
        }
      pango_layout_get_extents (p->layout, NULL, &logical);
    }
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;
  if (w > box->width + 0.01 || w <= 0.0)
    return FALSE;

  switch (align)
    {
    case ALIGN_CENTER:
      x = box->x + (box->width - w) / 2;
      break;
    case ALIGN_END:
      x = box->x + box->width - w;
      break;
    case ALIGN_START:
    default:
      x = box->x;
      break;
    }
  y = box->y + (box->height - h) / 2;
  p->offset_x = (double) logical.x / PANGO_SCALE;
  *out = (MvRect) { x, y, w, h };
  return TRUE;
}

/* Shows the layout fit_text() prepared. */
static void
show_fitted (Painter      *p,
             const char   *text,
             const MvRect *box,
             const MvRect *where,
             MvColor       color)
{
  /* The layout is width-limited: its text starts at offset_x. */
  cairo_move_to (p->cr, where->x - p->offset_x, where->y);
  set_color (p->cr, color);
  pango_cairo_show_layout (p->cr, p->shown);

  if (p->style->log != NULL)
    {
      double k = p->log_scale;
      MvRenderLabel label = {
        { box->x * k, box->y * k, box->width * k, box->height * k },
        { where->x * k, where->y * k, where->width * k, where->height * k },
        g_strdup (text),
      };

      g_array_append_val (p->style->log, label);
    }
}

/* Draws @text inside @box (see fit_text()). Returns whether it drew. */
static gboolean
draw_text (Painter      *p,
           const char   *text,
           guint         font,
           const MvRect *box,
           Align         align,
           MvColor       color,
           MvRect       *out)
{
  MvRect where;

  if (!fit_text (p, text, font, box, align, &where))
    return FALSE;
  show_fitted (p, text, box, &where, color);
  if (out != NULL)
    *out = where;
  return TRUE;
}

/* Draws @text wrapped into @box, as many lines as fit (the last one
 * ellipsized). */
static gboolean
draw_text_wrapped (Painter      *p,
                   const char   *text,
                   guint         font,
                   const MvRect *box,
                   MvColor       color)
{
  PangoRectangle logical;
  int lines = (int) floor ((box->height + 0.5) / p->line_height[font]);
  MvRect where;

  if (lines <= 1)
    return draw_text (p, text, font, box, ALIGN_START, color, NULL);

  layout_prepare_full (p, text, font, box->width, FALSE);
  pango_layout_set_wrap (p->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (p->layout, -lines);
  pango_layout_get_extents (p->layout, NULL, &logical);
  where = (MvRect) { box->x, box->y, (double) logical.width / PANGO_SCALE,
                     (double) logical.height / PANGO_SCALE };
  p->offset_x = (double) logical.x / PANGO_SCALE;
  if (where.width > box->width + 0.01 || where.height > box->height + 0.5)
    {
      pango_layout_set_height (p->layout, -1);
      return FALSE;
    }
  p->shown = p->layout;
  show_fitted (p, text, box, &where, color);
  pango_layout_set_height (p->layout, -1);
  return TRUE;
}

/* Draws @text as prose (see layout_prepare_prose()) in @box, which the
 * geometry made as tall as its lines; in a shorter box, as many lines as
 * fit, the last one ellipsized. */
static gboolean
draw_text_prose (Painter      *p,
                 const char   *text,
                 guint         font,
                 const MvRect *box,
                 MvColor       color)
{
  PangoRectangle logical;
  int lines = (int) floor ((box->height + 0.5) / p->line_height[font]);
  MvRect where;
  gboolean fits;

  if (text == NULL || *text == '\0' || lines < 1 || box->width < 1.0)
    return FALSE;

  /* Prose is drawn whole, from its kept layout, when its lines fit. */
  p->shown = painter_kept_layout (p, text, font, box->width);
  if (p->shown != NULL && pango_layout_get_line_count (p->shown) > lines)
    p->shown = NULL;
  if (p->shown == NULL)
    {
      layout_prepare_prose (p, text, font, box->width);
      if (pango_layout_get_line_count (p->layout) > lines)
        {
          pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_height (p->layout, -lines);
        }
      p->shown = p->layout;
    }
  pango_layout_get_extents (p->shown, NULL, &logical);
  where = (MvRect) { box->x, box->y, (double) logical.width / PANGO_SCALE,
                     (double) logical.height / PANGO_SCALE };
  p->offset_x = (double) logical.x / PANGO_SCALE;
  fits = where.width <= box->width + 0.01 && where.height <= box->height + 0.5;
  if (fits)
    show_fitted (p, text, box, &where, color);
  if (p->shown == p->layout)
    layout_prose_done (p);
  return fits;
}

/* ---- Shapes and patterns ------------------------------------------------------ */


static Pattern
fill_pattern (MvFill fill)
{
  switch (fill)
    {
    case MV_FILL_UC: return PATTERN_DIAGONAL;
    case MV_FILL_WC: return PATTERN_DOTS;
    case MV_FILL_WT: return PATTERN_HORIZONTAL;
    case MV_FILL_WP: return PATTERN_CROSS;
    case MV_FILL_RESERVED: return PATTERN_VERTICAL;
    case MV_FILL_UNDEFINED: return PATTERN_GRID;
    case MV_FILL_MMIO: return PATTERN_BACK_DIAGONAL;
    case MV_FILL_PCI_ECAM: return PATTERN_VERTICAL;
    case MV_FILL_PCI_MMIO: return PATTERN_GRID;
    case MV_FILL_VTL2: return PATTERN_DOTS;
    case MV_FILL_ZERO: return PATTERN_DOTS;
    case MV_FILL_WB:
    case MV_FILL_RAM:
    case MV_FILL_DATA:
    default:
      return PATTERN_NONE;
    }
}

static void
rounded_rect (cairo_t      *cr,
              const MvRect *r,
              double        radius)
{
  double rad = MIN (radius, MIN (r->width, r->height) / 2);

  if (rad < 0.5)
    {
      cairo_rectangle (cr, r->x, r->y, r->width, r->height);
      return;
    }
  cairo_new_sub_path (cr);
  cairo_arc (cr, r->x + r->width - rad, r->y + rad, rad, -G_PI / 2, 0);
  cairo_arc (cr, r->x + r->width - rad, r->y + r->height - rad, rad, 0, G_PI / 2);
  cairo_arc (cr, r->x + rad, r->y + r->height - rad, rad, G_PI / 2, G_PI);
  cairo_arc (cr, r->x + rad, r->y + rad, rad, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* The period of each pattern, in view units. */
static const struct
{
  double width;
  double height;
} pattern_period[N_PATTERNS] = {
  [PATTERN_DIAGONAL] = { 7, 7 },
  [PATTERN_BACK_DIAGONAL] = { 7, 7 },
  [PATTERN_CROSS] = { 7, 7 },
  [PATTERN_HORIZONTAL] = { 5, 5 },
  [PATTERN_VERTICAL] = { 6, 6 },
  [PATTERN_DOTS] = { 6, 12 },
  [PATTERN_GRID] = { 8, 8 },
};

/*
 * Adds the path of @pattern over [x0, x1) x [y0, y1), anchored to the
 * page: every pattern repeats with its period from the origin, so that
 * neighbouring bars' hatching lines up and a tile of one period repeats
 * it exactly. Returns whether the path is to be filled (dots) rather than
 * stroked.
 */
static gboolean
pattern_path (cairo_t *cr,
              Pattern  pattern,
              double   x0,
              double   y0,
              double   x1,
              double   y1)
{
  switch (pattern)
    {
    case PATTERN_DIAGONAL:
    case PATTERN_BACK_DIAGONAL:
    case PATTERN_CROSS:
      {
        /* "/" lines where x + y is a multiple of 7, "\\" ones where
         * x - y is; each runs a step past the box on both ends. */
        const double step = 7.0;

        if (pattern != PATTERN_BACK_DIAGONAL)
          for (double c = floor ((x0 + y0) / step) * step - step; c <= x1 + y1 + step; c += step)
            {
              cairo_move_to (cr, c - y1 - step, y1 + step);
              cairo_line_to (cr, c - y0 + step, y0 - step);
            }
        if (pattern != PATTERN_DIAGONAL)
          for (double c = floor ((x0 - y1) / step) * step - step; c <= x1 - y0 + step; c += step)
            {
              cairo_move_to (cr, c + y0 - step, y0 - step);
              cairo_line_to (cr, c + y1 + step, y1 + step);
            }
      }
      return FALSE;

    case PATTERN_HORIZONTAL:
      for (double y = floor (y0 / 5.0) * 5.0 + 2.5; y < y1 + 5.0; y += 5.0)
        {
          cairo_move_to (cr, x0, y);
          cairo_line_to (cr, x1, y);
        }
      return FALSE;

    case PATTERN_VERTICAL:
      for (double x = floor (x0 / 6.0) * 6.0 + 3.0; x < x1 + 6.0; x += 6.0)
        {
          cairo_move_to (cr, x, y0);
          cairo_line_to (cr, x, y1);
        }
      return FALSE;

    case PATTERN_GRID:
      for (double x = floor (x0 / 8.0) * 8.0 + 4.0; x < x1 + 8.0; x += 8.0)
        {
          cairo_move_to (cr, x, y0);
          cairo_line_to (cr, x, y1);
        }
      for (double y = floor (y0 / 8.0) * 8.0 + 4.0; y < y1 + 8.0; y += 8.0)
        {
          cairo_move_to (cr, x0, y);
          cairo_line_to (cr, x1, y);
        }
      return FALSE;

    case PATTERN_DOTS:
      /* Rows 6 apart, every other one shifted by half a step. */
      for (double y = floor (y0 / 6.0) * 6.0 - 3.0; y < y1 + 6.0; y += 6.0)
        {
          double shift = fmod (floor (y / 6.0), 2.0) == 0.0 ? 0.0 : 3.0;

          for (double x = floor (x0 / 6.0) * 6.0 - 6.0 + shift; x < x1 + 6.0; x += 6.0)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, x, y, 1.15, 0, 2 * G_PI);
            }
        }
      return TRUE;

    case PATTERN_NONE:
    case N_PATTERNS:
    default:
      return FALSE;
    }
}

static void
pattern_draw (cairo_t *cr,
              Pattern  pattern,
              double   x0,
              double   y0,
              double   x1,
              double   y1)
{
  cairo_set_line_width (cr, 1.2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  if (pattern_path (cr, pattern, x0, y0, x1, y1))
    cairo_fill (cr);
  else
    cairo_stroke (cr);
}

MvRenderPatterns _mv_render_patterns = MV_RENDER_PATTERNS_AUTO;

/*
 * How many device pixels a unit of @cr is, when the
 * patterns may be painted from tiles of whole pixels: a raster target (an
 * image, or the widget's recording surface, which the window shows at
 * the style's pixel scale), a transform that only scales and translates,
 * a whole number of pixels per unit, and an origin on a pixel's corner.
 * 0 otherwise: then the patterns are drawn as vectors (SVG, PDF, odd
 * scales and offsets).
 */
int
_mv_render_pattern_tile_scale (cairo_t             *cr,
                               const MvRenderStyle *style)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_matrix_t m;
  double sx = 1.0, sy = 1.0, scale;

  if (_mv_render_patterns != MV_RENDER_PATTERNS_AUTO)
    return 0;
  switch (cairo_surface_get_type (target))
    {
    case CAIRO_SURFACE_TYPE_IMAGE:
      break;
    case CAIRO_SURFACE_TYPE_RECORDING:
      sx = sy = style->pixel_scale > 0 ? style->pixel_scale : 1.0;
      break;
    default:
      return 0;
    }

  cairo_get_matrix (cr, &m);
  if (m.xy != 0.0 || m.yx != 0.0 || m.xx != m.yy || m.xx <= 0.0)
    return 0;
  {
    double dx, dy;

    cairo_surface_get_device_scale (target, &dx, &dy);
    if (dx != dy)
      return 0;
    scale = m.xx * dx * sx;
  }
  if (sx != sy || fabs (scale - round (scale)) > 1e-9 || scale < 1.0 || scale > 8.0)
    return 0;
  {
    /* The tiles start at the origin: it must fall on a pixel's corner. */
    double ox = 0.0, oy = 0.0;

    cairo_user_to_device (cr, &ox, &oy);
    ox *= sx;
    oy *= sy;
    if (fabs (ox - round (ox)) > 1e-6 || fabs (oy - round (oy)) > 1e-6)
      return 0;
  }
  return (int) round (scale);
}

/* A mask that repeats @pattern, one period of it in whole pixels at
 * @scale pixels per unit, anchored to the origin. */
static cairo_pattern_t *
pattern_tile_new (Pattern pattern,
                  int     scale)
{
  int w = (int) pattern_period[pattern].width * scale;
  int h = (int) pattern_period[pattern].height * scale;
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_A8, w, h);
  cairo_t *cr = cairo_create (tile);
  cairo_pattern_t *mask;
  cairo_matrix_t m;

  cairo_scale (cr, scale, scale);
  pattern_draw (cr, pattern, 0, 0, pattern_period[pattern].width, pattern_period[pattern].height);
  cairo_destroy (cr);

  mask = cairo_pattern_create_for_surface (tile);
  cairo_surface_destroy (tile);
  cairo_pattern_set_extend (mask, CAIRO_EXTEND_REPEAT);
  cairo_matrix_init_scale (&m, scale, scale);
  cairo_pattern_set_matrix (mask, &m);
  return mask;
}

/*
 * Strokes @pattern over @r (clipped to it). On raster targets at whole
 * pixel scales it paints a tile of one period, repeated: the same pixels
 * as the vectors, at a small part of their cost (a pattern's lines and
 * dots are most of what the map costs to draw).
 */
static void
draw_pattern (Painter      *p,
              const MvRect *r,
              Pattern       pattern,
              MvColor       color,
              double        alpha)
{
  cairo_t *cr = p->cr;
  int scale;

  if (pattern == PATTERN_NONE || r->width < 1.0 || r->height < 1.0 ||
      _mv_render_patterns == MV_RENDER_PATTERNS_NONE)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  cairo_clip (cr);
  set_color_alpha (cr, color, alpha);

  scale = _mv_render_pattern_tile_scale (cr, p->style);
  if (scale > 0)
    {
      if (p->tiles[pattern] == NULL || p->tile_scale != scale)
        {
          for (guint i = 0; i < N_PATTERNS; i++)
            g_clear_pointer (&p->tiles[i], cairo_pattern_destroy);
          p->tile_scale = scale;
          p->tiles[pattern] = pattern_tile_new (pattern, scale);
        }
      cairo_mask (cr, p->tiles[pattern]);
    }
  else
    pattern_draw (cr, pattern, r->x, r->y, r->x + r->width, r->y + r->height);
  cairo_restore (cr);
}

typedef struct
{
  MvColor fill;
  MvColor border;
  MvColor text;
  MvColor pattern;
  double  pattern_alpha;
  gboolean hollow;
} BarLook;

static BarLook
bar_look (const MvRenderStyle *style,
          MvFill               fill,
          MvItemFlags          flags)
{
  BarLook look;
  MvColor base = style->fills[fill];
  gboolean dark = style->theme == MV_THEME_DARK;

  if (flags & MV_ITEM_ALT)
    base = mix (base, rgb (0xFFFFFF), dark ? 0.2 : 0.3);
  if (flags & MV_ITEM_DISABLED)
    base = mix (mix (base, rgb (0x808080), 0.75), style->background, 0.3);

  look.fill = base;
  look.text = text_on (base);
  look.pattern = look.text;
  look.pattern_alpha = 0.3;
  look.border = mix (base, dark ? rgb (0xFFFFFF) : rgb (0x000000), 0.3);
  look.hollow = (flags & MV_ITEM_MATCHED) != 0;
  if (look.hollow)
    {
      look.fill = mix (style->background, base, dark ? 0.28 : 0.2);
      look.text = style->foreground;
      look.pattern = base;
      look.pattern_alpha = 0.75;
      look.border = base;
    }
  return look;
}

static void
draw_bar (Painter             *p,
          const MvRect        *r,
          MvFill               fill,
          MvItemFlags          flags,
          BarLook             *look_out)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;
  BarLook look = bar_look (style, fill, flags);
  MvRect in = *r;
  /* Thin bars (thousands of page runs) stay cheap: square, no pattern. */
  double radius = r->width >= 8.0 ? 3.0 : 0.0;

  /* A hairline between touching bars. */
  if (in.width > 3.0)
    {
      in.x += 0.5;
      in.width -= 1.0;
    }

  rounded_rect (cr, &in, radius);
  set_color (cr, look.fill);
  cairo_fill (cr);

  if (in.width < 4.0)
    ;
  else if (look.hollow)
    draw_pattern (p, &in, PATTERN_DIAGONAL, look.pattern, look.pattern_alpha);
  else
    draw_pattern (p, &in, fill_pattern (fill), look.pattern, look.pattern_alpha);

  if (in.width > 2.0)
    {
      MvRect b = { in.x + 0.5, in.y + 0.5, in.width - 1.0, in.height - 1.0 };

      rounded_rect (cr, &b, radius);
      set_color (cr, look.border);
      cairo_set_line_width (cr, look.hollow ? 1.5 : 1.0);
      if (look.hollow)
        {
          static const double dash[] = { 4.0, 3.0 };

          cairo_set_dash (cr, dash, 2, 0);
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  if (flags & MV_ITEM_ERROR)
    {
      MvRect b = { in.x - 1.0, in.y - 1.0, in.width + 2.0, in.height + 2.0 };

      rounded_rect (cr, &b, radius + 1);
      set_color (cr, style->error);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }

  if (look_out != NULL)
    *look_out = look;
}

/* Text over a pattern sits on a plate of the bar's own colour. */
static void
draw_plate (cairo_t      *cr,
            const MvRect *text,
            const MvRect *bar,
            MvColor       color)
{
  MvRect plate = { text->x - 3.0, text->y, text->width + 6.0, text->height };
  double x0 = MAX (plate.x, bar->x + 1.0);
  double x1 = MIN (plate.x + plate.width, bar->x + bar->width - 1.0);

  plate.x = x0;
  plate.width = MAX (0.0, x1 - x0);
  rounded_rect (cr, &plate, 2.0);
  set_color (cr, color);
  cairo_fill (cr);
}

/* A label inside a bar, on a plate when the bar has a pattern. A text
 * "A \u00b7 B" that does not fit whole shortens to "A", then to "B" (a
 * whole size or register name says more than a cut address), before "A"
 * takes an ellipsis. */
static void
bar_label (Painter        *p,
           const char     *text,
           guint           font,
           const MvRect   *box,
           const MvRect   *bar,
           const BarLook  *look,
           gboolean        plate)
{
  MvRect where;
  const char *dot = text != NULL ? strstr (text, " \u00b7 ") : NULL;
  g_autofree char *head = NULL;

  if (dot != NULL && painter_text_width (p, text, font) > box->width)
    {
      const char *tail = dot + strlen (" \u00b7 ");

      head = g_strndup (text, dot - text);
      if (painter_text_width (p, head, font) <= box->width)
        text = head;
      else if (strstr (tail, " \u00b7 ") == NULL && painter_text_width (p, tail, font) <= box->width)
        text = tail;
      else
        text = head;
    }
  if (!fit_text (p, text, font, box, ALIGN_CENTER, &where))
    return;
  if (plate)
    draw_plate (p->cr, &where, bar, look->fill);
  show_fitted (p, text, box, &where, look->text);
}

/* ---- Markers ------------------------------------------------------------------- */

static MvColor
severity_color (const MvRenderStyle *style,
                MvMarkSeverity       severity)
{
  switch (severity)
    {
    case MV_MARK_ERROR: return style->error;
    case MV_MARK_WARNING: return style->warning;
    case MV_MARK_NOTE:
    default: return style->note;
    }
}

/* Error: a circle; warning: a triangle; note: a square. The shape and the
 * word in the list say what the colour says. */
static void
draw_marker (Painter        *p,
             const MvRect   *r,
             MvMarkSeverity  severity,
             guint           number)
{
  cairo_t *cr = p->cr;
  MvColor c = severity_color (p->style, severity);
  double cx = r->x + r->width / 2, cy = r->y + r->height / 2, s = r->width;
  g_autofree char *text = g_strdup_printf ("%u", number);
  MvRect box = *r;

  cairo_new_path (cr);
  switch (severity)
    {
    case MV_MARK_ERROR:
      cairo_arc (cr, cx, cy, s / 2, 0, 2 * G_PI);
      break;
    case MV_MARK_WARNING:
      cairo_move_to (cr, cx, r->y - 1.5);
      cairo_line_to (cr, r->x + s + 1.5, r->y + s);
      cairo_line_to (cr, r->x - 1.5, r->y + s);
      cairo_close_path (cr);
      box.y += s * 0.18;
      box.height -= s * 0.18;
      break;
    case MV_MARK_NOTE:
    default:
      {
        MvRect sq = { r->x + 0.5, r->y + 0.5, s - 1.0, s - 1.0 };

        rounded_rect (cr, &sq, 2.0);
      }
      break;
    }
  set_color (cr, c);
  cairo_fill_preserve (cr);
  set_color (cr, p->style->background);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  {
    MvRect wide = { box.x - 2.0, box.y, box.width + 4.0, box.height };

    draw_text (p, text, TEXT_MARKER, &wide, ALIGN_CENTER, text_on (c), NULL);
  }
}

/* ---- The map ------------------------------------------------------------------- */

/* A compressed span: a gap in the background colour from @top to
 * @bottom, and a "//" across it at each of the @n_marks heights @marks
 * (or in the middle when there are none). */
static void
draw_break (cairo_t             *cr,
            const MvRenderStyle *style,
            double               x,
            double               top,
            double               bottom,
            const double        *marks,
            guint                n_marks)
{
  const double half = 3.0, slant = 4.0, rise = 4.5;
  double mid = (top + bottom) / 2;

  cairo_rectangle (cr, x - half, top, 2 * half, bottom - top);
  set_color (cr, style->background);
  cairo_fill (cr);

  if (n_marks == 0)
    {
      marks = &mid;
      n_marks = 1;
    }
  set_color (cr, style->muted);
  cairo_set_line_width (cr, 1.5);
  for (guint i = 0; i < n_marks; i++)
    {
      double y = marks[i];
      double r = MIN (rise, (bottom - top) / 2);

      cairo_move_to (cr, x - half - slant / 2 - 1.0, y + r);
      cairo_line_to (cr, x - half + slant / 2 + 1.0, y - r);
      cairo_move_to (cr, x + half - slant / 2 - 1.0, y + r);
      cairo_line_to (cr, x + half + slant / 2 + 1.0, y - r);
    }
  cairo_stroke (cr);
}

static void
draw_clip_arrow (cairo_t *cr,
                 const MvRect *r,
                 gboolean left,
                 MvColor color)
{
  double cy = r->y + r->height / 2;
  double s = MIN (5.0, r->height / 4);
  double x = left ? r->x + 3.0 : r->x + r->width - 3.0;
  double dir = left ? 1.0 : -1.0;

  if (r->width < 12.0)
    return;
  cairo_move_to (cr, x, cy);
  cairo_line_to (cr, x + dir * s, cy - s);
  cairo_line_to (cr, x + dir * s, cy + s);
  cairo_close_path (cr);
  set_color (cr, color);
  cairo_fill (cr);
}

static void
paint_title (Painter      *p,
             const char   *title,
             const char   *subtitle,
             const char   *aside,
             const MvRect *r)
{
  double y = r->y;
  double aside_w = 0.0;

  if (aside != NULL)
    {
      aside_w = MIN (painter_text_width (p, aside, MV_TEXT_SMALL), r->width * 0.45);
      {
        MvRect box = { r->x + r->width - aside_w, y, aside_w, p->line_height[MV_TEXT_TITLE] };

        draw_text (p, aside, MV_TEXT_SMALL, &box, ALIGN_END, p->style->muted, NULL);
      }
      aside_w += 16.0;
    }
  if (title != NULL)
    {
      MvRect box = { r->x, y, r->width - aside_w, p->line_height[MV_TEXT_TITLE] };

      draw_text (p, title, MV_TEXT_TITLE, &box, ALIGN_START, p->style->foreground, NULL);
      y += p->line_height[MV_TEXT_TITLE];
    }
  if (subtitle != NULL)
    {
      /* Under a title, the line is the subtitle's alone. */
      double w = title != NULL ? r->width : r->width - aside_w;
      MvRect box = { r->x, y + 2.0, w, p->line_height[MV_TEXT_SMALL] };

      draw_text (p, subtitle, MV_TEXT_SMALL, &box, ALIGN_START, p->style->muted, NULL);
    }
}

static char *
scale_caption (const MvScene       *scene,
               const MvMapGeometry *g)
{
  g_autofree char *range = mv_scene_format_range (mv_scale_get_start (g->scale),
                                                  mv_scale_get_end (g->scale));
  guint n_breaks = mv_scale_get_n_breaks (g->scale);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s scale", mv_scale_kind_to_string (scene->scale));
  if (scene->has_window)
    g_string_append_printf (s, " \u00b7 window %s", range);
  else
    g_string_append_printf (s, " \u00b7 %s", range);
  if (n_breaks > 0)
    g_string_append_printf (s, " \u00b7 %u compressed span%s", n_breaks, n_breaks == 1 ? "" : "s");
  return g_string_free (s, FALSE);
}

static void
paint_map (Painter             *p,
           const MvScene       *scene,
           const MvMapGeometry *g)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;
  double lh = p->line_height[MV_TEXT_BODY];
  double lh_small = p->line_height[MV_TEXT_SMALL];
  double axis_bottom = g->axis_y + 6.0;
  double x0 = mv_scale_get_x0 (g->scale);
  double x1 = mv_scale_get_x1 (g->scale);

  /* Title */
  if (scene->title != NULL || scene->subtitle != NULL)
    {
      g_autofree char *caption = scale_caption (scene, g);

      paint_title (p, scene->title, scene->subtitle, caption, &g->title_rect);
    }

  /* Lane tracks and titles */
  for (guint i = 0; i < g->lanes->len; i++)
    {
      const MvLaneBox *lb = &g_array_index (g->lanes, MvLaneBox, i);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, lb->lane);
      double title_h = p->line_height[MV_TEXT_BOLD];
      double sub_h = lane->subtitle ? lh_small : 0.0;
      double block = title_h + sub_h;
      const MvRect *tr = &lb->title_rect;
      double ty = tr->y + MAX (0.0, (MIN (tr->height, lb->row_height) - block) / 2);
      MvRect track = lb->rect;

      rounded_rect (cr, &track, 3.0);
      set_color (cr, style->lane);
      cairo_fill (cr);

      if (block > tr->height + 0.5)
        {
          /* Room for one line only. */
          draw_text (p, lane->title, MV_TEXT_BOLD, tr, ALIGN_START, style->foreground, NULL);
        }
      else
        {
          MvRect tbox = { tr->x, ty, tr->width, title_h };
          MvRect sbox = { tr->x, ty + title_h, tr->width, sub_h };

          draw_text (p, lane->title, MV_TEXT_BOLD, &tbox, ALIGN_START, style->foreground, NULL);
          if (lane->subtitle != NULL)
            draw_text (p, lane->subtitle, MV_TEXT_SMALL, &sbox, ALIGN_START, style->muted, NULL);
        }
    }

  /* Grid lines at the labelled ticks */
  if (g->lanes->len > 0)
    {
      static const double dash[] = { 2.0, 3.0 };

      cairo_save (cr);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_line_width (cr, 1.0);
      set_color_alpha (cr, style->grid, 0.9);
      for (guint i = 0; i < g->ticks->len; i++)
        {
          const MvTickBox *t = &g_array_index (g->ticks, MvTickBox, i);
          double x = floor (t->tick.x) + 0.5;

          if (!t->labelled || t->tick.x <= x0 + 0.5 || t->tick.x >= x1 - 0.5)
            continue;
          cairo_move_to (cr, x, g->plot.y);
          cairo_line_to (cr, x, g->axis_y);
        }
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  /* Bars, then the break marks through the lanes, then the labels (so a
   * break never cuts through a text) */
  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, ib->lane);
      const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, ib->item);

      draw_bar (p, &ib->rect, item->fill, item->flags, NULL);
    }
  for (guint i = 0; i < g->breaks->len; i++)
    {
      const MvScaleSegment *seg = &g_array_index (g->breaks, MvScaleSegment, i);

      g_autofree double *marks = g_new (double, g->lanes->len + 1);

      guint n_marks = 0;

      /* The "//" go in the gaps between lanes, clear of the labels. */
      for (guint k = 1; k < g->lanes->len; k++)
        {
          const MvRect *a = &g_array_index (g->lanes, MvLaneBox, k - 1).rect;
          const MvRect *b = &g_array_index (g->lanes, MvLaneBox, k).rect;

          marks[n_marks++] = (a->y + a->height + b->y) / 2;
        }
      draw_break (cr, style, (seg->x0 + seg->x1) / 2, g->plot.y - 3.0, g->axis_y - 1.0,
                  marks, n_marks);
    }
  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, ib->lane);
      const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, ib->item);
      BarLook look;
      gboolean plate = (item->flags & MV_ITEM_MATCHED) || fill_pattern (item->fill) != PATTERN_NONE;
      double two = p->line_height[MV_TEXT_BOLD] + lh_small + 2.0;
      MvRect inner = { ib->rect.x + PAD, ib->rect.y, ib->rect.width - 2 * PAD, ib->rect.height };

      look = bar_look (style, item->fill, item->flags);
      if (ib->label_moved)
        continue;
      if (ib->clipped_start)
        draw_clip_arrow (cr, &ib->rect, TRUE, look.text);
      if (ib->clipped_end)
        draw_clip_arrow (cr, &ib->rect, FALSE, look.text);
      if (ib->clipped_start || ib->clipped_end)
        {
          inner.x += 6.0;
          inner.width -= 12.0;
        }
      /* A bar a break mark crosses: its label goes in its widest piece. */
      for (guint k = 0; k < g->breaks->len; k++)
        {
          const MvScaleSegment *seg = &g_array_index (g->breaks, MvScaleSegment, k);
          double bx = (seg->x0 + seg->x1) / 2;

          if (bx > inner.x && bx < inner.x + inner.width)
            {
              double left = bx - 8.0 - inner.x;
              double right = inner.x + inner.width - (bx + 8.0);

              if (left >= right)
                inner.width = MAX (0.0, left);
              else
                {
                  inner.x = bx + 8.0;
                  inner.width = MAX (0.0, right);
                }
            }
        }

      if (item->detail != NULL && ib->rect.height >= two + 2.0 && inner.width > 60.0)
        {
          double top = ib->rect.y + (ib->rect.height - two) / 2;
          MvRect lbox = { inner.x, top, inner.width, p->line_height[MV_TEXT_BOLD] };
          MvRect dbox = { inner.x, top + p->line_height[MV_TEXT_BOLD] + 2.0, inner.width, lh_small };

          bar_label (p, item->label, MV_TEXT_BOLD, &lbox, &ib->rect, &look, plate);
          bar_label (p, item->detail, MV_TEXT_SMALL, &dbox, &ib->rect, &look, plate);
        }
      else
        {
          MvRect lbox = inner;
          MvRect where;
          guint font = MV_TEXT_BOLD;
          double room = ib->free_end - (ib->rect.x + ib->rect.width) - 2 * PAD;

          if (inner.width < 4.0 * lh)
            {
              /* Narrow: use the full width of the bar, smaller letters. */
              lbox.x = ib->rect.x + 2.0;
              lbox.width = ib->rect.width - 4.0;
              font = MV_TEXT_SMALL;
            }
          lbox.height = MIN (ib->rect.height, p->line_height[font] + 2.0);
          lbox.y = ib->rect.y + (ib->rect.height - lbox.height) / 2;

          /* Too narrow for its label, with room on its right: the label
           * goes there, outside the bar. */
          if (item->label != NULL && room > 0.0 &&
              (!fit_text (p, item->label, font, &lbox, ALIGN_CENTER, &where) ||
               p->ellipsized) &&
              painter_text_width (p, item->label, MV_TEXT_BOLD) <= room)
            {
              MvRect obox = { ib->rect.x + ib->rect.width + PAD, ib->rect.y, room,
                              ib->rect.height };
              double two_out = p->line_height[MV_TEXT_BOLD] + lh_small + 2.0;

              if (item->detail != NULL && ib->rect.height >= two_out + 2.0 &&
                  painter_text_width (p, item->detail, MV_TEXT_SMALL) <= room)
                {
                  double top = ib->rect.y + (ib->rect.height - two_out) / 2;
                  MvRect l2 = { obox.x, top, room, p->line_height[MV_TEXT_BOLD] };
                  MvRect d2 = { obox.x, top + p->line_height[MV_TEXT_BOLD] + 2.0, room, lh_small };

                  draw_text (p, item->label, MV_TEXT_BOLD, &l2, ALIGN_START, style->foreground, NULL);
                  draw_text (p, item->detail, MV_TEXT_SMALL, &d2, ALIGN_START, style->muted, NULL);
                }
              else
                draw_text (p, item->label, MV_TEXT_BOLD, &obox, ALIGN_START, style->foreground, NULL);
            }
          else
            bar_label (p, item->label, font, &lbox, &ib->rect, &look, plate);
        }
    }

  for (guint i = 0; i < g->row_notes->len; i++)
    {
      const MvRowNote *n = &g_array_index (g->row_notes, MvRowNote, i);

      draw_text (p, n->text, MV_TEXT_SMALL, &n->rect, ALIGN_START, style->muted, NULL);
    }

  /* Callouts: labels moved under their lane. The leaders first, then
   * the labels on plates of the lane's colour, so a leader never strikes
   * through a label. */
  for (guint i = 0; i < g->callouts->len; i++)
    {
      const MvCallout *c = &g_array_index (g->callouts, MvCallout, i);
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, c->item_box);
      double bottom = ib->rect.y + ib->rect.height;
      double lx = CLAMP (c->anchor_x, c->rect.x + 2.0, c->rect.x + c->rect.width - 2.0);

      /* Down from the bar, then across to the label's top. */
      set_color (cr, style->muted);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, floor (c->anchor_x) + 0.5, bottom);
      cairo_line_to (cr, floor (c->anchor_x) + 0.5, c->rect.y - 1.5);
      cairo_line_to (cr, floor (lx) + 0.5, c->rect.y - 1.5);
      cairo_line_to (cr, floor (lx) + 0.5, c->rect.y + 1.0);
      cairo_stroke (cr);
    }
  for (guint i = 0; i < g->callouts->len; i++)
    {
      const MvCallout *c = &g_array_index (g->callouts, MvCallout, i);
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, c->item_box);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, ib->lane);
      const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, ib->item);
      MvRect plate = { c->rect.x - 2.0, c->rect.y, c->rect.width + 4.0, c->rect.height };

      rounded_rect (cr, &plate, 2.0);
      set_color (cr, style->lane);
      cairo_fill (cr);
      draw_text (p, item->label, MV_TEXT_SMALL, &c->rect, ALIGN_CENTER, style->foreground, NULL);
    }

  /* Axis */
  set_color (cr, style->muted);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, x0, floor (g->axis_y) + 0.5);
  cairo_line_to (cr, x1, floor (g->axis_y) + 0.5);
  cairo_stroke (cr);
  for (guint i = 0; i < g->ticks->len; i++)
    {
      const MvTickBox *t = &g_array_index (g->ticks, MvTickBox, i);
      double x = floor (t->tick.x) + 0.5;

      cairo_move_to (cr, x, g->axis_y);
      cairo_line_to (cr, x, g->axis_y + (t->labelled ? 6.0 : 3.0));
      if (t->labelled && t->label_row > 0)
        {
          cairo_move_to (cr, x, g->axis_y + 6.0);
          cairo_line_to (cr, x, t->label_rect.y);
        }
    }
  cairo_stroke (cr);
  for (guint i = 0; i < g->ticks->len; i++)
    {
      const MvTickBox *t = &g_array_index (g->ticks, MvTickBox, i);
      double hex_h = p->line_height[MV_TEXT_MONO_SMALL];
      MvRect hbox, sbox;

      if (!t->labelled)
        continue;
      hbox = (MvRect) { t->label_rect.x, t->label_rect.y, t->label_rect.width, hex_h };
      sbox = (MvRect) { t->label_rect.x, t->label_rect.y + hex_h, t->label_rect.width,
                        t->label_rect.height - hex_h };
      if (t->label_row > 0)
        {
          /* Clear the leader line under the text. */
          set_color (cr, style->background);
          cairo_rectangle (cr, t->label_rect.x, t->label_rect.y, t->label_rect.width,
                           t->label_rect.height);
          cairo_fill (cr);
        }
      draw_text (p, t->hex, MV_TEXT_MONO_SMALL, &hbox, ALIGN_CENTER, style->foreground, NULL);
      draw_text (p, t->size, MV_TEXT_SMALL, &sbox, ALIGN_CENTER, style->muted, NULL);
    }

  /* Break marks through the axis */
  for (guint i = 0; i < g->breaks->len; i++)
    {
      const MvScaleSegment *seg = &g_array_index (g->breaks, MvScaleSegment, i);

      draw_break (cr, style, (seg->x0 + seg->x1) / 2, g->axis_y - 2.0, axis_bottom + 2.0, NULL, 0);
    }

  if (g->empty)
    {
      MvRect box = { x0, g->plot.y, x1 - x0, g->plot.height };

      draw_text (p, "Nothing to show: no layout, registers or imports", MV_TEXT_BODY, &box,
                 ALIGN_CENTER, style->muted, NULL);
    }

  /* Diagnostic markers and their list */
  for (guint i = 0; i < g->marks->len; i++)
    {
      const MvMarkBox *mb = &g_array_index (g->marks, MvMarkBox, i);
      const MvSceneMark *mark = &g_array_index (scene->marks, MvSceneMark, mb->mark);

      draw_marker (p, &mb->rect, mark->severity, mb->number);
    }
  if (scene->marks->len > 0)
    {
      double s = ceil (lh_small * 1.3);
      MvRect head = { g->marks_rect.x, g->marks_rect.y, g->marks_rect.width, lh };

      draw_text (p, "Diagnostics", MV_TEXT_BOLD, &head, ALIGN_START, style->foreground, NULL);
      for (guint i = 0; i < g->mark_rows->len; i++)
        {
          const MvSceneMark *mark = &g_array_index (scene->marks, MvSceneMark, i);
          const MvRect *row = &g_array_index (g->mark_rows, MvRect, i);
          MvRect marker = { g->marks_rect.x + 2.0, row->y + (lh - s) / 2, s, s };
          g_autofree char *line = mv_scene_mark_text (mark);

          draw_marker (p, &marker, mark->severity, i + 1);
          draw_text_prose (p, line, MV_TEXT_BODY, row, style->foreground);
        }
      if (g->has_more_marks)
        {
          g_autofree char *more = g_strdup_printf ("\u2026 and %u more",
                                                   scene->marks->len - g->n_marks_listed);

          draw_text (p, more, MV_TEXT_BODY, &g->more_marks_rect, ALIGN_START, style->muted, NULL);
        }
    }

  /* Legend */
  for (guint i = 0; i < g->legend->len; i++)
    {
      const MvLegendBox *lb = &g_array_index (g->legend, MvLegendBox, i);

      if (lb->break_mark)
        {
          MvRect sw = lb->swatch;

          set_color (cr, style->lane);
          cairo_rectangle (cr, sw.x, sw.y, sw.width, sw.height);
          cairo_fill (cr);
          draw_break (cr, style, sw.x + sw.width / 2, sw.y - 1.0, sw.y + sw.height + 1.0, NULL, 0);
        }
      else
        draw_bar (p, &lb->swatch, lb->fill, lb->matched ? MV_ITEM_MATCHED : 0, NULL);
      draw_text (p, lb->label, MV_TEXT_SMALL, &lb->label_rect, ALIGN_START, style->foreground, NULL);
    }
}

static void
paint_background (cairo_t             *cr,
                  const MvRenderStyle *style,
                  double               width,
                  double               height)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  set_color (cr, style->background);
  cairo_fill (cr);
  cairo_restore (cr);
}

MvMapGeometry *
mv_render_map_geometry (const MvScene       *scene,
                        const MvRenderStyle *style,
                        double               width,
                        double               height)
{
  Painter p;
  MvSceneMetrics m;
  MvMapGeometry *g;

  painter_init (&p, NULL, style);
  painter_metrics (&p, &m);
  g = mv_map_geometry_new (scene, &m, width, height);
  painter_clear (&p);
  return g;
}

/**
 * mv_render_map:
 * Paints the map view of @scene into @cr, in `[0, width) x [0, height)`.
 */
void
mv_render_map (cairo_t             *cr,
               const MvScene       *scene,
               const MvRenderStyle *style,
               double               width,
               double               height)
{
  Painter p;
  MvSceneMetrics m;
  g_autoptr(MvMapGeometry) g = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (scene != NULL);
  g_return_if_fail (style != NULL);

  /* The geometry is measured without the context's transform, like
   * mv_render_map_geometry() does, so both agree. */
  painter_init (&p, NULL, style);
  painter_metrics (&p, &m);
  g = mv_map_geometry_new (scene, &m, width, height);
  painter_clear (&p);

  cairo_save (cr);
  paint_background (cr, style, width, height);
  cairo_scale (cr, g->zoom, g->zoom);
  painter_init (&p, cr, style);
  p.log_scale = g->zoom;
  paint_map (&p, scene, g);
  painter_clear (&p);
  cairo_restore (cr);
}

/* ---- Tables ---------------------------------------------------------------------- */

typedef struct
{
  double  header_h;
  double  row_h;      /* a row of one line */
  double  title_h;
  double  note_h;
  double *widths;
  guint  *lines;      /* per row: the lines its wide cells wrap to */
} TableLayout;

static void
table_layout_clear (TableLayout *tl)
{
  g_clear_pointer (&tl->widths, g_free);
  g_clear_pointer (&tl->lines, g_free);
}

static double
table_row_height (Painter           *p,
                  const TableLayout *tl,
                  guint              r)
{
  return tl->row_h + (MIN (tl->lines[r], MAX_CELL_LINES) - 1) * p->line_height[MV_TEXT_BODY];
}

static double
table_cell_width (Painter            *p,
                  const MvTableColumn *col,
                  const char         *text,
                  gboolean            header)
{
  double w = painter_text_width (p, text, header ? MV_TEXT_BOLD
                                 : (col->flags & MV_COLUMN_MONO) ? MV_TEXT_MONO : MV_TEXT_BODY);

  if (!header && (col->flags & MV_COLUMN_SWATCH))
    w += 2.2 * p->line_height[MV_TEXT_SMALL] + 6.0;
  return w + 2 * CELL_PAD;
}

static void
table_layout (Painter            *p,
              const MvSceneTable *t,
              double              width,
              TableLayout        *tl)
{
  guint n = t->columns->len;
  double total = 0.0, wide_total = 0.0;
  guint n_wide = 0;

  tl->title_h = p->line_height[MV_TEXT_TITLE] + 10.0;
  tl->header_h = p->line_height[MV_TEXT_BOLD] + 10.0;
  tl->row_h = MAX (p->line_height[MV_TEXT_BODY], p->line_height[MV_TEXT_MONO]) + 10.0;
  tl->note_h = (t->note != NULL || t->n_omitted > 0) ? p->line_height[MV_TEXT_BODY] + 10.0 : 0.0;
  tl->widths = g_new0 (double, MAX (n, 1));

  for (guint c = 0; c < n; c++)
    {
      const MvTableColumn *col = &g_array_index (t->columns, MvTableColumn, c);

      tl->widths[c] = table_cell_width (p, col, col->title, TRUE);
      for (guint r = 0; r < t->rows->len; r++)
        {
          const MvTableRow *row = &g_array_index (t->rows, MvTableRow, r);

          tl->widths[c] = MAX (tl->widths[c], table_cell_width (p, col, row->cells[c], FALSE));
        }
      total += tl->widths[c];
      if (col->flags & MV_COLUMN_WIDE)
        {
          n_wide++;
          wide_total += tl->widths[c];
        }
    }

  if (total > width)
    {
      /* Too wide: the wide columns give up space first, down to a quarter
       * of their natural width, then every column shrinks in proportion;
       * the cells ellipsize. */
      double excess = total - width;

      for (guint c = 0; c < n && wide_total > 0.0; c++)
        {
          const MvTableColumn *col = &g_array_index (t->columns, MvTableColumn, c);

          if (col->flags & MV_COLUMN_WIDE)
            {
              double give = MIN (excess * tl->widths[c] / wide_total, tl->widths[c] * 0.75);

              tl->widths[c] -= give;
              total -= give;
            }
        }
      if (total > width)
        for (guint c = 0; c < n; c++)
          tl->widths[c] *= width / total;
    }
  else if (n > 0)
    {
      /* Room to spare: the wide columns (or the last one) take it. */
      double extra = width - total;

      if (n_wide == 0)
        tl->widths[n - 1] += extra;
      else
        for (guint c = 0; c < n; c++)
          if (g_array_index (t->columns, MvTableColumn, c).flags & MV_COLUMN_WIDE)
            tl->widths[c] += extra / n_wide;
    }

  /* A wide column's text that does not fit wraps, up to MAX_CELL_LINES
   * lines, rather than losing its end. */
  tl->lines = g_new (guint, MAX (t->rows->len, 1));
  for (guint r = 0; r < t->rows->len; r++)
    {
      const MvTableRow *row = &g_array_index (t->rows, MvTableRow, r);

      tl->lines[r] = 1;
      for (guint c = 0; c < n; c++)
        if (g_array_index (t->columns, MvTableColumn, c).flags & MV_COLUMN_WIDE)
          tl->lines[r] = MAX (tl->lines[r], painter_wrapped_lines (p, row->cells[c], MV_TEXT_BODY,
                                                                    tl->widths[c] - 2 * CELL_PAD));
    }
}

static double
table_natural_height (Painter            *p,
                      const MvSceneTable *t,
                      double              width)
{
  TableLayout tl;
  double h;

  table_layout (p, t, width, &tl);
  h = tl.title_h + tl.header_h + tl.note_h;
  for (guint r = 0; r < t->rows->len; r++)
    h += table_row_height (p, &tl, r);
  if (t->rows->len == 0)
    h += tl.row_h;
  table_layout_clear (&tl);
  return h;
}

/* Paints @t at (@x, @y) in @width, at most @max_h tall; returns the height used. */
static double
paint_table (Painter            *p,
             const MvSceneTable *t,
             const char         *subtitle,
             double              x,
             double              y,
             double              width,
             double              max_h)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;
  TableLayout tl;
  double cy, top = y;
  guint fit, shown;
  guint n = t->columns->len;
  guint stripe = 0;

  table_layout (p, t, width, &tl);

  {
    MvRect box = { x, y, width, tl.title_h - 10.0 };
    double aside_w = 0.0;

    if (subtitle != NULL)
      {
        MvRect sbox;

        aside_w = MIN (painter_text_width (p, subtitle, MV_TEXT_SMALL), width * 0.5);
        sbox = (MvRect) { x + width - aside_w, y, aside_w, box.height };
        draw_text (p, subtitle, MV_TEXT_SMALL, &sbox, ALIGN_END, style->muted, NULL);
        box.width -= aside_w + 16.0;
      }
    draw_text (p, t->title, MV_TEXT_TITLE, &box, ALIGN_START, style->foreground, NULL);
  }
  y += tl.title_h;

  /* How many rows fit, keeping a line for "more rows". */
  {
    double room = max_h - tl.title_h - tl.header_h - tl.note_h;

    for (fit = 0; fit < t->rows->len && room >= table_row_height (p, &tl, fit) - 0.5; fit++)
      room -= table_row_height (p, &tl, fit);
    shown = fit;
    if (shown < t->rows->len && shown > 0 && tl.note_h == 0.0 && room < tl.row_h)
      shown--;
  }

  /* Header */
  cy = x;
  set_color (cr, style->lane);
  cairo_rectangle (cr, x, y, width, tl.header_h);
  cairo_fill (cr);
  for (guint c = 0; c < n; c++)
    {
      const MvTableColumn *col = &g_array_index (t->columns, MvTableColumn, c);
      MvRect box = { cy + CELL_PAD, y, tl.widths[c] - 2 * CELL_PAD, tl.header_h };

      draw_text (p, col->title, MV_TEXT_BOLD, &box,
                 (col->flags & MV_COLUMN_RIGHT) ? ALIGN_END : ALIGN_START, style->foreground, NULL);
      cy += tl.widths[c];
    }
  y += tl.header_h;
  set_color (cr, style->grid);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, x, floor (y) + 0.5);
  cairo_line_to (cr, x + width, floor (y) + 0.5);
  cairo_stroke (cr);

  for (guint r = 0; r < shown; r++)
    {
      const MvTableRow *row = &g_array_index (t->rows, MvTableRow, r);
      double cx = x;
      double row_h = table_row_height (p, &tl, r);

      if (!row->continues)
        stripe++;
      if (stripe % 2 == 0)
        {
          set_color_alpha (cr, style->lane, 0.7);
          cairo_rectangle (cr, x, y, width, row_h);
          cairo_fill (cr);
        }
      if (row->error)
        {
          set_color (cr, style->error);
          cairo_rectangle (cr, x, y + 2.0, 3.0, row_h - 4.0);
          cairo_fill (cr);
        }
      for (guint c = 0; c < n; c++)
        {
          const MvTableColumn *col = &g_array_index (t->columns, MvTableColumn, c);
          MvRect box = { cx + CELL_PAD, y, tl.widths[c] - 2 * CELL_PAD, tl.row_h };
          guint font = (col->flags & MV_COLUMN_MONO) ? MV_TEXT_MONO : MV_TEXT_BODY;
          MvColor color = row->muted ? style->muted : style->foreground;

          if ((col->flags & MV_COLUMN_SWATCH) && row->has_fill)
            {
              double sw = 2.2 * p->line_height[MV_TEXT_SMALL];
              double sh = p->line_height[MV_TEXT_SMALL] * 1.1;
              MvRect swatch = { box.x, y + (tl.row_h - sh) / 2, MIN (sw, box.width), sh };

              draw_bar (p, &swatch, row->fill, row->muted ? MV_ITEM_DISABLED : 0, NULL);
              box.x += sw + 6.0;
              box.width -= sw + 6.0;
            }
          if (row->error && c == n - 1)
            color = style->error;
          if (row->highlight & (1u << c))
            {
              color = style->warning;
              font = (col->flags & MV_COLUMN_MONO) ? MV_TEXT_MONO : MV_TEXT_BOLD;
            }
          if ((col->flags & MV_COLUMN_WIDE) && tl.lines[r] > 1)
            {
              /* From the top line down, like the row's other cells. */
              MvRect wrapped = { box.x, y + (tl.row_h - p->line_height[font]) / 2, box.width,
                                 MIN (tl.lines[r], MAX_CELL_LINES) * p->line_height[font] };

              draw_text_wrapped (p, row->cells[c], font, &wrapped, color);
            }
          else
            draw_text (p, row->cells[c], font, &box,
                       (col->flags & MV_COLUMN_RIGHT) ? ALIGN_END : ALIGN_START, color, NULL);
          cx += tl.widths[c];
        }
      y += row_h;
    }

  if (shown < t->rows->len || t->n_omitted > 0 || t->note != NULL)
    {
      guint more = t->rows->len - shown + t->n_omitted;
      g_autofree char *text = NULL;
      MvRect box = { x + CELL_PAD, y, width - 2 * CELL_PAD, MAX (tl.row_h, tl.note_h) };

      if (more > 0 && t->note != NULL)
        text = g_strdup_printf ("\u2026 and %u more row%s. %s", more, more == 1 ? "" : "s", t->note);
      else if (more > 0)
        text = g_strdup_printf ("\u2026 and %u more row%s", more, more == 1 ? "" : "s");
      else
        text = g_strdup (t->note);
      if (y + box.height <= top + max_h + 0.5)
        {
          draw_text (p, text, MV_TEXT_BODY, &box, ALIGN_START, style->muted, NULL);
          y += box.height;
        }
    }
  else if (t->rows->len == 0)
    y += tl.row_h;

  table_layout_clear (&tl);
  return y - top;
}

static MvSceneTable *
empty_table (const char *title,
             const char *note)
{
  MvSceneTable *t = mv_scene_table_new (title);

  t->note = g_strdup (note);
  return t;
}

static void
paint_table_view (cairo_t             *cr,
                  const MvScene       *scene,
                  const MvSceneTable  *table,
                  const char          *title,
                  const char          *empty_note,
                  const MvRenderStyle *style,
                  double               width,
                  double               height)
{
  Painter p;
  g_autoptr(MvSceneTable) empty = NULL;

  if (table == NULL)
    table = empty = empty_table (title, empty_note);

  cairo_save (cr);
  paint_background (cr, style, width, height);
  painter_init (&p, cr, style);
  paint_table (&p, table, scene->title, MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN);
  painter_clear (&p);
  cairo_restore (cr);
}

void
mv_render_mtrr_table (cairo_t             *cr,
                      const MvScene       *scene,
                      const MvRenderStyle *style,
                      double               width,
                      double               height)
{
  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);
  paint_table_view (cr, scene, scene->mtrr_table, "MTRR registers",
                    "No MTRR registers: the layout failed, or none were programmed.",
                    style, width, height);
}

void
mv_render_pages (cairo_t             *cr,
                 const MvScene       *scene,
                 const MvRenderStyle *style,
                 double               width,
                 double               height)
{
  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);
  paint_table_view (cr, scene, scene->pages_table, "Page map",
                    "Nothing was imported.", style, width, height);
}

/* ---- The GDT ------------------------------------------------------------------------ */

typedef enum
{
  FIELD_BASE,
  FIELD_LIMIT,
  FIELD_TYPE,
  FIELD_S,
  FIELD_DPL,
  FIELD_P,
  FIELD_AVL,
  FIELD_L,
  FIELD_DB,
  FIELD_G,
  N_FIELD_KINDS
} FieldKind;

typedef struct
{
  guint      hi;      /* highest bit, within the 64-bit descriptor */
  guint      lo;
  FieldKind  kind;
  const char *name;
} GdtField;

/* Intel SDM vol. 3A figure 3-8, high dword first. */
static const GdtField gdt_fields[] = {
  { 63, 56, FIELD_BASE, "Base 31:24" },
  { 55, 55, FIELD_G, "G" },
  { 54, 54, FIELD_DB, "D/B" },
  { 53, 53, FIELD_L, "L" },
  { 52, 52, FIELD_AVL, "AVL" },
  { 51, 48, FIELD_LIMIT, "Limit 19:16" },
  { 47, 47, FIELD_P, "P" },
  { 46, 45, FIELD_DPL, "DPL" },
  { 44, 44, FIELD_S, "S" },
  { 43, 40, FIELD_TYPE, "Type" },
  { 39, 32, FIELD_BASE, "Base 23:16" },
  { 31, 16, FIELD_BASE, "Base 15:0" },
  { 15, 0, FIELD_LIMIT, "Limit 15:0" },
};

static MvColor
field_color (const MvRenderStyle *style,
             FieldKind            kind)
{
  static const guint32 hues[N_FIELD_KINDS] = {
    [FIELD_BASE] = 0x0072B2,
    [FIELD_LIMIT] = 0xE69F00,
    [FIELD_TYPE] = 0x009E73,
    [FIELD_S] = 0xCC79A7,
    [FIELD_DPL] = 0xF0E442,
    [FIELD_P] = 0x56B4E9,
    [FIELD_AVL] = 0x999999,
    [FIELD_L] = 0xD55E00,
    [FIELD_DB] = 0x8C6BB1,
    [FIELD_G] = 0x6B8E23,
  };

  return mix (style->background, rgb (hues[kind]), style->theme == MV_THEME_DARK ? 0.45 : 0.3);
}

static guint64
field_bits (const MvGdtDescriptor *d,
            const GdtField        *f)
{
  return (d->raw >> f->lo) & ((((guint64) 1) << (f->hi - f->lo + 1)) - 1);
}

/* The field's value decoded: @shortness 0 says it in words, 1 briefly,
 * 2 just the number. */
static char *
field_value (const MvGdtDescriptor *d,
             const GdtField        *f,
             guint                  shortness)
{
  guint64 v = field_bits (d, f);

  if (shortness >= 2)
    return g_strdup_printf (f->hi == f->lo ? "%u" : "0x%x", (guint) v);

  switch (f->kind)
    {
    case FIELD_G:
      return g_strdup (v ? (shortness ? "1 \u00b7 4K" : "1 \u00b7 4 KiB units") : (shortness ? "0 \u00b7 1B" : "0 \u00b7 byte units"));
    case FIELD_DB:
      return g_strdup (v ? (shortness ? "1 \u00b7 32" : "1 \u00b7 32-bit") : (shortness ? "0" : "0 \u00b7 16-bit or 64"));
    case FIELD_L:
      return g_strdup (v ? (shortness ? "1 \u00b7 64" : "1 \u00b7 64-bit code") : "0");
    case FIELD_AVL:
      return g_strdup_printf ("%u", (guint) v);
    case FIELD_P:
      return g_strdup (v ? (shortness ? "1" : "1 \u00b7 present") : (shortness ? "0 \u00b7 no" : "0 \u00b7 absent"));
    case FIELD_DPL:
      return g_strdup_printf (shortness ? "%u" : "%u \u00b7 ring %u", (guint) v, (guint) v);
    case FIELD_S:
      return g_strdup (v ? (shortness ? "1 \u00b7 c/d" : "1 \u00b7 code/data") : (shortness ? "0 \u00b7 sys" : "0 \u00b7 system"));
    case FIELD_TYPE:
      if (shortness)
        return g_strdup_printf ("0x%x", (guint) v);
      return g_strdup_printf ("0x%x \u00b7 %s", (guint) v,
                              d->s ? ((v & 8) ? "code" : "data") : "system");
    case FIELD_BASE:
    case FIELD_LIMIT:
    default:
      return g_strdup_printf ("0x%0*" G_GINT64_MODIFIER "x", (int) ((f->hi - f->lo + 4) / 4), v);
    }
}

static char *
gdt_describe (const MvGdtDescriptor *d)
{
  g_autofree char *limit = mv_scene_format_size (d->limit_scaled + 1);

  return g_strdup_printf ("%s \u00b7 base 0x%x \u00b7 limit 0x%05x%s = %s \u00b7 DPL %u \u00b7 %s%s%s",
                          mv_gdt_type_describe (d), d->base, d->limit,
                          d->g ? " \u00d7 4 KiB" : " bytes", limit, d->dpl,
                          d->p ? "present" : "not present",
                          d->l ? " \u00b7 64-bit code (L)" : "",
                          d->db ? " \u00b7 32-bit (D/B)" : "");
}

typedef struct
{
  double title_h;
  double head_h;      /* one descriptor's heading */
  double bitnum_h;
  double field_h;
  double bits_h;
  double desc_h;      /* a full descriptor block */
  double null_h;      /* a null descriptor's one line */
  double seg_title_h;
} GdtLayout;

static void
gdt_layout (Painter   *p,
            GdtLayout *gl)
{
  double lh = p->line_height[MV_TEXT_BODY];
  double lh_small = p->line_height[MV_TEXT_SMALL];
  double lh_mono = p->line_height[MV_TEXT_MONO_SMALL];

  gl->title_h = p->line_height[MV_TEXT_TITLE] + 12.0;
  gl->head_h = p->line_height[MV_TEXT_BOLD] + lh_small + 8.0;
  gl->bitnum_h = lh_mono + 2.0;
  gl->field_h = p->line_height[MV_TEXT_SMALL] * 2 + 10.0;
  gl->bits_h = lh_mono + 6.0;
  gl->desc_h = gl->head_h + 2 * (gl->bitnum_h + gl->field_h + gl->bits_h) + 6.0 + 18.0;
  gl->null_h = lh + 18.0;
  gl->seg_title_h = p->line_height[MV_TEXT_TITLE] + 12.0;
}

static MvSceneTable *
segments_table (const MvScene *scene)
{
  MvSceneTable *t = mv_scene_table_new ("Segment registers");

  mv_scene_table_add_column (t, "Register", MV_COLUMN_TEXT);
  mv_scene_table_add_column (t, "Selector", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Base", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Limit", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Attributes", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Meaning", MV_COLUMN_WIDE);

  for (guint i = 0; i < scene->segments->len; i++)
    {
      const MvX86Register *r = &g_array_index (scene->segments, MvX86Register, i);

      if (mv_reg_name_kind (r->name) == MV_REG_KIND_TABLE)
        {
          g_autofree char *base = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", r->table.base);
          g_autofree char *limit = g_strdup_printf ("0x%x", r->table.limit);
          g_autofree char *meaning = g_strdup_printf ("descriptor table of %u entries",
                                                      (r->table.limit + 1u) / 8);
          const char *cells[] = { mv_reg_name_to_string (r->name), "", base, limit, "",
                                  meaning, NULL };

          mv_scene_table_add_row (t, cells);
        }
      else
        {
          MvGdtDescriptor d;
          guint16 a = r->segment.attributes;
          /* The u16 attribute form: type|S|DPL|P in the low byte, then
           * limit 19:16, AVL, L, D/B, G. */
          guint64 raw = ((guint64) (a & 0xff) << 40) | ((guint64) ((a >> 8) & 0xf0) << 48);
          g_autofree char *sel = g_strdup_printf ("0x%02x \u00b7 index %u%s, RPL %u",
                                                  r->segment.selector, r->segment.selector >> 3,
                                                  (r->segment.selector & 4) ? " LDT" : "",
                                                  r->segment.selector & 3);
          g_autofree char *base = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", r->segment.base);
          g_autofree char *limit = g_strdup_printf ("0x%x", r->segment.limit);
          g_autofree char *attr = g_strdup_printf ("0x%04x", a);
          g_autofree char *meaning = NULL;

          mv_gdt_decode_raw (raw, &d);
          meaning = g_strdup_printf ("%s, DPL %u%s%s%s", mv_gdt_type_describe (&d), d.dpl,
                                     d.p ? ", present" : ", not present",
                                     d.l ? ", 64-bit" : "", d.db ? ", 32-bit" : "");
          {
            const char *cells[] = { mv_reg_name_to_string (r->name), sel, base, limit, attr,
                                    meaning, NULL };

            mv_scene_table_add_row (t, cells);
          }
        }
    }
  if (scene->segments->len == 0)
    t->note = g_strdup ("No segment registers were imported.");
  return t;
}

static double
gdt_natural_height (Painter       *p,
                    const MvScene *scene,
                    double         width)
{
  GdtLayout gl;
  double h = 2 * MARGIN;
  g_autoptr(MvSceneTable) segs = segments_table (scene);

  gdt_layout (p, &gl);
  h += gl.title_h;
  if (!scene->has_gdt)
    return h + gl.null_h;
  for (guint i = 0; i < scene->gdt->len; i++)
    h += g_array_index (scene->gdt, MvSceneGdtEntry, i).desc.raw == 0 ? gl.null_h : gl.desc_h;
  h += 10.0 + table_natural_height (p, segs, width - 2 * MARGIN);
  return ceil (h);
}

static void
paint_gdt_row (Painter               *p,
               const MvGdtDescriptor *d,
               guint                  top_bit,
               double                 x,
               double                 y,
               double                 width,
               const GdtLayout       *gl)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;
  double bit_w = width / 32.0;
  double fy = y + gl->bitnum_h;
  double by = fy + gl->field_h;

  for (guint i = 0; i < G_N_ELEMENTS (gdt_fields); i++)
    {
      const GdtField *f = &gdt_fields[i];
      double fx0, fx1;
      MvColor c;
      MvColor tc;
      g_autofree char *hi = NULL;
      g_autofree char *lo = NULL;

      if (f->hi > top_bit || f->lo + 31 < top_bit)
        continue;
      fx0 = x + (top_bit - f->hi) * bit_w;
      fx1 = x + (top_bit - f->lo + 1) * bit_w;
      c = field_color (style, f->kind);
      tc = style->foreground;

      /* The field */
      {
        MvRect r = { fx0, fy, fx1 - fx0, gl->field_h };
        MvRect name_box = { fx0 + 3.0, fy + 4.0, fx1 - fx0 - 6.0, p->line_height[MV_TEXT_SMALL] };
        MvRect value_box = { fx0 + 3.0, fy + 4.0 + p->line_height[MV_TEXT_SMALL],
                             fx1 - fx0 - 6.0, p->line_height[MV_TEXT_SMALL] };

        set_color (cr, c);
        cairo_rectangle (cr, r.x, r.y, r.width, r.height);
        cairo_fill (cr);
        set_color (cr, style->grid);
        cairo_set_line_width (cr, 1.0);
        cairo_rectangle (cr, floor (r.x) + 0.5, floor (r.y) + 0.5, floor (r.width), floor (r.height));
        cairo_stroke (cr);

        if (!draw_text (p, f->name, MV_TEXT_BOLD, &name_box, ALIGN_CENTER, tc, NULL))
          draw_text (p, f->name, MV_TEXT_SMALL, &name_box, ALIGN_CENTER, tc, NULL);
        /* The value in words where it fits, else briefly, else the bits. */
        for (guint k = 0; k < 3; k++)
          {
            g_autofree char *text = field_value (d, f, k);

            if (painter_text_width (p, text, MV_TEXT_SMALL) <= value_box.width || k == 2)
              {
                draw_text (p, text, MV_TEXT_SMALL, &value_box, ALIGN_CENTER, tc, NULL);
                break;
              }
          }
      }

      /* Bit numbers at the field's ends */
      hi = g_strdup_printf ("%u", f->hi);
      lo = g_strdup_printf ("%u", f->lo);
      {
        MvRect hbox = { fx0 + 3.0, y, MIN (bit_w * 2, fx1 - fx0) - 6.0, gl->bitnum_h };
        MvRect lbox = { fx1 - MIN (bit_w * 2, fx1 - fx0) + 3.0, y, MIN (bit_w * 2, fx1 - fx0) - 6.0,
                        gl->bitnum_h };

        if (f->hi == f->lo)
          {
            MvRect one = { fx0, y, fx1 - fx0, gl->bitnum_h };

            draw_text (p, hi, MV_TEXT_MONO_SMALL, &one, ALIGN_CENTER, style->muted, NULL);
          }
        else
          {
            draw_text (p, hi, MV_TEXT_MONO_SMALL, &hbox, ALIGN_START, style->muted, NULL);
            draw_text (p, lo, MV_TEXT_MONO_SMALL, &lbox, ALIGN_END, style->muted, NULL);
          }
      }
    }

  /* The bits themselves */
  for (guint b = 0; b < 32; b++)
    {
      guint bit = top_bit - b;
      gboolean set = (d->raw >> bit) & 1;
      MvRect cell = { x + b * bit_w, by, bit_w, gl->bits_h - 4.0 };

      if (set)
        {
          set_color_alpha (cr, style->foreground, 0.08);
          cairo_rectangle (cr, cell.x, cell.y, cell.width, cell.height);
          cairo_fill (cr);
        }
      draw_text (p, set ? "1" : "0", MV_TEXT_MONO_SMALL, &cell, ALIGN_CENTER,
                 set ? style->foreground : style->muted, NULL);
    }
  set_color (cr, style->grid);
  cairo_set_line_width (cr, 1.0);
  for (guint b = 0; b <= 32; b++)
    {
      double bx = floor (x + b * bit_w) + 0.5;
      double tick = (b % 4 == 0) ? gl->bits_h - 4.0 : (gl->bits_h - 4.0) * 0.35;

      cairo_move_to (cr, bx, by + gl->bits_h - 4.0 - tick);
      cairo_line_to (cr, bx, by + gl->bits_h - 4.0);
    }
  cairo_move_to (cr, x, floor (by + gl->bits_h - 4.0) + 0.5);
  cairo_line_to (cr, x + width, floor (by + gl->bits_h - 4.0) + 0.5);
  cairo_stroke (cr);
}

static void
paint_gdt (Painter       *p,
           const MvScene *scene,
           double         width,
           double         height)
{
  const MvRenderStyle *style = p->style;
  GdtLayout gl;
  double x = MARGIN, y = MARGIN, w = width - 2 * MARGIN;
  g_autoptr(MvSceneTable) segs = segments_table (scene);
  g_autofree char *title = NULL;

  gdt_layout (p, &gl);

  if (scene->has_gdt)
    title = g_strdup_printf ("GDT at 0x%" G_GINT64_MODIFIER "x, limit 0x%x, %u descriptors",
                             scene->gdt_base, scene->gdt_limit, scene->gdt->len);
  else
    title = g_strdup ("GDT");
  {
    MvRect box = { x, y, w, gl.title_h - 12.0 };
    double aside_w = 0.0;

    if (scene->title != NULL)
      {
        MvRect sbox;

        aside_w = MIN (painter_text_width (p, scene->title, MV_TEXT_SMALL), w * 0.4);
        sbox = (MvRect) { x + w - aside_w, y, aside_w, box.height };
        draw_text (p, scene->title, MV_TEXT_SMALL, &sbox, ALIGN_END, style->muted, NULL);
        box.width -= aside_w + 16.0;
      }
    draw_text (p, title, MV_TEXT_TITLE, &box, ALIGN_START, style->foreground, NULL);
  }
  y += gl.title_h;

  if (!scene->has_gdt)
    {
      MvRect box = { x, y, w, gl.null_h };

      draw_text (p, "No GDT was imported.", MV_TEXT_BODY, &box, ALIGN_START, style->muted, NULL);
      y += gl.null_h;
    }

  for (guint i = 0; scene->has_gdt && i < scene->gdt->len; i++)
    {
      const MvSceneGdtEntry *e = &g_array_index (scene->gdt, MvSceneGdtEntry, i);
      const MvGdtDescriptor *d = &e->desc;
      g_autofree char *head = NULL;

      if (y + (d->raw == 0 ? gl.null_h : gl.desc_h) > height - MARGIN + 0.5)
        break;

      if (d->raw == 0)
        {
          MvRect box = { x, y, w, gl.null_h - 10.0 };

          head = g_strdup_printf ("[%u] selector 0x%02x \u00b7 0x%016" G_GINT64_MODIFIER "x \u00b7 "
                                  "null descriptor (the CPU never loads it)",
                                  e->index, e->index * 8, d->raw);
          draw_text (p, head, MV_TEXT_BOLD, &box, ALIGN_START, style->foreground, NULL);
          y += gl.null_h;
          continue;
        }

      head = g_strdup_printf ("[%u] selector 0x%02x \u00b7 0x%016" G_GINT64_MODIFIER "x",
                              e->index, e->index * 8, d->raw);
      {
        g_autofree char *desc = gdt_describe (d);
        MvRect hbox = { x, y, w, p->line_height[MV_TEXT_BOLD] };
        MvRect dbox = { x, y + p->line_height[MV_TEXT_BOLD] + 2.0, w, p->line_height[MV_TEXT_SMALL] };

        draw_text (p, head, MV_TEXT_BOLD, &hbox, ALIGN_START, style->foreground, NULL);
        draw_text (p, desc, MV_TEXT_SMALL, &dbox, ALIGN_START, style->muted, NULL);
      }
      y += gl.head_h;
      paint_gdt_row (p, d, 63, x, y, w, &gl);
      y += gl.bitnum_h + gl.field_h + gl.bits_h + 6.0;
      paint_gdt_row (p, d, 31, x, y, w, &gl);
      y += gl.bitnum_h + gl.field_h + gl.bits_h + 18.0;
    }

  y += 10.0;
  if (y < height - MARGIN)
    paint_table (p, segs, NULL, x, y, w, height - MARGIN - y);
}

void
mv_render_gdt (cairo_t             *cr,
               const MvScene       *scene,
               const MvRenderStyle *style,
               double               width,
               double               height)
{
  Painter p;

  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);

  cairo_save (cr);
  paint_background (cr, style, width, height);
  painter_init (&p, cr, style);
  paint_gdt (&p, scene, width, height);
  painter_clear (&p);
  cairo_restore (cr);
}

/* ---- Views and files ------------------------------------------------------------------ */

static const MvView all_views[] = { MV_VIEW_MAP, MV_VIEW_MTRR, MV_VIEW_GDT, MV_VIEW_PAGES };

/**
 * mv_render_natural_height:
 * The height @view needs at @width: what the map's lanes, the tables'
 * rows and the GDT's descriptors take. For MV_VIEW_ALL, the sum.
 */
double
mv_render_natural_height (const MvScene       *scene,
                          const MvRenderStyle *style,
                          MvView               view,
                          double               width)
{
  Painter p;
  double h = 0.0;

  g_return_val_if_fail (scene != NULL && style != NULL, 0.0);

  if (view == MV_VIEW_ALL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (all_views); i++)
        h += mv_render_natural_height (scene, style, all_views[i], width);
      return h;
    }

  painter_init (&p, NULL, style);
  switch (view)
    {
    case MV_VIEW_MAP:
      {
        MvSceneMetrics m;
        g_autoptr(MvMapGeometry) g = NULL;

        painter_metrics (&p, &m);
        g = mv_map_geometry_new (scene, &m, width, 0.0);
        h = g->natural_height;
      }
      break;
    case MV_VIEW_MTRR:
    case MV_VIEW_PAGES:
      {
        const MvSceneTable *t = view == MV_VIEW_MTRR ? scene->mtrr_table : scene->pages_table;
        g_autoptr(MvSceneTable) empty = NULL;

        if (t == NULL)
          t = empty = empty_table ("", "");
        h = ceil (2 * MARGIN + table_natural_height (&p, t, width - 2 * MARGIN));
      }
      break;
    case MV_VIEW_GDT:
      h = gdt_natural_height (&p, scene, width);
      break;
    case MV_VIEW_ALL:
    default:
      break;
    }
  painter_clear (&p);
  return h;
}

void
mv_render_view (cairo_t             *cr,
                const MvScene       *scene,
                const MvRenderStyle *style,
                MvView               view,
                double               width,
                double               height)
{
  switch (view)
    {
    case MV_VIEW_MAP:
      mv_render_map (cr, scene, style, width, height);
      break;
    case MV_VIEW_MTRR:
      mv_render_mtrr_table (cr, scene, style, width, height);
      break;
    case MV_VIEW_GDT:
      mv_render_gdt (cr, scene, style, width, height);
      break;
    case MV_VIEW_PAGES:
      mv_render_pages (cr, scene, style, width, height);
      break;
    case MV_VIEW_ALL:
    default:
      {
        /* Each view at its natural height, one under the other, with a
         * rule between them. */
        double y = 0.0;

        for (guint i = 0; i < G_N_ELEMENTS (all_views); i++)
          {
            double h = mv_render_natural_height (scene, style, all_views[i], width);
            guint logged = style->log != NULL ? style->log->len : 0;

            cairo_save (cr);
            cairo_translate (cr, 0, y);
            cairo_rectangle (cr, 0, 0, width, h);
            cairo_clip (cr);
            mv_render_view (cr, scene, style, all_views[i], width, h);
            if (i > 0)
              {
                set_color (cr, style->grid);
                cairo_set_line_width (cr, 1.0);
                cairo_move_to (cr, MARGIN, 0.5);
                cairo_line_to (cr, width - MARGIN, 0.5);
                cairo_stroke (cr);
              }
            cairo_restore (cr);
            /* The log speaks in the caller's coordinates. */
            for (guint k = logged; style->log != NULL && k < style->log->len; k++)
              {
                MvRenderLabel *l = &g_array_index (style->log, MvRenderLabel, k);

                l->box.y += y;
                l->text.y += y;
              }
            y += h;
          }
        if (y < height)
          {
            cairo_save (cr);
            cairo_rectangle (cr, 0, y, width, height - y);
            set_color (cr, style->background);
            cairo_fill (cr);
            cairo_restore (cr);
          }
      }
      break;
    }
}

static gboolean
check_size (double   width,
            double   height,
            double   scale,
            double   max_pixels,
            GError **error)
{
  if (!(scale > 0.0) || scale > 16.0)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_SIZE,
                   "the scale %g is out of range (more than 0, at most 16)", scale);
      return FALSE;
    }
  if (!(width >= 200.0) || !(height >= 1.0) || width * scale > max_pixels || height * scale > max_pixels)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_SIZE,
                   "a picture of %g x %g at scale %g cannot be made: the width must be at least "
                   "200 and each side at most %g pixels once scaled",
                   width, height, scale, max_pixels);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_surface (cairo_surface_t *surface,
               const char      *what,
               GError         **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_CAIRO, "%s: %s", what,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * mv_render_to_image:
 * Paints @view into a new ARGB32 image of (@width x @height) x @scale
 * pixels; @height <= 0 means the view's natural height.
 *
 * Returns: (transfer full) (nullable): the image, or NULL with @error set
 */
cairo_surface_t *
mv_render_to_image (const MvScene       *scene,
                    const MvRenderStyle *style,
                    MvView               view,
                    double               width,
                    double               height,
                    double               scale,
                    GError             **error)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;

  g_return_val_if_fail (scene != NULL && style != NULL, NULL);

  if (height <= 0.0 && width >= 200.0)
    height = mv_render_natural_height (scene, style, view, width);
  if (!check_size (width, height, scale, 32767.0, error))
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                        (int) ceil (height * scale));
  if (!check_surface (surface, "image", error))
    return NULL;
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  mv_render_view (cr, scene, style, view, width, height);
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_CAIRO, "drawing: %s",
                   cairo_status_to_string (cairo_status (cr)));
      return NULL;
    }
  cairo_surface_flush (surface);
  return g_steal_pointer (&surface);
}

/**
 * mv_render_to_file:
 * Renders @view of @scene to @path: PNG, SVG or PDF by the file name's
 * extension. @width and @height are in logical pixels (@height <= 0: the
 * view's natural height); @scale multiplies both (2 for HiDPI). A PDF of
 * MV_VIEW_ALL has one page per view; PNG and SVG stack the views.
 */
gboolean
mv_render_to_file (const MvScene  *scene,
                   const char     *path,
                   MvView          view,
                   double          width,
                   double          height,
                   double          scale,
                   MvTheme         theme,
                   GError        **error)
{
  MvRenderStyle style;
  MvFormat format;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  cairo_status_t status;

  g_return_val_if_fail (scene != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!mv_format_from_path (path, &format, error))
    return FALSE;
  mv_render_style_init (&style, theme);

  if (format == MV_FORMAT_PNG)
    {
      surface = mv_render_to_image (scene, &style, view, width, height, scale, error);
      if (surface == NULL)
        return FALSE;
      status = cairo_surface_write_to_png (surface, path);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_CAIRO, "%s: %s", path,
                       status == CAIRO_STATUS_WRITE_ERROR ? "cannot write the file"
                                                          : cairo_status_to_string (status));
          return FALSE;
        }
      return TRUE;
    }

  if (format == MV_FORMAT_PDF && view == MV_VIEW_ALL)
    {
      /* One page per view, each at its own height. */
      if (!check_size (width, MAX (height, 1.0), scale, 14400.0 * 4, error))
        return FALSE;
      surface = cairo_pdf_surface_create (path, width * scale, 100.0);
      if (!check_surface (surface, path, error))
        return FALSE;
      cr = cairo_create (surface);
      for (guint i = 0; i < G_N_ELEMENTS (all_views); i++)
        {
          double h = height > 0.0 ? height
                                  : mv_render_natural_height (scene, &style, all_views[i], width);

          cairo_pdf_surface_set_size (surface, width * scale, h * scale);
          cairo_save (cr);
          cairo_scale (cr, scale, scale);
          mv_render_view (cr, scene, &style, all_views[i], width, h);
          cairo_restore (cr);
          cairo_show_page (cr);
        }
    }
  else
    {
      if (height <= 0.0 && width >= 200.0)
        height = mv_render_natural_height (scene, &style, view, width);
      if (!check_size (width, height, scale, 14400.0 * 4, error))
        return FALSE;
      if (format == MV_FORMAT_SVG)
        {
          surface = cairo_svg_surface_create (path, width * scale, height * scale);
          /* Pixels as in the PNG: cairo's default "pt" shows it 4/3 larger. */
          cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
        }
      else
        surface = cairo_pdf_surface_create (path, width * scale, height * scale);
      if (!check_surface (surface, path, error))
        return FALSE;
      cr = cairo_create (surface);
      cairo_scale (cr, scale, scale);
      mv_render_view (cr, scene, &style, view, width, height);
      cairo_show_page (cr);
    }

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_CAIRO, "%s: %s", path,
                   cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }
  g_clear_pointer (&cr, cairo_destroy);
  cairo_surface_finish (surface);
  return check_surface (surface, path, error);
}

/**
 * mv_render_shutdown:
 * Drops the font caches pango, cairo and fontconfig keep for the whole
 * process, so that a leak checker sees a clean exit. Call it once, at the
 * end of a program that rendered; rendering after it works but reloads
 * the fonts.
 */
void
mv_render_shutdown (void)
{
  g_autoptr(PangoFontMap) font_map = NULL;
  gint64 deadline;
  gboolean alone;

  text_cache_clear ();
  _mv_render_forget_layouts ();

  /* Pango 1.50 matches fonts in threads of its own ("[pango]
   * FcFontSetMatch", "FcFontSetSort"); each holds the font map and lets
   * go of it as the very last thing it does, after it has handed its
   * result over. Until every one of them has, the font map, its patterns
   * and its fonts are alive, and tearing fontconfig and cairo down under
   * them fails their assertions (about one run in two hundred on a busy
   * machine). So hold the font map until this reference is the only one,
   * and finalise it here; if the threads do not finish within a generous
   * deadline, leave the libraries' caches alone. */
  font_map = g_object_ref (pango_cairo_font_map_get_default ());
  pango_cairo_font_map_set_default (NULL);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!(alone = g_atomic_int_get (&G_OBJECT (font_map)->ref_count) == 1)
         && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_clear_object (&font_map);
  if (!alone)
    return;

  cairo_debug_reset_static_data ();
  FcFini ();
}
