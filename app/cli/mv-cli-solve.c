/* SPDX-License-Identifier: MIT */
/* memviz-cli solve: the fewest variable MTRRs, beside OpenVMM's. */
#include "config.h"

#include "mv-cli.h"
#include "mv-effective.h"
#include "mv-mtrr-solve.h"
#include "mv-mtrr.h"
#include "mv-parse.h"

static const char solve_help[] =
  "Searches for the fewest variable MTRRs that make every RAM byte write-back\n"
  "and every other byte below the top of the layout uncachable (or the default\n"
  "type), the way firmware does (aligned power-of-two blocks, UC holes cut out\n"
  "of WB blocks). Proves the result with the effective memory-type map and\n"
  "sets it beside the pairs OpenVMM computes for the same layout.\n"
  "The layout comes from FILE.memviz, --preset NAME or, without either,\n"
  "OpenVMM's default x86_64 layout; the options override what it says\n"
  "(--ram alone keeps OpenVMM's MMIO gaps, --mmio replaces them).\n"
  "\n"
  "Examples:\n"
  "  memviz-cli solve\n"
  "  memviz-cli solve --ram 6G --mmio 3G-4G --default-type WB\n"
  "  memviz-cli solve --ram 8G --mmio 0xF8000000-4G --mmio 4G+512M --json\n";

typedef struct
{
  const char  *name;
  MvMtrrState *state;
  guint        n_pairs;
  MvMtrrCheck  check;
} Side;

static void
json_side (JsonBuilder *b,
           const Side  *side,
           guint        vcnt)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pair_count");
  json_builder_add_int_value (b, side->n_pairs);
  json_builder_set_member_name (b, "fits_vcnt");
  json_builder_add_boolean_value (b, side->n_pairs <= vcnt);
  json_builder_set_member_name (b, "exact");
  json_builder_add_boolean_value (b, side->check.ram_not_wb == 0 && side->check.other_wb == 0);
  mv_json_hex (b, "ram_not_wb_bytes", side->check.ram_not_wb);
  mv_json_hex (b, "other_wb_bytes", side->check.other_wb);
  json_builder_set_member_name (b, "pairs");
  json_builder_begin_array (b);
  for (guint n = 0; n < mv_mtrr_state_get_n_pairs (side->state); n++)
    {
      MvMtrrPairInfo info;

      mv_mtrr_pair_decode (side->state, n, &info);
      if (!info.valid)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "index");
      json_builder_add_int_value (b, n);
      mv_json_hex (b, "base", info.base);
      mv_json_hex (b, "mask", info.mask);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, mv_mem_type_name (info.type));
      mv_json_range (b, "matched", &info.matched_span);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_side (const Side *side,
            guint       vcnt)
{
  g_autofree char *ram_wrong = mv_format_size (side->check.ram_not_wb);
  g_autofree char *other_wrong = mv_format_size (side->check.other_wb);
  gboolean exact = side->check.ram_not_wb == 0 && side->check.other_wb == 0;

  g_print ("%s: %u pair%s, %s%s\n", side->name, side->n_pairs, side->n_pairs == 1 ? "" : "s",
           exact ? "exact" : "NOT exact",
           side->n_pairs <= vcnt ? "" : ", more pairs than VCNT");
  if (!exact)
    g_print ("  wrong: %s of RAM not write-back, %s of MMIO or other non-RAM write-back\n",
             ram_wrong, other_wrong);
  for (guint n = 0; n < mv_mtrr_state_get_n_pairs (side->state); n++)
    {
      MvMtrrPairInfo info;
      g_autofree char *size = NULL;

      mv_mtrr_pair_decode (side->state, n, &info);
      if (!info.valid)
        continue;
      size = mv_format_size (info.block_size);
      g_print ("  MtrrPhysBase%-2u 0x%016" G_GINT64_MODIFIER "x  MtrrPhysMask%-2u 0x%016"
               G_GINT64_MODIFIER "x  %-2s  matches 0x%" G_GINT64_MODIFIER "x-0x%"
               G_GINT64_MODIFIER "x (%s)\n",
               n, info.base, n, info.mask, mv_mem_type_name (info.type),
               info.matched_span.start, info.matched_span.end, size);
    }
}

int
mv_cli_solve_main (int    argc,
                   char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_autofree char *default_text = NULL;
  g_autofree char *vcnt_text = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree GOptionEntry *entries = mv_cli_layout_entries (&o, MV_CLI_OPTIONS_MTRR);
  const GOptionEntry solve_entries[] = {
    { "default-type", 0, 0, G_OPTION_ARG_STRING, &default_text,
      "The default memory type: UC (default) or WB", "UC|WB" },
    { "vcnt", 0, 0, G_OPTION_ARG_STRING, &vcnt_text,
      "Variable pairs the CPU has (default 8)", "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  g_autoptr(MvMtrrSolution) sol = NULL;
  g_autoptr(MvMtrrState) ovmm = NULL;
  guint default_type = MV_MEM_TYPE_UC;
  guint64 vcnt = MV_MTRR_DEFAULT_VCNT;
  Side sides[2];

  const char *document = NULL;

  context = mv_cli_context_new ("[FILE.memviz] - the fewest variable MTRRs for a layout", NULL, solve_help);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, solve_entries, NULL);
  if (!mv_cli_parse_layout_command (context, "solve", &argc, &argv, &document, &error))
    return mv_cli_fail (o.json, error);
  if (default_text != NULL)
    {
      if (g_ascii_strcasecmp (default_text, "UC") == 0)
        default_type = MV_MEM_TYPE_UC;
      else if (g_ascii_strcasecmp (default_text, "WB") == 0)
        default_type = MV_MEM_TYPE_WB;
      else
        {
          g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                       "--default-type %s: the default type must be UC or WB", default_text);
          return mv_cli_fail (o.json, error);
        }
    }
  if (vcnt_text != NULL && !mv_parse_uint (vcnt_text, 255, &vcnt, &error))
    {
      g_prefix_error (&error, "--vcnt %s: ", vcnt_text);
      return mv_cli_fail (o.json, error);
    }

  if (!mv_cli_layout_resolve (&o, document, MV_SCENARIO_SKIP_FILES, MV_CLI_NEED_MTRRS, &cl, &error))
    return mv_cli_fail (o.json, error);

  if (!(sol = mv_mtrr_solve (cl.layout, cl.width, default_type, &error)))
    return mv_cli_fail (o.json, error);

  /* OpenVMM's pairs alone (FE clear, default UC), judged by the same rule. */
  ovmm = mv_mtrr_state_new_for_version (cl.doc->openvmm_version, cl.layout, cl.width,
                                        cl.low_mmio, cl.high_mmio, MV_MTRR_PROFILE_NONE,
                                        MV_MTRR_MAX_PAIRS, &error);
  if (ovmm == NULL)
    return mv_cli_fail (o.json, error);
  ovmm->def_type = MV_MTRR_DEF_TYPE_E | MV_MEM_TYPE_UC;

  sides[0] = (Side) { "memviz's fewest pairs", sol->state, sol->n_pairs, sol->check };
  sides[1] = (Side) { "OpenVMM's pairs", ovmm, mv_mtrr_state_count_valid_pairs (ovmm), { 0 } };
  mv_mtrr_check_state (ovmm, cl.layout, &sides[1].check);

  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "layout");
      mv_json_layout (b, &cl);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, sol->state->width);
      json_builder_set_member_name (b, "default_type");
      json_builder_add_string_value (b, mv_mem_type_name (default_type));
      mv_json_hex (b, "top", sol->check.top);
      json_builder_set_member_name (b, "vcnt");
      json_builder_add_int_value (b, (gint64) vcnt);
      json_builder_set_member_name (b, "solution");
      json_side (b, &sides[0], (guint) vcnt);
      json_builder_set_member_name (b, "openvmm");
      json_side (b, &sides[1], (guint) vcnt);
      json_builder_end_object (b);
      mv_json_print (b);
      return MV_CLI_EXIT_OK;
    }

  mv_print_layout (cl.layout, NULL, cl.source);
  g_print ("\nWanted: every RAM byte WB; every other byte below the top of the layout "
           "(0x%" G_GINT64_MODIFIER "x) %s; width %u, VCNT %u.\n\n",
           sol->check.top, default_type == MV_MEM_TYPE_UC ? "UC (the default type)" : "UC (the default is WB)",
           sol->state->width, (guint) vcnt);
  print_side (&sides[0], (guint) vcnt);
  g_print ("  proof: the effective map of these pairs over [0, 0x%" G_GINT64_MODIFIER "x) "
           "gives %s RAM bytes not WB and %s other bytes WB\n\n",
           sol->check.top, sol->check.ram_not_wb == 0 ? "no" : "some",
           sol->check.other_wb == 0 ? "no" : "some");
  print_side (&sides[1], (guint) vcnt);
  if (default_type == MV_MEM_TYPE_WB)
    g_print ("  (OpenVMM's pairs are judged with its own default type, UC)\n");
  g_print ("  (variable pairs only: the fixed ranges below 1 MiB are left out of both)\n");
  return MV_CLI_EXIT_OK;
}
