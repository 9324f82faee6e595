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

/* A 64-bit value as memviz-cli's JSON writes it: "0x" and hex digits. */
static inline guint64
test_hex_value (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "0x"));
  return g_ascii_strtoull (text + 2, NULL, 16);
}

/* ---- deadlines ---------------------------------------------------------- */

/* MEMVIZ_TIMEOUT_MULTIPLIER (an integer or a decimal, 1 when unset): how
 * much longer than on an ordinary machine a test may wait for something
 * (./quickstart sets it, to 3 under ASan). Every deadline in the test
 * programs goes through test_deadline (). */
static inline double
test_timeout_multiplier (void)
{
  static double multiplier;

  if (multiplier == 0.0)
    {
      const char *text = g_getenv ("MEMVIZ_TIMEOUT_MULTIPLIER");
      char *end = NULL;
      double value = text != NULL ? g_ascii_strtod (text, &end) : 1.0;

      if (text != NULL && (end == text || *end != '\0' || !(value > 0.0)))
        g_error ("MEMVIZ_TIMEOUT_MULTIPLIER=%s: not a positive number", text);
      multiplier = value;
    }
  return multiplier;
}

/* The monotonic time (g_get_monotonic_time ()) @seconds from now, times
 * the multiplier. */
static inline gint64
test_deadline (double seconds)
{
  return g_get_monotonic_time () + (gint64) (seconds * test_timeout_multiplier () * G_USEC_PER_SEC);
}

/* ---- running a program, memviz-cli above all ---------------------------- */

#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What a run printed and how it ended. */
typedef struct
{
  int   status;   /* the exit status */
  char *out;
  char *err;
} TestRun;

static inline void
test_run_clear (TestRun *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestRun, test_run_clear)

/* How to run it; every field may be left 0. */
typedef struct
{
  const char          *cwd;    /* the folder it runs in */
  const char          *input;  /* its standard input (else the test's) */
  GSpawnChildSetupFunc setup;  /* run in the child before exec */
} TestRunOptions;

typedef struct
{
  int                  input_fd;
  GSpawnChildSetupFunc setup;
} TestRunChild;

static inline void
test_run_child_setup (gpointer data)
{
  TestRunChild *child = data;

  if (child->input_fd >= 0 && dup2 (child->input_fd, 0) < 0)
    _exit (126);
  if (child->setup != NULL)
    child->setup (NULL);
}

/* The memviz-cli under test: every test finds it the same way, by
 * $MEMVIZ_CLI (tests/meson.build sets it). */
static inline const char *
test_cli_path (void)
{
  const char *path = g_getenv ("MEMVIZ_CLI");

  g_assert_nonnull (path);
  return path;
}

/**
 * test_run:
 * @argv: the program and its arguments
 *
 * Runs @argv to its end in the C.UTF-8 locale (messages are compared
 * word for word).
 */
static inline void
test_run (TestRun              *r,
          const TestRunOptions *options,
          const char *const    *argv)
{
  static guint n_inputs;
  const TestRunOptions none = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);
  TestRunChild child = { -1, NULL };
  GSpawnFlags flags = G_SPAWN_DEFAULT;
  int wait_status;

  if (options == NULL)
    options = &none;
  memset (r, 0, sizeof *r);
  child.setup = options->setup;
  if (options->input != NULL)
    {
      g_autofree char *name = g_strdup_printf ("stdin-%u", n_inputs++);
      g_autofree char *path = g_build_filename (test_tmp_dir (), name, NULL);

      g_assert_true (g_file_set_contents (path, options->input, -1, &error));
      g_assert_no_error (error);
      child.input_fd = open (path, O_RDONLY | O_CLOEXEC);
      g_assert_cmpint (child.input_fd, >=, 0);
      flags |= G_SPAWN_CHILD_INHERITS_STDIN;
    }

  g_spawn_sync (options->cwd, (char **) argv, env, flags, test_run_child_setup, &child,
                &r->out, &r->err, &wait_status, &error);
  if (child.input_fd >= 0)
    close (child.input_fd);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
}

/* Runs memviz-cli with the arguments up to a NULL, reading @input (if
 * not NULL) on its standard input. */
static inline void
test_run_cli_va (TestRun    *r,
                 const char *input,
                 const char *first,
                 va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  TestRunOptions options = { .input = input };

  g_ptr_array_add (argv, (char *) test_cli_path ());
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  g_ptr_array_add (argv, NULL);
  test_run (r, &options, (const char *const *) argv->pdata);
}

static inline void G_GNUC_NULL_TERMINATED
test_run_cli (TestRun    *r,
              const char *first,
              ...)
{
  va_list args;

  va_start (args, first);
  test_run_cli_va (r, NULL, first, args);
  va_end (args);
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
