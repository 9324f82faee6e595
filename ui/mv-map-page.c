/* SPDX-License-Identifier: MIT */
/* The Map page: the map of what the window shows, the readout above it
 * (the address under the pointer) and the explanation of a pinned
 * address below it. */
#include "config.h"

#include "mv-map-page.h"
#include "mv-parse.h"
#include "mv-picture-view.h"
#include "mv-step-bar.h"

struct _MvMapPage
{
  GtkWidget     parent_instance;

  MvViewSource *source;
  gboolean      hover_inside;    /* the pointer is over the map's plot */
  guint64       hover_address;
  gboolean      has_pinned;      /* the address explained, while shown */
  guint64       pinned;
  int           explain_height;  /* the explanation's height, kept between pins */
  MvScene      *mask_scene;      /* the pinned address's masked compare, drawn */

  /* template */
  GtkWidget    *box;
  GtkWidget    *toolbar;
  GtkWidget    *scale_dropdown;
  GtkWidget    *hover_label;
  GtkWidget    *hover_detail;
  GtkWidget    *explain_paned;
  GtkWidget    *map_scroller;
  GtkWidget    *map_view;
  GtkWidget    *explain_revealer;
  GtkWidget    *explain_title;
  GtkWidget    *explain_entry;
  GtkWidget    *explain_error;
  GtkWidget    *explain_scroller;
  GtkWidget    *explain_label;
  GtkWidget    *explain_picture;
  GtkWidget    *step_bar;
};

G_DEFINE_FINAL_TYPE (MvMapPage, mv_map_page, GTK_TYPE_WIDGET)

/* Without a layout (an IGVM file alone): what the page lanes put under
 * the pointer at @address (its pixel's runs), or NULL. */
static char *
pages_at (MvMapPage *self,
          guint64    address)
{
  const MvScene *scene = mv_map_view_get_scene (MV_MAP_VIEW (self->map_view));
  guint64 start = address, end = address + 1;

  if (scene == NULL)
    return NULL;
  if (self->hover_inside)
    mv_map_view_get_hover_range (MV_MAP_VIEW (self->map_view), &start, &end);
  return mv_scene_describe_pages (scene, address, start, end);
}

/* What the pointer is over: the address and its region (or, without a
 * layout, the pages there), then its memory type; with
 * @type_and_registers, the type and the registers that decide it go
 * there instead. */
static char *
describe_address (MvMapPage *self,
                  guint64    address,
                  char     **type_and_registers)
{
  const MvLayout *layout = mv_view_source_get_layout (self->source);
  const MvMtrrState *state = mv_view_source_get_state (self->source);
  g_autofree char *hex = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", address);
  const char *region = "no range";
  g_autofree char *pages = layout == NULL ? pages_at (self, address) : NULL;
  GString *s = g_string_new (hex);

  GString *t = g_string_new (NULL);
  if (layout != NULL)
    {
      switch (mv_layout_probe_address (layout, address))
        {
        case MV_ADDRESS_RAM: region = "RAM"; break;
        case MV_ADDRESS_MMIO: region = "MMIO gap"; break;
        case MV_ADDRESS_PCI_ECAM: region = "PCI ECAM"; break;
        case MV_ADDRESS_PCI_MMIO: region = "PCI MMIO"; break;
        case MV_ADDRESS_NONE:
        default:
          region = layout->has_vtl2 && mv_range_contains_addr (&layout->vtl2, address) ?
                   "VTL2" : "no range";
          break;
        }
    }
  g_string_append_printf (s, "  ·  %s", pages != NULL ? pages : region);

  if (state != NULL && address < mv_mtrr_state_address_limit (state))
    {
      MvEffectiveRange r;
      g_auto(GStrv) by = NULL;

      mv_effective_at (state, address, MV_PAT_NONE, &r);
      g_string_append (t, mv_mem_type_name (r.type));
      by = mv_effective_range_get_by (&r);
      if (type_and_registers != NULL && by != NULL && by[0] != NULL)
        {
          g_autofree char *who = g_strjoinv (", ", by);

          g_string_append_printf (t, "  ·  %s (%s)", who, mv_effective_rule_name (r.rule));
        }
    }
  if (type_and_registers != NULL)
    *type_and_registers = g_string_free (t, FALSE);
  else
    {
      if (t->len > 0)
        g_string_append_printf (s, "  ·  %s", t->str);
      g_string_free (t, TRUE);
    }
  return g_string_free (s, FALSE);
}

/* The address the pinned explanation is about, if one is shown. */
static gboolean
pinned_address (MvMapPage *self,
                guint64   *address)
{
  if (!self->has_pinned || !gtk_revealer_get_reveal_child (GTK_REVEALER (self->explain_revealer)))
    return FALSE;
  *address = self->pinned;
  return TRUE;
}

/* The readout above the map: the address under the pointer, or else the
 * pinned one, or else a hint. The address and region always show in
 * full; the type and the registers deciding it follow, cut at their end
 * when narrow (the map's tooltip has all of it). */
static void
update_readout (MvMapPage *self)
{
  g_autofree char *text = NULL;
  g_autofree char *type = NULL;
  guint64 address = self->hover_address;

  if (!self->hover_inside && !pinned_address (self, &address))
    {
      /* Without MTRRs (an IGVM file alone) there is nothing to explain. */
      gtk_label_set_label (GTK_LABEL (self->hover_label),
                           self->source == NULL || mv_view_source_get_state (self->source) != NULL
                           ? "Click an address to explain it" : "Point at an address to see its pages");
      gtk_widget_add_css_class (self->hover_label, "dim-label");
      gtk_label_set_label (GTK_LABEL (self->hover_detail), "");
      return;
    }
  text = describe_address (self, address, &type);
  if (!self->hover_inside)
    {
      /* The pinned address, while the pointer is elsewhere. */
      char *pinned = g_strconcat ("Explained: ", text, NULL);

      g_free (text);
      text = pinned;
    }
  gtk_widget_remove_css_class (self->hover_label, "dim-label");
  gtk_label_set_label (GTK_LABEL (self->hover_label), text);
  gtk_label_set_label (GTK_LABEL (self->hover_detail), type);
}

static void
map_hover (MvMapPage *self,
           gboolean  inside,
           guint64   address,
           int       lane,
           int       item)
{
  self->hover_inside = inside;
  self->hover_address = address;
  update_readout (self);
}

/**
 * mv_map_page_dup_tooltip:
 *
 * Returns: (transfer full) (nullable): the map's tooltip for the address
 *   under the pointer: all the readout says, the registers uncut
 */
char *
mv_map_page_dup_tooltip (MvMapPage *self)
{
  g_autofree char *text = NULL;
  g_autofree char *type = NULL;
  g_autofree char *pages = NULL;
  GString *tip;

  if (!self->hover_inside)
    return NULL;
  text = describe_address (self, self->hover_address, &type);
  tip = g_string_new (text);
  if (type[0])
    g_string_append_printf (tip, "\n%s", type);
  /* With a layout the readout names its region; the tooltip names the
   * imported pages too (the run, or the runs in the pointer's pixel). */
  if (mv_view_source_get_layout (self->source) != NULL &&
      (pages = pages_at (self, self->hover_address)) != NULL)
    g_string_append_printf (tip, "\nPages: %s", pages);
  return g_string_free (tip, FALSE);
}

/* The tooltips are made when asked for: setting a tooltip's text at every
 * pointer motion would make GTK look for the pointer each time. */
static gboolean
map_query_tooltip (GtkWidget  *widget,
                   int         x,
                   int         y,
                   gboolean    keyboard,
                   GtkTooltip *tooltip,
                   MvMapPage  *self)
{
  g_autofree char *text = mv_map_page_dup_tooltip (self);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The readout's type and registers, whole, when they are cut. */
static gboolean
detail_query_tooltip (GtkWidget  *widget,
                      int         x,
                      int         y,
                      gboolean    keyboard,
                      GtkTooltip *tooltip,
                      MvMapPage  *self)
{
  const char *text = gtk_label_get_text (GTK_LABEL (self->hover_detail));

  if (text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The explanation pane opens below the map at the height it had (or as
 * tall as its text, up to half the map page), and keeps it
 * while edits redo its text; what does not fit scrolls. */
static void
show_explain_pane (MvMapPage *self)
{
  int height = gtk_widget_get_height (self->explain_paned);
  int width = gtk_widget_get_width (self->explain_paned);
  int pane = self->explain_height;

  gtk_widget_set_visible (self->explain_revealer, TRUE);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->explain_revealer), TRUE);
  if (pane <= 0 && width > 0)
    {
      int natural = 0;

      gtk_widget_measure (self->explain_revealer, GTK_ORIENTATION_VERTICAL, width,
                          NULL, &natural, NULL, NULL);
      pane = MAX (natural, 160);
    }
  if (height > 0)
    gtk_paned_set_position (GTK_PANED (self->explain_paned), MAX (height - pane, height / 2));
}

void
mv_map_page_hide_explanation (MvMapPage *self)
{
  int height = gtk_widget_get_height (self->explain_paned);

  if (gtk_widget_get_visible (self->explain_revealer) && height > 0)
    self->explain_height = gtk_widget_get_height (self->explain_revealer);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->explain_revealer), FALSE);
  gtk_widget_set_visible (self->explain_revealer, FALSE);
  mv_map_view_highlight (MV_MAP_VIEW (self->map_view), FALSE, 0, 0);
  update_readout (self);
}

/* A variable pair's compare, as memviz-cli explain prints it: the base
 * and the mask, then address & mask against base & mask, in hex and in
 * binary of the physical address width, in a monospace block. */
static void
append_compare_rows (GString             *s,
                     const MvExplainStep *step,
                     guint                width)
{
  const struct { const char *name; guint64 value; } rows[] = {
    { "base        ", step->value },
    { "mask        ", step->compare_mask },
    { "address&amp;mask", step->addr_masked },
    { "base&amp;mask   ", step->base_masked },
  };

  g_string_append (s, "\n<tt>");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *bits = mv_format_binary (rows[i].value, width);

      g_string_append_printf (s, "%s    %s  0x%012" G_GINT64_MODIFIER "x  %s", i > 0 ? "\n" : "",
                              rows[i].name, rows[i].value, bits);
    }
  g_string_append_printf (s, "  %s</tt>\n", step->match ? "equal: match" : "different: no match");
}

/* The compare drawn as bit columns under the words (none for an
 * address the state cannot explain). */
static void
set_mask_scene (MvMapPage           *self,
                const MvExplanation *ex)
{
  MvScene *old = g_steal_pointer (&self->mask_scene);

  if (ex != NULL)
    {
      MvMaskScene *mask = mv_mask_scene_new (ex);

      /* The pane's title asks "Why is … WB?" and its words lead with the
       * answer: the picture under them says neither again. */
      g_free (mask->title);
      mask->title = g_strdup ("The masked compare, bit by bit");
      g_clear_pointer (&mask->conclusion, g_free);
      self->mask_scene = mv_scene_new (NULL, NULL);
      mv_scene_set_mask (self->mask_scene, mask);
    }
  mv_picture_view_set_scene (MV_PICTURE_VIEW (self->explain_picture), self->mask_scene);
  gtk_widget_set_visible (self->explain_picture, ex != NULL);
  g_clear_pointer (&old, mv_scene_free);
}

static void
explain (MvMapPage *self,
         guint64    address)
{
  const MvMtrrState *state = mv_view_source_get_state (self->source);
  g_autoptr(MvExplanation) ex = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = describe_address (self, address, NULL);
  g_autofree char *title = NULL;
  guint64 page;
  GString *s;

  if (state == NULL)
    {
      /* No MTRRs (an IGVM file without a layout under it). */
      if (gtk_widget_get_visible (self->explain_revealer))
        mv_map_page_hide_explanation (self);
      return;
    }

  /* One address throughout: the one clicked (the type is the same for
   * its whole 4 KiB page, which the map marks). */
  ex = mv_explain_address (state, address, MV_PAT_NONE, &error);
  title = g_strdup_printf ("Why is 0x%" G_GINT64_MODIFIER "x %s?", address,
                           ex ? mv_mem_type_name (ex->result.type) : "what it is");
  gtk_label_set_label (GTK_LABEL (self->explain_title), title);

  s = g_string_new (NULL);
  {
    g_autofree char *esc = g_markup_escape_text (where, -1);

    g_string_append_printf (s, "<span alpha=\"70%%\">%s</span>\n", esc);
  }
  if (ex == NULL)
    {
      g_autofree char *esc = g_markup_escape_text (error->message, -1);

      g_string_append (s, esc);
    }
  else
    {
      /* The conclusion first, then each register the CPU looks at. */
      for (guint i = 0; i < ex->steps->len; i++)
        {
          const MvExplainStep *step = g_ptr_array_index (ex->steps, i);
          g_autofree char *text = g_markup_escape_text (step->text ? step->text : "", -1);

          if (step->kind == MV_EXPLAIN_STEP_PRECEDENCE)
            g_string_append_printf (s, "<b>%s</b>\n", text);
        }
      for (guint i = 0; i < ex->steps->len; i++)
        {
          const MvExplainStep *step = g_ptr_array_index (ex->steps, i);
          g_autofree char *text = g_markup_escape_text (step->text ? step->text : "", -1);

          if (step->kind == MV_EXPLAIN_STEP_PRECEDENCE)
            continue;
          g_string_append_printf (s, "\n%s  %s", step->match ? "✔" : "✘", text);
          if (step->compared)
            append_compare_rows (s, step, ex->width);
        }
    }
  gtk_label_set_markup (GTK_LABEL (self->explain_label), s->str);
  g_string_free (s, TRUE);
  set_mask_scene (self, ex);

  {
    gboolean shown = gtk_revealer_get_reveal_child (GTK_REVEALER (self->explain_revealer));

    /* A new explanation opens at its top, its conclusion in view. */
    if (!shown || !self->has_pinned || self->pinned != address)
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->explain_scroller)), 0);
    if (!shown)
      show_explain_pane (self);
  }
  self->pinned = address;
  self->has_pinned = TRUE;
  page = address & ~(guint64) (MV_PAGE_SIZE - 1);
  mv_map_view_highlight (MV_MAP_VIEW (self->map_view), TRUE, page, page + MV_PAGE_SIZE);
  update_readout (self);
}

static void
map_pin (MvMapPage *self,
         guint64    address)
{
  gtk_widget_set_visible (self->explain_error, FALSE);
  explain (self, address);
}

/* An address typed in the pane: explained as if clicked; bad text says
 * why, and the explanation shown stays. */
static void
entry_activated (MvMapPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->explain_entry));
  g_autoptr(GError) error = NULL;
  guint64 address;

  if (!mv_parse_size (text, &address, &error))
    {
      g_autofree char *message = g_strdup_printf ("Cannot explain “%s”: %s", text, error->message);

      gtk_label_set_label (GTK_LABEL (self->explain_error), message);
      gtk_widget_set_visible (self->explain_error, TRUE);
      gtk_widget_add_css_class (self->explain_entry, "error");
      return;
    }
  gtk_widget_set_visible (self->explain_error, FALSE);
  gtk_widget_remove_css_class (self->explain_entry, "error");
  if (mv_view_source_get_state (self->source) == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->explain_error), "Nothing to explain: the layout has no registers");
      gtk_widget_set_visible (self->explain_error, TRUE);
      return;
    }
  explain (self, address);
}

/**
 * mv_map_page_focus_address_entry:
 *
 * Opens the explanation pane (empty if nothing is pinned) and puts the
 * keyboard in its address entry.
 */
void
mv_map_page_focus_address_entry (MvMapPage *self)
{
  g_return_if_fail (MV_IS_MAP_PAGE (self));

  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (self->explain_revealer)))
    {
      gtk_label_set_label (GTK_LABEL (self->explain_title), "Explain an address");
      gtk_label_set_label (GTK_LABEL (self->explain_label),
                           "Type an address (0xfc000000, 4G, 4032M) and press Enter, or click the map.");
      set_mask_scene (self, NULL);
      show_explain_pane (self);
    }
  gtk_widget_grab_focus (self->explain_entry);
}

static void
scale_changed (MvMapPage *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->scale_dropdown));
  static const MvScaleKind kinds[] = { MV_SCALE_FOCUS, MV_SCALE_LINEAR, MV_SCALE_LOG };

  if (selected < G_N_ELEMENTS (kinds))
    mv_map_view_set_scale (MV_MAP_VIEW (self->map_view), kinds[selected]);
}


/**
 * mv_map_page_set_source:
 *
 * What the readout and the explanation describe; the map's scene is set
 * on the map itself (mv_map_page_get_map()).
 */
void
mv_map_page_set_source (MvMapPage    *self,
                        MvViewSource *source)
{
  g_return_if_fail (MV_IS_MAP_PAGE (self));
  g_set_object (&self->source, source);
}

/* The source has changed: the pinned address is explained again, or the
 * readout says what is under the still pointer now. */
void
mv_map_page_refresh (MvMapPage *self)
{
  guint64 address;

  g_return_if_fail (MV_IS_MAP_PAGE (self));
  if (pinned_address (self, &address))
    explain (self, address);
  else
    update_readout (self);
}

/* Returns: (transfer none): the map */
MvMapView *
mv_map_page_get_map (MvMapPage *self)
{
  g_return_val_if_fail (MV_IS_MAP_PAGE (self), NULL);
  return MV_MAP_VIEW (self->map_view);
}

/* Returns: (transfer none): the toolbar above the map */
GtkWidget *
mv_map_page_get_toolbar (MvMapPage *self)
{
  g_return_val_if_fail (MV_IS_MAP_PAGE (self), NULL);
  return self->toolbar;
}

/**
 * mv_map_page_get_part:
 * @name: "explain-revealer", "explain-label", "explain-title",
 *   "explain-entry", "explain-error", "explain-paned",
 *   "explain-scroller", "map-scroller", "hover-label", "hover-detail",
 *   "scale"
 *
 * Returns: (transfer none) (nullable): a part of the page, for tests
 */
GtkWidget *
mv_map_page_get_part (MvMapPage  *self,
                      const char *name)
{
  g_return_val_if_fail (MV_IS_MAP_PAGE (self), NULL);

  struct { const char *name; GtkWidget *widget; } parts[] = {
    { "explain-revealer", self->explain_revealer },
    { "explain-label", self->explain_label },
    { "explain-title", self->explain_title },
    { "explain-entry", self->explain_entry },
    { "explain-error", self->explain_error },
    { "explain-scroller", self->explain_scroller },
    { "explain-paned", self->explain_paned },
    { "map-scroller", self->map_scroller },
    { "hover-label", self->hover_label },
    { "hover-detail", self->hover_detail },
    { "scale", self->scale_dropdown },
    { "explain-picture", self->explain_picture },
    { "step-bar", self->step_bar },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (g_strcmp0 (parts[i].name, name) == 0)
      return parts[i].widget;
  return NULL;
}

static void
mv_map_page_dispose (GObject *object)
{
  MvMapPage *self = MV_MAP_PAGE (object);

  g_clear_object (&self->source);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_MAP_PAGE);
  g_clear_pointer (&self->mask_scene, mv_scene_free);
  G_OBJECT_CLASS (mv_map_page_parent_class)->dispose (object);
}

static void
mv_map_page_class_init (MvMapPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mv_map_page_dispose;

  g_type_ensure (MV_TYPE_MAP_VIEW);
  g_type_ensure (MV_TYPE_PICTURE_VIEW);
  g_type_ensure (MV_TYPE_STEP_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-map-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, box);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, scale_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, hover_label);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, hover_detail);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, explain_paned);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, map_scroller);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, map_view);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, explain_revealer);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, explain_title);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, explain_entry);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, explain_error);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, explain_scroller);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, explain_label);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, explain_picture);
  gtk_widget_class_bind_template_child (widget_class, MvMapPage, step_bar);
  gtk_widget_class_bind_template_callback (widget_class, scale_changed);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mv_map_page_init (MvMapPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->map_view, "hover", G_CALLBACK (map_hover), self);
  g_signal_connect_swapped (self->map_view, "pin", G_CALLBACK (map_pin), self);
  gtk_widget_set_has_tooltip (self->map_view, TRUE);
  g_signal_connect (self->map_view, "query-tooltip", G_CALLBACK (map_query_tooltip), self);
  gtk_widget_set_has_tooltip (self->hover_detail, TRUE);
  g_signal_connect (self->hover_detail, "query-tooltip", G_CALLBACK (detail_query_tooltip), self);
  map_hover (self, FALSE, 0, -1, -1);
}
