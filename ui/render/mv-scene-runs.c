/* SPDX-License-Identifier: MIT */
/* A lane's runs as a sorted index (see mv-scene-runs.h). Everything
 * after mv_scene_runs_seal() is a binary search or a look-up: its cost
 * follows the pixels asked about, not the runs. */
#include "mv-scene-runs.h"
#include "mv-scene.h"

#include <stdlib.h>
#include <string.h>

/**
 * mv_scene_runs_new:
 * @text: (nullable): makes a run's label and detail
 * @reserve: how many runs to make room for
 */
MvSceneRuns *
mv_scene_runs_new (MvSceneRunText text,
                   guint          reserve)
{
  MvSceneRuns *runs = g_new0 (MvSceneRuns, 1);

  runs->runs = g_array_sized_new (FALSE, FALSE, sizeof (MvSceneRun), reserve);
  runs->text = text;
  return runs;
}

void
mv_scene_runs_free (MvSceneRuns *runs)
{
  if (runs == NULL)
    return;
  g_array_unref (runs->runs);
  g_free (runs->max_end);
  g_free (runs->errors_before);
  g_free (runs);
}

MvSceneRun *
mv_scene_runs_add (MvSceneRuns *runs,
                   guint64      start,
                   guint64      end,
                   guint        fill,
                   guint        flags)
{
  MvSceneRun run = {
    .start = start,
    .end = MAX (end, start),
    .order = runs->runs->len,
    .fill = (guint8) fill,
    .flags = (guint8) flags,
  };

  g_return_val_if_fail (!runs->sealed, NULL);
  g_return_val_if_fail (fill < MV_FILL_N, NULL);

  g_array_append_val (runs->runs, run);
  return &g_array_index (runs->runs, MvSceneRun, runs->runs->len - 1);
}

static int
run_compare (const void *a,
             const void *b)
{
  const MvSceneRun *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/**
 * mv_scene_runs_seal:
 * Sorts the runs by start (runs that came in order are only checked),
 * and keeps what the searches need: the largest end so far where runs
 * overlap, the count of error runs where there are any.
 */
void
mv_scene_runs_seal (MvSceneRuns *runs)
{
  guint n = runs->runs->len;
  const MvSceneRun *r;
  gboolean sorted = TRUE, overlap = FALSE, errors = FALSE;

  g_return_if_fail (!runs->sealed);

  runs->sealed = TRUE;
  r = (const MvSceneRun *) runs->runs->data;
  for (guint i = 1; i < n && sorted; i++)
    sorted = r[i - 1].start < r[i].start ||
             (r[i - 1].start == r[i].start && r[i - 1].order < r[i].order);
  if (!sorted)
    qsort (runs->runs->data, n, sizeof (MvSceneRun), run_compare);
  r = (const MvSceneRun *) runs->runs->data;
  for (guint i = 0; i < n; i++)
    {
      overlap = overlap || (i > 0 && r[i].start < r[i - 1].end);
      errors = errors || (r[i].flags & MV_ITEM_ERROR) != 0;
    }
  if (overlap)
    {
      guint64 m = 0;

      runs->max_end = g_new (guint64, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        runs->max_end[i] = m = MAX (m, r[i].end);
    }
  if (errors)
    {
      guint32 c = 0;

      runs->errors_before = g_new (guint32, n + 1);
      for (guint i = 0; i < n; i++)
        {
          runs->errors_before[i] = c;
          c += (r[i].flags & MV_ITEM_ERROR) != 0;
        }
      runs->errors_before[n] = c;
    }
}

guint
mv_scene_runs_get_n (const MvSceneRuns *runs)
{
  return runs->runs->len;
}

const MvSceneRun *
mv_scene_runs_get (const MvSceneRuns *runs,
                   guint              i)
{
  g_return_val_if_fail (i < runs->runs->len, NULL);
  return &g_array_index (runs->runs, MvSceneRun, i);
}

/* The largest end of the runs up to @i: without overlaps, run @i's. */
static guint64
max_end (const MvSceneRuns *runs,
         guint              i)
{
  if (runs->max_end != NULL)
    return runs->max_end[i];
  return g_array_index (runs->runs, MvSceneRun, i).end;
}

/**
 * mv_scene_runs_first_ending_after:
 * The first run that ends above @addr, or that a run before it covers
 * @addr (the first that can touch `[addr, ...)`); the number of runs
 * when none does.
 */
guint
mv_scene_runs_first_ending_after (const MvSceneRuns *runs,
                                  guint64            addr)
{
  guint lo = 0, hi = runs->runs->len;

  g_return_val_if_fail (runs->sealed, 0);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (max_end (runs, mid) > addr)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

/**
 * mv_scene_runs_first_starting_at:
 * The first run from @from on that starts at or above @addr; the number
 * of runs when none does.
 */
guint
mv_scene_runs_first_starting_at (const MvSceneRuns *runs,
                                 guint              from,
                                 guint64            addr)
{
  guint lo = from, hi = runs->runs->len;

  g_return_val_if_fail (runs->sealed, 0);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (runs->runs, MvSceneRun, mid).start >= addr)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

/* How many of the @n runs from @first have MV_ITEM_ERROR. */
guint
mv_scene_runs_n_errors (const MvSceneRuns *runs,
                        guint              first,
                        guint              n)
{
  g_return_val_if_fail (first + n <= runs->runs->len, 0);

  if (runs->errors_before == NULL)
    return 0;
  return runs->errors_before[first + n] - runs->errors_before[first];
}

/**
 * mv_scene_runs_find:
 * The runs that meet `[start, end)`: @n runs from @first, in address
 * order (where runs overlap, the ones between that do not meet it too).
 * Returns: whether there are any
 */
gboolean
mv_scene_runs_find (const MvSceneRuns *runs,
                    guint64            start,
                    guint64            end,
                    guint             *first,
                    guint             *n)
{
  guint a = mv_scene_runs_first_ending_after (runs, start);
  guint b = end > start ? mv_scene_runs_first_starting_at (runs, a, end) : a;

  *first = a;
  *n = b > a ? b - a : 0;
  return *n > 0;
}

/* From the lowest start to the highest end; 0, 0 without runs. */
void
mv_scene_runs_get_extent (const MvSceneRuns *runs,
                          guint64           *start,
                          guint64           *end)
{
  guint n = runs->runs->len;

  *start = *end = 0;
  if (n == 0)
    return;
  *start = g_array_index (runs->runs, MvSceneRun, 0).start;
  *end = runs->max_end != NULL ? runs->max_end[n - 1] : g_array_index (runs->runs, MvSceneRun, n - 1).end;
}

/* Run @i's label or detail; its range when the runs have no texts. */
char *
mv_scene_runs_text (const MvSceneRuns *runs,
                    guint              i,
                    gboolean           detail)
{
  const MvSceneRun *run = mv_scene_runs_get (runs, i);

  if (run == NULL)
    return NULL;
  if (runs->text != NULL)
    return runs->text (run, detail);
  return detail ? mv_scene_format_range (run->start, run->end) : g_strdup (mv_fill_name (run->fill));
}

/**
 * mv_scene_format_count:
 * @n with a comma between thousands: "1,000,000".
 */
char *
mv_scene_format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  gsize len = strlen (digits);
  GString *s = g_string_sized_new (len + len / 3);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

/**
 * mv_scene_runs_describe:
 * What hover says about @n runs from @first: one run's label and detail
 * ("kernel · 4 KiB · 0x1000–0x2000 · data"), or "N runs in 0x...–0x...,
 * first ..., last ...".
 * Returns: (transfer full) (nullable): NULL for no runs
 */
char *
mv_scene_runs_describe (const MvSceneRuns *runs,
                        guint              first,
                        guint              n)
{
  g_autofree char *first_label = NULL;
  g_autofree char *last_label = NULL;
  g_autofree char *range = NULL;
  g_autofree char *count = NULL;
  guint64 end;

  g_return_val_if_fail (first + n <= runs->runs->len, NULL);

  if (n == 0)
    return NULL;
  first_label = mv_scene_runs_text (runs, first, FALSE);
  if (n == 1)
    {
      g_autofree char *detail = mv_scene_runs_text (runs, first, TRUE);

      return g_strdup_printf ("%s \u00b7 %s", first_label, detail);
    }
  last_label = mv_scene_runs_text (runs, first + n - 1, FALSE);
  end = max_end (runs, first + n - 1);
  range = mv_scene_format_range (mv_scene_runs_get (runs, first)->start, end);
  count = mv_scene_format_count (n);
  return g_strdup_printf ("%s runs in %s, first %s, last %s", count, range, first_label, last_label);
}
