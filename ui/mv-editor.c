/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-ui-style.h"
#include "mv-editor.h"
#include "mv-boot-section.h"
#include "mv-edit-steps.h"
#include "mv-editor-private.h"
#include "mv-field-errors.h"
#include "mv-gaps-section.h"
#include "mv-import-list.h"
#include "mv-memory-section.h"
#include "mv-mtrr.h"
#include "mv-mtrr-versions.h"
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
  MvFieldErrors *errors;     /* the fields that do not parse */

  /* template */
  GtkWidget   *box;
  GtkWidget   *title_entry;
  GtkWidget   *description_entry;
  GtkWidget   *memory;
  GtkWidget   *boot;
  GtkWidget   *gaps;
  GtkWidget   *profile_dropdown;
  GtkWidget   *profile_note;
  GtkWidget   *version_dropdown;
  GtkWidget   *vcnt_spin;
  GtkWidget   *import_list;
  GtkSizeGroup *label_sizes;

  /* Text fields change twice when text is replaced (delete, insert):
   * their edits are applied once, just before the next frame. */
  guint        pending;
  guint        pending_id;    /* an idle, while the editor is not shown */
  guint        pending_tick;  /* a tick callback: the next frame's update */

  /* Undo steps: a field's edits merge until the focus moves or the whole
   * text is replaced (select all, type). */
  MvEditSteps *steps;
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
errors_changed (MvEditor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_field_error (MvEditor   *self,
                 const char *field,
                 GtkWidget  *widget,
                 const char *message)
{
  mv_field_errors_set (self->errors, field, widget, message);
}

static void
mark (MvEditor   *self,
      GtkWidget  *widget,
      const char *message)
{
  mv_field_errors_mark (self->errors, widget, message);
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

static GtkWidget *
gaps_field (MvEditor   *self,
            const char *name)
{
  return mv_gaps_section_get_field (MV_GAPS_SECTION (self->gaps), name);
}

static GtkWidget *
memory_field (MvEditor   *self,
              const char *name)
{
  return mv_memory_section_get_field (MV_MEMORY_SECTION (self->memory), name);
}

/* A loader sets the MTRRs itself (the scenario runs it without a
 * profile): the boot profile waits meanwhile, and says so. A loader that
 * failed set nothing: the analysis starts from the profile then, which
 * is back and says why. */
static void
show_profile_use (MvEditor *self)
{
  MvBootLoader loader = self->session != NULL ? mv_session_get_document (self->session)->boot.loader
                                              : MV_BOOT_LOADER_NONE;
  const MvScenario *sc = self->session != NULL ? mv_session_get_scenario (self->session) : NULL;
  gboolean failed = loader != MV_BOOT_LOADER_NONE && sc != NULL && sc->boot_error != NULL &&
                    sc->boot_registers->len == 0;

  gtk_widget_set_sensitive (self->profile_dropdown, loader == MV_BOOT_LOADER_NONE || failed);
  gtk_widget_set_visible (self->profile_note, loader != MV_BOOT_LOADER_NONE);
  if (loader != MV_BOOT_LOADER_NONE)
    {
      g_autofree char *note = NULL;

      if (failed)
        note = g_strdup_printf ("Used: the %s loader failed (see Boot), so the MTRRs start "
                                "from this profile", mv_boot_loader_to_string (loader));
      else
        note = g_strdup_printf ("Not used: the %s loader sets the MTRRs itself "
                                "(see Boot CPU)", mv_boot_loader_to_string (loader));
      gtk_label_set_label (GTK_LABEL (self->profile_note), note);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->profile_dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, note, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->profile_dropdown),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* An edit from a section of its own. */

static void
section_edit (MvEditor   *self,
              MvDocument *doc,
              const char *field,
              const char *label)
{
  if (self->session == NULL)
    mv_document_free (doc);
  else
    commit (self, doc, field, label);
  show_profile_use (self);
}

static void
mmio_edited (MvEditor   *self,
             const char *field)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) further = g_array_new (FALSE, FALSE, sizeof (MvRange));
  const char *bad = NULL;
  gboolean has_low, has_high;
  MvRange low, high, picked;

  if (self->refreshing || self->session == NULL)
    return;

  if (!mv_gaps_section_get_chipset (MV_GAPS_SECTION (self->gaps), &has_low, &low, &has_high, &high,
                                    &bad, &error))
    {
      if (g_str_equal (bad, "high-mmio"))
        set_field_error (self, "low-mmio", gaps_field (self, "low-mmio"), NULL);
      set_field_error (self, bad, gaps_field (self, bad), error->message);
      return;
    }
  set_field_error (self, "low-mmio", gaps_field (self, "low-mmio"), NULL);
  set_field_error (self, "high-mmio", gaps_field (self, "high-mmio"), NULL);

  if (!mv_range_list_get_ranges (MV_RANGE_LIST (gaps_field (self, "mmio")), further, &error))
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
lists_changed_now (MvEditor    *self,
                   MvRangeList *list)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  GArray *target;
  const char *field, *label;

  if (self->refreshing || self->session == NULL)
    return;

  if (GTK_WIDGET (list) == gaps_field (self, "mmio"))
    {
      mmio_edited (self, "mmio");
      return;
    }

  doc = mv_session_dup_document (self->session);
  if (GTK_WIDGET (list) == gaps_field (self, "pci-ecam"))
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

/* The dropdown's items are the versions in enum order. */
static void
version_changed (MvEditor *self)
{
  g_autoptr(MvDocument) doc = NULL;
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->version_dropdown));

  if (self->refreshing || self->session == NULL || selected >= MV_OPENVMM_VERSION_N)
    return;

  doc = mv_session_dup_document (self->session);
  if (doc->openvmm_version == (MvOpenvmmVersion) selected)
    return;
  doc->openvmm_version = selected;
  commit (self, g_steal_pointer (&doc), "openvmm-version", "Change the OpenVMM version");
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

/* --- imports (MvImportList) -------------------------------------------- */

static void
import_list_edit (MvEditor     *self,
                  MvDocument   *doc,
                  const char   *field,
                  const char   *label,
                  gboolean      step,
                  MvImportList *list)
{
  if (self->session == NULL)
    {
      mv_document_free (doc);
      return;
    }
  if (!step)
    {
      commit (self, doc, field, label);
      return;
    }
  /* Adding or removing an import is an undo step of its own. */
  mv_session_break_merge (self->session);
  commit (self, doc, field, label);
  mv_session_break_merge (self->session);
  refresh (self);
}

static void
import_list_field_error (MvEditor     *self,
                         const char   *field,
                         const char   *message,
                         MvImportList *list)
{
  set_field_error (self, field, NULL, message);
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
  g_return_if_fail (MV_IS_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  mv_import_list_add_file (MV_IMPORT_LIST (self->import_list), file);
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
    mv_memory_section_apply (MV_MEMORY_SECTION (self->memory), "numa");
  if (pending & PENDING_VTL2)
    mv_memory_section_apply (MV_MEMORY_SECTION (self->memory), "vtl2");
  if (pending & PENDING_LOW)
    mmio_edited (self, "low-mmio");
  if (pending & PENDING_HIGH)
    mmio_edited (self, "high-mmio");
  if (pending & PENDING_MMIO)
    mmio_edited (self, "mmio");
  if (pending & PENDING_ECAM)
    lists_changed_now (self, MV_RANGE_LIST (gaps_field (self, "pci-ecam")));
  if (pending & PENDING_PCI_MMIO)
    lists_changed_now (self, MV_RANGE_LIST (gaps_field (self, "pci-mmio")));
  if (pending & PENDING_WIDTH)
    mv_memory_section_apply (MV_MEMORY_SECTION (self->memory), "width");
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
memory_changed (MvEditor   *self,
                const char *field)
{
  queue (self, g_str_equal (field, "numa") ? PENDING_NUMA :
               g_str_equal (field, "vtl2") ? PENDING_VTL2 : PENDING_WIDTH);
}

/* Typing in a gap (or a click on "None", applied at once). */
static void
gaps_changed (MvEditor   *self,
              const char *field,
              gboolean    now)
{
  struct { const char *field; guint bit; } bits[] = {
    { "low-mmio", PENDING_LOW },
    { "high-mmio", PENDING_HIGH },
    { "mmio", PENDING_MMIO },
    { "pci-ecam", PENDING_ECAM },
    { "pci-mmio", PENDING_PCI_MMIO },
  };

  if (now)
    {
      mmio_edited (self, field);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (bits); i++)
    if (g_str_equal (field, bits[i].field))
      queue (self, bits[i].bit);
}

/* --- from the document to the fields ----------------------------------- */

static void
mark_session_error (MvEditor *self)
{
  const char *field = mv_session_get_error_field (self->session);
  const char *message = mv_session_get_error (self->session);
  struct { const char *name; GtkWidget *widget; } fields[] = {
    { "ram", memory_field (self, "ram") },
    { "numa", memory_field (self, "numa") },
    { "vtl2", memory_field (self, "vtl2") },
    { "low-mmio", gaps_field (self, "low-mmio") },
    { "high-mmio", gaps_field (self, "high-mmio") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      /* A field turned off (High MMIO under "None") says nothing: the
       * error is not about its text. */
      gboolean hit = (g_strcmp0 (field, fields[i].name) == 0 ||
                      (g_strcmp0 (field, "mmio") == 0 &&
                       g_str_has_suffix (fields[i].name, "-mmio"))) &&
                     gtk_widget_get_sensitive (fields[i].widget);

      /* Keep parse errors: they are the user's text. */
      if (mv_field_errors_has (self->errors, fields[i].name))
        continue;
      mark (self, fields[i].widget, hit ? message : NULL);
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

  if (self->session == NULL)
    return;

  doc = mv_session_get_document (self->session);
  mmio = doc->mmio;
  self->refreshing = TRUE;

  /* A refresh from outside (undo, open) drops queued edits and the
   * fields' parse errors. */
  self->pending = 0;
  cancel_pending (self);
  mv_field_errors_clear (self->errors);

  refresh_document_fields (self);

  mv_memory_section_show (MV_MEMORY_SECTION (self->memory));
  mv_boot_section_show (MV_BOOT_SECTION (self->boot));
  show_profile_use (self);

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

  mv_gaps_section_show_chipset (MV_GAPS_SECTION (self->gaps), has_low ? &low : NULL,
                                has_high ? &high : NULL);
  mark (self, gaps_field (self, "low-mmio"), NULL);
  mark (self, gaps_field (self, "high-mmio"), NULL);

  further = g_array_new (FALSE, FALSE, sizeof (MvRange));
  for (guint i = 0; i < mmio->len; i++)
    if ((int) i != low_index && (int) i != high_index)
      g_array_append_val (further, g_array_index (mmio, MvRange, i));
  /* The chipset gaps count in the document's mmio list too. */
  g_object_set (gaps_field (self, "mmio"), "max-rows",
                (guint) (MV_DOCUMENT_MAX_GAPS - (low_index >= 0) - (high_index >= 0)), NULL);
  mv_range_list_set_ranges (MV_RANGE_LIST (gaps_field (self, "mmio")), (MvRange *) further->data, further->len);
  mv_range_list_set_ranges (MV_RANGE_LIST (gaps_field (self, "pci-ecam")),
                            (MvRange *) doc->pci_ecam->data, doc->pci_ecam->len);
  mv_range_list_set_ranges (MV_RANGE_LIST (gaps_field (self, "pci-mmio")),
                            (MvRange *) doc->pci_mmio->data, doc->pci_mmio->len);

  /* MTRRs and boot */
  for (guint i = 0; mv_mtrr_profile_names ()[i] != NULL; i++)
    if (g_strcmp0 (doc->profile, mv_mtrr_profile_names ()[i]) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->profile_dropdown), i);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->vcnt_spin), doc->vcnt);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->version_dropdown), doc->openvmm_version);

  mv_import_list_refresh (MV_IMPORT_LIST (self->import_list));
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
      mv_import_list_refresh (MV_IMPORT_LIST (self->import_list));
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
step_ended (MvEditor *self,
            gboolean  typed_over)
{
  if (typed_over && (self->refreshing || self->session == NULL))
    return;
  break_merge (self);
}

static void
mv_editor_root (GtkWidget *widget)
{
  MvEditor *self = MV_EDITOR (widget);

  GTK_WIDGET_CLASS (mv_editor_parent_class)->root (widget);
  mv_edit_steps_set_root (self->steps, gtk_widget_get_root (widget));
}

static void
mv_editor_unroot (GtkWidget *widget)
{
  MvEditor *self = MV_EDITOR (widget);

  mv_edit_steps_set_root (self->steps, NULL);
  GTK_WIDGET_CLASS (mv_editor_parent_class)->unroot (widget);
}

/* --- GObject ----------------------------------------------------------- */

static void
mv_editor_dispose (GObject *object)
{
  MvEditor *self = MV_EDITOR (object);

  cancel_pending (self);
  mv_editor_set_session (self, NULL);
  if (self->steps != NULL)
    g_signal_handlers_disconnect_by_func (self->steps, step_ended, self);
  g_clear_object (&self->steps);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_EDITOR);

  G_OBJECT_CLASS (mv_editor_parent_class)->dispose (object);
}

static void
mv_editor_finalize (GObject *object)
{
  MvEditor *self = MV_EDITOR (object);

  g_object_unref (self->errors);

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
      g_value_set_string (value, mv_field_errors_get_message (self->errors));
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

  g_type_ensure (MV_TYPE_MEMORY_SECTION);
  g_type_ensure (MV_TYPE_GAPS_SECTION);
  g_type_ensure (MV_TYPE_BOOT_SECTION);
  g_type_ensure (MV_TYPE_IMPORT_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MvEditor, box);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, title_entry);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, description_entry);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, memory);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, boot);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, gaps);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, profile_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, profile_note);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, version_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, vcnt_spin);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, import_list);
  gtk_widget_class_bind_template_child (widget_class, MvEditor, label_sizes);
  gtk_widget_class_bind_template_callback (widget_class, title_changed);
  gtk_widget_class_bind_template_callback (widget_class, description_changed);
  gtk_widget_class_bind_template_callback (widget_class, gaps_changed);
  gtk_widget_class_bind_template_callback (widget_class, memory_changed);
  gtk_widget_class_bind_template_callback (widget_class, section_edit);
  gtk_widget_class_bind_template_callback (widget_class, profile_changed);
  gtk_widget_class_bind_template_callback (widget_class, version_changed);
  gtk_widget_class_bind_template_callback (widget_class, vcnt_changed);
  gtk_widget_class_bind_template_callback (widget_class, import_list_edit);
  gtk_widget_class_bind_template_callback (widget_class, import_list_field_error);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mveditor");
}

static void
mv_editor_init (MvEditor *self)
{
  self->errors = mv_field_errors_new ();
  g_signal_connect_swapped (self->errors, "notify::message", G_CALLBACK (errors_changed), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    g_autoptr(GtkStringList) profiles = gtk_string_list_new (mv_mtrr_profile_names ());

    gtk_drop_down_set_model (GTK_DROP_DOWN (self->profile_dropdown), G_LIST_MODEL (profiles));
  }
  {
    g_autoptr(GtkStringList) versions = gtk_string_list_new (NULL);

    for (guint v = 0; v < MV_OPENVMM_VERSION_N; v++)
      gtk_string_list_append (versions, mv_openvmm_version_to_string (v));
    gtk_drop_down_set_model (GTK_DROP_DOWN (self->version_dropdown), G_LIST_MODEL (versions));
  }
  self->steps = mv_edit_steps_new (GTK_WIDGET (self));
  g_signal_connect_swapped (self->steps, "step-ended", G_CALLBACK (step_ended), self);
  mv_memory_section_set_session (MV_MEMORY_SECTION (self->memory), NULL, self->errors);
  mv_memory_section_add_labels (MV_MEMORY_SECTION (self->memory), self->label_sizes);
  mv_gaps_section_add_labels (MV_GAPS_SECTION (self->gaps), self->label_sizes);
  mv_boot_section_add_labels (MV_BOOT_SECTION (self->boot), self->label_sizes);
  gtk_size_group_add_widget (self->label_sizes, mv_import_list_get_label (MV_IMPORT_LIST (self->import_list)));
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
  mv_import_list_set_session (MV_IMPORT_LIST (self->import_list), session);
  mv_memory_section_set_session (MV_MEMORY_SECTION (self->memory), session, self->errors);
  mv_boot_section_set_session (MV_BOOT_SECTION (self->boot), session);
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
  return mv_field_errors_get_message (self->errors);
}

/**
 * mv_editor_get_field:
 * @name: "title", "description", "ram", "numa", "width", "vtl2", "low-mmio", "high-mmio",
 *   "high-none", "mmio", "pci-ecam", "pci-mmio", "profile", "profile-note" (why the profile
 *   is greyed out), "openvmm-version", "vcnt", "gdt",
 *   "gdt-page", "imports", and the Boot section's (mv_boot_section_get_field())
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
    { "profile", self->profile_dropdown },
    { "profile-note", self->profile_note },
    { "openvmm-version", self->version_dropdown },
    { "vcnt", self->vcnt_spin },
  };

  g_return_val_if_fail (MV_IS_EDITOR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return fields[i].widget;
  if (gaps_field (self, name) != NULL)
    return gaps_field (self, name);
  if (memory_field (self, name) != NULL)
    return memory_field (self, name);
  if (mv_boot_section_get_field (MV_BOOT_SECTION (self->boot), name) != NULL)
    return mv_boot_section_get_field (MV_BOOT_SECTION (self->boot), name);
  return mv_import_list_get_field (MV_IMPORT_LIST (self->import_list), name);
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
