/* SPDX-License-Identifier: MIT */
/* An import of a `.memviz` document (MvImportSpec): the import kinds and
 * their names, and the spec's life cycle, comparison and lengths. Reading
 * and writing specs is the loader's and the saver's job. */
#include "mv-import-spec.h"

#include "mv-enum.h"
#include "mv-range.h"

/* The kinds' names, in enum order, NULL-terminated. */
static const char *const kind_names[] = {
  [MV_IMPORT_KIND_GDT] = "gdt",
  [MV_IMPORT_KIND_FILE] = "file",
  [MV_IMPORT_KIND_SYNTHETIC] = "synthetic",
  NULL,
};

const char *
mv_import_kind_to_string (MvImportKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names) - 1, NULL);
  return kind_names[kind];
}

gboolean
mv_import_kind_from_string (const char   *text,
                            MvImportKind *out)
{
  int v;

  if (!mv_enum_index_from_string (kind_names, text, FALSE, &v))
    return FALSE;
  *out = (MvImportKind) v;
  return TRUE;
}

/**
 * mv_import_kind_names:
 *
 * Returns: (transfer none): the kinds' names in enum order, NULL-terminated
 */
const char *const *
mv_import_kind_names (void)
{
  return kind_names;
}

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
 * mv_import_spec_default_tag:
 * The tag an import gets when the document gives none: a file import's
 * file name, "synthetic" for a synthetic one.
 *
 * Returns: (transfer full): the tag
 */
char *
mv_import_spec_default_tag (const MvImportSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);

  if (spec->kind == MV_IMPORT_KIND_FILE && spec->path != NULL)
    return g_path_get_basename (spec->path);
  return g_strdup (mv_import_kind_to_string (spec->kind));
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

