/* SPDX-License-Identifier: MIT */
/* Which of GTK's renderers memviz paints with: one decision, made before
 * GTK starts, by the app and by the GUI benchmark that measures it. */
#include "config.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#ifdef HAVE_CAIRO_XLIB
#include <cairo-xlib.h>
#include <gdk/x11/gdkx.h>

/* The pools kept for a display's frames (mv_renderer_keep_shm_pool()). */
typedef struct
{
  GPtrArray *holds;    /* a small picture in each pool, which keeps it */
  gsize      largest;  /* the most pixels of a frame they were made for */
} KeptPools;

static void
kept_pools_free (gpointer data)
{
  KeptPools *kept = data;

  g_ptr_array_unref (kept->holds);
  g_free (kept);
}
#endif

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

/* With the cairo renderer the CPU paints every frame into memory that GSK
 * allocates for it (the frame and the pictures of its groups, megabytes
 * each) and frees when the frame ends. glibc gives every block of 128 KiB
 * or more its own mapping, returned to the kernel when freed, until it has
 * seen such blocks freed; until then each frame paints into fresh pages, a
 * page fault every 4 KiB, which made the first edit in a new memviz cost
 * twice what the edits after it cost (README, "Benchmarks"). Blocks up to
 * 16 MiB (a frame of 2048 x 2048) come from the heap instead, and up to
 * 32 MiB of its freed top stays with the process for the next frame. */
static void
keep_frame_memory (void)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 16 << 20);
  mallopt (M_TRIM_THRESHOLD, 32 << 20);
#endif
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
 * time from launch to the first frame. With cairo, freed frames' memory
 * is kept for the next frames (keep_frame_memory()). Call it before
 * gtk_init().
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
  if (g_strcmp0 (renderer, "cairo") == 0)
    keep_frame_memory ();
  return renderer ? renderer : "default";
}

/**
 * mv_renderer_keep_shm_pool:
 * @window: a realized toplevel, laid out for its next frame
 *
 * With the cairo renderer on X11, GDK hands every frame to the X server
 * through cairo's Xlib backend, which copies it into a pool of shared
 * memory. Cairo gives a pool back as soon as nothing in it is in use, and
 * that happens once a window has opened and gone quiet: the first edit
 * after it then gets a new pool, and writing the frame into its fresh
 * pages (a page fault for every 4 KiB) cost as much as the rest of that
 * frame together, 10 ms of an 18 ms edit (README, "Benchmarks").
 *
 * This keeps a pool that holds @window's whole frame for the display's
 * lifetime. It has cairo make a pool for a picture of @window's size
 * (cairo sizes a new pool for the request that makes it), keeps 16 KiB of
 * that pool so that it is never given back, and frees the picture: the
 * next frame, of that size at most, then writes to the very pages the
 * picture's clearing wrote, and so does every frame after it. Called
 * before each frame (MvWindow does, after the frame's layout), it makes a
 * pool only for the first frame and for a window grown larger than any
 * before, frames that would have written those fresh pages themselves.
 *
 * Does nothing on other backends, with another renderer, or without
 * MIT-SHM (then cairo's pictures are ordinary ones).
 *
 * Returns: whether a pool for @window's frames is kept
 */
gboolean
mv_renderer_keep_shm_pool (GtkWidget *window)
{
#ifdef HAVE_CAIRO_XLIB
  GdkDisplay *display;
  GdkSurface *surface;
  KeptPools *kept;
  cairo_surface_t *root, *sizing, *hold;
  Display *xdisplay;
  int scale, width, height;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);

  display = gtk_widget_get_display (window);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  if (!GDK_IS_X11_DISPLAY (display) || surface == NULL ||
      g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") != 0)
    return FALSE;
  scale = gdk_surface_get_scale_factor (surface);
  width = gdk_surface_get_width (surface) * scale;
  height = gdk_surface_get_height (surface) * scale;
  if (width <= 0 || height <= 0)
    return FALSE;

  kept = g_object_get_data (G_OBJECT (display), "mv-renderer-shm-pools");
  if (kept == NULL)
    {
      kept = g_new0 (KeptPools, 1);
      kept->holds = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
      g_object_set_data_full (G_OBJECT (display), "mv-renderer-shm-pools", kept, kept_pools_free);
    }
  if ((gsize) width * height <= kept->largest)
    return kept->holds->len > 0;

  /* Cairo's Xlib surfaces on one Display share its pools; the root
   * window is a drawable on it that is always there. */
  xdisplay = gdk_x11_display_get_xdisplay (display);
  root = cairo_xlib_surface_create (xdisplay, DefaultRootWindow (xdisplay),
                                    DefaultVisual (xdisplay, DefaultScreen (xdisplay)), 1, 1);
  sizing = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32, width, height);
  hold = cairo_surface_create_similar_image (root, CAIRO_FORMAT_ARGB32, 64, 64);
  cairo_surface_destroy (sizing);
  cairo_surface_destroy (root);
  kept->largest = (gsize) width * height;
  if (cairo_surface_status (hold) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (hold);
      return kept->holds->len > 0;
    }
  g_ptr_array_add (kept->holds, hold);
  return TRUE;
#else
  return FALSE;
#endif
}
