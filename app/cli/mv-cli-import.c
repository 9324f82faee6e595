/* SPDX-License-Identifier: MIT */
/* memviz-cli import, memviz-cli crc32 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mv-cli.h"
#include "mv-file-import.h"
#include "mv-parse.h"

static const char import_help[] =
  "Imports a region of a file into guest memory the way OpenVMM's\n"
  "ChunkBuf::import_file_region does, and prints the page map. On a\n"
  "terminal, how far the read is goes to standard error; --max-length refuses\n"
  "a region longer than N before anything is read.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli import --file initrd.img --gpa 0x2000000\n"
  "  memviz-cli import --file disk.img --gpa 4G --max-length 1G\n"
  "  memviz-cli import --file vmlinux --gpa 1M --file-offset 4K --memory-length 16M --trace --json\n";

static gboolean
parse_size_option (const char *name,
                   const char *text,
                   guint64    *out,
                   GError    **error)
{
  if (text == NULL)
    return TRUE;
  if (!mv_parse_size (text, out, error))
    {
      g_prefix_error (error, "--%s %s: ", name, text);
      return FALSE;
    }
  return TRUE;
}

/* The traced calls, written to an unnamed temporary file as they are
 * made and read back once for the output, which lists them last: memory
 * stays the same at any file size (a 16 GiB file makes 262,144 calls,
 * whose JSON nodes took 380 MiB). */
typedef struct
{
  FILE   *file;
  guint64 n;
  gboolean failed;
} CallLog;

typedef struct
{
  guint64 page_base;
  guint64 page_count;
  guint64 data_len;
  guint32 crc32;
} LoggedCall;

static void
call_log_clear (CallLog *log)
{
  g_clear_pointer (&log->file, fclose);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CallLog, call_log_clear)

static void
log_call (const MvImportCall *call,
          gpointer            user_data)
{
  CallLog *log = user_data;
  LoggedCall c;

  /* Zeroed whole: the struct's padding is written to the file too. */
  memset (&c, 0, sizeof c);
  c.page_base = call->page_base;
  c.page_count = call->page_count;
  c.data_len = call->data_len;
  c.crc32 = call->crc32;
  if (!log->failed && fwrite (&c, sizeof c, 1, log->file) != 1)
    log->failed = TRUE;
  log->n++;
}

/* Reads the calls back one by one; FALSE at the end. */
static gboolean
next_call (CallLog    *log,
           LoggedCall *c)
{
  return fread (c, sizeof *c, 1, log->file) == 1;
}

static gboolean
rewind_log (CallLog  *log,
            GError  **error)
{
  if (log->failed || fflush (log->file) != 0 || fseek (log->file, 0, SEEK_SET) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "cannot keep the traced calls in a temporary file: %s", g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* The "calls" member, empty: json_calls_tail () prints its elements. */
static void
json_calls (JsonBuilder   *b,
            gconstpointer  data)
{
  json_builder_set_member_name (b, "calls");
  json_builder_begin_array (b);
  json_builder_end_array (b);
}

static gboolean
json_calls_tail (gpointer data)
{
  CallLog *log = data;
  LoggedCall c;
  guint64 i = 0;

  for (; next_call (log, &c); i++)
    g_print ("%s\n    {\n      \"page_base\" : \"0x%" G_GINT64_MODIFIER "x\",\n"
             "      \"page_count\" : \"0x%" G_GINT64_MODIFIER "x\",\n"
             "      \"data_len\" : \"0x%" G_GINT64_MODIFIER "x\",\n"
             "      \"crc32\" : \"0x%x\"\n    }",
             i > 0 ? "," : "", c.page_base, c.page_count, c.data_len, c.crc32);
  return i > 0;
}

static void
print_calls (CallLog *log)
{
  LoggedCall c;

  g_print ("import_pages calls:\n");
  for (guint64 i = 0; next_call (log, &c); i++)
    g_print ("  %4" G_GUINT64_FORMAT "  page_base 0x%" G_GINT64_MODIFIER "x  page_count 0x%"
             G_GINT64_MODIFIER "x  data_len 0x%" G_GINT64_MODIFIER "x  crc32 0x%08x\n",
             i, c.page_base, c.page_count, c.data_len, c.crc32);
}

/* Progress on a terminal: a long import (a sparse 1 TiB file reads for
 * minutes) says how far it is, at most five times a second, on one line. */
typedef struct
{
  gint64 last;     /* monotonic time of the last line, in microseconds */
  gboolean shown;
} Progress;

static gboolean
show_progress (guint64  done,
               guint64  total,
               gpointer user_data)
{
  Progress *p = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - p->last < G_USEC_PER_SEC / 5 && done < total)
    return TRUE;
  p->last = now;
  p->shown = TRUE;
  {
    g_autofree char *d = g_format_size_full (done, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *t = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);

    fprintf (stderr, "\rmemviz-cli import: %s of %s read (%u%%)\033[K", d, t,
             total > 0 ? (guint) (done * 100 / total) : 100);
    fflush (stderr);
  }
  return TRUE;
}

int
mv_cli_import_main (int    argc,
                    char **argv)
{
  g_autofree char *path = NULL;
  g_autofree char *gpa_text = NULL;
  g_autofree char *offset_text = NULL;
  g_autofree char *flen_text = NULL;
  g_autofree char *mlen_text = NULL;
  g_autofree char *chunk_text = NULL;
  g_autofree char *acceptance_text = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *max_text = NULL;
  gboolean trace = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &path, "The file to import (required)", "PATH" },
    { "gpa", 0, 0, G_OPTION_ARG_STRING, &gpa_text, "Guest physical address to import at (required)", "ADDR" },
    { "file-offset", 0, 0, G_OPTION_ARG_STRING, &offset_text, "Offset in the file (default 0)", "N" },
    { "file-length", 0, 0, G_OPTION_ARG_STRING, &flen_text, "Bytes to read (default: the rest of the file)", "N" },
    { "memory-length", 0, 0, G_OPTION_ARG_STRING, &mlen_text, "Bytes of guest memory, data plus zero fill (default: the file length)", "N" },
    { "chunk-size", 0, 0, G_OPTION_ARG_STRING, &chunk_text, "Chunk buffer size, rounded down to pages (default 64K)", "N" },
    { "acceptance", 0, 0, G_OPTION_ARG_STRING, &acceptance_text, "Page acceptance: Exclusive (default), ExclusiveUnmeasured, VpContext, SecretsPage, CpuidPage, CpuidExtendedStatePage, Shared", "NAME" },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, "Debug tag (default: the file name)", "TEXT" },
    { "max-length", 0, 0, G_OPTION_ARG_STRING, &max_text,
      "Refuse to read more than N bytes of the file (default: no limit)", "N" },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace, "Also list every import_pages call with the CRC-32 of its data", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Write JSON instead of text", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = mv_cli_context_new ("- import a file region", NULL, import_help);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) import_error = NULL;
  g_autoptr(MvSource) source = NULL;
  g_autoptr(MvChunkBuf) chunk = NULL;
  g_autoptr(MvRecorder) rec = NULL;
  g_auto(CallLog) log = { 0 };
  g_autofree char *basename = NULL;
  MvFileRegion region = { 0 };
  guint64 chunk_size = MV_CHUNK_DEFAULT_SIZE;
  guint32 crc = 0;
  guint64 max_length = G_MAXUINT64;
  struct stat st;
  Progress progress = { 0 };
  gboolean on_terminal = isatty (STDERR_FILENO);
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!mv_cli_parse_options (context, &argc, &argv, &error))
    return mv_cli_fail (json, error);
  if (argc > 1)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE, "import: unexpected argument \"%s\"", argv[1]);
      return mv_cli_fail (json, error);
    }
  if (path == NULL || gpa_text == NULL)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "import: --file PATH and --gpa ADDR are required");
      return mv_cli_fail (json, error);
    }

  region.acceptance = MV_ACCEPTANCE_EXCLUSIVE;
  if (acceptance_text != NULL && !mv_acceptance_from_string (acceptance_text, &region.acceptance))
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                   "--acceptance %s: not an acceptance (Exclusive, ExclusiveUnmeasured, VpContext, "
                   "SecretsPage, CpuidPage, CpuidExtendedStatePage or Shared)", acceptance_text);
      return mv_cli_fail (json, error);
    }

  if (!parse_size_option ("gpa", gpa_text, &region.gpa, &error) ||
      !parse_size_option ("max-length", max_text, &max_length, &error) ||
      !parse_size_option ("file-offset", offset_text, &region.file_offset, &error) ||
      !parse_size_option ("chunk-size", chunk_text, &chunk_size, &error))
    return mv_cli_fail (json, error);

  if (chunk_size > G_MAXSIZE)
    chunk_size = G_MAXSIZE;
  if (!(chunk = mv_chunk_buf_new ((gsize) chunk_size, &error)))
    return mv_cli_fail (json, error);

  if (!(source = mv_source_new_for_path (path, &error)))
    return mv_cli_fail (json, error);
  if (stat (path, &st) != 0)
    {
      int errsv = errno;
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "cannot read %s: %s", shown, g_strerror (errsv));
      return mv_cli_fail (json, error);
    }

  if (flen_text != NULL)
    {
      if (!parse_size_option ("file-length", flen_text, &region.file_length, &error))
        return mv_cli_fail (json, error);
    }
  else
    region.file_length = (guint64) st.st_size > region.file_offset
                         ? (guint64) st.st_size - region.file_offset : 0;

  region.memory_length = region.file_length;
  if (!parse_size_option ("memory-length", mlen_text, &region.memory_length, &error))
    return mv_cli_fail (json, error);
  if (region.file_length > max_length)
    {
      g_autofree char *want = mv_format_size (region.file_length);
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                   "--max-length %s: %s would read %s (0x%" G_GINT64_MODIFIER "x bytes) of the file, "
                   "more than that", max_text, shown, want, region.file_length);
      return mv_cli_fail (json, error);
    }

  basename = g_path_get_basename (path);
  region.file = source;
  region.tag = tag != NULL ? tag : basename;

  rec = mv_recorder_new (trace);
  if (trace)
    {
      if ((log.file = tmpfile ()) == NULL)
        {
          int errsv = errno;

          g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                       "cannot make a temporary file for the traced calls: %s",
                       g_strerror (errsv));
          return mv_cli_fail (json, error);
        }
      rec->on_call = log_call;
      rec->on_call_data = &log;
    }
  ok = mv_chunk_buf_import_file_region (chunk, &rec->parent, &region, &crc,
                                        on_terminal ? show_progress : NULL, &progress,
                                        &import_error);
  if (progress.shown)
    fprintf (stderr, "\r\033[K");

  if (!ok)
    {
      /* The calls made before the error are part of the answer. */
      if (trace && !rewind_log (&log, &error))
        return mv_cli_fail (json, error);
      if (json && trace)
        return mv_cli_fail_streamed (json, import_error, json_calls, NULL, json_calls_tail, &log);
      if (trace)
        print_calls (&log);
      return mv_cli_fail (json, import_error);
    }

  if (trace && !rewind_log (&log, &error))
    return mv_cli_fail (json, error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "page_map");
      mv_json_page_map (b, rec);
      mv_json_hex (b, "crc32", crc);
      mv_json_hex (b, "file_length", region.file_length);
      mv_json_hex (b, "memory_length", region.memory_length);
      if (trace)
        json_calls (b, NULL);
      json_builder_end_object (b);
      mv_json_print_streamed (b, trace ? json_calls_tail : NULL, &log);
      return MV_CLI_EXIT_OK;
    }

  g_print ("Imported %s: 0x%" G_GINT64_MODIFIER "x bytes from offset 0x%" G_GINT64_MODIFIER
           "x at GPA 0x%" G_GINT64_MODIFIER "x, memory length 0x%" G_GINT64_MODIFIER "x, "
           "CRC-32 0x%08x\n", path, region.file_length, region.file_offset, region.gpa,
           region.memory_length, crc);
  g_print ("%" G_GUINT64_FORMAT " import_pages call%s, %" G_GUINT64_FORMAT " pages\n\n",
           rec->n_calls, rec->n_calls == 1 ? "" : "s", rec->total_pages);
  mv_print_page_map (rec);
  if (trace)
    {
      g_print ("\n");
      print_calls (&log);
    }
  return MV_CLI_EXIT_OK;
}

static const char crc32_help[] =
  "The zlib CRC-32 of the first bytes of a file, read in chunks the way\n"
  "OpenVMM's ChunkBuf::crc32 does.\n"
  "\n"
  "Examples:\n"
  "  memviz-cli crc32 initrd.img\n"
  "  memviz-cli crc32 vmlinux --length 4K --json\n";

int
mv_cli_crc32_main (int    argc,
                   char **argv)
{
  g_autofree char *length_text = NULL;
  g_autofree char *chunk_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "length", 0, 0, G_OPTION_ARG_STRING, &length_text, "Bytes to hash (default: the whole file)", "N" },
    { "chunk-size", 0, 0, G_OPTION_ARG_STRING, &chunk_text, "Chunk buffer size (default 64K)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Write JSON instead of text", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = mv_cli_context_new ("PATH - CRC-32 of a file", NULL, crc32_help);
  g_autoptr(GError) error = NULL;
  g_autoptr(MvSource) source = NULL;
  g_autoptr(MvChunkBuf) chunk = NULL;
  guint64 chunk_size = MV_CHUNK_DEFAULT_SIZE;
  guint64 length;
  guint32 crc;
  struct stat st;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!mv_cli_parse_options (context, &argc, &argv, &error))
    return mv_cli_fail (json, error);
  if (argc != 2)
    {
      g_set_error (&error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   argc < 2 ? "crc32: give the PATH of a file" : "crc32: give one PATH only");
      return mv_cli_fail (json, error);
    }

  if (!parse_size_option ("chunk-size", chunk_text, &chunk_size, &error))
    return mv_cli_fail (json, error);
  if (chunk_size > G_MAXSIZE)
    chunk_size = G_MAXSIZE;
  if (!(chunk = mv_chunk_buf_new ((gsize) chunk_size, &error)))
    return mv_cli_fail (json, error);
  if (!(source = mv_source_new_for_path (argv[1], &error)))
    return mv_cli_fail (json, error);
  if (stat (argv[1], &st) != 0)
    {
      int errsv = errno;
      g_autofree char *shown = g_filename_display_name (argv[1]);

      g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "cannot read %s: %s", shown, g_strerror (errsv));
      return mv_cli_fail (json, error);
    }
  length = (guint64) st.st_size;
  if (!parse_size_option ("length", length_text, &length, &error))
    return mv_cli_fail (json, error);

  if (!mv_chunk_buf_crc32 (chunk, source, length, &crc, &error))
    return mv_cli_fail (json, error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mv_json_hex (b, "crc32", crc);
      mv_json_hex (b, "length", length);
      json_builder_end_object (b);
      mv_json_print (b);
    }
  else
    g_print ("0x%08x  %" G_GUINT64_FORMAT " bytes of %s\n", crc, length, argv[1]);
  return MV_CLI_EXIT_OK;
}
