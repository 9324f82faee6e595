/* SPDX-License-Identifier: MIT */
#pragma once

#include "mv-render.h"

G_BEGIN_DECLS

/* Every boundary of @scene's ranges that the axis shows, with the x it is
 * painted at (@g's zoom applied), checked against (or added to) @xs, a
 * table from guint64 address to double x; returns how many were already
 * there. */
guint check_boundaries (const MvScene       *scene,
                        const MvMapGeometry *g,
                        GHashTable          *xs);

G_END_DECLS
