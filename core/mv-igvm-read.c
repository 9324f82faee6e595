/* SPDX-License-Identifier: MIT */
/* IGVM files: the walk. The fixed header, then the variable headers in
 * order, each once, through a 64 KiB window (their CRC-32 computed on the
 * way), then the file data that VP contexts, previews and CRCs need, in
 * file order. Nothing is held per page but, with MV_IGVM_READ_CRC, one
 * small record per data page until the runs' CRCs are combined. */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "mv-igvm.h"
#include "mv-igvm-private.h"

#define le32 _mv_igvm_le32
#define le64 _mv_igvm_le64

#define WINDOW          MV_IGVM_WINDOW
#define PAGE_4K         ((guint64) 4096)
#define PAGE_2M         ((guint64) 2 * 1024 * 1024)
#define FIXED_V1_SIZE   24u
#define FIXED_V2_SIZE   32u
#define MAX_HEADER_BODY 1024u  /* the largest known body: VBS measurement */
#define PROGRESS_STEP   ((guint64) 1024 * 1024)

typedef struct
{
  guint64 offset;      /* in the file */
  guint64 len;
  guint   run;         /* index in file->runs, or G_MAXUINT */
  guint   vp;          /* index in file->vp_contexts, or G_MAXUINT */
  guint64 ordinal;     /* the page's place in its run */
  guint32 crc;
  gboolean preview;    /* fill the run's preview */
} DataRequest;

typedef struct
{
  MvSource         *source;
  MvIgvmFile       *file;
  MvIgvmReadFlags   flags;
  MvIgvmHeaderFunc  func;
  gpointer          user_data;
  MvImportProgress  progress;
  gpointer          progress_data;
  guint64           last_progress;

  /* the header table's window */
  guint8  *buf;
  gsize    have;        /* bytes in buf */
  gsize    at;          /* next unread byte in buf */
  guint64  buf_offset;  /* file offset of buf[0] */
  guint64  table_end;   /* file offset of the table's end */
  guint64  data_start;  /* = table_end: where file data may begin */
  guint64  win_offset;  /* afterwards, buf holds the file data here */
  gsize    win_len;
  guint32  crc;

  MvIgvmSection stage;
  GHashTable   *last_run; /* mask -> run index + 1 */
  GArray       *requests; /* DataRequest */
  guint         findings_dropped[MV_IGVM_DIAG_OVERFLOW + 1];
} Walk;

static gboolean
report_progress (Walk    *w,
                 guint64  done,
                 GError **error)
{
  if (w->progress == NULL || done - w->last_progress < PROGRESS_STEP)
    return TRUE;
  w->last_progress = done;
  if (!w->progress (done, w->file->total_file_size, w->progress_data))
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_CANCELLED, "reading the IGVM file was cancelled");
      return FALSE;
    }
  return TRUE;
}

/* Reads up to @len bytes; fewer only at the end of the file. */
static gssize
read_some (MvSource *source,
           guint8   *buf,
           gsize     len,
           GError  **error)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = source->klass->read (source, buf + done, len - done, error);

      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += (gsize) n;
    }
  return (gssize) done;
}

gboolean
_mv_igvm_read_at (MvSource   *source,
                  guint64     offset,
                  guint8     *buf,
                  gsize       len,
                  const char *what,
                  GError    **error)
{
  g_autoptr(GError) local = NULL;
  gssize n;

  if (!mv_source_seek (source, offset, &local) ||
      (n = read_some (source, buf, len, &local)) < 0)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_READ,
                   "cannot read %s at offset 0x%" G_GINT64_MODIFIER "x: %s",
                   what, offset, local->message);
      return FALSE;
    }
  /* Nothing read: the seek went past the end, so the file ends at or
   * before @offset, not at it. */
  if (n == 0 && offset > 0)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_TRUNCATED,
                   "the file is truncated: it ends before %s at offset 0x%" G_GINT64_MODIFIER
                   "x (0x%" G_GSIZE_MODIFIER "x bytes)", what, offset, len);
      return FALSE;
    }
  if ((gsize) n < len)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_TRUNCATED,
                   "the file is truncated: it ends at offset 0x%" G_GINT64_MODIFIER
                   "x, inside %s at offset 0x%" G_GINT64_MODIFIER "x (0x%"
                   G_GSIZE_MODIFIER "x bytes)", offset + (guint64) n, what, offset, len);
      return FALSE;
    }
  return TRUE;
}

/* The next @n (<= WINDOW / 2) bytes of the header table, CRC'd. */
static const guint8 *
table_take (Walk    *w,
            gsize    n,
            GError **error)
{
  const guint8 *p;

  if (w->have - w->at < n)
    {
      guint64 next = w->buf_offset + w->have;
      gsize want;
      gssize got;
      g_autoptr(GError) local = NULL;

      memmove (w->buf, w->buf + w->at, w->have - w->at);
      w->buf_offset += w->at;
      w->have -= w->at;
      w->at = 0;
      want = (gsize) MIN ((guint64) (WINDOW - w->have), w->table_end - next);
      got = read_some (w->source, w->buf + w->have, want, &local);
      if (got < 0)
        {
          g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_READ,
                       "cannot read the header table at offset 0x%" G_GINT64_MODIFIER "x: %s",
                       next, local->message);
          return NULL;
        }
      w->have += (gsize) got;
      if (w->have < n)
        {
          g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_TRUNCATED,
                       "the file is truncated: it ends at offset 0x%" G_GINT64_MODIFIER
                       "x, inside the header table that runs to 0x%" G_GINT64_MODIFIER "x",
                       w->buf_offset + w->have, w->table_end);
          return NULL;
        }
      if (!report_progress (w, w->buf_offset + w->have, error))
        return NULL;
    }
  p = w->buf + w->at;
  w->crc = crc32 (w->crc, p, (uInt) n);
  w->at += n;
  return p;
}

static gboolean
table_skip (Walk    *w,
            guint64  n,
            GError **error)
{
  while (n > 0)
    {
      gsize step = (gsize) MIN (n, (guint64) WINDOW / 2);

      if (table_take (w, step, error) == NULL)
        return FALSE;
      n -= step;
    }
  return TRUE;
}

static guint64
table_pos (const Walk *w)
{
  return w->buf_offset + w->at;
}

static void
add_finding (Walk                 *w,
             MvIgvmDiagnosticKind  kind,
             MvSeverity            severity,
             guint32               mask,
             const MvRange        *range,
             char                 *message)
{
  MvIgvmDiagnostic *d;
  guint count = 0;

  for (guint i = 0; i < w->file->read_findings->len; i++)
    count += ((MvIgvmDiagnostic *) g_ptr_array_index (w->file->read_findings, i))->kind == kind;
  if (count >= 20)
    {
      w->findings_dropped[kind]++;
      g_free (message);
      return;
    }
  d = _mv_igvm_diagnostic_new (kind, severity, mask, range, message);
  g_ptr_array_add (w->file->read_findings, d);
}

/* File data of @len bytes at @file_offset for the header at @where: 0 is
 * none; anything else must lie after the header table and in the file. */
static gboolean
check_data (Walk    *w,
            guint64  where,
            guint64  file_offset,
            guint64  len,
            GError **error)
{
  if (file_offset == 0)
    return TRUE;
  if (file_offset < w->data_start)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_LOOP,
                   "the header at offset 0x%" G_GINT64_MODIFIER "x points its file data "
                   "back into the headers (offset 0x%" G_GINT64_MODIFIER "x, before 0x%"
                   G_GINT64_MODIFIER "x where the file data begins)",
                   where, file_offset, w->data_start);
      return FALSE;
    }
  if (len > w->file->total_file_size || file_offset > w->file->total_file_size - len)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_SIZE,
                   "the header at offset 0x%" G_GINT64_MODIFIER "x has 0x%" G_GINT64_MODIFIER
                   "x bytes of file data at offset 0x%" G_GINT64_MODIFIER "x, past the end of "
                   "the 0x%x-byte file", where, len, file_offset, w->file->total_file_size);
      return FALSE;
    }
  return TRUE;
}

static void
request (Walk    *w,
         guint64  offset,
         guint64  len,
         guint    run,
         guint    vp,
         guint64  ordinal,
         gboolean preview)
{
  DataRequest r = { offset, len, run, vp, ordinal, 0, preview };

  g_array_append_val (w->requests, r);
}

static gboolean
same_run (const MvIgvmRun *a,
          const MvIgvmRun *b)
{
  return a->mask == b->mask && a->kind == b->kind && a->zero == b->zero &&
         a->unmeasured == b->unmeasured && a->shared == b->shared &&
         a->large == b->large && a->data_type == b->data_type &&
         a->parameter_area == b->parameter_area;
}

/* Adds @page (one page or one parameter area) to the runs: it extends the
 * last run of its mask when it follows it with the same kind and flags. */
static void
add_pages (Walk            *w,
           const MvIgvmRun *page,
           guint64          page_len)
{
  GArray *runs = w->file->runs;
  guint idx = GPOINTER_TO_UINT (g_hash_table_lookup (w->last_run, GUINT_TO_POINTER (page->mask)));
  MvIgvmRun *run = idx > 0 ? &g_array_index (runs, MvIgvmRun, idx - 1) : NULL;
  guint64 ordinal = 0;

  if (run != NULL && run->range.end == page->range.start && same_run (run, page) &&
      page->kind != MV_IGVM_PAGE_PARAMETER && page->kind != MV_IGVM_PAGE_VMSA)
    {
      ordinal = run->n_headers;
      run->range.end = page->range.end;
      run->n_headers++;
    }
  else
    {
      g_array_append_val (runs, *page);
      idx = runs->len;
      g_hash_table_insert (w->last_run, GUINT_TO_POINTER (page->mask), GUINT_TO_POINTER (idx));
      if (page->file_offset != 0 && page->kind != MV_IGVM_PAGE_VMSA)
        request (w, page->file_offset, MIN (page_len, (guint64) 16), idx - 1, G_MAXUINT, 0, TRUE);
    }
  if ((w->flags & MV_IGVM_READ_CRC) && page->file_offset != 0)
    request (w, page->file_offset, page_len, idx - 1, G_MAXUINT, ordinal, FALSE);
}

static char *
mask_text (const MvIgvmFile *file,
           guint32           mask)
{
  const MvIgvmPlatform *p = mv_igvm_file_platform (file, mask);

  if (p != NULL)
    return g_strdup_printf ("mask 0x%x (%s)", mask, mv_igvm_platform_type_name (p->type));
  return g_strdup_printf ("mask 0x%x", mask);
}

static void
check_mask (Walk               *w,
            const MvIgvmHeader *h)
{
  guint32 known = 0;

  for (guint i = 0; i < w->file->platforms->len; i++)
    known |= g_array_index (w->file->platforms, MvIgvmPlatform, i).mask;
  if (h->mask == 0 || (h->mask & ~known) != 0)
    add_finding (w, MV_IGVM_DIAG_UNKNOWN_MASK, MV_SEVERITY_WARNING, h->mask, NULL,
                 g_strdup_printf ("%s at offset 0x%" G_GINT64_MODIFIER "x has compatibility "
                                  "mask 0x%x, which names %s.", mv_igvm_header_type_name (h->type),
                                  h->offset, h->mask,
                                  (h->mask & known) != 0 ? "platforms the file does not declare too"
                                                         : "no platform the file declares"));
}

static gboolean
page_data (Walk         *w,
           MvIgvmHeader *h,
           GError      **error)
{
  MvIgvmRun page = { 0 };
  gboolean large = (h->flags & 1) != 0;
  guint64 len = large ? PAGE_2M : PAGE_4K;

  if (!check_data (w, h->offset, h->file_offset, len, error))
    return FALSE;
  check_mask (w, h);
  w->file->n_page_headers++;
  page.mask = h->mask;
  page.kind = h->data_type <= MV_IGVM_PAGE_CPUID_XF ? (MvIgvmPageKind) h->data_type : MV_IGVM_PAGE_NORMAL;
  page.data_type = h->data_type;
  page.zero = h->file_offset == 0;
  page.unmeasured = (h->flags & 2) != 0;
  page.shared = (h->flags & 4) != 0;
  page.large = large;
  page.file_offset = h->file_offset;
  page.n_headers = 1;
  page.range.start = h->gpa;
  if (h->gpa > G_MAXUINT64 - len)
    {
      add_finding (w, MV_IGVM_DIAG_OVERFLOW, MV_SEVERITY_ERROR, h->mask, NULL,
                   g_strdup_printf ("The page at GPA 0x%" G_GINT64_MODIFIER "x (header at offset 0x%"
                                    G_GINT64_MODIFIER "x) runs past the end of the 64-bit address space.",
                                    h->gpa, h->offset));
      return TRUE;
    }
  page.range.end = h->gpa + len;
  if (h->gpa % len != 0)
    {
      g_autofree char *m = mask_text (w->file, h->mask);
      add_finding (w, MV_IGVM_DIAG_UNALIGNED, MV_SEVERITY_ERROR, h->mask, &page.range,
                   g_strdup_printf ("The %s page at GPA 0x%" G_GINT64_MODIFIER "x for %s (header at "
                                    "offset 0x%" G_GINT64_MODIFIER "x) is not aligned to its size; the "
                                    "igvm crate refuses it.", large ? "2 MiB" : "4 KiB",
                                    h->gpa, m, h->offset));
    }
  if (h->data_type > MV_IGVM_PAGE_CPUID_XF)
    add_finding (w, MV_IGVM_DIAG_UNKNOWN_REQUIRED, MV_SEVERITY_ERROR, h->mask, &page.range,
                 g_strdup_printf ("The page at GPA 0x%" G_GINT64_MODIFIER "x has data type 0x%x, which "
                                  "IGVM does not define; it is shown as normal.", h->gpa, h->data_type));
  add_pages (w, &page, len);
  return TRUE;
}

static MvIgvmParameterArea *
find_area (MvIgvmFile *file,
           guint32     index)
{
  for (guint i = 0; i < file->parameter_areas->len; i++)
    {
      MvIgvmParameterArea *a = &g_array_index (file->parameter_areas, MvIgvmParameterArea, i);

      if (a->index == index)
        return a;
    }
  return NULL;
}

static void
parameter_insert (Walk         *w,
                  MvIgvmHeader *h)
{
  MvIgvmParameterArea *area = find_area (w->file, h->index);
  MvIgvmRun page = { 0 };
  guint64 len;

  check_mask (w, h);
  if (area == NULL)
    {
      add_finding (w, MV_IGVM_DIAG_UNKNOWN_AREA, MV_SEVERITY_ERROR, h->mask, NULL,
                   g_strdup_printf ("The parameter insert at offset 0x%" G_GINT64_MODIFIER "x names "
                                    "parameter area %u, which no header before it declares.",
                                    h->offset, h->index));
      return;
    }
  area->n_inserts++;
  len = MAX ((area->number_of_bytes + PAGE_4K - 1) / PAGE_4K, 1) * PAGE_4K;
  if (area->number_of_bytes > G_MAXUINT64 - PAGE_4K || h->gpa > G_MAXUINT64 - len)
    {
      add_finding (w, MV_IGVM_DIAG_OVERFLOW, MV_SEVERITY_ERROR, h->mask, NULL,
                   g_strdup_printf ("Parameter area %u inserted at GPA 0x%" G_GINT64_MODIFIER "x runs "
                                    "past the end of the 64-bit address space.", h->index, h->gpa));
      return;
    }
  page.mask = h->mask;
  page.kind = MV_IGVM_PAGE_PARAMETER;
  page.zero = area->file_offset == 0;
  page.file_offset = area->file_offset;
  page.parameter_area = h->index;
  page.n_headers = 1;
  page.range.start = h->gpa;
  page.range.end = h->gpa + len;
  if (h->gpa % PAGE_4K != 0)
    add_finding (w, MV_IGVM_DIAG_UNALIGNED, MV_SEVERITY_ERROR, h->mask, &page.range,
                 g_strdup_printf ("Parameter area %u is inserted at GPA 0x%" G_GINT64_MODIFIER "x, "
                                  "which is not 4 KiB aligned.", h->index, h->gpa));
  add_pages (w, &page, area->number_of_bytes);
}

static gboolean
vp_context (Walk         *w,
            MvIgvmHeader *h,
            GError      **error)
{
  const MvIgvmPlatform *p = mv_igvm_file_platform (w->file, h->mask);
  MvIgvmVpContext *vp = g_new0 (MvIgvmVpContext, 1);
  guint64 len = PAGE_4K;

  vp->mask = h->mask;
  vp->vp_index = h->vp_index;
  vp->gpa = h->gpa;
  vp->file_offset = h->file_offset;
  vp->registers = g_array_new (FALSE, TRUE, sizeof (MvIgvmRegister));
  vp->kind = MV_IGVM_VP_UNKNOWN;
  if (p != NULL)
    {
      switch (p->type)
        {
        case MV_IGVM_PLATFORM_SEV_SNP:
        case MV_IGVM_PLATFORM_SEV_ES:
          vp->kind = MV_IGVM_VP_SNP_VMSA;
          break;
        case MV_IGVM_PLATFORM_VSM_ISOLATION:
          vp->kind = MV_IGVM_VP_VBS;
          len = 4;   /* the register count; the list is read after it */
          break;
        case MV_IGVM_PLATFORM_NATIVE:
        case MV_IGVM_PLATFORM_SEV:
          vp->kind = MV_IGVM_VP_NATIVE_X64;
          break;
        case MV_IGVM_PLATFORM_CCA:
          vp->kind = MV_IGVM_VP_CCA;
          break;
        default:
          break;
        }
    }
  if (vp->kind == MV_IGVM_VP_UNKNOWN)
    len = 0;   /* not read: its layout depends on the platform */
  if (!check_data (w, h->offset, h->file_offset, len, error))
    {
      mv_igvm_vp_context_free (vp);
      return FALSE;
    }
  check_mask (w, h);
  g_ptr_array_add (w->file->vp_contexts, vp);
  if (h->file_offset != 0 && vp->kind != MV_IGVM_VP_UNKNOWN)
    request (w, h->file_offset, len, G_MAXUINT, w->file->vp_contexts->len - 1, 0, FALSE);
  if (vp->kind == MV_IGVM_VP_SNP_VMSA)
    {
      MvIgvmRun page = { 0 };

      page.mask = h->mask;
      page.kind = MV_IGVM_PAGE_VMSA;
      page.zero = h->file_offset == 0;
      page.file_offset = h->file_offset;
      page.n_headers = 1;
      page.range.start = h->gpa;
      page.range.end = h->gpa <= G_MAXUINT64 - PAGE_4K ? h->gpa + PAGE_4K : G_MAXUINT64;
      if (h->gpa % PAGE_4K != 0 || h->gpa > G_MAXUINT64 - PAGE_4K)
        add_finding (w, MV_IGVM_DIAG_UNALIGNED, MV_SEVERITY_ERROR, h->mask, NULL,
                     g_strdup_printf ("The VMSA page of VP %u is at GPA 0x%" G_GINT64_MODIFIER "x, "
                                      "which is not 4 KiB aligned.", h->vp_index, h->gpa));
      else
        add_pages (w, &page, PAGE_4K);
    }
  return TRUE;
}

static const char *const section_names[] = { "platform", "initialization", "directive", "unknown" };

/* What the file keeps of a known header beyond the header list. */
static gboolean
keep (Walk         *w,
      MvIgvmHeader *h,
      GError      **error)
{
  MvIgvmFile *file = w->file;

  switch (h->type)
    {
    case MV_IGVM_VHT_SUPPORTED_PLATFORM:
      {
        MvIgvmPlatform p = { h->mask, h->platform_type, h->platform_version, h->vtl, h->gpa };
        g_array_append_val (file->platforms, p);
        if (h->mask == 0 || (h->mask & (h->mask - 1)) != 0)
          add_finding (w, MV_IGVM_DIAG_UNKNOWN_MASK, MV_SEVERITY_ERROR, h->mask, NULL,
                       g_strdup_printf ("The platform header at offset 0x%" G_GINT64_MODIFIER "x has "
                                        "compatibility mask 0x%x; a platform must have exactly one bit.",
                                        h->offset, h->mask));
        return TRUE;
      }
    case MV_IGVM_VHT_PAGE_DATA:
      return page_data (w, h, error);
    case MV_IGVM_VHT_PARAMETER_AREA:
      {
        MvIgvmParameterArea a = { h->index, h->size, h->file_offset, 0, 0 };
        if (!check_data (w, h->offset, h->file_offset, h->size, error))
          return FALSE;
        g_array_append_val (file->parameter_areas, a);
        return TRUE;
      }
    case MV_IGVM_VHT_PARAMETER_INSERT:
      parameter_insert (w, h);
      return TRUE;
    case MV_IGVM_VHT_VP_CONTEXT:
      return vp_context (w, h, error);
    case MV_IGVM_VHT_REQUIRED_MEMORY:
      {
        MvIgvmRequiredMemory r = { { h->gpa, h->gpa + h->size }, h->mask, (h->flags & 1) != 0 };
        check_mask (w, h);
        if (h->gpa > G_MAXUINT64 - h->size)
          r.range.end = G_MAXUINT64;
        if (h->gpa % PAGE_4K != 0 || h->size % PAGE_4K != 0)
          add_finding (w, MV_IGVM_DIAG_UNALIGNED, MV_SEVERITY_ERROR, h->mask, &r.range,
                       g_strdup_printf ("Required memory at GPA 0x%" G_GINT64_MODIFIER "x, 0x%"
                                        G_GINT64_MODIFIER "x bytes, is not 4 KiB aligned.",
                                        h->gpa, h->size));
        g_array_append_val (file->required_memory, r);
        return TRUE;
      }
    case MV_IGVM_VHT_CORIM_DOCUMENT:
    case MV_IGVM_VHT_CORIM_SIGNATURE:
      return check_data (w, h->offset, h->file_offset, h->size, error);
    default:
      if (_mv_igvm_is_parameter_usage (h->type))
        {
          MvIgvmParameterUsage u = { h->type, h->index, h->byte_offset };
          MvIgvmParameterArea *a = find_area (file, h->index);
          g_array_append_val (file->parameter_usages, u);
          if (a != NULL)
            a->n_usages++;
          else
            add_finding (w, MV_IGVM_DIAG_UNKNOWN_AREA, MV_SEVERITY_ERROR, 0, NULL,
                         g_strdup_printf ("%s at offset 0x%" G_GINT64_MODIFIER "x names parameter "
                                          "area %u, which no header before it declares.",
                                          mv_igvm_header_type_name (h->type), h->offset, h->index));
        }
      return TRUE;
    }
}

static gboolean
walk_header (Walk    *w,
             GError **error)
{
  MvIgvmHeader h = { 0 };
  const guint8 *p;
  guint32 raw_type, body, padded;
  guint64 left;

  h.offset = table_pos (w);
  left = w->table_end - h.offset;
  if (left < 8)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_HEADER,
                   "the header at offset 0x%" G_GINT64_MODIFIER "x is cut off by the end of the "
                   "header table at 0x%" G_GINT64_MODIFIER "x", h.offset, w->table_end);
      return FALSE;
    }
  if ((p = table_take (w, 8, error)) == NULL)
    return FALSE;
  raw_type = le32 (p);
  h.length = le32 (p + 4);
  h.type = raw_type & ~MV_IGVM_VHT_OPTIONAL_BIT;
  h.optional = (raw_type & MV_IGVM_VHT_OPTIONAL_BIT) != 0;
  h.section = _mv_igvm_section_of (h.type);
  body = _mv_igvm_body_size (h.type);
  h.known = body != 0;
  left -= 8;
  if (h.length > left)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_SIZE,
                   "the header at offset 0x%" G_GINT64_MODIFIER "x (type 0x%x) says it is 0x%x "
                   "bytes long, past the end of the header table at 0x%" G_GINT64_MODIFIER "x",
                   h.offset, raw_type, h.length, w->table_end);
      return FALSE;
    }
  padded = (guint32) MIN (((guint64) h.length + 7) & ~(guint64) 7, left);

  if (h.section != MV_IGVM_SECTION_UNKNOWN)
    {
      if (h.section < w->stage)
        {
          g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_ORDER,
                       "the %s header at offset 0x%" G_GINT64_MODIFIER "x (type 0x%x) comes after "
                       "a %s header; IGVM puts platform, then initialization, then directive headers",
                       section_names[h.section], h.offset, h.type, section_names[w->stage]);
          return FALSE;
        }
      w->stage = h.section;
    }

  if (h.known && h.length != body)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_HEADER,
                   "the %s header at offset 0x%" G_GINT64_MODIFIER "x is 0x%x bytes long, "
                   "not 0x%x", mv_igvm_header_type_name (h.type), h.offset, h.length, body);
      return FALSE;
    }
  if (h.known)
    {
      if ((p = table_take (w, body, error)) == NULL)
        return FALSE;
      _mv_igvm_decode_body (&h, p);
      if (!table_skip (w, padded - body, error))
        return FALSE;
    }
  else
    {
      if (!table_skip (w, padded, error))
        return FALSE;
      if (!h.optional)
        add_finding (w, MV_IGVM_DIAG_UNKNOWN_REQUIRED, MV_SEVERITY_ERROR, 0, NULL,
                     g_strdup_printf ("The header at offset 0x%" G_GINT64_MODIFIER "x has type 0x%x "
                                      "(0x%x bytes), which this reader does not know, and its optional "
                                      "bit is clear: a loader must refuse the file.",
                                      h.offset, h.type, h.length));
    }

  if (h.known && !keep (w, &h, error))
    return FALSE;
  if (h.type != MV_IGVM_VHT_PAGE_DATA || !h.known)
    g_array_append_val (w->file->headers, h);
  if (w->func != NULL)
    w->func (&h, w->user_data);
  return TRUE;
}

static gboolean
read_fixed (Walk    *w,
            GError **error)
{
  MvIgvmFile *file = w->file;
  guint8 fixed[FIXED_V2_SIZE];
  guint32 size = FIXED_V1_SIZE;
  guint32 magic;
  guint8 probe[2];
  gssize n;
  g_autoptr(GError) local = NULL;

  if (!_mv_igvm_read_at (w->source, 0, fixed, FIXED_V1_SIZE, "the fixed header", error))
    return FALSE;
  magic = le32 (fixed);
  if (magic != 0x4D564749)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_MAGIC,
                   "not an IGVM file: the magic at offset 0x0 is 0x%08x, not 0x4d564749 (\"IGVM\")",
                   magic);
      return FALSE;
    }
  file->format_version = le32 (fixed + 4);
  file->variable_header_offset = le32 (fixed + 8);
  file->variable_header_size = le32 (fixed + 12);
  file->total_file_size = le32 (fixed + 16);
  file->checksum = le32 (fixed + 20);
  file->arch = MV_IGVM_ARCH_X64;
  file->page_size = PAGE_4K;
  if (file->format_version != 1 && file->format_version != 2)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_VERSION,
                   "unsupported IGVM format version %u at offset 0x4 (1 and 2 are known)",
                   file->format_version);
      return FALSE;
    }
  if (file->format_version == 2)
    {
      size = FIXED_V2_SIZE;
      if (!_mv_igvm_read_at (w->source, FIXED_V1_SIZE, fixed + FIXED_V1_SIZE, 8, "the fixed header", error))
        return FALSE;
      if (le32 (fixed + 24) > MV_IGVM_ARCH_AARCH64)
        {
          g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_FIXED_HEADER,
                       "unknown architecture %u at offset 0x18 (0 is x64, 1 is aarch64)",
                       le32 (fixed + 24));
          return FALSE;
        }
      file->arch = le32 (fixed + 24);
      file->page_size = le32 (fixed + 28);
      if (file->page_size != PAGE_4K)
        {
          g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_FIXED_HEADER,
                       "unsupported page size 0x%x at offset 0x1c (IGVM supports 0x1000)",
                       file->page_size);
          return FALSE;
        }
    }

  /* The declared sizes against each other, then against the file. */
  if (file->variable_header_offset < size ||
      (guint64) file->variable_header_offset + file->variable_header_size > file->total_file_size)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_SIZE,
                   "the header table at offset 0x%x, 0x%x bytes, does not fit between the "
                   "0x%x-byte fixed header and the end of the 0x%x-byte file its fixed header declares",
                   file->variable_header_offset, file->variable_header_size, size,
                   file->total_file_size);
      return FALSE;
    }
  if (!_mv_igvm_read_at (w->source, file->total_file_size - 1, probe, 1, "the last byte the fixed header declares", error))
    {
      g_prefix_error (error, "the fixed header says the file is 0x%x bytes long, but ", file->total_file_size);
      return FALSE;
    }
  n = read_some (w->source, probe + 1, 1, &local);
  if (n != 0)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_SIZE,
                   "the file goes on past offset 0x%x, the total size its fixed header declares",
                   file->total_file_size);
      return FALSE;
    }

  memset (fixed + 20, 0, 4);
  w->crc = crc32 (0, fixed, size);
  return TRUE;
}

static void
checksum_error (Walk    *w,
                GError **error)
{
  g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_CHECKSUM,
               "the checksum does not match: the CRC-32 of the fixed header and the "
               "header table (to offset 0x%" G_GINT64_MODIFIER "x) is 0x%08x, the fixed "
               "header at offset 0x14 says 0x%08x", w->table_end, (guint32) w->crc,
               w->file->checksum);
}

/* @len (<= WINDOW) bytes of file data at @offset (checked to lie in the
 * file), read forward through the window, a whole window at a time when
 * @ahead (CRCs read on; a preview reads just its bytes). */
static const guint8 *
data_window (Walk     *w,
             guint64   offset,
             gsize     len,
             gboolean  ahead,
             GError  **error)
{
  gsize want = len;

  if (offset >= w->win_offset && offset - w->win_offset + len <= w->win_len)
    return w->buf + (offset - w->win_offset);
  if (ahead)
    want = (gsize) MAX ((guint64) len, MIN ((guint64) WINDOW, w->file->total_file_size - offset));
  if (!_mv_igvm_read_at (w->source, offset, w->buf, want, "file data", error))
    {
      w->win_len = 0;
      return NULL;
    }
  w->win_offset = offset;
  w->win_len = want;
  return w->buf;
}

static gboolean
fulfil (Walk        *w,
        DataRequest *r,
        guint8      *buf,
        GError     **error)
{
  MvIgvmRun *run = r->run != G_MAXUINT ? &g_array_index (w->file->runs, MvIgvmRun, r->run) : NULL;
  guint64 done = 0;

  if (r->vp != G_MAXUINT)
    return _mv_igvm_vp_decode (w->file, g_ptr_array_index (w->file->vp_contexts, r->vp),
                               w->source, r->offset, buf, error);
  r->crc = crc32 (0, NULL, 0);
  while (done < r->len)
    {
      gsize step = (gsize) MIN (r->len - done, (guint64) WINDOW);
      const guint8 *p = data_window (w, r->offset + done, step, !r->preview, error);

      if (p == NULL)
        return FALSE;
      if (r->preview)
        {
          memcpy (run->preview, p, MIN (step, sizeof run->preview));
          run->has_preview = TRUE;
          return TRUE;
        }
      r->crc = crc32 (r->crc, p, (uInt) step);
      done += step;
      if (!report_progress (w, r->offset + done, error))
        return FALSE;
    }
  return TRUE;
}

static int
request_by_offset (gconstpointer a,
                   gconstpointer b)
{
  const DataRequest *x = a, *y = b;

  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int
request_by_run (gconstpointer a,
                gconstpointer b)
{
  const DataRequest *x = a, *y = b;

  if (x->run != y->run)
    return x->run < y->run ? -1 : 1;
  return x->ordinal < y->ordinal ? -1 : x->ordinal > y->ordinal;
}

static gboolean
read_data (Walk    *w,
           GError **error)
{
  g_autofree guint8 *buf = g_malloc (WINDOW);   /* for the VP contexts */

  w->win_len = 0;
  g_array_sort (w->requests, request_by_offset);
  for (guint i = 0; i < w->requests->len; i++)
    if (!fulfil (w, &g_array_index (w->requests, DataRequest, i), buf, error))
      return FALSE;
  if (!(w->flags & MV_IGVM_READ_CRC))
    return TRUE;
  g_array_sort (w->requests, request_by_run);
  for (guint i = 0; i < w->requests->len; i++)
    {
      DataRequest *r = &g_array_index (w->requests, DataRequest, i);
      MvIgvmRun *run;

      if (r->run == G_MAXUINT || r->preview)
        continue;
      run = &g_array_index (w->file->runs, MvIgvmRun, r->run);
      run->data_crc32 = run->has_crc ? (guint32) crc32_combine (run->data_crc32, r->crc, (z_off_t) r->len)
                                     : r->crc;
      run->has_crc = TRUE;
    }
  return TRUE;
}

static int
run_order (gconstpointer a,
           gconstpointer b)
{
  const MvIgvmRun *x = a, *y = b;

  if (x->range.start != y->range.start)
    return x->range.start < y->range.start ? -1 : 1;
  if (x->mask != y->mask)
    return x->mask < y->mask ? -1 : 1;
  return x->range.end < y->range.end ? -1 : x->range.end > y->range.end;
}

static void
summarize_dropped (Walk *w)
{
  for (guint k = 0; k < G_N_ELEMENTS (w->findings_dropped); k++)
    {
      MvIgvmDiagnostic *d;

      if (w->findings_dropped[k] == 0)
        continue;
      d = _mv_igvm_diagnostic_new (k, MV_SEVERITY_ERROR, 0, NULL,
                                   g_strdup_printf ("%u more findings like the ones above (%s) "
                                                    "are not listed.", w->findings_dropped[k],
                                                    mv_igvm_diagnostic_kind_name (k)));
      g_ptr_array_add (w->file->read_findings, d);
    }
}

MvIgvmFile *
mv_igvm_read (MvSource         *source,
              MvIgvmReadFlags   flags,
              MvIgvmHeaderFunc  func,
              gpointer          user_data,
              MvImportProgress  progress,
              gpointer          progress_data,
              GError          **error)
{
  g_autoptr(MvIgvmFile) file = _mv_igvm_file_new ();
  g_autofree guint8 *buf = g_malloc (WINDOW);
  g_autoptr(GHashTable) last_run = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) requests = g_array_new (FALSE, FALSE, sizeof (DataRequest));
  Walk w = { 0 };

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  w.source = source;
  w.file = file;
  w.flags = flags;
  w.func = func;
  w.user_data = user_data;
  w.progress = progress;
  w.progress_data = progress_data;
  w.buf = buf;
  w.last_run = last_run;
  w.requests = requests;
  w.stage = MV_IGVM_SECTION_PLATFORM;

  if (!read_fixed (&w, error))
    return NULL;
  w.buf_offset = file->variable_header_offset;
  w.table_end = (guint64) file->variable_header_offset + file->variable_header_size;
  w.data_start = w.table_end;
  {
    g_autoptr(GError) local = NULL;

    if (!mv_source_seek (source, file->variable_header_offset, &local))
      {
        g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_READ,
                     "cannot seek to the header table at offset 0x%x: %s",
                     file->variable_header_offset, local->message);
        return NULL;
      }
  }
  while (table_pos (&w) < w.table_end)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GError) rest = NULL;

      if (walk_header (&w, &local))
        continue;
      /* A header that does not parse in a file whose checksum is wrong:
       * the file is damaged; say the checksum, as the igvm crate does. */
      if (local->code != MV_IGVM_ERROR_READ && local->code != MV_IGVM_ERROR_TRUNCATED &&
          local->code != MV_IGVM_ERROR_CANCELLED && table_pos (&w) <= w.table_end &&
          table_skip (&w, w.table_end - table_pos (&w), &rest) &&
          (guint32) w.crc != file->checksum)
        checksum_error (&w, error);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if ((guint32) w.crc != file->checksum)
    {
      checksum_error (&w, error);
      return NULL;
    }
  if (!read_data (&w, error))
    return NULL;

  /* Runs by address; nothing refers to their indices any more. */
  g_array_sort (file->runs, run_order);
  summarize_dropped (&w);
  mv_igvm_diagnose (file, NULL);
  return g_steal_pointer (&file);
}
