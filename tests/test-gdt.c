/* SPDX-License-Identifier: MIT */
/* Tests of core/mv-gdt: the default GDT (upstream's import_default_gdt in
 * vm/loader/src/common.rs) and the descriptor decoder. */
#include <string.h>
#include <zlib.h>

#include <mv-gdt.h>
#include <mv-recorder.h>

/* The 32 bytes worked out by hand from x86defs: null, code (limit_low
 * 0xffff, attributes 0xa09b), data (limit_low 0xffff, attributes 0xc093),
 * null; each entry limit_low, base_low, base_middle, attr_low, attr_high,
 * base_high, little endian. */
static const guint8 default_gdt[32] = {
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0xff, 0xff, 0x00, 0x00, 0x00, 0x9b, 0xa0, 0x00,
  0xff, 0xff, 0x00, 0x00, 0x00, 0x93, 0xc0, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static void
test_default_bytes (void)
{
  guint8 out[MV_GDT_DEFAULT_SIZE];

  g_assert_cmpuint (MV_GDT_DEFAULT_SIZE, ==, 32);
  g_assert_cmphex (MV_GDT_CODE_ATTRIBUTES, ==, 0xa09b);
  g_assert_cmphex (MV_GDT_DATA_ATTRIBUTES, ==, 0xc093);
  memset (out, 0xaa, sizeof out);
  mv_gdt_default_bytes (out);
  g_assert_cmpmem (out, sizeof out, default_gdt, sizeof default_gdt);
}

static void
assert_segment (const MvX86Register *r,
                MvRegName            name,
                guint16              selector,
                guint16              attributes)
{
  g_assert_cmpstr (mv_reg_name_to_string (r->name), ==, mv_reg_name_to_string (name));
  g_assert_cmpint (mv_reg_name_kind (r->name), ==, MV_REG_KIND_SEGMENT);
  g_assert_cmphex (r->segment.selector, ==, selector);
  g_assert_cmphex (r->segment.base, ==, 0);
  g_assert_cmphex (r->segment.limit, ==, 0xffffffff);
  g_assert_cmphex (r->segment.attributes, ==, attributes);
}

typedef struct
{
  guint64 page;
  guint64 gdtr_base;
} ImportCase;

static const ImportCase import_cases[] = {
  { 0x1, 0x1000 },                                   /* Linux direct boot */
  { 0x707, 0x707000 },                               /* UEFI */
  { 0, 0 },
  { ((guint64) 1 << 52) - 1, G_GUINT64_CONSTANT (0xfffffffffffff000) },
};

static void
test_import (gconstpointer data)
{
  const ImportCase *t = data;
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GError) error = NULL;
  const MvImportCall *call;
  const MvPageRun *run;
  const MvX86Register *regs;

  g_assert_true (mv_gdt_import_default (&rec->parent, t->page, &error));
  g_assert_no_error (error);

  /* one page, the 32 bytes, tag default-gdt, Exclusive */
  g_assert_cmpuint (rec->calls->len, ==, 1);
  call = &g_array_index (rec->calls, MvImportCall, 0);
  g_assert_cmphex (call->page_base, ==, t->page);
  g_assert_cmphex (call->page_count, ==, 1);
  g_assert_cmpstr (call->tag, ==, "default-gdt");
  g_assert_cmpstr (call->tag, ==, MV_GDT_DEFAULT_TAG);
  g_assert_cmpint (call->acceptance, ==, MV_ACCEPTANCE_EXCLUSIVE);
  g_assert_cmpuint (call->data_len, ==, 32);
  g_assert_cmphex (call->crc32, ==, crc32 (0L, default_gdt, sizeof default_gdt));
  g_assert_cmpuint (rec->total_pages, ==, 1);
  g_assert_cmpuint (rec->page_map->len, ==, 1);
  run = &g_array_index (rec->page_map, MvPageRun, 0);
  g_assert_cmphex (run->page_base, ==, t->page);
  g_assert_cmphex (run->page_count, ==, 1);
  g_assert_cmpint (run->flags, ==, MV_PAGE_DATA);

  /* seven registers in upstream's order */
  g_assert_cmpuint (rec->registers->len, ==, 7);
  regs = (const MvX86Register *) rec->registers->data;
  g_assert_cmpstr (mv_reg_name_to_string (regs[0].name), ==, "Gdtr");
  g_assert_cmpint (mv_reg_name_kind (regs[0].name), ==, MV_REG_KIND_TABLE);
  g_assert_cmphex (regs[0].table.base, ==, t->gdtr_base);
  g_assert_cmphex (regs[0].table.limit, ==, 31);
  assert_segment (&regs[1], MV_REG_DS, 0x10, 0xc093);
  assert_segment (&regs[2], MV_REG_ES, 0x10, 0xc093);
  assert_segment (&regs[3], MV_REG_FS, 0x10, 0xc093);
  assert_segment (&regs[4], MV_REG_GS, 0x10, 0xc093);
  assert_segment (&regs[5], MV_REG_SS, 0x10, 0xc093);
  assert_segment (&regs[6], MV_REG_CS, 0x08, 0xa09b);
  g_assert_cmpstr (mv_reg_name_to_string (regs[1].name), ==, "Ds");
  g_assert_cmpstr (mv_reg_name_to_string (regs[2].name), ==, "Es");
  g_assert_cmpstr (mv_reg_name_to_string (regs[3].name), ==, "Fs");
  g_assert_cmpstr (mv_reg_name_to_string (regs[4].name), ==, "Gs");
  g_assert_cmpstr (mv_reg_name_to_string (regs[5].name), ==, "Ss");
  g_assert_cmpstr (mv_reg_name_to_string (regs[6].name), ==, "Cs");

  /* each selector picks the descriptor with the register's attributes */
  for (guint i = 1; i < 7; i++)
    {
      MvGdtDescriptor d;
      guint index = regs[i].segment.selector >> 3;

      g_assert_cmpuint (index, <, 4);
      mv_gdt_decode (default_gdt + index * 8, &d);
      g_assert_cmphex (d.attributes, ==, regs[i].segment.attributes);
      g_assert_cmphex (d.limit_scaled, ==, 0x0fffffff);
    }
}

static void
test_import_page_out_of_range (void)
{
  const guint64 pages[] = { (guint64) 1 << 52, ((guint64) 1 << 52) + 1, G_MAXUINT64 };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
      g_autoptr(GError) error = NULL;
      g_autofree char *hex = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", pages[i]);

      g_assert_false (mv_gdt_import_default (&rec->parent, pages[i], &error));
      g_assert_error (error, MV_GDT_ERROR, MV_GDT_ERROR_PAGE_OUT_OF_RANGE);
      g_assert_nonnull (strstr (error->message, hex));
      g_assert_cmpstr (mv_gdt_error_name (error->code), ==, "GdtPageOutOfRange");
      /* checked before anything is imported */
      g_assert_cmpuint (rec->n_calls, ==, 0);
      g_assert_cmpuint (rec->registers->len, ==, 0);
    }
  g_assert_cmpstr (mv_gdt_error_name (7), ==, "Unknown");
}

/* An importer that fails on its Nth call (pages and registers counted
 * together, from 1). */
typedef struct
{
  MvImporter parent;
  guint fail_at;
  guint n_calls;
  guint n_registers;
} FailImporter;

static gboolean
fail_step (FailImporter *self,
           GError      **error)
{
  if (++self->n_calls == self->fail_at)
    {
      g_set_error (error, MV_IMPORTER_ERROR, MV_IMPORTER_ERROR_FAILED, "refused call %u", self->n_calls);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fail_import_pages (MvImporter   *importer,
                   guint64       page_base,
                   guint64       page_count,
                   const char   *tag,
                   MvAcceptance  acceptance,
                   const guint8 *data,
                   gsize         data_len,
                   GError      **error)
{
  return fail_step ((FailImporter *) importer, error);
}

static gboolean
fail_import_vp_register (MvImporter          *importer,
                         const MvX86Register *reg,
                         GError             **error)
{
  FailImporter *self = (FailImporter *) importer;

  if (!fail_step (self, error))
    return FALSE;
  self->n_registers++;
  return TRUE;
}

static const MvImporterClass fail_class = { fail_import_pages, fail_import_vp_register };

static void
test_import_failure (void)
{
  /* fail at the page, the GDTR, a data segment, and CS (the 8th call) */
  const guint fail_at[] = { 1, 2, 4, 8 };

  for (guint i = 0; i < G_N_ELEMENTS (fail_at); i++)
    {
      FailImporter imp = { { &fail_class }, fail_at[i], 0, 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *msg = g_strdup_printf ("refused call %u", fail_at[i]);

      g_assert_false (mv_gdt_import_default (&imp.parent, 1, &error));
      g_assert_error (error, MV_IMPORTER_ERROR, MV_IMPORTER_ERROR_FAILED);
      g_assert_cmpstr (error->message, ==, msg);
      /* stops at the failing call */
      g_assert_cmpuint (imp.n_calls, ==, fail_at[i]);
      g_assert_cmpuint (imp.n_registers, ==, fail_at[i] >= 2 ? fail_at[i] - 2 : 0);
    }

  /* and all 8 calls succeed otherwise */
  {
    FailImporter imp = { { &fail_class }, 0, 0, 0 };
    g_autoptr(GError) error = NULL;

    g_assert_true (mv_gdt_import_default (&imp.parent, 1, &error));
    g_assert_cmpuint (imp.n_calls, ==, 8);
    g_assert_cmpuint (imp.n_registers, ==, 7);
  }
}

/* The register names the loaders use, both ways. */
static void
test_register_names (void)
{
  static const struct
  {
    MvRegName name;
    const char *text;
    MvRegKind kind;
  } cases[] = {
    { MV_REG_GDTR, "Gdtr", MV_REG_KIND_TABLE },
    { MV_REG_DS, "Ds", MV_REG_KIND_SEGMENT },
    { MV_REG_ES, "Es", MV_REG_KIND_SEGMENT },
    { MV_REG_FS, "Fs", MV_REG_KIND_SEGMENT },
    { MV_REG_GS, "Gs", MV_REG_KIND_SEGMENT },
    { MV_REG_SS, "Ss", MV_REG_KIND_SEGMENT },
    { MV_REG_CS, "Cs", MV_REG_KIND_SEGMENT },
    { MV_REG_MTRR_PHYS_BASE0, "MtrrPhysBase0", MV_REG_KIND_U64 },
    { MV_REG_MTRR_PHYS_MASK4, "MtrrPhysMask4", MV_REG_KIND_U64 },
    { MV_REG_MTRR_DEF_TYPE, "MtrrDefType", MV_REG_KIND_U64 },
    { MV_REG_MTRR_FIX64K_00000, "MtrrFix64k00000", MV_REG_KIND_U64 },
    { MV_REG_MTRR_FIX16K_80000, "MtrrFix16k80000", MV_REG_KIND_U64 },
    { MV_REG_MTRR_FIX4K_F8000, "MtrrFix4kF8000", MV_REG_KIND_U64 },
  };
  MvRegName n;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (mv_reg_name_to_string (cases[i].name), ==, cases[i].text);
      g_assert_cmpint (mv_reg_name_kind (cases[i].name), ==, cases[i].kind);
      n = MV_REG_N_REGISTERS;
      g_assert_true (mv_reg_name_from_string (cases[i].text, &n));
      g_assert_cmpint (n, ==, cases[i].name);
    }
  /* every name is distinct and reads back to itself */
  for (guint i = 0; i < MV_REG_N_REGISTERS; i++)
    {
      const char *text = mv_reg_name_to_string ((MvRegName) i);

      g_assert_nonnull (text);
      g_assert_true (mv_reg_name_from_string (text, &n));
      g_assert_cmpint (n, ==, i);
    }
  /* case does not matter when reading */
  g_assert_true (mv_reg_name_from_string ("mtrrphysbase2", &n));
  g_assert_cmpint (n, ==, MV_REG_MTRR_PHYS_BASE2);
  n = MV_REG_CS;
  g_assert_false (mv_reg_name_from_string ("Rax", &n));
  g_assert_cmpint (n, ==, MV_REG_CS);
}

/* ---- decoder ------------------------------------------------------------- */

static void
test_decode_default (void)
{
  MvGdtDescriptor d;

  /* null */
  mv_gdt_decode (default_gdt, &d);
  g_assert_cmphex (d.raw, ==, 0);
  g_assert_cmphex (d.base, ==, 0);
  g_assert_cmphex (d.limit, ==, 0);
  g_assert_cmphex (d.limit_scaled, ==, 0);
  g_assert_cmpuint (d.type, ==, 0);
  g_assert_false (d.s || d.p || d.avl || d.l || d.db || d.g);
  g_assert_cmpuint (d.dpl, ==, 0);
  g_assert_cmphex (d.attributes, ==, 0);
  g_assert_cmpstr (mv_gdt_type_describe (&d), ==, "system, reserved");

  /* code: 64-bit, present, ring 0, execute/read, accessed, 4 KiB units */
  mv_gdt_decode (default_gdt + 8, &d);
  g_assert_cmphex (d.raw, ==, G_GUINT64_CONSTANT (0x00a09b000000ffff));
  g_assert_cmphex (d.base, ==, 0);
  g_assert_cmphex (d.limit, ==, 0xffff);
  g_assert_cmphex (d.limit_scaled, ==, 0x0fffffff);
  g_assert_cmpuint (d.type, ==, 0xb);
  g_assert_true (d.s);
  g_assert_cmpuint (d.dpl, ==, 0);
  g_assert_true (d.p);
  g_assert_false (d.avl);
  g_assert_true (d.l);
  g_assert_false (d.db);
  g_assert_true (d.g);
  g_assert_cmphex (d.attributes, ==, 0xa09b);
  g_assert_cmpstr (mv_gdt_type_describe (&d), ==, "code, execute/read, accessed");

  /* data: 32-bit default size (D/B), present, read/write, accessed */
  mv_gdt_decode (default_gdt + 16, &d);
  g_assert_cmphex (d.raw, ==, G_GUINT64_CONSTANT (0x00c093000000ffff));
  g_assert_cmphex (d.base, ==, 0);
  g_assert_cmphex (d.limit, ==, 0xffff);
  g_assert_cmphex (d.limit_scaled, ==, 0x0fffffff);
  g_assert_cmpuint (d.type, ==, 0x3);
  g_assert_true (d.s);
  g_assert_cmpuint (d.dpl, ==, 0);
  g_assert_true (d.p);
  g_assert_false (d.avl);
  g_assert_false (d.l);
  g_assert_true (d.db);
  g_assert_true (d.g);
  g_assert_cmphex (d.attributes, ==, 0xc093);
  g_assert_cmpstr (mv_gdt_type_describe (&d), ==, "data, read/write, accessed");
}

/* A descriptor with every field set to something distinct:
 * base 0x12345678, limit 0xabcde, type 9, S 0, DPL 3, P 1, AVL 1, L 0,
 * D/B 1, G 0. */
static void
test_decode_handmade (void)
{
  const guint8 bytes[8] = { 0xde, 0xbc, 0x78, 0x56, 0x34, 0xe9, 0x5a, 0x12 };
  MvGdtDescriptor d, r;

  /* zeroed so that whole structs (padding too) can be compared */
  memset (&d, 0, sizeof d);
  memset (&r, 0, sizeof r);
  mv_gdt_decode (bytes, &d);
  g_assert_cmphex (d.raw, ==, G_GUINT64_CONSTANT (0x125ae9345678bcde));
  g_assert_cmphex (d.base, ==, 0x12345678);
  g_assert_cmphex (d.limit, ==, 0xabcde);
  g_assert_cmphex (d.limit_scaled, ==, 0xabcde);
  g_assert_cmpuint (d.type, ==, 9);
  g_assert_false (d.s);
  g_assert_cmpuint (d.dpl, ==, 3);
  g_assert_true (d.p);
  g_assert_true (d.avl);
  g_assert_false (d.l);
  g_assert_true (d.db);
  g_assert_false (d.g);
  g_assert_cmphex (d.attributes, ==, 0x5ae9);
  g_assert_cmpstr (mv_gdt_type_describe (&d), ==, "system, 64-bit TSS (available)");

  mv_gdt_decode_raw (G_GUINT64_CONSTANT (0x125ae9345678bcde), &r);
  g_assert_cmpmem (&r, sizeof r, &d, sizeof d);

  /* the complement: every field flipped */
  {
    const guint8 inv[8] = { 0x21, 0x43, 0x87, 0xa9, 0xcb, 0x16, 0xa5, 0xed };

    mv_gdt_decode (inv, &d);
    g_assert_cmphex (d.base, ==, 0xedcba987);
    g_assert_cmphex (d.limit, ==, 0x54321);
    g_assert_cmphex (d.limit_scaled, ==, 0x54321fff);
    g_assert_cmpuint (d.type, ==, 6);
    g_assert_true (d.s);
    g_assert_cmpuint (d.dpl, ==, 0);
    g_assert_false (d.p);
    g_assert_false (d.avl);
    g_assert_true (d.l);
    g_assert_false (d.db);
    g_assert_true (d.g);
    g_assert_cmpstr (mv_gdt_type_describe (&d), ==, "data, read/write, expand-down");
  }
}

/* One bit at a time: each raw bit lands in exactly one field. */
static void
test_decode_each_bit (void)
{
  for (guint bit = 0; bit < 64; bit++)
    {
      MvGdtDescriptor d;
      guint64 raw = (guint64) 1 << bit;
      guint32 want_base = 0, want_limit = 0;
      guint8 want_type = 0, want_dpl = 0;
      gboolean want_s = FALSE, want_p = FALSE, want_avl = FALSE;
      gboolean want_l = FALSE, want_db = FALSE, want_g = FALSE;

      if (bit < 16)
        want_limit = 1u << bit;
      else if (bit < 40)
        want_base = 1u << (bit - 16);
      else if (bit < 44)
        want_type = (guint8) (1u << (bit - 40));
      else if (bit == 44)
        want_s = TRUE;
      else if (bit < 47)
        want_dpl = (guint8) (1u << (bit - 45));
      else if (bit == 47)
        want_p = TRUE;
      else if (bit < 52)
        want_limit = 1u << (16 + bit - 48);
      else if (bit == 52)
        want_avl = TRUE;
      else if (bit == 53)
        want_l = TRUE;
      else if (bit == 54)
        want_db = TRUE;
      else if (bit == 55)
        want_g = TRUE;
      else
        want_base = 1u << (24 + bit - 56);

      memset (&d, 0, sizeof d);
      mv_gdt_decode_raw (raw, &d);
      g_assert_cmphex (d.raw, ==, raw);
      g_assert_cmphex (d.base, ==, want_base);
      g_assert_cmphex (d.limit, ==, want_limit);
      g_assert_cmphex (d.limit_scaled, ==, want_g ? 0xfff : want_limit);
      g_assert_cmpuint (d.type, ==, want_type);
      g_assert_cmpint (d.s, ==, want_s);
      g_assert_cmpuint (d.dpl, ==, want_dpl);
      g_assert_cmpint (d.p, ==, want_p);
      g_assert_cmpint (d.avl, ==, want_avl);
      g_assert_cmpint (d.l, ==, want_l);
      g_assert_cmpint (d.db, ==, want_db);
      g_assert_cmpint (d.g, ==, want_g);
      /* the u16 attribute form is bits 40..55 */
      g_assert_cmphex (d.attributes, ==, (raw >> 40) & 0xffff);

      /* the byte form decodes the same */
      {
        guint8 bytes[8];
        MvGdtDescriptor e;

        for (guint i = 0; i < 8; i++)
          bytes[i] = (guint8) (raw >> (8 * i));
        memset (&e, 0, sizeof e);
        mv_gdt_decode (bytes, &e);
        g_assert_cmpmem (&e, sizeof e, &d, sizeof d);
      }
    }
}

/* The limit in bytes: with G, 4 KiB units with the low 12 bits set. */
static void
test_decode_limit_scaling (void)
{
  static const struct
  {
    guint32 limit;
    gboolean g;
    guint64 scaled;
    const char *text;   /* mv_gdt_limit_describe () */
  } cases[] = {
    { 0, FALSE, 0, "0x00000 (in bytes)" },
    { 0, TRUE, 0xfff, "0x00000 \u00d7 4 KiB = 0x00000fff" },
    { 0x12345, FALSE, 0x12345, "0x12345 (in bytes)" },
    { 0x12345, TRUE, 0x12345fff, "0x12345 \u00d7 4 KiB = 0x12345fff" },
    { 0xfffff, FALSE, 0xfffff, "0xfffff (in bytes)" },
    { 0xfffff, TRUE, 0xffffffff, "0xfffff \u00d7 4 KiB = 0xffffffff" },
    /* The default GDT's code and data descriptors. */
    { 0x0ffff, TRUE, 0x0fffffff, "0x0ffff \u00d7 4 KiB = 0x0fffffff" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 raw = (cases[i].limit & 0xffff) | ((guint64) (cases[i].limit >> 16) << 48) |
                    ((guint64) cases[i].g << 55);
      MvGdtDescriptor d;
      g_autofree char *text = NULL;

      mv_gdt_decode_raw (raw, &d);
      g_assert_cmphex (d.limit, ==, cases[i].limit);
      g_assert_cmpint (d.g, ==, cases[i].g);
      g_assert_cmphex (d.limit_scaled, ==, cases[i].scaled);
      text = mv_gdt_limit_describe (&d);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* The registers upstream loads say 0xffffffff, the default GDT's
 * descriptors 0x0fffffff: the note says so, and nothing when they agree. */
static void
test_limits_note (void)
{
  g_autoptr(MvRecorder) rec = mv_recorder_new (FALSE);
  g_autoptr(GError) error = NULL;
  guint8 bytes[MV_GDT_DEFAULT_SIZE];
  MvGdtDescriptor descs[MV_GDT_DEFAULT_COUNT];
  MvX86Register *regs;
  g_autofree char *note = NULL;

  g_assert_true (mv_gdt_import_default (&rec->parent, 1, &error));
  g_assert_no_error (error);
  mv_gdt_default_bytes (bytes);
  for (guint i = 0; i < MV_GDT_DEFAULT_COUNT; i++)
    mv_gdt_decode (bytes + 8 * i, &descs[i]);
  regs = (MvX86Register *) rec->registers->data;
  note = mv_gdt_limits_note (descs, MV_GDT_DEFAULT_COUNT, regs, rec->registers->len);
  g_assert_cmpstr (note, ==, "The limit of Ds, 0xffffffff, is not its descriptor's byte limit, "
                   "0x0fffffff: the loader sets the registers itself, and 64-bit code checks "
                   "no limits.");
  g_clear_pointer (&note, g_free);

  /* Limits that match, and selectors the GDT does not hold (null, LDT,
   * past its end): no note. */
  for (guint i = 0; i < rec->registers->len; i++)
    if (mv_reg_name_kind (regs[i].name) == MV_REG_KIND_SEGMENT)
      regs[i].segment.limit = 0x0fffffff;
  regs[1].segment.limit = 0x1234;
  regs[1].segment.selector = 0x2c;  /* index 5, LDT */
  regs[2].segment.limit = 0x1234;
  regs[2].segment.selector = 0x40;  /* index 8, past the GDT */
  regs[3].segment.limit = 0x1234;
  regs[3].segment.selector = 0x18;  /* index 3, a null descriptor */
  note = mv_gdt_limits_note (descs, MV_GDT_DEFAULT_COUNT, regs, rec->registers->len);
  g_assert_null (note);
}

static void
test_type_describe (void)
{
  static const struct
  {
    gboolean s;
    guint8 type;
    const char *text;
  } cases[] = {
    { TRUE, 0x0, "data, read-only" },
    { TRUE, 0x2, "data, read/write" },
    { TRUE, 0x7, "data, read/write, expand-down, accessed" },
    { TRUE, 0x8, "code, execute-only" },
    { TRUE, 0xa, "code, execute/read" },
    { TRUE, 0xf, "code, execute/read, conforming, accessed" },
    { FALSE, 0x2, "system, LDT" },
    { FALSE, 0xb, "system, 64-bit TSS (busy)" },
    { FALSE, 0xc, "system, 64-bit call gate" },
    { FALSE, 0xe, "system, 64-bit interrupt gate" },
    { FALSE, 0xf, "system, 64-bit trap gate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 raw = ((guint64) cases[i].type << 40) | ((guint64) cases[i].s << 44) | ((guint64) 1 << 47);
      MvGdtDescriptor d;

      mv_gdt_decode_raw (raw, &d);
      g_assert_cmpstr (mv_gdt_type_describe (&d), ==, cases[i].text);
    }
}

/* ---- fields, attributes, selectors ----------------------------------------- */

/* The fields run from bit 63 down to bit 0, each bit in exactly one; and
 * the fields' bits put back together are the descriptor. */
static void
test_fields_cover (void)
{
  static const guint64 raws[] = {
    0, G_MAXUINT64, G_GUINT64_CONSTANT (0x00af9b000000ffff),
    G_GUINT64_CONSTANT (0x125ae9345678bcde), G_GUINT64_CONSTANT (0x8000000000000001),
  };
  guint n;
  const MvGdtField *fields = mv_gdt_fields (&n);
  guint next = 63;
  guint64 seen = 0;

  g_assert_cmpuint (n, ==, 13);
  for (guint i = 0; i < n; i++)
    {
      guint64 mask = (G_MAXUINT64 >> (63 - (fields[i].hi - fields[i].lo))) << fields[i].lo;

      g_assert_cmpuint (fields[i].hi, ==, next);
      g_assert_cmpuint (fields[i].hi, >=, fields[i].lo);
      g_assert_cmpuint (seen & mask, ==, 0);
      g_assert_nonnull (fields[i].name);
      g_assert_cmpuint (fields[i].kind, <, MV_GDT_N_FIELD_KINDS);
      seen |= mask;
      next = fields[i].lo - 1;
    }
  g_assert_cmpuint (fields[n - 1].lo, ==, 0);
  g_assert_cmpuint (seen, ==, G_MAXUINT64);

  for (guint k = 0; k < G_N_ELEMENTS (raws); k++)
    {
      MvGdtDescriptor d;
      guint64 back = 0;

      mv_gdt_decode_raw (raws[k], &d);
      for (guint i = 0; i < n; i++)
        back |= mv_gdt_field_bits (&d, &fields[i]) << fields[i].lo;
      g_assert_cmpuint (back, ==, raws[k]);
    }
}

static const MvGdtField *
field_named (const char *name)
{
  guint n;
  const MvGdtField *fields = mv_gdt_fields (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return &fields[i];
  g_error ("no field %s", name);
  return NULL;
}

/* Each field of upstream's code and data descriptors in words, briefly
 * and as a number (what the GDT view shows, by the room it has). */
static void
test_field_values (void)
{
  static const struct
  {
    guint       entry;
    const char *field;
    const char *words;
    const char *brief;
    const char *number;
  } cases[] = {
    { 1, "G", "1 \u00b7 4 KiB units", "1 \u00b7 4K", "1" },
    { 1, "D/B", "0 \u00b7 16-bit or 64", "0", "0" },
    { 1, "L", "1 \u00b7 64-bit code", "1 \u00b7 64", "1" },
    { 1, "AVL", "0", "0", "0" },
    { 1, "P", "1 \u00b7 present", "1", "1" },
    { 1, "DPL", "0 \u00b7 ring 0", "0", "0x0" },
    { 1, "S", "1 \u00b7 code/data", "1 \u00b7 c/d", "1" },
    { 1, "Type", "0xb \u00b7 code", "0xb", "0xb" },
    { 1, "Limit 15:0", "0xffff", "0xffff", "0xffff" },
    { 1, "Limit 19:16", "0x0", "0x0", "0x0" },
    { 1, "Base 31:24", "0x00", "0x00", "0x0" },
    { 2, "L", "0", "0", "0" },
    { 2, "D/B", "1 \u00b7 32-bit", "1 \u00b7 32", "1" },
    { 2, "Type", "0x3 \u00b7 data", "0x3", "0x3" },
    { 0, "G", "0 \u00b7 byte units", "0 \u00b7 1B", "0" },
    { 0, "P", "0 \u00b7 absent", "0 \u00b7 no", "0" },
    { 0, "S", "0 \u00b7 system", "0 \u00b7 sys", "0" },
    { 0, "Type", "0x0 \u00b7 system", "0x0", "0x0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const MvGdtField *f = field_named (cases[i].field);
      MvGdtDescriptor d;
      g_autofree char *words = NULL;
      g_autofree char *brief = NULL;
      g_autofree char *number = NULL;

      mv_gdt_decode (default_gdt + cases[i].entry * 8, &d);
      words = mv_gdt_field_value (&d, f, MV_GDT_VALUE_WORDS);
      brief = mv_gdt_field_value (&d, f, MV_GDT_VALUE_BRIEF);
      number = mv_gdt_field_value (&d, f, MV_GDT_VALUE_NUMBER);
      g_assert_cmpstr (words, ==, cases[i].words);
      g_assert_cmpstr (brief, ==, cases[i].brief);
      g_assert_cmpstr (number, ==, cases[i].number);
    }
}

/* The u16 attribute form of a segment register decodes as the
 * descriptor it came from: each of its twelve bits on its own, and
 * upstream's code and data attributes against their GDT entries. */
static void
test_decode_attributes (void)
{
  for (guint bit = 0; bit < 16; bit++)
    {
      guint16 a = (guint16) (1u << bit);
      MvGdtDescriptor d;

      mv_gdt_decode_attributes (a, &d);
      g_assert_cmpuint (d.base, ==, 0);
      g_assert_cmpuint (d.limit, ==, 0);
      /* Bits 8-11 hold limit 19:16 in a descriptor: a register keeps
       * its limit apart, so they are dropped. */
      g_assert_cmpuint (d.attributes, ==, a & 0xf0ff);
    }

  for (guint entry = 1; entry <= 2; entry++)
    {
      guint16 a = entry == 1 ? MV_GDT_CODE_ATTRIBUTES : MV_GDT_DATA_ATTRIBUTES;
      MvGdtDescriptor from_table, from_register;

      mv_gdt_decode (default_gdt + entry * 8, &from_table);
      mv_gdt_decode_attributes (a, &from_register);
      g_assert_cmpuint (from_register.attributes, ==, from_table.attributes);
      g_assert_cmpuint (from_register.type, ==, from_table.type);
      g_assert_cmpint (from_register.s, ==, from_table.s);
      g_assert_cmpuint (from_register.dpl, ==, from_table.dpl);
      g_assert_cmpint (from_register.p, ==, from_table.p);
      g_assert_cmpint (from_register.l, ==, from_table.l);
      g_assert_cmpint (from_register.db, ==, from_table.db);
      g_assert_cmpint (from_register.g, ==, from_table.g);
    }
}

static void
test_describe_brief (void)
{
  MvGdtDescriptor d;
  g_autofree char *code = NULL;
  g_autofree char *data = NULL;
  g_autofree char *absent = NULL;

  mv_gdt_decode_attributes (MV_GDT_CODE_ATTRIBUTES, &d);
  code = mv_gdt_describe_brief (&d);
  g_assert_cmpstr (code, ==, "code, execute/read, accessed, DPL 0, present, 64-bit");
  mv_gdt_decode_attributes (MV_GDT_DATA_ATTRIBUTES, &d);
  data = mv_gdt_describe_brief (&d);
  g_assert_cmpstr (data, ==, "data, read/write, accessed, DPL 0, present, 32-bit");
  mv_gdt_decode_attributes (0x0062, &d);
  absent = mv_gdt_describe_brief (&d);
  g_assert_cmpstr (absent, ==, "system, LDT, DPL 3, not present");
}

static void
test_selector_describe (void)
{
  static const struct
  {
    guint16     selector;
    const char *text;
  } cases[] = {
    { MV_GDT_CODE_SELECTOR, "0x08 \u00b7 index 1, RPL 0" },
    { MV_GDT_DATA_SELECTOR, "0x10 \u00b7 index 2, RPL 0" },
    { 0x0000, "0x00 \u00b7 index 0, RPL 0" },
    { 0x002f, "0x2f \u00b7 index 5 LDT, RPL 3" },
    { 0xffff, "0xffff \u00b7 index 8191 LDT, RPL 3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mv_gdt_selector_describe (cases[i].selector);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/gdt/default/bytes", test_default_bytes);
  for (guint i = 0; i < G_N_ELEMENTS (import_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/gdt/default/import/%u", i);
      g_test_add_data_func (path, &import_cases[i], test_import);
    }
  g_test_add_func ("/gdt/default/page-out-of-range", test_import_page_out_of_range);
  g_test_add_func ("/gdt/default/importer-failure", test_import_failure);
  g_test_add_func ("/gdt/register-names", test_register_names);
  g_test_add_func ("/gdt/decode/default", test_decode_default);
  g_test_add_func ("/gdt/decode/handmade", test_decode_handmade);
  g_test_add_func ("/gdt/decode/each-bit", test_decode_each_bit);
  g_test_add_func ("/gdt/decode/limit-scaling", test_decode_limit_scaling);
  g_test_add_func ("/gdt/describe/limits-note", test_limits_note);
  g_test_add_func ("/gdt/decode/type-describe", test_type_describe);
  g_test_add_func ("/gdt/decode/attributes", test_decode_attributes);
  g_test_add_func ("/gdt/fields/cover", test_fields_cover);
  g_test_add_func ("/gdt/fields/values", test_field_values);
  g_test_add_func ("/gdt/describe/brief", test_describe_brief);
  g_test_add_func ("/gdt/describe/selector", test_selector_describe);

  return g_test_run ();
}
