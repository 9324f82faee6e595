/* SPDX-License-Identifier: MIT */
/* The editor's own widgets, each alone in a window under Xvfb: the size
 * field, the range list and the import row; and the editor's keyboard
 * navigation, forwards and backwards through every field. */
#include "config.h"

#include <gtk/gtk.h>

#include "mv-editor.h"
#include "mv-gaps-section.h"
#include "mv-import-item.h"
#include "mv-import-list.h"
#include "mv-import-row.h"
#include "mv-parse.h"
#include "mv-presets.h"
#include "mv-range-item.h"
#include "mv-range-list.h"
#include "mv-render.h"
#include "mv-size-entry.h"
#include "mv-test-util.h"
#include "mv-ui-wait.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY()                                                    \
  G_STMT_START {                                                                  \
    if (!have_display)                                                            \
      {                                                                           \
        g_test_skip ("no display: gtk_init_check() failed (run under xvfb-run)"); \
        return;                                                                   \
      }                                                                           \
  } G_STMT_END

/* --- helpers ------------------------------------------------------------ */

/* @child alone in a window, shown, with a plain entry after it to take
 * the focus away. */
static GtkWidget *
window_with (GtkWidget  *child,
             GtkWidget **other)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  *other = gtk_entry_new ();
  gtk_box_append (GTK_BOX (box), child);
  gtk_box_append (GTK_BOX (box), *other);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window, "the test's window to be shown");
  wait_for_frame (window);
  return window;
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static GtkWidget *
focus_of (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget));
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = focus_of (widget);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The first widget under @widget (itself too) that @match accepts. */
static GtkWidget *
find_widget (GtkWidget     *widget,
             gboolean     (*match) (GtkWidget *, gconstpointer),
             gconstpointer  data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *hit = find_widget (c, match, data);

      if (hit != NULL)
        return hit;
    }
  return NULL;
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_warning (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_IMAGE (widget) &&
         g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), "dialog-warning-symbolic") == 0;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_button_named (GtkWidget     *widget,
                 gconstpointer  accessible_tooltip)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), accessible_tooltip) == 0;
}

/* The field a mnemonic label ("_GPA") names. */
static GtkEditable *
labelled_field (GtkWidget  *widget,
                const char *label)
{
  GtkWidget *l = find_widget (widget, is_label, label);

  g_assert_nonnull (l);
  g_assert_true (gtk_widget_is_visible (l));
  return GTK_EDITABLE (gtk_label_get_mnemonic_widget (GTK_LABEL (l)));
}

/* --- MvSizeEntry -------------------------------------------------------- */

static void
test_size_entry_parse_tidy (void)
{
  GtkWidget *entry, *other, *window;
  GtkEditable *text;
  guint changed = 0;

  SKIP_WITHOUT_DISPLAY ();

  entry = mv_size_entry_new ();
  window = window_with (entry, &other);
  text = mv_size_entry_get_editable (MV_SIZE_ENTRY (entry));
  g_signal_connect (entry, "value-changed", G_CALLBACK (count_cb), &changed);

  mv_size_entry_set_value (MV_SIZE_ENTRY (entry), (guint64) 8 << 30);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "8 GiB");
  g_assert_cmpuint (changed, ==, 0);

  /* Typed in short: the value at once, the tidy text once the focus
   * leaves. */
  gtk_widget_grab_focus (entry);
  g_assert_true (has_focus_within (entry));
  gtk_editable_set_text (text, "12G");
  g_assert_cmpuint (mv_size_entry_get_value (MV_SIZE_ENTRY (entry)), ==, (guint64) 12 << 30);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "12G");
  gtk_widget_grab_focus (other);
  wait_for_frame (window);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "12 GiB");
  g_assert_cmpuint (changed, ==, 1);

  /* Hexadecimal stays as typed. */
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (text, "0x200000000");
  gtk_widget_grab_focus (other);
  wait_for_frame (window);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "0x200000000");
  g_assert_cmpuint (mv_size_entry_get_value (MV_SIZE_ENTRY (entry)), ==, (guint64) 8 << 30);
  g_assert_cmpuint (changed, ==, 2);

  /* The step buttons: one GiB up. */
  g_signal_emit_by_name (find_widget (entry, is_button_named, "Larger by one step (Up)"), "clicked");
  g_assert_cmpuint (mv_size_entry_get_value (MV_SIZE_ENTRY (entry)), ==, (guint64) 9 << 30);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "9 GiB");
  g_assert_cmpuint (changed, ==, 3);
  g_signal_emit_by_name (find_widget (entry, is_button_named, "Smaller by one step (Down)"), "clicked");
  g_assert_cmpuint (mv_size_entry_get_value (MV_SIZE_ENTRY (entry)), ==, (guint64) 8 << 30);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_size_entry_error (void)
{
  GtkWidget *entry, *other, *window;
  GtkEditable *text;
  const char *error;

  SKIP_WITHOUT_DISPLAY ();

  entry = mv_size_entry_new ();
  window = window_with (entry, &other);
  text = mv_size_entry_get_editable (MV_SIZE_ENTRY (entry));
  mv_size_entry_set_value (MV_SIZE_ENTRY (entry), (guint64) 4 << 30);

  gtk_editable_set_text (text, "12Q");
  error = mv_size_entry_get_error (MV_SIZE_ENTRY (entry));
  g_assert_nonnull (error);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (text), "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (text)), ==, error);
  g_assert_cmpuint (mv_size_entry_get_value (MV_SIZE_ENTRY (entry)), ==, (guint64) 4 << 30);
  /* Leaving does not tidy a text that does not parse. */
  gtk_widget_grab_focus (other);
  wait_for_frame (window);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "12Q");

  gtk_editable_set_text (text, "2G");
  g_assert_null (mv_size_entry_get_error (MV_SIZE_ENTRY (entry)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (text), "error"));
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (text)));

  /* An error about the value, not its text: marked until cleared. */
  mv_size_entry_set_extra_error (MV_SIZE_ENTRY (entry), "too small");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (text), "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (text)), ==, "too small");
  mv_size_entry_set_extra_error (MV_SIZE_ENTRY (entry), NULL);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (text), "error"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- MvRangeList -------------------------------------------------------- */

/* Item @index of @model, kept by the model. */
static gpointer
model_item (GListModel *model,
            guint       index)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, index);

  g_assert_nonnull (item);
  return item;
}

static MvRangeItem *
range_item (MvRangeList *list,
            guint        index)
{
  return model_item (mv_range_list_get_rows (list), index);
}

static void
test_range_list_rows (void)
{
  GtkWidget *widget, *other, *window, *remove;
  MvRangeList *list;
  GtkEditable *row;
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (MvRange));
  g_autoptr(GError) error = NULL;
  MvRange shown[2] = { { 0x1000, 0x2000 }, { 0xf0000000, 0x100000000 } };
  guint changed = 0;

  SKIP_WITHOUT_DISPLAY ();

  widget = mv_range_list_new ();
  g_object_set (widget, "title", "Gaps", "add-label", "Add a gap", NULL);
  window = window_with (widget, &other);
  list = MV_RANGE_LIST (widget);
  g_signal_connect (list, "changed", G_CALLBACK (count_cb), &changed);

  /* The title and the add button's tooltip come from the properties. */
  g_assert_nonnull (find_widget (widget, is_label, "Gaps"));
  g_assert_nonnull (find_widget (widget, is_button_named, "Add a gap"));

  /* Shown: one row per range, emitting nothing. */
  mv_range_list_set_ranges (list, shown, 2);
  g_assert_cmpuint (mv_range_list_get_n_rows (list), ==, 2);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (mv_range_list_get_row_editable (list, 0)), ==, "0x1000+4 KiB");
  g_assert_cmpstr (mv_range_item_get_label (range_item (list, 1)), ==, "Gaps, row 2");

  /* Edited: the item follows the field, and the list says so. */
  row = mv_range_list_get_row_editable (list, 0);
  gtk_editable_set_text (row, "0x3000-0x5000");
  g_assert_cmpstr (mv_range_item_get_text (range_item (list, 0)), ==, "0x3000-0x5000");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (mv_range_list_get_ranges (list, ranges, NULL));
  g_assert_cmpuint (ranges->len, ==, 2);
  g_assert_cmpuint (g_array_index (ranges, MvRange, 0).start, ==, 0x3000);
  g_assert_cmpuint (g_array_index (ranges, MvRange, 0).end, ==, 0x5000);
  /* The same ranges again: the row keeps what was typed. */
  mv_range_list_set_ranges (list, (MvRange *) ranges->data, ranges->len);
  g_assert_cmpstr (gtk_editable_get_text (row), ==, "0x3000-0x5000");

  /* A text that is no range: marked, with why in the tooltip. */
  gtk_editable_set_text (row, "0x5000-0x3000");
  g_assert_nonnull (mv_range_item_get_error (range_item (list, 0)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (row)), ==,
                   mv_range_item_get_error (range_item (list, 0)));
  g_array_set_size (ranges, 0);
  g_assert_false (mv_range_list_get_ranges (list, ranges, &error));
  g_assert_true (g_str_has_prefix (error->message, "Gaps, row 1: "));
  /* An empty row is no error and no range. */
  gtk_editable_set_text (row, "");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (row)), ==, "START-END (end exclusive) or START+SIZE");
  g_array_set_size (ranges, 0);
  g_assert_true (mv_range_list_get_ranges (list, ranges, NULL));
  g_assert_cmpuint (ranges->len, ==, 1);

  /* The add button: a new empty row at the end, focused. */
  changed = 0;
  g_signal_emit_by_name (find_widget (widget, is_button_named, "Add a gap"), "clicked");
  g_assert_cmpuint (mv_range_list_get_n_rows (list), ==, 3);
  g_assert_true (gtk_widget_is_ancestor (focus_of (widget), GTK_WIDGET (mv_range_list_get_row_editable (list, 2))));
  g_assert_cmpstr (mv_range_item_get_label (range_item (list, 2)), ==, "Gaps, row 3");

  /* A row's remove button: the row goes, the one after takes the focus
   * and the rows are numbered again. */
  remove = gtk_widget_get_next_sibling (GTK_WIDGET (mv_range_list_get_row_editable (list, 0)));
  g_assert_true (GTK_IS_BUTTON (remove));
  g_signal_emit_by_name (remove, "clicked");
  g_assert_cmpuint (mv_range_list_get_n_rows (list), ==, 2);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (mv_range_list_get_row_editable (list, 0)), ==, "0xf0000000+256 MiB");
  g_assert_true (gtk_widget_is_ancestor (focus_of (widget), GTK_WIDGET (mv_range_list_get_row_editable (list, 0))));
  g_assert_cmpstr (mv_range_item_get_label (range_item (list, 1)), ==, "Gaps, row 2");

  /* The last row removed: the focus goes to the row above, then to the
   * add button. */
  remove = gtk_widget_get_next_sibling (GTK_WIDGET (mv_range_list_get_row_editable (list, 1)));
  g_signal_emit_by_name (remove, "clicked");
  g_assert_true (gtk_widget_is_ancestor (focus_of (widget), GTK_WIDGET (mv_range_list_get_row_editable (list, 0))));
  remove = gtk_widget_get_next_sibling (GTK_WIDGET (mv_range_list_get_row_editable (list, 0)));
  g_signal_emit_by_name (remove, "clicked");
  g_assert_cmpuint (mv_range_list_get_n_rows (list), ==, 0);
  g_assert_true (focus_of (widget) == find_widget (widget, is_button_named, "Add a gap"));

  /* Added from code, as the user would. */
  mv_range_list_add_row (list, "0x1000+4K");
  g_assert_cmpuint (changed, ==, 4);
  g_array_set_size (ranges, 0);
  g_assert_true (mv_range_list_get_ranges (list, ranges, NULL));
  g_assert_cmpuint (ranges->len, ==, 1);
  g_assert_cmpuint (g_array_index (ranges, MvRange, 0).end, ==, 0x2000);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- MvImportRow -------------------------------------------------------- */

static void
test_import_row_synthetic (void)
{
  g_autoptr(MvImportSpec) spec = mv_import_spec_new (MV_IMPORT_KIND_SYNTHETIC);
  g_autoptr(MvImportSpec) built = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *widget, *other, *window;
  MvImportRow *row;
  GtkEditable *gpa, *size, *fill, *tag;
  guint changed = 0, removed = 0;

  SKIP_WITHOUT_DISPLAY ();

  spec->gpa = 0x1000000;
  spec->size = 1 << 20;
  g_free (spec->tag);
  spec->tag = g_strdup ("blob");
  widget = mv_import_row_new (spec);
  window = window_with (widget, &other);
  row = MV_IMPORT_ROW (widget);
  g_signal_connect (row, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (row, "remove", G_CALLBACK (count_cb), &removed);

  mv_import_row_set_expanded (row, TRUE);
  wait_for_frame (window);
  gpa = labelled_field (widget, "_GPA");
  size = labelled_field (widget, "_Size");
  fill = labelled_field (widget, "_Fill byte");
  tag = labelled_field (widget, "_Tag");
  g_assert_false (gtk_widget_is_visible (find_widget (widget, is_label, "_Offset")));
  g_assert_false (gtk_widget_is_visible (find_widget (widget, is_button_labelled, "_Choose…")));

  /* The fields and the header say the spec. */
  g_assert_cmpstr (gtk_editable_get_text (gpa), ==, "0x1000000");
  g_assert_cmpstr (gtk_editable_get_text (size), ==, "1 MiB");
  g_assert_cmpstr (gtk_editable_get_text (fill), ==, "0x0");
  g_assert_cmpstr (gtk_editable_get_text (tag), ==, "blob");
  g_assert_cmpstr (mv_import_row_get_summary (row), ==, "synthetic at 0x1000000 · 1 MiB");
  g_assert_nonnull (find_widget (widget, is_label, "blob"));

  /* An edit: the header follows, the spec has it. */
  gtk_editable_set_text (gpa, "0x2000000");
  gtk_editable_set_text (fill, "255");
  gtk_editable_set_text (tag, "data");
  /* (Replacing a text changes it twice: deleted, then inserted.) */
  g_assert_cmpuint (changed, >=, 3);
  g_assert_cmpstr (mv_import_row_get_summary (row), ==, "synthetic at 0x2000000 · 1 MiB");
  g_assert_nonnull (find_widget (widget, is_label, "data"));
  built = mv_import_row_build_spec (row, NULL);
  g_assert_nonnull (built);
  g_assert_cmpuint (built->gpa, ==, 0x2000000);
  g_assert_cmpuint (built->fill, ==, 255);
  g_assert_cmpstr (built->tag, ==, "data");
  g_clear_pointer (&built, mv_import_spec_free);

  /* A field that does not parse: marked with why; the header stays. */
  gtk_editable_set_text (size, "lots");
  built = mv_import_row_build_spec (row, &error);
  g_assert_null (built);
  g_assert_true (g_str_has_prefix (error->message, "Size: "));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (size), "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (size)), ==, error->message);
  g_assert_cmpstr (mv_import_row_get_summary (row), ==, "synthetic at 0x2000000 · 1 MiB");
  gtk_editable_set_text (size, "2M");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (size), "error"));
  g_assert_cmpstr (mv_import_row_get_summary (row), ==, "synthetic at 0x2000000 · 2 MiB");

  /* An empty tag is refused: the loader refuses "tag=", so a document
   * saved with it could not be opened again. */
  g_clear_error (&error);
  gtk_editable_set_text (tag, "");
  built = mv_import_row_build_spec (row, &error);
  g_assert_null (built);
  g_assert_error (error, MV_PARSE_ERROR, MV_PARSE_ERROR_EMPTY);
  g_assert_true (g_str_has_prefix (error->message, "Tag: empty"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tag), "error"));
  g_clear_error (&error);
  gtk_editable_set_text (tag, "data");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tag), "error"));
  built = mv_import_row_build_spec (row, NULL);
  g_assert_cmpstr (built->tag, ==, "data");
  g_clear_pointer (&built, mv_import_spec_free);

  /* The status mark, and the remove button. */
  g_assert_false (gtk_widget_get_visible (find_widget (widget, is_warning, NULL)));
  mv_import_row_set_status (row, "the file is gone");
  g_assert_true (gtk_widget_get_visible (find_widget (widget, is_warning, NULL)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_widget (widget, is_warning, NULL)), ==, "the file is gone");
  mv_import_row_set_status (row, NULL);
  g_assert_false (gtk_widget_get_visible (find_widget (widget, is_warning, NULL)));
  g_assert_nonnull (find_widget (widget, is_button_labelled, "_Remove"));
  g_signal_emit_by_name (find_widget (widget, is_button_labelled, "_Remove"), "clicked");
  g_assert_cmpuint (removed, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_import_row_file (void)
{
  g_autoptr(MvImportSpec) spec = mv_import_spec_new (MV_IMPORT_KIND_FILE);
  g_autoptr(MvImportSpec) built = NULL;
  GtkWidget *widget, *other, *window;
  MvImportRow *row;
  GtkEditable *offset, *length, *memory;

  SKIP_WITHOUT_DISPLAY ();

  spec->gpa = 0x200000;
  spec->path = g_strdup ("/tmp/kernel.bin");
  spec->has_length = TRUE;
  spec->length = 0x3000;
  widget = mv_import_row_new (spec);
  window = window_with (widget, &other);
  row = MV_IMPORT_ROW (widget);
  mv_import_row_set_expanded (row, TRUE);
  wait_for_frame (window);

  g_assert_false (gtk_widget_is_visible (find_widget (widget, is_label, "_Size")));
  g_assert_true (gtk_widget_is_visible (find_widget (widget, is_button_labelled, "_Choose…")));
  g_assert_nonnull (find_widget (widget, is_label, "/tmp/kernel.bin"));
  offset = labelled_field (widget, "_Offset");
  length = labelled_field (widget, "_Length");
  memory = labelled_field (widget, "_Memory length");
  g_assert_cmpstr (gtk_editable_get_text (offset), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (length), ==, "12 KiB");
  g_assert_cmpstr (gtk_editable_get_text (memory), ==, "");
  g_assert_cmpstr (mv_import_row_get_summary (row), ==, "file at 0x200000 · 12 KiB");

  gtk_editable_set_text (offset, "0x1000");
  gtk_editable_set_text (length, "");
  gtk_editable_set_text (memory, "1M");
  built = mv_import_row_build_spec (row, NULL);
  g_assert_nonnull (built);
  g_assert_cmpuint (built->offset, ==, 0x1000);
  g_assert_false (built->has_length);
  g_assert_true (built->has_memory_length);
  g_assert_cmpuint (built->memory_length, ==, 1 << 20);
  g_assert_cmpstr (built->path, ==, "/tmp/kernel.bin");

  /* "Not read" shows under the header, closed or open. */
  mv_import_row_set_expanded (row, FALSE);
  mv_import_row_set_not_read (row, TRUE);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (find_widget (widget, is_button_labelled, "_Read Outside Files"))));
  mv_import_row_set_not_read (row, FALSE);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (find_widget (widget, is_button_labelled, "_Read Outside Files"))));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- MvGapsSection ------------------------------------------------------ */

typedef struct {
  guint    count;
  char    *field;
  gboolean now;
} GapChanges;

static void
gap_changed_cb (MvGapsSection *gaps,
                const char    *field,
                gboolean       now,
                GapChanges    *c)
{
  c->count++;
  g_free (c->field);
  c->field = g_strdup (field);
  c->now = now;
}

static void
test_gaps_section (void)
{
  GtkWidget *widget, *other, *window;
  MvGapsSection *gaps;
  GtkEditable *low, *high;
  GtkCheckButton *none;
  g_autoptr(GError) error = NULL;
  MvRange low_gap = { 0xf8000000, 0x100000000 }, high_gap = { 0x208000000, 0x228000000 };
  MvRange r_low, r_high;
  gboolean has_low, has_high;
  const char *bad = NULL;
  GapChanges c = { 0 };

  SKIP_WITHOUT_DISPLAY ();

  widget = mv_gaps_section_new ();
  gaps = MV_GAPS_SECTION (widget);
  window = window_with (widget, &other);
  g_signal_connect (gaps, "changed", G_CALLBACK (gap_changed_cb), &c);
  low = GTK_EDITABLE (mv_gaps_section_get_field (gaps, "low-mmio"));
  high = GTK_EDITABLE (mv_gaps_section_get_field (gaps, "high-mmio"));
  none = GTK_CHECK_BUTTON (mv_gaps_section_get_field (gaps, "high-none"));
  g_assert_true (MV_IS_RANGE_LIST (mv_gaps_section_get_field (gaps, "pci-ecam")));

  /* Shown: emits nothing. */
  mv_gaps_section_show_chipset (gaps, &low_gap, &high_gap);
  g_assert_cmpuint (c.count, ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (low), ==, "0xf8000000+128 MiB");
  g_assert_cmpstr (gtk_editable_get_text (high), ==, "0x208000000+512 MiB");
  g_assert_false (gtk_check_button_get_active (none));
  g_assert_true (mv_gaps_section_get_chipset (gaps, &has_low, &r_low, &has_high, &r_high, &bad, NULL));
  g_assert_true (has_low && has_high);
  g_assert_cmpuint (r_high.end, ==, 0x228000000);

  /* Typed: queued ("now" false), and read back. */
  gtk_editable_set_text (low, "0xe0000000-0x100000000");
  g_assert_cmpstr (c.field, ==, "low-mmio");
  g_assert_false (c.now);
  g_assert_true (mv_gaps_section_get_chipset (gaps, &has_low, &r_low, &has_high, &r_high, &bad, NULL));
  g_assert_cmpuint (r_low.start, ==, 0xe0000000);
  gtk_editable_set_text (high, "0x300000000-0x200000000");
  g_assert_false (mv_gaps_section_get_chipset (gaps, &has_low, &r_low, &has_high, &r_high, &bad, &error));
  g_assert_cmpstr (bad, ==, "high-mmio");
  g_assert_true (g_str_has_prefix (error->message, "High MMIO gap: "));
  g_clear_error (&error);

  /* "None": applied at once, the field off; unchecked, the text typed
   * comes back. */
  gtk_check_button_set_active (none, TRUE);
  g_assert_cmpstr (c.field, ==, "high-mmio");
  g_assert_true (c.now);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (high)));
  g_assert_true (mv_gaps_section_get_chipset (gaps, &has_low, &r_low, &has_high, &r_high, &bad, NULL));
  g_assert_false (has_high);
  gtk_editable_set_text (high, "");
  gtk_check_button_set_active (none, FALSE);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (high)));
  g_assert_cmpstr (gtk_editable_get_text (high), ==, "0x300000000-0x200000000");

  /* Shown without a high gap, then unchecked: OpenVMM's default, 512 MiB
   * above RAM. */
  c.count = 0;
  mv_gaps_section_show_chipset (gaps, &low_gap, NULL);
  g_assert_cmpuint (c.count, ==, 0);
  g_assert_true (gtk_check_button_get_active (none));
  g_assert_cmpstr (gtk_editable_get_text (high), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  widget = mv_gaps_section_new ();
  gaps = MV_GAPS_SECTION (widget);
  window = window_with (widget, &other);
  high = GTK_EDITABLE (mv_gaps_section_get_field (gaps, "high-mmio"));
  none = GTK_CHECK_BUTTON (mv_gaps_section_get_field (gaps, "high-none"));
  mv_gaps_section_show_chipset (gaps, &low_gap, NULL);
  mv_gaps_section_set_ram_end (gaps, 0x240000000 + 1);
  gtk_check_button_set_active (none, FALSE);
  g_assert_cmpstr (gtk_editable_get_text (high), ==, "0x240200000+512 MiB");

  gtk_window_destroy (GTK_WINDOW (window));
  g_free (c.field);
}

/* At the most rows a document holds (lowered here to 2), the add button is
 * off and its tooltip says why; a row removed turns it on again. */
static void
test_range_list_limit (void)
{
  GtkWidget *widget, *other, *window, *add;
  MvRangeList *list;
  MvRange shown[1] = { { 0x1000, 0x2000 } };
  const char *tip;

  SKIP_WITHOUT_DISPLAY ();

  widget = mv_range_list_new ();
  g_object_set (widget, "title", "Gaps", "add-label", "Add a gap", "max-rows", 2, NULL);
  window = window_with (widget, &other);
  list = MV_RANGE_LIST (widget);
  add = find_widget (widget, is_button_named, "Add a gap");
  g_assert_nonnull (add);

  mv_range_list_set_ranges (list, shown, 1);
  g_assert_true (gtk_widget_get_sensitive (add));
  g_signal_emit_by_name (add, "clicked");
  g_assert_cmpuint (mv_range_list_get_n_rows (list), ==, 2);
  g_assert_false (gtk_widget_get_sensitive (add));
  tip = gtk_widget_get_tooltip_text (add);
  g_assert_cmpstr (tip, ==, "Add a gap: a memviz document holds at most 2 ranges in a list; "
                   "remove one to add another");

  /* Neither the button (activated all the same) nor the API adds more. */
  g_signal_emit_by_name (add, "clicked");
  mv_range_list_add_row (list, "0x3000+4K");
  g_assert_cmpuint (mv_range_list_get_n_rows (list), ==, 2);

  /* A document that already holds that many: the same. */
  mv_range_list_set_ranges (list, NULL, 0);
  g_assert_true (gtk_widget_get_sensitive (add));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (add), ==, "Add a gap");
  {
    MvRange two[2] = { { 0x1000, 0x2000 }, { 0x3000, 0x4000 } };

    mv_range_list_set_ranges (list, two, 2);
  }
  g_assert_false (gtk_widget_get_sensitive (add));

  /* A row removed: room again. */
  g_signal_emit_by_name (gtk_widget_get_next_sibling (GTK_WIDGET (mv_range_list_get_row_editable (list, 0))),
                         "clicked");
  g_assert_cmpuint (mv_range_list_get_n_rows (list), ==, 1);
  g_assert_true (gtk_widget_get_sensitive (add));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (add), ==, "Add a gap");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- MvImportList ------------------------------------------------------- */

typedef struct {
  guint  edits;
  char  *field;
  char  *label;
  gboolean step;
  MvSession *session;
} Edits;

/* Applies an edit as the editor does. */
static void
edit_cb (MvImportList *list,
         MvDocument   *doc,
         const char   *field,
         const char   *label,
         gboolean      step,
         Edits        *e)
{
  e->edits++;
  g_free (e->field);
  e->field = g_strdup (field);
  g_free (e->label);
  e->label = g_strdup (label);
  e->step = step;
  mv_session_edit (e->session, doc, field, label);
  mv_import_list_refresh (list);
}

static MvImportItem *
import_item (MvImportList *list,
             guint         index)
{
  return model_item (mv_import_list_get_items (list), index);
}

static void
test_import_list (void)
{
  g_autoptr(MvSession) session = mv_session_new ();
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *widget, *other, *window, *rows;
  MvImportList *list;
  MvImportItem *first;
  MvImportSpec *spec;
  Edits e = { 0 };

  SKIP_WITHOUT_DISPLAY ();

  doc = mv_preset_load ("openvmm-default-8g", &error);
  g_assert_no_error (error);
  spec = mv_import_spec_new (MV_IMPORT_KIND_SYNTHETIC);
  spec->gpa = 0x1000000;
  spec->size = 1 << 20;
  mv_document_add_import (doc, spec);
  mv_session_load (session, g_steal_pointer (&doc), NULL, "test");

  widget = mv_import_list_new ();
  list = MV_IMPORT_LIST (widget);
  e.session = session;
  g_signal_connect (list, "edit", G_CALLBACK (edit_cb), &e);
  mv_import_list_set_session (list, session);
  mv_import_list_refresh (list);
  window = window_with (widget, &other);

  /* One item and one row per import but the GDT. */
  rows = mv_import_list_get_field (list, "imports");
  g_assert_true (GTK_IS_LIST_BOX (rows));
  g_assert_true (gtk_widget_get_visible (rows));
  g_assert_cmpuint (g_list_model_get_n_items (mv_import_list_get_items (list)), ==, 1);
  first = import_item (list, 0);
  g_assert_true (MV_IS_IMPORT_ROW (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (GTK_LIST_BOX (rows), 0))));
  g_assert_cmpuint (mv_import_item_get_spec (first)->gpa, ==, 0x1000000);

  /* Add synthetic: one edit, an undo step of its own; the item before is
   * kept, the new row is open and focused. */
  g_signal_emit_by_name (find_widget (widget, is_button_labelled, "Add _synthetic"), "clicked");
  g_assert_cmpuint (e.edits, ==, 1);
  g_assert_true (e.step);
  g_assert_cmpstr (e.label, ==, "Add an import");
  g_assert_cmpuint (g_list_model_get_n_items (mv_import_list_get_items (list)), ==, 2);
  g_assert_true (import_item (list, 0) == first);
  g_assert_true (has_focus_within (gtk_widget_get_last_child (rows)));

  /* An edit in a row goes out with the import's name. */
  gtk_editable_set_text (labelled_field (gtk_widget_get_last_child (rows), "_Tag"), "second");
  g_assert_cmpstr (e.label, ==, "Change an import");
  g_assert_true (g_str_has_prefix (e.field, "import:"));
  g_assert_false (e.step);
  g_assert_cmpstr (mv_import_item_get_spec (import_item (list, 1))->tag, ==, "second");

  /* The first row's remove button: its item goes. */
  mv_import_row_set_expanded (MV_IMPORT_ROW (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (GTK_LIST_BOX (rows), 0))), TRUE);
  g_signal_emit_by_name (find_widget (gtk_widget_get_first_child (rows), is_button_labelled, "_Remove"), "clicked");
  g_assert_cmpstr (e.label, ==, "Remove an import");
  g_assert_cmpuint (g_list_model_get_n_items (mv_import_list_get_items (list)), ==, 1);
  g_assert_cmpstr (mv_import_item_get_spec (import_item (list, 0))->tag, ==, "second");

  /* The default GDT: a checkbox and its page. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (mv_import_list_get_field (list, "gdt")), TRUE);
  g_assert_cmpstr (e.field, ==, "gdt");
  g_assert_cmpuint (g_list_model_get_n_items (mv_import_list_get_items (list)), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_free (e.field);
  g_free (e.label);
}

static void
field_error_cb (MvImportList *list,
                const char   *field,
                const char   *message,
                char        **out)
{
  g_free (*out);
  *out = g_strdup_printf ("%s: %s", field, message ? message : "(none)");
}

/* At the most imports a document holds (lowered here), Add file, Add
 * synthetic and the default GDT's check are off, their tooltips saying
 * why; a file added all the same (dropped on the window) is refused with
 * that message; an import removed turns them on again. */
static void
test_import_list_limit (void)
{
  g_autoptr(MvSession) session = mv_session_new ();
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path ("/dev/null");
  g_autofree char *refused = NULL;
  GtkWidget *widget, *other, *window, *file_button, *synthetic, *gdt, *rows;
  MvImportList *list;
  Edits e = { 0 };
  guint n;

  SKIP_WITHOUT_DISPLAY ();

  doc = mv_preset_load ("openvmm-default-8g", &error);
  g_assert_no_error (error);
  n = doc->imports->len;
  mv_session_load (session, g_steal_pointer (&doc), NULL, "test");

  widget = mv_import_list_new ();
  list = MV_IMPORT_LIST (widget);
  g_object_set (list, "max-imports", n + 1, NULL);
  e.session = session;
  g_signal_connect (list, "edit", G_CALLBACK (edit_cb), &e);
  g_signal_connect (list, "field-error", G_CALLBACK (field_error_cb), &refused);
  mv_import_list_set_session (list, session);
  mv_import_list_refresh (list);
  window = window_with (widget, &other);
  file_button = find_widget (widget, is_button_labelled, "Add _file…");
  synthetic = find_widget (widget, is_button_labelled, "Add _synthetic");
  gdt = mv_import_list_get_field (list, "gdt");
  g_assert_true (gtk_widget_get_sensitive (synthetic));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (gdt)));

  /* The last import there is room for. */
  g_signal_emit_by_name (synthetic, "clicked");
  g_assert_cmpuint (e.edits, ==, 1);
  g_assert_cmpuint (mv_session_get_document (session)->imports->len, ==, n + 1);
  g_assert_false (gtk_widget_get_sensitive (file_button));
  g_assert_false (gtk_widget_get_sensitive (synthetic));
  g_assert_false (gtk_widget_get_sensitive (gdt));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (synthetic),
                                   "A memviz document holds at most "));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (file_button), ==,
                   gtk_widget_get_tooltip_text (gdt));

  /* A file added another way: refused, said, nothing changed. */
  mv_import_list_add_file (list, file);
  g_assert_cmpuint (e.edits, ==, 1);
  g_assert_cmpuint (mv_session_get_document (session)->imports->len, ==, n + 1);
  g_assert_nonnull (refused);
  g_assert_true (g_str_has_prefix (refused, "add-import: A memviz document holds at most "));
  g_assert_nonnull (strstr (refused, ": remove one to add another"));

  /* One removed: room again, the refusal gone, the tooltips their own. */
  rows = mv_import_list_get_field (list, "imports");
  mv_import_row_set_expanded (MV_IMPORT_ROW (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (GTK_LIST_BOX (rows), 0))), TRUE);
  g_signal_emit_by_name (find_widget (gtk_widget_get_first_child (rows), is_button_labelled, "_Remove"), "clicked");
  g_assert_cmpuint (mv_session_get_document (session)->imports->len, ==, n);
  g_assert_true (gtk_widget_get_sensitive (file_button));
  g_assert_true (gtk_widget_get_sensitive (synthetic));
  g_assert_true (gtk_widget_get_sensitive (gdt));
  g_assert_cmpstr (refused, ==, "add-import: (none)");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (synthetic), ==,
                   "Import made-up bytes of one value: a size, no file");

  gtk_window_destroy (GTK_WINDOW (window));
  g_free (e.field);
  g_free (e.label);
}

/* --- the editor's keyboard navigation ----------------------------------- */

static void
move_focus (GtkWidget        *window,
            GtkDirectionType  direction)
{
  g_signal_emit_by_name (window, "move-focus", direction);
  wait_for_frame (window);
}

/* Tab from the title through the editor and round to the title again
 * (the window holds only the editor); Shift+Tab goes the same way back,
 * through every field. */
static void
test_editor_keyboard_both_ways (void)
{
  const char *fields[] = { "title", "description", "ram", "numa", "width", "vtl2", "low-mmio",
                           "high-mmio", "high-none", "mmio", "pci-ecam", "pci-mmio", "profile",
                           "vcnt", "gdt", "imports" };
  g_autoptr(MvSession) session = mv_session_new ();
  g_autoptr(GPtrArray) forward = g_ptr_array_new ();
  g_autoptr(GPtrArray) backward = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  MvDocument *doc;
  MvImportSpec *spec;
  GtkWidget *window, *scrolled, *editor, *start;

  SKIP_WITHOUT_DISPLAY ();

  doc = mv_preset_load ("openvmm-default-8g", &error);
  g_assert_no_error (error);
  spec = mv_import_spec_new (MV_IMPORT_KIND_SYNTHETIC);
  spec->gpa = 0x1000000;
  spec->size = 1 << 20;
  mv_document_add_import (doc, spec);
  mv_session_load (session, doc, NULL, "test");

  editor = mv_editor_new ();
  mv_editor_set_session (MV_EDITOR (editor), session);
  window = gtk_window_new ();
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), editor);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 900);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window, "the editor's window to be shown");
  wait_for_frame (window);
  /* A row in a range list, to go through too. */
  mv_range_list_add_row (MV_RANGE_LIST (mv_editor_get_field (MV_EDITOR (editor), "pci-ecam")), "");

  mv_editor_focus_field (MV_EDITOR (editor), "title");
  start = focus_of (editor);
  g_assert_true (has_focus_within (mv_editor_get_field (MV_EDITOR (editor), "title")));
  do
    {
      g_ptr_array_add (forward, focus_of (editor));
      move_focus (window, GTK_DIR_TAB_FORWARD);
      g_assert_cmpuint (forward->len, <, 200);
    }
  while (focus_of (editor) != start);

  /* Every field takes the focus on the way. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *field = mv_editor_get_field (MV_EDITOR (editor), fields[i]);
      gboolean seen = FALSE;

      for (guint j = 0; j < forward->len && !seen; j++)
        seen = forward->pdata[j] == field || gtk_widget_is_ancestor (forward->pdata[j], field);
      if (!seen)
        g_error ("Tab never reaches the field %s", fields[i]);
    }

  /* Back: the same widgets in the opposite order. */
  do
    {
      move_focus (window, GTK_DIR_TAB_BACKWARD);
      g_ptr_array_add (backward, focus_of (editor));
      g_assert_cmpuint (backward->len, <=, forward->len);
    }
  while (focus_of (editor) != start);
  g_assert_cmpuint (backward->len, ==, forward->len);
  for (guint i = 0; i < forward->len; i++)
    g_assert_true (backward->pdata[i] == forward->pdata[(forward->len * 2 - 1 - i) % forward->len]);

  /* The case: Shift+Tab from the RAM size goes to the field
   * before it. */
  mv_editor_focus_field (MV_EDITOR (editor), "ram");
  move_focus (window, GTK_DIR_TAB_BACKWARD);
  g_assert_false (has_focus_within (mv_editor_get_field (MV_EDITOR (editor), "ram")));
  g_assert_true (has_focus_within (mv_editor_get_field (MV_EDITOR (editor), "description")));

  gtk_window_destroy (GTK_WINDOW (window));
  wait_for_idle ();
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  have_display = gtk_init_check ();
  if (have_display)
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/widgets/size-entry/parse-tidy", test_size_entry_parse_tidy);
  g_test_add_func ("/widgets/size-entry/error", test_size_entry_error);
  g_test_add_func ("/widgets/range-list/rows", test_range_list_rows);
  g_test_add_func ("/widgets/range-list/limit", test_range_list_limit);
  g_test_add_func ("/widgets/import-row/synthetic", test_import_row_synthetic);
  g_test_add_func ("/widgets/import-row/file", test_import_row_file);
  g_test_add_func ("/widgets/gaps-section", test_gaps_section);
  g_test_add_func ("/widgets/import-list", test_import_list);
  g_test_add_func ("/widgets/import-list/limit", test_import_list_limit);
  g_test_add_func ("/widgets/editor/keyboard-both-ways", test_editor_keyboard_both_ways);

  ret = g_test_run ();
  if (have_display)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      /* A clean exit for the leak checker: no windows, no font caches. */
      while (g_list_model_get_n_items (toplevels) > 0)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, 0);

          gtk_window_destroy (w);
        }
      wait_for_idle ();
      mv_render_shutdown_with_gtk ();
    }
  return ret;
}
