/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-focus-private.h"
#include "mv-ui-style.h"
#include "mv-import-row.h"
#include "mv-parse.h"
#include "mv-scene.h"

struct _MvImportRow
{
  GtkWidget     parent_instance;

  MvImportSpec *spec;        /* as last set or built */
  gboolean      updating;
  char         *heading;     /* the collapsed row: the tag or name */
  char         *summary;     /* what and where, in the picture's words */
  char         *details;     /* both, with the exact bytes: the tooltip */
  GtkFileChooserNative *chooser;

  /* template */
  GtkWidget    *expander;
  GtkWidget    *title;
  GtkWidget    *detail;
  GtkWidget    *status;
  GtkWidget    *path_title;
  GtkWidget    *path_box;
  GtkWidget    *gpa;
  GtkWidget    *offset_label;
  GtkWidget    *offset;
  GtkWidget    *length_label;
  GtkWidget    *length;
  GtkWidget    *size_label;
  GtkWidget    *size;
  GtkWidget    *fill_label;
  GtkWidget    *fill;
  GtkWidget    *memory_length;
  GtkWidget    *acceptance;
  GtkWidget    *tag;
  GtkWidget    *not_read;    /* file imports: "not read" and its button */
};

enum {
  PROP_0,
  PROP_HEADING,
  PROP_SUMMARY,
  PROP_DETAILS,
  PROP_PATH,
  PROP_STATUS,
  PROP_NOT_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvImportRow, mv_import_row, GTK_TYPE_WIDGET)

static void
set_string (MvImportRow  *self,
            char        **field,
            const char   *value,
            guint         prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* The collapsed row: the tag, and under it what and where, with sizes in
 * the picture's words ("23.8 MiB"); the exact bytes in the tooltip. */
static void
update_title (MvImportRow *self)
{
  const MvImportSpec *spec = self->spec;
  const char *name = spec->tag && spec->tag[0] ? spec->tag : spec->name;
  g_autofree char *gpa = mv_format_hex (spec->gpa);
  g_autofree char *size = NULL;
  g_autofree char *exact = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *full = NULL;
  guint64 len = 0;

  if (mv_import_spec_memory_length (spec, &len))
    {
      size = mv_scene_format_size (len);
      exact = g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", len);
    }
  else
    size = g_strdup ("file length");

  detail = g_strdup_printf ("%s at %s · %s",
                            mv_import_kind_to_string (spec->kind),
                            gpa, size);
  full = g_strdup_printf ("%s: %s%s%s%s", name, detail,
                          exact ? " (" : "", exact ? exact : "", exact ? ")" : "");
  set_string (self, &self->heading, name, PROP_HEADING);
  set_string (self, &self->summary, detail, PROP_SUMMARY);
  set_string (self, &self->details, full, PROP_DETAILS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->expander),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, full, -1);
}

static gboolean
parse_optional (GtkWidget  *entry,
                const char *what,
                gboolean   *has,
                guint64    *out,
                GError    **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GError) local = NULL;

  if (text[0] == '\0')
    {
      *has = FALSE;
      *out = 0;
      return TRUE;
    }
  if (!mv_parse_size (text, out, &local))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", what);
      return FALSE;
    }
  *has = TRUE;
  return TRUE;
}

static gboolean
parse_required (GtkWidget  *entry,
                const char *what,
                guint64    *out,
                GError    **error)
{
  gboolean has;

  if (!parse_optional (entry, what, &has, out, error))
    return FALSE;
  if (!has)
    {
      g_set_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_EMPTY, "%s: empty", what);
      return FALSE;
    }
  return TRUE;
}

/**
 * mv_import_row_build_spec:
 *
 * Returns: (transfer full) (nullable): the import the fields describe, or
 *   %NULL with the first field's error (that field is marked)
 */
MvImportSpec *
mv_import_row_build_spec (MvImportRow *self,
                          GError     **error)
{
  g_autoptr(MvImportSpec) spec = NULL;
  GtkWidget *fields[] = { self->gpa, self->offset, self->length, self->size,
                          self->fill, self->memory_length, self->tag };
  GtkWidget *bad = NULL;
  g_autoptr(GError) local = NULL;
  gboolean has;
  guint64 v;

  g_return_val_if_fail (MV_IS_IMPORT_ROW (self), NULL);

  spec = mv_import_spec_copy (self->spec);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_widget_remove_css_class (fields[i], "error");

  if (!parse_required (self->gpa, "GPA", &spec->gpa, &local))
    bad = self->gpa;
  else if (!parse_optional (self->memory_length, "Memory length", &spec->has_memory_length,
                            &spec->memory_length, &local))
    bad = self->memory_length;
  else if (spec->kind == MV_IMPORT_KIND_FILE)
    {
      if (!parse_optional (self->offset, "Offset", &has, &spec->offset, &local))
        bad = self->offset;
      else if (!parse_optional (self->length, "Length", &spec->has_length, &spec->length, &local))
        bad = self->length;
    }
  else
    {
      if (!parse_required (self->size, "Size", &spec->size, &local))
        bad = self->size;
      else if (!mv_parse_uint (gtk_editable_get_text (GTK_EDITABLE (self->fill)), 255, &v, &local))
        {
          g_prefix_error (&local, "Fill byte: ");
          bad = self->fill;
        }
      else
        spec->fill = (guint8) v;
    }
  /* The loader refuses "tag=" (the document could not be opened again):
   * the editor must not produce it. */
  if (bad == NULL && spec->kind != MV_IMPORT_KIND_GDT &&
      *gtk_editable_get_text (GTK_EDITABLE (self->tag)) == '\0')
    {
      g_set_error (&local, MV_PARSE_ERROR, MV_PARSE_ERROR_EMPTY,
                   "Tag: empty (name the import's pages, e.g. the file's name)");
      bad = self->tag;
    }

  if (bad != NULL)
    {
      gtk_widget_add_css_class (bad, "error");
      _mv_widget_set_tooltip (bad, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  spec->acceptance = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->acceptance));
  g_free (spec->tag);
  spec->tag = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tag)));

  return g_steal_pointer (&spec);
}

static void
field_changed (MvImportRow *self)
{
  g_autoptr(MvImportSpec) spec = NULL;

  if (self->updating || self->spec == NULL)
    return;

  spec = mv_import_row_build_spec (self, NULL);
  if (spec != NULL)
    {
      mv_import_spec_free (self->spec);
      self->spec = g_steal_pointer (&spec);
      update_title (self);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  MvImportRow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        {
          g_free (self->spec->path);
          self->spec->path = g_steal_pointer (&path);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
          field_changed (self);
        }
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked (MvImportRow *self)
{
  g_clear_object (&self->chooser);
  self->chooser = _mv_import_chooser_new (GTK_WIDGET (self), "Choose the File to Import");
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
remove_clicked (MvImportRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
mv_import_row_dispose (GObject *object)
{
  MvImportRow *self = MV_IMPORT_ROW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_IMPORT_ROW);

  G_OBJECT_CLASS (mv_import_row_parent_class)->dispose (object);
}

static void
mv_import_row_finalize (GObject *object)
{
  MvImportRow *self = MV_IMPORT_ROW (object);

  g_clear_pointer (&self->spec, mv_import_spec_free);
  g_free (self->heading);
  g_free (self->summary);
  g_free (self->details);

  G_OBJECT_CLASS (mv_import_row_parent_class)->finalize (object);
}

static void
mv_import_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MvImportRow *self = MV_IMPORT_ROW (object);

  switch (prop_id)
    {
    case PROP_HEADING:
      g_value_set_string (value, self->heading);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->spec ? self->spec->path : NULL);
      break;
    case PROP_STATUS:
      g_value_set_string (value, gtk_widget_get_visible (self->status) ?
                                 gtk_widget_get_tooltip_text (self->status) : NULL);
      break;
    case PROP_NOT_READ:
      g_value_set_boolean (value, gtk_widget_get_visible (self->not_read));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_import_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MvImportRow *self = MV_IMPORT_ROW (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      mv_import_row_set_status (self, g_value_get_string (value));
      break;
    case PROP_NOT_READ:
      mv_import_row_set_not_read (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
grab_first_child (GtkWidget *widget)
{
  return gtk_widget_grab_focus (MV_IMPORT_ROW (widget)->expander);
}

static void
mv_import_row_class_init (MvImportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_import_row_dispose;
  object_class->finalize = mv_import_row_finalize;
  object_class->get_property = mv_import_row_get_property;
  object_class->set_property = mv_import_row_set_property;
  widget_class->grab_focus = grab_first_child;
  widget_class->focus = _mv_widget_focus_children;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  properties[PROP_HEADING] =
    g_param_spec_string ("heading", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOT_READ] =
    g_param_spec_boolean ("not-read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-import-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, expander);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, title);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, detail);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, status);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, path_title);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, path_box);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, gpa);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, offset_label);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, offset);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, length_label);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, length);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, size_label);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, size);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, fill_label);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, fill);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, memory_length);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, acceptance);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, tag);
  gtk_widget_class_bind_template_child (widget_class, MvImportRow, not_read);
  gtk_widget_class_bind_template_callback (widget_class, field_changed);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mvimportrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mv_import_row_init (MvImportRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  g_autoptr(GtkStringList) acceptances = gtk_string_list_new (NULL);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->updating = TRUE;
  for (guint i = 0; i < MV_ACCEPTANCE_N_VALUES; i++)
    gtk_string_list_append (acceptances, mv_acceptance_to_string (i));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->acceptance), G_LIST_MODEL (acceptances));
  self->updating = FALSE;
}

/* The template holds the fields of both kinds: show those of @kind. */
static void
show_kind (MvImportRow  *self,
           MvImportKind  kind)
{
  gboolean file = kind == MV_IMPORT_KIND_FILE;
  GtkWidget *file_only[] = { self->path_title, self->path_box, self->offset_label, self->offset,
                             self->length_label, self->length };
  GtkWidget *synthetic_only[] = { self->size_label, self->size, self->fill_label, self->fill };

  for (guint i = 0; i < G_N_ELEMENTS (file_only); i++)
    gtk_widget_set_visible (file_only[i], file);
  for (guint i = 0; i < G_N_ELEMENTS (synthetic_only); i++)
    gtk_widget_set_visible (synthetic_only[i], !file);
}

static void
set_optional (GtkWidget *entry,
              gboolean   has,
              guint64    value,
              gboolean   hex)
{
  g_autofree char *text = NULL;

  if (has)
    text = hex ? mv_format_hex (value) : mv_format_size (value);
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
}

/**
 * mv_import_row_set_spec:
 *
 * Shows @spec (of the same kind as the row was made for).
 */
void
mv_import_row_set_spec (MvImportRow        *self,
                        const MvImportSpec *spec)
{
  g_autofree char *fill = NULL;

  g_return_if_fail (MV_IS_IMPORT_ROW (self));
  g_return_if_fail (spec != NULL);

  if (self->spec != NULL && mv_import_spec_equal (self->spec, spec))
    return;

  g_clear_pointer (&self->spec, mv_import_spec_free);
  self->spec = mv_import_spec_copy (spec);

  self->updating = TRUE;
  set_optional (self->gpa, TRUE, spec->gpa, TRUE);
  set_optional (self->offset, spec->offset != 0, spec->offset, TRUE);
  set_optional (self->length, spec->has_length, spec->length, FALSE);
  set_optional (self->size, TRUE, spec->size, FALSE);
  fill = g_strdup_printf ("0x%x", spec->fill);
  gtk_editable_set_text (GTK_EDITABLE (self->fill), fill);
  set_optional (self->memory_length, spec->has_memory_length, spec->memory_length, FALSE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->acceptance), spec->acceptance);
  /* No tag yet: the one the loader would give it (an empty field is
   * refused). */
  if (spec->tag != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->tag), spec->tag);
  else
    {
      g_autofree char *tag = mv_import_spec_default_tag (spec);

      gtk_editable_set_text (GTK_EDITABLE (self->tag), tag != NULL ? tag : "");
    }
  self->updating = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  update_title (self);
}

GtkWidget *
mv_import_row_new (const MvImportSpec *spec)
{
  MvImportRow *self;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->kind != MV_IMPORT_KIND_GDT, NULL);

  self = g_object_new (MV_TYPE_IMPORT_ROW, NULL);
  show_kind (self, spec->kind);
  mv_import_row_set_spec (self, spec);
  return GTK_WIDGET (self);
}

const char *
mv_import_row_get_name (MvImportRow *self)
{
  g_return_val_if_fail (MV_IS_IMPORT_ROW (self), NULL);
  return self->spec->name;
}

void
mv_import_row_set_expanded (MvImportRow *self,
                            gboolean     expanded)
{
  g_return_if_fail (MV_IS_IMPORT_ROW (self));
  gtk_expander_set_expanded (GTK_EXPANDER (self->expander), expanded);
}

/**
 * mv_import_row_set_status:
 * @error: (nullable): what went wrong when the import ran
 */
void
mv_import_row_set_status (MvImportRow *self,
                          const char  *error)
{
  g_return_if_fail (MV_IS_IMPORT_ROW (self));

  if (gtk_widget_get_visible (self->status) == (error != NULL) &&
      (error == NULL || g_strcmp0 (gtk_widget_get_tooltip_text (self->status), error) == 0))
    return;
  gtk_widget_set_visible (self->status, error != NULL);
  _mv_widget_set_tooltip (self->status, error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/**
 * mv_import_row_set_not_read:
 * @not_read: the import's file was not read because it is outside the
 *   document's folder
 *
 * Shows, under the row's header, that the file was not read, with a
 * button for the window action "win.read-outside-files". Only file
 * imports have it.
 */
void
mv_import_row_set_not_read (MvImportRow *self,
                            gboolean     not_read)
{
  g_return_if_fail (MV_IS_IMPORT_ROW (self));

  not_read = not_read && self->spec != NULL && self->spec->kind == MV_IMPORT_KIND_FILE;
  if (gtk_widget_get_visible (self->not_read) == not_read)
    return;
  gtk_widget_set_visible (self->not_read, not_read);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOT_READ]);
}

/**
 * mv_import_row_get_summary:
 *
 * Returns: (transfer none): what the collapsed row says under its name
 *   ("synthetic at 0xe00000 · 23.8 MiB")
 */
const char *
mv_import_row_get_summary (MvImportRow *self)
{
  g_return_val_if_fail (MV_IS_IMPORT_ROW (self), NULL);
  return self->summary;
}

/**
 * mv_import_row_get_clipped:
 *
 * Returns: whether the collapsed row's name or summary is cut short
 */
gboolean
mv_import_row_get_clipped (MvImportRow *self)
{
  g_return_val_if_fail (MV_IS_IMPORT_ROW (self), FALSE);
  return pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (self->title))) ||
         pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (self->detail)));
}
