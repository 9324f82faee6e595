/* SPDX-License-Identifier: MIT */
/* The map view's geometry: pure layout arithmetic over the scene. Its cost
 * follows the number of ranges, never their sizes. */
#include "mv-geometry.h"
#include "mv-geometry-private.h"

#include <math.h>
#include <string.h>

#define MARGIN        16.0
#define GUTTER_PAD    10.0
#define PLOT_GAP      10.0
/* Between a title and the subtitle beside it. */
#define SUBTITLE_GAP  8.0
#define LANE_GAP      10.0
#define GROUP_GAP      8.0
#define ROW_GAP        3.0
#define TICK_LEN       6.0
#define SECTION_GAP   14.0
#define LEGEND_GAP    18.0
#define MIN_ROW        8.0
#define AXIS_GAP       4.0
#define HEADING_GAP    6.0   /* under a band's heading */

/* The width of @text, 0 for none. */
double
_mv_map_geometry_text_width (const MvSceneMetrics *m,
                             const char           *text,
                             MvTextStyle           style)
{
  if (text == NULL || *text == '\0')
    return 0.0;
  return m->text_width (text, style, m->data);
}

/* How many lines @text takes wrapped at @width. */
static guint
prose_lines (const MvSceneMetrics *m,
             const char           *text,
             MvTextStyle           style,
             double                width)
{
  double w;

  if (text == NULL || *text == '\0' || width <= 0.0)
    return 1;
  if (m->prose_lines != NULL)
    return MAX (m->prose_lines (text, style, width, m->data), 1);
  /* An estimate: lines break at spaces, so leave some slack. */
  w = _mv_map_geometry_text_width (m, text, style);
  return w <= width ? 1 : (guint) ceil (w / (width * 0.85));
}

static void
tick_box_clear (gpointer data)
{
  MvTickBox *t = data;

  g_free (t->hex);
  g_free (t->size);
}

static void
row_note_clear (gpointer data)
{
  MvRowNote *n = data;

  g_free (n->text);
}

static void
legend_box_clear (gpointer data)
{
  MvLegendBox *l = data;

  g_free (l->label);
}

void
mv_map_geometry_free (MvMapGeometry *g)
{
  if (g == NULL)
    return;
  mv_scale_free (g->scale);
  g_free (g->caption);
  g_array_unref (g->lanes);
  g_array_unref (g->items);
  g_array_unref (g->spans);
  g_array_unref (g->bar_texts);
  g_array_unref (g->callouts);
  g_array_unref (g->row_notes);
  g_array_unref (g->ticks);
  g_array_unref (g->breaks);
  g_array_unref (g->break_marks);
  g_array_unref (g->marks);
  g_array_unref (g->mark_rows);
  g_array_unref (g->legend);
  g_free (g);
}

static void
build_legend (MvMapGeometry        *g,
              const MvScene        *scene,
              const MvSceneMetrics *m,
              double                left,
              double                right,
              double                top)
{
  gboolean used[MV_FILL_N] = { FALSE };
  gboolean matched = FALSE, many = FALSE;
  MvFill many_fill = MV_FILL_DATA;
  double sw = 2.2 * m->line_height[MV_TEXT_SMALL];
  double sh = m->line_height[MV_TEXT_SMALL] * 1.1;
  double line_h = MAX (sh, m->line_height[MV_TEXT_SMALL]) + 6.0;
  double x = left, y = top;

  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

      for (guint k = 0; k < lane->items->len; k++)
        {
          const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, k);

          used[item->fill] = TRUE;
          if (item->flags & MV_ITEM_MATCHED)
            matched = TRUE;
        }
    }
  for (guint i = 0; i < g->spans->len; i++)
    {
      const MvSpan *span = &g_array_index (g->spans, MvSpan, i);

      used[span->item.fill] = TRUE;
      if ((span->item.flags & MV_ITEM_MANY) && !many)
        {
          many = TRUE;
          many_fill = span->item.fill;
        }
    }

  for (int pass = 0; pass < MV_FILL_N + 3; pass++)
    {
      MvLegendBox box = { 0 };
      double w;

      if (pass < MV_FILL_N)
        {
          MvFill f = (MvFill) pass;

          if (!used[f])
            continue;
          box.fill = f;
          if (mv_fill_is_mem_type (f) && f != MV_FILL_RESERVED && f != MV_FILL_UNDEFINED)
            box.label = g_strdup_printf ("%s %s", mv_fill_name (f), mv_fill_description (f));
          else
            box.label = g_strdup (mv_fill_description (f));
        }
      else if (pass == MV_FILL_N)
        {
          if (!matched)
            continue;
          box.matched = TRUE;
          box.fill = MV_FILL_WB;
          box.label = g_strdup ("matched range, where it differs from the programmed one");
        }
      else if (pass == MV_FILL_N + 1)
        {
          if (mv_scale_get_n_breaks (g->scale) == 0)
            continue;
          box.break_mark = TRUE;
          box.label = g_strdup ("compressed span (not to scale)");
        }
      else
        {
          if (!many)
            continue;
          box.many = TRUE;
          box.fill = many_fill;
          box.label = g_strdup ("runs too small to draw apart, as one bar in the colour of most (point at it to list them)");
        }

      w = sw + 6.0 + _mv_map_geometry_text_width (m, box.label, MV_TEXT_SMALL);
      if (x > left && x + w > right)
        {
          x = left;
          y += line_h;
        }
      w = MIN (w, right - left);
      box.swatch = (MvRect) { x, y + (line_h - 6.0 - sh) / 2, sw, sh };
      box.label_rect = (MvRect) { x + sw + 6.0, y, MAX (0.0, w - sw - 6.0), line_h - 6.0 };
      g_array_append_val (g->legend, box);
      x += w + LEGEND_GAP;
    }

  if (g->legend->len > 0)
    g->legend_rect = (MvRect) { left, top, right - left, y + line_h - top };
  else
    g->legend_rect = (MvRect) { left, top, right - left, 0.0 };
}

/* Item boxes (pointers) by lane, row and x. */
int
_mv_item_box_compare (gconstpointer a,
                      gconstpointer b)
{
  const MvItemBox *x = *(const MvItemBox **) a;
  const MvItemBox *y = *(const MvItemBox **) b;

  if (x->lane != y->lane)
    return x->lane < y->lane ? -1 : 1;
  if (x->rect.y != y->rect.y)
    return x->rect.y < y->rect.y ? -1 : 1;
  if (x->rect.x != y->rect.x)
    return x->rect.x < y->rect.x ? -1 : 1;
  return 0;
}

/* The room right of each bar, up to the next bar on the same row. */
static void
set_free_ends (MvMapGeometry *g)
{
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (g->items->len);
  double plot_end = g->plot.x + g->plot.width;

  for (guint i = 0; i < g->items->len; i++)
    g_ptr_array_add (order, &g_array_index (g->items, MvItemBox, i));
  g_ptr_array_sort (order, _mv_item_box_compare);
  for (guint i = 0; i < order->len; i++)
    {
      MvItemBox *ib = g_ptr_array_index (order, i);
      double end = plot_end;

      /* Overlapping bars on one row leave no room at all. */
      for (guint k = i + 1; k < order->len; k++)
        {
          const MvItemBox *next = g_ptr_array_index (order, k);

          if (next->lane != ib->lane || next->rect.y != ib->rect.y)
            break;
          end = MIN (end, next->rect.x);
          break;
        }
      ib->free_end = MAX (end, ib->rect.x + ib->rect.width);
    }
}

/**
 * mv_map_geometry_find_lane:
 * Returns: (nullable): where lane @lane of the scene is
 */
const MvLaneBox *
mv_map_geometry_find_lane (const MvMapGeometry *g,
                           guint                lane)
{
  g_return_val_if_fail (g != NULL, NULL);

  for (guint i = 0; i < g->lanes->len; i++)
    if (g_array_index (g->lanes, MvLaneBox, i).lane == lane)
      return &g_array_index (g->lanes, MvLaneBox, i);
  return NULL;
}

static char *
scale_caption (const MvScene       *scene,
               const MvMapGeometry *g)
{
  g_autofree char *range = mv_scene_format_range (mv_scale_get_start (g->scale),
                                                  mv_scale_get_end (g->scale));
  guint n_breaks = mv_scale_get_n_breaks (g->scale);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s scale", mv_scale_kind_to_string (scene->scale));
  if (scene->has_window)
    g_string_append_printf (s, " \u00b7 window %s", range);
  else
    g_string_append_printf (s, " \u00b7 %s", range);
  if (n_breaks > 0)
    g_string_append_printf (s, " \u00b7 %u compressed span%s", n_breaks, n_breaks == 1 ? "" : "s");
  return g_string_free (s, FALSE);
}

/* The title, its subtitle under it and the scale's caption at the right
 * of the title; when the title would be cut there, the caption gets a
 * line of its own under the subtitle. Returns the header's height with
 * the gap under it (0 without a title or subtitle). */
static double
place_header (MvMapGeometry        *g,
              const MvScene        *scene,
              const MvSceneMetrics *m,
              double                width)
{
  double lh_title = m->line_height[MV_TEXT_TITLE];
  double lh_small = m->line_height[MV_TEXT_SMALL];
  double w = width - 2 * MARGIN, h, caption_w;
  MvRect beside;

  if (scene->title == NULL && scene->subtitle == NULL)
    return 0.0;
  h = (scene->title ? lh_title : 0.0) + (scene->subtitle ? lh_small + 2.0 : 0.0);
  g->caption = scale_caption (scene, g);
  caption_w = MIN (_mv_map_geometry_text_width (m, g->caption, MV_TEXT_SMALL), w * 0.45);
  g->caption_rect = (MvRect) { MARGIN + w - caption_w, MARGIN, caption_w, lh_title };
  beside = (MvRect) { MARGIN, MARGIN, w - caption_w - 16.0, lh_title };
  if (scene->title != NULL && m->text_fits != NULL &&
      !m->text_fits (scene->title, MV_TEXT_TITLE, beside.width, m->data))
    {
      g->caption_rect = (MvRect) { MARGIN, MARGIN + h + 2.0, w, lh_small };
      h += lh_small + 2.0;
    }
  g->title_rect = (MvRect) { MARGIN, MARGIN, w, h };
  return h + SECTION_GAP;
}

static void
add_break_mark (MvMapGeometry *g,
                double         x,
                double         y)
{
  MvRect mark = { x - MV_BREAK_MARK_HALF_WIDTH, y - MV_BREAK_MARK_HALF_HEIGHT,
                  2 * MV_BREAK_MARK_HALF_WIDTH, 2 * MV_BREAK_MARK_HALF_HEIGHT };

  g_array_append_val (g->break_marks, mark);
}

/* Each break's "//" in the gap between two lanes, half way; none in a
 * gap where a band starts: its heading and rule are there. With one lane,
 * no gap: one mark half way down it. */
static void
place_break_marks (MvMapGeometry *g)
{
  for (guint i = 0; i < g->breaks->len; i++)
    {
      const MvScaleSegment *seg = &g_array_index (g->breaks, MvScaleSegment, i);
      double x = (seg->x0 + seg->x1) / 2;

      if (g->lanes->len <= 1)
        add_break_mark (g, x, g->plot.y + g->plot.height / 2);
      for (guint k = 1; k < g->lanes->len; k++)
        {
          const MvLaneBox *a = &g_array_index (g->lanes, MvLaneBox, k - 1);
          const MvLaneBox *b = &g_array_index (g->lanes, MvLaneBox, k);

          if (b->heading_rect.height <= 0.0)
            add_break_mark (g, x, (a->rect.y + a->rect.height + b->rect.y) / 2);
        }
    }
}

/* A band's heading over @lane: its @lines in bold (wrapped to the width,
 * never cut), its note wrapped under it, and the gap to the lane (0
 * without a heading). */
static double
heading_height (const MvSceneMetrics *m,
                const MvSceneLane    *lane,
                double                width,
                guint                *lines)
{
  double h = 0.0;

  *lines = 0;
  if (lane->heading == NULL && lane->heading_note == NULL)
    return 0.0;
  if (lane->heading != NULL)
    {
      *lines = prose_lines (m, lane->heading, MV_TEXT_BOLD, width);
      h += *lines * m->line_height[MV_TEXT_BOLD];
    }
  if (lane->heading_note != NULL)
    h += prose_lines (m, lane->heading_note, MV_TEXT_BODY, width) * m->line_height[MV_TEXT_BODY] + 2.0;
  return ceil (h) + HEADING_GAP;
}

/* Where @lane's subtitle goes in @box: under its title when the lane has
 * two lines' room, else beside it when it fits there whole, else nowhere
 * (the painter draws the title alone). */
static void
place_subtitle (MvLaneBox            *box,
                const MvSceneLane    *lane,
                const MvSceneMetrics *m)
{
  const MvRect *tr = &box->title_rect;
  double title_h = m->line_height[MV_TEXT_BOLD];
  double sub_h = m->line_height[MV_TEXT_SMALL];
  double title_w, sub_w;

  box->subtitle_rect = (MvRect) { tr->x, tr->y, 0.0, 0.0 };
  box->subtitle_beside = FALSE;
  if (lane->subtitle == NULL)
    return;
  if (title_h + sub_h <= tr->height + 0.5)
    {
      double ty = tr->y + MAX (0.0, (MIN (tr->height, box->row_height) - title_h - sub_h) / 2);

      box->subtitle_rect = (MvRect) { tr->x, ty + title_h, tr->width, sub_h };
      return;
    }
  box->subtitle_beside = TRUE;
  title_w = _mv_map_geometry_text_width (m, lane->title, MV_TEXT_BOLD);
  sub_w = _mv_map_geometry_text_width (m, lane->subtitle, MV_TEXT_SMALL);
  if (title_w + SUBTITLE_GAP + sub_w <= tr->width)
    box->subtitle_rect = (MvRect) { tr->x + title_w + SUBTITLE_GAP, tr->y,
                                    tr->width - title_w - SUBTITLE_GAP, tr->height };
}

static MvMapGeometry *
geometry_build (const MvScene        *scene,
                const MvSceneMetrics *m,
                double                width,
                double                height,
                double                zoom)
{
  MvMapGeometry *g;
  guint64 start, end;
  double lh = m->line_height[MV_TEXT_BODY];
  double lh_small = m->line_height[MV_TEXT_SMALL];
  double lh_mono = m->line_height[MV_TEXT_MONO_SMALL];
  double y, gutter = 0.0, x0, x1;
  double row_h, natural_row_h, min_row_h, max_row_h;
  double header_h = 0.0, axis_h, marks_h = 0.0, legend_h, fixed_h;
  double lanes_gaps = 0.0;
  guint total_rows = 0;
  guint n_marks_fit;
  double min_width;
  g_autofree guint *mark_lines = NULL;
  g_autofree guint *callout_rows = NULL;
  g_autofree double *lane_top = NULL;
  g_autofree gboolean *marker_strip = NULL;
  g_autofree double *heading_h = NULL;
  g_autofree guint *heading_lines = NULL;
  double callout_h = 0.0;
  double marker_s = ceil (lh_small * 1.3);
  double strip_h = marker_s + 4.0;
  double list_head = 0.0;

  g_return_val_if_fail (scene != NULL, NULL);
  g_return_val_if_fail (m != NULL && m->text_width != NULL, NULL);

  g = g_new0 (MvMapGeometry, 1);
  g->lanes = g_array_new (FALSE, FALSE, sizeof (MvLaneBox));
  g->items = g_array_new (FALSE, FALSE, sizeof (MvItemBox));
  g->spans = g_array_new (FALSE, FALSE, sizeof (MvSpan));
  g_array_set_clear_func (g->spans, _mv_span_clear);
  g->bar_texts = g_array_new (FALSE, FALSE, sizeof (MvBarText));
  g_array_set_clear_func (g->bar_texts, _mv_bar_text_clear);
  g->callouts = g_array_new (FALSE, FALSE, sizeof (MvCallout));
  g->row_notes = g_array_new (FALSE, FALSE, sizeof (MvRowNote));
  g_array_set_clear_func (g->row_notes, row_note_clear);
  g->ticks = g_array_new (FALSE, FALSE, sizeof (MvTickBox));
  g_array_set_clear_func (g->ticks, tick_box_clear);
  g->breaks = g_array_new (FALSE, FALSE, sizeof (MvScaleSegment));
  g->break_marks = g_array_new (FALSE, FALSE, sizeof (MvRect));
  g->marks = g_array_new (FALSE, FALSE, sizeof (MvMarkBox));
  g->mark_rows = g_array_new (FALSE, FALSE, sizeof (MvRect));
  g->legend = g_array_new (FALSE, FALSE, sizeof (MvLegendBox));
  g_array_set_clear_func (g->legend, legend_box_clear);

  width = MAX (width, 200.0);
  g->width = width;

  /* Gutter: as wide as the lane titles, within reason. */
  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

      gutter = MAX (gutter, _mv_map_geometry_text_width (m, lane->title, MV_TEXT_BOLD));
      gutter = MAX (gutter, _mv_map_geometry_text_width (m, lane->subtitle, MV_TEXT_SMALL));
      /* Rows may be a line tall: the subtitle then goes beside the title. */
      if (scene->subtitles_beside && lane->subtitle != NULL)
        gutter = MAX (gutter, _mv_map_geometry_text_width (m, lane->title, MV_TEXT_BOLD) + SUBTITLE_GAP +
                              _mv_map_geometry_text_width (m, lane->subtitle, MV_TEXT_SMALL));
    }
  gutter = CLAMP (gutter + GUTTER_PAD, 60.0, MAX (60.0, width * (scene->subtitles_beside ? 0.25 : 0.2)));
  x0 = MARGIN + gutter + PLOT_GAP;
  x1 = width - MARGIN;
  if (x1 - x0 < 40.0)
    x0 = x1 - 40.0;

  mv_scene_get_extent (scene, &start, &end);
  min_width = MAX (_mv_map_geometry_text_width (m, "WB\u2009\u2026", MV_TEXT_SMALL) + 8.0, 24.0);
  g->scale = _mv_map_geometry_build_scale (scene, start, end, x0, x1, min_width, zoom);
  if (scene->axis != NULL)
    {
      /* The shared axis decides where the plot is. */
      x0 = mv_scale_get_x0 (g->scale);
      x1 = mv_scale_get_x1 (g->scale);
      gutter = MAX (x0 - MARGIN - PLOT_GAP, 0.0);
    }
  for (guint i = 0; i < mv_scale_get_n_segments (g->scale); i++)
    {
      const MvScaleSegment *seg = mv_scale_get_segment (g->scale, i);

      if (seg->broken)
        g_array_append_val (g->breaks, *seg);
    }
  header_h = place_header (g, scene, m, width);

  /* Bars: x first (rect.y holds the row for now), then the callouts,
   * which decide how tall the lanes are. */
  callout_rows = g_new0 (guint, scene->lanes->len + 1);
  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

      if (lane->runs != NULL && lane->items->len == 0)
        _mv_map_geometry_add_runs (g, scene, i, start, end);
      for (guint k = 0; k < lane->items->len; k++)
        {
          const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, k);
          MvItemBox ib = { .lane = i, .item = k };
          double ix0, ix1;

          if (!_mv_map_geometry_item_visible (item, start, end))
            continue;
          ix0 = mv_scale_to_x (g->scale, item->start);
          ix1 = mv_scale_to_x (g->scale, item->end);
          /* Never thinner than a hairline you can see. */
          if (ix1 - ix0 < 2.0)
            {
              double mid = (ix0 + ix1) / 2;

              ix0 = MAX (x0, mid - 1.0);
              ix1 = MIN (x1, ix0 + 2.0);
            }
          ib.rect = (MvRect) { ix0, item->row, ix1 - ix0, 0.0 };
          ib.clipped_start = item->start < start;
          ib.clipped_end = item->end > end;
          g_array_append_val (g->items, ib);
        }
    }
  g->plot = (MvRect) { x0, 0.0, x1 - x0, 0.0 };
  set_free_ends (g);
  _mv_map_geometry_place_callouts (g, scene, m, x0, x1, callout_rows);

  /* Lanes with diagnostic markers get a strip above their rows for them,
   * so a marker never covers a bar's label. */
  marker_strip = g_new0 (gboolean, scene->lanes->len + 1);
  for (guint i = 0; i < scene->marks->len; i++)
    {
      const MvSceneMark *mark = &g_array_index (scene->marks, MvSceneMark, i);

      if (mark->lane >= 0 && (guint) mark->lane < scene->lanes->len && mark->has_range &&
          mark->end > start && mark->start < end)
        marker_strip[mark->lane] = TRUE;
    }

  /* Heights: the lanes take what the fixed parts leave. */
  callout_h = ceil (lh_small + 4.0);
  heading_h = g_new0 (double, scene->lanes->len + 1);
  heading_lines = g_new0 (guint, scene->lanes->len + 1);
  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

      heading_h[i] = heading_height (m, lane, width - 2 * MARGIN, &heading_lines[i]);
      if (heading_h[i] > 0.0)
        lanes_gaps += heading_h[i] + (i > 0 ? SECTION_GAP : 0.0);
      total_rows += lane->n_rows;
      lanes_gaps += callout_rows[i] * callout_h + (callout_rows[i] > 0 ? 4.0 : 0.0);
      if (marker_strip[i])
        lanes_gaps += strip_h;
      if (i > 0)
        {
          const MvSceneLane *prev = g_ptr_array_index (scene->lanes, i - 1);

          lanes_gaps += LANE_GAP + (prev->kind != lane->kind ? GROUP_GAP : 0.0);
        }
      lanes_gaps += (lane->n_rows - 1) * ROW_GAP;
    }
  g->empty = scene->lanes->len == 0;

  natural_row_h = ceil (lh + lh_small + 8.0);
  min_row_h = MAX (MIN_ROW, ceil (lh_small + 4.0));
  max_row_h = ceil (natural_row_h * 1.5);
  axis_h = TICK_LEN + 3.0 + 2 * (lh_mono + lh_small) + 2.0;
  /* Each diagnostic takes the lines its text needs, wrapped. */
  mark_lines = g_new0 (guint, scene->marks->len + 1);
  if (scene->marks->len > 0)
    {
      double list_w = width - 2 * MARGIN - marker_s - 12.0;

      list_head = SECTION_GAP + lh + 4.0;
      marks_h = list_head;
      for (guint i = 0; i < scene->marks->len; i++)
        {
          g_autofree char *text = mv_scene_mark_text (&g_array_index (scene->marks, MvSceneMark, i));

          mark_lines[i] = prose_lines (m, text, MV_TEXT_BODY, list_w);
          marks_h += mark_lines[i] * lh + 4.0;
        }
    }

  /* The legend's height does not depend on the rows: lay it out now at a
   * dummy top, and move it later. */
  build_legend (g, scene, m, MARGIN, width - MARGIN, 0.0);
  legend_h = g->legend->len > 0 ? SECTION_GAP + g->legend_rect.height : 0.0;

  fixed_h = MARGIN + header_h + lanes_gaps + AXIS_GAP + axis_h + legend_h + MARGIN;
  g->natural_height = ceil (fixed_h + marks_h + total_rows * natural_row_h);
  if (g->empty)
    g->natural_height = ceil (fixed_h + marks_h + natural_row_h);
  g->min_height = MIN (g->natural_height,
                       ceil (fixed_h + marks_h + total_rows * MAX (min_row_h, ceil (lh + 6.0))));
  if (height <= 0.0)
    height = g->natural_height;
  g->height = height;

  row_h = natural_row_h;
  n_marks_fit = scene->marks->len;
  if (total_rows > 0)
    {
      double avail = height - fixed_h - marks_h;

      row_h = CLAMP (floor (avail / total_rows), min_row_h, max_row_h);
      /* Still too tall: list fewer diagnostics (the markers stay). */
      if (fixed_h + marks_h + total_rows * row_h > height && scene->marks->len > 0)
        {
          double room = height - fixed_h - total_rows * row_h - list_head - (lh + 4.0);

          n_marks_fit = 0;
          marks_h = list_head + lh + 4.0;
          while (n_marks_fit < scene->marks->len &&
                 mark_lines[n_marks_fit] * lh + 4.0 <= room)
            {
              room -= mark_lines[n_marks_fit] * lh + 4.0;
              marks_h += mark_lines[n_marks_fit] * lh + 4.0;
              n_marks_fit++;
            }
          /* The next one in the lines left, shortened. */
          if (n_marks_fit < scene->marks->len && room >= lh + 4.0)
            {
              mark_lines[n_marks_fit] = (guint) floor ((room - 4.0) / lh);
              marks_h += mark_lines[n_marks_fit] * lh + 4.0;
              n_marks_fit++;
            }
        }
    }

  /* Lanes */
  y = MARGIN + header_h;
  g->plot = (MvRect) { x0, y, x1 - x0, 0.0 };
  lane_top = g_new0 (double, scene->lanes->len + 1);
  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);
      MvLaneBox box = { .lane = i, .row_height = row_h, .row_gap = ROW_GAP };
      double h = lane->n_rows * row_h + (lane->n_rows - 1) * ROW_GAP;

      h += callout_rows[i] * callout_h + (callout_rows[i] > 0 ? 4.0 : 0.0);
      if (marker_strip[i])
        h += strip_h;
      if (i > 0)
        {
          const MvSceneLane *prev = g_ptr_array_index (scene->lanes, i - 1);

          y += LANE_GAP + (prev->kind != lane->kind ? GROUP_GAP : 0.0);
        }
      if (heading_h[i] > 0.0)
        {
          y += i > 0 ? SECTION_GAP : 0.0;
          box.heading_rect = (MvRect) { MARGIN, y, width - 2 * MARGIN, heading_h[i] - HEADING_GAP };
          box.heading_lines = heading_lines[i];
          y += heading_h[i];
        }
      box.rect = (MvRect) { x0, y, x1 - x0, h };
      box.title_rect = (MvRect) { MARGIN, y + (marker_strip[i] ? strip_h : 0.0), gutter,
                                  h - (marker_strip[i] ? strip_h : 0.0) };
      place_subtitle (&box, lane, m);
      g_array_append_val (g->lanes, box);
      lane_top[i] = y + (marker_strip[i] ? strip_h : 0.0);
      y += h;
    }
  for (guint i = 0; i < g->items->len; i++)
    {
      MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, ib->lane);
      guint row = (guint) ib->rect.y;

      ib->rect.y = lane_top[ib->lane] + row * (row_h + ROW_GAP);
      ib->rect.height = row_h;
      (void) lane;
    }
  /* In a close-up, a row whose bars are all outside says where they are. */
  for (guint i = 0; scene->has_window && i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

      if (lane->runs != NULL && lane->items->len == 0)
        {
          _mv_map_geometry_note_runs_outside (g, scene, i, lane_top[i], row_h);
          continue;
        }
      for (guint r = 0; r < lane->n_rows && r < 8; r++)
        {
          const MvSceneItem *first = NULL;
          guint n_row = 0;
          gboolean visible = FALSE;

          for (guint k = 0; k < lane->items->len; k++)
            {
              const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, k);

              if (item->row != r)
                continue;
              n_row++;
              if (first == NULL)
                first = item;
              if (_mv_map_geometry_item_visible (item, start, end))
                visible = TRUE;
            }
          if (first != NULL && !visible)
            {
              MvRowNote note;
              g_autofree char *range = mv_scene_format_range (first->start, first->end);

              note.rect = (MvRect) { x0 + 8.0, lane_top[i] + r * (row_h + ROW_GAP),
                                     x1 - x0 - 16.0, row_h };
              if (n_row == 1 && lane->kind == MV_LANE_PAIR && !(first->flags & MV_ITEM_MATCHED))
                note.text = g_strdup_printf ("%s, programmed %s: outside the window", first->label, range);
              else if (n_row == 1)
                note.text = g_strdup_printf ("%s %s: outside the window", first->label, range);
              else
                note.text = g_strdup_printf ("%u bars, all outside the window", n_row);
              g_array_append_val (g->row_notes, note);
            }
        }
    }

  for (guint i = 0; i < g->callouts->len; i++)
    {
      MvCallout *c = &g_array_index (g->callouts, MvCallout, i);
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, c->item_box);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, ib->lane);

      c->rect.y = lane_top[ib->lane] + lane->n_rows * row_h + (lane->n_rows - 1) * ROW_GAP + 4.0 +
                  c->row * callout_h + 3.0;
      c->rect.height = lh_small + 2.0;
    }
  if (g->empty)
    y += natural_row_h;
  g->plot.height = y - g->plot.y;
  place_break_marks (g);

  /* Axis */
  g->axis_y = y + AXIS_GAP;
  {
    double label_w = _mv_map_geometry_text_width (m, "0x0000000000", MV_TEXT_MONO_SMALL);
    g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (MvTick));

    mv_scale_ticks (g->scale, label_w * 1.3, ticks);
    for (guint i = 0; i < ticks->len; i++)
      {
        MvTickBox tb = { .tick = g_array_index (ticks, MvTick, i) };

        g_array_append_val (g->ticks, tb);
      }
    g->axis_rect = (MvRect) { MARGIN, g->axis_y, width - 2 * MARGIN, axis_h };
    _mv_map_geometry_place_tick_labels (g, m, MARGIN + gutter * 0.5, width - MARGIN / 2,
                       g->axis_y + TICK_LEN + 3.0, 2);
  }
  y = g->axis_y + axis_h;

  /* Diagnostic markers on their lanes, and the list under the axis. */
  {
    double s = ceil (lh_small * 1.3);
    g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (MvRect));

    for (guint i = 0; i < scene->marks->len; i++)
      {
        const MvSceneMark *mark = &g_array_index (scene->marks, MvSceneMark, i);
        const MvLaneBox *lb;
        MvMarkBox mb = { .mark = i, .number = i + 1 };
        double mx;
        gboolean moved = TRUE;

        if (mark->lane < 0 || !mark->has_range || (guint) mark->lane >= g->lanes->len)
          continue;
        if (mark->end <= start || mark->start >= end)
          continue;
        lb = &g_array_index (g->lanes, MvLaneBox, mark->lane);
        mx = mv_scale_to_x (g->scale, MAX (mark->start, start));
        mb.rect = (MvRect) { CLAMP (mx - s / 2, x0, x1 - s), lb->rect.y + 2.0, s, s };
        /* Markers on the same spot line up side by side: rightwards, or
         * leftwards at the right end of the plot. */
        for (int dir = 1; dir >= -1; dir -= 2)
          {
            double origin = mb.rect.x;

            moved = TRUE;
            for (guint guard = 0; moved && guard < 64; guard++)
              {
                moved = FALSE;
                for (guint k = 0; k < taken->len; k++)
                  {
                    const MvRect *r = &g_array_index (taken, MvRect, k);

                    if (fabs (r->y - mb.rect.y) < s && mb.rect.x < r->x + s + 2 &&
                        mb.rect.x + s + 2 > r->x)
                      {
                        mb.rect.x = dir > 0 ? r->x + s + 2 : r->x - s - 2;
                        moved = TRUE;
                      }
                  }
              }
            if (mb.rect.x >= x0 - 0.5 && mb.rect.x + s <= x1 + 0.5)
              break;
            mb.rect.x = origin;
          }
        g_array_append_val (taken, mb.rect);
        g_array_append_val (g->marks, mb);
      }
    g->n_marks_listed = n_marks_fit;
    if (scene->marks->len > 0)
      {
        double ry = y + list_head;

        g->marks_rect = (MvRect) { MARGIN, y + SECTION_GAP, width - 2 * MARGIN, marks_h - SECTION_GAP };
        for (guint i = 0; i < n_marks_fit; i++)
          {
            MvRect r = { MARGIN + marker_s + 12.0, ry, width - 2 * MARGIN - marker_s - 12.0,
                         mark_lines[i] * lh };

            g_array_append_val (g->mark_rows, r);
            ry += mark_lines[i] * lh + 4.0;
          }
        if (n_marks_fit < scene->marks->len)
          {
            g->has_more_marks = TRUE;
            g->more_marks_rect = (MvRect) { MARGIN + marker_s + 12.0, ry,
                                            width - 2 * MARGIN - marker_s - 12.0, lh };
          }
        y += marks_h;
      }
  }

  /* Legend: move it under everything else. */
  if (g->legend->len > 0)
    {
      double dy = y + SECTION_GAP - g->legend_rect.y;

      g->legend_rect.y += dy;
      for (guint i = 0; i < g->legend->len; i++)
        {
          MvLegendBox *b = &g_array_index (g->legend, MvLegendBox, i);

          b->swatch.y += dy;
          b->label_rect.y += dy;
        }
      y = g->legend_rect.y + g->legend_rect.height;
    }
  g->used_height = y + MARGIN;
  g->zoom = 1.0;

  return g;
}

/**
 * mv_map_geometry_new:
 * Lays out the map view of @scene in @width x @height (logical pixels).
 * With @height <= 0, the height is what the content needs
 * (MvMapGeometry.natural_height). When even the thinnest rows do not fit
 * in @height, the whole map is laid out larger and scaled down by
 * MvMapGeometry.zoom (the painter applies it): smaller, never clipped.
 * The bars' labels are placed last, once, in the geometry returned.
 */
MvMapGeometry *
mv_map_geometry_new (const MvScene        *scene,
                     const MvSceneMetrics *m,
                     double                width,
                     double                height)
{
  MvMapGeometry *g;
  double zoom = 1.0;

  g_return_val_if_fail (scene != NULL, NULL);
  g_return_val_if_fail (m != NULL && m->text_width != NULL, NULL);

  g = geometry_build (scene, m, width, height, 1.0);
  if (height <= 0.0 || g->used_height <= height + 0.5)
    {
      _mv_map_geometry_place_bar_texts (g, scene, m);
      return g;
    }

  /* Too tall even with the thinnest rows: lay it out larger, as if the
   * picture were (width, height) / zoom, with the largest zoom that fits
   * (found by bisection; a wider layout wraps less, so it is not simply
   * height / used_height). */
  {
    double lo = 0.05, hi = 1.0;

    for (guint iter = 0; iter < 12; iter++)
      {
        double mid = (lo + hi) / 2;
        MvMapGeometry *t = geometry_build (scene, m, width / mid, height / mid, mid);

        if (t->used_height <= height / mid + 0.5)
          lo = mid;
        else
          hi = mid;
        mv_map_geometry_free (t);
      }
    zoom = lo;
    mv_map_geometry_free (g);
    g = geometry_build (scene, m, width / zoom, height / zoom, zoom);
  }
  g->zoom = zoom;
  g->width = width;
  g->height = height;
  _mv_map_geometry_place_bar_texts (g, scene, m);
  return g;
}
