/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-range.h"

G_BEGIN_DECLS

#define MV_TYPE_RANGE_LIST (mv_range_list_get_type ())

G_DECLARE_FINAL_TYPE (MvRangeList, mv_range_list, MV, RANGE_LIST, GtkWidget)

/**
 * MvRangeList:
 *
 * An editable list of address ranges ("START-END" or "START+SIZE" per row)
 * with add and remove buttons; the rows are #MvRangeItem objects in a list
 * model (mv_range_list_get_rows()), each shown by a #MvRangeRow. Emits #MvRangeList::changed when a row is
 * edited, added or removed; rows whose text does not parse are marked.
 * At #MvRangeList:max-rows rows (by default the most a document's gap list
 * holds, MV_DOCUMENT_MAX_GAPS) the add button is off, its tooltip saying why.
 */

GtkWidget  *mv_range_list_new        (void);
void        mv_range_list_set_ranges (MvRangeList   *self,
                                      const MvRange *ranges,
                                      gsize          n_ranges);
gboolean    mv_range_list_get_ranges (MvRangeList   *self,
                                      GArray        *out,
                                      GError       **error);
guint       mv_range_list_get_n_rows (MvRangeList   *self);
GListModel *mv_range_list_get_rows   (MvRangeList   *self);
GtkEditable *mv_range_list_get_row_editable (MvRangeList *self,
                                             guint        index);
void        mv_range_list_add_row    (MvRangeList   *self,
                                      const char    *text);

G_END_DECLS
