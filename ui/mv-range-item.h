/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib-object.h>

#include "mv-range.h"

G_BEGIN_DECLS

#define MV_TYPE_RANGE_ITEM (mv_range_item_get_type ())

G_DECLARE_FINAL_TYPE (MvRangeItem, mv_range_item, MV, RANGE_ITEM, GObject)

/**
 * MvRangeItem:
 *
 * One row of a #MvRangeList: the text typed ("START-END" or
 * "START+SIZE"), why it does not parse (#MvRangeItem:error), the tooltip
 * its field shows, and the accessible label ("PCI ECAM gaps, row 2").
 */

MvRangeItem *mv_range_item_new       (const char    *text);
const char  *mv_range_item_get_text  (MvRangeItem   *self);
void         mv_range_item_set_text  (MvRangeItem   *self,
                                      const char    *text);
const char  *mv_range_item_get_error (MvRangeItem   *self);
gboolean     mv_range_item_get_range (MvRangeItem   *self,
                                      MvRange       *out,
                                      GError       **error);
const char  *mv_range_item_get_label (MvRangeItem   *self);
void         mv_range_item_set_label (MvRangeItem   *self,
                                      const char    *label);

G_END_DECLS
