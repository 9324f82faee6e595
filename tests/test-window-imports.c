/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: the window's imports: an MTRR dump, imports
 * read in a thread and cancelled, a boot document, files outside the
 * document's folder. */
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

static void
test_open_mtrr_dump (Fixture       *f,
                     gconstpointer  data)
{
  const char *dump =
    "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n"
    "reg01: base=0x080000000 ( 2048MB), size= 1024MB, count=1: write-back\n"
    "reg02: base=0x0e0000000 ( 3584MB), size=  256MB, count=1: uncachable\n";
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  const MvScene *scene;
  const char *title;

  SKIP_WITHOUT_DISPLAY ();

  path = g_build_filename (f->tmpdir, "proc-mtrr.txt", NULL);
  g_assert_true (g_file_set_contents (path, dump, -1, NULL));
  file = g_file_new_for_path (path);
  mv_window_open_file (f->window, file);
  wait_for_paint (f);

  scene = mv_map_view_get_scene (f->map);
  g_assert_nonnull (scene);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_PAIR, 2), >=, 0);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_LAYOUT, 0), <, 0);
  title = gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "title")));
  g_assert_cmpstr (title, ==, "proc-mtrr.txt");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (f->editor)))));

  /* Read-only: undo stays off even after edits to the (hidden) document. */
  set_text (field (f, "ram"), "12G");
  wait_for_update (f);
  g_assert_false (gtk_widget_get_sensitive (mv_window_get_part (f->window, "undo-button")));

  /* 0xe8000000 is UC: pair 2 wins over pair 1 (UC wins). */
  g_signal_emit_by_name (f->map, "pin", (guint64) 0xe8000000);
  title = gtk_label_get_text (GTK_LABEL (mv_window_get_part (f->window, "explain-title")));
  g_assert_true (strstr (title, "UC") != NULL);
}

static void
test_import_in_thread (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  const MvScenario *sc;
  const MvImportResult *r = NULL;
  gsize len = 3 * 1024 * 1024 + 123;

  SKIP_WITHOUT_DISPLAY ();

  /* Every file import goes to a thread; the window stays responsive and
   * shows the progress bar meanwhile. */
  mv_session_set_threshold (f->session, 0);
  path = g_build_filename (f->tmpdir, "initrd.img", NULL);
  contents = g_malloc (len);
  for (gsize i = 0; i < len; i++)
    contents[i] = (char) (i * 7);
  g_assert_true (g_file_set_contents (path, contents, (gssize) len, NULL));
  file = g_file_new_for_path (path);

  mv_editor_add_file_import (f->editor, file);
  g_assert_true (mv_session_get_busy (f->session));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (f->editor)));
  wait_until_idle (f->session);
  wait_for_paint (f);

  sc = mv_session_get_scenario (f->session);
  g_assert_nonnull (sc);
  for (guint i = 0; i < sc->imports->len; i++)
    if (g_array_index (sc->imports, MvImportResult, i).kind == MV_IMPORT_KIND_FILE)
      r = &g_array_index (sc->imports, MvImportResult, i);
  g_assert_nonnull (r);
  g_assert_true (r->ok);
  g_assert_cmpuint (r->bytes, ==, len);
  g_assert_cmpuint (r->page_count, ==, (len + 4095) / 4096);
  g_assert_nonnull (mv_map_view_get_scene (f->map)->pages_table);
}

/* A document with a boot loader: the Page map lists the loader's imports
 * labelled with their file, the Boot CPU page its registers; a Linux
 * loader without a kernel asks for one, without an error; choosing a file
 * in the Boot section is an undoable edit. */
static void
test_boot_document (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *bios = NULL;
  g_autofree char *doc_path = NULL;
  g_autofree guint8 *image = g_malloc (256 * 1024);
  g_autofree char *registers = NULL;
  g_autoptr(GFile) file = NULL;
  const MvScene *scene;
  const MvSceneTable *pages;
  GtkWidget *boot = mv_window_get_part (f->window, "boot");
  gboolean seen_image = FALSE;

  SKIP_WITHOUT_DISPLAY ();

  for (guint i = 0; i < 256 * 1024; i++)
    image[i] = (guint8) (i / 4096);
  bios = g_build_filename (f->tmpdir, "bios.bin", NULL);
  g_assert_true (g_file_set_contents (bios, (const char *) image, 256 * 1024, NULL));
  doc_path = g_build_filename (f->tmpdir, "pcat.memviz", NULL);
  g_assert_true (g_file_set_contents (doc_path,
    "[memviz]\nversion=1\ntitle=SeaBIOS-like\n[memory]\nram=2 GiB\n"
    "mmio=0xf8000000+128 MiB\n[boot]\nloader=pcat\nfirmware=bios.bin\n", -1, NULL));
  file = g_file_new_for_path (doc_path);
  mv_window_open_file (f->window, file);
  wait_until_idle (f->session);
  wait_for_paint (f);

  scene = mv_map_view_get_scene (f->map);
  g_assert_nonnull (scene);
  pages = scene->pages_table;
  g_assert_nonnull (pages);
  for (guint i = 0; i < pages->rows->len; i++)
    {
      const MvTableRow *row = &g_array_index (pages->rows, MvTableRow, i);

      if (g_strcmp0 (row->cells[3], "pcat-image") != 0)
        continue;
      seen_image = TRUE;
      g_assert_cmpstr (row->cells[1], ==, "0x7ffc0000\u20130x80000000");
      g_assert_cmpstr (row->cells[6], ==, "bios.bin");
    }
  g_assert_true (seen_image);

  /* The Boot CPU page lists the registers the loader set. */
  g_assert_true (gtk_widget_get_visible (boot));
  registers = mv_boot_page_dup_text (MV_BOOT_PAGE (boot));
  g_assert_nonnull (strstr (registers, "MtrrDefType\t0xc00\tdefault type UC"));
  g_assert_nonnull (strstr (registers, "Cs\tselector 0xf000 base 0xf0000"));
  g_clear_pointer (&registers, g_free);
  /* Exported from that page: the boot view, as tall as its tables. */
  {
    g_autofree char *png = g_build_filename (f->tmpdir, "boot.png", NULL);
    g_autoptr(GFile) out = g_file_new_for_path (png);
    g_autoptr(GError) error = NULL;
    cairo_surface_t *picture;
    MvRenderStyle style;

    gtk_stack_set_visible_child_name (GTK_STACK (mv_window_get_part (f->window, "stack")), "boot");
    g_assert_true (mv_window_export (f->window, out, NULL, 1200, 0, FALSE, &error));
    g_assert_no_error (error);
    mv_render_style_init (&style, MV_THEME_LIGHT);
    picture = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_image_surface_get_height (picture), ==,
                     (int) ceil (mv_render_natural_height (scene, &style, MV_VIEW_BOOT, 1200)));
    cairo_surface_destroy (picture);
    gtk_stack_set_visible_child_name (GTK_STACK (mv_window_get_part (f->window, "stack")), "map");
  }

  /* Linux without a kernel: a note says what to do; no error. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field (f, "loader")), 1);
  wait_for_update (f);
  g_assert_cmpint (mv_session_get_document (f->session)->boot.loader, ==, MV_BOOT_LOADER_LINUX);
  g_assert_null (mv_session_get_error (f->session));
  scene = mv_map_view_get_scene (f->map);
  g_assert_nonnull (scene->boot_hint);
  g_assert_nonnull (strstr (scene->boot_hint, "needs a kernel"));
  g_assert_true (gtk_widget_get_visible (field (f, "kernel")));
  g_assert_false (gtk_widget_get_visible (field (f, "firmware")));
  /* the loader sets the MTRRs: the boot profile waits */
  g_assert_false (gtk_widget_get_sensitive (field (f, "profile")));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field (f, "loader")), 0);
  wait_for_update (f);
  g_assert_true (gtk_widget_get_sensitive (field (f, "profile")));
  g_assert_null (mv_map_view_get_scene (f->map)->boot_hint);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field (f, "loader")), 1);
  wait_for_update (f);

  /* Choosing a "kernel" (the BIOS is no bzImage): the loader's error, by
   * upstream's name, and undo takes the choice back. */
  mv_boot_section_choose_file (MV_BOOT_SECTION (gtk_widget_get_ancestor (field (f, "kernel"),
                                                                         MV_TYPE_BOOT_SECTION)),
                               "kernel", bios);
  wait_until_idle (f->session);
  wait_for_update (f);
  g_assert_cmpstr (mv_session_get_document (f->session)->boot.kernel, ==, bios);
  g_assert_nonnull (mv_session_get_scenario (f->session)->boot_error);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (field (f, "kernel"))), ==, "bios.bin");
  g_assert_true (mv_session_undo (f->session));
  wait_until_idle (f->session);
  g_assert_null (mv_session_get_document (f->session)->boot.kernel);
}

static void
test_import_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(MvDocument) before = NULL;
  const MvScenario *good;
  int fd;

  SKIP_WITHOUT_DISPLAY ();

  /* A 4 GiB sparse file: reading it takes long enough to cancel. */
  path = g_build_filename (f->tmpdir, "big.img", NULL);
  fd = g_open (path, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 4 << 30), ==, 0);
  close (fd);
  file = g_file_new_for_path (path);

  good = mv_session_get_scenario (f->session);
  mv_editor_add_file_import (f->editor, file);
  g_assert_true (mv_session_get_busy (f->session));
  wait_until (session_reading, f->session, "the import's thread to report progress");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL));
  wait_until_idle (f->session);

  /* The picture stays; the error says the import was cancelled; undo
   * takes the import out again. */
  g_assert_true (mv_session_get_scenario (f->session) == good);
  g_assert_nonnull (mv_session_get_error (f->session));
  g_assert_true (strstr (mv_session_get_error (f->session), "cancel") != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_for_paint (f);
  g_assert_null (mv_session_get_error (f->session));
  g_assert_false (mv_session_get_busy (f->session));
}

static void
add_file_import (MvDocument *doc,
                 const char *name,
                 guint64     gpa,
                 const char *path)
{
  MvImportSpec *spec = mv_import_spec_new (MV_IMPORT_KIND_FILE);

  spec->name = g_strdup (name);
  spec->gpa = gpa;
  spec->path = g_strdup (path);
  spec->tag = g_strdup (name);
  mv_document_add_import (doc, spec);
}

/* The editor's row for the import @name. */
static MvImportRow *
import_row (MvWindow   *window,
            const char *name)
{
  GtkWidget *list = mv_editor_get_field (MV_EDITOR (mv_window_get_part (window, "editor")), "imports");

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (c));

      if (MV_IS_IMPORT_ROW (row) && g_strcmp0 (mv_import_row_get_name (MV_IMPORT_ROW (row)), name) == 0)
        return MV_IMPORT_ROW (row);
    }
  g_assert_not_reached ();
}

/* The row's "Read Outside Files" button, when the row shows it. */
static GtkWidget *
read_button (MvWindow   *window,
             const char *name)
{
  GtkWidget *row = GTK_WIDGET (import_row (window, name));

  for (GtkWidget *c = gtk_widget_get_first_child (row); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (!GTK_IS_EXPANDER (c) && gtk_widget_get_visible (c))
      {
        GtkWidget *button = gtk_widget_get_last_child (c);

        g_assert_true (is_button_labelled (button, "_Read Outside Files"));
        return button;
      }
  return NULL;
}

static char *
pages_text (MvWindow *window)
{
  const MvScene *scene = mv_map_view_get_scene (MV_MAP_VIEW (mv_window_get_part (window, "map")));

  g_assert_nonnull (scene);
  return scene->pages_table ? table_text (scene->pages_table) : g_strdup ("");
}

static gboolean
files_bar_shown (MvWindow *window)
{
  GtkWidget *bar = mv_window_get_part (window, "files-bar");

  return gtk_widget_get_visible (bar) && gtk_info_bar_get_revealed (GTK_INFO_BAR (bar));
}

static void
test_outside_files (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *outside_dir = g_dir_make_tmp ("memviz-outside-XXXXXX", NULL);
  g_autofree char *outside = g_build_filename (outside_dir, "outside.bin", NULL);
  g_autofree char *outside_real = NULL;
  g_autofree char *inside = g_build_filename (f->tmpdir, "inside.bin", NULL);
  g_autofree char *path = g_build_filename (f->tmpdir, "untrusted.memviz", NULL);
  g_autofree char *inside_path = g_build_filename (f->tmpdir, "trusted.memviz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) inside_file = g_file_new_for_path (inside_path);
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  const MvImportResult *r;
  const char *listed;
  guint32 inside_crc, outside_crc;
  MvWindow *other;
  MvSession *other_session;
  GtkWidget *button;
  char *pages = NULL;

  SKIP_WITHOUT_DISPLAY ();

  inside_crc = write_data_file (inside, 5000, 1);
  outside_crc = write_data_file (outside, 7000, 2);
  outside_real = realpath (outside, NULL);
  g_assert_nonnull (outside_real);

  doc = mv_preset_load ("openvmm-default-8g", &error);
  g_assert_no_error (error);
  add_file_import (doc, "inside", 0x100000, "inside.bin");
  add_file_import (doc, "outside", 0x200000, outside);
  g_assert_true (mv_document_save_to_file (doc, path, &error));
  g_assert_no_error (error);

  /* Opened: the file inside the folder is read, the one outside is not,
   * and the bar names it. */
  mv_window_open_file (f->window, file);
  wait_for_update (f);
  if (find_dialog () != NULL)
    {
      g_autofree char *text = dialog_text (find_dialog ());

      g_error ("opening failed: %s", text);
    }
  g_assert_cmpint (mv_session_get_scenario_flags (f->session), ==, MV_SCENARIO_SKIP_OUTSIDE_FILES);
  r = import_result (f, "inside");
  g_assert_true (r->ok);
  g_assert_cmphex (r->crc32, ==, inside_crc);
  r = import_result (f, "outside");
  g_assert_false (r->ok);
  g_assert_error (r->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_ALLOWED);
  g_assert_cmpuint (r->bytes, ==, 0);
  g_assert_true (files_bar_shown (f->window));
  listed = gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "files-label")));
  g_assert_nonnull (strstr (listed, outside_real));
  g_assert_null (strstr (listed, "inside.bin"));
  g_assert_false (mv_session_get_modified (f->session));

  /* "Read these files" reads it. */
  gtk_info_bar_response (GTK_INFO_BAR (mv_window_get_part (f->window, "files-bar")), GTK_RESPONSE_ACCEPT);
  wait_for_update (f);
  g_assert_false (files_bar_shown (f->window));
  g_assert_cmpint (mv_session_get_scenario_flags (f->session), ==, MV_SCENARIO_NONE);
  r = import_result (f, "outside");
  g_assert_true (r->ok);
  g_assert_cmphex (r->crc32, ==, outside_crc);
  g_assert_cmpuint (r->bytes, ==, 7000);
  g_assert_false (mv_session_get_modified (f->session));

  /* The window remembers: opened again, the file is read at once. */
  mv_window_open_file (f->window, file);
  wait_for_update (f);
  g_assert_false (files_bar_shown (f->window));
  g_assert_true (import_result (f, "outside")->ok);

  /* Another window has not been asked; "Don't read" puts the bar away
   * and keeps the file unread, also when the document is opened again. */
  other = g_object_ref_sink (mv_window_new (NULL));
  other_session = mv_window_get_session (other);
  mv_window_open_file (other, file);
  wait_for_frame (GTK_WIDGET (other));
  g_assert_true (files_bar_shown (other));
  gtk_info_bar_response (GTK_INFO_BAR (mv_window_get_part (other, "files-bar")), GTK_RESPONSE_REJECT);
  wait_for_frame (GTK_WIDGET (other));
  g_assert_false (files_bar_shown (other));
  g_assert_cmpint (mv_session_get_scenario_flags (other_session), ==, MV_SCENARIO_SKIP_OUTSIDE_FILES);
  mv_window_open_file (other, file);
  wait_for_frame (GTK_WIDGET (other));
  g_assert_false (files_bar_shown (other));
  g_assert_cmpint (mv_session_get_scenario_flags (other_session), ==, MV_SCENARIO_SKIP_OUTSIDE_FILES);
  g_assert_false (mv_session_get_scenario (other_session)->imports->len == 0);

  /* The way back, with the bar put away: the import's row says its file
   * was not read, and its button reads it as the bar's "Read" would. The
   * other import was read and its row says nothing. */
  g_assert_null (read_button (other, "inside"));
  button = read_button (other, "outside");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  pages = pages_text (other);
  g_assert_nonnull (strstr (pages, "inside"));
  g_assert_null (strstr (pages, "outside"));
  g_clear_pointer (&pages, g_free);
  g_signal_emit_by_name (button, "clicked");
  wait_for_frame (GTK_WIDGET (other));
  g_assert_cmpint (mv_session_get_scenario_flags (other_session), ==, MV_SCENARIO_NONE);
  r = session_import_result (other_session, "outside");
  g_assert_true (r->ok);
  g_assert_cmphex (r->crc32, ==, outside_crc);
  g_assert_null (read_button (other, "outside"));
  g_assert_false (files_bar_shown (other));
  g_assert_false (mv_session_get_modified (other_session));
  pages = pages_text (other);
  g_assert_nonnull (strstr (pages, "outside"));
  g_clear_pointer (&pages, g_free);
  /* ... and remembered: opened again, it is read at once. */
  mv_window_open_file (other, file);
  wait_for_frame (GTK_WIDGET (other));
  g_assert_false (files_bar_shown (other));
  g_assert_true (session_import_result (other_session, "outside")->ok);
  g_assert_null (read_button (other, "outside"));

  /* The document changed to list another outside file: asked again. */
  add_file_import (doc, "outside2", 0x300000, "/nonexistent-memviz-dir/other.bin");
  g_assert_true (mv_document_save_to_file (doc, path, &error));
  g_assert_no_error (error);
  mv_window_open_file (f->window, file);
  wait_for_update (f);
  g_assert_true (files_bar_shown (f->window));
  g_assert_false (import_result (f, "outside")->ok);
  gtk_window_destroy (GTK_WINDOW (other));
  g_object_unref (other);

  /* "Don't read" here too, then the window's action reads them all. */
  gtk_info_bar_response (GTK_INFO_BAR (mv_window_get_part (f->window, "files-bar")), GTK_RESPONSE_REJECT);
  wait_for_update (f);
  g_assert_false (files_bar_shown (f->window));
  g_assert_nonnull (read_button (f->window, "outside"));
  g_assert_nonnull (read_button (f->window, "outside2"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.read-outside-files", NULL));
  wait_for_update (f);
  g_assert_cmpint (mv_session_get_scenario_flags (f->session), ==, MV_SCENARIO_NONE);
  g_assert_true (import_result (f, "outside")->ok);
  g_assert_false (import_result (f, "outside2")->ok);
  g_assert_false (g_error_matches (import_result (f, "outside2")->error, MV_SCENARIO_ERROR,
                                   MV_SCENARIO_ERROR_NOT_ALLOWED));
  g_assert_null (read_button (f->window, "outside"));
  g_assert_null (read_button (f->window, "outside2"));
  g_assert_false (files_bar_shown (f->window));

  /* A document with files in its folder only: no bar, everything read. */
  g_clear_pointer (&doc, mv_document_free);
  doc = mv_preset_load ("openvmm-default-8g", &error);
  g_assert_no_error (error);
  add_file_import (doc, "inside", 0x100000, "inside.bin");
  g_assert_true (mv_document_save_to_file (doc, inside_path, &error));
  g_assert_no_error (error);
  mv_window_open_file (f->window, inside_file);
  wait_for_update (f);
  g_assert_false (files_bar_shown (f->window));
  g_assert_cmpint (mv_session_get_scenario_flags (f->session), ==, MV_SCENARIO_NONE);
  g_assert_cmphex (import_result (f, "inside")->crc32, ==, inside_crc);

  g_remove (outside);
  g_rmdir (outside_dir);
}

int
main (int    argc,
      char **argv)
{
  ui_fixture_init (&argc, &argv);
  UI_ADD ("/ui/window/open-mtrr-dump", test_open_mtrr_dump);
  UI_ADD ("/ui/window/import-in-thread", test_import_in_thread);
  UI_ADD ("/ui/window/boot-document", test_boot_document);
  UI_ADD ("/ui/window/import-cancel", test_import_cancel);
  UI_ADD ("/ui/window/outside-files", test_outside_files);
  return ui_fixture_run ();
}
