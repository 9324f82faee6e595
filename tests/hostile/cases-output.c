/* SPDX-License-Identifier: MIT */
/* The hostile suite, output that fails and input that must not reach what
 * it should not: a full stdout or disk, a file-size limit, a render over a
 * good file, modes and symbolic links, files outside a document's folder,
 * the headless app's picture, and files that are not regular files. */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "hostile.h"

#define FULL_STDOUT(name_, args_) \
  { .name = "full-stdout/" name_, .args = args_, .stdout_path = "/dev/full", \
    .setup = setup_data, .status = 2, \
    .message = "cannot write to standard output: No space left on device" }

static void
setup_data (const HostileCase *c,
            const char        *dir)
{
  g_autofree char *data = g_malloc0 (64 * 1024);

  memset (data, 0x5a, 64 * 1024);
  hostile_write (dir, "data.bin", data, 64 * 1024);
  hostile_write (dir, "dump.txt",
                 "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n", -1);
}

#define PNG_MAGIC "\x89PNG\r\n\x1a\n"

/* A file render must not spoil: a good picture's stand-in. */
static void
setup_good (const HostileCase *c,
            const char        *dir)
{
  g_autofree char *good = g_malloc (8192);

  memset (good, 'g', 8192);
  memcpy (good, PNG_MAGIC, 8);
  hostile_write (dir, "good.png", good, 8192);
  hostile_write (dir, "good.pdf", good, 8192);
}

static void
setup_mode_0600 (const HostileCase *c,
                 const char        *dir)
{
  g_autofree char *path = hostile_path (dir, "private.png");

  hostile_write (dir, "private.png", "old", -1);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
}

static void
setup_link (const HostileCase *c,
            const char        *dir)
{
  g_autofree char *path = hostile_path (dir, "link.png");

  hostile_write (dir, "real.png", "old", -1);
  g_assert_cmpint (symlink ("real.png", path), ==, 0);
}

static void
setup_dir (const HostileCase *c,
           const char        *dir)
{
  g_autofree char *path = hostile_path (dir, "folder.png");

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
}

/* The picture went to the link's target, which is a PNG now. */
static void
check_real_png (const HostileCase *c,
                const char        *dir,
                const char        *out,
                const char        *err)
{
  g_autofree char *path = hostile_path (dir, "real.png");
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL) || length < 8 ||
      memcmp (data, PNG_MAGIC, 8) != 0)
    g_test_fail_printf ("real.png (the link's target) is not the new PNG");
}

static const HostileCase cases[] = {
  /* Writing to a full stdout fails, for every subcommand. */
  FULL_STDOUT ("layout", "layout"),
  FULL_STDOUT ("layout-json", "layout --json"),
  FULL_STDOUT ("mtrr", "mtrr"),
  FULL_STDOUT ("mtrr-json", "mtrr --json"),
  FULL_STDOUT ("gdt", "gdt"),
  FULL_STDOUT ("import", "import --file data.bin --gpa 1M"),
  FULL_STDOUT ("crc32", "crc32 data.bin"),
  FULL_STDOUT ("render-json", "render -o out.png --json"),
  FULL_STDOUT ("presets", "presets"),
  FULL_STDOUT ("solve", "solve"),
  FULL_STDOUT ("effective", "effective"),
  FULL_STDOUT ("explain", "explain 0xF8000000"),
  FULL_STDOUT ("proc-mtrr", "proc-mtrr"),
  FULL_STDOUT ("check", "check"),
  FULL_STDOUT ("decode", "decode dump.txt"),
  FULL_STDOUT ("help", "--help"),
  FULL_STDOUT ("command-help", "mtrr --help"),
  FULL_STDOUT ("version", "--version"),
  /* A failure already reported keeps its own status and message. */
  { .name = "full-stdout/bad-input", .args = "layout --ram 0", .stdout_path = "/dev/full",
    .status = 2, .message = "invalid memory size: 0x0 is zero" },

  /* A render that fails leaves the file that was there, says why, and
   * leaves no temporary file; past a file-size limit the write fails with
   * EFBIG instead of SIGXFSZ killing the process. */
  { .name = "render/efbig-png", .args = "render -o good.png", .setup = setup_good,
    .fsize_limit = 4096, .status = 2, .intact = "good.png", .no_temp = TRUE,
    .message = "good.png: cannot write the file: File too large" },
  { .name = "render/efbig-pdf", .args = "render -o good.pdf", .setup = setup_good,
    .fsize_limit = 4096, .status = 2, .intact = "good.pdf", .no_temp = TRUE,
    .message = "good.pdf: cannot write the file: File too large" },
  { .name = "render/efbig-svg", .args = "render -o new.svg", .fsize_limit = 4096,
    .status = 2, .no_temp = TRUE,
    .message = "new.svg: cannot write the file: File too large" },
  { .name = "render/no-folder", .args = "render -o missing/out.png", .status = 2,
    .no_temp = TRUE,
    .message = "missing/out.png: cannot write the file: No such file or directory" },
  { .name = "render/folder", .args = "render -o folder.png", .setup = setup_dir,
    .status = 2, .no_temp = TRUE,
    .message = "folder.png: cannot write the file: Is a directory" },
  { .name = "render/keeps-mode", .args = "render -o private.png", .setup = setup_mode_0600,
    .status = 0, .no_temp = TRUE, .creates = "private.png", .mode = 0600 },
  { .name = "render/through-symlink", .args = "render -o link.png", .setup = setup_link,
    .status = 0, .no_temp = TRUE, .symlink = "link.png", .check = check_real_png },
};

void
hostile_register_output (void)
{
  hostile_add_cases ("output", cases, G_N_ELEMENTS (cases));
}
