/* SPDX-License-Identifier: MIT */
/* Shapes: the patterns that tell memory types apart (drawn as vectors or
 * from pixel tiles), bars and their labels, diagnostic markers, break
 * marks and clip arrows. */
#include <math.h>

#include "mv-render-private.h"

static MvPattern
fill_pattern (MvFill fill)
{
  switch (fill)
    {
    case MV_FILL_UC: return MV_PATTERN_DIAGONAL;
    case MV_FILL_WC: return MV_PATTERN_DOTS;
    case MV_FILL_WT: return MV_PATTERN_HORIZONTAL;
    case MV_FILL_WP: return MV_PATTERN_CROSS;
    case MV_FILL_RESERVED: return MV_PATTERN_VERTICAL;
    case MV_FILL_UNDEFINED: return MV_PATTERN_GRID;
    case MV_FILL_MMIO: return MV_PATTERN_BACK_DIAGONAL;
    case MV_FILL_PCI_ECAM: return MV_PATTERN_VERTICAL;
    case MV_FILL_PCI_MMIO: return MV_PATTERN_GRID;
    case MV_FILL_VTL2: return MV_PATTERN_DOTS;
    case MV_FILL_ZERO: return MV_PATTERN_DOTS;
    case MV_FILL_UNMEASURED: return MV_PATTERN_HORIZONTAL;
    case MV_FILL_SHARED: return MV_PATTERN_BACK_DIAGONAL;
    case MV_FILL_SECRETS: return MV_PATTERN_CROSS;
    case MV_FILL_CPUID: return MV_PATTERN_VERTICAL;
    case MV_FILL_REQUIRED: return MV_PATTERN_DIAGONAL;
    case MV_FILL_PARAMETER:
    case MV_FILL_VMSA:
    case MV_FILL_WB:
    case MV_FILL_RAM:
    case MV_FILL_DATA:
    default:
      return MV_PATTERN_NONE;
    }
}

/* Whether bars of @fill are hatched: their labels then sit on plates. */
gboolean
_mv_fill_has_pattern (MvFill fill)
{
  return fill_pattern (fill) != MV_PATTERN_NONE;
}

void
_mv_rounded_rect (cairo_t      *cr,
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
} pattern_period[MV_N_PATTERNS] = {
  [MV_PATTERN_DIAGONAL] = { 7, 7 },
  [MV_PATTERN_BACK_DIAGONAL] = { 7, 7 },
  [MV_PATTERN_CROSS] = { 7, 7 },
  [MV_PATTERN_HORIZONTAL] = { 5, 5 },
  [MV_PATTERN_VERTICAL] = { 6, 6 },
  [MV_PATTERN_DOTS] = { 6, 12 },
  [MV_PATTERN_GRID] = { 8, 8 },
};

/*
 * Adds the path of @pattern over [x0, x1) x [y0, y1), anchored to the
 * page: every pattern repeats with its period from the origin, so that
 * neighbouring bars' hatching lines up and a tile of one period repeats
 * it exactly. Returns whether the path is to be filled (dots) rather than
 * stroked.
 */
static gboolean
pattern_path (cairo_t   *cr,
              MvPattern  pattern,
              double     x0,
              double     y0,
              double     x1,
              double     y1)
{
  switch (pattern)
    {
    case MV_PATTERN_DIAGONAL:
    case MV_PATTERN_BACK_DIAGONAL:
    case MV_PATTERN_CROSS:
      {
        /* "/" lines where x + y is a multiple of 7, "\\" ones where
         * x - y is; each runs a step past the box on both ends. */
        const double step = 7.0;

        if (pattern != MV_PATTERN_BACK_DIAGONAL)
          for (double c = floor ((x0 + y0) / step) * step - step; c <= x1 + y1 + step; c += step)
            {
              cairo_move_to (cr, c - y1 - step, y1 + step);
              cairo_line_to (cr, c - y0 + step, y0 - step);
            }
        if (pattern != MV_PATTERN_DIAGONAL)
          for (double c = floor ((x0 - y1) / step) * step - step; c <= x1 - y0 + step; c += step)
            {
              cairo_move_to (cr, c + y0 - step, y0 - step);
              cairo_line_to (cr, c + y1 + step, y1 + step);
            }
      }
      return FALSE;

    case MV_PATTERN_HORIZONTAL:
      for (double y = floor (y0 / 5.0) * 5.0 + 2.5; y < y1 + 5.0; y += 5.0)
        {
          cairo_move_to (cr, x0, y);
          cairo_line_to (cr, x1, y);
        }
      return FALSE;

    case MV_PATTERN_VERTICAL:
      for (double x = floor (x0 / 6.0) * 6.0 + 3.0; x < x1 + 6.0; x += 6.0)
        {
          cairo_move_to (cr, x, y0);
          cairo_line_to (cr, x, y1);
        }
      return FALSE;

    case MV_PATTERN_GRID:
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

    case MV_PATTERN_DOTS:
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

    case MV_PATTERN_NONE:
    case MV_N_PATTERNS:
    default:
      return FALSE;
    }
}

static void
pattern_draw (cairo_t   *cr,
              MvPattern  pattern,
              double     x0,
              double     y0,
              double     x1,
              double     y1)
{
  cairo_set_line_width (cr, 1.2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  if (pattern_path (cr, pattern, x0, y0, x1, y1))
    cairo_fill (cr);
  else
    cairo_stroke (cr);
}

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
pattern_tile_new (MvPattern pattern,
                  int       scale)
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
draw_pattern (MvPainter    *p,
              const MvRect *r,
              MvPattern     pattern,
              MvColor       color,
              double        alpha)
{
  cairo_t *cr = p->cr;
  int scale;

  if (pattern == MV_PATTERN_NONE || r->width < 1.0 || r->height < 1.0 ||
      p->options->patterns == MV_RENDER_PATTERNS_NONE)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  cairo_clip (cr);
  _mv_set_color_alpha (cr, color, alpha);

  scale = p->options->patterns == MV_RENDER_PATTERNS_AUTO
          ? _mv_render_pattern_tile_scale (cr, p->style) : 0;
  if (scale > 0)
    {
      if (p->tiles[pattern] == NULL || p->tile_scale != scale)
        {
          for (guint i = 0; i < MV_N_PATTERNS; i++)
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

MvBarLook
_mv_bar_look (const MvRenderStyle *style,
              MvFill               fill,
              MvItemFlags          flags)
{
  MvBarLook look;
  MvColor base = style->fills[fill];
  gboolean dark = style->theme == MV_THEME_DARK;

  if (flags & MV_ITEM_ALT)
    base = _mv_mix (base, _mv_rgb (0xFFFFFF), dark ? 0.2 : 0.3);
  if (flags & MV_ITEM_DISABLED)
    base = _mv_mix (_mv_mix (base, _mv_rgb (0x808080), 0.75), style->background, 0.3);

  look.fill = base;
  look.text = _mv_text_on (base);
  look.pattern = look.text;
  look.pattern_alpha = 0.3;
  look.border = _mv_mix (base, dark ? _mv_rgb (0xFFFFFF) : _mv_rgb (0x000000), 0.3);
  look.hollow = (flags & MV_ITEM_MATCHED) != 0;
  if (look.hollow)
    {
      look.fill = _mv_mix (style->background, base, dark ? 0.28 : 0.2);
      look.text = style->foreground;
      look.pattern = base;
      look.pattern_alpha = 0.75;
      look.border = base;
    }
  return look;
}

void
_mv_draw_bar (MvPainter    *p,
              const MvRect *r,
              MvFill        fill,
              MvItemFlags   flags,
              MvBarLook    *look_out)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;
  MvBarLook look = _mv_bar_look (style, fill, flags);
  MvRect in = *r;
  /* Thin bars (thousands of page runs) stay cheap: square, no pattern. */
  double radius = r->width >= 8.0 ? 3.0 : 0.0;

  /* A hairline between touching bars. */
  if (in.width > 3.0)
    {
      in.x += 0.5;
      in.width -= 1.0;
    }

  _mv_rounded_rect (cr, &in, radius);
  _mv_set_color (cr, look.fill);
  cairo_fill (cr);

  if (in.width < 4.0)
    ;
  else if (look.hollow)
    draw_pattern (p, &in, MV_PATTERN_DIAGONAL, look.pattern, look.pattern_alpha);
  else
    draw_pattern (p, &in, fill_pattern (fill), look.pattern, look.pattern_alpha);

  if (in.width > 2.0)
    {
      MvRect b = { in.x + 0.5, in.y + 0.5, in.width - 1.0, in.height - 1.0 };

      _mv_rounded_rect (cr, &b, radius);
      _mv_set_color (cr, look.border);
      cairo_set_line_width (cr, look.hollow ? 1.5 : 1.0);
      if (look.hollow)
        {
          static const double dash[] = { 4.0, 3.0 };

          cairo_set_dash (cr, dash, 2, 0);
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Runs that share pixels: a comb of short ticks along both edges,
   * as many runs side by side would draw. */
  if (flags & MV_ITEM_MANY)
    {
      double tick = MIN (5.0, in.height / 4);

      _mv_set_color (cr, look.border);
      cairo_set_line_width (cr, 1.0);
      for (double x = floor (in.x) + 0.5; x < in.x + in.width; x += 3.0)
        {
          cairo_move_to (cr, x, in.y);
          cairo_rel_line_to (cr, 0.0, tick);
          cairo_move_to (cr, x, in.y + in.height);
          cairo_rel_line_to (cr, 0.0, -tick);
        }
      cairo_stroke (cr);
    }

  if (flags & MV_ITEM_ERROR)
    {
      MvRect b = { in.x - 1.0, in.y - 1.0, in.width + 2.0, in.height + 2.0 };

      _mv_rounded_rect (cr, &b, radius + 1);
      _mv_set_color (cr, style->error);
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
  _mv_rounded_rect (cr, &plate, 2.0);
  _mv_set_color (cr, color);
  cairo_fill (cr);
}

/* A label inside a bar, centred, on a plate when the bar has a pattern;
 * the geometry chose the text (see mv-geometry-labels.c). */
void
_mv_bar_label (MvPainter       *p,
               const char      *text,
               guint            font,
               const MvRect    *box,
               const MvRect    *bar,
               const MvBarLook *look,
               gboolean         plate)
{
  MvRect where;

  if (!_mv_fit_text (p, text, font, box, MV_ALIGN_CENTER, &where))
    return;
  if (plate)
    draw_plate (p->cr, &where, bar, look->fill);
  _mv_show_fitted (p, text, box, &where, look->text);
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
void
_mv_draw_marker (MvPainter      *p,
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

        _mv_rounded_rect (cr, &sq, 2.0);
      }
      break;
    }
  _mv_set_color (cr, c);
  cairo_fill_preserve (cr);
  _mv_set_color (cr, p->style->background);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  {
    MvRect wide = { box.x - 2.0, box.y, box.width + 4.0, box.height };

    _mv_draw_text (p, text, MV_TEXT_MARKER, &wide, MV_ALIGN_CENTER, _mv_text_on (c), NULL);
  }
}

/* A compressed span: a gap in the background colour from @top to
 * @bottom, and a "//" across it at each of the @n_marks heights @marks
 * (@marks NULL: one in the middle). */
void
_mv_draw_break (cairo_t             *cr,
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
  _mv_set_color (cr, style->background);
  cairo_fill (cr);

  if (marks == NULL)
    {
      marks = &mid;
      n_marks = 1;
    }
  _mv_set_color (cr, style->muted);
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

void
_mv_draw_clip_arrow (cairo_t      *cr,
                     const MvRect *r,
                     gboolean      left,
                     MvColor       color)
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
  _mv_set_color (cr, color);
  cairo_fill (cr);
}

void
_mv_paint_background (cairo_t             *cr,
                      const MvRenderStyle *style,
                      double               width,
                      double               height)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  _mv_set_color (cr, style->background);
  cairo_fill (cr);
  cairo_restore (cr);
}
