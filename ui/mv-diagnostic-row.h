/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-effective.h"

G_BEGIN_DECLS

/**
 * MvDiagnosticItem:
 * @number: the number of its marker on the map; 0: none
 * @mark_id: (nullable): the id of that marker (mv_scene_find_mark())
 * @stale: about the last layout that worked, below an error: dimmed
 *
 * What one row of the Diagnostics page says.
 */
typedef struct
{
  MvSeverity severity;
  guint      number;
  char      *title;
  char      *detail;
  char      *mark_id;
  gboolean   stale;
  gboolean   has_range;
  guint64    start;
  guint64    end;
} MvDiagnosticItem;

void mv_diagnostic_item_free (MvDiagnosticItem *item);

#define MV_TYPE_DIAGNOSTIC_ROW (mv_diagnostic_row_get_type ())
G_DECLARE_FINAL_TYPE (MvDiagnosticRow, mv_diagnostic_row, MV, DIAGNOSTIC_ROW, GtkListBoxRow)

GtkWidget  *mv_diagnostic_row_new         (const MvDiagnosticItem *item);
gboolean    mv_diagnostic_row_get_range   (MvDiagnosticRow        *self,
                                           guint64                *start,
                                           guint64                *end);
guint       mv_diagnostic_row_get_number  (MvDiagnosticRow        *self);
const char *mv_diagnostic_row_get_mark_id (MvDiagnosticRow        *self);

G_END_DECLS
