/* SPDX-License-Identifier: MIT */
/* Readers for /proc/mtrr, the kernel's boot-time MTRR report and raw MSR
 * dumps (see mv-mtrr-text.h). */
#include "mv-mtrr-text.h"

#include <errno.h>
#include <string.h>

#include "mv-effective.h"
#include "mv-mtrr.h"

G_DEFINE_QUARK (mv-mtrr-text-error-quark, mv_mtrr_text_error)

#define TYPE_WORDS "uncachable|write-combining|write-through|write-protect|write-back|\\?"

typedef struct
{
  guint   index;
  guint64 base;
  guint64 size;
  guint   type;
} ProcEntry;

typedef struct
{
  /* compiled patterns */
  GRegex *proc;
  GRegex *type_word;
  GRegex *default_type_re;
  GRegex *fixed_header;
  GRegex *var_header;
  GRegex *var_entry;
  GRegex *var_disabled;
  GRegex *fixed_range;
  GRegex *msr_name;
  GRegex *msr_number;
  GRegex *rdmsr_cmd;
  GRegex *wrmsr_cmd;
  GRegex *bare_value;
  GRegex *cb_var;
  GRegex *cb_default;

  /* what was found */
  MvMtrrText *result;
  GArray     *proc_entries;       /* ProcEntry */
  int         section;            /* 0 none, 1 fixed, 2 variable */
  gboolean    have_default_type;
  guint       default_type;
  gboolean    have_e;
  gboolean    e;
  gboolean    have_fe;
  gboolean    fe;
  gboolean    have_def_type_msr;
  gboolean    have_cap;
  gboolean    have_fixed;
  gboolean    unknown_type_noted;
  guint       max_pair;           /* highest pair index + 1 */
  guint64     mask_bits;          /* OR of every valid mask's address bits */
  gint64      pending_rdmsr;      /* MSR of an rdmsr command awaiting its value, or -1 */
  guint       n_hidden;           /* /proc/mtrr lines with base and size hidden (0) */
  guint       line;               /* the line being read, 1-based */
  char       *overflow;           /* the first number past 64 bits, with its line */
} Parser;

static void
note (Parser     *p,
      const char *fmt,
      ...) G_GNUC_PRINTF (2, 3);

static void
note (Parser     *p,
      const char *fmt,
      ...)
{
  va_list args;

  va_start (args, fmt);
  g_ptr_array_add (p->result->notes, g_strdup_vprintf (fmt, args));
  va_end (args);
}

const char *
mv_mtrr_text_format_name (MvMtrrTextFormat format)
{
  switch (format)
    {
    case MV_MTRR_TEXT_PROC_MTRR: return "/proc/mtrr";
    case MV_MTRR_TEXT_BOOT_LOG: return "kernel boot log";
    case MV_MTRR_TEXT_MSR_DUMP: return "MSR dump";
    default: return "unknown";
    }
}

/* The kernel's mtrr_attrib_to_str() names. */
static guint
kernel_type (Parser     *p,
             const char *word)
{
  guint type;

  if (mv_mem_type_from_linux_name (word, &type))
    return type;
  if (!p->unknown_type_noted)
    {
      note (p, "The kernel prints \"?\" for a reserved type encoding (2, 3, or 7 and up) "
               "without saying which: memviz records it as 2.");
      p->unknown_type_noted = TRUE;
    }
  return 2;
}

/* A number of the text that does not fit in 64 bits is an error on its
 * line, never wrapped or capped: the first one is kept for the end. */
static guint64
overflowed (Parser     *p,
            const char *what)
{
  if (p->overflow == NULL)
    p->overflow = g_strdup_printf ("line %u: %s does not fit in 64 bits", p->line, what);
  return 0;
}

/* Hex digits with an optional 0x, or decimal ones. */
static guint64
parse_number (Parser     *p,
              const char *text,
              guint       base)
{
  const char *digits = text;
  guint64 v;

  if (base == 16 && (g_str_has_prefix (digits, "0x") || g_str_has_prefix (digits, "0X")))
    digits += 2;
  errno = 0;
  v = g_ascii_strtoull (digits, NULL, base);
  if (errno == ERANGE)
    {
      g_autofree char *what = g_strdup_printf ("the number %s", text);

      return overflowed (p, what);
    }
  return v;
}

static guint64
hex_group (Parser     *p,
           GMatchInfo *m,
           int         group)
{
  g_autofree char *s = g_match_info_fetch (m, group);

  return parse_number (p, s, 16);
}

static guint64
dec_group (Parser     *p,
           GMatchInfo *m,
           int         group)
{
  g_autofree char *s = g_match_info_fetch (m, group);

  return parse_number (p, s, 10);
}

static void
set_pair_part (Parser  *p,
               guint    n,
               gboolean is_mask,
               guint64  value)
{
  MvMtrrPair pair = { 0, 0 };

  mv_mtrr_state_get_pair (p->result->state, n, &pair);
  if (is_mask)
    pair.mask = value;
  else
    pair.base = value;
  mv_mtrr_state_set_pair (p->result->state, n, pair.base, pair.mask, NULL);
  p->max_pair = MAX (p->max_pair, n + 1);
  if (is_mask && (value & MV_MTRR_MASK_VALID))
    p->mask_bits |= value & ~(guint64) 0xfff;
}

/* A boot log line that sets pair @n whole: its base and mask in groups 2
 * and 3, its type apart. */
static void
set_pair_from_line (Parser     *p,
                    guint       n,
                    GMatchInfo *m,
                    guint64     type)
{
  set_pair_part (p, n, FALSE, (hex_group (p, m, 2) & ~(guint64) 0xfff) | type);
  set_pair_part (p, n, TRUE, (hex_group (p, m, 3) & ~(guint64) 0xfff) | MV_MTRR_MASK_VALID);
  p->result->formats |= MV_MTRR_TEXT_BOOT_LOG;
}

/* The boot log's "MTRR fixed ranges enabled:" or "MTRR variable ranges
 * disabled:": whether the bit is set (group 1, "en" or "dis") and the
 * @section the next lines belong to. */
static gboolean
section_header (Parser     *p,
                GMatchInfo *m,
                int         section,
                gboolean   *have,
                gboolean   *enabled)
{
  g_autofree char *state = g_match_info_fetch (m, 1);

  *have = TRUE;
  *enabled = g_str_equal (state, "en");
  p->section = section;
  p->result->formats |= MV_MTRR_TEXT_BOOT_LOG;
  return TRUE;
}

/* Applies one MSR value; FALSE if the number is not an MTRR MSR. */
static gboolean
apply_msr (Parser  *p,
           guint32  msr,
           guint64  value)
{
  /* PhysBase/PhysMask pairs sit below the fixed-range MSRs at 0x250. */
  if (msr >= MV_MSR_MTRR_PHYS_BASE0 && msr < MV_MSR_MTRR_FIX64K_00000)
    {
      guint n = (msr - MV_MSR_MTRR_PHYS_BASE0) / 2;

      set_pair_part (p, n, (msr - MV_MSR_MTRR_PHYS_BASE0) & 1, value);
      return TRUE;
    }

  if (msr == MV_MSR_MTRR_DEF_TYPE)
    p->have_def_type_msr = TRUE;
  else if (msr == MV_MSR_MTRRCAP)
    p->have_cap = TRUE;
  else if (msr == MV_MSR_MTRR_FIX64K_00000 || msr == MV_MSR_MTRR_FIX16K_80000 ||
           msr == MV_MSR_MTRR_FIX16K_A0000 ||
           (msr >= MV_MSR_MTRR_FIX4K_C0000 && msr <= MV_MSR_MTRR_FIX4K_C0000 + 7))
    p->have_fixed = TRUE;
  else
    return FALSE;
  return mv_mtrr_state_set_msr (p->result->state, msr, value, NULL);
}

/* IA32_MTRR_* names (and memviz's own register names). */
/* The names tools print for the MTRR MSRs, in one spelling: upper case,
 * without "MSR_", "IA32_" or underscores. IA32_MTRR_PHYSBASE0 (the SDM),
 * IA32_MTRR_PHYSBASE_0 (firmware shells), MTRRphysBase0 (x86info, older
 * SDMs), MSR_MTRRphysBase0 (Linux's msr-index.h), MtrrPhysBase0 (OpenVMM
 * and memviz) all become MTRRPHYSBASE0. */
static gboolean
msr_from_name (const char *name,
               guint32    *msr)
{
  static const struct { const char *name; guint32 msr; } fixed[] = {
    { "MTRRCAP", MV_MSR_MTRRCAP },
    { "MTRRDEFTYPE", MV_MSR_MTRR_DEF_TYPE },
    { "MTRRFIX64K00000", 0x250 },
    { "MTRRFIX16K80000", 0x258 },
    { "MTRRFIX16KA0000", 0x259 },
    { "MTRRFIX4KC0000", 0x268 },
    { "MTRRFIX4KC8000", 0x269 },
    { "MTRRFIX4KD0000", 0x26a },
    { "MTRRFIX4KD8000", 0x26b },
    { "MTRRFIX4KE0000", 0x26c },
    { "MTRRFIX4KE8000", 0x26d },
    { "MTRRFIX4KF0000", 0x26e },
    { "MTRRFIX4KF8000", 0x26f },
  };
  g_autofree char *upper = g_ascii_strup (name, -1);
  g_autoptr(GString) key = g_string_new (NULL);
  const char *s = upper;

  if (g_str_has_prefix (s, "MSR_"))
    s += strlen ("MSR_");
  if (g_str_has_prefix (s, "IA32_"))
    s += strlen ("IA32_");
  for (; *s != '\0'; s++)
    if (*s != '_')
      g_string_append_c (key, *s);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (g_str_equal (key->str, fixed[i].name))
      {
        *msr = fixed[i].msr;
        return TRUE;
      }

  if (g_str_has_prefix (key->str, "MTRRPHYSBASE") || g_str_has_prefix (key->str, "MTRRPHYSMASK"))
    {
      const char *digits = key->str + strlen ("MTRRPHYSBASE");
      char *end;
      guint64 n = g_ascii_strtoull (digits, &end, 10);

      if (end == digits || *end != '\0' || n >= 40)
        return FALSE;
      *msr = MV_MSR_MTRR_PHYS_BASE0 + 2 * (guint32) n + (key->str[8] == 'M' ? 1 : 0);
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_msr_number (const char *text,
                  guint32    *out)
{
  char *end;
  guint64 v;

  /* Like rdmsr's strtoul (..., 0): 0x hex, else decimal. */
  if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
    v = g_ascii_strtoull (text + 2, &end, 16);
  else
    v = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || v > G_MAXUINT32)
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

static void
set_fixed_types (Parser  *p,
                 guint64  start,
                 guint64  last,
                 guint    type)
{
  guint64 addr = start;

  while (addr <= last && addr < 0x100000)
    {
      guint index, byte;

      if (!mv_mtrr_fixed_lookup (addr, &index, &byte))
        break;
      p->result->state->fixed[index] &= ~((guint64) 0xff << (8 * byte));
      p->result->state->fixed[index] |= (guint64) type << (8 * byte);
      addr += mv_mtrr_fixed_unit (index);
    }
  p->have_fixed = TRUE;
}

static gboolean
parse_line (Parser     *p,
            const char *line)
{
  g_autoptr(GMatchInfo) m = NULL;

  /* An rdmsr command's value on the line after it. */
  if (p->pending_rdmsr >= 0)
    {
      guint32 msr = (guint32) p->pending_rdmsr;

      p->pending_rdmsr = -1;
      if (g_regex_match (p->bare_value, line, 0, &m))
        return apply_msr (p, msr, hex_group (p, m, 1));
      g_clear_pointer (&m, g_match_info_unref);
    }

  if (g_regex_match (p->proc, line, 0, &m))
    {
      g_autofree char *unit = g_match_info_fetch (m, 4);
      g_autofree char *tail = g_match_info_fetch (m, 5);
      g_autoptr(GMatchInfo) tm = NULL;
      ProcEntry e;
      guint shift = unit[0] == 'K' ? 10 : unit[0] == 'M' ? 20 : 30;

      if (!g_regex_match (p->type_word, tail, 0, &tm))
        return FALSE;
      {
        g_autofree char *word = g_match_info_fetch (tm, 1);
        e.type = kernel_type (p, word);
      }
      e.index = (guint) dec_group (p, m, 1);
      e.base = hex_group (p, m, 2);
      e.size = dec_group (p, m, 3);
      if (e.size > G_MAXUINT64 >> shift)
        {
          g_autofree char *size = g_match_info_fetch (m, 3);
          g_autofree char *text = g_strdup_printf ("size=%s%sB (2^64 bytes or more)", size, unit);

          return overflowed (p, text) != 0;
        }
      e.size <<= shift;
      if (e.size == 0 && e.base == 0)
        p->n_hidden++;
      if (e.index >= 128 || e.size == 0)
        return FALSE;
      g_array_append_val (p->proc_entries, e);
      p->result->formats |= MV_MTRR_TEXT_PROC_MTRR;
      return TRUE;
    }
  g_clear_pointer (&m, g_match_info_unref);

  if (g_regex_match (p->default_type_re, line, 0, &m))
    {
      g_autofree char *word = g_match_info_fetch (m, 1);

      p->have_default_type = TRUE;
      p->default_type = kernel_type (p, word);
      p->result->formats |= MV_MTRR_TEXT_BOOT_LOG;
      p->section = 0;
      return TRUE;
    }
  g_clear_pointer (&m, g_match_info_unref);

  if (g_regex_match (p->fixed_header, line, 0, &m))
    return section_header (p, m, 1, &p->have_fe, &p->fe);
  g_clear_pointer (&m, g_match_info_unref);

  if (g_regex_match (p->var_header, line, 0, &m))
    return section_header (p, m, 2, &p->have_e, &p->e);
  g_clear_pointer (&m, g_match_info_unref);

  if (g_regex_match (p->cb_var, line, 0, &m))
    {
      guint64 n = dec_group (p, m, 1);
      guint64 type = dec_group (p, m, 4);

      if (n >= 40 || type > 255)
        return FALSE;
      set_pair_from_line (p, (guint) n, m, type);
      return TRUE;
    }
  g_clear_pointer (&m, g_match_info_unref);

  if (g_regex_match (p->cb_default, line, 0, &m))
    {
      g_autofree char *word = g_match_info_fetch (m, 1);

      p->have_default_type = TRUE;
      p->default_type = g_str_equal (word, "WB") ? 6 : 0;
      p->result->formats |= MV_MTRR_TEXT_BOOT_LOG;
      return TRUE;
    }
  g_clear_pointer (&m, g_match_info_unref);

  if (g_regex_match (p->var_entry, line, 0, &m))
    {
      g_autofree char *word = g_match_info_fetch (m, 4);
      guint64 n = dec_group (p, m, 1);
      guint type = kernel_type (p, word);

      if (n >= 128)
        return FALSE;
      set_pair_from_line (p, (guint) n, m, type);
      return TRUE;
    }
  g_clear_pointer (&m, g_match_info_unref);

  if (p->section == 2 && g_regex_match (p->var_disabled, line, 0, &m))
    {
      guint64 n = dec_group (p, m, 1);

      if (n >= 128)
        return FALSE;
      set_pair_part (p, (guint) n, TRUE, 0);
      return TRUE;
    }
  g_clear_pointer (&m, g_match_info_unref);

  if (p->section == 1 && g_regex_match (p->fixed_range, line, 0, &m))
    {
      g_autofree char *word = g_match_info_fetch (m, 3);
      guint64 start = hex_group (p, m, 1);
      guint64 last = hex_group (p, m, 2);

      if (start > last || last > 0xFFFFF)
        return FALSE;
      set_fixed_types (p, start, last, kernel_type (p, word));
      return TRUE;
    }
  g_clear_pointer (&m, g_match_info_unref);

  /* The first name on the line that is an MTRR MSR's ("MTRRs:" is not). */
  for (g_regex_match (p->msr_name, line, 0, &m); g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      g_autofree char *name = g_match_info_fetch (m, 1);
      guint32 msr;

      if (msr_from_name (name, &msr) && apply_msr (p, msr, hex_group (p, m, 2)))
        {
          p->result->formats |= MV_MTRR_TEXT_MSR_DUMP;
          return TRUE;
        }
    }
  g_clear_pointer (&m, g_match_info_unref);

  if (g_regex_match (p->wrmsr_cmd, line, 0, &m))
    {
      g_autofree char *num = g_match_info_fetch (m, 1);
      g_autofree char *val = g_match_info_fetch (m, 2);
      gboolean hex = g_str_has_prefix (val, "0x");
      guint32 msr;
      guint64 value;

      /* Like strtoull (..., 0): without 0x, decimal digits only. */
      if (!hex && val[strspn (val, "0123456789")] != '\0')
        return FALSE;
      value = parse_number (p, val, hex ? 16 : 10);
      if (parse_msr_number (num, &msr) && apply_msr (p, msr, value))
        {
          p->result->formats |= MV_MTRR_TEXT_MSR_DUMP;
          return TRUE;
        }
      return FALSE;
    }
  g_clear_pointer (&m, g_match_info_unref);

  if (g_regex_match (p->rdmsr_cmd, line, 0, &m))
    {
      g_autofree char *num = g_match_info_fetch (m, 1);
      g_autofree char *val = g_match_info_fetch (m, 2);
      guint32 msr;

      if (!parse_msr_number (num, &msr))
        return FALSE;
      if (val != NULL && val[0] != '\0')
        {
          if (apply_msr (p, msr, parse_number (p, val, 16)))
            {
              p->result->formats |= MV_MTRR_TEXT_MSR_DUMP;
              return TRUE;
            }
          return FALSE;
        }
      /* The value follows on the next line. */
      p->pending_rdmsr = msr;
      p->result->formats |= MV_MTRR_TEXT_MSR_DUMP;
      return TRUE;
    }
  g_clear_pointer (&m, g_match_info_unref);

  if (g_regex_match (p->msr_number, line, 0, &m))
    {
      g_autofree char *num = g_match_info_fetch (m, 1);
      guint32 msr = (guint32) g_ascii_strtoull (num, NULL, 16);

      if (apply_msr (p, msr, hex_group (p, m, 2)))
        {
          p->result->formats |= MV_MTRR_TEXT_MSR_DUMP;
          return TRUE;
        }
    }

  return FALSE;
}

static void
parser_init (Parser *p)
{
  /* No G_REGEX_OPTIMIZE: PCRE2's JIT reads past the subject in 16-byte
   * loads, which memcheck reports; the text is short, matching is cheap. */
  const GRegexCompileFlags flags = 0;

  memset (p, 0, sizeof *p);
  /* reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back
   * (older kernels: size= 512MB: write-back, count=1) */
  p->proc = g_regex_new ("\\breg(\\d+):\\s*base=0x([0-9a-fA-F]+)\\s*\\(\\s*\\d+MB\\),\\s*"
                         "size=\\s*(\\d+)([KMG])B\\b(.*)$", flags, 0, NULL);
  p->type_word = g_regex_new ("(" TYPE_WORDS ")", flags, 0, NULL);
  p->default_type_re = g_regex_new ("MTRR default type:\\s*(" TYPE_WORDS ")", flags, 0, NULL);
  p->fixed_header = g_regex_new ("MTRR fixed ranges (en|dis)abled", flags, 0, NULL);
  p->var_header = g_regex_new ("MTRR variable ranges (en|dis)abled", flags, 0, NULL);
  /*   0 base 0000000000 mask 7F80000000 write-back   (old: MTRR 0 base ...) */
  p->var_entry = g_regex_new ("(?:^|[\\s\\]:])(?:MTRR\\s+)?(\\d+)\\s+base\\s+(?:0x)?([0-9A-Fa-f]+)\\s+"
                              "mask\\s+(?:0x)?([0-9A-Fa-f]+)\\s+(" TYPE_WORDS ")", flags, 0, NULL);
  p->var_disabled = g_regex_new ("(?:^|[\\s\\]:])(?:MTRR\\s+)?(\\d+)\\s+disabled\\s*$", flags, 0, NULL);
  /*   00000-9FFFF write-back */
  p->fixed_range = g_regex_new ("(?:^|[\\s\\]:])([0-9A-Fa-f]{5,})-([0-9A-Fa-f]{5,})\\s+(" TYPE_WORDS ")",
                                flags, 0, NULL);
  /* IA32_MTRR_PHYSBASE0 = 0x6, MtrrDefType: c00, IA32_MTRR_DEF_TYPE (0x2ff) = ...,
   * IA32_MTRR_PHYSBASE_0 (0x200): 0x6, MTRRphysBase0 (0x200): 0x6, MSR_MTRRdefType (2FFh) = ... */
  p->msr_name = g_regex_new ("\\b((?:MSR_|IA32_|msr_)?(?:MTRR|Mtrr)_?[A-Za-z0-9_]+)\\b\\s*"
                             "(?:\\(\\s*(?:MSR\\s*)?(?:0x)?[0-9a-fA-F]+h?\\s*\\))?"
                             "\\s*[:=]?\\s*(?:0x)?([0-9a-fA-F]+)\\b", flags, 0, NULL);
  /* MSR 0x200: 0x6, 0x2ff = 0xc06, msr[0x201]=..., 0x00000200 0x... */
  p->msr_number = g_regex_new ("(?:^|[^0-9A-Za-z_])0x0*([0-9a-fA-F]{2,3})\\b\\s*\\]?\\s*(?:[:=]|\\s)\\s*(?:0x)?([0-9a-fA-F]+)\\b",
                               flags, 0, NULL);
  /* rdmsr [-p N] [-0x] 0x200 [value] */
  p->rdmsr_cmd = g_regex_new ("\\brdmsr\\s+(?:-[A-Za-z0-9]+\\s+(?:\\d+\\s+)?)*((?:0x)?[0-9a-fA-F]+)\\s*(?:[:=]\\s*(?:0x)?([0-9a-fA-F]+))?\\s*$",
                              flags, 0, NULL);
  p->wrmsr_cmd = g_regex_new ("\\bwrmsr\\s+(?:-[A-Za-z0-9]+\\s+(?:\\d+\\s+)?)*((?:0x)?[0-9a-fA-F]+)\\s+((?:0x)?[0-9a-fA-F]+)\\s*$",
                              flags, 0, NULL);
  p->bare_value = g_regex_new ("^\\s*(?:0x)?([0-9a-fA-F]{1,16})\\s*$", flags, 0, NULL);
  /* coreboot's log: "MTRR: 0 base 0x0000000000000000 mask 0x0000007f80000000 type 6"
   * and "MTRR: UC selected as default type." */
  p->cb_var = g_regex_new ("MTRR:\\s+(\\d+)\\s+base\\s+0x([0-9a-fA-F]+)\\s+mask\\s+0x([0-9a-fA-F]+)\\s+type\\s+(\\d+)",
                           flags, 0, NULL);
  p->cb_default = g_regex_new ("MTRR:\\s+(UC|WB) selected as default type", flags, 0, NULL);
  g_assert (p->cb_var && p->cb_default);
  g_assert (p->proc && p->type_word && p->default_type_re && p->fixed_header && p->var_header &&
            p->var_entry && p->var_disabled && p->fixed_range && p->msr_name && p->msr_number &&
            p->rdmsr_cmd && p->wrmsr_cmd && p->bare_value);
  p->proc_entries = g_array_new (FALSE, FALSE, sizeof (ProcEntry));
  p->pending_rdmsr = -1;
}

static void
parser_clear (Parser *p)
{
  GRegex **regexes[] = {
    &p->proc, &p->type_word, &p->default_type_re, &p->fixed_header, &p->var_header,
    &p->var_entry, &p->var_disabled, &p->fixed_range, &p->msr_name, &p->msr_number,
    &p->rdmsr_cmd, &p->wrmsr_cmd, &p->bare_value, &p->cb_var, &p->cb_default,
  };

  for (guint i = 0; i < G_N_ELEMENTS (regexes); i++)
    g_clear_pointer (regexes[i], g_regex_unref);
  g_clear_pointer (&p->proc_entries, g_array_unref);
  g_clear_pointer (&p->overflow, g_free);
}

static void
line_free (gpointer data)
{
  MvMtrrTextLine *l = data;

  g_free (l->text);
  g_free (l);
}

void
mv_mtrr_text_free (MvMtrrText *text)
{
  if (text == NULL)
    return;
  g_clear_pointer (&text->state, mv_mtrr_state_free);
  g_clear_pointer (&text->ignored, g_ptr_array_unref);
  g_clear_pointer (&text->notes, g_ptr_array_unref);
  g_free (text);
}

static guint
highest_bit (guint64 v)
{
  guint n = 0;

  while (v != 0)
    {
      n++;
      v >>= 1;
    }
  return n;
}

/* Works out what the text left unsaid, and says so. */
static void
finish (Parser *p,
        int     width,
        int     default_type)
{
  MvMtrrState *s = p->result->state;
  guint chosen_width;
  guint64 def = s->def_type;

  /* The width. */
  if (width != MV_MTRR_TEXT_UNKNOWN)
    chosen_width = (guint) width;
  else if (p->mask_bits != 0 && p->proc_entries->len == 0)
    {
      chosen_width = MAX (highest_bit (p->mask_bits), 36);
      note (p, "The text does not give the physical address width: memviz uses %u, "
               "the width the variable masks reach.", chosen_width);
    }
  else
    {
      guint64 top = 0;

      for (guint i = 0; i < p->proc_entries->len; i++)
        {
          const ProcEntry *e = &g_array_index (p->proc_entries, ProcEntry, i);
          guint64 end = e->base + e->size;

          top = MAX (top, end < e->base ? G_MAXUINT64 : end);
        }
      chosen_width = 36;
      while (chosen_width < 52 && top > ((guint64) 1 << chosen_width))
        chosen_width++;
      note (p, "The text does not give the physical address width: memviz uses %u, "
               "the smallest width of at least 36 that holds every address listed.", chosen_width);
    }
  mv_mtrr_state_set_width (s, chosen_width);

  /* /proc/mtrr pairs: the mask is rebuilt from the size. */
  for (guint i = 0; i < p->proc_entries->len; i++)
    {
      const ProcEntry *e = &g_array_index (p->proc_entries, ProcEntry, i);
      guint64 limit = mv_mtrr_address_bits (s->width);
      guint64 mask = (~(e->size - 1)) & limit;

      mv_mtrr_state_set_pair (s, e->index, (e->base & ~(guint64) 0xfff) | e->type,
                              mask | MV_MTRR_MASK_VALID, NULL);
      p->max_pair = MAX (p->max_pair, e->index + 1);
      if ((e->size & (e->size - 1)) != 0)
        note (p, "reg%02u: size %" G_GUINT64_FORMAT " is not a power of two, so the mask "
                 "rebuilt from it is not exact.", e->index, e->size);
    }
  if (p->proc_entries->len > 0)
    note (p, "/proc/mtrr prints the programmed base and the size; memviz rebuilt each mask "
             "from the size. A base not aligned to its size would match more than /proc/mtrr shows.");

  /* VCNT. */
  if (!p->have_cap)
    {
      guint vcnt = MAX (p->max_pair, MV_MTRR_DEFAULT_VCNT);

      mv_mtrr_state_set_vcnt (s, vcnt, NULL);
      if (p->max_pair > MV_MTRR_DEFAULT_VCNT)
        note (p, "The text does not give IA32_MTRRCAP: memviz assumes VCNT %u, enough for "
                 "every pair listed.", vcnt);
    }

  /* Enables and the default type. */
  if (!p->have_def_type_msr)
    {
      def = 0;
      if (p->have_e ? p->e : TRUE)
        def |= MV_MTRR_DEF_TYPE_E;
      if (p->have_fe ? p->fe : p->have_fixed)
        def |= MV_MTRR_DEF_TYPE_FE;
      if (!p->have_e)
        note (p, "The text does not say whether MTRRs are enabled: memviz assumes they are (E set).");
      if (!p->have_fe && !p->have_fixed)
        note (p, "The text shows no fixed-range MTRRs: memviz leaves them disabled (FE clear), "
                 "so the first MiB follows the variable pairs and the default type.");
      if (p->have_default_type)
        def |= p->default_type;
      else if (default_type == MV_MTRR_TEXT_UNKNOWN)
        note (p, "The text does not give the default memory type: memviz assumes UC.");
    }
  if (default_type != MV_MTRR_TEXT_UNKNOWN)
    {
      if (p->have_default_type || p->have_def_type_msr)
        note (p, "The default type given (%s) replaces the one in the text.",
              default_type == 0 ? "UC" : "WB");
      def = (def & ~MV_MTRR_DEF_TYPE_TYPE_MASK) | (guint) default_type;
    }
  s->def_type = def;

  if ((def & MV_MTRR_DEF_TYPE_FE) && !p->have_fixed)
    note (p, "MtrrDefType enables the fixed ranges (FE, bit 10), but the text lists no "
             "fixed-range MSRs (0x250, 0x258, 0x259, 0x268-0x26F): memviz takes them as 0, "
             "so the first MiB is UC; the machine's own registers may say otherwise.");
}

/**
 * mv_mtrr_text_parse:
 * @width: the physical address width, or #MV_MTRR_TEXT_UNKNOWN
 * @default_type: the default memory type (0..255), or #MV_MTRR_TEXT_UNKNOWN
 *
 * Returns: (transfer full): the state with what was used and ignored, or
 *   %NULL with #MV_MTRR_TEXT_ERROR_NOTHING_FOUND when no line is
 *   recognisable
 */
MvMtrrText *
mv_mtrr_text_parse (const char  *text,
                    gssize       length,
                    int          width,
                    int          default_type,
                    GError     **error)
{
  g_autoptr(MvMtrrText) result = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *copy = NULL;
  Parser p;

  g_return_val_if_fail (text != NULL, NULL);

  if (width != MV_MTRR_TEXT_UNKNOWN && (width < 1 || width > 64))
    {
      g_set_error (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_BAD_WIDTH,
                   "address width %d is not between 1 and 64", width);
      return NULL;
    }

  copy = length < 0 ? g_strdup (text) : g_strndup (text, (gsize) length);
  if (!g_utf8_validate (copy, -1, NULL))
    {
      char *valid = g_utf8_make_valid (copy, -1);
      g_free (copy);
      copy = valid;
    }

  result = g_new0 (MvMtrrText, 1);
  result->state = mv_mtrr_state_new ();
  result->ignored = g_ptr_array_new_with_free_func (line_free);
  result->notes = g_ptr_array_new_with_free_func (g_free);

  parser_init (&p);
  p.result = result;

  lines = g_strsplit_set (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);

      if (*line == '\0')
        continue;
      result->n_lines++;
      if (strlen (line) > 4096)
        line[4096] = '\0';
      p.line = i + 1;
      if (parse_line (&p, line))
        result->n_used++;
      else
        {
          MvMtrrTextLine *l = g_new0 (MvMtrrTextLine, 1);

          l->line = i + 1;
          l->text = g_strdup (line);
          g_ptr_array_add (result->ignored, l);
        }
    }

  if (p.overflow != NULL)
    {
      g_set_error_literal (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_OVERFLOW, p.overflow);
      parser_clear (&p);
      return NULL;
    }
  if (p.n_hidden > 0 && result->n_used == 0)
    {
      parser_clear (&p);
      g_set_error (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_UNREADABLE,
                   "every /proc/mtrr line shows base 0 and size 0: the kernel hides the "
                   "MTRRs from unprivileged users (read /proc/mtrr as root)");
      return NULL;
    }
  if (result->formats == 0 || (result->n_used == 0))
    {
      parser_clear (&p);
      g_set_error (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_NOTHING_FOUND,
                   "no MTRR lines found in %u line%s: expected /proc/mtrr lines "
                   "(\"reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\"), "
                   "the kernel's boot report (\"MTRR default type: uncachable\" ...) "
                   "or MSR values (\"0x200 = 0x6\", \"IA32_MTRR_PHYSBASE0: 6\", rdmsr output)",
                   result->n_lines, result->n_lines == 1 ? "" : "s");
      return NULL;
    }

  finish (&p, width, default_type);
  parser_clear (&p);
  return g_steal_pointer (&result);
}

/**
 * mv_mtrr_text_read_proc:
 * @path: usually "/proc/mtrr"
 *
 * Reads the running machine's MTRRs. Recent kernels let only privileged
 * users read /proc/mtrr; the error says so.
 */
MvMtrrText *
mv_mtrr_text_read_proc (const char  *path,
                        int          width,
                        int          default_type,
                        GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
          g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_PERM))
        g_set_error (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_UNREADABLE,
                     "cannot read %s: permission denied (recent kernels let only root read it; "
                     "try: sudo cat %s > mtrr.txt, then memviz-cli decode mtrr.txt)", shown, shown);
      else if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_UNREADABLE,
                     "cannot read %s: it does not exist (not Linux, no MTRR support, "
                     "or a kernel built without CONFIG_MTRR)", shown);
      else
        g_set_error (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_UNREADABLE,
                     "cannot read %s: %s", shown, local->message);
      return NULL;
    }

  if (*g_strstrip (contents) == '\0')
    {
      g_set_error (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_UNREADABLE,
                   "%s is empty: the kernel lists no MTRRs here (a virtual machine or "
                   "container without them, or MTRRs not enabled)", shown);
      return NULL;
    }

  return mv_mtrr_text_parse (contents, -1, width, default_type, error);
}
