/* SPDX-License-Identifier: MIT */
/* One step of a lesson as a map scene (see mv-scene-steps.h). */
#include "mv-scene-steps.h"

#include "mv-mtrr.h"
#include "mv-mtrr-state.h"
#include "mv-scene-mtrr.h"

#include <string.h>

/* After the title of the pair a step adds. */
#define NEW_MARK " \u2190 new"

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

  if (index >= mv_steps_get_n_steps (steps) && steps->refusal != NULL)
    return g_strdup_printf ("OpenVMM %s \u00b7 refused: %s",
                            mv_openvmm_version_to_string (steps->version),
                            mv_mtrr_error_name (steps->refusal->code));

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
  g_return_val_if_fail (index < mv_scene_steps_n_pages (steps), NULL);

  title = mv_scene_step_title (steps, index);
  /* The refusal's page: the boot state, which stays, nothing changed. */
  step = mv_steps_get_step (steps, MIN (index, mv_steps_get_n_steps (steps) - 1));
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
          l->title = g_strdup_printf ("MTRR %u" NEW_MARK, step->pair.n);
        }
    }

  /* What the step changed, right under the layout. */
  changed = mv_scene_add_lane (scene, MV_LANE_EFFECTIVE, "Changed here",
                               step->changed->len == 0 ? "nothing changed" : "type from \u2192 to");
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

/* Whether @s starts with a size's unit, as a word. */
static gboolean
is_unit (const char *s)
{
  static const char *const units[] = { "bytes", "bits", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      gsize n = strlen (units[i]);

      if (strncmp (s, units[i], n) == 0 && !g_ascii_isalnum (s[n]))
        return TRUE;
    }
  return FALSE;
}

char *
mv_scene_steps_keep_together (const char *text)
{
  GString *s;
  gboolean in_range = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  s = g_string_sized_new (strlen (text) + 16);
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '[')
        in_range = TRUE;
      else if (*c == ')' || *c == ']')
        in_range = FALSE;
      if (*c == ' ' && (in_range || (c > text && g_ascii_isdigit (c[-1]) && is_unit (c + 1))))
        g_string_append (s, "\u00a0");
      else
        g_string_append_c (s, *c);
    }
  return g_string_free (s, FALSE);
}

guint
mv_scene_steps_n_pages (const MvSteps *steps)
{
  g_return_val_if_fail (steps != NULL, 0);
  return mv_steps_get_n_steps (steps) + (steps->refusal != NULL ? 1 : 0);
}

/**
 * mv_scene_steps_page_caption:
 * Returns: (transfer none): the sentence of page @index: its step's, or
 *   the refusal's
 */
const char *
mv_scene_steps_page_caption (const MvSteps *steps,
                             guint          index)
{
  g_return_val_if_fail (steps != NULL && index < mv_scene_steps_n_pages (steps), NULL);

  if (index >= mv_steps_get_n_steps (steps))
    return steps->refusal_sentence;
  return mv_steps_get_step (steps, index)->sentence;
}

/* "OpenVMM current" or "Fewest pairs" */
static char *
strategy_title (const MvSteps *steps)
{
  if (steps->strategy == MV_STEPS_STRATEGY_FEWEST)
    return g_strdup ("Fewest pairs");
  return g_strdup_printf ("OpenVMM %s", mv_openvmm_version_to_string (steps->version));
}

/**
 * mv_scene_steps_n_positions:
 * Returns: how many positions two lessons stepped together have: the
 *   longer one's steps
 */
guint
mv_scene_steps_n_positions (const MvSteps *top,
                            const MvSteps *bottom)
{
  g_return_val_if_fail (top != NULL && bottom != NULL, 0);
  return MAX (mv_scene_steps_n_pages (top), mv_scene_steps_n_pages (bottom));
}

/**
 * mv_scene_steps_heading:
 * "OpenVMM current · 3 pairs · step 2 of 3", or "Fewest pairs · 2 pairs ·
 * done" past its last step.
 *
 * Returns: (transfer full): a band's heading
 */
char *
mv_scene_steps_heading (const MvSteps *steps,
                        guint          position)
{
  g_autofree char *who = NULL;
  guint n_pairs;
  gboolean done;
  guint index;

  g_return_val_if_fail (steps != NULL, NULL);

  who = strategy_title (steps);
  n_pairs = mv_steps_get_n_pairs (steps);
  index = mv_steps_index_at (steps, position, &done);
  if (done && steps->refusal != NULL)
    return g_strdup_printf ("%s \u00b7 refuses the layout: %s", who,
                            mv_mtrr_error_name (steps->refusal->code));
  if (done)
    return g_strdup_printf ("%s \u00b7 %u pair%s \u00b7 done", who, n_pairs, n_pairs == 1 ? "" : "s");
  return g_strdup_printf ("%s \u00b7 %u pair%s \u00b7 step %u of %u", who, n_pairs,
                          n_pairs == 1 ? "" : "s", index, n_pairs);
}

/**
 * mv_scene_steps_caption:
 * The sentence of the step shown at @position, or, past the lesson's last
 * step, that it is done.
 *
 * Returns: (transfer full): the caption
 */
char *
mv_scene_steps_caption (const MvSteps *steps,
                        guint          position)
{
  gboolean done;
  guint index;
  guint n_pairs;

  g_return_val_if_fail (steps != NULL, NULL);

  index = mv_steps_index_at (steps, position, &done);
  if (!done)
    return g_strdup (mv_steps_get_step (steps, index)->sentence);
  if (steps->refusal != NULL)
    return g_strdup (steps->refusal_sentence);
  n_pairs = mv_steps_get_n_pairs (steps);
  if (n_pairs == 0)
    return g_strdup ("Done: it sets no variable pair, the boot state stays.");
  if (n_pairs == 1)
    return g_strdup ("Done: its one pair is set, this is its final state.");
  return g_strdup_printf ("Done: its %u pairs are set, this is its final state.", n_pairs);
}

/* Moves @from's lanes under @to's, the first headed; the fixed ranges,
 * the boot state's in both lessons, go to @fixed when it is not NULL
 * (the bands share them), else they are dropped. */
static void
append_band (MvScene       *to,
             MvScene       *from,
             MvSceneLane  **fixed,
             const MvSteps *steps,
             guint          position,
             gboolean       captions)
{
  MvSceneLane *first;
  gboolean done;

  if (from->lanes->len == 0)
    return;
  mv_steps_index_at (steps, position, &done);
  first = g_ptr_array_index (from->lanes, 0);
  /* Done, it stays at its final state: this position changes nothing
   * there and adds no pair. */
  if (done)
    {
      g_array_set_size (first->items, 0);
      g_free (first->subtitle);
      first->subtitle = g_strdup ("nothing changed");
      for (guint i = 0; i < from->lanes->len; i++)
        {
          MvSceneLane *lane = g_ptr_array_index (from->lanes, i);

          if (lane->kind == MV_LANE_PAIR && g_str_has_suffix (lane->title, NEW_MARK))
            lane->title[strlen (lane->title) - strlen (NEW_MARK)] = '\0';
        }
    }
  first->heading = mv_scene_steps_heading (steps, position);
  if (captions)
    {
      g_autofree char *caption = mv_scene_steps_caption (steps, position);

      first->heading_note = mv_scene_steps_keep_together (caption);
    }
  for (guint i = 0; i < from->lanes->len;)
    {
      MvSceneLane *lane = g_ptr_array_index (from->lanes, i);

      if (lane->kind == MV_LANE_FIXED && (fixed == NULL || *fixed != NULL))
        {
          i++;   /* dropped with @from */
          continue;
        }
      g_ptr_array_steal_index (from->lanes, i);
      if (lane->kind == MV_LANE_FIXED)
        *fixed = lane;
      else
        g_ptr_array_add (to->lanes, lane);
    }
}

/* @from's register table, taken, titled with its lesson's heading at
 * @position ("MTRR registers · Fewest pairs · 2 pairs · step 1 of 2"). */
static MvSceneTable *
band_table (MvScene       *from,
            const MvSteps *steps,
            guint          position)
{
  MvSceneTable *t = g_steal_pointer (&from->mtrr_table);
  g_autofree char *heading = NULL;

  if (t == NULL)
    return NULL;
  heading = mv_scene_steps_heading (steps, position);
  g_free (t->title);
  t->title = g_strdup_printf ("MTRR registers \u00b7 %s", heading);
  return t;
}

/**
 * mv_scene_new_for_steps_side_by_side:
 * @layout: (nullable): the guest's layout, drawn on top
 * @top: OpenVMM's lesson (or either)
 * @bottom: the fewest pairs' lesson (or the other)
 *
 * The register tables are both lessons' at @position, each titled with
 * its band's heading (MvScene.mtrr_table @top's, mtrr_beside_table
 * @bottom's).
 *
 * Returns: (transfer full): the scene of both lessons at @position
 */
MvScene *
mv_scene_new_for_steps_side_by_side (const MvLayout *layout,
                                     const MvSteps  *top,
                                     const MvSteps  *bottom,
                                     guint           position,
                                     gboolean        captions)
{
  g_autoptr(MvScene) a = NULL;
  g_autoptr(MvScene) b = NULL;
  g_autofree char *title = NULL;
  g_autofree char *top_title = NULL;
  g_autofree char *bottom_title = NULL;
  g_autofree char *bottom_lower = NULL;
  MvSceneLane *fixed = NULL;
  MvScene *scene;
  guint n;

  g_return_val_if_fail (top != NULL && bottom != NULL, NULL);

  n = mv_scene_steps_n_positions (top, bottom);
  position = MIN (position, n - 1);
  a = mv_scene_new_for_step (NULL, top, mv_steps_index_at (top, position, NULL));
  b = mv_scene_new_for_step (NULL, bottom, mv_steps_index_at (bottom, position, NULL));
  top_title = strategy_title (top);
  bottom_title = strategy_title (bottom);
  bottom_lower = g_ascii_strdown (bottom_title, -1);
  title = g_strdup_printf ("Step %u of %u \u00b7 %s over %s", position, n - 1, top_title,
                           bottom_lower);
  scene = mv_scene_new (title, NULL);
  if (layout != NULL)
    mv_scene_add_layout (scene, layout);
  append_band (scene, a, &fixed, top, position, captions);
  append_band (scene, b, NULL, bottom, position, captions);
  if (fixed != NULL)
    g_ptr_array_insert (scene->lanes, layout != NULL ? 1 : 0, fixed);
  scene->mtrr_table = band_table (a, top, position);
  scene->mtrr_beside_table = band_table (b, bottom, position);
  /* Both bands at once on a screen rather than a scroll apart, their
   * rows a line tall where need be, each subtitle beside its title. */
  scene->fit_height = TRUE;
  scene->subtitles_beside = TRUE;
  return scene;
}
