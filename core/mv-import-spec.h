/* SPDX-License-Identifier: MIT */
/* One import of a `.memviz` document: its kind and the fields it reads. */
#pragma once

#include <glib.h>

#include "mv-importer.h"

G_BEGIN_DECLS

typedef enum
{
  MV_IMPORT_KIND_GDT,        /* the default GDT at a page */
  MV_IMPORT_KIND_FILE,       /* a file region (upstream's import_file_region) */
  MV_IMPORT_KIND_SYNTHETIC,  /* a file region made up of @size bytes of @fill */
} MvImportKind;

/**
 * MvImportSpec:
 * One import of a document, run in document order. Which fields a kind
 * reads:
 * - gdt: @page.
 * - file: @gpa, @path, @offset, @length (unset: to the end of the file),
 *   @memory_length (unset: the data length), @acceptance, @tag.
 * - synthetic: @gpa, @size, @fill, @memory_length (unset: @size),
 *   @acceptance, @tag.
 */
typedef struct
{
  MvImportKind kind;
  char        *name;               /* the group is [import NAME]; unique */
  guint64      page;
  guint64      gpa;
  char        *path;               /* UTF-8, absolute or relative to the document's folder */
  guint64      offset;
  gboolean     has_length;
  guint64      length;
  gboolean     has_memory_length;
  guint64      memory_length;
  guint64      size;
  guint8       fill;
  MvAcceptance acceptance;
  char        *tag;
} MvImportSpec;

const char   *mv_import_kind_to_string     (MvImportKind        kind);
gboolean      mv_import_kind_from_string   (const char         *text,
                                            MvImportKind       *out);
const char *const *mv_import_kind_names    (void);

MvImportSpec *mv_import_spec_new           (MvImportKind        kind);
MvImportSpec *mv_import_spec_copy          (const MvImportSpec *spec);
void          mv_import_spec_free          (MvImportSpec       *spec);
gboolean      mv_import_spec_equal         (const MvImportSpec *a,
                                            const MvImportSpec *b);
char         *mv_import_spec_default_tag   (const MvImportSpec *spec);
gboolean      mv_import_spec_data_length   (const MvImportSpec *spec,
                                            guint64            *out);
gboolean      mv_import_spec_memory_length (const MvImportSpec *spec,
                                            guint64            *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvImportSpec, mv_import_spec_free)

G_END_DECLS
