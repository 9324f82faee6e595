/* SPDX-License-Identifier: MIT */
/* smbios::build, byte for byte: handles 0, 1, 2 in order; a string set per
 * structure where an empty string is index 0 and a string stops at its
 * first NUL (a C string does by itself); a structure without strings ends
 * in two NULs. */
#include "mv-smbios.h"

#include <string.h>

#include "mv-le.h"

#define TYPE0_LENGTH   0x1a
#define TYPE1_LENGTH   0x1b
#define TYPE127_LENGTH 0x04

/* spec.rs */
#define BIOS_CHARACTERISTICS_PCI_SUPPORTED ((guint64) 1 << 7)
#define BIOS_CHARACTERISTICS_EXT1_ACPI     (1 << 0)
#define BIOS_CHARACTERISTICS_EXT2_VM       (1 << 4)
#define WAKE_UP_TYPE_POWER_SWITCH          0x06

static const MvSmbiosTables default_tables = {
  .bios_vendor = "OpenVMM",
  .bios_version = "OpenVMM Direct",
  .bios_release_date = "06/19/2026",
  .bios_major = 0,
  .bios_minor = 0,
  .manufacturer = "OpenVMM",
  .product_name = "OpenVMM Virtual Machine",
  .version = "",
  .serial_number = "",
  .sku_number = "",
  .family = "",
  .uuid = { 0 },
};

const MvSmbiosTables *
mv_smbios_default_tables (void)
{
  return &default_tables;
}

typedef struct
{
  const char *strings[8];
  guint       n;
} StringSet;

static guint8
string_set_add (StringSet  *set,
                const char *s)
{
  if (s == NULL || *s == '\0')
    return 0;
  g_assert (set->n < G_N_ELEMENTS (set->strings));
  set->strings[set->n++] = s;
  return (guint8) set->n;
}

static void
string_set_write (const StringSet *set,
                  GByteArray      *out)
{
  static const guint8 nul[2] = { 0, 0 };

  if (set->n == 0)
    {
      g_byte_array_append (out, nul, 2);
      return;
    }
  for (guint i = 0; i < set->n; i++)
    g_byte_array_append (out, (const guint8 *) set->strings[i], strlen (set->strings[i]) + 1);
  g_byte_array_append (out, nul, 1);
}

void
mv_smbios_build (const MvSmbiosTables *tables,
                 guint64               table_gpa,
                 guint8                entry_point[MV_SMBIOS_ENTRY_POINT_SIZE],
                 GByteArray           *out)
{
  guint16 handle = 0;
  guint8 sum = 0;

  g_byte_array_set_size (out, 0);

  /* Type 0: BIOS Information. */
  {
    StringSet strings = { { NULL }, 0 };
    guint8 t[TYPE0_LENGTH] = { 0 };

    t[0] = 0;
    t[1] = TYPE0_LENGTH;
    mv_le_put (t + 2, handle++, 2);
    t[4] = string_set_add (&strings, tables->bios_vendor);
    t[5] = string_set_add (&strings, tables->bios_version);
    /* t[6..8] bios_segment 0 */
    t[8] = string_set_add (&strings, tables->bios_release_date);
    /* t[9] bios_size 0 */
    mv_le_put (t + 10, BIOS_CHARACTERISTICS_PCI_SUPPORTED, 8);
    t[18] = BIOS_CHARACTERISTICS_EXT1_ACPI;
    t[19] = BIOS_CHARACTERISTICS_EXT2_VM;
    t[20] = tables->bios_major;
    t[21] = tables->bios_minor;
    t[22] = 0xff;   /* embedded controller major */
    t[23] = 0xff;   /* and minor */
    /* t[24..26] ext_rom_size 0 */
    g_byte_array_append (out, t, sizeof t);
    string_set_write (&strings, out);
  }

  /* Type 1: System Information. */
  {
    StringSet strings = { { NULL }, 0 };
    guint8 t[TYPE1_LENGTH] = { 0 };

    t[0] = 1;
    t[1] = TYPE1_LENGTH;
    mv_le_put (t + 2, handle++, 2);
    t[4] = string_set_add (&strings, tables->manufacturer);
    t[5] = string_set_add (&strings, tables->product_name);
    t[6] = string_set_add (&strings, tables->version);
    t[7] = string_set_add (&strings, tables->serial_number);
    memcpy (t + 8, tables->uuid, 16);
    t[24] = WAKE_UP_TYPE_POWER_SWITCH;
    t[25] = string_set_add (&strings, tables->sku_number);
    t[26] = string_set_add (&strings, tables->family);
    g_byte_array_append (out, t, sizeof t);
    string_set_write (&strings, out);
  }

  /* Type 127: End of Table, no strings. */
  {
    guint8 t[TYPE127_LENGTH + 2] = { 127, TYPE127_LENGTH, 0, 0, 0, 0 };

    mv_le_put (t + 2, handle++, 2);
    g_byte_array_append (out, t, sizeof t);
  }

  /* The 64-bit entry point, its byte sum made zero. */
  memset (entry_point, 0, MV_SMBIOS_ENTRY_POINT_SIZE);
  memcpy (entry_point, "_SM3_", 5);
  entry_point[6] = MV_SMBIOS_ENTRY_POINT_SIZE;
  entry_point[7] = 3;     /* major */
  entry_point[8] = 1;     /* minor */
  entry_point[9] = 0;     /* docrev */
  entry_point[10] = 0x01; /* entry point revision */
  mv_le_put (entry_point + 12, out->len, 4);
  mv_le_put (entry_point + 16, table_gpa, 8);
  for (guint i = 0; i < MV_SMBIOS_ENTRY_POINT_SIZE; i++)
    sum += entry_point[i];
  entry_point[5] = (guint8) (0 - sum);
}
