/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A lane's runs as a sorted index: what a page map of a million runs
 * keeps instead of a bar and two texts per run. The geometry makes the
 * bars of one paint width from it (a run wider than a pixel is its own
 * bar, the runs sharing pixels one "N runs" bar), and hover finds the
 * runs at an address by binary search. Texts are made only when asked.
 */

typedef struct _MvSceneRun MvSceneRun;

/* A run's label (@detail FALSE) or detail, newly allocated. */
typedef char *(*MvSceneRunText) (const MvSceneRun *run,
                                 gboolean          detail);

struct _MvSceneRun
{
  guint64     start;
  guint64     end;       /* G_MAXUINT64: to the top of the 64-bit space */
  const char *tag;       /* interned (g_intern_string), nullable */
  guint32     order;     /* in the source's own order, from 0 */
  guint8      fill;      /* MvFill */
  guint8      flags;     /* MvItemFlags */
  guint16     note;      /* the source's own flags, for its texts */
};

typedef struct
{
  GArray        *runs;          /* MvSceneRun, by start once sealed */
  guint64       *max_end;       /* nullable: the largest end up to each
                                 * run, kept only when runs overlap */
  guint32       *errors_before; /* nullable: how many runs before each one
                                 * (and before the end) have MV_ITEM_ERROR */
  MvSceneRunText text;
  gboolean       sealed;
} MvSceneRuns;

MvSceneRuns *mv_scene_runs_new        (MvSceneRunText     text,
                                       guint              reserve);
void         mv_scene_runs_free       (MvSceneRuns       *runs);
MvSceneRun  *mv_scene_runs_add        (MvSceneRuns       *runs,
                                       guint64            start,
                                       guint64            end,
                                       guint              fill,
                                       guint              flags);
void         mv_scene_runs_seal       (MvSceneRuns       *runs);

guint        mv_scene_runs_get_n      (const MvSceneRuns *runs);
const MvSceneRun *mv_scene_runs_get   (const MvSceneRuns *runs,
                                       guint              i);
guint        mv_scene_runs_first_ending_after (const MvSceneRuns *runs,
                                       guint64            addr);
guint        mv_scene_runs_first_starting_at  (const MvSceneRuns *runs,
                                       guint              from,
                                       guint64            addr);
guint        mv_scene_runs_n_errors   (const MvSceneRuns *runs,
                                       guint              first,
                                       guint              n);
gboolean     mv_scene_runs_find       (const MvSceneRuns *runs,
                                       guint64            start,
                                       guint64            end,
                                       guint             *first,
                                       guint             *n);
void         mv_scene_runs_get_extent (const MvSceneRuns *runs,
                                       guint64           *start,
                                       guint64           *end);
char        *mv_scene_runs_text       (const MvSceneRuns *runs,
                                       guint              i,
                                       gboolean           detail);
char        *mv_scene_runs_describe   (const MvSceneRuns *runs,
                                       guint              first,
                                       guint              n);

char        *mv_scene_format_count    (guint64            n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvSceneRuns, mv_scene_runs_free)

G_END_DECLS
