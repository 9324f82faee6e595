/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-effective.h"
#include "mv-layout.h"
#include "mv-mtrr-state.h"
#include "mv-recorder.h"
#include "mv-scenario.h"

G_BEGIN_DECLS

void  mv_cli_watch_stdout      (const char           *program,
                                int                   status);
GPtrArray *mv_cli_scenario_failures (const MvScenario *sc);

char *mv_cli_range_text        (guint64               start,
                                guint64               end);
void  mv_cli_count_severities  (GPtrArray            *diags,
                                guint                 counts[3]);

void  mv_print_layout          (const MvLayout       *layout,
                                GArray               *probes,
                                const char           *source);
void  mv_print_effective       (const MvMtrrState    *state,
                                const char           *origin,
                                const MvEffectiveMap *map,
                                char                **proc,
                                const guint           counts[3]);
void  mv_print_diagnostics     (GPtrArray            *diags,
                                const guint           counts[3]);
void  mv_print_page_map        (const MvRecorder     *rec);

G_END_DECLS
