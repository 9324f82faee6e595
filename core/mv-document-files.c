/* SPDX-License-Identifier: MIT */
/* The outside-files policy: the files a document's imports read, where
 * they resolve to, and which lie outside the document's folder (symbolic
 * links followed), so a UI can ask before anything reads them. */
#include "mv-document.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mv-scenario.h"

void
mv_document_file_free (MvDocumentFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->resolved);
  g_free (file);
}

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
 * folder may point anywhere). A path that cannot be resolved while
 * something is there (a dangling or looping link) is outside: where it
 * leads is unknown. A path with nothing there is judged as written
 * (reading it fails anyway). */
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
  if (realpath (dir, real_dir) == NULL)
    return FALSE;
  if (realpath (resolved, real_file) == NULL)
    {
      struct stat st;

      return errno == ENOENT && lstat (resolved, &st) != 0 && errno == ENOENT;
    }
  return path_is_inside (real_dir, real_file);
}

/* The [boot] files the loader reads (the others it does not open). */
static void
add_boot_files (const MvDocument *doc,
                GPtrArray        *files)
{
  const MvBootConfig *boot = &doc->boot;
  const struct { const char *key; const char *path; gboolean used; } keys[] = {
    { "kernel", boot->kernel, boot->loader == MV_BOOT_LOADER_LINUX },
    { "initrd", boot->initrd, boot->loader == MV_BOOT_LOADER_LINUX },
    { "acpi-file", boot->acpi_file, boot->loader == MV_BOOT_LOADER_LINUX },
    { "firmware", boot->firmware,
      boot->loader == MV_BOOT_LOADER_UEFI || boot->loader == MV_BOOT_LOADER_PCAT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      MvDocumentFile *f;

      if (!keys[i].used || keys[i].path == NULL || keys[i].path[0] == '\0')
        continue;
      f = g_new0 (MvDocumentFile, 1);
      f->import_index = G_MAXUINT;
      f->boot_key = keys[i].key;
      f->path = g_strdup (keys[i].path);
      f->resolved = mv_document_resolve_path (doc, keys[i].path);
      f->outside = !file_is_inside (doc->base_dir, f->resolved);
      g_ptr_array_add (files, f);
    }
}

/**
 * mv_document_list_files:
 * The files the document's imports read, in import order, then the files
 * its [boot] loader reads (import_index G_MAXUINT, boot_key set), and whether
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
  add_boot_files (doc, files);
  return files;
}


/**
 * mv_document_refuse_outside_files:
 * For programs that cannot ask (memviz-cli, memviz without a window):
 * fails with MV_SCENARIO_ERROR_NOT_ALLOWED naming the first file the
 * document's imports would read outside its folder, if any.
 */
gboolean
mv_document_refuse_outside_files (const MvDocument  *doc,
                                  GError           **error)
{
  g_autoptr(GPtrArray) files = NULL;

  g_return_val_if_fail (doc != NULL, FALSE);

  files = mv_document_list_files (doc);
  for (guint i = 0; i < files->len; i++)
    {
      const MvDocumentFile *f = g_ptr_array_index (files, i);
      g_autofree char *shown = NULL;
      g_autofree char *what = NULL;

      if (!f->outside)
        continue;
      shown = g_filename_display_name (f->resolved != NULL ? f->resolved : f->path);
      if (f->import_index == G_MAXUINT)
        what = g_strdup_printf ("[boot] %s", f->boot_key);
      else
        {
          const MvImportSpec *spec = g_ptr_array_index (doc->imports, f->import_index);

          what = spec->name != NULL && *spec->name != '\0'
                 ? g_strdup_printf ("import \"%s\"", spec->name)
                 : g_strdup_printf ("import %u", f->import_index + 1);
        }
      g_set_error (error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_ALLOWED,
                   "%s reads %s, outside the document's folder "
                   "(give --allow-outside-files to read it)", what, shown);
      return FALSE;
    }
  return TRUE;
}
