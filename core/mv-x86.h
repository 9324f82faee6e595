/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The x86 registers a loader imports (upstream's X86Register variants
 * that memviz uses). */
typedef enum
{
  MV_REG_GDTR,
  MV_REG_DS,
  MV_REG_ES,
  MV_REG_FS,
  MV_REG_GS,
  MV_REG_SS,
  MV_REG_CS,
  MV_REG_MTRR_PHYS_BASE0,
  MV_REG_MTRR_PHYS_MASK0,
  MV_REG_MTRR_PHYS_BASE1,
  MV_REG_MTRR_PHYS_MASK1,
  MV_REG_MTRR_PHYS_BASE2,
  MV_REG_MTRR_PHYS_MASK2,
  MV_REG_MTRR_PHYS_BASE3,
  MV_REG_MTRR_PHYS_MASK3,
  MV_REG_MTRR_PHYS_BASE4,
  MV_REG_MTRR_PHYS_MASK4,
  MV_REG_MTRR_DEF_TYPE,
  MV_REG_MTRR_FIX64K_00000,
  MV_REG_MTRR_FIX16K_80000,
  MV_REG_MTRR_FIX16K_A0000,
  MV_REG_MTRR_FIX4K_C0000,
  MV_REG_MTRR_FIX4K_C8000,
  MV_REG_MTRR_FIX4K_D0000,
  MV_REG_MTRR_FIX4K_D8000,
  MV_REG_MTRR_FIX4K_E0000,
  MV_REG_MTRR_FIX4K_E8000,
  MV_REG_MTRR_FIX4K_F0000,
  MV_REG_MTRR_FIX4K_F8000,
  /* The boot loaders' registers (upstream's X86Register, in its order). */
  MV_REG_IDTR,
  MV_REG_TR,
  MV_REG_CR0,
  MV_REG_CR3,
  MV_REG_CR4,
  MV_REG_EFER,
  MV_REG_PAT,
  MV_REG_RBP,
  MV_REG_RIP,
  MV_REG_RSI,
  MV_REG_RSP,
  MV_REG_R8,
  MV_REG_R9,
  MV_REG_R10,
  MV_REG_R11,
  MV_REG_R12,
  MV_REG_RFLAGS,
  MV_REG_N_REGISTERS
} MvRegName;

typedef enum
{
  MV_REG_KIND_TABLE,
  MV_REG_KIND_SEGMENT,
  MV_REG_KIND_U64,
} MvRegKind;

typedef struct
{
  guint64 base;
  guint16 limit;
} MvTableRegister;

typedef struct
{
  guint64 base;
  guint32 limit;
  guint16 selector;
  guint16 attributes;
} MvSegmentRegister;

typedef struct
{
  MvRegName name;
  union
  {
    MvTableRegister   table;
    MvSegmentRegister segment;
    guint64           value;
  };
} MvX86Register;

const char *mv_reg_name_to_string (MvRegName name);
MvRegKind   mv_reg_name_kind      (MvRegName name);
gboolean    mv_reg_name_from_string (const char *text,
                                     MvRegName  *out);

G_END_DECLS
