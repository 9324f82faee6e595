/* SPDX-License-Identifier: MIT */
/* One row of the Diagnostics page: its severity, the number of its
 * marker on the map, what is wrong and where it comes from. */
#include "config.h"

#include "mv-diagnostic-row.h"

struct _MvDiagnosticRow
{
  GtkListBoxRow parent_instance;

  MvDiagnosticItem item;

  /* template */
  GtkWidget *icon;
  GtkWidget *badge;
  GtkWidget *title_label;
  GtkWidget *detail_label;
};

G_DEFINE_FINAL_TYPE (MvDiagnosticRow, mv_diagnostic_row, GTK_TYPE_LIST_BOX_ROW)

void
mv_diagnostic_item_free (MvDiagnosticItem *item)
{
  if (item == NULL)
    return;
  g_free (item->title);
  g_free (item->detail);
  g_free (item->mark_id);
  g_free (item);
}

static void
mv_diagnostic_row_finalize (GObject *object)
{
  MvDiagnosticRow *self = MV_DIAGNOSTIC_ROW (object);

  g_free (self->item.title);
  g_free (self->item.detail);
  g_free (self->item.mark_id);
  G_OBJECT_CLASS (mv_diagnostic_row_parent_class)->finalize (object);
}

static void
mv_diagnostic_row_class_init (MvDiagnosticRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mv_diagnostic_row_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-diagnostic-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MvDiagnosticRow, icon);
  gtk_widget_class_bind_template_child (widget_class, MvDiagnosticRow, badge);
  gtk_widget_class_bind_template_child (widget_class, MvDiagnosticRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MvDiagnosticRow, detail_label);
}

static void
mv_diagnostic_row_init (MvDiagnosticRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static const char *
severity_word (MvSeverity severity)
{
  switch (severity)
    {
    case MV_SEVERITY_ERROR: return "Error";
    case MV_SEVERITY_WARNING: return "Warning";
    case MV_SEVERITY_NOTE:
    default: return "Note";
    }
}

/**
 * mv_diagnostic_row_new:
 *
 * Returns: (transfer floating): a row saying @item; activatable when it
 *   has a range
 */
GtkWidget *
mv_diagnostic_row_new (const MvDiagnosticItem *item)
{
  MvDiagnosticRow *self;
  g_autofree char *a11y = NULL;
  g_autofree char *number = NULL;
  const char *stale = item->stale ? " (about the last layout that worked)" : "";

  g_return_val_if_fail (item != NULL, NULL);

  self = g_object_new (MV_TYPE_DIAGNOSTIC_ROW, NULL);
  self->item = *item;
  self->item.title = g_strdup (item->title);
  self->item.detail = g_strdup (item->detail);
  self->item.mark_id = g_strdup (item->mark_id);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon),
                                item->severity == MV_SEVERITY_ERROR ? "dialog-error-symbolic" :
                                item->severity == MV_SEVERITY_WARNING ? "dialog-warning-symbolic" :
                                "dialog-information-symbolic");
  gtk_widget_add_css_class (self->icon, item->severity == MV_SEVERITY_ERROR ? "mv-diag-error" :
                                        item->severity == MV_SEVERITY_WARNING ? "mv-diag-warning" : "dim-label");
  gtk_label_set_label (GTK_LABEL (self->title_label), item->title);
  if (item->detail != NULL && item->detail[0] != '\0')
    {
      gtk_label_set_label (GTK_LABEL (self->detail_label), item->detail);
      gtk_widget_set_visible (self->detail_label, TRUE);
    }
  if (item->stale)
    gtk_widget_add_css_class (GTK_WIDGET (self), "mv-diag-stale");
  if (item->number > 0)
    {
      /* The number of its marker on the map and in the map's list. */
      number = g_strdup_printf ("%u", item->number);
      gtk_label_set_label (GTK_LABEL (self->badge), number);
      gtk_widget_add_css_class (self->badge, mv_severity_name (item->severity));
      gtk_widget_set_visible (self->badge, TRUE);
      a11y = g_strdup_printf ("%s %u: %s%s", severity_word (item->severity), item->number, item->title, stale);
    }
  else
    a11y = g_strdup_printf ("%s: %s%s", severity_word (item->severity), item->title, stale);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), item->has_range);
  return GTK_WIDGET (self);
}

/* Returns: whether the row is about a range, then [@start, @end) */
gboolean
mv_diagnostic_row_get_range (MvDiagnosticRow *self,
                             guint64         *start,
                             guint64         *end)
{
  g_return_val_if_fail (MV_IS_DIAGNOSTIC_ROW (self), FALSE);
  *start = self->item.start;
  *end = self->item.end;
  return self->item.has_range;
}

guint
mv_diagnostic_row_get_number (MvDiagnosticRow *self)
{
  g_return_val_if_fail (MV_IS_DIAGNOSTIC_ROW (self), 0);
  return self->item.number;
}

const char *
mv_diagnostic_row_get_mark_id (MvDiagnosticRow *self)
{
  g_return_val_if_fail (MV_IS_DIAGNOSTIC_ROW (self), NULL);
  return self->item.mark_id;
}
