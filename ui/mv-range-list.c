/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-document.h"
#include "mv-focus-private.h"
#include "mv-editor-private.h"
#include "mv-range-item.h"
#include "mv-range-list.h"
#include "mv-range-row.h"

struct _MvRangeList
{
  GtkWidget   parent_instance;

  GListStore *items;      /* MvRangeItem, one per row */
  char       *title;
  char       *add_label;
  guint       max_rows;   /* the add button is off at this many rows */
  gboolean    updating;

  /* template */
  GtkWidget  *header;
  GtkWidget  *title_label;
  GtkWidget  *add_button;
  GtkWidget  *rows;       /* a GtkBox of MvRangeRow, in the order of items */
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ADD_LABEL,
  PROP_MAX_ROWS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvRangeList, mv_range_list, GTK_TYPE_WIDGET)

static MvRangeItem *
item_at (MvRangeList *self,
         guint        index)
{
  g_autoptr(MvRangeItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), index);

  return item;  /* the store keeps it */
}

static GtkWidget *
row_at (MvRangeList *self,
        guint        index)
{
  GtkWidget *row = gtk_widget_get_first_child (self->rows);

  while (row != NULL && index-- > 0)
    row = gtk_widget_get_next_sibling (row);
  return row;
}

static const char *
title_or_default (MvRangeList *self)
{
  return self->title ? self->title : "Range";
}

/* The rows' accessible labels say where they are: "PCI ECAM gaps, row 2". */
static void
number_rows (MvRangeList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s, row %u", title_or_default (self), i + 1);

      mv_range_item_set_label (item_at (self, i), label);
    }
}

/* At the most rows a document holds, the add button is off and its
 * tooltip says why (an insensitive button still shows its tooltip). */
static void
update_add_button (MvRangeList *self)
{
  gboolean room = g_list_model_get_n_items (G_LIST_MODEL (self->items)) < self->max_rows;
  g_autofree char *full = NULL;

  if (!room)
    full = g_strdup_printf ("%s: a memviz document holds at most %u ranges in a list; "
                            "remove one to add another",
                            self->add_label ? self->add_label : "Add", self->max_rows);
  gtk_widget_set_sensitive (self->add_button, room);
  gtk_widget_set_tooltip_text (self->add_button, room ? self->add_label : full);
  if (room)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->add_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, full, -1);
}

static void
item_text_changed (MvRangeList *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
row_remove (MvRangeList *self,
            MvRangeRow  *row)
{
  guint index;

  if (!g_list_store_find (self->items, mv_range_row_get_item (row), &index))
    return;
  g_list_store_remove (self->items, index);
  /* The focus goes to the row that took its place, else the one above,
   * else the add button. */
  if (index > 0 && index >= g_list_model_get_n_items (G_LIST_MODEL (self->items)))
    index--;
  if (row_at (self, index) != NULL)
    gtk_widget_grab_focus (row_at (self, index));
  else
    gtk_widget_grab_focus (self->add_button);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The rows follow the items: a list model shown in a box, so that Tab
 * goes through every row's field (a GtkListBox would leave at the first). */
static void
items_changed (GListModel  *model,
               guint        position,
               guint        removed,
               guint        added,
               MvRangeList *self)
{
  GtkWidget *before = position > 0 ? row_at (self, position - 1) : NULL;

  for (guint i = 0; i < removed; i++)
    gtk_box_remove (GTK_BOX (self->rows), row_at (self, position));
  for (guint i = 0; i < added; i++)
    {
      MvRangeItem *item = item_at (self, position + i);
      GtkWidget *row = mv_range_row_new (item);

      g_signal_connect_object (item, "notify::text", G_CALLBACK (item_text_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "remove", G_CALLBACK (row_remove), self, G_CONNECT_SWAPPED);
      gtk_box_insert_child_after (GTK_BOX (self->rows), row, before);
      before = row;
    }
  number_rows (self);
  update_add_button (self);
  gtk_widget_set_visible (self->rows, g_list_model_get_n_items (model) > 0);
}

static void
add_clicked (MvRangeList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autoptr(MvRangeItem) item = NULL;

  if (n >= self->max_rows)
    return;
  item = mv_range_item_new ("");
  /* An empty row changes nothing until it holds a range. */
  g_list_store_append (self->items, item);
  gtk_widget_grab_focus (row_at (self, n));
}

static void
mv_range_list_dispose (GObject *object)
{
  MvRangeList *self = MV_RANGE_LIST (object);

  if (self->items != NULL)
    g_signal_handlers_disconnect_by_func (self->items, items_changed, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_RANGE_LIST);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (mv_range_list_parent_class)->dispose (object);
}

static void
mv_range_list_finalize (GObject *object)
{
  MvRangeList *self = MV_RANGE_LIST (object);

  g_free (self->title);
  g_free (self->add_label);

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
      g_value_set_string (value, self->add_label);
      break;
    case PROP_MAX_ROWS:
      g_value_set_uint (value, self->max_rows);
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
  const char *text = G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;

  switch (prop_id)
    {
    case PROP_TITLE:
      if (g_strcmp0 (self->title, text) != 0)
        {
          g_free (self->title);
          self->title = g_strdup (text);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, self->title, -1);
          number_rows (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ADD_LABEL:
      if (g_strcmp0 (self->add_label, text) != 0)
        {
          g_free (self->add_label);
          self->add_label = g_strdup (text);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
          update_add_button (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_MAX_ROWS:
      if (self->max_rows != g_value_get_uint (value))
        {
          self->max_rows = g_value_get_uint (value);
          update_add_button (self);
          g_object_notify_by_pspec (object, pspec);
        }
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

  return gtk_widget_grab_focus (row != NULL ? row : self->add_button);
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
  widget_class->focus = _mv_widget_focus_children;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADD_LABEL] =
    g_param_spec_string ("add-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What a document holds in each gap list (README, Limits); lower in the
   * tests. */
  properties[PROP_MAX_ROWS] =
    g_param_spec_uint ("max-rows", NULL, NULL, 1, G_MAXUINT, MV_DOCUMENT_MAX_GAPS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-range-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MvRangeList, header);
  gtk_widget_class_bind_template_child (widget_class, MvRangeList, title_label);
  gtk_widget_class_bind_template_child (widget_class, MvRangeList, add_button);
  gtk_widget_class_bind_template_child (widget_class, MvRangeList, rows);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked);

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

  g_type_ensure (MV_TYPE_RANGE_ROW);
  self->max_rows = MV_DOCUMENT_MAX_GAPS;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_list_store_new (MV_TYPE_RANGE_ITEM);
  g_signal_connect (self->items, "items-changed", G_CALLBACK (items_changed), self);
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
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  if (n != n_ranges)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      MvRange r;

      if (!mv_range_item_get_range (item_at (self, i), &r, NULL) ||
          r.start != ranges[i].start || r.end != ranges[i].end)
        return FALSE;
    }
  return TRUE;
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
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (MV_IS_RANGE_LIST (self));

  if (rows_equal (self, ranges, n_ranges))
    return;

  for (gsize i = 0; i < n_ranges; i++)
    {
      g_autofree char *text = _mv_range_text_format (&ranges[i]);

      g_ptr_array_add (items, mv_range_item_new (text));
    }
  self->updating = TRUE;
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
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
  guint n;

  g_return_val_if_fail (MV_IS_RANGE_LIST (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      MvRangeItem *item = item_at (self, i);
      g_autoptr(GError) local = NULL;
      MvRange r;

      if (mv_range_item_get_text (item)[0] == '\0')
        continue;
      if (!mv_range_item_get_range (item, &r, &local))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s, row %u: ",
                                      title_or_default (self), i + 1);
          return FALSE;
        }
      g_array_append_val (out, r);
    }
  return TRUE;
}

guint
mv_range_list_get_n_rows (MvRangeList *self)
{
  g_return_val_if_fail (MV_IS_RANGE_LIST (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->items));
}

/**
 * mv_range_list_get_rows:
 *
 * Returns: (transfer none): the rows' items (#MvRangeItem), in order
 */
GListModel *
mv_range_list_get_rows (MvRangeList *self)
{
  g_return_val_if_fail (MV_IS_RANGE_LIST (self), NULL);
  return G_LIST_MODEL (self->items);
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

  row = row_at (self, index);
  return row ? mv_range_row_get_editable (MV_RANGE_ROW (row)) : NULL;
}

/**
 * mv_range_list_add_row:
 * @text: (nullable): the row's text
 *
 * Adds a row as if the user had, and emits #MvRangeList::changed; at
 * #MvRangeList:max-rows rows, nothing (the add button is off then).
 */
void
mv_range_list_add_row (MvRangeList *self,
                       const char  *text)
{
  g_autoptr(MvRangeItem) item = NULL;

  g_return_if_fail (MV_IS_RANGE_LIST (self));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) >= self->max_rows)
    return;
  item = mv_range_item_new (text);
  g_list_store_append (self->items, item);
  g_signal_emit (self, signals[CHANGED], 0);
}
