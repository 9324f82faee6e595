/* SPDX-License-Identifier: MIT */
/* The hostile suite's runner: see hostile.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "hostile.h"
#include "../mv-test-util.h"

#ifdef HOSTILE_SANITIZED
/* Under ASan the limits only catch a hang: with the deep malloc stacks the
 * sanitizer suite asks for (fast_unwind_on_malloc=0), a case that
 * allocates for every line of a 16 MiB document (600,000 GDT imports,
 * refused at the 131,073rd) takes 17 s of CPU, against 0.4 s in the
 * default build, where the 2 s limit holds. */
#define CPU_SECONDS   60
#define WALL_SECONDS  120  /* times MEMVIZ_TIMEOUT_MULTIPLIER */
#else
#define CPU_SECONDS   2
#define WALL_SECONDS  20   /* times MEMVIZ_TIMEOUT_MULTIPLIER */
#endif
#define AS_BYTES      (256u << 20)

typedef struct
{
  const HostileCase *c;
  char              *stdin_path;
  unsigned int       wall_seconds;
} ChildSetup;

char *
hostile_path (const char *dir,
              const char *name)
{
  return g_build_filename (dir, name, NULL);
}

void
hostile_write (const char *dir,
               const char *name,
               const void *data,
               gssize      length)
{
  g_autofree char *path = hostile_path (dir, name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

static char *
expand (const char *text,
        const char *dir)
{
  GString *s = g_string_new (text);

  g_string_replace (s, "@DIR@", dir, 0);
  return g_string_free (s, FALSE);
}

/* In the child, after GLib has set up its descriptors: the limits, the
 * redirections, and default dispositions for the signals the runner
 * might have inherited as ignored. Only async-signal-safe calls. */
static void
child_setup (gpointer data)
{
  const ChildSetup *cs = data;
  struct rlimit cpu = { CPU_SECONDS, CPU_SECONDS };

  setrlimit (RLIMIT_CPU, &cpu);
#ifndef HOSTILE_SANITIZED
  {
    struct rlimit as = { AS_BYTES, AS_BYTES };

    setrlimit (RLIMIT_AS, &as);
  }
#endif
  if (cs->c->fsize_limit != 0)
    {
      struct rlimit fsize = { cs->c->fsize_limit, cs->c->fsize_limit };

      setrlimit (RLIMIT_FSIZE, &fsize);
    }
  signal (SIGXFSZ, SIG_DFL);
  signal (SIGPIPE, SIG_DFL);
  if (cs->stdin_path != NULL)
    {
      int fd = open (cs->stdin_path, O_RDONLY | O_CLOEXEC);

      if (fd >= 0)
        dup2 (fd, STDIN_FILENO);
    }
  if (cs->c->stdout_path != NULL)
    {
      int fd = open (cs->c->stdout_path, O_WRONLY | O_CLOEXEC);

      if (fd >= 0)
        dup2 (fd, STDOUT_FILENO);
    }
  /* A run blocked without using CPU (a FIFO, a read that never ends). */
  alarm (cs->wall_seconds);
}

static GHashTable *
list_dir (const char *path)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_hash_table_add (names, g_strdup (name));
  return names;
}

static char *
describe_status (int wait_status)
{
  if (WIFEXITED (wait_status))
    return g_strdup_printf ("exit status %d", WEXITSTATUS (wait_status));
  if (WIFSIGNALED (wait_status))
    {
      int sig = WTERMSIG (wait_status);

      return g_strdup_printf ("killed by signal %d (%s)%s", sig, g_strsignal (sig),
                              sig == SIGXCPU ? ": over the CPU limit" :
                              sig == SIGALRM ? ": over the wall-clock limit" : "");
    }
  return g_strdup_printf ("wait status 0x%x", wait_status);
}

static void
run_case (gconstpointer data)
{
  const HostileCase *c = data;
  const char *program_var = c->program == HOSTILE_GUI ? "MEMVIZ" : "MEMVIZ_CLI";
  const char *program = g_getenv (program_var);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memviz-hostile-XXXXXX", &error);
  g_autofree char *args = NULL;
  g_auto(GStrv) parsed = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  gsize before_len = 0;
  g_autoptr(GHashTable) names_before = NULL;
  g_autofree char *status_text = NULL;
  ChildSetup cs = { c, NULL, (unsigned int) (WALL_SECONDS * test_timeout_multiplier () + 0.999) };
  int wait_status = 0;

  g_assert_no_error (error);
  if (program == NULL)
    {
      g_test_fail_printf ("set %s to the program to run", program_var);
      return;
    }

  if (c->document != NULL)
    {
      g_autofree char *text = expand (c->document, dir);

      hostile_write (dir, "doc.memviz", text, -1);
    }
  if (c->setup != NULL)
    c->setup (c, dir);
  if (c->intact != NULL)
    {
      g_autofree char *path = hostile_path (dir, c->intact);

      g_file_get_contents (path, &before, &before_len, &error);
      g_assert_no_error (error);
    }
  names_before = list_dir (dir);

  args = expand (c->args != NULL ? c->args : "", dir);
  if (*args != '\0')
    {
      g_shell_parse_argv (args, NULL, &parsed, &error);
      g_assert_no_error (error);
    }
  g_ptr_array_add (argv, g_strdup (program));
  for (guint i = 0; parsed != NULL && parsed[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (parsed[i]));
  g_ptr_array_add (argv, NULL);

  /* glibc reserves 64 MiB of address space for each thread's malloc
   * arena: memviz's font and GLib worker threads would spend the address
   * space limit on reservations (how many depends on the machine's load),
   * not on what the input costs. One arena keeps the limit about memory. */
  envp = g_environ_setenv (envp, "MALLOC_ARENA_MAX", "1", TRUE);
  if (c->program == HOSTILE_GUI)
    {
      envp = g_environ_unsetenv (envp, "DISPLAY");
      envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
    }
  for (guint i = 0; c->env != NULL && c->env[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (c->env[i], "=", 2);
      g_autofree char *value = expand (kv[1], dir);

      envp = g_environ_setenv (envp, kv[0], value, TRUE);
    }
  if (c->stdin_path != NULL)
    cs.stdin_path = expand (c->stdin_path, dir);

  /* The TAP log is UTF-8: a file name's other bytes show as U+FFFD. */
  {
    g_autofree char *shown = g_utf8_make_valid (args, -1);

    g_test_message ("run: %s %s", program, shown);
  }
  g_spawn_sync (dir, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                child_setup, &cs, &out, &err, &wait_status, &error);
  g_free (cs.stdin_path);
  g_assert_no_error (error);
  status_text = describe_status (wait_status);
  {
    g_autofree char *shown_out = g_utf8_make_valid (out, -1);
    g_autofree char *shown_err = g_utf8_make_valid (err, -1);

    g_test_message ("%s; stdout: %s; stderr: %s", status_text, shown_out, shown_err);
  }

  if (!WIFEXITED (wait_status) || WEXITSTATUS (wait_status) != c->status)
    g_test_fail_printf ("expected exit status %d, got %s; stderr: %s",
                        c->status, status_text, err);
  if (c->message != NULL)
    {
      g_autofree char *message = expand (c->message, dir);

      if (strstr (err, message) == NULL)
        g_test_fail_printf ("stderr lacks \"%s\": %s", message, err);
    }
  if (c->stdout_has != NULL)
    {
      g_autofree char *has = expand (c->stdout_has, dir);

      if (strstr (out, has) == NULL)
        g_test_fail_printf ("stdout lacks \"%s\": %s", has, out);
    }

  if (c->intact != NULL)
    {
      g_autofree char *path = hostile_path (dir, c->intact);
      g_autofree char *after = NULL;
      gsize after_len = 0;

      if (!g_file_get_contents (path, &after, &after_len, NULL))
        g_test_fail_printf ("%s is gone", c->intact);
      else if (after_len != before_len || memcmp (after, before, after_len) != 0)
        g_test_fail_printf ("%s changed: %" G_GSIZE_FORMAT " bytes before, %" G_GSIZE_FORMAT " after",
                            c->intact, before_len, after_len);
    }
  if (c->no_temp)
    {
      g_autoptr(GHashTable) names_after = list_dir (dir);
      GHashTableIter iter;
      gpointer name;

      g_hash_table_iter_init (&iter, names_after);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        if (!g_hash_table_contains (names_before, name) && g_strcmp0 (name, c->creates) != 0)
          g_test_fail_printf ("the run left %s behind", (const char *) name);
    }
  if (c->mode != 0)
    {
      g_autofree char *path = hostile_path (dir, c->intact != NULL ? c->intact : c->creates);
      struct stat st;

      if (g_stat (path, &st) != 0)
        g_test_fail_printf ("cannot stat %s: %s", path, g_strerror (errno));
      else if ((st.st_mode & 07777) != c->mode)
        g_test_fail_printf ("mode of %s is %04o, expected %04o", path,
                            (unsigned) (st.st_mode & 07777), c->mode);
    }
  if (c->symlink != NULL)
    {
      g_autofree char *path = hostile_path (dir, c->symlink);

      if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        g_test_fail_printf ("%s is no longer a symbolic link", c->symlink);
    }
  if (c->check != NULL)
    c->check (c, dir, out, err);

  test_remove_tree (dir);
}

void
hostile_add_cases (const char        *group,
                   const HostileCase *cases,
                   gsize              n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *path = g_strdup_printf ("/hostile/%s/%s", group, cases[i].name);

      g_test_add_data_func (path, &cases[i], run_case);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* One line per cases-*.c file. */
  hostile_register_output ();
  hostile_register_cost ();

  return g_test_run ();
}
