/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-importer.h"

G_BEGIN_DECLS

#define MV_FILE_IMPORT_ERROR (mv_file_import_error_quark ())

/* Upstream's ImportFileRegionError, plus the chunk size checks where
 * upstream asserts. */
typedef enum
{
  MV_FILE_IMPORT_ERROR_FILE_LENGTH_EXCEEDS_MEMORY_LENGTH,
  MV_FILE_IMPORT_ERROR_SEEK,
  MV_FILE_IMPORT_ERROR_READ,
  MV_FILE_IMPORT_ERROR_IMPORT_PAGES,
  MV_FILE_IMPORT_ERROR_OVERFLOW,
  MV_FILE_IMPORT_ERROR_BAD_CHUNK_SIZE,
  MV_FILE_IMPORT_ERROR_CANCELLED,
} MvFileImportError;

#define MV_CHUNK_DEFAULT_SIZE ((gsize) 64 * 1024)
#define MV_CHUNK_MAX_SIZE     ((gsize) 256 * 1024 * 1024)

/* A readable, seekable source: upstream's `Read + Seek`. */
typedef struct _MvSource MvSource;

typedef struct
{
  /* Seek to @offset from the start; fails like lseek() for offsets of
   * 2^63 and more. Seeking past the end succeeds. */
  gboolean (*seek)       (MvSource *self,
                          guint64   offset,
                          GError  **error);
  /* Read up to @len bytes; 0 at the end. -1 with @error on failure. */
  gssize   (*read)       (MvSource *self,
                          guint8   *buf,
                          gsize     len,
                          GError  **error);
  void     (*free)       (MvSource *self);
  /* Optional: if the next @len bytes are there and all one value, skip
   * them, set *@byte to it and return TRUE; else FALSE, not moving. */
  gboolean (*skip_uniform) (MvSource *self,
                            guint64   len,
                            guint8   *byte);
} MvSourceClass;

struct _MvSource
{
  const MvSourceClass *klass;
  char                *name;   /* for errors: the file's path (NULL: "file") */
};

MvSource *mv_source_new_for_fd     (int            fd,
                                    gboolean       close_fd);
MvSource *mv_source_new_for_path   (const char    *path,
                                    GError       **error);
MvSource *mv_source_open_regular   (const char    *path,
                                    guint64       *size,
                                    GError       **error);
MvSource *mv_source_new_for_bytes  (GBytes        *bytes);
void      mv_source_free           (MvSource      *self);
gboolean  mv_source_check_offset   (guint64        offset,
                                    GError       **error);
gboolean  mv_source_seek           (MvSource      *self,
                                    guint64        offset,
                                    GError       **error);
gboolean  mv_source_read_exact     (MvSource      *self,
                                    guint8        *buf,
                                    gsize          len,
                                    GError       **error);
void      mv_source_set_name       (MvSource      *self,
                                    const char    *name);
gboolean  mv_source_skip_uniform   (MvSource      *self,
                                    guint64        len,
                                    guint8        *byte);
guint32   mv_crc32_append_fill     (guint32        crc,
                                    guint8         fill,
                                    guint64        len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvSource, mv_source_free)

/* Upstream's ImportFileRegion parameters. */
typedef struct
{
  MvSource    *file;
  guint64      file_offset;
  guint64      file_length;
  guint64      gpa;
  guint64      memory_length;
  MvAcceptance acceptance;
  const char  *tag;
} MvFileRegion;

typedef struct _MvChunkBuf MvChunkBuf;

/* Called after each chunk; return FALSE to cancel. */
typedef gboolean (*MvImportProgress) (guint64  bytes_done,
                                      guint64  bytes_total,
                                      gpointer user_data);

GQuark      mv_file_import_error_quark   (void);
const char *mv_file_import_error_name    (int                 code);

MvChunkBuf *mv_chunk_buf_new             (gsize               size,
                                          GError            **error);
void        mv_chunk_buf_free            (MvChunkBuf         *self);
gsize       mv_chunk_buf_size            (const MvChunkBuf   *self);
gboolean    mv_chunk_buf_import_file_region (MvChunkBuf      *self,
                                          MvImporter         *importer,
                                          const MvFileRegion *region,
                                          guint32            *region_crc32,
                                          MvImportProgress    progress,
                                          gpointer            progress_data,
                                          GError            **error);
gboolean    mv_chunk_buf_crc32           (MvChunkBuf         *self,
                                          MvSource           *file,
                                          guint64             len,
                                          guint32            *out,
                                          GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvChunkBuf, mv_chunk_buf_free)

G_END_DECLS
