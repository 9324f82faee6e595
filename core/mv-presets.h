/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-document.h"

G_BEGIN_DECLS

#define MV_PRESET_ERROR (mv_preset_error_quark ())

/* The preset a new window and the headless summary start from:
 * OpenVMM's default 8 GiB x86_64 layout. */
#define MV_PRESET_DEFAULT "openvmm-default-8g"

typedef enum
{
  MV_PRESET_ERROR_UNKNOWN,
} MvPresetError;

/* A preset as listed: its name (the file name in data/presets/ without
 * .memviz) and the document's title and one-line description. */
typedef struct
{
  char *name;
  char *title;
  char *description;
} MvPresetInfo;

GQuark      mv_preset_error_quark (void);

guint       mv_presets_count      (void);
const char *mv_preset_name        (guint        index);
const char *mv_preset_text        (const char  *name);
GPtrArray  *mv_presets_list       (void);
MvDocument *mv_preset_load        (const char  *name,
                                   GError     **error);
void        mv_preset_info_free   (MvPresetInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvPresetInfo, mv_preset_info_free)

G_END_DECLS
