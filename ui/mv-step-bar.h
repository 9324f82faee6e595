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
 * or the fewest pairs) and the step's sentence as a caption.
 */

void       mv_step_bar_show_step    (MvStepBar  *self,
                                     guint       index,
                                     guint       n_steps,
                                     const char *caption);
guint      mv_step_bar_get_strategy (MvStepBar  *self);
void       mv_step_bar_set_strategy (MvStepBar  *self,
                                     guint       strategy);
GtkWidget *mv_step_bar_get_part     (MvStepBar  *self,
                                     const char *name);

G_END_DECLS
