/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-range.h"

G_BEGIN_DECLS

#define MV_TYPE_GAPS_SECTION (mv_gaps_section_get_type ())

G_DECLARE_FINAL_TYPE (MvGapsSection, mv_gaps_section, MV, GAPS_SECTION, GtkWidget)

/**
 * MvGapsSection:
 *
 * The editor's MMIO gaps section: the chipset's low and high gaps (with
 * "None" for the high one) and the range lists of further MMIO, PCI ECAM
 * and PCI MMIO gaps. It holds the texts; the editor turns them into the
 * document (the chipset gap rules are the editor's).
 *
 * MvGapsSection::changed:
 * @field: "low-mmio", "high-mmio", "mmio", "pci-ecam" or "pci-mmio"
 * @now: apply at once (a click); otherwise typing, applied at the next
 *   frame
 */

GtkWidget *mv_gaps_section_new          (void);
GtkWidget *mv_gaps_section_get_field    (MvGapsSection *self,
                                         const char    *name);
void       mv_gaps_section_add_labels   (MvGapsSection *self,
                                         GtkSizeGroup  *group);
void       mv_gaps_section_set_ram_end  (MvGapsSection *self,
                                         guint64        ram_end);
gboolean   mv_gaps_section_get_chipset  (MvGapsSection *self,
                                         gboolean      *has_low,
                                         MvRange       *low,
                                         gboolean      *has_high,
                                         MvRange       *high,
                                         const char   **bad_field,
                                         GError       **error);
void       mv_gaps_section_show_chipset (MvGapsSection *self,
                                         const MvRange *low,
                                         const MvRange *high);

G_END_DECLS
