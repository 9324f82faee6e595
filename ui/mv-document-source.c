/* SPDX-License-Identifier: MIT */
/* The session's editable document, computed: an #MvViewSource. */
#include "config.h"

#include <string.h>

#include "mv-document-source.h"
#include "mv-scene-builder.h"
#include "mv-scene.h"

struct _MvDocumentSource
{
  GObject    parent_instance;

  MvSession *session;  /* unowned: the session owns this source */
  gulong     changed_id;
};

static void mv_document_source_iface_init (MvViewSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MvDocumentSource, mv_document_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MV_TYPE_VIEW_SOURCE, mv_document_source_iface_init))

static MvSession *
session_of (MvViewSource *source)
{
  return MV_DOCUMENT_SOURCE (source)->session;
}

static char *
document_dup_name (MvViewSource *source)
{
  return mv_session_dup_title (session_of (source));
}

/* Edits not saved yet are marked with a bullet. */
static char *
document_dup_title (MvViewSource *source)
{
  g_autofree char *title = mv_session_dup_title (session_of (source));

  return g_strdup_printf ("%s%s", mv_session_get_modified (session_of (source)) ? "• " : "", title);
}

/* The folder the document lives in (~ for the home folder), or whether
 * it was ever saved. */
static char *
document_dup_subtitle (MvViewSource *source)
{
  MvSession *session = session_of (source);
  GFile *file = mv_session_get_file (session);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *path = NULL;
  const char *home = g_get_home_dir ();

  if (file == NULL)
    return g_strdup (mv_session_get_modified (session) ? "Unsaved changes" : "Not saved");
  parent = g_file_get_parent (file);
  path = parent ? g_file_get_path (parent) : NULL;
  if (path != NULL && home != NULL && g_str_has_prefix (path, home))
    return g_strdup_printf ("~%s", path + strlen (home));
  return g_strdup (path ? path : "");
}

static gboolean
document_get_editable (MvViewSource *source)
{
  return TRUE;
}

static const MvMtrrState *
document_get_state (MvViewSource *source)
{
  return mv_session_get_mtrr_state (session_of (source));
}

static const MvLayout *
document_get_layout (MvViewSource *source)
{
  const MvScenario *sc = mv_session_get_scenario (session_of (source));

  return sc != NULL ? sc->layout : NULL;
}

static GPtrArray *
document_get_diagnostics (MvViewSource *source)
{
  return mv_session_get_diagnostics (session_of (source));
}

/* The document's error first (what follows is about the last layout that
 * computed), then RAM that does not fit and imports that failed. */
static void
document_list_problems (MvViewSource *source,
                        GPtrArray    *problems)
{
  MvSession *session = session_of (source);
  const MvScenario *sc = mv_session_get_scenario (session);

  if (mv_session_get_error (session) != NULL)
    {
      mv_view_source_add_problem (problems, MV_SEVERITY_ERROR, mv_session_get_error (session),
                             "The document does not compute; everything below is about the last "
                             "layout that did.", NULL);
      ((MvViewSourceProblem *) g_ptr_array_index (problems, problems->len - 1))->leads = TRUE;
    }
  /* What loading the file said (an unknown key or group, ...): the
   * document loaded, but not all of it means something to memviz. */
  {
    const MvDocument *doc = mv_session_get_document (session);

    for (guint i = 0; doc != NULL && doc->warnings != NULL && i < doc->warnings->len; i++)
      {
        const MvDocumentWarning *w = g_ptr_array_index (doc->warnings, i);

        mv_view_source_add_problem (problems, MV_SEVERITY_WARNING, w->message,
                                    "Said by the document file when it was opened.", NULL);
      }
  }
  if (sc == NULL)
    return;

  if (sc->shortfall > 0)
    {
      g_autofree char *size = mv_scene_format_size (sc->shortfall);
      g_autofree char *text = mv_layout_shortfall_message (size);

      mv_view_source_add_problem (problems, MV_SEVERITY_WARNING, text, NULL, "shortfall");
    }

  for (guint i = 0; sc->imports != NULL && i < sc->imports->len; i++)
    {
      const MvImportResult *r = &g_array_index (sc->imports, MvImportResult, i);
      g_autofree char *text = NULL;
      g_autofree char *id = NULL;
      MvViewSourceProblem *p;

      if (r->ok || r->error == NULL)
        continue;
      if (g_error_matches (r->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_ALLOWED))
        {
          /* Not read on purpose: the document is not trusted yet. */
          text = g_strdup_printf ("Import %s: %s", r->name, r->error->message);
          mv_view_source_add_problem (problems, MV_SEVERITY_NOTE, text,
                                 "It is outside the document’s folder: “Read These Files” above the "
                                 "picture, or “Read Outside Files” on its import, reads it.", NULL);
        }
      else
        {
          text = g_strdup_printf ("Import %s: %s%s%s", r->name, r->error_name ? r->error_name : "",
                                  r->error_name ? ": " : "", r->error->message);
          id = g_strdup_printf ("import/%s", r->name);
          mv_view_source_add_problem (problems, MV_SEVERITY_ERROR, text, NULL, id);
        }
      p = g_ptr_array_index (problems, problems->len - 1);
      p->has_range = r->has_pages;
      /* Saturated, as the map's mark is: a page number read from a file
       * can be anything. */
      p->start = r->page_base < G_MAXUINT64 / MV_PAGE_SIZE ? r->page_base * MV_PAGE_SIZE
                                                           : G_MAXUINT64 & ~MV_PAGE_MASK;
      p->end = r->page_count < (G_MAXUINT64 - p->start) / MV_PAGE_SIZE
               ? p->start + r->page_count * MV_PAGE_SIZE : G_MAXUINT64;
    }
}

static MvScene *
document_build_scene (MvViewSource *source)
{
  MvSession *session = session_of (source);
  const MvScenario *sc = mv_session_get_scenario (session);
  const MvDocument *doc = mv_session_get_scenario_document (session);
  g_autofree char *title = NULL;

  if (sc == NULL || doc == NULL)
    return NULL;
  title = mv_session_dup_title (session);
  return mv_scene_build (sc, doc, title);
}

static MvSteps *
document_build_steps (MvViewSource    *source,
                      MvStepsStrategy  strategy,
                      GError         **error)
{
  MvSession *session = session_of (source);
  const MvScenario *sc = mv_session_get_scenario (session);

  if (sc == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, "The layout is still being computed");
      return NULL;
    }
  /* The picture kept is an older document's: the lesson is the current
   * one's where its layout is (a version that refuses it says so, as the
   * lesson's last step), else the picture's. */
  if (mv_session_get_stale (session) && mv_session_get_document (session) != NULL)
    {
      g_autoptr(MvScenario) now = mv_scenario_run (mv_session_get_document (session),
                                                   MV_SCENARIO_SKIP_FILES);
      MvSteps *steps = now->layout != NULL ? mv_steps_new_for_lesson (now, strategy, NULL) : NULL;

      if (steps != NULL)
        return steps;
    }
  return mv_steps_new_for_lesson (sc, strategy, error);
}

static MvVersionsScene *
document_build_versions (MvViewSource  *source,
                         const MvScene *scene)
{
  const MvScenario *sc = mv_session_get_scenario (session_of (source));

  if (sc == NULL)
    return mv_versions_scene_new_missing (scene != NULL ? scene->title : NULL,
                                          "The layout is still being computed.");
  return mv_versions_scene_new_for_scenario (sc, scene);
}

static void
mv_document_source_iface_init (MvViewSourceInterface *iface)
{
  iface->build_steps = document_build_steps;
  iface->build_versions = document_build_versions;
  iface->dup_name = document_dup_name;
  iface->dup_title = document_dup_title;
  iface->dup_subtitle = document_dup_subtitle;
  iface->get_editable = document_get_editable;
  iface->get_state = document_get_state;
  iface->get_layout = document_get_layout;
  iface->get_diagnostics = document_get_diagnostics;
  iface->list_problems = document_list_problems;
  iface->build_scene = document_build_scene;
}

static void
mv_document_source_dispose (GObject *object)
{
  MvDocumentSource *self = MV_DOCUMENT_SOURCE (object);

  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, self->session);
  self->session = NULL;
  G_OBJECT_CLASS (mv_document_source_parent_class)->dispose (object);
}

static void
mv_document_source_class_init (MvDocumentSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mv_document_source_dispose;
}

static void
mv_document_source_init (MvDocumentSource *self)
{
}

/**
 * mv_document_source_new:
 * @session: the session that holds the source (not referenced)
 *
 * Returns: (transfer full): the source of @session's document; it
 *   emits #MvViewSource::changed when the session does
 */
MvViewSource *
mv_document_source_new (MvSession *session)
{
  MvDocumentSource *self;

  g_return_val_if_fail (MV_IS_SESSION (session), NULL);

  self = g_object_new (MV_TYPE_DOCUMENT_SOURCE, NULL);
  self->session = session;
  self->changed_id = g_signal_connect_swapped (session, "changed", G_CALLBACK (mv_view_source_changed), self);
  return MV_VIEW_SOURCE (self);
}
