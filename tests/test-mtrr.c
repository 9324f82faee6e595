/* SPDX-License-Identifier: MIT */
/* Tests of core/mv-mtrr: upstream's seven compute_variable_mtrrs tests
 * (vm/loader/src/common.rs) ported to C, hand-worked register values,
 * mtrr_mask, the errors where upstream would underflow, and randomized
 * invariants. Every expected value below was worked out by hand from the
 * upstream algorithm, not produced by the code under test. */
#include <string.h>

#include <mv-mtrr.h>

#define MB ((guint64) 1024 * 1024)
#define GB (1024 * MB)
#define TB (1024 * GB)

#define RNG(s, e) ((MvRange) { (s), (e) })

/* upstream's standard_low_mmio / standard_high_mmio */
static const MvRange std_low = { 4 * GB - 128 * MB, 4 * GB };
static const MvRange std_high = { 4 * GB, 4 * GB + 512 * MB };

/* upstream's make_layout: both gaps in the layout */
static MvLayout *
make_layout (guint64 ram_size)
{
  const MvRange gaps[] = { std_low, std_high };
  g_autoptr(GError) error = NULL;
  MvLayout *layout = mv_layout_new (ram_size, gaps, 2, NULL, 0, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  return layout;
}

static GArray *
compute (const MvLayout *layout,
         guint8          width,
         MvRange         low,
         MvRange         high)
{
  g_autoptr(GError) error = NULL;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MvX86Register));

  g_assert_true (mv_mtrr_compute_variable (layout, width, low, high, out, &error));
  g_assert_no_error (error);
  return out;
}

/* upstream's pair_count */
static guint
pair_count (GArray *regs)
{
  g_assert_cmpuint (regs->len % 2, ==, 0);
  return regs->len / 2;
}

typedef struct
{
  MvRegName name;
  guint64 value;
} Want;

static void
assert_regs (GArray     *regs,
             const Want *want,
             gsize       n_want)
{
  g_assert_cmpuint (regs->len, ==, n_want);
  for (gsize i = 0; i < n_want; i++)
    {
      const MvX86Register *r = &g_array_index (regs, MvX86Register, i);
      g_assert_cmpstr (mv_reg_name_to_string (r->name), ==, mv_reg_name_to_string (want[i].name));
      g_assert_cmphex (r->value, ==, want[i].value);
    }
}

/* Hand-worked masks (width 46 unless named): bit 11 plus bits from the
 * first power of two above the maximum address up to the width. */
#define MASK_128M_46   G_GUINT64_CONSTANT (0x3ffff8000800)  /* bits 27..45 */
#define MASK_4G_46     G_GUINT64_CONSTANT (0x3fff00000800)  /* bits 32..45 */
#define MASK_8T_46     G_GUINT64_CONSTANT (0x380000000800)  /* bits 43..45 */
#define MASK_ALL       G_GUINT64_CONSTANT (0x800)           /* no address bits */

/* ---- upstream's tests ------------------------------------------------------ */

static void
test_upstream_128mb_exactly (void)
{
  g_autoptr(MvLayout) layout = make_layout (128 * MB);
  g_autoptr(GArray) regs = compute (layout, 46, std_low, std_high);
  const Want want[] = {
    { MV_REG_MTRR_PHYS_BASE0, 0x6 },
    { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
  };

  g_assert_cmpuint (pair_count (regs), ==, 1);
  g_assert_cmpint (g_array_index (regs, MvX86Register, 0).name, ==, MV_REG_MTRR_PHYS_BASE0);
  g_assert_cmphex (g_array_index (regs, MvX86Register, 0).value, ==, 0x6);
  assert_regs (regs, want, G_N_ELEMENTS (want));
}

static void
test_upstream_256mb (void)
{
  g_autoptr(MvLayout) layout = make_layout (256 * MB);
  g_autoptr(GArray) regs = compute (layout, 46, std_low, std_high);
  const Want want[] = {
    { MV_REG_MTRR_PHYS_BASE0, 0x6 },
    { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
    { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
    /* low gap start - 1 = 0xf7ffffff: a 4 GiB mask on a 128 MiB base */
    { MV_REG_MTRR_PHYS_MASK1, MASK_4G_46 },
  };

  g_assert_cmpuint (pair_count (regs), ==, 2);
  assert_regs (regs, want, G_N_ELEMENTS (want));
}

static void
test_upstream_2gb (void)
{
  g_autoptr(MvLayout) layout = make_layout (2 * GB);
  g_autoptr(GArray) regs = compute (layout, 46, std_low, std_high);
  const Want want[] = {
    { MV_REG_MTRR_PHYS_BASE0, 0x6 },
    { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
    { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK1, MASK_4G_46 },
  };

  g_assert_cmpuint (pair_count (regs), ==, 2);
  assert_regs (regs, want, G_N_ELEMENTS (want));
}

static void
test_upstream_8gb (void)
{
  g_autoptr(MvLayout) layout = make_layout (8 * GB);
  g_autoptr(GArray) regs = compute (layout, 46, std_low, std_high);
  const Want want[] = {
    { MV_REG_MTRR_PHYS_BASE0, 0x6 },
    { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
    { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK1, MASK_4G_46 },
    /* low gap end (4 GiB) .. high gap start (4 GiB): still emitted */
    { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK2, MASK_4G_46 },   /* high start - 1 = 0xffffffff */
    { MV_REG_MTRR_PHYS_BASE3, (4 * GB + 512 * MB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK3, MASK_8T_46 },   /* 2^43 - 1 */
    { MV_REG_MTRR_PHYS_BASE4, ((guint64) 1 << 43) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK4, MASK_ALL },     /* 2^46 - 1 */
  };

  g_assert_cmpuint (pair_count (regs), ==, 5);
  /* the bases upstream's test checks */
  g_assert_cmphex (g_array_index (regs, MvX86Register, 0).value, ==, 0x6);
  g_assert_cmphex (g_array_index (regs, MvX86Register, 2).value, ==, (128 * MB) | 0x6);
  g_assert_cmphex (g_array_index (regs, MvX86Register, 4).value, ==, std_low.end | 0x6);
  g_assert_cmphex (g_array_index (regs, MvX86Register, 6).value, ==, std_high.end | 0x6);
  g_assert_cmphex (g_array_index (regs, MvX86Register, 8).value, ==, ((guint64) 1 << 43) | 0x6);
  assert_regs (regs, want, G_N_ELEMENTS (want));
}

static void
test_upstream_8gb_no_high_mmio (void)
{
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GArray) regs = NULL;
  g_autoptr(GError) error = NULL;
  const Want want[] = {
    { MV_REG_MTRR_PHYS_BASE0, 0x6 },
    { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
    { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK1, MASK_4G_46 },
    { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
    /* RAM ends at 8 GiB + 128 MiB = 0x208000000; min(2^43, that) - 1 has
     * its top bit at 33, so bits 34..45 */
    { MV_REG_MTRR_PHYS_MASK2, G_GUINT64_CONSTANT (0x3ffc00000800) },
  };

  layout = mv_layout_new (8 * GB, &std_low, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (mv_layout_end_of_ram (layout), ==, 8 * GB + 128 * MB);
  regs = compute (layout, 46, std_low, MV_RANGE_EMPTY);
  g_assert_cmpuint (pair_count (regs), ==, 3);
  g_assert_cmpint (g_array_index (regs, MvX86Register, 4).name, ==, MV_REG_MTRR_PHYS_BASE2);
  g_assert_cmphex (g_array_index (regs, MvX86Register, 4).value, ==, std_low.end | 0x6);
  assert_regs (regs, want, G_N_ELEMENTS (want));
}

static void
test_upstream_narrow_address_width (void)
{
  g_autoptr(MvLayout) layout = make_layout (8 * GB);
  g_autoptr(GArray) regs = compute (layout, 40, std_low, std_high);
  const Want want[] = {
    { MV_REG_MTRR_PHYS_BASE0, 0x6 },
    { MV_REG_MTRR_PHYS_MASK0, G_GUINT64_CONSTANT (0xfff8000800) },  /* bits 27..39 */
    { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK1, G_GUINT64_CONSTANT (0xff00000800) },  /* bits 32..39 */
    { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK2, G_GUINT64_CONSTANT (0xff00000800) },
    { MV_REG_MTRR_PHYS_BASE3, (4 * GB + 512 * MB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK3, MASK_ALL },                           /* 2^40 - 1 */
  };

  /* no pair 4: the width is not above 43 */
  g_assert_cmpuint (pair_count (regs), ==, 4);
  g_assert_cmphex (g_array_index (regs, MvX86Register, 6).value, ==, std_high.end | 0x6);
  assert_regs (regs, want, G_N_ELEMENTS (want));
}

static gboolean
is_mask (MvRegName name)
{
  return name == MV_REG_MTRR_PHYS_MASK0 || name == MV_REG_MTRR_PHYS_MASK1 ||
         name == MV_REG_MTRR_PHYS_MASK2 || name == MV_REG_MTRR_PHYS_MASK3 ||
         name == MV_REG_MTRR_PHYS_MASK4;
}

static void
test_upstream_masks_have_enabled_bit (void)
{
  g_autoptr(MvLayout) layout = make_layout (8 * GB);
  g_autoptr(GArray) regs = compute (layout, 46, std_low, std_high);
  guint n_masks = 0;

  for (guint i = 0; i < regs->len; i++)
    {
      const MvX86Register *r = &g_array_index (regs, MvX86Register, i);

      if (!is_mask (r->name))
        continue;
      n_masks++;
      if ((r->value & ((guint64) 1 << 11)) == 0)
        g_error ("mask at index %u missing ENABLED bit", i);
    }
  g_assert_cmpuint (n_masks, ==, 5);
}

/* ---- more shapes ------------------------------------------------------------ */

/* RAM past 8 TiB without a high gap: pair 3 covers 8 TiB to the end of RAM. */
static void
test_beyond_8tb_no_high (void)
{
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GArray) regs = NULL;
  g_autoptr(GError) error = NULL;
  const Want want[] = {
    { MV_REG_MTRR_PHYS_BASE0, 0x6 },
    { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
    { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK1, MASK_4G_46 },
    { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK2, MASK_8T_46 },     /* min(2^43, end) - 1 */
    { MV_REG_MTRR_PHYS_BASE3, ((guint64) 1 << 43) | 0x6 },
    /* end - 1 = 0x90007ffffff, top bit 43: bits 44..45 */
    { MV_REG_MTRR_PHYS_MASK3, G_GUINT64_CONSTANT (0x300000000800) },
  };

  layout = mv_layout_new (9 * TB, &std_low, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (mv_layout_end_of_ram (layout), ==, 9 * TB + 128 * MB);
  regs = compute (layout, 46, std_low, MV_RANGE_EMPTY);
  assert_regs (regs, want, G_N_ELEMENTS (want));
}

/* RAM ending between the two gaps: pair 2 reaches to the high gap. */
static void
test_ram_between_gaps (void)
{
  const MvRange high = RNG (64 * GB, 64 * GB + 512 * MB);
  const MvRange gaps[] = { std_low, high };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GArray) regs = NULL;
  g_autoptr(GError) error = NULL;
  const Want want[] = {
    { MV_REG_MTRR_PHYS_BASE0, 0x6 },
    { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
    { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK1, MASK_4G_46 },
    { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK2, G_GUINT64_CONSTANT (0x3ff000000800) },  /* 64 GiB - 1: bits 36..45 */
  };

  layout = mv_layout_new (8 * GB, gaps, 2, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  regs = compute (layout, 46, std_low, high);
  assert_regs (regs, want, G_N_ELEMENTS (want));
}

/* The 8 TiB split at its edges: width 43 has no pair 4, width 44 does;
 * RAM ending exactly at 2^43 needs no pair 3, one page more does. */
static void
test_split_boundaries (void)
{
  g_autoptr(MvLayout) l8g = make_layout (8 * GB);

  {
    g_autoptr(GArray) regs = compute (l8g, 43, std_low, std_high);
    const Want want[] = {
      { MV_REG_MTRR_PHYS_BASE0, 0x6 },
      { MV_REG_MTRR_PHYS_MASK0, G_GUINT64_CONSTANT (0x7fff8000800) },  /* bits 27..42 */
      { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK1, G_GUINT64_CONSTANT (0x7ff00000800) },  /* bits 32..42 */
      { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK2, G_GUINT64_CONSTANT (0x7ff00000800) },
      { MV_REG_MTRR_PHYS_BASE3, (4 * GB + 512 * MB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK3, MASK_ALL },                            /* 2^43 - 1 */
    };
    assert_regs (regs, want, G_N_ELEMENTS (want));
  }
  {
    g_autoptr(GArray) regs = compute (l8g, 44, std_low, std_high);
    const Want want[] = {
      { MV_REG_MTRR_PHYS_BASE0, 0x6 },
      { MV_REG_MTRR_PHYS_MASK0, G_GUINT64_CONSTANT (0xffff8000800) },  /* bits 27..43 */
      { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK1, G_GUINT64_CONSTANT (0xfff00000800) },  /* bits 32..43 */
      { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK2, G_GUINT64_CONSTANT (0xfff00000800) },
      { MV_REG_MTRR_PHYS_BASE3, (4 * GB + 512 * MB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK3, G_GUINT64_CONSTANT (0x80000000800) },  /* bit 43 */
      { MV_REG_MTRR_PHYS_BASE4, ((guint64) 1 << 43) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK4, MASK_ALL },                            /* 2^44 - 1 */
    };
    assert_regs (regs, want, G_N_ELEMENTS (want));
  }
  {
    const MvRamRange ram[] = { { RNG (0, std_low.start), 0 }, { RNG (std_low.end, (guint64) 1 << 43), 0 } };
    g_autoptr(GError) error = NULL;
    g_autoptr(MvLayout) layout = mv_layout_new_from_ranges (ram, 2, &std_low, 1, &error);
    g_autoptr(GArray) regs = NULL;
    const Want want[] = {
      { MV_REG_MTRR_PHYS_BASE0, 0x6 },
      { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
      { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK1, MASK_4G_46 },
      { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK2, MASK_8T_46 },
    };

    g_assert_no_error (error);
    regs = compute (layout, 46, std_low, MV_RANGE_EMPTY);
    assert_regs (regs, want, G_N_ELEMENTS (want));
  }
  {
    const MvRamRange ram[] = { { RNG (0, std_low.start), 0 },
                               { RNG (std_low.end, ((guint64) 1 << 43) + 4096), 0 } };
    g_autoptr(GError) error = NULL;
    g_autoptr(MvLayout) layout = mv_layout_new_from_ranges (ram, 2, &std_low, 1, &error);
    g_autoptr(GArray) regs = NULL;
    const Want want[] = {
      { MV_REG_MTRR_PHYS_BASE0, 0x6 },
      { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
      { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK1, MASK_4G_46 },
      { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK2, MASK_8T_46 },
      { MV_REG_MTRR_PHYS_BASE3, ((guint64) 1 << 43) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK3, G_GUINT64_CONSTANT (0x300000000800) },  /* 2^43: bits 44..45 */
    };

    g_assert_no_error (error);
    regs = compute (layout, 46, std_low, MV_RANGE_EMPTY);
    assert_regs (regs, want, G_N_ELEMENTS (want));
  }
}

/* The width is clamped to 36..52. */
static void
test_width_clamp (void)
{
  g_autoptr(MvLayout) layout = make_layout (8 * GB);

  g_assert_cmpuint (mv_mtrr_clamp_width (0), ==, 36);
  g_assert_cmpuint (mv_mtrr_clamp_width (35), ==, 36);
  g_assert_cmpuint (mv_mtrr_clamp_width (36), ==, 36);
  g_assert_cmpuint (mv_mtrr_clamp_width (46), ==, 46);
  g_assert_cmpuint (mv_mtrr_clamp_width (52), ==, 52);
  g_assert_cmpuint (mv_mtrr_clamp_width (53), ==, 52);
  g_assert_cmpuint (mv_mtrr_clamp_width (255), ==, 52);

  {
    g_autoptr(GArray) a = compute (layout, 0, std_low, std_high);
    const Want want[] = {
      { MV_REG_MTRR_PHYS_BASE0, 0x6 },
      { MV_REG_MTRR_PHYS_MASK0, G_GUINT64_CONSTANT (0xff8000800) },  /* bits 27..35 */
      { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK1, G_GUINT64_CONSTANT (0xf00000800) },  /* bits 32..35 */
      { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK2, G_GUINT64_CONSTANT (0xf00000800) },
      { MV_REG_MTRR_PHYS_BASE3, (4 * GB + 512 * MB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK3, MASK_ALL },
    };
    assert_regs (a, want, G_N_ELEMENTS (want));
  }
  {
    g_autoptr(GArray) a = compute (layout, 255, std_low, std_high);
    const Want want[] = {
      { MV_REG_MTRR_PHYS_BASE0, 0x6 },
      { MV_REG_MTRR_PHYS_MASK0, G_GUINT64_CONSTANT (0xffffff8000800) },  /* bits 27..51 */
      { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK1, G_GUINT64_CONSTANT (0xfffff00000800) },  /* bits 32..51 */
      { MV_REG_MTRR_PHYS_BASE2, (4 * GB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK2, G_GUINT64_CONSTANT (0xfffff00000800) },
      { MV_REG_MTRR_PHYS_BASE3, (4 * GB + 512 * MB) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK3, G_GUINT64_CONSTANT (0xff80000000800) },  /* bits 43..51 */
      { MV_REG_MTRR_PHYS_BASE4, ((guint64) 1 << 43) | 0x6 },
      { MV_REG_MTRR_PHYS_MASK4, MASK_ALL },
    };
    assert_regs (a, want, G_N_ELEMENTS (want));
  }
}

/* With an empty low gap and no more than 128 MiB, nothing underflows;
 * upstream then emits pair 2 but not pair 1. */
static void
test_empty_low_gap_small_ram (void)
{
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GArray) regs = NULL;
  g_autoptr(GError) error = NULL;
  const Want want[] = {
    { MV_REG_MTRR_PHYS_BASE0, 0x6 },
    { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
    { MV_REG_MTRR_PHYS_BASE2, 0x6 },
    { MV_REG_MTRR_PHYS_MASK2, MASK_128M_46 },   /* min(2^43, 128 MiB) - 1 */
  };

  layout = mv_layout_new (128 * MB, NULL, 0, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  regs = compute (layout, 46, MV_RANGE_EMPTY, MV_RANGE_EMPTY);
  assert_regs (regs, want, G_N_ELEMENTS (want));
}

/* A high gap at 0 is harmless while RAM stays below the low gap's end. */
static void
test_high_gap_at_zero_small_ram (void)
{
  const MvRange high = RNG (0, 2 * MB);
  g_autoptr(MvLayout) layout = make_layout (2 * GB);
  g_autoptr(GArray) regs = compute (layout, 46, std_low, high);
  const Want want[] = {
    { MV_REG_MTRR_PHYS_BASE0, 0x6 },
    { MV_REG_MTRR_PHYS_MASK0, MASK_128M_46 },
    { MV_REG_MTRR_PHYS_BASE1, (128 * MB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK1, MASK_4G_46 },
    { MV_REG_MTRR_PHYS_BASE3, (2 * MB) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK3, MASK_8T_46 },
    { MV_REG_MTRR_PHYS_BASE4, ((guint64) 1 << 43) | 0x6 },
    { MV_REG_MTRR_PHYS_MASK4, MASK_ALL },
  };

  assert_regs (regs, want, G_N_ELEMENTS (want));
}

/* ---- errors: where upstream's "start - 1" would underflow ------------------ */

static void
expect_mtrr_error (const MvLayout *layout,
                   MvRange         low,
                   MvRange         high,
                   int             code,
                   const char     *name)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvX86Register));
  g_autoptr(GError) error = NULL;
  MvX86Register sentinel = { .name = MV_REG_MTRR_DEF_TYPE, .value = 0xc00 };

  g_array_append_val (out, sentinel);
  g_assert_false (mv_mtrr_compute_variable (layout, 46, low, high, out, &error));
  g_assert_error (error, MV_MTRR_ERROR, code);
  g_assert_cmpstr (mv_mtrr_error_name (code), ==, name);
  g_assert_nonnull (strstr (error->message, "underflow"));
  /* nothing appended */
  g_assert_cmpuint (out->len, ==, 1);
  g_assert_cmpint (g_array_index (out, MvX86Register, 0).name, ==, MV_REG_MTRR_DEF_TYPE);
}

static void
test_errors (void)
{
  g_autoptr(MvLayout) l256 = make_layout (256 * MB);
  g_autoptr(MvLayout) l8g = make_layout (8 * GB);

  /* low gap at 0 with more than 128 MiB of RAM */
  expect_mtrr_error (l256, MV_RANGE_EMPTY, MV_RANGE_EMPTY,
                     MV_MTRR_ERROR_LOW_MMIO_AT_ZERO, "LowMmioAtZero");
  expect_mtrr_error (l256, RNG (0, 128 * MB), std_high,
                     MV_MTRR_ERROR_LOW_MMIO_AT_ZERO, "LowMmioAtZero");
  /* high gap at 0 with RAM past the low gap */
  expect_mtrr_error (l8g, std_low, RNG (0, 2 * MB),
                     MV_MTRR_ERROR_HIGH_MMIO_AT_ZERO, "HighMmioAtZero");
  /* both: the low one is found first, as upstream computes it first */
  expect_mtrr_error (l8g, RNG (0, 4 * GB), RNG (0, 2 * MB),
                     MV_MTRR_ERROR_LOW_MMIO_AT_ZERO, "LowMmioAtZero");

  g_assert_cmpstr (mv_mtrr_error_name (42), ==, "Unknown");
}

/* ---- mtrr_mask ------------------------------------------------------------- */

typedef struct
{
  guint8 width;
  guint64 max;
  guint64 mask;
} MaskCase;

static const MaskCase mask_cases[] = {
  { 46, 128 * MB - 1, MASK_128M_46 },
  { 46, 4 * GB - 128 * MB - 1, MASK_4G_46 },
  { 46, 4 * GB - 1, MASK_4G_46 },
  { 46, ((guint64) 1 << 43) - 1, MASK_8T_46 },
  { 46, ((guint64) 1 << 46) - 1, MASK_ALL },
  { 46, G_MAXUINT64, MASK_ALL },
  /* below one page nothing is cleared */
  { 46, 0, G_GUINT64_CONSTANT (0x3ffffffff800) },
  { 46, 0xfff, G_GUINT64_CONSTANT (0x3ffffffff800) },
  { 46, 0x1000, G_GUINT64_CONSTANT (0x3fffffffe800) },
  /* bits are cleared up to the top bit of the maximum, whatever follows */
  { 46, 0x5000, G_GUINT64_CONSTANT (0x3fffffff8800) },     /* bits 12..14 cleared */
  { 36, 128 * MB - 1, G_GUINT64_CONSTANT (0xff8000800) },
  { 52, ((guint64) 1 << 52) - 1, MASK_ALL },
  { 52, ((guint64) 1 << 43) - 1, G_GUINT64_CONSTANT (0xff80000000800) },
  /* widths of a page or less leave only the valid bit */
  { 12, 0, MASK_ALL },
  { 0, 12345, MASK_ALL },
};

static void
test_mask (gconstpointer data)
{
  const MaskCase *t = data;

  g_assert_cmphex (mv_mtrr_mask (t->width, t->max), ==, t->mask);
}

/* Upstream's mtrr_mask as written (two loops over the bits), which
 * mv_mtrr_mask computes in closed form. */
static guint64
mask_by_loops (guint8  width,
               guint64 max)
{
  guint64 result = MV_MTRR_MASK_VALID;
  guint top = MIN (width, 64);

  for (guint i = 12; i < top; i++)
    result |= (guint64) 1 << i;
  for (guint i = 12; i < top && max >= ((guint64) 1 << i); i++)
    result &= ~((guint64) 1 << i);
  return result;
}

/* Every width 0..255 against maximum addresses at, below and above every
 * power of two, and random ones. */
static void
test_mask_closed_form (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);

  for (guint w = 0; w < 256; w++)
    {
      for (guint b = 0; b < 64; b++)
        {
          guint64 p = (guint64) 1 << b;
          guint64 maxes[] = { p - 1, p, p + 1, p | (p >> 1), ~p };

          for (guint k = 0; k < G_N_ELEMENTS (maxes); k++)
            g_assert_cmphex (mv_mtrr_mask (w, maxes[k]), ==, mask_by_loops (w, maxes[k]));
        }
      for (guint k = 0; k < 64; k++)
        {
          guint64 max = ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand)) >> (k % 64);

          g_assert_cmphex (mv_mtrr_mask (w, max), ==, mask_by_loops (w, max));
        }
      g_assert_cmphex (mv_mtrr_mask (w, 0), ==, mask_by_loops (w, 0));
      g_assert_cmphex (mv_mtrr_mask (w, G_MAXUINT64), ==, mask_by_loops (w, G_MAXUINT64));
    }
}

/* ---- default chipset gaps ---------------------------------------------------- */

static void
test_default_chipset_gaps (void)
{
  g_autoptr(GError) error = NULL;
  MvRange low, high;

  {
    g_autoptr(MvLayout) layout = make_layout (8 * GB);
    mv_mtrr_default_chipset_gaps (layout, &low, &high);
    g_assert_cmphex (low.start, ==, std_low.start);
    g_assert_cmphex (low.end, ==, std_low.end);
    g_assert_cmphex (high.start, ==, std_high.start);
    g_assert_cmphex (high.end, ==, std_high.end);
  }
  {
    const MvRange gaps[] = { RNG (GB, 2 * GB) };
    g_autoptr(MvLayout) layout = mv_layout_new (8 * GB, gaps, 1, NULL, 0, NULL, 0, NULL, &error);
    low = high = RNG (0x1000, 0x2000);
    mv_mtrr_default_chipset_gaps (layout, &low, &high);
    g_assert_true (mv_range_is_empty (&low) && low.start == 0);
    g_assert_true (mv_range_is_empty (&high) && high.start == 0);
  }
  {
    /* the high gap is the first at or above 4 GiB; PCI lists are not
     * chipset MMIO */
    const MvRange gaps[] = { RNG (3 * GB, 4 * GB), RNG (64 * GB, 65 * GB), RNG (80 * GB, 81 * GB) };
    const MvRange ecam[] = { RNG (5 * GB, 6 * GB) };
    g_autoptr(MvLayout) layout = mv_layout_new (8 * GB, gaps, 3, ecam, 1, NULL, 0, NULL, &error);
    mv_mtrr_default_chipset_gaps (layout, &low, &high);
    g_assert_cmphex (low.start, ==, 3 * GB);
    g_assert_cmphex (low.end, ==, 4 * GB);
    g_assert_cmphex (high.start, ==, 64 * GB);
    g_assert_cmphex (high.end, ==, 65 * GB);
  }
  {
    const MvRange gaps[] = { RNG (4 * GB, 5 * GB) };
    g_autoptr(MvLayout) layout = mv_layout_new (8 * GB, gaps, 1, NULL, 0, NULL, 0, NULL, &error);
    mv_mtrr_default_chipset_gaps (layout, &low, &high);
    g_assert_true (mv_range_is_empty (&low));
    g_assert_cmphex (high.start, ==, 4 * GB);
    g_assert_cmphex (high.end, ==, 5 * GB);
  }
  g_assert_no_error (error);
}

/* The one "auto" rule, on a list in the order given (a document's). */
static void
test_auto_chipset_gap (void)
{
  const MvRange list[] = {
    RNG (64 * GB, 65 * GB), RNG (2 * GB, 3 * GB), RNG (3 * GB, 4 * GB), RNG (5 * GB, 6 * GB),
  };
  g_autoptr(GArray) mmio = g_array_new (FALSE, FALSE, sizeof (MvRange));

  g_assert_cmpint (mv_mtrr_auto_chipset_gap (mmio, TRUE), ==, -1);
  g_assert_cmpint (mv_mtrr_auto_chipset_gap (mmio, FALSE), ==, -1);
  g_array_append_vals (mmio, list, G_N_ELEMENTS (list));
  g_assert_cmpint (mv_mtrr_auto_chipset_gap (mmio, TRUE), ==, 2);
  g_assert_cmpint (mv_mtrr_auto_chipset_gap (mmio, FALSE), ==, 0);
  g_array_remove_index (mmio, 2);
  g_assert_cmpint (mv_mtrr_auto_chipset_gap (mmio, TRUE), ==, -1);
}

/* ---- randomized invariants --------------------------------------------------- */

static guint64
random_page_addr (GRand *rand)
{
  guint shift = (guint) g_rand_int_range (rand, 12, 65);
  guint64 v = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);

  v = shift == 64 ? v : v & (((guint64) 1 << shift) - 1);
  return v & ~MV_PAGE_MASK;
}

static MvRange
random_gap (GRand *rand)
{
  guint64 a, b;

  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0:
      return MV_RANGE_EMPTY;
    case 1:
      return std_low;
    case 2:
      return std_high;
    default:
      a = random_page_addr (rand);
      b = random_page_addr (rand);
      return a <= b ? RNG (a, b) : RNG (b, a);
    }
}

static void
test_random_invariants (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5eed0005);
  guint n_ok = 0, n_err = 0, n_pairs[6] = { 0 };

  for (guint iter = 0; iter < 20000; iter++)
    {
      guint64 end = random_page_addr (rand);
      MvRamRange ram = { RNG (0, end == 0 ? MV_PAGE_SIZE : end), 0 };
      g_autoptr(MvLayout) layout = NULL;
      g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MvX86Register));
      g_autoptr(GError) error = NULL;
      guint8 width = (guint8) g_rand_int_range (rand, 0, 256);
      guint8 clamped = mv_mtrr_clamp_width (width);
      MvRange low = random_gap (rand);
      MvRange high = random_gap (rand);
      gboolean ok;
      int last_index = -1;

      layout = mv_layout_new_from_ranges (&ram, 1, NULL, 0, &error);
      g_assert_no_error (error);
      end = mv_layout_end_of_ram (layout);

      ok = mv_mtrr_compute_variable (layout, width, low, high, out, &error);

      /* an error exactly where upstream's "start - 1" would wrap */
      if (end > 128 * MB && low.start == 0)
        {
          g_assert_false (ok);
          g_assert_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_LOW_MMIO_AT_ZERO);
        }
      else if (end > low.end && !mv_range_is_empty (&high) && high.start == 0)
        {
          g_assert_false (ok);
          g_assert_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_HIGH_MMIO_AT_ZERO);
        }
      else
        g_assert_true (ok);

      if (!ok)
        {
          g_assert_cmpuint (out->len, ==, 0);
          n_err++;
          continue;
        }
      n_ok++;

      /* 1 to 5 pairs, base then mask, pair numbers rising */
      g_assert_cmpuint (out->len % 2, ==, 0);
      g_assert_cmpuint (out->len, >=, 2);
      g_assert_cmpuint (out->len, <=, 10);
      n_pairs[out->len / 2]++;
      for (guint i = 0; i < out->len; i += 2)
        {
          const MvX86Register *base = &g_array_index (out, MvX86Register, i);
          const MvX86Register *mask = &g_array_index (out, MvX86Register, i + 1);
          int index = (int) (base->name - MV_REG_MTRR_PHYS_BASE0) / 2;
          guint64 addr_bits = mask->value & ~(guint64) 0xfff;

          g_assert_cmpint ((base->name - MV_REG_MTRR_PHYS_BASE0) % 2, ==, 0);
          g_assert_cmpint (index, >=, 0);
          g_assert_cmpint (index, <=, 4);
          g_assert_cmpint (index, >, last_index);
          last_index = index;
          g_assert_cmpint (mask->name, ==, base->name + 1);

          /* type WB in the base, nothing below the page but the type */
          g_assert_cmphex (base->value & 0xff, ==, 0x6);
          g_assert_cmphex (base->value & 0xf00, ==, 0);

          /* every mask has bit 11 (valid) set, nothing else below bit 12,
           * nothing at or above the width, and one contiguous run of ones
           * ending at the width */
          g_assert_cmphex (mask->value & MV_MTRR_MASK_VALID, ==, MV_MTRR_MASK_VALID);
          g_assert_cmphex (mask->value & 0x7ff, ==, 0);
          g_assert_cmphex (mask->value >> clamped, ==, 0);
          if (addr_bits != 0)
            {
              guint64 low_bit = addr_bits & -addr_bits;
              g_assert_cmphex (addr_bits, ==, ((guint64) 1 << clamped) - low_bit);
            }
        }
      /* pair 0 always covers the first 128 MiB */
      g_assert_cmpint (g_array_index (out, MvX86Register, 0).name, ==, MV_REG_MTRR_PHYS_BASE0);
      g_assert_cmphex (g_array_index (out, MvX86Register, 1).value, ==,
                       mv_mtrr_mask (clamped, 128 * MB - 1));
    }

  g_test_message ("%u computed (pairs: %u %u %u %u %u), %u errors", n_ok,
                  n_pairs[1], n_pairs[2], n_pairs[3], n_pairs[4], n_pairs[5], n_err);
  for (guint k = 1; k <= 5; k++)
    g_assert_cmpuint (n_pairs[k], >, 0);
  g_assert_cmpuint (n_err, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/mtrr/upstream/128mb-exactly", test_upstream_128mb_exactly);
  g_test_add_func ("/mtrr/upstream/256mb", test_upstream_256mb);
  g_test_add_func ("/mtrr/upstream/2gb", test_upstream_2gb);
  g_test_add_func ("/mtrr/upstream/8gb", test_upstream_8gb);
  g_test_add_func ("/mtrr/upstream/8gb-no-high-mmio", test_upstream_8gb_no_high_mmio);
  g_test_add_func ("/mtrr/upstream/narrow-address-width", test_upstream_narrow_address_width);
  g_test_add_func ("/mtrr/upstream/masks-have-enabled-bit", test_upstream_masks_have_enabled_bit);
  g_test_add_func ("/mtrr/variable/beyond-8tb-no-high", test_beyond_8tb_no_high);
  g_test_add_func ("/mtrr/variable/ram-between-gaps", test_ram_between_gaps);
  g_test_add_func ("/mtrr/variable/split-boundaries", test_split_boundaries);
  g_test_add_func ("/mtrr/variable/width-clamp", test_width_clamp);
  g_test_add_func ("/mtrr/variable/empty-low-gap-small-ram", test_empty_low_gap_small_ram);
  g_test_add_func ("/mtrr/variable/high-gap-at-zero-small-ram", test_high_gap_at_zero_small_ram);
  g_test_add_func ("/mtrr/variable/errors", test_errors);
  for (guint i = 0; i < G_N_ELEMENTS (mask_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mtrr/mask/%u", i);
      g_test_add_data_func (path, &mask_cases[i], test_mask);
    }
  g_test_add_func ("/mtrr/mask/closed-form", test_mask_closed_form);
  g_test_add_func ("/mtrr/default-chipset-gaps", test_default_chipset_gaps);
  g_test_add_func ("/mtrr/auto-chipset-gap", test_auto_chipset_gap);
  g_test_add_func ("/mtrr/random/invariants", test_random_invariants);

  return g_test_run ();
}
