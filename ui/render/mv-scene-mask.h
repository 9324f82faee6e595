/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-effective.h"

G_BEGIN_DECLS

/*
 * The mask arithmetic of one address, as bit columns: for each valid
 * variable pair the CPU compares, the address, the pair's mask, address
 * AND mask and base AND mask, one column per address bit from MAXPHYADDR-1
 * down to 0. Built from mv_explain_address(); the painter is
 * mv-render-mask.c (the explain view).
 */

/**
 * MvMaskRow:
 * @pair: the pair number
 * @registers: "MtrrPhysBase1/MtrrPhysMask1"
 * @type: the pair's type
 * @base: PhysBase's address bits
 * @mask: PhysMask's address bits (what is compared)
 * @addr_masked: address & @mask
 * @base_masked: base & @mask
 * @match: @addr_masked == @base_masked
 * @deciding: the bits that decide the outcome: where they differ when the
 *   pair does not match, every bit of @mask when it does (all of them had
 *   to agree)
 */
typedef struct
{
  guint    pair;
  char    *registers;
  guint    type;
  guint64  base;
  guint64  mask;
  guint64  addr_masked;
  guint64  base_masked;
  gboolean match;
  guint64  deciding;
} MvMaskRow;

/**
 * MvMaskScene:
 * @address: the address explained
 * @width: MAXPHYADDR: the bits drawn are @width-1 .. 0
 * @title: "Why is 0x... WB?"
 * @conclusion: the precedence step's sentence
 * @rows: (element-type MvMaskRow): one per compared pair, in pair order
 * @note: (nullable): why no pair is drawn (none valid, below 1 MiB, ...)
 */
typedef struct _MvMaskScene
{
  guint64  address;
  guint    width;
  guint    type;
  char    *title;
  char    *conclusion;
  GArray  *rows;
  char    *note;
} MvMaskScene;

guint64      mv_mask_deciding_bits   (guint64                address,
                                      guint64                base,
                                      guint64                mask);
MvMaskScene *mv_mask_scene_new       (const MvExplanation   *explanation);
MvMaskScene *mv_mask_scene_copy      (const MvMaskScene     *scene);
void         mv_mask_scene_free      (MvMaskScene           *scene);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvMaskScene, mv_mask_scene_free)

G_END_DECLS
