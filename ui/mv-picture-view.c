/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-picture-view.h"
#include "mv-ui-style.h"

struct _MvPictureView
{
  GtkWidget      parent_instance;

  const MvScene *scene;   /* borrowed from the window's map view */
  MvView         view;
  gboolean       stale;
  int            sort_column;      /* -1: the table's own order */
  gboolean       sort_descending;

  /* The painted picture, kept while scrolling. */
  GskRenderNode *node;
  int            node_width;
  int            node_height;
  MvTheme        node_theme;
  double         node_pixel_scale;
};

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MvPictureView, mv_picture_view, GTK_TYPE_WIDGET)

static const struct { const char *kind; MvView view; const char *label; const char *description; } kinds[] = {
  { "registers", MV_VIEW_MTRR, "MTRR registers",
    "Every MTRR register with its raw value, memory type, programmed and matched range" },
  { "gdt", MV_VIEW_GDT, "GDT",
    "The default GDT's descriptors as bit diagrams, its entries and the segment registers" },
  { "pages", MV_VIEW_PAGES, "Page map",
    "Every run of imported pages, by address: import order, address, size, tag, acceptance and data; "
    "a click on a column's header sorts by that column" },
  { "vp", MV_VIEW_VP, "VP context",
    "Each virtual processor's initial state as the file sets it: its registers and their values" },
  { "explain", MV_VIEW_EXPLAIN, "Masked compare",
    "The pinned address against each valid variable pair, bit by bit: the address, the mask, "
    "address AND mask and base AND mask, the bits that decide the outcome highlighted" },
  { "versions", MV_VIEW_VERSIONS, "OpenVMM's versions",
    "OpenVMM's upstream versions of compute_variable_mtrrs on one address axis: each version's "
    "pairs and effective types, or its error, and the addresses where their types differ marked" },
};

static void
mv_picture_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  MvPictureView *self = MV_PICTURE_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  MvRenderStyle style;
  cairo_t *cr;

  if (self->scene == NULL || width <= 0 || height <= 0)
    return;

  _mv_ui_style_for_widget (widget, &style);
  if (self->node == NULL || self->node_width != (int) width || self->node_height != (int) height ||
      self->node_theme != style.theme || self->node_pixel_scale != style.pixel_scale)
    {
      GtkSnapshot *painter = gtk_snapshot_new ();

      cr = gtk_snapshot_append_cairo (painter, &GRAPHENE_RECT_INIT (0, 0, width, height));
      mv_render_view_sorted (cr, self->scene, &style, self->view, width, height,
                             self->sort_column, self->sort_descending);
      cairo_destroy (cr);
      g_clear_pointer (&self->node, gsk_render_node_unref);
      self->node = gtk_snapshot_free_to_node (painter);
      self->node_width = (int) width;
      self->node_height = (int) height;
      self->node_theme = style.theme;
      self->node_pixel_scale = style.pixel_scale;
    }
  if (self->node != NULL)
    gtk_snapshot_append_node (snapshot, self->node);
  if (self->stale)
    _mv_ui_snapshot_stale (widget, snapshot, width, height);
}

static void
header_pressed (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                MvPictureView   *self)
{
  if (mv_picture_view_activate_header (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* A hand over the headers that sort. */
static void
pointer_moved (GtkEventControllerMotion *motion,
               double                    x,
               double                    y,
               MvPictureView            *self)
{
  MvRenderStyle style;
  int column = -1;

  if (self->scene != NULL && self->view == MV_VIEW_PAGES)
    {
      _mv_ui_style_for_widget (GTK_WIDGET (self), &style);
      column = mv_render_table_column_at (self->scene, &style, self->view,
                                          gtk_widget_get_width (GTK_WIDGET (self)), x, y);
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), column >= 0 ? "pointer" : NULL);
}

static void
mv_picture_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  MvPictureView *self = MV_PICTURE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 360;
      *natural = 900;
      return;
    }

  *minimum = *natural = 120;
  if (self->scene != NULL)
    {
      MvRenderStyle style;

      _mv_ui_style_for_widget (widget, &style);
      *minimum = *natural = MAX (120, (int) ceil (mv_render_natural_height (self->scene, &style, self->view,
                                                                        for_size > 0 ? for_size : 900)));
    }
}

static void
mv_picture_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MvPictureView *self = MV_PICTURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        if (kinds[i].view == self->view)
          g_value_set_string (value, kinds[i].kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_picture_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MvPictureView *self = MV_PICTURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        if (g_strcmp0 (kinds[i].kind, g_value_get_string (value)) == 0)
          {
            self->view = kinds[i].view;
            gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, kinds[i].label,
                                            GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, kinds[i].description,
                                            -1);
          }
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_picture_view_finalize (GObject *object)
{
  MvPictureView *self = MV_PICTURE_VIEW (object);

  g_clear_pointer (&self->node, gsk_render_node_unref);

  G_OBJECT_CLASS (mv_picture_view_parent_class)->finalize (object);
}

static void
mv_picture_view_class_init (MvPictureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mv_picture_view_finalize;
  object_class->get_property = mv_picture_view_get_property;
  object_class->set_property = mv_picture_view_set_property;
  widget_class->snapshot = mv_picture_view_snapshot;
  widget_class->measure = mv_picture_view_measure;

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "registers",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "mvpictureview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mv_picture_view_init (MvPictureView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion;

  self->view = MV_VIEW_MTRR;
  self->sort_column = -1;
  g_signal_connect (click, "pressed", G_CALLBACK (header_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (pointer_moved), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
mv_picture_view_new (void)
{
  return g_object_new (MV_TYPE_PICTURE_VIEW, NULL);
}

/**
 * mv_picture_view_set_scene:
 * @scene: (transfer none) (nullable): the scene; it must outlive the view
 *   or be replaced first
 */
void
mv_picture_view_set_scene (MvPictureView *self,
                           const MvScene *scene)
{
  g_return_if_fail (MV_IS_PICTURE_VIEW (self));

  self->scene = scene;
  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Returns: (transfer none) (nullable): the scene shown */
const MvScene *
mv_picture_view_get_scene (MvPictureView *self)
{
  g_return_val_if_fail (MV_IS_PICTURE_VIEW (self), NULL);
  return self->scene;
}

void
mv_picture_view_set_stale (MvPictureView *self,
                           gboolean       stale)
{
  g_return_if_fail (MV_IS_PICTURE_VIEW (self));

  if (self->stale == !!stale)
    return;
  self->stale = !!stale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

MvView
mv_picture_view_get_view (MvPictureView *self)
{
  g_return_val_if_fail (MV_IS_PICTURE_VIEW (self), MV_VIEW_MTRR);
  return self->view;
}

/**
 * mv_picture_view_activate_header:
 * What a click at (@x, @y) does: on a header of a table that can be
 * sorted, sorts the rows by that column, or, when they already are,
 * turns the order round.
 * Returns: whether (@x, @y) was on such a header
 */
gboolean
mv_picture_view_activate_header (MvPictureView *self,
                                 double         x,
                                 double         y)
{
  MvRenderStyle style;
  int column, current;
  const MvSceneTable *table;

  g_return_val_if_fail (MV_IS_PICTURE_VIEW (self), FALSE);

  if (self->scene == NULL)
    return FALSE;
  _mv_ui_style_for_widget (GTK_WIDGET (self), &style);
  column = mv_render_table_column_at (self->scene, &style, self->view,
                                      gtk_widget_get_width (GTK_WIDGET (self)), x, y);
  if (column < 0)
    return FALSE;
  table = self->view == MV_VIEW_PAGES ? self->scene->pages_table : self->scene->mtrr_table;
  current = self->sort_column >= 0 ? self->sort_column : table->sort_column;
  if (column == current)
    mv_picture_view_set_sort (self, column,
                              !(self->sort_column >= 0 ? self->sort_descending : table->sort_descending));
  else
    mv_picture_view_set_sort (self, column, FALSE);
  return TRUE;
}

/**
 * mv_picture_view_set_sort:
 * Shows the table's rows in the order of @column (-1: the table's own
 * order, the page map's by address), ascending or @descending. The
 * order stays while the scene changes.
 */
void
mv_picture_view_set_sort (MvPictureView *self,
                          int            column,
                          gboolean       descending)
{
  g_return_if_fail (MV_IS_PICTURE_VIEW (self));

  column = MAX (column, -1);
  if (self->sort_column == column && self->sort_descending == !!descending)
    return;
  self->sort_column = column;
  self->sort_descending = !!descending;
  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
mv_picture_view_get_sort (MvPictureView *self,
                          gboolean      *descending)
{
  g_return_val_if_fail (MV_IS_PICTURE_VIEW (self), -1);

  if (descending != NULL)
    *descending = self->sort_descending;
  return self->sort_column;
}
