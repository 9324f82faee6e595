/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <glib/gstdio.h>

#include "mv-document-source.h"
#include "mv-history.h"
#include "mv-mtrr.h"
#include "mv-parse.h"
#include "mv-presets.h"
#include "mv-session.h"

/* Documents whose import files add up to more than this are computed in a
 * thread; smaller ones at once, so an edit repaints in the same frame. */
#define DEFAULT_THRESHOLD ((guint64) 16 * 1024 * 1024)

struct _MvSession
{
  GObject       parent_instance;

  MvDocument   *doc;
  MvDocument   *saved;             /* as loaded or last saved */
  GFile        *file;
  char         *title;             /* for unsaved documents: the preset's name */

  MvScenario   *scenario;          /* the last one that computed */
  MvDocument   *scenario_doc;      /* the document it was computed from */
  gboolean      stale;             /* the current document did not compute */
  char         *error;
  char         *error_field;
  guint64       generation;

  MvHistory    *history;
  char         *preset;            /* the preset the document was loaded from */
  MvViewSource     *doc_source;        /* the document's, made on first need */
  MvViewSource     *source;            /* what the window shows, if not the document */
  GHashTable   *preset_docs;       /* name -> MvDocument, loaded on first need */

  /* What the scenario may read; opening a file sets it (see
   * mv_session_load_file()). */
  MvScenarioFlags flags;

  /* Computing in a thread. */
  GCancellable *cancellable;
  guint64       threshold;
  double        progress;
  guint         progress_source;
  gint         *progress_permille;  /* the running task's (an atomic rc box),
                                    * written by its thread */
};

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_MODIFIED,
  PROP_FILE,
  PROP_TITLE,
  PROP_BUSY,
  PROP_PROGRESS,
  PROP_ERROR,
  PROP_SOURCE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvSession, mv_session, G_TYPE_OBJECT)

static void recompute (MvSession *self);
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

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, MV_TYPE_VIEW_SOURCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MvSession::changed:
   *
   * The document, the scenario or the error changed.
   */
  signals[CHANGED] =
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
set_document (MvSession  *self,
              MvDocument *doc)
{
  g_clear_pointer (&self->doc, mv_document_free);
  self->doc = doc;
  self->generation++;
  recompute (self);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
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
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
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
  recompute (self);
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
    return g_file_get_basename (self->file);
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

/* --- computing --------------------------------------------------------- */

static void
set_error (MvSession  *self,
           const char *field,
           const char *message)
{
  if (g_strcmp0 (self->error, message) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  g_free (self->error_field);
  self->error_field = g_strdup (field);
}

static const char *
layout_error_field (const GError *error)
{
  if (error->domain != MV_LAYOUT_ERROR)
    return NULL;

  switch (error->code)
    {
    case MV_LAYOUT_ERROR_BAD_SIZE:
      return "ram";
    case MV_LAYOUT_ERROR_BAD_NUMA_SIZE:
    case MV_LAYOUT_ERROR_EMPTY_NUMA_SIZES:
      return "numa";
    case MV_LAYOUT_ERROR_VTL2_RANGE_BEFORE_END_OF_RAM:
      return "vtl2";
    case MV_LAYOUT_ERROR_BAD_MMIO_GAPS:
    case MV_LAYOUT_ERROR_BAD_MEMORY_RANGES:
    default:
      return "mmio";
    }
}

/* --- gaps as the editor names them ----------------------------------- */

typedef enum
{
  GAP_LOW = 1 << 0,
  GAP_HIGH = 1 << 1,
} GapRole;

typedef struct
{
  MvRange  range;
  char    *name;   /* "the Low MMIO gap (0xf8000000+128 MiB)" */
  GapRole  role;
} NamedGap;

static void
named_gap_clear (NamedGap *gap)
{
  g_free (gap->name);
}

static int
compare_named_gaps (gconstpointer a,
                    gconstpointer b)
{
  return mv_range_compare (&((const NamedGap *) a)->range, &((const NamedGap *) b)->range);
}

/* Every gap of @doc with the name the editor gives it: Low and High MMIO
 * gap, further MMIO gap N (its row in that list), PCI ECAM gap N, PCI MMIO
 * gap N. @lists gets the three lists in document order. */
static void
name_gaps (const MvDocument *doc,
           GArray           *lists[3])
{
  const GArray *sources[3] = { doc->mmio, doc->pci_ecam, doc->pci_mmio };
  const char *kinds[3] = { "further MMIO gap", "PCI ECAM gap", "PCI MMIO gap" };
  int low = mv_document_chipset_gap_index (doc, TRUE);
  int high = mv_document_chipset_gap_index (doc, FALSE);
  guint further = 0;

  if (high == low)
    high = -1;
  for (guint k = 0; k < 3; k++)
    {
      lists[k] = g_array_new (FALSE, TRUE, sizeof (NamedGap));
      g_array_set_clear_func (lists[k], (GDestroyNotify) named_gap_clear);
      for (guint i = 0; i < sources[k]->len; i++)
        {
          NamedGap gap = { g_array_index (sources[k], MvRange, i), NULL, 0 };
          g_autofree char *start = mv_format_hex (gap.range.start);
          g_autofree char *size = gap.range.end >= gap.range.start
                                  ? mv_format_size (gap.range.end - gap.range.start) : g_strdup ("0 B");
          g_autofree char *what = NULL;

          if (k == 0 && (int) i == low)
            {
              what = g_strdup ("the Low MMIO gap");
              gap.role = GAP_LOW;
            }
          else if (k == 0 && (int) i == high)
            {
              what = g_strdup ("the High MMIO gap");
              gap.role = GAP_HIGH;
            }
          else
            what = g_strdup_printf ("%s %u", kinds[k], k == 0 ? ++further : i + 1);
          gap.name = g_strdup_printf ("%s (%s+%s)", what, start, size);
          g_array_append_val (lists[k], gap);
        }
    }
}

/* Upstream's BadMemoryRanges names the gaps by their place in the
 * document ("MMIO gaps 1 and 2"); the editor shows them as Low MMIO gap,
 * High MMIO gap and rows of lists. The same checks as mv_layout_new(), in
 * its order, find the gaps at fault and name them as the editor does.
 * Returns %NULL when it is not about two gaps. */
static char *
describe_gap_error (const MvDocument *doc,
                    GapRole          *roles)
{
  GArray *lists[3];
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (NamedGap));
  char *why = NULL;

  name_gaps (doc, lists);
  for (guint k = 0; k < 3 && why == NULL; k++)
    for (guint i = 0; i < lists[k]->len && why == NULL; i++)
      {
        const NamedGap *g = &g_array_index (lists[k], NamedGap, i);
        const NamedGap *prev = i > 0 ? &g_array_index (lists[k], NamedGap, i - 1) : NULL;

        if (mv_range_is_empty (&g->range))
          {
            why = g_strdup_printf ("%s is empty", g->name);
            *roles = g->role;
          }
        else if (prev != NULL && mv_range_overlaps (&prev->range, &g->range))
          {
            why = g_strdup_printf ("%s and %s overlap", prev->name, g->name);
            *roles = prev->role | g->role;
          }
        else if (prev != NULL && mv_range_compare (&prev->range, &g->range) > 0)
          {
            why = g_strdup_printf ("%s and %s are out of order", prev->name, g->name);
            *roles = prev->role | g->role;
          }
      }

  for (guint k = 0; k < 3 && why == NULL; k++)
    g_array_append_vals (all, lists[k]->data, lists[k]->len);
  g_array_sort (all, compare_named_gaps);
  for (guint i = 1; i < all->len && why == NULL; i++)
    {
      const NamedGap *a = &g_array_index (all, NamedGap, i - 1);
      const NamedGap *b = &g_array_index (all, NamedGap, i);

      if (mv_range_overlaps (&a->range, &b->range))
        {
          why = g_strdup_printf ("%s and %s overlap", a->name, b->name);
          *roles = a->role | b->role;
        }
    }

  for (guint k = 0; k < 3; k++)
    g_array_unref (lists[k]);  /* frees the names @all shares */
  return why;
}

/* Takes @scenario, computed from @doc. */
static void
apply_scenario (MvSession  *self,
                MvScenario *scenario,
                MvDocument *doc)
{
  if (scenario->layout_error != NULL)
    {
      g_autofree char *message = NULL;

      const char *field = layout_error_field (scenario->layout_error);
      g_autofree char *gaps = NULL;
      GapRole roles = 0;

      if (g_error_matches (scenario->layout_error, MV_LAYOUT_ERROR, MV_LAYOUT_ERROR_BAD_MEMORY_RANGES))
        gaps = describe_gap_error (doc, &roles);
      if (gaps != NULL)
        {
          /* Upstream's error kind, the gaps in the editor's words. */
          message = g_strdup_printf ("%s: invalid memory or MMIO ranges: %s",
                                     scenario->layout_error_name ? scenario->layout_error_name
                                                                 : "BadMemoryRanges",
                                     gaps);
          if (roles == GAP_LOW)
            field = "low-mmio";
          else if (roles == GAP_HIGH)
            field = "high-mmio";
        }
      else if (scenario->layout_error_name != NULL)
        message = g_strdup_printf ("%s: %s", scenario->layout_error_name,
                                   scenario->layout_error->message);
      else
        message = g_strdup (scenario->layout_error->message);
      set_error (self, field, message);
    }
  else if (scenario->mtrr_error != NULL)
    {
      g_autofree char *message = NULL;
      const char *field = "mmio";

      if (scenario->mtrr_error->domain == MV_MTRR_ERROR)
        field = scenario->mtrr_error->code == MV_MTRR_ERROR_LOW_MMIO_AT_ZERO ?
                "low-mmio" : "high-mmio";
      if (scenario->mtrr_error_name != NULL)
        message = g_strdup_printf ("%s: %s", scenario->mtrr_error_name,
                                   scenario->mtrr_error->message);
      else
        message = g_strdup (scenario->mtrr_error->message);
      set_error (self, field, message);
    }
  else
    {
      set_error (self, NULL, NULL);
    }

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

  g_signal_emit (self, signals[CHANGED], 0);
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
  return total;
}

static gboolean
has_file_imports (const MvDocument *doc)
{
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
                               "The import was cancelled");
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);

  if (scenario == NULL)
    {
      set_error (self, "import", error->message);
      self->stale = TRUE;
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  apply_scenario (self, scenario, mv_document_copy (self->doc));
}

static void
recompute (MvSession *self)
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
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
        }
      /* Most edits compute at once: busy did not change, and telling so
       * would restyle the progress bar at every keystroke. */
      if (was_busy)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
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
  g_task_run_in_thread (task, compute_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}
