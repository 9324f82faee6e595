/* SPDX-License-Identifier: MIT */
/* The window's step mode: the lesson of what it shows (core/mv-steps.h),
 * one step at a time. The steps come from the source, each step's scene
 * from mv-scene-steps.c; the map, the register table and the step bar
 * show it; side by side, OpenVMM's lesson and the fewest pairs' are
 * stepped together, one scene with a band for each. Every step is drawn
 * on one axis and one scale (the map view's lesson, as the lesson's
 * slides), so stepping moves no bar. Left/Right and Page
 * Up/Down step, Home/End jump, wherever the focus is except in a text
 * field. */
#include "config.h"

#include <string.h>

#include "mv-map-page.h"
#include "mv-render.h"
#include "mv-scene-steps.h"
#include "mv-step-bar.h"
#include "mv-window-private.h"

/* How many steps there are to go through: side by side, the longer
 * lesson's. */
static guint
n_positions (MvWindow *self)
{
  if (self->steps == NULL)
    return 0;
  if (self->beside != NULL)
    return mv_scene_steps_n_positions (self->steps, self->beside);
  return mv_scene_steps_n_pages (self->steps);
}

/* The bar says where the lesson is and why (each lesson's heading and
 * caption side by side). */
static void
show_in_bar (MvWindow *self)
{
  MvStepBar *bar = MV_STEP_BAR (self->step_bar);

  if (self->steps != NULL && self->beside != NULL)
    {
      g_autofree char *heading = mv_scene_steps_heading (self->steps, self->step_index);
      g_autofree char *caption = mv_scene_steps_caption (self->steps, self->step_index);
      g_autofree char *beside_heading = mv_scene_steps_heading (self->beside, self->step_index);
      g_autofree char *beside_caption = mv_scene_steps_caption (self->beside, self->step_index);

      mv_step_bar_show_side_by_side (bar, self->step_index, n_positions (self), heading, caption,
                                     beside_heading, beside_caption);
    }
  else
    mv_step_bar_show_step (bar, self->step_index, n_positions (self),
                           self->steps != NULL ? mv_scene_steps_page_caption (self->steps, self->step_index)
                                               : NULL);
  /* An error bar stays under it, whatever its height now. */
  _mv_window_place_error_bar (self);
}

static void
show_step (MvWindow *self)
{
  show_in_bar (self);
  _mv_window_refresh (self);
}

/* The bar's choice as lessons: @steps (OpenVMM's side by side) and, side
 * by side, @beside. FALSE with @error when the source has none. */
static gboolean
build_lessons (MvWindow  *self,
               MvSteps  **steps,
               MvSteps  **beside,
               GError   **error)
{
  guint choice = mv_step_bar_get_strategy (MV_STEP_BAR (self->step_bar));

  *beside = NULL;
  if (choice != MV_STEP_BAR_SIDE_BY_SIDE)
    return (*steps = mv_view_source_build_steps (self->source, choice, error)) != NULL;
  *steps = mv_view_source_build_steps (self->source, MV_STEPS_STRATEGY_OPENVMM, error);
  if (*steps != NULL)
    *beside = mv_view_source_build_steps (self->source, MV_STEPS_STRATEGY_FEWEST, error);
  if (*beside == NULL)
    g_clear_pointer (steps, mv_steps_free);
  return *steps != NULL;
}

/* The scene of step @index, on the axis of every step (the lesson's
 * extent). Its title says whose pairs but not "Step 2 of 3": the step bar
 * above it says that. */
static MvScene *
step_scene_new (MvWindow *self,
                guint     index)
{
  const MvLayout *layout = mv_view_source_get_layout (self->source);
  MvScene *scene;
  const char *rest;

  if (self->beside != NULL)
    scene = mv_scene_new_for_steps_side_by_side (layout, self->steps, self->beside, index, FALSE);
  else
    scene = mv_scene_new_for_step (layout, self->steps, index);
  scene->has_extent = TRUE;
  scene->extent_start = self->steps_start;
  scene->extent_end = self->steps_end;
  if (scene->title != NULL && g_str_has_prefix (scene->title, "Step ") &&
      (rest = strstr (scene->title, " \u00b7 ")) != NULL)
    {
      char *title = g_strdup (rest + strlen (" \u00b7 "));

      g_free (scene->title);
      scene->title = title;
    }
  return scene;
}

/* The steps of what the window shows now, the step kept where it can be;
 * the map draws every step's scene on one scale. FALSE with @error when
 * the source has none. */
static gboolean
compute_steps (MvWindow  *self,
               GError   **error)
{
  MvSteps *steps, *beside;
  gboolean ok = build_lessons (self, &steps, &beside, error);
  GPtrArray *scenes;

  g_clear_pointer (&self->steps, mv_steps_free);
  g_clear_pointer (&self->beside, mv_steps_free);
  self->steps = steps;
  self->beside = beside;
  if (!ok)
    {
      mv_map_view_set_lesson (MV_MAP_VIEW (self->map_view), NULL);
      return FALSE;
    }
  self->step_index = MIN (self->step_index, n_positions (self) - 1);
  mv_render_lesson_extent (mv_view_source_get_layout (self->source), steps, beside,
                           &self->steps_start, &self->steps_end);
  scenes = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_scene_free);
  for (guint i = 0; i < n_positions (self); i++)
    g_ptr_array_add (scenes, step_scene_new (self, i));
  mv_map_view_set_lesson (MV_MAP_VIEW (self->map_view), scenes);
  return TRUE;
}

/* The step scene, or NULL outside step mode. */
MvScene *
_mv_window_steps_build_scene (MvWindow *self)
{
  if (!self->step_mode || self->steps == NULL)
    return NULL;
  return step_scene_new (self, self->step_index);
}

/* The source changed: the lesson is computed again (a layout that fails
 * leaves step mode with the error shown). */
void
_mv_window_steps_source_changed (MvWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->step_mode)
    return;
  if (!compute_steps (self, &error))
    {
      _mv_window_set_step_mode (self, FALSE);
      return;
    }
  show_in_bar (self);
}

void
_mv_window_set_step_mode (MvWindow *self,
                          gboolean  on)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "step-mode");
  g_autoptr(GError) error = NULL;

  on = !!on;
  if (on && !compute_steps (self, &error))
    {
      _mv_window_show_error (self, "Step mode is not available", error->message);
      on = FALSE;
    }
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (on));
  if (self->step_mode == on && on)
    return;
  self->step_mode = on;
  if (!on)
    {
      g_clear_pointer (&self->steps, mv_steps_free);
      g_clear_pointer (&self->beside, mv_steps_free);
      mv_map_view_set_lesson (MV_MAP_VIEW (self->map_view), NULL);
    }
  else
    self->step_index = 0;
  gtk_widget_set_visible (self->step_bar, on);
  _mv_window_place_error_bar (self);
  for (guint i = 0; i < 4; i++)
    {
      static const char *const names[] = { "win.step-first", "win.step-prev", "win.step-next", "win.step-last" };

      gtk_widget_action_set_enabled (GTK_WIDGET (self), names[i], on);
    }
  if (on)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "map");
      show_step (self);
    }
  else
    _mv_window_refresh (self);
}

/* Moves to step @to (clamped); TRUE when in step mode. */
static gboolean
go_to (MvWindow *self,
       gint64    to)
{
  guint n;

  if (!self->step_mode || self->steps == NULL)
    return FALSE;
  n = n_positions (self);
  to = CLAMP (to, 0, (gint64) n - 1);
  if ((guint) to != self->step_index)
    {
      self->step_index = (guint) to;
      show_step (self);
    }
  return TRUE;
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MvWindow *self = MV_WINDOW (widget);

  if (g_str_equal (action_name, "win.step-first"))
    go_to (self, 0);
  else if (g_str_equal (action_name, "win.step-last"))
    go_to (self, G_MAXINT64 / 2);
  else if (g_str_equal (action_name, "win.step-prev"))
    go_to (self, (gint64) self->step_index - 1);
  else
    go_to (self, (gint64) self->step_index + 1);
}

static void
step_mode_changed (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  _mv_window_set_step_mode (MV_WINDOW (user_data), g_variant_get_boolean (state));
}

static void
strategy_changed (MvWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->step_mode)
    return;
  self->step_index = 0;
  if (!compute_steps (self, &error))
    {
      _mv_window_show_error (self, "These steps are not available", error->message);
      _mv_window_set_step_mode (self, FALSE);
      return;
    }
  show_step (self);
}

/* The step keys, before the focused widget sees them (the map pans with
 * Left and Right), except in a text field, which keeps its keys. */
static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             MvWindow              *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!self->step_mode || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_EDITABLE (w) || GTK_IS_TEXT_VIEW (w) || GTK_IS_DROP_DOWN (w))
      return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      return go_to (self, (gint64) self->step_index - 1);
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      return go_to (self, (gint64) self->step_index + 1);
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      return go_to (self, 0);
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      return go_to (self, G_MAXINT64 / 2);
    default:
      return FALSE;
    }
}

static void export_lesson_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param);

void
_mv_window_steps_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-lesson", NULL, export_lesson_action);
  gtk_widget_class_install_action (widget_class, "win.step-first", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-prev", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-last", NULL, step_action);
}

void
_mv_window_steps_init (MvWindow *self)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new_stateful ("step-mode", NULL,
                                                                  g_variant_new_boolean (FALSE));
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect (action, "change-state", G_CALLBACK (step_mode_changed), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
  self->step_bar = mv_map_page_get_part (MV_MAP_PAGE (self->map_page), "step-bar");
  g_signal_connect_swapped (self->step_bar, "notify::strategy", G_CALLBACK (strategy_changed), self);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  for (guint i = 0; i < 4; i++)
    {
      static const char *const names[] = { "win.step-first", "win.step-prev", "win.step-next", "win.step-last" };

      gtk_widget_action_set_enabled (GTK_WIDGET (self), names[i], FALSE);
    }
}

/* --- Export > Lesson ----------------------------------------------------- */

/**
 * _mv_window_export_lesson:
 * Writes the lesson of what the window shows, by the step bar's strategy
 * (side by side: both lessons on each slide), as slides to @file (a PDF, or numbered PNG or SVG files beside it).
 */
gboolean
_mv_window_export_lesson (MvWindow  *self,
                          GFile     *file,
                          GError   **error)
{
  g_autoptr(MvSteps) steps = NULL;
  g_autoptr(MvSteps) beside = NULL;
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Slides are written to local files only");
      return FALSE;
    }
  if (!build_lessons (self, &steps, &beside, error))
    return FALSE;
  return mv_render_lesson_side_by_side_to_file (mv_view_source_get_layout (self->source), steps, beside,
                                                path, 1.0, MV_THEME_LIGHT, NULL, error);
}

static void
export_lesson_response (GtkNativeDialog *dialog,
                        int              response,
                        MvWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      _mv_window_picture_extension (&file, ".pdf");
      if (!_mv_window_export_lesson (self, file, &error))
        _mv_window_show_error (self, "Could not export the lesson", error->message);
      else
        _mv_window_exported (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
export_lesson_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MvWindow *self = MV_WINDOW (widget);
  g_autofree char *name = _mv_window_dup_suggested_name (self, "-lesson.pdf");
  const char *const formats[] = {
    "PDF document, a page per step", "*.pdf",
    "PNG images, one per step", "*.png",
    "SVG drawings, one per step", "*.svg",
    NULL
  };

  _mv_window_new_export_chooser (self, "Export the Lesson", formats);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_lesson_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
