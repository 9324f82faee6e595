/* SPDX-License-Identifier: MIT */
/* The lesson's steps (mv-steps.c) and OpenVMM's compute_variable_mtrrs
 * versions (mv-mtrr-versions.c). */
#include "mv-effective.h"
#include "mv-mtrr-solve.h"
#include "mv-mtrr-versions.h"
#include "mv-steps.h"

#define MiB ((guint64) 1 << 20)
#define GiB ((guint64) 1 << 30)
#define TiB ((guint64) 1 << 40)

static const MvRange low_gap = { 0xF8000000, 0x100000000 };
static const MvRange high_gap = { 0x208000000, 0x228000000 };

static MvLayout *
layout_new (guint64 ram,
            gboolean with_high)
{
  MvRange gaps[2] = { low_gap, high_gap };
  g_autoptr(GError) error = NULL;
  MvLayout *l = mv_layout_new (ram, gaps, with_high ? 2 : 1, NULL, 0, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  return l;
}

static guint
n_pairs (MvOpenvmmVersion version,
         const MvLayout  *l,
         MvRange          high,
         guint8           width,
         GError         **error)
{
  g_autoptr(GArray) regs = g_array_new (FALSE, FALSE, sizeof (MvX86Register));

  if (!mv_mtrr_compute_version (version, l, width, low_gap, high, regs, error))
    {
      g_assert_cmpuint (regs->len, ==, 0);
      return G_MAXUINT;
    }
  return regs->len / 2;
}

/* The test: on a low-gap-only layout the three versions differ. */
static void
test_versions_low_gap_only (void)
{
  g_autoptr(MvLayout) l = layout_new (8 * GiB, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) regs = g_array_new (FALSE, FALSE, sizeof (MvX86Register));

  g_assert_cmpuint (n_pairs (MV_OPENVMM_VERSION_PRE_3550, l, MV_RANGE_EMPTY, 46, &error), ==, G_MAXUINT);
  g_assert_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_UNSUPPORTED_MMIO);
  g_assert_cmpstr (mv_mtrr_error_name (error->code), ==, "UnsupportedMmio");
  g_clear_error (&error);
  g_assert_cmpuint (n_pairs (MV_OPENVMM_VERSION_3550, l, MV_RANGE_EMPTY, 46, &error), ==, 4);
  g_assert_no_error (error);
  g_assert_cmpuint (n_pairs (MV_OPENVMM_VERSION_CURRENT, l, MV_RANGE_EMPTY, 46, &error), ==, 3);
  g_assert_no_error (error);

  /* 3550's pair 3: 8 TiB up to 2^46; its pair 2 up to 8 TiB. */
  g_assert_true (mv_mtrr_compute_version (MV_OPENVMM_VERSION_3550, l, 46, low_gap,
                                          MV_RANGE_EMPTY, regs, NULL));
  g_assert_cmphex (g_array_index (regs, MvX86Register, 5).value, ==,
                   mv_mtrr_mask (46, 8 * TiB - 1));
  g_assert_cmphex (g_array_index (regs, MvX86Register, 6).value, ==, (8 * TiB) | 6);
  g_assert_cmpint (g_array_index (regs, MvX86Register, 6).name, ==, MV_REG_MTRR_PHYS_BASE3);
  g_assert_cmphex (g_array_index (regs, MvX86Register, 7).value, ==,
                   mv_mtrr_mask (46, ((guint64) 1 << 46) - 1));

  /* A 43-bit width: 3550 has no pair 3. */
  g_assert_cmpuint (n_pairs (MV_OPENVMM_VERSION_3550, l, MV_RANGE_EMPTY, 43, NULL), ==, 3);
}

/* With both gaps, the three versions agree. */
static void
test_versions_two_gaps_agree (void)
{
  const guint64 rams[] = { 64 * MiB, 128 * MiB, 2 * GiB, 4 * GiB, 8 * GiB, 64 * GiB, 20 * TiB };
  const guint8 widths[] = { 36, 43, 46, 52 };

  for (guint i = 0; i < G_N_ELEMENTS (rams); i++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        g_autoptr(MvLayout) l = layout_new (rams[i], TRUE);
        g_autoptr(GArray) cur = g_array_new (FALSE, FALSE, sizeof (MvX86Register));

        g_assert_true (mv_mtrr_compute_variable (l, widths[w], low_gap, high_gap, cur, NULL));
        for (guint v = 0; v < MV_OPENVMM_VERSION_N; v++)
          {
            g_autoptr(GArray) regs = g_array_new (FALSE, FALSE, sizeof (MvX86Register));

            g_assert_true (mv_mtrr_compute_version (v, l, widths[w], low_gap, high_gap, regs, NULL));
            g_assert_cmpuint (regs->len, ==, cur->len);
            /* Name and value each (the union's other bytes are not set). */
            for (guint k = 0; k < regs->len; k++)
              {
                g_assert_cmpint (g_array_index (regs, MvX86Register, k).name, ==,
                                 g_array_index (cur, MvX86Register, k).name);
                g_assert_cmphex (g_array_index (regs, MvX86Register, k).value, ==,
                                 g_array_index (cur, MvX86Register, k).value);
              }
          }
      }
}

static void
test_version_names (void)
{
  const char *const *names = mv_openvmm_version_names ();
  MvOpenvmmVersion v;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_strv_length ((char **) names), ==, MV_OPENVMM_VERSION_N);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_assert_true (mv_openvmm_version_from_string (names[i], &v, NULL));
      g_assert_cmpstr (mv_openvmm_version_to_string (v), ==, names[i]);
      g_assert_nonnull (mv_openvmm_version_title (v));
      g_assert_nonnull (mv_openvmm_version_commit (v));
    }
  g_assert_cmpint (MV_OPENVMM_VERSION_DEFAULT, ==, 0);
  g_assert_cmpstr (mv_openvmm_version_to_string (MV_OPENVMM_VERSION_DEFAULT), ==, "current");
  g_assert_false (mv_openvmm_version_from_string ("3599x", &v, &error));
  g_assert_nonnull (strstr (error->message, "pre-3550"));
}

static void
assert_same_map (const MvEffectiveMap *a,
                 const MvEffectiveMap *b)
{
  g_autoptr(GArray) diff = mv_effective_map_diff (a, b);

  g_assert_cmpuint (diff->len, ==, 0);
  g_assert_cmpuint (a->ranges->len, ==, b->ranges->len);
}

/* OpenVMM's default: boot, then 3 pairs; the last step is the scenario's. */
static void
test_steps_openvmm_default (void)
{
  g_autoptr(MvLayout) l = layout_new (8 * GiB, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvSteps) steps = mv_steps_new (l, MV_STEPS_STRATEGY_OPENVMM, MV_OPENVMM_VERSION_CURRENT,
                                           46, low_gap, high_gap, MV_MTRR_PROFILE_LINUX_DIRECT,
                                           8, &error);
  g_autoptr(MvMtrrState) whole = mv_mtrr_state_new_for_guest (l, 46, low_gap, high_gap,
                                                              MV_MTRR_PROFILE_LINUX_DIRECT, 8, NULL);
  g_autoptr(MvEffectiveMap) map = mv_effective_map_new (whole, 0, (guint64) 1 << 46, 0, MV_PAT_NONE);
  const MvStep *s0, *s1, *s2, *last;
  const MvStepChange *c;

  g_assert_no_error (error);
  g_assert_cmpuint (mv_steps_get_n_steps (steps), ==, 4);

  s0 = mv_steps_get_step (steps, 0);
  g_assert_cmpuint (s0->index, ==, 0);
  g_assert_cmpint (s0->kind, ==, MV_STEP_KIND_BOOT);
  g_assert_false (s0->has_pair);
  g_assert_cmpuint (s0->changed->len, ==, 0);
  g_assert_cmpuint (mv_mtrr_state_get_n_pairs (s0->state), ==, 0);
  g_assert_cmphex (s0->state->def_type, ==, 0xc00);
  g_assert_true (g_str_has_prefix (s0->sentence, "Boot state"));

  /* Pair 0: the first 128 MiB; below 1 MiB the fixed ranges decide, so it
   * turns [1 MiB, 128 MiB) alone from UC to WB. */
  s1 = mv_steps_get_step (steps, 1);
  g_assert_true (s1->has_pair);
  g_assert_cmpuint (s1->pair.n, ==, 0);
  g_assert_cmpint (s1->reason, ==, MV_MTRR_REASON_PCAT_128M);
  g_assert_cmpuint (s1->pair.programmed.start, ==, 0);
  g_assert_cmpuint (s1->pair.programmed.end, ==, 128 * MiB);
  g_assert_cmpuint (s1->changed->len, ==, 1);
  c = &g_array_index (s1->changed, MvStepChange, 0);
  g_assert_cmpuint (c->range.start, ==, MiB);
  g_assert_cmpuint (c->range.end, ==, 128 * MiB);
  g_assert_cmpuint (c->from, ==, MV_MEM_TYPE_UC);
  g_assert_cmpuint (c->to, ==, MV_MEM_TYPE_WB);
  g_assert_nonnull (strstr (s1->sentence, "PCAT"));
  g_assert_nonnull (strstr (s1->sentence, "from UC to WB"));

  /* Pair 1: programmed from 128 MiB, but its base is not aligned to the
   * 4 GiB block its mask gives: the CPU matches [0, 4 GiB). */
  s2 = mv_steps_get_step (steps, 2);
  g_assert_cmpint (s2->reason, ==, MV_MTRR_REASON_BELOW_LOW_GAP);
  g_assert_cmpuint (s2->pair.n_matched, ==, 1);
  g_assert_cmpuint (s2->pair.matched[0].start, ==, 0);
  g_assert_cmpuint (s2->pair.matched[0].end, ==, 4 * GiB);
  g_assert_cmpuint (s2->pair.programmed.start, ==, 128 * MiB);
  /* Its sentence says so, and that the low MMIO gap became write-back. */
  g_assert_nonnull (strstr (s2->sentence, "its 4 GiB mask ignores the base's low bits, so it matches [0, 4 GiB)"));
  g_assert_nonnull (strstr (s2->sentence, "from UC to WB, the low MMIO gap too."));
  g_assert_null (strstr (s1->sentence, "matches"));
  g_assert_null (strstr (s1->sentence, "gap"));

  last = mv_steps_get_step (steps, 3);
  g_assert_cmpint (last->reason, ==, MV_MTRR_REASON_LOW_TO_HIGH_GAP);
  g_assert_nonnull (strstr (last->sentence, "so it matches [0, 16 GiB) and turns [4 GiB, 16 GiB) from UC to WB"));
  g_assert_nonnull (strstr (last->sentence, "from UC to WB, the high MMIO gap too."));
  assert_same_map (last->effective, map);
  for (guint i = 1; i < mv_steps_get_n_steps (steps); i++)
    {
      const MvStep *s = mv_steps_get_step (steps, i);

      g_assert_cmpuint (s->index, ==, i);
      g_assert_cmpuint (mv_mtrr_state_get_n_pairs (s->state), ==, i);
      g_assert_null (strchr (s->sentence, '\n'));
      g_assert_true (g_str_has_suffix (s->sentence, "."));
    }
}

/* Each version's last step has its pairs; pre-3550 fails on one gap. */
static void
test_steps_versions (void)
{
  g_autoptr(MvLayout) l = layout_new (8 * GiB, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvSteps) pre = mv_steps_new (l, MV_STEPS_STRATEGY_OPENVMM, MV_OPENVMM_VERSION_PRE_3550,
                                         46, low_gap, MV_RANGE_EMPTY, MV_MTRR_PROFILE_UEFI, 8,
                                         &error);
  g_autoptr(MvSteps) v3550 = mv_steps_new (l, MV_STEPS_STRATEGY_OPENVMM, MV_OPENVMM_VERSION_3550,
                                           46, low_gap, MV_RANGE_EMPTY, MV_MTRR_PROFILE_UEFI, 8,
                                           NULL);
  g_autoptr(MvSteps) cur = mv_steps_new (l, MV_STEPS_STRATEGY_OPENVMM, MV_OPENVMM_VERSION_CURRENT,
                                         46, low_gap, MV_RANGE_EMPTY, MV_MTRR_PROFILE_UEFI, 8,
                                         NULL);
  const MvStep *s;
  g_autoptr(GArray) diff = NULL;

  g_assert_null (pre);
  g_assert_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_UNSUPPORTED_MMIO);
  g_assert_cmpuint (mv_steps_get_n_steps (v3550), ==, 5);
  g_assert_cmpuint (mv_steps_get_n_steps (cur), ==, 4);
  s = mv_steps_get_step (v3550, 3);
  g_assert_cmpint (s->reason, ==, MV_MTRR_REASON_LOW_GAP_TO_8TB);
  s = mv_steps_get_step (v3550, 4);
  g_assert_cmpint (s->reason, ==, MV_MTRR_REASON_8TB_TO_TOP);
  /* Its mask is the valid bit alone: programmed from 8 TiB, it matches
   * the whole address space. */
  g_assert_cmpuint (s->pair.programmed.start, ==, 8 * TiB);
  g_assert_cmpuint (s->pair.block_size, ==, (guint64) 1 << 46);
  g_assert_cmpuint (s->pair.matched_span.start, ==, 0);
  g_assert_cmpuint (s->pair.matched_span.end, ==, (guint64) 1 << 46);
  g_assert_nonnull (strstr (s->sentence, "its 64 TiB mask"));
  s = mv_steps_get_step (v3550, 3);
  g_assert_nonnull (strstr (s->sentence, "so it matches [0, 8 TiB)"));
  s = mv_steps_get_step (cur, 3);
  g_assert_cmpint (s->reason, ==, MV_MTRR_REASON_LOW_GAP_TO_END_OF_RAM);
  g_assert_nonnull (strstr (s->sentence, "up to its end at 8320 MiB, to keep what lies above UC"));

  /* Where they differ: the current pair 2 rounds the end of RAM
   * (8 GiB + 128 MiB) up to a 16 GiB block; 3550 makes everything above
   * that up to 2^46 WB too. */
  diff = mv_effective_map_diff (mv_steps_get_step (cur, 3)->effective,
                                mv_steps_get_step (v3550, 4)->effective);
  g_assert_cmpuint (diff->len, ==, 1);
  g_assert_cmpuint (g_array_index (diff, MvStepChange, 0).range.start, ==, 16 * GiB);
  g_assert_cmpuint (g_array_index (diff, MvStepChange, 0).range.end, ==, (guint64) 1 << 46);
  g_assert_cmpuint (g_array_index (diff, MvStepChange, 0).from, ==, MV_MEM_TYPE_UC);
  g_assert_cmpuint (g_array_index (diff, MvStepChange, 0).to, ==, MV_MEM_TYPE_WB);
}

/* OpenVMM's steps over 8 GiB with @gaps, the chipset gaps the low one and
 * @high. */
static MvSteps *
steps_over_gaps (const MvRange *gaps,
                 gsize          n_gaps,
                 MvRange        high)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvLayout) l = mv_layout_new (8 * GiB, gaps, n_gaps, NULL, 0, NULL, 0, NULL, &error);
  MvSteps *steps;

  g_assert_no_error (error);
  steps = mv_steps_new (l, MV_STEPS_STRATEGY_OPENVMM, MV_OPENVMM_VERSION_CURRENT, 46, low_gap,
                        high, MV_MTRR_PROFILE_LINUX_DIRECT, 8, &error);
  g_assert_no_error (error);
  return steps;
}

/* Upstream's mtrr_8gb shape: the high gap right at 4 GiB, so pair 2 is
 * meant to cover [4 GiB, 4 GiB); its mask makes a 4 GiB block of it, and
 * the sentence says so. */
static void
test_steps_empty_intent (void)
{
  MvRange high = { 4 * GiB, 4 * GiB + 512 * MiB };
  MvRange gaps[2] = { low_gap, high };
  g_autoptr(MvSteps) steps = steps_over_gaps (gaps, 2, high);
  const MvStep *s = mv_steps_get_step (steps, 3);

  g_assert_cmpint (s->reason, ==, MV_MTRR_REASON_LOW_TO_HIGH_GAP);
  g_assert_cmpuint (s->pair.matched[0].start, ==, 4 * GiB);
  g_assert_cmpuint (s->pair.matched[0].end, ==, 8 * GiB);
  g_assert_nonnull (strstr (s->sentence, "no mask gives an empty range: this one gives 4 GiB"));
  g_assert_nonnull (strstr (s->sentence, "so it matches [4 GiB, 8 GiB)"));
  g_assert_nonnull (strstr (s->sentence, "the high MMIO gap too."));
  /* Pair 3, from the high gap's end: its base is not aligned. */
  s = mv_steps_get_step (steps, 4);
  g_assert_null (strstr (s->sentence, "empty range"));
  g_assert_nonnull (strstr (s->sentence, "its 8 TiB mask ignores the base's low bits"));
}

/* A further MMIO gap a pair makes write-back is named by its range, the
 * chipset gaps by name. */
static void
test_steps_further_gap (void)
{
  MvRange mid = { 5 * GiB, 5 * GiB + 512 * MiB };
  MvRange gaps[3] = { low_gap, mid, high_gap };
  g_autoptr(MvSteps) steps = steps_over_gaps (gaps, 3, high_gap);
  const MvStep *s = mv_steps_get_step (steps, 3);

  g_assert_nonnull (strstr (s->sentence, ", the MMIO gap [5 GiB, 5632 MiB) and the high MMIO gap too."));
}

/* With MTRRs off (profile none) every pair changes nothing because the
 * CPU ignores it, and the sentence says so (not "already had their type"). */
static void
test_steps_mtrrs_off (void)
{
  g_autoptr(MvLayout) l = layout_new (8 * GiB, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvSteps) steps = mv_steps_new (l, MV_STEPS_STRATEGY_OPENVMM, MV_OPENVMM_VERSION_CURRENT,
                                           46, low_gap, high_gap, MV_MTRR_PROFILE_NONE, 8, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (mv_steps_get_n_steps (steps), ==, 4);
  for (guint i = 1; i < 4; i++)
    {
      const MvStep *s = mv_steps_get_step (steps, i);

      g_assert_cmpuint (s->changed->len, ==, 0);
      g_assert_nonnull (strstr (s->sentence, "MTRRs are off"));
      g_assert_null (strstr (s->sentence, "matches"));
      g_assert_null (strstr (s->sentence, "already had"));
    }
}

/* The fewest pairs, one step each, from the same boot state. */
static void
test_steps_fewest (void)
{
  g_autoptr(MvLayout) l = layout_new (8 * GiB, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvSteps) steps = mv_steps_new (l, MV_STEPS_STRATEGY_FEWEST, MV_OPENVMM_VERSION_CURRENT,
                                           46, low_gap, high_gap, MV_MTRR_PROFILE_LINUX_DIRECT,
                                           8, &error);
  g_autoptr(MvMtrrSolution) sol = mv_mtrr_solve (l, 46, MV_MEM_TYPE_UC, NULL);
  const MvStep *last;
  guint n_uc = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (mv_steps_get_n_steps (steps), ==, 1 + sol->n_pairs);
  for (guint i = 1; i < mv_steps_get_n_steps (steps); i++)
    {
      const MvStep *s = mv_steps_get_step (steps, i);

      n_uc += s->kind == MV_STEP_KIND_FEWEST_UC;
      g_assert_true (s->kind == MV_STEP_KIND_FEWEST_UC || s->kind == MV_STEP_KIND_FEWEST_WB);
      g_assert_nonnull (strstr (s->sentence, "block"));
    }
  g_assert_cmpuint (n_uc, ==, sol->n_uc);

  /* Above the first MiB (where the fixed ranges decide), the last step is
   * exact: RAM WB, the gaps UC. */
  last = mv_steps_get_step (steps, mv_steps_get_n_steps (steps) - 1);
  g_assert_cmpuint (mv_effective_map_lookup (last->effective, 4 * GiB - 1)->type, ==, MV_MEM_TYPE_UC);
  g_assert_cmpuint (mv_effective_map_lookup (last->effective, 4 * GiB)->type, ==, MV_MEM_TYPE_WB);
  g_assert_cmpuint (mv_effective_map_lookup (last->effective, 0x208000000)->type, ==, MV_MEM_TYPE_UC);
  g_assert_cmpuint (mv_effective_map_lookup (last->effective, 2 * MiB)->type, ==, MV_MEM_TYPE_WB);
}

/* With VTL2, OpenVMM sets no pair: the lesson is the boot state alone. */
static void
test_steps_vtl2 (void)
{
  MvRange gaps[2] = { low_gap, high_gap };
  MvRange vtl2 = { 0x300000000, 0x300000000 + 64 * MiB };
  g_autoptr(MvLayout) l = mv_layout_new (8 * GiB, gaps, 2, NULL, 0, NULL, 0, &vtl2, NULL);
  g_autoptr(MvSteps) steps = NULL;

  g_assert_nonnull (l);
  steps = mv_steps_new (l, MV_STEPS_STRATEGY_OPENVMM, MV_OPENVMM_VERSION_CURRENT, 46, low_gap,
                        high_gap, MV_MTRR_PROFILE_LINUX_DIRECT, 8, NULL);
  g_assert_cmpuint (mv_steps_get_n_steps (steps), ==, 1);
  g_assert_nonnull (strstr (mv_steps_get_step (steps, 0)->sentence, "VTL2"));
}

/* With VCNT 2 the CPU ignores OpenVMM's third pair, and the step says so. */
static void
test_steps_above_vcnt (void)
{
  g_autoptr(MvLayout) l = layout_new (8 * GiB, TRUE);
  g_autoptr(MvSteps) steps = mv_steps_new (l, MV_STEPS_STRATEGY_OPENVMM, MV_OPENVMM_VERSION_CURRENT,
                                           46, low_gap, high_gap, MV_MTRR_PROFILE_LINUX_DIRECT,
                                           2, NULL);
  const MvStep *s = mv_steps_get_step (steps, 3);

  g_assert_false (s->pair.implemented);
  g_assert_cmpuint (s->changed->len, ==, 0);
  g_assert_nonnull (strstr (s->sentence, "ignores"));
  g_assert_true (mv_steps_get_step (steps, 2)->pair.implemented);
}

/* A document's [mtrr] openvmm-version reaches the scenario and its lesson. */
static void
test_scenario_version (void)
{
  static const char text[] = "[memviz]\nversion=1\n[memory]\nram=8G\nmmio=0xF8000000-4G\n"
                             "[mtrr]\nopenvmm-version=%s\n";
  const struct { const char *name; guint n_pairs; const char *error; } cases[] = {
    { "pre-3550", 0, "UnsupportedMmio" },
    { "3550", 4, NULL },
    { "current", 3, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *data = g_strdup_printf (text, cases[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(MvDocument) doc = mv_document_load_from_data (data, -1, NULL, &error);
      g_autoptr(MvScenario) sc = NULL;
      g_autoptr(MvSteps) steps = NULL;
      g_autoptr(GArray) diff = NULL;

      g_assert_no_error (error);
      sc = mv_scenario_run (doc, MV_SCENARIO_SKIP_FILES);
      g_assert_cmpstr (mv_openvmm_version_to_string (sc->openvmm_version), ==, cases[i].name);
      g_assert_cmpuint (mv_scenario_n_variable_pairs (sc), ==, cases[i].n_pairs);
      g_assert_cmpstr (sc->mtrr_error_name, ==, cases[i].error);
      g_assert_cmpuint (mv_mtrr_state_get_n_pairs (sc->mtrr_state), ==, cases[i].n_pairs);
      steps = mv_steps_new_for_scenario (sc, MV_STEPS_STRATEGY_OPENVMM, &error);
      if (cases[i].error != NULL)
        {
          g_assert_null (steps);
          g_assert_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_UNSUPPORTED_MMIO);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (mv_steps_get_n_steps (steps), ==, 1 + cases[i].n_pairs);
      diff = mv_effective_map_diff (mv_steps_get_step (steps, cases[i].n_pairs)->effective,
                                    sc->effective);
      g_assert_cmpuint (diff->len, ==, 0);
    }
}

static void
test_strategy_names (void)
{
  MvStepsStrategy s;
  g_autoptr(GError) error = NULL;

  g_assert_true (mv_steps_strategy_from_string ("fewest", &s, NULL));
  g_assert_cmpint (s, ==, MV_STEPS_STRATEGY_FEWEST);
  g_assert_true (mv_steps_strategy_from_string ("openvmm", &s, NULL));
  g_assert_cmpint (s, ==, MV_STEPS_STRATEGY_OPENVMM);
  g_assert_false (mv_steps_strategy_from_string ("fastest", &s, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  /* "both" only where two lessons can be shown side by side. */
  g_assert_false (mv_steps_strategy_from_string ("both", &s, NULL));
}

static void
test_strategies (void)
{
  guint bits = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (mv_steps_strategies_from_string ("both", &bits, NULL));
  g_assert_cmpuint (bits, ==, MV_STEPS_BOTH);
  g_assert_cmpuint (bits, ==, (1u << MV_STEPS_STRATEGY_OPENVMM) | (1u << MV_STEPS_STRATEGY_FEWEST));
  g_assert_true (mv_steps_strategies_from_string ("fewest", &bits, NULL));
  g_assert_cmpuint (bits, ==, 1u << MV_STEPS_STRATEGY_FEWEST);
  g_assert_true (mv_steps_strategies_from_string ("OpenVMM", &bits, NULL));
  g_assert_cmpuint (bits, ==, 1u << MV_STEPS_STRATEGY_OPENVMM);
  g_assert_false (mv_steps_strategies_from_string ("all", &bits, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_nonnull (strstr (error->message, "both"));
}

/* Stepped together, a lesson past its last step stays there, done. */
static void
test_index_at (void)
{
  g_autoptr(MvLayout) l = layout_new (8 * GiB, TRUE);
  g_autoptr(MvSteps) steps = mv_steps_new (l, MV_STEPS_STRATEGY_FEWEST, MV_OPENVMM_VERSION_CURRENT,
                                           46, low_gap, high_gap, MV_MTRR_PROFILE_LINUX_DIRECT, 8, NULL);
  gboolean done = TRUE;
  guint last;

  g_assert_nonnull (steps);
  last = mv_steps_get_n_steps (steps) - 1;
  g_assert_cmpuint (mv_steps_get_n_pairs (steps), ==, last);
  g_assert_cmpuint (mv_steps_index_at (steps, 0, &done), ==, 0);
  g_assert_false (done);
  g_assert_cmpuint (mv_steps_index_at (steps, last, &done), ==, last);
  g_assert_false (done);
  g_assert_cmpuint (mv_steps_index_at (steps, last + 1, &done), ==, last);
  g_assert_true (done);
  g_assert_cmpuint (mv_steps_index_at (steps, 1000, NULL), ==, last);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/versions/low-gap-only", test_versions_low_gap_only);
  g_test_add_func ("/versions/two-gaps-agree", test_versions_two_gaps_agree);
  g_test_add_func ("/versions/names", test_version_names);
  g_test_add_func ("/steps/openvmm-default", test_steps_openvmm_default);
  g_test_add_func ("/steps/versions", test_steps_versions);
  g_test_add_func ("/steps/empty-intent", test_steps_empty_intent);
  g_test_add_func ("/steps/mtrrs-off", test_steps_mtrrs_off);
  g_test_add_func ("/steps/further-gap", test_steps_further_gap);
  g_test_add_func ("/steps/fewest", test_steps_fewest);
  g_test_add_func ("/steps/vtl2", test_steps_vtl2);
  g_test_add_func ("/steps/above-vcnt", test_steps_above_vcnt);
  g_test_add_func ("/steps/scenario-version", test_scenario_version);
  g_test_add_func ("/steps/strategy-names", test_strategy_names);
  g_test_add_func ("/steps/strategies", test_strategies);
  g_test_add_func ("/steps/index-at", test_index_at);
  return g_test_run ();
}
