/* SPDX-License-Identifier: MIT */
#pragma once

#include "mv-view-source.h"
#include "mv-window.h"

G_BEGIN_DECLS

struct _MvWindow
{
  GtkApplicationWindow parent_instance;

  MvSession   *session;
  gboolean     close_confirmed;
  GtkFileChooserNative *chooser;

  /* What the window shows (the session's source) and its handler. */
  MvViewSource *source;
  gulong       source_changed_id;

  /* The sidebar's width as last chosen (dragged); a narrow window squeezes
   * it, a wider one gives it back. */
  int          sidebar_width;
  int          paned_max;
  guint        sidebar_idle;

  /* template */
  GtkWidget   *presets_button;
  GtkWidget   *menu_button;
  GtkWidget   *undo_button;
  GtkWidget   *redo_button;
  GtkWidget   *title_label;
  GtkWidget   *subtitle_label;
  GtkWidget   *paned;
  GtkWidget   *editor;
  GtkWidget   *editor_scroller;
  GtkWidget   *files_bar;
  GtkWidget   *source_bar;
  GtkWidget   *error_bar;
  GtkWidget   *progress_revealer;
  GtkWidget   *progress_bar;
  GtkWidget   *progress_label;
  GtkWidget   *switcher;
  GtkWidget   *stack;
  GtkWidget   *map_page;
  GtkWidget   *map_view;         /* the map page's */
  GtkWidget   *registers_view;
  GtkWidget   *boot_page;
  GtkWidget   *gdt_view;
  GtkWidget   *gdt_hint;
  GtkWidget   *pages_hint;
  GtkWidget   *pages_view;
  GtkWidget   *vp_view;
  GtkStackPage *vp_page;
  GtkWidget   *versions_view;
  MvScene     *versions_scene;   /* the versions page's, while shown */
  gboolean     versions_stale;   /* the source changed since it was made */
  GtkWidget   *diagnostics;
  GtkWidget   *note;
  GtkWidget   *focus_before_dialog;
  GMenu       *recent_menu;

  /* Step mode (mv-window-steps.c): the lesson and where it is; side by
   * side, @steps is OpenVMM's lesson, @beside the fewest pairs' and
   * @step_index the position of both. */
  gboolean     step_mode;
  MvSteps     *steps;
  MvSteps     *beside;
  guint        step_index;
  guint64      steps_start;      /* the axis of every step */
  guint64      steps_end;
  GtkWidget   *step_bar;         /* the map page's */
};

void     _mv_window_class_add_actions (GtkWidgetClass *widget_class);
void     _mv_window_versions_update   (MvWindow       *self);
void     _mv_window_versions_clear    (MvWindow       *self);
void     _mv_window_steps_class_init  (GtkWidgetClass *widget_class);
void     _mv_window_steps_init        (MvWindow       *self);
MvScene *_mv_window_steps_build_scene (MvWindow       *self);
void     _mv_window_steps_source_changed (MvWindow    *self);
void     _mv_window_set_step_mode     (MvWindow       *self,
                                       gboolean        on);
void     _mv_window_new_export_chooser (MvWindow         *self,
                                        const char       *title,
                                        const char *const *formats);
void     _mv_window_picture_extension (GFile         **file,
                                       const char     *extension);
gboolean _mv_window_export_lesson     (MvWindow       *self,
                                       GFile          *file,
                                       GError        **error);
void     _mv_window_update_actions    (MvWindow       *self);
void     _mv_window_init_history_tooltips (MvWindow   *self);
char    *_mv_window_dup_map_tooltip   (MvWindow       *self);
gboolean _mv_window_save_to           (MvWindow       *self,
                                       GFile          *file);
char    *_mv_window_history_tooltip   (MvWindow       *self,
                                       gboolean        redo);
char    *_mv_window_file_name         (GFile          *file);
void     _mv_window_show_error        (MvWindow       *self,
                                       const char     *primary,
                                       const char     *secondary);
void     _mv_window_update_recent     (MvWindow       *self);
char    *_mv_window_dup_suggested_name (MvWindow     *self,
                                        const char   *extension);
void     _mv_window_exported          (MvWindow       *self,
                                       GFile          *file);
void     _mv_window_hide_explain_pane (MvWindow       *self);
void     _mv_window_show_note         (MvWindow       *self,
                                       const char     *text,
                                       const char     *button_label,
                                       const char     *action_name);
void     _mv_window_add_recent        (MvWindow       *self,
                                       GFile          *file);
gboolean _mv_window_open_path         (MvWindow       *self,
                                       GFile          *file,
                                       GError        **error);
const MvMtrrState *_mv_window_get_state (MvWindow     *self);
GPtrArray *_mv_window_get_diagnostics (MvWindow       *self);
const char *_mv_window_get_field_error (MvWindow      *self);
MvScene  *_mv_window_build_scene      (MvWindow       *self);
void      _mv_window_refresh          (MvWindow       *self);
void      _mv_window_place_error_bar  (MvWindow       *self);
void      _mv_window_opened_document  (MvWindow       *self,
                                       GFile          *file);

G_END_DECLS
