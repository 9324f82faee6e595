/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * MvHistory: an undo/redo stack of whole snapshots. Each step holds the
 * state before an edit; the caller owns the current state. Consecutive
 * edits with the same non-NULL merge key (typing in one field) form one
 * step, unless a pause (one second), mv_history_break_merge() (focus left
 * the field, its whole text was replaced) or an undo came between them. The stack is bounded; the oldest steps fall off.
 */
typedef struct _MvHistory MvHistory;

typedef gpointer (*MvHistoryCopyFunc) (gconstpointer state);

MvHistory *mv_history_new          (MvHistoryCopyFunc  copy_func,
                                    GDestroyNotify     free_func,
                                    guint              max_steps);
void       mv_history_free         (MvHistory         *self);

void       mv_history_push         (MvHistory         *self,
                                    gconstpointer      before,
                                    const char        *merge_key,
                                    const char        *label);
void       mv_history_break_merge  (MvHistory         *self);
void       mv_history_set_merge_timeout (MvHistory    *self,
                                         gint64        usec);
void       mv_history_clear        (MvHistory         *self);

gboolean   mv_history_can_undo     (const MvHistory   *self);
gboolean   mv_history_can_redo     (const MvHistory   *self);
const char *mv_history_undo_label  (const MvHistory   *self);
const char *mv_history_redo_label  (const MvHistory   *self);
guint      mv_history_n_undo       (const MvHistory   *self);
guint      mv_history_n_redo       (const MvHistory   *self);

gpointer   mv_history_undo         (MvHistory         *self,
                                    gconstpointer      current);
gpointer   mv_history_redo         (MvHistory         *self,
                                    gconstpointer      current);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvHistory, mv_history_free)

G_END_DECLS
