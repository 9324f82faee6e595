/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-importer.h"
#include "mv-range.h"

G_BEGIN_DECLS

/* One import_pages call as it was made. */
typedef struct
{
  guint64      page_base;
  guint64      page_count;
  const char  *tag;          /* owned by the recorder, one copy per tag */
  MvAcceptance acceptance;
  guint64      data_len;
  guint32      crc32;        /* of the data; 0 unless tracing */
} MvImportCall;

typedef enum
{
  MV_PAGE_DATA     = 1 << 0,  /* the pages carry data (else zero fill) */
  MV_PAGE_OVERLAP  = 1 << 1,  /* error: overlaps an earlier import */
  MV_PAGE_BEYOND   = 1 << 2,  /* error: runs past the end of the address space */
  MV_PAGE_OVERSIZE = 1 << 3,  /* error: more data than the pages hold */
} MvPageFlags;

#define MV_PAGE_ERROR_FLAGS (MV_PAGE_OVERLAP | MV_PAGE_BEYOND | MV_PAGE_OVERSIZE)

/* The highest page number + 1 of the 64-bit address space. */
#define MV_PAGE_LIMIT ((guint64) 1 << 52)

/* A run of pages with one tag, acceptance and kind, in import order;
 * neighbouring runs from consecutive calls are coalesced. */
typedef struct
{
  guint64      page_base;
  guint64      page_count;
  const char  *tag;          /* owned by the recorder, one copy per tag */
  MvAcceptance acceptance;
  MvPageFlags  flags;
} MvPageRun;

typedef struct _MvRecorder MvRecorder;

/* Takes a traced call as it is made, instead of @calls keeping it. */
typedef void (*MvRecorderCallFunc) (const MvImportCall *call,
                                    gpointer            user_data);

struct _MvRecorder
{
  MvImporter parent;
  gboolean   trace;          /* keep every call, with the CRC of its data */
  GArray    *calls;          /* MvImportCall (only when tracing, without on_call) */
  MvRecorderCallFunc on_call;  /* set by the caller: traced calls stream out */
  gpointer   on_call_data;
  GArray    *registers;      /* MvX86Register */
  GArray    *page_map;       /* MvPageRun */
  guint64    n_calls;
  guint64    total_pages;    /* sum of the calls' page counts */
  GTree     *occupied;       /* merged [start, end) page intervals */
  GHashTable *tags;          /* the tags seen, one copy each */
};

MvRecorder *mv_recorder_new       (gboolean          trace);
void        mv_recorder_free      (MvRecorder       *self);
guint64     mv_recorder_map_pages (const MvRecorder *self);
guint       mv_recorder_n_errors  (const MvRecorder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvRecorder, mv_recorder_free)

G_END_DECLS
