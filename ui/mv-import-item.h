/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib-object.h>

#include "mv-document.h"

G_BEGIN_DECLS

#define MV_TYPE_IMPORT_ITEM (mv_import_item_get_type ())

G_DECLARE_FINAL_TYPE (MvImportItem, mv_import_item, MV, IMPORT_ITEM, GObject)

/**
 * MvImportItem:
 *
 * One import of the document as the editor's import list shows it: its
 * spec, what went wrong when it ran (#MvImportItem:status) and whether
 * its file was left unread (#MvImportItem:not-read). A #MvImportRow
 * shows it.
 */

MvImportItem       *mv_import_item_new          (const MvImportSpec *spec);
const MvImportSpec *mv_import_item_get_spec     (MvImportItem       *self);
void                mv_import_item_set_spec     (MvImportItem       *self,
                                                 const MvImportSpec *spec);
const char         *mv_import_item_get_name     (MvImportItem       *self);
const char         *mv_import_item_get_status   (MvImportItem       *self);
void                mv_import_item_set_status   (MvImportItem       *self,
                                                 const char         *status);
gboolean            mv_import_item_get_not_read (MvImportItem       *self);
void                mv_import_item_set_not_read (MvImportItem       *self,
                                                 gboolean            not_read);

G_END_DECLS
