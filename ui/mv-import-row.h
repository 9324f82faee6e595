/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-document.h"

G_BEGIN_DECLS

#define MV_TYPE_IMPORT_ROW (mv_import_row_get_type ())

G_DECLARE_FINAL_TYPE (MvImportRow, mv_import_row, MV, IMPORT_ROW, GtkWidget)

/**
 * MvImportRow:
 *
 * The editor of one file or synthetic region import: an expander whose
 * header sums the import up and whose body holds its fields (file, GPA,
 * offset, length, memory length, acceptance, tag; or size and fill).
 * Emits #MvImportRow::changed after an edit and
 * #MvImportRow::remove when its remove button is pressed.
 */

GtkWidget    *mv_import_row_new           (const MvImportSpec *spec);
void          mv_import_row_set_spec      (MvImportRow        *self,
                                           const MvImportSpec *spec);
MvImportSpec *mv_import_row_build_spec    (MvImportRow        *self,
                                           GError            **error);
const char   *mv_import_row_get_name      (MvImportRow        *self);
const char   *mv_import_row_get_summary   (MvImportRow        *self);
gboolean      mv_import_row_get_clipped   (MvImportRow        *self);
void          mv_import_row_set_expanded  (MvImportRow        *self,
                                           gboolean            expanded);
void          mv_import_row_set_status    (MvImportRow        *self,
                                           const char         *error);
void          mv_import_row_set_not_read  (MvImportRow        *self,
                                           gboolean            not_read);

G_END_DECLS
