/* SPDX-License-Identifier: MIT */
/* Fuzz target: the UEFI image's SEC entry search (mv_uefi_image_sec_entry,
 * upstream's get_sec_entry_point_offset): it must end, never read outside
 * the image, and either find an entry past the SEC volume's start or say
 * why not.
 *
 * Input: the image from the SEC volume (0x5E0000) on; the image is 0x5E0000
 * zero bytes and then the input, exactly as long. When the first byte is
 * even and the input reaches that far, bytes 40-43 are overwritten with
 * the volume signature "_FVH", so random inputs get past it. */
#include "mv-fuzz.h"

#include <string.h>

#include "mv-uefi-image.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  gsize len = (gsize) MV_UEFI_SEC_VOLUME_OFFSET + size;
  g_autofree guint8 *image = NULL;
  g_autoptr(GError) error = NULL;
  guint64 offset = 0;
  gboolean ok;

  mv_fuzz_setup ();

  if (size > MV_UEFI_IMAGE_SIZE)
    return 0;

  /* Exactly as long as the image, so ASan sees a read past it. */
  image = g_malloc0 (len);
  if (size > 0)
    memcpy (image + MV_UEFI_SEC_VOLUME_OFFSET, data, size);
  if (size >= 44 && (data[0] & 1) == 0)
    memcpy (image + MV_UEFI_SEC_VOLUME_OFFSET + 40, "_FVH", 4);

  ok = mv_uefi_image_sec_entry (image, len, &offset, &error);
  if (ok)
    {
      MV_FUZZ_CHECK (error == NULL);
      MV_FUZZ_CHECK (offset >= MV_UEFI_SEC_VOLUME_OFFSET);
    }
  else
    {
      MV_FUZZ_CHECK (g_error_matches (error, MV_BOOT_ERROR, MV_BOOT_ERROR_NO_SEC_ENTRY));
      MV_FUZZ_CHECK (g_str_has_prefix (error->message, "Unable to find SEC volume entry point: "));
    }
  return 0;
}
