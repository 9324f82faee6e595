/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-session.h"

G_BEGIN_DECLS

#define MV_TYPE_FILES_BAR (mv_files_bar_get_type ())
G_DECLARE_FINAL_TYPE (MvFilesBar, mv_files_bar, MV, FILES_BAR, GtkWidget)

void       mv_files_bar_set_session  (MvFilesBar *self,
                                      MvSession  *session);
void       mv_files_bar_update       (MvFilesBar *self);
void       mv_files_bar_opened       (MvFilesBar *self,
                                      GFile      *file);
void       mv_files_bar_read         (MvFilesBar *self);
gboolean   mv_files_bar_get_can_read (MvFilesBar *self);
GtkWidget *mv_files_bar_get_bar      (MvFilesBar *self);
GtkWidget *mv_files_bar_get_label    (MvFilesBar *self);

G_END_DECLS
