/* SPDX-License-Identifier: MIT */
/* Screenshots of the real window for the README (docs/screenshots/remake):
 * shoot-ui DIR writes DIR/window.png, DIR/explain-low-mmio.png,
 * DIR/explain-mask.png, DIR/step-mode.png, DIR/error.png, DIR/registers.png
 * and DIR/dark.png (more with MEMVIZ_SHOOT_ALL; with
 * MEMVIZ_SHOOT_IGVM=FILE.igvm, DIR/igvm*.png; with MEMVIZ_SHOOT_BOOT naming
 * a document with a [boot] loader, DIR/boot-map.png, DIR/boot-cpu.png and
 * DIR/boot-pages.png; with MEMVIZ_SHOOT_VERSIONS, DIR/versions.png). */
#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "mv-editor.h"
#include "mv-map-view.h"
#include "mv-size-entry.h"
#include "mv-window.h"

static void
after_paint (GdkFrameClock *clock,
             gboolean      *painted)
{
  *painted = TRUE;
}

static void
settle (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gint64 until = g_get_monotonic_time () + 600 * 1000;  /* revealer animations */
  gboolean painted = FALSE;
  gulong id;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &painted);
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static void
shoot (GtkWidget  *window,
       const char *dir,
       const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int w, h;

  settle (window);
  w = gtk_widget_get_width (window);
  h = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("cannot write %s", path);
  g_print ("%s\n", path);
}

static MvWindow *
new_window (void)
{
  MvWindow *window = mv_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1360, 860);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
explain_window (const char *dir)
{
  MvWindow *window = mv_window_new (NULL);
  GtkWidget *entry = mv_window_get_part (window, "explain-entry");
  GtkWidget *paned = mv_window_get_part (window, "explain-paned");
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (mv_window_get_part (window, "explain-scroller")));

  gtk_window_set_default_size (GTK_WINDOW (window), 1360, 1080);
  gtk_window_present (GTK_WINDOW (window));
  settle (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.explain-address", NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "0xfc000000");
  g_signal_emit_by_name (entry, "activate");
  for (int i = 0; i < 4; i++)
    {
      double hidden;

      settle (GTK_WIDGET (window));
      hidden = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
      if (hidden < 1)
        break;
      gtk_paned_set_position (GTK_PANED (paned),
                              gtk_paned_get_position (GTK_PANED (paned)) - (int) ceil (hidden));
    }
  shoot (GTK_WIDGET (window), dir, "explain-low-mmio.png");
  /* The compare drawn bit by bit, under the words: the divider dragged
   * up to give it room. */
  gtk_paned_set_position (GTK_PANED (paned), gtk_widget_get_height (paned) / 4);
  settle (GTK_WIDGET (window));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  shoot (GTK_WIDGET (window), dir, "explain-mask.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Step mode at OpenVMM's second pair. */
static void
steps_window (const char *dir)
{
  MvWindow *window = new_window ();

  settle (GTK_WIDGET (window));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "step-mode", g_variant_new_boolean (TRUE));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-next", NULL);
  shoot (GTK_WIDGET (window), dir, "step-mode.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  const char *dir = argc > 1 ? argv[1] : ".";
  MvWindow *window;
  MvEditor *editor;
  GtkWidget *low;

  if (!gtk_init_check ())
    {
      g_printerr ("shoot-ui: no display; run it under xvfb-run\n");
      return 1;
    }

  window = new_window ();
  shoot (GTK_WIDGET (window), dir, "window.png");

  /* Why is the low MMIO gap write-back? Typed after Ctrl+F, in a taller
   * window of its own, the divider dragged up until all of the
   * explanation shows. */
  explain_window (dir);
  steps_window (dir);

  /* A gap that overlaps: upstream's error, the last good picture dimmed. */
  editor = MV_EDITOR (mv_window_get_part (window, "editor"));
  low = mv_editor_get_field (editor, "low-mmio");
  gtk_editable_set_text (GTK_EDITABLE (low), "0x200000000+512M");
  shoot (GTK_WIDGET (window), dir, "error.png");
  if (g_getenv ("MEMVIZ_SHOOT_ALL") != NULL)
    {
      /* The Diagnostics page leads with the error; the rows below it,
       * about the last layout that worked, are dimmed. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "diagnostics");
      shoot (GTK_WIDGET (window), dir, "diagnostics-error.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "map");
    }
  gtk_editable_set_text (GTK_EDITABLE (low), "0xf8000000+128M");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "registers");
  shoot (GTK_WIDGET (window), dir, "registers.png");
  if (g_getenv ("MEMVIZ_SHOOT_ALL") != NULL)
    {
      /* A diagnostic's range, as selecting it in the Diagnostics page marks it. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "map");
      mv_map_view_highlight (MV_MAP_VIEW (mv_window_get_part (window, "map")), TRUE,
                             0xf8000000, 0x100000000);
      shoot (GTK_WIDGET (window), dir, "highlight.png");
      mv_map_view_highlight (MV_MAP_VIEW (mv_window_get_part (window, "map")), FALSE, 0, 0);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.load-preset", "s", "linux-direct");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "gdt");
      shoot (GTK_WIDGET (window), dir, "gdt.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "pages");
      shoot (GTK_WIDGET (window), dir, "pages.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "diagnostics");
      shoot (GTK_WIDGET (window), dir, "diagnostics.png");
    }
  gtk_window_destroy (GTK_WINDOW (window));

  if (g_getenv ("MEMVIZ_SHOOT_ALL") != NULL)
    {
      /* A real machine's MTRRs, read-only: its map and its diagnostics. */
      static const char dump[] =
        "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n"
        "reg01: base=0x080000000 ( 2048MB), size= 1024MB, count=1: write-back\n"
        "reg02: base=0x0e0000000 ( 3584MB), size=  256MB, count=1: uncachable\n";
      g_autofree char *path = g_build_filename (g_get_tmp_dir (), "proc-mtrr.txt", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      if (!g_file_set_contents (path, dump, -1, NULL))
        g_error ("cannot write %s", path);
      window = new_window ();
      mv_window_open_file (window, file);
      shoot (GTK_WIDGET (window), dir, "dump.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "diagnostics");
      shoot (GTK_WIDGET (window), dir, "dump-diagnostics.png");
      gtk_window_destroy (GTK_WINDOW (window));
      g_unlink (path);
    }

  if (g_getenv ("MEMVIZ_SHOOT_ALL") != NULL || g_getenv ("MEMVIZ_SHOOT_VERSIONS") != NULL)
    {
      /* OpenVMM's versions on the low gap alone: an error, 4 pairs, 3. */
      window = new_window ();
      gtk_widget_activate_action (GTK_WIDGET (window), "win.load-preset", "s", "openvmm-no-high-mmio");
      settle (GTK_WIDGET (window));
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "versions");
      shoot (GTK_WIDGET (window), dir, "versions.png");
      gtk_window_destroy (GTK_WINDOW (window));
    }

  if (g_getenv ("MEMVIZ_SHOOT_IGVM") != NULL)
    {
      /* An IGVM file (tests/data/igvm/basic.igvm): its map, page map and
       * VP context, read in a thread (settle() waits long enough). */
      g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("MEMVIZ_SHOOT_IGVM"));

      window = new_window ();
      mv_window_open_file (window, file);
      settle (GTK_WIDGET (window));
      mv_map_view_zoom_fit (MV_MAP_VIEW (mv_window_get_part (window, "map")));
      shoot (GTK_WIDGET (window), dir, "igvm.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "pages");
      shoot (GTK_WIDGET (window), dir, "igvm-pages.png");
      /* The VP context of its last platform (a VMSA, in an OpenHCL file). */
      {
        GtkDropDown *platform = GTK_DROP_DOWN (mv_window_get_part (window, "platform"));

        gtk_drop_down_set_selected (platform, g_list_model_get_n_items (gtk_drop_down_get_model (platform)) - 1);
      }
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "vp");
      shoot (GTK_WIDGET (window), dir, "igvm-vp.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "map");
      gtk_drop_down_set_selected (GTK_DROP_DOWN (mv_window_get_part (window, "lay-over")), 1);
      shoot (GTK_WIDGET (window), dir, "igvm-over.png");
      gtk_window_destroy (GTK_WINDOW (window));
    }

  if (g_getenv ("MEMVIZ_SHOOT_BOOT") != NULL)
    {
      /* A real kernel and initrd: the page map, e820 row and registers. */
      g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("MEMVIZ_SHOOT_BOOT"));

      window = new_window ();
      mv_window_open_file (window, file);
      shoot (GTK_WIDGET (window), dir, "boot-map.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "boot");
      shoot (GTK_WIDGET (window), dir, "boot-cpu.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "pages");
      shoot (GTK_WIDGET (window), dir, "boot-pages.png");
      gtk_window_destroy (GTK_WINDOW (window));
    }

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  window = new_window ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.load-preset", "s", "linux-direct");
  shoot (GTK_WIDGET (window), dir, "dark.png");
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
