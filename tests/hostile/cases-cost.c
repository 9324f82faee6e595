/* SPDX-License-Identifier: MIT */
/* The hostile suite, input that must cost little and numbers that must be
 * honest: huge synthetic imports, documents made to cost under the 16 MiB
 * size limit, solve over many gaps, endless effective maps, huge pictures,
 * MTRR dump numbers past 64 bits, JSON of file names that are not UTF-8,
 * and the warnings every command must say. */
#include <string.h>
#include <glib/gstdio.h>

#include "hostile.h"

#define DOC_HEAD "[memviz]\nversion=1\n[memory]\nram=8G\n"

/* ---- documents made to cost -------------------------------------------- */

typedef enum
{
  ITEM_TITLE,   /* ten bytes of a title */
  ITEM_GAP,     /* ", START+4K" */
  ITEM_KEY,     /* "kN=v" */
  ITEM_GDT,     /* [import gN] kind=gdt */
} Item;

/* A document of @head, then @n items of @kind, or fewer where 16 MiB (the
 * size limit) would be passed, then @tail. */
static void
write_repeated (const char *dir,
                const char *head,
                Item        kind,
                guint       n,
                const char *tail)
{
  GString *s = g_string_new (head);

  for (guint i = 0; i < n && s->len < 16 * 1024 * 1024 - 4096; i++)
    switch (kind)
      {
      case ITEM_TITLE: g_string_append (s, "xxxxxxxxxx"); break;
      case ITEM_GAP: g_string_append_printf (s, ", 0x%x000000+4K", 0x100 + i); break;
      case ITEM_KEY: g_string_append_printf (s, "k%u=v\n", i); break;
      case ITEM_GDT: g_string_append_printf (s, "[import g%u]\nkind=gdt\npage=%u\n", i, i); break;
      default: g_assert_not_reached ();
      }
  g_string_append (s, tail);
  hostile_write (dir, "doc.memviz", s->str, (gssize) s->len);
  g_string_free (s, TRUE);
}

/* A 10 MB title (the limit is 4 KiB). */
static void
setup_title (const HostileCase *c,
             const char        *dir)
{
  write_repeated (dir, "[memviz]\nversion=1\ntitle=", ITEM_TITLE, 1000000, "\n[memory]\nram=8G\n");
}

/* 700,000 PCI MMIO gaps (131,072 a list). */
static void
setup_gaps (const HostileCase *c,
            const char        *dir)
{
  write_repeated (dir, DOC_HEAD "pci-mmio=0x10000000+4K", ITEM_GAP, 700000, "\n");
}

/* 1.4 M unknown keys (4,096 in all). */
static void
setup_keys (const HostileCase *c,
            const char        *dir)
{
  write_repeated (dir, DOC_HEAD, ITEM_KEY, 1400000, "");
}

/* 600,000 GDT imports, of which some 500,000 fit in 16 MiB (131,072 imports). */
static void
setup_gdt_imports (const HostileCase *c,
                   const char        *dir)
{
  write_repeated (dir, DOC_HEAD, ITEM_GDT, 600000, "");
}

/* RAM in @n_runs pieces, for solve: 1 GiB of RAM, a 1 GiB gap, ... */
static void
write_striped (const char *dir,
               guint       n_runs)
{
  GString *s = g_string_new (NULL);

  g_string_printf (s, "[memviz]\nversion=1\n[memory]\nram=%uG\nmmio=", n_runs);
  for (guint i = 0; i + 1 < n_runs; i++)
    g_string_append_printf (s, "%s%uG+1G", i > 0 ? ", " : "", 2 * i + 1);
  g_string_append (s, "\n");
  hostile_write (dir, "doc.memviz", s->str, (gssize) s->len);
  g_string_free (s, TRUE);
}

static void
setup_solve_300 (const HostileCase *c,
                 const char        *dir)
{
  write_striped (dir, 300);
}

static void
setup_solve_too_many (const HostileCase *c,
                      const char        *dir)
{
  write_striped (dir, 1025);
}

/* ---- other inputs ------------------------------------------------------ */

/* A non-contiguous mask that matches every other 4 KiB page: 2^34 ranges. */
static void
setup_striped_mask (const HostileCase *c,
                    const char        *dir)
{
  hostile_write (dir, "dump.txt", "0x2ff = 0xc00\n0x200 = 0x6\n0x201 = 0x1800\n", -1);
}

static void
setup_odd_names (const HostileCase *c,
                 const char        *dir)
{
  hostile_write (dir, "bin\xff.bin", "abc", 3);
  hostile_write (dir, "page.bin", "p", 1);
}

/* stdout is JSON, and JSON is UTF-8. */
static void
check_utf8 (const HostileCase *c,
            const char        *dir,
            const char        *out,
            const char        *err)
{
  g_assert_true (g_utf8_validate (out, -1, NULL));
}

static const HostileCase cases[] = {
  /* Synthetic regions: the CRC and the call sequence are counted, not
   * replayed (2^48 calls of 64 KiB; the terabyte took 24 s). */
  { .name = "synthetic/2-64", .args = "render doc.memviz -o out.svg",
    .document = DOC_HEAD "mmio=0xF8000000-4G\n[import huge]\nkind=synthetic\ngpa=0\nsize=0xFFFFFFFFFFFFF000\n",
    .status = 0, .creates = "out.svg" },
  { .name = "synthetic/terabyte", .args = "render doc.memviz -o out.svg",
    .document = DOC_HEAD "mmio=0xF8000000-4G\n[import tera]\nkind=synthetic\ngpa=4G\nsize=1T\n",
    .status = 0, .creates = "out.svg" },

  /* Documents under 16 MiB that cost 1 GB and 30 s: the limits. */
  { .name = "document/title", .args = "layout doc.memviz", .setup = setup_title, .status = 2,
    .message = "line 3, [memviz] title: the title is 10000000 bytes long: a memviz document's "
               "title holds at most 4096 bytes" },
  { .name = "document/gaps", .args = "layout doc.memviz", .setup = setup_gaps, .status = 2,
    .message = "line 5, [memory] pci-mmio: more than 131072 ranges: a memviz document holds at most "
               "131072" },
  { .name = "document/unknown-keys", .args = "layout doc.memviz", .setup = setup_keys, .status = 2,
    .message = "line 4101, [memory] k4096: more than 4096 unknown groups and keys or keys given "
               "twice: a memviz document holds at most 4096" },
  { .name = "document/gdt-imports", .args = "layout doc.memviz", .setup = setup_gdt_imports,
    .status = 2, .message = "line 393221, [import g131072]: more than 131072 imports: a memviz "
                            "document holds at most 131072" },
  { .name = "document/byte-order-mark", .args = "layout doc.memviz",
    .document = "\xef\xbb\xbf" DOC_HEAD, .status = 0, .stdout_has = "Memory layout" },
  { .name = "document/key-twice", .args = "layout doc.memviz", .document = DOC_HEAD "ram=4G\n",
    .status = 0, .message = "warning: line 5, [memory] ram: the key is also on line 4; the last "
                            "one is used" },
  { .name = "document/render-warns", .args = "render doc.memviz -o out.svg",
    .document = DOC_HEAD "colour=blue\nmmio=0xF8000000-4G\n", .status = 0, .creates = "out.svg",
    .message = "warning: line 5, [memory] colour: unknown key" },
  { .name = "document/headless-warns", .program = HOSTILE_GUI, .args = "doc.memviz -o out.png",
    .document = DOC_HEAD "colour=blue\nmmio=0xF8000000-4G\n", .status = 0, .creates = "out.png",
    .message = "memviz: doc.memviz: warning: line 5, [memory] colour: unknown key" },

  /* solve grew with the cube of the gaps (200 took 7.6 s): now their
   * square, and past 1,024 pieces of RAM it refuses. */
  { .name = "solve/300-runs", .args = "solve doc.memviz", .setup = setup_solve_300,
    .status = 0, .stdout_has = "memviz's fewest pairs" },
  { .name = "solve/too-many-runs", .args = "solve doc.memviz", .setup = setup_solve_too_many,
    .status = 2, .message = "the layout's RAM is in 1025 pieces between its gaps: the search for "
                            "the fewest MTRRs takes at most 1024" },

  /* An effective map of 2^34 ranges: --max-ranges 0 reached 1 GB in 20 s. */
  { .name = "decode/max-ranges-0", .args = "decode dump.txt --max-ranges 0",
    .setup = setup_striped_mask, .status = 0,
    .stdout_has = "... stopped after 65536 ranges (--max-ranges)" },
  { .name = "decode/max-ranges-over", .args = "decode dump.txt --max-ranges 1000000",
    .setup = setup_striped_mask, .status = 2,
    .message = "--max-ranges 1000000: 1000000 is out of range (at most 65536)" },

  /* A picture of 4 GB took 83 s. */
  { .name = "render/pixels", .args = "render -o out.png --width 16384 --height 16384 --scale 1.99",
    .status = 2, .no_temp = TRUE, .message = "at most 67108864 (256 MiB) are made" },

  /* MTRR dump numbers past 64 bits: errors on their line, never wrapped
   * (a 2^64-byte size read as 0 was called hidden by the kernel). */
  { .name = "dump/size-2-64", .args = "decode -", .stdin_path = "@DIR@/doc.memviz",
    .document = "reg00: base=0x000000000 (    0MB), size=17592186044416MB, count=1: write-back\n",
    .status = 2, .message = "line 1: size=17592186044416MB (2^64 bytes or more) does not fit in 64 bits" },
  { .name = "dump/hex-17-digits", .args = "decode -", .stdin_path = "@DIR@/doc.memviz",
    .document = "0x2ff = 0xc06\n0x201 = 0x10000000000000800\n", .status = 2,
    .message = "line 2: the number 10000000000000800 does not fit in 64 bits" },

  /* JSON is UTF-8 whatever the file names are. */
  { .name = "json/file-name", .args = "import --file 'bin\xff.bin' --gpa 0 --json",
    .setup = setup_odd_names, .status = 0, .stdout_has = "\"tag\" : \"bin\xef\xbf\xbd.bin\"",
    .check = check_utf8 },
  { .name = "json/missing-file-name", .args = "crc32 'gone\xfe.bin' --json", .status = 2,
    .stdout_has = "gone\xef\xbf\xbd.bin", .check = check_utf8 },

  /* The last page of the address space ends at 2^64, not at 0. */
  { .name = "numbers/end-2-64", .args = "import --file page.bin --gpa 0xFFFFFFFFFFFFF000",
    .setup = setup_odd_names, .status = 0,
    .stdout_has = "0xfffffffffffff000-0x10000000000000000" },
};

void
hostile_register_cost (void)
{
  hostile_add_cases ("cost", cases, G_N_ELEMENTS (cases));
}
