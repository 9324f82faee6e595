/* SPDX-License-Identifier: MIT */
/* The MTRR state of a guest: raw registers, the boot profiles of OpenVMM's
 * loaders (vm/loader/src/linux.rs, uefi/mod.rs, pcat.rs) and setters by MSR
 * number or by loader register name. */
#include "mv-mtrr-state.h"
#include "mv-mtrr-versions.h"

#include "mv-enum.h"
#include "mv-mtrr.h"
#include "mv-parse.h"

G_DEFINE_QUARK (mv-mtrr-state-error-quark, mv_mtrr_state_error)

/* Every byte 6: the eight sub-ranges of one fixed register write-back. */
#define ALL_WB ((guint64) 0x0606060606060606)

/* The boot profiles' names, in the order lists show them: the one table. */
static const MvEnumName profiles[] = {
  { MV_MTRR_PROFILE_LINUX_DIRECT, "linux-direct" },
  { MV_MTRR_PROFILE_UEFI, "uefi" },
  { MV_MTRR_PROFILE_PCAT, "pcat" },
  { MV_MTRR_PROFILE_NONE, "none" },
};

static const struct
{
  guint32     msr;
  guint64     start;
  guint64     unit;   /* bytes per type byte */
} fixed_regs[MV_MTRR_N_FIXED] = {  /* in MvRegName's order, from MtrrFix64k00000 */
  { 0x250, 0x00000, 0x10000 },
  { 0x258, 0x80000, 0x4000 },
  { 0x259, 0xA0000, 0x4000 },
  { 0x268, 0xC0000, 0x1000 },
  { 0x269, 0xC8000, 0x1000 },
  { 0x26a, 0xD0000, 0x1000 },
  { 0x26b, 0xD8000, 0x1000 },
  { 0x26c, 0xE0000, 0x1000 },
  { 0x26d, 0xE8000, 0x1000 },
  { 0x26e, 0xF0000, 0x1000 },
  { 0x26f, 0xF8000, 0x1000 },
};

const char *
mv_mtrr_profile_to_string (MvMtrrProfile profile)
{
  const char *name = mv_enum_to_string (profiles, G_N_ELEMENTS (profiles), (int) profile);

  g_return_val_if_fail (name != NULL, NULL);
  return name;
}

/**
 * mv_mtrr_profile_names:
 *
 * Returns: (transfer none): the profile names in the order lists show
 *   them, NULL-terminated.
 */
const char *const *
mv_mtrr_profile_names (void)
{
  static const char *names[G_N_ELEMENTS (profiles) + 1];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
        names[i] = profiles[i].name;
      g_once_init_leave (&done, 1);
    }
  return names;
}

/**
 * mv_mtrr_profile_from_string:
 * A profile by its name, in any case; the error lists the names.
 */
gboolean
mv_mtrr_profile_from_string (const char     *text,
                             MvMtrrProfile  *out,
                             GError        **error)
{
  g_autofree char *choices = NULL;
  int v;

  g_return_val_if_fail (out != NULL, FALSE);

  if (mv_enum_from_string (profiles, G_N_ELEMENTS (profiles), text, TRUE, &v))
    {
      *out = (MvMtrrProfile) v;
      return TRUE;
    }

  choices = mv_format_choices (mv_mtrr_profile_names ());
  g_set_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_UNKNOWN_PROFILE,
               "unknown boot profile \"%s\" (expected %s)", text ? text : "", choices);
  return FALSE;
}

/**
 * mv_mtrr_state_new:
 *
 * Returns: (transfer full): a state with every register 0 (MTRRs
 *   disabled), IA32_MTRRCAP = #MV_MTRR_CAP_DEFAULT and a 46-bit width.
 */
MvMtrrState *
mv_mtrr_state_new (void)
{
  MvMtrrState *state = g_new0 (MvMtrrState, 1);

  state->cap = MV_MTRR_CAP_DEFAULT;
  state->pairs = g_array_new (FALSE, TRUE, sizeof (MvMtrrPair));
  mv_mtrr_state_set_width (state, MV_MTRR_DEFAULT_WIDTH);
  return state;
}

/**
 * mv_mtrr_state_new_for_profile:
 *
 * The registers a loader imports before any variable pair: for
 * linux-direct and uefi, MtrrDefType 0xc00 (E and FE set, default UC) and
 * MtrrFix64k00000 = MtrrFix16k80000 = all WB (0-640 KiB); pcat adds
 * MtrrFix4kE0000..F8000 all WB (0xE0000-0xFFFFF); none leaves all 0.
 *
 * Returns: (transfer full): the state
 */
MvMtrrState *
mv_mtrr_state_new_for_profile (MvMtrrProfile profile)
{
  MvMtrrState *state = mv_mtrr_state_new ();

  if (profile == MV_MTRR_PROFILE_NONE)
    return state;

  state->def_type = 0xc00;
  state->fixed[0] = ALL_WB;  /* 64K_00000 */
  state->fixed[1] = ALL_WB;  /* 16K_80000 */
  if (profile == MV_MTRR_PROFILE_PCAT)
    {
      for (guint i = 7; i <= 10; i++)  /* 4K_E0000 .. 4K_F8000 */
        state->fixed[i] = ALL_WB;
    }
  return state;
}

/**
 * mv_mtrr_state_new_for_guest:
 * @layout: the guest's memory layout
 * @width: the physical address width asked for (clamped to 36..52 for the
 *   computation and as MAXPHYADDR, like upstream; both are kept)
 * @chipset_low_mmio: the chipset low MMIO gap for compute_variable_mtrrs
 * @chipset_high_mmio: the chipset high MMIO gap (may be empty)
 * @profile: the boot profile
 * @vcnt: VCNT to announce in IA32_MTRRCAP (0..255)
 *
 * The profile's registers plus the variable pairs
 * mv_mtrr_compute_variable() gives. As OpenVMM does, the variable pairs are
 * left out when the layout has a VTL2 range (VTL2 sets VTL0's MTRRs); then
 * @variable_skipped_for_vtl2 is set. All computed pairs are kept even when
 * there are more than @vcnt.
 *
 * Returns: (transfer full) (nullable): the state, or NULL with @error set
 *   (a bad @vcnt, or an #MV_MTRR_ERROR where upstream would underflow)
 */
MvMtrrState *
mv_mtrr_state_new_for_guest (const MvLayout *layout,
                             guint           width,
                             MvRange         chipset_low_mmio,
                             MvRange         chipset_high_mmio,
                             MvMtrrProfile   profile,
                             guint           vcnt,
                             GError        **error)
{
  return mv_mtrr_state_new_for_version (MV_OPENVMM_VERSION_CURRENT, layout, width,
                                        chipset_low_mmio, chipset_high_mmio, profile, vcnt,
                                        error);
}

/**
 * mv_mtrr_state_new_for_version:
 * mv_mtrr_state_new_for_guest() with the pairs @version of upstream's
 * compute_variable_mtrrs gives (mv_mtrr_compute_version()).
 */
MvMtrrState *
mv_mtrr_state_new_for_version (MvOpenvmmVersion version,
                               const MvLayout  *layout,
                               guint            width,
                               MvRange          chipset_low_mmio,
                               MvRange          chipset_high_mmio,
                               MvMtrrProfile    profile,
                               guint            vcnt,
                               GError         **error)
{
  g_autoptr(MvMtrrState) state = NULL;
  g_autoptr(GArray) regs = NULL;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (profile <= MV_MTRR_PROFILE_PCAT, NULL);

  state = mv_mtrr_state_new_for_profile (profile);
  if (!mv_mtrr_state_set_vcnt (state, vcnt, error))
    return NULL;
  mv_mtrr_state_set_width (state, width);

  if (layout->has_vtl2)
    {
      state->variable_skipped_for_vtl2 = TRUE;
      return g_steal_pointer (&state);
    }

  regs = g_array_new (FALSE, FALSE, sizeof (MvX86Register));
  if (!mv_mtrr_compute_version (version, layout, state->width, chipset_low_mmio,
                                chipset_high_mmio, regs, error))
    return NULL;

  for (guint i = 0; i < regs->len; i++)
    {
      if (!mv_mtrr_state_set_register (state, &g_array_index (regs, MvX86Register, i), error))
        return NULL;
    }

  return g_steal_pointer (&state);
}

/**
 * mv_mtrr_state_copy:
 *
 * Returns: (transfer full): a deep copy
 */
MvMtrrState *
mv_mtrr_state_copy (const MvMtrrState *state)
{
  MvMtrrState *copy;

  g_return_val_if_fail (state != NULL, NULL);

  copy = g_memdup2 (state, sizeof *state);
  copy->pairs = g_array_new (FALSE, TRUE, sizeof (MvMtrrPair));
  g_array_append_vals (copy->pairs, state->pairs->data, state->pairs->len);
  return copy;
}

void
mv_mtrr_state_free (MvMtrrState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->pairs, g_array_unref);
  g_free (state);
}

guint
mv_mtrr_state_get_vcnt (const MvMtrrState *state)
{
  g_return_val_if_fail (state != NULL, 0);
  return (guint) (state->cap & MV_MTRR_CAP_VCNT_MASK);
}

/**
 * mv_mtrr_state_set_vcnt:
 * @vcnt: 0..255 (the 8-bit VCNT field)
 *
 * Sets VCNT in IA32_MTRRCAP, keeping its other bits.
 */
gboolean
mv_mtrr_state_set_vcnt (MvMtrrState *state,
                        guint        vcnt,
                        GError     **error)
{
  g_return_val_if_fail (state != NULL, FALSE);

  if (vcnt > MV_MTRR_MAX_PAIRS)
    {
      g_set_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_BAD_VCNT,
                   "VCNT %u does not fit the 8-bit field of IA32_MTRRCAP (at most %u)",
                   vcnt, MV_MTRR_MAX_PAIRS);
      return FALSE;
    }
  state->cap = (state->cap & ~MV_MTRR_CAP_VCNT_MASK) | vcnt;
  return TRUE;
}

/**
 * mv_mtrr_state_set_width:
 * @width_asked: the physical address width asked for
 *
 * Records @width_asked and uses it clamped to 36..52 (upstream's clamp) as
 * MAXPHYADDR.
 */
void
mv_mtrr_state_set_width (MvMtrrState *state,
                         guint        width_asked)
{
  g_return_if_fail (state != NULL);

  state->width_asked = width_asked;
  state->width = (guint8) CLAMP (width_asked, MV_MTRR_WIDTH_MIN, MV_MTRR_WIDTH_MAX);
}

/**
 * mv_mtrr_state_address_limit:
 *
 * Returns: 2^MAXPHYADDR, the end of the address space the MTRRs describe
 */
guint64
mv_mtrr_state_address_limit (const MvMtrrState *state)
{
  g_return_val_if_fail (state != NULL, 0);
  return (guint64) 1 << state->width;
}

/**
 * mv_mtrr_state_set_pair:
 * @n: the pair number, 0..254
 *
 * Sets pair @n to the raw values, growing the pair list with disabled
 * pairs as needed. Any @n below 255 is accepted, even at or above VCNT.
 */
gboolean
mv_mtrr_state_set_pair (MvMtrrState *state,
                        guint        n,
                        guint64      base,
                        guint64      mask,
                        GError     **error)
{
  MvMtrrPair *pair;

  g_return_val_if_fail (state != NULL, FALSE);

  if (n >= MV_MTRR_MAX_PAIRS)
    {
      g_set_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_BAD_PAIR_INDEX,
                   "variable MTRR pair %u does not exist: VCNT can announce at most %u pairs",
                   n, MV_MTRR_MAX_PAIRS);
      return FALSE;
    }
  if (n >= state->pairs->len)
    g_array_set_size (state->pairs, n + 1);
  pair = &g_array_index (state->pairs, MvMtrrPair, n);
  pair->base = base;
  pair->mask = mask;
  return TRUE;
}

/**
 * mv_mtrr_state_get_pair:
 *
 * Returns: FALSE when pair @n was never set (then @out is all zero)
 */
gboolean
mv_mtrr_state_get_pair (const MvMtrrState *state,
                        guint              n,
                        MvMtrrPair        *out)
{
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (n >= state->pairs->len)
    {
      out->base = out->mask = 0;
      return FALSE;
    }
  *out = g_array_index (state->pairs, MvMtrrPair, n);
  return TRUE;
}

guint
mv_mtrr_state_get_n_pairs (const MvMtrrState *state)
{
  g_return_val_if_fail (state != NULL, 0);
  return state->pairs->len;
}

static gboolean
set_pair_half (MvMtrrState *state,
               guint        n,
               gboolean     is_mask,
               guint64      value,
               GError     **error)
{
  MvMtrrPair pair;

  mv_mtrr_state_get_pair (state, n, &pair);
  if (is_mask)
    pair.mask = value;
  else
    pair.base = value;
  return mv_mtrr_state_set_pair (state, n, pair.base, pair.mask, error);
}

/**
 * mv_mtrr_state_set_msr:
 * @msr: an MTRR MSR number: 0xFE (IA32_MTRRCAP), 0x2FF (DEF_TYPE),
 *   0x200 + 2n / 0x201 + 2n (PHYSBASEn / PHYSMASKn), or a fixed-range MSR
 *   (0x250, 0x258, 0x259, 0x268..0x26F)
 *
 * Stores @value as it is, for readers of MSR dumps.
 */
gboolean
mv_mtrr_state_set_msr (MvMtrrState *state,
                       guint32      msr,
                       guint64      value,
                       GError     **error)
{
  g_return_val_if_fail (state != NULL, FALSE);

  if (msr == MV_MSR_MTRRCAP)
    {
      state->cap = value;
      return TRUE;
    }
  if (msr == MV_MSR_MTRR_DEF_TYPE)
    {
      state->def_type = value;
      return TRUE;
    }
  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    {
      if (fixed_regs[i].msr == msr)
        {
          state->fixed[i] = value;
          return TRUE;
        }
    }
  /* 0x200..0x24F: MTRRs 0..39 (the architectural MSR range for pairs). */
  if (msr >= MV_MSR_MTRR_PHYS_BASE0 && msr < MV_MSR_MTRR_FIX64K_00000)
    return set_pair_half (state, (msr - MV_MSR_MTRR_PHYS_BASE0) / 2,
                          (msr & 1) != 0, value, error);

  g_set_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_UNKNOWN_MSR,
               "MSR 0x%x is not an MTRR register", msr);
  return FALSE;
}

/**
 * mv_mtrr_state_set_register:
 * @reg: a loader register: MtrrDefType, a fixed-range register or
 *   MtrrPhysBase0..4 / MtrrPhysMask0..4
 *
 * Applies one register a loader imports.
 */
gboolean
mv_mtrr_state_set_register (MvMtrrState         *state,
                            const MvX86Register *reg,
                            GError             **error)
{
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (reg != NULL, FALSE);

  if (reg->name >= MV_REG_MTRR_PHYS_BASE0 && reg->name <= MV_REG_MTRR_PHYS_MASK4)
    {
      guint k = reg->name - MV_REG_MTRR_PHYS_BASE0;
      return set_pair_half (state, k / 2, (k & 1) != 0, reg->value, error);
    }
  if (reg->name == MV_REG_MTRR_DEF_TYPE)
    {
      state->def_type = reg->value;
      return TRUE;
    }
  if (reg->name >= MV_REG_MTRR_FIX64K_00000 && reg->name <= MV_REG_MTRR_FIX4K_F8000)
    {
      state->fixed[reg->name - MV_REG_MTRR_FIX64K_00000] = reg->value;
      return TRUE;
    }

  g_set_error (error, MV_MTRR_STATE_ERROR, MV_MTRR_STATE_ERROR_NOT_MTRR_REGISTER,
               "register %s is not an MTRR register",
               reg->name < MV_REG_N_REGISTERS ? mv_reg_name_to_string (reg->name) : "?");
  return FALSE;
}

/* Fixed-range geometry: register @index covers 8 sub-ranges of
 * mv_mtrr_fixed_unit() bytes from mv_mtrr_fixed_start(); byte k (bits
 * 8k+7:8k) holds the type of sub-range k. */

guint32
mv_mtrr_fixed_msr (guint index)
{
  g_return_val_if_fail (index < MV_MTRR_N_FIXED, 0);
  return fixed_regs[index].msr;
}

const char *
mv_mtrr_fixed_name (guint index)
{
  g_return_val_if_fail (index < MV_MTRR_N_FIXED, NULL);
  /* The fixed registers are in MvRegName in this order. */
  return mv_reg_name_to_string (MV_REG_MTRR_FIX64K_00000 + index);
}

guint64
mv_mtrr_fixed_start (guint index)
{
  g_return_val_if_fail (index < MV_MTRR_N_FIXED, 0);
  return fixed_regs[index].start;
}

guint64
mv_mtrr_fixed_unit (guint index)
{
  g_return_val_if_fail (index < MV_MTRR_N_FIXED, 0);
  return fixed_regs[index].unit;
}

/**
 * mv_mtrr_fixed_lookup:
 * @index: (out): the fixed register covering @address
 * @byte: (out): the byte of that register (0..7) covering @address
 *
 * Returns: FALSE when @address is at or above 1 MiB
 */
gboolean
mv_mtrr_fixed_lookup (guint64  address,
                      guint   *index,
                      guint   *byte)
{
  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    {
      guint64 start = fixed_regs[i].start;
      guint64 unit = fixed_regs[i].unit;

      if (address >= start && address < start + 8 * unit)
        {
          *index = i;
          *byte = (guint) ((address - start) / unit);
          return TRUE;
        }
    }
  return FALSE;
}

/* Pair names follow the loader's register names (MtrrPhysBase0 ...),
 * continued past 4. */

char *
mv_mtrr_base_name (guint n)
{
  return g_strdup_printf ("MtrrPhysBase%u", n);
}

char *
mv_mtrr_mask_name (guint n)
{
  return g_strdup_printf ("MtrrPhysMask%u", n);
}

char *
mv_mtrr_pair_name (guint n)
{
  return g_strdup_printf ("MtrrPhysBase%u/MtrrPhysMask%u", n, n);
}
