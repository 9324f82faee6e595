/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "mv-igvm.h"
#include "mv-view-source.h"

G_BEGIN_DECLS

#define MV_TYPE_IGVM_SOURCE (mv_igvm_source_get_type ())
G_DECLARE_FINAL_TYPE (MvIgvmSource, mv_igvm_source, MV, IGVM_SOURCE, GObject)

/* The choices an IGVM source offers (mv_view_source_get_choice()). */
enum
{
  MV_IGVM_SOURCE_CHOICE_PLATFORM,
  MV_IGVM_SOURCE_CHOICE_LAYOUT,
  MV_IGVM_SOURCE_N_CHOICES
};

gboolean          mv_igvm_source_claims       (const char           *data,
                                               gsize                 len);
MvViewSource     *mv_igvm_source_new          (const char           *name,
                                               MvIgvmFile           *file);
MvViewSource     *mv_igvm_source_new_for_data (const char           *name,
                                               const char           *data,
                                               gsize                 len,
                                               GError              **error);
void              mv_igvm_source_new_async    (GFile                *file,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
MvViewSource     *mv_igvm_source_new_finish   (GAsyncResult         *result,
                                               GError              **error);
gboolean          mv_igvm_source_file_claims  (GFile                *file);
const MvIgvmFile *mv_igvm_source_get_file     (MvIgvmSource         *self);
guint32           mv_igvm_source_get_mask     (MvIgvmSource         *self);

G_END_DECLS
