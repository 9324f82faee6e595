/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "mv-document.h"
#include "mv-presets.h"
#include "mv-scenario.h"
#include "mv-test-util.h"

/* ---- helpers ----------------------------------------------------------- */

#define HEAD_EMPTY \
  "[memviz]\nversion=1\n[memory]\nram=1 GiB\nmmio=\npci-ecam=  \nvtl2=\n" \
  "[mtrr]\nchipset-low-mmio=\nchipset-high-mmio= \n"

static const char minimal_doc[] =
  "[memviz]\n"
  "version=1\n"
  "[memory]\n"
  "ram=1 GiB\n";

/* ---- presets ----------------------------------------------------------- */

static void
test_preset_round_trip (gconstpointer data)
{
  const char *name = data;
  const char *text = mv_preset_text (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(MvDocument) again = NULL;
  g_autoptr(MvDocument) copy = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;

  g_assert_nonnull (text);
  doc = mv_preset_load (name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (doc->warnings->len, ==, 0);
  g_assert_nonnull (doc->title);
  g_assert_nonnull (doc->description);

  /* The preset files are in the canonical form: byte for byte. */
  out = mv_document_to_data (doc, NULL);
  g_assert_cmpstr (out, ==, text);

  again = mv_document_load_from_data (out, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mv_document_equal (doc, again));
  out2 = mv_document_to_data (again, NULL);
  g_assert_cmpstr (out2, ==, out);

  copy = mv_document_copy (doc);
  g_assert_true (mv_document_equal (doc, copy));
  g_clear_pointer (&out2, g_free);
  out2 = mv_document_to_data (copy, NULL);
  g_assert_cmpstr (out2, ==, text);
}

static void
test_presets_list (void)
{
  g_autoptr(GPtrArray) list = mv_presets_list ();
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) none = NULL;
  static const char *const expected[] = {
    "openvmm-default-8g", "openvmm-no-high-mmio", "large-16t", "linux-direct", "uefi",
    "pcat", "seed-128m", "seed-256m", "seed-2g", "seed-8g", "seed-8g-no-high-mmio",
    "seed-narrow-width-40",
  };

  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (mv_presets_count (), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < list->len; i++)
    {
      const MvPresetInfo *info = g_ptr_array_index (list, i);

      g_assert_cmpstr (info->name, ==, mv_preset_name (i));
      g_assert_true (g_hash_table_add (names, info->name));
      g_assert_cmpuint (strlen (info->title), >, 0);
      g_assert_cmpuint (strlen (info->description), >, 10);
      g_assert_null (strchr (info->description, '\n'));
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_hash_table_contains (names, expected[i]));

  g_assert_null (mv_preset_name (list->len));
  none = mv_preset_load ("no-such-preset", &error);
  g_assert_null (none);
  g_assert_error (error, MV_PRESET_ERROR, MV_PRESET_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "no-such-preset"));
}

/* ---- round trip of a document built in code ---------------------------- */

static MvDocument *
build_full_document (void)
{
  MvDocument *doc = mv_document_new ();
  MvImportSpec *spec;
  MvRange r;
  guint64 sizes[] = { (guint64) 3 << 30, 0x12345000, 1000 };

  doc->title = g_strdup ("  Leading spaces, a tab\tand\na newline — and UTF-8 ✓");
  doc->description = g_strdup ("back\\slash # not a comment; semi;colons, commas");
  doc->numa = TRUE;
  g_array_set_size (doc->ram_sizes, 0);
  g_array_append_vals (doc->ram_sizes, sizes, G_N_ELEMENTS (sizes));
  r = (MvRange) { 0xF8000000, 0x100000000 };
  g_array_append_val (doc->mmio, r);
  r = (MvRange) { 0x4000000000, 0x4000001000 };
  g_array_append_val (doc->mmio, r);
  r = (MvRange) { 0xE0000000, 0xF0000000 };
  g_array_append_val (doc->pci_ecam, r);
  r = (MvRange) { 0x8000000000, 0x8100000000 };
  g_array_append_val (doc->pci_mmio, r);
  doc->has_vtl2 = TRUE;
  doc->vtl2 = (MvRange) { 0x10000000000, 0x10000200000 };
  doc->chipset_low.mode = MV_CHIPSET_GAP_EXPLICIT;
  doc->chipset_low.range = (MvRange) { 0xF8000000, 0x100000000 };
  doc->chipset_high.mode = MV_CHIPSET_GAP_NONE;
  doc->address_width = 255;
  doc->vcnt = 0;
  doc->openvmm_version = MV_OPENVMM_VERSION_PRE_3550;
  g_free (doc->profile);
  doc->profile = g_strdup ("pcat");

  spec = mv_import_spec_new (MV_IMPORT_KIND_GDT);
  spec->page = G_MAXUINT64;
  mv_document_add_import (doc, spec);

  spec = mv_import_spec_new (MV_IMPORT_KIND_FILE);
  spec->name = g_strdup ("kernel image");
  spec->path = g_strdup ("../images/vmlinux with spaces=and equals");
  spec->gpa = 0x100123;
  spec->offset = 0x1000;
  spec->has_length = TRUE;
  spec->length = 12345;
  spec->has_memory_length = TRUE;
  spec->memory_length = 0x200000;
  spec->acceptance = MV_ACCEPTANCE_VP_CONTEXT;
  spec->tag = g_strdup ("linux-kernel");
  mv_document_add_import (doc, spec);

  spec = mv_import_spec_new (MV_IMPORT_KIND_FILE);
  spec->path = g_strdup ("/abs/initrd.img");
  spec->gpa = 0;
  spec->acceptance = MV_ACCEPTANCE_SHARED;
  spec->tag = g_strdup ("x");
  mv_document_add_import (doc, spec);

  spec = mv_import_spec_new (MV_IMPORT_KIND_SYNTHETIC);
  spec->name = g_strdup ("kernel image");   /* renamed: names are unique */
  spec->gpa = G_MAXUINT64;
  spec->size = G_MAXUINT64;
  spec->fill = 0xA5;
  spec->tag = g_strdup ("[odd] tag");
  mv_document_add_import (doc, spec);
  return doc;
}

static void
test_round_trip_built (void)
{
  g_autoptr(MvDocument) doc = build_full_document ();
  g_autoptr(MvDocument) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  const MvImportSpec *spec;

  /* Names: the unnamed ones got numbers, the duplicate a suffix. */
  g_assert_cmpstr (((MvImportSpec *) g_ptr_array_index (doc->imports, 0))->name, ==, "1");
  g_assert_cmpstr (((MvImportSpec *) g_ptr_array_index (doc->imports, 2))->name, ==, "3");
  g_assert_cmpstr (((MvImportSpec *) g_ptr_array_index (doc->imports, 3))->name, ==,
                   "kernel image-4");

  text = mv_document_to_data (doc, NULL);
  again = mv_document_load_from_data (text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->warnings->len, ==, 0);
  g_assert_true (mv_document_equal (doc, again));
  text2 = mv_document_to_data (again, NULL);
  g_assert_cmpstr (text, ==, text2);

  /* The text is for people: sizes and hex addresses, not raw numbers. */
  g_assert_nonnull (strstr (text, "numa=3 GiB, 298260 KiB, 1000 B\n"));
  g_assert_nonnull (strstr (text, "mmio=0xf8000000+128 MiB, 0x4000000000+4 KiB\n"));
  g_assert_nonnull (strstr (text, "vtl2=0x10000000000+2 MiB\n"));
  g_assert_nonnull (strstr (text, "chipset-high-mmio=none\n"));
  g_assert_nonnull (strstr (text, "[import kernel image]\n"));

  spec = g_ptr_array_index (again->imports, 1);
  g_assert_cmpstr (spec->path, ==, "../images/vmlinux with spaces=and equals");
  g_assert_cmpuint (spec->gpa, ==, 0x100123);
  g_assert_cmpuint (spec->length, ==, 12345);
  g_assert_true (spec->has_memory_length);
  spec = g_ptr_array_index (again->imports, 2);
  g_assert_false (spec->has_length);
  g_assert_false (spec->has_memory_length);
  spec = g_ptr_array_index (again->imports, 3);
  g_assert_cmpuint (spec->size, ==, G_MAXUINT64);
  g_assert_cmpuint (spec->fill, ==, 0xA5);
  g_assert_cmpstr (spec->tag, ==, "[odd] tag");

  /* Any change is seen by the equality. */
  spec = g_ptr_array_index (again->imports, 3);
  ((MvImportSpec *) spec)->fill = 0;
  g_assert_false (mv_document_equal (doc, again));
}

static void
test_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_document_load_from_data (minimal_doc, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (doc->title);
  g_assert_false (doc->numa);
  g_assert_cmpuint (doc->ram_sizes->len, ==, 1);
  g_assert_cmpuint (g_array_index (doc->ram_sizes, guint64, 0), ==, (guint64) 1 << 30);
  g_assert_cmpuint (doc->mmio->len, ==, 0);
  g_assert_false (doc->has_vtl2);
  g_assert_cmpint (doc->chipset_low.mode, ==, MV_CHIPSET_GAP_AUTO);
  g_assert_cmpint (doc->chipset_high.mode, ==, MV_CHIPSET_GAP_AUTO);
  g_assert_cmpuint (doc->address_width, ==, 46);
  g_assert_cmpuint (doc->vcnt, ==, 8);
  g_assert_cmpint (doc->openvmm_version, ==, MV_OPENVMM_VERSION_CURRENT);
  g_assert_cmpstr (doc->profile, ==, "linux-direct");
  g_assert_cmpuint (doc->imports->len, ==, 0);
  g_assert_cmpuint (doc->warnings->len, ==, 0);
}

/* Empty values mean the default, as an absent key does. */
static void
test_empty_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_document_load_from_data (HEAD_EMPTY, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (doc->mmio->len, ==, 0);
  g_assert_cmpuint (doc->pci_ecam->len, ==, 0);
  g_assert_false (doc->has_vtl2);
  g_assert_cmpint (doc->chipset_low.mode, ==, MV_CHIPSET_GAP_AUTO);
  g_assert_cmpint (doc->chipset_high.mode, ==, MV_CHIPSET_GAP_AUTO);
}

/* Import defaults: offset 0, Exclusive, tag from the file name. */
static void
test_import_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = NULL;
  g_autofree char *text = g_strconcat (minimal_doc,
                                       "[import k]\nkind=file\ngpa=1 MiB\npath=boot/vmlinuz\n"
                                       "[import s]\nkind=synthetic\ngpa=0x2000\nsize=10\n", NULL);
  const MvImportSpec *spec;
  guint64 v;

  doc = mv_document_load_from_data (text, -1, NULL, &error);
  g_assert_no_error (error);
  spec = g_ptr_array_index (doc->imports, 0);
  g_assert_cmpint (spec->kind, ==, MV_IMPORT_KIND_FILE);
  g_assert_cmpuint (spec->gpa, ==, 0x100000);
  g_assert_cmpuint (spec->offset, ==, 0);
  g_assert_false (spec->has_length);
  g_assert_false (mv_import_spec_memory_length (spec, &v));
  g_assert_cmpint (spec->acceptance, ==, MV_ACCEPTANCE_EXCLUSIVE);
  g_assert_cmpstr (spec->tag, ==, "vmlinuz");
  spec = g_ptr_array_index (doc->imports, 1);
  g_assert_cmpstr (spec->tag, ==, "synthetic");
  g_assert_cmpuint (spec->fill, ==, 0);
  g_assert_true (mv_import_spec_memory_length (spec, &v));
  g_assert_cmpuint (v, ==, 10);
}

/* ---- malformed documents ----------------------------------------------- */

typedef struct
{
  const char *name;
  const char *text;
  int         code;
  guint       line;
  const char *where;   /* "[group] key" the message must name, or NULL */
} Malformed;

#define HEAD "[memviz]\nversion=1\n[memory]\nram=1 GiB\n"   /* lines 1-4 */

static const Malformed malformed[] = {
  { "ram-bad-suffix", "[memviz]\nversion=1\n[memory]\nram=8 QiB\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 4, "[memory] ram" },
  { "ram-and-numa", HEAD "numa=1 GiB, 1 GiB\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 5, "[memory] numa" },
  { "ram-missing", "[memviz]\nversion=1\n\n[memory]\nmmio=\n",
    MV_DOCUMENT_ERROR_MISSING_KEY, 4, "[memory] ram" },
  { "memory-group-empty", "[memviz]\nversion=1\n[memory]\n[boot]\nprofile=uefi\n",
    MV_DOCUMENT_ERROR_MISSING_KEY, 3, "[memory] ram: the key is missing" },
  { "memory-group-missing", "[memviz]\nversion=1\n\n[boot]\nprofile=uefi\n",
    MV_DOCUMENT_ERROR_MISSING_KEY, 5, "[memory] ram" },
  { "numa-bad", "[memviz]\nversion=1\n[memory]\nnuma=1 GiB, lots\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 4, "[memory] numa" },
  { "mmio-unaligned", HEAD "mmio=0x1000+100\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 5, "[memory] mmio" },
  { "mmio-reversed", HEAD "\n\nmmio=0x2000-0x1000\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 7, "[memory] mmio" },
  { "mmio-empty-item", HEAD "mmio=0x0+4 KiB, , 0x2000+4 KiB\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 5, "[memory] mmio" },
  { "pci-ecam-bad", HEAD "pci-ecam=0xE0000000\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 5, "[memory] pci-ecam" },
  { "pci-mmio-overflow", HEAD "pci-mmio=0xfffffffffffff000+8 KiB\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 5, "[memory] pci-mmio" },
  { "vtl2-bad", HEAD "vtl2=somewhere\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 5, "[memory] vtl2" },
  { "width-too-big", HEAD "[mtrr]\naddress-width=256\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 6, "[mtrr] address-width" },
  { "width-not-number", HEAD "[mtrr]\nvcnt=2\naddress-width=wide\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 7, "[mtrr] address-width" },
  { "vcnt-negative", HEAD "[mtrr]\nvcnt=-1\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 6, "[mtrr] vcnt" },
  { "openvmm-version-bad", HEAD "[mtrr]\nopenvmm-version=3599\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 6, "[mtrr] openvmm-version" },
  { "chipset-low-bad", HEAD "[mtrr]\nchipset-low-mmio=automatic\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 6, "[mtrr] chipset-low-mmio" },
  { "chipset-high-unaligned", HEAD "[mtrr]\nchipset-high-mmio=0x100000001+1 GiB\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 6, "[mtrr] chipset-high-mmio" },
  { "profile-unknown", HEAD "[boot]\nprofile=bios\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 6, "[boot] profile" },
  { "title-bad-escape", "[memviz]\nversion=1\ntitle=a\\qb\n[memory]\nram=1 GiB\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 3, "[memviz] title" },
  { "version-not-number", "[memviz]\nversion=one\n[memory]\nram=1 GiB\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 2, "[memviz] version" },
  { "version-zero", "# c\n[memviz]\nversion=0\n[memory]\nram=1 GiB\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 3, "[memviz] version" },
  { "no-memviz-group", "[memory]\nram=1 GiB\n",
    MV_DOCUMENT_ERROR_NOT_A_DOCUMENT, 2, "[memviz] version" },
  { "no-version", "[memviz]\ntitle=x\n[memory]\nram=1 GiB\n",
    MV_DOCUMENT_ERROR_NOT_A_DOCUMENT, 1, "[memviz] version" },
  { "syntax-no-equals", "[memviz]\nversion=1\nhello there\n",
    MV_DOCUMENT_ERROR_SYNTAX, 3, NULL },
  { "syntax-key-before-group", "version=1\n[memviz]\n",
    MV_DOCUMENT_ERROR_SYNTAX, 1, "version" },
  { "syntax-unclosed-group", "[memviz]\nversion=1\n[memory\n",
    MV_DOCUMENT_ERROR_SYNTAX, 3, NULL },
  { "syntax-text-after-group", "[memviz] extra\nversion=1\n",
    MV_DOCUMENT_ERROR_SYNTAX, 1, NULL },
  { "syntax-empty-key", HEAD "=3\n",
    MV_DOCUMENT_ERROR_SYNTAX, 5, NULL },
  { "syntax-bad-key", HEAD "ra]m=3\n",
    MV_DOCUMENT_ERROR_SYNTAX, 5, "ra]m" },
  { "syntax-not-utf8", "[memviz]\nversion=1\ntitle=\xff\xfe\n",
    MV_DOCUMENT_ERROR_SYNTAX, 3, NULL },
  /* What GKeyFile rejects that the one pass must name the line of. */
  { "syntax-bad-locale", HEAD "title[b c]=x\nvcnt=1\n",
    MV_DOCUMENT_ERROR_SYNTAX, 5, "title[b c]" },
  { "syntax-encoding", "[memviz]\nEncoding=latin1\nversion=1\n[memory]\nram=1 GiB\n",
    MV_DOCUMENT_ERROR_SYNTAX, 2, "latin1" },
  { "duplicate-group", HEAD "[mtrr]\nvcnt=1\n[memory]\n",
    MV_DOCUMENT_ERROR_DUPLICATE_GROUP, 7, "[memory]" },
  { "import-no-name", HEAD "[import]\nkind=gdt\npage=1\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 5, "[import]" },
  { "import-same-name", HEAD "[import a]\nkind=gdt\npage=1\n[import  a ]\nkind=gdt\npage=2\n",
    MV_DOCUMENT_ERROR_DUPLICATE_GROUP, 8, "[import  a ]" },
  { "import-missing-kind", HEAD "[import a]\npage=1\n",
    MV_DOCUMENT_ERROR_MISSING_KEY, 5, "[import a] kind" },
  { "import-bad-kind", HEAD "[import a]\nkind=elf\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 6, "[import a] kind" },
  { "gdt-missing-page", HEAD "[import g]\nkind=gdt\n",
    MV_DOCUMENT_ERROR_MISSING_KEY, 5, "[import g] page" },
  { "gdt-bad-page", HEAD "[import g]\nkind=gdt\npage=1 MiB\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 7, "[import g] page" },
  { "file-missing-path", HEAD "[import f]\nkind=file\ngpa=0\n",
    MV_DOCUMENT_ERROR_MISSING_KEY, 5, "[import f] path" },
  { "file-empty-path", HEAD "[import f]\nkind=file\npath=\ngpa=0\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 7, "[import f] path" },
  { "file-missing-gpa", HEAD "[import f]\nkind=file\npath=a\n",
    MV_DOCUMENT_ERROR_MISSING_KEY, 5, "[import f] gpa" },
  { "file-bad-offset", HEAD "[import f]\nkind=file\npath=a\ngpa=0\noffset=-1\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 9, "[import f] offset" },
  { "file-bad-length", HEAD "[import f]\nkind=file\npath=a\ngpa=0\nlength=12 apples\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 9, "[import f] length" },
  { "file-bad-memory-length", HEAD "[import f]\nkind=file\npath=a\ngpa=0\nmemory-length=x\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 9, "[import f] memory-length" },
  { "bad-acceptance", HEAD "[import f]\nkind=file\npath=a\ngpa=0\nacceptance=exclusive\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 9, "[import f] acceptance" },
  { "empty-tag", HEAD "[import s]\nkind=synthetic\nsize=1\ngpa=0\ntag=\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 9, "[import s] tag" },
  { "synthetic-missing-size", HEAD "[import s]\nkind=synthetic\ngpa=0\n",
    MV_DOCUMENT_ERROR_MISSING_KEY, 5, "[import s] size" },
  { "synthetic-bad-fill", HEAD "[import s]\nkind=synthetic\ngpa=0\nsize=1\nfill=256\n",
    MV_DOCUMENT_ERROR_INVALID_VALUE, 9, "[import s] fill" },
};

/* The gap a chipset gap names in the MMIO list: auto, explicit or none. */
static void
test_chipset_gap_index (void)
{
  g_autoptr(MvDocument) doc = mv_document_new ();
  const MvRange gaps[] = {
    { G_GUINT64_CONSTANT (0x200000000), G_GUINT64_CONSTANT (0x240000000) },
    { 0xC0000000, G_GUINT64_CONSTANT (0x100000000) },
  };

  g_array_append_vals (doc->mmio, gaps, G_N_ELEMENTS (gaps));
  g_assert_cmpint (mv_document_chipset_gap_index (doc, TRUE), ==, 1);
  g_assert_cmpint (mv_document_chipset_gap_index (doc, FALSE), ==, 0);
  doc->chipset_low.mode = MV_CHIPSET_GAP_NONE;
  doc->chipset_high.mode = MV_CHIPSET_GAP_EXPLICIT;
  doc->chipset_high.range = gaps[1];
  g_assert_cmpint (mv_document_chipset_gap_index (doc, TRUE), ==, -1);
  g_assert_cmpint (mv_document_chipset_gap_index (doc, FALSE), ==, 1);
  doc->chipset_high.range.start += MV_PAGE_SIZE;
  g_assert_cmpint (mv_document_chipset_gap_index (doc, FALSE), ==, -1);
}

/* GKeyFile reads Encoding only in the first group, and only UTF-8. */
static void
test_encoding_key (void)
{
  static const char *const texts[] = {
    "[memviz]\nEncoding=utf-8\nversion=1\n[memory]\nram=1 GiB\n",
    "[memviz]\nversion=1\n[memory]\nEncoding=latin1\nram=1 GiB\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MvDocument) doc = mv_document_load_from_data (texts[i], -1, NULL, &error);
      const MvDocumentWarning *w;

      g_assert_no_error (error);
      g_assert_cmpuint (doc->warnings->len, ==, 1);
      w = g_ptr_array_index (doc->warnings, 0);
      g_assert_cmpstr (w->key, ==, "Encoding");
      g_assert_cmpuint (w->line, ==, i == 0 ? 2 : 4);
    }
}

static void
assert_names_line (const char *message,
                   guint       line)
{
  g_autofree char *prefix = g_strdup_printf ("line %u", line);
  const char *after;

  g_assert_true (g_str_has_prefix (message, prefix));
  after = message + strlen (prefix);
  g_assert_true (*after == ',' || *after == ':');
}

static void
test_malformed (gconstpointer data)
{
  const Malformed *m = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_document_load_from_data (m->text, -1, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, MV_DOCUMENT_ERROR, m->code);
  g_test_message ("%s", error->message);
  assert_names_line (error->message, m->line);
  if (m->where != NULL)
    g_assert_nonnull (strstr (error->message, m->where));
}

/* The file name comes first when loading a file. */
static void
test_malformed_file (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "bad.memviz", NULL);
  g_autofree char *prefix = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = NULL;

  g_assert_true (g_file_set_contents (path, HEAD "mmio=nope\n", -1, NULL));
  doc = mv_document_load_from_file (path, &error);
  g_assert_null (doc);
  g_assert_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_INVALID_VALUE);
  prefix = g_strdup_printf ("%s: line 5, [memory] mmio: ", path);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  test_remove_tree (dir);
}

static void
test_newer_version (void)
{
  /* Newer versions may hold anything: the version is checked first. */
  static const char text[] =
    "[memviz]\n"
    "version=2\n"
    "[memory]\n"
    "ram=a quantum of RAM\n"
    "[hologram]\n"
    "x=1\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_document_load_from_data (text, -1, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_NEWER_VERSION);
  assert_names_line (error->message, 2);
  g_assert_nonnull (strstr (error->message, "version 2"));
  g_assert_nonnull (strstr (error->message, "newer memviz"));
  g_assert_nonnull (strstr (error->message, "version 1"));
}

/* ---- warnings ---------------------------------------------------------- */

static const MvDocumentWarning *
find_warning (const MvDocument *doc,
              const char       *group,
              const char       *key)
{
  for (guint i = 0; i < doc->warnings->len; i++)
    {
      const MvDocumentWarning *w = g_ptr_array_index (doc->warnings, i);

      if (g_strcmp0 (w->group, group) == 0 && g_strcmp0 (w->key, key) == 0)
        return w;
    }
  return NULL;
}

static void
test_unknown_keys (void)
{
  static const char text[] =
    "[memviz]\n"                     /* 1 */
    "version=1\n"
    "title=t\n"
    "title[de]=T\n"                  /* 4 */
    "[memory]\n"
    "ram=1 GiB\n"
    "colour=blue\n"                  /* 7 */
    "[import g]\n"
    "kind=gdt\n"
    "page=1\n"
    "path=ignored.bin\n"             /* 11 */
    "[future]\n"                     /* 12 */
    "feature=on\n"
    "ram=2\n"
    "[memory-extra]\n"               /* 15 */
    "a=b\n"
    "[mtrr]\n"
    "vcnt=4\n"
    "vcnt=6\n";                      /* 19 */
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_document_load_from_data (text, -1, NULL, &error);
  g_autoptr(MvDocument) again = NULL;
  g_autofree char *out = NULL;
  const MvDocumentWarning *w;

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (doc->vcnt, ==, 6);   /* the last one wins, as in GKeyFile */

  w = find_warning (doc, "memviz", "title[de]");
  g_assert_nonnull (w);
  g_assert_cmpuint (w->line, ==, 4);
  w = find_warning (doc, "memory", "colour");
  g_assert_nonnull (w);
  g_assert_cmpuint (w->line, ==, 7);
  assert_names_line (w->message, 7);
  g_assert_nonnull (strstr (w->message, "[memory] colour"));
  w = find_warning (doc, "import g", "path");
  g_assert_nonnull (w);
  g_assert_cmpuint (w->line, ==, 11);
  g_assert_nonnull (strstr (w->message, "gdt"));
  w = find_warning (doc, "future", NULL);
  g_assert_nonnull (w);
  g_assert_cmpuint (w->line, ==, 12);
  w = find_warning (doc, "memory-extra", NULL);
  g_assert_nonnull (w);
  g_assert_cmpuint (w->line, ==, 15);
  w = find_warning (doc, "mtrr", "vcnt");
  g_assert_nonnull (w);
  g_assert_cmpuint (w->line, ==, 19);
  g_assert_cmpuint (doc->warnings->len, ==, 6);

  /* Kept when saving, so a newer memviz's additions survive. */
  out = mv_document_to_data (doc, NULL);
  g_assert_nonnull (strstr (out, "title[de]=T\n"));
  g_assert_nonnull (strstr (out, "colour=blue\n"));
  g_assert_nonnull (strstr (out, "[future]\nfeature=on\nram=2\n"));
  g_assert_nonnull (strstr (out, "[memory-extra]\na=b\n"));
  g_assert_nonnull (strstr (out, "path=ignored.bin\n"));
  again = mv_document_load_from_data (out, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mv_document_equal (doc, again));
  g_assert_cmpuint (again->warnings->len, ==, 5);   /* no duplicate vcnt now */
}

static void
test_comments_kept (void)
{
  static const char text[] =
    "# A memviz document.\n"
    "\n"
    "[memviz]\n"
    "version=1\n"
    "\n"
    "# The RAM.\n"
    "[memory]\n"
    "# Eight of them.\n"
    "ram=8 GiB\n"
    "mmio=\n"
    "pci-ecam=\n"
    "pci-mmio=\n"
    "vtl2=none\n"
    "\n"
    "[mtrr]\n"
    "address-width=46\n"
    "vcnt=8\n"
    "##auto is fine, ## stays\n"
    "#\n"
    "#   really\n"
    "chipset-low-mmio=auto\n"
    "chipset-high-mmio=auto\n"
    "\n"
    "[boot]\n"
    "profile=linux-direct\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_document_load_from_data (text, -1, NULL, &error);
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  out = mv_document_to_data (doc, NULL);
  g_assert_cmpstr (out, ==, text);
}

/* ---- files ------------------------------------------------------------- */

static void
test_save_and_load_file (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "a.memviz", NULL);
  g_autoptr(MvDocument) doc = build_full_document ();
  g_autoptr(MvDocument) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = mv_document_to_data (doc, NULL);

  g_assert_true (mv_document_save_to_file (doc, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (doc->path, ==, path);
  g_assert_cmpstr (doc->base_dir, ==, dir);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
  g_assert_cmpuint (test_count_dir_entries (dir), ==, 1);

  loaded = mv_document_load_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (mv_document_equal (doc, loaded));
  g_assert_cmpstr (loaded->path, ==, path);
  g_assert_cmpstr (loaded->base_dir, ==, dir);
  test_remove_tree (dir);
}

static void
test_load_file_errors (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.memviz", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.memviz", NULL);
  g_autoptr(GError) error = NULL;
  MvDocument *doc;

  doc = mv_document_load_from_file (missing, &error);
  g_assert_null (doc);
  g_assert_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_READ);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  doc = mv_document_load_from_file (dir, &error);
  g_assert_null (doc);
  g_assert_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_READ);
  g_clear_error (&error);

  /* A FIFO would block a plain open(): it is refused instead. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  doc = mv_document_load_from_file (fifo, &error);
  g_assert_null (doc);
  g_assert_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  test_remove_tree (dir);
}

static void
assert_old_file_intact (const char *dir,
                        const char *path,
                        const char *old)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, old);
  /* And no temporary file left behind. */
  g_assert_cmpuint (test_count_dir_entries (dir), ==, 1);
}

static void
test_save_read_only_dir (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "doc.memviz", NULL);
  g_autofree char *probe = g_build_filename (dir, "probe", NULL);
  g_autoptr(MvDocument) doc = build_full_document ();
  g_autoptr(GError) error = NULL;
  const char *old = "[memviz]\nversion=1\n# the old file\n";

  g_assert_true (g_file_set_contents (path, old, -1, NULL));
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  /* Root ignores directory permissions; /document/save/write-fails
   * covers a failing write for every user. */
  if (g_file_set_contents (probe, "x", -1, NULL))
    {
      g_unlink (probe);
      test_remove_tree (dir);
      g_test_skip ("the directory stays writable (running as root)");
      return;
    }

  g_assert_false (mv_document_save_to_file (doc, path, &error));
  g_assert_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (doc->path);
  g_chmod (dir, 0755);
  assert_old_file_intact (dir, path, old);
  test_remove_tree (dir);
}

/* A write that fails halfway (the file size limit) leaves the old file. */
static void
test_save_write_fails (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "doc.memviz", NULL);
  g_autoptr(MvDocument) doc = build_full_document ();
  g_autoptr(GError) error = NULL;
  const char *old = "[memviz]\nversion=1\n# the old file\n";
  struct rlimit saved, lim;
  void (*saved_handler) (int);
  gboolean ok;

  g_assert_true (g_file_set_contents (path, old, -1, NULL));

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  lim = saved;
  lim.rlim_cur = 64;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &lim), ==, 0);
  ok = mv_document_save_to_file (doc, path, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (ok);
  g_assert_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  assert_old_file_intact (dir, path, old);
  test_remove_tree (dir);
}

/* Saving over a document keeps its permission bits (a private 0600
 * document stays private). */
static void
test_save_keeps_mode (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "doc.memviz", NULL);
  g_autoptr(MvDocument) doc = build_full_document ();
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_true (g_file_set_contents (path, "[memviz]\nversion=1\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (mv_document_save_to_file (doc, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpuint (test_count_dir_entries (dir), ==, 1);
  test_remove_tree (dir);
}

/* Saving through a symbolic link writes its target; the link stays. */
static void
test_save_through_symlink (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *sub = g_build_filename (dir, "real", NULL);
  g_autofree char *target = g_build_filename (dir, "real", "doc.memviz", NULL);
  g_autofree char *link = g_build_filename (dir, "link.memviz", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(MvDocument) doc = build_full_document ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (target, "[memviz]\nversion=1\n", -1, NULL));
  g_assert_cmpint (symlink ("real/doc.memviz", link), ==, 0);
  expected = mv_document_to_data (doc, NULL);
  g_assert_true (mv_document_save_to_file (doc, link, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
  /* Nothing but the link and the folder beside it, nothing beside the target. */
  g_assert_cmpuint (test_count_dir_entries (dir), ==, 2);
  g_assert_cmpuint (test_count_dir_entries (sub), ==, 1);
  test_remove_tree (dir);
}

static void
test_list_files (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *other = test_make_tmp_dir ();
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *inside = g_build_filename (dir, "sub", "k.bin", NULL);
  g_autofree char *outside = g_build_filename (other, "secret", NULL);
  g_autofree char *link = g_build_filename (dir, "link.bin", NULL);
  g_autofree char *text = NULL;
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(MvDocument) nodir = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  const MvDocumentFile *f;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "k", -1, NULL));
  g_assert_true (g_file_set_contents (outside, "s", -1, NULL));
  g_assert_cmpint (symlink (outside, link), ==, 0);

  text = g_strdup_printf ("%s"
                          "[import a]\nkind=file\ngpa=0\npath=sub/k.bin\n"
                          "[import g]\nkind=gdt\npage=1\n"
                          "[import b]\nkind=file\ngpa=0\npath=../elsewhere.bin\n"
                          "[import c]\nkind=file\ngpa=0\npath=%s\n"
                          "[import d]\nkind=file\ngpa=0\npath=%s\n"
                          "[import e]\nkind=file\ngpa=0\npath=link.bin\n"
                          "[import f]\nkind=file\ngpa=0\npath=sub/../sub/./k.bin\n",
                          minimal_doc, outside, inside);
  doc = mv_document_load_from_data (text, -1, dir, &error);
  g_assert_no_error (error);
  files = mv_document_list_files (doc);
  g_assert_cmpuint (files->len, ==, 6);

  f = g_ptr_array_index (files, 0);
  g_assert_cmpuint (f->import_index, ==, 0);
  g_assert_cmpstr (f->path, ==, "sub/k.bin");
  g_assert_cmpstr (f->resolved, ==, inside);
  g_assert_false (f->outside);
  f = g_ptr_array_index (files, 1);
  g_assert_cmpuint (f->import_index, ==, 2);
  g_assert_true (f->outside);
  f = g_ptr_array_index (files, 2);
  g_assert_cmpstr (f->resolved, ==, outside);
  g_assert_true (f->outside);
  f = g_ptr_array_index (files, 3);   /* absolute, but inside */
  g_assert_false (f->outside);
  f = g_ptr_array_index (files, 4);   /* a link in the folder to a file outside */
  g_assert_cmpstr (f->resolved, ==, link);
  g_assert_true (f->outside);
  f = g_ptr_array_index (files, 5);
  g_assert_cmpstr (f->resolved, ==, inside);
  g_assert_false (f->outside);

  /* No folder: relative paths cannot be resolved, so they are "outside". */
  nodir = mv_document_load_from_data (text, -1, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = mv_document_list_files (nodir);
  f = g_ptr_array_index (files, 0);
  g_assert_null (f->resolved);
  g_assert_true (f->outside);
  f = g_ptr_array_index (files, 3);
  g_assert_cmpstr (f->resolved, ==, inside);
  g_assert_true (f->outside);

  test_remove_tree (dir);
  test_remove_tree (other);
}

/* A missing import file: the document opens; that import alone fails. */
static void
test_missing_import (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "doc.memviz", NULL);
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(MvScenario) sc = NULL;
  g_autoptr(GError) error = NULL;
  const MvImportResult *r;

  g_assert_true (g_file_set_contents (path,
                                      "[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
                                      "[import gdt]\nkind=gdt\npage=1\n"
                                      "[import kernel]\nkind=file\ngpa=0x100000\n"
                                      "path=missing.bin\nlength=8 KiB\n"
                                      "[import blob]\nkind=synthetic\ngpa=0x200000\n"
                                      "size=5000\n", -1, NULL));
  doc = mv_document_load_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (doc->warnings->len, ==, 0);

  sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  g_assert_nonnull (sc->layout);
  g_assert_cmpuint (mv_scenario_n_import_errors (sc), ==, 1);

  r = &g_array_index (sc->imports, MvImportResult, 0);
  g_assert_true (r->ok);
  r = &g_array_index (sc->imports, MvImportResult, 1);
  g_assert_false (r->ok);
  g_assert_error (r->error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (r->error->message, "missing.bin"));
  /* Where it would have gone, for the page map. */
  g_assert_true (r->has_pages);
  g_assert_cmpuint (r->page_base, ==, 0x100);
  g_assert_cmpuint (r->page_count, ==, 2);
  r = &g_array_index (sc->imports, MvImportResult, 2);
  g_assert_true (r->ok);
  g_assert_cmpuint (r->bytes, ==, 5000);

  g_assert_cmpuint (sc->recorder->total_pages, ==, 1 + 2);
  test_remove_tree (dir);
}

/* Dropping the comments: saving writes none; the content and unknown
 * keys stay. */
static void
test_drop_comments (void)
{
  static const char text[] =
    "# The file's own comment\n"
    "[memviz]\nversion=1\ntitle=T\n\n"
    "[memory]\n# about the RAM\nram=2 GiB\nmystery=kept\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_document_load_from_data (text, -1, NULL, &error);
  g_autoptr(MvDocument) before = NULL;
  g_autofree char *with = NULL;
  g_autofree char *without = NULL;

  g_assert_no_error (error);
  before = mv_document_copy (doc);
  with = mv_document_to_data (doc, NULL);
  g_assert_nonnull (strstr (with, "# The file's own comment"));
  g_assert_nonnull (strstr (with, "# about the RAM"));

  mv_document_drop_comments (doc);
  without = mv_document_to_data (doc, NULL);
  g_assert_null (strchr (without, '#'));
  g_assert_nonnull (strstr (without, "mystery=kept"));
  g_assert_true (mv_document_equal (before, doc));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < mv_presets_count (); i++)
    {
      g_autofree char *p = g_strdup_printf ("/document/preset/round-trip/%s", mv_preset_name (i));
      g_test_add_data_func (p, mv_preset_name (i), test_preset_round_trip);
    }
  g_test_add_func ("/document/preset/list", test_presets_list);
  g_test_add_func ("/document/round-trip/built", test_round_trip_built);
  g_test_add_func ("/document/defaults", test_defaults);
  g_test_add_func ("/document/drop-comments", test_drop_comments);
  g_test_add_func ("/document/empty-values", test_empty_values);
  g_test_add_func ("/document/import-defaults", test_import_defaults);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *p = g_strdup_printf ("/document/malformed/%s", malformed[i].name);
      g_test_add_data_func (p, &malformed[i], test_malformed);
    }
  g_test_add_func ("/document/malformed/file-name", test_malformed_file);
  g_test_add_func ("/document/encoding-key", test_encoding_key);
  g_test_add_func ("/document/chipset-gap-index", test_chipset_gap_index);
  g_test_add_func ("/document/newer-version", test_newer_version);
  g_test_add_func ("/document/unknown-keys", test_unknown_keys);
  g_test_add_func ("/document/comments", test_comments_kept);
  g_test_add_func ("/document/save/load", test_save_and_load_file);
  g_test_add_func ("/document/save/read-only-dir", test_save_read_only_dir);
  g_test_add_func ("/document/save/write-fails", test_save_write_fails);
  g_test_add_func ("/document/save/keeps-mode", test_save_keeps_mode);
  g_test_add_func ("/document/save/through-symlink", test_save_through_symlink);
  g_test_add_func ("/document/load/errors", test_load_file_errors);
  g_test_add_func ("/document/files", test_list_files);
  g_test_add_func ("/document/missing-import", test_missing_import);

  return g_test_run ();
}
