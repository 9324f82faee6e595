/* SPDX-License-Identifier: MIT */
/* IdentityMapBuilder::build for a zero address bias, as upstream fills
 * it: table 0 the PML4 (entry 0 to the PDPT), table 1 the PDPT (entry n
 * to page directory n), tables 2.. the page directories, whose 512
 * entries each map 2 MiB. Entries are little-endian u64s. */
#include "mv-page-table.h"

#include <string.h>

#include "mv-le.h"

#define TABLE_SIZE  4096
#define LARGE_PAGE  ((guint64) 0x200000)

static void
put_entry (guint8  *table,
           guint    index,
           guint64  entry)
{
  mv_le_put (table + (gsize) index * 8, entry, 8);
}

/* PageTableEntry::set_entry: present, accessed, read/write, then the
 * address; a 2 MiB leaf also large and dirty. */
static guint64
table_entry (guint64 address)
{
  return MV_PTE_PRESENT | MV_PTE_ACCESSED | MV_PTE_READ_WRITE | address;
}

static guint64
leaf_2mb_entry (guint64 address)
{
  return table_entry (address) | MV_PTE_LARGE_PAGE | MV_PTE_DIRTY;
}

gsize
mv_page_table_identity_map (guint64           page_table_gpa,
                            MvIdentityMapSize size,
                            guint8           *out)
{
  guint n_directories = size == MV_IDENTITY_MAP_8GB ? 8 : 4;
  guint n_tables = n_directories + 2;
  guint8 *pml4 = out;
  guint8 *pdpt = out + TABLE_SIZE;
  guint64 va = 0;

  g_return_val_if_fail (out != NULL, 0);

  memset (out, 0, MV_PAGE_TABLE_MAX_BYTES);
  put_entry (pml4, 0, table_entry (page_table_gpa + 1 * TABLE_SIZE));

  for (guint d = 0; d < n_directories; d++)
    {
      guint table_index = 2 + d;
      guint8 *directory = out + (gsize) table_index * TABLE_SIZE;

      /* get_amd64_pte_index (va, 2): bits 30..38 of the address. */
      put_entry (pdpt, (guint) ((va >> 30) & 0x1ff),
                 table_entry (page_table_gpa + (guint64) table_index * TABLE_SIZE));
      for (guint e = 0; e < 512; e++)
        {
          put_entry (directory, e, leaf_2mb_entry (va));
          va += LARGE_PAGE;
        }
    }
  return (gsize) n_tables * TABLE_SIZE;
}
