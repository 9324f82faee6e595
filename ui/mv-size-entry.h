/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MV_TYPE_SIZE_ENTRY (mv_size_entry_get_type ())

G_DECLARE_FINAL_TYPE (MvSizeEntry, mv_size_entry, MV, SIZE_ENTRY, GtkWidget)

/**
 * MvSizeEntry:
 *
 * A text field for a byte size ("8G", "0x200000000", "8 GiB") with step
 * buttons (and Up/Down, Page Up/Page Down keys). Emits
 * #MvSizeEntry::value-changed when the text parses to a new value; text
 * that does not parse marks the field and sets #MvSizeEntry:error.
 */

GtkWidget  *mv_size_entry_new        (void);
guint64     mv_size_entry_get_value  (MvSizeEntry *self);
void        mv_size_entry_set_value  (MvSizeEntry *self,
                                      guint64      value);
guint64     mv_size_entry_get_step   (MvSizeEntry *self);
void        mv_size_entry_set_step   (MvSizeEntry *self,
                                      guint64      step);
const char *mv_size_entry_get_error  (MvSizeEntry *self);
void        mv_size_entry_set_extra_error (MvSizeEntry *self,
                                           const char  *message);
GtkEditable *mv_size_entry_get_editable (MvSizeEntry *self);

G_END_DECLS
