/* SPDX-License-Identifier: MIT */
#pragma once

#include "igvm-writer.h"

G_BEGIN_DECLS

GBytes *igvm_sample_two_platforms (MvIgvmWriterFlags flags);

G_END_DECLS
