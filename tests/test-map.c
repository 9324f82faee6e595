/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: the memory map, pointed at, dragged and pinched. */
#include "mv-ui-fixture.h"
#include "mv-map-page.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mv-picture-view.h"
#include "mv-scene-mask.h"

/* --- pointer input on the map ------------------------------------------ */

/* GTK 4 cannot make input events, so the map's own event controllers are
 * driven by emitting their signals, with points taken from where the
 * renderer lays the bars out for the map's size. */
typedef struct
{
  GtkEventController *motion;
  GtkEventController *scroll;
  GtkGesture         *drag;
  GtkGesture         *zoom;
  GtkGesture         *click;
} MapInput;

static void
map_input (Fixture  *f,
           MapInput *in)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->map));

  memset (in, 0, sizeof *in);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      GType type = G_OBJECT_TYPE (c);

      /* Borrowed: the map keeps its controllers. */
      if (type == GTK_TYPE_EVENT_CONTROLLER_MOTION)
        in->motion = GTK_EVENT_CONTROLLER (c);
      else if (type == GTK_TYPE_EVENT_CONTROLLER_SCROLL)
        in->scroll = GTK_EVENT_CONTROLLER (c);
      else if (type == GTK_TYPE_GESTURE_DRAG)
        in->drag = GTK_GESTURE (c);
      else if (type == GTK_TYPE_GESTURE_ZOOM)
        in->zoom = GTK_GESTURE (c);
      else if (type == GTK_TYPE_GESTURE_CLICK)
        in->click = GTK_GESTURE (c);
    }
  g_assert_nonnull (in->motion);
  g_assert_nonnull (in->scroll);
  g_assert_nonnull (in->drag);
  g_assert_nonnull (in->zoom);
  g_assert_nonnull (in->click);
}

static MvMapGeometry *
map_geometry (Fixture *f)
{
  MvRenderStyle style;
  MvMapGeometry *g;

  mv_map_view_fill_style (f->map, &style);
  g = mv_render_map_geometry (mv_map_view_get_scene (f->map), &style,
                              gtk_widget_get_width (GTK_WIDGET (f->map)),
                              gtk_widget_get_height (GTK_WIDGET (f->map)));
  g_assert_nonnull (g);
  g_assert_false (g->empty);
  g_assert_cmpfloat (g->zoom, ==, 1.0);
  return g;
}

/* Where the bar of @kind's lane that holds @addr is drawn: its middle,
 * and the bar's range. */
static void
find_bar (Fixture       *f,
          MvMapGeometry *g,
          MvLaneKind     kind,
          guint64        addr,
          double        *x,
          double        *y,
          guint64       *start,
          guint64       *end)
{
  const MvScene *scene = mv_map_view_get_scene (f->map);

  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *box = &g_array_index (g->items, MvItemBox, i);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, box->lane);
      const MvSceneItem *item = mv_map_geometry_item (g, scene, box);

      if (lane->kind != kind || addr < item->start || addr >= item->end)
        continue;
      *x = box->rect.x + box->rect.width / 2;
      *y = box->rect.y + box->rect.height / 2;
      *start = item->start;
      *end = item->end;
      return;
    }
  g_error ("no bar at 0x%" G_GINT64_MODIFIER "x", addr);
}

/* One step of a drag with a mouse, now @dx from where it started at
 * (@x, @y): the pointer moves there, then the drag follows. */
static void
mouse_drag (MapInput *in,
            double    x,
            double    y,
            double    dx)
{
  g_signal_emit_by_name (in->motion, "motion", x + dx, y);
  g_signal_emit_by_name (in->drag, "drag-update", dx, 0.0);
}

/* The fingers of a pinch are now @scale times as far apart as at its
 * start. The map asks the gesture where the fingers are; with no real
 * touch points GTK 4.8 logs a critical there (it reads a NULL event,
 * "gdk_event_get_event_type: assertion 'GDK_IS_EVENT (event)' failed",
 * which shows in the test's log) and answers that it does not know, and
 * the map zooms around its middle. Criticals are not fatal just for the
 * signal: GLib 2.74's g_test_expect_message() cannot catch GTK's
 * structured logging. */
static void
pinch (MapInput *in,
       double    scale)
{
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);

  g_signal_emit_by_name (in->zoom, "scale-changed", scale);
  g_log_set_always_fatal (fatal);
}

static guint64
full_length (Fixture *f)
{
  guint64 start, end;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zoom-fit", NULL);
  g_assert_false (mv_map_view_get_window (f->map, &start, &end));
  return end - start;
}

/* The address a label's text starts with ("0x..."). */
static guint64
leading_address (const char *text)
{
  g_assert_true (g_str_has_prefix (text, "0x"));
  return g_ascii_strtoull (text + 2, NULL, 16);
}

static void
test_map_hover_click (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MvMapGeometry) g = NULL;
  GtkLabel *hover, *title;
  GtkRevealer *explain;
  const char *text;
  MapInput in;
  double x, y;
  guint64 start, end, addr;

  SKIP_WITHOUT_DISPLAY ();

  hover = GTK_LABEL (mv_window_get_part (f->window, "hover-label"));
  explain = GTK_REVEALER (mv_window_get_part (f->window, "explain-revealer"));
  title = GTK_LABEL (mv_window_get_part (f->window, "explain-title"));

  map_input (f, &in);
  g = map_geometry (f);
  g_assert_cmpstr (gtk_label_get_label (hover), ==, "Click an address to explain it");

  /* Over the low MMIO gap on the layout lane: where, what, which type. */
  find_bar (f, g, MV_LANE_LAYOUT, 0xf8000000, &x, &y, &start, &end);
  g_signal_emit_by_name (in.motion, "motion", x, y);
  text = gtk_label_get_label (hover);
  addr = leading_address (text);
  g_assert_cmphex (addr, >=, start);
  g_assert_cmphex (addr, <, end);
  g_assert_nonnull (strstr (text, "MMIO gap"));
  /* The type and the registers follow, in the readout's second label. */
  text = gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "hover-detail")));
  g_assert_nonnull (strstr (text, "WB"));
  g_assert_nonnull (strstr (text, "MtrrPhysBase"));

  /* Over RAM below it. */
  find_bar (f, g, MV_LANE_LAYOUT, 0x10000000, &x, &y, &start, &end);
  g_signal_emit_by_name (in.motion, "motion", x, y);
  text = gtk_label_get_label (hover);
  addr = leading_address (text);
  g_assert_cmphex (addr, >=, start);
  g_assert_cmphex (addr, <, end);
  g_assert_nonnull (strstr (text, "RAM"));
  g_assert_null (strstr (text, "MMIO"));

  /* Left of the plot, and out of the map: the hint comes back. */
  g_signal_emit_by_name (in.motion, "motion", mv_scale_get_x0 (g->scale) - 5, y);
  g_assert_cmpstr (gtk_label_get_label (hover), ==, "Click an address to explain it");
  g_signal_emit_by_name (in.motion, "motion", x, y);
  g_assert_cmpstr (gtk_label_get_label (hover), !=, "Click an address to explain it");
  g_signal_emit_by_name (in.motion, "leave");
  g_assert_cmpstr (gtk_label_get_label (hover), ==, "Click an address to explain it");

  /* A click left of the plot pins nothing. */
  g_assert_false (gtk_revealer_get_reveal_child (explain));
  g_signal_emit_by_name (in.click, "pressed", 1, mv_scale_get_x0 (g->scale) - 5, y);
  g_assert_false (gtk_revealer_get_reveal_child (explain));

  /* A click on the gap pins its explanation. */
  find_bar (f, g, MV_LANE_LAYOUT, 0xf8000000, &x, &y, &start, &end);
  g_signal_emit_by_name (in.click, "pressed", 1, x, y);
  g_assert_true (gtk_revealer_get_reveal_child (explain));
  text = gtk_label_get_label (title);
  g_assert_true (g_str_has_prefix (text, "Why is 0x"));
  addr = leading_address (text + strlen ("Why is "));
  g_assert_cmphex (addr, >=, start);
  g_assert_cmphex (addr, <, end);
  g_assert_cmphex (addr & 0xfff, ==, 0);
  g_assert_nonnull (strstr (text, "WB?"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (mv_window_get_part (f->window, "explain-label"))),
                            "MtrrPhysBase1"));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->map)));

  /* A click on RAM explains that instead. */
  find_bar (f, g, MV_LANE_LAYOUT, 0x10000000, &x, &y, &start, &end);
  g_signal_emit_by_name (in.click, "pressed", 1, x, y);
  addr = leading_address (gtk_label_get_label (title) + strlen ("Why is "));
  g_assert_cmphex (addr, >=, start);
  g_assert_cmphex (addr, <, end);
}

static void
test_map_zoom_pan (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MvMapGeometry) g = NULL;
  guint64 full, start, end, bar_start, bar_end, s1, e1, s2, e2, mid;
  double x, y, plot_width, shift;
  gboolean handled = TRUE;
  MapInput in;

  SKIP_WITHOUT_DISPLAY ();

  map_input (f, &in);
  full = full_length (f);
  g = map_geometry (f);

  /* Not zoomed: a drag does not pan, a vertical scroll is the page's. */
  find_bar (f, g, MV_LANE_LAYOUT, 0xf8000000, &x, &y, &bar_start, &bar_end);
  g_signal_emit_by_name (in.drag, "drag-begin", x, y);
  g_signal_emit_by_name (in.drag, "drag-update", -200.0, 0.0);
  g_signal_emit_by_name (in.scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_false (handled);
  g_assert_false (mv_map_view_get_window (f->map, &start, &end));

  /* A double click on the low MMIO gap zooms to it, with a margin; the
   * explanation its first click pinned goes. */
  g_signal_emit_by_name (in.click, "pressed", 1, x, y);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (mv_window_get_part (f->window, "explain-revealer"))));
  g_signal_emit_by_name (in.click, "pressed", 2, x, y);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (mv_window_get_part (f->window, "explain-revealer"))));
  wait_for_paint (f);
  g_assert_true (mv_map_view_get_window (f->map, &s1, &e1));
  g_assert_cmphex (s1, <, bar_start);
  g_assert_cmphex (e1, >, bar_end);
  g_assert_cmphex (e1 - s1, <=, 2 * (bar_end - bar_start));
  g_clear_pointer (&g, mv_map_geometry_free);
  g = map_geometry (f);
  g_assert_cmpuint (mv_scale_get_start (g->scale), ==, s1);
  plot_width = mv_scale_get_x1 (g->scale) - mv_scale_get_x0 (g->scale);

  /* Dragging left by a fifth of the plot shows a fifth of a window
   * further up; a twitch under 3 pixels does nothing. */
  g_signal_emit_by_name (in.motion, "motion", x, y);
  g_signal_emit_by_name (in.drag, "drag-begin", x, y);
  mouse_drag (&in, x, y, -2.0);
  g_assert_true (mv_map_view_get_window (f->map, &start, &end));
  g_assert_cmphex (start, ==, s1);
  mouse_drag (&in, x, y, -plot_width / 10);
  mouse_drag (&in, x, y, -plot_width / 5);
  g_assert_true (mv_map_view_get_window (f->map, &s2, &e2));
  shift = (double) (e1 - s1) / 5;
  g_assert_cmpfloat (fabs ((double) (s2 - s1) - shift), <=, 2 * 4096);
  g_assert_cmpuint (e2 - s2, ==, e1 - s1);
  /* ... and back past where it started, in the same drag. */
  mouse_drag (&in, x, y, plot_width / 10);
  g_assert_true (mv_map_view_get_window (f->map, &start, &end));
  g_assert_cmpfloat (fabs ((double) (s1 - start) - (double) (e1 - s1) / 10), <=, 2 * 4096);
  g_assert_cmpuint (end - start, ==, e1 - s1);
  g_signal_emit_by_name (in.motion, "leave");
  wait_for_paint (f);

  /* A touch drag has no pointer motion between its steps: every step
   * still pans. */
  s1 = start;
  e1 = end;
  g_signal_emit_by_name (in.drag, "drag-begin", x, y);
  g_signal_emit_by_name (in.drag, "drag-update", -plot_width / 10, 0.0);
  g_assert_true (mv_map_view_get_window (f->map, &s2, &e2));
  g_assert_cmpfloat (fabs ((double) (s2 - s1) - (double) (e1 - s1) / 10), <=, 2 * 4096);
  g_signal_emit_by_name (in.drag, "drag-update", -plot_width / 5, 0.0);
  g_assert_true (mv_map_view_get_window (f->map, &start, &end));
  g_assert_cmpfloat (fabs ((double) (start - s1) - (double) (e1 - s1) / 5), <=, 2 * 4096);
  g_assert_cmpuint (end - start, ==, e1 - s1);
  wait_for_paint (f);

  /* Scrolling sideways pans by a tenth of the window. */
  s1 = start;
  e1 = end;
  g_signal_emit_by_name (in.scroll, "scroll", 1.0, 0.0, &handled);
  g_assert_true (handled);
  g_assert_true (mv_map_view_get_window (f->map, &s2, &e2));
  g_assert_cmpfloat (fabs ((double) (s2 - s1) - (double) (e1 - s1) / 10), <=, 2 * 4096);
  g_assert_cmpuint (e2 - s2, ==, e1 - s1);
  wait_for_paint (f);

  /* Zoom to fit, then pinch: fingers spread to twice their distance zoom
   * in around the middle of the map; closed again, they zoom back out. */
  g_assert_cmpuint (full_length (f), ==, full);
  wait_for_paint (f);
  g_clear_pointer (&g, mv_map_geometry_free);
  g = map_geometry (f);
  mid = mv_scale_to_addr (g->scale, gtk_widget_get_width (GTK_WIDGET (f->map)) / 2.0);
  g_signal_emit_by_name (in.zoom, "begin", NULL);
  pinch (&in, 1.0005);
  g_assert_false (mv_map_view_get_window (f->map, &start, &end));
  pinch (&in, 2.0);
  g_assert_true (mv_map_view_get_window (f->map, &s1, &e1));
  g_assert_cmpuint (e1 - s1, <, full);
  g_assert_cmphex (s1, <=, mid);
  g_assert_cmphex (e1, >, mid);
  wait_for_paint (f);
  pinch (&in, 1.0);
  mv_map_view_get_window (f->map, &s2, &e2);
  g_assert_cmpuint (e2 - s2, >, e1 - s1);
  g_assert_cmphex (s2, <=, mid);
  g_assert_cmphex (e2, >, mid);

  /* Without Ctrl, a vertical scroll does not zoom (with it, see
   * zoom_keeps_pointed_address). */
  g_signal_emit_by_name (in.scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_false (handled);
  mv_map_view_get_window (f->map, &start, &end);
  g_assert_cmphex (start, ==, s2);
  g_assert_cmphex (end, ==, e2);
}

/* --- zooming keeps the pointed address --------------------------------- */

/* The map's keyboard controller: it tells the map which modifiers are
 * held, which a scroll signal with no event behind it goes by. */
static GtkEventController *
map_key_controller (Fixture *f)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->map));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (G_OBJECT_TYPE (c) == GTK_TYPE_EVENT_CONTROLLER_KEY)
        return GTK_EVENT_CONTROLLER (c);  /* borrowed */
    }
  g_error ("the map has no key controller");
}

/* One notch of the wheel with Ctrl held (@dy -1: in, 1: out); it is the
 * map's. */
static void
ctrl_scroll (Fixture  *f,
             MapInput *in,
             double    dy)
{
  gboolean handled = FALSE, ignored;

  g_signal_emit_by_name (map_key_controller (f), "modifiers", GDK_CONTROL_MASK, &ignored);
  g_signal_emit_by_name (in->scroll, "scroll", 0.0, dy, &handled);
  g_signal_emit_by_name (map_key_controller (f), "modifiers", 0, &ignored);
  g_assert_true (handled);
}

/* Five notches in over the low MMIO gap, then three out: after each, the
 * address under the pointer is the one it was over at first (drawn within
 * a pixel of the pointer, and in the readout), and the gap's start moves
 * away from the pointer by 1.25 a notch in, and back by as much out
 * (within 1%), and on the focus axis, whose ranges all have a minimum
 * width and which is zoomed by what is near the pointer, within 5%. */
static void
zoom_keeps_pointed_address (Fixture     *f,
                            MvScaleKind  kind)
{
  static const double notches[] = { -1, -1, -1, -1, -1, 1, 1, 1 };
  g_autoptr(MvMapGeometry) g = NULL;
  GtkLabel *hover = GTK_LABEL (mv_window_get_part (f->window, "hover-label"));
  guint64 gap_start, gap_end, at, start, end;
  double x, y, distance;
  MapInput in;

  map_input (f, &in);
  mv_map_view_set_scale (f->map, kind);
  /* The focus axis shows the whole map, the gap given room; on the
   * others 3-5 GiB, the gap wide enough to point at. */
  if (kind != MV_SCALE_FOCUS)
    mv_map_view_set_window (f->map, G_GUINT64_CONSTANT (0xc0000000), G_GUINT64_CONSTANT (0x140000000));
  g = map_geometry (f);
  find_bar (f, g, MV_LANE_LAYOUT, 0xf8000000, &x, &y, &gap_start, &gap_end);
  /* A little right of the bar's middle: nearer its end than its start. */
  x = (x + mv_scale_to_x (g->scale, gap_end)) / 2;
  g_signal_emit_by_name (in.motion, "motion", x, y);
  at = leading_address (gtk_label_get_label (hover));
  g_assert_cmphex (at, ==, mv_scale_to_addr (g->scale, x));
  g_assert_cmphex (at, >, gap_start);
  distance = x - mv_scale_to_x (g->scale, gap_start);
  g_assert_cmpfloat (distance, >, 20);

  for (guint i = 0; i < G_N_ELEMENTS (notches); i++)
    {
      const char *text;
      double now;

      ctrl_scroll (f, &in, notches[i]);
      g_assert_true (mv_map_view_get_window (f->map, &start, &end));
      g_clear_pointer (&g, mv_map_geometry_free);
      g = map_geometry (f);
      g_assert_cmpuint (mv_scale_get_kind (g->scale), ==, kind);
      g_test_message ("notch %u: window 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                      "x, the address at %.2f, the gap's start at %.2f", i, start, end,
                      mv_scale_to_x (g->scale, at), mv_scale_to_x (g->scale, gap_start));

      /* The address stays under the pointer, and the readout says so. */
      g_assert_cmpfloat (fabs (mv_scale_to_x (g->scale, at) - x), <=, 1.0);
      text = gtk_label_get_label (hover);
      g_assert_cmpfloat (fabs (mv_scale_to_x (g->scale, leading_address (text)) - x), <=, 1.0);
      g_assert_nonnull (strstr (text, "MMIO gap"));

      /* The gap's start moves away (in) or back (out). */
      g_assert_cmphex (start, <, gap_start);
      now = x - mv_scale_to_x (g->scale, gap_start);
      g_assert_cmpfloat (fabs (now / (distance * (notches[i] < 0 ? 1.25 : 0.8)) - 1), <=,
                         kind == MV_SCALE_FOCUS ? 0.05 : 0.01);
      distance = now;
      wait_for_paint (f);
    }
}

static void
test_map_zoom_focus_keeps_address (Fixture       *f,
                                   gconstpointer  data)
{
  SKIP_WITHOUT_DISPLAY ();
  zoom_keeps_pointed_address (f, MV_SCALE_FOCUS);
}

static void
test_map_zoom_linear_keeps_address (Fixture       *f,
                                    gconstpointer  data)
{
  SKIP_WITHOUT_DISPLAY ();
  zoom_keeps_pointed_address (f, MV_SCALE_LINEAR);
}

static void
test_map_zoom_log_keeps_address (Fixture       *f,
                                 gconstpointer  data)
{
  SKIP_WITHOUT_DISPLAY ();
  zoom_keeps_pointed_address (f, MV_SCALE_LOG);
}

/* --- the explanation pane ------------------------------------------------ */

/* Types @text into the pane's address entry and presses Enter. */
static void
explain_typed (Fixture    *f,
               const char *text)
{
  GtkWidget *entry = mv_window_get_part (f->window, "explain-entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
}

/* Whether the window binds Ctrl+F to win.explain-address. */
static gboolean
window_binds_ctrl_f (Fixture *f)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (c)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), k);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.explain-address") == 0 &&
              g_strcmp0 (trigger, "<Control>f") == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* Ctrl+F opens the pane and puts the keyboard in its entry; an address
 * typed there is explained like a click, with memviz-cli explain's rows
 * (base, mask, address & mask, base & mask in hex and 46 binary digits);
 * bad text says why and keeps the explanation shown. */
static void
test_map_explain_typed (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *entry, *error, *focus;
  GtkLabel *title, *label;
  const char *text;

  SKIP_WITHOUT_DISPLAY ();

  entry = mv_window_get_part (f->window, "explain-entry");
  error = mv_window_get_part (f->window, "explain-error");
  title = GTK_LABEL (mv_window_get_part (f->window, "explain-title"));
  label = GTK_LABEL (mv_window_get_part (f->window, "explain-label"));

  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (mv_window_get_part (f->window, "explain-revealer"))));
  g_assert_true (window_binds_ctrl_f (f));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "registers");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.explain-address", NULL);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (mv_window_get_part (f->window, "explain-revealer"))));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (mv_window_get_part (f->window, "map-scroller"), GTK_TYPE_STACK))), ==, "map");

  explain_typed (f, "0xfc000000");
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Why is 0xfc000000 WB?");
  /* Asked once: the picture under the words says what it draws. */
  {
    const MvScene *mask = mv_picture_view_get_scene (MV_PICTURE_VIEW (mv_window_get_part (f->window,
                                                                                        "explain-picture")));

    g_assert_nonnull (mask);
    g_assert_cmpstr (mask->mask->title, ==, "The masked compare, bit by bit");
    g_assert_null (mask->mask->conclusion);
  }
  g_assert_false (gtk_widget_get_visible (error));
  text = gtk_label_get_text (label);
  g_assert_nonnull (strstr (text, "MtrrPhysBase1/MtrrPhysMask1"));
  /* Pair 1's rows: its 4 GiB mask, and both sides of the compare zero. */
  g_assert_nonnull (strstr (text, "mask          0x3fff00000000  11_1111_1111_1111_0000_0000_0000_0000_0000_0000_0000_0000"));
  g_assert_nonnull (strstr (text, "address&mask  0x0000f8000000  00_0000_0000_0000_1111_1000_0000_0000_0000_0000_0000_0000"));
  g_assert_nonnull (strstr (text, "base&mask     0x000000000000"));
  g_assert_nonnull (strstr (text, "base          0x000008000006"));
  g_assert_nonnull (strstr (text, "equal: match"));
  g_assert_nonnull (strstr (text, "different: no match"));

  /* The same syntax as the CLI: sizes too. */
  explain_typed (f, "5G");
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Why is 0x140000000 WB?");

  /* Bad text: a message, the entry marked, the explanation kept. */
  explain_typed (f, "0xfc00zz");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (error)), "Cannot explain “0xfc00zz”: "));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Why is 0x140000000 WB?");
  explain_typed (f, "");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Why is 0x140000000 WB?");

  /* Good text again: the error goes. */
  explain_typed (f, "0xfc000000");
  g_assert_false (gtk_widget_get_visible (error));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Why is 0xfc000000 WB?");
}

/* At the default 1280x800 the whole explanation can be read: the pane
 * opens as tall as it may, its text wraps to its width, and the rest
 * scrolls into view; the divider moves. */
typedef struct
{
  GtkWidget *widget;
  int        height;
} Tall;

static gboolean
widget_at_least_as_tall (gconstpointer data)
{
  const Tall *t = data;

  return gtk_widget_get_height (t->widget) >= t->height;
}

static void
test_map_explain_fits (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *label, *scroller, *paned, *revealer;
  GtkAdjustment *adj;
  int min_w, natural_h, width, before;
  Tall taller;

  SKIP_WITHOUT_DISPLAY ();

  label = mv_window_get_part (f->window, "explain-label");
  scroller = mv_window_get_part (f->window, "explain-scroller");
  paned = mv_window_get_part (f->window, "explain-paned");
  revealer = mv_window_get_part (f->window, "explain-revealer");
  gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &before);
  g_assert_cmpint (width, ==, 1280);
  g_assert_cmpint (before, ==, 800);

  g_signal_emit_by_name (f->map, "pin", (guint64) 0xfc000000);
  wait_for_paint (f);
  wait_for_frame (GTK_WIDGET (f->window));

  /* Not cut sideways: the text wraps inside the pane. */
  width = gtk_widget_get_width (label);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (width, <=, gtk_widget_get_width (scroller));
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  g_assert_cmpint (min_w, <=, width);

  /* The pane is open at more than its smallest, and all of the text's
   * height is in the scroller's range. */
  g_assert_cmpint (gtk_widget_get_height (scroller), >=, 100);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, NULL, &natural_h, NULL, NULL);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_test_message ("pane %d px high, scroller %d, text %d, range %.0f of %.0f",
                  gtk_widget_get_height (revealer), gtk_widget_get_height (scroller), natural_h,
                  gtk_adjustment_get_page_size (adj), gtk_adjustment_get_upper (adj));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >=, natural_h);
  if (natural_h > gtk_widget_get_height (scroller))
    {
      /* The end can be scrolled to. */
      gtk_adjustment_set_value (adj, natural_h);
      g_assert_cmpfloat (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj), >=, natural_h);
      g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);
    }

  /* The divider is the user's: dragged up, the pane is taller. */
  before = gtk_widget_get_height (revealer);
  taller.widget = revealer;
  taller.height = before + 79;
  gtk_paned_set_position (GTK_PANED (paned), gtk_paned_get_position (GTK_PANED (paned)) - 80);
  wait_until (widget_at_least_as_tall, &taller, "the explanation pane 80 px taller");
  g_assert_cmpint (gtk_widget_get_height (revealer), >=, before + 79);
}

/* A document of 3,000 separate imports: the page lane draws the runs
 * that share pixels as one bar, and the tooltip over it lists the runs
 * in the pointer's pixel, found by binary search; a double click zooms
 * in on the bar. */
static void
test_map_hover_many_runs (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(MvMapGeometry) g = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tip = NULL;
  GString *doc = g_string_new ("[memviz]\nversion=1\n[memory]\nram=8G\n");
  const MvScene *scene;
  const MvSpan *span = NULL;
  const MvItemBox *box = NULL;
  GtkWidget *page;
  MapInput in;
  guint64 start, end;

  SKIP_WITHOUT_DISPLAY ();

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (doc, "[import g%u]\nkind=gdt\npage=%u\n", i, 0x100 + 2 * i);
  path = g_build_filename (f->tmpdir, "runs.memviz", NULL);
  g_assert_true (g_file_set_contents (path, doc->str, (gssize) doc->len, NULL));
  g_string_free (doc, TRUE);
  file = g_file_new_for_path (path);
  g_assert_true (mv_window_open_document (f->window, file) == f->window);
  wait_until_idle (f->session);
  wait_for_paint (f);

  scene = mv_map_view_get_scene (f->map);
  g_assert_cmpuint (mv_scene_runs_get_n (((const MvSceneLane *)
                    g_ptr_array_index (scene->lanes, mv_scene_find_lane (scene, MV_LANE_PAGES, 0)))->runs), ==, 3000);
  map_input (f, &in);
  g = map_geometry (f);
  for (guint i = 0; i < g->items->len && span == NULL; i++)
    {
      box = &g_array_index (g->items, MvItemBox, i);
      span = mv_map_geometry_span (g, box);
    }
  g_assert_nonnull (span);
  g_assert_true (span->item.flags & MV_ITEM_MANY);
  g_assert_cmpuint (span->n_runs, ==, 3000);

  g_signal_emit_by_name (in.motion, "motion", box->rect.x + box->rect.width / 2,
                         box->rect.y + box->rect.height / 2);
  page = gtk_widget_get_ancestor (GTK_WIDGET (f->map), MV_TYPE_MAP_PAGE);
  tip = mv_map_page_dup_tooltip (MV_MAP_PAGE (page));
  g_assert_nonnull (strstr (tip, "\nPages: "));
  g_assert_nonnull (strstr (tip, " runs in 0x"));
  g_assert_nonnull (strstr (tip, ", first default-gdt \u00b7 4 KiB, last default-gdt"));

  /* A double click on the bar zooms to it. */
  g_signal_emit_by_name (in.click, "pressed", 2, box->rect.x + box->rect.width / 2,
                         box->rect.y + box->rect.height / 2);
  g_assert_true (mv_map_view_get_window (f->map, &start, &end));
  g_assert_cmphex (start, <=, span->item.start);
  g_assert_cmphex (end, >=, span->item.end);
  g_assert_cmphex (end - start, <, span->item.end - span->item.start + (span->item.end - span->item.start) / 2);
}

int
main (int    argc,
      char **argv)
{
  ui_fixture_init (&argc, &argv);
  UI_ADD ("/ui/map/hover-click", test_map_hover_click);
  UI_ADD ("/ui/map/hover-many-runs", test_map_hover_many_runs);
  UI_ADD ("/ui/map/zoom-pan", test_map_zoom_pan);
  UI_ADD ("/ui/map/zoom-keeps-address/focus", test_map_zoom_focus_keeps_address);
  UI_ADD ("/ui/map/zoom-keeps-address/linear", test_map_zoom_linear_keeps_address);
  UI_ADD ("/ui/map/zoom-keeps-address/log", test_map_zoom_log_keeps_address);
  UI_ADD ("/ui/map/explain-typed", test_map_explain_typed);
  UI_ADD ("/ui/map/explain-fits", test_map_explain_fits);
  return ui_fixture_run ();
}
