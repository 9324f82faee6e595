/* SPDX-License-Identifier: MIT */
/* The mask arithmetic of one address as bit columns, from an explanation
 * (core/mv-explain.c). */
#include "mv-scene-mask.h"

/**
 * mv_mask_deciding_bits:
 * The bits of @address that decide whether a pair with @base and @mask
 * matches it: where `address & mask` and `base & mask` differ when it does
 * not match (any one of them alone would), else every bit of @mask (each
 * had to agree).
 */
guint64
mv_mask_deciding_bits (guint64 address,
                       guint64 base,
                       guint64 mask)
{
  guint64 differ = (address ^ base) & mask;

  return differ != 0 ? differ : mask;
}

static void
row_clear (gpointer data)
{
  MvMaskRow *row = data;

  g_free (row->registers);
}

static MvMaskScene *
scene_alloc (void)
{
  MvMaskScene *scene = g_new0 (MvMaskScene, 1);

  scene->rows = g_array_new (FALSE, TRUE, sizeof (MvMaskRow));
  g_array_set_clear_func (scene->rows, row_clear);
  return scene;
}

/**
 * mv_mask_scene_new:
 * The bit columns of @explanation: one row group per variable pair the CPU
 * compared (valid and implemented), in pair order.
 *
 * Returns: (transfer full): the scene
 */
MvMaskScene *
mv_mask_scene_new (const MvExplanation *explanation)
{
  MvMaskScene *scene;
  gboolean fixed = FALSE, any_pair = FALSE;

  g_return_val_if_fail (explanation != NULL, NULL);

  scene = scene_alloc ();
  scene->address = explanation->address;
  scene->width = explanation->width;
  scene->type = explanation->result.type;
  scene->title = g_strdup_printf ("Why is 0x%" G_GINT64_MODIFIER "x %s? The masked compare, bit by bit",
                                  explanation->address, mv_mem_type_name (explanation->result.type));
  for (guint i = 0; i < explanation->steps->len; i++)
    {
      const MvExplainStep *step = g_ptr_array_index (explanation->steps, i);
      MvMaskRow row = { 0 };

      if (step->kind == MV_EXPLAIN_STEP_PRECEDENCE)
        {
          g_free (scene->conclusion);
          scene->conclusion = g_strdup (step->text);
        }
      if (step->kind == MV_EXPLAIN_STEP_FIXED)
        fixed = TRUE;
      if (step->kind == MV_EXPLAIN_STEP_VARIABLE)
        any_pair = TRUE;
      if (step->kind != MV_EXPLAIN_STEP_VARIABLE || !step->compared)
        continue;
      row.pair = step->index;
      row.registers = g_strdup (step->registers);
      row.type = step->type;
      row.mask = step->compare_mask;
      row.base = step->value & mv_mtrr_address_bits (explanation->width);
      row.addr_masked = step->addr_masked;
      row.base_masked = step->base_masked;
      row.match = step->match;
      row.deciding = mv_mask_deciding_bits (explanation->address, row.base, row.mask);
      g_array_append_val (scene->rows, row);
    }
  if (scene->rows->len == 0)
    scene->note = g_strdup (fixed ? "Below 1 MiB the fixed ranges decide: no variable pair is compared."
                            : any_pair ? "No variable pair is valid: none is compared."
                            : "No variable pair is compared (MTRRs are off or there are none).");
  return scene;
}

/**
 * mv_mask_scene_copy:
 * Returns: (transfer full): a deep copy of @scene
 */
MvMaskScene *
mv_mask_scene_copy (const MvMaskScene *scene)
{
  MvMaskScene *copy;

  g_return_val_if_fail (scene != NULL, NULL);

  copy = scene_alloc ();
  copy->address = scene->address;
  copy->width = scene->width;
  copy->type = scene->type;
  copy->title = g_strdup (scene->title);
  copy->conclusion = g_strdup (scene->conclusion);
  copy->note = g_strdup (scene->note);
  for (guint i = 0; i < scene->rows->len; i++)
    {
      MvMaskRow row = g_array_index (scene->rows, MvMaskRow, i);

      row.registers = g_strdup (row.registers);
      g_array_append_val (copy->rows, row);
    }
  return copy;
}

void
mv_mask_scene_free (MvMaskScene *scene)
{
  if (scene == NULL)
    return;
  g_free (scene->title);
  g_free (scene->conclusion);
  g_free (scene->note);
  g_array_unref (scene->rows);
  g_free (scene);
}
