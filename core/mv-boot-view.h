/* SPDX-License-Identifier: MIT */
/* What a boot run shows: its imports merged as OpenVMM's vm_loader keeps
 * them (by address, adjacent imports of one tag and acceptance joined,
 * each with the CRC-32 of its guest memory) and its registers in words
 * (CR0, CR4, EFER and the others decoded). memviz-cli and the window share
 * it. */
#pragma once

#include <glib.h>

#include "mv-boot.h"
#include "mv-recorder.h"

G_BEGIN_DECLS

typedef struct
{
  guint64      start;       /* a GPA, page aligned */
  guint64      end;         /* exclusive */
  guint64      pages;
  const char  *tag;         /* the recorder's */
  MvAcceptance acceptance;
  guint32      crc32;       /* zlib CRC-32 of [start, end) after loading */
} MvBootImport;

GArray *mv_boot_merge_calls       (const MvImportCall  *traced,
                                   guint                n_traced);
GArray *mv_boot_merge_imports     (const MvRecorder    *rec);
char   *mv_boot_register_value    (const MvX86Register *reg);
char   *mv_boot_register_decode   (const MvX86Register *reg);
const char *mv_e820_type_name     (guint32              type);

G_END_DECLS
