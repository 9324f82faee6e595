/* SPDX-License-Identifier: MIT */
/* Loading a `.memviz` document: reads the one document file and turns the
 * scanned text (mv-document-scan.c) into an MvDocument, every value
 * checked, every error naming its line and key. Loading never runs
 * anything and reads nothing but the text it is given; unknown groups and
 * keys become warnings and are kept for saving. */
#include "mv-document-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mv-mtrr-state.h"
#include "mv-parse.h"

/* The keys each group knows (import groups: per kind). */
static const char *const memviz_keys[] = { "version", "title", "description", NULL };
static const char *const memory_keys[] = { "ram", "numa", "mmio", "pci-ecam", "pci-mmio", "vtl2", NULL };
static const char *const mtrr_keys[] = { "address-width", "vcnt", "chipset-low-mmio", "chipset-high-mmio",
                                         "openvmm-version", NULL };
static const char *const boot_keys[] = {
  "profile", "loader", "kernel", "initrd", "cmdline", "firmware", "uefi-config",
  "acpi-size", "acpi-file", "smbios", NULL
};
static const char *const gdt_keys[] = { "kind", "page", NULL };
static const char *const file_keys[] = {
  "kind", "gpa", "path", "offset", "length", "memory-length", "acceptance", "tag", NULL
};
static const char *const synthetic_keys[] = {
  "kind", "gpa", "size", "fill", "memory-length", "acceptance", "tag", NULL
};
static const char *const all_import_keys[] = {
  "kind", "page", "gpa", "path", "offset", "length", "memory-length", "size", "fill",
  "acceptance", "tag", NULL
};

static const char *const *
import_keys (MvImportKind kind)
{
  switch (kind)
    {
    case MV_IMPORT_KIND_GDT: return gdt_keys;
    case MV_IMPORT_KIND_FILE: return file_keys;
    case MV_IMPORT_KIND_SYNTHETIC: return synthetic_keys;
    default: return gdt_keys;
    }
}

/* The keys @group may hold (for an import, of any kind); NULL for a group
 * this version does not read. */
static const char *const *
group_keys (const char *group)
{
  if (g_str_equal (group, GROUP_MEMVIZ))
    return memviz_keys;
  if (g_str_equal (group, GROUP_MEMORY))
    return memory_keys;
  if (g_str_equal (group, GROUP_MTRR))
    return mtrr_keys;
  if (g_str_equal (group, GROUP_BOOT))
    return boot_keys;
  if (_mv_document_is_import_group (group))
    return all_import_keys;
  return NULL;
}

/* For the scan's count of unknown keys: FALSE when @key is unknown in
 * @group whatever the rest of the document says. */
gboolean
_mv_document_key_may_be_known (const char *group,
                               const char *key)
{
  const char *const *known = group_keys (group);

  return known != NULL && g_strv_contains (known, key);
}

typedef struct
{
  MvDocument     *doc;
  MvDocumentText *text;
  GHashTable     *imports;  /* name -> MvImportSpec (in the document) */
} LoadCtx;

static guint
ctx_line (LoadCtx    *ctx,
          const char *group,
          const char *key)
{
  gpointer v;

  if (group != NULL && key != NULL && _mv_document_key_lookup (ctx->text->lines, group, key, &v))
    return GPOINTER_TO_UINT (v);
  if (group != NULL && g_hash_table_lookup_extended (ctx->text->lines, group, NULL, &v))
    return GPOINTER_TO_UINT (v);
  /* A group that is missing altogether: the end of the text. */
  return MAX (ctx->text->n_lines, 1);
}

/* An error or a warning at the line of @key in @group (or of @group). */
#define FAIL(ctx, error, code, group, key, ...) \
  _mv_document_fail ((error), (code), ctx_line ((ctx), (group), (key)), (group), (key), __VA_ARGS__)
#define WARN(ctx, group, key, ...) \
  _mv_document_warn ((ctx)->doc, ctx_line ((ctx), (group), (key)), (group), (key), __VA_ARGS__)

/* A value the parser refused (@inner says why), after @what. */
static gboolean
fail_parse (LoadCtx      *ctx,
            GError      **error,
            const char   *group,
            const char   *key,
            const char   *what,
            const GError *inner)
{
  return FAIL (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, key, "%s%s",
               what != NULL ? what : "", inner->message);
}

/* A value that names none of @names. */
static gboolean
fail_unknown (LoadCtx            *ctx,
              GError            **error,
              const char         *group,
              const char         *key,
              const char         *what,
              const char         *value,
              const char *const  *names)
{
  g_autofree char *choices = mv_format_choices (names);

  return FAIL (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, key,
               "unknown %s “%s” (expected %s)", what, value, choices);
}

/* Value getters: each returns FALSE with an error naming the line and key;
 * an absent key leaves *present FALSE. */

/* The escapes GKeyFile reads in a string value. */
static gboolean
escapes_valid (const char *raw)
{
  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p != '\\')
        continue;
      p++;
      if (*p == '\0' || strchr ("sntr\\", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The raw value of @group's @key as the scan kept it (the last one given),
 * or NULL. */
static const char *
raw_value (LoadCtx    *ctx,
           const char *group,
           const char *key)
{
  gpointer raw;

  return _mv_document_key_lookup (ctx->text->key_index, group, key, &raw)
         ? ((const MvDocumentRawKey *) raw)->value : NULL;
}

/* A string value read as GKeyFile reads one (g_key_file_get_string ()):
 * its escapes replaced. The scan checked it is UTF-8. */
static gboolean
get_string (LoadCtx     *ctx,
            const char  *group,
            const char  *key,
            char       **out,
            GError     **error)
{
  const char *raw = raw_value (ctx, group, key);
  char *q;

  *out = NULL;
  if (raw == NULL)
    return TRUE;
  if (!escapes_valid (raw))
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, key,
                 "Key file contains key “%s” which has a value that cannot be interpreted. "
                 "(a backslash starts an escape: \\s, \\n, \\t, \\r or \\\\)", key);
  *out = q = g_malloc (strlen (raw) + 1);
  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p != '\\')
        {
          *q++ = *p;
          continue;
        }
      p++;
      *q++ = *p == 's' ? ' ' : *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : '\\';
    }
  *q = '\0';
  return TRUE;
}

static gboolean
require (LoadCtx     *ctx,
         const char  *group,
         const char  *key,
         char       **out,
         GError     **error)
{
  if (!get_string (ctx, group, key, out, error))
    return FALSE;
  if (*out == NULL)
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_MISSING_KEY, group, key, "the key is missing");
  return TRUE;
}

static gboolean
parse_size_value (LoadCtx    *ctx,
                  const char *group,
                  const char *key,
                  const char *text,
                  guint64    *out,
                  GError    **error)
{
  g_autoptr(GError) inner = NULL;

  if (!mv_parse_size (text, out, &inner))
    return fail_parse (ctx, error, group, key, NULL, inner);
  return TRUE;
}

static gboolean
get_size (LoadCtx    *ctx,
          const char *group,
          const char *key,
          gboolean   *present,
          guint64    *out,
          GError    **error)
{
  g_autofree char *text = NULL;

  *present = FALSE;
  if (!get_string (ctx, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  *present = TRUE;
  return parse_size_value (ctx, group, key, text, out, error);
}

static gboolean
get_required_size (LoadCtx    *ctx,
                   const char *group,
                   const char *key,
                   guint64    *out,
                   GError    **error)
{
  g_autofree char *text = NULL;

  return require (ctx, group, key, &text, error) &&
         parse_size_value (ctx, group, key, text, out, error);
}

static gboolean
get_uint (LoadCtx    *ctx,
          const char *group,
          const char *key,
          guint64     max,
          guint64     fallback,
          guint64    *out,
          GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) inner = NULL;

  *out = fallback;
  if (!get_string (ctx, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!mv_parse_uint (text, max, out, &inner))
    return fail_parse (ctx, error, group, key, NULL, inner);
  return TRUE;
}

static gboolean
parse_range_value (LoadCtx    *ctx,
                   const char *group,
                   const char *key,
                   const char *text,
                   const char *what,
                   MvRange    *out,
                   GError    **error)
{
  g_autoptr(GError) inner = NULL;
  guint64 start, end;

  if (!mv_parse_range (text, &start, &end, &inner) ||
      !mv_range_init (out, start, end, &inner))
    return fail_parse (ctx, error, group, key, what, inner);
  return TRUE;
}

/* A comma-separated list holds at most @max items. */
static gboolean
check_list_length (LoadCtx    *ctx,
                   const char *group,
                   const char *key,
                   const char *text,
                   guint       max,
                   const char *what,
                   GError    **error)
{
  guint n = 1;

  /* One pass by hand: strchr () from each comma would be a pass per item
   * where strchr () checks the whole string (ASan's strict_string_checks). */
  for (const char *p = text; *p != '\0'; p++)
    if (*p == ',' && ++n > max)
      return FAIL (ctx, error, MV_DOCUMENT_ERROR_LIMIT, group, key,
                   "more than %u %s: a memviz document holds at most %u", max, what, max);
  return TRUE;
}

/* A string value of at most @max bytes. */
static gboolean
get_bounded_string (LoadCtx     *ctx,
                    const char  *group,
                    const char  *key,
                    gsize        max,
                    char       **out,
                    GError     **error)
{
  if (!get_string (ctx, group, key, out, error))
    return FALSE;
  if (*out != NULL && strlen (*out) > max)
    {
      gsize len = strlen (*out);

      g_clear_pointer (out, g_free);
      return FAIL (ctx, error, MV_DOCUMENT_ERROR_LIMIT, group, key,
                   "the %s is %" G_GSIZE_FORMAT " bytes long: a memviz document's %s holds "
                   "at most %" G_GSIZE_FORMAT " bytes", key, len, key, max);
    }
  return TRUE;
}

/* A comma-separated list of ranges; empty is the empty list. */
static gboolean
get_range_list (LoadCtx    *ctx,
                const char *group,
                const char *key,
                GArray     *out,
                GError    **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  if (!get_string (ctx, group, key, &text, error))
    return FALSE;
  if (text == NULL || *g_strstrip (text) == '\0')
    return TRUE;

  if (!check_list_length (ctx, group, key, text, MV_DOCUMENT_MAX_GAPS, "ranges", error))
    return FALSE;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *what = g_strdup_printf ("range %u of the list: ", i + 1);
      MvRange r;

      if (!parse_range_value (ctx, group, key, parts[i], what, &r, error))
        return FALSE;
      g_array_append_val (out, r);
    }
  return TRUE;
}

static gboolean
get_chipset_gap (LoadCtx      *ctx,
                 const char   *key,
                 MvChipsetGap *out,
                 GError      **error)
{
  g_autofree char *text = NULL;

  out->mode = MV_CHIPSET_GAP_AUTO;
  out->range = MV_RANGE_EMPTY;
  if (!get_string (ctx, GROUP_MTRR, key, &text, error))
    return FALSE;
  if (text == NULL || *g_strstrip (text) == '\0' || g_str_equal (text, "auto"))
    return TRUE;
  if (g_str_equal (text, "none"))
    {
      out->mode = MV_CHIPSET_GAP_NONE;
      return TRUE;
    }
  out->mode = MV_CHIPSET_GAP_EXPLICIT;
  return parse_range_value (ctx, GROUP_MTRR, key, text,
                            "expected auto, none or a range: ", &out->range, error);
}

static gboolean
load_version (LoadCtx  *ctx,
              GError  **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) inner = NULL;
  guint64 version;

  if (raw_value (ctx, GROUP_MEMVIZ, "version") == NULL)
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_NOT_A_DOCUMENT, GROUP_MEMVIZ, "version",
                 "not a memviz document: it needs a [memviz] group with a "
                 "version key");
  if (!get_string (ctx, GROUP_MEMVIZ, "version", &text, error))
    return FALSE;
  if (!mv_parse_uint (text, G_MAXUINT32, &version, &inner))
    return fail_parse (ctx, error, GROUP_MEMVIZ, "version", NULL, inner);
  if (version == 0)
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, GROUP_MEMVIZ, "version",
                 "format version 0 does not exist");
  if (version > MV_DOCUMENT_FORMAT_VERSION)
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_NEWER_VERSION, GROUP_MEMVIZ, "version",
                 "the document is in format version %" G_GUINT64_FORMAT
                 ", written by a newer memviz; this memviz reads version %d",
                 version, MV_DOCUMENT_FORMAT_VERSION);
  return TRUE;
}

static gboolean
load_memory (LoadCtx  *ctx,
             GError  **error)
{
  MvDocument *doc = ctx->doc;
  g_autofree char *ram = NULL;
  g_autofree char *numa = NULL;
  g_autofree char *vtl2 = NULL;

  if (!get_string (ctx, GROUP_MEMORY, "ram", &ram, error) ||
      !get_string (ctx, GROUP_MEMORY, "numa", &numa, error))
    return FALSE;

  g_array_set_size (doc->ram_sizes, 0);
  if (ram != NULL && numa != NULL)
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, GROUP_MEMORY, "numa",
                 "give either ram or numa, not both");
  if (!g_hash_table_contains (ctx->text->lines, GROUP_MEMORY))
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_MISSING_KEY, GROUP_MEMORY, "ram",
                 "the [memory] group is missing (it needs ram=SIZE, or "
                 "numa=SIZE, SIZE, ... for NUMA nodes)");
  if (ram == NULL && numa == NULL)
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_MISSING_KEY, GROUP_MEMORY, "ram",
                 "the key is missing (give ram=SIZE, or numa=SIZE, SIZE, ... "
                 "for NUMA nodes)");
  if (ram != NULL)
    {
      guint64 v;

      if (!parse_size_value (ctx, GROUP_MEMORY, "ram", ram, &v, error))
        return FALSE;
      g_array_append_val (doc->ram_sizes, v);
      doc->numa = FALSE;
    }
  else
    {
      g_autoptr(GError) inner = NULL;

      if (!check_list_length (ctx, GROUP_MEMORY, "numa", numa, MV_DOCUMENT_MAX_NUMA_NODES,
                              "NUMA nodes", error))
        return FALSE;
      if (!mv_parse_size_list (numa, doc->ram_sizes, &inner))
        return fail_parse (ctx, error, GROUP_MEMORY, "numa", NULL, inner);
      doc->numa = TRUE;
    }

  if (!get_range_list (ctx, GROUP_MEMORY, "mmio", doc->mmio, error) ||
      !get_range_list (ctx, GROUP_MEMORY, "pci-ecam", doc->pci_ecam, error) ||
      !get_range_list (ctx, GROUP_MEMORY, "pci-mmio", doc->pci_mmio, error))
    return FALSE;

  if (!get_string (ctx, GROUP_MEMORY, "vtl2", &vtl2, error))
    return FALSE;
  doc->has_vtl2 = FALSE;
  if (vtl2 != NULL && *g_strstrip (vtl2) != '\0' && !g_str_equal (vtl2, "none"))
    {
      if (!parse_range_value (ctx, GROUP_MEMORY, "vtl2", vtl2,
                              "expected none or a range: ", &doc->vtl2, error))
        return FALSE;
      doc->has_vtl2 = TRUE;
    }
  return TRUE;
}

static gboolean
load_mtrr_and_boot (LoadCtx  *ctx,
                    GError  **error)
{
  MvDocument *doc = ctx->doc;
  g_autofree char *profile = NULL;
  g_autofree char *version = NULL;
  guint64 v;

  if (!get_uint (ctx, GROUP_MTRR, "address-width", 255, MV_DOCUMENT_DEFAULT_WIDTH, &v, error))
    return FALSE;
  doc->address_width = (guint8) v;
  if (!get_uint (ctx, GROUP_MTRR, "vcnt", 255, MV_DOCUMENT_DEFAULT_VCNT, &v, error))
    return FALSE;
  doc->vcnt = (guint8) v;
  if (!get_chipset_gap (ctx, "chipset-low-mmio", &doc->chipset_low, error) ||
      !get_chipset_gap (ctx, "chipset-high-mmio", &doc->chipset_high, error))
    return FALSE;
  if (!get_string (ctx, GROUP_MTRR, "openvmm-version", &version, error))
    return FALSE;
  if (version != NULL)
    {
      g_strstrip (version);
      if (!mv_openvmm_version_from_string (version, &doc->openvmm_version, NULL))
        return fail_unknown (ctx, error, GROUP_MTRR, "openvmm-version", "OpenVMM version",
                             version, mv_openvmm_version_names ());
    }

  if (!get_string (ctx, GROUP_BOOT, "profile", &profile, error))
    return FALSE;
  if (profile != NULL)
    {
      g_strstrip (profile);
      if (!mv_document_profile_is_valid (profile))
        return fail_unknown (ctx, error, GROUP_BOOT, "profile", "boot profile", profile,
                             mv_mtrr_profile_names ());
      g_free (doc->profile);
      doc->profile = g_steal_pointer (&profile);
    }
  return TRUE;
}

/* A path key of [boot]: absent or empty is none. */
static gboolean
get_boot_path (LoadCtx     *ctx,
               const char  *key,
               char       **out,
               GError     **error)
{
  g_clear_pointer (out, g_free);
  if (!get_string (ctx, GROUP_BOOT, key, out, error))
    return FALSE;
  if (*out != NULL && *g_strstrip (*out) == '\0')
    g_clear_pointer (out, g_free);
  return TRUE;
}

/* [boot]'s loader and its files (profile is read with [mtrr]). */
static gboolean
load_boot (LoadCtx  *ctx,
           GError  **error)
{
  MvBootConfig *boot = &ctx->doc->boot;
  g_autofree char *loader = NULL;
  g_autofree char *uefi = NULL;
  g_autofree char *smbios = NULL;
  gboolean has_acpi;

  if (!get_string (ctx, GROUP_BOOT, "loader", &loader, error))
    return FALSE;
  boot->loader = MV_BOOT_LOADER_NONE;
  if (loader != NULL && *g_strstrip (loader) != '\0' &&
      !mv_boot_loader_from_string (loader, &boot->loader))
    return fail_unknown (ctx, error, GROUP_BOOT, "loader", "loader", loader,
                         mv_boot_loader_names ());

  if (!get_boot_path (ctx, "kernel", &boot->kernel, error) ||
      !get_boot_path (ctx, "initrd", &boot->initrd, error) ||
      !get_boot_path (ctx, "firmware", &boot->firmware, error) ||
      !get_boot_path (ctx, "acpi-file", &boot->acpi_file, error))
    return FALSE;
  g_clear_pointer (&boot->cmdline, g_free);
  if (!get_string (ctx, GROUP_BOOT, "cmdline", &boot->cmdline, error))
    return FALSE;
  if (boot->cmdline != NULL && strlen (boot->cmdline) >= 4096)
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, GROUP_BOOT, "cmdline",
                 "the command line is %" G_GSIZE_FORMAT " bytes; it must fit in 4 KiB "
                 "with its terminating zero", strlen (boot->cmdline));

  if (!get_string (ctx, GROUP_BOOT, "uefi-config", &uefi, error))
    return FALSE;
  boot->uefi_config = MV_UEFI_CONFIG_OPENVMM;
  if (uefi != NULL && *g_strstrip (uefi) != '\0' &&
      !mv_uefi_config_from_string (uefi, &boot->uefi_config))
    return fail_unknown (ctx, error, GROUP_BOOT, "uefi-config", "UEFI config", uefi,
                         mv_uefi_config_names ());

  if (!get_size (ctx, GROUP_BOOT, "acpi-size", &has_acpi, &boot->acpi_size, error))
    return FALSE;
  if (!has_acpi)
    boot->acpi_size = MV_DOCUMENT_DEFAULT_ACPI_SIZE;

  if (!get_string (ctx, GROUP_BOOT, "smbios", &smbios, error))
    return FALSE;
  boot->smbios = TRUE;
  if (smbios != NULL)
    {
      static const char *const bools[] = { "true", "false", NULL };

      g_strstrip (smbios);
      if (g_ascii_strcasecmp (smbios, "false") == 0)
        boot->smbios = FALSE;
      else if (g_ascii_strcasecmp (smbios, "true") != 0)
        return fail_unknown (ctx, error, GROUP_BOOT, "smbios", "value", smbios, bools);
    }

  /* A key the loader does not read is said, not refused. */
  {
    static const struct { const char *key; MvBootLoader loader; } only[] = {
      { "kernel", MV_BOOT_LOADER_LINUX }, { "initrd", MV_BOOT_LOADER_LINUX },
      { "cmdline", MV_BOOT_LOADER_LINUX }, { "acpi-size", MV_BOOT_LOADER_LINUX },
      { "acpi-file", MV_BOOT_LOADER_LINUX }, { "smbios", MV_BOOT_LOADER_LINUX },
      { "uefi-config", MV_BOOT_LOADER_UEFI },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (only); i++)
      if (boot->loader != only[i].loader &&
          raw_value (ctx, GROUP_BOOT, only[i].key) != NULL)
        WARN (ctx, GROUP_BOOT, only[i].key, "the %s loader does not read this key: "
              "kept but not used", mv_boot_loader_to_string (boot->loader));
    if (boot->firmware != NULL && boot->loader != MV_BOOT_LOADER_UEFI &&
        boot->loader != MV_BOOT_LOADER_PCAT)
      WARN (ctx, GROUP_BOOT, "firmware", "the %s loader does not read this key: "
            "kept but not used", mv_boot_loader_to_string (boot->loader));
  }
  return TRUE;
}

static gboolean
load_import_common (LoadCtx      *ctx,
                    const char   *group,
                    MvImportSpec *spec,
                    GError      **error)
{
  g_autofree char *acceptance = NULL;
  g_autofree char *tag = NULL;

  if (!get_required_size (ctx, group, "gpa", &spec->gpa, error) ||
      !get_size (ctx, group, "memory-length", &spec->has_memory_length,
                 &spec->memory_length, error) ||
      !get_string (ctx, group, "acceptance", &acceptance, error) ||
      !get_string (ctx, group, "tag", &tag, error))
    return FALSE;

  spec->acceptance = MV_ACCEPTANCE_EXCLUSIVE;
  if (acceptance != NULL &&
      !mv_acceptance_from_string (g_strstrip (acceptance), &spec->acceptance))
    return fail_unknown (ctx, error, group, "acceptance", "acceptance", acceptance,
                         mv_acceptance_names ());

  if (tag != NULL && *tag == '\0')
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, "tag",
                 "the tag is empty");
  if (tag == NULL)
    tag = mv_import_spec_default_tag (spec);
  spec->tag = g_steal_pointer (&tag);
  return TRUE;
}

/* The NAME of [import NAME]; empty for [import]. */
static char *
import_name_of (const char *group)
{
  if (!g_str_has_prefix (group, IMPORT_PREFIX))
    return g_strdup ("");
  return g_strstrip (g_strdup (group + strlen (IMPORT_PREFIX)));
}

static gboolean
load_import (LoadCtx     *ctx,
             const char  *group,
             GError     **error)
{
  g_autoptr(MvImportSpec) spec = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *name = import_name_of (group);
  MvImportKind k;
  guint64 v;

  if (*name == '\0')
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, NULL,
                 "an import group needs a name: [import NAME]");
  if (g_hash_table_contains (ctx->imports, name))
    return FAIL (ctx, error, MV_DOCUMENT_ERROR_DUPLICATE_GROUP, group, NULL,
                 "another import is also named “%s”", name);

  if (!require (ctx, group, "kind", &kind, error))
    return FALSE;
  if (!mv_import_kind_from_string (g_strstrip (kind), &k))
    return fail_unknown (ctx, error, group, "kind", "import kind", kind,
                         mv_import_kind_names ());

  spec = mv_import_spec_new (k);
  spec->name = g_steal_pointer (&name);

  switch (k)
    {
    case MV_IMPORT_KIND_GDT:
      {
        g_autofree char *page = NULL;
        g_autoptr(GError) inner = NULL;

        if (!require (ctx, group, "page", &page, error))
          return FALSE;
        if (!mv_parse_uint (page, G_MAXUINT64, &spec->page, &inner))
          return fail_parse (ctx, error, group, "page", NULL, inner);
      }
      break;

    case MV_IMPORT_KIND_FILE:
      if (!require (ctx, group, "path", &spec->path, error))
        return FALSE;
      if (*spec->path == '\0')
        return FAIL (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, "path",
                     "the path is empty");
      {
        gboolean has_offset;

        if (!get_size (ctx, group, "offset", &has_offset, &v, error))
          return FALSE;
        spec->offset = has_offset ? v : 0;
      }
      if (!get_size (ctx, group, "length", &spec->has_length, &spec->length, error) ||
          !load_import_common (ctx, group, spec, error))
        return FALSE;
      break;

    case MV_IMPORT_KIND_SYNTHETIC:
      if (!get_required_size (ctx, group, "size", &spec->size, error) ||
          !get_uint (ctx, group, "fill", 255, 0, &v, error))
        return FALSE;
      spec->fill = (guint8) v;
      if (!load_import_common (ctx, group, spec, error))
        return FALSE;
      break;

    default:
      g_assert_not_reached ();
    }

  g_hash_table_insert (ctx->imports, spec->name, spec);
  g_ptr_array_add (ctx->doc->imports, g_steal_pointer (&spec));
  return TRUE;
}

static void
keep_extra (LoadCtx       *ctx,
            const MvDocumentRawKey *kl)
{
  MvDocumentRawKey *e = g_new0 (MvDocumentRawKey, 1);

  e->group = g_strdup (kl->group);
  e->key = g_strdup (kl->key);
  e->value = g_strndup (kl->value, _mv_document_raw_len (kl->value));
  g_ptr_array_add (ctx->doc->extras, e);
}

/* Unknown groups and keys: warnings, kept for saving. */
static void
check_unknown (LoadCtx *ctx)
{
  for (guint i = 0; i < ctx->text->groups->len; i++)
    {
      const char *group = g_ptr_array_index (ctx->text->groups, i);

      if (!_mv_document_is_known_group (group))
        WARN (ctx, group, NULL, "unknown group, ignored (kept when saving)");
    }

  for (guint i = 0; i < ctx->text->keys->len; i++)
    {
      const MvDocumentRawKey *kl = g_ptr_array_index (ctx->text->keys, i);
      const char *const *known = NULL;
      const MvImportSpec *spec = NULL;

      known = group_keys (kl->group);
      if (_mv_document_is_import_group (kl->group))
        {
          g_autofree char *name = import_name_of (kl->group);

          spec = g_hash_table_lookup (ctx->imports, name);
          if (spec != NULL)
            known = import_keys (spec->kind);
        }

      if (known != NULL && g_strv_contains (known, kl->key))
        continue;

      if (spec != NULL && g_strv_contains (all_import_keys, kl->key))
        WARN (ctx, kl->group, kl->key, "the key does not apply to a %s import, ignored "
              "(kept when saving)", mv_import_kind_to_string (spec->kind));
      else if (known != NULL)
        WARN (ctx, kl->group, kl->key, "unknown key, ignored (kept when saving)");
      keep_extra (ctx, kl);
    }
}

/**
 * mv_document_load_from_data:
 * @data: the text of a `.memviz` document
 * @length: its length, or -1 when NUL-terminated
 * @base_dir: (nullable): the folder relative import paths start from
 *
 * Reads nothing but @data. Unknown groups and keys become warnings in the
 * document's @warnings (and are written back on save); anything malformed
 * is an #MV_DOCUMENT_ERROR whose message names the line and the key.
 *
 * Returns: (transfer full) (nullable): the document
 */
MvDocument *
mv_document_load_from_data (const char  *data,
                            gssize       length,
                            const char  *base_dir,
                            GError     **error)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(MvDocumentText) text = NULL;
  g_autoptr(GHashTable) imports = NULL;
  LoadCtx ctx = { 0 };
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (len > MV_DOCUMENT_MAX_SIZE)
    {
      g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_SYNTAX,
                   "line 1: the document is larger than %" G_GSIZE_FORMAT " bytes",
                   MV_DOCUMENT_MAX_SIZE);
      return NULL;
    }

  doc = mv_document_new ();
  text = _mv_document_text_scan (doc, data != NULL ? data : "", len, error);
  if (text == NULL)
    return NULL;
  imports = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.doc = doc;
  ctx.text = text;
  ctx.imports = imports;

  if (!load_version (&ctx, error))
    return NULL;

  g_clear_pointer (&doc->title, g_free);
  if (!get_bounded_string (&ctx, GROUP_MEMVIZ, "title", MV_DOCUMENT_MAX_TITLE, &doc->title,
                           error) ||
      !get_bounded_string (&ctx, GROUP_MEMVIZ, "description", MV_DOCUMENT_MAX_DESCRIPTION,
                           &doc->description, error) ||
      !load_memory (&ctx, error) ||
      !load_mtrr_and_boot (&ctx, error) ||
      !load_boot (&ctx, error))
    return NULL;

  for (guint i = 0; i < text->groups->len; i++)
    {
      const char *group = g_ptr_array_index (text->groups, i);

      if (_mv_document_is_import_group (group) && !load_import (&ctx, group, error))
        return NULL;
    }

  check_unknown (&ctx);

  doc->base_dir = base_dir != NULL ? g_canonicalize_filename (base_dir, NULL) : NULL;
  return g_steal_pointer (&doc);
}

static gboolean
read_document_file (const char  *path,
                    char       **contents,
                    gsize       *length,
                    GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  struct stat st;
  g_autofree char *buf = NULL;
  gsize done = 0;
  int fd;

  /* O_NONBLOCK: opening a FIFO named as a document must not hang. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_READ,
                   "cannot open %s: %s", shown, g_strerror (errsv));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_READ,
                   "cannot read %s: not a regular file", shown);
      close (fd);
      return FALSE;
    }
  if ((guint64) st.st_size > MV_DOCUMENT_MAX_SIZE)
    {
      g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_READ,
                   "cannot read %s: larger than %" G_GSIZE_FORMAT " bytes, not a "
                   "memviz document", shown, MV_DOCUMENT_MAX_SIZE);
      close (fd);
      return FALSE;
    }

  buf = g_malloc ((gsize) st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      gssize n = read (fd, buf + done, (gsize) st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_READ,
                       "cannot read %s: %s", shown, g_strerror (errsv));
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }
  close (fd);
  buf[done] = '\0';
  *contents = g_steal_pointer (&buf);
  *length = done;
  return TRUE;
}

/**
 * mv_document_load_from_file:
 * Reads the one file @path (a regular file of at most 16 MiB) and loads
 * it as with mv_document_load_from_data(), relative import paths starting
 * at its folder. Error messages start with @path.
 *
 * Returns: (transfer full) (nullable): the document
 */
MvDocument *
mv_document_load_from_file (const char  *path,
                            GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  g_autofree char *abs = NULL;
  g_autofree char *dir = NULL;
  MvDocument *doc;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!read_document_file (path, &contents, &length, error))
    return NULL;

  abs = g_canonicalize_filename (path, NULL);
  dir = g_path_get_dirname (abs);
  doc = mv_document_load_from_data (contents, (gssize) length, dir, error);
  if (doc == NULL)
    {
      g_prefix_error (error, "%s: ", shown);
      return NULL;
    }
  doc->path = g_steal_pointer (&abs);
  return doc;
}

