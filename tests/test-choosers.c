/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: the file chooser dialogs, driven as a user does. */
#include "mv-ui-fixture.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* --- file choosers ------------------------------------------------------ */

/* The name a Save chooser proposes. */
static void
assert_current_name (GtkFileChooser *chooser,
                     const char     *expected)
{
  g_autofree char *name = gtk_file_chooser_get_current_name (chooser);

  g_assert_cmpstr (name, ==, expected);
}

/* Under X11 without a portal, a GtkFileChooserNative shows a
 * GtkFileChooserDialog of its own: a toplevel like any other, driven here
 * as a user would, through its file chooser and its buttons. */
static GtkWidget *
find_chooser (void)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
}

static gboolean
chooser_started (gconstpointer data)
{
  GtkWidget *chooser = find_chooser ();
  g_autoptr(GFile) folder = NULL;

  if (chooser == NULL || !gtk_widget_get_mapped (chooser))
    return FALSE;
  folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
  return folder != NULL;
}

/* Waits for the chooser titled @title to be up, and for its own start-up
 * (it goes to the current folder once mapped) to be over, so that what
 * the test chooses is not undone by it. */
static GtkFileChooser *
wait_for_chooser (const char *title)
{
  GtkWidget *chooser;

  wait_until (chooser_started, NULL, "a file chooser to be shown, in its folder");
  chooser = find_chooser ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, title);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
  return GTK_FILE_CHOOSER (chooser);
}

typedef struct
{
  GtkFileChooser *chooser;
  GFile          *file;
} Choice;

static gboolean
chosen (gconstpointer data)
{
  const Choice *choice = data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (choice->chooser);

  return file != NULL && g_file_equal (file, choice->file);
}

/* Runs the main loop until @chooser says it has @file chosen. */
static void
wait_for_choice (GtkFileChooser *chooser,
                 GFile          *file)
{
  Choice choice = { chooser, file };

  wait_until (chosen, &choice, "the file chooser to have the file chosen");
  /* And it stays chosen, after a frame of the chooser's own. */
  wait_for_frame (GTK_WIDGET (chooser));
  g_assert_true (chosen (&choice));
}

/* Selects an existing file, as a click on it in the list does. */
static void
choose_file (GtkFileChooser *chooser,
             const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (gtk_file_chooser_set_file (chooser, file, NULL));
  wait_for_choice (chooser, file);
}

/* Goes to @folder and types @name in the Name field. */
static void
choose_name (GtkFileChooser *chooser,
             const char     *folder,
             const char     *name)
{
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  g_autoptr(GFile) file = g_file_get_child (dir, name);

  g_assert_true (gtk_file_chooser_set_current_folder (chooser, dir, NULL));
  gtk_file_chooser_set_current_name (chooser, name);
  wait_for_choice (chooser, file);
}

static gboolean
no_chooser (gconstpointer data)
{
  return find_chooser () == NULL;
}

/* Clicks the button for @response, labelled @label, and waits for the
 * chooser to go. */
static void
press (GtkFileChooser *chooser,
       int             response,
       const char     *label)
{
  GtkWidget *button = gtk_dialog_get_widget_for_response (GTK_DIALOG (chooser), response);

  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, label);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  wait_until (no_chooser, NULL, "the file chooser to go");
  wait_for_idle ();
}

/* The first widget under @root (depth first) that @match accepts. */
static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_label_reading (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static guint
count_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      n += MV_IS_WINDOW (w);
    }
  return n;
}

static MvWindow *
find_other_window (MvWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (MV_IS_WINDOW (w) && w != (GObject *) self)
        return MV_WINDOW (w);
    }
  return NULL;
}

/* A document that differs from the default preset in RAM and width. */
static char *
save_twelve_gig (Fixture    *f,
                 const char *name)
{
  g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = mv_preset_load ("openvmm-default-8g", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (doc->ram_sizes->len, ==, 1);
  g_array_index (doc->ram_sizes, guint64, 0) = (guint64) 12 << 30;
  doc->address_width = 40;
  g_assert_true (mv_document_save_to_file (doc, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_chooser_open (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(MvDocument) expected = NULL;
  g_autoptr(MvDocument) edited = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser;
  MvWindow *other;
  guint64 total = 0;
  guint64 painted;

  SKIP_WITHOUT_DISPLAY ();

  path = save_twelve_gig (f, "twelve.memviz");
  file = g_file_new_for_path (path);
  expected = mv_document_load_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_editable_get_text (mv_size_entry_get_editable (MV_SIZE_ENTRY (field (f, "ram")))),
                   ==, "8 GiB");

  /* An unmodified window takes the document chosen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open", NULL));
  chooser = wait_for_chooser ("Open a Document");
  g_assert_true (gtk_file_chooser_get_action (chooser) == GTK_FILE_CHOOSER_ACTION_OPEN);
  choose_file (chooser, path);
  painted = mv_map_view_get_paint_count (f->map);
  press (chooser, GTK_RESPONSE_ACCEPT, "_Open");
  wait_for_paint_since (f, painted);

  g_assert_true (g_file_equal (mv_session_get_file (f->session), file));
  g_assert_false (mv_session_get_modified (f->session));
  g_assert_true (mv_document_equal (expected, mv_session_get_document (f->session)));
  g_assert_cmpstr (gtk_editable_get_text (mv_size_entry_get_editable (MV_SIZE_ENTRY (field (f, "ram")))),
                   ==, "12 GiB");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (field (f, "width"))), ==, 40);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "title"))), ==, "twelve.memviz");
  {
    g_autofree char *layout = lane_text (mv_map_view_get_scene (f->map), MV_LANE_LAYOUT);

    g_assert_nonnull (strstr (layout, "228000000-328000000 RAM"));
  }

  /* A window with unsaved edits keeps them: another document opens in a
   * new window. */
  set_text (field (f, "ram"), "10G");
  wait_for_paint (f);
  edited = mv_session_dup_document (f->session);
  g_assert_cmpuint (count_windows (), ==, 1);
  {
    g_autofree char *copy = save_twelve_gig (f, "twelve-copy.memviz");

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open", NULL));
    chooser = wait_for_chooser ("Open a Document");
    choose_file (chooser, copy);
    press (chooser, GTK_RESPONSE_ACCEPT, "_Open");
  }
  g_assert_cmpuint (count_windows (), ==, 2);
  other = find_other_window (f->window);
  g_assert_nonnull (other);
  g_assert_true (mv_document_equal (expected, mv_session_get_document (mv_window_get_session (other))));
  g_assert_true (mv_session_get_modified (f->session));
  g_assert_true (mv_document_equal (edited, mv_session_get_document (f->session)));
  g_assert_true (mv_document_ram_total (mv_session_get_document (f->session), &total));
  g_assert_cmpuint (total, ==, (guint64) 10 << 30);

  /* The document this window shows, chosen again from the other window:
   * this window comes back with its edits, nothing opens twice. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (other), "win.open", NULL));
  chooser = wait_for_chooser ("Open a Document");
  choose_file (chooser, path);
  press (chooser, GTK_RESPONSE_ACCEPT, "_Open");
  g_assert_cmpuint (count_windows (), ==, 2);
  g_assert_true (mv_document_equal (edited, mv_session_get_document (f->session)));
  g_assert_false (g_file_equal (mv_session_get_file (mv_window_get_session (other)), file));
  gtk_window_destroy (GTK_WINDOW (other));
}

static void
test_chooser_save_as (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *copy_path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(MvDocument) saved = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser;
  MvWindow *other;

  SKIP_WITHOUT_DISPLAY ();

  path = g_build_filename (f->tmpdir, "saved.memviz", NULL);
  copy_path = g_build_filename (f->tmpdir, "copy.memviz", NULL);
  file = g_file_new_for_path (path);
  copy = g_file_new_for_path (copy_path);

  set_text (field (f, "ram"), "12G");
  set_text (field (f, "vtl2"), "0x1000000000+64M");
  wait_for_paint (f);
  g_assert_true (mv_session_get_modified (f->session));

  /* A new document: Save asks where, starting from its title (an edited
   * preset's: "Based on “…”"); a
   * name typed without an extension gets ".memviz". */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  chooser = wait_for_chooser ("Save the Document");
  g_assert_true (gtk_file_chooser_get_action (chooser) == GTK_FILE_CHOOSER_ACTION_SAVE);
  assert_current_name (chooser, "based-on-openvmm-default-8-gib.memviz");
  choose_name (chooser, f->tmpdir, "saved");
  press (chooser, GTK_RESPONSE_ACCEPT, "_Save");

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (test_count_dir_entries (f->tmpdir), ==, 1);
  g_assert_false (mv_session_get_modified (f->session));
  g_assert_true (g_file_equal (mv_session_get_file (f->session), file));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "title"))), ==, "saved.memviz");

  /* Save As, from a saved document: the chooser starts at its file. */
  set_text (field (f, "ram"), "14G");
  wait_for_paint (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save-as", NULL));
  chooser = wait_for_chooser ("Save the Document");
  wait_for_choice (chooser, file);
  choose_name (chooser, f->tmpdir, "copy.memviz");
  press (chooser, GTK_RESPONSE_ACCEPT, "_Save");
  g_assert_cmpuint (test_count_dir_entries (f->tmpdir), ==, 2);
  g_assert_true (g_file_equal (mv_session_get_file (f->session), copy));
  g_assert_false (mv_session_get_modified (f->session));

  /* Each file opens again to the document as it was saved. */
  saved = mv_document_load_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_false (mv_document_equal (saved, mv_session_get_document (f->session)));
  other = g_object_ref_sink (mv_window_new (NULL));
  mv_window_open_file (other, copy);
  g_assert_true (mv_document_equal (mv_session_get_document (f->session),
                                    mv_session_get_document (mv_window_get_session (other))));
  mv_window_open_file (other, file);
  g_assert_true (mv_document_equal (saved, mv_session_get_document (mv_window_get_session (other))));
  {
    guint64 total = 0;

    g_assert_true (mv_document_ram_total (saved, &total));
    g_assert_cmpuint (total, ==, (guint64) 12 << 30);
    g_assert_true (saved->has_vtl2);
    g_assert_cmphex (saved->vtl2.start, ==, 0x1000000000);
  }
  gtk_window_destroy (GTK_WINDOW (other));
  g_object_unref (other);
}

static gboolean
offers (GtkWidget     *widget,
        gconstpointer  label)
{
  GListModel *model;

  if (!GTK_IS_DROP_DOWN (widget))
    return FALSE;
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
  for (guint i = 0; GTK_IS_STRING_LIST (model) && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      return TRUE;
  return FALSE;
}

/* Picks @label in the chooser's drop-down that offers it, as a user does. */
static void
pick_option (GtkFileChooser *chooser,
             const char     *label)
{
  GtkWidget *dropdown = find_widget (GTK_WIDGET (chooser), offers, label);
  GtkStringList *model;

  g_assert_nonnull (dropdown);
  g_assert_true (gtk_widget_get_mapped (dropdown));
  model = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (model, i), label) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
}

/* Exports through the chooser to @name, with the size @size_label (whose
 * choice is @size) picked when not %NULL. */
static char *
export_through_chooser (Fixture    *f,
                        const char *name,
                        const char *size,
                        const char *size_label)
{
  GtkFileChooser *chooser;
  g_autofree char *contents = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  chooser = wait_for_chooser ("Export the Picture");
  g_assert_true (gtk_file_chooser_get_action (chooser) == GTK_FILE_CHOOSER_ACTION_SAVE);
  assert_current_name (chooser, "openvmm-default-8-gib.png");
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "size"), ==, "window");
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "view"), ==, "current");
  if (size != NULL)
    {
      /* Picked in its drop-down: gtk_file_chooser_set_choice() on the
       * dialog does not change the drop-down in GTK 4.8. */
      pick_option (chooser, size_label);
      g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "size"), ==, size);
    }
  choose_name (chooser, f->tmpdir, name);
  press (chooser, GTK_RESPONSE_ACCEPT, "_Export");
  g_assert_null (find_dialog ());
  return g_build_filename (f->tmpdir, name, NULL);
}

static void
assert_file_starts (const char *path,
                    const char *magic,
                    gsize       skip_max)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  const char *at;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  at = g_strstr_len (contents, MIN (len, skip_max + strlen (magic)), magic);
  g_assert_nonnull (at);
}

static void
test_chooser_export (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *with_png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_WITHOUT_DISPLAY ();

  /* A PNG 1280 wide, as chosen (the map is narrower than that). */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->map)), <, 1280);
  png = export_through_chooser (f, "map.png", "1280", "1280 wide");
  assert_file_starts (png, "\x89PNG\r\n\x1a\n", 0);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1280);
  g_assert_cmpint (gdk_texture_get_height (texture), >, 200);

  /* The extension picks the format. */
  svg = export_through_chooser (f, "map.svg", NULL, NULL);
  assert_file_starts (svg, "<svg", 256);
  pdf = export_through_chooser (f, "map.pdf", NULL, NULL);
  assert_file_starts (pdf, "%PDF-", 0);

  /* No known extension: a PNG, named so. */
  plain = export_through_chooser (f, "picture", NULL, NULL);
  g_assert_false (g_file_test (plain, G_FILE_TEST_EXISTS));
  with_png = g_strconcat (plain, ".png", NULL);
  assert_file_starts (with_png, "\x89PNG\r\n\x1a\n", 0);
  g_assert_cmpuint (test_count_dir_entries (f->tmpdir), ==, 4);
  g_assert_false (mv_session_get_modified (f->session));
}

static MvImportRow *
first_import_row (Fixture *f)
{
  GtkWidget *list = field (f, "imports");
  GtkWidget *row = gtk_widget_get_first_child (list);

  g_assert_nonnull (row);
  g_assert_true (GTK_IS_LIST_BOX_ROW (row));
  g_assert_true (MV_IS_IMPORT_ROW (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))));
  return MV_IMPORT_ROW (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
}

/* Clicks the import row's "Choose…" button, as a user does once the row
 * is open. */
static GtkFileChooser *
click_choose (MvImportRow *row)
{
  GtkWidget *button;

  mv_import_row_set_expanded (row, TRUE);
  button = find_widget (GTK_WIDGET (row), is_button_labelled, "_Choose…");
  g_assert_nonnull (button);
  wait_for_mapped (button, "the import row's Choose… button");
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  return wait_for_chooser ("Choose the File to Import");
}

static void
test_chooser_import_file (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GFile) first_file = NULL;
  const MvDocument *doc;
  const MvImportResult *r;
  GtkFileChooser *chooser;
  MvImportRow *row;
  guint32 first_crc, second_crc;
  guint64 painted;
  g_autofree char *name = NULL;

  SKIP_WITHOUT_DISPLAY ();

  first = g_build_filename (f->tmpdir, "first.bin", NULL);
  second = g_build_filename (f->tmpdir, "second.bin", NULL);
  first_file = g_file_new_for_path (first);
  first_crc = write_data_file (first, 5000, 3);
  second_crc = write_data_file (second, 9000, 4);
  mv_editor_add_file_import (f->editor, first_file);
  wait_until_idle (f->session);
  row = first_import_row (f);
  name = g_strdup (mv_import_row_get_name (row));
  r = import_result (f, name);
  g_assert_true (r->ok);
  g_assert_cmphex (r->crc32, ==, first_crc);

  /* The row's chooser picks another file: the row shows it, the document
   * imports it, and it is read. */
  chooser = click_choose (row);
  g_assert_true (gtk_file_chooser_get_action (chooser) == GTK_FILE_CHOOSER_ACTION_OPEN);
  choose_file (chooser, second);
  painted = mv_map_view_get_paint_count (f->map);
  press (chooser, GTK_RESPONSE_ACCEPT, "_Import");
  wait_until_idle (f->session);
  wait_for_paint_since (f, painted);

  g_assert_true (row == first_import_row (f));
  g_assert_nonnull (find_widget (GTK_WIDGET (row), is_label_reading, second));
  g_assert_null (find_widget (GTK_WIDGET (row), is_label_reading, first));
  doc = mv_session_get_document (f->session);
  g_assert_cmpuint (doc->imports->len, ==, 1);
  g_assert_cmpstr (((MvImportSpec *) g_ptr_array_index (doc->imports, 0))->path, ==, second);
  r = import_result (f, name);
  g_assert_true (r->ok);
  g_assert_cmpuint (r->bytes, ==, 9000);
  g_assert_cmphex (r->crc32, ==, second_crc);
  g_assert_nonnull (mv_map_view_get_scene (f->map)->pages_table);

  /* One undo step takes the first file back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_until_idle (f->session);
  g_assert_cmphex (import_result (f, name)->crc32, ==, first_crc);
  g_assert_nonnull (find_widget (GTK_WIDGET (row), is_label_reading, first));
}

/* Cancel, in each chooser, changes nothing. */
static void
test_chooser_cancel (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *data_path = NULL;
  g_autoptr(GFile) data_file = NULL;
  g_autoptr(MvDocument) before = NULL;
  struct { const char *action; const char *title; const char *name; } savers[] = {
    { "win.save", "Save the Document", "never.memviz" },
    { "win.save-as", "Save the Document", "never.memviz" },
    { "win.export", "Export the Picture", "never.png" },
  };
  GtkFileChooser *chooser;
  guint n_files;

  SKIP_WITHOUT_DISPLAY ();

  path = save_twelve_gig (f, "twelve.memviz");
  data_path = g_build_filename (f->tmpdir, "data.bin", NULL);
  data_file = g_file_new_for_path (data_path);
  write_data_file (data_path, 3000, 5);
  mv_editor_add_file_import (f->editor, data_file);
  wait_until_idle (f->session);
  set_text (field (f, "ram"), "10G");
  wait_for_paint (f);
  before = mv_session_dup_document (f->session);
  n_files = test_count_dir_entries (f->tmpdir);

  /* Open: a file chosen, then Cancel. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open", NULL));
  chooser = wait_for_chooser ("Open a Document");
  choose_file (chooser, path);
  press (chooser, GTK_RESPONSE_CANCEL, "_Cancel");

  /* Save, Save As, Export: a name typed, then Cancel. */
  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), savers[i].action, NULL));
      chooser = wait_for_chooser (savers[i].title);
      choose_name (chooser, f->tmpdir, savers[i].name);
      press (chooser, GTK_RESPONSE_CANCEL, "_Cancel");
    }

  /* The import row's chooser: another file chosen, then Cancel. */
  chooser = click_choose (first_import_row (f));
  choose_file (chooser, path);
  press (chooser, GTK_RESPONSE_CANCEL, "_Cancel");
  g_assert_nonnull (find_widget (GTK_WIDGET (first_import_row (f)), is_label_reading, data_path));

  g_assert_cmpuint (count_windows (), ==, 1);
  g_assert_cmpuint (test_count_dir_entries (f->tmpdir), ==, n_files);
  g_assert_null (find_dialog ());
  g_assert_null (mv_session_get_file (f->session));
  g_assert_true (mv_session_get_modified (f->session));
  g_assert_true (mv_document_equal (before, mv_session_get_document (f->session)));
}

static gboolean
in_folder (GtkFileChooser *chooser,
           const char     *path)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (chooser);
  g_autoptr(GFile) expected = g_file_new_for_path (path);

  return folder != NULL && g_file_equal (folder, expected);
}

/* The Boot section's kernel chooser: it starts in /boot (where Linux
 * keeps its kernels), then on the kernel chosen; Open chooses it. */
static void
test_chooser_boot_kernel (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *kernel = NULL;
  GtkFileChooser *chooser;

  SKIP_WITHOUT_DISPLAY ();

  kernel = g_build_filename (f->tmpdir, "vmlinuz", NULL);
  write_data_file (kernel, 4096, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field (f, "loader")), 1);
  wait_for_update (f);

  g_signal_emit_by_name (field (f, "kernel"), "clicked");
  chooser = wait_for_chooser ("Choose a Linux kernel (bzImage or vmlinux)");
  if (g_file_test ("/boot", G_FILE_TEST_IS_DIR))
    g_assert_true (in_folder (chooser, "/boot"));
  choose_file (chooser, kernel);
  press (chooser, GTK_RESPONSE_ACCEPT, "_Open");
  wait_until_idle (f->session);
  g_assert_cmpstr (mv_session_get_document (f->session)->boot.kernel, ==, kernel);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (field (f, "kernel"))), ==, "vmlinuz");

  /* Again: on the file chosen, in its folder. */
  g_signal_emit_by_name (field (f, "kernel"), "clicked");
  chooser = wait_for_chooser ("Choose a Linux kernel (bzImage or vmlinux)");
  g_assert_true (in_folder (chooser, f->tmpdir));
  press (chooser, GTK_RESPONSE_CANCEL, "_Cancel");
  g_assert_cmpstr (mv_session_get_document (f->session)->boot.kernel, ==, kernel);
}

int
main (int    argc,
      char **argv)
{
  ui_fixture_init (&argc, &argv);
  UI_ADD ("/ui/chooser/open", test_chooser_open);
  UI_ADD ("/ui/chooser/save-as", test_chooser_save_as);
  UI_ADD ("/ui/chooser/export", test_chooser_export);
  UI_ADD ("/ui/chooser/import-file", test_chooser_import_file);
  UI_ADD ("/ui/chooser/cancel", test_chooser_cancel);
  UI_ADD ("/ui/chooser/boot-kernel", test_chooser_boot_kernel);
  return ui_fixture_run ();
}
