/* SPDX-License-Identifier: MIT */
/* A note over the bottom of the picture for a few seconds: what just
 * happened, and a button that undoes it. */
#include "config.h"

#include "mv-note.h"

struct _MvNote
{
  GtkWidget  parent_instance;

  char      *action;   /* what the button activates */
  guint      timeout;

  /* template */
  GtkWidget *revealer;
  GtkWidget *label;
  GtkWidget *button;
};

G_DEFINE_FINAL_TYPE (MvNote, mv_note, GTK_TYPE_WIDGET)

static void
hide (MvNote *self)
{
  g_clear_handle_id (&self->timeout, g_source_remove);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), FALSE);
  g_clear_pointer (&self->action, g_free);
}

static gboolean
timeout_cb (gpointer data)
{
  MvNote *self = MV_NOTE (data);

  self->timeout = 0;
  hide (self);
  return G_SOURCE_REMOVE;
}

/**
 * mv_note_show:
 * @button_label: (nullable): the button's label
 * @action_name: (nullable): the action the button activates (resolved
 *   from the note up, as "win.undo")
 *
 * Says @text for a few seconds, with a button when both are given.
 */
void
mv_note_show (MvNote     *self,
              const char *text,
              const char *button_label,
              const char *action_name)
{
  g_return_if_fail (MV_IS_NOTE (self));

  g_clear_handle_id (&self->timeout, g_source_remove);
  g_free (self->action);
  self->action = g_strdup (action_name);
  gtk_label_set_label (GTK_LABEL (self->label), text);
  gtk_button_set_label (GTK_BUTTON (self->button), button_label ? button_label : "");
  gtk_widget_set_visible (self->button, button_label != NULL && action_name != NULL);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), TRUE);
  self->timeout = g_timeout_add_seconds (10, timeout_cb, self);
}

/* What the note's button would have done no longer applies. */
void
mv_note_drop_action (MvNote *self)
{
  g_return_if_fail (MV_IS_NOTE (self));
  g_clear_pointer (&self->action, g_free);
}

/**
 * mv_note_get_part:
 * @name: "revealer", "label", "button"
 *
 * Returns: (transfer none) (nullable): a part of the note, for tests
 */
GtkWidget *
mv_note_get_part (MvNote     *self,
                  const char *name)
{
  g_return_val_if_fail (MV_IS_NOTE (self), NULL);

  if (g_strcmp0 (name, "revealer") == 0)
    return self->revealer;
  if (g_strcmp0 (name, "label") == 0)
    return self->label;
  if (g_strcmp0 (name, "button") == 0)
    return self->button;
  return NULL;
}

static void
button_clicked (MvNote *self)
{
  g_autofree char *action = g_steal_pointer (&self->action);

  hide (self);
  if (action != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
}

static void
close_clicked (MvNote *self)
{
  hide (self);
}

static void
mv_note_dispose (GObject *object)
{
  MvNote *self = MV_NOTE (object);

  g_clear_handle_id (&self->timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_NOTE);
  G_OBJECT_CLASS (mv_note_parent_class)->dispose (object);
}

static void
mv_note_finalize (GObject *object)
{
  g_free (MV_NOTE (object)->action);
  G_OBJECT_CLASS (mv_note_parent_class)->finalize (object);
}

static void
mv_note_class_init (MvNoteClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mv_note_dispose;
  G_OBJECT_CLASS (klass)->finalize = mv_note_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-note.ui");
  gtk_widget_class_bind_template_child (widget_class, MvNote, revealer);
  gtk_widget_class_bind_template_child (widget_class, MvNote, label);
  gtk_widget_class_bind_template_child (widget_class, MvNote, button);
  gtk_widget_class_bind_template_callback (widget_class, button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mv_note_init (MvNote *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
