/* SPDX-License-Identifier: MIT */
/* The loaders behind mv_boot_load (), one file each: mv-boot-linux.c,
 * mv-boot-uefi.c, mv-boot-pcat.c. Each imports in upstream's order and
 * fills @info; mv_boot_load () has checked the arguments. */
#pragma once

#include "mv-boot.h"

G_BEGIN_DECLS

typedef struct
{
  const MvBootConfig *config;
  const MvLayout     *layout;
  MvImporter         *importer;
  MvBootInfo         *info;
  GCancellable       *cancellable;
  MvBootProgress      progress;
  gpointer            progress_data;
} MvBootRun;

gboolean _mv_boot_load_linux (const MvBootRun *run,
                              GError         **error);
gboolean _mv_boot_load_uefi  (const MvBootRun *run,
                              GError         **error);
gboolean _mv_boot_load_pcat  (const MvBootRun *run,
                              GError         **error);

G_END_DECLS
