/* SPDX-License-Identifier: MIT */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

const char *mv_renderer_pick (void);
gboolean    mv_renderer_keep_shm_pool (GdkDisplay *display);

G_END_DECLS
