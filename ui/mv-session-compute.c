/* SPDX-License-Identifier: MIT */
/* MvSession's computation: runs the document through the core, at once
 * or, for large imports, in a thread with progress and cancel, and takes
 * the result (or keeps the last good one beside the error). */
#include "config.h"

#include <glib/gstdio.h>

#include "mv-layout-errors.h"
#include "mv-session-private.h"

static void
set_error (MvSession  *self,
           const char *field,
           const char *message)
{
  if (g_strcmp0 (self->error, message) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_ERROR]);
    }
  g_free (self->error_field);
  self->error_field = g_strdup (field);
}

/* Takes @scenario, computed from @doc. */
static void
apply_scenario (MvSession  *self,
                MvScenario *scenario,
                MvDocument *doc)
{
  const char *field = NULL;
  g_autofree char *message = mv_scenario_error_message (scenario, doc, &field);

  set_error (self, field, message);

  if (self->error == NULL || self->scenario == NULL)
    {
      /* Good, or nothing better to show: take it. */
      g_clear_pointer (&self->scenario, mv_scenario_free);
      g_clear_pointer (&self->scenario_doc, mv_document_free);
      self->scenario = scenario;
      self->scenario_doc = doc;
      self->stale = self->error != NULL;
    }
  else
    {
      /* Keep the last good picture; the window dims it. */
      mv_scenario_free (scenario);
      mv_document_free (doc);
      self->stale = TRUE;
    }

  g_signal_emit (self, _mv_session_signals[CHANGED], 0);
}

/* What the files the scenario reads add up to; files it may not read
 * are not even looked at. */
static guint64
import_bytes (const MvDocument *doc,
              MvScenarioFlags   flags)
{
  g_autoptr(GPtrArray) files = mv_document_list_files (doc);
  guint64 total = 0;

  if (flags & MV_SCENARIO_SKIP_FILES)
    return 0;

  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);
      g_autofree char *path = NULL;
      gboolean skip = FALSE;
      GStatBuf st;

      if (spec->kind != MV_IMPORT_KIND_FILE)
        continue;
      for (guint j = 0; j < files->len; j++)
        {
          const MvDocumentFile *f = g_ptr_array_index (files, j);

          if (f->import_index == i && f->outside && (flags & MV_SCENARIO_SKIP_OUTSIDE_FILES))
            skip = TRUE;
        }
      if (skip)
        continue;
      if (spec->has_length)
        {
          total += spec->length;
          continue;
        }
      path = mv_document_resolve_path (doc, spec->path);
      if (path != NULL && g_stat (path, &st) == 0 && st.st_size > 0)
        total += (guint64) st.st_size;
    }
  /* The boot loader's files (a kernel, an initrd, firmware). */
  for (guint j = 0; j < files->len; j++)
    {
      const MvDocumentFile *f = g_ptr_array_index (files, j);
      GStatBuf st;

      if (f->boot_key == NULL || f->resolved == NULL ||
          (f->outside && (flags & MV_SCENARIO_SKIP_OUTSIDE_FILES)))
        continue;
      if (g_stat (f->resolved, &st) == 0 && st.st_size > 0)
        total += (guint64) st.st_size;
    }
  return total;
}

static gboolean
has_file_imports (const MvDocument *doc)
{
  g_autoptr(GPtrArray) files = mv_document_list_files (doc);

  if (files->len > 0)
    return TRUE;   /* a [boot] file too */
  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);

      if (spec->kind == MV_IMPORT_KIND_FILE)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  GCancellable *cancellable;
  gint         *permille;    /* this task's own counter */
} ProgressData;

static gboolean
thread_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  ProgressData *data = user_data;

  /* Each task counts in its own box: a cancelled worker still running
   * cannot write over the progress of the task that replaced it. */
  if (g_cancellable_is_cancelled (data->cancellable))
    return FALSE;
  if (total > 0)
    g_atomic_int_set (data->permille, (gint) (done * 1000 / total));
  return TRUE;
}

typedef struct
{
  MvDocument      *doc;
  MvScenarioFlags  flags;
  gint            *permille;  /* a reference to the task's progress box */
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  mv_document_free (data->doc);
  g_atomic_rc_box_release (data->permille);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const ComputeData *compute = task_data;
  ProgressData data = { cancellable, compute->permille };
  MvScenario *scenario;

  scenario = mv_scenario_run_full (compute->doc, compute->flags, thread_progress, &data);
  if (g_cancellable_is_cancelled (cancellable))
    {
      mv_scenario_free (scenario);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Loading was cancelled: its files were not read to the end "
                               "(undo takes the edit back)");
      return;
    }
  g_task_return_pointer (task, scenario, (GDestroyNotify) mv_scenario_free);
}

static gboolean
progress_tick (gpointer user_data)
{
  MvSession *self = user_data;
  double progress = self->progress_permille ? g_atomic_int_get (self->progress_permille) / 1000.0 : 0.0;

  if (progress != self->progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_PROGRESS]);
    }
  return G_SOURCE_CONTINUE;
}

static void
compute_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MvSession) self = MV_SESSION (object);
  GTask *task = G_TASK (result);
  guint64 generation = GPOINTER_TO_SIZE (user_data);
  g_autoptr(GError) error = NULL;
  MvScenario *scenario;

  scenario = g_task_propagate_pointer (task, &error);

  if (generation != self->generation)
    {
      /* An older document; a newer computation is under way. */
      g_clear_pointer (&scenario, mv_scenario_free);
      return;
    }

  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->progress = 0.0;
  g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_BUSY]);
  g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_PROGRESS]);

  if (scenario == NULL)
    {
      set_error (self, "import", error->message);
      self->stale = TRUE;
      g_signal_emit (self, _mv_session_signals[CHANGED], 0);
      return;
    }

  apply_scenario (self, scenario, mv_document_copy (self->doc));
}

void
_mv_session_recompute (MvSession *self)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *compute;
  gboolean was_busy = self->cancellable != NULL;

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_handle_id (&self->progress_source, g_source_remove);
    }

  if (!has_file_imports (self->doc) ||
      (self->threshold > 0 && import_bytes (self->doc, self->flags) <= self->threshold))
    {
      gboolean had_progress = self->progress != 0.0;

      apply_scenario (self, mv_scenario_run (self->doc, self->flags),
                      mv_document_copy (self->doc));
      if (had_progress)
        {
          self->progress = 0.0;
          g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_PROGRESS]);
        }
      /* Most edits compute at once: busy did not change, and telling so
       * would restyle the progress bar at every keystroke. */
      if (was_busy)
        g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_BUSY]);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->progress = 0.0;
  g_clear_pointer (&self->progress_permille, g_atomic_rc_box_release);
  self->progress_permille = g_atomic_rc_box_new0 (gint);
  self->progress_source = g_timeout_add (50, progress_tick, self);

  task = g_task_new (self, self->cancellable, compute_done,
                     GSIZE_TO_POINTER (self->generation));
  g_object_ref (self);  /* released in compute_done */
  compute = g_new0 (ComputeData, 1);
  compute->doc = mv_document_copy (self->doc);
  compute->flags = self->flags;
  compute->permille = g_atomic_rc_box_acquire (self->progress_permille);
  g_task_set_task_data (task, compute, (GDestroyNotify) compute_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  /* The thread says what was cancelled ("Operation was cancelled" else). */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, compute_thread);
  g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_BUSY]);
}
