/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-scene-versions.h"
#include "mv-session.h"

G_BEGIN_DECLS

#define MV_TYPE_WINDOW (mv_window_get_type ())

G_DECLARE_FINAL_TYPE (MvWindow, mv_window, MV, WINDOW, GtkApplicationWindow)

MvWindow   *mv_window_new              (GtkApplication *application);
MvSession  *mv_window_get_session      (MvWindow       *self);
MvWindow   *mv_window_find_document    (GFile          *file);
MvWindow   *mv_window_open_document    (MvWindow       *self,
                                        GFile          *file);
void        mv_window_open_file        (MvWindow       *self,
                                        GFile          *file);
gboolean    mv_window_load_preset      (MvWindow       *self,
                                        const char     *name,
                                        GError        **error);
gboolean    mv_window_export           (MvWindow       *self,
                                        GFile          *file,
                                        const char     *view,
                                        double          width,
                                        double          height,
                                        gboolean        dark,
                                        GError        **error);
const MvVersionsScene *
            mv_window_get_versions     (MvWindow       *self);
GtkWidget  *mv_window_get_part         (MvWindow       *self,
                                        const char     *name);
char       *mv_window_dup_status_text  (MvWindow       *self);
void        mv_window_set_recent_manager (GtkRecentManager *manager);
void        mv_window_set_record_recent  (gboolean          record);

G_END_DECLS
