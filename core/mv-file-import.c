/* SPDX-License-Identifier: MIT */
/* A port of OpenVMM's ChunkBuf (vm/loader/src/common.rs): the same chunks,
 * the same import_pages calls in the same order, the same errors. */
#include "mv-file-import.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <glib/gstdio.h>

#include "mv-range.h"

G_DEFINE_QUARK (mv-file-import-error-quark, mv_file_import_error)

const char *
mv_file_import_error_name (int code)
{
  switch ((MvFileImportError) code)
    {
    case MV_FILE_IMPORT_ERROR_FILE_LENGTH_EXCEEDS_MEMORY_LENGTH: return "FileLengthExceedsMemoryLength";
    case MV_FILE_IMPORT_ERROR_SEEK: return "Seek";
    case MV_FILE_IMPORT_ERROR_READ: return "Read";
    case MV_FILE_IMPORT_ERROR_IMPORT_PAGES: return "ImportPages";
    case MV_FILE_IMPORT_ERROR_OVERFLOW: return "Overflow";
    case MV_FILE_IMPORT_ERROR_BAD_CHUNK_SIZE: return "BadChunkSize";
    case MV_FILE_IMPORT_ERROR_CANCELLED: return "Cancelled";
    default: return "Unknown";
    }
}

/* ---- sources ---------------------------------------------------------- */

typedef struct
{
  MvSource parent;
  int fd;
  gboolean close_fd;
} FdSource;

static gboolean
fd_seek (MvSource *source,
         guint64   offset,
         GError  **error)
{
  FdSource *self = (FdSource *) source;

  if (lseek (self->fd, (off_t) offset, SEEK_SET) == (off_t) -1)
    {
      int errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "cannot seek to offset 0x%" G_GINT64_MODIFIER "x: %s",
                   offset, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

static gssize
fd_read (MvSource *source,
         guint8   *buf,
         gsize     len,
         GError  **error)
{
  FdSource *self = (FdSource *) source;

  for (;;)
    {
      gssize n = read (self->fd, buf, MIN (len, (gsize) G_MAXSSIZE));

      if (n >= 0)
        return n;
      if (errno == EINTR)
        continue;
      {
        int errsv = errno;
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                     "read failed: %s", g_strerror (errsv));
      }
      return -1;
    }
}

static void
fd_free (MvSource *source)
{
  FdSource *self = (FdSource *) source;

  if (self->close_fd)
    close (self->fd);
}

static const MvSourceClass fd_source_class = { fd_seek, fd_read, fd_free };

MvSource *
mv_source_new_for_fd (int      fd,
                      gboolean close_fd)
{
  FdSource *self = g_new0 (FdSource, 1);

  self->parent.klass = &fd_source_class;
  self->fd = fd;
  self->close_fd = close_fd;
  return &self->parent;
}

/**
 * mv_source_open_regular:
 * @size: (out) (optional): the file's size when opened
 *
 * Opens @path for reading if it is a regular file. A directory fails
 * with G_FILE_ERROR_ISDIR, anything else that is not a regular file (a
 * FIFO, a device, a socket) with G_FILE_ERROR_INVAL, before any read.
 */
MvSource *
mv_source_open_regular (const char *path,
                        guint64    *size,
                        GError    **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  /* O_NONBLOCK: opening a FIFO must not wait for a writer; only regular
   * files are read (a FIFO or /dev/zero never ends, or blocks). */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  MvSource *source;
  struct stat st;
  int fl;

  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "cannot open %s: %s", shown, g_strerror (errsv));
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "cannot read %s: %s", shown, g_strerror (errsv));
      close (fd);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   "cannot read %s: it is a directory", shown);
      close (fd);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "cannot read %s: not a regular file (a FIFO, a device or a socket)", shown);
      close (fd);
      return NULL;
    }
  fl = fcntl (fd, F_GETFL);
  if (fl >= 0)
    fcntl (fd, F_SETFL, fl & ~O_NONBLOCK);
  if (size != NULL)
    *size = (guint64) st.st_size;
  source = mv_source_new_for_fd (fd, TRUE);
  mv_source_set_name (source, shown);
  return source;
}

MvSource *
mv_source_new_for_path (const char *path,
                        GError    **error)
{
  return mv_source_open_regular (path, NULL, error);
}

typedef struct
{
  MvSource parent;
  GBytes *bytes;
  guint64 pos;
} BytesSource;

/**
 * mv_source_check_offset:
 * For sources that are not files: fails like lseek() does for offsets of
 * 2^63 and more (Rust passes the u64 offset to lseek as an i64).
 */
gboolean
mv_source_check_offset (guint64  offset,
                        GError **error)
{
  if (offset > (guint64) G_MAXINT64)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "cannot seek to offset 0x%" G_GINT64_MODIFIER "x: Invalid argument",
                   offset);
      return FALSE;
    }
  return TRUE;
}

static gboolean
bytes_seek (MvSource *source,
            guint64   offset,
            GError  **error)
{
  BytesSource *self = (BytesSource *) source;

  if (!mv_source_check_offset (offset, error))
    return FALSE;
  self->pos = offset;
  return TRUE;
}

static gssize
bytes_read (MvSource *source,
            guint8   *buf,
            gsize     len,
            GError  **error)
{
  BytesSource *self = (BytesSource *) source;
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n;

  if (self->pos >= size)
    return 0;
  n = MIN (len, size - self->pos);
  memcpy (buf, data + self->pos, n);
  self->pos += n;
  return (gssize) n;
}

static void
bytes_free (MvSource *source)
{
  g_bytes_unref (((BytesSource *) source)->bytes);
}

static const MvSourceClass bytes_source_class = { bytes_seek, bytes_read, bytes_free };

MvSource *
mv_source_new_for_bytes (GBytes *bytes)
{
  BytesSource *self = g_new0 (BytesSource, 1);

  self->parent.klass = &bytes_source_class;
  self->bytes = g_bytes_ref (bytes);
  return &self->parent;
}

void
mv_source_free (MvSource *self)
{
  if (self == NULL)
    return;
  if (self->klass->free != NULL)
    self->klass->free (self);
  g_free (self->name);
  g_free (self);
}

gboolean
mv_source_seek (MvSource *self,
                guint64   offset,
                GError  **error)
{
  return self->klass->seek (self, offset, error);
}

/* The name errors give the source: its file's path. */
void
mv_source_set_name (MvSource   *self,
                    const char *name)
{
  g_free (self->name);
  self->name = g_strdup (name);
}

/* For a source that knows it repeats one byte (a synthetic region): skips
 * the next @len bytes when they are all one value, given in *@byte. */
gboolean
mv_source_skip_uniform (MvSource *self,
                        guint64   len,
                        guint8   *byte)
{
  return self->klass->skip_uniform != NULL && self->klass->skip_uniform (self, len, byte);
}

/**
 * mv_crc32_append_fill:
 * The zlib CRC-32 of the bytes whose CRC is @crc followed by @len bytes of
 * @fill, in O(log @len) steps: CRCs of concatenations combine without the
 * bytes (zlib's crc32_combine), so @len bytes are binary powers of one.
 */
guint32
mv_crc32_append_fill (guint32 crc,
                      guint8  fill,
                      guint64 len)
{
  /* z_off_t is signed: pieces stay far below 2^63. */
  const guint64 max_piece = (guint64) 1 << 62;
  uLong result = crc;

  while (len > 0)
    {
      guint64 n = MIN (len, max_piece);
      uLong piece = crc32 (0L, Z_NULL, 0);
      uLong block = crc32 (0L, &fill, 1);
      guint64 block_len = 1;

      for (guint64 bits = n; bits > 0; bits >>= 1)
        {
          if (bits & 1)
            piece = crc32_combine (piece, block, (z_off_t) block_len);
          if (bits > 1)
            {
              block = crc32_combine (block, block, (z_off_t) block_len);
              block_len <<= 1;
            }
        }
      result = crc32_combine (result, piece, (z_off_t) n);
      len -= n;
    }
  return (guint32) result;
}

/* Like Rust's read_exact: short data is an UnexpectedEof error. */
gboolean
mv_source_read_exact (MvSource *self,
                      guint8   *buf,
                      gsize     len,
                      GError  **error)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = self->klass->read (self, buf + done, len - done, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       "unexpected end of file: %" G_GSIZE_FORMAT " of %"
                       G_GSIZE_FORMAT " bytes read", done, len);
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

/* ---- ChunkBuf --------------------------------------------------------- */

struct _MvChunkBuf
{
  guint8 *buf;
  gsize len;
};

/**
 * mv_chunk_buf_new:
 * @size: bytes, rounded down to whole pages; at least one page.
 */
MvChunkBuf *
mv_chunk_buf_new (gsize    size,
                  GError **error)
{
  MvChunkBuf *self;
  gsize pages = size / MV_PAGE_SIZE;

  if (pages == 0)
    {
      g_set_error (error, MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_BAD_CHUNK_SIZE,
                   "chunk size %" G_GSIZE_FORMAT " is less than one page (4096 bytes)",
                   size);
      return NULL;
    }
  if (size > MV_CHUNK_MAX_SIZE)
    {
      g_set_error (error, MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_BAD_CHUNK_SIZE,
                   "chunk size %" G_GSIZE_FORMAT " is more than 256 MiB", size);
      return NULL;
    }

  self = g_new0 (MvChunkBuf, 1);
  self->len = pages * MV_PAGE_SIZE;
  self->buf = g_malloc0 (self->len);
  return self;
}

void
mv_chunk_buf_free (MvChunkBuf *self)
{
  if (self == NULL)
    return;
  g_free (self->buf);
  g_free (self);
}

gsize
mv_chunk_buf_size (const MvChunkBuf *self)
{
  return self->len;
}

static guint32
crc_update (guint32       crc,
            const guint8 *data,
            gsize         len)
{
  uLong c = crc;

  while (len > 0)
    {
      uInt piece = (uInt) MIN (len, (gsize) 1 << 30);
      c = crc32 (c, data, piece);
      data += piece;
      len -= piece;
    }
  return (guint32) c;
}

static gboolean
wrap_error (GError    **error,
            GError     *inner,
            int         code,
            const char *what)
{
  g_set_error (error, MV_FILE_IMPORT_ERROR, code, "%s: %s", what,
               inner != NULL ? inner->message : "unknown error");
  g_clear_error (&inner);
  return FALSE;
}

/* Upstream's "failed to read file" (or seek, rewind), naming the file
 * when the source has a name. */
static gboolean
wrap_file_error (GError        **error,
                 GError         *inner,
                 int             code,
                 const char     *verb,
                 const MvSource *file)
{
  g_autofree char *what = file->name != NULL
    ? g_strdup_printf ("failed to %s file %s", verb, file->name)
    : g_strdup_printf ("failed to %s file", verb);

  return wrap_error (error, inner, code, what);
}

/* Tells @progress how far the import is; FALSE if it cancels. */
static gboolean
report_progress (MvImportProgress    progress,
                 gpointer            progress_data,
                 const MvFileRegion *r,
                 guint64             file_remaining,
                 GError            **error)
{
  if (progress == NULL || progress (r->file_length - file_remaining, r->file_length, progress_data))
    return TRUE;
  g_set_error (error, MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_CANCELLED, "import cancelled");
  return FALSE;
}

/**
 * mv_chunk_buf_import_file_region:
 * @region_crc32: (out) (optional): CRC-32 of the file bytes imported
 * @progress: (nullable): called after every chunk; may cancel
 *
 * Upstream's import_file_region. On error, the calls made before it stay
 * made, exactly as upstream.
 */
gboolean
mv_chunk_buf_import_file_region (MvChunkBuf         *self,
                                 MvImporter         *importer,
                                 const MvFileRegion *r,
                                 guint32            *region_crc32,
                                 MvImportProgress    progress,
                                 gpointer            progress_data,
                                 GError            **error)
{
  guint64 buf_pages = self->len / MV_PAGE_SIZE;
  guint64 leading_zero;
  guint64 page_base;
  guint64 total_page_count;
  guint64 pages_done = 0;
  guint64 file_remaining;
  guint32 crc = 0;
  GError *inner = NULL;

  if (region_crc32 != NULL)
    *region_crc32 = 0;

  if (r->file_length > r->memory_length)
    {
      g_set_error (error, MV_FILE_IMPORT_ERROR,
                   MV_FILE_IMPORT_ERROR_FILE_LENGTH_EXCEEDS_MEMORY_LENGTH,
                   "file length %" G_GUINT64_FORMAT " exceeds memory length %" G_GUINT64_FORMAT,
                   r->file_length, r->memory_length);
      return FALSE;
    }

  if (r->memory_length == 0)
    return TRUE;

  leading_zero = r->gpa & MV_PAGE_MASK;
  page_base = r->gpa / MV_PAGE_SIZE;
  if (r->memory_length > G_MAXUINT64 - leading_zero ||
      leading_zero + r->memory_length > G_MAXUINT64 - MV_PAGE_MASK)
    {
      g_set_error (error, MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_OVERFLOW,
                   "address computation overflowed: GPA 0x%" G_GINT64_MODIFIER
                   "x plus memory length 0x%" G_GINT64_MODIFIER "x passes 2^64",
                   r->gpa, r->memory_length);
      return FALSE;
    }
  total_page_count = (leading_zero + r->memory_length + MV_PAGE_MASK) / MV_PAGE_SIZE;

  if (!mv_source_seek (r->file, r->file_offset, &inner))
    return wrap_file_error (error, inner, MV_FILE_IMPORT_ERROR_SEEK, "seek", r->file);

  file_remaining = r->file_length;
  while (file_remaining > 0)
    {
      guint64 chunk_pages;
      gsize chunk_bytes;
      gsize data_start;
      gsize data_len;
      guint64 import_page_count;
      guint64 full;
      guint8 fill;

      /* Past the first chunk, every chunk but the last is a whole buffer
       * of file data. A source that repeats one byte (a synthetic region)
       * needs no reading: those calls are all alike and made at once. */
      full = pages_done > 0 ? (file_remaining - 1) / self->len : 0;
      if (full > 0 && mv_source_skip_uniform (r->file, full * self->len, &fill))
        {
          memset (self->buf, fill, self->len);
          if (!mv_importer_import_repeated (importer, page_base + pages_done, full, buf_pages,
                                            r->tag, r->acceptance, self->buf, self->len,
                                            &inner))
            return wrap_error (error, inner, MV_FILE_IMPORT_ERROR_IMPORT_PAGES,
                               "failed to import pages");
          if (region_crc32 != NULL)
            crc = mv_crc32_append_fill (crc, fill, full * self->len);
          file_remaining -= full * self->len;
          pages_done += full * buf_pages;
          if (!report_progress (progress, progress_data, r, file_remaining, error))
            return FALSE;
        }

      chunk_pages = MIN (total_page_count - pages_done, buf_pages);
      chunk_bytes = (gsize) (chunk_pages * MV_PAGE_SIZE);
      data_start = pages_done == 0 ? (gsize) leading_zero : 0;
      data_len = (gsize) MIN (file_remaining, (guint64) (chunk_bytes - data_start));

      memset (self->buf, 0, data_start);

      if (!mv_source_read_exact (r->file, self->buf + data_start, data_len, &inner))
        return wrap_file_error (error, inner, MV_FILE_IMPORT_ERROR_READ, "read", r->file);

      if (region_crc32 != NULL)
        crc = crc_update (crc, self->buf + data_start, data_len);

      file_remaining -= data_len;

      /* The last chunk with file data covers every remaining page;
       * import_pages zero-fills past the data. */
      import_page_count = file_remaining == 0 ? total_page_count - pages_done : chunk_pages;

      if (!mv_importer_import_pages (importer, page_base + pages_done, import_page_count,
                                     r->tag, r->acceptance, self->buf,
                                     data_start + data_len, &inner))
        return wrap_error (error, inner, MV_FILE_IMPORT_ERROR_IMPORT_PAGES,
                           "failed to import pages");

      pages_done += import_page_count;

      if (!report_progress (progress, progress_data, r, file_remaining, error))
        return FALSE;
    }

  /* No file data at all: only zero pages. */
  if (r->file_length == 0)
    {
      if (!mv_importer_import_pages (importer, page_base, total_page_count, r->tag,
                                     r->acceptance, NULL, 0, &inner))
        return wrap_error (error, inner, MV_FILE_IMPORT_ERROR_IMPORT_PAGES,
                           "failed to import pages");
    }

  if (region_crc32 != NULL)
    *region_crc32 = crc;
  return TRUE;
}

/**
 * mv_chunk_buf_crc32:
 * Upstream's ChunkBuf::crc32: the zlib CRC-32 of the first @len bytes;
 * the source is rewound before and after.
 */
gboolean
mv_chunk_buf_crc32 (MvChunkBuf *self,
                    MvSource   *file,
                    guint64     len,
                    guint32    *out,
                    GError    **error)
{
  guint64 remaining = len;
  guint32 crc = 0;
  GError *inner = NULL;

  if (!mv_source_seek (file, 0, &inner))
    return wrap_file_error (error, inner, MV_FILE_IMPORT_ERROR_SEEK, "seek", file);

  while (remaining > 0)
    {
      gsize to_read = (gsize) MIN (remaining, (guint64) self->len);

      if (!mv_source_read_exact (file, self->buf, to_read, &inner))
        return wrap_file_error (error, inner, MV_FILE_IMPORT_ERROR_READ, "read", file);
      crc = crc_update (crc, self->buf, to_read);
      remaining -= to_read;
    }

  if (!mv_source_seek (file, 0, &inner))
    return wrap_file_error (error, inner, MV_FILE_IMPORT_ERROR_SEEK, "rewind", file);

  *out = crc;
  return TRUE;
}
