/* SPDX-License-Identifier: MIT */
/* memviz-cli effective, explain, proc-mtrr, check and decode: what a
 * guest's MTRRs, or those read from a real machine's text, actually do. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mv-cli.h"
#include "mv-effective.h"
#include "mv-file-import.h"
#include "mv-mtrr-state.h"
#include "mv-mtrr-text.h"
#include "mv-parse.h"

#define DEFAULT_MAX_RANGES 4096
/* Non-contiguous masks make up to 2^40 ranges: --max-ranges 0 means this
 * many (each range costs about 2 KiB of JSON). */
#define MOST_RANGES        65536
#define MAX_DUMP_TEXT      ((gsize) 64 * 1024 * 1024)

static const char state_help[] =
  "The guest's MTRR state is its boot profile (--profile: the MtrrDefType and\n"
  "fixed ranges OpenVMM's loader imports) plus the variable pairs\n"
  "compute_variable_mtrrs gives for the layout and width. The layout comes\n"
  "from FILE.memviz, --preset NAME or, without either, OpenVMM's default\n"
  "x86_64 layout; the options override what it says (--ram alone keeps\n"
  "OpenVMM's MMIO gaps, --mmio replaces them).\n";

/* The options an analysis command takes beside the layout's. */
typedef struct
{
  char *pat;
  char *window;
  char *max_ranges;
} AnalysisOptions;

static void
analysis_options_clear (AnalysisOptions *a)
{
  g_clear_pointer (&a->pat, g_free);
  g_clear_pointer (&a->window, g_free);
  g_clear_pointer (&a->max_ranges, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AnalysisOptions, analysis_options_clear)

typedef struct
{
  MvMtrrProfile      profile;
  const MvMtrrState *state;   /* the scenario's */
  gint               pat;     /* MV_PAT_NONE or a PAT entry type */
  guint64            start;
  guint64            end;
  guint              max_ranges;
} Analysis;

static void
add_analysis_entries (GOptionContext  *context,
                      AnalysisOptions *a,
                      gboolean         with_pat,
                      gboolean         with_window)
{
  const GOptionEntry pat_entries[] = {
    { "pat", 0, 0, G_OPTION_ARG_STRING, &a->pat,
      "Combine with a PAT entry of this type: UC, WC, WT, WP, WB or UC-", "TYPE" },
    { NULL }
  };
  const GOptionEntry window_entries[] = {
    { "window", 0, 0, G_OPTION_ARG_STRING, &a->window,
      "Only these addresses (default: the whole physical address space)", "RANGE" },
    { "max-ranges", 0, 0, G_OPTION_ARG_STRING, &a->max_ranges,
      "Stop after this many ranges (default 4096; at most 65536, also meant by 0)", "N" },
    { NULL }
  };

  if (with_pat)
    g_option_context_add_main_entries (context, pat_entries, NULL);
  if (with_window)
    g_option_context_add_main_entries (context, window_entries, NULL);
}

/* --max-ranges: 1 .. MOST_RANGES, or 0 for MOST_RANGES. */
static gboolean
parse_max_ranges (const char *text,
                  guint      *out,
                  GError    **error)
{
  guint64 n;

  if (!mv_parse_uint (text, MOST_RANGES, &n, error))
    {
      g_prefix_error (error, "--max-ranges %s: ", text);
      return FALSE;
    }
  *out = n == 0 ? MOST_RANGES : (guint) n;
  return TRUE;
}

static gboolean
parse_pat_type (const char *text,
                gint       *out,
                GError    **error)
{
  guint type;

  if (g_ascii_strcasecmp (text, "UC-") == 0)
    {
      *out = MV_MEM_TYPE_UC_MINUS;
      return TRUE;
    }
  if (mv_mem_type_from_string (text, &type))
    {
      *out = (gint) type;
      return TRUE;
    }
  g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
               "--pat %s: a PAT entry type is UC, WC, WT, WP, WB or UC-", text);
  return FALSE;
}

/* Runs the document the options describe; the guest's MTRR state is the
 * scenario's, as in the window. */
static gboolean
analysis_resolve (const MvCliLayoutOptions *o,
                  const AnalysisOptions    *a,
                  const char               *document,
                  MvCliLayout              *cl,
                  Analysis                 *an,
                  GError                  **error)
{
  memset (an, 0, sizeof *an);
  an->pat = MV_PAT_NONE;
  an->end = G_MAXUINT64;
  an->max_ranges = DEFAULT_MAX_RANGES;

  if (a->pat != NULL && !parse_pat_type (a->pat, &an->pat, error))
    return FALSE;
  if (a->window != NULL)
    {
      if (!mv_parse_range (a->window, &an->start, &an->end, error))
        {
          g_prefix_error (error, "--window %s: ", a->window);
          return FALSE;
        }
      if (an->start >= an->end)
        {
          g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                       "--window %s: the window is empty", a->window);
          return FALSE;
        }
    }
  if (a->max_ranges != NULL && !parse_max_ranges (a->max_ranges, &an->max_ranges, error))
    return FALSE;

  if (!mv_cli_layout_resolve (o, document, MV_SCENARIO_SKIP_FILES, MV_CLI_NEED_MTRRS, cl, error))
    return FALSE;
  an->profile = MV_MTRR_PROFILE_LINUX_DIRECT;
  mv_mtrr_profile_from_string (cl->scenario->profile, &an->profile, NULL);
  an->state = cl->scenario->mtrr_state;
  return TRUE;
}

/* The diagnostics of the analysed state: the scenario's, which ran them
 * on this state and layout already (diagnosing 10^5 gaps again doubled
 * what `effective` cost). */
static GPtrArray *
scenario_diagnostics (const MvCliLayout *cl,
                      const Analysis    *an)
{
  if (cl->scenario->diagnostics != NULL && an->state == cl->scenario->mtrr_state &&
      cl->layout == cl->scenario->layout)
    return g_ptr_array_ref (cl->scenario->diagnostics);
  return mv_diagnose (an->state, cl->layout);
}

/* An analysis command's options: the layout's, the MTRR state's and @a's;
 * its help is the state's, then @help_tail. */
static GOptionContext *
analysis_context_new (const char         *parameter,
                      const char         *help_tail,
                      MvCliLayoutOptions *o,
                      AnalysisOptions    *a,
                      gboolean            with_pat,
                      gboolean            with_window)
{
  g_autofree GOptionEntry *entries = mv_cli_layout_entries (o, MV_CLI_OPTIONS_MTRR | MV_CLI_OPTIONS_STATE);
  g_autofree char *help = g_strconcat (state_help, help_tail, NULL);
  GOptionContext *context = mv_cli_context_new (parameter, NULL, help);

  g_option_context_add_main_entries (context, entries, NULL);
  add_analysis_entries (context, a, with_pat, with_window);
  return context;
}

/* Parses the options and the optional FILE.memviz of @command, then runs
 * the document. */
static gboolean
analysis_start (GOptionContext            *context,
                const char                *command,
                int                       *argc,
                char                    ***argv,
                const MvCliLayoutOptions  *o,
                const AnalysisOptions     *a,
                MvCliLayout               *cl,
                Analysis                  *an,
                GError                   **error)
{
  const char *document = NULL;

  return mv_cli_parse_layout_command (context, command, argc, argv, &document, error) &&
         analysis_resolve (o, a, document, cl, an, error);
}

/* ---- shared output ---- */

static void
json_strv (JsonBuilder *b,
           const char  *member,
           char       **strv)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

static void
json_counts (JsonBuilder *b,
             const guint  counts[3])
{
  mv_json_int (b, "errors", counts[MV_SEVERITY_ERROR]);
  mv_json_int (b, "warnings", counts[MV_SEVERITY_WARNING]);
  mv_json_int (b, "notes", counts[MV_SEVERITY_NOTE]);
}

static void
json_pair (JsonBuilder          *b,
           const MvMtrrPairInfo *info)
{
  g_autofree char *base_name = mv_mtrr_base_name (info->n);
  g_autofree char *mask_name = mv_mtrr_mask_name (info->n);

  json_builder_begin_object (b);
  mv_json_int (b, "index", info->n);
  mv_json_string (b, "base_register", base_name);
  mv_json_string (b, "mask_register", mask_name);
  mv_json_hex (b, "base", info->base);
  mv_json_hex (b, "mask", info->mask);
  mv_json_bool (b, "valid", info->valid);
  mv_json_bool (b, "implemented", info->implemented);
  mv_json_string (b, "type", mv_mem_type_name (info->type));
  mv_json_hex (b, "phys_base", info->phys_base);
  mv_json_hex (b, "phys_mask", info->phys_mask);
  mv_json_bool (b, "contiguous", info->contiguous);
  mv_json_hex (b, "block_size", info->block_size);
  mv_json_range (b, "programmed", info->has_programmed ? &info->programmed : NULL);
  mv_json_bool (b, "aligned", info->ignored_base_bits == 0);
  mv_json_hex (b, "ignored_base_bits", info->ignored_base_bits);
  mv_json_int (b, "matched_count", (gint64) info->n_matched);
  json_builder_set_member_name (b, "matched");
  json_builder_begin_array (b);
  for (guint i = 0; i < info->n_shown; i++)
    mv_json_range (b, NULL, &info->matched[i]);
  json_builder_end_array (b);
  mv_json_range (b, "matched_span", &info->matched_span);
  mv_json_hex (b, "reserved_bits", info->base_reserved | info->mask_reserved);
  mv_json_hex (b, "bits_above_width", info->base_above_width | info->mask_above_width);
  json_builder_end_object (b);
}

static void
json_state (JsonBuilder       *b,
            const MvMtrrState *s,
            const char        *profile)
{
  json_builder_set_member_name (b, "state");
  json_builder_begin_object (b);
  mv_json_string (b, "profile", profile);
  mv_json_int (b, "width", s->width);
  mv_json_int (b, "width_asked", s->width_asked);
  mv_json_int (b, "vcnt", mv_mtrr_state_get_vcnt (s));
  mv_json_hex (b, "mtrrcap", s->cap);
  mv_json_hex (b, "def_type", s->def_type);
  mv_json_string (b, "default_type", mv_mem_type_name (s->def_type & MV_MTRR_DEF_TYPE_TYPE_MASK));
  mv_json_bool (b, "enabled", (s->def_type & MV_MTRR_DEF_TYPE_E) != 0);
  mv_json_bool (b, "fixed_enabled", (s->def_type & MV_MTRR_DEF_TYPE_FE) != 0);
  mv_json_bool (b, "variable_skipped_for_vtl2", s->variable_skipped_for_vtl2);

  json_builder_set_member_name (b, "fixed");
  json_builder_begin_array (b);
  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    {
      guint64 start = mv_mtrr_fixed_start (i);
      guint64 unit = mv_mtrr_fixed_unit (i);

      json_builder_begin_object (b);
      mv_json_string (b, "name", mv_mtrr_fixed_name (i));
      mv_json_hex (b, "msr", mv_mtrr_fixed_msr (i));
      mv_json_hex (b, "value", s->fixed[i]);
      json_builder_set_member_name (b, "ranges");
      json_builder_begin_array (b);
      for (guint k = 0; k < 8; k++)
        {
          json_builder_begin_object (b);
          mv_json_hex (b, "start", start + k * unit);
          mv_json_hex (b, "end", start + (k + 1) * unit);
          mv_json_string (b, "type", mv_mem_type_name ((s->fixed[i] >> (8 * k)) & 0xff));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "registers");
  json_builder_begin_array (b);
  for (guint n = 0; n < mv_mtrr_state_get_n_pairs (s); n++)
    {
      MvMtrrPairInfo info;

      mv_mtrr_pair_decode (s, n, &info);
      json_pair (b, &info);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
json_range_entry (JsonBuilder            *b,
                  const MvEffectiveRange *r,
                  gboolean                has_pat)
{
  g_auto(GStrv) by = mv_effective_range_get_by (r);

  json_builder_begin_object (b);
  mv_json_hex (b, "start", r->range.start);
  mv_json_hex (b, "end", r->range.end);
  mv_json_string (b, "type", mv_mem_type_name (r->type));
  if (has_pat)
    mv_json_string (b, "combined", mv_mem_type_name (r->combined));
  mv_json_string (b, "rule", mv_effective_rule_name (r->rule));
  json_strv (b, "by", by);
  json_builder_end_object (b);
}

/* ---- effective ---- */

static const char effective_help_tail[] =
  "\n"
  "Prints the effective memory type of every address (Intel SDM vol. 3A\n"
  "11.11: MtrrDefType, fixed ranges below 1 MiB, variable pairs by\n"
  "(addr & mask) == (base & mask) and their precedence), with the registers\n"
  "that decide each range, beside the lines Linux prints in /proc/mtrr for\n"
  "the same registers: /proc/mtrr shows the programmed base, the CPU matches\n"
  "from base & mask.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli effective\n"
  "  memviz-cli effective --ram 2G --mmio 0xF8000000-4G --profile pcat\n"
  "  memviz-cli effective --pat WC --window 3G-5G --json\n";

static void
json_effective_members (JsonBuilder          *b,
                        const MvEffectiveMap *map,
                        char                **proc,
                        const guint           counts[3])
{
  json_builder_set_member_name (b, "pat");
  if (map->has_pat)
    json_builder_add_string_value (b, mv_pat_type_name (map->pat_type));
  else
    json_builder_add_null_value (b);
  mv_json_hex (b, "start", map->start);
  mv_json_hex (b, "end", map->end);
  mv_json_bool (b, "truncated", map->truncated);
  json_builder_set_member_name (b, "ranges");
  json_builder_begin_array (b);
  for (guint i = 0; i < map->ranges->len; i++)
    json_range_entry (b, &g_array_index (map->ranges, MvEffectiveRange, i), map->has_pat);
  json_builder_end_array (b);
  json_strv (b, "proc_mtrr", proc);
  json_counts (b, counts);
}

int
mv_cli_effective_main (int    argc,
                       char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_auto(AnalysisOptions) a = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  Analysis an = { 0 };
  g_autoptr(MvEffectiveMap) map = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  g_auto(GStrv) proc = NULL;
  guint counts[3];

  context = analysis_context_new ("[FILE.memviz] - the effective memory type of every address",
                                  effective_help_tail, &o, &a, TRUE, TRUE);
  if (!analysis_start (context, "effective", &argc, &argv, &o, &a, &cl, &an, &error))
    return mv_cli_fail (o.json, error);

  map = mv_effective_map_new (an.state, an.start, an.end, an.max_ranges, an.pat);
  proc = mv_mtrr_format_proc_mtrr (an.state);
  diags = scenario_diagnostics (&cl, &an);
  mv_cli_count_severities (diags, counts);

  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mv_json_layout_members (b, &cl);
      json_state (b, an.state, mv_mtrr_profile_to_string (an.profile));
      json_effective_members (b, map, proc, counts);
      json_builder_end_object (b);
      mv_json_print (b);
      return MV_CLI_EXIT_OK;
    }

  mv_print_layout (cl.layout, NULL, cl.source);
  {
    g_autofree char *origin = g_strdup_printf ("profile %s", mv_mtrr_profile_to_string (an.profile));
    mv_print_effective (an.state, origin, map, proc, counts);
  }
  return MV_CLI_EXIT_OK;
}

/* ---- explain ---- */

static const char explain_help_tail[] =
  "\n"
  "Explains how the CPU decides the memory type of one address: MtrrDefType,\n"
  "then the fixed register (below 1 MiB with FE set) or each variable pair's\n"
  "masked compare in hex and binary, then the precedence rule.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli explain 0xF8000000\n"
  "  memviz-cli explain 0x9F000 --profile pcat\n"
  "  memviz-cli explain 5G --ram 4G --mmio 3G-4G --pat WC --json\n";

int
mv_cli_explain_main (int    argc,
                     char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_auto(AnalysisOptions) a = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  Analysis an = { 0 };
  g_autoptr(MvExplanation) ex = NULL;
  const char *document = NULL;
  g_auto(GStrv) by = NULL;
  guint64 address;

  context = analysis_context_new ("ADDR [FILE.memviz] - how the CPU decides the memory type of an address",
                                  explain_help_tail, &o, &a, TRUE, FALSE);
  if (!mv_cli_parse_options (context, &argc, &argv, &error))
    return mv_cli_fail (o.json, error);
  if (argc < 2)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "explain: give one address (memviz-cli explain ADDR [FILE.memviz])");
      return mv_cli_fail (o.json, error);
    }
  if (!mv_cli_document_argument ("explain", argc, argv, 2, &document, &error))
    return mv_cli_fail (o.json, error);
  if (!mv_parse_size (argv[1], &address, &error))
    {
      g_prefix_error (&error, "explain %s: ", argv[1]);
      return mv_cli_fail (o.json, error);
    }
  if (!analysis_resolve (&o, &a, document, &cl, &an, &error))
    return mv_cli_fail (o.json, error);
  if (!(ex = mv_explain_address (an.state, address, an.pat, &error)))
    return mv_cli_fail (o.json, error);
  by = mv_effective_range_get_by (&ex->result);

  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mv_json_hex (b, "address", ex->address);
      mv_json_int (b, "width", ex->width);
      mv_json_string (b, "profile", mv_mtrr_profile_to_string (an.profile));
      mv_json_string (b, "type", mv_mem_type_name (ex->result.type));
      json_builder_set_member_name (b, "pat");
      if (an.pat != MV_PAT_NONE)
        json_builder_add_string_value (b, mv_pat_type_name ((guint) an.pat));
      else
        json_builder_add_null_value (b);
      mv_json_string (b, "combined", mv_mem_type_name (ex->result.combined));
      mv_json_string (b, "rule", mv_effective_rule_name (ex->result.rule));
      json_strv (b, "by", by);
      json_builder_set_member_name (b, "steps");
      json_builder_begin_array (b);
      for (guint i = 0; i < ex->steps->len; i++)
        {
          const MvExplainStep *s = g_ptr_array_index (ex->steps, i);

          json_builder_begin_object (b);
          mv_json_string (b, "kind", mv_explain_step_kind_name (s->kind));
          mv_json_string (b, "registers", s->registers);
          if (s->kind == MV_EXPLAIN_STEP_FIXED || s->kind == MV_EXPLAIN_STEP_VARIABLE)
            mv_json_int (b, "index", s->index);
          if (s->kind != MV_EXPLAIN_STEP_PRECEDENCE && s->kind != MV_EXPLAIN_STEP_PAT)
            mv_json_hex (b, "value", s->value);
          if (s->kind == MV_EXPLAIN_STEP_VARIABLE)
            mv_json_hex (b, "mask", s->mask);
          mv_json_bool (b, "compared", s->compared);
          if (s->compared)
            {
              g_autofree char *ab = mv_format_binary (s->addr_masked, ex->width);
              g_autofree char *bb = mv_format_binary (s->base_masked, ex->width);
              g_autofree char *mb = mv_format_binary (s->compare_mask, ex->width);

              mv_json_hex (b, "compare_mask", s->compare_mask);
              mv_json_hex (b, "address_masked", s->addr_masked);
              mv_json_hex (b, "base_masked", s->base_masked);
              mv_json_string (b, "compare_mask_binary", mb);
              mv_json_string (b, "address_masked_binary", ab);
              mv_json_string (b, "base_masked_binary", bb);
            }
          mv_json_bool (b, "match", s->match);
          mv_json_string (b, "type", mv_mem_type_name (s->type));
          mv_json_string (b, "text", s->text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      mv_json_print (b);
      return MV_CLI_EXIT_OK;
    }

  g_print ("Address 0x%" G_GINT64_MODIFIER "x (profile %s, width %u):\n\n", ex->address,
           mv_mtrr_profile_to_string (an.profile), ex->width);
  for (guint i = 0; i < ex->steps->len; i++)
    {
      const MvExplainStep *s = g_ptr_array_index (ex->steps, i);

      g_print ("%2u. %s\n", i + 1, s->text);
      if (s->compared)
        {
          g_autofree char *ab = mv_format_binary (s->addr_masked, ex->width);
          g_autofree char *bb = mv_format_binary (s->base_masked, ex->width);
          g_autofree char *mb = mv_format_binary (s->compare_mask, ex->width);

          g_print ("      mask          0x%012" G_GINT64_MODIFIER "x  %s\n", s->compare_mask, mb);
          g_print ("      address&mask  0x%012" G_GINT64_MODIFIER "x  %s\n", s->addr_masked, ab);
          g_print ("      base&mask     0x%012" G_GINT64_MODIFIER "x  %s  %s\n", s->base_masked, bb,
                   s->match ? "equal: match" : "different: no match");
        }
    }
  g_print ("\nResult: %s", mv_mem_type_name (ex->result.type));
  if (an.pat != MV_PAT_NONE)
    g_print (", with PAT %s: %s", mv_pat_type_name ((guint) an.pat),
             mv_mem_type_name (ex->result.combined));
  g_print ("\n");
  return MV_CLI_EXIT_OK;
}

/* ---- proc-mtrr ---- */

static const char proc_help_tail[] =
  "\n"
  "Prints the lines Linux would show in /proc/mtrr for the guest's variable\n"
  "pairs (arch/x86/kernel/cpu/mtrr/if.c): the programmed base and the size\n"
  "from the mask, not the range the CPU matches (see memviz-cli effective).\n"
  "\n"
  "Examples:\n"
  "  memviz-cli proc-mtrr\n"
  "  memviz-cli proc-mtrr --ram 8G --mmio 0xF8000000-4G --mmio 4G+512M --json\n";

int
mv_cli_proc_mtrr_main (int    argc,
                       char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_auto(AnalysisOptions) a = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  Analysis an = { 0 };
  g_auto(GStrv) lines = NULL;

  context = analysis_context_new ("[FILE.memviz] - the guest's /proc/mtrr as Linux prints it",
                                  proc_help_tail, &o, &a, FALSE, FALSE);
  if (!analysis_start (context, "proc-mtrr", &argc, &argv, &o, &a, &cl, &an, &error))
    return mv_cli_fail (o.json, error);

  lines = mv_mtrr_format_proc_mtrr (an.state);
  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_strv (b, "lines", lines);
      json_builder_end_object (b);
      mv_json_print (b);
    }
  else
    {
      for (guint i = 0; lines[i] != NULL; i++)
        g_print ("%s\n", lines[i]);
    }
  return MV_CLI_EXIT_OK;
}

/* ---- check ---- */

static const char check_help_tail[] =
  "\n"
  "Lists what is wrong or surprising in the guest's MTRRs: RAM not\n"
  "write-back, MMIO/PCI/VTL2 ranges cached, misaligned bases, non-contiguous\n"
  "masks, undefined overlaps, pairs beyond VCNT, a clamped width, reserved\n"
  "bits and types, MTRRs disabled. Each with a severity, the addresses, the\n"
  "registers and the SDM rule or upstream fact behind it.\n"
  "Exit status: 0 without errors, 1 with at least one error, 2 bad input.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli check\n"
  "  memviz-cli check --ram 2G --mmio 0xF8000000-4G --high-mmio 0-0 --json\n";

static void
json_diagnostics_members (JsonBuilder *b,
                          GPtrArray   *diags,
                          const guint  counts[3])
{
  json_builder_set_member_name (b, "diagnostics");
  json_builder_begin_array (b);
  for (guint i = 0; i < diags->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diags, i);

      json_builder_begin_object (b);
      mv_json_string (b, "severity", mv_severity_name (d->severity));
      mv_json_string (b, "kind", mv_diagnostic_kind_name (d->kind));
      mv_json_range (b, "range", d->has_range ? &d->range : NULL);
      mv_json_string (b, "registers", d->registers);
      mv_json_string (b, "message", d->message);
      mv_json_string (b, "reference", d->reference);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_counts (b, counts);
}

int
mv_cli_check_main (int    argc,
                   char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_auto(AnalysisOptions) a = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  Analysis an = { 0 };
  g_autoptr(GPtrArray) diags = NULL;
  guint counts[3];

  context = analysis_context_new ("[FILE.memviz] - diagnose the guest's MTRRs", check_help_tail,
                                  &o, &a, FALSE, FALSE);
  if (!analysis_start (context, "check", &argc, &argv, &o, &a, &cl, &an, &error))
    return mv_cli_fail (o.json, error);

  diags = scenario_diagnostics (&cl, &an);
  mv_cli_count_severities (diags, counts);

  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_diagnostics_members (b, diags, counts);
      json_builder_end_object (b);
      mv_json_print (b);
    }
  else
    mv_print_diagnostics (diags, counts);

  return counts[MV_SEVERITY_ERROR] > 0 ? MV_CLI_EXIT_FOUND : MV_CLI_EXIT_OK;
}

/* ---- decode ---- */

static const char decode_help[] =
  "Reads MTRRs from text pasted from a real machine and shows the same\n"
  "analysis as effective and check: Linux's /proc/mtrr, the kernel's boot log\n"
  "(\"MTRR default type: ...\", \"MTRR variable ranges enabled:\" ...), or raw MSR\n"
  "dumps (rdmsr output, \"0x200 = 0x6\", \"IA32_MTRR_PHYSBASE0: 6\", a firmware\n"
  "shell's \"IA32_MTRR_PHYSBASE_0 (0x200): 0x6\", x86info's \"MTRRphysBase0 (0x200)\",\n"
  "Linux's \"MSR_MTRRphysBase0\"). Recognisable\n"
  "lines are found anywhere in the text, among timestamps, prompts and other\n"
  "lines. What the text does not say is assumed and the assumption is stated.\n"
  "FILE - reads standard input; --local reads this machine's /proc/mtrr.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli decode dmesg.txt\n"
  "  sudo cat /proc/mtrr | memviz-cli decode - --default-type UC --width 39\n"
  "  sudo memviz-cli decode --local --json\n";

/* The text of a dump: at most MAX_DUMP_TEXT bytes are read (a stream such
 * as /dev/zero on standard input never ends); a file must be a regular
 * file no larger than that, checked before anything is read. */
static char *
read_dump (const char  *path,
           gsize       *len,
           GError     **error)
{
  g_autoptr(MvSource) source = NULL;
  g_autofree char *text = NULL;
  gsize size = 0, allocated = 0;
  gssize n;

  if (path == NULL)
    source = mv_source_new_for_fd (STDIN_FILENO, FALSE);
  else
    {
      GStatBuf st;

      source = mv_source_new_for_path (path, error);
      if (source == NULL)
        return NULL;
      if (g_stat (path, &st) == 0 && (guint64) st.st_size > MAX_DUMP_TEXT)
        goto too_big;
    }

  do
    {
      if (size == allocated)
        {
          allocated = MIN (MAX (allocated * 2, 65536), MAX_DUMP_TEXT + 1);
          text = g_realloc (text, allocated + 1);
        }
      n = source->klass->read (source, (guint8 *) text + size, allocated - size, error);
      if (n < 0)
        return NULL;
      size += (gsize) n;
    }
  while (n > 0 && size <= MAX_DUMP_TEXT);
  if (size > MAX_DUMP_TEXT)
    goto too_big;
  text[size] = '\0';
  *len = size;
  return g_steal_pointer (&text);

too_big:
  g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
               "%s: more than 64 MiB of text; give only the MTRR part",
               path != NULL ? path : "standard input");
  return NULL;
}

int
mv_cli_decode_main (int    argc,
                    char **argv)
{
  g_autofree char *width_text = NULL;
  g_autofree char *default_text = NULL;
  g_autofree char *max_text = NULL;
  gboolean local = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "width", 0, 0, G_OPTION_ARG_STRING, &width_text,
      "The physical address width (default: worked out from the text)", "N" },
    { "default-type", 0, 0, G_OPTION_ARG_STRING, &default_text,
      "The default memory type, when the text does not give it (UC, WB, ...)", "TYPE" },
    { "local", 0, 0, G_OPTION_ARG_NONE, &local, "Read this machine's /proc/mtrr", NULL },
    { "max-ranges", 0, 0, G_OPTION_ARG_STRING, &max_text,
      "Stop the effective map after N ranges (default 4096; at most 65536, also meant by 0)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Write JSON instead of text", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = mv_cli_context_new ("FILE|- - analyse MTRRs read from text",
                                                          NULL, decode_help);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvMtrrText) text = NULL;
  g_autoptr(MvEffectiveMap) map = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  g_auto(GStrv) proc = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(GString) formats = g_string_new (NULL);
  const char *source;
  int width = MV_MTRR_TEXT_UNKNOWN;
  int default_type = MV_MTRR_TEXT_UNKNOWN;
  guint max_ranges = DEFAULT_MAX_RANGES;
  guint counts[3];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!mv_cli_parse_options (context, &argc, &argv, &error))
    return mv_cli_fail (json, error);

  if ((local && argc != 1) || (!local && argc != 2))
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   local ? "decode: --local reads /proc/mtrr; give no FILE with it"
                         : "decode: give one FILE (or - for standard input, or --local)");
      return mv_cli_fail (json, error);
    }
  if (width_text != NULL)
    {
      guint64 w;

      if (!mv_parse_uint (width_text, 64, &w, &error) || w == 0)
        {
          g_clear_error (&error);
          g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                       "--width %s: the width is a number from 1 to 64", width_text);
          return mv_cli_fail (json, error);
        }
      width = (int) w;
    }
  if (default_text != NULL)
    {
      guint t;

      if (!mv_mem_type_from_string (default_text, &t) || t > 255)
        {
          g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                       "--default-type %s: not a memory type (UC, WC, WT, WP or WB)", default_text);
          return mv_cli_fail (json, error);
        }
      default_type = (int) t;
    }
  if (max_text != NULL && !parse_max_ranges (max_text, &max_ranges, &error))
    return mv_cli_fail (json, error);

  source = local ? "/proc/mtrr" : argv[1];
  if (local || g_str_equal (source, "/proc/mtrr"))
    text = mv_mtrr_text_read_proc (source, width, default_type, &error);
  else
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      contents = read_dump (g_str_equal (source, "-") ? NULL : source, &len, &error);
      if (contents == NULL)
        return mv_cli_fail (json, error);
      if (g_str_equal (source, "-"))
        source = "standard input";
      text = mv_mtrr_text_parse (contents, (gssize) len, width, default_type, &error);
    }
  if (text == NULL)
    {
      g_autofree char *shown = g_filename_display_name (source);

      g_prefix_error (&error, "%s: ", shown);
      return mv_cli_fail (json, error);
    }

  for (guint f = MV_MTRR_TEXT_PROC_MTRR; f <= MV_MTRR_TEXT_MSR_DUMP; f <<= 1)
    if (text->formats & f)
      g_string_append_printf (formats, "%s%s", formats->len ? ", " : "",
                              mv_mtrr_text_format_name (f));

  map = mv_effective_map_new (text->state, 0, mv_mtrr_state_address_limit (text->state),
                              max_ranges, MV_PAT_NONE);
  proc = mv_mtrr_format_proc_mtrr (text->state);
  diags = mv_diagnose (text->state, NULL);
  mv_cli_count_severities (diags, counts);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mv_json_string (b, "source", source);
      json_builder_set_member_name (b, "formats");
      json_builder_begin_array (b);
      for (guint f = MV_MTRR_TEXT_PROC_MTRR; f <= MV_MTRR_TEXT_MSR_DUMP; f <<= 1)
        if (text->formats & f)
          json_builder_add_string_value (b, mv_mtrr_text_format_name (f));
      json_builder_end_array (b);
      mv_json_int (b, "lines", text->n_lines);
      mv_json_int (b, "used", text->n_used);
      json_builder_set_member_name (b, "ignored");
      json_builder_begin_array (b);
      for (guint i = 0; i < text->ignored->len; i++)
        {
          const MvMtrrTextLine *l = g_ptr_array_index (text->ignored, i);

          json_builder_begin_object (b);
          mv_json_int (b, "line", l->line);
          mv_json_string (b, "text", l->text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "assumptions");
      json_builder_begin_array (b);
      for (guint i = 0; i < text->notes->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (text->notes, i));
      json_builder_end_array (b);
      json_state (b, text->state, NULL);
      json_effective_members (b, map, proc, counts);
      json_builder_set_member_name (b, "check");
      json_builder_begin_object (b);
      json_diagnostics_members (b, diags, counts);
      json_builder_end_object (b);
      json_builder_end_object (b);
      mv_json_print (b);
      return MV_CLI_EXIT_OK;
    }

  g_print ("Read %s (%s): %u line%s, %u used, %u not understood\n", source, formats->str,
           text->n_lines, text->n_lines == 1 ? "" : "s", text->n_used, text->ignored->len);
  for (guint i = 0; i < text->ignored->len && i < 10; i++)
    {
      const MvMtrrTextLine *l = g_ptr_array_index (text->ignored, i);
      g_print ("  not understood, line %u: %.100s\n", l->line, l->text);
    }
  if (text->ignored->len > 10)
    g_print ("  ... and %u more lines not understood (--json lists them all)\n",
             text->ignored->len - 10);
  for (guint i = 0; i < text->notes->len; i++)
    g_print ("  assumed: %s\n", (const char *) g_ptr_array_index (text->notes, i));

  origin = g_strdup_printf ("read from %s", source);
  mv_print_effective (text->state, origin, map, proc, NULL);
  g_print ("\n");
  mv_print_diagnostics (diags, counts);
  return MV_CLI_EXIT_OK;
}
