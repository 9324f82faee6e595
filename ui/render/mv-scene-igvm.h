/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-igvm.h"
#include "mv-scenario.h"
#include "mv-scene.h"

G_BEGIN_DECLS

/* The mark ids of an IGVM file's diagnostics: "igvm/N", N its index in
 * MvIgvmFile.diagnostics. */
#define MV_SCENE_IGVM_MARK_PREFIX "igvm/"

char    *mv_scene_igvm_platform_label (const MvIgvmPlatform *platform);
gboolean mv_scene_igvm_shows          (guint32               item_mask,
                                       guint32               mask);
void     mv_scene_add_igvm            (MvScene              *scene,
                                       const MvIgvmFile     *file,
                                       guint32               mask);
MvScene *mv_scene_new_for_igvm        (const MvIgvmFile     *file,
                                       const char           *name,
                                       guint32               mask,
                                       const MvScenario     *over);

G_END_DECLS
