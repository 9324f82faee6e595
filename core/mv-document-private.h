/* SPDX-License-Identifier: MIT */
/* What the document's files share: the group names, the raw keys kept
 * for saving, and the scanned text the loader reads its values from. */
#pragma once

#include "mv-document.h"

G_BEGIN_DECLS

/* A document larger than this is not a document. */
#define MV_DOCUMENT_MAX_SIZE ((gsize) 16 * 1024 * 1024)

#define GROUP_MEMVIZ  "memviz"
#define GROUP_MEMORY  "memory"
#define GROUP_MTRR    "mtrr"
#define GROUP_BOOT    "boot"
#define IMPORT_PREFIX "import "

/* A key as the text has it: in the scan, every key (its last line and
 * value); in MvDocument.extras, the unknown keys kept for saving. */
typedef struct
{
  char  *group;
  char  *key;
  char  *value;   /* raw, escapes and all */
  guint  line;    /* 1-based */
} MvDocumentRawKey;

void      _mv_document_raw_key_free      (gpointer    data);
char     *_mv_document_key               (const char *group,
                                          const char *key);
gboolean  _mv_document_key_lookup        (GHashTable *table,
                                          const char *group,
                                          const char *key,
                                          gpointer   *value);
gsize     _mv_document_raw_len           (const char *text);
gboolean  _mv_document_is_import_group   (const char *group);
gboolean  _mv_document_is_known_group    (const char *group);
gboolean  _mv_document_key_may_be_known  (const char *group,
                                          const char *key);

/* Errors and warnings name their place: "line N, [group] key: ...". */
gboolean  _mv_document_fail              (GError          **error,
                                          MvDocumentError   code,
                                          guint             line,
                                          const char       *group,
                                          const char       *key,
                                          const char       *format,
                                          ...) G_GNUC_PRINTF (6, 7);
void      _mv_document_warn              (MvDocument       *doc,
                                          guint             line,
                                          const char       *group,
                                          const char       *key,
                                          const char       *format,
                                          ...) G_GNUC_PRINTF (5, 6);

/* The text, scanned once (mv-document-scan.c). */
typedef struct
{
  GHashTable *lines;      /* "group" or _mv_document_key () -> line */
  GPtrArray  *groups;     /* char *, in file order */
  GPtrArray  *keys;       /* MvDocumentRawKey, in file order */
  GHashTable *key_index;  /* _mv_document_key () -> MvDocumentRawKey (in @keys) */
  guint       n_lines;
} MvDocumentText;

MvDocumentText *_mv_document_text_scan (MvDocument  *doc,
                                        const char  *data,
                                        gsize        len,
                                        GError     **error);
void            _mv_document_text_free (MvDocumentText *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvDocumentText, _mv_document_text_free)

G_END_DECLS
