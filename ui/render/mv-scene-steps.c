/* SPDX-License-Identifier: MIT */
/* One step of a lesson as a map scene (see mv-scene-steps.h). */
#include "mv-scene-steps.h"

#include "mv-mtrr-state.h"
#include "mv-scene-mtrr.h"

/**
 * mv_scene_step_title:
 * "Step 2 of 3 · OpenVMM current" or "Step 1 of 3 · fewest pairs".
 *
 * Returns: (transfer full): the title
 */
char *
mv_scene_step_title (const MvSteps *steps,
                     guint          index)
{
  g_return_val_if_fail (steps != NULL, NULL);

  if (steps->strategy == MV_STEPS_STRATEGY_FEWEST)
    return g_strdup_printf ("Step %u of %u \u00b7 fewest pairs", index, mv_steps_get_n_steps (steps) - 1);
  return g_strdup_printf ("Step %u of %u \u00b7 OpenVMM %s", index, mv_steps_get_n_steps (steps) - 1,
                          mv_openvmm_version_to_string (steps->version));
}

/**
 * mv_scene_new_for_step:
 * @layout: (nullable): the guest's layout, drawn on top
 * @index: the step, from 0
 *
 * Returns: (transfer full): the scene of step @index of @steps
 */
MvScene *
mv_scene_new_for_step (const MvLayout *layout,
                       const MvSteps  *steps,
                       guint           index)
{
  const MvStep *step;
  g_autofree char *title = NULL;
  MvScene *scene;
  MvSceneLane *changed;
  int pos;

  g_return_val_if_fail (steps != NULL, NULL);
  g_return_val_if_fail (index < mv_steps_get_n_steps (steps), NULL);

  step = mv_steps_get_step (steps, index);
  title = mv_scene_step_title (steps, index);
  scene = mv_scene_new (title, NULL);
  if (layout != NULL)
    mv_scene_add_layout (scene, layout);
  mv_scene_add_mtrr_analysis (scene, step->state, step->effective, NULL);

  /* The pair added here: the last pair lane, titled so. */
  if (step->has_pair)
    {
      guint n_pairs = 0;
      int lane;

      while (mv_scene_find_lane (scene, MV_LANE_PAIR, n_pairs) >= 0)
        n_pairs++;
      lane = n_pairs > 0 ? mv_scene_find_lane (scene, MV_LANE_PAIR, n_pairs - 1) : -1;
      if (lane >= 0)
        {
          MvSceneLane *l = g_ptr_array_index (scene->lanes, lane);

          g_free (l->title);
          l->title = g_strdup_printf ("MTRR %u \u2190 new", step->pair.n);
        }
    }

  /* What the step changed, right under the layout. */
  changed = mv_scene_add_lane (scene, MV_LANE_EFFECTIVE, "Changed here",
                               step->changed->len == 0 ? "nothing changed" : "type before \u2192 after");
  changed->extends_axis = FALSE;
  for (guint i = 0; i < step->changed->len; i++)
    {
      const MvStepChange *c = &g_array_index (step->changed, MvStepChange, i);
      g_autofree char *label = g_strdup_printf ("%s \u2192 %s", mv_mem_type_name (c->from),
                                                mv_mem_type_name (c->to));
      g_autofree char *detail = mv_scene_format_range (c->range.start, c->range.end);

      mv_scene_lane_add_item (changed, c->range.start, c->range.end, mv_fill_for_mem_type (c->to),
                              MV_ITEM_NONE, 0, label, detail);
    }
  pos = layout != NULL ? 1 : 0;
  g_ptr_array_steal_index (scene->lanes, scene->lanes->len - 1);
  g_ptr_array_insert (scene->lanes, pos, changed);
  return scene;
}
