/* SPDX-License-Identifier: MIT */
/* memviz-cli end to end: JSON shapes, exit statuses, error objects. */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <zlib.h>
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
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
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

/* The output is exactly json-glib's pretty printing of what it says (the
 * traced calls are printed by hand as they stream from a file). */
static void
assert_json_as_json_glib_prints (Run *r)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  json_generator_set_root (gen, r->json);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  line = g_strconcat (text, "\n", NULL);
  g_assert_cmpstr (r->out, ==, line);
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
  /* The raw limit and the byte limit it means, as the text and the GDT
   * view say them (a member added beside limit and limit_scaled). */
  g_assert_cmpstr (json_object_get_string_member (code, "limit"), ==, "0xffff");
  g_assert_cmpstr (json_object_get_string_member (code, "limit_description"), ==,
                   "0x0ffff \u00d7 4 KiB = 0x0fffffff");
  run_clear (&r);

  run_cli (&r, "gdt", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "base 0x0 limit 0x0ffff \u00d7 4 KiB = 0x0fffffff  code, execute/read"));
  g_assert_nonnull (strstr (r.out, "Cs   selector 0x08 base 0x0 limit 0xffffffff"));
  g_assert_nonnull (strstr (r.out, "(The limit of Ds, 0xffffffff, is not its descriptor's byte limit, "
                                   "0x0fffffff:"));
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
  assert_json_as_json_glib_prints (&r);
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
  assert_json_as_json_glib_prints (&r);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "calls")), ==, 2);
  run_clear (&r);

  /* No calls at all: the empty array as json-glib prints it. */
  run_cli (&r, "import", "--file", path, "--gpa", "0", "--file-length", "0", "--memory-length", "0",
           "--trace", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_json_as_json_glib_prints (&r);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "calls")), ==, 0);
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

static char *write_document (const char *name,
                             const char *text);

/* memviz-cli steps: the boot state, then OpenVMM's pairs one at a time. */
static void
test_steps (void)
{
  g_auto(Run) r;
  JsonArray *steps;
  JsonObject *s0, *s1, *s2, *change, *pair;

  run_cli (&r, "steps", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "strategy"), ==, "openvmm");
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "openvmm_version"), ==, "current");
  steps = json_object_get_array_member (obj (&r), "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 4);
  s0 = json_array_get_object_element (steps, 0);
  g_assert_cmpint (json_object_get_int_member (s0, "index"), ==, 0);
  g_assert_true (json_object_get_null_member (s0, "pair"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s0, "changed")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s0, "effective")), >, 0);

  s1 = json_array_get_object_element (steps, 1);
  g_assert_cmpstr (json_object_get_string_member (s1, "reason"), ==, "pcat-128m");
  change = json_array_get_object_element (json_object_get_array_member (s1, "changed"), 0);
  g_assert_cmpstr (json_object_get_string_member (change, "start"), ==, "0x100000");
  g_assert_cmpstr (json_object_get_string_member (change, "end"), ==, "0x8000000");
  g_assert_cmpstr (json_object_get_string_member (change, "from"), ==, "UC");
  g_assert_cmpstr (json_object_get_string_member (change, "to"), ==, "WB");
  g_assert_nonnull (strstr (json_object_get_string_member (s1, "sentence"), "PCAT"));

  /* Pair 1 is programmed from 128 MiB, the CPU matches from 0. */
  s2 = json_array_get_object_element (steps, 2);
  pair = json_object_get_object_member (s2, "pair");
  g_assert_cmpint (json_object_get_int_member (pair, "n"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pair, "programmed"),
                                                  "start"), ==, "0x8000000");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (pair, "matched"), 0), "start"), ==, "0x0");
  g_assert_true (json_object_get_boolean_member (pair, "matches_more_than_programmed"));
  run_clear (&r);

  run_cli (&r, "steps", "--strategy", "fewest", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "strategy"), ==, "fewest");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "steps")), ==, 4);
  run_clear (&r);

  run_cli (&r, "steps", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Step 0: Boot state"));
  g_assert_nonnull (strstr (r.out, "the CPU matches:  0x0-0x100000000"));
  run_clear (&r);

  run_cli (&r, "steps", "--strategy", "fastest", "--json", NULL);
  assert_error (&r, "Usage");
  run_clear (&r);

  run_cli (&r, "steps", "--ram", "8G", "--mmio", "0xF8000000-4G", "--openvmm-version", "pre-3550",
           "--json", NULL);
  assert_error (&r, "UnsupportedMmio");
  /* The message names it too, as `versions` does. */
  g_assert_nonnull (strstr (r.err, "error UnsupportedMmio: exactly two MMIO gaps"));
}

/* memviz-cli steps --strategy both: OpenVMM's lesson, then the fewest
 * pairs', each exactly as its own --strategy gives it. */
static void
test_steps_both (void)
{
  g_auto(Run) both;
  g_auto(Run) ovmm;
  g_auto(Run) fewest;
  g_auto(Run) text;
  g_auto(Run) ovmm_text;
  g_auto(Run) fewest_text;
  g_auto(Run) bad;
  const char *fewest_part;

  run_cli (&both, "steps", "--strategy", "both", "--json", NULL);
  run_cli (&ovmm, "steps", "--strategy", "openvmm", "--json", NULL);
  run_cli (&fewest, "steps", "--strategy", "fewest", "--json", NULL);
  g_assert_cmpint (both.status, ==, 0);
  g_assert_cmpint (ovmm.status, ==, 0);
  g_assert_cmpint (fewest.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&both), "strategy"), ==, "both");
  g_assert_false (json_object_has_member (obj (&both), "steps"));
  g_assert_true (json_node_equal (json_object_get_member (obj (&both), "openvmm"),
                                  json_object_get_member (obj (&ovmm), "steps")));
  g_assert_true (json_node_equal (json_object_get_member (obj (&both), "fewest"),
                                  json_object_get_member (obj (&fewest), "steps")));
  g_assert_true (json_node_equal (json_object_get_member (obj (&both), "layout"),
                                  json_object_get_member (obj (&ovmm), "layout")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&both), "fewest")), ==, 4);

  /* Text: the layout, OpenVMM's steps, then the fewest pairs' steps. */
  run_cli (&text, "steps", "--strategy", "both", NULL);
  run_cli (&ovmm_text, "steps", NULL);
  run_cli (&fewest_text, "steps", "--strategy", "fewest", NULL);
  g_assert_cmpint (text.status, ==, 0);
  fewest_part = strstr (fewest_text.out, "\nThe fewest pairs");
  g_assert_nonnull (fewest_part);
  g_assert_true (g_str_has_prefix (text.out, ovmm_text.out));
  g_assert_cmpstr (text.out + strlen (ovmm_text.out), ==, fewest_part);

  run_cli (&bad, "steps", "--strategy", "all", "--json", NULL);
  assert_error (&bad, "Usage");
  g_assert_nonnull (strstr (bad.err, "openvmm, fewest, both"));
}

static guint
n_pairs_of (JsonArray *versions,
            guint      i)
{
  return json_array_get_length (json_object_get_array_member (
           json_array_get_object_element (versions, i), "pairs"));
}

/* The comparison: a low gap alone, three versions, three answers. */
static void
test_versions (void)
{
  g_auto(Run) r;
  JsonArray *versions, *diffs, *ranges;
  JsonObject *pre, *d;
  g_autofree char *doc = write_document ("v3550.memviz",
                                         "[memviz]\nversion=1\n[memory]\nram=8G\n"
                                         "mmio=0xF8000000-4G\n[mtrr]\nopenvmm-version=3550\n");

  run_cli (&r, "versions", "--ram", "8G", "--mmio", "0xF8000000-4G", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  versions = json_object_get_array_member (obj (&r), "versions");
  g_assert_cmpuint (json_array_get_length (versions), ==, 3);
  pre = json_array_get_object_element (versions, 0);
  g_assert_cmpstr (json_object_get_string_member (pre, "name"), ==, "pre-3550");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pre, "error"), "kind"),
                   ==, "UnsupportedMmio");
  g_assert_cmpuint (n_pairs_of (versions, 0), ==, 0);
  g_assert_cmpuint (n_pairs_of (versions, 1), ==, 4);
  g_assert_cmpuint (n_pairs_of (versions, 2), ==, 3);
  diffs = json_object_get_array_member (obj (&r), "differences");
  g_assert_cmpuint (json_array_get_length (diffs), ==, 1);
  d = json_array_get_object_element (diffs, 0);
  g_assert_cmpstr (json_object_get_string_member (d, "a"), ==, "3550");
  g_assert_cmpstr (json_object_get_string_member (d, "b"), ==, "current");
  ranges = json_object_get_array_member (d, "ranges");
  g_assert_cmpuint (json_array_get_length (ranges), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ranges, 0), "start"),
                   ==, "0x400000000");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ranges, 0), "end"),
                   ==, "0x400000000000");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ranges, 0), "a_type"),
                   ==, "WB");
  run_clear (&r);

  /* With both gaps they agree. */
  run_cli (&r, "versions", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  versions = json_object_get_array_member (obj (&r), "versions");
  g_assert_cmpuint (n_pairs_of (versions, 0), ==, 3);
  diffs = json_object_get_array_member (obj (&r), "differences");
  g_assert_cmpuint (json_array_get_length (diffs), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_array_get_object_element (diffs, i), "ranges")), ==, 0);
  run_clear (&r);

  /* --openvmm-version and the document key pick the version mtrr runs. */
  run_cli (&r, "mtrr", "--ram", "8G", "--mmio", "0xF8000000-4G", "--openvmm-version", "3550",
           "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "registers")), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "openvmm_version"), ==, "3550");
  run_clear (&r);
  run_cli (&r, "mtrr", doc, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "registers")), ==, 8);
  run_clear (&r);
  run_cli (&r, "mtrr", doc, "--openvmm-version", "current", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "registers")), ==, 6);
  run_clear (&r);
  run_cli (&r, "mtrr", "--openvmm-version", "3599", "--json", NULL);
  assert_error (&r, "Usage");
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
    { "hole-wb", { "--ram", "1G", "--mmio", "0xF8000000-4G", NULL } },
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

static guint64
hex_member (JsonObject *o,
            const char *member)
{
  return test_hex_value (json_object_get_string_member (o, member));
}

static void
assert_range (JsonNode *node,
              guint64   start,
              guint64   end)
{
  JsonObject *o = json_node_get_object (node);

  g_assert_cmphex (hex_member (o, "start"), ==, start);
  g_assert_cmphex (hex_member (o, "end"), ==, end);
}

/* --ram alone keeps OpenVMM's MMIO gaps: 128 MiB below 4 GiB and 512 MiB
 * above RAM and 4 GiB (it failed with "the chipset low MMIO gap starts at
 * 0"). */
static void
test_ram_alone (void)
{
  static const struct { const char *ram; guint64 high; } cases[] = {
    { "1G", 0x100000000 },
    { "16G", 0x408000000 },
    { "1.5G", 0x100000000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r;
      JsonObject *layout;
      JsonArray *mmio;

      run_cli (&r, "mtrr", "--ram", cases[i].ram, "--json", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.err, ==, "");
      layout = json_object_get_object_member (obj (&r), "layout");
      mmio = json_object_get_array_member (layout, "mmio");
      g_assert_cmpuint (json_array_get_length (mmio), ==, 2);
      assert_range (json_array_get_element (mmio, 0), 0xF8000000, 0x100000000);
      assert_range (json_array_get_element (mmio, 1), cases[i].high, cases[i].high + (512 << 20));
      assert_range (json_object_get_member (obj (&r), "low_mmio"), 0xF8000000, 0x100000000);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "registers")), >=, 4);
    }
}

static char *
write_document (const char *name,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (test_tmp_dir (), name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* Every command that works on a layout takes a document, --preset NAME
 * or flags, and the flags override the document ("mtrr my.memviz" was an
 * unexpected argument; render took no flags). */
static void
test_sources (void)
{
  g_autofree char *doc = write_document ("two-gib.memviz",
                                         "[memviz]\nversion=1\ntitle=Two GiB\n"
                                         "[memory]\nram=2G\nmmio=3G-4G\n"
                                         "[boot]\nprofile=pcat\n");
  g_autofree char *png = g_build_filename (test_tmp_dir (), "flags.png", NULL);
  g_autofree char *png2 = g_build_filename (test_tmp_dir (), "doc-flags.png", NULL);
  static const char *const commands[] = { "layout", "mtrr", "solve", "effective", "proc-mtrr", "check" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) from_doc;
      g_auto(Run) from_preset;

      run_cli (&from_doc, commands[i], doc, "--json", NULL);
      g_assert_cmpint (from_doc.status, !=, 2);
      g_assert_nonnull (from_doc.json);
      run_cli (&from_preset, commands[i], "--preset", "pcat", "--json", NULL);
      g_assert_cmpint (from_preset.status, !=, 2);
      g_assert_nonnull (from_preset.json);
    }

  /* The document's layout, and its own boot profile. */
  {
    g_auto(Run) r;
    JsonObject *layout;

    run_cli (&r, "effective", doc, "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    layout = json_object_get_object_member (obj (&r), "layout");
    g_assert_cmphex (hex_member (layout, "ram_size"), ==, (guint64) 2 << 30);
    assert_range (json_array_get_element (json_object_get_array_member (layout, "mmio"), 0),
                  (guint64) 3 << 30, (guint64) 4 << 30);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (&r), "state"),
                                                    "profile"), ==, "pcat");
  }

  /* Flags override the document and keep the rest of it. */
  {
    g_auto(Run) r;

    run_cli (&r, "layout", doc, "--ram", "6G", "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmphex (hex_member (obj (&r), "ram_size"), ==, (guint64) 6 << 30);
    assert_range (json_array_get_element (json_object_get_array_member (obj (&r), "mmio"), 0),
                  (guint64) 3 << 30, (guint64) 4 << 30);
  }
  {
    g_auto(Run) r;

    run_cli (&r, "explain", "0x1000", doc, "--profile", "none", "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (json_object_get_string_member (obj (&r), "profile"), ==, "none");
  }
  /* The text names where the layout came from. */
  {
    g_auto(Run) r;

    run_cli (&r, "layout", "--preset", "pcat", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "pcat: "));
  }

  /* render takes the flags too. */
  {
    g_auto(Run) r;
    g_auto(Run) d;

    run_cli (&r, "render", "--ram", "1G", "--address-width", "40", "-o", png, "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
    run_cli (&d, "render", doc, "--ram", "4G", "-o", png2, NULL);
    g_assert_cmpint (d.status, ==, 0);
    g_assert_true (g_file_test (png2, G_FILE_TEST_IS_REGULAR));
  }

  /* The explain view draws one address's masked compare; it needs the
   * address (without one, a usage error naming --address), and only it
   * takes one; --view all leaves it out and draws the others. */
  {
    g_autofree char *svg = g_build_filename (test_tmp_dir (), "explain.svg", NULL);
    g_autofree char *contents = NULL;
    g_auto(Run) r;
    g_auto(Run) missing;
    g_auto(Run) all;
    g_auto(Run) stray;
    g_auto(Run) high;

    run_cli (&r, "render", "--view", "explain", "--address", "0xf0000000", "-o", svg, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "<svg"));
    run_cli (&missing, "render", "--view", "explain", "-o", svg, "--json", NULL);
    assert_error (&missing, "Usage");
    g_assert_nonnull (strstr (missing.err, "--address"));
    run_cli (&all, "render", "--view", "all", "-o", svg, NULL);
    g_assert_cmpint (all.status, ==, 0);
    g_assert_cmpstr (all.err, ==, "");
    run_cli (&stray, "render", "--address", "0x1000", "-o", svg, "--json", NULL);
    assert_error (&stray, "Usage");
    run_cli (&high, "render", "--view", "explain", "--address", "1P", "--address-width", "40",
             "-o", svg, "--json", NULL);
    g_assert_cmpint (high.status, ==, 2);
    g_assert_nonnull (strstr (high.err, "beyond"));
  }

  /* --lesson: one slide per step, as many as steps lists. */
  {
    g_autofree char *pdf = g_build_filename (test_tmp_dir (), "lesson.pdf", NULL);
    g_autofree char *slides = g_build_filename (test_tmp_dir (), "fewest.png", NULL);
    g_auto(Run) steps;
    g_auto(Run) r;
    g_auto(Run) p;
    g_auto(Run) bad;
    guint n;

    run_cli (&steps, "steps", "--strategy", "fewest", "--json", NULL);
    g_assert_cmpint (steps.status, ==, 0);
    n = json_array_get_length (json_object_get_array_member (obj (&steps), "steps"));
    run_cli (&r, "render", "--lesson", "-o", pdf, "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpint (json_object_get_int_member (obj (&r), "pages"), ==, 4);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
    run_cli (&p, "render", "--lesson", "--strategy", "fewest", "-o", slides, "--json", NULL);
    g_assert_cmpint (p.status, ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&p), "files")), ==, n);
    run_cli (&bad, "render", "--lesson", "--view", "gdt", "-o", pdf, "--json", NULL);
    assert_error (&bad, "Usage");
  }

  /* --lesson --strategy both: a slide per step of the longer lesson. */
  {
    g_autofree char *slides = g_build_filename (test_tmp_dir (), "both.png", NULL);
    g_auto(Run) r;
    JsonArray *files;

    run_cli (&r, "render", "--lesson", "--strategy", "both", "-o", slides, "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (json_object_get_string_member (obj (&r), "strategy"), ==, "both");
    g_assert_cmpint (json_object_get_int_member (obj (&r), "pages"), ==, 4);
    files = json_object_get_array_member (obj (&r), "files");
    g_assert_cmpuint (json_array_get_length (files), ==, 4);
    g_assert_true (g_str_has_suffix (json_array_get_string_element (files, 3), "both-04.png"));
    g_assert_true (json_object_get_null_member (obj (&r), "refused"));
  }

  /* A version that refuses the layout still gives a lesson: the boot
   * state, then a slide saying its error. */
  {
    g_autofree char *slides = g_build_filename (test_tmp_dir (), "refused.png", NULL);
    g_auto(Run) r;

    run_cli (&r, "render", "--lesson", "--openvmm-version", "pre-3550", "--ram", "8G",
             "--mmio", "0xF8000000-4G", "-o", slides, "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpint (json_object_get_int_member (obj (&r), "pages"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (obj (&r), "refused"), ==, "UnsupportedMmio");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "files")), ==, 2);
  }
}

/* check reports the write-back memory the guest is not given, the bytes
 * solve counts for OpenVMM's pairs (it reported only the MMIO gap). */
static void
test_check_agrees_with_solve (void)
{
  g_auto(Run) check;
  g_auto(Run) solve;
  JsonArray *diags;
  guint64 hole = 0, gap = 0;

  run_cli (&check, "check", "--ram", "1G", "--mmio", "0xF8000000-4G", "--json", NULL);
  g_assert_cmpint (check.status, ==, 1);
  diags = json_object_get_array_member (obj (&check), "diagnostics");
  for (guint i = 0; i < json_array_get_length (diags); i++)
    {
      JsonObject *d = json_array_get_object_element (diags, i);
      JsonObject *range = json_object_get_object_member (d, "range");
      const char *kind = json_object_get_string_member (d, "kind");

      if (g_str_equal (kind, "hole-wb"))
        {
          g_assert_cmphex (hex_member (range, "start"), ==, 0x40000000);
          g_assert_cmphex (hex_member (range, "end"), ==, 0xF8000000);
          g_assert_cmpstr (json_object_get_string_member (d, "severity"), ==, "warning");
          hole += hex_member (range, "end") - hex_member (range, "start");
        }
      else if (g_str_equal (kind, "mmio-cached"))
        gap += hex_member (range, "end") - hex_member (range, "start");
    }

  run_cli (&solve, "solve", "--ram", "1G", "--mmio", "0xF8000000-4G", "--json", NULL);
  g_assert_cmpint (solve.status, ==, 0);
  g_assert_cmphex (hole + gap, ==,
                   hex_member (json_object_get_object_member (obj (&solve), "openvmm"), "other_wb_bytes"));
  g_assert_cmphex (hole + gap, ==, (guint64) 3 << 30);
}

/* A firmware shell's mtrr dump, through decode: the numbered MSR names are
 * read, and the fixed ranges FE enables but the dump lacks are assumed
 * aloud. */
static void
test_decode_firmware_shell (void)
{
  g_auto(Run) r;
  g_auto(Run) text;
  JsonArray *assumptions;
  gboolean said = FALSE;
  static const char dump[] =
    "Shell> mtrr\n"
    "IA32_MTRR_DEF_TYPE (0x2FF): 0x0000000000000C06\n"
    "IA32_MTRR_PHYSBASE_0 (0x200): 0x0000000080000000\n"
    "IA32_MTRR_PHYSMASK_0 (0x201): 0x0000007F80000800\n"
    "[0x0000000080000000-0x00000000FFFFFFFF] Uncacheable\n";

  run_cli_stdin (&r, dump, "decode", "-", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj (&r), "used"), ==, 3);
  assumptions = json_object_get_array_member (obj (&r), "assumptions");
  for (guint i = 0; i < json_array_get_length (assumptions); i++)
    said |= strstr (json_array_get_string_element (assumptions, i), "fixed-range MSRs") != NULL;
  g_assert_true (said);

  run_cli_stdin (&text, dump, "decode", "-", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "assumed: MtrrDefType enables the fixed ranges"));
}

/* A document's keys and groups memviz does not know are said on stderr,
 * with their lines, by every command that reads it (they were silent: a
 * misspelt [mtrr] group changed nothing, without a word). */
static void
test_document_warnings (void)
{
  g_autofree char *doc = write_document ("typos.memviz",
                                         "[memviz]\nversion=1\n[memory]\nram=8G\nmmio=3G-4G\n"
                                         "favourite-colour=blue\n[mtr]\naddress-width=40\n");
  static const char *const commands[] = { "layout", "mtrr", "check" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) r;

      run_cli (&r, commands[i], doc, NULL);
      g_assert_cmpint (r.status, !=, 2);
      g_assert_nonnull (strstr (r.err, "warning: line 6, [memory] favourite-colour: unknown key"));
      g_assert_nonnull (strstr (r.err, "warning: line 7, [mtr]: unknown group"));
    }
  /* render too, whose picture does not show them */
  {
    g_auto(Run) r;
    g_autofree char *png = g_build_filename (test_tmp_dir (), "typos.png", NULL);

    run_cli (&r, "render", doc, "-o", png, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "warning: line 6, [memory] favourite-colour: unknown key"));
  }
}

/* File names are bytes: ones that are not UTF-8 reach the JSON as U+FFFD,
 * never raw (which no JSON reader takes), in results and in errors. */
static void
test_json_file_names (void)
{
  g_autofree char *name = g_build_filename (test_tmp_dir (), "bin\xff.bin", NULL);
  g_autofree char *missing = g_build_filename (test_tmp_dir (), "gone\xfe.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(Run) ok;
  g_auto(Run) bad;
  JsonObject *run0;

  g_assert_true (g_file_set_contents (name, "abc", 3, &error));
  g_assert_no_error (error);
  run_cli (&ok, "import", "--file", name, "--gpa", "0", "--json", NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_true (g_utf8_validate (ok.out, -1, NULL));
  run0 = json_array_get_object_element (json_object_get_array_member (obj (&ok), "page_map"), 0);
  g_assert_cmpstr (json_object_get_string_member (run0, "tag"), ==, "bin\xef\xbf\xbd.bin");

  run_cli (&bad, "crc32", missing, "--json", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_true (g_utf8_validate (bad.out, -1, NULL));
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (obj (&bad), "error"),
                                                          "message"), "gone\xef\xbf\xbd.bin"));
  g_unlink (name);
}

/* memviz-cli igvm: the JSON shape, --platform, a layout, bad files. */
static void
assert_members (JsonObject         *o,
                const char *const  *want)
{
  g_autoptr(GList) names = json_object_get_members (o);
  guint n = 0;

  for (GList *l = names; l != NULL; l = l->next, n++)
    g_assert_true (g_strv_contains (want, l->data));
  g_assert_cmpuint (n, ==, g_strv_length ((char **) want));
}

static void
test_igvm (void)
{
  static const char *const top[] = { "revision", "platforms", "pages", "required_memory",
                                     "vp_contexts", "headers", "diagnostics", NULL };
  static const char *const platform[] = { "mask", "type", "version", "highest_vtl",
                                          "shared_gpa_boundary", NULL };
  static const char *const page[] = { "start", "end", "mask", "kind", "zero", "unmeasured",
                                      "shared", NULL };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "igvm", "basic.igvm", NULL);
  g_autofree char *broken = g_build_filename (test_tmp_dir (), "broken.igvm", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  g_auto(Run) r;
  JsonArray *pages, *diags;
  JsonObject *p;

  run_cli (&r, "igvm", path, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_members (obj (&r), top);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj (&r), "revision"),
                                               "format_version"), ==, 1);
  p = json_array_get_object_element (json_object_get_array_member (obj (&r), "platforms"), 0);
  assert_members (p, platform);
  g_assert_cmpstr (json_object_get_string_member (p, "type"), ==, "vsm_isolation");
  g_assert_cmpstr (json_object_get_string_member (p, "mask"), ==, "0x1");
  pages = json_object_get_array_member (obj (&r), "pages");
  g_assert_cmpuint (json_array_get_length (pages), ==, 5);
  p = json_array_get_object_element (pages, 0);
  assert_members (p, page);
  g_assert_cmpstr (json_object_get_string_member (p, "start"), ==, "0x0");
  g_assert_cmpstr (json_object_get_string_member (p, "end"), ==, "0x3000");
  g_assert_cmpstr (json_object_get_string_member (p, "kind"), ==, "normal");
  p = json_array_get_object_element (pages, 4);
  g_assert_cmpstr (json_object_get_string_member (p, "kind"), ==, "parameter");
  g_assert_cmpstr (json_object_get_string_member (p, "start"), ==, "0x14000");
  g_assert_true (json_object_get_boolean_member (p, "zero"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "headers")), ==, 6);
  p = json_array_get_object_element (json_object_get_array_member (obj (&r), "headers"), 0);
  g_assert_cmpstr (json_object_get_string_member (p, "name"), ==, "IGVM_VHT_SUPPORTED_PLATFORM");
  g_assert_cmpstr (json_object_get_string_member (p, "platform_type"), ==, "vsm_isolation");
  g_assert_cmpint (json_object_get_int_member (p, "platform_version"), ==, 1);
  p = json_array_get_object_element (json_object_get_array_member (obj (&r), "headers"), 1);
  g_assert_cmpstr (json_object_get_string_member (p, "policy"), ==, "0x30000");
  p = json_array_get_object_element (json_object_get_array_member (obj (&r), "headers"), 5);
  g_assert_cmpstr (json_object_get_string_member (p, "name"), ==, "IGVM_VHT_PARAMETER_INSERT");
  g_assert_cmpstr (json_object_get_string_member (p, "gpa"), ==, "0x14000");
  g_assert_cmpint (json_object_get_int_member (p, "parameter_area"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "diagnostics")), ==, 0);
  run_clear (&r);

  /* The platform it has, and one it has not. */
  run_cli (&r, "igvm", path, "--platform", "0x1", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "pages")), ==, 5);
  /* The guest policy for mask 0x2 is not shown for platform 0x1. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "headers")), ==, 5);
  run_clear (&r);
  run_cli (&r, "igvm", path, "--platform", "0x2", "--json", NULL);
  assert_error (&r, "Input");
  g_assert_nonnull (strstr (r.err, "no platform with that mask (its masks: 0x1)"));
  run_clear (&r);

  /* Over 64 KiB of RAM, the parameter page at 0x14000 lies outside it. */
  run_cli (&r, "igvm", path, "--ram", "64K", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  diags = json_object_get_array_member (obj (&r), "diagnostics");
  g_assert_cmpuint (json_array_get_length (diags), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (diags, 0), "kind"), ==,
                   "outside-ram");
  run_clear (&r);

  run_cli (&r, "igvm", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "vsm_isolation"));
  g_assert_nonnull (strstr (r.out, "0x000000014000-0x000000015000"));
  g_assert_nonnull (strstr (r.out, "vp_count at +0x0"));
  /* A flipped page-data byte keeps the checksum: say what it covers. */
  g_assert_nonnull (strstr (r.out, "(matches; it covers the headers, not the page data)"));
  run_clear (&r);

  /* A broken checksum: exit 2, both values named. */
  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  data[20] ^= 1;
  g_assert_true (g_file_set_contents (broken, data, (gssize) len, &error));
  run_cli (&r, "igvm", broken, "--json", NULL);
  assert_error (&r, "InvalidChecksum");
  g_assert_nonnull (strstr (r.err, "0x2364c520"));
  g_assert_nonnull (strstr (r.err, "0x2364c521"));
  run_clear (&r);

  run_cli (&r, "igvm", "/nonexistent/x.igvm", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "/nonexistent/x.igvm"));
  run_clear (&r);
  run_cli (&r, "igvm", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "FILE.igvm is missing"));
}

/* memviz-cli render FILE.igvm: the same scene as the window's, in every
 * view; a broken file is refused as igvm refuses it. */
static void
test_render_igvm (void)
{
  Run r;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "igvm", "basic.igvm", NULL);
  g_autofree char *png = g_build_filename (test_tmp_dir (), "igvm.png", NULL);
  g_autofree char *svg = g_build_filename (test_tmp_dir (), "igvm.svg", NULL);
  g_autofree char *broken = g_build_filename (test_tmp_dir (), "broken-render.igvm", NULL);
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  run_cli (&r, "render", path, "-o", png, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "view"), ==, "map");
  g_assert_cmpint (json_object_get_int_member (obj (&r), "diagnostics"), ==, 0);
  g_assert_true (g_file_get_contents (png, &data, &len, &error));
  g_assert_true (len > 8 && memcmp (data, "\x89PNG", 4) == 0);
  g_clear_pointer (&data, g_free);
  run_clear (&r);

  /* The page map: its five runs make it taller than an empty table. */
  run_cli (&r, "render", path, "-o", svg, "--view", "pages", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (obj (&r), "height"), >, 200);
  g_assert_true (g_file_get_contents (svg, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "<svg"));
  g_clear_pointer (&text, g_free);
  run_clear (&r);

  /* An IGVM file has no MTRRs: a lesson or an explained address is
   * refused, and nothing is written. */
  run_cli (&r, "render", path, "--lesson", "-o", png, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "an IGVM file has no MTRRs to explain or step through"));
  run_clear (&r);

  run_cli (&r, "render", path, "--loader", "pcat", "-o", png, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "runs no boot loader"));
  run_clear (&r);

  run_cli (&r, "render", path, "-o", svg, "--view", "vp", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "view"), ==, "vp");
  run_clear (&r);

  /* Its one platform by its mask; a mask it has not, or a document, is
   * refused. Over a 64 KiB layout, the pages above RAM are marked. */
  run_cli (&r, "render", path, "-o", png, "--platform", "0x1", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj (&r), "diagnostics"), ==, 0);
  run_clear (&r);
  run_cli (&r, "render", path, "-o", png, "--platform", "0x1", "--ram", "64K", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj (&r), "diagnostics"), >, 0);
  run_clear (&r);
  run_cli (&r, "render", path, "-o", png, "--platform", "0x2", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "no platform with that mask"));
  run_clear (&r);
  run_cli (&r, "render", "--preset", "pcat", "-o", png, "--platform", "0x1", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "only an IGVM file has platforms"));
  run_clear (&r);

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  data[20] ^= 1;
  g_assert_true (g_file_set_contents (broken, data, (gssize) len, &error));
  run_cli (&r, "render", broken, "-o", png, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "broken-render.igvm"));
  g_assert_nonnull (strstr (r.err, "0x2364c520"));
  run_clear (&r);
}

/* ---- boot ---------------------------------------------------------------- */

/* A 256 KiB "BIOS", each page its own bytes; its path. */
static char *
write_bios (const char *dir,
            guint8    **data_out)
{
  g_autofree guint8 *data = g_malloc (256 * 1024);
  char *path = g_build_filename (dir, "bios.bin", NULL);

  for (guint i = 0; i < 256 * 1024; i++)
    data[i] = (guint8) (i * 13 / 4096 + i % 7);
  g_assert_true (g_file_set_contents (path, (const char *) data, 256 * 1024, NULL));
  *data_out = g_steal_pointer (&data);
  return path;
}

/* A small bzImage (boot protocol 2.15, loaded high, relocatable, a
 * 300 KiB payload) whose decompressor needs @init_size bytes from 16 MiB;
 * its path. */
static char *
write_bzimage (const char *dir,
               guint32     init_size)
{
  const gsize payload = 300 * 1024, offset = 2 * 512;
  g_autofree guint8 *image = g_malloc0 (offset + payload);
  g_autofree char *name = g_strdup_printf ("bzImage-%x", init_size);
  char *path = g_build_filename (dir, name, NULL);
  guint32 syssize = GUINT32_TO_LE (payload / 16);
  guint64 pref = GUINT64_TO_LE (0x1000000);

  init_size = GUINT32_TO_LE (init_size);
  image[0x1f1] = 1;                           /* setup_sects */
  memcpy (image + 0x1f4, &syssize, 4);
  image[0x1fe] = 0x55;
  image[0x1ff] = 0xaa;
  memcpy (image + 0x202, "HdrS", 4);
  image[0x206] = 0x0f;                        /* version 2.15 */
  image[0x207] = 0x02;
  image[0x211] = 0x01;                        /* LOADED_HIGH */
  image[0x234] = 1;                           /* relocatable_kernel */
  image[0x236] = 0x01;                        /* XLF_KERNEL_64 */
  memcpy (image + 0x258, &pref, 8);
  memcpy (image + 0x260, &init_size, 4);
  for (gsize i = 0; i < payload; i++)
    image[offset + i] = (guint8) ((i * 7 + 3) % 251);
  g_assert_true (g_file_set_contents (path, (const char *) image, offset + payload, NULL));
  return path;
}

/* boot --json gives the layout the loader wrote into, as layout --json
 * and mtrr --json do, and a "warnings" list. A kernel whose decompression
 * area (init_size) runs past RAM is placed as upstream places it, with a
 * warning naming it, its range and the end of RAM: on stderr beside the
 * text, in "warnings" in the JSON, exit 0 (test-boot-linux checks the
 * scenario's diagnostic, which the window's Diagnostics page lists). */
static void
test_boot_beyond_ram (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *small = write_bzimage (dir, 0x1000000);
  g_autofree char *big = write_bzimage (dir, 0x5000000);
  const char *warning = "linux-kernel at 0x100000-0x6000000 (its payload and init_size, "
                        "where it decompresses) lies beyond RAM, which ends at 0x4000000";
  g_auto(Run) r;
  g_auto(Run) layout;
  JsonObject *l;
  JsonArray *warnings;

  run_cli (&r, "boot", "--kernel", small, "--ram", "64M", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_cli (&layout, "layout", "--ram", "64M", "--json", NULL);
  g_assert_cmpint (layout.status, ==, 0);
  l = json_object_get_object_member (obj (&r), "layout");
  g_assert_true (json_node_equal (json_object_get_member (obj (&r), "layout"), layout.json));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (l, "ram")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (l, "ram"), 0),
                     "end"), ==, "0x4000000");
  g_assert_cmpstr (json_object_get_string_member (l, "ram_size"), ==, "0x4000000");
  g_assert_true (json_object_has_member (obj (&r), "low_mmio"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "warnings")), ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  run_clear (&r);

  /* The numbers stay upstream's: the kernel at 1 MiB, the entry after
   * its setup; the warning is the only difference. */
  run_cli (&r, "boot", "--kernel", big, "--ram", "64M", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "entry"), ==, "0x100200");
  warnings = json_object_get_array_member (obj (&r), "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 1);
  g_assert_true (g_str_has_prefix (json_array_get_string_element (warnings, 0), warning));
  run_clear (&r);
  run_cli (&r, "boot", "--kernel", big, "--ram", "64M", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.err, "memviz-cli: warning: "));
  g_assert_nonnull (strstr (r.err, warning));
  g_assert_nonnull (strstr (r.out, "linux-kernel"));
  run_clear (&r);
  run_cli (&r, "boot", "--kernel", big, "--ram", "128M", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  run_clear (&r);

  test_remove_tree (dir);
}

/* A file name holding a byte that is not UTF-8 ("bad\xff..."): every
 * message naming it shows it as g_filename_display_name () does (U+FFFD
 * for the byte), so stderr and the JSON are valid UTF-8 and name it. */
static void
test_non_utf8_names (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *doc = g_build_filename (dir, "bad\xff.memviz", NULL);
  g_autofree char *odd = g_build_filename (dir, "odd\xff.memviz", NULL);
  g_autofree char *kernel = g_build_filename (dir, "bad\xff.bin", NULL);
  g_autofree char *out = g_build_filename (dir, "bad\xff", "map.png", NULL);
  struct
  {
    const char *args[6];
    int         status;
    const char *shown;     /* the name as the message shows it */
  } cases[] = {
    { { "layout", doc, "--json" }, 2, "bad\xef\xbf\xbd.memviz: line 1" },
    { { "layout", odd }, 0, "odd\xef\xbf\xbd.memviz: warning: " },
    { { "boot", "--kernel", kernel, "--json" }, 2, "bad\xef\xbf\xbd.bin" },
    { { "import", "--file", kernel, "--gpa", "0" }, 2, "cannot open " },
    { { "crc32", kernel }, 2, "bad\xef\xbf\xbd.bin: No such file" },
    { { "igvm", kernel }, 2, "bad\xef\xbf\xbd.bin" },
    { { "render", "-o", out }, 2, "bad\xef\xbf\xbd/map.png: cannot write the file" },
  };

  g_assert_true (g_file_set_contents (doc, "hello world\n", -1, NULL));
  g_assert_true (g_file_set_contents (odd, "[memviz]\nversion=1\nfrobnicate=1\n[memory]\nram=1 GiB\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *const *a = cases[i].args;
      g_auto(Run) r;

      run_cli (&r, a[0], a[1], a[2], a[3], a[4], a[5], NULL);
      g_test_message ("case %u: %s", i, r.err);
      g_assert_cmpint (r.status, ==, cases[i].status);
      g_assert_true (g_utf8_validate (r.err, -1, NULL));
      g_assert_true (g_utf8_validate (r.out, -1, NULL));
      g_assert_nonnull (strstr (r.err, cases[i].shown));
      if (cases[i].status == 2)
        g_assert_nonnull (strstr (r.err, "\xef\xbf\xbd"));
      if (r.json != NULL)
        g_assert_nonnull (strstr (json_object_get_string_member (
                                    json_object_get_object_member (obj (&r), "error"), "message"),
                                  "\xef\xbf\xbd"));
    }
  test_remove_tree (dir);
}

/* A [boot] file outside the document's folder is refused like an
 * import's, and the message names the [boot] key (not an import). */
static void
test_boot_outside (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree guint8 *bios = NULL;
  g_autofree char *path = write_bios (dir, &bios);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *doc = g_build_filename (sub, "vm.memviz", NULL);
  g_autofree char *png = g_build_filename (dir, "boot.png", NULL);
  g_auto(Run) r;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (doc,
    "[memviz]\nversion=1\n[memory]\nram=2 GiB\n"
    "[boot]\nloader=pcat\nfirmware=../bios.bin\n", -1, NULL));
  run_cli (&r, "boot", doc, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "[boot] firmware reads "));
  g_assert_nonnull (strstr (r.err, "--allow-outside-files"));
  run_clear (&r);
  run_cli (&r, "boot", doc, "--allow-outside-files", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  /* render reads the same files under the same rule. */
  run_cli (&r, "render", doc, "--view", "boot", "-o", png, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "[boot] firmware reads "));
  run_clear (&r);
  /* The firmware the command line gives replaces the document's: no
   * outside file is read. */
  run_cli (&r, "render", doc, "--firmware", path, "--view", "boot", "-o", png, NULL);
  g_assert_cmpint (r.status, !=, 2);   /* 1: the document's MTRRs fail (no gap), drawn */
  g_assert_null (strstr (r.err, "outside"));
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  run_clear (&r);

  /* A document's kernel is checked once --loader linux makes it read (it
   * was not, the document's pcat loader never reading it). */
  g_assert_true (g_file_set_contents (doc,
    "[memviz]\nversion=1\n[memory]\nram=2 GiB\n"
    "[boot]\nloader=pcat\nkernel=../bios.bin\n", -1, NULL));
  run_cli (&r, "boot", doc, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  for (guint i = 0; i < 2; i++)
    {
      if (i == 0)
        run_cli (&r, "boot", doc, "--loader", "linux", NULL);
      else
        run_cli (&r, "render", doc, "--loader", "linux", "-o", png, NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, "[boot] kernel reads "));
      run_clear (&r);
    }
}

/* memviz-cli render takes boot's options: a boot rendered without a
 * document, its boot view in each format, in --view all too. */
static void
test_render_boot (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree guint8 *bios = NULL;
  g_autofree char *path = write_bios (dir, &bios);
  static const char *const ext[] = { "png", "svg", "pdf" };
  static const char *const magic[] = { "\x89PNG", "<?xml", "%PDF" };
  double boot_h = 0, all_h = 0, map_h = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ext); i++)
    {
      g_autofree char *name = g_strdup_printf ("boot.%s", ext[i]);
      g_autofree char *out = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;
      g_auto(Run) r;

      run_cli (&r, "render", "--loader", "pcat", "--firmware", path, "--ram", "2G", "--view", "boot",
               "-o", out, "--json", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (json_object_get_string_member (obj (&r), "view"), ==, "boot");
      boot_h = json_object_get_double_member (obj (&r), "height");
      g_assert_true (g_file_get_contents (out, &data, &len, NULL));
      g_assert_true (len > 4 && memcmp (data, magic[i], strlen (magic[i])) == 0);
    }
  g_assert_cmpfloat (boot_h, >, 300);
  {
    g_autofree char *out = g_build_filename (dir, "all.png", NULL);
    g_auto(Run) all;
    g_auto(Run) map;

    run_cli (&all, "render", "--loader", "pcat", "--ram", "2G", "--view", "all", "-o", out, "--json", NULL);
    g_assert_cmpint (all.status, ==, 0);
    all_h = json_object_get_double_member (obj (&all), "height");
    /* no boot options: no boot view in --view all */
    run_cli (&map, "render", "--ram", "2G", "--view", "all", "-o", out, "--json", NULL);
    g_assert_cmpint (map.status, ==, 0);
    map_h = json_object_get_double_member (obj (&map), "height");
    g_assert_cmpfloat (all_h, >, map_h + 200);
  }
  test_remove_tree (dir);
}

static JsonObject *
import_at (JsonArray *imports,
           guint      i)
{
  g_assert_cmpuint (i, <, json_array_get_length (imports));
  return json_array_get_object_element (imports, i);
}

/* The JSON shape, imports by address with the CRC-32 of their memory,
 * registers with their kinds' members, e820 (empty for PCAT). */
static void
test_boot_shape (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree guint8 *bios = NULL;
  g_autofree char *path = write_bios (dir, &bios);
  g_autofree char *crc_top = NULL;
  g_autofree char *crc_all = NULL;
  g_auto(Run) r;
  g_auto(Run) text;
  JsonArray *imports, *regs;
  JsonObject *im, *cs;

  run_cli (&r, "boot", "--loader", "pcat", "--firmware", path, "--ram", "2G", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "loader"), ==, "pcat");
  g_assert_cmpstr (json_object_get_string_member (obj (&r), "entry"), ==, "0xffff0");
  imports = json_object_get_array_member (obj (&r), "imports");
  g_assert_cmpuint (json_array_get_length (imports), ==, 2);
  crc_top = g_strdup_printf ("%08lx", crc32 (0, bios + 128 * 1024, 128 * 1024));
  crc_all = g_strdup_printf ("%08lx", crc32 (0, bios, 256 * 1024));
  im = import_at (imports, 0);          /* by address: 0xE0000 first */
  g_assert_cmpstr (json_object_get_string_member (im, "start"), ==, "0xe0000");
  g_assert_cmpstr (json_object_get_string_member (im, "end"), ==, "0x100000");
  g_assert_cmpstr (json_object_get_string_member (im, "pages"), ==, "0x20");
  g_assert_cmpstr (json_object_get_string_member (im, "tag"), ==, "pcat-top-pages");
  g_assert_cmpstr (json_object_get_string_member (im, "acceptance"), ==, "Exclusive");
  g_assert_cmpstr (json_object_get_string_member (im, "crc32"), ==, crc_top);
  im = import_at (imports, 1);
  g_assert_cmpstr (json_object_get_string_member (im, "start"), ==, "0x7ffc0000");
  g_assert_cmpstr (json_object_get_string_member (im, "tag"), ==, "pcat-image");
  g_assert_cmpstr (json_object_get_string_member (im, "crc32"), ==, crc_all);

  regs = json_object_get_array_member (obj (&r), "registers");
  g_assert_cmpuint (json_array_get_length (regs), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (regs, 0), "name"),
                   ==, "MtrrDefType");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (regs, 0), "value"),
                   ==, "0xc00");
  cs = json_array_get_object_element (regs, 7);
  g_assert_cmpstr (json_object_get_string_member (cs, "name"), ==, "Cs");
  g_assert_cmpstr (json_object_get_string_member (cs, "selector"), ==, "0xf000");
  g_assert_cmpstr (json_object_get_string_member (cs, "base"), ==, "0xf0000");
  g_assert_cmpstr (json_object_get_string_member (cs, "limit"), ==, "0xffff");
  g_assert_cmpstr (json_object_get_string_member (cs, "attributes"), ==, "0x9b");
  g_assert_false (json_object_has_member (cs, "value"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&r), "e820")), ==, 0);

  run_cli (&text, "boot", "--loader", "pcat", "--firmware", path, "--ram", "2G", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "pcat-image"));
  /* --ram makes no "Layout:" source line; the RAM line says what it is. */
  g_assert_nonnull (strstr (text.out, "\nRAM:    0x0-0x80000000 (2 GiB)\n"));
  g_assert_nonnull (strstr (text.out, "default type UC, fixed ranges on (FE), MTRRs on (E)"));
  /* No image, as OpenVMM runs PCAT: the empty list says so. */
  run_clear (&text);
  run_cli (&text, "boot", "--loader", "pcat", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "them):\n  none (no image was given"));
  test_remove_tree (dir);
}

/* Adjacent imports of one tag and acceptance are one (a synthetic import
 * arrives in 64 KiB chunks and sits right below the BIOS with its tag);
 * a different acceptance stays apart. The loader reads its firmware
 * relative to the document. */
static void
test_boot_merged (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree guint8 *bios = NULL;
  g_autofree char *path = write_bios (dir, &bios);
  g_autofree char *doc = g_build_filename (dir, "vm.memviz", NULL);
  g_autofree guint8 *fill = g_malloc (256 * 1024);
  g_autofree char *crc = NULL;
  g_auto(Run) r;
  JsonArray *imports;
  JsonObject *im;
  uLong c;

  g_assert_true (g_file_set_contents (doc,
    "[memviz]\nversion=1\n[memory]\nram=2 GiB\n"
    "[boot]\nloader=pcat\nfirmware=bios.bin\n"
    "[import below]\nkind=synthetic\ngpa=0x7ff80000\nsize=256 KiB\nfill=0xab\ntag=pcat-image\n"
    "[import apart]\nkind=synthetic\ngpa=0x7ff70000\nsize=64 KiB\ntag=pcat-image\n"
    "acceptance=Shared\n", -1, NULL));
  run_cli (&r, "boot", doc, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  imports = json_object_get_array_member (obj (&r), "imports");
  g_assert_cmpuint (json_array_get_length (imports), ==, 3);
  im = import_at (imports, 1);
  g_assert_cmpstr (json_object_get_string_member (im, "start"), ==, "0x7ff70000");
  g_assert_cmpstr (json_object_get_string_member (im, "acceptance"), ==, "Shared");
  im = import_at (imports, 2);
  g_assert_cmpstr (json_object_get_string_member (im, "start"), ==, "0x7ff80000");
  g_assert_cmpstr (json_object_get_string_member (im, "end"), ==, "0x80000000");
  g_assert_cmpstr (json_object_get_string_member (im, "pages"), ==, "0x80");
  memset (fill, 0xab, 256 * 1024);
  c = crc32 (0, fill, 256 * 1024);
  c = crc32 (c, bios, 256 * 1024);
  crc = g_strdup_printf ("%08lx", c);
  g_assert_cmpstr (json_object_get_string_member (im, "crc32"), ==, crc);
  test_remove_tree (dir);
}

typedef struct
{
  const char *args[6];
  const char *kind;
  const char *message;
} BootError;

static void
test_boot_errors (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *small = g_build_filename (dir, "small.bin", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.bin", NULL);
  g_autofree char *png = g_build_filename (dir, "boot.png", NULL);
  const BootError cases[] = {
    { { NULL }, "Usage", "give --loader linux, uefi or pcat" },
    { { "--loader", "grub" }, "Usage", "--loader grub: not a loader" },
    { { "--loader", "linux" }, "Usage", "the linux loader needs a kernel" },
    { { "--loader", "uefi" }, "Usage", "needs its 6 MiB firmware image" },
    { { "--loader", "uefi", "--firmware", small, "--uefi-config", "full" }, "Usage",
      "--uefi-config full: expected none, empty or openvmm" },
    { { "--loader", "pcat", "--firmware", small }, "InvalidImageSize", "must be exactly 256 KiB" },
    { { "--loader", "pcat", "--firmware", missing }, "Io", "cannot open the PCAT BIOS" },
    /* --kernel alone picks the linux loader, which then opens it. */
    { { "--kernel", missing }, "Io", "the kernel: cannot open" },
    { { "--loader", "pcat", "--kernel", small }, "Usage", "--kernel is for the linux loader, not pcat" },
    { { "--loader", "linux", "--kernel", small, "--firmware", small }, "Usage",
      "--firmware is for the uefi and pcat loaders" },
    { { "--loader", "pcat", "--no-smbios" }, "Usage", "--no-smbios is for the linux loader, not pcat" },
    { { "--loader", "uefi", "--firmware", small, "--acpi-size", "8K" }, "Usage",
      "--acpi-size is for the linux loader, not uefi" },
    { { "--loader", "pcat", "--uefi-config", "empty" }, "Usage",
      "--uefi-config is for the uefi loader, not pcat" },
  };

  g_assert_true (g_file_set_contents (small, "tiny", -1, NULL));
  /* render parses the same options in the same place: the same usage
   * errors (the loaders' own it draws, as it draws any error). */
  for (guint i = 1; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = { 0 };
      const BootError *t = &cases[i];
      const char *argv[12] = { "render", "--json", "-o", png };
      guint n = 4;

      if (!g_str_equal (t->kind, "Usage"))
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (t->args) && t->args[j] != NULL; j++)
        argv[n++] = t->args[j];
      run_cli (&r, argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], argv[7], argv[8],
               argv[9], NULL);
      g_test_message ("render case %u: %s", i, r.err);
      assert_error (&r, t->kind);
      g_assert_nonnull (strstr (r.err, t->message));
      g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r;
      const BootError *t = &cases[i];
      const char *argv[10] = { "boot", "--json" };
      guint n = 2;

      for (guint j = 0; j < G_N_ELEMENTS (t->args) && t->args[j] != NULL; j++)
        argv[n++] = t->args[j];
      run_cli (&r, argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], argv[7], NULL);
      g_test_message ("case %u: %s", i, r.err);
      assert_error (&r, t->kind);
      g_assert_nonnull (strstr (r.err, t->message));
    }
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/mtrr/default", test_default_mtrr);
  g_test_add_func ("/cli/boot/shape", test_boot_shape);
  g_test_add_func ("/cli/boot/merged", test_boot_merged);
  g_test_add_func ("/cli/boot/beyond-ram", test_boot_beyond_ram);
  g_test_add_func ("/cli/non-utf8-names", test_non_utf8_names);
  g_test_add_func ("/cli/boot/outside", test_boot_outside);
  g_test_add_func ("/cli/boot/errors", test_boot_errors);
  g_test_add_func ("/cli/render/boot", test_render_boot);
  g_test_add_func ("/cli/mtrr/width-clamped", test_width_clamped);
  g_test_add_func ("/cli/mtrr/underflow", test_mtrr_underflow);
  g_test_add_func ("/cli/layout/shape", test_layout_shape);
  g_test_add_func ("/cli/layout/errors", test_layout_errors);
  g_test_add_func ("/cli/layout/shortfall", test_shortfall_warning);
  g_test_add_func ("/cli/gdt", test_gdt);
  g_test_add_func ("/cli/import-and-crc32", test_import_and_crc);
  g_test_add_func ("/cli/help", test_help_and_usage);
  g_test_add_func ("/cli/solve", test_solve);
  g_test_add_func ("/cli/steps", test_steps);
  g_test_add_func ("/cli/steps-both", test_steps_both);
  g_test_add_func ("/cli/versions", test_versions);
  g_test_add_func ("/cli/decode", test_decode);
  g_test_add_func ("/cli/every-diagnostic", test_every_diagnostic);
  g_test_add_func ("/cli/layout/ram-alone", test_ram_alone);
  g_test_add_func ("/cli/layout/sources", test_sources);
  g_test_add_func ("/cli/document-warnings", test_document_warnings);
  g_test_add_func ("/cli/json-file-names", test_json_file_names);
  g_test_add_func ("/cli/check/agrees-with-solve", test_check_agrees_with_solve);
  g_test_add_func ("/cli/igvm", test_igvm);
  g_test_add_func ("/cli/render/igvm", test_render_igvm);
  g_test_add_func ("/cli/decode/firmware-shell", test_decode_firmware_shell);

  return g_test_run ();
}
