/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MV_TYPE_APPLICATION (mv_application_get_type ())

G_DECLARE_FINAL_TYPE (MvApplication, mv_application, MV, APPLICATION, GtkApplication)

MvApplication *mv_application_new (void);

G_END_DECLS
