/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-document.h"
#include "mv-scenario.h"
#include "mv-scene.h"

G_BEGIN_DECLS

MvScene *mv_scene_new_for_scenario (const MvDocument *document,
                                    const MvScenario *scenario);
void     mv_scene_add_boot         (MvScene          *scene,
                                    const MvDocument *document,
                                    const MvScenario *scenario);

G_END_DECLS
