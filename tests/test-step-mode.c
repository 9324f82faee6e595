/* SPDX-License-Identifier: MIT */
/* Step mode in the real window under Xvfb: turned on by its action, moved
 * by the keys (Left/Right, Page Up/Down, Home/End) wherever the focus is
 * but in a text field, the strategy switched, turned off again. */
#include "mv-ui-fixture.h"

#include "mv-map-page.h"
#include "mv-mtrr-state.h"
#include "mv-render.h"
#include "mv-same-x.h"
#include "mv-scene-steps.h"
#include "mv-step-bar.h"

/* GTK 4 cannot make input events: the window's key controller (the one
 * that looks before the focused widget) is driven by its signal. */
static gboolean
press (Fixture *f,
       guint    keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c) &&
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (c)) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (c, "key-pressed", keyval, 0, 0, &handled);
          wait_for_update (f);
          return handled;
        }
    }
  g_assert_not_reached ();
}

/* The map shows the window's step: its changed lane (the second) and
 * the pair it adds titled new (none at step 0). */
static gboolean
scene_is_step (gconstpointer data)
{
  const Fixture *f = data;
  const MvScene *scene = mv_map_view_get_scene (f->map);
  const MvStep *step = mv_steps_get_step (f->window->steps, f->window->step_index);
  g_autofree char *want = step->has_pair ? g_strdup_printf ("MTRR %u \u2190 new", step->pair.n) : NULL;
  gboolean found = FALSE;

  if (scene == NULL || scene->lanes->len < 2 ||
      g_strcmp0 (((MvSceneLane *) g_ptr_array_index (scene->lanes, 1))->title, "Changed here") != 0 ||
      ((MvSceneLane *) g_ptr_array_index (scene->lanes, 1))->items->len != step->changed->len)
    return FALSE;
  for (guint i = 0; i < scene->lanes->len; i++)
    found |= g_strcmp0 (((MvSceneLane *) g_ptr_array_index (scene->lanes, i))->title, want) == 0;
  return found == (want != NULL);
}

/* The map shows the window's step, the bar says which and why. */
static void
assert_step (Fixture *f,
             guint    index)
{
  MvMapPage *page = MV_MAP_PAGE (f->window->map_page);
  GtkWidget *bar = mv_map_page_get_part (page, "step-bar");
  g_autofree char *position = NULL;
  const MvStep *step;
  const MvScene *scene;

  g_assert_cmpuint (f->window->step_index, ==, index);
  wait_until (scene_is_step, f, "the map shows the step");
  step = mv_steps_get_step (f->window->steps, index);
  position = g_strdup_printf ("Step %u of %u", index, mv_steps_get_n_steps (f->window->steps) - 1);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mv_step_bar_get_part (MV_STEP_BAR (bar), "position"))),
                   ==, position);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mv_step_bar_get_part (MV_STEP_BAR (bar), "caption"))),
                   ==, step->sentence);
  scene = mv_map_view_get_scene (f->map);
  /* "Step n of m" once, in the bar: the picture's title says whose. */
  g_assert_null (strstr (scene->title, "Step "));
  g_assert_cmpstr (((MvSceneLane *) g_ptr_array_index (scene->lanes, 1))->title, ==, "Changed here");
  g_assert_cmpuint (((MvSceneLane *) g_ptr_array_index (scene->lanes, 1))->items->len, ==, step->changed->len);
}

static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *bar = mv_map_page_get_part (MV_MAP_PAGE (f->window->map_page), "step-bar");
  GtkWidget *entry = mv_map_page_get_part (MV_MAP_PAGE (f->window->map_page), "explain-entry");

  SKIP_WITHOUT_DISPLAY ();

  g_assert_false (gtk_widget_get_visible (bar));
  /* Off, the keys are the map's. */
  gtk_widget_grab_focus (GTK_WIDGET (f->map));
  g_assert_false (press (f, GDK_KEY_Right));

  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "step-mode", g_variant_new_boolean (TRUE));
  wait_for_update (f);
  g_assert_true (f->window->step_mode);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_cmpuint (mv_steps_get_n_steps (f->window->steps), ==, 4);
  assert_step (f, 0);

  gtk_widget_grab_focus (GTK_WIDGET (f->map));
  g_assert_true (press (f, GDK_KEY_Right));
  assert_step (f, 1);
  g_assert_true (press (f, GDK_KEY_Page_Down));
  assert_step (f, 2);
  g_assert_true (press (f, GDK_KEY_End));
  assert_step (f, 3);
  g_assert_true (press (f, GDK_KEY_Right));   /* at the end: stays */
  assert_step (f, 3);
  g_assert_true (press (f, GDK_KEY_Left));
  assert_step (f, 2);
  g_assert_true (press (f, GDK_KEY_Page_Up));
  assert_step (f, 1);
  g_assert_true (press (f, GDK_KEY_Home));
  assert_step (f, 0);
  g_assert_true (press (f, GDK_KEY_Page_Up));  /* at the start: stays */
  assert_step (f, 0);

  /* The buttons' actions do the same. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.step-last", NULL);
  wait_for_update (f);
  assert_step (f, 3);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.step-first", NULL);
  wait_for_update (f);
  assert_step (f, 0);

  /* A text field keeps its keys. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.explain-address", NULL);
  wait_for_update (f);
  gtk_widget_grab_focus (entry);
  g_assert_false (press (f, GDK_KEY_Right));
  assert_step (f, 0);

  /* The other strategy: its own steps, from the boot state. */
  gtk_widget_grab_focus (GTK_WIDGET (f->map));
  g_assert_true (press (f, GDK_KEY_Right));
  mv_step_bar_set_strategy (MV_STEP_BAR (bar), MV_STEPS_STRATEGY_FEWEST);
  wait_for_update (f);
  g_assert_cmpint (f->window->steps->strategy, ==, MV_STEPS_STRATEGY_FEWEST);
  assert_step (f, 0);
  g_assert_nonnull (strstr (mv_map_view_get_scene (f->map)->title, "fewest pairs"));
  g_assert_true (press (f, GDK_KEY_End));
  assert_step (f, mv_steps_get_n_steps (f->window->steps) - 1);

  /* Off: the whole picture again, the keys the map's. */
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "step-mode", g_variant_new_boolean (FALSE));
  wait_for_update (f);
  g_assert_false (f->window->step_mode);
  g_assert_null (f->window->steps);
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_false (g_str_has_prefix (mv_map_view_get_scene (f->map)->title, "Step "));
  g_assert_false (press (f, GDK_KEY_Home));
}

static gboolean
scene_is_side_by_side (gconstpointer data)
{
  const Fixture *f = data;
  const MvScene *scene = mv_map_view_get_scene (f->map);
  g_autofree char *heading = mv_scene_steps_heading (f->window->steps, f->window->step_index);

  if (scene == NULL || scene->title == NULL || strstr (scene->title, " over ") == NULL)
    return FALSE;
  for (guint i = 0; i < scene->lanes->len; i++)
    if (g_strcmp0 (((MvSceneLane *) g_ptr_array_index (scene->lanes, i))->heading, heading) == 0)
      return TRUE;
  return FALSE;
}

static const char *
bar_text (Fixture    *f,
          const char *part)
{
  GtkWidget *bar = mv_map_page_get_part (MV_MAP_PAGE (f->window->map_page), "step-bar");

  return gtk_label_get_label (GTK_LABEL (mv_step_bar_get_part (MV_STEP_BAR (bar), part)));
}

/* Side by side at @position: the map has a band per lesson, each headed
 * by its strategy, its pair count and its step; the bar has each lesson's
 * heading and caption. */
static void
assert_side_by_side (Fixture *f,
                     guint    position)
{
  const MvScene *scene;
  const MvSteps *lessons[2];
  guint n_bands = 0;

  g_assert_cmpuint (f->window->step_index, ==, position);
  wait_until (scene_is_side_by_side, f, "the map shows both lessons at the position");
  lessons[0] = f->window->steps;
  lessons[1] = f->window->beside;
  g_assert_cmpint (lessons[0]->strategy, ==, MV_STEPS_STRATEGY_OPENVMM);
  g_assert_cmpint (lessons[1]->strategy, ==, MV_STEPS_STRATEGY_FEWEST);
  scene = mv_map_view_get_scene (f->map);
  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);
      g_autofree char *heading = NULL;
      gboolean done;
      guint index;

      if (lane->heading == NULL)
        continue;
      g_assert_cmpuint (n_bands, <, 2);
      heading = mv_scene_steps_heading (lessons[n_bands], position);
      g_assert_cmpstr (lane->heading, ==, heading);
      g_assert_cmpstr (lane->title, ==, "Changed here");
      /* Done, nothing changes there any more. */
      index = mv_steps_index_at (lessons[n_bands], position, &done);
      g_assert_cmpuint (lane->items->len, ==,
                        done ? 0 : mv_steps_get_step (lessons[n_bands], index)->changed->len);
      n_bands++;
    }
  g_assert_cmpuint (n_bands, ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *heading = mv_scene_steps_heading (lessons[k], position);
      g_autofree char *caption = mv_scene_steps_caption (lessons[k], position);

      g_assert_cmpstr (bar_text (f, k == 0 ? "caption-heading" : "beside-heading"), ==, heading);
      g_assert_cmpstr (bar_text (f, k == 0 ? "caption" : "beside-caption"), ==, caption);
    }
}

/* The registers of @lesson at @position, as the single mode's table has
 * them: its pairs up to its step, each base's highlighting the same. */
static void
assert_band_registers (const MvSceneTable *table,
                       const MvSteps      *lesson,
                       guint               position)
{
  g_autofree char *heading = mv_scene_steps_heading (lesson, position);
  guint index = mv_steps_index_at (lesson, position, NULL);
  g_autoptr(MvScene) single = mv_scene_new_for_step (NULL, lesson, index);
  guint n_bases = 0;

  g_assert_nonnull (table);
  g_assert_nonnull (strstr (table->title, heading));
  g_assert_cmpuint (table->rows->len, ==, single->mtrr_table->rows->len);
  for (guint r = 0; r < table->rows->len; r++)
    {
      const MvTableRow *row = &g_array_index (table->rows, MvTableRow, r);
      const MvTableRow *want = &g_array_index (single->mtrr_table->rows, MvTableRow, r);

      g_assert_cmpstrv (row->cells, want->cells);
      g_assert_cmpuint (row->highlight, ==, want->highlight);
      g_assert_cmpint (row->muted, ==, want->muted);
      n_bases += g_str_has_prefix (row->cells[0], "MtrrPhysBase");
    }
  g_assert_cmpuint (n_bases, ==, mv_mtrr_state_get_n_pairs (mv_steps_get_step (lesson, index)->state));
}

/* Side by side, the MTRR registers page has both lessons' registers at
 * the position, each under its heading (OpenVMM's first), the copied
 * text too. */
static void
assert_registers_side_by_side (Fixture *f,
                               guint    position)
{
  const MvScene *scene = mv_map_view_get_scene (f->map);
  g_autoptr(MvScene) single = mv_scene_new_for_step (NULL, f->window->steps,
                                                     mv_steps_index_at (f->window->steps, position, NULL));
  g_autofree char *text = mv_window_dup_status_text (f->window);
  MvRenderStyle style;

  assert_band_registers (scene->mtrr_table, f->window->steps, position);
  assert_band_registers (scene->mtrr_beside_table, f->window->beside, position);
  g_assert_nonnull (strstr (scene->mtrr_table->title, "OpenVMM current"));
  g_assert_nonnull (strstr (scene->mtrr_beside_table->title, "Fewest pairs"));
  /* The page paints both, one under the other. */
  mv_render_style_init (&style, MV_THEME_LIGHT);
  g_assert_cmpfloat (mv_render_natural_height (scene, &style, MV_VIEW_MTRR, 900),
                     >, mv_render_natural_height (single, &style, MV_VIEW_MTRR, 900) + 300);
  g_assert_nonnull (strstr (text, scene->mtrr_table->title));
  g_assert_nonnull (strstr (text, scene->mtrr_beside_table->title));
}

/* The third choice steps both lessons together, the keys moving both;
 * on seed-8g OpenVMM adds more pairs than the solver, so the solver's
 * lesson says it is done before OpenVMM's ends. */
static void
test_side_by_side (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *bar = mv_map_page_get_part (MV_MAP_PAGE (f->window->map_page), "step-bar");
  GtkWidget *beside = mv_step_bar_get_part (MV_STEP_BAR (bar), "beside-caption");
  g_autofree char *caption_before = NULL;
  g_autofree char *beside_before = NULL;
  guint n, n_fewest;

  SKIP_WITHOUT_DISPLAY ();

  {
    g_autoptr(GVariant) name = g_variant_ref_sink (g_variant_new_string ("seed-8g"));

    g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window), "win.load-preset", name));
    wait_until_idle (f->session);
    wait_for_update (f);
  }
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "step-mode", g_variant_new_boolean (TRUE));
  wait_for_update (f);
  g_assert_false (gtk_widget_get_visible (beside));
  g_assert_null (f->window->beside);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (mv_step_bar_get_part (MV_STEP_BAR (bar), "strategy")),
                              MV_STEP_BAR_SIDE_BY_SIDE);
  wait_for_update (f);
  g_assert_cmpuint (mv_step_bar_get_strategy (MV_STEP_BAR (bar)), ==, MV_STEP_BAR_SIDE_BY_SIDE);
  g_assert_nonnull (f->window->beside);
  g_assert_true (gtk_widget_get_visible (beside));
  n = mv_steps_get_n_steps (f->window->steps);
  n_fewest = mv_steps_get_n_steps (f->window->beside);
  g_assert_cmpuint (n, >, n_fewest);
  assert_side_by_side (f, 0);
  g_assert_cmpstr (bar_text (f, "position"), ==, "Step 0 of 5");
  /* Both bands on screen: the map may be shorter than its natural height. */
  {
    int min = 0, nat = 0;

    gtk_widget_measure (GTK_WIDGET (f->map), GTK_ORIENTATION_VERTICAL, 900, &min, &nat, NULL, NULL);
    g_assert_cmpint (min, <, nat);
  }

  /* One key moves both; both captions change. */
  caption_before = g_strdup (bar_text (f, "caption"));
  beside_before = g_strdup (bar_text (f, "beside-caption"));
  gtk_widget_grab_focus (GTK_WIDGET (f->map));
  g_assert_true (press (f, GDK_KEY_Right));
  assert_side_by_side (f, 1);
  g_assert_cmpstr (bar_text (f, "caption"), !=, caption_before);
  g_assert_cmpstr (bar_text (f, "beside-caption"), !=, beside_before);
  g_assert_true (press (f, GDK_KEY_Page_Down));
  assert_side_by_side (f, 2);
  assert_registers_side_by_side (f, 2);

  /* Past the solver's last step: it stays there, done. */
  g_assert_true (press (f, GDK_KEY_End));
  assert_side_by_side (f, n - 1);
  assert_registers_side_by_side (f, n - 1);
  g_assert_true (g_str_has_suffix (bar_text (f, "beside-heading"), "done"));
  g_assert_true (g_str_has_prefix (bar_text (f, "beside-caption"), "Done: its "));
  g_assert_false (g_str_has_suffix (bar_text (f, "caption-heading"), "done"));
  g_assert_true (press (f, GDK_KEY_Right));   /* at the end: stays */
  assert_side_by_side (f, n - 1);
  g_assert_true (press (f, GDK_KEY_Page_Up));
  assert_side_by_side (f, n - 2);
  g_assert_true (press (f, GDK_KEY_Home));
  assert_side_by_side (f, 0);
  g_assert_true (press (f, GDK_KEY_Left));    /* at the start: stays */
  assert_side_by_side (f, 0);

  /* Export > Lesson: both lessons, a slide per position. */
  {
    g_autofree char *png = g_build_filename (f->tmpdir, "both.png", NULL);
    g_autofree char *last = g_strdup_printf ("%s/both-%02u.png", f->tmpdir, n);
    g_autofree char *past = g_strdup_printf ("%s/both-%02u.png", f->tmpdir, n + 1);
    g_autoptr(GFile) file = g_file_new_for_path (png);
    g_autoptr(GError) error = NULL;

    g_assert_true (_mv_window_export_lesson (f->window, file, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (last, G_FILE_TEST_IS_REGULAR));
    g_assert_false (g_file_test (past, G_FILE_TEST_EXISTS));
  }

  /* Back to one lesson: one caption, no headings. */
  mv_step_bar_set_strategy (MV_STEP_BAR (bar), MV_STEPS_STRATEGY_FEWEST);
  wait_for_update (f);
  g_assert_null (f->window->beside);
  g_assert_false (gtk_widget_get_visible (beside));
  g_assert_false (gtk_widget_get_visible (mv_step_bar_get_part (MV_STEP_BAR (bar), "caption-heading")));
  assert_step (f, 0);
  {
    int min = 0, nat = 0;

    gtk_widget_measure (GTK_WIDGET (f->map), GTK_ORIENTATION_VERTICAL, 900, &min, &nat, NULL, NULL);
    g_assert_cmpint (min, ==, nat);
  }
}

/* Steps through the window's lesson from the first step to the last and
 * back, checking that every region boundary on two steps is at the same
 * x on both; returns how many such were compared. */
static guint
step_through_same_x (Fixture *f)
{
  g_autoptr(GHashTable) xs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  guint n = f->window->beside != NULL ? mv_scene_steps_n_positions (f->window->steps, f->window->beside)
                                      : mv_scene_steps_n_pages (f->window->steps);
  guint64 start, end;
  guint n_seen = 0;

  g_assert_cmpuint (n, >, 2);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.step-first", NULL);
  wait_for_update (f);
  for (guint k = 0; k < 2 * n - 1; k++)
    {
      guint index = k < n ? k : 2 * n - 2 - k;
      const MvMapGeometry *g;

      if (k > 0)
        g_assert_true (press (f, k < n ? GDK_KEY_Right : GDK_KEY_Left));
      g_assert_cmpuint (f->window->step_index, ==, index);
      g = mv_map_view_get_geometry (f->map);
      g_assert_nonnull (g);
      /* The scale is over what the map shows, its window when zoomed. */
      mv_scene_get_extent (mv_map_view_get_scene (f->map), &start, &end);
      g_assert_cmphex (mv_scale_get_start (g->scale), ==, start);
      g_assert_cmphex (mv_scale_get_end (g->scale), ==, end);
      n_seen += check_boundaries (mv_map_view_get_scene (f->map), g, xs);
    }
  return n_seen;
}

/* The window's steps, one lesson and side by side, each on one scale
 * (as the lesson's slides): an address is at the same x on every step,
 * so stepping adds and removes bars but moves none; zoomed in too. */
static void
test_same_x (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *bar = mv_map_page_get_part (MV_MAP_PAGE (f->window->map_page), "step-bar");
  guint64 start, end;

  SKIP_WITHOUT_DISPLAY ();

  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "step-mode", g_variant_new_boolean (TRUE));
  wait_for_update (f);
  gtk_widget_grab_focus (GTK_WIDGET (f->map));
  g_assert_cmpuint (step_through_same_x (f), >, 10);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (mv_step_bar_get_part (MV_STEP_BAR (bar), "strategy")),
                              MV_STEP_BAR_SIDE_BY_SIDE);
  wait_for_update (f);
  g_assert_nonnull (f->window->beside);
  gtk_widget_grab_focus (GTK_WIDGET (f->map));
  g_assert_cmpuint (step_through_same_x (f), >, 10);

  /* Zoomed in: another scale, the same on every step. */
  mv_map_view_set_window (f->map, 0xc0000000, 0x100000000);
  wait_for_update (f);
  g_assert_true (mv_map_view_get_window (f->map, &start, &end));
  g_assert_cmpuint (step_through_same_x (f), >, 4);
  g_assert_true (mv_map_view_get_window (f->map, &start, &end));
  g_assert_cmphex (start, ==, 0xc0000000);

  /* Another kind of scale: one for every step too. */
  mv_map_view_zoom_fit (f->map);
  mv_map_view_set_scale (f->map, MV_SCALE_LOG);
  wait_for_update (f);
  g_assert_false (mv_map_view_get_window (f->map, &start, &end));
  g_assert_cmpuint (step_through_same_x (f), >, 10);
  g_assert_cmpint (mv_map_view_get_scale (f->map), ==, MV_SCALE_LOG);
}

/* Export > Lesson: the slides of what the window shows, one a step. */
static void
test_export_lesson (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->tmpdir, "lesson.pdf", NULL);
  g_autofree char *png = g_build_filename (f->tmpdir, "lesson.png", NULL);
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_true (_mv_window_export_lesson (f->window, pdf_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_assert_true (_mv_window_export_lesson (f->window, png_file, &error));
  g_assert_no_error (error);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("lesson-%02u.png", i);
      g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  {
    g_autofree char *fifth = g_build_filename (f->tmpdir, "lesson-05.png", NULL);

    g_assert_false (g_file_test (fifth, G_FILE_TEST_EXISTS));
  }
}

static gboolean
scenario_is_3550 (gconstpointer data)
{
  const Fixture *f = data;
  const MvDocument *doc = mv_session_get_scenario_document (f->session);

  return doc != NULL && doc->openvmm_version == MV_OPENVMM_VERSION_3550;
}

/* The editor's version selector: the document's openvmm-version, an undo
 * step, and the lesson steps through that version's pairs. */
static void
test_version_selector (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *dropdown;

  SKIP_WITHOUT_DISPLAY ();

  dropdown = mv_editor_get_field (f->editor, "openvmm-version");
  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, MV_OPENVMM_VERSION_CURRENT);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), MV_OPENVMM_VERSION_3550);
  wait_until (scenario_is_3550, f, "the scenario computed by PR #3550's code");
  g_assert_cmpint (mv_session_get_document (f->session)->openvmm_version, ==, MV_OPENVMM_VERSION_3550);
  g_assert_true (mv_session_get_modified (f->session));

  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "step-mode", g_variant_new_boolean (TRUE));
  wait_for_update (f);
  g_assert_cmpint (f->window->steps->version, ==, MV_OPENVMM_VERSION_3550);
  g_assert_nonnull (strstr (mv_map_view_get_scene (f->map)->title, "OpenVMM 3550"));

  /* Undone, the selector follows the document. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  wait_for_update (f);
  g_assert_cmpint (mv_session_get_document (f->session)->openvmm_version, ==, MV_OPENVMM_VERSION_CURRENT);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, MV_OPENVMM_VERSION_CURRENT);
}

static gboolean
scenario_is_stale (gconstpointer data)
{
  const Fixture *f = data;

  return mv_session_get_stale (f->session) && !mv_session_get_busy (f->session);
}

/* Version pre-3550 on a layout with one MMIO gap (High MMIO "None"):
 * the picture kept is 3550's, but the lesson is pre-3550's: the boot
 * state, then its error (UnsupportedMmio) as the last step; Export >
 * Lesson writes both. */
static void
test_version_refuses (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (f->tmpdir, "refused.png", NULL);
  g_autofree char *second = g_build_filename (f->tmpdir, "refused-02.png", NULL);
  g_autofree char *third = g_build_filename (f->tmpdir, "refused-03.png", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  GtkWidget *dropdown;

  SKIP_WITHOUT_DISPLAY ();

  gtk_check_button_set_active (GTK_CHECK_BUTTON (mv_editor_get_field (f->editor, "high-none")), TRUE);
  dropdown = mv_editor_get_field (f->editor, "openvmm-version");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), MV_OPENVMM_VERSION_3550);
  wait_until (scenario_is_3550, f, "the one-gap layout computed by PR #3550's code");
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "step-mode", g_variant_new_boolean (TRUE));
  wait_for_update (f);
  g_assert_null (f->window->steps->refusal);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), MV_OPENVMM_VERSION_PRE_3550);
  wait_until (scenario_is_stale, f, "pre-3550 refusing the layout");
  wait_for_update (f);
  g_assert_true (f->window->step_mode);
  g_assert_cmpint (f->window->steps->version, ==, MV_OPENVMM_VERSION_PRE_3550);
  g_assert_error (f->window->steps->refusal, MV_MTRR_ERROR, MV_MTRR_ERROR_UNSUPPORTED_MMIO);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.step-last", NULL);
  g_assert_cmpuint (f->window->step_index, ==, 1);
  g_assert_nonnull (strstr (mv_map_view_get_scene (f->map)->title, "UnsupportedMmio"));

  /* The error bar lies under the step bar, not over it. */
  {
    graphene_point_t bar_bottom, error_top;
    GtkWidget *bar = f->window->step_bar;

    wait_for_paint (f);
    g_assert_true (gtk_widget_get_mapped (f->window->error_bar));
    g_assert_true (gtk_widget_compute_point (bar, GTK_WIDGET (f->window),
                                             &GRAPHENE_POINT_INIT (0, gtk_widget_get_height (bar)),
                                             &bar_bottom));
    g_assert_true (gtk_widget_compute_point (f->window->error_bar, GTK_WIDGET (f->window),
                                             &GRAPHENE_POINT_INIT (0, 0), &error_top));
    g_assert_cmpfloat (error_top.y, >=, bar_bottom.y - 0.5);
  }
  /* The lesson is the current document's, not the last good one: not
   * dimmed, not said to be old. */
  g_assert_false (mv_map_view_get_stale (f->map));
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "error-label"))),
                         "last layout that worked"));
  /* High MMIO is off ("None"): the error is not its, it is not marked. */
  g_assert_false (gtk_widget_get_sensitive (mv_editor_get_field (f->editor, "high-mmio")));
  g_assert_false (gtk_widget_has_css_class (mv_editor_get_field (f->editor, "high-mmio"), "error"));

  g_assert_true (_mv_window_export_lesson (f->window, png_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (second, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (third, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  ui_fixture_init (&argc, &argv);
  UI_ADD ("/ui/steps/keys", test_keys);
  UI_ADD ("/ui/steps/export-lesson", test_export_lesson);
  UI_ADD ("/ui/steps/side-by-side", test_side_by_side);
  UI_ADD ("/ui/steps/same-x", test_same_x);
  UI_ADD ("/ui/steps/version-selector", test_version_selector);
  UI_ADD ("/ui/steps/version-refuses", test_version_refuses);
  return ui_fixture_run ();
}
