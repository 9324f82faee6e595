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

  gboolean   filled;
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

/* The rows are made when the popover first opens (or its list is asked
 * for), not with every new window: 24 rows of templates with bindings
 * are a fifth of what a window's widgets cost to make. */
static void
ensure_rows (MvPresetsPopover *self)
{
  g_autoptr(GListModel) presets = NULL;

  if (self->filled)
    return;
  self->filled = TRUE;
  presets = presets_model_new ();
  gtk_list_box_set_header_func (GTK_LIST_BOX (self->list), preset_header, NULL, NULL);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), presets, create_row, NULL, NULL);
}

static void
mv_presets_popover_show (GtkWidget *widget)
{
  ensure_rows (MV_PRESETS_POPOVER (widget));
  GTK_WIDGET_CLASS (mv_presets_popover_parent_class)->show (widget);
}

/* Returns: (transfer none): the list of presets, with its rows */
GtkWidget *
mv_presets_popover_get_list (MvPresetsPopover *self)
{
  g_return_val_if_fail (MV_IS_PRESETS_POPOVER (self), NULL);
  ensure_rows (self);
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

  widget_class->show = mv_presets_popover_show;

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
}
