/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-importer.h"

G_BEGIN_DECLS

#define MV_GDT_ERROR (mv_gdt_error_quark ())

typedef enum
{
  /* gdt_page_base * 4096 does not fit in 64 bits (upstream overflows). */
  MV_GDT_ERROR_PAGE_OUT_OF_RANGE,
} MvGdtError;

#define MV_GDT_DEFAULT_COUNT 4
#define MV_GDT_DEFAULT_SIZE  (MV_GDT_DEFAULT_COUNT * 8)
#define MV_GDT_DEFAULT_TAG   "default-gdt"

/* x86defs: X64_DEFAULT_CODE/DATA_SEGMENT_ATTRIBUTES */
#define MV_GDT_CODE_ATTRIBUTES 0xA09B
#define MV_GDT_DATA_ATTRIBUTES 0xC093
#define MV_GDT_CODE_SELECTOR   0x08
#define MV_GDT_DATA_SELECTOR   0x10

/* An 8-byte segment descriptor, decoded. */
typedef struct
{
  guint64 raw;
  guint32 base;
  guint32 limit;          /* 20 bits, as stored */
  guint64 limit_scaled;   /* byte limit: with G set, (limit << 12) | 0xfff */
  guint8  type;           /* 4 bits */
  gboolean s;             /* code/data (1) or system (0) */
  guint8  dpl;
  gboolean p;
  gboolean avl;
  gboolean l;
  gboolean db;
  gboolean g;
  guint16 attributes;     /* the u16 attribute form: type|S|DPL|P|limit19:16|AVL|L|D/B|G */
} MvGdtDescriptor;

GQuark      mv_gdt_error_quark       (void);
const char *mv_gdt_error_name        (int                 code);

void        mv_gdt_default_bytes     (guint8              out[MV_GDT_DEFAULT_SIZE]);
gboolean    mv_gdt_import_default    (MvImporter         *importer,
                                      guint64             gdt_page_base,
                                      GError            **error);
void        mv_gdt_decode            (const guint8        bytes[8],
                                      MvGdtDescriptor    *out);
void        mv_gdt_decode_raw        (guint64             raw,
                                      MvGdtDescriptor    *out);
const char *mv_gdt_type_describe     (const MvGdtDescriptor *desc);

G_END_DECLS
