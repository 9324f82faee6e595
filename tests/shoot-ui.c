/* SPDX-License-Identifier: MIT */
/* Screenshots of the real window for the README (docs/screenshots/remake):
 * shoot-ui DIR writes DIR/window.png, DIR/explain-low-mmio.png,
 * DIR/explain-mask.png, DIR/step-mode.png, DIR/step-mode-registers.png,
 * DIR/step-mode-side-by-side.png, DIR/step-mode-side-by-side-registers.png,
 * DIR/step-mode-refused.png,
 * DIR/error.png, DIR/registers.png
 * and DIR/dark.png (more with MEMVIZ_SHOOT_ALL; with
 * MEMVIZ_SHOOT_IGVM=FILE.igvm, DIR/igvm*.png; with MEMVIZ_SHOOT_BOOT naming
 * a document with a [boot] loader, DIR/boot-map.png (the editor scrolled to
 * its Boot section), DIR/boot-cpu.png, DIR/boot-pages.png, then
 * DIR/boot-wrong-kernel.png and DIR/boot-wrong-kernel-cpu.png (its
 * initrd chosen as the kernel: the map, the Boot CPU view) and
 * DIR/boot-pcat-error.png (the pcat loader given the kernel as its BIOS),
 * DIR/boot-new-asks.png and DIR/boot-new.png (a new window's linux loader
 * before and after its files are chosen);
 * with MEMVIZ_SHOOT_BOOT_BIG naming a big initrd too, DIR/boot-loading.png
 * while it loads and DIR/boot-cancelled.png after Cancel); with
 * MEMVIZ_SHOOT_VERSIONS, DIR/versions.png; with MEMVIZ_SHOOT_STEPS,
 * DIR/step-mode-side-by-side-N.png and DIR/step-mode-N.png, a step each). */
#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "mv-boot-section.h"
#include "mv-editor.h"
#include "mv-map-view.h"
#include "mv-size-entry.h"
#include "mv-step-bar.h"
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
capture (GtkWidget  *window,
         const char *dir,
         const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int w, h;

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

static void
shoot (GtkWidget  *window,
       const char *dir,
       const char *name)
{
  settle (window);
  capture (window, dir, name);
}

/* The window as it is now, once painted (no wait for animations). */
static void
shoot_now (GtkWidget  *window,
           const char *dir,
           const char *name)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &painted);

  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  capture (window, dir, name);
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

/* The first widget of @type under @widget. */
static GtkWidget *
find_child (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_child (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Step mode at OpenVMM's second pair, alone, then beside the fewest
 * pairs' second pair. */
static void
steps_window (const char *dir)
{
  MvWindow *window = new_window ();

  settle (GTK_WIDGET (window));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "step-mode", g_variant_new_boolean (TRUE));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-next", NULL);
  shoot (GTK_WIDGET (window), dir, "step-mode.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "registers");
  shoot (GTK_WIDGET (window), dir, "step-mode-registers.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "map");
  /* Both lessons side by side, at the same step. */
  mv_step_bar_set_strategy (MV_STEP_BAR (find_child (GTK_WIDGET (window), MV_TYPE_STEP_BAR)),
                            MV_STEP_BAR_SIDE_BY_SIDE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-next", NULL);
  shoot (GTK_WIDGET (window), dir, "step-mode-side-by-side.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "registers");
  shoot (GTK_WIDGET (window), dir, "step-mode-side-by-side-registers.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "map");
  if (g_getenv ("MEMVIZ_SHOOT_ALL") != NULL || g_getenv ("MEMVIZ_SHOOT_STEPS") != NULL)
    {
      /* Every step, side by side then alone: the bars stay put. */
      for (guint both = 0; both < 2; both++)
        {
          if (both == 1)
            mv_step_bar_set_strategy (MV_STEP_BAR (find_child (GTK_WIDGET (window), MV_TYPE_STEP_BAR)),
                                      MV_STEPS_STRATEGY_OPENVMM);
          gtk_widget_activate_action (GTK_WIDGET (window), "win.step-first", NULL);
          for (guint i = 0; i < 6; i++)
            {
              g_autofree char *name = g_strdup_printf ("step-mode-%s%u.png", both ? "" : "side-by-side-", i);

              shoot (GTK_WIDGET (window), dir, name);
              gtk_widget_activate_action (GTK_WIDGET (window), "win.step-next", NULL);
            }
        }
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
wait_idle (MvWindow *window)
{
  while (mv_session_get_busy (mv_window_get_session (window)))
    g_main_context_iteration (NULL, TRUE);
}

/* Step mode with a low MMIO gap alone (High MMIO "None") under PR #3550's
 * code, at its second pair, then Version pre-3550, which refuses that
 * layout: step-mode-refused.png. */
static void
steps_refused_window (const char *dir)
{
  MvWindow *window = new_window ();
  MvEditor *editor = MV_EDITOR (mv_window_get_part (window, "editor"));
  GtkWidget *version = mv_editor_get_field (editor, "openvmm-version");

  settle (GTK_WIDGET (window));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (mv_editor_get_field (editor, "high-none")), TRUE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (version), MV_OPENVMM_VERSION_3550);
  wait_idle (window);
  settle (GTK_WIDGET (window));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "step-mode", g_variant_new_boolean (TRUE));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-next", NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (version), MV_OPENVMM_VERSION_PRE_3550);
  wait_idle (window);
  shoot (GTK_WIDGET (window), dir, "step-mode-refused.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The editor scrolled so that its Boot section shows from its heading. */
static void
scroll_to_boot (MvWindow *window)
{
  MvEditor *editor = MV_EDITOR (mv_window_get_part (window, "editor"));
  GtkWidget *loader = mv_editor_get_field (editor, "loader");
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (editor), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t at;

  settle (GTK_WIDGET (window));
  if (!gtk_widget_compute_point (loader, GTK_WIDGET (editor), &GRAPHENE_POINT_INIT (0, 0), &at))
    g_error ("the Boot section is not in the editor");
  gtk_adjustment_set_value (adj, at.y - 48);
}

static void
choose_loader (MvWindow   *window,
               const char *name)
{
  MvEditor *editor = MV_EDITOR (mv_window_get_part (window, "editor"));

  for (guint i = 0; mv_boot_loader_names ()[i] != NULL; i++)
    if (g_str_equal (mv_boot_loader_names ()[i], name))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (mv_editor_get_field (editor, "loader")), i);
}

/* A real kernel and initrd (@doc's): the editor's Boot section, the page
 * map, e820 row and registers; then wrong files; then, with @big, an
 * initrd that loads long enough to show the progress and Cancel. */
static void
boot_windows (const char *dir,
              const char *doc,
              const char *big)
{
  g_autoptr(GFile) file = g_file_new_for_path (doc);
  MvWindow *window = mv_window_new (NULL);
  MvBootSection *boot;
  const MvDocument *d;
  g_autofree char *kernel = NULL;
  g_autofree char *initrd = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1360, 1000);
  gtk_window_present (GTK_WINDOW (window));
  mv_window_open_file (window, file);
  wait_idle (window);
  boot = MV_BOOT_SECTION (gtk_widget_get_ancestor (mv_editor_get_field (MV_EDITOR (mv_window_get_part (window, "editor")), "loader"),
                                                   MV_TYPE_BOOT_SECTION));
  d = mv_session_get_document (mv_window_get_session (window));
  kernel = mv_document_resolve_path (d, d->boot.kernel);
  initrd = d->boot.initrd != NULL ? mv_document_resolve_path (d, d->boot.initrd) : NULL;
  mv_map_view_zoom_fit (MV_MAP_VIEW (mv_window_get_part (window, "map")));
  scroll_to_boot (window);
  shoot (GTK_WIDGET (window), dir, "boot-map.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "boot");
  shoot (GTK_WIDGET (window), dir, "boot-cpu.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "pages");
  shoot (GTK_WIDGET (window), dir, "boot-pages.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "map");

  if (initrd != NULL)
    {
      /* The initrd chosen as the kernel. */
      mv_boot_section_choose_file (boot, "kernel", initrd);
      wait_idle (window);
      shoot (GTK_WIDGET (window), dir, "boot-wrong-kernel.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "boot");
      shoot (GTK_WIDGET (window), dir, "boot-wrong-kernel-cpu.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "map");
      mv_boot_section_choose_file (boot, "kernel", kernel);
      wait_idle (window);
    }

  /* The pcat loader given the kernel as its BIOS. */
  choose_loader (window, "pcat");
  mv_boot_section_choose_file (boot, "firmware", kernel);
  wait_idle (window);
  shoot (GTK_WIDGET (window), dir, "boot-pcat-error.png");
  choose_loader (window, "linux");
  wait_idle (window);

  /* A new user's way: a new window, the linux loader (it asks for a
   * kernel), then the kernel and initrd chosen. */
  {
    MvWindow *fresh = mv_window_new (NULL);
    MvBootSection *section;

    gtk_window_set_default_size (GTK_WINDOW (fresh), 1360, 1000);
    gtk_window_present (GTK_WINDOW (fresh));
    choose_loader (fresh, "linux");
    scroll_to_boot (fresh);
    shoot (GTK_WIDGET (fresh), dir, "boot-new-asks.png");
    section = MV_BOOT_SECTION (gtk_widget_get_ancestor (mv_editor_get_field (MV_EDITOR (mv_window_get_part (fresh, "editor")), "loader"),
                                                        MV_TYPE_BOOT_SECTION));
    mv_boot_section_choose_file (section, "kernel", kernel);
    if (initrd != NULL)
      mv_boot_section_choose_file (section, "initrd", initrd);
    wait_idle (fresh);
    shoot (GTK_WIDGET (fresh), dir, "boot-new.png");
    gtk_window_destroy (GTK_WINDOW (fresh));
  }

  if (big != NULL)
    {
      MvSession *session = mv_window_get_session (window);

      /* A choice is computed in the next frame. */
      mv_boot_section_choose_file (boot, "initrd", big);
      while (!mv_session_get_busy (session))
        g_main_context_iteration (NULL, TRUE);
      while (mv_session_get_busy (session) && mv_session_get_progress (session) < 0.2)
        g_main_context_iteration (NULL, TRUE);
      if (!mv_session_get_busy (session))
        g_error ("%s loaded before it could be shown loading: give a bigger initrd", big);
      shoot_now (GTK_WIDGET (window), dir, "boot-loading.png");
      gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
      wait_idle (window);
      shoot (GTK_WIDGET (window), dir, "boot-cancelled.png");
    }
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
  steps_refused_window (dir);

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
    boot_windows (dir, g_getenv ("MEMVIZ_SHOOT_BOOT"), g_getenv ("MEMVIZ_SHOOT_BOOT_BIG"));

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  window = new_window ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.load-preset", "s", "linux-direct");
  shoot (GTK_WIDGET (window), dir, "dark.png");
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
