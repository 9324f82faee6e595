/* SPDX-License-Identifier: MIT */
/* The scene: lanes of bars along the address axis, diagnostics and the
 * tables, built from core results. Sized by the number of ranges and
 * registers, never by the size of the ranges or the number of pages. */
#include "mv-scene.h"
#include "mv-scene-mask.h"
#include "mv-scene-versions.h"

#include <string.h>

#include "mv-parse.h"

/* ---- Fills -------------------------------------------------------------- */

static const struct
{
  const char *name;
  const char *description;
} fill_info[MV_FILL_N] = {
  [MV_FILL_RAM] = { "RAM", "RAM" },
  [MV_FILL_MMIO] = { "MMIO", "MMIO gap" },
  [MV_FILL_PCI_ECAM] = { "PCI ECAM", "PCI configuration space (ECAM)" },
  [MV_FILL_PCI_MMIO] = { "PCI MMIO", "PCI MMIO (BARs)" },
  [MV_FILL_VTL2] = { "VTL2", "VTL2 memory" },
  [MV_FILL_UC] = { "UC", "uncacheable" },
  [MV_FILL_WC] = { "WC", "write-combining" },
  [MV_FILL_WT] = { "WT", "write-through" },
  [MV_FILL_WP] = { "WP", "write-protected" },
  [MV_FILL_WB] = { "WB", "write-back" },
  [MV_FILL_RESERVED] = { "reserved", "reserved type encoding" },
  [MV_FILL_UNDEFINED] = { "undefined", "undefined: conflicting pairs" },
  [MV_FILL_DATA] = { "data", "pages with data" },
  [MV_FILL_ZERO] = { "zero", "zero-filled pages" },
  [MV_FILL_UNMEASURED] = { "unmeasured", "unmeasured data" },
  [MV_FILL_SHARED] = { "shared", "shared with the host" },
  [MV_FILL_SECRETS] = { "secrets", "secrets page" },
  [MV_FILL_CPUID] = { "CPUID", "CPUID page" },
  [MV_FILL_PARAMETER] = { "parameter", "parameter area" },
  [MV_FILL_VMSA] = { "VMSA", "VP context (VMSA) page" },
  [MV_FILL_REQUIRED] = { "required", "memory required present" },
  [MV_FILL_E820_RESERVED] = { "e820 reserved", "the guest is told: reserved" },
  [MV_FILL_E820_ACPI] = { "e820 ACPI", "the guest is told: ACPI data or NVS" },
};

const char *
mv_fill_name (MvFill fill)
{
  g_return_val_if_fail (fill < MV_FILL_N, "?");
  return fill_info[fill].name;
}

const char *
mv_fill_description (MvFill fill)
{
  g_return_val_if_fail (fill < MV_FILL_N, "?");
  return fill_info[fill].description;
}

gboolean
mv_fill_is_mem_type (MvFill fill)
{
  return fill >= MV_FILL_UC && fill <= MV_FILL_UNDEFINED;
}

MvFill
mv_fill_for_mem_type (guint type)
{
  switch (type)
    {
    case MV_MEM_TYPE_UC: return MV_FILL_UC;
    case MV_MEM_TYPE_WC: return MV_FILL_WC;
    case MV_MEM_TYPE_WT: return MV_FILL_WT;
    case MV_MEM_TYPE_WP: return MV_FILL_WP;
    case MV_MEM_TYPE_WB: return MV_FILL_WB;
    case MV_MEM_TYPE_UNDEFINED: return MV_FILL_UNDEFINED;
    default: return MV_FILL_RESERVED;
    }
}

/* ---- Formatting ----------------------------------------------------------- */

/**
 * mv_scene_format_size:
 * A size in the largest binary unit it reaches: exact when it is a whole
 * number of that unit ("640 KiB", "3968 MiB"), else three significant
 * digits ("3.88 GiB").
 */
char *
mv_scene_format_size (guint64 bytes)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  guint u = 0;
  double v;
  char buf[32];

  if (bytes == 0)
    return g_strdup ("0 B");

  while (u + 1 < G_N_ELEMENTS (units) && (bytes >> (10 * (u + 1))) > 0)
    u++;

  /* Exact in this unit or the one below, and short: say it exactly. */
  for (int k = (int) u; k >= 0 && k >= (int) u - 1; k--)
    {
      guint64 unit = (guint64) 1 << (10 * k);

      if (bytes % unit == 0 && bytes / unit < 10000)
        return g_strdup_printf ("%" G_GUINT64_FORMAT " %s", bytes / unit, units[k]);
    }

  v = (double) bytes / (double) ((guint64) 1 << (10 * u));
  if (v < 10.0)
    g_snprintf (buf, sizeof buf, "%.2f", v);
  else if (v < 100.0)
    g_snprintf (buf, sizeof buf, "%.1f", v);
  else
    g_snprintf (buf, sizeof buf, "%.0f", v);
  if (strchr (buf, '.') != NULL)
    {
      char *end = buf + strlen (buf) - 1;

      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  return g_strdup_printf ("%s %s", buf, units[u]);
}

char *
mv_scene_format_addr (guint64 addr)
{
  if (addr == G_MAXUINT64)
    return g_strdup ("2^64");
  return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", addr);
}

char *
mv_scene_format_range (guint64 start,
                       guint64 end)
{
  g_autofree char *a = mv_scene_format_addr (start);
  g_autofree char *b = mv_scene_format_addr (end);

  return g_strdup_printf ("%s\u2013%s", a, b);
}

/* ---- Scene ------------------------------------------------------------------ */

static void
item_clear (gpointer data)
{
  MvSceneItem *item = data;

  g_free (item->label);
  g_free (item->detail);
}

static void
lane_free (gpointer data)
{
  MvSceneLane *lane = data;

  g_free (lane->title);
  g_free (lane->subtitle);
  g_free (lane->heading);
  g_free (lane->heading_note);
  g_array_unref (lane->items);
  mv_scene_runs_free (lane->runs);
  g_free (lane);
}

static void
mark_clear (gpointer data)
{
  MvSceneMark *mark = data;

  g_free (mark->message);
  g_free (mark->id);
}

MvScene *
mv_scene_new (const char *title,
              const char *subtitle)
{
  MvScene *scene = g_new0 (MvScene, 1);

  scene->title = g_strdup (title);
  scene->subtitle = g_strdup (subtitle);
  scene->lanes = g_ptr_array_new_with_free_func (lane_free);
  scene->marks = g_array_new (FALSE, FALSE, sizeof (MvSceneMark));
  g_array_set_clear_func (scene->marks, mark_clear);
  scene->gdt = g_array_new (FALSE, FALSE, sizeof (MvSceneGdtEntry));
  scene->segments = g_array_new (FALSE, FALSE, sizeof (MvX86Register));
  scene->scale = MV_SCALE_FOCUS;
  return scene;
}

void
mv_scene_free (MvScene *scene)
{
  if (scene == NULL)
    return;
  g_free (scene->title);
  g_free (scene->subtitle);
  g_ptr_array_unref (scene->lanes);
  g_array_unref (scene->marks);
  mv_scene_table_free (scene->mtrr_table);
  mv_scene_table_free (scene->mtrr_beside_table);
  g_clear_pointer (&scene->axis, mv_scale_free);
  mv_scene_table_free (scene->boot_table);
  mv_scene_table_free (scene->boot_imports);
  mv_scene_table_free (scene->boot_e820);
  g_free (scene->boot_hint);
  mv_scene_table_free (scene->pages_table);
  mv_scene_table_free (scene->vp_table);
  g_array_unref (scene->gdt);
  g_array_unref (scene->segments);
  mv_mask_scene_free (scene->mask);
  mv_versions_scene_free (scene->versions);
  g_free (scene);
}

/**
 * mv_scene_set_mask:
 * @mask: (transfer full) (nullable): the masked compare the explain view
 *   draws
 */
void
mv_scene_set_mask (MvScene             *scene,
                   struct _MvMaskScene *mask)
{
  g_return_if_fail (scene != NULL);

  if (scene->mask != mask)
    mv_mask_scene_free (scene->mask);
  scene->mask = mask;
}

/**
 * mv_scene_set_versions:
 * @versions: (transfer full) (nullable): OpenVMM's versions side by
 *   side, which the versions view draws
 */
void
mv_scene_set_versions (MvScene                 *scene,
                       struct _MvVersionsScene *versions)
{
  g_return_if_fail (scene != NULL);

  if (scene->versions != versions)
    mv_versions_scene_free (scene->versions);
  scene->versions = versions;
}

void
mv_scene_set_scale (MvScene     *scene,
                    MvScaleKind  kind)
{
  g_return_if_fail (scene != NULL);
  g_return_if_fail (kind <= MV_SCALE_LOG);
  scene->scale = kind;
}

/**
 * mv_scene_set_window:
 * Shows only `[start, end)`: a close-up. `0-0` shows everything again.
 */
gboolean
mv_scene_set_window (MvScene  *scene,
                     guint64   start,
                     guint64   end,
                     GError  **error)
{
  g_return_val_if_fail (scene != NULL, FALSE);

  if (start == 0 && end == 0)
    {
      scene->has_window = FALSE;
      return TRUE;
    }
  if (end <= start)
    {
      g_set_error (error, MV_RANGE_ERROR, MV_RANGE_ERROR_REVERSED,
                   "the zoom window 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                   "x is empty: its end must be above its start", start, end);
      return FALSE;
    }
  scene->has_window = TRUE;
  scene->window_start = start;
  scene->window_end = end;
  return TRUE;
}

MvSceneLane *
mv_scene_add_lane (MvScene    *scene,
                   MvLaneKind  kind,
                   const char *title,
                   const char *subtitle)
{
  MvSceneLane *lane;

  g_return_val_if_fail (scene != NULL, NULL);

  lane = g_new0 (MvSceneLane, 1);
  lane->kind = kind;
  lane->title = g_strdup (title);
  lane->subtitle = g_strdup (subtitle);
  lane->n_rows = 1;
  lane->extends_axis = kind != MV_LANE_EFFECTIVE;
  lane->items = g_array_new (FALSE, FALSE, sizeof (MvSceneItem));
  g_array_set_clear_func (lane->items, item_clear);
  g_ptr_array_add (scene->lanes, lane);
  return lane;
}

MvSceneItem *
mv_scene_lane_add_item (MvSceneLane *lane,
                        guint64      start,
                        guint64      end,
                        MvFill       fill,
                        MvItemFlags  flags,
                        guint        row,
                        const char  *label,
                        const char  *detail)
{
  MvSceneItem item = {
    .start = start,
    .end = MAX (end, start),
    .fill = fill,
    .flags = flags,
    .row = row,
    .label = g_strdup (label),
    .detail = g_strdup (detail),
  };

  g_return_val_if_fail (lane != NULL, NULL);
  g_return_val_if_fail (fill < MV_FILL_N, NULL);

  g_array_append_val (lane->items, item);
  lane->n_rows = MAX (lane->n_rows, row + 1);
  return &g_array_index (lane->items, MvSceneItem, lane->items->len - 1);
}

typedef struct
{
  guint64 start;
  guint   index;
} PackKey;

static int
pack_key_compare (gconstpointer a,
                  gconstpointer b)
{
  const PackKey *x = a;
  const PackKey *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (int) x->index - (int) y->index;
}

/**
 * mv_scene_lane_pack:
 * Puts overlapping items on separate rows (at most @max_rows; past that
 * they share the last row). O(n log n + n * max_rows).
 */
void
mv_scene_lane_pack (MvSceneLane *lane,
                    guint        max_rows)
{
  g_autofree PackKey *keys = NULL;
  g_autofree guint64 *row_end = NULL;
  guint n;

  g_return_if_fail (lane != NULL);

  n = lane->items->len;
  max_rows = MAX (max_rows, 1);
  keys = g_new (PackKey, MAX (n, 1));
  row_end = g_new0 (guint64, max_rows);
  for (guint i = 0; i < n; i++)
    {
      keys[i].start = g_array_index (lane->items, MvSceneItem, i).start;
      keys[i].index = i;
    }
  qsort (keys, n, sizeof (PackKey), pack_key_compare);

  lane->n_rows = 1;
  for (guint i = 0; i < n; i++)
    {
      MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, keys[i].index);
      guint row = max_rows - 1;

      for (guint r = 0; r < max_rows; r++)
        if (row_end[r] <= item->start)
          {
            row = r;
            break;
          }
      item->row = row;
      row_end[row] = MAX (row_end[row], item->end);
      lane->n_rows = MAX (lane->n_rows, row + 1);
    }
}

int
mv_scene_find_lane (const MvScene *scene,
                    MvLaneKind     kind,
                    guint          nth)
{
  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

      if (lane->kind == kind && nth-- == 0)
        return (int) i;
    }
  return -1;
}

/* Returns: the mark's index in @scene's marks */
guint
mv_scene_add_mark (MvScene        *scene,
                   MvMarkSeverity  severity,
                   int             lane,
                   gboolean        has_range,
                   guint64         start,
                   guint64         end,
                   const char     *message)
{
  MvSceneMark mark = {
    .severity = severity,
    .lane = lane < (int) scene->lanes->len ? lane : -1,
    .has_range = has_range,
    .start = start,
    .end = MAX (start, end),
    .message = g_strdup (message),
  };

  g_array_append_val (scene->marks, mark);
  return scene->marks->len - 1;
}

/**
 * mv_scene_set_mark_id:
 * @mark: an index mv_scene_add_mark() returned
 * @id: what the mark is about: "diagnostic/N" (an #MvDiagnostic's id),
 *   "shortfall", "import/NAME"
 *
 * Whoever lists the diagnostics finds each one's mark by its id, not by
 * its words: two marks may say the same, and either may be reworded.
 */
void
mv_scene_set_mark_id (MvScene    *scene,
                      guint       mark,
                      const char *id)
{
  MvSceneMark *m;

  g_return_if_fail (mark < scene->marks->len);
  m = &g_array_index (scene->marks, MvSceneMark, mark);
  g_free (m->id);
  m->id = g_strdup (id);
}

static gint
mark_order (gconstpointer a,
            gconstpointer b)
{
  const MvSceneMark *x = a;
  const MvSceneMark *y = b;

  return mv_diagnostic_order ((MvSeverity) MIN (x->severity, MV_MARK_ERROR), x->has_range, x->start, x->end,
                              (MvSeverity) MIN (y->severity, MV_MARK_ERROR), y->has_range, y->start, y->end);
}

/**
 * mv_scene_sort_marks:
 * Puts the scene's marks, which number its diagnostics from 1, in the one
 * order diagnostics are listed in (mv_diagnostic_order(); marks it does
 * not order keep the order they were added in). Call it once every mark
 * is added: a mark's index changes, its id does not.
 */
void
mv_scene_sort_marks (MvScene *scene)
{
  g_return_if_fail (scene != NULL);
  /* g_array_sort is a stable sort. */
  g_array_sort (scene->marks, mark_order);
}

/**
 * mv_scene_find_mark:
 *
 * Returns: the number of the mark with @id (marks are numbered from 1 as
 *   listed), or 0 when none has it
 */
guint
mv_scene_find_mark (const MvScene *scene,
                    const char    *id)
{
  for (guint i = 0; scene != NULL && id != NULL && i < scene->marks->len; i++)
    if (g_strcmp0 (g_array_index (scene->marks, MvSceneMark, i).id, id) == 0)
      return i + 1;
  return 0;
}

/**
 * mv_scene_mark_text:
 * A diagnostic as listed: its severity in a word, then its message.
 */
char *
mv_scene_mark_text (const MvSceneMark *mark)
{
  /* A mark's severity is the diagnostic's, named by core. */
  G_STATIC_ASSERT ((int) MV_MARK_NOTE == (int) MV_SEVERITY_NOTE &&
                   (int) MV_MARK_WARNING == (int) MV_SEVERITY_WARNING &&
                   (int) MV_MARK_ERROR == (int) MV_SEVERITY_ERROR);

  return g_strdup_printf ("%s: %s", mv_severity_name ((MvSeverity) MIN (mark->severity, MV_MARK_ERROR)),
                          mark->message);
}

void
mv_scene_get_extent (const MvScene *scene,
                     guint64       *start,
                     guint64       *end)
{
  guint64 lo = G_MAXUINT64, hi = 0;

  if (scene->has_window)
    {
      *start = scene->window_start;
      *end = scene->window_end;
      return;
    }
  if (scene->has_extent)
    {
      *start = scene->extent_start;
      *end = scene->extent_end;
      return;
    }

  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

      if (!lane->extends_axis)
        continue;
      if (lane->runs != NULL && lane->items->len == 0 && mv_scene_runs_get_n (lane->runs) > 0)
        {
          guint64 a, b;

          mv_scene_runs_get_extent (lane->runs, &a, &b);
          lo = MIN (lo, a);
          hi = MAX (hi, b);
        }
      for (guint k = 0; k < lane->items->len; k++)
        {
          const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, k);

          if (item->flags & MV_ITEM_MATCHED)
            continue;
          lo = MIN (lo, item->start);
          hi = MAX (hi, item->end);
        }
    }

  if (hi <= lo)
    {
      lo = 0;
      hi = MV_FOUR_GB;
    }
  /* Memory maps start at 0: do so unless everything is far above it. */
  if (lo < (hi - lo) / 8)
    lo = 0;
  *start = lo;
  *end = hi;
}

/* ---- Tables ----------------------------------------------------------------- */

static void
column_clear (gpointer data)
{
  MvTableColumn *c = data;

  g_free (c->title);
}

static void
row_clear (gpointer data)
{
  MvTableRow *r = data;

  g_strfreev (r->cells);
  g_free (r->keys);
}

MvSceneTable *
mv_scene_table_new (const char *title)
{
  MvSceneTable *t = g_new0 (MvSceneTable, 1);

  t->title = g_strdup (title);
  t->columns = g_array_new (FALSE, FALSE, sizeof (MvTableColumn));
  g_array_set_clear_func (t->columns, column_clear);
  t->rows = g_array_new (FALSE, FALSE, sizeof (MvTableRow));
  g_array_set_clear_func (t->rows, row_clear);
  t->sort_column = -1;
  return t;
}

void
mv_scene_table_free (MvSceneTable *table)
{
  if (table == NULL)
    return;
  g_free (table->title);
  g_free (table->note);
  g_array_unref (table->columns);
  g_array_unref (table->rows);
  g_free (table);
}

void
mv_scene_table_add_column (MvSceneTable  *table,
                           const char    *title,
                           MvColumnFlags  flags)
{
  MvTableColumn c = { g_strdup (title), flags };

  g_array_append_val (table->columns, c);
}

/**
 * mv_scene_table_add_row:
 * Adds a row with one cell per column (missing cells are empty). Returns
 * it, or NULL when the table is full (the row is counted as omitted).
 */
MvTableRow *
mv_scene_table_add_row (MvSceneTable      *table,
                        const char *const *cells)
{
  MvTableRow row = { 0 };
  guint n = table->columns->len;
  guint i;

  if (table->rows->len >= MV_SCENE_MAX_TABLE_ROWS)
    {
      table->n_omitted++;
      return NULL;
    }
  row.cells = g_new0 (char *, n + 1);
  row.keys = g_new0 (guint64, MAX (n, 1));
  for (i = 0; i < n && cells != NULL && cells[i] != NULL; i++)
    row.cells[i] = g_strdup (cells[i]);
  for (; i < n; i++)
    row.cells[i] = g_strdup ("");
  g_array_append_val (table->rows, row);
  return &g_array_index (table->rows, MvTableRow, table->rows->len - 1);
}

/* ---- Builders ----------------------------------------------------------------- */

static char *
range_detail (guint64 start,
              guint64 end)
{
  g_autofree char *range = mv_scene_format_range (start, end);
  g_autofree char *size = mv_scene_format_size (end - start);

  return g_strdup_printf ("%s \u00b7 %s", range, size);
}

static void
add_gap_items (MvSceneLane *lane,
               GArray      *ranges,
               MvFill       fill)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      const MvRange *r = &g_array_index (ranges, MvRange, i);
      g_autofree char *detail = range_detail (r->start, r->end);

      if (mv_range_is_empty (r))
        continue;
      mv_scene_lane_add_item (lane, r->start, r->end, fill, 0, 0,
                              mv_fill_name (fill), detail);
    }
}

/**
 * mv_scene_add_layout:
 * The layout lane: RAM by NUMA node, MMIO, PCI ECAM, PCI MMIO and VTL2.
 */
void
mv_scene_add_layout (MvScene        *scene,
                     const MvLayout *layout)
{
  MvSceneLane *lane;
  g_autofree char *ram = NULL;
  g_autofree char *subtitle = NULL;
  guint n_nodes = 0;

  g_return_if_fail (scene != NULL);
  g_return_if_fail (layout != NULL);

  for (guint i = 0; i < layout->ram->len; i++)
    n_nodes = MAX (n_nodes, g_array_index (layout->ram, MvRamRange, i).vnode + 1);

  ram = mv_scene_format_size (mv_layout_ram_size (layout));
  if (n_nodes > 1)
    subtitle = g_strdup_printf ("%s RAM, %u nodes", ram, n_nodes);
  else
    subtitle = g_strdup_printf ("%s RAM", ram);
  lane = mv_scene_add_lane (scene, MV_LANE_LAYOUT, "Layout", subtitle);

  for (guint i = 0; i < layout->ram->len; i++)
    {
      const MvRamRange *r = &g_array_index (layout->ram, MvRamRange, i);
      g_autofree char *label = NULL;
      g_autofree char *detail = range_detail (r->range.start, r->range.end);

      label = n_nodes > 1 ? g_strdup_printf ("RAM node %u", r->vnode) : g_strdup ("RAM");
      mv_scene_lane_add_item (lane, r->range.start, r->range.end, MV_FILL_RAM,
                              (r->vnode & 1) ? MV_ITEM_ALT : 0, 0, label, detail);
    }
  add_gap_items (lane, layout->mmio, MV_FILL_MMIO);
  add_gap_items (lane, layout->pci_ecam, MV_FILL_PCI_ECAM);
  add_gap_items (lane, layout->pci_mmio, MV_FILL_PCI_MMIO);
  if (layout->has_vtl2 && !mv_range_is_empty (&layout->vtl2))
    {
      g_autofree char *detail = range_detail (layout->vtl2.start, layout->vtl2.end);

      mv_scene_lane_add_item (lane, layout->vtl2.start, layout->vtl2.end, MV_FILL_VTL2,
                              0, 0, "VTL2", detail);
    }
  mv_scene_lane_pack (lane, 3);
}

/**
 * mv_scene_set_gdt:
 * The GDT view: @bytes are the descriptors (8 each) at @base, and
 * @registers the GDTR and segment registers as imported.
 */
void
mv_scene_set_gdt (MvScene             *scene,
                  guint64              base,
                  const guint8        *bytes,
                  gsize                n_bytes,
                  const MvX86Register *registers,
                  gsize                n_registers)
{
  g_return_if_fail (scene != NULL);

  scene->has_gdt = TRUE;
  scene->gdt_base = base;
  scene->gdt_limit = n_bytes > 0 ? (guint) n_bytes - 1 : 0;
  g_array_set_size (scene->gdt, 0);
  g_array_set_size (scene->segments, 0);
  for (gsize i = 0; i + 8 <= n_bytes && i / 8 < 64; i += 8)
    {
      MvSceneGdtEntry e = { .index = (guint) (i / 8) };

      mv_gdt_decode (bytes + i, &e.desc);
      g_array_append_val (scene->gdt, e);
    }
  for (gsize i = 0; i < n_registers; i++)
    {
      MvRegKind kind = mv_reg_name_kind (registers[i].name);

      if (kind == MV_REG_KIND_TABLE || kind == MV_REG_KIND_SEGMENT)
        g_array_append_val (scene->segments, registers[i]);
    }
}
