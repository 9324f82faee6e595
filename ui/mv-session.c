/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <glib/gstdio.h>

#include "mv-document-source.h"
#include "mv-history.h"
#include "mv-mtrr.h"
#include "mv-parse.h"
#include "mv-presets.h"
#include "mv-session.h"
#include "mv-session-private.h"

GParamSpec *_mv_session_properties[N_PROPS];
guint _mv_session_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvSession, mv_session, G_TYPE_OBJECT)

static void load_with_flags (MvSession       *self,
                             MvDocument      *doc,
                             GFile           *file,
                             const char      *title,
                             MvScenarioFlags  flags);

static void
mv_session_dispose (GObject *object)
{
  MvSession *self = MV_SESSION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->file);
  g_clear_object (&self->source);
  if (self->doc_source != NULL)
    g_object_run_dispose (G_OBJECT (self->doc_source));
  g_clear_object (&self->doc_source);

  G_OBJECT_CLASS (mv_session_parent_class)->dispose (object);
}

static void
mv_session_finalize (GObject *object)
{
  MvSession *self = MV_SESSION (object);

  g_clear_pointer (&self->doc, mv_document_free);
  g_clear_pointer (&self->saved, mv_document_free);
  g_clear_pointer (&self->scenario, mv_scenario_free);
  g_clear_pointer (&self->scenario_doc, mv_document_free);
  g_clear_pointer (&self->history, mv_history_free);
  g_clear_pointer (&self->preset, g_free);
  g_clear_pointer (&self->preset_docs, g_hash_table_unref);
  g_clear_pointer (&self->progress_permille, g_atomic_rc_box_release);
  g_free (self->title);
  g_free (self->error);
  g_free (self->error_field);

  G_OBJECT_CLASS (mv_session_parent_class)->finalize (object);
}

static void
mv_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MvSession *self = MV_SESSION (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, mv_session_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, mv_session_can_redo (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, mv_session_get_modified (self));
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_take_string (value, mv_session_dup_title (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, mv_session_get_busy (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_SOURCE:
      g_value_set_object (value, mv_session_get_source (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_session_class_init (MvSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mv_session_dispose;
  object_class->finalize = mv_session_finalize;
  object_class->get_property = mv_session_get_property;

  _mv_session_properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _mv_session_properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _mv_session_properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _mv_session_properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _mv_session_properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _mv_session_properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _mv_session_properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _mv_session_properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _mv_session_properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, MV_TYPE_VIEW_SOURCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, _mv_session_properties);

  /**
   * MvSession::changed:
   *
   * The document, the scenario or the error changed.
   */
  _mv_session_signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mv_session_init (MvSession *self)
{
  self->history = mv_history_new ((MvHistoryCopyFunc) mv_document_copy,
                                  (GDestroyNotify) mv_document_free, 500);
  self->doc = mv_document_new ();
  self->saved = mv_document_copy (self->doc);
  self->threshold = DEFAULT_THRESHOLD;
}

/**
 * mv_session_new:
 *
 * A session with an empty document; load one with mv_session_load().
 */
MvSession *
mv_session_new (void)
{
  return g_object_new (MV_TYPE_SESSION, NULL);
}

const MvDocument *
mv_session_get_document (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return self->doc;
}

/**
 * mv_session_dup_document:
 *
 * Returns: (transfer full): a copy of the current document, to edit and
 *   hand back with mv_session_edit()
 */
MvDocument *
mv_session_dup_document (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return mv_document_copy (self->doc);
}

/**
 * mv_session_get_scenario:
 *
 * Returns: (nullable): the last scenario that computed without a layout
 *   or MTRR error; it belongs to an older document when
 *   mv_session_get_stale() is %TRUE
 */
const MvScenario *
mv_session_get_scenario (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return self->scenario;
}

const MvDocument *
mv_session_get_scenario_document (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return self->scenario_doc;
}

/**
 * mv_session_get_mtrr_state:
 *
 * Returns: (nullable): the whole MTRR state the guest starts with (the
 *   boot profile's registers plus the variable pairs) for the scenario
 */
const MvMtrrState *
mv_session_get_mtrr_state (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return self->scenario ? self->scenario->mtrr_state : NULL;
}

/**
 * mv_session_get_diagnostics:
 *
 * Returns: (transfer none) (nullable) (element-type MvDiagnostic): what is wrong or
 *   surprising about the scenario's MTRRs and layout
 */
GPtrArray *
mv_session_get_diagnostics (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return self->scenario ? self->scenario->diagnostics : NULL;
}

gboolean
mv_session_get_stale (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), FALSE);
  return self->stale;
}

/**
 * mv_session_get_error:
 *
 * Returns: (nullable): why the current document does not compute, in
 *   upstream's terms
 */
const char *
mv_session_get_error (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return self->error;
}

/**
 * mv_session_get_error_field:
 *
 * Returns: (nullable): the editor field the error is about: "ram", "numa",
 *   "mmio", "pci-ecam", "pci-mmio", "vtl2", "low-mmio", "high-mmio",
 *   "width", "vcnt" or "import"
 */
const char *
mv_session_get_error_field (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return self->error_field;
}

/**
 * mv_session_get_generation:
 *
 * Returns: a number that grows with every change of the document
 */
guint64
mv_session_get_generation (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), 0);
  return self->generation;
}

/**
 * mv_session_get_history:
 *
 * Returns: (transfer none): the session's undo history (tests set its
 *   merge timeout; edits go through the session)
 */
MvHistory *
mv_session_get_history (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return self->history;
}

static void
notify_history (MvSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_CAN_REDO]);
  g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_MODIFIED]);
  g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_TITLE]);
}

static void
set_document (MvSession  *self,
              MvDocument *doc)
{
  g_clear_pointer (&self->doc, mv_document_free);
  self->doc = doc;
  self->generation++;
  _mv_session_recompute (self);
  notify_history (self);
}

/* A preset's title, description and comments describe its layout ("OpenVMM
 * default, 8 GiB", "128 MiB low MMIO below 4 GiB…"). Once the layout is
 * edited they would state stale facts, in the picture and in the saved
 * file: the title says what the document came from ("Based on “…”"), the
 * description and the comments go. When the layout is the preset's again,
 * so are its words. The user's own title and description stay as typed. */
/* The preset @name's document, loaded once per session (edits compare
 * with it while the document keeps the preset's words). */
static const MvDocument *
preset_document (MvSession  *self,
                 const char *name)
{
  MvDocument *doc;

  if (self->preset_docs == NULL)
    self->preset_docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) mv_document_free);
  doc = g_hash_table_lookup (self->preset_docs, name);
  if (doc == NULL)
    {
      doc = mv_preset_load (name, NULL);
      if (doc != NULL)
        g_hash_table_insert (self->preset_docs, g_strdup (name), doc);
    }
  return doc;
}

/* Takes @doc; returns it, or the preset's own document in its place. */
static MvDocument *
retire_preset_prose (MvSession  *self,
                     MvDocument *doc)
{
  const MvDocument *preset;
  g_autofree char *based_on = NULL;
  gboolean own_words, retired;

  if (self->preset == NULL || doc->title == NULL)
    return doc;
  preset = preset_document (self, self->preset);
  if (preset == NULL || preset->title == NULL)
    return doc;

  based_on = g_strdup_printf ("Based on \u201c%s\u201d", preset->title);
  own_words = g_strcmp0 (doc->title, preset->title) == 0 &&
              g_strcmp0 (doc->description ? doc->description : "",
                         preset->description ? preset->description : "") == 0;
  retired = g_strcmp0 (doc->title, based_on) == 0 && doc->description == NULL;

  if (own_words && !mv_document_equal (doc, preset))
    {
      g_free (doc->title);
      doc->title = g_steal_pointer (&based_on);
      g_clear_pointer (&doc->description, g_free);
      mv_document_drop_comments (doc);
    }
  else if (retired)
    {
      /* The preset's layout again: its words and comments too, that is
       * the preset's document, kept where @doc lives. */
      g_autoptr(MvDocument) words = mv_document_copy (doc);
      MvDocument *again;

      g_free (words->title);
      words->title = g_strdup (preset->title);
      words->description = g_strdup (preset->description);
      if (!mv_document_equal (words, preset))
        return doc;
      again = mv_document_copy (preset);
      g_free (again->path);
      again->path = g_steal_pointer (&doc->path);
      g_free (again->base_dir);
      again->base_dir = g_steal_pointer (&doc->base_dir);
      g_clear_pointer (&again->warnings, g_ptr_array_unref);
      again->warnings = g_steal_pointer (&doc->warnings);
      mv_document_free (doc);
      return again;
    }
  return doc;
}

/**
 * mv_session_set_preset:
 * @name: (nullable): the preset the document was loaded from
 *
 * Edits that take the preset's layout away from it retire its title,
 * description and comments, which describe that layout; loading another
 * document forgets the preset.
 */
void
mv_session_set_preset (MvSession  *self,
                       const char *name)
{
  g_return_if_fail (MV_IS_SESSION (self));
  g_free (self->preset);
  self->preset = g_strdup (name);
}

const char *
mv_session_get_preset (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return self->preset;
}

/**
 * mv_session_edit:
 * @doc: (transfer full): the edited document
 * @merge_key: (nullable): consecutive edits with the same key are undone
 *   together (typing in one field)
 * @label: (nullable): what the edit did
 *
 * Replaces the document with @doc, records the old one for undo and
 * recomputes. An edit that changes nothing is dropped. An edit that takes
 * a preset's layout away from it also retires the preset's title,
 * description and comments (undo brings them back with the layout).
 */
void
mv_session_edit (MvSession  *self,
                 MvDocument *doc,
                 const char *merge_key,
                 const char *label)
{
  g_return_if_fail (MV_IS_SESSION (self));
  g_return_if_fail (doc != NULL);

  if (mv_document_equal (doc, self->doc))
    {
      mv_document_free (doc);
      return;
    }
  doc = retire_preset_prose (self, doc);

  mv_history_push (self->history, self->doc, merge_key, label);
  set_document (self, doc);
}

/**
 * mv_session_break_merge:
 *
 * The next edit starts a new undo step (the user left a field).
 */
void
mv_session_break_merge (MvSession *self)
{
  g_return_if_fail (MV_IS_SESSION (self));
  mv_history_break_merge (self->history);
}

/**
 * mv_session_load:
 * @doc: (transfer full): the document
 * @file: (nullable): where it lives, %NULL for a new (preset) document
 * @title: (nullable): the name of an unsaved document
 *
 * Starts over with @doc: clears the history and marks it unmodified.
 */
void
mv_session_load (MvSession  *self,
                 MvDocument *doc,
                 GFile      *file,
                 const char *title)
{
  g_return_if_fail (MV_IS_SESSION (self));
  g_return_if_fail (doc != NULL);

  load_with_flags (self, doc, file, title, MV_SCENARIO_NONE);
}

static void
load_with_flags (MvSession       *self,
                 MvDocument      *doc,
                 GFile           *file,
                 const char      *title,
                 MvScenarioFlags  flags)
{
  mv_history_clear (self->history);
  g_clear_pointer (&self->preset, g_free);
  self->flags = flags;
  g_clear_pointer (&self->saved, mv_document_free);
  self->saved = mv_document_copy (doc);
  g_set_object (&self->file, file);
  g_free (self->title);
  self->title = g_strdup (title);
  /* A new document never shows the picture of the old one. */
  g_clear_pointer (&self->scenario, mv_scenario_free);
  g_clear_pointer (&self->scenario_doc, mv_document_free);
  set_document (self, doc);
  g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_FILE]);
}

static gboolean
document_has_outside_files (const MvDocument *doc)
{
  g_autoptr(GPtrArray) files = mv_document_list_files (doc);

  for (guint i = 0; i < files->len; i++)
    if (((MvDocumentFile *) g_ptr_array_index (files, i))->outside)
      return TRUE;
  return FALSE;
}

/**
 * mv_session_load_file:
 *
 * Loads a `.memviz` document. On error nothing changes.
 *
 * A document from a file is not trusted: when it imports files outside
 * its own folder, the scenario runs with %MV_SCENARIO_SKIP_OUTSIDE_FILES
 * (those imports are not read) until mv_session_set_scenario_flags()
 * allows them.
 */
gboolean
mv_session_load_file (MvSession  *self,
                      GFile      *file,
                      GError    **error)
{
  g_autofree char *path = NULL;
  MvDocument *doc;

  g_return_val_if_fail (MV_IS_SESSION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Only local files can be opened");
      return FALSE;
    }

  doc = mv_document_load_from_file (path, error);
  if (doc == NULL)
    return FALSE;

  load_with_flags (self, doc, file, NULL,
                   document_has_outside_files (doc) ? MV_SCENARIO_SKIP_OUTSIDE_FILES : MV_SCENARIO_NONE);
  return TRUE;
}

/**
 * mv_session_save:
 * @file: (nullable): where to save; %NULL for the current file
 */
gboolean
mv_session_save (MvSession  *self,
                 GFile      *file,
                 GError    **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (MV_IS_SESSION (self), FALSE);

  if (file == NULL)
    file = self->file;
  if (file == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   "The document has no file yet");
      return FALSE;
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Only local files can be saved");
      return FALSE;
    }

  if (!mv_document_save_to_file (self->doc, path, error))
    return FALSE;

  g_clear_pointer (&self->saved, mv_document_free);
  self->saved = mv_document_copy (self->doc);
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_FILE]);
  g_clear_pointer (&self->title, g_free);
  notify_history (self);
  return TRUE;
}

/**
 * mv_session_get_scenario_flags:
 *
 * Returns: what the scenario may read: %MV_SCENARIO_NONE, or
 *   %MV_SCENARIO_SKIP_OUTSIDE_FILES for an opened document whose files
 *   outside its folder are not read
 */
MvScenarioFlags
mv_session_get_scenario_flags (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), MV_SCENARIO_NONE);
  return self->flags;
}

/**
 * mv_session_set_scenario_flags:
 * @flags: %MV_SCENARIO_NONE, %MV_SCENARIO_SKIP_OUTSIDE_FILES or
 *   %MV_SCENARIO_SKIP_FILES
 *
 * Changes what the scenario may read and recomputes when it changed. The
 * flags last until the next mv_session_load() or mv_session_load_file().
 */
void
mv_session_set_scenario_flags (MvSession       *self,
                               MvScenarioFlags  flags)
{
  g_return_if_fail (MV_IS_SESSION (self));

  flags &= MV_SCENARIO_SKIP_FILES | MV_SCENARIO_SKIP_OUTSIDE_FILES;
  if (flags == self->flags)
    return;
  self->flags = flags;
  /* A computation under way was for the old flags. */
  self->generation++;
  _mv_session_recompute (self);
}

/**
 * mv_session_list_unread_files:
 *
 * Returns: (transfer container) (element-type MvDocumentFile): the files
 *   the current document imports that the scenario flags keep it from
 *   reading, in document order (empty when it reads them all)
 */
GPtrArray *
mv_session_list_unread_files (MvSession *self)
{
  g_autoptr(GPtrArray) files = NULL;
  GPtrArray *unread = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_document_file_free);

  g_return_val_if_fail (MV_IS_SESSION (self), unread);

  files = mv_document_list_files (self->doc);
  for (guint i = 0; i < files->len; i++)
    {
      MvDocumentFile *f = g_ptr_array_index (files, i);

      if ((self->flags & MV_SCENARIO_SKIP_FILES) ||
          ((self->flags & MV_SCENARIO_SKIP_OUTSIDE_FILES) && f->outside))
        g_ptr_array_add (unread, g_ptr_array_steal_index (files, i--));
    }
  return unread;
}

gboolean
mv_session_can_undo (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), FALSE);
  return mv_history_can_undo (self->history);
}

gboolean
mv_session_can_redo (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), FALSE);
  return mv_history_can_redo (self->history);
}

const char *
mv_session_get_undo_label (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return mv_history_undo_label (self->history);
}

const char *
mv_session_get_redo_label (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return mv_history_redo_label (self->history);
}

gboolean
mv_session_undo (MvSession *self)
{
  MvDocument *doc;

  g_return_val_if_fail (MV_IS_SESSION (self), FALSE);

  doc = mv_history_undo (self->history, self->doc);
  if (doc == NULL)
    return FALSE;
  set_document (self, doc);
  return TRUE;
}

gboolean
mv_session_redo (MvSession *self)
{
  MvDocument *doc;

  g_return_val_if_fail (MV_IS_SESSION (self), FALSE);

  doc = mv_history_redo (self->history, self->doc);
  if (doc == NULL)
    return FALSE;
  set_document (self, doc);
  return TRUE;
}

/**
 * mv_session_get_file:
 *
 * Returns: (transfer none) (nullable): the document's file
 */
GFile *
mv_session_get_file (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);
  return self->file;
}

gboolean
mv_session_get_modified (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), FALSE);
  return !mv_document_equal (self->doc, self->saved);
}

/**
 * mv_session_dup_title:
 *
 * Returns: (transfer full): the file's name, the document's own title, or
 *   "Untitled"
 */
char *
mv_session_dup_title (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);

  if (self->file != NULL)
    {
      g_autofree char *base = g_file_get_basename (self->file);

      return g_filename_display_name (base);
    }
  if (self->title != NULL)
    return g_strdup (self->title);
  if (self->doc->title != NULL && self->doc->title[0] != '\0')
    return g_strdup (self->doc->title);
  return g_strdup ("Untitled");
}

gboolean
mv_session_get_busy (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), FALSE);
  return self->cancellable != NULL;
}

double
mv_session_get_progress (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), 0.0);
  return self->progress;
}

/**
 * mv_session_cancel:
 *
 * Stops a computation running in a thread. The picture stays as it was and
 * the error says the import was cancelled.
 */
void
mv_session_cancel (MvSession *self)
{
  g_return_if_fail (MV_IS_SESSION (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/**
 * mv_session_set_threshold:
 * @bytes: documents whose import files add up to more are computed in a
 *   thread (0: always in a thread when there are file imports)
 */
void
mv_session_set_threshold (MvSession *self,
                          guint64    bytes)
{
  g_return_if_fail (MV_IS_SESSION (self));
  self->threshold = bytes;
}


/**
 * mv_session_get_source:
 *
 * What the window shows: the session's own document (an editable
 * #MvViewSource), or the source set with mv_session_set_source().
 *
 * Returns: (transfer none): the source
 */
MvViewSource *
mv_session_get_source (MvSession *self)
{
  g_return_val_if_fail (MV_IS_SESSION (self), NULL);

  if (self->source != NULL)
    return self->source;
  if (self->doc_source == NULL)
    self->doc_source = mv_document_source_new (self);
  return self->doc_source;
}

/**
 * mv_session_set_source:
 * @source: (nullable): what to show instead of the document (an MTRR
 *   dump); %NULL: the document again
 *
 * The document stays, with its file and history, while another source
 * is shown.
 */
void
mv_session_set_source (MvSession *self,
                       MvViewSource  *source)
{
  g_return_if_fail (MV_IS_SESSION (self));
  g_return_if_fail (source == NULL || MV_IS_VIEW_SOURCE (source));

  if (source == self->source)
    return;
  g_set_object (&self->source, source);
  g_object_notify_by_pspec (G_OBJECT (self), _mv_session_properties[PROP_SOURCE]);
}
