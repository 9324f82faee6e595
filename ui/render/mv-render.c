/* SPDX-License-Identifier: MIT */
/* The views together: their natural heights, one view or all of them on
 * any cairo context, and output to images and PNG, SVG and PDF files. */
#include "mv-render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <string.h>

#include "mv-render-private.h"
#include "mv-save-file.h"

/* The views of MV_VIEW_ALL, in order; the VP context and the boot loader's
 * registers only where the scene has them. Returns: how many */
static guint
all_views (const MvScene *scene,
           MvView        *views)
{
  static const MvView every[] = { MV_VIEW_MAP, MV_VIEW_MTRR, MV_VIEW_GDT, MV_VIEW_PAGES, MV_VIEW_VP,
                                  MV_VIEW_BOOT };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (every); i++)
    if ((every[i] != MV_VIEW_VP || scene->vp_table != NULL) &&
        (every[i] != MV_VIEW_BOOT || scene->boot_table != NULL))
      views[n++] = every[i];
  return n;
}

/**
 * mv_render_natural_height:
 * The height @view needs at @width: what the map's lanes, the tables'
 * rows and the GDT's descriptors take. For MV_VIEW_ALL, the sum.
 */
double
mv_render_natural_height (const MvScene       *scene,
                          const MvRenderStyle *style,
                          MvView               view,
                          double               width)
{
  MvPainter p;
  double h = 0.0;

  g_return_val_if_fail (scene != NULL && style != NULL, 0.0);

  if (view == MV_VIEW_ALL)
    {
      MvView views[8];
      guint n = all_views (scene, views);

      for (guint i = 0; i < n; i++)
        h += mv_render_natural_height (scene, style, views[i], width);
      return h;
    }

  _mv_painter_init (&p, NULL, style, NULL);
  switch (view)
    {
    case MV_VIEW_MAP:
      {
        g_autoptr(MvMapGeometry) g = mv_render_map_geometry (scene, style, width, 0.0);

        h = g->natural_height;
      }
      break;
    case MV_VIEW_MTRR:
    case MV_VIEW_PAGES:
    case MV_VIEW_VP:
    case MV_VIEW_BOOT:
      h = _mv_table_view_natural_height (&p, scene, view, width);
      break;
    case MV_VIEW_GDT:
      h = _mv_gdt_natural_height (&p, scene, width);
      break;
    case MV_VIEW_EXPLAIN:
      h = _mv_mask_natural_height (&p, scene->mask, width);
      break;
    case MV_VIEW_VERSIONS:
      h = _mv_versions_natural_height (&p, scene->versions, style, width);
      break;
    case MV_VIEW_ALL:
    default:
      break;
    }
  _mv_painter_clear (&p);
  return h;
}

/* Paints @view with @options (NULL: the defaults). */
void
_mv_render_view_with (cairo_t               *cr,
                      const MvScene         *scene,
                      const MvRenderStyle   *style,
                      MvView                 view,
                      double                 width,
                      double                 height,
                      const MvRenderOptions *options)
{
  GArray *log = options != NULL ? options->log : NULL;

  switch (view)
    {
    case MV_VIEW_MAP:
      {
        g_autoptr(MvMapGeometry) g = mv_render_map_geometry (scene, style, width, height);

        _mv_render_map_with (cr, scene, style, g, width, height, options);
      }
      break;
    case MV_VIEW_MTRR:
    case MV_VIEW_PAGES:
    case MV_VIEW_VP:
    case MV_VIEW_BOOT:
      _mv_render_table_view (cr, scene, style, view, width, height, options);
      break;
    case MV_VIEW_GDT:
      _mv_render_gdt_with (cr, scene, style, width, height, options);
      break;
    case MV_VIEW_EXPLAIN:
      _mv_render_mask_with (cr, scene->mask, style, width, height, options);
      break;
    case MV_VIEW_VERSIONS:
      _mv_render_versions_with (cr, scene->versions, style, width, height, options);
      break;
    case MV_VIEW_ALL:
    default:
      {
        /* Each view at its natural height, one under the other, with a
         * rule between them. */
        double y = 0.0;
        MvView views[8];
        guint n = all_views (scene, views);

        for (guint i = 0; i < n; i++)
          {
            double h = mv_render_natural_height (scene, style, views[i], width);
            guint logged = log != NULL ? log->len : 0;

            cairo_save (cr);
            cairo_translate (cr, 0, y);
            cairo_rectangle (cr, 0, 0, width, h);
            cairo_clip (cr);
            _mv_render_view_with (cr, scene, style, views[i], width, h, options);
            if (i > 0)
              {
                _mv_set_color (cr, style->grid);
                cairo_set_line_width (cr, 1.0);
                cairo_move_to (cr, MV_RENDER_MARGIN, 0.5);
                cairo_line_to (cr, width - MV_RENDER_MARGIN, 0.5);
                cairo_stroke (cr);
              }
            cairo_restore (cr);
            /* The log speaks in the caller's coordinates. */
            for (guint k = logged; log != NULL && k < log->len; k++)
              {
                MvRenderLabel *l = &g_array_index (log, MvRenderLabel, k);

                l->box.y += y;
                l->text.y += y;
              }
            y += h;
          }
        if (y < height)
          {
            cairo_save (cr);
            cairo_rectangle (cr, 0, y, width, height - y);
            _mv_set_color (cr, style->background);
            cairo_fill (cr);
            cairo_restore (cr);
          }
      }
      break;
    }
}

void
mv_render_view (cairo_t             *cr,
                const MvScene       *scene,
                const MvRenderStyle *style,
                MvView               view,
                double               width,
                double               height)
{
  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);

  _mv_render_view_with (cr, scene, style, view, width, height, NULL);
}

static gboolean
check_size (double   width,
            double   height,
            double   scale,
            double   max_pixels,
            GError **error)
{
  if (!(scale > 0.0) || scale > 16.0)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_SIZE,
                   "the scale %g is out of range (more than 0, at most 16)", scale);
      return FALSE;
    }
  if (!(width >= 200.0) || !(height >= 1.0) || width * scale > max_pixels || height * scale > max_pixels)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_SIZE,
                   "a picture of %g x %g at scale %g cannot be made: the width must be at least "
                   "200 and each side at most %g pixels once scaled",
                   width, height, scale, max_pixels);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_surface (cairo_surface_t  *surface,
               const char       *what,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_CAIRO, "%s: %s", what,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * mv_render_to_image:
 * Paints @view into a new ARGB32 image of (@width x @height) x @scale
 * pixels; @height <= 0 means the view's natural height.
 *
 * Returns: (transfer full) (nullable): the image, or NULL with @error set
 */
cairo_surface_t *
mv_render_to_image (const MvScene        *scene,
                    const MvRenderStyle  *style,
                    MvView                view,
                    double                width,
                    double                height,
                    double                scale,
                    GError              **error)
{
  g_return_val_if_fail (scene != NULL && style != NULL, NULL);

  return _mv_render_to_image_with (scene, style, view, width, height, scale, NULL, error);
}

/* mv_render_to_image() with @options (NULL: the defaults). */
cairo_surface_t *
_mv_render_to_image_with (const MvScene          *scene,
                          const MvRenderStyle    *style,
                          MvView                  view,
                          double                  width,
                          double                  height,
                          double                  scale,
                          const MvRenderOptions  *options,
                          GError                **error)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;

  g_return_val_if_fail (scene != NULL && style != NULL, NULL);

  if (height <= 0.0 && width >= 200.0)
    height = mv_render_natural_height (scene, style, view, width);
  if (!check_size (width, height, scale, 32767.0, error))
    return NULL;
  if (ceil (width * scale) * ceil (height * scale) > MV_RENDER_MAX_PIXELS)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_SIZE,
                   "a picture of %g x %g at scale %g would have %.0f pixels: at most %.0f "
                   "(%.0f MiB) are made; make it smaller or write SVG or PDF",
                   width, height, scale, ceil (width * scale) * ceil (height * scale),
                   MV_RENDER_MAX_PIXELS, MV_RENDER_MAX_PIXELS * 4 / (1024 * 1024));
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                        (int) ceil (height * scale));
  if (!check_surface (surface, "image", error))
    return NULL;
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  _mv_render_view_with (cr, scene, style, view, width, height, options);
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_CAIRO, "drawing: %s",
                   cairo_status_to_string (cairo_status (cr)));
      return NULL;
    }
  cairo_surface_flush (surface);
  return g_steal_pointer (&surface);
}

/* Where cairo's stream writes go: the temporary file beside the target,
 * and the first write's error (cairo keeps only "write error"). */
typedef struct
{
  MvSaveFile *file;
  GError     *error;
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL ||
      !mv_save_file_write (sink->file, data, length, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* Puts the picture in @path's place if everything before went well;
 * otherwise @path stays as it was and the error says why, the system's
 * reason first (cairo's own status when no write failed). */
static gboolean
sink_finish (Sink            *sink,
             const char      *path,
             cairo_status_t   status,
             GError         **error)
{
  g_autoptr(GError) inner = g_steal_pointer (&sink->error);
  MvSaveFile *file = g_steal_pointer (&sink->file);

  if (inner == NULL && status == CAIRO_STATUS_SUCCESS)
    mv_save_file_commit (file, &inner);
  else
    mv_save_file_abort (file);
  if (inner != NULL || status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_CAIRO,
                   inner != NULL ? "%s: cannot write the file: %s" : "%s: %s", shown,
                   inner != NULL ? inner->message : cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static gboolean
sink_begin (Sink        *sink,
            const char  *path,
            GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  g_autoptr(GError) inner = NULL;

  sink->error = NULL;
  sink->file = mv_save_file_begin (path, &inner);
  if (sink->file == NULL)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_CAIRO,
                   "%s: cannot write the file: %s", shown, inner->message);
      return FALSE;
    }
  return TRUE;
}

/* Ends drawing on @surface and finishes it: the surface writes its last
 * bytes (a PDF's cross-reference table and %%EOF) only then, so its
 * status, and the writes', are known only after that. Returns @status or,
 * when that is a success, the surface's. */
static cairo_status_t
close_surface (cairo_t         **cr,
               cairo_surface_t  *surface,
               cairo_status_t    status)
{
  g_clear_pointer (cr, cairo_destroy);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  return status;
}

/**
 * mv_render_to_file:
 * Renders @view of @scene to @path: PNG, SVG or PDF by the file name's
 * extension. @width and @height are in logical pixels (@height <= 0: the
 * view's natural height); @scale multiplies both (2 for HiDPI). A PDF of
 * MV_VIEW_ALL has one page per view; PNG and SVG stack the views.
 *
 * The file is written whole or not at all (mv-save-file.h): it goes to a
 * temporary file beside @path, which replaces @path once cairo has
 * finished the surface and every write and the close succeeded.
 */
gboolean
mv_render_to_file (const MvScene  *scene,
                   const char     *path,
                   MvView          view,
                   double          width,
                   double          height,
                   double          scale,
                   MvTheme         theme,
                   GError        **error)
{
  MvRenderStyle style;
  MvFormat format;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  cairo_status_t status;
  Sink sink;

  g_return_val_if_fail (scene != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!mv_format_from_path (path, &format, error))
    return FALSE;
  mv_render_style_init (&style, theme);

  if (format == MV_FORMAT_PNG)
    {
      surface = mv_render_to_image (scene, &style, view, width, height, scale, error);
      if (surface == NULL || !sink_begin (&sink, path, error))
        return FALSE;
      status = cairo_surface_write_to_png_stream (surface, sink_write, &sink);
      return sink_finish (&sink, path, status, error);
    }

  if (format == MV_FORMAT_PDF && view == MV_VIEW_ALL)
    {
      /* One page per view, each at its own height. */
      if (!check_size (width, MAX (height, 1.0), scale, 14400.0 * 4, error) ||
          !sink_begin (&sink, path, error))
        return FALSE;
      surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, width * scale, 100.0);
      MvView views[8];
      guint n = all_views (scene, views);

      cr = cairo_create (surface);
      for (guint i = 0; i < n; i++)
        {
          double h = height > 0.0 ? height
                                  : mv_render_natural_height (scene, &style, views[i], width);

          cairo_pdf_surface_set_size (surface, width * scale, h * scale);
          cairo_save (cr);
          cairo_scale (cr, scale, scale);
          mv_render_view (cr, scene, &style, views[i], width, h);
          cairo_restore (cr);
          cairo_show_page (cr);
        }
    }
  else
    {
      if (height <= 0.0 && width >= 200.0)
        height = mv_render_natural_height (scene, &style, view, width);
      if (!check_size (width, height, scale, 14400.0 * 4, error) ||
          !sink_begin (&sink, path, error))
        return FALSE;
      if (format == MV_FORMAT_SVG)
        {
          surface = cairo_svg_surface_create_for_stream (sink_write, &sink,
                                                         width * scale, height * scale);
          /* Pixels as in the PNG: cairo's default "pt" shows it 4/3 larger. */
          cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
        }
      else
        surface = cairo_pdf_surface_create_for_stream (sink_write, &sink,
                                                       width * scale, height * scale);
      cr = cairo_create (surface);
      cairo_scale (cr, scale, scale);
      mv_render_view (cr, scene, &style, view, width, height);
      cairo_show_page (cr);
    }

  status = close_surface (&cr, surface, cairo_status (cr));
  return sink_finish (&sink, path, status, error);
}

/* The scene of page @index of a lesson; with @beside, both lessons at
 * @index, each band with its sentence. */
static MvScene *
lesson_scene_new (const MvLayout *layout,
                  const MvSteps  *steps,
                  const MvSteps  *beside,
                  guint           index)
{
  if (beside != NULL)
    return mv_scene_new_for_steps_side_by_side (layout, steps, beside, index, TRUE);
  return mv_scene_new_for_step (layout, steps, index);
}

/**
 * mv_render_lesson_extent:
 * @beside: (nullable): the lesson stepped beside @steps
 *
 * The axis of every page of a lesson, so that the bars do not jump when
 * the pages are flipped: the extent over all its pages.
 */
void
mv_render_lesson_extent (const MvLayout *layout,
                         const MvSteps  *steps,
                         const MvSteps  *beside,
                         guint64        *start,
                         guint64        *end)
{
  guint n;

  g_return_if_fail (steps != NULL && start != NULL && end != NULL);

  n = beside != NULL ? mv_scene_steps_n_positions (steps, beside) : mv_scene_steps_n_pages (steps);
  *start = G_MAXUINT64;
  *end = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MvScene) scene = lesson_scene_new (layout, steps, beside, i);
      guint64 lo, hi;

      mv_scene_get_extent (scene, &lo, &hi);
      *start = MIN (*start, lo);
      *end = MAX (*end, hi);
    }
}

/**
 * mv_render_lesson_caption:
 * Returns: (transfer none) (nullable): the title of page @index of a
 *   lesson: its step's sentence, or with @beside none (each band has its
 *   own)
 */
const char *
mv_render_lesson_caption (const MvSteps *steps,
                          const MvSteps *beside,
                          guint          index)
{
  g_return_val_if_fail (steps != NULL, NULL);
  return beside != NULL ? NULL : mv_scene_steps_page_caption (steps, index);
}

/**
 * mv_render_lesson_scenes:
 * @beside: (nullable): the lesson stepped beside @steps
 * @style: the slides' style (mv_render_lesson_style())
 *
 * The scenes of a lesson's pages as they are painted: one axis for all,
 * the same window (mv_render_lesson_extent()) and the same scale
 * (MvScene.axis, mv_map_geometry_shared_scale()), so that an address is
 * at the same x on every slide, however crowded each is: flipping the
 * slides, bars appear, they do not move.
 *
 * Returns: (transfer container) (element-type MvScene): a scene per page
 */
GPtrArray *
mv_render_lesson_scenes (const MvLayout      *layout,
                         const MvSteps       *steps,
                         const MvSteps       *beside,
                         const MvRenderStyle *style)
{
  GPtrArray *scenes;
  g_autoptr(GPtrArray) geometries = NULL;
  g_autoptr(MvScale) axis = NULL;
  guint64 start, end;
  guint n;

  g_return_val_if_fail (steps != NULL && style != NULL, NULL);

  n = beside != NULL ? mv_scene_steps_n_positions (steps, beside) : mv_scene_steps_n_pages (steps);
  mv_render_lesson_extent (layout, steps, beside, &start, &end);
  scenes = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_scene_free);
  geometries = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_map_geometry_free);
  for (guint i = 0; i < n; i++)
    {
      MvScene *scene = lesson_scene_new (layout, steps, beside, i);

      mv_scene_set_window (scene, start, end, NULL);
      scene->subtitles_beside = TRUE;
      g_ptr_array_add (scenes, scene);
      g_ptr_array_add (geometries, mv_render_lesson_page_geometry (scene, mv_render_lesson_caption (steps, beside, i),
                                                                   style, MV_LESSON_WIDTH, MV_LESSON_HEIGHT));
    }
  axis = mv_map_geometry_shared_scale ((const MvScene *const *) scenes->pdata,
                                       (const MvMapGeometry *const *) geometries->pdata, n);
  for (guint i = 0; i < n; i++)
    ((MvScene *) g_ptr_array_index (scenes, i))->axis = mv_scale_copy (axis);
  return scenes;
}

/* Page @index of a lesson on @cr, at the lesson's size: @scene, from
 * mv_render_lesson_scenes(). */
static void
paint_lesson_page (cairo_t             *cr,
                   const MvScene       *scene,
                   const MvSteps       *steps,
                   const MvSteps       *beside,
                   guint                index,
                   const MvRenderStyle *style,
                   double               scale)
{
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  mv_render_lesson_page (cr, scene, mv_render_lesson_caption (steps, beside, index),
                         style, MV_LESSON_WIDTH, MV_LESSON_HEIGHT);
  cairo_restore (cr);
}

/**
 * mv_render_lesson_page_path:
 * Where page @index of a PNG or SVG lesson goes: @path with "-01", "-02",
 * ... before its extension (numbered from 1, as many digits as @n_pages
 * needs, at least two).
 *
 * Returns: (transfer full): the path
 */
char *
mv_render_lesson_page_path (const char *path,
                            guint       index,
                            guint       n_pages)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);
  int digits = MAX (2, (int) floor (log10 (MAX (n_pages, 1u))) + 1);

  if (dot == NULL || (slash != NULL && dot < slash))
    dot = path + strlen (path);
  return g_strdup_printf ("%.*s-%0*u%s", (int) (dot - path), path, digits, index + 1, dot);
}

/**
 * mv_render_lesson_to_file:
 * @layout: (nullable): the layout drawn on every page
 * @written: (element-type filename) (nullable): the files written are
 *   appended to it
 *
 * Writes @steps as slides, #MV_LESSON_WIDTH x #MV_LESSON_HEIGHT (16:9)
 * times @scale, in large type, each page titled with its step's sentence:
 * a PDF gets one page per step; a PNG or SVG @path gives one numbered file
 * per step (mv_render_lesson_page_path()). Each file is written whole or
 * not at all.
 */
gboolean
mv_render_lesson_to_file (const MvLayout  *layout,
                          const MvSteps   *steps,
                          const char      *path,
                          double           scale,
                          MvTheme          theme,
                          GPtrArray       *written,
                          GError         **error)
{
  g_return_val_if_fail (steps != NULL && path != NULL, FALSE);

  return mv_render_lesson_side_by_side_to_file (layout, steps, NULL, path, scale, theme,
                                                written, error);
}

/**
 * mv_render_lesson_side_by_side_to_file:
 * @beside: (nullable): a second lesson, drawn under @steps
 *
 * As mv_render_lesson_to_file(), with @beside: both lessons stepped
 * together, a page per position (mv_scene_new_for_steps_side_by_side()),
 * each band headed by its strategy and its step's sentence.
 */
gboolean
mv_render_lesson_side_by_side_to_file (const MvLayout  *layout,
                                       const MvSteps   *steps,
                                       const MvSteps   *beside,
                                       const char      *path,
                                       double           scale,
                                       MvTheme          theme,
                                       GPtrArray       *written,
                                       GError         **error)
{
  MvRenderStyle style;
  MvFormat format;
  g_autoptr(GPtrArray) scenes = NULL;
  guint n;

  g_return_val_if_fail (steps != NULL && path != NULL, FALSE);

  if (!mv_format_from_path (path, &format, error) ||
      !check_size (MV_LESSON_WIDTH, MV_LESSON_HEIGHT, scale, 14400.0 * 4, error))
    return FALSE;
  mv_render_lesson_style (&style, theme);
  scenes = mv_render_lesson_scenes (layout, steps, beside, &style);
  n = scenes->len;

  /* A PDF holds every page; PNG and SVG one each. */
  for (guint i = 0; i < n; i = format == MV_FORMAT_PDF ? n : i + 1)
    {
      g_autofree char *file = format == MV_FORMAT_PDF ? g_strdup (path)
                                                      : mv_render_lesson_page_path (path, i, n);
      guint last = format == MV_FORMAT_PDF ? n : i + 1;
      g_autoptr(cairo_surface_t) surface = NULL;
      g_autoptr(cairo_t) cr = NULL;
      cairo_status_t status;
      Sink sink;

      if (!sink_begin (&sink, file, error))
        return FALSE;
      if (format == MV_FORMAT_PDF)
        surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, MV_LESSON_WIDTH * scale,
                                                       MV_LESSON_HEIGHT * scale);
      else if (format == MV_FORMAT_SVG)
        {
          surface = cairo_svg_surface_create_for_stream (sink_write, &sink, MV_LESSON_WIDTH * scale,
                                                         MV_LESSON_HEIGHT * scale);
          cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
        }
      else
        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (MV_LESSON_WIDTH * scale),
                                              (int) ceil (MV_LESSON_HEIGHT * scale));
      cr = cairo_create (surface);
      for (guint k = i; k < last; k++)
        {
          paint_lesson_page (cr, g_ptr_array_index (scenes, k), steps, beside, k, &style, scale);
          if (format != MV_FORMAT_PNG)
            cairo_show_page (cr);
        }
      status = cairo_status (cr);
      if (format == MV_FORMAT_PNG && status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_write_to_png_stream (surface, sink_write, &sink);
      status = close_surface (&cr, surface, status);
      if (!sink_finish (&sink, file, status, error))
        return FALSE;
      if (written != NULL)
        g_ptr_array_add (written, g_steal_pointer (&file));
    }
  return TRUE;
}

/* What the renderer itself keeps for the whole process: measured texts,
 * shaped layouts. */
static void
drop_caches (void)
{
  _mv_text_cache_clear ();
  _mv_render_forget_layouts ();
}

/**
 * mv_render_shutdown_with_gtk:
 * The end of a program that also ran GTK (the window tests): drops what
 * the renderer itself keeps. The font caches of pango, cairo and
 * fontconfig stay: GTK holds fonts of its own until the process ends, and
 * tearing the caches down under them fails cairo's assertions. A leak
 * checker is told about those caches by name (tests/lsan.supp).
 */
void
mv_render_shutdown_with_gtk (void)
{
  drop_caches ();
}

/**
 * mv_render_shutdown:
 * Drops the font caches pango, cairo and fontconfig keep for the whole
 * process, so that a leak checker sees a clean exit. Call it once, at the
 * end of a program that rendered without GTK (with GTK:
 * mv_render_shutdown_with_gtk()); rendering after it works but reloads
 * the fonts.
 */
void
mv_render_shutdown (void)
{
  g_autoptr(PangoFontMap) font_map = NULL;
  gint64 deadline;
  gboolean alone;

  drop_caches ();

  /* Pango 1.50 matches fonts in threads of its own ("[pango]
   * FcFontSetMatch", "FcFontSetSort"); each holds the font map and lets
   * go of it as the very last thing it does, after it has handed its
   * result over. Until every one of them has, the font map, its patterns
   * and its fonts are alive, and tearing fontconfig and cairo down under
   * them fails their assertions (about one run in two hundred on a busy
   * machine). So hold the font map until this reference is the only one,
   * and finalise it here; if the threads do not finish within a generous
   * deadline, leave the libraries' caches alone. */
  font_map = g_object_ref (pango_cairo_font_map_get_default ());
  pango_cairo_font_map_set_default (NULL);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!(alone = g_atomic_int_get (&G_OBJECT (font_map)->ref_count) == 1)
         && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_clear_object (&font_map);
  if (!alone)
    return;

  cairo_debug_reset_static_data ();
  FcFini ();
}

