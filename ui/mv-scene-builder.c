/* SPDX-License-Identifier: MIT */
/* From a computed scenario to the renderer's scene: the lanes, marks,
 * tables and GDT the four views show. Used by the window and by the
 * headless fallback, so both draw the same picture. */
#include "config.h"

#include "mv-gdt.h"
#include "mv-scene-builder.h"

/* The effective lane shows at most this many ranges (the map coalesces;
 * real layouts need a handful). */
#define MAX_EFFECTIVE_RANGES 1024

/**
 * mv_scene_builder_effective_end:
 *
 * Where the effective-type lane ends: the end of the layout (at least
 * 4 GiB), within MAXPHYADDR.
 */
void
mv_scene_builder_effective_end (const MvScenario  *scenario,
                                const MvMtrrState *state,
                                guint64           *end)
{
  guint64 limit = mv_mtrr_state_address_limit (state);
  guint64 e = MV_FOUR_GB;

  if (scenario->layout != NULL)
    e = MAX (e, mv_layout_end_of_layout (scenario->layout));
  *end = limit != 0 ? MIN (e, limit) : e;
}

static void
add_effective_lane (MvScene           *scene,
                    const MvScenario  *scenario,
                    const MvMtrrState *state)
{
  g_autoptr(MvEffectiveMap) map = NULL;
  MvSceneLane *lane;
  guint64 end;

  mv_scene_builder_effective_end (scenario, state, &end);
  map = mv_effective_map_new (state, 0, end, MAX_EFFECTIVE_RANGES, MV_PAT_NONE);
  if (map == NULL)
    return;

  lane = mv_scene_add_lane (scene, MV_LANE_EFFECTIVE, "Effective type",
                            "what the CPU uses, by SDM precedence");
  for (guint i = 0; i < map->ranges->len; i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
      g_auto(GStrv) by = mv_effective_range_get_by (r);
      g_autofree char *who = g_strjoinv (", ", by);
      g_autofree char *detail = g_strdup_printf ("%s: %s", mv_effective_rule_name (r->rule), who);
      MvItemFlags flags = r->type == MV_MEM_TYPE_UNDEFINED || mv_mem_type_is_reserved (r->type) ?
                          MV_ITEM_ERROR : MV_ITEM_NONE;

      mv_scene_lane_add_item (lane, r->range.start, r->range.end,
                              mv_fill_for_mem_type (r->type), flags, 0,
                              mv_mem_type_name (r->type), detail);
    }
}

static void
add_marks (MvScene   *scene,
           GPtrArray *diagnostics)
{
  int effective = mv_scene_find_lane (scene, MV_LANE_EFFECTIVE, 0);
  int layout = mv_scene_find_lane (scene, MV_LANE_LAYOUT, 0);

  if (diagnostics == NULL)
    return;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diagnostics, i);
      MvMarkSeverity severity = d->severity == MV_SEVERITY_ERROR ? MV_MARK_ERROR :
                                d->severity == MV_SEVERITY_WARNING ? MV_MARK_WARNING : MV_MARK_NOTE;
      int lane = effective >= 0 ? effective : layout;

      mv_scene_add_mark (scene, severity, d->has_range ? lane : -1, d->has_range,
                         d->range.start, d->range.end, d->message);
    }
}

static void
add_gdt (MvScene          *scene,
         const MvScenario *scenario,
         const MvDocument *doc)
{
  guint8 bytes[MV_GDT_DEFAULT_SIZE];
  GArray *regs = scenario->recorder ? scenario->recorder->registers : NULL;

  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);

      if (spec->kind != MV_IMPORT_KIND_GDT || spec->page >= ((guint64) 1 << 52))
        continue;
      mv_gdt_default_bytes (bytes);
      mv_scene_set_gdt (scene, spec->page * MV_PAGE_SIZE, bytes, sizeof bytes,
                        regs ? (const MvX86Register *) regs->data : NULL, regs ? regs->len : 0);
      return;
    }
}

/**
 * mv_scene_build:
 * @scenario: the computed scenario
 * @doc: the document it was computed from
 * @state: (nullable): the guest's MTRR state
 * @diagnostics: (nullable) (element-type MvDiagnostic): its diagnostics
 * @title: (nullable): the picture's title
 *
 * Returns: (transfer full): the scene of all four views
 */
MvScene *
mv_scene_build (const MvScenario  *scenario,
                const MvDocument  *doc,
                const MvMtrrState *state,
                GPtrArray         *diagnostics,
                const char        *title)
{
  g_autoptr(MvScene) scene = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  if (scenario->layout != NULL)
    {
      g_autofree char *ram = mv_scene_format_size (mv_layout_ram_size (scenario->layout));

      subtitle = g_strdup_printf ("%s RAM \u00b7 %u-bit MTRR addresses \u00b7 %s boot \u00b7 %u variable MTRR pair%s",
                                  ram, scenario->width, scenario->profile ? scenario->profile : "linux-direct",
                                  mv_scenario_n_variable_pairs (scenario),
                                  mv_scenario_n_variable_pairs (scenario) == 1 ? "" : "s");
    }
  scene = mv_scene_new (title ? title : (doc->title ? doc->title : "memviz"), subtitle);

  if (scenario->layout != NULL)
    mv_scene_add_layout (scene, scenario->layout);
  if (scenario->variable_mtrrs != NULL)
    mv_scene_add_variable_mtrrs (scene, (const MvX86Register *) scenario->variable_mtrrs->data,
                                 scenario->variable_mtrrs->len, scenario->width);
  if (state != NULL)
    add_effective_lane (scene, scenario, state);
  if (scenario->recorder != NULL && scenario->recorder->page_map->len > 0)
    mv_scene_add_page_map (scene, scenario->recorder);
  add_gdt (scene, scenario, doc);
  add_marks (scene, diagnostics);

  return g_steal_pointer (&scene);
}
