/* SPDX-License-Identifier: MIT */
/* The error bar over the picture: what does not parse or compute, and
 * that the picture shows the last layout that worked. */
#include "config.h"

#include "mv-error-bar.h"

struct _MvErrorBar
{
  GtkWidget  parent_instance;

  /* template */
  GtkWidget *revealer;
  GtkWidget *label;
};

G_DEFINE_FINAL_TYPE (MvErrorBar, mv_error_bar, GTK_TYPE_WIDGET)

/**
 * mv_error_bar_set_error:
 * @error: (nullable): the error; %NULL hides the bar
 * @has_picture: a picture of the last layout that worked is shown
 */
void
mv_error_bar_set_error (MvErrorBar *self,
                        const char *error,
                        gboolean    has_picture)
{
  g_return_if_fail (MV_IS_ERROR_BAR (self));

  if (error != NULL)
    {
      g_autofree char *text = NULL;

      if (has_picture)
        text = g_strdup_printf ("%s\nThe picture shows the last layout that worked.", error);
      else
        text = g_strdup (error);
      gtk_label_set_label (GTK_LABEL (self->label), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error, -1);
    }
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), error != NULL);
}

/* Returns: (transfer none): the revealer, for tests */
GtkWidget *
mv_error_bar_get_revealer (MvErrorBar *self)
{
  g_return_val_if_fail (MV_IS_ERROR_BAR (self), NULL);
  return self->revealer;
}

/* Returns: (transfer none): the error's label, for tests */
GtkWidget *
mv_error_bar_get_label (MvErrorBar *self)
{
  g_return_val_if_fail (MV_IS_ERROR_BAR (self), NULL);
  return self->label;
}

static void
mv_error_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MV_TYPE_ERROR_BAR);
  G_OBJECT_CLASS (mv_error_bar_parent_class)->dispose (object);
}

static void
mv_error_bar_class_init (MvErrorBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mv_error_bar_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-error-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, MvErrorBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, MvErrorBar, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mv_error_bar_init (MvErrorBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
