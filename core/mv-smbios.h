/* SPDX-License-Identifier: MIT */
/* OpenVMM's SMBIOS 3.x builder (vm/loader/src/smbios.rs and smbios/spec.rs
 * at 1488a37b): a 24-byte `_SM3_` entry point and a structure table of
 * Type 0 (BIOS), Type 1 (System) and Type 127 (end of table); and the
 * identity OpenVMM gives every direct-boot VM (default_smbios_tables () in
 * openvmm_core's worker/vm_loaders/linux.rs). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MV_SMBIOS_ENTRY_POINT_SIZE 0x18

typedef struct
{
  /* Type 0 */
  const char *bios_vendor;
  const char *bios_version;
  const char *bios_release_date;
  guint8      bios_major;
  guint8      bios_minor;
  /* Type 1 */
  const char *manufacturer;
  const char *product_name;
  const char *version;
  const char *serial_number;
  const char *sku_number;
  const char *family;
  guint8      uuid[16];
} MvSmbiosTables;

const MvSmbiosTables *mv_smbios_default_tables (void);

/* Builds the entry point (whose table address is @table_gpa) into
 * @entry_point and the structure table into @structure_table. */
void mv_smbios_build (const MvSmbiosTables *tables,
                      guint64               table_gpa,
                      guint8                entry_point[MV_SMBIOS_ENTRY_POINT_SIZE],
                      GByteArray           *structure_table);

G_END_DECLS
