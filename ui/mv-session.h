/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "mv-document.h"
#include "mv-effective.h"
#include "mv-history.h"
#include "mv-mtrr-state.h"
#include "mv-scenario.h"
#include "mv-view-source.h"

G_BEGIN_DECLS

#define MV_TYPE_SESSION (mv_session_get_type ())

G_DECLARE_FINAL_TYPE (MvSession, mv_session, MV, SESSION, GObject)

/**
 * MvSession:
 *
 * One window's document: the current #MvDocument, the last #MvScenario
 * that computed (kept when the current document has an error, so the
 * picture stays), the undo history, the file and whether it is saved.
 *
 * Every change emits #MvSession::changed once the scenario is up to date.
 * Documents with file imports are computed in a thread (GTask), with
 * progress (#MvSession:progress) and mv_session_cancel().
 */

MvSession        *mv_session_new              (void);

const MvDocument *mv_session_get_document     (MvSession   *self);
MvDocument       *mv_session_dup_document     (MvSession   *self);
const MvScenario *mv_session_get_scenario     (MvSession   *self);
const MvDocument *mv_session_get_scenario_document (MvSession *self);
const MvMtrrState *mv_session_get_mtrr_state   (MvSession   *self);
GPtrArray        *mv_session_get_diagnostics  (MvSession   *self);
gboolean          mv_session_get_stale        (MvSession   *self);
const char       *mv_session_get_error        (MvSession   *self);
const char       *mv_session_get_error_field  (MvSession   *self);
guint64           mv_session_get_generation   (MvSession   *self);
MvHistory        *mv_session_get_history      (MvSession   *self);

void              mv_session_edit             (MvSession   *self,
                                               MvDocument  *doc,
                                               const char  *merge_key,
                                               const char  *label);
void              mv_session_break_merge      (MvSession   *self);
void              mv_session_load             (MvSession   *self,
                                               MvDocument  *doc,
                                               GFile       *file,
                                               const char  *title);
void              mv_session_set_preset       (MvSession   *self,
                                               const char  *name);
const char       *mv_session_get_preset       (MvSession   *self);
gboolean          mv_session_load_file        (MvSession   *self,
                                               GFile       *file,
                                               GError     **error);
gboolean          mv_session_save             (MvSession   *self,
                                               GFile       *file,
                                               GError     **error);

MvScenarioFlags   mv_session_get_scenario_flags (MvSession   *self);
void              mv_session_set_scenario_flags (MvSession       *self,
                                                 MvScenarioFlags  flags);
GPtrArray        *mv_session_list_unread_files  (MvSession   *self);

gboolean          mv_session_can_undo         (MvSession   *self);
gboolean          mv_session_can_redo         (MvSession   *self);
const char       *mv_session_get_undo_label   (MvSession   *self);
const char       *mv_session_get_redo_label   (MvSession   *self);
gboolean          mv_session_undo             (MvSession   *self);
gboolean          mv_session_redo             (MvSession   *self);

GFile            *mv_session_get_file         (MvSession   *self);
gboolean          mv_session_get_modified     (MvSession   *self);
char             *mv_session_dup_title        (MvSession   *self);

MvViewSource         *mv_session_get_source       (MvSession   *self);
void              mv_session_set_source       (MvSession   *self,
                                               MvViewSource    *source);

gboolean          mv_session_get_busy         (MvSession   *self);
double            mv_session_get_progress     (MvSession   *self);
void              mv_session_cancel           (MvSession   *self);
void              mv_session_set_threshold    (MvSession   *self,
                                               guint64      bytes);

G_END_DECLS
