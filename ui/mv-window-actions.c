/* SPDX-License-Identifier: MIT */
/* The window's actions: documents, export, clipboard, undo, zoom, pages. */
#include "config.h"

#include "mv-ui-style.h"
#include "mv-editor.h"
#include "mv-igvm-source.h"
#include "mv-map-page.h"
#include "mv-map-view.h"
#include "mv-picture-view.h"
#include "mv-presets.h"
#include "mv-scene-builder.h"
#include "mv-window-private.h"

/* What the window opens at most: the largest MTRR dump memviz-cli decodes. */
#define OPEN_MAX_SIZE ((goffset) 64 * 1024 * 1024)

#define MAX_RECENT 8

/* --- helpers ------------------------------------------------------------ */

/* @file's base name as messages show it (g_filename_display_name ()):
 * valid UTF-8 whatever bytes the name holds. */
char *
_mv_window_file_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);

  return g_filename_display_name (base);
}

void
_mv_window_show_error (MvWindow   *self,
                       const char *primary,
                       const char *secondary)
{
  /* A file name the message quotes raw may hold bytes that are not
   * UTF-8, which GTK will not show: each becomes U+FFFD, as
   * g_filename_display_name () shows them. */
  g_autofree char *valid_primary = g_utf8_make_valid (primary, -1);
  g_autofree char *valid_secondary = secondary != NULL ? g_utf8_make_valid (secondary, -1) : NULL;
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", valid_primary);
  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", valid_secondary);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}


/* What was typed a moment ago is applied before an action reads or
 * replaces the document (the fields apply their edits at the next frame
 * otherwise). */
static void
settle_edits (MvWindow *self)
{
  mv_editor_apply_pending (MV_EDITOR (self->editor));
}

static void
set_enabled (MvWindow   *self,
             const char *action,
             gboolean    enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action, enabled);
}

void
_mv_window_update_actions (MvWindow *self)
{
  gboolean has_scene = mv_map_view_get_scene (MV_MAP_VIEW (self->map_view)) != NULL;
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
  gboolean on_map = g_strcmp0 (page, "map") == 0;
  gboolean document = mv_view_source_get_editable (self->source);

  set_enabled (self, "win.undo", document && mv_session_can_undo (self->session));
  set_enabled (self, "win.redo", document && mv_session_can_redo (self->session));
  set_enabled (self, "win.save", document);
  set_enabled (self, "win.save-as", document);
  /* A preset chosen over a dump opens in a new window. */
  set_enabled (self, "win.presets", TRUE);
  set_enabled (self, "win.load-preset", TRUE);
  set_enabled (self, "win.focus-editor", document);
  gtk_widget_set_sensitive (self->presets_button, TRUE);
  set_enabled (self, "win.export", has_scene);
  set_enabled (self, "win.copy-picture", has_scene);
  set_enabled (self, "win.copy-tables", has_scene);
  set_enabled (self, "win.zoom-in", has_scene && on_map);
  set_enabled (self, "win.zoom-out", has_scene && on_map);
  set_enabled (self, "win.zoom-fit", has_scene && on_map);
  set_enabled (self, "win.cancel", mv_session_get_busy (self->session));

  /* What a tooltip would tell a screen reader: the step each takes. */
  {
    g_autofree char *undo = _mv_window_history_tooltip (self, FALSE);
    g_autofree char *redo = _mv_window_history_tooltip (self, TRUE);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->undo_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, undo, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->redo_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, redo, -1);
  }
}

/* The Undo or Redo button's tooltip: the step it takes. */
char *
_mv_window_history_tooltip (MvWindow *self,
                            gboolean  redo)
{
  const char *label = redo ? mv_session_get_redo_label (self->session)
                           : mv_session_get_undo_label (self->session);

  return g_strdup_printf ("%s%s%s (%s)", redo ? "Redo" : "Undo", label ? ": " : "",
                          label ? label : "", redo ? "Ctrl+Shift+Z" : "Ctrl+Z");
}

static gboolean
history_query_tooltip (GtkWidget  *button,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       MvWindow   *self)
{
  g_autofree char *text = _mv_window_history_tooltip (self, button == self->redo_button);

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The Undo and Redo tooltips are made when asked for: setting a widget's
 * tooltip text makes GTK look for the pointer (round trips to the X
 * server), and the steps change at every edit. */
void
_mv_window_init_history_tooltips (MvWindow *self)
{
  g_signal_connect (self->undo_button, "query-tooltip", G_CALLBACK (history_query_tooltip), self);
  g_signal_connect (self->redo_button, "query-tooltip", G_CALLBACK (history_query_tooltip), self);
}

static MvView
current_view (MvWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));

  if (g_strcmp0 (page, "registers") == 0)
    return MV_VIEW_MTRR;
  if (g_strcmp0 (page, "gdt") == 0)
    return MV_VIEW_GDT;
  if (g_strcmp0 (page, "pages") == 0)
    return MV_VIEW_PAGES;
  if (g_strcmp0 (page, "vp") == 0)
    return MV_VIEW_VP;
  if (g_strcmp0 (page, "boot") == 0)
    return MV_VIEW_BOOT;
  if (g_strcmp0 (page, "versions") == 0)
    return MV_VIEW_VERSIONS;
  return MV_VIEW_MAP;
}

/* --- recent documents --------------------------------------------------- */

static GtkRecentManager *recent_manager;

/**
 * mv_window_set_recent_manager:
 * @manager: (nullable): the recent-documents list windows use; %NULL for
 *   GTK's default (tests keep theirs apart)
 */
void
mv_window_set_recent_manager (GtkRecentManager *manager)
{
  g_set_object (&recent_manager, manager);
}

static gboolean record_recent = TRUE;

/**
 * mv_window_set_record_recent:
 * @record: whether opened and saved documents go on the recent list
 *   (%TRUE by default; the tests turn it off)
 */
void
mv_window_set_record_recent (gboolean record)
{
  record_recent = record;
}

static GtkRecentManager *
get_recent_manager (void)
{
  return recent_manager ? recent_manager : gtk_recent_manager_get_default ();
}

static gboolean
is_memviz_uri (const char *uri)
{
  return uri != NULL && g_str_has_prefix (uri, "file://") && g_str_has_suffix (uri, ".memviz");
}

void
_mv_window_update_recent (MvWindow *self)
{
  GtkRecentManager *manager = get_recent_manager ();
  GList *items = gtk_recent_manager_get_items (manager);
  guint n = 0;

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL && n < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GMenuItem) item = NULL;

      if (!is_memviz_uri (uri) || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (uri));
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new ("No recent documents", "win.none");

      g_menu_append_item (self->recent_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

void
_mv_window_add_recent (MvWindow *self,
                       GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) "application/x-memviz",
    .app_name = (char *) "memviz",
    .app_exec = (char *) "memviz %u",
    .groups = NULL,
    .is_private = FALSE,
  };

  if (!record_recent)
    return;
  gtk_recent_manager_add_full (get_recent_manager (), uri, &data);
  _mv_window_update_recent (self);
}

/* --- names ------------------------------------------------------------- */

/**
 * _mv_window_dup_suggested_name:
 * @extension: with its dot: ".png", ".memviz"
 *
 * Returns: (transfer full): a file name for what the window shows now: the
 *   document's file name, else its title made a file name ("OpenVMM
 *   default, 8 GiB" gives "openvmm-default-8-gib"); it follows undo.
 */
char *
_mv_window_dup_suggested_name (MvWindow   *self,
                               const char *extension)
{
  GFile *file = mv_view_source_get_editable (self->source) ? mv_session_get_file (self->session) : NULL;
  g_autofree char *title = NULL;
  GString *name;

  if (file != NULL)
    {
      g_autofree char *base = _mv_window_file_name (file);

      if (g_str_has_suffix (base, ".memviz"))
        base[strlen (base) - strlen (".memviz")] = '\0';
      return g_strconcat (base, extension, NULL);
    }

  title = mv_view_source_dup_name (self->source);
  name = g_string_new (NULL);
  for (const char *p = title ? title : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (name, g_unichar_tolower (c));
      else if (name->len > 0 && name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
    }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "memviz");
  g_string_append (name, extension);
  return g_string_free (name, FALSE);
}

/* --- open and save ------------------------------------------------------ */

static gboolean
looks_like_document (const char *data,
                     gsize       len)
{
  /* A .memviz document has a [memviz] group; anything else is tried as
   * the other sources (mv_view_source_new_for_data()). */
  return g_strstr_len (data, MIN (len, 64 * 1024), "[memviz]") != NULL;
}

/* A file that is not a document: another source shows it read-only
 * (an MTRR dump), and the sidebar goes. */
static gboolean
open_other (MvWindow    *self,
            GFile       *file,
            const char  *data,
            gsize        len,
            GError     **error)
{
  g_autofree char *name = _mv_window_file_name (file);
  g_autoptr(GError) local = NULL;
  g_autoptr(MvViewSource) source = mv_view_source_new_for_data (name, data, len, &local);

  if (source == NULL)
    {
      g_set_error (error, local->domain, local->code,
                   "Neither a memviz document nor a dump of MTRRs (/proc/mtrr, a boot log or "
                   "an MSR dump): %s", local->message);
      return FALSE;
    }
  mv_session_set_source (self->session, source);
  return TRUE;
}

/* Only a regular file is read, and its type is looked at before anything
 * opens it: opening a FIFO waits for a writer and /dev/zero never ends,
 * either of which would freeze the window. Gives its @size. */
static gboolean
check_openable (GFile   *file,
                goffset *size,
                GError **error)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file,
                                                 G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                                 G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, error);

  if (info == NULL)
    return FALSE;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   "%s is not a regular file (a folder, a FIFO, a device or a socket)", name);
      return FALSE;
    }
  *size = g_file_info_get_size (info);
  return TRUE;
}

/* An IGVM file, read in a thread: shown once read, or its error said. */
static void
igvm_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MvWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvViewSource) source = mv_igvm_source_new_finish (result, &error);
  GFile *file = g_task_get_task_data (G_TASK (result));

  if (self->session == NULL)
    return;  /* the window closed meanwhile */
  if (source == NULL)
    {
      g_autofree char *name = _mv_window_file_name (file);
      g_autofree char *primary = g_strdup_printf ("Could not open “%s”", name);

      _mv_window_show_error (self, primary, error->message);
      return;
    }
  mv_session_set_source (self->session, source);
  mv_map_view_zoom_fit (MV_MAP_VIEW (self->map_view));
}

gboolean
_mv_window_open_path (MvWindow  *self,
                      GFile     *file,
                      GError   **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  goffset size = 0;

  /* An IGVM file can be large: it is read in a thread, and shows when
   * read (its errors in a dialog, as here). */
  if (!check_openable (file, &size, error))
    return FALSE;
  if (mv_igvm_source_file_claims (file))
    {
      mv_igvm_source_new_async (file, NULL, igvm_read, g_object_ref (self));
      return TRUE;
    }

  if (size > OPEN_MAX_SIZE)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s is larger than 64 MiB: neither a memviz document nor an MTRR dump", name);
      return FALSE;
    }
  if (!g_file_load_contents (file, NULL, &data, &len, NULL, error))
    return FALSE;

  if (!looks_like_document (data, len))
    return open_other (self, file, data, len, error);

  if (!mv_session_load_file (self->session, file, error))
    return FALSE;

  /* Back from a dump to a document. */
  mv_session_set_source (self->session, NULL);

  _mv_window_opened_document (self, file);
  mv_map_view_zoom_fit (MV_MAP_VIEW (self->map_view));
  _mv_window_add_recent (self, file);
  return TRUE;
}

static GtkFileFilter *
memviz_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, "memviz documents");
  gtk_file_filter_add_pattern (filter, "*.memviz");
  gtk_file_filter_add_mime_type (filter, "application/x-memviz");
  return filter;
}

static GtkFileFilter *
igvm_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, "IGVM files");
  gtk_file_filter_add_pattern (filter, "*.igvm");
  gtk_file_filter_add_mime_type (filter, "application/x-igvm");
  return filter;
}

static void
open_response (GtkNativeDialog *dialog,
               int              response,
               MvWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      mv_window_open_document (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  settle_edits (MV_WINDOW (widget));
  MvWindow *self = MV_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = memviz_filter ();
  g_autoptr(GtkFileFilter) igvm = igvm_filter ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new ("Open a Document", GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), igvm);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MvWindow *self = MV_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  mv_window_open_document (self, file);
}

/**
 * _mv_window_save_to:
 * @file: (nullable): where; %NULL: the document's own file
 *
 * Saves the document, or says why not. A file another window shows is
 * not saved over: each window would then save over the other's edits.
 */
gboolean
_mv_window_save_to (MvWindow *self,
                    GFile    *file)
{
  g_autoptr(GError) error = NULL;
  MvWindow *shown = file != NULL ? mv_window_find_document (file) : NULL;

  if (shown != NULL && shown != self)
    {
      g_autofree char *name = _mv_window_file_name (file);
      g_autofree char *why = g_strdup_printf ("“%s” is open in another window. Save it there, "
                                              "or close that window first, or choose another name.",
                                              name);

      _mv_window_show_error (self, "Could not save the document", why);
      return FALSE;
    }
  if (!mv_session_save (self->session, file, &error))
    {
      _mv_window_show_error (self, "Could not save the document", error->message);
      return FALSE;
    }
  _mv_window_add_recent (self, file ? file : mv_session_get_file (self->session));
  return TRUE;
}

static void
save_as_response (GtkNativeDialog *dialog,
                  int              response,
                  MvWindow        *self)
{
  gboolean close_after = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "close-after"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && !g_str_has_suffix (path, ".memviz"))
        {
          g_autofree char *with = g_strconcat (path, ".memviz", NULL);

          g_object_unref (file);
          file = g_file_new_for_path (with);
        }
      if (_mv_window_save_to (self, file) && close_after)
        gtk_window_close (GTK_WINDOW (self));
    }
  g_clear_object (&self->chooser);
}

static void
save_as (MvWindow *self,
         gboolean  close_after)
{
  g_autoptr(GtkFileFilter) filter = memviz_filter ();
  g_autofree char *name = NULL;

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new ("Save the Document", GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, "_Save", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (mv_session_get_file (self->session) != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), mv_session_get_file (self->session), NULL);
  else
    {
      name = _mv_window_dup_suggested_name (self, ".memviz");
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }
  g_object_set_data (G_OBJECT (self->chooser), "close-after", GINT_TO_POINTER (close_after));
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_as_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  settle_edits (MV_WINDOW (widget));
  MvWindow *self = MV_WINDOW (widget);

  if (mv_session_get_file (self->session) != NULL)
    _mv_window_save_to (self, NULL);
  else
    save_as (self, FALSE);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  settle_edits (MV_WINDOW (widget));
  save_as (MV_WINDOW (widget), FALSE);
}

static void
save_then_close_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  settle_edits (MV_WINDOW (widget));
  MvWindow *self = MV_WINDOW (widget);

  if (mv_session_get_file (self->session) != NULL)
    {
      if (_mv_window_save_to (self, NULL))
        gtk_window_close (GTK_WINDOW (self));
    }
  else
    save_as (self, TRUE);
}

/* --- export ------------------------------------------------------------- */

/* The scene of @view (the versions view's page is made for it). */
static MvScene *
export_scene (MvWindow *self,
              MvView    view)
{
  const MvScene *shown = mv_map_view_get_scene (MV_MAP_VIEW (self->map_view));
  MvScene *scene;

  scene = _mv_window_build_scene (self);
  if (scene == NULL)
    return NULL;
  if (shown != NULL)
    {
      mv_scene_set_scale (scene, shown->scale);
      if (shown->has_window)
        mv_scene_set_window (scene, shown->window_start, shown->window_end, NULL);
    }
  if (view == MV_VIEW_VERSIONS)
    mv_scene_set_versions (scene, mv_view_source_build_versions (self->source, scene));
  return scene;
}

/**
 * mv_window_export:
 * @view: (nullable): "map", "mtrr", "gdt", "pages", "all" or "versions"; %NULL for
 *   the page shown
 * @width: the picture's width in logical pixels (0: the view's)
 * @height: its height (0: the view's natural height)
 * @dark: the dark theme
 *
 * Writes the current picture to @file through the shared renderer; the
 * format follows the extension (.png, .svg, .pdf).
 */
gboolean
mv_window_export (MvWindow    *self,
                  GFile       *file,
                  const char  *view,
                  double       width,
                  double       height,
                  gboolean     dark,
                  GError     **error)
{
  g_autoptr(MvScene) scene = NULL;
  g_autofree char *path = NULL;
  MvView v = current_view (self);
  MvRenderStyle style;

  g_return_val_if_fail (MV_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (view != NULL && !mv_view_from_string (view, &v))
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_FORMAT, "Unknown view “%s”", view);
      return FALSE;
    }

  scene = export_scene (self, v);
  if (scene == NULL)
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_SIZE, "There is no picture to export yet");
      return FALSE;
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Only local files can be written");
      return FALSE;
    }

  if (width <= 0)
    width = MAX (gtk_widget_get_width (self->map_view), 800);
  if (height <= 0)
    {
      mv_render_style_init (&style, dark ? MV_THEME_DARK : MV_THEME_LIGHT);
      height = ceil (mv_render_natural_height (scene, &style, v, width));
    }

  return mv_render_to_file (scene, path, v, width, height, 1.0,
                            dark ? MV_THEME_DARK : MV_THEME_LIGHT, error);
}

/* Says where the picture went. */
void
_mv_window_exported (MvWindow *self,
                     GFile    *file)
{
  g_autofree char *name = _mv_window_file_name (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *folder = parent ? g_file_get_parse_name (parent) : NULL;
  g_autofree char *text = NULL;

  if (folder != NULL)
    text = g_strdup_printf ("Exported “%s” to %s", name, folder);
  else
    text = g_strdup_printf ("Exported “%s”", name);
  _mv_window_show_note (self, text, NULL, NULL);
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 MvWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
      const char *view = gtk_file_chooser_get_choice (chooser, "view");
      const char *size = gtk_file_chooser_get_choice (chooser, "size");
      const char *theme = gtk_file_chooser_get_choice (chooser, "theme");
      g_autoptr(GError) error = NULL;
      double width = 0;

      _mv_window_picture_extension (&file, ".png");
      if (g_strcmp0 (size, "1280") == 0)
        width = 1280;
      else if (g_strcmp0 (size, "1920") == 0)
        width = 1920;
      else if (g_strcmp0 (size, "2560") == 0)
        width = 2560;

      if (!mv_window_export (self, file, g_strcmp0 (view, "current") == 0 ? NULL : view,
                             width, 0, g_strcmp0 (theme, "dark") == 0, &error))
        _mv_window_show_error (self, "Could not export the picture", error->message);
      else
        _mv_window_exported (self, file);
    }
  g_clear_object (&self->chooser);
}

/**
 * _mv_window_new_export_chooser:
 * @formats: (array zero-terminated=1): a filter's name, then its pattern,
 *   for each format
 *
 * A modal save chooser, in self->chooser (the one the window keeps).
 */
void
_mv_window_new_export_chooser (MvWindow          *self,
                               const char        *title,
                               const char *const *formats)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  for (guint i = 0; formats[i] != NULL && formats[i + 1] != NULL; i += 2)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, formats[i]);
      gtk_file_filter_add_pattern (filter, formats[i + 1]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
    }
}

/* A local file name chosen without .png, .svg or .pdf gets @extension. */
void
_mv_window_picture_extension (GFile      **file,
                              const char  *extension)
{
  g_autofree char *path = g_file_get_path (*file);

  if (path != NULL && !g_str_has_suffix (path, ".png") && !g_str_has_suffix (path, ".svg") &&
      !g_str_has_suffix (path, ".pdf"))
    {
      g_autofree char *with = g_strconcat (path, extension, NULL);

      g_object_unref (*file);
      *file = g_file_new_for_path (with);
    }
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  settle_edits (MV_WINDOW (widget));
  MvWindow *self = MV_WINDOW (widget);
  const char *view_ids[] = { "current", "map", "mtrr", "gdt", "pages", "all", NULL };
  const char *view_labels[] = { "The page shown", "Map", "MTRR registers", "GDT", "Page map", "All views", NULL };
  const char *size_ids[] = { "window", "1280", "1920", "2560", NULL };
  const char *size_labels[] = { "As in the window", "1280 wide", "1920 wide", "2560 wide", NULL };
  const char *theme_ids[] = { "light", "dark", NULL };
  const char *theme_labels[] = { "Light", "Dark", NULL };
  const char *const formats[] = { "PNG image", "*.png", "SVG drawing", "*.svg", "PDF document", "*.pdf", NULL };
  g_autofree char *name = NULL;
  gboolean dark = FALSE;
  MvRenderStyle style;

  mv_map_view_fill_style (MV_MAP_VIEW (self->map_view), &style);
  dark = style.theme == MV_THEME_DARK;

  _mv_window_new_export_chooser (self, "Export the Picture", formats);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "view", "View", view_ids, view_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "view", "current");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "size", "Size", size_ids, size_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "size", "window");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "theme", "Theme", theme_ids, theme_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "theme", dark ? "dark" : "light");
  /* A saved document's pictures go beside it, unless the user says not. */
  if (mv_session_get_file (self->session) != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (mv_session_get_file (self->session));

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  name = _mv_window_dup_suggested_name (self, ".png");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* --- clipboard ---------------------------------------------------------- */

static void
copy_picture_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  settle_edits (MV_WINDOW (widget));
  MvWindow *self = MV_WINDOW (widget);
  MvView view = current_view (self);
  g_autoptr(MvScene) scene = export_scene (self, view);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  MvRenderStyle style;
  cairo_surface_t *surface;
  double width, height;

  if (scene == NULL)
    return;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  width = MAX (gtk_widget_get_width (self->map_view), 800);
  height = ceil (mv_render_natural_height (scene, &style, view, width));
  surface = mv_render_to_image (scene, &style, view, width, height,
                                gtk_widget_get_scale_factor (widget), &error);
  if (surface == NULL)
    {
      _mv_window_show_error (self, "Could not copy the picture", error->message);
      return;
    }
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) *
                       (gsize) cairo_image_surface_get_height (surface));
  texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                    cairo_image_surface_get_height (surface),
                                    GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
}

static void
append_table (GString            *s,
              const MvSceneTable *table)
{
  g_autofree guint *widths = NULL;
  guint n_cols;

  if (table == NULL)
    return;

  n_cols = table->columns->len;
  widths = g_new0 (guint, n_cols);
  for (guint c = 0; c < n_cols; c++)
    widths[c] = g_utf8_strlen (g_array_index (table->columns, MvTableColumn, c).title, -1);
  for (guint r = 0; r < table->rows->len; r++)
    {
      const MvTableRow *row = &g_array_index (table->rows, MvTableRow, r);

      for (guint c = 0; c < n_cols && row->cells[c] != NULL; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row->cells[c], -1));
    }

  g_string_append_printf (s, "%s\n", table->title);
  for (guint c = 0; c < n_cols; c++)
    {
      const char *t = g_array_index (table->columns, MvTableColumn, c).title;

      g_string_append_printf (s, "%s%s%*s", c ? "  " : "", t,
                              (int) (widths[c] - g_utf8_strlen (t, -1)), "");
    }
  g_string_append_c (s, '\n');
  for (guint r = 0; r < table->rows->len; r++)
    {
      const MvTableRow *row = &g_array_index (table->rows, MvTableRow, r);

      for (guint c = 0; c < n_cols && row->cells[c] != NULL; c++)
        g_string_append_printf (s, "%s%s%*s", c ? "  " : "", row->cells[c],
                                (int) (widths[c] - g_utf8_strlen (row->cells[c], -1)), "");
      while (s->len > 0 && s->str[s->len - 1] == ' ')
        g_string_truncate (s, s->len - 1);
      g_string_append_c (s, '\n');
    }
  if (table->n_omitted > 0)
    g_string_append_printf (s, "(%u more rows)\n", table->n_omitted);
  if (table->note != NULL)
    g_string_append_printf (s, "%s\n", table->note);
  g_string_append_c (s, '\n');
}

/**
 * mv_window_dup_status_text:
 *
 * Returns: (transfer full): the tables as text (what "Copy Tables as
 *   Text" copies): the MTRR registers, the page map and the diagnostics
 */
char *
mv_window_dup_status_text (MvWindow *self)
{
  const MvScene *scene;
  GPtrArray *diagnostics;
  GString *s;

  g_return_val_if_fail (MV_IS_WINDOW (self), NULL);

  scene = mv_map_view_get_scene (MV_MAP_VIEW (self->map_view));
  s = g_string_new (NULL);
  if (scene == NULL)
    return g_string_free (s, FALSE);

  g_string_append_printf (s, "%s\n%s\n\n", scene->title ? scene->title : "",
                          scene->subtitle ? scene->subtitle : "");
  append_table (s, scene->mtrr_table);
  append_table (s, scene->mtrr_beside_table);
  append_table (s, scene->pages_table);
  append_table (s, scene->vp_table);

  diagnostics = _mv_window_get_diagnostics (self);
  if (diagnostics != NULL && diagnostics->len > 0)
    {
      g_string_append (s, "Diagnostics\n");
      for (guint i = 0; i < diagnostics->len; i++)
        {
          const MvDiagnostic *d = g_ptr_array_index (diagnostics, i);

          g_string_append_printf (s, "  %-7s  %s\n", mv_severity_name (d->severity), d->message);
        }
    }
  return g_string_free (s, FALSE);
}

static void
copy_tables_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  settle_edits (MV_WINDOW (widget));
  g_autofree char *text = mv_window_dup_status_text (MV_WINDOW (widget));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

/* --- edit, view --------------------------------------------------------- */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  settle_edits (MV_WINDOW (widget));
  mv_session_undo (MV_WINDOW (widget)->session);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  settle_edits (MV_WINDOW (widget));
  mv_session_redo (MV_WINDOW (widget)->session);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MvMapView *map = MV_MAP_VIEW (MV_WINDOW (widget)->map_view);

  if (g_str_equal (action_name, "win.zoom-in"))
    mv_map_view_zoom (map, 1.5);
  else if (g_str_equal (action_name, "win.zoom-out"))
    mv_map_view_zoom (map, 1 / 1.5);
  else
    mv_map_view_zoom_fit (map);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MvWindow *self = MV_WINDOW (widget);

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), g_variant_get_string (param, NULL));
}

static void
popup_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  MvWindow *self = MV_WINDOW (widget);

  if (g_str_equal (action_name, "win.presets"))
    gtk_menu_button_popup (GTK_MENU_BUTTON (self->presets_button));
  else
    gtk_menu_button_popup (GTK_MENU_BUTTON (self->menu_button));
}

static void
load_preset_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  settle_edits (MV_WINDOW (widget));
  MvWindow *self = MV_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!mv_window_load_preset (self, g_variant_get_string (param, NULL), &error))
    _mv_window_show_error (self, "Could not load the preset", error->message);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
focus_editor_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  mv_editor_focus_field (MV_EDITOR (MV_WINDOW (widget)->editor), "ram");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  mv_session_cancel (MV_WINDOW (widget)->session);
}

static void
unpin_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  _mv_window_hide_explain_pane (MV_WINDOW (widget));
}

static void
explain_address_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  MvWindow *self = MV_WINDOW (widget);

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "map");
  mv_map_page_focus_address_entry (MV_MAP_PAGE (self->map_page));
}

void
_mv_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.save-then-close", NULL, save_then_close_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-picture", NULL, copy_picture_action);
  gtk_widget_class_install_action (widget_class, "win.copy-tables", NULL, copy_tables_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.page", "s", page_action);
  gtk_widget_class_install_action (widget_class, "win.presets", NULL, popup_action);
  gtk_widget_class_install_action (widget_class, "win.main-menu", NULL, popup_action);
  gtk_widget_class_install_action (widget_class, "win.load-preset", "s", load_preset_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.focus-editor", NULL, focus_editor_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.unpin", NULL, unpin_action);
  gtk_widget_class_install_action (widget_class, "win.explain-address", NULL, explain_address_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.unpin", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.explain-address", NULL);
}
