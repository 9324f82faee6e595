/* SPDX-License-Identifier: MIT */
/* An IGVM file's scene, one platform at a time: its pages by kind (the
 * page map lane and table), the memory it requires, its VP contexts (the
 * VP context table) and its diagnostics as marks. Sized by the file's
 * runs and headers, never by its pages. */
#include "mv-scene-igvm.h"

#include "mv-scene-mtrr.h"

/* The page map table's columns. */
enum {
  IGVM_COL_RANGE,
  IGVM_COL_SIZE,
  IGVM_COL_KIND,
  IGVM_COL_FLAGS,
  IGVM_COL_MASK,
  IGVM_COL_HEADERS,
  IGVM_COL_OFFSET,
  IGVM_COL_CRC32,
  IGVM_N_COLS
};

/* The platform types as people write them. */
static const char *
platform_title (guint8 type)
{
  switch (type)
    {
    case MV_IGVM_PLATFORM_NATIVE: return "Native";
    case MV_IGVM_PLATFORM_VSM_ISOLATION: return "VSM isolation";
    case MV_IGVM_PLATFORM_SEV_SNP: return "SEV-SNP";
    case MV_IGVM_PLATFORM_TDX: return "TDX";
    case MV_IGVM_PLATFORM_SEV: return "SEV";
    case MV_IGVM_PLATFORM_SEV_ES: return "SEV-ES";
    case MV_IGVM_PLATFORM_CCA: return "CCA";
    default: return NULL;
    }
}

/**
 * mv_scene_igvm_platform_label:
 * A platform as the window's selector and the picture's subtitle name
 * it: "VSM isolation (mask 0x1)".
 *
 * Returns: (transfer full): the label
 */
char *
mv_scene_igvm_platform_label (const MvIgvmPlatform *platform)
{
  const char *title;

  g_return_val_if_fail (platform != NULL, NULL);

  title = platform_title (platform->type);
  if (title == NULL)
    return g_strdup_printf ("Platform type 0x%x (mask 0x%x)", platform->type, platform->mask);
  return g_strdup_printf ("%s (mask 0x%x)", title, platform->mask);
}

/**
 * mv_scene_igvm_shows:
 * Whether something with compatibility mask @item_mask belongs to the
 * platform @mask; mask 0 (no platform chosen, or none in the file) shows
 * everything.
 */
gboolean
mv_scene_igvm_shows (guint32 item_mask,
                     guint32 mask)
{
  return mask == 0 || (item_mask & mask) != 0;
}

static MvFill
run_fill (const MvIgvmRun *run)
{
  switch (run->kind)
    {
    case MV_IGVM_PAGE_PARAMETER: return MV_FILL_PARAMETER;
    case MV_IGVM_PAGE_VMSA: return MV_FILL_VMSA;
    case MV_IGVM_PAGE_SECRETS: return MV_FILL_SECRETS;
    case MV_IGVM_PAGE_CPUID_DATA:
    case MV_IGVM_PAGE_CPUID_XF: return MV_FILL_CPUID;
    case MV_IGVM_PAGE_NORMAL:
    default:
      if (run->shared)
        return MV_FILL_SHARED;
      if (run->unmeasured)
        return MV_FILL_UNMEASURED;
      return run->zero ? MV_FILL_ZERO : MV_FILL_DATA;
    }
}

/* A parameter header's type as people say it: "VP count". */
static const char *
usage_title (guint32 type)
{
  switch (type)
    {
    case MV_IGVM_VHT_VP_COUNT_PARAMETER: return "VP count";
    case MV_IGVM_VHT_SRAT: return "SRAT";
    case MV_IGVM_VHT_MADT: return "MADT";
    case MV_IGVM_VHT_MMIO_RANGES: return "MMIO ranges";
    case MV_IGVM_VHT_MEMORY_MAP: return "memory map";
    case MV_IGVM_VHT_COMMAND_LINE: return "command line";
    case MV_IGVM_VHT_SLIT: return "SLIT";
    case MV_IGVM_VHT_PPTT: return "PPTT";
    case MV_IGVM_VHT_DEVICE_TREE: return "device tree";
    case MV_IGVM_VHT_ENVIRONMENT_INFO_PARAMETER: return "environment info";
    default: return mv_igvm_header_type_name (type);
    }
}

/* The parameter headers that name area @index, as a list of their types'
 * names ("VP count, command line"). */
static char *
area_usages (const MvIgvmFile *file,
             guint32           index)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; file->parameter_usages != NULL && i < file->parameter_usages->len; i++)
    {
      const MvIgvmParameterUsage *u = &g_array_index (file->parameter_usages, MvIgvmParameterUsage, i);

      if (u->area_index != index)
        continue;
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", usage_title (u->type));
    }
  return g_string_free (s, FALSE);
}

/* What a run is, in a few words: the label on its bar and its table cell. */
static char *
run_kind_text (const MvIgvmFile *file,
               const MvIgvmRun  *run)
{
  if (run->kind == MV_IGVM_PAGE_PARAMETER)
    {
      g_autofree char *usages = area_usages (file, run->parameter_area);

      if (*usages != '\0')
        return g_strdup_printf ("parameter area %u (%s)", run->parameter_area, usages);
      return g_strdup_printf ("parameter area %u", run->parameter_area);
    }
  switch (run->kind)
    {
    case MV_IGVM_PAGE_VMSA: return g_strdup ("VMSA");
    case MV_IGVM_PAGE_SECRETS: return g_strdup ("secrets");
    case MV_IGVM_PAGE_CPUID_DATA: return g_strdup ("CPUID data");
    case MV_IGVM_PAGE_CPUID_XF: return g_strdup ("CPUID XF");
    case MV_IGVM_PAGE_NORMAL:
    default:
      /* As its bar's fill says. */
      if (run->shared)
        return g_strdup ("shared");
      if (run->unmeasured)
        return g_strdup ("unmeasured");
      return g_strdup (run->zero ? "zero" : "data");
    }
}

/* A run's flags as bits (MvSceneRun.note), for the texts made from them. */
enum {
  RUN_ZERO       = 1 << 0,   /* zero, and not a parameter area */
  RUN_UNMEASURED = 1 << 1,
  RUN_SHARED     = 1 << 2,
  RUN_LARGE      = 1 << 3,
  RUN_OVERLAP    = 1 << 4,
};

static guint
run_note (const MvIgvmRun *run,
          gboolean         overlap)
{
  return (run->zero && run->kind != MV_IGVM_PAGE_PARAMETER ? RUN_ZERO : 0) |
         (run->unmeasured ? RUN_UNMEASURED : 0) | (run->shared ? RUN_SHARED : 0) |
         (run->large ? RUN_LARGE : 0) | (overlap ? RUN_OVERLAP : 0);
}

static char *
run_flags_text (guint note)
{
  GString *s = g_string_new (NULL);

  if (note & RUN_ZERO)
    g_string_append (s, "zero");
  if (note & RUN_UNMEASURED)
    g_string_append_printf (s, "%sunmeasured", s->len ? ", " : "");
  if (note & RUN_SHARED)
    g_string_append_printf (s, "%sshared", s->len ? ", " : "");
  if (note & RUN_LARGE)
    g_string_append_printf (s, "%s2 MiB pages", s->len ? ", " : "");
  if (note & RUN_OVERLAP)
    g_string_append_printf (s, "%soverlaps another run", s->len ? ", " : "");
  return g_string_free (s, FALSE);
}

/* A bar's label ("data \u00b7 4 KiB") or detail (its range and flags). */
static char *
run_text (const char *kind,
          guint64     start,
          guint64     end,
          guint       note,
          gboolean    detail)
{
  g_autofree char *text = NULL;
  g_autofree char *flags = NULL;

  if (!detail)
    {
      text = mv_scene_format_size (end - start);
      return g_strdup_printf ("%s \u00b7 %s", kind, text);
    }
  text = mv_scene_format_range (start, end);
  flags = run_flags_text (note);
  return *flags != '\0' ? g_strdup_printf ("%s \u00b7 %s", text, flags) : g_steal_pointer (&text);
}

/* The texts of a run of a lane too long for a bar per run. */
static char *
indexed_run_text (const MvSceneRun *run,
                  gboolean          detail)
{
  return run_text (run->tag, run->start, run->end, run->note, detail);
}

/* Which of the runs shown for @mask overlap another one shown (the runs
 * are in address order): their bars and rows are outlined as errors, as
 * a document's overlapping imports are. */
static gboolean *
find_overlaps (const MvIgvmFile *file,
               guint32           mask)
{
  gboolean *overlaps = g_new0 (gboolean, MAX (file->runs->len, 1));
  guint64 max_end = 0;
  guint max_index = 0;
  gboolean any = FALSE;

  for (guint i = 0; i < file->runs->len; i++)
    {
      const MvIgvmRun *run = &g_array_index (file->runs, MvIgvmRun, i);

      if (!mv_scene_igvm_shows (run->mask, mask))
        continue;
      if (any && run->range.start < max_end)
        overlaps[i] = overlaps[max_index] = TRUE;
      if (!any || run->range.end > max_end)
        {
          max_end = run->range.end;
          max_index = i;
        }
      any = TRUE;
    }
  return overlaps;
}

static void
add_pages (MvScene          *scene,
           const MvIgvmFile *file,
           guint32           mask)
{
  MvSceneLane *lane = NULL;
  MvSceneTable *table;
  g_autofree gboolean *overlaps = find_overlaps (file, mask);
  gboolean items;
  guint n = 0;
  guint64 bytes = 0;

  g_clear_pointer (&scene->pages_table, mv_scene_table_free);
  table = scene->pages_table = mv_scene_table_new ("Page map");
  mv_scene_table_add_column (table, "GPA range", MV_COLUMN_MONO | MV_COLUMN_SORT_KEY);
  mv_scene_table_add_column (table, "Size", MV_COLUMN_RIGHT | MV_COLUMN_SORT_KEY);
  mv_scene_table_add_column (table, "Kind", MV_COLUMN_SWATCH);
  mv_scene_table_add_column (table, "Flags", MV_COLUMN_TEXT);
  mv_scene_table_add_column (table, "Mask", MV_COLUMN_MONO | MV_COLUMN_SORT_KEY);
  mv_scene_table_add_column (table, "Headers", MV_COLUMN_RIGHT | MV_COLUMN_SORT_KEY);
  mv_scene_table_add_column (table, "File offset", MV_COLUMN_MONO | MV_COLUMN_SORT_KEY);
  mv_scene_table_add_column (table, "CRC32", MV_COLUMN_MONO);
  table->sortable = TRUE;

  for (guint i = 0; i < file->runs->len; i++)
    {
      const MvIgvmRun *run = &g_array_index (file->runs, MvIgvmRun, i);

      if (mv_scene_igvm_shows (run->mask, mask))
        {
          n++;
          bytes += mv_range_len (&run->range);
        }
    }
  if (n > 0)
    {
      g_autofree char *size = mv_scene_format_size (bytes);
      g_autofree char *subtitle = g_strdup_printf ("%u run%s, %s", n, n == 1 ? "" : "s", size);

      lane = mv_scene_add_lane (scene, MV_LANE_PAGES, "Pages", subtitle);
    }

  items = n <= MV_SCENE_MAX_LANE_ITEMS;
  if (lane != NULL)
    lane->runs = mv_scene_runs_new (indexed_run_text, n);
  for (guint i = 0; i < file->runs->len; i++)
    {
      const MvIgvmRun *run = &g_array_index (file->runs, MvIgvmRun, i);
      MvFill fill = run_fill (run);
      guint note = run_note (run, overlaps[i]);
      MvSceneRun *indexed;
      g_autofree char *range = NULL;
      g_autofree char *size = NULL;
      g_autofree char *kind = NULL;
      g_autofree char *flags = NULL;
      g_autofree char *mask_text = NULL;
      g_autofree char *headers = NULL;
      g_autofree char *offset = NULL;
      g_autofree char *crc = NULL;
      MvTableRow *row;

      if (!mv_scene_igvm_shows (run->mask, mask))
        continue;
      kind = run_kind_text (file, run);
      indexed = mv_scene_runs_add (lane->runs, run->range.start, run->range.end, fill,
                                   overlaps[i] ? MV_ITEM_ERROR : 0);
      indexed->tag = g_intern_string (kind);
      indexed->note = (guint16) note;
      if (!items && table->rows->len >= MV_SCENE_MAX_TABLE_ROWS)
        {
          table->n_omitted++;
          continue;
        }
      if (items)
        {
          g_autofree char *label = run_text (kind, run->range.start, run->range.end, note, FALSE);
          g_autofree char *detail = run_text (kind, run->range.start, run->range.end, note, TRUE);

          mv_scene_lane_add_item (lane, run->range.start, run->range.end, fill,
                                  overlaps[i] ? MV_ITEM_ERROR : 0, 0, label, detail);
        }

      range = mv_scene_format_range (run->range.start, run->range.end);
      size = mv_scene_format_size (mv_range_len (&run->range));
      flags = run_flags_text (note);
      mask_text = g_strdup_printf ("0x%x", run->mask);
      headers = g_strdup_printf ("%u", run->n_headers);
      offset = run->zero ? g_strdup ("") : g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", run->file_offset);
      crc = run->has_crc ? g_strdup_printf ("%08x", run->data_crc32) : g_strdup ("");
      {
        const char *cells[] = { range, size, kind, flags, mask_text, headers, offset, crc, NULL };

        row = mv_scene_table_add_row (table, cells);
      }
      if (row == NULL)
        continue;
      row->has_fill = TRUE;
      row->fill = fill;
      row->error = overlaps[i];
      row->keys[IGVM_COL_RANGE] = run->range.start;
      row->keys[IGVM_COL_SIZE] = mv_range_len (&run->range);
      row->keys[IGVM_COL_MASK] = run->mask;
      row->keys[IGVM_COL_HEADERS] = run->n_headers;
      row->keys[IGVM_COL_OFFSET] = run->file_offset;
    }
  if (lane != NULL)
    {
      mv_scene_runs_seal (lane->runs);
      if (items)
        mv_scene_lane_pack (lane, 3);
    }
  if (n == 0)
    table->note = g_strdup ("The file puts no pages in this platform's memory.");
  mv_scene_table_sort (table, IGVM_COL_RANGE, FALSE);
}

static void
add_required_memory (MvScene          *scene,
                     const MvIgvmFile *file,
                     guint32           mask)
{
  MvSceneLane *lane = NULL;

  for (guint i = 0; file->required_memory != NULL && i < file->required_memory->len; i++)
    {
      const MvIgvmRequiredMemory *r = &g_array_index (file->required_memory, MvIgvmRequiredMemory, i);
      g_autofree char *range = NULL;
      g_autofree char *size = NULL;
      g_autofree char *detail = NULL;

      if (!mv_scene_igvm_shows (r->mask, mask))
        continue;
      if (lane == NULL)
        lane = mv_scene_add_lane (scene, MV_LANE_PAGES, "Required memory", NULL);
      range = mv_scene_format_range (r->range.start, r->range.end);
      size = mv_scene_format_size (mv_range_len (&r->range));
      detail = g_strdup_printf ("%s \u00b7 %s%s", range, size, r->vtl2_protectable ? " \u00b7 VTL2 protectable" : "");
      mv_scene_lane_add_item (lane, r->range.start, r->range.end, MV_FILL_REQUIRED, 0, 0,
                              r->vtl2_protectable ? "required, VTL2 protectable" : "required", detail);
    }
  if (lane != NULL)
    mv_scene_lane_pack (lane, 3);
}

static char *
register_value_text (const MvIgvmRegister *reg)
{
  if (reg->value_high != 0)
    return g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x",
                            reg->value_high, reg->value);
  return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", reg->value);
}

static const char *
vp_kind_title (MvIgvmVpKind kind)
{
  switch (kind)
    {
    case MV_IGVM_VP_SNP_VMSA: return "SEV-SNP VMSA";
    case MV_IGVM_VP_VBS: return "VBS register list";
    case MV_IGVM_VP_NATIVE_X64: return "native x64 context";
    case MV_IGVM_VP_CCA: return "CCA REC";
    case MV_IGVM_VP_UNKNOWN:
    default: return "unknown";
    }
}

static void
add_vp_contexts (MvScene          *scene,
                 const MvIgvmFile *file,
                 guint32           mask)
{
  MvSceneTable *t;
  guint n = 0;

  g_clear_pointer (&scene->vp_table, mv_scene_table_free);
  t = scene->vp_table = mv_scene_table_new ("VP context");
  mv_scene_table_add_column (t, "VP", MV_COLUMN_RIGHT);
  mv_scene_table_add_column (t, "Context", MV_COLUMN_TEXT);
  mv_scene_table_add_column (t, "VTL", MV_COLUMN_RIGHT);
  mv_scene_table_add_column (t, "Register", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Value", MV_COLUMN_MONO | MV_COLUMN_WIDE);

  for (guint i = 0; file->vp_contexts != NULL && i < file->vp_contexts->len; i++)
    {
      const MvIgvmVpContext *vp = g_ptr_array_index (file->vp_contexts, i);
      g_autofree char *index = NULL;
      g_autofree char *context = NULL;

      if (!mv_scene_igvm_shows (vp->mask, mask))
        continue;
      n++;
      index = g_strdup_printf ("%u", vp->vp_index);
      if (vp->kind == MV_IGVM_VP_SNP_VMSA)
        context = g_strdup_printf ("%s at 0x%" G_GINT64_MODIFIER "x", vp_kind_title (vp->kind), vp->gpa);
      else
        context = g_strdup (vp_kind_title (vp->kind));
      if (vp->registers == NULL || vp->registers->len == 0)
        {
          const char *cells[] = { index, context, "", "", "no registers", NULL };
          MvTableRow *row = mv_scene_table_add_row (t, cells);

          if (row != NULL)
            row->muted = TRUE;
          continue;
        }
      for (guint k = 0; k < vp->registers->len; k++)
        {
          const MvIgvmRegister *reg = &g_array_index (vp->registers, MvIgvmRegister, k);
          g_autofree char *vtl = g_strdup_printf ("%u", reg->vtl);
          g_autofree char *value = register_value_text (reg);
          const char *cells[] = { k == 0 ? index : "", k == 0 ? context : "", vtl, reg->name, value, NULL };
          MvTableRow *row = mv_scene_table_add_row (t, cells);

          if (row != NULL)
            row->continues = k > 0;
        }
    }
  if (n == 0)
    t->note = g_strdup ("The file gives this platform no VP context: its VPs start in their "
                        "architectural reset state.");
}

static void
add_diagnostics (MvScene          *scene,
                 const MvIgvmFile *file,
                 guint32           mask)
{
  int lane = mv_scene_find_lane (scene, MV_LANE_PAGES, 0);

  for (guint i = 0; file->diagnostics != NULL && i < file->diagnostics->len; i++)
    {
      const MvIgvmDiagnostic *d = g_ptr_array_index (file->diagnostics, i);
      g_autofree char *id = NULL;
      guint mark;

      if (d->mask != 0 && !mv_scene_igvm_shows (d->mask, mask))
        continue;
      id = g_strdup_printf (MV_SCENE_IGVM_MARK_PREFIX "%u", i);
      mark = mv_scene_add_mark (scene, (MvMarkSeverity) MIN (d->severity, MV_SEVERITY_ERROR),
                                d->has_range ? lane : -1, d->has_range, d->range.start, d->range.end,
                                d->message);
      mv_scene_set_mark_id (scene, mark, id);
    }
}

/**
 * mv_scene_add_igvm:
 * @mask: the platform shown (its compatibility mask bit); 0 shows what
 *   every platform gets
 *
 * Adds @file's pages for @mask (a lane by kind and the page map table),
 * the memory it requires (a lane), its VP contexts (the VP context
 * table) and its diagnostics for that platform (marks, with ids
 * "igvm/N"). Call mv_scene_sort_marks() once every mark is in.
 */
void
mv_scene_add_igvm (MvScene          *scene,
                   const MvIgvmFile *file,
                   guint32           mask)
{
  g_return_if_fail (scene != NULL);
  g_return_if_fail (file != NULL);

  add_pages (scene, file, mask);
  add_required_memory (scene, file, mask);
  add_vp_contexts (scene, file, mask);
  add_diagnostics (scene, file, mask);
}

/**
 * mv_scene_new_for_igvm:
 * @name: the file's name, for the title
 * @mask: the platform shown
 * @over: (nullable): a layout to lay the file over: its layout and MTRR
 *   lanes come first, and @file's diagnostics should be made against it
 *   (mv_igvm_diagnose())
 *
 * The scene of @file for platform @mask: what the window shows and what
 * memviz-cli render draws.
 *
 * Returns: (transfer full): the scene
 */
MvScene *
mv_scene_new_for_igvm (const MvIgvmFile *file,
                       const char       *name,
                       guint32           mask,
                       const MvScenario *over)
{
  const MvIgvmPlatform *platform;
  g_autofree char *title = NULL;
  g_autofree char *platform_text = NULL;
  g_autofree char *subtitle = NULL;
  MvScene *scene;

  g_return_val_if_fail (file != NULL, NULL);

  platform = mv_igvm_file_platform (file, mask);
  platform_text = platform != NULL ? mv_scene_igvm_platform_label (platform) : g_strdup ("every platform");
  title = g_strdup_printf ("IGVM: %s", name != NULL ? name : "");
  subtitle = g_strdup_printf ("format version %u \u00b7 %s \u00b7 %s \u00b7 %" G_GUINT64_FORMAT " page header%s",
                              file->format_version, mv_igvm_arch_name (file->arch), platform_text,
                              file->n_page_headers, file->n_page_headers == 1 ? "" : "s");
  scene = mv_scene_new (title, subtitle);
  if (over != NULL && over->layout != NULL)
    mv_scene_add_layout (scene, over->layout);
  if (over != NULL && over->mtrr_state != NULL && over->effective != NULL)
    mv_scene_add_mtrr_analysis (scene, over->mtrr_state, over->effective, NULL);
  mv_scene_add_igvm (scene, file, mask);
  if (scene->mtrr_table == NULL)
    {
      /* The MTRR view says why it is empty. */
      scene->mtrr_table = mv_scene_table_new ("MTRR registers");
      scene->mtrr_table->note = g_strdup ("An IGVM file sets no MTRRs: laid over a layout, "
                                          "it is shown beside that layout's.");
    }
  mv_scene_sort_marks (scene);
  return scene;
}
