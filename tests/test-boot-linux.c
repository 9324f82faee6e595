/* SPDX-License-Identifier: MIT */
/* Tests of Linux direct boot (core/mv-boot-linux.c and the files it uses:
 * mv-bzimage, mv-elf, mv-page-table, mv-zero-page, mv-smbios,
 * mv-acpi-tables, mv-vm-loader), ported from OpenVMM's load_x86
 * (vm/loader/src/linux.rs at 1488a37b). The tests build small bzImage and
 * ELF files themselves; the expected placements, bytes and registers were
 * worked out by hand from upstream's code. */
#include <elf.h>
#include <string.h>
#include <zlib.h>
#include <glib/gstdio.h>

#include <mv-boot-view.h>
#include <mv-bzimage.h>
#include <mv-document.h>
#include <mv-effective.h>
#include <mv-scenario.h>
#include <mv-smbios.h>
#include <mv-vm-loader.h>
#include <mv-zero-page.h>

#include "mv-boot-test.h"

/* ---- the whole boot of a bzImage ----------------------------------------- */

static const char cmdline[] = "console=ttyS0 root=/dev/vda";

static void
assert_registers (Run     *r,
                  guint64  rip)
{
  static const MvRegName names[] = {
    MV_REG_GDTR, MV_REG_DS, MV_REG_ES, MV_REG_FS, MV_REG_GS, MV_REG_SS, MV_REG_CS,
    MV_REG_CR0, MV_REG_CR3, MV_REG_CR4, MV_REG_EFER, MV_REG_PAT, MV_REG_RIP, MV_REG_RSI,
    MV_REG_MTRR_DEF_TYPE, MV_REG_MTRR_FIX64K_00000, MV_REG_MTRR_FIX16K_80000,
  };
  const guint64 values[] = {
    0, 0, 0, 0, 0, 0, 0,
    0x80000001, 0x4000, 0x20, 0xd01, 0x0007040600070406, rip, 0x2000,
    0xc00, 0x0606060606060606, 0x0606060606060606,
  };
  GArray *regs = r->rec->registers;

  g_assert_cmpuint (regs->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < regs->len; i++)
    {
      const MvX86Register *reg = &g_array_index (regs, MvX86Register, i);

      g_assert_cmpstr (mv_reg_name_to_string (reg->name), ==, mv_reg_name_to_string (names[i]));
      if (reg->name == MV_REG_GDTR)
        {
          g_assert_cmphex (reg->table.base, ==, 0x1000);
          g_assert_cmphex (reg->table.limit, ==, 31);
        }
      else if (mv_reg_name_kind (reg->name) == MV_REG_KIND_SEGMENT)
        {
          gboolean cs = reg->name == MV_REG_CS;

          g_assert_cmphex (reg->segment.selector, ==, cs ? 0x08 : 0x10);
          g_assert_cmphex (reg->segment.attributes, ==, cs ? 0xa09b : 0xc093);
          g_assert_cmphex (reg->segment.limit, ==, 0xffffffff);
        }
      else
        g_assert_cmphex (reg->value, ==, values[i]);
    }
  g_assert_cmphex (r->info.entry, ==, rip);
}

static void
assert_page_tables (const guint8 *pt)
{
  /* PML4 -> PDPT at 0x5000; PDPT[0..3] -> directories at 0x6000..0x9000. */
  g_assert_cmphex (le (pt, 8), ==, 0x5000 | 0x23);
  for (guint i = 1; i < 512; i++)
    g_assert_cmphex (le (pt + i * 8, 8), ==, 0);
  for (guint i = 0; i < 4; i++)
    g_assert_cmphex (le (pt + PAGE + i * 8, 8), ==, (0x6000 + i * PAGE) | 0x23);
  for (guint i = 4; i < 512; i++)
    g_assert_cmphex (le (pt + PAGE + i * 8, 8), ==, 0);
  /* 2048 leaves of 2 MiB: present, read/write, accessed, dirty, large. */
  for (guint i = 0; i < 2048; i++)
    g_assert_cmphex (le (pt + 2 * PAGE + i * 8, 8), ==, (guint64) i * 2 * MB | 0xe3);
}

typedef struct
{
  guint64 start;
  guint64 end;
  guint32 type;
} E820;

static void
assert_e820 (Run          *r,
             const guint8 *zero_page,
             const E820   *expected,
             guint         n)
{
  g_assert_cmpuint (zero_page[0x1e8], ==, n);
  g_assert_cmpuint (r->info.e820->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const MvE820Entry *e = &g_array_index (r->info.e820, MvE820Entry, i);
      const guint8 *raw = zero_page + 0x2d0 + i * 20;

      g_assert_cmphex (e->start, ==, expected[i].start);
      g_assert_cmphex (e->end, ==, expected[i].end);
      g_assert_cmpuint (e->type, ==, expected[i].type);
      g_assert_cmphex (le (raw, 8), ==, expected[i].start);
      g_assert_cmphex (le (raw + 8, 8), ==, expected[i].end - expected[i].start);
      g_assert_cmpuint (le (raw + 16, 4), ==, expected[i].type);
    }
  /* The rest of the map stays zero. */
  for (guint i = 0x2d0 + n * 20; i < 0x2d0 + 128 * 20; i++)
    g_assert_cmpuint (zero_page[i], ==, 0);
}

static const E820 gapped_e820[] = {
  { 0, 0x19000, 1 },                 /* GDT, zero page, command line, page tables */
  { 0x19000, 0x1a000, 3 },           /* ACPI tables (one page) */
  { 0x1a000, 0x1b000, 2 },           /* SMBIOS structure table */
  { 0x1b000, 0xe0000, 1 },
  { 0xe0000, 0x100000, 2 },          /* RSDP and SMBIOS anchor */
  { 0x100000, 0x80000000, 1 },
  { 0x90000000, 0xF8000000, 1 },
  { 0x100000000, 0x118000000, 1 },
};

static void
test_bzimage_boot (void)
{
  g_autoptr(GBytes) image = make_bzimage (&bz_default);
  g_autofree char *kernel = write_bytes ("bz-boot", image);
  g_autofree guint8 *initrd_data = pattern (100 * 1024 + 5, 77);
  g_autofree char *initrd = write_file ("bz-initrd", initrd_data, 100 * 1024 + 5);
  g_autoptr(MvLayout) layout = gapped_layout ();
  MvBootConfig config = linux_config (kernel, initrd, cmdline);
  const guint8 *file = g_bytes_get_data (image, NULL);
  const guint8 *zp;
  guint i;
  Run r;

  run_boot (&r, &config, layout, NULL, NULL, NULL);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  /* The payload at 1 MiB: 300 KiB from file offset (1 + 1) * 512, 64 KiB
   * at a time. */
  i = assert_stream (&r, 0, "linux-kernel", 0x100, 0x100 + 75, file + 1024, 300 * 1024);
  g_assert_cmpuint (i, ==, 5);
  /* The initrd after max(payload end, max(1 MiB, pref 16 MiB) + init_size
   * 16 MiB) = 32 MiB, on a 2 MiB boundary. */
  i = assert_stream (&r, i, "linux-initrd", 0x2000, 0x2000 + 26, initrd_data, 100 * 1024 + 5);
  g_assert_cmpuint (i, ==, 7);

  assert_call (&r, 7, "linux-commandline", 0x3, 1, sizeof cmdline);
  g_assert_cmpmem (tag_data (&r, "linux-commandline", sizeof cmdline), sizeof cmdline,
                   cmdline, sizeof cmdline);
  assert_call (&r, 8, "default-gdt", 0x1, 1, 32);
  assert_call (&r, 9, "linux-pagetables", 0x4, 6, 6 * PAGE);
  assert_page_tables (tag_data (&r, "linux-pagetables", 6 * PAGE));
  assert_call (&r, 10, "linux-rsdp", 0xe0, 1, 36);
  assert_call (&r, 11, "linux-acpi-tables", 0x19, 1, PAGE);
  assert_call (&r, 12, "linux-zeropage", 0x2, 1, PAGE);
  assert_call (&r, 13, "linux-smbios-anchor", 0xf0, 1, 24);
  assert_call (&r, 14, "linux-smbios-tables", 0x1a, 1, 127);
  g_assert_cmpuint (r.rec->calls->len, ==, 15);
  g_assert_cmpuint (mv_recorder_n_errors (r.rec), ==, 0);

  assert_registers (&r, 0x100200);

  /* The zero page: the file's setup header (0x77 bytes, so not its
   * kernel_info_offset), then what the loader owns. */
  zp = tag_data (&r, "linux-zeropage", PAGE);
  for (guint off = 0; off < 0x1f1; off++)
    if (off != 0x1e8)
      g_assert_cmpuint (zp[off], ==, 0);
  for (guint off = 0x1f1; off < 0x268; off++)
    {
      gboolean owned = off == 0x210 || (off >= 0x218 && off < 0x220) ||
                       (off >= 0x228 && off < 0x22c) || (off >= 0x238 && off < 0x23c);
      if (!owned)
        g_assert_cmphex (zp[off], ==, file[off]);
    }
  for (guint off = 0x268; off < 0x2d0; off++)
    g_assert_cmpuint (zp[off], ==, 0);
  g_assert_cmphex (zp[0x210], ==, 0xff);                       /* type_of_loader */
  g_assert_cmphex (le (zp + 0x218, 4), ==, 0x2000000);         /* ramdisk_image */
  g_assert_cmphex (le (zp + 0x21c, 4), ==, 100 * 1024 + 5);    /* ramdisk_size */
  g_assert_cmphex (le (zp + 0x228, 4), ==, 0x3000);            /* cmd_line_ptr */
  g_assert_cmphex (le (zp + 0x238, 4), ==, strlen (cmdline));  /* cmdline_size */
  g_assert_cmphex (le (zp + 0x202, 4), ==, 0x53726448);
  g_assert_cmphex (le (zp + 0x206, 2), ==, 0x020f);
  assert_e820 (&r, zp, gapped_e820, G_N_ELEMENTS (gapped_e820));
  for (guint off = 0x2d0 + 128 * 20; off < PAGE; off++)
    g_assert_cmpuint (zp[off], ==, 0);

  run_clear (&r);
}

/* The SMBIOS tables and the stand-in ACPI tables with their RSDP. */
static void
test_tables (void)
{
  g_autofree char *kernel = default_kernel ("bz-tables");
  g_autoptr(MvLayout) layout = small_layout (256 * MB);
  MvBootConfig config = linux_config (kernel, NULL, NULL);
  const guint8 *anchor;
  const guint8 *table;
  const guint8 *rsdp;
  const guint8 *acpi;
  guint8 sum = 0;
  Run r;

  config.acpi_size = 0x1800;
  run_boot (&r, &config, layout, NULL, NULL, NULL);
  g_assert_no_error (r.error);

  /* No initrd and no command line: neither is imported. */
  g_assert_null (g_hash_table_lookup (r.tee.data, "linux-initrd"));
  g_assert_null (g_hash_table_lookup (r.tee.data, "linux-commandline"));
  g_assert_cmphex (le (tag_data (&r, "linux-zeropage", PAGE) + 0x228, 4), ==, 0x3000);
  g_assert_cmphex (le (tag_data (&r, "linux-zeropage", PAGE) + 0x238, 4), ==, 0);
  g_assert_cmphex (le (tag_data (&r, "linux-zeropage", PAGE) + 0x218, 8), ==, 0);

  /* ACPI: 0x1800 bytes on 2 pages, an empty XSDT header first. */
  assert_call (&r, 8, "linux-acpi-tables", 0x19, 2, 0x1800);
  acpi = tag_data (&r, "linux-acpi-tables", 0x1800);
  g_assert_cmpmem (acpi, 4, "XSDT", 4);
  g_assert_cmpuint (le (acpi + 4, 4), ==, 36);
  for (guint i = 0; i < 36; i++)
    sum += acpi[i];
  g_assert_cmpuint (sum, ==, 0);
  for (guint i = 36; i < 0x1800; i++)
    g_assert_cmpuint (acpi[i], ==, 0);
  rsdp = tag_data (&r, "linux-rsdp", 36);
  g_assert_cmpmem (rsdp, 8, "RSD PTR ", 8);
  g_assert_cmpmem (rsdp + 9, 6, "HVLITE", 6);
  g_assert_cmpuint (rsdp[15], ==, 2);
  g_assert_cmpuint (le (rsdp + 16, 4), ==, 0);
  g_assert_cmpuint (le (rsdp + 20, 4), ==, 36);
  g_assert_cmphex (le (rsdp + 24, 8), ==, 0x19000);
  sum = 0;
  for (guint i = 0; i < 20; i++)
    sum += rsdp[i];
  g_assert_cmpuint (sum, ==, 0);
  for (guint i = 20; i < 36; i++)
    sum += rsdp[i];
  g_assert_cmpuint (sum, ==, 0);

  /* SMBIOS: the structure table just above the ACPI tables (0x1b000). */
  assert_call (&r, 10, "linux-smbios-anchor", 0xf0, 1, 24);
  assert_call (&r, 11, "linux-smbios-tables", 0x1b, 1, 127);
  anchor = tag_data (&r, "linux-smbios-anchor", 24);
  g_assert_cmpmem (anchor, 5, "_SM3_", 5);
  g_assert_cmpuint (anchor[6], ==, 0x18);
  g_assert_cmpuint (anchor[7], ==, 3);
  g_assert_cmpuint (anchor[8], ==, 1);
  g_assert_cmpuint (anchor[10], ==, 1);
  g_assert_cmpuint (le (anchor + 12, 4), ==, 127);
  g_assert_cmphex (le (anchor + 16, 8), ==, 0x1b000);
  sum = 0;
  for (guint i = 0; i < 24; i++)
    sum += anchor[i];
  g_assert_cmpuint (sum, ==, 0);
  table = tag_data (&r, "linux-smbios-tables", 127);
  {
    static const guint8 type0[] = {
      0, 0x1a, 0, 0, 1, 2, 0, 0, 3, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x10, 0, 0,
      0xff, 0xff, 0, 0,
    };
    static const char strings0[] = "OpenVMM\0OpenVMM Direct\00006/19/2026\0";
    static const char strings1[] = "OpenVMM\0OpenVMM Virtual Machine\0";
    static const guint8 end[] = { 127, 4, 2, 0, 0, 0 };

    g_assert_cmpmem (table, sizeof type0, type0, sizeof type0);
    g_assert_cmpmem (table + 26, sizeof strings0, strings0, sizeof strings0);
    g_assert_cmpuint (table[61], ==, 1);             /* Type 1 */
    g_assert_cmpuint (table[62], ==, 0x1b);
    g_assert_cmpuint (le (table + 63, 2), ==, 1);    /* handle */
    g_assert_cmpuint (table[65], ==, 1);             /* manufacturer */
    g_assert_cmpuint (table[66], ==, 2);             /* product name */
    g_assert_cmpuint (table[67], ==, 0);             /* version: none */
    g_assert_cmpuint (table[85], ==, 6);             /* wake-up: power switch */
    g_assert_cmpmem (table + 88, sizeof strings1, strings1, sizeof strings1);
    g_assert_cmpmem (table + 121, sizeof end, end, sizeof end);
  }
  run_clear (&r);

  /* Without SMBIOS: no SMBIOS pages and no reserved entry for them. */
  config.smbios = FALSE;
  run_boot (&r, &config, layout, NULL, NULL, NULL);
  g_assert_no_error (r.error);
  g_assert_null (g_hash_table_lookup (r.tee.data, "linux-smbios-anchor"));
  g_assert_cmpuint (r.rec->calls->len, ==, 10);
  {
    static const E820 expected[] = {
      { 0, 0x19000, 1 }, { 0x19000, 0x1b000, 3 }, { 0x1b000, 0xe0000, 1 },
      { 0xe0000, 0x100000, 2 }, { 0x100000, 256 * MB, 1 },
    };
    assert_e820 (&r, tag_data (&r, "linux-zeropage", PAGE), expected, G_N_ELEMENTS (expected));
  }
  run_clear (&r);
}

/* Real ACPI table bytes from a file: the RSDP points at their XSDT. */
static void
test_acpi_file (void)
{
  g_autofree char *kernel = default_kernel ("bz-acpi");
  g_autoptr(MvLayout) layout = small_layout (256 * MB);
  guint8 tables[40 + 44] = { 0 };
  g_autofree char *acpi = NULL;
  MvBootConfig config = linux_config (kernel, NULL, "quiet");
  const guint8 *rsdp;
  Run r;

  memcpy (tables, "DSDT", 4);
  mv_le_put (tables + 4, 37, 4);              /* 37 bytes, padded to 40 */
  memcpy (tables + 40, "XSDT", 4);
  mv_le_put (tables + 44, 44, 4);
  memcpy (tables + 50, "ABCDEF", 6);
  acpi = write_file ("tables.acpi", tables, sizeof tables);
  config.acpi_file = acpi;
  config.acpi_size = 123;                     /* the file decides */
  run_boot (&r, &config, layout, NULL, NULL, NULL);
  g_assert_no_error (r.error);
  g_assert_cmpmem (tag_data (&r, "linux-acpi-tables", sizeof tables), sizeof tables,
                   tables, sizeof tables);
  rsdp = tag_data (&r, "linux-rsdp", 36);
  g_assert_cmphex (le (rsdp + 24, 8), ==, 0x19000 + 40);
  g_assert_cmpmem (rsdp + 9, 6, "ABCDEF", 6);
  run_clear (&r);
}

/* ---- ELF ------------------------------------------------------------------ */

static void
test_elf_boot (void)
{
  static const PhSpec ph[] = {
    { PT_LOAD, 0x1000, 0x100000, 0x3000, 0x5000 },
    { PT_NOTE, 0x4000, 0x80000, 0x100, 0x100 },        /* not loaded, not checked */
    { PT_LOAD, 0x4000, 0x300800, 0x1000, 0x1800 },      /* not page aligned */
    { PT_LOAD, 0x5000, 0x310000, 0, 0 },                /* empty: not imported */
  };
  g_autoptr(GBytes) elf = make_elf (EM_X86_64, ELFDATA2LSB, 0x1000e0, ph, G_N_ELEMENTS (ph),
                                    0x6000);
  g_autofree char *kernel = write_bytes ("elf-boot", elf);
  g_autofree guint8 *initrd_data = pattern (5000, 1);
  g_autofree char *initrd = write_file ("elf-initrd", initrd_data, 5000);
  g_autoptr(MvLayout) layout = gapped_layout ();
  MvBootConfig config = linux_config (kernel, initrd, cmdline);
  const guint8 *file = g_bytes_get_data (elf, NULL);
  const guint8 *zp;
  Run r;

  run_boot (&r, &config, layout, NULL, NULL, NULL);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  /* Each PT_LOAD at its p_paddr; the second starts 0x800 into its page. */
  assert_call (&r, 0, "linux-kernel", 0x100, 5, 0x3000);
  g_assert_cmphex (call (&r, 0)->crc32, ==, crc32 (0L, file + 0x1000, 0x3000));
  assert_call (&r, 1, "linux-kernel", 0x300, 2, 0x1800);
  {
    guint8 expected[0x1800] = { 0 };

    memcpy (expected + 0x800, file + 0x4000, 0x1000);
    g_assert_cmphex (call (&r, 1)->crc32, ==, crc32 (0L, expected, sizeof expected));
  }
  /* The empty segment still counts: the kernel ends at 0x310000, so the
   * initrd goes to 4 MiB. */
  assert_call (&r, 2, "linux-initrd", 0x400, 2, 5000);
  assert_call (&r, 3, "linux-commandline", 0x3, 1, sizeof cmdline);
  assert_call (&r, 8, "linux-zeropage", 0x2, 1, PAGE);
  assert_registers (&r, 0x1000e0);

  /* No bzImage: upstream's minimal header. */
  zp = tag_data (&r, "linux-zeropage", PAGE);
  g_assert_cmphex (le (zp + 0x1fe, 2), ==, 0xaa55);
  g_assert_cmphex (le (zp + 0x202, 4), ==, 0x53726448);
  g_assert_cmphex (le (zp + 0x230, 4), ==, 0x100000);
  g_assert_cmphex (le (zp + 0x206, 2), ==, 0);
  g_assert_cmphex (zp[0x210], ==, 0xff);
  g_assert_cmphex (le (zp + 0x218, 4), ==, 0x400000);
  g_assert_cmphex (le (zp + 0x21c, 4), ==, 5000);
  assert_e820 (&r, zp, gapped_e820, G_N_ELEMENTS (gapped_e820));
  run_clear (&r);
}

/* ---- errors ----------------------------------------------------------------- */

typedef struct
{
  const char *name;
  int         code;
  const char *upstream;      /* mv_boot_error_name () */
  guint       n_calls;       /* import calls made before the error */
} ErrorCase;

static void
assert_error (Run             *r,
              const ErrorCase *c)
{
  g_assert_false (r->ok);
  g_assert_error (r->error, MV_BOOT_ERROR, c->code);
  g_assert_cmpstr (mv_boot_error_name (c->code), ==, c->upstream);
  g_assert_cmpuint (r->rec->calls->len, ==, c->n_calls);
  g_assert_cmpuint (mv_recorder_n_errors (r->rec), ==, 0);
  g_test_message ("%s: %s", c->name, r->error->message);
}

static void
boot_expect (const MvBootConfig *config,
             const MvLayout     *layout,
             const ErrorCase    *c)
{
  Run r;

  run_boot (&r, config, layout, NULL, NULL, NULL);
  assert_error (&r, c);
  run_clear (&r);
}

/* Boots @kernel_file (no initrd, no command line) on 256 MiB. */
static void
kernel_expect (GBytes          *kernel_file,
               const ErrorCase *c)
{
  g_autofree char *kernel = write_bytes (c->name, kernel_file);
  g_autoptr(MvLayout) layout = small_layout (256 * MB);
  MvBootConfig config = linux_config (kernel, NULL, NULL);

  boot_expect (&config, layout, c);
}

static void
bz_expect (const BzSpec    *spec,
           const ErrorCase *c)
{
  g_autoptr(GBytes) image = make_bzimage (spec);

  kernel_expect (image, c);
}

static void
test_bzimage_errors (void)
{
  BzSpec s = bz_default;
  static const ErrorCase protocol = { "bz-2.11", MV_BOOT_ERROR_BZIMAGE_PROTOCOL, "ProtocolTooOld", 0 };
  static const ErrorCase high = { "bz-not-high", MV_BOOT_ERROR_BZIMAGE_NOT_LOADED_HIGH, "NotLoadedHigh", 0 };
  static const ErrorCase bit64 = { "bz-32", MV_BOOT_ERROR_BZIMAGE_NOT_64BIT, "No64BitEntry", 0 };
  static const ErrorCase truncated = { "bz-short", MV_BOOT_ERROR_BZIMAGE_TRUNCATED, "Truncated", 0 };
  static const ErrorCase io = { "bz-syssize", MV_BOOT_ERROR_IO, "Io", 0 };

  s.version = 0x020b;
  bz_expect (&s, &protocol);
  s = bz_default;
  s.loadflags = 0;
  bz_expect (&s, &high);
  s = bz_default;
  s.xloadflags = 0x7e;
  bz_expect (&s, &bit64);
  s = bz_default;
  s.syssize = 0x20;                      /* 512 bytes: not past the entry */
  bz_expect (&s, &truncated);
  /* syssize says more than the file has: the import stops at its end
   * (4 chunks of 64 KiB made, the fifth read short). */
  s = bz_default;
  s.syssize = (guint32) (s.payload / 16 + 0x1000);
  {
    ErrorCase short_file = io;

    short_file.n_calls = 4;
    bz_expect (&s, &short_file);
  }

  /* parse_bzimage on a file without the markers (load_x86 never gets
   * there: such a file is read as ELF). */
  {
    g_autoptr(GBytes) elf = make_elf (EM_X86_64, ELFDATA2LSB, 0x100000, NULL, 0, 0x1000);
    g_autoptr(MvSource) src = mv_source_new_for_bytes (elf);
    MvBzImageInfo info;
    gboolean is_bz = TRUE;
    GError *error = NULL;

    g_assert_true (mv_bzimage_detect (src, "elf", &is_bz, &error));
    g_assert_false (is_bz);
    g_assert_false (mv_bzimage_parse (src, 0x1000, "elf", &info, &error));
    g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_BZIMAGE_MAGIC);
    g_assert_cmpstr (mv_boot_error_name (error->code), ==, "NotBzImage");
    g_clear_error (&error);
  }
}

static void
elf_expect (guint16          machine,
            guint8           encoding,
            guint64          entry,
            const PhSpec    *ph,
            guint            n_ph,
            const ErrorCase *c)
{
  g_autoptr(GBytes) elf = make_elf (machine, encoding, entry, ph, n_ph, 0x6000);

  kernel_expect (elf, c);
}

static void
test_elf_errors (void)
{
  static const PhSpec good[] = { { PT_LOAD, 0x1000, 0x100000, 0x1000, 0x1000 } };
  static const PhSpec low[] = {
    { PT_LOAD, 0x1000, 0x100000, 0x1000, 0x1000 },
    { PT_LOAD, 0x2000, 0xff000, 0x1000, 0x1000 },
  };
  static const PhSpec overlap[] = {
    { PT_LOAD, 0x1000, 0x100000, 0x2000, 0x2000 },
    { PT_LOAD, 0x3000, 0x101800, 0x1000, 0x1000 },
  };
  static const PhSpec huge[] = { { PT_LOAD, 0x1000, 0x100000, 0x1000, G_MAXUINT64 - 0x800 } };
  static const PhSpec past_file[] = { { PT_LOAD, 0x5000, 0x100000, 0x3000, 0x3000 } };
  static const ErrorCase machine = { "elf-arm", MV_BOOT_ERROR_ELF_NOT_X86_64, "TargetMachineMismatch", 0 };
  static const ErrorCase big = { "elf-be", MV_BOOT_ERROR_ELF_BIG_ENDIAN, "BigEndianElfOnLittle", 0 };
  static const ErrorCase entry = { "elf-entry", MV_BOOT_ERROR_ELF_ENTRY, "InvalidEntryAddress", 0 };
  static const ErrorCase below = { "elf-low", MV_BOOT_ERROR_ELF_BELOW_1MB, "InvalidProgramHeaderMemoryOffset", 0 };
  static const ErrorCase overlaps = { "elf-overlap", MV_BOOT_ERROR_OVERLAP, "Overlap", 1 };
  static const ErrorCase overflow = { "elf-huge", MV_BOOT_ERROR_OVERFLOW, "Overflow", 0 };
  static const ErrorCase short_file = { "elf-short", MV_BOOT_ERROR_IO, "Io", 0 };
  static const ErrorCase no_load = { "elf-empty", MV_BOOT_ERROR_ELF_PROGRAM_HEADER, "InvalidProgramHeader", 0 };

  elf_expect (EM_AARCH64, ELFDATA2LSB, 0x100000, good, 1, &machine);
  elf_expect (EM_X86_64, ELFDATA2MSB, 0x100000, good, 1, &big);
  elf_expect (EM_X86_64, ELFDATA2LSB, 0xfffff, good, 1, &entry);
  elf_expect (EM_X86_64, ELFDATA2LSB, 0x100000, low, 2, &below);
  elf_expect (EM_X86_64, ELFDATA2LSB, 0x100000, overlap, 2, &overlaps);
  elf_expect (EM_X86_64, ELFDATA2LSB, 0x100000, huge, 1, &overflow);
  elf_expect (EM_X86_64, ELFDATA2LSB, 0x100000, past_file, 1, &short_file);
  elf_expect (EM_X86_64, ELFDATA2LSB, 0x100000, NULL, 0, &no_load);

  /* Neither a bzImage nor ELF; shorter than an ELF header. */
  {
    static const ErrorCase magic = { "garbage", MV_BOOT_ERROR_ELF_MAGIC, "InvalidFileHeader", 0 };
    static const ErrorCase tiny = { "tiny", MV_BOOT_ERROR_ELF_READ_HEADER, "ReadFileHeader", 0 };
    g_autofree guint8 *junk = pattern (0x3000, 5);
    g_autofree char *garbage = write_file ("garbage", junk, 0x3000);
    g_autofree char *small = write_file ("tiny", junk, 10);
    g_autoptr(MvLayout) layout = small_layout (256 * MB);
    MvBootConfig config = linux_config (garbage, NULL, NULL);

    boot_expect (&config, layout, &magic);
    config.kernel = small;
    boot_expect (&config, layout, &tiny);
  }
}

static void
test_config_errors (void)
{
  g_autofree char *kernel = default_kernel ("bz-config");
  g_autoptr(MvLayout) layout = small_layout (256 * MB);
  g_autofree char *long_line = g_strnfill (4096, 'a');
  MvBootConfig config = linux_config (kernel, NULL, long_line);
  static const ErrorCase too_long = { "cmdline", MV_BOOT_ERROR_CMDLINE_TOO_LONG, "CommandLineTooLong", 5 };
  static const ErrorCase empty_acpi = { "acpi-0", MV_BOOT_ERROR_EMPTY_ACPI_TABLES, "EmptyAcpiTables", 7 };
  static const ErrorCase low_tables = { "acpi-big", MV_BOOT_ERROR_LOW_TABLES_TOO_LARGE, "LowTablesTooLarge", 9 };
  static const ErrorCase acpi_overlap = { "acpi-overlap", MV_BOOT_ERROR_OVERLAP, "Overlap", 7 };
  static const ErrorCase missing = { "missing", MV_BOOT_ERROR_IO, "Io", 0 };
  Run r;

  /* 4096 bytes with the NUL pass; one more fails, after the kernel. */
  boot_expect (&config, layout, &too_long);
  long_line[4095] = '\0';
  run_boot (&r, &config, layout, NULL, NULL, NULL);
  g_assert_no_error (r.error);
  assert_call (&r, 5, "linux-commandline", 0x3, 1, 4096);
  run_clear (&r);

  config.cmdline = NULL;
  config.acpi_size = 0;
  boot_expect (&config, layout, &empty_acpi);
  /* ACPI tables up to 0xE0000 fit, but then SMBIOS does not. */
  config.acpi_size = 0xe0000 - 0x19000;
  boot_expect (&config, layout, &low_tables);
  config.smbios = FALSE;
  run_boot (&r, &config, layout, NULL, NULL, NULL);
  g_assert_no_error (r.error);
  run_clear (&r);
  /* One byte more and the tables reach the RSDP page. */
  config.acpi_size = 0xe0000 - 0x19000 + 1;
  boot_expect (&config, layout, &acpi_overlap);

  config = linux_config ("/nonexistent/vmlinuz", NULL, NULL);
  boot_expect (&config, layout, &missing);
}

/* A kernel whose decompression area (init_size) runs past RAM: upstream
 * places it and imports the payload without a word; memviz keeps every
 * number and says so (MvBootInfo.beyond_ram), and a scenario lists it
 * among its diagnostics, which the window's Diagnostics page shows. */
static void
test_beyond_ram (void)
{
  BzSpec spec = bz_default;
  g_autoptr(GBytes) image = NULL;
  g_autofree char *kernel = NULL;
  g_autofree char *text = NULL;
  MvBootConfig config;
  const MvBootBeyondRam *b;
  Run r;

  spec.init_size = 0x5000000;
  image = make_bzimage (&spec);
  kernel = write_bytes ("bz-beyond", image);
  config = linux_config (kernel, NULL, NULL);
  {
    g_autoptr(MvLayout) layout = small_layout (64 * MB);

    run_boot (&r, &config, layout, NULL, NULL, NULL);
    g_assert_no_error (r.error);
    g_assert_cmpuint (r.info.beyond_ram->len, ==, 1);
    b = &g_array_index (r.info.beyond_ram, MvBootBeyondRam, 0);
    g_assert_cmpstr (b->tag, ==, "linux-kernel");
    g_assert_cmphex (b->start, ==, MB);
    g_assert_cmphex (b->end, ==, 0x6000000);   /* pref_address 16 MiB + init_size */
    g_assert_cmphex (b->ram_end, ==, 64 * MB);
    g_assert_cmphex (r.info.entry, ==, MB + 0x200);
    run_clear (&r);
  }
  {
    g_autoptr(MvLayout) layout = small_layout (128 * MB);

    run_boot (&r, &config, layout, NULL, NULL, NULL);
    g_assert_no_error (r.error);
    g_assert_cmpuint (r.info.beyond_ram->len, ==, 0);
    run_clear (&r);
  }

  text = g_strdup_printf ("[memviz]\nversion=1\n[memory]\nram=64 MiB\n"
                          "[boot]\nloader=linux\nkernel=%s\n", kernel);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MvDocument) doc = mv_document_load_from_data (text, -1, NULL, &error);
    g_autoptr(MvScenario) sc = NULL;
    guint found = 0;

    g_assert_no_error (error);
    sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
    g_assert_null (sc->boot_error);
    for (guint i = 0; i < sc->diagnostics->len; i++)
      {
        const MvDiagnostic *d = g_ptr_array_index (sc->diagnostics, i);

        g_assert_cmpuint (d->id, ==, i + 1);
        if (d->kind != MV_DIAG_BEYOND_RAM)
          continue;
        found++;
        g_assert_cmpint (d->severity, ==, MV_SEVERITY_WARNING);
        g_assert_true (d->has_range);
        g_assert_cmphex (d->range.end, ==, 0x6000000);
        g_assert_nonnull (strstr (d->message, "linux-kernel at 0x100000-0x6000000"));
        g_assert_nonnull (strstr (d->message, "RAM, which ends at 0x4000000"));
      }
    g_assert_cmpuint (found, ==, 1);
  }
}

/* Imports outside RAM, and layouts the zero page cannot describe. */
static void
test_layout_errors (void)
{
  g_autofree char *kernel = default_kernel ("bz-ram");
  g_autofree guint8 *initrd_data = pattern (8192, 9);
  g_autofree char *initrd = write_file ("ram-initrd", initrd_data, 8192);
  MvBootConfig config = linux_config (kernel, initrd, NULL);
  static const ErrorCase no_ram = { "initrd-past-ram", MV_BOOT_ERROR_NO_RAM, "NoRam", 5 };
  static const ErrorCase low_gap = { "gap-at-0", MV_BOOT_ERROR_NO_RAM, "NoRam", 0 };
  static const ErrorCase many = { "many-ranges", MV_BOOT_ERROR_TOO_MANY_MEMORY_RANGES, "TooManyMemoryRanges", 9 };
  GError *error = NULL;

  /* 32 MiB of RAM: the initrd's place (32 MiB) is past it. */
  {
    g_autoptr(MvLayout) layout = small_layout (32 * MB);

    boot_expect (&config, layout, &no_ram);
  }
  /* An MMIO gap at 0: no RAM at 1 MiB for the kernel. */
  {
    static const MvRange mmio[] = { { 0, 2 * MB } };
    g_autoptr(MvLayout) layout = mv_layout_new (256 * MB, mmio, 1, NULL, 0, NULL, 0, NULL, &error);

    g_assert_no_error (error);
    boot_expect (&config, layout, &low_gap);
  }
  /* 130 gaps above 4 GiB cut RAM into more ranges than the e820 map's 128. */
  {
    g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (MvRange));
    g_autoptr(MvLayout) layout = NULL;

    for (guint i = 0; i < 130; i++)
      {
        MvRange g = { 4 * GB + i * 4 * MB, 4 * GB + i * 4 * MB + 2 * MB };
        g_array_append_val (gaps, g);
      }
    layout = mv_layout_new (8 * GB, (MvRange *) gaps->data, gaps->len, NULL, 0, NULL, 0, NULL,
                            &error);
    g_assert_no_error (error);
    config.initrd = NULL;
    boot_expect (&config, layout, &many);
  }
  /* NUMA nodes split a RAM range: each node's part is its own entry. */
  {
    static const guint64 nodes[] = { 1 * GB, 1 * GB };
    static const MvRange mmio[] = { { 0xF8000000, 0x100000000 } };
    g_autoptr(MvLayout) layout = mv_layout_new_with_numa (nodes, 2, mmio, 1, NULL, 0, NULL, 0,
                                                          NULL, &error);
    Run r;

    g_assert_no_error (error);
    run_boot (&r, &config, layout, NULL, NULL, NULL);
    g_assert_no_error (r.error);
    g_assert_cmpuint (r.info.e820->len, ==, 7);
    g_assert_cmphex (g_array_index (r.info.e820, MvE820Entry, 5).end, ==, 1 * GB);
    g_assert_cmphex (g_array_index (r.info.e820, MvE820Entry, 6).start, ==, 1 * GB);
    g_assert_cmphex (g_array_index (r.info.e820, MvE820Entry, 6).end, ==, 2 * GB);
    run_clear (&r);
  }
  /* Upstream truncates an initrd address or size past 32 bits. */
  {
    g_autoptr(MvLayout) layout = small_layout (256 * MB);
    g_autoptr(GArray) e820 = g_array_new (FALSE, FALSE, sizeof (MvE820Entry));
    MvZeroPageParams zp = { .acpi_len = 1, .initrd_base = 5 * GB, .initrd_size = 1 };
    guint8 page[MV_ZERO_PAGE_SIZE];

    g_assert_false (mv_zero_page_build (layout, &zp, page, e820, &error));
    g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_OVERFLOW);
    g_clear_error (&error);
  }
}

/* ---- cancel and progress ---------------------------------------------------- */

typedef struct
{
  GCancellable *cancellable;
  guint         cancel_after;   /* 0: never */
  guint         n;
  guint64       last_done;
  guint64       total;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (done, >=, p->last_done);
  g_assert_cmpuint (done, <=, total);
  p->last_done = done;
  p->total = total;
  if (++p->n == p->cancel_after)
    g_cancellable_cancel (p->cancellable);
}

static void
test_cancel (void)
{
  g_autofree char *kernel = default_kernel ("bz-cancel");
  g_autofree guint8 *initrd_data = pattern (200000, 4);
  g_autofree char *initrd = write_file ("cancel-initrd", initrd_data, 200000);
  g_autoptr(MvLayout) layout = small_layout (256 * MB);
  MvBootConfig config = linux_config (kernel, initrd, cmdline);
  static const ErrorCase before = { "cancel-before", MV_BOOT_ERROR_CANCELLED, "Cancelled", 0 };
  static const ErrorCase during = { "cancel-during", MV_BOOT_ERROR_CANCELLED, "Cancelled", 2 };
  Progress p = { 0 };
  Run r;

  /* Progress through every file byte: payload then initrd. */
  run_boot (&r, &config, layout, NULL, on_progress, &p);
  g_assert_no_error (r.error);
  g_assert_cmpuint (p.total, ==, 300 * 1024 + 200000);
  g_assert_cmpuint (p.last_done, ==, p.total);
  g_assert_cmpuint (p.n, ==, 5 + 4 + 1);      /* a call per chunk, and the end */
  run_clear (&r);

  p = (Progress) { .cancellable = g_cancellable_new () };
  g_cancellable_cancel (p.cancellable);
  run_boot (&r, &config, layout, p.cancellable, on_progress, &p);
  assert_error (&r, &before);
  g_assert_cmpuint (r.rec->registers->len, ==, 0);
  run_clear (&r);
  g_object_unref (p.cancellable);

  /* Cancelled after the second chunk: the two chunks stay imported. */
  p = (Progress) { .cancellable = g_cancellable_new (), .cancel_after = 2 };
  run_boot (&r, &config, layout, p.cancellable, on_progress, &p);
  assert_error (&r, &during);
  run_clear (&r);
  g_object_unref (p.cancellable);
}

/* What OpenVMM's importer refuses besides overlaps and non-RAM pages. */
static void
test_vm_loader (void)
{
  g_autoptr(MvLayout) layout = small_layout (256 * MB);
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(MvVmLoader) loader = mv_vm_loader_new (&rec->parent, layout);
  MvImporter *importer = mv_vm_loader_importer (loader);
  MvX86Register reg = { .name = MV_REG_CR3, .value = 0x4000 };
  guint8 data[PAGE + 1] = { 0 };
  GError *error = NULL;

  g_assert_true (mv_importer_import_vp_register (importer, &reg, &error));
  g_assert_false (mv_importer_import_vp_register (importer, &reg, &error));
  g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IMPORT);
  g_clear_error (&error);
  g_assert_cmpuint (rec->registers->len, ==, 1);

  g_assert_false (mv_importer_import_pages (importer, 0x10, 0, "empty", MV_ACCEPTANCE_EXCLUSIVE,
                                            NULL, 0, &error));
  g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IMPORT);
  g_clear_error (&error);
  g_assert_false (mv_importer_import_pages (importer, 0x10, 1, "big", MV_ACCEPTANCE_EXCLUSIVE,
                                            data, sizeof data, &error));
  g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IMPORT);
  g_clear_error (&error);
  /* Chunks of one tag join; the next import touching them is no overlap,
   * one page into them is. */
  for (guint i = 0; i < 4; i++)
    g_assert_true (mv_importer_import_pages (importer, 0x100 + i * 16, 16, "chunks",
                                             MV_ACCEPTANCE_EXCLUSIVE, data, PAGE, &error));
  g_assert_true (mv_importer_import_pages (importer, 0xff, 1, "below", MV_ACCEPTANCE_EXCLUSIVE,
                                           NULL, 0, &error));
  g_assert_true (mv_importer_import_pages (importer, 0x140, 1, "above", MV_ACCEPTANCE_EXCLUSIVE,
                                           NULL, 0, &error));
  g_assert_false (mv_importer_import_pages (importer, 0x13f, 1, "into", MV_ACCEPTANCE_EXCLUSIVE,
                                            NULL, 0, &error));
  g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_OVERLAP);
  g_assert_nonnull (strstr (error->message, "overlaps chunks at 0x100000-0x140000"));
  g_clear_error (&error);
  g_assert_cmpint (mv_vm_loader_last_error (loader), ==, MV_BOOT_ERROR_OVERLAP);
  g_assert_cmpuint (rec->calls->len, ==, 6);
  /* Said again of the whole region the refused page belongs to. */
  g_assert_cmphex (mv_vm_loader_last_refused_page (loader), ==, 0x13f);
  g_assert_false (mv_vm_loader_explain_region (loader, 0x130, 0x20, "into", &error));
  g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_OVERLAP);
  g_assert_cmpstr (error->message, ==, "into at 0x130000-0x150000 overlaps chunks at 0x100000-0x140000");
  g_clear_error (&error);
  g_assert_true (mv_vm_loader_explain_region (loader, 0x130, 0, "into", &error));
  g_assert_cmpuint (rec->calls->len, ==, 6);
}

/* An initrd that reaches an MMIO gap: its first chunks are imported (as
 * upstream's), and the error names the whole initrd and the gap, not the
 * 64 KiB chunk that reached it. */
static void
test_gap_names_file (void)
{
  g_autofree char *kernel = default_kernel ("bz-gap");
  g_autofree guint8 *initrd_data = pattern (MB, 3);
  g_autofree char *initrd = write_file ("gap-initrd", initrd_data, MB);
  MvBootConfig config = linux_config (kernel, initrd, NULL);
  g_autoptr(MvLayout) roomy = small_layout (256 * MB);
  g_autoptr(MvLayout) layout = NULL;
  g_autofree char *want = NULL;
  GError *error = NULL;
  guint64 gpa = 0;
  guint chunks = 0;
  Run r;

  run_boot (&r, &config, roomy, NULL, NULL, NULL);
  g_assert_no_error (r.error);
  for (guint i = 0; i < r.rec->calls->len; i++)
    if (g_str_equal (call (&r, i)->tag, "linux-initrd") && gpa == 0)
      gpa = call (&r, i)->page_base * PAGE;
  g_assert_cmphex (gpa, !=, 0);
  run_clear (&r);

  {
    const MvRange mmio[] = { { gpa + MB / 2, gpa + 2 * MB }, { 0xF8000000, 0x100000000 } };

    layout = mv_layout_new (256 * MB, mmio, G_N_ELEMENTS (mmio), NULL, 0, NULL, 0, NULL, &error);
    g_assert_no_error (error);
  }
  run_boot (&r, &config, layout, NULL, NULL, NULL);
  g_assert_error (r.error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_RAM);
  want = g_strdup_printf ("linux-initrd at 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                          "x is not all RAM (it reaches the layout's gap at 0x%" G_GINT64_MODIFIER
                          "x-0x%" G_GINT64_MODIFIER "x)", gpa, gpa + MB, gpa + MB / 2, gpa + 2 * MB);
  g_test_message ("%s", r.error->message);
  g_assert_nonnull (strstr (r.error->message, want));
  g_assert_nonnull (strstr (r.error->message, initrd));
  for (guint i = 0; i < r.rec->calls->len; i++)
    chunks += g_str_equal (call (&r, i)->tag, "linux-initrd");
  g_assert_cmpuint (chunks, ==, (MB / 2) / (64 * 1024));
  run_clear (&r);
}

/* The registers the Boot CPU view decodes: the bits by name, CR3 with
 * the mapping the loader's page tables make. */
static void
test_register_decode (void)
{
  const struct { MvRegName name; guint64 value; const char *text; } cases[] = {
    { MV_REG_CR0, 0x80000001, "PE PG" },
    { MV_REG_CR4, 0x20, "PAE" },
    { MV_REG_EFER, 0xd01, "SCE LME LMA NXE" },
    { MV_REG_CR3, 0x4000, "page tables' root (PML4) at 0x4000: the first 4 GiB mapped one to one, "
                          "with 2 MiB pages" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MvX86Register reg = { .name = cases[i].name, .value = cases[i].value };
      g_autofree char *text = mv_boot_register_decode (&reg);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  {
    MvX86Register gdtr = { .name = MV_REG_GDTR, .table = { .base = 0x1000, .limit = 0x1f } };
    g_autofree char *text = mv_boot_register_decode (&gdtr);

    g_assert_cmpstr (text, ==, "the GDT: 4 descriptors at 0x1000");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/boot-linux/bzimage/boot", test_bzimage_boot);
  g_test_add_func ("/boot-linux/bzimage/errors", test_bzimage_errors);
  g_test_add_func ("/boot-linux/elf/boot", test_elf_boot);
  g_test_add_func ("/boot-linux/elf/errors", test_elf_errors);
  g_test_add_func ("/boot-linux/tables", test_tables);
  g_test_add_func ("/boot-linux/acpi-file", test_acpi_file);
  g_test_add_func ("/boot-linux/config-errors", test_config_errors);
  g_test_add_func ("/boot-linux/layout-errors", test_layout_errors);
  g_test_add_func ("/boot-linux/beyond-ram", test_beyond_ram);
  g_test_add_func ("/boot-linux/cancel", test_cancel);
  g_test_add_func ("/boot-linux/vm-loader", test_vm_loader);
  g_test_add_func ("/boot-linux/gap-names-file", test_gap_names_file);
  g_test_add_func ("/boot-linux/register-decode", test_register_decode);

  return g_test_run ();
}
