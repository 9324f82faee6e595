/* SPDX-License-Identifier: MIT */
/* The Linux zero page (loader_defs::linux::boot_params, 4096 bytes) as
 * OpenVMM's build_zero_page () fills it (vm/loader/src/linux.rs at
 * 1488a37b), with the e820 map it makes of the layout; and the fixed
 * sub-1 MiB map of Linux direct boot that the map describes. */
#pragma once

#include "mv-boot.h"
#include "mv-page-table.h"

G_BEGIN_DECLS

/* linux.rs's low-memory constants. */
#define MV_LINUX_GDT_BASE          ((guint64) 0x1000)
#define MV_LINUX_ZERO_PAGE_BASE    ((guint64) 0x2000)
#define MV_LINUX_CMDLINE_BASE      ((guint64) 0x3000)
#define MV_LINUX_CR3_BASE          ((guint64) 0x4000)
#define MV_LINUX_LOW_METADATA_END  (MV_LINUX_CR3_BASE + MV_PAGE_TABLE_MAX_BYTES)   /* 0x18000 */
#define MV_LINUX_ACPI_TABLES_BASE  (MV_LINUX_LOW_METADATA_END + 0x1000)            /* 0x19000 */
#define MV_LINUX_RSDP_BASE         ((guint64) 0xe0000)
#define MV_LINUX_SMBIOS_FSEGMENT_BASE ((guint64) 0xf0000)
#define MV_LINUX_KERNEL_BASE       ((guint64) 0x100000)

/* boot_params layout. */
#define MV_ZERO_PAGE_SIZE          4096
#define MV_ZERO_PAGE_E820_ENTRIES  0x1e8
#define MV_ZERO_PAGE_HDR           0x1f1
#define MV_ZERO_PAGE_E820_MAP      0x2d0
#define MV_ZERO_PAGE_E820_ENTRY_SIZE 20
#define MV_ZERO_PAGE_E820_MAX      128

#define MV_E820_RAM      1
#define MV_E820_RESERVED 2
#define MV_E820_ACPI     3

typedef struct
{
  const guint8 *setup_header;   /* the bzImage's 0x77 bytes, or NULL (ELF) */
  guint64       acpi_len;       /* bytes of the ACPI tables */
  guint64       smbios_len;     /* bytes of the SMBIOS structure table, 0 without */
  guint64       cmdline_len;    /* without its NUL */
  guint64       initrd_base;    /* 0 without an initrd */
  guint64       initrd_size;
} MvZeroPageParams;

/* build_zero_page (): fills @out and appends the e820 map to @e820
 * (MvE820Entry). Fails with LowTablesTooLarge, TooManyMemoryRanges, NoRam
 * (the first RAM range must start at 0 and reach 1 MiB, where upstream
 * asserts) or Overflow (upstream truncates the initrd's address and size
 * to 32 bits). */
gboolean mv_zero_page_build (const MvLayout         *layout,
                             const MvZeroPageParams *params,
                             guint8                  out[MV_ZERO_PAGE_SIZE],
                             GArray                 *e820,
                             GError                **error);

G_END_DECLS
