/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MV_TYPE_PRESETS_POPOVER (mv_presets_popover_get_type ())
G_DECLARE_FINAL_TYPE (MvPresetsPopover, mv_presets_popover, MV, PRESETS_POPOVER, GtkPopover)

GtkWidget *mv_presets_popover_new      (void);
GtkWidget *mv_presets_popover_get_list (MvPresetsPopover *self);

G_END_DECLS
