/* SPDX-License-Identifier: MIT */
/* memviz-cli end to end: JSON shapes, exit statuses, error objects. */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include "mv-test-util.h"

typedef struct
{
  int    status;
  char  *out;
  char  *err;
  JsonNode *json;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
  g_clear_pointer (&r->json, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli_va (Run        *r,
            const char *input,
            const char *first,
            va_list     args)
{
  g_auto(TestRun) run = { 0 };
  g_autoptr(GError) error = NULL;

  test_run_cli_va (&run, input, first, args);
  memset (r, 0, sizeof *r);
  r->status = run.status;
  r->out = g_steal_pointer (&run.out);
  r->err = g_steal_pointer (&run.err);
  if (r->out[0] == '{')
    {
      r->json = json_from_string (r->out, &error);
      g_assert_no_error (error);
    }
}

static void G_GNUC_NULL_TERMINATED
run_cli (Run        *r,
         const char *first,
         ...)
{
  va_list args;

  va_start (args, first);
  run_cli_va (r, NULL, first, args);
  va_end (args);
}

static JsonObject *
obj (Run *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

static void
assert_error (Run        *r,
              const char *kind)
{
  JsonObject *e;

  g_assert_cmpint (r->status, ==, 2);
  /* One line on stderr. */
  g_assert_true (g_str_has_prefix (r->err, "memviz-cli: "));
  g_assert_nonnull (strchr (r->err, '\n'));
  g_assert_cmpint (strchr (r->err, '\n')[1], ==, '\0');
  e = json_object_get_object_member (obj (r), "error");
  g_assert_cmpstr (json_object_get_string_member (e, "kind"), ==, kind);
  g_assert_cmpstr (json_object_get_string_member (e, "message"), !=, "");
}

static void
test_default_mtrr (void)
{
  g_auto(Run) r;
  JsonArray *regs;

  run_cli (&r, "mtrr", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  regs = json_object_get_array_member (obj (&r), "registers");
  g_assert_cmpuint (json_array_get_length (regs), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (regs, 2), "name"),
                   ==, "MtrrPhysBase1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (regs, 2), "value"),
                   ==, "0x8000006");
  g_assert_cmpint (json_object_get_int_member (obj (&r), "width"), ==, 46);
  g_assert_cmpint (json_object_get_int_member (obj (&r), "effective_width"), ==, 46);
}

static void
test_width_clamped (void)
{
  g_auto(Run) r;

  run_cli (&r, "mtrr", "--ram", "8G", "--mmio", "0xF8000000-4G", "--width", "255", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj (&r), "width"), ==, 255);
  g_assert_cmpint (json_object_get_int_member (obj (&r), "effective_width"), ==, 52);
}

static void
test_layout_shape (void)
{
  g_auto(Run) r;
  JsonObject *o;
  JsonArray *ram, *probes;

  run_cli (&r, "layout", "--numa", "2G,2G", "--mmio", "3G-4G", "--probe", "3G",
           "--probe", "0x1000", "--probe", "64T", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  o = obj (&r);
  ram = json_object_get_array_member (o, "ram");
  g_assert_cmpuint (json_array_get_length (ram), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ram, 1), "start"), ==, "0x80000000");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (ram, 1), "vnode"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "end_of_ram"), ==, "0x140000000");
  g_assert_cmpstr (json_object_get_string_member (o, "ram_size"), ==, "0x100000000");
  g_assert_cmpstr (json_object_get_string_member (o, "max_ram_below_4gb"), ==, "0xc0000000");
  g_assert_true (json_object_get_null_member (o, "vtl2"));
  probes = json_object_get_array_member (o, "probes");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (probes, 0), "type"), ==, "Mmio");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (probes, 1), "type"), ==, "Ram");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (probes, 2), "type"));
}

static void
test_layout_errors (void)
{
  struct { const char *kind; const char *args[8]; } cases[] = {
    { "BadSize", { "--ram", "4097", NULL } },
    { "BadNumaSize", { "--numa", "1G,0", NULL } },
    { "EmptyNumaSizes", { "--numa", "", NULL } },
    { "BadMemoryRanges", { "--ram", "1G", "--mmio", "3G-4G", "--mmio", "1G-2G", NULL } },
    { "BadRange", { "--ram", "1G", "--mmio", "3G-2G", NULL } },
    { "BadRange", { "--ram", "1G", "--mmio", "0x100-0x2000", NULL } },
    { "BadNumber", { "--ram", "8Q", NULL } },
    { "BadNumber", { "--ram", "99999999999999999999", NULL } },
    { "Vtl2RangeBeforeEndOfRam", { "--ram", "8G", "--vtl2", "0x1000-0x1000", NULL } },
    { "Usage", { "--ram", "1G", "--numa", "1G", NULL } },
    { "Usage", { "--bogus", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r;
      const char **a = cases[i].args;

      run_cli (&r, "layout", "--json", a[0], a[1], a[2], a[3], a[4], a[5], a[6], NULL);
      assert_error (&r, cases[i].kind);
    }
}

static void
test_mtrr_underflow (void)
{
  g_auto(Run) r;

  run_cli (&r, "mtrr", "--ram", "1G", "--mmio", "2G-3G", "--low-mmio", "0-1G", "--json", NULL);
  assert_error (&r, "LowMmioAtZero");
}

static void
test_shortfall_warning (void)
{
  g_auto(Run) r;
  JsonArray *warnings;

  /* Only 64 KiB fit below the top: upstream silently places less. */
  run_cli (&r, "layout", "--ram", "1M", "--mmio", "0x10000-0xfffffffffffff000", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "ram_size"), ==, "0x10000");
  warnings = json_object_get_array_member (obj (&r), "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 1);
  run_clear (&r);

  run_cli (&r, "layout", "--ram", "1M", "--mmio", "0x10000-0xfffffffffffff000", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "warning: only 64 KiB of the 1 MiB of RAM"));
}

static void
test_gdt (void)
{
  g_auto(Run) r;
  JsonArray *pages, *regs, *entries;
  JsonObject *code;

  run_cli (&r, "gdt", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  pages = json_object_get_array_member (obj (&r), "pages");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (pages, 0), "page_base"), ==, "0x1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (pages, 0), "data"), ==,
                   "0000000000000000ffff0000009ba000ffff00000093c0000000000000000000");
  regs = json_object_get_array_member (obj (&r), "registers");
  g_assert_cmpuint (json_array_get_length (regs), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (regs, 0), "base"), ==, "0x1000");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (regs, 6), "name"), ==, "Cs");
  entries = json_object_get_array_member (obj (&r), "entries");
  code = json_array_get_object_element (entries, 1);
  g_assert_true (json_object_get_boolean_member (code, "l"));
  g_assert_true (json_object_get_boolean_member (code, "g"));
  g_assert_cmpstr (json_object_get_string_member (code, "limit_scaled"), ==, "0xfffffff");
  run_clear (&r);

  run_cli (&r, "gdt", "--page", "0x10000000000000", "--json", NULL);
  assert_error (&r, "GdtPageOutOfRange");
}

static void
test_import_and_crc (void)
{
  g_autofree char *path = g_build_filename (test_tmp_dir (), "region.bin", NULL);
  g_autoptr(GError) error = NULL;
  guint8 data[10000];
  g_auto(Run) r;
  JsonArray *calls, *map;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7);
  g_assert_true (g_file_set_contents (path, (char *) data, sizeof data, &error));

  run_cli (&r, "import", "--file", path, "--gpa", "0x1800", "--memory-length", "64K",
           "--chunk-size", "8K", "--trace", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  calls = json_object_get_array_member (obj (&r), "calls");
  /* 0x800 zeros + 10000 bytes over 8 KiB chunks: 2 calls, the last one
   * covering the rest of the 17 pages. */
  g_assert_cmpuint (json_array_get_length (calls), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (calls, 0), "page_base"), ==, "0x1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (calls, 0), "data_len"), ==, "0x2000");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (calls, 1), "page_count"), ==, "0xf");
  map = json_object_get_array_member (obj (&r), "page_map");
  g_assert_cmpuint (json_array_get_length (map), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (map, 1), "contents"), ==, "zero");
  run_clear (&r);

  run_cli (&r, "crc32", path, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "length"), ==, "0x2710");
  run_clear (&r);

  /* A short file: Read, with the calls made before it. */
  run_cli (&r, "import", "--file", path, "--gpa", "0", "--file-length", "20000",
           "--memory-length", "20000", "--chunk-size", "4K", "--trace", "--json", NULL);
  assert_error (&r, "Read");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "calls")), ==, 2);
  run_clear (&r);

  run_cli (&r, "import", "--file", path, "--gpa", "0", "--chunk-size", "100", "--json", NULL);
  assert_error (&r, "BadChunkSize");
  run_clear (&r);

  run_cli (&r, "import", "--file", "/nonexistent/x", "--gpa", "0", "--json", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);

  run_cli (&r, "import", "--file", path, "--gpa", "0", "--file-length", "2", "--memory-length", "1", "--json", NULL);
  assert_error (&r, "FileLengthExceedsMemoryLength");
}

static void
test_help_and_usage (void)
{
  static const char *const commands[] = { "layout", "mtrr", "gdt", "import", "crc32", "solve", "decode",
                                          "render", "presets" };
  g_auto(Run) r;

  run_cli (&r, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Commands:"));
  run_clear (&r);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) h;

      run_cli (&h, commands[i], "--help", NULL);
      g_assert_cmpint (h.status, ==, 0);
      g_assert_nonnull (strstr (h.out, "Examples:"));
    }

  run_cli (&r, "frobnicate", "--json", NULL);
  assert_error (&r, "Usage");
  run_clear (&r);

  run_cli (&r, NULL, NULL);
  g_assert_cmpint (r.status, ==, 2);
}

static void
test_solve (void)
{
  g_auto(Run) r;
  JsonObject *sol, *ovmm;

  run_cli (&r, "solve", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  sol = json_object_get_object_member (obj (&r), "solution");
  ovmm = json_object_get_object_member (obj (&r), "openvmm");
  g_assert_true (json_object_get_boolean_member (sol, "exact"));
  g_assert_cmpint (json_object_get_int_member (sol, "pair_count"), ==, 3);
  g_assert_false (json_object_get_boolean_member (ovmm, "exact"));
  g_assert_cmpint (json_object_get_int_member (ovmm, "pair_count"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (ovmm, "other_wb_bytes"), ==, "0x28000000");
  run_clear (&r);

  run_cli (&r, "solve", "--default-type", "WT", "--json", NULL);
  g_assert_cmpint (r.status, ==, 2);
}

static void G_GNUC_NULL_TERMINATED
run_cli_stdin (Run        *r,
               const char *input,
               const char *first,
               ...)
{
  va_list args;

  va_start (args, first);
  run_cli_va (r, input, first, args);
  va_end (args);
}

static void
test_decode (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "mtrr", "openssd-bootlog.txt", NULL);
  g_auto(Run) r;
  JsonArray *ranges;
  gboolean found_hole = FALSE;

  run_cli (&r, "decode", fixture, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj (&r), "used"), ==, 17);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "ignored")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "assumptions")), >, 0);
  ranges = json_object_get_array_member (obj (&r), "ranges");
  for (guint i = 0; i < json_array_get_length (ranges); i++)
    {
      JsonObject *e = json_array_get_object_element (ranges, i);
      if (g_str_equal (json_object_get_string_member (e, "start"), "0xe0000000"))
        {
          g_assert_cmpstr (json_object_get_string_member (e, "type"), ==, "UC");
          found_hole = TRUE;
        }
    }
  g_assert_true (found_hole);
  g_assert_true (json_object_has_member (json_object_get_object_member (obj (&r), "check"), "diagnostics"));
  run_clear (&r);

  run_cli (&r, "decode", fixture, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "17 used, 3 not understood"));
  g_assert_nonnull (strstr (r.out, "assumed: "));
  run_clear (&r);

  run_cli_stdin (&r, "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n",
                 "decode", "-", "--default-type", "WB", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (&r), "state"),
                                                  "default_type"), ==, "WB");
  run_clear (&r);

  run_cli_stdin (&r, "nothing to see here\n", "decode", "-", "--json", NULL);
  assert_error (&r, "NothingFound");
  run_clear (&r);

  run_cli (&r, "decode", "--json", NULL);
  assert_error (&r, "Usage");
  run_clear (&r);

  run_cli (&r, "decode", fixture, "--width", "99", "--json", NULL);
  g_assert_cmpint (r.status, ==, 2);
}

static gboolean
has_diagnostic (JsonArray  *diags,
                const char *kind)
{
  for (guint i = 0; i < json_array_get_length (diags); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (diags, i), "kind"), kind))
      return TRUE;
  return FALSE;
}

/* Every diagnostic can be reached from the command line: from a computed
 * guest with check, or from raw registers with decode. */
static void
test_every_diagnostic (void)
{
  static const struct { const char *kind; const char *args[6]; } computed[] = {
    { "ram-not-wb", { NULL } },
    { "mmio-cached", { NULL } },
    { "misaligned-base", { NULL } },
    { "too-many-pairs", { "--vcnt", "2", NULL } },
    { "width-clamped", { "--width", "60", NULL } },
    { "variable-skipped", { "--ram", "2G", "--vtl2", "8G+64M", NULL } },
  };
  static const struct { const char *kind; const char *text; } raw[] = {
    { "noncontiguous-mask", "0x2ff = 0xc00\n0x200 = 0x6\n0x201 = 0xf0f000800\n" },
    { "matches-everything", "0x2ff = 0xc00\n0x200 = 0x6\n0x201 = 0x800\n" },
    { "undefined-overlap", "0x2ff = 0xc00\n0x200 = 0x6\n0x201 = 0xf80000800\n"
                           "0x202 = 0x1\n0x203 = 0xf80000800\n" },
    { "bits-above-width", "0x2ff = 0xc00\n0x200 = 0x10000000006\n0x201 = 0xf80000800\n" },
    { "reserved-bits", "0x2ff = 0xc00\n0x200 = 0x106\n0x201 = 0xf80000800\n" },
    { "reserved-type", "0x2ff = 0xc00\n0x200 = 0x2\n0x201 = 0xf80000800\n" },
    { "disabled", "0x2ff = 0x0\n0x200 = 0x6\n0x201 = 0xf80000800\n" },
    { "capability", "IA32_MTRRCAP = 0x8\n0x2ff = 0xc00\n0x200 = 0x6\n0x201 = 0xf80000800\n" },
    { "incomplete", "0x2ff = 0xc00\n0x200 = 0x6\n0x201 = 0xf00000800\n"
                    "0x202 = 0x1\n0x203 = 0xff800\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (computed); i++)
    {
      const char *const *a = computed[i].args;
      g_auto(Run) r;

      run_cli (&r, "check", "--json", a[0], a[1], a[2], a[3], NULL);
      g_assert_cmpint (r.status, !=, 2);
      if (!has_diagnostic (json_object_get_array_member (obj (&r), "diagnostics"), computed[i].kind))
        g_error ("check %s %s: no %s diagnostic", a[0] ? a[0] : "", a[1] ? a[1] : "", computed[i].kind);
    }

  for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
    {
      g_auto(Run) r;
      JsonObject *check;

      run_cli_stdin (&r, raw[i].text, "decode", "-", "--width", "36", "--json", NULL);
      g_assert_cmpint (r.status, ==, 0);
      check = json_object_get_object_member (obj (&r), "check");
      if (!has_diagnostic (json_object_get_array_member (check, "diagnostics"), raw[i].kind))
        g_error ("decode of %s: no %s diagnostic", raw[i].text, raw[i].kind);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/mtrr/default", test_default_mtrr);
  g_test_add_func ("/cli/mtrr/width-clamped", test_width_clamped);
  g_test_add_func ("/cli/mtrr/underflow", test_mtrr_underflow);
  g_test_add_func ("/cli/layout/shape", test_layout_shape);
  g_test_add_func ("/cli/layout/errors", test_layout_errors);
  g_test_add_func ("/cli/layout/shortfall", test_shortfall_warning);
  g_test_add_func ("/cli/gdt", test_gdt);
  g_test_add_func ("/cli/import-and-crc32", test_import_and_crc);
  g_test_add_func ("/cli/help", test_help_and_usage);
  g_test_add_func ("/cli/solve", test_solve);
  g_test_add_func ("/cli/decode", test_decode);
  g_test_add_func ("/cli/every-diagnostic", test_every_diagnostic);

  return g_test_run ();
}
