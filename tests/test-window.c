/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: the window: its pages, bars, dialogs and actions.
 * Over 1,000 lines: one program for one widget, many cases; the editor, the
 * map, the choosers and the editor's widgets have programs of their own. */
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

static char *
table_text (const MvSceneTable *table)
{
  GString *s = g_string_new (NULL);

  for (guint r = 0; r < table->rows->len; r++)
    {
      const MvTableRow *row = &g_array_index (table->rows, MvTableRow, r);
      g_autofree char *line = g_strjoinv ("|", row->cells);

      g_string_append_printf (s, "%s\n", line);
    }
  return g_string_free (s, FALSE);
}

/* --- tests -------------------------------------------------------------- */

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
after_paint (GdkFrameClock *clock,
             gboolean      *painted)
{
  *painted = TRUE;
}

static GdkTexture *
screenshot (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
}

static gboolean
has_colour (const guchar *pixels,
            gsize         stride,
            int           width,
            int           height,
            const MvColor *c)
{
  guchar r = (guchar) (c->red * 255 + 0.5), g = (guchar) (c->green * 255 + 0.5), b = (guchar) (c->blue * 255 + 0.5);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + y * stride + x * 4;  /* B G R A */

        if (abs (p[2] - r) <= 3 && abs (p[1] - g) <= 3 && abs (p[0] - b) <= 3)
          return TRUE;
      }
  return FALSE;
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree char *path = NULL;
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  MvRenderStyle style;
  gulong id;
  int w, h;
  gsize stride;

  SKIP_WITHOUT_DISPLAY ();

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);

  texture = screenshot (GTK_WIDGET (f->window));
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  g_assert_cmpint (w, >=, 1000);
  g_assert_cmpint (h, >=, 600);
  stride = (gsize) w * 4;
  pixels = g_malloc (stride * h);
  gdk_texture_download (texture, pixels, stride);

  path = g_build_filename (g_getenv ("MEMVIZ_SCREENSHOT_DIR") ? g_getenv ("MEMVIZ_SCREENSHOT_DIR") : f->tmpdir,
                           "memviz-window.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  /* Not blank: many colours. */
  for (int y = 0; y < h; y += 3)
    for (int x = 0; x < w; x += 3)
      {
        const guchar *p = pixels + y * stride + x * 4;

        g_hash_table_add (colours, GUINT_TO_POINTER ((p[0] << 16) | (p[1] << 8) | p[2]));
      }
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);

  /* The lanes are there: RAM (layout lane), MMIO and write-back (MTRR and
   * effective lanes) in the renderer's own colours. */
  mv_map_view_fill_style (f->map, &style);
  g_assert_true (has_colour (pixels, stride, w, h, &style.fills[MV_FILL_RAM]));
  g_assert_true (has_colour (pixels, stride, w, h, &style.fills[MV_FILL_WB]));
  g_assert_true (has_colour (pixels, stride, w, h, &style.fills[MV_FILL_UC]));
}

static void
test_explain_low_mmio (Fixture       *f,
                       gconstpointer  data)
{
  const char *text;
  GtkWidget *revealer;

  SKIP_WITHOUT_DISPLAY ();

  /* Why is the low MMIO gap write-back? Pin an address in it. */
  g_signal_emit_by_name (f->map, "pin", (guint64) 0xfc000000);
  revealer = mv_window_get_part (f->window, "explain-revealer");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  text = gtk_label_get_text (GTK_LABEL (mv_window_get_part (f->window, "explain-title")));
  g_assert_true (strstr (text, "0xfc000000") != NULL);
  g_assert_true (strstr (text, "WB") != NULL);
  text = gtk_label_get_text (GTK_LABEL (mv_window_get_part (f->window, "explain-label")));
  g_assert_true (strstr (text, "MtrrPhysBase1") != NULL);
  g_assert_true (strstr (text, "MMIO") != NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.unpin", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
}

static void
test_zoom (Fixture       *f,
           gconstpointer  data)
{
  guint64 start, end, full_start, full_end;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_false (mv_map_view_get_window (f->map, &full_start, &full_end));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-in", NULL));
  wait_for_paint (f);
  g_assert_true (mv_map_view_get_window (f->map, &start, &end));
  g_assert_cmpuint (end - start, <, full_end - full_start);

  /* Edits keep the zoom window. */
  set_text (field (f, "ram"), "9G");
  wait_for_paint (f);
  g_assert_true (mv_map_view_get_window (f->map, &start, &end));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-fit", NULL));
  wait_for_paint (f);
  g_assert_false (mv_map_view_get_window (f->map, &start, &end));
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
test_copy_tables (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;

  SKIP_WITHOUT_DISPLAY ();

  text = mv_window_dup_status_text (f->window);
  g_assert_true (strstr (text, "MtrrPhysBase0") != NULL);
  g_assert_true (strstr (text, "MtrrPhysMask2") != NULL);
  g_assert_true (strstr (text, "0x00003ffff8000800") != NULL);
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

static gboolean
session_reading (gconstpointer data)
{
  return mv_session_get_progress ((MvSession *) data) > 0.0;
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
test_diagnostic_highlights (Fixture       *f,
                            gconstpointer  data)
{
  GtkListBox *list;
  GtkListBoxRow *row = NULL;
  guint64 start, end;

  SKIP_WITHOUT_DISPLAY ();

  /* OpenVMM's default: the low MMIO gap is WB, an error with a range.
   * The rows are made when the page is shown. */
  list = GTK_LIST_BOX (mv_window_get_part (f->window, "diagnostics"));
  g_assert_null (gtk_list_box_get_row_at_index (list, 0));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "diagnostics");
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (mv_diagnostic_row_get_range (MV_DIAGNOSTIC_ROW (row), &start, &end) && start == 0xf8000000)
      break;
  g_assert_nonnull (row);

  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (mv_window_get_part (f->window, "stack"))),
                   ==, "map");
  wait_for_paint (f);
  g_assert_true (mv_map_view_get_window (f->map, &start, &end));
  g_assert_cmpuint (start, <=, 0xf8000000);
  g_assert_cmpuint (end, >=, 0x100000000);
  g_assert_cmpuint (end - start, <, (guint64) 1 << 32);
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

/* --- saving fails, untrusted documents ----------------------------------- */

static char *
dialog_text (GtkWidget *dialog)
{
  g_autofree char *primary = NULL;
  g_autofree char *secondary = NULL;

  g_object_get (dialog, "text", &primary, "secondary-text", &secondary, NULL);
  return g_strdup_printf ("%s\n%s", primary ? primary : "", secondary ? secondary : "");
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

static void
test_shortcuts_window (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  SKIP_WITHOUT_DISPLAY ();

  builder = gtk_builder_new_from_resource ("/io/github/memviz/Memviz/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* Shown, the shortcuts fit on one page: GTK 4.8 measures the labels of
 * the switcher between pages as -4 wide and warns ("reported min width
 * -4"). Warnings are not fatal while it is shown: its search icon does not
 * load with the tests' isolated XDG_DATA_DIRS (no MIME database). */
static void
test_shortcuts_window_shown (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *overlay;
  GtkWidget *child;
  GLogLevelFlags fatal;
  guint n_pages = 0;

  SKIP_WITHOUT_DISPLAY ();

  builder = gtk_builder_new_from_resource ("/io/github/memviz/Memviz/gtk/help-overlay.ui");
  overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  gtk_window_set_transient_for (overlay, GTK_WINDOW (f->window));
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_window_present (overlay);
  wait_for_mapped (GTK_WIDGET (overlay), "the shortcuts window to be shown");
  wait_for_frame (GTK_WIDGET (overlay));
  g_log_set_always_fatal (fatal);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (overlay)));
  /* The section's stack holds its pages (and a switcher when more). */
  child = GTK_WIDGET (gtk_builder_get_object (builder, "shortcuts_section"));
  g_assert_nonnull (child);
  for (GtkWidget *w = gtk_widget_get_first_child (child); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_STACK (w))
      for (GtkWidget *p = gtk_widget_get_first_child (w); p != NULL; p = gtk_widget_get_next_sibling (p))
        n_pages++;
  g_assert_cmpuint (n_pages, ==, 1);
  gtk_window_destroy (overlay);
  wait_for_update (f);
}

/* --- window layout and readouts ----------------------------------------- */

/* Runs the main loop until the window has laid out again. */
static void
wait_for_layout (Fixture *f)
{
  wait_for_update (f);
}

/* Shows the window again at @width x @height. */
static void
resize_window (Fixture *f,
               int      width,
               int      height)
{
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_window_size (GTK_WINDOW (f->window), width, height);
}

/* The hover readout shows the address and region in full, first, even
 * when the window is narrow and the registers list is long. */
static void
test_hover_readout (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *label = mv_window_get_part (f->window, "hover-label");
  GtkWidget *detail = mv_window_get_part (f->window, "hover-detail");
  g_autofree char *tooltip = NULL;
  const char *text;
  int nat = 0;

  SKIP_WITHOUT_DISPLAY ();

  /* The test says where the pointer is: Xvfb's own pointer, left over the
   * map by the resize, must not. */
  gtk_widget_set_can_target (GTK_WIDGET (f->map), FALSE);
  set_text (field (f, "ram"), "12G");
  resize_window (f, 900, 600);
  g_signal_emit_by_name (f->map, "hover", TRUE, (guint64) 0xf8001234, 0, 0);
  wait_for_layout (f);

  text = gtk_label_get_text (GTK_LABEL (label));
  g_assert_true (g_str_has_prefix (text, "0xf8001234"));
  g_assert_nonnull (strstr (text, "MMIO gap"));
  g_assert_false (gtk_widget_has_css_class (label, "dim-label"));
  /* Not cut: it has all the width it would like. */
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (label) + gtk_widget_get_margin_start (label), >=, nat);
  g_assert_true (gtk_widget_get_mapped (label));

  /* The type and the registers follow, cut at their end if need be. */
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (detail)), "WB"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (detail)), "MtrrPhysBase1"));
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (detail)), ==, PANGO_ELLIPSIZE_END);

  /* The map's tooltip has all of it (made when asked for). */
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (f->map)));
  tooltip = _mv_window_dup_map_tooltip (f->window);
  g_assert_nonnull (tooltip);
  g_assert_true (g_str_has_prefix (tooltip, "0xf8001234"));
  g_assert_nonnull (strstr (tooltip, "MtrrPhysBase1"));

  /* An edit under a still pointer: the readout follows the layout. */
  set_text (field (f, "low-mmio"), "0xc0000000+128M");
  wait_for_layout (f);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "0xf8001234"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (label)), "MMIO gap"));

  g_signal_emit_by_name (f->map, "hover", FALSE, (guint64) 0, -1, -1);
  g_assert_null (_mv_window_dup_map_tooltip (f->window));
  g_assert_true (gtk_widget_has_css_class (label, "dim-label"));

  /* With an explanation pinned, the readout names its address while the
   * pointer is elsewhere, and the hint comes back when it is closed. */
  g_signal_emit_by_name (f->map, "pin", (guint64) 0xfc000000);
  wait_for_layout (f);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Explained: 0xfc000000"));
  g_assert_false (gtk_widget_has_css_class (label, "dim-label"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.unpin", NULL));
  wait_for_layout (f);
  g_assert_true (gtk_widget_has_css_class (label, "dim-label"));
}

/* The explanation names one address: the one clicked, not its page. */
static void
test_explain_one_address (Fixture       *f,
                          gconstpointer  data)
{
  const char *title, *text;

  SKIP_WITHOUT_DISPLAY ();

  g_signal_emit_by_name (f->map, "pin", (guint64) 0xfbd5fa88);
  title = gtk_label_get_text (GTK_LABEL (mv_window_get_part (f->window, "explain-title")));
  text = gtk_label_get_text (GTK_LABEL (mv_window_get_part (f->window, "explain-label")));
  g_assert_cmpstr (title, ==, "Why is 0xfbd5fa88 WB?");
  g_assert_true (g_str_has_prefix (text, "0xfbd5fa88"));
  g_assert_null (strstr (title, "0xfbd5f000"));
  g_assert_null (strstr (text, "0xfbd5f000 "));
}

/* All the text a diagnostic row shows, its labels' in order. */
static void
append_label_text (GtkWidget *widget,
                   GString   *s)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (s, "%s%s", s->len ? "\n" : "", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    append_label_text (c, s);
}

static char *
diagnostic_row_text (Fixture *f,
                     int      index)
{
  GtkWidget *list = mv_window_get_part (f->window, "diagnostics");
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (row);
  append_label_text (GTK_WIDGET (row), s);
  return g_string_free (s, FALSE);
}

/* While a field does not parse, the Diagnostics page's first row is that
 * field's error, the banner's, not the error of text typed before it. */
static void
test_diagnostics_field_error (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *fixed = NULL;
  GtkWidget *ram = field (f, "ram");
  GtkStack *stack = GTK_STACK (mv_window_get_part (f->window, "stack"));
  g_autofree char *field_error = NULL;

  SKIP_WITHOUT_DISPLAY ();

  /* "12" computes to an error of its own (not a multiple of 4 KiB)... */
  set_text (ram, "12");
  wait_for_update (f);
  g_assert_nonnull (mv_session_get_error (f->session));
  /* ...then "12Q" does not parse at all. */
  set_text (ram, "12Q");
  wait_for_update (f);
  field_error = g_strdup (mv_editor_get_error (f->editor));
  g_assert_nonnull (field_error);

  gtk_stack_set_visible_child_name (stack, "diagnostics");
  wait_for_update (f);
  first = diagnostic_row_text (f, 0);
  g_assert_nonnull (strstr (first, field_error));
  g_assert_null (strstr (first, mv_session_get_error (f->session)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (mv_window_get_part (f->window, "error-label"))),
                            field_error));
  /* The rows below it are about the last layout that worked: dimmed,
   * like the picture. */
  {
    GtkListBox *list = GTK_LIST_BOX (mv_window_get_part (f->window, "diagnostics"));

    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)),
                                              "mv-diag-stale"));
    g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
    for (int i = 1; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)),
                                               "mv-diag-stale"));
  }

  /* Fixed, the row goes, also while the page is shown, and no row is
   * dimmed. */
  set_text (ram, "12G");
  wait_for_update (f);  /* the map is not shown: no paint to wait for */
  g_assert_null (mv_editor_get_error (f->editor));
  fixed = diagnostic_row_text (f, 0);
  g_assert_null (strstr (fixed, field_error));
  {
    GtkListBox *list = GTK_LIST_BOX (mv_window_get_part (f->window, "diagnostics"));

    for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
      g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)),
                                                "mv-diag-stale"));
  }
}

/* The Diagnostics rows carry the numbers of the map's markers. */
static void
test_diagnostics_numbered (Fixture       *f,
                           gconstpointer  data)
{
  const MvScene *scene = mv_map_view_get_scene (f->map);
  GtkStack *stack = GTK_STACK (mv_window_get_part (f->window, "stack"));
  GtkListBox *list = GTK_LIST_BOX (mv_window_get_part (f->window, "diagnostics"));
  guint n_rows = 0, n_found = 0;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_nonnull (scene);
  g_assert_cmpuint (scene->marks->len, >=, 3);
  gtk_stack_set_visible_child_name (stack, "diagnostics");
  wait_for_update (f);
  while (gtk_list_box_get_row_at_index (list, (int) n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, scene->marks->len);

  for (guint i = 0; i < scene->marks->len; i++)
    {
      const MvSceneMark *mark = &g_array_index (scene->marks, MvSceneMark, i);
      g_autofree char *number = g_strdup_printf ("%u\n", i + 1);

      for (guint j = 0; j < n_rows; j++)
        {
          g_autofree char *text = diagnostic_row_text (f, (int) j);

          if (strstr (text, mark->message) == NULL)
            continue;
          g_assert_true (g_str_has_prefix (text, number));
          n_found++;
        }
    }
  g_assert_cmpuint (n_found, ==, scene->marks->len);
}

/* The window can be 900 pixels wide, with the sidebar's fields whole; a
 * sidebar squeezed by a narrower window gets its width back as the
 * window grows. */
static void
test_narrow_window (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *editor = mv_window_get_part (f->window, "editor");
  int wide, min = 0;

  SKIP_WITHOUT_DISPLAY ();

  wide = gtk_widget_get_width (editor);
  g_assert_cmpint (wide, >=, 340);

  gtk_widget_measure (GTK_WIDGET (f->window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, <=, 900);
  resize_window (f, 900, 600);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 900);
  g_assert_cmpint (gtk_widget_get_width (editor), ==, wide);

  /* Narrower still: the sidebar gives way... */
  resize_window (f, 700, 600);
  g_assert_cmpint (gtk_widget_get_width (editor), <, wide);
  /* ...and comes back. */
  resize_window (f, 1500, 950);
  wait_for_size (editor, wide, -1, "the sidebar to get its width back");
  g_assert_cmpint (gtk_widget_get_width (editor), ==, wide);
}

static double
y_in_window (Fixture   *f,
             GtkWidget *widget)
{
  graphene_point_t p;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (f->window), &GRAPHENE_POINT_INIT (0, 0), &p));
  return p.y;
}

/* An error while typing shows over the picture: the map does not move. */
static void
test_error_banner_overlays (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *scroller = mv_window_get_part (f->window, "map-scroller");
  GtkWidget *revealer = mv_window_get_part (f->window, "error-revealer");
  double before;

  SKIP_WITHOUT_DISPLAY ();

  before = y_in_window (f, scroller);
  set_text (field (f, "ram"), "1");
  wait_for_layout (f);
  g_assert_nonnull (mv_session_get_error (f->session));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_true (gtk_widget_get_mapped (revealer));
  g_assert_cmpfloat (y_in_window (f, scroller), ==, before);
  /* It lies over the top of the picture, below the map's toolbar, which
   * stays in reach. */
  g_assert_cmpfloat (y_in_window (f, revealer), <=, before + 60);
  g_assert_cmpfloat (y_in_window (f, revealer), >=, before - 60);
  {
    GtkWidget *scale = mv_window_get_part (f->window, "scale");

    g_assert_cmpfloat (y_in_window (f, revealer), >=,
                       y_in_window (f, scale) + gtk_widget_get_height (scale));
  }

  set_text (field (f, "ram"), "16G");
  wait_for_layout (f);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpfloat (y_in_window (f, scroller), ==, before);
}

/* A picture that shows the last layout that worked stays drawable while
 * it scrolls (GTK's cairo renderer crashed in cairo on an opacity group
 * scrolled partly out of view). */
static void
test_stale_scrolls (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *scroller = mv_window_get_part (f->window, "map-scroller");
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  SKIP_WITHOUT_DISPLAY ();

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 600);
  set_text (field (f, "ram"), "12Q");
  wait_for_layout (f);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->map), "stale"));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj), >, 100);
  for (guint i = 0; i < 30; i++)
    {
      double top = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

      gtk_adjustment_set_value (adj, (i % 10) * top / 9);
      wait_for_update (f);
    }
  set_text (field (f, "ram"), "12G");
  wait_for_paint (f);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->map), "stale"));
}

/* Pinning does not scroll the lanes away; each explanation opens at its
 * top; the pane keeps its height through edits. */
static void
test_explain_pane (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *scroller = mv_window_get_part (f->window, "map-scroller");
  GtkWidget *revealer = mv_window_get_part (f->window, "explain-revealer");
  GtkAdjustment *map_adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (mv_window_get_part (f->window, "explain-scroller")));
  int height;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_false (gtk_widget_get_visible (revealer));
  gtk_widget_grab_focus (GTK_WIDGET (f->map));
  g_signal_emit_by_name (f->map, "pin", (guint64) 0xfc000000);
  wait_for_layout (f);
  g_assert_true (gtk_widget_get_mapped (revealer));
  g_assert_cmpfloat (gtk_adjustment_get_value (map_adj), ==, 0);
  height = gtk_widget_get_height (revealer);
  g_assert_cmpint (height, >=, 140);
  g_assert_cmpint (gtk_widget_get_height (scroller), >=, height);

  /* Scrolled down, then a new address: back at the top. */
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  g_signal_emit_by_name (f->map, "pin", (guint64) 0x1000);
  wait_for_layout (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);

  /* Edits redo the text, not the pane's height. */
  set_text (field (f, "ram"), "12G");
  wait_for_paint (f);
  wait_for_layout (f);
  g_assert_cmpint (gtk_widget_get_height (revealer), ==, height);
  set_text (field (f, "low-mmio"), "3G-4G");
  wait_for_paint (f);
  wait_for_layout (f);
  g_assert_cmpint (gtk_widget_get_height (revealer), ==, height);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.unpin", NULL));
  wait_for_layout (f);
  g_assert_false (gtk_widget_get_visible (revealer));
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

/* Without a GDT, the GDT page says how to import one. */
static void
test_gdt_hint (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *hint = mv_window_get_part (f->window, "gdt-hint");

  SKIP_WITHOUT_DISPLAY ();

  g_assert_false (mv_map_view_get_scene (f->map)->has_gdt);
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (hint)), "Default GDT"));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (field (f, "gdt")), TRUE);
  wait_for_paint (f);
  g_assert_true (mv_map_view_get_scene (f->map)->has_gdt);
  g_assert_false (gtk_widget_get_visible (hint));
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

/* Each row finds its marker by id, not by its words: with the marks in
 * another order and all saying the same, every row still gets its own
 * marker's number. */
static void
test_diagnostics_marks_by_id (Fixture       *f,
                              gconstpointer  data)
{
  MvViewSource *source;
  GPtrArray *diagnostics;
  GtkWidget *list;
  MvDiagnosticsPage *page;
  g_autoptr(MvScene) scene = mv_scene_new ("marks", NULL);
  guint n_numbered = 0;
  GtkListBoxRow *row;

  SKIP_WITHOUT_DISPLAY ();

  source = mv_session_get_source (f->session);
  diagnostics = mv_view_source_get_diagnostics (source);
  g_assert_nonnull (diagnostics);
  g_assert_cmpuint (diagnostics->len, >=, 2);
  for (guint i = diagnostics->len; i-- > 0;)
    {
      const MvDiagnostic *d = g_ptr_array_index (diagnostics, i);
      g_autofree char *id = g_strdup_printf ("diagnostic/%u", d->id);

      mv_scene_set_mark_id (scene, mv_scene_add_mark (scene, MV_MARK_ERROR, -1, FALSE, 0, 0, "same words"), id);
    }

  list = mv_window_get_part (f->window, "diagnostics");
  page = MV_DIAGNOSTICS_PAGE (gtk_widget_get_ancestor (list, MV_TYPE_DIAGNOSTICS_PAGE));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "diagnostics");
  mv_diagnostics_page_update (page, source, NULL, scene);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)) != NULL; i++)
    {
      const char *id = mv_diagnostic_row_get_mark_id (MV_DIAGNOSTIC_ROW (row));
      guint n;

      if (id == NULL || !g_str_has_prefix (id, "diagnostic/"))
        continue;
      n = (guint) g_ascii_strtoull (id + strlen ("diagnostic/"), NULL, 10);
      g_assert_cmpuint (mv_diagnostic_row_get_number (MV_DIAGNOSTIC_ROW (row)), ==, diagnostics->len - n + 1);
      n_numbered++;
    }
  g_assert_cmpuint (n_numbered, ==, diagnostics->len);
}


/* Writes a /proc/mtrr dump and opens it in @f's window. */
static void
open_dump_for_presets (Fixture *f)
{
  const char *dump =
    "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n"
    "reg01: base=0x080000000 ( 2048MB), size= 1024MB, count=1: write-back\n";
  g_autofree char *path = g_build_filename (f->tmpdir, "dump-mtrr.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, dump, -1, NULL));
  mv_window_open_file (f->window, file);
  wait_for_paint (f);
  g_assert_false (mv_view_source_get_editable (mv_session_get_source (f->session)));
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

/* With nothing imported, the Page map view says how to import something;
 * not over a dump, which has no imports to edit. */
static void
test_pages_hint (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *hint = mv_window_get_part (f->window, "pages-hint");
  const char *text;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_cmpuint (mv_map_view_get_scene (f->map)->pages_table->rows->len, ==, 0);
  g_assert_true (gtk_widget_get_visible (hint));
  text = gtk_label_get_text (GTK_LABEL (hint));
  g_assert_nonnull (strstr (text, "Add file"));
  g_assert_nonnull (strstr (text, "Default GDT"));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (field (f, "gdt")), TRUE);
  wait_for_paint (f);
  g_assert_cmpuint (mv_map_view_get_scene (f->map)->pages_table->rows->len, ==, 1);
  g_assert_false (gtk_widget_get_visible (hint));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (field (f, "gdt")), FALSE);
  wait_for_paint (f);
  g_assert_true (gtk_widget_get_visible (hint));

  open_dump_for_presets (f);
  g_assert_false (gtk_widget_get_visible (hint));
}

/* A click on a header of the Page map sorts by that column; a second
 * click turns the order round. */
static void
test_pages_sort_click (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MvPictureView *view = MV_PICTURE_VIEW (mv_window_get_part (f->window, "pages"));
  const MvSceneTable *table;
  gboolean descending = TRUE;
  double header_y = -1.0;
  int tag;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_true (mv_window_load_preset (f->window, "linux-direct", &error));
  g_assert_no_error (error);
  wait_for_paint (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "pages");
  wait_for_size (GTK_WIDGET (view), -1, -1, "the Page map view");
  wait_for_frame (GTK_WIDGET (view));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  table = mv_map_view_get_scene (f->map)->pages_table;
  g_assert_cmpuint (table->rows->len, >, 2);
  tag = mv_scene_table_find_column (table, "tag");

  /* By address, until a header is clicked; the title is no header. */
  g_assert_cmpint (mv_picture_view_get_sort (view, NULL), ==, -1);
  g_assert_false (mv_picture_view_activate_header (view, 30, 20));
  for (double y = 0; y < 200 && header_y < 0; y += 2)
    if (mv_picture_view_activate_header (view, 30, y))
      header_y = y;
  g_assert_cmpfloat (header_y, >, 0.0);
  /* The first column: the import order, ascending. */
  g_assert_cmpint (mv_picture_view_get_sort (view, &descending), ==, 0);
  g_assert_false (descending);
  g_assert_true (mv_picture_view_activate_header (view, 30, header_y));
  g_assert_cmpint (mv_picture_view_get_sort (view, &descending), ==, 0);
  g_assert_true (descending);

  /* Along the header to the Tag column: ascending at first. */
  for (double x = 30; x < gtk_widget_get_width (GTK_WIDGET (view)); x += 4)
    {
      g_assert_true (mv_picture_view_activate_header (view, x, header_y) ||
                     x > gtk_widget_get_width (GTK_WIDGET (view)) - 40);
      if (mv_picture_view_get_sort (view, NULL) == tag)
        break;
    }
  g_assert_cmpint (mv_picture_view_get_sort (view, &descending), ==, tag);
  g_assert_false (descending);

  /* The rows under it are not a header. */
  g_assert_false (mv_picture_view_activate_header (view, 30, header_y + 60));
  /* The GDT view has no table to sort. */
  g_assert_false (mv_picture_view_activate_header (MV_PICTURE_VIEW (mv_window_get_part (f->window, "gdt")),
                                                   30, header_y));

  /* The order holds across edits. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "map");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (field (f, "gdt")), FALSE);
  wait_for_paint (f);
  g_assert_cmpint (mv_picture_view_get_sort (view, NULL), ==, tag);
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
  g_test_add_func ("/ui/window/get-part-null", test_get_part_null);
  UI_ADD ("/ui/window/default-preset", test_default_preset);
  UI_ADD ("/ui/window/ram-size-changes-mtrrs", test_ram_size_changes_mtrrs);
  UI_ADD ("/ui/window/invalid-gap", test_invalid_gap);
  UI_ADD ("/ui/window/undo-redo", test_undo_redo);
  UI_ADD ("/ui/window/save-open", test_save_open);
  UI_ADD ("/ui/window/size-tidied", test_size_tidied);
  UI_ADD ("/ui/window/export", test_export);
  UI_ADD ("/ui/window/screenshot", test_screenshot);
  UI_ADD ("/ui/window/explain-low-mmio", test_explain_low_mmio);
  UI_ADD ("/ui/window/zoom", test_zoom);
  UI_ADD ("/ui/window/presets", test_presets);
  UI_ADD ("/ui/window/copy-tables", test_copy_tables);
  UI_ADD ("/ui/window/range-list", test_range_list);
  UI_ADD ("/ui/window/open-mtrr-dump", test_open_mtrr_dump);
  UI_ADD ("/ui/window/import-in-thread", test_import_in_thread);
  UI_ADD ("/ui/window/boot-document", test_boot_document);
  UI_ADD ("/ui/window/import-cancel", test_import_cancel);
  UI_ADD ("/ui/window/diagnostic-highlights", test_diagnostic_highlights);
  UI_ADD ("/ui/window/close-asks", test_close_asks);
  UI_ADD ("/ui/window/save-fails", test_save_fails);
  UI_ADD ("/ui/window/outside-files", test_outside_files);
  UI_ADD ("/ui/window/shortcuts-window", test_shortcuts_window);
  UI_ADD ("/ui/window/shortcuts-window-shown", test_shortcuts_window_shown);
  UI_ADD ("/ui/window/hover-readout", test_hover_readout);
  UI_ADD ("/ui/window/explain-one-address", test_explain_one_address);
  UI_ADD ("/ui/window/diagnostics-field-error", test_diagnostics_field_error);
  UI_ADD ("/ui/window/diagnostics-numbered", test_diagnostics_numbered);
  UI_ADD ("/ui/window/diagnostics-marks-by-id", test_diagnostics_marks_by_id);
  UI_ADD ("/ui/window/narrow-window", test_narrow_window);
  UI_ADD ("/ui/window/error-banner-overlays", test_error_banner_overlays);
  UI_ADD ("/ui/window/explain-pane", test_explain_pane);
  UI_ADD ("/ui/window/stale-scrolls", test_stale_scrolls);
  UI_ADD ("/ui/window/suggested-name", test_suggested_name);
  UI_ADD ("/ui/window/preset-chooser", test_preset_chooser);
  UI_ADD ("/ui/window/preset-undo-note", test_preset_undo_note);
  UI_ADD ("/ui/window/gdt-hint", test_gdt_hint);
  UI_ADD ("/ui/window/close-cancel-keeps-focus", test_close_cancel_keeps_focus);
  UI_ADD ("/ui/window/export-note", test_export_note);
  UI_ADD ("/ui/window/presets-from-dump", test_presets_from_dump);
  UI_ADD ("/ui/window/pages-hint", test_pages_hint);
  UI_ADD ("/ui/window/pages-sort-click", test_pages_sort_click);
  UI_ADD ("/ui/window/presets-model", test_presets_model);
  UI_ADD ("/ui/window/open-not-regular", test_open_not_regular);
  return ui_fixture_run ();
}
