/* SPDX-License-Identifier: MIT */
/* The hostile suite, output that fails and input that must not reach what
 * it should not: a full stdout or disk, a file-size limit, a render over a
 * good file, modes and symbolic links, files outside a document's folder,
 * the headless app's picture, and files that are not regular files. */
#include <string.h>
#include <sys/stat.h>
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

#define DOC_HEAD "[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
#define FILE_IMPORT(name_, path_) \
  "[import " name_ "]\nkind=file\ngpa=1 MiB\npath=" path_ "\n"

/* Imports the outside-files cases read: one inside, links that lead
 * out or nowhere. */
static void
setup_imports (const HostileCase *c,
               const char        *dir)
{
  g_autofree char *dangling = hostile_path (dir, "dangling.bin");
  g_autofree char *escape = hostile_path (dir, "escape.bin");

  hostile_write (dir, "inside.bin", "inside", -1);
  g_assert_cmpint (symlink ("missing/nowhere.bin", dangling), ==, 0);
  g_assert_cmpint (symlink ("/etc/passwd", escape), ==, 0);
}

/* What another user of the shared temporary folder could plant where
 * memviz used to write its picture without a display. */
static void
setup_planted (const HostileCase *c,
               const char        *dir)
{
  g_autofree char *link = hostile_path (dir, "memviz-openvmm-default-8g.png");

  hostile_write (dir, "victim.txt", "precious", -1);
  g_assert_cmpint (symlink ("victim.txt", link), ==, 0);
}

static void
check_no_stderr (const HostileCase *c,
                 const char        *dir,
                 const char        *out,
                 const char        *err)
{
  if (*err != '\0')
    g_test_fail_printf ("stderr is not empty: %s", err);
}

static void
setup_fifo (const HostileCase *c,
            const char        *dir)
{
  g_autofree char *path = hostile_path (dir, "fifo");
  g_autofree char *doc = hostile_path (dir, "fifo.memviz");

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_cmpint (mkfifo (doc, 0600), ==, 0);
}

/* A sparse 1 TiB file: reading it all takes minutes. */
static void
setup_sparse (const HostileCase *c,
              const char        *dir)
{
  g_autofree char *path = hostile_path (dir, "sparse.img");

  hostile_write (dir, "sparse.img", "", 0);
  g_assert_cmpint (truncate (path, (off_t) 1 << 40), ==, 0);
}

static const char *const tmpdir_env[] = { "TMPDIR=@DIR@", NULL };

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

  /* A picture of a failure is written, but the failure is no success:
   * render prints it and exits 1. */
  { .name = "render/layout-error", .args = "render --ram 4097 -o out.png", .status = 1,
    .creates = "out.png", .no_temp = TRUE,
    .message = "memviz-cli: layout error: BadSize: invalid memory size: 0x1001 is not a multiple "
               "of 4 KiB (drawn in out.png)" },
  { .name = "render/import-error", .args = "render doc.memviz -o out.svg --json", .status = 1,
    .document = DOC_HEAD FILE_IMPORT ("gone", "missing.bin"), .creates = "out.svg",
    .no_temp = TRUE, .message = "memviz-cli: import gone failed: ",
    .stdout_has = "\"failures\" : [" },

  /* What is not a regular file is refused before it is read: a FIFO would
   * block (with no writer), /dev/zero never ends. */
#define NOT_REGULAR(what_) "cannot read " what_ ": not a regular file (a FIFO, a device or a socket)"
  { .name = "not-regular/decode-zero", .args = "decode /dev/zero", .status = 2,
    .message = NOT_REGULAR ("/dev/zero") },
  { .name = "not-regular/decode-fifo", .args = "decode fifo", .setup = setup_fifo,
    .status = 2, .message = NOT_REGULAR ("fifo") },
  { .name = "not-regular/decode-stdin-zero", .args = "decode -", .stdin_path = "/dev/zero",
    .status = 2, .message = "standard input: more than 64 MiB of text; give only the MTRR part" },
  { .name = "not-regular/crc32-fifo", .args = "crc32 fifo", .setup = setup_fifo,
    .status = 2, .message = NOT_REGULAR ("fifo") },
  { .name = "not-regular/crc32-zero", .args = "crc32 /dev/zero", .status = 2,
    .message = NOT_REGULAR ("/dev/zero") },
  { .name = "not-regular/import-fifo", .args = "import --file fifo --gpa 1M", .setup = setup_fifo,
    .status = 2, .message = NOT_REGULAR ("fifo") },
  { .name = "not-regular/import-zero", .args = "import --file /dev/zero --gpa 1M", .status = 2,
    .message = NOT_REGULAR ("/dev/zero") },
  { .name = "not-regular/document-fifo", .args = "layout fifo.memviz", .setup = setup_fifo,
    .status = 2, .message = "fifo.memviz: not a regular file" },
  { .name = "not-regular/headless-fifo", .program = HOSTILE_GUI, .args = "fifo.memviz -o out.png",
    .setup = setup_fifo, .status = 1, .no_temp = TRUE,
    .message = "fifo.memviz: not a regular file" },
  { .name = "not-regular/document-import-fifo", .args = "render doc.memviz -o out.png",
    .setup = setup_fifo, .document = DOC_HEAD FILE_IMPORT ("pipe", "fifo"), .status = 1,
    .creates = "out.png", .no_temp = TRUE,
    .message = "import pipe failed: cannot read @DIR@/fifo: not a regular file" },

  /* import --max-length refuses a region longer than that before reading
   * (and without a terminal on stderr, no progress is printed there). */
  { .name = "import/max-length", .args = "import --file sparse.img --gpa 0 --max-length 1G",
    .setup = setup_sparse, .status = 2,
    .message = "memviz-cli: --max-length 1G: sparse.img would read 1 TiB (0x10000000000 bytes) "
               "of the file, more than that\n" },
  { .name = "import/within-max-length", .args = "import --file data.bin --gpa 0 --max-length 64K",
    .setup = setup_data, .status = 0, .stdout_has = "CRC-32 0x", .check = check_no_stderr },

  /* A document names files outside its folder: memviz-cli and the
   * headless app refuse (the window asks), naming the file, unless
   * --allow-outside-files is given. */
  { .name = "outside/absolute", .args = "layout doc.memviz", .setup = setup_imports,
    .document = DOC_HEAD FILE_IMPORT ("secret", "/etc/passwd"), .status = 2,
    .message = "doc.memviz: import \"secret\" reads /etc/passwd, outside the document's folder" },
  { .name = "outside/json", .args = "mtrr doc.memviz --json", .setup = setup_imports,
    .document = DOC_HEAD FILE_IMPORT ("secret", "/etc/passwd"), .status = 2,
    .message = "(give --allow-outside-files to read it)", .stdout_has = "\"OutsideFile\"" },
  { .name = "outside/relative", .args = "render doc.memviz -o out.png", .setup = setup_imports,
    .document = DOC_HEAD FILE_IMPORT ("up", "../../etc/passwd"), .status = 2, .no_temp = TRUE,
    .message = "outside the document's folder" },
  { .name = "outside/symlink", .args = "effective doc.memviz", .setup = setup_imports,
    .document = DOC_HEAD FILE_IMPORT ("link", "escape.bin"), .status = 2,
    .message = "import \"link\" reads @DIR@/escape.bin, outside" },
  { .name = "outside/dangling-symlink", .args = "layout doc.memviz", .setup = setup_imports,
    .document = DOC_HEAD FILE_IMPORT ("dangling", "dangling.bin"), .status = 2,
    .message = "import \"dangling\" reads @DIR@/dangling.bin, outside" },
  { .name = "outside/allowed", .args = "layout doc.memviz --allow-outside-files",
    .setup = setup_imports, .document = DOC_HEAD FILE_IMPORT ("secret", "/etc/passwd"),
    .status = 0, .stdout_has = "Memory layout" },
  { .name = "outside/inside", .args = "layout doc.memviz", .setup = setup_imports,
    .document = DOC_HEAD FILE_IMPORT ("in", "inside.bin"), .status = 0,
    .stdout_has = "Memory layout" },
  { .name = "outside/headless", .program = HOSTILE_GUI, .args = "doc.memviz -o out.png",
    .setup = setup_imports, .document = DOC_HEAD FILE_IMPORT ("secret", "/etc/passwd"),
    .status = 1, .no_temp = TRUE,
    .message = "memviz: import \"secret\" reads /etc/passwd, outside the document's folder" },
  { .name = "outside/headless-allowed", .program = HOSTILE_GUI,
    .args = "doc.memviz -o out.png --allow-outside-files", .setup = setup_imports,
    .document = DOC_HEAD "mmio=0xF8000000-4G\n" FILE_IMPORT ("secret", "/etc/passwd"), .status = 0,
    .creates = "out.png", .no_temp = TRUE, .stdout_has = "out.png\n" },

  /* memviz without a display: its picture goes to a private folder of its
   * own, never through a link planted in the shared one; a write past the
   * file-size limit is reported (SIGXFSZ is ignored). */
  { .name = "headless/planted-link", .program = HOSTILE_GUI, .env = tmpdir_env,
    .setup = setup_planted, .status = 0, .intact = "victim.txt",
    .symlink = "memviz-openvmm-default-8g.png", .stdout_has = "@DIR@/memviz-" },
  { .name = "headless/efbig", .program = HOSTILE_GUI, .args = "-o out.png",
    .setup = setup_good, .fsize_limit = 4096, .status = 1, .no_temp = TRUE,
    .message = "out.png: cannot write the file: File too large" },
};

void
hostile_register_output (void)
{
  hostile_add_cases ("output", cases, G_N_ELEMENTS (cases));
}
