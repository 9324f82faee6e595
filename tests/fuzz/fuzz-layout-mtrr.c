/* SPDX-License-Identifier: MIT */
/* Fuzz target: memory layouts (mv_layout_new, mv_layout_new_with_numa,
 * mv_layout_new_from_ranges) from random parameters, then the variable
 * MTRRs for them (mv_mtrr_compute_variable), checking invariants.
 *
 * Input, read from the front (numbers little endian; see mv-fuzz.h):
 *   u8  flags     bits 0-1: 0 new, 1 new_with_numa, 2 new_from_ranges, 3 new
 *                 bit 2: a VTL2 range   bit 3: explicit chipset gaps
 *                 bit 4: keep the low 12 bits of sizes and addresses
 *                 (otherwise they are cleared, so most inputs are aligned)
 *   u8  n         RAM sizes (n % 5) or, for new_from_ranges, RAM ranges
 *   n × u64 size  or n × (u64 start, u64 end, u8 vnode)
 *   u8  n_mmio (% 5), n_mmio × (u64 start, u64 end)
 *   u8  n_pci_ecam (% 3), ranges   u8 n_pci_mmio (% 3), ranges
 *   [bit 2] u64 start, u64 end: VTL2
 *   u8  physical address width
 *   [bit 3] u64 start, u64 end: low gap; u64 start, u64 end: high gap
 *   then up to 8 × u64 probe addresses
 */
#include "mv-fuzz.h"

#include "mv-layout.h"
#include "mv-mtrr.h"

#define MAX_RANGES 4

typedef struct
{
  MvFuzzInput in;
  gboolean raw;
} Params;

static guint64
address (Params *p)
{
  guint64 v = mv_fuzz_u64 (&p->in);

  return p->raw ? v : v & ~MV_PAGE_MASK;
}

/* A range built the documented way; FALSE (the input is rejected, as the
 * UI rejects it) when mv_range_init() refuses it. */
static gboolean
read_range (Params  *p,
            MvRange *out)
{
  g_autoptr(GError) error = NULL;
  guint64 start = address (p);
  guint64 end = address (p);
  gboolean ok = mv_range_init (out, start, end, &error);

  MV_FUZZ_CHECK (ok == ((start & MV_PAGE_MASK) == 0 && (end & MV_PAGE_MASK) == 0 &&
                        start <= end));
  MV_FUZZ_CHECK (ok == (error == NULL));
  if (!ok)
    MV_FUZZ_CHECK (error->domain == MV_RANGE_ERROR);
  return ok;
}

static gboolean
read_ranges (Params  *p,
             guint    modulo,
             MvRange *out,
             gsize   *n)
{
  *n = mv_fuzz_u8 (&p->in) % modulo;
  for (gsize i = 0; i < *n; i++)
    if (!read_range (p, &out[i]))
      return FALSE;
  return TRUE;
}

static gboolean
overlaps_any (const MvRange *r,
              const MvRange *list,
              gsize          n)
{
  for (gsize i = 0; i < n; i++)
    if (mv_range_overlaps (r, &list[i]))
      return TRUE;
  return FALSE;
}

static gboolean
in_list (guint64        addr,
         const MvRange *list,
         gsize          n)
{
  for (gsize i = 0; i < n; i++)
    if (mv_range_contains_addr (&list[i], addr))
      return TRUE;
  return FALSE;
}

/* The address type by brute force over what was asked for. */
static MvAddressType
brute_probe (const MvLayout *layout,
             const MvRange  *mmio,
             gsize           n_mmio,
             const MvRange  *ecam,
             gsize           n_ecam,
             const MvRange  *pci_mmio,
             gsize           n_pci_mmio,
             guint64         addr)
{
  for (guint i = 0; i < layout->ram->len; i++)
    if (mv_range_contains_addr (&g_array_index (layout->ram, MvRamRange, i).range, addr))
      return MV_ADDRESS_RAM;
  if (in_list (addr, mmio, n_mmio))
    return MV_ADDRESS_MMIO;
  if (in_list (addr, ecam, n_ecam))
    return MV_ADDRESS_PCI_ECAM;
  if (in_list (addr, pci_mmio, n_pci_mmio))
    return MV_ADDRESS_PCI_MMIO;
  return MV_ADDRESS_NONE;
}

static void
check_mask (guint64 mask,
            guint8  width)
{
  guint8 w = mv_mtrr_clamp_width (width);
  guint64 bits = mask >> 12;

  MV_FUZZ_CHECK (mask & MV_MTRR_MASK_VALID);
  MV_FUZZ_CHECK ((mask & 0x7ff) == 0);
  /* The address bits are one run ending at the top of the width. */
  MV_FUZZ_CHECK (bits < ((guint64) 1 << (w - 12)));
  MV_FUZZ_CHECK (bits == 0 || bits + (bits & -bits) == ((guint64) 1 << (w - 12)));
}

static void
check_mtrrs (const MvLayout *layout,
             guint8          width,
             MvRange         low,
             MvRange         high)
{
  g_autoptr(GArray) regs = g_array_new (FALSE, FALSE, sizeof (MvX86Register));
  g_autoptr(GError) error = NULL;
  MvX86Register sentinel = { .name = MV_REG_GDTR, .value = 0x5a5a };
  gint last_pair = -1;

  g_array_append_val (regs, sentinel);
  if (!mv_mtrr_compute_variable (layout, width, low, high, regs, &error))
    {
      MV_FUZZ_CHECK (error != NULL && error->domain == MV_MTRR_ERROR);
      /* Nothing appended on error. */
      MV_FUZZ_CHECK (regs->len == 1);
      if (error->code == MV_MTRR_ERROR_LOW_MMIO_AT_ZERO)
        MV_FUZZ_CHECK (low.start == 0);
      else
        MV_FUZZ_CHECK (error->code == MV_MTRR_ERROR_HIGH_MMIO_AT_ZERO && high.start == 0);
      return;
    }

  MV_FUZZ_CHECK (error == NULL);
  MV_FUZZ_CHECK (regs->len >= 3 && regs->len <= 11 && (regs->len - 1) % 2 == 0);
  for (guint i = 1; i < regs->len; i += 2)
    {
      const MvX86Register *base = &g_array_index (regs, MvX86Register, i);
      const MvX86Register *mask = &g_array_index (regs, MvX86Register, i + 1);
      gint pair = (gint) (base->name - MV_REG_MTRR_PHYS_BASE0) / 2;

      /* (PhysBaseN, PhysMaskN) pairs, N increasing, starting at 0. */
      MV_FUZZ_CHECK (base->name >= MV_REG_MTRR_PHYS_BASE0 && base->name <= MV_REG_MTRR_PHYS_BASE4);
      MV_FUZZ_CHECK ((base->name - MV_REG_MTRR_PHYS_BASE0) % 2 == 0);
      MV_FUZZ_CHECK (mask->name == base->name + 1);
      MV_FUZZ_CHECK (pair > last_pair);
      MV_FUZZ_CHECK (i != 1 || pair == 0);
      last_pair = pair;
      MV_FUZZ_CHECK ((base->value & 0xfff) == MV_MTRR_TYPE_WB);
      check_mask (mask->value, width);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Params p = { { data, size }, FALSE };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  guint64 sizes[MAX_RANGES];
  MvRamRange ram[MAX_RANGES];
  MvRange mmio[MAX_RANGES], ecam[MAX_RANGES], pci_mmio[MAX_RANGES];
  MvRange vtl2, low, high;
  gsize n = 0, n_mmio = 0, n_ecam = 0, n_pci_mmio = 0;
  guint8 flags, mode, width;
  gboolean has_vtl2, explicit_gaps;
  guint64 requested = 0;
  gboolean requested_overflows = FALSE;

  mv_fuzz_setup ();

  flags = mv_fuzz_u8 (&p.in);
  mode = flags & 3;
  has_vtl2 = (flags & 4) != 0;
  explicit_gaps = (flags & 8) != 0;
  p.raw = (flags & 16) != 0;

  n = mv_fuzz_u8 (&p.in) % (MAX_RANGES + 1);
  for (gsize i = 0; i < n; i++)
    {
      if (mode == 2)
        {
          if (!read_range (&p, &ram[i].range))
            return 0;
          ram[i].vnode = mv_fuzz_u8 (&p.in);
        }
      else
        {
          sizes[i] = address (&p);
          requested_overflows |= sizes[i] > G_MAXUINT64 - requested;
          requested += sizes[i];
        }
    }

  if (!read_ranges (&p, MAX_RANGES + 1, mmio, &n_mmio) ||
      !read_ranges (&p, 3, ecam, &n_ecam) ||
      !read_ranges (&p, 3, pci_mmio, &n_pci_mmio) ||
      (has_vtl2 && !read_range (&p, &vtl2)))
    return 0;
  width = mv_fuzz_u8 (&p.in);
  if (explicit_gaps && (!read_range (&p, &low) || !read_range (&p, &high)))
    return 0;

  switch (mode)
    {
    case 1:
      layout = mv_layout_new_with_numa (sizes, n, mmio, n_mmio, ecam, n_ecam,
                                        pci_mmio, n_pci_mmio, has_vtl2 ? &vtl2 : NULL, &error);
      break;
    case 2:
      layout = mv_layout_new_from_ranges (ram, n, mmio, n_mmio, &error);
      n_ecam = n_pci_mmio = 0;
      has_vtl2 = FALSE;
      break;
    default:
      requested = n > 0 ? sizes[0] : 0;
      requested_overflows = FALSE;
      layout = mv_layout_new (requested, mmio, n_mmio, ecam, n_ecam,
                              pci_mmio, n_pci_mmio, has_vtl2 ? &vtl2 : NULL, &error);
      break;
    }

  if (layout == NULL)
    {
      MV_FUZZ_CHECK (error != NULL);
      MV_FUZZ_CHECK (error->domain == MV_LAYOUT_ERROR || error->domain == MV_RANGE_ERROR);
      MV_FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
      return 0;
    }
  MV_FUZZ_CHECK (error == NULL);
  MV_FUZZ_CHECK (!requested_overflows);

  /* RAM: non-empty, aligned, sorted, apart, vnodes in order, clear of
   * every gap. */
  MV_FUZZ_CHECK (layout->ram->len > 0);
  for (guint i = 0; i < layout->ram->len; i++)
    {
      const MvRamRange *r = &g_array_index (layout->ram, MvRamRange, i);

      MV_FUZZ_CHECK (!mv_range_is_empty (&r->range) && r->range.start < r->range.end);
      MV_FUZZ_CHECK (((r->range.start | r->range.end) & MV_PAGE_MASK) == 0);
      if (i > 0)
        {
          const MvRamRange *prev = &g_array_index (layout->ram, MvRamRange, i - 1);
          MV_FUZZ_CHECK (prev->range.end <= r->range.start);
          if (mode != 2)
            MV_FUZZ_CHECK (prev->vnode <= r->vnode);
        }
      if (mode != 2)
        MV_FUZZ_CHECK (r->vnode < n);
      MV_FUZZ_CHECK (!overlaps_any (&r->range, mmio, n_mmio));
      MV_FUZZ_CHECK (!overlaps_any (&r->range, ecam, n_ecam));
      MV_FUZZ_CHECK (!overlaps_any (&r->range, pci_mmio, n_pci_mmio));
      if (has_vtl2)
        MV_FUZZ_CHECK (!mv_range_overlaps (&r->range, &vtl2));
      MV_FUZZ_CHECK (mv_layout_probe_address (layout, r->range.start) == MV_ADDRESS_RAM);
      MV_FUZZ_CHECK (mv_layout_probe_address (layout, r->range.end - 1) == MV_ADDRESS_RAM);
    }

  /* RAM placed plus the shortfall is what was asked for; a shortfall only
   * when RAM filled every byte outside the gaps. */
  if (mode != 2)
    MV_FUZZ_CHECK (layout->requested_ram == requested);
  MV_FUZZ_CHECK (mv_layout_ram_size (layout) + mv_layout_shortfall (layout) == layout->requested_ram);
  if (mv_layout_shortfall (layout) > 0)
    {
      guint64 gaps = 0;

      for (gsize i = 0; i < n_mmio; i++)
        gaps += mv_range_len (&mmio[i]);
      for (gsize i = 0; i < n_ecam; i++)
        gaps += mv_range_len (&ecam[i]);
      for (gsize i = 0; i < n_pci_mmio; i++)
        gaps += mv_range_len (&pci_mmio[i]);
      MV_FUZZ_CHECK (mode != 2);
      MV_FUZZ_CHECK (mv_layout_ram_size (layout) == MV_MAX_ADDRESS - gaps);
    }
  else if (mode == 1)
    {
      /* Every node got exactly its size. */
      guint64 got[MAX_RANGES] = { 0 };

      for (guint i = 0; i < layout->ram->len; i++)
        {
          const MvRamRange *r = &g_array_index (layout->ram, MvRamRange, i);
          got[r->vnode] += mv_range_len (&r->range);
        }
      for (gsize i = 0; i < n; i++)
        MV_FUZZ_CHECK (got[i] == sizes[i]);
    }

  MV_FUZZ_CHECK (mv_layout_end_of_ram (layout) ==
                 g_array_index (layout->ram, MvRamRange, layout->ram->len - 1).range.end);
  MV_FUZZ_CHECK (mv_layout_end_of_layout (layout) >= mv_layout_end_of_ram (layout));
  if (has_vtl2)
    MV_FUZZ_CHECK (vtl2.start >= mv_layout_end_of_ram (layout));
  {
    guint64 below;
    if (mv_layout_max_ram_below_4gb (layout, &below))
      MV_FUZZ_CHECK (below < MV_FOUR_GB);
  }

  /* Gap starts, then random addresses, against brute force. */
  for (gsize i = 0; i < n_mmio; i++)
    MV_FUZZ_CHECK (mv_layout_probe_address (layout, mmio[i].start) == MV_ADDRESS_MMIO);
  for (guint i = 0; i < 8 && p.in.len > 0; i++)
    {
      guint64 addr = mv_fuzz_u64 (&p.in);

      MV_FUZZ_CHECK (mv_layout_probe_address (layout, addr) ==
                     brute_probe (layout, mmio, n_mmio, ecam, n_ecam, pci_mmio, n_pci_mmio, addr));
    }

  if (!explicit_gaps)
    {
      mv_mtrr_default_chipset_gaps (layout, &low, &high);
      MV_FUZZ_CHECK (mv_range_is_empty (&low) || low.end == MV_FOUR_GB);
      MV_FUZZ_CHECK (mv_range_is_empty (&high) || high.start >= MV_FOUR_GB);
    }
  check_mtrrs (layout, width, low, high);

  /* mv_mtrr_mask on its own, any width and address. */
  {
    guint64 mask = mv_mtrr_mask (width, mv_layout_end_of_ram (layout));

    MV_FUZZ_CHECK (mask & MV_MTRR_MASK_VALID);
    MV_FUZZ_CHECK ((mask & 0x7ff) == 0);
    if (width <= 12)
      MV_FUZZ_CHECK (mask == MV_MTRR_MASK_VALID);
  }

  return 0;
}
