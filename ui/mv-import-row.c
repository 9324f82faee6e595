/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-ui-style.h"
#include "mv-import-row.h"
#include "mv-parse.h"
#include "mv-scene.h"

struct _MvImportRow
{
  GtkWidget     parent_instance;

  MvImportSpec *spec;        /* as last set or built */
  MvImportKind  kind;
  gboolean      updating;

  GtkWidget    *expander;
  GtkWidget    *title;
  GtkWidget    *detail;
  GtkWidget    *status;
  GtkWidget    *grid;
  GtkWidget    *path_label;
  GtkWidget    *gpa;
  GtkWidget    *offset;
  GtkWidget    *length;
  GtkWidget    *size;
  GtkWidget    *fill;
  GtkWidget    *memory_length;
  GtkWidget    *acceptance;
  GtkWidget    *tag;
  GtkWidget    *not_read;    /* file imports: "not read" and its button */
  GtkFileChooserNative *chooser;
};

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvImportRow, mv_import_row, GTK_TYPE_WIDGET)

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
  gtk_label_set_label (GTK_LABEL (self->title), name);
  gtk_label_set_label (GTK_LABEL (self->detail), detail);
  gtk_widget_set_tooltip_text (self->title, full);
  gtk_widget_set_tooltip_text (self->detail, full);
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
                          self->fill, self->memory_length };
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

  if (self->updating)
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
          gtk_label_set_label (GTK_LABEL (self->path_label), self->spec->path);
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

static GtkWidget *
add_field (MvImportRow *self,
           int          row,
           const char  *label,
           const char  *description,
           const char  *placeholder)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);
  GtkWidget *e = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), e);
  gtk_widget_set_hexpand (e, TRUE);
  gtk_editable_set_enable_undo (GTK_EDITABLE (e), FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (e), 10);
  if (placeholder)
    gtk_entry_set_placeholder_text (GTK_ENTRY (e), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (e),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  g_signal_connect_swapped (e, "changed", G_CALLBACK (field_changed), self);
  gtk_grid_attach (GTK_GRID (self->grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), e, 1, row, 1, 1);
  return e;
}

static void
mv_import_row_dispose (GObject *object)
{
  MvImportRow *self = MV_IMPORT_ROW (object);
  GtkWidget *child;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* The fields the kind does not show were never parented. */
  if (self->kind == MV_IMPORT_KIND_FILE)
    {
      g_clear_object (&self->size);
      g_clear_object (&self->fill);
    }
  else
    {
      g_clear_object (&self->offset);
      g_clear_object (&self->length);
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mv_import_row_parent_class)->dispose (object);
}

static void
mv_import_row_finalize (GObject *object)
{
  MvImportRow *self = MV_IMPORT_ROW (object);

  g_clear_pointer (&self->spec, mv_import_spec_free);

  G_OBJECT_CLASS (mv_import_row_parent_class)->finalize (object);
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
  widget_class->grab_focus = grab_first_child;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mvimportrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mv_import_row_init (MvImportRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
}

static void
build (MvImportRow *self)
{
  const MvImportSpec *spec = self->spec;
  GtkWidget *header, *remove, *box;
  g_autoptr(GtkStringList) acceptances = gtk_string_list_new (NULL);
  int row = 0;

  self->kind = spec->kind;
  self->expander = gtk_expander_new (NULL);
  gtk_widget_set_parent (self->expander, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  {
    GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    self->title = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->title), 0);
    gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
    self->detail = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->detail), 0);
    gtk_label_set_ellipsize (GTK_LABEL (self->detail), PANGO_ELLIPSIZE_MIDDLE);
    gtk_widget_add_css_class (self->detail, "dim-label");
    gtk_widget_add_css_class (self->detail, "caption");
    gtk_widget_set_hexpand (lines, TRUE);
    gtk_box_append (GTK_BOX (lines), self->title);
    gtk_box_append (GTK_BOX (lines), self->detail);
    gtk_box_append (GTK_BOX (header), lines);
  }
  self->status = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (self->status, "error");
  gtk_widget_set_visible (self->status, FALSE);
  gtk_box_append (GTK_BOX (header), self->status);
  gtk_expander_set_label_widget (GTK_EXPANDER (self->expander), header);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_box_append (GTK_BOX (box), self->grid);
  gtk_expander_set_child (GTK_EXPANDER (self->expander), box);

  if (spec->kind == MV_IMPORT_KIND_FILE)
    {
      GtkWidget *l = gtk_label_new ("File");
      GtkWidget *fbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *choose = gtk_button_new_with_mnemonic ("_Choose…");

      gtk_label_set_xalign (GTK_LABEL (l), 0);
      self->path_label = gtk_label_new (spec->path);
      gtk_label_set_xalign (GTK_LABEL (self->path_label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (self->path_label), PANGO_ELLIPSIZE_START);
      gtk_widget_set_hexpand (self->path_label, TRUE);
      gtk_label_set_selectable (GTK_LABEL (self->path_label), FALSE);
      gtk_widget_set_tooltip_text (choose, "Choose the file this region imports");
      g_signal_connect_swapped (choose, "clicked", G_CALLBACK (choose_clicked), self);
      gtk_box_append (GTK_BOX (fbox), self->path_label);
      gtk_box_append (GTK_BOX (fbox), choose);
      gtk_grid_attach (GTK_GRID (self->grid), l, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), fbox, 1, row++, 1, 1);
    }

  self->gpa = add_field (self, row++, "_GPA", "The guest physical address the region starts at", NULL);
  if (spec->kind == MV_IMPORT_KIND_FILE)
    {
      self->offset = add_field (self, row++, "_Offset", "Where in the file the data starts", "0");
      self->length = add_field (self, row++, "_Length", "How many bytes of the file; empty: to its end", "to the end");
      self->size = gtk_entry_new ();
      self->fill = gtk_entry_new ();
      g_object_ref_sink (self->size);
      g_object_ref_sink (self->fill);
    }
  else
    {
      self->size = add_field (self, row++, "_Size", "How many bytes of data", NULL);
      self->fill = add_field (self, row++, "_Fill byte", "The value of every data byte, 0 to 255", "0x0");
      self->offset = gtk_entry_new ();
      self->length = gtk_entry_new ();
      g_object_ref_sink (self->offset);
      g_object_ref_sink (self->length);
    }
  self->memory_length = add_field (self, row++, "_Memory length",
                                   "How much guest memory the region takes; the rest is zero. Empty: the data length",
                                   "the data length");

  for (guint i = 0; i < MV_ACCEPTANCE_N_VALUES; i++)
    gtk_string_list_append (acceptances, mv_acceptance_to_string (i));
  self->acceptance = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (acceptances)), NULL);
  {
    GtkWidget *l = gtk_label_new_with_mnemonic ("_Acceptance");

    gtk_label_set_xalign (GTK_LABEL (l), 0);
    gtk_label_set_mnemonic_widget (GTK_LABEL (l), self->acceptance);
    g_signal_connect_swapped (self->acceptance, "notify::selected", G_CALLBACK (field_changed), self);
    gtk_grid_attach (GTK_GRID (self->grid), l, 0, row, 1, 1);
    gtk_grid_attach (GTK_GRID (self->grid), self->acceptance, 1, row++, 1, 1);
  }
  self->tag = add_field (self, row++, "_Tag", "The tag the pages are imported with", NULL);

  if (spec->kind == MV_IMPORT_KIND_FILE)
    {
      /* Under the expander, so that it shows with the row closed too. */
      GtkWidget *label = gtk_label_new ("Not read: it is outside the document’s folder");
      GtkWidget *read = gtk_button_new_with_mnemonic ("_Read Outside Files");

      self->not_read = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_margin_start (self->not_read, 18);
      gtk_widget_set_margin_bottom (self->not_read, 6);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_valign (read, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (read), "win.read-outside-files");
      gtk_widget_set_tooltip_text (read, "Read the files this document imports from outside its folder");
      gtk_box_append (GTK_BOX (self->not_read), label);
      gtk_box_append (GTK_BOX (self->not_read), read);
      gtk_widget_set_visible (self->not_read, FALSE);
      gtk_widget_set_parent (self->not_read, GTK_WIDGET (self));
    }

  remove = gtk_button_new_with_mnemonic ("_Remove");
  gtk_widget_add_css_class (remove, "destructive-action");
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  g_signal_connect_swapped (remove, "clicked", G_CALLBACK (remove_clicked), self);
  gtk_box_append (GTK_BOX (box), remove);
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
  gtk_editable_set_text (GTK_EDITABLE (self->tag), spec->tag ? spec->tag : "");
  if (self->path_label != NULL)
    gtk_label_set_label (GTK_LABEL (self->path_label), spec->path);
  self->updating = FALSE;
  update_title (self);
}

GtkWidget *
mv_import_row_new (const MvImportSpec *spec)
{
  MvImportRow *self;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->kind != MV_IMPORT_KIND_GDT, NULL);

  self = g_object_new (MV_TYPE_IMPORT_ROW, NULL);
  self->spec = mv_import_spec_copy (spec);
  build (self);
  g_clear_pointer (&self->spec, mv_import_spec_free);
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

  gtk_widget_set_visible (self->status, error != NULL);
  _mv_widget_set_tooltip (self->status, error);
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

  if (self->not_read != NULL)
    gtk_widget_set_visible (self->not_read, not_read);
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
  return gtk_label_get_label (GTK_LABEL (self->detail));
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
