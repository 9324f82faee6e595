/* SPDX-License-Identifier: MIT */
/* OpenVMM's versions side by side as one page (see mv-scene-versions.h). */
#include "mv-scene-versions.h"

#include "mv-mtrr.h"
#include "mv-mtrr-solve.h"
#include "mv-scene-mtrr.h"

static void
band_clear (gpointer data)
{
  MvVersionsBand *band = data;

  g_free (band->heading);
  g_free (band->error_kind);
  g_free (band->error);
}

static MvVersionsScene *
scene_alloc (const char *name)
{
  MvVersionsScene *scene = g_new0 (MvVersionsScene, 1);

  scene->title = name != NULL && *name != '\0'
                   ? g_strdup_printf ("OpenVMM's versions \u00b7 %s", name)
                   : g_strdup ("OpenVMM's versions side by side");
  scene->bands = g_array_new (FALSE, TRUE, sizeof (MvVersionsBand));
  g_array_set_clear_func (scene->bands, band_clear);
  scene->differences = g_array_new (FALSE, FALSE, sizeof (MvVersionDifference));
  return scene;
}

/* The lanes of one version's band: its effective types and its pairs
 * (the fixed ranges are the boot profile's, the same in every version,
 * and left out), or one lane that its error is written in. */
static void
add_band (MvVersionsScene       *scene,
          const MvVersionResult *result)
{
  MvVersionsBand band = { 0 };
  MvScene *map = scene->map;
  MvSceneLane *first;

  band.version = result->version;
  band.first_lane = map->lanes->len;
  if (result->effective == NULL)
    {
      MvSceneLane *lane = mv_scene_add_lane (map, MV_LANE_EFFECTIVE, "No pairs", "not computed");

      lane->n_rows = 2;
      band.error_kind = g_strdup (result->error != NULL && result->error->domain == MV_MTRR_ERROR
                                    ? mv_mtrr_error_name (result->error->code) : "Error");
      band.error = g_strdup (result->error != NULL ? result->error->message : "no MTRR state");
    }
  else
    {
      g_autoptr(MvScene) one = mv_scene_new (NULL, NULL);

      mv_scene_add_mtrr_analysis (one, result->state, result->effective, NULL);
      band.n_pairs = mv_mtrr_state_count_valid_pairs (result->state);
      for (guint i = 0; i < one->lanes->len;)
        {
          const MvSceneLane *lane = g_ptr_array_index (one->lanes, i);

          if (lane->kind == MV_LANE_FIXED)
            i++;
          else
            g_ptr_array_add (map->lanes, g_ptr_array_steal_index (one->lanes, i));
        }
    }
  band.n_lanes = map->lanes->len - band.first_lane;
  /* The name once, then what tells the version apart (the title, for
   * the CLI, says "current, since PR #3599": the name twice). Wrapped,
   * "4 pairs" or "error UnsupportedMmio" stays on one line. */
  if (band.error != NULL)
    band.heading = g_strdup_printf ("%s \u00b7 %s \u00b7 commit\u00a0%s \u00b7 error\u00a0%s",
                                    mv_openvmm_version_to_string (result->version),
                                    mv_openvmm_version_change (result->version),
                                    mv_openvmm_version_commit (result->version), band.error_kind);
  else
    band.heading = g_strdup_printf ("%s \u00b7 %s \u00b7 commit\u00a0%s \u00b7 %u\u00a0pair%s",
                                    mv_openvmm_version_to_string (result->version),
                                    mv_openvmm_version_change (result->version),
                                    mv_openvmm_version_commit (result->version), band.n_pairs,
                                    band.n_pairs == 1 ? "" : "s");
  first = g_ptr_array_index (map->lanes, band.first_lane);
  g_free (first->heading);
  first->heading = g_strdup (band.heading);
  g_array_append_val (scene->bands, band);
}

/* "3550 and current" / "pre-3550, 3550 and current" */
static char *
join_names (const MvVersionComparison *c,
            gboolean                   computed)
{
  GString *s = g_string_new (NULL);
  guint n = 0, total = 0;

  for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
    total += (c->results[i].effective != NULL) == computed;
  for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
    {
      if ((c->results[i].effective != NULL) != computed)
        continue;
      if (n > 0)
        g_string_append (s, n + 1 == total ? " and " : ", ");
      g_string_append (s, mv_openvmm_version_to_string (c->results[i].version));
      n++;
    }
  return g_string_free (s, FALSE);
}

static char *
make_verdict (const MvVersionComparison *c)
{
  guint computed = mv_version_comparison_n_computed (c);
  guint n = c->differences->len;
  g_autofree char *ok = join_names (c, TRUE);
  g_autofree char *failed = join_names (c, FALSE);
  g_autofree char *refuse = NULL;

  if (computed < MV_OPENVMM_VERSION_N)
    refuse = g_strdup_printf ("; %s %s this layout", failed,
                              computed + 1 == MV_OPENVMM_VERSION_N ? "refuses" : "refuse");
  if (computed == 0)
    return g_strdup ("No version computes pairs for this layout: nothing to compare.");
  if (computed == 1)
    return g_strdup_printf ("Only %s computes pairs%s: nothing to compare it with.", ok,
                            refuse != NULL ? refuse : "");
  if (n == 0)
    return g_strdup_printf ("%s agree: the same effective type at every address%s.",
                            computed == MV_OPENVMM_VERSION_N ? "All three versions" : ok,
                            refuse != NULL ? refuse : "");
  return g_strdup_printf ("%s differ in %u range%s (marked in every band, listed below)%s.",
                          ok, n, n == 1 ? "" : "s", refuse != NULL ? refuse : "");
}

static void
add_table (MvVersionsScene           *scene,
           const MvVersionComparison *c)
{
  MvSceneTable *t;

  if (c->differences->len == 0)
    return;
  t = scene->table = mv_scene_table_new ("Where the effective types differ");
  mv_scene_table_add_column (t, "Range", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Size", MV_COLUMN_RIGHT);
  for (guint v = 0; v < MV_OPENVMM_VERSION_N; v++)
    mv_scene_table_add_column (t, mv_openvmm_version_to_string (c->results[v].version), MV_COLUMN_TEXT);
  for (guint i = 0; i < c->differences->len; i++)
    {
      const MvVersionDifference *d = &g_array_index (c->differences, MvVersionDifference, i);
      g_autofree char *range = mv_scene_format_range (d->range.start, d->range.end);
      g_autofree char *size = mv_scene_format_size (d->range.end - d->range.start);
      const char *cells[3 + MV_OPENVMM_VERSION_N + 1] = { range, size };

      for (guint v = 0; v < MV_OPENVMM_VERSION_N; v++)
        cells[2 + v] = d->types[v] == MV_VERSION_NO_TYPE ? "\u2014 (no pairs)" : mv_mem_type_name (d->types[v]);
      mv_scene_table_add_row (t, cells);
    }
}

/**
 * mv_versions_scene_new:
 * @layout: (nullable): the guest's layout, drawn over the bands
 * @name: (nullable): what is compared, for the title (the document's title)
 * @facts: (nullable): a line about the layout, the map's subtitle
 *
 * Returns: (transfer full): the page of @comparison
 */
MvVersionsScene *
mv_versions_scene_new (const MvVersionComparison *comparison,
                       const MvLayout            *layout,
                       const char                *name,
                       const char                *facts)
{
  MvVersionsScene *scene;
  MvSceneLane *top;

  g_return_val_if_fail (comparison != NULL, NULL);

  scene = scene_alloc (name);
  scene->map = mv_scene_new (scene->title, facts);
  if (layout != NULL)
    mv_scene_add_layout (scene->map, layout);
  for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
    add_band (scene, &comparison->results[i]);
  g_array_append_vals (scene->differences, comparison->differences->data, comparison->differences->len);
  scene->verdict = make_verdict (comparison);
  /* The verdict heads the page, over the layout. */
  top = g_ptr_array_index (scene->map->lanes, 0);
  if (top->heading == NULL)
    {
      top->heading = g_strdup (scene->verdict);
      top->heading_warning = comparison->differences->len > 0;
    }
  if (comparison->differences->len > 0)
    scene->marking = g_strdup_printf ("Marked across the bands: where any two versions' effective types "
                                      "differ (%u range%s, listed below)",
                                      comparison->differences->len,
                                      comparison->differences->len == 1 ? "" : "s");
  else
    scene->marking = g_strdup ("Nothing is marked: no two versions that computed pairs differ "
                               "in effective type anywhere");
  add_table (scene, comparison);
  return scene;
}

/**
 * mv_versions_scene_new_missing:
 * @why: why nothing is compared ("the layout does not compute: ...")
 *
 * Returns: (transfer full): a page that says so
 */
MvVersionsScene *
mv_versions_scene_new_missing (const char *name,
                               const char *why)
{
  MvVersionsScene *scene = scene_alloc (name);

  scene->note = g_strdup (why != NULL ? why : "Nothing to compare: the versions need a layout.");
  scene->verdict = g_strdup (scene->note);
  scene->marking = g_strdup ("Nothing is marked");
  return scene;
}

/**
 * mv_versions_scene_new_for_scenario:
 * @scene: (nullable): the scenario's own scene, whose title and subtitle
 *   (the layout's facts) the page takes
 *
 * Compares the versions on @scenario's layout, gaps, width, profile and
 * VCNT (mv_version_comparison_new_for_scenario()).
 *
 * Returns: (transfer full): the page, or one that says why nothing is
 *   compared
 */
MvVersionsScene *
mv_versions_scene_new_for_scenario (const MvScenario *scenario,
                                    const MvScene    *scene)
{
  g_autoptr(MvVersionComparison) cmp = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = scene != NULL ? scene->title : NULL;

  g_return_val_if_fail (scenario != NULL, NULL);

  cmp = mv_version_comparison_new_for_scenario (scenario, &error);
  if (cmp == NULL)
    {
      g_autofree char *why = g_strdup_printf ("Nothing to compare: the layout does not compute (%s), "
                                              "and every version needs one.", error->message);

      return mv_versions_scene_new_missing (name, why);
    }
  return mv_versions_scene_new (cmp, scenario->layout, name, scene != NULL ? scene->subtitle : NULL);
}

void
mv_versions_scene_free (MvVersionsScene *scene)
{
  if (scene == NULL)
    return;
  g_free (scene->title);
  g_free (scene->verdict);
  g_free (scene->marking);
  g_clear_pointer (&scene->map, mv_scene_free);
  g_array_unref (scene->bands);
  g_array_unref (scene->differences);
  mv_scene_table_free (scene->table);
  g_free (scene->note);
  g_free (scene);
}
