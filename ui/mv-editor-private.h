/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-range.h"
#include "mv-ui-style.h"

G_BEGIN_DECLS

/* Marks an editor field with @message (the error style, the tooltip, the
 * accessible invalid state), or clears the mark and gives the tooltip
 * back to @help (the field's own tooltip; %NULL: none). */
static inline void
_mv_editor_mark_field (GtkWidget  *widget,
                       const char *help,
                       const char *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      _mv_widget_set_tooltip (widget, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      _mv_widget_set_tooltip (widget, help);
      gtk_widget_remove_css_class (widget, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/* mv-range-text.c */
gboolean _mv_range_text_parse  (const char    *text,
                                MvRange       *out,
                                GError       **error);
char    *_mv_range_text_format (const MvRange *r);
void     _mv_range_text_show   (GtkWidget     *entry,
                                const MvRange *r);

G_END_DECLS
