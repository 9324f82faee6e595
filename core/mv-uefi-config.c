/* SPDX-License-Identifier: MIT */
/* A port of config::Blob (vm/loader/src/uefi/config.rs) and of the blob
 * openvmm_core's load_uefi (worker/vm_loaders/uefi.rs) fills, in its
 * order: BiosInformation, MemoryMap, BiosGuid, Entropy, MmioRanges,
 * ProcessorInformation, Flags, then its ACPI tables and PCIe entries.
 *
 * What the layout does not say takes these defaults (mv_uefi_settings_init):
 * - the settings of `openvmm --uefi` with no other option: COM1 on the
 *   console (so serial controllers enabled), hibernation enabled, the
 *   front page shown, VMBus present, MTRRs initialised at load, PCI
 *   resources pre-assigned; no debugger, TPM, battery, watchdog, VPCI
 *   boot, memory protections or DMA bounce; console Default. Flags
 *   0x90000041.
 * - entropy and BIOS GUID: OpenVMM draws both at random for every boot;
 *   memviz puts zeros, so the blob is the same on every run.
 * - processors: MvBootConfig's processor_count (1 when 0), one per socket
 *   without SMT (TopologyBuilder::new_x86; OpenVMM itself reads the
 *   socket size and SMT from the host's CPUID unless --vps-per-socket or
 *   --smt say).
 * - MMIO ranges: the chipset gaps mv_mtrr_default_chipset_gaps picks (the
 *   first gap ending at 4 GiB, the first at or above 4 GiB); a missing one
 *   is the empty range at 4 GiB, as OpenVMM gives with no high MMIO.
 * - the ACPI tables (MADT, SRAT, ... from OpenVMM's ACPI builder, not
 *   ported) and the PCIe SSDT and BAR apertures are left out. */
#include "mv-uefi-config.h"

#include <string.h>

#include "mv-le.h"
#include "mv-mtrr.h"
#include "mv-uefi-image.h"

/* Upstream's names, indexed by type. */
static const char *const blob_type_names[] = {
  "StructureCount", "BiosInformation", "Srat", "MemoryMap", "Entropy", "BiosGuid",
  "SmbiosSystemSerialNumber", "SmbiosBaseSerialNumber", "SmbiosChassisSerialNumber",
  "SmbiosChassisAssetTag", "SmbiosBiosLockString", "Smbios31ProcessorInformation",
  "SmbiosSocketDesignation", "SmbiosProcessorManufacturer", "SmbiosProcessorVersion",
  "SmbiosProcessorSerialNumber", "SmbiosProcessorAssetTag", "SmbiosProcessorPartNumber",
  "Flags", "ProcessorInformation", "MmioRanges", "Aarch64Mpidr", "AcpiTable",
  "NvdimmCount", "Madt", "VpciInstanceFilter", "SmbiosSystemManufacturer",
  "SmbiosSystemProductName", "SmbiosSystemVersion", "SmbiosSystemSkuNumber",
  "SmbiosSystemFamily", "SmbiosMemoryDeviceSerialNumber", "Slit", "Aspt", "Pptt", "Gic",
  "Mcfg", "Ssdt", "Hmat", "Iort", "PcieBarApertures",
};

G_STATIC_ASSERT (G_N_ELEMENTS (blob_type_names) == MV_UEFI_BLOB_PCIE_BAR_APERTURES + 1);

/**
 * mv_uefi_blob_type_name:
 * Returns: upstream's name for @type, or NULL for an unknown type
 */
const char *
mv_uefi_blob_type_name (guint32 type)
{
  return type < G_N_ELEMENTS (blob_type_names) ? blob_type_names[type] : NULL;
}

/* ---- config::Blob --------------------------------------------------------- */

#define put_u32(p, v) mv_le_put ((p), (v), 4)
#define put_u64(p, v) mv_le_put ((p), (v), 8)

/**
 * mv_uefi_blob_init:
 * Blob::new (): an empty blob holding the StructureCount placeholder.
 */
void
mv_uefi_blob_init (MvUefiBlob *self)
{
  guint8 zero[8] = { 0 };

  self->data = g_byte_array_new ();
  self->count = 0;
  mv_uefi_blob_add (self, MV_UEFI_BLOB_STRUCTURE_COUNT, zero, sizeof zero);
}

void
mv_uefi_blob_clear (MvUefiBlob *self)
{
  g_clear_pointer (&self->data, g_byte_array_unref);
  self->count = 0;
}

/**
 * mv_uefi_blob_add:
 * Blob::add_raw (): a header whose length counts itself and the data
 * padded with zeros to 8 bytes, then the data and the padding.
 */
void
mv_uefi_blob_add (MvUefiBlob   *self,
                  guint32       type,
                  const guint8 *data,
                  gsize         len)
{
  static const guint8 pad[8] = { 0 };
  gsize aligned = (len + 7) & ~(gsize) 7;
  guint8 header[MV_UEFI_BLOB_HEADER_SIZE];

  g_return_if_fail (self->data != NULL);
  g_return_if_fail (aligned <= G_MAXUINT32 - MV_UEFI_BLOB_HEADER_SIZE);

  put_u32 (header, type);
  put_u32 (header + 4, (guint32) (MV_UEFI_BLOB_HEADER_SIZE + aligned));
  g_byte_array_append (self->data, header, sizeof header);
  if (len > 0)
    g_byte_array_append (self->data, data, (guint) len);
  g_byte_array_append (self->data, pad, (guint) (aligned - len));
  self->count++;
}

/**
 * mv_uefi_blob_complete:
 * Blob::complete (): fills the StructureCount (structures, bytes) and
 * hands the bytes over; @self is cleared.
 *
 * Returns: (transfer full): the blob's bytes
 */
GBytes *
mv_uefi_blob_complete (MvUefiBlob *self)
{
  g_return_val_if_fail (self->data != NULL, NULL);

  put_u32 (self->data->data + MV_UEFI_BLOB_HEADER_SIZE, self->count);
  put_u32 (self->data->data + MV_UEFI_BLOB_HEADER_SIZE + 4, self->data->len);
  self->count = 0;
  return g_byte_array_free_to_bytes (g_steal_pointer (&self->data));
}

/* ---- what OpenVMM puts in it ---------------------------------------------- */

/**
 * mv_uefi_settings_init:
 * The defaults described at the top of this file.
 */
void
mv_uefi_settings_init (MvUefiSettings *self,
                       guint           processor_count)
{
  memset (self, 0, sizeof *self);
  self->serial = TRUE;
  self->frontpage = TRUE;
  self->console = MV_UEFI_CONSOLE_DEFAULT;
  self->vmbus = TRUE;
  self->processor_count = processor_count > 0 ? processor_count : 1;
  self->vps_per_socket = 1;
  self->smt = FALSE;
}

/**
 * mv_uefi_flags:
 * config::Flags as load_uefi sets them from @self.
 */
guint64
mv_uefi_flags (const MvUefiSettings *self)
{
  guint64 flags = 0;

#define FLAG(bit, on) (flags |= (on) ? (guint64) 1 << (bit) : 0)
  FLAG (0, self->serial);                      /* serial_controllers_enabled */
  FLAG (3, self->debugging);                   /* debugger_enabled */
  FLAG (5, self->tpm);                         /* tpm_enabled */
  FLAG (6, TRUE);                              /* hibernate_enabled */
  flags |= (guint64) (self->console & 3) << 7; /* console, 2 bits */
  FLAG (10, self->battery);                    /* virtual_battery_enabled */
  FLAG (13, self->tpm);                        /* measure_additional_pcrs */
  FLAG (14, !self->frontpage);                 /* disable_frontpage */
  FLAG (15, self->default_boot_always_attempt);
  FLAG (17, self->vpci_boot);                  /* vpci_boot_enabled */
  /* memory_protection, 2 bits: Default (1) or Disabled (0) */
  flags |= (guint64) (self->memory_protections ? 1 : 0) << 21;
  FLAG (24, self->guest_watchdog);             /* watchdog_enabled */
  FLAG (25, self->tpm);                        /* tpm_locality_regs_enabled */
  FLAG (28, TRUE);                             /* mtrrs_initialized_at_load */
  FLAG (30, !self->vmbus);                     /* vmbus_disabled */
  FLAG (31, TRUE);                             /* pci_resources_pre_assigned */
  FLAG (32, self->force_dma_bounce);           /* force_dma_bounce_enabled */
#undef FLAG
  return flags;
}

static guint32
next_power_of_two (guint32 v)
{
  guint32 p = 1;

  while (p < v)
    p <<= 1;
  return p;
}

static void
put_mmio (guint8        *p,
          const MvRange *gap)
{
  MvRange r = mv_range_is_empty (gap) ? (MvRange) { MV_FOUR_GB, MV_FOUR_GB } : *gap;

  put_u64 (p, r.start / MV_PAGE_SIZE);               /* mmio_page_number_start */
  put_u64 (p + 8, mv_range_len (&r) / MV_PAGE_SIZE); /* mmio_size_in_pages */
}

/**
 * mv_uefi_config_build:
 * The blob load_uefi builds for @layout with @settings.
 *
 * Returns: (transfer full): its bytes, completed
 */
GBytes *
mv_uefi_config_build (const MvLayout       *layout,
                      const MvUefiSettings *settings)
{
  MvUefiBlob blob;
  g_autofree guint8 *memory_map = NULL;
  guint n_ram = layout->ram->len;
  guint8 bios_information[8];
  guint8 mmio[32];
  guint8 processors[16];
  guint8 flags[8];
  MvRange low;
  MvRange high;
  guint32 vps_per_socket;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  mv_uefi_blob_init (&blob);

  /* BiosInformation: bios_size_pages, flags */
  put_u32 (bios_information, (guint32) (MV_UEFI_IMAGE_SIZE / MV_PAGE_SIZE));
  put_u32 (bios_information + 4, 0);
  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_BIOS_INFORMATION, bios_information, sizeof bios_information);

  /* MemoryMap: a MemoryRangeV5 (base, length, flags 0, reserved 0) per
   * RAM range of the layout. */
  memory_map = g_malloc0_n (MAX (n_ram, 1), 24);
  for (guint i = 0; i < n_ram; i++)
    {
      const MvRamRange *r = &g_array_index (layout->ram, MvRamRange, i);

      put_u64 (memory_map + 24 * i, r->range.start);
      put_u64 (memory_map + 24 * i + 8, mv_range_len (&r->range));
    }
  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_MEMORY_MAP, memory_map, (gsize) n_ram * 24);

  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_BIOS_GUID, settings->bios_guid, sizeof settings->bios_guid);
  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_ENTROPY, settings->entropy, sizeof settings->entropy);

  /* MmioRanges: the chipset's low and high MMIO */
  mv_mtrr_default_chipset_gaps (layout, &low, &high);
  put_mmio (mmio, &low);
  put_mmio (mmio + 16, &high);
  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_MMIO_RANGES, mmio, sizeof mmio);

  /* ProcessorInformation: max and present counts, the socket size rounded
   * up to a power of two (reserved_vps_per_socket), threads per core
   * (SMT counts only with more than one processor per socket) */
  vps_per_socket = CLAMP (settings->vps_per_socket, 1, 32768);
  put_u32 (processors, settings->processor_count);
  put_u32 (processors + 4, settings->processor_count);
  put_u32 (processors + 8, next_power_of_two (vps_per_socket));
  put_u32 (processors + 12, settings->smt && vps_per_socket > 1 ? 2 : 1);
  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_PROCESSOR_INFORMATION, processors, sizeof processors);

  put_u64 (flags, mv_uefi_flags (settings));
  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_FLAGS, flags, sizeof flags);

  return mv_uefi_blob_complete (&blob);
}
