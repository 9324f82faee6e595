/* SPDX-License-Identifier: MIT */
/* The stand-in ACPI tables and the RSDP (see the header). */
#include "mv-acpi-tables.h"

#include <string.h>

#include "mv-le.h"

static const guint8 oem_id[6] = { 'H', 'V', 'L', 'I', 'T', 'E' };

const guint8 *
mv_acpi_openvmm_oem_id (void)
{
  return oem_id;
}

static guint8
byte_sum (const guint8 *data,
          gsize         len)
{
  guint8 sum = 0;

  for (gsize i = 0; i < len; i++)
    sum += data[i];
  return sum;
}

GBytes *
mv_acpi_standin_tables (gsize size)
{
  guint8 header[MV_ACPI_HEADER_SIZE] = { 0 };
  guint8 *data = g_malloc0 (MAX (size, 1));

  /* acpi_spec::Header, as Table::append_to_vec fills it for an XSDT with
   * no entries and OpenVMM's OEM_INFO. */
  memcpy (header, "XSDT", 4);
  mv_le_put (header + 4, MV_ACPI_HEADER_SIZE, 4);
  header[8] = 1;                           /* revision */
  memcpy (header + 10, oem_id, 6);
  memcpy (header + 16, "HVLITETB", 8);
  mv_le_put (header + 24, 0, 4);              /* oem_revision */
  memcpy (header + 28, "MSHV", 4);         /* creator_id */
  mv_le_put (header + 32, 0, 4);              /* creator_revision */
  header[9] = (guint8) (0 - byte_sum (header, sizeof header));

  memcpy (data, header, MIN (size, sizeof header));
  return g_bytes_new_take (data, size);
}

gsize
mv_acpi_find_xsdt (const guint8 *tables,
                   gsize         len)
{
  gsize offset = 0;

  while (len - offset >= 8)
    {
      guint64 table_len = mv_le_get (tables + offset + 4, 4);
      guint64 step = (table_len + 7) & ~(guint64) 7;

      if (memcmp (tables + offset, "XSDT", 4) == 0)
        return offset;
      if (table_len < 8 || step > len - offset)
        break;
      offset += (gsize) step;
    }
  return 0;
}

void
mv_acpi_rsdp (guint64      xsdt_gpa,
              const guint8 id[6],
              guint8       out[MV_ACPI_RSDP_SIZE])
{
  memset (out, 0, MV_ACPI_RSDP_SIZE);
  memcpy (out, "RSD PTR ", 8);
  memcpy (out + 9, id, 6);
  out[15] = 2;                             /* revision */
  mv_le_put (out + 16, 0, 4);                 /* rsdt */
  mv_le_put (out + 20, MV_ACPI_RSDP_SIZE, 4); /* length */
  mv_le_put (out + 24, xsdt_gpa, 8);
  out[8] = (guint8) (0 - byte_sum (out, 20));
  out[32] = (guint8) (0 - byte_sum (out, MV_ACPI_RSDP_SIZE));
}
