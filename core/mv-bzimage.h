/* SPDX-License-Identifier: MIT */
/* A port of OpenVMM's bzImage reader (vm/loader/src/bzimage.rs at
 * 1488a37b): is a kernel a bzImage, and where is its protected-mode code.
 * Only the first 0x268 bytes are read. */
#pragma once

#include "mv-boot.h"
#include "mv-file-import.h"
#include "mv-le.h"

G_BEGIN_DECLS

/* The setup header upstream knows (loader_defs::linux::setup_header):
 * 0x77 bytes from file offset 0x1f1, up to handover_offset (no
 * kernel_info_offset). */
#define MV_SETUP_HEADER_OFFSET 0x1f1
#define MV_SETUP_HEADER_SIZE   0x77
#define MV_BZIMAGE_HEADER_END  (MV_SETUP_HEADER_OFFSET + MV_SETUP_HEADER_SIZE)

/* Offsets of setup header fields, from the start of the file (the same
 * as in the zero page). */
#define MV_SETUP_SETUP_SECTS     0x1f1
#define MV_SETUP_SYSSIZE         0x1f4
#define MV_SETUP_BOOT_FLAG       0x1fe
#define MV_SETUP_HEADER          0x202
#define MV_SETUP_VERSION         0x206
#define MV_SETUP_TYPE_OF_LOADER  0x210
#define MV_SETUP_LOADFLAGS       0x211
#define MV_SETUP_RAMDISK_IMAGE   0x218
#define MV_SETUP_RAMDISK_SIZE    0x21c
#define MV_SETUP_CMD_LINE_PTR    0x228
#define MV_SETUP_KERNEL_ALIGNMENT 0x230
#define MV_SETUP_RELOCATABLE     0x234
#define MV_SETUP_XLOADFLAGS      0x236
#define MV_SETUP_CMDLINE_SIZE    0x238
#define MV_SETUP_SETUP_DATA      0x250
#define MV_SETUP_PREF_ADDRESS    0x258
#define MV_SETUP_INIT_SIZE       0x260

#define MV_BZIMAGE_BOOT_FLAG     0xAA55
#define MV_BZIMAGE_HDRS_MAGIC    0x53726448   /* "HdrS" */
#define MV_BZIMAGE_MIN_PROTOCOL  0x020C
#define MV_BZIMAGE_LOADED_HIGH   0x01
#define MV_BZIMAGE_XLF_KERNEL_64 0x0001
#define MV_BZIMAGE_ENTRY_OFFSET  0x200

typedef struct
{
  guint8  setup_header[MV_SETUP_HEADER_SIZE];  /* as in the file */
  guint16 version;
  guint8  setup_sects;          /* 4 when the header says 0 */
  guint64 protected_mode_size;  /* syssize * 16, or the rest of the file */
  guint64 entry_offset;         /* 0x200 */
  guint32 init_size;
  guint64 pref_address;
} MvBzImageInfo;

/* is_bzimage: the boot flag and "HdrS" are there; a file too short for
 * the header is not a bzImage. */
gboolean mv_bzimage_detect (MvSource      *file,
                            const char    *name,
                            gboolean      *out,
                            GError       **error);
/* parse_bzimage; @file_size is used when syssize is 0. */
gboolean mv_bzimage_parse  (MvSource      *file,
                            guint64        file_size,
                            const char    *name,
                            MvBzImageInfo *out,
                            GError       **error);

G_END_DECLS
