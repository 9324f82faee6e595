/* SPDX-License-Identifier: MIT */
/* Reading an enum's table of names both ways (see mv-enum.h). */
#include "mv-enum.h"

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
    {
      if (any_case ? g_ascii_strcasecmp (text, table[i].name) == 0
                   : g_str_equal (text, table[i].name))
        {
          *out = table[i].value;
          return TRUE;
        }
    }
  return FALSE;
}
