/* SPDX-License-Identifier: MIT */
/* What an MTRR state does: pair decoding, the effective memory type map,
 * explanations and diagnostics, following Intel SDM vol. 3A 11.11 and
 * 11.12 (PAT). */
#include "mv-effective.h"

#include <string.h>

#include "mv-mtrr.h"
#include "mv-parse.h"

G_DEFINE_QUARK (mv-effective-error-quark, mv_effective_error)

#define ONE_MIB ((guint64) 0x100000)
#define DEF_TYPE (mv_reg_name_to_string (MV_REG_MTRR_DEF_TYPE))

#define REF_PRECEDENCE "Intel SDM vol. 3A 11.11.4.1 (MTRR precedences)"
#define REF_PRECEDENCE_SHORT "Intel SDM vol. 3A 11.11.4.1"

/* PAT encodings 2, 3 and 8..255 are reserved (7 is UC-). */
gboolean
mv_pat_type_is_reserved (guint pat_type)
{
  return pat_type == 2 || pat_type == 3 || pat_type > 7;
}

/**
 * mv_pat_entry:
 * @pat_msr: the IA32_PAT value (#MV_PAT_RESET after reset)
 * @index: 0..7 (PAT, PCD, PWT bits of a page table entry)
 *
 * Returns: the raw entry byte (bits 7:3 are reserved and kept)
 */
guint
mv_pat_entry (guint64 pat_msr,
              guint   index)
{
  g_return_val_if_fail (index < 8, MV_MEM_TYPE_UC);
  return (guint) ((pat_msr >> (8 * index)) & 0xff);
}

/**
 * mv_mem_type_combine_pat:
 *
 * The effective page-level type for an MTRR type and a PAT entry (Intel
 * SDM vol. 3A Table 11-7). Undefined or reserved inputs give
 * MV_MEM_TYPE_UNDEFINED.
 */
guint
mv_mem_type_combine_pat (guint mtrr_type,
                         guint pat_type)
{
  enum { UC = MV_MEM_TYPE_UC, WC = MV_MEM_TYPE_WC, WT = MV_MEM_TYPE_WT,
         WP = MV_MEM_TYPE_WP, WB = MV_MEM_TYPE_WB };
  /* Columns: PAT UC, WC, WT, WP, WB, UC-. */
  static const guint8 table[7][6] = {
    [UC] = { UC, WC, UC, UC, UC, UC },
    [WC] = { UC, WC, UC, UC, WC, WC },
    [WT] = { UC, WC, WT, WP, WT, UC },
    [WP] = { UC, WC, WT, WP, WP, WC },
    [WB] = { UC, WC, WT, WP, WB, UC },
  };
  int column;

  if (mv_mem_type_is_reserved (mtrr_type) || mtrr_type == MV_MEM_TYPE_UNDEFINED)
    return MV_MEM_TYPE_UNDEFINED;

  switch (pat_type)
    {
    case MV_MEM_TYPE_UC: column = 0; break;
    case MV_MEM_TYPE_WC: column = 1; break;
    case MV_MEM_TYPE_WT: column = 2; break;
    case MV_MEM_TYPE_WP: column = 3; break;
    case MV_MEM_TYPE_WB: column = 4; break;
    case MV_MEM_TYPE_UC_MINUS: column = 5; break;
    default: return MV_MEM_TYPE_UNDEFINED;
    }
  return table[mtrr_type][column];
}

/**
 * mv_format_binary:
 * @n_bits: how many low bits of @value to show (1..64)
 *
 * Returns: (transfer full): @value in binary, most significant bit first,
 *   in groups of 4 from the least significant end joined by '_'
 */
char *
mv_format_binary (guint64 value,
                  guint   n_bits)
{
  GString *s;

  g_return_val_if_fail (n_bits >= 1 && n_bits <= 64, NULL);

  s = g_string_sized_new (n_bits + n_bits / 4);
  for (guint i = n_bits; i-- > 0;)
    {
      g_string_append_c (s, (value >> i) & 1 ? '1' : '0');
      if (i > 0 && i % 4 == 0)
        g_string_append_c (s, '_');
    }
  return g_string_free (s, FALSE);
}

/* ---- Bits ---- */

static inline guint
lowest_bit (guint64 v)
{
  return (guint) __builtin_ctzll (v);
}

static inline guint
highest_bit (guint64 v)
{
  return 63 - (guint) __builtin_clzll (v);
}

static inline guint64
low_bits (guint n)
{
  return n >= 64 ? G_MAXUINT64 : ((guint64) 1 << n) - 1;
}

/**
 * mv_mtrr_address_bits:
 *
 * Returns: the bits PhysBase and PhysMask compare: [@width-1:12]
 */
guint64
mv_mtrr_address_bits (guint8 width)
{
  return low_bits (width) & ~MV_PAGE_MASK;
}

/* Scatter the low bits of @i into the set bits of @positions (pdep). */
static guint64
deposit (guint64 i,
         guint64 positions)
{
  guint64 out = 0;

  while (positions != 0 && i != 0)
    {
      guint64 bit = positions & -positions;

      if (i & 1)
        out |= bit;
      i >>= 1;
      positions &= positions - 1;
    }
  return out;
}

/* ---- Pair decoding ---- */

/**
 * mv_mtrr_pair_decode:
 * @n: the pair number; a pair never set decodes as all zero
 *
 * Decodes pair @n of @state: the range as programmed and the ranges the
 * hardware matches by `(addr & mask) == (base & mask)`.
 */
void
mv_mtrr_pair_decode (const MvMtrrState *state,
                     guint              n,
                     MvMtrrPairInfo    *out)
{
  MvMtrrPair pair;
  guint64 addr_bits, limit, free_high;
  guint k;

  g_return_if_fail (state != NULL);
  g_return_if_fail (out != NULL);

  mv_mtrr_state_get_pair (state, n, &pair);
  addr_bits = mv_mtrr_address_bits (state->width);
  limit = mv_mtrr_state_address_limit (state);

  memset (out, 0, sizeof *out);
  out->n = n;
  out->width = state->width;
  out->base = pair.base;
  out->mask = pair.mask;
  out->implemented = n < mv_mtrr_state_get_vcnt (state);
  out->valid = (pair.mask & MV_MTRR_MASK_VALID) != 0;
  out->type = (guint) (pair.base & MV_MTRR_BASE_TYPE_MASK);
  out->phys_base = pair.base & addr_bits;
  out->phys_mask = pair.mask & addr_bits;
  out->base_reserved = pair.base & 0xf00;
  out->mask_reserved = pair.mask & 0x7ff;
  out->base_above_width = pair.base & ~(limit - 1);
  out->mask_above_width = pair.mask & ~(limit - 1);

  k = out->phys_mask != 0 ? lowest_bit (out->phys_mask) : state->width;
  out->block_size = (guint64) 1 << k;
  free_high = addr_bits & ~out->phys_mask & ~(out->block_size - 1);
  out->contiguous = free_high == 0;
  out->n_matched = (guint64) 1 << __builtin_popcountll (free_high);
  out->ignored_base_bits = out->phys_base & ~out->phys_mask;

  if (out->contiguous)
    {
      out->has_programmed = TRUE;
      out->programmed.start = out->phys_base;
      out->programmed.end = out->phys_base + out->block_size;
    }

  out->n_shown = (guint) MIN (out->n_matched, MV_MTRR_PAIR_N_SHOWN);
  for (guint i = 0; i < out->n_shown; i++)
    mv_mtrr_pair_nth_matched (out, i, &out->matched[i]);

  mv_mtrr_pair_nth_matched (out, 0, &out->matched_span);
  if (out->n_matched > 1)
    {
      MvRange last;

      mv_mtrr_pair_nth_matched (out, out->n_matched - 1, &last);
      out->matched_span.end = last.end;
    }
}

/**
 * mv_mtrr_pair_nth_matched:
 * @i: 0 .. @info->n_matched - 1
 *
 * The @i-th range (ascending) the pair matches, without enumerating the
 * others.
 */
gboolean
mv_mtrr_pair_nth_matched (const MvMtrrPairInfo *info,
                          guint64               i,
                          MvRange              *out)
{
  guint64 free_high;

  g_return_val_if_fail (info != NULL && out != NULL, FALSE);

  if (i >= info->n_matched)
    return FALSE;
  free_high = mv_mtrr_address_bits (info->width) & ~info->phys_mask & ~(info->block_size - 1);
  out->start = (info->phys_base & info->phys_mask) | deposit (i, free_high);
  out->end = out->start + info->block_size;
  return TRUE;
}

/* ---- The evaluation both the map and explain use ---- */

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

static void
eval_init (Eval              *ev,
           const MvMtrrState *state)
{
  guint64 addr_bits = mv_mtrr_address_bits (state->width);
  guint n_impl = MIN (mv_mtrr_state_get_vcnt (state), state->pairs->len);

  ev->state = state;
  ev->limit = mv_mtrr_state_address_limit (state);
  ev->enabled = (state->def_type & MV_MTRR_DEF_TYPE_E) != 0;
  ev->fixed_enabled = (state->def_type & MV_MTRR_DEF_TYPE_FE) != 0;
  ev->default_type = (guint) (state->def_type & MV_MTRR_DEF_TYPE_TYPE_MASK);
  ev->pairs = g_new0 (ActivePair, MAX (n_impl, 1));
  ev->n_pairs = 0;

  for (guint n = 0; n < n_impl; n++)
    {
      const MvMtrrPair *p = &g_array_index (state->pairs, MvMtrrPair, n);
      ActivePair *a;

      if ((p->mask & MV_MTRR_MASK_VALID) == 0)
        continue;
      a = &ev->pairs[ev->n_pairs++];
      a->n = n;
      a->mask = p->mask & addr_bits;
      a->match = p->base & a->mask;
      a->block = a->mask != 0 ? (guint64) 1 << lowest_bit (a->mask) : ev->limit;
      a->type = (guint) (p->base & MV_MTRR_BASE_TYPE_MASK);
    }
}

static void
eval_clear (Eval *ev)
{
  g_clear_pointer (&ev->pairs, g_free);
}

/* The lowest address >= @x with (address & @mask) == @match, or @limit when
 * there is none below @limit. @x does not match. */
static guint64
next_match (guint64 x,
            guint64 mask,
            guint64 match,
            guint64 limit)
{
  guint64 diff = (x ^ match) & mask;
  guint p = highest_bit (diff);
  guint q;

  if (match & ((guint64) 1 << p))
    {
      /* Raise bit p to the base's 1; below it the smallest match. */
      q = p;
    }
  else
    {
      /* x is above every match with x's prefix: carry into the lowest free
       * bit above p that is 0 in x. */
      guint64 free_zero = ~x & ~mask & (limit - 1) & ~low_bits (p + 1);

      if (free_zero == 0)
        return limit;
      q = lowest_bit (free_zero);
    }
  return (x & ~low_bits (q + 1)) | ((guint64) 1 << q) | (match & low_bits (q));
}

static void
combine_types (const Eval      *ev,
               const MvPairSet *set,
               guint           *type,
               MvEffectiveRule *rule)
{
  guint count = 0, first = 0;
  gboolean same = TRUE, any_uc = FALSE, only_wt_wb = TRUE;

  for (guint i = 0; i < ev->n_pairs; i++)
    {
      guint t = ev->pairs[i].type;

      if (!mv_pair_set_contains (set, ev->pairs[i].n))
        continue;
      if (count++ == 0)
        first = t;
      else if (t != first)
        same = FALSE;
      if (t == MV_MEM_TYPE_UC)
        any_uc = TRUE;
      if (t != MV_MEM_TYPE_WT && t != MV_MEM_TYPE_WB)
        only_wt_wb = FALSE;
    }

  if (count == 0)
    {
      *type = ev->default_type;
      *rule = MV_EFFECTIVE_RULE_DEFAULT;
    }
  else if (count == 1)
    {
      *type = first;
      *rule = MV_EFFECTIVE_RULE_SINGLE;
    }
  else if (same)
    {
      *type = first;
      *rule = MV_EFFECTIVE_RULE_SAME;
    }
  else if (any_uc)
    {
      *type = MV_MEM_TYPE_UC;
      *rule = MV_EFFECTIVE_RULE_UC_WINS;
    }
  else if (only_wt_wb)
    {
      *type = MV_MEM_TYPE_WT;
      *rule = MV_EFFECTIVE_RULE_WT_WINS;
    }
  else
    {
      *type = MV_MEM_TYPE_UNDEFINED;
      *rule = MV_EFFECTIVE_RULE_UNDEFINED;
    }
}

static inline void
pair_set_add (MvPairSet *set,
              guint      n)
{
  set->bits[n / 64] |= (guint64) 1 << (n % 64);
}

/* Decides page-aligned @x (< limit): fills everything in @out but the range
 * and the PAT combination, and returns where this outcome may change next. */
static guint64
eval_step (const Eval       *ev,
           guint64           x,
           MvEffectiveRange *out)
{
  guint64 end = ev->limit;

  memset (out, 0, sizeof *out);

  if (!ev->enabled)
    {
      out->type = MV_MEM_TYPE_UC;
      out->rule = MV_EFFECTIVE_RULE_DISABLED;
      return end;
    }

  if (ev->fixed_enabled && x < ONE_MIB)
    {
      guint index, byte;

      mv_mtrr_fixed_lookup (x, &index, &byte);
      out->rule = MV_EFFECTIVE_RULE_FIXED;
      out->fixed_index = index;
      out->type = (guint) ((ev->state->fixed[index] >> (8 * byte)) & 0xff);
      return mv_mtrr_fixed_start (index) + (byte + 1) * mv_mtrr_fixed_unit (index);
    }

  for (guint i = 0; i < ev->n_pairs; i++)
    {
      const ActivePair *a = &ev->pairs[i];
      guint64 change;

      if ((x & a->mask) == a->match)
        {
          pair_set_add (&out->pairs, a->n);
          change = (x | (a->block - 1)) + 1;
        }
      else
        {
          change = next_match (x, a->mask, a->match, ev->limit);
        }
      end = MIN (end, change);
    }
  combine_types (ev, &out->pairs, &out->type, &out->rule);
  return end;
}

/* ---- The map ---- */

guint
mv_pair_set_count (const MvPairSet *set)
{
  guint count = 0;

  for (guint i = 0; i < G_N_ELEMENTS (set->bits); i++)
    count += (guint) __builtin_popcountll (set->bits[i]);
  return count;
}

/**
 * mv_effective_range_get_by:
 *
 * Returns: (transfer full): the names of the registers that decided
 *   @range: "MtrrDefType" (disabled, default), a fixed register's name, or
 *   "MtrrPhysBaseN", "MtrrPhysMaskN" for each matching pair
 */
GStrv
mv_effective_range_get_by (const MvEffectiveRange *range)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (range != NULL, NULL);

  switch (range->rule)
    {
    case MV_EFFECTIVE_RULE_DISABLED:
    case MV_EFFECTIVE_RULE_DEFAULT:
      g_strv_builder_add (builder, DEF_TYPE);
      break;
    case MV_EFFECTIVE_RULE_FIXED:
      g_strv_builder_add (builder, mv_mtrr_fixed_name (range->fixed_index));
      break;
    default:
      for (guint n = 0; n < 256; n++)
        {
          if (mv_pair_set_contains (&range->pairs, n))
            {
              g_autofree char *base = mv_mtrr_base_name (n);
              g_autofree char *mask = mv_mtrr_mask_name (n);

              g_strv_builder_add (builder, base);
              g_strv_builder_add (builder, mask);
            }
        }
      break;
    }
  return g_strv_builder_end (builder);
}

static gboolean
same_outcome (const MvEffectiveRange *a,
              const MvEffectiveRange *b)
{
  return a->type == b->type
         && a->combined == b->combined
         && a->rule == b->rule
         && a->fixed_index == b->fixed_index
         && memcmp (&a->pairs, &b->pairs, sizeof a->pairs) == 0;
}

static guint
apply_pat (guint type,
           gint  pat_type)
{
  if (pat_type < 0)
    return type;
  return mv_mem_type_combine_pat (type, (guint) pat_type);
}

/**
 * mv_effective_map_new:
 * @start: the first address of the window (rounded down to 4 KiB)
 * @end: the end of the window (rounded up to 4 KiB); G_MAXUINT64 or
 *   anything above 2^MAXPHYADDR means up to 2^MAXPHYADDR
 * @max_ranges: stop after this many ranges (0: no limit). With
 *   non-contiguous masks a map can have up to 2^40 ranges: set a limit, or
 *   page through with @start = the end of the last range.
 * @pat_type: a PAT entry type (0..7) to combine with, or #MV_PAT_NONE
 *
 * The effective memory type of every address in the window, as maximal
 * ranges. The cost is proportional to the number of ranges produced
 * times the number of pairs.
 *
 * Returns: (transfer full): the map
 */
MvEffectiveMap *
mv_effective_map_new (const MvMtrrState *state,
                      guint64            start,
                      guint64            end,
                      guint              max_ranges,
                      gint               pat_type)
{
  MvEffectiveMap *map;
  Eval ev;
  guint64 x;

  g_return_val_if_fail (state != NULL, NULL);

  eval_init (&ev, state);

  map = g_new0 (MvEffectiveMap, 1);
  map->ranges = g_array_new (FALSE, TRUE, sizeof (MvEffectiveRange));
  map->has_pat = pat_type >= 0;
  map->pat_type = map->has_pat ? (guint) pat_type : 0;
  map->end = end >= ev.limit ? ev.limit : (end + MV_PAGE_MASK) & ~MV_PAGE_MASK;
  map->start = MIN (start & ~MV_PAGE_MASK, map->end);

  x = map->start;
  while (x < map->end)
    {
      MvEffectiveRange r;
      guint64 next = MIN (eval_step (&ev, x, &r), map->end);
      MvEffectiveRange *last = map->ranges->len > 0
        ? &g_array_index (map->ranges, MvEffectiveRange, map->ranges->len - 1)
        : NULL;

      g_assert (next > x);
      r.range.start = x;
      r.range.end = next;
      r.combined = apply_pat (r.type, pat_type);

      if (last != NULL && last->range.end == x && same_outcome (last, &r))
        {
          last->range.end = next;
        }
      else if (max_ranges != 0 && map->ranges->len >= max_ranges)
        {
          map->truncated = TRUE;
          break;
        }
      else
        {
          g_array_append_val (map->ranges, r);
        }
      x = next;
    }

  eval_clear (&ev);
  return map;
}

void
mv_effective_map_free (MvEffectiveMap *map)
{
  if (map == NULL)
    return;
  g_clear_pointer (&map->ranges, g_array_unref);
  g_free (map);
}

/**
 * mv_effective_map_lookup:
 *
 * Returns: (transfer none) (nullable): the range holding @address, or NULL
 *   when @address is outside the ranges computed
 */
const MvEffectiveRange *
mv_effective_map_lookup (const MvEffectiveMap *map,
                         guint64               address)
{
  guint lo = 0, hi;

  g_return_val_if_fail (map != NULL, NULL);

  hi = map->ranges->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, mid);

      if (address < r->range.start)
        hi = mid;
      else if (address >= r->range.end)
        lo = mid + 1;
      else
        return r;
    }
  return NULL;
}

/**
 * mv_effective_at:
 * @address: below 2^MAXPHYADDR
 * @pat_type: a PAT entry type or #MV_PAT_NONE
 * @out: (out): the outcome; its range is the 4 KiB page of @address
 *
 * The effective type of one address, decided on its own.
 */
void
mv_effective_at (const MvMtrrState *state,
                 guint64            address,
                 gint               pat_type,
                 MvEffectiveRange  *out)
{
  Eval ev;
  guint64 page = address & ~MV_PAGE_MASK;

  g_return_if_fail (state != NULL && out != NULL);
  g_return_if_fail (address < mv_mtrr_state_address_limit (state));

  eval_init (&ev, state);
  eval_step (&ev, page, out);
  out->range.start = page;
  out->range.end = page + MV_PAGE_SIZE;
  out->combined = apply_pat (out->type, pat_type);
  eval_clear (&ev);
}

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
range_text (guint64 start,
            guint64 end)
{
  return g_strdup_printf ("[0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x)", start, end);
}

static char *
pair_matched_text (const MvMtrrPairInfo *info)
{
  g_autofree char *span = range_text (info->matched[0].start, info->matched[0].end);
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
          g_autofree char *programmed = range_text (info.programmed.start, info.programmed.end);

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

  eval_init (&ev, state);
  eval_step (&ev, address & ~MV_PAGE_MASK, &ex->result);
  ex->result.range.start = address & ~MV_PAGE_MASK;
  ex->result.range.end = ex->result.range.start + MV_PAGE_SIZE;
  ex->result.combined = apply_pat (ex->result.type, pat_type);

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

  eval_clear (&ev);
  return g_steal_pointer (&ex);
}

/* ---- Diagnostics ---- */

#define DIAG_MAP_LIMIT      65536  /* ranges examined for undefined overlaps */
#define DIAG_WINDOW_LIMIT   4096   /* ranges examined per layout range */
#define DIAG_RUNS_PER_RANGE 8      /* diagnostics per layout range */

#define REF_RANGES   "Intel SDM vol. 3A 11.11.2.3 and 11.11.4: a pair matches the addresses where (addr & PhysMask) == (PhysBase & PhysMask); a range must be 2^n bytes aligned on 2^n"
#define REF_RESERVED "Intel SDM vol. 3A 11.11.2: reserved bits and bits above MAXPHYADDR must be 0; WRMSR with any of them set raises #GP"
#define REF_TYPES    "Intel SDM vol. 3A 11.11 (Table 11-8): MTRR types are UC 0, WC 1, WT 4, WP 5, WB 6; 2, 3 and 7-255 are reserved and WRMSR with them raises #GP"
#define REF_RAM      "Intel SDM vol. 3A 11.3: only WB (and WT/WP) memory is cached; RAM left UC is accessed at memory speed on every access"
#define REF_HOLE     "Intel SDM vol. 3A 11.3: write-back memory may be read speculatively and its lines cached; memory the guest is not given should have the default type (UC)"
#define REF_MMIO     "Intel SDM vol. 3A 11.3: memory-mapped I/O must be UC (WC for frame buffers); cached device accesses can be stale, merged or speculative"

void
mv_diagnostic_free (MvDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;
  g_free (diagnostic->registers);
  g_free (diagnostic->message);
  g_free (diagnostic->reference);
  g_free (diagnostic);
}

/* Takes @registers and @message. */
static void
add_diag (GPtrArray        *out,
          MvDiagnosticKind  kind,
          MvSeverity        severity,
          const MvRange    *range,
          char             *registers,
          const char       *reference,
          char             *message)
{
  MvDiagnostic *d = g_new0 (MvDiagnostic, 1);

  d->kind = kind;
  d->severity = severity;
  if (range != NULL)
    {
      d->has_range = TRUE;
      d->range = *range;
    }
  d->registers = registers;
  d->message = message;
  d->reference = g_strdup (reference);
  d->id = out->len + 1;
  g_ptr_array_add (out, d);
}

static void
check_def_type (const MvMtrrState *state,
                GPtrArray         *out)
{
  guint type = (guint) (state->def_type & MV_MTRR_DEF_TYPE_TYPE_MASK);
  guint64 reserved = state->def_type & ~(MV_MTRR_DEF_TYPE_TYPE_MASK | MV_MTRR_DEF_TYPE_FE
                                         | MV_MTRR_DEF_TYPE_E);

  if ((state->def_type & MV_MTRR_DEF_TYPE_E) == 0)
    add_diag (out, MV_DIAG_DISABLED, MV_SEVERITY_WARNING, NULL, g_strdup (DEF_TYPE),
              "Intel SDM vol. 3A 11.11.2.1 and 11.11.4.1: with E clear all of physical memory is UC",
              g_strdup_printf ("MTRRs are disabled (MtrrDefType = 0x%" G_GINT64_MODIFIER "x has E, "
                               "bit 11, clear): every address is uncached, RAM included, so the "
                               "guest runs very slowly.", state->def_type));

  if (mv_mem_type_is_reserved (type))
    add_diag (out, MV_DIAG_RESERVED_TYPE, MV_SEVERITY_ERROR, NULL, g_strdup (DEF_TYPE),
              REF_TYPES,
              g_strdup_printf ("The default type in MtrrDefType is %u, a reserved encoding: a CPU "
                               "refuses the write (#GP), and what memory without a matching pair "
                               "gets is unknown.", type));

  if (reserved != 0)
    add_diag (out, MV_DIAG_RESERVED_BITS, MV_SEVERITY_ERROR, NULL, g_strdup (DEF_TYPE),
              REF_RESERVED,
              g_strdup_printf ("MtrrDefType = 0x%" G_GINT64_MODIFIER "x sets reserved bits "
                               "0x%" G_GINT64_MODIFIER "x (only bits 7:0, 10 and 11 are defined): "
                               "a CPU refuses the write (#GP).", state->def_type, reserved));
}

static void
check_fixed (const MvMtrrState *state,
             GPtrArray         *out)
{
  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    {
      guint64 unit = mv_mtrr_fixed_unit (i);
      guint64 start = mv_mtrr_fixed_start (i);
      int first = -1, last = -1;
      GString *types = g_string_new (NULL);
      MvRange range;

      for (guint b = 0; b < 8; b++)
        {
          guint t = (guint) ((state->fixed[i] >> (8 * b)) & 0xff);

          if (!mv_mem_type_is_reserved (t))
            continue;
          if (first < 0)
            first = (int) b;
          last = (int) b;
          g_string_append_printf (types, "%s%u (byte %u)", types->len ? ", " : "", t, b);
        }
      if (first < 0)
        {
          g_string_free (types, TRUE);
          continue;
        }
      range.start = start + (guint64) first * unit;
      range.end = start + (guint64) (last + 1) * unit;
      add_diag (out, MV_DIAG_RESERVED_TYPE, MV_SEVERITY_ERROR, &range,
                g_strdup (mv_mtrr_fixed_name (i)), REF_TYPES,
                g_strdup_printf ("%s = 0x%016" G_GINT64_MODIFIER "x holds the reserved type "
                                 "encoding(s) %s: a CPU refuses the write (#GP), and the type of "
                                 "these addresses is unknown.", mv_mtrr_fixed_name (i),
                                 state->fixed[i], types->str));
      g_string_free (types, TRUE);
    }
}

static void
check_pair (const MvMtrrState    *state,
            const MvMtrrPairInfo *info,
            GPtrArray            *out)
{
  g_autofree char *name = mv_mtrr_pair_name (info->n);
  const MvRange *span = info->valid ? &info->matched_span : NULL;

  if (mv_mem_type_is_reserved (info->type))
    add_diag (out, MV_DIAG_RESERVED_TYPE, MV_SEVERITY_ERROR, span, g_strdup (name), REF_TYPES,
              g_strdup_printf ("MtrrPhysBase%u = 0x%" G_GINT64_MODIFIER "x has type %u, a reserved "
                               "encoding: a CPU refuses the write (#GP), and the type of the range "
                               "is unknown.", info->n, info->base, info->type));

  if (info->base_reserved != 0 || info->mask_reserved != 0)
    add_diag (out, MV_DIAG_RESERVED_BITS, MV_SEVERITY_ERROR, span, g_strdup (name), REF_RESERVED,
              g_strdup_printf ("%s sets reserved bits (base 0x%" G_GINT64_MODIFIER "x in bits 11:8, "
                               "mask 0x%" G_GINT64_MODIFIER "x in bits 10:0): a CPU refuses the "
                               "write (#GP).", name, info->base_reserved, info->mask_reserved));

  if (info->base_above_width != 0 || info->mask_above_width != 0)
    add_diag (out, MV_DIAG_BITS_ABOVE_WIDTH, MV_SEVERITY_ERROR, span, g_strdup (name), REF_RESERVED,
              g_strdup_printf ("%s sets bits at or above MAXPHYADDR = %u (base "
                               "0x%" G_GINT64_MODIFIER "x, mask 0x%" G_GINT64_MODIFIER "x): a CPU "
                               "with this address width refuses the write (#GP); this analysis "
                               "ignores those bits.", name, state->width,
                               info->base_above_width, info->mask_above_width));

  if (!info->valid)
    return;

  if (info->ignored_base_bits != 0)
    {
      g_autofree char *size = mv_format_size (info->block_size);
      g_autofree char *matched = range_text (info->matched[0].start, info->matched[0].end);

      if (info->has_programmed)
        {
          g_autofree char *programmed = range_text (info->programmed.start, info->programmed.end);

          add_diag (out, MV_DIAG_MISALIGNED_BASE, MV_SEVERITY_WARNING, &info->matched_span,
                    g_strdup (name), REF_RANGES,
                    g_strdup_printf ("%s is programmed at 0x%" G_GINT64_MODIFIER "x, which is not a "
                                     "multiple of the %s its mask describes, so the CPU ignores the "
                                     "base's low bits and the pair matches %s, not %s as /proc/mtrr "
                                     "suggests.", name, info->phys_base, size, matched, programmed));
        }
      else
        {
          add_diag (out, MV_DIAG_MISALIGNED_BASE, MV_SEVERITY_WARNING, &info->matched_span,
                    g_strdup (name), REF_RANGES,
                    g_strdup_printf ("%s's base 0x%" G_GINT64_MODIFIER "x has bits "
                                     "0x%" G_GINT64_MODIFIER "x where the mask is clear: the CPU "
                                     "ignores them, so the pair matches from %s on, not from the "
                                     "base.", name, info->phys_base, info->ignored_base_bits,
                                     matched));
        }
    }

  if (!info->contiguous)
    {
      g_autofree char *size = mv_format_size (info->block_size);
      g_autofree char *first = range_text (info->matched[0].start, info->matched[0].end);

      add_diag (out, MV_DIAG_NONCONTIGUOUS_MASK, MV_SEVERITY_WARNING, &info->matched_span,
                g_strdup (name), REF_RANGES,
                g_strdup_printf ("%s has a non-contiguous mask 0x%" G_GINT64_MODIFIER "x: it matches "
                                 "%" G_GUINT64_FORMAT " separate ranges of %s (the first %s), not "
                                 "one range, which Linux and most tools misreport.", name,
                                 info->phys_mask, info->n_matched, size, first));
    }

  if (info->phys_mask == 0)
    add_diag (out, MV_DIAG_MATCHES_EVERYTHING, MV_SEVERITY_WARNING, &info->matched_span,
              g_strdup (name), REF_RANGES,
              g_strdup_printf ("%s's mask 0x%" G_GINT64_MODIFIER "x is the valid bit alone: it "
                               "compares no address bit, so the pair matches every address and "
                               "makes all memory %s unless another pair overrides it.", name,
                               info->mask, mv_mem_type_name (info->type)));
}

static void
check_pairs (const MvMtrrState *state,
             GPtrArray         *out)
{
  guint vcnt = mv_mtrr_state_get_vcnt (state);
  guint extra = 0, first_extra = 0;
  gboolean uses_wc = (state->def_type & MV_MTRR_DEF_TYPE_TYPE_MASK) == MV_MEM_TYPE_WC;

  for (guint n = 0; n < state->pairs->len; n++)
    {
      const MvMtrrPair *p = &g_array_index (state->pairs, MvMtrrPair, n);
      MvMtrrPairInfo info;

      if (n >= vcnt)
        {
          if ((p->base != 0 || p->mask != 0) && extra++ == 0)
            first_extra = n;
          continue;
        }
      mv_mtrr_pair_decode (state, n, &info);
      check_pair (state, &info, out);
      if (info.valid && info.type == MV_MEM_TYPE_WC)
        uses_wc = TRUE;
    }

  if (extra > 0)
    add_diag (out, MV_DIAG_TOO_MANY_PAIRS, MV_SEVERITY_ERROR, NULL,
              g_strdup_printf ("MtrrPhysBase%u/MtrrPhysMask%u", first_extra, first_extra),
              "Intel SDM vol. 3A 11.11.1: IA32_MTRRCAP.VCNT is the number of variable pairs; "
              "the MSRs of pairs beyond it do not exist",
              g_strdup_printf ("%u variable pair(s) from pair %u on are set, but VCNT is %u: the CPU "
                               "has no such registers (writing them raises #GP), so they are "
                               "ignored here.", extra, first_extra, vcnt));

  for (guint i = 0; i < MV_MTRR_N_FIXED && (state->def_type & MV_MTRR_DEF_TYPE_FE); i++)
    {
      for (guint b = 0; b < 8; b++)
        if (((state->fixed[i] >> (8 * b)) & 0xff) == MV_MEM_TYPE_WC)
          uses_wc = TRUE;
    }

  if ((state->def_type & MV_MTRR_DEF_TYPE_FE) && !(state->cap & MV_MTRR_CAP_FIX))
    add_diag (out, MV_DIAG_CAPABILITY, MV_SEVERITY_WARNING, NULL, g_strdup (DEF_TYPE),
              "Intel SDM vol. 3A 11.11.1: the fixed-range MTRRs exist only when IA32_MTRRCAP.FIX is set",
              g_strdup_printf ("FE is set in MtrrDefType but IA32_MTRRCAP = 0x%" G_GINT64_MODIFIER "x "
                               "does not announce fixed ranges (FIX, bit 8): the CPU has no fixed "
                               "registers to use below 1 MiB.", state->cap));

  if (uses_wc && !(state->cap & MV_MTRR_CAP_WC))
    add_diag (out, MV_DIAG_CAPABILITY, MV_SEVERITY_WARNING, NULL, NULL,
              "Intel SDM vol. 3A 11.11.1: WC is supported only when IA32_MTRRCAP.WC is set",
              g_strdup_printf ("WC is used but IA32_MTRRCAP = 0x%" G_GINT64_MODIFIER "x does not "
                               "announce it (WC, bit 10): the CPU refuses the type.", state->cap));
}

/* The deciding registers of a run of ranges, without repeats. */
static void
add_deciders (GPtrArray              *names,
              const MvEffectiveRange *r)
{
  g_autofree char *name = NULL;

  switch (r->rule)
    {
    case MV_EFFECTIVE_RULE_DISABLED:
    case MV_EFFECTIVE_RULE_DEFAULT:
      name = g_strdup (DEF_TYPE);
      break;
    case MV_EFFECTIVE_RULE_FIXED:
      name = g_strdup (mv_mtrr_fixed_name (r->fixed_index));
      break;
    default:
      for (guint n = 0; n < 256; n++)
        {
          if (mv_pair_set_contains (&r->pairs, n))
            {
              g_autofree char *pair = mv_mtrr_pair_name (n);

              if (!g_ptr_array_find_with_equal_func (names, pair, g_str_equal, NULL))
                g_ptr_array_add (names, g_steal_pointer (&pair));
            }
        }
      return;
    }
  if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
    g_ptr_array_add (names, g_steal_pointer (&name));
}

static char *
join_names (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

typedef gboolean (*BadTypeFunc) (guint type);

static gboolean
not_wb (guint type)
{
  return type != MV_MEM_TYPE_WB;
}

static gboolean
is_wb (guint type)
{
  return type == MV_MEM_TYPE_WB;
}

static gboolean
cached (guint type)
{
  return type == MV_MEM_TYPE_WB || type == MV_MEM_TYPE_WT || type == MV_MEM_TYPE_WP;
}

/* What a window of the layout holds, and so which types are wrong there. */
typedef enum
{
  WINDOW_RAM,     /* RAM: not WB is slow */
  WINDOW_DEVICE,  /* MMIO, PCI, VTL2: cached is a hazard */
  WINDOW_HOLE,    /* below the end of the layout, in no range: WB is wrong */
} WindowKind;

/* Emits one diagnostic per maximal run of ranges in @window whose type
 * is wrong for what the window holds. */
static void
check_window (const MvMtrrState *state,
              MvRange            window,
              const char        *what,
              WindowKind         kind,
              GPtrArray         *out)
{
  guint64 limit = mv_mtrr_state_address_limit (state);
  g_autoptr(MvEffectiveMap) map = NULL;
  gboolean is_ram = kind == WINDOW_RAM;
  BadTypeFunc bad = is_ram ? not_wb : kind == WINDOW_HOLE ? is_wb : cached;
  guint runs = 0;

  if (window.end > limit && kind != WINDOW_HOLE)
    {
      MvRange above = { MAX (window.start, limit), window.end };

      add_diag (out, is_ram ? MV_DIAG_RAM_NOT_WB : MV_DIAG_MMIO_CACHED, MV_SEVERITY_WARNING,
                &above, NULL, "Intel SDM vol. 3A 11.11.2.3: MTRRs describe addresses below MAXPHYADDR only",
                g_strdup_printf ("%s [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) lies at "
                                 "or above the %u-bit physical address space: the CPU cannot reach "
                                 "it and no MTRR describes it.", what, above.start, above.end,
                                 state->width));
      window.end = limit;
    }
  if (window.start >= window.end)
    return;

  map = mv_effective_map_new (state, window.start, window.end, DIAG_WINDOW_LIMIT, MV_PAT_NONE);
  for (guint i = 0; i < map->ranges->len && runs < DIAG_RUNS_PER_RANGE; i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
      g_autoptr(GPtrArray) names = NULL;
      g_autoptr(GPtrArray) types = NULL;
      g_autofree char *registers = NULL;
      g_autofree char *type_list = NULL;
      MvRange run;

      if (!bad (r->type))
        continue;

      names = g_ptr_array_new_with_free_func (g_free);
      types = g_ptr_array_new ();
      run = r->range;
      for (; i < map->ranges->len; i++)
        {
          const MvEffectiveRange *s = &g_array_index (map->ranges, MvEffectiveRange, i);
          const char *tn = mv_mem_type_name (s->type);

          if (!bad (s->type))
            break;
          run.end = s->range.end;
          add_deciders (names, s);
          if (!g_ptr_array_find (types, tn, NULL))
            g_ptr_array_add (types, (gpointer) tn);
        }
      registers = join_names (names);
      g_ptr_array_add (types, NULL);
      type_list = g_strjoinv ("/", (char **) types->pdata);
      runs++;

      if (kind == WINDOW_HOLE)
        add_diag (out, MV_DIAG_HOLE_WB, MV_SEVERITY_WARNING, &run, g_strdup (registers),
                  REF_HOLE,
                  g_strdup_printf ("[0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) is "
                                   "memory the guest is not given (no RAM, MMIO, PCI or VTL2 range), "
                                   "yet it is write-back because of %s: the CPU may read and cache "
                                   "it speculatively.", run.start, run.end, registers));
      else if (is_ram)
        add_diag (out, MV_DIAG_RAM_NOT_WB, MV_SEVERITY_WARNING, &run, g_strdup (registers),
                  REF_RAM,
                  g_strdup_printf ("RAM [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) is "
                                   "%s, not write-back (decided by %s): the guest runs slowly "
                                   "from this memory.", run.start, run.end, type_list, registers));
      else
        add_diag (out, MV_DIAG_MMIO_CACHED, MV_SEVERITY_ERROR, &run, g_strdup (registers),
                  REF_MMIO,
                  g_strdup_printf ("%s [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) is "
                                   "%s because of %s: device accesses there may be cached, merged "
                                   "or reordered, a correctness hazard.", what, run.start, run.end,
                                   type_list, registers));
    }

  if (map->truncated || runs >= DIAG_RUNS_PER_RANGE)
    add_diag (out, MV_DIAG_INCOMPLETE, MV_SEVERITY_NOTE, &window, NULL,
              "memviz: the analysis of one range stops after a fixed number of results",
              g_strdup_printf ("%s [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) has too "
                               "many differently typed pieces to list them all: only the first are "
                               "reported.", what, window.start, window.end));
}

static void
check_undefined (const MvMtrrState *state,
                 GPtrArray         *out)
{
  g_autoptr(MvEffectiveMap) map = mv_effective_map_new (state, 0, G_MAXUINT64, DIAG_MAP_LIMIT,
                                                        MV_PAT_NONE);
  guint reported = 0;

  for (guint i = 0; i < map->ranges->len; i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
      g_autoptr(GPtrArray) names = NULL;
      g_autofree char *registers = NULL;
      MvRange run;

      if (r->rule != MV_EFFECTIVE_RULE_UNDEFINED)
        continue;
      names = g_ptr_array_new_with_free_func (g_free);
      run = r->range;
      for (; i < map->ranges->len; i++)
        {
          const MvEffectiveRange *s = &g_array_index (map->ranges, MvEffectiveRange, i);

          if (s->rule != MV_EFFECTIVE_RULE_UNDEFINED)
            break;
          run.end = s->range.end;
          add_deciders (names, s);
        }
      registers = join_names (names);

      if (reported++ < DIAG_RUNS_PER_RANGE)
        add_diag (out, MV_DIAG_UNDEFINED_OVERLAP, MV_SEVERITY_ERROR, &run, g_strdup (registers),
                  REF_PRECEDENCE,
                  g_strdup_printf ("[0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) is matched "
                                   "by %s with types the SDM gives no precedence for (only "
                                   "\"UC wins\" and \"WT wins over WB\" are defined): the memory "
                                   "type there is undefined.", run.start, run.end, registers));
    }

  if (map->truncated || reported > DIAG_RUNS_PER_RANGE)
    add_diag (out, MV_DIAG_INCOMPLETE, MV_SEVERITY_NOTE, NULL, NULL,
              "memviz: the overlap check stops after a fixed number of ranges",
              g_strdup_printf ("The effective map has more than %u ranges or undefined overlaps "
                               "(non-contiguous masks): only the first are checked for "
                               "undefined overlaps.", map->truncated ? DIAG_MAP_LIMIT : reported));
}

static gint
range_cmp (gconstpointer a,
           gconstpointer b)
{
  const MvRange *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

/* The addresses below the end of the layout that no range holds: the
 * guest is not given them, so write-back there is wrong (OpenVMM's pairs
 * cover from 0 up to the end of RAM's power of two, over such holes). */
static void
check_holes (const MvMtrrState *state,
             const MvLayout    *layout,
             GPtrArray         *out)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (MvRange));
  GArray *lists[] = { layout->mmio, layout->pci_ecam, layout->pci_mmio };
  guint64 top = MIN (mv_layout_end_of_layout (layout), mv_mtrr_state_address_limit (state));
  guint64 pos = 0;

  for (guint i = 0; i < layout->ram->len; i++)
    g_array_append_val (all, g_array_index (layout->ram, MvRamRange, i).range);
  for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
    for (guint i = 0; lists[k] != NULL && i < lists[k]->len; i++)
      g_array_append_val (all, g_array_index (lists[k], MvRange, i));
  if (layout->has_vtl2)
    g_array_append_val (all, layout->vtl2);
  g_array_sort (all, range_cmp);

  for (guint i = 0; i <= all->len && pos < top; i++)
    {
      guint64 next = i < all->len ? MIN (g_array_index (all, MvRange, i).start, top) : top;

      if (next > pos)
        check_window (state, (MvRange) { pos, next }, "Memory the guest is not given",
                      WINDOW_HOLE, out);
      if (i < all->len)
        pos = MAX (pos, g_array_index (all, MvRange, i).end);
    }
}

static void
check_layout (const MvMtrrState *state,
              const MvLayout    *layout,
              GPtrArray         *out)
{
  static const struct { gsize offset; const char *what; } gaps[] = {
    { G_STRUCT_OFFSET (MvLayout, mmio), "MMIO gap" },
    { G_STRUCT_OFFSET (MvLayout, pci_ecam), "PCI ECAM range" },
    { G_STRUCT_OFFSET (MvLayout, pci_mmio), "PCI MMIO range" },
  };

  for (guint i = 0; i < layout->ram->len; i++)
    check_window (state, g_array_index (layout->ram, MvRamRange, i).range, "RAM", WINDOW_RAM, out);

  for (guint g = 0; g < G_N_ELEMENTS (gaps); g++)
    {
      GArray *ranges = G_STRUCT_MEMBER (GArray *, layout, gaps[g].offset);

      for (guint i = 0; ranges != NULL && i < ranges->len; i++)
        {
          MvRange r = g_array_index (ranges, MvRange, i);

          if (!mv_range_is_empty (&r))
            check_window (state, r, gaps[g].what, WINDOW_DEVICE, out);
        }
    }

  if (layout->has_vtl2 && !mv_range_is_empty (&layout->vtl2))
    check_window (state, layout->vtl2, "VTL2 range", WINDOW_DEVICE, out);

  check_holes (state, layout, out);
}

/**
 * mv_diagnose:
 * @layout: (nullable): the guest's layout, for the RAM and MMIO checks
 *
 * Everything questionable about @state: errors (a CPU would fault, or the
 * result is wrong or undefined), warnings (slow or not what it seems) and
 * notes.
 *
 * Returns: (transfer full) (element-type MvDiagnostic): the diagnostics
 */
GPtrArray *
mv_diagnose (const MvMtrrState *state,
             const MvLayout    *layout)
{
  GPtrArray *out;

  g_return_val_if_fail (state != NULL, NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_diagnostic_free);

  check_def_type (state, out);

  if (state->variable_skipped_for_vtl2)
    add_diag (out, MV_DIAG_VARIABLE_SKIPPED, MV_SEVERITY_NOTE, NULL, NULL,
              "upstream: openvmm_core/src/worker/dispatch.rs sets variable MTRRs only without VTL2",
              g_strdup ("No variable pairs: with VTL2 configured OpenVMM leaves VTL0's variable "
                        "MTRRs to VTL2, so above 1 MiB everything has the default type."));

  if (state->width_asked != state->width)
    add_diag (out, MV_DIAG_WIDTH_CLAMPED, MV_SEVERITY_WARNING, NULL, NULL,
              "upstream: compute_variable_mtrrs clamps physical_address_width to 36..=52",
              g_strdup_printf ("A %u-bit physical address width was asked but %u is used: upstream "
                               "clamps the width to 36..52, so its masks assume MAXPHYADDR = %u, "
                               "which a guest with %u bits would refuse or misread.",
                               state->width_asked, state->width, state->width,
                               state->width_asked));

  check_fixed (state, out);
  check_pairs (state, out);
  check_undefined (state, out);

  if (layout != NULL)
    check_layout (state, layout, out);

  return out;
}

/**
 * mv_diagnostics_have_errors:
 * @diagnostics: (element-type MvDiagnostic)
 */
gboolean
mv_diagnostics_have_errors (GPtrArray *diagnostics)
{
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->severity == MV_SEVERITY_ERROR)
        return TRUE;
    }
  return FALSE;
}

/* ---- /proc/mtrr ---- */

/**
 * mv_mtrr_format_proc_mtrr:
 *
 * The lines Linux prints in /proc/mtrr for @state (without newlines), as
 * arch/x86/kernel/cpu/mtrr/if.c and generic.c compute them: one per valid
 * pair below VCNT, with the programmed base, the size from the mask (Linux
 * extends a mask that stops below MAXPHYADDR upwards, and assumes it is
 * contiguous) and count=1 (the usage count after boot). Linux shows the
 * base as programmed, not the range the CPU matches.
 *
 * Returns: (transfer full): the lines, NULL-terminated
 */
GStrv
mv_mtrr_format_proc_mtrr (const MvMtrrState *state)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;
  /* phys_hi_rsvd << 32: the bits from MAXPHYADDR up. */
  guint64 above = ~(mv_mtrr_state_address_limit (state) - 1);

  g_return_val_if_fail (state != NULL, NULL);

  n = MIN (mv_mtrr_state_get_vcnt (state), state->pairs->len);
  for (guint i = 0; i < n; i++)
    {
      const MvMtrrPair *p = &g_array_index (state->pairs, MvMtrrPair, i);
      guint64 tmp, mask, size, base;
      g_autofree char *line = NULL;
      char factor;

      if ((p->mask & MV_MTRR_MASK_VALID) == 0)
        continue;

      tmp = p->mask & ~MV_PAGE_MASK;
      mask = above | tmp;
      if (tmp != 0)
        {
          tmp |= ~low_bits (highest_bit (tmp));
          if (tmp != mask)
            mask = tmp;  /* Linux: "your BIOS has configured an incorrect mask, fixing it." */
        }
      size = (0 - mask) >> 12;          /* in pages */
      base = p->base >> 12;             /* in pages */

      if (size < (0x100000 >> 12))
        {
          factor = 'K';
          size <<= 12 - 10;
        }
      else
        {
          factor = 'M';
          size >>= 20 - 12;
        }

      line = g_strdup_printf ("reg%02u: base=0x%06" G_GINT64_MODIFIER "x000 "
                              "(%5" G_GUINT64_FORMAT "MB), size=%5" G_GUINT64_FORMAT "%cB, "
                              "count=%d: %s",
                              i, base, base >> (20 - 12), size, factor, 1,
                              mv_mem_type_linux_name ((guint) (p->base & 0xff)));
      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}
