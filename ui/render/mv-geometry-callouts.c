/* SPDX-License-Identifier: MIT */
/* The map's callouts: labels too wide for their bars, moved to rows under
 * their lane with a leader line from the bar. Each sits at its bar, so no
 * two leaders cross. Pure, like the rest of the geometry. */
#include "mv-geometry-private.h"

/* Between two labels in a row. */
#define LABEL_GAP 10.0
/* Lanes with more bars than this get no callouts. */
#define MAX_CALLOUT_ITEMS 64
/* Callouts take up to this many rows under their lane. */
#define CALLOUT_ROWS 6
/* A label that starts or ends at its bar reaches this far past the
 * bar's middle. */
#define CALLOUT_HOOK 8.0
/* Leaders keep this far from each other and from other labels. */
#define LEADER_GAP 3.0

/* The x span of @c's leader's run across, from its bar's anchor to where
 * it turns down into the label (as the painter draws it). */
static void
leader_run (const MvCallout *c,
            double          *lo,
            double          *hi)
{
  double turn = CLAMP (c->anchor_x, c->rect.x + 2.0, c->rect.x + c->rect.width - 2.0);

  *lo = MIN (c->anchor_x, turn);
  *hi = MAX (c->anchor_x, turn);
}

/* Whether callouts @a and @b, under the same lane, would have leaders that
 * cross or meet, or a leader that passes behind the other's label (which
 * would read as naming it). A leader runs down from its bar to just over
 * its row, across, and down into its label; only bars on the lane's last
 * row have callouts, so all leaders start at the same height. */
static gboolean
callouts_clash (const MvCallout *a,
                const MvCallout *b)
{
  double alo, ahi, blo, bhi;

  leader_run (a, &alo, &ahi);
  leader_run (b, &blo, &bhi);
  if (a->row == b->row)
    /* Runs across at one height must not share a point. */
    return alo <= bhi + LEADER_GAP && blo <= ahi + LEADER_GAP;
  if (a->row > b->row)
    {
      const MvCallout *t = a;

      a = b;
      b = t;
      alo = blo;
      ahi = bhi;
    }
  /* @b's leader passes down through @a's row: clear of @a's run across
   * and of @a's label. */
  return (b->anchor_x >= alo - LEADER_GAP && b->anchor_x <= ahi + LEADER_GAP) ||
         (b->anchor_x >= a->rect.x - 2.0 - LEADER_GAP &&
          b->anchor_x <= a->rect.x + a->rect.width + 2.0 + LEADER_GAP);
}

/* Whether @ib's label fits neither in its bar nor right of it, so that it
 * wants a callout. */
static gboolean
wants_callout (const MvMapGeometry  *g,
               const MvScene        *scene,
               const MvSceneMetrics *m,
               const MvItemBox      *ib,
               double                x0,
               double                x1)
{
  const MvSceneLane *lane = g_ptr_array_index (scene->lanes, ib->lane);
  const MvSceneItem *item = mv_map_geometry_item (g, scene, ib);
  double w, room;

  /* Callouts help a few narrow bars; for hundreds they are noise. */
  if (ib->span || item->label == NULL || (guint) ib->rect.y + 1 != lane->n_rows ||
      lane->items->len > MAX_CALLOUT_ITEMS)
    return FALSE;
  w = _mv_map_geometry_text_width (m, item->label, MV_TEXT_SMALL);
  if (w + 4.0 <= ib->rect.width || w > x1 - x0)
    return FALSE;
  room = ib->free_end - (ib->rect.x + ib->rect.width) - 12.0;
  return _mv_map_geometry_text_width (m, item->label, MV_TEXT_BOLD) > room;
}

/* Places @ib's callout, if it can, in @placed (the lane's callouts so
 * far): in the nearest row where its label overlaps no label placed and
 * neither its leader passes behind a label nor another leader behind it.
 * The bars are taken in the order @dir (1 right to left, -1 left to
 * right): the label goes centred under its bar, unless that covers the bar
 * taken next (at @next_anchor), else on the side away from that bar, its
 * end at the bar; on the other side only where neither fits in any row. */
static void
place_callout (const MvMapGeometry  *g,
               const MvScene        *scene,
               const MvSceneMetrics *m,
               const MvItemBox      *ib,
               int                   dir,
               double                next_anchor,
               double                x0,
               double                x1,
               GArray               *placed)
{
  double w = _mv_map_geometry_text_width (m, mv_map_geometry_item (g, scene, ib)->label, MV_TEXT_SMALL);
  double cx = ib->rect.x + ib->rect.width / 2;
  const double at[] = {
    cx - w / 2,
    dir > 0 ? cx - CALLOUT_HOOK : cx + CALLOUT_HOOK - w,
    dir > 0 ? cx + CALLOUT_HOOK - w : cx - CALLOUT_HOOK,
  };

  for (guint q = 0; q < 2 * CALLOUT_ROWS; q++)
    for (guint p = q < CALLOUT_ROWS ? 0 : 2; p < (q < CALLOUT_ROWS ? 2 : 3); p++)
      {
        MvCallout c = {
          .item_box = (guint) (ib - &g_array_index (g->items, MvItemBox, 0)),
          .row = q % CALLOUT_ROWS,
          .rect = { CLAMP (at[p], x0, x1 - w), 0.0, w, 0.0 },
          .anchor_x = cx,
        };
        gboolean clash = FALSE;

        /* The label holds the foot of its leader. */
        if (cx < c.rect.x + 2.0 || cx > c.rect.x + w - 2.0)
          continue;
        if (p == 0 && next_anchor >= c.rect.x - 2.0 - LEADER_GAP &&
            next_anchor <= c.rect.x + w + 2.0 + LEADER_GAP)
          continue;
        for (guint k = 0; k < placed->len && !clash; k++)
          {
            const MvCallout *o = &g_array_index (placed, MvCallout, k);

            clash = callouts_clash (o, &c) ||
                    (o->row == c.row && c.rect.x < o->rect.x + o->rect.width + LABEL_GAP &&
                     o->rect.x < c.rect.x + w + LABEL_GAP);
          }
        if (clash)
          continue;
        g_array_append_val (placed, c);
        return;
      }
}

/* The callouts of one lane's @wanting bars (in x order), taken in the
 * order @dir (see place_callout ()); returns how many rows they take. */
static guint
place_lane_callouts (const MvMapGeometry  *g,
                     const MvScene        *scene,
                     const MvSceneMetrics *m,
                     GPtrArray            *wanting,
                     int                   dir,
                     double                x0,
                     double                x1,
                     GArray               *placed)
{
  guint rows = 0;

  for (guint j = 0; j < wanting->len; j++)
    {
      guint k = dir > 0 ? wanting->len - 1 - j : j;
      const MvItemBox *next = NULL;

      if (dir > 0 && k > 0)
        next = g_ptr_array_index (wanting, k - 1);
      else if (dir < 0 && k + 1 < wanting->len)
        next = g_ptr_array_index (wanting, k + 1);
      place_callout (g, scene, m, g_ptr_array_index (wanting, k), dir,
                     next != NULL ? next->rect.x + next->rect.width / 2 : -G_MAXDOUBLE,
                     x0, x1, placed);
    }
  for (guint i = 0; i < placed->len; i++)
    rows = MAX (rows, g_array_index (placed, MvCallout, i).row + 1);
  return rows;
}

/* Labels that fit neither in their bar nor right of it move to a row
 * under their lane, each at its bar, so its leader drops straight from
 * the bar into the label and no two leaders cross. A cluster of narrow
 * bars gets a staircase of labels; it is built right to left and left to
 * right, and the one that places more labels, in fewer rows, is kept. A
 * bar with no place keeps its shortened label. Only bars on a lane's last
 * row have callouts (a leader line never crosses another bar). */
void
_mv_map_geometry_place_callouts (MvMapGeometry        *g,
                                 const MvScene        *scene,
                                 const MvSceneMetrics *m,
                                 double                x0,
                                 double                x1,
                                 guint                *callout_rows)
{
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (g->items->len);
  g_autoptr(GPtrArray) wanting = g_ptr_array_new ();
  g_autoptr(GArray) rtl = g_array_new (FALSE, FALSE, sizeof (MvCallout));
  g_autoptr(GArray) ltr = g_array_new (FALSE, FALSE, sizeof (MvCallout));

  /* By lane, row and x. */
  for (guint i = 0; i < g->items->len; i++)
    g_ptr_array_add (order, &g_array_index (g->items, MvItemBox, i));
  g_ptr_array_sort (order, _mv_item_box_compare);

  for (guint i = 0; i < order->len; i++)
    {
      MvItemBox *ib = g_ptr_array_index (order, i);
      guint rows_rtl, rows_ltr;
      GArray *best;

      if (wants_callout (g, scene, m, ib, x0, x1))
        g_ptr_array_add (wanting, ib);
      if (i + 1 < order->len && ((MvItemBox *) g_ptr_array_index (order, i + 1))->lane == ib->lane)
        continue;
      /* The lane's last bar: place its callouts. */
      if (wanting->len == 0)
        continue;
      g_array_set_size (rtl, 0);
      g_array_set_size (ltr, 0);
      rows_rtl = place_lane_callouts (g, scene, m, wanting, 1, x0, x1, rtl);
      rows_ltr = place_lane_callouts (g, scene, m, wanting, -1, x0, x1, ltr);
      best = ltr->len > rtl->len || (ltr->len == rtl->len && rows_ltr < rows_rtl) ? ltr : rtl;
      for (guint k = 0; k < best->len; k++)
        {
          const MvCallout *c = &g_array_index (best, MvCallout, k);

          g_array_index (g->items, MvItemBox, c->item_box).label_moved = TRUE;
          g_array_append_val (g->callouts, *c);
        }
      callout_rows[ib->lane] = best == ltr ? rows_ltr : rows_rtl;
      g_ptr_array_set_size (wanting, 0);
    }
}
