/* SPDX-License-Identifier: MIT */
/* The map geometry's address scale: a scene's own, or one shared by
 * several scenes (a lesson's slides) so that an address is at the same x
 * in each. */
#include "mv-geometry.h"
#include "mv-geometry-private.h"

/* The priority of a lane's boundaries for the ticks. */
static guint
lane_priority (const MvSceneLane *lane,
               const MvSceneItem *item)
{
  switch (lane->kind)
    {
    case MV_LANE_LAYOUT: return 0;
    case MV_LANE_PAIR: return (item != NULL && (item->flags & MV_ITEM_MATCHED)) ? 3 : 1;
    case MV_LANE_FIXED: return 2;
    case MV_LANE_EFFECTIVE: return 2;
    case MV_LANE_PAGES:
    default: return 4;
    }
}

gboolean
_mv_map_geometry_item_visible (const MvSceneItem *item,
                               guint64            start,
                               guint64            end)
{
  return item->end > start && item->start < end && item->end > item->start;
}

/* Appends to @bounds the boundaries of @scene's ranges in [@start, @end)
 * that a focus scale gives room to. */
static void
add_bounds (GArray        *bounds,
            const MvScene *scene,
            guint64        start,
            guint64        end)
{
  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

      /* A lane of many runs gives its ends only: a focus scale cannot
       * give each of them room anyway. */
      if (lane->runs != NULL && lane->items->len == 0)
        {
          MvScaleBoundary b = { 0, lane_priority (lane, NULL) };
          guint64 lo, hi;

          mv_scene_runs_get_extent (lane->runs, &lo, &hi);
          if (hi <= start || lo >= end)
            continue;
          b.addr = MAX (lo, start);
          g_array_append_val (bounds, b);
          b.addr = MIN (hi, end);
          g_array_append_val (bounds, b);
        }
      for (guint k = 0; k < lane->items->len; k++)
        {
          const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, k);
          MvScaleBoundary b = { 0, lane_priority (lane, item) };

          if (!_mv_map_geometry_item_visible (item, start, end))
            continue;
          b.addr = item->start;
          g_array_append_val (bounds, b);
          b.addr = item->end;
          g_array_append_val (bounds, b);
        }
    }
}

static MvScale *
new_scale (MvScaleKind  kind,
           guint64      start,
           guint64      end,
           GArray      *bounds,
           double       x0,
           double       x1,
           double       min_width)
{
  if (kind == MV_SCALE_LINEAR)
    return mv_scale_new_linear (start, end, x0, x1);
  if (kind == MV_SCALE_LOG)
    return mv_scale_new_log (start, end, x0, x1);
  return mv_scale_new_focus (start, end, (MvScaleBoundary *) bounds->data, bounds->len,
                             x0, x1, min_width);
}

/* @scene's scale at @zoom: its shared axis (MvScene.axis) when it has
 * one, else one of its own. */
MvScale *
_mv_map_geometry_build_scale (const MvScene *scene,
                              guint64        start,
                              guint64        end,
                              double         x0,
                              double         x1,
                              double         min_width,
                              double         zoom)
{
  g_autoptr(GArray) bounds = g_array_new (FALSE, FALSE, sizeof (MvScaleBoundary));

  if (scene->axis != NULL)
    return mv_scale_copy_scaled (scene->axis, 1.0 / zoom);
  if (scene->scale == MV_SCALE_FOCUS)
    add_bounds (bounds, scene, start, end);
  return new_scale (scene->scale, start, end, bounds, x0, x1, min_width);
}

/**
 * mv_map_geometry_shared_scale:
 * @scenes: (array length=n): scenes over the same window (a lesson's
 *   slides)
 * @geometries: (array length=n): each one's geometry as drawn
 *
 * One scale for all of @scenes, in the pictures' pixels (their zoom
 * applied): its plot where every one has room for it, the focus scale's
 * boundaries all of theirs. Set as each scene's MvScene.axis, an address
 * is at the same x in each picture.
 *
 * Returns: (transfer full): the scale
 */
MvScale *
mv_map_geometry_shared_scale (const MvScene       *const *scenes,
                              const MvMapGeometry *const *geometries,
                              guint                       n)
{
  g_autoptr(GArray) bounds = g_array_new (FALSE, FALSE, sizeof (MvScaleBoundary));
  double x0 = 0.0, x1 = G_MAXDOUBLE, min_width = 0.0;
  guint64 start, end;

  g_return_val_if_fail (n > 0 && scenes != NULL && geometries != NULL, NULL);

  mv_scene_get_extent (scenes[0], &start, &end);
  for (guint i = 0; i < n; i++)
    {
      const MvMapGeometry *g = geometries[i];

      x0 = MAX (x0, g->plot.x * g->zoom);
      x1 = MIN (x1, (g->plot.x + g->plot.width) * g->zoom);
      min_width = MAX (min_width, mv_scale_get_min_width (g->scale) * g->zoom);
      if (scenes[0]->scale == MV_SCALE_FOCUS)
        add_bounds (bounds, scenes[i], start, end);
    }
  return new_scale (scenes[0]->scale, start, end, bounds, x0, x1, min_width);
}
