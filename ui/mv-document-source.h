/* SPDX-License-Identifier: MIT */
#pragma once

#include "mv-session.h"
#include "mv-view-source.h"

G_BEGIN_DECLS

#define MV_TYPE_DOCUMENT_SOURCE (mv_document_source_get_type ())
G_DECLARE_FINAL_TYPE (MvDocumentSource, mv_document_source, MV, DOCUMENT_SOURCE, GObject)

MvViewSource *mv_document_source_new (MvSession *session);

G_END_DECLS
