/* SPDX-License-Identifier: MIT */
/* Tests of core/mv-boot-pcat.c, the port of OpenVMM's pcat.rs: where a
 * synthetic 256 KiB BIOS goes, its bytes, the registers and the errors. */
#include <string.h>
#include <zlib.h>

#include <mv-boot.h>
#include <mv-recorder.h>

#include "mv-test-util.h"

#define KiB ((guint64) 1024)
#define MiB (KiB * 1024)
#define GiB (MiB * 1024)

/* A BIOS image whose every page starts with its own page number. */
static char *
write_image (const char *name,
             gsize       size)
{
  g_autofree guint8 *data = g_malloc0 (size);
  char *path = g_build_filename (test_tmp_dir (), name, NULL);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i / 4096 * 7 + i % 251);
  g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));
  return path;
}

static MvLayout *
layout_for (guint64 ram)
{
  MvRange mmio[] = { { 0xf8000000, 0x100000000 } };
  g_autoptr(GError) error = NULL;
  MvLayout *layout = mv_layout_new (ram, mmio, 1, NULL, 0, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  return layout;
}

static gboolean
run_pcat (const char  *firmware,
          guint64      ram,
          MvRecorder  *rec,
          MvBootInfo  *info,
          GError     **error)
{
  MvBootConfig config = { .loader = MV_BOOT_LOADER_PCAT, .firmware = (char *) firmware };
  g_autoptr(MvLayout) layout = layout_for (ram);

  return mv_boot_load (&config, layout, &rec->parent, info, NULL, NULL, NULL, error);
}

static void
assert_registers (const MvRecorder *rec)
{
  static const MvRegName fixed[] = {
    MV_REG_MTRR_FIX64K_00000, MV_REG_MTRR_FIX16K_80000,
    MV_REG_MTRR_FIX4K_E0000, MV_REG_MTRR_FIX4K_E8000,
    MV_REG_MTRR_FIX4K_F0000, MV_REG_MTRR_FIX4K_F8000,
  };
  const MvX86Register *r;

  g_assert_cmpuint (rec->registers->len, ==, 8);
  r = &g_array_index (rec->registers, MvX86Register, 0);
  g_assert_cmpint (r->name, ==, MV_REG_MTRR_DEF_TYPE);
  g_assert_cmphex (r->value, ==, 0xc00);
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      r = &g_array_index (rec->registers, MvX86Register, i + 1);
      g_assert_cmpstr (mv_reg_name_to_string (r->name), ==, mv_reg_name_to_string (fixed[i]));
      g_assert_cmphex (r->value, ==, G_GUINT64_CONSTANT (0x0606060606060606));
    }
  r = &g_array_index (rec->registers, MvX86Register, 7);
  g_assert_cmpint (r->name, ==, MV_REG_CS);
  g_assert_cmphex (r->segment.selector, ==, 0xf000);
  g_assert_cmphex (r->segment.base, ==, 0xf0000);
  g_assert_cmphex (r->segment.limit, ==, 0xffff);
  g_assert_cmphex (r->segment.attributes, ==, 0x9b);
}

typedef struct
{
  guint64 ram;
  guint64 image_base;   /* where pcat-image goes */
} PlaceCase;

static const PlaceCase place_cases[] = {
  { 2 * GiB, 2 * GiB - 256 * KiB },
  { 8 * GiB, 0xf8000000 - 256 * KiB },   /* RAM below 4 GiB ends at the gap */
  { 1 * MiB, 1 * MiB - 256 * KiB },      /* the image overlaps its own top pages */
};

static void
test_placement (gconstpointer data)
{
  const PlaceCase *t = data;
  g_autofree char *path = write_image ("bios.bin", 256 * KiB);
  g_autofree guint8 *image = NULL;
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GError) error = NULL;
  MvBootInfo info = { 0 };
  const MvImportCall *call;
  gsize len;

  g_assert_true (g_file_get_contents (path, (char **) &image, &len, NULL));
  g_assert_cmpuint (len, ==, 256 * KiB);

  g_assert_true (run_pcat (path, t->ram, rec, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.loader, ==, MV_BOOT_LOADER_PCAT);
  g_assert_cmphex (info.entry, ==, 0xffff0);
  g_assert_cmpuint (info.e820->len, ==, 0);

  g_assert_cmpuint (rec->calls->len, ==, 2);
  call = &g_array_index (rec->calls, MvImportCall, 0);
  g_assert_cmpstr (call->tag, ==, "pcat-image");
  g_assert_cmphex (call->page_base * 4096, ==, t->image_base);
  g_assert_cmpuint (call->page_count, ==, 64);
  g_assert_cmpint (call->acceptance, ==, MV_ACCEPTANCE_EXCLUSIVE);
  g_assert_cmpuint (call->data_len, ==, 256 * KiB);
  g_assert_cmphex (call->crc32, ==, crc32 (0, image, 256 * KiB));

  /* the top 128 KiB end at 1 MiB */
  call = &g_array_index (rec->calls, MvImportCall, 1);
  g_assert_cmpstr (call->tag, ==, "pcat-top-pages");
  g_assert_cmphex (call->page_base * 4096, ==, 0xe0000);
  g_assert_cmpuint (call->page_count, ==, 32);
  g_assert_cmpuint (call->data_len, ==, 128 * KiB);
  g_assert_cmphex (call->crc32, ==, crc32 (0, image + 128 * KiB, 128 * KiB));

  /* at 1 MiB of RAM the two land on the same pages: the recorder says so */
  g_assert_cmpuint (mv_recorder_n_errors (rec), ==, t->ram == 1 * MiB ? 1 : 0);
  assert_registers (rec);
  mv_boot_info_clear (&info);
}

/* OpenVMM runs PCAT with no image: registers only. */
static void
test_no_image (void)
{
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GError) error = NULL;
  MvBootInfo info = { 0 };

  g_assert_true (run_pcat (NULL, 2 * GiB, rec, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rec->calls->len, ==, 0);
  g_assert_cmpuint (rec->page_map->len, ==, 0);
  assert_registers (rec);
  mv_boot_info_clear (&info);
}

typedef struct
{
  gsize       size;       /* 0: no file at all */
  guint64     ram;
  int         code;
  const char *name;
  const char *message;    /* a part of the message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { 256 * KiB - 4096, 2 * GiB, MV_BOOT_ERROR_PCAT_SIZE, "InvalidImageSize", "must be exactly 256 KiB" },
  { 256 * KiB + 1, 2 * GiB, MV_BOOT_ERROR_PCAT_SIZE, "InvalidImageSize", "262145 bytes" },
  { 1, 2 * GiB, MV_BOOT_ERROR_PCAT_SIZE, "InvalidImageSize", "is 1 bytes" },
  { 0, 2 * GiB, MV_BOOT_ERROR_IO, "Io", "cannot open the PCAT BIOS" },
  { 256 * KiB, 128 * KiB, MV_BOOT_ERROR_NO_RAM, "NoRam", "below the 256 KiB" },
};

static void
test_errors (gconstpointer data)
{
  const ErrorCase *t = data;
  g_autofree char *path = NULL;
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GError) error = NULL;
  MvBootInfo info = { 0 };

  if (t->size > 0)
    path = write_image ("bad.bin", t->size);
  else
    path = g_build_filename (test_tmp_dir (), "missing.bin", NULL);
  g_assert_false (run_pcat (path, t->ram, rec, &info, &error));
  g_assert_error (error, MV_BOOT_ERROR, t->code);
  g_assert_cmpstr (mv_boot_error_name (error->code), ==, t->name);
  g_assert_nonnull (strstr (error->message, t->message));
  /* nothing imported, not even the registers */
  g_assert_cmpuint (rec->calls->len, ==, 0);
  g_assert_cmpuint (rec->registers->len, ==, 0);
  mv_boot_info_clear (&info);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(MvLayout) layout = layout_for (2 * GiB);
  g_autoptr(GError) error = NULL;
  MvBootConfig config = { .loader = MV_BOOT_LOADER_PCAT };
  MvBootInfo info = { 0 };

  g_cancellable_cancel (cancellable);
  g_assert_false (mv_boot_load (&config, layout, &rec->parent, &info, cancellable,
                                NULL, NULL, &error));
  g_assert_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_CANCELLED);
  mv_boot_info_clear (&info);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (place_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/boot-pcat/placement/%u", i);
      g_test_add_data_func (name, &place_cases[i], test_placement);
    }
  g_test_add_func ("/boot-pcat/no-image", test_no_image);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/boot-pcat/errors/%u", i);
      g_test_add_data_func (name, &error_cases[i], test_errors);
    }
  g_test_add_func ("/boot-pcat/cancelled", test_cancelled);
  return g_test_run ();
}
