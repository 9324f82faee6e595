/* SPDX-License-Identifier: MIT */
/* Tests of core/mv-range: MemoryRange construction, overlaps/contains, and
 * subtract_ranges, ported from upstream's vm/vmcore/memory_range/src/lib.rs.
 *
 * Upstream tests not ported, because memviz has no such function:
 * test_align (AlignedSubranges), test_overlapping_ranges
 * (overlapping_ranges), test_aligned_subrange, test_flatten_ranges*,
 * test_merge_adjacent_ranges*. The inputs of
 * test_panic_unsorted_overlapping_{left,right} do apply to subtract_ranges
 * (the same walk_ranges walk raises the panic), so they are used below. */
#include <string.h>

#include <mv-range.h>

#define KB ((guint64) 1024)
#define MB (1024 * KB)
#define GB (1024 * MB)

static MvRange
R (guint64 start,
   guint64 end)
{
  MvRange r;
  g_autoptr(GError) error = NULL;

  g_assert_true (mv_range_init (&r, start, end, &error));
  g_assert_no_error (error);
  return r;
}

static void
assert_ranges (GArray        *got,
               const MvRange *want,
               gsize          n_want)
{
  g_assert_cmpuint (got->len, ==, n_want);
  for (gsize i = 0; i < n_want; i++)
    {
      const MvRange *r = &g_array_index (got, MvRange, i);
      g_assert_cmphex (r->start, ==, want[i].start);
      g_assert_cmphex (r->end, ==, want[i].end);
    }
}

/* ---- construction ------------------------------------------------------ */

static void
test_init_valid (void)
{
  MvRange r = { 1, 1 };
  g_autoptr(GError) error = NULL;

  g_assert_true (mv_range_init (&r, 0x1000, 0x3000, &error));
  g_assert_no_error (error);
  g_assert_cmphex (r.start, ==, 0x1000);
  g_assert_cmphex (r.end, ==, 0x3000);
  g_assert_cmphex (mv_range_len (&r), ==, 0x2000);
  g_assert_false (mv_range_is_empty (&r));

  /* EMPTY is 0..0, and start == end anywhere is empty. */
  r = MV_RANGE_EMPTY;
  g_assert_cmphex (r.start, ==, 0);
  g_assert_cmphex (r.end, ==, 0);
  g_assert_true (mv_range_is_empty (&r));
  g_assert_true (mv_range_init (&r, 5 * GB, 5 * GB, &error));
  g_assert_true (mv_range_is_empty (&r));
  g_assert_cmphex (mv_range_len (&r), ==, 0);

  /* The whole address space upstream can describe. */
  g_assert_cmphex (MV_MAX_ADDRESS, ==, G_GUINT64_CONSTANT (0xfffffffffffff000));
  g_assert_true (mv_range_init (&r, 0, MV_MAX_ADDRESS, &error));
  g_assert_cmphex (mv_range_len (&r), ==, MV_MAX_ADDRESS);
}

typedef struct
{
  guint64 start;
  guint64 end;
  int code;
  const char *needle;    /* a word the message must contain */
} BadInit;

static const BadInit bad_inits[] = {
  { 0x1001, 0x2000, MV_RANGE_ERROR_UNALIGNED, "start is not 4 KiB aligned" },
  { 0x1000, 0x2001, MV_RANGE_ERROR_UNALIGNED, "end is not 4 KiB aligned" },
  { 0x1, 0x1, MV_RANGE_ERROR_UNALIGNED, "start" },
  { 0, G_MAXUINT64, MV_RANGE_ERROR_UNALIGNED, "end" },
  { 0x3000, 0x2000, MV_RANGE_ERROR_REVERSED, "start is above end" },
  { MV_MAX_ADDRESS, 0, MV_RANGE_ERROR_REVERSED, "0xfffffffffffff000-0x0" },
};

static void
test_init_bad (gconstpointer data)
{
  const BadInit *t = data;
  MvRange r = { 0x5000, 0x6000 };
  g_autoptr(GError) error = NULL;

  g_assert_false (mv_range_init (&r, t->start, t->end, &error));
  g_assert_error (error, MV_RANGE_ERROR, t->code);
  g_assert_nonnull (strstr (error->message, t->needle));
  /* The range is left alone on error. */
  g_assert_cmphex (r.start, ==, 0x5000);
  g_assert_cmphex (r.end, ==, 0x6000);
}

/* ---- overlaps, contains, compare -------------------------------------- */

typedef struct
{
  MvRange a;
  MvRange b;
  gboolean overlaps;
  gboolean a_contains_b;
  gboolean b_contains_a;
  int compare;
} PairCase;

static const PairCase pair_cases[] = {
  /* disjoint */
  { { 0, 0x1000 }, { 0x2000, 0x3000 }, FALSE, FALSE, FALSE, -1 },
  /* touching: half-open, so no overlap */
  { { 0, 0x1000 }, { 0x1000, 0x2000 }, FALSE, FALSE, FALSE, -1 },
  { { 0x1000, 0x2000 }, { 0, 0x1000 }, FALSE, FALSE, FALSE, 1 },
  /* partial overlap */
  { { 0, 0x3000 }, { 0x2000, 0x4000 }, TRUE, FALSE, FALSE, -1 },
  /* nested */
  { { 0, 0x4000 }, { 0x1000, 0x2000 }, TRUE, TRUE, FALSE, -1 },
  /* same start, ordered by end */
  { { 0x1000, 0x2000 }, { 0x1000, 0x5000 }, TRUE, FALSE, TRUE, -1 },
  /* equal */
  { { 0x1000, 0x2000 }, { 0x1000, 0x2000 }, TRUE, TRUE, TRUE, 0 },
  /* Upstream's formula (a.end > b.start && a.start < b.end) makes an empty
   * range strictly inside another overlap it; at an edge it does not. */
  { { 0x1000, 0x1000 }, { 0, 0x2000 }, TRUE, FALSE, TRUE, 1 },
  { { 0x1000, 0x1000 }, { 0x1000, 0x1000 }, FALSE, TRUE, TRUE, 0 },
  { { 0x2000, 0x2000 }, { 0, 0x2000 }, FALSE, FALSE, TRUE, 1 },
  /* the top of the address space */
  { { 0, MV_MAX_ADDRESS }, { MV_MAX_ADDRESS - 0x1000, MV_MAX_ADDRESS }, TRUE, TRUE, FALSE, -1 },
};

static void
test_pair (gconstpointer data)
{
  const PairCase *t = data;

  g_assert_cmpint (mv_range_overlaps (&t->a, &t->b), ==, t->overlaps);
  g_assert_cmpint (mv_range_overlaps (&t->b, &t->a), ==, t->overlaps);
  g_assert_cmpint (mv_range_contains (&t->a, &t->b), ==, t->a_contains_b);
  g_assert_cmpint (mv_range_contains (&t->b, &t->a), ==, t->b_contains_a);
  g_assert_cmpint (mv_range_compare (&t->a, &t->b), ==, t->compare);
  g_assert_cmpint (mv_range_compare (&t->b, &t->a), ==, -t->compare);
}

static void
test_contains_addr (void)
{
  MvRange r = R (0x1000, 0x3000);
  MvRange top = R (MV_MAX_ADDRESS - 0x1000, MV_MAX_ADDRESS);
  MvRange empty = R (0x1000, 0x1000);

  g_assert_false (mv_range_contains_addr (&r, 0xfff));
  g_assert_true (mv_range_contains_addr (&r, 0x1000));
  g_assert_true (mv_range_contains_addr (&r, 0x2fff));
  g_assert_false (mv_range_contains_addr (&r, 0x3000));
  g_assert_false (mv_range_contains_addr (&empty, 0x1000));
  g_assert_true (mv_range_contains_addr (&top, MV_MAX_ADDRESS - 1));
  g_assert_false (mv_range_contains_addr (&top, MV_MAX_ADDRESS));
  g_assert_false (mv_range_contains_addr (&top, G_MAXUINT64));
}

static void
test_validate (void)
{
  const MvRange good[] = { { 0, 0x1000 }, { 0x1000, 0x2000 }, { 0x5000, 0x9000 } };
  const MvRange with_empty[] = { { 0, 0x1000 }, { 0x2000, 0x2000 } };
  const MvRange unsorted[] = { { 0x5000, 0x6000 }, { 0, 0x1000 } };
  const MvRange overlapping[] = { { 0, 0x3000 }, { 0x2000, 0x4000 } };
  const MvRange duplicate[] = { { 0, 0x3000 }, { 0, 0x3000 } };

  g_assert_true (mv_ranges_validate (NULL, 0));
  g_assert_true (mv_ranges_validate (good, 1));
  g_assert_true (mv_ranges_validate (good, G_N_ELEMENTS (good)));
  g_assert_false (mv_ranges_validate (with_empty, G_N_ELEMENTS (with_empty)));
  g_assert_false (mv_ranges_validate (&with_empty[1], 1));
  g_assert_false (mv_ranges_validate (unsorted, G_N_ELEMENTS (unsorted)));
  g_assert_false (mv_ranges_validate (overlapping, G_N_ELEMENTS (overlapping)));
  g_assert_false (mv_ranges_validate (duplicate, G_N_ELEMENTS (duplicate)));
}

/* ---- subtract_ranges ---------------------------------------------------- */

/* Upstream's test_subtract_ranges. */
static void
test_subtract_upstream (void)
{
  const MvRange left[] = {
    R (0, 4 * MB), R (8 * MB, 12 * MB), R (12 * MB, 12 * MB),
    R (16 * MB, 20 * MB), R (24 * MB, 32 * MB), R (40 * MB, 48 * MB),
  };
  const MvRange right[] = {
    R (2 * MB, 6 * MB), R (10 * MB, 11 * MB), R (11 * MB, 11 * MB),
    R (11 * MB, 13 * MB), R (15 * MB, 22 * MB), R (26 * MB, 30 * MB),
  };
  const MvRange want[] = {
    R (0, 2 * MB), R (8 * MB, 10 * MB), R (24 * MB, 26 * MB),
    R (30 * MB, 32 * MB), R (40 * MB, 48 * MB),
  };
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvRange));
  g_autoptr(GError) error = NULL;

  g_assert_true (mv_ranges_subtract (left, G_N_ELEMENTS (left), right, G_N_ELEMENTS (right),
                                     out, &error));
  g_assert_no_error (error);
  assert_ranges (out, want, G_N_ELEMENTS (want));
}

/* The doc example of subtract_ranges, and some edge shapes. */
static void
test_subtract_shapes (void)
{
  g_autoptr(GError) error = NULL;

  {
    const MvRange left[] = { R (0, 4 * MB), R (8 * MB, 12 * MB) };
    const MvRange right[] = { R (2 * MB, 6 * MB), R (10 * MB, 11 * MB) };
    const MvRange want[] = { R (0, 2 * MB), R (8 * MB, 10 * MB), R (11 * MB, 12 * MB) };
    g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvRange));

    g_assert_true (mv_ranges_subtract (left, 2, right, 2, out, &error));
    assert_ranges (out, want, G_N_ELEMENTS (want));
  }

  /* Nothing to subtract: left comes back, touching ranges stay split. */
  {
    const MvRange left[] = { R (0, 0x1000), R (0x1000, 0x2000) };
    g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvRange));

    g_assert_true (mv_ranges_subtract (left, 2, NULL, 0, out, &error));
    assert_ranges (out, left, 2);
  }

  /* Empty left: nothing. */
  {
    const MvRange right[] = { R (0, 0x1000) };
    g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvRange));

    g_assert_true (mv_ranges_subtract (NULL, 0, right, 1, out, &error));
    g_assert_cmpuint (out->len, ==, 0);
  }

  /* Right covers left entirely. */
  {
    const MvRange left[] = { R (0x2000, 0x4000) };
    const MvRange right[] = { R (0x1000, 0x5000) };
    g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvRange));

    g_assert_true (mv_ranges_subtract (left, 1, right, 1, out, &error));
    g_assert_cmpuint (out->len, ==, 0);
  }

  /* The address space minus gaps, as the layout uses it; the last piece
   * ends at MAX_ADDRESS. */
  {
    const MvRange left[] = { R (0, MV_MAX_ADDRESS) };
    const MvRange right[] = { R (0, 0x1000), R (3 * GB, 4 * GB), R (MV_MAX_ADDRESS - 0x1000, MV_MAX_ADDRESS) };
    const MvRange want[] = { R (0x1000, 3 * GB), R (4 * GB, MV_MAX_ADDRESS - 0x1000) };
    g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvRange));

    g_assert_true (mv_ranges_subtract (left, 1, right, 3, out, &error));
    assert_ranges (out, want, G_N_ELEMENTS (want));
  }

  /* Appends: existing content is kept. */
  {
    const MvRange left[] = { R (0, 0x2000) };
    const MvRange right[] = { R (0x1000, 0x2000) };
    const MvRange want[] = { R (0x9000, 0xa000), R (0, 0x1000) };
    g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvRange));

    g_array_append_val (out, want[0]);
    g_assert_true (mv_ranges_subtract (left, 1, right, 1, out, &error));
    assert_ranges (out, want, G_N_ELEMENTS (want));
  }
  g_assert_no_error (error);
}

/* Upstream panics ("left not sorted" / "right not sorted"); memviz reports
 * MV_RANGE_ERROR_UNSORTED naming the side. */
typedef struct
{
  const char *name;
  MvRange left[3];
  gsize n_left;
  MvRange right[3];
  gsize n_right;
  const char *side;
} UnsortedCase;

static const UnsortedCase unsorted_cases[] = {
  /* test_panic_unsorted_subtract_left */
  { "subtract-left", { { MB, 2 * MB }, { 0, MB } }, 2, { { MB, 2 * MB } }, 1, "left" },
  /* test_panic_unsorted_subtract_right */
  { "subtract-right", { { MB, 2 * MB }, { 3 * MB, 4 * MB } }, 2,
    { { MB, 2 * MB }, { MB, 2 * MB } }, 2, "right" },
  /* the inputs of test_panic_unsorted_overlapping_left */
  { "overlapping-left", { { MB, 2 * MB }, { 0, MB } }, 2, { { 3 * MB, 4 * MB } }, 1, "left" },
  /* the inputs of test_panic_unsorted_overlapping_right */
  { "overlapping-right", { { MB, 2 * MB }, { 3 * MB, 4 * MB } }, 2,
    { { 0, MB }, { 0, MB } }, 2, "right" },
  /* Overlapping entries in one list: the second starts before the walk
   * position when it is reached, which upstream reports as not sorted. */
  { "overlap-within-left", { { 0, 4 * MB }, { 2 * MB, 6 * MB } }, 2, { { 0 } }, 0, "left" },
  /* An empty entry behind the walk position also counts. */
  { "empty-behind-right", { { 0, 8 * MB } }, 1, { { 0, 4 * MB }, { 3 * MB, 3 * MB } }, 2, "right" },
  /* Upstream walks the whole address space, so an unsorted right list is
   * found even after the left list has run out. */
  { "right-after-left-ends", { { MB, 2 * MB } }, 1,
    { { 3 * MB, 4 * MB }, { 0, MB } }, 2, "right" },
};

static void
test_subtract_unsorted (gconstpointer data)
{
  const UnsortedCase *t = data;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvRange));
  g_autoptr(GError) error = NULL;
  g_autofree char *needle = g_strdup_printf ("%s ranges are not sorted", t->side);

  g_assert_false (mv_ranges_subtract (t->left, t->n_left, t->right, t->n_right, out, &error));
  g_assert_error (error, MV_RANGE_ERROR, MV_RANGE_ERROR_UNSORTED);
  g_assert_nonnull (strstr (error->message, needle));
}

/* ---- randomized: subtract against a page bitmap ------------------------ */

#define UNIVERSE 256   /* pages */

/* A sorted list of non-overlapping ranges (touching and empty entries
 * allowed, as upstream allows them) inside [0, UNIVERSE) pages. */
static gsize
random_list (GRand   *rand,
             MvRange *out,
             gsize    max,
             gboolean mask[UNIVERSE])
{
  guint64 pos = 0;
  gsize n = 0;

  memset (mask, 0, UNIVERSE * sizeof (gboolean));
  while (n < max && pos < UNIVERSE)
    {
      guint64 start = pos + (g_rand_boolean (rand) ? 0 : (guint64) g_rand_int_range (rand, 0, 20));
      guint64 len = (guint64) g_rand_int_range (rand, 0, 30);
      guint64 end;

      if (start > UNIVERSE)
        break;
      end = MIN (start + len, UNIVERSE);
      out[n].start = start * MV_PAGE_SIZE;
      out[n].end = end * MV_PAGE_SIZE;
      for (guint64 p = start; p < end; p++)
        mask[p] = TRUE;
      n++;
      pos = end;
    }
  return n;
}

static void
test_subtract_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5eed0001);

  for (guint iter = 0; iter < 2000; iter++)
    {
      MvRange left[24], right[24];
      gboolean lmask[UNIVERSE], rmask[UNIVERSE];
      gsize nl = random_list (rand, left, G_N_ELEMENTS (left), lmask);
      gsize nr = random_list (rand, right, G_N_ELEMENTS (right), rmask);
      g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvRange));
      g_autoptr(GError) error = NULL;
      gboolean got[UNIVERSE] = { FALSE };

      g_assert_true (mv_ranges_subtract (left, nl, right, nr, out, &error));
      g_assert_no_error (error);

      for (guint i = 0; i < out->len; i++)
        {
          const MvRange *r = &g_array_index (out, MvRange, i);

          /* Output pieces are aligned, non-empty, sorted and inside the
           * universe; only pieces from different left entries (or split
           * by right) may touch. */
          g_assert_cmphex (r->start & MV_PAGE_MASK, ==, 0);
          g_assert_cmphex (r->end & MV_PAGE_MASK, ==, 0);
          g_assert_cmphex (r->start, <, r->end);
          g_assert_cmphex (r->end, <=, UNIVERSE * MV_PAGE_SIZE);
          if (i > 0)
            g_assert_cmphex (g_array_index (out, MvRange, i - 1).end, <=, r->start);
          for (guint64 p = r->start / MV_PAGE_SIZE; p < r->end / MV_PAGE_SIZE; p++)
            got[p] = TRUE;
        }

      for (guint p = 0; p < UNIVERSE; p++)
        g_assert_cmpint (got[p], ==, lmask[p] && !rmask[p]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/range/init/valid", test_init_valid);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inits); i++)
    {
      g_autofree char *path = g_strdup_printf ("/range/init/bad/%u", i);
      g_test_add_data_func (path, &bad_inits[i], test_init_bad);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pair_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/range/pair/%u", i);
      g_test_add_data_func (path, &pair_cases[i], test_pair);
    }
  g_test_add_func ("/range/contains-addr", test_contains_addr);
  g_test_add_func ("/range/validate", test_validate);
  g_test_add_func ("/range/subtract/upstream", test_subtract_upstream);
  g_test_add_func ("/range/subtract/shapes", test_subtract_shapes);
  for (guint i = 0; i < G_N_ELEMENTS (unsorted_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/range/subtract/unsorted/%s",
                                               unsorted_cases[i].name);
      g_test_add_data_func (path, &unsorted_cases[i], test_subtract_unsorted);
    }
  g_test_add_func ("/range/subtract/random", test_subtract_random);

  return g_test_run ();
}
