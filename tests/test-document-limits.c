/* SPDX-License-Identifier: MIT */
/* What a document may hold (MV_DOCUMENT_MAX_*): each limit is met, then
 * passed by one and refused, with the limit and the line named; and the
 * small things the scan forgives or warns about (a byte order mark, a key
 * given twice). */
#include <string.h>
#include <glib.h>

#include "mv-document.h"

#define HEAD "[memviz]\nversion=1\n[memory]\nram=8G\n"

static MvDocument *
load (const char *text,
      GError    **error)
{
  return mv_document_load_from_data (text, -1, NULL, error);
}

/* @text loads; @more (the same one step further) is refused at @line,
 * naming @limit. */
static void
assert_limit (const char *text,
              const char *more,
              guint       line,
              guint       limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) ok = load (text, &error);
  g_autoptr(MvDocument) refused = NULL;
  g_autofree char *at = g_strdup_printf ("line %u,", line);
  g_autofree char *named = g_strdup_printf ("at most %u", limit);

  g_assert_no_error (error);
  g_assert_nonnull (ok);
  refused = load (more, &error);
  g_assert_null (refused);
  g_assert_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_LIMIT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, at));
  g_assert_nonnull (strstr (error->message, named));
}

/* [memviz] @key of @max bytes loads; one byte more (an escaped space) is
 * refused on its line, 3. */
static void
assert_text_limit (const char *key,
                   guint       max)
{
  g_autofree char *fill = g_strnfill (max, 'x');
  g_autofree char *ok = g_strdup_printf ("[memviz]\nversion=1\n%s=%s\n[memory]\nram=8G\n", key, fill);
  g_autofree char *more = g_strdup_printf ("[memviz]\nversion=1\n%s=%s\\s\n[memory]\nram=8G\n",
                                           key, fill);

  assert_limit (ok, more, 3, max);
}

static void
test_title (void)
{
  assert_text_limit ("title", MV_DOCUMENT_MAX_TITLE);
}

static void
test_description (void)
{
  assert_text_limit ("description", MV_DOCUMENT_MAX_DESCRIPTION);
}

/* @n gaps of 1 GiB above 16 GiB (or @n sizes of 1 GiB), joined with ", ". */
static char *
list_of (gboolean ranges,
         guint    n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      if (ranges)
        g_string_append_printf (s, "%uG-%uG", 16 + 2 * i, 17 + 2 * i);
      else
        g_string_append (s, "1G");
    }
  return g_string_free (s, FALSE);
}

static void
test_gaps (void)
{
  static const char *const keys[] = { "mmio", "pci-ecam", "pci-mmio" };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_autofree char *list = list_of (TRUE, MV_DOCUMENT_MAX_GAPS);
      g_autofree char *text = g_strdup_printf (HEAD "%s=%s\n", keys[k], list);
      g_autofree char *more = g_strdup_printf (HEAD "%s=%s, 1G-2G\n", keys[k], list);

      assert_limit (text, more, 5, MV_DOCUMENT_MAX_GAPS);
    }
}

static void
test_numa (void)
{
  g_autofree char *list = list_of (FALSE, MV_DOCUMENT_MAX_NUMA_NODES);
  g_autofree char *text = g_strdup_printf ("[memviz]\nversion=1\n[memory]\nnuma=%s\n", list);
  g_autofree char *more = g_strdup_printf ("[memviz]\nversion=1\n[memory]\nnuma=%s,1G\n", list);

  assert_limit (text, more, 4, MV_DOCUMENT_MAX_NUMA_NODES);
}

static void
test_imports (void)
{
  GString *text = g_string_new (HEAD);
  g_autofree char *ok = NULL;

  for (guint i = 0; i < MV_DOCUMENT_MAX_IMPORTS; i++)
    g_string_append_printf (text, "[import g%u]\nkind=gdt\npage=%u\n", i, i);
  ok = g_strdup (text->str);
  g_string_append (text, "[import one-more]\nkind=gdt\npage=0\n");
  /* the group of the import one past the limit */
  assert_limit (ok, text->str, 5 + 3 * MV_DOCUMENT_MAX_IMPORTS, MV_DOCUMENT_MAX_IMPORTS);
  g_string_free (text, TRUE);
}

/* Unknown keys, unknown groups and keys given twice count together. */
static void
test_unknown (void)
{
  static const char *const extras[] = { "colour=blue\n", "[favourites]\n", "ram=4G\n" };

  for (guint e = 0; e < G_N_ELEMENTS (extras); e++)
    {
      GString *text = g_string_new (HEAD);
      g_autofree char *ok = NULL;

      for (guint i = 0; i < MV_DOCUMENT_MAX_UNKNOWN; i++)
        g_string_append_printf (text, "key%u=%u\n", i, i);
      ok = g_strdup (text->str);
      g_string_append (text, extras[e]);
      assert_limit (ok, text->str, 5 + MV_DOCUMENT_MAX_UNKNOWN, MV_DOCUMENT_MAX_UNKNOWN);
      g_string_free (text, TRUE);
    }
}

/* A byte order mark before the first group is not part of the text. */
static void
test_byte_order_mark (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = load ("\xef\xbb\xbf" HEAD, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (doc->warnings->len, ==, 0);
  g_assert_cmpuint (g_array_index (doc->ram_sizes, guint64, 0), ==, (guint64) 8 << 30);
}

/* A key given twice in a group: the last one is used, and it says so. */
static void
test_key_twice (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = load (HEAD "ram=4G\n", &error);
  const MvDocumentWarning *w;

  g_assert_no_error (error);
  g_assert_cmpuint (doc->warnings->len, ==, 1);
  w = g_ptr_array_index (doc->warnings, 0);
  g_assert_cmpstr (w->message, ==, "line 5, [memory] ram: the key is also on line 4; the last one is used");
  g_assert_cmpuint (g_array_index (doc->ram_sizes, guint64, 0), ==, (guint64) 4 << 30);
}

/* @n with a comma every three digits, as the README writes numbers. */
static char *
with_commas (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

/* The README's Limits table says what this build refuses: the row that
 * starts with @row holds @cell as its limit. */
static void
assert_readme_row (const char *readme,
                   const char *row,
                   const char *cell)
{
  const char *at = strstr (readme, row);
  g_autofree char *line = NULL;
  g_autofree char *want = g_strdup_printf (" | %s | ", cell);

  g_assert_nonnull (at);
  line = g_strndup (at, strcspn (at, "\n"));
  g_test_message ("%s", line);
  g_assert_nonnull (strstr (line, want));
}

static void
test_readme (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autofree char *gaps = with_commas (MV_DOCUMENT_MAX_GAPS);
  g_autofree char *gaps_cell = g_strdup_printf ("%s in each list", gaps);
  g_autofree char *numa = with_commas (MV_DOCUMENT_MAX_NUMA_NODES);
  g_autofree char *imports = with_commas (MV_DOCUMENT_MAX_IMPORTS);
  g_autofree char *title = with_commas (MV_DOCUMENT_MAX_TITLE);
  g_autofree char *title_cell = g_strdup_printf ("%u KiB (%s bytes)", MV_DOCUMENT_MAX_TITLE / 1024, title);
  g_autofree char *desc = with_commas (MV_DOCUMENT_MAX_DESCRIPTION);
  g_autofree char *desc_cell = g_strdup_printf ("%u KiB (%s bytes)", MV_DOCUMENT_MAX_DESCRIPTION / 1024, desc);
  g_autofree char *unknown = with_commas (MV_DOCUMENT_MAX_UNKNOWN);
  g_autofree char *unknown_cell = g_strdup_printf ("%s together", unknown);

  g_assert_true (g_file_get_contents (path, &readme, NULL, NULL));
  assert_readme_row (readme, "| a document's MMIO, PCI ECAM and PCI MMIO gaps |", gaps_cell);
  assert_readme_row (readme, "| a document's NUMA nodes |", numa);
  assert_readme_row (readme, "| a document's imports (`[import NAME]`, every kind) |", imports);
  assert_readme_row (readme, "| a document's title |", title_cell);
  assert_readme_row (readme, "| a document's description |", desc_cell);
  assert_readme_row (readme, "| a document's unknown groups and keys, and keys given twice |",
                     unknown_cell);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/document-limits/title", test_title);
  g_test_add_func ("/document-limits/description", test_description);
  g_test_add_func ("/document-limits/gaps", test_gaps);
  g_test_add_func ("/document-limits/numa", test_numa);
  g_test_add_func ("/document-limits/imports", test_imports);
  g_test_add_func ("/document-limits/unknown", test_unknown);
  g_test_add_func ("/document-limits/byte-order-mark", test_byte_order_mark);
  g_test_add_func ("/document-limits/key-twice", test_key_twice);
  g_test_add_func ("/document-limits/readme", test_readme);

  return g_test_run ();
}
