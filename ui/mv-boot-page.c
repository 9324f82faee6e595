/* SPDX-License-Identifier: MIT */
/* The Boot CPU page (see mv-boot-page.h): a grid of labels made from the
 * scene's boot table, rebuilt when the scene changes. */
#include "config.h"

#include "mv-boot-page.h"

struct _MvBootPage
{
  GtkWidget  parent_instance;

  /* template */
  GtkWidget *scroller;
  GtkWidget *heading;
  GtkWidget *hint;
  GtkWidget *grid;
};

G_DEFINE_FINAL_TYPE (MvBootPage, mv_boot_page, GTK_TYPE_WIDGET)

static void
clear_grid (MvBootPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
}

static GtkWidget *
cell (const char *text,
      gboolean    mono,
      gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* A row's register and value on the first line of a meaning that wraps. */
  gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
  gtk_label_set_selectable (GTK_LABEL (label), !header);
  gtk_label_set_wrap (GTK_LABEL (label), !mono);
  if (mono)
    gtk_widget_add_css_class (label, "monospace");
  if (header)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

/**
 * mv_boot_page_update:
 * @scene: (nullable): the window's scene
 */
void
mv_boot_page_update (MvBootPage    *self,
                     const MvScene *scene)
{
  const MvSceneTable *table = scene != NULL ? scene->boot_table : NULL;
  guint mark = mv_scene_find_mark (scene, "boot");
  const MvSceneMark *failed = mark > 0 ? &g_array_index (scene->marks, MvSceneMark, mark - 1) : NULL;

  g_return_if_fail (MV_IS_BOOT_PAGE (self));

  if (failed != NULL && failed->severity != MV_MARK_ERROR)
    failed = NULL;
  clear_grid (self);
  gtk_label_set_text (GTK_LABEL (self->heading),
                      table != NULL ? table->title : "Boot processor registers");
  if (failed != NULL)
    gtk_widget_add_css_class (self->hint, "error");
  else
    gtk_widget_remove_css_class (self->hint, "error");
  if (scene != NULL && scene->boot_hint != NULL)
    gtk_label_set_text (GTK_LABEL (self->hint), scene->boot_hint);
  else if (failed != NULL)
    /* Why there are no registers, or fewer ("The loader set no register"
     * would not say). */
    gtk_label_set_text (GTK_LABEL (self->hint), failed->message);
  else if (table == NULL)
    gtk_label_set_text (GTK_LABEL (self->hint),
                        "No boot loader runs. Choose one under Boot in the sidebar (Linux with a "
                        "kernel, UEFI with its firmware, or PCAT) to see the registers it sets.");
  else
    gtk_label_set_text (GTK_LABEL (self->hint), table->note != NULL ? table->note : "");
  gtk_widget_set_visible (self->hint, *gtk_label_get_text (GTK_LABEL (self->hint)) != '\0');
  if (table == NULL || (failed != NULL && table->rows->len == 0))
    return;

  for (guint c = 0; c < table->columns->len; c++)
    gtk_grid_attach (GTK_GRID (self->grid),
                     cell (g_array_index (table->columns, MvTableColumn, c).title, FALSE, TRUE),
                     (int) c, 0, 1, 1);
  for (guint r = 0; r < table->rows->len; r++)
    {
      const MvTableRow *row = &g_array_index (table->rows, MvTableRow, r);

      for (guint c = 0; c < table->columns->len && row->cells[c] != NULL; c++)
        {
          gboolean mono = (g_array_index (table->columns, MvTableColumn, c).flags & MV_COLUMN_MONO) != 0;
          GtkWidget *label = cell (row->cells[c], mono || c == 0, FALSE);

          if (c == table->columns->len - 1)
            gtk_widget_set_hexpand (label, TRUE);
          gtk_grid_attach (GTK_GRID (self->grid), label, (int) c, (int) r + 1, 1, 1);
        }
    }
}

/* Returns: (transfer none): the line above the registers (what to do,
 * or why the loader set none) */
GtkWidget *
mv_boot_page_get_hint (MvBootPage *self)
{
  g_return_val_if_fail (MV_IS_BOOT_PAGE (self), NULL);
  return self->hint;
}

GtkWidget *
mv_boot_page_get_grid (MvBootPage *self)
{
  g_return_val_if_fail (MV_IS_BOOT_PAGE (self), NULL);
  return self->grid;
}

/**
 * mv_boot_page_dup_text:
 * What the page shows, one line per row, cells separated by tabs (for
 * tests and copying).
 *
 * Returns: (transfer full)
 */
char *
mv_boot_page_dup_text (MvBootPage *self)
{
  GString *s = g_string_new (NULL);
  int rows = 0, cols = 0;

  g_return_val_if_fail (MV_IS_BOOT_PAGE (self), g_string_free (s, FALSE));

  for (GtkWidget *c = gtk_widget_get_first_child (self->grid); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int col, row;

      gtk_grid_query_child (GTK_GRID (self->grid), c, &col, &row, NULL, NULL);
      rows = MAX (rows, row + 1);
      cols = MAX (cols, col + 1);
    }
  for (int r = 0; r < rows; r++)
    {
      for (int c = 0; c < cols; c++)
        {
          GtkWidget *w = gtk_grid_get_child_at (GTK_GRID (self->grid), c, r);

          if (c > 0)
            g_string_append_c (s, '\t');
          if (w != NULL)
            g_string_append (s, gtk_label_get_text (GTK_LABEL (w)));
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static void
mv_boot_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MV_TYPE_BOOT_PAGE);
  G_OBJECT_CLASS (mv_boot_page_parent_class)->dispose (object);
}

static void
mv_boot_page_class_init (MvBootPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_boot_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-boot-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MvBootPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, MvBootPage, heading);
  gtk_widget_class_bind_template_child (widget_class, MvBootPage, hint);
  gtk_widget_class_bind_template_child (widget_class, MvBootPage, grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mvbootpage");
}

static void
mv_boot_page_init (MvBootPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mv_boot_page_update (self, NULL);
}
