/* SPDX-License-Identifier: MIT */
#pragma once

#include "mv-igvm.h"

G_BEGIN_DECLS

MvIgvmFile *_mv_igvm_file_new (void);

G_END_DECLS
