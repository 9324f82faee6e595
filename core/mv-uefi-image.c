/* SPDX-License-Identifier: MIT */
/* The UEFI image: read whole (openvmm_core's load_uefi reads the file to
 * the end and hands the loader a slice, which it imports in one call, so
 * the 6 MiB are held once, read in 64 KiB pieces for progress and
 * cancellation) and searched for its SEC entry point as upstream's
 * get_sec_entry_point_offset and pe_get_entry_point_offset do, down to
 * their quirks: the section loop compares the offset in the volume with
 * the SEC file's size, and ends with the offset it reached when it finds
 * no PE32 section. Where upstream would panic (a slice that starts past
 * the image) or loop forever (a file or section of size 0), the search
 * fails with MV_BOOT_ERROR_NO_SEC_ENTRY saying so. Sums are wrapping, as
 * in upstream's release build. */
#include "mv-uefi-image.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "mv-file-import.h"
#include "mv-le.h"

#define READ_PIECE ((gsize) 64 * 1024)

/* mod.rs: signatures and sizes of the structures it reads. */
#define IMAGE_DOS_SIGNATURE        0x5A4D      /* "MZ" */
#define IMAGE_NT_SIGNATURE         0x00004550  /* "PE\0\0" */
#define TE_IMAGE_HEADER_SIGNATURE  0x5A56      /* "VZ" */
#define EFI_FVH_SIGNATURE          0x4856465F  /* "_FVH" */
#define EFI_FV_FILETYPE_SECURITY_CORE 3
#define EFI_SECTION_PE32           0x10

#define FV_HEADER_SIZE      56   /* EFI_FIRMWARE_VOLUME_HEADER */
#define FFS_HEADER_SIZE     24   /* EFI_FFS_FILE_HEADER */
#define SECTION_HEADER_SIZE 4    /* EFI_COMMON_SECTION_HEADER */
#define DOS_HEADER_SIZE     64   /* ImageDosHeader */
#define TE_HEADER_SIZE      40   /* TeImageHeader */
#define NT_HEADERS32_SIZE   248  /* ImageNtHeaders32 */

/* @path: the file's name as shown (g_filename_display_name ()) */
static void
set_io_error (GError    **error,
              GError     *inner,
              const char *path)
{
  g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_IO,
               "failed to read uefi firmware file %s: %s", path, inner->message);
  g_error_free (inner);
}

static gboolean
size_error (GError    **error,
            const char *path,
            guint64     size,
            gboolean    at_least)
{
  g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_FIRMWARE_SIZE,
               "Firmware size invalid: %s is %s%" G_GUINT64_FORMAT " bytes; "
               "the x86-64 UEFI image must be exactly 6 MiB (%" G_GUINT64_FORMAT " bytes)",
               path, at_least ? "more than " : "", size, MV_UEFI_IMAGE_SIZE);
  return FALSE;
}

/**
 * mv_uefi_image_read:
 * @progress: (nullable): called with the bytes read so far, of 6 MiB
 *
 * Reads @path, which must hold exactly 6 MiB (upstream's IMAGE_SIZE),
 * reading no more than 6 MiB and one byte of it.
 *
 * Returns: (transfer full): the image's MV_UEFI_IMAGE_SIZE bytes, or NULL
 * with MV_BOOT_ERROR_IO, _FIRMWARE_SIZE or _CANCELLED
 */
guint8 *
mv_uefi_image_read (const char     *path,
                    GCancellable   *cancellable,
                    MvBootProgress  progress,
                    gpointer        progress_data,
                    GError        **error)
{
  g_autofree char *shown = NULL;
  g_autoptr(MvSource) source = NULL;
  g_autofree guint8 *image = NULL;
  GError *inner = NULL;
  guint64 done = 0;
  guint8 extra;
  gssize n;

  g_return_val_if_fail (path != NULL, NULL);

  shown = g_filename_display_name (path);
  source = mv_source_new_for_path (path, &inner);
  if (source == NULL)
    {
      set_io_error (error, inner, shown);
      return NULL;
    }

  image = g_malloc (MV_UEFI_IMAGE_SIZE);
  while (done < MV_UEFI_IMAGE_SIZE)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, &inner))
        {
          g_set_error (error, MV_BOOT_ERROR, MV_BOOT_ERROR_CANCELLED,
                       "loading %s: %s", shown, inner->message);
          g_error_free (inner);
          return NULL;
        }
      n = source->klass->read (source, image + done,
                               (gsize) MIN (READ_PIECE, MV_UEFI_IMAGE_SIZE - done), &inner);
      if (n < 0)
        {
          set_io_error (error, inner, shown);
          return NULL;
        }
      if (n == 0)
        {
          size_error (error, shown, done, FALSE);
          return NULL;
        }
      done += (guint64) n;
      if (progress != NULL)
        progress (done, MV_UEFI_IMAGE_SIZE, progress_data);
    }

  n = source->klass->read (source, &extra, 1, &inner);
  if (n < 0)
    {
      set_io_error (error, inner, shown);
      return NULL;
    }
  if (n > 0)
    {
      GStatBuf st;

      if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
        size_error (error, shown, (guint64) st.st_size, FALSE);
      else
        size_error (error, shown, MV_UEFI_IMAGE_SIZE, TRUE);
      return NULL;
    }

  return g_steal_pointer (&image);
}

/* ---- the SEC entry search ------------------------------------------------ */

typedef struct
{
  const guint8 *image;
  gsize len;
  GError **error;
} Search;

#define le16(p) ((guint32) mv_le_get ((p), 2))
#define le24(p) ((guint32) mv_le_get ((p), 3))
#define le32(p) ((guint32) mv_le_get ((p), 4))
#define le64(p) mv_le_get ((p), 8)

static gboolean
fail (Search     *s,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (Search     *s,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *why = NULL;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (s->error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_SEC_ENTRY,
               "Unable to find SEC volume entry point: %s", why);
  return FALSE;
}

/* The bytes of a @size-byte structure @what at @offset of the image, as
 * read_from_prefix (&image[offset..]) reads them: NULL with an error when
 * the slice starts past the image (upstream panics) or is shorter than the
 * structure (upstream returns None). */
static const guint8 *
view (Search     *s,
      guint64     offset,
      gsize       size,
      const char *what)
{
  if (offset > s->len)
    {
      fail (s, "the %s at offset 0x%" G_GINT64_MODIFIER "x starts past the image's end "
            "(0x%" G_GSIZE_MODIFIER "x; upstream panics)", what, offset, s->len);
      return NULL;
    }
  if (s->len - offset < size)
    {
      fail (s, "the %s at offset 0x%" G_GINT64_MODIFIER "x (%" G_GSIZE_FORMAT
            " bytes) runs past the image's end", what, offset, size);
      return NULL;
    }
  return s->image + offset;
}

/* Aligns @rel_offset (an offset in the volume or file, as upstream
 * counts it) up to @align, moves @image_offset with it, and views the
 * @size-byte header there. */
static const guint8 *
next_header (Search     *s,
             guint64    *image_offset,
             guint64    *rel_offset,
             guint64     align,
             gsize       size,
             const char *what)
{
  guint64 aligned = (*rel_offset + align - 1) & ~(align - 1);

  *image_offset += aligned - *rel_offset;
  *rel_offset = aligned;
  return view (s, *image_offset, size, what);
}

/* pe_get_entry_point_offset () on the image from @base on. */
static gboolean
pe_entry_point (Search  *s,
                guint64  base,
                guint32 *entry)
{
  const guint8 *dos;
  const guint8 *p;
  guint64 nt = 0;
  guint32 signature;

  dos = view (s, base, DOS_HEADER_SIZE, "PE32 section's DOS header");
  if (dos == NULL)
    return FALSE;
  if (le16 (dos) == IMAGE_DOS_SIGNATURE)
    {
      /* e_lfanew is an i32 cast to usize: a negative one is huge. */
      gint32 lfanew = (gint32) le32 (dos + 60);

      nt = (guint64) (gint64) lfanew;
      if (nt > s->len - base)
        return fail (s, "the PE32 section at offset 0x%" G_GINT64_MODIFIER "x has e_lfanew "
                     "%" G_GINT32_FORMAT ", past the image's end (upstream panics)",
                     base - SECTION_HEADER_SIZE, lfanew);
    }

  p = view (s, base + nt, 4, "PE signature");
  if (p == NULL)
    return FALSE;
  signature = le32 (p);

  if ((signature & 0xffff) == TE_IMAGE_HEADER_SIGNATURE)
    {
      p = view (s, base + nt, TE_HEADER_SIZE, "TE header");
      if (p == NULL)
        return FALSE;
      /* address_of_entry_point + size_of (TeImageHeader) - stripped_size */
      *entry = le32 (p + 8) + TE_HEADER_SIZE - le16 (p + 6);
      return TRUE;
    }
  if (signature == IMAGE_NT_SIGNATURE)
    {
      p = view (s, base + nt, NT_HEADERS32_SIZE, "PE32 headers");
      if (p == NULL)
        return FALSE;
      /* optional_header.address_of_entry_point */
      *entry = le32 (p + 4 + 20 + 16);
      return TRUE;
    }
  return fail (s, "the PE32 section at offset 0x%" G_GINT64_MODIFIER "x has neither a PE "
               "(\"PE\\0\\0\") nor a TE (\"VZ\") signature at offset 0x%" G_GINT64_MODIFIER "x",
               base - SECTION_HEADER_SIZE, base + nt);
}

/**
 * mv_uefi_image_sec_entry:
 * @image: (array length=len): the firmware image
 * @offset: (out): the SEC entry point, from the image's start
 *
 * Upstream's get_sec_entry_point_offset ().
 *
 * Returns: FALSE with MV_BOOT_ERROR_NO_SEC_ENTRY saying what is missing
 */
gboolean
mv_uefi_image_sec_entry (const guint8 *image,
                         gsize         len,
                         guint64      *offset,
                         GError      **error)
{
  Search s = { image, len, error };
  guint64 image_offset = MV_UEFI_SEC_VOLUME_OFFSET;
  guint64 volume_offset = 0;
  guint64 fv_length;
  guint64 sec_file_size = 0;
  guint64 file_offset;
  const guint8 *p;
  gboolean found = FALSE;

  g_return_val_if_fail (image != NULL || len == 0, FALSE);
  g_return_val_if_fail (offset != NULL, FALSE);

  p = view (&s, image_offset, FV_HEADER_SIZE, "SEC firmware volume header");
  if (p == NULL)
    return FALSE;
  if (le32 (p + 40) != EFI_FVH_SIGNATURE)
    return fail (&s, "no firmware volume signature \"_FVH\" at offset 0x%" G_GINT64_MODIFIER "x",
                 image_offset + 40);
  fv_length = le64 (p + 32);
  image_offset += le16 (p + 48);   /* header_length */

  /* The first SEC core file, files 8-byte aligned in the volume. */
  while (volume_offset < fv_length)
    {
      guint32 size;

      p = next_header (&s, &image_offset, &volume_offset, 8, FFS_HEADER_SIZE,
                       "firmware file header");
      if (p == NULL)
        return FALSE;
      size = le24 (p + 20);
      if (p[18] == EFI_FV_FILETYPE_SECURITY_CORE)
        {
          sec_file_size = size;
          found = TRUE;
          break;
        }
      if (size == 0)
        return fail (&s, "the firmware file at offset 0x%" G_GINT64_MODIFIER "x has size 0 "
                     "(upstream loops forever)", image_offset);
      image_offset += size;
      volume_offset += size;
    }
  if (!found)
    return fail (&s, "the SEC firmware volume (0x%" G_GINT64_MODIFIER "x bytes) holds no SEC "
                 "core file (type 3)", fv_length);

  image_offset += FFS_HEADER_SIZE;
  volume_offset += FFS_HEADER_SIZE;

  /* Its PE32 section, sections 4-byte aligned (upstream compares the
   * offset in the volume with the file's size). */
  file_offset = volume_offset;
  while (file_offset < sec_file_size)
    {
      guint32 size;

      p = next_header (&s, &image_offset, &file_offset, 4, SECTION_HEADER_SIZE,
                       "firmware file section header");
      if (p == NULL)
        return FALSE;
      if (p[3] == EFI_SECTION_PE32)
        {
          guint32 entry = 0;

          if (!pe_entry_point (&s, image_offset + SECTION_HEADER_SIZE, &entry))
            return FALSE;
          image_offset += SECTION_HEADER_SIZE + (guint64) entry;
          break;
        }
      size = le24 (p);
      if (size == 0)
        return fail (&s, "the SEC core file's section at offset 0x%" G_GINT64_MODIFIER "x has "
                     "size 0 (upstream loops forever)", image_offset);
      image_offset += size;
      file_offset += size;
    }

  *offset = image_offset;
  return TRUE;
}
