/* SPDX-License-Identifier: MIT */
/* Waiting in the widget tests (the window's programs and test-widgets). */
#pragma once

#include <gtk/gtk.h>

/* Waiting: every wait in the window tests is for a state, never for a
 * time; each fails, naming what it waited for, when the state does not
 * come within 20 s times MEMVIZ_TIMEOUT_MULTIPLIER (test_deadline ()). */
typedef gboolean (*WaitCondition) (gconstpointer data);

/* Runs the main loop until @condition (@data) holds; @what names the state
 * in the failure's message. */
#define wait_until(condition, data, what) \
  wait_until_at (__FILE__, __LINE__, (condition), (data), (what))
void wait_until_at (const char    *file,
                    int            line,
                    WaitCondition  condition,
                    gconstpointer  data,
                    const char    *what);

/* Until the work queued in the main loop so far (idles of any priority
 * above G_PRIORITY_LOW) has run. */
void wait_for_idle (void);

/* wait_for_idle (), then, when @widget is mapped, until a whole frame of
 * its frame clock has passed after now (update phase to after-paint): the
 * edits the editor queued for the next frame are applied, laid out and
 * drawn. */
void wait_for_frame (GtkWidget *widget);

/* Until @widget is mapped and allocated @width x @height (-1: any). */
void wait_for_size (GtkWidget  *widget,
                    int         width,
                    int         height,
                    const char *what);

/* Until @window is shown with its surface @width x @height (its
 * allocation is less the decorations' margins), then a whole frame after
 * that, laid out at that size. */
void wait_for_window_size (GtkWindow *window,
                           int        width,
                           int        height);

void wait_for_mapped (GtkWidget  *widget,
                      const char *what);
