/* SPDX-License-Identifier: MIT */
/* Waiting in the widget tests for a state, never for a time
 * (mv-ui-wait.h). */
#include "mv-ui-wait.h"

#include "mv-test-util.h"

/* How long any one wait may take on an ordinary machine before the test
 * fails; times MEMVIZ_TIMEOUT_MULTIPLIER (test_deadline ()). */
#define WAIT_SECONDS 20

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* One iteration of the main loop that returns within 10 ms even when
 * nothing happens, for loops that wait for a condition with a deadline. */
static void
iterate_once (void)
{
  guint id = g_timeout_add (10, tick_cb, NULL);

  g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

void
wait_until_at (const char    *file,
               int            line,
               WaitCondition  condition,
               gconstpointer  data,
               const char    *what)
{
  gint64 deadline = test_deadline (WAIT_SECONDS);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *message = g_strdup_printf ("waited %.0f s in vain for %s (MEMVIZ_TIMEOUT_MULTIPLIER=%g)",
                                                      WAIT_SECONDS * test_timeout_multiplier (), what,
                                                      test_timeout_multiplier ());

          g_assertion_message (G_LOG_DOMAIN, file, line, G_STRFUNC, message);
        }
      iterate_once ();
    }
}

static gboolean
flag_set (gconstpointer data)
{
  return *(const gboolean *) data;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
wait_for_idle (void)
{
  gboolean done = FALSE;

  g_idle_add_full (G_PRIORITY_LOW, set_flag, &done, NULL);
  wait_until (flag_set, &done, "the main loop's queued work (an idle of low priority)");
}

typedef struct
{
  gboolean ticked;   /* the frame's update phase ran */
  gboolean painted;  /* ...and its after-paint phase after it */
} FrameWait;

static gboolean
frame_ticked (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  ((FrameWait *) data)->ticked = TRUE;
  return G_SOURCE_REMOVE;
}

static void
frame_painted (GdkFrameClock *clock,
               FrameWait     *wait)
{
  if (wait->ticked)
    wait->painted = TRUE;
}

void
wait_for_frame (GtkWidget *widget)
{
  FrameWait wait = { FALSE, FALSE };
  GdkFrameClock *clock;
  gulong handler;

  wait_for_idle ();
  if (!gtk_widget_get_mapped (widget) || (clock = gtk_widget_get_frame_clock (widget)) == NULL)
    return;
  /* Tick callbacks run in the order they were added: edits queued for
   * this frame's update phase are applied before this one runs. */
  gtk_widget_add_tick_callback (widget, frame_ticked, &wait, NULL);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted), &wait);
  wait_until (flag_set, &wait.painted, "a whole frame of the window (update, layout, paint)");
  g_signal_handler_disconnect (clock, handler);
}

typedef struct
{
  GtkWidget *widget;
  int        width, height;  /* -1: any */
} SizeWait;

static gboolean
has_size (gconstpointer data)
{
  const SizeWait *size = data;

  return gtk_widget_get_mapped (size->widget) &&
         (size->width < 0 || gtk_widget_get_width (size->widget) == size->width) &&
         (size->height < 0 || gtk_widget_get_height (size->widget) == size->height);
}

void
wait_for_size (GtkWidget  *widget,
               int         width,
               int         height,
               const char *what)
{
  SizeWait size = { widget, width, height };

  wait_until (has_size, &size, what);
}

static gboolean
surface_has_size (gconstpointer data)
{
  const SizeWait *size = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (size->widget));

  return gtk_widget_get_mapped (size->widget) && surface != NULL &&
         gdk_surface_get_width (surface) == size->width &&
         gdk_surface_get_height (surface) == size->height;
}

/* The size GTK gives a window shown at its default size @width x
 * @height: at least its minimum size, at most its monitor's. */
static void
shown_size (GtkWindow *window,
            int       *width,
            int       *height)
{
  GtkWidget *widget = GTK_WIDGET (window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (widget), surface);
  GdkRectangle area;
  int min_width = 0, min_height = 0;
  gdk_monitor_get_geometry (monitor, &area);
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL, NULL);
  /* (A window measures with its decorations' margins.) */
  *width = MAX (MIN (*width, area.width), min_width);
  *height = MAX (MIN (*height, area.height), min_height);
}

void
wait_for_window_size (GtkWindow *window,
                      int        width,
                      int        height)
{
  SizeWait size = { GTK_WIDGET (window), width, height };

  wait_for_mapped (GTK_WIDGET (window), "the window to be shown");
  shown_size (window, &size.width, &size.height);
  wait_until (surface_has_size, &size, "the window to be shown at its new size");
  wait_for_frame (GTK_WIDGET (window));
}

static gboolean
is_mapped (gconstpointer data)
{
  return gtk_widget_get_mapped ((GtkWidget *) data);
}

void
wait_for_mapped (GtkWidget  *widget,
                 const char *what)
{
  wait_until (is_mapped, widget, what);
}

