/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: how memviz has GTK paint (mv-renderer.c). With
 * the cairo renderer on X11, frames reach the X server through cairo's
 * pool of shared memory, and memviz keeps that pool: a new window's first
 * edit must write its frame into the same pool, not into a new one. */
#include "mv-ui-fixture.h"
#include "mv-renderer.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

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
  g_ptr_array_sort (ids, compare_strings);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s ", (const char *) g_ptr_array_index (ids, i));
  return g_string_free (s, FALSE);
}


/* With cairo, mv_renderer_pick () has glibc keep a frame's memory: a
 * block of a frame's size comes from the heap, not a mapping of its own,
 * and the heap keeps it once freed. Told by the program break (the heap's
 * end), which other threads can only move up meanwhile: glibc's
 * statistics (mallinfo2) count their allocations too. */
static void
test_frame_memory_kept (void)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  const gsize frame = 1280 * 800 * 4;
  char *block, *end_during, *end_after;

  if (strstr (g_getenv ("LD_PRELOAD") ? g_getenv ("LD_PRELOAD") : "", "vgpreload") != NULL)
    {
      g_test_skip ("valgrind's allocator stands in for glibc's");
      return;
    }
  block = malloc (frame);
  g_assert_nonnull (block);
  memset (block, 1, frame);
  end_during = sbrk (0);
  /* In the heap, below its end (a mapping of its own lies far above). */
  g_assert_true (block + frame <= end_during);
  free (block);
  end_after = sbrk (0);
  g_assert_true (end_after >= end_during);
#else
  g_test_skip ("not glibc's allocator (or under AddressSanitizer, which replaces it)");
#endif
}

/* Whether a pool can be kept here: X11 with the cairo renderer. */
static gboolean
x11_cairo (void)
{
#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (gdk_display_get_default ()) && g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0)
    return TRUE;
#endif
  g_test_skip ("not X11 with the cairo renderer: no pool to keep");
  return FALSE;
}

/* Edits of the RAM size, each shown, as a user's come (after the
 * window's frames have ended): the segments stay @expected. */
static void
edit_within (Fixture    *f,
             const char *expected)
{
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u GiB", 3 + i);
      g_autofree char *now = NULL;

      wait_for_frame (GTK_WIDGET (f->window));
      wait_for_frame (GTK_WIDGET (f->window));
      set_text (field (f, "ram"), text);
      wait_for_paint (f);
      wait_for_frame (GTK_WIDGET (f->window));
      now = attached_segments ();
      g_assert_cmpstr (now, ==, expected);
    }
}

/* The window opened and painted, then edits: all within the one pool the
 * window kept before its first frame. Grown larger, it keeps one more,
 * for frames of its new size, and edits stay within those. */
static void
test_shm_pool_kept (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *at_open = NULL;
  g_autofree char *grown = NULL;
  g_auto(GStrv) ids_open = NULL;
  g_auto(GStrv) ids_grown = NULL;

  SKIP_WITHOUT_DISPLAY ();
  if (!x11_cairo ())
    return;

  /* The window has painted. Without memviz keeping it, cairo has given
   * its pool back by now. */
  at_open = attached_segments ();
  g_assert_cmpstr (at_open, !=, "");
  edit_within (f, at_open);

  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 1000);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_window_size (GTK_WINDOW (f->window), 1280, 1000);
  grown = attached_segments ();
  ids_open = g_strsplit (at_open, " ", -1);   /* an empty one last */
  ids_grown = g_strsplit (grown, " ", -1);
  g_assert_cmpuint (g_strv_length (ids_grown), ==, g_strv_length (ids_open) + 1);
  for (guint i = 0; ids_open[i] != NULL && *ids_open[i] != '\0'; i++)
    g_assert_true (g_strv_contains ((const char * const *) ids_grown, ids_open[i]));
  edit_within (f, grown);
}

/* Another call for a window no larger keeps nothing more. */
static void
test_shm_pool_once (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  SKIP_WITHOUT_DISPLAY ();
  if (!x11_cairo ())
    return;
  g_assert_true (mv_renderer_keep_shm_pool (GTK_WIDGET (f->window)));
  before = attached_segments ();
  g_assert_cmpstr (before, !=, "");
  g_assert_true (mv_renderer_keep_shm_pool (GTK_WIDGET (f->window)));
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

  g_test_add_func ("/ui/renderer/frame-memory-kept", test_frame_memory_kept);
  UI_ADD ("/ui/renderer/shm-pool-kept", test_shm_pool_kept);
  UI_ADD ("/ui/renderer/shm-pool-once", test_shm_pool_once);
  return ui_fixture_run ();
}
