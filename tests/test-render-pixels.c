/* SPDX-License-Identifier: MIT */
/* The renderer's pixels: bars sampled where the scene's own
 * address-to-x mapping says they are, in both themes and at 2x; patterns
 * from tiles against vectors; kept text layouts; bar labels placed by the
 * geometry and painted where it says. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mv-render-test.h"

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

/* A scene of one lane on the linear scale, and metrics whose letters are
 * all 7 pixels wide, for the geometry's label rules. */
static MvScene *
fake_lane_scene (MvLaneKind      kind,
                 MvSceneLane   **lane,
                 MvSceneMetrics *m)
{
  MvScene *scene = mv_scene_new (NULL, NULL);

  *lane = mv_scene_add_lane (scene, kind, "L", NULL);
  *m = (MvSceneMetrics) { .text_width = fake_text_width };
  for (guint i = 0; i < MV_TEXT_N_STYLES; i++)
    m->line_height[i] = 15.0;
  mv_scene_set_scale (scene, MV_SCALE_LINEAR);
  return scene;
}

/* The geometry decides where each bar's label goes and which part of it
 * shows: whole inside a wide bar, beside a narrow one with room on its
 * right, "A" or "B" of an "A \u00b7 B" that does not fit whole. */
static void
test_bar_texts_placed (void)
{
  MvSceneLane *lane;
  MvSceneMetrics m;
  g_autoptr(MvScene) scene = fake_lane_scene (MV_LANE_LAYOUT, &lane, &m);
  g_autoptr(MvMapGeometry) g = NULL;
  const MvBarText *t;
  const guint64 unit = 0x1000000;

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

/* A bar wide enough for two lines whose label would lose its first part
 * (its tag) inside shows it whole beside the bar, its detail under it,
 * where the next bar leaves room; with no room, or where the first part
 * shows whole, it keeps the two lines inside. */
static void
test_bar_texts_beside_whole (void)
{
  MvSceneLane *lane;
  MvSceneMetrics m;
  g_autoptr(MvScene) scene = fake_lane_scene (MV_LANE_PAGES, &lane, &m);
  g_autoptr(MvMapGeometry) g = NULL;
  const MvBarText *t;
  const guint64 unit = 0x1000000;

  mv_scene_lane_add_item (lane, 0, 10 * unit, MV_FILL_DATA, 0, 0, "linux-initrd \u00b7 8 MiB", "data");
  mv_scene_lane_add_item (lane, 30 * unit, 40 * unit, MV_FILL_RAM, 0, 0, "usable \u00b7 4224 MiB", "e820");
  mv_scene_lane_add_item (lane, 90 * unit, 91 * unit, MV_FILL_DATA, 0, 0, "x", NULL);
  mv_scene_lane_add_item (lane, 91 * unit, 100 * unit, MV_FILL_DATA, 0, 0, "linux-kernel \u00b7 11 MiB", "data");
  /* A second row, so row 0's labels get no callouts. */
  mv_scene_lane_add_item (lane, 0, 100 * unit, MV_FILL_DATA, 0, 1, "Below", NULL);
  g = mv_map_geometry_new (scene, &m, 1000, 0);

  t = bar_text_of (g, scene, "linux-initrd \u00b7 8 MiB", 0);
  g_assert_nonnull (t);
  g_assert_cmpint (t->place, ==, MV_BAR_TEXT_BESIDE);
  g_assert_cmpstr (t->text, ==, "linux-initrd \u00b7 8 MiB");
  t = bar_text_of (g, scene, "linux-initrd \u00b7 8 MiB", 1);
  g_assert_nonnull (t);
  g_assert_cmpint (t->place, ==, MV_BAR_TEXT_BESIDE_DETAIL);
  /* Its first part shows whole inside: it stays there. */
  t = bar_text_of (g, scene, "usable \u00b7 4224 MiB", 0);
  g_assert_nonnull (t);
  g_assert_cmpint (t->place, ==, MV_BAR_TEXT_INSIDE);
  g_assert_cmpstr (t->text, ==, "usable");
  /* At the plot's end: no room, two lines inside, the size kept. */
  t = bar_text_of (g, scene, "linux-kernel \u00b7 11 MiB", 0);
  g_assert_nonnull (t);
  g_assert_cmpint (t->place, ==, MV_BAR_TEXT_INSIDE);
  g_assert_cmpstr (t->text, ==, "11 MiB");
}

/* Over every preset and at a wide and a narrow size: the texts the
 * geometry placed stay in their bars (or right of them, before the next
 * one), no bar with a callout has one, the callouts sit at their bars with
 * leaders that never cross, and the painter draws each text that fits
 * whole exactly where the geometry put it. */
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
        assert_callouts_clear (g);
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/pixels/light", test_pixels_light);
  g_test_add_func ("/render/pixels/dark-hidpi", test_pixels_dark_hidpi);
  g_test_add_func ("/render/pixels/scales", test_pixels_scales);
  g_test_add_func ("/render/pixels/window", test_pixels_window);
  g_test_add_func ("/render/pixels/pattern-tiles", test_pixels_pattern_tiles);
  g_test_add_func ("/render/pattern-tile-scale", test_pattern_tile_scale);
  g_test_add_func ("/render/kept-layouts", test_kept_layouts);
  g_test_add_func ("/render/bar-texts/placed", test_bar_texts_placed);
  g_test_add_func ("/render/bar-texts/painted", test_bar_texts_painted);
  g_test_add_func ("/render/bar-texts/beside-whole", test_bar_texts_beside_whole);

  return mv_render_test_run ();
}
