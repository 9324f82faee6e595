/* SPDX-License-Identifier: MIT */
/* The merged imports and the registers in words (see mv-boot-view.h). */
#include "mv-boot-view.h"

#include <zlib.h>

#include "mv-scenario.h"

#define PAGE ((guint64) 4096)

static gint
compare_calls (gconstpointer a,
               gconstpointer b)
{
  const MvImportCall *x = a;
  const MvImportCall *y = b;

  return x->page_base < y->page_base ? -1 : x->page_base > y->page_base;
}

/* The CRC of @n zero bytes after @crc. */
static guint32
crc_zeros (guint32 crc,
           guint64 n)
{
  if (n == 0)
    return crc;
  return (guint32) crc32_combine (crc, mv_synthetic_crc32 (n, 0), (z_off_t) n);
}

/**
 * mv_boot_merge_calls:
 * @traced: (array length=n_traced): traced calls (each with its data's CRC-32)
 *
 * The calls sorted by address, adjacent ones of one tag and acceptance
 * joined (vm_loader's merge_adjacent), each with the CRC-32 of the guest
 * memory it covers: its data, then zeros. The CRCs are combined from the
 * calls' own (crc32_combine), never from the bytes. Overlapping imports
 * (an error the recorder flags) are listed each with its own bytes.
 *
 * Returns: (transfer full) (element-type MvBootImport)
 */
GArray *
mv_boot_merge_calls (const MvImportCall *traced,
                     guint               n_traced)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MvBootImport));
  g_autoptr(GArray) calls = NULL;

  calls = g_array_sized_new (FALSE, FALSE, sizeof (MvImportCall), n_traced);
  g_array_append_vals (calls, traced, n_traced);
  /* a stable sort: calls at one address keep their order */
  g_array_sort (calls, compare_calls);

  for (guint i = 0; i < calls->len; i++)
    {
      const MvImportCall *c = &g_array_index (calls, MvImportCall, i);
      MvBootImport *last = out->len > 0 ? &g_array_index (out, MvBootImport, out->len - 1) : NULL;
      guint64 start = c->page_base * PAGE;
      guint64 size = c->page_count * PAGE;
      guint64 data = MIN (c->data_len, size);
      guint32 crc;

      if (c->page_count == 0)
        continue;
      crc = crc_zeros (c->crc32, size - data);
      if (last != NULL && last->end == start && last->acceptance == c->acceptance &&
          g_strcmp0 (last->tag, c->tag) == 0)
        {
          last->crc32 = (guint32) crc32_combine (last->crc32, crc, (z_off_t) size);
          last->end += size;
          last->pages += c->page_count;
          continue;
        }
      g_array_append_val (out, ((MvBootImport) {
        .start = start, .end = start + size, .pages = c->page_count,
        .tag = c->tag, .acceptance = c->acceptance, .crc32 = crc,
      }));
    }
  return out;
}

/**
 * mv_boot_merge_imports:
 * @rec: a tracing recorder (its calls carry their data's CRC-32)
 *
 * mv_boot_merge_calls() over all of @rec's calls.
 *
 * Returns: (transfer full) (element-type MvBootImport)
 */
GArray *
mv_boot_merge_imports (const MvRecorder *rec)
{
  if (rec->calls == NULL)
    return g_array_new (FALSE, FALSE, sizeof (MvBootImport));
  return mv_boot_merge_calls ((const MvImportCall *) (gpointer) rec->calls->data, rec->calls->len);
}

/* ---- registers in words ------------------------------------------------ */

typedef struct
{
  guint       bit;
  const char *name;
} BitName;

static const BitName cr0_bits[] = {
  { 0, "PE" }, { 1, "MP" }, { 2, "EM" }, { 3, "TS" }, { 4, "ET" }, { 5, "NE" },
  { 16, "WP" }, { 18, "AM" }, { 29, "NW" }, { 30, "CD" }, { 31, "PG" },
};

static const BitName cr4_bits[] = {
  { 0, "VME" }, { 1, "PVI" }, { 2, "TSD" }, { 3, "DE" }, { 4, "PSE" }, { 5, "PAE" },
  { 6, "MCE" }, { 7, "PGE" }, { 8, "PCE" }, { 9, "OSFXSR" }, { 10, "OSXMMEXCPT" },
  { 11, "UMIP" }, { 12, "LA57" }, { 13, "VMXE" }, { 14, "SMXE" }, { 16, "FSGSBASE" },
  { 17, "PCIDE" }, { 18, "OSXSAVE" }, { 20, "SMEP" }, { 21, "SMAP" }, { 22, "PKE" },
  { 23, "CET" },
};

static const BitName efer_bits[] = {
  { 0, "SCE" }, { 8, "LME" }, { 10, "LMA" }, { 11, "NXE" }, { 12, "SVME" },
  { 13, "LMSLE" }, { 14, "FFXSR" }, { 15, "TCE" },
};

static const BitName rflags_bits[] = {
  { 0, "CF" }, { 1, "reserved (always 1)" }, { 2, "PF" }, { 4, "AF" }, { 6, "ZF" },
  { 7, "SF" }, { 8, "TF" }, { 9, "IF" }, { 10, "DF" }, { 11, "OF" },
};

/* The set bits by name; unknown ones as "bit N". */
static char *
decode_bits (guint64        value,
             const BitName *bits,
             gsize          n)
{
  GString *s = g_string_new (NULL);

  for (guint bit = 0; bit < 64; bit++)
    {
      const char *name = NULL;

      if ((value & ((guint64) 1 << bit)) == 0)
        continue;
      for (gsize i = 0; i < n; i++)
        if (bits[i].bit == bit)
          name = bits[i].name;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      if (name != NULL)
        g_string_append (s, name);
      else
        g_string_append_printf (s, "bit %u", bit);
    }
  if (s->len == 0)
    g_string_append (s, "none set");
  return g_string_free (s, FALSE);
}

static const char *
memory_type_name (guint type)
{
  switch (type)
    {
    case 0: return "UC";
    case 1: return "WC";
    case 4: return "WT";
    case 5: return "WP";
    case 6: return "WB";
    case 7: return "UC-";
    default: return "reserved";
    }
}

static char *
decode_pat (guint64 value)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 8; i++)
    g_string_append_printf (s, "%sPA%u %s", i > 0 ? " " : "", i,
                            memory_type_name ((guint) (value >> (8 * i)) & 7));
  return g_string_free (s, FALSE);
}

/* Eight fixed ranges of one register, by type. */
static char *
decode_fixed (guint64 value)
{
  guint first = value & 0xff;

  for (guint i = 1; i < 8; i++)
    if (((value >> (8 * i)) & 0xff) != first)
      {
        GString *s = g_string_new (NULL);

        for (guint j = 0; j < 8; j++)
          g_string_append_printf (s, "%s%s", j > 0 ? " " : "",
                                  memory_type_name ((guint) (value >> (8 * j)) & 0xff));
        return g_string_free (s, FALSE);
      }
  return g_strdup_printf ("all 8 ranges %s", memory_type_name (first));
}

static char *
decode_segment (const MvSegmentRegister *s)
{
  guint16 a = s->attributes;
  gboolean code = (a & 0x8) != 0;

  if ((a & 0x10) == 0)
    return g_strdup_printf ("system segment, type 0x%x%s", a & 0xf, (a & 0x80) ? ", present" : "");
  return g_strdup_printf ("%s%s%s, DPL %u%s%s%s%s",
                          code ? "code, execute" : "data, read",
                          code ? ((a & 0x2) ? "/read" : "-only") : ((a & 0x2) ? "/write" : "-only"),
                          (a & 0x1) ? ", accessed" : "",
                          (a >> 5) & 3,
                          (a & 0x80) ? ", present" : ", not present",
                          (a & 0x2000) ? ", 64-bit (L)" : "",
                          (a & 0x4000) ? ", 32-bit (D/B)" : "",
                          (a & 0x8000) ? ", 4 KiB granularity" : "");
}

/**
 * mv_boot_register_value:
 * The register's value as memviz-cli prints it: "0x..." for a plain
 * value, "base 0x... limit 0x..." for a table, with the selector and
 * attributes for a segment.
 *
 * Returns: (transfer full)
 */
char *
mv_boot_register_value (const MvX86Register *reg)
{
  switch (mv_reg_name_kind (reg->name))
    {
    case MV_REG_KIND_TABLE:
      return g_strdup_printf ("base 0x%" G_GINT64_MODIFIER "x limit 0x%x",
                              reg->table.base, reg->table.limit);
    case MV_REG_KIND_SEGMENT:
      return g_strdup_printf ("selector 0x%x base 0x%" G_GINT64_MODIFIER "x limit 0x%x "
                              "attributes 0x%04x", reg->segment.selector, reg->segment.base,
                              reg->segment.limit, reg->segment.attributes);
    case MV_REG_KIND_U64:
    default:
      return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", reg->value);
    }
}

/**
 * mv_boot_register_decode:
 * What the register's value means: CR0, CR4, EFER and RFLAGS bits by
 * name, CR3's page-table root, the GDT's size, the PAT entries, the MTRRs' types, the
 * segments' attributes; NULL for a register with nothing to decode.
 *
 * Returns: (transfer full) (nullable)
 */
char *
mv_boot_register_decode (const MvX86Register *reg)
{
  switch (reg->name)
    {
    case MV_REG_CR0:
      return decode_bits (reg->value, cr0_bits, G_N_ELEMENTS (cr0_bits));
    case MV_REG_CR4:
      return decode_bits (reg->value, cr4_bits, G_N_ELEMENTS (cr4_bits));
    case MV_REG_EFER:
      return decode_bits (reg->value, efer_bits, G_N_ELEMENTS (efer_bits));
    case MV_REG_RFLAGS:
      return decode_bits (reg->value, rflags_bits, G_N_ELEMENTS (rflags_bits));
    case MV_REG_CR3:
      /* Linux and UEFI, the loaders that set CR3, both build upstream's
       * identity map of the first 4 GiB (mv_page_table_identity_map). */
      return g_strdup_printf ("page tables' root (PML4) at 0x%" G_GINT64_MODIFIER "x: "
                              "the first 4 GiB mapped one to one, with 2 MiB pages",
                              reg->value & G_GUINT64_CONSTANT (0x000ffffffffff000));
    case MV_REG_PAT:
      return decode_pat (reg->value);
    case MV_REG_MTRR_DEF_TYPE:
      return g_strdup_printf ("default type %s, fixed ranges %s, MTRRs %s",
                              memory_type_name (reg->value & 0xff),
                              (reg->value & (1 << 10)) ? "on (FE)" : "off",
                              (reg->value & (1 << 11)) ? "on (E)" : "off");
    case MV_REG_GDTR:
      /* 8-byte descriptors; limit + 1 bytes of them */
      return g_strdup_printf ("the GDT: %u descriptors at 0x%" G_GINT64_MODIFIER "x",
                              ((guint) reg->table.limit + 1) / 8, reg->table.base);
    case MV_REG_RIP:
      return g_strdup ("where the processor starts");
    case MV_REG_RSI:
      return g_strdup ("Linux: the zero page (boot_params)");
    default:
      break;
    }
  if (reg->name >= MV_REG_MTRR_FIX64K_00000 && reg->name <= MV_REG_MTRR_FIX4K_F8000)
    return decode_fixed (reg->value);
  if (mv_reg_name_kind (reg->name) == MV_REG_KIND_SEGMENT)
    return decode_segment (&reg->segment);
  return NULL;
}

/**
 * mv_e820_type_name:
 * The e820 type as the kernel prints it ("usable", "reserved", ...).
 */
const char *
mv_e820_type_name (guint32 type)
{
  switch (type)
    {
    case 1: return "usable";
    case 2: return "reserved";
    case 3: return "ACPI data";
    case 4: return "ACPI NVS";
    case 5: return "unusable";
    case 7: return "persistent";
    default: return "unknown";
    }
}
