/* SPDX-License-Identifier: MIT */
/* mv_boot_load (): checks its arguments and hands the run to the loader's
 * own file (mv-boot-linux.c, mv-boot-uefi.c, mv-boot-pcat.c). */
#include "mv-boot-private.h"

#include "mv-enum.h"

G_DEFINE_QUARK (mv-boot-error-quark, mv_boot_error)

/* Upstream's names for its errors (linux.rs, bzimage.rs, elf.rs,
 * uefi/mod.rs, pcat.rs). */
static const MvEnumName error_names[] = {
  { MV_BOOT_ERROR_FAILED, "Failed" },
  { MV_BOOT_ERROR_IO, "Io" },
  { MV_BOOT_ERROR_CANCELLED, "Cancelled" },
  { MV_BOOT_ERROR_BZIMAGE_MAGIC, "NotBzImage" },
  { MV_BOOT_ERROR_BZIMAGE_PROTOCOL, "ProtocolTooOld" },
  { MV_BOOT_ERROR_BZIMAGE_NOT_LOADED_HIGH, "NotLoadedHigh" },
  { MV_BOOT_ERROR_BZIMAGE_NOT_64BIT, "No64BitEntry" },
  { MV_BOOT_ERROR_ELF_MAGIC, "InvalidFileHeader" },
  { MV_BOOT_ERROR_ELF_NOT_X86_64, "TargetMachineMismatch" },
  { MV_BOOT_ERROR_ELF_BELOW_1MB, "InvalidProgramHeaderMemoryOffset" },
  { MV_BOOT_ERROR_OVERLAP, "Overlap" },
  { MV_BOOT_ERROR_CMDLINE_TOO_LONG, "CommandLineTooLong" },
  { MV_BOOT_ERROR_NO_RAM, "NoRam" },
  { MV_BOOT_ERROR_BZIMAGE_TRUNCATED, "Truncated" },
  { MV_BOOT_ERROR_ELF_READ_HEADER, "ReadFileHeader" },
  { MV_BOOT_ERROR_ELF_BIG_ENDIAN, "BigEndianElfOnLittle" },
  { MV_BOOT_ERROR_ELF_ENTRY, "InvalidEntryAddress" },
  { MV_BOOT_ERROR_ELF_PROGRAM_HEADER, "InvalidProgramHeader" },
  { MV_BOOT_ERROR_LOW_TABLES_TOO_LARGE, "LowTablesTooLarge" },
  { MV_BOOT_ERROR_TOO_MANY_MEMORY_RANGES, "TooManyMemoryRanges" },
  { MV_BOOT_ERROR_EMPTY_ACPI_TABLES, "EmptyAcpiTables" },
  { MV_BOOT_ERROR_OVERFLOW, "Overflow" },
  { MV_BOOT_ERROR_FIRMWARE_SIZE, "InvalidImageSize" },
  { MV_BOOT_ERROR_NO_SEC_ENTRY, "NoSecEntryPoint" },
  { MV_BOOT_ERROR_PCAT_SIZE, "InvalidImageSize" },
  { MV_BOOT_ERROR_IMPORT, "Importer" },
};

const char *
mv_boot_error_name (int code)
{
  const char *name = mv_enum_to_string (error_names, G_N_ELEMENTS (error_names), code);

  return name != NULL ? name : "Unknown";
}

static const MvEnumName loader_names[] = {
  { MV_BOOT_LOADER_NONE, "none" },
  { MV_BOOT_LOADER_LINUX, "linux" },
  { MV_BOOT_LOADER_UEFI, "uefi" },
  { MV_BOOT_LOADER_PCAT, "pcat" },
};

const char *
mv_boot_loader_to_string (MvBootLoader loader)
{
  return mv_enum_to_string (loader_names, G_N_ELEMENTS (loader_names), loader);
}

gboolean
mv_boot_loader_from_string (const char   *text,
                            MvBootLoader *out)
{
  int v;

  if (!mv_enum_from_string (loader_names, G_N_ELEMENTS (loader_names), text, TRUE, &v))
    return FALSE;
  *out = (MvBootLoader) v;
  return TRUE;
}

void
mv_boot_config_clear (MvBootConfig *config)
{
  g_clear_pointer (&config->kernel, g_free);
  g_clear_pointer (&config->initrd, g_free);
  g_clear_pointer (&config->cmdline, g_free);
  g_clear_pointer (&config->firmware, g_free);
  g_clear_pointer (&config->acpi_file, g_free);
}

void
mv_boot_info_clear (MvBootInfo *info)
{
  g_clear_pointer (&info->e820, g_array_unref);
  g_clear_pointer (&info->beyond_ram, g_array_unref);
}

gboolean
mv_boot_load (const MvBootConfig *config,
              const MvLayout     *layout,
              MvImporter         *importer,
              MvBootInfo         *info,
              GCancellable       *cancellable,
              MvBootProgress      progress,
              gpointer            progress_data,
              GError            **error)
{
  MvBootRun run = {
    .config = config,
    .layout = layout,
    .importer = importer,
    .info = info,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
  };

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (importer != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info->loader = config->loader;
  info->entry = 0;
  if (info->e820 == NULL)
    info->e820 = g_array_new (FALSE, FALSE, sizeof (MvE820Entry));
  g_array_set_size (info->e820, 0);
  if (info->beyond_ram == NULL)
    info->beyond_ram = g_array_new (FALSE, FALSE, sizeof (MvBootBeyondRam));
  g_array_set_size (info->beyond_ram, 0);

  switch (config->loader)
    {
    case MV_BOOT_LOADER_NONE:
      return TRUE;
    case MV_BOOT_LOADER_LINUX:
      return _mv_boot_load_linux (&run, error);
    case MV_BOOT_LOADER_UEFI:
      return _mv_boot_load_uefi (&run, error);
    case MV_BOOT_LOADER_PCAT:
      return _mv_boot_load_pcat (&run, error);
    default:
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_FAILED,
                   "unknown boot loader %d", (int) config->loader);
      return FALSE;
    }
}
