/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-render.h"

G_BEGIN_DECLS

#define MV_TYPE_MAP_VIEW (mv_map_view_get_type ())

G_DECLARE_FINAL_TYPE (MvMapView, mv_map_view, MV, MAP_VIEW, GtkWidget)

/**
 * MvMapView:
 *
 * The memory map: the shared renderer's map painter in a widget, with a
 * zoom window (Ctrl+scroll, pinch, +/- keys, double-click a bar), panning
 * (drag, horizontal scroll, Left/Right), hover (#MvMapView::hover) and
 * pinning (#MvMapView::pin, on click or Enter).
 */

GtkWidget     *mv_map_view_new          (void);
void           mv_map_view_set_scene    (MvMapView   *self,
                                         MvScene     *scene);
const MvScene *mv_map_view_get_scene    (MvMapView   *self);
void           mv_map_view_set_lesson   (MvMapView   *self,
                                         GPtrArray   *scenes);
const MvMapGeometry *mv_map_view_get_geometry (MvMapView *self);
void         mv_map_view_get_hover_range (MvMapView *self,
                                          guint64   *start,
                                          guint64   *end);
gboolean       mv_map_view_get_stale    (MvMapView   *self);
void           mv_map_view_set_stale    (MvMapView   *self,
                                         gboolean     stale);
void           mv_map_view_set_scale    (MvMapView   *self,
                                         MvScaleKind  kind);
MvScaleKind    mv_map_view_get_scale    (MvMapView   *self);
gboolean       mv_map_view_get_window   (MvMapView   *self,
                                         guint64     *start,
                                         guint64     *end);
void           mv_map_view_set_window   (MvMapView   *self,
                                         guint64      start,
                                         guint64      end);
void           mv_map_view_zoom         (MvMapView   *self,
                                         double       factor);
void           mv_map_view_zoom_fit     (MvMapView   *self);
void           mv_map_view_pan          (MvMapView   *self,
                                         double       fraction);
void           mv_map_view_highlight    (MvMapView   *self,
                                         gboolean     has_range,
                                         guint64      start,
                                         guint64      end);
void           mv_map_view_fill_style   (MvMapView   *self,
                                         MvRenderStyle *style);
guint64        mv_map_view_get_paint_count (MvMapView *self);

G_END_DECLS
