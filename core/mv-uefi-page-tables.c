/* SPDX-License-Identifier: MIT */
/* A port of IdentityMapBuilder::build (vm/loader/page_table/src/x64.rs)
 * for the one case the UEFI loader uses: Size4Gb, no address bias, no
 * PML4E link, no confidential bit. Table 0 is the PML4, table 1 the PDPT,
 * tables 2-5 the page directories, each entry a 2 MiB page.
 *
 * Linux direct boot builds the same map at 0x4000 (linux.rs); the
 * boot-linux branch writes it as mv-page-table.[ch]. When both are
 * merged, one of the two builders goes. */
#include "mv-uefi-page-tables.h"

#include <string.h>

/* x64.rs: X64_PTE_* */
#define PTE_PRESENT    ((guint64) 1 << 0)
#define PTE_READ_WRITE ((guint64) 1 << 1)
#define PTE_ACCESSED   ((guint64) 1 << 5)
#define PTE_DIRTY      ((guint64) 1 << 6)
#define PTE_LARGE_PAGE ((guint64) 1 << 7)

#define TABLE_SIZE      4096
#define ENTRY_COUNT     512
#define LARGE_PAGE_SIZE ((guint64) 0x200000)

/* PageTableEntry::set_entry: Pde (a link to a table) or Leaf2MbPage. */
#define PDE_BITS     (PTE_PRESENT | PTE_ACCESSED | PTE_READ_WRITE)
#define LEAF_2M_BITS (PDE_BITS | PTE_LARGE_PAGE | PTE_DIRTY)

static void
put_entry (guint8  *out,
           guint    table,
           guint    index,
           guint64  value)
{
  guint8 *p = out + (gsize) table * TABLE_SIZE + (gsize) index * 8;

  for (guint i = 0; i < 8; i++)
    p[i] = (guint8) (value >> (8 * i));
}

/**
 * mv_uefi_page_tables_build:
 * @gpa: where the tables go (page aligned; upstream's page_table_gpa)
 * @out: (out caller-allocates): the six tables' bytes
 */
void
mv_uefi_page_tables_build (guint64 gpa,
                           guint8  out[MV_UEFI_PAGE_TABLES_SIZE])
{
  guint64 va = 0;

  g_return_if_fail ((gpa & (TABLE_SIZE - 1)) == 0);

  memset (out, 0, MV_UEFI_PAGE_TABLES_SIZE);

  /* PML4E 0 links the PDPT (table 1). */
  put_entry (out, 0, 0, (gpa + 1 * TABLE_SIZE) | PDE_BITS);

  /* One page directory per GiB: PDPT entry i links table 2 + i, whose
   * 512 entries map the GiB with 2 MiB pages. */
  for (guint pd = 0; pd < MV_UEFI_PAGE_TABLES_COUNT - 2; pd++)
    {
      guint table = 2 + pd;

      put_entry (out, 1, (guint) ((va >> 30) & 0x1ff), (gpa + (guint64) table * TABLE_SIZE) | PDE_BITS);
      for (guint i = 0; i < ENTRY_COUNT; i++)
        {
          put_entry (out, table, i, va | LEAF_2M_BITS);
          va += LARGE_PAGE_SIZE;
        }
    }
}
