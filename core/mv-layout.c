/* SPDX-License-Identifier: MIT */
/* A port of OpenVMM's vm_topology::memory::MemoryLayout. */
#include "mv-layout.h"

#include <string.h>

G_DEFINE_QUARK (mv-layout-error-quark, mv_layout_error)

const char *
mv_layout_error_name (int code)
{
  switch ((MvLayoutError) code)
    {
    case MV_LAYOUT_ERROR_BAD_SIZE: return "BadSize";
    case MV_LAYOUT_ERROR_BAD_NUMA_SIZE: return "BadNumaSize";
    case MV_LAYOUT_ERROR_EMPTY_NUMA_SIZES: return "EmptyNumaSizes";
    case MV_LAYOUT_ERROR_BAD_MMIO_GAPS: return "BadMmioGaps";
    case MV_LAYOUT_ERROR_BAD_MEMORY_RANGES: return "BadMemoryRanges";
    case MV_LAYOUT_ERROR_VTL2_RANGE_BEFORE_END_OF_RAM: return "Vtl2RangeBeforeEndOfRam";
    default: return "Unknown";
    }
}

const char *
mv_address_type_name (MvAddressType type)
{
  switch (type)
    {
    case MV_ADDRESS_RAM: return "Ram";
    case MV_ADDRESS_MMIO: return "Mmio";
    case MV_ADDRESS_PCI_ECAM: return "PciEcam";
    case MV_ADDRESS_PCI_MMIO: return "PciMmio";
    case MV_ADDRESS_NONE:
    default: return NULL;
    }
}

static int
compare_ranges (const void *a,
                const void *b)
{
  return mv_range_compare (a, b);
}

/* Ranges a layout works on: on the stack for the few a real layout has,
 * on the heap past that. */
#define SCRATCH_RANGES 16

typedef struct
{
  MvRange  inline_ranges[SCRATCH_RANGES];
  MvRange *ranges;
  gsize    n;
} Scratch;

static void
scratch_init (Scratch *s,
              gsize    capacity)
{
  s->ranges = capacity <= SCRATCH_RANGES ? s->inline_ranges : g_new (MvRange, capacity);
  s->n = 0;
}

static void
scratch_clear (Scratch *s)
{
  if (s->ranges != s->inline_ranges)
    g_free (s->ranges);
}

/* Appends the non-empty ones of @ranges. */
static void
scratch_add (Scratch       *s,
             const MvRange *ranges,
             gsize          n)
{
  for (gsize i = 0; i < n; i++)
    if (!mv_range_is_empty (&ranges[i]))
      s->ranges[s->n++] = ranges[i];
}

/* Sorts by start, then end. Ranges that compare equal are equal, so any
 * sort gives the same list: insertion for a few, qsort past that. */
static void
scratch_sort (Scratch *s)
{
  if (s->n > SCRATCH_RANGES)
    {
      qsort (s->ranges, s->n, sizeof (MvRange), compare_ranges);
      return;
    }
  for (gsize i = 1; i < s->n; i++)
    {
      MvRange r = s->ranges[i];
      gsize j = i;

      for (; j > 0 && mv_range_compare (&s->ranges[j - 1], &r) > 0; j--)
        s->ranges[j] = s->ranges[j - 1];
      s->ranges[j] = r;
    }
}

static GArray *
range_array (const MvRange *ranges,
             gsize          n)
{
  GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (MvRange), n);

  if (n > 0)
    g_array_append_vals (a, ranges, n);
  return a;
}

void
mv_layout_free (MvLayout *layout)
{
  if (layout == NULL)
    return;
  g_clear_pointer (&layout->ram, g_array_unref);
  g_clear_pointer (&layout->mmio, g_array_unref);
  g_clear_pointer (&layout->pci_ecam, g_array_unref);
  g_clear_pointer (&layout->pci_mmio, g_array_unref);
  g_free (layout);
}

static gboolean
bad_ranges (GError    **error,
            const char *why)
{
  g_set_error (error, MV_LAYOUT_ERROR, MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
               "invalid memory or MMIO ranges: %s", why);
  return FALSE;
}

/* Whether RAM, the gaps and VTL2 together are apart (sorted, none
 * overlapping). */
static gboolean
all_apart (GArray        *ram,
           const MvRange *mmio,
           gsize          n_mmio,
           const MvRange *pci_ecam,
           gsize          n_pci_ecam,
           const MvRange *pci_mmio,
           gsize          n_pci_mmio,
           const MvRange *vtl2)
{
  Scratch all;
  gboolean valid;

  scratch_init (&all, ram->len + n_mmio + (vtl2 != NULL) + n_pci_ecam + n_pci_mmio);
  for (guint i = 0; i < ram->len; i++)
    scratch_add (&all, &g_array_index (ram, MvRamRange, i).range, 1);
  scratch_add (&all, mmio, n_mmio);
  if (vtl2 != NULL)
    scratch_add (&all, vtl2, 1);
  scratch_add (&all, pci_ecam, n_pci_ecam);
  scratch_add (&all, pci_mmio, n_pci_mmio);
  scratch_sort (&all);
  valid = mv_ranges_validate (all.ranges, all.n);
  scratch_clear (&all);
  return valid;
}

/* Upstream's build(): the whole layout must not overlap, there must be
 * RAM, and VTL2 must sit at or above the end of RAM. Takes ownership of
 * @ram. @ram_apart: @ram was placed between the gaps, which were checked
 * apart, so without VTL2 nothing can overlap and the check is skipped. */
static MvLayout *
layout_build (GArray        *ram,
              gboolean       ram_apart,
              const MvRange *mmio,
              gsize          n_mmio,
              const MvRange *pci_ecam,
              gsize          n_pci_ecam,
              const MvRange *pci_mmio,
              gsize          n_pci_mmio,
              const MvRange *vtl2,
              GError       **error)
{
  g_autoptr(GArray) owned_ram = ram;
  g_autoptr(MvLayout) layout = NULL;
  guint64 end_of_ram;
  gboolean valid;

  valid = (ram_apart && vtl2 == NULL) ||
          all_apart (ram, mmio, n_mmio, pci_ecam, n_pci_ecam, pci_mmio, n_pci_mmio, vtl2);
  if (!valid)
    {
      bad_ranges (error, vtl2 != NULL
                  ? "RAM, MMIO, PCI and VTL2 ranges overlap"
                  : "RAM, MMIO and PCI ranges overlap");
      return NULL;
    }

  if (ram->len == 0)
    {
      bad_ranges (error, "no RAM could be placed outside the gaps");
      return NULL;
    }

  end_of_ram = g_array_index (ram, MvRamRange, ram->len - 1).range.end;
  if (vtl2 != NULL && vtl2->start < end_of_ram)
    {
      g_set_error (error, MV_LAYOUT_ERROR, MV_LAYOUT_ERROR_VTL2_RANGE_BEFORE_END_OF_RAM,
                   "vtl2 range is below end of ram (VTL2 starts at 0x%" G_GINT64_MODIFIER
                   "x, RAM ends at 0x%" G_GINT64_MODIFIER "x)",
                   vtl2->start, end_of_ram);
      return NULL;
    }

  layout = g_new0 (MvLayout, 1);
  layout->ram = g_steal_pointer (&owned_ram);
  layout->mmio = range_array (mmio, n_mmio);
  layout->pci_ecam = range_array (pci_ecam, n_pci_ecam);
  layout->pci_mmio = range_array (pci_mmio, n_pci_mmio);
  if (vtl2 != NULL)
    {
      layout->has_vtl2 = TRUE;
      layout->vtl2 = *vtl2;
    }
  return g_steal_pointer (&layout);
}

MvLayout *
mv_layout_new (guint64        ram_size,
               const MvRange *mmio,
               gsize          n_mmio,
               const MvRange *pci_ecam,
               gsize          n_pci_ecam,
               const MvRange *pci_mmio,
               gsize          n_pci_mmio,
               const MvRange *vtl2,
               GError       **error)
{
  if (ram_size == 0 || (ram_size & MV_PAGE_MASK) != 0)
    {
      g_set_error (error, MV_LAYOUT_ERROR, MV_LAYOUT_ERROR_BAD_SIZE,
                   "invalid memory size: 0x%" G_GINT64_MODIFIER "x is %s",
                   ram_size, ram_size == 0 ? "zero" : "not a multiple of 4 KiB");
      return NULL;
    }

  return mv_layout_new_with_numa (&ram_size, 1, mmio, n_mmio, pci_ecam, n_pci_ecam,
                                  pci_mmio, n_pci_mmio, vtl2, error);
}

static gboolean
validate_gap_list (const MvRange *ranges,
                   gsize          n,
                   const char    *what,
                   GError       **error)
{
  for (gsize i = 0; i < n; i++)
    {
      if (mv_range_is_empty (&ranges[i]))
        {
          g_autofree char *why = g_strdup_printf ("%s gap %" G_GSIZE_FORMAT " is empty",
                                                  what, i + 1);
          return bad_ranges (error, why);
        }
      if (i > 0 && (mv_range_compare (&ranges[i - 1], &ranges[i]) > 0 ||
                    mv_range_overlaps (&ranges[i - 1], &ranges[i])))
        {
          g_autofree char *why =
            g_strdup_printf ("%s gaps %" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT
                             " are out of order or overlap", what, i, i + 1);
          return bad_ranges (error, why);
        }
    }
  return TRUE;
}

MvLayout *
mv_layout_new_with_numa (const guint64 *numa_sizes,
                         gsize          n_numa_sizes,
                         const MvRange *mmio,
                         gsize          n_mmio,
                         const MvRange *pci_ecam,
                         gsize          n_pci_ecam,
                         const MvRange *pci_mmio,
                         gsize          n_pci_mmio,
                         const MvRange *vtl2,
                         GError       **error)
{
  g_autoptr(GArray) ram = NULL;
  Scratch gaps;
  guint64 pos = 0;
  guint64 ram_size = 0;
  guint64 remaining;
  guint64 node_remaining;
  gsize node_idx = 0;
  MvLayout *layout;

  if (n_numa_sizes == 0)
    {
      g_set_error (error, MV_LAYOUT_ERROR, MV_LAYOUT_ERROR_EMPTY_NUMA_SIZES,
                   "empty NUMA memory sizes");
      return NULL;
    }

  for (gsize i = 0; i < n_numa_sizes; i++)
    {
      if (numa_sizes[i] == 0 || (numa_sizes[i] & MV_PAGE_MASK) != 0)
        {
          g_set_error (error, MV_LAYOUT_ERROR, MV_LAYOUT_ERROR_BAD_NUMA_SIZE,
                       "invalid NUMA node memory size: node %" G_GSIZE_FORMAT
                       " has 0x%" G_GINT64_MODIFIER "x, which is %s",
                       i, numa_sizes[i],
                       numa_sizes[i] == 0 ? "zero" : "not a multiple of 4 KiB");
          return NULL;
        }
    }

  for (gsize i = 0; i < n_numa_sizes; i++)
    {
      if (numa_sizes[i] > G_MAXUINT64 - ram_size)
        {
          g_set_error (error, MV_LAYOUT_ERROR, MV_LAYOUT_ERROR_BAD_SIZE,
                       "invalid memory size: the NUMA node sizes add up to more than 2^64");
          return NULL;
        }
      ram_size += numa_sizes[i];
    }

  if (!validate_gap_list (mmio, n_mmio, "MMIO", error) ||
      !validate_gap_list (pci_ecam, n_pci_ecam, "PCI ECAM", error) ||
      !validate_gap_list (pci_mmio, n_pci_mmio, "PCI MMIO", error))
    return NULL;

  scratch_init (&gaps, n_mmio + n_pci_ecam + n_pci_mmio);
  scratch_add (&gaps, mmio, n_mmio);
  scratch_add (&gaps, pci_ecam, n_pci_ecam);
  scratch_add (&gaps, pci_mmio, n_pci_mmio);
  scratch_sort (&gaps);
  if (!mv_ranges_validate (gaps.ranges, gaps.n))
    {
      scratch_clear (&gaps);
      bad_ranges (error, "MMIO, PCI ECAM and PCI MMIO gaps overlap each other");
      return NULL;
    }

  /* Fill [0, MV_MAX_ADDRESS) minus the gaps (upstream's subtract_ranges:
   * the gaps are sorted, non-empty and apart, so the free chunks are what
   * lies between them) lowest first, node budgets in order; a node's
   * budget can end in the middle of a free chunk. */
  ram = g_array_sized_new (FALSE, FALSE, sizeof (MvRamRange), MIN (gaps.n + n_numa_sizes, 64) + 1);
  remaining = ram_size;
  node_remaining = numa_sizes[0];
  for (gsize gi = 0; gi <= gaps.n && remaining > 0 && pos < MV_MAX_ADDRESS; gi++)
    {
      MvRange range = { pos, gi < gaps.n ? MIN (gaps.ranges[gi].start, MV_MAX_ADDRESS)
                                         : MV_MAX_ADDRESS };
      guint64 range_size;
      guint64 offset = 0;

      if (gi < gaps.n)
        pos = MAX (pos, gaps.ranges[gi].end);
      if (range.start >= range.end)
        continue;
      range_size = MIN (remaining, mv_range_len (&range));
      while (offset < range_size)
        {
          MvRamRange piece;
          guint64 len;

          if (node_remaining == 0)
            {
              node_idx++;
              g_assert (node_idx < n_numa_sizes);
              node_remaining = numa_sizes[node_idx];
            }

          len = MIN (range_size - offset, node_remaining);
          piece.range.start = range.start + offset;
          piece.range.end = piece.range.start + len;
          piece.vnode = (guint32) node_idx;
          g_array_append_val (ram, piece);
          offset += len;
          node_remaining -= len;
        }

      remaining -= range_size;
    }
  scratch_clear (&gaps);

  layout = layout_build (g_steal_pointer (&ram), TRUE, mmio, n_mmio, pci_ecam, n_pci_ecam,
                         pci_mmio, n_pci_mmio, vtl2, error);
  if (layout != NULL)
    layout->requested_ram = ram_size;
  return layout;
}

/**
 * mv_layout_new_from_ranges:
 * Upstream's new_from_ranges: RAM and gaps given explicitly, both sorted
 * and non-overlapping.
 */
MvLayout *
mv_layout_new_from_ranges (const MvRamRange *ram,
                           gsize             n_ram,
                           const MvRange    *mmio,
                           gsize             n_mmio,
                           GError          **error)
{
  GArray *ram_array;
  MvLayout *layout;

  for (gsize i = 0; i < n_ram; i++)
    {
      if (mv_range_is_empty (&ram[i].range) ||
          (i > 0 && (mv_range_compare (&ram[i - 1].range, &ram[i].range) > 0 ||
                     mv_range_overlaps (&ram[i - 1].range, &ram[i].range))))
        {
          bad_ranges (error, "RAM ranges are empty, out of order or overlap");
          return NULL;
        }
    }
  if (!validate_gap_list (mmio, n_mmio, "MMIO", error))
    return NULL;

  ram_array = g_array_sized_new (FALSE, FALSE, sizeof (MvRamRange), n_ram);
  if (n_ram > 0)
    g_array_append_vals (ram_array, ram, n_ram);

  layout = layout_build (ram_array, FALSE, mmio, n_mmio, NULL, 0, NULL, 0, NULL, error);
  if (layout != NULL)
    layout->requested_ram = mv_layout_ram_size (layout);
  return layout;
}

guint64
mv_layout_end_of_ram (const MvLayout *layout)
{
  g_return_val_if_fail (layout != NULL && layout->ram->len > 0, 0);

  return g_array_index (layout->ram, MvRamRange, layout->ram->len - 1).range.end;
}

guint64
mv_layout_ram_size (const MvLayout *layout)
{
  guint64 total = 0;

  g_return_val_if_fail (layout != NULL, 0);

  for (guint i = 0; i < layout->ram->len; i++)
    total += mv_range_len (&g_array_index (layout->ram, MvRamRange, i).range);
  return total;
}

/**
 * mv_layout_shortfall:
 * How much less RAM was placed than asked for: upstream silently stops
 * placing RAM at the top of the address space.
 */
guint64
mv_layout_shortfall (const MvLayout *layout)
{
  return layout->requested_ram - mv_layout_ram_size (layout);
}

/**
 * mv_layout_shortfall_message:
 * @lost: the shortfall, as the caller prints sizes
 *
 * The warning a picture or a diagnostics list gives for a shortfall.
 *
 * Returns: (transfer full): the sentence
 */
char *
mv_layout_shortfall_message (const char *lost)
{
  return g_strdup_printf ("%s of the RAM asked for does not fit below the top of "
                          "the address space; upstream silently places less.", lost);
}

gboolean
mv_layout_max_ram_below_4gb (const MvLayout *layout,
                             guint64        *out)
{
  g_return_val_if_fail (layout != NULL, FALSE);

  for (guint i = layout->ram->len; i > 0; i--)
    {
      const MvRange *r = &g_array_index (layout->ram, MvRamRange, i - 1).range;

      if (r->end < MV_FOUR_GB)
        {
          if (out != NULL)
            *out = r->end;
          return TRUE;
        }
    }
  return FALSE;
}

guint64
mv_layout_end_of_layout (const MvLayout *layout)
{
  guint64 end = mv_layout_end_of_ram (layout);

  for (guint i = 0; i < layout->mmio->len; i++)
    {
      const MvRange *r = &g_array_index (layout->mmio, MvRange, i);
      if (!mv_range_is_empty (r))
        end = MAX (end, r->end);
    }
  if (layout->pci_ecam->len > 0)
    end = MAX (end, g_array_index (layout->pci_ecam, MvRange, layout->pci_ecam->len - 1).end);
  if (layout->pci_mmio->len > 0)
    end = MAX (end, g_array_index (layout->pci_mmio, MvRange, layout->pci_mmio->len - 1).end);
  return end;
}

static gboolean
in_list (GArray  *ranges,
         guint64  address)
{
  for (guint i = 0; i < ranges->len; i++)
    if (mv_range_contains_addr (&g_array_index (ranges, MvRange, i), address))
      return TRUE;
  return FALSE;
}

MvAddressType
mv_layout_probe_address (const MvLayout *layout,
                         guint64         address)
{
  g_return_val_if_fail (layout != NULL, MV_ADDRESS_NONE);

  for (guint i = 0; i < layout->ram->len; i++)
    if (mv_range_contains_addr (&g_array_index (layout->ram, MvRamRange, i).range, address))
      return MV_ADDRESS_RAM;
  if (in_list (layout->mmio, address))
    return MV_ADDRESS_MMIO;
  if (in_list (layout->pci_ecam, address))
    return MV_ADDRESS_PCI_ECAM;
  if (in_list (layout->pci_mmio, address))
    return MV_ADDRESS_PCI_MMIO;
  return MV_ADDRESS_NONE;
}
