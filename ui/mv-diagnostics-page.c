/* SPDX-License-Identifier: MIT */
/* The Diagnostics page: what the shown source reports, each row numbered
 * as its marker on the map. */
#include "config.h"

#include "mv-diagnostic-row.h"
#include "mv-diagnostics-page.h"

struct _MvDiagnosticsPage
{
  GtkWidget  parent_instance;

  char      *title;    /* "Diagnostics (N)": N errors and warnings */
  char      *key;      /* what the rows last said */
  GPtrArray *pending;  /* MvDiagnosticItem: rows not made yet */

  /* template */
  GtkWidget *scroller;
  GtkWidget *list;
};

G_DEFINE_FINAL_TYPE (MvDiagnosticsPage, mv_diagnostics_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_TITLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { RANGE_SELECTED, RANGE_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The rows' widgets are made when the page is shown: rows of wrapped text
 * cost a restyle and a relayout that an edit on another page need not pay. */
static void
show_rows (MvDiagnosticsPage *self)
{
  GtkWidget *child;

  if (self->pending == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  for (guint i = 0; i < self->pending->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->list),
                         mv_diagnostic_row_new (g_ptr_array_index (self->pending, i)));
  g_clear_pointer (&self->pending, g_ptr_array_unref);
}

static MvDiagnosticItem *
add_item (GPtrArray     *items,
          MvSeverity     severity,
          const char    *title,
          const char    *detail,
          const char    *mark_id,
          const MvScene *scene)
{
  MvDiagnosticItem *item = g_new0 (MvDiagnosticItem, 1);

  item->severity = severity;
  item->title = g_strdup (title);
  item->detail = g_strdup (detail);
  item->mark_id = g_strdup (mark_id);
  item->number = mv_scene_find_mark (scene, mark_id);
  g_ptr_array_add (items, item);
  return item;
}

static gint
item_order (gconstpointer a,
            gconstpointer b,
            gpointer      data)
{
  const MvDiagnosticItem *x = *(const MvDiagnosticItem * const *) a;
  const MvDiagnosticItem *y = *(const MvDiagnosticItem * const *) b;

  return mv_diagnostic_order (x->severity, x->has_range, x->start, x->end,
                              y->severity, y->has_range, y->start, y->end);
}

static char *
items_key (GPtrArray *items)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      const MvDiagnosticItem *r = g_ptr_array_index (items, i);

      g_string_append_printf (key, "%d %u %d %d %" G_GINT64_MODIFIER "x %" G_GINT64_MODIFIER "x %s\x1f%s\x1f%s\x1e",
                              r->severity, r->number, r->stale, r->has_range, r->start, r->end,
                              r->title, r->detail ? r->detail : "", r->mark_id ? r->mark_id : "");
    }
  return g_string_free (key, FALSE);
}

/**
 * mv_diagnostics_page_update:
 * @source: what the window shows
 * @field_error: (nullable): a field of the editor that does not parse
 * @scene: (nullable): the map's scene, whose markers the rows number
 *
 * Lists, in order: the field's error (or else the source's own error),
 * the source's other problems, then the MTRR analysis' diagnostics.
 * Below an error the rows are about the last state that worked.
 */
void
mv_diagnostics_page_update (MvDiagnosticsPage *self,
                            MvViewSource      *source,
                            const char        *field_error,
                            const MvScene     *scene)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GPtrArray *diagnostics;
  guint n_errors = 0, n_warnings = 0, first_stale = G_MAXUINT;
  g_autofree char *key = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (MV_IS_DIAGNOSTICS_PAGE (self));
  g_return_if_fail (MV_IS_VIEW_SOURCE (source));

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_diagnostic_item_free);
  problems = mv_view_source_list_problems (source);

  /* A field that does not parse comes first, as in the banner; the
   * source's error then is about text typed before it, not shown. */
  if (field_error != NULL)
    {
      add_item (items, MV_SEVERITY_ERROR, field_error,
                "A field does not parse; everything below is about the last layout that worked.",
                NULL, scene);
      first_stale = items->len;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const MvViewSourceProblem *p = g_ptr_array_index (problems, i);
      MvDiagnosticItem *item;

      if (p->leads && field_error != NULL)
        continue;
      item = add_item (items, p->severity, p->title, p->detail, p->mark_id, scene);
      item->has_range = p->has_range;
      item->start = p->start;
      item->end = p->end;
      if (p->leads)
        first_stale = MIN (first_stale, items->len);
    }

  diagnostics = mv_view_source_get_diagnostics (source);
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diagnostics, i);
      g_autofree char *detail = NULL;
      g_autofree char *id = g_strdup_printf ("diagnostic/%u", d->id);
      MvDiagnosticItem *item;

      if (d->registers != NULL && d->reference != NULL)
        detail = g_strdup_printf ("%s · %s", d->registers, d->reference);
      else
        detail = g_strdup (d->registers ? d->registers : d->reference);
      item = add_item (items, d->severity, d->message, detail, id, scene);
      item->has_range = d->has_range;
      item->start = d->range.start;
      item->end = d->range.end;
    }

  /* Below the rows that lead (a field's error, the source's own error,
   * which come first), the one order the map's marks are numbered in
   * too. g_qsort_with_data is a stable sort. */
  {
    guint n_lead = first_stale == G_MAXUINT ? 0 : MIN (first_stale, items->len);

    g_qsort_with_data (items->pdata + n_lead, (gint) (items->len - n_lead), sizeof (gpointer),
                       item_order, NULL);
  }

  if (items->len == 0)
    add_item (items, MV_SEVERITY_NOTE, "Nothing to report: the MTRRs give RAM write-back "
              "and the MMIO gaps uncached.", NULL, NULL, scene);

  for (guint i = 0; i < items->len; i++)
    {
      MvDiagnosticItem *r = g_ptr_array_index (items, i);

      /* Below a field's or the source's error, the rows describe the
       * last layout that worked: they are dimmed, as the picture is. */
      r->stale = i >= first_stale;
      n_errors += r->severity == MV_SEVERITY_ERROR;
      n_warnings += r->severity == MV_SEVERITY_WARNING;
    }

  key = items_key (items);
  if (g_strcmp0 (key, self->key) != 0)
    {
      g_free (self->key);
      self->key = g_steal_pointer (&key);
      g_clear_pointer (&self->pending, g_ptr_array_unref);
      self->pending = g_steal_pointer (&items);
      show_rows (self);
    }

  if (n_errors + n_warnings > 0)
    title = g_strdup_printf ("Diagnostics (%u)", n_errors + n_warnings);
  else
    title = g_strdup ("Diagnostics");
  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

const char *
mv_diagnostics_page_get_title (MvDiagnosticsPage *self)
{
  g_return_val_if_fail (MV_IS_DIAGNOSTICS_PAGE (self), NULL);
  return self->title;
}

/* Returns: (transfer none): the list of rows, for tests */
GtkWidget *
mv_diagnostics_page_get_list (MvDiagnosticsPage *self)
{
  g_return_val_if_fail (MV_IS_DIAGNOSTICS_PAGE (self), NULL);
  return self->list;
}

/* Selecting a diagnostic marks its range on the map; activating it
 * (Enter, double-click) also shows it there. */
static void
row_selected (MvDiagnosticsPage *self,
              GtkListBoxRow     *row)
{
  guint64 start = 0, end = 0;
  gboolean has_range = row != NULL && mv_diagnostic_row_get_range (MV_DIAGNOSTIC_ROW (row), &start, &end);

  g_signal_emit (self, signals[RANGE_SELECTED], 0, has_range, has_range ? start : 0, has_range ? end : 0);
}

static void
row_activated (MvDiagnosticsPage *self,
               GtkListBoxRow     *row)
{
  guint64 start, end;

  if (mv_diagnostic_row_get_range (MV_DIAGNOSTIC_ROW (row), &start, &end))
    g_signal_emit (self, signals[RANGE_ACTIVATED], 0, start, end);
}

static void
mv_diagnostics_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (mv_diagnostics_page_parent_class)->map (widget);
  show_rows (MV_DIAGNOSTICS_PAGE (widget));
}

static void
mv_diagnostics_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MvDiagnosticsPage *self = MV_DIAGNOSTICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mv_diagnostics_page_dispose (GObject *object)
{
  MvDiagnosticsPage *self = MV_DIAGNOSTICS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_DIAGNOSTICS_PAGE);
  G_OBJECT_CLASS (mv_diagnostics_page_parent_class)->dispose (object);
}

static void
mv_diagnostics_page_finalize (GObject *object)
{
  MvDiagnosticsPage *self = MV_DIAGNOSTICS_PAGE (object);

  g_free (self->title);
  g_free (self->key);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  G_OBJECT_CLASS (mv_diagnostics_page_parent_class)->finalize (object);
}

static void
mv_diagnostics_page_class_init (MvDiagnosticsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mv_diagnostics_page_get_property;
  object_class->dispose = mv_diagnostics_page_dispose;
  object_class->finalize = mv_diagnostics_page_finalize;
  widget_class->map = mv_diagnostics_page_map;

  /**
   * MvDiagnosticsPage:title:
   *
   * The page's tab: "Diagnostics", with the number of errors and
   * warnings when there are any.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "Diagnostics",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MvDiagnosticsPage::range-selected:
   * @has_range: the selected row is about a range
   *
   * A row was selected (or none is): mark its range, if any.
   */
  signals[RANGE_SELECTED] =
    g_signal_new ("range-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_BOOLEAN, G_TYPE_UINT64, G_TYPE_UINT64);
  /**
   * MvDiagnosticsPage::range-activated:
   *
   * A row about a range was activated: show the range.
   */
  signals[RANGE_ACTIVATED] =
    g_signal_new ("range-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-diagnostics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MvDiagnosticsPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, MvDiagnosticsPage, list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mv_diagnostics_page_init (MvDiagnosticsPage *self)
{
  self->title = g_strdup ("Diagnostics");
  gtk_widget_init_template (GTK_WIDGET (self));
}
