/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MV_TYPE_EDIT_STEPS (mv_edit_steps_get_type ())

G_DECLARE_FINAL_TYPE (MvEditSteps, mv_edit_steps, MV, EDIT_STEPS, GObject)

/**
 * MvEditSteps:
 *
 * Where one undo step of typing ends, for the text fields inside a
 * widget: when the focus moves (to another field or out), and when the
 * whole text of a field, selected, is typed over (16G applied, select
 * all, type 16Q: undo goes back to 16G). Emits #MvEditSteps::step-ended
 * with %TRUE for the second kind.
 */

MvEditSteps *mv_edit_steps_new      (GtkWidget   *area);
void         mv_edit_steps_set_root (MvEditSteps *self,
                                     GtkRoot     *root);

G_END_DECLS
