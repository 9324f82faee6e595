/* SPDX-License-Identifier: MIT */
/* The check that several pictures of one lesson (its slides, the window's
 * steps) put every boundary they share at the same x. */
#include <math.h>

#include "mv-same-x.h"

/* Every boundary of @scene's ranges that the axis shows, with the x it is
 * painted at on its page (@g's zoom applied), checked against (or added
 * to) @xs; returns how many were already there. */
guint
check_boundaries (const MvScene       *scene,
                  const MvMapGeometry *g,
                  GHashTable          *xs)
{
  guint64 start, end;
  guint n_seen = 0;

  mv_scene_get_extent (scene, &start, &end);
  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

      for (guint k = 0; k < lane->items->len; k++)
        {
          const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, k);
          guint64 ends[2] = { item->start, item->end };

          for (guint e = 0; e < 2; e++)
            {
              double x = mv_scale_to_x (g->scale, ends[e]) * g->zoom;
              double *seen;

              if (ends[e] <= start || ends[e] >= end)
                continue;
              seen = g_hash_table_lookup (xs, &ends[e]);
              if (seen == NULL)
                {
                  guint64 *key = g_new (guint64, 1);

                  *key = ends[e];
                  g_hash_table_insert (xs, key, g_memdup2 (&x, sizeof x));
                  continue;
                }
              if (fabs (*seen - x) > 1e-6)
                g_error ("0x%" G_GINT64_MODIFIER "x at x %.3f in one picture (slide or step), %.3f in another",
                         ends[e], *seen, x);
              n_seen++;
            }
        }
    }
  return n_seen;
}
