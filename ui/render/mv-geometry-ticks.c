/* SPDX-License-Identifier: MIT */
/* The axis's tick labels: the most important ticks whose labels fit, on
 * two staggered rows, with leader lines to the lower row. Pure, like the
 * rest of the geometry. */
#include "mv-geometry-private.h"

#define LABEL_GAP     10.0
#define LEADER_GAP     3.0   /* between a leader line and a tick label */

static char *
tick_size_text (guint64 addr)
{
  if (addr == 0)
    return g_strdup ("0");
  return mv_scene_format_size (addr);
}

typedef struct
{
  double x0;
  double x1;
} Span;

static gboolean
span_free (GArray *placed,
           double  x0,
           double  x1,
           double  gap)
{
  for (guint i = 0; i < placed->len; i++)
    {
      const Span *s = &g_array_index (placed, Span, i);

      if (x0 < s->x1 + gap && x1 > s->x0 - gap)
        return FALSE;
    }
  return TRUE;
}

/* A line from the axis down to a tick label in a lower row. */
typedef struct
{
  double x;
  guint  row;
} Leader;

/* Whether @x, a line down from the axis, runs clear of the spans in
 * @placed (a leader line to a lower row must not cross an upper row's
 * label, and a label must not cover a leader line to a row under it). */
static gboolean
line_clear (GArray *placed,
            double  x)
{
  return span_free (placed, x, x, LEADER_GAP);
}

static int
tick_priority_compare (gconstpointer a,
                       gconstpointer b)
{
  const MvTickBox *x = *(const MvTickBox **) a;
  const MvTickBox *y = *(const MvTickBox **) b;

  if (x->tick.priority != y->tick.priority)
    return x->tick.priority < y->tick.priority ? -1 : 1;
  if (x->tick.addr != y->tick.addr)
    return x->tick.addr < y->tick.addr ? -1 : 1;
  return 0;
}

/* Label the most important ticks whose labels fit, on two staggered rows. */
void
_mv_map_geometry_place_tick_labels (MvMapGeometry        *g,
                                    const MvSceneMetrics *m,
                                    double                left,
                                    double                right,
                                    double                label_y,
                                    guint                 max_rows)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GArray) row0 = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) row1 = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) leaders = g_array_new (FALSE, FALSE, sizeof (Leader));
  GArray *rows[2] = { row0, row1 };
  double row_h = m->line_height[MV_TEXT_MONO_SMALL] + m->line_height[MV_TEXT_SMALL];
  double hex_char = _mv_map_geometry_text_width (m, "0", MV_TEXT_MONO_SMALL);
  double x0 = mv_scale_get_x0 (g->scale);
  double x1 = mv_scale_get_x1 (g->scale);

  for (guint i = 0; i < g->ticks->len; i++)
    g_ptr_array_add (order, &g_array_index (g->ticks, MvTickBox, i));
  g_ptr_array_sort (order, tick_priority_compare);

  for (guint i = 0; i < order->len; i++)
    {
      MvTickBox *t = g_ptr_array_index (order, i);
      g_autofree char *hex = mv_scene_format_addr (t->tick.addr);
      double w_hex = hex_char * g_utf8_strlen (hex, -1);
      double w, lx;
      g_autofree char *size = NULL;

      /* A quick check with the hex width alone before measuring. */
      lx = t->tick.x - w_hex / 2;
      if (!span_free (rows[0], lx, lx + w_hex, LABEL_GAP) &&
          (max_rows < 2 || !span_free (rows[1], lx, lx + w_hex, LABEL_GAP)))
        continue;

      size = tick_size_text (t->tick.addr);
      w = MAX (w_hex, _mv_map_geometry_text_width (m, size, MV_TEXT_SMALL));
      w = MAX (w, _mv_map_geometry_text_width (m, hex, MV_TEXT_MONO_SMALL));

      /* Centred on the tick; the axis ends align their labels inwards. */
      if (t->tick.x <= x0 + 0.5)
        lx = t->tick.x;
      else if (t->tick.x >= x1 - 0.5)
        lx = t->tick.x - w;
      else
        lx = t->tick.x - w / 2;
      lx = CLAMP (lx, left, MAX (left, right - w));

      for (guint r = 0; r < max_rows; r++)
        {
          gboolean clear = span_free (rows[r], lx, lx + w, LABEL_GAP);

          /* The leader to row r crosses the rows above it; the label in
           * row r covers the leaders to the rows below it. */
          for (guint above = 0; clear && above < r; above++)
            clear = line_clear (rows[above], t->tick.x);
          for (guint k = 0; clear && k < leaders->len; k++)
            {
              const Leader *l = &g_array_index (leaders, Leader, k);

              clear = l->row <= r || l->x < lx - LEADER_GAP || l->x > lx + w + LEADER_GAP;
            }
          if (!clear)
            continue;
          {
            Span s = { lx, lx + w };

            g_array_append_val (rows[r], s);
          }
          if (r > 0)
            {
              Leader l = { t->tick.x, r };

              g_array_append_val (leaders, l);
            }
          t->labelled = TRUE;
          t->label_row = r;
          t->label_rect = (MvRect) { lx, label_y + r * row_h, w, row_h };
          t->hex = g_steal_pointer (&hex);
          t->size = g_steal_pointer (&size);
          break;
        }
    }
}
