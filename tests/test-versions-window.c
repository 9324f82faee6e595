/* SPDX-License-Identifier: MIT */
/* The window's Versions page: OpenVMM's versions side by side for the
 * document being edited, made only while the page is shown and anew
 * after every edit. */
#include <string.h>

#include <glib/gstdio.h>

#include "mv-picture-view.h"
#include "mv-ui-fixture.h"

static GtkStack *
stack_of (Fixture *f)
{
  return GTK_STACK (mv_window_get_part (f->window, "stack"));
}

static gboolean
versions_shown (gconstpointer data)
{
  Fixture *f = (Fixture *) data;

  return mv_window_get_versions (f->window) != NULL && !f->window->versions_stale;
}

/* The picture is as tall as the page: the layout, three bands, the
 * legend line. */
static gboolean
tall (gconstpointer data)
{
  return gtk_widget_get_height (GTK_WIDGET (data)) > 800;
}

/* The verdict the page shows is @data's. */
typedef struct
{
  Fixture    *f;
  const char *verdict;
} Verdict;

static gboolean
verdict_is (gconstpointer data)
{
  const Verdict *v = data;
  const MvVersionsScene *vs = mv_window_get_versions (v->f->window);

  return vs != NULL && vs->verdict != NULL && strstr (vs->verdict, v->verdict) != NULL;
}

static void
test_versions_page (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *view;
  const MvVersionsScene *vs;
  Verdict agree = { f, "All three versions agree" };
  Verdict differ = { f, "3550 and current differ" };

  SKIP_WITHOUT_DISPLAY ();

  /* Not shown: not computed. */
  g_assert_null (mv_window_get_versions (f->window));
  set_text (field (f, "ram"), "12G");
  wait_for_paint (f);
  g_assert_null (mv_window_get_versions (f->window));

  /* Shown: the document's versions, in its picture. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "versions");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack_of (f)), ==, "versions");
  wait_until (versions_shown, f, "the Versions page is made");
  view = mv_window_get_part (f->window, "versions");
  wait_for_mapped (view, "the versions picture");
  g_assert_cmpint (mv_picture_view_get_view (MV_PICTURE_VIEW (view)), ==, MV_VIEW_VERSIONS);
  vs = mv_window_get_versions (f->window);
  g_assert_nonnull (vs->map);
  g_assert_cmpuint (vs->bands->len, ==, 3);
  g_assert_cmpuint (vs->differences->len, ==, 0);
  g_assert_nonnull (strstr (vs->verdict, "All three versions agree"));
  g_assert_true (g_str_has_prefix (vs->title, "OpenVMM's versions \u00b7 "));
  /* The picture is as tall as the page: bands, legend line. */
  wait_until (tall, view, "the versions picture is as tall as its bands");

  /* An edit while shown: the page follows at once. No chipset high gap:
   * 3550 covers up to 2^width, current up to the end of RAM. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (field (f, "high-none")), TRUE);
  wait_until (verdict_is, &differ, "the page says 3550 and current differ");
  vs = mv_window_get_versions (f->window);
  g_assert_cmpuint (vs->differences->len, >, 0);
  g_assert_nonnull (vs->table);
  g_assert_cmpuint (g_array_index (vs->bands, MvVersionsBand, 1).n_pairs, ==, 4);
  g_assert_cmpuint (g_array_index (vs->bands, MvVersionsBand, 2).n_pairs, ==, 3);
  wait_for_frame (view);

  /* Export, from this page, draws it. */
  {
    g_autofree char *path = g_build_filename (f->tmpdir, "versions.png", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    cairo_surface_t *png;

    g_assert_true (mv_window_export (f->window, file, NULL, 1200, 0, FALSE, &error));
    g_assert_no_error (error);
    png = cairo_image_surface_create_from_png (path);
    g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1200);
    g_assert_cmpint (cairo_image_surface_get_height (png), >, 900);
    cairo_surface_destroy (png);
    g_unlink (path);
  }

  /* Another page shown: an edit marks the page stale, it is not made. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "map");
  wait_for_frame (GTK_WIDGET (f->window));
  vs = mv_window_get_versions (f->window);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (field (f, "high-none")), FALSE);
  wait_for_paint (f);
  g_assert_true (f->window->versions_stale);
  g_assert_true (mv_window_get_versions (f->window) == vs);
  g_assert_nonnull (strstr (vs->verdict, "differ"));

  /* Shown again: made anew from the document as it is. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "versions");
  wait_until (verdict_is, &agree, "the page says the versions agree again");
  g_assert_false (f->window->versions_stale);
}

/* A field that does not parse: the page shows the last layout that
 * computed, dimmed, as the other pictures do. */
static gboolean
view_stale (gconstpointer data)
{
  const Fixture *f = data;

  return f->window->versions_stale == FALSE &&
         gtk_revealer_get_reveal_child (GTK_REVEALER (mv_window_get_part ((MvWindow *) f->window,
                                                                          "error-revealer")));
}

static void
test_versions_parse_error (Fixture       *f,
                           gconstpointer  data)
{
  const MvVersionsScene *vs;

  SKIP_WITHOUT_DISPLAY ();

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "versions");
  wait_until (versions_shown, f, "the Versions page is made");
  set_text (field (f, "ram"), "12 potatoes");
  wait_until (view_stale, f, "the error shows over the page");
  vs = mv_window_get_versions (f->window);
  g_assert_nonnull (vs);
  g_assert_nonnull (vs->map);
  g_assert_cmpuint (vs->bands->len, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  ui_fixture_init (&argc, &argv);

  UI_ADD ("/versions-window/page", test_versions_page);
  UI_ADD ("/versions-window/parse-error", test_versions_parse_error);

  return ui_fixture_run ();
}
