/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-editor-private.h"
#include "mv-field-errors.h"
#include "mv-size-entry.h"

struct _MvFieldErrors
{
  GObject     parent_instance;

  GHashTable *errors;   /* field name -> why it does not parse */
  char       *field;    /* the field set last */
  char       *message;  /* the message shown */
  GHashTable *help;     /* widget -> its own tooltip, kept from its first mark */
};

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MvFieldErrors, mv_field_errors, G_TYPE_OBJECT)

static void
update_message (MvFieldErrors *self)
{
  const char *message = NULL;

  /* The field just edited first, else any field still wrong. */
  if (self->field != NULL)
    message = g_hash_table_lookup (self->errors, self->field);
  if (message == NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->errors);
      if (g_hash_table_iter_next (&iter, NULL, &value))
        message = value;
    }

  if (g_strcmp0 (message, self->message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
}

/**
 * mv_field_errors_mark:
 * @message: (nullable): the error to mark @widget with; %NULL: unmark
 *
 * Marks @widget only; a size field gets it as its extra error.
 */
void
mv_field_errors_mark (MvFieldErrors *self,
                      GtkWidget     *widget,
                      const char    *message)
{
  g_return_if_fail (MV_IS_FIELD_ERRORS (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (MV_IS_SIZE_ENTRY (widget))
    {
      mv_size_entry_set_extra_error (MV_SIZE_ENTRY (widget), message);
      return;
    }

  /* The field's own tooltip (its help) gives way to an error while there
   * is one, and comes back after. */
  if (!g_hash_table_contains (self->help, widget))
    g_hash_table_insert (self->help, widget, g_strdup (gtk_widget_get_tooltip_text (widget)));
  _mv_editor_mark_field (widget, g_hash_table_lookup (self->help, widget), message);
}

/**
 * mv_field_errors_set:
 * @widget: (nullable): the field's widget to mark (not a size field,
 *   which marks itself)
 * @message: (nullable): why @field does not parse; %NULL: it does
 */
void
mv_field_errors_set (MvFieldErrors *self,
                     const char    *field,
                     GtkWidget     *widget,
                     const char    *message)
{
  g_return_if_fail (MV_IS_FIELD_ERRORS (self));
  g_return_if_fail (field != NULL);

  g_free (self->field);
  self->field = g_strdup (field);
  if (message != NULL)
    g_hash_table_replace (self->errors, g_strdup (field), g_strdup (message));
  else
    g_hash_table_remove (self->errors, field);
  if (widget != NULL && !MV_IS_SIZE_ENTRY (widget))
    mv_field_errors_mark (self, widget, message);
  update_message (self);
}

gboolean
mv_field_errors_has (MvFieldErrors *self,
                     const char    *field)
{
  g_return_val_if_fail (MV_IS_FIELD_ERRORS (self), FALSE);
  return g_hash_table_contains (self->errors, field);
}

/**
 * mv_field_errors_clear:
 *
 * Forgets every field's error (the marks stay until the fields are
 * marked again).
 */
void
mv_field_errors_clear (MvFieldErrors *self)
{
  g_return_if_fail (MV_IS_FIELD_ERRORS (self));

  g_hash_table_remove_all (self->errors);
  g_clear_pointer (&self->field, g_free);
  update_message (self);
}

/**
 * mv_field_errors_get_message:
 *
 * Returns: (nullable): the error to show
 */
const char *
mv_field_errors_get_message (MvFieldErrors *self)
{
  g_return_val_if_fail (MV_IS_FIELD_ERRORS (self), NULL);
  return self->message;
}

static void
mv_field_errors_finalize (GObject *object)
{
  MvFieldErrors *self = MV_FIELD_ERRORS (object);

  g_hash_table_unref (self->errors);
  g_hash_table_unref (self->help);
  g_free (self->field);
  g_free (self->message);

  G_OBJECT_CLASS (mv_field_errors_parent_class)->finalize (object);
}

static void
mv_field_errors_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MvFieldErrors *self = MV_FIELD_ERRORS (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_field_errors_class_init (MvFieldErrorsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mv_field_errors_finalize;
  object_class->get_property = mv_field_errors_get_property;

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mv_field_errors_init (MvFieldErrors *self)
{
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->help = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

MvFieldErrors *
mv_field_errors_new (void)
{
  return g_object_new (MV_TYPE_FIELD_ERRORS, NULL);
}
