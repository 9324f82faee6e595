/* SPDX-License-Identifier: MIT */
/* OpenVMM's boot loaders (vm/loader/src at 1488a37b): Linux direct boot,
 * UEFI and PCAT, run on real files against an MvImporter. What a loader
 * imports goes to the importer (pages and registers, in upstream's call
 * order); what it tells the guest besides (the e820 map) and where it
 * starts comes back in MvBootInfo. */
#pragma once

#include <gio/gio.h>

#include "mv-importer.h"
#include "mv-layout.h"

G_BEGIN_DECLS

#define MV_BOOT_ERROR (mv_boot_error_quark ())

/* Upstream's error kinds, by loader; mv_boot_error_name () gives upstream's
 * name for each (e.g. "ProtocolTooOld"). */
typedef enum
{
  MV_BOOT_ERROR_FAILED,              /* anything else; the message says what */
  MV_BOOT_ERROR_IO,                  /* a file cannot be read (names it) */
  MV_BOOT_ERROR_CANCELLED,
  /* Linux (linux.rs, bzimage.rs, elf.rs; OVERLAP and NO_RAM are what
   * OpenVMM's vm_loader::Loader refuses, see mv-vm-loader.h) */
  MV_BOOT_ERROR_BZIMAGE_MAGIC,       /* no 0xAA55 boot flag or "HdrS" */
  MV_BOOT_ERROR_BZIMAGE_PROTOCOL,    /* boot protocol older than 2.12 */
  MV_BOOT_ERROR_BZIMAGE_NOT_LOADED_HIGH, /* LOADED_HIGH not in loadflags */
  MV_BOOT_ERROR_BZIMAGE_NOT_64BIT,   /* XLF_KERNEL_64 not in xloadflags */
  MV_BOOT_ERROR_ELF_MAGIC,           /* neither a bzImage nor an ELF64 file */
  MV_BOOT_ERROR_ELF_NOT_X86_64,
  MV_BOOT_ERROR_ELF_BELOW_1MB,       /* a PT_LOAD below 1 MiB */
  MV_BOOT_ERROR_OVERLAP,             /* kernel, initrd or tables overlap */
  MV_BOOT_ERROR_CMDLINE_TOO_LONG,    /* 4 KiB or more with its NUL */
  MV_BOOT_ERROR_NO_RAM,              /* an import or the zero page needs RAM the layout lacks */
  MV_BOOT_ERROR_BZIMAGE_TRUNCATED,   /* protected-mode code too short for the entry */
  MV_BOOT_ERROR_ELF_READ_HEADER,     /* shorter than an ELF64 header */
  MV_BOOT_ERROR_ELF_BIG_ENDIAN,
  MV_BOOT_ERROR_ELF_ENTRY,           /* e_entry below 1 MiB */
  MV_BOOT_ERROR_ELF_PROGRAM_HEADER,  /* program headers unreadable */
  MV_BOOT_ERROR_LOW_TABLES_TOO_LARGE, /* ACPI + SMBIOS tables reach 0xE0000 */
  MV_BOOT_ERROR_TOO_MANY_MEMORY_RANGES, /* over 128 e820 entries */
  MV_BOOT_ERROR_EMPTY_ACPI_TABLES,
  MV_BOOT_ERROR_OVERFLOW,            /* where upstream's arithmetic would overflow */
  /* UEFI (uefi/mod.rs) */
  MV_BOOT_ERROR_FIRMWARE_SIZE,       /* not exactly 6 MiB */
  MV_BOOT_ERROR_NO_SEC_ENTRY,
  /* PCAT (pcat.rs) */
  MV_BOOT_ERROR_PCAT_SIZE,
  MV_BOOT_ERROR_IMPORT,              /* the importer refused an import */
} MvBootError;

GQuark      mv_boot_error_quark (void);
const char *mv_boot_error_name  (int code);

typedef enum
{
  MV_BOOT_LOADER_NONE,
  MV_BOOT_LOADER_LINUX,
  MV_BOOT_LOADER_UEFI,
  MV_BOOT_LOADER_PCAT,
} MvBootLoader;

/* What UEFI's config blob holds: nothing at all (no blob imported), an
 * empty blob, or the blob OpenVMM builds from the layout. */
typedef enum
{
  MV_UEFI_CONFIG_NONE,
  MV_UEFI_CONFIG_EMPTY,
  MV_UEFI_CONFIG_OPENVMM,
} MvUefiConfig;

/* One page: about what OpenVMM's builder makes for a small VM (DSDT,
 * FADT, MADT, SRAT, XSDT). */
#define MV_BOOT_ACPI_DEFAULT_SIZE ((guint64) 4096)

typedef struct
{
  MvBootLoader loader;
  /* Absolute paths (a document resolves its relative ones); NULL when
   * not given. */
  char        *kernel;
  char        *initrd;
  char        *cmdline;         /* NULL or "" for none */
  char        *firmware;        /* UEFI image, or PCAT BIOS (NULL: none) */
  MvUefiConfig uefi_config;
  guint64      acpi_size;       /* Linux: length of the stand-in ACPI tables
                                 * (MV_BOOT_ACPI_DEFAULT_SIZE is a typical one) */
  char        *acpi_file;       /* Linux: real table bytes, or NULL for the stand-in */
  gboolean     smbios;          /* Linux: import OpenVMM's default SMBIOS tables */
  guint        processor_count; /* UEFI config blob; 1 when 0 */
} MvBootConfig;

void mv_boot_config_clear (MvBootConfig *config);

/* An e820 entry as the zero page carries it. */
typedef struct
{
  guint64 start;
  guint64 end;        /* exclusive */
  guint32 type;       /* 1 RAM, 2 reserved, 3 ACPI, 4 NVS, ... */
} MvE820Entry;

/* Memory a loader gives an image beyond the layout's RAM without
 * importing it there, which upstream places so and does not check (the
 * imports themselves are all RAM, or refused with MV_BOOT_ERROR_NO_RAM):
 * a bzImage's init_size, where its decompressor works. */
typedef struct
{
  const char *tag;           /* the import it belongs to: "linux-kernel" */
  const char *what;          /* what the range is, in words */
  guint64     start;
  guint64     end;           /* exclusive */
  guint64     ram_end;       /* where the RAM from @start ends */
} MvBootBeyondRam;

typedef struct
{
  MvBootLoader loader;
  guint64      entry;        /* the Rip the loader sets */
  GArray      *e820;         /* MvE820Entry (Linux), else empty */
  GArray      *beyond_ram;   /* MvBootBeyondRam */
} MvBootInfo;

void mv_boot_info_clear (MvBootInfo *info);

/* Progress through the files' bytes (both counts in bytes). */
typedef void (*MvBootProgress) (guint64  done,
                                guint64  total,
                                gpointer user_data);

/**
 * mv_boot_load:
 * Runs @config's loader on @layout, importing into @importer exactly as
 * upstream's loader does. Kernel and initrd are streamed in 64 KiB chunks
 * (never read whole); the UEFI image, 6 MiB, is read whole because
 * upstream imports it in one call.
 * On failure, @error has an MV_BOOT_ERROR code and a sentence naming the
 * file or value at fault; what was imported before stays imported.
 */
gboolean mv_boot_load (const MvBootConfig *config,
                       const MvLayout     *layout,
                       MvImporter         *importer,
                       MvBootInfo         *info,
                       GCancellable       *cancellable,
                       MvBootProgress      progress,
                       gpointer            progress_data,
                       GError            **error);

const char *mv_boot_loader_to_string   (MvBootLoader  loader);
gboolean    mv_boot_loader_from_string (const char   *text,
                                        MvBootLoader *out);

G_END_DECLS
