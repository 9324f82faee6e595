/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-x86.h"

G_BEGIN_DECLS

#define MV_IMPORTER_ERROR (mv_importer_error_quark ())

typedef enum
{
  MV_IMPORTER_ERROR_FAILED,
} MvImporterError;

/* Upstream's BootPageAcceptance. */
typedef enum
{
  MV_ACCEPTANCE_EXCLUSIVE,
  MV_ACCEPTANCE_EXCLUSIVE_UNMEASURED,
  MV_ACCEPTANCE_VP_CONTEXT,
  MV_ACCEPTANCE_SECRETS_PAGE,
  MV_ACCEPTANCE_CPUID_PAGE,
  MV_ACCEPTANCE_CPUID_EXTENDED_STATE_PAGE,
  MV_ACCEPTANCE_SHARED,
  MV_ACCEPTANCE_N_VALUES
} MvAcceptance;

const char *mv_acceptance_to_string   (MvAcceptance  acceptance);
const char *const *mv_acceptance_names (void);
gboolean    mv_acceptance_from_string (const char   *text,
                                       MvAcceptance *out);

typedef struct _MvImporter MvImporter;

/**
 * MvImporterClass:
 * Upstream's ImageLoad, reduced to the two calls the ported code makes.
 * @data may be shorter than the pages; the rest of the pages is zero.
 */
typedef struct
{
  gboolean (*import_pages)       (MvImporter          *self,
                                  guint64              page_base,
                                  guint64              page_count,
                                  const char          *tag,
                                  MvAcceptance         acceptance,
                                  const guint8        *data,
                                  gsize                data_len,
                                  GError             **error);
  gboolean (*import_vp_register) (MvImporter          *self,
                                  const MvX86Register *reg,
                                  GError             **error);
  /* Optional: @n_calls import_pages calls of @page_count pages each, at
   * consecutive page numbers from @page_base, each with the same @data.
   * Without it, mv_importer_import_repeated makes the calls one by one. */
  gboolean (*import_repeated)    (MvImporter          *self,
                                  guint64              page_base,
                                  guint64              n_calls,
                                  guint64              page_count,
                                  const char          *tag,
                                  MvAcceptance         acceptance,
                                  const guint8        *data,
                                  gsize                data_len,
                                  GError             **error);
} MvImporterClass;

struct _MvImporter
{
  const MvImporterClass *klass;
};

gboolean mv_importer_import_pages       (MvImporter          *self,
                                         guint64              page_base,
                                         guint64              page_count,
                                         const char          *tag,
                                         MvAcceptance         acceptance,
                                         const guint8        *data,
                                         gsize                data_len,
                                         GError             **error);
gboolean mv_importer_import_vp_register (MvImporter          *self,
                                         const MvX86Register *reg,
                                         GError             **error);
gboolean mv_importer_import_repeated    (MvImporter          *self,
                                         guint64              page_base,
                                         guint64              n_calls,
                                         guint64              page_count,
                                         const char          *tag,
                                         MvAcceptance         acceptance,
                                         const guint8        *data,
                                         gsize                data_len,
                                         GError             **error);

GQuark   mv_importer_error_quark        (void);

G_END_DECLS
