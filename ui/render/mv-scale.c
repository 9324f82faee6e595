/* SPDX-License-Identifier: MIT */
/* The address axis: address <-> x for the linear, logarithmic and focus
 * scales. Pure arithmetic: the cost follows the number of boundaries,
 * never the size of the addresses. */
#include "mv-scale.h"

#include <math.h>
#include <string.h>

/* A segment is compressed when it is longer than FOCUS_BREAK_FACTOR times
 * everything else (not yet compressed) together; after the first, only
 * when it is FOCUS_BREAK_FACTOR_NEXT times longer, so that compressing one
 * giant span does not cascade down to ordinary ranges. */
#define FOCUS_BREAK_FACTOR      3.0
#define FOCUS_BREAK_FACTOR_NEXT 16.0
/* Compressed segments share at most this part of the width. */
#define FOCUS_BREAK_BUDGET 0.45
/* A segment 2^k times longer than the shortest gets a floor of
 * (1 + FOCUS_FLOOR_GAIN k) minimum widths, where the width allows. */
#define FOCUS_FLOOR_GAIN 0.125
#define FOCUS_FLOOR_SHARE 0.5
/* Without room, the shortest keep at least this part of an equal share. */
#define FOCUS_FLOOR_NO_ROOM 0.5
/* The log scale maps log2 (address + LOG_OFFSET), so address 0 is finite. */
#define LOG_OFFSET 4096.0
/* The priority class of round ticks (after every boundary class). */
#define ROUND_CLASS 64

struct _MvScale
{
  MvScaleKind kind;
  guint64     start;
  guint64     end;
  double      x0;
  double      x1;
  double      min_width;
  GArray     *segments;      /* MvScaleSegment, sorted, contiguous */
  GArray     *priorities;    /* guint, the priority of each segment's start */
  guint       n_breaks;
};

static const char *const kind_names[] = { "focus", "linear", "log" };

const char *
mv_scale_kind_to_string (MvScaleKind kind)
{
  g_return_val_if_fail (kind <= MV_SCALE_LOG, NULL);
  return kind_names[kind];
}

gboolean
mv_scale_kind_from_string (const char  *text,
                           MvScaleKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *out = (MvScaleKind) i;
        return TRUE;
      }
  return FALSE;
}

static MvScale *
scale_alloc (MvScaleKind kind,
             guint64     start,
             guint64     end,
             double      x0,
             double      x1)
{
  MvScale *self = g_new0 (MvScale, 1);

  /* An empty or reversed axis still maps: give it one page. */
  if (end <= start)
    {
      if (start <= G_MAXUINT64 - 4096)
        end = start + 4096;
      else
        start = end - 4096;
    }
  if (!(x1 > x0))
    x1 = x0 + 1.0;

  self->kind = kind;
  self->start = start;
  self->end = end;
  self->x0 = x0;
  self->x1 = x1;
  self->segments = g_array_new (FALSE, FALSE, sizeof (MvScaleSegment));
  self->priorities = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

static void
add_single_segment (MvScale *self)
{
  MvScaleSegment seg = { self->start, self->end, self->x0, self->x1, FALSE };
  guint prio = 0;

  g_array_append_val (self->segments, seg);
  g_array_append_val (self->priorities, prio);
}

MvScale *
mv_scale_new_linear (guint64 start,
                     guint64 end,
                     double  x0,
                     double  x1)
{
  MvScale *self = scale_alloc (MV_SCALE_LINEAR, start, end, x0, x1);

  add_single_segment (self);
  return self;
}

MvScale *
mv_scale_new_log (guint64 start,
                  guint64 end,
                  double  x0,
                  double  x1)
{
  MvScale *self = scale_alloc (MV_SCALE_LOG, start, end, x0, x1);

  add_single_segment (self);
  return self;
}

static int
boundary_compare (gconstpointer a,
                  gconstpointer b)
{
  const MvScaleBoundary *x = a;
  const MvScaleBoundary *y = b;

  if (x->addr != y->addr)
    return x->addr < y->addr ? -1 : 1;
  return (int) x->priority - (int) y->priority;
}

typedef struct
{
  double len;
  guint  index;
} SegLen;

static int
seglen_compare_desc (gconstpointer a,
                     gconstpointer b)
{
  const SegLen *x = a;
  const SegLen *y = b;

  if (x->len != y->len)
    return x->len > y->len ? -1 : 1;
  return (int) x->index - (int) y->index;
}

/* The floor of a segment @len long, @shortest the shortest kept: @min_w
 * for the shortest, and more, by @gain times the octaves it is longer, for
 * each longer one, so that a kernel and a page of the same lane never look
 * alike when there is room. Its ratio to @len falls as @len grows (gain is
 * under 1 / ln 2), so the segments held at their floor are the shortest. */
static double
graded_floor (double len,
              double shortest,
              double min_w,
              double gain)
{
  return min_w * (1.0 + gain * log2 (MAX (len, shortest) / shortest));
}

/* Widths for the segments not compressed: a monotone function of their
 * length that fills @width: proportional to the length, but never under
 * the graded floor (graded_floor ()), whose gain is FOCUS_FLOOR_GAIN or as
 * much of it as FOCUS_FLOOR_SHARE leaves room for. @order lists them by length,
 * longest first. */
static void
water_fill (const SegLen *order,
            guint         n,
            double        width,
            double        min_w,
            double       *widths)
{
  double sum = 0.0, octaves = 0.0, floors = 0.0;
  double shortest, gain = FOCUS_FLOOR_GAIN;
  guint at_min = 0;

  if (n == 0)
    return;
  if (min_w * n > width)
    min_w = width / n;
  shortest = MAX (order[n - 1].len, 1.0);
  for (guint i = 0; i < n; i++)
    {
      sum += order[i].len;
      octaves += log2 (MAX (order[i].len, shortest) / shortest);
    }
  /* Without room for more than the minimums (the minimum shrunk to an
   * equal share), every segment would look alike: then the shortest give
   * up width, down to FOCUS_FLOOR_NO_ROOM of that share, so that the
   * floors are graded still and fill the width. */
  if (octaves > 0.0 && min_w > 0.0 && min_w * n >= width * (1.0 - 1e-9))
    {
      min_w = MAX (width / (n + FOCUS_FLOOR_GAIN * octaves), min_w * FOCUS_FLOOR_NO_ROOM);
      gain = MIN ((width / min_w - n) / octaves, FOCUS_FLOOR_GAIN);
    }
  /* The floors above the minimum take at most FOCUS_FLOOR_SHARE of the
   * width the minimums leave: less gain where they would take more, so
   * that a span far longer than the rest still gets the most. */
  else if (octaves > 0.0 && min_w > 0.0)
    gain = CLAMP (FOCUS_FLOOR_SHARE * (width - n * min_w) / (min_w * octaves), 0.0, FOCUS_FLOOR_GAIN);

  /* The shortest segments take their floor until the others, sharing the
   * rest in proportion, are all at least theirs. */
  for (;;)
    {
      double rest = width - floors;
      double density;
      guint k;

      if (at_min == n || sum <= 0.0)
        break;
      density = rest / sum;
      k = n - 1 - at_min;
      if (order[k].len * density >= graded_floor (order[k].len, shortest, min_w, gain))
        break;
      floors += graded_floor (order[k].len, shortest, min_w, gain);
      sum -= order[k].len;
      at_min++;
    }

  for (guint i = 0; i < n; i++)
    {
      guint k = order[i].index;
      double floor_w = graded_floor (order[i].len, shortest, min_w, gain);

      if (at_min == n || sum <= 0.0)
        /* Every one at its floor: share out what rounding left. */
        widths[k] = floors > 0.0 ? floor_w * width / floors : width / n;
      else if (i >= n - at_min)
        widths[k] = floor_w;
      else
        widths[k] = order[i].len * (width - floors) / sum;
    }
}

MvScale *
mv_scale_new_focus (guint64                start,
                    guint64                end,
                    const MvScaleBoundary *bounds,
                    gsize                  n_bounds,
                    double                 x0,
                    double                 x1,
                    double                 min_width)
{
  MvScale *self = scale_alloc (MV_SCALE_FOCUS, start, end, x0, x1);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (MvScaleBoundary));
  g_autofree double *widths = NULL;
  g_autofree SegLen *order = NULL;
  g_autofree SegLen *kept = NULL;
  g_autofree gboolean *broken = NULL;
  double width = self->x1 - self->x0;
  double total = 0.0;
  double min_w;
  double break_w = 0.0;
  guint n, n_kept = 0;
  guint max_breaks;
  double x;

  g_return_val_if_fail (bounds != NULL || n_bounds == 0, self);

  {
    MvScaleBoundary first = { self->start, 0 };
    MvScaleBoundary last = { self->end, 0 };

    g_array_append_val (points, first);
    g_array_append_val (points, last);
  }
  for (gsize i = 0; i < n_bounds; i++)
    if (bounds[i].addr > self->start && bounds[i].addr < self->end)
      g_array_append_val (points, bounds[i]);
  g_array_sort (points, boundary_compare);

  /* Unique addresses, keeping the best priority of each. */
  {
    guint out = 0;

    for (guint i = 0; i < points->len; i++)
      {
        MvScaleBoundary *p = &g_array_index (points, MvScaleBoundary, i);

        if (out > 0 && g_array_index (points, MvScaleBoundary, out - 1).addr == p->addr)
          continue;
        g_array_index (points, MvScaleBoundary, out++) = *p;
      }
    g_array_set_size (points, out);
  }

  n = points->len - 1;
  widths = g_new0 (double, n);
  order = g_new (SegLen, n);
  kept = g_new (SegLen, n);
  broken = g_new0 (gboolean, n);

  for (guint i = 0; i < n; i++)
    {
      guint64 a = g_array_index (points, MvScaleBoundary, i).addr;
      guint64 b = g_array_index (points, MvScaleBoundary, i + 1).addr;

      order[i].len = (double) (b - a);
      order[i].index = i;
      total += order[i].len;
    }
  qsort (order, n, sizeof (SegLen), seglen_compare_desc);

  min_w = MIN (min_width, width / n);
  if (min_w < 0.0)
    min_w = 0.0;
  self->min_width = min_w;

  /* Compress the longest segments while each is much longer than all the
   * rest together: they are the long spans where nothing else happens. */
  break_w = CLAMP (width * 0.09, 3.0 * min_w, width * FOCUS_BREAK_BUDGET);
  max_breaks = break_w > 0.0 ? (guint) (width * FOCUS_BREAK_BUDGET / break_w) : 0;
  {
    double remaining = total;

    for (guint i = 0; i + 1 < n && self->n_breaks < max_breaks; i++)
      {
        double rest = remaining - order[i].len;

        if (order[i].len <= (self->n_breaks == 0 ? FOCUS_BREAK_FACTOR : FOCUS_BREAK_FACTOR_NEXT) * rest)
          break;
        broken[order[i].index] = TRUE;
        remaining = rest;
        self->n_breaks++;
      }
  }

  for (guint i = 0; i < n; i++)
    if (!broken[order[i].index])
      kept[n_kept++] = order[i];

  water_fill (kept, n_kept, width - self->n_breaks * break_w, min_w, widths);

  /* A compressed segment is still the longest: draw it at least as wide
   * as the widest segment kept. Find that width by bisection: the wider
   * the compressed ones, the narrower the widest kept one. */
  if (self->n_breaks > 0 && n_kept > 0 && widths[kept[0].index] > break_w)
    {
      double lo = break_w, hi = width / (self->n_breaks + 1);

      for (guint iter = 0; iter < 40 && hi > lo; iter++)
        {
          double mid = (lo + hi) / 2;

          water_fill (kept, n_kept, width - self->n_breaks * mid, min_w, widths);
          if (widths[kept[0].index] > mid)
            lo = mid;
          else
            hi = mid;
        }
      break_w = MAX (hi, break_w);
      water_fill (kept, n_kept, width - self->n_breaks * break_w, min_w, widths);
    }
  for (guint i = 0; i < n; i++)
    if (broken[i])
      widths[i] = break_w;

  x = self->x0;
  for (guint i = 0; i < n; i++)
    {
      MvScaleSegment seg;
      guint prio = g_array_index (points, MvScaleBoundary, i).priority;

      seg.start = g_array_index (points, MvScaleBoundary, i).addr;
      seg.end = g_array_index (points, MvScaleBoundary, i + 1).addr;
      seg.x0 = x;
      x += widths[i];
      seg.x1 = i + 1 == n ? self->x1 : x;
      seg.broken = broken[i];
      g_array_append_val (self->segments, seg);
      g_array_append_val (self->priorities, prio);
    }
  return self;
}

MvScale *
mv_scale_copy (const MvScale *scale)
{
  MvScale *copy;

  g_return_val_if_fail (scale != NULL, NULL);

  copy = g_memdup2 (scale, sizeof *scale);
  copy->segments = g_array_copy (scale->segments);
  copy->priorities = g_array_copy (scale->priorities);
  return copy;
}

/**
 * mv_scale_copy_scaled:
 * @factor: > 0
 *
 * A copy of @scale with every x (its ends, its segments', its minimum
 * width) times @factor: the same axis drawn at another zoom.
 *
 * Returns: (transfer full): the copy
 */
MvScale *
mv_scale_copy_scaled (const MvScale *scale,
                      double         factor)
{
  MvScale *copy;

  g_return_val_if_fail (scale != NULL && factor > 0.0, NULL);

  copy = mv_scale_copy (scale);
  copy->x0 *= factor;
  copy->x1 *= factor;
  copy->min_width *= factor;
  for (guint i = 0; i < copy->segments->len; i++)
    {
      MvScaleSegment *seg = &g_array_index (copy->segments, MvScaleSegment, i);

      seg->x0 *= factor;
      seg->x1 *= factor;
    }
  return copy;
}

void
mv_scale_free (MvScale *scale)
{
  if (scale == NULL)
    return;
  g_array_unref (scale->segments);
  g_array_unref (scale->priorities);
  g_free (scale);
}

MvScaleKind
mv_scale_get_kind (const MvScale *scale)
{
  return scale->kind;
}

guint64
mv_scale_get_start (const MvScale *scale)
{
  return scale->start;
}

guint64
mv_scale_get_end (const MvScale *scale)
{
  return scale->end;
}

double
mv_scale_get_x0 (const MvScale *scale)
{
  return scale->x0;
}

double
mv_scale_get_x1 (const MvScale *scale)
{
  return scale->x1;
}

double
mv_scale_get_min_width (const MvScale *scale)
{
  return scale->min_width;
}

guint
mv_scale_get_n_segments (const MvScale *scale)
{
  return scale->segments->len;
}

const MvScaleSegment *
mv_scale_get_segment (const MvScale *scale,
                      guint          index)
{
  g_return_val_if_fail (index < scale->segments->len, NULL);
  return &g_array_index (scale->segments, MvScaleSegment, index);
}

guint
mv_scale_get_n_breaks (const MvScale *scale)
{
  return scale->n_breaks;
}

static double
log_pos (guint64 addr)
{
  return log2 ((double) addr + LOG_OFFSET);
}

/* The segment holding @addr (the last one for the axis end). */
static guint
find_segment (const MvScale *scale,
              guint64        addr)
{
  guint lo = 0, hi = scale->segments->len;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (scale->segments, MvScaleSegment, mid).start <= addr)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/**
 * mv_scale_to_x:
 * The x of @addr; addresses outside the axis clamp to its ends.
 */
double
mv_scale_to_x (const MvScale *scale,
               guint64        addr)
{
  const MvScaleSegment *seg;

  g_return_val_if_fail (scale != NULL, 0.0);

  if (addr <= scale->start)
    return scale->x0;
  if (addr >= scale->end)
    return scale->x1;

  if (scale->kind == MV_SCALE_LOG)
    {
      double a = log_pos (scale->start);
      double b = log_pos (scale->end);

      return scale->x0 + (log_pos (addr) - a) / (b - a) * (scale->x1 - scale->x0);
    }

  seg = &g_array_index (scale->segments, MvScaleSegment, find_segment (scale, addr));
  return seg->x0 + (double) (addr - seg->start) / (double) (seg->end - seg->start) * (seg->x1 - seg->x0);
}

static guint64
clamp_addr (const MvScale *scale,
            double         a)
{
  if (!(a > (double) scale->start))
    return scale->start;
  if (a >= (double) scale->end)
    return scale->end;
  return (guint64) a;
}

/**
 * mv_scale_to_addr:
 * The address at @x (the inverse of mv_scale_to_x() up to rounding);
 * x outside the axis clamps to its ends.
 */
guint64
mv_scale_to_addr (const MvScale *scale,
                  double         x)
{
  guint lo, hi;
  const MvScaleSegment *seg;
  double t;

  g_return_val_if_fail (scale != NULL, 0);

  if (x <= scale->x0)
    return scale->start;
  if (x >= scale->x1)
    return scale->end;

  if (scale->kind == MV_SCALE_LOG)
    {
      double a = log_pos (scale->start);
      double b = log_pos (scale->end);
      double p = a + (x - scale->x0) / (scale->x1 - scale->x0) * (b - a);

      return clamp_addr (scale, exp2 (p) - LOG_OFFSET);
    }

  lo = 0;
  hi = scale->segments->len;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (scale->segments, MvScaleSegment, mid).x0 <= x)
        lo = mid;
      else
        hi = mid;
    }
  seg = &g_array_index (scale->segments, MvScaleSegment, lo);
  t = seg->x1 > seg->x0 ? (x - seg->x0) / (seg->x1 - seg->x0) : 0.0;
  return seg->start + (guint64) (t * (double) (seg->end - seg->start));
}

static guint
alignment_rank (guint64 addr)
{
  /* 0 for address 0, then 64 - trailing zeros: rounder is more important. */
  return addr == 0 ? 0 : 64 - (guint) __builtin_ctzll (addr);
}

static void
push_tick (const MvScale *scale,
           GArray        *out,
           guint64        addr,
           MvTickKind     kind,
           guint          klass)
{
  MvTick t = {
    .addr = addr,
    .x = mv_scale_to_x (scale, addr),
    .kind = kind,
    .priority = klass * 128 + alignment_rank (addr),
  };

  g_array_append_val (out, t);
}

/* Round ticks: multiples of a power of two at least @min_spacing apart,
 * strictly inside (start, end). */
static void
linear_round_ticks (const MvScale *scale,
                    guint64        start,
                    guint64        end,
                    double         x0,
                    double         x1,
                    double         min_spacing,
                    GArray        *out)
{
  double span = (double) (end - start);
  double wanted = span * min_spacing / MAX (x1 - x0, 1e-9);
  guint shift = 12;
  guint64 step, t;

  while (shift < 63 && (double) ((guint64) 1 << shift) < wanted)
    shift++;
  step = (guint64) 1 << shift;
  if ((double) step < wanted)
    return;

  t = (start / step) * step;
  if (t <= start)
    {
      if (t > G_MAXUINT64 - step)
        return;
      t += step;
    }
  for (; t < end; t += step)
    {
      push_tick (scale, out, t, MV_TICK_ROUND, ROUND_CLASS);
      if (t > G_MAXUINT64 - step)
        break;
    }
}

static int
tick_compare (gconstpointer a,
              gconstpointer b)
{
  const MvTick *x = a;
  const MvTick *y = b;

  if (x->addr != y->addr)
    return x->addr < y->addr ? -1 : 1;
  return (int) x->priority - (int) y->priority;
}

/**
 * mv_scale_ticks:
 * Candidate ticks, sorted by address, no two at the same address: the
 * segment boundaries and round addresses at least @min_spacing apart
 * where the scale leaves room. Which of them get a label is the scene's
 * business (it knows how wide the labels are).
 */
void
mv_scale_ticks (const MvScale *scale,
                double         min_spacing,
                GArray        *out)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (MvTick));

  g_return_if_fail (scale != NULL);
  g_return_if_fail (out != NULL);

  min_spacing = MAX (min_spacing, 1.0);

  switch (scale->kind)
    {
    case MV_SCALE_LINEAR:
      push_tick (scale, ticks, scale->start, MV_TICK_BOUNDARY, 0);
      push_tick (scale, ticks, scale->end, MV_TICK_BOUNDARY, 0);
      linear_round_ticks (scale, scale->start, scale->end, scale->x0, scale->x1,
                          min_spacing, ticks);
      break;

    case MV_SCALE_LOG:
      {
        double a = log_pos (scale->start);
        double b = log_pos (scale->end);
        double per_octave = (scale->x1 - scale->x0) / (b - a);
        static const guint steps[] = { 1, 2, 5, 10, 20, 30 };
        guint step = 30;

        for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
          if (steps[i] * per_octave >= min_spacing)
            {
              step = steps[i];
              break;
            }
        push_tick (scale, ticks, scale->start, MV_TICK_BOUNDARY, 0);
        push_tick (scale, ticks, scale->end, MV_TICK_BOUNDARY, 0);
        for (guint e = 12; e < 64; e += 1)
          {
            guint64 addr = (guint64) 1 << e;

            if (e % step != 0)
              continue;
            if (addr <= scale->start || addr >= scale->end)
              continue;
            push_tick (scale, ticks, addr, MV_TICK_ROUND, ROUND_CLASS);
          }
      }
      break;

    case MV_SCALE_FOCUS:
    default:
      for (guint i = 0; i < scale->segments->len; i++)
        {
          const MvScaleSegment *seg = &g_array_index (scale->segments, MvScaleSegment, i);

          push_tick (scale, ticks, seg->start, MV_TICK_BOUNDARY,
                     g_array_index (scale->priorities, guint, i));
          if (!seg->broken && seg->x1 - seg->x0 >= 2.5 * min_spacing)
            linear_round_ticks (scale, seg->start, seg->end, seg->x0, seg->x1,
                                min_spacing, ticks);
        }
      push_tick (scale, ticks, scale->end, MV_TICK_BOUNDARY, 0);
      break;
    }

  g_array_sort (ticks, tick_compare);
  for (guint i = 0; i < ticks->len; i++)
    {
      const MvTick *t = &g_array_index (ticks, MvTick, i);

      if (out->len > 0 && g_array_index (out, MvTick, out->len - 1).addr == t->addr)
        continue;
      g_array_append_val (out, *t);
    }
}
