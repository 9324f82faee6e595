/* SPDX-License-Identifier: MIT */
/* A port of OpenVMM's import_default_gdt, and a descriptor decoder. */
#include "mv-gdt.h"

#include <string.h>

#include "mv-range.h"

G_DEFINE_QUARK (mv-gdt-error-quark, mv_gdt_error)

const char *
mv_gdt_error_name (int code)
{
  switch ((MvGdtError) code)
    {
    case MV_GDT_ERROR_PAGE_OUT_OF_RANGE: return "GdtPageOutOfRange";
    default: return "Unknown";
    }
}

/* GdtEntry layout: limit_low u16, base_low u16, base_middle u8, attr_low
 * u8, attr_high u8, base_high u8; little endian. */
static void
put_entry (guint8  *p,
           guint16  limit_low,
           guint16  attributes)
{
  p[0] = limit_low & 0xff;
  p[1] = limit_low >> 8;
  p[2] = 0;
  p[3] = 0;
  p[4] = 0;
  p[5] = attributes & 0xff;
  p[6] = attributes >> 8;
  p[7] = 0;
}

void
mv_gdt_default_bytes (guint8 out[MV_GDT_DEFAULT_SIZE])
{
  memset (out, 0, MV_GDT_DEFAULT_SIZE);
  put_entry (out + 8, 0xffff, MV_GDT_CODE_ATTRIBUTES);
  put_entry (out + 16, 0xffff, MV_GDT_DATA_ATTRIBUTES);
}

gboolean
mv_gdt_import_default (MvImporter *importer,
                       guint64     gdt_page_base,
                       GError    **error)
{
  static const MvRegName data_regs[] = { MV_REG_DS, MV_REG_ES, MV_REG_FS, MV_REG_GS, MV_REG_SS };
  guint8 gdt[MV_GDT_DEFAULT_SIZE];
  MvX86Register reg;

  /* Upstream imports the page, then overflows computing the GDTR base. */
  if (gdt_page_base >= ((guint64) 1 << 52))
    {
      g_set_error (error, MV_GDT_ERROR, MV_GDT_ERROR_PAGE_OUT_OF_RANGE,
                   "GDT page 0x%" G_GINT64_MODIFIER "x is past the end of the "
                   "64-bit address space (page * 4096 overflows)", gdt_page_base);
      return FALSE;
    }

  mv_gdt_default_bytes (gdt);
  if (!mv_importer_import_pages (importer, gdt_page_base, 1, MV_GDT_DEFAULT_TAG,
                                 MV_ACCEPTANCE_EXCLUSIVE, gdt, sizeof gdt, error))
    return FALSE;

  reg = (MvX86Register) {
    .name = MV_REG_GDTR,
    .table = { .base = gdt_page_base * MV_PAGE_SIZE, .limit = MV_GDT_DEFAULT_SIZE - 1 },
  };
  if (!mv_importer_import_vp_register (importer, &reg, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (data_regs); i++)
    {
      reg = (MvX86Register) {
        .name = data_regs[i],
        .segment = {
          .selector = MV_GDT_DATA_SELECTOR,
          .base = 0,
          .limit = 0xffffffff,
          .attributes = MV_GDT_DATA_ATTRIBUTES,
        },
      };
      if (!mv_importer_import_vp_register (importer, &reg, error))
        return FALSE;
    }

  reg = (MvX86Register) {
    .name = MV_REG_CS,
    .segment = {
      .selector = MV_GDT_CODE_SELECTOR,
      .base = 0,
      .limit = 0xffffffff,
      .attributes = MV_GDT_CODE_ATTRIBUTES,
    },
  };
  return mv_importer_import_vp_register (importer, &reg, error);
}

void
mv_gdt_decode_raw (guint64          raw,
                   MvGdtDescriptor *out)
{
  guint8 attr_low = (raw >> 40) & 0xff;
  guint8 attr_high = (raw >> 48) & 0xff;

  out->raw = raw;
  out->limit = (guint32) ((raw & 0xffff) | (((raw >> 48) & 0xf) << 16));
  out->base = (guint32) (((raw >> 16) & 0xffffff) | (((raw >> 56) & 0xff) << 24));
  out->type = attr_low & 0xf;
  out->s = (attr_low >> 4) & 1;
  out->dpl = (attr_low >> 5) & 3;
  out->p = (attr_low >> 7) & 1;
  out->avl = (attr_high >> 4) & 1;
  out->l = (attr_high >> 5) & 1;
  out->db = (attr_high >> 6) & 1;
  out->g = (attr_high >> 7) & 1;
  out->attributes = (guint16) (attr_low | (attr_high << 8));
  out->limit_scaled = out->g ? (((guint64) out->limit << 12) | 0xfff) : out->limit;
}

void
mv_gdt_decode (const guint8     bytes[8],
               MvGdtDescriptor *out)
{
  guint64 raw = 0;

  for (int i = 7; i >= 0; i--)
    raw = (raw << 8) | bytes[i];
  mv_gdt_decode_raw (raw, out);
}

/**
 * mv_gdt_type_describe:
 * The type field in words, e.g. "code, execute/read, accessed".
 */
const char *
mv_gdt_type_describe (const MvGdtDescriptor *d)
{
  static const char *const data_types[8] = {
    "data, read-only", "data, read-only, accessed",
    "data, read/write", "data, read/write, accessed",
    "data, read-only, expand-down", "data, read-only, expand-down, accessed",
    "data, read/write, expand-down", "data, read/write, expand-down, accessed",
  };
  static const char *const code_types[8] = {
    "code, execute-only", "code, execute-only, accessed",
    "code, execute/read", "code, execute/read, accessed",
    "code, execute-only, conforming", "code, execute-only, conforming, accessed",
    "code, execute/read, conforming", "code, execute/read, conforming, accessed",
  };
  static const char *const system_types[16] = {
    "system, reserved", "system, 16-bit TSS (available)", "system, LDT",
    "system, 16-bit TSS (busy)", "system, 16-bit call gate", "system, task gate",
    "system, 16-bit interrupt gate", "system, 16-bit trap gate", "system, reserved",
    "system, 64-bit TSS (available)", "system, reserved", "system, 64-bit TSS (busy)",
    "system, 64-bit call gate", "system, reserved", "system, 64-bit interrupt gate",
    "system, 64-bit trap gate",
  };

  if (!d->s)
    return system_types[d->type & 0xf];
  if (d->type & 0x8)
    return code_types[d->type & 0x7];
  return data_types[d->type & 0x7];
}
