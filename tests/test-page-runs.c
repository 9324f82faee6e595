/* SPDX-License-Identifier: MIT */
/* Page maps of many runs: the lane keeps them as a sorted index, the
 * geometry draws the runs that share pixels as one bar, and hover finds
 * the runs in a pixel by binary search. What is drawn must account for
 * every run exactly once; timing is bench-render's. */
#include <string.h>

#include "mv-recorder.h"
#include "mv-render.h"
#include "mv-scene.h"

#define PAGE 4096

/* @n one-page runs @stride pages apart from page 0x100, alternately
 * tagged, and, when @wide_at < n, a 1 GiB run there instead of the
 * one page. */
static MvRecorder *
runs_recorder (guint   n,
               guint64 stride,
               guint   wide_at)
{
  MvRecorder *rec = mv_recorder_new (FALSE);
  guint64 page = 0x100;

  for (guint i = 0; i < n; i++)
    {
      guint64 count = i == wide_at ? 0x40000 : 1;

      g_assert_true (mv_importer_import_pages (&rec->parent, page, count, i % 2 ? "initrd" : "kernel",
                                               MV_ACCEPTANCE_EXCLUSIVE, NULL, 0, NULL));
      page += MAX (count + 1, stride);
    }
  g_assert_cmpuint (rec->page_map->len, ==, n);
  return rec;
}

static MvScene *
runs_scene (const MvRecorder *rec)
{
  MvScene *scene = mv_scene_new ("Runs", NULL);

  mv_scene_set_scale (scene, MV_SCALE_LINEAR);
  mv_scene_add_page_map (scene, rec);
  return scene;
}

static MvMapGeometry *
geometry_for (const MvScene *scene,
              double         width)
{
  MvRenderStyle style;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  return mv_render_map_geometry (scene, &style, width, 400);
}

/* The bars of the page lane in @g, checked to cover the lane's runs
 * exactly once, in address order; returns how many there are, and
 * how many of them hold several runs in @n_many. */
static guint
check_cover (const MvScene       *scene,
             const MvMapGeometry *g,
             guint               *n_many)
{
  int lane = mv_scene_find_lane (scene, MV_LANE_PAGES, 0);
  const MvSceneRuns *runs;
  guint next = 0, n_bars = 0;
  double last_x = -1.0;

  g_assert_cmpint (lane, >=, 0);
  runs = ((const MvSceneLane *) g_ptr_array_index (scene->lanes, lane))->runs;
  *n_many = 0;
  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *box = &g_array_index (g->items, MvItemBox, i);
      const MvSpan *span = mv_map_geometry_span (g, box);
      const MvSceneRun *first, *last;

      if (box->lane != (guint) lane)
        continue;
      g_assert_nonnull (span);
      g_assert_true (mv_map_geometry_item (g, scene, box) == &span->item);
      /* Next to the last, never a run twice or left out. */
      g_assert_cmpuint (span->first, ==, next);
      g_assert_cmpuint (span->n_runs, >=, 1);
      next = span->first + span->n_runs;
      first = mv_scene_runs_get (runs, span->first);
      last = mv_scene_runs_get (runs, next - 1);
      g_assert_cmpuint (span->item.start, ==, first->start);
      g_assert_cmpuint (span->item.end, ==, last->end);
      g_assert_cmpint (!!(span->item.flags & MV_ITEM_MANY), ==, span->n_runs > 1);
      /* Its runs are drawn where the bar is: a pixel's slack at its ends
       * (a bar is at least 2 pixels wide, centred on a thinner one). */
      g_assert_cmpfloat (mv_scale_to_x (g->scale, first->start), >=, box->rect.x - 1.0);
      g_assert_cmpfloat (mv_scale_to_x (g->scale, MIN (last->end, mv_scale_get_end (g->scale))), <=,
                         box->rect.x + box->rect.width + 1.0);
      if (span->n_runs > 1)
        (*n_many)++;
      else
        g_assert_cmpuint (span->item.fill, ==, first->fill);
      /* Left to right. */
      g_assert_cmpfloat (box->rect.x, >=, last_x - 2.0);
      last_x = box->rect.x;
      n_bars++;
    }
  g_assert_cmpuint (next, ==, mv_scene_runs_get_n (runs));
  return n_bars;
}

static void
test_few_runs_keep_items (void)
{
  g_autoptr(MvRecorder) few = runs_recorder (MV_SCENE_MAX_LANE_ITEMS, 2, G_MAXUINT);
  g_autoptr(MvRecorder) more = runs_recorder (MV_SCENE_MAX_LANE_ITEMS + 1, 2, G_MAXUINT);
  g_autoptr(MvScene) a = runs_scene (few);
  g_autoptr(MvScene) b = runs_scene (more);
  const MvSceneLane *la = g_ptr_array_index (a->lanes, mv_scene_find_lane (a, MV_LANE_PAGES, 0));
  const MvSceneLane *lb = g_ptr_array_index (b->lanes, mv_scene_find_lane (b, MV_LANE_PAGES, 0));
  g_autoptr(MvMapGeometry) ga = geometry_for (a, 1200);

  /* Up to the limit a bar per run, as always (pictures unchanged). */
  g_assert_cmpuint (la->items->len, ==, MV_SCENE_MAX_LANE_ITEMS);
  g_assert_cmpuint (mv_scene_runs_get_n (la->runs), ==, MV_SCENE_MAX_LANE_ITEMS);
  g_assert_cmpuint (ga->spans->len, ==, 0);
  /* Past it, the index alone; the table keeps its first rows. */
  g_assert_cmpuint (lb->items->len, ==, 0);
  g_assert_cmpuint (mv_scene_runs_get_n (lb->runs), ==, MV_SCENE_MAX_LANE_ITEMS + 1);
  g_assert_cmpuint (b->pages_table->rows->len + b->pages_table->n_omitted, ==, MV_SCENE_MAX_LANE_ITEMS + 1);
  g_assert_cmpstr (lb->subtitle, ==, "1025 runs, 4100 KiB");
}

static void
test_cover (void)
{
  g_autoptr(MvRecorder) rec = runs_recorder (100000, 2, G_MAXUINT);
  g_autoptr(MvScene) scene = runs_scene (rec);
  guint n_many;

  for (double width = 400; width <= 3200; width *= 2)
    {
      g_autoptr(MvMapGeometry) g = geometry_for (scene, width);
      guint n_bars = check_cover (scene, g, &n_many);

      /* 10^5 runs of even pages: all share pixels, one bar. */
      g_assert_cmpuint (n_bars, ==, 1);
      g_assert_cmpuint (n_many, ==, 1);
    }
}

static void
test_wide_run_alone (void)
{
  /* 5,000 pages apart: about two runs a pixel on 1,200 pixels, and a
   * 1 GiB run in the middle, drawn as itself, labelled as itself. */
  g_autoptr(MvRecorder) rec = runs_recorder (4000, 16, 2000);
  g_autoptr(MvScene) scene = runs_scene (rec);
  g_autoptr(MvMapGeometry) g = geometry_for (scene, 1200);
  guint n_many, n_bars = check_cover (scene, g, &n_many);
  gboolean seen = FALSE;

  g_assert_cmpuint (n_bars, >=, 3);
  g_assert_cmpuint (n_many, >=, 2);
  for (guint i = 0; i < g->spans->len; i++)
    {
      const MvSpan *span = &g_array_index (g->spans, MvSpan, i);

      if (span->item.end - span->item.start != ((guint64) 1 << 30))
        continue;
      g_assert_false (seen);
      seen = TRUE;
      g_assert_cmpuint (span->n_runs, ==, 1);
      g_assert_cmpstr (span->item.label, ==, "kernel \u00b7 1 GiB");
      g_assert_true (g_str_has_suffix (span->item.detail, "\u00b7 zero"));
    }
  g_assert_true (seen);
}

/* The pixels' address ranges follow on from each other, and each run
 * that starts in a pixel is listed by hover over that pixel. */
static void
test_hover_million (void)
{
  guint n = 1000000;
  g_autoptr(MvRecorder) rec = runs_recorder (n, 2, G_MAXUINT);
  g_autoptr(MvScene) scene = runs_scene (rec);
  g_autoptr(MvMapGeometry) g = geometry_for (scene, 1920);
  const MvSceneLane *lane = g_ptr_array_index (scene->lanes, mv_scene_find_lane (scene, MV_LANE_PAGES, 0));
  guint64 prev_end = 0;
  guint listed = 0, n_many;

  check_cover (scene, g, &n_many);
  g_assert_cmpuint (n_many, ==, 1);

  /* One run: its start, and the page after it (a gap). */
  for (guint k = 0; k < n; k += 99991)
    {
      guint64 start = (0x100 + 2 * (guint64) k) * PAGE;
      guint first, count;
      g_autofree char *text = NULL;
      g_autofree char *want = g_strdup_printf ("%s \u00b7 4 KiB \u00b7 0x%" G_GINT64_MODIFIER "x",
                                               k % 2 ? "initrd" : "kernel", start);

      g_assert_true (mv_scene_runs_find (lane->runs, start, start + 1, &first, &count));
      g_assert_cmpuint (first, ==, k);
      g_assert_cmpuint (count, ==, 1);
      text = mv_scene_describe_pages (scene, start, start, start + 1);
      g_assert_true (g_str_has_prefix (text, want));
      g_assert_false (mv_scene_runs_find (lane->runs, start + PAGE, start + 2 * PAGE, &first, &count));
    }

  /* Pixel by pixel across the plot. */
  for (double x = g->plot.x; x < g->plot.x + g->plot.width; x += 1.0)
    {
      guint64 start, end;
      guint first, count;

      g_assert_true (mv_map_geometry_pixel_range (g, x, &start, &end));
      g_assert_cmpuint (start, ==, prev_end > 0 ? prev_end : start);
      prev_end = end;
      if (!mv_scene_runs_find (lane->runs, start, end, &first, &count))
        continue;
      /* Exactly the runs starting in it, or ending in it from before. */
      for (guint k = first; k < first + count; k++)
        {
          const MvSceneRun *r = mv_scene_runs_get (lane->runs, k);

          g_assert_true (r->start < end && r->end > start);
        }
      g_assert_true (first == 0 || mv_scene_runs_get (lane->runs, first - 1)->end <= start);
      g_assert_true (first + count == n || mv_scene_runs_get (lane->runs, first + count)->start >= end);
      listed += count;
      if (count > 1)
        {
          g_autofree char *text = mv_scene_describe_pages (scene, start, start, end);
          g_autofree char *head = g_strdup_printf ("%u runs in 0x", count);

          g_assert_true (g_str_has_prefix (text, head) || count >= 1000);
          g_assert_nonnull (strstr (text, ", first "));
          g_assert_nonnull (strstr (text, ", last "));
        }
    }
  /* Each run once, but for those cut by a pixel's edge. */
  g_assert_cmpuint (listed, >=, n);
  g_assert_cmpuint (listed, <=, n + 1920);
  g_assert_false (mv_map_geometry_pixel_range (g, g->plot.x - 2, &prev_end, &prev_end));
}

static void
test_overlaps_and_errors (void)
{
  g_autoptr(MvSceneRuns) runs = mv_scene_runs_new (NULL, 0);
  guint first, n;

  /* A long run under short ones, given out of order. */
  mv_scene_runs_add (runs, 0x5000, 0x6000, MV_FILL_DATA, 0);
  mv_scene_runs_add (runs, 0x1000, 0x100000, MV_FILL_ZERO, MV_ITEM_ERROR);
  mv_scene_runs_add (runs, 0x3000, 0x4000, MV_FILL_DATA, 0);
  mv_scene_runs_add (runs, 0x200000, 0x201000, MV_FILL_DATA, MV_ITEM_ERROR);
  mv_scene_runs_seal (runs);
  g_assert_cmpuint (mv_scene_runs_get (runs, 0)->start, ==, 0x1000);
  g_assert_cmpuint (mv_scene_runs_get (runs, 3)->order, ==, 3);

  /* 0x80000: only the long run covers it, which starts well before. */
  g_assert_true (mv_scene_runs_find (runs, 0x80000, 0x80001, &first, &n));
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (n, ==, 3);
  g_assert_false (mv_scene_runs_find (runs, 0x100000, 0x200000, &first, &n));
  g_assert_cmpuint (mv_scene_runs_n_errors (runs, 0, 4), ==, 2);
  g_assert_cmpuint (mv_scene_runs_n_errors (runs, 1, 2), ==, 0);
  {
    g_autofree char *text = mv_scene_runs_describe (runs, 0, 4);

    g_assert_cmpstr (text, ==, "4 runs in 0x1000\u20130x201000, first zero, last data");
  }
}

static void
test_format_count (void)
{
  const struct { guint64 n; const char *text; } cases[] = {
    { 0, "0" }, { 999, "999" }, { 1000, "1,000" }, { 1000000, "1,000,000" },
    { 12345678, "12,345,678" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mv_scene_format_count (cases[i].n);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* A close-up with none of the lane's runs in it says so on the lane. */
static void
test_window_outside (void)
{
  g_autoptr(MvRecorder) rec = runs_recorder (5000, 2, G_MAXUINT);
  g_autoptr(MvScene) scene = runs_scene (rec);
  g_autoptr(MvMapGeometry) g = NULL;
  g_autoptr(GError) error = NULL;
  gboolean noted = FALSE;

  g_assert_true (mv_scene_set_window (scene, (guint64) 1 << 32, (guint64) 1 << 33, &error));
  g_assert_no_error (error);
  g = geometry_for (scene, 1200);
  g_assert_cmpuint (g->spans->len, ==, 0);
  for (guint i = 0; i < g->row_notes->len; i++)
    noted = noted || g_strcmp0 (g_array_index (g->row_notes, MvRowNote, i).text,
                                "5,000 runs, all outside the window") == 0;
  g_assert_true (noted);
}

/* Runs that start on a pixel's first address, and runs that end on it:
 * each is drawn, and listed by hover, in the pixel that holds it. */
static void
test_pixel_boundaries (void)
{
  g_autoptr(MvRecorder) rec = runs_recorder (3000, 3, G_MAXUINT);
  g_autoptr(MvScene) scene = runs_scene (rec);
  g_autoptr(MvMapGeometry) g = geometry_for (scene, 1000);
  const MvSceneLane *lane = g_ptr_array_index (scene->lanes, mv_scene_find_lane (scene, MV_LANE_PAGES, 0));
  guint n_many, checked = 0;

  check_cover (scene, g, &n_many);
  for (double x = g->plot.x; x < g->plot.x + g->plot.width; x += 1.0)
    {
      guint64 start, end;
      guint first, n;

      g_assert_true (mv_map_geometry_pixel_range (g, x, &start, &end));
      /* A run on the pixel's first address is the first listed. */
      if (!mv_scene_runs_find (lane->runs, start, start + 1, &first, &n))
        continue;
      g_assert_cmpuint (n, ==, 1);
      g_assert_cmpuint (mv_scene_runs_get (lane->runs, first)->start, <=, start);
      g_assert_cmpuint (mv_scene_runs_get (lane->runs, first)->end, >, start);
      g_assert_true (mv_scene_runs_find (lane->runs, start, end, &first, &n));
      g_assert_cmpuint (mv_scene_runs_get (lane->runs, first)->end, >, start);
      /* The pixel before ends where this one starts: the run is not its. */
      if (x > g->plot.x)
        {
          guint64 prev_start, prev_end;
          guint pf, pn;

          g_assert_true (mv_map_geometry_pixel_range (g, x - 1.0, &prev_start, &prev_end));
          g_assert_cmpuint (prev_end, ==, start);
          if (mv_scene_runs_find (lane->runs, prev_start, prev_end, &pf, &pn))
            g_assert_cmpuint (mv_scene_runs_get (lane->runs, pf + pn - 1)->start, <, prev_end);
        }
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/page-runs/few-keep-items", test_few_runs_keep_items);
  g_test_add_func ("/page-runs/cover", test_cover);
  g_test_add_func ("/page-runs/wide-run-alone", test_wide_run_alone);
  g_test_add_func ("/page-runs/hover-million", test_hover_million);
  g_test_add_func ("/page-runs/overlaps-and-errors", test_overlaps_and_errors);
  g_test_add_func ("/page-runs/format-count", test_format_count);
  g_test_add_func ("/page-runs/window-outside", test_window_outside);
  g_test_add_func ("/page-runs/pixel-boundaries", test_pixel_boundaries);
  return g_test_run ();
}
