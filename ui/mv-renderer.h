/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *mv_renderer_pick (void);

G_END_DECLS
