/* SPDX-License-Identifier: MIT */
/* The names of the MTRR analysis' enums (mv-effective.h): memory types
 * (short, long and as Linux prints them), effective-type rules,
 * severities, diagnostic kinds and explanation steps. One table each, read both ways. */
#include "mv-effective.h"

#include "mv-enum.h"

/* ---- Memory types ---- */

static const struct
{
  guint       type;
  const char *name;        /* the SDM's */
  const char *long_name;
  const char *linux_name;  /* /proc/mtrr's (arch/x86/kernel/cpu/mtrr/if.c) */
} mem_types[] = {
  { MV_MEM_TYPE_UC, "UC", "uncacheable", "uncachable" },
  { MV_MEM_TYPE_WC, "WC", "write-combining", "write-combining" },
  { MV_MEM_TYPE_WT, "WT", "write-through", "write-through" },
  { MV_MEM_TYPE_WP, "WP", "write-protect", "write-protect" },
  { MV_MEM_TYPE_WB, "WB", "write-back", "write-back" },
};

static int
mem_type_index (guint type)
{
  for (guint i = 0; i < G_N_ELEMENTS (mem_types); i++)
    if (mem_types[i].type == type)
      return (int) i;
  return -1;
}

static const char *
reserved_name (guint type)
{
  g_autofree char *name = g_strdup_printf ("reserved(%u)", type);
  return g_intern_string (name);
}

/**
 * mv_mem_type_name:
 *
 * Returns: "UC", "WC", "WT", "WP", "WB", "undefined", or "reserved(N)" for
 *   the encodings the SDM reserves for MTRRs (2, 3, 7..255)
 */
const char *
mv_mem_type_name (guint type)
{
  int i = mem_type_index (type);

  if (i >= 0)
    return mem_types[i].name;
  return type == MV_MEM_TYPE_UNDEFINED ? "undefined" : reserved_name (type);
}

const char *
mv_mem_type_long_name (guint type)
{
  int i = mem_type_index (type);

  if (i >= 0)
    return mem_types[i].long_name;
  return type == MV_MEM_TYPE_UNDEFINED ? "undefined" : "reserved";
}

/**
 * mv_mem_type_linux_name:
 * Returns: the name Linux prints in /proc/mtrr; "?" for a reserved encoding
 */
const char *
mv_mem_type_linux_name (guint type)
{
  int i = mem_type_index (type);

  return i >= 0 ? mem_types[i].linux_name : "?";
}

/* A raw MTRR type encoding the SDM reserves (2, 3, 7..255). */
gboolean
mv_mem_type_is_reserved (guint type)
{
  return mem_type_index (type) < 0 && type != MV_MEM_TYPE_UNDEFINED;
}

/**
 * mv_mem_type_from_string:
 * @text: "UC", "WC", "WT", "WP", "WB", a long name ("uncacheable", ...) or a
 *   Linux name ("uncachable", "write-back", ...), in any case
 */
gboolean
mv_mem_type_from_string (const char *text,
                         guint      *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (mem_types); i++)
    {
      if (g_ascii_strcasecmp (text, mem_types[i].name) == 0 ||
          g_ascii_strcasecmp (text, mem_types[i].long_name) == 0 ||
          g_ascii_strcasecmp (text, mem_types[i].linux_name) == 0)
        {
          *out = mem_types[i].type;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * mv_mem_type_from_linux_name:
 * @text: a type exactly as Linux prints it in /proc/mtrr
 */
gboolean
mv_mem_type_from_linux_name (const char *text,
                             guint      *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (mem_types); i++)
    {
      if (g_str_equal (text, mem_types[i].linux_name))
        {
          *out = mem_types[i].type;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
mv_pat_type_name (guint pat_type)
{
  if (pat_type == MV_MEM_TYPE_UC_MINUS)
    return "UC-";
  if (pat_type == MV_MEM_TYPE_UNDEFINED)
    return reserved_name (pat_type);
  return mv_mem_type_name (pat_type);
}

/* ---- Effective-type rules ---- */

static const MvEnumName rule_names[] = {
  { MV_EFFECTIVE_RULE_DISABLED, "disabled" },
  { MV_EFFECTIVE_RULE_FIXED, "fixed" },
  { MV_EFFECTIVE_RULE_DEFAULT, "default" },
  { MV_EFFECTIVE_RULE_SINGLE, "single" },
  { MV_EFFECTIVE_RULE_SAME, "same-type" },
  { MV_EFFECTIVE_RULE_UC_WINS, "uc-wins" },
  { MV_EFFECTIVE_RULE_WT_WINS, "wt-wins" },
  { MV_EFFECTIVE_RULE_UNDEFINED, "undefined" },
};

const char *
mv_effective_rule_name (MvEffectiveRule rule)
{
  const char *name = mv_enum_to_string (rule_names, G_N_ELEMENTS (rule_names), (int) rule);

  return name != NULL ? name : "unknown";
}

gboolean
mv_effective_rule_from_string (const char      *text,
                               MvEffectiveRule *out)
{
  int v;

  if (!mv_enum_from_string (rule_names, G_N_ELEMENTS (rule_names), text, FALSE, &v))
    return FALSE;
  *out = (MvEffectiveRule) v;
  return TRUE;
}

/* ---- Severities ---- */

static const MvEnumName severity_names[] = {
  { MV_SEVERITY_NOTE, "note" },
  { MV_SEVERITY_WARNING, "warning" },
  { MV_SEVERITY_ERROR, "error" },
};

const char *
mv_severity_name (MvSeverity severity)
{
  const char *name = mv_enum_to_string (severity_names, G_N_ELEMENTS (severity_names),
                                        (int) severity);

  return name != NULL ? name : "unknown";
}

gboolean
mv_severity_from_string (const char *text,
                         MvSeverity *out)
{
  int v;

  if (!mv_enum_from_string (severity_names, G_N_ELEMENTS (severity_names), text, FALSE, &v))
    return FALSE;
  *out = (MvSeverity) v;
  return TRUE;
}

/* ---- Diagnostic kinds ---- */

static const MvEnumName diagnostic_kind_names[] = {
  { MV_DIAG_RAM_NOT_WB, "ram-not-wb" },
  { MV_DIAG_MMIO_CACHED, "mmio-cached" },
  { MV_DIAG_MISALIGNED_BASE, "misaligned-base" },
  { MV_DIAG_NONCONTIGUOUS_MASK, "noncontiguous-mask" },
  { MV_DIAG_MATCHES_EVERYTHING, "matches-everything" },
  { MV_DIAG_UNDEFINED_OVERLAP, "undefined-overlap" },
  { MV_DIAG_TOO_MANY_PAIRS, "too-many-pairs" },
  { MV_DIAG_WIDTH_CLAMPED, "width-clamped" },
  { MV_DIAG_BITS_ABOVE_WIDTH, "bits-above-width" },
  { MV_DIAG_RESERVED_BITS, "reserved-bits" },
  { MV_DIAG_RESERVED_TYPE, "reserved-type" },
  { MV_DIAG_DISABLED, "disabled" },
  { MV_DIAG_CAPABILITY, "capability" },
  { MV_DIAG_VARIABLE_SKIPPED, "variable-skipped" },
  { MV_DIAG_INCOMPLETE, "incomplete" },
  { MV_DIAG_HOLE_WB, "hole-wb" },
  { MV_DIAG_BEYOND_RAM, "beyond-ram" },
};

const char *
mv_diagnostic_kind_name (MvDiagnosticKind kind)
{
  const char *name = mv_enum_to_string (diagnostic_kind_names,
                                        G_N_ELEMENTS (diagnostic_kind_names), (int) kind);

  return name != NULL ? name : "unknown";
}

gboolean
mv_diagnostic_kind_from_string (const char       *text,
                                MvDiagnosticKind *out)
{
  int v;

  if (!mv_enum_from_string (diagnostic_kind_names, G_N_ELEMENTS (diagnostic_kind_names),
                            text, FALSE, &v))
    return FALSE;
  *out = (MvDiagnosticKind) v;
  return TRUE;
}

/* ---- Explanation steps ---- */

static const MvEnumName explain_step_names[] = {
  { MV_EXPLAIN_STEP_DEF_TYPE, "def-type" },
  { MV_EXPLAIN_STEP_FIXED, "fixed" },
  { MV_EXPLAIN_STEP_VARIABLE, "variable" },
  { MV_EXPLAIN_STEP_PRECEDENCE, "precedence" },
  { MV_EXPLAIN_STEP_PAT, "pat" },
};

const char *
mv_explain_step_kind_name (MvExplainStepKind kind)
{
  const char *name = mv_enum_to_string (explain_step_names, G_N_ELEMENTS (explain_step_names),
                                        (int) kind);

  return name != NULL ? name : "unknown";
}

gboolean
mv_explain_step_kind_from_string (const char        *text,
                                  MvExplainStepKind *out)
{
  int v;

  if (!mv_enum_from_string (explain_step_names, G_N_ELEMENTS (explain_step_names),
                            text, FALSE, &v))
    return FALSE;
  *out = (MvExplainStepKind) v;
  return TRUE;
}
