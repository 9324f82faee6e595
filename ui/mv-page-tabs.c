/* SPDX-License-Identifier: MIT */
/* The tabs over the window's pages. */
#include "config.h"

#include "mv-page-tabs.h"

struct _MvPageTabs
{
  GtkWidget  parent_instance;

  GtkStack  *stack;
  GArray    *tabs;  /* of MvPageTab, in the order of the buttons */

  /* template */
  GtkWidget *box;
};

/* A tab: its button and the name of the page it shows. */
typedef struct
{
  GtkWidget *button;
  char      *page;
} MvPageTab;

G_DEFINE_FINAL_TYPE (MvPageTabs, mv_page_tabs, GTK_TYPE_WIDGET)

static void
page_tab_clear (MvPageTab *tab)
{
  g_free (tab->page);
}

/*
 * GtkStackSwitcher remakes a tab's label when its page's title changes,
 * which restyles the window and keeps GTK's frame clock going for a few
 * frames after every edit that changes the count in "Diagnostics (N)":
 * the next edit then waits for the clock's beat. These tabs keep their
 * labels and only change their text.
 */
static void
page_title_changed (GtkStackPage *page,
                    GParamSpec   *pspec,
                    GtkLabel     *label)
{
  gtk_label_set_label (label, gtk_stack_page_get_title (page));
}

static void
tab_toggled (GtkToggleButton *button,
             MvPageTabs      *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < self->tabs->len; i++)
    {
      const MvPageTab *tab = &g_array_index (self->tabs, MvPageTab, i);

      if (tab->button == GTK_WIDGET (button))
        gtk_stack_set_visible_child_name (self->stack, tab->page);
    }
}

static void
sync_page_tabs (MvPageTabs *self)
{
  const char *visible = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));

  for (guint i = 0; i < self->tabs->len; i++)
    {
      const MvPageTab *tab = &g_array_index (self->tabs, MvPageTab, i);

      if (g_strcmp0 (tab->page, visible) == 0 &&
          !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (tab->button)))
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (tab->button), TRUE);
    }
}

/**
 * mv_page_tabs_set_stack:
 *
 * Makes a tab for each page of @stack, named by its title, and keeps the
 * tab of the page shown pressed.
 */
void
mv_page_tabs_set_stack (MvPageTabs *self,
                        GtkStack   *stack)
{
  g_autoptr(GtkSelectionModel) pages = NULL;
  GtkToggleButton *group = NULL;

  g_return_if_fail (MV_IS_PAGE_TABS (self));
  g_return_if_fail (self->stack == NULL);

  self->stack = g_object_ref (stack);
  g_signal_connect_object (stack, "notify::visible-child", G_CALLBACK (sync_page_tabs), self, G_CONNECT_SWAPPED);
  pages = gtk_stack_get_pages (stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkStackPage *page = GTK_STACK_PAGE (item);
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *label = gtk_label_new (gtk_stack_page_get_title (page));
      MvPageTab tab = { button, g_strdup (gtk_stack_page_get_name (page)) };

      gtk_button_set_child (GTK_BUTTON (button), label);
      g_array_append_val (self->tabs, tab);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_signal_connect_object (page, "notify::title", G_CALLBACK (page_title_changed), label, 0);
      /* A page that is hidden (the Boot CPU page without a loader) has no tab. */
      g_object_bind_property (page, "visible", button, "visible", G_BINDING_SYNC_CREATE);
      g_signal_connect (button, "toggled", G_CALLBACK (tab_toggled), self);
      gtk_box_append (GTK_BOX (self->box), button);
    }
  sync_page_tabs (self);
}


static void
mv_page_tabs_dispose (GObject *object)
{
  MvPageTabs *self = MV_PAGE_TABS (object);

  g_clear_object (&self->stack);
  /* The buttons go with the template's box. */
  g_array_set_size (self->tabs, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_PAGE_TABS);
  G_OBJECT_CLASS (mv_page_tabs_parent_class)->dispose (object);
}

static void
mv_page_tabs_finalize (GObject *object)
{
  MvPageTabs *self = MV_PAGE_TABS (object);

  g_array_unref (self->tabs);
  G_OBJECT_CLASS (mv_page_tabs_parent_class)->finalize (object);
}

static void
mv_page_tabs_class_init (MvPageTabsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mv_page_tabs_dispose;
  G_OBJECT_CLASS (klass)->finalize = mv_page_tabs_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-page-tabs.ui");
  gtk_widget_class_bind_template_child (widget_class, MvPageTabs, box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mv_page_tabs_init (MvPageTabs *self)
{
  self->tabs = g_array_new (FALSE, TRUE, sizeof (MvPageTab));
  g_array_set_clear_func (self->tabs, (GDestroyNotify) page_tab_clear);
  gtk_widget_init_template (GTK_WIDGET (self));
}
