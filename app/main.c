/* SPDX-License-Identifier: MIT */
/* memviz: the desktop application. Without a display it says so, renders
 * the default preset (or the document given) to a PNG with the shared
 * renderer (in a private folder of its own unless -o names the file),
 * prints its path and a text summary, and exits 0. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <gtk/gtk.h>

#include "mv-application.h"
#include "mv-cli-text.h"
#include "mv-effective.h"
#include "mv-presets.h"
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
               gboolean    allow_outside,
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
  /* No window to ask in: files outside the document's folder are refused
   * (memviz-cli does the same). */
  if (doc != NULL && !allow_outside && !mv_document_refuse_outside_files (doc, &error))
    g_clear_pointer (&doc, mv_document_free);
  if (doc == NULL)
    {
      g_printerr ("memviz: %s\n", error->message);
      return 1;
    }
  /* What in it meant nothing (an unknown key, ...), as memviz-cli says it. */
  for (guint i = 0; i < doc->warnings->len; i++)
    g_printerr ("memviz: %s: warning: %s\n", document ? document : name,
                ((const MvDocumentWarning *) g_ptr_array_index (doc->warnings, i))->message);

  sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  scene = mv_scene_build (sc, doc, doc->title);
  mv_render_style_init (&style, MV_THEME_LIGHT);
  height = ceil (mv_render_natural_height (scene, &style, MV_VIEW_ALL, 1280));

  if (output != NULL)
    path = g_strdup (output);
  else
    {
      /* A folder of its own (mode 0700, a fresh name): a fixed name in the
       * shared temporary folder could be a link another user planted. */
      g_autofree char *base = g_strdup_printf ("memviz-%s.png", document ? "document" : name);
      g_autofree char *dir = g_dir_make_tmp ("memviz-XXXXXX", &error);

      if (dir == NULL)
        {
          g_printerr ("memviz: cannot make a folder for the PNG: %s\n", error->message);
          return 1;
        }
      path = g_build_filename (dir, base, NULL);
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
  gboolean allow_outside = FALSE;
  const GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless,
      "Render to a PNG and print a summary instead of opening a window", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The PNG to write without a window (default: memviz-NAME.png in a new private folder "
      "in the temporary folder)",
      "FILE.png" },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset,
      "The preset to render without a window (default " MV_PRESET_DEFAULT ")", "NAME" },
    { "allow-outside-files", 0, 0, G_OPTION_ARG_NONE, &allow_outside,
      "Without a window: read the files a document imports even outside its folder", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* Past a file-size limit (ulimit -f) a write fails with EFBIG and is
   * reported (a save keeps the old file), rather than SIGXFSZ killing the
   * window with its unsaved edits. */
  signal (SIGXFSZ, SIG_IGN);

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
    return headless_main (files ? files[0] : NULL, preset, output, allow_outside, FALSE);
  pick_renderer ();
  if (!gtk_init_check ())
    return headless_main (files ? files[0] : NULL, preset, output, allow_outside, TRUE);

  app_argv = g_ptr_array_new ();
  g_ptr_array_add (app_argv, argv[0]);
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    g_ptr_array_add (app_argv, files[i]);
  g_ptr_array_add (app_argv, NULL);
  app = mv_application_new ();
  return g_application_run (G_APPLICATION (app), (int) app_argv->len - 1, (char **) app_argv->pdata);
}
