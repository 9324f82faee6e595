/* SPDX-License-Identifier: MIT */
/* The fewest-MTRR search: every result proved exact by the effective map,
 * never more pairs than OpenVMM's where OpenVMM's are exact. */
#include "mv-effective.h"
#include "mv-mtrr-solve.h"
#include "mv-mtrr.h"
#include "mv-test-util.h"

#define MiB ((guint64) 1 << 20)
#define GiB ((guint64) 1 << 30)

static MvLayout *
openvmm_default (void)
{
  MvRange gaps[2] = { { 0xF8000000, 0x100000000 }, { 0x208000000, 0x228000000 } };
  g_autoptr(GError) error = NULL;
  MvLayout *l = mv_layout_new (8 * GiB, gaps, 2, NULL, 0, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  return l;
}

static void
test_openvmm_default (void)
{
  g_autoptr(MvLayout) l = openvmm_default ();
  g_autoptr(MvMtrrSolution) uc = mv_mtrr_solve (l, 46, MV_MEM_TYPE_UC, NULL);
  g_autoptr(MvMtrrSolution) wb = mv_mtrr_solve (l, 46, MV_MEM_TYPE_WB, NULL);
  g_autoptr(MvMtrrState) ovmm = NULL;
  MvMtrrCheck c;
  MvRange low = { 0xF8000000, 0x100000000 }, high = { 0x208000000, 0x228000000 };

  /* Exact, in 3 pairs: WB [0, 8 GiB), WB [8 GiB, +128 MiB), UC [3968 MiB, 4 GiB). */
  g_assert_cmpuint (uc->n_pairs, ==, 3);
  g_assert_cmpuint (uc->n_wb, ==, 2);
  g_assert_cmpuint (uc->n_uc, ==, 1);
  g_assert_cmpuint (uc->check.ram_not_wb, ==, 0);
  g_assert_cmpuint (uc->check.other_wb, ==, 0);
  g_assert_cmpuint (uc->check.top, ==, 0x228000000);

  g_assert_cmpuint (wb->check.ram_not_wb, ==, 0);
  g_assert_cmpuint (wb->check.other_wb, ==, 0);
  g_assert_cmpuint (wb->n_wb, ==, 0);
  g_assert_cmpuint (wb->n_pairs, ==, 4);

  /* OpenVMM's 3 pairs make the 128 MiB low gap and the 512 MiB high gap WB. */
  ovmm = mv_mtrr_state_new_for_guest (l, 46, low, high, MV_MTRR_PROFILE_NONE, 8, NULL);
  ovmm->def_type = MV_MTRR_DEF_TYPE_E;
  mv_mtrr_check_state (ovmm, l, &c);
  g_assert_cmpuint (mv_mtrr_state_count_valid_pairs (ovmm), ==, 3);
  g_assert_cmpuint (c.ram_not_wb, ==, 0);
  g_assert_cmpuint (c.other_wb, ==, 640 * MiB);
}

typedef struct
{
  guint64 ram;
  guint64 gap_start;
  guint64 gap_end;
  guint   expected;
} SimpleCase;

static void
test_simple_table (gconstpointer data)
{
  const SimpleCase *t = data;
  MvRange gap = { t->gap_start, t->gap_end };
  g_autoptr(MvLayout) l = mv_layout_new (t->ram, &gap, t->gap_end > t->gap_start, NULL, 0,
                                         NULL, 0, NULL, NULL);
  g_autoptr(MvMtrrSolution) s = mv_mtrr_solve (l, 46, MV_MEM_TYPE_UC, NULL);

  g_assert_cmpuint (s->check.ram_not_wb + s->check.other_wb, ==, 0);
  g_assert_cmpuint (s->n_pairs, ==, t->expected);
}

static const SimpleCase simple_cases[] = {
  { 128 * MiB, 0, 0, 1 },                              /* one block */
  { 96 * MiB, 0xF8000000, 0x100000000, 2 },           /* 64 + 32: [96M, 3968M) must stay UC */
  { 96 * MiB, 0, 0, 1 },                               /* nothing above: one 128 MiB block */
  { 2 * GiB, 0xF8000000, 0x100000000, 1 },             /* all below the gap */
  { 3968 * MiB, 0xF8000000, 0x100000000, 2 },          /* 4 GiB minus a UC hole */
  { 4 * GiB, 0xC0000000, 0x100000000, 2 },             /* [0,3G) WB and [4G,5G) WB */
  { 4095 * MiB, 0, 0, 1 },                             /* above the top anything goes: 4 GiB */
};

static void
test_default_uc_beats_additive (void)
{
  /* [0, 4095 MiB) of RAM: additive needs 12 blocks, WB 4 GiB minus UC
   * 1 MiB needs 2 (above the top anything goes, but not below it). */
  MvRange gap = { 4095 * MiB, 4 * GiB };
  g_autoptr(MvLayout) l = mv_layout_new (5 * GiB, &gap, 1, NULL, 0, NULL, 0, NULL, NULL);
  g_autoptr(MvMtrrSolution) s = mv_mtrr_solve (l, 46, MV_MEM_TYPE_UC, NULL);

  g_assert_cmpuint (s->check.ram_not_wb + s->check.other_wb, ==, 0);
  g_assert_cmpuint (s->n_pairs, <=, 4);
}

static void
test_errors (void)
{
  g_autoptr(MvLayout) l = openvmm_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MvMtrrSolution) s = mv_mtrr_solve (l, 46, MV_MEM_TYPE_WT, &error);
  g_autoptr(MvLayout) big = NULL;
  g_autoptr(MvMtrrSolution) s2 = NULL;

  g_assert_null (s);
  g_assert_error (error, MV_MTRR_SOLVE_ERROR, MV_MTRR_SOLVE_ERROR_BAD_DEFAULT_TYPE);
  g_clear_error (&error);

  big = mv_layout_new ((guint64) 1 << 40, NULL, 0, NULL, 0, NULL, 0, NULL, NULL);
  s2 = mv_mtrr_solve (big, 36, MV_MEM_TYPE_UC, &error);
  g_assert_null (s2);
  g_assert_error (error, MV_MTRR_SOLVE_ERROR, MV_MTRR_SOLVE_ERROR_UNREACHABLE);
}

/* A layout whose RAM is @n_runs pieces: 1 GiB of RAM, then a 1 GiB gap,
 * and so on. */
static MvLayout *
striped (guint n_runs)
{
  g_autofree MvRange *gaps = g_new (MvRange, n_runs);
  g_autoptr(GError) error = NULL;
  MvLayout *l;

  for (guint i = 0; i + 1 < n_runs; i++)
    {
      gaps[i].start = (guint64) (2 * i + 1) << 30;
      gaps[i].end = (guint64) (2 * i + 2) << 30;
    }
  l = mv_layout_new ((guint64) n_runs << 30, gaps, n_runs - 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  return l;
}

/* The search grows with the square of the RAM runs (it grew with the cube:
 * 400 runs took a minute), and refuses more than MV_MTRR_SOLVE_MAX_RUNS. */
static void
test_many_runs (void)
{
  g_autoptr(MvLayout) many = striped (400);
  g_autoptr(MvLayout) too_many = striped (MV_MTRR_SOLVE_MAX_RUNS + 1);
  g_autoptr(MvMtrrSolution) s = NULL;
  g_autoptr(MvMtrrSolution) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_test_timer_start ();
  s = mv_mtrr_solve (many, 52, MV_MEM_TYPE_UC, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (g_test_timer_elapsed (), <, 5.0 * test_timeout_multiplier ());
  /* a pair per run, more than the registers hold, so it cannot be exact */
  g_assert_cmpuint (s->n_pairs, >=, 400);

  refused = mv_mtrr_solve (too_many, 52, MV_MEM_TYPE_UC, &error);
  g_assert_null (refused);
  g_assert_error (error, MV_MTRR_SOLVE_ERROR, MV_MTRR_SOLVE_ERROR_TOO_MANY_RUNS);
  g_assert_cmpstr (error->message, ==, "the layout's RAM is in 1025 pieces between its gaps: "
                   "the search for the fewest MTRRs takes at most 1024 (its time grows with "
                   "their square)");
}

static void
test_random_layouts (void)
{
  GRand *rand = g_rand_new_with_seed (20261125);
  guint exact_ovmm = 0;

  for (guint iter = 0; iter < 1500; iter++)
    {
      guint n_gaps = g_rand_int_range (rand, 0, 5);
      g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (MvRange));
      guint64 pos = 0;
      guint64 ram = (guint64) g_rand_int_range (rand, 1, 1 << 20) << g_rand_int_range (rand, 12, 24);
      guint width = g_rand_int_range (rand, 36, 53);
      g_autoptr(MvLayout) l = NULL;
      g_autoptr(GError) error = NULL;

      ram &= ~(guint64) 0xfff;
      if (ram == 0)
        ram = 4096;
      for (guint k = 0; k < n_gaps; k++)
        {
          MvRange g;

          pos += (guint64) g_rand_int_range (rand, 1, 1 << 16) << g_rand_int_range (rand, 12, 22);
          g.start = pos;
          pos += (guint64) g_rand_int_range (rand, 1, 1 << 12) << g_rand_int_range (rand, 12, 22);
          g.end = pos;
          g_array_append_val (gaps, g);
        }
      l = mv_layout_new (ram, (MvRange *) gaps->data, gaps->len, NULL, 0, NULL, 0, NULL, &error);
      g_assert_no_error (error);

      for (guint d = 0; d < 2; d++)
        {
          guint type = d == 0 ? MV_MEM_TYPE_UC : MV_MEM_TYPE_WB;
          g_autoptr(GError) serr = NULL;
          g_autoptr(MvMtrrSolution) s = mv_mtrr_solve (l, width, type, &serr);

          if (s == NULL)
            {
              /* Only when the layout does not fit the width. */
              g_assert_error (serr, MV_MTRR_SOLVE_ERROR, MV_MTRR_SOLVE_ERROR_UNREACHABLE);
              g_assert_cmpuint (mv_layout_end_of_layout (l), >, (guint64) 1 << mv_mtrr_clamp_width (width));
              continue;
            }
          /* The proof: exactly the wanted types. */
          g_assert_cmpuint (s->check.ram_not_wb, ==, 0);
          g_assert_cmpuint (s->check.other_wb, ==, 0);
          g_assert_cmpuint (s->n_pairs, ==, mv_mtrr_state_count_valid_pairs (s->state));

          /* Never more pairs than OpenVMM's where OpenVMM's are exact. */
          if (type == MV_MEM_TYPE_UC)
            {
              MvRange low, high;
              g_autoptr(MvMtrrState) o = NULL;
              MvMtrrCheck c;

              mv_mtrr_default_chipset_gaps (l, &low, &high);
              o = mv_mtrr_state_new_for_guest (l, width, low, high, MV_MTRR_PROFILE_NONE, 255, NULL);
              if (o == NULL)
                continue;
              o->def_type = MV_MTRR_DEF_TYPE_E;
              mv_mtrr_check_state (o, l, &c);
              if (c.ram_not_wb == 0 && c.other_wb == 0)
                {
                  exact_ovmm++;
                  g_assert_cmpuint (s->n_pairs, <=, mv_mtrr_state_count_valid_pairs (o));
                }
            }
        }
    }
  /* OpenVMM's own shapes: a low gap ending at 4 GiB, RAM of many sizes. */
  for (guint lg = 0; lg < 3; lg++)
    for (guint64 ram = 64 * MiB; ram <= 64 * GiB; ram *= 2)
      for (guint extra = 0; extra < 2; extra++)
        {
          MvRange gap = { (guint64) 4 * GiB - ((guint64) 128 * MiB << (lg * 2)), 4 * GiB };
          guint64 size = ram + (extra ? gap.start : 0);
          g_autoptr(MvLayout) l = mv_layout_new (size, &gap, 1, NULL, 0, NULL, 0, NULL, NULL);
          g_autoptr(MvMtrrSolution) s = mv_mtrr_solve (l, 46, MV_MEM_TYPE_UC, NULL);
          g_autoptr(MvMtrrState) o = mv_mtrr_state_new_for_guest (l, 46, gap, MV_RANGE_EMPTY,
                                                                  MV_MTRR_PROFILE_NONE, 255, NULL);
          MvMtrrCheck c;

          g_assert_cmpuint (s->check.ram_not_wb + s->check.other_wb, ==, 0);
          o->def_type = MV_MTRR_DEF_TYPE_E;
          mv_mtrr_check_state (o, l, &c);
          if (c.ram_not_wb == 0 && c.other_wb == 0)
            {
              exact_ovmm++;
              g_assert_cmpuint (s->n_pairs, <=, mv_mtrr_state_count_valid_pairs (o));
            }
        }
  g_test_message ("%u layouts where OpenVMM's pairs are exact", exact_ovmm);
  g_assert_cmpuint (exact_ovmm, >, 0);
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/mtrr-solve/openvmm-default", test_openvmm_default);
  for (guint i = 0; i < G_N_ELEMENTS (simple_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mtrr-solve/simple/%u", i);
      g_test_add_data_func (path, &simple_cases[i], test_simple_table);
    }
  g_test_add_func ("/mtrr-solve/default-uc-beats-additive", test_default_uc_beats_additive);
  g_test_add_func ("/mtrr-solve/errors", test_errors);
  g_test_add_func ("/mtrr-solve/many-runs", test_many_runs);
  g_test_add_func ("/mtrr-solve/random", test_random_layouts);

  return g_test_run ();
}
