/* SPDX-License-Identifier: MIT */
/* memviz-cli effective, explain, proc-mtrr and check, run as a user runs
 * them: exit statuses, JSON shapes and the done-when. */
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mv-test-util.h"

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static guint64
hex (JsonObject *o,
     const char *member)
{
  return test_hex_value (json_object_get_string_member (o, member));
}

static gboolean
array_has_string (JsonArray  *a,
                  const char *s)
{
  for (guint i = 0; i < json_array_get_length (a); i++)
    if (g_str_equal (json_array_get_string_element (a, i), s))
      return TRUE;
  return FALSE;
}

/* The done-when: in OpenVMM's default layout (linux-direct, width 46)
 * [0xF8000000, 4 GiB) is WB because of MtrrPhysBase1/MtrrPhysMask1. */
static void
test_effective_json (void)
{
  g_auto(TestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *state;
  JsonArray *ranges, *regs, *proc;
  gboolean found = FALSE;

  test_run_cli (&run, "effective", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (parser, run.out);

  state = json_object_get_object_member (root, "state");
  g_assert_cmpint (json_object_get_int_member (state, "width"), ==, 46);
  g_assert_cmpstr (json_object_get_string_member (state, "default_type"), ==, "UC");
  g_assert_true (json_object_get_boolean_member (state, "enabled"));
  g_assert_true (json_object_get_boolean_member (state, "fixed_enabled"));
  regs = json_object_get_array_member (state, "registers");
  g_assert_cmpuint (json_array_get_length (regs), ==, 3);
  {
    JsonObject *p1 = json_array_get_object_element (regs, 1);
    JsonObject *programmed = json_object_get_object_member (p1, "programmed");
    JsonObject *matched = json_array_get_object_element (json_object_get_array_member (p1, "matched"), 0);

    g_assert_cmpuint (hex (programmed, "start"), ==, 0x8000000);
    g_assert_cmpuint (hex (programmed, "end"), ==, 0x108000000);
    g_assert_cmpuint (hex (matched, "start"), ==, 0);
    g_assert_cmpuint (hex (matched, "end"), ==, 0x100000000);
  }

  ranges = json_object_get_array_member (root, "ranges");
  for (guint i = 0; i < json_array_get_length (ranges); i++)
    {
      JsonObject *r = json_array_get_object_element (ranges, i);

      if (hex (r, "start") <= 0xF8000000 && hex (r, "end") >= 0x100000000)
        {
          JsonArray *by = json_object_get_array_member (r, "by");

          found = TRUE;
          g_assert_cmpstr (json_object_get_string_member (r, "type"), ==, "WB");
          g_assert_true (array_has_string (by, "MtrrPhysBase1"));
          g_assert_true (array_has_string (by, "MtrrPhysMask1"));
        }
    }
  g_assert_true (found);
  g_assert_false (json_object_get_boolean_member (root, "truncated"));

  proc = json_object_get_array_member (root, "proc_mtrr");
  g_assert_cmpstr (json_array_get_string_element (proc, 1), ==,
                   "reg01: base=0x008000000 (  128MB), size= 4096MB, count=1: write-back");
}

static void
test_effective_text (void)
{
  g_auto(TestRun) run = { 0 };

  test_run_cli (&run, "effective", NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* The map and the /proc/mtrr line beside what the CPU matches. */
  g_assert_nonnull (strstr (run.out, "0x000008000000-0x000100000000"));
  g_assert_nonnull (strstr (run.out, "reg01: base=0x008000000 (  128MB), size= 4096MB, count=1: "
                                     "write-back   | WB 0x000000000000-0x000100000000"));
}

static void
test_explain (void)
{
  g_auto(TestRun) run = { 0 };
  g_auto(TestRun) text = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *step;
  JsonArray *steps;

  test_run_cli (&run, "explain", "0xF8000000", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "WB");
  steps = json_object_get_array_member (root, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 5);
  step = json_array_get_object_element (steps, 2);
  g_assert_cmpstr (json_object_get_string_member (step, "registers"), ==,
                   "MtrrPhysBase1/MtrrPhysMask1");
  g_assert_true (json_object_get_boolean_member (step, "match"));
  g_assert_cmpuint (hex (step, "address_masked"), ==, 0);
  g_assert_cmpuint (hex (step, "compare_mask"), ==, 0x3fff00000000);
  g_assert_cmpstr (json_object_get_string_member (step, "compare_mask_binary"), ==,
                   "11_1111_1111_1111_0000_0000_0000_0000_0000_0000_0000_0000");

  test_run_cli (&text, "explain", "0xF8000000", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "equal: match"));
  g_assert_nonnull (strstr (text.out, "Result: WB"));
}

static void
test_proc_mtrr (void)
{
  g_auto(TestRun) run = { 0 };

  test_run_cli (&run, "proc-mtrr", "--ram", "8G", "--mmio", "0xF8000000-4G", "--mmio", "4G+512M", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "reg00: base=0x000000000 (    0MB), size=  128MB, count=1: write-back\n"
                   "reg01: base=0x008000000 (  128MB), size= 4096MB, count=1: write-back\n"
                   "reg02: base=0x100000000 ( 4096MB), size= 4096MB, count=1: write-back\n"
                   "reg03: base=0x120000000 ( 4608MB), size=8388608MB, count=1: write-back\n"
                   "reg04: base=0x80000000000 (8388608MB), size=67108864MB, count=1: write-back\n");
}

static void
test_check_status (void)
{
  g_auto(TestRun) bad = { 0 };
  g_auto(TestRun) good = { 0 };
  g_auto(TestRun) input = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  /* OpenVMM's default: the low MMIO gap is WB, an error. */
  test_run_cli (&bad, "check", "--json", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  root = parse_object (parser, bad.out);
  g_assert_cmpint (json_object_get_int_member (root, "errors"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "diagnostics")), ==, 5);

  /* 128 MiB: pair 0 alone, no error (640 KiB - 1 MiB UC is a warning). */
  test_run_cli (&good, "check", "--ram", "128M", "--mmio", "0xF8000000-4G", NULL);
  g_assert_cmpint (good.status, ==, 0);
  g_assert_nonnull (strstr (good.out, "0 errors, 1 warning"));

  test_run_cli (&input, "check", "--profile", "bios", "--json", NULL);
  g_assert_cmpint (input.status, ==, 2);
  root = parse_object (parser, input.out);
  g_assert_true (json_object_has_member (root, "error"));
}

/* check lists the diagnostics in the window's order (mv_diagnostics_sort):
 * errors, then warnings, then notes; in each, those about the whole state
 * first, then by address. OpenVMM's default finds its warnings first. */
static void
test_check_order (void)
{
  g_auto(TestRun) text = { 0 };
  g_auto(TestRun) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  JsonArray *diags;
  const char *names[] = { "note", "warning", "error" };
  int prev_rank = 3;
  gboolean prev_ranged = FALSE;
  guint64 prev_start = 0;
  guint n_text = 0;

  /* A clamped width and two pairs add diagnostics about the whole state. */
  test_run_cli (&text, "check", "--width", "30", "--vcnt", "2", NULL);
  g_assert_cmpint (text.status, ==, 1);
  lines = g_strsplit (text.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      int rank = -1;
      const char *rest;

      for (int k = 0; k < 3; k++)
        if (g_str_has_prefix (lines[i], names[k]) && lines[i][strlen (names[k])] == ':')
          rank = k;
      if (rank < 0)
        continue;
      n_text++;
      rest = lines[i] + strlen (names[rank]) + 2;
      g_assert_cmpint (rank, <=, prev_rank);
      if (rank < prev_rank)
        prev_ranged = FALSE;
      if (g_str_has_prefix (rest, "0x"))
        {
          guint64 start = g_ascii_strtoull (rest, NULL, 16);

          if (prev_ranged)
            g_assert_cmpuint (start, >=, prev_start);
          prev_ranged = TRUE;
          prev_start = start;
        }
      else
        {
          /* About the whole state: before those with addresses. */
          g_assert_false (prev_ranged);
        }
      prev_rank = rank;
    }
  g_assert_cmpint (prev_rank, ==, 1);
  g_assert_nonnull (strstr (text.out, "\nerror: 0x"));
  g_assert_true (g_str_has_prefix (text.out, "error: "));

  /* The JSON lists them in the same order. */
  test_run_cli (&json, "check", "--width", "30", "--vcnt", "2", "--json", NULL);
  diags = json_object_get_array_member (parse_object (parser, json.out), "diagnostics");
  g_assert_cmpuint (json_array_get_length (diags), ==, n_text);
  for (guint i = 0, k = 0; lines[i] != NULL; i++)
    {
      JsonObject *d;
      g_autofree char *head = NULL;

      if (!g_str_has_prefix (lines[i], "error:") && !g_str_has_prefix (lines[i], "warning:") &&
          !g_str_has_prefix (lines[i], "note:"))
        continue;
      d = json_array_get_object_element (diags, k++);
      head = g_strdup_printf ("%s:", json_object_get_string_member (d, "severity"));
      g_assert_true (g_str_has_prefix (lines[i], head));
      g_assert_cmpstr (lines[i + 1] + 2, ==, json_object_get_string_member (d, "message"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/effective/json", test_effective_json);
  g_test_add_func ("/cli/effective/text", test_effective_text);
  g_test_add_func ("/cli/explain", test_explain);
  g_test_add_func ("/cli/proc-mtrr", test_proc_mtrr);
  g_test_add_func ("/cli/check", test_check_status);
  g_test_add_func ("/cli/check/order", test_check_order);

  return g_test_run ();
}
