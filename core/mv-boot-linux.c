/* SPDX-License-Identifier: MIT */
/* Linux direct boot: OpenVMM's load_x86 (vm/loader/src/linux.rs at
 * 1488a37b) as openvmm_core's load_linux_x86 calls it: the kernel (bzImage
 * or ELF) at 1 MiB, the initrd after it at the next 2 MiB boundary, then
 * load_config_x86: command line, default GDT, page tables, RSDP, ACPI
 * tables, zero page, registers, SMBIOS (OpenVMM's default identity). Every
 * import goes through mv-vm-loader (what OpenVMM's own importer refuses).
 *
 * The ACPI tables: OpenVMM's builder (vmm_core/src/acpi_builder.rs) is not
 * ported. With config->acpi_file, its bytes are the tables and the RSDP
 * points at the XSDT found in them; otherwise a stand-in of
 * config->acpi_size bytes (an empty XSDT header, then zeros; see
 * mv-acpi-tables.h) with the RSDP pointing at it. Their length moves the
 * SMBIOS table and the e820 map exactly as real tables of that length do. */
#include "mv-boot-private.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "mv-acpi-tables.h"
#include "mv-bzimage.h"
#include "mv-elf.h"
#include "mv-file-import.h"
#include "mv-gdt.h"
#include "mv-page-table.h"
#include "mv-smbios.h"
#include "mv-vm-loader.h"
#include "mv-zero-page.h"

#define LARGE_PAGE ((guint64) 0x200000)

/* x86defs */
#define X64_CR0_PE   ((guint64) 0x1)
#define X64_CR0_PG   ((guint64) 0x80000000)
#define X64_CR4_PAE  ((guint64) 0x20)
#define X64_EFER_SCE ((guint64) 0x1)
#define X64_EFER_LME ((guint64) 0x100)
#define X64_EFER_LMA ((guint64) 0x400)
#define X64_EFER_NXE ((guint64) 0x800)
#define X86X_MSR_DEFAULT_PAT ((guint64) 0x0007040600070406)
#define MTRR_WB_ALL  ((guint64) 0x0606060606060606)

typedef struct
{
  const MvBootRun *run;
  MvVmLoader      *loader;
  MvImporter      *importer;     /* the loader's */
  guint64          done;         /* file bytes imported by finished regions */
  guint64          total;        /* file bytes to import */
  /* What load_kernel_and_initrd_x64 returns. */
  guint64          entrypoint;
  gboolean         has_initrd;
  guint64          initrd_gpa;
  guint64          initrd_size;
  gboolean         is_bzimage;
  guint8           setup_header[MV_SETUP_HEADER_SIZE];
} Linux;

/* ---- errors and progress ------------------------------------------------- */

static gboolean
cancelled (Linux   *self,
           GError **error)
{
  if (!g_cancellable_is_cancelled (self->run->cancellable))
    return FALSE;
  g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_CANCELLED, "Linux direct boot cancelled");
  return TRUE;
}

static gboolean
region_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  Linux *self = user_data;

  if (self->run->progress != NULL)
    self->run->progress (self->done + done, self->total, self->run->progress_data);
  return !g_cancellable_is_cancelled (self->run->cancellable);
}

static guint64
pages_for (guint64 bytes)
{
  return bytes / MV_PAGE_SIZE + (bytes % MV_PAGE_SIZE != 0);
}

/* A file region's error, as the boot error it is: a refusal of the
 * vm_loader keeps its kind, a cancel is a cancel, a short file is Io. A
 * refusal of one of its 64 KiB chunks (a gap it reaches, an import it
 * overlaps) is said of the whole region, [@gpa, +@memory_length) of @tag:
 * the file's range is what the user knows. */
static gboolean
region_failed (Linux      *self,
               GError     *inner,
               const char *what,
               guint64     gpa,
               guint64     memory_length,
               const char *tag,
               GError    **error)
{
  GError *whole = NULL;
  int code;

  if (inner->domain == MV_BOOT_ERROR)
    code = inner->code;
  else if (inner->code == MV_FILE_IMPORT_ERROR_CANCELLED)
    code = MV_BOOT_ERROR_CANCELLED;
  else if (inner->code == MV_FILE_IMPORT_ERROR_IMPORT_PAGES)
    code = mv_vm_loader_last_error (self->loader);
  else if (inner->code == MV_FILE_IMPORT_ERROR_OVERFLOW)
    code = MV_BOOT_ERROR_OVERFLOW;
  else if (inner->code == MV_FILE_IMPORT_ERROR_READ || inner->code == MV_FILE_IMPORT_ERROR_SEEK)
    code = MV_BOOT_ERROR_IO;
  else
    code = MV_BOOT_ERROR_FAILED;
  /* (a region past 2^64 fails as Overflow before any chunk) */
  memory_length = MIN (memory_length, G_MAXUINT64 - MV_PAGE_SIZE);
  if (inner->domain == MV_FILE_IMPORT_ERROR && inner->code == MV_FILE_IMPORT_ERROR_IMPORT_PAGES &&
      (code == MV_BOOT_ERROR_NO_RAM || code == MV_BOOT_ERROR_OVERLAP) &&
      !mv_vm_loader_explain_region (self->loader, gpa / MV_PAGE_SIZE,
                                    pages_for (gpa % MV_PAGE_SIZE + memory_length), tag, &whole))
    {
      g_set_error (error, MV_BOOT_ERROR, code, "%s: %s", what, whole->message);
      g_error_free (whole);
    }
  else
    g_set_error (error, MV_BOOT_ERROR, code, "%s: %s", what, inner->message);
  g_error_free (inner);
  return FALSE;
}

static gboolean
import_region (Linux       *self,
               MvSource    *file,
               guint64      file_offset,
               guint64      file_length,
               guint64      gpa,
               guint64      memory_length,
               const char  *tag,
               const char  *what,
               GError     **error)
{
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (MV_CHUNK_DEFAULT_SIZE, error);
  MvFileRegion region = {
    .file = file,
    .file_offset = file_offset,
    .file_length = file_length,
    .gpa = gpa,
    .memory_length = memory_length,
    .acceptance = MV_ACCEPTANCE_EXCLUSIVE,
    .tag = tag,
  };
  GError *inner = NULL;

  if (buf == NULL)
    return FALSE;
  if (!mv_chunk_buf_import_file_region (buf, self->importer, &region, NULL,
                                        region_progress, self, &inner))
    return region_failed (self, inner, what, gpa, memory_length, tag, error);
  self->done += file_length;
  return TRUE;
}

static gboolean
import_pages (Linux        *self,
              guint64       gpa,
              guint64       page_count,
              const char   *tag,
              const guint8 *data,
              gsize         len,
              GError      **error)
{
  return mv_importer_import_pages (self->importer, gpa / MV_PAGE_SIZE, page_count, tag,
                                   MV_ACCEPTANCE_EXCLUSIVE, data, len, error);
}

/* A file's size, as OpenVMM takes the initrd's (seek to the end). */
static MvSource *
open_file (const char *path,
           const char *what,
           guint64    *size,
           GError    **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  GError *inner = NULL;
  MvSource *source = mv_source_new_for_path (path, &inner);
  GStatBuf st;

  if (source == NULL)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO, "%s: %s", what, inner->message);
      g_error_free (inner);
      return NULL;
    }
  if (g_stat (path, &st) != 0)
    {
      int errsv = errno;
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO, "%s: cannot read %s: %s",
                   what, shown, g_strerror (errsv));
      mv_source_free (source);
      return NULL;
    }
  *size = (guint64) st.st_size;
  return source;
}

/* ---- load_kernel_and_initrd_x64 ------------------------------------------ */

/* [start, end) is memory the kernel needs that no import covers: noted
 * when it is not all RAM (upstream places it so and does not check). */
static void
note_beyond_ram (Linux      *self,
                 const char *tag,
                 const char *what,
                 guint64     start,
                 guint64     end)
{
  guint64 ram_end = mv_vm_loader_ram_run_end (self->run->layout, start, end);
  MvBootBeyondRam b = { tag, what, start, end, ram_end };

  if (ram_end < end)
    g_array_append_val (self->run->info->beyond_ram, b);
}

/* import_initrd with InitrdAddressType::AfterKernel. */
static gboolean
import_initrd (Linux    *self,
               MvSource *initrd,
               guint64   initrd_size,
               guint64   next_addr,
               GError  **error)
{
  const char *path = self->run->config->initrd;
  g_autofree char *shown = path != NULL ? g_filename_display_name (path) : NULL;
  g_autofree char *what = NULL;
  guint64 gpa;

  if (initrd == NULL)
    return TRUE;
  if (next_addr > G_MAXUINT64 - (LARGE_PAGE - 1))
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_OVERFLOW,
                   "the kernel ends at 0x%" G_GINT64_MODIFIER "x: the initrd's address "
                   "(the next 2 MiB boundary) passes 2^64", next_addr);
      return FALSE;
    }
  gpa = (next_addr + LARGE_PAGE - 1) & ~(LARGE_PAGE - 1);
  what = g_strdup_printf ("failed to import initrd %s", shown);
  if (!import_region (self, initrd, 0, initrd_size, gpa, initrd_size, "linux-initrd", what, error))
    return FALSE;
  self->has_initrd = TRUE;
  self->initrd_gpa = gpa;
  self->initrd_size = initrd_size;
  return TRUE;
}

static gboolean
load_bzimage (Linux    *self,
              MvSource *kernel,
              guint64   kernel_size,
              MvSource *initrd,
              guint64   initrd_size,
              GError  **error)
{
  const char *path = self->run->config->kernel;
  g_autofree char *shown = g_filename_display_name (path);
  g_autofree char *what = g_strdup_printf ("failed to import bzImage payload of %s", shown);
  MvBzImageInfo info;
  guint64 payload_offset;
  guint64 payload_memory_len;
  guint64 next_addr;
  guint64 init_end;

  if (!mv_bzimage_parse (kernel, kernel_size, shown, &info, error))
    return FALSE;

  payload_offset = ((guint64) info.setup_sects + 1) * 512;
  if (info.protected_mode_size > G_MAXUINT64 - MV_PAGE_MASK - MV_LINUX_KERNEL_BASE)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_OVERFLOW,
                   "%s: the protected-mode size 0x%" G_GINT64_MODIFIER "x passes 2^64 "
                   "at 1 MiB", shown, info.protected_mode_size);
      return FALSE;
    }
  payload_memory_len = (info.protected_mode_size + MV_PAGE_MASK) & ~MV_PAGE_MASK;
  self->entrypoint = MV_LINUX_KERNEL_BASE + info.entry_offset;
  self->total = info.protected_mode_size + initrd_size;
  self->is_bzimage = TRUE;
  memcpy (self->setup_header, info.setup_header, sizeof self->setup_header);

  if (!import_region (self, kernel, payload_offset, info.protected_mode_size,
                      MV_LINUX_KERNEL_BASE, payload_memory_len, "linux-kernel", what, error))
    return FALSE;

  /* The initrd goes past init_size, which the decompressor uses. */
  next_addr = MV_LINUX_KERNEL_BASE + payload_memory_len;
  init_end = MAX (MV_LINUX_KERNEL_BASE, info.pref_address);
  init_end = init_end > G_MAXUINT64 - info.init_size ? G_MAXUINT64 : init_end + info.init_size;
  next_addr = MAX (next_addr, init_end);
  note_beyond_ram (self, "linux-kernel", "its payload and init_size, where it decompresses",
                   MV_LINUX_KERNEL_BASE, next_addr);
  return import_initrd (self, initrd, initrd_size, next_addr, error);
}

static gboolean
load_elf (Linux    *self,
          MvSource *kernel,
          guint64   kernel_size,
          MvSource *initrd,
          guint64   initrd_size,
          GError  **error)
{
  const char *path = self->run->config->kernel;
  g_autofree char *shown = g_filename_display_name (path);
  MvElf elf;
  GError *inner = NULL;
  gboolean ok = FALSE;

  if (!mv_elf_parse (kernel, kernel_size, shown, MV_LINUX_KERNEL_BASE, &elf, error))
    goto out;
  self->total = mv_elf_file_bytes (&elf) + initrd_size;
  self->entrypoint = elf.entrypoint;
  if (!mv_elf_import (&elf, self->importer, kernel, "linux-kernel", MV_ACCEPTANCE_EXCLUSIVE,
                      region_progress, self, &inner))
    {
      g_autofree char *what = g_strdup_printf ("failed to import ELF kernel %s", shown);
      guint64 refused = mv_vm_loader_last_refused_page (self->loader);
      const MvElfSegment *in = NULL;

      /* the segment whose chunk was refused */
      for (guint i = 0; i < elf.segments->len && in == NULL; i++)
        {
          const MvElfSegment *seg = &g_array_index (elf.segments, MvElfSegment, i);

          guint64 first = seg->p_paddr / MV_PAGE_SIZE;

          if (seg->p_memsz > 0 && refused >= first &&
              refused - first < pages_for (seg->p_paddr % MV_PAGE_SIZE +
                                           MIN (seg->p_memsz, G_MAXUINT64 - MV_PAGE_SIZE)))
            in = seg;
        }
      region_failed (self, inner, what, in != NULL ? in->p_paddr : 0, in != NULL ? in->p_memsz : 0,
                     "linux-kernel", error);
      goto out;
    }
  self->done += mv_elf_file_bytes (&elf);
  if (!import_initrd (self, initrd, initrd_size, elf.next_available_address, error))
    goto out;
  /* Upstream computes the kernel's size next - min here, which panics
   * when there is no PT_LOAD (min is then u64::MAX). */
  if (elf.segments->len == 0)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_ELF_PROGRAM_HEADER,
                   "%s has no PT_LOAD program header: nothing to load (upstream's "
                   "kernel size would underflow)", shown);
      goto out;
    }
  ok = TRUE;
out:
  mv_elf_clear (&elf);
  return ok;
}

static gboolean
load_kernel_and_initrd (Linux   *self,
                        GError **error)
{
  const MvBootConfig *config = self->run->config;
  g_autoptr(MvSource) kernel = NULL;
  g_autoptr(MvSource) initrd = NULL;
  guint64 kernel_size = 0;
  guint64 initrd_size = 0;
  gboolean bzimage;

  if (config->kernel == NULL || config->kernel[0] == '\0')
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_FAILED,
                   "Linux direct boot needs a kernel (a bzImage or an ELF vmlinux)");
      return FALSE;
    }
  kernel = open_file (config->kernel, "the kernel", &kernel_size, error);
  if (kernel == NULL)
    return FALSE;
  if (config->initrd != NULL && config->initrd[0] != '\0')
    {
      initrd = open_file (config->initrd, "the initrd", &initrd_size, error);
      if (initrd == NULL)
        return FALSE;
    }

  if (!mv_bzimage_detect (kernel, config->kernel, &bzimage, error))
    return FALSE;
  if (bzimage)
    return load_bzimage (self, kernel, kernel_size, initrd, initrd_size, error);
  return load_elf (self, kernel, kernel_size, initrd, initrd_size, error);
}

/* ---- load_config_x86 ------------------------------------------------------ */

/* The ACPI tables and their RSDP (see the top of the file). Before
 * building them, their pages are checked as OpenVMM's importer would,
 * so a size that would overlap the RSDP fails before memory is taken. */
static gboolean
acpi_tables (Linux   *self,
             GBytes **tables,
             guint8   rsdp[MV_ACPI_RSDP_SIZE],
             GError **error)
{
  const MvBootConfig *config = self->run->config;
  guint64 size = config->acpi_size;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize len;
  gsize xsdt;

  if (config->acpi_file != NULL)
    {
      GStatBuf st;

      if (g_stat (config->acpi_file, &st) != 0)
        {
          int errsv = errno;
          g_autofree char *shown = g_filename_display_name (config->acpi_file);

          g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO, "cannot read the ACPI tables %s: %s",
                       shown, g_strerror (errsv));
          return FALSE;
        }
      size = (guint64) st.st_size;
    }
  if (size == 0)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_EMPTY_ACPI_TABLES, "ACPI tables are empty");
      return FALSE;
    }
  if (size > G_MAXUINT64 - MV_PAGE_MASK)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_OVERFLOW,
                   "ACPI tables of 0x%" G_GINT64_MODIFIER "x bytes: their page count "
                   "overflows", size);
      return FALSE;
    }
  /* Upstream imports the RSDP page, then the tables' pages: tables that
   * reach 0xE0000 overlap the RSDP, as OpenVMM's importer says. Checked
   * here, before the tables are built or read. */
  if (!mv_vm_loader_check (self->loader, MV_LINUX_RSDP_BASE / MV_PAGE_SIZE, 1, "linux-rsdp", error))
    return FALSE;
  if (MV_LINUX_ACPI_TABLES_BASE / MV_PAGE_SIZE + pages_for (size) > MV_LINUX_RSDP_BASE / MV_PAGE_SIZE)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_OVERLAP,
                   "linux-acpi-tables at 0x%" G_GINT64_MODIFIER "x (0x%" G_GINT64_MODIFIER
                   "x bytes) overlaps linux-rsdp at 0x%" G_GINT64_MODIFIER "x",
                   MV_LINUX_ACPI_TABLES_BASE, size, MV_LINUX_RSDP_BASE);
      return FALSE;
    }
  if (!mv_vm_loader_check (self->loader, MV_LINUX_ACPI_TABLES_BASE / MV_PAGE_SIZE,
                           pages_for (size), "linux-acpi-tables", error))
    return FALSE;

  if (config->acpi_file != NULL)
    {
      GError *inner = NULL;
      char *contents;

      if (!g_file_get_contents (config->acpi_file, &contents, &len, &inner))
        {
          g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO, "cannot read the ACPI tables: %s",
                       inner->message);
          g_error_free (inner);
          return FALSE;
        }
      if (len == 0)
        {
          g_autofree char *shown = g_filename_display_name (config->acpi_file);

          g_free (contents);
          g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_EMPTY_ACPI_TABLES,
                       "ACPI tables are empty (%s)", shown);
          return FALSE;
        }
      bytes = g_bytes_new_take (contents, len);
    }
  else
    bytes = mv_acpi_standin_tables ((gsize) size);

  data = g_bytes_get_data (bytes, &len);
  xsdt = mv_acpi_find_xsdt (data, len);
  mv_acpi_rsdp (MV_LINUX_ACPI_TABLES_BASE + xsdt,
                len >= xsdt + 16 && memcmp (data + xsdt, "XSDT", 4) == 0
                  ? data + xsdt + 10 : mv_acpi_openvmm_oem_id (),
                rsdp);
  *tables = g_steal_pointer (&bytes);
  return TRUE;
}

static gboolean
import_register (Linux    *self,
                 MvRegName name,
                 guint64   value,
                 GError  **error)
{
  MvX86Register reg = { .name = name, .value = value };

  return mv_importer_import_vp_register (self->importer, &reg, error);
}

static gboolean
load_config (Linux   *self,
             GError **error)
{
  const MvBootConfig *config = self->run->config;
  const char *cmdline = config->cmdline != NULL ? config->cmdline : "";
  gsize cmdline_len = strlen (cmdline);
  g_autofree guint8 *page_tables = g_malloc (MV_PAGE_TABLE_MAX_BYTES);
  g_autoptr(GBytes) tables = NULL;
  g_autoptr(GByteArray) smbios_table = g_byte_array_new ();
  guint8 smbios_anchor[MV_SMBIOS_ENTRY_POINT_SIZE];
  guint64 smbios_base;
  guint8 rsdp[MV_ACPI_RSDP_SIZE];
  guint8 zero_page[MV_ZERO_PAGE_SIZE];
  MvZeroPageParams zp = { 0 };
  const guint8 *acpi_data;
  gsize acpi_len;
  gsize page_table_len;
  static const MvRegName mtrr_regs[] = { MV_REG_MTRR_FIX64K_00000, MV_REG_MTRR_FIX16K_80000 };

  /* The command line with its NUL must fit below the page tables. */
  if (cmdline_len + 1 > MV_LINUX_CR3_BASE - MV_LINUX_CMDLINE_BASE)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_CMDLINE_TOO_LONG,
                   "kernel command line (%" G_GSIZE_FORMAT " bytes with its NUL) exceeds "
                   "its 0x%" G_GINT64_MODIFIER "x-byte slot", cmdline_len + 1,
                   MV_LINUX_CR3_BASE - MV_LINUX_CMDLINE_BASE);
      return FALSE;
    }
  if (cmdline_len > 0 &&
      !import_pages (self, MV_LINUX_CMDLINE_BASE, pages_for (cmdline_len + 1),
                     "linux-commandline", (const guint8 *) cmdline, cmdline_len + 1, error))
    return FALSE;

  if (!mv_gdt_import_default (self->importer, MV_LINUX_GDT_BASE / MV_PAGE_SIZE, error))
    return FALSE;

  page_table_len = mv_page_table_identity_map (MV_LINUX_CR3_BASE, MV_IDENTITY_MAP_4GB, page_tables);
  if (!import_pages (self, MV_LINUX_CR3_BASE, page_table_len / MV_PAGE_SIZE, "linux-pagetables",
                     page_tables, page_table_len, error))
    return FALSE;

  if (!acpi_tables (self, &tables, rsdp, error))
    return FALSE;
  acpi_data = g_bytes_get_data (tables, &acpi_len);
  if (!import_pages (self, MV_LINUX_RSDP_BASE, 1, "linux-rsdp", rsdp, sizeof rsdp, error) ||
      !import_pages (self, MV_LINUX_ACPI_TABLES_BASE, pages_for (acpi_len), "linux-acpi-tables",
                     acpi_data, acpi_len, error))
    return FALSE;

  /* The SMBIOS table's home is just above the ACPI tables. */
  smbios_base = MV_LINUX_ACPI_TABLES_BASE + pages_for (acpi_len) * MV_PAGE_SIZE;
  if (config->smbios)
    mv_smbios_build (mv_smbios_default_tables (), smbios_base, smbios_anchor, smbios_table);

  zp.setup_header = self->is_bzimage ? self->setup_header : NULL;
  zp.acpi_len = acpi_len;
  zp.smbios_len = config->smbios ? smbios_table->len : 0;
  zp.cmdline_len = cmdline_len;
  zp.initrd_base = self->has_initrd ? self->initrd_gpa : 0;
  zp.initrd_size = self->has_initrd ? self->initrd_size : 0;
  if (!mv_zero_page_build (self->run->layout, &zp, zero_page, self->run->info->e820, error))
    return FALSE;
  if (!import_pages (self, MV_LINUX_ZERO_PAGE_BASE, 1, "linux-zeropage", zero_page,
                     sizeof zero_page, error))
    return FALSE;

  if (!import_register (self, MV_REG_CR0, X64_CR0_PG | X64_CR0_PE, error) ||
      !import_register (self, MV_REG_CR3, MV_LINUX_CR3_BASE, error) ||
      !import_register (self, MV_REG_CR4, X64_CR4_PAE, error) ||
      !import_register (self, MV_REG_EFER,
                        X64_EFER_SCE | X64_EFER_LME | X64_EFER_LMA | X64_EFER_NXE, error) ||
      !import_register (self, MV_REG_PAT, X86X_MSR_DEFAULT_PAT, error) ||
      !import_register (self, MV_REG_RIP, self->entrypoint, error) ||
      !import_register (self, MV_REG_RSI, MV_LINUX_ZERO_PAGE_BASE, error) ||
      !import_register (self, MV_REG_MTRR_DEF_TYPE, 0xc00, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (mtrr_regs); i++)
    if (!import_register (self, mtrr_regs[i], MTRR_WB_ALL, error))
      return FALSE;
  self->run->info->entry = self->entrypoint;

  if (config->smbios &&
      (!import_pages (self, MV_LINUX_SMBIOS_FSEGMENT_BASE, 1, "linux-smbios-anchor",
                      smbios_anchor, sizeof smbios_anchor, error) ||
       !import_pages (self, smbios_base, pages_for (smbios_table->len), "linux-smbios-tables",
                      smbios_table->data, smbios_table->len, error)))
    return FALSE;
  return TRUE;
}

gboolean
_mv_boot_load_linux (const MvBootRun *run,
                     GError         **error)
{
  g_autoptr(MvVmLoader) loader = mv_vm_loader_new (run->importer, run->layout);
  Linux self = {
    .run = run,
    .loader = loader,
    .importer = mv_vm_loader_importer (loader),
  };

  if (cancelled (&self, error) ||
      !load_kernel_and_initrd (&self, error) ||
      cancelled (&self, error) ||
      !load_config (&self, error))
    return FALSE;
  if (run->progress != NULL)
    run->progress (self.total, self.total, run->progress_data);
  return TRUE;
}
