/* SPDX-License-Identifier: MIT */
/* load_static_elf (see the header). The header and program headers are
 * read as upstream reads them through the object crate (FileHeader64,
 * is_supported, program_headers with the PN_XNUM escape), one program
 * header at a time so a file's size never decides the memory used. */
#include "mv-elf.h"

#include <elf.h>
#include <string.h>

#include "mv-range.h"

static gboolean
read_at (MvSource   *file,
         guint64     offset,
         void       *buf,
         gsize       len,
         GError    **error)
{
  return mv_source_seek (file, offset, error) &&
         mv_source_read_exact (file, buf, len, error);
}

/* Sets a boot error; FALSE. */
#define fail(error, code, ...) \
  (g_set_error ((error), MV_BOOT_ERROR, (code), __VA_ARGS__), FALSE)

/* FileHeader::is_supported for a 64-bit header. */
static gboolean
is_supported (const Elf64_Ehdr *h)
{
  return memcmp (h->e_ident, ELFMAG, SELFMAG) == 0 &&
         h->e_ident[EI_CLASS] == ELFCLASS64 &&
         (h->e_ident[EI_DATA] == ELFDATA2LSB || h->e_ident[EI_DATA] == ELFDATA2MSB) &&
         h->e_ident[EI_VERSION] == EV_CURRENT;
}

/* program_headers (): where they are and how many; FALSE with an
 * InvalidProgramHeader error when upstream's read fails. */
static gboolean
program_headers (MvSource         *file,
                 guint64           file_size,
                 const char       *name,
                 const Elf64_Ehdr *h,
                 guint64          *phoff,
                 guint64          *phnum,
                 GError          **error)
{
  *phoff = GUINT64_FROM_LE (h->e_phoff);
  *phnum = GUINT16_FROM_LE (h->e_phnum);
  if (*phoff == 0)
    {
      *phnum = 0;
      return TRUE;
    }
  if (*phnum == PN_XNUM)
    {
      guint64 shoff = GUINT64_FROM_LE (h->e_shoff);
      Elf64_Shdr section_0;
      GError *inner = NULL;

      if (shoff == 0)
        return fail (error, MV_BOOT_ERROR_ELF_PROGRAM_HEADER,
                     "%s: failed to parse ELF program header: missing ELF section "
                     "headers for e_phnum overflow", name);
      if (GUINT16_FROM_LE (h->e_shentsize) != sizeof (Elf64_Shdr))
        return fail (error, MV_BOOT_ERROR_ELF_PROGRAM_HEADER,
                     "%s: failed to parse ELF program header: invalid ELF section "
                     "header entry size", name);
      if (shoff > file_size || file_size - shoff < sizeof section_0 ||
          !read_at (file, shoff, &section_0, sizeof section_0, &inner))
        {
          g_clear_error (&inner);
          return fail (error, MV_BOOT_ERROR_ELF_PROGRAM_HEADER,
                       "%s: failed to parse ELF program header: invalid ELF section "
                       "header offset or size", name);
        }
      *phnum = GUINT32_FROM_LE (section_0.sh_info);
    }
  if (*phnum == 0)
    return TRUE;
  if (GUINT16_FROM_LE (h->e_phentsize) != sizeof (Elf64_Phdr))
    return fail (error, MV_BOOT_ERROR_ELF_PROGRAM_HEADER,
                 "%s: failed to parse ELF program header: invalid ELF program header "
                 "entry size %u (expected %u)", name, GUINT16_FROM_LE (h->e_phentsize),
                 (guint) sizeof (Elf64_Phdr));
  if (*phoff > file_size || (file_size - *phoff) / sizeof (Elf64_Phdr) < *phnum)
    return fail (error, MV_BOOT_ERROR_ELF_PROGRAM_HEADER,
                 "%s: failed to parse ELF program header: %" G_GUINT64_FORMAT
                 " program headers at 0x%" G_GINT64_MODIFIER "x run past the end of the "
                 "file (0x%" G_GINT64_MODIFIER "x bytes)", name, *phnum, *phoff, file_size);
  return TRUE;
}

gboolean
mv_elf_parse (MvSource   *file,
              guint64     file_size,
              const char *name,
              guint64     start_address,
              MvElf      *out,
              GError    **error)
{
  Elf64_Ehdr h;
  guint64 phoff;
  guint64 phnum;
  guint64 entry;
  guint64 lowest = G_MAXUINT64;
  guint64 last = 0;   /* the load offset, 0 */
  GError *inner = NULL;

  memset (out, 0, sizeof *out);
  out->segments = g_array_new (FALSE, FALSE, sizeof (MvElfSegment));

  if (file_size < sizeof h || !read_at (file, 0, &h, sizeof h, &inner))
    {
      if (inner != NULL && inner->code != G_FILE_ERROR_FAILED)
        {
          gboolean ok = fail (error, MV_BOOT_ERROR_IO, "cannot read the kernel %s: %s",
                              name, inner->message);
          g_error_free (inner);
          return ok;
        }
      g_clear_error (&inner);
      return fail (error, MV_BOOT_ERROR_ELF_READ_HEADER,
                   "%s: failed to read the ELF file header: the file (%" G_GUINT64_FORMAT
                   " bytes) is neither a bzImage nor as long as an ELF64 header", name,
                   file_size);
    }

  if (!is_supported (&h))
    return fail (error, MV_BOOT_ERROR_ELF_MAGIC,
                 "%s is neither a bzImage (no 0xAA55 boot flag and \"HdrS\" magic) nor a "
                 "64-bit ELF file (invalid file header)", name);
  if (h.e_ident[EI_DATA] == ELFDATA2MSB)
    return fail (error, MV_BOOT_ERROR_ELF_BIG_ENDIAN,
                 "%s: unsupported ELF file byte order (big-endian)", name);
  if (GUINT16_FROM_LE (h.e_machine) != EM_X86_64)
    return fail (error, MV_BOOT_ERROR_ELF_NOT_X86_64,
                 "%s: ELF target machine mismatch: e_machine %u, not x86-64 (%u)",
                 name, GUINT16_FROM_LE (h.e_machine), EM_X86_64);

  if (!program_headers (file, file_size, name, &h, &phoff, &phnum, error))
    return FALSE;

  entry = GUINT64_FROM_LE (h.e_entry);
  if (entry < start_address)
    return fail (error, MV_BOOT_ERROR_ELF_ENTRY,
                 "%s: invalid entry address found in ELF header: 0x%" G_GINT64_MODIFIER
                 "x, below the start address 0x%" G_GINT64_MODIFIER "x", name, entry,
                 start_address);

  for (guint64 i = 0; i < phnum; i++)
    {
      Elf64_Phdr p;
      MvElfSegment seg;
      guint64 page_base;
      guint64 in_page;
      guint64 page_count;

      if (!read_at (file, phoff + i * sizeof p, &p, sizeof p, &inner))
        {
          gboolean ok = fail (error, MV_BOOT_ERROR_IO, "cannot read the kernel %s: %s",
                              name, inner->message);
          g_error_free (inner);
          return ok;
        }
      if (GUINT32_FROM_LE (p.p_type) != PT_LOAD)
        continue;

      seg.p_offset = GUINT64_FROM_LE (p.p_offset);
      seg.p_paddr = GUINT64_FROM_LE (p.p_paddr);
      seg.p_filesz = GUINT64_FROM_LE (p.p_filesz);
      seg.p_memsz = GUINT64_FROM_LE (p.p_memsz);

      if (seg.p_paddr < start_address)
        return fail (error, MV_BOOT_ERROR_ELF_BELOW_1MB,
                     "%s: program header %" G_GUINT64_FORMAT " loads at 0x%" G_GINT64_MODIFIER
                     "x, below the start address 0x%" G_GINT64_MODIFIER "x",
                     name, i, seg.p_paddr, start_address);

      /* Upstream's page arithmetic, which would overflow silently or panic. */
      page_base = seg.p_paddr / MV_PAGE_SIZE;
      in_page = seg.p_paddr & MV_PAGE_MASK;
      if (seg.p_memsz > G_MAXUINT64 - in_page - MV_PAGE_MASK)
        return fail (error, MV_BOOT_ERROR_OVERFLOW,
                     "%s: program header %" G_GUINT64_FORMAT ": p_paddr 0x%" G_GINT64_MODIFIER
                     "x plus p_memsz 0x%" G_GINT64_MODIFIER "x passes 2^64",
                     name, i, seg.p_paddr, seg.p_memsz);
      page_count = (in_page + seg.p_memsz + MV_PAGE_MASK) / MV_PAGE_SIZE;
      if (page_count > ((guint64) 1 << 52) - page_base)
        return fail (error, MV_BOOT_ERROR_OVERFLOW,
                     "%s: program header %" G_GUINT64_FORMAT ": p_paddr 0x%" G_GINT64_MODIFIER
                     "x plus p_memsz 0x%" G_GINT64_MODIFIER "x passes 2^64",
                     name, i, seg.p_paddr, seg.p_memsz);

      lowest = MIN (lowest, page_base * MV_PAGE_SIZE);
      last = MAX (last, (page_base + page_count) * MV_PAGE_SIZE);
      g_array_append_val (out->segments, seg);
    }

  out->minimum_address_used = lowest;
  out->next_available_address = last;
  out->entrypoint = entry;
  return TRUE;
}

guint64
mv_elf_file_bytes (const MvElf *elf)
{
  guint64 total = 0;

  for (guint i = 0; i < elf->segments->len; i++)
    {
      const MvElfSegment *seg = &g_array_index (elf->segments, MvElfSegment, i);

      if (seg->p_memsz > 0 && seg->p_filesz <= seg->p_memsz)
        total += seg->p_filesz;
    }
  return total;
}

/* The segments' progress as one region's: bytes before this segment
 * plus this segment's, out of all segments' bytes. */
typedef struct
{
  MvImportProgress progress;
  gpointer         data;
  guint64          before;
  guint64          total;
} SegmentProgress;

static gboolean
segment_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  SegmentProgress *sp = user_data;

  return sp->progress (sp->before + done, sp->total, sp->data);
}

gboolean
mv_elf_import (const MvElf      *elf,
               MvImporter       *importer,
               MvSource         *file,
               const char       *tag,
               MvAcceptance      acceptance,
               MvImportProgress  progress,
               gpointer          progress_data,
               GError          **error)
{
  g_autoptr(MvChunkBuf) buf = mv_chunk_buf_new (MV_CHUNK_DEFAULT_SIZE, error);
  SegmentProgress sp = { progress, progress_data, 0, mv_elf_file_bytes (elf) };

  if (buf == NULL)
    return FALSE;

  for (guint i = 0; i < elf->segments->len; i++)
    {
      const MvElfSegment *seg = &g_array_index (elf->segments, MvElfSegment, i);
      MvFileRegion region = {
        .file = file,
        .file_offset = seg->p_offset,
        .file_length = seg->p_filesz,
        .gpa = seg->p_paddr,
        .memory_length = seg->p_memsz,
        .acceptance = acceptance,
        .tag = tag,
      };

      if (seg->p_memsz == 0)
        continue;
      if (!mv_chunk_buf_import_file_region (buf, importer, &region, NULL,
                                            progress != NULL ? segment_progress : NULL,
                                            &sp, error))
        return FALSE;
      sp.before += seg->p_filesz;
    }
  return TRUE;
}

void
mv_elf_clear (MvElf *elf)
{
  g_clear_pointer (&elf->segments, g_array_unref);
}
