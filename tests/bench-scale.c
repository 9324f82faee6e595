/* SPDX-License-Identifier: MIT */
/* How memviz-cli's printers and the document loader scale: 10^1 .. 10^5
 * gaps and imports, in a document and on the command line, each run as a
 * user runs it (its output to /dev/null): its CPU time and peak RSS. Then
 * the loader core alone, 10^1 .. 10^6 gaps and imports (a document holds
 * no more than 131,072): a layout and its variable MTRRs, and page imports
 * recorded into a page map, each size in a process of its own. Not a
 * test: prints figures for the README. Each figure is the median of RUNS
 * runs; the ratios compare sizes measured in this one run.
 *
 *   bench-scale MEMVIZ-CLI
 *
 * The per-item cost is the time above a run with no items (the process
 * starting), divided by the items; "ratio" is that cost at the largest
 * size over the smallest size whose items take at least 10 ms and as long
 * as the start (below that the start's noise is the figure), 1.0 for work
 * linear in the items. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "mv-layout.h"
#include "mv-mtrr-state.h"
#include "mv-recorder.h"

#define RUNS 3
/* Not 10^6: a document holds at most 131,072 ranges or imports (see the
 * README's Limits), 10^6 --mmio options pass Linux's argument limit even
 * with the 64 MiB stack set here (a quarter of it, 16 MiB; a million
 * options take about 28 MiB with their pointers). */
#define N_SIZES 6

static const guint sizes[N_SIZES] = { 10, 100, 1000, 10000, 100000, 1000000 };

typedef enum
{
  ITEM_DOC_GAPS,      /* mmio= in a document */
  ITEM_CLI_GAPS,      /* --mmio, repeated */
  ITEM_DOC_IMPORTS,   /* [import NAME] groups */
  ITEM_CORE_GAPS,     /* the core: a layout with these gaps, its MTRRs */
  ITEM_CORE_IMPORTS,  /* the core: separate page imports, recorded */
} ItemKind;

typedef struct
{
  const char *name;
  const char *command;  /* memviz-cli's, or NULL: the core, in a child */
  ItemKind    kind;
  guint       n_sizes;  /* the first of sizes[] it is measured at */
} Case;

static const Case cases[] = {
  { "layout, gaps in a document", "layout", ITEM_DOC_GAPS, 5 },
  { "mtrr, gaps in a document", "mtrr", ITEM_DOC_GAPS, 5 },
  { "effective, gaps in a document", "effective", ITEM_DOC_GAPS, 5 },
  { "layout, --mmio on the command line", "layout", ITEM_CLI_GAPS, 5 },
  { "layout, import groups in a document", "layout", ITEM_DOC_IMPORTS, 5 },
  { "check, import groups in a document", "check", ITEM_DOC_IMPORTS, 5 },
  { "core: layout and variable MTRRs, gaps", NULL, ITEM_CORE_GAPS, 6 },
  { "core: separate page imports into a page map", NULL, ITEM_CORE_IMPORTS, 6 },
};

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The chipset's low gap, then @n - 1 gaps of 1 GiB above 16 GiB. */
static char *
gap_text (guint i)
{
  return i == 0 ? g_strdup ("0xF8000000-4G")
                : g_strdup_printf ("%uG+1G", 16 + 2 * (i - 1));
}

static char *
write_document (const char *dir,
                ItemKind    kind,
                guint       n)
{
  GString *s = g_string_new ("[memviz]\nversion=1\n[memory]\nram=8G\n");
  char *path = g_strdup_printf ("%s/doc-%d-%u.memviz", dir, kind, n);

  if (kind == ITEM_DOC_GAPS)
    {
      g_string_append (s, "mmio=");
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *gap = gap_text (i);

          g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", gap);
        }
      g_string_append_c (s, '\n');
    }
  else if (kind == ITEM_DOC_IMPORTS)
    {
      g_string_append (s, "mmio=0xF8000000-4G\n");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, "[import g%u]\nkind=gdt\npage=%u\n", i, 0x100 + i);
    }
  g_assert_true (g_file_set_contents (path, s->str, (gssize) s->len, NULL));
  g_string_free (s, TRUE);
  return path;
}

/* The core's work for @n items, in the child process measured. */
static void
core_work (ItemKind kind,
           guint    n)
{
  g_autoptr(GError) error = NULL;

  if (kind == ITEM_CORE_GAPS)
    {
      g_autoptr(GArray) gaps = g_array_sized_new (FALSE, FALSE, sizeof (MvRange), n);
      g_autoptr(MvLayout) layout = NULL;
      g_autoptr(MvMtrrState) state = NULL;
      MvRange low, high;

      /* The gaps gap_text () writes: the chipset's, then 1 GiB ones. */
      for (guint i = 0; i < n; i++)
        {
          MvRange gap = i == 0 ? (MvRange) { 0xF8000000, (guint64) 4 << 30 }
                               : (MvRange) { (guint64) (16 + 2 * (i - 1)) << 30,
                                             (guint64) (17 + 2 * (i - 1)) << 30 };

          g_array_append_val (gaps, gap);
        }
      layout = mv_layout_new ((guint64) 8 << 30, (const MvRange *) gaps->data, gaps->len,
                              NULL, 0, NULL, 0, NULL, &error);
      if (layout == NULL)
        g_error ("%u gaps: %s", n, error->message);
      mv_mtrr_default_chipset_gaps (layout, &low, &high);
      state = mv_mtrr_state_new_for_version (MV_OPENVMM_VERSION_DEFAULT, layout, 52, low, high,
                                             MV_MTRR_PROFILE_LINUX_DIRECT, 8, &error);
      if (state == NULL)
        g_error ("%u gaps: %s", n, error->message);
    }
  else
    {
      g_autoptr(MvRecorder) rec = mv_recorder_new (FALSE);

      /* A page each, a page apart: every import its own run. */
      for (guint i = 0; i < n; i++)
        if (!mv_importer_import_pages (&rec->parent, 0x100 + 2 * (guint64) i, 1, "page",
                                       MV_ACCEPTANCE_EXCLUSIVE, NULL, 0, &error))
          g_error ("import %u: %s", i, error->message);
      if (rec->page_map->len != n || mv_recorder_map_pages (rec) != n)
        g_error ("%u imports made %u runs", n, rec->page_map->len);
    }
}

/* Runs @argv with stdout on /dev/null: its CPU time (user + system) in
 * seconds, which a machine shared with others disturbs far less than the
 * wall clock, and its peak RSS in KiB. The stack limit is raised so that ARG_MAX (a quarter
 * of it) holds 10^5 --mmio options. */
static double
run (char **argv,
     long  *rss_kib)
{
  struct rusage ru;
  int status;
  pid_t pid = fork ();

  if (pid == 0 && argv[0] == NULL)
    {
      /* argv[1] and argv[2]: the core's item kind and count. */
      core_work ((ItemKind) atoi (argv[1]), (guint) atoi (argv[2]));
      _exit (0);
    }
  if (pid == 0)
    {
      struct rlimit stack = { 64 << 20, 64 << 20 };
      int null = open ("/dev/null", O_WRONLY);

      setrlimit (RLIMIT_STACK, &stack);
      dup2 (null, STDOUT_FILENO);
      execv (argv[0], argv);
      _exit (127);
    }
  g_assert_cmpint (wait4 (pid, &status, 0, &ru), ==, pid);
  if (!WIFEXITED (status) || (WEXITSTATUS (status) != 0 && WEXITSTATUS (status) != 1))
    g_error ("%s %s failed (status 0x%x)", argv[0], argv[1], status);
  *rss_kib = ru.ru_maxrss;
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* The median time and RSS of @c with @n items. */
static double
measure (const char *cli,
         const char *dir,
         const Case *c,
         guint       n,
         long       *rss_kib)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *doc = NULL;
  double t[RUNS];
  long rss[RUNS];

  if (c->command == NULL)
    {
      g_ptr_array_add (argv, NULL);
      g_ptr_array_add (argv, g_strdup_printf ("%d", c->kind));
      g_ptr_array_add (argv, g_strdup_printf ("%u", n));
    }
  else
    {
      g_ptr_array_add (argv, g_strdup (cli));
      g_ptr_array_add (argv, g_strdup (c->command));
    }
  if (c->kind == ITEM_CLI_GAPS)
    {
      g_ptr_array_add (argv, g_strdup ("--ram=8G"));
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *gap = gap_text (i);

          g_ptr_array_add (argv, g_strdup_printf ("--mmio=%s", gap));
        }
    }
  else if (c->command != NULL)
    {
      doc = write_document (dir, c->kind, n);
      g_ptr_array_add (argv, g_strdup (doc));
    }
  g_ptr_array_add (argv, NULL);

  for (int r = 0; r < RUNS; r++)
    t[r] = run ((char **) argv->pdata, &rss[r]);
  if (doc != NULL)
    g_unlink (doc);
  qsort (t, RUNS, sizeof *t, cmp_double);
  *rss_kib = rss[0];
  for (int r = 1; r < RUNS; r++)
    *rss_kib = MAX (*rss_kib, rss[r]);
  return t[RUNS / 2];
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("memviz-bench-scale-XXXXXX", NULL);
  double load[3];

  if (argc != 2 && argc != 3)
    {
      fprintf (stderr, "usage: bench-scale MEMVIZ-CLI [CASE]\n"
                       "  CASE: run only the cases whose name contains it (\"effective\")\n");
      return 2;
    }
  if (getloadavg (load, 3) == 3)
    printf ("scale: machine load %.1f %.1f %.1f on %ld CPUs\n", load[0], load[1], load[2],
            sysconf (_SC_NPROCESSORS_ONLN));

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      double t[N_SIZES], per[N_SIZES];
      long rss[N_SIZES], rss0;
      double t0;
      int from = -1, last = -1;
      gboolean imports = cases[k].kind == ITEM_DOC_IMPORTS || cases[k].kind == ITEM_CORE_IMPORTS;

      if (argc == 3 && strstr (cases[k].name, argv[2]) == NULL)
        continue;
      t0 = measure (argv[1], dir, &cases[k], imports ? 0 : 1, &rss0);

      printf ("scale %s (%s: %.1f ms CPU, %.1f MiB):\n", cases[k].name,
              imports ? "none" : "the low gap alone", t0 * 1e3, rss0 / 1024.0);
      for (int i = 0; i < (int) cases[k].n_sizes; i++)
        {
          last = i;
          t[i] = measure (argv[1], dir, &cases[k], sizes[i], &rss[i]);
          per[i] = (t[i] - t0) / sizes[i];
          if (from < 0 && t[i] - t0 >= MAX (0.010, t0))
            from = i;
          printf ("  %6u: %8.1f ms CPU  %6.1f MiB peak RSS  %6.2f us an item\n", sizes[i],
                  t[i] * 1e3, rss[i] / 1024.0, per[i] * 1e6);
          fflush (stdout);
        }
      /* Each size against the first that costs measurably more than none. */
      for (int i = from + 1; from >= 0 && i <= last; i++)
        printf ("  ratio per item %u / %u: %.2f  [median of %d runs]\n", sizes[i],
                sizes[from], per[i] / per[from], RUNS);
    }
  g_rmdir (dir);
  return 0;
}
