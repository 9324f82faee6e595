/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-render.h"

G_BEGIN_DECLS

void _mv_ui_style_for_widget (GtkWidget     *widget,
                                  MvRenderStyle *style);
void _mv_ui_lookup_bg        (GtkWidget     *widget,
                              GdkRGBA       *bg);
void _mv_ui_snapshot_stale   (GtkWidget     *widget,
                              GtkSnapshot   *snapshot,
                              double         width,
                              double         height);

/* Setting a tooltip costs a round trip to the X server: only on change. */
static inline void
_mv_widget_set_tooltip (GtkWidget  *widget,
                        const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

/* A modal chooser of a file to import, over @owner's window. */
static inline GtkFileChooserNative *
_mv_import_chooser_new (GtkWidget  *owner,
                        const char *title)
{
  GtkRoot *root = gtk_widget_get_root (owner);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 GTK_FILE_CHOOSER_ACTION_OPEN, "_Import", "_Cancel");

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

G_END_DECLS
