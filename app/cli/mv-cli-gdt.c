/* SPDX-License-Identifier: MIT */
/* memviz-cli gdt */
#include "config.h"

#include "mv-cli.h"
#include "mv-gdt.h"
#include "mv-parse.h"

static const char gdt_help[] =
  "Imports OpenVMM's default GDT (import_default_gdt) and prints the page,\n"
  "the registers in import order and every descriptor decoded.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli gdt\n"
  "  memviz-cli gdt --page 0x707 --json\n";

static void
json_descriptor (JsonBuilder           *b,
                 const MvGdtDescriptor *d)
{
  g_autofree char *limit = mv_gdt_limit_describe (d);

#define BOOL_MEMBER(name, v) \
  json_builder_set_member_name (b, name); json_builder_add_boolean_value (b, v)
  mv_json_hex (b, "raw", d->raw);
  mv_json_hex (b, "base", d->base);
  mv_json_hex (b, "limit", d->limit);
  mv_json_hex (b, "limit_scaled", d->limit_scaled);
  json_builder_set_member_name (b, "limit_description");
  json_builder_add_string_value (b, limit);
  mv_json_hex (b, "type", d->type);
  json_builder_set_member_name (b, "type_description");
  json_builder_add_string_value (b, mv_gdt_type_describe (d));
  BOOL_MEMBER ("s", d->s);
  json_builder_set_member_name (b, "dpl");
  json_builder_add_int_value (b, d->dpl);
  BOOL_MEMBER ("p", d->p);
  BOOL_MEMBER ("avl", d->avl);
  BOOL_MEMBER ("l", d->l);
  BOOL_MEMBER ("db", d->db);
  BOOL_MEMBER ("g", d->g);
  mv_json_hex (b, "attributes", d->attributes);
#undef BOOL_MEMBER
}

int
mv_cli_gdt_main (int    argc,
                 char **argv)
{
  g_autofree char *page_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "page", 0, 0, G_OPTION_ARG_STRING, &page_text,
      "GDT page number (default 1, GPA 0x1000 as in Linux direct boot)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Write JSON instead of text", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = mv_cli_context_new ("- import the default GDT", NULL, gdt_help);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvRecorder) rec = mv_recorder_new (FALSE);
  guint8 bytes[MV_GDT_DEFAULT_SIZE];
  guint64 page = 1;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!mv_cli_parse_options (context, &argc, &argv, &error))
    return mv_cli_fail (json, error);
  if (argc > 1)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE, "gdt: unexpected argument \"%s\"", argv[1]);
      return mv_cli_fail (json, error);
    }
  if (page_text != NULL && !mv_parse_uint (page_text, G_MAXUINT64, &page, &error))
    {
      g_prefix_error (&error, "--page %s: ", page_text);
      return mv_cli_fail (json, error);
    }

  if (!mv_gdt_import_default (&rec->parent, page, &error))
    return mv_cli_fail (json, error);

  mv_gdt_default_bytes (bytes);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *hex = NULL;
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < sizeof bytes; i++)
        g_string_append_printf (s, "%02x", bytes[i]);
      hex = g_string_free (s, FALSE);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pages");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      mv_json_hex (b, "page_base", page);
      mv_json_hex (b, "page_count", 1);
      json_builder_set_member_name (b, "tag");
      json_builder_add_string_value (b, MV_GDT_DEFAULT_TAG);
      json_builder_set_member_name (b, "acceptance");
      json_builder_add_string_value (b, "Exclusive");
      json_builder_set_member_name (b, "data");
      json_builder_add_string_value (b, hex);
      json_builder_end_object (b);
      json_builder_end_array (b);

      json_builder_set_member_name (b, "registers");
      json_builder_begin_array (b);
      for (guint i = 0; i < rec->registers->len; i++)
        {
          const MvX86Register *r = &g_array_index (rec->registers, MvX86Register, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, mv_reg_name_to_string (r->name));
          if (mv_reg_name_kind (r->name) == MV_REG_KIND_TABLE)
            {
              mv_json_hex (b, "base", r->table.base);
              mv_json_hex (b, "limit", r->table.limit);
            }
          else
            {
              mv_json_hex (b, "selector", r->segment.selector);
              mv_json_hex (b, "base", r->segment.base);
              mv_json_hex (b, "limit", r->segment.limit);
              mv_json_hex (b, "attributes", r->segment.attributes);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);

      json_builder_set_member_name (b, "entries");
      json_builder_begin_array (b);
      for (guint i = 0; i < MV_GDT_DEFAULT_COUNT; i++)
        {
          MvGdtDescriptor d;

          mv_gdt_decode (bytes + 8 * i, &d);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "index");
          json_builder_add_int_value (b, i);
          mv_json_hex (b, "selector", i * 8);
          json_descriptor (b, &d);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      mv_json_print (b);
      return MV_CLI_EXIT_OK;
    }

  g_print ("Default GDT at page 0x%" G_GINT64_MODIFIER "x (GPA 0x%" G_GINT64_MODIFIER "x), "
           "tag %s, Exclusive, %u bytes:\n", page, page * 4096, MV_GDT_DEFAULT_TAG,
           MV_GDT_DEFAULT_SIZE);
  for (guint i = 0; i < MV_GDT_DEFAULT_COUNT; i++)
    {
      MvGdtDescriptor d;
      g_autofree char *limit = NULL;

      mv_gdt_decode (bytes + 8 * i, &d);
      g_print ("  [%u] selector 0x%02x  raw 0x%016" G_GINT64_MODIFIER "x", i, i * 8, d.raw);
      if (d.raw == 0)
        {
          g_print ("  null descriptor\n");
          continue;
        }
      limit = mv_gdt_limit_describe (&d);
      g_print ("  base 0x%x limit %s  %s\n"
               "        S=%d DPL=%u P=%d AVL=%d L=%d D/B=%d G=%d  attributes 0x%04x\n",
               d.base, limit, mv_gdt_type_describe (&d), d.s, d.dpl, d.p, d.avl, d.l, d.db, d.g, d.attributes);
    }

  g_print ("\nRegisters, in import order:\n");
  for (guint i = 0; i < rec->registers->len; i++)
    {
      const MvX86Register *r = &g_array_index (rec->registers, MvX86Register, i);

      if (mv_reg_name_kind (r->name) == MV_REG_KIND_TABLE)
        g_print ("  %-4s base 0x%" G_GINT64_MODIFIER "x limit 0x%x\n",
                 mv_reg_name_to_string (r->name), r->table.base, r->table.limit);
      else
        g_print ("  %-4s selector 0x%02x base 0x%" G_GINT64_MODIFIER "x limit 0x%x attributes 0x%04x\n",
                 mv_reg_name_to_string (r->name), r->segment.selector, r->segment.base,
                 r->segment.limit, r->segment.attributes);
    }
  {
    MvGdtDescriptor descs[MV_GDT_DEFAULT_COUNT];
    g_autofree char *note = NULL;

    for (guint i = 0; i < MV_GDT_DEFAULT_COUNT; i++)
      mv_gdt_decode (bytes + 8 * i, &descs[i]);
    note = mv_gdt_limits_note (descs, MV_GDT_DEFAULT_COUNT,
                               (const MvX86Register *) rec->registers->data, rec->registers->len);
    if (note != NULL)
      g_print ("  (%s)\n", note);
  }
  return MV_CLI_EXIT_OK;
}
