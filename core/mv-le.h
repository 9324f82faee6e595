/* SPDX-License-Identifier: MIT */
/* Little-endian fields of byte buffers: the boot structures (setup
 * header, zero page, ACPI, SMBIOS) are little-endian whatever the host. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

static inline guint64
mv_le_get (const guint8 *p,
           guint         bytes)
{
  guint64 v = 0;

  for (guint i = 0; i < bytes; i++)
    v |= (guint64) p[i] << (8 * i);
  return v;
}

static inline void
mv_le_put (guint8  *p,
           guint64  value,
           guint    bytes)
{
  for (guint i = 0; i < bytes; i++)
    p[i] = (guint8) (value >> (8 * i));
}

G_END_DECLS
