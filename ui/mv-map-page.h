/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-map-view.h"
#include "mv-view-source.h"

G_BEGIN_DECLS

#define MV_TYPE_MAP_PAGE (mv_map_page_get_type ())
G_DECLARE_FINAL_TYPE (MvMapPage, mv_map_page, MV, MAP_PAGE, GtkWidget)

void       mv_map_page_set_source       (MvMapPage    *self,
                                         MvViewSource *source);
void       mv_map_page_refresh          (MvMapPage    *self);
void       mv_map_page_hide_explanation (MvMapPage    *self);
void       mv_map_page_focus_address_entry (MvMapPage *self);
char      *mv_map_page_dup_tooltip      (MvMapPage    *self);
MvMapView *mv_map_page_get_map          (MvMapPage    *self);
GtkWidget *mv_map_page_get_toolbar      (MvMapPage    *self);
GtkWidget *mv_map_page_get_part         (MvMapPage    *self,
                                         const char   *name);

G_END_DECLS
