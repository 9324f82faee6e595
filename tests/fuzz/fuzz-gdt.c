/* SPDX-License-Identifier: MIT */
/* Fuzz target: the GDT descriptor decoder (mv_gdt_decode, mv_gdt_decode_raw,
 * mv_gdt_type_describe) and the default GDT import (mv_gdt_import_default)
 * at a random page.
 *
 * Input: 8 bytes of a descriptor, then the page as a number (mv-fuzz.h)
 * and a u8 shift applied to it (page << (shift % 64)), so that pages near
 * and past 2^52 come up often. */
#include "mv-fuzz.h"

#include "mv-gdt.h"
#include "mv-recorder.h"

static void
check_decoded (const MvGdtDescriptor *d)
{
  guint64 reencoded = (guint64) (d->limit & 0xffff) |
                      ((guint64) (d->base & 0xffffff) << 16) |
                      ((guint64) d->attributes << 40) |
                      ((guint64) (d->base >> 24) << 56);
  const char *what = mv_gdt_type_describe (d);

  MV_FUZZ_CHECK (reencoded == d->raw);
  MV_FUZZ_CHECK (d->limit < (1u << 20));
  MV_FUZZ_CHECK ((d->limit >> 16) == ((d->attributes >> 8) & 0xfu));
  MV_FUZZ_CHECK (d->type < 16 && d->dpl < 4);
  MV_FUZZ_CHECK (d->type == (d->attributes & 0xf));
  MV_FUZZ_CHECK (d->s == ((d->attributes >> 4) & 1));
  MV_FUZZ_CHECK (d->p == ((d->attributes >> 7) & 1));
  MV_FUZZ_CHECK (d->g == ((d->attributes >> 15) & 1));
  MV_FUZZ_CHECK (d->limit_scaled == (d->g ? ((guint64) d->limit << 12) | 0xfff : d->limit));
  MV_FUZZ_CHECK (what != NULL && what[0] != '\0');
  MV_FUZZ_CHECK (g_str_has_prefix (what, !d->s ? "system, " :
                                         (d->type & 8) ? "code, " : "data, "));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  MvFuzzInput in = { data, size };
  guint8 bytes[8];
  MvGdtDescriptor a, b;
  guint64 raw = 0;
  guint64 page;
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  mv_fuzz_setup ();

  for (guint i = 0; i < 8; i++)
    bytes[i] = mv_fuzz_u8 (&in);
  for (int i = 7; i >= 0; i--)
    raw = (raw << 8) | bytes[i];

  mv_gdt_decode (bytes, &a);
  mv_gdt_decode_raw (raw, &b);
  MV_FUZZ_CHECK (a.raw == raw);
  MV_FUZZ_CHECK (a.raw == b.raw && a.base == b.base && a.limit == b.limit &&
                 a.limit_scaled == b.limit_scaled && a.type == b.type && a.s == b.s &&
                 a.dpl == b.dpl && a.p == b.p && a.avl == b.avl && a.l == b.l &&
                 a.db == b.db && a.g == b.g && a.attributes == b.attributes);
  check_decoded (&a);

  page = mv_fuzz_number (&in);
  page <<= mv_fuzz_u8 (&in) % 64;

  ok = mv_gdt_import_default (&rec->parent, page, &error);
  if (page >= ((guint64) 1 << 52))
    {
      MV_FUZZ_CHECK (!ok);
      MV_FUZZ_CHECK (g_error_matches (error, MV_GDT_ERROR, MV_GDT_ERROR_PAGE_OUT_OF_RANGE));
      /* Refused before importing anything. */
      MV_FUZZ_CHECK (rec->n_calls == 0 && rec->registers->len == 0);
      return 0;
    }

  MV_FUZZ_CHECK (ok && error == NULL);
  MV_FUZZ_CHECK (rec->n_calls == 1 && rec->total_pages == 1);
  MV_FUZZ_CHECK (mv_recorder_map_pages (rec) == 1);
  MV_FUZZ_CHECK (mv_recorder_n_errors (rec) == 0);
  {
    const MvImportCall *c = &g_array_index (rec->calls, MvImportCall, 0);
    const MvX86Register *gdtr = &g_array_index (rec->registers, MvX86Register, 0);
    guint8 gdt[MV_GDT_DEFAULT_SIZE];

    MV_FUZZ_CHECK (c->page_base == page && c->page_count == 1);
    MV_FUZZ_CHECK (c->data_len == MV_GDT_DEFAULT_SIZE);
    MV_FUZZ_CHECK (rec->registers->len == 7);
    MV_FUZZ_CHECK (gdtr->name == MV_REG_GDTR);
    MV_FUZZ_CHECK (gdtr->table.base == page * MV_PAGE_SIZE);
    MV_FUZZ_CHECK (gdtr->table.limit == MV_GDT_DEFAULT_SIZE - 1);

    /* The default entries decode to what the segment registers say. */
    mv_gdt_default_bytes (gdt);
    for (guint i = 1; i < rec->registers->len; i++)
      {
        const MvX86Register *seg = &g_array_index (rec->registers, MvX86Register, i);
        MvGdtDescriptor d;

        MV_FUZZ_CHECK (mv_reg_name_kind (seg->name) == MV_REG_KIND_SEGMENT);
        MV_FUZZ_CHECK (seg->segment.selector % 8 == 0 &&
                       seg->segment.selector < MV_GDT_DEFAULT_SIZE);
        mv_gdt_decode (gdt + seg->segment.selector, &d);
        check_decoded (&d);
        MV_FUZZ_CHECK (d.attributes == seg->segment.attributes);
        /* Upstream's entries: present, 4 KiB granular, limit_low 0xffff
         * only (the limit is ignored in 64-bit mode). */
        MV_FUZZ_CHECK (d.p && d.g && d.limit == 0xffff);
      }
  }
  return 0;
}
