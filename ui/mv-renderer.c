/* SPDX-License-Identifier: MIT */
/* Which of GTK's renderers memviz paints with: one decision, made before
 * GTK starts, by the app and by the GUI benchmark that measures it. */
#include "config.h"

#include <string.h>

#include "mv-renderer.h"

/* Whether the machine has a GPU Mesa can use: a DRM render node. */
static gboolean
has_render_node (void)
{
  g_autoptr(GDir) dri = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

/**
 * mv_renderer_pick:
 *
 * Without a GPU that Mesa can use (no DRM render node), GTK's GL renderer
 * runs on a software rasterizer and paints the window several times slower
 * than GTK's cairo renderer (README, "Benchmarks"): take cairo then, unless
 * the user chose a renderer with GSK_RENDERER. When the renderer is cairo
 * (picked here or chosen), nothing draws with GL, and GDK is told not to
 * load it (GDK_DEBUG=gl-disable): on X11, GDK 4.8 otherwise loads Mesa
 * when it opens the display, to pick a visual for GL, a third of the CPU
 * time from launch to the first frame. Call it before gtk_init().
 *
 * Returns: the renderer's name, as GSK_RENDERER gives it, or "default"
 */
const char *
mv_renderer_pick (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");
  const char *debug = g_getenv ("GDK_DEBUG");

  if (renderer == NULL && !has_render_node ())
    {
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      renderer = g_getenv ("GSK_RENDERER");
    }
  if (g_strcmp0 (renderer, "cairo") == 0 && (debug == NULL || strstr (debug, "gl-") == NULL))
    {
      g_autofree char *flags = debug && *debug ? g_strconcat (debug, ",gl-disable", NULL)
                                               : g_strdup ("gl-disable");

      g_setenv ("GDK_DEBUG", flags, TRUE);
    }
  return renderer ? renderer : "default";
}
