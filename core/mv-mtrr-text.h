/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-mtrr-state.h"

G_BEGIN_DECLS

/*
 * Reading real machines' MTRRs from the text engineers paste: Linux's
 * /proc/mtrr, the kernel boot log's "MTRR default type:" block, and raw MSR
 * dumps (rdmsr output, "0x200 = 0x6", "IA32_MTRR_PHYSBASE0: ..."). The
 * recognisable lines are found anywhere in the text, with timestamps,
 * prompts and other lines around them. What the text does not say is not
 * guessed silently: each assumption is stated in the result's notes.
 */

#define MV_MTRR_TEXT_ERROR (mv_mtrr_text_error_quark ())

typedef enum
{
  MV_MTRR_TEXT_ERROR_NOTHING_FOUND,
  MV_MTRR_TEXT_ERROR_UNREADABLE,
  MV_MTRR_TEXT_ERROR_BAD_WIDTH,
  MV_MTRR_TEXT_ERROR_OVERFLOW,     /* a number past 64 bits: the line is named */
} MvMtrrTextError;

typedef enum
{
  MV_MTRR_TEXT_PROC_MTRR = 1 << 0,
  MV_MTRR_TEXT_BOOT_LOG  = 1 << 1,
  MV_MTRR_TEXT_MSR_DUMP  = 1 << 2,
} MvMtrrTextFormat;

/* No width or default type given: work them out (and say so). */
#define MV_MTRR_TEXT_UNKNOWN (-1)

typedef struct
{
  guint  line;      /* 1-based */
  char  *text;
} MvMtrrTextLine;

/**
 * MvMtrrText:
 * @state: the MTRR state the text describes
 * @formats: the formats found
 * @n_lines: non-blank lines in the text
 * @n_used: lines that contributed to @state
 * @ignored: (element-type MvMtrrTextLine): non-blank lines not understood
 * @notes: (element-type utf8): assumptions made, in plain sentences
 */
typedef struct
{
  MvMtrrState     *state;
  MvMtrrTextFormat formats;
  guint            n_lines;
  guint            n_used;
  GPtrArray       *ignored;
  GPtrArray       *notes;
} MvMtrrText;

GQuark      mv_mtrr_text_error_quark (void);
const char *mv_mtrr_text_format_name (MvMtrrTextFormat format);

MvMtrrText *mv_mtrr_text_parse       (const char  *text,
                                      gssize       length,
                                      int          width,
                                      int          default_type,
                                      GError     **error);
MvMtrrText *mv_mtrr_text_read_proc   (const char  *path,
                                      int          width,
                                      int          default_type,
                                      GError     **error);
void        mv_mtrr_text_free        (MvMtrrText  *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvMtrrText, mv_mtrr_text_free)

G_END_DECLS
