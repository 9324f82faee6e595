/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MV_TYPE_STEP_BAR (mv_step_bar_get_type ())
G_DECLARE_FINAL_TYPE (MvStepBar, mv_step_bar, MV, STEP_BAR, GtkWidget)

/**
 * MvStepBar:
 *
 * Step mode's bar over the map: back and forward (the window's
 * win.step-prev and win.step-next), where the lesson is ("Step 2 of 3"),
 * the strategy (#MvStepBar:strategy, an #MvStepsStrategy: OpenVMM's pairs
 * or the fewest pairs, or #MV_STEP_BAR_SIDE_BY_SIDE: both lessons stepped
 * together) and the step's sentence as a caption (side by side, a caption
 * per lesson, each under its heading).
 */

#define MV_STEP_BAR_SIDE_BY_SIDE 2

void       mv_step_bar_show_step    (MvStepBar  *self,
                                     guint       index,
                                     guint       n_steps,
                                     const char *caption);
void       mv_step_bar_show_side_by_side (MvStepBar  *self,
                                          guint       position,
                                          guint       n_positions,
                                          const char *heading,
                                          const char *caption,
                                          const char *beside_heading,
                                          const char *beside_caption);
guint      mv_step_bar_get_strategy (MvStepBar  *self);
void       mv_step_bar_set_strategy (MvStepBar  *self,
                                     guint       strategy);
GtkWidget *mv_step_bar_get_part     (MvStepBar  *self,
                                     const char *name);

G_END_DECLS
