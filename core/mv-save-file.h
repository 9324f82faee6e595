/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A file written whole or not at all: the bytes go to a temporary file
 * beside the target, which replaces it only once every write, the
 * flush and the close succeeded. A symbolic link is written through (its
 * target is replaced, the link stays) and an existing file keeps its
 * permission bits. Errors are G_FILE_ERROR whose message is the system's
 * reason alone ("No space left on device"): the caller names the file. */
typedef struct _MvSaveFile MvSaveFile;

MvSaveFile *mv_save_file_begin   (const char  *path,
                                  GError     **error);
gboolean    mv_save_file_write   (MvSaveFile  *file,
                                  const void  *data,
                                  gsize        length,
                                  GError     **error);
gboolean    mv_save_file_commit  (MvSaveFile  *file,
                                  GError     **error);
void        mv_save_file_abort   (MvSaveFile  *file);

gboolean    mv_save_file_contents (const char  *path,
                                   const void  *data,
                                   gsize        length,
                                   GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvSaveFile, mv_save_file_abort)

G_END_DECLS
