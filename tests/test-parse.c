/* SPDX-License-Identifier: MIT */
/* Tests of core/mv-parse: size, range, list and integer text, and the
 * size formatter. */
#include <string.h>

#include <mv-parse.h>
#include <mv-range.h>

#define KiB ((guint64) 1 << 10)
#define MiB ((guint64) 1 << 20)
#define GiB ((guint64) 1 << 30)
#define TiB ((guint64) 1 << 40)
#define PiB ((guint64) 1 << 50)

/* ---- sizes --------------------------------------------------------------- */

typedef struct
{
  const char *text;
  guint64 value;
} GoodSize;

static const GoodSize good_sizes[] = {
  { "0", 0 },
  { "1", 1 },
  { "4096", 4096 },
  { "007", 7 },
  { "18446744073709551615", G_MAXUINT64 },
  { "0x0", 0 },
  { "0x1000", 0x1000 },
  { "0X1f", 0x1f },
  { "0xdeadBEEF", 0xdeadbeef },
  { "0xffffffffffffffff", G_MAXUINT64 },
  { "0x1B", 0x1b },            /* B is a hex digit after 0x */
  { "0x10 B", 0x10 },          /* ... and a byte suffix after a space */
  { "1_000", 1000 },
  { "0x1_0000", 0x10000 },
  /* suffixes, all binary */
  { "1K", KiB },
  { "1k", KiB },
  { "1KB", KiB },
  { "1KiB", KiB },
  { "640K", 640 * KiB },
  { "1M", MiB },
  { "1MiB", MiB },
  { "128MB", 128 * MiB },
  { "1G", GiB },
  { "8G", 8 * GiB },
  { "8 GiB", 8 * GiB },
  { "8gib", 8 * GiB },
  { "8\tGiB", 8 * GiB },
  { "1T", TiB },
  { "1TiB", TiB },
  { "2 TB", 2 * TiB },
  { "1P", PiB },
  { "1PiB", PiB },
  { "4096B", 4096 },
  { "0x10M", 16 * MiB },
  { "0x3e80 MiB", 0x3e80 * MiB },
  { "  8G  ", 8 * GiB },
  /* fractions of a unit that land on a page */
  { "1.5G", 3 * GiB / 2 },
  { "1.5 GiB", 3 * GiB / 2 },
  { "0.25T", TiB / 4 },
  { "2.125G", 2 * GiB + GiB / 8 },
  { "1.0M", MiB },
  { "0.5M", MiB / 2 },
  { "16383P", 16383 * PiB },
  { "17179869183G", G_GUINT64_CONSTANT (17179869183) * GiB },
  { "0", 0 },
};

static void
test_size_good (gconstpointer data)
{
  const GoodSize *t = data;
  guint64 v = 12345;
  g_autoptr(GError) error = NULL;

  g_assert_true (mv_parse_size (t->text, &v, &error));
  g_assert_no_error (error);
  g_assert_cmphex (v, ==, t->value);
}

typedef struct
{
  const char *text;
  int code;
  const char *needles[3];   /* words the message must contain */
} BadText;

static const BadText bad_sizes[] = {
  { "", MV_PARSE_ERROR_EMPTY, { "empty" } },
  { "   ", MV_PARSE_ERROR_EMPTY, { "empty" } },
  { "abc", MV_PARSE_ERROR_INVALID, { "\"abc\"", "not a number" } },
  { "G", MV_PARSE_ERROR_INVALID, { "\"G\"" } },
  { "0x", MV_PARSE_ERROR_INVALID, { "\"0x\"" } },
  { "0xg", MV_PARSE_ERROR_INVALID, { "\"0xg\"" } },
  { "-1", MV_PARSE_ERROR_INVALID, { "\"-1\"" } },
  { "_1", MV_PARSE_ERROR_INVALID, { "\"_1\"" } },
  { "12Q", MV_PARSE_ERROR_INVALID, { "\"12Q\"", "unknown suffix \"Q\"" } },
  { "1.1K", MV_PARSE_ERROR_INVALID, { "\"1.1K\"", "not a whole number of 4 KiB pages" } },
  { "1.5K", MV_PARSE_ERROR_INVALID, { "\"1.5K\"", "not a whole number of 4 KiB pages" } },
  { "1.5", MV_PARSE_ERROR_INVALID, { "\"1.5\"", "4 KiB pages" } },
  { "0x1.8G", MV_PARSE_ERROR_INVALID, { "fraction needs a decimal number" } },
  { "1.2345G", MV_PARSE_ERROR_INVALID, { "at most 3 digits after the point" } },
  { "1.G", MV_PARSE_ERROR_INVALID, { "no digits after the point" } },
  { "8 GiBs", MV_PARSE_ERROR_INVALID, { "suffix \"GiBs\"" } },
  { "1 G B", MV_PARSE_ERROR_INVALID, { "suffix \"G B\"" } },
  { "8E", MV_PARSE_ERROR_INVALID, { "suffix \"E\"" } },
  /* a lone lower-case b would read as a hex digit and a byte suffix */
  { "10b", MV_PARSE_ERROR_INVALID, { "suffix \"b\"" } },
  { "4G 4G", MV_PARSE_ERROR_INVALID, { "\"4G 4G\"" } },
  /* past 2^64 */
  { "18446744073709551616", MV_PARSE_ERROR_OVERFLOW, { "\"18446744073709551616\"", "64 bits" } },
  { "99999999999999999999999", MV_PARSE_ERROR_OVERFLOW, { "\"99999999999999999999999\"" } },
  { "0x10000000000000000", MV_PARSE_ERROR_OVERFLOW, { "\"0x10000000000000000\"" } },
  { "16384P", MV_PARSE_ERROR_OVERFLOW, { "\"16384P\"", "64 bits" } },
  { "17179869184G", MV_PARSE_ERROR_OVERFLOW, { "\"17179869184G\"" } },
  { "0xffffffffffffffff K", MV_PARSE_ERROR_OVERFLOW, { "\"0xffffffffffffffff K\"" } },
};

static void
assert_message (const GError *error,
                const char   *const needles[3])
{
  for (guint i = 0; i < 3 && needles[i] != NULL; i++)
    if (strstr (error->message, needles[i]) == NULL)
      g_error ("message \"%s\" lacks \"%s\"", error->message, needles[i]);
}

static void
test_size_bad (gconstpointer data)
{
  const BadText *t = data;
  guint64 v = 12345;
  g_autoptr(GError) error = NULL;

  g_assert_false (mv_parse_size (t->text, &v, &error));
  g_assert_error (error, MV_PARSE_ERROR, t->code);
  assert_message (error, t->needles);
  g_assert_cmphex (v, ==, 12345);
}

static void
test_size_null (void)
{
  guint64 v = 0;
  g_autoptr(GError) error = NULL;

  g_assert_false (mv_parse_size (NULL, &v, &error));
  g_assert_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_EMPTY);
}

/* ---- ranges -------------------------------------------------------------- */

typedef struct
{
  const char *text;
  guint64 start;
  guint64 end;
} GoodRange;

static const GoodRange good_ranges[] = {
  { "0x1000-0x2000", 0x1000, 0x2000 },
  { "0-0", 0, 0 },
  { "4G-4G", 4 * GiB, 4 * GiB },
  { "1G+1G", GiB, 2 * GiB },
  { "0+0", 0, 0 },
  { "0xF8000000+128M", 0xf8000000, 4 * GiB },
  { "3968 MiB-4 GiB", 3968 * MiB, 4 * GiB },
  { " 1M - 2M ", MiB, 2 * MiB },
  { "4G+512M", 4 * GiB, 4 * GiB + 512 * MiB },
  { "0xfffffffffffff000+0xfff", G_GUINT64_CONSTANT (0xfffffffffffff000), G_MAXUINT64 },
  { "0-0xffffffffffffffff", 0, G_MAXUINT64 },
  { "1+0xfffffffffffffffe", 1, G_MAXUINT64 },
};

static void
test_range_good (gconstpointer data)
{
  const GoodRange *t = data;
  guint64 start = 1, end = 1;
  g_autoptr(GError) error = NULL;

  g_assert_true (mv_parse_range (t->text, &start, &end, &error));
  g_assert_no_error (error);
  g_assert_cmphex (start, ==, t->start);
  g_assert_cmphex (end, ==, t->end);
}

static const BadText bad_ranges[] = {
  { "", MV_PARSE_ERROR_EMPTY, { "empty", "START-END" } },
  { "1G", MV_PARSE_ERROR_INVALID, { "\"1G\"", "START-END or START+SIZE" } },
  { "-1G", MV_PARSE_ERROR_INVALID, { "\"-1G\"" } },
  { "+1G", MV_PARSE_ERROR_INVALID, { "\"+1G\"" } },
  { "1G-", MV_PARSE_ERROR_EMPTY, { "range end is empty" } },
  { "1G+", MV_PARSE_ERROR_EMPTY, { "range size is empty" } },
  { "x-1G", MV_PARSE_ERROR_INVALID, { "range start", "\"x\"" } },
  { "1G-y", MV_PARSE_ERROR_INVALID, { "range end", "\"y\"" } },
  { "1G+zz", MV_PARSE_ERROR_INVALID, { "range size", "\"zz\"" } },
  { "1Q-2G", MV_PARSE_ERROR_INVALID, { "range start", "suffix \"Q\"" } },
  { "1G-2G-3G", MV_PARSE_ERROR_INVALID, { "range end", "\"2G-3G\"" } },
  { "99999999999999999999-1", MV_PARSE_ERROR_OVERFLOW, { "range start", "\"99999999999999999999\"" } },
  { "0-16384P", MV_PARSE_ERROR_OVERFLOW, { "range end", "\"16384P\"" } },
  { "0xffffffffffffffff+1", MV_PARSE_ERROR_OVERFLOW, { "\"0xffffffffffffffff+1\"", "2^64" } },
  { "0xfffffffffffff000+0x1000", MV_PARSE_ERROR_OVERFLOW, { "2^64" } },
  { "16000P+1000P", MV_PARSE_ERROR_OVERFLOW, { "\"16000P+1000P\"" } },
};

static void
test_range_bad (gconstpointer data)
{
  const BadText *t = data;
  guint64 start = 7, end = 9;
  g_autoptr(GError) error = NULL;

  g_assert_false (mv_parse_range (t->text, &start, &end, &error));
  g_assert_error (error, MV_PARSE_ERROR, t->code);
  assert_message (error, t->needles);
  g_assert_cmphex (start, ==, 7);
  g_assert_cmphex (end, ==, 9);
}

static void
test_range_null_and_order (void)
{
  guint64 start = 0, end = 0;
  MvRange r;
  g_autoptr(GError) error = NULL;

  g_assert_false (mv_parse_range (NULL, &start, &end, &error));
  g_assert_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_EMPTY);
  g_clear_error (&error);

  /* Parsing reads the numbers; order and alignment are mv_range_init's
   * checks, which name the problem. */
  g_assert_true (mv_parse_range ("2G-1G", &start, &end, &error));
  g_assert_cmphex (start, ==, 2 * GiB);
  g_assert_cmphex (end, ==, GiB);
  g_assert_false (mv_range_init (&r, start, end, &error));
  g_assert_error (error, MV_RANGE_ERROR, MV_RANGE_ERROR_REVERSED);
  g_clear_error (&error);

  g_assert_true (mv_parse_range ("0x1001+4K", &start, &end, &error));
  g_assert_cmphex (end, ==, 0x2001);
  g_assert_false (mv_range_init (&r, start, end, &error));
  g_assert_error (error, MV_RANGE_ERROR, MV_RANGE_ERROR_UNALIGNED);
}

/* ---- lists --------------------------------------------------------------- */

static void
test_list_good (void)
{
  static const struct
  {
    const char *text;
    guint n;
    guint64 values[4];
  } cases[] = {
    { "", 0, { 0 } },
    { "   ", 0, { 0 } },
    { "4G", 1, { 4 * GiB } },
    { "1G,2G", 2, { GiB, 2 * GiB } },
    { " 1G, 2 GiB ,0x1000 , 7", 4, { GiB, 2 * GiB, 0x1000, 7 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_autoptr(GError) error = NULL;

      g_assert_true (mv_parse_size_list (cases[i].text, out, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (out->len, ==, cases[i].n);
      for (guint j = 0; j < cases[i].n; j++)
        g_assert_cmphex (g_array_index (out, guint64, j), ==, cases[i].values[j]);
    }
}

static const BadText bad_lists[] = {
  { "1G,,2G", MV_PARSE_ERROR_EMPTY, { "size 2 of the list is empty" } },
  { "1G,", MV_PARSE_ERROR_EMPTY, { "size 2 of the list" } },
  { ",1G", MV_PARSE_ERROR_EMPTY, { "size 1 of the list" } },
  { "1G,2G,abc", MV_PARSE_ERROR_INVALID, { "size 3 of the list", "\"abc\"" } },
  { "1G;2G", MV_PARSE_ERROR_INVALID, { "size 1 of the list", "\"1G;2G\"" } },
  { "1G,99999999999999999999", MV_PARSE_ERROR_OVERFLOW, { "size 2 of the list" } },
};

static void
test_list_bad (gconstpointer data)
{
  const BadText *t = data;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GError) error = NULL;

  g_assert_false (mv_parse_size_list (t->text, out, &error));
  g_assert_error (error, MV_PARSE_ERROR, t->code);
  assert_message (error, t->needles);
}

/* ---- plain integers ------------------------------------------------------ */

static void
test_uint (void)
{
  static const struct
  {
    const char *text;
    guint64 max;
    gboolean ok;
    guint64 value;
    int code;
  } cases[] = {
    { "46", 255, TRUE, 46, 0 },
    { "0x2e", 255, TRUE, 46, 0 },
    { " 7 ", 255, TRUE, 7, 0 },
    { "255", 255, TRUE, 255, 0 },
    { "18446744073709551615", G_MAXUINT64, TRUE, G_MAXUINT64, 0 },
    { "256", 255, FALSE, 0, MV_PARSE_ERROR_OVERFLOW },
    { "18446744073709551616", G_MAXUINT64, FALSE, 0, MV_PARSE_ERROR_OVERFLOW },
    { "", 255, FALSE, 0, MV_PARSE_ERROR_EMPTY },
    { "4x", 255, FALSE, 0, MV_PARSE_ERROR_INVALID },
    { "1K", G_MAXUINT64, FALSE, 0, MV_PARSE_ERROR_INVALID },
    { "x", 255, FALSE, 0, MV_PARSE_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 v = 999;
      g_autoptr(GError) error = NULL;
      gboolean ok = mv_parse_uint (cases[i].text, cases[i].max, &v, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_cmphex (v, ==, cases[i].value);
        }
      else
        {
          g_assert_error (error, MV_PARSE_ERROR, cases[i].code);
          g_assert_cmphex (v, ==, 999);
        }
    }
}

/* ---- formatting ---------------------------------------------------------- */

static void
test_format_choices (void)
{
  const char *const one[] = { "a", NULL };
  const char *const two[] = { "a", "b", NULL };
  const char *const three[] = { "gdt", "file", "synthetic", NULL };
  const char *const none[] = { NULL };
  g_autofree char *s1 = mv_format_choices (one);
  g_autofree char *s2 = mv_format_choices (two);
  g_autofree char *s3 = mv_format_choices (three);
  g_autofree char *s0 = mv_format_choices (none);

  g_assert_cmpstr (s1, ==, "a");
  g_assert_cmpstr (s2, ==, "a or b");
  g_assert_cmpstr (s3, ==, "gdt, file or synthetic");
  g_assert_cmpstr (s0, ==, "");
}

static void
test_format (void)
{
  static const struct
  {
    guint64 value;
    const char *text;
  } cases[] = {
    { 0, "0 B" },
    { 1, "1 B" },
    { 1023, "1023 B" },
    { 1024, "1 KiB" },
    { 1536, "1536 B" },
    { 640 * KiB, "640 KiB" },
    { 4097, "4097 B" },
    { 128 * MiB, "128 MiB" },
    { 3968 * MiB, "3968 MiB" },
    { 8 * GiB, "8 GiB" },
    { TiB, "1 TiB" },
    { TiB + 2 * GiB, "1026 GiB" },
    { PiB, "1 PiB" },
    { (guint64) 1 << 60, "1024 PiB" },
    { (guint64) 1 << 63, "8192 PiB" },
    { G_GUINT64_CONSTANT (0xfffffffffffff000), "18014398509481980 KiB" },
    { G_MAXUINT64, "18446744073709551615 B" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = mv_format_size (cases[i].value);
      g_assert_cmpstr (s, ==, cases[i].text);
    }

  {
    g_autofree char *a = mv_format_hex (0);
    g_autofree char *b = mv_format_hex (0xdeadbeef);
    g_autofree char *c = mv_format_hex (G_MAXUINT64);

    g_assert_cmpstr (a, ==, "0x0");
    g_assert_cmpstr (b, ==, "0xdeadbeef");
    g_assert_cmpstr (c, ==, "0xffffffffffffffff");
  }
}

/* Every formatted size and hex number parses back to itself. */
static void
test_format_roundtrip_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5eed0002);

  for (guint i = 0; i < 5000; i++)
    {
      guint shift = (guint) g_rand_int_range (rand, 0, 64);
      guint64 v = ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand)) >> shift;
      g_autofree char *s = NULL;
      g_autofree char *h = NULL;
      guint64 back = ~v;
      g_autoptr(GError) error = NULL;

      /* Also exercise exact multiples of the units. */
      if (i % 2 == 0)
        v <<= MIN (shift, 60);
      s = mv_format_size (v);
      h = mv_format_hex (v);
      g_assert_true (mv_parse_size (s, &back, &error));
      g_assert_no_error (error);
      g_assert_cmphex (back, ==, v);
      back = ~v;
      g_assert_true (mv_parse_size (h, &back, &error));
      g_assert_cmphex (back, ==, v);
    }
}

/* KB ... PB are read as binary units, and the note says so; the binary
 * spellings need no note. */
static void
test_unit_note (void)
{
  static const struct { const char *text; const char *note; } cases[] = {
    { "8gb", "\"8gb\": gb is read as GiB (1024^3 bytes)" },
    { "8 GB", "\"8 GB\": GB is read as GiB" },
    { "3GB-4GB", "GB is read as GiB" },
    { "2G,512MB", "MB is read as MiB (1024^2 bytes)" },
    { "1.5TB", "TB is read as TiB" },
    { "8G", NULL },
    { "8 GiB", NULL },
    { "0x1B", NULL },
    { "0xAB", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *note = mv_parse_unit_note (cases[i].text);

      if (cases[i].note == NULL)
        g_assert_null (note);
      else
        {
          g_assert_nonnull (note);
          g_assert_nonnull (strstr (note, cases[i].note));
          g_assert_nonnull (strstr (note, "binary"));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good_sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/parse/size/good/%u", i);
      g_test_add_data_func (path, &good_sizes[i], test_size_good);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/parse/size/bad/%u", i);
      g_test_add_data_func (path, &bad_sizes[i], test_size_bad);
    }
  g_test_add_func ("/parse/size/null", test_size_null);
  for (guint i = 0; i < G_N_ELEMENTS (good_ranges); i++)
    {
      g_autofree char *path = g_strdup_printf ("/parse/range/good/%u", i);
      g_test_add_data_func (path, &good_ranges[i], test_range_good);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_ranges); i++)
    {
      g_autofree char *path = g_strdup_printf ("/parse/range/bad/%u", i);
      g_test_add_data_func (path, &bad_ranges[i], test_range_bad);
    }
  g_test_add_func ("/parse/range/null-and-order", test_range_null_and_order);
  g_test_add_func ("/parse/list/good", test_list_good);
  for (guint i = 0; i < G_N_ELEMENTS (bad_lists); i++)
    {
      g_autofree char *path = g_strdup_printf ("/parse/list/bad/%u", i);
      g_test_add_data_func (path, &bad_lists[i], test_list_bad);
    }
  g_test_add_func ("/parse/uint", test_uint);
  g_test_add_func ("/parse/unit-note", test_unit_note);
  g_test_add_func ("/parse/format", test_format);
  g_test_add_func ("/parse/format/choices", test_format_choices);
  g_test_add_func ("/parse/format/roundtrip-random", test_format_roundtrip_random);

  return g_test_run ();
}
