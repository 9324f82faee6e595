/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MV_TYPE_ERROR_BAR (mv_error_bar_get_type ())
G_DECLARE_FINAL_TYPE (MvErrorBar, mv_error_bar, MV, ERROR_BAR, GtkWidget)

void       mv_error_bar_set_error    (MvErrorBar *self,
                                      const char *error,
                                      gboolean    has_picture);
GtkWidget *mv_error_bar_get_revealer (MvErrorBar *self);
GtkWidget *mv_error_bar_get_label    (MvErrorBar *self);

G_END_DECLS
