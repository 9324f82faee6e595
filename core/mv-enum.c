/* SPDX-License-Identifier: MIT */
/* Reading an enum's table of names both ways (see mv-enum.h). */
#include "mv-enum.h"

static gboolean
same_name (const char *a,
           const char *b,
           gboolean    any_case)
{
  return any_case ? g_ascii_strcasecmp (a, b) == 0 : g_str_equal (a, b);
}

/**
 * mv_enum_to_string:
 * Returns: (nullable): the name of @value in @table, NULL when it has none
 */
const char *
mv_enum_to_string (const MvEnumName *table,
                   gsize             n,
                   int               value)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].value == value)
      return table[i].name;
  return NULL;
}

/**
 * mv_enum_from_string:
 * @any_case: compare ASCII letters in any case
 *
 * The first value in @table named @text.
 */
gboolean
mv_enum_from_string (const MvEnumName *table,
                     gsize             n,
                     const char       *text,
                     gboolean          any_case,
                     int              *out)
{
  for (gsize i = 0; text != NULL && i < n; i++)
    if (same_name (text, table[i].name, any_case))
      {
        *out = table[i].value;
        return TRUE;
      }
  return FALSE;
}

/**
 * mv_enum_index_from_string:
 * @names: an enum's names in the order of its values from 0, NULL-terminated
 *
 * The value named @text: its index in @names.
 */
gboolean
mv_enum_index_from_string (const char *const *names,
                           const char        *text,
                           gboolean           any_case,
                           int               *out)
{
  for (int i = 0; text != NULL && names[i] != NULL; i++)
    if (same_name (text, names[i], any_case))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}
