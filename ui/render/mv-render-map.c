/* SPDX-License-Identifier: MIT */
/* The map painter: lanes, bars and their labels, callouts, the axis,
 * diagnostics and the legend, where the geometry (mv-geometry.c) put them. */
#include <math.h>
#include <string.h>

#include "mv-render-private.h"

#define PAD 6.0

static void
paint_title (MvPainter    *p,
             const char   *title,
             const char   *subtitle,
             const char   *aside,
             const MvRect *r)
{
  double y = r->y;
  double aside_w = 0.0;

  if (aside != NULL)
    {
      aside_w = MIN (_mv_painter_text_width (p, aside, MV_TEXT_SMALL), r->width * 0.45);
      {
        MvRect box = { r->x + r->width - aside_w, y, aside_w, p->line_height[MV_TEXT_TITLE] };

        _mv_draw_text (p, aside, MV_TEXT_SMALL, &box, MV_ALIGN_END, p->style->muted, NULL);
      }
      aside_w += 16.0;
    }
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
paint_map (MvPainter           *p,
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

      _mv_rounded_rect (cr, &track, 3.0);
      _mv_set_color (cr, style->lane);
      cairo_fill (cr);

      if (block > tr->height + 0.5)
        {
          /* Room for one line only. */
          _mv_draw_text (p, lane->title, MV_TEXT_BOLD, tr, MV_ALIGN_START, style->foreground, NULL);
        }
      else
        {
          MvRect tbox = { tr->x, ty, tr->width, title_h };
          MvRect sbox = { tr->x, ty + title_h, tr->width, sub_h };

          _mv_draw_text (p, lane->title, MV_TEXT_BOLD, &tbox, MV_ALIGN_START, style->foreground, NULL);
          if (lane->subtitle != NULL)
            _mv_draw_text (p, lane->subtitle, MV_TEXT_SMALL, &sbox, MV_ALIGN_START, style->muted, NULL);
        }
    }

  /* Grid lines at the labelled ticks */
  if (g->lanes->len > 0)
    {
      static const double dash[] = { 2.0, 3.0 };

      cairo_save (cr);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_line_width (cr, 1.0);
      _mv_set_color_alpha (cr, style->grid, 0.9);
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

      _mv_draw_bar (p, &ib->rect, item->fill, item->flags, NULL);
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
      _mv_draw_break (cr, style, (seg->x0 + seg->x1) / 2, g->plot.y - 3.0, g->axis_y - 1.0,
                  marks, n_marks);
    }
  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, ib->lane);
      const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, ib->item);
      MvBarLook look;
      gboolean plate = (item->flags & MV_ITEM_MATCHED) || _mv_fill_has_pattern (item->fill);
      double two = p->line_height[MV_TEXT_BOLD] + lh_small + 2.0;
      MvRect inner = { ib->rect.x + PAD, ib->rect.y, ib->rect.width - 2 * PAD, ib->rect.height };

      look = _mv_bar_look (style, item->fill, item->flags);
      if (ib->label_moved)
        continue;
      if (ib->clipped_start)
        _mv_draw_clip_arrow (cr, &ib->rect, TRUE, look.text);
      if (ib->clipped_end)
        _mv_draw_clip_arrow (cr, &ib->rect, FALSE, look.text);
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

          _mv_bar_label (p, item->label, MV_TEXT_BOLD, &lbox, &ib->rect, &look, plate);
          _mv_bar_label (p, item->detail, MV_TEXT_SMALL, &dbox, &ib->rect, &look, plate);
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
              (!_mv_fit_text (p, item->label, font, &lbox, MV_ALIGN_CENTER, &where) ||
               p->ellipsized) &&
              _mv_painter_text_width (p, item->label, MV_TEXT_BOLD) <= room)
            {
              MvRect obox = { ib->rect.x + ib->rect.width + PAD, ib->rect.y, room,
                              ib->rect.height };
              double two_out = p->line_height[MV_TEXT_BOLD] + lh_small + 2.0;

              if (item->detail != NULL && ib->rect.height >= two_out + 2.0 &&
                  _mv_painter_text_width (p, item->detail, MV_TEXT_SMALL) <= room)
                {
                  double top = ib->rect.y + (ib->rect.height - two_out) / 2;
                  MvRect l2 = { obox.x, top, room, p->line_height[MV_TEXT_BOLD] };
                  MvRect d2 = { obox.x, top + p->line_height[MV_TEXT_BOLD] + 2.0, room, lh_small };

                  _mv_draw_text (p, item->label, MV_TEXT_BOLD, &l2, MV_ALIGN_START, style->foreground, NULL);
                  _mv_draw_text (p, item->detail, MV_TEXT_SMALL, &d2, MV_ALIGN_START, style->muted, NULL);
                }
              else
                _mv_draw_text (p, item->label, MV_TEXT_BOLD, &obox, MV_ALIGN_START, style->foreground, NULL);
            }
          else
            _mv_bar_label (p, item->label, font, &lbox, &ib->rect, &look, plate);
        }
    }

  for (guint i = 0; i < g->row_notes->len; i++)
    {
      const MvRowNote *n = &g_array_index (g->row_notes, MvRowNote, i);

      _mv_draw_text (p, n->text, MV_TEXT_SMALL, &n->rect, MV_ALIGN_START, style->muted, NULL);
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
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, ib->lane);
      const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, ib->item);
      MvRect plate = { c->rect.x - 2.0, c->rect.y, c->rect.width + 4.0, c->rect.height };

      _mv_rounded_rect (cr, &plate, 2.0);
      _mv_set_color (cr, style->lane);
      cairo_fill (cr);
      _mv_draw_text (p, item->label, MV_TEXT_SMALL, &c->rect, MV_ALIGN_CENTER, style->foreground, NULL);
    }

  /* Axis */
  _mv_set_color (cr, style->muted);
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
          _mv_set_color (cr, style->background);
          cairo_rectangle (cr, t->label_rect.x, t->label_rect.y, t->label_rect.width,
                           t->label_rect.height);
          cairo_fill (cr);
        }
      _mv_draw_text (p, t->hex, MV_TEXT_MONO_SMALL, &hbox, MV_ALIGN_CENTER, style->foreground, NULL);
      _mv_draw_text (p, t->size, MV_TEXT_SMALL, &sbox, MV_ALIGN_CENTER, style->muted, NULL);
    }

  /* Break marks through the axis */
  for (guint i = 0; i < g->breaks->len; i++)
    {
      const MvScaleSegment *seg = &g_array_index (g->breaks, MvScaleSegment, i);

      _mv_draw_break (cr, style, (seg->x0 + seg->x1) / 2, g->axis_y - 2.0, axis_bottom + 2.0, NULL, 0);
    }

  if (g->empty)
    {
      MvRect box = { x0, g->plot.y, x1 - x0, g->plot.height };

      _mv_draw_text (p, "Nothing to show: no layout, registers or imports", MV_TEXT_BODY, &box,
                 MV_ALIGN_CENTER, style->muted, NULL);
    }

  /* Diagnostic markers and their list */
  for (guint i = 0; i < g->marks->len; i++)
    {
      const MvMarkBox *mb = &g_array_index (g->marks, MvMarkBox, i);
      const MvSceneMark *mark = &g_array_index (scene->marks, MvSceneMark, mb->mark);

      _mv_draw_marker (p, &mb->rect, mark->severity, mb->number);
    }
  if (scene->marks->len > 0)
    {
      double s = ceil (lh_small * 1.3);
      MvRect head = { g->marks_rect.x, g->marks_rect.y, g->marks_rect.width, lh };

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

  /* Legend */
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
        _mv_draw_bar (p, &lb->swatch, lb->fill, lb->matched ? MV_ITEM_MATCHED : 0, NULL);
      _mv_draw_text (p, lb->label, MV_TEXT_SMALL, &lb->label_rect, MV_ALIGN_START, style->foreground, NULL);
    }
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
