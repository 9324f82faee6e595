/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-layout.h"
#include "mv-scene.h"
#include "mv-steps.h"

G_BEGIN_DECLS

/*
 * One step of a lesson (core/mv-steps.h) as a map scene: the layout, the
 * effective types after the step, the lanes of the pairs so far (the pair
 * added at this step titled so, with what it programs and what the CPU
 * matches), and a lane of the addresses whose type this step changed,
 * each labelled "from → to". The step's sentence is the caption the
 * window and the slides show above it (mv_scene_step_caption()).
 */

MvScene *mv_scene_new_for_step  (const MvLayout *layout,
                                 const MvSteps  *steps,
                                 guint           index);
char    *mv_scene_step_title    (const MvSteps  *steps,
                                 guint           index);

G_END_DECLS
