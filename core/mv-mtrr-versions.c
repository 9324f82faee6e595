/* SPDX-License-Identifier: MIT */
/* OpenVMM's compute_variable_mtrrs as it was before PR #3550 and at
 * PR #3550 (vm/loader/src/common.rs at 5361e057e^ and 5361e057e), bit for
 * bit; the current version is mv_mtrr_compute_variable() (mv-mtrr.c).
 * compute_older() repeats most of mv-mtrr.c's branches on purpose: each
 * version reads like its upstream source, and the current one stays the
 * code the vectors have always checked. */
#include "mv-mtrr-versions.h"

static const char *const version_names[] = { "pre-3550", "3550", "current", NULL };

static const struct
{
  MvOpenvmmVersion version;
  const char *name;
  const char *title;
  const char *change;
  const char *commit;
  const char *describe;
} versions[] = {
  { MV_OPENVMM_VERSION_PRE_3550, "pre-3550", "before PR #3550 (exactly two MMIO gaps)",
    "the original: the layout's own MMIO gaps, exactly two", "5361e057e^",
    "Reads the layout's own MMIO gaps and refuses any layout without exactly two of them "
    "(UnsupportedMmio): the first is the low gap, the second the high one." },
  { MV_OPENVMM_VERSION_3550, "3550", "PR #3550 (chipset gaps; no high gap: up to 8 TiB and 2^width)",
    "PR #3550: the chipset's gaps; with no high gap, up to 8 TiB and 2^width", "5361e057e",
    "Takes the chipset low and high gaps; with no high gap it covers from the low gap up to "
    "8 TiB, plus a pair from 8 TiB up to 2^width when the width is above 43 bits." },
  { MV_OPENVMM_VERSION_CURRENT, "current", "current, since PR #3599 (no high gap: up to the end of RAM)",
    "since PR #3599: with no high gap, only up to the end of RAM", "3d1207b5c",
    "Like PR #3550, but with no high gap only up to the end of RAM, so what lies above RAM "
    "(PCIe MMIO64 windows) stays uncachable." },
};

static guint
version_row (MvOpenvmmVersion version)
{
  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    if (versions[i].version == version)
      return i;
  g_return_val_if_reached (G_N_ELEMENTS (versions) - 1);
}

const char *
mv_openvmm_version_to_string (MvOpenvmmVersion version)
{
  return versions[version_row (version)].name;
}

const char *const *
mv_openvmm_version_names (void)
{
  return version_names;
}

const char *
mv_openvmm_version_title (MvOpenvmmVersion version)
{
  return versions[version_row (version)].title;
}

const char *
mv_openvmm_version_change (MvOpenvmmVersion version)
{
  return versions[version_row (version)].change;
}

const char *
mv_openvmm_version_commit (MvOpenvmmVersion version)
{
  return versions[version_row (version)].commit;
}

const char *
mv_openvmm_version_describe (MvOpenvmmVersion version)
{
  return versions[version_row (version)].describe;
}

/**
 * mv_openvmm_version_from_string:
 * Accepts the names mv_openvmm_version_names() lists (any case).
 */
gboolean
mv_openvmm_version_from_string (const char       *text,
                                MvOpenvmmVersion *out,
                                GError          **error)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (versions); i++)
    {
      if (g_ascii_strcasecmp (text, versions[i].name) == 0)
        {
          *out = versions[i].version;
          return TRUE;
        }
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "unknown OpenVMM version \"%s\" (one of: pre-3550, 3550, current)",
               text != NULL ? text : "");
  return FALSE;
}

static void
push (GArray   *out,
      MvRegName name,
      guint64   value)
{
  MvX86Register reg = { .name = name, .value = value };
  g_array_append_val (out, reg);
}

/* Upstream's branches, for 3550 and pre-3550: with @two_gaps (pre-3550)
 * the high gap is always there. */
static gboolean
compute_older (MvOpenvmmVersion version,
               const MvLayout  *layout,
               guint8           physical_address_width,
               MvRange          low,
               MvRange          high,
               GArray          *out,
               GError         **error)
{
  const guint64 pcat_mtrr_size = 128 * 1024 * 1024;
  const guint64 eight_tb = (guint64) 1 << 43;
  guint8 gpa_space_size = mv_mtrr_clamp_width (physical_address_width);
  guint64 end_of_ram = mv_layout_end_of_ram (layout);
  guint64 split = (guint64) 1 << MIN (gpa_space_size, 43);
  guint64 top = ((guint64) 1 << gpa_space_size) - 1;
  gboolean high_empty = version == MV_OPENVMM_VERSION_3550 && mv_range_is_empty (&high);

  if (end_of_ram > pcat_mtrr_size && low.start == 0)
    {
      g_set_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_LOW_MMIO_AT_ZERO,
                   "the low MMIO gap starts at 0: upstream's \"low MMIO start - 1\" "
                   "would underflow");
      return FALSE;
    }
  if (end_of_ram > low.end && !high_empty && high.start == 0)
    {
      g_set_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_HIGH_MMIO_AT_ZERO,
                   "the high MMIO gap starts at 0: upstream's \"high MMIO start - 1\" "
                   "would underflow");
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
          /* #3550: up to 8 TiB whatever the RAM, then up to 2^width. */
          push (out, MV_REG_MTRR_PHYS_MASK2, mv_mtrr_mask (gpa_space_size, split - 1));
          if (gpa_space_size > 43)
            {
              push (out, MV_REG_MTRR_PHYS_BASE3, eight_tb | MV_MTRR_TYPE_WB);
              push (out, MV_REG_MTRR_PHYS_MASK3, mv_mtrr_mask (gpa_space_size, top));
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
          push (out, MV_REG_MTRR_PHYS_BASE4, eight_tb | MV_MTRR_TYPE_WB);
          push (out, MV_REG_MTRR_PHYS_MASK4, mv_mtrr_mask (gpa_space_size, top));
        }
    }

  return TRUE;
}

gboolean
mv_mtrr_compute_version (MvOpenvmmVersion version,
                         const MvLayout  *layout,
                         guint8           physical_address_width,
                         MvRange          chipset_low_mmio,
                         MvRange          chipset_high_mmio,
                         GArray          *out,
                         GError         **error)
{
  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  switch (version)
    {
    case MV_OPENVMM_VERSION_PRE_3550:
      /* `let &[mmio_gap_low, mmio_gap_high] = memory.mmio().try_into()` */
      if (layout->mmio->len != 2)
        {
          g_set_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_UNSUPPORTED_MMIO,
                       "exactly two MMIO gaps are required (the layout has %u): "
                       "OpenVMM before PR #3550 refused this layout", layout->mmio->len);
          return FALSE;
        }
      return compute_older (version, layout, physical_address_width,
                            g_array_index (layout->mmio, MvRange, 0),
                            g_array_index (layout->mmio, MvRange, 1), out, error);
    case MV_OPENVMM_VERSION_3550:
      return compute_older (version, layout, physical_address_width,
                            chipset_low_mmio, chipset_high_mmio, out, error);
    case MV_OPENVMM_VERSION_CURRENT:
    default:
      return mv_mtrr_compute_variable (layout, physical_address_width,
                                       chipset_low_mmio, chipset_high_mmio, out, error);
    }
}

static const char *const reason_names[] = {
  [MV_MTRR_REASON_PCAT_128M] = "pcat-128m",
  [MV_MTRR_REASON_BELOW_LOW_GAP] = "below-low-gap",
  [MV_MTRR_REASON_LOW_TO_HIGH_GAP] = "low-to-high-gap",
  [MV_MTRR_REASON_LOW_GAP_TO_8TB] = "low-gap-to-8tb",
  [MV_MTRR_REASON_LOW_GAP_TO_END_OF_RAM] = "low-gap-to-end-of-ram",
  [MV_MTRR_REASON_8TB_TO_TOP] = "8tb-to-top",
  [MV_MTRR_REASON_8TB_TO_END_OF_RAM] = "8tb-to-end-of-ram",
  [MV_MTRR_REASON_HIGH_GAP_TO_8TB] = "high-gap-to-8tb",
  [MV_MTRR_REASON_HIGH_8TB_TO_TOP] = "high-8tb-to-top",
};

const char *
mv_mtrr_reason_name (MvMtrrReason reason)
{
  return (guint) reason < G_N_ELEMENTS (reason_names) ? reason_names[reason] : "unknown";
}

gboolean
mv_mtrr_version_pair_reason (MvOpenvmmVersion version,
                             guint            n,
                             gboolean         high_empty,
                             MvMtrrReason    *out)
{
  gboolean no_high = high_empty && version != MV_OPENVMM_VERSION_PRE_3550;

  switch (n)
    {
    case 0: *out = MV_MTRR_REASON_PCAT_128M; return TRUE;
    case 1: *out = MV_MTRR_REASON_BELOW_LOW_GAP; return TRUE;
    case 2:
      if (!no_high)
        *out = MV_MTRR_REASON_LOW_TO_HIGH_GAP;
      else if (version == MV_OPENVMM_VERSION_3550)
        *out = MV_MTRR_REASON_LOW_GAP_TO_8TB;
      else
        *out = MV_MTRR_REASON_LOW_GAP_TO_END_OF_RAM;
      return TRUE;
    case 3:
      if (!no_high)
        *out = MV_MTRR_REASON_HIGH_GAP_TO_8TB;
      else if (version == MV_OPENVMM_VERSION_3550)
        *out = MV_MTRR_REASON_8TB_TO_TOP;
      else
        *out = MV_MTRR_REASON_8TB_TO_END_OF_RAM;
      return TRUE;
    case 4:
      if (no_high)
        return FALSE;
      *out = MV_MTRR_REASON_HIGH_8TB_TO_TOP;
      return TRUE;
    default:
      return FALSE;
    }
}
