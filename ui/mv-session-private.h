/* SPDX-License-Identifier: MIT */
/* MvSession's private parts, shared by mv-session.c (the document, its
 * history and files) and mv-session-compute.c (computing it). */
#pragma once

#include "mv-history.h"
#include "mv-session.h"

G_BEGIN_DECLS

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

extern GParamSpec *_mv_session_properties[N_PROPS];
extern guint _mv_session_signals[N_SIGNALS];

void _mv_session_recompute (MvSession *self);

G_END_DECLS
