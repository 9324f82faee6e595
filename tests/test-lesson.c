/* SPDX-License-Identifier: MIT */
/* A lesson's steps as scenes (the changed ranges, the new pair) and as
 * slides: one PDF page or one numbered PNG/SVG file per step. */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "mv-presets.h"
#include "mv-same-x.h"
#include "mv-render-private.h"
#include "mv-scenario.h"

typedef struct
{
  MvDocument *doc;
  MvScenario *scenario;
  MvSteps    *steps;
} Lesson;

static void
lesson_init (Lesson          *l,
             const char      *preset,
             MvStepsStrategy  strategy)
{
  g_autoptr(GError) error = NULL;

  l->doc = mv_preset_load (preset, &error);
  g_assert_no_error (error);
  l->scenario = mv_scenario_run (l->doc, MV_SCENARIO_NONE);
  l->steps = mv_steps_new_for_scenario (l->scenario, strategy, &error);
  g_assert_no_error (error);
  g_assert_nonnull (l->steps);
}

static void
lesson_clear (Lesson *l)
{
  g_clear_pointer (&l->steps, mv_steps_free);
  g_clear_pointer (&l->scenario, mv_scenario_free);
  g_clear_pointer (&l->doc, mv_document_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lesson, lesson_clear)

/* Each step's scene: the layout first, then the changed lane with one bar
 * per changed range labelled "from → to"; the pair added is titled new;
 * step 0 has no new pair and changes nothing. */
static void
test_step_scenes (void)
{
  g_auto(Lesson) l = { 0 };
  guint n;

  lesson_init (&l, "openvmm-default-8g", MV_STEPS_STRATEGY_OPENVMM);
  n = mv_steps_get_n_steps (l.steps);
  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < n; i++)
    {
      const MvStep *step = mv_steps_get_step (l.steps, i);
      g_autoptr(MvScene) scene = mv_scene_new_for_step (l.scenario->layout, l.steps, i);
      const MvSceneLane *layout = g_ptr_array_index (scene->lanes, 0);
      const MvSceneLane *changed = g_ptr_array_index (scene->lanes, 1);
      guint n_new = 0;

      g_assert_cmpint (layout->kind, ==, MV_LANE_LAYOUT);
      g_assert_cmpstr (changed->title, ==, "Changed here");
      g_assert_cmpuint (changed->items->len, ==, step->changed->len);
      for (guint k = 0; k < changed->items->len; k++)
        {
          const MvSceneItem *item = &g_array_index (changed->items, MvSceneItem, k);
          const MvStepChange *c = &g_array_index (step->changed, MvStepChange, k);
          g_autofree char *label = g_strdup_printf ("%s \u2192 %s", mv_mem_type_name (c->from),
                                                    mv_mem_type_name (c->to));

          g_assert_cmphex (item->start, ==, c->range.start);
          g_assert_cmphex (item->end, ==, c->range.end);
          g_assert_cmpstr (item->label, ==, label);
          g_assert_cmpint (item->fill, ==, mv_fill_for_mem_type (c->to));
        }
      for (guint k = 0; k < scene->lanes->len; k++)
        if (g_str_has_suffix (((MvSceneLane *) g_ptr_array_index (scene->lanes, k))->title, "\u2190 new"))
          n_new++;
      g_assert_cmpuint (n_new, ==, i == 0 ? 0 : 1);
      if (i > 0)
        g_assert_cmpuint (step->changed->len, >, 0);
    }
  /* Pair 1 of OpenVMM's default turns [128 MiB, 4 GiB) write-back. */
  {
    const MvStep *step = mv_steps_get_step (l.steps, 2);
    g_autoptr(MvScene) scene = mv_scene_new_for_step (l.scenario->layout, l.steps, 2);
    const MvSceneItem *item = &g_array_index (((MvSceneLane *) g_ptr_array_index (scene->lanes, 1))->items,
                                              MvSceneItem, 0);

    g_assert_cmpuint (step->changed->len, ==, 1);
    g_assert_cmphex (item->start, ==, 128 << 20);
    g_assert_cmphex (item->end, ==, G_GUINT64_CONSTANT (4) << 30);
    g_assert_cmpstr (item->label, ==, "UC \u2192 WB");
    g_assert_nonnull (strstr (scene->title, "Step 2 of 3"));
  }
}

static guint
count_pdf_pages (const char *contents,
                 gsize       len)
{
  guint n = 0;

  /* The file has binary streams: memmem, not a string search. */
  for (const char *p = contents; (p = memmem (p, len - (p - contents), "/Type /Page", 11)) != NULL; p++)
    if (p + 11 < contents + len && p[11] != 's')
      n++;
  return n;
}

/* A PDF gets one 16:9 page per step; PNG and SVG one numbered file each. */
static void
test_slides (gconstpointer data)
{
  MvStepsStrategy strategy = GPOINTER_TO_UINT (data);
  g_auto(Lesson) l = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memviz-lesson-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "lesson.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "lesson.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "slides.svg", NULL);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  gsize len;
  guint n;

  g_assert_no_error (error);
  lesson_init (&l, "openvmm-default-8g", strategy);
  n = mv_steps_get_n_steps (l.steps);

  g_assert_true (mv_render_lesson_to_file (l.scenario->layout, l.steps, pdf, 1.0, MV_THEME_LIGHT,
                                           written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 1);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_assert_cmpuint (count_pdf_pages (contents, len), ==, n);
  g_assert_nonnull (memmem (contents, len, "/MediaBox [ 0 0 1280 720 ]", 26));
  g_unlink (pdf);

  g_ptr_array_set_size (written, 0);
  g_assert_true (mv_render_lesson_to_file (l.scenario->layout, l.steps, png, 1.0, MV_THEME_DARK,
                                           written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const char *path = g_ptr_array_index (written, i);
      g_autofree char *want = g_strdup_printf ("lesson-%02u.png", i + 1);
      g_autoptr(cairo_surface_t) image = cairo_image_surface_create_from_png (path);

      g_assert_cmpstr (strrchr (path, G_DIR_SEPARATOR) + 1, ==, want);
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1280);
      g_assert_cmpint (cairo_image_surface_get_height (image), ==, 720);
      g_unlink (path);
    }

  g_ptr_array_set_size (written, 0);
  g_assert_true (mv_render_lesson_to_file (l.scenario->layout, l.steps, svg, 1.0, MV_THEME_LIGHT,
                                           written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_unlink (g_ptr_array_index (written, i));
  g_rmdir (dir);
}

/* The lanes of @scene with a heading: the bands. */
static guint
band_lanes (const MvScene *scene,
            int            out[2])
{
  guint n = 0;

  for (guint i = 0; i < scene->lanes->len; i++)
    if (((MvSceneLane *) g_ptr_array_index (scene->lanes, i))->heading != NULL)
      {
        if (n < 2)
          out[n] = (int) i;
        n++;
      }
  return n;
}

/* Side by side: the layout and the fixed ranges once, then OpenVMM's band
 * over the fewest pairs' band, each headed by its strategy, pair count and
 * step, with its step's sentence; the shorter lesson stays at its last step
 * and says it is done. seed-256m: OpenVMM adds 2 pairs, the solver 1. */
static void
test_side_by_side_scene (void)
{
  g_auto(Lesson) top = { 0 };
  g_auto(Lesson) bottom = { 0 };
  guint n;

  lesson_init (&top, "seed-256m", MV_STEPS_STRATEGY_OPENVMM);
  lesson_init (&bottom, "seed-256m", MV_STEPS_STRATEGY_FEWEST);
  g_assert_cmpuint (mv_steps_get_n_steps (top.steps), ==, 3);
  g_assert_cmpuint (mv_steps_get_n_steps (bottom.steps), ==, 2);
  n = mv_scene_steps_n_positions (top.steps, bottom.steps);
  g_assert_cmpuint (n, ==, 3);

  for (guint pos = 0; pos < n; pos++)
    {
      g_autoptr(MvScene) scene = mv_scene_new_for_steps_side_by_side (top.scenario->layout, top.steps,
                                                                       bottom.steps, pos, TRUE);
      g_autoptr(MvScene) bare = mv_scene_new_for_steps_side_by_side (NULL, top.steps, bottom.steps,
                                                                      pos, FALSE);
      guint bottom_index = MIN (pos, 1);
      const MvSceneLane *a, *b;
      int band[2] = { -1, -1 };
      guint n_fixed = 0, n_pairs_top = 0, n_pairs_bottom = 0;
      g_autofree char *want_a = g_strdup_printf ("OpenVMM current \u00b7 2 pairs \u00b7 step %u of 2", pos);
      g_autofree char *want_b = pos < 2 ? g_strdup_printf ("Fewest pairs \u00b7 1 pair \u00b7 step %u of 1", pos)
                                        : g_strdup ("Fewest pairs \u00b7 1 pair \u00b7 done");

      g_assert_cmpint (((MvSceneLane *) g_ptr_array_index (scene->lanes, 0))->kind, ==, MV_LANE_LAYOUT);
      g_assert_cmpint (((MvSceneLane *) g_ptr_array_index (scene->lanes, 1))->kind, ==, MV_LANE_FIXED);
      g_assert_cmpuint (band_lanes (scene, band), ==, 2);
      a = g_ptr_array_index (scene->lanes, band[0]);
      b = g_ptr_array_index (scene->lanes, band[1]);
      g_assert_cmpint (band[0], <, band[1]);
      g_assert_cmpstr (a->title, ==, "Changed here");
      g_assert_cmpstr (b->title, ==, "Changed here");
      g_assert_cmpstr (a->heading, ==, want_a);
      g_assert_cmpstr (b->heading, ==, want_b);
      /* The sentence, its ranges and sizes kept together. */
      {
        g_autofree char *want = mv_scene_steps_keep_together (mv_steps_get_step (top.steps, pos)->sentence);

        g_assert_cmpstr (a->heading_note, ==, want);
      }
      if (pos < 2)
        {
          g_autofree char *want = mv_scene_steps_keep_together (mv_steps_get_step (bottom.steps, pos)->sentence);

          g_assert_cmpstr (b->heading_note, ==, want);
        }
      else
        g_assert_true (g_str_has_prefix (b->heading_note, "Done: its one pair is set"));
      /* Each band's changed lane is its own step's. */
      g_assert_cmpuint (a->items->len, ==, mv_steps_get_step (top.steps, pos)->changed->len);
      /* Done, the solver's band changes nothing more and adds no pair. */
      g_assert_cmpuint (b->items->len, ==,
                        pos < 2 ? mv_steps_get_step (bottom.steps, pos)->changed->len : 0);
      {
        guint n_new = 0;

        for (guint i = band[1]; i < scene->lanes->len; i++)
          n_new += g_str_has_suffix (((MvSceneLane *) g_ptr_array_index (scene->lanes, i))->title, "\u2190 new");
        g_assert_cmpuint (n_new, ==, pos == 1 ? 1 : 0);
      }
      for (guint i = 0; i < scene->lanes->len; i++)
        {
          const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

          n_fixed += lane->kind == MV_LANE_FIXED;
          if (lane->kind == MV_LANE_PAIR)
            {
              if ((int) i < band[1])
                n_pairs_top++;
              else
                n_pairs_bottom++;
            }
        }
      g_assert_cmpuint (n_fixed, ==, 1);
      g_assert_cmpuint (n_pairs_top, ==, pos);
      g_assert_cmpuint (n_pairs_bottom, ==, bottom_index);
      g_assert_nonnull (strstr (scene->title, "OpenVMM current over fewest pairs"));

      /* Without captions, the headings alone; without a layout, no layout lane. */
      g_assert_cmpuint (band_lanes (bare, band), ==, 2);
      g_assert_null (((MvSceneLane *) g_ptr_array_index (bare->lanes, band[0]))->heading_note);
      g_assert_cmpuint (bare->lanes->len, ==, scene->lanes->len - 1);
    }
}

/* Most pixels of a 5 x 3 patch of @image at (x, y) are @c. */
static gboolean
patch_is (cairo_surface_t *image,
          double           x,
          double           y,
          MvColor          c)
{
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data = cairo_image_surface_get_data (image);
  guint hits = 0;

  for (int dy = 0; dy < 3; dy++)
    for (int dx = -2; dx <= 2; dx++)
      {
        guint32 px = *(const guint32 *) (data + ((int) y + dy) * stride + ((int) x + dx) * 4);

        hits += abs ((int) ((px >> 16) & 0xff) - (int) lround (c.red * 255)) <= 3 &&
                abs ((int) ((px >> 8) & 0xff) - (int) lround (c.green * 255)) <= 3 &&
                abs ((int) (px & 0xff) - (int) lround (c.blue * 255)) <= 3;
      }
  return hits > 7;
}

/* A side-by-side slide: two bands, one over the other, each with its
 * heading's text and its changed bar where its own step changed the type
 * (OpenVMM's pair 1: [128 MiB, 4 GiB) to WB; the solver's pair 1:
 * [8 GiB, 8320 MiB) to WB). */
static void
test_side_by_side_slide (void)
{
  g_auto(Lesson) top = { 0 };
  g_auto(Lesson) bottom = { 0 };
  g_autoptr(MvScene) scene = NULL;
  g_autoptr(MvMapGeometry) g = NULL;
  g_autoptr(cairo_surface_t) image = NULL;
  g_autoptr(cairo_t) cr = NULL;
  MvRenderStyle style;
  MvBarLook wb;
  int band[2];
  double heading_y[2];

  lesson_init (&top, "openvmm-default-8g", MV_STEPS_STRATEGY_OPENVMM);
  lesson_init (&bottom, "openvmm-default-8g", MV_STEPS_STRATEGY_FEWEST);
  scene = mv_scene_new_for_steps_side_by_side (top.scenario->layout, top.steps, bottom.steps, 2, TRUE);
  mv_render_lesson_style (&style, MV_THEME_LIGHT);
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MV_LESSON_WIDTH, MV_LESSON_HEIGHT);
  cr = cairo_create (image);
  mv_render_lesson_page (cr, scene, NULL, &style, MV_LESSON_WIDTH, MV_LESSON_HEIGHT);
  cairo_surface_flush (image);
  g = mv_render_map_geometry (scene, &style, MV_LESSON_WIDTH, MV_LESSON_HEIGHT);
  /* Large type on the slide still: shrunk, if at all, by less than a third. */
  g_assert_cmpfloat (g->zoom, >, 0.66);
  wb = _mv_bar_look (&style, MV_FILL_WB, MV_ITEM_NONE);

  g_assert_cmpuint (band_lanes (scene, band), ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      const MvLaneBox *lb = &g_array_index (g->lanes, MvLaneBox, band[k]);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, band[k]);
      const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, 0);
      guint dark = 0;
      gboolean found = FALSE;

      /* The heading: on the slide, text in the foreground colour. */
      g_assert_cmpfloat (lb->heading_rect.height, >, 0.0);
      heading_y[k] = lb->heading_rect.y * g->zoom;
      for (double y = lb->heading_rect.y; y < lb->heading_rect.y + lb->heading_rect.height; y += 1.0)
        for (double x = lb->heading_rect.x; x < lb->heading_rect.x + 300.0; x += 1.0)
          dark += patch_is (image, x * g->zoom, y * g->zoom, style.foreground);
      g_assert_cmpuint (dark, >, 20);

      /* The changed bar, in write-back's colour, where the scale puts it. */
      g_assert_cmpuint (lane->items->len, ==, 1);
      g_assert_cmpint (item->fill, ==, MV_FILL_WB);
      for (guint i = 0; i < g->items->len; i++)
        {
          const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);

          if (ib->lane != (guint) band[k] || ib->item != 0)
            continue;
          /* Clear of its rounded corner and its edge's anti-aliasing. */
          g_assert_true (patch_is (image, (ib->rect.x + 8.0) * g->zoom,
                                   (ib->rect.y + 3.0) * g->zoom, wb.fill));
          found = TRUE;
        }
      g_assert_true (found);
    }
  g_assert_cmpfloat (heading_y[0] + 40.0, <, heading_y[1]);

  /* A view may give it less than its natural height: at its minimum the
   * rows are thinner, the map not shrunk, nothing past the height. */
  g_assert_true (scene->fit_height);
  {
    g_autoptr(MvMapGeometry) natural = mv_render_map_geometry (scene, &style, 1000, 0.0);
    g_autoptr(MvMapGeometry) least = NULL;

    g_assert_cmpfloat (natural->min_height, <, natural->natural_height - 50.0);
    least = mv_render_map_geometry (scene, &style, 1000, natural->min_height);
    g_assert_cmpfloat (least->zoom, ==, 1.0);
    g_assert_cmpfloat (least->used_height, <=, natural->min_height + 0.5);
    g_assert_cmpfloat (g_array_index (least->lanes, MvLaneBox, 0).row_height, <,
                       g_array_index (natural->lanes, MvLaneBox, 0).row_height);
  }
  g_assert_cmphex (g_array_index (((MvSceneLane *) g_ptr_array_index (scene->lanes, band[0]))->items,
                                  MvSceneItem, 0).start, ==, 128 << 20);
  g_assert_cmphex (g_array_index (((MvSceneLane *) g_ptr_array_index (scene->lanes, band[1]))->items,
                                  MvSceneItem, 0).start, ==, G_GUINT64_CONSTANT (8) << 30);
}

/* Both lessons as slides: a page per position of the longer one. */
static void
test_side_by_side_slides (void)
{
  g_auto(Lesson) top = { 0 };
  g_auto(Lesson) bottom = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memviz-lesson-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "both.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "both.png", NULL);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_no_error (error);
  lesson_init (&top, "seed-8g", MV_STEPS_STRATEGY_OPENVMM);
  lesson_init (&bottom, "seed-8g", MV_STEPS_STRATEGY_FEWEST);
  g_assert_cmpuint (mv_steps_get_n_steps (top.steps), >, mv_steps_get_n_steps (bottom.steps));
  g_assert_true (mv_render_lesson_side_by_side_to_file (top.scenario->layout, top.steps, bottom.steps,
                                                        pdf, 1.0, MV_THEME_LIGHT, written, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_cmpuint (count_pdf_pages (contents, len), ==, mv_steps_get_n_steps (top.steps));
  g_unlink (pdf);
  g_ptr_array_set_size (written, 0);
  g_assert_true (mv_render_lesson_side_by_side_to_file (top.scenario->layout, top.steps, bottom.steps,
                                                        png, 1.0, MV_THEME_DARK, written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, mv_steps_get_n_steps (top.steps));
  for (guint i = 0; i < written->len; i++)
    g_unlink (g_ptr_array_index (written, i));
  g_rmdir (dir);
}

/* The default lesson's slides, OpenVMM's alone or, with @both, beside the
 * fewest pairs', each scene's map geometry as painted in @geometries. */
static GPtrArray *
default_slides (gboolean              both,
                const MvRenderStyle  *style,
                GPtrArray           **geometries)
{
  g_auto(Lesson) top = { 0 };
  g_auto(Lesson) bottom = { 0 };
  const MvSteps *beside;
  GPtrArray *scenes;

  lesson_init (&top, "openvmm-default-8g", MV_STEPS_STRATEGY_OPENVMM);
  lesson_init (&bottom, "openvmm-default-8g", MV_STEPS_STRATEGY_FEWEST);
  beside = both ? bottom.steps : NULL;
  scenes = mv_render_lesson_scenes (top.scenario->layout, top.steps, beside, style);
  g_assert_cmpuint (scenes->len, ==, 4);
  *geometries = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_map_geometry_free);
  for (guint i = 0; i < scenes->len; i++)
    g_ptr_array_add (*geometries,
                     mv_render_lesson_page_geometry (g_ptr_array_index (scenes, i),
                                                     mv_render_lesson_caption (top.steps, beside, i), style,
                                                     MV_LESSON_WIDTH, MV_LESSON_HEIGHT));
  return scenes;
}

/* The default lesson, alone and beside the fewest pairs': an address is
 * at the same x on every slide (one scale for all, whatever each slide's
 * zoom), so flipping the slides, bars appear but do not move. */
static void
test_same_x (void)
{
  MvRenderStyle style;

  mv_render_lesson_style (&style, MV_THEME_LIGHT);
  for (guint both = 0; both < 2; both++)
    {
      g_autoptr(GPtrArray) geometries = NULL;
      g_autoptr(GPtrArray) scenes = default_slides (both, &style, &geometries);
      g_autoptr(GHashTable) xs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      guint n_seen = 0;
      double zoom_lo = 1.0, zoom_hi = 0.0;

      for (guint i = 0; i < scenes->len; i++)
        {
          const MvMapGeometry *g = g_ptr_array_index (geometries, i);

          n_seen += check_boundaries (g_ptr_array_index (scenes, i), g, xs);
          zoom_lo = MIN (zoom_lo, g->zoom);
          zoom_hi = MAX (zoom_hi, g->zoom);
          /* The plot is on the page. */
          g_assert_cmpfloat (g->plot.x * g->zoom, >, 0.0);
          g_assert_cmpfloat ((g->plot.x + g->plot.width) * g->zoom, <=, MV_LESSON_WIDTH);
        }
      /* Boundaries shared by several slides were compared. */
      g_assert_cmpuint (n_seen, >, 10);
      g_test_message ("%s: zoom %.3f to %.3f", both ? "both" : "one", zoom_lo, zoom_hi);
    }
}

/* Every lane's title and subtitle on every slide of the default lesson,
 * alone and beside the fewest pairs' (the crowded last slide too, whose
 * rows are a line tall): each whole (not ellipsized nor dropped) in the
 * gutter, the subtitle under its title or beside it, never over it, the
 * slide not shrunk past reading. */
static void
test_subtitles_fit (void)
{
  MvRenderStyle style;
  MvPainter p;
  MvSceneMetrics m;

  mv_render_lesson_style (&style, MV_THEME_LIGHT);
  _mv_painter_init (&p, NULL, &style, NULL);
  _mv_painter_metrics (&p, &m);
  for (guint both = 0; both < 2; both++)
    {
      g_autoptr(GPtrArray) geometries = NULL;
      g_autoptr(GPtrArray) scenes = default_slides (both, &style, &geometries);
      guint n_beside = 0;

      for (guint i = 0; i < scenes->len; i++)
        {
          const MvScene *scene = g_ptr_array_index (scenes, i);
          const MvMapGeometry *g = g_ptr_array_index (geometries, i);

          g_assert_cmpfloat (g->zoom, >=, 0.7);
          for (guint k = 0; k < g->lanes->len; k++)
            {
              const MvLaneBox *lb = &g_array_index (g->lanes, MvLaneBox, k);
              const MvSceneLane *lane = g_ptr_array_index (scene->lanes, lb->lane);
              double title_w = m.text_width (lane->title, MV_TEXT_BOLD, m.data);
              double sub_w;

              g_assert_cmpfloat (title_w, <=, lb->title_rect.width);
              if (lane->subtitle == NULL)
                continue;
              sub_w = m.text_width (lane->subtitle, MV_TEXT_SMALL, m.data);
              if (sub_w > lb->subtitle_rect.width || lb->subtitle_rect.x + sub_w > g->plot.x)
                g_error ("slide %u%s: \"%s\" has no room for \"%s\"", i + 1, both ? " (both)" : "",
                         lane->title, lane->subtitle);
              if (lb->subtitle_beside)
                {
                  g_assert_cmpfloat (lb->subtitle_rect.x, >=, lb->title_rect.x + title_w);
                  n_beside++;
                }
              else
                g_assert_cmpfloat (lb->subtitle_rect.y, >=,
                                   lb->title_rect.y + m.line_height[MV_TEXT_BOLD] - 0.5);
            }
        }
      /* The crowded slides have rows a line tall. */
      g_assert_cmpuint (n_beside, >, 0);
    }
  _mv_painter_clear (&p);
}

/* A version refusing the layout: mv_steps_new_for_scenario() fails with
 * its error; a lesson (mv_steps_new_for_lesson()) has the boot state, then
 * a page titled with upstream's name and saying what it refused and why;
 * a PDF has both pages. */
static void
test_refusal (void)
{
  static const char text[] = "[memviz]\nversion=1\n[memory]\nram=8G\nmmio=0xF8000000-4G\n"
                             "[mtrr]\nopenvmm-version=pre-3550\n";
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(MvScenario) scenario = NULL;
  g_autoptr(MvSteps) failed = NULL;
  g_autoptr(MvSteps) steps = NULL;
  g_autoptr(MvScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memviz-lesson-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "refused.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_no_error (error);
  doc = mv_document_load_from_data (text, -1, NULL, &error);
  g_assert_no_error (error);
  scenario = mv_scenario_run (doc, MV_SCENARIO_SKIP_FILES);
  failed = mv_steps_new_for_scenario (scenario, MV_STEPS_STRATEGY_OPENVMM, &error);
  g_assert_null (failed);
  g_assert_error (error, MV_MTRR_ERROR, MV_MTRR_ERROR_UNSUPPORTED_MMIO);
  g_clear_error (&error);

  steps = mv_steps_new_for_lesson (scenario, MV_STEPS_STRATEGY_OPENVMM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mv_steps_get_n_steps (steps), ==, 1);
  g_assert_error (steps->refusal, MV_MTRR_ERROR, MV_MTRR_ERROR_UNSUPPORTED_MMIO);
  g_assert_cmpuint (mv_scene_steps_n_pages (steps), ==, 2);
  g_assert_true (g_str_has_prefix (mv_scene_steps_page_caption (steps, 0), "Boot state"));
  g_assert_cmpstr (mv_scene_steps_page_caption (steps, 1), ==,
                   "OpenVMM pre-3550 refuses this layout with UnsupportedMmio: it needs exactly "
                   "two MMIO gaps, a low and a high one, and this layout has 1, so its loader "
                   "fails and sets no variable pair.");
  scene = mv_scene_new_for_step (scenario->layout, steps, 1);
  g_assert_nonnull (strstr (scene->title, "UnsupportedMmio"));

  g_assert_true (mv_render_lesson_to_file (scenario->layout, steps, pdf, 1.0, MV_THEME_LIGHT,
                                           NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_cmpuint (count_pdf_pages (contents, len), ==, 2);
  g_unlink (pdf);
  g_rmdir (dir);
}

/* Ranges and sizes keep together on a line: no-break spaces inside
 * brackets and between a number and its unit, nowhere else. */
static void
test_keep_together (void)
{
  g_autofree char *t = mv_scene_steps_keep_together ("it turns [4 GiB, 8 TiB) from UC to WB, "
                                                     "the first 128 MiB and 2 pairs");

  g_assert_cmpstr (t, ==, "it turns [4\u00a0GiB,\u00a08\u00a0TiB) from UC to WB, "
                          "the first 128\u00a0MiB and 2 pairs");
}

/* Every page of a lesson has one axis: the extent over all its pages,
 * which no single page of openvmm-no-high-mmio has (its pairs reach ever
 * higher). */
static void
test_one_axis (void)
{
  g_auto(Lesson) l = { 0 };
  guint64 start, end;
  guint differ = 0;

  lesson_init (&l, "openvmm-no-high-mmio", MV_STEPS_STRATEGY_OPENVMM);
  mv_render_lesson_extent (l.scenario->layout, l.steps, NULL, &start, &end);
  for (guint i = 0; i < mv_steps_get_n_steps (l.steps); i++)
    {
      g_autoptr(MvScene) scene = mv_scene_new_for_step (l.scenario->layout, l.steps, i);
      guint64 lo, hi;

      mv_scene_get_extent (scene, &lo, &hi);
      g_assert_cmphex (start, <=, lo);
      g_assert_cmphex (end, >=, hi);
      differ += hi != end;
    }
  g_assert_cmpuint (differ, >, 0);
  g_assert_cmphex (start, ==, 0);
}

/* A slide's axis labels are projector-size: its small types (the axis's
 * addresses and sizes, the subtitles) at least 17 px, larger than the
 * window's; the window's style keeps its own. */
static void
test_projector_type (void)
{
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  MvRenderStyle lesson, window;
  MvPainter p;
  double mono, small, window_mono;

  mv_render_lesson_style (&lesson, MV_THEME_LIGHT);
  mv_render_style_init (&window, MV_THEME_LIGHT);
  _mv_painter_begin (&p, cr, &lesson, NULL, MV_LESSON_WIDTH, MV_LESSON_HEIGHT, 1.0);
  mono = (double) pango_font_description_get_size (p.fonts[MV_TEXT_MONO_SMALL]) / PANGO_SCALE;
  small = (double) pango_font_description_get_size (p.fonts[MV_TEXT_SMALL]) / PANGO_SCALE;
  _mv_painter_end (&p);
  _mv_painter_begin (&p, cr, &window, NULL, 800, 600, 1.0);
  window_mono = (double) pango_font_description_get_size (p.fonts[MV_TEXT_MONO_SMALL]) / PANGO_SCALE;
  _mv_painter_end (&p);
  g_assert_cmpfloat (mono, >=, 17.0);
  g_assert_cmpfloat (small, >=, 17.0);
  g_assert_cmpfloat (fabs (window_mono - window.font_size * 0.8), <, 0.01);
}

static void
test_page_path (void)
{
  g_autofree char *a = mv_render_lesson_page_path ("/tmp/x.y/lesson.png", 0, 4);
  g_autofree char *b = mv_render_lesson_page_path ("slides.svg", 11, 120);
  g_autofree char *c = mv_render_lesson_page_path ("dir.d/noext", 2, 3);

  g_assert_cmpstr (a, ==, "/tmp/x.y/lesson-01.png");
  g_assert_cmpstr (b, ==, "slides-012.svg");
  g_assert_cmpstr (c, ==, "dir.d/noext-03");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/lesson/step-scenes", test_step_scenes);
  g_test_add_data_func ("/lesson/slides/openvmm", GUINT_TO_POINTER (MV_STEPS_STRATEGY_OPENVMM), test_slides);
  g_test_add_data_func ("/lesson/slides/fewest", GUINT_TO_POINTER (MV_STEPS_STRATEGY_FEWEST), test_slides);
  g_test_add_func ("/lesson/page-path", test_page_path);
  g_test_add_func ("/lesson/refusal", test_refusal);
  g_test_add_func ("/lesson/keep-together", test_keep_together);
  g_test_add_func ("/lesson/one-axis", test_one_axis);
  g_test_add_func ("/lesson/same-x", test_same_x);
  g_test_add_func ("/lesson/subtitles-fit", test_subtitles_fit);
  g_test_add_func ("/lesson/projector-type", test_projector_type);
  g_test_add_func ("/lesson/side-by-side/scene", test_side_by_side_scene);
  g_test_add_func ("/lesson/side-by-side/slide", test_side_by_side_slide);
  g_test_add_func ("/lesson/side-by-side/slides", test_side_by_side_slides);
  status = g_test_run ();
  mv_render_shutdown ();
  return status;
}
