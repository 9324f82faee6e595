/* SPDX-License-Identifier: MIT */
/* A small IGVM writer for the tests (igvm_defs' layout, written by hand so
 * that CI needs no Rust): headers in the order they are added, file data
 * after them, the fixed header's sizes and checksum filled in at the end. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MvIgvmWriter MvIgvmWriter;

typedef enum
{
  MV_IGVM_WRITER_DEFAULT         = 0,
  MV_IGVM_WRITER_BREAK_CHECKSUM  = 1 << 0,  /* store the CRC-32 plus one */
} MvIgvmWriterFlags;

/* Page data flags (IgvmPageDataFlags). */
#define MV_IGVM_PAGE_2MB        0x1u
#define MV_IGVM_PAGE_UNMEASURED 0x2u
#define MV_IGVM_PAGE_SHARED     0x4u

/* @version 1 or 2; @arch and @page_size are written for version 2 only. */
MvIgvmWriter *mv_igvm_writer_new        (guint32        version,
                                         guint32        arch,
                                         guint32        page_size);
void          mv_igvm_writer_free       (MvIgvmWriter  *w);

/* Any header: @type as written (the optional bit included), @body padded
 * to 8 bytes. */
void          mv_igvm_writer_raw        (MvIgvmWriter  *w,
                                         guint32        type,
                                         const void    *body,
                                         gsize          len);
void          mv_igvm_writer_platform   (MvIgvmWriter  *w,
                                         guint32        mask,
                                         guint8         type,
                                         guint16        version,
                                         guint8         highest_vtl,
                                         guint64        shared_gpa_boundary);
void          mv_igvm_writer_guest_policy (MvIgvmWriter *w,
                                         guint64        policy,
                                         guint32        mask);
void          mv_igvm_writer_relocatable_region (MvIgvmWriter *w,
                                         guint32        mask,
                                         guint64        alignment,
                                         guint64        gpa,
                                         guint64        size,
                                         guint64        minimum,
                                         guint64        maximum);
void          mv_igvm_writer_page_table_relocation (MvIgvmWriter *w,
                                         guint32        mask,
                                         guint64        gpa,
                                         guint64        size,
                                         guint64        used_size);
/* @data NULL: a zero page (file offset 0); else @len bytes, padded to the
 * page's size. */
void          mv_igvm_writer_page       (MvIgvmWriter  *w,
                                         guint64        gpa,
                                         guint32        mask,
                                         guint32        flags,
                                         guint16        data_type,
                                         const void    *data,
                                         gsize          len);
void          mv_igvm_writer_parameter_area (MvIgvmWriter *w,
                                         guint32        index,
                                         guint64        bytes,
                                         const void    *data);
void          mv_igvm_writer_parameter  (MvIgvmWriter  *w,
                                         guint32        type,
                                         guint32        index,
                                         guint32        byte_offset);
void          mv_igvm_writer_parameter_insert (MvIgvmWriter *w,
                                         guint64        gpa,
                                         guint32        mask,
                                         guint32        index);
/* @data: the context's file data (a 4 KiB VMSA or native context, or a
 * VBS register list), @len bytes. */
void          mv_igvm_writer_vp_context (MvIgvmWriter  *w,
                                         guint64        gpa,
                                         guint32        mask,
                                         guint16        vp_index,
                                         const void    *data,
                                         gsize          len);
void          mv_igvm_writer_required_memory (MvIgvmWriter *w,
                                         guint64        gpa,
                                         guint32        mask,
                                         guint32        bytes,
                                         guint32        flags);
void          mv_igvm_writer_error_range (MvIgvmWriter *w,
                                         guint64        gpa,
                                         guint32        mask,
                                         guint32        bytes);
void          mv_igvm_writer_snp_id_block (MvIgvmWriter *w,
                                         guint32        mask,
                                         guint32        version,
                                         guint32        guest_svn);

/* The file; the writer can go on and finish again. */
GBytes       *mv_igvm_writer_finish     (MvIgvmWriter      *w,
                                         MvIgvmWriterFlags  flags);
gboolean      mv_igvm_writer_save       (MvIgvmWriter      *w,
                                         MvIgvmWriterFlags  flags,
                                         const char        *path,
                                         GError           **error);

/* Little-endian stores for hand-made bodies and VMSA pages. */
void          mv_igvm_put32             (guint8        *p,
                                         guint32        v);
void          mv_igvm_put64             (guint8        *p,
                                         guint64        v);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvIgvmWriter, mv_igvm_writer_free)

G_END_DECLS
