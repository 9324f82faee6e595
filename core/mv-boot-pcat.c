/* SPDX-License-Identifier: MIT */
/* Placeholder until the pcat loader's port lands in this file. */
#include "mv-boot-private.h"

gboolean
_mv_boot_load_pcat (const MvBootRun *run,
                  GError         **error)
{
  g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_FAILED,
               "the %s loader is not ported yet", mv_boot_loader_to_string (run->config->loader));
  return FALSE;
}
