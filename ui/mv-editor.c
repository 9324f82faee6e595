/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-ui-style.h"
#include "mv-editor.h"
#include "mv-import-row.h"
#include "mv-mtrr.h"
#include "mv-mtrr-state.h"
#include "mv-parse.h"
#include "mv-range-list.h"
#include "mv-size-entry.h"

struct _MvEditor
{
  GtkWidget    parent_instance;

  MvSession   *session;
  gulong       changed_id;
  gboolean     refreshing;   /* filling the fields from the document */
  gboolean     committing;   /* handing an edit to the session */
  GHashTable  *errors;       /* field name -> parse error */
  char        *error;        /* the latest field error shown */
  char        *error_field;

  /* template */
  GtkWidget   *box;
  GtkWidget   *title_entry;
  GtkWidget   *description_entry;
  GtkWidget   *ram_entry;
  GtkWidget   *numa_entry;
  GtkWidget   *width_spin;
  GtkWidget   *width_note;
  GtkWidget   *vtl2_entry;
  GtkWidget   *low_entry;
  GtkWidget   *high_entry;
  GtkWidget   *high_none;
  GtkWidget   *mmio_list;
  GtkWidget   *ecam_list;
  GtkWidget   *pci_mmio_list;
  GtkWidget   *profile_dropdown;
  GtkWidget   *vcnt_spin;
  GtkWidget   *gdt_check;
  GtkWidget   *gdt_entry;
  GtkWidget   *imports_list;
  GtkWidget   *add_file_button;
  GtkWidget   *add_synthetic_button;

  GtkFileChooserNative *chooser;

  /* Text fields change twice when text is replaced (delete, insert):
   * their edits are applied once, just before the next frame. */
  guint        pending;
  guint        pending_id;    /* an idle, while the editor is not shown */
  guint        pending_tick;  /* a tick callback: the next frame's update */
  char        *high_remembered;  /* the high gap's text while "None" is on */

  /* Undo steps: a field's edits merge until the focus moves or the whole
   * text is replaced (select all, type). */
  GtkRoot     *root;
  gulong       focus_id;
  GtkWidget   *focus_text;       /* the focused GtkText, weak */
  gulong       delete_id;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MvEditor, mv_editor, GTK_TYPE_WIDGET)


static void refresh (MvEditor *self);
static void mark_session_error (MvEditor *self);

/* --- errors ------------------------------------------------------------ */

static void
update_error (MvEditor *self)
{
  const char *message = NULL;
  const char *field = NULL;

  /* Show the field just edited first, else any field still wrong. */
  if (self->error_field != NULL)
    message = g_hash_table_lookup (self->errors, self->error_field);
  if (message != NULL)
    field = self->error_field;
  else
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->errors);
      if (g_hash_table_iter_next (&iter, &key, &value))
        {
          field = key;
          message = value;
        }
    }

  if (g_strcmp0 (message, self->error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  (void) field;
}

static void
mark (GtkWidget  *widget,
      const char *message)
{
  const char *help;

  if (MV_IS_SIZE_ENTRY (widget))
    {
      mv_size_entry_set_extra_error (MV_SIZE_ENTRY (widget), message);
      return;
    }

  /* The field's own tooltip (its help) gives way to an error while there
   * is one, and comes back after. */
  if (g_object_get_data (G_OBJECT (widget), "mv-help") == NULL)
    {
      const char *own = gtk_widget_get_tooltip_text (widget);

      g_object_set_data_full (G_OBJECT (widget), "mv-help", g_strdup (own ? own : ""), g_free);
    }
  help = g_object_get_data (G_OBJECT (widget), "mv-help");

  if (message != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      _mv_widget_set_tooltip (widget, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      _mv_widget_set_tooltip (widget, help[0] != '\0' ? help : NULL);
      gtk_widget_remove_css_class (widget, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
set_field_error (MvEditor   *self,
                 const char *field,
                 GtkWidget  *widget,
                 const char *message)
{
  g_free (self->error_field);
  self->error_field = g_strdup (field);
  if (message != NULL)
    g_hash_table_replace (self->errors, g_strdup (field), g_strdup (message));
  else
    g_hash_table_remove (self->errors, field);
  if (widget != NULL && !MV_IS_SIZE_ENTRY (widget))
    mark (widget, message);
  update_error (self);
}

static void
commit (MvEditor   *self,
        MvDocument *doc,
        const char *field,
        const char *label)
{
  g_autofree char *key = g_strconcat ("editor:", field, NULL);

  set_field_error (self, field, NULL, NULL);
  self->committing = TRUE;
  mv_session_edit (self->session, doc, key, label);
  self->committing = FALSE;
  /* An edit that changes nothing is dropped; the fields it unmarked still
   * show the document's error. */
  mark_session_error (self);
}

/* --- MMIO -------------------------------------------------------------- */

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  return mv_range_compare (a, b);
}

/* The gap "auto" picks from @mmio (mv_mtrr_auto_chipset_gap()). */
static gboolean
auto_gap (const GArray *mmio,
          gboolean      low,
          MvRange      *out)
{
  int i = mv_mtrr_auto_chipset_gap (mmio, low);

  if (i >= 0)
    *out = g_array_index (mmio, MvRange, i);
  return i >= 0;
}

static int
find_range (const GArray  *mmio,
            const MvRange *r)
{
  for (guint i = 0; i < mmio->len; i++)
    {
      const MvRange *m = &g_array_index (mmio, MvRange, i);

      if (m->start == r->start && m->end == r->end)
        return (int) i;
    }
  return -1;
}

static gboolean
parse_range_text (const char *text,
                  MvRange    *out,
                  GError    **error)
{
  guint64 start, end;

  if (!mv_parse_range (text, &start, &end, error))
    return FALSE;
  return mv_range_init (out, start, end, error);
}

static char *
format_range (const MvRange *r)
{
  g_autofree char *start = mv_format_hex (r->start);
  g_autofree char *size = mv_format_size (mv_range_len (r));

  return g_strdup_printf ("%s+%s", start, size);
}

static void
mmio_edited (MvEditor   *self,
             const char *field,
             GtkWidget  *widget)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) further = g_array_new (FALSE, FALSE, sizeof (MvRange));
  const char *low_text = gtk_editable_get_text (GTK_EDITABLE (self->low_entry));
  const char *high_text = gtk_editable_get_text (GTK_EDITABLE (self->high_entry));
  gboolean high_none = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->high_none));
  gboolean has_low = low_text[0] != '\0';
  gboolean has_high = !high_none && high_text[0] != '\0';
  MvRange low = MV_RANGE_EMPTY, high = MV_RANGE_EMPTY, picked;

  if (self->refreshing || self->session == NULL)
    return;

  if (has_low && !parse_range_text (low_text, &low, &error))
    {
      g_prefix_error (&error, "Low MMIO gap: ");
      set_field_error (self, "low-mmio", self->low_entry, error->message);
      return;
    }
  set_field_error (self, "low-mmio", self->low_entry, NULL);

  if (has_high && !parse_range_text (high_text, &high, &error))
    {
      g_prefix_error (&error, "High MMIO gap: ");
      set_field_error (self, "high-mmio", self->high_entry, error->message);
      return;
    }
  set_field_error (self, "high-mmio", self->high_entry, NULL);

  if (!mv_range_list_get_ranges (MV_RANGE_LIST (self->mmio_list), further, &error))
    {
      set_field_error (self, "mmio", NULL, error->message);
      return;
    }
  set_field_error (self, "mmio", NULL, NULL);

  doc = mv_session_dup_document (self->session);
  g_array_set_size (doc->mmio, 0);
  if (has_low)
    g_array_append_val (doc->mmio, low);
  if (has_high)
    g_array_append_val (doc->mmio, high);
  g_array_append_vals (doc->mmio, further->data, further->len);
  g_array_sort (doc->mmio, compare_ranges);

  /* The chipset gaps the MTRRs are computed from: "auto" while the gaps
   * are where auto looks for them, else the range itself. */
  if (!has_low)
    doc->chipset_low.mode = MV_CHIPSET_GAP_NONE;
  else if (auto_gap (doc->mmio, TRUE, &picked) && picked.start == low.start && picked.end == low.end)
    doc->chipset_low.mode = MV_CHIPSET_GAP_AUTO;
  else
    {
      doc->chipset_low.mode = MV_CHIPSET_GAP_EXPLICIT;
      doc->chipset_low.range = low;
    }
  if (!has_high)
    doc->chipset_high.mode = MV_CHIPSET_GAP_NONE;
  else if (auto_gap (doc->mmio, FALSE, &picked) && picked.start == high.start && picked.end == high.end)
    doc->chipset_high.mode = MV_CHIPSET_GAP_AUTO;
  else
    {
      doc->chipset_high.mode = MV_CHIPSET_GAP_EXPLICIT;
      doc->chipset_high.range = high;
    }
  if (doc->chipset_low.mode != MV_CHIPSET_GAP_EXPLICIT)
    doc->chipset_low.range = MV_RANGE_EMPTY;
  if (doc->chipset_high.mode != MV_CHIPSET_GAP_EXPLICIT)
    doc->chipset_high.range = MV_RANGE_EMPTY;

  commit (self, g_steal_pointer (&doc), field,
          g_str_equal (field, "low-mmio") ? "Change the low MMIO gap" :
          g_str_equal (field, "high-mmio") ? "Change the high MMIO gap" :
          "Change the MMIO gaps");
}

static void
low_changed_now (MvEditor *self)
{
  mmio_edited (self, "low-mmio", self->low_entry);
}

static void
high_changed_now (MvEditor *self)
{
  mmio_edited (self, "high-mmio", self->high_entry);
}

static void
high_none_toggled (MvEditor *self)
{
  gboolean none = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->high_none));

  gtk_widget_set_sensitive (self->high_entry, !none);
  if (self->refreshing)
    return;

  if (!none && gtk_editable_get_text (GTK_EDITABLE (self->high_entry))[0] == '\0')
    {
      /* Bring a gap back: the one there was, or OpenVMM's default 512 MiB
       * 2 MiB aligned above RAM. */
      g_autofree char *text = g_strdup (self->high_remembered);

      if (text == NULL)
        {
          const MvScenario *sc = mv_session_get_scenario (self->session);
          guint64 base = MV_FOUR_GB;
          MvRange r;

          if (sc != NULL && sc->layout != NULL)
            base = MAX (base, mv_layout_end_of_ram (sc->layout));
          base = (base + 0x1fffff) & ~(guint64) 0x1fffff;
          r.start = base;
          r.end = base + ((guint64) 512 << 20);
          text = format_range (&r);
        }
      self->refreshing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->high_entry), text);
      self->refreshing = FALSE;
    }
  else if (none)
    {
      g_free (self->high_remembered);
      self->high_remembered = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->high_entry)));
    }
  mmio_edited (self, "high-mmio", self->high_entry);
}

static void
lists_changed_now (MvEditor    *self,
                   MvRangeList *list)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  GArray *target;
  const char *field, *label;

  if (self->refreshing || self->session == NULL)
    return;

  if (list == MV_RANGE_LIST (self->mmio_list))
    {
      mmio_edited (self, "mmio", NULL);
      return;
    }

  doc = mv_session_dup_document (self->session);
  if (list == MV_RANGE_LIST (self->ecam_list))
    {
      target = doc->pci_ecam;
      field = "pci-ecam";
      label = "Change the PCI ECAM gaps";
    }
  else
    {
      target = doc->pci_mmio;
      field = "pci-mmio";
      label = "Change the PCI MMIO gaps";
    }

  g_array_set_size (target, 0);
  if (!mv_range_list_get_ranges (list, target, &error))
    {
      set_field_error (self, field, NULL, error->message);
      return;
    }
  g_array_sort (target, compare_ranges);
  commit (self, g_steal_pointer (&doc), field, label);
}

/* --- document ---------------------------------------------------------- */

/* Empty text: no title (the picture says the file's name or "Untitled"),
 * no description. Both fields go in one edit, so that neither is lost
 * when both were typed in one frame. */
static void
document_fields_changed_now (MvEditor *self,
                             gboolean  title_edited)
{
  g_autoptr(MvDocument) doc = NULL;
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_entry));
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_entry));

  if (self->refreshing || self->session == NULL)
    return;

  doc = mv_session_dup_document (self->session);
  g_free (doc->title);
  doc->title = title[0] != '\0' ? g_strdup (title) : NULL;
  g_free (doc->description);
  doc->description = description[0] != '\0' ? g_strdup (description) : NULL;
  commit (self, g_steal_pointer (&doc), title_edited ? "title" : "description",
          title_edited ? "Change the title" : "Change the description");
}

/* --- memory ------------------------------------------------------------ */

static void
ram_changed (MvEditor *self)
{
  g_autoptr(MvDocument) doc = NULL;
  guint64 size = mv_size_entry_get_value (MV_SIZE_ENTRY (self->ram_entry));

  if (self->refreshing || self->session == NULL)
    return;

  doc = mv_session_dup_document (self->session);
  doc->numa = FALSE;
  g_array_set_size (doc->ram_sizes, 0);
  g_array_append_val (doc->ram_sizes, size);
  commit (self, g_steal_pointer (&doc), "ram", "Change the RAM size");
}

static void
field_error_changed (MvEditor *self)
{
  const char *message = mv_size_entry_get_error (MV_SIZE_ENTRY (self->ram_entry));
  g_autofree char *full = message ? g_strdup_printf ("RAM size: %s", message) : NULL;

  if (self->refreshing)
    return;
  set_field_error (self, "ram", NULL, full);
}

static void
numa_changed_now (MvEditor *self)
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
          set_field_error (self, "numa", self->numa_entry, error->message);
          return;
        }
      doc->numa = TRUE;
      g_array_set_size (doc->ram_sizes, 0);
      g_array_append_vals (doc->ram_sizes, sizes->data, sizes->len);
    }
  mark (self->numa_entry, NULL);
  commit (self, g_steal_pointer (&doc), "numa", "Change the NUMA nodes");
}

static void
update_width_note (MvEditor *self,
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
width_changed (MvEditor *self)
{
  g_autoptr(MvDocument) doc = NULL;
  guint width = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->width_spin));

  update_width_note (self, width);
  if (self->refreshing || self->session == NULL)
    return;

  doc = mv_session_dup_document (self->session);
  doc->address_width = (guint8) width;
  commit (self, g_steal_pointer (&doc), "width", "Change the address width");
}

enum {
  PENDING_NUMA     = 1 << 0,
  PENDING_VTL2     = 1 << 1,
  PENDING_LOW      = 1 << 2,
  PENDING_HIGH     = 1 << 3,
  PENDING_MMIO     = 1 << 4,
  PENDING_ECAM     = 1 << 5,
  PENDING_PCI_MMIO = 1 << 6,
  PENDING_TITLE    = 1 << 7,
  PENDING_DESCRIPTION = 1 << 8,
  PENDING_WIDTH    = 1 << 9,
};

static void queue (MvEditor *self, guint what);

/* The width the spin button's text says, within its bounds; otherwise
 * FALSE, with the message for the field. */
static gboolean
parse_width_text (MvEditor  *self,
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
width_text_check (MvEditor *self)
{
  g_autofree char *message = NULL;
  guint64 width = 0;

  if (!parse_width_text (self, &width, &message))
    set_field_error (self, "width", self->width_spin, message);
}

/* The spin button applies its text on Tab or Enter only; typing applies at
 * once here, like the other fields, and a number out of range marks it. */
static void
width_text_changed (MvEditor *self)
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
      queue (self, PENDING_WIDTH);
      return;
    }
  /* The document's width already (the spin button's own change, which
   * width_changed() committed, or a refresh): committing and marking again
   * would restyle the window for nothing. */
  if (width == mv_session_get_document (self->session)->address_width)
    {
      if (g_hash_table_contains (self->errors, "width"))
        set_field_error (self, "width", self->width_spin, NULL);
      return;
    }
  set_field_error (self, "width", self->width_spin, NULL);
  update_width_note (self, (guint) width);

  doc = mv_session_dup_document (self->session);
  doc->address_width = (guint8) width;
  commit (self, g_steal_pointer (&doc), "width", "Change the address width");
}

static void
vtl2_changed_now (MvEditor *self)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->vtl2_entry));
  MvRange r = MV_RANGE_EMPTY;
  gboolean has = text[0] != '\0' && g_ascii_strcasecmp (text, "none") != 0;

  if (self->refreshing || self->session == NULL)
    return;

  if (has && !parse_range_text (text, &r, &error))
    {
      g_prefix_error (&error, "VTL2 range: ");
      set_field_error (self, "vtl2", self->vtl2_entry, error->message);
      return;
    }
  mark (self->vtl2_entry, NULL);

  doc = mv_session_dup_document (self->session);
  doc->has_vtl2 = has;
  doc->vtl2 = r;
  commit (self, g_steal_pointer (&doc), "vtl2", "Change the VTL2 range");
}

/* --- MTRRs and boot ---------------------------------------------------- */

static void
profile_changed (MvEditor *self)
{
  g_autoptr(MvDocument) doc = NULL;
  const char *const *profiles = mv_mtrr_profile_names ();
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->profile_dropdown));

  if (self->refreshing || self->session == NULL || selected >= g_strv_length ((char **) profiles))
    return;

  doc = mv_session_dup_document (self->session);
  g_free (doc->profile);
  doc->profile = g_strdup (profiles[selected]);
  commit (self, g_steal_pointer (&doc), "profile", "Change the boot profile");
}

static void
vcnt_changed (MvEditor *self)
{
  g_autoptr(MvDocument) doc = NULL;

  if (self->refreshing || self->session == NULL)
    return;

  doc = mv_session_dup_document (self->session);
  doc->vcnt = (guint8) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->vcnt_spin));
  commit (self, g_steal_pointer (&doc), "vcnt", "Change VCNT");
}

/* --- imports ----------------------------------------------------------- */

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
gdt_changed (MvEditor *self)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean on = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->gdt_check));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->gdt_entry));
  guint64 page = 0;
  int index;

  gtk_widget_set_sensitive (self->gdt_entry, on);
  if (self->refreshing || self->session == NULL)
    return;

  if (on && !mv_parse_uint (text, G_MAXUINT64, &page, &error))
    {
      g_prefix_error (&error, "GDT page: ");
      set_field_error (self, "gdt", self->gdt_entry, error->message);
      return;
    }
  mark (self->gdt_entry, NULL);

  doc = mv_session_dup_document (self->session);
  index = find_gdt (doc);
  if (!on && index >= 0)
    g_ptr_array_remove_index (doc->imports, index);
  else if (on && index >= 0)
    ((MvImportSpec *) g_ptr_array_index (doc->imports, index))->page = page;
  else if (on)
    {
      MvImportSpec *spec = mv_import_spec_new (MV_IMPORT_KIND_GDT);

      spec->page = page;
      g_free (spec->name);
      spec->name = g_strdup ("gdt");
      mv_document_add_import (doc, spec);
    }
  commit (self, g_steal_pointer (&doc), "gdt", "Change the default GDT");
}

static void
import_row_changed (MvEditor    *self,
                    MvImportRow *row)
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
      set_field_error (self, field, NULL, message);
      return;
    }

  doc = mv_session_dup_document (self->session);
  index = find_import (doc, spec->name);
  if (index < 0)
    return;
  mv_import_spec_free (g_ptr_array_index (doc->imports, index));
  g_ptr_array_index (doc->imports, index) = g_steal_pointer (&spec);
  commit (self, g_steal_pointer (&doc), field, "Change an import");
}

static void
import_row_remove (MvEditor    *self,
                   MvImportRow *row)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autofree char *field = g_strdup_printf ("import:%s", mv_import_row_get_name (row));
  int index;

  doc = mv_session_dup_document (self->session);
  index = find_import (doc, mv_import_row_get_name (row));
  if (index < 0)
    return;
  g_ptr_array_remove_index (doc->imports, index);
  set_field_error (self, field, NULL, NULL);
  mv_session_break_merge (self->session);
  commit (self, g_steal_pointer (&doc), "remove-import", "Remove an import");
  mv_session_break_merge (self->session);
  refresh (self);
}

static guint64
free_gpa (MvEditor *self)
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
add_import (MvEditor     *self,
            MvImportSpec *spec)
{
  g_autoptr(MvDocument) doc = mv_session_dup_document (self->session);
  g_autofree char *name = g_strdup (spec->name);

  mv_document_add_import (doc, spec);
  mv_session_break_merge (self->session);
  commit (self, g_steal_pointer (&doc), "add-import", "Add an import");
  mv_session_break_merge (self->session);
  refresh (self);

  /* Open the new row to fill in. */
  for (GtkWidget *c = gtk_widget_get_first_child (self->imports_list); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (c));

      if (MV_IS_IMPORT_ROW (row) && gtk_widget_get_next_sibling (c) == NULL)
        {
          mv_import_row_set_expanded (MV_IMPORT_ROW (row), TRUE);
          gtk_widget_grab_focus (row);
        }
    }
}

static void
add_synthetic_clicked (MvEditor *self)
{
  MvImportSpec *spec = mv_import_spec_new (MV_IMPORT_KIND_SYNTHETIC);

  spec->gpa = free_gpa (self);
  spec->size = (guint64) 1 << 20;
  g_free (spec->tag);
  spec->tag = mv_import_spec_default_tag (spec);
  add_import (self, spec);
}

/**
 * mv_editor_add_file_import:
 *
 * Adds an import of the whole of @file above what is imported so far.
 */
void
mv_editor_add_file_import (MvEditor *self,
                           GFile    *file)
{
  MvImportSpec *spec;
  g_autofree char *path = NULL;

  g_return_if_fail (MV_IS_EDITOR (self));
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
                  MvEditor        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      mv_editor_add_file_import (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
add_file_clicked (MvEditor *self)
{
  g_clear_object (&self->chooser);
  self->chooser = _mv_import_chooser_new (GTK_WIDGET (self), "Import a File Region");
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* --- queued text edits ------------------------------------------------- */

static void
cancel_pending (MvEditor *self)
{
  g_clear_handle_id (&self->pending_id, g_source_remove);
  if (self->pending_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->pending_tick);
      self->pending_tick = 0;
    }
}

/**
 * mv_editor_apply_pending:
 *
 * Applies the fields' queued edits now (they wait for the next frame
 * otherwise): before saving, exporting or anything else that reads the
 * document, so that what was typed a moment ago is in it.
 */
void
mv_editor_apply_pending (MvEditor *self)
{
  guint pending;

  g_return_if_fail (MV_IS_EDITOR (self));

  pending = self->pending;
  self->pending = 0;
  cancel_pending (self);
  if (self->session == NULL || pending == 0)
    return;

  if (pending & (PENDING_TITLE | PENDING_DESCRIPTION))
    document_fields_changed_now (self, (pending & PENDING_TITLE) != 0);
  if (pending & PENDING_NUMA)
    numa_changed_now (self);
  if (pending & PENDING_VTL2)
    vtl2_changed_now (self);
  if (pending & PENDING_LOW)
    low_changed_now (self);
  if (pending & PENDING_HIGH)
    high_changed_now (self);
  if (pending & PENDING_MMIO)
    lists_changed_now (self, MV_RANGE_LIST (self->mmio_list));
  if (pending & PENDING_ECAM)
    lists_changed_now (self, MV_RANGE_LIST (self->ecam_list));
  if (pending & PENDING_PCI_MMIO)
    lists_changed_now (self, MV_RANGE_LIST (self->pci_mmio_list));
  if (pending & PENDING_WIDTH)
    width_text_check (self);
}

static gboolean
flush_idle (gpointer data)
{
  MvEditor *self = data;

  self->pending_id = 0;
  mv_editor_apply_pending (self);
  return G_SOURCE_REMOVE;
}

static gboolean
flush_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  MvEditor *self = MV_EDITOR (widget);

  self->pending_tick = 0;
  mv_editor_apply_pending (self);
  return G_SOURCE_REMOVE;
}

/* Text fields change twice when their text is replaced (delete, then
 * insert): their edits are applied once, in the update phase of the next
 * frame, so that frame's layout and paint show them. */
static void
queue (MvEditor *self,
       guint     what)
{
  if (self->refreshing)
    return;
  self->pending |= what;
  if (self->pending_id != 0 || self->pending_tick != 0)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->pending_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), flush_tick, NULL, NULL);
  else
    self->pending_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, flush_idle, self, NULL);
}

static void
title_changed (MvEditor *self)
{
  queue (self, PENDING_TITLE);
}

static void
description_changed (MvEditor *self)
{
  queue (self, PENDING_DESCRIPTION);
}

static void
numa_changed (MvEditor *self)
{
  queue (self, PENDING_NUMA);
}

static void
vtl2_changed (MvEditor *self)
{
  queue (self, PENDING_VTL2);
}

static void
low_changed (MvEditor *self)
{
  queue (self, PENDING_LOW);
}

static void
high_changed (MvEditor *self)
{
  queue (self, PENDING_HIGH);
}

static void
lists_changed (MvEditor    *self,
               MvRangeList *list)
{
  queue (self, list == MV_RANGE_LIST (self->mmio_list) ? PENDING_MMIO :
               list == MV_RANGE_LIST (self->ecam_list) ? PENDING_ECAM : PENDING_PCI_MMIO);
}

/* --- from the document to the fields ----------------------------------- */

static void
set_text_unless_same_range (GtkWidget     *entry,
                            const MvRange *r)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  MvRange shown;

  if (r == NULL)
    {
      if (text[0] != '\0')
        gtk_editable_set_text (GTK_EDITABLE (entry), "");
      return;
    }
  if (parse_range_text (text, &shown, NULL) && shown.start == r->start && shown.end == r->end)
    return;
  {
    g_autofree char *t = format_range (r);

    gtk_editable_set_text (GTK_EDITABLE (entry), t);
  }
}

static void
refresh_imports (MvEditor *self)
{
  const MvDocument *doc = mv_session_get_document (self->session);
  const MvScenario *sc = mv_session_get_scenario (self->session);
  gboolean stale = mv_session_get_stale (self->session);
  GtkWidget *child = gtk_widget_get_first_child (self->imports_list);
  guint n_rows = 0;
  int gdt = find_gdt (doc);

  /* GDT */
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

  /* Rows, in document order; a row is reused when its name and kind match. */
  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);
      GtkWidget *row = child ? gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child)) : NULL;
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

      if (row != NULL && g_strcmp0 (mv_import_row_get_name (MV_IMPORT_ROW (row)), spec->name) == 0)
        {
          mv_import_row_set_spec (MV_IMPORT_ROW (row), spec);
          mv_import_row_set_status (MV_IMPORT_ROW (row), status);
          mv_import_row_set_not_read (MV_IMPORT_ROW (row), not_read);
          child = gtk_widget_get_next_sibling (child);
        }
      else
        {
          GtkWidget *new_row;

          if (spec->kind == MV_IMPORT_KIND_GDT)
            continue;  /* a second GDT shows on the page map only */
          new_row = mv_import_row_new (spec);
          mv_import_row_set_status (MV_IMPORT_ROW (new_row), status);
          mv_import_row_set_not_read (MV_IMPORT_ROW (new_row), not_read);
          g_signal_connect_swapped (new_row, "changed", G_CALLBACK (import_row_changed), self);
          g_signal_connect_swapped (new_row, "remove", G_CALLBACK (import_row_remove), self);
          if (child != NULL)
            {
              /* Replace the rest: the order changed. */
              GtkWidget *next;

              for (; child != NULL; child = next)
                {
                  next = gtk_widget_get_next_sibling (child);
                  gtk_list_box_remove (GTK_LIST_BOX (self->imports_list), child);
                }
            }
          gtk_list_box_append (GTK_LIST_BOX (self->imports_list), new_row);
        }
      n_rows++;
    }

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_list_box_remove (GTK_LIST_BOX (self->imports_list), child);
      child = next;
    }
  gtk_widget_set_visible (self->imports_list, gtk_widget_get_first_child (self->imports_list) != NULL);
}

static void
mark_session_error (MvEditor *self)
{
  const char *field = mv_session_get_error_field (self->session);
  const char *message = mv_session_get_error (self->session);
  struct { const char *name; GtkWidget *widget; } fields[] = {
    { "ram", self->ram_entry },
    { "numa", self->numa_entry },
    { "vtl2", self->vtl2_entry },
    { "low-mmio", self->low_entry },
    { "high-mmio", self->high_entry },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gboolean hit = g_strcmp0 (field, fields[i].name) == 0 ||
                     (g_strcmp0 (field, "mmio") == 0 &&
                      (fields[i].widget == self->low_entry || fields[i].widget == self->high_entry));

      /* Keep parse errors: they are the user's text. */
      if (g_hash_table_contains (self->errors, fields[i].name))
        continue;
      mark (fields[i].widget, hit ? message : NULL);
    }
}

/* The title and description; an edit elsewhere can change them too (a
 * preset's, once its layout is edited). */
static void
refresh_document_fields (MvEditor *self)
{
  const MvDocument *doc = mv_session_get_document (self->session);
  const char *title = doc->title ? doc->title : "";
  const char *description = doc->description ? doc->description : "";

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->title_entry)), title) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->title_entry), title);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->description_entry)), description) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->description_entry), description);
}

static void
refresh (MvEditor *self)
{
  const MvDocument *doc;
  GArray *mmio;
  g_autoptr(GArray) further = NULL;
  MvRange low = MV_RANGE_EMPTY, high = MV_RANGE_EMPTY;
  gboolean has_low = FALSE, has_high = FALSE;
  int low_index = -1, high_index = -1;
  guint64 total = 0;

  if (self->session == NULL)
    return;

  doc = mv_session_get_document (self->session);
  mmio = doc->mmio;
  self->refreshing = TRUE;

  /* A refresh from outside (undo, open) drops queued edits and the
   * fields' parse errors. */
  self->pending = 0;
  cancel_pending (self);
  g_hash_table_remove_all (self->errors);
  g_clear_pointer (&self->error_field, g_free);
  update_error (self);

  refresh_document_fields (self);

  /* Memory */
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
  mark (self->numa_entry, NULL);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->width_spin), doc->address_width);
  update_width_note (self, doc->address_width);
  mark (self->width_spin, NULL);
  set_text_unless_same_range (self->vtl2_entry, doc->has_vtl2 ? &doc->vtl2 : NULL);
  mark (self->vtl2_entry, NULL);

  /* MMIO: the low and high chipset gaps, then the rest. */
  switch (doc->chipset_low.mode)
    {
    case MV_CHIPSET_GAP_EXPLICIT:
      low = doc->chipset_low.range;
      has_low = TRUE;
      break;
    case MV_CHIPSET_GAP_AUTO:
      has_low = auto_gap (mmio, TRUE, &low);
      break;
    case MV_CHIPSET_GAP_NONE:
    default:
      break;
    }
  if (has_low)
    low_index = find_range (mmio, &low);

  switch (doc->chipset_high.mode)
    {
    case MV_CHIPSET_GAP_EXPLICIT:
      high = doc->chipset_high.range;
      has_high = TRUE;
      break;
    case MV_CHIPSET_GAP_AUTO:
      has_high = auto_gap (mmio, FALSE, &high);
      break;
    case MV_CHIPSET_GAP_NONE:
    default:
      break;
    }
  if (has_high)
    high_index = find_range (mmio, &high);
  if (high_index >= 0 && high_index == low_index)
    high_index = -1;

  set_text_unless_same_range (self->low_entry, has_low ? &low : NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->high_none), !has_high);
  gtk_widget_set_sensitive (self->high_entry, has_high);
  if (has_high)
    set_text_unless_same_range (self->high_entry, &high);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->high_entry), "");
  mark (self->low_entry, NULL);
  mark (self->high_entry, NULL);

  further = g_array_new (FALSE, FALSE, sizeof (MvRange));
  for (guint i = 0; i < mmio->len; i++)
    if ((int) i != low_index && (int) i != high_index)
      g_array_append_val (further, g_array_index (mmio, MvRange, i));
  mv_range_list_set_ranges (MV_RANGE_LIST (self->mmio_list), (MvRange *) further->data, further->len);
  mv_range_list_set_ranges (MV_RANGE_LIST (self->ecam_list),
                            (MvRange *) doc->pci_ecam->data, doc->pci_ecam->len);
  mv_range_list_set_ranges (MV_RANGE_LIST (self->pci_mmio_list),
                            (MvRange *) doc->pci_mmio->data, doc->pci_mmio->len);

  /* MTRRs and boot */
  for (guint i = 0; mv_mtrr_profile_names ()[i] != NULL; i++)
    if (g_strcmp0 (doc->profile, mv_mtrr_profile_names ()[i]) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->profile_dropdown), i);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->vcnt_spin), doc->vcnt);

  refresh_imports (self);
  mark_session_error (self);

  self->refreshing = FALSE;
}

static void
session_changed (MvEditor *self)
{
  if (self->committing)
    {
      /* Our own edit: the fields already say it; mark semantic errors and
       * import results only. */
      self->refreshing = TRUE;
      refresh_document_fields (self);
      mark_session_error (self);
      refresh_imports (self);
      self->refreshing = FALSE;
      return;
    }
  refresh (self);
}

/* --- undo steps -------------------------------------------------------- */

/* Ends the undo step being typed: queued edits still join it. */
static void
break_merge (MvEditor *self)
{
  mv_editor_apply_pending (self);
  if (self->session != NULL)
    mv_session_break_merge (self->session);
}

static void
text_delete (GtkEditable *text,
             int          start,
             int          end,
             MvEditor    *self)
{
  int n_chars = (int) g_utf8_strlen (gtk_editable_get_text (text), -1);
  int sel_start, sel_end;

  if (self->refreshing || self->session == NULL || n_chars == 0)
    return;
  if (end < 0 || end > n_chars)
    end = n_chars;
  /* Typing over the whole text, selected: a new edit, not more of the
   * last one (16G applied, select all, type 16Q: undo goes to 16G). */
  if (start == 0 && end == n_chars &&
      gtk_editable_get_selection_bounds (text, &sel_start, &sel_end) &&
      sel_start == 0 && sel_end == n_chars)
    break_merge (self);
}

static void
drop_focus_text (MvEditor *self)
{
  if (self->focus_text != NULL)
    {
      g_clear_signal_handler (&self->delete_id, self->focus_text);
      g_object_remove_weak_pointer (G_OBJECT (self->focus_text), (gpointer *) &self->focus_text);
      self->focus_text = NULL;
    }
  self->delete_id = 0;
}

static void
focus_widget_changed (MvEditor *self)
{
  GtkWidget *focus = self->root ? gtk_root_get_focus (self->root) : NULL;

  if (focus == self->focus_text)
    return;
  /* The focus moved: whatever is typed next is a new undo step. */
  break_merge (self);
  drop_focus_text (self);
  if (focus != NULL && GTK_IS_TEXT (focus) && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    {
      self->focus_text = focus;
      g_object_add_weak_pointer (G_OBJECT (focus), (gpointer *) &self->focus_text);
      self->delete_id = g_signal_connect (focus, "delete-text", G_CALLBACK (text_delete), self);
    }
}

static void
mv_editor_root (GtkWidget *widget)
{
  MvEditor *self = MV_EDITOR (widget);

  GTK_WIDGET_CLASS (mv_editor_parent_class)->root (widget);
  self->root = gtk_widget_get_root (widget);
  self->focus_id = g_signal_connect_swapped (self->root, "notify::focus-widget",
                                             G_CALLBACK (focus_widget_changed), self);
}

static void
mv_editor_unroot (GtkWidget *widget)
{
  MvEditor *self = MV_EDITOR (widget);

  drop_focus_text (self);
  if (self->root != NULL)
    g_clear_signal_handler (&self->focus_id, self->root);
  self->root = NULL;
  GTK_WIDGET_CLASS (mv_editor_parent_class)->unroot (widget);
}

/* --- GObject ----------------------------------------------------------- */

static void
mv_editor_dispose (GObject *object)
{
  MvEditor *self = MV_EDITOR (object);

  cancel_pending (self);
  mv_editor_set_session (self, NULL);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_EDITOR);

  G_OBJECT_CLASS (mv_editor_parent_class)->dispose (object);
}

static void
mv_editor_finalize (GObject *object)
{
  MvEditor *self = MV_EDITOR (object);

  g_hash_table_unref (self->errors);
  g_free (self->error);
  g_free (self->error_field);
  g_free (self->high_remembered);

  G_OBJECT_CLASS (mv_editor_parent_class)->finalize (object);
}

static void
mv_editor_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MvEditor *self = MV_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_editor_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MvEditor *self = MV_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      mv_editor_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_editor_class_init (MvEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_editor_dispose;
  object_class->finalize = mv_editor_finalize;
  object_class->get_property = mv_editor_get_property;
  object_class->set_property = mv_editor_set_property;
  widget_class->root = mv_editor_root;
  widget_class->unroot = mv_editor_unroot;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MV_TYPE_SIZE_ENTRY);
  g_type_ensure (MV_TYPE_RANGE_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MvEditor, box);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, title_entry);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, description_entry);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, ram_entry);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, numa_entry);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, width_spin);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, width_note);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, vtl2_entry);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, low_entry);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, high_entry);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, high_none);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, mmio_list);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, ecam_list);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, pci_mmio_list);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, profile_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, vcnt_spin);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, gdt_check);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, gdt_entry);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, imports_list);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, add_file_button);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, add_synthetic_button);
  gtk_widget_class_bind_template_callback (widget_class, title_changed);
  gtk_widget_class_bind_template_callback (widget_class, description_changed);
  gtk_widget_class_bind_template_callback (widget_class, ram_changed);
  gtk_widget_class_bind_template_callback (widget_class, field_error_changed);
  gtk_widget_class_bind_template_callback (widget_class, numa_changed);
  gtk_widget_class_bind_template_callback (widget_class, width_changed);
  gtk_widget_class_bind_template_callback (widget_class, width_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, vtl2_changed);
  gtk_widget_class_bind_template_callback (widget_class, low_changed);
  gtk_widget_class_bind_template_callback (widget_class, high_changed);
  gtk_widget_class_bind_template_callback (widget_class, high_none_toggled);
  gtk_widget_class_bind_template_callback (widget_class, lists_changed);
  gtk_widget_class_bind_template_callback (widget_class, profile_changed);
  gtk_widget_class_bind_template_callback (widget_class, vcnt_changed);
  gtk_widget_class_bind_template_callback (widget_class, gdt_changed);
  gtk_widget_class_bind_template_callback (widget_class, add_file_clicked);
  gtk_widget_class_bind_template_callback (widget_class, add_synthetic_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mveditor");
}

static void
mv_editor_init (MvEditor *self)
{
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    g_autoptr(GtkStringList) profiles = gtk_string_list_new (mv_mtrr_profile_names ());

    gtk_drop_down_set_model (GTK_DROP_DOWN (self->profile_dropdown), G_LIST_MODEL (profiles));
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Layout editor",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  "The guest memory layout, the MTRR settings and the imports; "
                                  "every change recomputes the picture",
                                  -1);
}

GtkWidget *
mv_editor_new (void)
{
  return g_object_new (MV_TYPE_EDITOR, NULL);
}

/**
 * mv_editor_get_session:
 *
 * Returns: (transfer none) (nullable): the session
 */
MvSession *
mv_editor_get_session (MvEditor *self)
{
  g_return_val_if_fail (MV_IS_EDITOR (self), NULL);
  return self->session;
}

void
mv_editor_set_session (MvEditor  *self,
                       MvSession *session)
{
  g_return_if_fail (MV_IS_EDITOR (self));
  g_return_if_fail (session == NULL || MV_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, self->session);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      self->changed_id = g_signal_connect_swapped (session, "changed",
                                                   G_CALLBACK (session_changed), self);
      refresh (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * mv_editor_get_error:
 *
 * Returns: (nullable): why a field does not parse
 */
const char *
mv_editor_get_error (MvEditor *self)
{
  g_return_val_if_fail (MV_IS_EDITOR (self), NULL);
  return self->error;
}

/**
 * mv_editor_get_field:
 * @name: "title", "description", "ram", "numa", "width", "vtl2", "low-mmio", "high-mmio",
 *   "high-none", "mmio", "pci-ecam", "pci-mmio", "profile", "vcnt", "gdt",
 *   "gdt-page", "imports"
 *
 * Returns: (transfer none) (nullable): the widget that edits @name
 */
GtkWidget *
mv_editor_get_field (MvEditor   *self,
                     const char *name)
{
  struct { const char *name; GtkWidget *widget; } fields[] = {
    { "title", self->title_entry },
    { "description", self->description_entry },
    { "ram", self->ram_entry },
    { "numa", self->numa_entry },
    { "width", self->width_spin },
    { "vtl2", self->vtl2_entry },
    { "low-mmio", self->low_entry },
    { "high-mmio", self->high_entry },
    { "high-none", self->high_none },
    { "mmio", self->mmio_list },
    { "pci-ecam", self->ecam_list },
    { "pci-mmio", self->pci_mmio_list },
    { "profile", self->profile_dropdown },
    { "vcnt", self->vcnt_spin },
    { "gdt", self->gdt_check },
    { "gdt-page", self->gdt_entry },
    { "imports", self->imports_list },
  };

  g_return_val_if_fail (MV_IS_EDITOR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return fields[i].widget;
  return NULL;
}

void
mv_editor_focus_field (MvEditor   *self,
                       const char *name)
{
  GtkWidget *field;

  g_return_if_fail (MV_IS_EDITOR (self));

  field = mv_editor_get_field (self, name ? name : "ram");
  if (field != NULL)
    gtk_widget_grab_focus (field);
}
