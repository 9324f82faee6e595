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

/* The kinds of a descriptor's fields. */
typedef enum
{
  MV_GDT_FIELD_BASE,
  MV_GDT_FIELD_LIMIT,
  MV_GDT_FIELD_TYPE,
  MV_GDT_FIELD_S,
  MV_GDT_FIELD_DPL,
  MV_GDT_FIELD_P,
  MV_GDT_FIELD_AVL,
  MV_GDT_FIELD_L,
  MV_GDT_FIELD_DB,
  MV_GDT_FIELD_G,
  MV_GDT_N_FIELD_KINDS
} MvGdtFieldKind;

/* One field of the 64-bit descriptor: bits @hi down to @lo. */
typedef struct
{
  guint           hi;
  guint           lo;
  MvGdtFieldKind  kind;
  const char     *name;     /* "Base 31:24", "G", ... */
} MvGdtField;

/* How briefly mv_gdt_field_value() says a value. */
typedef enum
{
  MV_GDT_VALUE_WORDS,       /* "1 \u00b7 4 KiB units" */
  MV_GDT_VALUE_BRIEF,       /* "1 \u00b7 4K" */
  MV_GDT_VALUE_NUMBER,      /* "1" */
} MvGdtValueForm;

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
void        mv_gdt_decode_attributes (guint16             attributes,
                                      MvGdtDescriptor    *out);
const char *mv_gdt_type_describe     (const MvGdtDescriptor *desc);
char       *mv_gdt_describe_brief    (const MvGdtDescriptor *desc);
char       *mv_gdt_limit_describe    (const MvGdtDescriptor *desc);
char       *mv_gdt_selector_describe (guint16             selector);
char       *mv_gdt_limits_note       (const MvGdtDescriptor *descs,
                                      guint               n_descs,
                                      const MvX86Register *regs,
                                      guint               n_regs);

const MvGdtField *
            mv_gdt_fields            (guint              *n_fields);
guint64     mv_gdt_field_bits        (const MvGdtDescriptor *desc,
                                      const MvGdtField   *field);
char       *mv_gdt_field_value       (const MvGdtDescriptor *desc,
                                      const MvGdtField   *field,
                                      MvGdtValueForm      form);

G_END_DECLS
