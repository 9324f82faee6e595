/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-editor-private.h"
#include "mv-gaps-section.h"
#include "mv-range-list.h"

struct _MvGapsSection
{
  GtkWidget  parent_instance;

  gboolean   updating;          /* showing the document's gaps */
  guint64    ram_end;           /* where a high gap brought back goes */
  char      *high_remembered;   /* the high gap's text while "None" is on */

  /* template */
  GtkWidget *low_label;
  GtkWidget *low_entry;
  GtkWidget *high_label;
  GtkWidget *high_entry;
  GtkWidget *high_none;
  GtkWidget *mmio_list;
  GtkWidget *ecam_list;
  GtkWidget *pci_mmio_list;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvGapsSection, mv_gaps_section, GTK_TYPE_WIDGET)

static void
changed (MvGapsSection *self,
         const char    *field,
         gboolean       now)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0, field, now);
}

static void
low_changed (MvGapsSection *self)
{
  changed (self, "low-mmio", FALSE);
}

static void
high_changed (MvGapsSection *self)
{
  changed (self, "high-mmio", FALSE);
}

static void
list_changed (MvGapsSection *self,
              MvRangeList   *list)
{
  changed (self, GTK_WIDGET (list) == self->mmio_list ? "mmio" :
                 GTK_WIDGET (list) == self->ecam_list ? "pci-ecam" : "pci-mmio", FALSE);
}

static void
high_none_toggled (MvGapsSection *self)
{
  gboolean none = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->high_none));

  gtk_widget_set_sensitive (self->high_entry, !none);
  if (self->updating)
    return;

  if (!none && gtk_editable_get_text (GTK_EDITABLE (self->high_entry))[0] == '\0')
    {
      /* Bring a gap back: the one there was, or OpenVMM's default 512 MiB
       * 2 MiB aligned above RAM. */
      g_autofree char *text = g_strdup (self->high_remembered);

      if (text == NULL)
        {
          guint64 base = (MAX (MV_FOUR_GB, self->ram_end) + 0x1fffff) & ~(guint64) 0x1fffff;
          MvRange r = { base, base + ((guint64) 512 << 20) };

          text = _mv_range_text_format (&r);
        }
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->high_entry), text);
      self->updating = FALSE;
    }
  else if (none)
    {
      g_free (self->high_remembered);
      self->high_remembered = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->high_entry)));
    }
  changed (self, "high-mmio", TRUE);
}

static void
mv_gaps_section_dispose (GObject *object)
{
  MvGapsSection *self = MV_GAPS_SECTION (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_GAPS_SECTION);
  /* The template's children without an id too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mv_gaps_section_parent_class)->dispose (object);
}

static void
mv_gaps_section_finalize (GObject *object)
{
  MvGapsSection *self = MV_GAPS_SECTION (object);

  g_free (self->high_remembered);

  G_OBJECT_CLASS (mv_gaps_section_parent_class)->finalize (object);
}

static void
mv_gaps_section_class_init (MvGapsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_gaps_section_dispose;
  object_class->finalize = mv_gaps_section_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  g_type_ensure (MV_TYPE_RANGE_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-gaps-section.ui");
  gtk_widget_class_bind_template_child (widget_class, MvGapsSection, low_label);
  gtk_widget_class_bind_template_child (widget_class, MvGapsSection, low_entry);
  gtk_widget_class_bind_template_child (widget_class, MvGapsSection, high_label);
  gtk_widget_class_bind_template_child (widget_class, MvGapsSection, high_entry);
  gtk_widget_class_bind_template_child (widget_class, MvGapsSection, high_none);
  gtk_widget_class_bind_template_child (widget_class, MvGapsSection, mmio_list);
  gtk_widget_class_bind_template_child (widget_class, MvGapsSection, ecam_list);
  gtk_widget_class_bind_template_child (widget_class, MvGapsSection, pci_mmio_list);
  gtk_widget_class_bind_template_callback (widget_class, low_changed);
  gtk_widget_class_bind_template_callback (widget_class, high_changed);
  gtk_widget_class_bind_template_callback (widget_class, high_none_toggled);
  gtk_widget_class_bind_template_callback (widget_class, list_changed);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mvgapssection");
}

static void
mv_gaps_section_init (MvGapsSection *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mv_gaps_section_new (void)
{
  return g_object_new (MV_TYPE_GAPS_SECTION, NULL);
}

/**
 * mv_gaps_section_get_field:
 * @name: "low-mmio", "high-mmio", "high-none", "mmio", "pci-ecam" or
 *   "pci-mmio"
 *
 * Returns: (transfer none) (nullable): the widget that edits @name
 */
GtkWidget *
mv_gaps_section_get_field (MvGapsSection *self,
                           const char    *name)
{
  struct { const char *name; GtkWidget *widget; } fields[] = {
    { "low-mmio", self->low_entry },
    { "high-mmio", self->high_entry },
    { "high-none", self->high_none },
    { "mmio", self->mmio_list },
    { "pci-ecam", self->ecam_list },
    { "pci-mmio", self->pci_mmio_list },
  };

  g_return_val_if_fail (MV_IS_GAPS_SECTION (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return fields[i].widget;
  return NULL;
}

/**
 * mv_gaps_section_add_labels:
 *
 * Adds the section's field labels to @group, to line up with the
 * editor's others.
 */
void
mv_gaps_section_add_labels (MvGapsSection *self,
                            GtkSizeGroup  *group)
{
  g_return_if_fail (MV_IS_GAPS_SECTION (self));

  gtk_size_group_add_widget (group, self->low_label);
  gtk_size_group_add_widget (group, self->high_label);
}

/**
 * mv_gaps_section_set_ram_end:
 *
 * Where RAM ends: a high gap brought back by unchecking "None" goes
 * above it.
 */
void
mv_gaps_section_set_ram_end (MvGapsSection *self,
                             guint64        ram_end)
{
  g_return_if_fail (MV_IS_GAPS_SECTION (self));
  self->ram_end = ram_end;
}

/**
 * mv_gaps_section_get_chipset:
 * @bad_field: (out): on failure, the field that does not parse
 *
 * Reads the chipset's low and high gaps (an empty text, or "None": no
 * gap).
 *
 * Returns: %FALSE with the first field's error when one does not parse
 */
gboolean
mv_gaps_section_get_chipset (MvGapsSection *self,
                             gboolean      *has_low,
                             MvRange       *low,
                             gboolean      *has_high,
                             MvRange       *high,
                             const char   **bad_field,
                             GError       **error)
{
  const char *low_text, *high_text;

  g_return_val_if_fail (MV_IS_GAPS_SECTION (self), FALSE);

  low_text = gtk_editable_get_text (GTK_EDITABLE (self->low_entry));
  high_text = gtk_editable_get_text (GTK_EDITABLE (self->high_entry));
  *has_low = low_text[0] != '\0';
  *has_high = !gtk_check_button_get_active (GTK_CHECK_BUTTON (self->high_none)) && high_text[0] != '\0';
  *low = *high = MV_RANGE_EMPTY;

  if (*has_low && !_mv_range_text_parse (low_text, low, error))
    {
      g_prefix_error (error, "Low MMIO gap: ");
      *bad_field = "low-mmio";
      return FALSE;
    }
  if (*has_high && !_mv_range_text_parse (high_text, high, error))
    {
      g_prefix_error (error, "High MMIO gap: ");
      *bad_field = "high-mmio";
      return FALSE;
    }
  return TRUE;
}

/**
 * mv_gaps_section_show_chipset:
 * @low: (nullable): the low gap, %NULL for none
 * @high: (nullable): the high gap, %NULL for none ("None" checked)
 *
 * Shows the document's chipset gaps; texts that already say them stay
 * as typed. Emits nothing.
 */
void
mv_gaps_section_show_chipset (MvGapsSection *self,
                              const MvRange *low,
                              const MvRange *high)
{
  g_return_if_fail (MV_IS_GAPS_SECTION (self));

  self->updating = TRUE;
  _mv_range_text_show (self->low_entry, low);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->high_none), high == NULL);
  gtk_widget_set_sensitive (self->high_entry, high != NULL);
  if (high != NULL)
    _mv_range_text_show (self->high_entry, high);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->high_entry), "");
  self->updating = FALSE;
}
