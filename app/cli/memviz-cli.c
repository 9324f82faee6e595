/* SPDX-License-Identifier: MIT */
/* memviz-cli: the loader core from the command line. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mv-cli.h"

static const MvCliCommand commands[] = {
  { "layout", "Build a memory layout (MemoryLayout::new / new_with_numa)", mv_cli_layout_main },
  { "mtrr", "Compute the variable MTRRs for a layout (compute_variable_mtrrs)", mv_cli_mtrr_main },
  { "gdt", "Import the default GDT and decode its descriptors", mv_cli_gdt_main },
  { "import", "Import a file region and print the page map (ChunkBuf::import_file_region)", mv_cli_import_main },
  { "crc32", "CRC-32 of a file (ChunkBuf::crc32)", mv_cli_crc32_main },
  { "render", "Render the map, MTRRs, GDT or page map to PNG, SVG or PDF", mv_cli_render_main },
  { "presets", "List the presets, one a line: name and description", mv_cli_presets_main },
  { "solve", "The fewest variable MTRRs for a layout, beside OpenVMM's", mv_cli_solve_main },
  { "steps", "A lesson: the MTRRs one pair at a time, each change explained", mv_cli_steps_main },
  { "versions", "OpenVMM's upstream versions' MTRRs for one layout, and where they differ", mv_cli_versions_main },
  { "effective", "The effective memory type of every address, beside /proc/mtrr", mv_cli_effective_main },
  { "explain", "How the CPU decides the memory type of one address", mv_cli_explain_main },
  { "proc-mtrr", "The guest's /proc/mtrr lines, as Linux prints them", mv_cli_proc_mtrr_main },
  { "check", "Diagnose the guest's MTRRs (exit 1 on an error)", mv_cli_check_main },
  { "boot", "Run OpenVMM's Linux, UEFI or PCAT loader: imports, registers, e820", mv_cli_boot_main },
  { "decode", "Analyse MTRRs read from /proc/mtrr, a boot log or an MSR dump", mv_cli_decode_main },
  { "igvm", "Read an IGVM file: platforms, pages, parameters, VP contexts", mv_cli_igvm_main },
};

static void
usage (FILE *out)
{
  fprintf (out,
           "Usage: memviz-cli COMMAND [OPTION...]\n"
           "\n"
           "memviz %s: x86 guest memory layouts, MTRRs, GDT and page maps,\n"
           "computed exactly as OpenVMM's loader computes them.\n"
           "\n"
           "Commands:\n", PACKAGE_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out,
           "\n"
           "Every command takes --help, and --json for machine-readable output.\n"
           "Every command that works on a layout reads it from FILE.memviz, --preset NAME\n"
           "or, without either, OpenVMM's default; layout options override what it says\n"
           "(--ram alone keeps OpenVMM's MMIO gaps, --mmio replaces them).\n"
           "Sizes and addresses: decimal or 0x hex, with an optional K M G T P suffix\n"
           "(powers of 1024: KiB ... PiB, and KB ... PB mean the same); a fraction such as\n"
           "1.5G must come to whole 4 KiB pages. Ranges: START-END (end exclusive) or START+SIZE.\n"
           "Exit status: 0 success, 1 a finding (check), 2 bad input.\n"
           "\n"
           "Examples:\n"
           "  memviz-cli mtrr\n"
           "  memviz-cli mtrr --ram 1G\n"
           "  memviz-cli check my-vm.memviz --profile uefi\n"
           "  memviz-cli layout --ram 8G --mmio 0xF8000000-4G --mmio 4G+512M --json\n"
           "  memviz-cli mtrr --help\n");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  mv_cli_watch_stdout ("memviz-cli", MV_CLI_EXIT_BAD);
  /* Past a file-size limit (ulimit -f) a write fails with EFBIG and is
   * reported, rather than SIGXFSZ killing the process mid-file. */
  signal (SIGXFSZ, SIG_IGN);

  if (argc < 2)
    {
      usage (stderr);
      return MV_CLI_EXIT_BAD;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      usage (stdout);
      return MV_CLI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("memviz-cli %s\n", PACKAGE_VERSION);
      return MV_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("memviz-cli %s", commands[i].name);

          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  {
    gboolean json = FALSE;
    g_autoptr(GError) error = NULL;

    for (int i = 2; i < argc; i++)
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
    const char *names[G_N_ELEMENTS (commands) + 1] = { NULL };
    const char *near;

    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      names[i] = commands[i].name;
    near = mv_cli_did_you_mean (argv[1], names);
    if (near != NULL)
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "unknown command \"%s\" (did you mean %s? see memviz-cli --help)", argv[1], near);
    else
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "unknown command \"%s\" (see memviz-cli --help)", argv[1]);
    return mv_cli_fail (json, error);
  }
}
