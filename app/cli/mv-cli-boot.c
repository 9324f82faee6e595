/* SPDX-License-Identifier: MIT */
/* memviz-cli boot: one of OpenVMM's loaders on a layout, and what it put
 * where: the imports merged as vm_loader keeps them, each with the CRC-32
 * of its guest memory, the registers and the e820 map. */
#include "config.h"

#include "mv-boot-view.h"
#include "mv-cli.h"
#include "mv-parse.h"

static const char boot_help[] =
  "Runs OpenVMM's Linux direct boot, UEFI or PCAT loader (vm/loader) on a\n"
  "layout, reading the kernel, initrd or firmware as the loader does, and\n"
  "prints what it imports (merged by address as OpenVMM's vm_loader keeps\n"
  "them, with the CRC-32 of the guest memory each covers after loading),\n"
  "the registers the boot processor starts with, and the e820 map the\n"
  "guest is told. The layout comes from FILE.memviz (whose [boot] group may\n"
  "name the loader and its files), --preset NAME or OpenVMM's default; the\n"
  "options override what it says.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli boot --loader linux --kernel /boot/vmlinuz --initrd initrd.img\n"
  "  memviz-cli boot --loader linux --kernel vmlinuz --cmdline \"console=ttyS0\" --ram 2G --json\n"
  "  memviz-cli boot --loader pcat --firmware /usr/share/seabios/bios-256k.bin\n"
  "  memviz-cli boot --loader uefi --firmware MSVM.fd --uefi-config empty\n"
  "  memviz-cli boot my-vm.memviz\n";

typedef struct
{
  char    *loader;
  char    *kernel;
  char    *initrd;
  char    *cmdline;
  char    *firmware;
  char    *uefi_config;
  char    *acpi_size;
  char    *acpi_file;
  gboolean no_smbios;
} BootOptions;

static void
boot_options_clear (BootOptions *b)
{
  g_free (b->loader);
  g_free (b->kernel);
  g_free (b->initrd);
  g_free (b->cmdline);
  g_free (b->firmware);
  g_free (b->uefi_config);
  g_free (b->acpi_size);
  g_free (b->acpi_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BootOptions, boot_options_clear)

/* A file option: absolute from the current folder. */
static void
set_path (char       **field,
          const char  *option)
{
  if (option == NULL)
    return;
  g_free (*field);
  *field = *option != '\0' ? g_canonicalize_filename (option, NULL) : NULL;
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

/* The options over the document's [boot]. */
static gboolean
edit_boot (MvDocument *doc,
           gpointer    data,
           GError    **error)
{
  const BootOptions *o = data;
  MvBootConfig *boot = &doc->boot;

  const char *linux_option = o->kernel != NULL ? "--kernel" : o->initrd != NULL ? "--initrd"
                             : o->cmdline != NULL ? "--cmdline" : o->acpi_size != NULL ? "--acpi-size"
                             : o->acpi_file != NULL ? "--acpi-file" : o->no_smbios ? "--no-smbios" : NULL;

  if (o->loader != NULL && !mv_boot_loader_from_string (o->loader, &boot->loader))
    return fail_usage (error, "--loader %s: not a loader (linux, uefi or pcat)", o->loader);
  /* --kernel alone means Linux: only that loader reads one. */
  if (o->loader == NULL && boot->loader == MV_BOOT_LOADER_NONE && linux_option != NULL)
    boot->loader = MV_BOOT_LOADER_LINUX;
  if (boot->loader == MV_BOOT_LOADER_NONE)
    return fail_usage (error, "boot: give --loader linux, uefi or pcat (or a document whose "
                       "[boot] group names a loader)");
  /* An option the loader never reads would be silently ignored. */
  if (linux_option != NULL && boot->loader != MV_BOOT_LOADER_LINUX)
    return fail_usage (error, "boot: %s is for the linux loader, not %s", linux_option,
                       mv_boot_loader_to_string (boot->loader));
  if (o->firmware != NULL && boot->loader == MV_BOOT_LOADER_LINUX)
    return fail_usage (error, "boot: --firmware is for the uefi and pcat loaders, not linux");
  if (o->uefi_config != NULL && boot->loader != MV_BOOT_LOADER_UEFI)
    return fail_usage (error, "boot: --uefi-config is for the uefi loader, not %s",
                       mv_boot_loader_to_string (boot->loader));
  set_path (&boot->kernel, o->kernel);
  set_path (&boot->initrd, o->initrd);
  set_path (&boot->firmware, o->firmware);
  set_path (&boot->acpi_file, o->acpi_file);
  if (o->cmdline != NULL)
    {
      g_free (boot->cmdline);
      boot->cmdline = g_strdup (o->cmdline);
    }
  if (o->uefi_config != NULL && !mv_uefi_config_from_string (o->uefi_config, &boot->uefi_config))
    return fail_usage (error, "--uefi-config %s: expected none, empty or openvmm", o->uefi_config);
  if (o->acpi_size != NULL && !mv_parse_size (o->acpi_size, &boot->acpi_size, error))
    {
      g_prefix_error (error, "--acpi-size %s: ", o->acpi_size);
      return FALSE;
    }
  if (o->no_smbios)
    boot->smbios = FALSE;

  if (boot->loader == MV_BOOT_LOADER_LINUX && boot->kernel == NULL)
    return fail_usage (error, "boot: the linux loader needs a kernel: give --kernel FILE");
  if (boot->loader == MV_BOOT_LOADER_UEFI && boot->firmware == NULL)
    return fail_usage (error, "boot: the uefi loader needs its 6 MiB firmware image: "
                       "give --firmware FILE");
  return TRUE;
}

static void
json_register (JsonBuilder         *b,
               const MvX86Register *r)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, mv_reg_name_to_string (r->name));
  switch (mv_reg_name_kind (r->name))
    {
    case MV_REG_KIND_TABLE:
      mv_json_hex (b, "base", r->table.base);
      mv_json_hex (b, "limit", r->table.limit);
      break;
    case MV_REG_KIND_SEGMENT:
      mv_json_hex (b, "base", r->segment.base);
      mv_json_hex (b, "limit", r->segment.limit);
      mv_json_hex (b, "selector", r->segment.selector);
      mv_json_hex (b, "attributes", r->segment.attributes);
      break;
    case MV_REG_KIND_U64:
    default:
      mv_json_hex (b, "value", r->value);
      break;
    }
  json_builder_end_object (b);
}

static void
print_json (const MvScenario *sc,
            const GArray     *imports)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "loader");
  json_builder_add_string_value (b, mv_boot_loader_to_string (sc->boot.loader));
  mv_json_hex (b, "entry", sc->boot.entry);

  json_builder_set_member_name (b, "imports");
  json_builder_begin_array (b);
  for (guint i = 0; i < imports->len; i++)
    {
      const MvBootImport *im = &g_array_index (imports, MvBootImport, i);
      g_autofree char *crc = g_strdup_printf ("%08x", im->crc32);

      json_builder_begin_object (b);
      mv_json_hex (b, "start", im->start);
      mv_json_hex (b, "end", im->end);
      mv_json_hex (b, "pages", im->pages);
      json_builder_set_member_name (b, "tag");
      json_builder_add_string_value (b, im->tag);
      json_builder_set_member_name (b, "acceptance");
      json_builder_add_string_value (b, mv_acceptance_to_string (im->acceptance));
      json_builder_set_member_name (b, "crc32");
      json_builder_add_string_value (b, crc);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "registers");
  json_builder_begin_array (b);
  for (guint i = 0; i < sc->boot_registers->len; i++)
    json_register (b, &g_array_index (sc->boot_registers, MvX86Register, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "e820");
  json_builder_begin_array (b);
  for (guint i = 0; i < sc->boot.e820->len; i++)
    {
      const MvE820Entry *e = &g_array_index (sc->boot.e820, MvE820Entry, i);

      json_builder_begin_object (b);
      mv_json_hex (b, "start", e->start);
      mv_json_hex (b, "end", e->end);
      json_builder_set_member_name (b, "type");
      json_builder_add_int_value (b, e->type);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  mv_json_print (b);
}

static void
print_text (const MvCliLayout *cl,
            const GArray      *imports)
{
  const MvScenario *sc = cl->scenario;

  g_print ("Loader: %s (OpenVMM vm/loader)\n", mv_boot_loader_to_string (sc->boot.loader));
  if (cl->source != NULL)
    g_print ("Layout: %s\n", cl->source);
  {
    /* The RAM the loader wrote into, whatever options changed it. */
    g_autoptr(GString) ram = g_string_new (NULL);
    g_autofree char *total = NULL;
    guint64 sum = 0;

    for (guint i = 0; i < cl->layout->ram->len; i++)
      {
        const MvRange *r = &g_array_index (cl->layout->ram, MvRamRange, i).range;

        g_string_append_printf (ram, "%s0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x",
                                i > 0 ? ", " : "", r->start, r->end);
        sum += r->end - r->start;
      }
    total = mv_format_size (sum);
    g_print ("RAM:    %s (%s)\n", ram->len > 0 ? ram->str : "none", total);
  }
  g_print ("Entry:  0x%" G_GINT64_MODIFIER "x\n", sc->boot.entry);

  g_print ("\nImports (merged by address, as vm_loader keeps them):\n");
  if (imports->len == 0)
    g_print ("  none (no image was given, as OpenVMM itself runs PCAT)\n");
  for (guint i = 0; i < imports->len; i++)
    {
      const MvBootImport *im = &g_array_index (imports, MvBootImport, i);
      g_autofree char *size = mv_format_size (im->end - im->start);

      g_print ("  0x%010" G_GINT64_MODIFIER "x-0x%010" G_GINT64_MODIFIER "x  %10s  %-20s %-12s "
               "crc32 %08x\n", im->start, im->end, size, im->tag,
               mv_acceptance_to_string (im->acceptance), im->crc32);
    }

  g_print ("\nRegisters, in import order:\n");
  for (guint i = 0; i < sc->boot_registers->len; i++)
    {
      const MvX86Register *r = &g_array_index (sc->boot_registers, MvX86Register, i);
      g_autofree char *value = mv_boot_register_value (r);
      g_autofree char *meaning = mv_boot_register_decode (r);

      g_print ("  %-16s %s%s%s\n", mv_reg_name_to_string (r->name), value,
               meaning != NULL ? "  ; " : "", meaning != NULL ? meaning : "");
    }

  if (sc->boot.e820->len > 0)
    {
      g_print ("\ne820 map (what the zero page tells the guest):\n");
      for (guint i = 0; i < sc->boot.e820->len; i++)
        {
          const MvE820Entry *e = &g_array_index (sc->boot.e820, MvE820Entry, i);

          g_print ("  0x%010" G_GINT64_MODIFIER "x-0x%010" G_GINT64_MODIFIER "x  %u %s\n",
                   e->start, e->end, e->type, mv_e820_type_name (e->type));
        }
    }
}

int
mv_cli_boot_main (int    argc,
                  char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_auto(BootOptions) bo = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree GOptionEntry *entries = mv_cli_layout_entries (&o, MV_CLI_OPTIONS_LAYOUT);
  const GOptionEntry boot_entries[] = {
    { "loader", 0, 0, G_OPTION_ARG_STRING, &bo.loader,
      "The loader: linux, uefi or pcat (default: the document's [boot] loader, or linux given --kernel)", "NAME" },
    { "kernel", 0, 0, G_OPTION_ARG_FILENAME, &bo.kernel,
      "Linux: the kernel, a bzImage or an x86-64 ELF vmlinux", "FILE" },
    { "initrd", 0, 0, G_OPTION_ARG_FILENAME, &bo.initrd, "Linux: the initial ramdisk", "FILE" },
    { "cmdline", 0, 0, G_OPTION_ARG_STRING, &bo.cmdline,
      "Linux: the kernel command line (under 4 KiB)", "TEXT" },
    { "firmware", 0, 0, G_OPTION_ARG_FILENAME, &bo.firmware,
      "UEFI: the 6 MiB firmware image; PCAT: a 256 KiB BIOS (OpenVMM passes none)", "FILE" },
    { "uefi-config", 0, 0, G_OPTION_ARG_STRING, &bo.uefi_config,
      "UEFI: the config blob: none, empty or openvmm (default)", "KIND" },
    { "acpi-size", 0, 0, G_OPTION_ARG_STRING, &bo.acpi_size,
      "Linux: the length of the ACPI tables (a stand-in fill; default 4K)", "SIZE" },
    { "acpi-file", 0, 0, G_OPTION_ARG_FILENAME, &bo.acpi_file,
      "Linux: real ACPI table bytes instead of the stand-in", "FILE" },
    { "no-smbios", 0, 0, G_OPTION_ARG_NONE, &bo.no_smbios,
      "Linux: no SMBIOS tables", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  g_autoptr(GArray) imports = NULL;
  const char *document = NULL;

  o.edit_document = edit_boot;
  o.edit_data = &bo;
  context = mv_cli_context_new ("[FILE.memviz] - run a boot loader", NULL, boot_help);
  g_option_context_add_main_entries (context, boot_entries, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!mv_cli_parse_layout_command (context, "boot", &argc, &argv, &document, &error) ||
      !mv_cli_layout_resolve (&o, document, MV_SCENARIO_TRACE, MV_CLI_NEED_LAYOUT, &cl, &error))
    return mv_cli_fail (o.json, error);

  if (cl.scenario->boot_error != NULL)
    return mv_cli_fail (o.json, cl.scenario->boot_error);
  for (guint i = 0; i < cl.scenario->imports->len; i++)
    {
      const MvImportResult *res = &g_array_index (cl.scenario->imports, MvImportResult, i);

      if (res->error != NULL)
        {
          g_autoptr(GError) copy = g_error_copy (res->error);

          g_prefix_error (&copy, "[import %s]: ", res->name);
          return mv_cli_fail (o.json, copy);
        }
    }

  imports = mv_boot_merge_imports (cl.scenario->recorder);
  if (o.json)
    print_json (cl.scenario, imports);
  else
    print_text (&cl, imports);
  return MV_CLI_EXIT_OK;
}
