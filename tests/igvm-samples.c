/* SPDX-License-Identifier: MIT */
/* IGVM files the view and window tests share, made with igvm-writer. */
#include <string.h>

#include "igvm-samples.h"
#include "mv-igvm.h"

#define PAGE 4096

/* Two platforms, VSM (0x1) and SEV-SNP (0x2): a data run both share, a
 * zero page, unmeasured pages for VSM; shared, secrets, CPUID pages and a
 * VMSA for SNP; a parameter area inserted for VSM, a VBS register list,
 * required memory and two VSM pages that overlap. */
GBytes *
igvm_sample_two_platforms (MvIgvmWriterFlags flags)
{
  g_autoptr(MvIgvmWriter) w = mv_igvm_writer_new (2, 0, PAGE);
  guint8 page[PAGE];
  guint8 vmsa[PAGE] = { 0 };
  guint8 vbs[4 + 2 * 32] = { 0 };

  memset (page, 0x5a, sizeof page);
  mv_igvm_writer_platform (w, 0x1, 0x01, 1, 2, 0);
  mv_igvm_writer_platform (w, 0x2, 0x02, 1, 2, 0x8000000000);
  for (guint i = 0; i < 3; i++)
    mv_igvm_writer_page (w, 0x100000 + i * PAGE, 0x3, 0, 0, page, sizeof page);
  mv_igvm_writer_page (w, 0x103000, 0x3, 0, 0, NULL, 0);
  mv_igvm_writer_page (w, 0x200000, 0x1, MV_IGVM_PAGE_UNMEASURED, 0, page, sizeof page);
  mv_igvm_writer_page (w, 0x200000, 0x1, 0, 0, page, sizeof page);   /* overlaps */
  mv_igvm_writer_page (w, 0x300000, 0x2, MV_IGVM_PAGE_SHARED, 0, NULL, 0);
  mv_igvm_writer_page (w, 0x301000, 0x2, 0, 1, NULL, 0);   /* secrets */
  mv_igvm_writer_page (w, 0x302000, 0x2, 0, 2, NULL, 0);   /* cpuid_data */
  mv_igvm_writer_parameter_area (w, 0, 0x1000, NULL);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_VP_COUNT_PARAMETER, 0, 0);
  mv_igvm_writer_parameter (w, MV_IGVM_VHT_COMMAND_LINE, 0, 0x100);
  mv_igvm_writer_parameter_insert (w, 0x400000, 0x1, 0);

  mv_igvm_put64 (vmsa + 0x178, 0xfffff000);   /* rip */
  mv_igvm_writer_vp_context (w, 0x500000, 0x2, 0, vmsa, sizeof vmsa);
  mv_igvm_put32 (vbs, 2);
  vbs[4] = 2;
  mv_igvm_put32 (vbs + 5, 0x00020010);        /* RIP */
  mv_igvm_put64 (vbs + 4 + 16, 0x7000);
  vbs[36] = 2;
  mv_igvm_put32 (vbs + 37, 0x00040000);       /* CR0 */
  mv_igvm_put64 (vbs + 36 + 16, 0x80000011);
  mv_igvm_writer_vp_context (w, 0, 0x1, 0, vbs, sizeof vbs);
  mv_igvm_writer_required_memory (w, 0x1000000, 0x1, 0x200000, 1);
  return mv_igvm_writer_finish (w, flags);
}
