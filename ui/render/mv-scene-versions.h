/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-layout.h"
#include "mv-scene.h"
#include "mv-version-compare.h"

G_BEGIN_DECLS

/*
 * OpenVMM's versions side by side (core/mv-version-compare.h) as one
 * page: a map scene on one address axis with the layout on top, then a
 * band per version, oldest first, each headed with the version's name,
 * what it changed (its PR) and upstream commit (MvSceneLane.heading) and
 * holding its effective types and its variable pairs, or, for a version that
 * failed, one lane where its error is written; the addresses where any
 * two versions' types differ are marked across the bands and listed in
 * a table under the map. The painter is mv-render-versions.c (the
 * versions view).
 */

/**
 * MvVersionsBand:
 * @version: which upstream version
 * @heading: "current · since PR #3599: with no high gap, ... · commit
 *   3d1207b5c · 3 pairs": the name once, then what tells it apart
 * @error_kind: (nullable): "UnsupportedMmio", when the version failed
 * @error: (nullable): its message
 * @n_pairs: the valid variable pairs it programs
 * @first_lane: its first lane in MvVersionsScene.map
 * @n_lanes: how many lanes it has
 */
typedef struct
{
  MvOpenvmmVersion version;
  char            *heading;
  char            *error_kind;
  char            *error;
  guint            n_pairs;
  guint            first_lane;
  guint            n_lanes;
} MvVersionsBand;

/**
 * MvVersionsScene:
 * @title: the page's title
 * @verdict: one sentence: whether and where the versions differ (the
 *   heading of the map's first lane too)
 * @marking: what the marking means, for the legend line under the map
 * @map: (nullable): the lanes on one axis (NULL without a layout)
 * @bands: (element-type MvVersionsBand): oldest first
 * @differences: (element-type MvVersionDifference): the marked ranges
 * @table: (nullable): @differences with each version's type (NULL when
 *   there are none)
 * @note: (nullable): why there is nothing to compare (no layout)
 */
typedef struct _MvVersionsScene
{
  char         *title;
  char         *verdict;
  char         *marking;
  MvScene      *map;
  GArray       *bands;
  GArray       *differences;
  MvSceneTable *table;
  char         *note;
} MvVersionsScene;

MvVersionsScene *mv_versions_scene_new         (const MvVersionComparison *comparison,
                                                const MvLayout            *layout,
                                                const char                *name,
                                                const char                *facts);
MvVersionsScene *mv_versions_scene_new_missing (const char                *name,
                                                const char                *why);
MvVersionsScene *mv_versions_scene_new_for_scenario (const MvScenario *scenario,
                                                     const MvScene    *scene);
void             mv_versions_scene_free        (MvVersionsScene           *scene);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvVersionsScene, mv_versions_scene_free)

G_END_DECLS
