/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MV_TYPE_NOTE (mv_note_get_type ())
G_DECLARE_FINAL_TYPE (MvNote, mv_note, MV, NOTE, GtkWidget)

void       mv_note_show        (MvNote     *self,
                                const char *text,
                                const char *button_label,
                                const char *action_name);
void       mv_note_drop_action (MvNote     *self);
GtkWidget *mv_note_get_part    (MvNote     *self,
                                const char *name);

G_END_DECLS
