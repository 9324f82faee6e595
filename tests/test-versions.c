/* SPDX-License-Identifier: MIT */
/* OpenVMM's versions side by side: the comparison core computes once
 * (mv-version-compare.h), its scene, the painted page and memviz-cli
 * render --view versions. */
#include <string.h>

#include "mv-mtrr.h"
#include "mv-mtrr-solve.h"
#include "mv-presets.h"
#include "mv-render-private.h"
#include "mv-scenario.h"
#include "mv-test-util.h"
#include "mv-version-compare.h"

typedef struct
{
  MvDocument          *doc;
  MvScenario          *scenario;
  MvVersionComparison *cmp;
} Compared;

static void
compared_init (Compared   *c,
               const char *preset)
{
  g_autoptr(GError) error = NULL;

  c->doc = mv_preset_load (preset, &error);
  g_assert_no_error (error);
  c->scenario = mv_scenario_run (c->doc, MV_SCENARIO_NONE);
  c->cmp = mv_version_comparison_new_for_scenario (c->scenario, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c->cmp);
}

static void
compared_clear (Compared *c)
{
  g_clear_pointer (&c->cmp, mv_version_comparison_free);
  g_clear_pointer (&c->scenario, mv_scenario_free);
  g_clear_pointer (&c->doc, mv_document_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Compared, compared_clear)

/* ---- core ---------------------------------------------------------------- */

/* OpenVMM's default layout: all three compute the same three pairs, so
 * every two agree and nothing differs. */
static void
test_compare_default (void)
{
  g_auto(Compared) c = { 0 };

  compared_init (&c, "openvmm-default-8g");
  g_assert_cmpint (c.cmp->results[0].version, ==, MV_OPENVMM_VERSION_PRE_3550);
  g_assert_cmpint (c.cmp->results[1].version, ==, MV_OPENVMM_VERSION_3550);
  g_assert_cmpint (c.cmp->results[2].version, ==, MV_OPENVMM_VERSION_CURRENT);
  g_assert_cmpuint (mv_version_comparison_n_computed (c.cmp), ==, 3);
  for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
    {
      g_assert_no_error (c.cmp->results[i].error);
      g_assert_cmpuint (mv_mtrr_state_count_valid_pairs (c.cmp->results[i].state), ==, 3);
    }
  g_assert_cmpuint (c.cmp->pairs->len, ==, 3);
  for (guint i = 0; i < c.cmp->pairs->len; i++)
    g_assert_cmpuint (g_array_index (c.cmp->pairs, MvVersionPairDiff, i).ranges->len, ==, 0);
  g_assert_cmpuint (c.cmp->differences->len, ==, 0);
}

/* The low gap alone: pre-3550 refuses it, 3550 programs 4 pairs (to 2^width),
 * current 3 (to the end of RAM); they differ above 16 GiB. */
static void
test_compare_no_high_mmio (void)
{
  g_auto(Compared) c = { 0 };
  const MvVersionPairDiff *pd;
  const MvVersionDifference *d;

  compared_init (&c, "openvmm-no-high-mmio");
  g_assert_error (c.cmp->results[0].error, MV_MTRR_ERROR, MV_MTRR_ERROR_UNSUPPORTED_MMIO);
  g_assert_null (c.cmp->results[0].state);
  g_assert_null (c.cmp->results[0].effective);
  g_assert_cmpuint (mv_mtrr_state_count_valid_pairs (c.cmp->results[1].state), ==, 4);
  g_assert_cmpuint (mv_mtrr_state_count_valid_pairs (c.cmp->results[2].state), ==, 3);
  g_assert_cmpuint (mv_version_comparison_n_computed (c.cmp), ==, 2);

  g_assert_cmpuint (c.cmp->pairs->len, ==, 1);
  pd = &g_array_index (c.cmp->pairs, MvVersionPairDiff, 0);
  g_assert_cmpuint (pd->a, ==, 1);
  g_assert_cmpuint (pd->b, ==, 2);
  g_assert_cmpuint (pd->ranges->len, ==, 1);
  g_assert_cmpuint (c.cmp->differences->len, ==, 1);
  d = &g_array_index (c.cmp->differences, MvVersionDifference, 0);
  g_assert_cmphex (d->range.start, ==, 0x400000000);
  g_assert_cmphex (d->range.end, ==, 0x400000000000);
  g_assert_cmpuint (d->types[0], ==, MV_VERSION_NO_TYPE);
  g_assert_cmpuint (d->types[1], ==, MV_MEM_TYPE_WB);
  g_assert_cmpuint (d->types[2], ==, MV_MEM_TYPE_UC);
}

/* Whether @addr is in one of @ranges (MvStepChange) */
static gboolean
in_changes (const GArray *ranges,
            guint64       addr)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      const MvStepChange *c = &g_array_index (ranges, MvStepChange, i);

      if (addr >= c->range.start && addr < c->range.end)
        return TRUE;
    }
  return FALSE;
}

/* Three versions that compute and differ (the layout's two gaps for
 * pre-3550, no chipset high gap for the others): the differences are
 * exactly the union of every two's, each with every version's type, and
 * maximal. Checked at every boundary any of them has. */
static void
test_compare_union (void)
{
  g_auto(Compared) c = { 0 };
  g_autoptr(MvVersionComparison) cmp = NULL;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (guint64));
  MvRange none = { 0, 0 };

  compared_init (&c, "openvmm-default-8g");
  cmp = mv_version_comparison_new (c.scenario->layout, c.scenario->width, c.scenario->chipset_low,
                                   none, MV_MTRR_PROFILE_LINUX_DIRECT, c.scenario->vcnt);
  g_assert_cmpuint (mv_version_comparison_n_computed (cmp), ==, 3);
  g_assert_cmpuint (cmp->pairs->len, ==, 3);
  g_assert_cmpuint (cmp->differences->len, >, 0);

  for (guint i = 0; i < cmp->pairs->len; i++)
    {
      const GArray *r = g_array_index (cmp->pairs, MvVersionPairDiff, i).ranges;

      for (guint k = 0; k < r->len; k++)
        {
          const MvStepChange *ch = &g_array_index (r, MvStepChange, k);
          guint64 last = ch->range.end - 1;

          g_array_append_val (points, ch->range.start);
          g_array_append_val (points, last);
        }
    }
  for (guint i = 0; i < cmp->differences->len; i++)
    {
      const MvVersionDifference *d = &g_array_index (cmp->differences, MvVersionDifference, i);
      guint64 last = d->range.end - 1;

      g_assert_cmphex (d->range.start, <, d->range.end);
      if (i > 0)
        {
          const MvVersionDifference *p = &g_array_index (cmp->differences, MvVersionDifference, i - 1);

          g_assert_cmphex (p->range.end, <=, d->range.start);
          g_assert_true (p->range.end < d->range.start || memcmp (p->types, d->types, sizeof d->types) != 0);
        }
      g_array_append_val (points, d->range.start);
      g_array_append_val (points, last);
      if (d->range.start > 0)
        {
          guint64 before = d->range.start - 1;

          g_array_append_val (points, before);
        }
      g_array_append_val (points, d->range.end);
    }

  for (guint p = 0; p < points->len; p++)
    {
      guint64 addr = g_array_index (points, guint64, p);
      gboolean in_pairs = FALSE;
      const MvVersionDifference *found = NULL;

      for (guint i = 0; i < cmp->pairs->len; i++)
        in_pairs |= in_changes (g_array_index (cmp->pairs, MvVersionPairDiff, i).ranges, addr);
      for (guint i = 0; i < cmp->differences->len; i++)
        {
          const MvVersionDifference *d = &g_array_index (cmp->differences, MvVersionDifference, i);

          if (addr >= d->range.start && addr < d->range.end)
            found = d;
        }
      g_assert_true (in_pairs == (found != NULL));
      for (guint v = 0; found != NULL && v < MV_OPENVMM_VERSION_N; v++)
        g_assert_cmpuint (found->types[v], ==,
                          mv_effective_map_lookup (cmp->results[v].effective, addr)->type);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/versions/compare/default", test_compare_default);
  g_test_add_func ("/versions/compare/no-high-mmio", test_compare_no_high_mmio);
  g_test_add_func ("/versions/compare/union", test_compare_union);

  return g_test_run ();
}
