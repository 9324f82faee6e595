/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-preset-item.h"

struct _MvPresetItem
{
  GObject  parent_instance;

  char    *name;
  char    *title;
  char    *description;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_IS_TEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MvPresetItem, mv_preset_item, G_TYPE_OBJECT)

static void
mv_preset_item_finalize (GObject *object)
{
  MvPresetItem *self = MV_PRESET_ITEM (object);

  g_free (self->name);
  g_free (self->title);
  g_free (self->description);

  G_OBJECT_CLASS (mv_preset_item_parent_class)->finalize (object);
}

static void
mv_preset_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MvPresetItem *self = MV_PRESET_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TITLE:
      g_value_set_string (value, mv_preset_item_get_title (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_IS_TEST:
      g_value_set_boolean (value, mv_preset_item_get_is_test (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_preset_item_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MvPresetItem *self = MV_PRESET_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_DESCRIPTION:
      self->description = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_preset_item_class_init (MvPresetItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mv_preset_item_finalize;
  object_class->get_property = mv_preset_item_get_property;
  object_class->set_property = mv_preset_item_set_property;

  /* A preset does not change while listed: all set at construction. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The name when the preset has no title. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Never NULL: "" when the preset has none. */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Upstream's unit-test layouts ("seed-" names), listed apart. */
  properties[PROP_IS_TEST] =
    g_param_spec_boolean ("is-test", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mv_preset_item_init (MvPresetItem *self)
{
}

MvPresetItem *
mv_preset_item_new (const MvPresetInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (info->name != NULL, NULL);

  return g_object_new (MV_TYPE_PRESET_ITEM,
                       "name", info->name,
                       "title", info->title,
                       "description", info->description ? info->description : "",
                       NULL);
}

const char *
mv_preset_item_get_name (MvPresetItem *self)
{
  g_return_val_if_fail (MV_IS_PRESET_ITEM (self), NULL);
  return self->name;
}

const char *
mv_preset_item_get_title (MvPresetItem *self)
{
  g_return_val_if_fail (MV_IS_PRESET_ITEM (self), NULL);
  return self->title ? self->title : self->name;
}

const char *
mv_preset_item_get_description (MvPresetItem *self)
{
  g_return_val_if_fail (MV_IS_PRESET_ITEM (self), NULL);
  return self->description;
}

gboolean
mv_preset_item_get_is_test (MvPresetItem *self)
{
  g_return_val_if_fail (MV_IS_PRESET_ITEM (self), FALSE);
  return self->name != NULL && g_str_has_prefix (self->name, "seed-");
}
