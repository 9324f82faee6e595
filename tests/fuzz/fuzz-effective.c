/* SPDX-License-Identifier: MIT */
/* Fuzz target: the effective memory-type map (mv_effective_map_new) of a
 * random MTRR state, checked against a brute-force reading of the SDM's
 * precedence rules at a few addresses per input; mv_effective_at,
 * mv_explain_address, mv_mtrr_pair_decode and mv_diagnose on the same
 * state must not crash.
 *
 * Input, read from the front (numbers as in mv-fuzz.h):
 *   u8 width asked (clamped to 36..52 by the state)   u64 IA32_MTRRCAP
 *   u64 MtrrDefType   u8 which fixed registers follow (bit i: register i
 *   for i < 8; bit 7 also registers 8..10), each a u64
 *   u8 pairs (% 9), each u64 PhysBase, u64 PhysMask
 *   number window start, number window end, u8 range limit (% 64 + 1),
 *   u8 PAT entry (bit 7 clear: none; else the low 3 bits; bits 6 and 5:
 *   also run the diagnostics)
 *   then up to 8 × number probe addresses (taken modulo the window)
 */
#include "mv-fuzz.h"

#include <string.h>

#include "mv-effective.h"
#include "mv-mtrr-state.h"
#include "mv-mtrr.h"

#define ONE_MIB ((guint64) 1 << 20)

typedef struct
{
  guint           type;
  MvEffectiveRule rule;
  MvPairSet       pairs;
} Brute;

/* SDM 11.11.4.1, read literally. */
static void
brute_force (const MvMtrrState *state,
             guint64            addr,
             Brute             *out)
{
  guint64 addr_bits = (((guint64) 1 << state->width) - 1) & ~MV_PAGE_MASK;
  guint vcnt = (guint) (state->cap & MV_MTRR_CAP_VCNT_MASK);
  gboolean any_uc = FALSE, all_same = TRUE, only_wt_wb = TRUE;
  guint first = 0, n = 0;

  memset (out, 0, sizeof *out);
  if (!(state->def_type & MV_MTRR_DEF_TYPE_E))
    {
      out->type = MV_MEM_TYPE_UC;
      out->rule = MV_EFFECTIVE_RULE_DISABLED;
      return;
    }
  if ((state->def_type & MV_MTRR_DEF_TYPE_FE) && addr < ONE_MIB)
    {
      guint index, byte;

      if (addr < 0x80000)
        index = 0, byte = (guint) (addr >> 16);
      else if (addr < 0xC0000)
        index = 1 + (guint) ((addr - 0x80000) >> 17), byte = (guint) ((addr >> 14) & 7);
      else
        index = 3 + (guint) ((addr - 0xC0000) >> 15), byte = (guint) ((addr >> 12) & 7);
      out->type = (guint) ((state->fixed[index] >> (8 * byte)) & 0xff);
      out->rule = MV_EFFECTIVE_RULE_FIXED;
      return;
    }

  for (guint i = 0; i < state->pairs->len && i < vcnt; i++)
    {
      const MvMtrrPair *p = &g_array_index (state->pairs, MvMtrrPair, i);
      guint64 m = p->mask & addr_bits;
      guint t = (guint) (p->base & 0xff);

      if (!(p->mask & MV_MTRR_MASK_VALID) || (addr & m) != (p->base & m))
        continue;
      out->pairs.bits[i / 64] |= (guint64) 1 << (i % 64);
      if (n++ == 0)
        first = t;
      all_same &= t == first;
      any_uc |= t == MV_MEM_TYPE_UC;
      only_wt_wb &= t == MV_MEM_TYPE_WT || t == MV_MEM_TYPE_WB;
    }

  if (n == 0)
    out->type = (guint) (state->def_type & 0xff), out->rule = MV_EFFECTIVE_RULE_DEFAULT;
  else if (n == 1)
    out->type = first, out->rule = MV_EFFECTIVE_RULE_SINGLE;
  else if (all_same)
    out->type = first, out->rule = MV_EFFECTIVE_RULE_SAME;
  else if (any_uc)
    out->type = MV_MEM_TYPE_UC, out->rule = MV_EFFECTIVE_RULE_UC_WINS;
  else if (only_wt_wb)
    out->type = MV_MEM_TYPE_WT, out->rule = MV_EFFECTIVE_RULE_WT_WINS;
  else
    out->type = MV_MEM_TYPE_UNDEFINED, out->rule = MV_EFFECTIVE_RULE_UNDEFINED;
}

static void
check_address (const MvMtrrState    *state,
               const MvEffectiveMap *map,
               guint64               addr,
               gint                  pat)
{
  const MvEffectiveRange *r = mv_effective_map_lookup (map, addr);
  MvEffectiveRange at;
  Brute b;

  MV_FUZZ_CHECK (r != NULL);
  MV_FUZZ_CHECK (mv_range_contains_addr (&r->range, addr));
  brute_force (state, addr, &b);
  MV_FUZZ_CHECK (r->type == b.type);
  MV_FUZZ_CHECK (r->rule == b.rule);
  if (b.rule == MV_EFFECTIVE_RULE_FIXED)
    MV_FUZZ_CHECK (mv_mtrr_fixed_start (r->fixed_index) <= addr);
  else
    MV_FUZZ_CHECK (memcmp (&r->pairs, &b.pairs, sizeof b.pairs) == 0);
  MV_FUZZ_CHECK (r->combined == (pat >= 0 ? mv_mem_type_combine_pat (r->type, (guint) pat)
                                          : r->type));

  mv_effective_at (state, addr, pat, &at);
  MV_FUZZ_CHECK (at.type == r->type && at.rule == r->rule && at.combined == r->combined);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  MvFuzzInput in = { data, size };
  g_autoptr(MvMtrrState) state = mv_mtrr_state_new ();
  MvEffectiveMap *map;
  guint8 fixed_sel, n_pairs, limit_sel, pat_sel;
  guint64 start, end, limit;
  gint pat;

  mv_fuzz_setup ();

  mv_mtrr_state_set_width (state, mv_fuzz_u8 (&in));
  state->cap = mv_fuzz_u64 (&in);
  state->def_type = mv_fuzz_u64 (&in);
  fixed_sel = mv_fuzz_u8 (&in);
  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    if (fixed_sel & (1u << MIN (i, 7u)))
      state->fixed[i] = mv_fuzz_u64 (&in);
  n_pairs = mv_fuzz_u8 (&in) % 9;
  for (guint i = 0; i < n_pairs; i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 base = mv_fuzz_u64 (&in);
      guint64 mask = mv_fuzz_u64 (&in);

      MV_FUZZ_CHECK (mv_mtrr_state_set_pair (state, i, base, mask, &error));
    }
  start = mv_fuzz_number (&in);
  end = mv_fuzz_number (&in);
  limit_sel = mv_fuzz_u8 (&in);
  pat_sel = mv_fuzz_u8 (&in);
  pat = (pat_sel & 0x80) ? (gint) (pat_sel & 7) : MV_PAT_NONE;

  limit = mv_mtrr_state_address_limit (state);
  map = mv_effective_map_new (state, start, end, limit_sel % 64 + 1, pat);
  MV_FUZZ_CHECK (map != NULL);
  MV_FUZZ_CHECK (map->end <= limit && map->start <= map->end);
  MV_FUZZ_CHECK ((map->start & MV_PAGE_MASK) == 0);

  /* Ascending, adjacent, non-empty, from the start; the whole window
   * unless truncated. */
  {
    guint64 pos = map->start;

    for (guint i = 0; i < map->ranges->len; i++)
      {
        const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);

        MV_FUZZ_CHECK (r->range.start == pos && r->range.end > r->range.start);
        pos = r->range.end;
      }
    MV_FUZZ_CHECK (map->truncated ? pos < map->end : pos == map->end);
    MV_FUZZ_CHECK (map->ranges->len <= (guint) (limit_sel % 64 + 1));
  }

  /* Brute force at the edges of the first ranges and at the probes. */
  for (guint i = 0; i < map->ranges->len && i < 8; i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);

      check_address (state, map, r->range.start, pat);
      check_address (state, map, r->range.end - 1, pat);
    }
  if (map->ranges->len > 0)
    {
      const MvEffectiveRange *last = &g_array_index (map->ranges, MvEffectiveRange,
                                                     map->ranges->len - 1);
      guint64 span = last->range.end - map->start;

      for (guint i = 0; i < 8 && in.len > 0; i++)
        check_address (state, map, map->start + mv_fuzz_number (&in) % span, pat);
    }

  /* The rest of the analysis on the same state. */
  for (guint i = 0; i < state->pairs->len; i++)
    {
      MvMtrrPairInfo info;

      mv_mtrr_pair_decode (state, i, &info);
      MV_FUZZ_CHECK (info.n_shown <= MV_MTRR_PAIR_N_SHOWN);
      MV_FUZZ_CHECK (info.n_shown <= info.n_matched || info.n_matched == 0);
    }
  {
    g_autoptr(GError) error = NULL;
    MvExplanation *ex = mv_explain_address (state, start, pat, &error);

    MV_FUZZ_CHECK ((ex != NULL) == (start < limit));
    MV_FUZZ_CHECK ((ex != NULL) == (error == NULL));
    if (ex != NULL)
      {
        Brute b;

        brute_force (state, start, &b);
        MV_FUZZ_CHECK (ex->result.type == b.type && ex->result.rule == b.rule);
        MV_FUZZ_CHECK (ex->steps->len > 0);
      }
    mv_explanation_free (ex);
  }
  /* Diagnostics walk up to 65536 ranges: milliseconds, so only when the
   * input asks (bits 6 and 5 of the PAT byte), to keep the rate up. */
  if ((pat_sel & 0x60) == 0x60)
    {
      g_autoptr(GPtrArray) diags = mv_diagnose (state, NULL);
      g_auto(GStrv) proc = mv_mtrr_format_proc_mtrr (state);

      MV_FUZZ_CHECK (diags != NULL && proc != NULL);
      for (guint i = 0; i < diags->len; i++)
        {
          const MvDiagnostic *d = g_ptr_array_index (diags, i);
          MV_FUZZ_CHECK (d->message != NULL && d->message[0] != '\0');
        }
    }

  mv_effective_map_free (map);
  return 0;
}
