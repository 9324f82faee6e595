/* SPDX-License-Identifier: MIT */
/* The bar over the pages with the choices the shown source offers: one
 * dropdown per choice (an IGVM file's platform, the layout it is laid
 * over); hidden for a source without any (a document, an MTRR dump). */
#include "config.h"

#include "mv-source-bar.h"

struct _MvSourceBar
{
  GtkWidget     parent_instance;

  MvViewSource *source;
  GPtrArray    *dropdowns;  /* GtkDropDown, one per choice */
  gboolean      updating;   /* the bar sets a dropdown: not the user */

  /* template */
  GtkWidget    *box;
};

G_DEFINE_FINAL_TYPE (MvSourceBar, mv_source_bar, GTK_TYPE_WIDGET)

static void
dropdown_changed (GtkDropDown *dropdown,
                  GParamSpec  *pspec,
                  MvSourceBar *self)
{
  guint group;

  if (self->updating || self->source == NULL || !g_ptr_array_find (self->dropdowns, dropdown, &group))
    return;
  mv_view_source_set_choice (self->source, group, gtk_drop_down_get_selected (dropdown));
}

/* Makes the dropdowns for the source's choices. */
static void
rebuild (MvSourceBar *self)
{
  GtkWidget *child;
  guint n = self->source != NULL ? mv_view_source_get_n_choices (self->source) : 0;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->dropdowns, 0);

  for (guint group = 0; group < n; group++)
    {
      g_autofree char *title = mv_view_source_dup_choice_title (self->source, group);
      g_auto(GStrv) items = mv_view_source_dup_choice_items (self->source, group);
      g_autofree char *mnemonic = g_strdup_printf ("_%s", title);
      GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);
      GtkWidget *dropdown = gtk_drop_down_new_from_strings ((const char *const *) items);

      if (group > 0)
        gtk_widget_set_margin_start (label, 12);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), dropdown);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      gtk_box_append (GTK_BOX (self->box), label);
      gtk_box_append (GTK_BOX (self->box), dropdown);
      g_ptr_array_add (self->dropdowns, dropdown);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (dropdown_changed), self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  mv_source_bar_update (self);
}

/**
 * mv_source_bar_update:
 *
 * Shows the items the source has chosen (after a change it made).
 */
void
mv_source_bar_update (MvSourceBar *self)
{
  g_return_if_fail (MV_IS_SOURCE_BAR (self));

  self->updating = TRUE;
  for (guint group = 0; group < self->dropdowns->len; group++)
    {
      GtkDropDown *dropdown = g_ptr_array_index (self->dropdowns, group);
      guint chosen = mv_view_source_get_choice (self->source, group);

      if (gtk_drop_down_get_selected (dropdown) != chosen)
        gtk_drop_down_set_selected (dropdown, chosen);
    }
  self->updating = FALSE;
}

/* The bar offers @source's choices (none: it hides). */
void
mv_source_bar_set_source (MvSourceBar  *self,
                          MvViewSource *source)
{
  g_return_if_fail (MV_IS_SOURCE_BAR (self));

  if (!g_set_object (&self->source, source))
    return;
  rebuild (self);
}

/**
 * mv_source_bar_get_choice:
 *
 * Returns: (transfer none) (nullable): the dropdown of choice @group
 */
GtkWidget *
mv_source_bar_get_choice (MvSourceBar *self,
                          guint        group)
{
  g_return_val_if_fail (MV_IS_SOURCE_BAR (self), NULL);
  return group < self->dropdowns->len ? g_ptr_array_index (self->dropdowns, group) : NULL;
}

static void
mv_source_bar_dispose (GObject *object)
{
  MvSourceBar *self = MV_SOURCE_BAR (object);

  g_clear_object (&self->source);
  g_ptr_array_set_size (self->dropdowns, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_SOURCE_BAR);
  G_OBJECT_CLASS (mv_source_bar_parent_class)->dispose (object);
}

static void
mv_source_bar_finalize (GObject *object)
{
  g_ptr_array_unref (MV_SOURCE_BAR (object)->dropdowns);
  G_OBJECT_CLASS (mv_source_bar_parent_class)->finalize (object);
}

static void
mv_source_bar_class_init (MvSourceBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mv_source_bar_dispose;
  G_OBJECT_CLASS (klass)->finalize = mv_source_bar_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-source-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, MvSourceBar, box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mv_source_bar_init (MvSourceBar *self)
{
  self->dropdowns = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
