/* SPDX-License-Identifier: MIT */
/* Fuzz target: mv_chunk_buf_import_file_region and mv_chunk_buf_crc32 over
 * an in-memory file (mv_source_new_for_bytes), with random offsets,
 * lengths, GPAs, chunk sizes and cancellation, into a recording importer.
 * The outcome is predicted independently and compared: which error, how
 * many calls, which pages, the CRC; and the page map always accounts for
 * exactly the pages the calls imported.
 *
 * Input, read from the front (see mv-fuzz.h for mv_fuzz_number):
 *   u8  flags       bit 0: a second import into the same recorder
 *   u16 file size in units of 16 bytes (so up to 1 MiB)
 *   u8  pattern seed for the file's bytes
 *   then for each import:
 *     u8  chunk     (chunk % 32 + 1) pages; 0xfe: 4095 bytes;
 *                   0xff: 256 MiB + 1 (both refused); bit 5: plus 100 bytes
 *     number file offset, number file length,
 *     number gpa, number memory length beyond the file length (or, with
 *     bit 6 of chunk, the whole memory length)
 *     u8  acceptance (% the number of values)
 *     u8  cancel after this many chunks (0: never)
 *     number crc32 length
 */
#include "mv-fuzz.h"

#include <string.h>
#include <zlib.h>

#include "mv-file-import.h"
#include "mv-recorder.h"

#define MAX_FILE ((gsize) 1 << 20)

typedef struct
{
  guint calls;
  guint cancel_after;
} Progress;

static gboolean
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  MV_FUZZ_CHECK (done <= total);
  p->calls++;
  return p->cancel_after == 0 || p->calls < p->cancel_after;
}

static guint32
zlib_crc (const guint8 *data,
          gsize         len)
{
  return (guint32) crc32 (crc32 (0L, Z_NULL, 0), data, (uInt) len);
}

static gsize
chunk_size_for (guint8 v)
{
  if (v == 0xfe)
    return MV_PAGE_SIZE - 1;
  if (v == 0xff)
    return MV_CHUNK_MAX_SIZE + 1;
  return ((v & 31) + 1) * MV_PAGE_SIZE + ((v & 32) ? 100 : 0);
}

static void
one_import (MvFuzzInput  *in,
            MvRecorder   *rec,
            GBytes       *file,
            const guint8 *file_data,
            gsize         file_size)
{
  g_autoptr(MvSource) source = mv_source_new_for_bytes (file);
  g_autoptr(MvChunkBuf) chunk = NULL;
  g_autoptr(GError) error = NULL;
  guint8 chunk_sel = mv_fuzz_u8 (in);
  gsize chunk_size = chunk_size_for (chunk_sel);
  MvFileRegion r = { 0 };
  Progress progress = { 0 };
  guint64 calls_before = rec->n_calls;
  guint64 pages_before = rec->total_pages;
  guint calls_len_before = rec->calls->len;
  guint64 leading, total_pages = 0, buf_pages, crc_len;
  gboolean overflow, ok;
  guint32 crc = 0xdeadbeef;
  int expected_error = -1;

  r.file = source;
  r.file_offset = mv_fuzz_number (in);
  r.file_length = mv_fuzz_number (in);
  r.gpa = mv_fuzz_number (in);
  if (chunk_sel & 64)
    r.memory_length = mv_fuzz_number (in);
  else
    {
      guint64 extra = mv_fuzz_number (in);
      r.memory_length = r.file_length > G_MAXUINT64 - extra ? G_MAXUINT64 : r.file_length + extra;
    }
  r.acceptance = mv_fuzz_u8 (in) % MV_ACCEPTANCE_N_VALUES;
  r.tag = "fuzz";
  progress.cancel_after = mv_fuzz_u8 (in);
  crc_len = mv_fuzz_number (in);

  chunk = mv_chunk_buf_new (chunk_size, &error);
  if (chunk_size < MV_PAGE_SIZE || chunk_size > MV_CHUNK_MAX_SIZE)
    {
      MV_FUZZ_CHECK (chunk == NULL);
      MV_FUZZ_CHECK (g_error_matches (error, MV_FILE_IMPORT_ERROR,
                                      MV_FILE_IMPORT_ERROR_BAD_CHUNK_SIZE));
      return;
    }
  MV_FUZZ_CHECK (chunk != NULL && error == NULL);
  MV_FUZZ_CHECK (mv_chunk_buf_size (chunk) == chunk_size / MV_PAGE_SIZE * MV_PAGE_SIZE);
  buf_pages = mv_chunk_buf_size (chunk) / MV_PAGE_SIZE;

  /* The outcome, predicted. */
  leading = r.gpa & MV_PAGE_MASK;
  overflow = r.memory_length > G_MAXUINT64 - leading - MV_PAGE_MASK;
  if (!overflow)
    total_pages = (leading + r.memory_length + MV_PAGE_MASK) / MV_PAGE_SIZE;
  if (r.file_length > r.memory_length)
    expected_error = MV_FILE_IMPORT_ERROR_FILE_LENGTH_EXCEEDS_MEMORY_LENGTH;
  else if (r.memory_length == 0)
    expected_error = -1;
  else if (overflow)
    expected_error = MV_FILE_IMPORT_ERROR_OVERFLOW;
  else if (r.file_offset > (guint64) G_MAXINT64)
    expected_error = MV_FILE_IMPORT_ERROR_SEEK;
  else if (r.file_length > 0)
    {
      /* The chunks up to the one that runs out of file, or is cancelled. */
      guint64 avail = r.file_offset >= file_size ? 0 : file_size - r.file_offset;
      guint64 remaining = r.file_length, done_pages = 0;
      guint n_chunks = 0;

      while (remaining > 0)
        {
          guint64 cp = MIN (total_pages - done_pages, buf_pages);
          guint64 room = cp * MV_PAGE_SIZE - (done_pages == 0 ? leading : 0);
          guint64 len = MIN (remaining, room);

          if (len > avail)
            {
              expected_error = MV_FILE_IMPORT_ERROR_READ;
              break;
            }
          avail -= len;
          remaining -= len;
          done_pages += remaining == 0 ? total_pages - done_pages : cp;
          n_chunks++;
          if (progress.cancel_after != 0 && n_chunks >= progress.cancel_after)
            {
              expected_error = MV_FILE_IMPORT_ERROR_CANCELLED;
              break;
            }
        }
      /* Cancelling after the last chunk still cancels. */
    }

  ok = mv_chunk_buf_import_file_region (chunk, &rec->parent, &r, &crc,
                                        progress_cb, &progress, &error);

  MV_FUZZ_CHECK (rec->total_pages == mv_recorder_map_pages (rec));
  MV_FUZZ_CHECK (rec->n_calls == rec->calls->len);

  if (expected_error >= 0)
    {
      MV_FUZZ_CHECK (!ok);
      MV_FUZZ_CHECK (g_error_matches (error, MV_FILE_IMPORT_ERROR, expected_error));
      MV_FUZZ_CHECK (crc == 0);
      if (expected_error != MV_FILE_IMPORT_ERROR_READ &&
          expected_error != MV_FILE_IMPORT_ERROR_CANCELLED)
        MV_FUZZ_CHECK (rec->n_calls == calls_before);
      return;
    }

  MV_FUZZ_CHECK (ok && error == NULL);
  if (r.memory_length == 0)
    {
      MV_FUZZ_CHECK (rec->n_calls == calls_before);
      MV_FUZZ_CHECK (crc == 0);
      return;
    }

  /* The calls cover total_pages pages from gpa's page, back to back, and
   * carry the file's bytes after the leading zeros. */
  MV_FUZZ_CHECK (rec->total_pages - pages_before == total_pages);
  MV_FUZZ_CHECK (rec->calls->len > calls_len_before);
  {
    guint64 next = r.gpa / MV_PAGE_SIZE;
    guint64 data_total = 0;

    for (guint i = calls_len_before; i < rec->calls->len; i++)
      {
        const MvImportCall *c = &g_array_index (rec->calls, MvImportCall, i);

        MV_FUZZ_CHECK (c->page_base == next);
        MV_FUZZ_CHECK (c->page_count > 0);
        MV_FUZZ_CHECK (c->data_len <= c->page_count * MV_PAGE_SIZE);
        MV_FUZZ_CHECK (c->acceptance == r.acceptance);
        MV_FUZZ_CHECK (g_str_equal (c->tag, "fuzz"));
        next += c->page_count;
        data_total += c->data_len;
      }
    MV_FUZZ_CHECK (data_total == (r.file_length > 0 ? r.file_length + leading : 0));
  }
  MV_FUZZ_CHECK (crc == (r.file_length > 0
                         ? zlib_crc (file_data + r.file_offset, (gsize) r.file_length)
                         : 0));

  /* ChunkBuf::crc32 over the same file. */
  {
    g_autoptr(GError) crc_error = NULL;
    guint32 whole = 0;

    if (mv_chunk_buf_crc32 (chunk, source, crc_len, &whole, &crc_error))
      {
        MV_FUZZ_CHECK (crc_len <= file_size);
        MV_FUZZ_CHECK (whole == zlib_crc (file_data, (gsize) crc_len));
      }
    else
      {
        MV_FUZZ_CHECK (crc_len > file_size);
        MV_FUZZ_CHECK (g_error_matches (crc_error, MV_FILE_IMPORT_ERROR,
                                        MV_FILE_IMPORT_ERROR_READ));
      }
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static guint8 *pattern = NULL;
  MvFuzzInput in = { data, size };
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GBytes) file = NULL;
  guint8 flags;
  gsize file_size;
  guint8 seed;

  mv_fuzz_setup ();
  /* The file's bytes: a fixed pseudo-random stream, offset by the seed. */
  if (pattern == NULL)
    {
      guint32 x = 2463534242u;

      pattern = g_malloc (MAX_FILE + 256);
      for (gsize i = 0; i < MAX_FILE + 256; i++)
        {
          x ^= x << 13;
          x ^= x >> 17;
          x ^= x << 5;
          pattern[i] = (guint8) x;
        }
    }

  flags = mv_fuzz_u8 (&in);
  file_size = MIN ((gsize) mv_fuzz_u16 (&in) * 16, MAX_FILE);
  seed = mv_fuzz_u8 (&in);
  file = g_bytes_new_static (pattern + seed, file_size);

  one_import (&in, rec, file, pattern + seed, file_size);
  if (flags & 1)
    one_import (&in, rec, file, pattern + seed, file_size);

  /* The page map accounts for every page, overlaps and all. */
  MV_FUZZ_CHECK (rec->total_pages == mv_recorder_map_pages (rec));
  return 0;
}
