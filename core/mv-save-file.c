/* SPDX-License-Identifier: MIT */
/* Writing a file whole or not at all (mv-save-file.h). */
#include "mv-save-file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#define MAX_LINKS 40

struct _MvSaveFile
{
  char *path;       /* what the caller named */
  char *target;     /* the file replaced: @path with its links followed */
  char *temp;       /* the temporary file beside @target; NULL once renamed */
  int   fd;
};

/* The reason alone ("No space left on device"): callers name the file. */
static gboolean
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *stage)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s%s", stage, g_strerror (saved_errno));
  return FALSE;
}

/* @path with every symbolic link on its last component followed; a link
 * whose target does not exist yet names the file to create. */
static char *
follow_links (const char  *path,
              GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (int i = 0; i < MAX_LINKS; i++)
    {
      g_autofree char *link = g_file_read_link (current, NULL);
      g_autofree char *dir = NULL;

      if (link == NULL)
        return g_steal_pointer (&current);
      if (g_path_is_absolute (link))
        {
          g_free (current);
          current = g_steal_pointer (&link);
          continue;
        }
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_build_filename (dir, link, NULL);
    }
  return set_errno_error (error, ELOOP, ""), NULL;
}

/**
 * mv_save_file_begin:
 * Opens a temporary file beside @path's target (created with O_EXCL,
 * mode 0666 less the umask, or the existing file's permission bits).
 * Returns: (transfer full) (nullable): NULL with @error set.
 */
MvSaveFile *
mv_save_file_begin (const char  *path,
                    GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp = NULL;
  MvSaveFile *file;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  target = follow_links (path, error);
  if (target == NULL)
    return NULL;
  if (g_stat (target, &st) == 0 && !S_ISREG (st.st_mode))
    {
      if (S_ISDIR (st.st_mode))
        return set_errno_error (error, EISDIR, ""), NULL;
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "not a regular file");
      return NULL;
    }
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  temp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_errno_error (error, errno, ""), NULL;
  if (g_stat (target, &st) == 0 && fchmod (fd, st.st_mode & 07777) != 0)
    {
      int saved = errno;

      close (fd);
      g_unlink (temp);
      return set_errno_error (error, saved, ""), NULL;
    }

  file = g_new0 (MvSaveFile, 1);
  file->path = g_strdup (path);
  file->target = g_steal_pointer (&target);
  file->temp = g_steal_pointer (&temp);
  file->fd = fd;
  return file;
}

gboolean
mv_save_file_write (MvSaveFile  *file,
                    const void  *data,
                    gsize        length,
                    GError     **error)
{
  const char *p = data;

  g_return_val_if_fail (file != NULL && file->fd >= 0, FALSE);

  while (length > 0)
    {
      gssize n = write (file->fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_errno_error (error, errno, "");
      p += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/**
 * mv_save_file_commit:
 * Flushes and closes the temporary file and puts it in the target's
 * place. On failure the target is as it was and the temporary file is
 * gone. Frees @file either way.
 */
gboolean
mv_save_file_commit (MvSaveFile  *file,
                     GError     **error)
{
  gboolean ok = TRUE;
  int fd;

  g_return_val_if_fail (file != NULL && file->fd >= 0, FALSE);

  fd = file->fd;
  file->fd = -1;
  if (fsync (fd) != 0 && errno != EINVAL && errno != EROFS)
    ok = set_errno_error (error, errno, "");
  if (close (fd) != 0 && ok)
    ok = set_errno_error (error, errno, "");
  if (ok && g_rename (file->temp, file->target) != 0)
    ok = set_errno_error (error, errno, "cannot put it in place: ");
  else if (ok)
    g_clear_pointer (&file->temp, g_free);
  mv_save_file_abort (file);
  return ok;
}

/* Drops the temporary file (if any) and frees @file. */
void
mv_save_file_abort (MvSaveFile *file)
{
  if (file == NULL)
    return;
  if (file->fd >= 0)
    close (file->fd);
  if (file->temp != NULL)
    g_unlink (file->temp);
  g_free (file->path);
  g_free (file->target);
  g_free (file->temp);
  g_free (file);
}

/* The whole of @data to @path, as mv_save_file_begin () and commit do. */
gboolean
mv_save_file_contents (const char  *path,
                       const void  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(MvSaveFile) file = mv_save_file_begin (path, error);

  if (file == NULL || !mv_save_file_write (file, data, length, error))
    return FALSE;
  return mv_save_file_commit (g_steal_pointer (&file), error);
}
