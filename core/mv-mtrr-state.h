/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-layout.h"
#include "mv-mtrr-versions.h"
#include "mv-x86.h"

G_BEGIN_DECLS

/*
 * The whole MTRR state of one guest CPU, as raw register values: what
 * IA32_MTRRCAP reports, IA32_MTRR_DEF_TYPE, the 11 fixed-range registers and
 * the variable base/mask pairs, plus MAXPHYADDR. Values are kept exactly as
 * given: reserved type values, reserved bits and bits above MAXPHYADDR are
 * never dropped here; mv-effective.h reports them.
 */

#define MV_MTRR_STATE_ERROR (mv_mtrr_state_error_quark ())

typedef enum
{
  MV_MTRR_STATE_ERROR_UNKNOWN_PROFILE,
  MV_MTRR_STATE_ERROR_UNKNOWN_MSR,
  MV_MTRR_STATE_ERROR_NOT_MTRR_REGISTER,
  MV_MTRR_STATE_ERROR_BAD_VCNT,
  MV_MTRR_STATE_ERROR_BAD_PAIR_INDEX,
} MvMtrrStateError;

/* The loaders' boot profiles (UPSTREAM.md, "The rest of the MTRR state"). */
typedef enum
{
  MV_MTRR_PROFILE_NONE,          /* nothing imported: all registers 0 */
  MV_MTRR_PROFILE_LINUX_DIRECT,  /* DefType 0xc00, 0-640 KiB WB */
  MV_MTRR_PROFILE_UEFI,          /* the same as linux-direct */
  MV_MTRR_PROFILE_PCAT,          /* the same plus 0xE0000-0xFFFFF WB */
} MvMtrrProfile;

/* MSR numbers (Intel SDM vol. 4 and vol. 3A 11.11). */
#define MV_MSR_MTRRCAP              0x0fe
#define MV_MSR_MTRR_PHYS_BASE0      0x200   /* base n = 0x200 + 2n, mask n = 0x201 + 2n */
#define MV_MSR_MTRR_FIX64K_00000    0x250
#define MV_MSR_MTRR_FIX16K_80000    0x258
#define MV_MSR_MTRR_FIX16K_A0000    0x259
#define MV_MSR_MTRR_FIX4K_C0000     0x268   /* ... 0x26f = Fix4kF8000 */
#define MV_MSR_MTRR_DEF_TYPE        0x2ff

/* IA32_MTRRCAP fields. */
#define MV_MTRR_CAP_VCNT_MASK       ((guint64) 0xff)
#define MV_MTRR_CAP_FIX             ((guint64) 1 << 8)
#define MV_MTRR_CAP_WC              ((guint64) 1 << 10)
#define MV_MTRR_CAP_SMRR            ((guint64) 1 << 11)
/* VCNT 8, FIX and WC: what the profiles start from (OpenVMM keeps 8 pairs). */
#define MV_MTRR_CAP_DEFAULT         ((guint64) 8 | MV_MTRR_CAP_FIX | MV_MTRR_CAP_WC)
#define MV_MTRR_DEFAULT_VCNT        8

/* IA32_MTRR_DEF_TYPE fields. */
#define MV_MTRR_DEF_TYPE_TYPE_MASK  ((guint64) 0xff)
#define MV_MTRR_DEF_TYPE_FE         ((guint64) 1 << 10)
#define MV_MTRR_DEF_TYPE_E          ((guint64) 1 << 11)

/* IA32_MTRR_PHYSBASEn / PHYSMASKn fields (MV_MTRR_MASK_VALID is bit 11). */
#define MV_MTRR_BASE_TYPE_MASK      ((guint64) 0xff)

#define MV_MTRR_N_FIXED             11
/* The most pairs VCNT (8 bits) can announce. */
#define MV_MTRR_MAX_PAIRS           255

/**
 * MvMtrrPair:
 * One variable-range pair: the raw IA32_MTRR_PHYSBASEn and
 * IA32_MTRR_PHYSMASKn values.
 */
typedef struct
{
  guint64 base;
  guint64 mask;
} MvMtrrPair;

/**
 * MvMtrrState:
 * @cap: IA32_MTRRCAP; VCNT is bits 7:0 (see mv_mtrr_state_get_vcnt())
 * @def_type: IA32_MTRR_DEF_TYPE, raw
 * @fixed: the fixed-range registers, raw, in MSR order: 0x250 (64K_00000),
 *   0x258 (16K_80000), 0x259 (16K_A0000), 0x268..0x26F (4K_C0000..4K_F8000)
 * @pairs: #MvMtrrPair; index n is pair n. It may hold more pairs than VCNT
 *   announces (reported, and ignored by the effective map). Pairs never
 *   set are all zero (disabled).
 * @width_asked: the physical address width asked for
 * @width: MAXPHYADDR used: @width_asked clamped to 36..52, like upstream
 * @variable_skipped_for_vtl2: mv_mtrr_state_new_for_guest() left out the
 *   variable pairs because the layout has a VTL2 range (OpenVMM does not set
 *   variable MTRRs when VTL2 is configured)
 *
 * Plain data: read the fields directly, change them with the setters (or
 * directly, the analysis accepts any values).
 */
typedef struct
{
  guint64  cap;
  guint64  def_type;
  guint64  fixed[MV_MTRR_N_FIXED];
  GArray  *pairs;
  guint    width_asked;
  guint8   width;
  gboolean variable_skipped_for_vtl2;
} MvMtrrState;

GQuark        mv_mtrr_state_error_quark   (void);

const char   *mv_mtrr_profile_to_string   (MvMtrrProfile      profile);
gboolean      mv_mtrr_profile_from_string (const char        *text,
                                           MvMtrrProfile     *out,
                                           GError           **error);
const char *const *mv_mtrr_profile_names  (void);

MvMtrrState  *mv_mtrr_state_new           (void);
MvMtrrState  *mv_mtrr_state_new_for_profile (MvMtrrProfile    profile);
MvMtrrState  *mv_mtrr_state_new_for_guest (const MvLayout    *layout,
                                           guint              width,
                                           MvRange            chipset_low_mmio,
                                           MvRange            chipset_high_mmio,
                                           MvMtrrProfile      profile,
                                           guint              vcnt,
                                           GError           **error);
MvMtrrState  *mv_mtrr_state_new_for_version (MvOpenvmmVersion   version,
                                             const MvLayout    *layout,
                                             guint              width,
                                             MvRange            chipset_low_mmio,
                                             MvRange            chipset_high_mmio,
                                             MvMtrrProfile      profile,
                                             guint              vcnt,
                                             GError           **error);
MvMtrrState  *mv_mtrr_state_copy          (const MvMtrrState *state);
void          mv_mtrr_state_free          (MvMtrrState       *state);

guint         mv_mtrr_state_get_vcnt      (const MvMtrrState *state);
gboolean      mv_mtrr_state_set_vcnt      (MvMtrrState       *state,
                                           guint              vcnt,
                                           GError           **error);
void          mv_mtrr_state_set_width     (MvMtrrState       *state,
                                           guint              width_asked);
guint64       mv_mtrr_state_address_limit (const MvMtrrState *state);

gboolean      mv_mtrr_state_set_pair      (MvMtrrState       *state,
                                           guint              n,
                                           guint64            base,
                                           guint64            mask,
                                           GError           **error);
gboolean      mv_mtrr_state_get_pair      (const MvMtrrState *state,
                                           guint              n,
                                           MvMtrrPair        *out);
guint         mv_mtrr_state_get_n_pairs   (const MvMtrrState *state);

gboolean      mv_mtrr_state_set_msr       (MvMtrrState       *state,
                                           guint32            msr,
                                           guint64            value,
                                           GError           **error);
gboolean      mv_mtrr_state_set_register  (MvMtrrState       *state,
                                           const MvX86Register *reg,
                                           GError           **error);

/* Fixed-range register geometry. */
guint32       mv_mtrr_fixed_msr           (guint              index);
const char   *mv_mtrr_fixed_name          (guint              index);
guint64       mv_mtrr_fixed_start         (guint              index);
guint64       mv_mtrr_fixed_unit          (guint              index);
gboolean      mv_mtrr_fixed_lookup        (guint64            address,
                                           guint             *index,
                                           guint             *byte);

char         *mv_mtrr_pair_name           (guint              n);
char         *mv_mtrr_base_name           (guint              n);
char         *mv_mtrr_mask_name           (guint              n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvMtrrState, mv_mtrr_state_free)

G_END_DECLS
