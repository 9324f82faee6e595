/* SPDX-License-Identifier: MIT */
/* The boot options memviz-cli boot and render share (--loader, --kernel,
 * --initrd, --cmdline, --firmware, --uefi-config, --acpi-size, --acpi-file,
 * --no-smbios): parsed here once, over the document's [boot] group, so
 * that both commands say the same about them and refuse the same. */
#include "config.h"

#include "mv-cli.h"
#include "mv-parse.h"

/**
 * mv_cli_boot_entries:
 * Appends the boot options, writing into @b, to @entries (GOptionEntry).
 */
void
mv_cli_boot_entries (MvCliBootOptions *b,
                     GArray           *entries)
{
  const GOptionEntry boot[] = {
    { "loader", 0, 0, G_OPTION_ARG_STRING, &b->loader,
      "The loader: linux, uefi or pcat (default: the document's [boot] loader, or linux given --kernel)", "NAME" },
    { "kernel", 0, 0, G_OPTION_ARG_FILENAME, &b->kernel,
      "Linux: the kernel, a bzImage or an x86-64 ELF vmlinux", "FILE" },
    { "initrd", 0, 0, G_OPTION_ARG_FILENAME, &b->initrd, "Linux: the initial ramdisk", "FILE" },
    { "cmdline", 0, 0, G_OPTION_ARG_STRING, &b->cmdline,
      "Linux: the kernel command line (under 4 KiB)", "TEXT" },
    { "firmware", 0, 0, G_OPTION_ARG_FILENAME, &b->firmware,
      "UEFI: the 6 MiB firmware image; PCAT: a 256 KiB BIOS (OpenVMM passes none)", "FILE" },
    { "uefi-config", 0, 0, G_OPTION_ARG_STRING, &b->uefi_config,
      "UEFI: the config blob: none, empty or openvmm (default)", "KIND" },
    { "acpi-size", 0, 0, G_OPTION_ARG_STRING, &b->acpi_size,
      "Linux: the length of the ACPI tables (a stand-in fill; default 4K)", "SIZE" },
    { "acpi-file", 0, 0, G_OPTION_ARG_FILENAME, &b->acpi_file,
      "Linux: real ACPI table bytes instead of the stand-in", "FILE" },
    { "no-smbios", 0, 0, G_OPTION_ARG_NONE, &b->no_smbios,
      "Linux: no SMBIOS tables", NULL },
  };

  g_array_append_vals (entries, boot, G_N_ELEMENTS (boot));
}

void
mv_cli_boot_options_clear (MvCliBootOptions *b)
{
  g_clear_pointer (&b->loader, g_free);
  g_clear_pointer (&b->kernel, g_free);
  g_clear_pointer (&b->initrd, g_free);
  g_clear_pointer (&b->cmdline, g_free);
  g_clear_pointer (&b->firmware, g_free);
  g_clear_pointer (&b->uefi_config, g_free);
  g_clear_pointer (&b->acpi_size, g_free);
  g_clear_pointer (&b->acpi_file, g_free);
}

/* The first option given that only the Linux loader reads, or NULL. */
static const char *
linux_option (const MvCliBootOptions *b)
{
  return b->kernel != NULL ? "--kernel" : b->initrd != NULL ? "--initrd"
         : b->cmdline != NULL ? "--cmdline" : b->acpi_size != NULL ? "--acpi-size"
         : b->acpi_file != NULL ? "--acpi-file" : b->no_smbios ? "--no-smbios" : NULL;
}

/**
 * mv_cli_boot_options_given:
 * Whether any boot option was given.
 */
gboolean
mv_cli_boot_options_given (const MvCliBootOptions *b)
{
  return b->loader != NULL || linux_option (b) != NULL || b->firmware != NULL ||
         b->uefi_config != NULL;
}

static gboolean fail_usage (GError    **error,
                            const char *format,
                            ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail_usage (GError    **error,
            const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (MV_CLI_ERROR, MV_CLI_ERROR_USAGE, format, args));
  va_end (args);
  return FALSE;
}

/* A file option replaces the document's file: absolute from the current
 * folder ("" for none). Before the outside-files check (@drop_only), the
 * document's file it replaces is only dropped, so that the check sees
 * the files the document itself still names. */
static void
set_path (char       **field,
          const char  *option,
          gboolean     drop_only)
{
  if (option == NULL)
    return;
  g_clear_pointer (field, g_free);
  if (!drop_only && *option != '\0')
    *field = g_canonicalize_filename (option, NULL);
}

static void
set_paths (const MvCliBootOptions *b,
           MvBootConfig           *boot,
           gboolean                drop_only)
{
  set_path (&boot->kernel, b->kernel, drop_only);
  set_path (&boot->initrd, b->initrd, drop_only);
  set_path (&boot->firmware, b->firmware, drop_only);
  set_path (&boot->acpi_file, b->acpi_file, drop_only);
}

/**
 * mv_cli_boot_choose:
 * The first half of the boot options over @doc's [boot], before the
 * outside-files check: the loader (--loader, or linux for --kernel and
 * the other Linux options when the document names none), the options
 * that loader never reads refused, the document's files the options
 * replace dropped. So the check sees the files of the loader that will
 * run (a document's kernel is checked when --loader linux makes it read),
 * not the ones the command line replaces. Nothing when no option was
 * given and @b->required is FALSE.
 */
gboolean
mv_cli_boot_choose (const MvCliBootOptions *b,
                    MvDocument             *doc,
                    GError                **error)
{
  MvBootConfig *boot = &doc->boot;
  const char *lx = linux_option (b);
  const char *command = b->command != NULL ? b->command : "boot";

  if (!b->required && !mv_cli_boot_options_given (b))
    return TRUE;
  if (b->loader != NULL && !mv_boot_loader_from_string (b->loader, &boot->loader))
    return fail_usage (error, "--loader %s: not a loader (linux, uefi or pcat)", b->loader);
  /* --kernel alone means Linux: only that loader reads one. */
  if (b->loader == NULL && boot->loader == MV_BOOT_LOADER_NONE && lx != NULL)
    boot->loader = MV_BOOT_LOADER_LINUX;
  if (boot->loader == MV_BOOT_LOADER_NONE)
    return fail_usage (error, "%s: give --loader linux, uefi or pcat (or a document whose "
                       "[boot] group names a loader)", command);
  /* An option the loader never reads would be silently ignored. */
  if (lx != NULL && boot->loader != MV_BOOT_LOADER_LINUX)
    return fail_usage (error, "%s: %s is for the linux loader, not %s", command, lx,
                       mv_boot_loader_to_string (boot->loader));
  if (b->firmware != NULL && boot->loader == MV_BOOT_LOADER_LINUX)
    return fail_usage (error, "%s: --firmware is for the uefi and pcat loaders, not linux", command);
  if (b->uefi_config != NULL && boot->loader != MV_BOOT_LOADER_UEFI)
    return fail_usage (error, "%s: --uefi-config is for the uefi loader, not %s", command,
                       mv_boot_loader_to_string (boot->loader));
  set_paths (b, boot, TRUE);
  return TRUE;
}

/**
 * mv_cli_boot_apply:
 * The second half, after the outside-files check: the options' files,
 * command line, config blob, ACPI and SMBIOS choices, and what the loader
 * still needs (a kernel, UEFI's firmware) refused as missing.
 */
gboolean
mv_cli_boot_apply (const MvCliBootOptions *b,
                   MvDocument             *doc,
                   GError                **error)
{
  MvBootConfig *boot = &doc->boot;
  const char *command = b->command != NULL ? b->command : "boot";

  if (!b->required && !mv_cli_boot_options_given (b))
    return TRUE;
  set_paths (b, boot, FALSE);
  if (b->cmdline != NULL)
    {
      g_free (boot->cmdline);
      boot->cmdline = g_strdup (b->cmdline);
    }
  if (b->uefi_config != NULL && !mv_uefi_config_from_string (b->uefi_config, &boot->uefi_config))
    return fail_usage (error, "--uefi-config %s: expected none, empty or openvmm", b->uefi_config);
  if (b->acpi_size != NULL && !mv_parse_size (b->acpi_size, &boot->acpi_size, error))
    {
      g_prefix_error (error, "--acpi-size %s: ", b->acpi_size);
      return FALSE;
    }
  if (b->no_smbios)
    boot->smbios = FALSE;

  if (boot->loader == MV_BOOT_LOADER_LINUX && boot->kernel == NULL)
    return fail_usage (error, "%s: the linux loader needs a kernel: give --kernel FILE", command);
  if (boot->loader == MV_BOOT_LOADER_UEFI && boot->firmware == NULL)
    return fail_usage (error, "%s: the uefi loader needs its 6 MiB firmware image: "
                       "give --firmware FILE", command);
  return TRUE;
}
