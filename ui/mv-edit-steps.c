/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-edit-steps.h"

struct _MvEditSteps
{
  GObject    parent_instance;

  GtkWidget *area;        /* weak: the widget whose fields are watched */
  GtkRoot   *root;        /* weak */
  gulong     focus_id;
  GtkWidget *focus_text;  /* the focused GtkText in the area, weak */
  gulong     delete_id;
};

enum {
  STEP_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvEditSteps, mv_edit_steps, G_TYPE_OBJECT)

static void
text_delete (GtkEditable *text,
             int          start,
             int          end,
             MvEditSteps *self)
{
  int n_chars = (int) g_utf8_strlen (gtk_editable_get_text (text), -1);
  int sel_start, sel_end;

  if (n_chars == 0)
    return;
  if (end < 0 || end > n_chars)
    end = n_chars;
  /* Typing over the whole text, selected: a new edit, not more of the
   * last one. */
  if (start == 0 && end == n_chars &&
      gtk_editable_get_selection_bounds (text, &sel_start, &sel_end) &&
      sel_start == 0 && sel_end == n_chars)
    g_signal_emit (self, signals[STEP_ENDED], 0, TRUE);
}

static void
drop_focus_text (MvEditSteps *self)
{
  if (self->focus_text != NULL)
    {
      g_clear_signal_handler (&self->delete_id, self->focus_text);
      g_object_remove_weak_pointer (G_OBJECT (self->focus_text), (gpointer *) &self->focus_text);
      self->focus_text = NULL;
    }
  self->delete_id = 0;
}

static void
focus_widget_changed (MvEditSteps *self)
{
  GtkWidget *focus = self->root ? gtk_root_get_focus (self->root) : NULL;

  if (focus == self->focus_text)
    return;
  /* The focus moved: whatever is typed next is a new undo step. */
  g_signal_emit (self, signals[STEP_ENDED], 0, FALSE);
  drop_focus_text (self);
  if (focus != NULL && self->area != NULL && GTK_IS_TEXT (focus) && gtk_widget_is_ancestor (focus, self->area))
    {
      self->focus_text = focus;
      g_object_add_weak_pointer (G_OBJECT (focus), (gpointer *) &self->focus_text);
      self->delete_id = g_signal_connect (focus, "delete-text", G_CALLBACK (text_delete), self);
    }
}

/**
 * mv_edit_steps_set_root:
 * @root: (nullable): the area's root, as it is rooted; %NULL as it is
 *   unrooted
 */
void
mv_edit_steps_set_root (MvEditSteps *self,
                        GtkRoot     *root)
{
  g_return_if_fail (MV_IS_EDIT_STEPS (self));

  drop_focus_text (self);
  if (self->root != NULL)
    {
      g_clear_signal_handler (&self->focus_id, self->root);
      g_object_remove_weak_pointer (G_OBJECT (self->root), (gpointer *) &self->root);
    }
  self->root = root;
  if (root != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (root), (gpointer *) &self->root);
      self->focus_id = g_signal_connect_swapped (root, "notify::focus-widget",
                                                 G_CALLBACK (focus_widget_changed), self);
    }
}

static void
mv_edit_steps_dispose (GObject *object)
{
  MvEditSteps *self = MV_EDIT_STEPS (object);

  mv_edit_steps_set_root (self, NULL);
  if (self->area != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->area), (gpointer *) &self->area);
  self->area = NULL;

  G_OBJECT_CLASS (mv_edit_steps_parent_class)->dispose (object);
}

static void
mv_edit_steps_class_init (MvEditStepsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mv_edit_steps_dispose;

  /**
   * MvEditSteps::step-ended:
   * @typed_over: %TRUE when a whole selected text is being typed over,
   *   %FALSE when the focus moved
   */
  signals[STEP_ENDED] =
    g_signal_new ("step-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
mv_edit_steps_init (MvEditSteps *self)
{
}

/**
 * mv_edit_steps_new:
 * @area: the widget whose text fields to watch (not kept alive)
 */
MvEditSteps *
mv_edit_steps_new (GtkWidget *area)
{
  MvEditSteps *self;

  g_return_val_if_fail (GTK_IS_WIDGET (area), NULL);

  self = g_object_new (MV_TYPE_EDIT_STEPS, NULL);
  self->area = area;
  g_object_add_weak_pointer (G_OBJECT (area), (gpointer *) &self->area);
  return self;
}
