/* SPDX-License-Identifier: MIT */
/* The main() of a fuzz target outside libFuzzer: a GLib test that feeds
 * the target every file of its seed corpus (corpus/NAME/) and of its crash
 * regressions (regressions/NAME/), one test case each, then up to 3000
 * random inputs from the test's random seed (at most 2 s of them). Built in every
 * configuration, so every crash the fuzzers found stays a test. */
#include "mv-fuzz.h"

#include <string.h>

#ifndef MV_FUZZ_NAME
#error "MV_FUZZ_NAME must name the target"
#endif

#define N_RANDOM_INPUTS 3000
#define MAX_RANDOM_LEN  512
/* Some targets take milliseconds an input under a sanitizer: stop early. */
#define RANDOM_BUDGET_US (2 * G_USEC_PER_SEC)

static void
replay_file (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  /* Exactly the bytes, in a buffer of their own so ASan sees overreads. */
  {
    g_autofree guint8 *copy = g_memdup2 (contents, len);
    g_assert_cmpint (LLVMFuzzerTestOneInput (copy, len), ==, 0);
  }
}

static void
replay_random (void)
{
  gint64 deadline = g_get_monotonic_time () + RANDOM_BUDGET_US;
  guint i;

  for (i = 0; i < N_RANDOM_INPUTS && g_get_monotonic_time () < deadline; i++)
    {
      gsize len = (gsize) g_test_rand_int_range (0, MAX_RANDOM_LEN + 1);
      g_autofree guint8 *buf = g_malloc (MAX (len, 1));

      for (gsize j = 0; j < len; j++)
        buf[j] = (guint8) g_test_rand_int_range (0, 256);
      g_assert_cmpint (LLVMFuzzerTestOneInput (buf, len), ==, 0);
    }
  g_test_message ("%u random inputs", i);
  g_assert_cmpuint (i, >, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static guint
add_dir (const char *kind)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, kind, MV_FUZZ_NAME, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && g_strcmp0 (name, "README.md") != 0)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s/%s", MV_FUZZ_NAME, kind, file);

      g_test_add_data_func_full (test_path, g_build_filename (dir_path, file, NULL),
                                 replay_file, g_free);
    }
  return names->len;
}

static void
no_corpus (void)
{
  g_test_fail_printf ("no seed corpus in %s/corpus/" MV_FUZZ_NAME,
                      g_test_get_dir (G_TEST_DIST));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  mv_fuzz_setup ();

  if (add_dir ("corpus") == 0)
    g_test_add_func ("/fuzz/" MV_FUZZ_NAME "/corpus", no_corpus);
  add_dir ("regressions");
  g_test_add_func ("/fuzz/" MV_FUZZ_NAME "/random", replay_random);
  return g_test_run ();
}
