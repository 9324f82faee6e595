/* SPDX-License-Identifier: MIT */
/* What an MTRR state does: PAT combination, pair decoding, the effective
 * memory type map and /proc/mtrr, following Intel SDM vol. 3A 11.11 and
 * 11.12 (PAT). Explaining one address is in mv-explain.c, the diagnostics
 * in mv-diagnose.c. */
#include "mv-effective.h"
#include "mv-effective-private.h"

#include <string.h>

#include "mv-mtrr.h"
#include "mv-parse.h"

G_DEFINE_QUARK (mv-effective-error-quark, mv_effective_error)

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

void
_mv_eval_init (Eval              *ev,
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

void
_mv_eval_clear (Eval *ev)
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
guint64
_mv_eval_step (const Eval       *ev,
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

guint
_mv_apply_pat (guint type,
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

  _mv_eval_init (&ev, state);

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
      guint64 next = MIN (_mv_eval_step (&ev, x, &r), map->end);
      MvEffectiveRange *last = map->ranges->len > 0
        ? &g_array_index (map->ranges, MvEffectiveRange, map->ranges->len - 1)
        : NULL;

      g_assert (next > x);
      r.range.start = x;
      r.range.end = next;
      r.combined = _mv_apply_pat (r.type, pat_type);

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

  _mv_eval_clear (&ev);
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

  _mv_eval_init (&ev, state);
  _mv_eval_step (&ev, page, out);
  out->range.start = page;
  out->range.end = page + MV_PAGE_SIZE;
  out->combined = _mv_apply_pat (out->type, pat_type);
  _mv_eval_clear (&ev);
}

char *
_mv_range_text (guint64 start,
            guint64 end)
{
  return g_strdup_printf ("[0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x)", start, end);
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
