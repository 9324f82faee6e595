/* SPDX-License-Identifier: MIT */
#pragma once

#include "mv-geometry.h"

G_BEGIN_DECLS

/* mv-geometry-labels.c: where the bars' labels go. */
void _mv_map_geometry_place_bar_texts (MvMapGeometry        *g,
                                       const MvScene        *scene,
                                       const MvSceneMetrics *m);
void _mv_bar_text_clear               (gpointer              data);

/* mv-geometry-scale.c: the address scale. */
gboolean _mv_map_geometry_item_visible (const MvSceneItem  *item,
                                        guint64             start,
                                        guint64             end);
MvScale *_mv_map_geometry_build_scale  (const MvScene      *scene,
                                        guint64             start,
                                        guint64             end,
                                        double              x0,
                                        double              x1,
                                        double              min_width,
                                        double              zoom);

/* mv-geometry.c */
double _mv_map_geometry_text_width    (const MvSceneMetrics *m,
                                       const char           *text,
                                       MvTextStyle           style);
int    _mv_item_box_compare           (gconstpointer         a,
                                       gconstpointer         b);

/* mv-geometry-callouts.c: labels moved under their lane. */
void _mv_map_geometry_place_callouts  (MvMapGeometry        *g,
                                       const MvScene        *scene,
                                       const MvSceneMetrics *m,
                                       double                x0,
                                       double                x1,
                                       guint                *callout_rows);

/* mv-geometry-ticks.c: the axis's tick labels. */
void _mv_map_geometry_place_tick_labels (MvMapGeometry        *g,
                                         const MvSceneMetrics *m,
                                         double                left,
                                         double                right,
                                         double                label_y,
                                         guint                 max_rows);

/* mv-geometry-runs.c: the bars of a lane drawn from its runs. */
void _mv_map_geometry_add_runs        (MvMapGeometry        *g,
                                       const MvScene        *scene,
                                       guint                 lane,
                                       guint64               start,
                                       guint64               end);
void _mv_map_geometry_note_runs_outside (MvMapGeometry      *g,
                                         const MvScene      *scene,
                                         guint               lane,
                                         double              top,
                                         double              row_height);
void _mv_span_clear                   (gpointer              data);

G_END_DECLS
