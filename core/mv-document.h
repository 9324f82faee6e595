/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-import-spec.h"
#include "mv-mtrr-versions.h"
#include "mv-range.h"

G_BEGIN_DECLS

/* The `.memviz` format version this code reads and writes. */
#define MV_DOCUMENT_FORMAT_VERSION 1

#define MV_DOCUMENT_DEFAULT_WIDTH   46
#define MV_DOCUMENT_DEFAULT_VCNT    8
#define MV_DOCUMENT_DEFAULT_PROFILE "linux-direct"

#define MV_DOCUMENT_ERROR (mv_document_error_quark ())

typedef enum
{
  MV_DOCUMENT_ERROR_SYNTAX,          /* not a key file: the line is named */
  MV_DOCUMENT_ERROR_NOT_A_DOCUMENT,  /* no [memviz] group with a version */
  MV_DOCUMENT_ERROR_NEWER_VERSION,   /* written by a newer memviz */
  MV_DOCUMENT_ERROR_MISSING_KEY,
  MV_DOCUMENT_ERROR_INVALID_VALUE,
  MV_DOCUMENT_ERROR_DUPLICATE_GROUP,
  MV_DOCUMENT_ERROR_READ,            /* the document file cannot be read */
  MV_DOCUMENT_ERROR_WRITE,           /* the document file cannot be written */
} MvDocumentError;

typedef enum
{
  MV_CHIPSET_GAP_AUTO,      /* from the MMIO gaps: see mv_mtrr_default_chipset_gaps() */
  MV_CHIPSET_GAP_NONE,      /* the empty range */
  MV_CHIPSET_GAP_EXPLICIT,  /* @range */
} MvChipsetGapMode;

typedef struct
{
  MvChipsetGapMode mode;
  MvRange          range;
} MvChipsetGap;

/* Something a loaded document said that is not an error. */
typedef struct
{
  guint  line;      /* 1-based */
  char  *group;     /* nullable */
  char  *key;       /* nullable */
  char  *message;   /* the whole text, with the line, group and key */
} MvDocumentWarning;

/* A file a document's imports read. */
typedef struct
{
  guint     import_index;
  char     *path;          /* as written in the document */
  char     *resolved;      /* absolute; NULL when relative and the document has no folder */
  gboolean  outside;       /* not inside the document's folder (or unknown) */
} MvDocumentFile;

/**
 * MvDocument:
 * A whole scenario. The content fields come first; @path, @base_dir and
 * @warnings say where the document lives and what loading it reported,
 * and take no part in mv_document_equal().
 */
typedef struct
{
  char        *title;
  char        *description;

  gboolean     numa;           /* @ram_sizes are NUMA node sizes (else exactly one size) */
  GArray      *ram_sizes;      /* guint64 */
  GArray      *mmio;           /* MvRange, in document order */
  GArray      *pci_ecam;       /* MvRange */
  GArray      *pci_mmio;       /* MvRange */
  gboolean     has_vtl2;
  MvRange      vtl2;

  MvChipsetGap chipset_low;    /* "auto" picks the MMIO gap ending at 4 GiB */
  MvChipsetGap chipset_high;   /* "auto" picks the first MMIO gap at or above 4 GiB */
  guint8       address_width;  /* as written; the MTRR code clamps it to 36..52 */
  guint8       vcnt;           /* variable MTRR count (MTRRcap.VCNT) */
  char        *profile;        /* linux-direct, uefi, pcat or none */
  MvOpenvmmVersion openvmm_version; /* which upstream compute_variable_mtrrs */

  GPtrArray   *imports;        /* MvImportSpec */

  char        *path;           /* nullable: the file it was loaded from or saved to */
  char        *base_dir;       /* nullable: the folder relative import paths start from */
  GPtrArray   *warnings;       /* MvDocumentWarning */

  /*< private >*/
  GHashTable  *comments;       /* comments and unknown keys, kept for saving */
  GPtrArray   *extras;
} MvDocument;

GQuark        mv_document_error_quark      (void);

gboolean      mv_document_profile_is_valid (const char         *profile);


MvDocument   *mv_document_new              (void);
MvDocument   *mv_document_copy             (const MvDocument   *doc);
void          mv_document_free             (MvDocument         *doc);
gboolean      mv_document_equal            (const MvDocument   *a,
                                            const MvDocument   *b);

MvDocument   *mv_document_load_from_data   (const char         *data,
                                            gssize              length,
                                            const char         *base_dir,
                                            GError            **error);
MvDocument   *mv_document_load_from_file   (const char         *path,
                                            GError            **error);
char         *mv_document_to_data          (const MvDocument   *doc,
                                            gsize              *length);
gboolean      mv_document_save_to_file     (MvDocument         *doc,
                                            const char         *path,
                                            GError            **error);

void          mv_document_drop_comments    (MvDocument         *doc);
void          mv_document_add_import       (MvDocument         *doc,
                                            MvImportSpec       *spec);
gboolean      mv_document_ram_total        (const MvDocument   *doc,
                                            guint64            *out);
int           mv_document_chipset_gap_index (const MvDocument  *doc,
                                            gboolean            low);
char         *mv_document_resolve_path     (const MvDocument   *doc,
                                            const char         *path);
GPtrArray    *mv_document_list_files       (const MvDocument   *doc);
gboolean      mv_document_refuse_outside_files (const MvDocument *doc,
                                            GError            **error);

void          mv_document_warning_free     (MvDocumentWarning  *warning);
void          mv_document_file_free        (MvDocumentFile     *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvDocument, mv_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvDocumentFile, mv_document_file_free)

G_END_DECLS
