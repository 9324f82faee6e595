/* SPDX-License-Identifier: MIT */
/* The renderer's surfaces: every preset, view and theme on image, SVG
 * and PDF surfaces and into files; the widget's way (a recording
 * surface), a geometry handed over, file errors, an empty scene, SVG
 * units. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mv-render-test.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < mv_presets_count (); i++)
    {
      const char *name = mv_preset_name (i);
      g_autofree char *path = g_strdup_printf ("/render/surfaces/%s", name);

      g_test_add_data_func (path, name, test_surfaces);
    }
  g_test_add_func ("/render/widget-path", test_widget_path);
  g_test_add_func ("/render/geometry-handed-over", test_geometry_handed_over);
  g_test_add_func ("/render/file-errors", test_file_errors);
  g_test_add_func ("/render/empty", test_empty_scene);
  g_test_add_func ("/render/svg-units", test_svg_units);

  return mv_render_test_run ();
}
