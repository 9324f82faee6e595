/* SPDX-License-Identifier: MIT */
/* Widget tests under Xvfb: a boot loader in the window, as a user meets
 * it: the loader's imports in the Page map with their CRC-32 (as
 * memviz-cli boot prints them), the boot profile saying why it is greyed
 * out, an editor that scrolls to every Boot field, and wrong files. */
#include "mv-ui-fixture.h"
#include "mv-boot-page.h"
#include "mv-boot-section.h"
#include "mv-boot-test.h"
#include "mv-boot-view.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* The Page map's column titled @title. */
static guint
pages_column (const MvSceneTable *table,
              const char         *title)
{
  for (guint i = 0; i < table->columns->len; i++)
    if (g_str_equal (g_array_index (table->columns, MvTableColumn, i).title, title))
      return i;
  g_error ("the Page map has no column %s", title);
  return 0;
}

static void
write_in (const char *dir,
          const char *name,
          const void *data,
          gsize       len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
}

/* A Linux document beside its small bzImage and an initrd of @initrd_len
 * bytes (a pattern, @initrd back), opened in @f's window. */
static void
open_linux_document (Fixture *f,
                     gsize    initrd_len,
                     guint8 **initrd)
{
  g_autoptr(GBytes) kernel = make_bzimage (&bz_default);
  g_autofree char *doc = g_build_filename (f->tmpdir, "boot.memviz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (doc);

  *initrd = pattern (initrd_len, 5);
  write_in (f->tmpdir, "vmlinuz", g_bytes_get_data (kernel, NULL), g_bytes_get_size (kernel));
  write_in (f->tmpdir, "initrd.img", *initrd, initrd_len);
  write_in (f->tmpdir, "boot.memviz",
            "[memviz]\nversion=1\ntitle=Linux\n[memory]\nram=8 GiB\nmmio=0xf8000000+128 MiB\n"
            "[boot]\nloader=linux\nkernel=vmlinuz\ninitrd=initrd.img\ncmdline=console=ttyS0\n", -1);
  mv_window_open_file (f->window, file);
}

/* Each loader import's CRC-32 in the Page map, computed in the session's
 * thread: the CRC memviz-cli boot prints for it (the guest memory it
 * covers, data then zeros), on every row of it; the window keeps no
 * record of the calls. */
static void
test_page_map_crc (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree guint8 *initrd = NULL;
  g_autofree guint8 *padded = NULL;
  g_autofree char *initrd_crc = NULL;
  g_autoptr(MvScenario) traced = NULL;
  g_autoptr(GArray) cli = NULL;
  const gsize initrd_len = 3 * PAGE + 100;
  const MvScenario *sc;
  const MvSceneTable *pages;
  guint crc_col, tag_col;
  guint seen_initrd = 0, seen_kernel = 0;

  SKIP_WITHOUT_DISPLAY ();

  /* Everything goes to the thread. */
  mv_session_set_threshold (f->session, 0);
  open_linux_document (f, initrd_len, &initrd);
  g_assert_true (mv_session_get_busy (f->session));
  wait_until_idle (f->session);
  wait_for_paint (f);

  sc = mv_session_get_scenario (f->session);
  g_assert_nonnull (sc);
  g_assert_null (sc->boot_error);
  g_assert_cmpuint (sc->recorder->calls->len, ==, 0);

  /* What memviz-cli boot computes: the traced run's imports, merged. */
  traced = mv_scenario_run (mv_session_get_document (f->session), MV_SCENARIO_TRACE);
  cli = mv_boot_merge_imports (traced->recorder);
  g_assert_cmpuint (sc->boot_imports->len, ==, cli->len);
  g_assert_cmpuint (cli->len, >, 3);
  for (guint i = 0; i < cli->len; i++)
    {
      const MvBootImport *a = &g_array_index (sc->boot_imports, MvBootImport, i);
      const MvBootImport *b = &g_array_index (cli, MvBootImport, i);

      g_assert_cmpuint (a->start, ==, b->start);
      g_assert_cmpuint (a->end, ==, b->end);
      g_assert_cmpstr (a->tag, ==, b->tag);
      g_assert_cmphex (a->crc32, ==, b->crc32);
    }

  /* The initrd's CRC, from its bytes: data, then zeros to the page. */
  padded = g_malloc0 (4 * PAGE);
  memcpy (padded, initrd, initrd_len);
  initrd_crc = g_strdup_printf ("%08x", test_crc32 (padded, 4 * PAGE));

  pages = mv_map_view_get_scene (f->map)->pages_table;
  g_assert_nonnull (pages);
  crc_col = pages_column (pages, "CRC32");
  tag_col = pages_column (pages, "Tag");
  for (guint i = 0; i < pages->rows->len; i++)
    {
      const MvTableRow *row = &g_array_index (pages->rows, MvTableRow, i);

      if (g_str_equal (row->cells[tag_col], "linux-initrd"))
        {
          g_assert_cmpstr (row->cells[crc_col], ==, initrd_crc);
          seen_initrd++;
        }
      else
        {
          /* every loader import has one: the kernel, the zero page, ... */
          g_assert_cmpuint (strlen (row->cells[crc_col]), ==, 8);
          if (g_str_equal (row->cells[tag_col], "linux-kernel"))
            seen_kernel++;
        }
    }
  g_assert_cmpuint (seen_initrd, ==, 1);
  g_assert_cmpuint (seen_kernel, >=, 1);
}

/* While a loader is chosen, the greyed-out boot profile says why; with
 * none, it is back and says nothing. */
static void
test_profile_note (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *profile;
  GtkWidget *note;
  GtkWidget *loader;

  SKIP_WITHOUT_DISPLAY ();

  profile = field (f, "profile");
  note = field (f, "profile-note");
  loader = field (f, "loader");
  g_assert_true (gtk_widget_get_sensitive (profile));
  g_assert_false (gtk_widget_get_visible (note));

  for (guint i = 1; mv_boot_loader_names ()[i] != NULL; i++)
    {
      g_autofree char *expected = g_strdup_printf ("the %s loader", mv_boot_loader_names ()[i]);

      gtk_drop_down_set_selected (GTK_DROP_DOWN (loader), i);
      wait_for_update (f);
      g_assert_false (gtk_widget_get_sensitive (profile));
      g_assert_true (gtk_widget_get_mapped (note));
      g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (note)), expected));
      g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (note)), "sets the MTRRs itself"));
    }

  gtk_drop_down_set_selected (GTK_DROP_DOWN (loader), 0);
  wait_for_update (f);
  g_assert_true (gtk_widget_get_sensitive (profile));
  g_assert_false (gtk_widget_get_visible (note));
}

/* The bottom of @widget in @scroller's viewport. */
static double
bottom_in (GtkWidget *scroller,
           GtkWidget *widget)
{
  graphene_point_t at;

  g_assert_true (gtk_widget_compute_point (widget, scroller,
                                           &GRAPHENE_POINT_INIT (0, gtk_widget_get_height (widget)),
                                           &at));
  return at.y;
}

static double
bottom_when_scrolled_down (GtkWidget *scroller,
                           GtkWidget *widget)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  wait_for_frame (scroller);
  return bottom_in (scroller, widget);
}

/* The same, scrolled to the top, then the focus given to @widget, as
 * Tab does: the editor scrolls it into view. */
static double
bottom_when_focused (GtkWidget *scroller,
                     GtkWidget *widget)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  gtk_adjustment_set_value (adj, 0);
  wait_for_frame (scroller);
  g_assert_cmpfloat (bottom_in (scroller, widget), >, gtk_widget_get_height (scroller));
  g_assert_true (gtk_widget_grab_focus (widget));
  wait_for_frame (scroller);
  return bottom_in (scroller, widget);
}

/* In a window shorter than the editor, every field of the Boot section
 * of each loader can be scrolled into view, and comes into view when it
 * takes the keyboard focus. */
static void
test_editor_reaches_boot (Fixture       *f,
                          gconstpointer  data)
{
  static const struct { guint loader; const char *last; } cases[] = {
    { 1, "smbios" }, { 2, "uefi-config" }, { 3, "firmware" },
  };
  GtkWidget *scroller;

  SKIP_WITHOUT_DISPLAY ();

  scroller = gtk_widget_get_ancestor (GTK_WIDGET (f->editor), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *last = field (f, cases[i].last);
      double bottom;

      gtk_drop_down_set_selected (GTK_DROP_DOWN (field (f, "loader")), cases[i].loader);
      wait_for_update (f);
      wait_for_mapped (last, cases[i].last);
      bottom = bottom_when_scrolled_down (scroller, last);
      g_assert_cmpfloat (bottom, >, 0);
      g_assert_cmpfloat (bottom, <=, gtk_widget_get_height (scroller));
      bottom = bottom_when_focused (scroller, last);
      g_assert_cmpfloat (bottom, >, 0);
      g_assert_cmpfloat (bottom, <=, gtk_widget_get_height (scroller));
    }
}

static MvBootSection *
boot_section (Fixture *f)
{
  return MV_BOOT_SECTION (gtk_widget_get_ancestor (field (f, "loader"), MV_TYPE_BOOT_SECTION));
}

/* Whether, of the Boot section's fields, @name alone is marked. */
static void
assert_marked (Fixture    *f,
               const char *name)
{
  const char *fields[] = { "kernel", "initrd", "cmdline", "acpi-size", "firmware" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (gtk_widget_has_css_class (field (f, fields[i]), "error") != (g_strcmp0 (name, fields[i]) == 0))
      g_error ("%s is %smarked", fields[i], g_strcmp0 (name, fields[i]) == 0 ? "not " : "");
}

/* A wrong file: the loader's error shows under the Boot fields, by
 * upstream's name, and marks the field it is about; a right file takes
 * both away. */
static void
test_boot_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree guint8 *initrd = NULL;
  g_autofree char *initrd_path = NULL;
  g_autofree char *kernel_path = NULL;
  GtkWidget *error;

  SKIP_WITHOUT_DISPLAY ();

  error = field (f, "boot-error");
  open_linux_document (f, 2 * PAGE, &initrd);
  wait_until_idle (f->session);
  wait_for_update (f);
  g_assert_false (gtk_widget_get_visible (error));
  assert_marked (f, NULL);

  /* The initrd chosen as the kernel. */
  initrd_path = g_build_filename (f->tmpdir, "initrd.img", NULL);
  kernel_path = g_build_filename (f->tmpdir, "vmlinuz", NULL);
  mv_boot_section_choose_file (boot_section (f), "kernel", initrd_path);
  wait_until_idle (f->session);
  wait_for_update (f);
  g_assert_true (gtk_widget_get_mapped (error));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (error)),
                                   "The linux loader failed (InvalidFileHeader): "));
  g_assert_false (gtk_widget_has_css_class (error, "dim-label"));
  g_assert_true (gtk_widget_has_css_class (error, "error"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error)), initrd_path));
  assert_marked (f, "kernel");
  /* the loader set nothing: the MTRRs start from the boot profile, which
   * is back and says so */
  g_assert_true (gtk_widget_get_sensitive (field (f, "profile")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (field (f, "profile-note"))), ==,
                   "Used: the linux loader failed (see Boot), so the MTRRs start from this profile");
  /* the Boot CPU view says why there are no registers */
  {
    MvBootPage *page = MV_BOOT_PAGE (mv_window_get_part (f->window, "boot"));
    g_autofree char *registers = mv_boot_page_dup_text (page);
    GtkWidget *hint = mv_boot_page_get_hint (page);

    g_assert_cmpstr (registers, ==, "");
    g_assert_true (gtk_widget_get_visible (hint));
    g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (hint)),
                                     "The linux loader failed (InvalidFileHeader): "));
    g_assert_true (gtk_widget_has_css_class (hint, "error"));
  }

  mv_boot_section_choose_file (boot_section (f), "kernel", kernel_path);
  wait_until_idle (f->session);
  wait_for_update (f);
  g_assert_false (gtk_widget_get_visible (error));
  assert_marked (f, NULL);
  g_assert_false (gtk_widget_get_sensitive (field (f, "profile")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (field (f, "profile-note"))),
                            "sets the MTRRs itself"));
  {
    MvBootPage *page = MV_BOOT_PAGE (mv_window_get_part (f->window, "boot"));
    g_autofree char *registers = mv_boot_page_dup_text (page);

    g_assert_nonnull (strstr (registers, "Rip\t0x"));
    g_assert_false (gtk_widget_has_css_class (mv_boot_page_get_hint (page), "error"));
  }

  /* pcat given the kernel as its BIOS: the firmware's size. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field (f, "loader")), 3);
  mv_boot_section_choose_file (boot_section (f), "firmware", kernel_path);
  wait_until_idle (f->session);
  wait_for_update (f);
  g_assert_true (gtk_widget_get_mapped (error));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (error)),
                                   "The pcat loader failed (InvalidImageSize): "));
  assert_marked (f, "firmware");

  /* No loader, no error. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (field (f, "loader")), 0);
  wait_for_update (f);
  g_assert_false (gtk_widget_get_visible (error));
  assert_marked (f, NULL);
}

/* A loader still missing its file says so beside the button that
 * chooses it, dimmed: what to do, not an error. */
static void
test_asks_for_file (Fixture       *f,
                    gconstpointer  data)
{
  static const struct { guint loader; const char *says; } cases[] = {
    { 1, "Choose a kernel to run the linux loader." },
    { 2, "Choose a firmware image to run the uefi loader." },
    { 3, NULL },   /* pcat runs without a BIOS, as OpenVMM does */
    { 0, NULL },
  };
  GtkWidget *label;

  SKIP_WITHOUT_DISPLAY ();

  label = field (f, "boot-error");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gtk_drop_down_set_selected (GTK_DROP_DOWN (field (f, "loader")), cases[i].loader);
      wait_for_update (f);
      g_assert_null (mv_session_get_error (f->session));
      assert_marked (f, NULL);
      if (cases[i].says == NULL)
        {
          g_assert_false (gtk_widget_get_visible (label));
          continue;
        }
      g_assert_true (gtk_widget_get_mapped (label));
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, cases[i].says);
      g_assert_true (gtk_widget_has_css_class (label, "dim-label"));
      g_assert_false (gtk_widget_has_css_class (label, "error"));
    }
}

/* A big initrd loads in the thread with progress; Cancel keeps the
 * picture and says what happened in words of its own. */
static void
test_cancel_initrd (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree guint8 *initrd = NULL;
  g_autofree char *big = NULL;
  const MvScenario *good;
  int fd;

  SKIP_WITHOUT_DISPLAY ();

  open_linux_document (f, PAGE, &initrd);
  wait_until_idle (f->session);
  good = mv_session_get_scenario (f->session);
  g_assert_null (good->boot_error);

  /* 3 GiB, sparse: below the low MMIO gap, and slow enough to cancel. */
  big = g_build_filename (f->tmpdir, "big.img", NULL);
  fd = g_open (big, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 3 << 30), ==, 0);
  close (fd);
  mv_boot_section_choose_file (boot_section (f), "initrd", big);
  g_assert_true (mv_session_get_busy (f->session));
  wait_until (session_reading, f->session, "the initrd's thread to report progress");
  /* the bar says what it waits for: the loader, not an import */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mv_window_get_part (f->window, "progress-label"))), ==,
                   "Loading the kernel\u2026");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL));
  wait_until_idle (f->session);

  g_assert_true (mv_session_get_scenario (f->session) == good);
  g_assert_cmpstr (mv_session_get_error (f->session), ==,
                   "Loading was cancelled: its files were not read to the end "
                   "(undo takes the edit back)");
  /* the Boot fields say nothing of an error that was not the loader's */
  g_assert_false (gtk_widget_get_visible (field (f, "boot-error")));
  g_assert_true (mv_session_undo (f->session));
  wait_until_idle (f->session);
  g_assert_null (mv_session_get_error (f->session));
}

/* A kernel whose init_size area runs past the document's 64 MiB of RAM:
 * the Diagnostics page lists the warning memviz-cli boot prints, a row
 * with the kernel's range, from the scenario's diagnostics. */
static void
test_beyond_ram (Fixture       *f,
                 gconstpointer  data)
{
  BzSpec spec = bz_default;
  g_autoptr(GBytes) kernel = NULL;
  g_autofree char *doc = g_build_filename (f->tmpdir, "small.memviz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (doc);
  const MvScenario *sc;
  GtkListBox *list;
  GtkListBoxRow *row = NULL;
  guint64 start = 0, end = 0;
  gboolean found = FALSE;

  SKIP_WITHOUT_DISPLAY ();

  spec.init_size = 0x5000000;
  kernel = make_bzimage (&spec);
  write_in (f->tmpdir, "vmlinuz", g_bytes_get_data (kernel, NULL), g_bytes_get_size (kernel));
  write_in (f->tmpdir, "small.memviz",
            "[memviz]\nversion=1\n[memory]\nram=64 MiB\n[boot]\nloader=linux\nkernel=vmlinuz\n", -1);
  mv_window_open_file (f->window, file);
  wait_until_idle (f->session);
  wait_for_update (f);
  sc = mv_session_get_scenario (f->session);
  g_assert_nonnull (sc);
  g_assert_null (sc->boot_error);

  list = GTK_LIST_BOX (mv_window_get_part (f->window, "diagnostics"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "diagnostics");
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (mv_diagnostic_row_get_range (MV_DIAGNOSTIC_ROW (row), &start, &end) && start == 0x100000 &&
        end == 0x6000000)
      found = TRUE;
  g_assert_true (found);
  found = FALSE;
  for (guint i = 0; i < sc->diagnostics->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (sc->diagnostics, i);

      if (d->kind == MV_DIAG_BEYOND_RAM)
        {
          g_assert_nonnull (strstr (d->message, "lies beyond RAM, which ends at 0x4000000"));
          found = TRUE;
        }
    }
  g_assert_true (found);
}

int
main (int    argc,
      char **argv)
{
  ui_fixture_init (&argc, &argv);
  UI_ADD ("/ui/boot/page-map-crc", test_page_map_crc);
  UI_ADD ("/ui/boot/profile-note", test_profile_note);
  UI_ADD ("/ui/boot/editor-reaches-boot", test_editor_reaches_boot);
  UI_ADD ("/ui/boot/boot-error", test_boot_error);
  UI_ADD ("/ui/boot/asks-for-file", test_asks_for_file);
  UI_ADD ("/ui/boot/cancel-initrd", test_cancel_initrd);
  UI_ADD ("/ui/boot/beyond-ram", test_beyond_ram);
  return ui_fixture_run ();
}
