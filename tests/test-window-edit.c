/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: the window's document edited: RAM and gaps in
 * the editor, undo and redo, sizes tidied, the range list, presets (the
 * chooser, its undo note, presets from an MTRR dump, the model). */
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

static char *
mtrr_values (Fixture *f)
{
  const MvScenario *sc = mv_session_get_scenario (f->session);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (sc);
  g_assert_nonnull (sc->variable_mtrrs);
  for (guint i = 0; i < sc->variable_mtrrs->len; i++)
    g_string_append_printf (s, "%016" G_GINT64_MODIFIER "x ",
                            g_array_index (sc->variable_mtrrs, MvX86Register, i).value);
  return g_string_free (s, FALSE);
}

static void
test_default_preset (Fixture       *f,
                     gconstpointer  data)
{
  const MvScene *scene;

  SKIP_WITHOUT_DISPLAY ();

  scene = mv_map_view_get_scene (f->map);
  g_assert_nonnull (scene);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_LAYOUT, 0), >=, 0);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_PAIR, 0), >=, 0);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_EFFECTIVE, 0), >=, 0);
  g_assert_null (mv_session_get_error (f->session));
  g_assert_false (mv_session_get_modified (f->session));
  g_assert_cmpstr (gtk_editable_get_text (mv_size_entry_get_editable (MV_SIZE_ENTRY (field (f, "ram")))),
                   ==, "8 GiB");
}

static void
test_ram_size_changes_mtrrs (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *table_before = NULL;
  g_autofree char *table_after = NULL;
  g_autofree char *layout_before = NULL;
  g_autofree char *layout_after = NULL;
  g_autofree char *effective_before = NULL;
  g_autofree char *effective_after = NULL;
  const MvScene *scene;
  guint64 total = 0;

  SKIP_WITHOUT_DISPLAY ();

  before = mtrr_values (f);
  scene = mv_map_view_get_scene (f->map);
  table_before = table_text (scene->mtrr_table);
  layout_before = lane_text (scene, MV_LANE_LAYOUT);
  effective_before = lane_text (scene, MV_LANE_EFFECTIVE);

  set_text (field (f, "ram"), "0x400000000");
  wait_for_paint (f);

  g_assert_true (mv_document_ram_total (mv_session_get_document (f->session), &total));
  g_assert_cmpuint (total, ==, (guint64) 16 << 30);
  after = mtrr_values (f);
  g_assert_cmpstr (before, !=, after);

  scene = mv_map_view_get_scene (f->map);
  table_after = table_text (scene->mtrr_table);
  g_assert_cmpstr (table_before, !=, table_after);
  /* The map: RAM now runs on past the high MMIO gap to 0x428000000, and the
   * effective types follow the new pairs. */
  layout_after = lane_text (scene, MV_LANE_LAYOUT);
  effective_after = lane_text (scene, MV_LANE_EFFECTIVE);
  g_assert_cmpstr (layout_before, !=, layout_after);
  g_assert_nonnull (strstr (layout_after, "228000000-428000000 RAM"));
  g_assert_cmpstr (effective_before, !=, effective_after);
  g_assert_true (mv_session_get_modified (f->session));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (mv_window_get_part (f->window, "error-revealer"))));

  /* "8 GiB" and "8G" are the same value. */
  set_text (field (f, "ram"), "8 GiB");
  wait_for_paint (f);
  g_assert_true (mv_document_ram_total (mv_session_get_document (f->session), &total));
  g_assert_cmpuint (total, ==, (guint64) 8 << 30);
  g_free (after);
  after = mtrr_values (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_invalid_gap (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MvDocument) before = NULL;
  g_autofree char *help = NULL;
  GtkWidget *low = NULL;
  GtkWidget *revealer = NULL;
  const char *label;
  const MvScenario *good;

  SKIP_WITHOUT_DISPLAY ();

  revealer = mv_window_get_part (f->window, "error-revealer");
  low = field (f, "low-mmio");
  help = g_strdup (gtk_widget_get_tooltip_text (low));
  g_assert_nonnull (help);
  before = mv_document_copy (mv_session_get_document (f->session));
  good = mv_session_get_scenario (f->session);

  /* Text that does not parse: the field is marked, the document stays;
   * the error takes the place of the field's help in its tooltip. */
  set_text (low, "0xf8000000+12x");
  wait_for_update (f);
  g_assert_nonnull (mv_editor_get_error (f->editor));
  g_assert_true (gtk_widget_has_css_class (low, "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (low), !=, help);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_true (mv_document_equal (before, mv_session_get_document (f->session)));
  g_assert_true (mv_session_get_scenario (f->session) == good);

  /* A gap that parses but overlaps RAM's other gap: upstream's error,
   * the last good picture stays, dimmed. */
  set_text (low, "0x200000000+512M");
  wait_for_paint (f);
  g_assert_null (mv_editor_get_error (f->editor));
  g_assert_nonnull (mv_session_get_error (f->session));
  g_assert_true (strstr (mv_session_get_error (f->session), "BadMemoryRanges") != NULL);
  g_assert_true (mv_session_get_stale (f->session));
  g_assert_nonnull (mv_session_get_scenario (f->session));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->map), "stale"));
  label = gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "error-label")));
  g_assert_true (strstr (label, "BadMemoryRanges") != NULL);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  /* Fixing it brings the picture back, and the field's help. */
  set_text (low, "0xf8000000+128M");
  wait_for_paint (f);
  g_assert_null (mv_session_get_error (f->session));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (low), ==, help);
  g_assert_false (mv_session_get_stale (f->session));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->map), "stale"));
  {
    g_autofree char *a = mv_document_to_data (before, NULL);
    g_autofree char *b = mv_document_to_data (mv_session_get_document (f->session), NULL);

    g_assert_cmpstr (a, ==, b);
  }
  g_assert_true (mv_document_equal (before, mv_session_get_document (f->session)));
}

static void
test_undo_redo (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *ram, *width;
  guint64 total = 0;

  SKIP_WITHOUT_DISPLAY ();

  ram = field (f, "ram");
  width = field (f, "width");
  g_assert_false (mv_session_can_undo (f->session));
  {
    g_autofree char *tip = _mv_window_history_tooltip (f->window, FALSE);

    g_assert_cmpstr (tip, ==, "Undo (Ctrl+Z)");
    g_assert_true (gtk_widget_get_has_tooltip (mv_window_get_part (f->window, "undo-button")));
  }

  /* Typing "16G" keystroke by keystroke is one undo step. */
  set_text (ram, "1");
  set_text (ram, "16");
  set_text (ram, "16G");
  mv_session_break_merge (f->session);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (width), 40);
  wait_for_update (f);
  g_assert_cmpuint (mv_session_get_document (f->session)->address_width, ==, 40);
  {
    /* The buttons' tooltips name the step, asked for when shown. */
    g_autofree char *tip = _mv_window_history_tooltip (f->window, FALSE);

    g_assert_cmpstr (tip, ==, "Undo: Change the address width (Ctrl+Z)");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_for_update (f);
  g_assert_cmpuint (mv_session_get_document (f->session)->address_width, ==, 46);
  {
    g_autofree char *tip = _mv_window_history_tooltip (f->window, TRUE);

    g_assert_cmpstr (tip, ==, "Redo: Change the address width (Ctrl+Shift+Z)");
  }
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (width)), ==, 46);
  mv_document_ram_total (mv_session_get_document (f->session), &total);
  g_assert_cmpuint (total, ==, (guint64) 16 << 30);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  wait_for_update (f);
  mv_document_ram_total (mv_session_get_document (f->session), &total);
  g_assert_cmpuint (total, ==, (guint64) 8 << 30);
  g_assert_cmpstr (gtk_editable_get_text (mv_size_entry_get_editable (MV_SIZE_ENTRY (ram))), ==, "8 GiB");
  g_assert_false (mv_session_can_undo (f->session));
  g_assert_false (mv_session_get_modified (f->session));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  wait_for_paint (f);
  mv_document_ram_total (mv_session_get_document (f->session), &total);
  g_assert_cmpuint (total, ==, (guint64) 16 << 30);
  g_assert_cmpuint (mv_session_get_document (f->session)->address_width, ==, 40);
  g_assert_false (mv_session_can_redo (f->session));
}

/* A size typed in short is tidied when the field is left ("12G" to
 * "12 GiB"); a hexadecimal one stays as typed. */
static void
test_size_tidied (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *ram, *vcnt;
  GtkEditable *text;
  guint64 total = 0;

  SKIP_WITHOUT_DISPLAY ();

  ram = field (f, "ram");
  vcnt = field (f, "vcnt");
  text = mv_size_entry_get_editable (MV_SIZE_ENTRY (ram));
  gtk_widget_grab_focus (GTK_WIDGET (text));
  set_text (ram, "12G");
  wait_for_paint (f);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "12G");
  gtk_widget_grab_focus (vcnt);
  wait_for_update (f);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "12 GiB");
  g_assert_true (mv_document_ram_total (mv_session_get_document (f->session), &total));
  g_assert_cmpuint (total, ==, (guint64) 12 << 30);

  /* The window losing the focus (another window in front) leaves the
   * text as typed: the user goes on typing where they were. */
  gtk_widget_grab_focus (GTK_WIDGET (text));
  set_text (ram, "13G");
  wait_for_paint (f);
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (text));
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_FOCUS (c) && g_signal_has_handler_pending (c, g_signal_lookup ("leave", GTK_TYPE_EVENT_CONTROLLER_FOCUS), 0, FALSE))
          {
            g_signal_emit_by_name (c, "leave");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "13G");
  /* Enter tidies it, the cursor at its end. */
  g_signal_emit_by_name (text, "activate");
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "13 GiB");
  g_assert_cmpint (gtk_editable_get_position (text), ==, (int) strlen ("13 GiB"));

  gtk_widget_grab_focus (GTK_WIDGET (text));
  set_text (ram, "0x380000000");
  wait_for_paint (f);
  gtk_widget_grab_focus (vcnt);
  wait_for_update (f);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "0x380000000");
}

static void
test_presets (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) presets = mv_presets_list ();

  SKIP_WITHOUT_DISPLAY ();

  for (guint i = 0; i < presets->len; i++)
    {
      const MvPresetInfo *info = g_ptr_array_index (presets, i);
      g_autoptr(GVariant) name = g_variant_ref_sink (g_variant_new_string (info->name));

      g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window), "win.load-preset", name));
      wait_for_paint (f);
      g_assert_nonnull (mv_map_view_get_scene (f->map));
      g_assert_null (mv_session_get_error (f->session));
    }
}

static void
test_range_list (Fixture       *f,
                 gconstpointer  data)
{
  MvRangeList *list;
  GtkEditable *row;
  guint n_mmio;

  SKIP_WITHOUT_DISPLAY ();

  list = MV_RANGE_LIST (field (f, "pci-ecam"));
  mv_range_list_add_row (list, "");
  g_assert_cmpuint (mv_range_list_get_n_rows (list), ==, 1);
  row = mv_range_list_get_row_editable (list, 0);
  gtk_editable_set_text (row, "0xe0000000+64M");
  wait_for_paint (f);
  g_assert_cmpuint (mv_session_get_document (f->session)->pci_ecam->len, ==, 1);
  g_assert_null (mv_session_get_error (f->session));

  /* Overlapping the low MMIO gap: upstream's BadMemoryRanges. */
  gtk_editable_set_text (row, "0xf0000000+256M");
  wait_for_paint (f);
  g_assert_nonnull (mv_session_get_error (f->session));
  n_mmio = mv_session_get_document (f->session)->mmio->len;
  g_assert_cmpuint (n_mmio, ==, 2);
}

/* The preset chooser shows each preset's description, upstream's test
 * layouts in a section of their own, under names for users. */
static void
test_preset_chooser (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) presets = mv_presets_list ();
  GtkListBox *list = GTK_LIST_BOX (mv_window_get_part (f->window, "presets-list"));
  gboolean in_tests = FALSE;
  guint n_rows = 0, n_test = 0;
  GtkListBoxRow *row;

  SKIP_WITHOUT_DISPLAY ();

  while ((row = gtk_list_box_get_row_at_index (list, (int) n_rows)) != NULL)
    {
      GString *text = g_string_new (NULL);
      GtkWidget *header = gtk_list_box_row_get_header (row);
      const MvPresetInfo *info = NULL;
      g_autofree char *shown = NULL;

      append_label_text (GTK_WIDGET (row), text);
      shown = g_string_free (text, FALSE);
      for (guint i = 0; i < presets->len; i++)
        {
          const MvPresetInfo *p = g_ptr_array_index (presets, i);

          if (g_str_has_prefix (shown, p->title) && shown[strlen (p->title)] == '\n')
            info = p;
        }
      g_assert_nonnull (info);
      g_assert_nonnull (info->description);
      g_assert_cmpstr (strchr (shown, '\n') + 1, ==, info->description);
      g_assert_null (strstr (shown, "Seed test"));

      if (header != NULL && strstr (gtk_label_get_text (GTK_LABEL (header)), "Test layouts") != NULL)
        in_tests = TRUE;
      g_assert_true (in_tests == g_str_has_prefix (info->name, "seed-"));
      n_test += in_tests;
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, presets->len);
  g_assert_cmpuint (n_test, >, 0);
  g_assert_cmpuint (n_test, <, n_rows);

  /* Choosing one loads it. */
  row = gtk_list_box_get_row_at_index (list, 1);
  g_signal_emit_by_name (list, "row-activated", row);
  wait_for_paint (f);
  g_assert_cmpstr (mv_session_get_document (f->session)->title, !=, "OpenVMM default, 8 GiB");
}

/* A preset replacing an edited document says that Undo brings it back,
 * with a button that does; Ctrl+Z works as before. */
static void
test_preset_undo_note (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *note = mv_window_get_part (f->window, "note");
  GtkWidget *button = mv_window_get_part (f->window, "note-button");
  const char *text;

  SKIP_WITHOUT_DISPLAY ();

  /* Nothing edited: nothing to say. */
  g_assert_true (mv_window_load_preset (f->window, "pcat", &error));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (note)));

  set_text (field (f, "ram"), "12G");
  wait_for_paint (f);
  g_assert_true (mv_window_load_preset (f->window, "uefi", &error));
  g_assert_no_error (error);
  wait_for_paint (f);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (note)));
  text = gtk_label_get_text (GTK_LABEL (mv_window_get_part (f->window, "note-label")));
  g_assert_nonnull (strstr (text, "UEFI"));
  g_assert_nonnull (strstr (text, "Undo"));
  g_assert_true (gtk_widget_get_visible (button));

  g_signal_emit_by_name (button, "clicked");
  wait_for_paint (f);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (note)));
  /* The edited PCAT layout, titled after the preset it came from. */
  g_assert_cmpstr (mv_session_get_document (f->session)->title, ==, "Based on \u201cPCAT BIOS\u201d");
  g_assert_cmpuint (g_array_index (mv_session_get_document (f->session)->ram_sizes, guint64, 0), ==,
                    G_GUINT64_CONSTANT (12) << 30);

  /* Redo and Ctrl+Z's action do the same. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  g_assert_cmpstr (mv_session_get_document (f->session)->title, ==, "UEFI");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpstr (mv_session_get_document (f->session)->title, ==, "Based on \u201cPCAT BIOS\u201d");
}

typedef struct
{
  GListModel *model;
  guint       n;
} ItemCount;

static gboolean
model_has_n_items (gconstpointer data)
{
  const ItemCount *c = data;

  return g_list_model_get_n_items (c->model) == c->n;
}

/* Presets stay usable over an MTRR dump: the one chosen opens in a new
 * window, and the dump's window keeps the dump. */
static void
test_presets_from_dump (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) name = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  ItemCount count;
  guint windows;
  MvWindow *other = NULL;

  SKIP_WITHOUT_DISPLAY ();

  open_dump_for_presets (f);
  g_assert_true (gtk_widget_get_sensitive (f->window->presets_button));
  g_assert_true (gtk_widget_is_sensitive (mv_window_get_part (f->window, "presets-list")) ||
                 !gtk_widget_get_mapped (mv_window_get_part (f->window, "presets-list")));

  windows = g_list_model_get_n_items (toplevels);
  name = g_variant_ref_sink (g_variant_new_string ("uefi"));
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window), "win.load-preset", name));
  count.model = toplevels;
  count.n = windows + 1;
  wait_until (model_has_n_items, &count, "a new window for the preset");
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, windows + 1);

  /* This window still shows the dump. */
  g_assert_false (mv_view_source_get_editable (mv_session_get_source (f->session)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "title"))), ==,
                   "dump-mtrr.txt");

  /* The new one shows the preset, ready to edit. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (MV_IS_WINDOW (w) && MV_WINDOW (w) != f->window)
        other = MV_WINDOW (w);
    }
  g_assert_nonnull (other);
  g_assert_true (mv_view_source_get_editable (other->source));
  g_assert_cmpstr (mv_session_get_preset (other->session), ==, "uefi");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (mv_window_get_part (other, "title"))), "UEFI"));
  gtk_window_destroy (GTK_WINDOW (other));

  /* The same through the public call. */
  g_assert_true (mv_window_load_preset (f->window, "pcat", &error));
  g_assert_no_error (error);
  wait_until (model_has_n_items, &count, "a new window for the preset");
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, windows + 1);
  g_assert_false (mv_view_source_get_editable (mv_session_get_source (f->session)));
}

/* A NULL window is refused with a critical, not dereferenced. */
static void
test_get_part_null (void)
{
  g_test_expect_message ("memviz-ui", G_LOG_LEVEL_CRITICAL, "*MV_IS_WINDOW*");
  g_assert_null (mv_window_get_part (NULL, "editor"));
  g_test_assert_expected_messages ();
}

static void
record_preset (MvPresetsPopover  *popover,
               const char        *name,
               char             **chosen)
{
  g_free (*chosen);
  *chosen = g_strdup (name);
}

/* The Presets list's rows come from a model of preset items, in order:
 * the layouts, then upstream's test layouts under a header of their own;
 * activating a row emits its preset's name. */
static void
test_presets_model (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) presets = mv_presets_list ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autofree char *chosen = NULL;
  guint first_test = 0;
  GtkWidget *popover;
  GtkListBox *list;
  GtkListBoxRow *row;
  gulong id;

  SKIP_WITHOUT_DISPLAY ();

  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        first_test = expected->len;
      for (guint i = 0; i < presets->len; i++)
        {
          const MvPresetInfo *info = g_ptr_array_index (presets, i);

          if (g_str_has_prefix (info->name, "seed-") == (pass == 1))
            g_ptr_array_add (expected, info->name);
        }
    }
  g_assert_cmpuint (first_test, >, 0);
  g_assert_cmpuint (first_test, <, expected->len);

  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (f->window->presets_button)));
  g_assert_true (MV_IS_PRESETS_POPOVER (popover));
  list = GTK_LIST_BOX (mv_presets_popover_get_list (MV_PRESETS_POPOVER (popover)));
  g_assert_true (GTK_WIDGET (list) == mv_window_get_part (f->window, "presets-list"));
  for (guint i = 0; i < expected->len; i++)
    {
      MvPresetItem *item;

      row = gtk_list_box_get_row_at_index (list, (int) i);
      g_assert_true (MV_IS_PRESET_ROW (row));
      item = mv_preset_row_get_item (MV_PRESET_ROW (row));
      g_assert_cmpstr (mv_preset_item_get_name (item), ==, g_ptr_array_index (expected, i));
      g_assert_true (mv_preset_item_get_is_test (item) == (i >= first_test));
      g_assert_true ((gtk_list_box_row_get_header (row) != NULL) == (i == 0 || i == first_test));
    }
  g_assert_null (gtk_list_box_get_row_at_index (list, (int) expected->len));

  id = g_signal_connect (popover, "activated", G_CALLBACK (record_preset), &chosen);
  row = gtk_list_box_get_row_at_index (list, (int) first_test);
  g_signal_emit_by_name (list, "row-activated", row);
  g_signal_handler_disconnect (popover, id);
  g_assert_cmpstr (chosen, ==, g_ptr_array_index (expected, first_test));
  wait_for_paint (f);
  g_assert_null (mv_session_get_error (f->session));
}

int
main (int    argc,
      char **argv)
{
  ui_fixture_init (&argc, &argv);
  g_test_add_func ("/ui/window/get-part-null", test_get_part_null);
  UI_ADD ("/ui/window/default-preset", test_default_preset);
  UI_ADD ("/ui/window/ram-size-changes-mtrrs", test_ram_size_changes_mtrrs);
  UI_ADD ("/ui/window/invalid-gap", test_invalid_gap);
  UI_ADD ("/ui/window/undo-redo", test_undo_redo);
  UI_ADD ("/ui/window/size-tidied", test_size_tidied);
  UI_ADD ("/ui/window/presets", test_presets);
  UI_ADD ("/ui/window/range-list", test_range_list);
  UI_ADD ("/ui/window/preset-chooser", test_preset_chooser);
  UI_ADD ("/ui/window/preset-undo-note", test_preset_undo_note);
  UI_ADD ("/ui/window/presets-from-dump", test_presets_from_dump);
  UI_ADD ("/ui/window/presets-model", test_presets_model);
  return ui_fixture_run ();
}
