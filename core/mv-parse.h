/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MV_PARSE_ERROR (mv_parse_error_quark ())

typedef enum
{
  MV_PARSE_ERROR_EMPTY,
  MV_PARSE_ERROR_INVALID,
  MV_PARSE_ERROR_OVERFLOW,
} MvParseError;

GQuark   mv_parse_error_quark (void);

gboolean mv_parse_size        (const char  *text,
                               guint64     *out,
                               GError     **error);
gboolean mv_parse_range       (const char  *text,
                               guint64     *start,
                               guint64     *end,
                               GError     **error);
gboolean mv_parse_size_list   (const char  *text,
                               GArray      *out,
                               GError     **error);
gboolean mv_parse_uint        (const char  *text,
                               guint64      max,
                               guint64     *out,
                               GError     **error);
char    *mv_parse_unit_note   (const char  *text);

char    *mv_format_size       (guint64      bytes);
char    *mv_format_hex        (guint64      value);
char    *mv_format_choices    (const char *const *names);

G_END_DECLS
