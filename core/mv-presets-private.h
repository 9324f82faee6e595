/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Generated at build time from data/presets/ (see core/meson.build). */
typedef struct
{
  const char *name;
  const char *text;
} MvPresetData;

extern const MvPresetData _mv_presets_data[];
extern const guint _mv_presets_n_data;

G_END_DECLS
