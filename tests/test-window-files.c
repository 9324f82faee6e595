/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: the window's files: save and open, export,
 * closing with unsaved changes, saving that fails, suggested names,
 * export notes, a path that is not a regular file. */
#include "mv-ui-fixture.h"
#include "mv-boot-page.h"
#include "mv-boot-section.h"
#include "mv-picture-view.h"
#include "mv-preset-row.h"
#include "mv-presets-popover.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* Closes the message dialog whose secondary text says @words (it must
 * be shown). */
static void
close_message_dialog (const char *words)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && !found; i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      g_autofree char *secondary = NULL;

      if (!GTK_IS_MESSAGE_DIALOG (w))
        continue;
      g_object_get (w, "secondary-text", &secondary, NULL);
      if (secondary != NULL && strstr (secondary, words) != NULL)
        {
          gtk_window_destroy (GTK_WINDOW (w));
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_save_open (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  MvWindow *other;

  SKIP_WITHOUT_DISPLAY ();

  set_text (field (f, "ram"), "12G");
  set_text (field (f, "vtl2"), "0x1000000000+64M");
  wait_for_paint (f);
  g_assert_null (mv_session_get_error (f->session));

  path = g_build_filename (f->tmpdir, "round-trip.memviz", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (mv_session_save (f->session, file, &error));
  g_assert_no_error (error);
  g_assert_false (mv_session_get_modified (f->session));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  other = g_object_ref_sink (mv_window_new (NULL));
  mv_window_open_file (other, file);
  g_assert_true (mv_document_equal (mv_session_get_document (f->session),
                                    mv_session_get_document (mv_window_get_session (other))));
  g_assert_false (mv_session_get_modified (mv_window_get_session (other)));
  g_assert_true (g_file_equal (mv_session_get_file (mv_window_get_session (other)), file));
  gtk_window_destroy (GTK_WINDOW (other));
  g_object_unref (other);

  /* Chosen again while its window holds no edits: read again from disk. */
  {
    g_autoptr(MvDocument) changed = mv_session_dup_document (f->session);
    guint64 total = 0;

    g_array_index (changed->ram_sizes, guint64, 0) = (guint64) 20 << 30;
    g_assert_true (mv_document_save_to_file (changed, path, &error));
    g_assert_no_error (error);
    g_assert_true (mv_window_open_document (f->window, file) == f->window);
    g_assert_true (mv_document_ram_total (mv_session_get_document (f->session), &total));
    g_assert_cmpuint (total, ==, (guint64) 20 << 30);
    g_assert_false (mv_session_get_modified (f->session));
  }

  /* Opened again from another window (Open, a recent document, a drop,
   * the command line): the window that shows it comes to the front, and
   * the other window stays as it was. */
  set_text (field (f, "vtl2"), "0x1000000000+128M");
  wait_for_paint (f);
  g_assert_true (mv_session_get_modified (f->session));
  other = g_object_ref_sink (mv_window_new (NULL));
  g_assert_true (mv_window_find_document (file) == f->window);
  g_assert_true (mv_window_open_document (other, file) == f->window);
  g_assert_null (mv_session_get_file (mv_window_get_session (other)));
  g_assert_true (mv_session_get_modified (f->session));

  /* Nor can another window save over it: the file stays as saved, the
   * other window keeps its document, unsaved, and says why. */
  {
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
    g_assert_false (_mv_window_save_to (other, file));
    g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
    g_assert_cmpstr (before, ==, after);
    g_assert_null (mv_session_get_file (mv_window_get_session (other)));
    close_message_dialog ("open in another window");
  }
  gtk_window_destroy (GTK_WINDOW (other));
  g_object_unref (other);

  /* Typed and saved at once, before any frame applied the text: Ctrl+S
   * saves what the field shows. */
  set_text (field (f, "vtl2"), "0x2000000000+64M");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  g_assert_false (mv_session_get_modified (f->session));
  {
    g_autofree char *saved = NULL;

    g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
    g_assert_nonnull (strstr (saved, "0x2000000000"));
  }
}

static void
check_export (Fixture    *f,
              const char *name,
              const char *magic)
{
  g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (mv_window_export (f->window, file, NULL, 1200, 0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (memcmp (contents, magic, strlen (magic)) == 0 || strstr (contents, magic) != NULL);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) bad = NULL;

  SKIP_WITHOUT_DISPLAY ();

  check_export (f, "map.png", "\x89PNG\r\n");
  check_export (f, "map.svg", "<svg");
  check_export (f, "map.pdf", "%PDF-");

  png = g_build_filename (f->tmpdir, "map.png", NULL);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1200);
  g_assert_cmpint (gdk_texture_get_height (texture), >, 200);

  /* A format the renderer does not write is an error, not a crash. */
  {
    g_autofree char *path = g_build_filename (f->tmpdir, "map.bmp", NULL);

    bad = g_file_new_for_path (path);
    g_assert_false (mv_window_export (f->window, bad, NULL, 800, 0, FALSE, &error));
    g_assert_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_FORMAT);
  }
}

static void
test_close_asks (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *dialog;

  SKIP_WITHOUT_DISPLAY ();

  /* Unmodified: no question. */
  g_assert_null (find_dialog ());

  set_text (field (f, "ram"), "10G");
  wait_for_paint (f);
  gtk_window_close (GTK_WINDOW (f->window));
  dialog = wait_for_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* Cancel keeps the window and the edit. */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  wait_for_no_dialog ();
  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  g_assert_true (mv_session_get_modified (f->session));

  /* Close without saving closes it. */
  gtk_window_close (GTK_WINDOW (f->window));
  dialog = wait_for_dialog ();
  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_NO);
  wait_for_no_dialog ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));
}

static void
save_fails (Fixture    *f,
            const char *path)
{
  g_autoptr(MvDocument) before = mv_session_dup_document (f->session);
  g_autofree char *text = NULL;
  const char *title;
  GtkWidget *dialog;

  g_assert_null (find_dialog ());
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  wait_for_dialog ();

  /* The edits stay, marked unsaved, and the window says why. */
  g_assert_true (mv_session_get_modified (f->session));
  g_assert_true (mv_document_equal (before, mv_session_get_document (f->session)));
  title = gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "title")));
  g_assert_true (g_str_has_prefix (title, "• "));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (f->window)), "• "));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  text = dialog_text (dialog);
  g_test_message ("save error: %s", text);
  g_assert_nonnull (strstr (text, "Could not save"));
  g_assert_nonnull (strstr (text, path));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);
  wait_for_no_dialog ();
  g_assert_null (find_dialog ());
}

static void
test_save_fails (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *sub = NULL;
  g_autofree char *path = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *old_contents = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) old_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  struct rlimit limit, low;
  const char *name;

  SKIP_WITHOUT_DISPLAY ();

  /* A document whose folder is a regular file by the time it is saved:
   * that fails with ENOTDIR, for root too. */
  sub = g_build_filename (f->tmpdir, "a-file", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  path = g_build_filename (sub, "doc.memviz", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (mv_session_save (f->session, file, &error));
  g_assert_no_error (error);
  mv_window_open_file (f->window, file);
  g_assert_true (g_file_equal (mv_session_get_file (f->session), file));
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (sub), ==, 0);
  g_assert_true (g_file_set_contents (sub, "not a folder\n", -1, NULL));

  set_text (field (f, "ram"), "12G");
  wait_for_paint (f);
  g_assert_true (mv_session_get_modified (f->session));
  save_fails (f, path);
  g_assert_true (g_file_get_contents (sub, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not a folder\n");

  /* An existing document stays as it was when writing the new one fails.
   * The write is made to fail with a file size limit (EFBIG), which holds
   * for root too, unlike a read-only folder. */
  old_path = g_build_filename (f->tmpdir, "old.memviz", NULL);
  old_file = g_file_new_for_path (old_path);
  g_assert_true (mv_session_save (f->session, old_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (old_path, &old_contents, NULL, NULL));
  g_assert_cmpuint (strlen (old_contents), >, 256);
  set_text (field (f, "ram"), "14G");
  wait_for_paint (f);
  g_assert_true (mv_session_get_modified (f->session));

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  low = limit;
  low.rlim_cur = 64;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &low), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  signal (SIGXFSZ, SIG_DFL);
  wait_for_dialog ();
  g_assert_true (mv_session_get_modified (f->session));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (old_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, old_contents);
  /* No temporary file is left behind. */
  dir = g_dir_open (f->tmpdir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_true (g_str_equal (name, "a-file") || g_str_equal (name, "old.memviz"));
  {
    GtkWidget *dialog = find_dialog ();
    g_autofree char *text = NULL;

    g_assert_nonnull (dialog);
    text = dialog_text (dialog);
    g_assert_nonnull (strstr (text, old_path));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);
    wait_for_no_dialog ();
  }

  /* Once the folder is there again, saving works and the mark goes. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  wait_for_update (f);
  g_assert_null (find_dialog ());
  g_assert_false (mv_session_get_modified (f->session));
}

/* Export and Save As suggest a name for the document shown, also after
 * undo brought back another one. */
static void
test_suggested_name (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *linux_name = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  SKIP_WITHOUT_DISPLAY ();

  first = _mv_window_dup_suggested_name (f->window, ".png");
  g_assert_cmpstr (first, ==, "openvmm-default-8-gib.png");

  set_text (field (f, "ram"), "12G");
  wait_for_paint (f);
  g_assert_true (mv_window_load_preset (f->window, "linux-direct", &error));
  g_assert_no_error (error);
  wait_for_paint (f);
  linux_name = _mv_window_dup_suggested_name (f->window, ".png");
  g_assert_cmpstr (linux_name, ==, "linux-direct-boot.png");

  /* Undone: the edited document again, titled after the preset it came
   * from. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_for_paint (f);
  undone = _mv_window_dup_suggested_name (f->window, ".png");
  g_assert_cmpstr (undone, ==, "based-on-openvmm-default-8-gib.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_for_paint (f);
  g_clear_pointer (&undone, g_free);
  undone = _mv_window_dup_suggested_name (f->window, ".png");
  g_assert_cmpstr (undone, ==, first);

  /* A saved document: its file's name. */
  path = g_build_filename (f->tmpdir, "my layout.memviz", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (mv_session_save (f->session, file, &error));
  g_assert_no_error (error);
  saved = _mv_window_dup_suggested_name (f->window, ".svg");
  g_assert_cmpstr (saved, ==, "my layout.svg");

  /* A preset chosen over a saved document opens in a window of its own:
   * Save cannot write it over the document's file. */
  {
    guint windows = g_list_model_get_n_items (gtk_window_get_toplevels ());
    g_autoptr(MvDocument) kept = mv_document_copy (mv_session_get_document (f->session));

    g_assert_true (mv_window_load_preset (f->window, "pcat", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, windows + 1);
    g_assert_true (g_file_equal (mv_session_get_file (f->session), file));
    g_assert_true (mv_document_equal (kept, mv_session_get_document (f->session)));
    g_assert_false (mv_session_get_modified (f->session));
  }
}

/* Cancel in the unsaved-changes question gives the focus back to where
 * it was. */
static void
test_close_cancel_keeps_focus (Fixture       *f,
                               gconstpointer  data)
{
  GtkWidget *focus;
  GtkWidget *dialog;

  SKIP_WITHOUT_DISPLAY ();

  set_text (field (f, "low-mmio"), "0xf0000000+256M");
  wait_for_paint (f);
  gtk_widget_grab_focus (field (f, "low-mmio"));
  wait_for_update (f);
  focus = gtk_window_get_focus (GTK_WINDOW (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, field (f, "low-mmio")) || focus == field (f, "low-mmio"));

  gtk_window_close (GTK_WINDOW (f->window));
  dialog = wait_for_dialog ();
  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  wait_for_no_dialog ();
  wait_for_update (f);
  g_assert_null (find_dialog ());
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (f->window)) == focus);
}

/* An export says where the picture went. */
static void
test_export_note (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->tmpdir, "map.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *note = mv_window_get_part (f->window, "note");
  const char *text;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (note)));
  g_assert_true (mv_window_export (f->window, file, "map", 640, 0, FALSE, &error));
  g_assert_no_error (error);
  _mv_window_exported (f->window, file);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (note)));
  text = gtk_label_get_text (GTK_LABEL (mv_window_get_part (f->window, "note-label")));
  g_assert_nonnull (strstr (text, "map.png"));
  g_assert_nonnull (strstr (text, f->tmpdir));
  g_assert_false (gtk_widget_get_visible (mv_window_get_part (f->window, "note-button")));
}

/* A FIFO or a device is refused before anything opens it: opening a FIFO
 * waits for a writer (this test would hang) and /dev/zero never ends. */
static void
test_open_not_regular (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("memviz-fifo-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.memviz", NULL);
  g_autoptr(GFile) fifo_file = g_file_new_for_path (fifo);
  g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (_mv_window_open_path (f->window, fifo_file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "pipe.memviz is not a regular file"));
  g_clear_error (&error);

  g_assert_false (_mv_window_open_path (f->window, zero, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  g_unlink (fifo);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  ui_fixture_init (&argc, &argv);
  UI_ADD ("/ui/window/save-open", test_save_open);
  UI_ADD ("/ui/window/export", test_export);
  UI_ADD ("/ui/window/close-asks", test_close_asks);
  UI_ADD ("/ui/window/save-fails", test_save_fails);
  UI_ADD ("/ui/window/suggested-name", test_suggested_name);
  UI_ADD ("/ui/window/close-cancel-keeps-focus", test_close_cancel_keeps_focus);
  UI_ADD ("/ui/window/export-note", test_export_note);
  UI_ADD ("/ui/window/open-not-regular", test_open_not_regular);
  return ui_fixture_run ();
}
