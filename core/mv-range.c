/* SPDX-License-Identifier: MIT */
#include "mv-range.h"

G_DEFINE_QUARK (mv-range-error-quark, mv_range_error)

/**
 * mv_range_init:
 * Builds `[start, end)`. Where upstream's MemoryRange::new asserts, this
 * returns an error naming the bad bound.
 */
gboolean
mv_range_init (MvRange  *range,
               guint64   start,
               guint64   end,
               GError  **error)
{
  g_return_val_if_fail (range != NULL, FALSE);

  if ((start & MV_PAGE_MASK) != 0 || (end & MV_PAGE_MASK) != 0)
    {
      g_set_error (error, MV_RANGE_ERROR, MV_RANGE_ERROR_UNALIGNED,
                   "range 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x: "
                   "%s is not 4 KiB aligned",
                   start, end,
                   (start & MV_PAGE_MASK) != 0 ? "start" : "end");
      return FALSE;
    }

  if (start > end)
    {
      g_set_error (error, MV_RANGE_ERROR, MV_RANGE_ERROR_REVERSED,
                   "range 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x: "
                   "start is above end",
                   start, end);
      return FALSE;
    }

  range->start = start;
  range->end = end;
  return TRUE;
}

/* Orders like upstream's derived Ord: by start, then by end. */
int
mv_range_compare (const MvRange *a,
                  const MvRange *b)
{
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return 0;
}

/**
 * mv_ranges_validate:
 * TRUE when every range is non-empty, and the list is sorted and
 * non-overlapping (upstream's validate_ranges).
 */
gboolean
mv_ranges_validate (const MvRange *ranges,
                    gsize          n_ranges)
{
  for (gsize i = 0; i < n_ranges; i++)
    {
      if (mv_range_is_empty (&ranges[i]))
        return FALSE;
      if (i > 0)
        {
          const MvRange *x = &ranges[i - 1];
          const MvRange *y = &ranges[i];

          if (mv_range_compare (x, y) > 0 || mv_range_overlaps (x, y))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
skip_done (const MvRange *ranges,
           gsize          n,
           gsize         *i,
           guint64        pos,
           const char    *which,
           GError       **error)
{
  /* Mirrors upstream's PeekableSorted: an entry that is empty or ends at or
   * before the walk position is dropped, and the next one must not start
   * before the position, or the input was not sorted. */
  while (*i < n)
    {
      const MvRange *r = &ranges[*i];

      if (!mv_range_is_empty (r) && r->end > pos)
        return TRUE;
      (*i)++;
      if (*i < n && ranges[*i].start < pos)
        {
          g_set_error (error, MV_RANGE_ERROR, MV_RANGE_ERROR_UNSORTED,
                       "%s ranges are not sorted", which);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * mv_ranges_subtract:
 * Appends to @out (an array of #MvRange) the parts of @left not in @right,
 * walking [0, MV_MAX_ADDRESS) like upstream's subtract_ranges. Both lists
 * must be sorted and non-overlapping (an entry starting before the walk
 * position is an MV_RANGE_ERROR_UNSORTED error, where upstream panics);
 * touching and empty entries are allowed.
 */
gboolean
mv_ranges_subtract (const MvRange *left,
                    gsize          n_left,
                    const MvRange *right,
                    gsize          n_right,
                    GArray        *out,
                    GError       **error)
{
  guint64 pos = 0;
  gsize li = 0;
  gsize ri = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  while (pos < MV_MAX_ADDRESS)
    {
      const MvRange *l;
      const MvRange *r;
      guint64 end;
      gboolean in_left;
      gboolean in_right;

      if (!skip_done (left, n_left, &li, pos, "left", error) ||
          !skip_done (right, n_right, &ri, pos, "right", error))
        return FALSE;

      l = li < n_left ? &left[li] : NULL;
      r = ri < n_right ? &right[ri] : NULL;

      if (l == NULL)
        {
          /* Nothing more to output, but upstream's walk goes on to
           * MAX_ADDRESS and still checks that right is sorted. */
          if (r == NULL)
            break;
          pos = pos < r->start ? r->start : r->end;
          continue;
        }

      in_left = pos >= l->start;
      in_right = r != NULL && pos >= r->start;

      if (!in_left && !in_right)
        end = r != NULL ? MIN (l->start, r->start) : l->start;
      else if (!in_left)
        end = MIN (l->start, r->end);
      else if (!in_right)
        end = r != NULL ? MIN (r->start, l->end) : l->end;
      else
        end = MIN (l->end, r->end);

      if (in_left && !in_right)
        {
          MvRange piece = { pos, end };
          g_array_append_val (out, piece);
        }
      pos = end;
    }

  return TRUE;
}
