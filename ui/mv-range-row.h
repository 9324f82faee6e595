/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-range-item.h"

G_BEGIN_DECLS

#define MV_TYPE_RANGE_ROW (mv_range_row_get_type ())

G_DECLARE_FINAL_TYPE (MvRangeRow, mv_range_row, MV, RANGE_ROW, GtkWidget)

/**
 * MvRangeRow:
 *
 * The field of one #MvRangeItem in a #MvRangeList, with its remove
 * button: the text is the item's both ways, the tooltip and the error
 * mark follow the item. Emits #MvRangeRow::remove when the button is
 * pressed.
 */

GtkWidget   *mv_range_row_new          (MvRangeItem *item);
MvRangeItem *mv_range_row_get_item     (MvRangeRow  *self);
GtkEditable *mv_range_row_get_editable (MvRangeRow  *self);

G_END_DECLS
