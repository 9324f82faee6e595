/* SPDX-License-Identifier: MIT */
/* A lesson's steps as scenes (the changed ranges, the new pair) and as
 * slides: one PDF page or one numbered PNG/SVG file per step. */
#define _GNU_SOURCE
#include <string.h>

#include <glib/gstdio.h>

#include "mv-presets.h"
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
  status = g_test_run ();
  mv_render_shutdown ();
  return status;
}
