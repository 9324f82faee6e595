/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the test programs. */
#pragma once

#include <glib.h>

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
