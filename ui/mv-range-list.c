/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-ui-style.h"
#include "mv-parse.h"
#include "mv-range-list.h"

struct _MvRangeList
{
  GtkWidget  parent_instance;

  GtkWidget *header;
  GtkWidget *title_label;
  GtkWidget *add_button;
  GtkWidget *rows;       /* GtkBox of row boxes */
  char      *title;
  gboolean   updating;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ADD_LABEL,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvRangeList, mv_range_list, GTK_TYPE_WIDGET)

static GtkWidget *
row_entry (GtkWidget *row)
{
  return gtk_widget_get_first_child (row);
}

static gboolean
parse_row (GtkWidget *entry,
           MvRange   *out,
           GError   **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  guint64 start, end;

  if (!mv_parse_range (text, &start, &end, error))
    return FALSE;
  return mv_range_init (out, start, end, error);
}

static void
mark_row (GtkWidget  *entry,
          const char *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (entry, "error");
      _mv_widget_set_tooltip (entry, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (entry, "error");
      _mv_widget_set_tooltip (entry, "START-END (end exclusive) or START+SIZE");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
row_changed (MvRangeList *self,
             GtkEditable *entry)
{
  g_autoptr(GError) error = NULL;
  MvRange r;

  if (self->updating)
    return;

  if (gtk_editable_get_text (entry)[0] == '\0')
    mark_row (GTK_WIDGET (entry), NULL);
  else if (!parse_row (GTK_WIDGET (entry), &r, &error))
    mark_row (GTK_WIDGET (entry), error->message);
  else
    mark_row (GTK_WIDGET (entry), NULL);

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_clicked (GtkButton *button,
                gpointer   user_data)
{
  MvRangeList *self = MV_RANGE_LIST (user_data);
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));
  GtkWidget *next = gtk_widget_get_next_sibling (row);

  if (next == NULL)
    next = gtk_widget_get_prev_sibling (row);
  gtk_box_remove (GTK_BOX (self->rows), row);
  gtk_widget_set_visible (self->rows, gtk_widget_get_first_child (self->rows) != NULL);
  if (next != NULL)
    gtk_widget_grab_focus (row_entry (next));
  else
    gtk_widget_grab_focus (self->add_button);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
append_row (MvRangeList *self,
            const char  *text)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *label = NULL;
  guint n = 1;

  for (GtkWidget *c = gtk_widget_get_first_child (self->rows); c; c = gtk_widget_get_next_sibling (c))
    n++;
  label = g_strdup_printf ("%s, row %u", self->title ? self->title : "Range", n);

  gtk_widget_add_css_class (row, "linked");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "START-END or START+SIZE");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  "An address range: START-END (end exclusive) or START+SIZE",
                                  -1);
  mark_row (entry, NULL);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (row_changed), self);

  gtk_widget_set_tooltip_text (remove, "Remove this range");
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove", -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked), self);

  gtk_box_append (GTK_BOX (row), entry);
  gtk_box_append (GTK_BOX (row), remove);
  gtk_box_append (GTK_BOX (self->rows), row);
  gtk_widget_set_visible (self->rows, TRUE);
  return row;
}

static void
add_clicked (MvRangeList *self)
{
  GtkWidget *row = append_row (self, "");

  /* An empty row changes nothing until it holds a range. */
  gtk_widget_grab_focus (row_entry (row));
}

static void
mv_range_list_dispose (GObject *object)
{
  MvRangeList *self = MV_RANGE_LIST (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mv_range_list_parent_class)->dispose (object);
}

static void
mv_range_list_finalize (GObject *object)
{
  MvRangeList *self = MV_RANGE_LIST (object);

  g_free (self->title);

  G_OBJECT_CLASS (mv_range_list_parent_class)->finalize (object);
}

static void
mv_range_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MvRangeList *self = MV_RANGE_LIST (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_ADD_LABEL:
      g_value_set_string (value, gtk_button_get_label (GTK_BUTTON (self->add_button)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_range_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MvRangeList *self = MV_RANGE_LIST (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      if (g_strcmp0 (self->title, g_value_get_string (value)) != 0)
        {
          g_free (self->title);
          self->title = g_value_dup_string (value);
          gtk_label_set_label (GTK_LABEL (self->title_label), self->title);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, self->title, -1);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ADD_LABEL:
      gtk_widget_set_tooltip_text (self->add_button, g_value_get_string (value));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_value_get_string (value), -1);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
grab_first_child (GtkWidget *widget)
{
  MvRangeList *self = MV_RANGE_LIST (widget);
  GtkWidget *row = gtk_widget_get_first_child (self->rows);

  return gtk_widget_grab_focus (row != NULL ? row_entry (row) : self->add_button);
}

static void
mv_range_list_class_init (MvRangeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_range_list_dispose;
  object_class->finalize = mv_range_list_finalize;
  object_class->get_property = mv_range_list_get_property;
  object_class->set_property = mv_range_list_set_property;
  widget_class->grab_focus = grab_first_child;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADD_LABEL] =
    g_param_spec_string ("add-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mvrangelist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mv_range_list_init (MvRangeList *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->title_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0);
  gtk_widget_set_hexpand (self->title_label, TRUE);
  self->add_button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_add_css_class (self->add_button, "flat");
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked), self);
  gtk_box_append (GTK_BOX (self->header), self->title_label);
  gtk_box_append (GTK_BOX (self->header), self->add_button);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->rows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_visible (self->rows, FALSE);
  gtk_widget_set_parent (self->rows, GTK_WIDGET (self));
}

GtkWidget *
mv_range_list_new (void)
{
  return g_object_new (MV_TYPE_RANGE_LIST, NULL);
}

static gboolean
rows_equal (MvRangeList   *self,
            const MvRange *ranges,
            gsize          n_ranges)
{
  gsize i = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (self->rows); row;
       row = gtk_widget_get_next_sibling (row))
    {
      MvRange r;

      if (!parse_row (row_entry (row), &r, NULL))
        return FALSE;
      if (i >= n_ranges || r.start != ranges[i].start || r.end != ranges[i].end)
        return FALSE;
      i++;
    }
  return i == n_ranges;
}

/**
 * mv_range_list_set_ranges:
 *
 * Shows @ranges, one per row. Rows that already say the same are kept as
 * typed. Emits nothing.
 */
void
mv_range_list_set_ranges (MvRangeList   *self,
                          const MvRange *ranges,
                          gsize          n_ranges)
{
  GtkWidget *child;

  g_return_if_fail (MV_IS_RANGE_LIST (self));

  if (rows_equal (self, ranges, n_ranges))
    return;

  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (self->rows)) != NULL)
    gtk_box_remove (GTK_BOX (self->rows), child);
  for (gsize i = 0; i < n_ranges; i++)
    {
      g_autofree char *start = mv_format_hex (ranges[i].start);
      g_autofree char *size = mv_format_size (mv_range_len (&ranges[i]));
      g_autofree char *text = g_strdup_printf ("%s+%s", start, size);

      append_row (self, text);
    }
  gtk_widget_set_visible (self->rows, n_ranges > 0);
  self->updating = FALSE;
}

/**
 * mv_range_list_get_ranges:
 * @out: (element-type MvRange): where the ranges go, in row order; empty
 *   rows are left out
 *
 * Returns: %FALSE with the first row's error when a row does not parse
 */
gboolean
mv_range_list_get_ranges (MvRangeList *self,
                          GArray      *out,
                          GError     **error)
{
  guint n = 0;

  g_return_val_if_fail (MV_IS_RANGE_LIST (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (self->rows); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *entry = row_entry (row);
      g_autoptr(GError) local = NULL;
      MvRange r;

      n++;
      if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] == '\0')
        continue;
      if (!parse_row (entry, &r, &local))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s, row %u: ",
                                      self->title ? self->title : "Range", n);
          return FALSE;
        }
      g_array_append_val (out, r);
    }
  return TRUE;
}

guint
mv_range_list_get_n_rows (MvRangeList *self)
{
  guint n = 0;

  g_return_val_if_fail (MV_IS_RANGE_LIST (self), 0);

  for (GtkWidget *row = gtk_widget_get_first_child (self->rows); row;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/**
 * mv_range_list_get_row_editable:
 *
 * Returns: (transfer none) (nullable): the text field of row @index
 */
GtkEditable *
mv_range_list_get_row_editable (MvRangeList *self,
                                guint        index)
{
  GtkWidget *row;

  g_return_val_if_fail (MV_IS_RANGE_LIST (self), NULL);

  row = gtk_widget_get_first_child (self->rows);
  while (row != NULL && index-- > 0)
    row = gtk_widget_get_next_sibling (row);
  return row ? GTK_EDITABLE (row_entry (row)) : NULL;
}

/**
 * mv_range_list_add_row:
 * @text: (nullable): the row's text
 *
 * Adds a row as if the user had, and emits #MvRangeList::changed.
 */
void
mv_range_list_add_row (MvRangeList *self,
                       const char  *text)
{
  g_return_if_fail (MV_IS_RANGE_LIST (self));

  append_row (self, text);
  g_signal_emit (self, signals[CHANGED], 0);
}
