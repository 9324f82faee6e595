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

/* The scenario's diagnostics about what the loader placed (memory beyond
 * RAM): the same ones the window's Diagnostics page and check list. */
static GPtrArray *
boot_warnings (const MvScenario *sc)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; sc->diagnostics != NULL && i < sc->diagnostics->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (sc->diagnostics, i);

      if (d->kind == MV_DIAG_BEYOND_RAM)
        g_ptr_array_add (out, d->message);
    }
  return out;
}

static void
print_json (const MvCliLayout *cl,
            const GArray      *imports,
            const GPtrArray   *warnings)
{
  const MvScenario *sc = cl->scenario;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  /* The layout the loader wrote into, as layout and mtrr give it. */
  mv_json_layout_members (b, cl);
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

  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (warnings, i));
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
  g_auto(MvCliLayoutOptions) o = { .boot = { .command = "boot", .required = TRUE } };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree GOptionEntry *entries = mv_cli_layout_entries (&o, MV_CLI_OPTIONS_LAYOUT |
                                                            MV_CLI_OPTIONS_BOOT);
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  g_autoptr(GArray) imports = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  const char *document = NULL;

  context = mv_cli_context_new ("[FILE.memviz] - run a boot loader", NULL, boot_help);
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
  warnings = boot_warnings (cl.scenario);
  /* Warnings as layout's: in the JSON, or on stderr beside the text;
   * the numbers stay upstream's and the exit status 0. */
  if (o.json)
    print_json (&cl, imports, warnings);
  else
    {
      print_text (&cl, imports);
      for (guint i = 0; i < warnings->len; i++)
        g_printerr ("memviz-cli: warning: %s\n", (const char *) g_ptr_array_index (warnings, i));
    }
  return MV_CLI_EXIT_OK;
}
