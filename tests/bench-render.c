/* SPDX-License-Identifier: MIT */
/* Benchmark of the renderer. Not a test: prints figures for the README.
 * One run builds the scene from core results (layout, MTRR state with its
 * effective map and diagnostics, page map, GDT) and paints the map at
 * 1920x1080 into an image surface. Every figure is the median of RUNS
 * runs; the cases of a ratio run interleaved, so that a busy machine
 * slows both alike. Then the scaling of page maps from 10 to 10^6
 * separate runs, hover over the largest and its Page map table
 * ("bench-render scale [FILE.png]" runs that part alone). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mv-gdt.h"
#include "mv-geometry.h"
#include "mv-mtrr-state.h"
#include "mv-mtrr.h"
#include "mv-recorder.h"
#include "mv-render.h"
#include "mv-scene-mtrr.h"
#include "mv-scene.h"

#define RUNS 31
#define GiB ((guint64) 1 << 30)
#define PiB ((guint64) 1 << 50)

typedef struct
{
  MvLayout    *layout;
  MvMtrrState *state;
  MvRecorder  *recorder;
} Input;

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v,
        int     n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return v[n / 2];
}

/* @ram of RAM below and above a 128 MiB gap at 4 GiB, a 512 MiB gap
 * above RAM, 52-bit MTRRs, the default GDT and 10^6 pages imported by
 * @n_calls consecutive calls (the page map coalesces them: the same
 * pages in 10 calls or in a million make the same map). */
static void
input_init (Input   *in,
            guint64  ram,
            guint64  n_calls)
{
  MvRange gaps[2] = { { 0xF8000000, 0x100000000 }, { 0, 0 } };
  MvRange low, high;
  guint64 pages = 1000000 / n_calls;

  gaps[1].start = ((ram > 0xF8000000 ? ram - 0xF8000000 : 0) + 0x100000000 + 0x1fffff) & ~(guint64) 0x1fffff;
  gaps[1].end = gaps[1].start + 512 * ((guint64) 1 << 20);
  in->layout = mv_layout_new (ram, gaps, 2, NULL, 0, NULL, 0, NULL, NULL);
  g_assert (in->layout != NULL);
  mv_mtrr_default_chipset_gaps (in->layout, &low, &high);
  in->state = mv_mtrr_state_new_for_guest (in->layout, 52, low, high,
                                           MV_MTRR_PROFILE_LINUX_DIRECT, 8, NULL);
  g_assert (in->state != NULL);
  in->recorder = mv_recorder_new (FALSE);
  g_assert (mv_gdt_import_default (&in->recorder->parent, 1, NULL));
  for (guint64 i = 0; i < n_calls; i++)
    g_assert (mv_importer_import_pages (&in->recorder->parent, 0x1000 + i * pages, pages, "kernel",
                                        MV_ACCEPTANCE_EXCLUSIVE, NULL, 0, NULL));
}

static void
input_clear (Input *in)
{
  mv_layout_free (in->layout);
  mv_mtrr_state_free (in->state);
  mv_recorder_free (in->recorder);
}

/* The map of @scene at 1920x1080 into @surface. */
static void
paint_map (const MvScene   *scene,
           cairo_surface_t *surface)
{
  MvRenderStyle style;
  cairo_t *cr;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  cr = cairo_create (surface);
  mv_render_map (cr, scene, &style, 1920, 1080);
  g_assert (cairo_status (cr) == CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
}

/* One run: scene build and render; returns milliseconds. */
static double
run_once (const Input     *in,
          cairo_surface_t *surface)
{
  gint64 t0 = g_get_monotonic_time ();
  MvScene *scene;
  guint8 gdt[MV_GDT_DEFAULT_SIZE];

  scene = mv_scene_new ("Benchmark", NULL);
  mv_scene_add_layout (scene, in->layout);
  mv_scene_add_mtrr_state (scene, in->state, in->layout);
  mv_scene_add_page_map (scene, in->recorder);
  mv_gdt_default_bytes (gdt);
  mv_scene_set_gdt (scene, 0x1000, gdt, sizeof gdt,
                    (const MvX86Register *) in->recorder->registers->data,
                    in->recorder->registers->len);

  paint_map (scene, surface);
  mv_scene_free (scene);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* ---- Scaling: page maps of 10 .. 10^6 separate runs ---------------------- */

#define SCALE_RUNS 5
#define SCALE_CASES 6
#define HOVERS 101

/* @n runs of one page each, a page apart (nothing coalesces), from 1 MiB,
 * alternately tagged "kernel" and "initrd", on a 16 GiB layout. */
static MvRecorder *
separate_runs (guint n)
{
  MvRecorder *rec = mv_recorder_new (FALSE);

  for (guint i = 0; i < n; i++)
    g_assert (mv_importer_import_pages (&rec->parent, 0x100 + 2 * (guint64) i, 1,
                                        i % 2 ? "initrd" : "kernel",
                                        MV_ACCEPTANCE_EXCLUSIVE, NULL, 0, NULL));
  g_assert (rec->page_map->len == n);
  return rec;
}

static MvScene *
pages_scene (const MvLayout   *layout,
             const MvRecorder *rec)
{
  MvScene *scene = mv_scene_new ("Benchmark", NULL);

  mv_scene_add_layout (scene, layout);
  mv_scene_add_page_map (scene, rec);
  return scene;
}

/* This thread's CPU time in milliseconds: the machine is shared, and the
 * scaling figures are long enough for the others' work to show in a wall
 * clock. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Scene build + paint at 1920x1080, in milliseconds of CPU time; the
 * paint alone (geometry and drawing: a frame) in @paint. */
static double
pages_once (const MvLayout   *layout,
            const MvRecorder *rec,
            cairo_surface_t  *surface,
            double           *paint)
{
  double t0 = cpu_ms (), t1;
  MvScene *scene = pages_scene (layout, rec);

  t1 = cpu_ms ();
  paint_map (scene, surface);
  *paint = cpu_ms () - t1;
  mv_scene_free (scene);
  return cpu_ms () - t0;
}

/* What the window does when the pointer moves over the page lane at @x:
 * the bar under it and the text for the runs in its pixel. Returns how
 * many texts it made (0 or 1). */
static guint
hover_once (const MvScene       *scene,
            const MvMapGeometry *g,
            double               x,
            double               y)
{
  guint64 start, end;
  g_autofree char *text = NULL;

  mv_map_geometry_box_at (g, x, y);
  if (!mv_map_geometry_pixel_range (g, x, &start, &end))
    return 0;
  text = mv_scene_describe_pages (scene, start, start, end);
  return text != NULL;
}

static void
scaling (const char *png)
{
  guint sizes[SCALE_CASES] = { 10, 100, 1000, 10000, 100000, 1000000 };
  MvRecorder *recs[SCALE_CASES];
  double t[SCALE_CASES][SCALE_RUNS], m[SCALE_CASES];
  double p[SCALE_CASES][SCALE_RUNS], mp[SCALE_CASES];
  double hover[HOVERS];
  MvRange gap = { 0xF8000000, 0x100000000 };
  g_autoptr(MvLayout) layout = mv_layout_new (16 * GiB, &gap, 1, NULL, 0, NULL, 0, NULL, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  MvRenderStyle style;

  g_assert (layout != NULL);
  for (int c = 0; c < SCALE_CASES; c++)
    recs[c] = separate_runs (sizes[c]);
  pages_once (layout, recs[0], surface, &p[0][0]);
  for (int r = 0; r < SCALE_RUNS; r++)
    for (int c = 0; c < SCALE_CASES; c++)
      t[c][r] = pages_once (layout, recs[c], surface, &p[c][r]);

  printf ("\npage map of N separate runs (a page apart), 16 GiB layout, scene build + paint at 1920x1080, "
          "CPU time, median of %d, ratio to 10 runs measured in the same run:\n", SCALE_RUNS);
  for (int c = 0; c < SCALE_CASES; c++)
    {
      m[c] = median (t[c], SCALE_RUNS);
      mp[c] = median (p[c], SCALE_RUNS);
      printf ("  %8u runs: %9.2f ms  ratio %8.2f  (%.3f us a run); of it the paint (a frame) %8.2f ms  ratio %6.2f\n",
              sizes[c], m[c], m[c] / m[0], m[c] * 1000.0 / sizes[c], mp[c], mp[c] / mp[0]);
    }

  /* Hover over the page lane of the 10^6 map, at pixels across it. */
  {
    g_autoptr(MvScene) scene = pages_scene (layout, recs[SCALE_CASES - 1]);
    MvMapGeometry *g;
    int lane;
    const MvLaneBox *lb;
    guint found = 0;
    double m_hover;

    mv_render_style_init (&style, MV_THEME_LIGHT);
    g = mv_render_map_geometry (scene, &style, 1920, 1080);
    lane = mv_scene_find_lane (scene, MV_LANE_PAGES, 0);
    g_assert (lane >= 0);
    lb = &g_array_index (g->lanes, MvLaneBox, lane);
    for (int i = 0; i < HOVERS; i++)
      {
        double x = lb->rect.x + lb->rect.width * i / (HOVERS - 1);
        double t0 = cpu_ms ();

        found += hover_once (scene, g, x, lb->rect.y + lb->rect.height / 2);
        hover[i] = cpu_ms () - t0;
      }
    m_hover = median (hover, HOVERS);
    printf ("hover over the 10^6-run page lane (the bar and the runs under the pointer): "
            "median %.3f ms, slowest %.3f ms of %d (%u found runs)\n",
            m_hover, hover[HOVERS - 1], HOVERS, found);
    mv_map_geometry_free (g);

    /* The Page map page: its table, painted (the rows it keeps), for
     * 10^3 and 10^6 runs. */
    for (int c = 2; c < SCALE_CASES; c += SCALE_CASES - 3)
      {
        g_autoptr(MvScene) table_scene = pages_scene (layout, recs[c]);
        double tt[SCALE_RUNS];

        for (int r = 0; r < SCALE_RUNS; r++)
          {
            double t0 = cpu_ms ();
            cairo_surface_t *image = mv_render_to_image (table_scene, &style, MV_VIEW_PAGES, 1920, 0, 1.0, NULL);

            g_assert_nonnull (image);
            cairo_surface_destroy (image);
            tt[r] = cpu_ms () - t0;
          }
        printf ("the Page map page's table of %u runs (%u rows kept, %u left out), painted whole: %.2f ms\n",
                sizes[c], table_scene->pages_table->rows->len, table_scene->pages_table->n_omitted,
                median (tt, SCALE_RUNS));
      }
    if (png != NULL)
      {
        g_autoptr(GError) error = NULL;

        if (!mv_render_to_file (scene, png, MV_VIEW_MAP, 1920, 1080, 1.0, MV_THEME_LIGHT, &error))
          g_printerr ("%s\n", error->message);
        else
          printf ("the 10^6-run map: %s\n", png);
      }
  }

  for (int c = 0; c < SCALE_CASES; c++)
    mv_recorder_free (recs[c]);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  Input small, huge, few, many;
  double t_small[RUNS], t_huge[RUNS], t_few[RUNS], t_many[RUNS];
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  double m_small, m_huge, m_few, m_many;

  /* "bench-render scale [PNG]": the scaling figures alone (and the
   * 10^6-run map in PNG). */
  if (argc > 1 && g_strcmp0 (argv[1], "scale") == 0)
    {
      scaling (argc > 2 ? argv[2] : NULL);
      cairo_surface_destroy (surface);
      return 0;
    }

  /* The same shape: RAM on both sides of the 4 GiB gap, so the same
   * lanes (three variable MTRRs, a compressed span) and about as many
   * labels and diagnostics; only the sizes differ. */
  input_init (&small, 8 * GiB, 10);
  /* 4 PiB of address space: RAM and both gaps end below 2^52. */
  input_init (&huge, 4 * PiB - 1 * GiB, 10);
  input_init (&few, 1 * GiB, 10);
  input_init (&many, 1 * GiB, 1000000);
  printf ("page map runs: %u after 10 calls, %u after 10^6 calls\n",
          few.recorder->page_map->len, many.recorder->page_map->len);

  /* Warm the font caches. */
  run_once (&small, surface);
  run_once (&huge, surface);

  for (int i = 0; i < RUNS; i++)
    {
      t_small[i] = run_once (&small, surface);
      t_huge[i] = run_once (&huge, surface);
      t_few[i] = run_once (&few, surface);
      t_many[i] = run_once (&many, surface);
    }
  m_small = median (t_small, RUNS);
  m_huge = median (t_huge, RUNS);
  m_few = median (t_few, RUNS);
  m_many = median (t_many, RUNS);

  printf ("scene build + render at 1920x1080: %.1f ms (8 GiB layout, median of %d)\n", m_small, RUNS);
  printf ("4 PiB layout: %.1f ms, ratio 4 PiB / 8 GiB = %.2f (target <= 1.2)\n",
          m_huge, m_huge / m_small);
  printf ("10^6 import calls: %.1f ms, 10 import calls: %.1f ms, ratio = %.2f (target <= 1.2)\n",
          m_many, m_few, m_many / m_few);

  cairo_surface_destroy (surface);
  scaling (NULL);
  input_clear (&small);
  input_clear (&huge);
  input_clear (&few);
  input_clear (&many);
  return 0;
}
