/* SPDX-License-Identifier: MIT */
/* A scene for a document run through the core: every lane, table and
 * diagnostic the scenario's result holds. */
#include "mv-scene-scenario.h"

#include "mv-gdt.h"
#include "mv-scene-mtrr.h"

static char *
import_source (const MvImportSpec   *spec,
               const MvImportResult *result)
{
  switch (result->kind)
    {
    case MV_IMPORT_KIND_GDT:
      return g_strdup ("default GDT");
    case MV_IMPORT_KIND_SYNTHETIC:
      {
        g_autofree char *size = mv_scene_format_size (spec != NULL ? spec->size : result->bytes);

        return g_strdup_printf ("synthetic: %s of 0x%02x", size, spec != NULL ? spec->fill : 0);
      }
    case MV_IMPORT_KIND_FILE:
    default:
      if (result->resolved_path != NULL)
        return g_path_get_basename (result->resolved_path);
      if (spec != NULL && spec->path != NULL)
        return g_strdup (spec->path);
      return g_strdup ("");
    }
}

/* " · low MMIO 0xf8000000+128 MiB, 0x…": the gaps of @gaps below 4 GiB
 * (@low_only), at or above it (@high_only) or all of them. */
static void
append_gaps (GString      *s,
             const char   *what,
             const GArray *gaps,
             gboolean      low_only,
             gboolean      high_only)
{
  gboolean first = TRUE;

  for (guint i = 0; gaps != NULL && i < gaps->len; i++)
    {
      const MvRange *r = &g_array_index (gaps, MvRange, i);
      g_autofree char *size = NULL;

      if ((low_only && r->start >= MV_FOUR_GB) || (high_only && r->start < MV_FOUR_GB))
        continue;
      size = mv_scene_format_size (r->end - r->start);
      if (first)
        g_string_append_printf (s, " \u00b7 %s ", what);
      else
        g_string_append (s, ", ");
      g_string_append_printf (s, "0x%" G_GINT64_MODIFIER "x+%s", r->start, size);
      first = FALSE;
    }
}

/* One line of facts about the layout @sc computed from @doc, for the
 * picture's subtitle: RAM, the low and high MMIO gaps, PCI and VTL2
 * ranges, the address width, VCNT and the boot profile. Made from the
 * document and its layout, so it never says more than they do. */
static char *
describe_layout (const MvDocument *doc,
                 const MvScenario *sc)
{
  GString *s = g_string_new (NULL);
  guint64 ram = 0;
  guint n_nodes = doc->numa ? doc->ram_sizes->len : 1;
  gboolean has_low = FALSE, has_high = FALSE;

  if (sc != NULL && sc->layout != NULL)
    ram = mv_layout_ram_size (sc->layout);
  else
    mv_document_ram_total (doc, &ram);
  {
    g_autofree char *size = mv_scene_format_size (ram);

    g_string_append_printf (s, "%s RAM", size);
    if (n_nodes > 1)
      g_string_append_printf (s, " in %u NUMA nodes", n_nodes);
  }

  for (guint i = 0; i < doc->mmio->len; i++)
    {
      if (g_array_index (doc->mmio, MvRange, i).start < MV_FOUR_GB)
        has_low = TRUE;
      else
        has_high = TRUE;
    }
  if (!has_low && !has_high)
    g_string_append (s, " \u00b7 no MMIO gaps");
  append_gaps (s, "low MMIO", doc->mmio, TRUE, FALSE);
  if (has_low && !has_high)
    g_string_append (s, " \u00b7 no high MMIO");
  append_gaps (s, "high MMIO", doc->mmio, FALSE, TRUE);
  append_gaps (s, "PCI ECAM", doc->pci_ecam, FALSE, FALSE);
  append_gaps (s, "PCI MMIO", doc->pci_mmio, FALSE, FALSE);
  if (doc->has_vtl2)
    {
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (MvRange));

      g_array_append_val (one, doc->vtl2);
      append_gaps (s, "VTL2", one, FALSE, FALSE);
    }

  g_string_append_printf (s, " \u00b7 %u-bit addresses", doc->address_width);
  if (sc != NULL && sc->mtrr_state != NULL && sc->width != doc->address_width)
    g_string_append_printf (s, " (upstream uses %u)", sc->width);
  if (doc->vcnt != MV_DOCUMENT_DEFAULT_VCNT)
    g_string_append_printf (s, " \u00b7 VCNT %u", doc->vcnt);
  /* A loader sets the MTRRs itself: it, not the profile, is the boot. */
  if (doc->boot.loader != MV_BOOT_LOADER_NONE)
    g_string_append_printf (s, " \u00b7 %s loader", mv_boot_loader_to_string (doc->boot.loader));
  else if (doc->profile != NULL)
    g_string_append_printf (s, " \u00b7 %s boot", doc->profile);
  return g_string_free (s, FALSE);
}

/**
 * mv_scene_new_for_scenario:
 * The scene of @scenario, the result of running @document: the layout,
 * the effective types, the fixed and variable MTRRs, the page map, the
 * GDT, and the diagnostics, including the scenario's own errors.
 *
 * Returns: (transfer full): the scene
 */
MvScene *
mv_scene_new_for_scenario (const MvDocument *doc,
                           const MvScenario *sc)
{
  g_autoptr(MvScene) scene = NULL;
  int pages_lane;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (sc != NULL, NULL);

  {
    /* The subtitle states what the layout is, made from it: a description
     * written for another layout (a preset's, once edited) never shows. */
    g_autofree char *facts = describe_layout (doc, sc);

    scene = mv_scene_new (doc->title != NULL && *doc->title ? doc->title : "Untitled", facts);
  }

  if (sc->layout != NULL)
    mv_scene_add_layout (scene, sc->layout);
  else if (sc->layout_error != NULL)
    {
      g_autofree char *msg = g_strdup_printf ("The layout failed (%s): %s",
                                              sc->layout_error_name ? sc->layout_error_name : "error",
                                              sc->layout_error->message);

      mv_scene_add_mark (scene, MV_MARK_ERROR, -1, FALSE, 0, 0, msg);
    }
  if (sc->shortfall > 0 && sc->layout != NULL)
    {
      g_autofree char *lost = mv_scene_format_size (sc->shortfall);
      g_autofree char *msg = mv_layout_shortfall_message (lost);

      mv_scene_set_mark_id (scene, mv_scene_add_mark (scene, MV_MARK_WARNING, -1, FALSE, 0, 0, msg),
                            "shortfall");
    }
  if (sc->mtrr_error != NULL)
    {
      g_autofree char *msg = g_strdup_printf ("The variable MTRRs could not be computed (%s): %s",
                                              sc->mtrr_error_name ? sc->mtrr_error_name : "error",
                                              sc->mtrr_error->message);

      mv_scene_add_mark (scene, MV_MARK_ERROR, -1, FALSE, 0, 0, msg);
    }

  /* What the guest is told, beside what the layout and the MTRRs say. */
  if (sc->boot.e820 != NULL)
    mv_scene_add_e820 (scene, (const MvE820Entry *) (gpointer) sc->boot.e820->data,
                       sc->boot.e820->len);

  /* The scenario carries the MTRR analysis: draw it, compute nothing. */
  if (sc->mtrr_state != NULL && sc->effective != NULL)
    mv_scene_add_mtrr_analysis (scene, sc->mtrr_state, sc->effective, sc->diagnostics);

  if (sc->recorder != NULL)
    mv_scene_add_page_map (scene, sc->recorder);
  pages_lane = mv_scene_find_lane (scene, MV_LANE_PAGES, 0);
  mv_scene_add_boot (scene, doc, sc);

  for (guint i = 0; sc->imports != NULL && i < sc->imports->len; i++)
    {
      const MvImportResult *r = &g_array_index (sc->imports, MvImportResult, i);
      const MvImportSpec *spec = doc->imports != NULL && i < doc->imports->len
                                 ? g_ptr_array_index (doc->imports, i) : NULL;

      if (!r->ok)
        {
          g_autofree char *msg = g_strdup_printf ("Import %s failed%s%s%s: %s", r->name,
                                                  r->error_name ? " (" : "",
                                                  r->error_name ? r->error_name : "",
                                                  r->error_name ? ")" : "",
                                                  r->error ? r->error->message : "unknown error");
          guint64 start = r->page_base < G_MAXUINT64 / MV_PAGE_SIZE ? r->page_base * MV_PAGE_SIZE
                                                                  : G_MAXUINT64 & ~MV_PAGE_MASK;
          g_autofree char *id = g_strdup_printf ("import/%s", r->name);

          mv_scene_set_mark_id (scene, mv_scene_add_mark (scene, MV_MARK_ERROR, r->has_pages ? pages_lane : -1,
                                                          r->has_pages, start, start + MV_PAGE_SIZE, msg),
                                id);
          continue;
        }
      if (r->has_pages)
        {
          g_autofree char *source = import_source (spec, r);

          mv_scene_set_page_source (scene, r->page_base, r->page_count, source, TRUE, r->crc32);
        }
      if (r->kind == MV_IMPORT_KIND_GDT && !scene->has_gdt && r->has_pages)
        {
          guint8 bytes[MV_GDT_DEFAULT_SIZE];

          mv_gdt_default_bytes (bytes);
          mv_scene_set_gdt (scene, r->page_base * MV_PAGE_SIZE, bytes, sizeof bytes,
                            (const MvX86Register *) sc->recorder->registers->data,
                            sc->recorder->registers->len);
        }
    }

  /* Numbered in the one order every list shows diagnostics in. */
  mv_scene_sort_marks (scene);
  return g_steal_pointer (&scene);
}
