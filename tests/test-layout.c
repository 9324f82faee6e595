/* SPDX-License-Identifier: MIT */
/* Tests of core/mv-layout: upstream's MemoryLayout tests
 * (vm/vmcore/vm_topology/src/memory.rs) ported to C, every error kind, the
 * queries, and randomized checks against a page-by-page model.
 *
 * Not ported: resolved_ranges_constructor,
 * resolved_ranges_reject_overlap_with_fixed_ranges and
 * resolved_ranges_validate_vtl2_against_ram_end, which test
 * MemoryLayout::new_from_resolved_ranges, a constructor memviz does not
 * have. (Vtl2RangeBeforeEndOfRam is reached through mv_layout_new below.)
 *
 * MV_LAYOUT_ERROR_BAD_MMIO_GAPS is never tested as a result: upstream
 * declares Error::BadMmioGaps but no constructor returns it; only its name
 * is checked. */
#include <string.h>

#include <mv-layout.h>

#define KB ((guint64) 1024)
#define MB (1024 * KB)
#define GB (1024 * MB)
#define TB (1024 * GB)

#define RNG(s, e) ((MvRange) { (s), (e) })

typedef struct
{
  guint64 start;
  guint64 end;
  guint32 vnode;
} WantRam;

static void
assert_ram (const MvLayout *layout,
            const WantRam  *want,
            gsize           n_want)
{
  g_assert_cmpuint (layout->ram->len, ==, n_want);
  for (gsize i = 0; i < n_want; i++)
    {
      const MvRamRange *r = &g_array_index (layout->ram, MvRamRange, i);
      g_assert_cmphex (r->range.start, ==, want[i].start);
      g_assert_cmphex (r->range.end, ==, want[i].end);
      g_assert_cmpuint (r->vnode, ==, want[i].vnode);
    }
}

static void
assert_range_list (GArray        *got,
                   const MvRange *want,
                   gsize          n_want)
{
  g_assert_cmpuint (got->len, ==, n_want);
  for (gsize i = 0; i < n_want; i++)
    {
      g_assert_cmphex (g_array_index (got, MvRange, i).start, ==, want[i].start);
      g_assert_cmphex (g_array_index (got, MvRange, i).end, ==, want[i].end);
    }
}

static void
assert_layouts_ram_equal (const MvLayout *a,
                          const MvLayout *b)
{
  g_assert_cmpuint (a->ram->len, ==, b->ram->len);
  for (guint i = 0; i < a->ram->len; i++)
    {
      const MvRamRange *x = &g_array_index (a->ram, MvRamRange, i);
      const MvRamRange *y = &g_array_index (b->ram, MvRamRange, i);
      g_assert_cmphex (x->range.start, ==, y->range.start);
      g_assert_cmphex (x->range.end, ==, y->range.end);
      g_assert_cmpuint (x->vnode, ==, y->vnode);
    }
}

/* ---- upstream's tests ---------------------------------------------------- */

static const MvRange layout_mmio[] = { RNG (GB, 2 * GB), RNG (3 * GB, 4 * GB) };
static const WantRam layout_ram[] = {
  { 0, GB, 0 },
  { 2 * GB, 3 * GB, 0 },
  { 4 * GB, TB + 2 * GB, 0 },
};

/* upstream: layout */
static void
test_upstream_layout (void)
{
  const MvRamRange ram[] = {
    { RNG (0, GB), 0 },
    { RNG (2 * GB, 3 * GB), 0 },
    { RNG (4 * GB, TB + 2 * GB), 0 },
  };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  layout = mv_layout_new (TB, layout_mmio, 2, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layout);
  assert_ram (layout, layout_ram, G_N_ELEMENTS (layout_ram));
  assert_range_list (layout->mmio, layout_mmio, 2);
  g_assert_cmphex (mv_layout_ram_size (layout), ==, TB);
  g_assert_cmphex (mv_layout_end_of_ram (layout), ==, TB + 2 * GB);
  g_assert_cmphex (mv_layout_end_of_layout (layout), ==, TB + 2 * GB);
  g_clear_pointer (&layout, mv_layout_free);

  layout = mv_layout_new_from_ranges (ram, G_N_ELEMENTS (ram), layout_mmio, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layout);
  assert_ram (layout, layout_ram, G_N_ELEMENTS (layout_ram));
  assert_range_list (layout->mmio, layout_mmio, 2);
  g_assert_cmphex (mv_layout_ram_size (layout), ==, TB);
  g_assert_cmphex (mv_layout_end_of_ram (layout), ==, TB + 2 * GB);
  g_assert_cmphex (mv_layout_end_of_layout (layout), ==, TB + 2 * GB);
}

static void
expect_error (MvLayout *layout,
              GError   *error,
              int       code)
{
  g_assert_null (layout);
  g_assert_error (error, MV_LAYOUT_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
  g_error_free (error);
}

/* @expr is a constructor call passing &err. */
#define EXPECT_ERROR(code, expr) \
  G_STMT_START { \
    GError *err = NULL; \
    MvLayout *l_ = (expr); \
    expect_error (l_, err, (code)); \
  } G_STMT_END

/* upstream: bad_layout, with the error variant each case gives upstream */
static void
test_upstream_bad_layout (void)
{
  const MvRange unsorted_mmio[] = { RNG (3 * GB, 4 * GB), RNG (GB, 2 * GB) };
  const MvRamRange ram_gb[] = { { RNG (0, GB), 0 } };
  const MvRamRange ram_gb_mb[] = { { RNG (0, GB + MB), 0 } };
  const MvRange one_mb_at_gb[] = { RNG (GB, GB + MB) };

  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_SIZE,
                mv_layout_new (TB + 1, NULL, 0, NULL, 0, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (TB, unsorted_mmio, 2, NULL, 0, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new_from_ranges (NULL, 0, unsorted_mmio, 2, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new_from_ranges (ram_gb, 1, unsorted_mmio, 2, &err));
  /* RAM overlapping an MMIO gap */
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new_from_ranges (ram_gb_mb, 1, layout_mmio, 2, &err));
  /* PCI ECAM overlapping MMIO */
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (TB, layout_mmio, 2, one_mb_at_gb, 1, NULL, 0, NULL, &err));
  /* PCI MMIO overlapping MMIO */
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (TB, layout_mmio, 2, NULL, 0, one_mb_at_gb, 1, NULL, &err));
  /* PCI ECAM overlapping PCI MMIO */
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (TB, NULL, 0, one_mb_at_gb, 1, one_mb_at_gb, 1, NULL, &err));
}

/* upstream: pci_ranges */
static void
test_upstream_pci_ranges (void)
{
  const MvRange mmio[] = { RNG (3 * GB, 4 * GB) };
  const MvRange pci_ecam[] = { RNG (2 * TB - GB, 2 * TB) };
  const MvRange pci_mmio[] = { RNG (2 * GB, 3 * GB), RNG (5 * GB, 6 * GB) };
  const WantRam want[] = {
    { 0, 2 * GB, 0 },
    { 4 * GB, 5 * GB, 0 },
    { 6 * GB, TB + 3 * GB, 0 },
  };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  layout = mv_layout_new (TB, mmio, 1, pci_ecam, 1, pci_mmio, 2, NULL, &error);
  g_assert_no_error (error);
  assert_ram (layout, want, G_N_ELEMENTS (want));
  g_assert_cmphex (mv_layout_end_of_layout (layout), ==, 2 * TB);

  g_assert_cmpint (mv_layout_probe_address (layout, 2 * GB), ==, MV_ADDRESS_PCI_MMIO);
  g_assert_cmpint (mv_layout_probe_address (layout, 2 * GB + MB), ==, MV_ADDRESS_PCI_MMIO);
  g_assert_cmpint (mv_layout_probe_address (layout, 5 * GB), ==, MV_ADDRESS_PCI_MMIO);
  g_assert_cmpint (mv_layout_probe_address (layout, 5 * GB + MB), ==, MV_ADDRESS_PCI_MMIO);
  g_assert_cmpint (mv_layout_probe_address (layout, 2 * TB - GB), ==, MV_ADDRESS_PCI_ECAM);

  /* The lists are kept as given. */
  assert_range_list (layout->mmio, mmio, 1);
  assert_range_list (layout->pci_ecam, pci_ecam, 1);
  assert_range_list (layout->pci_mmio, pci_mmio, 2);
}

/* upstream: probe_address */
static void
test_upstream_probe_address (void)
{
  const MvRamRange ram[] = {
    { RNG (0, GB), 0 },
    { RNG (2 * GB, 3 * GB), 0 },
    { RNG (4 * GB, TB + 2 * GB), 0 },
  };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  layout = mv_layout_new_from_ranges (ram, G_N_ELEMENTS (ram), layout_mmio, 2, &error);
  g_assert_no_error (error);

  g_assert_cmpint (mv_layout_probe_address (layout, 0), ==, MV_ADDRESS_RAM);
  g_assert_cmpint (mv_layout_probe_address (layout, 256), ==, MV_ADDRESS_RAM);
  g_assert_cmpint (mv_layout_probe_address (layout, 2 * GB), ==, MV_ADDRESS_RAM);
  g_assert_cmpint (mv_layout_probe_address (layout, 4 * GB), ==, MV_ADDRESS_RAM);
  g_assert_cmpint (mv_layout_probe_address (layout, TB), ==, MV_ADDRESS_RAM);
  g_assert_cmpint (mv_layout_probe_address (layout, TB + 1), ==, MV_ADDRESS_RAM);

  g_assert_cmpint (mv_layout_probe_address (layout, GB), ==, MV_ADDRESS_MMIO);
  g_assert_cmpint (mv_layout_probe_address (layout, GB + 123), ==, MV_ADDRESS_MMIO);
  g_assert_cmpint (mv_layout_probe_address (layout, 3 * GB), ==, MV_ADDRESS_MMIO);

  g_assert_cmpint (mv_layout_probe_address (layout, TB + 2 * GB), ==, MV_ADDRESS_NONE);
  g_assert_cmpint (mv_layout_probe_address (layout, TB + 3 * GB), ==, MV_ADDRESS_NONE);
  g_assert_cmpint (mv_layout_probe_address (layout, 4 * TB), ==, MV_ADDRESS_NONE);
}

/* upstream: numa_two_nodes_even_split */
static void
test_upstream_numa_even_split (void)
{
  const guint64 sizes[] = { 2 * GB, 2 * GB };
  const MvRange mmio[] = { RNG (2 * GB, 3 * GB) };
  const WantRam want[] = { { 0, 2 * GB, 0 }, { 3 * GB, 5 * GB, 1 } };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  layout = mv_layout_new_with_numa (sizes, 2, mmio, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  assert_ram (layout, want, G_N_ELEMENTS (want));
  g_assert_cmphex (mv_layout_ram_size (layout), ==, 4 * GB);
}

/* upstream: numa_two_nodes_mid_chunk_split */
static void
test_upstream_numa_mid_chunk_split (void)
{
  const guint64 sizes[] = { 2 * GB, 2 * GB };
  const MvRange mmio[] = { RNG (3 * GB, 4 * GB) };
  const WantRam want[] = {
    { 0, 2 * GB, 0 },
    { 2 * GB, 3 * GB, 1 },
    { 4 * GB, 5 * GB, 1 },
  };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  layout = mv_layout_new_with_numa (sizes, 2, mmio, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  assert_ram (layout, want, G_N_ELEMENTS (want));
  g_assert_cmphex (mv_layout_ram_size (layout), ==, 4 * GB);
}

/* upstream: numa_three_nodes */
static void
test_upstream_numa_three_nodes (void)
{
  const guint64 sizes[] = { GB, GB, GB };
  const WantRam want[] = { { 0, GB, 0 }, { GB, 2 * GB, 1 }, { 2 * GB, 3 * GB, 2 } };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  layout = mv_layout_new_with_numa (sizes, 3, NULL, 0, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  assert_ram (layout, want, G_N_ELEMENTS (want));
}

/* upstream: numa_single_node_matches_new */
static void
test_upstream_numa_single_node (void)
{
  const guint64 sizes[] = { TB };
  g_autoptr(MvLayout) a = NULL;
  g_autoptr(MvLayout) b = NULL;
  g_autoptr(GError) error = NULL;

  a = mv_layout_new (TB, layout_mmio, 2, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  b = mv_layout_new_with_numa (sizes, 1, layout_mmio, 2, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  assert_layouts_ram_equal (a, b);
  assert_ram (b, layout_ram, G_N_ELEMENTS (layout_ram));
}

/* upstream: numa_bad_inputs, with the variants */
static void
test_upstream_numa_bad_inputs (void)
{
  const guint64 unaligned[] = { GB + 1 };
  const guint64 zero[] = { 0 };
  const guint64 mixed[] = { GB, 0 };

  EXPECT_ERROR (MV_LAYOUT_ERROR_EMPTY_NUMA_SIZES,
                mv_layout_new_with_numa (NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_NUMA_SIZE,
                mv_layout_new_with_numa (unaligned, 1, NULL, 0, NULL, 0, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_NUMA_SIZE,
                mv_layout_new_with_numa (zero, 1, NULL, 0, NULL, 0, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_NUMA_SIZE,
                mv_layout_new_with_numa (mixed, 2, NULL, 0, NULL, 0, NULL, 0, NULL, &err));
}

/* ---- more errors ---------------------------------------------------------- */

static void
test_errors_size (void)
{
  const guint64 overflow[] = { (guint64) 1 << 63, (guint64) 1 << 63 };
  const guint64 overflow_late[] = { GB, MV_MAX_ADDRESS, 0x2000 };
  /* A bad node size is reported before the sum overflows, as upstream
   * checks every node first. */
  const guint64 bad_and_overflow[] = { (guint64) 1 << 63, (guint64) 1 << 63, 1 };
  const MvRange unsorted_mmio[] = { RNG (3 * GB, 4 * GB), RNG (GB, 2 * GB) };

  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_SIZE,
                mv_layout_new (0, NULL, 0, NULL, 0, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_SIZE,
                mv_layout_new (0x1800, NULL, 0, NULL, 0, NULL, 0, NULL, &err));
  /* new() checks the size before the gaps */
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_SIZE,
                mv_layout_new (0, unsorted_mmio, 2, NULL, 0, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_SIZE,
                mv_layout_new_with_numa (overflow, 2, NULL, 0, NULL, 0, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_SIZE,
                mv_layout_new_with_numa (overflow_late, 3, NULL, 0, NULL, 0, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_NUMA_SIZE,
                mv_layout_new_with_numa (bad_and_overflow, 3, NULL, 0, NULL, 0, NULL, 0, NULL, &err));
  /* sizes are checked before the gaps */
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_SIZE,
                mv_layout_new_with_numa (overflow, 2, unsorted_mmio, 2, NULL, 0, NULL, 0, NULL, &err));
}

static void
test_errors_ranges (void)
{
  const MvRange empty_gap[] = { RNG (GB, GB) };
  const MvRange empty_second[] = { RNG (GB, 2 * GB), RNG (3 * GB, 3 * GB) };
  const MvRange overlapping[] = { RNG (GB, 3 * GB), RNG (2 * GB, 4 * GB) };
  const MvRange touching[] = { RNG (GB, 2 * GB), RNG (2 * GB, 3 * GB) };
  const MvRange mmio_low[] = { RNG (3 * GB, 4 * GB) };
  const MvRange ecam_inside[] = { RNG (3 * GB + MB, 3 * GB + 2 * MB) };
  const MvRamRange ram_unsorted[] = { { RNG (2 * GB, 3 * GB), 0 }, { RNG (0, GB), 0 } };
  const MvRamRange ram_empty[] = { { RNG (0, 0), 0 } };
  const MvRamRange ram_overlap[] = { { RNG (0, 2 * GB), 0 }, { RNG (GB, 3 * GB), 1 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(MvLayout) ok = NULL;

  /* An empty gap in any list is rejected (upstream's validate_ranges). */
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (GB, empty_gap, 1, NULL, 0, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (GB, NULL, 0, empty_second, 2, NULL, 0, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (GB, NULL, 0, NULL, 0, empty_gap, 1, NULL, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (GB, overlapping, 2, NULL, 0, NULL, 0, NULL, &err));
  /* a gap inside a gap of another list */
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (GB, mmio_low, 1, ecam_inside, 1, NULL, 0, NULL, &err));
  /* new_from_ranges: RAM must be sorted, non-empty, non-overlapping, and
   * there must be some. */
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new_from_ranges (ram_unsorted, 2, NULL, 0, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new_from_ranges (ram_empty, 1, NULL, 0, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new_from_ranges (ram_overlap, 2, NULL, 0, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new_from_ranges (NULL, 0, layout_mmio, 2, &err));

  /* Touching gaps are fine: no RAM between them. */
  ok = mv_layout_new (4 * GB, touching, 2, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  {
    const WantRam want[] = { { 0, GB, 0 }, { 3 * GB, 6 * GB, 0 } };
    assert_ram (ok, want, G_N_ELEMENTS (want));
  }
}

static void
test_vtl2 (void)
{
  const MvRange above = RNG (8 * GB, 8 * GB + 64 * MB);
  const MvRange at_end = RNG (5 * GB, 5 * GB + 2 * MB);
  const MvRange mmio[] = { RNG (3 * GB, 4 * GB) };
  const MvRange in_ram = RNG (GB, GB + 2 * MB);
  const MvRange in_gap = RNG (3 * GB, 3 * GB + 2 * MB);
  const MvRange on_gap = RNG (3 * GB - 2 * MB, 3 * GB + 2 * MB);
  const MvRange empty_low = RNG (GB, GB);
  const MvRange empty_zero = RNG (0, 0);
  const MvRange empty_at_end = RNG (5 * GB, 5 * GB);
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  /* Above RAM: accepted, kept, not RAM, not probed (upstream's
   * probe_address ignores the VTL2 range). */
  layout = mv_layout_new (4 * GB, mmio, 1, NULL, 0, NULL, 0, &above, &error);
  g_assert_no_error (error);
  g_assert_true (layout->has_vtl2);
  g_assert_cmphex (layout->vtl2.start, ==, above.start);
  g_assert_cmphex (layout->vtl2.end, ==, above.end);
  g_assert_cmphex (mv_layout_ram_size (layout), ==, 4 * GB);
  g_assert_cmphex (mv_layout_end_of_ram (layout), ==, 5 * GB);
  g_assert_cmphex (mv_layout_end_of_layout (layout), ==, 5 * GB);
  g_assert_cmpint (mv_layout_probe_address (layout, above.start), ==, MV_ADDRESS_NONE);
  g_clear_pointer (&layout, mv_layout_free);

  /* Starting exactly at the end of RAM is fine. */
  layout = mv_layout_new (4 * GB, mmio, 1, NULL, 0, NULL, 0, &at_end, &error);
  g_assert_no_error (error);
  g_clear_pointer (&layout, mv_layout_free);
  layout = mv_layout_new (4 * GB, mmio, 1, NULL, 0, NULL, 0, &empty_at_end, &error);
  g_assert_no_error (error);
  g_clear_pointer (&layout, mv_layout_free);

  /* Without VTL2 the flag is clear. */
  layout = mv_layout_new (4 * GB, mmio, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (layout->has_vtl2);
  g_clear_pointer (&layout, mv_layout_free);

  /* A non-empty range below the end of RAM overlaps RAM or a gap, and
   * the overlap check comes first. */
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (4 * GB, mmio, 1, NULL, 0, NULL, 0, &in_ram, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (4 * GB, mmio, 1, NULL, 0, NULL, 0, &in_gap, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
                mv_layout_new (4 * GB, mmio, 1, NULL, 0, NULL, 0, &on_gap, &err));

  /* An empty range is left out of the overlap check, so its start alone
   * decides: below the end of RAM is Vtl2RangeBeforeEndOfRam. */
  EXPECT_ERROR (MV_LAYOUT_ERROR_VTL2_RANGE_BEFORE_END_OF_RAM,
                mv_layout_new (4 * GB, mmio, 1, NULL, 0, NULL, 0, &empty_low, &err));
  EXPECT_ERROR (MV_LAYOUT_ERROR_VTL2_RANGE_BEFORE_END_OF_RAM,
                mv_layout_new (4 * GB, NULL, 0, NULL, 0, NULL, 0, &empty_zero, &err));
}

static void
test_error_names (void)
{
  g_assert_cmpstr (mv_layout_error_name (MV_LAYOUT_ERROR_BAD_SIZE), ==, "BadSize");
  g_assert_cmpstr (mv_layout_error_name (MV_LAYOUT_ERROR_BAD_NUMA_SIZE), ==, "BadNumaSize");
  g_assert_cmpstr (mv_layout_error_name (MV_LAYOUT_ERROR_EMPTY_NUMA_SIZES), ==, "EmptyNumaSizes");
  g_assert_cmpstr (mv_layout_error_name (MV_LAYOUT_ERROR_BAD_MMIO_GAPS), ==, "BadMmioGaps");
  g_assert_cmpstr (mv_layout_error_name (MV_LAYOUT_ERROR_BAD_MEMORY_RANGES), ==, "BadMemoryRanges");
  g_assert_cmpstr (mv_layout_error_name (MV_LAYOUT_ERROR_VTL2_RANGE_BEFORE_END_OF_RAM), ==,
                   "Vtl2RangeBeforeEndOfRam");
  g_assert_cmpstr (mv_layout_error_name (99), ==, "Unknown");

  g_assert_cmpstr (mv_address_type_name (MV_ADDRESS_RAM), ==, "Ram");
  g_assert_cmpstr (mv_address_type_name (MV_ADDRESS_MMIO), ==, "Mmio");
  g_assert_cmpstr (mv_address_type_name (MV_ADDRESS_PCI_ECAM), ==, "PciEcam");
  g_assert_cmpstr (mv_address_type_name (MV_ADDRESS_PCI_MMIO), ==, "PciMmio");
  g_assert_null (mv_address_type_name (MV_ADDRESS_NONE));
}

/* ---- queries --------------------------------------------------------------- */

static void
test_max_ram_below_4gb (void)
{
  const MvRange mmio[] = { RNG (3 * GB, 4 * GB) };
  const MvRamRange high_only[] = { { RNG (4 * GB, 5 * GB), 0 } };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  guint64 v = 0;

  layout = mv_layout_new (8 * GB, mmio, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mv_layout_max_ram_below_4gb (layout, &v));
  g_assert_cmphex (v, ==, 3 * GB);
  g_assert_true (mv_layout_max_ram_below_4gb (layout, NULL));
  g_clear_pointer (&layout, mv_layout_free);

  layout = mv_layout_new (2 * GB, NULL, 0, NULL, 0, NULL, 0, NULL, &error);
  g_assert_true (mv_layout_max_ram_below_4gb (layout, &v));
  g_assert_cmphex (v, ==, 2 * GB);
  g_clear_pointer (&layout, mv_layout_free);

  /* Upstream looks for a range *ending* below 4 GiB: RAM ending exactly at
   * 4 GiB gives None. */
  v = 77;
  layout = mv_layout_new (4 * GB, NULL, 0, NULL, 0, NULL, 0, NULL, &error);
  g_assert_false (mv_layout_max_ram_below_4gb (layout, &v));
  g_assert_cmphex (v, ==, 77);
  g_clear_pointer (&layout, mv_layout_free);

  /* A range crossing 4 GiB does not count; the one before it does. */
  {
    const MvRange low_gap[] = { RNG (GB, 2 * GB) };
    layout = mv_layout_new (6 * GB, low_gap, 1, NULL, 0, NULL, 0, NULL, &error);
    g_assert_true (mv_layout_max_ram_below_4gb (layout, &v));
    g_assert_cmphex (v, ==, GB);
    g_clear_pointer (&layout, mv_layout_free);
  }

  layout = mv_layout_new_from_ranges (high_only, 1, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_false (mv_layout_max_ram_below_4gb (layout, &v));
}

static void
test_end_of_layout (void)
{
  const MvRange mmio[] = { RNG (3 * GB, 4 * GB), RNG (64 * GB, 65 * GB) };
  const MvRange ecam[] = { RNG (32 * GB, 33 * GB), RNG (40 * GB, 41 * GB) };
  const MvRange pci_mmio[] = { RNG (100 * GB, 101 * GB) };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  /* MMIO above RAM */
  layout = mv_layout_new (2 * GB, mmio, 2, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (mv_layout_end_of_ram (layout), ==, 2 * GB);
  g_assert_cmphex (mv_layout_end_of_layout (layout), ==, 65 * GB);
  g_clear_pointer (&layout, mv_layout_free);

  /* the last ECAM range */
  layout = mv_layout_new (2 * GB, NULL, 0, ecam, 2, NULL, 0, NULL, &error);
  g_assert_cmphex (mv_layout_end_of_layout (layout), ==, 41 * GB);
  g_clear_pointer (&layout, mv_layout_free);

  /* the last PCI MMIO range */
  layout = mv_layout_new (2 * GB, mmio, 2, ecam, 2, pci_mmio, 1, NULL, &error);
  g_assert_cmphex (mv_layout_end_of_layout (layout), ==, 101 * GB);
  g_assert_cmpint (mv_layout_probe_address (layout, 100 * GB), ==, MV_ADDRESS_PCI_MMIO);
  g_assert_cmpint (mv_layout_probe_address (layout, 40 * GB + 5), ==, MV_ADDRESS_PCI_ECAM);
  g_assert_cmpint (mv_layout_probe_address (layout, 65 * GB - 1), ==, MV_ADDRESS_MMIO);
  g_assert_cmpint (mv_layout_probe_address (layout, 65 * GB), ==, MV_ADDRESS_NONE);
  g_assert_cmpint (mv_layout_probe_address (layout, 2 * GB - 1), ==, MV_ADDRESS_RAM);
  g_assert_cmpint (mv_layout_probe_address (layout, 2 * GB), ==, MV_ADDRESS_NONE);
  g_clear_pointer (&layout, mv_layout_free);

  /* RAM above all gaps */
  layout = mv_layout_new (100 * GB, mmio, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_cmphex (mv_layout_end_of_layout (layout), ==, 101 * GB);
  g_assert_cmphex (mv_layout_end_of_ram (layout), ==, 101 * GB);
}

/* RAM is placed up to the top of the address space and no further:
 * upstream stops silently, memviz reports the difference. */
static void
test_shortfall (void)
{
  const MvRange mmio[] = { RNG (GB, 2 * GB) };
  const guint64 two_nodes[] = { MV_MAX_ADDRESS - 0x1000, 0x1000 };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  layout = mv_layout_new (MV_MAX_ADDRESS, NULL, 0, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  {
    const WantRam want[] = { { 0, MV_MAX_ADDRESS, 0 } };
    assert_ram (layout, want, 1);
  }
  g_assert_cmphex (mv_layout_shortfall (layout), ==, 0);
  g_clear_pointer (&layout, mv_layout_free);

  layout = mv_layout_new (MV_MAX_ADDRESS, mmio, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  {
    const WantRam want[] = { { 0, GB, 0 }, { 2 * GB, MV_MAX_ADDRESS, 0 } };
    assert_ram (layout, want, 2);
  }
  g_assert_cmphex (mv_layout_ram_size (layout), ==, MV_MAX_ADDRESS - GB);
  g_assert_cmphex (mv_layout_shortfall (layout), ==, GB);
  g_assert_cmphex (layout->requested_ram, ==, MV_MAX_ADDRESS);
  g_clear_pointer (&layout, mv_layout_free);

  /* Two nodes adding up to MAX_ADDRESS fit exactly without gaps... */
  layout = mv_layout_new_with_numa (two_nodes, 2, NULL, 0, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  {
    const WantRam want[] = { { 0, MV_MAX_ADDRESS - 0x1000, 0 },
                             { MV_MAX_ADDRESS - 0x1000, MV_MAX_ADDRESS, 1 } };
    assert_ram (layout, want, 2);
  }
  g_assert_cmphex (mv_layout_shortfall (layout), ==, 0);
  g_clear_pointer (&layout, mv_layout_free);

  /* ...and with a gap, node 1 gets nothing at all. */
  layout = mv_layout_new_with_numa (two_nodes, 2, mmio, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  {
    const WantRam want[] = { { 0, GB, 0 }, { 2 * GB, MV_MAX_ADDRESS, 0 } };
    assert_ram (layout, want, 2);
  }
  g_assert_cmphex (mv_layout_shortfall (layout), ==, GB);

  /* new_from_ranges asks for what it is given. */
  {
    const MvRamRange ram[] = { { RNG (0, GB), 3 }, { RNG (4 * GB, 5 * GB), 7 } };
    const WantRam want[] = { { 0, GB, 3 }, { 4 * GB, 5 * GB, 7 } };

    g_clear_pointer (&layout, mv_layout_free);
    layout = mv_layout_new_from_ranges (ram, 2, NULL, 0, &error);
    g_assert_no_error (error);
    assert_ram (layout, want, 2);
    g_assert_cmphex (layout->requested_ram, ==, 2 * GB);
    g_assert_cmphex (mv_layout_shortfall (layout), ==, 0);
  }
}

/* ---- randomized: against a page-by-page model ----------------------------- */

#define UNIVERSE 2048   /* pages in which the gaps lie */

typedef struct
{
  MvRange list[3][16];
  gsize n[3];
  gboolean gap[UNIVERSE];
} Gaps;

static void
random_gaps (GRand *rand,
             Gaps  *g)
{
  guint64 pos = (guint64) g_rand_int_range (rand, 0, 64);

  memset (g, 0, sizeof *g);
  while (pos < UNIVERSE)
    {
      guint64 len = (guint64) g_rand_int_range (rand, 1, 200);
      guint64 end = MIN (pos + len, UNIVERSE);
      int which = g_rand_int_range (rand, 0, 3);

      if (g->n[which] == G_N_ELEMENTS (g->list[which]))
        break;
      g->list[which][g->n[which]++] = RNG (pos * MV_PAGE_SIZE, end * MV_PAGE_SIZE);
      for (guint64 p = pos; p < end; p++)
        g->gap[p] = TRUE;
      /* touching gaps (from different lists) happen too */
      pos = end + (g_rand_int_range (rand, 0, 4) == 0 ? 0 : (guint64) g_rand_int_range (rand, 1, 300));
    }
}

static void
test_random_model (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5eed0003);

  for (guint iter = 0; iter < 600; iter++)
    {
      Gaps g;
      guint64 sizes[4];
      gsize n_nodes = (gsize) g_rand_int_range (rand, 1, 5);
      guint64 total = 0;
      g_autoptr(MvLayout) layout = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (MvRamRange));
      guint64 page = 0;

      random_gaps (rand, &g);
      for (gsize i = 0; i < n_nodes; i++)
        {
          sizes[i] = (guint64) g_rand_int_range (rand, 1, 800) * MV_PAGE_SIZE;
          total += sizes[i];
        }

      if (n_nodes == 1 && g_rand_boolean (rand))
        layout = mv_layout_new (sizes[0], g.list[0], g.n[0], g.list[1], g.n[1],
                                g.list[2], g.n[2], NULL, &error);
      else
        layout = mv_layout_new_with_numa (sizes, n_nodes, g.list[0], g.n[0], g.list[1], g.n[1],
                                          g.list[2], g.n[2], NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (layout);

      /* The model: hand out free pages lowest first, node by node; a RAM
       * range ends at a gap or where a node's budget runs out. */
      for (gsize node = 0; node < n_nodes; node++)
        {
          guint64 left = sizes[node] / MV_PAGE_SIZE;

          while (left > 0)
            {
              if (page < UNIVERSE && g.gap[page])
                {
                  page++;
                  continue;
                }
              if (want->len > 0)
                {
                  MvRamRange *last = &g_array_index (want, MvRamRange, want->len - 1);
                  if (last->vnode == node && last->range.end == page * MV_PAGE_SIZE)
                    {
                      last->range.end += MV_PAGE_SIZE;
                      page++;
                      left--;
                      continue;
                    }
                }
              {
                MvRamRange r = { RNG (page * MV_PAGE_SIZE, (page + 1) * MV_PAGE_SIZE), (guint32) node };
                g_array_append_val (want, r);
              }
              page++;
              left--;
            }
        }

      g_assert_cmpuint (layout->ram->len, ==, want->len);
      for (guint i = 0; i < want->len; i++)
        {
          const MvRamRange *a = &g_array_index (layout->ram, MvRamRange, i);
          const MvRamRange *b = &g_array_index (want, MvRamRange, i);
          g_assert_cmphex (a->range.start, ==, b->range.start);
          g_assert_cmphex (a->range.end, ==, b->range.end);
          g_assert_cmpuint (a->vnode, ==, b->vnode);
        }
      g_assert_cmphex (mv_layout_ram_size (layout), ==, total);
      g_assert_cmphex (mv_layout_shortfall (layout), ==, 0);
      g_assert_cmphex (mv_layout_end_of_ram (layout), ==, page * MV_PAGE_SIZE);

      /* probe_address agrees with the model page by page, in the area
       * that holds both RAM and gaps. */
      for (guint64 p = 0; p < MIN (page, (guint64) UNIVERSE); p += 7)
        {
          MvAddressType t = mv_layout_probe_address (layout, p * MV_PAGE_SIZE + 123);
          if (g.gap[p])
            g_assert_cmpint (t, !=, MV_ADDRESS_RAM);
          else
            g_assert_cmpint (t, ==, MV_ADDRESS_RAM);
          g_assert_cmpint (t, !=, MV_ADDRESS_NONE);
        }
    }
}

/* Random valid and invalid inputs anywhere in the address space: the
 * invariants hold whenever a layout is made, and an error is given exactly
 * when the inputs break upstream's rules. */
static gboolean
list_valid (const MvRange *r,
            gsize          n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (r[i].start >= r[i].end)
        return FALSE;
      if (i > 0 && r[i].start < r[i - 1].end)
        return FALSE;
    }
  return TRUE;
}

static guint64
random_page_addr (GRand *rand)
{
  /* spread over every scale, from 0 to MAX_ADDRESS */
  guint shift = (guint) g_rand_int_range (rand, 12, 65);
  guint64 v = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);

  v = shift == 64 ? v : v & (((guint64) 1 << shift) - 1);
  return v & ~MV_PAGE_MASK;
}

static int
cmp_u64 (gconstpointer a,
         gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

static int
cmp_range (gconstpointer a,
           gconstpointer b)
{
  return mv_range_compare (a, b);
}

static void
test_random_invariants (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5eed0004);
  guint n_ok = 0, n_bad = 0, n_short = 0;

  for (guint iter = 0; iter < 3000; iter++)
    {
      MvRange lists[3][8];
      gsize n[3] = { 0, 0, 0 };
      guint64 sizes[3];
      gsize n_nodes = (gsize) g_rand_int_range (rand, 1, 4);
      guint64 total = 0;
      gboolean overflow = FALSE;
      guint64 points[12];
      guint n_points = (guint) g_rand_int_range (rand, 0, 7) * 2;
      g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (MvRange));
      gboolean expect_ok;
      g_autoptr(MvLayout) layout = NULL;
      g_autoptr(GError) error = NULL;

      /* sorted distinct boundaries give valid gaps; sometimes break them */
      for (guint i = 0; i < n_points; i++)
        points[i] = random_page_addr (rand);
      qsort (points, n_points, sizeof (guint64), cmp_u64);
      for (guint i = 0; i + 1 < n_points; i += 2)
        {
          int which = g_rand_int_range (rand, 0, 3);
          lists[which][n[which]++] = RNG (points[i], points[i + 1]);
        }
      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          /* perturb: swap, duplicate into another list, or empty */
          int which = g_rand_int_range (rand, 0, 3);
          if (n[which] >= 2)
            {
              MvRange t = lists[which][0];
              lists[which][0] = lists[which][1];
              lists[which][1] = t;
            }
          else if (n[which] == 1)
            lists[(which + 1) % 3][n[(which + 1) % 3]++] = lists[which][0];
        }

      for (gsize i = 0; i < n_nodes; i++)
        {
          switch (g_rand_int_range (rand, 0, 6))
            {
            case 0:
              sizes[i] = random_page_addr (rand);
              break;
            case 1:
              /* close to the whole address space */
              sizes[i] = MV_MAX_ADDRESS - (guint64) g_rand_int_range (rand, 0, 1 << 20) * MV_PAGE_SIZE;
              break;
            default:
              sizes[i] = (guint64) g_rand_int_range (rand, 1, 1 << 20) * MV_PAGE_SIZE;
              break;
            }
          if (sizes[i] == 0)
            sizes[i] = MV_PAGE_SIZE;
          if (sizes[i] > G_MAXUINT64 - total)
            overflow = TRUE;
          total += sizes[i];
        }

      /* the model of upstream's checks */
      for (int w = 0; w < 3; w++)
        for (gsize i = 0; i < n[w]; i++)
          g_array_append_val (all, lists[w][i]);
      {
        g_autoptr(GArray) sorted = g_array_copy (all);
        g_array_sort (sorted, cmp_range);
        expect_ok = !overflow && list_valid (lists[0], n[0]) && list_valid (lists[1], n[1]) &&
                    list_valid (lists[2], n[2]) &&
                    list_valid ((const MvRange *) sorted->data, sorted->len);
      }

      layout = mv_layout_new_with_numa (sizes, n_nodes, lists[0], n[0], lists[1], n[1],
                                        lists[2], n[2], NULL, &error);
      if (!expect_ok)
        {
          int code = overflow ? MV_LAYOUT_ERROR_BAD_SIZE : MV_LAYOUT_ERROR_BAD_MEMORY_RANGES;

          g_assert_null (layout);
          g_assert_error (error, MV_LAYOUT_ERROR, code);
          n_bad++;
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (layout);
      n_ok++;

      /* RAM is sorted, non-empty, non-overlapping, in node order; it
       * overlaps no gap; RAM plus shortfall is what was asked for. */
      {
        guint64 placed = 0;
        guint64 per_node[3] = { 0, 0, 0 };

        for (guint i = 0; i < layout->ram->len; i++)
          {
            const MvRamRange *r = &g_array_index (layout->ram, MvRamRange, i);

            g_assert_cmphex (r->range.start, <, r->range.end);
            g_assert_cmphex (r->range.end, <=, MV_MAX_ADDRESS);
            g_assert_cmpuint (r->vnode, <, n_nodes);
            if (i > 0)
              {
                const MvRamRange *p = &g_array_index (layout->ram, MvRamRange, i - 1);
                g_assert_cmphex (p->range.end, <=, r->range.start);
                g_assert_cmpuint (p->vnode, <=, r->vnode);
              }
            for (guint j = 0; j < all->len; j++)
              g_assert_false (mv_range_overlaps (&r->range, &g_array_index (all, MvRange, j)));
            placed += mv_range_len (&r->range);
            per_node[r->vnode] += mv_range_len (&r->range);
          }

        g_assert_cmphex (placed, ==, mv_layout_ram_size (layout));
        g_assert_cmphex (mv_layout_ram_size (layout) + mv_layout_shortfall (layout), ==, total);
        g_assert_cmphex (layout->requested_ram, ==, total);
        if (mv_layout_shortfall (layout) > 0)
          {
            /* only when the address space ran out */
            n_short++;
            g_assert_cmphex (mv_layout_end_of_ram (layout), ==, MV_MAX_ADDRESS);
          }
        else
          {
            for (gsize i = 0; i < n_nodes; i++)
              g_assert_cmphex (per_node[i], ==, sizes[i]);
          }
        g_assert_cmphex (mv_layout_end_of_layout (layout), >=, mv_layout_end_of_ram (layout));
      }
    }

  /* the generator reaches all three outcomes */
  g_assert_cmpuint (n_ok, >, 100);
  g_assert_cmpuint (n_bad, >, 100);
  g_assert_cmpuint (n_short, >, 10);
  g_test_message ("%u layouts, %u errors, %u with a shortfall", n_ok, n_bad, n_short);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/layout/upstream/layout", test_upstream_layout);
  g_test_add_func ("/layout/upstream/bad-layout", test_upstream_bad_layout);
  g_test_add_func ("/layout/upstream/pci-ranges", test_upstream_pci_ranges);
  g_test_add_func ("/layout/upstream/probe-address", test_upstream_probe_address);
  g_test_add_func ("/layout/upstream/numa-two-nodes-even-split", test_upstream_numa_even_split);
  g_test_add_func ("/layout/upstream/numa-two-nodes-mid-chunk-split", test_upstream_numa_mid_chunk_split);
  g_test_add_func ("/layout/upstream/numa-three-nodes", test_upstream_numa_three_nodes);
  g_test_add_func ("/layout/upstream/numa-single-node-matches-new", test_upstream_numa_single_node);
  g_test_add_func ("/layout/upstream/numa-bad-inputs", test_upstream_numa_bad_inputs);
  g_test_add_func ("/layout/errors/size", test_errors_size);
  g_test_add_func ("/layout/errors/ranges", test_errors_ranges);
  g_test_add_func ("/layout/errors/vtl2", test_vtl2);
  g_test_add_func ("/layout/errors/names", test_error_names);
  g_test_add_func ("/layout/query/max-ram-below-4gb", test_max_ram_below_4gb);
  g_test_add_func ("/layout/query/end-of-layout", test_end_of_layout);
  g_test_add_func ("/layout/query/shortfall", test_shortfall);
  g_test_add_func ("/layout/random/model", test_random_model);
  g_test_add_func ("/layout/random/invariants", test_random_invariants);

  return g_test_run ();
}
