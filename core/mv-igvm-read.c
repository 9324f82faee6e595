/* SPDX-License-Identifier: MIT */
/* IGVM files: the header walk. */
#include "config.h"

#include "mv-igvm.h"
#include "mv-igvm-private.h"

MvIgvmFile *
mv_igvm_read (MvSource         *source,
              MvIgvmReadFlags   flags,
              MvIgvmHeaderFunc  func,
              gpointer          user_data,
              MvImportProgress  progress,
              gpointer          progress_data,
              GError          **error)
{
  g_return_val_if_fail (source != NULL, NULL);
  (void) flags; (void) func; (void) user_data; (void) progress; (void) progress_data;

  g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_READ,
               "reading IGVM files is not implemented yet");
  return NULL;
}

void
mv_igvm_diagnose (MvIgvmFile     *file,
                  const MvLayout *layout)
{
  g_return_if_fail (file != NULL);
  (void) layout;
  g_ptr_array_set_size (file->diagnostics, 0);
}

gboolean
mv_igvm_diagnostics_have_errors (const MvIgvmFile *file)
{
  for (guint i = 0; i < file->diagnostics->len; i++)
    {
      const MvIgvmDiagnostic *d = g_ptr_array_index (file->diagnostics, i);
      if (d->severity == MV_SEVERITY_ERROR)
        return TRUE;
    }
  return FALSE;
}
