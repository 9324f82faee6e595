/* SPDX-License-Identifier: MIT */
/* build_zero_page () (see the header). Everything not named here stays
 * zero, as upstream's zeroed boot_params; the header copy is the 0x77
 * bytes upstream's setup_header has (so kernel_info_offset at 0x268 is
 * not copied). */
#include "mv-zero-page.h"

#include <string.h>

#include "mv-bzimage.h"

/* LOADER_TYPE_UNREGISTERED */
#define LOADER_TYPE 0xff
#define ONE_MB      ((guint64) 0x100000)

static guint64
page_align_up (guint64 n)
{
  return (n + MV_PAGE_MASK) & ~MV_PAGE_MASK;
}

typedef struct
{
  guint8 *page;
  GArray *e820;
  guint   n;
} E820Writer;

static gboolean
push (E820Writer *w,
      guint64     addr,
      guint64     size,
      guint32     type,
      GError    **error)
{
  guint8 *entry;
  MvE820Entry e = { addr, addr + size, type };

  if (size == 0)
    return TRUE;
  if (w->n >= MV_ZERO_PAGE_E820_MAX)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_TOO_MANY_MEMORY_RANGES,
                   "too many memory ranges to fit in the %d-entry e820 map",
                   MV_ZERO_PAGE_E820_MAX);
      return FALSE;
    }
  entry = w->page + MV_ZERO_PAGE_E820_MAP + w->n * MV_ZERO_PAGE_E820_ENTRY_SIZE;
  mv_le_put (entry, addr, 8);
  mv_le_put (entry + 8, size, 8);
  mv_le_put (entry + 16, type, 4);
  g_array_append_val (w->e820, e);
  w->n++;
  return TRUE;
}

gboolean
mv_zero_page_build (const MvLayout         *layout,
                    const MvZeroPageParams *params,
                    guint8                  out[MV_ZERO_PAGE_SIZE],
                    GArray                 *e820,
                    GError                **error)
{
  guint8 *hdr = out + MV_ZERO_PAGE_HDR;
  E820Writer w = { out, e820, 0 };
  const MvRange *first;
  guint64 aligned_acpi_len;
  guint64 acpi_end;
  guint64 aligned_smbios_len;
  guint64 smbios_end;
  guint first_len = e820->len;

  memset (out, 0, MV_ZERO_PAGE_SIZE);

  if (params->setup_header != NULL)
    memcpy (hdr, params->setup_header, MV_SETUP_HEADER_SIZE);
  else
    {
      mv_le_put (out + MV_SETUP_BOOT_FLAG, MV_BZIMAGE_BOOT_FLAG, 2);
      mv_le_put (out + MV_SETUP_HEADER, MV_BZIMAGE_HDRS_MAGIC, 4);
      mv_le_put (out + MV_SETUP_KERNEL_ALIGNMENT, 0x100000, 4);
    }

  /* Upstream writes `as u32`; memviz refuses what that would cut off. */
  if (params->initrd_base > G_MAXUINT32 || params->initrd_size > G_MAXUINT32)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_OVERFLOW,
                   "the initrd at 0x%" G_GINT64_MODIFIER "x (0x%" G_GINT64_MODIFIER
                   "x bytes) does not fit the zero page's 32-bit ramdisk_image and "
                   "ramdisk_size (upstream would truncate them)",
                   params->initrd_base, params->initrd_size);
      return FALSE;
    }
  out[MV_SETUP_TYPE_OF_LOADER] = LOADER_TYPE;
  mv_le_put (out + MV_SETUP_CMD_LINE_PTR, MV_LINUX_CMDLINE_BASE, 4);
  mv_le_put (out + MV_SETUP_CMDLINE_SIZE, params->cmdline_len, 4);
  mv_le_put (out + MV_SETUP_RAMDISK_IMAGE, params->initrd_base, 4);
  mv_le_put (out + MV_SETUP_RAMDISK_SIZE, params->initrd_size, 4);

  /* Upstream expects and asserts these of the first RAM range. */
  if (layout->ram->len == 0)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_RAM,
                   "the layout has no RAM for the zero page's e820 map");
      return FALSE;
    }
  first = &g_array_index (layout->ram, MvRamRange, 0).range;
  if (first->start != 0 || first->end < ONE_MB)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_RAM,
                   "Linux direct boot needs RAM from 0 to at least 1 MiB, but the first RAM "
                   "range is 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x",
                   first->start, first->end);
      return FALSE;
    }

  /* The low map: boot metadata, ACPI, SMBIOS, RAM, legacy BIOS area. */
  if (params->acpi_len > G_MAXUINT64 - MV_PAGE_MASK ||
      params->smbios_len > G_MAXUINT64 - MV_PAGE_MASK)
    goto too_large;
  aligned_acpi_len = page_align_up (params->acpi_len);
  aligned_smbios_len = page_align_up (params->smbios_len);
  if (aligned_acpi_len > MV_LINUX_RSDP_BASE ||
      aligned_smbios_len > MV_LINUX_RSDP_BASE)
    goto too_large;
  acpi_end = MV_LINUX_ACPI_TABLES_BASE + aligned_acpi_len;
  smbios_end = acpi_end + aligned_smbios_len;
  if (smbios_end > MV_LINUX_RSDP_BASE)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_LOW_TABLES_TOO_LARGE,
                   "low-memory tables and boot pages end at 0x%" G_GINT64_MODIFIER
                   "x, past the reserved region at 0x%" G_GINT64_MODIFIER "x "
                   "(ACPI tables 0x%" G_GINT64_MODIFIER "x bytes, SMBIOS 0x%"
                   G_GINT64_MODIFIER "x bytes)", smbios_end, MV_LINUX_RSDP_BASE,
                   params->acpi_len, params->smbios_len);
      return FALSE;
    }

  if (!push (&w, 0, MV_LINUX_ACPI_TABLES_BASE, MV_E820_RAM, error) ||
      !push (&w, MV_LINUX_ACPI_TABLES_BASE, aligned_acpi_len, MV_E820_ACPI, error) ||
      !push (&w, acpi_end, aligned_smbios_len, MV_E820_RESERVED, error) ||
      !push (&w, smbios_end, MV_LINUX_RSDP_BASE - smbios_end, MV_E820_RAM, error) ||
      !push (&w, MV_LINUX_RSDP_BASE, ONE_MB - MV_LINUX_RSDP_BASE, MV_E820_RESERVED, error) ||
      !push (&w, ONE_MB, first->end - ONE_MB, MV_E820_RAM, error))
    goto fail;
  for (guint i = 1; i < layout->ram->len; i++)
    {
      const MvRange *r = &g_array_index (layout->ram, MvRamRange, i).range;

      if (!push (&w, r->start, mv_range_len (r), MV_E820_RAM, error))
        goto fail;
    }
  out[MV_ZERO_PAGE_E820_ENTRIES] = (guint8) w.n;
  return TRUE;

too_large:
  g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_LOW_TABLES_TOO_LARGE,
               "low-memory tables and boot pages end past the reserved region at 0x%"
               G_GINT64_MODIFIER "x (ACPI tables 0x%" G_GINT64_MODIFIER "x bytes, SMBIOS 0x%"
               G_GINT64_MODIFIER "x bytes)", MV_LINUX_RSDP_BASE, params->acpi_len,
               params->smbios_len);
fail:
  g_array_set_size (e820, first_len);
  return FALSE;
}
