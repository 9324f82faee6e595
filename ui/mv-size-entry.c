/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-focus-private.h"
#include <string.h>

#include "mv-ui-style.h"
#include "mv-parse.h"
#include "mv-range.h"
#include "mv-size-entry.h"

struct _MvSizeEntry
{
  GtkWidget  parent_instance;

  GtkWidget *entry;
  GtkWidget *down;
  GtkWidget *up;

  guint64    value;
  guint64    step;
  char      *error;
  char      *extra_error;
  gboolean   updating;
  guint      check_id;  /* an unparsable text, judged before the next frame */
};

enum {
  PROP_0,
  PROP_VALUE,
  PROP_STEP,
  PROP_ERROR,
  N_PROPS
};

enum {
  VALUE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvSizeEntry, mv_size_entry, GTK_TYPE_WIDGET)

static void
update_error_state (MvSizeEntry *self)
{
  const char *message = self->error ? self->error : self->extra_error;

  if (message != NULL)
    {
      gtk_widget_add_css_class (self->entry, "error");
      _mv_widget_set_tooltip (self->entry, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                                   GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (self->entry, "error");
      _mv_widget_set_tooltip (self->entry, NULL);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
set_error (MvSizeEntry *self,
           const char  *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  update_error_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
check_text (MvSizeEntry *self)
{
  g_autoptr(GError) error = NULL;
  guint64 value;

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (!mv_parse_size (gtk_editable_get_text (GTK_EDITABLE (self->entry)), &value, &error))
    set_error (self, error->message);
}

static gboolean
check_text_cb (gpointer data)
{
  MvSizeEntry *self = data;

  self->check_id = 0;
  check_text (self);
  return G_SOURCE_REMOVE;
}

static void
entry_changed (MvSizeEntry *self)
{
  const char *text;
  guint64 value;

  if (self->updating)
    return;

  /* Replacing the text deletes, then inserts: the empty text between is
   * no error of the user's. A text that does not parse is judged once,
   * before the next frame, so the field and the window do not flash. */
  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  if (!mv_parse_size (text, &value, NULL))
    {
      if (self->check_id == 0)
        self->check_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, check_text_cb, self, NULL);
      return;
    }

  g_clear_handle_id (&self->check_id, g_source_remove);
  set_error (self, NULL);
  if (value != self->value)
    {
      self->value = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
      g_signal_emit (self, signals[VALUE_CHANGED], 0);
    }
}

static void
show_value (MvSizeEntry *self)
{
  g_autofree char *text = mv_format_size (self->value);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  self->updating = FALSE;
  set_error (self, NULL);
}

/* Leaving the field (or pressing Enter) tidies a size typed in short,
 * "12G" to "12 GiB"; a hexadecimal size stays as typed. */
static void
tidy_text (MvSizeEntry *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *tidy = NULL;
  guint64 value;

  while (g_ascii_isspace (*text))
    text++;
  if (g_ascii_strncasecmp (text, "0x", 2) == 0 ||
      !mv_parse_size (text, &value, NULL) || value != self->value)
    return;
  tidy = mv_format_size (value);
  if (strcmp (tidy, gtk_editable_get_text (GTK_EDITABLE (self->entry))) != 0)
    {
      show_value (self);
      gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
    }
}

/* The focus left the text: tidy it, unless only the window lost the
 * focus (switching to another window and back goes on typing). */
static void
focus_left (MvSizeEntry *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (focus == GTK_WIDGET (self) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self))))
    return;
  tidy_text (self);
}

static void
step_by (MvSizeEntry *self,
         int          direction,
         guint64      step)
{
  guint64 value = self->value;

  if (step == 0)
    return;

  if (direction > 0)
    {
      /* Round up to the next multiple of the step, without wrapping. */
      guint64 next = (value / step + 1) * step;

      if (value / step + 1 > G_MAXUINT64 / step || next > MV_MAX_ADDRESS)
        {
          gtk_widget_error_bell (GTK_WIDGET (self));
          return;
        }
      value = next;
    }
  else
    {
      guint64 prev = value % step ? value - value % step : value - step;

      if (value <= step)
        {
          gtk_widget_error_bell (GTK_WIDGET (self));
          return;
        }
      value = prev;
    }

  mv_size_entry_set_value (self, value);
  g_signal_emit (self, signals[VALUE_CHANGED], 0);
}

static void
up_clicked (MvSizeEntry *self)
{
  step_by (self, +1, self->step);
}

static void
down_clicked (MvSizeEntry *self)
{
  step_by (self, -1, self->step);
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             MvSizeEntry           *self)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      step_by (self, +1, self->step);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      step_by (self, -1, self->step);
      return TRUE;
    case GDK_KEY_Page_Up:
      step_by (self, +1, self->step <= G_MAXUINT64 / 16 ? self->step * 16 : self->step);
      return TRUE;
    case GDK_KEY_Page_Down:
      step_by (self, -1, self->step <= G_MAXUINT64 / 16 ? self->step * 16 : self->step);
      return TRUE;
    case GDK_KEY_Escape:
      if (self->error != NULL)
        {
          show_value (self);
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
}

static void
mv_size_entry_dispose (GObject *object)
{
  MvSizeEntry *self = MV_SIZE_ENTRY (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_SIZE_ENTRY);

  G_OBJECT_CLASS (mv_size_entry_parent_class)->dispose (object);
}

static void
mv_size_entry_finalize (GObject *object)
{
  MvSizeEntry *self = MV_SIZE_ENTRY (object);

  g_free (self->error);
  g_free (self->extra_error);

  G_OBJECT_CLASS (mv_size_entry_parent_class)->finalize (object);
}

static void
mv_size_entry_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MvSizeEntry *self = MV_SIZE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_uint64 (value, self->value);
      break;
    case PROP_STEP:
      g_value_set_uint64 (value, self->step);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_size_entry_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MvSizeEntry *self = MV_SIZE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      mv_size_entry_set_value (self, g_value_get_uint64 (value));
      break;
    case PROP_STEP:
      mv_size_entry_set_step (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
mv_size_entry_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (MV_SIZE_ENTRY (widget)->entry);
}

static void
mv_size_entry_class_init (MvSizeEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_size_entry_dispose;
  object_class->finalize = mv_size_entry_finalize;
  object_class->get_property = mv_size_entry_get_property;
  object_class->set_property = mv_size_entry_set_property;
  widget_class->grab_focus = mv_size_entry_grab_focus;
  widget_class->focus = _mv_widget_focus_children;

  properties[PROP_VALUE] =
    g_param_spec_uint64 ("value", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_uint64 ("step", NULL, NULL, 0, G_MAXUINT64, (guint64) 1 << 30,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[VALUE_CHANGED] =
    g_signal_new ("value-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-size-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, MvSizeEntry, entry);
  gtk_widget_class_bind_template_child (widget_class, MvSizeEntry, down);
  gtk_widget_class_bind_template_child (widget_class, MvSizeEntry, up);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, tidy_text);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, focus_left);
  gtk_widget_class_bind_template_callback (widget_class, down_clicked);
  gtk_widget_class_bind_template_callback (widget_class, up_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mvsizeentry");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mv_size_entry_init (MvSizeEntry *self)
{
  self->step = (guint64) 1 << 30;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mv_size_entry_new (void)
{
  return g_object_new (MV_TYPE_SIZE_ENTRY, NULL);
}

guint64
mv_size_entry_get_value (MvSizeEntry *self)
{
  g_return_val_if_fail (MV_IS_SIZE_ENTRY (self), 0);
  return self->value;
}

/**
 * mv_size_entry_set_value:
 *
 * Shows @value (formatted) unless the text already says it; emits no
 * #MvSizeEntry::value-changed.
 */
void
mv_size_entry_set_value (MvSizeEntry *self,
                         guint64      value)
{
  const char *text;
  guint64 shown;

  g_return_if_fail (MV_IS_SIZE_ENTRY (self));

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  if (self->value == value && mv_parse_size (text, &shown, NULL) && shown == value)
    return;

  self->value = value;
  show_value (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

guint64
mv_size_entry_get_step (MvSizeEntry *self)
{
  g_return_val_if_fail (MV_IS_SIZE_ENTRY (self), 0);
  return self->step;
}

void
mv_size_entry_set_step (MvSizeEntry *self,
                        guint64      step)
{
  g_return_if_fail (MV_IS_SIZE_ENTRY (self));

  if (self->step == step)
    return;
  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/**
 * mv_size_entry_get_error:
 *
 * Returns: (nullable): why the text does not parse
 */
const char *
mv_size_entry_get_error (MvSizeEntry *self)
{
  g_return_val_if_fail (MV_IS_SIZE_ENTRY (self), NULL);
  if (self->check_id != 0)
    check_text (self);
  return self->error;
}

/**
 * mv_size_entry_set_extra_error:
 * @message: (nullable): an error about the value (not its syntax) to mark
 *   the field with, e.g. the layout's
 */
void
mv_size_entry_set_extra_error (MvSizeEntry *self,
                               const char  *message)
{
  g_return_if_fail (MV_IS_SIZE_ENTRY (self));

  if (g_strcmp0 (self->extra_error, message) == 0)
    return;
  g_free (self->extra_error);
  self->extra_error = g_strdup (message);
  update_error_state (self);
}

/**
 * mv_size_entry_get_editable:
 *
 * Returns: (transfer none): the text field, for tests and accessibility
 */
GtkEditable *
mv_size_entry_get_editable (MvSizeEntry *self)
{
  g_return_val_if_fail (MV_IS_SIZE_ENTRY (self), NULL);
  return GTK_EDITABLE (self->entry);
}
