/* SPDX-License-Identifier: MIT */
/* OpenVMM's PCAT BIOS loader (vm/loader/src/pcat.rs at 1488a37b): a 256 KiB
 * image ends at the top of RAM below 4 GiB ("pcat-image") and its last
 * 128 KiB also end at 1 MiB ("pcat-top-pages"); then the MTRRs (default UC,
 * 0-640 KiB and 0xE0000-0xFFFFF WB) and the Cs the BIOS's reset vector
 * needs. OpenVMM itself passes no image (the BIOS is a ROM): with no
 * firmware only the registers are imported. */
#include "mv-boot-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCAT_PAGE               ((guint64) 4096)
#define PCAT_IMAGE_SIZE         ((guint64) 0x40000)    /* 256 KiB */
#define PCAT_TOP_PAGES          (0x100000 / PCAT_PAGE) /* 1 MiB */
#define PCAT_STARTUP_MAX_PAGES  (0x20000 / PCAT_PAGE)  /* 128 KiB */
#define PCAT_FOUR_GB            ((guint64) 1 << 32)
#define PCAT_WB_ALL             G_GUINT64_CONSTANT (0x0606060606060606)

/* Reads the whole image (it is 256 KiB exactly, or an error). */
static guint8 *
read_image (const MvBootRun *run,
            GError         **error)
{
  const char *path = run->config->firmware;
  g_autofree char *shown = g_filename_display_name (path);
  g_autofree guint8 *image = NULL;
  struct stat st;
  guint64 done = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO,
                   "cannot open the PCAT BIOS %s: %s", shown, g_strerror (errsv));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO,
                   "cannot read the PCAT BIOS %s: not a regular file", shown);
      close (fd);
      return NULL;
    }
  if ((guint64) st.st_size != PCAT_IMAGE_SIZE)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_PCAT_SIZE,
                   "the PCAT BIOS %s is %" G_GUINT64_FORMAT " bytes; it must be exactly "
                   "256 KiB (262144 bytes)", shown, (guint64) st.st_size);
      close (fd);
      return NULL;
    }

  image = g_malloc (PCAT_IMAGE_SIZE);
  while (done < PCAT_IMAGE_SIZE)
    {
      gssize n = read (fd, image + done, PCAT_IMAGE_SIZE - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int errsv = errno;
          g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO,
                       "cannot read the PCAT BIOS %s: %s", shown,
                       n == 0 ? "it is shorter than it was" : g_strerror (errsv));
          close (fd);
          return NULL;
        }
      done += (guint64) n;
    }
  close (fd);
  if (run->progress != NULL)
    run->progress (done, PCAT_IMAGE_SIZE, run->progress_data);
  return g_steal_pointer (&image);
}

static gboolean
import_pages (const MvBootRun *run,
              guint64          page_base,
              guint64          page_count,
              const char      *tag,
              const guint8    *data,
              gsize            data_len,
              GError         **error)
{
  g_autoptr(GError) local = NULL;

  if (mv_importer_import_pages (run->importer, page_base, page_count, tag,
                                MV_ACCEPTANCE_EXCLUSIVE, data, data_len, &local))
    return TRUE;
  g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IMPORT,
               "importing %s failed: %s", tag, local->message);
  return FALSE;
}

static gboolean
import_image (const MvBootRun *run,
              GError         **error)
{
  g_autofree guint8 *image = NULL;
  guint64 max_below_4gb;
  guint64 image_pages = PCAT_IMAGE_SIZE / PCAT_PAGE;
  guint64 top_pages;

  /* upstream checks the size before the layout */
  image = read_image (run, error);
  if (image == NULL)
    return FALSE;

  if (!mv_layout_max_ram_below_4gb (run->layout, &max_below_4gb)
      || max_below_4gb == 0 || max_below_4gb % PCAT_PAGE != 0
      || max_below_4gb > PCAT_FOUR_GB)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_RAM,
                   "the layout has no RAM below 4 GiB for the PCAT BIOS "
                   "(upstream's InvalidMaxRamBelow4gb)");
      return FALSE;
    }
  /* upstream subtracts without a check (a panic in a debug build) */
  if (max_below_4gb / PCAT_PAGE < image_pages)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_RAM,
                   "the RAM below 4 GiB ends at 0x%" G_GINT64_MODIFIER "x, below the "
                   "256 KiB the PCAT BIOS needs under it", max_below_4gb);
      return FALSE;
    }
  if (!import_pages (run, max_below_4gb / PCAT_PAGE - image_pages, image_pages,
                     "pcat-image", image, PCAT_IMAGE_SIZE, error))
    return FALSE;

  top_pages = MIN (image_pages, PCAT_STARTUP_MAX_PAGES);
  return import_pages (run, PCAT_TOP_PAGES - top_pages, top_pages, "pcat-top-pages",
                       image + PCAT_IMAGE_SIZE - top_pages * PCAT_PAGE,
                       top_pages * PCAT_PAGE, error);
}

gboolean
_mv_boot_load_pcat (const MvBootRun *run,
                    GError         **error)
{
  static const MvRegName wb_regs[] = {
    MV_REG_MTRR_FIX64K_00000, MV_REG_MTRR_FIX16K_80000,
    MV_REG_MTRR_FIX4K_E0000, MV_REG_MTRR_FIX4K_E8000,
    MV_REG_MTRR_FIX4K_F0000, MV_REG_MTRR_FIX4K_F8000,
  };
  MvX86Register reg = { .name = MV_REG_MTRR_DEF_TYPE, .value = 0xc00 };
  g_autoptr(GError) local = NULL;

  if (g_cancellable_set_error_if_cancelled (run->cancellable, &local))
    {
      g_set_error_literal (error, MV_BOOT_ERROR, MV_BOOT_ERROR_CANCELLED, local->message);
      return FALSE;
    }
  if (run->config->firmware != NULL && run->config->firmware[0] != '\0'
      && !import_image (run, error))
    return FALSE;

  /* Reset vector at the top of 1 MiB, as Hyper-V sets it. */
  if (!mv_importer_import_vp_register (run->importer, &reg, &local))
    goto fail;
  for (gsize i = 0; i < G_N_ELEMENTS (wb_regs); i++)
    {
      reg = (MvX86Register) { .name = wb_regs[i], .value = PCAT_WB_ALL };
      if (!mv_importer_import_vp_register (run->importer, &reg, &local))
        goto fail;
    }
  reg = (MvX86Register) {
    .name = MV_REG_CS,
    .segment = { .base = 0xf0000, .limit = 0xffff, .selector = 0xf000, .attributes = 0x9b },
  };
  if (!mv_importer_import_vp_register (run->importer, &reg, &local))
    goto fail;
  /* the BIOS starts at its reset vector, Cs base + 0xfff0 */
  run->info->entry = 0xffff0;
  return TRUE;

fail:
  g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IMPORT,
               "importing a register failed: %s", local->message);
  return FALSE;
}
