/* SPDX-License-Identifier: MIT */
/* Fuzz target: mv_igvm_read over the input as an IGVM file, in memory.
 * The input is the file itself (seeds: corpus/igvm/, written by
 * make-seeds.py). Either it is refused with an MV_IGVM_ERROR whose
 * message names an offset, or what was read holds together: the runs are
 * sorted, non-empty and whole pages; a parameter run names a declared area;
 * every VP context has its registers; reading again with CRCs gives the
 * same runs; every diagnostic is one sentence; diagnosing over a layout
 * adds only layout findings. Each input is read twice: as it is, and with
 * its checksum made right, so that mutations reach the header walk. */
#include "mv-fuzz.h"

#include <string.h>
#include <zlib.h>

#include "mv-igvm.h"

static void
check_file (const MvIgvmFile *f,
            gsize             size)
{
  MV_FUZZ_CHECK (f->total_file_size == size);
  MV_FUZZ_CHECK (f->format_version == 1 || f->format_version == 2);
  for (guint i = 0; i < f->runs->len; i++)
    {
      const MvIgvmRun *r = &g_array_index (f->runs, MvIgvmRun, i);

      MV_FUZZ_CHECK (r->range.start < r->range.end);
      MV_FUZZ_CHECK ((r->range.end - r->range.start) % 4096 == 0);
      MV_FUZZ_CHECK (r->n_headers >= 1);
      MV_FUZZ_CHECK (r->kind <= MV_IGVM_PAGE_VMSA);
      MV_FUZZ_CHECK (r->zero == (r->file_offset == 0));
      if (i > 0)
        MV_FUZZ_CHECK (g_array_index (f->runs, MvIgvmRun, i - 1).range.start <= r->range.start);
      if (r->kind == MV_IGVM_PAGE_PARAMETER)
        {
          gboolean found = FALSE;

          for (guint j = 0; j < f->parameter_areas->len; j++)
            found |= g_array_index (f->parameter_areas, MvIgvmParameterArea, j).index == r->parameter_area;
          MV_FUZZ_CHECK (found);
        }
    }
  for (guint i = 0; i < f->vp_contexts->len; i++)
    {
      const MvIgvmVpContext *vp = g_ptr_array_index (f->vp_contexts, i);

      MV_FUZZ_CHECK (vp->registers != NULL);
      MV_FUZZ_CHECK (vp->file_offset != 0 || vp->registers->len == 0);
    }
  for (guint i = 0; i < f->diagnostics->len; i++)
    {
      const MvIgvmDiagnostic *d = g_ptr_array_index (f->diagnostics, i);

      MV_FUZZ_CHECK (d->message != NULL && d->message[0] != '\0');
      MV_FUZZ_CHECK (g_str_has_suffix (d->message, "."));
    }
}

static guint32
le32 (const guint8 *p)
{
  return p[0] | p[1] << 8 | p[2] << 16 | (guint32) p[3] << 24;
}

static void read_one (const uint8_t *data,
                      size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  mv_fuzz_setup ();
  read_one (data, size);
  if (size >= 32)
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);
      guint32 fixed = le32 (copy + 4) == 2 ? 32 : 24;
      guint64 end = (guint64) le32 (copy + 8) + le32 (copy + 12);
      guint32 crc;

      if (le32 (copy + 8) < fixed || end > size)
        return 0;
      memset (copy + 20, 0, 4);
      crc = crc32 (0, copy, fixed);
      crc = crc32 (crc, copy + le32 (copy + 8), (uInt) (end - le32 (copy + 8)));
      copy[20] = crc & 0xff;
      copy[21] = (crc >> 8) & 0xff;
      copy[22] = (crc >> 16) & 0xff;
      copy[23] = crc >> 24;
      read_one (copy, size);
    }
  return 0;
}

static void
read_one (const uint8_t *data,
          size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvIgvmFile) f = NULL;
  g_autoptr(MvIgvmFile) again = NULL;
  g_autoptr(MvLayout) layout = NULL;
  const MvRange mmio = { 0xF8000000, 0x100000000 };
  guint before;

  f = mv_igvm_read_data (data, size, MV_IGVM_READ_DEFAULT, &error);
  if (f == NULL)
    {
      MV_FUZZ_CHECK (error != NULL && error->domain == MV_IGVM_ERROR);
      MV_FUZZ_CHECK (strstr (error->message, "0x") != NULL || error->code == MV_IGVM_ERROR_VERSION);
      return;
    }
  MV_FUZZ_CHECK (error == NULL);
  check_file (f, size);

  again = mv_igvm_read_data (data, size, MV_IGVM_READ_CRC, &error);
  MV_FUZZ_CHECK (again != NULL);
  MV_FUZZ_CHECK (again->runs->len == f->runs->len);
  for (guint i = 0; i < f->runs->len; i++)
    {
      const MvIgvmRun *a = &g_array_index (f->runs, MvIgvmRun, i);
      const MvIgvmRun *b = &g_array_index (again->runs, MvIgvmRun, i);

      MV_FUZZ_CHECK (a->range.start == b->range.start && a->range.end == b->range.end);
      MV_FUZZ_CHECK (b->has_crc == !b->zero || b->kind == MV_IGVM_PAGE_VMSA);
    }

  before = f->diagnostics->len;
  layout = mv_layout_new (4ull << 30, &mmio, 1, NULL, 0, NULL, 0, NULL, &error);
  MV_FUZZ_CHECK (layout != NULL);
  mv_igvm_diagnose (f, layout);
  MV_FUZZ_CHECK (f->diagnostics->len >= before);
  for (guint i = 0; i < f->diagnostics->len; i++)
    {
      const MvIgvmDiagnostic *d = g_ptr_array_index (f->diagnostics, i);

      if (d->kind == MV_IGVM_DIAG_IN_MMIO)
        MV_FUZZ_CHECK (d->has_range && d->range.start < mmio.end && mmio.start < d->range.end);
    }
  check_file (f, size);
}
