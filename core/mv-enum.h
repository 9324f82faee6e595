/* SPDX-License-Identifier: MIT */
/* An enum's names as one table of value and name, read both ways. Each
 * enum of core has one such table, beside its to-string and from-string
 * functions. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int         value;
  const char *name;
} MvEnumName;

const char *mv_enum_to_string   (const MvEnumName *table,
                                 gsize             n,
                                 int               value);
gboolean    mv_enum_from_string (const MvEnumName *table,
                                 gsize             n,
                                 const char       *text,
                                 gboolean          any_case,
                                 int              *out);
gboolean    mv_enum_index_from_string (const char *const *names,
                                       const char        *text,
                                       gboolean           any_case,
                                       int               *out);

G_END_DECLS
