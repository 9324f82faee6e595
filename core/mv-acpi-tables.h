/* SPDX-License-Identifier: MIT */
/* The ACPI tables Linux direct boot places (linux.rs's AcpiTables: an RSDP
 * and the tables it points to). OpenVMM builds them with openvmm_core's
 * ACPI builder (vmm_core/src/acpi_builder.rs), which memviz does not port:
 * the tables are either a stand-in of a given length or real table bytes
 * read from a file, and the RSDP is built as upstream's builder builds it
 * (vm/acpi/src/builder.rs, Builder::rsdp: ACPI 2.0, 36 bytes, no RSDT,
 * both checksums). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MV_ACPI_RSDP_SIZE   36
#define MV_ACPI_HEADER_SIZE 36

/* The stand-in: @size bytes whose first 36 are a valid, empty XSDT header
 * (revision 1, length 36, OpenVMM's OEM ids "HVLITE"/"HVLITETB"/"MSHV",
 * checksum) and the rest zeros; fewer than 36 bytes keep that header's
 * first @size bytes. The XSDT is at offset 0. */
GBytes *mv_acpi_standin_tables (gsize size);

/* Where the XSDT is in @tables: the offset of the table whose signature is
 * "XSDT", walking the tables as the builder lays them out (each table's
 * length rounded up to 8); 0 when none is found. */
gsize   mv_acpi_find_xsdt      (const guint8 *tables,
                                gsize         len);

/* The RSDP pointing at the XSDT at @xsdt_gpa, with @oem_id (6 bytes). */
void    mv_acpi_rsdp           (guint64       xsdt_gpa,
                                const guint8  oem_id[6],
                                guint8        out[MV_ACPI_RSDP_SIZE]);

/* OpenVMM's OEM id, "HVLITE". */
const guint8 *mv_acpi_openvmm_oem_id (void);

G_END_DECLS
