/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <sys/stat.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <zlib.h>

#include "mv-document.h"
#include "mv-file-import.h"
#include "mv-recorder.h"
#include "mv-gdt.h"
#include "mv-mtrr.h"
#include "mv-presets.h"
#include "mv-scenario.h"
#include "mv-test-util.h"

#define MB ((guint64) 1 << 20)
#define GB ((guint64) 1 << 30)
#define TB ((guint64) 1 << 40)

static MvDocument *
load_text (const char *text,
           const char *base_dir)
{
  g_autoptr(GError) error = NULL;
  MvDocument *doc = mv_document_load_from_data (text, -1, base_dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static guint64
reg_value (const MvScenario *sc,
           guint             index)
{
  g_assert_nonnull (sc->variable_mtrrs);
  g_assert_cmpuint (index, <, sc->variable_mtrrs->len);
  return g_array_index (sc->variable_mtrrs, MvX86Register, index).value;
}

/* Pages an import covers, counted here from the document entry alone. */
static guint64
expected_pages (const MvImportSpec *spec)
{
  guint64 len;

  if (spec->kind == MV_IMPORT_KIND_GDT)
    return 1;
  len = spec->has_memory_length ? spec->memory_length : spec->size;
  if (len == 0)
    return 0;
  return ((spec->gpa % 4096) + len + 4095) / 4096;
}

/* ---- every preset ------------------------------------------------------ */

static void
test_preset_runs (gconstpointer data)
{
  const char *name = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_preset_load (name, &error);
  g_autoptr(MvScenario) sc = NULL;
  guint64 sum = 0;
  guint64 runs = 0;

  g_assert_no_error (error);
  sc = mv_scenario_run (doc, MV_SCENARIO_TRACE);

  g_assert_no_error (sc->layout_error);
  g_assert_nonnull (sc->layout);
  g_assert_cmpuint (sc->shortfall, ==, 0);
  g_assert_no_error (sc->mtrr_error);
  g_assert_nonnull (sc->variable_mtrrs);
  g_assert_cmpuint (sc->variable_mtrrs->len % 2, ==, 0);
  g_assert_cmpuint (mv_scenario_n_variable_pairs (sc), >=, 1);
  g_assert_cmpuint (mv_scenario_n_variable_pairs (sc), <=, 5);
  g_assert_cmpstr (sc->profile, ==, doc->profile);
  /* The chipset low gap is always the one ending at 4 GiB here. */
  g_assert_cmpuint (sc->chipset_low.start, ==, 0xF8000000);
  g_assert_cmpuint (sc->chipset_low.end, ==, 0x100000000);

  g_assert_cmpuint (sc->imports->len, ==, doc->imports->len);
  g_assert_cmpuint (mv_scenario_n_import_errors (sc), ==, 0);
  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);
      const MvImportResult *r = &g_array_index (sc->imports, MvImportResult, i);

      g_assert_true (r->ok);
      g_assert_no_error (r->error);
      g_assert_cmpstr (r->name, ==, spec->name);
      g_assert_true (r->has_pages);
      g_assert_cmpuint (r->page_count, ==, expected_pages (spec));
      if (spec->kind == MV_IMPORT_KIND_GDT)
        {
          g_assert_cmpstr (r->tag, ==, "default-gdt");
          g_assert_cmpuint (r->page_base, ==, spec->page);
        }
      else
        {
          g_assert_cmpstr (r->tag, ==, spec->tag);
          g_assert_cmpuint (r->page_base, ==, spec->gpa / 4096);
          g_assert_cmpuint (r->bytes, ==, spec->size);
        }
      sum += r->page_count;
    }

  /* The page map accounts for every page of every call. */
  g_assert_cmpuint (sc->recorder->total_pages, ==, sum);
  g_assert_cmpuint (mv_recorder_map_pages (sc->recorder), ==, sum);
  g_assert_cmpuint (mv_recorder_n_errors (sc->recorder), ==, 0);
  for (guint i = 0; i < sc->recorder->calls->len; i++)
    runs += g_array_index (sc->recorder->calls, MvImportCall, i).page_count;
  g_assert_cmpuint (runs, ==, sum);
}

/* ---- the seed's tests, as presets -------------------------------------- */

typedef struct
{
  const char *preset;
  guint       pairs;
  /* Bases from upstream's tests (index into the register list, value). */
  guint       n_bases;
  struct { guint index; guint64 value; } bases[5];
} SeedCase;

static const SeedCase seed_cases[] = {
  { "seed-128m", 1, 1, { { 0, 0x6 } } },
  { "seed-256m", 2, 2, { { 0, 0x6 }, { 2, (128 * MB) | 0x6 } } },
  { "seed-2g", 2, 1, { { 2, (128 * MB) | 0x6 } } },
  { "seed-8g", 5, 5, { { 0, 0x6 }, { 2, (128 * MB) | 0x6 }, { 4, (4 * GB) | 0x6 },
                       { 6, (4 * GB + 512 * MB) | 0x6 }, { 8, ((guint64) 1 << 43) | 0x6 } } },
  { "seed-8g-no-high-mmio", 3, 1, { { 4, (4 * GB) | 0x6 } } },
  { "seed-narrow-width-40", 4, 1, { { 6, (4 * GB + 512 * MB) | 0x6 } } },
};

static void
test_seed (gconstpointer data)
{
  const SeedCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_preset_load (c->preset, &error);
  g_autoptr(MvScenario) sc = NULL;

  g_assert_no_error (error);
  sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  g_assert_cmpuint (mv_scenario_n_variable_pairs (sc), ==, c->pairs);
  for (guint i = 0; i < c->n_bases; i++)
    g_assert_cmphex (reg_value (sc, c->bases[i].index), ==, c->bases[i].value);
  /* Every mask has the valid bit (upstream's mtrr_masks_have_enabled_bit). */
  for (guint i = 1; i < sc->variable_mtrrs->len; i += 2)
    g_assert_cmphex (reg_value (sc, i) & (1 << 11), !=, 0);
}

/* ---- OpenVMM's layouts ------------------------------------------------- */

static void
test_openvmm_default (void)
{
  g_autoptr(MvDocument) doc = mv_preset_load ("openvmm-default-8g", NULL);
  g_autoptr(MvScenario) sc = mv_scenario_run (doc, MV_SCENARIO_NONE);

  g_assert_nonnull (sc->layout);
  g_assert_cmphex (mv_layout_end_of_ram (sc->layout), ==, 8 * GB + 128 * MB);
  g_assert_cmpuint (mv_layout_ram_size (sc->layout), ==, 8 * GB);
  /* auto: the gap ending at 4 GiB and the first one above it. */
  g_assert_cmphex (sc->chipset_high.start, ==, 0x208000000);
  g_assert_cmphex (sc->chipset_high.end, ==, 0x228000000);
  g_assert_cmpuint (sc->width, ==, 46);
  g_assert_cmpuint (sc->vcnt, ==, 8);

  /* RAM ends below the high gap: no pair above it, three in all. */
  g_assert_cmpuint (mv_scenario_n_variable_pairs (sc), ==, 3);
  g_assert_cmphex (reg_value (sc, 0), ==, 0x6);
  g_assert_cmphex (reg_value (sc, 2), ==, (128 * MB) | 0x6);
  g_assert_cmphex (reg_value (sc, 4), ==, (4 * GB) | 0x6);

  /* The analysis: the low MMIO gap is WB because of pair 1, and the
   * diagnostics say that MMIO is cached. */
  {
    const MvEffectiveRange *r = mv_effective_map_lookup (sc->effective, 0xF8000000);
    gboolean mmio_cached = FALSE;

    g_assert_nonnull (sc->mtrr_state);
    g_assert_cmphex (sc->mtrr_state->def_type, ==, 0xc00);
    g_assert_nonnull (r);
    g_assert_cmpuint (r->type, ==, MV_MEM_TYPE_WB);
    g_assert_true (mv_pair_set_contains (&r->pairs, 1));
    for (guint i = 0; i < sc->diagnostics->len; i++)
      {
        const MvDiagnostic *d = g_ptr_array_index (sc->diagnostics, i);
        if (d->kind == MV_DIAG_MMIO_CACHED && d->has_range &&
            d->range.start <= 0xF8000000 && d->range.end >= 0x100000000)
          mmio_cached = TRUE;
      }
    g_assert_true (mmio_cached);
  }
}

static void
test_no_high_mmio (void)
{
  g_autoptr(MvDocument) doc = mv_preset_load ("openvmm-no-high-mmio", NULL);
  g_autoptr(MvScenario) sc = mv_scenario_run (doc, MV_SCENARIO_NONE);

  g_assert_true (mv_range_is_empty (&sc->chipset_high));
  g_assert_cmpuint (mv_scenario_n_variable_pairs (sc), ==, 3);
  g_assert_cmphex (reg_value (sc, 4), ==, (4 * GB) | 0x6);
}

static void
test_large (void)
{
  g_autoptr(MvDocument) doc = mv_preset_load ("large-16t", NULL);
  g_autoptr(MvScenario) sc = mv_scenario_run (doc, MV_SCENARIO_NONE);

  g_assert_nonnull (sc->layout);
  g_assert_cmpuint (sc->width, ==, 52);
  g_assert_cmphex (mv_layout_end_of_ram (sc->layout), ==, 16 * TB + 128 * MB);
  g_assert_cmphex (sc->chipset_high.start, ==, 16 * TB + 128 * MB);
  g_assert_cmpuint (mv_scenario_n_variable_pairs (sc), ==, 3);
}

static const MvImportResult *
find_import (const MvScenario *sc,
             const char       *tag)
{
  for (guint i = 0; i < sc->imports->len; i++)
    {
      const MvImportResult *r = &g_array_index (sc->imports, MvImportResult, i);

      if (g_strcmp0 (r->tag, tag) == 0)
        return r;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_linux_direct (void)
{
  g_autoptr(MvDocument) doc = mv_preset_load ("linux-direct", NULL);
  g_autoptr(MvScenario) sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  const MvImportResult *kernel = find_import (sc, "linux-kernel");
  const MvImportResult *initrd = find_import (sc, "linux-initrd");
  guint64 kernel_end = (kernel->page_base + kernel->page_count) * 4096;

  g_assert_cmpstr (sc->profile, ==, "linux-direct");
  g_assert_cmphex (find_import (sc, "default-gdt")->page_base, ==, 0x1);
  g_assert_cmphex (find_import (sc, "linux-zeropage")->page_base, ==, 0x2);
  g_assert_cmphex (find_import (sc, "linux-commandline")->page_base, ==, 0x3);
  g_assert_cmphex (find_import (sc, "linux-pagetables")->page_base, ==, 0x4);
  g_assert_cmpuint (find_import (sc, "linux-pagetables")->page_count, ==, 6);
  g_assert_cmphex (find_import (sc, "linux-acpi-tables")->page_base, ==, 0x19);
  g_assert_cmphex (find_import (sc, "linux-rsdp")->page_base, ==, 0xE0);
  g_assert_cmphex (find_import (sc, "linux-smbios-anchor")->page_base, ==, 0xF0);
  g_assert_cmphex (kernel->page_base, ==, 0x100);
  /* The initrd: after the kernel, aligned up to 2 MiB. */
  g_assert_cmphex (initrd->page_base * 4096, ==, (kernel_end + 2 * MB - 1) & ~(2 * MB - 1));
  /* The GDT registers are in the recorder. */
  g_assert_cmpuint (sc->recorder->registers->len, ==, 7);
}

static void
test_uefi (void)
{
  g_autoptr(MvDocument) doc = mv_preset_load ("uefi", NULL);
  g_autoptr(MvScenario) sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  const MvImportResult *image = find_import (sc, "uefi-image");
  const MvImportResult *tables = find_import (sc, "uefi-page-tables");
  const MvImportResult *gdt = find_import (sc, "default-gdt");
  const MvImportResult *misc = find_import (sc, "uefi-misc-pages");
  const MvImportResult *blob = find_import (sc, "uefi-config-blob");

  g_assert_cmpstr (sc->profile, ==, "uefi");
  /* Upstream's constants, each region right after the one before. */
  g_assert_cmphex (image->page_base * 4096, ==, 1 * MB);
  g_assert_cmpuint (image->page_count * 4096, ==, 6 * MB);
  g_assert_cmphex (tables->page_base * 4096, ==, 0x700000);
  g_assert_cmpuint (tables->page_count, ==, 6);
  g_assert_cmpuint (gdt->page_base, ==, tables->page_base + tables->page_count);
  g_assert_cmpuint (misc->page_base, ==, gdt->page_base + 1);
  g_assert_cmpuint (misc->page_count, ==, 2);
  g_assert_cmpuint (misc->bytes, ==, 0);
  g_assert_cmphex (blob->page_base * 4096, ==, 0x709000);
  g_assert_cmpuint (blob->page_base, ==, misc->page_base + misc->page_count);
}

static void
test_pcat (void)
{
  g_autoptr(MvDocument) doc = mv_preset_load ("pcat", NULL);
  g_autoptr(MvScenario) sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  const MvImportResult *image = find_import (sc, "pcat-image");
  const MvImportResult *top = find_import (sc, "pcat-top-pages");
  guint64 below_4gb = 0;

  g_assert_cmpstr (sc->profile, ==, "pcat");
  g_assert_true (mv_layout_max_ram_below_4gb (sc->layout, &below_4gb));
  g_assert_cmphex ((image->page_base + image->page_count) * 4096, ==, below_4gb);
  g_assert_cmpuint (image->page_count, ==, 64);
  g_assert_cmphex ((top->page_base + top->page_count) * 4096, ==, 1 * MB);
  g_assert_cmpuint (top->page_count, ==, 32);
}

/* ---- imports ----------------------------------------------------------- */

static void
test_synthetic_crc (void)
{
  static const guint64 sizes[] = { 0, 1, 2, 3, 4095, 4096, 65536, 65537, 100003 };
  static const guint8 fills[] = { 0x00, 0x90, 0xff };

  for (guint f = 0; f < G_N_ELEMENTS (fills); f++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autofree guint8 *buf = g_malloc (sizes[s] + 1);
        guint32 expected;

        memset (buf, fills[f], sizes[s]);
        expected = (guint32) crc32 (crc32 (0L, Z_NULL, 0), buf, (uInt) sizes[s]);
        g_assert_cmphex (mv_synthetic_crc32 (sizes[s], fills[f]), ==, expected);
      }
}

/* A synthetic region imported (its middle chunks made at once) and the same
 * bytes read from memory (every chunk read and imported one by one) give
 * the same calls, pages, page map and CRC, also over earlier imports. */
typedef struct
{
  guint64 n_calls;
  guint64 total_pages;
  guint32 crc;
  GArray *map;  /* MvPageRun */
} RegionOutcome;

static void
import_region (MvSource       *src,
               gsize           chunk,
               guint64         gpa,
               guint64         size,
               guint64         memory_length,
               const guint64  *earlier,  /* page, count pairs */
               guint           n_earlier,
               RegionOutcome  *out)
{
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (chunk, NULL);
  g_autoptr(MvRecorder) rec = mv_recorder_new (FALSE);
  g_autoptr(GError) error = NULL;
  MvFileRegion region = { src, 0, size, gpa, memory_length, MV_ACCEPTANCE_EXCLUSIVE, "blob" };

  for (guint i = 0; i < n_earlier; i++)
    g_assert_true (mv_importer_import_pages (&rec->parent, earlier[2 * i], earlier[2 * i + 1],
                                             i % 2 ? "blob" : "other", MV_ACCEPTANCE_EXCLUSIVE,
                                             NULL, 0, &error));
  g_assert_true (mv_chunk_buf_import_file_region (buf, &rec->parent, &region, &out->crc,
                                                  NULL, NULL, &error));
  g_assert_no_error (error);
  out->n_calls = rec->n_calls;
  out->total_pages = rec->total_pages;
  g_assert_cmpuint (mv_recorder_map_pages (rec), ==, rec->total_pages);
  out->map = g_array_copy (rec->page_map);
  /* tags are compared by name below: the recorder that owns them is gone */
  for (guint i = 0; i < out->map->len; i++)
    g_array_index (out->map, MvPageRun, i).tag =
      g_intern_string (g_array_index (out->map, MvPageRun, i).tag);
}

static void
test_synthetic_counted (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5e1f);

  for (guint iter = 0; iter < 200; iter++)
    {
      guint8 fill = (guint8) g_rand_int_range (rand, 0, 256);
      gsize chunk = (gsize) g_rand_int_range (rand, 1, 5) * 4096;
      guint64 size = (guint64) g_rand_int_range (rand, 1, 300000);
      guint64 memory_length = size + (guint64) g_rand_int_range (rand, 0, 40000);
      guint64 gpa = (guint64) g_rand_int_range (rand, 0, 200) * 4096 +
                    (g_rand_boolean (rand) ? (guint64) g_rand_int_range (rand, 0, 4096) : 0);
      guint64 earlier[12];
      guint n_earlier = (guint) g_rand_int_range (rand, 0, 7);
      g_autofree guint8 *bytes = g_malloc (size);
      g_autoptr(GBytes) data = NULL;
      g_autoptr(MvSource) synthetic = mv_source_new_synthetic (size, fill);
      g_autoptr(MvSource) read = NULL;
      RegionOutcome a, b;

      for (guint i = 0; i < n_earlier; i++)
        {
          earlier[2 * i] = (guint64) g_rand_int_range (rand, 0, 300);
          earlier[2 * i + 1] = (guint64) g_rand_int_range (rand, 1, 12);
        }
      memset (bytes, fill, size);
      data = g_bytes_new (bytes, size);
      read = mv_source_new_for_bytes (data);
      import_region (synthetic, chunk, gpa, size, memory_length, earlier, n_earlier, &a);
      import_region (read, chunk, gpa, size, memory_length, earlier, n_earlier, &b);

      g_assert_cmpuint (a.n_calls, ==, b.n_calls);
      g_assert_cmpuint (a.total_pages, ==, b.total_pages);
      g_assert_cmphex (a.crc, ==, b.crc);
      g_assert_cmphex (a.crc, ==, mv_synthetic_crc32 (size, fill));
      g_assert_cmpuint (a.map->len, ==, b.map->len);
      for (guint i = 0; i < a.map->len; i++)
        {
          const MvPageRun *x = &g_array_index (a.map, MvPageRun, i);
          const MvPageRun *y = &g_array_index (b.map, MvPageRun, i);

          g_assert_cmphex (x->page_base, ==, y->page_base);
          g_assert_cmpuint (x->page_count, ==, y->page_count);
          g_assert_cmpstr (x->tag, ==, y->tag);
          g_assert_cmphex (x->flags, ==, y->flags);
        }
      g_array_unref (a.map);
      g_array_unref (b.map);
    }
}

/* Past the end of the address space, the calls made at once are one run. */
static void
test_synthetic_counted_beyond (void)
{
  g_autoptr(MvSource) src = mv_source_new_synthetic (64 * 4096, 0x90);
  RegionOutcome a;
  const MvPageRun *runs;

  /* 4 pages below the limit, 60 past it, in 16 chunks of 4 pages */
  import_region (src, 4 * 4096, (MV_PAGE_LIMIT - 4) * 4096, 64 * 4096, 64 * 4096, NULL, 0, &a);
  runs = (const MvPageRun *) (gpointer) a.map->data;
  g_assert_cmpuint (a.n_calls, ==, 16);
  g_assert_cmpuint (a.total_pages, ==, 64);
  g_assert_cmpuint (a.map->len, ==, 3);
  /* the first call, read; the 14 made at once; the last, read */
  g_assert_cmphex (runs[0].page_base, ==, MV_PAGE_LIMIT - 4);
  g_assert_cmphex (runs[0].flags, ==, MV_PAGE_DATA);
  g_assert_cmphex (runs[1].page_base, ==, MV_PAGE_LIMIT);
  g_assert_cmpuint (runs[1].page_count, ==, 56);
  g_assert_cmphex (runs[1].flags, ==, MV_PAGE_DATA | MV_PAGE_BEYOND);
  g_assert_cmpuint (runs[2].page_count, ==, 4);
  g_assert_cmphex (a.crc, ==, mv_synthetic_crc32 (64 * 4096, 0x90));
  g_array_unref (a.map);
}

/* The largest synthetic region a document can give costs what a small one
 * does: 2^48 calls of 64 KiB counted, not made. */
static void
test_synthetic_huge (void)
{
  g_autoptr(MvDocument) doc = load_text ("[memviz]\nversion=1\n[memory]\nram=8 GiB\n"
                                         "[import huge]\nkind=synthetic\ngpa=0\n"
                                         "size=0xFFFFFFFFFFFFF000\nfill=0x90\n"
                                         "[import tera]\nkind=synthetic\ngpa=0x1000\n"
                                         "size=1T\n", NULL);
  g_autoptr(MvScenario) sc = NULL;
  const MvImportResult *huge;
  const MvImportResult *tera;

  g_test_timer_start ();
  sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  /* a replay takes 24 s for the terabyte alone, forever for the other */
  g_assert_cmpfloat (g_test_timer_elapsed (), <, 2.0 * test_timeout_multiplier ());
  huge = &g_array_index (sc->imports, MvImportResult, 0);
  tera = &g_array_index (sc->imports, MvImportResult, 1);
  g_assert_true (huge->ok);
  g_assert_true (tera->ok);
  g_assert_cmphex (huge->crc32, ==, mv_synthetic_crc32 (G_GUINT64_CONSTANT (0xFFFFFFFFFFFFF000), 0x90));
  g_assert_cmpuint (sc->recorder->n_calls, ==, ((guint64) 1 << 48) + ((guint64) 1 << 24));
  g_assert_cmpuint (sc->recorder->total_pages, ==, ((guint64) 1 << 52) - 1 + ((guint64) 1 << 28));
  /* the one data run, then the terabyte over it: overlapping */
  g_assert_cmpuint (sc->recorder->page_map->len, ==, 2);
  g_assert_cmphex (g_array_index (sc->recorder->page_map, MvPageRun, 1).flags, ==,
                   MV_PAGE_DATA | MV_PAGE_OVERLAP);
}

static void
test_synthetic_source (void)
{
  g_autoptr(MvSource) src = mv_source_new_synthetic (10, 0xAB);
  g_autoptr(GError) error = NULL;
  guint8 buf[16];

  memset (buf, 0, sizeof buf);
  g_assert_true (mv_source_seek (src, 4, &error));
  g_assert_true (mv_source_read_exact (src, buf, 6, &error));
  g_assert_no_error (error);
  g_assert_cmphex (buf[0], ==, 0xAB);
  g_assert_cmphex (buf[5], ==, 0xAB);
  g_assert_cmphex (buf[6], ==, 0);
  /* Short data is a Read error, as for a real file. */
  g_assert_true (mv_source_seek (src, 8, &error));
  g_assert_false (mv_source_read_exact (src, buf, 3, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (mv_source_seek (src, (guint64) 1 << 63, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
}

static void
test_file_import (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kernel.bin", NULL);
  g_autofree char *text = NULL;
  g_autofree guint8 *data = g_malloc (200000);
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(MvScenario) sc = NULL;
  const MvImportResult *r;
  guint32 crc_part, crc_all;

  for (guint i = 0; i < 200000; i++)
    data[i] = (guint8) (i * 7 + (i >> 9));
  g_assert_true (g_file_set_contents (path, (const char *) data, 200000, NULL));
  crc_part = (guint32) crc32 (crc32 (0L, Z_NULL, 0), data + 0x1000, 100000);
  crc_all = (guint32) crc32 (crc32 (0L, Z_NULL, 0), data + 16, 200000 - 16);

  text = g_strdup_printf ("[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
                          "[import part]\nkind=file\npath=kernel.bin\ngpa=0x100800\n"
                          "offset=0x1000\nlength=100000\nmemory-length=256 KiB\n"
                          "acceptance=ExclusiveUnmeasured\ntag=k\n"
                          "[import rest]\nkind=file\npath=%s\ngpa=0x400000\noffset=16\n"
                          "[import past]\nkind=file\npath=kernel.bin\ngpa=0x800000\n"
                          "offset=300000\n"
                          "[import short]\nkind=file\npath=kernel.bin\ngpa=0x900000\n"
                          "offset=199000\nlength=2000\n"
                          "[import too-long]\nkind=file\npath=kernel.bin\ngpa=0xA00000\n"
                          "length=8 KiB\nmemory-length=4 KiB\n",
                          path);
  doc = load_text (text, dir);
  sc = mv_scenario_run (doc, MV_SCENARIO_TRACE);

  r = &g_array_index (sc->imports, MvImportResult, 0);
  g_assert_true (r->ok);
  g_assert_cmpstr (r->resolved_path, ==, path);
  g_assert_cmpuint (r->bytes, ==, 100000);
  g_assert_cmphex (r->crc32, ==, crc_part);
  g_assert_cmphex (r->page_base, ==, 0x100);
  g_assert_cmpuint (r->page_count, ==, (0x800 + 256 * 1024 + 4095) / 4096);

  r = &g_array_index (sc->imports, MvImportResult, 1);   /* to the end of the file */
  g_assert_true (r->ok);
  g_assert_cmpuint (r->bytes, ==, 200000 - 16);
  g_assert_cmphex (r->crc32, ==, crc_all);

  r = &g_array_index (sc->imports, MvImportResult, 2);
  g_assert_false (r->ok);
  g_assert_error (r->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_OFFSET_PAST_END);

  r = &g_array_index (sc->imports, MvImportResult, 3);   /* upstream's Read error */
  g_assert_false (r->ok);
  g_assert_error (r->error, MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_READ);
  g_assert_cmpstr (r->error_name, ==, "Read");

  r = &g_array_index (sc->imports, MvImportResult, 4);
  g_assert_false (r->ok);
  g_assert_cmpstr (r->error_name, ==, "FileLengthExceedsMemoryLength");
  g_assert_true (r->has_pages);
  g_assert_cmpuint (r->page_count, ==, 1);

  /* The calls the recorder saw carry the acceptance and tag asked for. */
  g_assert_cmpuint (sc->recorder->calls->len, >, 0);
  {
    const MvImportCall *call = &g_array_index (sc->recorder->calls, MvImportCall, 0);

    g_assert_cmpstr (call->tag, ==, "k");
    g_assert_cmpint (call->acceptance, ==, MV_ACCEPTANCE_EXCLUSIVE_UNMEASURED);
    g_assert_cmphex (call->page_base, ==, 0x100);
  }
  test_remove_tree (dir);
}

static void
test_gdt_import (void)
{
  g_autoptr(MvDocument) doc = load_text ("[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
                                         "[import g]\nkind=gdt\npage=0x706\n"
                                         "[import huge]\nkind=gdt\npage=0x10000000000000\n",
                                         NULL);
  g_autoptr(MvScenario) sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  const MvImportResult *r = &g_array_index (sc->imports, MvImportResult, 0);
  guint8 bytes[MV_GDT_DEFAULT_SIZE];

  mv_gdt_default_bytes (bytes);
  g_assert_true (r->ok);
  g_assert_cmpuint (r->bytes, ==, 32);
  g_assert_cmphex (r->crc32, ==, (guint32) crc32 (crc32 (0L, Z_NULL, 0), bytes, 32));
  g_assert_cmpuint (sc->recorder->registers->len, ==, 7);

  r = &g_array_index (sc->imports, MvImportResult, 1);
  g_assert_false (r->ok);
  g_assert_error (r->error, MV_GDT_ERROR, MV_GDT_ERROR_PAGE_OUT_OF_RANGE);
  g_assert_cmpstr (r->error_name, ==, "GdtPageOutOfRange");
}

static void
test_skip_files (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *other = test_make_tmp_dir ();
  g_autofree char *in = g_build_filename (dir, "in.bin", NULL);
  g_autofree char *out = g_build_filename (other, "out.bin", NULL);
  g_autofree char *text = NULL;
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(MvDocument) nodir = NULL;
  g_autoptr(MvScenario) sc = NULL;
  const MvImportResult *r;

  g_assert_true (g_file_set_contents (in, "inside", -1, NULL));
  g_assert_true (g_file_set_contents (out, "outside", -1, NULL));
  text = g_strdup_printf ("[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
                          "[import in]\nkind=file\npath=in.bin\ngpa=0\n"
                          "[import out]\nkind=file\npath=%s\ngpa=0x1000\n", out);
  doc = load_text (text, dir);

  sc = mv_scenario_run (doc, MV_SCENARIO_SKIP_OUTSIDE_FILES);
  g_assert_true (g_array_index (sc->imports, MvImportResult, 0).ok);
  r = &g_array_index (sc->imports, MvImportResult, 1);
  g_assert_false (r->ok);
  g_assert_error (r->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_ALLOWED);
  g_clear_pointer (&sc, mv_scenario_free);

  sc = mv_scenario_run (doc, MV_SCENARIO_SKIP_FILES);
  g_assert_cmpuint (mv_scenario_n_import_errors (sc), ==, 2);
  g_assert_cmpuint (sc->recorder->total_pages, ==, 0);
  g_clear_pointer (&sc, mv_scenario_free);

  sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  g_assert_cmpuint (mv_scenario_n_import_errors (sc), ==, 0);
  g_assert_cmpuint (g_array_index (sc->imports, MvImportResult, 1).bytes, ==, 7);
  g_clear_pointer (&sc, mv_scenario_free);

  /* A relative path with no folder to start from. */
  nodir = load_text (text, NULL);
  sc = mv_scenario_run (nodir, MV_SCENARIO_NONE);
  r = &g_array_index (sc->imports, MvImportResult, 0);
  g_assert_error (r->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NO_FOLDER);
  g_assert_true (g_array_index (sc->imports, MvImportResult, 1).ok);

  test_remove_tree (dir);
  test_remove_tree (other);
}

static void
test_not_regular (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(MvScenario) sc = NULL;
  const MvImportResult *r;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  doc = load_text ("[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
                   "[import f]\nkind=file\npath=fifo\ngpa=0\nlength=4096\n"
                   "[import d]\nkind=file\npath=.\ngpa=0x1000\nlength=4096\n", dir);
  sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  r = &g_array_index (sc->imports, MvImportResult, 0);
  g_assert_error (r->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_REGULAR);
  r = &g_array_index (sc->imports, MvImportResult, 1);
  g_assert_error (r->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_REGULAR);
  test_remove_tree (dir);
}

static gboolean
cancel_at_once (guint64  done,
                guint64  total,
                gpointer user_data)
{
  (*(guint *) user_data)++;
  return FALSE;
}

static void
test_cancel (void)
{
  g_autoptr(MvDocument) doc = load_text ("[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
                                         "[import g]\nkind=gdt\npage=1\n"
                                         "[import a]\nkind=synthetic\ngpa=0x100000\nsize=1 MiB\n"
                                         "[import b]\nkind=synthetic\ngpa=0x200000\nsize=1 MiB\n",
                                         NULL);
  guint calls = 0;
  g_autoptr(MvScenario) sc = mv_scenario_run_full (doc, MV_SCENARIO_NONE, cancel_at_once, &calls);

  g_assert_cmpuint (calls, ==, 1);
  g_assert_true (g_array_index (sc->imports, MvImportResult, 0).ok);
  g_assert_error (g_array_index (sc->imports, MvImportResult, 1).error,
                  MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_CANCELLED);
  g_assert_error (g_array_index (sc->imports, MvImportResult, 2).error,
                  MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_CANCELLED);
  /* The GDT page and the first chunk only. */
  g_assert_cmpuint (sc->recorder->total_pages, ==, 1 + 16);
}

/* ---- layout and MTRR errors -------------------------------------------- */

static void
test_layout_error (void)
{
  g_autoptr(MvDocument) doc = load_text ("[memviz]\nversion=1\n[memory]\nram=1000\n"
                                         "[import g]\nkind=gdt\npage=1\n", NULL);
  g_autoptr(MvScenario) sc = mv_scenario_run (doc, MV_SCENARIO_NONE);

  g_assert_null (sc->layout);
  g_assert_error (sc->layout_error, MV_LAYOUT_ERROR, MV_LAYOUT_ERROR_BAD_SIZE);
  g_assert_cmpstr (sc->layout_error_name, ==, "BadSize");
  g_assert_null (sc->variable_mtrrs);
  g_assert_no_error (sc->mtrr_error);
  /* The imports still ran. */
  g_assert_true (g_array_index (sc->imports, MvImportResult, 0).ok);
}

static void
test_numa (void)
{
  g_autoptr(MvDocument) doc = load_text ("[memviz]\nversion=1\n[memory]\n"
                                         "numa=1 GiB, 3 GiB\nmmio=0xf8000000+128 MiB\n", NULL);
  g_autoptr(MvDocument) bad = load_text ("[memviz]\nversion=1\n[memory]\nnuma=1 GiB, 1000\n",
                                         NULL);
  g_autoptr(MvDocument) empty = load_text ("[memviz]\nversion=1\n[memory]\nnuma=\n", NULL);
  g_autoptr(MvScenario) sc = mv_scenario_run (doc, MV_SCENARIO_NONE);
  g_autoptr(MvScenario) sc_bad = mv_scenario_run (bad, MV_SCENARIO_NONE);
  g_autoptr(MvScenario) sc_empty = mv_scenario_run (empty, MV_SCENARIO_NONE);

  g_assert_nonnull (sc->layout);
  g_assert_cmpuint (mv_layout_ram_size (sc->layout), ==, 4 * GB);
  g_assert_cmpuint (sc->layout->ram->len, >=, 2);
  g_assert_cmpstr (sc_bad->layout_error_name, ==, "BadNumaSize");
  g_assert_cmpstr (sc_empty->layout_error_name, ==, "EmptyNumaSizes");
}

static void
test_mtrr_error (void)
{
  g_autoptr(MvDocument) doc = load_text ("[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
                                         "[mtrr]\nchipset-low-mmio=none\n", NULL);
  g_autoptr(MvScenario) sc = mv_scenario_run (doc, MV_SCENARIO_NONE);

  g_assert_nonnull (sc->layout);
  g_assert_null (sc->variable_mtrrs);
  g_assert_error (sc->mtrr_error, MV_MTRR_ERROR, MV_MTRR_ERROR_LOW_MMIO_AT_ZERO);
  g_assert_cmpstr (sc->mtrr_error_name, ==, "LowMmioAtZero");
}

static void
test_width_and_shortfall (void)
{
  g_autoptr(MvDocument) narrow = load_text ("[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
                                            "[mtrr]\naddress-width=0\n", NULL);
  g_autoptr(MvDocument) wide = load_text ("[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
                                          "[mtrr]\naddress-width=255\n", NULL);
  /* A gap reaching the top of the address space: RAM stops short. */
  g_autoptr(MvDocument) full = load_text ("[memviz]\nversion=1\n[memory]\nram=2 GiB\n"
                                          "mmio=0x40000000-0xfffffffffffff000\n", NULL);
  g_autoptr(MvScenario) a = mv_scenario_run (narrow, MV_SCENARIO_NONE);
  g_autoptr(MvScenario) b = mv_scenario_run (wide, MV_SCENARIO_NONE);
  g_autoptr(MvScenario) c = mv_scenario_run (full, MV_SCENARIO_NONE);

  g_assert_cmpuint (a->width, ==, 36);
  g_assert_cmpuint (b->width, ==, 52);
  g_assert_nonnull (c->layout);
  g_assert_cmpuint (c->shortfall, ==, 1 * GB);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < mv_presets_count (); i++)
    {
      g_autofree char *p = g_strdup_printf ("/scenario/preset/%s", mv_preset_name (i));
      g_test_add_data_func (p, mv_preset_name (i), test_preset_runs);
    }
  for (guint i = 0; i < G_N_ELEMENTS (seed_cases); i++)
    {
      g_autofree char *p = g_strdup_printf ("/scenario/seed/%s", seed_cases[i].preset);
      g_test_add_data_func (p, &seed_cases[i], test_seed);
    }
  g_test_add_func ("/scenario/openvmm/default-8g", test_openvmm_default);
  g_test_add_func ("/scenario/openvmm/no-high-mmio", test_no_high_mmio);
  g_test_add_func ("/scenario/openvmm/large-16t", test_large);
  g_test_add_func ("/scenario/boot/linux-direct", test_linux_direct);
  g_test_add_func ("/scenario/boot/uefi", test_uefi);
  g_test_add_func ("/scenario/boot/pcat", test_pcat);
  g_test_add_func ("/scenario/synthetic/crc32", test_synthetic_crc);
  g_test_add_func ("/scenario/synthetic/source", test_synthetic_source);
  g_test_add_func ("/scenario/synthetic/counted", test_synthetic_counted);
  g_test_add_func ("/scenario/synthetic/counted-beyond", test_synthetic_counted_beyond);
  g_test_add_func ("/scenario/synthetic/huge", test_synthetic_huge);
  g_test_add_func ("/scenario/import/file", test_file_import);
  g_test_add_func ("/scenario/import/gdt", test_gdt_import);
  g_test_add_func ("/scenario/import/skip-files", test_skip_files);
  g_test_add_func ("/scenario/import/not-regular", test_not_regular);
  g_test_add_func ("/scenario/import/cancel", test_cancel);
  g_test_add_func ("/scenario/layout-error", test_layout_error);
  g_test_add_func ("/scenario/numa", test_numa);
  g_test_add_func ("/scenario/mtrr-error", test_mtrr_error);
  g_test_add_func ("/scenario/width-and-shortfall", test_width_and_shortfall);

  return g_test_run ();
}
