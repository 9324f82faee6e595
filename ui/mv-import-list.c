/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-editor-private.h"
#include "mv-import-item.h"
#include "mv-import-list.h"
#include "mv-import-row.h"
#include "mv-parse.h"

struct _MvImportList
{
  GtkWidget   parent_instance;

  MvSession  *session;
  GListStore *items;       /* MvImportItem: the imports but the GDT */
  gboolean    refreshing;  /* filling the fields from the document */
  guint       max_imports; /* the add buttons are off at this many imports */
  char       *tooltips[3]; /* the add buttons' and the GDT check's own */
  GtkFileChooserNative *chooser;

  /* template */
  GtkWidget  *gdt_label;
  GtkWidget  *gdt_check;
  GtkWidget  *gdt_entry;
  GtkWidget  *imports_list;
  GtkWidget  *add_file_button;
  GtkWidget  *add_synthetic_button;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_MAX_IMPORTS,
  N_PROPS
};

enum {
  EDIT,
  FIELD_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvImportList, mv_import_list, GTK_TYPE_WIDGET)

static int
find_gdt (const MvDocument *doc)
{
  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);

      if (spec->kind == MV_IMPORT_KIND_GDT)
        return (int) i;
    }
  return -1;
}

static int
find_import (const MvDocument *doc,
             const char       *name)
{
  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);

      if (g_strcmp0 (spec->name, name) == 0)
        return (int) i;
    }
  return -1;
}

static void
edit (MvImportList *self,
      MvDocument   *doc,
      const char   *field,
      const char   *label,
      gboolean      step)
{
  g_signal_emit (self, signals[EDIT], 0, doc, field, label, step);
}

static void
field_error (MvImportList *self,
             const char   *field,
             const char   *message)
{
  g_signal_emit (self, signals[FIELD_ERROR], 0, field, message);
}

/* Why nothing more can be added to @doc: it holds as many imports as a
 * document may. NULL while there is room. */
static char *
imports_full (MvImportList     *self,
              const MvDocument *doc)
{
  if (doc == NULL || doc->imports->len < self->max_imports)
    return NULL;
  return g_strdup_printf ("A memviz document holds at most %u imports, the default GDT "
                          "among them: remove one to add another", self->max_imports);
}

/* At the most imports a document holds, Add file, Add synthetic and
 * the default GDT's check (when off) are off, their tooltips saying why
 * (an insensitive widget still shows its tooltip). */
static void
update_add_buttons (MvImportList     *self,
                    const MvDocument *doc)
{
  GtkWidget *widgets[] = { self->add_file_button, self->add_synthetic_button, self->gdt_check };
  g_autofree char *why = imports_full (self, doc);
  gboolean full = why != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    {
      gboolean off = full && (widgets[i] != self->gdt_check ||
                              !gtk_check_button_get_active (GTK_CHECK_BUTTON (self->gdt_check)));

      gtk_widget_set_sensitive (widgets[i], !off);
      gtk_widget_set_tooltip_text (widgets[i], off ? why : self->tooltips[i]);
    }
  /* Room again (an import removed): a refusal said before is past. */
  if (!full && doc != NULL)
    field_error (self, "add-import", NULL);
}

static void
gdt_changed (MvImportList *self)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean on = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->gdt_check));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->gdt_entry));
  g_autofree char *full = NULL;
  guint64 page = 0;
  int index;

  gtk_widget_set_sensitive (self->gdt_entry, on);
  if (self->refreshing || self->session == NULL)
    return;

  if (on && !mv_parse_uint (text, G_MAXUINT64, &page, &error))
    {
      g_prefix_error (&error, "GDT page: ");
      _mv_editor_mark_field (self->gdt_entry, NULL, error->message);
      field_error (self, "gdt", error->message);
      return;
    }
  _mv_editor_mark_field (self->gdt_entry, NULL, NULL);

  doc = mv_session_dup_document (self->session);
  index = find_gdt (doc);
  if (!on && index >= 0)
    g_ptr_array_remove_index (doc->imports, index);
  else if (on && index >= 0)
    ((MvImportSpec *) g_ptr_array_index (doc->imports, index))->page = page;
  else if (on && (full = imports_full (self, doc)) != NULL)
    {
      field_error (self, "add-import", full);
      return;
    }
  else if (on)
    {
      MvImportSpec *spec = mv_import_spec_new (MV_IMPORT_KIND_GDT);

      spec->page = page;
      g_free (spec->name);
      spec->name = g_strdup ("gdt");
      mv_document_add_import (doc, spec);
    }
  edit (self, g_steal_pointer (&doc), "gdt", "Change the default GDT", FALSE);
}

static void
import_row_changed (MvImportList *self,
                    MvImportRow  *row)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvImportSpec) spec = NULL;
  g_autofree char *field = g_strdup_printf ("import:%s", mv_import_row_get_name (row));
  int index;

  if (self->refreshing || self->session == NULL)
    return;

  spec = mv_import_row_build_spec (row, &error);
  if (spec == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Import %s: %s",
                                                  mv_import_row_get_name (row), error->message);
      field_error (self, field, message);
      return;
    }

  doc = mv_session_dup_document (self->session);
  index = find_import (doc, spec->name);
  if (index < 0)
    return;
  mv_import_spec_free (g_ptr_array_index (doc->imports, index));
  g_ptr_array_index (doc->imports, index) = g_steal_pointer (&spec);
  edit (self, g_steal_pointer (&doc), field, "Change an import", FALSE);
}

static void
import_row_remove (MvImportList *self,
                   MvImportRow  *row)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autofree char *field = g_strdup_printf ("import:%s", mv_import_row_get_name (row));
  int index;

  doc = mv_session_dup_document (self->session);
  index = find_import (doc, mv_import_row_get_name (row));
  if (index < 0)
    return;
  g_ptr_array_remove_index (doc->imports, index);
  field_error (self, field, NULL);
  edit (self, g_steal_pointer (&doc), "remove-import", "Remove an import", TRUE);
}

static void
item_spec_changed (MvImportRow  *row,
                   GParamSpec   *pspec,
                   MvImportItem *item)
{
  mv_import_row_set_spec (row, mv_import_item_get_spec (item));
}

/* A row per item: the row shows the item, and edits go to the session. */
static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  MvImportList *self = data;
  GtkWidget *row = mv_import_row_new (mv_import_item_get_spec (item));

  g_object_bind_property (item, "status", row, "status", G_BINDING_SYNC_CREATE);
  g_object_bind_property (item, "not-read", row, "not-read", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (item, "notify::spec", G_CALLBACK (item_spec_changed),
                           row, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "changed", G_CALLBACK (import_row_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (import_row_remove), self, G_CONNECT_SWAPPED);
  return row;
}

static guint64
free_gpa (MvImportList *self)
{
  const MvScenario *sc = mv_session_get_scenario (self->session);
  guint64 gpa = 0x1000000;  /* 16 MiB */

  /* Just above the highest page imported so far, 2 MiB aligned. */
  if (sc != NULL && sc->recorder != NULL)
    for (guint i = 0; i < sc->recorder->page_map->len; i++)
      {
        const MvPageRun *run = &g_array_index (sc->recorder->page_map, MvPageRun, i);
        guint64 end = (run->page_base + run->page_count) * MV_PAGE_SIZE;

        gpa = MAX (gpa, end);
      }
  return (gpa + 0x1fffff) & ~(guint64) 0x1fffff;
}

static void
add_import (MvImportList *self,
            MvImportSpec *spec)
{
  g_autoptr(MvDocument) doc = mv_session_dup_document (self->session);
  g_autofree char *full = imports_full (self, doc);
  GtkListBoxRow *last;
  guint n;

  if (full != NULL)
    {
      field_error (self, "add-import", full);
      mv_import_spec_free (spec);
      return;
    }
  mv_document_add_import (doc, spec);
  edit (self, g_steal_pointer (&doc), "add-import", "Add an import", TRUE);

  /* Open the new row to fill in. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  last = n > 0 ? gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->imports_list), (int) n - 1) : NULL;
  if (last != NULL && MV_IS_IMPORT_ROW (gtk_list_box_row_get_child (last)))
    {
      GtkWidget *row = gtk_list_box_row_get_child (last);

      mv_import_row_set_expanded (MV_IMPORT_ROW (row), TRUE);
      gtk_widget_grab_focus (row);
    }
}

static void
add_synthetic_clicked (MvImportList *self)
{
  MvImportSpec *spec;

  if (self->session == NULL)
    return;

  spec = mv_import_spec_new (MV_IMPORT_KIND_SYNTHETIC);
  spec->gpa = free_gpa (self);
  spec->size = (guint64) 1 << 20;
  g_free (spec->tag);
  spec->tag = mv_import_spec_default_tag (spec);
  add_import (self, spec);
}

/**
 * mv_import_list_add_file:
 *
 * Adds an import of the whole of @file above what is imported so far.
 */
void
mv_import_list_add_file (MvImportList *self,
                         GFile        *file)
{
  MvImportSpec *spec;
  g_autofree char *path = NULL;

  g_return_if_fail (MV_IS_IMPORT_LIST (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL || self->session == NULL)
    return;

  spec = mv_import_spec_new (MV_IMPORT_KIND_FILE);
  spec->gpa = free_gpa (self);
  spec->path = g_steal_pointer (&path);
  g_free (spec->tag);
  spec->tag = mv_import_spec_default_tag (spec);
  add_import (self, spec);
}

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  MvImportList    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      mv_import_list_add_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
add_file_clicked (MvImportList *self)
{
  g_clear_object (&self->chooser);
  self->chooser = _mv_import_chooser_new (GTK_WIDGET (self), "Import a File Region");
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
refresh_gdt (MvImportList     *self,
             const MvDocument *doc,
             int               gdt)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->gdt_check), gdt >= 0);
  gtk_widget_set_sensitive (self->gdt_entry, gdt >= 0);
  if (gdt >= 0)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, gdt);
      guint64 shown;

      if (!mv_parse_uint (gtk_editable_get_text (GTK_EDITABLE (self->gdt_entry)),
                          G_MAXUINT64, &shown, NULL) || shown != spec->page)
        {
          g_autofree char *text = mv_format_hex (spec->page);

          gtk_editable_set_text (GTK_EDITABLE (self->gdt_entry), text);
        }
    }
}

/**
 * mv_import_list_refresh:
 *
 * Shows the session's imports and how they ran. Items (and so rows) are
 * kept, in document order, while their names match; from the first that
 * does not, the rest is made anew.
 */
void
mv_import_list_refresh (MvImportList *self)
{
  const MvDocument *doc;
  const MvScenario *sc;
  gboolean stale;
  guint n_items, pos = 0;
  int gdt;

  g_return_if_fail (MV_IS_IMPORT_LIST (self));

  if (self->session == NULL)
    return;

  doc = mv_session_get_document (self->session);
  sc = mv_session_get_scenario (self->session);
  stale = mv_session_get_stale (self->session);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  gdt = find_gdt (doc);

  self->refreshing = TRUE;
  refresh_gdt (self, doc, gdt);

  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);
      g_autoptr(MvImportItem) item = NULL;
      const char *status = NULL;
      gboolean not_read = FALSE;

      if ((int) i == gdt)
        continue;

      if (sc != NULL && !stale && sc->imports != NULL && i < sc->imports->len)
        {
          const MvImportResult *res = &g_array_index (sc->imports, MvImportResult, i);

          /* Not read on purpose (outside the document's folder): the row
           * says so and offers to read it, instead of a warning. */
          not_read = !res->ok && g_error_matches (res->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_ALLOWED);
          if (!res->ok && res->error != NULL && !not_read)
            status = res->error->message;
        }

      if (pos < n_items)
        item = g_list_model_get_item (G_LIST_MODEL (self->items), pos);
      if (item != NULL && g_strcmp0 (mv_import_item_get_name (item), spec->name) == 0)
        mv_import_item_set_spec (item, spec);
      else
        {
          if (spec->kind == MV_IMPORT_KIND_GDT)
            continue;  /* a second GDT shows on the page map only */
          /* Replace the rest: the order changed. */
          g_clear_object (&item);
          item = mv_import_item_new (spec);
          g_list_store_splice (self->items, pos, n_items - pos, (gpointer *) &item, 1);
          n_items = pos + 1;
        }
      mv_import_item_set_status (item, status);
      mv_import_item_set_not_read (item, not_read);
      pos++;
    }

  if (pos < n_items)
    g_list_store_splice (self->items, pos, n_items - pos, NULL, 0);
  gtk_widget_set_visible (self->imports_list, pos > 0);
  update_add_buttons (self, doc);
  self->refreshing = FALSE;
}

static void
mv_import_list_dispose (GObject *object)
{
  MvImportList *self = MV_IMPORT_LIST (object);
  GtkWidget *child;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_IMPORT_LIST);
  /* The template's children without an id too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->items);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mv_import_list_parent_class)->dispose (object);
}

static void
mv_import_list_finalize (GObject *object)
{
  MvImportList *self = MV_IMPORT_LIST (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->tooltips); i++)
    g_free (self->tooltips[i]);

  G_OBJECT_CLASS (mv_import_list_parent_class)->finalize (object);
}

static void
mv_import_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MvImportList *self = MV_IMPORT_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MAX_IMPORTS:
      g_value_set_uint (value, self->max_imports);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_import_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MvImportList *self = MV_IMPORT_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      mv_import_list_set_session (self, g_value_get_object (value));
      break;
    case PROP_MAX_IMPORTS:
      if (self->max_imports != g_value_get_uint (value))
        {
          self->max_imports = g_value_get_uint (value);
          update_add_buttons (self, self->session ? mv_session_get_document (self->session) : NULL);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_import_list_class_init (MvImportListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_import_list_dispose;
  object_class->finalize = mv_import_list_finalize;
  object_class->get_property = mv_import_list_get_property;
  object_class->set_property = mv_import_list_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What a document holds (README, Limits); lower in the tests. */
  properties[PROP_MAX_IMPORTS] =
    g_param_spec_uint ("max-imports", NULL, NULL, 1, G_MAXUINT, MV_DOCUMENT_MAX_IMPORTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EDIT] =
    g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_POINTER, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[FIELD_ERROR] =
    g_signal_new ("field-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-import-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MvImportList, gdt_label);
  gtk_widget_class_bind_template_child (widget_class, MvImportList, gdt_check);
  gtk_widget_class_bind_template_child (widget_class, MvImportList, gdt_entry);
  gtk_widget_class_bind_template_child (widget_class, MvImportList, imports_list);
  gtk_widget_class_bind_template_child (widget_class, MvImportList, add_file_button);
  gtk_widget_class_bind_template_child (widget_class, MvImportList, add_synthetic_button);
  gtk_widget_class_bind_template_callback (widget_class, gdt_changed);
  gtk_widget_class_bind_template_callback (widget_class, add_file_clicked);
  gtk_widget_class_bind_template_callback (widget_class, add_synthetic_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mvimportlist");
}

static void
mv_import_list_init (MvImportList *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->max_imports = MV_DOCUMENT_MAX_IMPORTS;
  self->tooltips[0] = g_strdup (gtk_widget_get_tooltip_text (self->add_file_button));
  self->tooltips[1] = g_strdup (gtk_widget_get_tooltip_text (self->add_synthetic_button));
  self->tooltips[2] = g_strdup (gtk_widget_get_tooltip_text (self->gdt_check));

  self->items = g_list_store_new (MV_TYPE_IMPORT_ITEM);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->imports_list), G_LIST_MODEL (self->items),
                           create_row, self, NULL);
}

GtkWidget *
mv_import_list_new (void)
{
  return g_object_new (MV_TYPE_IMPORT_LIST, NULL);
}

void
mv_import_list_set_session (MvImportList *self,
                            MvSession    *session)
{
  g_return_if_fail (MV_IS_IMPORT_LIST (self));
  g_return_if_fail (session == NULL || MV_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * mv_import_list_get_field:
 * @name: "gdt", "gdt-page" or "imports"
 *
 * Returns: (transfer none) (nullable): the widget that edits @name
 */
GtkWidget *
mv_import_list_get_field (MvImportList *self,
                          const char   *name)
{
  g_return_val_if_fail (MV_IS_IMPORT_LIST (self), NULL);

  if (g_strcmp0 (name, "gdt") == 0)
    return self->gdt_check;
  if (g_strcmp0 (name, "gdt-page") == 0)
    return self->gdt_entry;
  if (g_strcmp0 (name, "imports") == 0)
    return self->imports_list;
  return NULL;
}

/**
 * mv_import_list_get_label:
 *
 * Returns: (transfer none): the label of the GDT field, to line up with
 *   the editor's other labels
 */
GtkWidget *
mv_import_list_get_label (MvImportList *self)
{
  g_return_val_if_fail (MV_IS_IMPORT_LIST (self), NULL);
  return self->gdt_label;
}

/**
 * mv_import_list_get_items:
 *
 * Returns: (transfer none): the imports shown (#MvImportItem), in order
 */
GListModel *
mv_import_list_get_items (MvImportList *self)
{
  g_return_val_if_fail (MV_IS_IMPORT_LIST (self), NULL);
  return G_LIST_MODEL (self->items);
}
