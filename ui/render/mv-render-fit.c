/* SPDX-License-Identifier: MIT */
/* Fitting text into a box: whole, ellipsized, wrapped onto lines or as
 * prose; and drawing it, with the test log of what went where. */
#include <math.h>

#include "mv-render-private.h"

/*
 * Fits @text inside @box: shortened with an ellipsis when too wide; FALSE
 * when not even a letter and the ellipsis fit, or when the box is not as
 * tall as a line. On success the painter's layout is ready to show and
 * @out holds the text's rectangle.
 */
gboolean
_mv_fit_text (MvPainter    *p,
              const char   *text,
              guint         font,
              const MvRect *box,
              MvAlign       align,
              MvRect       *out)
{
  PangoRectangle logical;
  double x, y, w, h;

  if (text == NULL || *text == '\0' || box->width < 1.0)
    return FALSE;
  if (p->line_height[font] > box->height + 0.5)
    return FALSE;

  /* Most texts fit whole: their kept layout shows as is. */
  p->shown = _mv_painter_measure (p, text, font).width <= box->width
             ? _mv_painter_kept_layout (p, text, font, 0) : NULL;
  p->ellipsized = FALSE;
  if (p->shown != NULL)
    pango_layout_get_extents (p->shown, NULL, &logical);
  if (p->shown == NULL || (double) logical.width / PANGO_SCALE > box->width)
    {
      _mv_layout_prepare (p, text, font, box->width);
      p->shown = p->layout;
      p->ellipsized = pango_layout_is_ellipsized (p->layout);
      if (p->ellipsized)
        {
          /* Only worth it when some of the text shows. */
          const char *second = g_utf8_next_char (text);
          g_autofree char *first = g_strndup (text, second - text);
          g_autofree char *stub = g_strconcat (first, "\u2026", NULL);

          if (*second == '\0' || _mv_painter_text_width (p, stub, font) > box->width)
            return FALSE;
          _mv_layout_prepare_full (p, text, font, box->width, FALSE);
        }
      pango_layout_get_extents (p->layout, NULL, &logical);
    }
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;
  if (w > box->width + 0.01 || w <= 0.0)
    return FALSE;

  switch (align)
    {
    case MV_ALIGN_CENTER:
      x = box->x + (box->width - w) / 2;
      break;
    case MV_ALIGN_END:
      x = box->x + box->width - w;
      break;
    case MV_ALIGN_START:
    default:
      x = box->x;
      break;
    }
  y = box->y + (box->height - h) / 2;
  p->offset_x = (double) logical.x / PANGO_SCALE;
  *out = (MvRect) { x, y, w, h };
  return TRUE;
}

void
_mv_render_label_clear (MvRenderLabel *label)
{
  g_clear_pointer (&label->string, g_free);
}

/* Shows the layout _mv_fit_text() prepared, and logs it when the
 * painting's options ask for a log. */
void
_mv_show_fitted (MvPainter    *p,
                 const char   *text,
                 const MvRect *box,
                 const MvRect *where,
                 MvColor       color)
{
  /* The layout is width-limited: its text starts at offset_x. */
  cairo_move_to (p->cr, where->x - p->offset_x, where->y);
  _mv_set_color (p->cr, color);
  pango_cairo_show_layout (p->cr, p->shown);

  if (p->options->log != NULL)
    {
      double k = p->log_scale;
      MvRenderLabel label = {
        { box->x * k, box->y * k, box->width * k, box->height * k },
        { where->x * k, where->y * k, where->width * k, where->height * k },
        g_strdup (text),
      };

      g_array_append_val (p->options->log, label);
    }
}

/* Draws @text inside @box (see _mv_fit_text()). Returns whether it drew. */
gboolean
_mv_draw_text (MvPainter    *p,
               const char   *text,
               guint         font,
               const MvRect *box,
               MvAlign       align,
               MvColor       color,
               MvRect       *out)
{
  MvRect where;

  if (!_mv_fit_text (p, text, font, box, align, &where))
    return FALSE;
  _mv_show_fitted (p, text, box, &where, color);
  if (out != NULL)
    *out = where;
  return TRUE;
}

/* Draws @text wrapped into @box, as many lines as fit (the last one
 * ellipsized). */
gboolean
_mv_draw_text_wrapped (MvPainter    *p,
                       const char   *text,
                       guint         font,
                       const MvRect *box,
                       MvColor       color)
{
  PangoRectangle logical;
  int lines = (int) floor ((box->height + 0.5) / p->line_height[font]);
  MvRect where;

  if (lines <= 1)
    return _mv_draw_text (p, text, font, box, MV_ALIGN_START, color, NULL);

  _mv_layout_prepare_full (p, text, font, box->width, FALSE);
  pango_layout_set_wrap (p->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (p->layout, -lines);
  pango_layout_get_extents (p->layout, NULL, &logical);
  where = (MvRect) { box->x, box->y, (double) logical.width / PANGO_SCALE,
                     (double) logical.height / PANGO_SCALE };
  p->offset_x = (double) logical.x / PANGO_SCALE;
  if (where.width > box->width + 0.01 || where.height > box->height + 0.5)
    {
      pango_layout_set_height (p->layout, -1);
      return FALSE;
    }
  p->shown = p->layout;
  _mv_show_fitted (p, text, box, &where, color);
  pango_layout_set_height (p->layout, -1);
  return TRUE;
}

/* Draws @text as prose (see _mv_layout_prepare_prose()) in @box, which the
 * geometry made as tall as its lines; in a shorter box, as many lines as
 * fit, the last one ellipsized. */
gboolean
_mv_draw_text_prose (MvPainter    *p,
                     const char   *text,
                     guint         font,
                     const MvRect *box,
                     MvColor       color)
{
  PangoRectangle logical;
  int lines = (int) floor ((box->height + 0.5) / p->line_height[font]);
  MvRect where;
  gboolean fits;

  if (text == NULL || *text == '\0' || lines < 1 || box->width < 1.0)
    return FALSE;

  /* Prose is drawn whole, from its kept layout, when its lines fit. */
  p->shown = _mv_painter_kept_layout (p, text, font, box->width);
  if (p->shown != NULL && pango_layout_get_line_count (p->shown) > lines)
    p->shown = NULL;
  if (p->shown == NULL)
    {
      _mv_layout_prepare_prose (p, text, font, box->width);
      if (pango_layout_get_line_count (p->layout) > lines)
        {
          pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_height (p->layout, -lines);
        }
      p->shown = p->layout;
    }
  pango_layout_get_extents (p->shown, NULL, &logical);
  where = (MvRect) { box->x, box->y, (double) logical.width / PANGO_SCALE,
                     (double) logical.height / PANGO_SCALE };
  p->offset_x = (double) logical.x / PANGO_SCALE;
  fits = where.width <= box->width + 0.01 && where.height <= box->height + 0.5;
  if (fits)
    _mv_show_fitted (p, text, box, &where, color);
  if (p->shown == p->layout)
    _mv_layout_prose_done (p);
  return fits;
}
