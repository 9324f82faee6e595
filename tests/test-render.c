/* SPDX-License-Identifier: MIT */
/* Over 1,000 lines: one program for one room (the renderer), many cases over presets, views and surfaces. */
/* The renderer: scales, scenes, geometry, and every preset in every view
 * and theme on image, SVG and PDF surfaces. Pixel checks sample where the
 * scene's own address-to-x mapping says a bar is. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mv-boot-test.h"
#include "mv-geometry.h"
#include "mv-mtrr-state.h"
#include "mv-mtrr.h"
#include "mv-presets.h"
#include "mv-render-private.h"
#include "mv-render.h"
#include "mv-scale.h"
#include "mv-scenario.h"
#include "mv-scene-mtrr.h"
#include "mv-scene-scenario.h"
#include "mv-scene.h"
#include "mv-test-util.h"

#define KiB ((guint64) 1 << 10)
#define MiB ((guint64) 1 << 20)
#define GiB ((guint64) 1 << 30)
#define TiB ((guint64) 1 << 40)
#define PiB ((guint64) 1 << 50)

/* ---- Helpers ------------------------------------------------------------- */

static MvScene *
preset_scene (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_preset_load (name, &error);
  g_autoptr(MvScenario) sc = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  return mv_scene_new_for_scenario (doc, sc);
}

/* A scene straight from core parts: a layout, its guest MTRR state and a
 * recorder holding @n_calls consecutive one-page imports and a GDT. */
static MvScene *
layout_scene (guint64 ram,
              guint8  width,
              guint64 n_calls)
{
  g_autoptr(GError) error = NULL;
  MvRange gaps[2] = { { 0xF8000000, MV_FOUR_GB }, { 0, 0 } };
  g_autoptr(MvLayout) layout = NULL;
  g_autoptr(MvMtrrState) state = NULL;
  g_autoptr(MvRecorder) rec = mv_recorder_new (FALSE);
  MvRange low, high;
  MvScene *scene;
  guint8 gdt[MV_GDT_DEFAULT_SIZE];

  /* The high gap goes right above RAM. */
  gaps[1].start = ((ram > 0xF8000000 ? ram - 0xF8000000 : 0) + MV_FOUR_GB + (2 * MiB - 1)) & ~(2 * MiB - 1);
  gaps[1].end = gaps[1].start + 512 * MiB;
  layout = mv_layout_new (ram, gaps, 2, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  mv_mtrr_default_chipset_gaps (layout, &low, &high);
  state = mv_mtrr_state_new_for_guest (layout, width, low, high, MV_MTRR_PROFILE_LINUX_DIRECT, 8, &error);
  g_assert_no_error (error);

  g_assert_true (mv_gdt_import_default (&rec->parent, 1, &error));
  for (guint64 i = 0; i < n_calls; i++)
    {
      guint8 byte = 0x5a;

      g_assert_true (mv_importer_import_pages (&rec->parent, 0x100 + i, 1, "kernel",
                                               MV_ACCEPTANCE_EXCLUSIVE, &byte, 1, &error));
    }

  scene = mv_scene_new ("Test", "A layout built in the test");
  mv_scene_add_layout (scene, layout);
  mv_scene_add_mtrr_state (scene, state, layout);
  mv_scene_add_page_map (scene, rec);
  mv_gdt_default_bytes (gdt);
  mv_scene_set_gdt (scene, 0x1000, gdt, sizeof gdt, (MvX86Register *) rec->registers->data,
                    rec->registers->len);
  return scene;
}

static void
label_array_clear (gpointer data)
{
  _mv_render_label_clear (data);
}

static GArray *
new_log (void)
{
  GArray *log = g_array_new (FALSE, FALSE, sizeof (MvRenderLabel));

  g_array_set_clear_func (log, label_array_clear);
  return log;
}

static void
read_pixel (cairo_surface_t *image,
            double           x,
            double           y,
            guint8           rgb[3])
{
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data = cairo_image_surface_get_data (image);
  int ix = (int) floor (x), iy = (int) floor (y);
  guint32 px;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (image));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (image));
  px = *(const guint32 *) (data + iy * stride + ix * 4);
  rgb[0] = (px >> 16) & 0xff;
  rgb[1] = (px >> 8) & 0xff;
  rgb[2] = px & 0xff;
}

static gboolean
pixel_is (const guint8  rgb[3],
          const MvColor *c,
          int            tolerance)
{
  return abs (rgb[0] - (int) lround (c->red * 255)) <= tolerance &&
         abs (rgb[1] - (int) lround (c->green * 255)) <= tolerance &&
         abs (rgb[2] - (int) lround (c->blue * 255)) <= tolerance;
}

/* Most pixels of a small patch at (x, y) have colour @c. */
static gboolean
patch_is (cairo_surface_t *image,
          double           x,
          double           y,
          double           scale,
          const MvColor   *c)
{
  guint hits = 0, total = 0;

  for (int dy = 0; dy < 3; dy++)
    for (int dx = -2; dx <= 2; dx++)
      {
        guint8 rgb[3];

        read_pixel (image, (x + dx) * scale, (y + dy) * scale, rgb);
        hits += pixel_is (rgb, c, 3);
        total++;
      }
  return hits * 2 > total;
}

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

/* ---- Pictures ---------------------------------------------------------------- */

static gboolean
under_marker (const MvMapGeometry *g,
              double               x,
              double               y)
{
  for (guint i = 0; i < g->marks->len; i++)
    {
      const MvRect *r = &g_array_index (g->marks, MvMarkBox, i).rect;

      if (x >= r->x - 5.0 && x <= r->x + r->width + 5.0 && y >= r->y - 5.0 &&
          y <= r->y + r->height + 5.0)
        return TRUE;
    }
  return FALSE;
}

/* Bars land where the scale says: sample each plain bar of the map at the
 * x the scene's mapping gives for its range, just under its top edge. */
static void
check_bar_pixels (MvScene    *scene,
                  MvTheme     theme,
                  double      width,
                  double      scale)
{
  MvRenderStyle style;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvMapGeometry) g = NULL;
  cairo_surface_t *image;
  guint checked = 0;

  mv_render_style_init (&style, theme);
  g = mv_render_map_geometry (scene, &style, width, 0.0);
  image = mv_render_to_image (scene, &style, MV_VIEW_MAP, width, 0.0, scale, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) ceil (width * scale));
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, (int) ceil (g->natural_height * scale));

  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, ib->lane);
      const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, ib->item);
      guint64 start, end;
      double x0, x1, x;

      if (item->flags != 0 || (item->fill != MV_FILL_RAM && item->fill != MV_FILL_WB &&
                               item->fill != MV_FILL_DATA))
        continue;
      mv_scene_get_extent (scene, &start, &end);
      x0 = mv_scale_to_x (g->scale, MAX (item->start, start));
      x1 = mv_scale_to_x (g->scale, MIN (item->end, end));
      if (x1 - x0 < 12.0)
        continue;
      /* Near both ends, where no diagnostic marker sits. */
      for (guint end_i = 0; end_i < 2; end_i++)
        {
          x = end_i == 0 ? x0 + 6.0 : x1 - 6.0;
          if (under_marker (g, x, ib->rect.y + 3.0))
            continue;
          if (!patch_is (image, x, ib->rect.y + 3.0, scale, &style.fills[item->fill]))
            g_error ("bar %s [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) is not at x %g",
                     item->label, item->start, item->end, x);
          checked++;
        }
    }
  /* Not a vacuous pass. */
  g_assert_cmpuint (checked, >=, 3);

  /* The page's corner is the theme's background. */
  {
    guint8 rgb[3];

    read_pixel (image, 1, 1, rgb);
    g_assert_true (pixel_is (rgb, &style.background, 1));
  }
  cairo_surface_destroy (image);
}

static void
test_pixels_light (void)
{
  g_autoptr(MvScene) scene = preset_scene ("linux-direct");

  check_bar_pixels (scene, MV_THEME_LIGHT, 1600, 1.0);
}

static void
test_pixels_dark_hidpi (void)
{
  g_autoptr(MvScene) scene = preset_scene ("uefi");

  check_bar_pixels (scene, MV_THEME_DARK, 1200, 2.0);
}

static void
test_pixels_scales (void)
{
  static const MvScaleKind kinds[] = { MV_SCALE_LINEAR, MV_SCALE_LOG, MV_SCALE_FOCUS };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(MvScene) scene = layout_scene (4 * PiB, 52, 3);

      mv_scene_set_scale (scene, kinds[i]);
      check_bar_pixels (scene, MV_THEME_LIGHT, 1400, 1.0);
    }
}

/* How many pixels of @a and @b differ by more than @tolerance in a
 * channel. */
static guint
count_differing_pixels (cairo_surface_t *a,
                        cairo_surface_t *b,
                        guint            tolerance)
{
  int width = cairo_image_surface_get_width (a), height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  guint n = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 4; x += 4)
      for (int c = 0; c < 4; c++)
        if ((guint) ABS (pa[y * stride + x + c] - pb[y * stride + x + c]) > tolerance)
          {
            n++;
            break;
          }
  return n;
}

static cairo_surface_t *
render_map_options (const MvRenderOptions *options,
                    const MvScene         *scene,
                    double                 scale)
{
  MvRenderStyle style;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  image = _mv_render_to_image_with (scene, &style, MV_VIEW_MAP, 1200, 0, scale, options, &error);
  g_assert_no_error (error);
  return image;
}

static cairo_surface_t *
render_map_with (MvRenderPatterns  patterns,
                 const MvScene    *scene,
                 double            scale)
{
  MvRenderOptions options = { .patterns = patterns };

  return render_map_options (&options, scene, scale);
}

/* Renders @view of @scene at @width x @height (0: natural) into an
 * image, logging the labels into @log. */
static void
render_logged (const MvScene       *scene,
               const MvRenderStyle *style,
               MvView               view,
               double               width,
               double               height,
               GArray              *log)
{
  MvRenderOptions options = { .log = log };
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;

  image = _mv_render_to_image_with (scene, style, view, width, height, 1.0, &options, &error);
  g_assert_no_error (error);
  cairo_surface_destroy (image);
}

/* The patterns painted from repeated tiles (images, the window) are the
 * ones drawn as vectors (SVG, PDF): the same hatching, lined up the same,
 * with no seam where tiles meet; at 1x and at 2x, over every preset. */
static void
test_pixels_pattern_tiles (void)
{
  g_autoptr(GPtrArray) presets = mv_presets_list ();
  static const double scales[] = { 1.0, 2.0 };

  for (guint i = 0; i < presets->len; i++)
    for (guint k = 0; k < G_N_ELEMENTS (scales); k++)
      {
        const MvPresetInfo *info = g_ptr_array_index (presets, i);
        g_autoptr(MvScene) scene = preset_scene (info->name);
        g_autoptr(cairo_surface_t) tiles = render_map_with (MV_RENDER_PATTERNS_AUTO, scene, scales[k]);
        g_autoptr(cairo_surface_t) vectors = render_map_with (MV_RENDER_PATTERNS_VECTOR, scene, scales[k]);
        g_autoptr(cairo_surface_t) plain = render_map_with (MV_RENDER_PATTERNS_NONE, scene, scales[k]);
        guint area = cairo_image_surface_get_width (tiles) * cairo_image_surface_get_height (tiles);
        guint hatched = count_differing_pixels (vectors, plain, 24);
        guint off = count_differing_pixels (tiles, vectors, 24);

        /* The images are painted from tiles, at both scales. */
        {
          g_autoptr(cairo_t) cr = cairo_create (tiles);
          MvRenderStyle style;

          mv_render_style_init (&style, MV_THEME_LIGHT);
          cairo_scale (cr, scales[k], scales[k]);
          g_assert_cmpint (_mv_render_pattern_tile_scale (cr, &style), ==, (int) scales[k]);
        }
        /* Every preset has hatched bars (MMIO gaps at least). */
        g_assert_cmpuint (hatched, >, area / 200);
        if (off * 1000 > hatched)
          g_error ("%s at %gx: %u of the %u hatched pixels differ between tiles and vectors",
                   info->name, scales[k], off, hatched);
      }
}

/* A text drawn from a kept layout looks as it does shaped anew: a preset
 * painted with keeping off, then again from kept layouts after other
 * presets were painted at other scales, in another theme and with another
 * font size at the same scale (other texts, sizes and transforms). */
static void
test_kept_layouts (void)
{
  static const char *const names[] = { "openvmm-default-8g", "pcat", "large-16t" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(MvScene) scene = preset_scene (names[i]);
      g_autoptr(cairo_surface_t) fresh = NULL;
      g_autoptr(cairo_surface_t) kept = NULL;
      g_autoptr(GError) error = NULL;
      MvRenderStyle style;
      int stride, height;

      MvRenderOptions anew = { .shape_anew = TRUE };

      _mv_render_forget_layouts ();
      fresh = render_map_options (&anew, scene, 1.0);
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        {
          g_autoptr(MvScene) other = preset_scene (names[k]);
          g_autoptr(cairo_surface_t) a = render_map_with (MV_RENDER_PATTERNS_AUTO, other, 2.0);
          g_autoptr(cairo_surface_t) b = NULL;
          g_autoptr(cairo_surface_t) c = NULL;

          mv_render_style_init (&style, MV_THEME_DARK);
          b = mv_render_to_image (other, &style, MV_VIEW_ALL, 900, 0, 1.0, &error);
          g_assert_no_error (error);
          mv_render_style_init (&style, MV_THEME_LIGHT);
          style.font_size += k == 0 ? -1.0 : 1.0;
          c = mv_render_to_image (other, &style, MV_VIEW_MAP, 1200, 0, 1.0, &error);
          g_assert_no_error (error);
        }
      kept = render_map_with (MV_RENDER_PATTERNS_AUTO, scene, 1.0);

      stride = cairo_image_surface_get_stride (fresh);
      height = cairo_image_surface_get_height (fresh);
      g_assert_cmpint (cairo_image_surface_get_stride (kept), ==, stride);
      g_assert_cmpint (cairo_image_surface_get_height (kept), ==, height);
      g_assert_true (memcmp (cairo_image_surface_get_data (fresh), cairo_image_surface_get_data (kept),
                             (gsize) stride * height) == 0);
    }
}

/* Where tiles are used: raster targets at whole pixel scales; the
 * widget's recording surface at the style's pixel scale; vectors
 * elsewhere. */
static void
test_pattern_tile_scale (void)
{
  static const struct
  {
    cairo_surface_type_t type;
    double               device_scale;
    double               user_scale;
    double               pixel_scale;
    int                  expected;
  } cases[] = {
    { CAIRO_SURFACE_TYPE_IMAGE, 1, 1, 0, 1 },
    { CAIRO_SURFACE_TYPE_IMAGE, 1, 2, 0, 2 },
    { CAIRO_SURFACE_TYPE_IMAGE, 2, 1, 0, 2 },
    { CAIRO_SURFACE_TYPE_IMAGE, 2, 1.5, 0, 3 },
    { CAIRO_SURFACE_TYPE_IMAGE, 1, 1.5, 0, 0 },
    { CAIRO_SURFACE_TYPE_IMAGE, 1, 0.5, 0, 0 },
    { CAIRO_SURFACE_TYPE_IMAGE, 1, 16, 0, 0 },
    { CAIRO_SURFACE_TYPE_RECORDING, 1, 1, 0, 1 },
    { CAIRO_SURFACE_TYPE_RECORDING, 1, 1, 2, 2 },
    { CAIRO_SURFACE_TYPE_RECORDING, 1, 1.5, 1, 0 },
    { CAIRO_SURFACE_TYPE_SVG, 1, 1, 0, 0 },
    { CAIRO_SURFACE_TYPE_PDF, 1, 2, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MvRenderStyle style;
      g_autoptr(cairo_surface_t) surface = NULL;
      g_autoptr(cairo_t) cr = NULL;
      g_autofree char *path = g_strdup_printf ("%s/tile-scale-%u", g_get_tmp_dir (), i);

      switch (cases[i].type)
        {
        case CAIRO_SURFACE_TYPE_IMAGE:
          surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
          break;
        case CAIRO_SURFACE_TYPE_RECORDING:
          surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
          break;
        case CAIRO_SURFACE_TYPE_SVG:
          surface = cairo_svg_surface_create (path, 10, 10);
          break;
        default:
          surface = cairo_pdf_surface_create (path, 10, 10);
          break;
        }
      cairo_surface_set_device_scale (surface, cases[i].device_scale, cases[i].device_scale);
      cr = cairo_create (surface);
      cairo_translate (cr, 3, 5);
      cairo_scale (cr, cases[i].user_scale, cases[i].user_scale);
      mv_render_style_init (&style, MV_THEME_LIGHT);
      style.pixel_scale = cases[i].pixel_scale;
      g_assert_cmpint (_mv_render_pattern_tile_scale (cr, &style), ==, cases[i].expected);

      /* Tiles start at the origin, which must be on a pixel's corner. */
      if (cases[i].expected > 0)
        {
          cairo_translate (cr, 0.5 / (cases[i].user_scale * cases[i].device_scale * MAX (cases[i].pixel_scale, 1)), 0);
          g_assert_cmpint (_mv_render_pattern_tile_scale (cr, &style), ==, 0);
          cairo_translate (cr, -0.5 / (cases[i].user_scale * cases[i].device_scale * MAX (cases[i].pixel_scale, 1)), 0);
          g_assert_cmpint (_mv_render_pattern_tile_scale (cr, &style), ==, cases[i].expected);
        }

      /* Only a scaling: a turned picture has no whole pixels. */
      cairo_rotate (cr, 0.1);
      g_assert_cmpint (_mv_render_pattern_tile_scale (cr, &style), ==, 0);
      g_clear_pointer (&cr, cairo_destroy);
      cairo_surface_finish (surface);
      g_unlink (path);
    }
}

static void
test_pixels_window (void)
{
  g_autoptr(MvScene) scene = preset_scene ("pcat");

  g_assert_true (mv_scene_set_window (scene, 0, 1 * MiB, NULL));
  check_bar_pixels (scene, MV_THEME_LIGHT, 1000, 1.0);
}

static gboolean
rect_inside (const MvRect *inner,
             const MvRect *outer,
             double        slack)
{
  return inner->x >= outer->x - slack && inner->y >= outer->y - slack &&
         inner->x + inner->width <= outer->x + outer->width + slack &&
         inner->y + inner->height <= outer->y + outer->height + slack;
}

static gboolean
rects_overlap (const MvRect *a,
               const MvRect *b,
               double        slack)
{
  return a->x + slack < b->x + b->width && b->x + slack < a->x + a->width &&
         a->y + slack < b->y + b->height && b->y + slack < a->y + a->height;
}

/* Every text drawn stays inside its box and inside the picture, and no
 * two texts overlap. */
static void
check_labels (MvScene *scene,
              MvView   view,
              double   width,
              double   height)
{
  MvRenderStyle style;
  g_autoptr(GArray) log = new_log ();
  MvRect page;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  if (height <= 0)
    height = mv_render_natural_height (scene, &style, view, width);
  page = (MvRect) { 0, 0, width, height };
  render_logged (scene, &style, view, width, height, log);

  g_assert_cmpuint (log->len, >=, 3);
  for (guint i = 0; i < log->len; i++)
    {
      const MvRenderLabel *l = &g_array_index (log, MvRenderLabel, i);

      if (!rect_inside (&l->text, &l->box, 0.05))
        g_error ("\"%s\" (%g,%g %gx%g) runs out of its box (%g,%g %gx%g)", l->string,
                 l->text.x, l->text.y, l->text.width, l->text.height,
                 l->box.x, l->box.y, l->box.width, l->box.height);
      if (view != MV_VIEW_ALL && !rect_inside (&l->text, &page, 0.05))
        g_error ("\"%s\" runs out of the picture", l->string);
      for (guint k = i + 1; k < log->len; k++)
        {
          const MvRenderLabel *o = &g_array_index (log, MvRenderLabel, k);

          if (rects_overlap (&l->text, &o->text, 0.5))
            g_error ("\"%s\" (%g,%g %gx%g) overlaps \"%s\" (%g,%g %gx%g)", l->string,
                     l->text.x, l->text.y, l->text.width, l->text.height, o->string,
                     o->text.x, o->text.y, o->text.width, o->text.height);
        }
    }
}

typedef struct
{
  char  *preset;
  MvView view;
} LabelCase;

static void
label_case_free (gpointer data)
{
  LabelCase *c = data;

  g_free (c->preset);
  g_free (c);
}

static void
test_labels (gconstpointer data)
{
  const LabelCase *c = data;
  g_autoptr(MvScene) scene = preset_scene (c->preset);

  check_labels (scene, c->view, 1600, 0);
  /* Narrow, and squeezed: text shortens or goes, never spills. */
  check_labels (scene, c->view, 640, 0);
  if (c->view != MV_VIEW_ALL)
    check_labels (scene, c->view, 900, 260);
}

static void
test_labels_big (void)
{
  g_autoptr(MvScene) scene = layout_scene (4 * PiB, 52, 5);

  check_labels (scene, MV_VIEW_MAP, 1920, 1080);
  mv_scene_set_scale (scene, MV_SCALE_LOG);
  check_labels (scene, MV_VIEW_MAP, 1920, 1080);
  mv_scene_set_scale (scene, MV_SCALE_LINEAR);
  check_labels (scene, MV_VIEW_MAP, 800, 0);
}

/* A wide column's text that does not fit wraps onto more lines (the row
 * grows) instead of losing its end: OpenVMM's default has two notes
 * "valid; the base is not a multiple of the size". */
static void
test_table_wraps (void)
{
  g_autoptr(MvScene) scene = preset_scene ("openvmm-default-8g");
  const char *note = "valid; the base is not a multiple of the size";
  double narrow_h, wide_h;
  MvRenderStyle style;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  wide_h = mv_render_natural_height (scene, &style, MV_VIEW_MTRR, 1600);
  narrow_h = mv_render_natural_height (scene, &style, MV_VIEW_MTRR, 1000);
  g_assert_cmpfloat (narrow_h, >, wide_h);

  for (guint pass = 0; pass < 2; pass++)
    {
      double width = pass == 0 ? 1600 : 1000;
      g_autoptr(GArray) log = new_log ();
      double one_line = 0.0;
      guint notes = 0;

      render_logged (scene, &style, MV_VIEW_MTRR, width,
                     mv_render_natural_height (scene, &style, MV_VIEW_MTRR, width), log);

      for (guint i = 0; i < log->len; i++)
        {
          const MvRenderLabel *l = &g_array_index (log, MvRenderLabel, i);

          if (g_strcmp0 (l->string, "MtrrPhysMask1") == 0)
            one_line = l->text.height;
        }
      g_assert_cmpfloat (one_line, >, 0.0);
      for (guint i = 0; i < log->len; i++)
        {
          const MvRenderLabel *l = &g_array_index (log, MvRenderLabel, i);

          if (g_strcmp0 (l->string, note) != 0)
            continue;
          notes++;
          if (pass == 0)
            g_assert_cmpfloat (l->text.height, <, 1.5 * one_line);
          else
            g_assert_cmpfloat (l->text.height, >, 1.5 * one_line);
        }
      g_assert_cmpuint (notes, ==, 2);
    }
}

/* How tall @text is laid out in full (no ellipsis) at @width, wrapped
 * anywhere pango may, in the renderer's body font. */
static double
full_text_height (const MvRenderStyle *style,
                  const char          *text,
                  double               width,
                  double              *one_line)
{
  PangoContext *context;
  PangoLayout *layout;
  double height;
  PangoFontDescription *font = pango_font_description_new ();
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoRectangle logical;

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);
  pango_font_description_set_family (font, style->font_family);
  pango_font_description_set_absolute_size (font, style->font_size * PANGO_SCALE);
  layout = pango_layout_new (context);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_extents (layout, NULL, &logical);
  *one_line = (double) logical.height / PANGO_SCALE;
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) ceil (width * PANGO_SCALE));
  pango_layout_get_extents (layout, NULL, &logical);
  height = (double) logical.height / PANGO_SCALE;
  g_object_unref (layout);
  g_object_unref (context);
  return height;
}

/* Every diagnostic under the map is shown in full, wrapped onto the
 * lines it needs (OpenVMM's default has five, some three lines long at
 * 900 wide), and the map grows taller as it gets narrower. */
static void
test_diagnostics_wrap (void)
{
  g_autoptr(MvScene) scene = preset_scene ("openvmm-default-8g");
  static const double widths[] = { 1280, 900 };
  double heights[G_N_ELEMENTS (widths)];
  MvRenderStyle style;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  g_assert_cmpuint (scene->marks->len, >=, 5);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(GArray) log = new_log ();
      guint most_lines = 0;

      heights[w] = mv_render_natural_height (scene, &style, MV_VIEW_MAP, widths[w]);
      render_logged (scene, &style, MV_VIEW_MAP, widths[w], heights[w], log);

      for (guint i = 0; i < scene->marks->len; i++)
        {
          g_autofree char *text = mv_scene_mark_text (&g_array_index (scene->marks, MvSceneMark, i));
          const MvRenderLabel *found = NULL;
          double full_h, one_line;
          guint lines;

          for (guint k = 0; k < log->len; k++)
            {
              const MvRenderLabel *l = &g_array_index (log, MvRenderLabel, k);

              if (g_strcmp0 (l->string, text) == 0)
                {
                  g_assert_null (found);
                  found = l;
                }
            }
          if (found == NULL)
            g_error ("diagnostic %u \"%s\" is not drawn at %g wide", i + 1, text, widths[w]);
          /* All of it fits in the rectangle drawn: an ellipsized text
           * would need more lines than it took. */
          full_h = full_text_height (&style, text, found->text.width, &one_line);
          if (full_h > found->text.height + 0.5 || found->text.height > found->box.height + 0.5)
            g_error ("diagnostic %u is cut at %g wide: %g high drawn, %g needed, box %g",
                     i + 1, widths[w], found->text.height, full_h, found->box.height);
          lines = (guint) floor (found->text.height / one_line + 0.5);
          most_lines = MAX (most_lines, lines);
        }
      g_assert_cmpuint (most_lines, >=, w == 0 ? 2 : 3);
    }
  g_assert_cmpfloat (heights[1], >, heights[0]);

  /* Squeezed: fewer diagnostics or shortened ones, never overlapping. */
  check_labels (scene, MV_VIEW_MAP, 900, 640);
  check_labels (scene, MV_VIEW_MAP, 900, 720);
  check_labels (scene, MV_VIEW_ALL, 900, 0);
}

typedef struct
{
  char  head[16];
  gsize len;
} Stream;

static cairo_status_t
stream_write (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  Stream *s = closure;

  for (unsigned int i = 0; i < length && s->len + i < sizeof s->head; i++)
    s->head[s->len + i] = (char) data[i];
  s->len += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Every preset, view and theme on image, SVG and PDF surfaces; the map
 * of each also through mv_render_to_file() to real files. */
static void
test_surfaces (gconstpointer data)
{
  const char *preset = data;
  g_autoptr(MvScene) scene = preset_scene (preset);
  static const char *const ext[] = { "png", "svg", "pdf" };

  for (MvView view = MV_VIEW_MAP; view <= MV_VIEW_ALL; view++)
    for (MvTheme theme = MV_THEME_LIGHT; theme <= MV_THEME_DARK; theme++)
      {
        MvRenderStyle style;
        g_autoptr(GError) error = NULL;
        cairo_surface_t *image;
        double h;

        mv_render_style_init (&style, theme);
        h = mv_render_natural_height (scene, &style, view, 800);
        g_assert_cmpfloat (h, >, 50);
        image = mv_render_to_image (scene, &style, view, 800, 0, 1.0, &error);
        g_assert_no_error (error);
        g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
        g_assert_cmpint (cairo_image_surface_get_height (image), ==, (int) ceil (h));
        cairo_surface_destroy (image);

        for (guint f = 1; f < 3; f++)
          {
            Stream stream = { { 0 }, 0 };
            cairo_surface_t *surface = f == 1
              ? cairo_svg_surface_create_for_stream (stream_write, &stream, 800, h)
              : cairo_pdf_surface_create_for_stream (stream_write, &stream, 800, h);
            cairo_t *cr = cairo_create (surface);

            mv_render_view (cr, scene, &style, view, 800, h);
            g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
            cairo_destroy (cr);
            cairo_surface_finish (surface);
            g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
            cairo_surface_destroy (surface);
            g_assert_cmpuint (stream.len, >, 1000);
            if (f == 1)
              g_assert_true (g_str_has_prefix (stream.head, "<?xml"));
            else
              g_assert_true (g_str_has_prefix (stream.head, "%PDF"));
          }
      }

  for (guint f = 0; f < G_N_ELEMENTS (ext); f++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", preset, ext[f]);
      g_autofree char *path = g_build_filename (test_tmp_dir (), name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = 0;

      g_assert_true (mv_render_to_file (scene, path, MV_VIEW_MAP, 800, 0, 1.0, MV_THEME_LIGHT, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      if (f == 0)
        {
          cairo_surface_t *png = cairo_image_surface_create_from_png (path);

          g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
          g_assert_cmpint (cairo_image_surface_get_width (png), ==, 800);
          cairo_surface_destroy (png);
        }
      else if (f == 1)
        g_assert_nonnull (strstr (contents, "<svg"));
      else
        g_assert_true (g_str_has_prefix (contents, "%PDF"));
      g_unlink (path);
    }
}

/* ---- Bar labels, placed by the geometry ------------------------------------ */

/* Every letter 7 wide: the geometry alone, without pango. */
static double
fake_text_width (const char  *text,
                 MvTextStyle  style,
                 gpointer     data)
{
  return 7.0 * g_utf8_strlen (text, -1);
}

static const MvBarText *
bar_text_of (const MvMapGeometry *g,
             const MvScene       *scene,
             const char          *label,
             guint                nth)
{
  for (guint i = 0; i < g->bar_texts->len; i++)
    {
      const MvBarText *t = &g_array_index (g->bar_texts, MvBarText, i);
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, t->item_box);
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, ib->lane);

      if (g_strcmp0 (g_array_index (lane->items, MvSceneItem, ib->item).label, label) == 0 &&
          nth-- == 0)
        return t;
    }
  return NULL;
}

/* The geometry decides where each bar's label goes and which part of it
 * shows: whole inside a wide bar, beside a narrow one with room on its
 * right, "A" or "B" of an "A \u00b7 B" that does not fit whole. */
static void
test_bar_texts_placed (void)
{
  g_autoptr(MvScene) scene = mv_scene_new (NULL, NULL);
  MvSceneLane *lane = mv_scene_add_lane (scene, MV_LANE_LAYOUT, "L", NULL);
  MvSceneMetrics m = { .text_width = fake_text_width };
  g_autoptr(MvMapGeometry) g = NULL;
  const MvBarText *t;
  const guint64 unit = 0x1000000;

  for (guint i = 0; i < MV_TEXT_N_STYLES; i++)
    m.line_height[i] = 15.0;
  mv_scene_set_scale (scene, MV_SCALE_LINEAR);
  /* Row 0: no callouts (only the last row has them). */
  mv_scene_lane_add_item (lane, 0, 1 * unit, MV_FILL_RAM, 0, 0, "Narrow", NULL);
  mv_scene_lane_add_item (lane, 20 * unit, 32 * unit, MV_FILL_RAM, 0, 0, "0x12345678 \u00b7 4 KiB", NULL);
  mv_scene_lane_add_item (lane, 32 * unit, 62 * unit, MV_FILL_RAM, 0, 0, "Wide", NULL);
  mv_scene_lane_add_item (lane, 62 * unit, 70 * unit, MV_FILL_MMIO, 0, 0, "0x123456789abc \u00b7 4 KiB", NULL);
  mv_scene_lane_add_item (lane, 70 * unit, 100 * unit, MV_FILL_RAM, 0, 0, "A \u00b7 B \u00b7 C", NULL);
  mv_scene_lane_add_item (lane, 0, 100 * unit, MV_FILL_RAM, 0, 1, "Below", NULL);
  g = mv_map_geometry_new (scene, &m, 1000, 0);

  t = bar_text_of (g, scene, "Narrow", 0);
  g_assert_nonnull (t);
  g_assert_cmpint (t->place, ==, MV_BAR_TEXT_BESIDE);
  g_assert_cmpstr (t->text, ==, "Narrow");
  g_assert_cmpfloat (t->rect.x, >, g_array_index (g->items, MvItemBox, t->item_box).rect.x +
                                    g_array_index (g->items, MvItemBox, t->item_box).rect.width);

  t = bar_text_of (g, scene, "0x12345678 \u00b7 4 KiB", 0);
  g_assert_nonnull (t);
  g_assert_cmpint (t->place, ==, MV_BAR_TEXT_INSIDE);
  g_assert_cmpstr (t->text, ==, "0x12345678");

  t = bar_text_of (g, scene, "Wide", 0);
  g_assert_nonnull (t);
  g_assert_cmpint (t->place, ==, MV_BAR_TEXT_INSIDE);
  g_assert_cmpstr (t->text, ==, "Wide");

  t = bar_text_of (g, scene, "0x123456789abc \u00b7 4 KiB", 0);
  g_assert_nonnull (t);
  g_assert_cmpint (t->place, ==, MV_BAR_TEXT_INSIDE);
  g_assert_cmpstr (t->text, ==, "4 KiB");

  /* Fits whole: kept whole, separators and all. */
  t = bar_text_of (g, scene, "A \u00b7 B \u00b7 C", 0);
  g_assert_nonnull (t);
  g_assert_cmpstr (t->text, ==, "A \u00b7 B \u00b7 C");

  /* Each text once, in the order of the bars. */
  for (guint i = 1; i < g->bar_texts->len; i++)
    g_assert_cmpuint (g_array_index (g->bar_texts, MvBarText, i - 1).item_box, <,
                      g_array_index (g->bar_texts, MvBarText, i).item_box);
  g_assert_cmpuint (g->bar_texts->len, ==, 6);
}

/* Over every preset and at a wide and a narrow size: the texts the
 * geometry placed stay in their bars (or right of them, before the next
 * one), no bar with a callout has one, and the painter draws each that
 * fits whole exactly where the geometry put it. */
static void
test_bar_texts_painted (void)
{
  g_autoptr(GPtrArray) presets = mv_presets_list ();
  static const double widths[] = { 1600, 700 };
  MvRenderStyle style;
  MvSceneMetrics m;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  mv_render_metrics_init (&m, &style);
  for (guint i = 0; i < presets->len; i++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        const MvPresetInfo *info = g_ptr_array_index (presets, i);
        g_autoptr(MvScene) scene = preset_scene (info->name);
        g_autoptr(MvMapGeometry) g = mv_render_map_geometry (scene, &style, widths[w], 0);
        g_autoptr(GArray) log = new_log ();
        guint drawn = 0;

        render_logged (scene, &style, MV_VIEW_MAP, widths[w], g->height, log);
        for (guint k = 0; k < g->bar_texts->len; k++)
          {
            const MvBarText *t = &g_array_index (g->bar_texts, MvBarText, k);
            const MvItemBox *ib = &g_array_index (g->items, MvItemBox, t->item_box);
            double bar_end = ib->rect.x + ib->rect.width;
            gboolean found = FALSE;

            g_assert_false (ib->label_moved);
            g_assert_nonnull (t->text);
            if (t->place == MV_BAR_TEXT_INSIDE)
              {
                g_assert_cmpfloat (t->rect.x, >=, ib->rect.x - 0.01);
                g_assert_cmpfloat (t->rect.x + t->rect.width, <=, bar_end + 0.01);
              }
            else
              {
                g_assert_cmpfloat (t->rect.x, >=, bar_end);
                g_assert_cmpfloat (t->rect.x + t->rect.width, <=, ib->free_end + 0.01);
              }
            if (m.text_width (t->text, t->style, m.data) > t->rect.width ||
                m.line_height[t->style] > t->rect.height + 0.5)
              continue;
            for (guint l = 0; l < log->len && !found; l++)
              {
                const MvRenderLabel *label = &g_array_index (log, MvRenderLabel, l);

                found = g_strcmp0 (label->string, t->text) == 0 &&
                        G_APPROX_VALUE (label->box.x, t->rect.x, 1e-6) &&
                        G_APPROX_VALUE (label->box.y, t->rect.y, 1e-6) &&
                        G_APPROX_VALUE (label->box.width, t->rect.width, 1e-6);
              }
            if (!found)
              g_error ("%s at %g: \"%s\" was placed but not drawn there", info->name, widths[w],
                       t->text);
            drawn++;
          }
        g_assert_cmpuint (drawn, >, 0);
      }
  mv_render_metrics_clear (&m);
}

static void
test_widget_path (void)
{
  /* The widget's way: a recording surface, any transform, and the
   * geometry the widget keeps handed to the painter. What is drawn must
   * not depend on the surface: same labels on both. */
  g_autoptr(MvScene) scene = preset_scene ("uefi");
  MvRenderStyle style;
  g_autoptr(GArray) a = new_log ();
  g_autoptr(GArray) b = new_log ();
  MvRenderOptions options = { .log = a };
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (rec);
  g_autoptr(MvMapGeometry) g = NULL;

  mv_render_style_init (&style, MV_THEME_DARK);
  g = mv_render_map_geometry (scene, &style, 1000, 600);
  cairo_scale (cr, 1.5, 1.5);
  _mv_render_map_with (cr, scene, &style, g, 1000, 600, &options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (rec);

  render_logged (scene, &style, MV_VIEW_MAP, 1000, 600, b);

  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const MvRenderLabel *x = &g_array_index (a, MvRenderLabel, i);
      const MvRenderLabel *y = &g_array_index (b, MvRenderLabel, i);

      g_assert_cmpstr (x->string, ==, y->string);
      /* The same up to sub-pixel glyph rounding at another scale. */
      g_assert_cmpfloat_with_epsilon (x->text.x, y->text.x, 0.05 + y->text.width * 5e-4);
      g_assert_cmpfloat_with_epsilon (x->text.width, y->text.width, 0.05 + y->text.width * 5e-4);
    }
}

/* A geometry handed to the painter (the widget keeps one for hit
 * testing) paints the picture mv_render_map() paints, at 1x and 2x. */
static void
test_geometry_handed_over (void)
{
  static const char *const names[] = { "openvmm-default-8g", "large-16t", "seed-narrow-width-40" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (int scale = 1; scale <= 2; scale++)
      {
        g_autoptr(MvScene) scene = preset_scene (names[i]);
        g_autoptr(MvMapGeometry) g = NULL;
        g_autoptr(cairo_surface_t) built = NULL;
        g_autoptr(cairo_surface_t) handed = NULL;
        g_autoptr(cairo_surface_t) blank = NULL;
        MvRenderStyle style;

        mv_render_style_init (&style, MV_THEME_DARK);
        g = mv_render_map_geometry (scene, &style, 900, 500);
        blank = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900 * scale, 500 * scale);
        {
          g_autoptr(cairo_t) cr = cairo_create (blank);

          cairo_scale (cr, scale, scale);
          _mv_paint_background (cr, &style, 900, 500);
        }
        built = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900 * scale, 500 * scale);
        handed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900 * scale, 500 * scale);
        {
          g_autoptr(cairo_t) cr = cairo_create (built);

          cairo_scale (cr, scale, scale);
          mv_render_map (cr, scene, &style, 900, 500);
        }
        {
          g_autoptr(cairo_t) cr = cairo_create (handed);

          cairo_scale (cr, scale, scale);
          mv_render_map_with_geometry (cr, scene, &style, g);
        }
        cairo_surface_flush (built);
        cairo_surface_flush (handed);
        g_assert_cmpuint (count_differing_pixels (built, handed, 0), ==, 0);
        /* Not two blank pictures: the background alone is one colour. */
        g_assert_cmpuint (count_differing_pixels (built, blank, 0), >, 900 * 500 * scale * scale / 20);
      }
}

static void
test_file_errors (void)
{
  g_autoptr(MvScene) scene = preset_scene ("seed-2g");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (test_tmp_dir (), "no-such-dir", "x.png", NULL);
  g_autofree char *ok = g_build_filename (test_tmp_dir (), "x.svg", NULL);

  g_assert_false (mv_render_to_file (scene, "/tmp/picture.bmp", MV_VIEW_MAP, 800, 0, 1, MV_THEME_LIGHT, &error));
  g_assert_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (mv_render_to_file (scene, dir, MV_VIEW_MAP, 800, 0, 1, MV_THEME_LIGHT, &error));
  g_assert_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_CAIRO);
  g_clear_error (&error);
  g_assert_false (mv_render_to_file (scene, ok, MV_VIEW_MAP, 800, 0, 100, MV_THEME_LIGHT, &error));
  g_assert_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_SIZE);
  g_clear_error (&error);
  g_assert_false (mv_render_to_file (scene, ok, MV_VIEW_MAP, 20000, 0, 4, MV_THEME_LIGHT, &error));
  g_assert_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_SIZE);
  g_clear_error (&error);
  g_assert_true (mv_render_to_file (scene, ok, MV_VIEW_MAP, 800, 300, 1, MV_THEME_LIGHT, &error));
  g_assert_no_error (error);
  g_unlink (ok);
  /* Each side within the limits, but too many pixels together (4 GB). */
  {
    g_autofree char *png = g_build_filename (test_tmp_dir (), "x.png", NULL);

    g_assert_false (mv_render_to_file (scene, png, MV_VIEW_MAP, 16384, 16384, 1.99, MV_THEME_LIGHT, &error));
    g_assert_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_SIZE);
    g_assert_nonnull (strstr (error->message, "at most 67108864 (256 MiB)"));
    g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  }
}

static void
test_empty_scene (void)
{
  g_autoptr(MvScene) scene = mv_scene_new (NULL, NULL);
  MvRenderStyle style;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  for (MvView view = MV_VIEW_MAP; view <= MV_VIEW_ALL; view++)
    {
      g_autoptr(GError) error = NULL;
      cairo_surface_t *image = mv_render_to_image (scene, &style, view, 600, 0, 1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (image);
      cairo_surface_destroy (image);
    }
}

/* An SVG is as many CSS pixels wide and high as the PNG of the same picture
 * (cairo writes points by default: a browser showed it 4/3 larger). */
static void
test_svg_units (void)
{
  g_autoptr(MvScene) scene = preset_scene ("seed-2g");
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (test_tmp_dir (), "units.png", NULL);
  g_autofree char *svg = g_build_filename (test_tmp_dir (), "units.svg", NULL);
  g_autofree char *text = NULL;
  g_autofree char *want_w = NULL;
  g_autofree char *want_h = NULL;
  g_autoptr(cairo_surface_t) image = NULL;
  const char *tag;

  g_assert_true (mv_render_to_file (scene, png, MV_VIEW_MAP, 900, 0, 2, MV_THEME_LIGHT, &error));
  g_assert_no_error (error);
  g_assert_true (mv_render_to_file (scene, svg, MV_VIEW_MAP, 900, 0, 2, MV_THEME_LIGHT, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1800);
  g_assert_true (g_file_get_contents (svg, &text, NULL, &error));
  g_assert_no_error (error);
  tag = strstr (text, "<svg");
  g_assert_nonnull (tag);
  want_w = g_strdup_printf (" width=\"%dpx\"", cairo_image_surface_get_width (image));
  want_h = g_strdup_printf (" height=\"%dpx\"", cairo_image_surface_get_height (image));
  g_assert_nonnull (strstr (tag, want_w));
  g_assert_nonnull (strstr (tag, want_h));
  g_assert_true (strstr (tag, want_w) < strchr (tag, '>'));
  g_assert_true (strstr (tag, want_h) < strchr (tag, '>'));
  g_unlink (png);
  g_unlink (svg);
}


/* ---- The page map: address order, sorting, sizes ------------------------- */

/* A scene whose imports are out of address order: an initrd high, a page
 * low, then a page over the initrd. */
static MvScene *
pages_scene (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvRecorder) rec = mv_recorder_new (FALSE);
  MvScene *scene = mv_scene_new ("Pages", NULL);
  guint8 byte = 0x5a;

  g_assert_true (mv_importer_import_pages (&rec->parent, 0x2000, 6144, "initrd",
                                           MV_ACCEPTANCE_EXCLUSIVE, NULL, 0, &error));
  g_assert_true (mv_importer_import_pages (&rec->parent, 0x1, 1, "gdt",
                                           MV_ACCEPTANCE_EXCLUSIVE, &byte, 1, &error));
  g_assert_true (mv_importer_import_pages (&rec->parent, 0x2010, 1, "cmdline",
                                           MV_ACCEPTANCE_EXCLUSIVE, &byte, 1, &error));
  g_assert_no_error (error);
  mv_scene_add_page_map (scene, rec);
  mv_scene_set_page_source (scene, 0x2000, 6144, "initrd.img", TRUE, 0x1234abcd);
  return scene;
}

static const char *
pages_cell (const MvSceneTable *t,
            guint               row,
            const char         *column)
{
  int c = mv_scene_table_find_column (t, column);

  g_assert_cmpint (c, >=, 0);
  return g_array_index (t->rows, MvTableRow, row).cells[c];
}

static void
test_pages_order (void)
{
  g_autoptr(MvScene) scene = pages_scene ();
  const MvSceneTable *t = scene->pages_table;
  const MvSceneLane *lane = g_ptr_array_index (scene->lanes, mv_scene_find_lane (scene, MV_LANE_PAGES, 0));
  g_autofree guint *by_size = NULL;
  g_autofree guint *by_tag = NULL;
  g_autofree guint *by_order = NULL;

  /* By address by default, and said so. */
  g_assert_cmpuint (t->rows->len, ==, 3);
  g_assert_cmpstr (pages_cell (t, 0, "tag"), ==, "gdt");
  g_assert_cmpstr (pages_cell (t, 1, "tag"), ==, "initrd");
  g_assert_cmpstr (pages_cell (t, 2, "tag"), ==, "cmdline");
  g_assert_cmpint (t->sort_column, ==, mv_scene_table_find_column (t, "gpa"));
  g_assert_false (t->sort_descending);

  /* The import order stays readable, and the overlap names the import. */
  g_assert_cmpstr (pages_cell (t, 0, "#"), ==, "2");
  g_assert_cmpstr (pages_cell (t, 2, "#"), ==, "3");
  g_assert_nonnull (strstr (pages_cell (t, 2, "contents"), "overlaps import #1 (initrd, 0x2000000\u20130x3800000)"));
  g_assert_null (strstr (pages_cell (t, 1, "contents"), "overlaps"));

  /* Sizes written, in the table and on the bars. */
  g_assert_cmpstr (pages_cell (t, 0, "size"), ==, "4 KiB");
  g_assert_cmpstr (pages_cell (t, 1, "size"), ==, "24 MiB");
  g_assert_cmpstr (g_array_index (lane->items, MvSceneItem, 0).label, ==, "initrd \u00b7 24 MiB");
  g_assert_cmpstr (g_array_index (lane->items, MvSceneItem, 1).label, ==, "gdt \u00b7 4 KiB");

  /* The source found its row by address, not by position. */
  g_assert_cmpstr (pages_cell (t, 1, "source"), ==, "initrd.img");
  g_assert_cmpstr (pages_cell (t, 1, "crc32"), ==, "1234abcd");
  g_assert_cmpstr (pages_cell (t, 0, "source"), ==, "");

  /* Another column, another order; ties keep the address order. */
  by_size = mv_scene_table_order (t, mv_scene_table_find_column (t, "size"), TRUE);
  g_assert_cmpuint (by_size[0], ==, 1);
  g_assert_cmpuint (by_size[1], ==, 0);
  g_assert_cmpuint (by_size[2], ==, 2);
  by_tag = mv_scene_table_order (t, mv_scene_table_find_column (t, "tag"), FALSE);
  g_assert_cmpstr (pages_cell (t, by_tag[0], "tag"), ==, "cmdline");
  g_assert_cmpstr (pages_cell (t, by_tag[2], "tag"), ==, "initrd");
  by_order = mv_scene_table_order (t, 0, FALSE);
  g_assert_cmpstr (pages_cell (t, by_order[0], "tag"), ==, "initrd");
  g_assert_cmpstr (pages_cell (t, by_order[1], "tag"), ==, "gdt");

  /* Sorting in place moves whole rows and records the column. */
  mv_scene_table_sort (scene->pages_table, mv_scene_table_find_column (t, "tag"), TRUE);
  g_assert_cmpstr (pages_cell (t, 0, "tag"), ==, "initrd");
  g_assert_cmpstr (pages_cell (t, 0, "source"), ==, "initrd.img");
  g_assert_cmpstr (pages_cell (t, 2, "tag"), ==, "cmdline");
  g_assert_true (t->sort_descending);

  g_assert_cmpint (mv_scene_table_find_column (t, "nonsense"), ==, -1);
  /* The MTRR table's rows belong in pairs: it does not sort. */
  {
    g_autoptr(MvScene) mtrr = preset_scene ("openvmm-default-8g");
    g_autofree guint *same = mv_scene_table_order (mtrr->mtrr_table, 1, TRUE);

    for (guint i = 0; i < mtrr->mtrr_table->rows->len; i++)
      g_assert_cmpuint (same[i], ==, i);
  }
}

/* Whether the header cell logged as @l has a mark in the foreground
 * colour beside its title (the sort arrow). */
static gboolean
header_marked (cairo_surface_t     *image,
               const MvRenderLabel *l,
               const MvRenderStyle *style)
{
  guint marked = 0;

  cairo_surface_flush (image);
  for (double y = l->box.y + 2; y < l->box.y + l->box.height - 2; y += 1.0)
    for (double x = l->box.x; x < l->box.x + l->box.width + 7.0; x += 1.0)
      {
        if (x >= l->text.x - 1.0 && x <= l->text.x + l->text.width + 1.0)
          continue;
        guint8 rgb[3];

        read_pixel (image, x, y, rgb);
        if (pixel_is (rgb, &style->foreground, 60))
          marked++;
      }
  return marked >= 4;
}

/* The painted table follows the sort: the tags' texts come out in the
 * order asked for, the sorted column's header is marked, and
 * mv_render_table_column_at() finds each header's column. */
static void
test_pages_painted_sorted (void)
{
  g_autoptr(MvScene) scene = pages_scene ();
  MvRenderStyle style;
  const char *want[2][3] = { { "gdt", "initrd", "cmdline" }, { "initrd", "gdt", "cmdline" } };
  const char *titles[] = { "#", "GPA range", "Size", "Tag" };
  int size = mv_scene_table_find_column (scene->pages_table, "size");

  mv_render_style_init (&style, MV_THEME_LIGHT);
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GArray) log = new_log ();
      MvRenderOptions options = { .log = log, .sort_by = pass == 0 ? 0 : (guint) size + 1,
                                  .sort_descending = TRUE };
      g_autoptr(cairo_surface_t) image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1200, 400);
      g_autoptr(cairo_t) cr = cairo_create (image);
      guint found = 0, headers = 0;
      double last_y = -1.0;

      _mv_render_view_with (cr, scene, &style, MV_VIEW_PAGES, 1200, 400, &options);
      for (guint i = 0; i < log->len; i++)
        {
          const MvRenderLabel *l = &g_array_index (log, MvRenderLabel, i);

          if (found < 3 && g_strcmp0 (l->string, want[pass][found]) == 0)
            {
              g_assert_cmpfloat (l->box.y, >, last_y);
              last_y = l->box.y;
              found++;
            }
          for (int c = 0; c < (int) G_N_ELEMENTS (titles); c++)
            if (g_strcmp0 (l->string, titles[c]) == 0 && headers == (guint) c)
              {
                int at = mv_render_table_column_at (scene, &style, MV_VIEW_PAGES, 1200,
                                                    l->box.x + l->box.width / 2, l->box.y + l->box.height / 2);
                gboolean sorted = c == (pass == 0 ? 1 : size);

                g_assert_cmpint (at, ==, c);
                g_assert_cmpint (header_marked (image, l, &style), ==, sorted);
                headers++;
              }
        }
      g_assert_cmpuint (found, ==, 3);
      g_assert_cmpuint (headers, ==, G_N_ELEMENTS (titles));
    }
  /* Off the header, or in the GDT view: no column. */
  g_assert_cmpint (mv_render_table_column_at (scene, &style, MV_VIEW_PAGES, 1200, 600, 390), ==, -1);
  g_assert_cmpint (mv_render_table_column_at (scene, &style, MV_VIEW_GDT, 1200, 600, 60), ==, -1);
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

/* The case of issue 15: the 4 GiB tick no longer runs through the end
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

/* A table with only a note (the MTRR view of an IGVM file laid over no
 * layout) has no header band: it painted an empty grey bar. */
static void
test_table_note_only (void)
{
  g_autoptr(MvScene) scene = mv_scene_new ("t", NULL);
  MvRenderStyle style;
  double without, with;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  scene->mtrr_table = mv_scene_table_new ("MTRR registers");
  scene->mtrr_table->note = g_strdup ("No MTRRs.");
  without = mv_render_natural_height (scene, &style, MV_VIEW_MTRR, 800);
  mv_scene_table_add_column (scene->mtrr_table, "Register", 0);
  with = mv_render_natural_height (scene, &style, MV_VIEW_MTRR, 800);
  g_assert_cmpfloat (with, >, without + 10.0);
}

/* The Linux loader imports OpenVMM's default GDT: the GDT view shows it
 * (it said "No GDT was imported"), and the page map says who made it. */
static void
test_boot_gdt (void)
{
  g_autofree char *kernel = default_kernel ("vmlinuz");
  g_autofree char *dir = g_path_get_dirname (kernel);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_document_load_from_data (
    "[memviz]\nversion=1\n[memory]\nram=1 GiB\n[boot]\nloader=linux\nkernel=vmlinuz\n",
    -1, dir, &error);
  g_autoptr(MvScenario) sc = NULL;
  g_autoptr(MvScene) scene = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  g_assert_no_error (sc->boot_error);
  scene = mv_scene_new_for_scenario (doc, sc);
  g_assert_true (scene->has_gdt);
  g_assert_cmphex (scene->gdt_base, ==, 0x1000);
  g_assert_cmpuint (scene->gdt->len, ==, MV_GDT_DEFAULT_COUNT);
  g_assert_cmpuint (scene->segments->len, >, 0);
  for (guint i = 0; i < scene->pages_table->rows->len; i++)
    {
      const MvTableRow *row = &g_array_index (scene->pages_table->rows, MvTableRow, i);
      gboolean gdt = FALSE, made = FALSE;

      for (guint c = 0; c < scene->pages_table->columns->len; c++)
        {
          gdt |= g_strcmp0 (row->cells[c], "default-gdt") == 0;
          made |= g_strcmp0 (row->cells[c], "made by the linux loader") == 0;
        }
      if (gdt)
        {
          g_assert_true (made);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (label_case_free);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/scale/linear", test_scale_linear);
  g_test_add_func ("/render/scene/e820", test_e820_row);
  g_test_add_func ("/render/scene/boot-gdt", test_boot_gdt);
  g_test_add_func ("/render/table/note-only", test_table_note_only);
  g_test_add_func ("/render/scale/log", test_scale_log);
  g_test_add_func ("/render/scale/focus/min-width", test_scale_focus_min_width);
  g_test_add_func ("/render/scale/focus/breaks", test_scale_focus_breaks);
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
  g_test_add_func ("/render/pixels/light", test_pixels_light);
  g_test_add_func ("/render/pixels/dark-hidpi", test_pixels_dark_hidpi);
  g_test_add_func ("/render/pixels/scales", test_pixels_scales);
  g_test_add_func ("/render/pixels/window", test_pixels_window);
  g_test_add_func ("/render/pixels/pattern-tiles", test_pixels_pattern_tiles);
  g_test_add_func ("/render/pattern-tile-scale", test_pattern_tile_scale);
  g_test_add_func ("/render/kept-layouts", test_kept_layouts);
  g_test_add_func ("/render/labels/4pib", test_labels_big);
  g_test_add_func ("/render/table/wraps", test_table_wraps);
  g_test_add_func ("/render/diagnostics/wrap", test_diagnostics_wrap);
  for (guint i = 0; i < mv_presets_count (); i++)
    {
      const char *name = mv_preset_name (i);
      g_autofree char *path = g_strdup_printf ("/render/surfaces/%s", name);

      g_test_add_data_func (path, name, test_surfaces);
      for (MvView view = MV_VIEW_MAP; view <= MV_VIEW_ALL; view++)
        {
          LabelCase *c = g_new0 (LabelCase, 1);
          g_autofree char *lpath = g_strdup_printf ("/render/labels/%s/%s", name,
                                                    mv_view_to_string (view));

          c->preset = g_strdup (name);
          c->view = view;
          g_ptr_array_add (cases, c);
          g_test_add_data_func (lpath, c, test_labels);
        }
    }
  g_test_add_func ("/render/bar-texts/placed", test_bar_texts_placed);
  g_test_add_func ("/render/bar-texts/painted", test_bar_texts_painted);
  g_test_add_func ("/render/widget-path", test_widget_path);
  g_test_add_func ("/render/geometry-handed-over", test_geometry_handed_over);
  g_test_add_func ("/render/file-errors", test_file_errors);
  g_test_add_func ("/render/empty", test_empty_scene);
  g_test_add_func ("/render/svg-units", test_svg_units);
  g_test_add_func ("/render/pages/order", test_pages_order);
  g_test_add_func ("/render/pages/painted-sorted", test_pages_painted_sorted);
  g_test_add_func ("/render/axis/tick-labels-clear", test_tick_labels_clear);
  g_test_add_func ("/render/axis/linear-end-label", test_tick_labels_linear_end);

  {
    int status = g_test_run ();

    /* Leave no font cache behind for the leak checkers. */
    mv_render_shutdown ();
    return status;
  }
}
