/* SPDX-License-Identifier: MIT */
/* memviz: the desktop application. Without a display it says so, renders
 * the default preset (or the document or IGVM file given) to a PNG with
 * the shared renderer (in a private folder of its own unless -o names the
 * file), prints its path and a text summary, and exits 0: 1 when the
 * layout, the MTRRs or an import failed (the picture shows it, as
 * memviz-cli render's does) or stdout could not be written. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <gtk/gtk.h>

#include "mv-application.h"
#include "mv-cli-text.h"
#include "mv-effective.h"
#include "mv-igvm-source.h"
#include "mv-presets.h"
#include "mv-renderer.h"
#include "mv-render.h"
#include "mv-scene-builder.h"
#include "mv-scene-igvm.h"

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

/* Writes @scene to @output (or memviz-@name.png in the temporary folder)
 * and prints the path, the title and the subtitle. Returns the path, or
 * NULL when it could not be written (said on stderr). */
static char *
headless_render (MvScene    *scene,
                 const char *output,
                 const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  MvRenderStyle style;
  double height;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  height = ceil (mv_render_natural_height (scene, &style, MV_VIEW_ALL, 1280));
  if (output != NULL)
    path = g_strdup (output);
  else
    {
      /* A folder of its own (mode 0700, a fresh name): a fixed name in the
       * shared temporary folder could be a link another user planted. */
      g_autofree char *base = g_strdup_printf ("memviz-%s.png", name);
      g_autofree char *dir = g_dir_make_tmp ("memviz-XXXXXX", &error);

      if (dir == NULL)
        {
          g_printerr ("memviz: cannot make a folder for the PNG: %s\n", error->message);
          return NULL;
        }
      path = g_build_filename (dir, base, NULL);
    }
  if (!mv_render_to_file (scene, path, MV_VIEW_ALL, 1280, height, 1.0, MV_THEME_LIGHT, &error))
    {
      g_printerr ("memviz: %s\n", error->message);
      return NULL;
    }
  g_print ("%s\n\n%s\n%s\n\n", path, scene->title ? scene->title : "", scene->subtitle ? scene->subtitle : "");
  return g_steal_pointer (&path);
}

/* An IGVM file without a display: its first platform's pictures, then its
 * platforms, its runs of pages and the reader's diagnostics. */
static int
headless_igvm (const char *path,
               const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvIgvmFile) file = mv_igvm_read_path (path, MV_IGVM_READ_CRC, &error);
  g_autoptr(MvScene) scene = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *png = NULL;

  if (file == NULL)
    {
      g_printerr ("memviz: %s: %s\n", path, error->message);
      return 1;
    }
  scene = mv_scene_new_for_igvm (file, name, file->platforms->len > 0
                                 ? g_array_index (file->platforms, MvIgvmPlatform, 0).mask : 0, NULL);
  png = headless_render (scene, output, "igvm");
  g_clear_pointer (&scene, mv_scene_free);
  mv_render_shutdown ();
  if (png == NULL)
    return 1;
  for (guint i = 0; i < file->platforms->len; i++)
    {
      g_autofree char *label = mv_scene_igvm_platform_label (&g_array_index (file->platforms, MvIgvmPlatform, i));

      g_print ("Platform: %s\n", label);
    }
  g_print ("%u runs of pages, %u VP contexts (memviz-cli igvm %s lists them)\n",
           file->runs->len, file->vp_contexts->len, path);
  for (guint i = 0; i < file->diagnostics->len; i++)
    {
      const MvIgvmDiagnostic *d = g_ptr_array_index (file->diagnostics, i);

      g_print ("%s: %s\n", mv_severity_name (d->severity), d->message);
    }
  return 0;
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
  g_autoptr(GPtrArray) failures = NULL;
  g_autofree char *png = NULL;
  const char *name = preset ? preset : MV_PRESET_DEFAULT;

  if (no_display)
    g_printerr ("memviz: no display (neither DISPLAY nor WAYLAND_DISPLAY reaches a display server); "
                "rendering %s to a PNG instead\n", document ? document : name);

  if (document != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (document);

      if (mv_igvm_source_file_claims (file))
        return headless_igvm (document, output);
    }
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
  png = headless_render (scene, output, document ? "document" : name);
  if (png == NULL)
    return 1;
  print_summary (sc);
  g_clear_pointer (&scene, mv_scene_free);
  mv_render_shutdown ();
  /* A picture of a failure is no success: said as memviz-cli render says
   * it, after the summary. */
  failures = mv_cli_scenario_failures (sc);
  for (guint i = 0; i < failures->len; i++)
    g_printerr ("memviz: %s (drawn in %s)\n", (const char *) g_ptr_array_index (failures, i), png);
  return failures->len > 0 ? 1 : 0;
}

static const char description[] =
  "FILE is a memviz document (FILE.memviz), text holding MTRRs (/proc/mtrr,\n"
  "a boot log or an MSR dump) or an IGVM file (FILE.igvm, shown one platform\n"
  "at a time); each opens in a window of its own. Without a\n"
  "file, memviz opens OpenVMM's default layout (the preset " MV_PRESET_DEFAULT ").\n"
  "\n"
  "Without a display, or with --headless, memviz renders the document (or\n"
  "--preset NAME) to a PNG with the same renderer, prints the PNG's path and a\n"
  "summary (the layout, the effective memory types beside /proc/mtrr, the\n"
  "diagnostics) and exits 0; 1 when the layout, the MTRRs or an import failed\n"
  "(the picture shows it) or standard output could not be written. memviz-cli\n"
  "has the same analysis as commands.\n";

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
  /* What is printed (--help, --version, the summary without a display)
   * must reach stdout: a full disk or /dev/full is an error, exit 1, as
   * memviz-cli checks it. */
  mv_cli_watch_stdout ("memviz", 1);
  /* Past a file-size limit (ulimit -f) a write fails with EFBIG and is
   * reported (a save keeps the old file), rather than SIGXFSZ killing the
   * window with its unsaved edits. */
  signal (SIGXFSZ, SIG_IGN);

  /* The same options, help and errors with a display and without one:
   * they are handled before GTK is started. */
  context = g_option_context_new ("[FILE.memviz | MTRR-DUMP | FILE.igvm...] - x86 guest memory layouts and MTRRs");
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
  mv_renderer_pick ();
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
