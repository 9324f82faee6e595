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

  return g_test_run ();
}
