/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MvScaleKind:
 * @MV_SCALE_FOCUS: piecewise linear between the interesting addresses:
 *   every segment gets a readable minimum width, and segments much longer
 *   than everything else together are compressed and flagged for a break
 *   mark.
 * @MV_SCALE_LINEAR: x proportional to the address.
 * @MV_SCALE_LOG: x proportional to log2 (address + 4 KiB).
 */
typedef enum
{
  MV_SCALE_FOCUS,
  MV_SCALE_LINEAR,
  MV_SCALE_LOG,
} MvScaleKind;

/* A piece of the axis drawn with one linear mapping. */
typedef struct
{
  guint64  start;
  guint64  end;      /* exclusive; the last segment may end at the axis end */
  double   x0;
  double   x1;
  gboolean broken;   /* compressed: draw a break mark */
} MvScaleSegment;

typedef enum
{
  MV_TICK_BOUNDARY = 0,   /* an address some range starts or ends at */
  MV_TICK_ROUND    = 1,   /* a round address between boundaries */
} MvTickKind;

typedef struct
{
  guint64    addr;
  double     x;
  MvTickKind kind;
  guint      priority;    /* lower is more important */
} MvTick;

/* A boundary handed to the focus scale, with how important it is for
 * the ticks (lower is more important). */
typedef struct
{
  guint64 addr;
  guint   priority;
} MvScaleBoundary;

typedef struct _MvScale MvScale;

MvScale     *mv_scale_new_linear     (guint64                start,
                                      guint64                end,
                                      double                 x0,
                                      double                 x1);
MvScale     *mv_scale_new_log        (guint64                start,
                                      guint64                end,
                                      double                 x0,
                                      double                 x1);
MvScale     *mv_scale_new_focus      (guint64                start,
                                      guint64                end,
                                      const MvScaleBoundary *bounds,
                                      gsize                  n_bounds,
                                      double                 x0,
                                      double                 x1,
                                      double                 min_width);
MvScale     *mv_scale_copy           (const MvScale         *scale);
MvScale     *mv_scale_copy_scaled    (const MvScale         *scale,
                                      double                 factor);
void         mv_scale_free           (MvScale               *scale);

MvScaleKind  mv_scale_get_kind       (const MvScale         *scale);
guint64      mv_scale_get_start      (const MvScale         *scale);
guint64      mv_scale_get_end        (const MvScale         *scale);
double       mv_scale_get_x0         (const MvScale         *scale);
double       mv_scale_get_x1         (const MvScale         *scale);
double       mv_scale_get_min_width  (const MvScale         *scale);

double       mv_scale_to_x           (const MvScale         *scale,
                                      guint64                addr);
guint64      mv_scale_to_addr        (const MvScale         *scale,
                                      double                 x);

guint        mv_scale_get_n_segments (const MvScale         *scale);
const MvScaleSegment *
             mv_scale_get_segment    (const MvScale         *scale,
                                      guint                  index);
guint        mv_scale_get_n_breaks   (const MvScale         *scale);

void         mv_scale_ticks          (const MvScale         *scale,
                                      double                 min_spacing,
                                      GArray                *out);

const char  *mv_scale_kind_to_string   (MvScaleKind          kind);
gboolean     mv_scale_kind_from_string (const char          *text,
                                        MvScaleKind         *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvScale, mv_scale_free)

G_END_DECLS
