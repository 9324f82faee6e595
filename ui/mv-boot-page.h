/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-scene.h"

G_BEGIN_DECLS

#define MV_TYPE_BOOT_PAGE (mv_boot_page_get_type ())
G_DECLARE_FINAL_TYPE (MvBootPage, mv_boot_page, MV, BOOT_PAGE, GtkWidget)

/**
 * MvBootPage:
 *
 * The window's Boot CPU page: the registers the boot loader set for the
 * boot processor (the scene's boot table), each with its value and
 * meaning (CR0, CR4, EFER bits by name, the page tables' root, ...), or
 * what the Boot section still needs, or why the loader failed.
 */
void       mv_boot_page_update   (MvBootPage    *self,
                                  const MvScene *scene);
GtkWidget *mv_boot_page_get_grid (MvBootPage    *self);
GtkWidget *mv_boot_page_get_hint (MvBootPage    *self);
char      *mv_boot_page_dup_text (MvBootPage    *self);

G_END_DECLS
