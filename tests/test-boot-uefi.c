/* SPDX-License-Identifier: MIT */
/* Tests of OpenVMM's UEFI loader for x86-64 (core/mv-boot-uefi.c and its
 * helpers mv-uefi-image and mv-uefi-config, and the identity map of
 * mv-page-table at 0x700000): synthetic 6 MiB images with a SEC entry
 * where upstream looks for it, run through mv_boot_load; every import's
 * place and bytes, every register, the config blob of each kind parsed
 * back, and the errors. The expected
 * values are worked out by hand from vm/loader/src/uefi at 1488a37b. */
#include <string.h>
#include <zlib.h>

#include <mv-boot.h>
#include <mv-gdt.h>
#include <mv-recorder.h>
#include <mv-uefi-config.h>
#include <mv-uefi-image.h>
#include <mv-le.h>
#include <mv-page-table.h>

#include "mv-test-util.h"

#define MIB ((guint64) 1 << 20)
#define GIB ((guint64) 1 << 30)
#define IMAGE_SIZE (6 * MIB)

/* ---- synthetic images ------------------------------------------------------ */

#define put16(p, v) mv_le_put ((p), (v), 2)
#define put32(p, v) mv_le_put ((p), (v), 4)
#define put64(p, v) mv_le_put ((p), (v), 8)
#define get32(p) ((guint32) mv_le_get ((p), 4))
#define get64(p) mv_le_get ((p), 8)

/* An FFS file header: type at 18, 3-byte size at 20. */
static void
put_file (guint8 *p, guint8 type, guint32 size)
{
  p[18] = type;
  p[20] = (guint8) size;
  p[21] = (guint8) (size >> 8);
  p[22] = (guint8) (size >> 16);
}

/* A section header: 3-byte size, then type. */
static void
put_section (guint8 *p, guint8 type, guint32 size)
{
  p[0] = (guint8) size;
  p[1] = (guint8) (size >> 8);
  p[2] = (guint8) (size >> 16);
  p[3] = type;
}

typedef enum
{
  IMAGE_PE,            /* DOS header, PE32 headers at e_lfanew 0x80 */
  IMAGE_TE,            /* a TE header, no DOS header */
  IMAGE_NO_FVH,
  IMAGE_NO_SEC_FILE,
  IMAGE_ZERO_FILE,     /* a file of size 0 before the SEC file */
  IMAGE_BAD_PE,        /* the PE32 section holds neither signature */
  IMAGE_LFANEW_PAST,   /* e_lfanew past the image's end */
  IMAGE_NO_PE_SECTION, /* the section loop ends without a PE32 section */
} ImageKind;

/* The SEC volume at 0x5E0000, header_length 0x48, fv_length 0x20000:
 *   0x5E0048  file, type 7 (driver), size 0x1C
 *   0x5E0068  file, type 3 (SEC core), size 0x1000 (8-aligned: +4)
 *   0x5E0080  its first section: raw (0x19), size 6
 *   0x5E0088  its PE32 section (4-aligned: +2), data from 0x5E008C
 * (IMAGE_NO_PE_SECTION: the SEC file is 0x3E bytes, see load_cases)
 * PE: "MZ", e_lfanew 0x80 -> "PE\0\0" at 0x5E010C, AddressOfEntryPoint
 * (+40) 0x1234: the entry is 0x5E0088 + 4 + 0x1234 = 0x5E12C0.
 * TE: "VZ" at 0x5E008C, stripped_size 0x1E0, AddressOfEntryPoint 0x400:
 * the entry is 0x5E0088 + 4 + 0x400 + 40 - 0x1E0 = 0x5E02D4. */
static guint8 *
make_image (ImageKind kind)
{
  guint8 *image = g_malloc0 (IMAGE_SIZE);
  guint8 *fv = image + 0x5E0000;

  for (gsize i = 0; i < 0x5E0000; i++)
    image[i] = (guint8) (i * 7 + 3);

  if (kind != IMAGE_NO_FVH)
    memcpy (fv + 40, "_FVH", 4);
  put64 (fv + 32, 0x20000);
  put16 (fv + 48, 0x48);

  put_file (image + 0x5E0048, 7, kind == IMAGE_ZERO_FILE ? 0 : 0x1C);
  put_file (image + 0x5E0068, kind == IMAGE_NO_SEC_FILE ? 7 : 3,
            kind == IMAGE_NO_PE_SECTION ? 0x3E : 0x1000);
  if (kind == IMAGE_NO_SEC_FILE)
    put_file (image + 0x5E0068, 7, 0x20000 - 0x20);
  put_section (image + 0x5E0080, 0x19, 6);
  put_section (image + 0x5E0088, 0x10, 0x400);

  switch (kind)
    {
    case IMAGE_TE:
      memcpy (image + 0x5E008C, "VZ", 2);
      put16 (image + 0x5E008C + 6, 0x1E0);
      put32 (image + 0x5E008C + 8, 0x400);
      break;
    case IMAGE_BAD_PE:
      memcpy (image + 0x5E008C, "MZ", 2);
      put32 (image + 0x5E008C + 60, 0x80);
      memcpy (image + 0x5E010C, "PX\0\0", 4);
      break;
    case IMAGE_LFANEW_PAST:
      memcpy (image + 0x5E008C, "MZ", 2);
      put32 (image + 0x5E008C + 60, 0x7fffffff);
      break;
    default:
      memcpy (image + 0x5E008C, "MZ", 2);
      put32 (image + 0x5E008C + 60, 0x80);
      memcpy (image + 0x5E010C, "PE\0\0", 4);
      put32 (image + 0x5E010C + 40, 0x1234);
      break;
    }
  return image;
}

static char *
write_file (const char   *name,
            const guint8 *data,
            gsize         len)
{
  char *path = g_build_filename (test_tmp_dir (), name, NULL);
  GError *error = NULL;

  g_file_set_contents (path, (const char *) data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
write_image (const char *name,
             ImageKind   kind)
{
  g_autofree guint8 *image = make_image (kind);

  return write_file (name, image, IMAGE_SIZE);
}

/* ---- layouts --------------------------------------------------------------- */

/* OpenVMM's default 8 GiB layout: 128 MiB low MMIO, 512 MiB high MMIO
 * above RAM (data/presets/openvmm-default-8g.memviz). */
static MvLayout *
layout_default_8g (void)
{
  const MvRange mmio[] = {
    { 0xf8000000, 0x100000000 },
    { 0x208000000, 0x228000000 },
  };
  GError *error = NULL;
  MvLayout *layout = mv_layout_new (8 * GIB, mmio, G_N_ELEMENTS (mmio), NULL, 0, NULL, 0,
                                    NULL, &error);

  g_assert_no_error (error);
  return layout;
}

static MvLayout *
layout_small (guint64 ram)
{
  const MvRange mmio[] = { { 0xf8000000, 0x100000000 } };
  GError *error = NULL;
  MvLayout *layout = mv_layout_new (ram, mmio, 1, NULL, 0, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  return layout;
}

/* ---- running the loader ---------------------------------------------------- */

typedef struct
{
  guint64 last;
  guint   calls;
  gboolean monotonic;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (total, ==, IMAGE_SIZE);
  if (done < p->last)
    p->monotonic = FALSE;
  p->last = done;
  p->calls++;
}

static gboolean
run_loader (const char     *firmware,
            MvUefiConfig    uefi_config,
            guint           processors,
            const MvLayout *layout,
            MvRecorder     *rec,
            MvBootInfo     *info,
            GCancellable   *cancellable,
            Progress       *progress,
            GError        **error)
{
  MvBootConfig config = {
    .loader = MV_BOOT_LOADER_UEFI,
    .firmware = g_strdup (firmware),
    .uefi_config = uefi_config,
    .processor_count = processors,
  };
  gboolean ok;

  ok = mv_boot_load (&config, layout, &rec->parent, info, cancellable,
                     progress != NULL ? on_progress : NULL, progress, error);
  mv_boot_config_clear (&config);
  return ok;
}

/* ---- expectations ---------------------------------------------------------- */

typedef struct
{
  guint64     page_base;
  guint64     page_count;
  const char *tag;
  gsize       data_len;
  guint32     crc32;      /* of the data */
} ExpectedCall;

static guint32
crc_of (const guint8 *data,
        gsize         len)
{
  return (guint32) crc32 (crc32 (0, Z_NULL, 0), data, (uInt) len);
}

static void
assert_calls (const MvRecorder   *rec,
              const ExpectedCall *expected,
              guint               n)
{
  g_assert_cmpuint (rec->calls->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const MvImportCall *call = &g_array_index (rec->calls, MvImportCall, i);

      g_assert_cmphex (call->page_base, ==, expected[i].page_base);
      g_assert_cmphex (call->page_count, ==, expected[i].page_count);
      g_assert_cmpstr (call->tag, ==, expected[i].tag);
      g_assert_cmpint (call->acceptance, ==, MV_ACCEPTANCE_EXCLUSIVE);
      g_assert_cmpuint (call->data_len, ==, expected[i].data_len);
      g_assert_cmphex (call->crc32, ==, expected[i].crc32);
    }
  g_assert_cmpuint (mv_recorder_n_errors (rec), ==, 0);
}

/* The identity map as x64.rs builds it, entry by entry: PML4E 0 links the
 * PDPT, PDPT entries 0-3 the page directories (present, R/W, accessed:
 * 0x23), every PDE a 2 MiB page (and large, dirty: 0xe3). */
static void
expected_page_tables (guint64 gpa,
                      guint8  out[6 * 4096])
{
  memset (out, 0, 6 * 4096);
  put64 (out, (gpa + 0x1000) | 0x23);
  for (guint i = 0; i < 4; i++)
    put64 (out + 4096 + i * 8, (gpa + 0x2000 + i * 0x1000) | 0x23);
  for (guint table = 2; table < 6; table++)
    for (guint i = 0; i < 512; i++)
      put64 (out + table * 4096 + i * 8,
             ((guint64) (table - 2) * GIB + (guint64) i * 0x200000) | 0xe3);
}

static void
assert_registers (const MvRecorder *rec,
                  guint64           rip)
{
  static const struct { MvRegName name; guint16 selector; guint16 attributes; } segments[] = {
    { MV_REG_DS, 0x10, 0xc093 }, { MV_REG_ES, 0x10, 0xc093 }, { MV_REG_FS, 0x10, 0xc093 },
    { MV_REG_GS, 0x10, 0xc093 }, { MV_REG_SS, 0x10, 0xc093 }, { MV_REG_CS, 0x08, 0xa09b },
  };
  const struct { MvRegName name; guint64 value; } values[] = {
    { MV_REG_CR0, 0x80000023 },
    { MV_REG_CR3, 0x700000 },
    { MV_REG_CR4, 0x660 },
    { MV_REG_EFER, 0xd00 },
    { MV_REG_PAT, G_GUINT64_CONSTANT (0x0007040600070406) },
    { MV_REG_RBP, 0x6e0000 },
    { MV_REG_RIP, rip },
    { MV_REG_R8, 0 }, { MV_REG_R9, 0 }, { MV_REG_R10, 0 }, { MV_REG_R11, 0 },
    { MV_REG_MTRR_DEF_TYPE, 0xc00 },
    { MV_REG_MTRR_FIX64K_00000, G_GUINT64_CONSTANT (0x0606060606060606) },
    { MV_REG_MTRR_FIX16K_80000, G_GUINT64_CONSTANT (0x0606060606060606) },
  };
  const MvX86Register *r;
  guint k = 0;

  g_assert_cmpuint (rec->registers->len, ==, 1 + G_N_ELEMENTS (segments) + G_N_ELEMENTS (values));

  r = &g_array_index (rec->registers, MvX86Register, k++);
  g_assert_cmpstr (mv_reg_name_to_string (r->name), ==, "Gdtr");
  g_assert_cmphex (r->table.base, ==, 0x706000);
  g_assert_cmphex (r->table.limit, ==, 31);

  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    {
      r = &g_array_index (rec->registers, MvX86Register, k++);
      g_assert_cmpstr (mv_reg_name_to_string (r->name), ==, mv_reg_name_to_string (segments[i].name));
      g_assert_cmphex (r->segment.selector, ==, segments[i].selector);
      g_assert_cmphex (r->segment.attributes, ==, segments[i].attributes);
      g_assert_cmphex (r->segment.base, ==, 0);
      g_assert_cmphex (r->segment.limit, ==, 0xffffffff);
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      r = &g_array_index (rec->registers, MvX86Register, k++);
      g_assert_cmpstr (mv_reg_name_to_string (r->name), ==, mv_reg_name_to_string (values[i].name));
      g_assert_cmphex (r->value, ==, values[i].value);
    }
}

/* The blob parsed back: {type u32, length u32} entries, lengths counting
 * the header and 8-byte aligned, a StructureCount first. */
typedef struct
{
  guint32       type;
  guint32       length;
  const guint8 *body;
} BlobEntry;

static GArray *
parse_blob (GBytes *bytes)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (BlobEntry));
  gsize off = 0;

  while (off < len)
    {
      BlobEntry e = { get32 (p + off), get32 (p + off + 4), p + off + 8 };

      g_assert_cmpuint (e.length % 8, ==, 0);
      g_assert_cmpuint (e.length, >=, 8);
      g_assert_cmpuint (off + e.length, <=, len);
      g_array_append_val (entries, e);
      off += e.length;
    }
  g_assert_cmpuint (off, ==, len);
  g_assert_cmpuint (entries->len, >=, 1);
  g_assert_cmpuint (g_array_index (entries, BlobEntry, 0).type, ==, 0);
  g_assert_cmpuint (g_array_index (entries, BlobEntry, 0).length, ==, 16);
  g_assert_cmpuint (get32 (g_array_index (entries, BlobEntry, 0).body), ==, entries->len);
  g_assert_cmpuint (get32 (g_array_index (entries, BlobEntry, 0).body + 4), ==, len);
  return entries;
}

static gboolean
all_zero (const guint8 *p,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (p[i] != 0)
      return FALSE;
  return TRUE;
}

/* ---- the loads that succeed ------------------------------------------------ */

typedef struct
{
  const char  *name;
  ImageKind    image;
  MvUefiConfig config;
  guint        processors;
  guint64      rip;
} LoadCase;

static const LoadCase load_cases[] = {
  { "pe-openvmm", IMAGE_PE, MV_UEFI_CONFIG_OPENVMM, 0, 0x6e12c0 },
  { "pe-openvmm-4", IMAGE_PE, MV_UEFI_CONFIG_OPENVMM, 4, 0x6e12c0 },
  { "pe-empty", IMAGE_PE, MV_UEFI_CONFIG_EMPTY, 1, 0x6e12c0 },
  { "pe-none", IMAGE_PE, MV_UEFI_CONFIG_NONE, 1, 0x6e12c0 },
  { "te-openvmm", IMAGE_TE, MV_UEFI_CONFIG_OPENVMM, 1, 0x6e02d4 },
  /* A SEC file of 0x3E bytes: the section loop (offsets in the volume,
   * from 0x38) passes the raw section and stops at 0x3E before aligning
   * to the PE32 section; upstream returns the offset reached, 0x5E0086. */
  { "no-pe-section", IMAGE_NO_PE_SECTION, MV_UEFI_CONFIG_NONE, 1, 0x6e0086 },
};

static void
assert_openvmm_blob (GBytes *blob,
                     guint   processors)
{
  static const guint32 types[] = { 0x00, 0x01, 0x03, 0x05, 0x04, 0x14, 0x13, 0x12 };
  static const guint32 lengths[] = { 16, 16, 8 + 2 * 24, 8 + 16, 8 + 64, 8 + 32, 8 + 16, 16 };
  g_autoptr(GArray) e = parse_blob (blob);
  const guint8 *b;

  g_assert_cmpuint (g_bytes_get_size (blob), ==, 264);
  g_assert_cmpuint (e->len, ==, G_N_ELEMENTS (types));
  for (guint i = 0; i < e->len; i++)
    {
      g_assert_cmphex (g_array_index (e, BlobEntry, i).type, ==, types[i]);
      g_assert_cmpuint (g_array_index (e, BlobEntry, i).length, ==, lengths[i]);
      g_assert_nonnull (mv_uefi_blob_type_name (types[i]));
    }
  g_assert_cmpstr (mv_uefi_blob_type_name (0x14), ==, "MmioRanges");

  b = g_array_index (e, BlobEntry, 1).body;          /* BiosInformation */
  g_assert_cmphex (get32 (b), ==, 0x600);
  g_assert_cmphex (get32 (b + 4), ==, 0);

  b = g_array_index (e, BlobEntry, 2).body;          /* MemoryMap */
  g_assert_cmphex (get64 (b), ==, 0);
  g_assert_cmphex (get64 (b + 8), ==, 0xf8000000);
  g_assert_cmphex (get64 (b + 16), ==, 0);
  g_assert_cmphex (get64 (b + 24), ==, 0x100000000);
  g_assert_cmphex (get64 (b + 32), ==, 8 * GIB - 0xf8000000);
  g_assert_cmphex (get64 (b + 40), ==, 0);

  g_assert_true (all_zero (g_array_index (e, BlobEntry, 3).body, 16));   /* BiosGuid */
  g_assert_true (all_zero (g_array_index (e, BlobEntry, 4).body, 64));   /* Entropy */

  b = g_array_index (e, BlobEntry, 5).body;          /* MmioRanges, in pages */
  g_assert_cmphex (get64 (b), ==, 0xf8000);
  g_assert_cmphex (get64 (b + 8), ==, 0x8000);
  g_assert_cmphex (get64 (b + 16), ==, 0x208000);
  g_assert_cmphex (get64 (b + 24), ==, 0x20000);

  b = g_array_index (e, BlobEntry, 6).body;          /* ProcessorInformation */
  g_assert_cmpuint (get32 (b), ==, MAX (processors, 1));
  g_assert_cmpuint (get32 (b + 4), ==, MAX (processors, 1));
  g_assert_cmpuint (get32 (b + 8), ==, 1);
  g_assert_cmpuint (get32 (b + 12), ==, 1);

  /* Flags: serial controllers, hibernate, MTRRs initialised at load, PCI
   * resources pre-assigned. */
  g_assert_cmphex (get64 (g_array_index (e, BlobEntry, 7).body), ==, 0x90000041);
}

/* The empty blob: a StructureCount of one structure, 16 bytes. */
static const guint8 empty_blob[16] = {
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
  0x01, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
};

static void
test_load (gconstpointer data)
{
  const LoadCase *c = data;
  g_autofree char *name = g_strconcat (c->name, ".fd", NULL);
  g_autofree char *path = write_image (name, c->image);
  g_autofree guint8 *image = make_image (c->image);
  g_autoptr(MvLayout) layout = layout_default_8g ();
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GBytes) blob = NULL;
  guint8 page_tables[6 * 4096];
  guint8 gdt[MV_GDT_DEFAULT_SIZE];
  MvBootInfo info = { 0 };
  Progress progress = { 0, 0, TRUE };
  GError *error = NULL;
  guint n_calls = 4;
  ExpectedCall calls[] = {
    { 0x100, 0x600, "uefi-image", IMAGE_SIZE, crc_of (image, IMAGE_SIZE) },
    { 0x700, 6, "uefi-page-tables", sizeof page_tables, 0 },
    { 0x706, 1, "default-gdt", 32, 0 },
    { 0x707, 2, "uefi-misc-pages", 0, 0 },
    { 0x709, 1, "uefi-config-blob", 0, 0 },
  };

  expected_page_tables (0x700000, page_tables);
  calls[1].crc32 = crc_of (page_tables, sizeof page_tables);
  /* test-gdt checks these bytes against the hand-made ones. */
  mv_gdt_default_bytes (gdt);
  calls[2].crc32 = crc_of (gdt, sizeof gdt);

  if (c->config == MV_UEFI_CONFIG_EMPTY)
    blob = g_bytes_new_static (empty_blob, sizeof empty_blob);
  else if (c->config == MV_UEFI_CONFIG_OPENVMM)
    {
      MvUefiSettings settings;

      mv_uefi_settings_init (&settings, c->processors);
      blob = mv_uefi_config_build (layout, &settings);
      assert_openvmm_blob (blob, c->processors);
    }
  if (blob != NULL)
    {
      n_calls = 5;
      calls[4].data_len = g_bytes_get_size (blob);
      calls[4].crc32 = crc_of (g_bytes_get_data (blob, NULL), g_bytes_get_size (blob));
    }

  g_assert_true (run_loader (path, c->config, c->processors, layout, rec, &info,
                             NULL, &progress, &error));
  g_assert_no_error (error);
  assert_calls (rec, calls, n_calls);

  /* The page map: one run per import, at its place. */
  g_assert_cmpuint (rec->page_map->len, ==, n_calls);
  for (guint i = 0; i < n_calls; i++)
    {
      const MvPageRun *run = &g_array_index (rec->page_map, MvPageRun, i);

      g_assert_cmphex (run->page_base, ==, calls[i].page_base);
      g_assert_cmphex (run->page_count, ==, calls[i].page_count);
      g_assert_cmpstr (run->tag, ==, calls[i].tag);
    }
  g_assert_cmpuint (mv_recorder_map_pages (rec), ==, 0x609 + (n_calls == 5 ? 1 : 0));

  assert_registers (rec, c->rip);
  g_assert_cmpint (info.loader, ==, MV_BOOT_LOADER_UEFI);
  g_assert_cmphex (info.entry, ==, c->rip);
  g_assert_cmpuint (info.e820->len, ==, 0);

  g_assert_true (progress.monotonic);
  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_cmpuint (progress.last, ==, IMAGE_SIZE);

  mv_boot_info_clear (&info);
  g_unlink (path);
}

/* ---- errors ----------------------------------------------------------------- */

static void
assert_fails (const char     *firmware,
              const MvLayout *layout,
              GCancellable   *cancellable,
              int             code,
              const char     *needle,
              guint           n_calls)
{
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  MvBootInfo info = { 0 };
  GError *error = NULL;

  g_assert_false (run_loader (firmware, MV_UEFI_CONFIG_OPENVMM, 1, layout, rec, &info,
                              cancellable, NULL, &error));
  g_assert_error (error, MV_BOOT_ERROR, code);
  if (g_strstr_len (error->message, -1, needle) == NULL)
    g_error ("\"%s\" does not say \"%s\"", error->message, needle);
  g_assert_cmpuint (rec->calls->len, ==, n_calls);
  g_assert_cmphex (info.entry, ==, 0);
  g_clear_error (&error);
  mv_boot_info_clear (&info);
}

static void
test_size (void)
{
  g_autoptr(MvLayout) layout = layout_default_8g ();
  g_autofree guint8 *image = make_image (IMAGE_PE);
  const gsize sizes[] = { 0, 4096, IMAGE_SIZE - 1, IMAGE_SIZE + 1, IMAGE_SIZE + 4096, 8 * MIB };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *data = g_malloc0 (sizes[i] + 1);
      g_autofree char *path = NULL;
      g_autofree char *size = g_strdup_printf (" is %" G_GSIZE_FORMAT " bytes", sizes[i]);

      memcpy (data, image, MIN (sizes[i], IMAGE_SIZE));
      path = write_file ("sized.fd", data, sizes[i]);
      assert_fails (path, layout, NULL, MV_BOOT_ERROR_FIRMWARE_SIZE, size, 0);
      g_unlink (path);
    }
  g_assert_cmpstr (mv_boot_error_name (MV_BOOT_ERROR_FIRMWARE_SIZE), ==, "InvalidImageSize");
}

typedef struct
{
  const char *name;
  ImageKind   image;
  const char *needle;
} SecCase;

static const SecCase sec_cases[] = {
  { "no-fvh", IMAGE_NO_FVH, "_FVH" },
  { "no-sec-file", IMAGE_NO_SEC_FILE, "no SEC core file" },
  { "zero-file", IMAGE_ZERO_FILE, "loops forever" },
  { "bad-pe", IMAGE_BAD_PE, "neither a PE" },
  { "lfanew-past", IMAGE_LFANEW_PAST, "upstream panics" },
};

static void
test_sec_error (gconstpointer data)
{
  const SecCase *c = data;
  g_autofree char *name = g_strconcat (c->name, ".fd", NULL);
  g_autofree char *path = write_image (name, c->image);
  g_autoptr(MvLayout) layout = layout_default_8g ();

  assert_fails (path, layout, NULL, MV_BOOT_ERROR_NO_SEC_ENTRY, c->needle, 0);
  assert_fails (path, layout, NULL, MV_BOOT_ERROR_NO_SEC_ENTRY, path, 0);
  g_unlink (path);
  g_assert_cmpstr (mv_boot_error_name (MV_BOOT_ERROR_NO_SEC_ENTRY), ==, "NoSecEntryPoint");
}

/* The search reads nothing past the slice it is given. */
static void
test_sec_short (void)
{
  g_autofree guint8 *image = make_image (IMAGE_PE);
  GError *error = NULL;
  guint64 offset = 0;

  g_assert_true (mv_uefi_image_sec_entry (image, IMAGE_SIZE, &offset, &error));
  g_assert_no_error (error);
  g_assert_cmphex (offset, ==, 0x5e12c0);

  /* PE32 headers cut short: upstream's read_from_prefix gives None. */
  g_assert_false (mv_uefi_image_sec_entry (image, 0x5E010C + 100, &offset, &error));
  g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_SEC_ENTRY);
  g_assert_nonnull (strstr (error->message, "PE32 headers"));
  g_clear_error (&error);

  /* The volume header past the end: upstream's slice panics. */
  g_assert_false (mv_uefi_image_sec_entry (image, 0x100000, &offset, &error));
  g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_SEC_ENTRY);
  g_assert_nonnull (strstr (error->message, "upstream panics"));
  g_clear_error (&error);
}

static void
test_layout_too_small (void)
{
  g_autofree char *path = write_image ("small.fd", IMAGE_PE);
  g_autoptr(MvLayout) tiny = layout_small (4 * MIB);
  g_autoptr(MvLayout) blob_short = layout_small (0x709000);
  g_autoptr(MvLayout) numa = NULL;
  const guint64 nodes[] = { 4 * MIB, GIB };
  const MvRange mmio[] = { { 0xf8000000, 0x100000000 } };
  g_autoptr(MvLayout) gapped = NULL;
  const guint64 one_node[] = { GIB };
  const MvRange low_gap[] = { { 0x400000, 0x500000 } };
  GError *error = NULL;

  /* The image runs past RAM: OpenVMM's guest memory write fails first. */
  assert_fails (path, tiny, NULL, MV_BOOT_ERROR_NO_RAM,
                "uefi-image at 0x100000-0x700000 is not all RAM", 0);
  assert_fails (path, tiny, NULL, MV_BOOT_ERROR_NO_RAM, "RAM ends at 0x400000", 0);
  /* Everything but the blob fits. */
  assert_fails (path, blob_short, NULL, MV_BOOT_ERROR_NO_RAM, "uefi-config-blob at 0x709000", 4);

  /* Two NUMA nodes: RAM holds every import, but not in one range, as
   * verify_startup_memory_available wants it. */
  numa = mv_layout_new_with_numa (nodes, G_N_ELEMENTS (nodes), mmio, 1, NULL, 0, NULL, 0,
                                  NULL, &error);
  g_assert_no_error (error);
  assert_fails (path, numa, NULL, MV_BOOT_ERROR_NO_RAM, "ends at 0x400000", 5);

  /* A gap inside the image: the message names the gap, not the end of
   * RAM (which is far above it). */
  gapped = mv_layout_new_with_numa (one_node, 1, low_gap, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  assert_fails (path, gapped, NULL, MV_BOOT_ERROR_NO_RAM,
                "uefi-image at 0x100000-0x700000 is not all RAM (it reaches the layout's "
                "gap at 0x400000-0x500000)", 0);
  g_unlink (path);
}

static void
test_io_errors (void)
{
  g_autoptr(MvLayout) layout = layout_default_8g ();
  g_autofree char *missing = g_build_filename (test_tmp_dir (), "missing.fd", NULL);

  assert_fails (missing, layout, NULL, MV_BOOT_ERROR_IO, "missing.fd", 0);
  assert_fails (test_tmp_dir (), layout, NULL, MV_BOOT_ERROR_IO, "directory", 0);
  assert_fails (NULL, layout, NULL, MV_BOOT_ERROR_FAILED, "must provide uefi firmware", 0);
}

static void
test_cancel (void)
{
  g_autofree char *path = write_image ("cancel.fd", IMAGE_PE);
  g_autoptr(MvLayout) layout = layout_default_8g ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  assert_fails (path, layout, cancellable, MV_BOOT_ERROR_CANCELLED, "cancel.fd", 0);
  g_unlink (path);
}

/* Cancelled while the image is read: nothing is imported. */
static void
cancel_on_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel_while_reading (void)
{
  g_autofree char *path = write_image ("cancel-reading.fd", IMAGE_PE);
  g_autoptr(MvLayout) layout = layout_default_8g ();
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  MvBootConfig config = {
    .loader = MV_BOOT_LOADER_UEFI,
    .firmware = path,
    .uefi_config = MV_UEFI_CONFIG_OPENVMM,
  };
  MvBootInfo info = { 0 };
  GError *error = NULL;

  g_assert_false (mv_boot_load (&config, layout, &rec->parent, &info, cancellable,
                                cancel_on_progress, cancellable, &error));
  g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_CANCELLED);
  g_assert_cmpuint (rec->n_calls, ==, 0);
  g_assert_cmpuint (rec->registers->len, ==, 0);
  g_clear_error (&error);
  mv_boot_info_clear (&info);
  g_unlink (path);
}

/* ---- the pieces --------------------------------------------------------------- */

/* Upstream's own tests of Blob (config.rs): add_none, add_one_fixed,
 * add_one_dynamic (43 and 40 bytes), add_two. */
static void
test_blob (void)
{
  MvUefiBlob blob;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GBytes) fixed = NULL;
  g_autoptr(GBytes) two = NULL;
  g_autoptr(GArray) e = NULL;
  guint8 bios[8];
  guint8 madt[93];
  guint8 procinfo[16];

  mv_uefi_blob_init (&blob);
  none = mv_uefi_blob_complete (&blob);
  g_assert_null (blob.data);
  e = parse_blob (none);
  g_assert_cmpuint (e->len, ==, 1);
  g_assert_cmpuint (g_bytes_get_size (none), ==, 16);
  g_clear_pointer (&e, g_array_unref);

  put32 (bios, 12345678);
  put32 (bios + 4, 1u << 31);
  mv_uefi_blob_init (&blob);
  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_BIOS_INFORMATION, bios, sizeof bios);
  fixed = mv_uefi_blob_complete (&blob);
  e = parse_blob (fixed);
  g_assert_cmpuint (e->len, ==, 2);
  g_assert_cmpuint (g_array_index (e, BlobEntry, 1).type, ==, 1);
  g_assert_cmpuint (g_array_index (e, BlobEntry, 1).length, ==, 16);
  g_assert_cmpmem (g_array_index (e, BlobEntry, 1).body, 8, bios, 8);
  g_clear_pointer (&e, g_array_unref);

  for (guint len = 40; len <= 43; len += 3)
    {
      g_autoptr(GBytes) dynamic = NULL;
      gsize padded = (len + 7) & ~7u;

      memset (madt, 0xcc, sizeof madt);
      mv_uefi_blob_init (&blob);
      mv_uefi_blob_add (&blob, MV_UEFI_BLOB_ACPI_TABLE, madt, len);
      dynamic = mv_uefi_blob_complete (&blob);
      g_assert_cmpuint (g_bytes_get_size (dynamic), ==, 2 * 8 + 8 + padded);
      e = parse_blob (dynamic);
      g_assert_cmpuint (e->len, ==, 2);
      g_assert_cmphex (g_array_index (e, BlobEntry, 1).type, ==, 0x16);
      g_assert_cmpuint (g_array_index (e, BlobEntry, 1).length, ==, 8 + padded);
      g_assert_cmpmem (g_array_index (e, BlobEntry, 1).body, len, madt, len);
      g_assert_true (all_zero (g_array_index (e, BlobEntry, 1).body + len, padded - len));
      g_clear_pointer (&e, g_array_unref);
    }

  put32 (procinfo, 4);
  put32 (procinfo + 4, 3);
  put32 (procinfo + 8, 2);
  put32 (procinfo + 12, 1);
  mv_uefi_blob_init (&blob);
  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_ACPI_TABLE, madt, 93);
  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_PROCESSOR_INFORMATION, procinfo, sizeof procinfo);
  two = mv_uefi_blob_complete (&blob);
  g_assert_cmpuint (g_bytes_get_size (two), ==, 3 * 8 + 8 + 96 + 16);
  e = parse_blob (two);
  g_assert_cmpuint (e->len, ==, 3);
  g_assert_cmpuint (g_array_index (e, BlobEntry, 1).length, ==, 8 + 96);
  g_assert_cmphex (g_array_index (e, BlobEntry, 2).type, ==, 0x13);
  g_assert_cmpmem (g_array_index (e, BlobEntry, 2).body, 16, procinfo, 16);

  /* A blob given up before it is complete. */
  mv_uefi_blob_init (&blob);
  mv_uefi_blob_add (&blob, MV_UEFI_BLOB_PROCESSOR_INFORMATION, procinfo, sizeof procinfo);
  g_assert_cmpuint (blob.count, ==, 2);
  mv_uefi_blob_clear (&blob);
  g_assert_null (blob.data);
  g_assert_cmpuint (blob.count, ==, 0);

  g_assert_cmpstr (mv_uefi_blob_type_name (0x28), ==, "PcieBarApertures");
  g_assert_null (mv_uefi_blob_type_name (0x29));
}

static void
test_flags (void)
{
  MvUefiSettings s;

  mv_uefi_settings_init (&s, 0);
  g_assert_cmpuint (s.processor_count, ==, 1);
  g_assert_cmphex (mv_uefi_flags (&s), ==, 0x90000041);

  /* Each setting on its bit (config.rs Flags). */
  s.serial = FALSE;
  s.debugging = TRUE;                 /* 3 */
  s.tpm = TRUE;                       /* 5, 13, 25 */
  s.console = MV_UEFI_CONSOLE_NONE;   /* 7-8 */
  s.battery = TRUE;                   /* 10 */
  s.frontpage = FALSE;                /* 14 */
  s.default_boot_always_attempt = TRUE; /* 15 */
  s.vpci_boot = TRUE;                 /* 17 */
  s.memory_protections = TRUE;        /* 21-22: Default */
  s.guest_watchdog = TRUE;            /* 24 */
  s.vmbus = FALSE;                    /* 30 */
  s.force_dma_bounce = TRUE;          /* 32 */
  /* bits 3, 5-8, 10, 13-15, 17, 21, 24-25, 28, 30-32 */
  g_assert_cmphex (mv_uefi_flags (&s), ==, G_GUINT64_CONSTANT (0x1d322e5e8));
}

static void
test_page_tables (void)
{
  g_autofree guint8 *pt = g_malloc (MV_PAGE_TABLE_MAX_BYTES);
  guint8 expected[6 * 4096];

  /* The UEFI loader's map (test-boot-linux checks Linux's at 0x4000). */
  memset (pt, 0xaa, MV_PAGE_TABLE_MAX_BYTES);
  g_assert_cmpuint (mv_page_table_identity_map (0x700000, MV_IDENTITY_MAP_4GB, pt), ==, 6 * 4096);
  expected_page_tables (0x700000, expected);
  g_assert_cmpmem (pt, sizeof expected, expected, sizeof expected);
  g_assert_cmphex (get64 (pt + 4096 + 3 * 8), ==, 0x705023);
  g_assert_cmphex (get64 (pt + 5 * 4096 + 511 * 8), ==, 0xffe000e3);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (load_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/boot-uefi/load/", load_cases[i].name, NULL);
      g_test_add_data_func (path, &load_cases[i], test_load);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sec_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/boot-uefi/sec-error/", sec_cases[i].name, NULL);
      g_test_add_data_func (path, &sec_cases[i], test_sec_error);
    }
  g_test_add_func ("/boot-uefi/sec-short", test_sec_short);
  g_test_add_func ("/boot-uefi/size", test_size);
  g_test_add_func ("/boot-uefi/layout-too-small", test_layout_too_small);
  g_test_add_func ("/boot-uefi/io-errors", test_io_errors);
  g_test_add_func ("/boot-uefi/cancel", test_cancel);
  g_test_add_func ("/boot-uefi/cancel-while-reading", test_cancel_while_reading);
  g_test_add_func ("/boot-uefi/blob", test_blob);
  g_test_add_func ("/boot-uefi/flags", test_flags);
  g_test_add_func ("/boot-uefi/page-tables", test_page_tables);

  ret = g_test_run ();
  test_remove_tree (test_tmp_dir ());
  return ret;
}
