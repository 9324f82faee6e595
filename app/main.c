/* SPDX-License-Identifier: MIT */
/* memviz: the desktop application. Without a display it says so, renders
 * the default preset (or the document given) to a PNG with the shared
 * renderer, prints its path and a text summary, and exits 0. */
#include "config.h"

#include <locale.h>
#include <gtk/gtk.h>

#include "mv-application.h"
#include "mv-effective.h"
#include "mv-parse.h"
#include "mv-presets.h"
#include "mv-render.h"
#include "mv-scene-builder.h"

static void
print_summary (const MvScenario  *sc,
               const MvMtrrState *state,
               GPtrArray         *diagnostics)
{
  if (sc->layout_error != NULL)
    g_print ("Layout error: %s%s%s\n", sc->layout_error_name ? sc->layout_error_name : "",
             sc->layout_error_name ? ": " : "", sc->layout_error->message);
  if (sc->layout != NULL)
    {
      g_print ("Layout:\n");
      for (guint i = 0; i < sc->layout->ram->len; i++)
        {
          const MvRamRange *r = &g_array_index (sc->layout->ram, MvRamRange, i);
          g_autofree char *size = mv_format_size (mv_range_len (&r->range));

          g_print ("  RAM   0x%012" G_GINT64_MODIFIER "x-0x%012" G_GINT64_MODIFIER "x  %s (node %u)\n",
                   r->range.start, r->range.end, size, r->vnode);
        }
      for (guint i = 0; i < sc->layout->mmio->len; i++)
        {
          const MvRange *r = &g_array_index (sc->layout->mmio, MvRange, i);
          g_autofree char *size = mv_format_size (mv_range_len (r));

          g_print ("  MMIO  0x%012" G_GINT64_MODIFIER "x-0x%012" G_GINT64_MODIFIER "x  %s\n",
                   r->start, r->end, size);
        }
    }
  if (sc->mtrr_error != NULL)
    g_print ("MTRR error: %s\n", sc->mtrr_error->message);
  if (state != NULL)
    {
      g_auto(GStrv) lines = mv_mtrr_format_proc_mtrr (state);
      g_autoptr(MvEffectiveMap) map = NULL;
      guint64 end;

      g_print ("Variable MTRRs (as /proc/mtrr prints them):\n");
      for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
        g_print ("  %s\n", lines[i]);

      mv_scene_builder_effective_end (sc, state, &end);
      map = mv_effective_map_new (state, 0, end, 64, MV_PAT_NONE);
      g_print ("Effective memory types:\n");
      for (guint i = 0; map != NULL && i < map->ranges->len; i++)
        {
          const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
          g_auto(GStrv) by = mv_effective_range_get_by (r);
          g_autofree char *who = g_strjoinv (", ", by);

          g_print ("  0x%012" G_GINT64_MODIFIER "x-0x%012" G_GINT64_MODIFIER "x  %-3s  %s (%s)\n",
                   r->range.start, r->range.end, mv_mem_type_name (r->type),
                   mv_effective_rule_name (r->rule), who);
        }
    }
  if (diagnostics != NULL && diagnostics->len > 0)
    {
      g_print ("Diagnostics:\n");
      for (guint i = 0; i < diagnostics->len; i++)
        {
          const MvDiagnostic *d = g_ptr_array_index (diagnostics, i);

          g_print ("  %-7s %s\n", mv_severity_name (d->severity), d->message);
        }
    }
}

static int
headless_main (const char *document,
               const char *preset,
               const char *output,
               gboolean    no_display)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(MvScenario) sc = NULL;
  g_autoptr(MvScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  MvRenderStyle style;
  const char *name = preset ? preset : MV_PRESET_DEFAULT;
  double height;

  if (no_display)
    g_printerr ("memviz: no display (neither DISPLAY nor WAYLAND_DISPLAY reaches a display server); "
                "rendering %s to a PNG instead\n", document ? document : name);

  doc = document ? mv_document_load_from_file (document, &error) : mv_preset_load (name, &error);
  if (doc == NULL)
    {
      g_printerr ("memviz: %s\n", error->message);
      return 1;
    }

  sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  scene = mv_scene_build (sc, doc, doc->title);
  mv_render_style_init (&style, MV_THEME_LIGHT);
  height = ceil (mv_render_natural_height (scene, &style, MV_VIEW_ALL, 1280));

  if (output != NULL)
    path = g_strdup (output);
  else
    {
      g_autofree char *base = g_strdup_printf ("memviz-%s.png", document ? "document" : name);

      path = g_build_filename (g_get_tmp_dir (), base, NULL);
    }
  if (!mv_render_to_file (scene, path, MV_VIEW_ALL, 1280, height, 1.0, MV_THEME_LIGHT, &error))
    {
      g_printerr ("memviz: %s\n", error->message);
      return 1;
    }

  g_print ("%s\n\n%s\n%s\n\n", path, scene->title ? scene->title : "", scene->subtitle ? scene->subtitle : "");
  print_summary (sc, sc->layout ? sc->mtrr_state : NULL, sc->diagnostics);
  g_clear_pointer (&scene, mv_scene_free);
  mv_render_shutdown ();
  return 0;
}

/*
 * Without a GPU that Mesa can use (no DRM render node), GTK's GL renderer
 * runs on a software rasterizer and paints the window several times slower
 * than GTK's cairo renderer (README, "Benchmarks"): take cairo then, unless
 * the user chose a renderer with GSK_RENDERER.
 */
static void
pick_renderer (void)
{
  g_autoptr(GDir) dri = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return;
  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return;
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(MvApplication) app = NULL;
  const char *output = NULL;
  const char *preset = NULL;
  const char *document = NULL;
  gboolean headless = FALSE;
  int n = 1;

  setlocale (LC_ALL, "");

  /* Our own options; the rest (files, GApplication's) goes on. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--headless"))
        headless = TRUE;
      else if (g_str_has_prefix (argv[i], "--output="))
        output = argv[i] + strlen ("--output=");
      else if (g_str_has_prefix (argv[i], "--preset="))
        preset = argv[i] + strlen ("--preset=");
      else if (g_str_equal (argv[i], "--help-headless"))
        {
          g_print ("memviz [FILE.memviz...]\n"
                   "memviz --headless [--preset=NAME | FILE.memviz] [--output=FILE.png]\n"
                   "  Without a display, or with --headless, memviz renders the document\n"
                   "  (default: the preset " MV_PRESET_DEFAULT ") to a PNG and prints a summary.\n");
          return 0;
        }
      else
        {
          if (argv[i][0] != '-' && document == NULL)
            document = argv[i];
          argv[n++] = argv[i];
        }
    }
  argc = n;
  argv[argc] = NULL;

  if (headless || output != NULL)
    return headless_main (document, preset, output, FALSE);
  pick_renderer ();
  if (!gtk_init_check ())
    return headless_main (document, preset, output, TRUE);

  app = mv_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
