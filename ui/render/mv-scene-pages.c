/* SPDX-License-Identifier: MIT */
/* The page map parts of a scene: the lane of imported runs, each bar
 * with its size written on it, and the table, kept in address order,
 * with the order of the tables' sortable columns. */
#include "mv-scene.h"

#include <string.h>

/* The page map table's columns. */
enum {
  PAGES_COL_ORDER,
  PAGES_COL_RANGE,
  PAGES_COL_SIZE,
  PAGES_COL_TAG,
  PAGES_COL_ACCEPTANCE,
  PAGES_COL_CONTENTS,
  PAGES_COL_SOURCE,
  PAGES_COL_CRC32,
  PAGES_N_COLS
};

static char *
page_range_text (guint64 page_base,
                 guint64 page_count)
{
  /* The last page ends at 2^64, which mv_scene_format_addr writes for
   * G_MAXUINT64 (64 bits do not hold it). */
  if (page_base < MV_PAGE_LIMIT && page_count == MV_PAGE_LIMIT - page_base)
    return mv_scene_format_range (page_base * MV_PAGE_SIZE, G_MAXUINT64);
  if (page_base < MV_PAGE_LIMIT && page_count < MV_PAGE_LIMIT - page_base)
    return mv_scene_format_range (page_base * MV_PAGE_SIZE, (page_base + page_count) * MV_PAGE_SIZE);
  return g_strdup_printf ("page 0x%" G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER "x",
                          page_base, page_count);
}

static char *
page_size_text (guint64 page_count)
{
  if (page_count > G_MAXUINT64 / MV_PAGE_SIZE)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " pages", page_count);
  return mv_scene_format_size (page_count * MV_PAGE_SIZE);
}

/* The first run before @i whose pages @run overlaps, or -1. */
static int
overlapped_run (const GArray    *page_map,
                guint            i,
                const MvPageRun *run)
{
  for (guint j = 0; j < i; j++)
    {
      const MvPageRun *e = &g_array_index (page_map, MvPageRun, j);

      if (e->flags & MV_PAGE_BEYOND)
        continue;
      if (e->page_base < run->page_base + run->page_count && run->page_base < e->page_base + e->page_count)
        return (int) j;
    }
  return -1;
}

static void
append_overlap (GString         *contents,
                const GArray    *page_map,
                guint            i,
                const MvPageRun *run)
{
  int j = overlapped_run (page_map, i, run);

  if (j >= 0)
    {
      const MvPageRun *e = &g_array_index (page_map, MvPageRun, j);
      g_autofree char *range = page_range_text (e->page_base, e->page_count);

      g_string_append_printf (contents, ", overlaps import #%d (%s, %s)", j + 1, e->tag, range);
    }
  else
    g_string_append (contents, ", overlaps an earlier import");
}

/* A run's contents as the table and the bar's detail say it. */
static GString *
run_contents (MvFill           fill,
              MvPageFlags      flags,
              const GArray    *page_map,
              guint            i,
              const MvPageRun *run)
{
  GString *contents = g_string_new (mv_fill_name (fill));

  /* Which import it overlaps only when asked with the run (the rows
   * kept): the search looks at every run before. */
  if ((flags & MV_PAGE_OVERLAP) && run != NULL)
    append_overlap (contents, page_map, i, run);
  else if (flags & MV_PAGE_OVERLAP)
    g_string_append (contents, ", overlaps an earlier import");
  if (flags & MV_PAGE_BEYOND)
    g_string_append (contents, ", past the end of the address space");
  if (flags & MV_PAGE_OVERSIZE)
    g_string_append (contents, ", more data than pages");
  return contents;
}

static char *
run_label (const char *tag,
           guint64     page_count)
{
  g_autofree char *size = page_size_text (page_count);

  /* The size on the bar: on the focus scale a page and an initrd can be
   * drawn alike. */
  return g_strdup_printf ("%s \u00b7 %s", tag, size);
}

/* The texts of a run of a lane too long for a bar per run, made when
 * the geometry or hover asks for them. */
static char *
page_run_text (const MvSceneRun *run,
               gboolean          detail)
{
  guint64 page_base = run->start / MV_PAGE_SIZE;
  guint64 page_count = run->end == G_MAXUINT64 ? MV_PAGE_LIMIT - page_base
                                               : (run->end - run->start) / MV_PAGE_SIZE;
  g_autofree char *range = NULL;
  GString *contents;

  if (!detail)
    return run_label (run->tag, page_count);
  range = page_range_text (page_base, page_count);
  contents = run_contents ((MvFill) run->fill, run->note, NULL, 0, NULL);
  g_string_prepend (contents, " \u00b7 ");
  g_string_prepend (contents, range);
  return g_string_free (contents, FALSE);
}

/* @tag interned; the last few are kept, since runs repeat few tags. */
static const char *
intern_tag (const char **cache,
            const char **interned,
            guint        n_cache,
            const char  *tag)
{
  guint slot = GPOINTER_TO_UINT (tag) / 8 % n_cache;

  if (cache[slot] != tag)
    {
      cache[slot] = tag;
      interned[slot] = g_intern_string (tag);
    }
  return interned[slot];
}

/**
 * mv_scene_add_page_map:
 * The page map lane and table: one bar and one row per run of the
 * recorder's page map (its runs coalesce consecutive imports). Each bar
 * is labelled with its tag and size; the table is in address order, and
 * its "#" column gives the import order that "overlaps import #n"
 * refers to. The lane keeps its runs as an index (MvSceneLane.runs);
 * past MV_SCENE_MAX_LANE_ITEMS runs it has no bars of its own (the
 * geometry makes them per width) and the table keeps its first rows.
 */
void
mv_scene_add_page_map (MvScene          *scene,
                       const MvRecorder *recorder)
{
  MvSceneLane *lane;
  MvSceneTable *table;
  g_autofree char *subtitle = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *count = NULL;
  guint n = recorder != NULL ? recorder->page_map->len : 0;
  gboolean items;
  const char *tag_cache[8] = { NULL }, *tag_interned[8] = { NULL };

  g_return_if_fail (scene != NULL);
  g_return_if_fail (recorder != NULL);

  pages = mv_scene_format_size (mv_recorder_map_pages (recorder) * MV_PAGE_SIZE);
  count = n > 9999 ? mv_scene_format_count (n) : g_strdup_printf ("%u", n);
  subtitle = g_strdup_printf ("%s run%s, %s", count, n == 1 ? "" : "s", pages);
  /* Nothing imported: no lane (the table says so). */
  lane = n > 0 ? mv_scene_add_lane (scene, MV_LANE_PAGES, "Page map", subtitle) : NULL;
  items = n <= MV_SCENE_MAX_LANE_ITEMS;
  if (lane != NULL)
    lane->runs = mv_scene_runs_new (page_run_text, n);

  g_clear_pointer (&scene->pages_table, mv_scene_table_free);
  table = scene->pages_table = mv_scene_table_new ("Page map");
  mv_scene_table_add_column (table, "#", MV_COLUMN_RIGHT | MV_COLUMN_SORT_KEY);
  mv_scene_table_add_column (table, "GPA range", MV_COLUMN_MONO | MV_COLUMN_SORT_KEY);
  mv_scene_table_add_column (table, "Size", MV_COLUMN_RIGHT | MV_COLUMN_SORT_KEY);
  mv_scene_table_add_column (table, "Tag", MV_COLUMN_TEXT);
  mv_scene_table_add_column (table, "Acceptance", MV_COLUMN_TEXT);
  mv_scene_table_add_column (table, "Contents", MV_COLUMN_SWATCH);
  mv_scene_table_add_column (table, "Source file", MV_COLUMN_WIDE);
  mv_scene_table_add_column (table, "CRC32", MV_COLUMN_MONO);
  table->sortable = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const MvPageRun *run = &g_array_index (recorder->page_map, MvPageRun, i);
      MvFill fill = (run->flags & MV_PAGE_DATA) ? MV_FILL_DATA : MV_FILL_ZERO;
      gboolean error = (run->flags & MV_PAGE_ERROR_FLAGS) != 0;
      gboolean kept = table->rows->len < MV_SCENE_MAX_TABLE_ROWS;
      guint64 start, end;
      MvSceneRun *indexed;
      g_autofree char *range = NULL;
      g_autofree char *size = NULL;
      g_autofree char *order = NULL;
      GString *contents;
      MvTableRow *row;

      /* Runs past 2^64 clip to the top of the axis. */
      if (run->page_base >= G_MAXUINT64 / MV_PAGE_SIZE)
        start = G_MAXUINT64 & ~MV_PAGE_MASK;
      else
        start = run->page_base * MV_PAGE_SIZE;
      if (run->page_count >= (G_MAXUINT64 - start) / MV_PAGE_SIZE)
        end = G_MAXUINT64;
      else
        end = start + run->page_count * MV_PAGE_SIZE;

      indexed = mv_scene_runs_add (lane->runs, start, end, fill, error ? MV_ITEM_ERROR : 0);
      indexed->tag = intern_tag (tag_cache, tag_interned, G_N_ELEMENTS (tag_cache), run->tag);
      indexed->note = (guint16) run->flags;
      if (!items && !kept)
        {
          table->n_omitted++;
          continue;
        }

      range = page_range_text (run->page_base, run->page_count);
      contents = run_contents (fill, run->flags, recorder->page_map, i, kept ? run : NULL);
      if (items)
        {
          g_autofree char *label = run_label (run->tag, run->page_count);
          g_autofree char *detail = g_strdup_printf ("%s \u00b7 %s", range, contents->str);

          mv_scene_lane_add_item (lane, start, end, fill, error ? MV_ITEM_ERROR : 0, 0, label, detail);
        }

      size = page_size_text (run->page_count);
      order = g_strdup_printf ("%u", i + 1);
      {
        const char *cells[] = { order, range, size, run->tag, mv_acceptance_to_string (run->acceptance),
                                contents->str, "", "", NULL };

        row = mv_scene_table_add_row (table, cells);
        if (row != NULL)
          {
            row->has_fill = TRUE;
            row->fill = fill;
            row->error = error;
            row->keys[PAGES_COL_ORDER] = i;
            row->keys[PAGES_COL_RANGE] = run->page_base;
            row->keys[PAGES_COL_SIZE] = run->page_count;
          }
      }
      g_string_free (contents, TRUE);
    }
  if (lane != NULL)
    {
      mv_scene_runs_seal (lane->runs);
      if (items)
        mv_scene_lane_pack (lane, 3);
    }
  if (n == 0)
    table->note = g_strdup ("Nothing was imported.");
  mv_scene_table_sort (table, PAGES_COL_RANGE, FALSE);
}

/**
 * mv_scene_describe_pages:
 * What the page lanes hold at the pointer, at @address in a pixel that
 * covers `[start, end)`: the labels of the bars at @address ("data \u00b7 12 KiB")
 * where a lane has a bar per run, and where it is drawn from its runs,
 * the runs in the pixel, found by binary search: the run, or "N runs in
 * 0x...\u20130x..., first ..., last ...".
 * Returns: (transfer full) (nullable): NULL when no lane has pages there
 */
char *
mv_scene_describe_pages (const MvScene *scene,
                         guint64        address,
                         guint64        start,
                         guint64        end)
{
  GString *s = NULL;

  g_return_val_if_fail (scene != NULL, NULL);

  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);
      guint first, n;

      if (lane->kind != MV_LANE_PAGES)
        continue;
      if (lane->runs != NULL && lane->items->len == 0)
        {
          g_autofree char *text = NULL;

          if (!mv_scene_runs_find (lane->runs, start, MAX (end, start + 1), &first, &n))
            continue;
          text = mv_scene_runs_describe (lane->runs, first, n);
          if (s == NULL)
            s = g_string_new (text);
          else
            g_string_append_printf (s, ", %s", text);
          continue;
        }
      for (guint k = 0; k < lane->items->len; k++)
        {
          const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, k);

          if (address < item->start || address >= item->end || item->label == NULL)
            continue;
          if (s == NULL)
            s = g_string_new (item->label);
          else
            g_string_append_printf (s, ", %s", item->label);
        }
    }
  return s != NULL ? g_string_free (s, FALSE) : NULL;
}

/**
 * mv_scene_set_page_source:
 * Fills the source file and CRC32 columns of the page map rows inside
 * `[page_base, page_base + page_count)`.
 */
void
mv_scene_set_page_source (MvScene    *scene,
                          guint64     page_base,
                          guint64     page_count,
                          const char *source,
                          gboolean    has_crc32,
                          guint32     crc32)
{
  MvSceneTable *t = scene->pages_table;

  if (t == NULL || t->columns->len != PAGES_N_COLS)
    return;

  for (guint i = 0; i < t->rows->len; i++)
    {
      MvTableRow *row = &g_array_index (t->rows, MvTableRow, i);
      guint64 first = row->keys[PAGES_COL_RANGE];

      if (first < page_base || first - page_base >= page_count)
        continue;
      if (source != NULL)
        {
          g_free (row->cells[PAGES_COL_SOURCE]);
          row->cells[PAGES_COL_SOURCE] = g_strdup (source);
        }
      if (has_crc32)
        {
          g_free (row->cells[PAGES_COL_CRC32]);
          row->cells[PAGES_COL_CRC32] = g_strdup_printf ("%08x", crc32);
        }
    }
}

/* ---- Sorting a table ------------------------------------------------------- */

typedef struct
{
  const MvSceneTable *table;
  guint               column;
  gboolean            descending;
} SortBy;

static int
row_compare (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  const SortBy *by = data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  const MvTableRow *ra = &g_array_index (by->table->rows, MvTableRow, ia);
  const MvTableRow *rb = &g_array_index (by->table->rows, MvTableRow, ib);
  const MvTableColumn *col = &g_array_index (by->table->columns, MvTableColumn, by->column);
  int cmp;

  if (col->flags & MV_COLUMN_SORT_KEY)
    cmp = ra->keys[by->column] < rb->keys[by->column] ? -1 : ra->keys[by->column] > rb->keys[by->column];
  else
    {
      /* Text: empty cells last, whichever the direction. */
      const char *ta = ra->cells[by->column], *tb = rb->cells[by->column];

      if ((*ta == '\0') != (*tb == '\0'))
        return *ta == '\0' ? 1 : -1;
      cmp = g_utf8_collate (ta, tb);
    }
  if (by->descending)
    cmp = -cmp;
  /* Ties keep the table's order (g_qsort_with_data() is stable). */
  return cmp;
}

/**
 * mv_scene_table_order:
 * The order in which to show @table's rows sorted by @column, ascending
 * or @descending: an array of row indexes, ties in the table's order.
 * Returns: (transfer full): `rows->len` indexes (free with g_free())
 */
guint *
mv_scene_table_order (const MvSceneTable *table,
                      guint               column,
                      gboolean            descending)
{
  guint n = table->rows->len;
  guint *order = g_new (guint, MAX (n, 1));
  SortBy by = { table, column, descending };

  for (guint i = 0; i < n; i++)
    order[i] = i;
  if (table->sortable && column < table->columns->len && n > 1)
    g_qsort_with_data (order, n, sizeof (guint), row_compare, &by);
  return order;
}

/**
 * mv_scene_table_sort:
 * Puts @table's rows in the order of @column and records it, so that
 * the painters mark the column. Does nothing to a table that cannot be
 * sorted or for a column it does not have.
 */
void
mv_scene_table_sort (MvSceneTable *table,
                     guint         column,
                     gboolean      descending)
{
  g_autofree guint *order = NULL;
  g_autofree MvTableRow *rows = NULL;
  guint n;

  g_return_if_fail (table != NULL);

  if (!table->sortable || column >= table->columns->len)
    return;
  n = table->rows->len;
  order = mv_scene_table_order (table, column, descending);
  rows = g_new (MvTableRow, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    rows[i] = g_array_index (table->rows, MvTableRow, order[i]);
  if (n > 0)
    memcpy (table->rows->data, rows, n * sizeof (MvTableRow));
  table->sort_column = (int) column;
  table->sort_descending = descending;
}

/**
 * mv_scene_table_find_column:
 * The column of @table whose title, or the title's first word, is
 * @name, ignoring case ("gpa" finds "GPA range"); -1 when none is.
 */
int
mv_scene_table_find_column (const MvSceneTable *table,
                            const char         *name)
{
  g_return_val_if_fail (table != NULL && name != NULL, -1);

  for (guint c = 0; c < table->columns->len; c++)
    {
      const char *title = g_array_index (table->columns, MvTableColumn, c).title;
      const char *space = strchr (title, ' ');
      gsize first = space != NULL ? (gsize) (space - title) : strlen (title);

      if (g_ascii_strcasecmp (title, name) == 0 ||
          (strlen (name) == first && g_ascii_strncasecmp (title, name, first) == 0))
        return (int) c;
    }
  return -1;
}
