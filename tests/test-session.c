/* SPDX-License-Identifier: MIT */
/* The window's model without a display: MvHistory and MvSession. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mv-history.h"
#include "mv-presets.h"
#include "mv-mtrr-source.h"
#include "mv-session.h"
#include "mv-test-util.h"

/* --- MvHistory, no display needed --------------------------------------- */

static gpointer
copy_str (gconstpointer s)
{
  return g_strdup (s);
}

static void
test_history (void)
{
  g_autoptr(MvHistory) h = mv_history_new (copy_str, g_free, 3);
  g_autofree char *s = NULL;

  g_assert_false (mv_history_can_undo (h));
  mv_history_push (h, "a", "field", "one");
  mv_history_push (h, "ab", "field", "two");   /* merged: keeps "a" */
  g_assert_cmpuint (mv_history_n_undo (h), ==, 1);
  mv_history_break_merge (h);
  mv_history_push (h, "abc", "field", "three");
  g_assert_cmpuint (mv_history_n_undo (h), ==, 2);
  g_assert_cmpstr (mv_history_undo_label (h), ==, "three");

  s = mv_history_undo (h, "abcd");
  g_assert_cmpstr (s, ==, "abc");
  g_clear_pointer (&s, g_free);
  g_assert_cmpuint (mv_history_n_redo (h), ==, 1);
  s = mv_history_undo (h, "abc");
  g_assert_cmpstr (s, ==, "a");
  g_clear_pointer (&s, g_free);
  g_assert_null (mv_history_undo (h, "a"));
  s = mv_history_redo (h, "a");
  g_assert_cmpstr (s, ==, "abc");
  g_clear_pointer (&s, g_free);
  s = mv_history_redo (h, "abc");
  g_assert_cmpstr (s, ==, "abcd");
  g_clear_pointer (&s, g_free);
  g_assert_null (mv_history_redo (h, "abcd"));

  /* A new edit drops the redo steps; the stack keeps at most 3. */
  s = mv_history_undo (h, "abcd");
  g_clear_pointer (&s, g_free);
  mv_history_push (h, "x", NULL, NULL);
  g_assert_false (mv_history_can_redo (h));
  mv_history_push (h, "y", NULL, NULL);
  mv_history_push (h, "z", NULL, NULL);
  g_assert_cmpuint (mv_history_n_undo (h), ==, 3);
}

static void
test_history_pause (void)
{
  g_autoptr(MvHistory) h = mv_history_new (copy_str, g_free, 0);

  /* The default: edits of one field in a quick row merge. */
  mv_history_push (h, "a", "field", NULL);
  mv_history_push (h, "ab", "field", NULL);
  g_assert_cmpuint (mv_history_n_undo (h), ==, 1);

  /* A pause longer than the timeout starts a new step. */
  mv_history_set_merge_timeout (h, 20 * 1000);
  mv_history_push (h, "abc", "field", NULL);
  g_assert_cmpuint (mv_history_n_undo (h), ==, 1);
  g_usleep (60 * 1000);
  mv_history_push (h, "abcd", "field", NULL);
  g_assert_cmpuint (mv_history_n_undo (h), ==, 2);
  mv_history_push (h, "abcde", "field", NULL);
  g_assert_cmpuint (mv_history_n_undo (h), ==, 2);

  /* 0: every edit is a step. */
  mv_history_set_merge_timeout (h, 0);
  g_usleep (1000);
  mv_history_push (h, "abcdef", "field", NULL);
  g_assert_cmpuint (mv_history_n_undo (h), ==, 3);
}

/* --- MvSession ----------------------------------------------------------- */

static void
increment (guint *n)
{
  (*n)++;
}

static MvSession *
session_with_preset (const char *name)
{
  g_autoptr(GError) error = NULL;
  MvDocument *doc = mv_preset_load (name, &error);
  MvSession *session = mv_session_new ();

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  mv_session_load (session, doc, NULL, NULL);
  return session;
}

static guint64
first_ram_size (MvSession *session)
{
  return g_array_index (mv_session_get_document (session)->ram_sizes, guint64, 0);
}

/* An edit computes at once (no file imports), marks the session modified
 * and is one undo step; undo and redo bring the documents back. */
static void
test_session_edit_undo (void)
{
  g_autoptr(MvSession) session = session_with_preset ("openvmm-default-8g");
  guint64 before = first_ram_size (session);
  guint64 generation = mv_session_get_generation (session);
  MvDocument *doc;

  g_assert_nonnull (mv_session_get_scenario (session));
  g_assert_nonnull (mv_session_get_mtrr_state (session));
  g_assert_false (mv_session_get_modified (session));
  g_assert_false (mv_session_can_undo (session));

  doc = mv_session_dup_document (session);
  g_array_index (doc->ram_sizes, guint64, 0) = (guint64) 4 << 30;
  mv_session_edit (session, doc, NULL, "RAM size");
  g_assert_cmpuint (first_ram_size (session), ==, (guint64) 4 << 30);
  g_assert_cmpuint (mv_session_get_generation (session), >, generation);
  g_assert_true (mv_session_get_modified (session));
  g_assert_true (mv_session_can_undo (session));
  g_assert_cmpstr (mv_session_get_undo_label (session), ==, "RAM size");
  g_assert_null (mv_session_get_error (session));

  g_assert_true (mv_session_undo (session));
  g_assert_cmpuint (first_ram_size (session), ==, before);
  g_assert_false (mv_session_get_modified (session));
  g_assert_true (mv_session_can_redo (session));
  g_assert_true (mv_session_redo (session));
  g_assert_cmpuint (first_ram_size (session), ==, (guint64) 4 << 30);
}

/* A document that does not compute: the error is the session's, the
 * scenario of the last layout that worked stays, marked stale. */
static void
test_session_error_keeps_scenario (void)
{
  g_autoptr(MvSession) session = session_with_preset ("openvmm-default-8g");
  const MvScenario *before = mv_session_get_scenario (session);
  MvDocument *doc = mv_session_dup_document (session);

  g_assert_nonnull (before);
  g_assert_false (mv_session_get_stale (session));
  /* Two overlapping MMIO gaps. */
  g_assert_cmpuint (doc->mmio->len, >, 0);
  {
    MvRange gap = g_array_index (doc->mmio, MvRange, 0);

    gap.start += 0x1000;
    gap.end += 0x1000;
    g_array_append_val (doc->mmio, gap);
  }
  mv_session_edit (session, doc, NULL, "Gap");
  g_assert_nonnull (mv_session_get_error (session));
  g_assert_true (mv_session_get_stale (session));
  g_assert_nonnull (mv_session_get_scenario (session));
}

/* Save writes the file and clears the modified mark; another session
 * loads the same document from it. */
static void
test_session_save_load (void)
{
  g_autoptr(MvSession) session = session_with_preset ("openvmm-default-8g");
  g_autoptr(MvSession) other = mv_session_new ();
  g_autofree char *path = g_build_filename (test_tmp_dir (), "session.memviz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MvDocument *doc = mv_session_dup_document (session);

  g_array_index (doc->ram_sizes, guint64, 0) = (guint64) 6 << 30;
  mv_session_edit (session, doc, NULL, "RAM size");
  g_assert_true (mv_session_save (session, file, &error));
  g_assert_no_error (error);
  g_assert_false (mv_session_get_modified (session));
  g_assert_true (g_file_equal (mv_session_get_file (session), file));

  g_assert_true (mv_session_load_file (other, file, &error));
  g_assert_no_error (error);
  g_assert_true (mv_document_equal (mv_session_get_document (other), mv_session_get_document (session)));
  g_assert_false (mv_session_get_modified (other));
  g_unlink (path);
}

/* A file that is not a document: a clear error, the session unchanged. */
static void
test_session_load_bad_file (void)
{
  g_autoptr(MvSession) session = session_with_preset ("openvmm-default-8g");
  g_autofree char *path = g_build_filename (test_tmp_dir (), "bad.memviz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint64 before = first_ram_size (session);

  g_assert_true (g_file_set_contents (path, "[layout\nram = banana\n", -1, NULL));
  g_assert_false (mv_session_load_file (session, file, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpuint (first_ram_size (session), ==, before);
  g_assert_null (mv_session_get_file (session));
  g_unlink (path);
}

/* Moving a preset's layout away from it retires its words ("Based on
 * …", no description); moving it back brings the preset's own document
 * back, where the edited one lived. */
static void
test_session_preset_prose (void)
{
  g_autoptr(MvSession) session = session_with_preset ("openvmm-default-8g");
  g_autoptr(MvDocument) preset = mv_preset_load ("openvmm-default-8g", NULL);
  g_autofree char *based_on = g_strdup_printf ("Based on \u201c%s\u201d", preset->title);
  guint64 ram = first_ram_size (session);
  MvDocument *doc;

  mv_session_set_preset (session, "openvmm-default-8g");
  g_assert_cmpstr (mv_session_get_preset (session), ==, "openvmm-default-8g");
  doc = mv_session_dup_document (session);
  g_array_index (doc->ram_sizes, guint64, 0) = (guint64) 4 << 30;
  mv_session_edit (session, doc, NULL, "RAM size");
  g_assert_cmpstr (mv_session_get_document (session)->title, ==, based_on);
  g_assert_null (mv_session_get_document (session)->description);

  doc = mv_session_dup_document (session);
  g_free (doc->path);
  doc->path = g_strdup ("/somewhere/else.memviz");
  g_array_index (doc->ram_sizes, guint64, 0) = ram;
  mv_session_edit (session, doc, NULL, "RAM size");
  g_assert_true (mv_document_equal (mv_session_get_document (session), preset));
  g_assert_cmpstr (mv_session_get_document (session)->description, ==, preset->description);
  g_assert_cmpstr (mv_session_get_document (session)->path, ==, "/somewhere/else.memviz");
}

/* A document that was not loaded as a preset keeps its title, even one
 * that reads like a preset's: the session knows its preset, it does not
 * guess it from the words. */
static void
test_session_preset_words_not_guessed (void)
{
  g_autoptr(MvSession) session = session_with_preset ("openvmm-default-8g");
  g_autoptr(MvDocument) preset = mv_preset_load ("openvmm-default-8g", NULL);
  MvDocument *doc;

  mv_session_load (session, mv_document_copy (preset), NULL, "mine");
  g_assert_null (mv_session_get_preset (session));
  doc = mv_session_dup_document (session);
  g_array_index (doc->ram_sizes, guint64, 0) = (guint64) 4 << 30;
  mv_session_edit (session, doc, NULL, "RAM size");
  g_assert_cmpstr (mv_session_get_document (session)->title, ==, preset->title);
  g_assert_cmpstr (mv_session_get_document (session)->description, ==, preset->description);
}

/* --- what a window shows: MvViewSource -------------------------------- */

static const char proc_mtrr[] =
  "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n"
  "reg01: base=0x080000000 ( 2048MB), size= 1024MB, count=1: write-back\n"
  "reg02: base=0x0e0000000 ( 3584MB), size=  256MB, count=1: uncachable\n";

/* An MTRR dump: read-only, named by its file, with notes on how it was
 * read and a picture of its registers. */
static void
test_source_mtrr (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvViewSource) source = mv_view_source_new_for_data ("proc-mtrr.txt", proc_mtrr,
                                                                strlen (proc_mtrr), &error);
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MvScene) scene = NULL;

  g_assert_no_error (error);
  g_assert_true (MV_IS_MTRR_SOURCE (source));
  name = mv_view_source_dup_title (source);
  g_assert_cmpstr (name, ==, "proc-mtrr.txt");
  subtitle = mv_view_source_dup_subtitle (source);
  g_assert_cmpstr (subtitle, ==, "MTRR dump, read-only");
  g_assert_false (mv_view_source_get_editable (source));
  g_assert_null (mv_view_source_get_layout (source));
  g_assert_nonnull (mv_view_source_get_state (source));
  g_assert_nonnull (mv_view_source_get_diagnostics (source));
  problems = mv_view_source_list_problems (source);
  g_assert_cmpuint (problems->len, >, 0);
  g_assert_cmpint (((MvViewSourceProblem *) g_ptr_array_index (problems, 0))->severity, ==, MV_SEVERITY_NOTE);
  scene = mv_view_source_build_scene (source);
  g_assert_nonnull (scene);
  g_assert_true (g_str_has_prefix (scene->title, "MTRR dump: proc-mtrr.txt"));
  g_assert_cmpint (mv_scene_find_lane (scene, MV_LANE_PAIR, 2), >=, 0);
}

/* Text that no source reads: a clear error, no source. */
static void
test_source_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "hello, world\n";

  g_assert_null (mv_view_source_new_for_data ("hello.txt", text, strlen (text), &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
}

/* The session's document as a source: editable, its title marked while
 * modified, its error leading its problems; another source shown
 * instead leaves the document be, and NULL brings it back. */
static void
test_source_document (void)
{
  g_autoptr(MvSession) session = session_with_preset ("openvmm-default-8g");
  MvViewSource *source = mv_session_get_source (session);
  g_autoptr(MvViewSource) dump = mv_view_source_new_for_data ("proc-mtrr.txt", proc_mtrr,
                                                              strlen (proc_mtrr), NULL);
  g_autofree char *title = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MvScene) scene = NULL;
  guint changed = 0;
  MvDocument *doc;

  g_assert_true (mv_view_source_get_editable (source));
  g_assert_nonnull (mv_view_source_get_layout (source));
  scene = mv_view_source_build_scene (source);
  g_assert_nonnull (scene);
  title = mv_view_source_dup_title (source);
  g_assert_false (g_str_has_prefix (title, "• "));

  g_signal_connect_swapped (source, "changed", G_CALLBACK (increment), &changed);
  doc = mv_session_dup_document (session);
  g_array_index (doc->ram_sizes, guint64, 0) = (guint64) 4 << 30;
  mv_session_edit (session, doc, NULL, "RAM size");
  g_assert_cmpuint (changed, ==, 1);
  edited = mv_view_source_dup_title (source);
  g_assert_true (g_str_has_prefix (edited, "• "));

  doc = mv_session_dup_document (session);
  {
    MvRange gap = g_array_index (doc->mmio, MvRange, 0);

    gap.start += 0x1000;
    gap.end += 0x1000;
    g_array_append_val (doc->mmio, gap);
  }
  mv_session_edit (session, doc, NULL, "Gap");
  problems = mv_view_source_list_problems (source);
  g_assert_cmpuint (problems->len, >, 0);
  g_assert_true (((MvViewSourceProblem *) g_ptr_array_index (problems, 0))->leads);
  g_assert_cmpstr (((MvViewSourceProblem *) g_ptr_array_index (problems, 0))->title, ==,
                   mv_session_get_error (session));

  mv_session_set_source (session, dump);
  g_assert_true (mv_session_get_source (session) == dump);
  mv_session_set_source (session, NULL);
  g_assert_true (mv_session_get_source (session) == source);
}

/* The window's order is check's (mv_diagnostics_sort): the source's
 * diagnostics come errors first, and the map numbers their marks in the
 * same order, so a row and its marker show the same number. */
static void
test_source_diagnostics_order (void)
{
  g_autoptr(MvSession) session = session_with_preset ("openvmm-default-8g");
  MvViewSource *source = mv_session_get_source (session);
  g_autoptr(MvScene) scene = mv_view_source_build_scene (source);
  GPtrArray *diags = mv_view_source_get_diagnostics (source);
  guint prev_number = 0;

  g_assert_nonnull (scene);
  g_assert_nonnull (diags);
  g_assert_cmpuint (diags->len, >, 2);
  g_assert_cmpint (((MvDiagnostic *) g_ptr_array_index (diags, 0))->severity, ==, MV_SEVERITY_ERROR);
  for (guint i = 0; i < diags->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diags, i);
      g_autofree char *id = g_strdup_printf ("diagnostic/%u", d->id);
      guint number = mv_scene_find_mark (scene, id);

      if (i > 0)
        g_assert_cmpint (((MvDiagnostic *) g_ptr_array_index (diags, i - 1))->severity, >=,
                         d->severity);
      g_assert_cmpuint (number, >, prev_number);
      prev_number = number;
    }
}

/* The map numbers every mark, the document's own (a RAM shortfall) with
 * the MTRR analysis', in the one order diagnostics are listed in: errors
 * before a warning that was added first. */
static void
test_source_marks_order (void)
{
  g_autoptr(GError) error = NULL;
  /* A gap reaching the top of the address space: RAM stops short. */
  MvDocument *doc = mv_document_load_from_data ("[memviz]\nversion=1\n[memory]\nram=2 GiB\n"
                                                "mmio=0x40000000-0xfffffffffffff000\n", -1, NULL, &error);
  g_autoptr(MvSession) session = mv_session_new ();
  g_autoptr(MvScene) scene = NULL;
  guint shortfall, n_errors_before = 0, n_errors = 0;

  g_assert_no_error (error);
  mv_session_load (session, doc, NULL, NULL);
  scene = mv_view_source_build_scene (mv_session_get_source (session));
  shortfall = mv_scene_find_mark (scene, "shortfall");
  g_assert_cmpuint (shortfall, >, 0);
  for (guint i = 0; i < scene->marks->len; i++)
    {
      const MvSceneMark *m = &g_array_index (scene->marks, MvSceneMark, i);

      if (m->severity == MV_MARK_ERROR)
        {
          n_errors++;
          n_errors_before += i + 1 < shortfall;
        }
      if (i > 0)
        {
          const MvSceneMark *p = &g_array_index (scene->marks, MvSceneMark, i - 1);

          g_assert_cmpint (mv_diagnostic_order ((MvSeverity) p->severity, p->has_range, p->start, p->end,
                                                (MvSeverity) m->severity, m->has_range, m->start, m->end),
                           <=, 0);
        }
    }
  g_assert_cmpuint (n_errors, >, 0);
  g_assert_cmpuint (n_errors_before, ==, n_errors);
}

/* What loading the file said (an unknown key) is on the document's list
 * of problems, as a warning: the Diagnostics page shows it. */
static void
test_source_document_warnings (void)
{
  g_autoptr(GError) error = NULL;
  MvDocument *doc = mv_document_load_from_data ("[memviz]\nversion=1\n[memory]\nram=8G\nmmio=3G-4G\n"
                                                "favourite-colour=blue\n", -1, NULL, &error);
  g_autoptr(MvSession) session = mv_session_new ();
  g_autoptr(GPtrArray) problems = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  mv_session_load (session, doc, NULL, NULL);
  problems = mv_view_source_list_problems (mv_session_get_source (session));
  for (guint i = 0; i < problems->len; i++)
    {
      const MvViewSourceProblem *p = g_ptr_array_index (problems, i);

      if (strstr (p->title, "favourite-colour: unknown key") != NULL)
        {
          g_assert_cmpint (p->severity, ==, MV_SEVERITY_WARNING);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/history", test_history);
  g_test_add_func ("/ui/history/pause", test_history_pause);
  g_test_add_func ("/session/edit-undo", test_session_edit_undo);
  g_test_add_func ("/session/error-keeps-scenario", test_session_error_keeps_scenario);
  g_test_add_func ("/session/save-load", test_session_save_load);
  g_test_add_func ("/session/load-bad-file", test_session_load_bad_file);
  g_test_add_func ("/session/preset-prose", test_session_preset_prose);
  g_test_add_func ("/session/preset-words-not-guessed", test_session_preset_words_not_guessed);
  g_test_add_func ("/session/source/mtrr", test_source_mtrr);
  g_test_add_func ("/session/source/unreadable", test_source_unreadable);
  g_test_add_func ("/session/source/document", test_source_document);
  g_test_add_func ("/session/source/diagnostics-order", test_source_diagnostics_order);
  g_test_add_func ("/session/source/marks-order", test_source_marks_order);
  g_test_add_func ("/session/source/document-warnings", test_source_document_warnings);
  return g_test_run ();
}
