/* SPDX-License-Identifier: MIT */
/* The window: a shell that composes the pages and bars (each its own
 * widget with its template) and hands them the source the session holds;
 * the title, the tabs, the close question and drag and drop. */
#include "config.h"

#include "mv-boot-page.h"
#include "mv-diagnostics-page.h"
#include "mv-editor.h"
#include "mv-error-bar.h"
#include "mv-files-bar.h"
#include "mv-map-page.h"
#include "mv-map-view.h"
#include "mv-note.h"
#include "mv-page-tabs.h"
#include "mv-picture-view.h"
#include "mv-presets.h"
#include "mv-presets-popover.h"
#include "mv-renderer.h"
#include "mv-source-bar.h"
#include "mv-window-private.h"

G_DEFINE_FINAL_TYPE (MvWindow, mv_window, GTK_TYPE_APPLICATION_WINDOW)


/* --- title, errors ----------------------------------------------------- */

static void
update_title (MvWindow *self)
{
  g_autofree char *title = mv_view_source_dup_title (self->source);
  g_autofree char *subtitle = mv_view_source_dup_subtitle (self->source);
  g_autofree char *window_title = g_strdup_printf ("%s – memviz", title);

  gtk_label_set_label (GTK_LABEL (self->title_label), title);
  gtk_label_set_label (GTK_LABEL (self->subtitle_label), subtitle ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void update_diagnostics (MvWindow *self);

/* The error bar lies over the picture, below the map's toolbar and, in
 * step mode, the step bar: both stay in reach, and the picture does not
 * move. */
void
_mv_window_place_error_bar (MvWindow *self)
{
  gboolean on_map = g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "map") == 0;
  int top = 0;

  GtkWidget *toolbar = mv_map_page_get_toolbar (MV_MAP_PAGE (self->map_page));

  if (on_map && gtk_widget_get_mapped (toolbar))
    top = gtk_widget_get_height (toolbar) + gtk_widget_get_margin_bottom (toolbar);
  /* The step bar's height at the page's width: it may not be laid out
   * yet, just shown or given a longer sentence. */
  if (on_map && self->step_bar != NULL && gtk_widget_get_visible (self->step_bar))
    {
      int min = 0, nat = 0;

      gtk_widget_measure (self->step_bar, GTK_ORIENTATION_VERTICAL,
                          MAX (gtk_widget_get_width (self->map_page), 1), &min, &nat, NULL, NULL);
      top += nat;  /* its margins included */
    }
  if (gtk_widget_get_margin_top (self->error_bar) != top)
    gtk_widget_set_margin_top (self->error_bar, top);
}

static void
update_error (MvWindow *self)
{
  const char *field_error;
  g_autoptr(GPtrArray) problems = NULL;
  const char *error;
  gboolean stale;
  gboolean current_steps;

  if (self->source == NULL)
    return;  /* the editor's error, while the window is made */
  field_error = _mv_window_get_field_error (self);
  problems = mv_view_source_list_problems (self->source);
  error = field_error;

  for (guint i = 0; error == NULL && i < problems->len; i++)
    if (((MvViewSourceProblem *) g_ptr_array_index (problems, i))->leads)
      error = ((MvViewSourceProblem *) g_ptr_array_index (problems, i))->title;
  stale = error != NULL;
  /* Step mode through a version that refuses the layout shows the
   * current document's lesson (its boot state, then the error), not the
   * last layout that worked: the map is not dimmed, nor said to be old. */
  current_steps = self->step_mode && self->steps != NULL && self->steps->refusal != NULL;

  _mv_window_place_error_bar (self);
  mv_error_bar_set_error (MV_ERROR_BAR (self->error_bar), error,
                          mv_map_view_get_scene (MV_MAP_VIEW (self->map_view)) != NULL && !current_steps);

  mv_map_view_set_stale (MV_MAP_VIEW (self->map_view), stale && !current_steps);
  mv_picture_view_set_stale (MV_PICTURE_VIEW (self->registers_view), stale);
  mv_picture_view_set_stale (MV_PICTURE_VIEW (self->gdt_view), stale);
  mv_picture_view_set_stale (MV_PICTURE_VIEW (self->pages_view), stale);
  mv_picture_view_set_stale (MV_PICTURE_VIEW (self->vp_view), stale);
  mv_picture_view_set_stale (MV_PICTURE_VIEW (self->versions_view), stale);

  /* The Diagnostics page leads with the same error (its rows are only
   * made when it is shown). */
  update_diagnostics (self);
}

/* --- files outside the document's folder ------------------------------ */

static void
update_files_bar (MvWindow *self)
{
  mv_files_bar_update (MV_FILES_BAR (self->files_bar));
}

static void
read_outside_files_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  mv_files_bar_read (MV_FILES_BAR (MV_WINDOW (widget)->files_bar));
}

/* The way back once the bar is put away: the same as its "Read". */
static void
files_can_read_changed (MvWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.read-outside-files",
                                 mv_files_bar_get_can_read (MV_FILES_BAR (self->files_bar)));
}

/* A document was opened from @file: apply what the user said about its
 * outside files in this window before. */
void
_mv_window_opened_document (MvWindow *self,
                            GFile    *file)
{
  mv_files_bar_opened (MV_FILES_BAR (self->files_bar), file);
}

/* --- diagnostics ------------------------------------------------------- */

static void
update_diagnostics (MvWindow *self)
{
  mv_diagnostics_page_update (MV_DIAGNOSTICS_PAGE (self->diagnostics), self->source,
                              _mv_window_get_field_error (self),
                              mv_map_view_get_scene (MV_MAP_VIEW (self->map_view)));
}

/* Selecting a diagnostic marks its range on the map; activating it
 * (Enter, double-click) also zooms the map there and shows it. */
static void
diagnostic_selected (MvWindow *self,
                     gboolean  has_range,
                     guint64   start,
                     guint64   end)
{
  mv_map_view_highlight (MV_MAP_VIEW (self->map_view), has_range, start, end);
}

static void
diagnostic_activated (MvWindow *self,
                      guint64   start,
                      guint64   end)
{
  guint64 margin = MAX ((end - start) / 2, (guint64) 64 * 1024);

  mv_map_view_highlight (MV_MAP_VIEW (self->map_view), TRUE, start, end);
  mv_map_view_set_window (MV_MAP_VIEW (self->map_view),
                          start > margin ? start - margin : 0,
                          end < G_MAXUINT64 - margin ? end + margin : G_MAXUINT64);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "map");
}

/* --- the map page ---------------------------------------------------- */

char *
_mv_window_dup_map_tooltip (MvWindow *self)
{
  return mv_map_page_dup_tooltip (MV_MAP_PAGE (self->map_page));
}

void
_mv_window_hide_explain_pane (MvWindow *self)
{
  mv_map_page_hide_explanation (MV_MAP_PAGE (self->map_page));
}

/* --- the scene --------------------------------------------------------- */

const MvMtrrState *
_mv_window_get_state (MvWindow *self)
{
  return mv_view_source_get_state (self->source);
}

GPtrArray *
_mv_window_get_diagnostics (MvWindow *self)
{
  return mv_view_source_get_diagnostics (self->source);
}

/* A field that does not parse, while the editor edits the source. */
const char *
_mv_window_get_field_error (MvWindow *self)
{
  if (!mv_view_source_get_editable (self->source))
    return NULL;
  return mv_editor_get_error (MV_EDITOR (self->editor));
}

/* The scene of what the window shows. */
MvScene *
_mv_window_build_scene (MvWindow *self)
{
  MvScene *step = _mv_window_steps_build_scene (self);

  return step != NULL ? step : mv_view_source_build_scene (self->source);
}

/* Screen readers get what the picture shows, in a sentence. */
static void
describe_scene (MvWindow      *self,
                const MvScene *scene)
{
  g_autofree char *text = NULL;
  GPtrArray *diagnostics = _mv_window_get_diagnostics (self);
  guint n_pairs = 0, n_errors = 0, n_warnings = 0;

  if (scene == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->map_view),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Nothing to show yet", -1);
      return;
    }
  for (guint i = 0; i < scene->lanes->len; i++)
    if (((MvSceneLane *) g_ptr_array_index (scene->lanes, i))->kind == MV_LANE_PAIR)
      n_pairs++;
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diagnostics, i);

      n_errors += d->severity == MV_SEVERITY_ERROR;
      n_warnings += d->severity == MV_SEVERITY_WARNING;
    }
  text = g_strdup_printf ("%s. %s. %u variable MTRR pairs, %u errors and %u warnings in the "
                          "diagnostics. Plus and minus zoom, Left and Right pan, 0 fits all, "
                          "Enter explains the address in the middle.",
                          scene->title ? scene->title : "", scene->subtitle ? scene->subtitle : "",
                          n_pairs, n_errors, n_warnings);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->map_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
rebuild_scene (MvWindow *self)
{
  MvScene *scene = _mv_window_build_scene (self);

  describe_scene (self, scene);
  gtk_widget_set_visible (self->gdt_hint, scene != NULL && !scene->has_gdt &&
                          mv_view_source_get_editable (self->source));
  gtk_widget_set_visible (self->pages_hint, scene != NULL &&
                          (scene->pages_table == NULL || scene->pages_table->rows->len == 0) &&
                          mv_view_source_get_editable (self->source));

  /* The picture views borrow the map view's scene. */
  mv_picture_view_set_scene (MV_PICTURE_VIEW (self->registers_view), NULL);
  mv_picture_view_set_scene (MV_PICTURE_VIEW (self->gdt_view), NULL);
  mv_picture_view_set_scene (MV_PICTURE_VIEW (self->pages_view), NULL);
  mv_picture_view_set_scene (MV_PICTURE_VIEW (self->vp_view), NULL);
  mv_map_view_set_scene (MV_MAP_VIEW (self->map_view), scene);
  mv_picture_view_set_scene (MV_PICTURE_VIEW (self->registers_view), scene);
  mv_picture_view_set_scene (MV_PICTURE_VIEW (self->gdt_view), scene);
  mv_picture_view_set_scene (MV_PICTURE_VIEW (self->pages_view), scene);
  mv_picture_view_set_scene (MV_PICTURE_VIEW (self->vp_view), scene);
  /* The VP context page is there when the source has a VP context. */
  gtk_stack_page_set_visible (self->vp_page, scene != NULL && scene->vp_table != NULL);
  mv_boot_page_update (MV_BOOT_PAGE (self->boot_page), scene);
  /* Its tab only while a loader is chosen (the tabs stay narrow). */
  gtk_stack_page_set_visible (gtk_stack_get_page (GTK_STACK (self->stack), self->boot_page),
                              scene != NULL && (scene->boot_table != NULL || scene->boot_hint != NULL));
  self->versions_stale = TRUE;
  _mv_window_versions_update (self);
}

/* What the window shows changed: a lesson is stepped anew, then every
 * view asks again. */
static void
source_changed (MvWindow *self)
{
  _mv_window_steps_source_changed (self);
  _mv_window_refresh (self);
}

/* The session shows another source: the window asks the new one. */
static void
source_switched (MvWindow *self)
{
  MvViewSource *source = mv_session_get_source (self->session);

  if (source == self->source)
    return;
  if (self->source != NULL)
    g_clear_signal_handler (&self->source_changed_id, self->source);
  g_set_object (&self->source, source);
  mv_map_page_set_source (MV_MAP_PAGE (self->map_page), source);
  mv_source_bar_set_source (MV_SOURCE_BAR (self->source_bar), source);
  self->source_changed_id = g_signal_connect_swapped (source, "changed",
                                                      G_CALLBACK (source_changed), self);
  /* Nothing to edit: the sidebar goes. */
  gtk_widget_set_visible (self->editor_scroller, mv_view_source_get_editable (source));
  source_changed (self);
}

void
_mv_window_refresh (MvWindow *self)
{
  rebuild_scene (self);
  update_diagnostics (self);
  update_files_bar (self);
  update_error (self);
  update_title (self);
  _mv_window_update_actions (self);
  mv_map_page_refresh (MV_MAP_PAGE (self->map_page));
  mv_source_bar_update (MV_SOURCE_BAR (self->source_bar));
}

static void
session_notify (MvWindow *self)
{
  update_title (self);
  _mv_window_update_actions (self);
}

/* What the progress bar waits for: the boot loader reading its files,
 * the imports, or both. */
static const char *
progress_text (const MvDocument *doc)
{
  gboolean imports = doc != NULL && doc->imports->len > 0;

  if (doc == NULL || doc->boot.loader == MV_BOOT_LOADER_NONE)
    return "Importing\u2026";
  if (imports)
    return "Reading the files\u2026";
  return doc->boot.loader == MV_BOOT_LOADER_LINUX ? "Loading the kernel\u2026"
                                                  : "Loading the firmware\u2026";
}

static void
busy_changed (MvWindow *self)
{
  gboolean busy = mv_session_get_busy (self->session);
  double progress = mv_session_get_progress (self->session);

  if (busy)
    gtk_label_set_label (GTK_LABEL (self->progress_label),
                         progress_text (mv_session_get_document (self->session)));
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->progress_revealer), busy);
  if (progress != gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (self->progress_bar)))
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), progress);
  _mv_window_update_actions (self);
}

static void
page_changed (MvWindow *self)
{
  _mv_window_versions_update (self);
  _mv_window_place_error_bar (self);
  _mv_window_update_actions (self);
}

/* --- a note over the picture ----------------------------------------- */

/* Says @text in a note over the bottom of the picture for a few seconds,
 * with a button that activates @action_name (when given). */
void
_mv_window_show_note (MvWindow   *self,
                      const char *text,
                      const char *button_label,
                      const char *action_name)
{
  mv_note_show (MV_NOTE (self->note), text, button_label, action_name);
}

/* --- the sidebar's width ---------------------------------------------- */

/* GtkPaned keeps the sidebar's width when the window grows, also after a
 * narrow window squeezed it: give back what the user last chose. */
static gboolean
restore_sidebar (gpointer data)
{
  MvWindow *self = MV_WINDOW (data);
  int position = gtk_paned_get_position (GTK_PANED (self->paned));
  int max = 0;

  self->sidebar_idle = 0;
  g_object_get (self->paned, "max-position", &max, NULL);
  if (position < self->sidebar_width && position < max)
    gtk_paned_set_position (GTK_PANED (self->paned), MIN (self->sidebar_width, max));
  return G_SOURCE_REMOVE;
}

static void
paned_position_changed (MvWindow *self)
{
  int max = 0;

  g_object_get (self->paned, "max-position", &max, NULL);
  /* The same room: the user dragged the divider (or it was restored). */
  if (max == self->paned_max && self->sidebar_idle == 0)
    self->sidebar_width = gtk_paned_get_position (GTK_PANED (self->paned));
}

static void
paned_max_changed (MvWindow *self)
{
  int max = 0;

  g_object_get (self->paned, "max-position", &max, NULL);
  self->paned_max = max;
  if (self->sidebar_idle == 0 && gtk_paned_get_position (GTK_PANED (self->paned)) < self->sidebar_width)
    self->sidebar_idle = g_idle_add (restore_sidebar, self);
}

/* --- close ------------------------------------------------------------- */

static void
close_response (GtkDialog *dialog,
                int        response,
                gpointer   user_data)
{
  MvWindow *self = MV_WINDOW (user_data);
  GtkWidget *focus = self->focus_before_dialog;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (focus != NULL)
    g_object_remove_weak_pointer (G_OBJECT (focus), (gpointer *) &self->focus_before_dialog);
  self->focus_before_dialog = NULL;

  if (response != GTK_RESPONSE_NO && response != GTK_RESPONSE_YES)
    {
      /* Cancelled: back where the user was. */
      if (focus != NULL)
        gtk_widget_grab_focus (focus);
    }
  else if (response == GTK_RESPONSE_NO)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (response == GTK_RESPONSE_YES)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save-then-close", NULL);
    }
}

static gboolean
mv_window_close_request (GtkWindow *window)
{
  MvWindow *self = MV_WINDOW (window);
  g_autofree char *title = NULL;
  GtkWidget *dialog;

  /* What was typed a moment ago counts as a change to keep. */
  if (!self->close_confirmed)
    mv_editor_apply_pending (MV_EDITOR (self->editor));
  if (self->close_confirmed || !mv_session_get_modified (self->session))
    return GTK_WINDOW_CLASS (mv_window_parent_class)->close_request (window);

  title = mv_session_dup_title (self->session);
  if (self->focus_before_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->focus_before_dialog), (gpointer *) &self->focus_before_dialog);
  self->focus_before_dialog = gtk_window_get_focus (window);
  if (self->focus_before_dialog != NULL)
    g_object_add_weak_pointer (G_OBJECT (self->focus_before_dialog), (gpointer *) &self->focus_before_dialog);
  dialog = gtk_message_dialog_new (window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "Save changes to “%s” before closing?", title);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            "If you don’t save, your changes will be lost.");
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          "Close _without Saving", GTK_RESPONSE_NO,
                          "_Cancel", GTK_RESPONSE_CANCEL,
                          "_Save", GTK_RESPONSE_YES,
                          NULL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_NO),
                            "destructive-action");
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_YES),
                            "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_YES);
  g_signal_connect (dialog, "response", G_CALLBACK (close_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* --- drag and drop ----------------------------------------------------- */

static gboolean
drop_file (GtkDropTarget *target,
           const GValue  *value,
           double         x,
           double         y,
           MvWindow      *self)
{
  GFile *file;
  g_autoptr(GError) error = NULL;

  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;
  file = g_value_get_object (value);
  if (mv_window_find_document (file) != NULL ||
      mv_session_get_modified (self->session) || !mv_view_source_get_editable (self->source))
    {
      /* Nothing is lost: the window that shows the dropped document comes
       * to the front, or it opens in a new window. */
      mv_window_open_document (self, file);
      return TRUE;
    }
  if (!_mv_window_open_path (self, file, &error))
    {
      _mv_window_show_error (self, "Could not open the dropped file", error->message);
      return FALSE;
    }
  return TRUE;
}

/* --- GObject ----------------------------------------------------------- */

static void
mv_window_dispose (GObject *object)
{
  MvWindow *self = MV_WINDOW (object);

  g_clear_handle_id (&self->sidebar_idle, g_source_remove);
  if (self->focus_before_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->focus_before_dialog), (gpointer *) &self->focus_before_dialog);
  self->focus_before_dialog = NULL;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->registers_view != NULL)
    {
      mv_picture_view_set_scene (MV_PICTURE_VIEW (self->registers_view), NULL);
      mv_picture_view_set_scene (MV_PICTURE_VIEW (self->gdt_view), NULL);
      mv_picture_view_set_scene (MV_PICTURE_VIEW (self->pages_view), NULL);
      mv_picture_view_set_scene (MV_PICTURE_VIEW (self->vp_view), NULL);
      _mv_window_versions_clear (self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_pointer (&self->steps, mv_steps_free);
  g_clear_pointer (&self->beside, mv_steps_free);

  G_OBJECT_CLASS (mv_window_parent_class)->dispose (object);
}

static void
mv_window_finalize (GObject *object)
{
  MvWindow *self = MV_WINDOW (object);

  g_clear_object (&self->source);

  G_OBJECT_CLASS (mv_window_parent_class)->finalize (object);
}

/* After a frame's layout, before its paint: on X11, shared memory for
 * the frames of the window's size, kept for the edits' frames (made for
 * the first frame and when the window grows larger than before). */
static void
frame_laid_out (GdkFrameClock *clock,
                MvWindow      *self)
{
  mv_renderer_keep_shm_pool (GTK_WIDGET (self));
}

static void
mv_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (mv_window_parent_class)->realize (widget);
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "layout",
                           G_CALLBACK (frame_laid_out), widget, 0);
}

static void
mv_window_class_init (MvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mv_window_dispose;
  object_class->finalize = mv_window_finalize;
  window_class->close_request = mv_window_close_request;
  widget_class->realize = mv_window_realize;

  g_type_ensure (MV_TYPE_DIAGNOSTICS_PAGE);
  g_type_ensure (MV_TYPE_BOOT_PAGE);
  g_type_ensure (MV_TYPE_EDITOR);
  g_type_ensure (MV_TYPE_MAP_PAGE);
  g_type_ensure (MV_TYPE_FILES_BAR);
  g_type_ensure (MV_TYPE_ERROR_BAR);
  g_type_ensure (MV_TYPE_NOTE);
  g_type_ensure (MV_TYPE_PAGE_TABS);
  g_type_ensure (MV_TYPE_PICTURE_VIEW);
  g_type_ensure (MV_TYPE_SOURCE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MvWindow, presets_button);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, files_bar);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, source_bar);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, vp_view);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, vp_page);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, switcher);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, map_page);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, note);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, registers_view);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, gdt_view);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, gdt_hint);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, pages_hint);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, pages_view);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, versions_view);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, diagnostics);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, boot_page);
  gtk_widget_class_bind_template_child (widget_class, MvWindow, recent_menu);
  gtk_widget_class_bind_template_callback (widget_class, update_error);
  gtk_widget_class_bind_template_callback (widget_class, page_changed);
  gtk_widget_class_bind_template_callback (widget_class, diagnostic_activated);
  gtk_widget_class_bind_template_callback (widget_class, diagnostic_selected);

  _mv_window_class_add_actions (widget_class);
  _mv_window_steps_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.read-outside-files", NULL, read_outside_files_action);
}

/* The Presets button's popover loads the preset chosen. */
static void
preset_activated (MvWindow   *self,
                  const char *name)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.load-preset", "s", name);
}

/* The style sheet, once per display (the window works without a
 * GtkApplication too: tests, screenshots). */
static void
ensure_style (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "mv-style") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/memviz/Memviz/mv-style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "mv-style", g_steal_pointer (&provider), g_object_unref);
}

static void
mv_window_init (MvWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkDropTarget *drop;
  GtkWidget *popover;

  ensure_style (GTK_WIDGET (self));
  gtk_widget_init_template (GTK_WIDGET (self));
  self->map_view = GTK_WIDGET (mv_map_page_get_map (MV_MAP_PAGE (self->map_page)));
  _mv_window_steps_init (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.read-outside-files", FALSE);

  /* The window's child (not bound: the template would unparent it twice). */
  self->paned = gtk_window_get_child (GTK_WINDOW (self));
  self->sidebar_width = gtk_paned_get_position (GTK_PANED (self->paned));
  g_signal_connect_swapped (self->paned, "notify::position", G_CALLBACK (paned_position_changed), self);
  g_signal_connect_swapped (self->paned, "notify::max-position", G_CALLBACK (paned_max_changed), self);

  /* The page tabs take their own widths, not all the widest one's: the
   * window can be narrow. */
  mv_page_tabs_set_stack (MV_PAGE_TABS (self->switcher), GTK_STACK (self->stack));

  popover = mv_presets_popover_new ();
  g_signal_connect_swapped (popover, "activated", G_CALLBACK (preset_activated), self);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->presets_button), popover);

  self->session = mv_session_new ();
  _mv_window_init_history_tooltips (self);
  g_signal_connect_swapped (self->session, "notify::source", G_CALLBACK (source_switched), self);
  g_signal_connect_swapped (self->session, "notify::modified", G_CALLBACK (session_notify), self);
  g_signal_connect_swapped (self->session, "notify::can-undo", G_CALLBACK (session_notify), self);
  g_signal_connect_swapped (self->session, "notify::file", G_CALLBACK (session_notify), self);
  g_signal_connect_swapped (self->session, "notify::busy", G_CALLBACK (busy_changed), self);
  g_signal_connect_swapped (self->session, "notify::progress", G_CALLBACK (busy_changed), self);
  mv_files_bar_set_session (MV_FILES_BAR (self->files_bar), self->session);
  g_signal_connect_swapped (self->files_bar, "notify::can-read", G_CALLBACK (files_can_read_changed), self);
  source_switched (self);
  g_object_bind_property (self->diagnostics, "title",
                          gtk_stack_get_page (GTK_STACK (self->stack), self->diagnostics), "title",
                          G_BINDING_SYNC_CREATE);


  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_file), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  mv_editor_set_session (MV_EDITOR (self->editor), self->session);
  if (!mv_window_load_preset (self, MV_PRESET_DEFAULT, &error))
    g_warning ("The default preset does not load: %s", error->message);

  _mv_window_update_recent (self);
}

MvWindow *
mv_window_new (GtkApplication *application)
{
  return g_object_new (MV_TYPE_WINDOW, "application", application, NULL);
}

/**
 * mv_window_get_session:
 *
 * Returns: (transfer none): the window's document session
 */
MvSession *
mv_window_get_session (MvWindow *self)
{
  g_return_val_if_fail (MV_IS_WINDOW (self), NULL);
  return self->session;
}

/**
 * mv_window_load_preset:
 *
 * Starts a new unsaved document from preset @name. When the window holds
 * a saved document or a source that cannot be edited (an MTRR dump), the
 * preset opens in a new window; when it holds
 * unsaved changes, the preset replaces the document as an edit (undo
 * brings it back); otherwise it starts over.
 */
gboolean
mv_window_load_preset (MvWindow    *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (MV_IS_WINDOW (self), FALSE);

  doc = mv_preset_load (name, error);
  if (doc == NULL)
    return FALSE;

  /* A saved document keeps its window: the preset opens in a new one, so
   * that Save never writes a preset over the document's file. So does a
   * source that cannot be edited (an MTRR dump). */
  if (mv_session_get_file (self->session) != NULL || !mv_view_source_get_editable (self->source))
    {
      MvWindow *other = mv_window_new (gtk_window_get_application (GTK_WINDOW (self)));

      g_clear_pointer (&doc, mv_document_free);
      if (!mv_window_load_preset (other, name, error))
        {
          gtk_window_destroy (GTK_WINDOW (other));
          return FALSE;
        }
      gtk_window_present (GTK_WINDOW (other));
      return TRUE;
    }
  title = g_strdup (doc->title ? doc->title : name);

  mv_note_drop_action (MV_NOTE (self->note));
  mv_session_set_source (self->session, NULL);
  if (mv_session_get_modified (self->session))
    {
      g_autofree char *note = g_strdup_printf ("Loaded the preset “%s”; Undo brings back the document "
                                               "it replaced.", title);

      mv_session_break_merge (self->session);
      mv_session_set_preset (self->session, name);
      mv_session_edit (self->session, g_steal_pointer (&doc), NULL, "Load a preset");
      _mv_window_show_note (self, note, "_Undo", "win.undo");
    }
  else
    {
      mv_session_load (self->session, g_steal_pointer (&doc), NULL, NULL);
      mv_session_set_preset (self->session, name);
    }
  mv_map_view_zoom_fit (MV_MAP_VIEW (self->map_view));
  return TRUE;
}

/**
 * mv_window_open_file:
 *
 * Opens a `.memviz` document; errors are shown in a dialog.
 */
void
mv_window_open_file (MvWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MV_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!_mv_window_open_path (self, file, &error))
    {
      g_autofree char *name = _mv_window_file_name (file);
      g_autofree char *primary = g_strdup_printf ("Could not open “%s”", name);

      _mv_window_show_error (self, primary, error->message);
    }
}

/**
 * mv_window_find_document:
 *
 * Returns: (transfer none) (nullable): the window that shows the document
 *   @file, if one does
 */
MvWindow *
mv_window_find_document (GFile *file)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  for (GList *l = windows; l != NULL; l = l->next)
    {
      MvWindow *window = l->data;
      GFile *shown;

      if (!MV_IS_WINDOW (window) || !mv_view_source_get_editable (window->source))
        continue;
      shown = mv_session_get_file (window->session);
      if (shown != NULL && g_file_equal (shown, file))
        return window;
    }
  return NULL;
}

/**
 * mv_window_open_document:
 *
 * Opens the document @file where the user expects it: a window that
 * already shows it comes to the front (a document is open in one window
 * only, so that two sets of edits never race to save it), and reads it
 * again from disk unless it holds edits; else this
 * window takes it, unless it holds edits or an MTRR dump, which a new
 * window then leaves alone.
 *
 * Returns: (transfer none): the window that shows @file (or the error)
 */
MvWindow *
mv_window_open_document (MvWindow *self,
                         GFile    *file)
{
  MvWindow *window;

  g_return_val_if_fail (MV_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  window = mv_window_find_document (file);
  if (window != NULL && !mv_session_get_modified (window->session))
    {
      /* Shown without edits: read again, as it is on disk now. */
      mv_window_open_file (window, file);
    }
  else if (window == NULL && (mv_session_get_modified (self->session) ||
                              !mv_view_source_get_editable (self->source)))
    {
      window = mv_window_new (gtk_window_get_application (GTK_WINDOW (self)));
      mv_window_open_file (window, file);
    }
  else if (window == NULL)
    {
      window = self;
      mv_window_open_file (window, file);
    }
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/**
 * mv_window_get_part:
 * @name: "editor", "map", "registers", "gdt", "pages", "boot", "diagnostics",
 *   "stack", "progress-label", "error-revealer", "error-label", "files-bar", "files-label",
 *   "explain-revealer",
 *   "explain-label", "explain-scroller", "map-scroller", "note",
 *   "note-label", "note-button", "presets-list", "gdt-hint", "pages-hint", "hover-label", "hover-detail", "title",
 *   "scale", "vp", "source-bar", "platform" (the source bar's first dropdown), "lay-over" (its second)
 *
 * Returns: (transfer none) (nullable): a part of the window, for tests
 */
GtkWidget *
mv_window_get_part (MvWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (MV_IS_WINDOW (self), NULL);

  if (mv_map_page_get_part (MV_MAP_PAGE (self->map_page), name) != NULL)
    return mv_map_page_get_part (MV_MAP_PAGE (self->map_page), name);
  /* The presets' rows are made when asked for (or when the popover opens). */
  if (g_strcmp0 (name, "presets-list") == 0)
    return mv_presets_popover_get_list (MV_PRESETS_POPOVER (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->presets_button))));

  struct { const char *name; GtkWidget *widget; } parts[] = {
    { "editor", self->editor },
    { "map", self->map_view },
    { "registers", self->registers_view },
    { "gdt", self->gdt_view },
    { "pages", self->pages_view },
    { "vp", self->vp_view },
    { "versions", self->versions_view },
    { "source-bar", self->source_bar },
    { "platform", mv_source_bar_get_choice (MV_SOURCE_BAR (self->source_bar), 0) },
    { "lay-over", mv_source_bar_get_choice (MV_SOURCE_BAR (self->source_bar), 1) },
    { "boot", self->boot_page },
    { "diagnostics", mv_diagnostics_page_get_list (MV_DIAGNOSTICS_PAGE (self->diagnostics)) },
    { "stack", self->stack },
    { "progress-label", self->progress_label },
    { "error-revealer", mv_error_bar_get_revealer (MV_ERROR_BAR (self->error_bar)) },
    { "files-bar", mv_files_bar_get_bar (MV_FILES_BAR (self->files_bar)) },
    { "files-label", mv_files_bar_get_label (MV_FILES_BAR (self->files_bar)) },
    { "error-label", mv_error_bar_get_label (MV_ERROR_BAR (self->error_bar)) },
    { "note", mv_note_get_part (MV_NOTE (self->note), "revealer") },
    { "note-label", mv_note_get_part (MV_NOTE (self->note), "label") },
    { "note-button", mv_note_get_part (MV_NOTE (self->note), "button") },
    { "gdt-hint", self->gdt_hint },
    { "pages-hint", self->pages_hint },
    { "title", self->title_label },
    { "undo-button", self->undo_button },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (g_strcmp0 (parts[i].name, name) == 0)
      return parts[i].widget;
  return NULL;
}
