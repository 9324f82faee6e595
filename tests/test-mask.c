/* SPDX-License-Identifier: MIT */
/* The explain view's mask arithmetic: the bits a scene says decide each
 * compare, and the painter's pages on every surface. */
#include <string.h>

#include <glib/gstdio.h>

#include "mv-render-private.h"
#include "mv-scene-mask.h"

typedef struct
{
  guint64 address;
  guint64 base;
  guint64 mask;
  guint64 deciding;
} DecidingCase;

/* A mismatch is decided by the bits that differ, a match by every bit of
 * the mask. */
static const DecidingCase deciding_cases[] = {
  { 0xf0000000, 0x0, 0x3ffff8000000, 0xf0000000 },
  { 0x100000000, 0x0, 0x3ffff8000000, 0x100000000 },
  { 0x100000000, 0x0, 0x3ffc00000000, 0x3ffc00000000 },
  { 0x90000000, 0x80000000, 0xf80000000, 0xf80000000 },
  { 0x90000000, 0x0, 0xf80000000, 0x80000000 },
  { 0x1000, 0x0, 0x0, 0x0 },   /* an empty mask matches everything: no bit decides */
};

static void
test_deciding (gconstpointer data)
{
  const DecidingCase *c = data;

  g_assert_cmphex (mv_mask_deciding_bits (c->address, c->base, c->mask), ==, c->deciding);
}

/* 36 bits, E and FE set, default UC; pair 0 WB at [2 GiB, 4 GiB), pair 1
 * WB at [0, 2 GiB), pair 2 off. */
static MvMtrrState *
two_pairs (void)
{
  MvMtrrState *state = mv_mtrr_state_new ();
  g_autoptr(GError) error = NULL;

  mv_mtrr_state_set_width (state, 36);
  state->def_type = 0xc00;
  g_assert_true (mv_mtrr_state_set_pair (state, 0, 0x80000006, 0xf80000800, &error));
  g_assert_true (mv_mtrr_state_set_pair (state, 1, 0x00000006, 0xf80000800, &error));
  g_assert_true (mv_mtrr_state_set_pair (state, 2, 0x100000000, 0xf00000000, &error));
  g_assert_no_error (error);
  return state;
}

static MvMaskScene *
scene_for (const MvMtrrState *state,
           guint64            address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvExplanation) ex = mv_explain_address (state, address, MV_PAT_NONE, &error);

  g_assert_no_error (error);
  return mv_mask_scene_new (ex);
}

static void
test_scene_rows (void)
{
  g_autoptr(MvMtrrState) state = two_pairs ();
  g_autoptr(MvMaskScene) scene = scene_for (state, 0x90000123);
  const MvMaskRow *r0, *r1;

  g_assert_cmpuint (scene->width, ==, 36);
  g_assert_cmphex (scene->address, ==, 0x90000123);
  /* Pair 2 is off: only the two valid pairs are drawn. */
  g_assert_cmpuint (scene->rows->len, ==, 2);
  g_assert_null (scene->note);
  g_assert_nonnull (strstr (scene->title, "0x90000123 WB"));
  g_assert_nonnull (scene->conclusion);

  r0 = &g_array_index (scene->rows, MvMaskRow, 0);
  g_assert_cmpuint (r0->pair, ==, 0);
  g_assert_true (r0->match);
  g_assert_cmphex (r0->mask, ==, 0xf80000000);
  g_assert_cmphex (r0->base, ==, 0x80000000);
  g_assert_cmphex (r0->addr_masked, ==, 0x80000000);
  g_assert_cmphex (r0->base_masked, ==, 0x80000000);
  g_assert_cmphex (r0->deciding, ==, 0xf80000000);
  g_assert_cmpstr (r0->registers, ==, "MtrrPhysBase0/MtrrPhysMask0");

  r1 = &g_array_index (scene->rows, MvMaskRow, 1);
  g_assert_false (r1->match);
  g_assert_cmphex (r1->base, ==, 0);
  g_assert_cmphex (r1->addr_masked, ==, 0x80000000);
  g_assert_cmphex (r1->base_masked, ==, 0);
  /* Bit 31 alone tells [0, 2 GiB) from 0x90000123. */
  g_assert_cmphex (r1->deciding, ==, G_GUINT64_CONSTANT (1) << 31);

  {
    g_autoptr(MvMaskScene) copy = mv_mask_scene_copy (scene);

    g_assert_cmpuint (copy->rows->len, ==, 2);
    g_assert_cmphex (g_array_index (copy->rows, MvMaskRow, 1).deciding, ==, r1->deciding);
    g_assert_cmpstr (copy->title, ==, scene->title);
  }
}

/* Below 1 MiB with FE set, the fixed ranges decide: no pair is drawn and
 * the scene says why. */
static void
test_scene_fixed (void)
{
  g_autoptr(MvMtrrState) state = two_pairs ();
  g_autoptr(MvMaskScene) scene = scene_for (state, 0xa0000);

  g_assert_cmpuint (scene->rows->len, ==, 0);
  g_assert_nonnull (strstr (scene->note, "fixed"));
}

/* Counts the pixels near @hue (within 40 per channel). */
static guint
count_near (cairo_surface_t *surface,
            guint32          hue)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  guint n = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + 4 * x);

        if (ABS ((int) ((px >> 16) & 0xff) - (int) ((hue >> 16) & 0xff)) < 40 &&
            ABS ((int) ((px >> 8) & 0xff) - (int) ((hue >> 8) & 0xff)) < 40 &&
            ABS ((int) (px & 0xff) - (int) (hue & 0xff)) < 40)
          n++;
      }
  return n;
}

/* The painter highlights the deciding bits: a match in green, a mismatch
 * in red; the height grows with the pairs; every surface takes it. */
/* The bit digits are readable where the explain pane shows them (about
 * 880 pixels wide by default): at least 12 pixels for 46 and 52 bit
 * columns; a narrow picture falls back to smaller type. */
static void
test_digit_size (void)
{
  const guint8 widths[] = { 46, 52 };
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  MvRenderStyle style;
  MvPainter p;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  _mv_painter_begin (&p, cr, &style, NULL, 880, 400, 1.0);
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autoptr(MvMtrrState) state = two_pairs ();
      g_autoptr(MvMaskScene) scene = NULL;

      mv_mtrr_state_set_width (state, widths[i]);
      scene = scene_for (state, 0x90000123);
      g_assert_cmpuint (scene->width, ==, widths[i]);
      g_assert_cmpfloat (_mv_mask_digit_size (&p, scene, 880), >=, 11.9);
      g_assert_cmpfloat (_mv_mask_digit_size (&p, scene, 480), <, 12.0);
    }
  _mv_painter_end (&p);
}

static void
test_render (void)
{
  g_autoptr(MvMtrrState) state = two_pairs ();
  g_autoptr(MvScene) scene = mv_scene_new ("test", NULL);
  g_autoptr(MvScene) fixed = mv_scene_new ("test", NULL);
  g_autoptr(MvScene) none = mv_scene_new ("test", NULL);
  g_autoptr(cairo_surface_t) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memviz-mask-XXXXXX", &error);
  MvRenderStyle style;
  double h, h_fixed, h_none;
  const char *const exts[] = { "png", "svg", "pdf" };

  g_assert_no_error (error);
  mv_render_style_init (&style, MV_THEME_LIGHT);
  mv_scene_set_mask (scene, scene_for (state, 0x90000123));
  mv_scene_set_mask (fixed, scene_for (state, 0xa0000));

  h = mv_render_natural_height (scene, &style, MV_VIEW_EXPLAIN, 1200);
  h_fixed = mv_render_natural_height (fixed, &style, MV_VIEW_EXPLAIN, 1200);
  h_none = mv_render_natural_height (none, &style, MV_VIEW_EXPLAIN, 1200);
  g_assert_cmpfloat (h, >, h_fixed + 200);
  g_assert_cmpfloat (h_fixed, >, 40);
  g_assert_cmpfloat (h_none, >, 40);

  image = mv_render_to_image (scene, &style, MV_VIEW_EXPLAIN, 1200, 0, 1.0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, (int) h);
  /* The highlights: mixes of the background with green (match) and with
   * the error colour (mismatch). */
  {
    MvColor g = { 0x00 / 255.0, 0x9e / 255.0, 0x73 / 255.0, 1 };
    MvColor bg = style.background, e = style.error;
    guint32 green = ((guint32) ((bg.red * 0.7 + g.red * 0.3) * 255) << 16) |
                    ((guint32) ((bg.green * 0.7 + g.green * 0.3) * 255) << 8) |
                    (guint32) ((bg.blue * 0.7 + g.blue * 0.3) * 255);
    guint32 red = ((guint32) ((bg.red * 0.65 + e.red * 0.35) * 255) << 16) |
                  ((guint32) ((bg.green * 0.65 + e.green * 0.35) * 255) << 8) |
                  (guint32) ((bg.blue * 0.65 + e.blue * 0.35) * 255);

    g_assert_cmpuint (count_near (image, green), >, 500);
    g_assert_cmpuint (count_near (image, red), >, 100);
  }

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *name = g_strdup_printf ("explain.%s", exts[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (mv_render_to_file (scene, path, MV_VIEW_EXPLAIN, 1000, 0, 1.0, MV_THEME_DARK, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      g_unlink (path);
    }
  /* No address: a note, not a crash. */
  g_clear_pointer (&image, cairo_surface_destroy);
  image = mv_render_to_image (none, &style, MV_VIEW_EXPLAIN, 800, 0, 1.0, &error);
  g_assert_no_error (error);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (deciding_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mask/deciding/%u", i);

      g_test_add_data_func (path, &deciding_cases[i], test_deciding);
    }
  g_test_add_func ("/mask/scene/rows", test_scene_rows);
  g_test_add_func ("/mask/scene/fixed", test_scene_fixed);
  g_test_add_func ("/mask/render", test_render);
  g_test_add_func ("/mask/digit-size", test_digit_size);
  status = g_test_run ();
  mv_render_shutdown ();
  return status;
}
