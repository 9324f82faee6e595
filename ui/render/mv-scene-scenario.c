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

  scene = mv_scene_new (doc->title != NULL && *doc->title ? doc->title : "Untitled",
                        doc->description != NULL && *doc->description ? doc->description : NULL);

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
      g_autofree char *msg = g_strdup_printf ("%s of the RAM asked for does not fit below the top of "
                                              "the address space; upstream silently places less.", lost);

      mv_scene_add_mark (scene, MV_MARK_WARNING, -1, FALSE, 0, 0, msg);
    }
  if (sc->mtrr_error != NULL)
    {
      g_autofree char *msg = g_strdup_printf ("The variable MTRRs could not be computed (%s): %s",
                                              sc->mtrr_error_name ? sc->mtrr_error_name : "error",
                                              sc->mtrr_error->message);

      mv_scene_add_mark (scene, MV_MARK_ERROR, -1, FALSE, 0, 0, msg);
    }

  /* The scenario carries the MTRR analysis: draw it, compute nothing. */
  if (sc->mtrr_state != NULL && sc->effective != NULL)
    mv_scene_add_mtrr_analysis (scene, sc->mtrr_state, sc->effective, sc->diagnostics);

  if (sc->recorder != NULL)
    mv_scene_add_page_map (scene, sc->recorder);
  pages_lane = mv_scene_find_lane (scene, MV_LANE_PAGES, 0);

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

          mv_scene_add_mark (scene, MV_MARK_ERROR, r->has_pages ? pages_lane : -1, r->has_pages,
                             start, start + MV_PAGE_SIZE, msg);
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
  return g_steal_pointer (&scene);
}
