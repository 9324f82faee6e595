/* SPDX-License-Identifier: MIT */
/* is_bzimage and parse_bzimage (see the header), their checks in
 * upstream's order. */
#include "mv-bzimage.h"

#include <string.h>

/* Reads up to @len bytes; returns how many (short only at the end). */
static gboolean
read_header (MvSource   *file,
             const char *name,
             guint8     *buf,
             gsize       len,
             gsize      *got,
             GError    **error)
{
  GError *inner = NULL;

  *got = 0;
  if (!mv_source_seek (file, 0, &inner))
    goto fail;
  while (*got < len)
    {
      gssize n = file->klass->read (file, buf + *got, len - *got, &inner);

      if (n < 0)
        goto fail;
      if (n == 0)
        break;
      *got += (gsize) n;
    }
  return TRUE;

fail:
  g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO, "cannot read the kernel %s: %s",
               name, inner->message);
  g_error_free (inner);
  return FALSE;
}

static gboolean
has_markers (const guint8 *buf)
{
  return mv_le_get (buf + MV_SETUP_BOOT_FLAG, 2) == MV_BZIMAGE_BOOT_FLAG &&
         mv_le_get (buf + MV_SETUP_HEADER, 4) == MV_BZIMAGE_HDRS_MAGIC;
}

gboolean
mv_bzimage_detect (MvSource   *file,
                   const char *name,
                   gboolean   *out,
                   GError    **error)
{
  guint8 buf[MV_BZIMAGE_HEADER_END];
  gsize got;

  *out = FALSE;
  if (!read_header (file, name, buf, sizeof buf, &got, error))
    return FALSE;
  *out = got == sizeof buf && has_markers (buf);
  return TRUE;
}

gboolean
mv_bzimage_parse (MvSource      *file,
                  guint64        file_size,
                  const char    *name,
                  MvBzImageInfo *info,
                  GError       **error)
{
  guint8 buf[MV_BZIMAGE_HEADER_END];
  guint64 syssize;
  guint64 protected_mode_offset;
  guint8 loadflags;
  guint16 xloadflags;
  gsize got;

  memset (info, 0, sizeof *info);
  if (!read_header (file, name, buf, sizeof buf, &got, error))
    return FALSE;
  if (got < sizeof buf)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO,
                   "cannot read the kernel %s: unexpected end of file: %" G_GSIZE_FORMAT
                   " of %" G_GSIZE_FORMAT " header bytes read", name, got, sizeof buf);
      return FALSE;
    }

  if (!has_markers (buf))
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_BZIMAGE_MAGIC,
                   "%s is not a valid bzImage (missing boot flag 0xAA55 at 0x1fe "
                   "or \"HdrS\" magic at 0x202)", name);
      return FALSE;
    }

  memcpy (info->setup_header, buf + MV_SETUP_HEADER_OFFSET, MV_SETUP_HEADER_SIZE);
  info->version = (guint16) mv_le_get (buf + MV_SETUP_VERSION, 2);
  if (info->version < MV_BZIMAGE_MIN_PROTOCOL)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_BZIMAGE_PROTOCOL,
                   "%s: bzImage boot protocol version %u.%02u (0x%04x) is too old "
                   "(need >= 2.12 for 64-bit boot)", name, info->version >> 8,
                   info->version & 0xff, info->version);
      return FALSE;
    }

  loadflags = buf[MV_SETUP_LOADFLAGS];
  if ((loadflags & MV_BZIMAGE_LOADED_HIGH) == 0)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_BZIMAGE_NOT_LOADED_HIGH,
                   "%s: bzImage does not have the LOADED_HIGH flag set (loadflags 0x%02x)",
                   name, loadflags);
      return FALSE;
    }

  xloadflags = (guint16) mv_le_get (buf + MV_SETUP_XLOADFLAGS, 2);
  if ((xloadflags & MV_BZIMAGE_XLF_KERNEL_64) == 0)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_BZIMAGE_NOT_64BIT,
                   "%s: bzImage does not support 64-bit boot (XLF_KERNEL_64 not set in "
                   "xloadflags 0x%04x)", name, xloadflags);
      return FALSE;
    }

  info->setup_sects = buf[MV_SETUP_SETUP_SECTS] == 0 ? 4 : buf[MV_SETUP_SETUP_SECTS];
  protected_mode_offset = ((guint64) info->setup_sects + 1) * 512;

  syssize = mv_le_get (buf + MV_SETUP_SYSSIZE, 4);
  if (syssize != 0)
    info->protected_mode_size = syssize * 16;
  else
    info->protected_mode_size = file_size > protected_mode_offset ? file_size - protected_mode_offset : 0;

  info->entry_offset = MV_BZIMAGE_ENTRY_OFFSET;
  if (info->protected_mode_size <= info->entry_offset)
    {
      g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_BZIMAGE_TRUNCATED,
                   "%s: bzImage is truncated: protected-mode size (%" G_GUINT64_FORMAT
                   ") is too small for entry offset (%" G_GUINT64_FORMAT ")",
                   name, info->protected_mode_size, info->entry_offset);
      return FALSE;
    }

  info->init_size = (guint32) mv_le_get (buf + MV_SETUP_INIT_SIZE, 4);
  info->pref_address = mv_le_get (buf + MV_SETUP_PREF_ADDRESS, 8);
  return TRUE;
}
