/* SPDX-License-Identifier: MIT */
/* memviz-cli steps: a lesson, the MTRR state one variable pair at a time. */
#include "config.h"

#include "mv-cli.h"
#include "mv-effective.h"
#include "mv-parse.h"
#include "mv-steps.h"

static const char steps_help[] =
  "Walks the guest's MTRRs the way a lesson does: step 0 is the boot state\n"
  "(MtrrDefType and the fixed ranges, no variable pair), then each variable\n"
  "pair is added in the order OpenVMM's compute_variable_mtrrs emits it (or,\n"
  "with --strategy fewest, the order of the fewest-pairs solution; --strategy\n"
  "both prints OpenVMM's lesson, then the fewest pairs'). Each step\n"
  "shows the pair's registers, the range they seem to program, what the CPU\n"
  "really matches, the addresses whose effective type changed and one\n"
  "sentence saying why the pair is there, what the CPU really matches where\n"
  "upstream meant otherwise, what it changed and which MMIO gaps it made\n"
  "write-back.\n"
  "--openvmm-version picks the upstream version (current, 3550, pre-3550).\n"
  "\n"
  "Examples:\n"
  "  memviz-cli steps\n"
  "  memviz-cli steps --strategy fewest\n"
  "  memviz-cli steps --strategy both --json\n"
  "  memviz-cli steps --preset openvmm-no-high-mmio --openvmm-version 3550\n"
  "  memviz-cli steps my-vm.memviz --json\n";

/**
 * mv_json_type_changes:
 * @changes: (element-type MvStepChange): ranges whose type differs
 * @from_name, @to_name: the members for the two types
 *
 * An array of {start, end, FROM_NAME, TO_NAME}: what `steps` and
 * `versions` say changed.
 */
void
mv_json_type_changes (JsonBuilder  *b,
                      const char   *member,
                      const GArray *changes,
                      const char   *from_name,
                      const char   *to_name)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < changes->len; i++)
    {
      const MvStepChange *c = &g_array_index (changes, MvStepChange, i);

      json_builder_begin_object (b);
      mv_json_hex (b, "start", c->range.start);
      mv_json_hex (b, "end", c->range.end);
      mv_json_string (b, from_name, mv_mem_type_name (c->from));
      mv_json_string (b, to_name, mv_mem_type_name (c->to));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* An effective map as an array of {start, end, type, rule}. */
void
mv_json_effective_types (JsonBuilder          *b,
                         const char           *member,
                         const MvEffectiveMap *map)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; map != NULL && i < map->ranges->len; i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);

      json_builder_begin_object (b);
      mv_json_hex (b, "start", r->range.start);
      mv_json_hex (b, "end", r->range.end);
      mv_json_string (b, "type", mv_mem_type_name (r->type));
      mv_json_string (b, "rule", mv_effective_rule_name (r->rule));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
json_pair (JsonBuilder  *b,
           const MvStep *step)
{
  const MvMtrrPairInfo *p = &step->pair;

  json_builder_set_member_name (b, "pair");
  if (!step->has_pair)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, p->n);
  mv_json_hex (b, "base", p->base);
  mv_json_hex (b, "mask", p->mask);
  mv_json_string (b, "type", mv_mem_type_name (p->type));
  mv_json_range (b, "programmed", p->has_programmed ? &p->programmed : NULL);
  mv_json_hex (b, "n_matched", p->n_matched);
  json_builder_set_member_name (b, "matched");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->n_shown; i++)
    mv_json_range (b, NULL, &p->matched[i]);
  json_builder_end_array (b);
  mv_json_bool (b, "matches_more_than_programmed",
                p->has_programmed && (p->n_matched != 1 ||
                                      p->matched[0].start != p->programmed.start ||
                                      p->matched[0].end != p->programmed.end));
  json_builder_end_object (b);
}

static void
json_step (JsonBuilder  *b,
           const MvStep *step)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "index");
  json_builder_add_int_value (b, step->index);
  mv_json_string (b, "kind", mv_step_kind_name (step->kind));
  mv_json_string (b, "reason", step->kind == MV_STEP_KIND_OPENVMM
                               ? mv_mtrr_reason_name (step->reason) : NULL);
  mv_json_string (b, "sentence", step->sentence);
  json_pair (b, step);
  mv_json_type_changes (b, "changed", step->changed, "from", "to");
  mv_json_effective_types (b, "effective", step->effective);
  json_builder_end_object (b);
}

static void
print_step (const MvStep *step)
{
  const MvMtrrPairInfo *p = &step->pair;

  g_print ("Step %u: %s\n", step->index, step->sentence);
  if (step->has_pair)
    {
      g_print ("  MtrrPhysBase%u 0x%016" G_GINT64_MODIFIER "x  MtrrPhysMask%u 0x%016"
               G_GINT64_MODIFIER "x  %s\n", p->n, p->base, p->n, p->mask,
               mv_mem_type_name (p->type));
      if (p->has_programmed)
        g_print ("  programmed:       0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x\n",
                 p->programmed.start, p->programmed.end);
      for (guint i = 0; i < p->n_shown; i++)
        g_print ("  the CPU matches:  0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x\n",
                 p->matched[i].start, p->matched[i].end);
      if (p->n_matched > p->n_shown)
        g_print ("  ... %" G_GUINT64_FORMAT " ranges in all\n", p->n_matched);
    }
  for (guint i = 0; i < step->changed->len; i++)
    {
      const MvStepChange *c = &g_array_index (step->changed, MvStepChange, i);
      g_autofree char *size = mv_format_size (c->range.end - c->range.start);

      g_print ("  changed:          0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
               "x (%s) %s -> %s\n", c->range.start, c->range.end, size,
               mv_mem_type_name (c->from), mv_mem_type_name (c->to));
    }
}

static void
json_steps (JsonBuilder   *b,
            const char    *member,
            const MvSteps *steps)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < mv_steps_get_n_steps (steps); i++)
    json_step (b, mv_steps_get_step (steps, i));
  json_builder_end_array (b);
}

static void
print_steps (const MvSteps *steps)
{
  g_print ("\n%s, width %u", steps->strategy == MV_STEPS_STRATEGY_FEWEST
           ? "The fewest pairs (memviz's solver)" : "OpenVMM's pairs",
           steps->width);
  if (steps->strategy == MV_STEPS_STRATEGY_OPENVMM)
    g_print (", OpenVMM %s", mv_openvmm_version_title (steps->version));
  g_print (": %u steps\n\n", mv_steps_get_n_steps (steps));
  for (guint i = 0; i < mv_steps_get_n_steps (steps); i++)
    print_step (mv_steps_get_step (steps, i));
}

int
mv_cli_steps_main (int    argc,
                   char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_autofree char *strategy_text = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree GOptionEntry *entries = mv_cli_layout_entries (&o, MV_CLI_OPTIONS_MTRR |
                                                                MV_CLI_OPTIONS_STATE);
  const GOptionEntry steps_entries[] = {
    { "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy_text,
      "Whose pairs: openvmm (default), fewest, or both (one after the other)",
      "openvmm|fewest|both" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  g_autoptr(GPtrArray) lessons = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_steps_free);
  const MvSteps *first;
  guint strategies = 1u << MV_STEPS_STRATEGY_OPENVMM;
  const char *document = NULL;

  context = mv_cli_context_new ("[FILE.memviz] - the guest's MTRRs, one pair at a time", NULL,
                                steps_help);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, steps_entries, NULL);
  if (!mv_cli_parse_layout_command (context, "steps", &argc, &argv, &document, &error))
    return mv_cli_fail (o.json, error);
  if (strategy_text != NULL && !mv_steps_strategies_from_string (strategy_text, &strategies, &error))
    {
      g_prefix_error (&error, "--strategy: ");
      return mv_cli_fail (o.json, error);
    }
  if (!mv_cli_layout_resolve (&o, document, MV_SCENARIO_SKIP_FILES, MV_CLI_NEED_LAYOUT, &cl, &error))
    return mv_cli_fail (o.json, error);
  /* OpenVMM's first, then the fewest pairs. */
  for (MvStepsStrategy s = MV_STEPS_STRATEGY_OPENVMM; s <= MV_STEPS_STRATEGY_FEWEST; s++)
    {
      MvSteps *steps;

      if (!(strategies & (1u << s)))
        continue;
      if (!(steps = mv_steps_new_for_scenario (cl.scenario, s, &error)))
        {
          /* By upstream's name, as `versions` says it. */
          if (error->domain == MV_MTRR_ERROR)
            g_prefix_error (&error, "error %s: ", mv_cli_error_kind (error));
          return mv_cli_fail (o.json, error);
        }
      g_ptr_array_add (lessons, steps);
    }
  first = g_ptr_array_index (lessons, 0);

  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mv_json_string (b, "strategy", lessons->len > 1 ? "both"
                                     : mv_steps_strategy_to_string (first->strategy));
      mv_json_string (b, "openvmm_version", mv_openvmm_version_to_string (first->version));
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, first->width);
      json_builder_set_member_name (b, "layout");
      mv_json_layout (b, &cl);
      /* One lesson: "steps"; both: an array per strategy, by its name. */
      for (guint i = 0; i < lessons->len; i++)
        {
          const MvSteps *steps = g_ptr_array_index (lessons, i);

          json_steps (b, lessons->len > 1 ? mv_steps_strategy_to_string (steps->strategy) : "steps",
                      steps);
        }
      json_builder_end_object (b);
      mv_json_print (b);
      return MV_CLI_EXIT_OK;
    }

  mv_print_layout (cl.layout, NULL, cl.source);
  for (guint i = 0; i < lessons->len; i++)
    print_steps (g_ptr_array_index (lessons, i));
  return MV_CLI_EXIT_OK;
}
