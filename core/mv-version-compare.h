/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-effective.h"
#include "mv-layout.h"
#include "mv-mtrr-state.h"
#include "mv-mtrr-versions.h"
#include "mv-scenario.h"
#include "mv-steps.h"

G_BEGIN_DECLS

/*
 * OpenVMM's upstream versions of compute_variable_mtrrs side by side on
 * one layout: each version's MTRR state and effective map (or its error),
 * where every two versions that computed pairs differ, and the union of
 * those: the addresses where any two differ, with each version's type.
 * One computation for memviz-cli versions, the versions picture and the
 * window's Versions page.
 */

/* A version that failed has no type anywhere. */
#define MV_VERSION_NO_TYPE G_MAXUINT

/**
 * MvVersionResult:
 * @version: which upstream version
 * @state: (nullable): its whole MTRR state (NULL when it failed)
 * @effective: (nullable): its effective map over [0, 2^width)
 * @error: (nullable): why it failed (UnsupportedMmio, ...)
 */
typedef struct
{
  MvOpenvmmVersion version;
  MvMtrrState     *state;
  MvEffectiveMap  *effective;
  GError          *error;
} MvVersionResult;

/**
 * MvVersionPairDiff:
 * @a, @b: indices into MvVersionComparison.results, @a < @b
 * @ranges: (element-type MvStepChange): where their effective types
 *   differ, @from being @a's type and @to @b's (mv_effective_map_diff())
 */
typedef struct
{
  guint   a;
  guint   b;
  GArray *ranges;
} MvVersionPairDiff;

/**
 * MvVersionDifference:
 * @range: addresses where at least two versions' types differ, maximal
 *   with the same types
 * @types: each result's type there (MV_MEM_TYPE_*), MV_VERSION_NO_TYPE
 *   for a version that failed
 */
typedef struct
{
  MvRange range;
  guint   types[MV_OPENVMM_VERSION_N];
} MvVersionDifference;

/**
 * MvVersionComparison:
 * @results: every version, oldest first (pre-3550, 3550, current)
 * @pairs: (element-type MvVersionPairDiff): every two results that both
 *   computed pairs, in the order (0, 1), (0, 2), (1, 2)
 * @differences: (element-type MvVersionDifference): the union of
 *   @pairs' ranges, ascending
 */
typedef struct
{
  MvVersionResult results[MV_OPENVMM_VERSION_N];
  GArray         *pairs;
  GArray         *differences;
} MvVersionComparison;

MvVersionComparison *mv_version_comparison_new    (const MvLayout   *layout,
                                                   guint             width,
                                                   MvRange           chipset_low_mmio,
                                                   MvRange           chipset_high_mmio,
                                                   MvMtrrProfile     profile,
                                                   guint             vcnt);
MvVersionComparison *mv_version_comparison_new_for_scenario (const MvScenario *scenario,
                                                             GError          **error);
void                 mv_version_comparison_free   (MvVersionComparison *comparison);
/* How many versions computed pairs. */
guint                mv_version_comparison_n_computed (const MvVersionComparison *comparison);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvVersionComparison, mv_version_comparison_free)

G_END_DECLS
