/* SPDX-License-Identifier: MIT */
/* Tests of core/mv-igvm: basic.igvm (written by Microsoft's igvm crate
 * 0.4.0) against that crate's own dump_igvm output, and files from
 * tests/igvm-writer with every header kind, both format versions, 2 MiB
 * pages, several platforms, overlaps and broken tables. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <mv-igvm.h>

#include "igvm-writer.h"
#include "mv-test-util.h"

#define PAGE 4096u

static const MvIgvmRun *
run_at (const MvIgvmFile *f,
        guint             i)
{
  g_assert_cmpuint (i, <, f->runs->len);
  return &g_array_index (f->runs, MvIgvmRun, i);
}

static guint
count_diagnostics (const MvIgvmFile     *f,
                   MvIgvmDiagnosticKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < f->diagnostics->len; i++)
    n += ((MvIgvmDiagnostic *) g_ptr_array_index (f->diagnostics, i))->kind == kind;
  return n;
}

static const MvIgvmDiagnostic *
find_diagnostic (const MvIgvmFile     *f,
                 MvIgvmDiagnosticKind  kind)
{
  for (guint i = 0; i < f->diagnostics->len; i++)
    {
      const MvIgvmDiagnostic *d = g_ptr_array_index (f->diagnostics, i);

      if (d->kind == kind)
        return d;
    }
  return NULL;
}

static MvIgvmFile *
read_bytes (GBytes          *bytes,
            MvIgvmReadFlags  flags,
            GError         **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return mv_igvm_read_data (data, len, flags, error);
}

/* ---- basic.igvm against dump_igvm ------------------------------------ */

typedef struct
{
  GString *text[3];
  guint    count[3];
  GArray  *page_offsets;   /* guint32: the page data's file offsets */
} Dump;

/* One header as igvm_c/sample/dump_igvm.c prints it with --hex 0, from
 * what the reader decoded. dump_igvm prints the headers the igvm C API
 * hands out, which it serializes again with every file offset 0: so
 * FileOffset is printed 0 here and the real offsets are checked apart. */
static void
dump_header (const MvIgvmHeader *h,
             gpointer            user_data)
{
  Dump *d = user_data;
  GString *s;
  const char *name = mv_igvm_header_type_name (h->type);

  g_assert_cmpint (h->section, <, 3);
  s = d->text[h->section];
  d->count[h->section]++;
  g_string_append_printf (s, "%s:\n", name != NULL ? name : "Unknown type");
  switch (h->type)
    {
    case MV_IGVM_VHT_SUPPORTED_PLATFORM:
      g_string_append_printf (s, "  CompatibilityMask: %08X\n  HighestVtl: %02X\n  PlatformType: %02X\n"
                              "  PlatformVersion: %04X\n  SharedGPABoundary: %" G_GINT64_MODIFIER "X\n",
                              h->mask, h->vtl, h->platform_type, h->platform_version, h->gpa);
      break;
    case MV_IGVM_VHT_GUEST_POLICY:
      g_string_append_printf (s, "  Policy: %016" G_GINT64_MODIFIER "X\n  CompatibilityMask: %08X\n"
                              "  Reserved: %08X\n", h->policy, h->mask, h->reserved);
      break;
    case MV_IGVM_VHT_PAGE_DATA:
      g_string_append_printf (s, "  GPA: %016" G_GINT64_MODIFIER "X\n  CompatibilityMask: %08X\n"
                              "  FileOffset: %08X\n  Flags: %08X\n  Reserved: %08X\n",
                              h->gpa, h->mask, 0, h->flags, h->reserved);
      g_array_append_val (d->page_offsets, h->file_offset);
      break;
    case MV_IGVM_VHT_PARAMETER_AREA:
      g_string_append_printf (s, "  NumberOfBytes: %016" G_GINT64_MODIFIER "X\n  ParameterAreaIndex: %08X\n"
                              "  FileOffset: %08X\n", h->size, h->index, 0);
      break;
    case MV_IGVM_VHT_PARAMETER_INSERT:
      g_string_append_printf (s, "  GPA: %016" G_GINT64_MODIFIER "X\n  CompatibilityMask: %08X\n"
                              "  ParameterAreaIndex: %08X\n", h->gpa, h->mask, h->index);
      break;
    case MV_IGVM_VHT_VP_CONTEXT:
      g_string_append_printf (s, "  GPA: %016" G_GINT64_MODIFIER "X\n  CompatibilityMask: %08X\n"
                              "  FileOffset: %08X\n  VPIndex: %04X\n  Reserved: %04X\n",
                              h->gpa, h->mask, 0, h->vp_index, h->reserved);
      break;
    case MV_IGVM_VHT_REQUIRED_MEMORY:
      g_string_append_printf (s, "  GPA: %016" G_GINT64_MODIFIER "X\n  CompatibilityMask: %08X\n"
                              "  NumberOfBytes: %08X\n  Flags: %08X\n  Reserved: %08X\n",
                              h->gpa, h->mask, (guint32) h->size, h->flags, h->reserved);
      break;
    case MV_IGVM_VHT_VP_COUNT_PARAMETER:
    case MV_IGVM_VHT_SRAT:
    case MV_IGVM_VHT_MADT:
    case MV_IGVM_VHT_DEVICE_TREE:
    case MV_IGVM_VHT_MMIO_RANGES:
    case MV_IGVM_VHT_MEMORY_MAP:
    case MV_IGVM_VHT_COMMAND_LINE:
    case MV_IGVM_VHT_ENVIRONMENT_INFO_PARAMETER:
    case MV_IGVM_VHT_SLIT:
    case MV_IGVM_VHT_PPTT:
      g_string_append_printf (s, "  IGVM_VHS_PARAMETER:\n    ParameterPageIndex: %08X\n"
                              "    ByteOffset: %08X\n\n", h->index, h->byte_offset);
      break;
    default:
      g_assert_not_reached ();
    }
  g_string_append (s, "\n");
  /* The file data the C API hands out beside the header. */
  if (h->type == MV_IGVM_VHT_PAGE_DATA && h->file_offset != 0)
    g_string_append_printf (s, "Got %u bytes of file data:\n", (h->flags & 1) ? 2 * 1024 * 1024 : PAGE);
  if (h->type == MV_IGVM_VHT_PARAMETER_AREA && h->file_offset != 0)
    g_string_append_printf (s, "Got %u bytes of file data:\n", (guint) h->size);
}

static void
test_basic_dump (void)
{
  static const char *const sections[] = { "platform", "initialization", "directive" };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "igvm", "basic.igvm", NULL);
  g_autofree char *dump_path = g_test_build_filename (G_TEST_DIST, "data", "igvm", "basic.dump.txt", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvSource) source = mv_source_new_for_path (path, &error);
  g_autoptr(MvIgvmFile) file = NULL;
  g_auto(GStrv) want_lines = NULL;
  g_auto(GStrv) got_lines = NULL;
  Dump d = { { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) }, { 0 },
             g_array_new (FALSE, FALSE, sizeof (guint32)) };

  g_assert_no_error (error);
  file = mv_igvm_read (source, MV_IGVM_READ_DEFAULT, dump_header, &d, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dump_path, &expected, NULL, &error));

  for (guint i = 0; i < 3; i++)
    {
      g_string_append_printf (got, "----------------------------------------------------------\n"
                              "%s count = %u\n\n%s", sections[i], d.count[i], d.text[i]->str);
      g_string_free (d.text[i], TRUE);
    }
  want_lines = g_strsplit (expected, "\n", -1);
  got_lines = g_strsplit (got->str, "\n", -1);
  for (guint i = 0; want_lines[i] != NULL || got_lines[i] != NULL; i++)
    {
      if (g_strcmp0 (want_lines[i], got_lines[i]) != 0)
        g_error ("basic.dump.txt line %u: dump_igvm says \"%s\", memviz read \"%s\"",
                 i + 1, want_lines[i] ? want_lines[i] : "(end)", got_lines[i] ? got_lines[i] : "(end)");
      if (want_lines[i] == NULL || got_lines[i] == NULL)
        break;
    }
  g_assert_cmpuint (d.count[2], ==, 11);

  /* The real file offsets: the data follows the header table, and the
   * crate writes equal pages once (0x01 .. 0x04 twice over). */
  g_assert_cmpuint (d.page_offsets->len, ==, 8);
  for (guint i = 0; i < d.page_offsets->len; i++)
    g_assert_cmphex (g_array_index (d.page_offsets, guint32, i), ==, 0x1a0 + (i % 4) * PAGE);
  g_array_unref (d.page_offsets);
}

static void
test_basic_model (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "igvm", "basic.igvm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvIgvmFile) f = mv_igvm_read_path (path, MV_IGVM_READ_CRC, &error);
  static const struct { guint64 start, end; } runs[] = {
    { 0x0, 0x3000 }, { 0x4000, 0x5000 }, { 0xa000, 0xd000 }, { 0xe000, 0xf000 }, { 0x14000, 0x15000 },
  };
  const MvIgvmPlatform *p;
  const MvIgvmParameterArea *area;

  g_assert_no_error (error);
  g_assert_cmpuint (f->format_version, ==, 1);
  g_assert_cmphex (f->checksum, ==, 0x2364c520);
  g_assert_cmphex (f->total_file_size, ==, 0x41a0);
  g_assert_cmpuint (f->platforms->len, ==, 1);
  p = mv_igvm_file_platform (f, 1);
  g_assert_nonnull (p);
  g_assert_cmpstr (mv_igvm_platform_type_name (p->type), ==, "vsm_isolation");
  g_assert_cmpuint (f->n_page_headers, ==, 8);
  g_assert_cmpuint (f->runs->len, ==, G_N_ELEMENTS (runs));
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      const MvIgvmRun *r = run_at (f, i);

      g_assert_cmphex (r->range.start, ==, runs[i].start);
      g_assert_cmphex (r->range.end, ==, runs[i].end);
      g_assert_cmphex (r->mask, ==, 1);
      g_assert_false (r->unmeasured || r->shared || r->large);
    }
  g_assert_cmpint (run_at (f, 4)->kind, ==, MV_IGVM_PAGE_PARAMETER);
  g_assert_true (run_at (f, 4)->zero);
  g_assert_cmpint (run_at (f, 0)->kind, ==, MV_IGVM_PAGE_NORMAL);
  g_assert_false (run_at (f, 0)->zero);
  g_assert_cmpuint (run_at (f, 0)->n_headers, ==, 3);
  /* Each page of basic.igvm is 4096 bytes of 0x01 .. 0x04 in turn. */
  g_assert_true (run_at (f, 0)->has_preview);
  g_assert_cmpuint (run_at (f, 0)->preview[0], ==, 1);
  g_assert_true (run_at (f, 0)->has_crc);
  {
    g_autofree guint8 *pages = g_malloc (3 * PAGE);

    for (guint i = 0; i < 3; i++)
      memset (pages + i * PAGE, (int) (i + 1), PAGE);
    g_assert_cmphex (run_at (f, 0)->data_crc32, ==, crc32 (0, pages, 3 * PAGE));
  }

  g_assert_cmpuint (f->parameter_areas->len, ==, 1);
  area = &g_array_index (f->parameter_areas, MvIgvmParameterArea, 0);
  g_assert_cmpuint (area->index, ==, 0);
  g_assert_cmphex (area->number_of_bytes, ==, 0x1000);
  g_assert_cmpuint (area->n_usages, ==, 1);
  g_assert_cmpuint (area->n_inserts, ==, 1);
  g_assert_cmpuint (f->parameter_usages->len, ==, 1);
  g_assert_cmphex (g_array_index (f->parameter_usages, MvIgvmParameterUsage, 0).type, ==,
                   MV_IGVM_VHT_VP_COUNT_PARAMETER);
  g_assert_cmpuint (f->headers->len, ==, 6);
  g_assert_cmpuint (f->diagnostics->len, ==, 0);
}

/* ---- files from the writer -------------------------------------------- */

/* Every header kind for three platforms: VSM (0x1), SEV-SNP (0x2), TDX
 * (0x4), and a native one (0x8). */
static MvIgvmWriter *
every_header (guint32 version)
{
  MvIgvmWriter *w = mv_igvm_writer_new (version, 0, PAGE);
  guint8 page[PAGE];
  guint8 vmsa[PAGE] = { 0 };
  guint8 native[PAGE] = { 0 };
  guint8 vbs[4 + 2 * 32] = { 0 };
  guint8 unknown[12] = { 1, 2, 3 };

  memset (page, 0xab, sizeof page);
  mv_igvm_writer_platform (w, 0x1, MV_IGVM_PLATFORM_VSM_ISOLATION, 1, 2, 0);
  mv_igvm_writer_platform (w, 0x2, MV_IGVM_PLATFORM_SEV_SNP, 1, 2, 0x8000000000);
  mv_igvm_writer_platform (w, 0x4, MV_IGVM_PLATFORM_TDX, 1, 0, 0x400000000000);
  mv_igvm_writer_platform (w, 0x8, MV_IGVM_PLATFORM_NATIVE, 1, 0, 0);
  mv_igvm_writer_guest_policy (w, 0x30000, 0x2);
  mv_igvm_writer_relocatable_region (w, 0x1, 0x200000, 0x800000, 0x400000, 0x200000, 0x40000000);
  mv_igvm_writer_page_table_relocation (w, 0x1, 0x100000, 0x10000, 0x3000);
  mv_igvm_writer_raw (w, 0x1FF | MV_IGVM_VHT_OPTIONAL_BIT, unknown, sizeof unknown);

  /* Page data: one run of three pages for all platforms, a zero page, an
   * unmeasured, a shared, secrets and CPUID pages, 2 MiB pages. */
  for (guint i = 0; i < 3; i++)
    mv_igvm_writer_page (w, 0x1000 + i * PAGE, 0xf, 0, 0, page, sizeof page);
  mv_igvm_writer_page (w, 0x4000, 0xf, 0, 0, NULL, 0);
  mv_igvm_writer_page (w, 0x5000, 0x1, MV_IGVM_PAGE_UNMEASURED, 0, page, sizeof page);
  mv_igvm_writer_page (w, 0x6000, 0x2, MV_IGVM_PAGE_SHARED, 0, NULL, 0);
  mv_igvm_writer_page (w, 0x7000, 0x2, 0, 1, NULL, 0);   /* secrets */
  mv_igvm_writer_page (w, 0x8000, 0x2, 0, 2, NULL, 0);   /* cpuid_data */
  mv_igvm_writer_page (w, 0x9000, 0x2, 0, 3, NULL, 0);   /* cpuid_xf */
  mv_igvm_writer_page (w, 0x200000, 0x4, MV_IGVM_PAGE_2MB, 0, NULL, 0);
  mv_igvm_writer_page (w, 0x400000, 0x4, MV_IGVM_PAGE_2MB, 0, NULL, 0);

  mv_igvm_writer_parameter_area (w, 0, 0x2000, NULL);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_VP_COUNT_PARAMETER, 0, 0);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_MEMORY_MAP, 0, 0x8);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_COMMAND_LINE, 0, 0x1000);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_MADT, 0, 0x1100);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_SRAT, 0, 0x1200);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_SLIT, 0, 0x1300);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_PPTT, 0, 0x1400);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_DEVICE_TREE, 0, 0x1500);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_MMIO_RANGES, 0, 0x1600);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_ENVIRONMENT_INFO_PARAMETER, 0, 0x1700);
  mv_igvm_writer_parameter_insert (w, 0x20000, 0x1, 0);
  mv_igvm_writer_parameter_area (w, 1, 0x1000, page);   /* initial data, never inserted */

  /* The VMSA: RIP, CR3, EFER, SEV features, VMPL and CS. */
  mv_igvm_put64 (vmsa + 0x178, 0xfffff000);
  mv_igvm_put64 (vmsa + 0x150, 0x100000);
  mv_igvm_put64 (vmsa + 0xd0, 0x1500);
  mv_igvm_put64 (vmsa + 0x3b0, 0x1);
  vmsa[0xca] = 0;
  mv_igvm_put32 (vmsa + 0x10, 0x9b0008);   /* cs: selector 8, attributes 0x9b */
  mv_igvm_put32 (vmsa + 0x14, 0xffffffff);
  mv_igvm_writer_vp_context (w, 0x30000, 0x2, 0, vmsa, sizeof vmsa);
  /* VBS: two registers, RIP and CR0, at VTL 2. */
  mv_igvm_put32 (vbs, 2);
  vbs[4] = 2;
  mv_igvm_put32 (vbs + 5, 0x00020010);
  mv_igvm_put64 (vbs + 4 + 16, 0x7000);
  vbs[36] = 2;
  mv_igvm_put32 (vbs + 37, 0x00040000);
  mv_igvm_put64 (vbs + 36 + 16, 0x80000011);
  mv_igvm_writer_vp_context (w, 0, 0x1, 0, vbs, sizeof vbs);
  mv_igvm_put64 (native + 128, 0x100000);   /* rip */
  mv_igvm_put64 (native + 224, 0xd01);      /* efer */
  mv_igvm_writer_vp_context (w, 0, 0x8, 0, native, sizeof native);

  mv_igvm_writer_required_memory (w, 0x1000000, 0x1, 0x200000, 1);
  mv_igvm_writer_error_range (w, 0x2000000, 0x1, 0x1000);
  mv_igvm_writer_snp_id_block (w, 0x2, 3, 7);
  mv_igvm_writer_raw (w, 0x3F0 | MV_IGVM_VHT_OPTIONAL_BIT, unknown, 4);
  return w;
}

static void
test_every_header (gconstpointer data)
{
  guint32 version = GPOINTER_TO_UINT (data);
  g_autoptr(MvIgvmWriter) w = every_header (version);
  g_autoptr(GBytes) bytes = mv_igvm_writer_finish (w, MV_IGVM_WRITER_DEFAULT);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvIgvmFile) f = read_bytes (bytes, MV_IGVM_READ_DEFAULT, &error);
  const MvIgvmVpContext *vp;
  const MvIgvmRequiredMemory *req;
  guint n_parameter = 0, n_vmsa = 0, n_large = 0;
  gboolean kinds[MV_IGVM_PAGE_VMSA + 1] = { FALSE };

  g_assert_no_error (error);
  g_assert_cmpuint (f->format_version, ==, version);
  g_assert_cmpuint (f->platforms->len, ==, 4);
  g_assert_cmpstr (mv_igvm_platform_type_name (mv_igvm_file_platform (f, 2)->type), ==, "sev_snp");
  g_assert_cmpstr (mv_igvm_platform_type_name (mv_igvm_file_platform (f, 4)->type), ==, "tdx");
  g_assert_cmphex (mv_igvm_file_platform (f, 4)->shared_gpa_boundary, ==, 0x400000000000);
  g_assert_cmpuint (mv_igvm_file_platform (f, 1)->highest_vtl, ==, 2);
  g_assert_cmpuint (f->n_page_headers, ==, 11);

  /* The first run: three data pages and not the zero page after them. */
  g_assert_cmphex (run_at (f, 0)->range.start, ==, 0x1000);
  g_assert_cmphex (run_at (f, 0)->range.end, ==, 0x4000);
  g_assert_cmphex (run_at (f, 0)->mask, ==, 0xf);
  g_assert_cmphex (run_at (f, 1)->range.start, ==, 0x4000);
  g_assert_true (run_at (f, 1)->zero);
  for (guint i = 0; i < f->runs->len; i++)
    {
      const MvIgvmRun *r = run_at (f, i);

      kinds[r->kind] = TRUE;
      n_parameter += r->kind == MV_IGVM_PAGE_PARAMETER;
      n_vmsa += r->kind == MV_IGVM_PAGE_VMSA;
      if (r->large)
        {
          n_large++;
          g_assert_cmphex (r->range.start, ==, 0x200000);
          g_assert_cmphex (r->range.end, ==, 0x600000);   /* two 2 MiB pages, one run */
        }
      if (r->range.start == 0x5000)
        g_assert_true (r->unmeasured && !r->zero);
      if (r->range.start == 0x6000)
        g_assert_true (r->shared && r->zero);
      if (r->kind == MV_IGVM_PAGE_PARAMETER)
        {
          g_assert_cmphex (r->range.start, ==, 0x20000);
          g_assert_cmphex (r->range.end, ==, 0x22000);
        }
      if (r->kind == MV_IGVM_PAGE_VMSA)
        g_assert_cmphex (r->range.start, ==, 0x30000);
    }
  for (guint k = 0; k <= MV_IGVM_PAGE_VMSA; k++)
    g_assert_true (kinds[k]);
  g_assert_cmpuint (n_parameter, ==, 1);
  g_assert_cmpuint (n_vmsa, ==, 1);
  g_assert_cmpuint (n_large, ==, 1);

  g_assert_cmpuint (f->parameter_areas->len, ==, 2);
  g_assert_cmpuint (g_array_index (f->parameter_areas, MvIgvmParameterArea, 0).n_usages, ==, 10);
  g_assert_cmpuint (f->parameter_usages->len, ==, 10);

  g_assert_cmpuint (f->vp_contexts->len, ==, 3);
  vp = g_ptr_array_index (f->vp_contexts, 0);
  g_assert_cmpint (vp->kind, ==, MV_IGVM_VP_SNP_VMSA);
  g_assert_cmphex (vp->gpa, ==, 0x30000);
  g_assert_cmphex (mv_igvm_vp_context_register (vp, "rip")->value, ==, 0xfffff000);
  g_assert_cmphex (mv_igvm_vp_context_register (vp, "cr3")->value, ==, 0x100000);
  g_assert_cmphex (mv_igvm_vp_context_register (vp, "efer")->value, ==, 0x1500);
  g_assert_cmphex (mv_igvm_vp_context_register (vp, "sev_features")->value, ==, 1);
  g_assert_cmphex (mv_igvm_vp_context_register (vp, "cs")->value_high, ==, 0xffffffff009b0008);
  vp = g_ptr_array_index (f->vp_contexts, 1);
  g_assert_cmpint (vp->kind, ==, MV_IGVM_VP_VBS);
  g_assert_cmpuint (vp->registers->len, ==, 2);
  g_assert_cmpstr (g_array_index (vp->registers, MvIgvmRegister, 0).name, ==, "rip");
  g_assert_cmpuint (g_array_index (vp->registers, MvIgvmRegister, 0).vtl, ==, 2);
  g_assert_cmphex (g_array_index (vp->registers, MvIgvmRegister, 0).value, ==, 0x7000);
  g_assert_cmphex (mv_igvm_vp_context_register (vp, "cr0")->value, ==, 0x80000011);
  vp = g_ptr_array_index (f->vp_contexts, 2);
  g_assert_cmpint (vp->kind, ==, MV_IGVM_VP_NATIVE_X64);
  g_assert_cmphex (mv_igvm_vp_context_register (vp, "rip")->value, ==, 0x100000);
  g_assert_cmphex (mv_igvm_vp_context_register (vp, "efer")->value, ==, 0xd01);

  g_assert_cmpuint (f->required_memory->len, ==, 1);
  req = &g_array_index (f->required_memory, MvIgvmRequiredMemory, 0);
  g_assert_cmphex (req->range.start, ==, 0x1000000);
  g_assert_cmphex (req->range.end, ==, 0x1200000);
  g_assert_true (req->vtl2_protectable);

  /* Headers kept: all but page data, the unknown optional ones by type. */
  {
    gboolean seen_unknown = FALSE, seen_snp = FALSE, seen_error = FALSE, seen_reloc = FALSE;

    for (guint i = 0; i < f->headers->len; i++)
      {
        const MvIgvmHeader *h = &g_array_index (f->headers, MvIgvmHeader, i);

        g_assert_cmphex (h->type, !=, MV_IGVM_VHT_PAGE_DATA);
        if (h->type == 0x1FF)
          {
            seen_unknown = TRUE;
            g_assert_true (h->optional && !h->known);
            g_assert_cmpuint (h->length, ==, 12);
            g_assert_cmpint (h->section, ==, MV_IGVM_SECTION_INITIALIZATION);
          }
        if (h->type == MV_IGVM_VHT_SNP_ID_BLOCK)
          {
            seen_snp = TRUE;
            g_assert_cmpuint (h->version, ==, 3);
            g_assert_cmpuint (h->svn, ==, 7);
          }
        if (h->type == MV_IGVM_VHT_ERROR_RANGE)
          {
            seen_error = TRUE;
            g_assert_cmphex (h->gpa, ==, 0x2000000);
            g_assert_cmphex (h->size, ==, 0x1000);
          }
        if (h->type == MV_IGVM_VHT_RELOCATABLE_REGION)
          {
            seen_reloc = TRUE;
            g_assert_cmphex (h->alignment, ==, 0x200000);
            g_assert_cmphex (h->maximum_gpa, ==, 0x40000000);
          }
      }
    g_assert_true (seen_unknown && seen_snp && seen_error && seen_reloc);
  }

  /* The one finding: parameter area 1 is never inserted. */
  g_assert_cmpuint (f->diagnostics->len, ==, 1);
  g_assert_cmpint (find_diagnostic (f, MV_IGVM_DIAG_NOT_INSERTED)->severity, ==, MV_SEVERITY_WARNING);
  g_assert_nonnull (strstr (find_diagnostic (f, MV_IGVM_DIAG_NOT_INSERTED)->message, "area 1"));
  g_assert_false (mv_igvm_diagnostics_have_errors (f));
}

static void
test_overlaps (void)
{
  g_autoptr(MvIgvmWriter) w = mv_igvm_writer_new (1, 0, PAGE);
  guint8 vmsa[PAGE] = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvIgvmFile) f = NULL;
  const MvIgvmDiagnostic *d;

  mv_igvm_writer_platform (w, 0x1, MV_IGVM_PLATFORM_SEV_SNP, 1, 0, 0);
  mv_igvm_writer_platform (w, 0x2, MV_IGVM_PLATFORM_TDX, 1, 0, 0);
  /* The same GPAs for two platforms: no overlap. */
  for (guint i = 0; i < 4; i++)
    mv_igvm_writer_page (w, 0x10000 + i * PAGE, 0x1, 0, 0, NULL, 0);
  for (guint i = 0; i < 4; i++)
    mv_igvm_writer_page (w, 0x10000 + i * PAGE, 0x2, 0, 0, NULL, 0);
  /* Two pages imported again for platform 1, touching: one diagnostic. */
  mv_igvm_writer_page (w, 0x11000, 0x1, MV_IGVM_PAGE_UNMEASURED, 0, NULL, 0);
  mv_igvm_writer_page (w, 0x12000, 0x1, MV_IGVM_PAGE_UNMEASURED, 0, NULL, 0);
  /* A VMSA page on a data page. */
  mv_igvm_writer_vp_context (w, 0x13000, 0x1, 0, vmsa, sizeof vmsa);
  bytes = mv_igvm_writer_finish (w, MV_IGVM_WRITER_DEFAULT);
  f = read_bytes (bytes, MV_IGVM_READ_DEFAULT, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_OVERLAP), ==, 1);
  d = find_diagnostic (f, MV_IGVM_DIAG_OVERLAP);
  g_assert_cmphex (d->mask, ==, 0x1);
  g_assert_true (d->has_range);
  g_assert_cmphex (d->range.start, ==, 0x11000);
  g_assert_cmphex (d->range.end, ==, 0x13000);
  g_assert_nonnull (strstr (d->message, "sev_snp"));
  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_VMSA_DATA), ==, 1);
  d = find_diagnostic (f, MV_IGVM_DIAG_VMSA_DATA);
  g_assert_cmphex (d->range.start, ==, 0x13000);
  g_assert_true (mv_igvm_diagnostics_have_errors (f));
}

static void
test_findings (void)
{
  g_autoptr(MvIgvmWriter) w = mv_igvm_writer_new (2, 0, PAGE);
  guint8 body[8] = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvIgvmFile) f = NULL;
  g_autoptr(MvLayout) layout = NULL;
  const MvRange mmio = { 0xF8000000, 0x100000000 };
  const MvIgvmDiagnostic *d;

  mv_igvm_writer_platform (w, 0x1, MV_IGVM_PLATFORM_SEV_SNP, 1, 0, 0);
  mv_igvm_writer_page (w, 0x1800, 0x1, 0, 0, NULL, 0);                  /* unaligned */
  mv_igvm_writer_page (w, 0x300000, 0x1, MV_IGVM_PAGE_2MB, 0, NULL, 0); /* not 2 MiB aligned */
  mv_igvm_writer_page (w, 0xF8000000, 0x1, 0, 0, NULL, 0);              /* in the MMIO gap */
  mv_igvm_writer_page (w, 0x200000000, 0x1, 0, 0, NULL, 0);             /* past 4 GiB of RAM */
  mv_igvm_writer_page (w, 0x5000, 0x10, 0, 0, NULL, 0);                 /* no such platform */
  mv_igvm_writer_parameter_insert (w, 0x6000, 0x1, 9);                  /* no such area */
  mv_igvm_writer_raw (w, 0x3F0, body, sizeof body);                     /* unknown, required */
  mv_igvm_writer_vp_context (w, 0, 0x20, 0, body, sizeof body);         /* no platform: not read */
  bytes = mv_igvm_writer_finish (w, MV_IGVM_WRITER_DEFAULT);
  f = read_bytes (bytes, MV_IGVM_READ_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->format_version, ==, 2);

  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_UNALIGNED), ==, 2);
  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_UNKNOWN_MASK), ==, 2);
  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_UNKNOWN_AREA), ==, 1);
  g_assert_cmpuint (f->vp_contexts->len, ==, 1);
  g_assert_cmpint (((MvIgvmVpContext *) g_ptr_array_index (f->vp_contexts, 0))->kind, ==, MV_IGVM_VP_UNKNOWN);
  g_assert_cmpuint (((MvIgvmVpContext *) g_ptr_array_index (f->vp_contexts, 0))->registers->len, ==, 0);
  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_UNKNOWN_REQUIRED), ==, 1);
  d = find_diagnostic (f, MV_IGVM_DIAG_UNKNOWN_REQUIRED);
  g_assert_cmpint (d->severity, ==, MV_SEVERITY_ERROR);
  g_assert_nonnull (strstr (d->message, "0x3f0"));
  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_IN_MMIO), ==, 0);

  layout = mv_layout_new (4ull << 30, &mmio, 1, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  mv_igvm_diagnose (f, layout);
  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_IN_MMIO), ==, 1);
  g_assert_cmphex (find_diagnostic (f, MV_IGVM_DIAG_IN_MMIO)->range.start, ==, 0xF8000000);
  /* 4 GiB of RAM around a 128 MiB gap ends at 0x108000000. */
  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_OUTSIDE_RAM), ==, 1);
  g_assert_cmphex (find_diagnostic (f, MV_IGVM_DIAG_OUTSIDE_RAM)->range.start, ==, 0x200000000);
  /* The walk's findings stay. */
  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_UNALIGNED), ==, 2);
  mv_igvm_diagnose (f, NULL);
  g_assert_cmpuint (count_diagnostics (f, MV_IGVM_DIAG_IN_MMIO), ==, 0);
}

/* ---- broken files ----------------------------------------------------- */

typedef enum
{
  BREAK_CHECKSUM,
  BREAK_MAGIC,
  BREAK_VERSION,
  BREAK_PAGE_SIZE,
  BREAK_ARCH,
  BREAK_TRUNCATED,
  BREAK_LONGER,
  BREAK_TABLE_PAST_FILE,
  BREAK_HEADER_LENGTH,
  BREAK_LOOP,
  BREAK_DATA_PAST_FILE,
  BREAK_ORDER,
  BREAK_KNOWN_LENGTH,
  BREAK_EMPTY,
} Break;

typedef struct
{
  const char *name;
  Break       how;
  int         code;
  const char *words;   /* in the message */
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "checksum", BREAK_CHECKSUM, MV_IGVM_ERROR_CHECKSUM, "checksum does not match" },
  { "magic", BREAK_MAGIC, MV_IGVM_ERROR_MAGIC, "not an IGVM file" },
  { "version", BREAK_VERSION, MV_IGVM_ERROR_VERSION, "version 3" },
  { "page-size", BREAK_PAGE_SIZE, MV_IGVM_ERROR_FIXED_HEADER, "page size 0x2000 at offset 0x1c" },
  { "arch", BREAK_ARCH, MV_IGVM_ERROR_FIXED_HEADER, "architecture 7 at offset 0x18" },
  /* Cut 100 bytes short: it does not end at the declared last byte. */
  { "truncated", BREAK_TRUNCATED, MV_IGVM_ERROR_TRUNCATED, "truncated: it ends before the last byte" },
  { "longer", BREAK_LONGER, MV_IGVM_ERROR_SIZE, "goes on past offset" },
  { "table-past-file", BREAK_TABLE_PAST_FILE, MV_IGVM_ERROR_SIZE, "does not fit" },
  { "header-length", BREAK_HEADER_LENGTH, MV_IGVM_ERROR_SIZE, "past the end of the header table" },
  { "loop", BREAK_LOOP, MV_IGVM_ERROR_LOOP, "back into the headers" },
  { "data-past-file", BREAK_DATA_PAST_FILE, MV_IGVM_ERROR_SIZE, "past the end of the" },
  { "order", BREAK_ORDER, MV_IGVM_ERROR_ORDER, "comes after a directive header" },
  { "known-length", BREAK_KNOWN_LENGTH, MV_IGVM_ERROR_HEADER, "IGVM_VHT_PARAMETER_INSERT header at offset" },
  { "empty", BREAK_EMPTY, MV_IGVM_ERROR_TRUNCATED, "inside the fixed header" },
};

/* Rewrites the checksum of a file changed by hand. */
static void
fix_checksum (guint8 *p)
{
  guint32 fixed = p[4] == 2 ? 32 : 24;
  guint32 table_end = p[8] | p[9] << 8 | p[10] << 16 | (guint32) p[11] << 24;
  guint32 size = p[12] | p[13] << 8 | p[14] << 16 | (guint32) p[15] << 24;
  guint32 crc;

  table_end += size;
  memset (p + 20, 0, 4);
  crc = crc32 (0, p, fixed);
  crc = crc32 (crc, p + fixed, table_end - fixed);
  mv_igvm_put32 (p + 20, crc);
}

static void
test_broken (gconstpointer data)
{
  const BrokenCase *c = data;
  g_autoptr(MvIgvmWriter) w = mv_igvm_writer_new (c->how == BREAK_PAGE_SIZE || c->how == BREAK_ARCH ? 2 : 1, 0, PAGE);
  guint8 page[PAGE] = { 1 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GByteArray) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvIgvmFile) f = NULL;
  gsize len;
  const guint8 *p;
  guint32 first_page_header;

  mv_igvm_writer_platform (w, 0x1, MV_IGVM_PLATFORM_SEV_SNP, 1, 0, 0);
  if (c->how == BREAK_ORDER)
    mv_igvm_writer_page (w, 0x0, 0x1, 0, 0, NULL, 0);
  if (c->how == BREAK_ORDER)
    mv_igvm_writer_guest_policy (w, 0x30000, 0x1);
  mv_igvm_writer_page (w, 0x1000, 0x1, 0, 0, page, sizeof page);
  if (c->how == BREAK_KNOWN_LENGTH)
    mv_igvm_writer_raw (w, MV_IGVM_VHT_PARAMETER_INSERT, page, 12);
  bytes = mv_igvm_writer_finish (w, c->how == BREAK_CHECKSUM ? MV_IGVM_WRITER_BREAK_CHECKSUM : 0);
  p = g_bytes_get_data (bytes, &len);
  file = g_byte_array_new ();
  g_byte_array_append (file, p, (guint) len);
  first_page_header = (p[4] == 2 ? 32 : 24) + 24;   /* after the platform header */

  switch (c->how)
    {
    case BREAK_MAGIC: file->data[0] = 'X'; break;
    case BREAK_VERSION: file->data[4] = 3; break;
    case BREAK_PAGE_SIZE: mv_igvm_put32 (file->data + 28, 0x2000); break;
    case BREAK_ARCH: mv_igvm_put32 (file->data + 24, 7); break;
    case BREAK_TRUNCATED: g_byte_array_set_size (file, file->len - 100); break;
    case BREAK_LONGER: g_byte_array_append (file, page, 10); break;
    case BREAK_TABLE_PAST_FILE: mv_igvm_put32 (file->data + 12, 0x100000); break;
    case BREAK_HEADER_LENGTH: mv_igvm_put32 (file->data + first_page_header + 4, 0x1000); break;
    case BREAK_LOOP: mv_igvm_put32 (file->data + first_page_header + 8 + 12, 0x20); break;
    case BREAK_DATA_PAST_FILE: mv_igvm_put32 (file->data + first_page_header + 8 + 12, (guint32) len - 100); break;
    case BREAK_EMPTY: g_byte_array_set_size (file, 10); break;
    default: break;
    }
  if (c->how != BREAK_CHECKSUM && c->how != BREAK_EMPTY && c->how != BREAK_TRUNCATED &&
      c->how != BREAK_TABLE_PAST_FILE)
    fix_checksum (file->data);

  f = mv_igvm_read_data (file->data, file->len, MV_IGVM_READ_CRC, &error);
  g_assert_null (f);
  g_assert_error (error, MV_IGVM_ERROR, c->code);
  if (strstr (error->message, c->words) == NULL)
    g_error ("%s: \"%s\" lacks \"%s\"", c->name, error->message, c->words);
  g_assert_nonnull (strstr (error->message, "0x"));
  if (c->how == BREAK_CHECKSUM)
    {
      /* Both values: the one computed and the one stored (one more). */
      guint32 stored = p[20] | p[21] << 8 | p[22] << 16 | (guint32) p[23] << 24;
      g_autofree char *computed = g_strdup_printf ("0x%08x", stored - 1);
      g_autofree char *says = g_strdup_printf ("0x%08x", stored);

      g_assert_nonnull (strstr (error->message, computed));
      g_assert_nonnull (strstr (error->message, says));
    }
}

/* A header that does not parse in a file whose checksum is wrong is
 * reported as the checksum: the file is damaged. */
static void
test_damaged (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "igvm", "basic.igvm", NULL);
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(MvIgvmFile) f = NULL;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  data[0x18 + 4] = 0x40;   /* the platform header's length */
  f = mv_igvm_read_data ((const guint8 *) data, len, MV_IGVM_READ_DEFAULT, &error);
  g_assert_null (f);
  g_assert_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_CHECKSUM);
  g_assert_nonnull (strstr (error->message, "0x2364c520"));
}

/* Every prefix of a valid file is refused with an error, none crashes. */
static void
test_prefixes (void)
{
  g_autoptr(MvIgvmWriter) w = every_header (2);
  g_autoptr(GBytes) bytes = mv_igvm_writer_finish (w, MV_IGVM_WRITER_DEFAULT);
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);

  for (gsize n = 0; n < len; n += n < 2048 ? 1 : 997)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MvIgvmFile) f = mv_igvm_read_data (p, n, MV_IGVM_READ_CRC, &error);

      g_assert_null (f);
      g_assert_nonnull (error);
    }
}

typedef struct
{
  guint calls;
  guint cancel_at;
} Progress;

static gboolean
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (done, <=, total);
  return ++p->calls != p->cancel_at;
}

/* A file on disk through an fd; the runs' CRCs; progress and cancel. */
static void
test_fd_crc_progress (void)
{
  g_autoptr(MvIgvmWriter) w = mv_igvm_writer_new (1, 0, PAGE);
  g_autofree char *path = g_build_filename (test_tmp_dir (), "many.igvm", NULL);
  g_autofree guint8 *all = g_malloc (1024 * PAGE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvIgvmFile) f = NULL;
  Progress progress = { 0, 0 };
  int fd;

  mv_igvm_writer_platform (w, 0x1, MV_IGVM_PLATFORM_SEV_SNP, 1, 0, 0);
  for (guint i = 0; i < 1024; i++)
    {
      memset (all + (gsize) i * PAGE, (int) (i * 7), PAGE);
      mv_igvm_writer_page (w, 0x100000 + (guint64) i * PAGE, 0x1, 0, 0, all + (gsize) i * PAGE, PAGE);
    }
  g_assert_true (mv_igvm_writer_save (w, 0, path, &error));

  fd = open (path, O_RDONLY);
  g_assert_cmpint (fd, >=, 0);
  {
    g_autoptr(MvSource) source = mv_source_new_for_fd (fd, TRUE);

    f = mv_igvm_read (source, MV_IGVM_READ_CRC, NULL, NULL, on_progress, &progress, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (f->runs->len, ==, 1);
  g_assert_cmpuint (run_at (f, 0)->n_headers, ==, 1024);
  g_assert_cmphex (run_at (f, 0)->range.end, ==, 0x100000 + 1024 * PAGE);
  g_assert_true (run_at (f, 0)->has_crc);
  g_assert_cmphex (run_at (f, 0)->data_crc32, ==, crc32 (0, all, 1024 * PAGE));
  g_assert_cmpuint (progress.calls, >, 1);

  /* Cancelled at the second report. */
  {
    g_autoptr(MvSource) source = mv_source_new_for_path (path, &error);
    g_autoptr(MvIgvmFile) none = NULL;

    g_assert_no_error (error);
    progress.calls = 0;
    progress.cancel_at = 2;
    none = mv_igvm_read (source, MV_IGVM_READ_CRC, NULL, NULL, on_progress, &progress, &error);
    g_assert_null (none);
    g_assert_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_CANCELLED);
  }
}

static void
test_names (void)
{
  g_assert_cmpstr (mv_igvm_platform_type_name (MV_IGVM_PLATFORM_VSM_ISOLATION), ==, "vsm_isolation");
  g_assert_cmpstr (mv_igvm_platform_type_name (MV_IGVM_PLATFORM_SEV_SNP), ==, "sev_snp");
  g_assert_cmpstr (mv_igvm_platform_type_name (MV_IGVM_PLATFORM_TDX), ==, "tdx");
  g_assert_cmpstr (mv_igvm_platform_type_name (0x7f), ==, "unknown");
  g_assert_cmpstr (mv_igvm_page_kind_name (MV_IGVM_PAGE_CPUID_XF), ==, "cpuid_xf");
  g_assert_cmpstr (mv_igvm_header_type_name (MV_IGVM_VHT_PAGE_DATA | MV_IGVM_VHT_OPTIONAL_BIT), ==,
                   "IGVM_VHT_PAGE_DATA");
  g_assert_null (mv_igvm_header_type_name (0x3F0));
  g_assert_cmpstr (mv_igvm_error_name (MV_IGVM_ERROR_CHECKSUM), ==, "InvalidChecksum");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/igvm/names", test_names);
  g_test_add_func ("/igvm/basic/dump", test_basic_dump);
  g_test_add_func ("/igvm/basic/model", test_basic_model);
  g_test_add_data_func ("/igvm/writer/every-header/v1", GUINT_TO_POINTER (1), test_every_header);
  g_test_add_data_func ("/igvm/writer/every-header/v2", GUINT_TO_POINTER (2), test_every_header);
  g_test_add_func ("/igvm/writer/overlaps", test_overlaps);
  g_test_add_func ("/igvm/writer/findings", test_findings);
  g_test_add_func ("/igvm/writer/fd-crc-progress", test_fd_crc_progress);
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/igvm/broken/%s", broken_cases[i].name);

      g_test_add_data_func (name, &broken_cases[i], test_broken);
    }
  g_test_add_func ("/igvm/broken/damaged", test_damaged);
  g_test_add_func ("/igvm/broken/prefixes", test_prefixes);
  return g_test_run ();
}
