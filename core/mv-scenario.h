/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-document.h"
#include "mv-file-import.h"
#include "mv-effective.h"
#include "mv-layout.h"
#include "mv-recorder.h"

G_BEGIN_DECLS

#define MV_SCENARIO_ERROR (mv_scenario_error_quark ())

/* Why an import did not run (its own errors keep their domains:
 * G_FILE_ERROR, MV_FILE_IMPORT_ERROR, MV_GDT_ERROR). */
typedef enum
{
  MV_SCENARIO_ERROR_NO_FOLDER,       /* a relative path in a document with no folder */
  MV_SCENARIO_ERROR_NOT_ALLOWED,     /* skipped by MV_SCENARIO_SKIP_(OUTSIDE_)FILES */
  MV_SCENARIO_ERROR_NOT_REGULAR,     /* not a regular file (a FIFO, a device, ...) */
  MV_SCENARIO_ERROR_OFFSET_PAST_END, /* no length given and the offset is past the end */
  MV_SCENARIO_ERROR_CANCELLED,       /* an earlier import was cancelled */
} MvScenarioError;

GQuark mv_scenario_error_quark (void);

typedef enum
{
  MV_SCENARIO_NONE                 = 0,
  MV_SCENARIO_TRACE                = 1 << 0,  /* the recorder keeps every call */
  MV_SCENARIO_SKIP_FILES           = 1 << 1,  /* read no import file at all */
  MV_SCENARIO_SKIP_OUTSIDE_FILES   = 1 << 2,  /* read none outside the document's folder */
} MvScenarioFlags;

/* What one import of the document did. */
typedef struct
{
  MvImportKind kind;
  char        *name;
  char        *tag;            /* default-gdt for a GDT */
  char        *resolved_path;  /* file imports: the file read (nullable) */
  gboolean     ok;
  GError      *error;          /* when not ok: this import's error only */
  const char  *error_name;     /* upstream's name for it (e.g. "Read"), or NULL */
  guint32      crc32;          /* of the data bytes imported */
  guint64      bytes;          /* data bytes imported */
  /* The pages the import covers by its document entry, even when it
   * failed (so a map can show where it would have gone); has_pages is
   * FALSE when that is unknown (a file without a length that cannot be
   * read) or passes 2^64. */
  gboolean     has_pages;
  guint64      page_base;
  guint64      page_count;
} MvImportResult;

/**
 * MvScenario:
 * A document run through the core. Every part is there even when an
 * earlier part failed: a layout error leaves @layout NULL and no MTRRs,
 * but the imports still run; one import's error is recorded in its
 * #MvImportResult and the others still run.
 */
typedef struct
{
  /* The layout, or its error (MV_LAYOUT_ERROR) with upstream's name. */
  MvLayout    *layout;
  GError      *layout_error;
  const char  *layout_error_name;
  guint64      shortfall;           /* RAM asked for but not placed */

  /* The chipset gaps and width compute_variable_mtrrs() was given. */
  MvRange      chipset_low;
  MvRange      chipset_high;
  guint8       width;               /* clamped to 36..52 */
  guint8       vcnt;
  const char  *profile;             /* the document's boot profile (interned) */
  MvOpenvmmVersion openvmm_version; /* the compute_variable_mtrrs run */

  /* The variable MTRR pairs (MvX86Register), or their error. */
  GArray      *variable_mtrrs;      /* NULL without a layout or on error */
  GError      *mtrr_error;
  const char  *mtrr_error_name;

  /* The [boot] loader, run after the layout into the recorder (before
   * the imports): what it told the guest (@boot: e820, entry; loader NONE
   * when none ran), the registers it set in its order, or its error
   * (MV_BOOT_ERROR with upstream's name, or MV_SCENARIO_ERROR when its
   * files may not be read or the layout failed). What it imported before
   * an error stays imported. */
  MvBootInfo   boot;
  GArray      *boot_registers;      /* MvX86Register */
  /* The loader's imports merged as memviz-cli boot lists them, each with
   * the CRC-32 of its guest memory (MvBootImport, mv-boot-view.h). */
  GArray      *boot_imports;
  GError      *boot_error;
  const char  *boot_error_name;
  /* The file the loader needs and the document does not name yet
   * ("kernel", "firmware"): the loader did not run, and that is no error. */
  const char  *boot_needs;

  /* The imports, in document order, into one recorder. */
  MvRecorder  *recorder;
  GArray      *imports;             /* MvImportResult */

  /* The MTRR analysis: the guest's whole MTRR state (the boot profile's
   * registers plus the variable pairs; the profile's alone when the layout
   * or the pairs failed; with a loader, the loader's MTRR registers in
   * place of the profile's), its effective-type map over [0, 2^width) and the
   * diagnostics against the layout. */
  MvMtrrState    *mtrr_state;
  MvEffectiveMap *effective;
  GPtrArray      *diagnostics;      /* MvDiagnostic */
} MvScenario;

MvScenario *mv_scenario_run              (const MvDocument *doc,
                                          MvScenarioFlags   flags);
MvScenario *mv_scenario_run_full         (const MvDocument *doc,
                                          MvScenarioFlags   flags,
                                          MvImportProgress  progress,
                                          gpointer          progress_data);
void        mv_scenario_free             (MvScenario       *scenario);
guint       mv_scenario_n_import_errors  (const MvScenario *scenario);
guint       mv_scenario_n_variable_pairs (const MvScenario *scenario);
const MvLayout *mv_scenario_require_layout (const MvScenario *scenario,
                                          MvMtrrProfile    *profile,
                                          GError          **error);

MvSource   *mv_source_new_synthetic      (guint64           size,
                                          guint8            fill);
guint32     mv_synthetic_crc32           (guint64           size,
                                          guint8            fill);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvScenario, mv_scenario_free)

G_END_DECLS
