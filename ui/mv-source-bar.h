/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-view-source.h"

G_BEGIN_DECLS

#define MV_TYPE_SOURCE_BAR (mv_source_bar_get_type ())
G_DECLARE_FINAL_TYPE (MvSourceBar, mv_source_bar, MV, SOURCE_BAR, GtkWidget)

void       mv_source_bar_set_source (MvSourceBar  *self,
                                     MvViewSource *source);
void       mv_source_bar_update     (MvSourceBar  *self);
GtkWidget *mv_source_bar_get_choice (MvSourceBar  *self,
                                     guint         group);

G_END_DECLS
