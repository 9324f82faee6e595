/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MV_TYPE_FIELD_ERRORS (mv_field_errors_get_type ())

G_DECLARE_FINAL_TYPE (MvFieldErrors, mv_field_errors, MV, FIELD_ERRORS, GObject)

/**
 * MvFieldErrors:
 *
 * The editor's fields that do not parse: a message per field name, the
 * one to show (#MvFieldErrors:message: the field set last, else any still
 * wrong), and the marks on the fields' widgets, whose own tooltips come
 * back once they are right again.
 */

MvFieldErrors *mv_field_errors_new         (void);
void           mv_field_errors_set         (MvFieldErrors *self,
                                            const char    *field,
                                            GtkWidget     *widget,
                                            const char    *message);
void           mv_field_errors_mark        (MvFieldErrors *self,
                                            GtkWidget     *widget,
                                            const char    *message);
gboolean       mv_field_errors_has         (MvFieldErrors *self,
                                            const char    *field);
void           mv_field_errors_clear       (MvFieldErrors *self);
const char    *mv_field_errors_get_message (MvFieldErrors *self);

G_END_DECLS
