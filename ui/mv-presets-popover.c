/* SPDX-License-Identifier: MIT */
/* The Presets button's popover: every preset the project ships, a click
 * loads one. */
#include "config.h"

#include "mv-preset-item.h"
#include "mv-preset-row.h"
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
static void
preset_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  gboolean test = mv_preset_item_get_is_test (mv_preset_row_get_item (MV_PRESET_ROW (row)));
  gboolean before_test = before ? mv_preset_item_get_is_test (mv_preset_row_get_item (MV_PRESET_ROW (before))) : FALSE;
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
  MvPresetItem *item = mv_preset_row_get_item (MV_PRESET_ROW (row));

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[ACTIVATED], 0, mv_preset_item_get_name (item));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return mv_preset_row_new (MV_PRESET_ITEM (item));
}

/* Returns: (transfer full): an item for each preset, test layouts last,
 * each group in the listed order */
static GListModel *
presets_model_new (void)
{
  g_autoptr(GPtrArray) presets = mv_presets_list ();
  GListStore *store = g_list_store_new (MV_TYPE_PRESET_ITEM);

  for (guint i = 0; i < 2 * presets->len; i++)
    {
      g_autoptr(MvPresetItem) item = mv_preset_item_new (g_ptr_array_index (presets, i % presets->len));

      if (mv_preset_item_get_is_test (item) == (i >= presets->len))
        g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
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
  g_autoptr(GListModel) presets = presets_model_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (GTK_LIST_BOX (self->list), preset_header, NULL, NULL);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), presets, create_row, NULL, NULL);
}
