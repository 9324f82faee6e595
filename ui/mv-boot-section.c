/* SPDX-License-Identifier: MIT */
/* The editor's Boot section (see mv-boot-section.h). Each change is an
 * edit of a copy of the session's document, handed to the editor through
 * ::edit, so it goes through the session's history like the others. */
#include "config.h"

#include "mv-boot-section.h"
#include "mv-size-entry.h"

struct _MvBootSection
{
  GtkWidget   parent_instance;

  MvSession  *session;
  gboolean    refreshing;        /* showing the document */
  GtkFileChooserNative *chooser;
  char       *choosing;          /* the field the chooser is for */

  /* template */
  GtkWidget  *loader_label;
  GtkWidget  *loader_dropdown;
  GtkWidget  *kernel_label;
  GtkWidget  *kernel_button;
  GtkWidget  *initrd_label;
  GtkWidget  *initrd_box;
  GtkWidget  *initrd_button;
  GtkWidget  *initrd_clear;
  GtkWidget  *cmdline_label;
  GtkWidget  *cmdline_entry;
  GtkWidget  *acpi_label;
  GtkWidget  *acpi_entry;
  GtkWidget  *smbios_label;
  GtkWidget  *smbios_switch;
  GtkWidget  *firmware_label;
  GtkWidget  *firmware_button;
  GtkWidget  *uefi_label;
  GtkWidget  *uefi_dropdown;
  GtkWidget  *error_label;
};

enum {
  EDIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MvBootSection, mv_boot_section, GTK_TYPE_WIDGET)

/* A copy of the session's document to edit, or NULL while showing it. */
static MvDocument *
begin_edit (MvBootSection *self)
{
  if (self->refreshing || self->session == NULL)
    return NULL;
  return mv_session_dup_document (self->session);
}

static void
edit (MvBootSection *self,
      MvDocument    *doc,
      const char    *field,
      const char    *label)
{
  g_signal_emit (self, signals[EDIT], 0, doc, field, label);
  /* The editor leaves its own edits' fields as they are: the rows the
   * loader reads, and the files' names, follow here. */
  mv_boot_section_show (self);
}

static void
loader_changed (MvBootSection *self)
{
  g_autoptr(MvDocument) doc = begin_edit (self);
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->loader_dropdown));

  if (doc == NULL || selected >= g_strv_length ((char **) mv_boot_loader_names ()))
    return;
  mv_boot_loader_from_string (mv_boot_loader_names ()[selected], &doc->boot.loader);
  edit (self, g_steal_pointer (&doc), "loader", "Change the boot loader");
}

static void
uefi_changed (MvBootSection *self)
{
  g_autoptr(MvDocument) doc = begin_edit (self);
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->uefi_dropdown));

  if (doc == NULL || selected >= g_strv_length ((char **) mv_uefi_config_names ()))
    return;
  mv_uefi_config_from_string (mv_uefi_config_names ()[selected], &doc->boot.uefi_config);
  edit (self, g_steal_pointer (&doc), "uefi-config", "Change the UEFI config blob");
}

static void
cmdline_changed (MvBootSection *self)
{
  g_autoptr(MvDocument) doc = begin_edit (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->cmdline_entry));

  if (doc == NULL)
    return;
  g_free (doc->boot.cmdline);
  doc->boot.cmdline = *text != '\0' ? g_strdup (text) : NULL;
  edit (self, g_steal_pointer (&doc), "cmdline", "Change the kernel command line");
}

static void
acpi_changed (MvBootSection *self)
{
  g_autoptr(MvDocument) doc = begin_edit (self);
  guint64 size = mv_size_entry_get_value (MV_SIZE_ENTRY (self->acpi_entry));

  if (doc == NULL || size == 0)
    return;
  doc->boot.acpi_size = size;
  edit (self, g_steal_pointer (&doc), "acpi-size", "Change the ACPI tables' size");
}

static void
smbios_changed (MvBootSection *self)
{
  g_autoptr(MvDocument) doc = begin_edit (self);

  if (doc == NULL)
    return;
  doc->boot.smbios = gtk_switch_get_active (GTK_SWITCH (self->smbios_switch));
  edit (self, g_steal_pointer (&doc), "smbios", "Change the SMBIOS tables");
}

static char **
field_path (MvDocument *doc,
            const char *field)
{
  if (g_str_equal (field, "kernel"))
    return &doc->boot.kernel;
  if (g_str_equal (field, "initrd"))
    return &doc->boot.initrd;
  if (g_str_equal (field, "firmware"))
    return &doc->boot.firmware;
  return NULL;
}

/**
 * mv_boot_section_choose_file:
 * @field: "kernel", "initrd" or "firmware"
 * @path: (nullable): the file, or NULL for none
 *
 * What choosing a file in the dialog does (tests call it directly).
 */
void
mv_boot_section_choose_file (MvBootSection *self,
                             const char    *field,
                             const char    *path)
{
  g_autoptr(MvDocument) doc = begin_edit (self);
  g_autofree char *label = NULL;
  char **slot;

  g_return_if_fail (MV_IS_BOOT_SECTION (self));
  if (doc == NULL || (slot = field_path (doc, field)) == NULL)
    return;
  g_free (*slot);
  *slot = path != NULL ? g_strdup (path) : NULL;
  label = g_strdup_printf ("Choose the %s", field);
  /* Each choice is an undo step of its own. */
  mv_session_break_merge (self->session);
  edit (self, g_steal_pointer (&doc), field, label);
  mv_session_break_merge (self->session);
}

static void
chooser_response (MvBootSection *self,
                  int            response)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        mv_boot_section_choose_file (self, self->choosing, path);
    }
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->choosing, g_free);
}

/* The chooser opens on the file chosen before, or else on /boot for a
 * kernel or an initrd, where Linux keeps its own. */
static void
chooser_start (MvBootSection *self,
               const char    *field)
{
  g_autoptr(MvDocument) doc = mv_session_dup_document (self->session);
  char **slot = field_path (doc, field);
  g_autofree char *path = slot != NULL && *slot != NULL ? mv_document_resolve_path (doc, *slot) : NULL;

  if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), file, NULL);
    }
  else if (!g_str_equal (field, "firmware") && g_file_test ("/boot", G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path ("/boot");

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
}

static void
open_chooser (MvBootSection *self,
              const char    *field,
              const char    *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL || self->session == NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  chooser_start (self, field);
  self->choosing = g_strdup (field);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
kernel_clicked (MvBootSection *self)
{
  open_chooser (self, "kernel", "Choose a Linux kernel (bzImage or vmlinux)");
}

static void
initrd_clicked (MvBootSection *self)
{
  open_chooser (self, "initrd", "Choose an initrd");
}

static void
initrd_cleared (MvBootSection *self)
{
  mv_boot_section_choose_file (self, "initrd", NULL);
}

static void
firmware_clicked (MvBootSection *self)
{
  open_chooser (self, "firmware", "Choose the firmware image");
}

/* A file button says the file's name, or what to do. */
static void
show_file (GtkWidget  *button,
           const char *path,
           const char *none)
{
  g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;

  gtk_button_set_label (GTK_BUTTON (button), base != NULL ? base : none);
  gtk_widget_set_tooltip_text (button, path);
}

static void
set_row_visible (GtkWidget *label,
                 GtkWidget *field,
                 gboolean   visible)
{
  gtk_widget_set_visible (label, visible);
  gtk_widget_set_visible (field, visible);
}

/* The field a loader's error is about, by upstream's kind (a file that
 * cannot be read, by the name the loader gives it); NULL when no field is. */
static const char *
error_field (const GError *error,
             MvBootLoader  loader)
{
  if (error->domain != MV_BOOT_ERROR)
    return NULL;
  switch ((MvBootError) error->code)
    {
    case MV_BOOT_ERROR_BZIMAGE_MAGIC:
    case MV_BOOT_ERROR_BZIMAGE_PROTOCOL:
    case MV_BOOT_ERROR_BZIMAGE_NOT_LOADED_HIGH:
    case MV_BOOT_ERROR_BZIMAGE_NOT_64BIT:
    case MV_BOOT_ERROR_BZIMAGE_TRUNCATED:
    case MV_BOOT_ERROR_ELF_MAGIC:
    case MV_BOOT_ERROR_ELF_NOT_X86_64:
    case MV_BOOT_ERROR_ELF_BELOW_1MB:
    case MV_BOOT_ERROR_ELF_READ_HEADER:
    case MV_BOOT_ERROR_ELF_BIG_ENDIAN:
    case MV_BOOT_ERROR_ELF_ENTRY:
    case MV_BOOT_ERROR_ELF_PROGRAM_HEADER:
      return "kernel";
    case MV_BOOT_ERROR_FIRMWARE_SIZE:
    case MV_BOOT_ERROR_NO_SEC_ENTRY:
    case MV_BOOT_ERROR_PCAT_SIZE:
      return "firmware";
    case MV_BOOT_ERROR_CMDLINE_TOO_LONG:
      return "cmdline";
    case MV_BOOT_ERROR_EMPTY_ACPI_TABLES:
    case MV_BOOT_ERROR_LOW_TABLES_TOO_LARGE:
      return "acpi-size";
    case MV_BOOT_ERROR_IO:
      if (g_str_has_prefix (error->message, "the kernel"))
        return "kernel";
      if (g_str_has_prefix (error->message, "the initrd"))
        return "initrd";
      return loader == MV_BOOT_LOADER_LINUX ? NULL : "firmware";
    default:
      return NULL;
    }
}

/* The scenario's loader error under the fields, and on the field it is
 * about (marked); or, dimmed, the file the loader waits for. */
static void
show_error (MvBootSection *self)
{
  const MvScenario *sc = mv_session_get_scenario (self->session);
  const MvDocument *doc = mv_session_get_document (self->session);
  /* not the error of a document before the edits still loading */
  const GError *error = sc != NULL && !mv_session_get_stale (self->session) &&
                        !mv_session_get_busy (self->session) ? sc->boot_error : NULL;
  const char *marked = error != NULL ? error_field (error, doc->boot.loader) : NULL;
  const char *needs = sc != NULL && !mv_session_get_busy (self->session) &&
                      doc->boot.loader != MV_BOOT_LOADER_NONE ? sc->boot_needs : NULL;
  const char *fields[] = { "kernel", "initrd", "cmdline", "acpi-size", "firmware" };

  gtk_widget_set_visible (self->error_label, error != NULL || needs != NULL);
  /* red for an error; dimmed for what to do next */
  gtk_widget_set_css_classes (self->error_label,
                              (const char *[]) { error != NULL ? "error" : "dim-label", "caption", NULL });
  if (error == NULL && needs != NULL)
    {
      /* Not an error: what to do next, beside the button that does it. */
      g_autofree char *text = g_strdup_printf ("Choose %s to run the %s loader.",
                                               g_str_equal (needs, "kernel") ? "a kernel"
                                                                             : "a firmware image",
                                               mv_boot_loader_to_string (doc->boot.loader));

      gtk_label_set_label (GTK_LABEL (self->error_label), text);
    }
  else if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("The %s loader failed%s%s%s: %s",
                                               mv_boot_loader_to_string (doc->boot.loader),
                                               sc->boot_error_name != NULL ? " (" : "",
                                               sc->boot_error_name != NULL ? sc->boot_error_name : "",
                                               sc->boot_error_name != NULL ? ")" : "",
                                               error->message);

      gtk_label_set_label (GTK_LABEL (self->error_label), text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *widget = mv_boot_section_get_field (self, fields[i]);

      /* The colour, and the words for whoever does not see it. */
      if (g_strcmp0 (marked, fields[i]) == 0)
        {
          gtk_widget_add_css_class (widget, "error");
          gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                          gtk_label_get_label (GTK_LABEL (self->error_label)), -1);
          gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                                       GTK_ACCESSIBLE_INVALID_TRUE, -1);
        }
      else if (gtk_widget_has_css_class (widget, "error"))
        {
          gtk_widget_remove_css_class (widget, "error");
          gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
          gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID);
        }
    }
}

/**
 * mv_boot_section_show:
 * Shows the session's document's [boot].
 */
void
mv_boot_section_show (MvBootSection *self)
{
  const MvDocument *doc;
  const MvBootConfig *boot;
  gboolean linux_loader, uefi;

  g_return_if_fail (MV_IS_BOOT_SECTION (self));
  if (self->session == NULL)
    return;

  doc = mv_session_get_document (self->session);
  boot = &doc->boot;
  linux_loader = boot->loader == MV_BOOT_LOADER_LINUX;
  uefi = boot->loader == MV_BOOT_LOADER_UEFI;

  self->refreshing = TRUE;
  for (guint i = 0; mv_boot_loader_names ()[i] != NULL; i++)
    if (g_str_equal (mv_boot_loader_to_string (boot->loader), mv_boot_loader_names ()[i]))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->loader_dropdown), i);
  for (guint i = 0; mv_uefi_config_names ()[i] != NULL; i++)
    if (g_str_equal (mv_uefi_config_to_string (boot->uefi_config), mv_uefi_config_names ()[i]))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->uefi_dropdown), i);
  show_file (self->kernel_button, boot->kernel, "Choose a kernel…");
  show_file (self->initrd_button, boot->initrd, "None (choose…)");
  gtk_widget_set_sensitive (self->initrd_clear, boot->initrd != NULL);
  show_file (self->firmware_button, boot->firmware,
             boot->loader == MV_BOOT_LOADER_PCAT ? "None, as OpenVMM (choose…)" : "Choose firmware…");
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->cmdline_entry)),
                 boot->cmdline != NULL ? boot->cmdline : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->cmdline_entry), boot->cmdline != NULL ? boot->cmdline : "");
  if (mv_size_entry_get_value (MV_SIZE_ENTRY (self->acpi_entry)) != boot->acpi_size)
    mv_size_entry_set_value (MV_SIZE_ENTRY (self->acpi_entry), boot->acpi_size);
  gtk_switch_set_active (GTK_SWITCH (self->smbios_switch), boot->smbios);

  set_row_visible (self->kernel_label, self->kernel_button, linux_loader);
  set_row_visible (self->initrd_label, self->initrd_box, linux_loader);
  set_row_visible (self->cmdline_label, self->cmdline_entry, linux_loader);
  set_row_visible (self->acpi_label, self->acpi_entry, linux_loader);
  set_row_visible (self->smbios_label, self->smbios_switch, linux_loader);
  set_row_visible (self->firmware_label, self->firmware_button,
                   uefi || boot->loader == MV_BOOT_LOADER_PCAT);
  set_row_visible (self->uefi_label, self->uefi_dropdown, uefi);
  show_error (self);
  self->refreshing = FALSE;
}

static void
mv_boot_section_dispose (GObject *object)
{
  MvBootSection *self = MV_BOOT_SECTION (object);
  GtkWidget *child;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->choosing, g_free);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MV_TYPE_BOOT_SECTION);
  /* The template's grid has no binding. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mv_boot_section_parent_class)->dispose (object);
}

static void
mv_boot_section_class_init (MvBootSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mv_boot_section_dispose;

  signals[EDIT] =
    g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_POINTER, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (MV_TYPE_SIZE_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memviz/Memviz/mv-boot-section.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, MvBootSection, name)
  CHILD (loader_label);
  CHILD (loader_dropdown);
  CHILD (kernel_label);
  CHILD (kernel_button);
  CHILD (initrd_label);
  CHILD (initrd_box);
  CHILD (initrd_button);
  CHILD (initrd_clear);
  CHILD (cmdline_label);
  CHILD (cmdline_entry);
  CHILD (acpi_label);
  CHILD (acpi_entry);
  CHILD (smbios_label);
  CHILD (smbios_switch);
  CHILD (firmware_label);
  CHILD (firmware_button);
  CHILD (uefi_label);
  CHILD (uefi_dropdown);
  CHILD (error_label);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, loader_changed);
  gtk_widget_class_bind_template_callback (widget_class, uefi_changed);
  gtk_widget_class_bind_template_callback (widget_class, cmdline_changed);
  gtk_widget_class_bind_template_callback (widget_class, acpi_changed);
  gtk_widget_class_bind_template_callback (widget_class, smbios_changed);
  gtk_widget_class_bind_template_callback (widget_class, kernel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, initrd_clicked);
  gtk_widget_class_bind_template_callback (widget_class, initrd_cleared);
  gtk_widget_class_bind_template_callback (widget_class, firmware_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mvbootsection");
}

static void
mv_boot_section_init (MvBootSection *self)
{
  g_autoptr(GtkStringList) loaders = NULL;
  g_autoptr(GtkStringList) configs = NULL;

  self->refreshing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  loaders = gtk_string_list_new (mv_boot_loader_names ());
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->loader_dropdown), G_LIST_MODEL (loaders));
  configs = gtk_string_list_new (mv_uefi_config_names ());
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->uefi_dropdown), G_LIST_MODEL (configs));
  mv_size_entry_set_value (MV_SIZE_ENTRY (self->acpi_entry), MV_DOCUMENT_DEFAULT_ACPI_SIZE);
  set_row_visible (self->kernel_label, self->kernel_button, FALSE);
  set_row_visible (self->initrd_label, self->initrd_box, FALSE);
  set_row_visible (self->cmdline_label, self->cmdline_entry, FALSE);
  set_row_visible (self->acpi_label, self->acpi_entry, FALSE);
  set_row_visible (self->smbios_label, self->smbios_switch, FALSE);
  set_row_visible (self->firmware_label, self->firmware_button, FALSE);
  set_row_visible (self->uefi_label, self->uefi_dropdown, FALSE);
  self->refreshing = FALSE;
}

GtkWidget *
mv_boot_section_new (void)
{
  return g_object_new (MV_TYPE_BOOT_SECTION, NULL);
}

void
mv_boot_section_set_session (MvBootSection *self,
                             MvSession     *session)
{
  g_return_if_fail (MV_IS_BOOT_SECTION (self));
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  /* The loader's error comes with the scenario, later than the edit
   * when the files load in a thread. */
  if (session != NULL)
    g_signal_connect_swapped (session, "changed", G_CALLBACK (show_error), self);
}

void
mv_boot_section_add_labels (MvBootSection *self,
                            GtkSizeGroup  *group)
{
  GtkWidget *labels[] = {
    self->loader_label, self->kernel_label, self->initrd_label, self->cmdline_label,
    self->acpi_label, self->smbios_label, self->firmware_label, self->uefi_label,
  };

  g_return_if_fail (MV_IS_BOOT_SECTION (self));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_size_group_add_widget (group, labels[i]);
}

/**
 * mv_boot_section_get_field:
 * @name: "loader", "kernel", "initrd", "cmdline", "acpi-size", "smbios",
 *   "firmware", "uefi-config" or "boot-error" (the loader's error, or
 *   the file it waits for, under the fields)
 *
 * Returns: (transfer none) (nullable): the widget that edits @name
 */
GtkWidget *
mv_boot_section_get_field (MvBootSection *self,
                           const char    *name)
{
  struct { const char *name; GtkWidget *widget; } fields[] = {
    { "loader", self->loader_dropdown },
    { "kernel", self->kernel_button },
    { "initrd", self->initrd_button },
    { "cmdline", self->cmdline_entry },
    { "acpi-size", self->acpi_entry },
    { "smbios", self->smbios_switch },
    { "firmware", self->firmware_button },
    { "uefi-config", self->uefi_dropdown },
    { "boot-error", self->error_label },
  };

  g_return_val_if_fail (MV_IS_BOOT_SECTION (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return fields[i].widget;
  return NULL;
}
