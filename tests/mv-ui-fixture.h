/* SPDX-License-Identifier: MIT */
/* What the window, editor, map and chooser test programs share: the
 * fixture (a real window under Xvfb), the set-up of a run and the helpers
 * more than one of them uses. */
#pragma once

#include "config.h"

#include <gtk/gtk.h>

#include "mv-diagnostic-row.h"
#include "mv-diagnostics-page.h"
#include "mv-editor.h"
#include "mv-history.h"
#include "mv-import-row.h"
#include "mv-map-view.h"
#include "mv-presets.h"
#include "mv-range-list.h"
#include "mv-size-entry.h"
#include "mv-window.h"
#include "mv-test-util.h"
#include "mv-ui-wait.h"
#include "mv-window-private.h"

typedef struct
{
  MvWindow  *window;
  MvSession *session;
  MvEditor  *editor;
  MvMapView *map;
  char      *tmpdir;
} Fixture;

/* Whether gtk_init_check () found a display. */
extern gboolean have_display;

/* Sets up a run (its own recent-documents list, no animations) and
 * g_test_init (); call first in main (). */
void ui_fixture_init (int    *argc,
                      char ***argv);
/* Runs the tests added since, then closes every window for a clean exit. */
int ui_fixture_run (void);

/* Adds a test of the window fixture; without a display, a test that
 * skips, saying so (the test's body, which may ask the window for its
 * parts before it checks, does not run). */
#define UI_ADD(path, fn)                                                   \
  G_STMT_START {                                                           \
    if (have_display)                                                      \
      g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown); \
    else                                                                   \
      g_test_add_func (path, ui_skip_without_display);                     \
  } G_STMT_END
void ui_skip_without_display (void);

#define SKIP_WITHOUT_DISPLAY()                                                    \
  G_STMT_START {                                                                  \
    if (!have_display)                                                            \
      {                                                                           \
        g_test_skip ("no display: gtk_init_check() failed (run under xvfb-run)"); \
        return;                                                                   \
      }                                                                           \
  } G_STMT_END

/* wait_for_frame () of the fixture's window. */
void wait_for_update (Fixture *f);

/* Until a message dialog is shown (returned), or none is. */
GtkWidget *wait_for_dialog (void);
void wait_for_no_dialog (void);

void wait_for_paint_since (Fixture *f,
                           guint64  before);

void wait_for_paint (Fixture *f);

void set_text (GtkWidget  *widget,
               const char *text);

GtkWidget *field (Fixture    *f,
                  const char *name);

char *lane_text (const MvScene *scene,
                 MvLaneKind     kind);

void fixture_setup (Fixture       *f,
                    gconstpointer  data);

void remove_dir (const char *path);

void fixture_teardown (Fixture       *f,
                       gconstpointer  data);

void wait_until_idle (MvSession *session);

/* For wait_until (): whether @data, an MvSession, has said it is reading. */
gboolean session_reading (gconstpointer data);

GtkWidget *find_toplevel (GType type);

GtkWidget *find_dialog (void);

guint32 test_crc32 (const guint8 *data,
                    gsize         len);

guint32 write_data_file (const char *path,
                         gsize       len,
                         guint8      seed);

const MvImportResult *session_import_result (MvSession  *session,
                                             const char *name);

const MvImportResult *import_result (Fixture    *f,
                                     const char *name);

gboolean is_button_labelled (GtkWidget     *widget,
                             gconstpointer  label);

/* The cells of @table's rows, "|" between cells, a line a row. */
char *table_text (const MvSceneTable *table);

/* A message dialog's primary and secondary text, a line between. */
char *dialog_text (GtkWidget *dialog);

/* Appends the text of every visible label in @widget, in order, a line
 * each, to @s. */
void append_label_text (GtkWidget *widget,
                        GString   *s);

/* Writes a /proc/mtrr dump and opens it in @f's window. */
void open_dump_for_presets (Fixture *f);
