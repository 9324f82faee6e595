/* SPDX-License-Identifier: MIT */
/* The page tables OpenVMM's UEFI loader builds (vm/loader/page_table
 * x64.rs IdentityMapBuilder, 4 GiB, no address bias, no PML4E link, no
 * confidential bit): a 4 GiB identity map with 2 MiB pages in six tables. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MV_UEFI_PAGE_TABLES_COUNT 6
#define MV_UEFI_PAGE_TABLES_SIZE  (MV_UEFI_PAGE_TABLES_COUNT * 4096)

void mv_uefi_page_tables_build (guint64 gpa,
                                guint8  out[MV_UEFI_PAGE_TABLES_SIZE]);

G_END_DECLS
