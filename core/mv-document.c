/* SPDX-License-Identifier: MIT */
/* The `.memviz` document: a GKeyFile text holding a whole scenario.
 *
 * Loading never runs anything and reads nothing but the text it is
 * given (mv_document_load_from_file() reads that one file). Comments and
 * keys this version does not know are kept and written back on save. */
#include "mv-document.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mv-parse.h"

G_DEFINE_QUARK (mv-document-error-quark, mv_document_error)

/* A document larger than this is not a document. */
#define MAX_DOCUMENT_SIZE ((gsize) 16 * 1024 * 1024)

#define GROUP_MEMVIZ "memviz"
#define GROUP_MEMORY "memory"
#define GROUP_MTRR   "mtrr"
#define GROUP_BOOT   "boot"
#define IMPORT_PREFIX "import "

/* A key this version does not know, kept for saving. */
typedef struct
{
  char *group;
  char *key;
  char *value;   /* raw, as in the file */
} Extra;

static void
extra_free (gpointer data)
{
  Extra *e = data;

  g_free (e->group);
  g_free (e->key);
  g_free (e->value);
  g_free (e);
}

static const char *const profile_names[] = { "linux-direct", "uefi", "pcat", "none" };

static const char *const kind_names[] = {
  [MV_IMPORT_KIND_GDT] = "gdt",
  [MV_IMPORT_KIND_FILE] = "file",
  [MV_IMPORT_KIND_SYNTHETIC] = "synthetic",
};

/* The keys each group knows (import groups: per kind). */
static const char *const memviz_keys[] = { "version", "title", "description", NULL };
static const char *const memory_keys[] = { "ram", "numa", "mmio", "pci-ecam", "pci-mmio", "vtl2", NULL };
static const char *const mtrr_keys[] = { "address-width", "vcnt", "chipset-low-mmio", "chipset-high-mmio", NULL };
static const char *const boot_keys[] = { "profile", NULL };
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

const char *
mv_import_kind_to_string (MvImportKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
mv_import_kind_from_string (const char   *text,
                            MvImportKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (text, kind_names[i]) == 0)
        {
          *out = (MvImportKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
mv_document_profile_is_valid (const char *profile)
{
  for (guint i = 0; i < G_N_ELEMENTS (profile_names); i++)
    if (g_strcmp0 (profile, profile_names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* ---- import specs ------------------------------------------------------ */

MvImportSpec *
mv_import_spec_new (MvImportKind kind)
{
  MvImportSpec *spec = g_new0 (MvImportSpec, 1);

  spec->kind = kind;
  spec->acceptance = MV_ACCEPTANCE_EXCLUSIVE;
  return spec;
}

MvImportSpec *
mv_import_spec_copy (const MvImportSpec *spec)
{
  MvImportSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = g_memdup2 (spec, sizeof *spec);
  copy->name = g_strdup (spec->name);
  copy->path = g_strdup (spec->path);
  copy->tag = g_strdup (spec->tag);
  return copy;
}

void
mv_import_spec_free (MvImportSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->name);
  g_free (spec->path);
  g_free (spec->tag);
  g_free (spec);
}

static gboolean
optional_equal (gboolean a_has,
                guint64  a,
                gboolean b_has,
                guint64  b)
{
  return a_has == b_has && (!a_has || a == b);
}

/**
 * mv_import_spec_equal:
 * Compares the fields @a's kind reads (see #MvImportSpec), and the name.
 */
gboolean
mv_import_spec_equal (const MvImportSpec *a,
                      const MvImportSpec *b)
{
  if (a->kind != b->kind || g_strcmp0 (a->name, b->name) != 0)
    return FALSE;

  switch (a->kind)
    {
    case MV_IMPORT_KIND_GDT:
      return a->page == b->page;

    case MV_IMPORT_KIND_FILE:
      return a->gpa == b->gpa &&
             g_strcmp0 (a->path, b->path) == 0 &&
             a->offset == b->offset &&
             optional_equal (a->has_length, a->length, b->has_length, b->length) &&
             optional_equal (a->has_memory_length, a->memory_length,
                             b->has_memory_length, b->memory_length) &&
             a->acceptance == b->acceptance &&
             g_strcmp0 (a->tag, b->tag) == 0;

    case MV_IMPORT_KIND_SYNTHETIC:
      return a->gpa == b->gpa &&
             a->size == b->size &&
             a->fill == b->fill &&
             optional_equal (a->has_memory_length, a->memory_length,
                             b->has_memory_length, b->memory_length) &&
             a->acceptance == b->acceptance &&
             g_strcmp0 (a->tag, b->tag) == 0;

    default:
      return FALSE;
    }
}

/**
 * mv_import_spec_data_length:
 * The bytes of data the import carries, when the document alone says:
 * a file import without a length needs its file.
 */
gboolean
mv_import_spec_data_length (const MvImportSpec *spec,
                            guint64            *out)
{
  switch (spec->kind)
    {
    case MV_IMPORT_KIND_GDT:
      *out = 32;  /* MV_GDT_DEFAULT_SIZE */
      return TRUE;
    case MV_IMPORT_KIND_SYNTHETIC:
      *out = spec->size;
      return TRUE;
    case MV_IMPORT_KIND_FILE:
      *out = spec->length;
      return spec->has_length;
    default:
      return FALSE;
    }
}

/**
 * mv_import_spec_memory_length:
 * The bytes of guest memory the import covers from its GPA, when the
 * document alone says.
 */
gboolean
mv_import_spec_memory_length (const MvImportSpec *spec,
                              guint64            *out)
{
  if (spec->kind == MV_IMPORT_KIND_GDT)
    {
      *out = MV_PAGE_SIZE;
      return TRUE;
    }
  if (spec->has_memory_length)
    {
      *out = spec->memory_length;
      return TRUE;
    }
  return mv_import_spec_data_length (spec, out);
}

/* ---- documents --------------------------------------------------------- */

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
  doc->imports = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_import_spec_free);
  doc->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_document_warning_free);
  doc->comments = comments_new ();
  doc->extras = g_ptr_array_new_with_free_func (extra_free);
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
  g_free (copy->profile);
  copy->profile = g_strdup (doc->profile);
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
      const Extra *e = g_ptr_array_index (doc->extras, i);
      Extra *ec = g_new0 (Extra, 1);

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
      g_strcmp0 (a->profile, b->profile) != 0 ||
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

void
mv_document_file_free (MvDocumentFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->resolved);
  g_free (file);
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

/* ---- files the document reads ------------------------------------------ */

/**
 * mv_document_resolve_path:
 * Returns: (transfer full) (nullable): @path made absolute: relative paths
 * start at the document's folder; NULL for a relative path when the
 * document has no folder. Symbolic links are not followed.
 */
char *
mv_document_resolve_path (const MvDocument *doc,
                          const char       *path)
{
  g_return_val_if_fail (doc != NULL, NULL);

  if (path == NULL || *path == '\0')
    return NULL;
  if (g_path_is_absolute (path))
    return g_canonicalize_filename (path, NULL);
  if (doc->base_dir == NULL)
    return NULL;
  return g_canonicalize_filename (path, doc->base_dir);
}

static gboolean
path_is_inside (const char *dir,
                const char *path)
{
  gsize len = strlen (dir);

  if (len == 1 && dir[0] == G_DIR_SEPARATOR)
    return path[0] == G_DIR_SEPARATOR && path[1] != '\0';
  return strncmp (path, dir, len) == 0 && path[len] == G_DIR_SEPARATOR;
}

/* Inside both as written and with symbolic links followed (a link in the
 * folder may point anywhere). */
static gboolean
file_is_inside (const char *base_dir,
                const char *resolved)
{
  g_autofree char *dir = NULL;
  char real_dir[PATH_MAX];
  char real_file[PATH_MAX];

  if (base_dir == NULL || resolved == NULL)
    return FALSE;
  dir = g_canonicalize_filename (base_dir, NULL);
  if (!path_is_inside (dir, resolved))
    return FALSE;
  if (realpath (dir, real_dir) != NULL && realpath (resolved, real_file) != NULL)
    return path_is_inside (real_dir, real_file);
  return TRUE;
}

/**
 * mv_document_list_files:
 * The files the document's imports read, in import order, and whether
 * each is outside the document's folder, so a UI can ask before running
 * the document. Reads no file (it follows symbolic links to tell).
 *
 * Returns: (transfer container) (element-type MvDocumentFile)
 */
GPtrArray *
mv_document_list_files (const MvDocument *doc)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_document_file_free);

  g_return_val_if_fail (doc != NULL, files);

  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);
      MvDocumentFile *f;

      if (spec->kind != MV_IMPORT_KIND_FILE)
        continue;
      f = g_new0 (MvDocumentFile, 1);
      f->import_index = i;
      f->path = g_strdup (spec->path);
      f->resolved = mv_document_resolve_path (doc, spec->path);
      f->outside = !file_is_inside (doc->base_dir, f->resolved);
      g_ptr_array_add (files, f);
    }
  return files;
}

/* ---- loading ----------------------------------------------------------- */

typedef struct
{
  char  *group;
  char  *key;
  char  *value;   /* raw, as GKeyFile reads it */
  guint  line;
} KeyLine;

static void
key_line_free (gpointer data)
{
  KeyLine *kl = data;

  g_free (kl->group);
  g_free (kl->key);
  g_free (kl->value);
  g_free (kl);
}

typedef struct
{
  MvDocument *doc;
  GKeyFile   *kf;
  GHashTable *lines;    /* "group" or "group\x1fkey" -> line */
  GPtrArray  *groups;   /* char *, in file order */
  GPtrArray  *keys;     /* KeyLine, in file order */
  GHashTable *key_lines;  /* "group\x1fkey" -> KeyLine (in @keys) */
  GHashTable *imports;  /* name -> MvImportSpec (in the document) */
  guint       n_lines;
} LoadCtx;

static char *
line_key (const char *group,
          const char *key)
{
  return key != NULL ? g_strconcat (group, "\x1f", key, NULL) : g_strdup (group);
}

static guint
ctx_line (LoadCtx    *ctx,
          const char *group,
          const char *key)
{
  gpointer v;

  if (group != NULL && key != NULL)
    {
      g_autofree char *k = line_key (group, key);

      if (g_hash_table_lookup_extended (ctx->lines, k, NULL, &v))
        return GPOINTER_TO_UINT (v);
    }
  if (group != NULL && g_hash_table_lookup_extended (ctx->lines, group, NULL, &v))
    return GPOINTER_TO_UINT (v);
  /* A group that is missing altogether: the end of the text. */
  return MAX (ctx->n_lines, 1);
}

static char *
where (LoadCtx    *ctx,
       const char *group,
       const char *key)
{
  guint line = ctx_line (ctx, group, key);

  if (group != NULL && key != NULL)
    return g_strdup_printf ("line %u, [%s] %s", line, group, key);
  if (group != NULL)
    return g_strdup_printf ("line %u, [%s]", line, group);
  return g_strdup_printf ("line %u", line);
}

G_GNUC_PRINTF (6, 7)
static gboolean
fail (LoadCtx         *ctx,
      GError         **error,
      MvDocumentError  code,
      const char      *group,
      const char      *key,
      const char      *format,
      ...)
{
  g_autofree char *place = where (ctx, group, key);
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, MV_DOCUMENT_ERROR, code, "%s: %s", place, msg);
  return FALSE;
}

G_GNUC_PRINTF (4, 5)
static void
warn (LoadCtx    *ctx,
      const char *group,
      const char *key,
      const char *format,
      ...)
{
  MvDocumentWarning *w = g_new0 (MvDocumentWarning, 1);
  g_autofree char *place = where (ctx, group, key);
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  w->line = ctx_line (ctx, group, key);
  w->group = g_strdup (group);
  w->key = g_strdup (key);
  w->message = g_strdup_printf ("%s: %s", place, msg);
  g_ptr_array_add (ctx->doc->warnings, w);
}

static gboolean
syntax_error (GError    **error,
              guint       line,
              const char *format,
              ...) G_GNUC_PRINTF (3, 4);

static gboolean
syntax_error (GError    **error,
              guint       line,
              const char *format,
              ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_SYNTAX, "line %u: %s", line, msg);
  return FALSE;
}

/* GKeyFile's rules for names, checked here so the error names the line. */
static gboolean
name_chars_ok (const char *s,
               gboolean    allow_brackets)
{
  for (; *s != '\0'; s++)
    {
      if ((guchar) *s < 0x20 || *s == 0x7f)
        return FALSE;
      if (!allow_brackets && (*s == '[' || *s == ']'))
        return FALSE;
    }
  return TRUE;
}

static gboolean
key_name_ok (const char *key)
{
  const char *open = strchr (key, '[');
  gsize len = strlen (key);

  if (len == 0 || key[0] == ' ' || !name_chars_ok (key, TRUE))
    return FALSE;
  if (open == NULL)
    return strchr (key, ']') == NULL;
  /* key[locale] */
  return open > key && key[len - 1] == ']' && open + 1 < key + len - 1 &&
         strchr (open + 1, '[') == NULL && strchr (open + 1, ']') == key + len - 1;
}

/* The length of text kept raw (comments, unknown values) for saving:
 * without trailing carriage returns, which would read back as CRLF line
 * ends and shrink the text by one at every save. */
static gsize
raw_text_len (const char *text)
{
  gsize n = strlen (text);

  while (n > 0 && text[n - 1] == '\r')
    n--;
  return n;
}

static void
append_comment (GString   **pending,
                const char *text)
{
  gsize n = raw_text_len (text);

  if (*pending == NULL)
    *pending = g_string_new_len (text, (gssize) n);
  else
    {
      g_string_append_c (*pending, '\n');
      g_string_append_len (*pending, text, (gssize) n);
    }
}

static void
attach_comment (GHashTable *comments,
                GString   **pending,
                char       *key)
{
  if (*pending == NULL)
    {
      g_free (key);
      return;
    }
  /* GKeyFile writes the empty comment (a lone "#") as a blank line, which
   * the next load drops: keep it as "# ". */
  if ((*pending)->len == 0)
    g_string_append_c (*pending, ' ');
  g_hash_table_replace (comments, key, g_string_free (*pending, FALSE));
  *pending = NULL;
}

/* Checks every line the way GKeyFile will read it, indexes where each
 * group and key is, and collects the comments above them. */
static gboolean
scan_text (LoadCtx     *ctx,
           const char  *data,
           gsize        len,
           GError     **error)
{
  const char *p = data;
  const char *end = data + len;
  g_autofree char *group = NULL;
  GString *pending = NULL;
  guint line = 0;
  gboolean ok = FALSE;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl != NULL ? nl : end;
      gsize n = (gsize) (line_end - p);
      g_autofree char *text = NULL;
      char *s;

      line++;
      if (n > 0 && p[n - 1] == '\r')
        n--;
      if (!g_utf8_validate_len (p, n, NULL))
        {
          syntax_error (error, line, "not valid UTF-8 text");
          goto out;
        }
      text = g_strndup (p, n);
      p = nl != NULL ? nl + 1 : end;
      s = g_strchug (text);

      if (*s == '\0')
        continue;

      if (*s == '#')
        {
          /* Kept without its '#': GKeyFile puts one back. */
          append_comment (&pending, s + 1);
          continue;
        }

      if (*s == '[')
        {
          char *close = strchr (s, ']');
          char *rest;
          char *name;
          gpointer first;

          if (close == NULL)
            {
              syntax_error (error, line, "group header “%s” has no closing “]”", s);
              goto out;
            }
          for (rest = close + 1; *rest == ' ' || *rest == '\t'; rest++)
            ;
          *close = '\0';
          name = s + 1;
          if (*rest != '\0' || *name == '\0' || !name_chars_ok (name, FALSE))
            {
              *close = ']';
              syntax_error (error, line, "“%s” is not a valid group header", s);
              goto out;
            }
          if (g_hash_table_lookup_extended (ctx->lines, name, NULL, &first))
            {
              g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_DUPLICATE_GROUP,
                           "line %u, [%s]: the group appears twice (first on line %u)",
                           line, name, GPOINTER_TO_UINT (first));
              goto out;
            }
          g_hash_table_insert (ctx->lines, g_strdup (name), GUINT_TO_POINTER (line));
          g_ptr_array_add (ctx->groups, g_strdup (name));
          /* Comments before the first group are the file's. */
          attach_comment (ctx->doc->comments, &pending,
                          group == NULL ? g_strdup ("") : g_strdup (name));
          g_free (group);
          group = g_strdup (name);
          continue;
        }

      {
        char *eq = strchr (s, '=');
        g_autofree char *key = NULL;
        g_autofree char *hkey = NULL;
        gpointer earlier;

        if (eq == NULL)
          {
            syntax_error (error, line,
                          "“%s” is not a key=value line, a [group] or a # comment", s);
            goto out;
          }
        key = g_strchomp (g_strndup (s, (gsize) (eq - s)));
        if (!key_name_ok (key))
          {
            syntax_error (error, line, "“%s” is not a valid key name", key);
            goto out;
          }
        if (group == NULL)
          {
            syntax_error (error, line, "key “%s” comes before the first [group]", key);
            goto out;
          }
        hkey = line_key (group, key);
        if (g_hash_table_lookup_extended (ctx->lines, hkey, NULL, &earlier))
          {
            MvDocumentWarning *w = g_new0 (MvDocumentWarning, 1);
            KeyLine *kl = g_hash_table_lookup (ctx->key_lines, hkey);

            w->line = line;
            w->group = g_strdup (group);
            w->key = g_strdup (key);
            w->message = g_strdup_printf ("line %u, [%s] %s: the key is also on line %u; "
                                          "the last one is used",
                                          line, group, key, GPOINTER_TO_UINT (earlier));
            g_ptr_array_add (ctx->doc->warnings, w);
            kl->line = line;
            g_free (kl->value);
            kl->value = g_strdup (g_strchug (eq + 1));
          }
        else
          {
            KeyLine *kl = g_new0 (KeyLine, 1);

            kl->group = g_strdup (group);
            kl->key = g_strdup (key);
            kl->value = g_strdup (g_strchug (eq + 1));
            kl->line = line;
            g_ptr_array_add (ctx->keys, kl);
            g_hash_table_insert (ctx->key_lines, g_strdup (hkey), kl);
          }
        g_hash_table_replace (ctx->lines, g_strdup (hkey), GUINT_TO_POINTER (line));
        attach_comment (ctx->doc->comments, &pending, g_steal_pointer (&hkey));
      }
    }
  ok = TRUE;

out:
  /* Comments after the last key have nothing to belong to: dropped. */
  if (pending != NULL)
    g_string_free (pending, TRUE);
  ctx->n_lines = line;
  return ok;
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

static gboolean
get_string (LoadCtx     *ctx,
            const char  *group,
            const char  *key,
            char       **out,
            GError     **error)
{
  g_autoptr(GError) inner = NULL;
  g_autofree char *raw = NULL;

  *out = NULL;
  if (!g_key_file_has_key (ctx->kf, group, key, NULL))
    return TRUE;
  /* GLib 2.74 sets its GError twice (and warns on stderr) for a bad escape
   * followed by a backslash at the end of the value: check the escapes
   * before it reads them. */
  raw = g_key_file_get_value (ctx->kf, group, key, NULL);
  if (raw != NULL && !escapes_valid (raw))
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, key,
                 "Key file contains key “%s” which has a value that cannot be interpreted. "
                 "(a backslash starts an escape: \\s, \\n, \\t, \\r or \\\\)", key);
  /* GKeyFile may return a string and an error at once (a bad escape). */
  *out = g_key_file_get_string (ctx->kf, group, key, &inner);
  if (*out == NULL || inner != NULL)
    {
      g_clear_pointer (out, g_free);
      return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, key,
                   "%s (a backslash starts an escape: \\s, \\n, \\t, \\r or \\\\)",
                   inner != NULL ? inner->message : "unreadable value");
    }
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
    return fail (ctx, error, MV_DOCUMENT_ERROR_MISSING_KEY, group, key, "the key is missing");
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
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, key, "%s", inner->message);
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
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, key, "%s", inner->message);
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
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, key, "%s%s",
                 what != NULL ? what : "", inner->message);
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

  if (!g_key_file_has_key (ctx->kf, GROUP_MEMVIZ, "version", NULL))
    return fail (ctx, error, MV_DOCUMENT_ERROR_NOT_A_DOCUMENT, GROUP_MEMVIZ, "version",
                 "not a memviz document: it needs a [memviz] group with a "
                 "version key");
  if (!get_string (ctx, GROUP_MEMVIZ, "version", &text, error))
    return FALSE;
  if (!mv_parse_uint (text, G_MAXUINT32, &version, &inner))
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, GROUP_MEMVIZ, "version",
                 "%s", inner->message);
  if (version == 0)
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, GROUP_MEMVIZ, "version",
                 "format version 0 does not exist");
  if (version > MV_DOCUMENT_FORMAT_VERSION)
    return fail (ctx, error, MV_DOCUMENT_ERROR_NEWER_VERSION, GROUP_MEMVIZ, "version",
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
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, GROUP_MEMORY, "numa",
                 "give either ram or numa, not both");
  if (!g_key_file_has_group (ctx->kf, GROUP_MEMORY))
    return fail (ctx, error, MV_DOCUMENT_ERROR_MISSING_KEY, GROUP_MEMORY, "ram",
                 "the [memory] group is missing (it needs ram=SIZE, or "
                 "numa=SIZE, SIZE, ... for NUMA nodes)");
  if (ram == NULL && numa == NULL)
    return fail (ctx, error, MV_DOCUMENT_ERROR_MISSING_KEY, GROUP_MEMORY, "ram",
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

      if (!mv_parse_size_list (numa, doc->ram_sizes, &inner))
        return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, GROUP_MEMORY, "numa",
                     "%s", inner->message);
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

  if (!get_string (ctx, GROUP_BOOT, "profile", &profile, error))
    return FALSE;
  if (profile != NULL)
    {
      g_strstrip (profile);
      if (!mv_document_profile_is_valid (profile))
        return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, GROUP_BOOT, "profile",
                     "unknown boot profile “%s” (expected linux-direct, uefi, pcat "
                     "or none)", profile);
      g_free (doc->profile);
      doc->profile = g_steal_pointer (&profile);
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
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, "acceptance",
                 "unknown acceptance “%s” (expected Exclusive, ExclusiveUnmeasured, "
                 "VpContext, SecretsPage, CpuidPage, CpuidExtendedStatePage or Shared)",
                 acceptance);

  if (tag != NULL && *tag == '\0')
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, "tag",
                 "the tag is empty");
  if (tag == NULL)
    tag = spec->kind == MV_IMPORT_KIND_FILE
      ? g_path_get_basename (spec->path)
      : g_strdup ("synthetic");
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
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, NULL,
                 "an import group needs a name: [import NAME]");
  if (g_hash_table_contains (ctx->imports, name))
    return fail (ctx, error, MV_DOCUMENT_ERROR_DUPLICATE_GROUP, group, NULL,
                 "another import is also named “%s”", name);

  if (!require (ctx, group, "kind", &kind, error))
    return FALSE;
  if (!mv_import_kind_from_string (g_strstrip (kind), &k))
    return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, "kind",
                 "unknown import kind “%s” (expected gdt, file or synthetic)", kind);

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
          return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, "page",
                       "%s", inner->message);
      }
      break;

    case MV_IMPORT_KIND_FILE:
      if (!require (ctx, group, "path", &spec->path, error))
        return FALSE;
      if (*spec->path == '\0')
        return fail (ctx, error, MV_DOCUMENT_ERROR_INVALID_VALUE, group, "path",
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

static gboolean
is_import_group (const char *group)
{
  return g_str_has_prefix (group, IMPORT_PREFIX) || g_str_equal (group, "import");
}

static gboolean
strv_has (const char *const *keys,
          const char        *key)
{
  for (guint i = 0; keys[i] != NULL; i++)
    if (g_str_equal (keys[i], key))
      return TRUE;
  return FALSE;
}

static void
keep_extra (LoadCtx       *ctx,
            const KeyLine *kl)
{
  Extra *e = g_new0 (Extra, 1);

  e->group = g_strdup (kl->group);
  e->key = g_strdup (kl->key);
  e->value = g_strndup (kl->value, raw_text_len (kl->value));
  g_ptr_array_add (ctx->doc->extras, e);
}

/* Unknown groups and keys: warnings, kept for saving. */
static void
check_unknown (LoadCtx *ctx)
{
  for (guint i = 0; i < ctx->groups->len; i++)
    {
      const char *group = g_ptr_array_index (ctx->groups, i);

      if (!g_str_equal (group, GROUP_MEMVIZ) && !g_str_equal (group, GROUP_MEMORY) &&
          !g_str_equal (group, GROUP_MTRR) && !g_str_equal (group, GROUP_BOOT) &&
          !is_import_group (group))
        warn (ctx, group, NULL, "unknown group, ignored (kept when saving)");
    }

  for (guint i = 0; i < ctx->keys->len; i++)
    {
      const KeyLine *kl = g_ptr_array_index (ctx->keys, i);
      const char *const *known = NULL;
      const MvImportSpec *spec = NULL;

      if (g_str_equal (kl->group, GROUP_MEMVIZ))
        known = memviz_keys;
      else if (g_str_equal (kl->group, GROUP_MEMORY))
        known = memory_keys;
      else if (g_str_equal (kl->group, GROUP_MTRR))
        known = mtrr_keys;
      else if (g_str_equal (kl->group, GROUP_BOOT))
        known = boot_keys;
      else if (is_import_group (kl->group))
        {
          g_autofree char *name = import_name_of (kl->group);

          spec = g_hash_table_lookup (ctx->imports, name);
          known = spec != NULL ? import_keys (spec->kind) : all_import_keys;
        }

      if (known != NULL && strv_has (known, kl->key))
        continue;

      if (spec != NULL && strv_has (all_import_keys, kl->key))
        warn (ctx, kl->group, kl->key, "the key does not apply to a %s import, ignored "
              "(kept when saving)", mv_import_kind_to_string (spec->kind));
      else if (known != NULL)
        warn (ctx, kl->group, kl->key, "unknown key, ignored (kept when saving)");
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
  g_autoptr(GKeyFile) kf = NULL;
  g_autoptr(GHashTable) lines = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GHashTable) key_lines = NULL;
  g_autoptr(GHashTable) imports = NULL;
  g_autoptr(GError) inner = NULL;
  LoadCtx ctx = { 0 };
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (len > MAX_DOCUMENT_SIZE)
    {
      g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_SYNTAX,
                   "line 1: the document is larger than %" G_GSIZE_FORMAT " bytes",
                   MAX_DOCUMENT_SIZE);
      return NULL;
    }

  doc = mv_document_new ();
  kf = g_key_file_new ();
  lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  groups = g_ptr_array_new_with_free_func (g_free);
  keys = g_ptr_array_new_with_free_func (key_line_free);
  key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imports = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.doc = doc;
  ctx.kf = kf;
  ctx.lines = lines;
  ctx.groups = groups;
  ctx.keys = keys;
  ctx.key_lines = key_lines;
  ctx.imports = imports;

  if (!scan_text (&ctx, data != NULL ? data : "", len, error))
    return NULL;

  if (!g_key_file_load_from_data (kf, data != NULL ? data : "", len, G_KEY_FILE_NONE, &inner))
    {
      /* scan_text() checks what GKeyFile checks; this is a backstop. */
      g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_SYNTAX,
                   "line %u: %s", MAX (ctx.n_lines, 1), inner->message);
      return NULL;
    }

  if (!load_version (&ctx, error))
    return NULL;

  g_clear_pointer (&doc->title, g_free);
  if (!get_string (&ctx, GROUP_MEMVIZ, "title", &doc->title, error) ||
      !get_string (&ctx, GROUP_MEMVIZ, "description", &doc->description, error) ||
      !load_memory (&ctx, error) ||
      !load_mtrr_and_boot (&ctx, error))
    return NULL;

  for (guint i = 0; i < groups->len; i++)
    {
      const char *group = g_ptr_array_index (groups, i);

      if (is_import_group (group) && !load_import (&ctx, group, error))
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
                   "cannot open %s: %s", path, g_strerror (errsv));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_READ,
                   "cannot read %s: not a regular file", path);
      close (fd);
      return FALSE;
    }
  if ((guint64) st.st_size > MAX_DOCUMENT_SIZE)
    {
      g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_READ,
                   "cannot read %s: larger than %" G_GSIZE_FORMAT " bytes, not a "
                   "memviz document", path, MAX_DOCUMENT_SIZE);
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
                       "cannot read %s: %s", path, g_strerror (errsv));
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
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  doc->path = g_steal_pointer (&abs);
  return doc;
}

/* ---- saving ------------------------------------------------------------ */

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
  g_autofree char *k = line_key (group, key);
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
  g_hash_table_add (ctx->written, line_key (group, key));
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

static void
put_size (SaveCtx    *ctx,
          const char *group,
          const char *key,
          guint64     value)
{
  g_autofree char *s = mv_format_size (value);

  put_value (ctx, group, key, s);
}

static void
put_hex (SaveCtx    *ctx,
         const char *group,
         const char *key,
         guint64     value)
{
  g_autofree char *s = mv_format_hex (value);

  put_value (ctx, group, key, s);
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
      const Extra *e = g_ptr_array_index (ctx->doc->extras, i);
      g_autofree char *k = NULL;

      if (!g_str_equal (e->group, group))
        continue;
      k = line_key (group, e->key);
      if (g_hash_table_contains (ctx->written, k))
        continue;
      put_value (ctx, group, e->key, e->value);
    }
}

/* A name GKeyFile takes in a group header, unique among the imports. */
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
      put_hex (ctx, group, "page", spec->page);
      break;

    case MV_IMPORT_KIND_FILE:
      put_hex (ctx, group, "gpa", spec->gpa);
      put_string (ctx, group, "path", spec->path != NULL ? spec->path : "");
      put_hex (ctx, group, "offset", spec->offset);
      if (spec->has_length)
        put_size (ctx, group, "length", spec->length);
      break;

    case MV_IMPORT_KIND_SYNTHETIC:
      put_hex (ctx, group, "gpa", spec->gpa);
      put_size (ctx, group, "size", spec->size);
      put_hex (ctx, group, "fill", spec->fill);
      break;

    default:
      g_return_if_reached ();
    }

  if (spec->kind != MV_IMPORT_KIND_GDT)
    {
      const char *acceptance = mv_acceptance_to_string (spec->acceptance);

      if (spec->has_memory_length)
        put_size (ctx, group, "memory-length", spec->memory_length);
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
    put_size (&ctx, GROUP_MEMORY, "ram", g_array_index (doc->ram_sizes, guint64, 0));
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
  put_extras (&ctx, GROUP_MTRR);

  put_string (&ctx, GROUP_BOOT, "profile",
              doc->profile != NULL ? doc->profile : MV_DOCUMENT_DEFAULT_PROFILE);
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
      const Extra *e = g_ptr_array_index (doc->extras, i);

      if (g_str_equal (e->group, GROUP_MEMVIZ) || g_str_equal (e->group, GROUP_MEMORY) ||
          g_str_equal (e->group, GROUP_MTRR) || g_str_equal (e->group, GROUP_BOOT) ||
          is_import_group (e->group))
        continue;
      put_extras (&ctx, e->group);
    }

  return g_key_file_to_data (kf, length, NULL);
}

/**
 * mv_document_save_to_file:
 * Writes the document to @path atomically: the text goes to a temporary
 * file in the same folder, which then replaces @path; if anything fails,
 * @path is left as it was and the error names it. On success the
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
  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_DURABLE,
                                 0666, &inner))
    {
      g_set_error (error, MV_DOCUMENT_ERROR, MV_DOCUMENT_ERROR_WRITE,
                   "cannot save %s: %s", path, inner->message);
      return FALSE;
    }

  g_free (doc->path);
  doc->path = g_canonicalize_filename (path, NULL);
  g_free (doc->base_dir);
  doc->base_dir = g_path_get_dirname (doc->path);
  return TRUE;
}
