/* SPDX-License-Identifier: MIT */
/* A scenario's error in the editor's words. */
#pragma once

#include "mv-document.h"
#include "mv-scenario.h"

G_BEGIN_DECLS

char *mv_scenario_error_message (const MvScenario *scenario,
                                 const MvDocument *doc,
                                 const char      **field_out);

G_END_DECLS
