/* SPDX-License-Identifier: MIT */
/* The Presets button's popover: every preset the project ships, a click
 * loads one. */
#include "config.h"

#include "mv-presets.h"
#include "mv-presets-popover.h"

struct _MvPresetsPopover
{
  GtkPopover parent_instance;

  /* template */
  GtkWidget *list;
};

G_DEFINE_FINAL_TYPE (MvPresetsPopover, mv_presets_popover, GTK_TYPE_POPOVER)

enum { ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The preset chooser: each preset's title and description; the layouts
 * of upstream's unit tests in a section of their own. */
static gboolean
is_test_preset (const char *name)
{
  return g_str_has_prefix (name, "seed-");
}

static void
preset_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  gboolean test = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "test"));
  gboolean before_test = before ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "test")) : FALSE;
  GtkWidget *header;

  if (before != NULL && test == before_test)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (test ? "Test layouts, from upstream’s unit tests" : "Layouts");
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "mv-preset-header");
  gtk_list_box_row_set_header (row, header);
}

static void
row_activated (MvPresetsPopover *self,
               GtkListBoxRow    *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "preset");

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[ACTIVATED], 0, name);
}

static void
add_rows (MvPresetsPopover *self)
{
  g_autoptr(GPtrArray) presets = mv_presets_list ();
  GtkWidget *list = self->list;

  gtk_list_box_set_header_func (GTK_LIST_BOX (list), preset_header, NULL, NULL);
  /* Test layouts last, each group in the listed order. */
  for (guint i = 0; i < 2 * presets->len; i++)
    {
      const MvPresetInfo *info = g_ptr_array_index (presets, i % presets->len);
      GtkWidget *row;
      GtkWidget *box;
      GtkWidget *title;

      if (is_test_preset (info->name) != (i >= presets->len))
        continue;
      row = gtk_list_box_row_new ();
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      title = gtk_label_new (info->title ? info->title : info->name);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_box_append (GTK_BOX (box), title);
      if (info->description != NULL && info->description[0] != '\0')
        {
          GtkWidget *desc = gtk_label_new (info->description);

          gtk_label_set_xalign (GTK_LABEL (desc), 0);
          gtk_label_set_wrap (GTK_LABEL (desc), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (desc), 56);
          gtk_label_set_width_chars (GTK_LABEL (desc), 56);
          gtk_widget_add_css_class (desc, "dim-label");
          gtk_widget_add_css_class (desc, "caption");
          gtk_box_append (GTK_BOX (box), desc);
        }
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "preset", g_strdup (info->name), g_free);
      g_object_set_data (G_OBJECT (row), "test", GINT_TO_POINTER (is_test_preset (info->name)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, info->title ? info->title : info->name,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, info->description ? info->description : "",
                                      -1);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}


/* Returns: (transfer none): the list of presets, for tests */
GtkWidget *
mv_presets_popover_get_list (MvPresetsPopover *self)
{
  g_return_val_if_fail (MV_IS_PRESETS_POPOVER (self), NULL);
  return self->list;
}

GtkWidget *
mv_presets_popover_new (void)
{
  return g_object_new (MV_TYPE_PRESETS_POPOVER, NULL);
}

static void
mv_presets_popover_class_init (MvPresetsPopoverClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * MvPresetsPopover::activated:
   * @name: the preset's name
   *
   * The user chose a preset.
   */
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-presets-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, MvPresetsPopover, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
}

static void
mv_presets_popover_init (MvPresetsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_rows (self);
}
