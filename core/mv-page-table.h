/* SPDX-License-Identifier: MIT */
/* The x86-64 identity map of OpenVMM's page_table crate
 * (vm/loader/page_table/src/x64.rs, IdentityMapBuilder at 1488a37b),
 * without the address bias, PML4E link and confidential bit that only
 * isolated guests use: one PML4, one PDPT and a page directory of 2 MiB
 * pages per GiB. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Upstream's PAGE_TABLE_MAX_COUNT: the room a caller reserves. */
#define MV_PAGE_TABLE_MAX_COUNT 20
#define MV_PAGE_TABLE_MAX_BYTES (MV_PAGE_TABLE_MAX_COUNT * 4096)

/* Entry bits (x64.rs). */
#define MV_PTE_PRESENT    ((guint64) 1 << 0)
#define MV_PTE_READ_WRITE ((guint64) 1 << 1)
#define MV_PTE_ACCESSED   ((guint64) 1 << 5)
#define MV_PTE_DIRTY      ((guint64) 1 << 6)
#define MV_PTE_LARGE_PAGE ((guint64) 1 << 7)
#define MV_PTE_ADDRESS_MASK ((guint64) 0x000ffffffffff000)

typedef enum
{
  MV_IDENTITY_MAP_4GB,
  MV_IDENTITY_MAP_8GB,
} MvIdentityMapSize;

/* Builds the identity map of the bottom 4 or 8 GiB whose first table
 * lives at @page_table_gpa into @out (MV_PAGE_TABLE_MAX_BYTES bytes, as
 * upstream's buffer) and returns the bytes used: 6 or 10 pages. */
gsize mv_page_table_identity_map (guint64           page_table_gpa,
                                  MvIdentityMapSize size,
                                  guint8           *out);

G_END_DECLS
