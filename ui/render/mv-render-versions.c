/* SPDX-License-Identifier: MIT */
/* The versions view: OpenVMM's versions side by side (built by
 * mv-scene-versions.c). The map painter draws the lanes on their one
 * axis; this adds what makes them a comparison: each band's heading,
 * the addresses where the versions differ marked across the bands, a
 * failed version's error in its band, the line saying what the marking
 * means and the table of the differences. */
#include <math.h>

#include "mv-render-private.h"
#include "mv-scene-versions.h"

#define SECTION_GAP  14.0
#define SWATCH_W     28.0
#define MARK_ALPHA   0.18

static double
legend_line_height (MvPainter *p)
{
  return p->line_height[MV_TEXT_BODY] + 8.0;
}

double
_mv_versions_natural_height (MvPainter             *p,
                             const MvVersionsScene *scene,
                             const MvRenderStyle   *style,
                             double                 width)
{
  g_autoptr(MvMapGeometry) g = NULL;
  double h;

  if (scene == NULL || scene->map == NULL)
    return ceil (2 * MV_RENDER_MARGIN + p->line_height[MV_TEXT_TITLE] + 8.0 +
                 3 * p->line_height[MV_TEXT_BODY]);
  g = mv_render_map_geometry (scene->map, style, width, 0.0);
  h = g->natural_height + legend_line_height (p);
  if (scene->table != NULL)
    h += SECTION_GAP + _mv_table_natural_height (p, scene->table, width - 2 * MV_RENDER_MARGIN) +
         MV_RENDER_MARGIN / 2;
  return ceil (h);
}

/* The marking of [x0, x1) from @top to @bottom: a tint and its edges. */
static void
paint_mark (MvPainter *p,
            double     x0,
            double     x1,
            double     top,
            double     bottom)
{
  cairo_t *cr = p->cr;

  cairo_rectangle (cr, x0, top, x1 - x0, bottom - top);
  _mv_set_color_alpha (cr, p->style->warning, MARK_ALPHA);
  cairo_fill (cr);
  _mv_set_color (cr, p->style->warning);
  cairo_set_line_width (cr, 2.0);
  cairo_move_to (cr, x0 + 1.0, top);
  cairo_line_to (cr, x0 + 1.0, bottom);
  cairo_move_to (cr, x1 - 1.0, top);
  cairo_line_to (cr, x1 - 1.0, bottom);
  cairo_stroke (cr);
}

/* Where the versions differ, across every band: from the first band's
 * heading to the last band's bottom. */
static void
paint_differences (MvPainter             *p,
                   const MvVersionsScene *scene,
                   const MvMapGeometry   *g)
{
  const MvVersionsBand *first, *last;
  const MvLaneBox *top_box, *bottom_box;
  double top, bottom, px0 = mv_scale_get_x0 (g->scale), px1 = mv_scale_get_x1 (g->scale);

  if (scene->bands->len == 0 || scene->differences->len == 0)
    return;
  first = &g_array_index (scene->bands, MvVersionsBand, 0);
  last = &g_array_index (scene->bands, MvVersionsBand, scene->bands->len - 1);
  top_box = mv_map_geometry_find_lane (g, first->first_lane);
  bottom_box = mv_map_geometry_find_lane (g, last->first_lane + last->n_lanes - 1);
  if (top_box == NULL || bottom_box == NULL)
    return;
  top = top_box->heading_rect.y - 4.0;
  bottom = bottom_box->rect.y + bottom_box->rect.height + 4.0;
  for (guint i = 0; i < scene->differences->len; i++)
    {
      const MvVersionDifference *d = &g_array_index (scene->differences, MvVersionDifference, i);
      double x0, x1;

      /* Outside a close-up's window: not there to mark. */
      if (d->range.end <= mv_scale_get_start (g->scale) || d->range.start >= mv_scale_get_end (g->scale))
        continue;
      x0 = CLAMP (mv_scale_to_x (g->scale, d->range.start), px0, px1);
      x1 = CLAMP (mv_scale_to_x (g->scale, d->range.end), px0, px1);

      if (x1 - x0 < 4.0)
        {
          double mid = (x0 + x1) / 2;

          x0 = MAX (px0, mid - 2.0);
          x1 = MIN (px1, x0 + 4.0);
        }
      paint_mark (p, x0, x1, top, bottom);
    }
}

/* A failed version's band: its lane outlined in the error colour, the
 * error written in it. */
static void
paint_errors (MvPainter             *p,
              const MvVersionsScene *scene,
              const MvMapGeometry   *g)
{
  const MvRenderStyle *style = p->style;

  for (guint i = 0; i < scene->bands->len; i++)
    {
      const MvVersionsBand *band = &g_array_index (scene->bands, MvVersionsBand, i);
      const MvLaneBox *lb = mv_map_geometry_find_lane (g, band->first_lane);
      g_autofree char *text = NULL;
      MvRect r, box;
      double text_h;
      guint lines;

      if (band->error == NULL || lb == NULL)
        continue;
      r = lb->rect;
      _mv_rounded_rect (p->cr, &r, 3.0);
      _mv_set_color (p->cr, _mv_mix (style->background, style->error, 0.08));
      cairo_fill_preserve (p->cr);
      _mv_set_color (p->cr, style->error);
      cairo_set_line_width (p->cr, 2.0);
      cairo_stroke (p->cr);
      text = g_strdup_printf ("%s: %s", band->error_kind, band->error);
      box = (MvRect) { r.x + 10.0, r.y + 6.0, r.width - 20.0, r.height - 12.0 };
      /* Centred in the band, on the lines it needs. */
      lines = MAX (1u, _mv_painter_wrapped_lines (p, text, MV_TEXT_BOLD, box.width));
      text_h = MIN (box.height, lines * p->line_height[MV_TEXT_BOLD]);
      box.y += floor ((box.height - text_h) / 2);
      box.height = text_h;
      _mv_draw_text_wrapped (p, text, MV_TEXT_BOLD, &box, style->error);
    }
}

/* The line under the map's legend: what the marking means. */
static void
paint_marking_legend (MvPainter             *p,
                      const MvVersionsScene *scene,
                      double                 y,
                      double                 width)
{
  double lh = p->line_height[MV_TEXT_BODY];
  double sh = MIN (lh, 14.0);
  double x = MV_RENDER_MARGIN;
  MvRect box = { x + SWATCH_W + 10.0, y, width - 2 * MV_RENDER_MARGIN - SWATCH_W - 10.0, lh };

  if (scene->differences->len > 0)
    paint_mark (p, x, x + SWATCH_W, y + (lh - sh) / 2, y + (lh + sh) / 2);
  else
    {
      cairo_rectangle (p->cr, x + 0.5, y + (lh - sh) / 2 + 0.5, SWATCH_W - 1.0, sh - 1.0);
      _mv_set_color (p->cr, p->style->grid);
      cairo_set_line_width (p->cr, 1.0);
      cairo_stroke (p->cr);
    }
  _mv_draw_text (p, scene->marking, MV_TEXT_BODY, &box, MV_ALIGN_START, p->style->foreground, NULL);
}

static void
paint_missing (MvPainter             *p,
               const MvVersionsScene *scene,
               double                 width)
{
  double x = MV_RENDER_MARGIN, y = MV_RENDER_MARGIN, w = width - 2 * MV_RENDER_MARGIN;
  MvRect tbox = { x, y, w, p->line_height[MV_TEXT_TITLE] };
  MvRect box = { x, y + p->line_height[MV_TEXT_TITLE] + 8.0, w, 3 * p->line_height[MV_TEXT_BODY] };

  _mv_draw_text (p, scene != NULL ? scene->title : "OpenVMM's versions side by side", MV_TEXT_TITLE,
                 &tbox, MV_ALIGN_START, p->style->foreground, NULL);
  _mv_draw_text_wrapped (p, scene != NULL && scene->note != NULL ? scene->note
                         : "Nothing to compare: the versions need a layout.",
                         MV_TEXT_BODY, &box, p->style->muted);
}

void
_mv_render_versions_with (cairo_t               *cr,
                          const MvVersionsScene *scene,
                          const MvRenderStyle   *style,
                          double                 width,
                          double                 height,
                          const MvRenderOptions *options)
{
  g_autoptr(MvMapGeometry) g = NULL;
  MvPainter p;
  double y;

  _mv_painter_begin (&p, cr, style, options, width, height, 1.0);
  if (scene == NULL || scene->map == NULL)
    {
      paint_missing (&p, scene, width);
      _mv_painter_end (&p);
      return;
    }
  _mv_painter_end (&p);

  /* The lanes on their axis, at the map's natural height; the map
   * painter writes the bands' headings. */
  g = mv_render_map_geometry (scene->map, style, width, 0.0);
  _mv_render_map_with (cr, scene->map, style, g, width, g->natural_height, options);

  cairo_save (cr);
  _mv_painter_init (&p, cr, style, options);
  paint_differences (&p, scene, g);
  paint_errors (&p, scene, g);
  y = g->used_height - MV_RENDER_MARGIN + 8.0;
  paint_marking_legend (&p, scene, y, width);
  y += legend_line_height (&p);
  if (scene->table != NULL)
    _mv_paint_table (&p, scene->table, NULL, MV_RENDER_MARGIN, y + SECTION_GAP,
                     width - 2 * MV_RENDER_MARGIN, MAX (height - y - SECTION_GAP, 0.0));
  _mv_painter_clear (&p);
  cairo_restore (cr);
}

/**
 * mv_render_versions:
 * Paints OpenVMM's versions side by side (NULL: a note that there is
 * nothing to compare).
 */
void
mv_render_versions (cairo_t               *cr,
                    const MvVersionsScene *scene,
                    const MvRenderStyle   *style,
                    double                 width,
                    double                 height)
{
  g_return_if_fail (cr != NULL && style != NULL);

  _mv_render_versions_with (cr, scene, style, width, height, NULL);
}
