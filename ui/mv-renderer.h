/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

const char *mv_renderer_pick (void);
gboolean    mv_renderer_keep_shm_pool (GtkWidget *window);

G_END_DECLS
