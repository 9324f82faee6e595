/* SPDX-License-Identifier: MIT */
/* The boot view: the registers a loader sets, in the words the window's
 * Boot CPU tab and memviz-cli boot use (mv-boot-view.c), its imports with
 * their CRC-32s and its e820 map, drawn as tables to PNG, SVG and PDF. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "mv-boot-test.h"
#include "mv-boot-view.h"
#include "mv-render-test.h"
#include "mv-render-private.h"
#include "mv-render.h"
#include "mv-scenario.h"
#include "mv-scene-scenario.h"
#include "mv-scene.h"
#include "mv-test-util.h"

static void
label_array_clear (gpointer data)
{
  _mv_render_label_clear (data);
}

/* A 1 GiB Linux boot of the test bzImage, traced (as memviz-cli render
 * runs it for the boot view), or @trace FALSE as the window runs it. */
static MvScene *
linux_scene (gboolean     trace,
             MvScenario **out_sc)
{
  g_autofree char *kernel = default_kernel ("vmlinuz");
  g_autofree char *dir = g_path_get_dirname (kernel);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_document_load_from_data (
    "[memviz]\nversion=1\n[memory]\nram=1 GiB\n[boot]\nloader=linux\nkernel=vmlinuz\n",
    -1, dir, &error);
  MvScenario *sc;
  MvScene *scene;

  g_assert_no_error (error);
  sc = mv_scenario_run (doc, trace ? MV_SCENARIO_TRACE : MV_SCENARIO_NONE);
  g_assert_no_error (sc->boot_error);
  scene = mv_scene_new_for_scenario (doc, sc);
  *out_sc = sc;
  return scene;
}

static gboolean
table_has_cell (const MvSceneTable *t,
                guint               column,
                const char         *text)
{
  for (guint r = 0; r < t->rows->len; r++)
    if (g_strcmp0 (g_array_index (t->rows, MvTableRow, r).cells[column], text) == 0)
      return TRUE;
  return FALSE;
}

/* The scene's tables say what memviz-cli boot says: every register with
 * mv_boot_register_value/decode's text, the merged imports with their
 * CRC-32s, the e820 map entry by entry. */
static void
test_boot_tables (void)
{
  g_autoptr(MvScenario) sc = NULL;
  g_autoptr(MvScene) scene = linux_scene (TRUE, &sc);
  g_autoptr(GArray) imports = mv_boot_merge_imports (sc->recorder);
  const MvSceneTable *regs = scene->boot_table;
  gboolean kernel = FALSE;

  g_assert_nonnull (regs);
  g_assert_cmpuint (regs->rows->len, ==, sc->boot_registers->len);
  for (guint i = 0; i < sc->boot_registers->len; i++)
    {
      const MvX86Register *r = &g_array_index (sc->boot_registers, MvX86Register, i);
      const MvTableRow *row = &g_array_index (regs->rows, MvTableRow, i);
      g_autofree char *value = mv_boot_register_value (r);
      g_autofree char *meaning = mv_boot_register_decode (r);

      g_assert_cmpstr (row->cells[0], ==, mv_reg_name_to_string (r->name));
      g_assert_cmpstr (row->cells[1], ==, value);
      g_assert_cmpstr (row->cells[2], ==, meaning != NULL ? meaning : "");
    }
  {
    const char *names[] = { "Cs", "Ds", "Ss", "Gdtr", "Cr0", "Cr3", "Cr4", "Efer", "Pat", "Rip",
                            "Rsi", "MtrrDefType", "MtrrFix64k00000" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      g_assert_true (table_has_cell (regs, 0, names[i]));
  }
  /* The bits decoded, CR3's tables described. */
  g_assert_true (table_has_cell (regs, 2, "PE PG"));
  g_assert_true (table_has_cell (regs, 2, "PAE"));
  g_assert_true (table_has_cell (regs, 2, "SCE LME LMA NXE"));

  g_assert_nonnull (scene->boot_imports);
  g_assert_cmpuint (scene->boot_imports->rows->len, ==, imports->len);
  g_assert_cmpuint (imports->len, >, 3);
  for (guint i = 0; i < imports->len; i++)
    {
      const MvBootImport *im = &g_array_index (imports, MvBootImport, i);
      const MvTableRow *row = &g_array_index (scene->boot_imports->rows, MvTableRow, i);
      g_autofree char *crc = g_strdup_printf ("%08x", im->crc32);

      g_assert_cmpstr (row->cells[2], ==, im->tag);
      g_assert_cmpstr (row->cells[4], ==, crc);
      kernel |= g_str_equal (im->tag, "linux-kernel");
    }
  g_assert_true (kernel);

  g_assert_nonnull (scene->boot_e820);
  g_assert_cmpuint (scene->boot_e820->rows->len, ==, sc->boot.e820->len);
  g_assert_true (table_has_cell (scene->boot_e820, 2, "1 usable"));
}

/* The window's run keeps no calls, but the scenario merges the loader's
 * as it reads: the same imports table, CRC-32s and all, as a traced run. */
static void
test_boot_untraced (void)
{
  g_autoptr(MvScenario) sc = NULL, traced_sc = NULL;
  g_autoptr(MvScene) scene = linux_scene (FALSE, &sc);
  g_autoptr(MvScene) traced = linux_scene (TRUE, &traced_sc);

  g_assert_nonnull (scene->boot_table);
  g_assert_nonnull (scene->boot_e820);
  g_assert_nonnull (scene->boot_imports);
  g_assert_cmpuint (scene->boot_imports->rows->len, ==, traced->boot_imports->rows->len);
  for (guint i = 0; i < scene->boot_imports->rows->len; i++)
    {
      const MvTableRow *a = &g_array_index (scene->boot_imports->rows, MvTableRow, i);
      const MvTableRow *b = &g_array_index (traced->boot_imports->rows, MvTableRow, i);

      for (guint c = 0; c < 5; c++)
        g_assert_cmpstr (a->cells[c], ==, b->cells[c]);
    }
}

/* The boot view paints the three tables whole at its natural height: the
 * register names, their decoded bits and the imports' tags are drawn,
 * and no "... and N more rows". */
static void
test_boot_painted (void)
{
  g_autoptr(MvScenario) sc = NULL;
  g_autoptr(MvScene) scene = linux_scene (TRUE, &sc);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (MvRenderLabel));
  MvRenderOptions options = { .log = log };
  const char *want[] = { "Boot processor registers (linux loader)", "Cr0", "PE PG", "Cr3", "Cr4",
                         "Efer", "SCE LME LMA NXE", "Pat", "Rip", "Rsi", "MtrrFix64k00000",
                         "Imports (merged by address, as vm_loader keeps them)", "linux-kernel",
                         "e820 map (what the zero page tells the guest)", "1 usable" };
  MvRenderStyle style;
  double h, map_h;
  cairo_surface_t *image;
  cairo_t *cr;

  g_array_set_clear_func (log, label_array_clear);
  mv_render_style_init (&style, MV_THEME_LIGHT);
  h = mv_render_natural_height (scene, &style, MV_VIEW_BOOT, 1200);
  g_assert_cmpfloat (h, >, 600);
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1200, (int) ceil (h));
  cr = cairo_create (image);
  _mv_render_view_with (cr, scene, &style, MV_VIEW_BOOT, 1200, h, &options);
  cairo_destroy (cr);
  cairo_surface_destroy (image);

  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < log->len && !found; k++)
        {
          const MvRenderLabel *l = &g_array_index (log, MvRenderLabel, k);

          found = g_strcmp0 (l->string, want[i]) == 0;
          if (found)
            g_assert_cmpfloat (l->box.y + l->box.height, <=, h + 0.5);
        }
      g_test_message ("label %s", want[i]);
      g_assert_true (found);
    }
  for (guint k = 0; k < log->len; k++)
    g_assert_null (strstr (g_array_index (log, MvRenderLabel, k).string, "more row"));

  /* --view all has the boot view too. */
  map_h = 0;
  for (MvView v = MV_VIEW_MAP; v <= MV_VIEW_PAGES; v++)
    map_h += mv_render_natural_height (scene, &style, v, 1200);
  g_assert_cmpfloat (mv_render_natural_height (scene, &style, MV_VIEW_ALL, 1200), ==, map_h + h);
  g_assert_cmpstr (mv_view_to_string (MV_VIEW_BOOT), ==, "boot");
}

/* A picture shorter than the view (--height): the registers say how many
 * rows are left out, and the tables that would begin below it are not
 * drawn over its edge. */
static void
test_boot_short (void)
{
  g_autoptr(MvScenario) sc = NULL;
  g_autoptr(MvScene) scene = linux_scene (TRUE, &sc);
  MvRenderStyle style;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  for (int h = 250; h <= 450; h += 5)
    {
      g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (MvRenderLabel));
      MvRenderOptions options = { .log = log };
      cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1200, h);
      cairo_t *cr = cairo_create (image);
      gboolean more = FALSE;

      g_array_set_clear_func (log, label_array_clear);
      _mv_render_view_with (cr, scene, &style, MV_VIEW_BOOT, 1200, h, &options);
      cairo_destroy (cr);
      cairo_surface_destroy (image);
      for (guint k = 0; k < log->len; k++)
        {
          const MvRenderLabel *l = &g_array_index (log, MvRenderLabel, k);

          more |= strstr (l->string, "more row") != NULL;
          g_assert_cmpfloat (l->box.y + l->box.height, <=, h + 0.5);
        }
      g_assert_true (more);
    }
}

/* A scene without a loader: the view says how to get one, and --view all
 * leaves it out. */
static void
test_boot_none (void)
{
  g_autoptr(MvScene) scene = mv_scene_new ("t", NULL);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (MvRenderLabel));
  MvRenderOptions options = { .log = log };
  MvRenderStyle style;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1000, 200);
  cairo_t *cr = cairo_create (image);
  gboolean hint = FALSE;
  double all = 0;

  g_array_set_clear_func (log, label_array_clear);
  mv_render_style_init (&style, MV_THEME_DARK);
  _mv_render_view_with (cr, scene, &style, MV_VIEW_BOOT, 1000, 200, &options);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  for (guint k = 0; k < log->len; k++)
    hint |= strstr (g_array_index (log, MvRenderLabel, k).string, "No boot loader runs") != NULL;
  g_assert_true (hint);
  for (MvView v = MV_VIEW_MAP; v <= MV_VIEW_PAGES; v++)
    all += mv_render_natural_height (scene, &style, v, 1000);
  g_assert_cmpfloat (mv_render_natural_height (scene, &style, MV_VIEW_ALL, 1000), ==, all);
}

/* PNG, SVG and PDF files of the boot view: whole, as tall as the view. */
static void
test_boot_files (void)
{
  g_autoptr(MvScenario) sc = NULL;
  g_autoptr(MvScene) scene = linux_scene (TRUE, &sc);
  static const char *const ext[] = { "png", "svg", "pdf" };
  static const char *const magic[] = { "\x89PNG", "<?xml", "%PDF" };
  MvRenderStyle style;
  double h;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  h = mv_render_natural_height (scene, &style, MV_VIEW_BOOT, 1400);
  for (guint i = 0; i < G_N_ELEMENTS (ext); i++)
    {
      g_autofree char *name = g_strdup_printf ("boot.%s", ext[i]);
      g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (mv_render_to_file (scene, path, MV_VIEW_BOOT, 1400, 0, 1.0, MV_THEME_LIGHT, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (memcmp (contents, magic[i], strlen (magic[i])) == 0);
      if (i == 0)
        {
          cairo_surface_t *png = cairo_image_surface_create_from_png (path);

          g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1400);
          g_assert_cmpint (cairo_image_surface_get_height (png), ==, (int) ceil (h));
          cairo_surface_destroy (png);
        }
      g_unlink (path);
    }
  mv_render_shutdown ();
}

/* The map of a boot with a 4 MiB kernel on OpenVMM's default layout. */
static MvScene *
big_kernel_scene (MvScenario **out_sc)
{
  BzSpec spec = bz_default;
  g_autoptr(GBytes) image = NULL;
  g_autofree char *kernel = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = NULL;
  MvScenario *sc;

  spec.payload = 4 * MB;
  image = make_bzimage (&spec);
  kernel = write_bytes ("big-vmlinuz", image);
  dir = g_path_get_dirname (kernel);
  doc = mv_document_load_from_data (
    "[memviz]\nversion=1\n[memory]\nram=8 GiB\nmmio=0xf8000000+128 MiB, 0x208000000+512 MiB\n"
    "[boot]\nloader=linux\nkernel=big-vmlinuz\ncmdline=console=ttyS0\n", -1, dir, &error);
  g_assert_no_error (error);
  sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  g_assert_no_error (sc->boot_error);
  *out_sc = sc;
  return mv_scene_new_for_scenario (doc, sc);
}

/* The bar of the item labelled @prefix..., or NULL. */
static const MvItemBox *
bar_labelled (const MvMapGeometry *g,
              const MvScene       *scene,
              const char          *prefix)
{
  for (guint i = 0; i < g->items->len; i++)
    {
      const MvItemBox *ib = &g_array_index (g->items, MvItemBox, i);
      const char *label = mv_map_geometry_item (g, scene, ib)->label;

      if (label != NULL && g_str_has_prefix (label, prefix))
        return ib;
    }
  return NULL;
}

/* On the focus scale, where the width leaves room, a 4 MiB kernel's bar
 * is wider than the 4 KiB pages' the loader writes beside it, and the
 * page map's labels sit at their bars with leaders that never cross. */
static void
test_boot_map_focus (void)
{
  g_autoptr(MvScenario) sc = NULL;
  g_autoptr(MvScene) scene = big_kernel_scene (&sc);
  static const double widths[] = { 800, 1280, 1920 };
  MvRenderStyle style;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(MvMapGeometry) g = mv_render_map_geometry (scene, &style, widths[w], 0);
      const MvItemBox *kernel = bar_labelled (g, scene, "linux-kernel");
      const MvItemBox *gdt = bar_labelled (g, scene, "default-gdt");
      const MvItemBox *zero = bar_labelled (g, scene, "linux-zeropage");

      g_test_message ("width %g", widths[w]);
      g_assert_cmpint (mv_scale_get_kind (g->scale), ==, MV_SCALE_FOCUS);
      g_assert_nonnull (kernel);
      g_assert_nonnull (gdt);
      g_assert_nonnull (zero);
      g_assert_cmpfloat (kernel->rect.width + 1e-6, >=, gdt->rect.width);
      if (widths[w] >= 1280)
        g_assert_cmpfloat (kernel->rect.width, >, gdt->rect.width + 4.0);
      if (widths[w] >= 1920)
        g_assert_cmpfloat (kernel->rect.width, >, 1.5 * zero->rect.width);
      assert_callouts_clear (g);
      if (widths[w] >= 1280)
        g_assert_cmpuint (g->callouts->len, >, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/render-boot/tables", test_boot_tables);
  g_test_add_func ("/render-boot/untraced", test_boot_untraced);
  g_test_add_func ("/render-boot/painted", test_boot_painted);
  g_test_add_func ("/render-boot/short", test_boot_short);
  g_test_add_func ("/render-boot/none", test_boot_none);
  g_test_add_func ("/render-boot/files", test_boot_files);
  g_test_add_func ("/render-boot/map-focus", test_boot_map_focus);

  return g_test_run ();
}
