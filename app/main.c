/* SPDX-License-Identifier: MIT */
/* memviz: the desktop application. Without a display it says so, renders
 * the default preset (or the document given) to a PNG with the shared
 * renderer, prints its path and a text summary, and exits 0. */
#include "config.h"

#include <locale.h>
#include <gtk/gtk.h>

#include "mv-application.h"
#include "mv-cli-text.h"
#include "mv-effective.h"
#include "mv-presets.h"
#include "mv-renderer.h"
#include "mv-render.h"
#include "mv-scene-builder.h"

/* The summary printed without a display: the layout, the effective memory
 * types beside /proc/mtrr and the diagnostics, by memviz-cli's printers. */
static void
print_summary (const MvScenario *sc)
{
  guint counts[3];

  if (sc->layout_error != NULL)
    g_print ("Layout error: %s%s%s\n", sc->layout_error_name ? sc->layout_error_name : "",
             sc->layout_error_name ? ": " : "", sc->layout_error->message);
  else
    mv_print_layout (sc->layout, NULL, NULL);

  if (sc->mtrr_error != NULL)
    g_print ("\nMTRR error: %s\n", sc->mtrr_error->message);
  else if (sc->layout != NULL)
    {
      g_auto(GStrv) proc = mv_mtrr_format_proc_mtrr (sc->mtrr_state);
      g_autoptr(MvEffectiveMap) map = NULL;
      g_autofree char *origin = g_strdup_printf ("profile %s", sc->profile);
      guint64 end;

      mv_scene_builder_effective_end (sc, sc->mtrr_state, &end);
      map = mv_effective_map_new (sc->mtrr_state, 0, end, 64, MV_PAT_NONE);
      mv_print_effective (sc->mtrr_state, origin, map, proc, NULL);
    }

  g_print ("\n");
  mv_cli_count_severities (sc->diagnostics, counts);
  mv_print_diagnostics (sc->diagnostics, counts);
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
  print_summary (sc);
  g_clear_pointer (&scene, mv_scene_free);
  mv_render_shutdown ();
  return 0;
}

static const char description[] =
  "FILE is a memviz document (FILE.memviz) or text holding MTRRs (/proc/mtrr,\n"
  "a boot log or an MSR dump); each opens in a window of its own. Without a\n"
  "file, memviz opens OpenVMM's default layout (the preset " MV_PRESET_DEFAULT ").\n"
  "\n"
  "Without a display, or with --headless, memviz renders the document (or\n"
  "--preset NAME) to a PNG with the same renderer, prints the PNG's path and a\n"
  "summary (the layout, the effective memory types beside /proc/mtrr, the\n"
  "diagnostics) and exits 0. memviz-cli has the same analysis as commands.\n";

int
main (int    argc,
      char **argv)
{
  g_autoptr(MvApplication) app = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *preset = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GPtrArray) app_argv = NULL;
  gboolean headless = FALSE;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless,
      "Render to a PNG and print a summary instead of opening a window", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The PNG to write without a window (default: memviz-NAME.png in the temporary folder)",
      "FILE.png" },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset,
      "The preset to render without a window (default " MV_PRESET_DEFAULT ")", "NAME" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  /* The same options, help and errors with a display and without one:
   * they are handled before GTK is started. */
  context = g_option_context_new ("[FILE.memviz | MTRR-DUMP...] - x86 guest memory layouts and MTRRs");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      if (g_ascii_isupper (error->message[0]) && g_ascii_islower (error->message[1]))
        error->message[0] = g_ascii_tolower (error->message[0]);
      g_printerr ("memviz: %s (see memviz --help)\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("memviz %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (headless || output != NULL)
    return headless_main (files ? files[0] : NULL, preset, output, FALSE);
  mv_renderer_pick ();
  if (!gtk_init_check ())
    return headless_main (files ? files[0] : NULL, preset, output, TRUE);

  app_argv = g_ptr_array_new ();
  g_ptr_array_add (app_argv, argv[0]);
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    g_ptr_array_add (app_argv, files[i]);
  g_ptr_array_add (app_argv, NULL);
  app = mv_application_new ();
  return g_application_run (G_APPLICATION (app), (int) app_argv->len - 1, (char **) app_argv->pdata);
}
