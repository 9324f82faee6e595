/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "mv-field-errors.h"
#include "mv-session.h"

G_BEGIN_DECLS

#define MV_TYPE_MEMORY_SECTION (mv_memory_section_get_type ())

G_DECLARE_FINAL_TYPE (MvMemorySection, mv_memory_section, MV, MEMORY_SECTION, GtkWidget)

/**
 * MvMemorySection:
 *
 * The editor's memory section: the RAM size, the NUMA nodes, the address
 * width and the VTL2 range. It reads its #MvSession but does not change
 * it: an edit is emitted as #MvMemorySection::edit; typing is emitted as
 * #MvMemorySection::changed, to apply with mv_memory_section_apply() at
 * the next frame; parse errors go to the editor's #MvFieldErrors.
 *
 * MvMemorySection::edit:
 * @doc: (transfer full) (type MvDocument): the edited copy of the
 *   document; the handler owns it
 * @field: "ram", "numa", "width" or "vtl2"
 * @label: the undo step's label
 *
 * MvMemorySection::changed:
 * @field: "numa", "vtl2" or "width"
 */

GtkWidget *mv_memory_section_new          (void);
void       mv_memory_section_set_session  (MvMemorySection *self,
                                           MvSession       *session,
                                           MvFieldErrors   *errors);
void       mv_memory_section_show         (MvMemorySection *self);
void       mv_memory_section_apply        (MvMemorySection *self,
                                           const char      *field);
GtkWidget *mv_memory_section_get_field    (MvMemorySection *self,
                                           const char      *name);
void       mv_memory_section_add_labels   (MvMemorySection *self,
                                           GtkSizeGroup    *group);

G_END_DECLS
