/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: what the window shows: screenshots, zoom,
 * explanations, copied tables, diagnostics, shortcuts, hover readouts,
 * narrow windows, banners, the GDT and page map hints and sorting. */
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

int
main (int    argc,
      char **argv)
{
  ui_fixture_init (&argc, &argv);
  UI_ADD ("/ui/window/screenshot", test_screenshot);
  UI_ADD ("/ui/window/explain-low-mmio", test_explain_low_mmio);
  UI_ADD ("/ui/window/zoom", test_zoom);
  UI_ADD ("/ui/window/copy-tables", test_copy_tables);
  UI_ADD ("/ui/window/diagnostic-highlights", test_diagnostic_highlights);
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
  UI_ADD ("/ui/window/gdt-hint", test_gdt_hint);
  UI_ADD ("/ui/window/pages-hint", test_pages_hint);
  UI_ADD ("/ui/window/pages-sort-click", test_pages_sort_click);
  return ui_fixture_run ();
}
