/* SPDX-License-Identifier: MIT */
/* IGVM files in the real window: opened (by Open's path and a drop's,
 * read in a thread), their platform chosen in the bar over the pages, the
 * page map's rows, the VP context page, the diagnostics, a broken file
 * refused with its reason. */
#include "mv-ui-fixture.h"

#include <string.h>

#include "igvm-samples.h"
#include "mv-igvm-source.h"
#include "mv-picture-view.h"
#include "mv-presets.h"

static gboolean
shows_igvm (gconstpointer data)
{
  return MV_IS_IGVM_SOURCE (mv_session_get_source ((MvSession *) data));
}

/* Opens @path in @f's window as Open does and waits until it shows. */
static void
open_igvm (Fixture    *f,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint64 before = mv_map_view_get_paint_count (f->map);

  mv_window_open_file (f->window, file);
  wait_until (shows_igvm, f->session, "the IGVM file to be read");
  wait_for_paint_since (f, before);
}

/* The two-platform sample, written as @name in the fixture's folder. */
static GFile *
write_sample (Fixture           *f,
              MvIgvmWriterFlags  flags,
              const char        *name)
{
  g_autoptr(GBytes) bytes = igvm_sample_two_platforms (flags);
  g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  return g_file_new_for_path (path);
}

static GtkStackPage *
stack_page (Fixture    *f,
            const char *name)
{
  GtkStack *stack = GTK_STACK (mv_window_get_part (f->window, "stack"));

  return gtk_stack_get_page (stack, gtk_stack_get_child_by_name (stack, name));
}

static void
test_open_basic (Fixture       *f,
                 gconstpointer  data)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "igvm", "basic.igvm", NULL);
  const MvScene *scene;
  GtkWidget *platform;
  GListModel *items;
  const char *title;
  MvPictureView *pages;
  double header_y = -1;
  gboolean descending = FALSE;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_false (gtk_widget_get_visible (mv_window_get_part (f->window, "source-bar")));
  g_assert_false (gtk_stack_page_get_visible (stack_page (f, "vp")));
  open_igvm (f, path);

  title = gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "title")));
  g_assert_cmpstr (title, ==, "basic.igvm");
  /* Read-only: no editor. */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (f->editor)))));

  /* One platform, VSM isolation, chosen in the bar over the pages. */
  g_assert_true (gtk_widget_get_visible (mv_window_get_part (f->window, "source-bar")));
  platform = mv_window_get_part (f->window, "platform");
  g_assert_nonnull (platform);
  items = gtk_drop_down_get_model (GTK_DROP_DOWN (platform));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (items), 0), ==, "VSM isolation (mask 0x1)");
  g_assert_nonnull (mv_window_get_part (f->window, "lay-over"));

  /* The page map: the file's five runs, as dump_igvm lists its pages. */
  scene = mv_map_view_get_scene (f->map);
  g_assert_nonnull (scene);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_PAGES, 0), ==, 0);
  g_assert_cmpuint (scene->pages_table->rows->len, ==, 5);
  g_assert_cmpstr (g_array_index (scene->pages_table->rows, MvTableRow, 0).cells[0], ==, "0x0\u20130x3000");
  g_assert_cmpstr (g_array_index (scene->pages_table->rows, MvTableRow, 4).cells[0], ==, "0x14000\u20130x15000");
  g_assert_cmpstr (g_array_index (scene->pages_table->rows, MvTableRow, 4).cells[2], ==,
                   "parameter area 0 (VP count)");
  /* The file's data is read in the thread for each run's CRC-32. */
  g_assert_cmpstr (g_array_index (scene->pages_table->rows, MvTableRow, 0).cells[7], ==, "362d76ab");
  g_assert_cmpstr (g_array_index (scene->pages_table->rows, MvTableRow, 4).cells[7], ==, "");
  g_assert_false (gtk_widget_get_visible (mv_window_get_part (f->window, "pages-hint")));

  /* Without a layout, the readout names the pages under the pointer;
   * there are no MTRRs to explain. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "hover-label"))), ==,
                   "Point at an address to see its pages");
  g_signal_emit_by_name (f->map, "hover", TRUE, (guint64) 0x14010, 0, 0);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "hover-label"))), ==,
                   "0x14010  ·  parameter area 0 (VP count) · 4 KiB");
  g_signal_emit_by_name (f->map, "hover", TRUE, (guint64) 0x8000, 0, 0);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "hover-label"))), ==,
                   "0x8000  ·  no range");
  g_signal_emit_by_name (f->map, "hover", FALSE, (guint64) 0, -1, -1);

  /* The VP context page is there, and says the file sets no VP state. */
  g_assert_true (gtk_stack_page_get_visible (stack_page (f, "vp")));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "vp");   /* Alt+6 */
  wait_for_update (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (mv_window_get_part (f->window, "stack"))), ==, "vp");
  g_assert_cmpint (mv_picture_view_get_view (MV_PICTURE_VIEW (mv_window_get_part (f->window, "vp"))), ==,
                   MV_VIEW_VP);
  g_assert_cmpuint (scene->vp_table->rows->len, ==, 0);
  g_assert_nonnull (strstr (scene->vp_table->note, "reset state"));
  /* Its table is no sortable one. */
  for (double y = 0; y < 200; y += 2)
    g_assert_false (mv_picture_view_activate_header (MV_PICTURE_VIEW (mv_window_get_part (f->window, "vp")), 30, y));

  /* The page map sorts like a document's: it is by address, a click on
   * that header turns it round. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "pages");
  pages = MV_PICTURE_VIEW (mv_window_get_part (f->window, "pages"));
  wait_for_size (GTK_WIDGET (pages), -1, -1, "the Page map view");
  wait_for_frame (GTK_WIDGET (pages));
  for (double y = 0; y < 200 && header_y < 0; y += 2)
    if (mv_picture_view_activate_header (pages, 30, y))
      header_y = y;
  g_assert_cmpfloat (header_y, >, 0.0);
  g_assert_cmpint (mv_picture_view_get_sort (pages, &descending), ==, 0);
  g_assert_true (descending);
}

static void
test_platforms (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  const MvScene *scene;
  GtkWidget *platform;
  GtkWidget *lay_over;
  const MvSceneTable *vp;
  g_autofree char *diagnostics_title = NULL;
  gboolean vmsa = FALSE;
  guint64 before;

  SKIP_WITHOUT_DISPLAY ();

  /* Named without .igvm: the magic says what it is. A drop takes the
   * same path as Open. */
  file = write_sample (f, MV_IGVM_WRITER_DEFAULT, "paravisor.bin");
  before = mv_map_view_get_paint_count (f->map);
  g_assert_true (_mv_window_open_path (f->window, file, &error));
  g_assert_no_error (error);
  wait_until (shows_igvm, f->session, "the IGVM file to be read");
  wait_for_paint_since (f, before);

  /* VSM first: its VBS register list, its overlap in the diagnostics. */
  scene = mv_map_view_get_scene (f->map);
  vp = scene->vp_table;
  g_assert_cmpuint (vp->rows->len, ==, 2);
  g_assert_cmpstr (g_array_index (vp->rows, MvTableRow, 0).cells[1], ==, "VBS register list");
  g_object_get (stack_page (f, "diagnostics"), "title", &diagnostics_title, NULL);
  g_assert_cmpstr (diagnostics_title, !=, "Diagnostics");

  /* SEV-SNP: the VMSA page on the map, its VMSA in the VP context. */
  platform = mv_window_get_part (f->window, "platform");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (platform))), ==, 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (platform), 1);
  wait_for_paint (f);
  scene = mv_map_view_get_scene (f->map);
  g_assert_nonnull (strstr (scene->subtitle, "SEV-SNP (mask 0x2)"));
  {
    const MvSceneLane *lane = g_ptr_array_index (scene->lanes, mv_scene_find_lane (scene, MV_LANE_PAGES, 0));

    for (guint i = 0; i < lane->items->len; i++)
      vmsa |= g_array_index (lane->items, MvSceneItem, i).fill == MV_FILL_VMSA;
  }
  g_assert_true (vmsa);
  g_assert_cmpstr (g_array_index (scene->vp_table->rows, MvTableRow, 0).cells[1], ==,
                   "SEV-SNP VMSA at 0x500000");
  /* The bar still shows the choice after the window refreshed. */
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (mv_window_get_part (f->window, "platform"))), ==, 1);

  /* Laid over a preset: the layout lane comes first. */
  lay_over = mv_window_get_part (f->window, "lay-over");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lay_over), 1);
  wait_for_paint (f);
  scene = mv_map_view_get_scene (f->map);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_LAYOUT, 0), ==, 0);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_PAGES, 0), >, 0);
  /* The preset by its title, as the Presets menu names it, not its file name. */
  {
    g_autoptr(GPtrArray) presets = mv_presets_list ();
    const MvPresetInfo *first = g_ptr_array_index (presets, 0);
    g_autofree char *over = g_strdup_printf (" \u00b7 over %s", first->title);

    g_assert_cmpstr (first->title, !=, first->name);
    g_assert_true (g_str_has_suffix (scene->subtitle, over));
  }
}

static void
test_broken (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *primary = NULL;
  g_autofree char *secondary = NULL;
  GtkWidget *dialog;

  SKIP_WITHOUT_DISPLAY ();

  file = write_sample (f, MV_IGVM_WRITER_BREAK_CHECKSUM, "broken.igvm");
  mv_window_open_file (f->window, file);
  dialog = wait_for_dialog ();
  g_assert_nonnull (dialog);
  g_object_get (dialog, "text", &primary, "secondary-text", &secondary, NULL);
  g_test_message ("%s: %s", primary, secondary);
  g_assert_cmpstr (primary, ==, "Could not open “broken.igvm”");
  g_assert_nonnull (strstr (secondary, "checksum"));
  /* The window keeps what it showed. */
  g_assert_false (shows_igvm (f->session));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);
  wait_for_no_dialog ();
}

int
main (int    argc,
      char **argv)
{
  ui_fixture_init (&argc, &argv);
  UI_ADD ("/ui/igvm/open-basic", test_open_basic);
  UI_ADD ("/ui/igvm/platforms", test_platforms);
  UI_ADD ("/ui/igvm/broken", test_broken);
  return ui_fixture_run ();
}
