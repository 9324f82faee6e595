/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-effective.h"
#include "mv-layout.h"
#include "mv-mtrr-state.h"
#include "mv-mtrr-versions.h"
#include "mv-scenario.h"

G_BEGIN_DECLS

/*
 * A lesson: the MTRR state a guest boots with, then the variable pairs added
 * one at a time, each step with the pair, the effective map after it, the
 * ranges whose effective type it changed and one sentence saying why the
 * pair is there and what it changed.
 *
 * Step 0 is the boot state: the profile's MtrrDefType and fixed ranges, no
 * variable pair. Then either OpenVMM's pairs in the order
 * compute_variable_mtrrs emits them (for the chosen upstream version), or
 * the fewest-pairs solution (mv-mtrr-solve.h) in the order the solver
 * lists them. Both start from the same boot state, so they can be stepped
 * side by side. With a VTL2 range OpenVMM sets no variable pair (VTL2 does):
 * the openvmm lesson then has step 0 alone.
 */

typedef enum
{
  MV_STEPS_STRATEGY_OPENVMM,
  MV_STEPS_STRATEGY_FEWEST,
} MvStepsStrategy;

/* "openvmm", "fewest" */
const char   *mv_steps_strategy_to_string   (MvStepsStrategy   strategy);
gboolean      mv_steps_strategy_from_string (const char       *text,
                                             MvStepsStrategy  *out,
                                             GError          **error);
const char *const *mv_steps_strategy_names  (void);

/* Which lessons to step, as bits (1 << MvStepsStrategy): one strategy, or
 * MV_STEPS_BOTH, both side by side, stepped together (see
 * mv_steps_index_at()). "openvmm", "fewest" or "both". */
#define MV_STEPS_BOTH ((1u << MV_STEPS_STRATEGY_OPENVMM) | (1u << MV_STEPS_STRATEGY_FEWEST))

gboolean      mv_steps_strategies_from_string (const char     *text,
                                               guint          *strategies,
                                               GError        **error);

/* Why a step is there. */
typedef enum
{
  MV_STEP_KIND_BOOT,         /* step 0 */
  MV_STEP_KIND_OPENVMM,      /* an OpenVMM pair: see @reason */
  MV_STEP_KIND_FEWEST_WB,    /* a solver pair marking RAM write-back */
  MV_STEP_KIND_FEWEST_UC,    /* a solver pair cutting an uncachable hole */
} MvStepKind;

const char   *mv_step_kind_name             (MvStepKind        kind);

/**
 * MvStepChange:
 * @range: addresses, `[start, end)`, maximal
 * @from: their effective MTRR type before the step (MV_MEM_TYPE_*)
 * @to: after it
 */
typedef struct
{
  MvRange range;
  guint   from;
  guint   to;
} MvStepChange;

/**
 * MvStep:
 * @index: its number, from 0 (the boot state)
 * @kind: why it is there
 * @reason: for MV_STEP_KIND_OPENVMM, the branch of compute_variable_mtrrs
 *   that emitted the pair
 * @has_pair: a pair was added (every step but 0)
 * @pair: the pair added, decoded in @state (its registers @pair.base and
 *   @pair.mask, the programmed range @pair.programmed when
 *   @pair.has_programmed, the ranges the CPU really matches @pair.matched,
 *   @pair.n_matched); the pair number is @pair.n
 * @state: (transfer none): the whole MTRR state after this step
 * @effective: (transfer none): its effective map over [0, 2^width)
 * @changed: (element-type MvStepChange): the ranges whose effective type
 *   differs from the previous step's, ascending (empty for step 0 and for
 *   a pair that changes nothing)
 * @sentence: one sentence: why the pair is there and what it changed
 *   (for step 0: what the boot state is)
 */
typedef struct
{
  guint           index;
  MvStepKind      kind;
  MvMtrrReason    reason;
  gboolean        has_pair;
  MvMtrrPairInfo  pair;
  MvMtrrState    *state;
  MvEffectiveMap *effective;
  GArray         *changed;
  char           *sentence;
} MvStep;

/**
 * MvSteps:
 * @strategy: whose pairs
 * @version: the upstream version (MV_STEPS_STRATEGY_OPENVMM)
 * @width: MAXPHYADDR (clamped to 36..52)
 * @steps: (element-type MvStep): step 0 first
 * @refusal: (nullable): from mv_steps_new_for_lesson() only: the version's
 *   error (MV_MTRR_ERROR) when it refused the layout; @steps then holds
 *   step 0 alone
 * @refusal_sentence: (nullable): @refusal for a slide: upstream's name for
 *   it, what the version refused and why
 */
typedef struct
{
  MvStepsStrategy  strategy;
  MvOpenvmmVersion version;
  guint8           width;
  GPtrArray       *steps;
  GError          *refusal;
  char            *refusal_sentence;
} MvSteps;

/**
 * mv_steps_new:
 * @layout: the guest's memory layout
 * @width: the physical address width (clamped to 36..52 like upstream)
 * @chipset_low_mmio, @chipset_high_mmio: the chipset gaps OpenVMM is given
 * @profile: the boot profile giving step 0 (MtrrDefType, fixed ranges)
 * @vcnt: VCNT announced in IA32_MTRRCAP
 *
 * Returns: (transfer full) (nullable): the lesson, or NULL with @error
 *   (the version's MV_MTRR_ERROR, the solver's MV_MTRR_SOLVE_ERROR, a bad
 *   @vcnt)
 */
MvSteps      *mv_steps_new                  (const MvLayout   *layout,
                                             MvStepsStrategy   strategy,
                                             MvOpenvmmVersion  version,
                                             guint8            width,
                                             MvRange           chipset_low_mmio,
                                             MvRange           chipset_high_mmio,
                                             MvMtrrProfile     profile,
                                             guint             vcnt,
                                             GError          **error);
/* The same for a scenario's layout, gaps, width, profile, VCNT and
 * OpenVMM version. NULL with @error when the scenario has no layout. */
MvSteps      *mv_steps_new_for_scenario     (const MvScenario *scenario,
                                             MvStepsStrategy   strategy,
                                             GError          **error);
/* As mv_steps_new_for_scenario(), for a lesson that shows what a version
 * refuses: where the OpenVMM version refuses the layout (MV_MTRR_ERROR),
 * the boot state with @refusal set instead of an error. */
MvSteps      *mv_steps_new_for_lesson       (const MvScenario *scenario,
                                             MvStepsStrategy   strategy,
                                             GError          **error);
void          mv_steps_free                 (MvSteps          *steps);
guint         mv_steps_get_n_steps          (const MvSteps    *steps);
const MvStep *mv_steps_get_step             (const MvSteps    *steps,
                                             guint             index);

/* Side by side, both lessons are at the same @position: each shows
 * step @position, or its last step once it has no more (@done, nullable,
 * then TRUE). */
guint         mv_steps_index_at             (const MvSteps    *steps,
                                             guint             position,
                                             gboolean         *done);
/* The pairs a lesson adds: its steps but step 0. */
guint         mv_steps_get_n_pairs          (const MvSteps    *steps);

/* The ranges where two maps' effective MTRR types differ, maximal, as
 * #MvStepChange (@from from @before, @to from @after): what a step
 * changed, or where two versions differ. */
GArray       *mv_effective_map_diff         (const MvEffectiveMap *before,
                                             const MvEffectiveMap *after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvSteps, mv_steps_free)

G_END_DECLS
