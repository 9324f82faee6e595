/* SPDX-License-Identifier: MIT */
/* The `.memviz` document's model (MvDocument): its life cycle, comparison
 * and edits, and the rules about its content that the UI shares (which
 * MMIO gap a chipset gap names). Loading is mv-document-load.c (with its
 * scanner, mv-document-scan.c), saving mv-document-save.c, the files a
 * document reads mv-document-files.c, its imports mv-import-spec.c. */
#include "mv-document.h"
#include "mv-document-private.h"

#include <string.h>

#include "mv-enum.h"
#include "mv-mtrr.h"
#include "mv-mtrr-state.h"

G_DEFINE_QUARK (mv-document-error-quark, mv_document_error)

void
_mv_document_raw_key_free (gpointer data)
{
  MvDocumentRawKey *k = data;

  g_free (k->group);
  g_free (k->key);
  g_free (k->value);
  g_free (k);
}

/* Between a group and a key in a key's index: no name holds a control
 * character. */
#define KEY_SEPARATOR "\x1f"

/* The index of a key in a group: "group\x1fkey"; the group alone when
 * @key is NULL. */
char *
_mv_document_key (const char *group,
                  const char *key)
{
  return key != NULL ? g_strconcat (group, KEY_SEPARATOR, key, NULL) : g_strdup (group);
}

/* Looks up @group's @key in @table (keyed by _mv_document_key ()) without
 * allocating the index when it is short, as a load looks up several keys
 * of every group. */
gboolean
_mv_document_key_lookup (GHashTable *table,
                         const char *group,
                         const char *key,
                         gpointer   *value)
{
  char buf[256];
  gsize g = strlen (group), k = strlen (key);
  g_autofree char *heap = NULL;
  const char *index = buf;

  if (g + k + 2 <= sizeof buf)
    {
      memcpy (buf, group, g);
      buf[g] = KEY_SEPARATOR[0];
      memcpy (buf + g + 1, key, k + 1);
    }
  else
    index = heap = _mv_document_key (group, key);
  return g_hash_table_lookup_extended (table, index, NULL, value);
}

/* The length of text kept raw (comments, unknown values) for saving:
 * without trailing carriage returns, which would read back as CRLF line
 * ends and shrink the text by one at every save. */
gsize
_mv_document_raw_len (const char *text)
{
  gsize n = strlen (text);

  while (n > 0 && text[n - 1] == '\r')
    n--;
  return n;
}

gboolean
_mv_document_is_import_group (const char *group)
{
  return g_str_has_prefix (group, IMPORT_PREFIX) || g_str_equal (group, "import");
}

/* A group this version reads (the others are kept for saving). */
gboolean
_mv_document_is_known_group (const char *group)
{
  return g_str_equal (group, GROUP_MEMVIZ) || g_str_equal (group, GROUP_MEMORY) ||
         g_str_equal (group, GROUP_MTRR) || g_str_equal (group, GROUP_BOOT) ||
         _mv_document_is_import_group (group);
}

/* "line N, [group] key: message" */
static char *
message_at (guint       line,
            const char *group,
            const char *key,
            const char *format,
            va_list     args)
{
  g_autofree char *msg = g_strdup_vprintf (format, args);

  if (group != NULL && key != NULL)
    return g_strdup_printf ("line %u, [%s] %s: %s", line, group, key, msg);
  if (group != NULL)
    return g_strdup_printf ("line %u, [%s]: %s", line, group, msg);
  return g_strdup_printf ("line %u: %s", line, msg);
}

/* Returns: FALSE, for `return _mv_document_fail (...)` */
gboolean
_mv_document_fail (GError          **error,
                   MvDocumentError   code,
                   guint             line,
                   const char       *group,
                   const char       *key,
                   const char       *format,
                   ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = message_at (line, group, key, format, args);
  va_end (args);
  g_set_error_literal (error, MV_DOCUMENT_ERROR, code, text);
  return FALSE;
}

void
_mv_document_warn (MvDocument *doc,
                   guint       line,
                   const char *group,
                   const char *key,
                   const char *format,
                   ...)
{
  MvDocumentWarning *w = g_new0 (MvDocumentWarning, 1);
  va_list args;

  va_start (args, format);
  w->message = message_at (line, group, key, format, args);
  va_end (args);
  w->line = line;
  w->group = g_strdup (group);
  w->key = g_strdup (key);
  g_ptr_array_add (doc->warnings, w);
}

/* A boot profile's name as a document writes it (exactly, in lower case). */
gboolean
mv_document_profile_is_valid (const char *profile)
{
  return profile != NULL && g_strv_contains (mv_mtrr_profile_names (), profile);
}

static GHashTable *
comments_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * mv_document_new:
 * An untitled document: 1 GiB of RAM, no gaps, no imports, the defaults
 * for the rest.
 */
MvDocument *
mv_document_new (void)
{
  MvDocument *doc = g_new0 (MvDocument, 1);
  guint64 ram = (guint64) 1 << 30;

  doc->ram_sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_array_append_val (doc->ram_sizes, ram);
  doc->mmio = g_array_new (FALSE, FALSE, sizeof (MvRange));
  doc->pci_ecam = g_array_new (FALSE, FALSE, sizeof (MvRange));
  doc->pci_mmio = g_array_new (FALSE, FALSE, sizeof (MvRange));
  doc->chipset_low.mode = MV_CHIPSET_GAP_AUTO;
  doc->chipset_high.mode = MV_CHIPSET_GAP_AUTO;
  doc->address_width = MV_DOCUMENT_DEFAULT_WIDTH;
  doc->vcnt = MV_DOCUMENT_DEFAULT_VCNT;
  doc->profile = g_strdup (MV_DOCUMENT_DEFAULT_PROFILE);
  doc->boot.uefi_config = MV_UEFI_CONFIG_OPENVMM;
  doc->boot.smbios = TRUE;
  doc->boot.acpi_size = MV_DOCUMENT_DEFAULT_ACPI_SIZE;
  doc->imports = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_import_spec_free);
  doc->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_document_warning_free);
  doc->comments = comments_new ();
  doc->extras = g_ptr_array_new_with_free_func (_mv_document_raw_key_free);
  return doc;
}

void
mv_document_free (MvDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_free (doc->description);
  g_clear_pointer (&doc->ram_sizes, g_array_unref);
  g_clear_pointer (&doc->mmio, g_array_unref);
  g_clear_pointer (&doc->pci_ecam, g_array_unref);
  g_clear_pointer (&doc->pci_mmio, g_array_unref);
  g_free (doc->profile);
  mv_boot_config_clear (&doc->boot);
  g_clear_pointer (&doc->imports, g_ptr_array_unref);
  g_free (doc->path);
  g_free (doc->base_dir);
  g_clear_pointer (&doc->warnings, g_ptr_array_unref);
  g_clear_pointer (&doc->comments, g_hash_table_unref);
  g_clear_pointer (&doc->extras, g_ptr_array_unref);
  g_free (doc);
}

static GArray *
copy_array (GArray *a)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, g_array_get_element_size (a), a->len);

  g_array_append_vals (copy, a->data, a->len);
  return copy;
}

MvDocument *
mv_document_copy (const MvDocument *doc)
{
  MvDocument *copy;
  GHashTableIter iter;
  gpointer k, v;

  g_return_val_if_fail (doc != NULL, NULL);

  copy = mv_document_new ();
  copy->title = g_strdup (doc->title);
  copy->description = g_strdup (doc->description);
  copy->numa = doc->numa;
  g_array_unref (copy->ram_sizes);
  copy->ram_sizes = copy_array (doc->ram_sizes);
  g_array_unref (copy->mmio);
  copy->mmio = copy_array (doc->mmio);
  g_array_unref (copy->pci_ecam);
  copy->pci_ecam = copy_array (doc->pci_ecam);
  g_array_unref (copy->pci_mmio);
  copy->pci_mmio = copy_array (doc->pci_mmio);
  copy->has_vtl2 = doc->has_vtl2;
  copy->vtl2 = doc->vtl2;
  copy->chipset_low = doc->chipset_low;
  copy->chipset_high = doc->chipset_high;
  copy->address_width = doc->address_width;
  copy->vcnt = doc->vcnt;
  copy->openvmm_version = doc->openvmm_version;
  g_free (copy->profile);
  copy->profile = g_strdup (doc->profile);
  mv_document_boot_config_copy (&copy->boot, &doc->boot);
  for (guint i = 0; i < doc->imports->len; i++)
    g_ptr_array_add (copy->imports, mv_import_spec_copy (g_ptr_array_index (doc->imports, i)));
  copy->path = g_strdup (doc->path);
  copy->base_dir = g_strdup (doc->base_dir);
  for (guint i = 0; i < doc->warnings->len; i++)
    {
      const MvDocumentWarning *w = g_ptr_array_index (doc->warnings, i);
      MvDocumentWarning *wc = g_new0 (MvDocumentWarning, 1);

      wc->line = w->line;
      wc->group = g_strdup (w->group);
      wc->key = g_strdup (w->key);
      wc->message = g_strdup (w->message);
      g_ptr_array_add (copy->warnings, wc);
    }
  g_hash_table_iter_init (&iter, doc->comments);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy->comments, g_strdup (k), g_strdup (v));
  for (guint i = 0; i < doc->extras->len; i++)
    {
      const MvDocumentRawKey *e = g_ptr_array_index (doc->extras, i);
      MvDocumentRawKey *ec = g_new0 (MvDocumentRawKey, 1);

      ec->group = g_strdup (e->group);
      ec->key = g_strdup (e->key);
      ec->value = g_strdup (e->value);
      g_ptr_array_add (copy->extras, ec);
    }
  return copy;
}

static gboolean
arrays_equal (GArray *a,
              GArray *b)
{
  gsize size = g_array_get_element_size (a);

  return a->len == b->len && size == g_array_get_element_size (b) &&
         (a->len == 0 || memcmp (a->data, b->data, a->len * size) == 0);
}

static gboolean
gaps_equal (const MvChipsetGap *a,
            const MvChipsetGap *b)
{
  return a->mode == b->mode &&
         (a->mode != MV_CHIPSET_GAP_EXPLICIT ||
          (a->range.start == b->range.start && a->range.end == b->range.end));
}

static gboolean
boot_equal (const MvBootConfig *a,
            const MvBootConfig *b)
{
  return a->loader == b->loader &&
         g_strcmp0 (a->kernel, b->kernel) == 0 &&
         g_strcmp0 (a->initrd, b->initrd) == 0 &&
         g_strcmp0 (a->cmdline, b->cmdline) == 0 &&
         g_strcmp0 (a->firmware, b->firmware) == 0 &&
         a->uefi_config == b->uefi_config &&
         a->acpi_size == b->acpi_size &&
         g_strcmp0 (a->acpi_file, b->acpi_file) == 0 &&
         a->smbios == b->smbios &&
         a->processor_count == b->processor_count;
}

/**
 * mv_document_equal:
 * Compares the content: not the path, folder, warnings or comments.
 */
gboolean
mv_document_equal (const MvDocument *a,
                   const MvDocument *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_strcmp0 (a->title, b->title) != 0 ||
      g_strcmp0 (a->description, b->description) != 0 ||
      a->numa != b->numa ||
      !arrays_equal (a->ram_sizes, b->ram_sizes) ||
      !arrays_equal (a->mmio, b->mmio) ||
      !arrays_equal (a->pci_ecam, b->pci_ecam) ||
      !arrays_equal (a->pci_mmio, b->pci_mmio) ||
      a->has_vtl2 != b->has_vtl2 ||
      (a->has_vtl2 && (a->vtl2.start != b->vtl2.start || a->vtl2.end != b->vtl2.end)) ||
      !gaps_equal (&a->chipset_low, &b->chipset_low) ||
      !gaps_equal (&a->chipset_high, &b->chipset_high) ||
      a->address_width != b->address_width ||
      a->vcnt != b->vcnt ||
      a->openvmm_version != b->openvmm_version ||
      g_strcmp0 (a->profile, b->profile) != 0 ||
      !boot_equal (&a->boot, &b->boot) ||
      a->imports->len != b->imports->len)
    return FALSE;

  for (guint i = 0; i < a->imports->len; i++)
    if (!mv_import_spec_equal (g_ptr_array_index (a->imports, i),
                               g_ptr_array_index (b->imports, i)))
      return FALSE;
  return TRUE;
}

void
mv_document_warning_free (MvDocumentWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->group);
  g_free (warning->key);
  g_free (warning->message);
  g_free (warning);
}

static gboolean
import_name_taken (const MvDocument *doc,
                   const char       *name)
{
  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *s = g_ptr_array_index (doc->imports, i);

      if (g_strcmp0 (s->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * mv_document_drop_comments:
 *
 * Forgets the comments kept from the loaded text, so that saving writes
 * none: for a document whose comments described a layout it no longer
 * has (a preset, once edited). Unknown keys stay.
 */
void
mv_document_drop_comments (MvDocument *doc)
{
  g_return_if_fail (doc != NULL);
  g_hash_table_remove_all (doc->comments);
}

/**
 * mv_document_add_import:
 * @spec: (transfer full): gets a unique name ("1", "2", ...) if it has none
 */
void
mv_document_add_import (MvDocument   *doc,
                        MvImportSpec *spec)
{
  g_return_if_fail (doc != NULL && spec != NULL);

  if (spec->name == NULL || import_name_taken (doc, spec->name))
    {
      guint n = doc->imports->len + 1;
      char *name;

      for (;;)
        {
          name = spec->name != NULL
            ? g_strdup_printf ("%s-%u", spec->name, n)
            : g_strdup_printf ("%u", n);
          if (!import_name_taken (doc, name))
            break;
          g_free (name);
          n++;
        }
      g_free (spec->name);
      spec->name = name;
    }
  g_ptr_array_add (doc->imports, spec);
}

/**
 * mv_document_ram_total:
 * The sum of the RAM sizes; FALSE if it passes 2^64.
 */
gboolean
mv_document_ram_total (const MvDocument *doc,
                       guint64          *out)
{
  guint64 total = 0;

  for (guint i = 0; i < doc->ram_sizes->len; i++)
    {
      guint64 v = g_array_index (doc->ram_sizes, guint64, i);

      if (v > G_MAXUINT64 - total)
        return FALSE;
      total += v;
    }
  *out = total;
  return TRUE;
}

/**
 * mv_document_chipset_gap_index:
 * @low: the low chipset gap, else the high one
 *
 * The gap of @doc's MMIO list that the chipset gap names: the explicit
 * range where the list has it, or the gap "auto" picks
 * (mv_mtrr_auto_chipset_gap()); -1 for none.
 */
int
mv_document_chipset_gap_index (const MvDocument *doc,
                               gboolean          low)
{
  const MvChipsetGap *gap;

  g_return_val_if_fail (doc != NULL, -1);

  gap = low ? &doc->chipset_low : &doc->chipset_high;
  switch (gap->mode)
    {
    case MV_CHIPSET_GAP_AUTO:
      return mv_mtrr_auto_chipset_gap (doc->mmio, low);
    case MV_CHIPSET_GAP_EXPLICIT:
      for (guint i = 0; i < doc->mmio->len; i++)
        {
          const MvRange *r = &g_array_index (doc->mmio, MvRange, i);

          if (r->start == gap->range.start && r->end == gap->range.end)
            return (int) i;
        }
      return -1;
    case MV_CHIPSET_GAP_NONE:
    default:
      return -1;
    }
}

/* ---- [boot] ------------------------------------------------------------ */

static const MvEnumName uefi_config_names[] = {
  { MV_UEFI_CONFIG_NONE, "none" },
  { MV_UEFI_CONFIG_EMPTY, "empty" },
  { MV_UEFI_CONFIG_OPENVMM, "openvmm" },
};

const char *
mv_uefi_config_to_string (MvUefiConfig config)
{
  return mv_enum_to_string (uefi_config_names, G_N_ELEMENTS (uefi_config_names), config);
}

gboolean
mv_uefi_config_from_string (const char   *text,
                            MvUefiConfig *out)
{
  int v;

  if (!mv_enum_from_string (uefi_config_names, G_N_ELEMENTS (uefi_config_names), text, TRUE, &v))
    return FALSE;
  *out = (MvUefiConfig) v;
  return TRUE;
}

const char *const *
mv_uefi_config_names (void)
{
  static const char *const names[] = { "none", "empty", "openvmm", NULL };

  return names;
}

const char *const *
mv_boot_loader_names (void)
{
  static const char *const names[] = { "none", "linux", "uefi", "pcat", NULL };

  return names;
}

/* A deep copy of @src into @dest (whose strings are freed first). */
void
mv_document_boot_config_copy (MvBootConfig       *dest,
                              const MvBootConfig *src)
{
  if (dest == src)
    return;
  mv_boot_config_clear (dest);
  *dest = *src;
  dest->kernel = g_strdup (src->kernel);
  dest->initrd = g_strdup (src->initrd);
  dest->cmdline = g_strdup (src->cmdline);
  dest->firmware = g_strdup (src->firmware);
  dest->acpi_file = g_strdup (src->acpi_file);
}

static gboolean
resolve_boot_path (const MvDocument *doc,
                   const char       *key,
                   char            **path,
                   GError          **error)
{
  g_autofree char *resolved = NULL;

  if (*path == NULL || **path == '\0')
    {
      g_clear_pointer (path, g_free);
      return TRUE;
    }
  resolved = mv_document_resolve_path (doc, *path);
  if (resolved == NULL)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO,
                   "[boot] %s: the relative path %s has no folder to start from (the "
                   "document was not loaded from or saved to a file)", key, *path);
      return FALSE;
    }
  g_free (*path);
  *path = g_steal_pointer (&resolved);
  return TRUE;
}

/**
 * mv_document_boot_config:
 * @out: (out caller-allocates): cleared with mv_boot_config_clear ()
 *
 * The document's [boot] with every path made absolute (relative ones start
 * at the document's folder). Fails (an MV_BOOT_ERROR_IO) for a relative
 * path in a document with no folder; @out holds the config all the same.
 */
gboolean
mv_document_boot_config (const MvDocument *doc,
                         MvBootConfig     *out,
                         GError          **error)
{
  g_return_val_if_fail (doc != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  mv_document_boot_config_copy (out, &doc->boot);
  return resolve_boot_path (doc, "kernel", &out->kernel, error) &&
         resolve_boot_path (doc, "initrd", &out->initrd, error) &&
         resolve_boot_path (doc, "firmware", &out->firmware, error) &&
         resolve_boot_path (doc, "acpi-file", &out->acpi_file, error);
}
