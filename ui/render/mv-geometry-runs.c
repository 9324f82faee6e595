/* SPDX-License-Identifier: MIT */
/* The bars of a lane drawn from its runs (MvSceneLane.runs), made for one
 * width: a run at least a pixel wide is a bar of its own; the runs that
 * share pixels become one bar, side by side pixels merged, that says how
 * many runs it holds. Each bar is found by a binary search over the
 * runs' starts, so a lane of a million runs costs what its pixels cost;
 * only the bars wide enough for a text (or with room beside them) get
 * their texts. */
#include "mv-geometry-private.h"

#include <math.h>

/* A bar narrower than this, with no room beside it, gets no texts. */
#define MIN_TEXT_WIDTH 12.0
#define MIN_TEXT_ROOM  40.0

void
_mv_span_clear (gpointer data)
{
  MvSpan *span = data;

  g_free (span->item.label);
  g_free (span->item.detail);
}

/**
 * mv_map_geometry_span:
 * Returns: (nullable): the bar @box draws when the geometry made it from
 *   a lane's runs, else NULL
 */
const MvSpan *
mv_map_geometry_span (const MvMapGeometry *g,
                      const MvItemBox     *box)
{
  g_return_val_if_fail (g != NULL && box != NULL, NULL);

  if (!box->span || box->item >= g->spans->len)
    return NULL;
  return &g_array_index (g->spans, MvSpan, box->item);
}

/**
 * mv_map_geometry_item:
 * The item @box draws: one of its lane's, or one the geometry made from
 * the lane's runs.
 */
const MvSceneItem *
mv_map_geometry_item (const MvMapGeometry *g,
                      const MvScene       *scene,
                      const MvItemBox     *box)
{
  const MvSpan *span = mv_map_geometry_span (g, box);
  const MvSceneLane *lane;

  if (span != NULL)
    return &span->item;
  lane = g_ptr_array_index (scene->lanes, box->lane);
  return &g_array_index (lane->items, MvSceneItem, box->item);
}

/**
 * mv_map_geometry_box_at:
 * Returns: (nullable): the bar at (@x, @y), the first drawn there
 */
const MvItemBox *
mv_map_geometry_box_at (const MvMapGeometry *g,
                        double               x,
                        double               y)
{
  g_return_val_if_fail (g != NULL, NULL);

  /* The boxes are as many as the pixels at most, not the runs. */
  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *box = &g_array_index (g->items, MvItemBox, i);

      if (x >= box->rect.x && x <= box->rect.x + box->rect.width &&
          y >= box->rect.y && y <= box->rect.y + box->rect.height)
        return box;
    }
  return NULL;
}

/**
 * mv_map_geometry_pixel_range:
 * The addresses the pixel column at @x covers, `[start, end)`: what
 * hover over a lane of runs lists. FALSE outside the plot.
 */
gboolean
mv_map_geometry_pixel_range (const MvMapGeometry *g,
                             double               x,
                             guint64             *start,
                             guint64             *end)
{
  double x0, x1, px;

  g_return_val_if_fail (g != NULL, FALSE);

  if (g->scale == NULL || g->empty)
    return FALSE;
  x0 = mv_scale_get_x0 (g->scale);
  x1 = mv_scale_get_x1 (g->scale);
  if (x < x0 || x > x1)
    return FALSE;
  px = floor (x);
  *start = mv_scale_to_addr (g->scale, MAX (px, x0));
  *end = px + 1.0 >= x1 ? mv_scale_get_end (g->scale) : mv_scale_to_addr (g->scale, px + 1.0);
  if (*end <= *start)
    *end = *start + 1;
  return TRUE;
}

static double
x_of (const MvMapGeometry *g,
      guint64              addr,
      guint64              start,
      guint64              end)
{
  return mv_scale_to_x (g->scale, CLAMP (addr, start, end));
}

static void
add_span (MvMapGeometry *g,
          guint          lane,
          guint          first,
          guint          n_runs,
          MvSpan        *span,
          double         ix0,
          double         ix1,
          guint64        start,
          guint64        end)
{
  MvItemBox ib = { .lane = lane, .span = TRUE, .item = g->spans->len };
  double x0 = mv_scale_get_x0 (g->scale), x1 = mv_scale_get_x1 (g->scale);

  /* Never thinner than a hairline you can see, as any bar. */
  if (ix1 - ix0 < 2.0)
    {
      double mid = (ix0 + ix1) / 2;

      ix0 = MAX (x0, mid - 1.0);
      ix1 = MIN (x1, ix0 + 2.0);
    }
  span->first = first;
  span->n_runs = n_runs;
  ib.rect = (MvRect) { ix0, 0.0, ix1 - ix0, 0.0 };
  ib.clipped_start = span->item.start < start;
  ib.clipped_end = span->item.end > end;
  g_array_append_val (g->spans, *span);
  g_array_append_val (g->items, ib);
}

/* The texts of the bars made for one lane, from box @from on: those
 * wide enough for one, or with room right of them. */
static void
add_texts (MvMapGeometry     *g,
           const MvSceneRuns *runs,
           guint              from)
{
  double plot_end = mv_scale_get_x1 (g->scale);

  for (guint i = from; i < g->items->len; i++)
    {
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      MvSpan *span = &g_array_index (g->spans, MvSpan, ib->item);
      double next = i + 1 < g->items->len ? g_array_index (g->items, MvItemBox, i + 1).rect.x : plot_end;

      if (ib->rect.width < MIN_TEXT_WIDTH && next - (ib->rect.x + ib->rect.width) < MIN_TEXT_ROOM)
        continue;
      if (span->n_runs == 1)
        {
          span->item.label = mv_scene_runs_text (runs, span->first, FALSE);
          span->item.detail = mv_scene_runs_text (runs, span->first, TRUE);
        }
      else
        {
          g_autofree char *count = mv_scene_format_count (span->n_runs);
          g_autofree char *range = mv_scene_format_range (span->item.start, span->item.end);

          span->item.label = g_strdup_printf ("%s runs", count);
          span->item.detail = g_strdup_printf ("%s \u00b7 first at 0x%" G_GINT64_MODIFIER "x, last at 0x%"
                                               G_GINT64_MODIFIER "x",
                                               range, span->item.start,
                                               mv_scene_runs_get (runs, span->first + span->n_runs - 1)->start);
        }
    }
}

/**
 * _mv_map_geometry_add_runs:
 * Appends the bars of lane @lane_index (which has runs and no items) inside
 * `[start, end)` to the geometry's items and spans, left to right, on
 * the lane's first row. Runs that overlap are drawn over each other.
 */
void
_mv_map_geometry_add_runs (MvMapGeometry *g,
                           const MvScene *scene,
                           guint          lane_index,
                           guint64        start,
                           guint64        end)
{
  const MvSceneLane *lane = g_ptr_array_index (scene->lanes, lane_index);
  const MvSceneRuns *runs = lane->runs;
  guint n = mv_scene_runs_get_n (runs);
  guint i = mv_scene_runs_first_ending_after (runs, start);
  guint from = g->items->len;
  double plot_end = mv_scale_get_x1 (g->scale);

  while (i < n && mv_scene_runs_get (runs, i)->start < end)
    {
      const MvSceneRun *r = mv_scene_runs_get (runs, i);
      double rx0 = x_of (g, r->start, start, end);
      double rx1 = x_of (g, r->end, start, end);
      guint votes[MV_FILL_N] = { 0 };
      guint first = i, best = r->fill;
      double sx0 = rx0, sx1 = rx1;
      MvSpan span = { { 0 } };

      span.item.start = r->start;
      span.item.end = r->end;
      span.item.fill = (MvFill) r->fill;
      span.item.flags = r->flags & MV_ITEM_ERROR;
      if (rx1 - rx0 >= 1.0)
        {
          add_span (g, lane_index, i, 1, &span, rx0, rx1, start, end);
          i++;
          continue;
        }

      /* Runs inside a pixel: all that start before the next pixel, and
       * on while the next run is as small and starts in the next one. */
      for (;;)
        {
          double px = floor (rx0) + 1.0;
          guint64 addr = px >= plot_end ? end : mv_scale_to_addr (g->scale, px);
          const MvSceneRun *last;
          guint j;

          addr = MAX (addr, mv_scene_runs_get (runs, i)->start + 1);
          j = mv_scene_runs_first_starting_at (runs, i + 1, addr);
          /* A run that starts in the pixel and goes on past it is drawn
           * apart (runs that do not overlap: only the last can). */
          last = mv_scene_runs_get (runs, j - 1);
          if (j - 1 > i && x_of (g, last->end, start, end) - x_of (g, last->start, start, end) >= 1.0)
            j--;
          votes[mv_scene_runs_get (runs, i)->fill]++;
          last = mv_scene_runs_get (runs, j - 1);
          span.item.end = MAX (span.item.end, last->end);
          sx1 = MAX (sx1, x_of (g, last->end, start, end));
          i = j;
          if (i >= n || mv_scene_runs_get (runs, i)->start >= end)
            break;
          r = mv_scene_runs_get (runs, i);
          rx0 = x_of (g, r->start, start, end);
          rx1 = x_of (g, r->end, start, end);
          if (rx1 - rx0 >= 1.0 || rx0 >= sx1 + 1.0)
            break;
        }

      if (i - first > 1)
        {
          /* The colour of most of its pixels' first runs. */
          for (guint f = 0; f < MV_FILL_N; f++)
            if (votes[f] > votes[best])
              best = f;
          span.item.fill = (MvFill) best;
          span.item.flags = MV_ITEM_MANY;
          if (mv_scene_runs_n_errors (runs, first, i - first) > 0)
            span.item.flags |= MV_ITEM_ERROR;
        }
      add_span (g, lane_index, first, i - first, &span, sx0, sx1, start, end);
    }
  add_texts (g, runs, from);
}

/**
 * _mv_map_geometry_note_runs_outside:
 * In a close-up, a lane drawn from its runs with none in the window says
 * so on its row (at @top, @row_height high), as a row of bars does.
 */
void
_mv_map_geometry_note_runs_outside (MvMapGeometry *g,
                                    const MvScene *scene,
                                    guint          lane_index,
                                    double         top,
                                    double         row_height)
{
  const MvSceneLane *lane = g_ptr_array_index (scene->lanes, lane_index);
  guint n = mv_scene_runs_get_n (lane->runs);
  g_autofree char *count = NULL;
  MvRowNote note;

  for (guint i = 0; i < g->items->len; i++)
    if (g_array_index (g->items, MvItemBox, i).lane == lane_index)
      return;
  if (n == 0)
    return;
  count = mv_scene_format_count (n);
  note.rect = (MvRect) { g->plot.x + 8.0, top, g->plot.width - 16.0, row_height };
  note.text = g_strdup_printf ("%s runs, all outside the window", count);
  g_array_append_val (g->row_notes, note);
}
