/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mv-cli.h"
#include "mv-file-import.h"
#include "mv-gdt.h"
#include "mv-mtrr-text.h"
#include "mv-mtrr.h"
#include "mv-parse.h"
#include "mv-presets.h"
#include "mv-render.h"

G_DEFINE_QUARK (mv-cli-error-quark, mv_cli_error)

/* --json seen on the command line, so that errors found while parsing the
 * options still come out as JSON. */
static gboolean json_requested;

/* OpenVMM's default x86_64 layout: 8 GiB of RAM, a 128 MiB low MMIO gap
 * ending at 4 GiB, and a 512 MiB high MMIO gap placed above RAM. */
#define DEFAULT_RAM      ((guint64) 8 << 30)
#define DEFAULT_LOW_MMIO ((MvRange) { 0xF8000000, 0x100000000 })
#define DEFAULT_HIGH_MMIO ((MvRange) { 0x208000000, 0x228000000 })

const char *
mv_cli_error_kind (const GError *error)
{
  if (error->domain == MV_LAYOUT_ERROR)
    return mv_layout_error_name (error->code);
  if (error->domain == MV_MTRR_ERROR)
    return mv_mtrr_error_name (error->code);
  if (error->domain == MV_FILE_IMPORT_ERROR)
    return mv_file_import_error_name (error->code);
  if (error->domain == MV_GDT_ERROR)
    return mv_gdt_error_name (error->code);
  if (error->domain == MV_RANGE_ERROR)
    return "BadRange";
  if (error->domain == MV_MTRR_TEXT_ERROR)
    return error->code == MV_MTRR_TEXT_ERROR_NOTHING_FOUND ? "NothingFound"
           : error->code == MV_MTRR_TEXT_ERROR_UNREADABLE ? "Unreadable" : "BadWidth";
  if (error->domain == MV_PARSE_ERROR)
    return "BadNumber";
  if (error->domain == MV_RENDER_ERROR)
    return error->code == MV_RENDER_ERROR_FORMAT ? "Usage"
           : error->code == MV_RENDER_ERROR_CAIRO ? "File" : "BadSize";
  if (error->domain == MV_PRESET_ERROR)
    return "UnknownPreset";
  if (error->domain == G_OPTION_ERROR || (error->domain == MV_CLI_ERROR &&
                                          error->code == MV_CLI_ERROR_USAGE))
    return "Usage";
  if (error->domain == G_FILE_ERROR)
    return "File";
  return "Input";
}

/**
 * mv_cli_fail_full:
 * @extra: (nullable): adds members of its own beside "error"
 *
 * Reports @error: one line on stderr, and with --json the error object
 * on stdout. Returns the exit status for bad input.
 */
int
mv_cli_fail_full (gboolean        json,
                  const GError   *error,
                  MvCliJsonExtra  extra,
                  gconstpointer   extra_data)
{
  g_printerr ("memviz-cli: %s\n", error->message);

  if (json || json_requested)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "error");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, mv_cli_error_kind (error));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, error->message);
      json_builder_end_object (b);
      if (extra != NULL)
        extra (b, extra_data);
      json_builder_end_object (b);
      mv_json_print (b);
    }
  return MV_CLI_EXIT_BAD;
}

int
mv_cli_fail (gboolean      json,
             const GError *error)
{
  return mv_cli_fail_full (json, error, NULL, NULL);
}

GOptionContext *
mv_cli_context_new (const char *parameter,
                    const char *summary,
                    const char *description)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  g_option_context_set_help_enabled (context, TRUE);
  return context;
}

gboolean
mv_cli_parse_options (GOptionContext *context,
                      int            *argc,
                      char         ***argv,
                      GError        **error)
{
  for (int i = 1; i < *argc; i++)
    {
      if (g_str_equal ((*argv)[i], "--"))
        break;
      if (g_str_equal ((*argv)[i], "--json"))
        json_requested = TRUE;
    }

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  return TRUE;
}

GOptionEntry *
mv_cli_layout_entries (MvCliLayoutOptions *o,
                       gboolean            with_mtrr,
                       gboolean            with_probes)
{
  GArray *entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  const GOptionEntry layout[] = {
    { "ram", 0, 0, G_OPTION_ARG_STRING, &o->ram,
      "RAM size (upstream MemoryLayout::new), e.g. 8G, 0x200000000, \"8 GiB\"", "SIZE" },
    { "numa", 0, 0, G_OPTION_ARG_STRING, &o->numa,
      "NUMA node sizes, comma separated (MemoryLayout::new_with_numa); \"\" is the empty list", "SIZE[,SIZE...]" },
    { "mmio", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->mmio,
      "An MMIO gap, START-END (end exclusive) or START+SIZE; repeat for more", "RANGE" },
    { "pci-ecam", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->pci_ecam,
      "A PCI ECAM gap; repeat for more", "RANGE" },
    { "pci-mmio", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->pci_mmio,
      "A PCI MMIO gap; repeat for more", "RANGE" },
    { "vtl2", 0, 0, G_OPTION_ARG_STRING, &o->vtl2,
      "The VTL2 range", "RANGE" },
  };
  const GOptionEntry probes[] = {
    { "probe", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->probes,
      "An address to probe (upstream probe_address); repeat for more", "ADDR" },
  };
  const GOptionEntry mtrr[] = {
    { "low-mmio", 0, 0, G_OPTION_ARG_STRING, &o->low_mmio,
      "Chipset low MMIO gap (default: the MMIO gap ending at 4 GiB; 0-0 for none)", "RANGE" },
    { "high-mmio", 0, 0, G_OPTION_ARG_STRING, &o->high_mmio,
      "Chipset high MMIO gap (default: the first MMIO gap at or above 4 GiB; 0-0 for none)", "RANGE" },
    { "width", 0, 0, G_OPTION_ARG_STRING, &o->width,
      "Physical address width, 0..255 (default 46; upstream clamps it to 36..52)", "N" },
  };
  const GOptionEntry common[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, "Write JSON instead of text", NULL },
  };

  g_array_append_vals (entries, layout, G_N_ELEMENTS (layout));
  if (with_probes)
    g_array_append_vals (entries, probes, G_N_ELEMENTS (probes));
  if (with_mtrr)
    g_array_append_vals (entries, mtrr, G_N_ELEMENTS (mtrr));
  g_array_append_vals (entries, common, G_N_ELEMENTS (common));
  return (GOptionEntry *) g_array_free (entries, FALSE);
}

void
mv_cli_layout_options_clear (MvCliLayoutOptions *o)
{
  g_clear_pointer (&o->ram, g_free);
  g_clear_pointer (&o->numa, g_free);
  g_clear_pointer (&o->mmio, g_strfreev);
  g_clear_pointer (&o->pci_ecam, g_strfreev);
  g_clear_pointer (&o->pci_mmio, g_strfreev);
  g_clear_pointer (&o->vtl2, g_free);
  g_clear_pointer (&o->probes, g_strfreev);
  g_clear_pointer (&o->low_mmio, g_free);
  g_clear_pointer (&o->high_mmio, g_free);
  g_clear_pointer (&o->width, g_free);
}

void
mv_cli_layout_clear (MvCliLayout *cl)
{
  g_clear_pointer (&cl->layout, mv_layout_free);
  g_clear_pointer (&cl->probes, g_array_unref);
}

static gboolean
parse_range_option (const char *option,
                    const char *text,
                    MvRange    *out,
                    GError    **error)
{
  g_autoptr(GError) local = NULL;
  guint64 start, end;

  if (!mv_parse_range (text, &start, &end, &local) ||
      !mv_range_init (out, start, end, &local))
    {
      g_set_error (error, local->domain, local->code, "--%s %s: %s",
                   option, text, local->message);
      return FALSE;
    }
  return TRUE;
}

static GArray *
parse_range_list (const char  *option,
                  char       **texts,
                  GError     **error)
{
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (MvRange));

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      MvRange r;

      if (!parse_range_option (option, texts[i], &r, error))
        return NULL;
      g_array_append_val (ranges, r);
    }
  return g_steal_pointer (&ranges);
}

/**
 * mv_cli_layout_resolve:
 * Builds the layout the options describe. With no layout option at all,
 * OpenVMM's default x86_64 layout.
 */
gboolean
mv_cli_layout_resolve (const MvCliLayoutOptions *o,
                       MvCliLayout              *out,
                       GError                  **error)
{
  g_autoptr(GArray) mmio = NULL;
  g_autoptr(GArray) ecam = NULL;
  g_autoptr(GArray) pci_mmio = NULL;
  MvRange vtl2;
  gboolean any_layout = o->ram != NULL || o->numa != NULL || o->mmio != NULL ||
                        o->pci_ecam != NULL || o->pci_mmio != NULL || o->vtl2 != NULL;

  memset (out, 0, sizeof *out);
  out->probes = g_array_new (FALSE, FALSE, sizeof (guint64));
  out->width = 46;

  /* Ranges convert in upstream's order: mmio, ecam, pci mmio, vtl2,
   * low, high; a bad one is reported before any layout error. */
  if (!(mmio = parse_range_list ("mmio", o->mmio, error)) ||
      !(ecam = parse_range_list ("pci-ecam", o->pci_ecam, error)) ||
      !(pci_mmio = parse_range_list ("pci-mmio", o->pci_mmio, error)))
    return FALSE;
  if (o->vtl2 != NULL && !parse_range_option ("vtl2", o->vtl2, &vtl2, error))
    return FALSE;
  if (o->low_mmio != NULL && !parse_range_option ("low-mmio", o->low_mmio, &out->low_mmio, error))
    return FALSE;
  if (o->high_mmio != NULL && !parse_range_option ("high-mmio", o->high_mmio, &out->high_mmio, error))
    return FALSE;

  if (o->width != NULL)
    {
      g_autoptr(GError) local = NULL;
      guint64 w;

      if (!mv_parse_uint (o->width, 255, &w, &local))
        {
          g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                       "--width %s: %s (the width is a number from 0 to 255)",
                       o->width, local->message);
          return FALSE;
        }
      out->width = (guint8) w;
    }

  for (guint i = 0; o->probes != NULL && o->probes[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      guint64 addr;

      if (!mv_parse_size (o->probes[i], &addr, &local))
        {
          g_set_error (error, local->domain, local->code, "--probe %s: %s",
                       o->probes[i], local->message);
          return FALSE;
        }
      g_array_append_val (out->probes, addr);
    }

  if (o->ram != NULL && o->numa != NULL)
    {
      g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "give either --ram or --numa, not both");
      return FALSE;
    }

  if (!any_layout)
    {
      MvRange gaps[2] = { DEFAULT_LOW_MMIO, DEFAULT_HIGH_MMIO };

      out->is_default = TRUE;
      out->layout = mv_layout_new (DEFAULT_RAM, gaps, 2, NULL, 0, NULL, 0, NULL, error);
    }
  else if (o->ram != NULL)
    {
      g_autoptr(GError) local = NULL;
      guint64 ram;

      if (!mv_parse_size (o->ram, &ram, &local))
        {
          g_set_error (error, local->domain, local->code, "--ram %s: %s", o->ram, local->message);
          return FALSE;
        }
      out->layout = mv_layout_new (ram,
                                   (MvRange *) mmio->data, mmio->len,
                                   (MvRange *) ecam->data, ecam->len,
                                   (MvRange *) pci_mmio->data, pci_mmio->len,
                                   o->vtl2 != NULL ? &vtl2 : NULL, error);
    }
  else if (o->numa != NULL)
    {
      g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_autoptr(GError) local = NULL;

      if (!mv_parse_size_list (o->numa, sizes, &local))
        {
          g_set_error (error, local->domain, local->code, "--numa %s: %s", o->numa, local->message);
          return FALSE;
        }
      out->layout = mv_layout_new_with_numa ((guint64 *) sizes->data, sizes->len,
                                             (MvRange *) mmio->data, mmio->len,
                                             (MvRange *) ecam->data, ecam->len,
                                             (MvRange *) pci_mmio->data, pci_mmio->len,
                                             o->vtl2 != NULL ? &vtl2 : NULL, error);
    }
  else
    {
      g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "give the RAM with --ram SIZE or --numa SIZE[,SIZE...]");
      return FALSE;
    }

  if (out->layout == NULL)
    return FALSE;

  {
    MvRange low, high;

    mv_mtrr_default_chipset_gaps (out->layout, &low, &high);
    if (o->low_mmio == NULL)
      out->low_mmio = low;
    if (o->high_mmio == NULL)
      out->high_mmio = high;
  }
  return TRUE;
}

/* ---- JSON -------------------------------------------------------------- */

void
mv_json_hex (JsonBuilder *b,
             const char  *member,
             guint64      value)
{
  g_autofree char *s = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", value);

  if (member != NULL)
    json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, s);
}

void
mv_json_range (JsonBuilder   *b,
               const char    *member,
               const MvRange *range)
{
  if (member != NULL)
    json_builder_set_member_name (b, member);
  if (range == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  mv_json_hex (b, "start", range->start);
  mv_json_hex (b, "end", range->end);
  json_builder_end_object (b);
}

static void
json_range_list (JsonBuilder *b,
                 const char  *member,
                 GArray      *ranges)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < ranges->len; i++)
    mv_json_range (b, NULL, &g_array_index (ranges, MvRange, i));
  json_builder_end_array (b);
}

void
mv_json_layout (JsonBuilder       *b,
                const MvCliLayout *cl)
{
  const MvLayout *l = cl->layout;
  guint64 below;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ram");
  json_builder_begin_array (b);
  for (guint i = 0; i < l->ram->len; i++)
    {
      const MvRamRange *r = &g_array_index (l->ram, MvRamRange, i);

      json_builder_begin_object (b);
      mv_json_hex (b, "start", r->range.start);
      mv_json_hex (b, "end", r->range.end);
      json_builder_set_member_name (b, "vnode");
      json_builder_add_int_value (b, r->vnode);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_range_list (b, "mmio", l->mmio);
  json_range_list (b, "pci_ecam", l->pci_ecam);
  json_range_list (b, "pci_mmio", l->pci_mmio);
  mv_json_range (b, "vtl2", l->has_vtl2 ? &l->vtl2 : NULL);
  mv_json_hex (b, "end_of_ram", mv_layout_end_of_ram (l));
  mv_json_hex (b, "ram_size", mv_layout_ram_size (l));
  mv_json_hex (b, "requested_ram_size", l->requested_ram);
  mv_json_hex (b, "end_of_layout", mv_layout_end_of_layout (l));
  json_builder_set_member_name (b, "max_ram_below_4gb");
  if (mv_layout_max_ram_below_4gb (l, &below))
    mv_json_hex (b, NULL, below);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "probes");
  json_builder_begin_array (b);
  for (guint i = 0; i < cl->probes->len; i++)
    {
      guint64 addr = g_array_index (cl->probes, guint64, i);
      const char *type = mv_address_type_name (mv_layout_probe_address (l, addr));

      json_builder_begin_object (b);
      mv_json_hex (b, "address", addr);
      json_builder_set_member_name (b, "type");
      if (type != NULL)
        json_builder_add_string_value (b, type);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  if (mv_layout_shortfall (l) > 0)
    {
      g_autofree char *msg =
        g_strdup_printf ("only 0x%" G_GINT64_MODIFIER "x of the 0x%" G_GINT64_MODIFIER
                         "x bytes of RAM asked for fit below the top of the address space; "
                         "upstream silently places less",
                         mv_layout_ram_size (l), l->requested_ram);
      json_builder_add_string_value (b, msg);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

void
mv_json_page_map (JsonBuilder      *b,
                  const MvRecorder *rec)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < rec->page_map->len; i++)
    {
      const MvPageRun *run = &g_array_index (rec->page_map, MvPageRun, i);

      json_builder_begin_object (b);
      mv_json_hex (b, "page_base", run->page_base);
      mv_json_hex (b, "page_count", run->page_count);
      json_builder_set_member_name (b, "tag");
      json_builder_add_string_value (b, run->tag);
      json_builder_set_member_name (b, "acceptance");
      json_builder_add_string_value (b, mv_acceptance_to_string (run->acceptance));
      json_builder_set_member_name (b, "contents");
      json_builder_add_string_value (b, (run->flags & MV_PAGE_DATA) ? "data" : "zero");
      json_builder_set_member_name (b, "errors");
      json_builder_begin_array (b);
      if (run->flags & MV_PAGE_OVERLAP)
        json_builder_add_string_value (b, "overlaps an earlier import");
      if (run->flags & MV_PAGE_BEYOND)
        json_builder_add_string_value (b, "runs past the end of the address space");
      if (run->flags & MV_PAGE_OVERSIZE)
        json_builder_add_string_value (b, "more data than the pages hold");
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
mv_json_print (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

/* ---- text -------------------------------------------------------------- */

static void
print_range_line (const char    *kind,
                  const MvRange *r,
                  const char    *extra)
{
  g_autofree char *size = mv_format_size (mv_range_len (r));

  g_print ("  %-9s 0x%012" G_GINT64_MODIFIER "x-0x%012" G_GINT64_MODIFIER "x  %12s%s%s\n",
           kind, r->start, r->end, size, extra ? "  " : "", extra ? extra : "");
}

void
mv_print_layout (const MvCliLayout *cl)
{
  const MvLayout *l = cl->layout;
  g_autofree char *ram = mv_format_size (mv_layout_ram_size (l));
  g_autofree char *eor = mv_format_hex (mv_layout_end_of_ram (l));
  g_autofree char *eol = mv_format_hex (mv_layout_end_of_layout (l));
  guint64 below;

  if (cl->is_default)
    g_print ("OpenVMM's default x86_64 layout (8 GiB RAM, 128 MiB low MMIO ending at 4 GiB, "
             "512 MiB high MMIO above RAM)\n\n");

  g_print ("Memory layout (%s of RAM, end of RAM %s, end of layout %s)\n", ram, eor, eol);

  /* One sorted listing of everything. */
  {
    guint ri = 0;
    guint64 pos = 0;

    for (;;)
      {
        const MvRange *best = NULL;
        const char *kind = NULL;
        g_autofree char *node = NULL;
        GArray *lists[] = { l->mmio, l->pci_ecam, l->pci_mmio };
        const char *names[] = { "MMIO", "PCI ECAM", "PCI MMIO" };

        if (ri < l->ram->len)
          {
            best = &g_array_index (l->ram, MvRamRange, ri).range;
            kind = "RAM";
          }
        for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
          for (guint i = 0; i < lists[k]->len; i++)
            {
              const MvRange *r = &g_array_index (lists[k], MvRange, i);
              if (r->start >= pos && !mv_range_is_empty (r) &&
                  (best == NULL || r->start < best->start))
                {
                  best = r;
                  kind = names[k];
                }
            }
        if (l->has_vtl2 && l->vtl2.start >= pos && !mv_range_is_empty (&l->vtl2) &&
            (best == NULL || l->vtl2.start < best->start))
          {
            best = &l->vtl2;
            kind = "VTL2";
          }
        if (best == NULL)
          break;
        if (g_str_equal (kind, "RAM"))
          {
            if (l->ram->len > 1 || g_array_index (l->ram, MvRamRange, 0).vnode != 0)
              node = g_strdup_printf ("vnode %u", g_array_index (l->ram, MvRamRange, ri).vnode);
            ri++;
          }
        print_range_line (kind, best, node);
        pos = best->end;
        if (best->end == best->start)
          break;
      }
  }

  if (mv_layout_max_ram_below_4gb (l, &below))
    g_print ("  max RAM below 4 GiB: 0x%" G_GINT64_MODIFIER "x\n", below);
  else
    g_print ("  no RAM ends below 4 GiB\n");

  if (mv_layout_shortfall (l) > 0)
    {
      g_autofree char *asked = mv_format_size (l->requested_ram);
      g_autofree char *placed = mv_format_size (mv_layout_ram_size (l));
      g_printerr ("memviz-cli: warning: only %s of the %s of RAM asked for fit below the top "
                  "of the address space (upstream silently places less)\n", placed, asked);
    }

  for (guint i = 0; i < cl->probes->len; i++)
    {
      guint64 addr = g_array_index (cl->probes, guint64, i);
      const char *type = mv_address_type_name (mv_layout_probe_address (l, addr));

      g_print ("  probe 0x%" G_GINT64_MODIFIER "x: %s\n", addr, type ? type : "not in the layout");
    }
}

void
mv_print_page_map (const MvRecorder *rec)
{
  g_print ("  %-37s %10s  %-20s %-12s %s\n", "GPA range", "pages", "tag", "acceptance", "contents");
  for (guint i = 0; i < rec->page_map->len; i++)
    {
      const MvPageRun *run = &g_array_index (rec->page_map, MvPageRun, i);
      g_autofree char *range = NULL;
      GString *notes = g_string_new ((run->flags & MV_PAGE_DATA) ? "data" : "zero");

      if (run->page_base < MV_PAGE_LIMIT && run->page_count <= MV_PAGE_LIMIT - run->page_base)
        range = g_strdup_printf ("0x%012" G_GINT64_MODIFIER "x-0x%012" G_GINT64_MODIFIER "x",
                                 run->page_base * MV_PAGE_SIZE,
                                 (run->page_base + run->page_count) * MV_PAGE_SIZE);
      else
        range = g_strdup_printf ("page 0x%" G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER "x",
                                 run->page_base, run->page_count);
      if (run->flags & MV_PAGE_OVERLAP)
        g_string_append (notes, "  ERROR: overlaps an earlier import");
      if (run->flags & MV_PAGE_BEYOND)
        g_string_append (notes, "  ERROR: runs past the end of the address space");
      if (run->flags & MV_PAGE_OVERSIZE)
        g_string_append (notes, "  ERROR: more data than the pages hold");
      g_print ("  %-37s %10" G_GUINT64_FORMAT "  %-20s %-12s %s\n", range, run->page_count,
               run->tag, mv_acceptance_to_string (run->acceptance), notes->str);
      g_string_free (notes, TRUE);
    }
}
