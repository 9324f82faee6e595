/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-session.h"

G_BEGIN_DECLS

#define MV_TYPE_EDITOR (mv_editor_get_type ())

G_DECLARE_FINAL_TYPE (MvEditor, mv_editor, MV, EDITOR, GtkWidget)

/**
 * MvEditor:
 *
 * The sidebar that edits a #MvSession's document: RAM, NUMA nodes,
 * address width, VTL2, the MMIO gaps, the boot profile, VCNT and the
 * imports. Every edit that parses goes to the session at once (typing in
 * one field is one undo step); a field that does not parse is marked and
 * #MvEditor:error says why, and the document stays as it was.
 */

GtkWidget  *mv_editor_new            (void);
MvSession  *mv_editor_get_session    (MvEditor   *self);
void        mv_editor_set_session    (MvEditor   *self,
                                      MvSession  *session);
const char *mv_editor_get_error      (MvEditor   *self);
void        mv_editor_apply_pending  (MvEditor   *self);
GtkWidget  *mv_editor_get_field      (MvEditor   *self,
                                      const char *name);
void        mv_editor_focus_field    (MvEditor   *self,
                                      const char *name);
void        mv_editor_add_file_import (MvEditor  *self,
                                       GFile     *file);

G_END_DECLS
