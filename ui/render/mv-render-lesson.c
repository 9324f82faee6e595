/* SPDX-License-Identifier: MIT */
/* A lesson's page: the step's sentence as the page's title, in large
 * type, and the step's map under it (mv-scene-steps.c builds the scene). */
#include <math.h>

#include "mv-render-private.h"

/* The caption's height at @width: its wrapped lines in the title font,
 * at most MV_LESSON_CAPTION_LINES. */
static double
caption_height (MvPainter  *p,
                const char *caption,
                double      width)
{
  guint lines = caption != NULL ? _mv_painter_wrapped_lines (p, caption, MV_TEXT_TITLE, width) : 0;

  return MIN (lines, MV_LESSON_CAPTION_LINES) * p->line_height[MV_TEXT_TITLE];
}

/**
 * mv_render_lesson_page:
 * @caption: (nullable): the step's sentence, the page's title
 *
 * Paints one page of a lesson: @caption wrapped over the top, then the map
 * of @scene in the rest of (@width x @height).
 */
void
mv_render_lesson_page (cairo_t             *cr,
                       const MvScene       *scene,
                       const char          *caption,
                       const MvRenderStyle *style,
                       double               width,
                       double               height)
{
  MvPainter p;
  double cap_h;

  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);

  _mv_painter_begin (&p, cr, style, NULL, width, height, 1.0);
  cap_h = caption_height (&p, caption, width - 2 * MV_RENDER_MARGIN);
  if (cap_h > 0.0)
    {
      MvRect box = { MV_RENDER_MARGIN, MV_RENDER_MARGIN, width - 2 * MV_RENDER_MARGIN, cap_h };

      _mv_draw_text_wrapped (&p, caption, MV_TEXT_TITLE, &box, style->foreground);
    }
  _mv_painter_end (&p);

  cap_h = cap_h > 0.0 ? ceil (cap_h + MV_RENDER_MARGIN) : 0.0;
  cairo_save (cr);
  cairo_translate (cr, 0, cap_h);
  cairo_rectangle (cr, 0, 0, width, height - cap_h);
  cairo_clip (cr);
  mv_render_map (cr, scene, style, width, height - cap_h);
  cairo_restore (cr);
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
}
