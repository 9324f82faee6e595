/* SPDX-License-Identifier: MIT */
/* GUI benchmarks under Xvfb: the time from an edit to the next painted
 * frame, for every preset (median and p99), and from launching memviz to
 * its first painted frame. */
#include "config.h"

#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "mv-editor.h"
#include "mv-map-page.h"
#include "mv-map-view.h"
#include "mv-presets.h"
#include "mv-renderer.h"
#include "mv-size-entry.h"
#include "mv-render.h"
#include "mv-session.h"
#include "mv-window.h"

#define EDITS_PER_PRESET 50
#define LAUNCHES 7
#define NEW_WINDOWS 10
#define FIRST_EDITS 10

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  guint i;

  g_array_sort (values, compare_doubles);
  i = (guint) ceil (p / 100.0 * values->len) - 1;
  return g_array_index (values, double, MIN (i, values->len - 1));
}

/* The CPU time this process has used, in ms: on a shared machine the
 * wall-clock figures follow the load; this one much less (Xvfb's share
 * of a frame is not in it). */
static double
process_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static gboolean
set_done (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
idle_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
after_paint (GdkFrameClock *clock,
             gint64        *when)
{
  *when = g_get_monotonic_time ();
}

static gint64 frame_started, layout_ended, paint_ended;

static void
before_paint (GdkFrameClock *clock,
              gpointer       data)
{
  frame_started = g_get_monotonic_time ();
}

/* Connected after GTK's own handlers: when the frame's layout (style,
 * size allocation) and its paint (snapshot, render) ended. */
static void
after_layout (GdkFrameClock *clock,
              gpointer       data)
{
  layout_ended = g_get_monotonic_time ();
}

static void
after_paint_phase (GdkFrameClock *clock,
                   gpointer       data)
{
  paint_ended = g_get_monotonic_time ();
}

/* Runs the loop until the map painted after @since (a frame that shows it). */
static gint64
wait_for_frame (MvMapView *map,
                guint64    paints_before,
                gint64    *painted_at)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  *painted_at = 0;
  while ((mv_map_view_get_paint_count (map) == paints_before || *painted_at == 0) &&
         g_get_monotonic_time () < deadline)
    {
      if (mv_map_view_get_paint_count (map) == paints_before)
        *painted_at = 0;
      g_main_context_iteration (NULL, TRUE);
    }
  return *painted_at;
}

static guint64 frames_painted;

static void
count_frame (GdkFrameClock *clock,
             gpointer       data)
{
  frames_painted++;
}

/* Runs the loop until the window has painted no frame for 300 ms: until
 * what the last change started (the window taking focus after it opens,
 * the note a loaded preset shows, fading in over 250 ms) has ended. A
 * user's next keystroke comes later than that; an edit made while GTK
 * animates waits for the animation's next 60 Hz frame, which measures the
 * animation rather than the edit. */
static void
settle (GdkFrameClock *clock)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame), NULL);

  for (;;)
    {
      guint64 before = frames_painted;

      idle_for (300);
      if (frames_painted == before || g_get_monotonic_time () > deadline)
        break;
    }
  g_signal_handler_disconnect (clock, id);
}

/* Between two edits: 40 ms by default (a fast typist's keystrokes, while
 * GTK may still be finishing the frames of the last one); MEMVIZ_BENCH_GAP_MS
 * sets another. MEMVIZ_BENCH_VERBOSE=1 prints every edit over 12 ms, split
 * into its parts. */
static guint
edit_gap_ms (void)
{
  const char *env = g_getenv ("MEMVIZ_BENCH_GAP_MS");
  guint64 ms = 40;

  if (env != NULL && !g_ascii_string_to_unsigned (env, 10, 1, 10000, &ms, NULL))
    g_error ("MEMVIZ_BENCH_GAP_MS: not a number of milliseconds from 1 to 10000: %s", env);
  return (guint) ms;
}

/* A window being measured, and the times of its edits. */
typedef struct
{
  MvWindow      *window;
  MvMapView     *map;
  GtkWidget     *ram;
  GtkWidget     *width;
  GdkFrameClock *clock;
  gint64         painted_at;
  guint          gap_ms;
  gboolean       verbose;
  GArray        *edit;   /* the edit itself: recompute, scene, editor */
  GArray        *frame;  /* the frame that showed it: layout, snapshot, render */
  GArray        *cpu;    /* the process's CPU time from the edit to the frame */
} Bench;

static void
bench_init (Bench *b)
{
  memset (b, 0, sizeof *b);
  b->gap_ms = edit_gap_ms ();
  b->verbose = g_getenv ("MEMVIZ_BENCH_VERBOSE") != NULL;
  b->edit = g_array_new (FALSE, FALSE, sizeof (double));
  b->frame = g_array_new (FALSE, FALSE, sizeof (double));
  b->cpu = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
bench_clear (Bench *b)
{
  g_clear_pointer (&b->edit, g_array_unref);
  g_clear_pointer (&b->frame, g_array_unref);
  g_clear_pointer (&b->cpu, g_array_unref);
}

static void
bench_open (Bench *b)
{
  MvEditor *editor;

  b->window = mv_window_new (NULL);
  b->map = MV_MAP_VIEW (mv_window_get_part (b->window, "map"));
  editor = MV_EDITOR (mv_window_get_part (b->window, "editor"));
  b->ram = mv_editor_get_field (editor, "ram");
  b->width = mv_editor_get_field (editor, "width");
  gtk_window_set_default_size (GTK_WINDOW (b->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (b->window));
  while (mv_map_view_get_paint_count (b->map) == 0)
    g_main_context_iteration (NULL, TRUE);
  b->clock = gtk_widget_get_frame_clock (GTK_WIDGET (b->window));
  settle (b->clock);
  g_signal_connect (b->clock, "after-paint", G_CALLBACK (after_paint), &b->painted_at);
  g_signal_connect (b->clock, "before-paint", G_CALLBACK (before_paint), NULL);
  g_signal_connect (b->clock, "layout", G_CALLBACK (after_layout), NULL);
  g_signal_connect (b->clock, "paint", G_CALLBACK (after_paint_phase), NULL);
}

static void
bench_close (Bench *b)
{
  g_signal_handlers_disconnect_by_func (b->clock, after_paint, &b->painted_at);
  g_signal_handlers_disconnect_by_func (b->clock, before_paint, NULL);
  g_signal_handlers_disconnect_by_func (b->clock, after_layout, NULL);
  g_signal_handlers_disconnect_by_func (b->clock, after_paint_phase, NULL);
  gtk_window_destroy (GTK_WINDOW (b->window));
  b->window = NULL;
}

/* Edit @i of a series, after a pause of gap_ms; appends the time from the
 * edit to the frame that showed it to @times and returns it. The edits
 * alternate the two a user makes most: the RAM size, a new one each time
 * as when typing (@base plus 1 GiB, 2 GiB and so on: new labels), and the
 * address width. */
static double
bench_edit (Bench      *b,
            const char *what,
            guint       i,
            guint64     base,
            GArray     *times)
{
  guint64 before;
  gint64 t0, t1;
  double ms, edit_ms, frame_ms, cpu0, cpu_ms;

  /* Let the frame clock go idle, as it is between a user's keystrokes;
   * right after a frame it would hold the next one back to the refresh
   * rate, whatever the work. */
  idle_for (b->gap_ms);
  before = mv_map_view_get_paint_count (b->map);
  t0 = g_get_monotonic_time ();
  cpu0 = process_cpu_ms ();
  layout_ended = paint_ended = 0;

  if (i % 2 == 0)
    {
      g_autofree char *text = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x",
                                               base + (guint64) (i / 2 + 1) * (1 << 30));

      gtk_editable_set_text (mv_size_entry_get_editable (MV_SIZE_ENTRY (b->ram)), text);
    }
  else
    {
      int w = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (b->width));

      gtk_spin_button_set_value (GTK_SPIN_BUTTON (b->width), w == 44 ? 45 : 44);
    }

  t1 = g_get_monotonic_time ();
  edit_ms = (t1 - t0) / 1000.0;
  wait_for_frame (b->map, before, &b->painted_at);
  cpu_ms = process_cpu_ms () - cpu0;
  ms = (b->painted_at - t0) / 1000.0;
  frame_ms = (b->painted_at - frame_started) / 1000.0;
  if (b->verbose && ms > 12.0)
    g_print ("    %s, edit %u: %.2f ms (edit %.2f, waiting for the frame %.2f, frame %.2f: "
             "update and layout %.2f, paint %.2f)\n", what, i, ms, edit_ms,
             (frame_started - t1) / 1000.0, frame_ms,
             layout_ended > frame_started ? (layout_ended - frame_started) / 1000.0 : 0.0,
             paint_ended > layout_ended ? (paint_ended - MAX (layout_ended, frame_started)) / 1000.0 : 0.0);
  g_array_append_val (times, ms);
  g_array_append_val (b->edit, edit_ms);
  g_array_append_val (b->frame, frame_ms);
  g_array_append_val (b->cpu, cpu_ms);
  return ms;
}

/* The loop runs until the window paints a frame that ends after @since. */
static gint64
wait_for_window_frame (Bench  *b,
                       gint64  since)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (b->painted_at <= since && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return b->painted_at;
}

#define MANY_RUNS 100000
#define MANY_HOVERS 101
#define MANY_FRAMES 21

/* Zooms in and out MANY_FRAMES times, appending the time from each to
 * the frame that showed it to @frames; then fits all again. */
static void
zoom_frames (Bench  *b,
             GArray *frames)
{
  for (guint i = 0; i < MANY_FRAMES; i++)
    {
      guint64 before = mv_map_view_get_paint_count (b->map);
      gint64 t0;
      double ms;

      idle_for (b->gap_ms);
      t0 = g_get_monotonic_time ();
      mv_map_view_zoom (b->map, i % 2 == 0 ? 1.5 : 1 / 1.5);
      wait_for_frame (b->map, before, &b->painted_at);
      ms = (b->painted_at - t0) / 1000.0;
      g_array_append_val (frames, ms);
    }
  mv_map_view_zoom_fit (b->map);
  settle (b->clock);
}

/* A document of 100,000 separate imports (a page each, a page apart; a
 * document holds at most 131,072): its page map is drawn per width. The
 * time from opening it to its first painted frame, a zoom's frame, a
 * hover (the pointer moved over the page lane: hit test, readout, and the
 * tooltip's text), and showing the Page map page (its table). */
static void
bench_many_runs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memviz-bench-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "runs.memviz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hovers = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) base_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(MvMapGeometry) g = NULL;
  GString *doc = g_string_new ("[memviz]\nversion=1\n[memory]\nram=8G\n");
  GtkEventController *motion = NULL;
  MvSession *session;
  MvRenderStyle style;
  const MvLaneBox *lane;
  GtkWidget *page;
  Bench b;
  gint64 t0;
  double cpu0, open_ms, open_cpu, show_ms;
  int lane_index;

  for (guint i = 0; i < MANY_RUNS; i++)
    g_string_append_printf (doc, "[import g%u]\nkind=gdt\npage=%u\n", i, 0x100 + 2 * i);
  g_assert_true (g_file_set_contents (path, doc->str, (gssize) doc->len, NULL));
  g_string_free (doc, TRUE);

  bench_init (&b);
  bench_open (&b);
  /* The same zooms on the new window's default layout, for the ratio
   * (the second series: a new window's first frames cost more). */
  zoom_frames (&b, base_frames);
  g_array_set_size (base_frames, 0);
  zoom_frames (&b, base_frames);
  session = mv_window_get_session (b.window);
  t0 = g_get_monotonic_time ();
  cpu0 = process_cpu_ms ();
  g_assert_true (mv_window_open_document (b.window, file) == b.window);
  while (mv_session_get_busy (session) || mv_map_view_get_scene (b.map) == NULL ||
         mv_scene_find_lane (mv_map_view_get_scene (b.map), MV_LANE_PAGES, 0) < 0)
    g_main_context_iteration (NULL, TRUE);
  wait_for_window_frame (&b, g_get_monotonic_time ());
  open_ms = (b.painted_at - t0) / 1000.0;
  open_cpu = process_cpu_ms () - cpu0;
  settle (b.clock);

  /* Zoom in and out: each a new geometry and a new picture. */
  zoom_frames (&b, frames);

  /* Hover across the page lane. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (b.map));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (G_OBJECT_TYPE (c) == GTK_TYPE_EVENT_CONTROLLER_MOTION)
        motion = GTK_EVENT_CONTROLLER (c);
    }
  g_assert_nonnull (motion);
  mv_map_view_fill_style (b.map, &style);
  g = mv_render_map_geometry (mv_map_view_get_scene (b.map), &style,
                              gtk_widget_get_width (GTK_WIDGET (b.map)),
                              gtk_widget_get_height (GTK_WIDGET (b.map)));
  lane_index = mv_scene_find_lane (mv_map_view_get_scene (b.map), MV_LANE_PAGES, 0);
  lane = &g_array_index (g->lanes, MvLaneBox, lane_index);
  page = gtk_widget_get_ancestor (GTK_WIDGET (b.map), MV_TYPE_MAP_PAGE);
  for (guint i = 0; i < MANY_HOVERS; i++)
    {
      double x = lane->rect.x + lane->rect.width * i / (MANY_HOVERS - 1);
      g_autofree char *tip = NULL;
      double ms;

      t0 = g_get_monotonic_time ();
      g_signal_emit_by_name (motion, "motion", x, lane->rect.y + lane->rect.height / 2);
      tip = mv_map_page_dup_tooltip (MV_MAP_PAGE (page));
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (hovers, ms);
    }
  g_signal_emit_by_name (motion, "leave");
  settle (b.clock);

  /* The Page map page: its table (the first 512 rows), painted. */
  t0 = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (GTK_STACK (mv_window_get_part (b.window, "stack")), "pages");
  wait_for_window_frame (&b, t0);
  show_ms = (b.painted_at - t0) / 1000.0;

  g_print ("a document of %u separate imports: open to first painted frame %.0f ms (CPU %.0f ms); "
           "zoom to painted frame median / p99 %.1f / %.1f ms (the default layout's %.1f / %.1f ms, "
           "ratio of medians %.2f); hover (hit test, readout, tooltip) "
           "median / slowest %.3f / %.3f ms; showing the Page map page %.0f ms\n",
           MANY_RUNS, open_ms, open_cpu, percentile (frames, 50), percentile (frames, 99),
           percentile (base_frames, 50), percentile (base_frames, 99),
           percentile (frames, 50) / percentile (base_frames, 50),
           percentile (hovers, 50), percentile (hovers, 100), show_ms);
  bench_close (&b);
  bench_clear (&b);
  g_unlink (path);
  g_rmdir (dir);
}

static void
bench_edits (void)
{
  g_autoptr(GPtrArray) presets = mv_presets_list ();
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  Bench b;

  bench_init (&b);
  bench_open (&b);
  g_print ("Edit to next painted frame (%d edits per preset: RAM size and address width, "
           "%u ms apart)\n", EDITS_PER_PRESET, b.gap_ms);
  g_print ("  %-28s %10s %10s %10s\n", "preset", "median ms", "p99 ms", "max ms");

  for (guint p = 0; p < presets->len; p++)
    {
      const MvPresetInfo *info = g_ptr_array_index (presets, p);
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GError) error = NULL;
      guint64 base;

      if (!mv_window_load_preset (b.window, info->name, &error))
        g_error ("%s", error->message);
      wait_for_frame (b.map, mv_map_view_get_paint_count (b.map), &b.painted_at);
      settle (b.clock);
      base = mv_size_entry_get_value (MV_SIZE_ENTRY (b.ram));

      for (guint i = 0; i < EDITS_PER_PRESET; i++)
        {
          double ms = bench_edit (&b, info->name, i, base, times);

          g_array_append_val (all, ms);
        }
      g_print ("  %-28s %10.2f %10.2f %10.2f\n", info->name, percentile (times, 50),
               percentile (times, 99), percentile (times, 100));
    }
  g_print ("  %-28s %10.2f %10.2f %10.2f\n", "all presets", percentile (all, 50),
           percentile (all, 99), percentile (all, 100));
  g_print ("  of which the edit (recompute, scene, editor): median %.2f ms, p99 %.2f ms\n",
           percentile (b.edit, 50), percentile (b.edit, 99));
  g_print ("  and the frame (layout, snapshot, render):     median %.2f ms, p99 %.2f ms\n",
           percentile (b.frame, 50), percentile (b.frame, 99));
  g_print ("  memviz's CPU time from edit to frame:          median %.2f ms, p99 %.2f ms\n",
           percentile (b.cpu, 50), percentile (b.cpu, 99));
  g_print ("  (the goal: edit to painted frame p99 < 12 ms)\n");
  bench_close (&b);
  bench_clear (&b);
}

/* The first edits in a new window: the first one also makes Undo
 * available and retitles the window, and its texts are all new. */
static void
bench_first_edits (void)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *cpu_at[FIRST_EDITS];
  Bench b;

  bench_init (&b);
  for (guint i = 0; i < FIRST_EDITS; i++)
    cpu_at[i] = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint w = 0; w < NEW_WINDOWS; w++)
    {
      guint64 base;

      bench_open (&b);
      base = mv_size_entry_get_value (MV_SIZE_ENTRY (b.ram));
      for (guint i = 0; i < FIRST_EDITS; i++)
        {
          bench_edit (&b, "new window", i, base, times);
          g_array_append_val (cpu_at[i], g_array_index (b.cpu, double, b.cpu->len - 1));
        }
      bench_close (&b);
    }
  if (b.verbose)
    for (guint i = 0; i < FIRST_EDITS; i++)
      g_print ("    edit %u of a new window: memviz's CPU time median %.2f ms, max %.2f ms\n",
               i, percentile (cpu_at[i], 50), percentile (cpu_at[i], 100));
  for (guint i = 0; i < FIRST_EDITS; i++)
    g_array_unref (cpu_at[i]);
  g_print ("First %d edits in a new window (%d windows, %u ms apart): median %.2f ms, "
           "p99 %.2f ms, max %.2f ms\n", FIRST_EDITS, NEW_WINDOWS, b.gap_ms,
           percentile (times, 50), percentile (times, 99), percentile (times, 100));
  g_print ("  memviz's CPU time from edit to frame: median %.2f ms, p99 %.2f ms "
           "(the goal: p99 < 16 ms)\n", percentile (b.cpu, 50), percentile (b.cpu, 99));
  bench_clear (&b);
}

static void
bench_launch (const char *memviz)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < LAUNCHES; i++)
    {
      const char *argv[] = { memviz, NULL };
      g_auto(GStrv) envp = g_get_environ ();
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0, frame = 0;
      int status = 0;
      const char *line;
      struct rusage r0, r1;
      double ms, cpu_ms;

      envp = g_environ_setenv (envp, "MEMVIZ_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
      getrusage (RUSAGE_CHILDREN, &r0);
      t0 = g_get_monotonic_time ();
      if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                         &out, NULL, &status, &error))
        g_error ("%s", error->message);
      getrusage (RUSAGE_CHILDREN, &r1);
      cpu_ms = (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec + r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) * 1000.0 +
               (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec + r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1000.0;
      g_array_append_val (cpu, cpu_ms);
      line = out ? strstr (out, "first-frame ") : NULL;
      if (line == NULL)
        g_error ("memviz printed no first-frame line");
      frame = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);
      ms = (frame - t0) / 1000.0;
      g_array_append_val (times, ms);
    }
  g_print ("Launch to first painted frame (%d launches): median %.0f ms, max %.0f ms\n",
           LAUNCHES, percentile (times, 50), percentile (times, 100));
  g_print ("  memviz's CPU time, from start to exit after that frame: median %.0f ms\n",
           percentile (cpu, 50));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *memviz = NULL;
  const char *renderer;

  /* The renderer memviz itself takes on this machine (or GSK_RENDERER's). */
  renderer = mv_renderer_pick ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-ui: no display; run it under xvfb-run\n");
      return 77;
    }
  g_print ("GSK renderer: %s (GDK_DEBUG=%s), as memviz picks it here\n", renderer,
           g_getenv ("GDK_DEBUG") ? g_getenv ("GDK_DEBUG") : "");
  if (argc > 1 && g_strcmp0 (argv[1], "runs") == 0)
    {
      /* "bench-ui runs": the page map of many runs alone. */
      bench_many_runs ();
      return 0;
    }
  /* MEMVIZ_BENCH_ONLY=first measures only a new window's first edits. */
  if (g_strcmp0 (g_getenv ("MEMVIZ_BENCH_ONLY"), "first") != 0)
    bench_edits ();
  bench_first_edits ();
  if (g_strcmp0 (g_getenv ("MEMVIZ_BENCH_ONLY"), "first") == 0)
    return 0;
  bench_many_runs ();

  memviz = argc > 1 ? g_strdup (argv[1])
                    : g_build_filename (g_getenv ("MEMVIZ_BUILDDIR") ? g_getenv ("MEMVIZ_BUILDDIR") : ".",
                                        "app", "memviz", NULL);
  bench_launch (memviz);
  return 0;
}
