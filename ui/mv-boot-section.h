/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-session.h"

G_BEGIN_DECLS

#define MV_TYPE_BOOT_SECTION (mv_boot_section_get_type ())
G_DECLARE_FINAL_TYPE (MvBootSection, mv_boot_section, MV, BOOT_SECTION, GtkWidget)

/**
 * MvBootSection:
 *
 * The editor's Boot section: the document's [boot] loader (none, linux,
 * uefi, pcat) and its files, chosen with GtkFileChooserNative, the
 * command line, the UEFI config blob, the ACPI tables' size and SMBIOS.
 * Only the fields the chosen loader reads are shown.
 *
 * MvBootSection::edit:
 * @doc: (transfer full): the edited copy of the session's document
 * @field: the field ("loader", "kernel", ...), the history's merge key
 * @label: the undo label
 */
GtkWidget *mv_boot_section_new         (void);
void       mv_boot_section_set_session (MvBootSection *self,
                                        MvSession     *session);
void       mv_boot_section_show        (MvBootSection *self);
void       mv_boot_section_add_labels  (MvBootSection *self,
                                        GtkSizeGroup  *group);
GtkWidget *mv_boot_section_get_field   (MvBootSection *self,
                                        const char    *name);
void       mv_boot_section_choose_file (MvBootSection *self,
                                        const char    *field,
                                        const char    *path);

G_END_DECLS
