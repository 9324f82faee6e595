/* SPDX-License-Identifier: MIT */
/* From a computed scenario to the renderer's scene, for the window and
 * the headless fallback alike, so both draw the same picture. */
#include "config.h"

#include "mv-scene-builder.h"
#include "mv-scene-scenario.h"

/**
 * mv_scene_builder_effective_end:
 *
 * Where the effective-type lane ends: the end of the layout (at least
 * 4 GiB), within MAXPHYADDR.
 */
void
mv_scene_builder_effective_end (const MvScenario  *scenario,
                                const MvMtrrState *state,
                                guint64           *end)
{
  guint64 limit = mv_mtrr_state_address_limit (state);
  guint64 e = MV_FOUR_GB;

  if (scenario->layout != NULL)
    e = MAX (e, mv_layout_end_of_layout (scenario->layout));
  *end = limit != 0 ? MIN (e, limit) : e;
}

/**
 * mv_scene_build:
 * @scenario: the computed scenario
 * @doc: the document it was computed from
 * @title: (nullable): the picture's title when the document has none of
 *   its own (the file's name, "Untitled")
 *
 * The title is the document's; the subtitle states the layout's facts
 * (see mv_scene_new_for_scenario()).
 *
 * Returns: (transfer full): the scene of all four views
 */
MvScene *
mv_scene_build (const MvScenario  *scenario,
                const MvDocument  *doc,
                const char        *title)
{
  MvScene *scene;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  /* The renderer's own scene of a scenario: layout, effective types,
   * fixed and variable MTRRs, page map, GDT and diagnostics. */
  scene = mv_scene_new_for_scenario (doc, scenario);
  if ((doc->title == NULL || doc->title[0] == '\0') &&
      title != NULL && g_strcmp0 (title, scene->title) != 0)
    {
      g_free (scene->title);
      scene->title = g_strdup (title);
    }
  return scene;
}
