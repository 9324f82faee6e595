/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "mv-effective.h"
#include "mv-layout.h"
#include "mv-scene.h"
#include "mv-scene-versions.h"
#include "mv-steps.h"

G_BEGIN_DECLS

#define MV_TYPE_VIEW_SOURCE (mv_view_source_get_type ())
G_DECLARE_INTERFACE (MvViewSource, mv_view_source, MV, VIEW_SOURCE, GObject)

/**
 * MvViewSourceProblem:
 * @severity: error, warning or note
 * @title: what is wrong, one sentence
 * @detail: (nullable): where it comes from, or what to do
 * @mark_id: (nullable): the id of its mark in the source's scene (see
 *   mv_scene_set_mark_id())
 * @leads: the source does not compute: what follows is about the last
 *   state that did (shown dimmed)
 * @has_range: @start and @end are meaningful
 *
 * A problem a source reports besides the MTRR analysis' diagnostics.
 */
typedef struct
{
  MvSeverity  severity;
  char       *title;
  char       *detail;
  char       *mark_id;
  gboolean    leads;
  gboolean    has_range;
  guint64     start;
  guint64     end;
} MvViewSourceProblem;

/**
 * MvViewSourceInterface:
 * @dup_name: the plain name: for file names and the picture's title
 * @dup_title: the title bar's title (an editable document marks edits)
 * @dup_subtitle: the title bar's subtitle: where it lives, or what it is
 * @get_editable: whether the editor edits it (a dump is read-only)
 * @get_state: (nullable): the MTRR state the views explain
 * @get_layout: (nullable): the guest's layout, for naming regions
 * @get_diagnostics: (nullable) (element-type MvDiagnostic): the analysis'
 * @list_problems: the source's own problems (#MvViewSourceProblem), in order
 * @build_scene: (nullable): the picture of all the views
 * @get_n_choices: how many choices the source offers (an IGVM file's
 *   platform, a layout to lay it over); 0 by default
 * @dup_choice_title: choice @group's name ("Platform")
 * @dup_choice_items: (transfer full): choice @group's items, as listed
 * @get_choice: the item chosen in @group
 * @set_choice: chooses @item in @group (the source then says
 *   #MvViewSource::changed)
 * @build_steps: its lesson (core/mv-steps.h)
 * @build_versions: OpenVMM's versions side by side on its layout; by
 *   default a page saying there is no layout to compare them on
 *
 * What a window shows: an editable document, an MTRR dump (next a boot
 * image, an IGVM file). The session holds one and the window's pages ask
 * it; #MvViewSource::changed says it has something new to show.
 */
struct _MvViewSourceInterface
{
  GTypeInterface parent_iface;

  char              *(*dup_name)        (MvViewSource *self);
  char              *(*dup_title)       (MvViewSource *self);
  char              *(*dup_subtitle)    (MvViewSource *self);
  gboolean           (*get_editable)    (MvViewSource *self);
  const MvMtrrState *(*get_state)       (MvViewSource *self);
  const MvLayout    *(*get_layout)      (MvViewSource *self);
  GPtrArray         *(*get_diagnostics) (MvViewSource *self);
  void               (*list_problems)   (MvViewSource *self,
                                         GPtrArray    *problems);
  MvScene           *(*build_scene)     (MvViewSource *self);
  guint              (*get_n_choices)   (MvViewSource *self);
  char              *(*dup_choice_title) (MvViewSource *self,
                                          guint         group);
  GStrv              (*dup_choice_items) (MvViewSource *self,
                                          guint         group);
  guint              (*get_choice)      (MvViewSource *self,
                                         guint         group);
  void               (*set_choice)      (MvViewSource *self,
                                         guint         group,
                                         guint         item);
  MvSteps           *(*build_steps)     (MvViewSource   *self,
                                         MvStepsStrategy strategy,
                                         GError        **error);
  MvVersionsScene   *(*build_versions)  (MvViewSource   *self,
                                         const MvScene  *scene);
};

char              *mv_view_source_dup_name        (MvViewSource   *self);
char              *mv_view_source_dup_title       (MvViewSource   *self);
char              *mv_view_source_dup_subtitle    (MvViewSource   *self);
gboolean           mv_view_source_get_editable    (MvViewSource   *self);
const MvMtrrState *mv_view_source_get_state       (MvViewSource   *self);
const MvLayout    *mv_view_source_get_layout      (MvViewSource   *self);
GPtrArray         *mv_view_source_get_diagnostics (MvViewSource   *self);
GPtrArray         *mv_view_source_list_problems   (MvViewSource   *self);
MvScene           *mv_view_source_build_scene     (MvViewSource   *self);
MvSteps           *mv_view_source_build_steps     (MvViewSource   *self,
                                                   MvStepsStrategy strategy,
                                                   GError        **error);
MvVersionsScene   *mv_view_source_build_versions  (MvViewSource   *self,
                                                   const MvScene  *scene);
MvViewSource      *mv_view_source_new_for_data    (const char     *name,
                                                   const char     *data,
                                                   gsize           len,
                                                   GError        **error);
void               mv_view_source_changed         (MvViewSource   *self);

guint              mv_view_source_get_n_choices   (MvViewSource   *self);
char              *mv_view_source_dup_choice_title (MvViewSource  *self,
                                                   guint           group);
GStrv              mv_view_source_dup_choice_items (MvViewSource  *self,
                                                   guint           group);
guint              mv_view_source_get_choice      (MvViewSource   *self,
                                                   guint           group);
void               mv_view_source_set_choice      (MvViewSource   *self,
                                                   guint           group,
                                                   guint           item);

void               mv_view_source_add_problem     (GPtrArray      *problems,
                                                   MvSeverity      severity,
                                                   const char     *title,
                                                   const char     *detail,
                                                   const char     *mark_id);
void               mv_view_source_problem_free    (MvViewSourceProblem *problem);

G_END_DECLS
