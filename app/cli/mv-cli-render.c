/* SPDX-License-Identifier: MIT */
/* memviz-cli render */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <string.h>

#include "mv-cli.h"
#include "mv-parse.h"
#include "mv-presets.h"
#include "mv-render.h"
#include "mv-scenario.h"
#include "mv-scene-igvm.h"
#include "mv-scene-scenario.h"

static const char render_help[] =
  "Runs a document (a .memviz file), a preset or, without either, OpenVMM's\n"
  "default layout through the core (the layout options override what it\n"
  "says; the address width is --address-width here) and renders\n"
  "the map, the MTRR registers, the GDT or the page map to a PNG, SVG or PDF\n"
  "file (by the file name's extension): the same picture the memviz window\n"
  "shows. Without --height, the picture is as tall as its content. With\n"
  "--view all, a PDF has one page per view; PNG and SVG stack the views.\n"
  "--view explain --address A draws how the CPU matches A against each\n"
  "variable pair, bit by bit: the address, the mask, address AND mask and\n"
  "base AND mask, the bits that decide the outcome highlighted (it needs\n"
  "--address; --view all leaves it out).\n"
  "--view versions draws OpenVMM's upstream versions of compute_variable_mtrrs\n"
  "(memviz-cli versions) on one axis: a band per version with its pairs and\n"
  "effective types, or its error, and the addresses whose type differs marked.\n"
  "--lesson writes the lesson instead (memviz-cli steps): one 16:9 slide per\n"
  "step in large type, titled with the step's sentence, showing the pair\n"
  "added and the addresses whose type changed; a PDF gets one page per step,\n"
  "a PNG or SVG name gives numbered files (lesson-01.png, lesson-02.png, ...).\n"
  "Every slide has the same address axis. A version that refuses the layout\n"
  "(--openvmm-version pre-3550 with one MMIO gap) still gives a lesson: the\n"
  "boot state, then a slide naming its error and saying what it refused.\n"
  "--strategy fewest steps through the fewest-pairs solution instead, --strategy\n"
  "both through both at once: each slide shows OpenVMM's step over the fewest\n"
  "pairs' step, each with its sentence.\n"
  "The file is replaced only once it is whole. When the layout, the MTRRs or\n"
  "an import fail, the picture shows it, the error is also printed and the\n"
  "exit status is 1.\n"
  "The boot options (memviz-cli boot's, parsed and refused as it does) run a\n"
  "loader without a document or over the document's [boot] group; --view\n"
  "boot draws what memviz-cli boot prints: the boot processor's registers\n"
  "with their meaning, the imports with their CRC-32s and the e820 map.\n"
  "An IGVM file (by its magic) is drawn instead: a platform's pages by kind,\n"
  "the memory it requires, its diagnostics (map), every run of pages (pages)\n"
  "and its VP context (vp); --platform chooses the platform (default: the\n"
  "first), and --preset or the layout options lay the file over a layout.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli render --preset openvmm-default-8g -o map.png\n"
  "  memviz-cli render my-vm.memviz -o map.svg --theme dark\n"
  "  memviz-cli render --preset pcat -o low.png --range 0-1M --scale 2\n"
  "  memviz-cli render --preset linux-direct -o all.pdf --view all\n"
  "  memviz-cli render --preset large-16t -o log.png --axis log\n"
  "  memviz-cli render -o compare.png --view explain --address 0xf0000000\n"
  "  memviz-cli render --preset openvmm-no-high-mmio --view versions -o versions.png\n"
  "  memviz-cli render --lesson -o lesson.pdf\n"
  "  memviz-cli render --lesson --strategy fewest -o fewest.png\n"
  "  memviz-cli render --lesson --strategy both -o both.pdf\n"
  "  memviz-cli render --ram 1G -o small.png\n"
  "  memviz-cli render --kernel vmlinuz --initrd initrd.img --view boot -o boot.png\n"
  "  memviz-cli render openhcl.igvm -o igvm.png\n"
  "  memviz-cli render openhcl.igvm --platform 0x2 --preset uefi -o snp.png\n";

static gboolean
parse_double (const char *option,
              const char *text,
              double      min,
              double      max,
              double     *out,
              GError    **error)
{
  char *end = NULL;
  double v;

  if (text == NULL)
    return TRUE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v) || v < min || v > max)
    {
      g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                   "--%s %s: give a number from %g to %g", option, text, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* The scene of the IGVM file @path: the platform @platform_text names (or
 * the first), laid over the layout the layout options describe, if any. */
static MvScene *
igvm_scene (const char                *path,
            const char                *platform_text,
            const MvCliLayoutOptions  *o,
            MvCliLayout               *cl,
            GError                   **error)
{
  g_autoptr(MvIgvmFile) igvm = mv_igvm_read_path (path, MV_IGVM_READ_CRC, error);
  g_autofree char *name = g_path_get_basename (path);
  guint64 mask = 0;

  if (igvm == NULL)
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_prefix_error (error, "%s: ", shown);
      return NULL;
    }
  if (platform_text != NULL)
    {
      if (!mv_parse_uint (platform_text, G_MAXUINT32, &mask, error))
        {
          g_prefix_error (error, "--platform %s: ", platform_text);
          return NULL;
        }
      if (mv_igvm_file_platform (igvm, (guint32) mask) == NULL)
        {
          g_autofree char *shown = g_filename_display_name (path);

          g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                       "--platform %s: %s has no platform with that mask", platform_text, shown);
          return NULL;
        }
    }
  else if (igvm->platforms->len > 0)
    mask = g_array_index (igvm->platforms, MvIgvmPlatform, 0).mask;

  if (o->preset != NULL || o->ram != NULL || o->numa != NULL || o->mmio != NULL || o->pci_ecam != NULL ||
      o->pci_mmio != NULL || o->vtl2 != NULL || o->low_mmio != NULL || o->high_mmio != NULL ||
      o->width != NULL || o->profile != NULL || o->vcnt != NULL)
    {
      if (!mv_cli_layout_resolve (o, NULL, MV_SCENARIO_SKIP_FILES, MV_CLI_NEED_NOTHING, cl, error))
        return NULL;
      mv_igvm_diagnose (igvm, cl->layout);
      return mv_scene_new_for_igvm (igvm, name, (guint32) mask, cl->scenario);
    }
  return mv_scene_new_for_igvm (igvm, name, (guint32) mask, NULL);
}

/* render --lesson: the scenario's steps as slides. */
static int
render_lesson (const MvCliLayoutOptions *o,
               const MvCliLayout        *cl,
               const char               *output,
               const char               *strategy_text,
               double                    scale,
               MvTheme                   theme)
{
  guint strategies = 1u << MV_STEPS_STRATEGY_OPENVMM;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvSteps) steps = NULL;
  g_autoptr(MvSteps) beside = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);

  if (strategy_text != NULL && !mv_steps_strategies_from_string (strategy_text, &strategies, &error))
    {
      g_prefix_error (&error, "--strategy: ");
      return mv_cli_fail (o->json, error);
    }
  /* Both: OpenVMM's over the fewest pairs, stepped together. */
  /* A version that refuses the layout still has a lesson: the boot state,
   * then a page saying what it refused and why. */
  steps = mv_steps_new_for_lesson (cl->scenario, strategies == (1u << MV_STEPS_STRATEGY_FEWEST)
                                   ? MV_STEPS_STRATEGY_FEWEST : MV_STEPS_STRATEGY_OPENVMM, &error);
  if (steps != NULL && strategies == MV_STEPS_BOTH)
    beside = mv_steps_new_for_scenario (cl->scenario, MV_STEPS_STRATEGY_FEWEST, &error);
  if (steps == NULL || (strategies == MV_STEPS_BOTH && beside == NULL))
    {
      g_prefix_error (&error, "--lesson: ");
      return mv_cli_fail (o->json, error);
    }
  if (!mv_render_lesson_side_by_side_to_file (cl->scenario->layout, steps, beside, output, scale,
                                              theme, written, &error))
    {
      mv_render_shutdown ();
      return mv_cli_fail (o->json, error);
    }
  if (o->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pages");
      json_builder_add_int_value (b, beside != NULL ? mv_scene_steps_n_positions (steps, beside)
                                     : mv_scene_steps_n_pages (steps));
      json_builder_set_member_name (b, "strategy");
      json_builder_add_string_value (b, beside != NULL ? "both"
                                     : mv_steps_strategy_to_string (steps->strategy));
      /* The version's error where it refused the layout, else null. */
      json_builder_set_member_name (b, "refused");
      if (steps->refusal != NULL)
        json_builder_add_string_value (b, mv_cli_error_kind (steps->refusal));
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "files");
      json_builder_begin_array (b);
      for (guint i = 0; i < written->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (written, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      mv_json_print (b);
    }
  else
    for (guint i = 0; i < written->len; i++)
      g_print ("%s\n", (const char *) g_ptr_array_index (written, i));
  mv_render_shutdown ();
  return MV_CLI_EXIT_OK;
}

int
mv_cli_render_main (int    argc,
                    char **argv)
{
  g_auto(MvCliLayoutOptions) o = { .boot = { .command = "render" } };
  g_autofree GOptionEntry *layout_entries = mv_cli_layout_entries (&o, MV_CLI_OPTIONS_MTRR |
                                                                   MV_CLI_OPTIONS_STATE |
                                                                   MV_CLI_OPTIONS_PICTURE |
                                                                   MV_CLI_OPTIONS_BOOT);
  g_auto(MvCliLayout) cl = { 0 };
  const char *document = NULL;
  g_autofree char *output = NULL;
  g_autofree char *view_text = NULL;
  g_autofree char *width_text = NULL;
  g_autofree char *height_text = NULL;
  g_autofree char *scale_text = NULL;
  g_autofree char *theme_text = NULL;
  g_autofree char *range_text = NULL;
  g_autofree char *axis_text = NULL;
  g_autofree char *platform_text = NULL;
  g_autofree char *address_text = NULL;
  g_autofree char *strategy_text = NULL;
  gboolean lesson = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The file to write: .png, .svg or .pdf", "FILE" },
    { "view", 0, 0, G_OPTION_ARG_STRING, &view_text,
      "map (default), mtrr, gdt, pages, boot (the loader's registers, imports and e820 map), all, "
      "explain, versions (OpenVMM's versions side by side), or vp (an IGVM file's VP context)", "VIEW" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address_text,
      "With --view explain: the address whose masked compare to draw", "ADDR" },
    { "lesson", 0, 0, G_OPTION_ARG_NONE, &lesson,
      "Write the lesson: one 16:9 slide per step (a PDF page each, or numbered PNG/SVG files)", NULL },
    { "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy_text,
      "With --lesson: openvmm (default), fewest or both (side by side)", "STRATEGY" },
    { "width", 0, 0, G_OPTION_ARG_STRING, &width_text,
      "Width in logical pixels, 400 to 16384 (default 1600)", "W" },
    { "height", 0, 0, G_OPTION_ARG_STRING, &height_text,
      "Height in logical pixels, 100 to 16384 (default: as tall as the content)", "H" },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_text,
      "Pixels per logical pixel, 0.25 to 8, e.g. 2 for HiDPI (default 1)", "S" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_text, "light (default) or dark", "THEME" },
    { "range", 0, 0, G_OPTION_ARG_STRING, &range_text,
      "Zoom window: show only START-END (or START+SIZE)", "RANGE" },
    { "axis", 0, 0, G_OPTION_ARG_STRING, &axis_text,
      "Address axis of the map: focus (default), linear or log", "SCALE" },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform_text,
      "With an IGVM file: the platform to draw, by its compatibility mask", "MASK" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvScene) scene = NULL;
  g_autoptr(GPtrArray) failures = NULL;
  MvView view = MV_VIEW_MAP;
  MvTheme theme = MV_THEME_LIGHT;
  MvScaleKind axis = MV_SCALE_FOCUS;
  MvFormat format;
  double width = 1600.0, height = 0.0, scale = 1.0;
  gboolean ok;

  context = mv_cli_context_new ("[FILE.memviz] - render pictures to PNG, SVG or PDF", NULL, render_help);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, layout_entries, NULL);
  if (!mv_cli_parse_layout_command (context, "render", &argc, &argv, &document, &error))
    return mv_cli_fail (o.json, error);
  if (output == NULL)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "render: give the file to write with -o FILE.png|svg|pdf");
      return mv_cli_fail (o.json, error);
    }
  if (!mv_format_from_path (output, &format, &error))
    return mv_cli_fail (o.json, error);
  if (view_text != NULL && !mv_view_from_string (view_text, &view))
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "--view %s: use map, mtrr, gdt, pages, boot, all, explain, versions or vp", view_text);
      return mv_cli_fail (o.json, error);
    }
  if (view != MV_VIEW_EXPLAIN && address_text != NULL)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "--address: only --view explain draws one address");
      return mv_cli_fail (o.json, error);
    }
  if (lesson && (view_text != NULL || address_text != NULL || range_text != NULL ||
                 width_text != NULL || height_text != NULL || axis_text != NULL))
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "--lesson: its slides have their own size and view; give only -o, --strategy, --scale and --theme");
      return mv_cli_fail (o.json, error);
    }
  /* The window's explain pane asks for an address; a picture without one
   * would only draw that question. (--view all leaves the explain view out.) */
  if (view == MV_VIEW_EXPLAIN && address_text == NULL && !lesson)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "--view explain: give the address whose masked compare to draw with --address ADDR");
      return mv_cli_fail (o.json, error);
    }
  if (strategy_text != NULL && !lesson)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE, "--strategy: only --lesson steps through a strategy");
      return mv_cli_fail (o.json, error);
    }
  if (theme_text != NULL && !mv_theme_from_string (theme_text, &theme))
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "--theme %s: use light or dark", theme_text);
      return mv_cli_fail (o.json, error);
    }
  if (axis_text != NULL && !mv_scale_kind_from_string (axis_text, &axis))
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "--axis %s: use focus, linear or log", axis_text);
      return mv_cli_fail (o.json, error);
    }
  if (!parse_double ("width", width_text, 400, 16384, &width, &error) ||
      !parse_double ("height", height_text, 100, 16384, &height, &error) ||
      !parse_double ("scale", scale_text, 0.25, 8, &scale, &error))
    return mv_cli_fail (o.json, error);

  if (document != NULL && mv_igvm_path_has_magic (document))
    {
      if (lesson || address_text != NULL || mv_cli_boot_options_given (&o.boot))
        {
          g_autofree char *shown = g_filename_display_name (document);

          g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                       "%s: an IGVM file has no MTRRs to explain or step through and runs "
                       "no boot loader (--lesson, --address and the boot options need a "
                       "layout)", shown);
          return mv_cli_fail (o.json, error);
        }
      scene = igvm_scene (document, platform_text, &o, &cl, &error);
      if (scene == NULL)
        return mv_cli_fail (o.json, error);
    }
  else if (platform_text != NULL)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "--platform %s: only an IGVM file has platforms", platform_text);
      return mv_cli_fail (o.json, error);
    }
  else
    {
      if (!mv_cli_layout_resolve (&o, document, MV_SCENARIO_NONE, MV_CLI_NEED_NOTHING, &cl, &error))
        return mv_cli_fail (o.json, error);
      if (lesson)
        return render_lesson (&o, &cl, output, strategy_text, scale, theme);
      scene = mv_scene_new_for_scenario (cl.doc, cl.scenario);
      if (view == MV_VIEW_VERSIONS)
        mv_scene_set_versions (scene, mv_versions_scene_new_for_scenario (cl.scenario, scene));
    }
  mv_scene_set_scale (scene, axis);

  if (address_text != NULL)
    {
      guint64 address;
      g_autoptr(MvExplanation) ex = NULL;

      if (!mv_parse_size (address_text, &address, &error) ||
          !(ex = mv_explain_address (cl.scenario->mtrr_state, address, MV_PAT_NONE, &error)))
        {
          g_prefix_error (&error, "--address %s: ", address_text);
          return mv_cli_fail (o.json, error);
        }
      mv_scene_set_mask (scene, mv_mask_scene_new (ex));
    }

  if (range_text != NULL)
    {
      guint64 start, end;

      if (!mv_parse_range (range_text, &start, &end, &error) ||
          !mv_scene_set_window (scene, start, end, &error))
        {
          g_prefix_error (&error, "--range %s: ", range_text);
          return mv_cli_fail (o.json, error);
        }
    }

  if (scene->versions != NULL && scene->versions->map != NULL)
    {
      mv_scene_set_scale (scene->versions->map, scene->scale);
      if (scene->has_window)
        mv_scene_set_window (scene->versions->map, scene->window_start, scene->window_end, NULL);
    }
  ok = mv_render_to_file (scene, output, view, width, height, scale, theme, &error);
  if (!ok)
    {
      mv_render_shutdown ();
      return mv_cli_fail (o.json, error);
    }
  failures = cl.scenario != NULL ? mv_cli_scenario_failures (cl.scenario)
                                 : g_ptr_array_new_with_free_func (g_free);
  {
    g_autofree char *shown = g_filename_display_name (output);

    for (guint i = 0; i < failures->len; i++)
      g_printerr ("memviz-cli: %s (drawn in %s)\n", (const char *) g_ptr_array_index (failures, i), shown);
  }

  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      MvRenderStyle style;

      mv_render_style_init (&style, theme);
      if (height <= 0.0)
        height = mv_render_natural_height (scene, &style, view, width);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, output);
      json_builder_set_member_name (b, "view");
      json_builder_add_string_value (b, mv_view_to_string (view));
      json_builder_set_member_name (b, "width");
      json_builder_add_double_value (b, width);
      json_builder_set_member_name (b, "height");
      json_builder_add_double_value (b, height);
      json_builder_set_member_name (b, "scale");
      json_builder_add_double_value (b, scale);
      json_builder_set_member_name (b, "diagnostics");
      json_builder_add_int_value (b, scene->marks->len);
      json_builder_set_member_name (b, "failures");
      json_builder_begin_array (b);
      for (guint i = 0; i < failures->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (failures, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      mv_json_print (b);
    }
  mv_render_shutdown ();
  return failures->len > 0 ? MV_CLI_EXIT_FOUND : MV_CLI_EXIT_OK;
}

static const char presets_help[] =
  "Lists the presets memviz knows, one a line: its name, then what it shows.\n"
  "Render one with memviz-cli render --preset NAME -o FILE.png.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli presets\n"
  "  memviz-cli presets --json\n";

int
mv_cli_presets_main (int    argc,
                     char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Write JSON instead of text", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = mv_cli_context_new ("- list the presets", NULL, presets_help);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  guint width = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!mv_cli_parse_options (context, &argc, &argv, &error))
    return mv_cli_fail (json, error);
  if (argc > 1)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "presets: unexpected argument \"%s\"", argv[1]);
      return mv_cli_fail (json, error);
    }

  list = mv_presets_list ();
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          const MvPresetInfo *info = g_ptr_array_index (list, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, info->name);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, info->title);
          json_builder_set_member_name (b, "description");
          json_builder_add_string_value (b, info->description);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      mv_json_print (b);
      return MV_CLI_EXIT_OK;
    }

  for (guint i = 0; i < list->len; i++)
    width = MAX (width, strlen (((const MvPresetInfo *) g_ptr_array_index (list, i))->name));
  for (guint i = 0; i < list->len; i++)
    {
      const MvPresetInfo *info = g_ptr_array_index (list, i);

      g_print ("%-*s  %s\n", (int) width, info->name,
               info->description != NULL && *info->description ? info->description : info->title);
    }
  return MV_CLI_EXIT_OK;
}
