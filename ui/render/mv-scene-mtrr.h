/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-effective.h"
#include "mv-layout.h"
#include "mv-mtrr-state.h"
#include "mv-scene.h"

G_BEGIN_DECLS

/* The most effective-type ranges a scene shows (the analysis stops there
 * and the scene says so). */
#define MV_SCENE_MAX_EFFECTIVE 65536

void mv_scene_add_mtrr_analysis (MvScene              *scene,
                                 const MvMtrrState    *state,
                                 const MvEffectiveMap *map,
                                 GPtrArray            *diagnostics);
void mv_scene_add_mtrr_state    (MvScene              *scene,
                                 const MvMtrrState    *state,
                                 const MvLayout       *layout);

G_END_DECLS
