/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the test programs. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* A directory of this process's own: g_get_tmp_dir () is shared with
 * every test running at the same time. */
static inline const char *
test_tmp_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("memviz-test-XXXXXX", NULL);
      g_assert_nonnull (dir);
    }
  return dir;
}

/* How many entries the directory @path holds. */
static inline guint
test_count_dir_entries (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

/* A new, empty directory of the test's own. */
static inline char *
test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("memviz-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Removes @dir and all it holds, even where a test made it read-only;
 * symbolic links are removed, not followed. */
static inline void
test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  g_chmod (dir, 0755);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        test_remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}
