/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib-object.h>

#include "mv-presets.h"

G_BEGIN_DECLS

#define MV_TYPE_PRESET_ITEM (mv_preset_item_get_type ())

G_DECLARE_FINAL_TYPE (MvPresetItem, mv_preset_item, MV, PRESET_ITEM, GObject)

/**
 * MvPresetItem:
 *
 * One preset as the Presets popover lists it: its name (what loading it
 * takes), its title and description, and whether it is one of upstream's
 * test layouts (#MvPresetItem:is-test). A #MvPresetRow shows it.
 */

MvPresetItem *mv_preset_item_new             (const MvPresetInfo *info);
const char   *mv_preset_item_get_name        (MvPresetItem       *self);
const char   *mv_preset_item_get_title       (MvPresetItem       *self);
const char   *mv_preset_item_get_description (MvPresetItem       *self);
gboolean      mv_preset_item_get_is_test     (MvPresetItem       *self);

G_END_DECLS
