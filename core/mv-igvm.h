/* SPDX-License-Identifier: MIT */
/* IGVM files (Independent Guest Virtual Machine format, microsoft/igvm:
 * the structures of igvm_defs/src/lib.rs, the rules of igvm/src/lib.rs),
 * read in one forward pass: the fixed header, the variable headers in
 * order (with their CRC-32), then only the file data that VP contexts,
 * previews and (on request) CRCs need. The whole file is never held: pages
 * become runs, so memory grows with runs, not pages. */
#pragma once

#include <glib.h>

#include "mv-effective.h"
#include "mv-file-import.h"
#include "mv-layout.h"
#include "mv-range.h"

G_BEGIN_DECLS

#define MV_IGVM_ERROR (mv_igvm_error_quark ())

/* Every message names the file offset concerned. */
typedef enum
{
  MV_IGVM_ERROR_READ,         /* the source failed */
  MV_IGVM_ERROR_TRUNCATED,    /* the file ends before what it declares */
  MV_IGVM_ERROR_MAGIC,        /* not "IGVM" */
  MV_IGVM_ERROR_VERSION,      /* format version not 1 or 2 */
  MV_IGVM_ERROR_FIXED_HEADER, /* v2 architecture or page size not known */
  MV_IGVM_ERROR_SIZE,         /* sizes or offsets beyond the file */
  MV_IGVM_ERROR_CHECKSUM,     /* names the computed and the stored CRC */
  MV_IGVM_ERROR_HEADER,       /* a header too short for its type */
  MV_IGVM_ERROR_ORDER,        /* platform, initialization, directive order */
  MV_IGVM_ERROR_LOOP,         /* file data pointing back into the headers */
  MV_IGVM_ERROR_CANCELLED,
} MvIgvmError;

/* IGVM_VHS_VARIABLE_HEADER types (IgvmVariableHeaderType). */
#define MV_IGVM_VHT_SUPPORTED_PLATFORM              0x001u
#define MV_IGVM_VHT_GUEST_POLICY                    0x101u
#define MV_IGVM_VHT_RELOCATABLE_REGION              0x102u
#define MV_IGVM_VHT_PAGE_TABLE_RELOCATION_REGION    0x103u
#define MV_IGVM_VHT_CORIM_DOCUMENT                  0x104u
#define MV_IGVM_VHT_CORIM_SIGNATURE                 0x105u
#define MV_IGVM_VHT_CCA_POLICY                      0x106u
#define MV_IGVM_VHT_PARAMETER_AREA                  0x301u
#define MV_IGVM_VHT_PAGE_DATA                       0x302u
#define MV_IGVM_VHT_PARAMETER_INSERT                0x303u
#define MV_IGVM_VHT_VP_CONTEXT                      0x304u
#define MV_IGVM_VHT_REQUIRED_MEMORY                 0x305u
#define MV_IGVM_VHT_VP_COUNT_PARAMETER              0x307u
#define MV_IGVM_VHT_SRAT                            0x308u
#define MV_IGVM_VHT_MADT                            0x309u
#define MV_IGVM_VHT_MMIO_RANGES                     0x30Au
#define MV_IGVM_VHT_SNP_ID_BLOCK                    0x30Bu
#define MV_IGVM_VHT_MEMORY_MAP                      0x30Cu
#define MV_IGVM_VHT_ERROR_RANGE                     0x30Du
#define MV_IGVM_VHT_COMMAND_LINE                    0x30Eu
#define MV_IGVM_VHT_SLIT                            0x30Fu
#define MV_IGVM_VHT_PPTT                            0x310u
#define MV_IGVM_VHT_VBS_MEASUREMENT                 0x311u
#define MV_IGVM_VHT_DEVICE_TREE                     0x312u
#define MV_IGVM_VHT_ENVIRONMENT_INFO_PARAMETER      0x313u
#define MV_IGVM_VHT_OPTIONAL_BIT                    0x80000000u

/* IgvmPlatformType. */
typedef enum
{
  MV_IGVM_PLATFORM_NATIVE        = 0x00,
  MV_IGVM_PLATFORM_VSM_ISOLATION = 0x01,
  MV_IGVM_PLATFORM_SEV_SNP       = 0x02,
  MV_IGVM_PLATFORM_TDX           = 0x03,
  MV_IGVM_PLATFORM_SEV           = 0x04,
  MV_IGVM_PLATFORM_SEV_ES        = 0x05,
  MV_IGVM_PLATFORM_CCA           = 0x06,
} MvIgvmPlatformType;

typedef enum
{
  MV_IGVM_ARCH_X64     = 0,
  MV_IGVM_ARCH_AARCH64 = 1,
} MvIgvmArch;

typedef enum
{
  MV_IGVM_SECTION_PLATFORM,
  MV_IGVM_SECTION_INITIALIZATION,
  MV_IGVM_SECTION_DIRECTIVE,
  MV_IGVM_SECTION_UNKNOWN,   /* a type in none of the three ranges */
} MvIgvmSection;

/* What a run of pages is: the page data types, then parameter areas
 * (where PARAMETER_INSERT puts them) and SEV-SNP VMSA pages. */
typedef enum
{
  MV_IGVM_PAGE_NORMAL,
  MV_IGVM_PAGE_SECRETS,
  MV_IGVM_PAGE_CPUID_DATA,
  MV_IGVM_PAGE_CPUID_XF,
  MV_IGVM_PAGE_PARAMETER,
  MV_IGVM_PAGE_VMSA,
} MvIgvmPageKind;

typedef struct
{
  guint32 mask;                  /* compatibility mask: one bit */
  guint8  type;                  /* MvIgvmPlatformType */
  guint16 version;
  guint8  highest_vtl;
  guint64 shared_gpa_boundary;
} MvIgvmPlatform;

/* Adjacent pages with the same mask, kind and flags. */
typedef struct
{
  MvRange        range;
  guint32        mask;
  MvIgvmPageKind kind;
  gboolean       zero;        /* no file data: the pages are zero */
  gboolean       unmeasured;
  gboolean       shared;
  gboolean       large;       /* 2 MiB pages */
  guint32        data_type;   /* IgvmPageDataType as in the file */
  guint32        parameter_area;   /* kind PARAMETER: the area's index */
  guint64        file_offset;      /* the first page's data; 0 when zero */
  guint32        n_headers;        /* page headers merged into the run */
  gboolean       has_crc;          /* MV_IGVM_READ_CRC: data_crc32 set */
  guint32        data_crc32;       /* CRC-32 of the run's file data, in
                                    * page order (zero pages add nothing) */
  gboolean       has_preview;
  guint8         preview[16];      /* the first bytes of its file data */
} MvIgvmRun;

typedef struct
{
  MvRange  range;
  guint32  mask;
  gboolean vtl2_protectable;
} MvIgvmRequiredMemory;

typedef struct
{
  guint32  index;
  guint64  number_of_bytes;
  guint32  file_offset;       /* initial data; 0 when none */
  guint    n_usages;          /* parameter headers that name it */
  guint    n_inserts;         /* PARAMETER_INSERTs of it */
} MvIgvmParameterArea;

/* A parameter header (VP count, memory map, command line, MADT, SRAT, SLIT,
 * PPTT, device tree, MMIO ranges, environment info) naming an area. */
typedef struct
{
  guint32 type;               /* MV_IGVM_VHT_... */
  guint32 area_index;
  guint32 byte_offset;
} MvIgvmParameterUsage;

typedef enum
{
  MV_IGVM_VP_SNP_VMSA,      /* SEV-SNP / SEV-ES: a 4 KiB VMSA page */
  MV_IGVM_VP_VBS,           /* VSM isolation: a register list */
  MV_IGVM_VP_NATIVE_X64,    /* native / SEV: IgvmNativeVpContextX64 */
  MV_IGVM_VP_CCA,           /* AArch64 CCA */
  MV_IGVM_VP_UNKNOWN,       /* its mask names no platform */
} MvIgvmVpKind;

/* One register of a VP context: the VMSA's key fields, a VBS register
 * (value_high for 128-bit values), the native context's fields. A VMSA
 * segment (es ... tr, gdtr, idtr) has value = base and value_high =
 * selector | attributes << 16 | limit << 32; a VBS segment or table
 * register has its 16 bytes as upstream's HvRegisterValue (value = low
 * 8 bytes: base; value_high: limit, selector, attributes). */
typedef struct
{
  const char *name;     /* static; "0x..." names are interned */
  guint8      vtl;
  guint64     value;
  guint64     value_high;
} MvIgvmRegister;

typedef struct
{
  MvIgvmVpKind kind;
  guint32      mask;
  guint16      vp_index;
  guint64      gpa;          /* the VMSA page's GPA (SNP) */
  guint32      file_offset;
  GArray      *registers;    /* MvIgvmRegister */
} MvIgvmVpContext;

/* A header as read: every header but PAGE_DATA is kept in
 * MvIgvmFile.headers; PAGE_DATA headers go into runs and reach only the
 * MvIgvmHeaderFunc. The fields a type does not have are 0. */
typedef struct
{
  guint32        type;        /* without the optional bit */
  gboolean       optional;    /* the high bit */
  gboolean       known;
  MvIgvmSection  section;
  guint32        length;      /* as the header says */
  guint64        offset;      /* of the header in the file */
  guint32        mask;        /* compatibility mask, 0 when none */
  guint64        gpa;
  guint32        file_offset;
  guint32        flags;
  guint32        data_type;
  guint32        reserved;
  guint64        size;        /* number of bytes / size_bytes */
  guint32        index;       /* parameter area index */
  guint32        byte_offset;
  guint16        vp_index;
  guint64        policy;      /* GUEST_POLICY */
  guint8         vtl;         /* relocation headers */
  guint8         platform_type;   /* SUPPORTED_PLATFORM */
  guint16        platform_version;
  guint64        alignment;   /* RELOCATABLE_REGION */
  guint64        minimum_gpa;
  guint64        maximum_gpa;
  guint64        used_size;   /* PAGE_TABLE_RELOCATION_REGION */
  guint32        version;     /* SNP_ID_BLOCK, VBS_MEASUREMENT */
  guint32        svn;         /* guest SVN, security version */
} MvIgvmHeader;

typedef enum
{
  MV_IGVM_DIAG_OVERLAP,             /* pages overlap for one platform */
  MV_IGVM_DIAG_OUTSIDE_RAM,         /* pages where the layout has no RAM */
  MV_IGVM_DIAG_IN_MMIO,             /* pages in an MMIO gap */
  MV_IGVM_DIAG_UNALIGNED,           /* a GPA not aligned to its page */
  MV_IGVM_DIAG_NOT_INSERTED,        /* a parameter area never inserted */
  MV_IGVM_DIAG_VMSA_DATA,           /* a VMSA page is also a data page */
  MV_IGVM_DIAG_UNKNOWN_REQUIRED,    /* an unknown header, optional bit clear */
  MV_IGVM_DIAG_UNKNOWN_MASK,        /* a mask that names no platform */
  MV_IGVM_DIAG_UNKNOWN_AREA,        /* an insert of an area never declared */
  MV_IGVM_DIAG_OVERFLOW,            /* pages past the 64-bit address space */
} MvIgvmDiagnosticKind;

typedef struct
{
  MvIgvmDiagnosticKind kind;
  MvSeverity           severity;
  guint32              mask;        /* 0 when it concerns no platform */
  gboolean             has_range;
  MvRange              range;
  char                *message;     /* one sentence */
} MvIgvmDiagnostic;

typedef struct
{
  guint32     format_version;    /* 1 or 2 */
  MvIgvmArch  arch;              /* X64 for version 1 */
  guint32     page_size;         /* 4096 for version 1 */
  guint32     variable_header_offset;
  guint32     variable_header_size;
  guint32     total_file_size;
  guint32     checksum;
  GArray     *platforms;         /* MvIgvmPlatform, in file order */
  GArray     *runs;              /* MvIgvmRun, by start then mask */
  GArray     *required_memory;   /* MvIgvmRequiredMemory */
  GArray     *parameter_areas;   /* MvIgvmParameterArea */
  GArray     *parameter_usages;  /* MvIgvmParameterUsage */
  GPtrArray  *vp_contexts;       /* MvIgvmVpContext */
  GArray     *headers;           /* MvIgvmHeader, every one but PAGE_DATA */
  guint64     n_page_headers;
  GPtrArray  *diagnostics;       /* MvIgvmDiagnostic, by mv_igvm_diagnose */
  GPtrArray  *read_findings;     /* MvIgvmDiagnostic found while reading
                                  * (unaligned GPAs, unknown headers, masks,
                                  * areas): mv_igvm_diagnose starts with them */
} MvIgvmFile;

typedef enum
{
  MV_IGVM_READ_DEFAULT = 0,
  MV_IGVM_READ_CRC     = 1 << 0,   /* each run's data_crc32: reads all data */
} MvIgvmReadFlags;

/* Called for each variable header, in file order, PAGE_DATA included. */
typedef void (*MvIgvmHeaderFunc) (const MvIgvmHeader *header,
                                  gpointer            user_data);

GQuark        mv_igvm_error_quark        (void);
const char   *mv_igvm_error_name         (int                  code);
const char   *mv_igvm_platform_type_name (guint8               type);
const char   *mv_igvm_page_kind_name     (MvIgvmPageKind       kind);
const char   *mv_igvm_header_type_name   (guint32              type);
const char   *mv_igvm_vp_kind_name       (MvIgvmVpKind         kind);
const char   *mv_igvm_diagnostic_kind_name (MvIgvmDiagnosticKind kind);
const char   *mv_igvm_arch_name          (MvIgvmArch           arch);

/* Reads @source from offset 0 (it is seeked forward only, and checked for
 * a byte past the declared size), then runs mv_igvm_diagnose (file, NULL).
 * @func (nullable) sees every header; @progress (nullable) is called now
 * and then with the bytes done and the file's size, FALSE cancels. */
MvIgvmFile   *mv_igvm_read               (MvSource            *source,
                                          MvIgvmReadFlags      flags,
                                          MvIgvmHeaderFunc     func,
                                          gpointer             user_data,
                                          MvImportProgress     progress,
                                          gpointer             progress_data,
                                          GError             **error);
gboolean      mv_igvm_path_has_magic     (const char          *path);
MvIgvmFile   *mv_igvm_read_path          (const char          *path,
                                          MvIgvmReadFlags      flags,
                                          GError             **error);
MvIgvmFile   *mv_igvm_read_data          (const guint8        *data,
                                          gsize                len,
                                          MvIgvmReadFlags      flags,
                                          GError             **error);
void          mv_igvm_file_free          (MvIgvmFile          *file);

/* The platform whose mask is @mask, or NULL. */
const MvIgvmPlatform *mv_igvm_file_platform (const MvIgvmFile *file,
                                             guint32           mask);

/* Replaces file->diagnostics: the file's own, and with @layout (nullable)
 * the pages outside its RAM or in its MMIO gaps. */
void          mv_igvm_diagnose           (MvIgvmFile          *file,
                                          const MvLayout      *layout);
gboolean      mv_igvm_diagnostics_have_errors (const MvIgvmFile *file);
void          mv_igvm_diagnostic_free    (MvIgvmDiagnostic    *diagnostic);
void          mv_igvm_vp_context_free    (MvIgvmVpContext     *context);
/* The register named @name ("rip", "cr3", ...), or NULL. */
const MvIgvmRegister *mv_igvm_vp_context_register (const MvIgvmVpContext *vp,
                                                   const char            *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvIgvmFile, mv_igvm_file_free)

G_END_DECLS
