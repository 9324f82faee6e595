/* SPDX-License-Identifier: MIT */
/* IGVM files: VP contexts. An SEV-SNP VMSA page (igvm's snp_defs.rs
 * SevVmsa, AMD APM vol. 2 table B-4) by its key fields; a VBS register
 * list (VbsVpContextRegister, names as hv_defs.rs' HvX64RegisterName); a
 * native x64 context (IgvmNativeVpContextX64); an AArch64 CCA context. */
#include "config.h"

#include <string.h>

#include "mv-igvm.h"
#include "mv-igvm-private.h"

#define le32 _mv_igvm_le32
#define le64 _mv_igvm_le64

typedef struct
{
  const char *name;
  guint16     offset;
  guint8      size;    /* 1, 2, 4 or 8 bytes */
} Field;

/* SevVmsa: the segment registers as selector/attributes/limit/base, then
 * the registers a reader of a boot image looks for. */
static const Field vmsa_fields[] = {
  { "rip", 0x178, 8 }, { "rsp", 0x1d8, 8 }, { "rflags", 0x170, 8 },
  { "rax", 0x1f8, 8 }, { "rcx", 0x308, 8 }, { "rdx", 0x310, 8 }, { "rbx", 0x318, 8 },
  { "rbp", 0x328, 8 }, { "rsi", 0x330, 8 }, { "rdi", 0x338, 8 },
  { "r8", 0x340, 8 }, { "r9", 0x348, 8 }, { "r10", 0x350, 8 }, { "r11", 0x358, 8 },
  { "r12", 0x360, 8 }, { "r13", 0x368, 8 }, { "r14", 0x370, 8 }, { "r15", 0x378, 8 },
  { "cr0", 0x158, 8 }, { "cr2", 0x240, 8 }, { "cr3", 0x150, 8 }, { "cr4", 0x148, 8 },
  { "efer", 0xd0, 8 }, { "xss", 0x140, 8 }, { "pat", 0x268, 8 },
  { "dr6", 0x168, 8 }, { "dr7", 0x160, 8 },
  { "vmpl", 0xca, 1 }, { "cpl", 0xcb, 1 },
  { "sev_features", 0x3b0, 8 }, { "virtual_tom", 0x3c8, 8 },
  { "star", 0x200, 8 }, { "lstar", 0x208, 8 }, { "sfmask", 0x218, 8 },
  { "kernel_gs_base", 0x220, 8 },
};

static const char *const vmsa_segments[] = {
  "es", "cs", "ss", "ds", "fs", "gs", "gdtr", "ldtr", "idtr", "tr",
};

/* IgvmNativeVpContextX64, in its order. */
static const Field native_fields[] = {
  { "rax", 0, 8 }, { "rcx", 8, 8 }, { "rdx", 16, 8 }, { "rbx", 24, 8 },
  { "rsp", 32, 8 }, { "rbp", 40, 8 }, { "rsi", 48, 8 }, { "rdi", 56, 8 },
  { "r8", 64, 8 }, { "r9", 72, 8 }, { "r10", 80, 8 }, { "r11", 88, 8 },
  { "r12", 96, 8 }, { "r13", 104, 8 }, { "r14", 112, 8 }, { "r15", 120, 8 },
  { "rip", 128, 8 }, { "rflags", 136, 8 },
  { "idtr_base", 144, 8 }, { "idtr_limit", 152, 2 },
  { "gdtr_limit", 158, 2 }, { "gdtr_base", 160, 8 },
  { "code_selector", 168, 2 }, { "code_attributes", 170, 2 },
  { "code_base", 172, 4 }, { "code_limit", 176, 4 },
  { "data_selector", 180, 2 }, { "data_attributes", 182, 2 },
  { "data_base", 184, 4 }, { "data_limit", 188, 4 },
  { "gs_base", 192, 8 }, { "cr0", 200, 8 }, { "cr3", 208, 8 }, { "cr4", 216, 8 },
  { "efer", 224, 8 },
};

/* IgvmVpContextAArch64Cca. */
static const Field cca_fields[] = {
  { "x0", 0, 8 }, { "x1", 8, 8 }, { "x2", 16, 8 }, { "x3", 24, 8 },
  { "x4", 32, 8 }, { "x5", 40, 8 }, { "x6", 48, 8 }, { "x7", 56, 8 },
  { "pc", 64, 8 }, { "flags", 72, 8 },
};

static const struct
{
  guint32     name;
  const char *text;
} hv_x64_names[] = {
  { 0x00020000, "rax" }, { 0x00020001, "rcx" }, { 0x00020002, "rdx" }, { 0x00020003, "rbx" },
  { 0x00020004, "rsp" }, { 0x00020005, "rbp" }, { 0x00020006, "rsi" }, { 0x00020007, "rdi" },
  { 0x00020008, "r8" }, { 0x00020009, "r9" }, { 0x0002000a, "r10" }, { 0x0002000b, "r11" },
  { 0x0002000c, "r12" }, { 0x0002000d, "r13" }, { 0x0002000e, "r14" }, { 0x0002000f, "r15" },
  { 0x00020010, "rip" }, { 0x00020011, "rflags" },
  { 0x00040000, "cr0" }, { 0x00040001, "cr2" }, { 0x00040002, "cr3" }, { 0x00040003, "cr4" },
  { 0x00040004, "cr8" }, { 0x00040005, "xfem" },
  { 0x00050004, "dr6" }, { 0x00050005, "dr7" },
  { 0x00060000, "es" }, { 0x00060001, "cs" }, { 0x00060002, "ss" }, { 0x00060003, "ds" },
  { 0x00060004, "fs" }, { 0x00060005, "gs" }, { 0x00060006, "ldtr" }, { 0x00060007, "tr" },
  { 0x00070000, "idtr" }, { 0x00070001, "gdtr" },
  { 0x00080000, "tsc" }, { 0x00080001, "efer" }, { 0x00080002, "kernel_gs_base" },
  { 0x00080003, "apic_base" }, { 0x00080004, "pat" },
  { 0x00080008, "star" }, { 0x00080009, "lstar" }, { 0x0008000a, "cstar" }, { 0x0008000b, "sfmask" },
  { 0x0008000e, "mtrr_def_type" },
  { 0x00080010, "mtrr_phys_base0" }, { 0x00080011, "mtrr_phys_base1" },
  { 0x00080012, "mtrr_phys_base2" }, { 0x00080013, "mtrr_phys_base3" },
  { 0x00080014, "mtrr_phys_base4" },
  { 0x00080040, "mtrr_phys_mask0" }, { 0x00080041, "mtrr_phys_mask1" },
  { 0x00080042, "mtrr_phys_mask2" }, { 0x00080043, "mtrr_phys_mask3" },
  { 0x00080044, "mtrr_phys_mask4" },
  { 0x00080070, "mtrr_fix64k_00000" }, { 0x00080071, "mtrr_fix16k_80000" },
  { 0x00080072, "mtrr_fix16k_a0000" }, { 0x00080077, "mtrr_fix4k_e0000" },
  { 0x00080078, "mtrr_fix4k_e8000" }, { 0x00080079, "mtrr_fix4k_f0000" },
  { 0x0008007a, "mtrr_fix4k_f8000" }, { 0x0008008b, "xss" },
};

static const char *
hv_register_name (guint32 name)
{
  char text[16];

  for (gsize i = 0; i < G_N_ELEMENTS (hv_x64_names); i++)
    if (hv_x64_names[i].name == name)
      return hv_x64_names[i].text;
  g_snprintf (text, sizeof text, "0x%08x", name);
  return g_intern_string (text);
}

static guint64
field_value (const guint8 *data,
             const Field  *f)
{
  switch (f->size)
    {
    case 1: return data[f->offset];
    case 2: return (guint64) data[f->offset] | (guint64) data[f->offset + 1] << 8;
    case 4: return le32 (data + f->offset);
    default: return le64 (data + f->offset);
    }
}

static void
add_register (MvIgvmVpContext *vp,
              const char      *name,
              guint8           vtl,
              guint64          value,
              guint64          value_high)
{
  MvIgvmRegister r = { name, vtl, value, value_high };

  g_array_append_val (vp->registers, r);
}

static void
add_fields (MvIgvmVpContext *vp,
            const guint8    *data,
            const Field     *fields,
            gsize            n_fields)
{
  for (gsize i = 0; i < n_fields; i++)
    add_register (vp, fields[i].name, 0, field_value (data, &fields[i]), 0);
}

/* Each SevSelector as one register: value = base, value_high =
 * selector | attributes << 16 | limit << 32 (the order of the struct). */
static void
add_vmsa (MvIgvmVpContext *vp,
          const guint8    *page)
{
  add_fields (vp, page, vmsa_fields, G_N_ELEMENTS (vmsa_fields));
  for (gsize i = 0; i < G_N_ELEMENTS (vmsa_segments); i++)
    {
      const guint8 *s = page + i * 16;

      add_register (vp, vmsa_segments[i], 0, le64 (s + 8), le64 (s));
    }
}

static gboolean
decode_vbs (const MvIgvmFile *file,
            MvIgvmVpContext  *vp,
            MvSource         *source,
            guint64           offset,
            guint8           *buf,
            GError          **error)
{
  const gsize per_chunk = MV_IGVM_WINDOW / 32;
  guint32 count;
  guint64 end;

  if (!_mv_igvm_read_at (source, offset, buf, 4, "a VBS register count", error))
    return FALSE;
  count = le32 (buf);
  end = offset + 4 + (guint64) count * 32;
  if (end > file->total_file_size)
    {
      g_set_error (error, MV_IGVM_ERROR, MV_IGVM_ERROR_SIZE,
                   "the VBS VP context at offset 0x%" G_GINT64_MODIFIER "x lists %u registers, "
                   "which run past the end of the 0x%x-byte file", offset, count,
                   file->total_file_size);
      return FALSE;
    }
  for (guint32 done = 0; done < count;)
    {
      guint32 n = (guint32) MIN ((gsize) (count - done), per_chunk);

      if (!_mv_igvm_read_at (source, offset + 4 + (guint64) done * 32, buf, (gsize) n * 32,
                             "VBS registers", error))
        return FALSE;
      for (guint32 i = 0; i < n; i++)
        {
          const guint8 *r = buf + (gsize) i * 32;

          add_register (vp, hv_register_name (le32 (r + 1)), r[0], le64 (r + 16), le64 (r + 24));
        }
      done += n;
    }
  return TRUE;
}

gboolean
_mv_igvm_vp_decode (const MvIgvmFile *file,
                    MvIgvmVpContext  *vp,
                    MvSource         *source,
                    guint64           offset,
                    guint8           *buf,
                    GError          **error)
{
  if (vp->kind == MV_IGVM_VP_VBS)
    return decode_vbs (file, vp, source, offset, buf, error);
  if (!_mv_igvm_read_at (source, offset, buf, 4096, "a VP context", error))
    return FALSE;
  switch (vp->kind)
    {
    case MV_IGVM_VP_SNP_VMSA:
      add_vmsa (vp, buf);
      break;
    case MV_IGVM_VP_NATIVE_X64:
      add_fields (vp, buf, native_fields, G_N_ELEMENTS (native_fields));
      break;
    case MV_IGVM_VP_CCA:
      add_fields (vp, buf, cca_fields, G_N_ELEMENTS (cca_fields));
      break;
    default:
      break;
    }
  return TRUE;
}

const MvIgvmRegister *
mv_igvm_vp_context_register (const MvIgvmVpContext *vp,
                             const char            *name)
{
  g_return_val_if_fail (vp != NULL && name != NULL, NULL);

  for (guint i = 0; i < vp->registers->len; i++)
    {
      const MvIgvmRegister *r = &g_array_index (vp->registers, MvIgvmRegister, i);

      if (strcmp (r->name, name) == 0)
        return r;
    }
  return NULL;
}
