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

/* A lesson's pages: its steps, then, where the version refused the layout
 * (@steps->refusal), a page saying so (mv_scene_new_for_step() at index
 * mv_steps_get_n_steps(): the boot state, titled with the error's name;
 * mv_scene_steps_page_caption() its sentence). */
guint    mv_scene_steps_n_pages     (const MvSteps  *steps);
/* @text with no-break spaces inside its ranges ("[4 GiB, 8 TiB)") and
 * sizes ("128 MiB"): a wrapped caption keeps each on one line. */
char    *mv_scene_steps_keep_together (const char   *text);
const char *mv_scene_steps_page_caption (const MvSteps *steps,
                                         guint          index);

/*
 * Two lessons side by side (OpenVMM's over the fewest pairs'), stepped
 * together: both at @position (mv_steps_index_at()). The layout once, then
 * the fixed ranges (the boot state's, the same in both), then a band
 * per lesson, each headed by its strategy, its pair count and where
 * it is ("done" once it has no more steps) and, with @captions, its
 * step's sentence (mv_scene_steps_caption()). One address axis for both.
 */
MvScene *mv_scene_new_for_steps_side_by_side (const MvLayout *layout,
                                              const MvSteps  *top,
                                              const MvSteps  *bottom,
                                              guint           position,
                                              gboolean        captions);
guint    mv_scene_steps_n_positions (const MvSteps  *top,
                                     const MvSteps  *bottom);
char    *mv_scene_steps_heading     (const MvSteps  *steps,
                                     guint           position);
char    *mv_scene_steps_caption     (const MvSteps  *steps,
                                     guint           position);

G_END_DECLS
