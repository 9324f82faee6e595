/* SPDX-License-Identifier: MIT */
/* UEFI's config blob (vm/loader/src/uefi/config.rs) and the blob OpenVMM
 * fills for it (openvmm_core worker/vm_loaders/uefi.rs load_uefi). */
#pragma once

#include <glib.h>

#include "mv-layout.h"

G_BEGIN_DECLS

/* Upstream's BlobStructureType. */
typedef enum
{
  MV_UEFI_BLOB_STRUCTURE_COUNT                  = 0x00,
  MV_UEFI_BLOB_BIOS_INFORMATION                 = 0x01,
  MV_UEFI_BLOB_SRAT                             = 0x02,
  MV_UEFI_BLOB_MEMORY_MAP                       = 0x03,
  MV_UEFI_BLOB_ENTROPY                          = 0x04,
  MV_UEFI_BLOB_BIOS_GUID                        = 0x05,
  MV_UEFI_BLOB_SMBIOS_SYSTEM_SERIAL_NUMBER      = 0x06,
  MV_UEFI_BLOB_SMBIOS_BASE_SERIAL_NUMBER        = 0x07,
  MV_UEFI_BLOB_SMBIOS_CHASSIS_SERIAL_NUMBER     = 0x08,
  MV_UEFI_BLOB_SMBIOS_CHASSIS_ASSET_TAG         = 0x09,
  MV_UEFI_BLOB_SMBIOS_BIOS_LOCK_STRING          = 0x0A,
  MV_UEFI_BLOB_SMBIOS31_PROCESSOR_INFORMATION   = 0x0B,
  MV_UEFI_BLOB_SMBIOS_SOCKET_DESIGNATION        = 0x0C,
  MV_UEFI_BLOB_SMBIOS_PROCESSOR_MANUFACTURER    = 0x0D,
  MV_UEFI_BLOB_SMBIOS_PROCESSOR_VERSION         = 0x0E,
  MV_UEFI_BLOB_SMBIOS_PROCESSOR_SERIAL_NUMBER   = 0x0F,
  MV_UEFI_BLOB_SMBIOS_PROCESSOR_ASSET_TAG       = 0x10,
  MV_UEFI_BLOB_SMBIOS_PROCESSOR_PART_NUMBER     = 0x11,
  MV_UEFI_BLOB_FLAGS                            = 0x12,
  MV_UEFI_BLOB_PROCESSOR_INFORMATION            = 0x13,
  MV_UEFI_BLOB_MMIO_RANGES                      = 0x14,
  MV_UEFI_BLOB_AARCH64_MPIDR                    = 0x15,
  MV_UEFI_BLOB_ACPI_TABLE                       = 0x16,
  MV_UEFI_BLOB_NVDIMM_COUNT                     = 0x17,
  MV_UEFI_BLOB_MADT                             = 0x18,
  MV_UEFI_BLOB_VPCI_INSTANCE_FILTER             = 0x19,
  MV_UEFI_BLOB_SMBIOS_SYSTEM_MANUFACTURER       = 0x1A,
  MV_UEFI_BLOB_SMBIOS_SYSTEM_PRODUCT_NAME       = 0x1B,
  MV_UEFI_BLOB_SMBIOS_SYSTEM_VERSION            = 0x1C,
  MV_UEFI_BLOB_SMBIOS_SYSTEM_SKU_NUMBER         = 0x1D,
  MV_UEFI_BLOB_SMBIOS_SYSTEM_FAMILY             = 0x1E,
  MV_UEFI_BLOB_SMBIOS_MEMORY_DEVICE_SERIAL_NUMBER = 0x1F,
  MV_UEFI_BLOB_SLIT                             = 0x20,
  MV_UEFI_BLOB_ASPT                             = 0x21,
  MV_UEFI_BLOB_PPTT                             = 0x22,
  MV_UEFI_BLOB_GIC                              = 0x23,
  MV_UEFI_BLOB_MCFG                             = 0x24,
  MV_UEFI_BLOB_SSDT                             = 0x25,
  MV_UEFI_BLOB_HMAT                             = 0x26,
  MV_UEFI_BLOB_IORT                             = 0x27,
  MV_UEFI_BLOB_PCIE_BAR_APERTURES               = 0x28,
} MvUefiBlobType;

#define MV_UEFI_BLOB_HEADER_SIZE 8   /* Header: structure_type u32, length u32 */

const char *mv_uefi_blob_type_name (guint32 type);

/* config::Blob: {type, length} headers, each structure padded to 8 bytes,
 * a StructureCount first. */
typedef struct
{
  GByteArray *data;
  guint32     count;
} MvUefiBlob;

void    mv_uefi_blob_init     (MvUefiBlob   *self);
void    mv_uefi_blob_clear    (MvUefiBlob   *self);
void    mv_uefi_blob_add      (MvUefiBlob   *self,
                               guint32       type,
                               const guint8 *data,
                               gsize         len);
GBytes *mv_uefi_blob_complete (MvUefiBlob   *self);

/* config::ConsolePort */
typedef enum
{
  MV_UEFI_CONSOLE_DEFAULT,
  MV_UEFI_CONSOLE_COM1,
  MV_UEFI_CONSOLE_COM2,
  MV_UEFI_CONSOLE_NONE,
} MvUefiConsole;

/* What load_uefi takes besides the layout (UefiLoadSettings, the
 * processor topology, its random entropy and BIOS GUID). */
typedef struct
{
  gboolean      serial;
  gboolean      debugging;
  gboolean      battery;
  gboolean      memory_protections;
  gboolean      frontpage;
  gboolean      tpm;
  gboolean      guest_watchdog;
  gboolean      vpci_boot;
  MvUefiConsole console;
  gboolean      default_boot_always_attempt;
  gboolean      vmbus;
  gboolean      force_dma_bounce;
  guint8        bios_guid[16];
  guint8        entropy[64];
  guint32       processor_count;
  guint32       vps_per_socket;
  gboolean      smt;
} MvUefiSettings;

void    mv_uefi_settings_init (MvUefiSettings       *self,
                               guint                 processor_count);
guint64 mv_uefi_flags         (const MvUefiSettings *self);
GBytes *mv_uefi_config_build  (const MvLayout       *layout,
                               const MvUefiSettings *settings);

G_END_DECLS
