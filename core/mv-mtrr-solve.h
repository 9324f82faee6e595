/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-layout.h"
#include "mv-mtrr-state.h"

G_BEGIN_DECLS

/*
 * The fewest variable MTRRs for a layout, the way firmware searches for
 * them (EDK2's MtrrLib, coreboot): aligned power-of-two blocks, write-back
 * blocks over the RAM and, where that is cheaper, uncachable blocks that
 * cut holes out of them (UC wins over WB). Every solution is proved by
 * running it through the effective map.
 *
 * The wanted types: every RAM byte WB; every other byte below the top of
 * the layout (end_of_layout) the default type or UC; above the top,
 * anything. Only variable pairs are used (FE clear).
 */

#define MV_MTRR_SOLVE_ERROR (mv_mtrr_solve_error_quark ())

typedef enum
{
  MV_MTRR_SOLVE_ERROR_BAD_DEFAULT_TYPE,
  MV_MTRR_SOLVE_ERROR_UNREACHABLE,
  MV_MTRR_SOLVE_ERROR_TOO_MANY_RUNS,  /* more than MV_MTRR_SOLVE_MAX_RUNS */
} MvMtrrSolveError;

/* The search costs the square of the RAM runs (the pieces of RAM between
 * gaps): past this many (a second's work), it refuses. */
#define MV_MTRR_SOLVE_MAX_RUNS 1024

/**
 * MvMtrrCheck:
 * How far a state is from the wanted types over `[0, top)`.
 * @ram_not_wb: RAM bytes whose effective type is not WB
 * @other_wb: non-RAM bytes below the top that end up WB (or undefined)
 */
typedef struct
{
  guint64 top;
  guint64 ram_not_wb;
  guint64 other_wb;
} MvMtrrCheck;

typedef struct
{
  MvMtrrState *state;      /* default type, E set, the pairs found */
  guint        n_pairs;
  guint        n_wb;
  guint        n_uc;
  MvMtrrCheck  check;      /* the proof: both counts 0 */
} MvMtrrSolution;

GQuark          mv_mtrr_solve_error_quark (void);

MvMtrrSolution *mv_mtrr_solve          (const MvLayout     *layout,
                                        guint               width,
                                        guint               default_type,
                                        GError            **error);
void            mv_mtrr_solution_free  (MvMtrrSolution     *solution);
void            mv_mtrr_check_state    (const MvMtrrState  *state,
                                        const MvLayout     *layout,
                                        MvMtrrCheck        *out);
guint           mv_mtrr_state_count_valid_pairs (const MvMtrrState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvMtrrSolution, mv_mtrr_solution_free)

G_END_DECLS
