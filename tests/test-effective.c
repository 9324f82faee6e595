/* SPDX-License-Identifier: MIT */
/* Over 1,000 lines: one program for one room (what MTRRs do), many small table-driven cases. */
/* Tests for core/mv-effective, mv-explain and mv-diagnose: pair decoding,
 * the effective map (hand-checked tables and a brute-force per-address
 * equivalence), explain, PAT, diagnostics and their order, /proc/mtrr. */
#include <string.h>

#include "mv-effective.h"
#include "mv-layout.h"
#include "mv-mtrr.h"
#include "mv-mtrr-state.h"

#define KB ((guint64) 1024)
#define MB (KB * 1024)
#define GB (MB * 1024)
#define TB (GB * 1024)

#define UC MV_MEM_TYPE_UC
#define WC MV_MEM_TYPE_WC
#define WT MV_MEM_TYPE_WT
#define WP MV_MEM_TYPE_WP
#define WB MV_MEM_TYPE_WB
#define UNDEF MV_MEM_TYPE_UNDEFINED

#define R_DISABLED MV_EFFECTIVE_RULE_DISABLED
#define R_FIXED MV_EFFECTIVE_RULE_FIXED
#define R_DEFAULT MV_EFFECTIVE_RULE_DEFAULT
#define R_SINGLE MV_EFFECTIVE_RULE_SINGLE
#define R_SAME MV_EFFECTIVE_RULE_SAME
#define R_UC MV_EFFECTIVE_RULE_UC_WINS
#define R_WT MV_EFFECTIVE_RULE_WT_WINS
#define R_UNDEF MV_EFFECTIVE_RULE_UNDEFINED

#define P0 "MtrrPhysBase0,MtrrPhysMask0"
#define P1 "MtrrPhysBase1,MtrrPhysMask1"
#define P2 "MtrrPhysBase2,MtrrPhysMask2"
#define P3 "MtrrPhysBase3,MtrrPhysMask3"
#define P4 "MtrrPhysBase4,MtrrPhysMask4"

/* One expected range of an effective map; `by` is the deciding registers
 * joined by ','. A row with by == NULL ends a table. */
typedef struct
{
  guint64         start;
  guint64         end;
  guint           type;
  MvEffectiveRule rule;
  const char     *by;
} Row;

/* Below 1 MiB under linux-direct and uefi: 0-640 KiB WB, the rest UC, each
 * fixed register its own range. */
#define LINUX_DIRECT_FIXED \
  { 0x00000, 0x80000, WB, R_FIXED, "MtrrFix64k00000" }, \
  { 0x80000, 0xA0000, WB, R_FIXED, "MtrrFix16k80000" }, \
  { 0xA0000, 0xC0000, UC, R_FIXED, "MtrrFix16kA0000" }, \
  { 0xC0000, 0xC8000, UC, R_FIXED, "MtrrFix4kC0000" }, \
  { 0xC8000, 0xD0000, UC, R_FIXED, "MtrrFix4kC8000" }, \
  { 0xD0000, 0xD8000, UC, R_FIXED, "MtrrFix4kD0000" }, \
  { 0xD8000, 0xE0000, UC, R_FIXED, "MtrrFix4kD8000" }, \
  { 0xE0000, 0xE8000, UC, R_FIXED, "MtrrFix4kE0000" }, \
  { 0xE8000, 0xF0000, UC, R_FIXED, "MtrrFix4kE8000" }, \
  { 0xF0000, 0xF8000, UC, R_FIXED, "MtrrFix4kF0000" }, \
  { 0xF8000, 0x100000, UC, R_FIXED, "MtrrFix4kF8000" }

/* PCAT: the same, with 0xE0000-0xFFFFF WB. */
#define PCAT_FIXED \
  { 0x00000, 0x80000, WB, R_FIXED, "MtrrFix64k00000" }, \
  { 0x80000, 0xA0000, WB, R_FIXED, "MtrrFix16k80000" }, \
  { 0xA0000, 0xC0000, UC, R_FIXED, "MtrrFix16kA0000" }, \
  { 0xC0000, 0xC8000, UC, R_FIXED, "MtrrFix4kC0000" }, \
  { 0xC8000, 0xD0000, UC, R_FIXED, "MtrrFix4kC8000" }, \
  { 0xD0000, 0xD8000, UC, R_FIXED, "MtrrFix4kD0000" }, \
  { 0xD8000, 0xE0000, UC, R_FIXED, "MtrrFix4kD8000" }, \
  { 0xE0000, 0xE8000, WB, R_FIXED, "MtrrFix4kE0000" }, \
  { 0xE8000, 0xF0000, WB, R_FIXED, "MtrrFix4kE8000" }, \
  { 0xF0000, 0xF8000, WB, R_FIXED, "MtrrFix4kF0000" }, \
  { 0xF8000, 0x100000, WB, R_FIXED, "MtrrFix4kF8000" }

#define END_ROWS { 0, 0, 0, 0, NULL }

static const MvRange low_gap = { 4 * GB - 128 * MB, 4 * GB };
static const MvRange seed_high_gap = { 4 * GB, 4 * GB + 512 * MB };

/* ---- helpers ---- */

static char *
joined_by (const MvEffectiveRange *r)
{
  g_auto(GStrv) by = mv_effective_range_get_by (r);
  return g_strjoinv (",", by);
}

static void
assert_map_rows (const MvEffectiveMap *map,
                 const Row            *rows)
{
  guint n = 0;

  while (rows[n].by != NULL)
    n++;

  for (guint i = 0; i < MIN (n, map->ranges->len); i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
      g_autofree char *by = joined_by (r);

      if (r->range.start != rows[i].start || r->range.end != rows[i].end
          || r->type != rows[i].type || r->rule != rows[i].rule
          || g_strcmp0 (by, rows[i].by) != 0)
        g_error ("range %u: got [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) %s %s %s, "
                 "expected [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) %s %s %s",
                 i, r->range.start, r->range.end, mv_mem_type_name (r->type),
                 mv_effective_rule_name (r->rule), by, rows[i].start, rows[i].end,
                 mv_mem_type_name (rows[i].type), mv_effective_rule_name (rows[i].rule),
                 rows[i].by);
    }
  g_assert_cmpuint (map->ranges->len, ==, n);
  g_assert_false (map->truncated);
}

static MvLayout *
seed_layout (guint64  ram,
             gboolean with_high)
{
  MvRange gaps[2] = { low_gap, seed_high_gap };
  g_autoptr(GError) error = NULL;
  MvLayout *layout = mv_layout_new (ram, gaps, with_high ? 2 : 1, NULL, 0, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  return layout;
}

/* OpenVMM's default x86_64 layout: the low gap [0xF8000000, 4 GiB) and a
 * 512 MiB high gap placed above RAM, 2 MiB aligned
 * (openvmm_core/src/worker/memory_layout.rs, Placement::Mmio64). */
static MvLayout *
openvmm_layout (guint64  ram,
                MvRange *high)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvLayout) probe = mv_layout_new (ram, &low_gap, 1, NULL, 0, NULL, 0, NULL, &error);
  MvRange gaps[2];
  guint64 start;
  MvLayout *layout;

  g_assert_no_error (error);
  start = (mv_layout_end_of_ram (probe) + 2 * MB - 1) & ~(2 * MB - 1);
  start = MAX (start, 4 * GB);
  high->start = start;
  high->end = start + 512 * MB;
  gaps[0] = low_gap;
  gaps[1] = *high;
  layout = mv_layout_new (ram, gaps, 2, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  /* Placing the high gap above RAM leaves RAM where it was. */
  g_assert_cmpuint (mv_layout_end_of_ram (layout), ==, mv_layout_end_of_ram (probe));
  return layout;
}

static MvMtrrState *
openvmm_default_state (MvLayout **layout_out)
{
  g_autoptr(GError) error = NULL;
  MvRange high;
  MvLayout *layout = openvmm_layout (8 * GB, &high);
  MvMtrrState *state = mv_mtrr_state_new_for_guest (layout, 46, low_gap, high,
                                                    MV_MTRR_PROFILE_LINUX_DIRECT, 8, &error);

  g_assert_no_error (error);
  g_assert_nonnull (state);
  if (layout_out)
    *layout_out = layout;
  else
    mv_layout_free (layout);
  return state;
}

/* A PhysMask for a @size block in a @w-bit space, valid. */
#define contiguous_mask_const(w, size) \
  (((((guint64) 1 << (w)) - 1) & ~((guint64) (size) - 1)) | MV_MTRR_MASK_VALID)

/* A raw state: width, MtrrDefType and pairs; fixed registers 0. */
static MvMtrrState *
raw_state (guint             width,
           guint64           def_type,
           const MvMtrrPair *pairs,
           guint             n_pairs)
{
  MvMtrrState *state = mv_mtrr_state_new ();

  mv_mtrr_state_set_width (state, width);
  state->def_type = def_type;
  for (guint i = 0; i < n_pairs; i++)
    g_assert_true (mv_mtrr_state_set_pair (state, i, pairs[i].base, pairs[i].mask, NULL));
  return state;
}

/* ---- hand-checked maps of upstream's seed tests' layouts ---- */

typedef struct
{
  const char *name;
  guint64     ram;
  gboolean    with_high;
  guint       width;
  MvMtrrProfile profile;
  guint       n_pairs;
  Row         rows[24];
} SeedCase;

static const SeedCase seed_cases[] = {
  /* 128 MiB: pair 0 only, [0, 128 MiB). */
  { "128mb-exactly", 128 * MB, TRUE, 46, MV_MTRR_PROFILE_LINUX_DIRECT, 1, {
      LINUX_DIRECT_FIXED,
      { 1 * MB, 128 * MB, WB, R_SINGLE, P0 },
      { 128 * MB, 1ull << 46, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* 256 MiB: pair 1 is programmed at 128 MiB with a 4 GiB mask, so it
   * matches [0, 4 GiB): the low MMIO gap is WB. */
  { "256mb", 256 * MB, TRUE, 46, MV_MTRR_PROFILE_LINUX_DIRECT, 2, {
      LINUX_DIRECT_FIXED,
      { 1 * MB, 128 * MB, WB, R_SAME, P0 "," P1 },
      { 128 * MB, 4 * GB, WB, R_SINGLE, P1 },
      { 4 * GB, 1ull << 46, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  { "2gb", 2 * GB, TRUE, 46, MV_MTRR_PROFILE_LINUX_DIRECT, 2, {
      LINUX_DIRECT_FIXED,
      { 1 * MB, 128 * MB, WB, R_SAME, P0 "," P1 },
      { 128 * MB, 4 * GB, WB, R_SINGLE, P1 },
      { 4 * GB, 1ull << 46, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* 8 GiB with the high gap at 4 GiB: pair 2 = [4 GiB, 8 GiB) (not empty),
   * pair 3 is programmed at 4.5 GiB with an 8 TiB mask = [0, 8 TiB),
   * pair 4's mask is the valid bit alone = everything. */
  { "8gb", 8 * GB, TRUE, 46, MV_MTRR_PROFILE_LINUX_DIRECT, 5, {
      LINUX_DIRECT_FIXED,
      { 1 * MB, 128 * MB, WB, R_SAME, P0 "," P1 "," P3 "," P4 },
      { 128 * MB, 4 * GB, WB, R_SAME, P1 "," P3 "," P4 },
      { 4 * GB, 8 * GB, WB, R_SAME, P2 "," P3 "," P4 },
      { 8 * GB, 8 * TB, WB, R_SAME, P3 "," P4 },
      { 8 * TB, 1ull << 46, WB, R_SINGLE, P4 },
      END_ROWS } },
  /* 8 GiB without a high gap: RAM ends at 8.125 GiB; pair 2's mask rounds
   * that up to 16 GiB from 0. */
  { "8gb-no-high-mmio", 8 * GB, FALSE, 46, MV_MTRR_PROFILE_LINUX_DIRECT, 3, {
      LINUX_DIRECT_FIXED,
      { 1 * MB, 128 * MB, WB, R_SAME, P0 "," P1 "," P2 },
      { 128 * MB, 4 * GB, WB, R_SAME, P1 "," P2 },
      { 4 * GB, 16 * GB, WB, R_SINGLE, P2 },
      { 16 * GB, 1ull << 46, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* Width 40: pair 3's mask is the valid bit alone. */
  { "narrow-address-width", 8 * GB, TRUE, 40, MV_MTRR_PROFILE_LINUX_DIRECT, 4, {
      LINUX_DIRECT_FIXED,
      { 1 * MB, 128 * MB, WB, R_SAME, P0 "," P1 "," P3 },
      { 128 * MB, 4 * GB, WB, R_SAME, P1 "," P3 },
      { 4 * GB, 8 * GB, WB, R_SAME, P2 "," P3 },
      { 8 * GB, 1ull << 40, WB, R_SINGLE, P3 },
      END_ROWS } },
  { "2gb-pcat", 2 * GB, TRUE, 46, MV_MTRR_PROFILE_PCAT, 2, {
      PCAT_FIXED,
      { 1 * MB, 128 * MB, WB, R_SAME, P0 "," P1 },
      { 128 * MB, 4 * GB, WB, R_SINGLE, P1 },
      { 4 * GB, 1ull << 46, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  { "2gb-uefi", 2 * GB, TRUE, 46, MV_MTRR_PROFILE_UEFI, 2, {
      LINUX_DIRECT_FIXED,
      { 1 * MB, 128 * MB, WB, R_SAME, P0 "," P1 },
      { 128 * MB, 4 * GB, WB, R_SINGLE, P1 },
      { 4 * GB, 1ull << 46, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* No profile: MtrrDefType 0, E clear, everything UC. */
  { "2gb-none", 2 * GB, TRUE, 46, MV_MTRR_PROFILE_NONE, 2, {
      { 0, 1ull << 46, UC, R_DISABLED, "MtrrDefType" },
      END_ROWS } },
};

static void
test_seed_map (gconstpointer data)
{
  const SeedCase *tc = data;
  g_autoptr(MvLayout) layout = seed_layout (tc->ram, tc->with_high);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvMtrrState) state = NULL;
  g_autoptr(MvEffectiveMap) map = NULL;

  state = mv_mtrr_state_new_for_guest (layout, tc->width, low_gap,
                                       tc->with_high ? seed_high_gap : MV_RANGE_EMPTY,
                                       tc->profile, MV_MTRR_DEFAULT_VCNT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mv_mtrr_state_get_n_pairs (state), ==, tc->n_pairs);

  map = mv_effective_map_new (state, 0, G_MAXUINT64, 0, MV_PAT_NONE);
  g_assert_cmpuint (map->start, ==, 0);
  g_assert_cmpuint (map->end, ==, (guint64) 1 << tc->width);
  assert_map_rows (map, tc->rows);
}

/* The done-when: OpenVMM's default layout. */
static const Row openvmm_default_rows[] = {
  LINUX_DIRECT_FIXED,
  { 1 * MB, 128 * MB, WB, R_SAME, P0 "," P1 "," P2 },
  /* The low MMIO gap [0xF8000000, 4 GiB) lies in here: pair 1 (and the
   * 16 GiB pair 2, programmed at 4 GiB) make it WB. */
  { 128 * MB, 4 * GB, WB, R_SAME, P1 "," P2 },
  { 4 * GB, 16 * GB, WB, R_SINGLE, P2 },
  { 16 * GB, 1ull << 46, UC, R_DEFAULT, "MtrrDefType" },
  END_ROWS
};

static void
test_openvmm_default (void)
{
  MvLayout *layout_ptr = NULL;
  g_autoptr(MvMtrrState) state = openvmm_default_state (&layout_ptr);
  g_autoptr(MvLayout) layout = layout_ptr;
  g_autoptr(MvEffectiveMap) map = mv_effective_map_new (state, 0, G_MAXUINT64, 0, MV_PAT_NONE);
  const MvEffectiveRange *r;
  g_auto(GStrv) by = NULL;

  /* The layout: RAM ends at 8 GiB + 128 MiB, the high gap right above. */
  g_assert_cmpuint (mv_layout_end_of_ram (layout), ==, 0x208000000);
  g_assert_cmpuint (g_array_index (layout->mmio, MvRange, 1).start, ==, 0x208000000);
  g_assert_cmpuint (mv_mtrr_state_get_n_pairs (state), ==, 3);

  assert_map_rows (map, openvmm_default_rows);

  r = mv_effective_map_lookup (map, 0xF8000000);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->range.start, <=, 0xF8000000);
  g_assert_cmpuint (r->range.end, >=, 0x100000000);
  g_assert_cmpuint (r->type, ==, WB);
  by = mv_effective_range_get_by (r);
  g_assert_true (g_strv_contains ((const char *const *) by, "MtrrPhysBase1"));
  g_assert_true (g_strv_contains ((const char *const *) by, "MtrrPhysMask1"));
}

/* ---- hand-checked maps of raw states ---- */

typedef struct
{
  const char *name;
  guint       width;
  guint64     def_type;
  guint64     fixed0;        /* MtrrFix64k00000 */
  guint       n_pairs;
  MvMtrrPair  pairs[3];
  Row         rows[16];
} RawCase;

#define W36 (1ull << 36)
#define M36(size) contiguous_mask_const (36, size)

static const RawCase raw_cases[] = {
  { "uc-over-wb", 36, 0x800, 0, 2,
    { { 0 | WB, M36 (1 * GB) }, { 256 * MB | UC, M36 (256 * MB) } }, {
      { 0, 256 * MB, WB, R_SINGLE, P0 },
      { 256 * MB, 512 * MB, UC, R_UC, P0 "," P1 },
      { 512 * MB, 1 * GB, WB, R_SINGLE, P0 },
      { 1 * GB, W36, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  { "wt-over-wb", 36, 0x800, 0, 2,
    { { 0 | WB, M36 (1 * GB) }, { 256 * MB | WT, M36 (256 * MB) } }, {
      { 0, 256 * MB, WB, R_SINGLE, P0 },
      { 256 * MB, 512 * MB, WT, R_WT, P0 "," P1 },
      { 512 * MB, 1 * GB, WB, R_SINGLE, P0 },
      { 1 * GB, W36, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  { "wc-over-wb", 36, 0x800, 0, 2,
    { { 0 | WB, M36 (1 * GB) }, { 256 * MB | WC, M36 (256 * MB) } }, {
      { 0, 256 * MB, WB, R_SINGLE, P0 },
      { 256 * MB, 512 * MB, UNDEF, R_UNDEF, P0 "," P1 },
      { 512 * MB, 1 * GB, WB, R_SINGLE, P0 },
      { 1 * GB, W36, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* Three pairs over [256, 512) MiB: WT, WB and UC: UC wins. */
  { "uc-wt-wb", 36, 0x800, 0, 3,
    { { 0 | WB, M36 (1 * GB) }, { 256 * MB | WT, M36 (256 * MB) }, { 256 * MB | UC, M36 (256 * MB) } }, {
      { 0, 256 * MB, WB, R_SINGLE, P0 },
      { 256 * MB, 512 * MB, UC, R_UC, P0 "," P1 "," P2 },
      { 512 * MB, 1 * GB, WB, R_SINGLE, P0 },
      { 1 * GB, W36, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  { "wb-same", 36, 0x800, 0, 2,
    { { 0 | WB, M36 (1 * GB) }, { 256 * MB | WB, M36 (256 * MB) } }, {
      { 0, 256 * MB, WB, R_SINGLE, P0 },
      { 256 * MB, 512 * MB, WB, R_SAME, P0 "," P1 },
      { 512 * MB, 1 * GB, WB, R_SINGLE, P0 },
      { 1 * GB, W36, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* FE on: fixed 64K WB, the other fixed registers 0 = UC, default WB. */
  { "fe-on", 36, 0xc06, 0x0606060606060606, 0, { { 0, 0 } }, {
      { 0x00000, 0x80000, WB, R_FIXED, "MtrrFix64k00000" },
      { 0x80000, 0xA0000, UC, R_FIXED, "MtrrFix16k80000" },
      { 0xA0000, 0xC0000, UC, R_FIXED, "MtrrFix16kA0000" },
      { 0xC0000, 0xC8000, UC, R_FIXED, "MtrrFix4kC0000" },
      { 0xC8000, 0xD0000, UC, R_FIXED, "MtrrFix4kC8000" },
      { 0xD0000, 0xD8000, UC, R_FIXED, "MtrrFix4kD0000" },
      { 0xD8000, 0xE0000, UC, R_FIXED, "MtrrFix4kD8000" },
      { 0xE0000, 0xE8000, UC, R_FIXED, "MtrrFix4kE0000" },
      { 0xE8000, 0xF0000, UC, R_FIXED, "MtrrFix4kE8000" },
      { 0xF0000, 0xF8000, UC, R_FIXED, "MtrrFix4kF0000" },
      { 0xF8000, 0x100000, UC, R_FIXED, "MtrrFix4kF8000" },
      { 1 * MB, W36, WB, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* FE off: the same registers, but below 1 MiB the default applies. */
  { "fe-off", 36, 0x806, 0x0606060606060606, 0, { { 0, 0 } }, {
      { 0, W36, WB, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* FE off, a UC pair over the first 1 MiB decides there instead. */
  { "fe-off-pair", 36, 0x806, 0x0606060606060606, 1, { { 0 | UC, M36 (1 * MB) } }, {
      { 0, 1 * MB, UC, R_SINGLE, P0 },
      { 1 * MB, W36, WB, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* Fixed bytes differ within one register: 0x00000-0x0FFFF WC, then UC. */
  { "fixed-bytes", 36, 0xc00, 0x0000000000000001, 0, { { 0, 0 } }, {
      { 0x00000, 0x10000, WC, R_FIXED, "MtrrFix64k00000" },
      { 0x10000, 0x80000, UC, R_FIXED, "MtrrFix64k00000" },
      { 0x80000, 0xA0000, UC, R_FIXED, "MtrrFix16k80000" },
      { 0xA0000, 0xC0000, UC, R_FIXED, "MtrrFix16kA0000" },
      { 0xC0000, 0xC8000, UC, R_FIXED, "MtrrFix4kC0000" },
      { 0xC8000, 0xD0000, UC, R_FIXED, "MtrrFix4kC8000" },
      { 0xD0000, 0xD8000, UC, R_FIXED, "MtrrFix4kD0000" },
      { 0xD8000, 0xE0000, UC, R_FIXED, "MtrrFix4kD8000" },
      { 0xE0000, 0xE8000, UC, R_FIXED, "MtrrFix4kE0000" },
      { 0xE8000, 0xF0000, UC, R_FIXED, "MtrrFix4kE8000" },
      { 0xF0000, 0xF8000, UC, R_FIXED, "MtrrFix4kF0000" },
      { 0xF8000, 0x100000, UC, R_FIXED, "MtrrFix4kF8000" },
      { 1 * MB, W36, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* E off: FE and the pairs are ignored, all UC. */
  { "e-off", 36, 0x406, 0x0606060606060606, 1, { { 0 | WB, M36 (1 * GB) } }, {
      { 0, W36, UC, R_DISABLED, "MtrrDefType" },
      END_ROWS } },
  /* Base 48 MiB with a 32 MiB mask: matches [32, 64) MiB. */
  { "misaligned-base", 36, 0x800, 0, 1, { { 48 * MB | WB, M36 (32 * MB) } }, {
      { 0, 32 * MB, UC, R_DEFAULT, "MtrrDefType" },
      { 32 * MB, 64 * MB, WB, R_SINGLE, P0 },
      { 64 * MB, W36, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* 1 MiB blocks with bit 30 left out of the mask: [0, 1M) and [1G, 1G+1M). */
  { "noncontiguous-mask", 36, 0x800, 0, 1,
    { { 0 | WB, M36 (1 * MB) & ~((guint64) 1 << 30) } }, {
      { 0, 1 * MB, WB, R_SINGLE, P0 },
      { 1 * MB, 1 * GB, UC, R_DEFAULT, "MtrrDefType" },
      { 1 * GB, 1 * GB + 1 * MB, WB, R_SINGLE, P0 },
      { 1 * GB + 1 * MB, W36, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
  /* The valid bit alone: every address matches. */
  { "valid-bit-only", 36, 0x800, 0, 1, { { 0 | WB, MV_MTRR_MASK_VALID } }, {
      { 0, W36, WB, R_SINGLE, P0 },
      END_ROWS } },
  /* Valid bit clear: the pair is off. */
  { "invalid-pair", 36, 0x800, 0, 1, { { 0 | WB, M36 (1 * GB) & ~MV_MTRR_MASK_VALID } }, {
      { 0, W36, UC, R_DEFAULT, "MtrrDefType" },
      END_ROWS } },
};

static void
test_raw_map (gconstpointer data)
{
  const RawCase *tc = data;
  g_autoptr(MvMtrrState) state = raw_state (tc->width, tc->def_type, tc->pairs, tc->n_pairs);
  g_autoptr(MvEffectiveMap) map = NULL;

  state->fixed[0] = tc->fixed0;
  map = mv_effective_map_new (state, 0, G_MAXUINT64, 0, MV_PAT_NONE);
  assert_map_rows (map, tc->rows);
}

/* Pairs at or above VCNT do not exist: the map ignores them. */
static void
test_map_vcnt (void)
{
  static const MvMtrrPair pairs[] = {
    { 0 | WB, contiguous_mask_const (36, 1 * GB) },
    { 0 | UC, contiguous_mask_const (36, 1 * GB) },
  };
  static const Row rows[] = {
    { 0, 1 * GB, WB, R_SINGLE, P0 },
    { 1 * GB, W36, UC, R_DEFAULT, "MtrrDefType" },
    END_ROWS
  };
  g_autoptr(MvMtrrState) state = raw_state (36, 0x800, pairs, 2);
  g_autoptr(MvEffectiveMap) map = NULL;

  g_assert_true (mv_mtrr_state_set_vcnt (state, 1, NULL));
  map = mv_effective_map_new (state, 0, G_MAXUINT64, 0, MV_PAT_NONE);
  assert_map_rows (map, rows);
}

/* A window, and a limit on the number of ranges. */
static void
test_map_window (void)
{
  g_autoptr(MvMtrrState) state = openvmm_default_state (NULL);
  g_autoptr(MvEffectiveMap) map = NULL;
  static const Row rows[] = {
    { 0x9F000, 0xA0000, WB, R_FIXED, "MtrrFix16k80000" },
    { 0xA0000, 0xC0000, UC, R_FIXED, "MtrrFix16kA0000" },
    END_ROWS
  };
  static const Row rows2[] = {
    { 3 * GB, 4 * GB, WB, R_SAME, P1 "," P2 },
    { 4 * GB, 16 * GB, WB, R_SINGLE, P2 },
    { 16 * GB, 16 * GB + 4 * KB, UC, R_DEFAULT, "MtrrDefType" },
    END_ROWS
  };

  /* Unaligned ends round outwards. */
  map = mv_effective_map_new (state, 0x9F123, 0xBF001, 0, MV_PAT_NONE);
  assert_map_rows (map, rows);
  g_clear_pointer (&map, mv_effective_map_free);

  map = mv_effective_map_new (state, 3 * GB, 16 * GB + 1, 0, MV_PAT_NONE);
  assert_map_rows (map, rows2);
  g_clear_pointer (&map, mv_effective_map_free);

  /* A limit of 2 stops before the third range. */
  map = mv_effective_map_new (state, 3 * GB, G_MAXUINT64, 2, MV_PAT_NONE);
  g_assert_true (map->truncated);
  g_assert_cmpuint (map->ranges->len, ==, 2);
  g_assert_cmpuint (g_array_index (map->ranges, MvEffectiveRange, 1).range.end, ==, 16 * GB);
  g_assert_null (mv_effective_map_lookup (map, 16 * GB));
  g_clear_pointer (&map, mv_effective_map_free);

  /* A window above the address space is empty. */
  map = mv_effective_map_new (state, 1ull << 50, G_MAXUINT64, 0, MV_PAT_NONE);
  g_assert_cmpuint (map->ranges->len, ==, 0);
  g_assert_cmpuint (map->start, ==, map->end);
}

/* A mask with only bit 12 set alternates pages over the whole 52-bit
 * space (2^40 pages): the map still answers quickly with a limit, and
 * paging on from where it stopped continues the pattern. */
static void
test_map_huge_pattern (void)
{
  static const MvMtrrPair pairs[] = {
    { 0 | WB, ((guint64) 1 << 12) | MV_MTRR_MASK_VALID },
  };
  g_autoptr(MvMtrrState) state = raw_state (52, 0x800, pairs, 1);
  g_autoptr(MvEffectiveMap) map = mv_effective_map_new (state, 0, G_MAXUINT64, 1000, MV_PAT_NONE);
  g_autoptr(MvEffectiveMap) far = NULL;
  MvMtrrPairInfo info;
  MvRange r;

  g_assert_true (map->truncated);
  g_assert_cmpuint (map->ranges->len, ==, 1000);
  for (guint i = 0; i < map->ranges->len; i++)
    {
      const MvEffectiveRange *e = &g_array_index (map->ranges, MvEffectiveRange, i);

      g_assert_cmpuint (e->range.start, ==, (guint64) i * 4096);
      g_assert_cmpuint (e->range.end, ==, (guint64) (i + 1) * 4096);
      g_assert_cmpuint (e->type, ==, i % 2 == 0 ? WB : UC);
    }

  far = mv_effective_map_new (state, (1ull << 52) - 4 * 4096, G_MAXUINT64, 0, MV_PAT_NONE);
  g_assert_cmpuint (far->ranges->len, ==, 4);
  g_assert_cmpuint (g_array_index (far->ranges, MvEffectiveRange, 3).range.end, ==, 1ull << 52);
  g_assert_cmpuint (g_array_index (far->ranges, MvEffectiveRange, 2).type, ==, WB);
  g_assert_cmpuint (g_array_index (far->ranges, MvEffectiveRange, 3).type, ==, UC);

  mv_mtrr_pair_decode (state, 0, &info);
  g_assert_false (info.contiguous);
  g_assert_cmpuint (info.block_size, ==, 4096);
  g_assert_cmpuint (info.n_matched, ==, (guint64) 1 << 39);
  g_assert_cmpuint (info.n_shown, ==, MV_MTRR_PAIR_N_SHOWN);
  g_assert_cmpuint (info.matched[3].start, ==, 6 * 4096);
  g_assert_true (mv_mtrr_pair_nth_matched (&info, ((guint64) 1 << 39) - 1, &r));
  g_assert_cmpuint (r.start, ==, (1ull << 52) - 2 * 4096);
  g_assert_cmpuint (r.end, ==, (1ull << 52) - 4096);
  g_assert_false (mv_mtrr_pair_nth_matched (&info, (guint64) 1 << 39, &r));
  g_assert_cmpuint (info.matched_span.start, ==, 0);
  g_assert_cmpuint (info.matched_span.end, ==, (1ull << 52) - 4096);
}

/* ---- decoding ---- */

static void
test_decode_openvmm (void)
{
  g_autoptr(MvMtrrState) state = openvmm_default_state (NULL);
  MvMtrrPairInfo info;

  /* Pair 1: programmed at 128 MiB, mask for 4 GiB. */
  mv_mtrr_pair_decode (state, 1, &info);
  g_assert_true (info.valid);
  g_assert_true (info.implemented);
  g_assert_cmpuint (info.type, ==, WB);
  g_assert_cmpuint (info.base, ==, 0x8000006);
  g_assert_cmpuint (info.mask, ==, 0x3fff00000800);
  g_assert_cmpuint (info.phys_base, ==, 0x8000000);
  g_assert_cmpuint (info.phys_mask, ==, 0x3fff00000000);
  g_assert_true (info.contiguous);
  g_assert_cmpuint (info.block_size, ==, 4 * GB);
  g_assert_true (info.has_programmed);
  g_assert_cmpuint (info.programmed.start, ==, 128 * MB);
  g_assert_cmpuint (info.programmed.end, ==, 128 * MB + 4 * GB);
  g_assert_cmpuint (info.n_matched, ==, 1);
  g_assert_cmpuint (info.n_shown, ==, 1);
  g_assert_cmpuint (info.matched[0].start, ==, 0);
  g_assert_cmpuint (info.matched[0].end, ==, 4 * GB);
  g_assert_cmpuint (info.ignored_base_bits, ==, 128 * MB);
  g_assert_cmpuint (info.base_reserved | info.mask_reserved, ==, 0);
  g_assert_cmpuint (info.base_above_width | info.mask_above_width, ==, 0);

  /* Pair 2: programmed at 4 GiB, mask for 16 GiB: [0, 16 GiB). */
  mv_mtrr_pair_decode (state, 2, &info);
  g_assert_cmpuint (info.block_size, ==, 16 * GB);
  g_assert_cmpuint (info.matched[0].start, ==, 0);
  g_assert_cmpuint (info.matched[0].end, ==, 16 * GB);

  /* Pair 0 is aligned: programmed == matched. */
  mv_mtrr_pair_decode (state, 0, &info);
  g_assert_cmpuint (info.ignored_base_bits, ==, 0);
  g_assert_cmpuint (info.programmed.start, ==, info.matched[0].start);
  g_assert_cmpuint (info.programmed.end, ==, info.matched[0].end);

  /* A pair never set decodes as off. */
  mv_mtrr_pair_decode (state, 6, &info);
  g_assert_false (info.valid);
  g_assert_true (info.implemented);
  mv_mtrr_pair_decode (state, 8, &info);
  g_assert_false (info.implemented);
}

static void
test_decode_raw_bits (void)
{
  /* Width 36; base with reserved bits 11:8 and a bit above 36; mask with
   * reserved bit 0, a bit above 36 and a hole at bit 33. */
  static const MvMtrrPair pairs[] = {
    { ((guint64) 1 << 40) | 0x300 | 0x10000000 | 2,
      (contiguous_mask_const (36, 256 * MB) & ~((guint64) 1 << 33)) | ((guint64) 1 << 50) | 1 },
  };
  g_autoptr(MvMtrrState) state = raw_state (36, 0x800, pairs, 1);
  MvMtrrPairInfo info;

  mv_mtrr_pair_decode (state, 0, &info);
  g_assert_cmpuint (info.type, ==, 2);
  g_assert_cmpuint (info.base_reserved, ==, 0x300);
  g_assert_cmpuint (info.mask_reserved, ==, 1);
  g_assert_cmpuint (info.base_above_width, ==, (guint64) 1 << 40);
  g_assert_cmpuint (info.mask_above_width, ==, (guint64) 1 << 50);
  g_assert_cmpuint (info.phys_base, ==, 0x10000000);
  g_assert_cmpuint (info.phys_mask, ==, 0xdf0000000);
  g_assert_false (info.contiguous);
  g_assert_false (info.has_programmed);
  g_assert_cmpuint (info.block_size, ==, 256 * MB);
  g_assert_cmpuint (info.n_matched, ==, 2);
  g_assert_cmpuint (info.n_shown, ==, 2);
  g_assert_cmpuint (info.matched[0].start, ==, 0x10000000);
  g_assert_cmpuint (info.matched[0].end, ==, 0x20000000);
  g_assert_cmpuint (info.matched[1].start, ==, 0x210000000);
  g_assert_cmpuint (info.matched[1].end, ==, 0x220000000);
  g_assert_cmpuint (info.matched_span.start, ==, 0x10000000);
  g_assert_cmpuint (info.matched_span.end, ==, 0x220000000);
  g_assert_cmpuint (info.ignored_base_bits, ==, 0);
}

/* ---- brute force ---- */

/* The SDM's rules evaluated for one address, written independently of the
 * library: the fixed register by arithmetic, then every pair. */
static guint
brute_type (const MvMtrrState *s,
            guint64            a,
            guint64           *matched_pairs)  /* bitmap of pairs 0..63 */
{
  guint64 addr_mask = (((guint64) 1 << s->width) - 1) & ~(guint64) 0xfff;
  guint vcnt = s->cap & 0xff;
  guint types[64];
  guint n = 0;
  gboolean all_same = TRUE, any_uc = FALSE, wt_wb = TRUE;

  *matched_pairs = 0;
  if (!(s->def_type & (1 << 11)))
    return UC;
  if ((s->def_type & (1 << 10)) && a < 0x100000)
    {
      guint reg, byte;

      if (a < 0x80000)
        {
          reg = 0;
          byte = (guint) (a >> 16);
        }
      else if (a < 0xC0000)
        {
          reg = 1 + (guint) ((a - 0x80000) / 0x20000);
          byte = (guint) (((a - 0x80000) % 0x20000) >> 14);
        }
      else
        {
          reg = 3 + (guint) ((a - 0xC0000) >> 15);
          byte = (guint) (((a - 0xC0000) & 0x7fff) >> 12);
        }
      return (guint) ((s->fixed[reg] >> (8 * byte)) & 0xff);
    }

  for (guint i = 0; i < s->pairs->len && i < vcnt && i < 64; i++)
    {
      const MvMtrrPair *p = &g_array_index (s->pairs, MvMtrrPair, i);
      guint64 m = p->mask & addr_mask;

      if (!(p->mask & 0x800) || (a & m) != (p->base & m))
        continue;
      *matched_pairs |= (guint64) 1 << i;
      types[n++] = p->base & 0xff;
    }
  if (n == 0)
    return s->def_type & 0xff;
  for (guint i = 0; i < n; i++)
    {
      if (types[i] != types[0])
        all_same = FALSE;
      if (types[i] == UC)
        any_uc = TRUE;
      if (types[i] != WT && types[i] != WB)
        wt_wb = FALSE;
    }
  if (all_same)
    return types[0];
  if (any_uc)
    return UC;
  if (wt_wb)
    return WT;
  return UNDEF;
}

static void
check_address (const MvMtrrState      *state,
               const MvEffectiveRange *r,
               guint64                 a)
{
  guint64 brute_pairs;
  guint brute = brute_type (state, a, &brute_pairs);
  MvEffectiveRange at;

  if (r->type != brute)
    g_error ("address 0x%" G_GINT64_MODIFIER "x: map says %s, brute force %s", a,
             mv_mem_type_name (r->type), mv_mem_type_name (brute));
  if (r->rule >= MV_EFFECTIVE_RULE_SINGLE)
    g_assert_cmpuint (r->pairs.bits[0], ==, brute_pairs);
  else if (r->rule == MV_EFFECTIVE_RULE_DEFAULT)
    g_assert_cmpuint (brute_pairs, ==, 0);

  mv_effective_at (state, a, MV_PAT_NONE, &at);
  g_assert_cmpuint (at.type, ==, brute);
  g_assert_cmpint (at.rule, ==, r->rule);
}

static guint
random_type (GRand *rand)
{
  static const guint types[] = { UC, WC, WT, WP, WB, WB, WB, UC, WT, 2, 7 };
  return types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))];
}

static guint64
random_u64 (GRand *rand)
{
  return ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
}

static MvMtrrState *
random_state (GRand *rand)
{
  MvMtrrState *s = mv_mtrr_state_new ();
  guint width = (guint) g_rand_int_range (rand, 36, 53);
  guint vcnt = (guint) g_rand_int_range (rand, 1, 11);
  guint n_pairs = (guint) g_rand_int_range (rand, 0, vcnt + 3);
  guint64 limit = (guint64) 1 << width;

  mv_mtrr_state_set_width (s, width);
  g_assert_true (mv_mtrr_state_set_vcnt (s, vcnt, NULL));
  s->def_type = random_type (rand)
                | (g_rand_int_range (rand, 0, 10) ? MV_MTRR_DEF_TYPE_E : 0)
                | (g_rand_boolean (rand) ? MV_MTRR_DEF_TYPE_FE : 0);
  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    {
      s->fixed[i] = 0;
      for (guint b = 0; b < 8; b++)
        s->fixed[i] |= (guint64) random_type (rand) << (8 * b);
    }

  for (guint n = 0; n < n_pairs; n++)
    {
      /* Sizes spread over the whole range, low addresses more often. */
      guint k = (guint) g_rand_int_range (rand, 12, width + 1);
      guint64 mask = (limit - 1) & ~(((guint64) 1 << k) - 1);
      guint64 base;

      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          /* Holes: clear up to 7 bits above k. */
          for (guint h = g_rand_int_range (rand, 1, 8); h > 0 && k < width; h--)
            mask &= ~((guint64) 1 << g_rand_int_range (rand, k, width));
        }
      if (g_rand_int_range (rand, 0, 5) == 0 && k > 12)
        {
          /* An extra low bit: smaller blocks, a few more of them. */
          guint low = (guint) g_rand_int_range (rand, MAX (12, (int) k - 4), k);
          mask |= (guint64) 1 << low;
        }
      base = random_u64 (rand) & (limit - 1) & ~(guint64) 0xfff;
      if (g_rand_boolean (rand))
        base &= g_rand_boolean (rand) ? mask : ((guint64) 1 << g_rand_int_range (rand, 20, width)) - 1;
      if (g_rand_int_range (rand, 0, 10) == 0)
        base |= random_u64 (rand) & ~(limit - 1);   /* bits above the width */
      if (g_rand_int_range (rand, 0, 10) != 0)
        mask |= MV_MTRR_MASK_VALID;
      g_assert_true (mv_mtrr_state_set_pair (s, n, base | random_type (rand), mask, NULL));
    }
  return s;
}

static void
check_map_against_brute (const MvMtrrState    *state,
                         const MvEffectiveMap *map,
                         GRand                *rand)
{
  guint64 expect = map->start;

  for (guint i = 0; i < map->ranges->len; i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
      guint64 len = r->range.end - r->range.start;

      /* Adjacent, non-empty, maximal. */
      g_assert_cmpuint (r->range.start, ==, expect);
      g_assert_cmpuint (r->range.end, >, r->range.start);
      g_assert_cmpuint (r->range.start & 0xfff, ==, 0);
      g_assert_cmpuint (r->range.end & 0xfff, ==, 0);
      if (i > 0)
        {
          const MvEffectiveRange *p = &g_array_index (map->ranges, MvEffectiveRange, i - 1);

          g_assert_false (p->type == r->type && p->rule == r->rule
                          && p->fixed_index == r->fixed_index
                          && memcmp (&p->pairs, &r->pairs, sizeof r->pairs) == 0);
        }
      expect = r->range.end;

      /* Boundaries and a few random points inside. */
      check_address (state, r, r->range.start);
      check_address (state, r, r->range.end - 1);
      check_address (state, r, r->range.start + (len - 1) / 2);
      if (i < 64)
        check_address (state, r, r->range.start + random_u64 (rand) % len);
    }
  if (!map->truncated)
    g_assert_cmpuint (expect, ==, map->end);
}

static void
test_brute_force (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  guint rules[MV_EFFECTIVE_RULE_UNDEFINED + 1] = { 0 };
  guint truncated = 0, noncontiguous = 0, misaligned = 0, ranges = 0;

  for (guint iter = 0; iter < 1000; iter++)
    {
      g_autoptr(MvMtrrState) state = random_state (rand);
      guint64 limit = mv_mtrr_state_address_limit (state);
      g_autoptr(MvEffectiveMap) map = mv_effective_map_new (state, 0, G_MAXUINT64, 4096,
                                                            MV_PAT_NONE);

      check_map_against_brute (state, map, rand);
      truncated += map->truncated;
      ranges += map->ranges->len;
      for (guint i = 0; i < map->ranges->len; i++)
        rules[g_array_index (map->ranges, MvEffectiveRange, i).rule]++;
      for (guint n = 0; n < mv_mtrr_state_get_n_pairs (state); n++)
        {
          MvMtrrPairInfo info;

          mv_mtrr_pair_decode (state, n, &info);
          noncontiguous += info.valid && !info.contiguous;
          misaligned += info.valid && info.ignored_base_bits != 0;
        }

      /* Random addresses, each in its own window map and in the whole map. */
      for (guint j = 0; j < 40; j++)
        {
          guint64 a = random_u64 (rand) % limit;
          g_autoptr(MvEffectiveMap) window = NULL;
          const MvEffectiveRange *r;

          if (j % 4 == 0)
            a %= 2 * MB;  /* the fixed ranges and their edge */
          window = mv_effective_map_new (state, a, a + 1 + random_u64 (rand) % (64 * GB), 64,
                                         MV_PAT_NONE);
          check_map_against_brute (state, window, rand);
          r = mv_effective_map_lookup (window, a);
          g_assert_nonnull (r);
          check_address (state, r, a);

          r = mv_effective_map_lookup (map, a);
          if (r != NULL)
            check_address (state, r, a);
          else
            g_assert_true (map->truncated);
        }

      /* The edges of every pair's first and last matched ranges. */
      for (guint n = 0; n < mv_mtrr_state_get_n_pairs (state); n++)
        {
          MvMtrrPairInfo info;
          MvRange m[2];

          mv_mtrr_pair_decode (state, n, &info);
          mv_mtrr_pair_nth_matched (&info, 0, &m[0]);
          mv_mtrr_pair_nth_matched (&info, info.n_matched - 1, &m[1]);
          for (guint e = 0; e < 2; e++)
            {
              guint64 points[] = { m[e].start - 1, m[e].start, m[e].end - 1, m[e].end };

              for (guint p = 0; p < G_N_ELEMENTS (points); p++)
                {
                  MvEffectiveRange at;
                  guint64 bp;

                  if (points[p] >= limit)
                    continue;
                  mv_effective_at (state, points[p], MV_PAT_NONE, &at);
                  g_assert_cmpuint (at.type, ==, brute_type (state, points[p], &bp));
                }
            }
        }
    }

  /* The random states reach every rule and the awkward shapes. */
  g_test_message ("%u ranges, %u truncated maps, %u non-contiguous and %u misaligned pairs",
                  ranges, truncated, noncontiguous, misaligned);
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    g_assert_cmpuint (rules[r], >, 0);
  g_assert_cmpuint (noncontiguous, >, 50);
  g_assert_cmpuint (misaligned, >, 50);
}

/* The explanation's result agrees with the brute force too. */
static void
test_explain_brute_force (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint iter = 0; iter < 200; iter++)
    {
      g_autoptr(MvMtrrState) state = random_state (rand);
      guint64 a = random_u64 (rand) % mv_mtrr_state_address_limit (state);
      g_autoptr(MvExplanation) ex = NULL;
      const MvExplainStep *last;
      guint64 bp;

      if (iter % 3 == 0)
        a %= 2 * MB;
      ex = mv_explain_address (state, a, MV_PAT_NONE, NULL);
      g_assert_nonnull (ex);
      g_assert_cmpuint (ex->result.type, ==, brute_type (state, a, &bp));
      last = g_ptr_array_index (ex->steps, ex->steps->len - 1);
      g_assert_cmpint (last->kind, ==, MV_EXPLAIN_STEP_PRECEDENCE);
      g_assert_cmpuint (last->type, ==, ex->result.type);

      /* Each compared pair's verdict is the masked compare. */
      for (guint i = 0; i < ex->steps->len; i++)
        {
          const MvExplainStep *s = g_ptr_array_index (ex->steps, i);

          if (s->kind != MV_EXPLAIN_STEP_VARIABLE || !s->compared)
            continue;
          g_assert_cmpuint (s->addr_masked, ==, a & s->compare_mask);
          g_assert_cmpint (s->match, ==, s->addr_masked == s->base_masked);
          g_assert_cmpint (s->match, ==, (bp >> s->index) & 1);
        }
    }
}

/* ---- PAT ---- */

static void
test_pat_table (void)
{
  /* Intel SDM vol. 3A Table 11-7, row by row: MTRR type x PAT entry. */
  static const struct { guint mtrr, pat, result; } table[] = {
    { UC, UC, UC }, { UC, 7, UC }, { UC, WC, WC }, { UC, WT, UC }, { UC, WB, UC }, { UC, WP, UC },
    { WC, UC, UC }, { WC, 7, WC }, { WC, WC, WC }, { WC, WT, UC }, { WC, WB, WC }, { WC, WP, UC },
    { WT, UC, UC }, { WT, 7, UC }, { WT, WC, WC }, { WT, WT, WT }, { WT, WB, WT }, { WT, WP, WP },
    { WB, UC, UC }, { WB, 7, UC }, { WB, WC, WC }, { WB, WT, WT }, { WB, WB, WB }, { WB, WP, WP },
    { WP, UC, UC }, { WP, 7, WC }, { WP, WC, WC }, { WP, WT, WT }, { WP, WB, WP }, { WP, WP, WP },
    /* Undefined or reserved inputs. */
    { UNDEF, WB, UNDEF }, { 2, WB, UNDEF }, { WB, 2, UNDEF }, { WB, 3, UNDEF }, { WB, 8, UNDEF },
  };
  /* The reset PAT: WB, WT, UC-, UC, WB, WT, UC-, UC. */
  static const guint reset[8] = { WB, WT, 7, UC, WB, WT, 7, UC };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_cmpuint (mv_mem_type_combine_pat (table[i].mtrr, table[i].pat), ==, table[i].result);

  for (guint i = 0; i < 8; i++)
    g_assert_cmpuint (mv_pat_entry (MV_PAT_RESET, i), ==, reset[i]);
  g_assert_cmpstr (mv_pat_type_name (7), ==, "UC-");
  g_assert_true (mv_pat_type_is_reserved (2));
  g_assert_false (mv_pat_type_is_reserved (7));
}

static void
test_pat_map (void)
{
  g_autoptr(MvMtrrState) state = openvmm_default_state (NULL);
  g_autoptr(MvEffectiveMap) map = mv_effective_map_new (state, 0, G_MAXUINT64, 0, WC);
  g_autoptr(MvEffectiveMap) uc_minus = mv_effective_map_new (state, 0, G_MAXUINT64, 0,
                                                             (gint) mv_pat_entry (MV_PAT_RESET, 2));
  const MvEffectiveRange *r;

  g_assert_true (map->has_pat);
  g_assert_cmpuint (map->pat_type, ==, WC);
  /* WB with WC -> WC, UC with WC -> WC (Table 11-7). */
  r = mv_effective_map_lookup (map, 2 * GB);
  g_assert_cmpuint (r->type, ==, WB);
  g_assert_cmpuint (r->combined, ==, WC);
  r = mv_effective_map_lookup (map, 32 * GB);
  g_assert_cmpuint (r->type, ==, UC);
  g_assert_cmpuint (r->combined, ==, WC);

  /* UC- (reset PAT entry 2): WB -> UC. */
  r = mv_effective_map_lookup (uc_minus, 2 * GB);
  g_assert_cmpuint (r->combined, ==, UC);
  /* Without a PAT entry the combined type is the MTRR type. */
  {
    g_autoptr(MvEffectiveMap) plain = mv_effective_map_new (state, 0, G_MAXUINT64, 0, MV_PAT_NONE);

    g_assert_false (plain->has_pat);
    r = mv_effective_map_lookup (plain, 2 * GB);
    g_assert_cmpuint (r->combined, ==, WB);
  }
}

/* ---- explain ---- */

static const MvExplainStep *
step (const MvExplanation *ex,
      guint                i)
{
  g_assert_cmpuint (i, <, ex->steps->len);
  return g_ptr_array_index (ex->steps, i);
}

static void
test_explain_low_mmio (void)
{
  g_autoptr(MvMtrrState) state = openvmm_default_state (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvExplanation) ex = mv_explain_address (state, 0xF8000000, MV_PAT_NONE, &error);
  const MvExplainStep *s;

  g_assert_no_error (error);
  g_assert_cmpuint (ex->address, ==, 0xF8000000);
  g_assert_cmpuint (ex->width, ==, 46);
  g_assert_cmpuint (ex->result.type, ==, WB);
  g_assert_cmpint (ex->result.rule, ==, R_SAME);
  /* MtrrDefType, pairs 0..2, precedence. */
  g_assert_cmpuint (ex->steps->len, ==, 5);

  s = step (ex, 0);
  g_assert_cmpint (s->kind, ==, MV_EXPLAIN_STEP_DEF_TYPE);
  g_assert_cmpstr (s->registers, ==, "MtrrDefType");
  g_assert_cmpuint (s->value, ==, 0xc00);
  g_assert_nonnull (strstr (s->text, "E (bit 11) is set"));

  /* Pair 0: 0xF8000000 & 0x3ffff8000000 = 0xF8000000 vs 0: no match. */
  s = step (ex, 1);
  g_assert_cmpint (s->kind, ==, MV_EXPLAIN_STEP_VARIABLE);
  g_assert_cmpstr (s->registers, ==, "MtrrPhysBase0/MtrrPhysMask0");
  g_assert_true (s->compared);
  g_assert_cmpuint (s->compare_mask, ==, 0x3ffff8000000);
  g_assert_cmpuint (s->addr_masked, ==, 0xF8000000);
  g_assert_cmpuint (s->base_masked, ==, 0);
  g_assert_false (s->match);
  g_assert_nonnull (strstr (s->text, "does not match"));

  /* Pair 1: 0xF8000000 & 0x3fff00000000 = 0 = 0x8000000 & mask: match. */
  s = step (ex, 2);
  g_assert_cmpstr (s->registers, ==, "MtrrPhysBase1/MtrrPhysMask1");
  g_assert_cmpuint (s->value, ==, 0x8000006);
  g_assert_cmpuint (s->mask, ==, 0x3fff00000800);
  g_assert_cmpuint (s->compare_mask, ==, 0x3fff00000000);
  g_assert_cmpuint (s->addr_masked, ==, 0);
  g_assert_cmpuint (s->base_masked, ==, 0);
  g_assert_true (s->match);
  g_assert_cmpuint (s->type, ==, WB);
  g_assert_nonnull (strstr (s->text, "matches"));
  g_assert_nonnull (strstr (s->text, "[0x0, 0x100000000)"));
  g_assert_nonnull (strstr (s->text, "programmed at 0x8000000"));

  s = step (ex, 3);
  g_assert_cmpstr (s->registers, ==, "MtrrPhysBase2/MtrrPhysMask2");
  g_assert_true (s->match);

  s = step (ex, 4);
  g_assert_cmpint (s->kind, ==, MV_EXPLAIN_STEP_PRECEDENCE);
  g_assert_null (s->registers);
  g_assert_cmpuint (s->type, ==, WB);
  g_assert_nonnull (strstr (s->text, "same type"));
}

static void
test_explain_fixed (void)
{
  g_autoptr(MvMtrrState) state = openvmm_default_state (NULL);
  g_autoptr(MvExplanation) ex = mv_explain_address (state, 0x9F123, WC, NULL);
  const MvExplainStep *s;

  g_assert_cmpuint (ex->steps->len, ==, 4);
  s = step (ex, 1);
  g_assert_cmpint (s->kind, ==, MV_EXPLAIN_STEP_FIXED);
  g_assert_cmpstr (s->registers, ==, "MtrrFix16k80000");
  g_assert_cmpuint (s->index, ==, 1);
  g_assert_cmpuint (s->value, ==, 0x0606060606060606);
  g_assert_cmpuint (s->type, ==, WB);
  g_assert_nonnull (strstr (s->text, "piece 7"));
  g_assert_nonnull (strstr (s->text, "[0x9c000, 0xa0000)"));
  g_assert_nonnull (strstr (s->text, "bits 63:56"));

  s = step (ex, 2);
  g_assert_cmpint (s->kind, ==, MV_EXPLAIN_STEP_PRECEDENCE);
  g_assert_cmpint (ex->result.rule, ==, R_FIXED);

  s = step (ex, 3);
  g_assert_cmpint (s->kind, ==, MV_EXPLAIN_STEP_PAT);
  g_assert_cmpuint (s->type, ==, WC);
  g_assert_cmpuint (ex->result.combined, ==, WC);
}

static void
test_explain_special (void)
{
  static const MvMtrrPair pairs[] = {
    { 0 | WB, contiguous_mask_const (36, 1 * GB) },
    { 0 | UC, contiguous_mask_const (36, 1 * GB) & ~MV_MTRR_MASK_VALID },
    { 0 | UC, contiguous_mask_const (36, 1 * GB) },
  };
  g_autoptr(MvMtrrState) state = raw_state (36, 0x800, pairs, 3);
  g_autoptr(MvExplanation) ex = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mv_mtrr_state_set_vcnt (state, 2, NULL));
  ex = mv_explain_address (state, 0x1000, MV_PAT_NONE, &error);
  g_assert_no_error (error);
  /* Pair 1 is off, pair 2 is beyond VCNT: pair 0 alone decides. */
  g_assert_false (step (ex, 2)->compared);
  g_assert_nonnull (strstr (step (ex, 2)->text, "V bit"));
  g_assert_false (step (ex, 3)->compared);
  g_assert_nonnull (strstr (step (ex, 3)->text, "VCNT = 2"));
  g_assert_cmpuint (ex->result.type, ==, WB);
  g_assert_cmpint (ex->result.rule, ==, R_SINGLE);
  g_clear_pointer (&ex, mv_explanation_free);

  /* E clear: two steps. */
  state->def_type = 0x406;
  ex = mv_explain_address (state, 0x1000, MV_PAT_NONE, NULL);
  g_assert_cmpuint (ex->steps->len, ==, 2);
  g_assert_nonnull (strstr (step (ex, 0)->text, "disabled"));
  g_assert_cmpuint (ex->result.type, ==, UC);
  g_clear_pointer (&ex, mv_explanation_free);

  /* Beyond MAXPHYADDR. */
  ex = mv_explain_address (state, (guint64) 1 << 36, MV_PAT_NONE, &error);
  g_assert_null (ex);
  g_assert_error (error, MV_EFFECTIVE_ERROR, MV_EFFECTIVE_ERROR_ADDRESS_TOO_HIGH);
}

static void
test_format_binary (void)
{
  g_autofree char *a = mv_format_binary (0x8000006, 36);
  g_autofree char *b = mv_format_binary (0x5, 3);
  g_autofree char *c = mv_format_binary (G_MAXUINT64, 64);

  g_assert_cmpstr (a, ==, "0000_0000_1000_0000_0000_0000_0000_0000_0110");
  g_assert_cmpuint (strlen (a), ==, 36 + 8);
  g_assert_cmpstr (b, ==, "101");
  g_assert_cmpuint (strlen (c), ==, 64 + 15);
}

/* ---- types ---- */

static void
test_type_names (void)
{
  guint t = 99;

  g_assert_cmpstr (mv_mem_type_name (UC), ==, "UC");
  g_assert_cmpstr (mv_mem_type_name (WC), ==, "WC");
  g_assert_cmpstr (mv_mem_type_name (WT), ==, "WT");
  g_assert_cmpstr (mv_mem_type_name (WP), ==, "WP");
  g_assert_cmpstr (mv_mem_type_name (WB), ==, "WB");
  g_assert_cmpstr (mv_mem_type_name (UNDEF), ==, "undefined");
  g_assert_cmpstr (mv_mem_type_name (2), ==, "reserved(2)");
  g_assert_cmpstr (mv_mem_type_name (7), ==, "reserved(7)");
  g_assert_true (mv_mem_type_is_reserved (3));
  g_assert_true (mv_mem_type_is_reserved (255));
  g_assert_false (mv_mem_type_is_reserved (WB));
  g_assert_true (mv_mem_type_from_string ("wb", &t));
  g_assert_cmpuint (t, ==, WB);
  g_assert_true (mv_mem_type_from_string ("uncachable", &t));
  g_assert_cmpuint (t, ==, UC);
  g_assert_false (mv_mem_type_from_string ("XX", &t));
  g_assert_cmpstr (mv_effective_rule_name (R_WT), ==, "wt-wins");
}

/* ---- diagnostics ---- */

static const MvDiagnostic *
find_diag (GPtrArray        *diags,
           MvDiagnosticKind  kind,
           guint64           start,
           guint64           end)
{
  for (guint i = 0; i < diags->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diags, i);

      if (d->kind != kind)
        continue;
      if (end == 0 || (d->has_range && d->range.start == start && d->range.end == end))
        return d;
    }
  return NULL;
}

static guint
count_diags (GPtrArray        *diags,
             MvDiagnosticKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < diags->len; i++)
    n += ((const MvDiagnostic *) g_ptr_array_index (diags, i))->kind == kind;
  return n;
}

static void
assert_diag_ok (const MvDiagnostic *d,
                MvSeverity          severity)
{
  g_assert_nonnull (d);
  g_assert_cmpint (d->severity, ==, severity);
  g_assert_nonnull (d->message);
  g_assert_cmpuint (strlen (d->message), >, 20);
  g_assert_nonnull (d->reference);
  g_assert_cmpuint (strlen (d->reference), >, 10);
}

static void
test_diag_openvmm_default (void)
{
  MvLayout *layout_ptr = NULL;
  g_autoptr(MvMtrrState) state = openvmm_default_state (&layout_ptr);
  g_autoptr(MvLayout) layout = layout_ptr;
  g_autoptr(GPtrArray) diags = mv_diagnose (state, layout);
  const MvDiagnostic *d;

  /* The low MMIO gap is WB: an error naming pair 1. */
  d = find_diag (diags, MV_DIAG_MMIO_CACHED, 0xF8000000, 0x100000000);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_nonnull (strstr (d->registers, "MtrrPhysBase1/MtrrPhysMask1"));
  g_assert_nonnull (strstr (d->message, "MMIO gap"));
  /* So is the high gap [0x208000000, 0x228000000), through pair 2's
   * 16 GiB block. */
  d = find_diag (diags, MV_DIAG_MMIO_CACHED, 0x208000000, 0x228000000);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_cmpstr (d->registers, ==, "MtrrPhysBase2/MtrrPhysMask2");

  /* RAM at 640 KiB - 1 MiB is UC under linux-direct. */
  d = find_diag (diags, MV_DIAG_RAM_NOT_WB, 0xA0000, 0x100000);
  assert_diag_ok (d, MV_SEVERITY_WARNING);
  g_assert_nonnull (strstr (d->message, "UC"));
  g_assert_cmpuint (count_diags (diags, MV_DIAG_RAM_NOT_WB), ==, 1);

  /* Pairs 1 and 2 are misaligned. */
  d = find_diag (diags, MV_DIAG_MISALIGNED_BASE, 0, 4 * GB);
  assert_diag_ok (d, MV_SEVERITY_WARNING);
  g_assert_cmpstr (d->registers, ==, "MtrrPhysBase1/MtrrPhysMask1");
  g_assert_nonnull (strstr (d->message, "0x8000000"));
  d = find_diag (diags, MV_DIAG_MISALIGNED_BASE, 0, 16 * GB);
  assert_diag_ok (d, MV_SEVERITY_WARNING);
  g_assert_cmpuint (count_diags (diags, MV_DIAG_MISALIGNED_BASE), ==, 2);

  g_assert_true (mv_diagnostics_have_errors (diags));
  g_assert_cmpuint (count_diags (diags, MV_DIAG_UNDEFINED_OVERLAP), ==, 0);
  g_assert_cmpuint (count_diags (diags, MV_DIAG_RESERVED_TYPE), ==, 0);
  g_assert_cmpuint (diags->len, ==, 5);
}

/* Each diagnostic carries its number in the list, from 1: what a picture's
 * mark and a window's row find each other by, whatever their words. */
static void
test_diag_ids (void)
{
  MvLayout *layout_ptr = NULL;
  g_autoptr(MvMtrrState) state = openvmm_default_state (&layout_ptr);
  g_autoptr(MvLayout) layout = layout_ptr;
  g_autoptr(GPtrArray) diags = mv_diagnose (state, layout);

  g_assert_cmpuint (diags->len, >, 1);
  for (guint i = 0; i < diags->len; i++)
    g_assert_cmpuint (((const MvDiagnostic *) g_ptr_array_index (diags, i))->id, ==, i + 1);
}

/* A clean state: no diagnostics at all. */
static void
test_diag_clean (void)
{
  static const MvMtrrPair pairs[] = {
    { 0 | WB, contiguous_mask_const (46, 2 * GB) },
  };
  g_autoptr(MvMtrrState) state = raw_state (46, 0xc00, pairs, 1);
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    state->fixed[i] = 0x0606060606060606;
  layout = mv_layout_new (2 * GB, &low_gap, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  diags = mv_diagnose (state, layout);
  for (guint i = 0; i < diags->len; i++)
    g_printerr ("unexpected: %s\n", ((MvDiagnostic *) g_ptr_array_index (diags, i))->message);
  g_assert_cmpuint (diags->len, ==, 0);
  g_assert_false (mv_diagnostics_have_errors (diags));
}

static void
test_diag_ram_not_wb (void)
{
  /* 4 GiB of RAM, WB pair covers 2 GiB only: [2 GiB, 0xF8000000) and the
   * RAM above 4 GiB are UC by default. */
  static const MvMtrrPair pairs[] = {
    { 0 | WB, contiguous_mask_const (46, 2 * GB) },
  };
  g_autoptr(MvMtrrState) state = raw_state (46, 0x800, pairs, 1);
  g_autoptr(MvLayout) layout = mv_layout_new (4 * GB, &low_gap, 1, NULL, 0, NULL, 0, NULL, NULL);
  g_autoptr(GPtrArray) diags = mv_diagnose (state, layout);
  const MvDiagnostic *d;

  d = find_diag (diags, MV_DIAG_RAM_NOT_WB, 2 * GB, 0xF8000000);
  assert_diag_ok (d, MV_SEVERITY_WARNING);
  g_assert_cmpstr (d->registers, ==, "MtrrDefType");
  d = find_diag (diags, MV_DIAG_RAM_NOT_WB, 4 * GB, 4 * GB + 128 * MB);
  assert_diag_ok (d, MV_SEVERITY_WARNING);
  g_assert_false (mv_diagnostics_have_errors (diags));
}

/* 1 GiB of RAM under OpenVMM's 128 MiB low gap: OpenVMM's pairs make
 * [1 GiB, 0xF8000000), which the guest is not given, write-back; memviz
 * solve counts it, and check reports it beside the WB MMIO gap. */
static void
test_diag_hole_wb (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvLayout) layout = mv_layout_new (1 * GB, &low_gap, 1, NULL, 0, NULL, 0, NULL, &error);
  g_autoptr(MvMtrrState) state = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  g_autoptr(MvMtrrState) clean = NULL;
  g_autoptr(GPtrArray) clean_diags = NULL;
  static const MvMtrrPair exact[] = {
    { 0 | WB, contiguous_mask_const (46, 1 * GB) },
  };
  const MvDiagnostic *d;

  g_assert_no_error (error);
  state = mv_mtrr_state_new_for_guest (layout, 46, low_gap, (MvRange) { 0, 0 },
                                       MV_MTRR_PROFILE_LINUX_DIRECT, 8, &error);
  g_assert_no_error (error);
  diags = mv_diagnose (state, layout);
  d = find_diag (diags, MV_DIAG_HOLE_WB, 1 * GB, 0xF8000000);
  assert_diag_ok (d, MV_SEVERITY_WARNING);
  g_assert_nonnull (strstr (d->message, "not given"));
  g_assert_nonnull (strstr (d->registers, "MtrrPhysBase"));
  g_assert_cmpuint (count_diags (diags, MV_DIAG_HOLE_WB), ==, 1);
  g_assert_cmpstr (mv_diagnostic_kind_name (MV_DIAG_HOLE_WB), ==, "hole-wb");
  /* The MMIO gap is still its own error. */
  assert_diag_ok (find_diag (diags, MV_DIAG_MMIO_CACHED, 0xF8000000, 0x100000000), MV_SEVERITY_ERROR);

  /* A hole left UC is no finding. */
  clean = raw_state (46, 0x800, exact, 1);
  clean_diags = mv_diagnose (clean, layout);
  g_assert_cmpuint (count_diags (clean_diags, MV_DIAG_HOLE_WB), ==, 0);
}

static void
test_diag_ecam_pci_vtl2 (void)
{
  /* Everything WB (a valid-bit-only mask): ECAM, PCI MMIO and VTL2 ranges
   * are all flagged. */
  static const MvMtrrPair pairs[] = { { 0 | WB, MV_MTRR_MASK_VALID } };
  MvRange ecam = { 5 * GB, 5 * GB + 256 * MB };
  MvRange pci = { 6 * GB, 7 * GB };
  MvRange vtl2 = { 8 * GB, 8 * GB + 64 * MB };
  g_autoptr(MvMtrrState) state = raw_state (46, 0x800, pairs, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvLayout) layout = mv_layout_new (2 * GB, &low_gap, 1, &ecam, 1, &pci, 1, &vtl2,
                                              &error);
  g_autoptr(GPtrArray) diags = NULL;
  const MvDiagnostic *d;

  g_assert_no_error (error);
  diags = mv_diagnose (state, layout);
  d = find_diag (diags, MV_DIAG_MMIO_CACHED, ecam.start, ecam.end);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_nonnull (strstr (d->message, "PCI ECAM"));
  d = find_diag (diags, MV_DIAG_MMIO_CACHED, pci.start, pci.end);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_nonnull (strstr (d->message, "PCI MMIO"));
  d = find_diag (diags, MV_DIAG_MMIO_CACHED, vtl2.start, vtl2.end);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_nonnull (strstr (d->message, "VTL2"));
  d = find_diag (diags, MV_DIAG_MATCHES_EVERYTHING, 0, 1ull << 46);
  assert_diag_ok (d, MV_SEVERITY_WARNING);
}

static void
test_diag_mmio_wt (void)
{
  /* WT is cached too; WC and UC are fine on MMIO. */
  static const MvMtrrPair pairs[] = {
    { 0xF8000000 | WT, contiguous_mask_const (46, 64 * MB) },
    { 0xFC000000 | WC, contiguous_mask_const (46, 64 * MB) },
  };
  g_autoptr(MvMtrrState) state = raw_state (46, 0x800, pairs, 2);
  g_autoptr(MvLayout) layout = mv_layout_new (1 * GB, &low_gap, 1, NULL, 0, NULL, 0, NULL, NULL);
  g_autoptr(GPtrArray) diags = mv_diagnose (state, layout);
  const MvDiagnostic *d;

  d = find_diag (diags, MV_DIAG_MMIO_CACHED, 0xF8000000, 0xFC000000);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_nonnull (strstr (d->message, "WT"));
  g_assert_cmpuint (count_diags (diags, MV_DIAG_MMIO_CACHED), ==, 1);
}

static void
test_diag_misaligned (void)
{
  static const MvMtrrPair pairs[] = { { 48 * MB | WB, contiguous_mask_const (36, 32 * MB) } };
  g_autoptr(MvMtrrState) state = raw_state (36, 0x800, pairs, 1);
  g_autoptr(GPtrArray) diags = mv_diagnose (state, NULL);
  const MvDiagnostic *d = find_diag (diags, MV_DIAG_MISALIGNED_BASE, 32 * MB, 64 * MB);

  assert_diag_ok (d, MV_SEVERITY_WARNING);
  g_assert_nonnull (strstr (d->message, "[0x2000000, 0x4000000)"));
  g_assert_nonnull (strstr (d->message, "[0x3000000, 0x5000000)"));
  g_assert_cmpuint (diags->len, ==, 1);
}

static void
test_diag_noncontiguous (void)
{
  static const MvMtrrPair pairs[] = {
    { 0 | WB, contiguous_mask_const (36, 1 * MB) & ~((guint64) 1 << 30) },
  };
  g_autoptr(MvMtrrState) state = raw_state (36, 0x800, pairs, 1);
  g_autoptr(GPtrArray) diags = mv_diagnose (state, NULL);
  const MvDiagnostic *d = find_diag (diags, MV_DIAG_NONCONTIGUOUS_MASK, 0, 1 * GB + 1 * MB);

  assert_diag_ok (d, MV_SEVERITY_WARNING);
  g_assert_nonnull (strstr (d->message, "2 separate ranges"));
  g_assert_cmpuint (diags->len, ==, 1);
}

static void
test_diag_undefined (void)
{
  static const MvMtrrPair pairs[] = {
    { 0 | WB, contiguous_mask_const (36, 1 * GB) },
    { 256 * MB | WC, contiguous_mask_const (36, 256 * MB) },
  };
  g_autoptr(MvMtrrState) state = raw_state (36, 0x800, pairs, 2);
  g_autoptr(GPtrArray) diags = mv_diagnose (state, NULL);
  const MvDiagnostic *d = find_diag (diags, MV_DIAG_UNDEFINED_OVERLAP, 256 * MB, 512 * MB);

  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_cmpstr (d->registers, ==, "MtrrPhysBase0/MtrrPhysMask0, MtrrPhysBase1/MtrrPhysMask1");
  g_assert_cmpuint (diags->len, ==, 1);
  g_assert_true (mv_diagnostics_have_errors (diags));
}

static void
test_diag_too_many_pairs (void)
{
  g_autoptr(MvLayout) layout = seed_layout (8 * GB, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvMtrrState) state = mv_mtrr_state_new_for_guest (layout, 46, low_gap, seed_high_gap,
                                                              MV_MTRR_PROFILE_LINUX_DIRECT, 3,
                                                              &error);
  g_autoptr(GPtrArray) diags = NULL;
  const MvDiagnostic *d;

  g_assert_no_error (error);
  g_assert_cmpuint (mv_mtrr_state_get_n_pairs (state), ==, 5);
  diags = mv_diagnose (state, NULL);
  d = find_diag (diags, MV_DIAG_TOO_MANY_PAIRS, 0, 0);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_cmpstr (d->registers, ==, "MtrrPhysBase3/MtrrPhysMask3");
  g_assert_nonnull (strstr (d->message, "2 variable pair(s) from pair 3 on"));
  g_assert_nonnull (strstr (d->message, "VCNT is 3"));
}

static void
test_diag_width_clamped (void)
{
  g_autoptr(MvLayout) layout = seed_layout (2 * GB, TRUE);
  g_autoptr(MvMtrrState) state = mv_mtrr_state_new_for_guest (layout, 30, low_gap, seed_high_gap,
                                                              MV_MTRR_PROFILE_LINUX_DIRECT, 8,
                                                              NULL);
  g_autoptr(GPtrArray) diags = mv_diagnose (state, NULL);
  const MvDiagnostic *d = find_diag (diags, MV_DIAG_WIDTH_CLAMPED, 0, 0);

  g_assert_cmpuint (state->width_asked, ==, 30);
  g_assert_cmpuint (state->width, ==, 36);
  assert_diag_ok (d, MV_SEVERITY_WARNING);
  g_assert_nonnull (strstr (d->message, "30"));
  g_assert_nonnull (strstr (d->message, "36"));
}

static void
test_diag_bits (void)
{
  static const MvMtrrPair pairs[] = {
    { ((guint64) 1 << 40) | WB, contiguous_mask_const (36, 1 * GB) },
    { 0x100 | WB, contiguous_mask_const (36, 1 * GB) | 0x1 },
  };
  g_autoptr(MvMtrrState) state = raw_state (36, 0x800 | 0x100, pairs, 2);
  g_autoptr(GPtrArray) diags = mv_diagnose (state, NULL);
  const MvDiagnostic *d;

  d = find_diag (diags, MV_DIAG_BITS_ABOVE_WIDTH, 0, 0);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_cmpstr (d->registers, ==, "MtrrPhysBase0/MtrrPhysMask0");
  g_assert_nonnull (strstr (d->message, "0x10000000000"));
  g_assert_cmpuint (count_diags (diags, MV_DIAG_BITS_ABOVE_WIDTH), ==, 1);

  /* Pair 1's base bit 8 and mask bit 0; MtrrDefType's bit 8. */
  g_assert_cmpuint (count_diags (diags, MV_DIAG_RESERVED_BITS), ==, 2);
  d = find_diag (diags, MV_DIAG_RESERVED_BITS, 0, 0);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_cmpstr (d->registers, ==, "MtrrDefType");
}

static void
test_diag_reserved_type (void)
{
  static const MvMtrrPair pairs[] = { { 0 | 7, contiguous_mask_const (36, 1 * GB) } };
  g_autoptr(MvMtrrState) state = raw_state (36, 0xc00 | 3, pairs, 1);
  g_autoptr(GPtrArray) diags = NULL;
  const MvDiagnostic *d;

  /* Fix4kF0000 byte 2 = 2: [0xF2000, 0xF3000). */
  state->fixed[9] = (guint64) 2 << 16;
  diags = mv_diagnose (state, NULL);
  g_assert_cmpuint (count_diags (diags, MV_DIAG_RESERVED_TYPE), ==, 3);
  d = find_diag (diags, MV_DIAG_RESERVED_TYPE, 0xF2000, 0xF3000);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_cmpstr (d->registers, ==, "MtrrFix4kF0000");
  d = find_diag (diags, MV_DIAG_RESERVED_TYPE, 0, 1 * GB);
  assert_diag_ok (d, MV_SEVERITY_ERROR);
  g_assert_nonnull (strstr (d->message, "type 7"));
  d = find_diag (diags, MV_DIAG_RESERVED_TYPE, 0, 0);
  g_assert_cmpstr (d->registers, ==, "MtrrDefType");

  /* Kept as given: the map shows the reserved type. */
  {
    g_autoptr(MvEffectiveMap) map = mv_effective_map_new (state, 0, G_MAXUINT64, 0, MV_PAT_NONE);

    g_assert_cmpuint (mv_effective_map_lookup (map, 0xF2000)->type, ==, 2);
    g_assert_cmpuint (mv_effective_map_lookup (map, 2 * MB)->type, ==, 7);
    g_assert_cmpuint (mv_effective_map_lookup (map, 2 * GB)->type, ==, 3);
  }
}

static void
test_diag_disabled (void)
{
  g_autoptr(MvLayout) layout = seed_layout (2 * GB, TRUE);
  g_autoptr(MvMtrrState) state = mv_mtrr_state_new_for_guest (layout, 46, low_gap, seed_high_gap,
                                                              MV_MTRR_PROFILE_NONE, 8, NULL);
  g_autoptr(GPtrArray) diags = mv_diagnose (state, layout);
  const MvDiagnostic *d = find_diag (diags, MV_DIAG_DISABLED, 0, 0);

  assert_diag_ok (d, MV_SEVERITY_WARNING);
  g_assert_cmpstr (d->registers, ==, "MtrrDefType");
  /* All RAM is UC. */
  d = find_diag (diags, MV_DIAG_RAM_NOT_WB, 0, 2 * GB);
  assert_diag_ok (d, MV_SEVERITY_WARNING);
}

static void
test_diag_capability (void)
{
  static const MvMtrrPair pairs[] = { { 0 | WC, contiguous_mask_const (36, 1 * GB) } };
  g_autoptr(MvMtrrState) state = raw_state (36, 0xc00, pairs, 1);
  g_autoptr(GPtrArray) diags = NULL;

  state->cap = 8;  /* no FIX, no WC */
  diags = mv_diagnose (state, NULL);
  g_assert_cmpuint (count_diags (diags, MV_DIAG_CAPABILITY), ==, 2);
  assert_diag_ok (find_diag (diags, MV_DIAG_CAPABILITY, 0, 0), MV_SEVERITY_WARNING);
}

static void
test_diag_vtl2_skipped (void)
{
  MvRange vtl2 = { 16 * GB, 16 * GB + 64 * MB };
  g_autoptr(MvLayout) layout = mv_layout_new (2 * GB, &low_gap, 1, NULL, 0, NULL, 0, &vtl2, NULL);
  g_autoptr(MvMtrrState) state = mv_mtrr_state_new_for_guest (layout, 46, low_gap, MV_RANGE_EMPTY,
                                                              MV_MTRR_PROFILE_UEFI, 8, NULL);
  g_autoptr(GPtrArray) diags = mv_diagnose (state, layout);

  g_assert_true (state->variable_skipped_for_vtl2);
  g_assert_cmpuint (mv_mtrr_state_get_n_pairs (state), ==, 0);
  assert_diag_ok (find_diag (diags, MV_DIAG_VARIABLE_SKIPPED, 0, 0), MV_SEVERITY_NOTE);
  /* Without pairs, RAM above 1 MiB is UC. */
  assert_diag_ok (find_diag (diags, MV_DIAG_RAM_NOT_WB, 0xA0000, 2 * GB), MV_SEVERITY_WARNING);
}

static void
test_diag_incomplete (void)
{
  /* Alternating pages over the RAM: too many pieces to list. */
  static const MvMtrrPair pairs[] = { { 0 | WB, ((guint64) 1 << 12) | MV_MTRR_MASK_VALID } };
  g_autoptr(MvMtrrState) state = raw_state (46, 0x800, pairs, 1);
  g_autoptr(MvLayout) layout = mv_layout_new (1 * GB, &low_gap, 1, NULL, 0, NULL, 0, NULL, NULL);
  g_autoptr(GPtrArray) diags = mv_diagnose (state, layout);

  assert_diag_ok (find_diag (diags, MV_DIAG_INCOMPLETE, 0, 0), MV_SEVERITY_NOTE);
  g_assert_cmpuint (count_diags (diags, MV_DIAG_RAM_NOT_WB), <=, 8);
  assert_diag_ok (find_diag (diags, MV_DIAG_RAM_NOT_WB, 4096, 8192), MV_SEVERITY_WARNING);
  assert_diag_ok (find_diag (diags, MV_DIAG_NONCONTIGUOUS_MASK, 0, 0), MV_SEVERITY_WARNING);
}

static void
test_diag_names (void)
{
  g_assert_cmpstr (mv_severity_name (MV_SEVERITY_ERROR), ==, "error");
  g_assert_cmpstr (mv_severity_name (MV_SEVERITY_WARNING), ==, "warning");
  g_assert_cmpstr (mv_severity_name (MV_SEVERITY_NOTE), ==, "note");
  for (guint k = MV_DIAG_RAM_NOT_WB; k <= MV_DIAG_BEYOND_RAM; k++)
    g_assert_cmpstr (mv_diagnostic_kind_name (k), !=, "unknown");
  g_assert_cmpstr (mv_diagnostic_kind_name (MV_DIAG_MMIO_CACHED), ==, "mmio-cached");
}

/* ---- /proc/mtrr ---- */

static void
test_proc_mtrr_openvmm (void)
{
  g_autoptr(MvMtrrState) state = openvmm_default_state (NULL);
  g_auto(GStrv) lines = mv_mtrr_format_proc_mtrr (state);

  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  /* The two lines OpenVMM's own VM test expects in a Linux guest's
   * /proc/mtrr (vmm_tests, "mtrrs"). */
  g_assert_cmpstr (lines[0], ==, "reg00: base=0x000000000 (    0MB), size=  128MB, count=1: write-back");
  g_assert_cmpstr (lines[1], ==, "reg01: base=0x008000000 (  128MB), size= 4096MB, count=1: write-back");
  /* Pair 2, worked out by hand: base 4 GiB, mask 0x3ffc00000800 = 16 GiB. */
  g_assert_cmpstr (lines[2], ==, "reg02: base=0x100000000 ( 4096MB), size=16384MB, count=1: write-back");
}

static void
test_proc_mtrr_raw (void)
{
  static const MvMtrrPair pairs[] = {
    /* 64 KiB at 0xA0000, WC: K sizes. */
    { 0xA0000 | WC, contiguous_mask_const (46, 64 * KB) },
    /* Off: no line, but the numbering goes on. */
    { 0 | WB, 0 },
    /* A mask that stops at bit 39 (width 46): Linux extends it upwards to
     * 4 GiB, the CPU matches 64 ranges of 4 GiB. */
    { 0x100000000 | WT, 0xff00000800 },
    /* Reserved type 2 and type 5. */
    { 0x200000000 | 2, contiguous_mask_const (46, 1 * GB) },
    { 0x300000000 | WP, contiguous_mask_const (46, 4 * KB) },
    /* Beyond VCNT 5: not listed. */
    { 0 | UC, contiguous_mask_const (46, 1 * GB) },
  };
  g_autoptr(MvMtrrState) state = raw_state (46, 0xc00, pairs, G_N_ELEMENTS (pairs));
  g_auto(GStrv) lines = NULL;
  MvMtrrPairInfo info;

  g_assert_true (mv_mtrr_state_set_vcnt (state, 5, NULL));
  lines = mv_mtrr_format_proc_mtrr (state);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "reg00: base=0x0000a0000 (    0MB), size=   64KB, count=1: write-combining");
  g_assert_cmpstr (lines[1], ==, "reg02: base=0x100000000 ( 4096MB), size= 4096MB, count=1: write-through");
  g_assert_cmpstr (lines[2], ==, "reg03: base=0x200000000 ( 8192MB), size= 1024MB, count=1: ?");
  g_assert_cmpstr (lines[3], ==, "reg04: base=0x300000000 (12288MB), size=    4KB, count=1: write-protect");

  mv_mtrr_pair_decode (state, 2, &info);
  g_assert_cmpuint (info.n_matched, ==, 64);
}

/* ---- state ---- */

/* Each analysis enum's one table reads both ways; Linux's type names are
 * the ones /proc/mtrr prints. */
static void
test_names_round_trip (void)
{
  static const guint types[] = {
    MV_MEM_TYPE_UC, MV_MEM_TYPE_WC, MV_MEM_TYPE_WT, MV_MEM_TYPE_WP, MV_MEM_TYPE_WB,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      guint t = G_MAXUINT;

      g_assert_true (mv_mem_type_from_string (mv_mem_type_name (types[i]), &t));
      g_assert_cmpuint (t, ==, types[i]);
      t = G_MAXUINT;
      g_assert_true (mv_mem_type_from_string (mv_mem_type_long_name (types[i]), &t));
      g_assert_cmpuint (t, ==, types[i]);
      t = G_MAXUINT;
      g_assert_true (mv_mem_type_from_linux_name (mv_mem_type_linux_name (types[i]), &t));
      g_assert_cmpuint (t, ==, types[i]);
      g_assert_false (mv_mem_type_is_reserved (types[i]));
    }
  g_assert_cmpstr (mv_mem_type_linux_name (MV_MEM_TYPE_UC), ==, "uncachable");
  g_assert_cmpstr (mv_mem_type_linux_name (2), ==, "?");
  g_assert_true (mv_mem_type_is_reserved (2));
  g_assert_false (mv_mem_type_is_reserved (MV_MEM_TYPE_UNDEFINED));
  g_assert_cmpstr (mv_mem_type_name (3), ==, "reserved(3)");
  g_assert_cmpstr (mv_mem_type_long_name (MV_MEM_TYPE_UNDEFINED), ==, "undefined");
  {
    guint t;
    g_assert_false (mv_mem_type_from_linux_name ("Write-Back", &t));
    g_assert_true (mv_mem_type_from_string ("Write-Back", &t));
  }

  for (int r = MV_EFFECTIVE_RULE_DISABLED; r <= MV_EFFECTIVE_RULE_UNDEFINED; r++)
    {
      MvEffectiveRule back = (MvEffectiveRule) -1;

      g_assert_true (mv_effective_rule_from_string (mv_effective_rule_name (r), &back));
      g_assert_cmpint (back, ==, r);
    }
  for (int v = MV_SEVERITY_NOTE; v <= MV_SEVERITY_ERROR; v++)
    {
      MvSeverity back = (MvSeverity) -1;

      g_assert_true (mv_severity_from_string (mv_severity_name (v), &back));
      g_assert_cmpint (back, ==, v);
    }
  for (int k = MV_DIAG_RAM_NOT_WB; k <= MV_DIAG_INCOMPLETE; k++)
    {
      MvDiagnosticKind back = (MvDiagnosticKind) -1;

      g_assert_cmpstr (mv_diagnostic_kind_name (k), !=, "unknown");
      g_assert_true (mv_diagnostic_kind_from_string (mv_diagnostic_kind_name (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  g_assert_cmpstr (mv_severity_name ((MvSeverity) 99), ==, "unknown");
  for (int k = MV_EXPLAIN_STEP_DEF_TYPE; k <= MV_EXPLAIN_STEP_PAT; k++)
    {
      MvExplainStepKind back = (MvExplainStepKind) -1;

      g_assert_true (mv_explain_step_kind_from_string (mv_explain_step_kind_name (k), &back));
      g_assert_cmpint (back, ==, k);
    }
  g_assert_cmpstr (mv_explain_step_kind_name (MV_EXPLAIN_STEP_DEF_TYPE), ==, "def-type");
  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    {
      MvRegName reg;

      g_assert_true (mv_reg_name_from_string (mv_mtrr_fixed_name (i), &reg));
      g_assert_cmpint (reg, ==, MV_REG_MTRR_FIX64K_00000 + i);
    }
  g_assert_cmpstr (mv_mtrr_fixed_name (0), ==, "MtrrFix64k00000");
  g_assert_cmpstr (mv_mtrr_fixed_name (2), ==, "MtrrFix16kA0000");
  g_assert_cmpstr (mv_mtrr_fixed_name (MV_MTRR_N_FIXED - 1), ==, "MtrrFix4kF8000");
}

static void
test_state_profiles (void)
{
  MvMtrrProfile p;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvMtrrState) ld = mv_mtrr_state_new_for_profile (MV_MTRR_PROFILE_LINUX_DIRECT);
  g_autoptr(MvMtrrState) uefi = mv_mtrr_state_new_for_profile (MV_MTRR_PROFILE_UEFI);
  g_autoptr(MvMtrrState) pcat = mv_mtrr_state_new_for_profile (MV_MTRR_PROFILE_PCAT);
  g_autoptr(MvMtrrState) none = mv_mtrr_state_new_for_profile (MV_MTRR_PROFILE_NONE);
  const char *const *names = mv_mtrr_profile_names ();

  g_assert_cmpuint (ld->def_type, ==, 0xc00);
  g_assert_cmpuint (ld->fixed[0], ==, 0x0606060606060606);
  g_assert_cmpuint (ld->fixed[1], ==, 0x0606060606060606);
  for (guint i = 2; i < MV_MTRR_N_FIXED; i++)
    g_assert_cmpuint (ld->fixed[i], ==, 0);
  g_assert_cmpmem (ld->fixed, sizeof ld->fixed, uefi->fixed, sizeof uefi->fixed);
  g_assert_cmpuint (uefi->def_type, ==, 0xc00);
  g_assert_cmpuint (pcat->def_type, ==, 0xc00);
  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    g_assert_cmpuint (pcat->fixed[i], ==, (i <= 1 || i >= 7) ? 0x0606060606060606 : 0);
  g_assert_cmpuint (none->def_type, ==, 0);
  g_assert_cmpuint (ld->cap, ==, 0x508);
  g_assert_cmpuint (mv_mtrr_state_get_vcnt (ld), ==, 8);
  g_assert_cmpuint (ld->width, ==, 46);

  g_assert_cmpstr (names[0], ==, "linux-direct");
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 4);
  for (guint i = 0; names[i]; i++)
    {
      g_assert_true (mv_mtrr_profile_from_string (names[i], &p, NULL));
      g_assert_cmpstr (mv_mtrr_profile_to_string (p), ==, names[i]);
    }
  g_assert_false (mv_mtrr_profile_from_string ("bios", &p, &error));
  g_assert_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_UNKNOWN_PROFILE);
}

static void
test_state_setters (void)
{
  g_autoptr(MvMtrrState) state = mv_mtrr_state_new ();
  g_autoptr(MvMtrrState) copy = NULL;
  g_autoptr(GError) error = NULL;
  MvX86Register reg = { .name = MV_REG_MTRR_PHYS_MASK3, .value = 0x123800 };
  MvX86Register gdtr = { .name = MV_REG_GDTR };
  MvMtrrPair pair;

  g_assert_true (mv_mtrr_state_set_msr (state, 0x2ff, 0xc06, NULL));
  g_assert_cmpuint (state->def_type, ==, 0xc06);
  g_assert_true (mv_mtrr_state_set_msr (state, 0xfe, 0x50a, NULL));
  g_assert_cmpuint (mv_mtrr_state_get_vcnt (state), ==, 10);
  g_assert_true (mv_mtrr_state_set_msr (state, 0x259, 0x1111, NULL));
  g_assert_cmpuint (state->fixed[2], ==, 0x1111);
  g_assert_true (mv_mtrr_state_set_msr (state, 0x26f, 0x2222, NULL));
  g_assert_cmpuint (state->fixed[10], ==, 0x2222);
  g_assert_true (mv_mtrr_state_set_msr (state, 0x20d, 0xfff800, NULL));  /* mask 6 */
  g_assert_true (mv_mtrr_state_set_msr (state, 0x20c, 0x6, NULL));       /* base 6 */
  g_assert_cmpuint (mv_mtrr_state_get_n_pairs (state), ==, 7);
  g_assert_true (mv_mtrr_state_get_pair (state, 6, &pair));
  g_assert_cmpuint (pair.base, ==, 6);
  g_assert_cmpuint (pair.mask, ==, 0xfff800);
  g_assert_true (mv_mtrr_state_get_pair (state, 2, &pair));
  g_assert_cmpuint (pair.base | pair.mask, ==, 0);
  g_assert_false (mv_mtrr_state_get_pair (state, 7, &pair));
  g_assert_false (mv_mtrr_state_set_msr (state, 0x277, 0, &error));
  g_assert_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_UNKNOWN_MSR);
  g_clear_error (&error);

  g_assert_true (mv_mtrr_state_set_register (state, &reg, NULL));
  g_assert_true (mv_mtrr_state_get_pair (state, 3, &pair));
  g_assert_cmpuint (pair.mask, ==, 0x123800);
  g_assert_false (mv_mtrr_state_set_register (state, &gdtr, &error));
  g_assert_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_NOT_MTRR_REGISTER);
  g_clear_error (&error);

  g_assert_false (mv_mtrr_state_set_vcnt (state, 256, &error));
  g_assert_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_BAD_VCNT);
  g_clear_error (&error);
  g_assert_false (mv_mtrr_state_set_pair (state, 255, 0, 0, &error));
  g_assert_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_BAD_PAIR_INDEX);
  g_clear_error (&error);

  mv_mtrr_state_set_width (state, 60);
  g_assert_cmpuint (state->width_asked, ==, 60);
  g_assert_cmpuint (state->width, ==, 52);
  g_assert_cmpuint (mv_mtrr_state_address_limit (state), ==, 1ull << 52);

  copy = mv_mtrr_state_copy (state);
  g_assert_true (copy->pairs != state->pairs);
  g_assert_cmpuint (copy->pairs->len, ==, state->pairs->len);
  g_assert_cmpuint (copy->def_type, ==, state->def_type);
  g_assert_true (mv_mtrr_state_set_pair (copy, 6, 0, 0, NULL));
  g_assert_true (mv_mtrr_state_get_pair (state, 6, &pair));
  g_assert_cmpuint (pair.base, ==, 6);

  {
    guint index, byte;

    g_assert_true (mv_mtrr_fixed_lookup (0xBFFFF, &index, &byte));
    g_assert_cmpuint (index, ==, 2);
    g_assert_cmpuint (byte, ==, 7);
    g_assert_true (mv_mtrr_fixed_lookup (0xC8000, &index, &byte));
    g_assert_cmpuint (index, ==, 4);
    g_assert_cmpuint (byte, ==, 0);
    g_assert_false (mv_mtrr_fixed_lookup (0x100000, &index, &byte));
    g_assert_cmpstr (mv_mtrr_fixed_name (10), ==, "MtrrFix4kF8000");
    g_assert_cmpuint (mv_mtrr_fixed_msr (3), ==, 0x268);
  }
}

static void
test_state_guest_errors (void)
{
  g_autoptr(MvLayout) layout = seed_layout (2 * GB, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvMtrrState) state = NULL;
  MvRange at_zero = { 0, 128 * MB };

  /* Upstream's "low MMIO start - 1" would underflow. */
  state = mv_mtrr_state_new_for_guest (layout, 46, at_zero, seed_high_gap,
                                       MV_MTRR_PROFILE_LINUX_DIRECT, 8, &error);
  g_assert_null (state);
  g_assert_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_LOW_MMIO_AT_ZERO);
  g_clear_error (&error);

  state = mv_mtrr_state_new_for_guest (layout, 46, low_gap, seed_high_gap,
                                       MV_MTRR_PROFILE_LINUX_DIRECT, 300, &error);
  g_assert_null (state);
  g_assert_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_BAD_VCNT);
}

/* The one order every list and picture shows diagnostics in
 * (mv_diagnostics_sort): errors, warnings, notes; in each, those about
 * the whole state first, then by address, then as found. */
static MvDiagnostic *
order_diag (MvSeverity severity,
            gboolean   has_range,
            guint64    start,
            guint64    end,
            guint      id)
{
  MvDiagnostic *d = g_new0 (MvDiagnostic, 1);

  d->kind = MV_DIAG_RAM_NOT_WB;
  d->severity = severity;
  d->has_range = has_range;
  d->range.start = start;
  d->range.end = end;
  d->message = g_strdup_printf ("found %u", id);
  d->id = id;
  return d;
}

static void
test_diag_order_sort (void)
{
  g_autoptr(GPtrArray) diags = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_diagnostic_free);
  /* The ids they were found with, in the order they must be listed. */
  static const guint expected[] = { 6, 5, 9, 3, 2, 4, 7, 8, 1 };

  g_ptr_array_add (diags, order_diag (MV_SEVERITY_NOTE, TRUE, 0x1000, 0x2000, 1));
  g_ptr_array_add (diags, order_diag (MV_SEVERITY_WARNING, FALSE, 0, 0, 2));
  g_ptr_array_add (diags, order_diag (MV_SEVERITY_ERROR, TRUE, 0x100000, 0x200000, 3));
  g_ptr_array_add (diags, order_diag (MV_SEVERITY_WARNING, TRUE, 0, 0x1000, 4));
  g_ptr_array_add (diags, order_diag (MV_SEVERITY_ERROR, TRUE, 0x1000, 0x2000, 5));
  g_ptr_array_add (diags, order_diag (MV_SEVERITY_ERROR, FALSE, 0, 0, 6));
  g_ptr_array_add (diags, order_diag (MV_SEVERITY_WARNING, TRUE, 0, 0x1000, 7));
  g_ptr_array_add (diags, order_diag (MV_SEVERITY_NOTE, FALSE, 0, 0, 8));
  g_ptr_array_add (diags, order_diag (MV_SEVERITY_ERROR, TRUE, 0x1000, 0x3000, 9));

  mv_diagnostics_sort (diags);

  g_assert_cmpuint (diags->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < diags->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diags, i);
      g_autofree char *found = g_strdup_printf ("found %u", expected[i]);

      g_assert_cmpstr (d->message, ==, found);
      /* Renumbered in the new order: a mark and a row find each other. */
      g_assert_cmpuint (d->id, ==, i + 1);
    }
}

static void
assert_diag_order (GPtrArray *diags)
{
  for (guint i = 0; i < diags->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diags, i);
      const MvDiagnostic *prev = i > 0 ? g_ptr_array_index (diags, i - 1) : NULL;

      g_assert_cmpuint (d->id, ==, i + 1);
      if (prev == NULL)
        continue;
      g_assert_cmpint (prev->severity, >=, d->severity);
      if (prev->severity != d->severity)
        continue;
      g_assert_true (!prev->has_range || d->has_range);
      if (prev->has_range && d->has_range)
        {
          g_assert_cmpuint (prev->range.start, <=, d->range.start);
          if (prev->range.start == d->range.start)
            g_assert_cmpuint (prev->range.end, <=, d->range.end);
        }
    }
}

/* mv_diagnose() returns them in that order: OpenVMM's default finds its
 * misaligned pairs (warnings) before the cached MMIO gaps (errors), and
 * lists the errors first; a clamped width and too few pairs add
 * diagnostics about the whole state. */
static void
test_diag_order_found (void)
{
  MvLayout *layout_ptr = NULL;
  g_autoptr(MvMtrrState) state = openvmm_default_state (&layout_ptr);
  g_autoptr(MvLayout) layout = layout_ptr;
  g_autoptr(GPtrArray) diags = mv_diagnose (state, layout);
  g_autoptr(MvMtrrState) narrow = NULL;
  g_autoptr(GPtrArray) narrow_diags = NULL;
  const MvRange no_high = { 0, 0 };
  const MvDiagnostic *first;

  assert_diag_order (diags);
  first = g_ptr_array_index (diags, 0);
  g_assert_cmpint (first->severity, ==, MV_SEVERITY_ERROR);
  g_assert_cmpint (first->kind, ==, MV_DIAG_MMIO_CACHED);
  g_assert_cmpuint (first->range.start, ==, 0xF8000000);
  g_assert_cmpint (((const MvDiagnostic *) g_ptr_array_index (diags, diags->len - 1))->severity,
                   ==, MV_SEVERITY_WARNING);

  narrow = mv_mtrr_state_new_for_guest (layout, 30, low_gap, no_high,
                                        MV_MTRR_PROFILE_UEFI, 2, NULL);
  g_assert_nonnull (narrow);
  narrow_diags = mv_diagnose (narrow, layout);
  g_assert_cmpuint (count_diags (narrow_diags, MV_DIAG_WIDTH_CLAMPED), ==, 1);
  g_assert_cmpuint (count_diags (narrow_diags, MV_DIAG_TOO_MANY_PAIRS), ==, 1);
  assert_diag_order (narrow_diags);
  first = g_ptr_array_index (narrow_diags, 0);
  g_assert_cmpint (first->kind, ==, MV_DIAG_TOO_MANY_PAIRS);
  g_assert_false (first->has_range);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (seed_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/effective/map/seed/%s", seed_cases[i].name);
      g_test_add_data_func (path, &seed_cases[i], test_seed_map);
    }
  for (guint i = 0; i < G_N_ELEMENTS (raw_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/effective/map/raw/%s", raw_cases[i].name);
      g_test_add_data_func (path, &raw_cases[i], test_raw_map);
    }
  g_test_add_func ("/effective/map/openvmm-default", test_openvmm_default);
  g_test_add_func ("/effective/diagnose/ids", test_diag_ids);
  g_test_add_func ("/effective/map/vcnt", test_map_vcnt);
  g_test_add_func ("/effective/map/window", test_map_window);
  g_test_add_func ("/effective/map/huge-pattern", test_map_huge_pattern);
  g_test_add_func ("/effective/map/brute-force", test_brute_force);
  g_test_add_func ("/effective/decode/openvmm", test_decode_openvmm);
  g_test_add_func ("/effective/decode/raw-bits", test_decode_raw_bits);
  g_test_add_func ("/effective/pat/table", test_pat_table);
  g_test_add_func ("/effective/pat/map", test_pat_map);
  g_test_add_func ("/effective/explain/low-mmio", test_explain_low_mmio);
  g_test_add_func ("/effective/explain/fixed", test_explain_fixed);
  g_test_add_func ("/effective/explain/special", test_explain_special);
  g_test_add_func ("/effective/explain/brute-force", test_explain_brute_force);
  g_test_add_func ("/effective/explain/binary", test_format_binary);
  g_test_add_func ("/effective/types", test_type_names);
  g_test_add_func ("/effective/diag/openvmm-default", test_diag_openvmm_default);
  g_test_add_func ("/effective/diag/clean", test_diag_clean);
  g_test_add_func ("/effective/diag/ram-not-wb", test_diag_ram_not_wb);
  g_test_add_func ("/effective/diag/hole-wb", test_diag_hole_wb);
  g_test_add_func ("/effective/diag/mmio-ecam-pci-vtl2", test_diag_ecam_pci_vtl2);
  g_test_add_func ("/effective/diag/mmio-wt", test_diag_mmio_wt);
  g_test_add_func ("/effective/diag/misaligned-base", test_diag_misaligned);
  g_test_add_func ("/effective/diag/noncontiguous-mask", test_diag_noncontiguous);
  g_test_add_func ("/effective/diag/undefined-overlap", test_diag_undefined);
  g_test_add_func ("/effective/diag/too-many-pairs", test_diag_too_many_pairs);
  g_test_add_func ("/effective/diag/width-clamped", test_diag_width_clamped);
  g_test_add_func ("/effective/diag/bits", test_diag_bits);
  g_test_add_func ("/effective/diag/reserved-type", test_diag_reserved_type);
  g_test_add_func ("/effective/diag/disabled", test_diag_disabled);
  g_test_add_func ("/effective/diag/capability", test_diag_capability);
  g_test_add_func ("/effective/diag/vtl2-skipped", test_diag_vtl2_skipped);
  g_test_add_func ("/effective/diag/incomplete", test_diag_incomplete);
  g_test_add_func ("/effective/diag/names", test_diag_names);
  g_test_add_func ("/effective/diag/ids", test_diag_ids);
  g_test_add_func ("/effective/diag/order/sort", test_diag_order_sort);
  g_test_add_func ("/effective/diag/order/found", test_diag_order_found);
  g_test_add_func ("/effective/proc-mtrr/openvmm", test_proc_mtrr_openvmm);
  g_test_add_func ("/effective/proc-mtrr/raw", test_proc_mtrr_raw);
  g_test_add_func ("/effective/names/round-trip", test_names_round_trip);
  g_test_add_func ("/effective/state/profiles", test_state_profiles);
  g_test_add_func ("/effective/state/setters", test_state_setters);
  g_test_add_func ("/effective/state/guest-errors", test_state_guest_errors);

  return g_test_run ();
}
