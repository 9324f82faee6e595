/* SPDX-License-Identifier: MIT */
/* What OpenVMM's own importer refuses (vmm_core/vm_loader/src/lib.rs,
 * Loader::import_pages, accept_new_range and import_vp_register at
 * 1488a37b): an importer that sits in front of another one and passes on
 * only what OpenVMM's Loader would accept. Upstream's loaders leave these
 * checks to that importer, so a boot memviz runs fails where OpenVMM's
 * fails: an empty page range, a range past 2^64, data longer than its
 * pages, pages that overlap an earlier import, pages that are not RAM
 * (OpenVMM writes them into guest memory, which has only the layout's
 * RAM), a register imported twice. Tags are kept by pointer, for the
 * messages: pass strings that outlive the MvVmLoader (the loaders' are
 * literals). */
#pragma once

#include "mv-boot.h"

G_BEGIN_DECLS

typedef struct _MvVmLoader MvVmLoader;

MvVmLoader *mv_vm_loader_new        (MvImporter       *inner,
                                     const MvLayout   *layout);
void        mv_vm_loader_free       (MvVmLoader       *self);
MvImporter *mv_vm_loader_importer   (MvVmLoader       *self);
/* The MV_BOOT_ERROR code of the last refusal (OVERLAP, NO_RAM or IMPORT),
 * for callers that get the error back wrapped by the file import. */
int         mv_vm_loader_last_error (const MvVmLoader *self);
guint64     mv_vm_loader_last_refused_page (const MvVmLoader *self);
gboolean    mv_vm_loader_explain_region (MvVmLoader     *self,
                                     guint64           page_base,
                                     guint64           page_count,
                                     const char       *tag,
                                     GError          **error);
guint64     mv_vm_loader_ram_run_end (const MvLayout  *layout,
                                      guint64          start,
                                      guint64          end);
gboolean    mv_vm_loader_check      (MvVmLoader       *self,
                                     guint64           page_base,
                                     guint64           page_count,
                                     const char       *tag,
                                     GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvVmLoader, mv_vm_loader_free)

G_END_DECLS
