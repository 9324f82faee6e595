/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-render.h"

G_BEGIN_DECLS

#define MV_TYPE_PICTURE_VIEW (mv_picture_view_get_type ())

G_DECLARE_FINAL_TYPE (MvPictureView, mv_picture_view, MV, PICTURE_VIEW, GtkWidget)

/**
 * MvPictureView:
 *
 * One of the renderer's other views (the MTRR register table, the GDT bit
 * diagram, the page map) at its natural height, for a scrolled window.
 * #MvPictureView:kind is "registers", "gdt", "pages", "vp", "explain" or
 * "versions". A click on a
 * header of the page map sorts its rows by that column.
 */

GtkWidget *mv_picture_view_new       (void);
const MvScene *mv_picture_view_get_scene (MvPictureView *self);
void       mv_picture_view_set_scene (MvPictureView *self,
                                      const MvScene *scene);
void       mv_picture_view_set_stale (MvPictureView *self,
                                      gboolean       stale);
MvView     mv_picture_view_get_view  (MvPictureView *self);
gboolean   mv_picture_view_activate_header (MvPictureView *self,
                                            double         x,
                                            double         y);
void       mv_picture_view_set_sort  (MvPictureView *self,
                                      int            column,
                                      gboolean       descending);
int        mv_picture_view_get_sort  (MvPictureView *self,
                                      gboolean      *descending);

G_END_DECLS
