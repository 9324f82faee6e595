/* SPDX-License-Identifier: MIT */
/* What mv-effective.c, mv-explain.c and mv-diagnose.c share: the
 * evaluation both the map and an explanation use, and a few words. */
#pragma once

#include "mv-effective.h"

G_BEGIN_DECLS

#define ONE_MIB ((guint64) 0x100000)
#define DEF_TYPE (mv_reg_name_to_string (MV_REG_MTRR_DEF_TYPE))

#define REF_PRECEDENCE "Intel SDM vol. 3A 11.11.4.1 (MTRR precedences)"
#define REF_PRECEDENCE_SHORT "Intel SDM vol. 3A 11.11.4.1"

typedef struct
{
  guint   n;
  guint64 mask;   /* the address bits of PhysMask */
  guint64 match;  /* PhysBase & mask */
  guint64 block;  /* size of each matched range */
  guint   type;
} ActivePair;

typedef struct
{
  const MvMtrrState *state;
  guint64     limit;
  gboolean    enabled;
  gboolean    fixed_enabled;
  guint       default_type;
  ActivePair *pairs;
  guint       n_pairs;
} Eval;

void     _mv_eval_init  (Eval              *ev,
                         const MvMtrrState *state);
void     _mv_eval_clear (Eval              *ev);
guint64  _mv_eval_step  (const Eval        *ev,
                         guint64            x,
                         MvEffectiveRange  *out);
guint    _mv_apply_pat  (guint              type,
                         gint               pat_type);
char    *_mv_range_text (guint64            start,
                         guint64            end);

G_END_DECLS
