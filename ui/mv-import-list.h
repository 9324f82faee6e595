/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-session.h"

G_BEGIN_DECLS

#define MV_TYPE_IMPORT_LIST (mv_import_list_get_type ())

G_DECLARE_FINAL_TYPE (MvImportList, mv_import_list, MV, IMPORT_LIST, GtkWidget)

/**
 * MvImportList:
 *
 * The editor's imports section: the default GDT, one #MvImportRow per
 * import (a list model of #MvImportItem bound to a list box) and the add
 * buttons. It reads its #MvSession but does not change it: an edit is
 * emitted as #MvImportList::edit, a field that does not parse as
 * #MvImportList::field-error, and the editor applies them. At
 * #MvImportList:max-imports imports (by default MV_DOCUMENT_MAX_IMPORTS)
 * the add buttons and the GDT's check are off, their tooltips saying why,
 * and an import added all the same is refused as a field error
 * ("add-import").
 *
 * MvImportList::edit:
 * @doc: (transfer full) (type MvDocument): the edited copy of the
 *   document; the handler owns it
 * @field: the field's name for merging undo steps ("gdt", "import:NAME")
 * @label: the undo step's label
 * @step: the edit is an undo step of its own (adding or removing a row)
 *
 * MvImportList::field-error:
 * @field: as for ::edit
 * @message: (nullable): why the field does not parse; %NULL: it does now
 */

GtkWidget *mv_import_list_new          (void);
void       mv_import_list_set_session  (MvImportList *self,
                                        MvSession    *session);
void       mv_import_list_refresh      (MvImportList *self);
void       mv_import_list_add_file     (MvImportList *self,
                                        GFile        *file);
GtkWidget *mv_import_list_get_field    (MvImportList *self,
                                        const char   *name);
GtkWidget *mv_import_list_get_label    (MvImportList *self);
GListModel *mv_import_list_get_items   (MvImportList *self);

G_END_DECLS
