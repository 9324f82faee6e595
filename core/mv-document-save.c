/* SPDX-License-Identifier: MIT */
/* Saving a `.memviz` document: the model as GKeyFile text (sizes in binary
 * units, addresses in hex, the comments and unknown keys read with it put
 * back), written atomically. */
#include "mv-document-private.h"

#include "mv-parse.h"
#include "mv-save-file.h"

typedef struct
{
  const MvDocument *doc;
  GKeyFile         *kf;
  GHashTable       *written;   /* "group\x1fkey" */
} SaveCtx;

static void
put_comment (SaveCtx    *ctx,
             const char *group,
             const char *key)
{
  g_autofree char *k = _mv_document_key (group, key);
  const char *comment = g_hash_table_lookup (ctx->doc->comments, k);

  if (comment != NULL)
    g_key_file_set_comment (ctx->kf, group, key, comment, NULL);
}

/* @value is written as is (our own formatting: nothing to escape). */
static void
put_value (SaveCtx    *ctx,
           const char *group,
           const char *key,
           const char *value)
{
  gboolean first = !g_key_file_has_group (ctx->kf, group);

  g_key_file_set_value (ctx->kf, group, key, value);
  g_hash_table_add (ctx->written, _mv_document_key (group, key));
  if (first && g_strcmp0 (group, GROUP_MEMVIZ) != 0)
    put_comment (ctx, group, NULL);
  put_comment (ctx, group, key);
}

/* Free text: escaped, and made valid UTF-8 first. */
static void
put_string (SaveCtx    *ctx,
            const char *group,
            const char *key,
            const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);
  g_autofree char *escaped = NULL;
  g_autoptr(GKeyFile) tmp = g_key_file_new ();

  g_key_file_set_string (tmp, "x", "x", valid);
  escaped = g_key_file_get_value (tmp, "x", "x", NULL);
  put_value (ctx, group, key, escaped);
}

/* @value: (transfer full): a value of our own formatting */
static void
put_owned (SaveCtx    *ctx,
           const char *group,
           const char *key,
           char       *value)
{
  put_value (ctx, group, key, value);
  g_free (value);
}

static char *
format_range (const MvRange *r)
{
  g_autofree char *start = mv_format_hex (r->start);
  g_autofree char *size = mv_format_size (r->end - r->start);

  return g_strdup_printf ("%s+%s", start, size);
}

static void
put_range_list (SaveCtx    *ctx,
                const char *group,
                const char *key,
                GArray     *ranges)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < ranges->len; i++)
    {
      g_autofree char *r = format_range (&g_array_index (ranges, MvRange, i));

      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, r);
    }
  put_value (ctx, group, key, s->str);
}

static void
put_gap (SaveCtx            *ctx,
         const char         *key,
         const MvChipsetGap *gap)
{
  g_autofree char *r = NULL;

  switch (gap->mode)
    {
    case MV_CHIPSET_GAP_NONE:
      put_value (ctx, GROUP_MTRR, key, "none");
      break;
    case MV_CHIPSET_GAP_EXPLICIT:
      r = format_range (&gap->range);
      put_value (ctx, GROUP_MTRR, key, r);
      break;
    case MV_CHIPSET_GAP_AUTO:
    default:
      put_value (ctx, GROUP_MTRR, key, "auto");
      break;
    }
}

/* The unknown keys read from @group, after the known ones. */
static void
put_extras (SaveCtx    *ctx,
            const char *group)
{
  for (guint i = 0; i < ctx->doc->extras->len; i++)
    {
      const MvDocumentRawKey *e = g_ptr_array_index (ctx->doc->extras, i);
      g_autofree char *k = NULL;

      if (!g_str_equal (e->group, group))
        continue;
      k = _mv_document_key (group, e->key);
      if (g_hash_table_contains (ctx->written, k))
        continue;
      put_value (ctx, group, e->key, e->value);
    }
}

/* A name GKeyFile takes in a group header, unique among the imports. */
/* [boot]'s loader keys: only what differs from no loader, so documents
 * without one read and save as before. */
static void
put_boot (SaveCtx            *ctx,
          const MvBootConfig *boot)
{
  if (boot->loader != MV_BOOT_LOADER_NONE)
    put_value (ctx, GROUP_BOOT, "loader", mv_boot_loader_to_string (boot->loader));
  if (boot->kernel != NULL)
    put_string (ctx, GROUP_BOOT, "kernel", boot->kernel);
  if (boot->initrd != NULL)
    put_string (ctx, GROUP_BOOT, "initrd", boot->initrd);
  if (boot->cmdline != NULL)
    put_string (ctx, GROUP_BOOT, "cmdline", boot->cmdline);
  if (boot->firmware != NULL)
    put_string (ctx, GROUP_BOOT, "firmware", boot->firmware);
  if (boot->uefi_config != MV_UEFI_CONFIG_OPENVMM)
    put_value (ctx, GROUP_BOOT, "uefi-config", mv_uefi_config_to_string (boot->uefi_config));
  if (boot->acpi_size != MV_DOCUMENT_DEFAULT_ACPI_SIZE)
    put_owned (ctx, GROUP_BOOT, "acpi-size", mv_format_size (boot->acpi_size));
  if (boot->acpi_file != NULL)
    put_string (ctx, GROUP_BOOT, "acpi-file", boot->acpi_file);
  if (!boot->smbios)
    put_value (ctx, GROUP_BOOT, "smbios", "false");
}

static char *
import_group_name (GHashTable *used,
                   const char *name,
                   guint       index)
{
  g_autofree char *clean = NULL;
  char *group;

  if (name == NULL || *name == '\0')
    clean = g_strdup_printf ("%u", index + 1);
  else
    {
      clean = g_utf8_make_valid (name, -1);
      for (char *p = clean; *p != '\0'; p++)
        if ((guchar) *p < 0x20 || *p == 0x7f || *p == '[' || *p == ']')
          *p = '_';
      g_strstrip (clean);
      if (*clean == '\0')
        {
          g_free (clean);
          clean = g_strdup_printf ("%u", index + 1);
        }
    }

  group = g_strconcat (IMPORT_PREFIX, clean, NULL);
  for (guint n = 2; g_hash_table_contains (used, group); n++)
    {
      g_free (group);
      group = g_strdup_printf (IMPORT_PREFIX "%s-%u", clean, n);
    }
  g_hash_table_add (used, g_strdup (group));
  return group;
}

static void
put_import (SaveCtx            *ctx,
            const char         *group,
            const MvImportSpec *spec)
{
  put_value (ctx, group, "kind", mv_import_kind_to_string (spec->kind));

  switch (spec->kind)
    {
    case MV_IMPORT_KIND_GDT:
      put_owned (ctx, group, "page", mv_format_hex (spec->page));
      break;

    case MV_IMPORT_KIND_FILE:
      put_owned (ctx, group, "gpa", mv_format_hex (spec->gpa));
      put_string (ctx, group, "path", spec->path != NULL ? spec->path : "");
      put_owned (ctx, group, "offset", mv_format_hex (spec->offset));
      if (spec->has_length)
        put_owned (ctx, group, "length", mv_format_size (spec->length));
      break;

    case MV_IMPORT_KIND_SYNTHETIC:
      put_owned (ctx, group, "gpa", mv_format_hex (spec->gpa));
      put_owned (ctx, group, "size", mv_format_size (spec->size));
      put_owned (ctx, group, "fill", mv_format_hex (spec->fill));
      break;

    default:
      g_return_if_reached ();
    }

  if (spec->kind != MV_IMPORT_KIND_GDT)
    {
      const char *acceptance = mv_acceptance_to_string (spec->acceptance);

      if (spec->has_memory_length)
        put_owned (ctx, group, "memory-length", mv_format_size (spec->memory_length));
      put_value (ctx, group, "acceptance", acceptance != NULL ? acceptance : "Exclusive");
      put_string (ctx, group, "tag", spec->tag != NULL ? spec->tag : "");
    }
}

/**
 * mv_document_to_data:
 * The document as `.memviz` text: sizes in binary units, addresses in hex,
 * ranges as `START+SIZE`. Comments read with the document come back above
 * the same group or key; unknown keys and groups come back too.
 *
 * Returns: (transfer full): the text
 */
char *
mv_document_to_data (const MvDocument *doc,
                     gsize            *length)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GHashTable) written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *version = g_strdup_printf ("%d", MV_DOCUMENT_FORMAT_VERSION);
  SaveCtx ctx = { doc, kf, written };
  const char *top;
  const char *memviz_comment;

  g_return_val_if_fail (doc != NULL, NULL);

  put_value (&ctx, GROUP_MEMVIZ, "version", version);
  /* A comment above [memviz] (when it was not the first group) joins the
   * file's own comment: [memviz] always comes first. */
  top = g_hash_table_lookup (doc->comments, "");
  memviz_comment = g_hash_table_lookup (doc->comments, GROUP_MEMVIZ);
  if (top != NULL || memviz_comment != NULL)
    {
      g_autofree char *c = top != NULL && memviz_comment != NULL
        ? g_strconcat (top, "\n", memviz_comment, NULL)
        : g_strdup (top != NULL ? top : memviz_comment);
      g_key_file_set_comment (kf, NULL, NULL, c, NULL);
    }
  if (doc->title != NULL)
    put_string (&ctx, GROUP_MEMVIZ, "title", doc->title);
  if (doc->description != NULL)
    put_string (&ctx, GROUP_MEMVIZ, "description", doc->description);
  put_extras (&ctx, GROUP_MEMVIZ);

  if (!doc->numa && doc->ram_sizes->len == 1)
    put_owned (&ctx, GROUP_MEMORY, "ram",
               mv_format_size (g_array_index (doc->ram_sizes, guint64, 0)));
  else
    {
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint i = 0; i < doc->ram_sizes->len; i++)
        {
          g_autofree char *v = mv_format_size (g_array_index (doc->ram_sizes, guint64, i));

          if (i > 0)
            g_string_append (s, ", ");
          g_string_append (s, v);
        }
      put_value (&ctx, GROUP_MEMORY, "numa", s->str);
    }
  put_range_list (&ctx, GROUP_MEMORY, "mmio", doc->mmio);
  put_range_list (&ctx, GROUP_MEMORY, "pci-ecam", doc->pci_ecam);
  put_range_list (&ctx, GROUP_MEMORY, "pci-mmio", doc->pci_mmio);
  if (doc->has_vtl2)
    {
      g_autofree char *r = format_range (&doc->vtl2);
      put_value (&ctx, GROUP_MEMORY, "vtl2", r);
    }
  else
    put_value (&ctx, GROUP_MEMORY, "vtl2", "none");
  put_extras (&ctx, GROUP_MEMORY);

  {
    g_autofree char *width = g_strdup_printf ("%u", doc->address_width);
    g_autofree char *vcnt = g_strdup_printf ("%u", doc->vcnt);

    put_value (&ctx, GROUP_MTRR, "address-width", width);
    put_value (&ctx, GROUP_MTRR, "vcnt", vcnt);
  }
  put_gap (&ctx, "chipset-low-mmio", &doc->chipset_low);
  put_gap (&ctx, "chipset-high-mmio", &doc->chipset_high);
  /* Only when not the default, so older memviz reads what it always read. */
  if (doc->openvmm_version != MV_OPENVMM_VERSION_DEFAULT)
    put_value (&ctx, GROUP_MTRR, "openvmm-version",
               mv_openvmm_version_to_string (doc->openvmm_version));
  put_extras (&ctx, GROUP_MTRR);

  put_string (&ctx, GROUP_BOOT, "profile",
              doc->profile != NULL ? doc->profile : MV_DOCUMENT_DEFAULT_PROFILE);
  put_boot (&ctx, &doc->boot);
  put_extras (&ctx, GROUP_BOOT);

  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);
      g_autofree char *group = import_group_name (used, spec->name, i);

      put_import (&ctx, group, spec);
      put_extras (&ctx, group);
    }

  /* Unknown groups, in the order they came. */
  for (guint i = 0; i < doc->extras->len; i++)
    {
      const MvDocumentRawKey *e = g_ptr_array_index (doc->extras, i);

      if (_mv_document_is_known_group (e->group))
        continue;
      put_extras (&ctx, e->group);
    }

  return g_key_file_to_data (kf, length, NULL);
}

/**
 * mv_document_save_to_file:
 * Writes the document to @path atomically: the text goes to a temporary
 * file in the same folder, which then replaces @path; if anything fails,
 * @path is left as it was and the error names it with the reason. A
 * symbolic link is written through (its target is replaced) and an
 * existing file keeps its permission bits. On success the
 * document's @path and @base_dir become @path and its folder (import
 * paths are written as they are: relative ones now start there).
 */
gboolean
mv_document_save_to_file (MvDocument  *doc,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) inner = NULL;
  gsize length;

  g_return_val_if_fail (doc != NULL && path != NULL, FALSE);

  data = mv_document_to_data (doc, &length);
  if (!mv_save_file_contents (path, data, length, &inner))
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_WRITE,
                   "cannot save %s: %s", shown, inner->message);
      return FALSE;
    }

  g_free (doc->path);
  doc->path = g_canonicalize_filename (path, NULL);
  g_free (doc->base_dir);
  doc->base_dir = g_path_get_dirname (doc->path);
  return TRUE;
}

