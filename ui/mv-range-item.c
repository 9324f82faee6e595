/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-editor-private.h"
#include "mv-range-item.h"

#define RANGE_HELP "START-END (end exclusive) or START+SIZE"

struct _MvRangeItem
{
  GObject  parent_instance;

  char    *text;
  char    *error;   /* why the text does not parse; NULL when it does or is empty */
  char    *label;
};

enum {
  PROP_0,
  PROP_TEXT,
  PROP_ERROR,
  PROP_TOOLTIP,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MvRangeItem, mv_range_item, G_TYPE_OBJECT)

static void
mv_range_item_finalize (GObject *object)
{
  MvRangeItem *self = MV_RANGE_ITEM (object);

  g_free (self->text);
  g_free (self->error);
  g_free (self->label);

  G_OBJECT_CLASS (mv_range_item_parent_class)->finalize (object);
}

static void
mv_range_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MvRangeItem *self = MV_RANGE_ITEM (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_TOOLTIP:
      g_value_set_string (value, self->error ? self->error : RANGE_HELP);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_range_item_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MvRangeItem *self = MV_RANGE_ITEM (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      mv_range_item_set_text (self, g_value_get_string (value));
      break;
    case PROP_LABEL:
      mv_range_item_set_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_range_item_class_init (MvRangeItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mv_range_item_finalize;
  object_class->get_property = mv_range_item_get_property;
  object_class->set_property = mv_range_item_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOLTIP] =
    g_param_spec_string ("tooltip", NULL, NULL, RANGE_HELP,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mv_range_item_init (MvRangeItem *self)
{
  self->text = g_strdup ("");
}

MvRangeItem *
mv_range_item_new (const char *text)
{
  return g_object_new (MV_TYPE_RANGE_ITEM, "text", text ? text : "", NULL);
}

const char *
mv_range_item_get_text (MvRangeItem *self)
{
  g_return_val_if_fail (MV_IS_RANGE_ITEM (self), NULL);
  return self->text;
}

/**
 * mv_range_item_set_text:
 *
 * Sets the text and judges it: an empty text is no error.
 */
void
mv_range_item_set_text (MvRangeItem *self,
                        const char  *text)
{
  g_autoptr(GError) error = NULL;
  MvRange r;
  char *message = NULL;

  g_return_if_fail (MV_IS_RANGE_ITEM (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);

  if (text[0] != '\0' && !_mv_range_text_parse (text, &r, &error))
    message = g_strdup (error->message);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (message, self->error) != 0)
    {
      g_free (self->error);
      self->error = g_steal_pointer (&message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOLTIP]);
    }
  g_free (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * mv_range_item_get_error:
 *
 * Returns: (nullable): why the text does not parse
 */
const char *
mv_range_item_get_error (MvRangeItem *self)
{
  g_return_val_if_fail (MV_IS_RANGE_ITEM (self), NULL);
  return self->error;
}

/**
 * mv_range_item_get_range:
 *
 * Returns: whether the text is a range (an empty text is none)
 */
gboolean
mv_range_item_get_range (MvRangeItem *self,
                         MvRange     *out,
                         GError     **error)
{
  g_return_val_if_fail (MV_IS_RANGE_ITEM (self), FALSE);
  return _mv_range_text_parse (self->text, out, error);
}

/**
 * mv_range_item_get_label:
 *
 * Returns: (nullable): the row's accessible label
 */
const char *
mv_range_item_get_label (MvRangeItem *self)
{
  g_return_val_if_fail (MV_IS_RANGE_ITEM (self), NULL);
  return self->label;
}

void
mv_range_item_set_label (MvRangeItem *self,
                         const char  *label)
{
  g_return_if_fail (MV_IS_RANGE_ITEM (self));

  if (g_strcmp0 (self->label, label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}
