/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The focus vfunc of a compound widget whose grab_focus hands the focus to
 * a child (a mnemonic or mv_editor_focus_field() lands in its field).
 * GTK's default focus vfunc grabs the widget itself when Shift+Tab finds
 * no child before the focused one, and that grab went back to the same
 * child: the focus could not leave backwards. This moves through the
 * children in order (backwards for Shift+Tab, Up and Left) and gives up
 * when they are done, so that the focus goes on to the next widget. */
static inline gboolean
_mv_widget_focus_children (GtkWidget        *widget,
                           GtkDirectionType  direction)
{
  gboolean backward = direction == GTK_DIR_TAB_BACKWARD ||
                      direction == GTK_DIR_UP || direction == GTK_DIR_LEFT;
  GtkWidget *focus = gtk_widget_get_focus_child (widget);
  GtkWidget *child;

  if (focus != NULL)
    {
      if (gtk_widget_child_focus (focus, direction))
        return TRUE;
      child = backward ? gtk_widget_get_prev_sibling (focus) : gtk_widget_get_next_sibling (focus);
    }
  else
    child = backward ? gtk_widget_get_last_child (widget) : gtk_widget_get_first_child (widget);

  for (; child != NULL; child = backward ? gtk_widget_get_prev_sibling (child) : gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && gtk_widget_get_sensitive (child) &&
        gtk_widget_child_focus (child, direction))
      return TRUE;
  return FALSE;
}

G_END_DECLS
