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
