/* SPDX-License-Identifier: MIT */
#include "mv-importer.h"

#include "mv-enum.h"

G_DEFINE_QUARK (mv-importer-error-quark, mv_importer_error)

/* In enum order, NULL-terminated: the one table. */
static const char *const acceptance_names[MV_ACCEPTANCE_N_VALUES + 1] = {
  "Exclusive",
  "ExclusiveUnmeasured",
  "VpContext",
  "SecretsPage",
  "CpuidPage",
  "CpuidExtendedStatePage",
  "Shared",
  NULL,
};

/**
 * mv_acceptance_names:
 *
 * Returns: (transfer none): the acceptances' names in enum order,
 *   NULL-terminated
 */
const char *const *
mv_acceptance_names (void)
{
  return acceptance_names;
}

const char *
mv_acceptance_to_string (MvAcceptance acceptance)
{
  g_return_val_if_fail (acceptance < MV_ACCEPTANCE_N_VALUES, NULL);
  return acceptance_names[acceptance];
}

gboolean
mv_acceptance_from_string (const char   *text,
                           MvAcceptance *out)
{
  int v;

  if (!mv_enum_index_from_string (acceptance_names, text, FALSE, &v))
    return FALSE;
  *out = (MvAcceptance) v;
  return TRUE;
}

gboolean
mv_importer_import_pages (MvImporter   *self,
                          guint64       page_base,
                          guint64       page_count,
                          const char   *tag,
                          MvAcceptance  acceptance,
                          const guint8 *data,
                          gsize         data_len,
                          GError      **error)
{
  g_return_val_if_fail (self != NULL && self->klass != NULL, FALSE);
  return self->klass->import_pages (self, page_base, page_count, tag, acceptance,
                                    data, data_len, error);
}

gboolean
mv_importer_import_vp_register (MvImporter          *self,
                                const MvX86Register *reg,
                                GError             **error)
{
  g_return_val_if_fail (self != NULL && self->klass != NULL, FALSE);
  return self->klass->import_vp_register (self, reg, error);
}

/**
 * mv_importer_import_repeated:
 * @n_calls import_pages calls, the i-th of @page_count pages at
 * @page_base + i * @page_count, each with the same @data. An importer that
 * can take them at once (the recorder) does so in time that does not grow
 * with @n_calls; any other gets the calls one by one.
 */
gboolean
mv_importer_import_repeated (MvImporter   *self,
                             guint64       page_base,
                             guint64       n_calls,
                             guint64       page_count,
                             const char   *tag,
                             MvAcceptance  acceptance,
                             const guint8 *data,
                             gsize         data_len,
                             GError      **error)
{
  g_return_val_if_fail (self != NULL && self->klass != NULL, FALSE);
  if (self->klass->import_repeated != NULL)
    return self->klass->import_repeated (self, page_base, n_calls, page_count, tag,
                                         acceptance, data, data_len, error);
  for (guint64 i = 0; i < n_calls; i++)
    if (!self->klass->import_pages (self, page_base + i * page_count, page_count, tag,
                                    acceptance, data, data_len, error))
      return FALSE;
  return TRUE;
}
