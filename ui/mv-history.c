/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-history.h"

typedef struct
{
  gpointer  state;
  char     *merge_key;
  char     *label;
} Step;

struct _MvHistory
{
  MvHistoryCopyFunc copy_func;
  GDestroyNotify    free_func;
  guint             max_steps;
  GQueue            undo;   /* Step, newest at the head */
  GQueue            redo;   /* Step, newest at the head */
  gboolean          merge_broken;
  gint64            merge_timeout;  /* µs; a longer pause ends a step */
  gint64            last_push;      /* monotonic µs of the last push */
};

/* A pause this long between two edits of one field starts a new step. */
#define DEFAULT_MERGE_TIMEOUT (G_USEC_PER_SEC)

static void
step_free (MvHistory *self,
           Step      *step)
{
  if (step == NULL)
    return;
  self->free_func (step->state);
  g_free (step->merge_key);
  g_free (step->label);
  g_free (step);
}

static Step *
step_new (MvHistory     *self,
          gconstpointer  state,
          const char    *merge_key,
          const char    *label)
{
  Step *step = g_new0 (Step, 1);

  step->state = self->copy_func (state);
  step->merge_key = g_strdup (merge_key);
  step->label = g_strdup (label);
  return step;
}

static void
queue_clear (MvHistory *self,
             GQueue    *queue)
{
  Step *step;

  while ((step = g_queue_pop_head (queue)) != NULL)
    step_free (self, step);
}

/**
 * mv_history_new:
 * @copy_func: copies a state
 * @free_func: frees a state
 * @max_steps: how many undo steps to keep (0: 1000)
 */
MvHistory *
mv_history_new (MvHistoryCopyFunc copy_func,
                GDestroyNotify    free_func,
                guint             max_steps)
{
  MvHistory *self;

  g_return_val_if_fail (copy_func != NULL, NULL);
  g_return_val_if_fail (free_func != NULL, NULL);

  self = g_new0 (MvHistory, 1);
  self->copy_func = copy_func;
  self->free_func = free_func;
  self->max_steps = max_steps ? max_steps : 1000;
  self->merge_timeout = DEFAULT_MERGE_TIMEOUT;
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  return self;
}

void
mv_history_free (MvHistory *self)
{
  if (self == NULL)
    return;
  mv_history_clear (self);
  g_free (self);
}

void
mv_history_clear (MvHistory *self)
{
  g_return_if_fail (self != NULL);

  queue_clear (self, &self->undo);
  queue_clear (self, &self->redo);
  self->merge_broken = FALSE;
}

/**
 * mv_history_push:
 * @before: the state before the edit (copied)
 * @merge_key: (nullable): edits with the same key in a row form one step
 * @label: (nullable): what the edit did, for the undo button's tooltip
 *
 * Records an edit. Clears the redo stack. An edit merges into the step on
 * top when it has the same key, nothing broke the merge since, and it
 * comes within the merge timeout (see mv_history_set_merge_timeout()) of
 * the previous edit.
 */
void
mv_history_push (MvHistory     *self,
                 gconstpointer  before,
                 const char    *merge_key,
                 const char    *label)
{
  Step *top;
  gint64 now = g_get_monotonic_time ();
  gboolean paused;

  g_return_if_fail (self != NULL);
  g_return_if_fail (before != NULL);

  queue_clear (self, &self->redo);

  paused = now - self->last_push > self->merge_timeout;
  self->last_push = now;
  top = g_queue_peek_head (&self->undo);
  if (top != NULL && merge_key != NULL && !self->merge_broken && !paused &&
      g_strcmp0 (top->merge_key, merge_key) == 0)
    return;  /* the step already holds the state before the first edit */

  g_queue_push_head (&self->undo, step_new (self, before, merge_key, label));
  self->merge_broken = FALSE;

  while (self->undo.length > self->max_steps)
    step_free (self, g_queue_pop_tail (&self->undo));
}

/**
 * mv_history_break_merge:
 *
 * The next push starts a new step even with the same merge key (the user
 * left the field, or undid).
 */
void
mv_history_break_merge (MvHistory *self)
{
  g_return_if_fail (self != NULL);
  self->merge_broken = TRUE;
}

/**
 * mv_history_set_merge_timeout:
 * @usec: the longest pause, in microseconds, between two edits that still
 *   form one step (0: every edit is a step of its own)
 *
 * The default is one second: typing merges, a new burst after a pause
 * starts a new step.
 */
void
mv_history_set_merge_timeout (MvHistory *self,
                              gint64     usec)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (usec >= 0);
  self->merge_timeout = usec;
}

gboolean
mv_history_can_undo (const MvHistory *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->undo.length > 0;
}

gboolean
mv_history_can_redo (const MvHistory *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->redo.length > 0;
}

guint
mv_history_n_undo (const MvHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->undo.length;
}

guint
mv_history_n_redo (const MvHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->redo.length;
}

const char *
mv_history_undo_label (const MvHistory *self)
{
  Step *top;

  g_return_val_if_fail (self != NULL, NULL);
  top = g_queue_peek_head ((GQueue *) &self->undo);
  return top ? top->label : NULL;
}

const char *
mv_history_redo_label (const MvHistory *self)
{
  Step *top;

  g_return_val_if_fail (self != NULL, NULL);
  top = g_queue_peek_head ((GQueue *) &self->redo);
  return top ? top->label : NULL;
}

/**
 * mv_history_undo:
 * @current: the state now (copied onto the redo stack)
 *
 * Returns: (transfer full) (nullable): the state to go back to, or %NULL
 *   when there is nothing to undo
 */
gpointer
mv_history_undo (MvHistory     *self,
                 gconstpointer  current)
{
  Step *step;
  gpointer state;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (current != NULL, NULL);

  step = g_queue_pop_head (&self->undo);
  if (step == NULL)
    return NULL;

  g_queue_push_head (&self->redo, step_new (self, current, step->merge_key, step->label));
  state = g_steal_pointer (&step->state);
  g_free (step->merge_key);
  g_free (step->label);
  g_free (step);
  self->merge_broken = TRUE;
  return state;
}

/**
 * mv_history_redo:
 * @current: the state now (copied onto the undo stack)
 *
 * Returns: (transfer full) (nullable): the state to go forward to
 */
gpointer
mv_history_redo (MvHistory     *self,
                 gconstpointer  current)
{
  Step *step;
  gpointer state;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (current != NULL, NULL);

  step = g_queue_pop_head (&self->redo);
  if (step == NULL)
    return NULL;

  g_queue_push_head (&self->undo, step_new (self, current, step->merge_key, step->label));
  state = g_steal_pointer (&step->state);
  g_free (step->merge_key);
  g_free (step->label);
  g_free (step);
  self->merge_broken = TRUE;
  return state;
}
