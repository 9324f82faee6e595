/* SPDX-License-Identifier: MIT */
/* OpenVMM's Loader checks in front of any MvImporter (see the header).
 * The imported ranges are kept sorted, neighbours of one tag and
 * acceptance joined, so a 500 MiB initrd in 64 KiB chunks stays one
 * entry. */
#include "mv-vm-loader.h"

#include "mv-range.h"

typedef struct
{
  guint64      start;      /* pages, [start, end) */
  guint64      end;
  const char  *tag;        /* the loaders' static tags */
  MvAcceptance acceptance;
} Imported;

struct _MvVmLoader
{
  MvImporter      parent;
  MvImporter     *inner;
  const MvLayout *layout;
  GArray         *imported;   /* Imported, sorted by start */
  guint64         registers;  /* a bit per MvRegName imported */
  int             last_error;
  /* The last refusal's import and, for an overlap, what it overlapped:
   * to say it again of the whole file region a refused chunk belongs to. */
  guint64         refused_page;
  Imported        overlapped;
};

G_STATIC_ASSERT (MV_REG_N_REGISTERS <= 64);

/* Sets a boot error and remembers its code; FALSE. */
#define refuse(self, error, code, ...) \
  ((self)->last_error = (code), \
   g_set_error ((error), MV_BOOT_ERROR, (code), __VA_ARGS__), FALSE)

/* The first index whose range ends after @page. */
static guint
first_ending_after (MvVmLoader *self,
                    guint64     page)
{
  guint lo = 0;
  guint hi = self->imported->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->imported, Imported, mid).end <= page)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/**
 * mv_vm_loader_ram_run_end:
 * How far from start (bytes) RAM runs without a hole, up to end; end
 * when [start, end) is all RAM. Touching RAM ranges count as one.
 */
guint64
mv_vm_loader_ram_run_end (const MvLayout *layout,
             guint64         start,
             guint64         end)
{
  guint64 covered = start;

  for (guint i = 0; i < layout->ram->len && covered < end; i++)
    {
      const MvRange *r = &g_array_index (layout->ram, MvRamRange, i).range;

      if (r->start <= covered && covered < r->end)
        covered = r->end;
    }
  return MIN (covered, end);
}

/* The hole between RAM ranges that holds the address hole (bytes):
 * FALSE when no RAM follows it (hole is past the end of RAM). */
static gboolean
ram_gap (const MvLayout *layout,
         guint64         hole,
         guint64        *gap_start,
         guint64        *gap_end)
{
  *gap_start = 0;
  *gap_end = 0;
  for (guint i = 0; i < layout->ram->len; i++)
    {
      const MvRange *r = &g_array_index (layout->ram, MvRamRange, i).range;

      if (r->end <= hole && r->end > *gap_start)
        *gap_start = r->end;
      if (r->start > hole && (*gap_end == 0 || r->start < *gap_end))
        *gap_end = r->start;
    }
  return *gap_end != 0;
}

/* [page_base, end) of @tag overlaps self->overlapped. */
static gboolean
refuse_overlap (MvVmLoader *self,
                guint64     page_base,
                guint64     end,
                const char *tag,
                GError    **error)
{
  const Imported *o = &self->overlapped;

  return refuse (self, error, MV_BOOT_ERROR_OVERLAP,
                 "%s at 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                 "x overlaps %s at 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x",
                 tag, page_base * MV_PAGE_SIZE, end * MV_PAGE_SIZE,
                 o->tag, o->start * MV_PAGE_SIZE, o->end * MV_PAGE_SIZE);
}

/* Whether [page_base, end) is all RAM; if not, refused naming the first
 * gap it reaches (or the end of RAM). */
static gboolean
check_ram (MvVmLoader *self,
           guint64     page_base,
           guint64     end,
           const char *tag,
           GError    **error)
{
  guint64 hole, gap_start, gap_end;

  hole = mv_vm_loader_ram_run_end (self->layout, page_base * MV_PAGE_SIZE, end * MV_PAGE_SIZE);
  if (hole < end * MV_PAGE_SIZE && ram_gap (self->layout, hole, &gap_start, &gap_end))
    return refuse (self, error, MV_BOOT_ERROR_NO_RAM,
                   "%s at 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                   "x is not all RAM (it reaches the layout's gap at 0x%" G_GINT64_MODIFIER
                   "x-0x%" G_GINT64_MODIFIER "x): OpenVMM cannot write it to guest memory",
                   tag, page_base * MV_PAGE_SIZE, end * MV_PAGE_SIZE, gap_start, gap_end);
  if (hole < end * MV_PAGE_SIZE)
    return refuse (self, error, MV_BOOT_ERROR_NO_RAM,
                   "%s at 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                   "x is not all RAM (the layout's RAM ends at 0x%" G_GINT64_MODIFIER
                   "x): OpenVMM cannot write it to guest memory",
                   tag, page_base * MV_PAGE_SIZE, end * MV_PAGE_SIZE,
                   mv_layout_end_of_ram (self->layout));
  return TRUE;
}

gboolean
mv_vm_loader_check (MvVmLoader *self,
                    guint64     page_base,
                    guint64     page_count,
                    const char *tag,
                    GError    **error)
{
  guint64 end;
  guint i;

  if (page_count == 0)
    return refuse (self, error, MV_BOOT_ERROR_IMPORT, "%s has an empty page range", tag);
  if (page_base > G_MAXUINT64 - page_count || page_base + page_count >= ((guint64) 1 << 52))
    return refuse (self, error, MV_BOOT_ERROR_OVERFLOW,
                   "%s at page 0x%" G_GINT64_MODIFIER "x (+0x%" G_GINT64_MODIFIER
                   "x pages) runs past the end of the 64-bit address space",
                   tag, page_base, page_count);
  end = page_base + page_count;

  i = first_ending_after (self, page_base);
  self->refused_page = page_base;
  if (i < self->imported->len)
    {
      const Imported *o = &g_array_index (self->imported, Imported, i);

      if (o->start < end)
        {
          self->overlapped = *o;
          return refuse_overlap (self, page_base, end, tag, error);
        }
    }
  return check_ram (self, page_base, end, tag, error);
}

static void
remember (MvVmLoader  *self,
          guint64      page_base,
          guint64      page_count,
          const char  *tag,
          MvAcceptance acceptance)
{
  Imported entry = { page_base, page_base + page_count, tag, acceptance };
  guint i = first_ending_after (self, page_base);

  if (i > 0)
    {
      Imported *prev = &g_array_index (self->imported, Imported, i - 1);

      if (prev->end == page_base && prev->acceptance == acceptance &&
          g_strcmp0 (prev->tag, tag) == 0)
        {
          prev->end = entry.end;
          return;
        }
    }
  g_array_insert_val (self->imported, i, entry);
}

static gboolean
vm_loader_import_pages (MvImporter   *importer,
                        guint64       page_base,
                        guint64       page_count,
                        const char   *tag,
                        MvAcceptance  acceptance,
                        const guint8 *data,
                        gsize         data_len,
                        GError      **error)
{
  MvVmLoader *self = (MvVmLoader *) importer;
  GError *inner = NULL;

  if (!mv_vm_loader_check (self, page_base, page_count, tag, error))
    return FALSE;
  if (data_len > page_count * MV_PAGE_SIZE)
    return refuse (self, error, MV_BOOT_ERROR_IMPORT,
                   "%s: data 0x%" G_GSIZE_MODIFIER "x larger than supplied page count 0x%"
                   G_GINT64_MODIFIER "x", tag, data_len, page_count);
  remember (self, page_base, page_count, tag, acceptance);
  if (!mv_importer_import_pages (self->inner, page_base, page_count, tag, acceptance,
                                 data, data_len, &inner))
    {
      gboolean ok = refuse (self, error, MV_BOOT_ERROR_IMPORT, "%s: %s", tag, inner->message);
      g_error_free (inner);
      return ok;
    }
  return TRUE;
}

static gboolean
vm_loader_import_vp_register (MvImporter          *importer,
                              const MvX86Register *reg,
                              GError             **error)
{
  MvVmLoader *self = (MvVmLoader *) importer;
  guint64 bit = (guint64) 1 << reg->name;
  GError *inner = NULL;

  if ((self->registers & bit) != 0)
    return refuse (self, error, MV_BOOT_ERROR_IMPORT, "duplicate register import %s",
                   mv_reg_name_to_string (reg->name));
  self->registers |= bit;
  if (!mv_importer_import_vp_register (self->inner, reg, &inner))
    {
      gboolean ok = refuse (self, error, MV_BOOT_ERROR_IMPORT, "%s: %s",
                            mv_reg_name_to_string (reg->name), inner->message);
      g_error_free (inner);
      return ok;
    }
  return TRUE;
}

static const MvImporterClass vm_loader_class = {
  vm_loader_import_pages,
  vm_loader_import_vp_register,
};

MvVmLoader *
mv_vm_loader_new (MvImporter     *inner,
                  const MvLayout *layout)
{
  MvVmLoader *self = g_new0 (MvVmLoader, 1);

  self->parent.klass = &vm_loader_class;
  self->inner = inner;
  self->layout = layout;
  self->imported = g_array_new (FALSE, FALSE, sizeof (Imported));
  self->last_error = MV_BOOT_ERROR_IMPORT;
  return self;
}

void
mv_vm_loader_free (MvVmLoader *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->imported);
  g_free (self);
}

MvImporter *
mv_vm_loader_importer (MvVmLoader *self)
{
  return &self->parent;
}

int
mv_vm_loader_last_error (const MvVmLoader *self)
{
  return self->last_error;
}

/**
 * mv_vm_loader_last_refused_page:
 * The first page of the last import refused (a file region's chunk, when
 * the file import wrapped the refusal).
 */
guint64
mv_vm_loader_last_refused_page (const MvVmLoader *self)
{
  return self->refused_page;
}

/**
 * mv_vm_loader_explain_region:
 * @page_base, @page_count: the whole file region whose chunk was refused
 *
 * The last refusal (an overlap or pages that are not RAM) said again of
 * the whole region: the file's range, not that of the 64 KiB chunk that
 * hit the gap or the other import. The loader itself is not changed.
 *
 * Returns: FALSE with @error set; TRUE (nothing to say) when the last
 *   refusal was of another kind or the region is empty
 */
gboolean
mv_vm_loader_explain_region (MvVmLoader *self,
                             guint64     page_base,
                             guint64     page_count,
                             const char *tag,
                             GError    **error)
{
  guint64 end;

  if (page_count == 0 || page_base > G_MAXUINT64 - page_count)
    return TRUE;
  end = page_base + page_count;
  if (self->last_error == MV_BOOT_ERROR_OVERLAP)
    return refuse_overlap (self, page_base, end, tag, error);
  if (self->last_error == MV_BOOT_ERROR_NO_RAM)
    return check_ram (self, page_base, end, tag, error);
  return TRUE;
}
