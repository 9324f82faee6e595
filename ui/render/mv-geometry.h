/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-scale.h"
#include "mv-scene.h"

G_BEGIN_DECLS

/*
 * The map view's geometry for one size: where the lanes, bars, ticks,
 * break marks, diagnostic markers and the legend go. Pure: text is
 * measured through MvSceneMetrics, so it needs no cairo.
 */

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} MvRect;

typedef enum
{
  MV_TEXT_BODY,
  MV_TEXT_BOLD,
  MV_TEXT_SMALL,
  MV_TEXT_MONO,
  MV_TEXT_MONO_SMALL,
  MV_TEXT_TITLE,
  MV_TEXT_N_STYLES
} MvTextStyle;

/* How big text is: line heights per style, a function measuring the
 * width of a text, one counting the lines a text takes wrapped at a
 * width and one telling whether a text shows whole (not ellipsized) in a
 * width (the renderer measures with pango; prose_lines and text_fits are
 * nullable: then the line count is estimated from the width, and a text
 * fits when it is no wider than the width). */
typedef struct
{
  double   line_height[MV_TEXT_N_STYLES];
  double (*text_width) (const char  *text,
                        MvTextStyle  style,
                        gpointer     data);
  guint  (*prose_lines) (const char  *text,
                         MvTextStyle  style,
                         double       width,
                         gpointer     data);
  gboolean (*text_fits) (const char  *text,
                         MvTextStyle  style,
                         double       width,
                         gpointer     data);
  gpointer data;
} MvSceneMetrics;

typedef struct
{
  guint  lane;
  guint  item;
  MvRect rect;
  gboolean clipped_start;   /* the range goes on left of the window */
  gboolean clipped_end;     /* ... or right of it */
  double   free_end;        /* where the next bar on its row starts (or
                             * the plot ends): room for a label outside */
  gboolean label_moved;     /* its label is a callout under the lane */
  gboolean span;            /* @item indexes MvMapGeometry.spans, not
                             * the lane's items */
} MvItemBox;

/* A bar made for this width from a lane's runs (MvSceneLane.runs): one
 * run at least a pixel wide, or the runs that share pixels, side by
 * side (MV_ITEM_MANY: its label says how many). */
typedef struct
{
  MvSceneItem item;         /* its range, fill, flags, label and detail */
  guint       first;        /* its runs: @n_runs from run @first */
  guint       n_runs;
} MvSpan;

/* A label too wide for its bar, moved to a row under the lane, with a
 * leader line from the bar. */
typedef struct
{
  guint  item_box;      /* index into MvMapGeometry.items */
  guint  row;           /* its row under the lane, from 0 */
  MvRect rect;
  double anchor_x;
} MvCallout;

/* Where a bar's texts go: inside the bar (centred, on a plate when the
 * bar is hatched), or right of a bar too narrow for its label when the
 * next bar leaves room there. */
typedef enum
{
  MV_BAR_TEXT_INSIDE,
  MV_BAR_TEXT_BESIDE,         /* the label, right of the bar */
  MV_BAR_TEXT_BESIDE_DETAIL,  /* the detail, under it */
} MvBarTextPlace;

typedef struct
{
  guint          item_box;    /* index into MvMapGeometry.items */
  MvBarTextPlace place;
  MvTextStyle    style;
  MvRect         rect;        /* the box the text must stay in (the
                               * painter ellipsizes what does not fit) */
  char          *text;        /* the item's label or detail, or the part
                               * of an "A \u00b7 B" label that fits */
} MvBarText;

/* A band's rule is drawn this far over its heading_rect, and the
 * heading's background clears from there to MV_HEADING_CLEAR_BELOW under
 * it. A break's "//" is drawn within MV_BREAK_MARK_HALF_WIDTH and
 * MV_BREAK_MARK_HALF_HEIGHT of its centre. */
#define MV_HEADING_RULE_ABOVE      4.0
#define MV_HEADING_CLEAR_BELOW     2.0
#define MV_BREAK_MARK_HALF_WIDTH   7.0
#define MV_BREAK_MARK_HALF_HEIGHT  5.5

typedef struct
{
  guint  lane;
  MvRect rect;          /* the lane's bars area */
  MvRect title_rect;    /* in the gutter */
  MvRect subtitle_rect; /* the subtitle's: under the title, or on a lane
                         * a line tall beside it (subtitle_beside); width
                         * 0: no room for it whole */
  gboolean subtitle_beside;
  MvRect heading_rect;  /* the lane's heading and its note, over the whole
                         * width (height 0: none); the band's rule is
                         * MV_HEADING_RULE_ABOVE over it */
  guint  heading_lines; /* the lines of the heading, wrapped to the width */
  double row_height;
  double row_gap;
} MvLaneBox;

typedef struct
{
  MvTick tick;
  gboolean labelled;
  guint    label_row;   /* 0 or 1: staggered rows */
  MvRect   label_rect;  /* both lines */
  char    *hex;
  char    *size;
} MvTickBox;

typedef struct
{
  MvRect rect;
  char  *text;
} MvRowNote;

typedef struct
{
  guint  mark;
  guint  number;        /* as listed, from 1 */
  MvRect rect;          /* the marker on the lane */
} MvMarkBox;

typedef struct
{
  MvFill  fill;
  gboolean matched;     /* the hollow "matched range" swatch */
  gboolean break_mark;  /* the break mark swatch */
  gboolean many;        /* the "runs sharing pixels" swatch */
  MvRect  swatch;
  MvRect  label_rect;
  char   *label;
} MvLegendBox;

typedef struct
{
  double   width;
  double   height;
  double   natural_height;
  double   min_height;    /* with rows a line of text tall, no detail */
  double   used_height;   /* what the content takes */
  double   zoom;          /* < 1 when the content was laid out larger and
                           * is drawn scaled down to fit the height; every
                           * other coordinate here is before this zoom */
  MvRect   title_rect;
  char    *caption;       /* the scale's: "focus scale · 0x0–0x480000000000 ·
                           * 1 compressed span" (NULL without a title) */
  MvRect   caption_rect;  /* beside the title, at its right; or, when the
                           * title would not show whole there, on a line
                           * of its own in title_rect, under the subtitle */
  MvRect   plot;          /* all lanes: x from the scale's x0 to x1 */
  MvScale *scale;
  GArray  *lanes;         /* MvLaneBox */
  GArray  *items;         /* MvItemBox, lane by lane */
  GArray  *spans;         /* MvSpan: the bars of lanes drawn from runs */
  GArray  *bar_texts;     /* MvBarText, in the order of their items */
  GArray  *callouts;      /* MvCallout */
  GArray  *row_notes;     /* MvRowNote: rows whose bars are all outside
                           * the window */
  GArray  *ticks;         /* MvTickBox */
  double   axis_y;
  MvRect   axis_rect;     /* the tick labels */
  GArray  *breaks;        /* MvScaleSegment of the broken segments */
  GArray  *break_marks;   /* MvRect: each break's "//" in the gaps between
                           * lanes, none where a band's heading starts */
  GArray  *marks;         /* MvMarkBox */
  MvRect   marks_rect;    /* the numbered list of diagnostics */
  guint    n_marks_listed;
  GArray  *mark_rows;     /* MvRect: each listed diagnostic's text,
                           * wrapped onto the lines it needs (fewer,
                           * ellipsized, only when the height is short) */
  gboolean has_more_marks;
  MvRect   more_marks_rect;  /* "... and N more" */
  GArray  *legend;        /* MvLegendBox */
  MvRect   legend_rect;
  gboolean empty;         /* nothing to show */
} MvMapGeometry;

MvMapGeometry *mv_map_geometry_new     (const MvScene        *scene,
                                        const MvSceneMetrics *metrics,
                                        double                width,
                                        double                height);
void           mv_map_geometry_free    (MvMapGeometry        *geometry);
MvScale       *mv_map_geometry_shared_scale (const MvScene       *const *scenes,
                                             const MvMapGeometry *const *geometries,
                                             guint                       n);
const MvLaneBox *mv_map_geometry_find_lane (const MvMapGeometry *geometry,
                                          guint                lane);

const MvSceneItem *mv_map_geometry_item (const MvMapGeometry  *geometry,
                                        const MvScene        *scene,
                                        const MvItemBox      *box);
const MvSpan  *mv_map_geometry_span    (const MvMapGeometry  *geometry,
                                        const MvItemBox      *box);
const MvItemBox *mv_map_geometry_box_at (const MvMapGeometry *geometry,
                                        double                x,
                                        double                y);
gboolean       mv_map_geometry_pixel_range (const MvMapGeometry *geometry,
                                        double                x,
                                        guint64              *start,
                                        guint64              *end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvMapGeometry, mv_map_geometry_free)

G_END_DECLS
