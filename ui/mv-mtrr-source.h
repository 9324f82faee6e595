/* SPDX-License-Identifier: MIT */
#pragma once

#include "mv-mtrr-text.h"
#include "mv-view-source.h"

G_BEGIN_DECLS

#define MV_TYPE_MTRR_SOURCE (mv_mtrr_source_get_type ())
G_DECLARE_FINAL_TYPE (MvMtrrSource, mv_mtrr_source, MV, MTRR_SOURCE, GObject)

MvViewSource *mv_mtrr_source_new          (const char  *name,
                                           MvMtrrText  *dump);
MvViewSource *mv_mtrr_source_new_for_data (const char  *name,
                                           const char  *data,
                                           gsize        len,
                                           GError     **error);

G_END_DECLS
