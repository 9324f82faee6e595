/* SPDX-License-Identifier: MIT */
/* Address ranges as the editor's fields write them: "START+SIZE" shown,
 * "START-END" or "START+SIZE" read. */
#include "config.h"

#include "mv-editor-private.h"
#include "mv-parse.h"

gboolean
_mv_range_text_parse (const char *text,
                      MvRange    *out,
                      GError    **error)
{
  guint64 start, end;

  if (!mv_parse_range (text, &start, &end, error))
    return FALSE;
  return mv_range_init (out, start, end, error);
}

char *
_mv_range_text_format (const MvRange *r)
{
  g_autofree char *start = mv_format_hex (r->start);
  g_autofree char *size = mv_format_size (mv_range_len (r));

  return g_strdup_printf ("%s+%s", start, size);
}

/* Shows @r (%NULL: none, an empty text) in @entry, unless its text
 * already says it (in the user's words, kept). */
void
_mv_range_text_show (GtkWidget     *entry,
                     const MvRange *r)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *formatted = NULL;
  MvRange shown;

  if (r == NULL)
    {
      if (text[0] != '\0')
        gtk_editable_set_text (GTK_EDITABLE (entry), "");
      return;
    }
  if (_mv_range_text_parse (text, &shown, NULL) && shown.start == r->start && shown.end == r->end)
    return;
  formatted = _mv_range_text_format (r);
  gtk_editable_set_text (GTK_EDITABLE (entry), formatted);
}
