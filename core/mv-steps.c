/* SPDX-License-Identifier: MIT */
/* A lesson: the boot MTRR state, then the variable pairs one at a time,
 * each with what it changed and why it is there (mv-steps.h). */
#include "mv-steps.h"

#include <string.h>

#include "mv-enum.h"
#include "mv-mtrr-solve.h"
#include "mv-parse.h"

static const char *const strategy_names[] = { "openvmm", "fewest", NULL };

const char *
mv_steps_strategy_to_string (MvStepsStrategy strategy)
{
  return strategy == MV_STEPS_STRATEGY_FEWEST ? "fewest" : "openvmm";
}

const char *const *
mv_steps_strategy_names (void)
{
  return strategy_names;
}

gboolean
mv_steps_strategy_from_string (const char      *text,
                               MvStepsStrategy *out,
                               GError         **error)
{
  int value;

  if (text == NULL || !mv_enum_index_from_string (strategy_names, text, TRUE, &value))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "unknown strategy \"%s\" (one of: openvmm, fewest)",
                   text != NULL ? text : "");
      return FALSE;
    }
  *out = (MvStepsStrategy) value;
  return TRUE;
}

/**
 * mv_steps_strategies_from_string:
 * @strategies: (out): 1 << the strategy, or #MV_STEPS_BOTH for "both"
 */
gboolean
mv_steps_strategies_from_string (const char *text,
                                 guint      *strategies,
                                 GError    **error)
{
  MvStepsStrategy strategy;

  if (g_strcmp0 (text, "both") == 0)
    {
      *strategies = MV_STEPS_BOTH;
      return TRUE;
    }
  if (text == NULL || !mv_steps_strategy_from_string (text, &strategy, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "unknown strategy \"%s\" (one of: openvmm, fewest, both)",
                   text != NULL ? text : "");
      return FALSE;
    }
  *strategies = 1u << strategy;
  return TRUE;
}

const char *
mv_step_kind_name (MvStepKind kind)
{
  switch (kind)
    {
    case MV_STEP_KIND_BOOT: return "boot";
    case MV_STEP_KIND_OPENVMM: return "openvmm";
    case MV_STEP_KIND_FEWEST_WB: return "fewest-wb";
    case MV_STEP_KIND_FEWEST_UC: return "fewest-uc";
    default: return "unknown";
    }
}

static void
add_change (GArray  *out,
            guint64  start,
            guint64  end,
            guint    from,
            guint    to)
{
  MvStepChange *last = out->len > 0 ? &g_array_index (out, MvStepChange, out->len - 1) : NULL;
  MvStepChange change = { { start, end }, from, to };

  if (last != NULL && last->range.end == start && last->from == from && last->to == to)
    last->range.end = end;
  else
    g_array_append_val (out, change);
}

/**
 * mv_effective_map_diff:
 * Only where both maps have ranges is compared.
 *
 * Returns: (transfer full) (element-type MvStepChange): the differences
 */
GArray *
mv_effective_map_diff (const MvEffectiveMap *before,
                       const MvEffectiveMap *after)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MvStepChange));
  guint i = 0, j = 0;

  g_return_val_if_fail (before != NULL && after != NULL, out);

  while (i < before->ranges->len && j < after->ranges->len)
    {
      const MvEffectiveRange *a = &g_array_index (before->ranges, MvEffectiveRange, i);
      const MvEffectiveRange *b = &g_array_index (after->ranges, MvEffectiveRange, j);
      guint64 start = MAX (a->range.start, b->range.start);
      guint64 end = MIN (a->range.end, b->range.end);

      if (start < end && a->type != b->type)
        add_change (out, start, end, a->type, b->type);
      if (a->range.end <= b->range.end)
        i++;
      else
        j++;
    }
  return out;
}

static void
step_free (gpointer data)
{
  MvStep *step = data;

  mv_mtrr_state_free (step->state);
  mv_effective_map_free (step->effective);
  g_array_unref (step->changed);
  g_free (step->sentence);
  g_free (step);
}

void
mv_steps_free (MvSteps *steps)
{
  if (steps == NULL)
    return;
  g_ptr_array_unref (steps->steps);
  g_clear_error (&steps->refusal);
  g_free (steps->refusal_sentence);
  g_free (steps);
}

guint
mv_steps_get_n_steps (const MvSteps *steps)
{
  g_return_val_if_fail (steps != NULL, 0);
  return steps->steps->len;
}

const MvStep *
mv_steps_get_step (const MvSteps *steps,
                   guint          index)
{
  g_return_val_if_fail (steps != NULL, NULL);
  g_return_val_if_fail (index < steps->steps->len, NULL);
  return g_ptr_array_index (steps->steps, index);
}

guint
mv_steps_index_at (const MvSteps *steps,
                   guint          position,
                   gboolean      *done)
{
  guint n;

  g_return_val_if_fail (steps != NULL, 0);

  n = steps->steps->len;
  if (done != NULL)
    *done = position >= n;
  return MIN (position, n - 1);
}

guint
mv_steps_get_n_pairs (const MvSteps *steps)
{
  g_return_val_if_fail (steps != NULL, 0);
  return steps->steps->len - 1;
}

/* An address for a sentence: "0", "128 MiB", "3968 MiB", else hex where
 * the size would be a long number ("16777344 MiB"). */
static char *
format_address (guint64 value)
{
  g_autofree char *size = NULL;
  gsize digits;

  if (value == 0)
    return g_strdup ("0");
  size = mv_format_size (value);
  digits = strspn (size, "0123456789");
  if (digits > 5 || size[digits] == '.')
    return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", value);
  return g_steal_pointer (&size);
}

static void
append_range (GString       *s,
              const MvRange *r)
{
  g_autofree char *a = format_address (r->start);
  g_autofree char *b = format_address (r->end);

  g_string_append_printf (s, "[%s, %s)", a, b);
}

/* "...; it turns [a, b) from UC to WB and ...", or after "so it matches
 * [c, d)" (@joined) "... and turns [a, b) ..." */
static void
append_changes (GString           *s,
                const MvMtrrState *state,
                const GArray      *changed,
                gboolean           joined)
{
  const guint shown = 3;

  if (changed->len == 0 && !(state->def_type & MV_MTRR_DEF_TYPE_E))
    {
      g_string_append (s, "; but MTRRs are off (MtrrDefType's E bit is clear), so the CPU "
                       "ignores it and every address stays UC");
      return;
    }
  if (changed->len == 0)
    {
      g_string_append (s, "; it changes no effective type, the bytes it matches "
                       "already had their type");
      return;
    }
  g_string_append (s, joined ? " and turns " : "; it turns ");
  for (guint i = 0; i < changed->len && i < shown; i++)
    {
      const MvStepChange *c = &g_array_index (changed, MvStepChange, i);

      if (i > 0)
        g_string_append (s, i + 1 == MIN (changed->len, shown) && changed->len <= shown
                         ? " and " : ", ");
      append_range (s, &c->range);
      g_string_append_printf (s, " from %s to %s", mv_mem_type_name (c->from),
                              mv_mem_type_name (c->to));
    }
  if (changed->len > shown)
    g_string_append_printf (s, " and %u more ranges", changed->len - shown);
}

static char *
boot_sentence (const MvMtrrState *state,
               MvMtrrProfile      profile,
               const char        *extra)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "Boot state (%s): MtrrDefType %s makes every address %s by "
                          "default", mv_mtrr_profile_to_string (profile),
                          (state->def_type & MV_MTRR_DEF_TYPE_E) ? "turns MTRRs on and" :
                          "leaves MTRRs off, which",
                          mv_mem_type_name ((state->def_type & MV_MTRR_DEF_TYPE_E) ?
                                            (guint) (state->def_type & 0xff) : MV_MEM_TYPE_UC));
  if ((state->def_type & MV_MTRR_DEF_TYPE_E) && (state->def_type & MV_MTRR_DEF_TYPE_FE))
    g_string_append (s, ", the fixed ranges give the first 1 MiB its types");
  g_string_append (s, ", and no variable pair is set yet");
  if (extra != NULL)
    g_string_append (s, extra);
  g_string_append_c (s, '.');
  return g_string_free (s, FALSE);
}

static void
append_openvmm_why (GString      *s,
                    MvMtrrReason  reason,
                    guint         n,
                    const MvLayout *layout,
                    MvRange       low,
                    MvRange       high,
                    guint8        width)
{
  g_autofree char *low_start = format_address (low.start);
  g_autofree char *low_end = format_address (low.end);
  g_autofree char *high_start = format_address (high.start);
  g_autofree char *high_end = format_address (high.end);
  g_autofree char *eor = format_address (mv_layout_end_of_ram (layout));

  switch (reason)
    {
    case MV_MTRR_REASON_PCAT_128M:
      g_string_append_printf (s, "Pair %u copies what OpenVMM's PCAT BIOS programs at boot, "
                              "the first 128 MiB write-back", n);
      break;
    case MV_MTRR_REASON_BELOW_LOW_GAP:
      g_string_append_printf (s, "Pair %u covers the RAM past 128 MiB up to the low MMIO gap "
                              "at %s", n, low_start);
      break;
    case MV_MTRR_REASON_LOW_TO_HIGH_GAP:
      g_string_append_printf (s, "Pair %u covers the RAM from %s up to the high MMIO gap at %s",
                              n, low_end, high_start);
      break;
    case MV_MTRR_REASON_LOW_GAP_TO_8TB:
      g_string_append_printf (s, "With no high gap, pair %u (PR #3550) covers %s up to 8 TiB, "
                              "the split older Linux kernels need, whatever the RAM", n, low_end);
      break;
    case MV_MTRR_REASON_LOW_GAP_TO_END_OF_RAM:
      g_string_append_printf (s, "With no high gap, pair %u covers the RAM from %s up to its "
                              "end at %s, to keep what lies above UC", n, low_end, eor);
      break;
    case MV_MTRR_REASON_8TB_TO_TOP:
      g_string_append_printf (s, "The address width (%u bits) is above 43, so pair %u "
                              "(PR #3550) covers 8 TiB up to the top, RAM or not", width, n);
      break;
    case MV_MTRR_REASON_8TB_TO_END_OF_RAM:
      g_string_append_printf (s, "Pair %u covers the RAM past 8 TiB up to its end at %s", n,
                              eor);
      break;
    case MV_MTRR_REASON_HIGH_GAP_TO_8TB:
      g_string_append_printf (s, "Pair %u covers the RAM from %s up to 8 TiB, the split older "
                              "Linux kernels (RHEL 6) need", n, high_end);
      break;
    case MV_MTRR_REASON_HIGH_8TB_TO_TOP:
      g_string_append_printf (s, "The address width (%u bits) is above 43, so pair %u covers "
                              "8 TiB up to the top of the address space", width, n);
      break;
    default:
      g_string_append_printf (s, "Pair %u", n);
      break;
    }
}

/* "; but its 4 GiB mask ignores the base's low bits, so it matches ..." when
 * the CPU matches something other than the range upstream meant (every
 * compute_variable_mtrrs mask is mtrr_mask (width, end - 1): the end
 * rounded up to a power of two as if the pair began at 0), or when upstream
 * meant an empty range (@empty_intent), which no mask describes. */
static gboolean
append_unaligned (GString              *s,
                  const MvMtrrPairInfo *pair,
                  gboolean              empty_intent)
{
  g_autofree char *block = NULL;

  if (!pair->has_programmed || pair->n_matched != 1)
    return FALSE;
  block = mv_format_size (pair->block_size);
  if (empty_intent)
    g_string_append_printf (s, "; but no mask gives an empty range: this one gives %s", block);
  else if (pair->ignored_base_bits != 0)
    g_string_append_printf (s, "; but its %s mask ignores the base's low bits", block);
  else
    return FALSE;
  g_string_append (s, ", so it matches ");
  append_range (s, &pair->matched[0]);
  return TRUE;
}

typedef struct
{
  MvRange     range;
  const char *kind;
} GapHit;

/* Appends the parts of @gaps (named @kind) that @r overlaps to @hit. */
static void
collect_gaps (GArray        *hit,
              const GArray  *gaps,
              const char    *kind,
              const MvRange *r)
{
  for (guint i = 0; gaps != NULL && i < gaps->len; i++)
    {
      const MvRange *g = &g_array_index (gaps, MvRange, i);
      GapHit h = { { MAX (g->start, r->start), MIN (g->end, r->end) }, kind };

      if (h.range.start < h.range.end)
        g_array_append_val (hit, h);
    }
}

/* ", the high MMIO gap too", ", the MMIO gap [5 GiB, 6 GiB) too": the
 * teacher's point, device memory a pair made write-back (the ranges of
 * @changed that end WB). */
static void
append_gaps_made_wb (GString        *s,
                     const GArray   *changed,
                     const MvLayout *layout,
                     MvRange         low,
                     MvRange         high)
{
  const guint shown = 2;
  g_autoptr(GArray) hit = g_array_new (FALSE, FALSE, sizeof (GapHit));

  for (guint i = 0; i < changed->len; i++)
    {
      const MvStepChange *c = &g_array_index (changed, MvStepChange, i);

      if (c->to != MV_MEM_TYPE_WB)
        continue;
      collect_gaps (hit, layout->mmio, "MMIO", &c->range);
      collect_gaps (hit, layout->pci_ecam, "PCI ECAM", &c->range);
      collect_gaps (hit, layout->pci_mmio, "PCI MMIO", &c->range);
    }
  for (guint i = 0; i < hit->len && i < shown; i++)
    {
      const GapHit *h = &g_array_index (hit, GapHit, i);

      g_string_append (s, i == 0 ? ", the " : hit->len == 2 ? " and the " : ", the ");
      /* The chipset gaps, whole, by name: the why clause placed them. */
      if (mv_range_compare (&h->range, &low) == 0)
        g_string_append (s, "low MMIO gap");
      else if (mv_range_compare (&h->range, &high) == 0)
        g_string_append (s, "high MMIO gap");
      else
        {
          g_string_append_printf (s, "%s gap ", h->kind);
          append_range (s, &h->range);
        }
    }
  if (hit->len > shown)
    g_string_append_printf (s, " and %u more gaps", hit->len - shown);
  if (hit->len > 0)
    g_string_append (s, " too");
}

static MvStep *
step_new (MvSteps     *steps,
          MvMtrrState *state)
{
  MvStep *step = g_new0 (MvStep, 1);
  const MvStep *prev = steps->steps->len > 0 ?
    g_ptr_array_index (steps->steps, steps->steps->len - 1) : NULL;

  step->index = steps->steps->len;
  step->state = state;
  step->effective = mv_effective_map_new (state, 0, mv_mtrr_state_address_limit (state),
                                          0, MV_PAT_NONE);
  step->changed = prev != NULL ? mv_effective_map_diff (prev->effective, step->effective)
                               : g_array_new (FALSE, FALSE, sizeof (MvStepChange));
  g_ptr_array_add (steps->steps, step);
  return step;
}

/* Adds pair @n (@base, @mask) on top of the last step's state. */
static MvStep *
add_pair_step (MvSteps *steps,
               guint    n,
               guint64  base,
               guint64  mask,
               gboolean grow_vcnt,
               GError **error)
{
  const MvStep *prev = g_ptr_array_index (steps->steps, steps->steps->len - 1);
  g_autoptr(MvMtrrState) state = mv_mtrr_state_copy (prev->state);
  MvStep *step;

  /* The solver announces as many pairs as it needs; OpenVMM's are kept
   * above VCNT like the scenario keeps them (the CPU ignores them). */
  if (grow_vcnt && n >= mv_mtrr_state_get_vcnt (state) &&
      !mv_mtrr_state_set_vcnt (state, n + 1, error))
    return NULL;
  if (!mv_mtrr_state_set_pair (state, n, base, mask, error))
    return NULL;
  step = step_new (steps, g_steal_pointer (&state));
  step->has_pair = TRUE;
  mv_mtrr_pair_decode (step->state, n, &step->pair);
  return step;
}

static gboolean
add_openvmm_steps (MvSteps        *steps,
                   const MvLayout *layout,
                   MvRange         low,
                   MvRange         high,
                   GError        **error)
{
  g_autoptr(GArray) regs = g_array_new (FALSE, FALSE, sizeof (MvX86Register));

  if (!mv_mtrr_compute_version (steps->version, layout, steps->width, low, high, regs, error))
    return FALSE;

  if (steps->version == MV_OPENVMM_VERSION_PRE_3550)
    {
      low = g_array_index (layout->mmio, MvRange, 0);
      high = g_array_index (layout->mmio, MvRange, 1);
    }

  /* Upstream emits MtrrPhysBase0, MtrrPhysMask0, MtrrPhysBase1, ... */
  for (guint k = 0; k + 1 < regs->len; k += 2)
    {
      guint n = k / 2;
      MvStep *step = add_pair_step (steps, n, g_array_index (regs, MvX86Register, k).value,
                                    g_array_index (regs, MvX86Register, k + 1).value, FALSE,
                                    error);
      GString *s;

      if (step == NULL)
        return FALSE;
      step->kind = MV_STEP_KIND_OPENVMM;
      mv_mtrr_version_pair_reason (steps->version, n, mv_range_is_empty (&high), &step->reason);
      s = g_string_new (NULL);
      append_openvmm_why (s, step->reason, n, layout, low, high, steps->width);
      if (!step->pair.implemented)
        g_string_append_printf (s, "; but the CPU has only %u pairs (VCNT), so it ignores "
                                "this one", mv_mtrr_state_get_vcnt (step->state));
      else
        {
          /* Upstream's "from the low gap's end up to the high gap" with
           * the high gap right at that end: meant empty, never is. */
          gboolean empty_intent = step->reason == MV_MTRR_REASON_LOW_TO_HIGH_GAP &&
                                  high.start <= low.end;

          /* With MTRRs off the CPU matches nothing: no "it matches". */
          gboolean joined = (step->state->def_type & MV_MTRR_DEF_TYPE_E) &&
                            append_unaligned (s, &step->pair, empty_intent);

          append_changes (s, step->state, step->changed, joined);
          append_gaps_made_wb (s, step->changed, layout, low, high);
        }
      g_string_append_c (s, '.');
      step->sentence = g_string_free (s, FALSE);
    }
  return TRUE;
}

static gboolean
add_fewest_steps (MvSteps        *steps,
                  const MvLayout *layout,
                  GError        **error)
{
  const MvStep *boot = g_ptr_array_index (steps->steps, 0);
  guint def_type = (guint) (boot->state->def_type & MV_MTRR_DEF_TYPE_TYPE_MASK);
  g_autoptr(MvMtrrSolution) sol = mv_mtrr_solve (layout, steps->width, def_type, error);
  guint n_pairs;

  if (sol == NULL)
    return FALSE;

  n_pairs = mv_mtrr_state_get_n_pairs (sol->state);
  for (guint n = 0; n < n_pairs; n++)
    {
      MvMtrrPair pair;
      MvStep *step;
      GString *s;
      gboolean uc;

      if (!mv_mtrr_state_get_pair (sol->state, n, &pair) || !(pair.mask & MV_MTRR_MASK_VALID))
        continue;
      step = add_pair_step (steps, n, pair.base, pair.mask, TRUE, error);
      if (step == NULL)
        return FALSE;
      uc = (pair.base & MV_MTRR_BASE_TYPE_MASK) == MV_MEM_TYPE_UC;
      step->kind = uc ? MV_STEP_KIND_FEWEST_UC : MV_STEP_KIND_FEWEST_WB;
      s = g_string_new (NULL);
      g_string_append_printf (s, "Pair %u marks the aligned %s block ", n,
                              uc ? "uncachable" : "write-back");
      append_range (s, &step->pair.programmed);
      g_string_append (s, uc ? ", cutting a hole that is not RAM out of the write-back "
                               "blocks (UC wins over WB)"
                             : ", the largest power-of-two block of RAM the solver could use");
      append_changes (s, step->state, step->changed, FALSE);
      g_string_append_c (s, '.');
      step->sentence = g_string_free (s, FALSE);
    }
  return TRUE;
}

/* "OpenVMM pre-3550 refuses this layout with UnsupportedMmio: ...": the
 * version's error as a lesson's last sentence. */
static char *
refusal_sentence (MvOpenvmmVersion version,
                  const MvLayout  *layout,
                  const GError    *refusal)
{
  const char *who = mv_openvmm_version_to_string (version);
  const char *name = mv_mtrr_error_name (refusal->code);

  if (refusal->code == MV_MTRR_ERROR_UNSUPPORTED_MMIO)
    return g_strdup_printf ("OpenVMM %s refuses this layout with %s: it needs exactly two "
                            "MMIO gaps, a low and a high one, and this layout has %u, so its "
                            "loader fails and sets no variable pair.",
                            who, name, layout->mmio->len);
  return g_strdup_printf ("OpenVMM %s refuses this layout with %s: %s, so the loader fails "
                          "and sets no variable pair.", who, name, refusal->message);
}

static MvSteps *
steps_new (const MvLayout  *layout,
           MvStepsStrategy  strategy,
           MvOpenvmmVersion version,
           guint8           width,
           MvRange          chipset_low_mmio,
           MvRange          chipset_high_mmio,
           MvMtrrProfile    profile,
           guint            vcnt,
           gboolean         keep_refusal,
           GError         **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(MvSteps) steps = g_new0 (MvSteps, 1);
  g_autoptr(MvMtrrState) boot = mv_mtrr_state_new_for_profile (profile);
  MvStep *first;
  gboolean skipped;
  gboolean ok;

  g_return_val_if_fail (layout != NULL, NULL);

  steps->strategy = strategy;
  steps->version = version;
  steps->width = mv_mtrr_clamp_width (width);
  steps->steps = g_ptr_array_new_with_free_func (step_free);

  if (!mv_mtrr_state_set_vcnt (boot, vcnt, error))
    return NULL;
  mv_mtrr_state_set_width (boot, width);

  skipped = strategy == MV_STEPS_STRATEGY_OPENVMM && layout->has_vtl2;
  first = step_new (steps, g_steal_pointer (&boot));
  first->kind = MV_STEP_KIND_BOOT;
  first->sentence = boot_sentence (first->state, profile,
                                   skipped ? "; with a VTL2 range OpenVMM sets no variable "
                                             "pair, VTL2 programs them" : NULL);
  if (skipped)
    return g_steal_pointer (&steps);

  if (strategy == MV_STEPS_STRATEGY_FEWEST)
    ok = add_fewest_steps (steps, layout, &local);
  else
    ok = add_openvmm_steps (steps, layout, chipset_low_mmio, chipset_high_mmio, &local);
  /* The version refused the layout before it set a pair: a lesson shows
   * that as its last page. */
  if (!ok && keep_refusal && strategy == MV_STEPS_STRATEGY_OPENVMM &&
      local->domain == MV_MTRR_ERROR && steps->steps->len == 1)
    {
      steps->refusal_sentence = refusal_sentence (version, layout, local);
      steps->refusal = g_steal_pointer (&local);
      ok = TRUE;
    }
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&steps);
}

MvSteps *
mv_steps_new (const MvLayout  *layout,
              MvStepsStrategy  strategy,
              MvOpenvmmVersion version,
              guint8           width,
              MvRange          chipset_low_mmio,
              MvRange          chipset_high_mmio,
              MvMtrrProfile    profile,
              guint            vcnt,
              GError         **error)
{
  return steps_new (layout, strategy, version, width, chipset_low_mmio, chipset_high_mmio,
                    profile, vcnt, FALSE, error);
}

static MvSteps *
new_for_scenario (const MvScenario *scenario,
                  MvStepsStrategy   strategy,
                  gboolean          keep_refusal,
                  GError          **error)
{
  MvMtrrProfile profile;

  g_return_val_if_fail (scenario != NULL, NULL);

  if (mv_scenario_require_layout (scenario, &profile, error) == NULL)
    return NULL;
  return steps_new (scenario->layout, strategy, scenario->openvmm_version, scenario->width,
                    scenario->chipset_low, scenario->chipset_high, profile, scenario->vcnt,
                    keep_refusal, error);
}

MvSteps *
mv_steps_new_for_scenario (const MvScenario *scenario,
                           MvStepsStrategy   strategy,
                           GError          **error)
{
  return new_for_scenario (scenario, strategy, FALSE, error);
}

MvSteps *
mv_steps_new_for_lesson (const MvScenario *scenario,
                         MvStepsStrategy   strategy,
                         GError          **error)
{
  return new_for_scenario (scenario, strategy, TRUE, error);
}
