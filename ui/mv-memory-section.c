/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <string.h>

#include "mv-editor-private.h"
#include "mv-memory-section.h"
#include "mv-mtrr.h"
#include "mv-parse.h"
#include "mv-size-entry.h"

struct _MvMemorySection
{
  GtkWidget      parent_instance;

  MvSession     *session;
  MvFieldErrors *errors;
  gboolean       refreshing;   /* showing the document */

  /* template */
  GtkWidget     *ram_label;
  GtkWidget     *ram_entry;
  GtkWidget     *numa_label;
  GtkWidget     *numa_entry;
  GtkWidget     *width_label;
  GtkWidget     *width_spin;
  GtkWidget     *width_note;
  GtkWidget     *vtl2_label;
  GtkWidget     *vtl2_entry;
};

enum {
  CHANGED,
  EDIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvMemorySection, mv_memory_section, GTK_TYPE_WIDGET)

static void
edit (MvMemorySection *self,
      MvDocument      *doc,
      const char      *field,
      const char      *label)
{
  g_signal_emit (self, signals[EDIT], 0, doc, field, label);
}

/* Typing: applied by the editor at the next frame, with mv_memory_section_apply(). */
static void
changed (MvMemorySection *self,
         const char      *field)
{
  if (!self->refreshing)
    g_signal_emit (self, signals[CHANGED], 0, field);
}

static void
numa_changed (MvMemorySection *self)
{
  changed (self, "numa");
}

static void
vtl2_changed (MvMemorySection *self)
{
  changed (self, "vtl2");
}

static void
ram_changed (MvMemorySection *self)
{
  g_autoptr(MvDocument) doc = NULL;
  guint64 size = mv_size_entry_get_value (MV_SIZE_ENTRY (self->ram_entry));

  if (self->refreshing || self->session == NULL)
    return;

  doc = mv_session_dup_document (self->session);
  doc->numa = FALSE;
  g_array_set_size (doc->ram_sizes, 0);
  g_array_append_val (doc->ram_sizes, size);
  edit (self, g_steal_pointer (&doc), "ram", "Change the RAM size");
}

static void
field_error_changed (MvMemorySection *self)
{
  const char *message = mv_size_entry_get_error (MV_SIZE_ENTRY (self->ram_entry));
  g_autofree char *full = message ? g_strdup_printf ("RAM size: %s", message) : NULL;

  if (self->refreshing)
    return;
  mv_field_errors_set (self->errors, "ram", NULL, full);
}

static void
numa_changed_now (MvMemorySection *self)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->numa_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (self->refreshing || self->session == NULL)
    return;

  doc = mv_session_dup_document (self->session);
  if (stripped[0] == '\0')
    {
      guint64 size = mv_size_entry_get_value (MV_SIZE_ENTRY (self->ram_entry));

      doc->numa = FALSE;
      g_array_set_size (doc->ram_sizes, 0);
      g_array_append_val (doc->ram_sizes, size);
    }
  else
    {
      if (!mv_parse_size_list (stripped, sizes, &error))
        {
          g_prefix_error (&error, "NUMA nodes: ");
          mv_field_errors_set (self->errors, "numa", self->numa_entry, error->message);
          return;
        }
      doc->numa = TRUE;
      g_array_set_size (doc->ram_sizes, 0);
      g_array_append_vals (doc->ram_sizes, sizes->data, sizes->len);
    }
  mv_field_errors_mark (self->errors, self->numa_entry, NULL);
  edit (self, g_steal_pointer (&doc), "numa", "Change the NUMA nodes");
}

static void
update_width_note (MvMemorySection *self,
                   guint     width)
{
  guint8 used = mv_mtrr_clamp_width (width > 255 ? 255 : (guint8) width);
  g_autofree char *note = NULL;

  if (used != width)
    note = g_strdup_printf ("upstream uses %u", used);
  else
    note = g_strdup ("bits, used as is");
  gtk_label_set_label (GTK_LABEL (self->width_note), note);
}

static void
width_changed (MvMemorySection *self)
{
  g_autoptr(MvDocument) doc = NULL;
  guint width = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->width_spin));

  update_width_note (self, width);
  if (self->refreshing || self->session == NULL)
    return;

  doc = mv_session_dup_document (self->session);
  doc->address_width = (guint8) width;
  edit (self, g_steal_pointer (&doc), "width", "Change the address width");
}


/* The width the spin button's text says, within its bounds; otherwise
 * FALSE, with the message for the field. */
static gboolean
parse_width_text (MvMemorySection  *self,
                  guint64   *width,
                  char     **message)
{
  g_autoptr(GError) error = NULL;
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->width_spin));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->width_spin));

  if (mv_parse_uint (text, (guint64) gtk_adjustment_get_upper (adj), width, &error) &&
      *width >= (guint64) gtk_adjustment_get_lower (adj))
    return TRUE;
  if (message != NULL)
    *message = g_strdup_printf ("Address width: %s",
                                error != NULL ? error->message : "must be at least 1 bit");
  return FALSE;
}

/* Marks the width field when its text, as it stands, is no width. */
static void
width_text_check (MvMemorySection *self)
{
  g_autofree char *message = NULL;
  guint64 width = 0;

  if (!parse_width_text (self, &width, &message))
    mv_field_errors_set (self->errors, "width", self->width_spin, message);
}

/* The spin button applies its text on Tab or Enter only; typing applies at
 * once here, like the other fields, and a number out of range marks it. */
static void
width_text_changed (MvMemorySection *self)
{
  g_autoptr(MvDocument) doc = NULL;
  guint64 width = 0;

  if (self->refreshing || self->session == NULL)
    return;

  if (!parse_width_text (self, &width, NULL))
    {
      /* Judged at the next frame: the spin button replaces its text by
       * deleting, then inserting, and the empty text between is no error
       * of the user's. */
      changed (self, "width");
      return;
    }
  /* The document's width already (the spin button's own change, which
   * width_changed() committed, or a refresh): committing and marking again
   * would restyle the window for nothing. */
  if (width == mv_session_get_document (self->session)->address_width)
    {
      if (mv_field_errors_has (self->errors, "width"))
        mv_field_errors_set (self->errors, "width", self->width_spin, NULL);
      return;
    }
  mv_field_errors_set (self->errors, "width", self->width_spin, NULL);
  update_width_note (self, (guint) width);

  doc = mv_session_dup_document (self->session);
  doc->address_width = (guint8) width;
  edit (self, g_steal_pointer (&doc), "width", "Change the address width");
}

static void
vtl2_changed_now (MvMemorySection *self)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->vtl2_entry));
  MvRange r = MV_RANGE_EMPTY;
  gboolean has = text[0] != '\0' && g_ascii_strcasecmp (text, "none") != 0;

  if (self->refreshing || self->session == NULL)
    return;

  if (has && !_mv_range_text_parse (text, &r, &error))
    {
      g_prefix_error (&error, "VTL2 range: ");
      mv_field_errors_set (self->errors, "vtl2", self->vtl2_entry, error->message);
      return;
    }
  mv_field_errors_mark (self->errors, self->vtl2_entry, NULL);

  doc = mv_session_dup_document (self->session);
  doc->has_vtl2 = has;
  doc->vtl2 = r;
  edit (self, g_steal_pointer (&doc), "vtl2", "Change the VTL2 range");
}

/**
 * mv_memory_section_apply:
 * @field: "numa", "vtl2" or "width", as #MvMemorySection::changed said
 *
 * Applies what was typed in @field.
 */
void
mv_memory_section_apply (MvMemorySection *self,
                         const char      *field)
{
  g_return_if_fail (MV_IS_MEMORY_SECTION (self));

  if (g_strcmp0 (field, "numa") == 0)
    numa_changed_now (self);
  else if (g_strcmp0 (field, "vtl2") == 0)
    vtl2_changed_now (self);
  else if (g_strcmp0 (field, "width") == 0)
    width_text_check (self);
}

/**
 * mv_memory_section_show:
 *
 * Shows the session's document; texts that already say it stay as
 * typed. Emits nothing.
 */
void
mv_memory_section_show (MvMemorySection *self)
{
  const MvDocument *doc;
  guint64 total = 0;

  g_return_if_fail (MV_IS_MEMORY_SECTION (self));

  if (self->session == NULL)
    return;

  doc = mv_session_get_document (self->session);
  self->refreshing = TRUE;
  mv_document_ram_total (doc, &total);
  mv_size_entry_set_value (MV_SIZE_ENTRY (self->ram_entry), total);
  gtk_widget_set_sensitive (self->ram_entry, !doc->numa);
  if (doc->numa)
    {
      GString *s = g_string_new (NULL);
      const char *shown = gtk_editable_get_text (GTK_EDITABLE (self->numa_entry));
      g_autoptr(GArray) parsed = g_array_new (FALSE, FALSE, sizeof (guint64));
      gboolean same = mv_parse_size_list (shown, parsed, NULL) && parsed->len == doc->ram_sizes->len &&
                      memcmp (parsed->data, doc->ram_sizes->data, parsed->len * sizeof (guint64)) == 0;

      for (guint i = 0; i < doc->ram_sizes->len; i++)
        {
          g_autofree char *t = mv_format_size (g_array_index (doc->ram_sizes, guint64, i));

          g_string_append_printf (s, "%s%s", i ? ", " : "", t);
        }
      if (!same)
        gtk_editable_set_text (GTK_EDITABLE (self->numa_entry), s->str);
      g_string_free (s, TRUE);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->numa_entry), "");
  mv_field_errors_mark (self->errors, self->numa_entry, NULL);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->width_spin), doc->address_width);
  update_width_note (self, doc->address_width);
  mv_field_errors_mark (self->errors, self->width_spin, NULL);
  _mv_range_text_show (self->vtl2_entry, doc->has_vtl2 ? &doc->vtl2 : NULL);
  mv_field_errors_mark (self->errors, self->vtl2_entry, NULL);
  self->refreshing = FALSE;
}

static void
mv_memory_section_dispose (GObject *object)
{
  MvMemorySection *self = MV_MEMORY_SECTION (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_MEMORY_SECTION);
  /* The template's children without an id too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->session);
  g_clear_object (&self->errors);

  G_OBJECT_CLASS (mv_memory_section_parent_class)->dispose (object);
}

static void
mv_memory_section_class_init (MvMemorySectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_memory_section_dispose;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[EDIT] =
    g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_POINTER, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (MV_TYPE_SIZE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-memory-section.ui");
  gtk_widget_class_bind_template_child (widget_class, MvMemorySection, ram_label);
  gtk_widget_class_bind_template_child (widget_class, MvMemorySection, ram_entry);
  gtk_widget_class_bind_template_child (widget_class, MvMemorySection, numa_label);
  gtk_widget_class_bind_template_child (widget_class, MvMemorySection, numa_entry);
  gtk_widget_class_bind_template_child (widget_class, MvMemorySection, width_label);
  gtk_widget_class_bind_template_child (widget_class, MvMemorySection, width_spin);
  gtk_widget_class_bind_template_child (widget_class, MvMemorySection, width_note);
  gtk_widget_class_bind_template_child (widget_class, MvMemorySection, vtl2_label);
  gtk_widget_class_bind_template_child (widget_class, MvMemorySection, vtl2_entry);
  gtk_widget_class_bind_template_callback (widget_class, ram_changed);
  gtk_widget_class_bind_template_callback (widget_class, field_error_changed);
  gtk_widget_class_bind_template_callback (widget_class, numa_changed);
  gtk_widget_class_bind_template_callback (widget_class, width_changed);
  gtk_widget_class_bind_template_callback (widget_class, width_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, vtl2_changed);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mvmemorysection");
}

static void
mv_memory_section_init (MvMemorySection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mv_memory_section_new (void)
{
  return g_object_new (MV_TYPE_MEMORY_SECTION, NULL);
}

/**
 * mv_memory_section_set_session:
 * @errors: where the fields' parse errors go (the editor's)
 */
void
mv_memory_section_set_session (MvMemorySection *self,
                               MvSession       *session,
                               MvFieldErrors   *errors)
{
  g_return_if_fail (MV_IS_MEMORY_SECTION (self));

  g_set_object (&self->session, session);
  g_set_object (&self->errors, errors);
}

/**
 * mv_memory_section_get_field:
 * @name: "ram", "numa", "width" or "vtl2"
 *
 * Returns: (transfer none) (nullable): the widget that edits @name
 */
GtkWidget *
mv_memory_section_get_field (MvMemorySection *self,
                             const char      *name)
{
  struct { const char *name; GtkWidget *widget; } fields[] = {
    { "ram", self->ram_entry },
    { "numa", self->numa_entry },
    { "width", self->width_spin },
    { "vtl2", self->vtl2_entry },
  };

  g_return_val_if_fail (MV_IS_MEMORY_SECTION (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return fields[i].widget;
  return NULL;
}

/**
 * mv_memory_section_add_labels:
 *
 * Adds the section's field labels to @group, to line up with the
 * editor's others.
 */
void
mv_memory_section_add_labels (MvMemorySection *self,
                              GtkSizeGroup    *group)
{
  g_return_if_fail (MV_IS_MEMORY_SECTION (self));

  gtk_size_group_add_widget (group, self->ram_label);
  gtk_size_group_add_widget (group, self->numa_label);
  gtk_size_group_add_widget (group, self->width_label);
  gtk_size_group_add_widget (group, self->vtl2_label);
}
