/* SPDX-License-Identifier: MIT */
/* The renderer's texts: every label of every preset and view inside its
 * box and the picture, none overlapping; tables that wrap, diagnostics,
 * the page map's table (order, sorting), a table with only a note, the
 * GDT a loader imported. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mv-boot-test.h"
#include "mv-render-test.h"

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

/* The GDT view says each descriptor's limit as stored and the byte limit
 * it means, beside the registers' own limits, and why those differ. */
static void
test_gdt_limits (void)
{
  g_autoptr(MvScene) scene = layout_scene (1 * GiB, 46, 0);
  g_autoptr(GArray) log = new_log ();
  MvRenderStyle style;
  guint described = 0, registers = 0, notes = 0;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  render_logged (scene, &style, MV_VIEW_GDT, 1600, 0, log);
  for (guint i = 0; i < log->len; i++)
    {
      const char *text = g_array_index (log, MvRenderLabel, i).string;

      described += strstr (text, "limit 0x0ffff \u00d7 4 KiB = 0x0fffffff \u00b7") != NULL;
      registers += g_str_equal (text, "0xffffffff");
      notes += g_str_has_prefix (text, "The limit of Ds, 0xffffffff, is not its descriptor's "
                                       "byte limit, 0x0fffffff:");
    }
  /* The code and data descriptors, the six segment registers. */
  g_assert_cmpuint (described, ==, 2);
  g_assert_cmpuint (registers, ==, 6);
  g_assert_cmpuint (notes, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (label_case_free);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render/scene/boot-gdt", test_boot_gdt);
  g_test_add_func ("/render/gdt/limits", test_gdt_limits);
  g_test_add_func ("/render/table/note-only", test_table_note_only);
  g_test_add_func ("/render/labels/4pib", test_labels_big);
  g_test_add_func ("/render/table/wraps", test_table_wraps);
  g_test_add_func ("/render/diagnostics/wrap", test_diagnostics_wrap);
  for (guint i = 0; i < mv_presets_count (); i++)
    {
      const char *name = mv_preset_name (i);

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
  g_test_add_func ("/render/pages/order", test_pages_order);
  g_test_add_func ("/render/pages/painted-sorted", test_pages_painted_sorted);

  return mv_render_test_run ();
}
