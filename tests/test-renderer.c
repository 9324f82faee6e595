/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: how memviz has GTK paint (mv-renderer.c). With
 * the cairo renderer on X11, frames reach the X server through cairo's
 * pool of shared memory, and memviz keeps that pool: a new window's first
 * edit must write its frame into the same pool, not into a new one. */
#include "mv-ui-fixture.h"
#include "mv-renderer.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* The System V shared-memory segments this process has attached, by id
 * (the inode column of /proc/self/maps), sorted, a space after each. */
static char *
attached_segments (void)
{
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (strstr (lines[i], "/SYSV") == NULL)
        continue;
      fields = g_strsplit_set (lines[i], " ", -1);
      /* address perms offset device inode ... path */
      g_assert_cmpuint (g_strv_length (fields), >=, 6);
      if (!g_ptr_array_find_with_equal_func (ids, fields[4], g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (fields[4]));
    }
  g_ptr_array_sort (ids, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s ", (const char *) g_ptr_array_index (ids, i));
  return g_string_free (s, FALSE);
}

static gboolean pool_kept;

/* With cairo, mv_renderer_pick () has glibc keep a frame's memory: a
 * block of a frame's size comes from the heap, not a mapping of its own,
 * and stays with the process once freed. */
static void
test_frame_memory_kept (void)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  const gsize frame = 1280 * 800 * 4;
  struct mallinfo2 before, during, after;
  char *block;

  if (strstr (g_getenv ("LD_PRELOAD") ? g_getenv ("LD_PRELOAD") : "", "vgpreload") != NULL)
    {
      g_test_skip ("valgrind's allocator stands in for glibc's");
      return;
    }
  before = mallinfo2 ();
  block = malloc (frame);
  g_assert_nonnull (block);
  memset (block, 1, frame);
  during = mallinfo2 ();
  /* No new mapping for it (hblkhd: the bytes in mappings of their own). */
  g_assert_cmpuint (during.hblkhd, ==, before.hblkhd);
  g_assert_cmpuint (during.uordblks, >=, before.uordblks + frame);
  free (block);
  after = mallinfo2 ();
  /* The heap did not give those pages back to the kernel. */
  g_assert_cmpuint (after.arena, ==, during.arena);
  g_assert_cmpuint (after.fordblks, >=, frame);
#else
  g_test_skip ("not glibc's allocator (or under AddressSanitizer, which replaces it)");
#endif
}

/* The window opened and painted, then edits of the RAM size, each shown:
 * all of it within the one pool kept when the test program started. */
static void
test_shm_pool_kept (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *at_open = NULL;

  SKIP_WITHOUT_DISPLAY ();
  if (!pool_kept)
    {
      g_test_skip ("not X11 with the cairo renderer and MIT-SHM: no pool to keep");
      return;
    }

  /* Without memviz keeping it, cairo has given its pool back by now,
   * once the window's first frames were shown. */
  at_open = attached_segments ();
  g_assert_cmpstr (at_open, !=, "");
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u GiB", 3 + i);
      g_autofree char *now = NULL;

      /* As a user's edits come: after the window's frames have ended. */
      wait_for_frame (GTK_WIDGET (f->window));
      wait_for_frame (GTK_WIDGET (f->window));
      set_text (field (f, "ram"), text);
      wait_for_paint (f);
      wait_for_frame (GTK_WIDGET (f->window));
      now = attached_segments ();
      g_assert_cmpstr (now, ==, at_open);
    }
}

/* A second call for the same display keeps nothing more. */
static void
test_shm_pool_once (void)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  SKIP_WITHOUT_DISPLAY ();
  if (!pool_kept)
    {
      g_test_skip ("not X11 with the cairo renderer and MIT-SHM: no pool to keep");
      return;
    }
  before = attached_segments ();
  g_assert_true (mv_renderer_keep_shm_pool (gdk_display_get_default ()));
  after = attached_segments ();
  g_assert_cmpstr (after, ==, before);
}

int
main (int    argc,
      char **argv)
{
  /* As memviz does before GTK starts (GSK_RENDERER=cairo in the tests). */
  g_assert_cmpstr (mv_renderer_pick (), ==, "cairo");
  ui_fixture_init (&argc, &argv);
  /* As memviz's startup does, before any window. */
  if (have_display)
    pool_kept = mv_renderer_keep_shm_pool (gdk_display_get_default ()) &&
                strcmp (attached_segments (), "") != 0;

  g_test_add_func ("/ui/renderer/frame-memory-kept", test_frame_memory_kept);
  UI_ADD ("/ui/renderer/shm-pool-kept", test_shm_pool_kept);
  g_test_add_func ("/ui/renderer/shm-pool-once", test_shm_pool_once);
  return ui_fixture_run ();
}
