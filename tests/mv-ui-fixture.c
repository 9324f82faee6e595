/* SPDX-License-Identifier: MIT */
/* The window tests' shared fixture and helpers (mv-ui-fixture.h). */
#include "mv-ui-fixture.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

gboolean have_display;
static GtkRecentManager *recent;
static char *recent_dir;

void
ui_skip_without_display (void)
{
  g_test_skip ("no display: gtk_init_check() failed (run under xvfb-run)");
}

void
wait_for_update (Fixture *f)
{
  wait_for_frame (GTK_WIDGET (f->window));
}

static gboolean
dialog_shown (gconstpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
no_dialog (gconstpointer data)
{
  return find_dialog () == NULL;
}

GtkWidget *
wait_for_dialog (void)
{
  wait_until (dialog_shown, NULL, "a message dialog to be shown");
  return find_dialog ();
}

void
wait_for_no_dialog (void)
{
  wait_until (no_dialog, NULL, "the message dialog to go");
}

typedef struct
{
  MvMapView *map;
  guint64    before;
} PaintWait;

static gboolean
painted_since (gconstpointer data)
{
  const PaintWait *paint = data;

  return mv_map_view_get_paint_count (paint->map) > paint->before;
}

/* Runs the main loop until the map view has painted more than @before
 * times in all. */
void
wait_for_paint_since (Fixture *f,
                      guint64  before)
{
  PaintWait paint = { f->map, before };

  wait_until (painted_since, &paint, "the map to paint again");
}

void
wait_for_paint (Fixture *f)
{
  wait_for_paint_since (f, mv_map_view_get_paint_count (f->map));
}

void
set_text (GtkWidget  *widget,
          const char *text)
{
  if (MV_IS_SIZE_ENTRY (widget))
    gtk_editable_set_text (mv_size_entry_get_editable (MV_SIZE_ENTRY (widget)), text);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

GtkWidget *
field (Fixture    *f,
       const char *name)
{
  GtkWidget *w = mv_editor_get_field (f->editor, name);

  g_assert_nonnull (w);
  return w;
}

char *
lane_text (const MvScene *scene,
           MvLaneKind     kind)
{
  int index = mv_scene_find_lane (scene, kind, 0);
  const MvSceneLane *lane;
  GString *s = g_string_new (NULL);

  g_assert_cmpint (index, >=, 0);
  lane = g_ptr_array_index (scene->lanes, index);
  for (guint i = 0; i < lane->items->len; i++)
    {
      const MvSceneItem *item = &g_array_index (lane->items, MvSceneItem, i);

      g_string_append_printf (s, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %s;",
                              item->start, item->end, item->label ? item->label : "");
    }
  return g_string_free (s, FALSE);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  if (!have_display)
    return;

  f->window = g_object_ref_sink (mv_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  f->session = mv_window_get_session (f->window);
  f->editor = MV_EDITOR (mv_window_get_part (f->window, "editor"));
  f->map = MV_MAP_VIEW (mv_window_get_part (f->window, "map"));
  f->tmpdir = g_dir_make_tmp ("memviz-ui-XXXXXX", NULL);
  g_assert_nonnull (f->tmpdir);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_paint (f);
}

void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);

      g_remove (p);
    }
  g_rmdir (path);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (!have_display)
    return;

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  remove_dir (f->tmpdir);
  g_free (f->tmpdir);
  wait_for_idle ();
}

static gboolean
session_idle (gconstpointer data)
{
  return !mv_session_get_busy ((MvSession *) data);
}

void
wait_until_idle (MvSession *session)
{
  wait_until (session_idle, session, "the session's computation to end");
}

gboolean
session_reading (gconstpointer data)
{
  return mv_session_get_progress ((MvSession *) data) > 0.0;
}

/* The visible toplevel of @type, if any. */
GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

GtkWidget *
find_dialog (void)
{
  return find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
}

/* CRC-32 (IEEE), bit by bit: the test's own, not the core's. */
guint32
test_crc32 (const guint8 *data,
            gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int b = 0; b < 8; b++)
        crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
  return ~crc;
}

guint32
write_data_file (const char *path,
                 gsize       len,
                 guint8      seed)
{
  g_autofree guint8 *contents = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    contents[i] = (guint8) (i * 13 + seed);
  g_assert_true (g_file_set_contents (path, (const char *) contents, (gssize) len, NULL));
  return test_crc32 (contents, len);
}

const MvImportResult *
session_import_result (MvSession  *session,
                       const char *name)
{
  const MvScenario *sc = mv_session_get_scenario (session);

  g_assert_nonnull (sc);
  for (guint i = 0; i < sc->imports->len; i++)
    if (g_strcmp0 (g_array_index (sc->imports, MvImportResult, i).name, name) == 0)
      return &g_array_index (sc->imports, MvImportResult, i);
  g_assert_not_reached ();
}

const MvImportResult *
import_result (Fixture    *f,
               const char *name)
{
  return session_import_result (f->session, name);
}

gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

void
ui_fixture_init (int    *argc,
                 char ***argv)
{
  /* A folder of the tests' own for the recent-documents lists, that lasts
   * the run; GTK's default list (the file chooser adds what it chose to
   * it) is made there now, before each test gets folders of its own that
   * go when it ends. */
  recent_dir = g_dir_make_tmp ("memviz-recent-XXXXXX", NULL);
  g_assert_nonnull (recent_dir);
  g_setenv ("XDG_DATA_HOME", recent_dir, TRUE);
  gtk_recent_manager_get_default ();
  /* The file chooser reads its settings' schemas and loads SVG icons,
   * which needs the MIME database: both from the system's data folders,
   * found before the tests' own folders hide them. */
  g_content_type_set_mime_dirs (NULL);
  g_settings_schema_source_get_default ();
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  have_display = gtk_init_check ();
  if (have_display)
    {
      g_autofree char *xbel = g_build_filename (recent_dir, "memviz-recent.xbel", NULL);

      /* No transitions: what the tests look at is there at once, and no
       * window goes while GTK animates it (GTK 4.8 then drops the styles
       * it made for the animation, which the leak checker reports). */
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

      recent = g_object_new (GTK_TYPE_RECENT_MANAGER, "filename", xbel, NULL);
      mv_window_set_recent_manager (recent);
      /* GTK 4.8 leaks a GDateTime each time it writes the list. */
      mv_window_set_record_recent (FALSE);
      /* Nor does the file chooser keep anything on the default list. */
      g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
    }
}

int
ui_fixture_run (void)
{
  int ret = g_test_run ();

  if (have_display)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      /* A clean exit for the leak checker: no windows, no font caches. */
      while (g_list_model_get_n_items (toplevels) > 0)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, 0);

          gtk_window_destroy (w);
        }
      wait_for_idle ();
      mv_window_set_recent_manager (NULL);
      mv_render_shutdown_with_gtk ();
    }
  g_clear_object (&recent);
  remove_dir (recent_dir);
  g_free (recent_dir);
  return ret;
}

/* ---- helpers of more than one window test program ---------------------- */

/* The cells of @table's rows, "|" between cells, a line a row. */
char *
table_text (const MvSceneTable *table)
{
  GString *s = g_string_new (NULL);

  for (guint r = 0; r < table->rows->len; r++)
    {
      const MvTableRow *row = &g_array_index (table->rows, MvTableRow, r);
      g_autofree char *line = g_strjoinv ("|", row->cells);

      g_string_append_printf (s, "%s\n", line);
    }
  return g_string_free (s, FALSE);
}

/* A message dialog's primary and secondary text, a line between. */
char *
dialog_text (GtkWidget *dialog)
{
  g_autofree char *primary = NULL;
  g_autofree char *secondary = NULL;

  g_object_get (dialog, "text", &primary, "secondary-text", &secondary, NULL);
  return g_strdup_printf ("%s\n%s", primary ? primary : "", secondary ? secondary : "");
}

/* All the text a diagnostic row shows, its labels' in order. */
void
append_label_text (GtkWidget *widget,
                   GString   *s)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (s, "%s%s", s->len ? "\n" : "", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    append_label_text (c, s);
}

/* Writes a /proc/mtrr dump and opens it in @f's window. */
void
open_dump_for_presets (Fixture *f)
{
  const char *dump =
    "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n"
    "reg01: base=0x080000000 ( 2048MB), size= 1024MB, count=1: write-back\n";
  g_autofree char *path = g_build_filename (f->tmpdir, "dump-mtrr.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, dump, -1, NULL));
  mv_window_open_file (f->window, file);
  wait_for_paint (f);
  g_assert_false (mv_view_source_get_editable (mv_session_get_source (f->session)));
}
