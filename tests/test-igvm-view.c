/* SPDX-License-Identifier: MIT */
/* An IGVM file as the window and memviz-cli render show it: its scene
 * (pages by kind, required memory, VP context, diagnostics) for each
 * platform, the source (claimed by its magic, its choices, laid over a
 * preset, read in a thread) and its pictures. No display needed. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "igvm-samples.h"
#include "igvm-writer.h"
#include "mv-igvm-source.h"
#include "mv-render.h"
#include "mv-scene-igvm.h"

static MvIgvmFile *
read_igvm_sample_two_platforms (void)
{
  g_autoptr(GBytes) bytes = igvm_sample_two_platforms (MV_IGVM_WRITER_DEFAULT);
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  MvIgvmFile *file = mv_igvm_read_data (data, len, MV_IGVM_READ_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

#define FILL(f) (1u << MV_FILL_##f)
G_STATIC_ASSERT (MV_FILL_N <= 32);

/* The fills of @lane's bars, a bit each. */
static guint
lane_fills (const MvSceneLane *lane)
{
  guint fills = 0;

  for (guint i = 0; i < lane->items->len; i++)
    fills |= 1u << g_array_index (lane->items, MvSceneItem, i).fill;
  return fills;
}

static gboolean
lane_has_fill (const MvSceneLane *lane,
               MvFill             fill)
{
  return (lane_fills (lane) & (1u << fill)) != 0;
}

static const MvSceneLane *
lane_titled (const MvScene *scene,
             const char    *title)
{
  for (guint i = 0; i < scene->lanes->len; i++)
    {
      const MvSceneLane *lane = g_ptr_array_index (scene->lanes, i);

      if (g_strcmp0 (lane->title, title) == 0)
        return lane;
    }
  return NULL;
}

/* All the table's cells, one row a line, cells split by "|". */
static char *
table_text (const MvSceneTable *t)
{
  GString *s = g_string_new (NULL);

  for (guint r = 0; r < t->rows->len; r++)
    {
      g_autofree char *row = g_strjoinv ("|", g_array_index (t->rows, MvTableRow, r).cells);

      g_string_append_printf (s, "%s\n", row);
    }
  return g_string_free (s, FALSE);
}

static void
test_scene_vsm (void)
{
  g_autoptr(MvIgvmFile) file = read_igvm_sample_two_platforms ();
  g_autoptr(MvScene) scene = mv_scene_new_for_igvm (file, "two.igvm", 0x1, NULL);
  const MvSceneLane *pages = lane_titled (scene, "Pages");
  const MvSceneLane *required = lane_titled (scene, "Required memory");
  g_autofree char *rows = NULL;
  g_autofree char *vp = NULL;

  g_assert_cmpstr (scene->title, ==, "IGVM: two.igvm");
  g_assert_cmpuint (scene->mtrr_table->rows->len, ==, 0);
  g_assert_nonnull (strstr (scene->mtrr_table->note, "sets no MTRRs"));
  g_assert_nonnull (strstr (scene->subtitle, "VSM isolation (mask 0x1)"));
  g_assert_nonnull (pages);
  /* SNP's pages (shared, secrets, CPUID, VMSA) are not VSM's. */
  g_assert_cmphex (lane_fills (pages), ==, FILL (DATA) | FILL (ZERO) | FILL (UNMEASURED) | FILL (PARAMETER));
  g_assert_nonnull (required);
  g_assert_cmpuint (required->items->len, ==, 1);
  g_assert_cmphex (g_array_index (required->items, MvSceneItem, 0).start, ==, 0x1000000);
  g_assert_cmphex (g_array_index (required->items, MvSceneItem, 0).end, ==, 0x1200000);
  g_assert_true (lane_has_fill (required, MV_FILL_REQUIRED));

  /* The table: every run, by address; the parameter area says what the
   * loader puts in it. */
  g_assert_true (scene->pages_table->sortable);
  g_assert_cmpint (scene->pages_table->sort_column, ==, 0);
  rows = table_text (scene->pages_table);
  g_assert_nonnull (strstr (rows, "0x100000\u20130x103000|12 KiB|data|"));
  g_assert_nonnull (strstr (rows, "0x103000\u20130x104000|4 KiB|zero|zero|"));
  g_assert_nonnull (strstr (rows, "0x400000\u20130x401000|4 KiB|parameter area 0 (VP count, command line)|"));
  g_assert_null (strstr (rows, "0x300000"));
  /* The two runs at 0x200000 overlap: both outlined, the others not. */
  for (guint r = 0; r < scene->pages_table->rows->len; r++)
    {
      const MvTableRow *row = &g_array_index (scene->pages_table->rows, MvTableRow, r);

      g_assert_cmpint (row->error, ==, g_str_has_prefix (row->cells[0], "0x200000"));
      g_assert_cmpint (row->error, ==, strstr (row->cells[3], "overlaps another run") != NULL);
    }

  /* The VBS register list. */
  g_assert_nonnull (scene->vp_table);
  vp = table_text (scene->vp_table);
  g_assert_cmpuint (scene->vp_table->rows->len, ==, 2);
  g_assert_nonnull (strstr (vp, "0|VBS register list|2|"));
  g_assert_nonnull (strstr (vp, "|0x7000\n"));
  g_assert_nonnull (strstr (vp, "|0x80000011\n"));

  /* The overlap is VSM's, marked on the pages lane by its id. */
  g_assert_cmpuint (scene->marks->len, >=, 1);
  {
    gboolean overlap = FALSE;

    for (guint i = 0; i < file->diagnostics->len; i++)
      {
        const MvIgvmDiagnostic *d = g_ptr_array_index (file->diagnostics, i);
        g_autofree char *id = g_strdup_printf (MV_SCENE_IGVM_MARK_PREFIX "%u", i);

        if (d->kind != MV_IGVM_DIAG_OVERLAP)
          continue;
        overlap = TRUE;
        g_assert_cmpuint (mv_scene_find_mark (scene, id), >, 0);
        g_assert_cmpint (g_array_index (scene->marks, MvSceneMark, mv_scene_find_mark (scene, id) - 1).lane, ==,
                         mv_scene_find_lane (scene, MV_LANE_PAGES, 0));
      }
    g_assert_true (overlap);
  }
}

static void
test_scene_snp (void)
{
  g_autoptr(MvIgvmFile) file = read_igvm_sample_two_platforms ();
  g_autoptr(MvScene) scene = mv_scene_new_for_igvm (file, "two.igvm", 0x2, NULL);
  const MvSceneLane *pages = lane_titled (scene, "Pages");
  g_autofree char *rows = NULL;
  g_autofree char *vp = NULL;

  g_assert_nonnull (strstr (scene->subtitle, "SEV-SNP (mask 0x2)"));
  g_assert_cmphex (lane_fills (pages), ==,
                   FILL (DATA) | FILL (ZERO) | FILL (SHARED) | FILL (SECRETS) | FILL (CPUID) | FILL (VMSA));
  g_assert_null (lane_titled (scene, "Required memory"));
  rows = table_text (scene->pages_table);
  g_assert_nonnull (strstr (rows, "0x300000\u20130x301000|4 KiB|shared|zero, shared|0x2|"));
  g_assert_nonnull (strstr (rows, "0x301000\u20130x302000|4 KiB|secrets|"));
  g_assert_nonnull (strstr (rows, "0x302000\u20130x303000|4 KiB|CPUID data|"));
  g_assert_nonnull (strstr (rows, "0x500000\u20130x501000|4 KiB|VMSA|"));
  vp = table_text (scene->vp_table);
  g_assert_nonnull (strstr (vp, "SEV-SNP VMSA at 0x500000"));
  g_assert_nonnull (strstr (vp, "0xfffff000"));
}

/* The views draw, the VP context among them (and only where there is
 * one: a document's "all" has no VP context). */
static void
test_render (void)
{
  g_autoptr(MvIgvmFile) file = read_igvm_sample_two_platforms ();
  g_autoptr(MvScene) scene = mv_scene_new_for_igvm (file, "two.igvm", 0x1, NULL);
  g_autoptr(MvScene) plain = mv_scene_new ("plain", NULL);
  g_autoptr(GError) error = NULL;
  MvRenderStyle style;
  MvView view;
  double vp, all_with, all_without;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  g_assert_true (mv_view_from_string ("vp", &view));
  g_assert_cmpint (view, ==, MV_VIEW_VP);
  g_assert_cmpstr (mv_view_to_string (MV_VIEW_VP), ==, "vp");
  vp = mv_render_natural_height (scene, &style, MV_VIEW_VP, 1000);
  g_assert_cmpfloat (vp, >, 60);
  all_with = mv_render_natural_height (scene, &style, MV_VIEW_ALL, 1000);
  g_clear_pointer (&scene->vp_table, mv_scene_table_free);
  all_without = mv_render_natural_height (scene, &style, MV_VIEW_ALL, 1000);
  g_assert_cmpfloat (all_with - all_without, ==, vp);
  g_assert_cmpfloat (mv_render_natural_height (plain, &style, MV_VIEW_ALL, 1000), ==,
                     mv_render_natural_height (plain, &style, MV_VIEW_MAP, 1000) +
                     mv_render_natural_height (plain, &style, MV_VIEW_MTRR, 1000) +
                     mv_render_natural_height (plain, &style, MV_VIEW_GDT, 1000) +
                     mv_render_natural_height (plain, &style, MV_VIEW_PAGES, 1000));

  for (MvView v = MV_VIEW_MAP; v <= MV_VIEW_VP; v++)
    {
      g_autoptr(MvScene) again = mv_scene_new_for_igvm (file, "two.igvm", 0x2, NULL);
      cairo_surface_t *image = mv_render_to_image (again, &style, v, 800, 0, 1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (image);
      g_assert_cmpint (cairo_image_surface_get_height (image), >, 40);
      cairo_surface_destroy (image);
    }
}

static void
changed (MvViewSource *source,
         guint        *count)
{
  (*count)++;
}

static MvViewSource *
source_for (GBytes  *bytes,
            GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return mv_view_source_new_for_data ("two.igvm", data, len, error);
}

static void
test_source (void)
{
  g_autoptr(GBytes) bytes = igvm_sample_two_platforms (MV_IGVM_WRITER_DEFAULT);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvViewSource) source = source_for (bytes, &error);
  g_auto(GStrv) platforms = NULL;
  g_auto(GStrv) layouts = NULL;
  g_autoptr(MvScene) scene = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  guint n_changed = 0, openvmm = 0;

  g_assert_no_error (error);
  g_assert_true (MV_IS_IGVM_SOURCE (source));
  g_assert_false (mv_view_source_get_editable (source));
  g_assert_null (mv_view_source_get_layout (source));
  g_signal_connect (source, "changed", G_CALLBACK (changed), &n_changed);

  g_assert_cmpuint (mv_view_source_get_n_choices (source), ==, 2);
  platforms = mv_view_source_dup_choice_items (source, MV_IGVM_SOURCE_CHOICE_PLATFORM);
  g_assert_cmpuint (g_strv_length (platforms), ==, 2);
  g_assert_cmpstr (platforms[0], ==, "VSM isolation (mask 0x1)");
  g_assert_cmpstr (platforms[1], ==, "SEV-SNP (mask 0x2)");
  g_assert_cmpuint (mv_view_source_get_choice (source, MV_IGVM_SOURCE_CHOICE_PLATFORM), ==, 0);

  /* The overlap is listed on the Diagnostics page, with its range. */
  problems = mv_view_source_list_problems (source);
  g_assert_cmpuint (problems->len, >=, 1);
  {
    const MvViewSourceProblem *p = g_ptr_array_index (problems, 0);

    g_assert_true (p->has_range);
    g_assert_true (g_str_has_prefix (p->mark_id, MV_SCENE_IGVM_MARK_PREFIX));
  }

  /* Choosing SNP: the VMSA shows, the overlap (VSM's) does not. */
  mv_view_source_set_choice (source, MV_IGVM_SOURCE_CHOICE_PLATFORM, 1);
  g_assert_cmpuint (n_changed, ==, 1);
  mv_view_source_set_choice (source, MV_IGVM_SOURCE_CHOICE_PLATFORM, 1);
  g_assert_cmpuint (n_changed, ==, 1);
  scene = mv_view_source_build_scene (source);
  g_assert_true (lane_has_fill (lane_titled (scene, "Pages"), MV_FILL_VMSA));
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = mv_view_source_list_problems (source);
  for (guint i = 0; i < problems->len; i++)
    g_assert_false (g_str_has_suffix (((MvViewSourceProblem *) g_ptr_array_index (problems, i))->detail,
                                      "(mask 0x1)"));

  /* Laid over OpenVMM's default layout: its layout and MTRR lanes first. */
  layouts = mv_view_source_dup_choice_items (source, MV_IGVM_SOURCE_CHOICE_LAYOUT);
  g_assert_cmpstr (layouts[0], ==, "No layout");
  for (guint i = 1; layouts[i] != NULL; i++)
    if (g_strcmp0 (layouts[i], "OpenVMM default, 8 GiB") == 0)
      openvmm = i;
  g_assert_cmpuint (openvmm, >, 0);
  mv_view_source_set_choice (source, MV_IGVM_SOURCE_CHOICE_LAYOUT, openvmm);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_nonnull (mv_view_source_get_layout (source));
  g_assert_nonnull (mv_view_source_get_state (source));
  g_clear_pointer (&scene, mv_scene_free);
  scene = mv_view_source_build_scene (source);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_LAYOUT, 0), ==, 0);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_EFFECTIVE, 0), >, 0);
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_PAGES, 0), >, mv_scene_find_lane (scene, MV_LANE_EFFECTIVE, 0));
  g_assert_nonnull (strstr (scene->subtitle, "over OpenVMM default, 8 GiB"));
  mv_view_source_set_choice (source, MV_IGVM_SOURCE_CHOICE_LAYOUT, 0);
  g_assert_null (mv_view_source_get_layout (source));
}

/* A file with the IGVM magic is the IGVM reader's: a broken checksum says
 * so, not that it is no MTRR dump; a dump still reads as one. */
static void
test_claims (void)
{
  g_autoptr(GBytes) broken = igvm_sample_two_platforms (MV_IGVM_WRITER_BREAK_CHECKSUM);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvViewSource) source = source_for (broken, &error);
  const char *dump = "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n";
  g_autoptr(MvViewSource) mtrr = NULL;

  g_assert_null (source);
  g_assert_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_CHECKSUM);
  g_clear_error (&error);

  mtrr = mv_view_source_new_for_data ("mtrr", dump, strlen (dump), &error);
  g_assert_no_error (error);
  g_assert_false (MV_IS_IGVM_SOURCE (mtrr));
  g_assert_false (mv_igvm_source_claims (dump, strlen (dump)));
  g_assert_false (mv_igvm_source_claims ("IGV", 3));
  g_assert_true (mv_igvm_source_claims ("IGVM", 4));
}

static void
read_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Read in a thread, as the window does; an error comes back the same way. */
static void
test_async (void)
{
  g_autoptr(GBytes) bytes = igvm_sample_two_platforms (MV_IGVM_WRITER_DEFAULT);
  g_autoptr(GBytes) broken = igvm_sample_two_platforms (MV_IGVM_WRITER_BREAK_CHECKSUM);
  g_autofree char *dir = g_dir_make_tmp ("igvm-view-XXXXXX", NULL);
  g_autofree char *good_path = g_build_filename (dir, "two.igvm", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "broken", NULL);
  g_autoptr(GFile) good = g_file_new_for_path (good_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MvViewSource) source = NULL;
  g_autofree char *name = NULL;

  g_assert_true (g_file_set_contents (good_path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  g_assert_true (g_file_set_contents (bad_path, g_bytes_get_data (broken, NULL), g_bytes_get_size (broken), NULL));
  g_assert_true (mv_igvm_source_file_claims (good));
  g_assert_true (mv_igvm_source_file_claims (bad));

  mv_igvm_source_new_async (good, NULL, read_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  source = mv_igvm_source_new_finish (result, &error);
  g_assert_no_error (error);
  name = mv_view_source_dup_name (source);
  g_assert_cmpstr (name, ==, "two.igvm");
  g_assert_cmpuint (mv_igvm_source_get_file (MV_IGVM_SOURCE (source))->platforms->len, ==, 2);
  g_assert_cmphex (mv_igvm_source_get_mask (MV_IGVM_SOURCE (source)), ==, 0x1);

  g_clear_object (&result);
  mv_igvm_source_new_async (bad, NULL, read_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (mv_igvm_source_new_finish (result, &error));
  g_assert_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_CHECKSUM);

  g_unlink (good_path);
  g_unlink (bad_path);
  g_rmdir (dir);
}

/* An IGVM file of 2,000 separate page runs: the Pages lane keeps them as
 * an index and has no bar per run, its bars are made per width, and
 * hover names one run as a short file would. */
static void
test_many_runs (void)
{
  g_autoptr(MvIgvmWriter) w = mv_igvm_writer_new (2, 0, 4096);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvIgvmFile) file = NULL;
  g_autoptr(MvScene) scene = mv_scene_new ("Runs", NULL);
  g_autoptr(MvMapGeometry) g = NULL;
  g_autofree char *one = NULL;
  const MvSceneLane *lane;
  MvRenderStyle style;
  guint8 page[16] = { 1 };
  guint covered = 0;
  gsize len;
  const guint8 *data;

  mv_igvm_writer_platform (w, 0x1, 0x01, 1, 2, 0);
  for (guint i = 0; i < 2000; i++)
    mv_igvm_writer_page (w, 0x100000 + 2 * (guint64) i * 4096, 0x1,
                         i % 2 ? MV_IGVM_PAGE_UNMEASURED : 0, 0, page, sizeof page);
  bytes = mv_igvm_writer_finish (w, MV_IGVM_WRITER_DEFAULT);
  data = g_bytes_get_data (bytes, &len);
  file = mv_igvm_read_data (data, len, MV_IGVM_READ_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file->runs->len, ==, 2000);

  mv_scene_add_igvm (scene, file, 0x1);
  lane = g_ptr_array_index (scene->lanes, mv_scene_find_lane (scene, MV_LANE_PAGES, 0));
  g_assert_cmpstr (lane->title, ==, "Pages");
  g_assert_cmpuint (lane->items->len, ==, 0);
  g_assert_cmpuint (mv_scene_runs_get_n (lane->runs), ==, 2000);
  g_assert_cmpuint (scene->pages_table->rows->len, ==, MV_SCENE_MAX_TABLE_ROWS);
  g_assert_cmpuint (scene->pages_table->n_omitted, ==, 2000 - MV_SCENE_MAX_TABLE_ROWS);

  mv_render_style_init (&style, MV_THEME_LIGHT);
  g = mv_render_map_geometry (scene, &style, 1200, 600);
  for (guint i = 0; i < g->spans->len; i++)
    covered += g_array_index (g->spans, MvSpan, i).n_runs;
  g_assert_cmpuint (covered, ==, 2000);

  /* The second run: unmeasured, as its row in the table says. */
  one = mv_scene_describe_pages (scene, 0x102000, 0x102000, 0x102001);
  g_assert_cmpstr (one, ==, "unmeasured \u00b7 4 KiB \u00b7 0x102000\u20130x103000 \u00b7 unmeasured");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/igvm-view/scene/vsm", test_scene_vsm);
  g_test_add_func ("/igvm-view/scene/snp", test_scene_snp);
  g_test_add_func ("/igvm-view/render", test_render);
  g_test_add_func ("/igvm-view/source", test_source);
  g_test_add_func ("/igvm-view/claims", test_claims);
  g_test_add_func ("/igvm-view/async", test_async);
  g_test_add_func ("/igvm-view/many-runs", test_many_runs);
  status = g_test_run ();
  mv_render_shutdown ();
  return status;
}
