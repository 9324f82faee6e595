/* SPDX-License-Identifier: MIT */
#pragma once

#include "mv-document.h"
#include "mv-effective.h"
#include "mv-mtrr-state.h"
#include "mv-render.h"
#include "mv-scenario.h"

G_BEGIN_DECLS

MvScene *mv_scene_build (const MvScenario  *scenario,
                         const MvDocument  *doc,
                         const char        *title);

void     mv_scene_builder_effective_end (const MvScenario  *scenario,
                                         const MvMtrrState *state,
                                         guint64           *end);

G_END_DECLS
