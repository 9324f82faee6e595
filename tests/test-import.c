/* SPDX-License-Identifier: MIT */
/* Over 1,000 lines: one program for one room (file import and its page map), many hand-worked cases. */
/* Tests of core/mv-file-import (upstream's ChunkBuf::import_file_region and
 * ChunkBuf::crc32 in vm/loader/src/common.rs) and of core/mv-recorder's
 * page map. The expected call sequences were worked out by hand from the
 * upstream algorithm. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <glib/gstdio.h>

#include <mv-file-import.h>
#include <mv-recorder.h>

#define PAGE 4096

/* File contents: byte i is i mod 251, so every offset is recognisable. */
static GBytes *
pattern (gsize n)
{
  guint8 *data = g_malloc (n + 1);

  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) (i % 251);
  return g_bytes_new_take (data, n);
}

/* ---- a capturing importer that can fail --------------------------------- */

typedef struct
{
  guint64 page_base;
  guint64 page_count;
  char *tag;
  MvAcceptance acceptance;
  GBytes *data;
} Captured;

typedef struct
{
  MvImporter parent;
  GArray *calls;      /* Captured, every call made, including a failing one */
  guint fail_at;      /* 1-based; 0 = never */
} Capture;

static void
captured_clear (gpointer p)
{
  Captured *c = p;

  g_free (c->tag);
  g_bytes_unref (c->data);
}

static gboolean
capture_import_pages (MvImporter   *importer,
                      guint64       page_base,
                      guint64       page_count,
                      const char   *tag,
                      MvAcceptance  acceptance,
                      const guint8 *data,
                      gsize         data_len,
                      GError      **error)
{
  Capture *self = (Capture *) importer;
  Captured c = { page_base, page_count, g_strdup (tag), acceptance, g_bytes_new (data, data_len) };

  g_array_append_val (self->calls, c);
  if (self->calls->len == self->fail_at)
    {
      g_set_error (error, MV_IMPORTER_ERROR, MV_IMPORTER_ERROR_FAILED,
                   "importer refused call %u", self->calls->len);
      return FALSE;
    }
  return TRUE;
}

static gboolean
capture_import_vp_register (MvImporter          *importer,
                            const MvX86Register *reg,
                            GError             **error)
{
  g_assert_not_reached ();
  return FALSE;
}

static const MvImporterClass capture_class = { capture_import_pages, capture_import_vp_register };

static Capture *
capture_new (guint fail_at)
{
  Capture *self = g_new0 (Capture, 1);

  self->parent.klass = &capture_class;
  self->calls = g_array_new (FALSE, FALSE, sizeof (Captured));
  g_array_set_clear_func (self->calls, captured_clear);
  self->fail_at = fail_at;
  return self;
}

static void
capture_free (Capture *self)
{
  g_array_unref (self->calls);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Capture, capture_free)

/* One expected call: page_base, page_count, then the data: `lead` zero
 * bytes followed by file bytes [off, off + n). */
typedef struct
{
  guint64 page_base;
  guint64 page_count;
  gsize lead;
  gsize off;
  gsize n;
} WantCall;

static void
assert_calls (Capture        *cap,
              GBytes         *file,
              const char     *tag,
              MvAcceptance    acceptance,
              const WantCall *want,
              gsize           n_want)
{
  gsize file_len;
  const guint8 *file_data = g_bytes_get_data (file, &file_len);

  g_assert_cmpuint (cap->calls->len, ==, n_want);
  for (gsize i = 0; i < n_want; i++)
    {
      const Captured *c = &g_array_index (cap->calls, Captured, i);
      g_autofree guint8 *expect = g_malloc0 (want[i].lead + want[i].n + 1);
      gsize got_len;
      const guint8 *got = g_bytes_get_data (c->data, &got_len);

      g_assert_cmphex (c->page_base, ==, want[i].page_base);
      g_assert_cmphex (c->page_count, ==, want[i].page_count);
      g_assert_cmpstr (c->tag, ==, tag);
      g_assert_cmpint (c->acceptance, ==, acceptance);
      g_assert_cmpuint (want[i].off + want[i].n, <=, file_len);
      memcpy (expect + want[i].lead, file_data + want[i].off, want[i].n);
      g_assert_cmpmem (got, got_len, expect, want[i].lead + want[i].n);
    }
}

/* ---- hand-worked call sequences -------------------------------------------- */

typedef struct
{
  const char *name;
  gsize file_size;
  gsize chunk;
  guint64 file_offset;
  guint64 file_length;
  guint64 gpa;
  guint64 memory_length;
  WantCall calls[4];
  gsize n_calls;
} SeqCase;

static const SeqCase seq_cases[] = {
  /* gpa 0x1800: 0x800 leading zeros; two one-page chunks */
  { "unaligned-gpa", 8192, PAGE, 0, 0x1000, 0x1800, 0x1000,
    { { 1, 1, 0x800, 0, 0x800 }, { 2, 1, 0, 0x800, 0x800 } }, 2 },
  /* the same with the default chunk: one call */
  { "unaligned-gpa-one-chunk", 8192, MV_CHUNK_DEFAULT_SIZE, 0, 0x1000, 0x1800, 0x1000,
    { { 1, 2, 0x800, 0, 0x1000 } }, 1 },
  /* 100 bytes into 3 pages + 1 byte: the call covers all 4 pages */
  { "zero-fill", 100, MV_CHUNK_DEFAULT_SIZE, 0, 100, 0x10000, 3 * PAGE + 1,
    { { 0x10, 4, 0, 0, 100 } }, 1 },
  /* no file data: one zero call over the pages */
  { "file-length-0", 16, MV_CHUNK_DEFAULT_SIZE, 0, 0, 0x3000, 5000,
    { { 3, 2, 0, 0, 0 } }, 1 },
  { "file-length-0-unaligned", 16, PAGE, 0, 0, 0x3456, 0x1000,
    { { 3, 2, 0, 0, 0 } }, 1 },
  /* 2-page chunks, 0x100 leading zeros, offset 100 into the file: 20490
   * bytes in 32778 of memory = 9 pages: 7936 + 8192 + 4362 bytes, the
   * last call taking the 5 remaining pages */
  { "chunk-split", 24000, 2 * PAGE, 100, 20490, 0x1100, 20490 + 3 * PAGE,
    { { 1, 2, 0x100, 100, 7936 }, { 3, 2, 0, 8036, 8192 }, { 5, 5, 0, 16228, 4362 } }, 3 },
  /* whole pages */
  { "exact-pages", 8192, PAGE, 0, 8192, 0, 8192,
    { { 0, 1, 0, 0, PAGE }, { 1, 1, 0, PAGE, PAGE } }, 2 },
  /* the last data chunk carries the zero pages after it */
  { "tail-zero-pages", 8192, PAGE, 0, PAGE + 10, 0, 5 * PAGE,
    { { 0, 1, 0, 0, PAGE }, { 1, 4, 0, PAGE, 10 } }, 2 },
  /* a chunk bigger than the region */
  { "small-region", 8192, MV_CHUNK_DEFAULT_SIZE, 4000, 1, 0xfff, 1,
    { { 0, 1, 0xfff, 4000, 1 } }, 1 },
  /* leading zeros push the data across a page: 2 pages, one call */
  { "lead-crosses-page", 8192, 2 * PAGE, 0, 0x1000, 0x2fff, 0x1000,
    { { 2, 2, 0xfff, 0, 0x1000 } }, 1 },
  /* 1-page chunks, 0x10 leading zeros: 3 pages of file need 4 chunks
   * (4080 + 4096 + 4096 + 16 bytes); memory of 5 pages + 0x10 is 6 pages,
   * so the last call takes 3 */
  { "four-chunks-lead", 16384, PAGE, 5, 3 * PAGE, 0x10010, 5 * PAGE,
    { { 0x10, 1, 0x10, 5, PAGE - 0x10 }, { 0x11, 1, 0, 4085, PAGE },
      { 0x12, 1, 0, 8181, PAGE }, { 0x13, 3, 0, 12277, 0x10 } }, 4 },
};

typedef struct
{
  guint64 done;
  guint64 total;
} Progress;

static gboolean
record_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  GArray *log = user_data;
  Progress p = { done, total };

  g_array_append_val (log, p);
  return TRUE;
}

static void
test_sequence (gconstpointer data)
{
  const SeqCase *t = data;
  g_autoptr(GBytes) file = pattern (t->file_size);
  g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
  g_autoptr(MvChunkBuf) buf = NULL;
  g_autoptr(Capture) cap = capture_new (0);
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (Progress));
  g_autoptr(GError) error = NULL;
  MvFileRegion region = {
    .file = src,
    .file_offset = t->file_offset,
    .file_length = t->file_length,
    .gpa = t->gpa,
    .memory_length = t->memory_length,
    .acceptance = MV_ACCEPTANCE_EXCLUSIVE_UNMEASURED,
    .tag = "test-region",
  };
  guint32 crc = 0xdeadbeef;
  guint64 done = 0;
  gsize file_len;
  const guint8 *file_data = g_bytes_get_data (file, &file_len);

  buf = mv_chunk_buf_new (t->chunk, &error);
  g_assert_no_error (error);
  g_assert_true (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, &crc,
                                                  record_progress, progress, &error));
  g_assert_no_error (error);
  assert_calls (cap, file, "test-region", MV_ACCEPTANCE_EXCLUSIVE_UNMEASURED, t->calls, t->n_calls);

  /* the CRC of the file bytes imported */
  g_assert_cmphex (crc, ==, crc32 (0L, file_data + t->file_offset, (uInt) t->file_length));

  /* progress after every chunk that read file data */
  g_assert_cmpuint (progress->len, ==, t->file_length == 0 ? 0 : t->n_calls);
  for (guint i = 0; i < progress->len; i++)
    {
      const Progress *p = &g_array_index (progress, Progress, i);

      done += t->calls[i].n;
      g_assert_cmpuint (p->done, ==, done);
      g_assert_cmpuint (p->total, ==, t->file_length);
    }

  /* the same through the recorder: pages add up */
  {
    g_autoptr(MvSource) src2 = mv_source_new_for_bytes (file);
    g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
    guint64 pages = 0;

    region.file = src2;
    g_assert_true (mv_chunk_buf_import_file_region (buf, &rec->parent, &region, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (rec->n_calls, ==, t->n_calls);
    for (gsize i = 0; i < t->n_calls; i++)
      pages += t->calls[i].page_count;
    g_assert_cmpuint (rec->total_pages, ==, pages);
    g_assert_cmpuint (mv_recorder_map_pages (rec), ==, pages);
    g_assert_cmpuint (mv_recorder_n_errors (rec), ==, 0);
  }
}

/* memory_length 0 is done before anything: no seek, no call. */
static void
test_memory_length_zero (void)
{
  g_autoptr(GBytes) file = pattern (10);
  g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (PAGE, NULL);
  g_autoptr(Capture) cap = capture_new (0);
  g_autoptr(GError) error = NULL;
  MvFileRegion region = { src, (guint64) 1 << 63, 0, 0x1000, 0, MV_ACCEPTANCE_EXCLUSIVE, "t" };
  guint32 crc = 1;

  g_assert_true (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, &crc, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cap->calls->len, ==, 0);
  g_assert_cmphex (crc, ==, 0);
}

/* The buffer's earlier contents never leak into a later import. */
static void
test_buffer_reuse (void)
{
  g_autoptr(GBytes) file = pattern (3 * PAGE);
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (2 * PAGE, NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
    g_autoptr(Capture) cap = capture_new (0);
    MvFileRegion region = { src, 0, 2 * PAGE, 0, 2 * PAGE, MV_ACCEPTANCE_EXCLUSIVE, "a" };

    g_assert_true (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
  }
  {
    g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
    g_autoptr(Capture) cap = capture_new (0);
    MvFileRegion region = { src, 2 * PAGE, 10, 0x5ff0, 2 * PAGE, MV_ACCEPTANCE_SHARED, "b" };
    const WantCall want[] = { { 5, 3, 0xff0, 2 * PAGE, 10 } };

    g_assert_true (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
    assert_calls (cap, file, "b", MV_ACCEPTANCE_SHARED, want, 1);
  }
  g_assert_no_error (error);
}

/* ---- errors ------------------------------------------------------------------ */

static void
expect_import_error (const GError *error,
                     int           code,
                     const char   *name)
{
  g_assert_error (error, MV_FILE_IMPORT_ERROR, code);
  g_assert_cmpstr (mv_file_import_error_name (code), ==, name);
}

static void
test_error_file_length (void)
{
  g_autoptr(GBytes) file = pattern (8192);
  g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (PAGE, NULL);
  g_autoptr(Capture) cap = capture_new (0);
  g_autoptr(GError) error = NULL;
  MvFileRegion region = { src, 0, 4097, 0, 4096, MV_ACCEPTANCE_EXCLUSIVE, "t" };

  g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
  expect_import_error (error, MV_FILE_IMPORT_ERROR_FILE_LENGTH_EXCEEDS_MEMORY_LENGTH,
                       "FileLengthExceedsMemoryLength");
  g_assert_nonnull (strstr (error->message, "file length 4097 exceeds memory length 4096"));
  g_assert_cmpuint (cap->calls->len, ==, 0);
  g_clear_error (&error);

  /* checked before memory_length == 0 and before the overflow check */
  region.memory_length = 0;
  region.file_length = 1;
  g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
  g_assert_error (error, MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_FILE_LENGTH_EXCEEDS_MEMORY_LENGTH);
  g_clear_error (&error);
  region.gpa = 0xfff;
  region.memory_length = G_MAXUINT64 - 1;
  region.file_length = G_MAXUINT64;
  g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
  g_assert_error (error, MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_FILE_LENGTH_EXCEEDS_MEMORY_LENGTH);
  g_assert_cmpuint (cap->calls->len, ==, 0);
}

static void
test_error_overflow (void)
{
  g_autoptr(GBytes) file = pattern (16);
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (PAGE, NULL);
  static const struct
  {
    guint64 gpa;
    guint64 memory_length;
  } cases[] = {
    /* leading_zero + memory_length passes 2^64 */
    { 0x1fff, G_MAXUINT64 - 0xffe },
    { 0x1, G_MAXUINT64 },
    /* ... + page_mask passes 2^64 */
    { 0, G_MAXUINT64 - 4094 },
    { 0x10, G_MAXUINT64 - 4094 - 0x10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
      g_autoptr(Capture) cap = capture_new (0);
      g_autoptr(GError) error = NULL;
      /* an offset that cannot be sought: Overflow comes first */
      MvFileRegion region = { src, (guint64) 1 << 63, 0, cases[i].gpa, cases[i].memory_length,
                              MV_ACCEPTANCE_EXCLUSIVE, "t" };

      g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
      expect_import_error (error, MV_FILE_IMPORT_ERROR_OVERFLOW, "Overflow");
      g_assert_cmpuint (cap->calls->len, ==, 0);
    }

  /* The largest region that does not overflow: 2^52 - 1 pages of zeros
   * in one call. */
  {
    g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
    g_autoptr(Capture) cap = capture_new (0);
    g_autoptr(GError) error = NULL;
    MvFileRegion region = { src, 0, 0, 0, G_MAXUINT64 - 4095, MV_ACCEPTANCE_EXCLUSIVE, "t" };
    const WantCall want[] = { { 0, ((guint64) 1 << 52) - 1, 0, 0, 0 } };

    g_assert_true (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    assert_calls (cap, file, "t", MV_ACCEPTANCE_EXCLUSIVE, want, 1);
  }
}

static void
test_error_seek (void)
{
  g_autoptr(GBytes) file = pattern (16);
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (PAGE, NULL);
  const guint64 offsets[] = { (guint64) 1 << 63, G_MAXUINT64 };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
      g_autoptr(Capture) cap = capture_new (0);
      g_autoptr(GError) error = NULL;
      MvFileRegion region = { src, offsets[i], 4, 0, 4, MV_ACCEPTANCE_EXCLUSIVE, "t" };

      g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
      expect_import_error (error, MV_FILE_IMPORT_ERROR_SEEK, "Seek");
      g_assert_nonnull (strstr (error->message, "failed to seek file"));
      g_assert_cmpuint (cap->calls->len, ==, 0);
      g_clear_error (&error);

      /* upstream seeks even when there is no file data to read */
      region.file_length = 0;
      g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
      expect_import_error (error, MV_FILE_IMPORT_ERROR_SEEK, "Seek");
      g_assert_cmpuint (cap->calls->len, ==, 0);
    }

  /* 2^63 - 1 can be sought (past the end is fine) */
  {
    g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
    g_autoptr(Capture) cap = capture_new (0);
    g_autoptr(GError) error = NULL;
    MvFileRegion region = { src, G_MAXINT64, 0, 0, 4, MV_ACCEPTANCE_EXCLUSIVE, "t" };

    g_assert_true (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (cap->calls->len, ==, 1);
  }
}

static void
test_error_read (void)
{
  g_autoptr(GBytes) file = pattern (10000);
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (PAGE, NULL);

  /* 20000 bytes asked of a 10000-byte file: two whole chunks are imported,
   * the third read comes up short; the two calls stay made. */
  {
    g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
    g_autoptr(Capture) cap = capture_new (0);
    g_autoptr(GError) error = NULL;
    MvFileRegion region = { src, 0, 20000, 0, 20000, MV_ACCEPTANCE_EXCLUSIVE, "t" };
    const WantCall want[] = { { 0, 1, 0, 0, PAGE }, { 1, 1, 0, PAGE, PAGE } };
    guint32 crc = 1;

    g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, &crc, NULL, NULL, &error));
    expect_import_error (error, MV_FILE_IMPORT_ERROR_READ, "Read");
    g_assert_nonnull (strstr (error->message, "failed to read file"));
    g_assert_nonnull (strstr (error->message, "unexpected end of file"));
    assert_calls (cap, file, "t", MV_ACCEPTANCE_EXCLUSIVE, want, 2);
    g_assert_cmphex (crc, ==, 0);
  }

  /* an offset past the end: the seek works, the read fails at once */
  {
    g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
    g_autoptr(Capture) cap = capture_new (0);
    g_autoptr(GError) error = NULL;
    MvFileRegion region = { src, 20000, 10, 0, 10, MV_ACCEPTANCE_EXCLUSIVE, "t" };

    g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
    expect_import_error (error, MV_FILE_IMPORT_ERROR_READ, "Read");
    g_assert_cmpuint (cap->calls->len, ==, 0);
  }
}

static void
test_error_import_pages (void)
{
  g_autoptr(GBytes) file = pattern (24000);
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (2 * PAGE, NULL);
  const SeqCase *split = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (seq_cases); i++)
    if (g_str_equal (seq_cases[i].name, "chunk-split"))
      split = &seq_cases[i];
  g_assert_nonnull (split);

  /* fail at each of the three calls: the calls before stay made, the
   * failing one was attempted with the right arguments, none follow */
  for (guint fail = 1; fail <= 3; fail++)
    {
      g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
      g_autoptr(Capture) cap = capture_new (fail);
      g_autoptr(GError) error = NULL;
      g_autofree char *inner = g_strdup_printf ("importer refused call %u", fail);
      MvFileRegion region = { src, split->file_offset, split->file_length, split->gpa,
                              split->memory_length, MV_ACCEPTANCE_VP_CONTEXT, "t" };

      g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
      expect_import_error (error, MV_FILE_IMPORT_ERROR_IMPORT_PAGES, "ImportPages");
      g_assert_nonnull (strstr (error->message, "failed to import pages"));
      g_assert_nonnull (strstr (error->message, inner));
      assert_calls (cap, file, "t", MV_ACCEPTANCE_VP_CONTEXT, split->calls, fail);
    }

  /* and the zero-only call */
  {
    g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
    g_autoptr(Capture) cap = capture_new (1);
    g_autoptr(GError) error = NULL;
    MvFileRegion region = { src, 0, 0, 0x3000, 5000, MV_ACCEPTANCE_EXCLUSIVE, "t" };

    g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
    expect_import_error (error, MV_FILE_IMPORT_ERROR_IMPORT_PAGES, "ImportPages");
    g_assert_cmpuint (cap->calls->len, ==, 1);
  }
}

static gboolean
cancel_after_first (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  guint *n = user_data;

  return ++(*n) < 1;
}

static void
test_error_cancelled (void)
{
  g_autoptr(GBytes) file = pattern (3 * PAGE);
  g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (PAGE, NULL);
  g_autoptr(Capture) cap = capture_new (0);
  g_autoptr(GError) error = NULL;
  MvFileRegion region = { src, 0, 3 * PAGE, 0, 3 * PAGE, MV_ACCEPTANCE_EXCLUSIVE, "t" };
  guint n = 0;

  g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL,
                                                   cancel_after_first, &n, &error));
  expect_import_error (error, MV_FILE_IMPORT_ERROR_CANCELLED, "Cancelled");
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (cap->calls->len, ==, 1);
}

static void
test_error_chunk_size (void)
{
  static const gsize bad[] = { 0, 1, PAGE - 1, MV_CHUNK_MAX_SIZE + 1, G_MAXSIZE };
  static const struct
  {
    gsize asked;
    gsize got;
  } good[] = {
    { PAGE, PAGE },
    { PAGE + 1, PAGE },
    { 2 * PAGE - 1, PAGE },
    { MV_CHUNK_DEFAULT_SIZE, 64 * 1024 },
    { MV_CHUNK_MAX_SIZE, 256 * 1024 * 1024 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      MvChunkBuf *buf = mv_chunk_buf_new (bad[i], &error);

      g_assert_null (buf);
      expect_import_error (error, MV_FILE_IMPORT_ERROR_BAD_CHUNK_SIZE, "BadChunkSize");
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (good[i].asked, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (mv_chunk_buf_size (buf), ==, good[i].got);
    }
  g_assert_cmpstr (mv_file_import_error_name (99), ==, "Unknown");
}

/* A source that fails on demand, like an I/O error. */
typedef struct
{
  MvSource parent;
  gboolean fail_seek;
  gboolean fail_read;
  guint seeks_ok;       /* with fail_seek: seeks that succeed first */
} BrokenSource;

static gboolean
broken_seek (MvSource *source,
             guint64   offset,
             GError  **error)
{
  BrokenSource *self = (BrokenSource *) source;

  if (self->fail_seek && self->seeks_ok > 0)
    self->seeks_ok--;
  else if (self->fail_seek)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "disk on fire (seek)");
      return FALSE;
    }
  return TRUE;
}

static gssize
broken_read (MvSource *source,
             guint8   *buf,
             gsize     len,
             GError  **error)
{
  if (((BrokenSource *) source)->fail_read)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "disk on fire (read)");
      return -1;
    }
  memset (buf, 0x5a, len);
  return (gssize) MIN (len, (gsize) 1000);   /* short reads are fine */
}

static const MvSourceClass broken_class = { broken_seek, broken_read, NULL };

static void
test_error_broken_source (void)
{
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (PAGE, NULL);

  {
    BrokenSource src = { { &broken_class }, TRUE, FALSE, 0 };
    g_autoptr(Capture) cap = capture_new (0);
    g_autoptr(GError) error = NULL;
    MvFileRegion region = { &src.parent, 0, 10, 0, 10, MV_ACCEPTANCE_EXCLUSIVE, "t" };
    guint32 crc;

    g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
    expect_import_error (error, MV_FILE_IMPORT_ERROR_SEEK, "Seek");
    g_assert_nonnull (strstr (error->message, "disk on fire (seek)"));
    g_clear_error (&error);
    g_assert_false (mv_chunk_buf_crc32 (buf, &src.parent, 10, &crc, &error));
    expect_import_error (error, MV_FILE_IMPORT_ERROR_SEEK, "Seek");
  }
  {
    BrokenSource src = { { &broken_class }, FALSE, TRUE, 0 };
    g_autoptr(Capture) cap = capture_new (0);
    g_autoptr(GError) error = NULL;
    MvFileRegion region = { &src.parent, 0, 10, 0, 10, MV_ACCEPTANCE_EXCLUSIVE, "t" };
    guint32 crc;

    g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
    expect_import_error (error, MV_FILE_IMPORT_ERROR_READ, "Read");
    g_assert_nonnull (strstr (error->message, "disk on fire (read)"));
    g_clear_error (&error);
    g_assert_false (mv_chunk_buf_crc32 (buf, &src.parent, 10, &crc, &error));
    expect_import_error (error, MV_FILE_IMPORT_ERROR_READ, "Read");
  }
  /* crc32 rewinds the file afterwards, and says so when that fails */
  {
    BrokenSource src = { { &broken_class }, TRUE, FALSE, 1 };
    g_autoptr(GError) error = NULL;
    guint32 crc = 3;

    g_assert_false (mv_chunk_buf_crc32 (buf, &src.parent, 10, &crc, &error));
    expect_import_error (error, MV_FILE_IMPORT_ERROR_SEEK, "Seek");
    g_assert_nonnull (strstr (error->message, "failed to rewind file"));
    g_assert_cmphex (crc, ==, 3);
  }
  /* short reads are retried until the chunk is full */
  {
    BrokenSource src = { { &broken_class }, FALSE, FALSE, 0 };
    g_autoptr(Capture) cap = capture_new (0);
    g_autoptr(GError) error = NULL;
    MvFileRegion region = { &src.parent, 0, 5000, 0, 5000, MV_ACCEPTANCE_EXCLUSIVE, "t" };
    guint8 expect[PAGE];
    gsize len;
    const guint8 *got;

    g_assert_true (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (cap->calls->len, ==, 2);
    memset (expect, 0x5a, sizeof expect);
    got = g_bytes_get_data (g_array_index (cap->calls, Captured, 0).data, &len);
    g_assert_cmpmem (got, len, expect, PAGE);
    got = g_bytes_get_data (g_array_index (cap->calls, Captured, 1).data, &len);
    g_assert_cmpmem (got, len, expect, 5000 - PAGE);
  }
}

/* ---- crc32 --------------------------------------------------------------------- */

static void
test_crc32 (void)
{
  g_autoptr(GBytes) check = g_bytes_new_static ("123456789", 9);
  g_autoptr(GBytes) big = pattern (100000);
  const guint8 *big_data = g_bytes_get_data (big, NULL);
  const gsize chunks[] = { PAGE, 3 * PAGE, MV_CHUNK_DEFAULT_SIZE };

  for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
    {
      g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (chunks[c], NULL);
      g_autoptr(GError) error = NULL;
      guint32 crc = 0;

      /* the CRC-32 check value */
      {
        g_autoptr(MvSource) src = mv_source_new_for_bytes (check);
        g_assert_true (mv_chunk_buf_crc32 (buf, src, 9, &crc, &error));
        g_assert_no_error (error);
        g_assert_cmphex (crc, ==, 0xcbf43926);
      }

      /* a prefix, from the start even after a seek, and the source is
       * rewound afterwards */
      {
        g_autoptr(MvSource) src = mv_source_new_for_bytes (big);
        guint8 head[4];

        g_assert_true (mv_source_seek (src, 500, &error));
        g_assert_true (mv_chunk_buf_crc32 (buf, src, 70001, &crc, &error));
        g_assert_no_error (error);
        g_assert_cmphex (crc, ==, crc32 (0L, big_data, 70001));
        g_assert_true (mv_source_read_exact (src, head, 4, &error));
        g_assert_cmpmem (head, 4, big_data, 4);

        g_assert_true (mv_chunk_buf_crc32 (buf, src, 100000, &crc, &error));
        g_assert_cmphex (crc, ==, crc32 (0L, big_data, 100000));
        g_assert_true (mv_chunk_buf_crc32 (buf, src, 0, &crc, &error));
        g_assert_cmphex (crc, ==, 0);
      }

      /* longer than the file */
      {
        g_autoptr(MvSource) src = mv_source_new_for_bytes (big);

        crc = 7;
        g_assert_false (mv_chunk_buf_crc32 (buf, src, 100001, &crc, &error));
        expect_import_error (error, MV_FILE_IMPORT_ERROR_READ, "Read");
        g_assert_cmphex (crc, ==, 7);
      }
    }
}

/* ---- a real file ------------------------------------------------------------------ */

typedef struct
{
  char *path;
  GBytes *contents;
} TempFile;

static void
temp_file_setup (TempFile     *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("memviz-test-import-XXXXXX", &f->path, &error);
  gsize len;
  const guint8 *bytes;

  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  f->contents = pattern (24000);
  bytes = g_bytes_get_data (f->contents, &len);
  g_assert_true (g_file_set_contents (f->path, (const char *) bytes, (gssize) len, &error));
  g_assert_no_error (error);
}

static void
temp_file_teardown (TempFile     *f,
                    gconstpointer data)
{
  g_assert_cmpint (g_unlink (f->path), ==, 0);
  g_free (f->path);
  g_bytes_unref (f->contents);
}

static void
test_file_sequence (TempFile     *f,
                    gconstpointer data)
{
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (2 * PAGE, NULL);
  g_autoptr(GError) error = NULL;
  const SeqCase *split = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (seq_cases); i++)
    if (g_str_equal (seq_cases[i].name, "chunk-split"))
      split = &seq_cases[i];

  /* by path and by fd: the same calls as from memory */
  for (int how = 0; how < 2; how++)
    {
      g_autoptr(MvSource) src = NULL;
      g_autoptr(Capture) cap = capture_new (0);
      guint32 crc;

      if (how == 0)
        src = mv_source_new_for_path (f->path, &error);
      else
        src = mv_source_new_for_fd (g_open (f->path, O_RDONLY, 0), TRUE);
      g_assert_no_error (error);
      g_assert_nonnull (src);

      {
        MvFileRegion region = { src, split->file_offset, split->file_length, split->gpa,
                                split->memory_length, MV_ACCEPTANCE_EXCLUSIVE, "file" };

        g_assert_true (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, &crc, NULL, NULL, &error));
        g_assert_no_error (error);
        assert_calls (cap, f->contents, "file", MV_ACCEPTANCE_EXCLUSIVE, split->calls, split->n_calls);
      }

      g_assert_true (mv_chunk_buf_crc32 (buf, src, 24000, &crc, &error));
      g_assert_cmphex (crc, ==, crc32 (0L, g_bytes_get_data (f->contents, NULL), 24000));

      /* Seek: lseek refuses offsets of 2^63 and more */
      {
        MvFileRegion region = { src, (guint64) 1 << 63, 1, 0, 1, MV_ACCEPTANCE_EXCLUSIVE, "file" };

        g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
        expect_import_error (error, MV_FILE_IMPORT_ERROR_SEEK, "Seek");
        g_clear_error (&error);
      }

      /* Read: past the end of the file */
      {
        MvFileRegion region = { src, 23000, 2000, 0, 2000, MV_ACCEPTANCE_EXCLUSIVE, "file" };

        g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
        expect_import_error (error, MV_FILE_IMPORT_ERROR_READ, "Read");
        g_clear_error (&error);
      }
    }
}

/* A read error from the operating system: an fd open for writing only. */
static void
test_file_read_error (TempFile     *f,
                      gconstpointer data)
{
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (PAGE, NULL);
  g_autoptr(MvSource) src = mv_source_new_for_fd (g_open (f->path, O_WRONLY, 0), TRUE);
  g_autoptr(Capture) cap = capture_new (0);
  g_autoptr(GError) error = NULL;
  MvFileRegion region = { src, 0, 10, 0, 10, MV_ACCEPTANCE_EXCLUSIVE, "file" };
  guint32 crc;

  g_assert_false (mv_chunk_buf_import_file_region (buf, &cap->parent, &region, NULL, NULL, NULL, &error));
  expect_import_error (error, MV_FILE_IMPORT_ERROR_READ, "Read");
  g_assert_nonnull (strstr (error->message, "read failed"));
  g_assert_cmpuint (cap->calls->len, ==, 0);
  g_clear_error (&error);
  g_assert_false (mv_chunk_buf_crc32 (buf, src, 10, &crc, &error));
  expect_import_error (error, MV_FILE_IMPORT_ERROR_READ, "Read");
}

static void
test_source_open_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "memviz-test-does-not-exist", NULL);
  MvSource *src;

  src = mv_source_new_for_path (missing, &error);
  g_assert_null (src);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  src = mv_source_new_for_path (g_get_tmp_dir (), &error);
  g_assert_null (src);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
}

/* ---- acceptance names ------------------------------------------------------------- */

static void
test_acceptance_names (void)
{
  static const char *const names[] = {
    "Exclusive", "ExclusiveUnmeasured", "VpContext", "SecretsPage",
    "CpuidPage", "CpuidExtendedStatePage", "Shared",
  };
  MvAcceptance a;

  g_assert_cmpuint (G_N_ELEMENTS (names), ==, MV_ACCEPTANCE_N_VALUES);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (mv_acceptance_to_string ((MvAcceptance) i), ==, names[i]);
      a = MV_ACCEPTANCE_N_VALUES;
      g_assert_true (mv_acceptance_from_string (names[i], &a));
      g_assert_cmpint (a, ==, i);
    }
  a = MV_ACCEPTANCE_SHARED;
  g_assert_false (mv_acceptance_from_string ("exclusive", &a));
  g_assert_false (mv_acceptance_from_string ("", &a));
  g_assert_false (mv_acceptance_from_string (NULL, &a));
  g_assert_cmpint (a, ==, MV_ACCEPTANCE_SHARED);
}

/* ---- the recorder's page map ------------------------------------------------------- */

typedef struct
{
  guint64 page_base;
  guint64 page_count;
  const char *tag;
  MvAcceptance acceptance;
  MvPageFlags flags;
} WantRun;

static void
assert_map (MvRecorder    *rec,
            const WantRun *want,
            gsize          n_want)
{
  g_assert_cmpuint (rec->page_map->len, ==, n_want);
  for (gsize i = 0; i < n_want; i++)
    {
      const MvPageRun *r = &g_array_index (rec->page_map, MvPageRun, i);
      g_assert_cmphex (r->page_base, ==, want[i].page_base);
      g_assert_cmphex (r->page_count, ==, want[i].page_count);
      g_assert_cmpstr (r->tag, ==, want[i].tag);
      g_assert_true (g_str_equal (r->tag, want[i].tag));
      g_assert_cmpint (r->acceptance, ==, want[i].acceptance);
      g_assert_cmphex (r->flags, ==, want[i].flags);
    }
  g_assert_cmpuint (mv_recorder_map_pages (rec), ==, rec->total_pages);
}

static const guint8 zeros[3 * PAGE];

static void
import (MvRecorder   *rec,
        guint64       base,
        guint64       count,
        const char   *tag,
        MvAcceptance  acc,
        gsize         data_len)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (data_len, <=, sizeof zeros);
  g_assert_true (mv_importer_import_pages (&rec->parent, base, count, tag, acc,
                                           data_len ? zeros : NULL, data_len, &error));
  g_assert_no_error (error);
}

#define EX MV_ACCEPTANCE_EXCLUSIVE
#define SH MV_ACCEPTANCE_SHARED
#define D  MV_PAGE_DATA

static void
test_map_coalescing (void)
{
  g_autoptr(MvRecorder) rec = mv_recorder_new (FALSE);
  const WantRun want[] = {
    { 0, 4, "a", EX, D },      /* two data calls, back to back */
    { 4, 1, "a", EX, 0 },      /* zero tail of the second */
    { 5, 2, "b", EX, D },      /* another tag */
    { 7, 1, "b", SH, D },      /* another acceptance */
    { 9, 1, "b", SH, D },      /* not contiguous */
    { 10, 3, "b", SH, 0 },     /* zero, then zero: coalesced */
  };

  import (rec, 0, 2, "a", EX, 2 * PAGE);
  import (rec, 2, 3, "a", EX, 2 * PAGE);
  import (rec, 5, 2, "b", EX, 2 * PAGE);
  import (rec, 7, 1, "b", SH, PAGE);
  import (rec, 9, 1, "b", SH, 1);
  import (rec, 10, 1, "b", SH, 0);
  import (rec, 11, 2, "b", SH, 0);
  assert_map (rec, want, G_N_ELEMENTS (want));
  g_assert_cmpuint (rec->n_calls, ==, 7);
  g_assert_cmpuint (rec->total_pages, ==, 12);
  g_assert_cmpuint (mv_recorder_n_errors (rec), ==, 0);
  /* without tracing, no call list */
  g_assert_cmpuint (rec->calls->len, ==, 0);
}

static void
test_map_data_and_zero (void)
{
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  const WantRun want[] = {
    { 10, 2, "t", EX, D },       /* 5000 bytes: 2 pages of data */
    { 12, 2, "t", EX, 0 },       /* and 2 of zeros */
    { 20, 2, "u", EX, D },       /* exactly 2 pages */
    { 30, 3, "v", EX, 0 },       /* no data */
    { 40, 1, "w", EX, D | MV_PAGE_OVERSIZE },   /* more data than pages */
  };

  import (rec, 10, 4, "t", EX, 5000);
  import (rec, 20, 2, "u", EX, 2 * PAGE);
  import (rec, 30, 3, "v", EX, 0);
  import (rec, 40, 1, "w", EX, PAGE + 1);
  /* a call of no pages adds nothing to the map */
  import (rec, 50, 0, "x", EX, 0);
  assert_map (rec, want, G_N_ELEMENTS (want));
  g_assert_cmpuint (mv_recorder_n_errors (rec), ==, 1);

  /* the trace keeps every call with the CRC of its data */
  g_assert_cmpuint (rec->calls->len, ==, 5);
  g_assert_cmpuint (rec->n_calls, ==, 5);
  {
    const MvImportCall *c = &g_array_index (rec->calls, MvImportCall, 0);
    g_assert_cmphex (c->page_base, ==, 10);
    g_assert_cmphex (c->page_count, ==, 4);
    g_assert_cmpuint (c->data_len, ==, 5000);
    g_assert_cmphex (c->crc32, ==, crc32 (0L, zeros, 5000));
    c = &g_array_index (rec->calls, MvImportCall, 2);
    g_assert_cmpuint (c->data_len, ==, 0);
    g_assert_cmphex (c->crc32, ==, 0);
  }
}

static void
test_map_overlap (void)
{
  g_autoptr(MvRecorder) rec = mv_recorder_new (FALSE);
  const WantRun want[] = {
    { 0, 4, "a", EX, 0 },
    { 2, 4, "b", EX, MV_PAGE_OVERLAP },            /* over the end of a */
    { 10, 2, "c", EX, 0 },
    { 8, 2, "d", EX, 0 },                          /* touching c from below: fine */
    { 12, 2, "e", EX, 0 },                         /* touching c from above: fine */
    { 9, 1, "f", EX, D | MV_PAGE_OVERLAP },        /* the data page overlaps d */
    { 10, 1, "f", EX, MV_PAGE_OVERLAP },           /* the zero page overlaps c */
    { 20, 1, "g", EX, D },
    { 21, 1, "g", EX, 0 },
    { 7, 8, "h", EX, MV_PAGE_OVERLAP },            /* spans several */
    { 100, 1, "i", EX, D },
    { 101, 2, "i", EX, 0 },
    { 101, 1, "j", EX, D | MV_PAGE_OVERLAP },      /* data inside, zero beyond */
    { 102, 5, "j", EX, MV_PAGE_OVERLAP },
  };

  import (rec, 0, 4, "a", EX, 0);
  import (rec, 2, 4, "b", EX, 0);
  import (rec, 10, 2, "c", EX, 0);
  import (rec, 8, 2, "d", EX, 0);
  import (rec, 12, 2, "e", EX, 0);
  import (rec, 9, 2, "f", EX, PAGE);
  import (rec, 20, 2, "g", EX, 100);
  import (rec, 7, 8, "h", EX, 0);
  import (rec, 100, 3, "i", EX, PAGE);
  import (rec, 101, 6, "j", EX, 1);
  assert_map (rec, want, G_N_ELEMENTS (want));
  g_assert_cmpuint (mv_recorder_n_errors (rec), ==, 6);

  /* only the part that overlaps is flagged */
  {
    g_autoptr(MvRecorder) r2 = mv_recorder_new (FALSE);
    const WantRun want2[] = {
      { 0, 2, "a", EX, 0 },
      { 1, 1, "b", EX, D | MV_PAGE_OVERLAP },
      { 2, 2, "b", EX, 0 },
    };

    import (r2, 0, 2, "a", EX, 0);
    import (r2, 1, 3, "b", EX, PAGE);
    assert_map (r2, want2, G_N_ELEMENTS (want2));
    g_assert_cmpuint (mv_recorder_n_errors (r2), ==, 1);
  }
}

static void
test_map_beyond (void)
{
  g_autoptr(MvRecorder) rec = mv_recorder_new (FALSE);
  const WantRun want[] = {
    { MV_PAGE_LIMIT - 1, 1, "ok", EX, D },                         /* the last page */
    { MV_PAGE_LIMIT - 1, 2, "x", EX, MV_PAGE_BEYOND },             /* runs past it */
    { MV_PAGE_LIMIT, 1, "y", EX, MV_PAGE_BEYOND },                 /* starts past it */
    { MV_PAGE_LIMIT + 1, 1, "y", EX, MV_PAGE_BEYOND },             /* never coalesced */
    { G_MAXUINT64, 1, "z", EX, D | MV_PAGE_BEYOND },
    { G_MAXUINT64, 1, "z", EX, MV_PAGE_BEYOND },                   /* page number saturates */
  };

  import (rec, MV_PAGE_LIMIT - 1, 1, "ok", EX, PAGE);
  import (rec, MV_PAGE_LIMIT - 1, 2, "x", EX, 0);
  import (rec, MV_PAGE_LIMIT, 1, "y", EX, 0);
  import (rec, MV_PAGE_LIMIT + 1, 1, "y", EX, 0);
  import (rec, G_MAXUINT64, 2, "z", EX, PAGE);
  assert_map (rec, want, G_N_ELEMENTS (want));
  g_assert_cmpuint (mv_recorder_n_errors (rec), ==, 5);
  g_assert_cmpuint (rec->total_pages, ==, 7);
}

/* A file import through the recorder: the chunk-split calls coalesce
 * into one data run and one zero run. */
static void
test_map_file_import (void)
{
  g_autoptr(GBytes) file = pattern (24000);
  g_autoptr(MvSource) src = mv_source_new_for_bytes (file);
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (2 * PAGE, NULL);
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GError) error = NULL;
  MvFileRegion region = { src, 100, 20490, 0x1100, 20490 + 3 * PAGE, MV_ACCEPTANCE_EXCLUSIVE, "linux-initrd" };
  const WantRun want[] = {
    { 1, 6, "linux-initrd", EX, D },
    { 7, 3, "linux-initrd", EX, 0 },
  };
  gsize len;
  const guint8 *data = g_bytes_get_data (file, &len);

  g_assert_true (mv_chunk_buf_import_file_region (buf, &rec->parent, &region, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_map (rec, want, G_N_ELEMENTS (want));
  g_assert_cmpuint (rec->total_pages, ==, 9);
  g_assert_cmpuint (rec->calls->len, ==, 3);
  /* the traced CRC of the second call: file bytes [8036, 16228) */
  g_assert_cmphex (g_array_index (rec->calls, MvImportCall, 1).crc32, ==, crc32 (0L, data + 8036, 8192));
}

/* ---- randomized: the page map against a page-by-page model ------------------------- */

typedef struct
{
  guint64 page;
  const char *tag;
  MvAcceptance acceptance;
  MvPageFlags flags;
} PageEntry;

static void
model_part (GArray      *pages,
            GHashTable  *occupied,
            guint64      base,
            guint64      count,
            const char  *tag,
            MvAcceptance acc,
            MvPageFlags  flags)
{
  gboolean beyond = base >= MV_PAGE_LIMIT || count > MV_PAGE_LIMIT - base;
  gboolean overlap = FALSE;

  if (count == 0)
    return;
  if (beyond)
    flags |= MV_PAGE_BEYOND;
  else
    {
      for (guint64 p = base; p < base + count; p++)
        if (g_hash_table_contains (occupied, &p))
          overlap = TRUE;
      for (guint64 p = base; p < base + count; p++)
        {
          guint64 *key = g_new (guint64, 1);
          *key = p;
          g_hash_table_add (occupied, key);
        }
      if (overlap)
        flags |= MV_PAGE_OVERLAP;
    }
  for (guint64 i = 0; i < count; i++)
    {
      PageEntry e = { base + i, tag, acc, flags };
      g_array_append_val (pages, e);
    }
}

static void
test_map_random (void)
{
  static const char *const tags[] = { "alpha", "beta", "gamma" };
  static guint8 data[24 * PAGE];
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5eed0006);

  for (guint iter = 0; iter < 300; iter++)
    {
      g_autoptr(MvRecorder) rec = mv_recorder_new (iter % 2 == 0);
      g_autoptr(GArray) model = g_array_new (FALSE, FALSE, sizeof (PageEntry));
      g_autoptr(GHashTable) occupied = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      guint n_calls = (guint) g_rand_int_range (rand, 1, 40);
      guint64 sum = 0;
      guint64 expanded = 0;

      for (guint c = 0; c < n_calls; c++)
        {
          guint64 base = g_rand_int_range (rand, 0, 10) == 0
            ? MV_PAGE_LIMIT - 30 + (guint64) g_rand_int_range (rand, 0, 40)
            : (guint64) g_rand_int_range (rand, 0, 300);
          guint64 count = (guint64) g_rand_int_range (rand, 0, 20);
          gsize data_len = (gsize) g_rand_int_range (rand, 0, (gint32) (count + 2) * PAGE);
          const char *tag = tags[g_rand_int_range (rand, 0, 3)];
          MvAcceptance acc = g_rand_boolean (rand) ? EX : SH;
          guint64 data_pages = (data_len + PAGE - 1) / PAGE;
          MvPageFlags extra = data_pages > count ? MV_PAGE_OVERSIZE : 0;
          g_autoptr(GError) error = NULL;

          data_pages = MIN (data_pages, count);
          g_assert_true (mv_importer_import_pages (&rec->parent, base, count, tag, acc,
                                                   data, data_len, &error));
          g_assert_no_error (error);
          sum += count;

          model_part (model, occupied, base, data_pages, g_intern_string (tag), acc, MV_PAGE_DATA | extra);
          model_part (model, occupied, base + data_pages, count - data_pages, g_intern_string (tag), acc, extra);
        }

      /* the pages of the map add up to the pages of the calls */
      g_assert_cmpuint (rec->total_pages, ==, sum);
      g_assert_cmpuint (mv_recorder_map_pages (rec), ==, rec->total_pages);
      g_assert_cmpuint (rec->n_calls, ==, n_calls);
      g_assert_cmpuint (rec->calls->len, ==, iter % 2 == 0 ? n_calls : 0);

      /* expanded page by page, the map is the model */
      for (guint i = 0; i < rec->page_map->len; i++)
        {
          const MvPageRun *r = &g_array_index (rec->page_map, MvPageRun, i);

          g_assert_cmpuint (r->page_count, >, 0);
          for (guint64 k = 0; k < r->page_count; k++)
            {
              const PageEntry *e;

              g_assert_cmpuint (expanded, <, model->len);
              e = &g_array_index (model, PageEntry, expanded++);
              g_assert_cmphex (r->page_base + k, ==, e->page);
              g_assert_cmpstr (r->tag, ==, e->tag);
              g_assert_cmpint (r->acceptance, ==, e->acceptance);
              g_assert_cmphex (r->flags, ==, e->flags);
            }

          /* and the runs are maximal: neighbours that could merge did */
          if (i > 0)
            {
              const MvPageRun *p = &g_array_index (rec->page_map, MvPageRun, i - 1);
              gboolean mergeable = p->tag == r->tag && p->acceptance == r->acceptance &&
                                   p->flags == r->flags && (r->flags & MV_PAGE_BEYOND) == 0 &&
                                   p->page_base + p->page_count == r->page_base;
              g_assert_false (mergeable);
            }
        }
      g_assert_cmpuint (expanded, ==, model->len);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (seq_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/import/sequence/%s", seq_cases[i].name);
      g_test_add_data_func (path, &seq_cases[i], test_sequence);
    }
  g_test_add_func ("/import/sequence/memory-length-zero", test_memory_length_zero);
  g_test_add_func ("/import/sequence/buffer-reuse", test_buffer_reuse);
  g_test_add_func ("/import/error/file-length-exceeds-memory-length", test_error_file_length);
  g_test_add_func ("/import/error/overflow", test_error_overflow);
  g_test_add_func ("/import/error/seek", test_error_seek);
  g_test_add_func ("/import/error/read", test_error_read);
  g_test_add_func ("/import/error/import-pages", test_error_import_pages);
  g_test_add_func ("/import/error/cancelled", test_error_cancelled);
  g_test_add_func ("/import/error/bad-chunk-size", test_error_chunk_size);
  g_test_add_func ("/import/error/broken-source", test_error_broken_source);
  g_test_add_func ("/import/crc32", test_crc32);
  g_test_add ("/import/file/sequence", TempFile, NULL, temp_file_setup, test_file_sequence,
              temp_file_teardown);
  g_test_add ("/import/file/read-error", TempFile, NULL, temp_file_setup, test_file_read_error,
              temp_file_teardown);
  g_test_add_func ("/import/file/open-errors", test_source_open_errors);
  g_test_add_func ("/import/acceptance-names", test_acceptance_names);
  g_test_add_func ("/import/page-map/coalescing", test_map_coalescing);
  g_test_add_func ("/import/page-map/data-and-zero", test_map_data_and_zero);
  g_test_add_func ("/import/page-map/overlap", test_map_overlap);
  g_test_add_func ("/import/page-map/beyond", test_map_beyond);
  g_test_add_func ("/import/page-map/file-import", test_map_file_import);
  g_test_add_func ("/import/page-map/random", test_map_random);

  return g_test_run ();
}
