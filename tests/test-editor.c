/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: the editor inside the window, typed into as a user does. */
#include "mv-mtrr-state.h"
#include "mv-ui-fixture.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* --- editor: undo steps, address width, document, messages ------------- */

/* Types @text at the cursor the way keystrokes do: over the selection, if
 * any, one character at a time. */
static void
type_text (GtkEditable *e,
           const char  *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      int pos;

      if (gtk_editable_get_selection_bounds (e, NULL, NULL))
        gtk_editable_delete_selection (e);
      pos = gtk_editable_get_position (e);
      gtk_editable_insert_text (e, p, 1, &pos);
      gtk_editable_set_position (e, pos);
    }
}

static guint64
ram_total (Fixture *f)
{
  guint64 total = 0;

  g_assert_true (mv_document_ram_total (mv_session_get_document (f->session), &total));
  return total;
}

static void
test_undo_new_burst (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *ram;
  GtkEditable *text;

  SKIP_WITHOUT_DISPLAY ();

  /* The steps here end where the user ends them (select all and type
   * over, or leave the field), not after a pause: a pause of a second
   * between two edits of one burst, which a busy machine can make, would
   * end a step too. The test takes the pause out of it: no pause ends a
   * step (test-session checks the pause). */
  mv_history_set_merge_timeout (mv_session_get_history (f->session), G_MAXINT64);
  ram = field (f, "ram");
  text = mv_size_entry_get_editable (MV_SIZE_ENTRY (ram));
  gtk_widget_grab_focus (ram);
  wait_for_update (f);

  /* 8 GiB -> 12 GiB, then (select all) 16 GiB: two steps. */
  gtk_editable_select_region (text, 0, -1);
  type_text (text, "12G");
  wait_for_update (f);
  g_assert_cmpuint (ram_total (f), ==, (guint64) 12 << 30);
  gtk_editable_select_region (text, 0, -1);
  type_text (text, "16G");
  wait_for_update (f);
  g_assert_cmpuint (ram_total (f), ==, (guint64) 16 << 30);

  /* Select all, type 16Q: "1" and "16" apply (bad sizes), "Q" does not
   * parse. Undo goes back to the 16 GiB typed before, not to 12 GiB. */
  gtk_editable_select_region (text, 0, -1);
  type_text (text, "16Q");
  wait_for_update (f);
  g_assert_nonnull (mv_editor_get_error (f->editor));
  g_assert_cmpuint (ram_total (f), ==, 16);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_for_update (f);
  g_assert_cmpuint (ram_total (f), ==, (guint64) 16 << 30);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "16 GiB");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_for_update (f);
  g_assert_cmpuint (ram_total (f), ==, (guint64) 12 << 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_for_update (f);
  g_assert_cmpuint (ram_total (f), ==, (guint64) 8 << 30);
  g_assert_false (mv_session_can_undo (f->session));

  /* Leaving the field ends the step too: 8 GiB -> 32 GiB, focus away and
   * back, edit the unit at the end: undo goes back to 32 GiB. */
  gtk_widget_grab_focus (ram);
  gtk_editable_select_region (text, 0, -1);
  type_text (text, "32G");
  wait_for_update (f);
  gtk_widget_grab_focus (field (f, "numa"));
  wait_for_update (f);
  gtk_widget_grab_focus (ram);
  wait_for_update (f);
  gtk_editable_select_region (text, 2, -1);
  gtk_editable_delete_selection (text);
  gtk_editable_set_position (text, -1);
  type_text (text, "M");
  wait_for_update (f);
  g_assert_cmpuint (ram_total (f), ==, (guint64) 32 << 20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_for_update (f);
  g_assert_cmpuint (ram_total (f), ==, (guint64) 32 << 30);
}

static void
test_width_applies_while_typing (Fixture       *f,
                                 gconstpointer  data)
{
  GtkWidget *width;
  GtkEditable *text;
  const MvScenario *sc;

  SKIP_WITHOUT_DISPLAY ();

  width = field (f, "width");
  text = GTK_EDITABLE (width);
  gtk_widget_grab_focus (width);
  wait_for_update (f);

  /* Typing 30 applies without Tab or Enter: the document, the note and
   * the picture follow. */
  gtk_editable_select_region (text, 0, -1);
  type_text (text, "30");
  wait_for_paint (f);
  g_assert_cmpuint (mv_session_get_document (f->session)->address_width, ==, 30);
  g_assert_cmpuint (mv_session_get_scenario_document (f->session)->address_width, ==, 30);
  sc = mv_session_get_scenario (f->session);
  g_assert_nonnull (sc);
  g_assert_cmpuint (sc->width, ==, 36);  /* upstream clamps it */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (width))), ==,
                   "upstream uses 36");
  g_assert_false (gtk_widget_has_css_class (width, "error"));
  g_assert_null (mv_editor_get_error (f->editor));

  /* Out of range: marked, named, not applied. */
  gtk_editable_select_region (text, 0, -1);
  type_text (text, "0");
  wait_for_update (f);
  g_assert_true (gtk_widget_has_css_class (width, "error"));
  g_assert_nonnull (mv_editor_get_error (f->editor));
  g_assert_true (g_str_has_prefix (mv_editor_get_error (f->editor), "Address width"));
  g_assert_cmpuint (mv_session_get_document (f->session)->address_width, ==, 30);

  /* Fixed: applied, unmarked; one undo step for the burst goes back to 46. */
  gtk_editable_select_region (text, 0, -1);
  type_text (text, "40");
  wait_for_update (f);
  g_assert_cmpuint (mv_session_get_document (f->session)->address_width, ==, 40);
  g_assert_false (gtk_widget_has_css_class (width, "error"));
  g_assert_null (mv_editor_get_error (f->editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_for_update (f);
  g_assert_cmpuint (mv_session_get_document (f->session)->address_width, ==, 30);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "30");
}

static void
test_gap_error_names (Fixture       *f,
                      gconstpointer  data)
{
  const char *error, *label;
  MvRangeList *list;

  SKIP_WITHOUT_DISPLAY ();

  /* The newcomer's overlap: the banner names the fields, not "MMIO gaps
   * 1 and 2", and keeps upstream's error kind. */
  set_text (field (f, "low-mmio"), "3G-4G");
  set_text (field (f, "high-mmio"), "0xE0000000+1G");
  wait_for_paint (f);
  error = mv_session_get_error (f->session);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error, "BadMemoryRanges: "));
  g_assert_nonnull (strstr (error, "the Low MMIO gap (0xc0000000+1 GiB) and "
                                   "the High MMIO gap (0xe0000000+1 GiB) overlap"));
  g_assert_null (strstr (error, "gaps 1 and 2"));
  label = gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "error-label")));
  g_assert_nonnull (strstr (label, "the High MMIO gap"));
  g_assert_true (gtk_widget_has_css_class (field (f, "low-mmio"), "error"));
  g_assert_true (gtk_widget_has_css_class (field (f, "high-mmio"), "error"));

  /* A PCI ECAM row over the low gap: named by its list and row. */
  set_text (field (f, "high-mmio"), "0x208000000+512M");
  set_text (field (f, "low-mmio"), "0xf8000000+128M");
  wait_for_paint (f);
  g_assert_null (mv_session_get_error (f->session));
  list = MV_RANGE_LIST (field (f, "pci-ecam"));
  mv_range_list_add_row (list, "");
  gtk_editable_set_text (mv_range_list_get_row_editable (list, 0), "0xf0000000+256M");
  wait_for_update (f);
  error = mv_session_get_error (f->session);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "PCI ECAM gap 1 (0xf0000000+256 MiB) and "
                                   "the Low MMIO gap (0xf8000000+128 MiB) overlap"));
  g_assert_cmpstr (mv_session_get_error_field (f->session), ==, "low-mmio");
  g_assert_true (gtk_widget_has_css_class (field (f, "low-mmio"), "error"));
  g_assert_false (gtk_widget_has_css_class (field (f, "high-mmio"), "error"));
}

static void
test_import_rows_readable (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *list;
  guint n_rows = 0;
  gboolean seen_initrd = FALSE;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_true (mv_window_load_preset (f->window, "linux-direct", &error));
  g_assert_no_error (error);
  wait_for_paint (f);
  wait_for_update (f);

  /* Sizes in the picture's words, not raw bytes; nothing cut short at the
   * default width (1280 x 800). */
  list = field (f, "imports");
  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (c));
      const char *summary;

      if (!MV_IS_IMPORT_ROW (row))
        continue;
      n_rows++;
      summary = mv_import_row_get_summary (MV_IMPORT_ROW (row));
      g_assert_false (mv_import_row_get_clipped (MV_IMPORT_ROW (row)));
      if (g_strcmp0 (mv_import_row_get_name (MV_IMPORT_ROW (row)), "initrd") == 0)
        {
          g_assert_cmpstr (summary, ==, "synthetic at 0xe00000 \u00b7 23.8 MiB");
          seen_initrd = TRUE;
        }
      g_assert_null (strstr (summary, "000000 B"));
    }
  g_assert_cmpuint (n_rows, >=, 5);
  g_assert_true (seen_initrd);

  /* The check sees clipping: a tag far too long for the sidebar. */
  {
    MvDocument *doc = mv_session_dup_document (f->session);

    for (guint i = 0; i < doc->imports->len; i++)
      {
        MvImportSpec *spec = g_ptr_array_index (doc->imports, i);

        if (g_strcmp0 (spec->name, "initrd") == 0)
          {
            g_free (spec->tag);
            spec->tag = g_strnfill (120, 'x');
          }
      }
    mv_session_edit (f->session, doc, NULL, NULL);
    wait_for_paint (f);
    wait_for_update (f);
  }
  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (c));

      if (MV_IS_IMPORT_ROW (row) && g_strcmp0 (mv_import_row_get_name (MV_IMPORT_ROW (row)), "initrd") == 0)
        g_assert_true (mv_import_row_get_clipped (MV_IMPORT_ROW (row)));
    }
}

static void
test_title_not_stale (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const MvScene *scene;
  const MvDocument *doc;

  SKIP_WITHOUT_DISPLAY ();

  /* The preset as loaded: its own words, and the facts. */
  scene = mv_map_view_get_scene (f->map);
  g_assert_cmpstr (scene->title, ==, "OpenVMM default, 8 GiB");
  g_assert_nonnull (strstr (scene->subtitle, "8 GiB RAM"));
  g_assert_nonnull (strstr (scene->subtitle, "low MMIO 0xf8000000+128 MiB"));
  g_assert_nonnull (strstr (scene->subtitle, "high MMIO 0x208000000+512 MiB"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (f, "title"))), ==, "OpenVMM default, 8 GiB");

  /* RAM 12 GiB: the subtitle says so; the preset's title, description
   * and comments no longer describe it. */
  set_text (field (f, "ram"), "12G");
  wait_for_paint (f);
  scene = mv_map_view_get_scene (f->map);
  g_assert_true (g_str_has_prefix (scene->subtitle, "12 GiB RAM"));
  g_assert_null (strstr (scene->subtitle, "8 GiB"));
  g_assert_cmpstr (scene->title, ==, "Based on \u201cOpenVMM default, 8 GiB\u201d");
  doc = mv_session_get_document (f->session);
  g_assert_null (doc->description);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (f, "title"))), ==, doc->title);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (f, "description"))), ==, "");
  {
    /* The export draws the same scene. */
    g_autoptr(MvScene) exported = _mv_window_build_scene (f->window);

    g_assert_cmpstr (exported->subtitle, ==, scene->subtitle);
    g_assert_cmpstr (exported->title, ==, scene->title);
  }

  /* Saved: no stale description, title or header comment; the picture
   * keeps the document's title, not the file's name. */
  path = g_build_filename (f->tmpdir, "edited.memviz", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (mv_session_save (f->session, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_null (strstr (saved, "description="));
  g_assert_null (strstr (saved, "128 MiB low MMIO"));
  g_assert_null (strstr (saved, "# High MMIO"));
  g_assert_null (strstr (saved, "title=OpenVMM default, 8 GiB\n"));
  g_assert_nonnull (strstr (saved, "ram=12 GiB"));
  wait_for_update (f);
  g_assert_cmpstr (mv_map_view_get_scene (f->map)->title, ==, "Based on \u201cOpenVMM default, 8 GiB\u201d");

  /* The user's own title and description: in the picture and the file. */
  set_text (field (f, "title"), "Test rig");
  set_text (field (f, "description"), "Twelve gigs for the initrd tests");
  wait_for_paint (f);
  g_assert_cmpstr (mv_map_view_get_scene (f->map)->title, ==, "Test rig");
  doc = mv_session_get_document (f->session);
  g_assert_cmpstr (doc->description, ==, "Twelve gigs for the initrd tests");
  g_assert_true (mv_session_save (f->session, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&saved, g_free);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "title=Test rig\n"));
  g_assert_nonnull (strstr (saved, "description=Twelve gigs for the initrd tests\n"));

  /* Editing the layout again keeps the user's words. */
  set_text (field (f, "ram"), "16G");
  wait_for_paint (f);
  g_assert_cmpstr (mv_session_get_document (f->session)->title, ==, "Test rig");
  g_assert_true (g_str_has_prefix (mv_map_view_get_scene (f->map)->subtitle, "16 GiB RAM"));

  /* Undo all the way: the preset's words come back with its layout. */
  while (mv_session_can_undo (f->session))
    mv_session_undo (f->session);
  wait_for_paint (f);
  doc = mv_session_get_document (f->session);
  g_assert_cmpstr (doc->title, ==, "OpenVMM default, 8 GiB");
  g_assert_nonnull (doc->description);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (f, "description"))), ==, doc->description);
}

/* The boot profile list holds every profile core knows, shows the
 * document's, and choosing another edits the document. */
static void
test_profile_dropdown (Fixture       *f,
                       gconstpointer  data)
{
  GtkDropDown *dropdown;
  const char *const *names = mv_mtrr_profile_names ();
  GListModel *model;
  GtkStringObject *shown;

  SKIP_WITHOUT_DISPLAY ();

  dropdown = GTK_DROP_DOWN (field (f, "profile"));
  model = gtk_drop_down_get_model (dropdown);
  g_assert_nonnull (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_strv_length ((char **) names));

  shown = gtk_drop_down_get_selected_item (dropdown);
  g_assert_nonnull (shown);
  g_assert_cmpstr (gtk_string_object_get_string (shown), ==, mv_session_get_document (f->session)->profile);

  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (names[i], "pcat") == 0)
      gtk_drop_down_set_selected (dropdown, i);
  wait_for_paint (f);
  g_assert_cmpstr (mv_session_get_document (f->session)->profile, ==, "pcat");
  g_assert_nonnull (strstr (mv_map_view_get_scene (f->map)->subtitle, "pcat"));
}

/* The title and description fields take no more than a document may hold
 * (4 KiB, 64 KiB): what the loader refuses, the editor must not save. */
static void
test_text_limits (Fixture       *f,
                  gconstpointer  data)
{
  GString *long_text = g_string_new (NULL);
  const MvDocument *doc;

  SKIP_WITHOUT_DISPLAY ();

  for (guint i = 0; i < 20000; i++)
    g_string_append (long_text, "\xf0\x9d\x94\x81");  /* 4 bytes a character */
  set_text (field (f, "title"), long_text->str);
  set_text (field (f, "description"), long_text->str);
  wait_for_paint (f);
  doc = mv_session_get_document (f->session);
  g_assert_cmpuint (strlen (doc->title), <=, MV_DOCUMENT_MAX_TITLE);
  g_assert_cmpuint (strlen (doc->title), >, 0);
  g_assert_cmpuint (strlen (doc->description), <=, MV_DOCUMENT_MAX_DESCRIPTION);
  g_string_free (long_text, TRUE);
}

int
main (int    argc,
      char **argv)
{
  ui_fixture_init (&argc, &argv);
  UI_ADD ("/ui/editor/undo-new-burst", test_undo_new_burst);
  UI_ADD ("/ui/editor/width-applies-while-typing", test_width_applies_while_typing);
  UI_ADD ("/ui/editor/gap-error-names", test_gap_error_names);
  UI_ADD ("/ui/editor/import-rows-readable", test_import_rows_readable);
  UI_ADD ("/ui/editor/title-not-stale", test_title_not_stale);
  UI_ADD ("/ui/editor/profile-dropdown", test_profile_dropdown);
  UI_ADD ("/ui/editor/text-limits", test_text_limits);
  return ui_fixture_run ();
}
