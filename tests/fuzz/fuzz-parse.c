/* SPDX-License-Identifier: MIT */
/* Fuzz target: the text parsers (mv_parse_size, mv_parse_range,
 * mv_parse_size_list, mv_parse_uint) on the input as text (up to its first
 * NUL byte). Each either succeeds with a consistent value or fails with
 * an MV_PARSE_ERROR; what one parser accepts, the others agree on. */
#include "mv-fuzz.h"

#include <string.h>

#include "mv-parse.h"

static void
check_error (gboolean      ok,
             const GError *error)
{
  if (ok)
    {
      MV_FUZZ_CHECK (error == NULL);
      return;
    }
  MV_FUZZ_CHECK (error != NULL);
  MV_FUZZ_CHECK (error->domain == MV_PARSE_ERROR);
  MV_FUZZ_CHECK (error->code == MV_PARSE_ERROR_EMPTY ||
                 error->code == MV_PARSE_ERROR_INVALID ||
                 error->code == MV_PARSE_ERROR_OVERFLOW);
  MV_FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
}

/* Every size memviz prints must read back as the same size. */
static void
check_round_trip (guint64 value)
{
  g_autofree char *hex = mv_format_hex (value);
  g_autofree char *size = mv_format_size (value);
  g_autoptr(GError) error = NULL;
  guint64 back = ~value;

  MV_FUZZ_CHECK (mv_parse_size (hex, &back, &error));
  MV_FUZZ_CHECK (back == value);
  back = ~value;
  MV_FUZZ_CHECK (mv_parse_size (size, &back, &error));
  MV_FUZZ_CHECK (back == value);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) size_error = NULL;
  g_autoptr(GError) range_error = NULL;
  g_autoptr(GError) list_error = NULL;
  g_autoptr(GError) uint_error = NULL;
  g_autoptr(GError) byte_error = NULL;
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 value = 0, start = 0, end = 0, number = 0, byte = 0;
  gboolean size_ok, range_ok, list_ok, uint_ok, byte_ok;

  mv_fuzz_setup ();

  size_ok = mv_parse_size (text, &value, &size_error);
  check_error (size_ok, size_error);
  if (size_ok)
    check_round_trip (value);

  range_ok = mv_parse_range (text, &start, &end, &range_error);
  check_error (range_ok, range_error);
  if (range_ok)
    {
      const char *plus = strchr (text, '+');
      const char *minus = strchr (text, '-');

      /* START+SIZE never wraps past 2^64. */
      if (plus != NULL && (minus == NULL || plus < minus))
        MV_FUZZ_CHECK (end >= start);
    }

  list_ok = mv_parse_size_list (text, list, &list_error);
  check_error (list_ok, list_error);
  if (list_ok)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      guint commas = 0;

      for (const char *p = stripped; *p != '\0'; p++)
        commas += *p == ',';
      MV_FUZZ_CHECK (list->len == (stripped[0] == '\0' ? 0 : commas + 1));
      /* A one-element list is a size. */
      if (list->len == 1)
        {
          MV_FUZZ_CHECK (size_ok);
          MV_FUZZ_CHECK (g_array_index (list, guint64, 0) == value);
        }
    }
  else
    MV_FUZZ_CHECK (list->len == 0 || strchr (text, ',') != NULL);

  uint_ok = mv_parse_uint (text, G_MAXUINT64, &number, &uint_error);
  check_error (uint_ok, uint_error);
  if (uint_ok)
    {
      /* A whole number is also a size, with the same value. */
      MV_FUZZ_CHECK (size_ok);
      MV_FUZZ_CHECK (number == value);
    }

  byte_ok = mv_parse_uint (text, 255, &byte, &byte_error);
  check_error (byte_ok, byte_error);
  MV_FUZZ_CHECK (byte_ok == (uint_ok && number <= 255));
  if (byte_ok)
    MV_FUZZ_CHECK (byte == number);
  else if (uint_ok)
    MV_FUZZ_CHECK (byte_error->code == MV_PARSE_ERROR_OVERFLOW);

  return 0;
}
