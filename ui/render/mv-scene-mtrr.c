/* SPDX-License-Identifier: MIT */
/* The MTRR parts of a scene: the effective type lane, the fixed ranges,
 * one lane per variable pair with its programmed and matched ranges, the
 * diagnostics and the register table. Everything comes from the core's
 * analysis (mv-effective.h); nothing here decides a memory type. */
#include "mv-scene-mtrr.h"

#include <string.h>

static char *
range_text (const MvRange *r)
{
  return mv_scene_format_range (r->start, r->end);
}

static char *
pairs_text (const MvPairSet *set)
{
  GString *s = g_string_new (NULL);
  guint count = mv_pair_set_count (set);

  g_string_append (s, count == 1 ? "MTRR " : "MTRRs ");
  for (guint n = 0, shown = 0; n < 256; n++)
    if (mv_pair_set_contains (set, n))
      g_string_append_printf (s, "%s%u", shown++ > 0 ? ", " : "", n);
  return g_string_free (s, FALSE);
}

/* Who decided an effective range, in a few words. */
static char *
decided_by (const MvEffectiveRange *r)
{
  g_autofree char *pairs = NULL;

  switch (r->rule)
    {
    case MV_EFFECTIVE_RULE_DISABLED:
      return g_strdup ("MTRRs disabled");
    case MV_EFFECTIVE_RULE_FIXED:
      return g_strdup (mv_mtrr_fixed_name (r->fixed_index));
    case MV_EFFECTIVE_RULE_DEFAULT:
      return g_strdup ("default type");
    case MV_EFFECTIVE_RULE_UC_WINS:
      pairs = pairs_text (&r->pairs);
      return g_strdup_printf ("%s, UC wins", pairs);
    case MV_EFFECTIVE_RULE_WT_WINS:
      pairs = pairs_text (&r->pairs);
      return g_strdup_printf ("%s, WT wins", pairs);
    case MV_EFFECTIVE_RULE_UNDEFINED:
      pairs = pairs_text (&r->pairs);
      return g_strdup_printf ("%s conflict", pairs);
    case MV_EFFECTIVE_RULE_SINGLE:
    case MV_EFFECTIVE_RULE_SAME:
    default:
      return pairs_text (&r->pairs);
    }
}

static void
add_effective_lane (MvScene              *scene,
                    const MvMtrrState    *state,
                    const MvEffectiveMap *map)
{
  MvSceneLane *lane;
  g_autofree char *subtitle = NULL;
  guint def = state->def_type & MV_MTRR_DEF_TYPE_TYPE_MASK;

  if (!(state->def_type & MV_MTRR_DEF_TYPE_E))
    subtitle = g_strdup ("MTRRs disabled: UC");
  else
    subtitle = g_strdup_printf ("default %s", mv_mem_type_name (def));
  lane = mv_scene_add_lane (scene, MV_LANE_EFFECTIVE, "Effective type", subtitle);

  for (guint i = 0; i < map->ranges->len; i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
      MvRange whole = r->range;
      g_autofree char *range = NULL;
      g_autofree char *by = NULL;
      g_autofree char *detail = NULL;
      guint last = i;

      /* Neighbouring fixed ranges of one type make one bar: the fixed
       * lane shows the registers one by one. */
      while (r->rule == MV_EFFECTIVE_RULE_FIXED && last + 1 < map->ranges->len)
        {
          const MvEffectiveRange *next = &g_array_index (map->ranges, MvEffectiveRange, last + 1);

          if (next->rule != MV_EFFECTIVE_RULE_FIXED || next->type != r->type ||
              next->range.start != whole.end)
            break;
          whole.end = next->range.end;
          last++;
        }
      range = range_text (&whole);
      if (last > i)
        {
          const MvEffectiveRange *lr = &g_array_index (map->ranges, MvEffectiveRange, last);

          by = g_strdup_printf ("%s\u2013%s", mv_mtrr_fixed_name (r->fixed_index),
                                mv_mtrr_fixed_name (lr->fixed_index) + strlen ("Mtrr"));
        }
      else
        by = decided_by (r);
      detail = g_strdup_printf ("%s \u00b7 %s", range, by);

      mv_scene_lane_add_item (lane, whole.start, whole.end, mv_fill_for_mem_type (r->type),
                              r->type == MV_MEM_TYPE_UNDEFINED ? MV_ITEM_ERROR : 0, 0,
                              mv_mem_type_name (r->type), detail);
      i = last;
    }
  if (map->truncated)
    mv_scene_add_mark (scene, MV_MARK_NOTE, -1, FALSE, 0, 0,
                       "The effective type map has too many ranges to show; it stops early.");
}

static void
add_fixed_lane (MvScene           *scene,
                const MvMtrrState *state)
{
  MvSceneLane *lane;
  guint64 run_start = 0, run_end = 0;
  guint run_type = G_MAXUINT;
  guint first_reg = 0, last_reg = 0;

  lane = mv_scene_add_lane (scene, MV_LANE_FIXED, "Fixed ranges",
                            "below 1 MiB");

  /* The 88 sub-ranges, runs of one type merged. */
  for (guint i = 0; i <= MV_MTRR_N_FIXED; i++)
    {
      for (guint b = 0; b < 8; b++)
        {
          gboolean end = i == MV_MTRR_N_FIXED;
          guint type = end ? G_MAXUINT : (guint) ((state->fixed[i] >> (8 * b)) & 0xff);
          guint64 start = end ? 0 : mv_mtrr_fixed_start (i) + b * mv_mtrr_fixed_unit (i);

          if (!end && type == run_type && start == run_end)
            {
              run_end = start + mv_mtrr_fixed_unit (i);
              last_reg = i;
              continue;
            }
          if (run_type != G_MAXUINT)
            {
              g_autofree char *range = mv_scene_format_range (run_start, run_end);
              g_autofree char *detail = NULL;

              if (first_reg == last_reg)
                detail = g_strdup_printf ("%s \u00b7 %s", range, mv_mtrr_fixed_name (first_reg));
              else
                detail = g_strdup_printf ("%s \u00b7 %s\u2013%s", range,
                                          mv_mtrr_fixed_name (first_reg) + strlen ("MtrrFix"),
                                          mv_mtrr_fixed_name (last_reg) + strlen ("MtrrFix"));
              mv_scene_lane_add_item (lane, run_start, run_end, mv_fill_for_mem_type (run_type),
                                      0, 0, mv_mem_type_name (run_type), detail);
            }
          if (end)
            break;
          run_type = type;
          run_start = start;
          run_end = start + mv_mtrr_fixed_unit (i);
          first_reg = last_reg = i;
        }
    }
}

static char *
matched_text (const MvMtrrPairInfo *info)
{
  g_autofree char *first = range_text (&info->matched[0]);

  if (info->n_matched <= 1)
    return g_steal_pointer (&first);
  return g_strdup_printf ("%s and %" G_GUINT64_FORMAT " more", first, info->n_matched - 1);
}

static gboolean
matched_differs (const MvMtrrPairInfo *info)
{
  return !info->has_programmed || info->n_matched != 1 ||
         info->matched[0].start != info->programmed.start ||
         info->matched[0].end != info->programmed.end;
}

static void
add_pair_lanes (MvScene           *scene,
                const MvMtrrState *state,
                int               *lane_of_pair)
{
  guint n_pairs = mv_mtrr_state_get_n_pairs (state);

  for (guint n = 0; n < n_pairs; n++)
    {
      MvMtrrPairInfo info;
      MvSceneLane *lane;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *size = NULL;
      MvFill fill;
      MvItemFlags off;
      const char *tname;

      lane_of_pair[n] = -1;
      mv_mtrr_pair_decode (state, n, &info);
      /* Pairs never set are not worth a lane. */
      if (info.base == 0 && info.mask == 0)
        continue;

      tname = mv_mem_type_name (info.type);
      fill = mv_fill_for_mem_type (info.type);
      off = (info.valid && info.implemented) ? 0 : MV_ITEM_DISABLED;
      size = mv_scene_format_size (info.block_size);
      title = g_strdup_printf ("MTRR %u", n);
      subtitle = g_strdup_printf ("%s \u00b7 %s%s", tname, size,
                                  !info.implemented ? " \u00b7 no such pair"
                                  : !info.valid ? " \u00b7 off" : "");
      lane_of_pair[n] = (int) scene->lanes->len;
      lane = mv_scene_add_lane (scene, MV_LANE_PAIR, title, subtitle);

      if (info.has_programmed)
        {
          g_autofree char *range = range_text (&info.programmed);
          /* A range past 2^64 ends at the top of the axis. */
          guint64 end = info.programmed.end > info.programmed.start ? info.programmed.end : G_MAXUINT64;

          mv_scene_lane_add_item (lane, info.programmed.start, end, fill, off, 0, tname, range);
        }
      if (matched_differs (&info))
        {
          g_autofree char *label = g_strdup_printf ("%s matched", tname);
          guint row = info.has_programmed ? 1 : 0;

          for (guint k = 0; k < info.n_shown; k++)
            {
              g_autofree char *range = range_text (&info.matched[k]);
              g_autofree char *detail = NULL;

              if (k + 1 == info.n_shown && info.n_matched > info.n_shown)
                detail = g_strdup_printf ("%s \u00b7 %" G_GUINT64_FORMAT " ranges in all",
                                          range, info.n_matched);
              mv_scene_lane_add_item (lane, info.matched[k].start, info.matched[k].end, fill,
                                      off | MV_ITEM_MATCHED, row, label, detail ? detail : range);
            }
        }
    }
}

static MvMarkSeverity
mark_severity (MvSeverity s)
{
  switch (s)
    {
    case MV_SEVERITY_ERROR: return MV_MARK_ERROR;
    case MV_SEVERITY_WARNING: return MV_MARK_WARNING;
    case MV_SEVERITY_NOTE:
    default: return MV_MARK_NOTE;
    }
}

static void
add_diagnostics (MvScene           *scene,
                 GPtrArray         *diags,
                 const int         *lane_of_pair,
                 guint              n_pairs)
{
  int effective = mv_scene_find_lane (scene, MV_LANE_EFFECTIVE, 0);

  for (guint i = 0; i < diags->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diags, i);
      int lane = effective;
      gboolean about_types = d->kind == MV_DIAG_RAM_NOT_WB || d->kind == MV_DIAG_MMIO_CACHED ||
                             d->kind == MV_DIAG_UNDEFINED_OVERLAP;

      /* A diagnostic about one pair goes on that pair's lane; those about
       * the resulting types, and the others, on the effective type lane. */
      for (guint n = 0; !about_types && d->registers != NULL && n < n_pairs; n++)
        {
          g_autofree char *name = mv_mtrr_pair_name (n);

          if (g_strcmp0 (d->registers, name) == 0)
            {
              lane = lane_of_pair[n] >= 0 ? lane_of_pair[n] : effective;
              break;
            }
        }
      {
        g_autofree char *id = g_strdup_printf ("diagnostic/%u", d->id);
        guint mark = mv_scene_add_mark (scene, mark_severity (d->severity), d->has_range ? lane : -1,
                                        d->has_range, d->range.start, d->range.end, d->message);

        mv_scene_set_mark_id (scene, mark, id);
      }
    }
}

static void
add_table (MvScene           *scene,
           const MvMtrrState *state)
{
  MvSceneTable *t;
  guint n_pairs = mv_mtrr_state_get_n_pairs (state);
  guint def = state->def_type & MV_MTRR_DEF_TYPE_TYPE_MASK;

  g_clear_pointer (&scene->mtrr_table, mv_scene_table_free);
  t = scene->mtrr_table = mv_scene_table_new ("MTRR registers");
  mv_scene_table_add_column (t, "Register", MV_COLUMN_TEXT);
  mv_scene_table_add_column (t, "Raw value", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Type", MV_COLUMN_SWATCH);
  mv_scene_table_add_column (t, "Programmed range", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Matched range", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Size", MV_COLUMN_RIGHT);
  mv_scene_table_add_column (t, "Notes", MV_COLUMN_WIDE);

  {
    g_autofree char *raw = g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x", state->cap);
    g_autofree char *notes = g_strdup_printf ("VCNT %u%s%s%s", mv_mtrr_state_get_vcnt (state),
                                              (state->cap & MV_MTRR_CAP_FIX) ? ", fixed ranges" : "",
                                              (state->cap & MV_MTRR_CAP_WC) ? ", WC" : "",
                                              (state->cap & MV_MTRR_CAP_SMRR) ? ", SMRR" : "");
    const char *cells[] = { "MtrrCap", raw, "", "", "", "", notes, NULL };

    mv_scene_table_add_row (t, cells);
  }
  {
    g_autofree char *raw = g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x", state->def_type);
    g_autofree char *notes = g_strdup_printf ("default type; MTRRs %s, fixed ranges %s",
                                              (state->def_type & MV_MTRR_DEF_TYPE_E) ? "on (E)" : "off",
                                              (state->def_type & MV_MTRR_DEF_TYPE_FE) ? "on (FE)" : "off");
    const char *cells[] = { "MtrrDefType", raw, mv_mem_type_name (def), "", "", "", notes, NULL };
    MvTableRow *row = mv_scene_table_add_row (t, cells);

    if (row != NULL)
      {
        row->has_fill = TRUE;
        row->fill = mv_fill_for_mem_type (def);
      }
  }

  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    {
      guint64 start = mv_mtrr_fixed_start (i);
      guint64 unit = mv_mtrr_fixed_unit (i);
      g_autofree char *raw = g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x", state->fixed[i]);
      g_autofree char *range = mv_scene_format_range (start, start + 8 * unit);
      g_autofree char *size = mv_scene_format_size (8 * unit);
      g_autofree char *unit_text = mv_scene_format_size (unit);
      GString *notes = g_string_new (NULL);
      guint first = state->fixed[i] & 0xff;
      gboolean uniform = TRUE;
      MvTableRow *row;

      for (guint b = 1; b < 8; b++)
        if (((state->fixed[i] >> (8 * b)) & 0xff) != first)
          uniform = FALSE;
      g_string_append_printf (notes, "8 \u00d7 %s", unit_text);
      if (!uniform)
        {
          g_string_append (notes, ":");
          for (guint b = 0; b < 8; b++)
            g_string_append_printf (notes, " %s", mv_mem_type_name ((state->fixed[i] >> (8 * b)) & 0xff));
        }
      {
        const char *cells[] = { mv_mtrr_fixed_name (i), raw, uniform ? mv_mem_type_name (first) : "mixed",
                                range, "same", size, notes->str, NULL };

        row = mv_scene_table_add_row (t, cells);
      }
      if (row != NULL && uniform)
        {
          row->has_fill = TRUE;
          row->fill = mv_fill_for_mem_type (first);
        }
      if (row != NULL)
        row->muted = !(state->def_type & MV_MTRR_DEF_TYPE_FE);
      g_string_free (notes, TRUE);
    }

  for (guint n = 0; n < n_pairs; n++)
    {
      MvMtrrPairInfo info;
      g_autofree char *base_name = mv_mtrr_base_name (n);
      g_autofree char *mask_name = mv_mtrr_mask_name (n);
      g_autofree char *base_raw = NULL;
      g_autofree char *mask_raw = NULL;
      g_autofree char *prog = NULL;
      g_autofree char *matched = NULL;
      g_autofree char *size = NULL;
      const char *notes;
      MvTableRow *row;
      gboolean muted;

      mv_mtrr_pair_decode (state, n, &info);
      base_raw = g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x", info.base);
      mask_raw = g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x", info.mask);
      prog = info.has_programmed ? range_text (&info.programmed) : g_strdup ("(mask not contiguous)");
      matched = matched_differs (&info) ? matched_text (&info) : g_strdup ("same");
      size = mv_scene_format_size (info.block_size);
      muted = !info.valid || !info.implemented;
      if (!info.implemented)
        notes = "at or above VCNT: the CPU has no such pair";
      else if (!info.valid)
        notes = "V clear: not used";
      else if (info.phys_mask == 0)
        notes = "valid; the mask compares no address bit: matches everything";
      else if (!info.contiguous)
        notes = "valid; the mask is not contiguous";
      else if (info.ignored_base_bits != 0)
        notes = "valid; the base is not a multiple of the size";
      else
        notes = "valid";

      {
        const char *cells[] = { base_name, base_raw, mv_mem_type_name (info.type), prog, matched,
                                size, "", NULL };

        row = mv_scene_table_add_row (t, cells);
        if (row != NULL)
          {
            row->has_fill = TRUE;
            row->fill = mv_fill_for_mem_type (info.type);
            row->muted = muted;
            /* Where the hardware matches differs from what /proc/mtrr says. */
            if (matched_differs (&info) && !muted)
              row->highlight = 1u << 4;
          }
      }
      {
        const char *cells[] = { mask_name, mask_raw, "", "", "", "", notes, NULL };

        row = mv_scene_table_add_row (t, cells);
        if (row != NULL)
          {
            row->muted = muted;
            row->continues = TRUE;
          }
      }
    }
  if (state->variable_skipped_for_vtl2)
    t->note = g_strdup ("No variable pairs: with a VTL2 range, VTL2 programs VTL0's MTRRs.");
}

/**
 * mv_scene_add_mtrr_analysis:
 * @state: the MTRR registers
 * @map: their effective-type map (mv_effective_map_new())
 * @diagnostics: (element-type MvDiagnostic): what mv_diagnose() found
 *
 * Adds the effective type lane, the fixed range lane (when fixed ranges
 * are on), a lane per variable pair that was set, the diagnostics, each on
 * the lane it concerns, and the MTRR register table. Nothing is computed
 * here beyond decoding each pair for its lane.
 */
void
mv_scene_add_mtrr_analysis (MvScene              *scene,
                            const MvMtrrState    *state,
                            const MvEffectiveMap *map,
                            GPtrArray            *diagnostics)
{
  g_autofree int *lane_of_pair = NULL;
  guint n_pairs;

  g_return_if_fail (scene != NULL);
  g_return_if_fail (state != NULL);
  g_return_if_fail (map != NULL);

  n_pairs = mv_mtrr_state_get_n_pairs (state);
  lane_of_pair = g_new0 (int, MAX (n_pairs, 1));

  add_effective_lane (scene, state, map);
  if ((state->def_type & MV_MTRR_DEF_TYPE_E) && (state->def_type & MV_MTRR_DEF_TYPE_FE))
    add_fixed_lane (scene, state);
  add_pair_lanes (scene, state, lane_of_pair);
  if (diagnostics != NULL)
    add_diagnostics (scene, diagnostics, lane_of_pair, n_pairs);
  add_table (scene, state);
}

/**
 * mv_scene_add_mtrr_state:
 * @layout: (nullable): for the diagnostics that compare with the layout
 *
 * mv_scene_add_mtrr_analysis() with the analysis of @state made here.
 */
void
mv_scene_add_mtrr_state (MvScene           *scene,
                         const MvMtrrState *state,
                         const MvLayout    *layout)
{
  g_autoptr(MvEffectiveMap) map = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;

  g_return_if_fail (scene != NULL);
  g_return_if_fail (state != NULL);

  map = mv_effective_map_new (state, 0, mv_mtrr_state_address_limit (state),
                              MV_SCENE_MAX_EFFECTIVE, MV_PAT_NONE);
  diagnostics = mv_diagnose (state, layout);
  mv_scene_add_mtrr_analysis (scene, state, map, diagnostics);
}
