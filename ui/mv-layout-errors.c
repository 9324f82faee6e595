/* SPDX-License-Identifier: MIT */
/* A scenario's layout or MTRR error in the editor's words: the field it
 * belongs to, and upstream's message with the gaps at fault named as the
 * editor labels them. */
#include "config.h"

#include "mv-layout-errors.h"
#include "mv-mtrr.h"
#include "mv-parse.h"

static const char *
layout_error_field (const GError *error)
{
  if (error->domain != MV_LAYOUT_ERROR)
    return NULL;

  switch (error->code)
    {
    case MV_LAYOUT_ERROR_BAD_SIZE:
      return "ram";
    case MV_LAYOUT_ERROR_BAD_NUMA_SIZE:
    case MV_LAYOUT_ERROR_EMPTY_NUMA_SIZES:
      return "numa";
    case MV_LAYOUT_ERROR_VTL2_RANGE_BEFORE_END_OF_RAM:
      return "vtl2";
    case MV_LAYOUT_ERROR_BAD_MMIO_GAPS:
    case MV_LAYOUT_ERROR_BAD_MEMORY_RANGES:
    default:
      return "mmio";
    }
}


typedef enum
{
  GAP_LOW = 1 << 0,
  GAP_HIGH = 1 << 1,
} GapRole;

typedef struct
{
  MvRange  range;
  char    *name;   /* "the Low MMIO gap (0xf8000000+128 MiB)" */
  GapRole  role;
} NamedGap;

static void
named_gap_clear (NamedGap *gap)
{
  g_free (gap->name);
}

static int
compare_named_gaps (gconstpointer a,
                    gconstpointer b)
{
  return mv_range_compare (&((const NamedGap *) a)->range, &((const NamedGap *) b)->range);
}

/* Every gap of @doc with the name the editor gives it: Low and High MMIO
 * gap, further MMIO gap N (its row in that list), PCI ECAM gap N, PCI MMIO
 * gap N. @lists gets the three lists in document order. */
static void
name_gaps (const MvDocument *doc,
           GArray           *lists[3])
{
  const GArray *sources[3] = { doc->mmio, doc->pci_ecam, doc->pci_mmio };
  const char *kinds[3] = { "further MMIO gap", "PCI ECAM gap", "PCI MMIO gap" };
  int low = mv_document_chipset_gap_index (doc, TRUE);
  int high = mv_document_chipset_gap_index (doc, FALSE);
  guint further = 0;

  if (high == low)
    high = -1;
  for (guint k = 0; k < 3; k++)
    {
      lists[k] = g_array_new (FALSE, TRUE, sizeof (NamedGap));
      g_array_set_clear_func (lists[k], (GDestroyNotify) named_gap_clear);
      for (guint i = 0; i < sources[k]->len; i++)
        {
          NamedGap gap = { g_array_index (sources[k], MvRange, i), NULL, 0 };
          g_autofree char *start = mv_format_hex (gap.range.start);
          g_autofree char *size = gap.range.end >= gap.range.start
                                  ? mv_format_size (gap.range.end - gap.range.start) : g_strdup ("0 B");
          g_autofree char *what = NULL;

          if (k == 0 && (int) i == low)
            {
              what = g_strdup ("the Low MMIO gap");
              gap.role = GAP_LOW;
            }
          else if (k == 0 && (int) i == high)
            {
              what = g_strdup ("the High MMIO gap");
              gap.role = GAP_HIGH;
            }
          else
            what = g_strdup_printf ("%s %u", kinds[k], k == 0 ? ++further : i + 1);
          gap.name = g_strdup_printf ("%s (%s+%s)", what, start, size);
          g_array_append_val (lists[k], gap);
        }
    }
}

/* Upstream's BadMemoryRanges names the gaps by their place in the
 * document ("MMIO gaps 1 and 2"); the editor shows them as Low MMIO gap,
 * High MMIO gap and rows of lists. The same checks as mv_layout_new(), in
 * its order, find the gaps at fault and name them as the editor does.
 * Returns %NULL when it is not about two gaps. */
static char *
describe_gap_error (const MvDocument *doc,
                    GapRole          *roles)
{
  GArray *lists[3];
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (NamedGap));
  char *why = NULL;

  name_gaps (doc, lists);
  for (guint k = 0; k < 3 && why == NULL; k++)
    for (guint i = 0; i < lists[k]->len && why == NULL; i++)
      {
        const NamedGap *g = &g_array_index (lists[k], NamedGap, i);
        const NamedGap *prev = i > 0 ? &g_array_index (lists[k], NamedGap, i - 1) : NULL;

        if (mv_range_is_empty (&g->range))
          {
            why = g_strdup_printf ("%s is empty", g->name);
            *roles = g->role;
          }
        else if (prev != NULL && mv_range_overlaps (&prev->range, &g->range))
          {
            why = g_strdup_printf ("%s and %s overlap", prev->name, g->name);
            *roles = prev->role | g->role;
          }
        else if (prev != NULL && mv_range_compare (&prev->range, &g->range) > 0)
          {
            why = g_strdup_printf ("%s and %s are out of order", prev->name, g->name);
            *roles = prev->role | g->role;
          }
      }

  for (guint k = 0; k < 3 && why == NULL; k++)
    g_array_append_vals (all, lists[k]->data, lists[k]->len);
  g_array_sort (all, compare_named_gaps);
  for (guint i = 1; i < all->len && why == NULL; i++)
    {
      const NamedGap *a = &g_array_index (all, NamedGap, i - 1);
      const NamedGap *b = &g_array_index (all, NamedGap, i);

      if (mv_range_overlaps (&a->range, &b->range))
        {
          why = g_strdup_printf ("%s and %s overlap", a->name, b->name);
          *roles = a->role | b->role;
        }
    }

  for (guint k = 0; k < 3; k++)
    g_array_unref (lists[k]);  /* frees the names @all shares */
  return why;
}

/**
 * mv_scenario_error_message:
 * @scenario: a computed scenario
 * @doc: the document it was computed from
 * @field_out: (out): the editor field the error belongs to ("ram", "numa",
 *   "vtl2", "mmio", "low-mmio", "high-mmio"), or %NULL
 *
 * Returns: (transfer full) (nullable): the message of the scenario's layout
 * or MTRR error, upstream's error kind first, or %NULL when it computed.
 */
char *
mv_scenario_error_message (const MvScenario *scenario,
                           const MvDocument *doc,
                           const char      **field_out)
{
  if (scenario->layout_error != NULL)
    {
      g_autofree char *message = NULL;
      const char *field = layout_error_field (scenario->layout_error);
      g_autofree char *gaps = NULL;
      GapRole roles = 0;

      if (g_error_matches (scenario->layout_error, MV_LAYOUT_ERROR, MV_LAYOUT_ERROR_BAD_MEMORY_RANGES))
        gaps = describe_gap_error (doc, &roles);
      if (gaps != NULL)
        {
          /* Upstream's error kind, the gaps in the editor's words. */
          message = g_strdup_printf ("%s: invalid memory or MMIO ranges: %s",
                                     scenario->layout_error_name ? scenario->layout_error_name
                                                                 : "BadMemoryRanges",
                                     gaps);
          if (roles == GAP_LOW)
            field = "low-mmio";
          else if (roles == GAP_HIGH)
            field = "high-mmio";
        }
      else if (scenario->layout_error_name != NULL)
        message = g_strdup_printf ("%s: %s", scenario->layout_error_name,
                                   scenario->layout_error->message);
      else
        message = g_strdup (scenario->layout_error->message);
      *field_out = field;
      return g_steal_pointer (&message);
    }
  else if (scenario->mtrr_error != NULL)
    {
      g_autofree char *message = NULL;
      const char *field = "mmio";

      if (scenario->mtrr_error->domain == MV_MTRR_ERROR)
        field = scenario->mtrr_error->code == MV_MTRR_ERROR_LOW_MMIO_AT_ZERO ?
                "low-mmio" : "high-mmio";
      if (scenario->mtrr_error_name != NULL)
        message = g_strdup_printf ("%s: %s", scenario->mtrr_error_name,
                                   scenario->mtrr_error->message);
      else
        message = g_strdup (scenario->mtrr_error->message);
      *field_out = field;
      return g_steal_pointer (&message);
    }
  *field_out = NULL;
  return NULL;
}
