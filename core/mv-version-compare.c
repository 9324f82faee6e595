/* SPDX-License-Identifier: MIT */
/* OpenVMM's upstream versions side by side on one layout, and where they
 * differ (mv-version-compare.h). */
#include "mv-version-compare.h"

#include <string.h>

static const MvOpenvmmVersion oldest_first[MV_OPENVMM_VERSION_N] = {
  MV_OPENVMM_VERSION_PRE_3550, MV_OPENVMM_VERSION_3550, MV_OPENVMM_VERSION_CURRENT,
};

static void
pair_diff_clear (gpointer data)
{
  MvVersionPairDiff *d = data;

  g_clear_pointer (&d->ranges, g_array_unref);
}

/* Appends [start, end) with @types, joined to the last difference when it
 * ends at @start with the same types. */
static void
add_difference (GArray       *out,
                guint64       start,
                guint64       end,
                const guint  *types)
{
  MvVersionDifference *last = out->len > 0 ? &g_array_index (out, MvVersionDifference, out->len - 1)
                                           : NULL;
  MvVersionDifference d = { { start, end }, { 0 } };

  if (last != NULL && last->range.end == start &&
      memcmp (last->types, types, sizeof last->types) == 0)
    {
      last->range.end = end;
      return;
    }
  memcpy (d.types, types, sizeof d.types);
  g_array_append_val (out, d);
}

/* One sweep over every computed map's ranges at once: where two computed
 * types differ, a difference. Only where every computed map has a range
 * is compared, as mv_effective_map_diff() does for two. */
static void
find_differences (MvVersionComparison *c)
{
  guint at[MV_OPENVMM_VERSION_N] = { 0 };
  guint64 pos = 0;

  if (mv_version_comparison_n_computed (c) < 2)
    return;
  for (;;)
    {
      guint types[MV_OPENVMM_VERSION_N];
      guint64 start = pos, end = G_MAXUINT64;
      guint first = MV_VERSION_NO_TYPE;
      gboolean moved, differ = FALSE;

      /* The first address at or after pos where every map has a range. */
      do
        {
          moved = FALSE;
          for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
            {
              const MvEffectiveMap *map = c->results[i].effective;
              const MvEffectiveRange *r;

              if (map == NULL)
                continue;
              while (at[i] < map->ranges->len &&
                     g_array_index (map->ranges, MvEffectiveRange, at[i]).range.end <= start)
                at[i]++;
              if (at[i] >= map->ranges->len)
                return;
              r = &g_array_index (map->ranges, MvEffectiveRange, at[i]);
              if (r->range.start > start)
                {
                  start = r->range.start;
                  moved = TRUE;
                }
            }
        }
      while (moved);

      for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
        {
          const MvEffectiveMap *map = c->results[i].effective;
          const MvEffectiveRange *r;

          types[i] = MV_VERSION_NO_TYPE;
          if (map == NULL)
            continue;
          r = &g_array_index (map->ranges, MvEffectiveRange, at[i]);
          end = MIN (end, r->range.end);
          types[i] = r->type;
          if (first == MV_VERSION_NO_TYPE)
            first = r->type;
          else if (r->type != first)
            differ = TRUE;
        }
      if (differ)
        add_difference (c->differences, start, end, types);
      pos = end;
    }
}

/**
 * mv_version_comparison_new:
 * @width: the physical address width asked (clamped as upstream does)
 * @vcnt: VCNT announced in IA32_MTRRCAP
 *
 * Runs every upstream version on @layout. A version that fails keeps its
 * error in its result; the others are compared all the same.
 *
 * Returns: (transfer full): the comparison
 */
MvVersionComparison *
mv_version_comparison_new (const MvLayout *layout,
                           guint           width,
                           MvRange         chipset_low_mmio,
                           MvRange         chipset_high_mmio,
                           MvMtrrProfile   profile,
                           guint           vcnt)
{
  MvVersionComparison *c;

  g_return_val_if_fail (layout != NULL, NULL);

  c = g_new0 (MvVersionComparison, 1);
  c->pairs = g_array_new (FALSE, TRUE, sizeof (MvVersionPairDiff));
  g_array_set_clear_func (c->pairs, pair_diff_clear);
  c->differences = g_array_new (FALSE, TRUE, sizeof (MvVersionDifference));
  for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
    {
      MvVersionResult *r = &c->results[i];

      r->version = oldest_first[i];
      r->state = mv_mtrr_state_new_for_version (r->version, layout, width, chipset_low_mmio,
                                                chipset_high_mmio, profile, vcnt, &r->error);
      if (r->state != NULL)
        r->effective = mv_effective_map_new (r->state, 0, mv_mtrr_state_address_limit (r->state),
                                             0, MV_PAT_NONE);
    }
  for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
    for (guint j = i + 1; j < MV_OPENVMM_VERSION_N; j++)
      {
        MvVersionPairDiff d = { i, j, NULL };

        if (c->results[i].effective == NULL || c->results[j].effective == NULL)
          continue;
        d.ranges = mv_effective_map_diff (c->results[i].effective, c->results[j].effective);
        g_array_append_val (c->pairs, d);
      }
  find_differences (c);
  return c;
}

/**
 * mv_version_comparison_new_for_scenario:
 * mv_version_comparison_new() for a scenario's layout, chipset gaps,
 * width, boot profile and VCNT.
 *
 * Returns: (transfer full) (nullable): the comparison, or NULL with @error
 *   when the scenario has no layout (its layout error)
 */
MvVersionComparison *
mv_version_comparison_new_for_scenario (const MvScenario *scenario,
                                        GError          **error)
{
  MvMtrrProfile profile;

  g_return_val_if_fail (scenario != NULL, NULL);

  if (mv_scenario_require_layout (scenario, &profile, error) == NULL)
    return NULL;
  return mv_version_comparison_new (scenario->layout, scenario->width, scenario->chipset_low,
                                    scenario->chipset_high, profile, scenario->vcnt);
}

guint
mv_version_comparison_n_computed (const MvVersionComparison *c)
{
  guint n = 0;

  g_return_val_if_fail (c != NULL, 0);

  for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
    n += c->results[i].effective != NULL;
  return n;
}

void
mv_version_comparison_free (MvVersionComparison *c)
{
  if (c == NULL)
    return;
  for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
    {
      g_clear_pointer (&c->results[i].state, mv_mtrr_state_free);
      g_clear_pointer (&c->results[i].effective, mv_effective_map_free);
      g_clear_error (&c->results[i].error);
    }
  g_array_unref (c->pairs);
  g_array_unref (c->differences);
  g_free (c);
}
