/* SPDX-License-Identifier: MIT */
/* What the renderer's test programs share: scenes from presets and from
 * core parts, pixel reads, renders that log their labels, and the check
 * that no label spills or overlaps. */
#include <math.h>
#include <stdlib.h>

#include "mv-render-test.h"

MvScene *
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
MvScene *
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

GArray *
new_log (void)
{
  GArray *log = g_array_new (FALSE, FALSE, sizeof (MvRenderLabel));

  g_array_set_clear_func (log, label_array_clear);
  return log;
}

void
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

gboolean
pixel_is (const guint8  rgb[3],
          const MvColor *c,
          int            tolerance)
{
  return abs (rgb[0] - (int) lround (c->red * 255)) <= tolerance &&
         abs (rgb[1] - (int) lround (c->green * 255)) <= tolerance &&
         abs (rgb[2] - (int) lround (c->blue * 255)) <= tolerance;
}

/* Most pixels of a small patch at (x, y) have colour @c. */
gboolean
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

/* How many pixels of @a and @b differ by more than @tolerance in a
 * channel. */
guint
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

cairo_surface_t *
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

cairo_surface_t *
render_map_with (MvRenderPatterns  patterns,
                 const MvScene    *scene,
                 double            scale)
{
  MvRenderOptions options = { .patterns = patterns };

  return render_map_options (&options, scene, scale);
}

/* Renders @view of @scene at @width x @height (0: natural) into an
 * image, logging the labels into @log. */
void
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

gboolean
rect_inside (const MvRect *inner,
             const MvRect *outer,
             double        slack)
{
  return inner->x >= outer->x - slack && inner->y >= outer->y - slack &&
         inner->x + inner->width <= outer->x + outer->width + slack &&
         inner->y + inner->height <= outer->y + outer->height + slack;
}

gboolean
rects_overlap (const MvRect *a,
               const MvRect *b,
               double        slack)
{
  return a->x + slack < b->x + b->width && b->x + slack < a->x + a->width &&
         a->y + slack < b->y + b->height && b->y + slack < a->y + a->height;
}

/* Every text drawn stays inside its box and inside the picture, and no
 * two texts overlap. */
void
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

int
mv_render_test_run (void)
{
  int status = g_test_run ();

  /* Leave no font cache behind for the leak checkers. */
  mv_render_shutdown ();
  return status;
}

/* Every callout sits at its bar: its leader drops from the bar's middle
 * into the label, so no two leaders cross; labels of a row do not overlap,
 * and no leader passes behind a label of a row above its own. */
void
assert_callouts_clear (const MvMapGeometry *g)
{
  for (guint i = 0; i < g->callouts->len; i++)
    {
      const MvCallout *a = &g_array_index (g->callouts, MvCallout, i);
      const MvItemBox *ia = &g_array_index (g->items, MvItemBox, a->item_box);

      g_assert_true (ia->label_moved);
      g_assert_cmpfloat (a->anchor_x, >=, ia->rect.x);
      g_assert_cmpfloat (a->anchor_x, <=, ia->rect.x + ia->rect.width);
      g_assert_cmpfloat (a->anchor_x, >=, a->rect.x + 2.0 - 1e-9);
      g_assert_cmpfloat (a->anchor_x, <=, a->rect.x + a->rect.width - 2.0 + 1e-9);
      for (guint k = 0; k < g->callouts->len; k++)
        {
          const MvCallout *b = &g_array_index (g->callouts, MvCallout, k);
          const MvItemBox *ib = &g_array_index (g->items, MvItemBox, b->item_box);

          if (k == i || ib->lane != ia->lane)
            continue;
          g_assert_cmpfloat (a->anchor_x, !=, b->anchor_x);
          if (a->row == b->row)
            g_assert_true (a->rect.x + a->rect.width <= b->rect.x || b->rect.x + b->rect.width <= a->rect.x);
          else if (a->row > b->row)
            g_assert_true (a->anchor_x < b->rect.x - 2.0 || a->anchor_x > b->rect.x + b->rect.width + 2.0);
        }
    }
}
