/* SPDX-License-Identifier: MIT */
/* IGVM files: names, freeing, lookups. The header walk is in
 * mv-igvm-read.c, VP contexts in mv-igvm-vp.c, diagnostics in
 * mv-igvm-diagnose.c. */
#include "config.h"

#include "mv-igvm.h"

#include <stdio.h>
#include <string.h>
#include "mv-igvm-private.h"

G_DEFINE_QUARK (mv-igvm-error-quark, mv_igvm_error)

const char *
mv_igvm_error_name (int code)
{
  static const char *const names[] = {
    [MV_IGVM_ERROR_READ] = "Read",
    [MV_IGVM_ERROR_TRUNCATED] = "Truncated",
    [MV_IGVM_ERROR_MAGIC] = "InvalidMagic",
    [MV_IGVM_ERROR_VERSION] = "InvalidFormatVersion",
    [MV_IGVM_ERROR_FIXED_HEADER] = "InvalidFixedHeader",
    [MV_IGVM_ERROR_SIZE] = "InvalidSize",
    [MV_IGVM_ERROR_CHECKSUM] = "InvalidChecksum",
    [MV_IGVM_ERROR_HEADER] = "InvalidVariableHeaderSize",
    [MV_IGVM_ERROR_ORDER] = "InvalidBinaryVariableHeaderSection",
    [MV_IGVM_ERROR_LOOP] = "InvalidFileOffset",
    [MV_IGVM_ERROR_CANCELLED] = "Cancelled",
  };

  if (code < 0 || code >= (int) G_N_ELEMENTS (names))
    return NULL;
  return names[code];
}

const char *
mv_igvm_platform_type_name (guint8 type)
{
  switch (type)
    {
    case MV_IGVM_PLATFORM_NATIVE: return "native";
    case MV_IGVM_PLATFORM_VSM_ISOLATION: return "vsm_isolation";
    case MV_IGVM_PLATFORM_SEV_SNP: return "sev_snp";
    case MV_IGVM_PLATFORM_TDX: return "tdx";
    case MV_IGVM_PLATFORM_SEV: return "sev";
    case MV_IGVM_PLATFORM_SEV_ES: return "sev_es";
    case MV_IGVM_PLATFORM_CCA: return "cca";
    default: return "unknown";
    }
}

const char *
mv_igvm_page_kind_name (MvIgvmPageKind kind)
{
  switch (kind)
    {
    case MV_IGVM_PAGE_NORMAL: return "normal";
    case MV_IGVM_PAGE_SECRETS: return "secrets";
    case MV_IGVM_PAGE_CPUID_DATA: return "cpuid_data";
    case MV_IGVM_PAGE_CPUID_XF: return "cpuid_xf";
    case MV_IGVM_PAGE_PARAMETER: return "parameter";
    case MV_IGVM_PAGE_VMSA: return "vmsa";
    default: g_return_val_if_reached ("unknown");
    }
}

const char *
mv_igvm_header_type_name (guint32 type)
{
  switch (type & ~MV_IGVM_VHT_OPTIONAL_BIT)
    {
    case MV_IGVM_VHT_SUPPORTED_PLATFORM: return "IGVM_VHT_SUPPORTED_PLATFORM";
    case MV_IGVM_VHT_GUEST_POLICY: return "IGVM_VHT_GUEST_POLICY";
    case MV_IGVM_VHT_RELOCATABLE_REGION: return "IGVM_VHT_RELOCATABLE_REGION";
    case MV_IGVM_VHT_PAGE_TABLE_RELOCATION_REGION: return "IGVM_VHT_PAGE_TABLE_RELOCATION_REGION";
    case MV_IGVM_VHT_CORIM_DOCUMENT: return "IGVM_VHT_CORIM_DOCUMENT";
    case MV_IGVM_VHT_CORIM_SIGNATURE: return "IGVM_VHT_CORIM_SIGNATURE";
    case MV_IGVM_VHT_CCA_POLICY: return "IGVM_VHT_CCA_POLICY";
    case MV_IGVM_VHT_PARAMETER_AREA: return "IGVM_VHT_PARAMETER_AREA";
    case MV_IGVM_VHT_PAGE_DATA: return "IGVM_VHT_PAGE_DATA";
    case MV_IGVM_VHT_PARAMETER_INSERT: return "IGVM_VHT_PARAMETER_INSERT";
    case MV_IGVM_VHT_VP_CONTEXT: return "IGVM_VHT_VP_CONTEXT";
    case MV_IGVM_VHT_REQUIRED_MEMORY: return "IGVM_VHT_REQUIRED_MEMORY";
    case MV_IGVM_VHT_VP_COUNT_PARAMETER: return "IGVM_VHT_VP_COUNT_PARAMETER";
    case MV_IGVM_VHT_SRAT: return "IGVM_VHT_SRAT";
    case MV_IGVM_VHT_MADT: return "IGVM_VHT_MADT";
    case MV_IGVM_VHT_MMIO_RANGES: return "IGVM_VHT_MMIO_RANGES";
    case MV_IGVM_VHT_SNP_ID_BLOCK: return "IGVM_VHT_SNP_ID_BLOCK";
    case MV_IGVM_VHT_MEMORY_MAP: return "IGVM_VHT_MEMORY_MAP";
    case MV_IGVM_VHT_ERROR_RANGE: return "IGVM_VHT_ERROR_RANGE";
    case MV_IGVM_VHT_COMMAND_LINE: return "IGVM_VHT_COMMAND_LINE";
    case MV_IGVM_VHT_SLIT: return "IGVM_VHT_SLIT";
    case MV_IGVM_VHT_PPTT: return "IGVM_VHT_PPTT";
    case MV_IGVM_VHT_VBS_MEASUREMENT: return "IGVM_VHT_VBS_MEASUREMENT";
    case MV_IGVM_VHT_DEVICE_TREE: return "IGVM_VHT_DEVICE_TREE";
    case MV_IGVM_VHT_ENVIRONMENT_INFO_PARAMETER: return "IGVM_VHT_ENVIRONMENT_INFO_PARAMETER";
    default: return NULL;
    }
}

const char *
mv_igvm_vp_kind_name (MvIgvmVpKind kind)
{
  switch (kind)
    {
    case MV_IGVM_VP_SNP_VMSA: return "snp_vmsa";
    case MV_IGVM_VP_VBS: return "vbs";
    case MV_IGVM_VP_NATIVE_X64: return "native_x64";
    case MV_IGVM_VP_CCA: return "cca";
    case MV_IGVM_VP_UNKNOWN: return "unknown";
    default: g_return_val_if_reached ("unknown");
    }
}

const char *
mv_igvm_diagnostic_kind_name (MvIgvmDiagnosticKind kind)
{
  switch (kind)
    {
    case MV_IGVM_DIAG_OVERLAP: return "overlap";
    case MV_IGVM_DIAG_OUTSIDE_RAM: return "outside-ram";
    case MV_IGVM_DIAG_IN_MMIO: return "in-mmio";
    case MV_IGVM_DIAG_UNALIGNED: return "unaligned";
    case MV_IGVM_DIAG_NOT_INSERTED: return "not-inserted";
    case MV_IGVM_DIAG_VMSA_DATA: return "vmsa-data";
    case MV_IGVM_DIAG_UNKNOWN_REQUIRED: return "unknown-required";
    case MV_IGVM_DIAG_UNKNOWN_MASK: return "unknown-mask";
    case MV_IGVM_DIAG_UNKNOWN_AREA: return "unknown-area";
    case MV_IGVM_DIAG_OVERFLOW: return "overflow";
    default: g_return_val_if_reached ("unknown");
    }
}

const char *
mv_igvm_arch_name (MvIgvmArch arch)
{
  return arch == MV_IGVM_ARCH_AARCH64 ? "aarch64" : "x64";
}

void
mv_igvm_diagnostic_free (MvIgvmDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;
  g_free (diagnostic->message);
  g_free (diagnostic);
}

MvIgvmDiagnostic *
_mv_igvm_diagnostic_new (MvIgvmDiagnosticKind  kind,
                         MvSeverity            severity,
                         guint32               mask,
                         const MvRange        *range,
                         char                 *message)
{
  MvIgvmDiagnostic *d = g_new0 (MvIgvmDiagnostic, 1);

  d->kind = kind;
  d->severity = severity;
  d->mask = mask;
  d->has_range = range != NULL;
  if (range != NULL)
    d->range = *range;
  d->message = message;
  return d;
}

void
mv_igvm_vp_context_free (MvIgvmVpContext *context)
{
  if (context == NULL)
    return;
  g_clear_pointer (&context->registers, g_array_unref);
  g_free (context);
}

MvIgvmFile *
_mv_igvm_file_new (void)
{
  MvIgvmFile *file = g_new0 (MvIgvmFile, 1);

  file->platforms = g_array_new (FALSE, TRUE, sizeof (MvIgvmPlatform));
  file->runs = g_array_new (FALSE, TRUE, sizeof (MvIgvmRun));
  file->required_memory = g_array_new (FALSE, TRUE, sizeof (MvIgvmRequiredMemory));
  file->parameter_areas = g_array_new (FALSE, TRUE, sizeof (MvIgvmParameterArea));
  file->parameter_usages = g_array_new (FALSE, TRUE, sizeof (MvIgvmParameterUsage));
  file->vp_contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_igvm_vp_context_free);
  file->headers = g_array_new (FALSE, TRUE, sizeof (MvIgvmHeader));
  file->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_igvm_diagnostic_free);
  file->read_findings = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_igvm_diagnostic_free);
  return file;
}

void
mv_igvm_file_free (MvIgvmFile *file)
{
  if (file == NULL)
    return;
  g_array_unref (file->platforms);
  g_array_unref (file->runs);
  g_array_unref (file->required_memory);
  g_array_unref (file->parameter_areas);
  g_array_unref (file->parameter_usages);
  g_ptr_array_unref (file->vp_contexts);
  g_array_unref (file->headers);
  g_ptr_array_unref (file->diagnostics);
  g_ptr_array_unref (file->read_findings);
  g_free (file);
}

const MvIgvmPlatform *
mv_igvm_file_platform (const MvIgvmFile *file,
                       guint32           mask)
{
  g_return_val_if_fail (file != NULL, NULL);

  for (guint i = 0; i < file->platforms->len; i++)
    {
      const MvIgvmPlatform *p = &g_array_index (file->platforms, MvIgvmPlatform, i);

      if (p->mask == mask)
        return p;
    }
  return NULL;
}

/**
 * mv_igvm_path_has_magic:
 * Whether @path is a regular file that starts with the IGVM magic
 * ("IGVM"): an IGVM file, or a broken one. Only a regular file is opened
 * (opening a FIFO would wait for a writer); one that cannot be read is not.
 */
gboolean
mv_igvm_path_has_magic (const char *path)
{
  char head[4] = { 0 };
  FILE *f;
  gboolean igvm;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || (f = fopen (path, "rb")) == NULL)
    return FALSE;
  igvm = fread (head, 1, sizeof head, f) == sizeof head && memcmp (head, "IGVM", 4) == 0;
  fclose (f);
  return igvm;
}

MvIgvmFile *
mv_igvm_read_path (const char      *path,
                   MvIgvmReadFlags  flags,
                   GError         **error)
{
  g_autoptr(MvSource) source = mv_source_new_for_path (path, error);

  if (source == NULL)
    return NULL;
  return mv_igvm_read (source, flags, NULL, NULL, NULL, NULL, error);
}

MvIgvmFile *
mv_igvm_read_data (const guint8    *data,
                   gsize            len,
                   MvIgvmReadFlags  flags,
                   GError         **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, len);
  g_autoptr(MvSource) source = mv_source_new_for_bytes (bytes);

  return mv_igvm_read (source, flags, NULL, NULL, NULL, NULL, error);
}
