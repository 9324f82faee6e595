/* SPDX-License-Identifier: MIT */
/* A port of OpenVMM's UEFI loader for x86-64 (vm/loader/src/uefi/mod.rs
 * x86_64::load at 1488a37b), run as openvmm_core's load_uefi runs it: no
 * isolation, no paravisor, the hypervisor enabled, config type none or a
 * config blob (mv-uefi-config.c). Its imports, in upstream's order:
 *   0x100000  uefi-image        the 6 MiB image, one call
 *   0x700000  uefi-page-tables  6 pages, 4 GiB identity map, 2 MiB pages
 *   0x706000  default-gdt       (with Gdtr and the segment registers)
 *   0x707000  uefi-misc-pages   2 zero pages
 *   0x709000  uefi-config-blob  when there is a blob
 * then the check that RAM holds 0 to the end of the blob, then Cr0, Cr3,
 * Cr4, Efer, Pat, Rbp (the SEC volume), Rip (the SEC entry), R8-R11 (the
 * isolation CPUID leaf: zeros) and the MTRRs (def type 0xc00, 0-0xC0000
 * write-back).
 *
 * Every import and register goes through mv-vm-loader (OpenVMM's
 * vm_loader::Loader, which refuses what is not RAM, overlaps or repeats);
 * the check of RAM from 0 is that Loader's verify_startup_memory_available,
 * ported below. */
#include "mv-boot-private.h"

#include "mv-effective.h"
#include "mv-gdt.h"
#include "mv-page-table.h"
#include "mv-uefi-config.h"
#include "mv-uefi-image.h"
#include "mv-vm-loader.h"

#define IMAGE_GPA_BASE        ((guint64) 0x100000)
#define PAGE_TABLE_GPA_BASE   (IMAGE_GPA_BASE + MV_UEFI_IMAGE_SIZE)
#define PAGE_TABLE_COUNT      6
#define GDT_GPA_BASE          (PAGE_TABLE_GPA_BASE + PAGE_TABLE_COUNT * MV_PAGE_SIZE)
#define MISC_PAGES_GPA_BASE   (GDT_GPA_BASE + MV_PAGE_SIZE)
#define MISC_PAGES_SIZE       (2 * MV_PAGE_SIZE)
#define CONFIG_BLOB_GPA_BASE  (MISC_PAGES_GPA_BASE + MISC_PAGES_SIZE)

G_STATIC_ASSERT (PAGE_TABLE_GPA_BASE == 0x700000);
G_STATIC_ASSERT (GDT_GPA_BASE == 0x706000);
G_STATIC_ASSERT (CONFIG_BLOB_GPA_BASE == 0x709000);

/* x86defs */
#define X64_CR0_PE       ((guint64) 0x1)
#define X64_CR0_MP       ((guint64) 0x2)
#define X64_CR0_NE       ((guint64) 0x20)
#define X64_CR0_PG       ((guint64) 0x80000000)
#define X64_CR4_PAE      ((guint64) 0x20)
#define X64_CR4_MCE      ((guint64) 0x40)
#define X64_CR4_FXSR     ((guint64) 0x200)
#define X64_CR4_XMMEXCPT ((guint64) 0x400)
#define X64_EFER_LME     ((guint64) 0x100)
#define X64_EFER_LMA     ((guint64) 0x400)
#define X64_EFER_NXE     ((guint64) 0x800)

/* import_pages through @importer (the vm_loader), the default GDT with
 * its registers by mv_gdt_import_default; any refusal as a boot error. */
static gboolean
import (MvImporter   *importer,
        guint64       page_base,
        guint64       page_count,
        const char   *tag,
        const guint8 *data,
        gsize         len,
        GError      **error)
{
  GError *inner = NULL;
  gboolean ok;

  if (g_strcmp0 (tag, MV_GDT_DEFAULT_TAG) == 0)
    ok = mv_gdt_import_default (importer, page_base, &inner);
  else
    ok = mv_importer_import_pages (importer, page_base, page_count, tag,
                                   MV_ACCEPTANCE_EXCLUSIVE, data, len, &inner);
  if (ok)
    return TRUE;
  if (inner->domain == MV_BOOT_ERROR)
    g_propagate_error (error, inner);
  else
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IMPORT, "Importer error: %s: %s",
                   tag, inner->message);
      g_error_free (inner);
    }
  return FALSE;
}

/* verify_startup_memory_available (0, @page_count, Ram) as OpenVMM's
 * Loader does it: one RAM range must hold all of it. */
static gboolean
verify_startup_memory (const MvLayout *layout,
                       guint64         page_count,
                       GError        **error)
{
  guint64 end = page_count * MV_PAGE_SIZE;

  for (guint i = 0; i < layout->ram->len; i++)
    {
      const MvRange *r = &g_array_index (layout->ram, MvRamRange, i).range;

      if (r->start == 0)
        {
          if (end <= r->end)
            return TRUE;
          g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_RAM,
                       "UEFI needs RAM from 0 to the end of its config area (0x%" G_GINT64_MODIFIER
                       "x) in one range, but the layout's RAM range at 0 ends at 0x%"
                       G_GINT64_MODIFIER "x (requested memory is not covered fully by the "
                       "corresponding range)", end, r->end);
          return FALSE;
        }
    }
  g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_RAM,
               "UEFI needs RAM from 0 to 0x%" G_GINT64_MODIFIER "x, but the layout has no RAM "
               "at 0 (no valid memory range available)", end);
  return FALSE;
}

/* A register through @importer (the vm_loader: its refusals are boot
 * errors already). */
static gboolean
set_reg (MvImporter *importer,
         MvRegName   name,
         guint64     value,
         GError    **error)
{
  MvX86Register reg = { .name = name, .value = value };

  return mv_importer_import_vp_register (importer, &reg, error);
}

gboolean
_mv_boot_load_uefi (const MvBootRun *run,
                    GError         **error)
{
  const char *path = run->config->firmware;
  g_autoptr(MvVmLoader) loader = mv_vm_loader_new (run->importer, run->layout);
  MvImporter *importer = mv_vm_loader_importer (loader);
  g_autofree guint8 *image = NULL;
  g_autofree guint8 *page_tables = NULL;
  g_autoptr(GBytes) blob = NULL;
  gsize page_tables_len;
  guint64 sec_entry;
  guint64 total_page_count;
  gsize blob_len = 0;
  guint64 entry;

  if (path == NULL || *path == '\0')
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_FAILED,
                   "must provide uefi firmware when booting with uefi");
      return FALSE;
    }

  image = mv_uefi_image_read (path, run->cancellable, run->progress, run->progress_data, error);
  if (image == NULL)
    return FALSE;
  if (!mv_uefi_image_sec_entry (image, MV_UEFI_IMAGE_SIZE, &sec_entry, error))
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_prefix_error (error, "%s: ", shown);
      return FALSE;
    }

  /* IdentityMapBuilder, 4 GiB; upstream asserts the size. */
  page_tables = g_malloc (MV_PAGE_TABLE_MAX_BYTES);
  page_tables_len = mv_page_table_identity_map (PAGE_TABLE_GPA_BASE, MV_IDENTITY_MAP_4GB,
                                                page_tables);
  g_assert (page_tables_len == PAGE_TABLE_COUNT * MV_PAGE_SIZE);

  switch (run->config->uefi_config)
    {
    case MV_UEFI_CONFIG_NONE:
      break;
    case MV_UEFI_CONFIG_EMPTY:
      {
        MvUefiBlob empty;

        mv_uefi_blob_init (&empty);
        blob = mv_uefi_blob_complete (&empty);
      }
      break;
    case MV_UEFI_CONFIG_OPENVMM:
      {
        MvUefiSettings settings;

        mv_uefi_settings_init (&settings, run->config->processor_count);
        blob = mv_uefi_config_build (run->layout, &settings);
      }
      break;
    default:
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_FAILED,
                   "unknown UEFI config type %d", (int) run->config->uefi_config);
      return FALSE;
    }

  if (!import (importer, IMAGE_GPA_BASE / MV_PAGE_SIZE, MV_UEFI_IMAGE_SIZE / MV_PAGE_SIZE,
               "uefi-image", image, MV_UEFI_IMAGE_SIZE, error))
    return FALSE;
  g_clear_pointer (&image, g_free);
  total_page_count = (IMAGE_GPA_BASE + MV_UEFI_IMAGE_SIZE) / MV_PAGE_SIZE;

  if (!import (importer, PAGE_TABLE_GPA_BASE / MV_PAGE_SIZE, PAGE_TABLE_COUNT,
               "uefi-page-tables", page_tables, page_tables_len, error))
    return FALSE;
  total_page_count += PAGE_TABLE_COUNT;

  if (!import (importer, GDT_GPA_BASE / MV_PAGE_SIZE, 1, MV_GDT_DEFAULT_TAG, NULL, 0, error))
    return FALSE;
  total_page_count += 1;

  /* Free pages; UEFI PEI makes hypercalls with them. */
  if (!import (importer, MISC_PAGES_GPA_BASE / MV_PAGE_SIZE, MISC_PAGES_SIZE / MV_PAGE_SIZE,
               "uefi-misc-pages", NULL, 0, error))
    return FALSE;
  total_page_count += MISC_PAGES_SIZE / MV_PAGE_SIZE;

  if (blob != NULL)
    {
      const guint8 *data = g_bytes_get_data (blob, &blob_len);
      guint64 pages = (blob_len + MV_PAGE_MASK) / MV_PAGE_SIZE;

      if (!import (importer, CONFIG_BLOB_GPA_BASE / MV_PAGE_SIZE, pages, "uefi-config-blob",
                   data, blob_len, error))
        return FALSE;
      total_page_count += pages;
    }

  if (!verify_startup_memory (run->layout, total_page_count, error))
    return FALSE;

  entry = IMAGE_GPA_BASE + sec_entry;
  if (!set_reg (importer, MV_REG_CR0, X64_CR0_PG | X64_CR0_NE | X64_CR0_MP | X64_CR0_PE, error) ||
      !set_reg (importer, MV_REG_CR3, PAGE_TABLE_GPA_BASE, error) ||
      !set_reg (importer, MV_REG_CR4, X64_CR4_PAE | X64_CR4_MCE | X64_CR4_FXSR | X64_CR4_XMMEXCPT, error) ||
      !set_reg (importer, MV_REG_EFER, X64_EFER_LMA | X64_EFER_LME | X64_EFER_NXE, error) ||
      !set_reg (importer, MV_REG_PAT, MV_PAT_RESET, error) ||
      !set_reg (importer, MV_REG_RBP, IMAGE_GPA_BASE + MV_UEFI_SEC_VOLUME_OFFSET, error) ||
      !set_reg (importer, MV_REG_RIP, entry, error) ||
      /* HV_HYPERVISOR_ISOLATION_CONFIGURATION: no paravisor, no isolation */
      !set_reg (importer, MV_REG_R8, 0, error) ||
      !set_reg (importer, MV_REG_R9, 0, error) ||
      !set_reg (importer, MV_REG_R10, 0, error) ||
      !set_reg (importer, MV_REG_R11, 0, error) ||
      !set_reg (importer, MV_REG_MTRR_DEF_TYPE, 0xc00, error) ||
      !set_reg (importer, MV_REG_MTRR_FIX64K_00000, G_GUINT64_CONSTANT (0x0606060606060606), error) ||
      !set_reg (importer, MV_REG_MTRR_FIX16K_80000, G_GUINT64_CONSTANT (0x0606060606060606), error))
    return FALSE;

  run->info->entry = entry;
  return TRUE;
}
