/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-render.h"

G_BEGIN_DECLS

void _mv_ui_style_for_widget (GtkWidget     *widget,
                                  MvRenderStyle *style);

G_END_DECLS
