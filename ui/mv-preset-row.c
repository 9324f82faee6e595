/* SPDX-License-Identifier: MIT */
/* One row of the Presets popover: a preset's title over its description,
 * both bound to its #MvPresetItem in the template. */
#include "config.h"

#include "mv-preset-row.h"

struct _MvPresetRow
{
  GtkListBoxRow  parent_instance;

  MvPresetItem  *item;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MvPresetRow, mv_preset_row, GTK_TYPE_LIST_BOX_ROW)

static gboolean
has_text (gpointer    unused,
          const char *text)
{
  return text != NULL && text[0] != '\0';
}

static void
mv_preset_row_constructed (GObject *object)
{
  MvPresetRow *self = MV_PRESET_ROW (object);

  G_OBJECT_CLASS (mv_preset_row_parent_class)->constructed (object);

  /* Before the template, so its bindings find the item on first look. */
  g_assert (self->item != NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, mv_preset_item_get_title (self->item),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, mv_preset_item_get_description (self->item),
                                  -1);
}

static void
mv_preset_row_dispose (GObject *object)
{
  MvPresetRow *self = MV_PRESET_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_PRESET_ROW);
  g_clear_object (&self->item);
  G_OBJECT_CLASS (mv_preset_row_parent_class)->dispose (object);
}

static void
mv_preset_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MvPresetRow *self = MV_PRESET_ROW (object);

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
mv_preset_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MvPresetRow *self = MV_PRESET_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_preset_row_class_init (MvPresetRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mv_preset_row_constructed;
  object_class->dispose = mv_preset_row_dispose;
  object_class->get_property = mv_preset_row_get_property;
  object_class->set_property = mv_preset_row_set_property;

  /* The preset the row shows, for its lifetime. */
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, MV_TYPE_PRESET_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-preset-row.ui");
  gtk_widget_class_bind_template_callback (widget_class, has_text);
}

static void
mv_preset_row_init (MvPresetRow *self)
{
  g_type_ensure (MV_TYPE_PRESET_ITEM);
}

/**
 * mv_preset_row_new:
 *
 * Returns: (transfer floating): a row showing @item
 */
GtkWidget *
mv_preset_row_new (MvPresetItem *item)
{
  g_return_val_if_fail (MV_IS_PRESET_ITEM (item), NULL);
  return g_object_new (MV_TYPE_PRESET_ROW, "item", item, NULL);
}

/* Returns: (transfer none): the preset the row shows */
MvPresetItem *
mv_preset_row_get_item (MvPresetRow *self)
{
  g_return_val_if_fail (MV_IS_PRESET_ROW (self), NULL);
  return self->item;
}
