/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-preset-item.h"

G_BEGIN_DECLS

#define MV_TYPE_PRESET_ROW (mv_preset_row_get_type ())
G_DECLARE_FINAL_TYPE (MvPresetRow, mv_preset_row, MV, PRESET_ROW, GtkListBoxRow)

GtkWidget    *mv_preset_row_new      (MvPresetItem *item);
MvPresetItem *mv_preset_row_get_item (MvPresetRow  *self);

G_END_DECLS
