/* SPDX-License-Identifier: MIT */
/* OpenVMM's UEFI image for x86-64 (vm/loader/src/uefi/mod.rs): exactly
 * 6 MiB, read whole as openvmm_core does, and its SEC entry point found
 * as get_sec_entry_point_offset finds it (the SEC firmware volume at
 * 0x5E0000, its first SEC core file, that file's PE32 section, the PE32
 * or TE header's AddressOfEntryPoint). */
#pragma once

#include <gio/gio.h>

#include "mv-boot.h"

G_BEGIN_DECLS

#define MV_UEFI_IMAGE_SIZE        ((guint64) 0x600000)   /* MsvmPkgX64.fdf */
#define MV_UEFI_SEC_VOLUME_OFFSET ((guint64) 0x5E0000)   /* SEC_FIRMWARE_VOLUME_OFFSET */

guint8  *mv_uefi_image_read      (const char     *path,
                                  GCancellable   *cancellable,
                                  MvBootProgress  progress,
                                  gpointer        progress_data,
                                  GError        **error);
gboolean mv_uefi_image_sec_entry (const guint8   *image,
                                  gsize           len,
                                  guint64        *offset,
                                  GError        **error);

G_END_DECLS
