/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MV_TYPE_PAGE_TABS (mv_page_tabs_get_type ())
G_DECLARE_FINAL_TYPE (MvPageTabs, mv_page_tabs, MV, PAGE_TABS, GtkWidget)

void mv_page_tabs_set_stack (MvPageTabs *self,
                             GtkStack   *stack);

G_END_DECLS
