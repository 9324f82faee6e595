/* SPDX-License-Identifier: MIT */
/* A port of OpenVMM's import_default_gdt, and a descriptor decoder: the
 * fields, their values in words, the u16 attribute form of segment
 * registers and selectors. */
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

/**
 * mv_gdt_decode_attributes:
 * Decodes the u16 attribute form segment registers carry (type, S, DPL
 * and P in the low byte, then limit 19:16, AVL, L, D/B and G) as a
 * descriptor with base and limit 0 and those attributes.
 */
void
mv_gdt_decode_attributes (guint16          attributes,
                          MvGdtDescriptor *out)
{
  guint64 raw = ((guint64) (attributes & 0xff) << 40) |
                ((guint64) ((attributes >> 8) & 0xf0) << 48);

  mv_gdt_decode_raw (raw, out);
}

/**
 * mv_gdt_describe_brief:
 * The descriptor's type, privilege and mode in words, e.g.
 * "code, execute/read, accessed, DPL 0, present, 64-bit".
 */
char *
mv_gdt_describe_brief (const MvGdtDescriptor *d)
{
  return g_strdup_printf ("%s, DPL %u%s%s%s", mv_gdt_type_describe (d), d->dpl,
                          d->p ? ", present" : ", not present",
                          d->l ? ", 64-bit" : "", d->db ? ", 32-bit" : "");
}

/**
 * mv_gdt_limit_describe:
 * The descriptor's limit as stored (20 bits) and the byte limit it means:
 * "0x0ffff \u00d7 4 KiB = 0x0fffffff" with G set (the stored limit counts
 * 4 KiB units, the low 12 bits of the byte limit are set), "0x0ffff (in
 * bytes)" without. The byte limit is the last offset in the segment, the number a
 * segment register's limit holds.
 */
char *
mv_gdt_limit_describe (const MvGdtDescriptor *d)
{
  if (!d->g)
    return g_strdup_printf ("0x%05x (in bytes)", d->limit);
  return g_strdup_printf ("0x%05x \u00d7 4 KiB = 0x%08" G_GINT64_MODIFIER "x", d->limit, d->limit_scaled);
}

/**
 * mv_gdt_limits_note:
 * @descs: (array length=n_descs): a GDT's descriptors, by index
 * @regs: (array length=n_regs): registers; those that are not segment
 *   registers, or whose selector is 0, in the LDT or past @descs, or
 *   names a null descriptor, are skipped
 *
 * Why a segment register's limit is not its descriptor's byte limit (the
 * default GDT's code and data descriptors say 0x0fffffff, the registers
 * upstream loads 0xffffffff), for the first register that differs.
 *
 * Returns: (nullable): a sentence, or %NULL when every limit matches
 */
char *
mv_gdt_limits_note (const MvGdtDescriptor *descs,
                    guint                  n_descs,
                    const MvX86Register   *regs,
                    guint                  n_regs)
{
  for (guint i = 0; i < n_regs; i++)
    {
      const MvSegmentRegister *seg = &regs[i].segment;
      guint index = seg->selector >> 3;

      if (mv_reg_name_kind (regs[i].name) != MV_REG_KIND_SEGMENT || index == 0 ||
          (seg->selector & 4) != 0 || index >= n_descs || descs[index].raw == 0 ||
          descs[index].limit_scaled == seg->limit)
        continue;
      return g_strdup_printf ("The limit of %s, 0x%08x, is not its descriptor's byte limit, 0x%08"
                              G_GINT64_MODIFIER "x: the loader sets the registers itself, "
                              "and 64-bit code checks no limits.",
                              mv_reg_name_to_string (regs[i].name), seg->limit,
                              descs[index].limit_scaled);
    }
  return NULL;
}

/**
 * mv_gdt_selector_describe:
 * A selector with its parts, e.g. "0x08 \u00b7 index 1, RPL 0".
 */
char *
mv_gdt_selector_describe (guint16 selector)
{
  return g_strdup_printf ("0x%02x \u00b7 index %u%s, RPL %u", selector, selector >> 3,
                          (selector & 4) ? " LDT" : "", selector & 3);
}

/* Intel SDM vol. 3A figure 3-8, high dword first. */
static const MvGdtField gdt_fields[] = {
  { 63, 56, MV_GDT_FIELD_BASE, "Base 31:24" },
  { 55, 55, MV_GDT_FIELD_G, "G" },
  { 54, 54, MV_GDT_FIELD_DB, "D/B" },
  { 53, 53, MV_GDT_FIELD_L, "L" },
  { 52, 52, MV_GDT_FIELD_AVL, "AVL" },
  { 51, 48, MV_GDT_FIELD_LIMIT, "Limit 19:16" },
  { 47, 47, MV_GDT_FIELD_P, "P" },
  { 46, 45, MV_GDT_FIELD_DPL, "DPL" },
  { 44, 44, MV_GDT_FIELD_S, "S" },
  { 43, 40, MV_GDT_FIELD_TYPE, "Type" },
  { 39, 32, MV_GDT_FIELD_BASE, "Base 23:16" },
  { 31, 16, MV_GDT_FIELD_BASE, "Base 15:0" },
  { 15, 0, MV_GDT_FIELD_LIMIT, "Limit 15:0" },
};

/**
 * mv_gdt_fields:
 * The fields of a descriptor, from bit 63 down to bit 0, each bit in
 * exactly one field.
 */
const MvGdtField *
mv_gdt_fields (guint *n_fields)
{
  g_return_val_if_fail (n_fields != NULL, NULL);

  *n_fields = G_N_ELEMENTS (gdt_fields);
  return gdt_fields;
}

guint64
mv_gdt_field_bits (const MvGdtDescriptor *d,
                   const MvGdtField      *f)
{
  g_return_val_if_fail (d != NULL && f != NULL && f->hi >= f->lo && f->hi < 64, 0);

  return (d->raw >> f->lo) & ((((guint64) 1) << (f->hi - f->lo + 1)) - 1);
}

/**
 * mv_gdt_field_value:
 * @f's value in @d, in words, briefly or as just the number.
 */
char *
mv_gdt_field_value (const MvGdtDescriptor *d,
                    const MvGdtField      *f,
                    MvGdtValueForm         form)
{
  guint64 v = mv_gdt_field_bits (d, f);
  gboolean brief = form == MV_GDT_VALUE_BRIEF;

  if (form >= MV_GDT_VALUE_NUMBER)
    return g_strdup_printf (f->hi == f->lo ? "%u" : "0x%x", (guint) v);

  switch (f->kind)
    {
    case MV_GDT_FIELD_G:
      return g_strdup (v ? (brief ? "1 \u00b7 4K" : "1 \u00b7 4 KiB units")
                         : (brief ? "0 \u00b7 1B" : "0 \u00b7 byte units"));
    case MV_GDT_FIELD_DB:
      return g_strdup (v ? (brief ? "1 \u00b7 32" : "1 \u00b7 32-bit")
                         : (brief ? "0" : "0 \u00b7 16-bit or 64"));
    case MV_GDT_FIELD_L:
      return g_strdup (v ? (brief ? "1 \u00b7 64" : "1 \u00b7 64-bit code") : "0");
    case MV_GDT_FIELD_AVL:
      return g_strdup_printf ("%u", (guint) v);
    case MV_GDT_FIELD_P:
      return g_strdup (v ? (brief ? "1" : "1 \u00b7 present")
                         : (brief ? "0 \u00b7 no" : "0 \u00b7 absent"));
    case MV_GDT_FIELD_DPL:
      return g_strdup_printf (brief ? "%u" : "%u \u00b7 ring %u", (guint) v, (guint) v);
    case MV_GDT_FIELD_S:
      return g_strdup (v ? (brief ? "1 \u00b7 c/d" : "1 \u00b7 code/data")
                         : (brief ? "0 \u00b7 sys" : "0 \u00b7 system"));
    case MV_GDT_FIELD_TYPE:
      if (brief)
        return g_strdup_printf ("0x%x", (guint) v);
      return g_strdup_printf ("0x%x \u00b7 %s", (guint) v,
                              d->s ? ((v & 8) ? "code" : "data") : "system");
    case MV_GDT_FIELD_BASE:
    case MV_GDT_FIELD_LIMIT:
    default:
      return g_strdup_printf ("0x%0*" G_GINT64_MODIFIER "x", (int) ((f->hi - f->lo + 4) / 4), v);
    }
}
