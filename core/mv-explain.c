/* SPDX-License-Identifier: MIT */
/* How the CPU decides the memory type of one address, step by step:
 * MtrrDefType, the fixed range or each variable pair's masked compare, the
 * precedence rule (Intel SDM vol. 3A 11.11.4.1), then the PAT. */
#include "mv-effective.h"
#include "mv-effective-private.h"

#include "mv-mtrr.h"
#include "mv-parse.h"

/* ---- Explain ---- */

static MvExplainStep *
step_new (MvExplainStepKind kind,
          char             *registers,
          guint             index)
{
  MvExplainStep *step = g_new0 (MvExplainStep, 1);

  step->kind = kind;
  step->registers = registers;
  step->index = index;
  return step;
}

static void
step_free (gpointer data)
{
  MvExplainStep *step = data;

  g_free (step->registers);
  g_free (step->text);
  g_free (step);
}

void
mv_explanation_free (MvExplanation *explanation)
{
  if (explanation == NULL)
    return;
  g_clear_pointer (&explanation->steps, g_ptr_array_unref);
  g_free (explanation);
}

static char *
pair_matched_text (const MvMtrrPairInfo *info)
{
  g_autofree char *span = _mv_range_text (info->matched[0].start, info->matched[0].end);
  g_autofree char *size = mv_format_size (info->block_size);

  if (info->n_matched == 1)
    return g_strdup_printf ("it covers %s", span);
  return g_strdup_printf ("it covers %" G_GUINT64_FORMAT " separate ranges of %s, the first %s",
                          info->n_matched, size, span);
}

static char *
pair_names_text (const Eval      *ev,
                 const MvPairSet *set)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ev->n_pairs; i++)
    {
      if (!mv_pair_set_contains (set, ev->pairs[i].n))
        continue;
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, "pair %u (%s)", ev->pairs[i].n,
                              mv_mem_type_name (ev->pairs[i].type));
    }
  return g_string_free (s, FALSE);
}

static char *
precedence_text (const Eval             *ev,
                 const MvEffectiveRange *r)
{
  g_autofree char *names = pair_names_text (ev, &r->pairs);
  const char *type = mv_mem_type_name (r->type);

  switch (r->rule)
    {
    case MV_EFFECTIVE_RULE_DISABLED:
      return g_strdup_printf ("MTRRs are disabled, so the type is UC everywhere (%s).",
                              REF_PRECEDENCE_SHORT);
    case MV_EFFECTIVE_RULE_FIXED:
      return g_strdup_printf ("Below 1 MiB with FE set, the fixed range decides and the variable "
                              "pairs are not consulted: the type is %s (%s).", type, REF_PRECEDENCE_SHORT);
    case MV_EFFECTIVE_RULE_DEFAULT:
      return g_strdup_printf ("No variable pair matches, so the default type from MtrrDefType "
                              "applies: %s (%s).", type, REF_PRECEDENCE_SHORT);
    case MV_EFFECTIVE_RULE_SINGLE:
      return g_strdup_printf ("Exactly one variable pair matches, %s, so its type applies: %s (%s).",
                              names, type, REF_PRECEDENCE_SHORT);
    case MV_EFFECTIVE_RULE_SAME:
      return g_strdup_printf ("%u pairs match: %s. All have the same type, so the type is %s (%s).",
                              mv_pair_set_count (&r->pairs), names, type, REF_PRECEDENCE_SHORT);
    case MV_EFFECTIVE_RULE_UC_WINS:
      return g_strdup_printf ("Several pairs match: %s. One of them is UC, and UC wins over every "
                              "other type, so the type is UC (%s).", names, REF_PRECEDENCE_SHORT);
    case MV_EFFECTIVE_RULE_WT_WINS:
      return g_strdup_printf ("Several pairs match: %s. Their types are WT and WB, and WT wins over "
                              "WB, so the type is WT (%s).", names, REF_PRECEDENCE_SHORT);
    case MV_EFFECTIVE_RULE_UNDEFINED:
    default:
      return g_strdup_printf ("Several pairs match: %s. The SDM gives no rule for this mix of "
                              "types, so the memory type is undefined: the processor may behave "
                              "unpredictably here (%s).", names, REF_PRECEDENCE_SHORT);
    }
}

static MvExplainStep *
explain_def_type (const MvMtrrState *state,
                  const Eval        *ev)
{
  MvExplainStep *step = step_new (MV_EXPLAIN_STEP_DEF_TYPE, g_strdup (DEF_TYPE), 0);

  step->value = state->def_type;
  step->match = TRUE;
  if (!ev->enabled)
    {
      step->type = MV_MEM_TYPE_UC;
      step->text = g_strdup_printf ("MtrrDefType = 0x%" G_GINT64_MODIFIER "x: E (bit 11) is clear, "
                                    "so MTRRs are disabled and every address is UC; the fixed and "
                                    "variable ranges are not consulted.", state->def_type);
      return step;
    }

  step->type = ev->default_type;
  step->text = g_strdup_printf ("MtrrDefType = 0x%" G_GINT64_MODIFIER "x: E (bit 11) is set, so "
                                "MTRRs are enabled; FE (bit 10) is %s; addresses no variable pair "
                                "matches get the default type %s (bits 7:0 = 0x%02x).",
                                state->def_type,
                                ev->fixed_enabled
                                  ? "set, so the fixed ranges decide below 1 MiB"
                                  : "clear, so the fixed ranges are not used, even below 1 MiB",
                                mv_mem_type_name (ev->default_type), ev->default_type);
  return step;
}

static MvExplainStep *
explain_fixed (const MvMtrrState *state,
               guint64            address)
{
  guint index, byte;
  guint64 start, unit, sub;
  g_autofree char *unit_text = NULL;
  MvExplainStep *step;

  mv_mtrr_fixed_lookup (address, &index, &byte);
  start = mv_mtrr_fixed_start (index);
  unit = mv_mtrr_fixed_unit (index);
  sub = start + byte * unit;
  unit_text = mv_format_size (unit);

  step = step_new (MV_EXPLAIN_STEP_FIXED, g_strdup (mv_mtrr_fixed_name (index)), index);
  step->value = state->fixed[index];
  step->match = TRUE;
  step->type = (guint) ((state->fixed[index] >> (8 * byte)) & 0xff);
  step->text = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x is below 1 MiB and FE is set, so the "
                                "fixed ranges decide. %s (MSR 0x%x) = 0x%016" G_GINT64_MODIFIER "x "
                                "splits [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) into "
                                "8 pieces of %s; the address is in piece %u, "
                                "[0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x), whose type "
                                "byte (bits %u:%u) is 0x%02x = %s.",
                                address, mv_mtrr_fixed_name (index), mv_mtrr_fixed_msr (index),
                                state->fixed[index], start, start + 8 * unit, unit_text, byte,
                                sub, sub + unit, 8 * byte + 7, 8 * byte, step->type,
                                mv_mem_type_name (step->type));
  return step;
}

static MvExplainStep *
explain_pair (const MvMtrrState *state,
              guint              n,
              guint64            address)
{
  MvMtrrPairInfo info;
  MvExplainStep *step;
  g_autofree char *matched = NULL;

  mv_mtrr_pair_decode (state, n, &info);
  step = step_new (MV_EXPLAIN_STEP_VARIABLE, mv_mtrr_pair_name (n), n);
  step->value = info.base;
  step->mask = info.mask;
  step->type = info.type;

  if (!info.implemented)
    {
      step->text = g_strdup_printf ("%s is at or beyond VCNT = %u: the CPU has no such pair, so it "
                                    "is ignored.", step->registers, mv_mtrr_state_get_vcnt (state));
      return step;
    }
  if (!info.valid)
    {
      step->text = g_strdup_printf ("MtrrPhysMask%u = 0x%" G_GINT64_MODIFIER "x has its V bit (11) "
                                    "clear: the pair is off and ignored.", n, info.mask);
      return step;
    }

  step->compared = TRUE;
  step->compare_mask = info.phys_mask;
  step->addr_masked = address & info.phys_mask;
  step->base_masked = info.phys_base & info.phys_mask;
  step->match = step->addr_masked == step->base_masked;
  matched = pair_matched_text (&info);

  if (step->match)
    {
      GString *s = g_string_new (NULL);

      g_string_append_printf (s, "%s (type %s, mask 0x%" G_GINT64_MODIFIER "x): address & mask = "
                              "0x%" G_GINT64_MODIFIER "x and base & mask = 0x%" G_GINT64_MODIFIER "x "
                              "are equal, so the pair matches; %s.",
                              step->registers, mv_mem_type_name (info.type), info.phys_mask,
                              step->addr_masked, step->base_masked, matched);
      if (info.ignored_base_bits != 0 && info.has_programmed)
        {
          g_autofree char *size = mv_format_size (info.block_size);
          g_autofree char *programmed = _mv_range_text (info.programmed.start, info.programmed.end);

          g_string_append_printf (s, " It is programmed at 0x%" G_GINT64_MODIFIER "x, which is not "
                                  "a multiple of its size %s: the compare ignores the base's bits "
                                  "0x%" G_GINT64_MODIFIER "x, so the pair does not cover %s as "
                                  "/proc/mtrr suggests.",
                                  info.phys_base, size, info.ignored_base_bits, programmed);
        }
      else if (info.ignored_base_bits != 0)
        {
          g_string_append_printf (s, " The compare ignores the base's bits 0x%" G_GINT64_MODIFIER "x, "
                                  "where the mask is clear.", info.ignored_base_bits);
        }
      step->text = g_string_free (s, FALSE);
    }
  else
    {
      step->text = g_strdup_printf ("%s (type %s, mask 0x%" G_GINT64_MODIFIER "x): address & mask = "
                                    "0x%" G_GINT64_MODIFIER "x but base & mask = 0x%" G_GINT64_MODIFIER "x, "
                                    "so the pair does not match (%s).",
                                    step->registers, mv_mem_type_name (info.type), info.phys_mask,
                                    step->addr_masked, step->base_masked, matched);
    }
  return step;
}

/**
 * mv_explain_address:
 * @address: an address below 2^MAXPHYADDR
 * @pat_type: a PAT entry type to combine with, or #MV_PAT_NONE
 *
 * How the CPU decides the memory type of @address, as steps: MtrrDefType,
 * then the fixed register (below 1 MiB with FE set) or every variable pair
 * with its masked compare, then the precedence rule, then the PAT.
 *
 * Returns: (transfer full) (nullable): the explanation, or NULL with
 *   @error set when @address is at or above 2^MAXPHYADDR
 */
MvExplanation *
mv_explain_address (const MvMtrrState *state,
                    guint64            address,
                    gint               pat_type,
                    GError           **error)
{
  g_autoptr(MvExplanation) ex = NULL;
  MvExplainStep *step;
  Eval ev;

  g_return_val_if_fail (state != NULL, NULL);

  if (address >= mv_mtrr_state_address_limit (state))
    {
      g_set_error (error, MV_EFFECTIVE_ERROR, MV_EFFECTIVE_ERROR_ADDRESS_TOO_HIGH,
                   "address 0x%" G_GINT64_MODIFIER "x is beyond the %u-bit physical address "
                   "space (MAXPHYADDR)", address, state->width);
      return NULL;
    }

  ex = g_new0 (MvExplanation, 1);
  ex->address = address;
  ex->width = state->width;
  ex->steps = g_ptr_array_new_with_free_func (step_free);

  _mv_eval_init (&ev, state);
  _mv_eval_step (&ev, address & ~MV_PAGE_MASK, &ex->result);
  ex->result.range.start = address & ~MV_PAGE_MASK;
  ex->result.range.end = ex->result.range.start + MV_PAGE_SIZE;
  ex->result.combined = _mv_apply_pat (ex->result.type, pat_type);

  g_ptr_array_add (ex->steps, explain_def_type (state, &ev));

  if (ev.enabled && ev.fixed_enabled && address < ONE_MIB)
    {
      g_ptr_array_add (ex->steps, explain_fixed (state, address));
    }
  else if (ev.enabled)
    {
      for (guint n = 0; n < state->pairs->len; n++)
        g_ptr_array_add (ex->steps, explain_pair (state, n, address));
    }

  step = step_new (MV_EXPLAIN_STEP_PRECEDENCE, NULL, 0);
  step->match = TRUE;
  step->type = ex->result.type;
  step->text = precedence_text (&ev, &ex->result);
  g_ptr_array_add (ex->steps, step);

  if (pat_type >= 0)
    {
      step = step_new (MV_EXPLAIN_STEP_PAT, g_strdup ("PAT"), 0);
      step->value = (guint64) pat_type;
      step->match = TRUE;
      step->type = ex->result.combined;
      step->text = g_strdup_printf ("The page's PAT entry is %s; combined with the MTRR type %s it "
                                    "gives %s (Intel SDM vol. 3A Table 11-7).",
                                    mv_pat_type_name ((guint) pat_type),
                                    mv_mem_type_name (ex->result.type),
                                    mv_mem_type_name (ex->result.combined));
      g_ptr_array_add (ex->steps, step);
    }

  _mv_eval_clear (&ev);
  return g_steal_pointer (&ex);
}
