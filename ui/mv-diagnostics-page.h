/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-scene.h"
#include "mv-view-source.h"

G_BEGIN_DECLS

#define MV_TYPE_DIAGNOSTICS_PAGE (mv_diagnostics_page_get_type ())
G_DECLARE_FINAL_TYPE (MvDiagnosticsPage, mv_diagnostics_page, MV, DIAGNOSTICS_PAGE, GtkWidget)

void        mv_diagnostics_page_update    (MvDiagnosticsPage *self,
                                           MvViewSource      *source,
                                           const char        *field_error,
                                           const MvScene     *scene);
const char *mv_diagnostics_page_get_title (MvDiagnosticsPage *self);
GtkWidget  *mv_diagnostics_page_get_list  (MvDiagnosticsPage *self);

G_END_DECLS
