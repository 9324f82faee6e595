/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-focus-private.h"
#include "mv-range-row.h"

struct _MvRangeRow
{
  GtkWidget    parent_instance;

  MvRangeItem *item;

  /* template */
  GtkWidget   *entry;
  GtkWidget   *remove;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

enum {
  REMOVE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvRangeRow, mv_range_row, GTK_TYPE_WIDGET)

/* The error mark: what a binding cannot set (a style class, a state). */
static void
error_changed (MvRangeRow *self)
{
  if (mv_range_item_get_error (self->item) != NULL)
    {
      gtk_widget_add_css_class (self->entry, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (self->entry, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
label_changed (MvRangeRow *self)
{
  const char *label = mv_range_item_get_label (self->item);

  if (label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
remove_clicked (MvRangeRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
set_item (MvRangeRow  *self,
          MvRangeItem *item)
{
  g_return_if_fail (self->item == NULL);

  self->item = g_object_ref (item);
  g_object_bind_property (item, "text", self->entry, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (item, "notify::error", G_CALLBACK (error_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "notify::label", G_CALLBACK (label_changed), self, G_CONNECT_SWAPPED);
  error_changed (self);
  label_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
mv_range_row_dispose (GObject *object)
{
  MvRangeRow *self = MV_RANGE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_RANGE_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (mv_range_row_parent_class)->dispose (object);
}

static void
mv_range_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MvRangeRow *self = MV_RANGE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_range_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MvRangeRow *self = MV_RANGE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
mv_range_row_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (MV_RANGE_ROW (widget)->entry);
}

static void
mv_range_row_class_init (MvRangeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_range_row_dispose;
  object_class->get_property = mv_range_row_get_property;
  object_class->set_property = mv_range_row_set_property;
  widget_class->grab_focus = mv_range_row_grab_focus;
  widget_class->focus = _mv_widget_focus_children;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, MV_TYPE_RANGE_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MV_TYPE_RANGE_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-range-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MvRangeRow, entry);
  gtk_widget_class_bind_template_child (widget_class, MvRangeRow, remove);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mvrangerow");
}

static void
mv_range_row_init (MvRangeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mv_range_row_new (MvRangeItem *item)
{
  g_return_val_if_fail (MV_IS_RANGE_ITEM (item), NULL);
  return g_object_new (MV_TYPE_RANGE_ROW, "item", item, NULL);
}

/**
 * mv_range_row_get_item:
 *
 * Returns: (transfer none): the row's item
 */
MvRangeItem *
mv_range_row_get_item (MvRangeRow *self)
{
  g_return_val_if_fail (MV_IS_RANGE_ROW (self), NULL);
  return self->item;
}

/**
 * mv_range_row_get_editable:
 *
 * Returns: (transfer none): the row's text field
 */
GtkEditable *
mv_range_row_get_editable (MvRangeRow *self)
{
  g_return_val_if_fail (MV_IS_RANGE_ROW (self), NULL);
  return GTK_EDITABLE (self->entry);
}
