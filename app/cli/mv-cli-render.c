/* SPDX-License-Identifier: MIT */
/* memviz-cli render */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "mv-cli.h"
#include "mv-gdt.h"
#include "mv-mtrr.h"
#include "mv-parse.h"
#include "mv-render.h"

static const char render_help[] =
  "Renders the map, the MTRR registers, the GDT or the page map to a PNG, SVG\n"
  "or PDF file (by the file name's extension), the same picture the memviz\n"
  "window shows. Without --height, the picture is as tall as its content.\n"
  "With --view all, a PDF has one page per view; PNG and SVG stack them.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli render -o map.png\n"
  "  memviz-cli render --ram 4P --mmio 3G-4G -o big.svg --theme dark\n"
  "  memviz-cli render -o low.png --range 0-1M --axis linear --scale 2\n"
  "  memviz-cli render -o all.pdf --view all\n";

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

int
mv_cli_render_main (int    argc,
                    char **argv)
{
  g_auto(MvCliLayoutOptions) o = { 0 };
  g_autofree GOptionEntry *layout_entries = mv_cli_layout_entries (&o, TRUE, FALSE);
  g_autofree char *output = NULL;
  g_autofree char *view_text = NULL;
  g_autofree char *width_text = NULL;
  g_autofree char *height_text = NULL;
  g_autofree char *scale_text = NULL;
  g_autofree char *theme_text = NULL;
  g_autofree char *range_text = NULL;
  g_autofree char *axis_text = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The file to write: .png, .svg or .pdf", "FILE" },
    { "view", 0, 0, G_OPTION_ARG_STRING, &view_text,
      "map (default), mtrr, gdt, pages or all", "VIEW" },
    { "width", 0, 0, G_OPTION_ARG_STRING, &width_text,
      "Width in logical pixels (default 1600)", "W" },
    { "height", 0, 0, G_OPTION_ARG_STRING, &height_text,
      "Height in logical pixels (default: as tall as the content)", "H" },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_text,
      "Pixels per logical pixel, e.g. 2 for HiDPI (default 1)", "S" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_text, "light (default) or dark", "THEME" },
    { "range", 0, 0, G_OPTION_ARG_STRING, &range_text,
      "Zoom window: show only START-END (or START+SIZE)", "RANGE" },
    { "axis", 0, 0, G_OPTION_ARG_STRING, &axis_text,
      "Address axis: focus (default), linear or log", "SCALE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MvCliLayout) cl = { 0 };
  g_autoptr(GArray) regs = g_array_new (FALSE, FALSE, sizeof (MvX86Register));
  g_autoptr(MvRecorder) rec = mv_recorder_new (FALSE);
  g_autoptr(MvScene) scene = NULL;
  MvView view = MV_VIEW_MAP;
  MvTheme theme = MV_THEME_LIGHT;
  MvScaleKind axis = MV_SCALE_FOCUS;
  double width = 1600.0, height = 0.0, scale = 1.0;
  guint8 gdt[MV_GDT_DEFAULT_SIZE];

  context = mv_cli_context_new ("- render pictures to PNG, SVG or PDF", NULL, render_help);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, layout_entries, NULL);
  if (!mv_cli_parse_options (context, &argc, &argv, &error))
    return mv_cli_fail (o.json, error);
  if (argc > 1)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "render: unexpected argument \"%s\"", argv[1]);
      return mv_cli_fail (o.json, error);
    }
  if (output == NULL)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "render: give the file to write with -o FILE.png|svg|pdf");
      return mv_cli_fail (o.json, error);
    }
  {
    MvFormat format;

    if (!mv_format_from_path (output, &format, &error))
      return mv_cli_fail (o.json, error);
  }
  if (view_text != NULL && !mv_view_from_string (view_text, &view))
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "--view %s: use map, mtrr, gdt, pages or all", view_text);
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
  if (!parse_double ("width", width_text, 200, 16384, &width, &error) ||
      !parse_double ("height", height_text, 100, 16384, &height, &error) ||
      !parse_double ("scale", scale_text, 0.25, 8, &scale, &error))
    return mv_cli_fail (o.json, error);

  if (!mv_cli_layout_resolve (&o, &cl, &error))
    return mv_cli_fail (o.json, error);
  if (!mv_mtrr_compute_variable (cl.layout, cl.width, cl.low_mmio, cl.high_mmio, regs, &error))
    return mv_cli_fail (o.json, error);
  if (!mv_gdt_import_default (&rec->parent, 1, &error))
    return mv_cli_fail (o.json, error);
  mv_gdt_default_bytes (gdt);

  scene = mv_scene_new (cl.is_default ? "OpenVMM default x86_64 layout" : "Memory layout",
                        NULL);
  mv_scene_set_scale (scene, axis);
  mv_scene_add_layout (scene, cl.layout);
  mv_scene_add_variable_mtrrs (scene, (MvX86Register *) regs->data, regs->len, cl.width);
  mv_scene_add_page_map (scene, rec);
  mv_scene_set_gdt (scene, 0x1000, gdt, sizeof gdt, (MvX86Register *) rec->registers->data,
                    rec->registers->len);

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

  if (!mv_render_to_file (scene, output, view, width, height, scale, theme, &error))
    return mv_cli_fail (o.json, error);
  return MV_CLI_EXIT_OK;
}
