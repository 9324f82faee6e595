/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-import-item.h"

struct _MvImportItem
{
  GObject       parent_instance;

  MvImportSpec *spec;
  char         *status;
  gboolean      not_read;
};

enum {
  PROP_0,
  PROP_SPEC,
  PROP_NAME,
  PROP_STATUS,
  PROP_NOT_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MvImportItem, mv_import_item, G_TYPE_OBJECT)

static void
mv_import_item_finalize (GObject *object)
{
  MvImportItem *self = MV_IMPORT_ITEM (object);

  g_clear_pointer (&self->spec, mv_import_spec_free);
  g_free (self->status);

  G_OBJECT_CLASS (mv_import_item_parent_class)->finalize (object);
}

static void
mv_import_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MvImportItem *self = MV_IMPORT_ITEM (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      g_value_set_pointer (value, self->spec);
      break;
    case PROP_NAME:
      g_value_set_string (value, mv_import_item_get_name (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_NOT_READ:
      g_value_set_boolean (value, self->not_read);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_import_item_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MvImportItem *self = MV_IMPORT_ITEM (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      mv_import_item_set_status (self, g_value_get_string (value));
      break;
    case PROP_NOT_READ:
      mv_import_item_set_not_read (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_import_item_class_init (MvImportItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mv_import_item_finalize;
  object_class->get_property = mv_import_item_get_property;
  object_class->set_property = mv_import_item_set_property;

  /* The spec is a plain struct: read it with mv_import_item_get_spec(). */
  properties[PROP_SPEC] =
    g_param_spec_pointer ("spec", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOT_READ] =
    g_param_spec_boolean ("not-read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mv_import_item_init (MvImportItem *self)
{
}

MvImportItem *
mv_import_item_new (const MvImportSpec *spec)
{
  MvImportItem *self;

  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (MV_TYPE_IMPORT_ITEM, NULL);
  self->spec = mv_import_spec_copy (spec);
  return self;
}

/**
 * mv_import_item_get_spec:
 *
 * Returns: (transfer none): the import
 */
const MvImportSpec *
mv_import_item_get_spec (MvImportItem *self)
{
  g_return_val_if_fail (MV_IS_IMPORT_ITEM (self), NULL);
  return self->spec;
}

/**
 * mv_import_item_set_spec:
 *
 * Keeps a copy of @spec; notifies only when it differs.
 */
void
mv_import_item_set_spec (MvImportItem       *self,
                         const MvImportSpec *spec)
{
  g_return_if_fail (MV_IS_IMPORT_ITEM (self));
  g_return_if_fail (spec != NULL);

  if (mv_import_spec_equal (self->spec, spec))
    return;
  mv_import_spec_free (self->spec);
  self->spec = mv_import_spec_copy (spec);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
}

const char *
mv_import_item_get_name (MvImportItem *self)
{
  g_return_val_if_fail (MV_IS_IMPORT_ITEM (self), NULL);
  return self->spec->name;
}

/**
 * mv_import_item_get_status:
 *
 * Returns: (nullable): what went wrong when the import ran
 */
const char *
mv_import_item_get_status (MvImportItem *self)
{
  g_return_val_if_fail (MV_IS_IMPORT_ITEM (self), NULL);
  return self->status;
}

void
mv_import_item_set_status (MvImportItem *self,
                           const char   *status)
{
  g_return_if_fail (MV_IS_IMPORT_ITEM (self));

  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

gboolean
mv_import_item_get_not_read (MvImportItem *self)
{
  g_return_val_if_fail (MV_IS_IMPORT_ITEM (self), FALSE);
  return self->not_read;
}

void
mv_import_item_set_not_read (MvImportItem *self,
                             gboolean      not_read)
{
  g_return_if_fail (MV_IS_IMPORT_ITEM (self));

  not_read = !!not_read;
  if (self->not_read == not_read)
    return;
  self->not_read = not_read;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOT_READ]);
}
