/* SPDX-License-Identifier: MIT */
/* The fewest-MTRR search (see mv-mtrr-solve.h). */
#include "mv-mtrr-solve.h"

#include "mv-effective.h"
#include "mv-mtrr.h"

G_DEFINE_QUARK (mv-mtrr-solve-error-quark, mv_mtrr_solve_error)

typedef struct
{
  guint64 start;
  guint64 size;
} Block;

/* Tiles [a, b) exactly with the fewest aligned power-of-two blocks
 * (greedy from the bottom is optimal for an exact tiling). */
static guint
blocks_exact (guint64 a,
              guint64 b,
              GArray *out)
{
  guint n = 0;

  while (a < b)
    {
      guint64 size = a == 0 ? ((guint64) 1 << 63) : (a & -a);

      while (size > b - a)
        size >>= 1;
      if (out != NULL)
        {
          Block blk = { a, size };
          g_array_append_val (out, blk);
        }
      a += size;
      n++;
    }
  return n;
}

static guint64
round_down (guint64 v,
            guint   m)
{
  return v & ~(((guint64) 1 << m) - 1);
}

/* Rounds up to 2^m; FALSE on overflow. */
static gboolean
round_up (guint64  v,
          guint    m,
          guint64 *out)
{
  guint64 mask = ((guint64) 1 << m) - 1;

  if (v > G_MAXUINT64 - mask)
    return FALSE;
  *out = (v + mask) & ~mask;
  return TRUE;
}

/* The fewest blocks covering [s, e), allowed to spill into [lo, hi). */
static guint
cover (guint64  s,
       guint64  e,
       guint64  lo,
       guint64  hi,
       guint    width,
       guint64 *best_s,
       guint64 *best_e)
{
  guint best = blocks_exact (s, e, NULL);

  *best_s = s;
  *best_e = e;
  for (guint m = 12; m <= width; m++)
    {
      guint64 s2 = round_down (s, m);
      guint64 e2;
      gboolean up = round_up (e, m, &e2) && e2 <= hi;
      guint n;

      if (s2 >= lo && s2 != s && (n = blocks_exact (s2, e, NULL)) < best)
        {
          best = n;
          *best_s = s2;
          *best_e = e;
        }
      if (up && e2 != e && (n = blocks_exact (s, e2, NULL)) < best)
        {
          best = n;
          *best_s = s;
          *best_e = e2;
        }
      if (up && s2 >= lo && (n = blocks_exact (s2, e2, NULL)) < best)
        {
          best = n;
          *best_s = s2;
          *best_e = e2;
        }
    }
  return best;
}

typedef struct
{
  guint64 start;
  guint64 end;
} Span;

typedef struct
{
  guint   cost;
  guint64 wb_start;   /* the WB extent */
  guint64 wb_end;
  Span    ends[2];    /* UC extents below and above the RAM runs */
  guint   n_ends;
} Choice;

/* The holes between consecutive RAM runs, each covered by its own UC
 * blocks whatever group the runs end up in: worked out once, so that a
 * group's cost is a difference of prefix sums, not a walk over its runs. */
typedef struct
{
  Span  *span;   /* [t]: the UC extent over the hole after run t */
  guint *sum;    /* [t]: the blocks of holes 0 .. t-1 */
} Holes;

static void
holes_init (Holes        *holes,
            const GArray *ram,
            guint         width)
{
  const Span *r = (const Span *) ram->data;
  guint n = ram->len;

  holes->span = g_new0 (Span, MAX (n, 1));
  holes->sum = g_new0 (guint, n + 1);
  for (guint t = 0; t + 1 < n; t++)
    holes->sum[t + 1] = holes->sum[t] +
                        cover (r[t].end, r[t + 1].start, r[t].end, r[t + 1].start, width,
                               &holes->span[t].start, &holes->span[t].end);
}

static void
holes_clear (Holes *holes)
{
  g_free (holes->span);
  g_free (holes->sum);
}

/* The cost of making RAM runs i..k WB as one group. */
static Choice
group_cost (const GArray *ram,
            const Holes  *holes,
            guint         i,
            guint         k,
            guint64       top,
            guint64       limit,
            guint         width)
{
  const Span *r = (const Span *) ram->data;
  guint64 x = r[i].start;
  guint64 y = r[k].end;
  guint64 lo_ext = i == 0 ? 0 : r[i - 1].end;
  guint64 hi_ext = k + 1 == ram->len ? limit : r[k + 1].start;
  guint between = holes->sum[k] - holes->sum[i];
  Choice best = { G_MAXUINT, 0, 0, { { 0, 0 }, { 0, 0 } }, 0 };

  for (guint m = 11; m <= width; m++)
    {
      /* m == 11 stands for "no extension". */
      guint64 cand_x[2] = { x, m > 11 ? round_down (x, m) : x };
      guint64 y_up = y;
      guint64 cand_y[2];

      if (m > 11 && !(round_up (y, m, &y_up) && y_up <= hi_ext))
        y_up = y;
      cand_y[0] = y;
      cand_y[1] = y_up;

      for (guint a = 0; a < 2; a++)
        for (guint b = 0; b < 2; b++)
          {
            Choice c = { 0, cand_x[a], cand_y[b], { { 0, 0 }, { 0, 0 } }, 0 };

            if (c.wb_start < lo_ext || (a == 1 && c.wb_start == x && m > 11 && b == 0))
              continue;
            c.cost = blocks_exact (c.wb_start, c.wb_end, NULL) + between;
            if (c.cost >= best.cost)
              continue;
            /* Holes below x and above y (below the top). */
            if (c.wb_start < x)
              {
                c.cost += cover (c.wb_start, x, lo_ext, x, width,
                                 &c.ends[c.n_ends].start, &c.ends[c.n_ends].end);
                c.n_ends++;
              }
            if (y < c.wb_end && y < top)
              {
                c.cost += cover (y, MIN (c.wb_end, top), y, hi_ext, width,
                                 &c.ends[c.n_ends].start, &c.ends[c.n_ends].end);
                c.n_ends++;
              }
            if (c.cost < best.cost)
              best = c;
          }
    }
  return best;
}

guint
mv_mtrr_state_count_valid_pairs (const MvMtrrState *state)
{
  guint n = 0;

  for (guint i = 0; i < state->pairs->len; i++)
    if (g_array_index (state->pairs, MvMtrrPair, i).mask & MV_MTRR_MASK_VALID)
      n++;
  return n;
}

static gint
compare_range_start (gconstpointer a,
                     gconstpointer b)
{
  const Span *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* RAM as maximal runs. */
static GArray *
ram_runs (const MvLayout *layout)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (Span));

  for (guint i = 0; i < layout->ram->len; i++)
    {
      const MvRange *r = &g_array_index (layout->ram, MvRamRange, i).range;

      if (runs->len > 0 && g_array_index (runs, Span, runs->len - 1).end == r->start)
        g_array_index (runs, Span, runs->len - 1).end = r->end;
      else
        {
          Span s = { r->start, r->end };
          g_array_append_val (runs, s);
        }
    }
  g_array_sort (runs, compare_range_start);
  return runs;
}

/**
 * mv_mtrr_check_state:
 * Walks the effective map of @state over [0, end_of_layout) against the
 * layout's RAM: the bytes whose type is not what is wanted.
 */
void
mv_mtrr_check_state (const MvMtrrState *state,
                     const MvLayout    *layout,
                     MvMtrrCheck       *out)
{
  g_autoptr(GArray) runs = ram_runs (layout);
  guint64 top = MIN (mv_layout_end_of_layout (layout), mv_mtrr_state_address_limit (state));
  g_autoptr(MvEffectiveMap) map = mv_effective_map_new (state, 0, top, 0, MV_PAT_NONE);
  guint ri = 0;

  out->top = top;
  out->ram_not_wb = 0;
  out->other_wb = 0;

  for (guint i = 0; i < map->ranges->len; i++)
    {
      const MvEffectiveRange *e = &g_array_index (map->ranges, MvEffectiveRange, i);
      guint64 ram_bytes = 0;
      guint64 len = e->range.end - e->range.start;

      while (ri < runs->len && g_array_index (runs, Span, ri).end <= e->range.start)
        ri++;
      for (guint j = ri; j < runs->len; j++)
        {
          const Span *r = &g_array_index (runs, Span, j);
          guint64 s = MAX (r->start, e->range.start);
          guint64 t = MIN (r->end, e->range.end);

          if (r->start >= e->range.end)
            break;
          if (s < t)
            ram_bytes += t - s;
        }
      if (e->type != MV_MEM_TYPE_WB)
        out->ram_not_wb += ram_bytes;
      if (e->type == MV_MEM_TYPE_WB || e->type == MV_MEM_TYPE_UNDEFINED)
        out->other_wb += len - ram_bytes;
    }
  /* RAM past the address width cannot be WB at all. */
  for (guint j = 0; j < runs->len; j++)
    {
      const Span *r = &g_array_index (runs, Span, j);
      if (r->end > top)
        out->ram_not_wb += r->end - MAX (r->start, top);
    }
}

static void
add_blocks (MvMtrrState *state,
            GArray      *blocks,
            guint        type,
            guint       *n)
{
  guint64 limit = mv_mtrr_address_bits (state->width);

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *b = &g_array_index (blocks, Block, i);
      guint64 mask = (~(b->size - 1)) & limit;

      mv_mtrr_state_set_pair (state, *n, (b->start & ~(guint64) 0xfff) | type,
                              mask | MV_MTRR_MASK_VALID, NULL);
      (*n)++;
    }
}

void
mv_mtrr_solution_free (MvMtrrSolution *solution)
{
  if (solution == NULL)
    return;
  g_clear_pointer (&solution->state, mv_mtrr_state_free);
  g_free (solution);
}

/**
 * mv_mtrr_solve:
 * @default_type: MV_MEM_TYPE_UC or MV_MEM_TYPE_WB
 *
 * Returns: (transfer full): the fewest pairs found, with their proof; an
 *   error when the layout cannot be described at this width.
 */
MvMtrrSolution *
mv_mtrr_solve (const MvLayout *layout,
               guint           width,
               guint           default_type,
               GError        **error)
{
  g_autoptr(MvMtrrSolution) sol = g_new0 (MvMtrrSolution, 1);
  g_autoptr(GArray) runs = ram_runs (layout);
  g_autoptr(GArray) wb = g_array_new (FALSE, FALSE, sizeof (Block));
  g_autoptr(GArray) uc = g_array_new (FALSE, FALSE, sizeof (Block));
  guint64 top;
  guint64 limit;
  guint n = 0;

  if (default_type != MV_MEM_TYPE_UC && default_type != MV_MEM_TYPE_WB)
    {
      g_set_error (error, MV_MTRR_SOLVE_ERROR, MV_MTRR_SOLVE_ERROR_BAD_DEFAULT_TYPE,
                   "the default type must be UC or WB");
      return NULL;
    }

  sol->state = mv_mtrr_state_new ();
  mv_mtrr_state_set_width (sol->state, width);
  limit = mv_mtrr_state_address_limit (sol->state);
  top = mv_layout_end_of_layout (layout);
  sol->state->def_type = MV_MTRR_DEF_TYPE_E | default_type;

  if (top > limit)
    {
      g_set_error (error, MV_MTRR_SOLVE_ERROR, MV_MTRR_SOLVE_ERROR_UNREACHABLE,
                   "the layout ends at 0x%" G_GINT64_MODIFIER "x, above the %u-bit "
                   "address space MTRRs can describe", top, sol->state->width);
      return NULL;
    }

  if (runs->len > MV_MTRR_SOLVE_MAX_RUNS)
    {
      g_set_error (error, MV_MTRR_SOLVE_ERROR, MV_MTRR_SOLVE_ERROR_TOO_MANY_RUNS,
                   "the layout's RAM is in %u pieces between its gaps: the search for the "
                   "fewest MTRRs takes at most %u (its time grows with their square)",
                   runs->len, MV_MTRR_SOLVE_MAX_RUNS);
      return NULL;
    }

  if (default_type == MV_MEM_TYPE_UC)
    {
      /* Dynamic programming over groups of consecutive RAM runs: the
       * groups are O(n^2), each costed in time that does not grow with n. */
      guint nr = runs->len;
      g_autofree guint *best = g_new (guint, nr + 1);
      g_autofree guint *from = g_new0 (guint, nr + 1);
      g_autofree Choice *choice = g_new0 (Choice, nr + 1);
      Holes holes;

      holes_init (&holes, runs, sol->state->width);
      best[0] = 0;
      for (guint j = 1; j <= nr; j++)
        {
          best[j] = G_MAXUINT;
          for (guint i = 0; i < j; i++)
            {
              Choice c;

              if (best[i] == G_MAXUINT)
                continue;
              c = group_cost (runs, &holes, i, j - 1, top, limit, sol->state->width);
              if (c.cost != G_MAXUINT && best[i] + c.cost < best[j])
                {
                  best[j] = best[i] + c.cost;
                  from[j] = i;
                  choice[j] = c;
                }
            }
        }

      for (guint j = nr; j > 0; j = from[j])
        {
          blocks_exact (choice[j].wb_start, choice[j].wb_end, wb);
          for (guint h = 0; h < choice[j].n_ends; h++)
            blocks_exact (choice[j].ends[h].start, choice[j].ends[h].end, uc);
          for (guint t = from[j]; t + 1 < j; t++)
            blocks_exact (holes.span[t].start, holes.span[t].end, uc);
        }
      holes_clear (&holes);
    }
  else
    {
      /* Default WB: only UC blocks over what is not RAM, below the top. */
      guint64 prev = 0;

      for (guint j = 0; j <= runs->len; j++)
        {
          guint64 s = prev;
          guint64 e = j < runs->len ? g_array_index (runs, Span, j).start : top;
          guint64 hi = j < runs->len ? e : limit;
          guint64 cs, ce;

          if (s < e)
            {
              cover (s, e, s, hi, sol->state->width, &cs, &ce);
              blocks_exact (cs, ce, uc);
            }
          if (j < runs->len)
            prev = g_array_index (runs, Span, j).end;
        }
    }

  add_blocks (sol->state, wb, MV_MEM_TYPE_WB, &n);
  sol->n_wb = wb->len;
  add_blocks (sol->state, uc, MV_MEM_TYPE_UC, &n);
  sol->n_uc = uc->len;
  sol->n_pairs = n;
  mv_mtrr_state_set_vcnt (sol->state, MAX (n, MV_MTRR_DEFAULT_VCNT), NULL);

  mv_mtrr_check_state (sol->state, layout, &sol->check);
  return g_steal_pointer (&sol);
}
