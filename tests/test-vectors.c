/* SPDX-License-Identifier: MIT */
/* Runs every line of upstream's reference vectors (tests/vectors/, made by
 * OpenVMM's own Rust code) through the core and compares the results. */
#include <json-glib/json-glib.h>
#include <string.h>
#include <zlib.h>

#include "mv-file-import.h"
#include "mv-gdt.h"
#include "mv-layout.h"
#include "mv-mtrr.h"
#include "mv-mtrr-versions.h"
#include "mv-recorder.h"

/* ---- the vectors' virtual file: byte[i] = (i*131 + (i>>8)*7 + 0x5a) ---- */

typedef struct
{
  MvSource parent;
  guint64 size;
  guint64 pos;
} FormulaSource;

static gboolean
formula_seek (MvSource *source,
              guint64   offset,
              GError  **error)
{
  FormulaSource *self = (FormulaSource *) source;

  /* Rust passes the offset to lseek as i64: 2^63 and up is EINVAL. */
  if (!mv_source_check_offset (offset, error))
    return FALSE;
  self->pos = offset;
  return TRUE;
}

static gssize
formula_read (MvSource *source,
              guint8   *buf,
              gsize     len,
              GError  **error)
{
  FormulaSource *self = (FormulaSource *) source;
  gsize n;

  if (self->pos >= self->size)
    return 0;
  n = (gsize) MIN ((guint64) len, self->size - self->pos);
  for (gsize i = 0; i < n; i++)
    {
      guint64 k = self->pos + i;
      buf[i] = (guint8) ((k * 131 + (k >> 8) * 7 + 0x5a) & 0xff);
    }
  self->pos += n;
  return (gssize) n;
}

static const MvSourceClass formula_class = { formula_seek, formula_read, NULL };

static MvSource *
formula_source_new (guint64 size)
{
  FormulaSource *self = g_new0 (FormulaSource, 1);

  self->parent.klass = &formula_class;
  self->size = size;
  return &self->parent;
}

/* ---- reading ------------------------------------------------------------ */

static GPtrArray *
load_vectors (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "vectors", name, NULL);
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  GString *buf = g_string_new (NULL);
  gzFile gz = gzopen (path, "rb");
  char chunk[65536];
  int n;

  g_assert_nonnull (gz);
  while ((n = gzread (gz, chunk, sizeof chunk)) > 0)
    g_string_append_len (buf, chunk, n);
  g_assert_cmpint (n, ==, 0);
  gzclose (gz);

  {
    g_auto(GStrv) split = g_strsplit (buf->str, "\n", -1);

    for (guint i = 0; split[i] != NULL; i++)
      {
        g_autoptr(GError) error = NULL;
        JsonNode *node;

        if (split[i][0] == '\0')
          continue;
        node = json_from_string (split[i], &error);
        g_assert_no_error (error);
        g_ptr_array_add (lines, node);
      }
  }
  g_string_free (buf, TRUE);
  g_assert_cmpuint (lines->len, >, 0);
  return lines;
}

static guint64
hex (JsonNode *node)
{
  const char *s = json_node_get_string (node);
  guint64 v;

  g_assert_nonnull (s);
  g_assert_true (g_str_has_prefix (s, "0x"));
  v = g_ascii_strtoull (s + 2, NULL, 16);
  return v;
}

static guint64
hex_member (JsonObject *o,
            const char *member)
{
  return hex (json_object_get_member (o, member));
}

static char *
to_hex (guint64 v)
{
  return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", v);
}

/* Converts [[start,end],...] with MemoryRange::new semantics. */
static gboolean
ranges_from_json (JsonArray *a,
                  GArray    *out,
                  GError   **error)
{
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonArray *pair = json_array_get_array_element (a, i);
      MvRange r;

      if (!mv_range_init (&r, hex (json_array_get_element (pair, 0)),
                          hex (json_array_get_element (pair, 1)), error))
        return FALSE;
      g_array_append_val (out, r);
    }
  return TRUE;
}

static gboolean
range_from_json (JsonNode *node,
                 MvRange  *out,
                 GError  **error)
{
  JsonArray *pair = json_node_get_array (node);

  return mv_range_init (out, hex (json_array_get_element (pair, 0)),
                        hex (json_array_get_element (pair, 1)), error);
}

typedef struct
{
  guint checked;
  guint failed;
  GString *report;
} Tally;

static void
mismatch (Tally      *t,
          JsonObject *vector,
          const char *fmt,
          ...) G_GNUC_PRINTF (3, 4);

static void
mismatch (Tally      *t,
          JsonObject *vector,
          const char *fmt,
          ...)
{
  va_list args;

  t->failed++;
  if (t->failed > 20)
    return;
  g_string_append_printf (t->report, "  vector %" G_GINT64_FORMAT " (%s): ",
                          json_object_get_int_member (vector, "id"),
                          json_object_get_string_member (vector, "category"));
  va_start (args, fmt);
  g_string_append_vprintf (t->report, fmt, args);
  va_end (args);
  g_string_append_c (t->report, '\n');
}

/* The expected error kind against what memviz reported. For upstream
 * panics any clear error of memviz's own is right. */
static void
check_error (Tally       *t,
             JsonObject  *vector,
             const char  *expected,
             const GError *error,
             const char  *(*name) (int))
{
  if (error == NULL)
    {
      mismatch (t, vector, "expected error %s, memviz succeeded", expected);
      return;
    }
  if (error->message == NULL || error->message[0] == '\0')
    mismatch (t, vector, "error without a message");
  if (g_str_equal (expected, "panic"))
    return;
  if (name == NULL || !g_str_equal (name (error->code), expected))
    mismatch (t, vector, "expected error %s, memviz said %s (%s)", expected,
              name ? name (error->code) : g_quark_to_string (error->domain), error->message);
}

static void
finish (Tally      *t,
        const char *file)
{
  g_test_message ("%s: %u vectors checked, %u disagree", file, t->checked, t->failed);
  if (t->failed > 0)
    g_test_message ("%s", t->report->str);
  g_assert_cmpuint (t->failed, ==, 0);
  g_string_free (t->report, TRUE);
}

/* ---- layout ------------------------------------------------------------- */

static MvLayout *
build_layout (JsonObject *input,
              gboolean    numa,
              GArray     *mmio,
              GArray     *ecam,
              GArray     *pci,
              GError    **error)
{
  MvRange vtl2;
  gboolean has_vtl2 = !json_object_get_null_member (input, "vtl2_range");
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));

  if (!ranges_from_json (json_object_get_array_member (input, "mmio_gaps"), mmio, error) ||
      !ranges_from_json (json_object_get_array_member (input, "pci_ecam_gaps"), ecam, error) ||
      !ranges_from_json (json_object_get_array_member (input, "pci_mmio_gaps"), pci, error))
    return NULL;
  if (has_vtl2 && !range_from_json (json_object_get_member (input, "vtl2_range"), &vtl2, error))
    return NULL;

  if (numa)
    {
      JsonArray *a = json_object_get_array_member (input, "numa_sizes");
      const char *path = json_object_get_string_member (input, "path");

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          guint64 v = hex (json_array_get_element (a, i));
          g_array_append_val (sizes, v);
        }
      if (g_str_equal (path, "new"))
        {
          g_assert_cmpuint (sizes->len, ==, 1);
          return mv_layout_new (g_array_index (sizes, guint64, 0),
                                (MvRange *) mmio->data, mmio->len, (MvRange *) ecam->data, ecam->len,
                                (MvRange *) pci->data, pci->len, has_vtl2 ? &vtl2 : NULL, error);
        }
      return mv_layout_new_with_numa ((guint64 *) sizes->data, sizes->len,
                                      (MvRange *) mmio->data, mmio->len, (MvRange *) ecam->data, ecam->len,
                                      (MvRange *) pci->data, pci->len, has_vtl2 ? &vtl2 : NULL, error);
    }

  return mv_layout_new (hex_member (input, "ram_size"),
                        (MvRange *) mmio->data, mmio->len, (MvRange *) ecam->data, ecam->len,
                        (MvRange *) pci->data, pci->len, has_vtl2 ? &vtl2 : NULL, error);
}

static const char *
layout_error_name (const GError *error)
{
  return error->domain == MV_LAYOUT_ERROR ? mv_layout_error_name (error->code) : NULL;
}

static void
test_layout (void)
{
  g_autoptr(GPtrArray) vectors = load_vectors ("layout.jsonl.gz");
  Tally t = { 0, 0, g_string_new (NULL) };

  for (guint v = 0; v < vectors->len; v++)
    {
      JsonObject *vector = json_node_get_object (vectors->pdata[v]);
      JsonObject *input = json_object_get_object_member (vector, "input");
      JsonObject *output = json_object_get_object_member (vector, "output");
      g_autoptr(GArray) mmio = g_array_new (FALSE, FALSE, sizeof (MvRange));
      g_autoptr(GArray) ecam = g_array_new (FALSE, FALSE, sizeof (MvRange));
      g_autoptr(GArray) pci = g_array_new (FALSE, FALSE, sizeof (MvRange));
      g_autoptr(GError) error = NULL;
      g_autoptr(MvLayout) layout = build_layout (input, TRUE, mmio, ecam, pci, &error);
      JsonArray *ram, *probes;
      guint64 below;

      t.checked++;
      if (json_object_has_member (output, "error"))
        {
          const char *kind = json_object_get_string_member (output, "error");
          const char *got = error ? layout_error_name (error) : NULL;

          if (error == NULL)
            mismatch (&t, vector, "expected %s, got a layout", kind);
          else if (!g_str_equal (kind, "panic") && g_strcmp0 (got, kind) != 0)
            mismatch (&t, vector, "expected %s, got %s", kind, error->message);
          continue;
        }
      if (layout == NULL)
        {
          mismatch (&t, vector, "unexpected error: %s", error->message);
          continue;
        }

      ram = json_object_get_array_member (output, "ram");
      if (json_array_get_length (ram) != layout->ram->len)
        mismatch (&t, vector, "%u RAM ranges, expected %u", layout->ram->len,
                  json_array_get_length (ram));
      else
        for (guint i = 0; i < layout->ram->len; i++)
          {
            JsonArray *e = json_array_get_array_element (ram, i);
            const MvRamRange *r = &g_array_index (layout->ram, MvRamRange, i);

            if (r->range.start != hex (json_array_get_element (e, 0)) ||
                r->range.end != hex (json_array_get_element (e, 1)) ||
                r->vnode != (guint32) json_array_get_int_element (e, 2))
              mismatch (&t, vector, "RAM range %u differs", i);
          }

      if (mv_layout_end_of_ram (layout) != hex_member (output, "end_of_ram"))
        mismatch (&t, vector, "end_of_ram differs");
      if (mv_layout_ram_size (layout) != hex_member (output, "ram_size"))
        mismatch (&t, vector, "ram_size differs");
      if (mv_layout_end_of_layout (layout) != hex_member (output, "end_of_layout"))
        mismatch (&t, vector, "end_of_layout differs");
      if (json_object_get_null_member (output, "max_ram_below_4gb"))
        {
          if (mv_layout_max_ram_below_4gb (layout, &below))
            mismatch (&t, vector, "max_ram_below_4gb should be null");
        }
      else if (!mv_layout_max_ram_below_4gb (layout, &below) ||
               below != hex_member (output, "max_ram_below_4gb"))
        mismatch (&t, vector, "max_ram_below_4gb differs");

      probes = json_object_get_array_member (output, "probes");
      for (guint i = 0; i < json_array_get_length (probes); i++)
        {
          JsonArray *p = json_array_get_array_element (probes, i);
          guint64 addr = hex (json_array_get_element (p, 0));
          JsonNode *type = json_array_get_element (p, 1);
          const char *got = mv_address_type_name (mv_layout_probe_address (layout, addr));
          const char *want = JSON_NODE_HOLDS_NULL (type) ? NULL : json_node_get_string (type);

          if (g_strcmp0 (got, want) != 0)
            mismatch (&t, vector, "probe 0x%" G_GINT64_MODIFIER "x: %s, expected %s",
                      addr, got ? got : "null", want ? want : "null");
        }

      /* The shortfall is visible: placed + shortfall = asked. */
      if (mv_layout_ram_size (layout) + mv_layout_shortfall (layout) != layout->requested_ram)
        mismatch (&t, vector, "shortfall does not add up");
    }

  finish (&t, "layout.jsonl");
}

/* ---- mtrr --------------------------------------------------------------- */

/* @file's vectors through @version's compute_variable_mtrrs: mtrr.jsonl is
 * the current upstream's, mtrr-3550.jsonl and mtrr-pre-3550.jsonl the older
 * versions' on the same inputs (README.md). */
static void
check_mtrr_file (const char       *file,
                 MvOpenvmmVersion  version)
{
  g_autoptr(GPtrArray) vectors = load_vectors (file);
  Tally t = { 0, 0, g_string_new (NULL) };

  for (guint v = 0; v < vectors->len; v++)
    {
      JsonObject *vector = json_node_get_object (vectors->pdata[v]);
      JsonObject *input = json_object_get_object_member (vector, "input");
      JsonObject *output = json_object_get_object_member (vector, "output");
      g_autoptr(GArray) mmio = g_array_new (FALSE, FALSE, sizeof (MvRange));
      g_autoptr(GArray) ecam = g_array_new (FALSE, FALSE, sizeof (MvRange));
      g_autoptr(GArray) pci = g_array_new (FALSE, FALSE, sizeof (MvRange));
      g_autoptr(GArray) regs = g_array_new (FALSE, FALSE, sizeof (MvX86Register));
      g_autoptr(GError) error = NULL;
      g_autoptr(MvLayout) layout = NULL;
      MvRange low, high;
      gboolean ok = FALSE;
      const char *expected = json_object_has_member (output, "error")
                             ? json_object_get_string_member (output, "error") : NULL;
      JsonArray *want;
      gint64 width = json_object_get_int_member (input, "width");

      t.checked++;
      g_assert_cmpint (width, >=, 0);
      g_assert_cmpint (width, <=, 255);

      /* Upstream converts every range before building the layout. */
      layout = NULL;
      if (ranges_from_json (json_object_get_array_member (input, "mmio_gaps"), mmio, &error) &&
          ranges_from_json (json_object_get_array_member (input, "pci_ecam_gaps"), ecam, &error) &&
          ranges_from_json (json_object_get_array_member (input, "pci_mmio_gaps"), pci, &error))
        {
          MvRange vtl2;
          gboolean has_vtl2 = !json_object_get_null_member (input, "vtl2_range");

          if ((!has_vtl2 || range_from_json (json_object_get_member (input, "vtl2_range"), &vtl2, &error)) &&
              range_from_json (json_object_get_member (input, "low_mmio"), &low, &error) &&
              range_from_json (json_object_get_member (input, "high_mmio"), &high, &error))
            {
              layout = mv_layout_new (hex_member (input, "ram_size"),
                                      (MvRange *) mmio->data, mmio->len,
                                      (MvRange *) ecam->data, ecam->len,
                                      (MvRange *) pci->data, pci->len,
                                      has_vtl2 ? &vtl2 : NULL, &error);
              if (layout != NULL)
                ok = mv_mtrr_compute_version (version, layout, (guint8) width, low, high,
                                              regs, &error);
            }
        }

      if (expected != NULL)
        {
          if (ok)
            mismatch (&t, vector, "expected %s, memviz computed registers", expected);
          else if (g_str_equal (expected, "panic"))
            {
              if (error == NULL || error->message[0] == '\0')
                mismatch (&t, vector, "panic vector without a clear error");
            }
          else if (!(error->domain == MV_LAYOUT_ERROR &&
                     g_str_equal (mv_layout_error_name (error->code), expected)) &&
                   !(error->domain == MV_MTRR_ERROR &&
                     error->code == MV_MTRR_ERROR_UNSUPPORTED_MMIO &&
                     g_str_equal (expected, "UnsupportedMmio")))
            mismatch (&t, vector, "expected %s, memviz said: %s", expected, error->message);
          if (!ok && regs->len != 0)
            mismatch (&t, vector, "registers emitted before an error");
          continue;
        }

      if (!ok)
        {
          mismatch (&t, vector, "unexpected error: %s", error->message);
          continue;
        }

      want = json_object_get_array_member (output, "registers");
      if (json_array_get_length (want) != regs->len)
        {
          mismatch (&t, vector, "%u registers, expected %u", regs->len, json_array_get_length (want));
          continue;
        }
      for (guint i = 0; i < regs->len; i++)
        {
          JsonArray *pair = json_array_get_array_element (want, i);
          const MvX86Register *r = &g_array_index (regs, MvX86Register, i);
          const char *name = json_array_get_string_element (pair, 0);
          guint64 value = hex (json_array_get_element (pair, 1));

          if (!g_str_equal (name, mv_reg_name_to_string (r->name)) || value != r->value)
            {
              g_autofree char *got = to_hex (r->value);
              mismatch (&t, vector, "register %u: %s=%s, expected %s=%s", i,
                        mv_reg_name_to_string (r->name), got, name,
                        json_array_get_string_element (pair, 1));
            }
          if ((i & 1) && (r->value & MV_MTRR_MASK_VALID) == 0)
            mismatch (&t, vector, "mask without the valid bit");
        }
      if (mv_layout_end_of_ram (layout) != hex_member (output, "end_of_ram") ||
          mv_layout_ram_size (layout) != hex_member (output, "ram_size"))
        mismatch (&t, vector, "end_of_ram or ram_size differs");
    }

  finish (&t, file);
}

static void
test_mtrr (void)
{
  check_mtrr_file ("mtrr.jsonl.gz", MV_OPENVMM_VERSION_CURRENT);
}

static void
test_mtrr_3550 (void)
{
  check_mtrr_file ("mtrr-3550.jsonl.gz", MV_OPENVMM_VERSION_3550);
}

static void
test_mtrr_pre_3550 (void)
{
  check_mtrr_file ("mtrr-pre-3550.jsonl.gz", MV_OPENVMM_VERSION_PRE_3550);
}

/* ---- import --------------------------------------------------------------- */

static void
compare_calls (Tally      *t,
               JsonObject *vector,
               JsonArray  *want,
               MvRecorder *rec)
{
  if (want == NULL)
    want = json_array_new ();
  else
    json_array_ref (want);

  if (json_array_get_length (want) != rec->calls->len)
    mismatch (t, vector, "%u calls, expected %u", rec->calls->len, json_array_get_length (want));
  else
    for (guint i = 0; i < rec->calls->len; i++)
      {
        JsonArray *c = json_array_get_array_element (want, i);
        const MvImportCall *call = &g_array_index (rec->calls, MvImportCall, i);

        if (call->page_base != hex (json_array_get_element (c, 0)) ||
            call->page_count != hex (json_array_get_element (c, 1)) ||
            call->data_len != hex (json_array_get_element (c, 2)) ||
            call->crc32 != hex (json_array_get_element (c, 3)))
          mismatch (t, vector, "call %u differs: got [0x%" G_GINT64_MODIFIER "x, 0x%"
                    G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x, 0x%x]", i,
                    call->page_base, call->page_count, call->data_len, call->crc32);
      }

  if (mv_recorder_map_pages (rec) != rec->total_pages)
    mismatch (t, vector, "page map pages do not add up to the calls' pages");
  json_array_unref (want);
}

static void
test_import (void)
{
  g_autoptr(GPtrArray) vectors = load_vectors ("import.jsonl.gz");
  Tally t = { 0, 0, g_string_new (NULL) };

  for (guint v = 0; v < vectors->len; v++)
    {
      JsonObject *vector = json_node_get_object (vectors->pdata[v]);
      JsonObject *input = json_object_get_object_member (vector, "input");
      JsonObject *output = json_object_get_object_member (vector, "output");
      const char *expected = json_object_has_member (output, "error")
                             ? json_object_get_string_member (output, "error") : NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(MvSource) file = formula_source_new (hex_member (input, "file_size"));
      g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
      g_autoptr(MvChunkBuf) chunk = NULL;
      guint64 chunk_size = hex_member (input, "chunk_size");
      MvFileRegion region = {
        .file = file,
        .file_offset = hex_member (input, "file_offset"),
        .file_length = hex_member (input, "file_length"),
        .gpa = hex_member (input, "gpa"),
        .memory_length = hex_member (input, "memory_length"),
        .tag = json_object_get_string_member (input, "tag"),
      };
      gboolean ok = FALSE;

      t.checked++;
      g_assert_true (mv_acceptance_from_string (json_object_get_string_member (input, "acceptance"),
                                                &region.acceptance));
      chunk = mv_chunk_buf_new ((gsize) chunk_size, &error);
      if (chunk != NULL)
        ok = mv_chunk_buf_import_file_region (chunk, &rec->parent, &region, NULL, NULL, NULL, &error);

      if (expected != NULL)
        {
          if (ok)
            mismatch (&t, vector, "expected %s, the import succeeded", expected);
          else
            check_error (&t, vector, expected, error,
                         error->domain == MV_FILE_IMPORT_ERROR ? mv_file_import_error_name : NULL);
        }
      else if (!ok)
        mismatch (&t, vector, "unexpected error: %s", error->message);

      /* The calls, including those made before an error. */
      compare_calls (&t, vector,
                     json_object_has_member (output, "calls")
                     ? json_object_get_array_member (output, "calls") : NULL, rec);

      /* Every call carries this vector's tag and acceptance. */
      for (guint i = 0; i < rec->calls->len; i++)
        {
          const MvImportCall *c = &g_array_index (rec->calls, MvImportCall, i);
          if (!g_str_equal (c->tag, region.tag) || c->acceptance != region.acceptance)
            mismatch (&t, vector, "call %u lost its tag or acceptance", i);
        }
    }

  finish (&t, "import.jsonl");
}

/* ---- gdt ------------------------------------------------------------------ */

static void
test_gdt (void)
{
  g_autoptr(GPtrArray) vectors = load_vectors ("gdt.jsonl.gz");
  Tally t = { 0, 0, g_string_new (NULL) };

  for (guint v = 0; v < vectors->len; v++)
    {
      JsonObject *vector = json_node_get_object (vectors->pdata[v]);
      JsonObject *input = json_object_get_object_member (vector, "input");
      JsonObject *output = json_object_get_object_member (vector, "output");
      g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
      g_autoptr(GError) error = NULL;
      guint64 page = hex_member (input, "gdt_page_base");
      gboolean ok = mv_gdt_import_default (&rec->parent, page, &error);
      JsonArray *pages, *regs;

      t.checked++;
      if (json_object_has_member (output, "error"))
        {
          check_error (&t, vector, json_object_get_string_member (output, "error"), error, NULL);
          continue;
        }
      if (!ok)
        {
          mismatch (&t, vector, "unexpected error: %s", error->message);
          continue;
        }

      pages = json_object_get_array_member (output, "pages");
      if (json_array_get_length (pages) != 1 || rec->calls->len != 1)
        mismatch (&t, vector, "expected one page import");
      else
        {
          JsonArray *p = json_array_get_array_element (pages, 0);
          const MvImportCall *c = &g_array_index (rec->calls, MvImportCall, 0);
          guint8 bytes[MV_GDT_DEFAULT_SIZE];
          GString *hexdata = g_string_new (NULL);

          mv_gdt_default_bytes (bytes);
          for (guint i = 0; i < sizeof bytes; i++)
            g_string_append_printf (hexdata, "%02x", bytes[i]);
          if (c->page_base != hex (json_array_get_element (p, 0)) ||
              c->page_count != hex (json_array_get_element (p, 1)) ||
              !g_str_equal (c->tag, json_array_get_string_element (p, 2)) ||
              !g_str_equal (mv_acceptance_to_string (c->acceptance), json_array_get_string_element (p, 3)) ||
              !g_str_equal (hexdata->str, json_array_get_string_element (p, 4)) ||
              c->data_len != sizeof bytes ||
              c->crc32 != (guint32) crc32 (0, bytes, sizeof bytes))
            mismatch (&t, vector, "the GDT page differs");
          g_string_free (hexdata, TRUE);
        }

      regs = json_object_get_array_member (output, "registers");
      if (json_array_get_length (regs) != rec->registers->len)
        {
          mismatch (&t, vector, "%u registers, expected %u", rec->registers->len,
                    json_array_get_length (regs));
          continue;
        }
      for (guint i = 0; i < rec->registers->len; i++)
        {
          JsonArray *e = json_array_get_array_element (regs, i);
          JsonObject *fields = json_array_get_object_element (e, 1);
          const MvX86Register *r = &g_array_index (rec->registers, MvX86Register, i);

          if (!g_str_equal (json_array_get_string_element (e, 0), mv_reg_name_to_string (r->name)))
            mismatch (&t, vector, "register %u is %s", i, mv_reg_name_to_string (r->name));
          else if (mv_reg_name_kind (r->name) == MV_REG_KIND_TABLE)
            {
              if (r->table.base != hex_member (fields, "base") ||
                  r->table.limit != hex_member (fields, "limit"))
                mismatch (&t, vector, "GDTR differs");
            }
          else if (r->segment.selector != hex_member (fields, "selector") ||
                   r->segment.base != hex_member (fields, "base") ||
                   r->segment.limit != hex_member (fields, "limit") ||
                   r->segment.attributes != hex_member (fields, "attributes"))
            mismatch (&t, vector, "segment register %s differs", mv_reg_name_to_string (r->name));
        }
    }

  finish (&t, "gdt.jsonl");
}

/* ---- crc32 ---------------------------------------------------------------- */

static void
test_crc32 (void)
{
  g_autoptr(GPtrArray) vectors = load_vectors ("crc32.jsonl.gz");
  Tally t = { 0, 0, g_string_new (NULL) };

  for (guint v = 0; v < vectors->len; v++)
    {
      JsonObject *vector = json_node_get_object (vectors->pdata[v]);
      JsonObject *input = json_object_get_object_member (vector, "input");
      JsonObject *output = json_object_get_object_member (vector, "output");
      g_autoptr(MvSource) file = formula_source_new (hex_member (input, "file_size"));
      g_autoptr(GError) error = NULL;
      g_autoptr(MvChunkBuf) chunk = mv_chunk_buf_new ((gsize) hex_member (input, "chunk_size"), &error);
      guint32 crc = 0;
      gboolean ok = chunk != NULL &&
                    mv_chunk_buf_crc32 (chunk, file, hex_member (input, "length"), &crc, &error);

      t.checked++;
      if (json_object_has_member (output, "error"))
        {
          if (ok)
            mismatch (&t, vector, "expected an error");
          else
            check_error (&t, vector, json_object_get_string_member (output, "error"), error,
                         error->domain == MV_FILE_IMPORT_ERROR ? mv_file_import_error_name : NULL);
        }
      else if (!ok)
        mismatch (&t, vector, "unexpected error: %s", error->message);
      else if (crc != hex_member (output, "crc32"))
        mismatch (&t, vector, "crc32 0x%x, expected %s", crc,
                  json_object_get_string_member (output, "crc32"));
    }

  finish (&t, "crc32.jsonl");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/vectors/layout", test_layout);
  g_test_add_func ("/vectors/mtrr", test_mtrr);
  g_test_add_func ("/vectors/mtrr-3550", test_mtrr_3550);
  g_test_add_func ("/vectors/mtrr-pre-3550", test_mtrr_pre_3550);
  g_test_add_func ("/vectors/import", test_import);
  g_test_add_func ("/vectors/gdt", test_gdt);
  g_test_add_func ("/vectors/crc32", test_crc32);

  return g_test_run ();
}
