/* SPDX-License-Identifier: MIT */
#include "mv-parse.h"

#include <string.h>

G_DEFINE_QUARK (mv-parse-error-quark, mv_parse_error)

typedef struct
{
  const char *name;
  guint shift;
} Suffix;

/* Binary units only: "K" and "KiB" (and, as /proc/mtrr and most people
 * write them, "KB") all mean 1024. */
static const Suffix suffixes[] = {
  { "", 0 }, { "B", 0 },
  { "K", 10 }, { "KB", 10 }, { "KiB", 10 },
  { "M", 20 }, { "MB", 20 }, { "MiB", 20 },
  { "G", 30 }, { "GB", 30 }, { "GiB", 30 },
  { "T", 40 }, { "TB", 40 }, { "TiB", 40 },
  { "P", 50 }, { "PB", 50 }, { "PiB", 50 },
};

static gboolean
parse_number (const char  *token,
              const char  *what,
              guint64     *out,
              const char **rest,
              GError     **error)
{
  const char *p = token;
  guint base = 10;
  guint64 value = 0;
  gboolean any = FALSE;

  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    {
      base = 16;
      p += 2;
    }

  for (; *p != '\0'; p++)
    {
      int digit;

      if (*p == '_' && any)
        continue;
      digit = g_ascii_xdigit_value (*p);
      if (digit < 0 || (guint) digit >= base)
        break;
      if (value > (G_MAXUINT64 - (guint) digit) / base)
        {
          g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_OVERFLOW,
                       "%s \"%s\" does not fit in 64 bits", what, token);
          return FALSE;
        }
      value = value * base + (guint) digit;
      any = TRUE;
    }

  if (!any)
    {
      g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_INVALID,
                   "%s \"%s\" is not a number (expected decimal, 0x hex, "
                   "with an optional K, M, G, T or P suffix)", what, token);
      return FALSE;
    }

  *out = value;
  *rest = p;
  return TRUE;
}

static gboolean
parse_size_token (const char  *token,
                  const char  *what,
                  guint64     *out,
                  GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (token));
  const char *rest;
  guint64 value;
  guint64 frac = 0, frac_scale = 1;
  guint frac_digits = 0;

  if (copy[0] == '\0')
    {
      g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_EMPTY,
                   "%s is empty", what);
      return FALSE;
    }

  if (!parse_number (copy, what, &value, &rest, error))
    return FALSE;

  /* A decimal fraction of a unit: 1.5G, 0.25 TiB (at most 3 digits). */
  if (*rest == '.')
    {
      if (copy[1] == 'x' || copy[1] == 'X')
        {
          g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_INVALID,
                       "%s \"%s\": a fraction needs a decimal number, not 0x hex", what, copy);
          return FALSE;
        }
      for (rest++; g_ascii_isdigit (*rest); rest++)
        {
          if (++frac_digits > 3)
            {
              g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_INVALID,
                           "%s \"%s\": give at most 3 digits after the point", what, copy);
              return FALSE;
            }
          frac = frac * 10 + (guint64) (*rest - '0');
          frac_scale *= 10;
        }
      if (frac_digits == 0)
        {
          g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_INVALID,
                       "%s \"%s\": no digits after the point", what, copy);
          return FALSE;
        }
    }

  while (*rest == ' ' || *rest == '\t')
    rest++;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      guint shift = suffixes[i].shift;
      guint64 part = 0;

      if (g_ascii_strcasecmp (rest, suffixes[i].name) != 0)
        continue;
      /* "b" alone would read as a byte count and a hex digit at once. */
      if (g_str_equal (rest, "b"))
        break;
      if (shift > 0 && value > (G_MAXUINT64 >> shift))
        {
          g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_OVERFLOW,
                       "%s \"%s\" does not fit in 64 bits", what, copy);
          return FALSE;
        }
      /* frac < 1000 < 2^10, so frac << 50 (PiB) still fits. */
      if (frac_digits > 0)
        {
          part = (frac << shift) / frac_scale;
          if ((frac << shift) % frac_scale != 0 || ((value << shift) + part) % 4096 != 0)
            {
              g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_INVALID,
                           "%s \"%s\" is not a whole number of 4 KiB pages: write it "
                           "in a smaller unit (e.g. M or K) without the fraction", what, copy);
              return FALSE;
            }
          if (part > G_MAXUINT64 - (value << shift))
            {
              g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_OVERFLOW,
                           "%s \"%s\" does not fit in 64 bits", what, copy);
              return FALSE;
            }
        }
      *out = (value << shift) + part;
      return TRUE;
    }

  g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_INVALID,
               "%s \"%s\": unknown suffix \"%s\" (use K, M, G, T or P, "
               "or KiB ... PiB)", what, copy, rest);
  return FALSE;
}

/**
 * mv_parse_size:
 * Parses a size or an address: decimal or 0x hex, optional `_` digit
 * separators, an optional binary suffix (K M G T P, KiB ... PiB; KB ... PB
 * mean the same). A decimal number may have a fraction of its unit (1.5G)
 * when the result is a whole number of 4 KiB pages.
 */
gboolean
mv_parse_size (const char  *text,
               guint64     *out,
               GError     **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    {
      g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_EMPTY,
                   "value is empty");
      return FALSE;
    }
  return parse_size_token (text, "value", out, error);
}

/**
 * mv_parse_unit_note:
 * @text: text mv_parse_size(), mv_parse_range() or mv_parse_size_list() read
 *
 * Says how a decimal-looking unit in @text was read: "8gb" and "8 GB"
 * are 8 GiB, since memviz's units are binary.
 *
 * Returns: (transfer full) (nullable): the note, or %NULL when @text has
 *   no KB, MB, GB, TB or PB
 */
char *
mv_parse_unit_note (const char *text)
{
  static const char units[] = "KMGTP";

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      const char *u = strchr (units, g_ascii_toupper (*p));
      const char *before = p;

      if (u == NULL || *u == '\0' || (p[1] != 'B' && p[1] != 'b') || g_ascii_isalnum (p[2]))
        continue;
      while (before > text && (before[-1] == ' ' || before[-1] == '\t'))
        before--;
      if (before == text || !g_ascii_isdigit (before[-1]))
        continue;
      return g_strdup_printf ("\"%s\": %c%c is read as %ciB (1024^%d bytes): memviz's units are binary",
                              text, p[0], p[1], g_ascii_toupper (*p), (int) (u - units) + 1);
    }
  return NULL;
}

/**
 * mv_parse_range:
 * Parses `START-END` (end exclusive) or `START+SIZE`.
 */
gboolean
mv_parse_range (const char  *text,
                guint64     *start,
                guint64     *end,
                GError     **error)
{
  g_autofree char *copy = NULL;
  char *sep;
  char op;
  guint64 a, b;

  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_EMPTY,
                   "range is empty (expected START-END or START+SIZE)");
      return FALSE;
    }

  copy = g_strstrip (g_strdup (text));
  sep = strpbrk (copy, "-+");
  if (sep == NULL || sep == copy)
    {
      g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_INVALID,
                   "range \"%s\" is not START-END or START+SIZE", copy);
      return FALSE;
    }

  op = *sep;
  *sep = '\0';
  if (!parse_size_token (copy, "range start", &a, error) ||
      !parse_size_token (sep + 1, op == '-' ? "range end" : "range size", &b, error))
    return FALSE;

  if (op == '+')
    {
      if (b > G_MAXUINT64 - a)
        {
          g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_OVERFLOW,
                       "range \"%s+%s\" ends past 2^64", copy, sep + 1);
          return FALSE;
        }
      b += a;
    }

  *start = a;
  *end = b;
  return TRUE;
}

/**
 * mv_parse_size_list:
 * Parses a comma-separated list of sizes into @out (#guint64). The empty
 * string is the empty list.
 */
gboolean
mv_parse_size_list (const char  *text,
                    GArray      *out,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *copy = NULL;

  g_return_val_if_fail (text != NULL && out != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return TRUE;

  parts = g_strsplit (copy, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *what = g_strdup_printf ("size %u of the list", i + 1);
      guint64 v;

      if (!parse_size_token (parts[i], what, &v, error))
        return FALSE;
      g_array_append_val (out, v);
    }
  return TRUE;
}

/**
 * mv_parse_uint:
 * Parses a plain integer (decimal or 0x hex) no larger than @max.
 */
gboolean
mv_parse_uint (const char  *text,
               guint64      max,
               guint64     *out,
               GError     **error)
{
  g_autofree char *copy = NULL;
  const char *rest;
  guint64 v;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_EMPTY, "number is empty");
      return FALSE;
    }
  copy = g_strstrip (g_strdup (text));
  if (!parse_number (copy, "number", &v, &rest, error))
    return FALSE;
  if (*rest != '\0')
    {
      g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_INVALID,
                   "\"%s\" is not a whole number", copy);
      return FALSE;
    }
  if (v > max)
    {
      g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_OVERFLOW,
                   "%s is out of range (at most %" G_GUINT64_FORMAT ")", copy, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/**
 * mv_format_size:
 * Exact sizes in the largest binary unit that divides them ("8 GiB",
 * "640 KiB"); otherwise bytes. The largest unit is PiB, the largest that
 * mv_parse_size() reads, so every result parses back.
 */
char *
mv_format_size (guint64 bytes)
{
  static const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
  guint u = 0;

  if (bytes == 0)
    return g_strdup ("0 B");

  while (u + 1 < G_N_ELEMENTS (units) && (bytes & 1023) == 0)
    {
      bytes >>= 10;
      u++;
    }
  return g_strdup_printf ("%" G_GUINT64_FORMAT " %s", bytes, units[u]);
}

char *
mv_format_hex (guint64 value)
{
  return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", value);
}

/**
 * mv_format_choices:
 * @names: NULL-terminated
 *
 * The names as a message lists them: "a, b or c".
 *
 * Returns: (transfer full): the list
 */
char *
mv_format_choices (const char *const *names)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (s, names[i + 1] == NULL ? " or " : ", ");
      g_string_append (s, names[i]);
    }
  return g_string_free (s, FALSE);
}
