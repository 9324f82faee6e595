/* SPDX-License-Identifier: MIT */
/* A lesson's page: the step's sentence as the page's title, in large
 * type, and the step's map under it (mv-scene-steps.c builds the scene). */
#include <math.h>

#include "mv-render-private.h"
#include "mv-scene-steps.h"

/* The smallest type a caption is set in before it takes more lines. */
#define CAPTION_MIN_FONT_SIZE 14.0

/* The caption's lines at @width in @p's title font. */
static guint
caption_lines (MvPainter  *p,
               const char *caption,
               double      width)
{
  return _mv_painter_wrapped_lines (p, caption, MV_TEXT_TITLE, width);
}

/* Begins @p for the caption, in @caption_style: @size where the caption
 * fits MV_LESSON_CAPTION_LINES, else the largest smaller size where it
 * does (down to CAPTION_MIN_FONT_SIZE, then in as many lines as it
 * takes: it is never cut). Returns the caption's height. */
static double
begin_caption (MvPainter           *p,
               MvRenderStyle       *caption_style,
               cairo_t             *cr,
               const char          *caption,
               double               size,
               double               width,
               double               height)
{
  caption_style->font_size = size;
  _mv_painter_begin (p, cr, caption_style, NULL, width, height, 1.0);
  if (caption == NULL)
    return 0.0;
  while (caption_lines (p, caption, width - 2 * MV_RENDER_MARGIN) > MV_LESSON_CAPTION_LINES &&
         caption_style->font_size > CAPTION_MIN_FONT_SIZE)
    {
      _mv_painter_end (p);
      caption_style->font_size = MAX (CAPTION_MIN_FONT_SIZE, caption_style->font_size - 1.0);
      _mv_painter_begin (p, cr, caption_style, NULL, width, height, 1.0);
    }
  return caption_lines (p, caption, width - 2 * MV_RENDER_MARGIN) * p->line_height[MV_TEXT_TITLE];
}

/* The space the caption takes above the map. */
static double
caption_space (double cap_h)
{
  return cap_h > 0.0 ? ceil (cap_h + MV_RENDER_MARGIN) : 0.0;
}

/**
 * mv_render_lesson_page:
 * @caption: (nullable): the step's sentence, the page's title
 *
 * Paints one page of a lesson: @caption wrapped over the top (a range
 * or a size kept on one line; smaller type where it would take more than
 * #MV_LESSON_CAPTION_LINES lines, never cut), then the map of @scene in
 * the rest of (@width x @height).
 */
void
mv_render_lesson_page (cairo_t             *cr,
                       const MvScene       *scene,
                       const char          *caption,
                       const MvRenderStyle *style,
                       double               width,
                       double               height)
{
  g_autofree char *text = caption != NULL ? mv_scene_steps_keep_together (caption) : NULL;
  MvRenderStyle caption_style = *style;
  MvPainter p;
  double cap_h;

  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);

  cap_h = begin_caption (&p, &caption_style, cr, text, style->font_size, width, height);
  if (cap_h > 0.0)
    {
      MvRect box = { MV_RENDER_MARGIN, MV_RENDER_MARGIN, width - 2 * MV_RENDER_MARGIN, cap_h };

      _mv_draw_text_wrapped (&p, text, MV_TEXT_TITLE, &box, style->foreground);
    }
  _mv_painter_end (&p);

  cap_h = caption_space (cap_h);
  cairo_save (cr);
  cairo_translate (cr, 0, cap_h);
  cairo_rectangle (cr, 0, 0, width, height - cap_h);
  cairo_clip (cr);
  mv_render_map (cr, scene, style, width, height - cap_h);
  cairo_restore (cr);
}

/**
 * mv_render_lesson_page_geometry:
 * The map's geometry on a lesson's page painted by
 * mv_render_lesson_page() with the same arguments: under @caption, its
 * zoom applied by the painter.
 *
 * Returns: (transfer full): the geometry
 */
MvMapGeometry *
mv_render_lesson_page_geometry (const MvScene       *scene,
                                const char          *caption,
                                const MvRenderStyle *style,
                                double               width,
                                double               height)
{
  g_autofree char *text = caption != NULL ? mv_scene_steps_keep_together (caption) : NULL;
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  MvRenderStyle caption_style = *style;
  MvPainter p;
  double cap_h;

  g_return_val_if_fail (scene != NULL && style != NULL, NULL);

  cap_h = caption_space (begin_caption (&p, &caption_style, cr, text, style->font_size, width, height));
  _mv_painter_end (&p);
  return mv_render_map_geometry (scene, style, width, height - cap_h);
}

/**
 * mv_render_lesson_style:
 * A projector's style: @theme with type large enough to read across a
 * room on a #MV_LESSON_WIDTH x #MV_LESSON_HEIGHT page.
 */
void
mv_render_lesson_style (MvRenderStyle *style,
                        MvTheme        theme)
{
  g_return_if_fail (style != NULL);

  mv_render_style_init (style, theme);
  style->font_size = 19.0;
  /* Axis labels and subtitles too: 17.5 and 18.5 px rather than 15 and 16. */
  style->small_scale = 1.15;
}
