/* SPDX-License-Identifier: MIT */
/* A document run through the core: layout, chipset gaps, variable MTRRs,
 * and the imports into a recording importer. Reads only the files the
 * document's file imports name; writes nothing. */
#include "mv-scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <glib/gstdio.h>

#include "mv-boot-view.h"
#include "mv-gdt.h"
#include "mv-mtrr.h"

G_DEFINE_QUARK (mv-scenario-error-quark, mv_scenario_error)

/* ---- synthetic sources ------------------------------------------------- */

typedef struct
{
  MvSource parent;
  guint64  size;
  guint64  pos;
  guint8   fill;
} SyntheticSource;

static gboolean
synthetic_seek (MvSource *source,
                guint64   offset,
                GError  **error)
{
  SyntheticSource *self = (SyntheticSource *) source;

  /* Like lseek(): offsets of 2^63 and more fail, past the end is fine. */
  if (!mv_source_check_offset (offset, error))
    return FALSE;
  self->pos = offset;
  return TRUE;
}

static gssize
synthetic_read (MvSource *source,
                guint8   *buf,
                gsize     len,
                GError  **error)
{
  SyntheticSource *self = (SyntheticSource *) source;
  gsize n;

  if (self->pos >= self->size)
    return 0;
  n = (gsize) MIN ((guint64) MIN (len, (gsize) G_MAXSSIZE), self->size - self->pos);
  memset (buf, self->fill, n);
  self->pos += n;
  return (gssize) n;
}

static gboolean
synthetic_skip_uniform (MvSource *source,
                        guint64   len,
                        guint8   *byte)
{
  SyntheticSource *self = (SyntheticSource *) source;

  if (self->pos > self->size || len > self->size - self->pos)
    return FALSE;
  self->pos += len;
  *byte = self->fill;
  return TRUE;
}

static const MvSourceClass synthetic_source_class = {
  synthetic_seek, synthetic_read, NULL, synthetic_skip_uniform
};

/**
 * mv_source_new_synthetic:
 * A source of @size bytes, each @fill, that allocates nothing of its size.
 *
 * Returns: (transfer full): the source
 */
MvSource *
mv_source_new_synthetic (guint64 size,
                         guint8  fill)
{
  SyntheticSource *self = g_new0 (SyntheticSource, 1);

  self->parent.klass = &synthetic_source_class;
  self->size = size;
  self->fill = fill;
  return &self->parent;
}

/**
 * mv_synthetic_crc32:
 * The zlib CRC-32 of @size bytes of @fill, in O(log @size) steps.
 */
guint32
mv_synthetic_crc32 (guint64 size,
                    guint8  fill)
{
  return mv_crc32_append_fill (crc32 (0L, Z_NULL, 0), fill, size);
}

/* ---- running ----------------------------------------------------------- */

static void
import_result_clear (gpointer data)
{
  MvImportResult *r = data;

  g_free (r->name);
  g_free (r->tag);
  g_free (r->resolved_path);
  g_clear_error (&r->error);
}

static const char *
error_name (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (error->domain == MV_FILE_IMPORT_ERROR)
    return mv_file_import_error_name (error->code);
  if (error->domain == MV_GDT_ERROR)
    return mv_gdt_error_name (error->code);
  return NULL;
}

/* The pages [gpa, gpa + memory_length) covers, as import_file_region
 * counts them. */
static void
set_pages (MvImportResult *res,
           guint64         gpa,
           guint64         memory_length)
{
  guint64 leading = gpa & MV_PAGE_MASK;

  res->has_pages = FALSE;
  if (memory_length > G_MAXUINT64 - leading - MV_PAGE_MASK)
    return;
  res->has_pages = TRUE;
  res->page_base = gpa / MV_PAGE_SIZE;
  res->page_count = memory_length == 0 ? 0 : (leading + memory_length + MV_PAGE_MASK) / MV_PAGE_SIZE;
}

static void
run_gdt (MvScenario         *self,
         const MvImportSpec *spec,
         MvImportResult     *res)
{
  guint8 bytes[MV_GDT_DEFAULT_SIZE];

  res->tag = g_strdup (MV_GDT_DEFAULT_TAG);
  res->has_pages = spec->page < G_MAXUINT64;
  res->page_base = spec->page;
  res->page_count = 1;

  if (!mv_gdt_import_default (&self->recorder->parent, spec->page, &res->error))
    return;

  mv_gdt_default_bytes (bytes);
  res->crc32 = (guint32) crc32 (crc32 (0L, Z_NULL, 0), bytes, sizeof bytes);
  res->bytes = sizeof bytes;
  res->ok = TRUE;
}

/* Opens a regular file for reading only; a FIFO or device is refused
 * before it can block or stream forever. */
static MvSource *
open_import_file (const char  *resolved,
                  guint64     *size,
                  GError     **error)
{
  g_autofree char *fs_path = g_filename_from_utf8 (resolved, -1, NULL, NULL, NULL);
  g_autoptr(GError) local = NULL;
  MvSource *source = mv_source_open_regular (fs_path != NULL ? fs_path : resolved, size, &local);

  if (source != NULL)
    mv_source_set_name (source, resolved);  /* errors name it in UTF-8 */

  if (source == NULL && (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ISDIR) ||
                         g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_INVAL)))
    g_set_error (error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_REGULAR,
                 "cannot read %s: not a regular file", resolved);
  else if (source == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return source;
}

typedef struct
{
  MvScenario       *self;
  MvChunkBuf       *chunk;
  MvImportProgress  progress;
  gpointer          progress_data;
} RunCtx;

static void
run_region (RunCtx             *ctx,
            const MvImportSpec *spec,
            MvSource           *source,
            guint64             data_length,
            guint32            *crc_out,
            MvImportResult     *res)
{
  MvFileRegion region = {
    .file = source,
    .file_offset = spec->kind == MV_IMPORT_KIND_FILE ? spec->offset : 0,
    .file_length = data_length,
    .gpa = spec->gpa,
    .memory_length = spec->has_memory_length ? spec->memory_length : data_length,
    .acceptance = spec->acceptance,
    .tag = spec->tag != NULL ? spec->tag : "",
  };

  set_pages (res, region.gpa, region.memory_length);
  if (!mv_chunk_buf_import_file_region (ctx->chunk, &ctx->self->recorder->parent, &region,
                                        crc_out, ctx->progress, ctx->progress_data,
                                        &res->error))
    return;
  res->bytes = data_length;
  res->ok = TRUE;
}

static void
run_file (RunCtx             *ctx,
          const MvDocument   *doc,
          const MvImportSpec *spec,
          gboolean            allowed,
          MvImportResult     *res)
{
  g_autoptr(MvSource) source = NULL;
  guint64 size = 0;
  guint64 length;
  guint64 memory_length;

  res->tag = g_strdup (spec->tag);
  res->resolved_path = mv_document_resolve_path (doc, spec->path);

  /* Where it would go, when the document alone says. */
  if (mv_import_spec_memory_length (spec, &memory_length))
    set_pages (res, spec->gpa, memory_length);

  if (res->resolved_path == NULL)
    {
      g_set_error (&res->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NO_FOLDER,
                   "the relative path %s has no folder to start from (the document "
                   "was not loaded from or saved to a file)", spec->path);
      return;
    }
  if (!allowed)
    {
      g_set_error (&res->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_ALLOWED,
                   "%s was not read (reading it was not allowed)", res->resolved_path);
      return;
    }

  source = open_import_file (res->resolved_path, &size, &res->error);
  if (source == NULL)
    return;

  if (spec->has_length)
    length = spec->length;
  else if (spec->offset <= size)
    length = size - spec->offset;
  else
    {
      g_set_error (&res->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_OFFSET_PAST_END,
                   "offset 0x%" G_GINT64_MODIFIER "x is past the end of %s (%"
                   G_GUINT64_FORMAT " bytes)", spec->offset, res->resolved_path, size);
      return;
    }

  run_region (ctx, spec, source, length, &res->crc32, res);
}

static void
run_synthetic (RunCtx             *ctx,
               const MvImportSpec *spec,
               MvImportResult     *res)
{
  g_autoptr(MvSource) source = mv_source_new_synthetic (spec->size, spec->fill);

  res->tag = g_strdup (spec->tag);
  run_region (ctx, spec, source, spec->size, NULL, res);
  if (res->ok)
    res->crc32 = mv_synthetic_crc32 (spec->size, spec->fill);
}

static void
run_layout (MvScenario       *self,
            const MvDocument *doc)
{
  const MvRange *mmio = (const MvRange *) (gpointer) doc->mmio->data;
  const MvRange *ecam = (const MvRange *) (gpointer) doc->pci_ecam->data;
  const MvRange *pmmio = (const MvRange *) (gpointer) doc->pci_mmio->data;
  const MvRange *vtl2 = doc->has_vtl2 ? &doc->vtl2 : NULL;

  if (!doc->numa && doc->ram_sizes->len == 1)
    self->layout = mv_layout_new (g_array_index (doc->ram_sizes, guint64, 0),
                                  mmio, doc->mmio->len, ecam, doc->pci_ecam->len,
                                  pmmio, doc->pci_mmio->len, vtl2, &self->layout_error);
  else
    self->layout = mv_layout_new_with_numa ((const guint64 *) (gpointer) doc->ram_sizes->data,
                                            doc->ram_sizes->len,
                                            mmio, doc->mmio->len, ecam, doc->pci_ecam->len,
                                            pmmio, doc->pci_mmio->len, vtl2,
                                            &self->layout_error);

  if (self->layout == NULL)
    {
      if (self->layout_error != NULL && self->layout_error->domain == MV_LAYOUT_ERROR)
        self->layout_error_name = mv_layout_error_name (self->layout_error->code);
      return;
    }
  self->shortfall = mv_layout_shortfall (self->layout);
}

static MvRange
pick_gap (const MvChipsetGap *gap,
          MvRange             automatic)
{
  switch (gap->mode)
    {
    case MV_CHIPSET_GAP_NONE: return MV_RANGE_EMPTY;
    case MV_CHIPSET_GAP_EXPLICIT: return gap->range;
    case MV_CHIPSET_GAP_AUTO:
    default: return automatic;
    }
}

static void
run_mtrrs (MvScenario       *self,
           const MvDocument *doc)
{
  MvRange auto_low = MV_RANGE_EMPTY;
  MvRange auto_high = MV_RANGE_EMPTY;
  g_autoptr(GArray) regs = NULL;

  if (self->layout != NULL)
    mv_mtrr_default_chipset_gaps (self->layout, &auto_low, &auto_high);
  self->chipset_low = pick_gap (&doc->chipset_low, auto_low);
  self->chipset_high = pick_gap (&doc->chipset_high, auto_high);

  if (self->layout == NULL)
    return;

  regs = g_array_new (FALSE, FALSE, sizeof (MvX86Register));
  if (!mv_mtrr_compute_version (doc->openvmm_version, self->layout, doc->address_width,
                                self->chipset_low, self->chipset_high, regs, &self->mtrr_error))
    {
      if (self->mtrr_error->domain == MV_MTRR_ERROR)
        self->mtrr_error_name = mv_mtrr_error_name (self->mtrr_error->code);
      return;
    }
  self->variable_mtrrs = g_steal_pointer (&regs);
}

/* ---- the boot loader ---------------------------------------------------- */

typedef struct
{
  MvImportProgress progress;
  gpointer         progress_data;
  GCancellable    *cancellable;
} BootProgress;

static void
boot_progress (guint64  done,
               guint64  total,
               gpointer user_data)
{
  BootProgress *bp = user_data;

  if (bp->progress != NULL && !bp->progress (done, total, bp->progress_data))
    g_cancellable_cancel (bp->cancellable);
}

/* Whether the flags let the loader read its files. */
static gboolean
boot_files_allowed (const MvDocument *doc,
                    MvScenarioFlags   flags,
                    GError          **error)
{
  g_autoptr(GPtrArray) files = mv_document_list_files (doc);

  for (guint i = 0; i < files->len; i++)
    {
      const MvDocumentFile *f = g_ptr_array_index (files, i);

      if (f->boot_key == NULL)
        continue;
      if ((flags & MV_SCENARIO_SKIP_FILES) ||
          ((flags & MV_SCENARIO_SKIP_OUTSIDE_FILES) && f->outside))
        {
          g_set_error (error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_ALLOWED,
                       "the %s loader did not run: its %s %s was not read (reading it "
                       "was not allowed)", mv_boot_loader_to_string (doc->boot.loader),
                       f->boot_key, f->resolved != NULL ? f->resolved : f->path);
          return FALSE;
        }
    }
  return TRUE;
}

/* Runs [boot]'s loader into the recorder; FALSE when it was cancelled. */
static gboolean
run_boot (MvScenario       *self,
          const MvDocument *doc,
          MvScenarioFlags   flags,
          MvImportProgress  progress,
          gpointer          progress_data)
{
  g_autoptr(GCancellable) cancellable = NULL;
  MvBootConfig config = { 0 };
  BootProgress bp;
  const MvImportCall *calls;
  guint first, first_call;
  gboolean trace;

  self->boot.loader = MV_BOOT_LOADER_NONE;
  self->boot.e820 = g_array_new (FALSE, FALSE, sizeof (MvE820Entry));
  self->boot.beyond_ram = g_array_new (FALSE, FALSE, sizeof (MvBootBeyondRam));
  self->boot_registers = g_array_new (FALSE, FALSE, sizeof (MvX86Register));
  self->boot_imports = g_array_new (FALSE, FALSE, sizeof (MvBootImport));
  if (doc->boot.loader == MV_BOOT_LOADER_NONE)
    return TRUE;

  if (doc->boot.loader == MV_BOOT_LOADER_LINUX && doc->boot.kernel == NULL)
    self->boot_needs = "kernel";
  else if (doc->boot.loader == MV_BOOT_LOADER_UEFI && doc->boot.firmware == NULL)
    self->boot_needs = "firmware";
  if (self->boot_needs != NULL)
    return TRUE;
  if (self->layout == NULL)
    {
      g_set_error (&self->boot_error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_ALLOWED,
                   "the %s loader did not run: the layout has an error",
                   mv_boot_loader_to_string (doc->boot.loader));
      return TRUE;
    }
  if (!boot_files_allowed (doc, flags, &self->boot_error) ||
      !mv_document_boot_config (doc, &config, &self->boot_error))
    {
      mv_boot_config_clear (&config);
      return TRUE;
    }

  cancellable = g_cancellable_new ();
  bp = (BootProgress) { progress, progress_data, cancellable };
  first = self->recorder->registers->len;
  /* The loader's calls are traced whatever @flags say, for their CRCs:
   * a CRC per chunk as it is read, the files never whole in memory. */
  trace = self->recorder->trace;
  first_call = self->recorder->calls->len;
  self->recorder->trace = TRUE;
  mv_boot_load (&config, self->layout, &self->recorder->parent, &self->boot, cancellable,
                boot_progress, &bp, &self->boot_error);
  mv_boot_config_clear (&config);
  self->recorder->trace = trace;
  g_array_unref (self->boot_imports);
  calls = (const MvImportCall *) (gpointer) self->recorder->calls->data;
  self->boot_imports = mv_boot_merge_calls (calls + first_call, self->recorder->calls->len - first_call);
  if (!trace)
    g_array_set_size (self->recorder->calls, first_call);
  g_array_append_vals (self->boot_registers,
                       self->recorder->registers->data + first * sizeof (MvX86Register),
                       self->recorder->registers->len - first);
  if (self->boot_error != NULL && self->boot_error->domain == MV_BOOT_ERROR)
    self->boot_error_name = mv_boot_error_name (self->boot_error->code);
  return !g_error_matches (self->boot_error, MV_BOOT_ERROR, MV_BOOT_ERROR_CANCELLED);
}

/* The loader's MTRR registers, over the state (others are not MTRRs). */
static void
apply_boot_mtrrs (MvScenario *self)
{
  for (guint i = 0; i < self->boot_registers->len; i++)
    {
      const MvX86Register *r = &g_array_index (self->boot_registers, MvX86Register, i);

      if ((r->name >= MV_REG_MTRR_PHYS_BASE0 && r->name <= MV_REG_MTRR_FIX4K_F8000))
        mv_mtrr_state_set_register (self->mtrr_state, r, NULL);
    }
}

/**
 * mv_scenario_run_full:
 * @progress: (nullable): passed to every file and synthetic region import;
 *   returning FALSE cancels that import and the ones after it
 *
 * Runs @doc: never fails as a whole (see #MvScenario). Reads the files
 * the document's file imports name, and no others; writes nothing.
 *
 * Returns: (transfer full): the result
 */
MvScenario *
mv_scenario_run_full (const MvDocument *doc,
                      MvScenarioFlags   flags,
                      MvImportProgress  progress,
                      gpointer          progress_data)
{
  MvScenario *self;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(MvChunkBuf) chunk = NULL;
  g_autofree gboolean *outside = NULL;
  RunCtx ctx;
  gboolean cancelled = FALSE;

  g_return_val_if_fail (doc != NULL, NULL);

  self = g_new0 (MvScenario, 1);
  self->width = mv_mtrr_clamp_width (doc->address_width);
  self->vcnt = doc->vcnt;
  self->openvmm_version = doc->openvmm_version;
  self->profile = g_intern_string (doc->profile != NULL ? doc->profile
                                                        : MV_DOCUMENT_DEFAULT_PROFILE);

  run_layout (self, doc);
  run_mtrrs (self, doc);

  self->recorder = mv_recorder_new ((flags & MV_SCENARIO_TRACE) != 0);
  self->imports = g_array_sized_new (FALSE, TRUE, sizeof (MvImportResult), doc->imports->len);
  g_array_set_clear_func (self->imports, import_result_clear);
  g_array_set_size (self->imports, doc->imports->len);

  files = mv_document_list_files (doc);
  outside = g_new0 (gboolean, doc->imports->len + 1);
  for (guint j = 0; j < files->len; j++)
    {
      const MvDocumentFile *f = g_ptr_array_index (files, j);
      if (f->boot_key == NULL)
        outside[f->import_index] = f->outside;
    }
  chunk = mv_chunk_buf_new (MV_CHUNK_DEFAULT_SIZE, NULL);
  ctx.self = self;
  ctx.chunk = chunk;
  ctx.progress = progress;
  ctx.progress_data = progress_data;

  cancelled = !run_boot (self, doc, flags, progress, progress_data);

  for (guint i = 0; i < doc->imports->len; i++)
    {
      const MvImportSpec *spec = g_ptr_array_index (doc->imports, i);
      MvImportResult *res = &g_array_index (self->imports, MvImportResult, i);

      res->kind = spec->kind;
      res->name = g_strdup (spec->name);

      if (cancelled)
        {
          res->tag = g_strdup (spec->kind == MV_IMPORT_KIND_GDT ? MV_GDT_DEFAULT_TAG : spec->tag);
          g_set_error (&res->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_CANCELLED,
                       "not run: an earlier import was cancelled");
          continue;
        }

      switch (spec->kind)
        {
        case MV_IMPORT_KIND_GDT:
          run_gdt (self, spec, res);
          break;

        case MV_IMPORT_KIND_FILE:
          {
            gboolean allowed = (flags & MV_SCENARIO_SKIP_FILES) == 0 &&
                               !((flags & MV_SCENARIO_SKIP_OUTSIDE_FILES) != 0 && outside[i]);

            run_file (&ctx, doc, spec, allowed, res);
          }
          break;

        case MV_IMPORT_KIND_SYNTHETIC:
          run_synthetic (&ctx, spec, res);
          break;

        default:
          g_set_error (&res->error, MV_SCENARIO_ERROR, MV_SCENARIO_ERROR_NOT_ALLOWED,
                       "unknown import kind %d", (int) spec->kind);
          break;
        }

      res->error_name = error_name (res->error);
      if (res->error != NULL &&
          g_error_matches (res->error, MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_CANCELLED))
        cancelled = TRUE;
    }

  /* The MTRR analysis. */
  {
    MvMtrrProfile profile = MV_MTRR_PROFILE_LINUX_DIRECT;

    mv_mtrr_profile_from_string (self->profile, &profile, NULL);
    /* a loader sets the fixed ranges and the default type itself */
    if (self->boot_registers->len > 0)
      profile = MV_MTRR_PROFILE_NONE;
    if (self->layout != NULL && self->mtrr_error == NULL)
      self->mtrr_state = mv_mtrr_state_new_for_version (doc->openvmm_version, self->layout,
                                                        doc->address_width,
                                                        self->chipset_low, self->chipset_high,
                                                        profile, self->vcnt, NULL);
    if (self->mtrr_state == NULL)
      {
        self->mtrr_state = mv_mtrr_state_new_for_profile (profile);
        mv_mtrr_state_set_width (self->mtrr_state, doc->address_width);
        mv_mtrr_state_set_vcnt (self->mtrr_state, self->vcnt, NULL);
      }
    apply_boot_mtrrs (self);
    self->effective = mv_effective_map_new (self->mtrr_state, 0,
                                            mv_mtrr_state_address_limit (self->mtrr_state),
                                            0, MV_PAT_NONE);
    self->diagnostics = mv_diagnose (self->mtrr_state, self->layout);
    /* What the loader placed beyond RAM, beside the MTRRs' findings. */
    for (guint i = 0; self->boot.beyond_ram != NULL && i < self->boot.beyond_ram->len; i++)
      {
        const MvBootBeyondRam *b = &g_array_index (self->boot.beyond_ram, MvBootBeyondRam, i);
        MvRange range = { b->start, b->end };

        mv_diagnose_beyond_ram (self->diagnostics, b->tag, b->what, &range, b->ram_end);
      }
  }

  return self;
}

/**
 * mv_scenario_run:
 * mv_scenario_run_full() without progress.
 */
MvScenario *
mv_scenario_run (const MvDocument *doc,
                 MvScenarioFlags   flags)
{
  return mv_scenario_run_full (doc, flags, NULL, NULL);
}

/**
 * mv_scenario_require_layout:
 * @profile: (out): the scenario's boot profile (linux-direct when it names
 *   none)
 *
 * What computing MTRRs again for @scenario starts from (a lesson, the
 * upstream versions side by side).
 *
 * Returns: (transfer none) (nullable): its layout, or NULL with @error
 *   (the layout's own error) when it has none
 */
const MvLayout *
mv_scenario_require_layout (const MvScenario *scenario,
                            MvMtrrProfile    *profile,
                            GError          **error)
{
  g_return_val_if_fail (scenario != NULL && profile != NULL, NULL);

  *profile = MV_MTRR_PROFILE_LINUX_DIRECT;
  if (scenario->layout == NULL)
    {
      if (scenario->layout_error != NULL)
        g_propagate_error (error, g_error_copy (scenario->layout_error));
      else
        g_set_error (error, MV_LAYOUT_ERROR, MV_LAYOUT_ERROR_BAD_SIZE, "no layout");
      return NULL;
    }
  mv_mtrr_profile_from_string (scenario->profile, profile, NULL);
  return scenario->layout;
}

void
mv_scenario_free (MvScenario *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->layout, mv_layout_free);
  g_clear_error (&self->layout_error);
  g_clear_pointer (&self->variable_mtrrs, g_array_unref);
  g_clear_error (&self->mtrr_error);
  mv_boot_info_clear (&self->boot);
  g_clear_pointer (&self->boot_registers, g_array_unref);
  g_clear_pointer (&self->boot_imports, g_array_unref);
  g_clear_error (&self->boot_error);
  g_clear_pointer (&self->recorder, mv_recorder_free);
  g_clear_pointer (&self->imports, g_array_unref);
  g_clear_pointer (&self->mtrr_state, mv_mtrr_state_free);
  g_clear_pointer (&self->effective, mv_effective_map_free);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_free (self);
}

guint
mv_scenario_n_import_errors (const MvScenario *self)
{
  guint n = 0;

  for (guint i = 0; i < self->imports->len; i++)
    if (!g_array_index (self->imports, MvImportResult, i).ok)
      n++;
  return n;
}

guint
mv_scenario_n_variable_pairs (const MvScenario *self)
{
  return self->variable_mtrrs != NULL ? self->variable_mtrrs->len / 2 : 0;
}
