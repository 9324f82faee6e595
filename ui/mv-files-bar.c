/* SPDX-License-Identifier: MIT */
/* The bar over the picture when a document imports files outside its
 * folder: they are read only when the user says so, and the window
 * remembers the answer per document. */
#include "config.h"

#include "mv-files-bar.h"

struct _MvFilesBar
{
  GtkWidget   parent_instance;

  MvSession  *session;
  /* What the user chose, per document (URI -> FilesChoice), and whether
   * the bar is put away for the document shown. */
  GHashTable *choices;
  gboolean    dismissed;
  gboolean    can_read;

  /* template */
  GtkWidget  *bar;
  GtkWidget  *title;
  GtkWidget  *label;
};

G_DEFINE_FINAL_TYPE (MvFilesBar, mv_files_bar, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CAN_READ, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* What the user said about one document's outside files. */
typedef struct
{
  gboolean    read;
  GHashTable *paths;  /* the files the answer was about */
} FilesChoice;

static void
files_choice_free (FilesChoice *choice)
{
  g_hash_table_unref (choice->paths);
  g_free (choice);
}

static const char *
file_key (const MvDocumentFile *f)
{
  return f->resolved ? f->resolved : f->path;
}

static char *
document_key (MvFilesBar *self)
{
  GFile *file = mv_session_get_file (self->session);

  return file ? g_file_get_uri (file) : NULL;
}

/**
 * mv_files_bar_update:
 *
 * Shows the bar while the session's document has files outside its
 * folder that are not read, unless the user put it away.
 */
void
mv_files_bar_update (MvFilesBar *self)
{
  g_autoptr(GPtrArray) unread = mv_session_list_unread_files (self->session);
  gboolean show = mv_view_source_get_editable (mv_session_get_source (self->session)) && !self->dismissed && unread->len > 0 &&
                  !(mv_session_get_scenario_flags (self->session) & MV_SCENARIO_SKIP_FILES);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *title = NULL;
  GString *list;
  guint n = 0;
  gboolean can_read;

  if (show)
    {
      list = g_string_new (NULL);
      for (guint i = 0; i < unread->len; i++)
        {
          const MvDocumentFile *f = g_ptr_array_index (unread, i);

          if (!g_hash_table_add (seen, (gpointer) file_key (f)))
            continue;
          g_string_append_printf (list, "%s%s", n ? "\n" : "", file_key (f));
          n++;
        }
      title = g_strdup_printf (n == 1 ? "This document reads a file outside its folder" :
                               "This document reads %u files outside its folder", n);
      gtk_label_set_label (GTK_LABEL (self->title), title);
      gtk_label_set_label (GTK_LABEL (self->label), list->str);
      g_string_free (list, TRUE);
    }
  if (gtk_info_bar_get_revealed (GTK_INFO_BAR (self->bar)) != show)
    gtk_info_bar_set_revealed (GTK_INFO_BAR (self->bar), show);
  gtk_widget_set_visible (self->bar, show);

  /* The way back once the bar is put away: the same as its "Read". */
  can_read = mv_view_source_get_editable (mv_session_get_source (self->session)) && unread->len > 0 &&
             (mv_session_get_scenario_flags (self->session) &
              (MV_SCENARIO_SKIP_FILES | MV_SCENARIO_SKIP_OUTSIDE_FILES)) == MV_SCENARIO_SKIP_OUTSIDE_FILES;
  if (can_read != self->can_read)
    {
      self->can_read = can_read;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_READ]);
    }
}

static void
remember_files_choice (MvFilesBar *self,
                       gboolean    read)
{
  g_autoptr(GPtrArray) unread = mv_session_list_unread_files (self->session);
  g_autofree char *key = document_key (self);
  FilesChoice *choice;

  if (key == NULL)
    return;
  choice = g_new0 (FilesChoice, 1);
  choice->read = read;
  choice->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < unread->len; i++)
    g_hash_table_add (choice->paths, g_strdup (file_key (g_ptr_array_index (unread, i))));
  g_hash_table_replace (self->choices, g_steal_pointer (&key), choice);
}

/* Reads the document's files outside its folder, and remembers it. */
static void
read_outside_files (MvFilesBar *self)
{
  remember_files_choice (self, TRUE);
  self->dismissed = FALSE;
  mv_session_set_scenario_flags (self->session, MV_SCENARIO_NONE);
}

/* The way back once the bar is put away: the same as its "Read". */
void
mv_files_bar_read (MvFilesBar *self)
{
  g_return_if_fail (MV_IS_FILES_BAR (self));
  read_outside_files (self);
  mv_files_bar_update (self);
}

static void
bar_response (MvFilesBar *self,
              int         response,
              GtkInfoBar *bar)
{
  if (response == GTK_RESPONSE_ACCEPT)
    read_outside_files (self);
  else
    {
      remember_files_choice (self, FALSE);
      self->dismissed = TRUE;
    }
  mv_files_bar_update (self);
}

/* A document was opened from @file: apply what the user said about its
 * outside files in this window before, as long as it lists no others. */
void
mv_files_bar_opened (MvFilesBar *self,
                     GFile      *file)
{
  g_autofree char *key = g_file_get_uri (file);
  g_autoptr(GPtrArray) unread = mv_session_list_unread_files (self->session);
  FilesChoice *choice = g_hash_table_lookup (self->choices, key);
  gboolean covered = choice != NULL && unread->len > 0;

  self->dismissed = FALSE;
  for (guint i = 0; covered && i < unread->len; i++)
    covered = g_hash_table_contains (choice->paths, file_key (g_ptr_array_index (unread, i)));

  if (covered && choice->read)
    mv_session_set_scenario_flags (self->session, MV_SCENARIO_NONE);
  else if (covered)
    self->dismissed = TRUE;
  mv_files_bar_update (self);
}


void
mv_files_bar_set_session (MvFilesBar *self,
                          MvSession  *session)
{
  g_return_if_fail (MV_IS_FILES_BAR (self));
  g_set_object (&self->session, session);
}

/* Whether the files not read can be read now (the bar's "Read", also
 * once it is put away). */
gboolean
mv_files_bar_get_can_read (MvFilesBar *self)
{
  g_return_val_if_fail (MV_IS_FILES_BAR (self), FALSE);
  return self->can_read;
}

/* Returns: (transfer none): the info bar, for tests */
GtkWidget *
mv_files_bar_get_bar (MvFilesBar *self)
{
  g_return_val_if_fail (MV_IS_FILES_BAR (self), NULL);
  return self->bar;
}

/* Returns: (transfer none): the label listing the files, for tests */
GtkWidget *
mv_files_bar_get_label (MvFilesBar *self)
{
  g_return_val_if_fail (MV_IS_FILES_BAR (self), NULL);
  return self->label;
}

static void
mv_files_bar_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CAN_READ:
      g_value_set_boolean (value, MV_FILES_BAR (object)->can_read);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_files_bar_dispose (GObject *object)
{
  MvFilesBar *self = MV_FILES_BAR (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_FILES_BAR);
  G_OBJECT_CLASS (mv_files_bar_parent_class)->dispose (object);
}

static void
mv_files_bar_finalize (GObject *object)
{
  g_clear_pointer (&MV_FILES_BAR (object)->choices, g_hash_table_unref);
  G_OBJECT_CLASS (mv_files_bar_parent_class)->finalize (object);
}

static void
mv_files_bar_class_init (MvFilesBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mv_files_bar_get_property;
  object_class->dispose = mv_files_bar_dispose;
  object_class->finalize = mv_files_bar_finalize;

  /**
   * MvFilesBar:can-read:
   *
   * The document has files outside its folder that are not read, and
   * may read them.
   */
  properties[PROP_CAN_READ] =
    g_param_spec_boolean ("can-read", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-files-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, MvFilesBar, bar);
  gtk_widget_class_bind_template_child (widget_class, MvFilesBar, title);
  gtk_widget_class_bind_template_child (widget_class, MvFilesBar, label);
  gtk_widget_class_bind_template_callback (widget_class, bar_response);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mv_files_bar_init (MvFilesBar *self)
{
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) files_choice_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->bar, FALSE);
}
