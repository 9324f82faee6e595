/* SPDX-License-Identifier: MIT */
/* The map widget. Over 1,000 lines: painting, hit testing, the zoom
 * window (which keeps the pointed address under the pointer, a search on
 * every axis) and the input driving them share the view's state. */
#include "config.h"

#include "mv-map-view.h"
#include "mv-ui-style.h"

#define MIN_WINDOW ((guint64) 16 * 4096)

struct _MvMapView
{
  GtkWidget      parent_instance;

  MvScene       *scene;
  GskRenderNode *node;            /* the painted map, for redraws that only
                                   * move the hover line or the highlight */
  int            node_width;
  int            node_height;
  double         node_pixel_scale;  /* the hatching's tiles are made for it */
  MvMapGeometry *geometry;
  double         geometry_width;
  double         geometry_height;
  MvTheme        geometry_theme;
  gboolean       stale;

  /* Step mode: every step's scene, drawn on one scale (lesson_axis) at
   * the size, theme and window it was made for. */
  GPtrArray     *lesson;
  MvScale       *lesson_axis;
  double         axis_width;
  MvTheme        axis_theme;
  MvScaleKind    axis_kind;
  guint64        axis_start;
  guint64        axis_end;

  gboolean       has_highlight;
  guint64        highlight_start;
  guint64        highlight_end;

  gboolean       hovering;
  double         hover_x;
  double         hover_y;

  /* drag and pinch */
  gboolean       dragging;  /* a drag that pans a zoomed map */
  guint64        drag_start;
  guint64        drag_end;
  double         pinch_last;
  GdkModifierType key_state;  /* the keyboard's modifiers, as last told */

  guint64        paint_count;
  GdkRGBA        fg;
  gboolean       has_fg;
  GdkRGBA        bg;       /* the theme's window background */
  GdkRGBA        accent;   /* and its accent colour */

  /* The natural height for one width, until the scene or theme changes. */
  int            natural_for;
  int            min_height;     /* natural_height, or less for a fit_height scene */
  int            natural_height;
  MvTheme        natural_theme;
};

enum {
  HOVER,
  PIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvMapView, mv_map_view, GTK_TYPE_WIDGET)

static gboolean
widget_is_dark (GtkWidget *widget)
{
  GdkRGBA fg;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
G_GNUC_END_IGNORE_DEPRECATIONS
  return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

/**
 * mv_map_view_fill_style:
 * @style: (out caller-allocates): the style the view paints with: the
 *   renderer's light or dark theme after the widget's text colour, on a
 *   transparent background
 */
void
mv_map_view_fill_style (MvMapView     *self,
                        MvRenderStyle *style)
{
  _mv_ui_style_for_widget (GTK_WIDGET (self), style);
}

void
_mv_ui_style_for_widget (GtkWidget     *widget,
                             MvRenderStyle *style)
{
  GdkRGBA fg;

  mv_render_style_init (style, widget_is_dark (widget) ? MV_THEME_DARK : MV_THEME_LIGHT);
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
G_GNUC_END_IGNORE_DEPRECATIONS
  style->foreground = (MvColor) { fg.red, fg.green, fg.blue, fg.alpha };
  style->background.alpha = 0.0;
  style->pixel_scale = gtk_widget_get_scale_factor (widget);
}

/* The theme's window background. */
void
_mv_ui_lookup_bg (GtkWidget *widget,
                  GdkRGBA   *bg)
{
  GdkRGBA fg;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (gtk_style_context_lookup_color (context, "theme_bg_color", bg) ||
      gtk_style_context_lookup_color (context, "window_bg_color", bg))
    return;
  gtk_style_context_get_color (context, &fg);
G_GNUC_END_IGNORE_DEPRECATIONS
  *bg = (GdkRGBA) { 1.0 - fg.red, 1.0 - fg.green, 1.0 - fg.blue, 1.0 };
}

/*
 * A picture that shows the last layout that worked is faded by a veil of
 * the background over it, not by an opacity group: GTK's cairo renderer
 * draws a group of a large picture scrolled partly out of view into
 * cairo 1.16's static empty clip, and crashes.
 */
void
_mv_ui_snapshot_stale (GtkWidget   *widget,
                       GtkSnapshot *snapshot,
                       double       width,
                       double       height)
{
  GdkRGBA veil;

  _mv_ui_lookup_bg (widget, &veil);
  veil.alpha = 0.6;
  gtk_snapshot_append_color (snapshot, &veil, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
drop_geometry (MvMapView *self)
{
  g_clear_pointer (&self->geometry, mv_map_geometry_free);
  g_clear_pointer (&self->node, gsk_render_node_unref);
}

static void
drop_caches (MvMapView *self)
{
  drop_geometry (self);
  self->natural_for = -1;
}

/* The scale every step of the lesson is drawn on at @width and the shown
 * scene's window, as the lesson's slides share one
 * (mv_map_geometry_shared_scale()): stepping moves no bar. Each step is
 * laid out at its natural height, the height it gets, so that the scale
 * does not change with the view's height as the steps change it. NULL
 * without a lesson. */
static const MvScale *
ensure_lesson_axis (MvMapView           *self,
                    const MvRenderStyle *style,
                    double               width)
{
  g_autoptr(GPtrArray) geometries = NULL;
  guint64 start, end;

  if (self->lesson == NULL || self->lesson->len == 0)
    return NULL;
  mv_scene_get_extent (self->scene, &start, &end);
  if (self->lesson_axis != NULL && self->axis_width == width &&
      self->axis_theme == style->theme && self->axis_kind == self->scene->scale &&
      self->axis_start == start && self->axis_end == end)
    return self->lesson_axis;

  g_clear_pointer (&self->lesson_axis, mv_scale_free);
  geometries = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_map_geometry_free);
  for (guint i = 0; i < self->lesson->len; i++)
    {
      MvScene *step = g_ptr_array_index (self->lesson, i);

      mv_scene_set_scale (step, self->scene->scale);
      mv_scene_set_window (step, self->scene->has_window ? start : 0, self->scene->has_window ? end : 0, NULL);
      g_ptr_array_add (geometries, mv_render_map_geometry (step, style, width, 0.0));
    }
  self->lesson_axis = mv_map_geometry_shared_scale ((const MvScene *const *) self->lesson->pdata,
                                                    (const MvMapGeometry *const *) geometries->pdata,
                                                    self->lesson->len);
  self->axis_width = width;
  self->axis_theme = style->theme;
  self->axis_kind = self->scene->scale;
  self->axis_start = start;
  self->axis_end = end;
  return self->lesson_axis;
}

/* The shown scene's geometry at @width x @height (0: its natural
 * height), in step mode on the lesson's scale. */
static MvMapGeometry *
build_geometry (MvMapView           *self,
                const MvRenderStyle *style,
                double               width,
                double               height)
{
  const MvScale *axis = ensure_lesson_axis (self, style, width);
  MvMapGeometry *g;

  if (axis != NULL)
    self->scene->axis = mv_scale_copy (axis);
  g = mv_render_map_geometry (self->scene, style, width, height);
  if (axis != NULL)
    g_clear_pointer (&self->scene->axis, mv_scale_free);
  return g;
}

static const MvMapGeometry *
ensure_geometry (MvMapView *self,
                 double     width,
                 double     height)
{
  MvRenderStyle style;

  if (self->scene == NULL)
    return NULL;

  mv_map_view_fill_style (self, &style);
  if (self->geometry != NULL &&
      self->geometry_width == width && self->geometry_height == height &&
      self->geometry_theme == style.theme)
    return self->geometry;

  drop_geometry (self);
  self->geometry = build_geometry (self, &style, width, height);
  self->geometry_width = width;
  self->geometry_height = height;
  self->geometry_theme = style.theme;
  return self->geometry;
}

static void
mv_map_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  MvMapView *self = MV_MAP_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  const MvMapGeometry *geometry;
  MvRenderStyle style;
  cairo_t *cr;

  self->paint_count++;
  if (self->scene == NULL || width <= 0 || height <= 0)
    return;

  mv_map_view_fill_style (self, &style);

  if (self->node == NULL || self->node_width != (int) width || self->node_height != (int) height ||
      self->node_pixel_scale != style.pixel_scale)
    {
      GtkSnapshot *painter = gtk_snapshot_new ();

      /* The geometry kept for hit testing is the one painted. */
      geometry = ensure_geometry (self, width, height);
      cr = gtk_snapshot_append_cairo (painter, &GRAPHENE_RECT_INIT (0, 0, width, height));
      mv_render_map_with_geometry (cr, self->scene, &style, geometry);
      cairo_destroy (cr);
      g_clear_pointer (&self->node, gsk_render_node_unref);
      self->node = gtk_snapshot_free_to_node (painter);
      self->node_width = (int) width;
      self->node_height = (int) height;
      self->node_pixel_scale = style.pixel_scale;
    }

  if (self->node != NULL)
    gtk_snapshot_append_node (snapshot, self->node);
  if (self->stale)
    _mv_ui_snapshot_stale (widget, snapshot, width, height);

  if (!self->has_highlight && !self->hovering)
    return;
  geometry = ensure_geometry (self, width, height);
  if (geometry == NULL || geometry->scale == NULL || geometry->empty)
    return;

  /* The highlighted range (a diagnostic's): the rest of the plot fades
   * towards the background, and an accent bracket above and below marks
   * the range; no colour is laid over the range's own bars. */
  if (self->has_highlight)
    {
      const graphene_rect_t *plot = &GRAPHENE_RECT_INIT (geometry->plot.x, geometry->plot.y,
                                                         geometry->plot.width, geometry->plot.height);
      double x0 = mv_scale_to_x (geometry->scale, MAX (self->highlight_start, mv_scale_get_start (geometry->scale)));
      double x1 = mv_scale_to_x (geometry->scale, MIN (self->highlight_end, mv_scale_get_end (geometry->scale)));
      GdkRGBA veil = self->bg, accent = self->accent;

      if (x1 - x0 < 6)
        {
          /* A range too narrow to see (a pinned address's page) is a line
           * of the accent colour: fading the rest would fade nearly all. */
          double mid = (x0 + x1) / 2;

          gtk_snapshot_append_color (snapshot, &accent,
                                     &GRAPHENE_RECT_INIT (mid - 1, plot->origin.y - 4, 2,
                                                          plot->size.height + 8));
        }
      else
        {
          veil.alpha = 0.62;
          gtk_snapshot_append_color (snapshot, &veil,
                                     &GRAPHENE_RECT_INIT (plot->origin.x, plot->origin.y,
                                                          MAX (0, x0 - plot->origin.x), plot->size.height));
          gtk_snapshot_append_color (snapshot, &veil,
                                     &GRAPHENE_RECT_INIT (x1, plot->origin.y,
                                                          MAX (0, plot->origin.x + plot->size.width - x1),
                                                          plot->size.height));
          gtk_snapshot_append_color (snapshot, &accent,
                                     &GRAPHENE_RECT_INIT (x0, plot->origin.y - 4, x1 - x0, 3));
          gtk_snapshot_append_color (snapshot, &accent,
                                     &GRAPHENE_RECT_INIT (x0, plot->origin.y + plot->size.height + 1,
                                                          x1 - x0, 3));
        }
    }

  if (self->hovering && self->hover_x >= geometry->plot.x &&
      self->hover_x <= geometry->plot.x + geometry->plot.width)
    {
      GdkRGBA line = { style.foreground.red, style.foreground.green, style.foreground.blue, 0.55 };

      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (self->hover_x, geometry->plot.y, 1, geometry->plot.height));
    }
}

static void
mv_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  MvMapView *self = MV_MAP_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 360;
      *natural = 960;
      return;
    }

  *minimum = 240;
  *natural = 480;
  if (self->scene != NULL)
    {
      MvRenderStyle style;
      int w = for_size > 0 ? for_size : 960;

      mv_map_view_fill_style (self, &style);
      if (self->natural_for != w || self->natural_theme != style.theme)
        {
          g_autoptr(MvMapGeometry) g = build_geometry (self, &style, w, 0.0);

          self->natural_for = w;
          self->natural_theme = style.theme;
          self->natural_height = MAX (240, (int) ceil (g->natural_height));
          /* A scene that may be shorter fills the height there is first. */
          self->min_height = self->scene->fit_height ? MAX (240, (int) ceil (g->min_height))
                                                     : self->natural_height;
        }
      *minimum = self->min_height;
      *natural = self->natural_height;
    }
}

static void
mv_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  drop_geometry (MV_MAP_VIEW (widget));
}


static void
mv_map_view_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  MvMapView *self = MV_MAP_VIEW (widget);
  GdkRGBA fg;

  GTK_WIDGET_CLASS (mv_map_view_parent_class)->css_changed (widget, change);

  /* Focus and hover change the CSS state too; only a new text colour (a
   * theme switch) changes the picture. */
  _mv_ui_lookup_bg (widget, &self->bg);
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    GtkStyleContext *context = gtk_widget_get_style_context (widget);

    gtk_style_context_get_color (context, &fg);
    if (!gtk_style_context_lookup_color (context, "accent_color", &self->accent) &&
        !gtk_style_context_lookup_color (context, "theme_selected_bg_color", &self->accent))
      self->accent = (GdkRGBA) { 0.21, 0.52, 0.89, 1.0 };
  }
G_GNUC_END_IGNORE_DEPRECATIONS
  if (self->has_fg && gdk_rgba_equal (&fg, &self->fg))
    return;
  self->fg = fg;
  self->has_fg = TRUE;
  drop_caches (self);
  gtk_widget_queue_resize (widget);
}

static gboolean hit (MvMapView *self, double x, double y, guint64 *addr, int *lane, int *item);

/* --- the zoom window ---------------------------------------------------- */

static void
full_extent (MvMapView *self,
             guint64   *start,
             guint64   *end)
{
  gboolean had = self->scene->has_window;

  self->scene->has_window = FALSE;
  mv_scene_get_extent (self->scene, start, end);
  self->scene->has_window = had;
}

/* Sets the scene's window to `[start, end)` in whole pages, inside the
 * full extent and no narrower than MIN_WINDOW; FALSE if the scene has
 * none or refused it. Nothing is redrawn. */
static gboolean
set_scene_window (MvMapView *self,
                  guint64    start,
                  guint64    end)
{
  guint64 full_start, full_end;

  if (self->scene == NULL)
    return FALSE;

  full_extent (self, &full_start, &full_end);
  start &= ~(guint64) 0xfff;
  if (end != G_MAXUINT64)
    end = (end + 0xfff) & ~(guint64) 0xfff;
  start = MAX (start, full_start);
  end = MIN (end, full_end);
  if (end <= start || end - start < MIN_WINDOW)
    {
      guint64 mid = start / 2 + end / 2;

      start = mid > MIN_WINDOW / 2 ? mid - MIN_WINDOW / 2 : 0;
      start &= ~(guint64) 0xfff;
      end = start + MIN_WINDOW;
      if (end > full_end)
        {
          end = full_end;
          start = end > MIN_WINDOW ? end - MIN_WINDOW : 0;
        }
    }

  if (start <= full_start && end >= full_end)
    self->scene->has_window = FALSE;
  else if (!mv_scene_set_window (self->scene, start, end, NULL))
    return FALSE;
  return TRUE;
}

static void
window_changed (MvMapView *self)
{
  drop_caches (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
apply_window (MvMapView *self,
              guint64    start,
              guint64    end)
{
  if (set_scene_window (self, start, end))
    window_changed (self);
}

gboolean
mv_map_view_get_window (MvMapView *self,
                        guint64   *start,
                        guint64   *end)
{
  g_return_val_if_fail (MV_IS_MAP_VIEW (self), FALSE);

  if (self->scene == NULL)
    return FALSE;
  mv_scene_get_extent (self->scene, start, end);
  return self->scene->has_window;
}

void
mv_map_view_set_window (MvMapView *self,
                        guint64    start,
                        guint64    end)
{
  g_return_if_fail (MV_IS_MAP_VIEW (self));
  apply_window (self, start, end);
}

/* How a window is moved to bring an address back under the pointer: as
 * a whole (its length kept, cut where it would leave the full extent), or
 * by its end, or by its start; along each, the window's start or end is
 * the parameter, and a larger one moves the address left. */
typedef enum
{
  MOVE_WHOLE,
  MOVE_END,
  MOVE_START,
} WindowMove;

typedef struct
{
  guint64    addr;       /* kept at x */
  double     x;
  WindowMove move;
  guint64    start;      /* the window the move starts from */
  guint64    end;
} Steer;

/* Sets the window @p gives along @s's move; returns where the address
 * lands minus where it should. */
static double
steer_to (MvMapView   *self,
          const Steer *s,
          guint64      p)
{
  const MvMapGeometry *g;
  guint64 full_start, full_end, len = s->end - s->start, start, end;

  full_extent (self, &full_start, &full_end);
  switch (s->move)
    {
    case MOVE_WHOLE:
      start = MAX (p, full_start);
      end = MIN (p > G_MAXUINT64 - len ? G_MAXUINT64 : p + len, full_end);
      break;
    case MOVE_END:
      start = s->start;
      end = p;
      break;
    case MOVE_START:
    default:
      start = p;
      end = s->end;
      break;
    }
  set_scene_window (self, start, end);
  drop_geometry (self);
  g = ensure_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)));
  if (g == NULL || g->scale == NULL || g->empty)
    return 0.0;
  return mv_scale_to_x (g->scale, s->addr) - s->x;
}

/* Moves the window along @s's move until the address is within half a
 * pixel of x (or as near as a page's step gets it); returns the error
 * left. The error falls as the parameter grows, but not smoothly: on the
 * focus axis it jumps where a range's end enters or leaves the window.
 * So: a bracket, and in it secant steps (the first one, for a whole move,
 * by how far the address at x now is from the one wanted), bisection
 * when a step would leave it. */
static double
steer (MvMapView *self,
       Steer     *s)
{
  guint64 full_start, full_end, len = s->end - s->start;
  guint64 lo, hi, p, best, p_prev = 0;
  double err, best_err, err_prev = 0;
  gboolean has_prev = FALSE;

  full_extent (self, &full_start, &full_end);
  switch (s->move)
    {
    case MOVE_WHOLE:
      lo = s->addr > len ? s->addr - len : 0;
      hi = s->addr;
      p = s->start;
      break;
    case MOVE_END:
      lo = s->addr + 0x1000;
      hi = full_end;
      p = s->end;
      break;
    case MOVE_START:
    default:
      lo = full_start;
      hi = s->addr;
      p = s->start;
      break;
    }
  lo &= ~(guint64) 0xfff;
  hi &= ~(guint64) 0xfff;
  best = p;
  best_err = err = steer_to (self, s, p);
  for (int i = 0; i < 24 && fabs (err) > 0.5; i++)
    {
      const MvMapGeometry *g = self->geometry;
      guint64 next = p;

      if (err > 0)
        lo = MAX (lo, p);
      else
        hi = MIN (hi, p);
      if (hi < lo || hi - lo <= 0x1000)
        break;
      if (has_prev && err != err_prev)
        next = (guint64) ((double) p - err * ((double) p - (double) p_prev) / (err - err_prev));
      else if (s->move == MOVE_WHOLE && g != NULL && g->scale != NULL)
        {
          guint64 there = mv_scale_to_addr (g->scale, s->x);

          next = there > s->addr ? p - MIN (p, there - s->addr) : p + (s->addr - there);
        }
      next &= ~(guint64) 0xfff;
      if (next <= lo || next >= hi || next == p)
        next = (lo / 2 + hi / 2) & ~(guint64) 0xfff;
      if (next == p)
        break;
      p_prev = p;
      err_prev = err;
      has_prev = TRUE;
      p = next;
      err = steer_to (self, s, p);
      if (fabs (err) < fabs (best_err))
        {
          best = p;
          best_err = err;
        }
    }
  if (best != p)
    steer_to (self, s, best);
  return best_err;
}

/* Brings @addr back to @x after the window changed: the axis's shape
 * depends on the window (the focus scale gives every range in it room,
 * the log scale is log2 from its start), so a window chosen by the old
 * axis's x positions or addresses puts @addr elsewhere. The window moves
 * as a whole first; where the focus axis jumps, by its end, then by its
 * start, which zooms a little more or less than asked. */
static void
keep_address_at (MvMapView *self,
                 guint64    addr,
                 double     x)
{
  static const WindowMove moves[] = { MOVE_WHOLE, MOVE_END, MOVE_START };

  for (guint i = 0; i < G_N_ELEMENTS (moves) && self->scene->has_window; i++)
    {
      Steer s = { addr, x, moves[i], 0, 0 };

      mv_scene_get_extent (self->scene, &s.start, &s.end);
      if (fabs (steer (self, &s)) <= 0.5)
        return;
    }
}

/* Where @ref is from @x with the window of @len around @addr (split as
 * @left says, then moved to keep @addr at @x). */
static double
reach_for (MvMapView *self,
           guint64    addr,
           double     x,
           double     left,
           guint64    len,
           guint64    ref)
{
  guint64 below = (guint64) (left * (double) len);

  set_scene_window (self, addr > below ? addr - below : 0,
                    addr - MIN (addr, below) + len);
  keep_address_at (self, addr, x);
  if (self->geometry == NULL || self->geometry->scale == NULL)
    return 0.0;
  return fabs (x - mv_scale_to_x (self->geometry->scale, ref));
}

/*
 * Zooms the window chosen for @factor so that what was near @x on @old
 * is @factor times as far from it now, @addr staying at @x: on the focus
 * axis, which gives each range in the window a minimum width, a window
 * shorter by @factor can show the range under the pointer no wider.
 * The yardstick is the pointer's piece of the axis up to its end on the
 * roomier side, no longer than fits after the zoom; its length on screen
 * falls as the window grows, which a secant search in log (length)
 * brackets.
 */
static void
magnify_at (MvMapView     *self,
            const MvScale *old,
            guint64        addr,
            double         x,
            double         factor)
{
  double x0 = mv_scale_get_x0 (old), x1 = mv_scale_get_x1 (old);
  gboolean leftward = x - x0 >= x1 - x;
  double room = leftward ? x - x0 : x1 - x, d = room, want, got, best_got;
  guint64 ref, start, end, full_start, full_end, best_len;
  double lo, hi, l, l_prev = 0, got_prev = 0;
  gboolean has_prev = FALSE;

  for (guint i = 0; i < mv_scale_get_n_segments (old); i++)
    {
      const MvScaleSegment *seg = mv_scale_get_segment (old, i);

      if (addr >= seg->start && addr < seg->end)
        d = leftward ? x - seg->x0 : seg->x1 - x;
    }
  d = MIN (d, 0.9 * room / MAX (factor, 1.0));
  keep_address_at (self, addr, x);
  if (d < 2.0 || self->geometry == NULL || self->geometry->scale == NULL)
    return;
  ref = mv_scale_to_addr (old, leftward ? x - d : x + d);
  d = fabs (x - mv_scale_to_x (old, ref));
  want = d * factor;

  full_extent (self, &full_start, &full_end);
  mv_scene_get_extent (self->scene, &start, &end);
  best_len = end - start;
  best_got = got = fabs (x - mv_scale_to_x (self->geometry->scale, ref));
  lo = log2 ((double) MIN_WINDOW);
  hi = log2 ((double) (full_end - full_start));
  l = log2 ((double) (end - start));
  for (int i = 0; i < 12 && fabs (got - want) > 0.5; i++)
    {
      double next;

      if (got > want)
        lo = MAX (lo, l);   /* too close: a longer window */
      else
        hi = MIN (hi, l);
      if (hi - lo < 1e-4)
        break;
      next = has_prev && got != got_prev ? l - (got - want) * (l - l_prev) / (got - got_prev)
                                         : l + log2 (got / want);
      if (!(next > lo && next < hi))
        next = (lo + hi) / 2;
      l_prev = l;
      got_prev = got;
      has_prev = TRUE;
      l = next;
      got = reach_for (self, addr, x, (x - x0) / (x1 - x0), (guint64) exp2 (l), ref);
      if (fabs (got - want) < fabs (best_got - want))
        {
          mv_scene_get_extent (self->scene, &start, &end);
          best_len = end - start;
          best_got = got;
        }
    }
  mv_scene_get_extent (self->scene, &start, &end);
  if (end - start != best_len)
    reach_for (self, addr, x, (x - x0) / (x1 - x0), best_len, ref);
}

/* Zooms by @factor (above 1: in) around @x: the address there stays there. */
static void
zoom_at (MvMapView *self,
         double     factor,
         double     x)
{
  const MvMapGeometry *g;
  double x0, x1, nx0, nx1;
  g_autoptr(MvScale) old = NULL;
  guint64 at;

  if (self->scene == NULL)
    return;
  g = ensure_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)));
  if (g == NULL || g->scale == NULL || g->empty)
    return;

  x0 = mv_scale_get_x0 (g->scale);
  x1 = mv_scale_get_x1 (g->scale);
  x = CLAMP (x, x0, x1);
  at = mv_scale_to_addr (g->scale, x);
  old = mv_scale_copy (g->scale);

  if (factor >= 1.0)
    {
      nx0 = x - (x - x0) / factor;
      nx1 = x + (x1 - x) / factor;
      if (!set_scene_window (self, mv_scale_to_addr (g->scale, nx0), mv_scale_to_addr (g->scale, nx1)))
        return;
    }
  else
    {
      /* Zooming out: grow the window in address space around the point. */
      guint64 start = mv_scale_get_start (g->scale);
      guint64 end = mv_scale_get_end (g->scale);
      double grow = 1.0 / factor;
      double left = (double) (at - start) * grow;
      double right = (double) (end - at) * grow;
      guint64 nstart = left >= (double) at ? 0 : at - (guint64) left;
      guint64 nend = right >= (double) (G_MAXUINT64 - at) ? G_MAXUINT64 : at + (guint64) right;

      if (!set_scene_window (self, nstart, nend))
        return;
    }
  if (self->scene->has_window)
    magnify_at (self, old, at, x, factor);
  window_changed (self);

  /* The readout follows: the pointer is over the same address. */
  if (self->hovering)
    {
      guint64 addr = 0;
      int lane, item;
      gboolean inside = hit (self, self->hover_x, self->hover_y, &addr, &lane, &item);

      g_signal_emit (self, signals[HOVER], 0, inside, addr, lane, item);
    }
}

void
mv_map_view_zoom (MvMapView *self,
                  double     factor)
{
  g_return_if_fail (MV_IS_MAP_VIEW (self));
  g_return_if_fail (factor > 0);

  if (self->hovering)
    zoom_at (self, factor, self->hover_x);
  else
    zoom_at (self, factor, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0);
}

void
mv_map_view_zoom_fit (MvMapView *self)
{
  g_return_if_fail (MV_IS_MAP_VIEW (self));

  if (self->scene == NULL || !self->scene->has_window)
    return;
  self->scene->has_window = FALSE;
  drop_caches (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * mv_map_view_pan:
 * @fraction: how far, in widths of the window (negative: to lower
 *   addresses)
 */
void
mv_map_view_pan (MvMapView *self,
                 double     fraction)
{
  guint64 start, end, len, shift, full_start, full_end;

  g_return_if_fail (MV_IS_MAP_VIEW (self));

  if (self->scene == NULL || !self->scene->has_window)
    return;

  mv_scene_get_extent (self->scene, &start, &end);
  full_extent (self, &full_start, &full_end);
  len = end - start;
  shift = (guint64) (fabs (fraction) * (double) len);
  if (fraction < 0)
    {
      shift = MIN (shift, start - full_start);
      apply_window (self, start - shift, end - shift);
    }
  else
    {
      shift = MIN (shift, full_end - end);
      apply_window (self, start + shift, end + shift);
    }
}

/* --- input ------------------------------------------------------------- */

static gboolean
hit (MvMapView *self,
     double     x,
     double     y,
     guint64   *addr,
     int       *lane,
     int       *item)
{
  const MvMapGeometry *g = ensure_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                            gtk_widget_get_height (GTK_WIDGET (self)));
  const MvItemBox *box;

  *lane = -1;
  *item = -1;
  if (g == NULL || g->scale == NULL || g->empty)
    return FALSE;
  if (x < mv_scale_get_x0 (g->scale) || x > mv_scale_get_x1 (g->scale))
    return FALSE;

  *addr = mv_scale_to_addr (g->scale, x);
  box = mv_map_geometry_box_at (g, x, y);
  if (box != NULL)
    {
      *lane = (int) box->lane;
      /* A bar made from the lane's runs is no item of the lane. */
      *item = box->span ? -1 : (int) box->item;
      return TRUE;
    }
  for (guint i = 0; i < g->lanes->len; i++)
    {
      const MvLaneBox *lb = &g_array_index (g->lanes, MvLaneBox, i);

      if (y >= lb->rect.y && y <= lb->rect.y + lb->rect.height)
        {
          *lane = (int) lb->lane;
          break;
        }
    }
  return TRUE;
}

static void
motion (GtkEventControllerMotion *controller,
        double                    x,
        double                    y,
        MvMapView                *self)
{
  guint64 addr = 0;
  int lane, item;
  gboolean inside;

  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  inside = hit (self, x, y, &addr, &lane, &item);
  g_signal_emit (self, signals[HOVER], 0, inside, addr, lane, item);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave (GtkEventControllerMotion *controller,
       MvMapView                *self)
{
  self->hovering = FALSE;
  g_signal_emit (self, signals[HOVER], 0, FALSE, (guint64) 0, -1, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scroll (GtkEventControllerScroll *controller,
        double                    dx,
        double                    dy,
        MvMapView                *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  /* The modifiers of the scroll event being handled; a scroll with no
   * event (the signal emitted by a test) has the keyboard's last ones. */
  GdkModifierType state = event != NULL ? gdk_event_get_modifier_state (event) : self->key_state;

  if (state & GDK_CONTROL_MASK)
    {
      zoom_at (self, dy < 0 ? 1.25 : 0.8, self->hovering ? self->hover_x
                                                       : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK)
    {
      dx = dy;
      dy = 0;
    }
  if (dx != 0 && self->scene != NULL && self->scene->has_window)
    {
      mv_map_view_pan (self, dx * 0.1);
      return TRUE;
    }
  return FALSE;  /* vertical scrolling scrolls the page */
}

static void
drag_begin (GtkGestureDrag *gesture,
            double          x,
            double          y,
            MvMapView      *self)
{
  self->dragging = self->scene != NULL && self->scene->has_window;
  if (!self->dragging)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  mv_scene_get_extent (self->scene, &self->drag_start, &self->drag_end);
}

static void
drag_update (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             MvMapView      *self)
{
  const MvMapGeometry *g = ensure_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                            gtk_widget_get_height (GTK_WIDGET (self)));
  double plot_width, fraction;
  guint64 len, shift, full_start, full_end;

  /* The geometry is made anew: a drag without pointer motion in between
   * (a touch) finds the last step's dropped. */
  if (!self->dragging || self->scene == NULL || g == NULL || g->scale == NULL)
    return;
  if (fabs (dx) < 3)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  plot_width = mv_scale_get_x1 (g->scale) - mv_scale_get_x0 (g->scale);
  if (plot_width <= 0)
    return;
  fraction = -dx / plot_width;
  len = self->drag_end - self->drag_start;
  full_extent (self, &full_start, &full_end);
  shift = (guint64) (fabs (fraction) * (double) len);
  if (fraction < 0)
    {
      shift = MIN (shift, self->drag_start - full_start);
      apply_window (self, self->drag_start - shift, self->drag_end - shift);
    }
  else
    {
      shift = MIN (shift, full_end - self->drag_end);
      apply_window (self, self->drag_start + shift, self->drag_end + shift);
    }
}

static void
zoom_scale_changed (GtkGestureZoom *gesture,
                    double          scale,
                    MvMapView      *self)
{
  double factor;
  double cx, cy;

  if (self->pinch_last <= 0)
    self->pinch_last = 1.0;
  factor = scale / self->pinch_last;
  self->pinch_last = scale;
  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  if (factor > 0 && fabs (factor - 1.0) > 0.001)
    zoom_at (self, factor, cx);
}

static void
zoom_begin (GtkGesture       *gesture,
            GdkEventSequence *sequence,
            MvMapView        *self)
{
  self->pinch_last = 1.0;
}

/* The bar at (@x, @y) when the geometry made it from a lane's runs. */
static const MvSpan *
span_at (MvMapView *self,
         double     x,
         double     y)
{
  const MvMapGeometry *g = self->geometry;
  const MvItemBox *box = g != NULL ? mv_map_geometry_box_at (g, x, y) : NULL;

  return box != NULL ? mv_map_geometry_span (g, box) : NULL;
}

static void
pressed (GtkGestureClick *gesture,
         int              n_press,
         double           x,
         double           y,
         MvMapView       *self)
{
  guint64 addr = 0;
  int lane, item;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!hit (self, x, y, &addr, &lane, &item))
    return;

  if (n_press == 2 && lane >= 0 && (guint) lane < self->scene->lanes->len &&
      (item >= 0 || span_at (self, x, y) != NULL))
    {
      const MvSceneLane *l = g_ptr_array_index (self->scene->lanes, lane);
      const MvSceneItem *it = item >= 0 ? &g_array_index (l->items, MvSceneItem, item)
                                        : &span_at (self, x, y)->item;
      guint64 len = it->end - it->start;
      guint64 margin = len / 8;

      apply_window (self, it->start > margin ? it->start - margin : 0,
                    it->end < G_MAXUINT64 - margin ? it->end + margin : G_MAXUINT64);
      /* A double click zooms; the explanation its first click pinned goes. */
      gtk_widget_activate_action (GTK_WIDGET (self), "win.unpin", NULL);
      return;
    }
  if (n_press == 1)
    g_signal_emit (self, signals[PIN], 0, addr);
}

static gboolean
key_modifiers (GtkEventControllerKey *controller,
               GdkModifierType        state,
               MvMapView             *self)
{
  self->key_state = state;
  return FALSE;
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             MvMapView             *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      mv_map_view_zoom (self, 1.5);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      mv_map_view_zoom (self, 1 / 1.5);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_Home:
      mv_map_view_zoom_fit (self);
      return TRUE;
    case GDK_KEY_Left:
      mv_map_view_pan (self, -0.2);
      return TRUE;
    case GDK_KEY_Right:
      mv_map_view_pan (self, 0.2);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      {
        const MvMapGeometry *g = ensure_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                                  gtk_widget_get_height (GTK_WIDGET (self)));
        double x;

        if (g == NULL || g->scale == NULL || g->empty)
          return FALSE;
        x = self->hovering ? self->hover_x
                           : (mv_scale_get_x0 (g->scale) + mv_scale_get_x1 (g->scale)) / 2;
        g_signal_emit (self, signals[PIN], 0, mv_scale_to_addr (g->scale, x));
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* --- GObject ------------------------------------------------------------ */

static void
mv_map_view_finalize (GObject *object)
{
  MvMapView *self = MV_MAP_VIEW (object);

  drop_caches (self);
  g_clear_pointer (&self->scene, mv_scene_free);
  g_clear_pointer (&self->lesson, g_ptr_array_unref);
  g_clear_pointer (&self->lesson_axis, mv_scale_free);

  G_OBJECT_CLASS (mv_map_view_parent_class)->finalize (object);
}

static void
mv_map_view_class_init (MvMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mv_map_view_finalize;
  widget_class->snapshot = mv_map_view_snapshot;
  widget_class->measure = mv_map_view_measure;
  widget_class->size_allocate = mv_map_view_size_allocate;
  widget_class->css_changed = mv_map_view_css_changed;

  /**
   * MvMapView::hover:
   * @inside: the pointer is over the plot
   * @address: the address under the pointer
   * @lane: the lane under the pointer, or -1
   * @item: the bar under the pointer, or -1
   */
  signals[HOVER] =
    g_signal_new ("hover", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_BOOLEAN, G_TYPE_UINT64, G_TYPE_INT, G_TYPE_INT);
  /**
   * MvMapView::pin:
   * @address: the address clicked (or under the keyboard cursor)
   */
  signals[PIN] =
    g_signal_new ("pin", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);

  gtk_widget_class_set_css_name (widget_class, "mvmapview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mv_map_view_init (MvMapView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->natural_for = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Memory map",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  "The guest address space: the layout, each variable MTRR "
                                  "and the effective memory type in lanes. Plus and minus zoom, "
                                  "Left and Right pan, 0 fits all, Enter explains the address "
                                  "in the middle.",
                                  -1);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed), self);
  g_signal_connect (controller, "modifiers", G_CALLBACK (key_modifiers), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
mv_map_view_new (void)
{
  return g_object_new (MV_TYPE_MAP_VIEW, NULL);
}

/**
 * mv_map_view_set_scene:
 * @scene: (transfer full) (nullable): the scene to show
 *
 * Shows @scene, keeping the zoom window and the scale of the old one
 * when the new one has none.
 */
void
mv_map_view_set_scene (MvMapView *self,
                       MvScene   *scene)
{
  g_return_if_fail (MV_IS_MAP_VIEW (self));

  if (scene != NULL && self->scene != NULL)
    {
      mv_scene_set_scale (scene, self->scene->scale);
      if (self->scene->has_window && !scene->has_window)
        mv_scene_set_window (scene, self->scene->window_start, self->scene->window_end, NULL);
    }
  g_clear_pointer (&self->scene, mv_scene_free);
  self->scene = scene;
  drop_geometry (self);

  /* An edit rarely changes the picture's height: when it does not, a
   * redraw is enough, and the frame needs no new layout. */
  if (scene != NULL && self->natural_for > 0 && !scene->fit_height)
    {
      MvRenderStyle style;
      g_autoptr(MvMapGeometry) g = NULL;
      int h;

      mv_map_view_fill_style (self, &style);
      g = build_geometry (self, &style, self->natural_for, 0.0);
      h = MAX (240, (int) ceil (g->natural_height));
      if (h == self->natural_height && h == self->min_height && style.theme == self->natural_theme)
        {
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return;
        }
      self->natural_height = h;
      self->min_height = h;
      self->natural_theme = style.theme;
    }
  else
    self->natural_for = -1;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * mv_map_view_set_lesson:
 * @scenes: (transfer full) (nullable) (element-type MvScene): the scene
 *   of every step of the lesson stepped through (step mode), or NULL
 *
 * While set, the scene shown (one of them) is drawn on the scale all of
 * them share at the view's size and zoom window, as the lesson's slides
 * are (mv_map_geometry_shared_scale()): an address is at the same x on
 * every step, so stepping moves no bar. A resize or a zoom may change
 * the scale; showing another step does not.
 */
void
mv_map_view_set_lesson (MvMapView *self,
                        GPtrArray *scenes)
{
  g_return_if_fail (MV_IS_MAP_VIEW (self));

  g_clear_pointer (&self->lesson, g_ptr_array_unref);
  g_clear_pointer (&self->lesson_axis, mv_scale_free);
  self->lesson = scenes;
  drop_geometry (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * mv_map_view_get_geometry:
 *
 * Returns: (transfer none) (nullable): the map's geometry at the view's
 *   size, as painted (NULL without a scene or a size)
 */
const MvMapGeometry *
mv_map_view_get_geometry (MvMapView *self)
{
  g_return_val_if_fail (MV_IS_MAP_VIEW (self), NULL);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 || gtk_widget_get_height (GTK_WIDGET (self)) <= 0)
    return NULL;
  return ensure_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)));
}

/**
 * mv_map_view_get_hover_range:
 * The addresses of the pixel column under the pointer, `[start, end)`
 * (what the page lanes list there); left alone when the pointer is not
 * over the plot.
 */
void
mv_map_view_get_hover_range (MvMapView *self,
                             guint64   *start,
                             guint64   *end)
{
  g_return_if_fail (MV_IS_MAP_VIEW (self));

  if (self->hovering && self->geometry != NULL)
    mv_map_geometry_pixel_range (self->geometry, self->hover_x, start, end);
}

/**
 * mv_map_view_get_scene:
 *
 * Returns: (transfer none) (nullable): the scene shown
 */
const MvScene *
mv_map_view_get_scene (MvMapView *self)
{
  g_return_val_if_fail (MV_IS_MAP_VIEW (self), NULL);
  return self->scene;
}

/* Returns: whether the picture is dimmed as an older layout's */
gboolean
mv_map_view_get_stale (MvMapView *self)
{
  g_return_val_if_fail (MV_IS_MAP_VIEW (self), FALSE);
  return self->stale;
}

void
mv_map_view_set_stale (MvMapView *self,
                       gboolean   stale)
{
  g_return_if_fail (MV_IS_MAP_VIEW (self));

  stale = !!stale;
  if (self->stale == stale)
    return;
  self->stale = stale;
  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (self), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "stale");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mv_map_view_set_scale (MvMapView   *self,
                       MvScaleKind  kind)
{
  g_return_if_fail (MV_IS_MAP_VIEW (self));

  if (self->scene == NULL || self->scene->scale == kind)
    return;
  mv_scene_set_scale (self->scene, kind);
  drop_caches (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

MvScaleKind
mv_map_view_get_scale (MvMapView *self)
{
  g_return_val_if_fail (MV_IS_MAP_VIEW (self), MV_SCALE_FOCUS);
  return self->scene ? self->scene->scale : MV_SCALE_FOCUS;
}

/**
 * mv_map_view_highlight:
 *
 * Marks `[start, end)` on the map (a diagnostic's range), or nothing.
 */
void
mv_map_view_highlight (MvMapView *self,
                       gboolean   has_range,
                       guint64    start,
                       guint64    end)
{
  g_return_if_fail (MV_IS_MAP_VIEW (self));

  self->has_highlight = has_range;
  self->highlight_start = start;
  self->highlight_end = end;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * mv_map_view_get_paint_count:
 *
 * Returns: how many times the view painted (for tests and benchmarks)
 */
guint64
mv_map_view_get_paint_count (MvMapView *self)
{
  g_return_val_if_fail (MV_IS_MAP_VIEW (self), 0);
  return self->paint_count;
}
