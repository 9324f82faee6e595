/* SPDX-License-Identifier: MIT */
/* memviz-cli layout, memviz-cli mtrr */
#include "config.h"

#include "mv-cli.h"
#include "mv-mtrr.h"
#include "mv-parse.h"

static const char layout_help[] =
  "Builds a memory layout the way OpenVMM's MemoryLayout does and prints it.\n"
  "The layout comes from FILE.memviz, --preset NAME or, without either,\n"
  "OpenVMM's default x86_64 layout; the options override what it says.\n"
  "--ram alone keeps OpenVMM's MMIO gaps (128 MiB below 4 GiB, 512 MiB above\n"
  "RAM); --mmio replaces them.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli layout --ram 1.5G\n"
  "  memviz-cli layout my-vm.memviz --ram 16G\n"
  "  memviz-cli layout --ram 8G --mmio 0xF8000000-4G --mmio 4G+512M\n"
  "  memviz-cli layout --numa 2G,2G --mmio 3G-4G --probe 3G --json\n"
  "  memviz-cli layout --ram 1T --mmio 1G-2G --pci-ecam 2047G+1G --vtl2 4T+64M\n";

int
mv_cli_layout_main (int    argc,
                    char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree GOptionEntry *entries = mv_cli_layout_entries (&o, MV_CLI_OPTIONS_PROBES);
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  const char *document = NULL;

  context = mv_cli_context_new ("[FILE.memviz] - print a memory layout", NULL, layout_help);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!mv_cli_parse_layout_command (context, "layout", &argc, &argv, &document, &error) ||
      !mv_cli_layout_resolve (&o, document, MV_SCENARIO_SKIP_FILES, MV_CLI_NEED_LAYOUT, &cl, &error))
    return mv_cli_fail (o.json, error);

  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      mv_json_layout (b, &cl);
      mv_json_print (b);
    }
  else
    mv_print_layout (cl.layout, cl.probes, cl.source);

  return MV_CLI_EXIT_OK;
}

static const char mtrr_help[] =
  "Computes the variable MTRRs OpenVMM programs for a layout\n"
  "(compute_variable_mtrrs), bit for bit.\n"
  "The layout comes from FILE.memviz, --preset NAME or, without either,\n"
  "OpenVMM's default x86_64 layout; the options override what it says.\n"
  "--ram alone keeps OpenVMM's MMIO gaps (128 MiB below 4 GiB, 512 MiB above\n"
  "RAM); --mmio replaces them.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli mtrr\n"
  "  memviz-cli mtrr --ram 1G\n"
  "  memviz-cli mtrr --preset pcat --width 40\n"
  "  memviz-cli mtrr --ram 8G --mmio 0xF8000000-4G --mmio 4G+512M --width 40\n"
  "  memviz-cli mtrr --ram 8G --mmio 0xF8000000-4G --high-mmio 0-0 --json\n";

/* The range a contiguous mask describes from the programmed base. */
static void
print_pair (guint64 base,
            guint64 mask,
            guint   index)
{
  guint64 size_bits = mask & ~(guint64) 0xfff;
  guint64 size = size_bits != 0 ? (size_bits & -size_bits) : 0;
  guint64 pbase = base & ~(guint64) 0xfff;
  g_autofree char *size_text = size ? mv_format_size (size) : g_strdup ("all");

  g_print ("  pair %u  MtrrPhysBase%u=0x%016" G_GINT64_MODIFIER "x  MtrrPhysMask%u=0x%016"
           G_GINT64_MODIFIER "x  type %s, %s, programmed 0x%" G_GINT64_MODIFIER "x size %s\n",
           index, index, base, index, mask,
           (base & 0xff) == 6 ? "WB" : "?", (mask & (1 << 11)) ? "valid" : "not valid",
           pbase, size_text);
}

int
mv_cli_mtrr_main (int    argc,
                  char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree GOptionEntry *entries = mv_cli_layout_entries (&o, MV_CLI_OPTIONS_MTRR);
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  const char *document = NULL;
  GArray *regs;

  context = mv_cli_context_new ("[FILE.memviz] - compute the variable MTRRs for a layout", NULL,
                                mtrr_help);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!mv_cli_parse_layout_command (context, "mtrr", &argc, &argv, &document, &error) ||
      !mv_cli_layout_resolve (&o, document, MV_SCENARIO_SKIP_FILES, MV_CLI_NEED_MTRRS, &cl, &error))
    return mv_cli_fail (o.json, error);
  regs = cl.scenario->variable_mtrrs;

  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mv_json_layout_members (b, &cl);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, cl.width);
      json_builder_set_member_name (b, "effective_width");
      json_builder_add_int_value (b, mv_mtrr_clamp_width (cl.width));
      mv_json_string (b, "openvmm_version", mv_openvmm_version_to_string (cl.doc->openvmm_version));
      json_builder_set_member_name (b, "registers");
      json_builder_begin_array (b);
      for (guint i = 0; i < regs->len; i++)
        {
          const MvX86Register *r = &g_array_index (regs, MvX86Register, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, mv_reg_name_to_string (r->name));
          mv_json_hex (b, "value", r->value);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      mv_json_print (b);
    }
  else
    {
      guint8 used = mv_mtrr_clamp_width (cl.width);

      mv_print_layout (cl.layout, NULL, cl.source);
      g_print ("\nChipset MMIO: low 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x, ",
               cl.low_mmio.start, cl.low_mmio.end);
      if (mv_range_is_empty (&cl.high_mmio))
        g_print ("no high gap\n");
      else
        g_print ("high 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x\n",
                 cl.high_mmio.start, cl.high_mmio.end);
      if (used != cl.width)
        g_print ("Address width %u, clamped to %u as upstream does\n", cl.width, used);
      else
        g_print ("Address width %u\n", used);
      if (cl.doc->openvmm_version != MV_OPENVMM_VERSION_DEFAULT)
        g_print ("OpenVMM version %s: %s, upstream %s%s\n",
                 mv_openvmm_version_to_string (cl.doc->openvmm_version),
                 mv_openvmm_version_title (cl.doc->openvmm_version),
                 mv_openvmm_version_commit (cl.doc->openvmm_version),
                 cl.doc->openvmm_version == MV_OPENVMM_VERSION_PRE_3550
                 ? "; it reads the layout's MMIO gaps, not the chipset gaps above" : "");

      g_print ("\nVariable MTRRs (%u pairs, in the order upstream imports them):\n", regs->len / 2);
      for (guint i = 0; i + 1 < regs->len; i += 2)
        print_pair (g_array_index (regs, MvX86Register, i).value,
                    g_array_index (regs, MvX86Register, i + 1).value, i / 2);
    }

  return MV_CLI_EXIT_OK;
}
