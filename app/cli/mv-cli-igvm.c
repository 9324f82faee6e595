/* SPDX-License-Identifier: MIT */
/* memviz-cli igvm */
#include "config.h"

#include "mv-cli.h"
#include "mv-igvm.h"
#include "mv-parse.h"

static const char igvm_help[] =
  "Reads an IGVM file (microsoft/igvm) and prints its platforms, the runs of\n"
  "pages each platform gets (page data by type, parameter areas where they are\n"
  "inserted, VMSA pages), the required memory, the VP contexts, every header\n"
  "but the page data and the diagnostics. The file is read in one pass and\n"
  "never held whole; a checksum that does not match is an error.\n"
  "\n"
  "With --preset, --ram or --mmio (the layout options of `layout`), the pages\n"
  "are also checked against that layout's RAM and MMIO gaps.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli igvm openhcl.igvm\n"
  "  memviz-cli igvm openhcl.igvm --platform 0x2 --json\n"
  "  memviz-cli igvm openhcl.igvm --ram 4G\n";

typedef struct
{
  const MvIgvmFile *file;
  guint32           filter;   /* 0: everything */
} View;

/* What applies to no platform (mask 0: a parameter area, a diagnostic of
 * the whole file) is always shown. */
static gboolean
shown (const View *v,
       guint32     mask)
{
  return v->filter == 0 || mask == 0 || (mask & v->filter) != 0;
}

static const char *
section_name (MvIgvmSection section)
{
  static const char *const names[] = { "platform", "initialization", "directive", "unknown" };

  return names[section];
}

static const char *
header_name (const MvIgvmHeader *h)
{
  const char *name = mv_igvm_header_type_name (h->type);

  return name != NULL ? name : "unknown";
}

static const char *
usage_name (guint32 type)
{
  switch (type)
    {
    case MV_IGVM_VHT_VP_COUNT_PARAMETER: return "vp_count";
    case MV_IGVM_VHT_SRAT: return "srat";
    case MV_IGVM_VHT_MADT: return "madt";
    case MV_IGVM_VHT_MMIO_RANGES: return "mmio_ranges";
    case MV_IGVM_VHT_MEMORY_MAP: return "memory_map";
    case MV_IGVM_VHT_COMMAND_LINE: return "command_line";
    case MV_IGVM_VHT_SLIT: return "slit";
    case MV_IGVM_VHT_PPTT: return "pptt";
    case MV_IGVM_VHT_DEVICE_TREE: return "device_tree";
    case MV_IGVM_VHT_ENVIRONMENT_INFO_PARAMETER: return "environment_info";
    default: return "unknown";
    }
}

/* The fields a header type has, beside its type, offset and length: a
 * name and where MvIgvmHeader keeps it, written as a hex string (64-bit
 * values) or, for small numbers, an integer. */
typedef struct
{
  const char *name;
  gsize       offset;
  guint8      size;
  gboolean    hex;
} HeaderField;

#define HEX(name, field) { name, G_STRUCT_OFFSET (MvIgvmHeader, field), \
                           sizeof (((MvIgvmHeader *) 0)->field), TRUE }
#define INT(name, field) { name, G_STRUCT_OFFSET (MvIgvmHeader, field), \
                           sizeof (((MvIgvmHeader *) 0)->field), FALSE }

static const struct
{
  guint32     type;
  HeaderField fields[8];
} header_fields[] = {
  { MV_IGVM_VHT_SUPPORTED_PLATFORM, { INT ("platform_version", platform_version),
      INT ("highest_vtl", vtl), HEX ("shared_gpa_boundary", gpa) } },
  { MV_IGVM_VHT_GUEST_POLICY, { HEX ("policy", policy) } },
  { MV_IGVM_VHT_CCA_POLICY, { HEX ("policy", policy) } },
  { MV_IGVM_VHT_RELOCATABLE_REGION, { INT ("vp_index", vp_index), INT ("vtl", vtl),
      HEX ("flags", flags), HEX ("alignment", alignment), HEX ("gpa", gpa), HEX ("size", size),
      HEX ("minimum_gpa", minimum_gpa), HEX ("maximum_gpa", maximum_gpa) } },
  { MV_IGVM_VHT_PAGE_TABLE_RELOCATION_REGION, { INT ("vp_index", vp_index), INT ("vtl", vtl),
      HEX ("gpa", gpa), HEX ("size", size), HEX ("used_size", used_size) } },
  { MV_IGVM_VHT_PARAMETER_AREA, { INT ("parameter_area", index), HEX ("size", size),
      HEX ("file_offset", file_offset) } },
  { MV_IGVM_VHT_PARAMETER_INSERT, { INT ("parameter_area", index), HEX ("gpa", gpa) } },
  { MV_IGVM_VHT_VP_CONTEXT, { INT ("vp_index", vp_index), HEX ("gpa", gpa),
      HEX ("file_offset", file_offset) } },
  { MV_IGVM_VHT_REQUIRED_MEMORY, { HEX ("gpa", gpa), HEX ("size", size), HEX ("flags", flags) } },
  { MV_IGVM_VHT_ERROR_RANGE, { HEX ("gpa", gpa), HEX ("size", size) } },
  { MV_IGVM_VHT_SNP_ID_BLOCK, { HEX ("version", version), HEX ("svn", svn) } },
  { MV_IGVM_VHT_VBS_MEASUREMENT, { HEX ("version", version), HEX ("svn", svn) } },
  { MV_IGVM_VHT_CORIM_DOCUMENT, { HEX ("file_offset", file_offset), HEX ("size", size) } },
  { MV_IGVM_VHT_CORIM_SIGNATURE, { HEX ("file_offset", file_offset), HEX ("size", size) } },
};

#undef HEX
#undef INT

static void
json_header_fields (JsonBuilder        *b,
                    const MvIgvmHeader *h)
{
  const HeaderField *fields = NULL;
  static const HeaderField parameter[] = {
    { "parameter_area", G_STRUCT_OFFSET (MvIgvmHeader, index), 4, FALSE },
    { "byte_offset", G_STRUCT_OFFSET (MvIgvmHeader, byte_offset), 4, TRUE },
    { NULL },
  };

  if (h->type == MV_IGVM_VHT_SUPPORTED_PLATFORM)
    mv_json_string (b, "platform_type", mv_igvm_platform_type_name (h->platform_type));
  for (gsize i = 0; i < G_N_ELEMENTS (header_fields); i++)
    if (header_fields[i].type == h->type)
      fields = header_fields[i].fields;
  if (fields == NULL && h->known)
    fields = parameter;   /* every other known type is a parameter usage */
  for (gsize i = 0; fields != NULL && i < 8 && fields[i].name != NULL; i++)
    {
      const guint8 *p = (const guint8 *) h + fields[i].offset;
      guint64 value = 0;

      switch (fields[i].size)
        {
        case 1: value = *p; break;
        case 2: value = *(const guint16 *) p; break;
        case 4: value = *(const guint32 *) p; break;
        default: value = *(const guint64 *) p; break;
        }
      if (fields[i].hex)
        mv_json_hex (b, fields[i].name, value);
      else
        mv_json_int (b, fields[i].name, (gint64) value);
    }
}

static void
json_platform (JsonBuilder   *b,
               gconstpointer  item)
{
  const MvIgvmPlatform *p = item;

  mv_json_hex (b, "mask", p->mask);
  mv_json_string (b, "type", mv_igvm_platform_type_name (p->type));
  mv_json_int (b, "version", p->version);
  mv_json_int (b, "highest_vtl", p->highest_vtl);
  mv_json_hex (b, "shared_gpa_boundary", p->shared_gpa_boundary);
}

static void
json_run (JsonBuilder   *b,
          gconstpointer  item)
{
  const MvIgvmRun *r = item;

  mv_json_hex (b, "start", r->range.start);
  mv_json_hex (b, "end", r->range.end);
  mv_json_hex (b, "mask", r->mask);
  mv_json_string (b, "kind", mv_igvm_page_kind_name (r->kind));
  mv_json_bool (b, "zero", r->zero);
  mv_json_bool (b, "unmeasured", r->unmeasured);
  mv_json_bool (b, "shared", r->shared);
}

static void
json_required (JsonBuilder   *b,
               gconstpointer  item)
{
  const MvIgvmRequiredMemory *r = item;

  mv_json_hex (b, "start", r->range.start);
  mv_json_hex (b, "end", r->range.end);
  mv_json_hex (b, "mask", r->mask);
  mv_json_bool (b, "vtl2_protectable", r->vtl2_protectable);
}

static void
json_vp_context (JsonBuilder   *b,
                 gconstpointer  item)
{
  const MvIgvmVpContext *vp = item;

  mv_json_string (b, "kind", mv_igvm_vp_kind_name (vp->kind));
  mv_json_hex (b, "mask", vp->mask);
  mv_json_int (b, "vp_index", vp->vp_index);
  mv_json_hex (b, "gpa", vp->gpa);
  json_builder_set_member_name (b, "registers");
  json_builder_begin_array (b);
  for (guint j = 0; j < vp->registers->len; j++)
    {
      const MvIgvmRegister *r = &g_array_index (vp->registers, MvIgvmRegister, j);

      json_builder_begin_object (b);
      mv_json_string (b, "name", r->name);
      mv_json_int (b, "vtl", r->vtl);
      mv_json_hex (b, "value", r->value);
      mv_json_hex (b, "value_high", r->value_high);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
json_header (JsonBuilder   *b,
             gconstpointer  item)
{
  const MvIgvmHeader *h = item;

  mv_json_hex (b, "offset", h->offset);
  mv_json_hex (b, "type", h->type);
  mv_json_string (b, "name", header_name (h));
  mv_json_string (b, "section", section_name (h->section));
  mv_json_hex (b, "length", h->length);
  mv_json_bool (b, "optional", h->optional);
  mv_json_bool (b, "known", h->known);
  if (h->mask != 0)
    mv_json_hex (b, "mask", h->mask);
  json_header_fields (b, h);
}

static void
json_diagnostic (JsonBuilder   *b,
                 gconstpointer  item)
{
  const MvIgvmDiagnostic *d = item;

  mv_json_string (b, "severity", mv_severity_name (d->severity));
  mv_json_string (b, "kind", mv_igvm_diagnostic_kind_name (d->kind));
  if (d->mask != 0)
    mv_json_hex (b, "mask", d->mask);
  if (d->has_range)
    mv_json_range (b, "range", &d->range);
  mv_json_string (b, "message", d->message);
}

/* @member: an array of an object for each of @n items (at @items, @stride
 * bytes apart; with @stride 0, @items is an array of pointers) that the
 * view shows, by its compatibility mask at @mask_offset. */
static void
json_list (JsonBuilder  *b,
           const View   *v,
           const char   *member,
           gconstpointer items,
           guint         n,
           gsize         stride,
           gsize         mask_offset,
           void        (*write) (JsonBuilder *b, gconstpointer item))
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      gconstpointer item = stride != 0 ? (const guint8 *) items + i * stride
                                       : ((gconstpointer const *) items)[i];

      if (!shown (v, *(const guint32 *) ((const guint8 *) item + mask_offset)))
        continue;
      json_builder_begin_object (b);
      write (b, item);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

#define JSON_ARRAY(b, v, member, array, type, write) \
  json_list (b, v, member, (array)->data, (array)->len, sizeof (type), \
             G_STRUCT_OFFSET (type, mask), write)
#define JSON_PTR_ARRAY(b, v, member, array, type, write) \
  json_list (b, v, member, (array)->pdata, (array)->len, 0, G_STRUCT_OFFSET (type, mask), write)

static void
json_file (const View *v)
{
  const MvIgvmFile *f = v->file;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "revision");
  json_builder_begin_object (b);
  mv_json_int (b, "format_version", f->format_version);
  mv_json_string (b, "arch", mv_igvm_arch_name (f->arch));
  mv_json_hex (b, "page_size", f->page_size);
  mv_json_hex (b, "total_file_size", f->total_file_size);
  mv_json_hex (b, "checksum", f->checksum);
  json_builder_end_object (b);
  JSON_ARRAY (b, v, "platforms", f->platforms, MvIgvmPlatform, json_platform);
  JSON_ARRAY (b, v, "pages", f->runs, MvIgvmRun, json_run);
  JSON_ARRAY (b, v, "required_memory", f->required_memory, MvIgvmRequiredMemory, json_required);
  JSON_PTR_ARRAY (b, v, "vp_contexts", f->vp_contexts, MvIgvmVpContext, json_vp_context);
  JSON_ARRAY (b, v, "headers", f->headers, MvIgvmHeader, json_header);
  JSON_PTR_ARRAY (b, v, "diagnostics", f->diagnostics, MvIgvmDiagnostic, json_diagnostic);
  json_builder_end_object (b);
  mv_json_print (b);
}

static void
print_run (const MvIgvmRun *r)
{
  g_autofree char *size = mv_format_size (r->range.end - r->range.start);
  g_autofree char *extra = NULL;

  if (r->kind == MV_IGVM_PAGE_PARAMETER)
    extra = g_strdup_printf (" area %u", r->parameter_area);
  g_print ("  0x%012" G_GINT64_MODIFIER "x-0x%012" G_GINT64_MODIFIER "x  %9s  mask 0x%x  %-10s %s%s%s%s%s%s\n",
           r->range.start, r->range.end, size, r->mask, mv_igvm_page_kind_name (r->kind),
           r->zero ? "zero" : "data", r->unmeasured ? ", unmeasured" : "",
           r->shared ? ", shared" : "", r->large ? ", 2 MiB pages" : "",
           extra != NULL ? extra : "",
           r->has_crc ? "" : "");
}

static void
print_file (const View *v,
            const char *path)
{
  const MvIgvmFile *f = v->file;

  g_print ("IGVM file %s: format version %u (%s, 0x%x-byte pages), 0x%x bytes, "
           "checksum 0x%08x (matches; it covers the headers, not the page data)\n",
           path, f->format_version, mv_igvm_arch_name (f->arch), f->page_size,
           f->total_file_size, f->checksum);
  g_print ("Header table at 0x%x, 0x%x bytes: %u headers and %" G_GUINT64_FORMAT " page headers\n",
           f->variable_header_offset, f->variable_header_size, f->headers->len, f->n_page_headers);

  g_print ("\nPlatforms:\n");
  for (guint i = 0; i < f->platforms->len; i++)
    {
      const MvIgvmPlatform *p = &g_array_index (f->platforms, MvIgvmPlatform, i);

      if (shown (v, p->mask))
        g_print ("  mask 0x%x  %-13s version %u, highest VTL %u, shared GPA boundary 0x%" G_GINT64_MODIFIER "x\n",
                 p->mask, mv_igvm_platform_type_name (p->type), p->version, p->highest_vtl,
                 p->shared_gpa_boundary);
    }

  g_print ("\nPages (runs of adjacent pages with the same mask, kind and flags):\n");
  for (guint i = 0; i < f->runs->len; i++)
    if (shown (v, g_array_index (f->runs, MvIgvmRun, i).mask))
      print_run (&g_array_index (f->runs, MvIgvmRun, i));

  if (f->parameter_areas->len > 0)
    g_print ("\nParameter areas:\n");
  for (guint i = 0; i < f->parameter_areas->len; i++)
    {
      const MvIgvmParameterArea *a = &g_array_index (f->parameter_areas, MvIgvmParameterArea, i);

      g_print ("  area %u: 0x%" G_GINT64_MODIFIER "x bytes, %s, inserted %u time%s:",
               a->index, a->number_of_bytes, a->file_offset != 0 ? "initial data" : "no initial data",
               a->n_inserts, a->n_inserts == 1 ? "" : "s");
      for (guint j = 0; j < f->parameter_usages->len; j++)
        {
          const MvIgvmParameterUsage *u = &g_array_index (f->parameter_usages, MvIgvmParameterUsage, j);

          if (u->area_index == a->index)
            g_print (" %s at +0x%x", usage_name (u->type), u->byte_offset);
        }
      g_print ("\n");
    }

  if (f->required_memory->len > 0)
    g_print ("\nRequired memory:\n");
  for (guint i = 0; i < f->required_memory->len; i++)
    {
      const MvIgvmRequiredMemory *r = &g_array_index (f->required_memory, MvIgvmRequiredMemory, i);

      if (shown (v, r->mask))
        g_print ("  0x%012" G_GINT64_MODIFIER "x-0x%012" G_GINT64_MODIFIER "x  mask 0x%x%s\n",
                 r->range.start, r->range.end, r->mask,
                 r->vtl2_protectable ? "  VTL2 protectable" : "");
    }

  if (f->vp_contexts->len > 0)
    g_print ("\nVP contexts:\n");
  for (guint i = 0; i < f->vp_contexts->len; i++)
    {
      const MvIgvmVpContext *vp = g_ptr_array_index (f->vp_contexts, i);

      if (!shown (v, vp->mask))
        continue;
      g_print ("  VP %u, mask 0x%x, %s", vp->vp_index, vp->mask, mv_igvm_vp_kind_name (vp->kind));
      if (vp->kind == MV_IGVM_VP_SNP_VMSA)
        g_print (" at GPA 0x%" G_GINT64_MODIFIER "x", vp->gpa);
      g_print (": %u registers\n", vp->registers->len);
      for (guint j = 0; j < vp->registers->len; j++)
        {
          const MvIgvmRegister *r = &g_array_index (vp->registers, MvIgvmRegister, j);

          if (r->value_high != 0)
            g_print ("    %-16s 0x%016" G_GINT64_MODIFIER "x  high 0x%016" G_GINT64_MODIFIER "x\n",
                     r->name, r->value, r->value_high);
          else
            g_print ("    %-16s 0x%016" G_GINT64_MODIFIER "x\n", r->name, r->value);
        }
    }

  g_print ("\nHeaders (all but page data):\n");
  for (guint i = 0; i < f->headers->len; i++)
    {
      const MvIgvmHeader *h = &g_array_index (f->headers, MvIgvmHeader, i);

      if (!shown (v, h->mask))
        continue;
      g_print ("  0x%08" G_GINT64_MODIFIER "x  %-40s type 0x%x%s, 0x%x bytes, %s",
               h->offset, header_name (h), h->type, h->optional ? " (optional)" : "",
               h->length, section_name (h->section));
      if (h->mask != 0)
        g_print (", mask 0x%x", h->mask);
      g_print ("\n");
    }

  g_print ("\nDiagnostics:\n");
  if (f->diagnostics->len == 0)
    g_print ("  none\n");
  for (guint i = 0; i < f->diagnostics->len; i++)
    {
      const MvIgvmDiagnostic *d = g_ptr_array_index (f->diagnostics, i);

      if (shown (v, d->mask))
        g_print ("  %s: %s\n", mv_severity_name (d->severity), d->message);
    }
}

int
mv_cli_igvm_main (int    argc,
                  char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree GOptionEntry *layout_entries = mv_cli_layout_entries (&o, MV_CLI_OPTIONS_LAYOUT);
  g_autofree char *platform_text = NULL;
  const GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform_text,
      "Show only what applies to this platform's compatibility mask", "MASK" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  g_autoptr(MvIgvmFile) file = NULL;
  View view = { 0 };
  guint64 filter = 0;

  context = mv_cli_context_new ("FILE.igvm - read an IGVM file", NULL, igvm_help);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, layout_entries, NULL);
  if (!mv_cli_parse_options (context, &argc, &argv, &error))
    return mv_cli_fail (o.json, error);
  if (argc != 2)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE, argc < 2 ? "igvm: FILE.igvm is missing"
                   : "igvm: unexpected argument \"%s\"", argc < 2 ? "" : argv[2]);
      return mv_cli_fail (o.json, error);
    }
  if (platform_text != NULL && !mv_parse_uint (platform_text, G_MAXUINT32, &filter, &error))
    {
      g_prefix_error (&error, "--platform %s: ", platform_text);
      return mv_cli_fail (o.json, error);
    }

  file = mv_igvm_read_path (argv[1], MV_IGVM_READ_DEFAULT, &error);
  if (file == NULL)
    {
      g_autofree char *shown = g_filename_display_name (argv[1]);

      if (error->domain == MV_IGVM_ERROR)
        g_prefix_error (&error, "%s: ", shown);
      return mv_cli_fail (o.json, error);
    }
  if (platform_text != NULL && mv_igvm_file_platform (file, (guint32) filter) == NULL)
    {
      g_autoptr(GString) masks = g_string_new (NULL);

      for (guint i = 0; i < file->platforms->len; i++)
        g_string_append_printf (masks, "%s0x%x", i > 0 ? ", " : "",
                                g_array_index (file->platforms, MvIgvmPlatform, i).mask);
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                   "--platform %s: %s has no platform with that mask (its masks: %s)",
                   platform_text, argv[1], masks->len > 0 ? masks->str : "none");
      return mv_cli_fail (o.json, error);
    }
  if (o.preset != NULL || o.ram != NULL || o.numa != NULL || o.mmio != NULL ||
      o.pci_ecam != NULL || o.pci_mmio != NULL || o.vtl2 != NULL)
    {
      if (!mv_cli_layout_resolve (&o, NULL, MV_SCENARIO_SKIP_FILES, MV_CLI_NEED_LAYOUT, &cl, &error))
        return mv_cli_fail (o.json, error);
      mv_igvm_diagnose (file, cl.layout);
    }

  view.file = file;
  view.filter = (guint32) filter;
  if (o.json)
    json_file (&view);
  else
    print_file (&view, argv[1]);
  return MV_CLI_EXIT_OK;
}
