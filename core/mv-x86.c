/* SPDX-License-Identifier: MIT */
#include "mv-x86.h"

#include "mv-enum.h"

/* In enum order, NULL-terminated: the one table. */
static const char *const reg_names[MV_REG_N_REGISTERS + 1] = {
  [MV_REG_GDTR] = "Gdtr",
  [MV_REG_DS] = "Ds",
  [MV_REG_ES] = "Es",
  [MV_REG_FS] = "Fs",
  [MV_REG_GS] = "Gs",
  [MV_REG_SS] = "Ss",
  [MV_REG_CS] = "Cs",
  [MV_REG_MTRR_PHYS_BASE0] = "MtrrPhysBase0",
  [MV_REG_MTRR_PHYS_MASK0] = "MtrrPhysMask0",
  [MV_REG_MTRR_PHYS_BASE1] = "MtrrPhysBase1",
  [MV_REG_MTRR_PHYS_MASK1] = "MtrrPhysMask1",
  [MV_REG_MTRR_PHYS_BASE2] = "MtrrPhysBase2",
  [MV_REG_MTRR_PHYS_MASK2] = "MtrrPhysMask2",
  [MV_REG_MTRR_PHYS_BASE3] = "MtrrPhysBase3",
  [MV_REG_MTRR_PHYS_MASK3] = "MtrrPhysMask3",
  [MV_REG_MTRR_PHYS_BASE4] = "MtrrPhysBase4",
  [MV_REG_MTRR_PHYS_MASK4] = "MtrrPhysMask4",
  [MV_REG_MTRR_DEF_TYPE] = "MtrrDefType",
  [MV_REG_MTRR_FIX64K_00000] = "MtrrFix64k00000",
  [MV_REG_MTRR_FIX16K_80000] = "MtrrFix16k80000",
  [MV_REG_MTRR_FIX16K_A0000] = "MtrrFix16kA0000",
  [MV_REG_MTRR_FIX4K_C0000] = "MtrrFix4kC0000",
  [MV_REG_MTRR_FIX4K_C8000] = "MtrrFix4kC8000",
  [MV_REG_MTRR_FIX4K_D0000] = "MtrrFix4kD0000",
  [MV_REG_MTRR_FIX4K_D8000] = "MtrrFix4kD8000",
  [MV_REG_MTRR_FIX4K_E0000] = "MtrrFix4kE0000",
  [MV_REG_MTRR_FIX4K_E8000] = "MtrrFix4kE8000",
  [MV_REG_MTRR_FIX4K_F0000] = "MtrrFix4kF0000",
  [MV_REG_MTRR_FIX4K_F8000] = "MtrrFix4kF8000",
  [MV_REG_IDTR] = "Idtr",
  [MV_REG_TR] = "Tr",
  [MV_REG_CR0] = "Cr0",
  [MV_REG_CR3] = "Cr3",
  [MV_REG_CR4] = "Cr4",
  [MV_REG_EFER] = "Efer",
  [MV_REG_PAT] = "Pat",
  [MV_REG_RBP] = "Rbp",
  [MV_REG_RIP] = "Rip",
  [MV_REG_RSI] = "Rsi",
  [MV_REG_RSP] = "Rsp",
  [MV_REG_R8] = "R8",
  [MV_REG_R9] = "R9",
  [MV_REG_R10] = "R10",
  [MV_REG_R11] = "R11",
  [MV_REG_R12] = "R12",
  [MV_REG_RFLAGS] = "Rflags",
};

const char *
mv_reg_name_to_string (MvRegName name)
{
  g_return_val_if_fail (name < MV_REG_N_REGISTERS, NULL);
  return reg_names[name];
}

MvRegKind
mv_reg_name_kind (MvRegName name)
{
  if (name == MV_REG_GDTR || name == MV_REG_IDTR)
    return MV_REG_KIND_TABLE;
  if (name <= MV_REG_CS || name == MV_REG_TR)
    return MV_REG_KIND_SEGMENT;
  return MV_REG_KIND_U64;
}

gboolean
mv_reg_name_from_string (const char *text,
                         MvRegName  *out)
{
  int v;

  if (!mv_enum_index_from_string (reg_names, text, TRUE, &v))
    return FALSE;
  *out = (MvRegName) v;
  return TRUE;
}
