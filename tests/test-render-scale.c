/* SPDX-License-Identifier: MIT */
/* The renderer's scales and scenes: address-to-x mappings (linear, log,
 * focus), sizes as text, windows, lanes, what a scene costs, axis tick
 * labels, the e820 row. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mv-render-test.h"

/* ---- Scales --------------------------------------------------------------- */

static void
test_scale_linear (void)
{
  g_autoptr(MvScale) s = mv_scale_new_linear (0, 4 * GiB, 100.0, 1100.0);

  g_assert_cmpint (mv_scale_get_kind (s), ==, MV_SCALE_LINEAR);
  g_assert_cmpfloat_with_epsilon (mv_scale_to_x (s, 0), 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mv_scale_to_x (s, 4 * GiB), 1100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mv_scale_to_x (s, 1 * GiB), 350.0, 1e-9);
  /* Clamped outside, inverse inside. */
  g_assert_cmpfloat_with_epsilon (mv_scale_to_x (s, 8 * GiB), 1100.0, 1e-9);
  g_assert_cmpuint (mv_scale_to_addr (s, 350.0), ==, 1 * GiB);
  g_assert_cmpuint (mv_scale_to_addr (s, 0.0), ==, 0);
  g_assert_cmpuint (mv_scale_to_addr (s, 5000.0), ==, 4 * GiB);
  g_assert_cmpuint (mv_scale_get_n_breaks (s), ==, 0);
}

static void
test_scale_log (void)
{
  g_autoptr(MvScale) s = mv_scale_new_log (0, 4 * PiB, 0.0, 1000.0);
  double prev = -1.0;
  double octave_40, octave_50;

  for (guint e = 12; e <= 52; e++)
    {
      double x = mv_scale_to_x (s, (guint64) 1 << e);

      g_assert_cmpfloat (x, >, prev);
      prev = x;
    }
  /* Far above the 4 KiB offset, every octave is as wide. */
  octave_40 = mv_scale_to_x (s, (guint64) 1 << 41) - mv_scale_to_x (s, (guint64) 1 << 40);
  octave_50 = mv_scale_to_x (s, (guint64) 1 << 51) - mv_scale_to_x (s, (guint64) 1 << 50);
  g_assert_cmpfloat_with_epsilon (octave_40, octave_50, 1e-6);
  /* The inverse, within a part in a million of the address. */
  for (guint e = 20; e <= 51; e += 7)
    {
      guint64 a = (guint64) 1 << e;
      guint64 back = mv_scale_to_addr (s, mv_scale_to_x (s, a));

      g_assert_cmpfloat (fabs ((double) back - (double) a), <=, (double) a * 1e-6);
    }
}

static void
test_scale_focus_min_width (void)
{
  /* Tiny ranges among huge ones: each still gets the minimum width. */
  MvScaleBoundary b[] = {
    { 4 * KiB, 0 }, { 8 * KiB, 0 }, { 640 * KiB, 0 }, { 1 * MiB, 0 },
    { 3 * GiB, 0 }, { 4 * GiB, 0 }, { 1 * TiB, 0 }, { 1 * TiB + 4 * KiB, 0 },
  };
  g_autoptr(MvScale) s = mv_scale_new_focus (0, 2 * TiB, b, G_N_ELEMENTS (b), 0.0, 1000.0, 30.0);
  double sum = 0.0;

  g_assert_cmpuint (mv_scale_get_n_segments (s), ==, G_N_ELEMENTS (b) + 1);
  for (guint i = 0; i < mv_scale_get_n_segments (s); i++)
    {
      const MvScaleSegment *seg = mv_scale_get_segment (s, i);

      g_assert_cmpfloat (seg->x1 - seg->x0, >=, 30.0 - 1e-9);
      sum += seg->x1 - seg->x0;
      if (i > 0)
        g_assert_cmpfloat_with_epsilon (seg->x0, mv_scale_get_segment (s, i - 1)->x1, 1e-9);
      /* Boundaries map exactly onto segment edges. */
      g_assert_cmpfloat_with_epsilon (mv_scale_to_x (s, seg->start), seg->x0, 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (sum, 1000.0, 1e-6);
}

/* Where the width leaves room, a segment's width grows with its length
 * even below the proportional regime: a 13.5 MiB kernel among 4 KiB pages
 * and GiB of RAM is wider than a page, a page keeps the minimum width, and
 * a longer segment is never narrower than a shorter one. Without room,
 * the shortest give up width (down to half an equal share) for the
 * same grading. */
static void
test_scale_focus_graded (void)
{
  MvScaleBoundary b[] = {
    { 4 * KiB, 0 }, { 8 * KiB, 0 }, { 12 * KiB, 0 }, { 16 * KiB, 0 }, { 40 * KiB, 0 },
    { 1 * MiB, 0 }, { 1 * MiB + 13824 * KiB, 0 }, { 128 * MiB, 0 }, { 3968 * MiB, 0 },
    { 4 * GiB, 0 },
  };
  g_autoptr(MvScale) s = mv_scale_new_focus (0, 8 * GiB, b, G_N_ELEMENTS (b), 0.0, 1000.0, 30.0);
  g_autoptr(MvScale) tight = mv_scale_new_focus (0, 8 * GiB, b, G_N_ELEMENTS (b), 0.0, 330.0, 30.0);
  guint n = mv_scale_get_n_segments (s);
  double page, kernel;

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (b) + 1);
  page = mv_scale_to_x (s, 8 * KiB) - mv_scale_to_x (s, 4 * KiB);
  kernel = mv_scale_to_x (s, 1 * MiB + 13824 * KiB) - mv_scale_to_x (s, 1 * MiB);
  g_assert_cmpfloat_with_epsilon (page, 30.0, 1e-6);
  g_assert_cmpfloat (kernel, >, 2.0 * page);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < n; k++)
      {
        const MvScaleSegment *x = mv_scale_get_segment (s, i);
        const MvScaleSegment *y = mv_scale_get_segment (s, k);

        g_assert_cmpfloat (x->x1 - x->x0, >=, 30.0 - 1e-9);
        if (x->end - x->start < y->end - y->start)
          g_assert_cmpfloat (x->x1 - x->x0, <=, y->x1 - y->x0 + 1e-9);
      }
  g_assert_cmpfloat_with_epsilon (mv_scale_get_segment (s, n - 1)->x1, 1000.0, 1e-9);
  /* Without room (11 segments of an equal 30 in 330): graded still, the
   * shortest giving up width but keeping at least half an equal share. */
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < n; k++)
      {
        const MvScaleSegment *x = mv_scale_get_segment (tight, i);
        const MvScaleSegment *y = mv_scale_get_segment (tight, k);

        g_assert_cmpfloat (x->x1 - x->x0, >=, 15.0 - 1e-9);
        if (x->end - x->start < y->end - y->start)
          g_assert_cmpfloat (x->x1 - x->x0, <=, y->x1 - y->x0 + 1e-9);
      }
  g_assert_cmpfloat (mv_scale_to_x (tight, 1 * MiB + 13824 * KiB) - mv_scale_to_x (tight, 1 * MiB), >,
                     1.5 * (mv_scale_to_x (tight, 8 * KiB) - mv_scale_to_x (tight, 4 * KiB)));
  g_assert_cmpfloat_with_epsilon (mv_scale_get_segment (tight, n - 1)->x1, 330.0, 1e-9);
  /* The grading takes at most half the room the minimums leave: two spans
   * of 16 TiB of RAM still get the most, over a fifth of the width each
   * (all the room to the grading would leave them a sixth). */
  {
    MvScaleBoundary b16[G_N_ELEMENTS (b) + 2];
    g_autoptr(MvScale) big = NULL;
    const MvScaleSegment *last;

    memcpy (b16, b, sizeof b);
    b16[G_N_ELEMENTS (b)] = (MvScaleBoundary) { 16 * TiB, 0 };
    b16[G_N_ELEMENTS (b) + 1] = (MvScaleBoundary) { 16 * TiB + 512 * MiB, 0 };
    big = mv_scale_new_focus (0, 32 * TiB, b16, G_N_ELEMENTS (b16), 0.0, 1000.0, 30.0);
    last = mv_scale_get_segment (big, mv_scale_get_n_segments (big) - 1);

    g_assert_false (last->broken);
    g_assert_cmpfloat (last->x1 - last->x0, >, 1000.0 / 5);
    for (guint i = 0; i < mv_scale_get_n_segments (big); i++)
      {
        const MvScaleSegment *seg = mv_scale_get_segment (big, i);

        g_assert_cmpfloat (seg->x1 - seg->x0, <=, last->x1 - last->x0 + 1e-6);
      }
  }
}

static void
test_scale_focus_breaks (void)
{
  /* 4 PiB of RAM above a low layout: the long span is compressed and
   * flagged; without such a span nothing is. */
  MvScaleBoundary big[] = { { 0xF8000000, 0 }, { 4 * GiB, 0 }, { 128 * MiB, 1 } };
  MvScaleBoundary even[] = { { 0xF8000000, 0 }, { 4 * GiB, 0 }, { 6 * GiB, 0 } };
  g_autoptr(MvScale) s = mv_scale_new_focus (0, 4 * PiB, big, G_N_ELEMENTS (big), 0.0, 1200.0, 30.0);
  g_autoptr(MvScale) t = mv_scale_new_focus (0, 8 * GiB, even, G_N_ELEMENTS (even), 0.0, 1200.0, 30.0);
  const MvScaleSegment *last = mv_scale_get_segment (s, mv_scale_get_n_segments (s) - 1);

  g_assert_cmpuint (mv_scale_get_n_breaks (s), ==, 1);
  g_assert_true (last->broken);
  g_assert_cmpuint (last->start, ==, 4 * GiB);
  /* The compressed span stays the widest. */
  for (guint i = 0; i + 1 < mv_scale_get_n_segments (s); i++)
    {
      const MvScaleSegment *seg = mv_scale_get_segment (s, i);

      g_assert_false (seg->broken);
      g_assert_cmpfloat (seg->x1 - seg->x0, <=, last->x1 - last->x0);
    }
  g_assert_cmpuint (mv_scale_get_n_breaks (t), ==, 0);
}

static void
test_scale_monotonic (void)
{
  MvScaleBoundary b[] = { { 12 * KiB, 3 }, { 1 * MiB, 0 }, { 5 * GiB, 1 }, { 3 * PiB, 2 } };
  MvScale *scales[] = {
    mv_scale_new_linear (4 * KiB, 4 * PiB, 10.0, 900.0),
    mv_scale_new_log (4 * KiB, 4 * PiB, 10.0, 900.0),
    mv_scale_new_focus (4 * KiB, 4 * PiB, b, G_N_ELEMENTS (b), 10.0, 900.0, 40.0),
  };

  for (guint k = 0; k < G_N_ELEMENTS (scales); k++)
    {
      double prev = -1.0;
      g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (MvTick));

      for (guint64 a = 4 * KiB; a < 4 * PiB; a = a * 3 + 4 * KiB)
        {
          double x = mv_scale_to_x (scales[k], a);

          g_assert_cmpfloat (x, >=, prev);
          g_assert_cmpfloat (x, >=, 10.0);
          g_assert_cmpfloat (x, <=, 900.0);
          prev = x;
        }
      mv_scale_ticks (scales[k], 60.0, ticks);
      g_assert_cmpuint (ticks->len, >=, 2);
      for (guint i = 0; i < ticks->len; i++)
        {
          const MvTick *t = &g_array_index (ticks, MvTick, i);

          g_assert_cmpuint (t->addr, >=, 4 * KiB);
          g_assert_cmpuint (t->addr, <=, 4 * PiB);
          if (i > 0)
            g_assert_cmpuint (t->addr, >, g_array_index (ticks, MvTick, i - 1).addr);
        }
      mv_scale_free (scales[k]);
    }
}

static void
test_scale_degenerate (void)
{
  /* An empty axis and an empty width still map, and never divide by 0. */
  g_autoptr(MvScale) a = mv_scale_new_focus (5 * GiB, 5 * GiB, NULL, 0, 0.0, 0.0, 30.0);
  g_autoptr(MvScale) b = mv_scale_new_linear (G_MAXUINT64, G_MAXUINT64, 0.0, 10.0);
  double x = mv_scale_to_x (a, 5 * GiB + 1);

  g_assert_true (isfinite (x));
  g_assert_cmpuint (mv_scale_get_end (a), >, mv_scale_get_start (a));
  g_assert_cmpuint (mv_scale_get_end (b), >, mv_scale_get_start (b));
  g_assert_true (isfinite (mv_scale_to_x (b, G_MAXUINT64 - 1)));
}

/* ---- Scene ----------------------------------------------------------------- */

typedef struct
{
  guint64     bytes;
  const char *text;
} SizeCase;

static const SizeCase size_cases[] = {
  { 0, "0 B" },
  { 4096, "4 KiB" },
  { 640 * KiB, "640 KiB" },
  { 0xF8000000, "3968 MiB" },
  { 4 * GiB, "4 GiB" },
  { 0x208000000, "8320 MiB" },
  { 3 * GiB + 512 * MiB + 4096, "3.5 GiB" },
  { 16 * TiB, "16 TiB" },
  { 4 * PiB - GiB, "4 PiB" },
  { 1000, "1000 B" },
};

static void
test_scene_format_size (gconstpointer data)
{
  const SizeCase *c = data;
  g_autofree char *text = mv_scene_format_size (c->bytes);

  g_assert_cmpstr (text, ==, c->text);
}

static void
test_scene_window (void)
{
  g_autoptr(MvScene) scene = layout_scene (8 * GiB, 46, 1);
  g_autoptr(GError) error = NULL;
  guint64 start, end;

  mv_scene_get_extent (scene, &start, &end);
  g_assert_cmpuint (start, ==, 0);
  /* Pair 2 is programmed up to 20 GiB, past the 8.6 GiB layout. */
  g_assert_cmpuint (end, ==, 20 * GiB);

  g_assert_false (mv_scene_set_window (scene, 2 * GiB, 1 * GiB, &error));
  g_assert_error (error, MV_RANGE_ERROR, MV_RANGE_ERROR_REVERSED);
  g_assert_true (mv_scene_set_window (scene, 0, 1 * MiB, NULL));
  mv_scene_get_extent (scene, &start, &end);
  g_assert_cmpuint (end, ==, 1 * MiB);
  g_assert_true (mv_scene_set_window (scene, 0, 0, NULL));
  mv_scene_get_extent (scene, &start, &end);
  g_assert_cmpuint (end, ==, 20 * GiB);
}

static void
test_scene_lanes (void)
{
  g_autoptr(MvScene) scene = preset_scene ("openvmm-default-8g");
  int layout = mv_scene_find_lane (scene, MV_LANE_LAYOUT, 0);
  int effective = mv_scene_find_lane (scene, MV_LANE_EFFECTIVE, 0);
  int pair1 = mv_scene_find_lane (scene, MV_LANE_PAIR, 1);
  const MvSceneLane *lane;
  gboolean mmio_cached_marked = FALSE;

  g_assert_cmpint (layout, ==, 0);
  g_assert_cmpint (effective, >, layout);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_FIXED, 0), >, effective);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_PAIR, 3), ==, -1);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_PAGES, 0), ==, -1);

  /* Layout: RAM, MMIO, RAM, MMIO. */
  lane = g_ptr_array_index (scene->lanes, layout);
  g_assert_cmpuint (lane->items->len, ==, 4);

  /* Pair 1: programmed at 128 MiB, matched from 0 to 4 GiB. */
  lane = g_ptr_array_index (scene->lanes, pair1);
  g_assert_cmpuint (lane->n_rows, ==, 2);
  g_assert_cmpuint (g_array_index (lane->items, MvSceneItem, 0).start, ==, 128 * MiB);
  g_assert_cmpuint (g_array_index (lane->items, MvSceneItem, 0).end, ==, 4 * GiB + 128 * MiB);
  g_assert_true (g_array_index (lane->items, MvSceneItem, 1).flags & MV_ITEM_MATCHED);
  g_assert_cmpuint (g_array_index (lane->items, MvSceneItem, 1).start, ==, 0);
  g_assert_cmpuint (g_array_index (lane->items, MvSceneItem, 1).end, ==, 4 * GiB);

  /* The low MMIO gap is WB: an error marked on the effective lane at it. */
  for (guint i = 0; i < scene->marks->len; i++)
    {
      const MvSceneMark *m = &g_array_index (scene->marks, MvSceneMark, i);

      if (m->severity == MV_MARK_ERROR && m->lane == effective && m->start == 0xF8000000)
        mmio_cached_marked = TRUE;
    }
  g_assert_true (mmio_cached_marked);
  g_assert_nonnull (scene->mtrr_table);
  g_assert_nonnull (scene->pages_table);
  g_assert_false (scene->has_gdt);
}

static void
test_scene_cost (void)
{
  /* A 4 PiB layout and a 1 GiB one, a million imports or one: the scene
   * holds about as many items, whatever the sizes and page counts. */
  g_autoptr(MvScene) small = layout_scene (1 * GiB, 52, 1);
  g_autoptr(MvScene) huge = layout_scene (4 * PiB, 52, 1);
  g_autoptr(MvScene) many = layout_scene (1 * GiB, 52, 100000);
  guint n_small = 0, n_huge = 0, n_many = 0;

  for (guint i = 0; i < small->lanes->len; i++)
    n_small += ((MvSceneLane *) g_ptr_array_index (small->lanes, i))->items->len;
  for (guint i = 0; i < huge->lanes->len; i++)
    n_huge += ((MvSceneLane *) g_ptr_array_index (huge->lanes, i))->items->len;
  for (guint i = 0; i < many->lanes->len; i++)
    n_many += ((MvSceneLane *) g_ptr_array_index (many->lanes, i))->items->len;
  g_assert_cmpuint (n_huge, <=, n_small + 8);
  g_assert_cmpuint (n_many, ==, n_small);
  g_assert_cmpuint (many->pages_table->rows->len, ==, small->pages_table->rows->len);
}

/* ---- Tick labels never collide ------------------------------------------- */

static gboolean
rects_meet (const MvRect *a,
            const MvRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Every preset on every axis at three widths: no tick label meets
 * another, nor a tick line (with its leader down to a lower row) that is
 * not its own; the end labels are tick labels too. */
static void
test_tick_labels_clear (void)
{
  g_autoptr(GPtrArray) presets = mv_presets_list ();
  const MvScaleKind axes[] = { MV_SCALE_FOCUS, MV_SCALE_LINEAR, MV_SCALE_LOG };
  const double widths[] = { 1600, 900, 700 };
  MvRenderStyle style;
  guint checked = 0;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  for (guint i = 0; i < presets->len; i++)
    for (guint a = 0; a < G_N_ELEMENTS (axes); a++)
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          const MvPresetInfo *info = g_ptr_array_index (presets, i);
          g_autoptr(MvScene) scene = preset_scene (info->name);
          g_autoptr(MvMapGeometry) g = NULL;
          guint labelled = 0;

          mv_scene_set_scale (scene, axes[a]);
          g = mv_render_map_geometry (scene, &style, widths[w], 0.0);
          for (guint j = 0; j < g->ticks->len; j++)
            {
              const MvTickBox *t = &g_array_index (g->ticks, MvTickBox, j);

              if (!t->labelled)
                continue;
              labelled++;
              for (guint k = 0; k < g->ticks->len; k++)
                {
                  const MvTickBox *o = &g_array_index (g->ticks, MvTickBox, k);
                  double ox = floor (o->tick.x) + 0.5;
                  /* The line as the painter draws it: down from the axis,
                   * to its label's top in a lower row. */
                  double bottom = g->axis_y + (o->labelled ? 6.0 : 3.0);
                  MvRect line;

                  if (k == j)
                    continue;
                  if (o->labelled && o->label_row > 0)
                    bottom = o->label_rect.y;
                  line = (MvRect) { ox - 0.5, g->axis_y, 1.0, bottom - g->axis_y };
                  if (rects_meet (&t->label_rect, &line))
                    g_error ("%s, %s axis, %g wide: the label of %s meets the tick line of %s",
                             info->name, mv_scale_kind_to_string (axes[a]), widths[w], t->hex,
                             o->labelled ? o->hex : "an unlabelled tick");
                  if (o->labelled && rects_meet (&t->label_rect, &o->label_rect))
                    g_error ("%s, %s axis, %g wide: the labels of %s and %s meet",
                             info->name, mv_scale_kind_to_string (axes[a]), widths[w], t->hex, o->hex);
                }
            }
          /* Both ends of the axis keep their labels. */
          g_assert_cmpuint (labelled, >=, 2);
          checked++;
        }
  g_assert_cmpuint (checked, ==, presets->len * 9);
}

/* The case a user met: the 4 GiB tick no longer runs through the end
 * label 0x108000000 on the linear axis. */
static void
test_tick_labels_linear_end (void)
{
  g_autoptr(MvScene) scene = preset_scene ("openvmm-default-8g");
  g_autoptr(MvMapGeometry) g = NULL;
  MvRenderStyle style;
  const MvTickBox *end = NULL;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  mv_scene_set_scale (scene, MV_SCALE_LINEAR);
  g = mv_render_map_geometry (scene, &style, 1600, 0.0);
  for (guint j = 0; j < g->ticks->len; j++)
    {
      const MvTickBox *t = &g_array_index (g->ticks, MvTickBox, j);

      if (t->labelled && (end == NULL || t->tick.x > end->tick.x))
        end = t;
    }
  g_assert_nonnull (end);
  for (guint j = 0; j < g->ticks->len; j++)
    {
      const MvTickBox *t = &g_array_index (g->ticks, MvTickBox, j);

      if (t != end && t->labelled && t->label_row > end->label_row)
        g_assert_true (t->tick.x < end->label_rect.x || t->tick.x > end->label_rect.x + end->label_rect.width);
    }
}

/* The e820 row: one bar per entry, coloured by type, beside the layout
 * and the MTRRs; its bars are painted where the scale puts them. */
static void
test_e820_row (void)
{
  static const MvE820Entry e820[] = {
    { 0, 0x19000, 1 },
    { 0x19000, 0x1a000, 3 },
    { 0x1a000, 0x1b000, 2 },
    { 0x1b000, 0xe0000, 1 },
    { 0xe0000, 0x100000, 2 },
    { 0x100000, 0x80000000, 1 },
  };
  g_autoptr(MvScene) scene = layout_scene ((guint64) 2 << 30, 46, 0);
  MvRenderStyle style;
  g_autoptr(MvMapGeometry) g = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  const MvSceneLane *lane;
  int index;
  guint checked = 0;

  mv_scene_add_e820 (scene, e820, 0);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_LAYOUT, 1), ==, -1);
  mv_scene_add_e820 (scene, e820, G_N_ELEMENTS (e820));
  index = mv_scene_find_lane (scene, MV_LANE_LAYOUT, 1);
  g_assert_cmpint (index, >=, 0);
  lane = g_ptr_array_index (scene->lanes, index);
  g_assert_cmpstr (lane->title, ==, "e820 (guest)");
  /* Short enough for the window's lane titles (the lane title says "guest"). */
  g_assert_true (g_str_has_prefix (lane->subtitle, "6 entries, "));
  g_assert_cmpuint (lane->items->len, ==, 6);
  g_assert_cmpint (g_array_index (lane->items, MvSceneItem, 0).fill, ==, MV_FILL_RAM);
  g_assert_cmpint (g_array_index (lane->items, MvSceneItem, 1).fill, ==, MV_FILL_E820_ACPI);
  g_assert_cmpint (g_array_index (lane->items, MvSceneItem, 4).fill, ==, MV_FILL_E820_RESERVED);
  g_assert_cmpstr (g_array_index (lane->items, MvSceneItem, 4).label, ==, "reserved \u00b7 128 KiB");

  mv_render_style_init (&style, MV_THEME_LIGHT);
  g = mv_render_map_geometry (scene, &style, 1200, 0.0);
  image = mv_render_to_image (scene, &style, MV_VIEW_MAP, 1200, 0.0, 1.0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      const MvSceneItem *item;
      double x0, x1;

      if (ib->lane != (guint) index)
        continue;
      item = &g_array_index (lane->items, MvSceneItem, ib->item);
      x0 = mv_scale_to_x (g->scale, item->start);
      x1 = mv_scale_to_x (g->scale, item->end);
      if (x1 - x0 < 12.0)
        continue;
      g_assert_true (patch_is (image, (x0 + x1) / 2, ib->rect.y + 3.0, 1.0, &style.fills[item->fill]));
      checked++;
    }
  g_assert_cmpuint (checked, >=, 3);
  cairo_surface_destroy (image);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/scale/linear", test_scale_linear);
  g_test_add_func ("/render/scene/e820", test_e820_row);
  g_test_add_func ("/render/scale/log", test_scale_log);
  g_test_add_func ("/render/scale/focus/min-width", test_scale_focus_min_width);
  g_test_add_func ("/render/scale/focus/breaks", test_scale_focus_breaks);
  g_test_add_func ("/render/scale/focus/graded", test_scale_focus_graded);
  g_test_add_func ("/render/scale/monotonic", test_scale_monotonic);
  g_test_add_func ("/render/scale/degenerate", test_scale_degenerate);
  for (guint i = 0; i < G_N_ELEMENTS (size_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/render/scene/format-size/%u", i);

      g_test_add_data_func (path, &size_cases[i], test_scene_format_size);
    }
  g_test_add_func ("/render/scene/window", test_scene_window);
  g_test_add_func ("/render/scene/lanes", test_scene_lanes);
  g_test_add_func ("/render/scene/cost", test_scene_cost);
  g_test_add_func ("/render/axis/tick-labels-clear", test_tick_labels_clear);
  g_test_add_func ("/render/axis/linear-end-label", test_tick_labels_linear_end);

  return mv_render_test_run ();
}
