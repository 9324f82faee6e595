/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-layout.h"
#include "mv-x86.h"

G_BEGIN_DECLS

#define MV_MTRR_ERROR (mv_mtrr_error_quark ())

typedef enum
{
  /* Upstream computes `chipset_low_mmio.start() - 1`; it underflows (and
   * panics in a checked build) for a low gap at address 0. */
  MV_MTRR_ERROR_LOW_MMIO_AT_ZERO,
  /* Likewise `chipset_high_mmio.start() - 1`. */
  MV_MTRR_ERROR_HIGH_MMIO_AT_ZERO,
  /* Before PR #3550 (mv-mtrr-versions.h): the layout has not exactly two
   * MMIO gaps. */
  MV_MTRR_ERROR_UNSUPPORTED_MMIO,
} MvMtrrError;

#define MV_MTRR_TYPE_WB       ((guint64) 0x6)
#define MV_MTRR_MASK_VALID    ((guint64) 1 << 11)
#define MV_MTRR_WIDTH_MIN     36
#define MV_MTRR_WIDTH_MAX     52
#define MV_MTRR_DEFAULT_WIDTH 46

GQuark      mv_mtrr_error_quark         (void);
const char *mv_mtrr_error_name          (int               code);

guint8      mv_mtrr_clamp_width         (guint8            width);
guint64     mv_mtrr_mask                (guint8            gpa_space_size,
                                         guint64           maximum_address);
gboolean    mv_mtrr_compute_variable    (const MvLayout   *layout,
                                         guint8            physical_address_width,
                                         MvRange           chipset_low_mmio,
                                         MvRange           chipset_high_mmio,
                                         GArray           *out,
                                         GError          **error);
int         mv_mtrr_auto_chipset_gap    (const GArray     *mmio,
                                         gboolean          low);
void        mv_mtrr_default_chipset_gaps (const MvLayout  *layout,
                                          MvRange         *low,
                                          MvRange         *high);

G_END_DECLS
