/* SPDX-License-Identifier: MIT */
/* A port of OpenVMM's compute_variable_mtrrs and mtrr_mask
 * (vm/loader/src/common.rs), bit for bit. */
#include "mv-mtrr.h"

G_DEFINE_QUARK (mv-mtrr-error-quark, mv_mtrr_error)

const char *
mv_mtrr_error_name (int code)
{
  switch ((MvMtrrError) code)
    {
    case MV_MTRR_ERROR_LOW_MMIO_AT_ZERO: return "LowMmioAtZero";
    case MV_MTRR_ERROR_HIGH_MMIO_AT_ZERO: return "HighMmioAtZero";
    case MV_MTRR_ERROR_UNSUPPORTED_MMIO: return "UnsupportedMmio";
    default: return "Unknown";
    }
}

/* Upstream: physical_address_width.clamp(36, 52). */
guint8
mv_mtrr_clamp_width (guint8 width)
{
  return CLAMP (width, MV_MTRR_WIDTH_MIN, MV_MTRR_WIDTH_MAX);
}

/**
 * mv_mtrr_mask:
 * Upstream's mtrr_mask. A @gpa_space_size above 64 counts as 64: upstream
 * shifts a u64 by up to 254 there (a panic in a checked build, and in C
 * undefined behaviour that cleared the valid bit on x86).
 */
guint64
mv_mtrr_mask (guint8  gpa_space_size,
              guint64 maximum_address)
{
  guint64 result = MV_MTRR_MASK_VALID;
  guint top = MIN (gpa_space_size, 64);

  /* Set every bit from 12 up to the address width... */
  for (guint index = 12; index < top; index++)
    result |= (guint64) 1 << index;

  /* ...then clear the low span of bits that the maximum address reaches. */
  for (guint index = 12; index < top; index++)
    {
      if (maximum_address >= ((guint64) 1 << index))
        result &= ~((guint64) 1 << index);
      else
        break;
    }

  return result;
}

static void
push (GArray   *out,
      MvRegName name,
      guint64   value)
{
  MvX86Register reg = { .name = name, .value = value };
  g_array_append_val (out, reg);
}

/**
 * mv_mtrr_compute_variable:
 * @out: an array of #MvX86Register to append the pairs to
 *
 * Where upstream would underflow, returns an #MV_MTRR_ERROR and appends
 * nothing.
 */
gboolean
mv_mtrr_compute_variable (const MvLayout *layout,
                          guint8          physical_address_width,
                          MvRange         low,
                          MvRange         high,
                          GArray         *out,
                          GError        **error)
{
  const guint64 pcat_mtrr_size = 128 * 1024 * 1024;
  guint8 gpa_space_size = mv_mtrr_clamp_width (physical_address_width);
  guint64 end_of_ram = mv_layout_end_of_ram (layout);
  guint64 split = (guint64) 1 << MIN (gpa_space_size, 43);
  gboolean high_empty = mv_range_is_empty (&high);

  g_return_val_if_fail (out != NULL, FALSE);

  /* Check up front the two subtractions upstream does without a check. */
  if (end_of_ram > pcat_mtrr_size && low.start == 0)
    {
      g_set_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_LOW_MMIO_AT_ZERO,
                   "the chipset low MMIO gap starts at 0: upstream's "
                   "\"low MMIO start - 1\" would underflow");
      return FALSE;
    }
  if (end_of_ram > low.end && !high_empty && high.start == 0)
    {
      g_set_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_HIGH_MMIO_AT_ZERO,
                   "the chipset high MMIO gap starts at 0: upstream's "
                   "\"high MMIO start - 1\" would underflow");
      return FALSE;
    }

  push (out, MV_REG_MTRR_PHYS_BASE0, MV_MTRR_TYPE_WB);
  push (out, MV_REG_MTRR_PHYS_MASK0, mv_mtrr_mask (gpa_space_size, pcat_mtrr_size - 1));

  if (end_of_ram > pcat_mtrr_size)
    {
      push (out, MV_REG_MTRR_PHYS_BASE1, pcat_mtrr_size | MV_MTRR_TYPE_WB);
      push (out, MV_REG_MTRR_PHYS_MASK1, mv_mtrr_mask (gpa_space_size, low.start - 1));
    }

  if (end_of_ram > low.end)
    {
      push (out, MV_REG_MTRR_PHYS_BASE2, low.end | MV_MTRR_TYPE_WB);
      if (high_empty)
        {
          push (out, MV_REG_MTRR_PHYS_MASK2,
                mv_mtrr_mask (gpa_space_size, MIN (split, end_of_ram) - 1));
          if (end_of_ram > ((guint64) 1 << 43))
            {
              push (out, MV_REG_MTRR_PHYS_BASE3, ((guint64) 1 << 43) | MV_MTRR_TYPE_WB);
              push (out, MV_REG_MTRR_PHYS_MASK3, mv_mtrr_mask (gpa_space_size, end_of_ram - 1));
            }
        }
      else
        {
          push (out, MV_REG_MTRR_PHYS_MASK2, mv_mtrr_mask (gpa_space_size, high.start - 1));
        }
    }

  if (!high_empty && end_of_ram > high.end)
    {
      push (out, MV_REG_MTRR_PHYS_BASE3, high.end | MV_MTRR_TYPE_WB);
      push (out, MV_REG_MTRR_PHYS_MASK3, mv_mtrr_mask (gpa_space_size, split - 1));
      if (gpa_space_size > 43)
        {
          push (out, MV_REG_MTRR_PHYS_BASE4, ((guint64) 1 << 43) | MV_MTRR_TYPE_WB);
          push (out, MV_REG_MTRR_PHYS_MASK4,
                mv_mtrr_mask (gpa_space_size, ((guint64) 1 << gpa_space_size) - 1));
        }
    }

  return TRUE;
}

/**
 * mv_mtrr_auto_chipset_gap:
 * @mmio: (element-type MvRange): MMIO gaps, in the order given
 * @low: the low chipset gap, else the high one
 *
 * The chipset gap "auto" picks, the one owner of that rule: the low gap is
 * the first MMIO gap that ends at 4 GiB, the high gap the first at or
 * above 4 GiB.
 *
 * Returns: its index in @mmio, or -1 when there is none
 */
int
mv_mtrr_auto_chipset_gap (const GArray *mmio,
                          gboolean      low)
{
  g_return_val_if_fail (mmio != NULL, -1);

  for (guint i = 0; i < mmio->len; i++)
    {
      const MvRange *r = &g_array_index (mmio, MvRange, i);

      if (low ? r->end == MV_FOUR_GB : r->start >= MV_FOUR_GB)
        return (int) i;
    }
  return -1;
}

/**
 * mv_mtrr_default_chipset_gaps:
 * The CLI's defaults: the gaps mv_mtrr_auto_chipset_gap() picks from the
 * layout's MMIO gaps; each empty when absent.
 */
void
mv_mtrr_default_chipset_gaps (const MvLayout *layout,
                              MvRange        *low,
                              MvRange        *high)
{
  int l = mv_mtrr_auto_chipset_gap (layout->mmio, TRUE);
  int h = mv_mtrr_auto_chipset_gap (layout->mmio, FALSE);

  *low = l >= 0 ? g_array_index (layout->mmio, MvRange, l) : MV_RANGE_EMPTY;
  *high = h >= 0 ? g_array_index (layout->mmio, MvRange, h) : MV_RANGE_EMPTY;
}
