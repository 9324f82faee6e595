/* SPDX-License-Identifier: MIT */
/* Step mode's bar: where the lesson is, its strategy and the step's
 * sentence. The window owns the steps (mv-window-steps.c). */
#include "config.h"

#include "mv-step-bar.h"

struct _MvStepBar
{
  GtkWidget  parent_instance;

  guint      strategy;

  /* template */
  GtkWidget *position_label;
  GtkWidget *strategy_dropdown;
  GtkWidget *caption_heading;
  GtkWidget *caption_label;
  GtkWidget *beside_heading;
  GtkWidget *beside_label;
};

enum
{
  PROP_0,
  PROP_STRATEGY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MvStepBar, mv_step_bar, GTK_TYPE_WIDGET)

static void
strategy_selected (MvStepBar *self)
{
  mv_step_bar_set_strategy (self, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->strategy_dropdown)));
}

/**
 * mv_step_bar_show_step:
 * Shows step @index (from 0, the boot state) of @n_steps and its sentence.
 */
void
mv_step_bar_show_step (MvStepBar  *self,
                       guint       index,
                       guint       n_steps,
                       const char *caption)
{
  mv_step_bar_show_side_by_side (self, index, n_steps, NULL, caption, NULL, NULL);
}

/**
 * mv_step_bar_show_side_by_side:
 * @heading: (nullable): the first lesson's heading (its strategy, pair
 *   count and step)
 * @beside_heading, @beside_caption: (nullable): the second lesson's; without
 *   them, one lesson (mv_step_bar_show_step())
 *
 * Shows two lessons at @position of @n_positions, each lesson's heading
 * over its caption, the first lesson's first.
 */
void
mv_step_bar_show_side_by_side (MvStepBar  *self,
                               guint       position,
                               guint       n_positions,
                               const char *heading,
                               const char *caption,
                               const char *beside_heading,
                               const char *beside_caption)
{
  g_autofree char *text = NULL;

  g_return_if_fail (MV_IS_STEP_BAR (self));

  text = n_positions > 0 ? g_strdup_printf ("Step %u of %u", position, n_positions - 1)
                         : g_strdup ("No steps");
  gtk_label_set_label (GTK_LABEL (self->position_label), text);
  gtk_label_set_label (GTK_LABEL (self->caption_heading), heading ? heading : "");
  gtk_widget_set_visible (self->caption_heading, heading != NULL);
  gtk_label_set_label (GTK_LABEL (self->caption_label), caption ? caption : "");
  /* One caption in large type; two in body type, under their headings,
   * so that the map keeps its room. */
  if (beside_caption != NULL)
    gtk_widget_remove_css_class (self->caption_label, "title-4");
  else
    gtk_widget_add_css_class (self->caption_label, "title-4");
  gtk_label_set_label (GTK_LABEL (self->beside_heading), beside_heading ? beside_heading : "");
  gtk_widget_set_visible (self->beside_heading, beside_heading != NULL);
  gtk_label_set_label (GTK_LABEL (self->beside_label), beside_caption ? beside_caption : "");
  gtk_widget_set_visible (self->beside_label, beside_caption != NULL);
}

guint
mv_step_bar_get_strategy (MvStepBar *self)
{
  g_return_val_if_fail (MV_IS_STEP_BAR (self), 0);
  return self->strategy;
}

void
mv_step_bar_set_strategy (MvStepBar *self,
                          guint      strategy)
{
  g_return_if_fail (MV_IS_STEP_BAR (self));
  g_return_if_fail (strategy <= MV_STEP_BAR_SIDE_BY_SIDE);

  if (self->strategy == strategy)
    return;
  self->strategy = strategy;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->strategy_dropdown), strategy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STRATEGY]);
}

/* Returns: (transfer none) (nullable): "position", "caption",
 * "caption-heading", "beside-caption", "beside-heading" or "strategy" */
GtkWidget *
mv_step_bar_get_part (MvStepBar  *self,
                      const char *name)
{
  g_return_val_if_fail (MV_IS_STEP_BAR (self), NULL);

  if (g_strcmp0 (name, "position") == 0)
    return self->position_label;
  if (g_strcmp0 (name, "caption") == 0)
    return self->caption_label;
  if (g_strcmp0 (name, "caption-heading") == 0)
    return self->caption_heading;
  if (g_strcmp0 (name, "beside-caption") == 0)
    return self->beside_label;
  if (g_strcmp0 (name, "beside-heading") == 0)
    return self->beside_heading;
  if (g_strcmp0 (name, "strategy") == 0)
    return self->strategy_dropdown;
  return NULL;
}

static void
mv_step_bar_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MvStepBar *self = MV_STEP_BAR (object);

  switch (prop_id)
    {
    case PROP_STRATEGY:
      g_value_set_uint (value, self->strategy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_step_bar_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MvStepBar *self = MV_STEP_BAR (object);

  switch (prop_id)
    {
    case PROP_STRATEGY:
      mv_step_bar_set_strategy (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_step_bar_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), MV_TYPE_STEP_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (mv_step_bar_parent_class)->dispose (object);
}

static void
mv_step_bar_class_init (MvStepBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_step_bar_dispose;
  object_class->get_property = mv_step_bar_get_property;
  object_class->set_property = mv_step_bar_set_property;

  properties[PROP_STRATEGY] =
    g_param_spec_uint ("strategy", NULL, NULL, 0, MV_STEP_BAR_SIDE_BY_SIDE, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-step-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, MvStepBar, position_label);
  gtk_widget_class_bind_template_child (widget_class, MvStepBar, strategy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MvStepBar, caption_heading);
  gtk_widget_class_bind_template_child (widget_class, MvStepBar, caption_label);
  gtk_widget_class_bind_template_child (widget_class, MvStepBar, beside_heading);
  gtk_widget_class_bind_template_child (widget_class, MvStepBar, beside_label);
  gtk_widget_class_bind_template_callback (widget_class, strategy_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
mv_step_bar_init (MvStepBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
