/* SPDX-License-Identifier: MIT */
/* memviz-cli versions: each upstream version of OpenVMM's
 * compute_variable_mtrrs on one layout, and where their effective types
 * differ. */
#include "config.h"

#include "mv-cli.h"
#include "mv-effective.h"
#include "mv-mtrr-solve.h"
#include "mv-parse.h"
#include "mv-steps.h"
#include "mv-version-compare.h"

static const char versions_help[] =
  "Computes the guest's variable MTRRs with each upstream version of OpenVMM's\n"
  "compute_variable_mtrrs, oldest first:\n"
  "  pre-3550  before PR #3550: the layout's own MMIO gaps, exactly two of them\n"
  "            (else the error UnsupportedMmio);\n"
  "  3550      PR #3550: the chipset gaps; with no high gap, up to 8 TiB plus a\n"
  "            pair from 8 TiB up to 2^width;\n"
  "  current   PR #3599 and later: with no high gap, only up to the end of RAM.\n"
  "Prints each version's pairs (or its error) and, for every two versions that\n"
  "computed pairs, the address ranges whose effective type differs. On a layout\n"
  "with a low MMIO gap alone the three differ: an error, 4 pairs, 3 pairs.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli versions\n"
  "  memviz-cli versions --preset openvmm-no-high-mmio\n"
  "  memviz-cli versions --ram 8G --mmio 0xF8000000-4G --json\n";

static void
json_version (JsonBuilder           *b,
              const MvVersionResult *v)
{
  json_builder_begin_object (b);
  mv_json_string (b, "name", mv_openvmm_version_to_string (v->version));
  mv_json_string (b, "title", mv_openvmm_version_title (v->version));
  mv_json_string (b, "commit", mv_openvmm_version_commit (v->version));
  json_builder_set_member_name (b, "error");
  if (v->error != NULL)
    {
      json_builder_begin_object (b);
      mv_json_string (b, "kind", mv_cli_error_kind (v->error));
      mv_json_string (b, "message", v->error->message);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "pairs");
  json_builder_begin_array (b);
  for (guint n = 0; v->state != NULL && n < mv_mtrr_state_get_n_pairs (v->state); n++)
    {
      MvMtrrPairInfo info;

      mv_mtrr_pair_decode (v->state, n, &info);
      if (!info.valid)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "n");
      json_builder_add_int_value (b, n);
      mv_json_hex (b, "base", info.base);
      mv_json_hex (b, "mask", info.mask);
      mv_json_string (b, "type", mv_mem_type_name (info.type));
      mv_json_range (b, "matched", &info.matched_span);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  mv_json_effective_types (b, "effective", v->effective);
  json_builder_end_object (b);
}

static void
print_version (const MvVersionResult *v)
{
  g_print ("%s: OpenVMM %s, upstream %s\n", mv_openvmm_version_to_string (v->version),
           mv_openvmm_version_title (v->version), mv_openvmm_version_commit (v->version));
  if (v->error != NULL)
    {
      g_print ("  error %s: %s\n", mv_cli_error_kind (v->error), v->error->message);
      return;
    }
  g_print ("  %u pair%s\n", mv_mtrr_state_count_valid_pairs (v->state),
           mv_mtrr_state_count_valid_pairs (v->state) == 1 ? "" : "s");
  for (guint n = 0; n < mv_mtrr_state_get_n_pairs (v->state); n++)
    {
      MvMtrrPairInfo info;

      mv_mtrr_pair_decode (v->state, n, &info);
      if (!info.valid)
        continue;
      g_print ("  MtrrPhysBase%u 0x%016" G_GINT64_MODIFIER "x  MtrrPhysMask%u 0x%016"
               G_GINT64_MODIFIER "x  %s  matches 0x%" G_GINT64_MODIFIER "x-0x%"
               G_GINT64_MODIFIER "x\n", n, info.base, n, info.mask, mv_mem_type_name (info.type),
               info.matched_span.start, info.matched_span.end);
    }
}

int
mv_cli_versions_main (int    argc,
                      char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree GOptionEntry *entries = mv_cli_layout_entries (&o, MV_CLI_OPTIONS_MTRR |
                                                                MV_CLI_OPTIONS_STATE);
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  g_autoptr(MvVersionComparison) cmp = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  MvMtrrProfile profile = MV_MTRR_PROFILE_LINUX_DIRECT;
  const char *document = NULL;
  gboolean any_difference = FALSE;

  context = mv_cli_context_new ("[FILE.memviz] - OpenVMM's upstream versions side by side",
                                NULL, versions_help);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!mv_cli_parse_layout_command (context, "versions", &argc, &argv, &document, &error))
    return mv_cli_fail (o.json, error);
  if (!mv_cli_layout_resolve (&o, document, MV_SCENARIO_SKIP_FILES, MV_CLI_NEED_LAYOUT, &cl, &error))
    return mv_cli_fail (o.json, error);

  mv_mtrr_profile_from_string (cl.scenario->profile, &profile, NULL);
  cmp = mv_version_comparison_new (cl.layout, cl.width, cl.low_mmio, cl.high_mmio, profile,
                                   cl.scenario->vcnt);

  if (o.json)
    {
      b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "layout");
      mv_json_layout (b, &cl);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, cl.scenario->width);
      json_builder_set_member_name (b, "versions");
      json_builder_begin_array (b);
      for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
        json_version (b, &cmp->results[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "differences");
      json_builder_begin_array (b);
    }
  else
    {
      mv_print_layout (cl.layout, NULL, cl.source);
      g_print ("\n");
      for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
        print_version (&cmp->results[i]);
      g_print ("\nWhere the effective types differ:\n");
    }

  for (guint i = 0; i < cmp->pairs->len; i++)
    {
      const MvVersionPairDiff *pd = &g_array_index (cmp->pairs, MvVersionPairDiff, i);
      const char *an = mv_openvmm_version_to_string (cmp->results[pd->a].version);
      const char *cn = mv_openvmm_version_to_string (cmp->results[pd->b].version);
      const GArray *diff = pd->ranges;

      any_difference |= diff->len > 0;
      if (b != NULL)
        {
          json_builder_begin_object (b);
          mv_json_string (b, "a", an);
          mv_json_string (b, "b", cn);
          mv_json_type_changes (b, "ranges", diff, "a_type", "b_type");
          json_builder_end_object (b);
        }
      else if (diff->len == 0)
        g_print ("  %s and %s: nowhere\n", an, cn);
      for (guint k = 0; b == NULL && k < diff->len; k++)
        {
          const MvStepChange *d = &g_array_index (diff, MvStepChange, k);
          g_autofree char *size = mv_format_size (d->range.end - d->range.start);

          g_print ("  %s and %s: 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                   "x (%s) %s in %s, %s in %s\n", an, cn, d->range.start, d->range.end,
                   size, mv_mem_type_name (d->from), an, mv_mem_type_name (d->to), cn);
        }
    }

  if (b != NULL)
    {
      json_builder_end_array (b);
      json_builder_end_object (b);
      mv_json_print (b);
    }
  else if (!any_difference)
    g_print ("  (the versions that computed pairs agree everywhere)\n");

  return MV_CLI_EXIT_OK;
}
