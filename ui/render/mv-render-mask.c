/* SPDX-License-Identifier: MIT */
/* The explain view: the masked compare of one address as bit columns
 * (built by mv-scene-mask.c), one group per pair the CPU compared. */
#include <math.h>

#include "mv-render-private.h"
#include "mv-scene-mask.h"

#define LABEL_W_MAX 150.0
#define HEX_W_MAX   150.0
#define NIBBLE_GAP  3.0

typedef struct
{
  double title_h;
  double conclusion_h;
  double head_h;        /* a group's heading */
  double ruler_h;       /* bit numbers and the width marker */
  double row_h;         /* one bit row */
  double group_h;       /* a whole group */
  double label_w;
  double hex_w;
  double cell_w;
  double x0;            /* the left of bit width-1 */
  guint  bit_font;      /* the digits': the largest that fits a column */
} MaskLayout;

static const char *const row_names[] = {
  "address", "mask", "address AND mask", "base AND mask", "compare",
};
#define N_ROWS G_N_ELEMENTS (row_names)

static void
mask_layout (MvPainter         *p,
             const MvMaskScene *scene,
             double             width,
             MaskLayout        *ml)
{
  double w = width - 2 * MV_RENDER_MARGIN;
  guint n_bits = MAX (scene->width, 1u);
  double digit = _mv_painter_text_width (p, "0", MV_TEXT_MONO_SMALL);
  double gaps = ((n_bits - 1) / 4) * NIBBLE_GAP;

  ml->title_h = p->line_height[MV_TEXT_TITLE] + 8.0;
  ml->conclusion_h = 0.0;
  if (scene->conclusion != NULL)
    ml->conclusion_h = _mv_painter_wrapped_lines (p, scene->conclusion, MV_TEXT_BODY, w)
                       * p->line_height[MV_TEXT_BODY] + 8.0;
  ml->head_h = p->line_height[MV_TEXT_BOLD] + 6.0;
  ml->ruler_h = p->line_height[MV_TEXT_SMALL] + p->line_height[MV_TEXT_MONO_SMALL] + 6.0;
  ml->row_h = 0.0;  /* once the digits' type is chosen */
  ml->label_w = MIN (LABEL_W_MAX, _mv_painter_text_width (p, "address AND mask", MV_TEXT_SMALL) + 12.0);
  ml->hex_w = MIN (HEX_W_MAX, _mv_painter_text_width (p, "0x0000000000000", MV_TEXT_MONO_SMALL) + 12.0);
  /* The hex column goes first when the bits would be narrower than a digit. */
  if ((w - ml->label_w - ml->hex_w - gaps) / n_bits < digit + 2.0)
    ml->hex_w = 0.0;
  ml->cell_w = MAX ((w - ml->label_w - ml->hex_w - gaps) / n_bits, 1.0);
  ml->x0 = MV_RENDER_MARGIN + ml->label_w;
  /* The digits as large as the columns allow, body type (its digits are
   * all as wide) down to small monospace: 46 to 52 columns fit body type
   * in the explain pane's default width. */
  {
    static const guint fonts[] = { MV_TEXT_BODY, MV_TEXT_MONO, MV_TEXT_MONO_SMALL };

    ml->bit_font = MV_TEXT_MONO_SMALL;
    for (guint i = 0; i < G_N_ELEMENTS (fonts); i++)
      if (MAX (_mv_painter_text_width (p, "0", fonts[i]),
               _mv_painter_text_width (p, "\u2260", fonts[i])) + 2.0 <= ml->cell_w)
        {
          ml->bit_font = fonts[i];
          break;
        }
  }
  ml->row_h = p->line_height[ml->bit_font] + 6.0;
  ml->group_h = ml->head_h + ml->ruler_h + N_ROWS * ml->row_h + 18.0;
}

/* The size of the bit digits' type at @width, in pixels. */
double
_mv_mask_digit_size (MvPainter         *p,
                     const MvMaskScene *scene,
                     double             width)
{
  MaskLayout ml;

  mask_layout (p, scene, width, &ml);
  return (double) pango_font_description_get_size (p->fonts[ml.bit_font]) / PANGO_SCALE;
}

double
_mv_mask_natural_height (MvPainter         *p,
                         const MvMaskScene *scene,
                         double             width)
{
  MaskLayout ml;

  if (scene == NULL)
    return ceil (2 * MV_RENDER_MARGIN + p->line_height[MV_TEXT_TITLE] + 8.0 +
                 p->line_height[MV_TEXT_BODY]);
  mask_layout (p, scene, width, &ml);
  return ceil (2 * MV_RENDER_MARGIN + ml.title_h + ml.conclusion_h +
               (scene->rows->len > 0 ? scene->rows->len * ml.group_h : p->line_height[MV_TEXT_BODY]));
}

/* The left edge of bit @bit's column. */
static double
bit_x (const MaskLayout  *ml,
       const MvMaskScene *scene,
       guint              bit)
{
  guint top = scene->width - 1;

  return ml->x0 + (top - bit) * ml->cell_w + (top / 4 - bit / 4) * NIBBLE_GAP;
}

static MvColor
match_color (const MvRenderStyle *style)
{
  return _mv_mix (style->background, _mv_rgb (0x009E73), style->theme == MV_THEME_DARK ? 0.45 : 0.3);
}

static void
paint_ruler (MvPainter         *p,
             const MvMaskScene *scene,
             const MaskLayout  *ml,
             double             y)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;
  double lh_small = p->line_height[MV_TEXT_SMALL];
  double left = bit_x (ml, scene, scene->width - 1);
  double page = bit_x (ml, scene, 11);
  double right = bit_x (ml, scene, 0) + ml->cell_w;
  g_autofree char *width_text = g_strdup_printf ("MAXPHYADDR = %u: bits %u\u20130 exist, %u\u201312 are compared",
                                                 scene->width, scene->width - 1, scene->width - 1);
  MvRect wbox = { left + 6.0, y, page - left - 8.0, lh_small };
  MvRect pbox = { page + 2.0, y, right - page - 2.0, lh_small };

  /* The physical address width: a bold rule at its top bit, its words
   * over the compared bits; the page offset beside them. */
  _mv_draw_text (p, _mv_painter_text_width (p, width_text, MV_TEXT_SMALL) <= wbox.width
                    ? width_text : "MAXPHYADDR: compared bits",
                 MV_TEXT_SMALL, &wbox, MV_ALIGN_START, style->foreground, NULL);
  _mv_draw_text (p, _mv_painter_text_width (p, "page offset: not compared", MV_TEXT_SMALL) <= pbox.width
                    ? "page offset: not compared" : "not compared",
                 MV_TEXT_SMALL, &pbox, MV_ALIGN_CENTER, style->muted, NULL);

  _mv_set_color (cr, style->foreground);
  cairo_set_line_width (cr, 2.0);
  cairo_move_to (cr, round (left) - 1.0, y + 2.0);
  cairo_line_to (cr, round (left) - 1.0, y + ml->ruler_h + N_ROWS * ml->row_h);
  cairo_stroke (cr);

  /* The top bit, the top bit of each nibble below it, and bit 12. */
  for (int bit = scene->width - 1; bit >= 0; bit--)
    {
      gboolean top = bit == (int) scene->width - 1;
      g_autofree char *num = NULL;
      MvRect box;

      if (!top && bit != 12 && (bit % 4 != 3 || bit == 11 || (int) scene->width - 1 - bit < 3))
        continue;
      num = g_strdup_printf ("%d", bit);
      box = (MvRect) { bit_x (ml, scene, bit) + (top ? 2.0 : 0.0), y + lh_small + 2.0, ml->cell_w * 3, ml->ruler_h - lh_small - 2.0 };
      _mv_draw_text (p, num, MV_TEXT_MONO_SMALL, &box, MV_ALIGN_START, style->muted, NULL);
    }
}

static void
paint_group (MvPainter         *p,
             const MvMaskScene *scene,
             const MvMaskRow   *row,
             const MaskLayout  *ml,
             double             y)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;
  const guint64 values[N_ROWS] = { scene->address, row->mask, row->addr_masked, row->base_masked, 0 };
  MvColor hi = row->match ? match_color (style) : _mv_mix (style->background, style->error, 0.35);
  g_autofree char *head = NULL;
  double top, bits_top;

  if (row->match)
    head = g_strdup_printf ("Pair %u (%s, %s): every compared bit agrees, so it matches",
                            row->pair, row->registers, mv_mem_type_name (row->type));
  else
    {
      int high = 63 - __builtin_clzll (row->deciding);
      int low = __builtin_ctzll (row->deciding);
      guint n = __builtin_popcountll (row->deciding);
      g_autofree char *which = n == 1 ? g_strdup_printf ("bit %d differs", high)
                               : n == (guint) (high - low + 1) ? g_strdup_printf ("bits %d\u2013%d differ", high, low)
                               : g_strdup_printf ("%u bits between %d and %d differ", n, high, low);

      head = g_strdup_printf ("Pair %u (%s, %s): %s, so it does not match",
                              row->pair, row->registers, mv_mem_type_name (row->type), which);
    }
  {
    MvRect hbox = { MV_RENDER_MARGIN, y, ml->label_w + (bit_x (ml, scene, 0) + ml->cell_w - ml->x0) + ml->hex_w,
                    p->line_height[MV_TEXT_BOLD] };

    _mv_draw_text (p, head, MV_TEXT_BOLD, &hbox, MV_ALIGN_START, style->foreground, NULL);
  }
  y += ml->head_h;
  paint_ruler (p, scene, ml, y);
  bits_top = y + ml->ruler_h;

  /* The deciding bits: a band down the four rows and the compare. */
  for (guint bit = 0; bit < scene->width; bit++)
    if ((row->deciding >> bit) & 1)
      {
        double x = bit_x (ml, scene, bit);
        /* One band across a nibble gap when the next bit decides too. */
        double right = bit > 0 && ((row->deciding >> (bit - 1)) & 1) ? bit_x (ml, scene, bit - 1)
                                                                    : x + ml->cell_w;

        _mv_set_color (cr, hi);
        cairo_rectangle (cr, x, bits_top, right - x, N_ROWS * ml->row_h);
        cairo_fill (cr);
      }
  /* The page offset, which no pair compares: shaded. */
  _mv_set_color_alpha (cr, style->foreground, 0.06);
  cairo_rectangle (cr, bit_x (ml, scene, 11), bits_top, bit_x (ml, scene, 0) + ml->cell_w - bit_x (ml, scene, 11),
                   N_ROWS * ml->row_h);
  cairo_fill (cr);

  top = bits_top;
  for (guint r = 0; r < N_ROWS; r++)
    {
      MvRect lbox = { MV_RENDER_MARGIN, top + 3.0, ml->label_w - 8.0, ml->row_h - 6.0 };

      _mv_draw_text (p, row_names[r], MV_TEXT_SMALL, &lbox, MV_ALIGN_END,
                     r == N_ROWS - 1 ? style->muted : style->foreground, NULL);
      for (guint bit = 0; bit < scene->width; bit++)
        {
          gboolean in_mask = (row->mask >> bit) & 1;
          const char *text;
          MvColor c = style->foreground;
          MvRect cell = { bit_x (ml, scene, bit), top + 3.0, ml->cell_w, ml->row_h - 6.0 };

          if (r < N_ROWS - 1)
            {
              gboolean set = (values[r] >> bit) & 1;

              text = set ? "1" : "0";
              if (!set && (r != 0 || bit < 12))
                c = style->muted;
              if (r >= 2 && !in_mask)
                c = style->muted;
            }
          else
            {
              if (!in_mask)
                continue;
              text = ((row->addr_masked ^ row->base_masked) >> bit) & 1 ? "\u2260" : "=";
              c = ((row->deciding >> bit) & 1) && !row->match ? style->error : style->muted;
            }
          _mv_draw_text (p, text, ml->bit_font, &cell, MV_ALIGN_CENTER, c, NULL);
        }
      if (ml->hex_w > 0.0 && r < N_ROWS - 1)
        {
          g_autofree char *hex = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", values[r]);
          MvRect xbox = { bit_x (ml, scene, 0) + ml->cell_w + 10.0, top + 3.0, ml->hex_w - 10.0, ml->row_h - 6.0 };

          _mv_draw_text (p, hex, MV_TEXT_MONO_SMALL, &xbox, MV_ALIGN_START, style->muted, NULL);
        }
      else if (ml->hex_w > 0.0)
        {
          MvRect xbox = { bit_x (ml, scene, 0) + ml->cell_w + 10.0, top + 3.0, ml->hex_w - 10.0, ml->row_h - 6.0 };

          _mv_draw_text (p, row->match ? "equal: match" : "differ: no match", MV_TEXT_SMALL, &xbox,
                         MV_ALIGN_START, row->match ? style->foreground : style->error, NULL);
        }
      top += ml->row_h;
      /* A rule under the operands, as in a sum on paper. */
      if (r == 1 || r == 3)
        {
          _mv_set_color (cr, style->grid);
          cairo_set_line_width (cr, 1.0);
          cairo_move_to (cr, ml->x0, floor (top) + 0.5);
          cairo_line_to (cr, bit_x (ml, scene, 0) + ml->cell_w, floor (top) + 0.5);
          cairo_stroke (cr);
        }
    }
}

static void
paint_mask (MvPainter         *p,
            const MvMaskScene *scene,
            double             width,
            double             height)
{
  const MvRenderStyle *style = p->style;
  double x = MV_RENDER_MARGIN, y = MV_RENDER_MARGIN, w = width - 2 * MV_RENDER_MARGIN;
  MaskLayout ml;

  if (scene == NULL)
    {
      MvRect tbox = { x, y, w, p->line_height[MV_TEXT_TITLE] };
      MvRect box = { x, y + p->line_height[MV_TEXT_TITLE] + 8.0, w, p->line_height[MV_TEXT_BODY] };

      _mv_draw_text (p, "The masked compare", MV_TEXT_TITLE, &tbox, MV_ALIGN_START, style->foreground, NULL);
      _mv_draw_text (p, "No address is explained: give one (--address).", MV_TEXT_BODY, &box,
                     MV_ALIGN_START, style->muted, NULL);
      return;
    }

  mask_layout (p, scene, width, &ml);
  {
    MvRect box = { x, y, w, p->line_height[MV_TEXT_TITLE] };

    _mv_draw_text (p, scene->title, MV_TEXT_TITLE, &box, MV_ALIGN_START, style->foreground, NULL);
  }
  y += ml.title_h;
  if (scene->conclusion != NULL)
    {
      MvRect box = { x, y, w, ml.conclusion_h - 8.0 };

      _mv_draw_text_wrapped (p, scene->conclusion, MV_TEXT_BODY, &box, style->foreground);
      y += ml.conclusion_h;
    }
  if (scene->rows->len == 0)
    {
      MvRect box = { x, y, w, p->line_height[MV_TEXT_BODY] };

      _mv_draw_text (p, scene->note, MV_TEXT_BODY, &box, MV_ALIGN_START, style->muted, NULL);
      return;
    }
  for (guint i = 0; i < scene->rows->len && y + ml.group_h <= height + 0.5; i++)
    {
      paint_group (p, scene, &g_array_index (scene->rows, MvMaskRow, i), &ml, y);
      y += ml.group_h;
    }
}

void
_mv_render_mask_with (cairo_t               *cr,
                      const MvMaskScene     *scene,
                      const MvRenderStyle   *style,
                      double                 width,
                      double                 height,
                      const MvRenderOptions *options)
{
  MvPainter p;

  _mv_painter_begin (&p, cr, style, options, width, height, 1.0);
  paint_mask (&p, scene, width, height);
  _mv_painter_end (&p);
}

/**
 * mv_render_mask:
 * Paints @scene's bit columns (NULL: a note that no address is explained).
 */
void
mv_render_mask (cairo_t             *cr,
                const MvMaskScene   *scene,
                const MvRenderStyle *style,
                double               width,
                double               height)
{
  g_return_if_fail (cr != NULL && style != NULL);

  _mv_render_mask_with (cr, scene, style, width, height, NULL);
}
