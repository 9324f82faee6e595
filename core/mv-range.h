/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MV_PAGE_SIZE    ((guint64) 4096)
#define MV_PAGE_MASK    (MV_PAGE_SIZE - 1)
/* The highest address a range can reach (upstream's MemoryRange::MAX_ADDRESS). */
#define MV_MAX_ADDRESS  (~MV_PAGE_MASK)
#define MV_FOUR_GB      ((guint64) 0x100000000)

#define MV_RANGE_ERROR (mv_range_error_quark ())

typedef enum
{
  MV_RANGE_ERROR_UNALIGNED,
  MV_RANGE_ERROR_REVERSED,
  MV_RANGE_ERROR_UNSORTED,
} MvRangeError;

GQuark mv_range_error_quark (void);

/**
 * MvRange:
 * A half-open byte range `[start, end)`. A valid range has both ends
 * 4 KiB aligned and `start <= end` (see mv_range_init()).
 */
typedef struct
{
  guint64 start;
  guint64 end;
} MvRange;

#define MV_RANGE_EMPTY ((MvRange) { 0, 0 })

gboolean mv_range_init       (MvRange       *range,
                              guint64        start,
                              guint64        end,
                              GError       **error);
int      mv_range_compare    (const MvRange *a,
                              const MvRange *b);
gboolean mv_ranges_subtract  (const MvRange *left,
                              gsize          n_left,
                              const MvRange *right,
                              gsize          n_right,
                              GArray        *out,
                              GError       **error);
gboolean mv_ranges_validate  (const MvRange *ranges,
                              gsize          n_ranges);

static inline guint64
mv_range_len (const MvRange *r)
{
  return r->end - r->start;
}

static inline gboolean
mv_range_is_empty (const MvRange *r)
{
  return r->start == r->end;
}

static inline gboolean
mv_range_overlaps (const MvRange *a,
                   const MvRange *b)
{
  return a->end > b->start && a->start < b->end;
}

static inline gboolean
mv_range_contains (const MvRange *outer,
                   const MvRange *inner)
{
  return outer->start <= inner->start && outer->end >= inner->end;
}

static inline gboolean
mv_range_contains_addr (const MvRange *r,
                        guint64        addr)
{
  return addr >= r->start && addr < r->end;
}

G_END_DECLS
