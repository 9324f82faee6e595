/* SPDX-License-Identifier: MIT */
/* The boot loader's parts of a scene: the lane of the e820 map the guest
 * is told (beside the layout's RAM and the MTRRs' types), the table of
 * the boot processor's registers with their meaning, its imports (with
 * their CRC-32s, when the recorder traced them) and e820 map as tables
 * for the boot view, the loader's files as the page map's sources, and
 * its error or what it still needs. */
#include "mv-scene-scenario.h"

#include <string.h>

#include "mv-boot-view.h"
#include "mv-gdt.h"

static MvFill
e820_fill (guint32 type)
{
  switch (type)
    {
    case 1: return MV_FILL_RAM;
    case 3:
    case 4: return MV_FILL_E820_ACPI;
    default: return MV_FILL_E820_RESERVED;
    }
}

/**
 * mv_scene_add_e820:
 * A lane of the e820 map a Linux guest is told: one bar per entry, RAM in
 * the layout's RAM colour, the rest reserved or ACPI. Nothing for an
 * empty map.
 */
void
mv_scene_add_e820 (MvScene           *scene,
                   const MvE820Entry *entries,
                   gsize              n_entries)
{
  MvSceneLane *lane;
  g_autofree char *subtitle = NULL;
  guint64 usable = 0;

  g_return_if_fail (scene != NULL);
  if (n_entries == 0)
    return;

  for (gsize i = 0; i < n_entries; i++)
    if (entries[i].type == 1)
      usable += entries[i].end - entries[i].start;
  {
    g_autofree char *size = mv_scene_format_size (usable);

    subtitle = g_strdup_printf ("%" G_GSIZE_FORMAT " entr%s, %s usable",
                                n_entries, n_entries == 1 ? "y" : "ies", size);
  }
  lane = mv_scene_add_lane (scene, MV_LANE_LAYOUT, "e820 (guest)", subtitle);
  for (gsize i = 0; i < n_entries; i++)
    {
      const MvE820Entry *e = &entries[i];
      g_autofree char *size = mv_scene_format_size (e->end - e->start);
      g_autofree char *range = mv_scene_format_range (e->start, e->end);
      g_autofree char *label = g_strdup_printf ("%s \u00b7 %s", mv_e820_type_name (e->type), size);
      g_autofree char *detail = g_strdup_printf ("%s \u00b7 e820 type %u (%s)", range, e->type,
                                                 mv_e820_type_name (e->type));

      mv_scene_lane_add_item (lane, e->start, e->end, e820_fill (e->type), 0, 0, label, detail);
    }
  mv_scene_lane_pack (lane, 2);
}

/**
 * mv_scene_set_boot_registers:
 * The table of the registers @loader set, in its order, each with its
 * value and what it means (CR0, CR4 and EFER bits by name, ...).
 */
void
mv_scene_set_boot_registers (MvScene             *scene,
                             const char          *loader,
                             const MvX86Register *registers,
                             gsize                n_registers)
{
  g_autofree char *title = NULL;
  MvSceneTable *table;

  g_return_if_fail (scene != NULL);

  g_clear_pointer (&scene->boot_table, mv_scene_table_free);
  title = g_strdup_printf ("Boot processor registers (%s loader)", loader);
  table = scene->boot_table = mv_scene_table_new (title);
  mv_scene_table_add_column (table, "Register", MV_COLUMN_TEXT);
  /* Both wrap in a narrow picture (a segment's value is long). */
  mv_scene_table_add_column (table, "Value", MV_COLUMN_MONO | MV_COLUMN_WIDE);
  mv_scene_table_add_column (table, "Meaning", MV_COLUMN_WIDE);
  for (gsize i = 0; i < n_registers; i++)
    {
      g_autofree char *value = mv_boot_register_value (&registers[i]);
      g_autofree char *meaning = mv_boot_register_decode (&registers[i]);
      const char *cells[] = { mv_reg_name_to_string (registers[i].name), value,
                              meaning != NULL ? meaning : "", NULL };

      mv_scene_table_add_row (table, cells);
    }
  if (n_registers == 0)
    table->note = g_strdup ("The loader set no register.");
}

/* The loader's imports as memviz-cli boot lists them: merged by address,
 * each with the CRC-32 of its guest memory (the scenario's, computed as
 * the loader read its files). */
static void
set_boot_imports (MvScene      *scene,
                  const GArray *imports)
{
  MvSceneTable *table;

  g_clear_pointer (&scene->boot_imports, mv_scene_table_free);
  table = scene->boot_imports = mv_scene_table_new ("Imports (merged by address, as vm_loader keeps them)");
  mv_scene_table_add_column (table, "Range", MV_COLUMN_MONO);
  mv_scene_table_add_column (table, "Size", MV_COLUMN_RIGHT);
  mv_scene_table_add_column (table, "Tag", MV_COLUMN_TEXT);
  mv_scene_table_add_column (table, "Acceptance", MV_COLUMN_TEXT);
  mv_scene_table_add_column (table, "CRC-32", MV_COLUMN_MONO | MV_COLUMN_WIDE);
  for (guint i = 0; i < imports->len; i++)
    {
      const MvBootImport *im = &g_array_index (imports, MvBootImport, i);
      g_autofree char *range = mv_scene_format_range (im->start, im->end);
      g_autofree char *size = mv_scene_format_size (im->end - im->start);
      g_autofree char *crc = g_strdup_printf ("%08x", im->crc32);
      const char *cells[] = { range, size, im->tag, mv_acceptance_to_string (im->acceptance), crc, NULL };

      mv_scene_table_add_row (table, cells);
    }
  if (imports->len == 0)
    table->note = g_strdup ("None: no image was given (as OpenVMM itself runs PCAT).");
}

/* The e820 map as a table, its exact bounds beside the map's lane. */
static void
set_boot_e820 (MvScene           *scene,
               const MvE820Entry *entries,
               gsize              n_entries)
{
  MvSceneTable *table;

  g_clear_pointer (&scene->boot_e820, mv_scene_table_free);
  if (n_entries == 0)
    return;
  table = scene->boot_e820 = mv_scene_table_new ("e820 map (what the zero page tells the guest)");
  mv_scene_table_add_column (table, "Range", MV_COLUMN_MONO);
  mv_scene_table_add_column (table, "Size", MV_COLUMN_RIGHT);
  mv_scene_table_add_column (table, "Type", MV_COLUMN_TEXT | MV_COLUMN_WIDE);
  for (gsize i = 0; i < n_entries; i++)
    {
      const MvE820Entry *e = &entries[i];
      g_autofree char *range = mv_scene_format_range (e->start, e->end);
      g_autofree char *size = mv_scene_format_size (e->end - e->start);
      g_autofree char *type = g_strdup_printf ("%u %s", e->type, mv_e820_type_name (e->type));
      const char *cells[] = { range, size, type, NULL };

      mv_scene_table_add_row (table, cells);
    }
}

/* The file behind a loader's tag, as the document names it. */
static const char *
boot_file_for_tag (const MvBootConfig *boot,
                   const char         *tag)
{
  if (g_str_equal (tag, "linux-kernel"))
    return boot->kernel;
  if (g_str_equal (tag, "linux-initrd"))
    return boot->initrd;
  if (g_str_equal (tag, "linux-acpi-tables"))
    return boot->acpi_file;
  if (g_str_equal (tag, "uefi-image") || g_str_has_prefix (tag, "pcat-"))
    return boot->firmware;
  return NULL;
}

/**
 * mv_scene_add_boot:
 * What @sc's boot loader did: its e820 lane, its registers, its files as
 * the page map's sources, and its error (an error mark) or the file it
 * still needs (a note, and @boot_hint).
 */
void
mv_scene_add_boot (MvScene          *scene,
                   const MvDocument *doc,
                   const MvScenario *sc)
{
  const char *loader = mv_boot_loader_to_string (doc->boot.loader);

  if (doc->boot.loader == MV_BOOT_LOADER_NONE)
    return;

  if (sc->boot_needs != NULL)
    {
      g_autofree char *msg = g_strdup_printf ("The %s loader needs a %s: choose one under Boot "
                                              "in the sidebar", loader,
                                              g_str_equal (sc->boot_needs, "kernel")
                                              ? "kernel" : "firmware image");

      scene->boot_hint = g_strdup_printf ("%s.", msg);
      mv_scene_set_mark_id (scene, mv_scene_add_mark (scene, MV_MARK_NOTE, -1, FALSE, 0, 0, msg),
                            "boot");
      return;
    }
  if (sc->boot_error != NULL)
    {
      g_autofree char *msg = g_strdup_printf ("The %s loader failed%s%s%s: %s", loader,
                                              sc->boot_error_name ? " (" : "",
                                              sc->boot_error_name ? sc->boot_error_name : "",
                                              sc->boot_error_name ? ")" : "",
                                              sc->boot_error->message);

      mv_scene_set_mark_id (scene, mv_scene_add_mark (scene, MV_MARK_ERROR, -1, FALSE, 0, 0, msg),
                            "boot");
    }

  if (sc->boot_registers != NULL)
    mv_scene_set_boot_registers (scene, loader,
                                 (const MvX86Register *) (gpointer) sc->boot_registers->data,
                                 sc->boot_registers->len);
  if (sc->boot_error == NULL && sc->boot_imports != NULL)
    set_boot_imports (scene, sc->boot_imports);
  if (sc->boot.e820 != NULL)
    set_boot_e820 (scene, (const MvE820Entry *) (gpointer) sc->boot.e820->data, sc->boot.e820->len);

  for (guint i = 0; sc->recorder != NULL && i < sc->recorder->page_map->len; i++)
    {
      const MvPageRun *run = &g_array_index (sc->recorder->page_map, MvPageRun, i);
      const char *file = boot_file_for_tag (&doc->boot, run->tag);
      g_autofree char *base = NULL;

      if (file == NULL)
        {
          /* The loader's own pages (zero page, tables, its GDT, ...). */
          if ((g_str_has_prefix (run->tag, loader) && run->tag[strlen (loader)] == '-') ||
              g_str_equal (run->tag, MV_GDT_DEFAULT_TAG))
            base = g_strdup_printf ("made by the %s loader", loader);
          else
            continue;
        }
      else
        base = g_path_get_basename (file);
      mv_scene_set_page_source (scene, run->page_base, run->page_count, base, FALSE, 0);

      /* The Linux and UEFI loaders import OpenVMM's default GDT: the GDT
       * view shows it as it shows a document's own GDT import. */
      if (g_str_equal (run->tag, MV_GDT_DEFAULT_TAG) && !scene->has_gdt && sc->boot_registers != NULL)
        {
          guint8 bytes[MV_GDT_DEFAULT_SIZE];

          mv_gdt_default_bytes (bytes);
          mv_scene_set_gdt (scene, run->page_base * MV_PAGE_SIZE, bytes, sizeof bytes,
                            (const MvX86Register *) (gpointer) sc->boot_registers->data,
                            sc->boot_registers->len);
        }
    }

  /* Each import's CRC-32, as memviz-cli boot prints it. */
  for (guint i = 0; sc->boot_imports != NULL && i < sc->boot_imports->len; i++)
    {
      const MvBootImport *im = &g_array_index (sc->boot_imports, MvBootImport, i);

      mv_scene_set_page_source (scene, im->start / MV_PAGE_SIZE, im->pages, NULL, TRUE, im->crc32);
    }
}
