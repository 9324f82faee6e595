/* SPDX-License-Identifier: MIT */
/* The recording importer: accepts every call, keeps the call sequence and
 * a page map whose size grows with the number of calls, never with the
 * number of pages. */
#include "mv-recorder.h"

#include <zlib.h>

typedef struct
{
  guint64 start;
  guint64 end;
} Interval;

static int
interval_compare (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const Interval *x = a;
  const Interval *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return 0;
}

/* Returns TRUE if [start, end) overlaps an earlier import, then marks it
 * occupied (merging with touching intervals so the tree stays small). */
static gboolean
occupy (MvRecorder *self,
        guint64     start,
        guint64     end)
{
  Interval key = { start, start };
  Interval *merged;
  GTreeNode *node;
  gboolean overlap = FALSE;
  guint64 new_start = start;
  guint64 new_end = end;

  /* The interval starting at or before @start. */
  node = g_tree_upper_bound (self->occupied, &key);
  node = node != NULL ? g_tree_node_previous (node) : g_tree_node_last (self->occupied);
  if (node != NULL)
    {
      Interval *prev = g_tree_node_key (node);

      if (prev->end > start)
        overlap = TRUE;
      if (prev->end >= start)
        {
          new_start = prev->start;
          new_end = MAX (new_end, prev->end);
          g_tree_remove (self->occupied, prev);
        }
    }

  /* Intervals starting inside [start, end]. */
  for (;;)
    {
      Interval *next;

      node = g_tree_lower_bound (self->occupied, &key);
      if (node == NULL)
        break;
      next = g_tree_node_key (node);
      if (next->start > end)
        break;
      if (next->start < end)
        overlap = TRUE;
      new_end = MAX (new_end, next->end);
      g_tree_remove (self->occupied, next);
    }

  merged = g_new (Interval, 1);
  merged->start = new_start;
  merged->end = new_end;
  g_tree_insert (self->occupied, merged, merged);
  return overlap;
}

static void
add_run (MvRecorder   *self,
         guint64       page_base,
         guint64       page_count,
         const char   *tag,
         MvAcceptance  acceptance,
         MvPageFlags   flags)
{
  MvPageRun run = { page_base, page_count, tag, acceptance, flags };

  if (page_count == 0)
    return;

  if (page_base >= MV_PAGE_LIMIT || page_count > MV_PAGE_LIMIT - page_base)
    run.flags |= MV_PAGE_BEYOND;
  else if (occupy (self, page_base, page_base + page_count))
    run.flags |= MV_PAGE_OVERLAP;

  if (self->page_map->len > 0)
    {
      MvPageRun *last = &g_array_index (self->page_map, MvPageRun, self->page_map->len - 1);

      if (last->tag == run.tag && last->acceptance == run.acceptance &&
          last->flags == run.flags && (run.flags & MV_PAGE_BEYOND) == 0 &&
          last->page_base + last->page_count == run.page_base)
        {
          last->page_count += run.page_count;
          return;
        }
    }
  g_array_append_val (self->page_map, run);
}

/* One copy of each tag, so runs compare tags by pointer. Not
 * g_intern_string (): tags come from documents, and GLib's quark table
 * never gives its memory back. */
static const char *
recorder_tag (MvRecorder *self,
              const char *tag)
{
  char *copy = g_hash_table_lookup (self->tags, tag);

  if (copy == NULL)
    {
      copy = g_strdup (tag);
      g_hash_table_add (self->tags, copy);
    }
  return copy;
}

static gboolean
recorder_import_pages (MvImporter   *importer,
                       guint64       page_base,
                       guint64       page_count,
                       const char   *tag,
                       MvAcceptance  acceptance,
                       const guint8 *data,
                       gsize         data_len,
                       GError      **error)
{
  MvRecorder *self = (MvRecorder *) importer;
  const char *itag = recorder_tag (self, tag);
  guint64 data_pages = (data_len / MV_PAGE_SIZE) + ((data_len % MV_PAGE_SIZE) != 0);
  MvPageFlags extra = 0;

  if (data_pages > page_count)
    {
      extra = MV_PAGE_OVERSIZE;
      data_pages = page_count;
    }

  if (self->trace)
    {
      MvImportCall call = {
        .page_base = page_base,
        .page_count = page_count,
        .tag = itag,
        .acceptance = acceptance,
        .data_len = data_len,
        .crc32 = 0,
      };
      gsize done = 0;
      uLong crc = crc32 (0L, Z_NULL, 0);

      while (done < data_len)
        {
          uInt piece = (uInt) MIN (data_len - done, (gsize) G_MAXUINT32 / 2);
          crc = crc32 (crc, data + done, piece);
          done += piece;
        }
      call.crc32 = (guint32) crc;
      if (self->on_call != NULL)
        self->on_call (&call, self->on_call_data);
      else
        g_array_append_val (self->calls, call);
    }

  self->n_calls++;
  self->total_pages += page_count;

  add_run (self, page_base, data_pages, itag, acceptance, MV_PAGE_DATA | extra);
  if (page_base <= G_MAXUINT64 - data_pages)
    add_run (self, page_base + data_pages, page_count - data_pages, itag, acceptance, extra);
  else if (page_count > data_pages)
    add_run (self, G_MAXUINT64, page_count - data_pages, itag, acceptance, extra);

  return TRUE;
}

/* The first occupied interval that ends after @pos: the one holding @pos,
 * or else the next one; NULL if none. */
static const Interval *
occupied_after (MvRecorder *self,
                guint64     pos)
{
  Interval key = { pos, pos };
  GTreeNode *next = g_tree_upper_bound (self->occupied, &key);
  GTreeNode *prev = next != NULL ? g_tree_node_previous (next) : g_tree_node_last (self->occupied);

  if (prev != NULL && ((const Interval *) g_tree_node_key (prev))->end > pos)
    return g_tree_node_key (prev);
  return next != NULL ? g_tree_node_key (next) : NULL;
}

/* @n_calls calls of @chunk pages, each full of data, from @base: the page
 * map as the calls one by one make it, in steps that grow with the earlier
 * imports the calls meet, not with @n_calls. Consecutive calls whose pages
 * are all inside the address space and alike in overlapping earlier imports
 * coalesce into one run, as they would one by one, so they are added as
 * one. The calls that run past the end of the address space (only the
 * last ones can) are one run here, where one by one they would be a run
 * each: every page of it is an error all the same, and a run each would
 * grow with the import (2^48 runs for a synthetic region of 2^64 bytes). */
static void
add_chunk_runs (MvRecorder   *self,
                guint64       base,
                guint64       n_calls,
                guint64       chunk,
                const char   *tag,
                MvAcceptance  acceptance)
{
  guint64 inside = 0;  /* the calls wholly below MV_PAGE_LIMIT */
  guint64 i = 0;

  if (base < MV_PAGE_LIMIT)
    inside = MIN (n_calls, (MV_PAGE_LIMIT - base) / chunk);

  while (i < inside)
    {
      guint64 pos = base + i * chunk;
      guint64 end = base + inside * chunk;
      const Interval *iv = occupied_after (self, pos);
      guint64 first_hit;
      guint64 past_hit;

      if (iv == NULL || iv->start >= end)
        {
          add_run (self, pos, end - pos, tag, acceptance, MV_PAGE_DATA);
          break;
        }
      /* The calls before the one that meets @iv overlap nothing; those
       * from it to the one holding its last page overlap it. */
      first_hit = iv->start <= pos ? i : (iv->start - base) / chunk;
      past_hit = (MIN (iv->end, end) - 1 - base) / chunk + 1;
      if (first_hit > i)
        add_run (self, pos, (first_hit - i) * chunk, tag, acceptance, MV_PAGE_DATA);
      add_run (self, base + first_hit * chunk, (past_hit - first_hit) * chunk, tag,
               acceptance, MV_PAGE_DATA);
      i = past_hit;
    }
  if (inside < n_calls)
    add_run (self, base + inside * chunk, (n_calls - inside) * chunk, tag, acceptance,
             MV_PAGE_DATA);
}

static gboolean
recorder_import_repeated (MvImporter   *importer,
                          guint64       page_base,
                          guint64       n_calls,
                          guint64       page_count,
                          const char   *tag,
                          MvAcceptance  acceptance,
                          const guint8 *data,
                          gsize         data_len,
                          GError      **error)
{
  MvRecorder *self = (MvRecorder *) importer;

  /* Calls that are not each full of data, or that are traced, go one by
   * one; so do calls whose page numbers would pass 2^64. */
  if (self->trace || page_count == 0 || data_len != page_count * MV_PAGE_SIZE ||
      n_calls > (G_MAXUINT64 - page_base) / page_count)
    {
      for (guint64 i = 0; i < n_calls; i++)
        if (!recorder_import_pages (importer, page_base + i * page_count, page_count, tag,
                                    acceptance, data, data_len, error))
          return FALSE;
      return TRUE;
    }

  self->n_calls += n_calls;
  self->total_pages += n_calls * page_count;
  add_chunk_runs (self, page_base, n_calls, page_count, recorder_tag (self, tag), acceptance);
  return TRUE;
}

static gboolean
recorder_import_vp_register (MvImporter          *importer,
                             const MvX86Register *reg,
                             GError             **error)
{
  MvRecorder *self = (MvRecorder *) importer;

  g_array_append_val (self->registers, *reg);
  return TRUE;
}

static const MvImporterClass recorder_class = {
  .import_pages = recorder_import_pages,
  .import_vp_register = recorder_import_vp_register,
  .import_repeated = recorder_import_repeated,
};

MvRecorder *
mv_recorder_new (gboolean trace)
{
  MvRecorder *self = g_new0 (MvRecorder, 1);

  self->parent.klass = &recorder_class;
  self->trace = trace;
  self->calls = g_array_new (FALSE, FALSE, sizeof (MvImportCall));
  self->registers = g_array_new (FALSE, FALSE, sizeof (MvX86Register));
  self->page_map = g_array_new (FALSE, FALSE, sizeof (MvPageRun));
  self->occupied = g_tree_new_full (interval_compare, NULL, g_free, NULL);
  self->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
mv_recorder_free (MvRecorder *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->calls);
  g_array_unref (self->registers);
  g_array_unref (self->page_map);
  g_tree_destroy (self->occupied);
  g_hash_table_unref (self->tags);
  g_free (self);
}

/* The pages the page map accounts for; equals total_pages. */
guint64
mv_recorder_map_pages (const MvRecorder *self)
{
  guint64 total = 0;

  for (guint i = 0; i < self->page_map->len; i++)
    total += g_array_index (self->page_map, MvPageRun, i).page_count;
  return total;
}

guint
mv_recorder_n_errors (const MvRecorder *self)
{
  guint n = 0;

  for (guint i = 0; i < self->page_map->len; i++)
    if (g_array_index (self->page_map, MvPageRun, i).flags & MV_PAGE_ERROR_FLAGS)
      n++;
  return n;
}
