/* SPDX-License-Identifier: MIT */
/* What a window shows, asked instead of branched on: see mv-view-source.h. */
#include "config.h"

#include "mv-igvm-source.h"
#include "mv-mtrr-source.h"
#include "mv-view-source.h"

G_DEFINE_INTERFACE (MvViewSource, mv_view_source, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
default_dup_subtitle (MvViewSource *self)
{
  return g_strdup ("");
}

static gboolean
default_get_editable (MvViewSource *self)
{
  return FALSE;
}

static const MvMtrrState *
default_get_state (MvViewSource *self)
{
  return NULL;
}

static const MvLayout *
default_get_layout (MvViewSource *self)
{
  return NULL;
}

static GPtrArray *
default_get_diagnostics (MvViewSource *self)
{
  return NULL;
}

static void
default_list_problems (MvViewSource *self,
                       GPtrArray    *problems)
{
}

static MvScene *
default_build_scene (MvViewSource *self)
{
  return NULL;
}

static guint
default_get_n_choices (MvViewSource *self)
{
  return 0;
}

static MvSteps *
default_build_steps (MvViewSource    *self,
                     MvStepsStrategy  strategy,
                     GError         **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "Step mode needs a layout: it replays how a layout's MTRRs are chosen");
  return NULL;
}

static MvVersionsScene *
default_build_versions (MvViewSource  *self,
                        const MvScene *scene)
{
  return mv_versions_scene_new_missing (scene != NULL ? scene->title : NULL,
                                        "Nothing to compare: OpenVMM's versions compute the MTRRs "
                                        "of a memory layout, and what this window shows has none.");
}

static void
mv_view_source_default_init (MvViewSourceInterface *iface)
{
  iface->build_steps = default_build_steps;
  iface->build_versions = default_build_versions;
  iface->dup_subtitle = default_dup_subtitle;
  iface->get_editable = default_get_editable;
  iface->get_state = default_get_state;
  iface->get_layout = default_get_layout;
  iface->get_diagnostics = default_get_diagnostics;
  iface->list_problems = default_list_problems;
  iface->build_scene = default_build_scene;
  iface->get_n_choices = default_get_n_choices;

  /**
   * MvViewSource::changed:
   *
   * The source has something new to show: every page asks it again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

/**
 * mv_view_source_dup_name:
 *
 * Returns: (transfer full): the plain name, for file names and titles
 */
char *
mv_view_source_dup_name (MvViewSource *self)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  return MV_VIEW_SOURCE_GET_IFACE (self)->dup_name (self);
}

/**
 * mv_view_source_dup_title:
 *
 * Returns: (transfer full): the title bar's title
 */
char *
mv_view_source_dup_title (MvViewSource *self)
{
  MvViewSourceInterface *iface;

  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  iface = MV_VIEW_SOURCE_GET_IFACE (self);
  return iface->dup_title ? iface->dup_title (self) : iface->dup_name (self);
}

/**
 * mv_view_source_dup_subtitle:
 *
 * Returns: (transfer full): the title bar's subtitle
 */
char *
mv_view_source_dup_subtitle (MvViewSource *self)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  return MV_VIEW_SOURCE_GET_IFACE (self)->dup_subtitle (self);
}

gboolean
mv_view_source_get_editable (MvViewSource *self)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), FALSE);
  return MV_VIEW_SOURCE_GET_IFACE (self)->get_editable (self);
}

const MvMtrrState *
mv_view_source_get_state (MvViewSource *self)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  return MV_VIEW_SOURCE_GET_IFACE (self)->get_state (self);
}

const MvLayout *
mv_view_source_get_layout (MvViewSource *self)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  return MV_VIEW_SOURCE_GET_IFACE (self)->get_layout (self);
}

/**
 * mv_view_source_get_diagnostics:
 *
 * Returns: (transfer none) (nullable) (element-type MvDiagnostic): the
 *   MTRR analysis' diagnostics
 */
GPtrArray *
mv_view_source_get_diagnostics (MvViewSource *self)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  return MV_VIEW_SOURCE_GET_IFACE (self)->get_diagnostics (self);
}

/**
 * mv_view_source_list_problems:
 *
 * Returns: (transfer container) (element-type MvViewSourceProblem): the
 *   source's own problems, in the order they are listed
 */
GPtrArray *
mv_view_source_list_problems (MvViewSource *self)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_view_source_problem_free);

  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), problems);
  MV_VIEW_SOURCE_GET_IFACE (self)->list_problems (self, problems);
  return problems;
}

/**
 * mv_view_source_build_scene:
 *
 * Returns: (transfer full) (nullable): the picture of all the views, or
 *   %NULL when there is nothing to show yet
 */
MvScene *
mv_view_source_build_scene (MvViewSource *self)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  return MV_VIEW_SOURCE_GET_IFACE (self)->build_scene (self);
}

/**
 * mv_view_source_build_steps:
 *
 * The lesson of what the source shows: its MTRRs added one pair at a time
 * by @strategy (core/mv-steps.h).
 *
 * Returns: (transfer full) (nullable): the steps, or %NULL with @error
 *   (a source without a layout, a layout that failed)
 */
MvSteps *
mv_view_source_build_steps (MvViewSource    *self,
                            MvStepsStrategy  strategy,
                            GError         **error)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  return MV_VIEW_SOURCE_GET_IFACE (self)->build_steps (self, strategy, error);
}

/**
 * mv_view_source_build_versions:
 * @scene: (nullable): the source's scene, whose title and subtitle the
 *   page takes
 *
 * OpenVMM's upstream versions side by side on what the source shows
 * (mv-scene-versions.h). Costs three MTRR computations: ask only for a
 * page that is shown.
 *
 * Returns: (transfer full): the page (one saying why, when there is
 *   nothing to compare)
 */
MvVersionsScene *
mv_view_source_build_versions (MvViewSource  *self,
                               const MvScene *scene)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  return MV_VIEW_SOURCE_GET_IFACE (self)->build_versions (self, scene);
}

/* For implementations: emits #MvViewSource::changed. */
void
mv_view_source_changed (MvViewSource *self)
{
  g_return_if_fail (MV_IS_VIEW_SOURCE (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * mv_view_source_get_n_choices:
 *
 * Returns: how many choices the source offers: each a list of items of
 *   which one is shown (an IGVM file's platforms)
 */
guint
mv_view_source_get_n_choices (MvViewSource *self)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), 0);
  return MV_VIEW_SOURCE_GET_IFACE (self)->get_n_choices (self);
}

/**
 * mv_view_source_dup_choice_title:
 *
 * Returns: (transfer full): the name of choice @group ("Platform")
 */
char *
mv_view_source_dup_choice_title (MvViewSource *self,
                                 guint         group)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  g_return_val_if_fail (group < mv_view_source_get_n_choices (self), NULL);
  return MV_VIEW_SOURCE_GET_IFACE (self)->dup_choice_title (self, group);
}

/**
 * mv_view_source_dup_choice_items:
 *
 * Returns: (transfer full): the items of choice @group, as listed
 */
GStrv
mv_view_source_dup_choice_items (MvViewSource *self,
                                 guint         group)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), NULL);
  g_return_val_if_fail (group < mv_view_source_get_n_choices (self), NULL);
  return MV_VIEW_SOURCE_GET_IFACE (self)->dup_choice_items (self, group);
}

guint
mv_view_source_get_choice (MvViewSource *self,
                           guint         group)
{
  g_return_val_if_fail (MV_IS_VIEW_SOURCE (self), 0);
  g_return_val_if_fail (group < mv_view_source_get_n_choices (self), 0);
  return MV_VIEW_SOURCE_GET_IFACE (self)->get_choice (self, group);
}

/* Shows @item of choice @group; the source says #MvViewSource::changed
 * when that changes what it shows. */
void
mv_view_source_set_choice (MvViewSource *self,
                           guint         group,
                           guint         item)
{
  g_return_if_fail (MV_IS_VIEW_SOURCE (self));
  g_return_if_fail (group < mv_view_source_get_n_choices (self));
  MV_VIEW_SOURCE_GET_IFACE (self)->set_choice (self, group, item);
}

/**
 * mv_view_source_add_problem:
 * @mark_id: (nullable): the id of its mark in the scene
 *
 * Appends a problem without a range; set the returned last element's
 * range when it has one.
 */
void
mv_view_source_add_problem (GPtrArray  *problems,
                            MvSeverity  severity,
                            const char *title,
                            const char *detail,
                            const char *mark_id)
{
  MvViewSourceProblem *p = g_new0 (MvViewSourceProblem, 1);

  p->severity = severity;
  p->title = g_strdup (title);
  p->detail = g_strdup (detail);
  p->mark_id = g_strdup (mark_id);
  g_ptr_array_add (problems, p);
}

void
mv_view_source_problem_free (MvViewSourceProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->title);
  g_free (problem->detail);
  g_free (problem->mark_id);
  g_free (problem);
}

/* The sources a file other than a document can be, tried in order: a new
 * kind of file (a boot image) adds its reader here. A reader with @claims
 * reads only the files it claims (by their magic number), and its error
 * for a file it claims is the one reported: an IGVM file with a broken
 * checksum is not said to be a bad MTRR dump. */
static const struct
{
  gboolean      (*claims) (const char *data, gsize len);
  MvViewSource *(*read)   (const char *name, const char *data, gsize len, GError **error);
} readers[] = {
  { mv_igvm_source_claims, mv_igvm_source_new_for_data },
  { NULL, mv_mtrr_source_new_for_data },
};

/**
 * mv_view_source_new_for_data:
 * @name: the file's name
 * @data: the file's contents
 *
 * Returns: (transfer full) (nullable): a source showing the file, or
 *   %NULL with @error set (the last reader's) when no source reads it
 */
MvViewSource *
mv_view_source_new_for_data (const char  *name,
                             const char  *data,
                             gsize        len,
                             GError     **error)
{
  g_autoptr(GError) last = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      MvViewSource *source;

      if (readers[i].claims != NULL && !readers[i].claims (data, len))
        continue;
      g_clear_error (&last);
      source = readers[i].read (name, data, len, &last);
      if (source != NULL || readers[i].claims != NULL)
        {
          if (source == NULL)
            g_propagate_error (error, g_steal_pointer (&last));
          return source;
        }
    }
  g_propagate_error (error, g_steal_pointer (&last));
  return NULL;
}
