/* SPDX-License-Identifier: MIT */
#pragma once

#include "mv-igvm.h"

G_BEGIN_DECLS

/* The window the reader reads file data through. */
#define MV_IGVM_WINDOW ((gsize) 64 * 1024)

MvIgvmFile *_mv_igvm_file_new   (void);
/* Takes @message; @range (nullable). */
MvIgvmDiagnostic *_mv_igvm_diagnostic_new (MvIgvmDiagnosticKind  kind,
                                           MvSeverity            severity,
                                           guint32               mask,
                                           const MvRange        *range,
                                           char                 *message);
guint32     _mv_igvm_le32       (const guint8    *p);
guint64     _mv_igvm_le64       (const guint8    *p);
/* The size of a known type's body, 0 for a type this reader does not know. */
guint32     _mv_igvm_body_size  (guint32          type);
gboolean    _mv_igvm_is_parameter_usage (guint32  type);
MvIgvmSection _mv_igvm_section_of (guint32        type);
/* Fills @h's fields from @body, _mv_igvm_body_size (h->type) bytes. */
void        _mv_igvm_decode_body (MvIgvmHeader   *h,
                                  const guint8   *body);
gboolean    _mv_igvm_read_at    (MvSource        *source,
                                 guint64          offset,
                                 guint8          *buf,
                                 gsize            len,
                                 const char      *what,
                                 GError         **error);
/* Reads the file data of @vp at @offset (checked to lie in the file) into
 * its registers, through @buf of MV_IGVM_WINDOW bytes. */
gboolean    _mv_igvm_vp_decode  (const MvIgvmFile *file,
                                 MvIgvmVpContext *vp,
                                 MvSource        *source,
                                 guint64          offset,
                                 guint8          *buf,
                                 GError         **error);

G_END_DECLS
