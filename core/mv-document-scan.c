/* SPDX-License-Identifier: MIT */
/* The one pass over a `.memviz` text (GKeyFile syntax): every line checked
 * by GKeyFile's rules, with the line named in each error; where each group
 * and key is; keys given twice; the comments and raw values kept for
 * saving. The loader (mv-document-load.c) reads the raw values this keeps
 * (no GKeyFile: its table per group made 10^5 imports cost 160 MiB). */
#include "mv-document-private.h"

#include <string.h>

/* A syntax error on the scan's current line. */
#define SYNTAX_ERROR(...) \
  _mv_document_fail (error, MV_DOCUMENT_ERROR_SYNTAX, line, NULL, NULL, __VA_ARGS__)

#define LIMIT_ERROR(group, key, ...) \
  _mv_document_fail (error, MV_DOCUMENT_ERROR_LIMIT, line, (group), (key), __VA_ARGS__)

/* One more unknown group or key, or key given twice: each costs a warning
 * and memory kept for saving, so there are at most MV_DOCUMENT_MAX_UNKNOWN. */
static gboolean
count_unknown (guint       *n,
               guint        line,
               const char  *group,
               const char  *key,
               GError     **error)
{
  if (++*n <= MV_DOCUMENT_MAX_UNKNOWN)
    return TRUE;
  return LIMIT_ERROR (group, key, "more than %u unknown groups and keys or keys given twice: "
                      "a memviz document holds at most %u", MV_DOCUMENT_MAX_UNKNOWN,
                      MV_DOCUMENT_MAX_UNKNOWN);
}

/* GKeyFile's rules for names, checked here so the error names the line. */
static gboolean
name_chars_ok (const char *s,
               gboolean    allow_brackets)
{
  for (; *s != '\0'; s++)
    {
      if ((guchar) *s < 0x20 || *s == 0x7f)
        return FALSE;
      if (!allow_brackets && (*s == '[' || *s == ']'))
        return FALSE;
    }
  return TRUE;
}

/* A locale's character, as GKeyFile allows them in key[locale]. */
static gboolean
locale_chars_ok (const char *s,
                 const char *end)
{
  while (s < end)
    {
      gunichar c = g_utf8_get_char (s);

      if (!g_unichar_isalnum (c) && c != '-' && c != '_' && c != '.' && c != '@')
        return FALSE;
      s = g_utf8_next_char (s);
    }
  return TRUE;
}

static gboolean
key_name_ok (const char *key)
{
  const char *open = strchr (key, '[');
  gsize len = strlen (key);

  if (len == 0 || key[0] == ' ' || !name_chars_ok (key, TRUE))
    return FALSE;
  if (open == NULL)
    return strchr (key, ']') == NULL;
  /* key[locale] */
  return open > key && key[len - 1] == ']' && open + 1 < key + len - 1 &&
         strchr (open + 1, '[') == NULL && strchr (open + 1, ']') == key + len - 1 &&
         locale_chars_ok (open + 1, key + len - 1);
}

static void
append_comment (GString   **pending,
                const char *text)
{
  gsize n = _mv_document_raw_len (text);

  if (*pending == NULL)
    *pending = g_string_new_len (text, (gssize) n);
  else
    {
      g_string_append_c (*pending, '\n');
      g_string_append_len (*pending, text, (gssize) n);
    }
}

static void
attach_comment (GHashTable *comments,
                GString   **pending,
                char       *key)
{
  if (*pending == NULL)
    {
      g_free (key);
      return;
    }
  /* GKeyFile writes the empty comment (a lone "#") as a blank line, which
   * the next load drops: keep it as "# ". */
  if ((*pending)->len == 0)
    g_string_append_c (*pending, ' ');
  g_hash_table_replace (comments, key, g_string_free (*pending, FALSE));
  *pending = NULL;
}

void
_mv_document_text_free (MvDocumentText *text)
{
  if (text == NULL)
    return;
  g_clear_pointer (&text->lines, g_hash_table_unref);
  g_clear_pointer (&text->groups, g_ptr_array_unref);
  g_clear_pointer (&text->key_index, g_hash_table_unref);
  g_clear_pointer (&text->keys, g_ptr_array_unref);
  g_free (text);
}

/* The first group GKeyFile sees may name the text's encoding: only UTF-8. */
static gboolean
encoding_ok (const char *value)
{
  return g_ascii_strcasecmp (value, "UTF-8") == 0;
}

/**
 * _mv_document_text_scan:
 * @doc: gets the comments above each group and key, and a warning for
 *   each key given twice
 *
 * Reads @data line by line, once, by GKeyFile's rules, with what GKeyFile
 * does not tell: an error names its line, a group given twice is an error
 * (GKeyFile merges the two), a key given twice a warning (GKeyFile keeps
 * the last silently), and the comments and raw values are kept for
 * saving and for the loader, which reads escapes as GKeyFile does.
 *
 * Returns: (transfer full) (nullable): the scanned text
 */
MvDocumentText *
_mv_document_text_scan (MvDocument  *doc,
                        const char  *data,
                        gsize        len,
                        GError     **error)
{
  g_autoptr(MvDocumentText) ctx = g_new0 (MvDocumentText, 1);
  g_autofree char *first_group = NULL;
  /* One copy of the text, its lines cut in place (not one copy a line). */
  g_autofree char *copy = g_malloc (len + 1);
  char *p = copy;
  char *end = copy + len;
  g_autofree char *group = NULL;
  GString *pending = NULL;
  guint line = 0;
  guint n_imports = 0;
  guint n_unknown = 0;  /* unknown groups and keys, keys given twice */
  gboolean ok = FALSE;

  ctx->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx->groups = g_ptr_array_new_with_free_func (g_free);
  ctx->keys = g_ptr_array_new_with_free_func (_mv_document_raw_key_free);
  /* Its keys are the lines table's (inserted, never replaced there). */
  ctx->key_index = g_hash_table_new (g_str_hash, g_str_equal);
  memcpy (copy, data, len);
  copy[len] = '\0';

  /* A byte order mark, as some editors write one: not part of the text. */
  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  while (p < end)
    {
      char *nl = memchr (p, '\n', (gsize) (end - p));
      char *line_end = nl != NULL ? nl : end;
      gsize n = (gsize) (line_end - p);
      char *text;
      char *s;

      line++;
      if (n > 0 && p[n - 1] == '\r')
        n--;
      if (!g_utf8_validate_len (p, n, NULL))
        {
          SYNTAX_ERROR ("not valid UTF-8 text");
          goto out;
        }
      text = p;
      text[n] = '\0';
      p = nl != NULL ? nl + 1 : end;
      s = g_strchug (text);

      if (*s == '\0')
        continue;

      if (*s == '#')
        {
          /* Kept without its '#': GKeyFile puts one back. */
          append_comment (&pending, s + 1);
          continue;
        }

      if (*s == '[')
        {
          char *close = strchr (s, ']');
          char *rest;
          char *name;
          gpointer first;

          if (close == NULL)
            {
              SYNTAX_ERROR ("group header “%s” has no closing “]”", s);
              goto out;
            }
          for (rest = close + 1; *rest == ' ' || *rest == '\t'; rest++)
            ;
          *close = '\0';
          name = s + 1;
          if (*rest != '\0' || *name == '\0' || !name_chars_ok (name, FALSE))
            {
              *close = ']';
              SYNTAX_ERROR ("“%s” is not a valid group header", s);
              goto out;
            }
          if (g_hash_table_lookup_extended (ctx->lines, name, NULL, &first))
            {
              _mv_document_fail (error, MV_DOCUMENT_ERROR_DUPLICATE_GROUP, line, name, NULL,
                                 "the group appears twice (first on line %u)",
                                 GPOINTER_TO_UINT (first));
              goto out;
            }
          if (_mv_document_is_import_group (name) && ++n_imports > MV_DOCUMENT_MAX_IMPORTS)
            {
              LIMIT_ERROR (name, NULL, "more than %u imports: a memviz document holds at most %u",
                           MV_DOCUMENT_MAX_IMPORTS, MV_DOCUMENT_MAX_IMPORTS);
              goto out;
            }
          if (!_mv_document_is_known_group (name) && !count_unknown (&n_unknown, line, name, NULL, error))
            goto out;
          g_hash_table_insert (ctx->lines, g_strdup (name), GUINT_TO_POINTER (line));
          g_ptr_array_add (ctx->groups, g_strdup (name));
          /* Comments before the first group are the file's. */
          attach_comment (doc->comments, &pending,
                          group == NULL ? g_strdup ("") : g_strdup (name));
          g_free (group);
          group = g_strdup (name);
          if (first_group == NULL)
            first_group = g_strdup (name);
          continue;
        }

      {
        char *eq = strchr (s, '=');
        g_autofree char *key = NULL;
        g_autofree char *hkey = NULL;
        char *owned = NULL;
        const char *value;
        gpointer earlier;

        if (eq == NULL)
          {
            SYNTAX_ERROR ("“%s” is not a key=value line, a [group] or a # comment", s);
            goto out;
          }
        key = g_strchomp (g_strndup (s, (gsize) (eq - s)));
        if (!key_name_ok (key))
          {
            SYNTAX_ERROR ("“%s” is not a valid key name", key);
            goto out;
          }
        if (group == NULL)
          {
            SYNTAX_ERROR ("key “%s” comes before the first [group]", key);
            goto out;
          }
        value = g_strchug (eq + 1);
        if (g_str_equal (key, "Encoding") && g_str_equal (group, first_group) &&
            !encoding_ok (value))
          {
            SYNTAX_ERROR ("unsupported encoding “%s” (a memviz document is UTF-8 text)",
                          value);
            goto out;
          }
        hkey = _mv_document_key (group, key);
        if (g_hash_table_lookup_extended (ctx->lines, hkey, NULL, &earlier))
          {
            if (!count_unknown (&n_unknown, line, group, key, error))
              goto out;
            MvDocumentRawKey *kl = g_hash_table_lookup (ctx->key_index, hkey);

            _mv_document_warn (doc, line, group, key,
                               "the key is also on line %u; the last one is used",
                               GPOINTER_TO_UINT (earlier));
            kl->line = line;
            g_free (kl->value);
            kl->value = g_strdup (value);
          }
        else
          {
            MvDocumentRawKey *kl;

            if (!_mv_document_key_may_be_known (group, key) &&
                !count_unknown (&n_unknown, line, group, key, error))
              goto out;
            kl = g_new0 (MvDocumentRawKey, 1);

            kl->group = g_strdup (group);
            kl->key = g_strdup (key);
            kl->value = g_strdup (value);
            kl->line = line;
            g_ptr_array_add (ctx->keys, kl);
            /* One copy of the name for both tables: the lines table
             * owns it and keeps it (insert, not replace, below). */
            owned = g_strdup (hkey);
            g_hash_table_insert (ctx->key_index, owned, kl);
          }
        g_hash_table_insert (ctx->lines, owned != NULL ? owned : g_strdup (hkey),
                             GUINT_TO_POINTER (line));
        attach_comment (doc->comments, &pending, g_steal_pointer (&hkey));
      }
    }
  ok = TRUE;

out:
  /* Comments after the last key have nothing to belong to: dropped. */
  if (pending != NULL)
    g_string_free (pending, TRUE);
  ctx->n_lines = line;
  return ok ? g_steal_pointer (&ctx) : NULL;
}
