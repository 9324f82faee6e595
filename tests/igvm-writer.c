/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <zlib.h>

#include "igvm-writer.h"

struct _MvIgvmWriter
{
  guint32     version;
  guint32     arch;
  guint32     page_size;
  GByteArray *headers;
  GByteArray *data;
  GArray     *fixups;   /* guint: offsets in headers of a u32 file offset
                         * relative to the data, to rebase at the end */
};

void
mv_igvm_put32 (guint8  *p,
               guint32  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

void
mv_igvm_put64 (guint8  *p,
               guint64  v)
{
  mv_igvm_put32 (p, (guint32) v);
  mv_igvm_put32 (p + 4, (guint32) (v >> 32));
}

static void
put16 (guint8  *p,
       guint16  v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

MvIgvmWriter *
mv_igvm_writer_new (guint32 version,
                    guint32 arch,
                    guint32 page_size)
{
  MvIgvmWriter *w = g_new0 (MvIgvmWriter, 1);

  w->version = version;
  w->arch = arch;
  w->page_size = page_size;
  w->headers = g_byte_array_new ();
  w->data = g_byte_array_new ();
  w->fixups = g_array_new (FALSE, FALSE, sizeof (guint));
  return w;
}

void
mv_igvm_writer_free (MvIgvmWriter *w)
{
  if (w == NULL)
    return;
  g_byte_array_unref (w->headers);
  g_byte_array_unref (w->data);
  g_array_unref (w->fixups);
  g_free (w);
}

/* Appends a header and returns the offset of its body in w->headers. */
static guint
header (MvIgvmWriter *w,
        guint32       type,
        const void   *body,
        gsize         len)
{
  guint8 fixed[8];
  static const guint8 zeros[8] = { 0 };
  guint at;

  mv_igvm_put32 (fixed, type);
  mv_igvm_put32 (fixed + 4, (guint32) len);
  g_byte_array_append (w->headers, fixed, 8);
  at = w->headers->len;
  g_byte_array_append (w->headers, body, (guint) len);
  g_byte_array_append (w->headers, zeros, (guint) (((len + 7) & ~(gsize) 7) - len));
  return at;
}

void
mv_igvm_writer_raw (MvIgvmWriter *w,
                    guint32       type,
                    const void   *body,
                    gsize         len)
{
  header (w, type, body, len);
}

/* File data: @len bytes of @data (NULL: zeros), padded with zeros to
 * @padded; returns its offset in the data, to be fixed up. */
static guint32
data (MvIgvmWriter *w,
      const void   *bytes,
      gsize         len,
      gsize         padded)
{
  guint32 at = w->data->len;

  g_byte_array_set_size (w->data, (guint) (at + padded));
  memset (w->data->data + at, 0, padded);
  if (bytes != NULL)
    memcpy (w->data->data + at, bytes, MIN (len, padded));
  return at;
}

/* Stores the data offset @rel at @field of the body at @at, and marks it
 * to be rebased on the data's start. */
static void
data_offset (MvIgvmWriter *w,
             guint         at,
             guint         field,
             guint32       rel)
{
  guint pos = at + field;

  mv_igvm_put32 (w->headers->data + pos, rel);
  g_array_append_val (w->fixups, pos);
}

void
mv_igvm_writer_platform (MvIgvmWriter *w,
                         guint32       mask,
                         guint8        type,
                         guint16       version,
                         guint8        highest_vtl,
                         guint64       shared_gpa_boundary)
{
  guint8 b[16] = { 0 };

  mv_igvm_put32 (b, mask);
  b[4] = highest_vtl;
  b[5] = type;
  put16 (b + 6, version);
  mv_igvm_put64 (b + 8, shared_gpa_boundary);
  header (w, 0x1, b, sizeof b);
}

void
mv_igvm_writer_guest_policy (MvIgvmWriter *w,
                             guint64       policy,
                             guint32       mask)
{
  guint8 b[16] = { 0 };

  mv_igvm_put64 (b, policy);
  mv_igvm_put32 (b + 8, mask);
  header (w, 0x101, b, sizeof b);
}

void
mv_igvm_writer_relocatable_region (MvIgvmWriter *w,
                                   guint32       mask,
                                   guint64       alignment,
                                   guint64       gpa,
                                   guint64       size,
                                   guint64       minimum,
                                   guint64       maximum)
{
  guint8 b[48] = { 0 };

  mv_igvm_put32 (b, mask);
  b[6] = 2;   /* VTL */
  b[7] = 0x2; /* apply RIP */
  mv_igvm_put64 (b + 8, alignment);
  mv_igvm_put64 (b + 16, gpa);
  mv_igvm_put64 (b + 24, size);
  mv_igvm_put64 (b + 32, minimum);
  mv_igvm_put64 (b + 40, maximum);
  header (w, 0x102, b, sizeof b);
}

void
mv_igvm_writer_page_table_relocation (MvIgvmWriter *w,
                                      guint32       mask,
                                      guint64       gpa,
                                      guint64       size,
                                      guint64       used_size)
{
  guint8 b[32] = { 0 };

  mv_igvm_put32 (b, mask);
  b[6] = 2;
  mv_igvm_put64 (b + 8, gpa);
  mv_igvm_put64 (b + 16, size);
  mv_igvm_put64 (b + 24, used_size);
  header (w, 0x103, b, sizeof b);
}

void
mv_igvm_writer_page (MvIgvmWriter *w,
                     guint64       gpa,
                     guint32       mask,
                     guint32       flags,
                     guint16       data_type,
                     const void   *bytes,
                     gsize         len)
{
  guint8 b[24] = { 0 };
  guint at;

  mv_igvm_put64 (b, gpa);
  mv_igvm_put32 (b + 8, mask);
  mv_igvm_put32 (b + 16, flags);
  put16 (b + 20, data_type);
  at = header (w, 0x302, b, sizeof b);
  if (bytes != NULL)
    data_offset (w, at, 12, data (w, bytes, len, (flags & MV_IGVM_PAGE_2MB) ? 2 * 1024 * 1024 : 4096));
}

void
mv_igvm_writer_parameter_area (MvIgvmWriter *w,
                               guint32       index,
                               guint64       bytes,
                               const void   *initial)
{
  guint8 b[16] = { 0 };
  guint at;

  mv_igvm_put64 (b, bytes);
  mv_igvm_put32 (b + 8, index);
  at = header (w, 0x301, b, sizeof b);
  if (initial != NULL)
    data_offset (w, at, 12, data (w, initial, (gsize) bytes, (gsize) bytes));
}

void
mv_igvm_writer_parameter (MvIgvmWriter *w,
                          guint32       type,
                          guint32       index,
                          guint32       byte_offset)
{
  guint8 b[8];

  mv_igvm_put32 (b, index);
  mv_igvm_put32 (b + 4, byte_offset);
  header (w, type, b, sizeof b);
}

void
mv_igvm_writer_parameter_insert (MvIgvmWriter *w,
                                 guint64       gpa,
                                 guint32       mask,
                                 guint32       index)
{
  guint8 b[16];

  mv_igvm_put64 (b, gpa);
  mv_igvm_put32 (b + 8, mask);
  mv_igvm_put32 (b + 12, index);
  header (w, 0x303, b, sizeof b);
}

void
mv_igvm_writer_vp_context (MvIgvmWriter *w,
                           guint64       gpa,
                           guint32       mask,
                           guint16       vp_index,
                           const void   *bytes,
                           gsize         len)
{
  guint8 b[20] = { 0 };
  guint at;

  mv_igvm_put64 (b, gpa);
  mv_igvm_put32 (b + 8, mask);
  put16 (b + 16, vp_index);
  at = header (w, 0x304, b, sizeof b);
  data_offset (w, at, 12, data (w, bytes, len, (len + 7) & ~(gsize) 7));
}

void
mv_igvm_writer_required_memory (MvIgvmWriter *w,
                                guint64       gpa,
                                guint32       mask,
                                guint32       bytes,
                                guint32       flags)
{
  guint8 b[24] = { 0 };

  mv_igvm_put64 (b, gpa);
  mv_igvm_put32 (b + 8, mask);
  mv_igvm_put32 (b + 12, bytes);
  mv_igvm_put32 (b + 16, flags);
  header (w, 0x305, b, sizeof b);
}

void
mv_igvm_writer_error_range (MvIgvmWriter *w,
                            guint64       gpa,
                            guint32       mask,
                            guint32       bytes)
{
  guint8 b[16];

  mv_igvm_put64 (b, gpa);
  mv_igvm_put32 (b + 8, mask);
  mv_igvm_put32 (b + 12, bytes);
  header (w, 0x30D, b, sizeof b);
}

void
mv_igvm_writer_snp_id_block (MvIgvmWriter *w,
                             guint32       mask,
                             guint32       version,
                             guint32       guest_svn)
{
  guint8 b[696] = { 0 };

  mv_igvm_put32 (b, mask);
  mv_igvm_put32 (b + 88, version);
  mv_igvm_put32 (b + 92, guest_svn);
  mv_igvm_put32 (b + 96, 1);    /* ID key: ECDSA P-384 */
  header (w, 0x30B, b, sizeof b);
}

GBytes *
mv_igvm_writer_finish (MvIgvmWriter      *w,
                       MvIgvmWriterFlags  flags)
{
  guint32 fixed_size = w->version >= 2 ? 32 : 24;
  guint32 data_start = fixed_size + w->headers->len;
  g_autoptr(GByteArray) out = g_byte_array_sized_new (data_start + w->data->len);
  g_autoptr(GByteArray) table = g_byte_array_new ();
  guint8 fixed[32] = { 0 };
  guint32 crc;

  g_byte_array_append (table, w->headers->data, w->headers->len);
  for (guint i = 0; i < w->fixups->len; i++)
    {
      guint pos = g_array_index (w->fixups, guint, i);
      guint8 *p = table->data + pos;

      mv_igvm_put32 (p, (p[0] | p[1] << 8 | p[2] << 16 | (guint32) p[3] << 24) + data_start);
    }
  mv_igvm_put32 (fixed, 0x4D564749);
  mv_igvm_put32 (fixed + 4, w->version);
  mv_igvm_put32 (fixed + 8, fixed_size);
  mv_igvm_put32 (fixed + 12, w->headers->len);
  mv_igvm_put32 (fixed + 16, data_start + w->data->len);
  mv_igvm_put32 (fixed + 24, w->arch);
  mv_igvm_put32 (fixed + 28, w->page_size);
  crc = crc32 (0, fixed, fixed_size);
  crc = crc32 (crc, table->data, table->len);
  if (flags & MV_IGVM_WRITER_BREAK_CHECKSUM)
    crc++;
  mv_igvm_put32 (fixed + 20, crc);
  g_byte_array_append (out, fixed, fixed_size);
  g_byte_array_append (out, table->data, table->len);
  g_byte_array_append (out, w->data->data, w->data->len);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
mv_igvm_writer_save (MvIgvmWriter      *w,
                     MvIgvmWriterFlags  flags,
                     const char        *path,
                     GError           **error)
{
  g_autoptr(GBytes) bytes = mv_igvm_writer_finish (w, flags);
  gsize len;
  const char *p = g_bytes_get_data (bytes, &len);

  return g_file_set_contents (path, p, (gssize) len, error);
}
