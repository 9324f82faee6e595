/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-layout.h"
#include "mv-mtrr.h"

G_BEGIN_DECLS

/*
 * OpenVMM's compute_variable_mtrrs (vm/loader/src/common.rs) as it was at
 * each change upstream, ported bit for bit:
 *
 *   "pre-3550"  before PR #3550 (up to 5361e057e^): reads the layout's own
 *               MMIO gaps and refuses any layout without exactly two
 *               (UnsupportedMmio); the first gap is the low one, the
 *               second the high one. The chipset gaps given are ignored.
 *   "3550"      PR #3550 (5361e057e, May 2026): takes the chipset low and
 *               high gaps; with no high gap, pair 2 covers from the low
 *               gap's end up to 8 TiB and, when the width is above 43
 *               bits, pair 3 from 8 TiB up to 2^width.
 *   "current"   PR #3599 (3d1207b5c, June 2026) and later: the same, but
 *               with no high gap only up to the end of RAM (pair 3 only for
 *               RAM above 8 TiB). This is mv_mtrr_compute_variable(), the
 *               default everywhere.
 *
 * The enum's zero is the current version, so a zeroed document computes
 * what OpenVMM computes today.
 */

typedef enum
{
  MV_OPENVMM_VERSION_CURRENT,
  MV_OPENVMM_VERSION_3550,
  MV_OPENVMM_VERSION_PRE_3550,
} MvOpenvmmVersion;

#define MV_OPENVMM_VERSION_N       3
#define MV_OPENVMM_VERSION_DEFAULT MV_OPENVMM_VERSION_CURRENT

/* "current", "3550", "pre-3550": what documents, the CLI and JSON say. */
const char   *mv_openvmm_version_to_string  (MvOpenvmmVersion  version);
gboolean      mv_openvmm_version_from_string (const char       *text,
                                             MvOpenvmmVersion *out,
                                             GError          **error);
/* NULL-terminated, in the order oldest first: pre-3550, 3550, current. */
const char *const *mv_openvmm_version_names (void);
/* A short title for a teacher, e.g. "before PR #3550 (two MMIO gaps)". */
const char   *mv_openvmm_version_title      (MvOpenvmmVersion  version);
/* What tells it from the others, with its PR but not its name, for a
 * heading after the name: "since PR #3599: with no high gap, only up to
 * the end of RAM". */
const char   *mv_openvmm_version_change     (MvOpenvmmVersion  version);
/* The upstream commit that introduced it ("5361e057e"), or, for pre-3550,
 * the last commit before #3550 ("5361e057e^"). */
const char   *mv_openvmm_version_commit     (MvOpenvmmVersion  version);
/* One or two sentences: what this version does differently. */
const char   *mv_openvmm_version_describe   (MvOpenvmmVersion  version);

/**
 * mv_mtrr_compute_version:
 * @version: which upstream compute_variable_mtrrs to run
 * @out: an array of #MvX86Register to append the pairs to, in upstream's
 *   emission order (MtrrPhysBase0, MtrrPhysMask0, MtrrPhysBase1, ...)
 *
 * Like mv_mtrr_compute_variable() (which is what
 * MV_OPENVMM_VERSION_CURRENT runs). Pre-3550 ignores @chipset_low_mmio and
 * @chipset_high_mmio and fails with MV_MTRR_ERROR_UNSUPPORTED_MMIO unless
 * @layout has exactly two MMIO gaps. On error nothing is appended.
 */
gboolean      mv_mtrr_compute_version       (MvOpenvmmVersion  version,
                                             const MvLayout   *layout,
                                             guint8            physical_address_width,
                                             MvRange           chipset_low_mmio,
                                             MvRange           chipset_high_mmio,
                                             GArray           *out,
                                             GError          **error);

/* Which branch of compute_variable_mtrrs emitted a pair. */
typedef enum
{
  MV_MTRR_REASON_PCAT_128M,          /* pair 0: the PCAT BIOS's first 128 MiB */
  MV_MTRR_REASON_BELOW_LOW_GAP,      /* pair 1: 128 MiB up to the low gap */
  MV_MTRR_REASON_LOW_TO_HIGH_GAP,    /* pair 2: the low gap's end up to the high gap */
  MV_MTRR_REASON_LOW_GAP_TO_8TB,     /* pair 2, 3550, no high gap: up to 8 TiB */
  MV_MTRR_REASON_LOW_GAP_TO_END_OF_RAM, /* pair 2, current, no high gap */
  MV_MTRR_REASON_8TB_TO_TOP,         /* pair 3, 3550, no high gap: 8 TiB up to 2^width */
  MV_MTRR_REASON_8TB_TO_END_OF_RAM,  /* pair 3, current, no high gap, RAM above 8 TiB */
  MV_MTRR_REASON_HIGH_GAP_TO_8TB,    /* pair 3: the high gap's end up to 8 TiB */
  MV_MTRR_REASON_HIGH_8TB_TO_TOP,    /* pair 4: 8 TiB up to 2^width */
} MvMtrrReason;

const char   *mv_mtrr_reason_name           (MvMtrrReason      reason);
/* The branch that emits pair @n of @version's output (@high_empty: the
 * chipset high gap given is empty; ignored for pre-3550). FALSE for a pair
 * number the version never emits. */
gboolean      mv_mtrr_version_pair_reason   (MvOpenvmmVersion  version,
                                             guint             n,
                                             gboolean          high_empty,
                                             MvMtrrReason     *out);

G_END_DECLS
