/* SPDX-License-Identifier: MIT */
/* Benchmarks of the loader core. Not a test: prints figures for the
 * README. Each figure is the median of several runs, and ratios compare
 * against a baseline measured in the same run.
 *
 *   bench-core                 all benchmarks
 *   bench-core layout          layout + MTRR only, beside upstream's Rust
 *                              when cargo is there (MEMVIZ_UPSTREAM_RUST names
 *                              its sources, ../shared/bench/upstream-rust
 *                              beside the source tree by default)
 *   bench-core igvm            the IGVM reader's only
 *   bench-core boot            the Linux loader's only: a 14 MiB bzImage and
 *                              a 512 MiB (sparse) initrd, loaded with the
 *                              CRC-32s memviz-cli boot --json prints
 *   bench-core --import SIZE   (internal) one import in a child, for RSS
 *   bench-core --igvm PATH [crc]  (internal) one IGVM read in a child, for RSS
 *   bench-core --boot KERNEL INITRD  (internal) one Linux load in a child, for RSS
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <glib/gstdio.h>

#include "mv-boot-test.h"
#include "mv-boot-view.h"
#include "mv-file-import.h"
#include "mv-igvm.h"
#include "mv-layout.h"
#include "mv-mtrr.h"
#include "mv-recorder.h"

#define RUNS 7

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v,
        int     n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return v[n / 2];
}

/* ---- layout + MTRR -------------------------------------------------------- */

/* The four layouts of upstream's own benchmark (../shared/bench/upstream-rust,
 * bench/src/main.rs), in its order: 1 GiB and 1 PiB at width 46, 8 GiB with
 * a high gap above RAM and ~4 PiB at width 52. */
typedef struct
{
  const char *name;
  guint64     ram;
  MvRange     gaps[2];
  guint8      width;
} LayoutCase;

#define GIB ((guint64) 1 << 30)
#define PIB ((guint64) 1 << 50)

static const LayoutCase layout_cases[] = {
  { "1GiB-w46", GIB, { { 0xF8000000, 0x100000000 }, { 0x100000000, 0x120000000 } }, 46 },
  { "1PiB-w46", PIB, { { 0xF8000000, 0x100000000 }, { 0x100000000, 0x120000000 } }, 46 },
  { "8GiB-w52", 8 * GIB, { { 0xF8000000, 0x100000000 }, { 0x208000000, 0x228000000 } }, 52 },
  { "4PiB-w52", 4 * PIB - GIB, { { 0xF8000000, 0x100000000 },
                                 { 0xFFFFFC8000000, 0xFFFFFE8000000 } }, 52 },
};

#define LAYOUT_CALLS 300000u

static double
layout_mtrr_ns_per_call (const LayoutCase *c,
                         gboolean          mtrr_only,
                         guint             calls)
{
  GArray *regs = g_array_sized_new (FALSE, FALSE, sizeof (MvX86Register), 10);
  MvLayout *fixed = mv_layout_new (c->ram, c->gaps, 2, NULL, 0, NULL, 0, NULL, NULL);
  gint64 t0 = g_get_monotonic_time ();
  guint64 sink = 0;

  for (guint i = 0; i < calls; i++)
    {
      MvLayout *layout = mtrr_only ? fixed
        : mv_layout_new (c->ram, c->gaps, 2, NULL, 0, NULL, 0, NULL, NULL);

      g_array_set_size (regs, 0);
      mv_mtrr_compute_variable (layout, c->width, c->gaps[0], c->gaps[1], regs, NULL);
      sink += regs->len;
      if (!mtrr_only)
        mv_layout_free (layout);
    }
  t0 = g_get_monotonic_time () - t0;
  mv_layout_free (fixed);
  g_array_unref (regs);
  if (sink == 42)
    printf (" ");
  return t0 * 1000.0 / calls;
}

/* Builds upstream's benchmark with cargo (offline): its executable, or
 * NULL after saying why not (no cargo, no sources). */
static char *
build_upstream_rust (void)
{
  const char *dir = g_getenv ("MEMVIZ_UPSTREAM_RUST");
  g_autofree char *manifest = NULL;
  g_autofree char *target = g_build_filename (g_get_tmp_dir (), "memviz-upstream-rust-target", NULL);
  g_autofree char *cargo = g_find_program_in_path ("cargo");
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (dir == NULL)
    dir = MV_UPSTREAM_RUST;
  manifest = g_build_filename (dir, "Cargo.toml", NULL);
  if (cargo == NULL || !g_file_test (manifest, G_FILE_TEST_EXISTS))
    {
      printf ("upstream Rust: not run (%s)\n", cargo == NULL ? "no cargo on PATH"
              : "no upstream-rust sources; set MEMVIZ_UPSTREAM_RUST");
      return NULL;
    }
  {
    const char *build[] = { cargo, "build", "--quiet", "--release", "--offline",
                            "--manifest-path", manifest, "--target-dir", target, NULL };

    if (!g_spawn_sync (NULL, (char **) build, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                       NULL, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      {
        printf ("upstream Rust: not run (cargo build: %s)\n", error->message);
        return NULL;
      }
  }
  return g_build_filename (target, "release", "mtrr_bench", NULL);
}

/* One repetition of upstream's benchmark: its ns per call for each case,
 * layout+mtrr in rust[i][0], MTRR alone in rust[i][1]. */
static gboolean
run_upstream_rust (const char *exe,
                   double      rust[][2])
{
  g_autofree char *calls = g_strdup_printf ("%u", LAYOUT_CALLS);
  const char *run[] = { exe, calls, "1", "both", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  guint found = 0;

  if (!g_spawn_sync (NULL, (char **) run, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      printf ("upstream Rust: not run (%s)\n", error->message);
      return FALSE;
    }
  lines = g_strsplit (out, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    for (guint i = 0; i < G_N_ELEMENTS (layout_cases); i++)
      {
        const char *name = strstr (lines[l], layout_cases[i].name);
        const char *med = strstr (lines[l], "median ");

        if (name == NULL || med == NULL)
          continue;
        rust[i][g_str_has_prefix (lines[l], "rust mtrr-only") ? 1 : 0] =
          g_ascii_strtod (med + strlen ("median "), NULL);
        found++;
      }
  if (found != 2 * G_N_ELEMENTS (layout_cases))
    {
      printf ("upstream Rust: not run (its output was not understood)\n");
      return FALSE;
    }
  return TRUE;
}

/* memviz's four layouts and upstream's, one repetition of each in turn (the
 * machine's load changes less within a pair), medians over the runs. */
static void
bench_layout (void)
{
  const guint n = G_N_ELEMENTS (layout_cases);
  double c[G_N_ELEMENTS (layout_cases)][2][RUNS];
  double rust[RUNS][G_N_ELEMENTS (layout_cases)][2];
  double rv[G_N_ELEMENTS (layout_cases)][2][RUNS];
  double cm[G_N_ELEMENTS (layout_cases)][2], rm[G_N_ELEMENTS (layout_cases)][2];
  double c_sum = 0, rust_sum = 0;
  g_autofree char *exe = build_upstream_rust ();
  gboolean have_rust = exe != NULL;

  /* Warm up (caches, the allocator, the CPU's clock). */
  layout_mtrr_ns_per_call (&layout_cases[0], FALSE, LAYOUT_CALLS);
  for (int r = 0; r < RUNS; r++)
    {
      for (guint i = 0; i < n; i++)
        for (int m = 0; m < 2; m++)
          c[i][m][r] = layout_mtrr_ns_per_call (&layout_cases[i], m, LAYOUT_CALLS);
      if (have_rust)
        have_rust = run_upstream_rust (exe, rust[r]);
    }
  for (guint i = 0; i < n; i++)
    for (int m = 0; m < 2; m++)
      {
        cm[i][m] = median (c[i][m], RUNS);
        for (int r = 0; r < RUNS && have_rust; r++)
          rv[i][m][r] = rust[r][i][m];
        rm[i][m] = have_rust ? median (rv[i][m], RUNS) : 0;
      }
  for (guint i = 0; i < n; i++)
    {
      printf ("layout+mtrr %s: %.0f ns per call (MTRR alone %.0f ns)", layout_cases[i].name,
              cm[i][0], cm[i][1]);
      if (have_rust)
        printf ("; upstream Rust %.0f ns (%.0f ns), ratio %.2f (%.2f)", rm[i][0], rm[i][1],
                cm[i][0] / rm[i][0], cm[i][1] / rm[i][1]);
      printf ("  [median of %d runs of %u calls]\n", RUNS, LAYOUT_CALLS);
      c_sum += cm[i][0];
      rust_sum += rm[i][0];
    }
  if (have_rust)
    printf ("layout+mtrr, the four layouts: memviz %.0f ns, upstream Rust %.0f ns, "
            "ratio %.2f (<= 1.00: no slower)\n", c_sum / n, rust_sum / n, c_sum / rust_sum);
}


/* ---- file import -------------------------------------------------------- */

static char *
make_sparse_file (const char *dir,
                  guint64     size)
{
  char *path = g_strdup_printf ("%s/bench-%" G_GUINT64_FORMAT ".bin", dir, size);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  static const char marker[] = "memviz benchmark";

  g_assert (fd >= 0);
  g_assert (ftruncate (fd, (off_t) size) == 0);
  /* A little real data at the start, so the CRC is not of zeros only. */
  g_assert (write (fd, marker, sizeof marker) == sizeof marker);
  close (fd);
  return path;
}

static double
time_baseline (const char *path,
               guint64     size,
               guint32    *crc_out)
{
  guint8 *buf = g_malloc (MV_CHUNK_DEFAULT_SIZE);
  int fd = g_open (path, O_RDONLY, 0);
  gint64 t0 = g_get_monotonic_time ();
  uLong crc = crc32 (0, NULL, 0);
  guint64 done = 0;

  while (done < size)
    {
      ssize_t n = read (fd, buf, MV_CHUNK_DEFAULT_SIZE);
      g_assert (n > 0);
      crc = crc32 (crc, buf, (uInt) n);
      done += (guint64) n;
    }
  close (fd);
  g_free (buf);
  *crc_out = (guint32) crc;
  return (g_get_monotonic_time () - t0) / 1e6;
}

static double
time_import (const char *path,
             guint64     size,
             guint32    *crc_out,
             guint64    *runs_out)
{
  g_autoptr(GError) error = NULL;
  MvSource *src = mv_source_new_for_path (path, &error);
  MvChunkBuf *chunk = mv_chunk_buf_new (MV_CHUNK_DEFAULT_SIZE, &error);
  MvRecorder *rec = mv_recorder_new (FALSE);
  MvFileRegion region = {
    .file = src, .file_offset = 0, .file_length = size, .gpa = 0x1000000,
    .memory_length = size, .acceptance = MV_ACCEPTANCE_EXCLUSIVE, .tag = "bench",
  };
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = mv_chunk_buf_import_file_region (chunk, &rec->parent, &region, crc_out,
                                                 NULL, NULL, &error);
  double secs = (g_get_monotonic_time () - t0) / 1e6;

  g_assert_no_error (error);
  g_assert (ok);
  g_assert (mv_recorder_map_pages (rec) == rec->total_pages);
  *runs_out = rec->page_map->len;
  mv_recorder_free (rec);
  mv_chunk_buf_free (chunk);
  mv_source_free (src);
  return secs;
}

/* The peak RSS (KiB) of this program run again as `self MODE A B` (one
 * of the internal modes), in a child of its own. */
static long
child_rss_kib (const char *self,
               const char *mode,
               const char *a,
               const char *b)
{
  struct rusage ru;
  int status;
  pid_t pid = fork ();

  if (pid == 0)
    {
      execl (self, self, mode, a, b, (char *) NULL);
      _exit (127);
    }
  g_assert (wait4 (pid, &status, 0, &ru) == pid);
  g_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return ru.ru_maxrss;
}

static long
child_peak_rss_kib (const char *self,
                    const char *path,
                    guint64     size)
{
  char size_text[32];

  g_snprintf (size_text, sizeof size_text, "%" G_GUINT64_FORMAT, size);
  return child_rss_kib (self, "--import", path, size_text);
}

static void
bench_import (const char *self)
{
  g_autofree char *dir = g_dir_make_tmp ("memviz-bench-XXXXXX", NULL);
  const guint64 gib = (guint64) 1 << 30;
  g_autofree char *big = make_sparse_file (dir, gib);
  g_autofree char *small = make_sparse_file (dir, (guint64) 64 << 20);
  double base[RUNS], imp[RUNS];
  guint32 crc_base = 0, crc_imp = 1;
  guint64 runs = 0;
  double mb = gib / 1048576.0;
  long rss_small, rss_big;

  /* Warm the page cache once. */
  time_baseline (big, gib, &crc_base);
  for (int r = 0; r < RUNS; r++)
    {
      base[r] = time_baseline (big, gib, &crc_base);
      imp[r] = time_import (big, gib, &crc_imp, &runs);
      g_assert (crc_base == crc_imp);
    }
  printf ("import 1 GiB: %.0f MiB/s (page map + CRC-32, %" G_GUINT64_FORMAT " map runs), "
          "zlib crc32 alone %.0f MiB/s, ratio %.2f  [median of %d runs]\n",
          mb / median (imp, RUNS), runs, mb / median (base, RUNS),
          median (base, RUNS) / median (imp, RUNS), RUNS);

  rss_small = child_peak_rss_kib (self, small, (guint64) 64 << 20);
  rss_big = child_peak_rss_kib (self, big, gib);
  printf ("import peak RSS: %.1f MiB for 64 MiB, %.1f MiB for 1 GiB\n",
          rss_small / 1024.0, rss_big / 1024.0);

  g_unlink (big);
  g_unlink (small);
  g_rmdir (dir);
}

/* ---- IGVM ----------------------------------------------------------------- */

#define IGVM_PAGES     25000u
#define IGVM_SIZE      ((guint64) 100 << 20)

static void
put32 (guint8  *p,
       guint32  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = v >> 24;
}

static void
put64 (guint8  *p,
       guint64  v)
{
  put32 (p, (guint32) v);
  put32 (p + 4, (guint32) (v >> 32));
}

/* A 100 MiB IGVM file written straight to disk (so this process never
 * holds it): one SEV-SNP platform, 25,000 page headers with 4 KiB of data
 * each (every 100th page unmeasured, so the pages make 500 runs), and a
 * parameter area whose initial data fills the file to 100 MiB. */
static char *
make_igvm_file (const char *dir)
{
  char *path = g_strdup_printf ("%s/bench.igvm", dir);
  const guint32 table = 24 + IGVM_PAGES * 32 + 24 + 24;
  const guint32 data_start = 24 + table;
  const guint64 area = IGVM_SIZE - data_start - (guint64) IGVM_PAGES * 4096;
  g_autofree guint8 *t = g_malloc0 (table);
  guint8 fixed[24] = { 0 };
  guint8 page[4096];
  guint8 *h = t;
  FILE *f = fopen (path, "wb");
  uLong crc;

  g_assert (f != NULL);
  put32 (h, 0x1); put32 (h + 4, 16); put32 (h + 8, 1); h[13] = 2; h[14] = 1;
  h += 24;
  for (guint i = 0; i < IGVM_PAGES; i++, h += 32)
    {
      put32 (h, 0x302); put32 (h + 4, 24);
      put64 (h + 8, 0x100000 + (guint64) i * 4096);
      put32 (h + 16, 1);
      put32 (h + 20, data_start + i * 4096);
      put32 (h + 24, i % 100 == 99 ? 2 : 0);
    }
  put32 (h, 0x301); put32 (h + 4, 16); put64 (h + 8, area);
  put32 (h + 20, (guint32) (data_start + (guint64) IGVM_PAGES * 4096));
  h += 24;
  put32 (h, 0x303); put32 (h + 4, 16); put64 (h + 8, 0x10000000); put32 (h + 16, 1);
  put32 (fixed, 0x4D564749); put32 (fixed + 4, 1); put32 (fixed + 8, 24); put32 (fixed + 12, table);
  put32 (fixed + 16, (guint32) IGVM_SIZE);
  crc = crc32 (crc32 (0, fixed, 24), t, table);
  put32 (fixed + 20, (guint32) crc);
  g_assert (fwrite (fixed, 24, 1, f) == 1);
  g_assert (fwrite (t, table, 1, f) == 1);
  for (guint i = 0; i < IGVM_PAGES; i++)
    {
      memset (page, (int) (i * 31), sizeof page);
      g_assert (fwrite (page, sizeof page, 1, f) == 1);
    }
  memset (page, 0x5a, sizeof page);
  for (guint64 left = area; left > 0; left -= MIN (left, sizeof page))
    g_assert (fwrite (page, (size_t) MIN (left, sizeof page), 1, f) == 1);
  g_assert (fclose (f) == 0);
  return path;
}

static double
time_igvm (const char      *path,
           MvIgvmReadFlags  flags,
           guint           *runs)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(MvIgvmFile) file = mv_igvm_read_path (path, flags, &error);
  double secs = (g_get_monotonic_time () - t0) / 1e6;

  g_assert_no_error (error);
  g_assert (file->n_page_headers == IGVM_PAGES);
  g_assert (file->total_file_size == IGVM_SIZE);
  *runs = file->runs->len;
  return secs;
}

static long
child_igvm_rss_kib (const char *self,
                    const char *path,
                    gboolean    crc)
{
  return child_rss_kib (self, "--igvm", path, crc ? "crc" : "headers");
}

static void
bench_igvm (const char *self)
{
  g_autofree char *dir = g_dir_make_tmp ("memviz-bench-XXXXXX", NULL);
  g_autofree char *path = make_igvm_file (dir);
  double base[RUNS], open[RUNS], crc[RUNS];
  guint32 crc_base = 0;
  guint runs = 0;

  time_baseline (path, IGVM_SIZE, &crc_base);
  for (int r = 0; r < RUNS; r++)
    {
      base[r] = time_baseline (path, IGVM_SIZE, &crc_base);
      open[r] = time_igvm (path, MV_IGVM_READ_DEFAULT, &runs);
      crc[r] = time_igvm (path, MV_IGVM_READ_CRC, &runs);
    }
  printf ("igvm 100 MiB, %u page headers: open %.1f ms (%u runs), open with every run's "
          "CRC-32 %.1f ms; read + crc32 of the file %.1f ms  [median of %d runs]\n",
          IGVM_PAGES, median (open, RUNS) * 1e3, runs, median (crc, RUNS) * 1e3,
          median (base, RUNS) * 1e3, RUNS);
  printf ("igvm peak RSS: %.1f MiB open, %.1f MiB with CRCs\n",
          child_igvm_rss_kib (self, path, FALSE) / 1024.0,
          child_igvm_rss_kib (self, path, TRUE) / 1024.0);
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- Linux direct boot ------------------------------------------------------ */

#define BOOT_KERNEL_PAYLOAD ((gsize) 14 << 20)
#define BOOT_INITRD_SIZE    ((guint64) 512 << 20)

/* A bzImage of upstream's test shape with a 14 MiB payload (a real 6.1
 * cloud kernel is 13.5 MiB), and room after it for the initrd. */
static char *
make_boot_kernel (const char *dir)
{
  BzSpec spec = bz_default;
  g_autoptr(GBytes) image = NULL;
  char *path = g_build_filename (dir, "vmlinuz", NULL);
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data;

  spec.payload = BOOT_KERNEL_PAYLOAD;
  spec.init_size = 0x2000000;
  image = make_bzimage (&spec);
  data = g_bytes_get_data (image, &len);
  g_assert (g_file_set_contents (path, data, (gssize) len, &error));
  return path;
}

/* One load of @kernel and @initrd on OpenVMM's default 8 GiB layout into a
 * tracing recorder, and the imports merged with their CRC-32s, as
 * memviz-cli boot --json makes them. Returns: seconds; @crc_out is the
 * CRC-32 of the kernel's imported payload and the initrd, combined. */
static double
time_boot (const char *kernel,
           const char *initrd,
           guint      *n_imports,
           guint32    *initrd_crc)
{
  static const MvRange mmio[] = { { 0xF8000000, 0x100000000 }, { 0x208000000, 0x228000000 } };
  MvLayout *layout = mv_layout_new (8 * GIB, mmio, 2, NULL, 0, NULL, 0, NULL, NULL);
  MvBootConfig config = linux_config (kernel, initrd, "console=ttyS0");
  g_autoptr(GError) error = NULL;
  MvRecorder *rec = mv_recorder_new (TRUE);
  MvBootInfo info = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  GArray *imports;
  double secs;
  gboolean ok;

  ok = mv_boot_load (&config, layout, &rec->parent, &info, NULL, NULL, NULL, &error);
  imports = mv_boot_merge_imports (rec);
  secs = (g_get_monotonic_time () - t0) / 1e6;
  g_assert_no_error (error);
  g_assert (ok);
  *n_imports = imports->len;
  for (guint i = 0; i < imports->len; i++)
    if (g_str_equal (g_array_index (imports, MvBootImport, i).tag, "linux-initrd"))
      *initrd_crc = g_array_index (imports, MvBootImport, i).crc32;
  g_array_unref (imports);
  mv_boot_info_clear (&info);
  mv_recorder_free (rec);
  mv_layout_free (layout);
  return secs;
}

static void
bench_boot (const char *self)
{
  g_autofree char *dir = g_dir_make_tmp ("memviz-bench-XXXXXX", NULL);
  g_autofree char *kernel = make_boot_kernel (dir);
  g_autofree char *initrd = make_sparse_file (dir, BOOT_INITRD_SIZE);
  guint64 kernel_size = ((guint64) bz_default.setup_sects + 1) * 512 + BOOT_KERNEL_PAYLOAD;
  double base[RUNS], boot[RUNS];
  guint32 crc_kernel = 0, crc_initrd = 0, crc_boot = 1;
  guint n_imports = 0;
  long rss;

  /* Warm the page cache once. */
  time_baseline (kernel, kernel_size, &crc_kernel);
  time_baseline (initrd, BOOT_INITRD_SIZE, &crc_initrd);
  for (int r = 0; r < RUNS; r++)
    {
      base[r] = time_baseline (kernel, kernel_size, &crc_kernel) +
                time_baseline (initrd, BOOT_INITRD_SIZE, &crc_initrd);
      boot[r] = time_boot (kernel, initrd, &n_imports, &crc_boot);
      g_assert (crc_boot == crc_initrd);
    }
  rss = child_rss_kib (self, "--boot", kernel, initrd);
  printf ("Linux boot, 14 MiB bzImage + 512 MiB initrd: %.0f ms (load + %u imports merged with "
          "their CRC-32s), reading both files + zlib crc32 %.0f ms, ratio %.2f (goal >= 0.8); "
          "peak RSS %.1f MiB (goal < 64 MiB)  [median of %d runs]\n",
          median (boot, RUNS) * 1e3, n_imports, median (base, RUNS) * 1e3,
          median (base, RUNS) / median (boot, RUNS), rss / 1024.0, RUNS);

  g_unlink (kernel);
  g_unlink (initrd);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "--igvm"))
    {
      guint runs;
      time_igvm (argv[2], g_str_equal (argv[3], "crc") ? MV_IGVM_READ_CRC : MV_IGVM_READ_DEFAULT, &runs);
      return 0;
    }
  if (argc == 4 && g_str_equal (argv[1], "--boot"))
    {
      guint n;
      guint32 crc;

      time_boot (argv[2], argv[3], &n, &crc);
      return 0;
    }
  if (argc == 4 && g_str_equal (argv[1], "--import"))
    {
      guint32 crc;
      guint64 runs;
      time_import (argv[2], g_ascii_strtoull (argv[3], NULL, 10), &crc, &runs);
      return 0;
    }

  if (argc == 2 && g_str_equal (argv[1], "layout"))
    {
      bench_layout ();
      return 0;
    }
  if (argc == 2 && g_str_equal (argv[1], "igvm"))
    {
      bench_igvm (argv[0]);
      return 0;
    }
  if (argc == 2 && g_str_equal (argv[1], "boot"))
    {
      bench_boot (argv[0]);
      return 0;
    }
  bench_layout ();
  bench_import (argv[0]);
  bench_igvm (argv[0]);
  bench_boot (argv[0]);
  return 0;
}
