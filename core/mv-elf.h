/* SPDX-License-Identifier: MIT */
/* A port of OpenVMM's static ELF loader (vm/loader/src/elf.rs,
 * load_static_elf at 1488a37b) for x86-64, as linux.rs calls it: load
 * offset 0, not position-independent. Two steps, as upstream's two
 * passes: mv_elf_parse () checks the header and every PT_LOAD (nothing is
 * imported when one is wrong), mv_elf_import () imports each PT_LOAD at
 * its p_paddr through the file-region import. */
#pragma once

#include "mv-boot.h"
#include "mv-file-import.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 p_offset;
  guint64 p_paddr;
  guint64 p_filesz;
  guint64 p_memsz;
} MvElfSegment;

typedef struct
{
  GArray  *segments;              /* MvElfSegment, the PT_LOADs in file order */
  guint64  minimum_address_used;  /* G_MAXUINT64 when there is no PT_LOAD */
  guint64  next_available_address;
  guint64  entrypoint;
} MvElf;

gboolean mv_elf_parse      (MvSource         *file,
                            guint64           file_size,
                            const char       *name,
                            guint64           start_address,
                            MvElf            *out,
                            GError          **error);
/* The file bytes mv_elf_import () reads. */
guint64  mv_elf_file_bytes (const MvElf      *elf);
gboolean mv_elf_import     (const MvElf      *elf,
                            MvImporter       *importer,
                            MvSource         *file,
                            const char       *tag,
                            MvAcceptance      acceptance,
                            MvImportProgress  progress,
                            gpointer          progress_data,
                            GError          **error);
void     mv_elf_clear      (MvElf            *elf);

G_END_DECLS
