/* SPDX-License-Identifier: MIT */
/* The map painter: draws what the geometry (mv-geometry.c and
 * mv-geometry-labels.c) placed; it places nothing itself. */
#include <math.h>

#include "mv-render-private.h"

/* The title, its subtitle and the scale's caption where the geometry
 * put it: beside the title, or on a line of its own under the subtitle. */
static void
paint_title (MvPainter           *p,
             const char          *title,
             const char          *subtitle,
             const MvMapGeometry *g)
{
  const MvRect *r = &g->title_rect;
  gboolean beside = g->caption_rect.y <= r->y + 0.5;
  double y = r->y;
  double aside_w = 0.0;

  if (g->caption != NULL)
    _mv_draw_text (p, g->caption, MV_TEXT_SMALL, &g->caption_rect, beside ? MV_ALIGN_END : MV_ALIGN_START,
                   p->style->muted, NULL);
  if (g->caption != NULL && beside)
    aside_w = g->caption_rect.width + 16.0;
  if (title != NULL)
    {
      MvRect box = { r->x, y, r->width - aside_w, p->line_height[MV_TEXT_TITLE] };

      _mv_draw_text (p, title, MV_TEXT_TITLE, &box, MV_ALIGN_START, p->style->foreground, NULL);
      y += p->line_height[MV_TEXT_TITLE];
    }
  if (subtitle != NULL)
    {
      /* Under a title, the line is the subtitle's alone. */
      double w = title != NULL ? r->width : r->width - aside_w;
      MvRect box = { r->x, y + 2.0, w, p->line_height[MV_TEXT_SMALL] };

      _mv_draw_text (p, subtitle, MV_TEXT_SMALL, &box, MV_ALIGN_START, p->style->muted, NULL);
    }
}

/* Lane tracks and titles. */
static void
paint_lanes (MvPainter           *p,
             const MvScene       *scene,
             const MvMapGeometry *g)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;

  for (guint i = 0; i < g->lanes->len; i++)
    {
      const MvLaneBox *lb = &g_array_index (g->lanes, MvLaneBox, i);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, lb->lane);
      double title_h = p->line_height[MV_TEXT_BOLD];
      double sub_h = lane->subtitle ? p->line_height[MV_TEXT_SMALL] : 0.0;
      double block = title_h + sub_h;
      const MvRect *tr = &lb->title_rect;
      double ty = tr->y + MAX (0.0, (MIN (tr->height, lb->row_height) - block) / 2);
      MvRect track = lb->rect;

      _mv_rounded_rect (cr, &track, 3.0);
      _mv_set_color (cr, style->lane);
      cairo_fill (cr);

      if (lb->subtitle_beside || block > tr->height + 0.5)
        {
          /* Room for one line only: the subtitle beside the title where
           * it fits (the geometry says). */
          _mv_draw_text (p, lane->title, MV_TEXT_BOLD, tr, MV_ALIGN_START, style->foreground, NULL);
        }
      else
        {
          MvRect tbox = { tr->x, ty, tr->width, title_h };

          _mv_draw_text (p, lane->title, MV_TEXT_BOLD, &tbox, MV_ALIGN_START, style->foreground, NULL);
        }
      if (lane->subtitle != NULL && lb->subtitle_rect.width > 0.0)
        _mv_draw_text (p, lane->subtitle, MV_TEXT_SMALL, &lb->subtitle_rect, MV_ALIGN_START,
                       style->muted, NULL);
    }
}

/* The bands' headings, over the grid and the break marks: a rule, the
 * heading and its note. */
static void
paint_headings (MvPainter           *p,
                const MvScene       *scene,
                const MvMapGeometry *g)
{
  cairo_t *cr = p->cr;

  for (guint i = 0; i < g->lanes->len; i++)
    {
      const MvLaneBox *lb = &g_array_index (g->lanes, MvLaneBox, i);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, lb->lane);
      MvRect r = lb->heading_rect;

      if (r.height <= 0.0)
        continue;
      _mv_set_color (cr, p->style->background);
      cairo_rectangle (cr, r.x, r.y - MV_HEADING_RULE_ABOVE, r.width,
                       r.height + MV_HEADING_RULE_ABOVE + MV_HEADING_CLEAR_BELOW);
      cairo_fill (cr);
      if (i > 0)
        {
          _mv_set_color (cr, p->style->grid);
          cairo_rectangle (cr, r.x, r.y - MV_HEADING_RULE_ABOVE, r.width, 1.0);
          cairo_fill (cr);
        }
      if (lane->heading != NULL)
        {
          /* On the lines the geometry gave it: whole, never cut. */
          MvRect box = { r.x, r.y, r.width, MAX (lb->heading_lines, 1u) * p->line_height[MV_TEXT_BOLD] };
          MvColor color = lane->heading_warning ? p->style->warning : p->style->foreground;

          if (lb->heading_lines > 1)
            _mv_draw_text_prose (p, lane->heading, MV_TEXT_BOLD, &box, color);
          else
            _mv_draw_text (p, lane->heading, MV_TEXT_BOLD, &box, MV_ALIGN_START, color, NULL);
          r.y += box.height;
          r.height -= box.height;
        }
      if (lane->heading_note != NULL && r.height > 0.0)
        _mv_draw_text_wrapped (p, lane->heading_note, MV_TEXT_BODY, &r, p->style->foreground);
    }
}

/* Grid lines at the labelled ticks. */
static void
paint_grid (MvPainter           *p,
            const MvMapGeometry *g)
{
  static const double dash[] = { 2.0, 3.0 };
  cairo_t *cr = p->cr;
  double x0 = mv_scale_get_x0 (g->scale);
  double x1 = mv_scale_get_x1 (g->scale);

  if (g->lanes->len == 0)
    return;
  cairo_save (cr);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_line_width (cr, 1.0);
  _mv_set_color_alpha (cr, p->style->grid, 0.9);
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

/* The bars, then the break marks through the lanes, in the gaps between
 * the lanes. */
static void
paint_bars (MvPainter           *p,
            const MvScene       *scene,
            const MvMapGeometry *g)
{
  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      const MvSceneItem *item = mv_map_geometry_item (g, scene, ib);

      _mv_draw_bar (p, &ib->rect, item->fill, item->flags, NULL);
    }
  for (guint i = 0; i < g->breaks->len; i++)
    {
      const MvScaleSegment *seg = &g_array_index (g->breaks, MvScaleSegment, i);
      double x = (seg->x0 + seg->x1) / 2;
      g_autofree double *marks = g_new (double, g->break_marks->len + 1);
      guint n_marks = 0;

      /* The marks the geometry placed on this break. */
      for (guint k = 0; k < g->break_marks->len; k++)
        {
          const MvRect *r = &g_array_index (g->break_marks, MvRect, k);

          if (fabs (r->x + r->width / 2 - x) < 0.01)
            marks[n_marks++] = r->y + r->height / 2;
        }
      /* None (every gap starts a band): the strip alone. */
      _mv_draw_break (p->cr, p->style, x, g->plot.y - 3.0, g->axis_y - 1.0,
                      marks, n_marks);
    }
}

/* Each bar's clip arrows and the texts the geometry placed for it. */
static void
paint_bar_texts (MvPainter           *p,
                 const MvScene       *scene,
                 const MvMapGeometry *g)
{
  const MvRenderStyle *style = p->style;
  guint t = 0;

  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      const MvSceneItem *item = mv_map_geometry_item (g, scene, ib);
      MvBarLook look = _mv_bar_look (style, item->fill, item->flags);
      gboolean plate = (item->flags & MV_ITEM_MATCHED) || _mv_fill_has_pattern (item->fill);

      if (!ib->label_moved && ib->clipped_start)
        _mv_draw_clip_arrow (p->cr, &ib->rect, TRUE, look.text);
      if (!ib->label_moved && ib->clipped_end)
        _mv_draw_clip_arrow (p->cr, &ib->rect, FALSE, look.text);
      for (; t < g->bar_texts->len && g_array_index (g->bar_texts, MvBarText, t).item_box == i; t++)
        {
          const MvBarText *bt = &g_array_index (g->bar_texts, MvBarText, t);

          if (bt->place == MV_BAR_TEXT_INSIDE)
            _mv_bar_label (p, bt->text, bt->style, &bt->rect, &ib->rect, &look, plate);
          else
            _mv_draw_text (p, bt->text, bt->style, &bt->rect, MV_ALIGN_START,
                           bt->place == MV_BAR_TEXT_BESIDE ? style->foreground : style->muted, NULL);
        }
    }
}

static void
paint_row_notes (MvPainter           *p,
                 const MvMapGeometry *g)
{
  for (guint i = 0; i < g->row_notes->len; i++)
    {
      const MvRowNote *n = &g_array_index (g->row_notes, MvRowNote, i);

      _mv_draw_text (p, n->text, MV_TEXT_SMALL, &n->rect, MV_ALIGN_START, p->style->muted, NULL);
    }
}

/* Callouts: labels moved under their lane. The leaders first, then the
 * labels on plates of the lane's colour, so a leader never strikes
 * through a label. */
static void
paint_callouts (MvPainter           *p,
                const MvScene       *scene,
                const MvMapGeometry *g)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;

  for (guint i = 0; i < g->callouts->len; i++)
    {
      const MvCallout *c = &g_array_index (g->callouts, MvCallout, i);
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, c->item_box);
      double bottom = ib->rect.y + ib->rect.height;
      double lx = CLAMP (c->anchor_x, c->rect.x + 2.0, c->rect.x + c->rect.width - 2.0);

      /* Down from the bar, then across to the label's top. */
      _mv_set_color (cr, style->muted);
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
      MvRect plate = { c->rect.x - 2.0, c->rect.y, c->rect.width + 4.0, c->rect.height };

      _mv_rounded_rect (cr, &plate, 2.0);
      _mv_set_color (cr, style->lane);
      cairo_fill (cr);
      _mv_draw_text (p, mv_map_geometry_item (g, scene, ib)->label, MV_TEXT_SMALL, &c->rect, MV_ALIGN_CENTER,
                     style->foreground, NULL);
    }
}

/* The axis, its ticks and their labels, and the break marks through it. */
static void
paint_axis (MvPainter           *p,
            const MvMapGeometry *g)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;
  double hex_h = p->line_height[MV_TEXT_MONO_SMALL];

  _mv_set_color (cr, style->muted);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, mv_scale_get_x0 (g->scale), floor (g->axis_y) + 0.5);
  cairo_line_to (cr, mv_scale_get_x1 (g->scale), floor (g->axis_y) + 0.5);
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
      MvRect hbox, sbox;

      if (!t->labelled)
        continue;
      hbox = (MvRect) { t->label_rect.x, t->label_rect.y, t->label_rect.width, hex_h };
      sbox = (MvRect) { t->label_rect.x, t->label_rect.y + hex_h, t->label_rect.width,
                        t->label_rect.height - hex_h };
      if (t->label_row > 0)
        {
          /* Clear the leader line under the text. */
          _mv_set_color (cr, style->background);
          cairo_rectangle (cr, t->label_rect.x, t->label_rect.y, t->label_rect.width,
                           t->label_rect.height);
          cairo_fill (cr);
        }
      _mv_draw_text (p, t->hex, MV_TEXT_MONO_SMALL, &hbox, MV_ALIGN_CENTER, style->foreground, NULL);
      _mv_draw_text (p, t->size, MV_TEXT_SMALL, &sbox, MV_ALIGN_CENTER, style->muted, NULL);
    }

  for (guint i = 0; i < g->breaks->len; i++)
    {
      const MvScaleSegment *seg = &g_array_index (g->breaks, MvScaleSegment, i);

      _mv_draw_break (cr, style, (seg->x0 + seg->x1) / 2, g->axis_y - 2.0, g->axis_y + 8.0,
                      NULL, 0);
    }
}

/* Diagnostic markers on the lanes, and their numbered list. */
static void
paint_marks (MvPainter           *p,
             const MvScene       *scene,
             const MvMapGeometry *g)
{
  const MvRenderStyle *style = p->style;
  double lh = p->line_height[MV_TEXT_BODY];
  double s = ceil (p->line_height[MV_TEXT_SMALL] * 1.3);
  MvRect head = { g->marks_rect.x, g->marks_rect.y, g->marks_rect.width, lh };

  for (guint i = 0; i < g->marks->len; i++)
    {
      const MvMarkBox *mb = &g_array_index (g->marks, MvMarkBox, i);
      const MvSceneMark *mark = &g_array_index (scene->marks, MvSceneMark, mb->mark);

      _mv_draw_marker (p, &mb->rect, mark->severity, mb->number);
    }
  if (scene->marks->len == 0)
    return;

  _mv_draw_text (p, "Diagnostics", MV_TEXT_BOLD, &head, MV_ALIGN_START, style->foreground, NULL);
  for (guint i = 0; i < g->mark_rows->len; i++)
    {
      const MvSceneMark *mark = &g_array_index (scene->marks, MvSceneMark, i);
      const MvRect *row = &g_array_index (g->mark_rows, MvRect, i);
      MvRect marker = { g->marks_rect.x + 2.0, row->y + (lh - s) / 2, s, s };
      g_autofree char *line = mv_scene_mark_text (mark);

      _mv_draw_marker (p, &marker, mark->severity, i + 1);
      _mv_draw_text_prose (p, line, MV_TEXT_BODY, row, style->foreground);
    }
  if (g->has_more_marks)
    {
      g_autofree char *more = g_strdup_printf ("\u2026 and %u more",
                                               scene->marks->len - g->n_marks_listed);

      _mv_draw_text (p, more, MV_TEXT_BODY, &g->more_marks_rect, MV_ALIGN_START, style->muted, NULL);
    }
}

static void
paint_legend (MvPainter           *p,
              const MvMapGeometry *g)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;

  for (guint i = 0; i < g->legend->len; i++)
    {
      const MvLegendBox *lb = &g_array_index (g->legend, MvLegendBox, i);

      if (lb->break_mark)
        {
          MvRect sw = lb->swatch;

          _mv_set_color (cr, style->lane);
          cairo_rectangle (cr, sw.x, sw.y, sw.width, sw.height);
          cairo_fill (cr);
          _mv_draw_break (cr, style, sw.x + sw.width / 2, sw.y - 1.0, sw.y + sw.height + 1.0, NULL, 0);
        }
      else
        _mv_draw_bar (p, &lb->swatch, lb->fill,
                      (lb->matched ? MV_ITEM_MATCHED : 0) | (lb->many ? MV_ITEM_MANY : 0), NULL);
      _mv_draw_text (p, lb->label, MV_TEXT_SMALL, &lb->label_rect, MV_ALIGN_START, style->foreground, NULL);
    }
}

/* Draws the map as @g placed it; the texts go over the break marks, so
 * a break never cuts through a text. */
static void
paint_map (MvPainter           *p,
           const MvScene       *scene,
           const MvMapGeometry *g)
{
  if (scene->title != NULL || scene->subtitle != NULL)
    paint_title (p, scene->title, scene->subtitle, g);
  paint_lanes (p, scene, g);
  paint_grid (p, g);
  paint_bars (p, scene, g);
  paint_bar_texts (p, scene, g);
  paint_row_notes (p, g);
  paint_callouts (p, scene, g);
  paint_headings (p, scene, g);
  paint_axis (p, g);
  if (g->empty)
    {
      double x0 = mv_scale_get_x0 (g->scale), x1 = mv_scale_get_x1 (g->scale);
      MvRect box = { x0, g->plot.y, x1 - x0, g->plot.height };

      _mv_draw_text (p, "Nothing to show: no layout, registers or imports", MV_TEXT_BODY, &box,
                     MV_ALIGN_CENTER, p->style->muted, NULL);
    }
  paint_marks (p, scene, g);
  paint_legend (p, g);
}

MvMapGeometry *
mv_render_map_geometry (const MvScene       *scene,
                        const MvRenderStyle *style,
                        double               width,
                        double               height)
{
  MvPainter p;
  MvSceneMetrics m;
  MvMapGeometry *g;

  g_return_val_if_fail (scene != NULL && style != NULL, NULL);

  /* Measured without a context's transform: the same geometry for every
   * surface and scale. */
  _mv_painter_init (&p, NULL, style, NULL);
  _mv_painter_metrics (&p, &m);
  g = mv_map_geometry_new (scene, &m, width, height);
  _mv_painter_clear (&p);
  return g;
}

void
_mv_render_map_with (cairo_t               *cr,
                     const MvScene         *scene,
                     const MvRenderStyle   *style,
                     const MvMapGeometry   *geometry,
                     double                 width,
                     double                 height,
                     const MvRenderOptions *options)
{
  MvPainter p;

  _mv_painter_begin (&p, cr, style, options, width, height, geometry->zoom);
  paint_map (&p, scene, geometry);
  _mv_painter_end (&p);
}

/**
 * mv_render_map_with_geometry:
 * Paints the map view of @scene into @cr as @geometry (from
 * mv_render_map_geometry() for the same scene and style) places it, in
 * `[0, geometry->width) x [0, geometry->height)`: a widget that keeps
 * its geometry for hit testing hands it over instead of having it built
 * again.
 */
void
mv_render_map_with_geometry (cairo_t             *cr,
                             const MvScene       *scene,
                             const MvRenderStyle *style,
                             const MvMapGeometry *geometry)
{
  g_return_if_fail (cr != NULL && scene != NULL && style != NULL && geometry != NULL);

  _mv_render_map_with (cr, scene, style, geometry, geometry->width, geometry->height, NULL);
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
  g_autoptr(MvMapGeometry) g = NULL;

  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);

  g = mv_render_map_geometry (scene, style, width, height);
  _mv_render_map_with (cr, scene, style, g, width, height, NULL);
}
