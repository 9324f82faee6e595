/* SPDX-License-Identifier: MIT */
/* The map's bar labels: where each bar's label and detail go (inside the
 * bar, clear of break marks and clip arrows, or beside it), and which
 * part of a label that does not fit whole is shown. Pure, like the rest
 * of the geometry. */
#include "mv-geometry-private.h"

#include <string.h>

#define PAD        6.0   /* between a bar's edge and its label */
#define ARROW_PAD  6.0   /* room for a clip arrow */
#define BREAK_PAD  8.0   /* between a break mark and a label */

#define SEPARATOR  " \u00b7 "

static double
width_of (const MvSceneMetrics *m,
          const char           *text,
          MvTextStyle           style)
{
  return m->text_width (text, style, m->data);
}

/* Whether @text shows whole in @box: no ellipsis, a line high. */
static gboolean
fits_whole (const MvSceneMetrics *m,
            const char           *text,
            MvTextStyle           style,
            const MvRect         *box)
{
  double w;

  if (text == NULL || *text == '\0' || box->width < 1.0)
    return FALSE;
  if (m->line_height[style] > box->height + 0.5)
    return FALSE;
  if (m->text_fits != NULL)
    return m->text_fits (text, style, box->width, m->data);
  w = width_of (m, text, style);
  return w > 0.0 && w <= box->width;
}

static void
add_text (MvMapGeometry  *g,
          guint           item_box,
          MvBarTextPlace  place,
          const char     *text,
          MvTextStyle     style,
          const MvRect   *box)
{
  MvBarText t = { item_box, place, style, *box, NULL };

  if (text == NULL || *text == '\0')
    return;
  t.text = g_strdup (text);
  g_array_append_val (g->bar_texts, t);
}

/* A text inside its bar. One "A \u00b7 B" that does not fit whole
 * shortens to "A", then to "B" (a whole size or register name says more
 * than a cut address), before "A" takes an ellipsis. */
static void
add_inside (MvMapGeometry        *g,
            const MvSceneMetrics *m,
            guint                 item_box,
            const char           *text,
            MvTextStyle           style,
            const MvRect         *box)
{
  const char *dot = text != NULL ? strstr (text, SEPARATOR) : NULL;
  g_autofree char *head = NULL;

  if (dot != NULL && width_of (m, text, style) > box->width)
    {
      const char *tail = dot + strlen (SEPARATOR);

      head = g_strndup (text, dot - text);
      if (width_of (m, head, style) <= box->width)
        text = head;
      else if (strstr (tail, SEPARATOR) == NULL && width_of (m, tail, style) <= box->width)
        text = tail;
      else
        text = head;
    }
  add_text (g, item_box, MV_BAR_TEXT_INSIDE, text, style, box);
}

/* Whether the first part of @label ("A" of "A \u00b7 B", or all of it)
 * shows whole, in bold, in @box. */
static gboolean
head_fits (const MvSceneMetrics *m,
           const char           *label,
           const MvRect         *box)
{
  const char *dot = strstr (label, SEPARATOR);
  g_autofree char *head = g_strndup (label, dot != NULL ? (gsize) (dot - label) : strlen (label));

  return fits_whole (m, head, MV_TEXT_BOLD, box);
}

/* The part of @ib left for its label: inside its padding, clear of its
 * clip arrows, and in the widest piece a break mark leaves. */
static MvRect
label_room (const MvMapGeometry *g,
            const MvItemBox     *ib)
{
  MvRect inner = { ib->rect.x + PAD, ib->rect.y, ib->rect.width - 2 * PAD, ib->rect.height };

  if (ib->clipped_start || ib->clipped_end)
    {
      inner.x += ARROW_PAD;
      inner.width -= 2 * ARROW_PAD;
    }
  for (guint k = 0; k < g->breaks->len; k++)
    {
      const MvScaleSegment *seg = &g_array_index (g->breaks, MvScaleSegment, k);
      double bx = (seg->x0 + seg->x1) / 2;

      if (bx > inner.x && bx < inner.x + inner.width)
        {
          double left = bx - BREAK_PAD - inner.x;
          double right = inner.x + inner.width - (bx + BREAK_PAD);

          if (left >= right)
            inner.width = MAX (0.0, left);
          else
            {
              inner.x = bx + BREAK_PAD;
              inner.width = MAX (0.0, right);
            }
        }
    }
  return inner;
}

/* One bar's texts: its label and detail on two lines where the bar is
 * tall and wide enough; else its label alone, inside, or beside the bar
 * when it does not fit whole inside and the next bar leaves room. */
static void
place_item (MvMapGeometry        *g,
            const MvSceneMetrics *m,
            guint                 index,
            const MvItemBox      *ib,
            const MvSceneItem    *item)
{
  double lh_bold = m->line_height[MV_TEXT_BOLD];
  double lh_small = m->line_height[MV_TEXT_SMALL];
  double two = lh_bold + lh_small + 2.0;
  MvRect inner = label_room (g, ib);
  MvRect lbox = inner;
  MvTextStyle style = MV_TEXT_BOLD;
  double room = ib->free_end - (ib->rect.x + ib->rect.width) - 2 * PAD;

  if (item->detail != NULL && ib->rect.height >= two + 2.0 && inner.width > 60.0)
    lbox = (MvRect) { inner.x, ib->rect.y + (ib->rect.height - two) / 2, inner.width, lh_bold };
  /* Two lines inside, unless the label would lose its first part (a tag,
   * a name) there and shows whole beside the bar. */
  if (item->detail != NULL && ib->rect.height >= two + 2.0 && inner.width > 60.0 &&
      (item->label == NULL || head_fits (m, item->label, &lbox) || room <= 0.0 ||
       width_of (m, item->label, MV_TEXT_BOLD) > room))
    {
      double top = lbox.y;
      MvRect dbox = { inner.x, top + lh_bold + 2.0, inner.width, lh_small };

      add_inside (g, m, index, item->label, MV_TEXT_BOLD, &lbox);
      add_inside (g, m, index, item->detail, MV_TEXT_SMALL, &dbox);
      return;
    }

  if (inner.width < 4.0 * m->line_height[MV_TEXT_BODY])
    {
      /* Narrow: use the full width of the bar, smaller letters. */
      lbox.x = ib->rect.x + 2.0;
      lbox.width = ib->rect.width - 4.0;
      style = MV_TEXT_SMALL;
    }
  lbox.height = MIN (ib->rect.height, m->line_height[style] + 2.0);
  lbox.y = ib->rect.y + (ib->rect.height - lbox.height) / 2;

  if (item->label != NULL && room > 0.0 && !fits_whole (m, item->label, style, &lbox) &&
      width_of (m, item->label, MV_TEXT_BOLD) <= room)
    {
      MvRect obox = { ib->rect.x + ib->rect.width + PAD, ib->rect.y, room, ib->rect.height };

      if (item->detail != NULL && ib->rect.height >= two + 2.0 &&
          width_of (m, item->detail, MV_TEXT_SMALL) <= room)
        {
          double top = ib->rect.y + (ib->rect.height - two) / 2;
          MvRect l2 = { obox.x, top, room, lh_bold };
          MvRect d2 = { obox.x, top + lh_bold + 2.0, room, lh_small };

          add_text (g, index, MV_BAR_TEXT_BESIDE, item->label, MV_TEXT_BOLD, &l2);
          add_text (g, index, MV_BAR_TEXT_BESIDE_DETAIL, item->detail, MV_TEXT_SMALL, &d2);
        }
      else
        add_text (g, index, MV_BAR_TEXT_BESIDE, item->label, MV_TEXT_BOLD, &obox);
    }
  else
    add_inside (g, m, index, item->label, style, &lbox);
}

/* Places the texts of every bar whose label is not a callout. */
void
_mv_map_geometry_place_bar_texts (MvMapGeometry        *g,
                                  const MvScene        *scene,
                                  const MvSceneMetrics *m)
{
  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      const MvSceneItem *item = mv_map_geometry_item (g, scene, ib);

      if (!ib->label_moved)
        place_item (g, m, i, ib, item);
    }
}

void
_mv_bar_text_clear (gpointer data)
{
  MvBarText *t = data;

  g_free (t->text);
}
