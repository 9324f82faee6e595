/* SPDX-License-Identifier: MIT */
/* Readers for /proc/mtrr, the kernel boot log and MSR dumps. */
#include <string.h>

#include "mv-effective.h"
#include "mv-mtrr-text.h"
#include "mv-mtrr.h"
#include "mv-test-util.h"

#define GiB ((guint64) 1 << 30)
#define MiB ((guint64) 1 << 20)

static MvMtrrText *
parse_ok (const char *text,
          int         width,
          int         default_type)
{
  g_autoptr(GError) error = NULL;
  MvMtrrText *t = mv_mtrr_text_parse (text, -1, width, default_type, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

static guint
type_at (const MvMtrrState *s,
         guint64            addr)
{
  MvEffectiveRange r;

  mv_effective_at (s, addr, MV_PAT_NONE, &r);
  return r.type;
}

static gboolean
has_note (const MvMtrrText *t,
          const char       *fragment)
{
  for (guint i = 0; i < t->notes->len; i++)
    if (strstr (t->notes->pdata[i], fragment) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_pair (const MvMtrrState *s,
             guint              n,
             guint64            base,
             guint64            mask)
{
  MvMtrrPair p;

  g_assert_true (mv_mtrr_state_get_pair (s, n, &p));
  g_assert_cmphex (p.base, ==, base);
  g_assert_cmphex (p.mask, ==, mask);
}

/* A desktop's /proc/mtrr: overlapping UC hole, WC, sizes in M. */
static const char proc_desktop[] =
  "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n"
  "reg01: base=0x080000000 ( 2048MB), size= 1024MB, count=1: write-back\n"
  "reg02: base=0x0c0000000 ( 3072MB), size=  256MB, count=1: write-back\n"
  "reg03: base=0x0cf800000 ( 3320MB), size=    8MB, count=1: uncachable\n"
  "reg04: base=0x100000000 ( 4096MB), size= 1024MB, count=1: write-back\n"
  "reg05: base=0x0d0000000 ( 3328MB), size=  256MB, count=1: write-combining\n";

static void
test_proc_desktop (void)
{
  g_autoptr(MvMtrrText) t = parse_ok (proc_desktop, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN);
  const MvMtrrState *s = t->state;

  g_assert_cmpint (t->formats, ==, MV_MTRR_TEXT_PROC_MTRR);
  g_assert_cmpuint (t->n_lines, ==, 6);
  g_assert_cmpuint (t->n_used, ==, 6);
  g_assert_cmpuint (t->ignored->len, ==, 0);
  /* 5 GiB is the highest address: width 36 holds it. */
  g_assert_cmpuint (s->width, ==, 36);
  assert_pair (s, 0, 0x6, 0xF80000800);
  assert_pair (s, 3, 0xCF800000, 0xFFF800800);
  assert_pair (s, 5, 0xD0000001, 0xFF0000800);

  /* Unknowns are stated. */
  g_assert_true (has_note (t, "default memory type: memviz assumes UC"));
  g_assert_true (has_note (t, "physical address width"));
  g_assert_cmphex (s->def_type & 0xff, ==, 0);
  g_assert_true (s->def_type & MV_MTRR_DEF_TYPE_E);

  g_assert_cmpuint (type_at (s, 0x1000), ==, MV_MEM_TYPE_WB);
  g_assert_cmpuint (type_at (s, 0xCF800000), ==, MV_MEM_TYPE_UC);   /* UC wins over WB */
  g_assert_cmpuint (type_at (s, 0xD0000000), ==, MV_MEM_TYPE_WC);
  g_assert_cmpuint (type_at (s, 0xE0000000), ==, MV_MEM_TYPE_UC);   /* default */
  g_assert_cmpuint (type_at (s, 4 * GiB + 5), ==, MV_MEM_TYPE_WB);
  g_assert_cmpuint (type_at (s, 5 * GiB), ==, MV_MEM_TYPE_UC);
}

static void
test_proc_wide_and_k (void)
{
  /* A 46-bit machine: a base past 2^40, and a K-sized entry. */
  static const char text[] =
    "reg00: base=0x000000000 (    0MB), size=    2048MB, count=1: write-back\n"
    "reg01: base=0x0000f0000 (    0MB), size=   64KB, count=1: uncachable\n"
    "reg02: base=0x20000000000 (2097152MB), size= 1024MB, count=1: write-through\n";
  g_autoptr(MvMtrrText) t = parse_ok (text, MV_MTRR_TEXT_UNKNOWN, 6);
  const MvMtrrState *s = t->state;

  g_assert_cmpuint (t->n_used, ==, 3);
  /* 2 TiB + 1 GiB needs 42 bits. */
  g_assert_cmpuint (s->width, ==, 42);
  assert_pair (s, 1, 0xF0000, 0x3FFFFFF0800);
  assert_pair (s, 2, 0x20000000004, 0x3FFC0000800);
  g_assert_cmphex (s->def_type & 0xff, ==, 6);
  g_assert_false (has_note (t, "assumes UC"));
  g_assert_cmpuint (type_at (s, 0xF0000), ==, MV_MEM_TYPE_UC);
  g_assert_cmpuint (type_at (s, 0x20000000000), ==, MV_MEM_TYPE_WT);
  g_assert_cmpuint (type_at (s, 0x30000000000), ==, MV_MEM_TYPE_WB);  /* default given */
}

static void
test_proc_old_format_and_width (void)
{
  /* Older kernels put the type before the count. */
  static const char text[] =
    "reg00: base=0x00000000 (   0MB), size= 512MB: write-back, count=1\n"
    "reg01: base=0x20000000 ( 512MB), size= 128MB: write-back, count=1\n";
  g_autoptr(MvMtrrText) t = parse_ok (text, 40, MV_MTRR_TEXT_UNKNOWN);

  g_assert_cmpuint (t->n_used, ==, 2);
  g_assert_cmpuint (t->state->width, ==, 40);
  assert_pair (t->state, 1, 0x20000006, 0xFFF8000800);
  g_assert_false (has_note (t, "physical address width"));
}

/* A boot log with timestamps and noise around it. */
static const char boot_log[] =
  "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
  "[    0.000000] MTRR default type: uncachable\n"
  "[    0.000000] MTRR fixed ranges enabled:\n"
  "[    0.000000]   00000-9FFFF write-back\n"
  "[    0.000000]   A0000-BFFFF uncachable\n"
  "[    0.000000]   C0000-FFFFF write-protect\n"
  "[    0.000000] MTRR variable ranges enabled:\n"
  "[    0.000000]   0 base 000000000 mask F80000000 write-back\n"
  "[    0.000000]   1 base 080000000 mask FC0000000 write-back\n"
  "[    0.000000]   2 base 0C0000000 mask FF0000000 write-through\n"
  "[    0.000000]   3 disabled\n"
  "[    0.000000]   4 disabled\n"
  "[    0.000000] x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- UC  \n";

static void
test_boot_log (void)
{
  g_autoptr(MvMtrrText) t = parse_ok (boot_log, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN);
  const MvMtrrState *s = t->state;

  g_assert_cmpint (t->formats, ==, MV_MTRR_TEXT_BOOT_LOG);
  g_assert_cmpuint (t->n_lines, ==, 13);
  g_assert_cmpuint (t->n_used, ==, 11);
  g_assert_cmpuint (t->ignored->len, ==, 2);
  g_assert_cmpuint (((MvMtrrTextLine *) t->ignored->pdata[0])->line, ==, 1);
  g_assert_cmpuint (((MvMtrrTextLine *) t->ignored->pdata[1])->line, ==, 13);

  g_assert_cmphex (s->def_type, ==, MV_MTRR_DEF_TYPE_E | MV_MTRR_DEF_TYPE_FE | 0);
  g_assert_cmpuint (s->width, ==, 36);
  g_assert_cmphex (s->fixed[0], ==, 0x0606060606060606);
  g_assert_cmphex (s->fixed[1], ==, 0x0606060606060606);
  g_assert_cmphex (s->fixed[2], ==, 0);
  for (guint i = 3; i < 11; i++)
    g_assert_cmphex (s->fixed[i], ==, 0x0505050505050505);
  assert_pair (s, 0, 0x6, 0xF80000800);
  assert_pair (s, 2, 0xC0000004, 0xFF0000800);
  assert_pair (s, 3, 0, 0);

  g_assert_cmpuint (type_at (s, 0xA0000), ==, MV_MEM_TYPE_UC);
  g_assert_cmpuint (type_at (s, 0xF0000), ==, MV_MEM_TYPE_WP);
  g_assert_cmpuint (type_at (s, 0xC8000000), ==, MV_MEM_TYPE_WT);
  g_assert_cmpuint (type_at (s, 0xD0000000), ==, MV_MEM_TYPE_UC);
}

static void
test_boot_log_old_and_disabled (void)
{
  /* 2.6-era wording, fixed ranges disabled. */
  static const char text[] =
    "kernel: MTRR default type: write-back\n"
    "kernel: MTRR fixed ranges disabled:\n"
    "kernel: MTRR variable ranges enabled:\n"
    "kernel: MTRR 0 base 0E0000000 mask FE0000000 uncachable\n"
    "kernel: MTRR 1 disabled\n";
  g_autoptr(MvMtrrText) t = parse_ok (text, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN);

  g_assert_cmpuint (t->n_used, ==, 5);
  g_assert_cmphex (t->state->def_type, ==, MV_MTRR_DEF_TYPE_E | 6);
  assert_pair (t->state, 0, 0xE0000000, 0xFE0000800);
  g_assert_cmpuint (type_at (t->state, 0xE0000000), ==, MV_MEM_TYPE_UC);
  g_assert_cmpuint (type_at (t->state, 0x1000), ==, MV_MEM_TYPE_WB);
}

static void
test_msr_dump (void)
{
  static const char text[] =
    "$ sudo rdmsr 0x2ff\n"
    "c06\n"
    "$ sudo rdmsr 0x200\n"
    "6\n"
    "$ sudo rdmsr 0x201\n"
    "ff80000800\n"
    "0x202 = 0x80000006\n"
    "IA32_MTRR_PHYSMASK1: 0xffc0000800\n"
    "MSR 0x250: 0x0606060606060606\n"
    "wrmsr 0x204 0x100000001\n"
    "IA32_MTRR_PHYSMASK2 = 0xfffff000\n"
    "some unrelated line\n";
  g_autoptr(MvMtrrText) t = parse_ok (text, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN);
  const MvMtrrState *s = t->state;

  g_assert_cmpint (t->formats, ==, MV_MTRR_TEXT_MSR_DUMP);
  g_assert_cmpuint (t->n_used, ==, 11);
  g_assert_cmpuint (t->ignored->len, ==, 1);
  g_assert_cmphex (s->def_type, ==, 0xc06);
  g_assert_cmphex (s->fixed[0], ==, 0x0606060606060606);
  assert_pair (s, 0, 0x6, 0xff80000800);
  assert_pair (s, 1, 0x80000006, 0xffc0000800);
  /* Mask 2 lacks the valid bit: kept as given. */
  assert_pair (s, 2, 0x100000001, 0xfffff000);
  g_assert_cmpuint (s->width, ==, 40);
  g_assert_cmpuint (type_at (s, 0x90000000), ==, MV_MEM_TYPE_WB);
  g_assert_cmpuint (type_at (s, 0x100000000), ==, MV_MEM_TYPE_WB);  /* pair 2 off: default WB */
}

/* The MSR spellings tools really print, each in that tool's own format. */
typedef struct
{
  const char *tool;
  const char *text;
  guint       n_used;
  guint       n_ignored;
  guint64     def_type;
  gboolean    fixed_listed;
} MsrDump;

static const MsrDump msr_dumps[] = {
  /* A firmware shell's mtrr command: numbered names, the MSR in
   * parentheses, then summary lines (not registers: left unread). */
  { "firmware-shell",
    "Shell> mtrr\n"
    "IA32_MTRRCAP (0xFE): 0x0000000000000D08\n"
    "IA32_MTRR_DEF_TYPE (0x2FF): 0x0000000000000C00\n"
    "IA32_MTRR_PHYSBASE_0 (0x200): 0x0000000000000006\n"
    "IA32_MTRR_PHYSMASK_0 (0x201): 0x0000007F80000800\n"
    "IA32_MTRR_PHYSBASE_1 (0x202): 0x0000000100000006\n"
    "IA32_MTRR_PHYSMASK_1 (0x203): 0x0000007F80000800\n"
    "[0x0000000000000000-0x000000007FFFFFFF] Write-Back\n"
    "[0x0000000100000000-0x000000017FFFFFFF] Write-Back\n",
    6, 3, 0xC00, FALSE },
  /* x86info --mtrr: the older SDM names, the MSR in parentheses. */
  { "x86info",
    "MTRR registers:\n"
    "MTRRcap (0xfe): 0x0000000000000d08\n"
    "MTRRphysBase0 (0x200): 0x0000000000000006\n"
    "MTRRphysMask0 (0x201): 0x0000007f80000800\n"
    "MTRRphysBase1 (0x202): 0x0000000100000006\n"
    "MTRRphysMask1 (0x203): 0x0000007f80000800\n"
    "MTRRfix64K_00000 (0x250): 0x0606060606060606\n"
    "MTRRdefType (0x2ff): 0x0000000000000c00\n",
    7, 1, 0xC00, TRUE },
  /* Linux's msr-index.h names, the MSR as 2FFh without 0x. */
  { "msr-index-names",
    "MSR_MTRRcap       (FEh)  = 0000000000000D08\n"
    "MSR_MTRRdefType   (2FFh) = 0000000000000C00\n"
    "MSR_MTRRphysBase0 (200h) = 0000000000000006\n"
    "MSR_MTRRphysMask0 (201h) = 0000007F80000800\n"
    "MSR_MTRRphysBase1 (202h) = 0000000100000006\n"
    "MSR_MTRRphysMask1 (203h) = 0000007F80000800\n",
    6, 0, 0xC00, FALSE },
  /* The SDM's names, the MSR number without 0x. */
  { "sdm-names",
    "IA32_MTRR_DEF_TYPE (2FF): C00\n"
    "IA32_MTRR_PHYSBASE0 (200): 6\n"
    "IA32_MTRR_PHYSMASK0 (201): 7F80000800\n"
    "IA32_MTRR_PHYSBASE1 (202): 100000006\n"
    "IA32_MTRR_PHYSMASK1 (203): 7F80000800\n",
    5, 0, 0xC00, FALSE },
};

static void
test_msr_spellings (gconstpointer data)
{
  const MsrDump *d = data;
  g_autoptr(MvMtrrText) t = parse_ok (d->text, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN);
  const MvMtrrState *s = t->state;

  g_assert_cmpint (t->formats, ==, MV_MTRR_TEXT_MSR_DUMP);
  g_assert_cmpuint (t->n_used, ==, d->n_used);
  g_assert_cmpuint (t->ignored->len, ==, d->n_ignored);
  g_assert_cmphex (s->def_type, ==, d->def_type);
  assert_pair (s, 0, 0x6, 0x7f80000800);
  assert_pair (s, 1, 0x100000006, 0x7f80000800);
  g_assert_cmpuint (type_at (s, 0x10000000), ==, MV_MEM_TYPE_WB);
  g_assert_cmpuint (type_at (s, 0x90000000), ==, MV_MEM_TYPE_UC);
  g_assert_cmpuint (type_at (s, 0x110000000), ==, MV_MEM_TYPE_WB);
  if (d->fixed_listed)
    g_assert_cmphex (s->fixed[0], ==, 0x0606060606060606);
}

/* FE set in MtrrDefType with no fixed-range MSR listed: the first MiB is
 * UC, and the reader says it assumed that. */
static void
test_msr_fe_without_fixed (void)
{
  static const char text[] =
    "IA32_MTRR_DEF_TYPE (0x2FF): 0x0000000000000C06\n"
    "IA32_MTRR_PHYSBASE_0 (0x200): 0x0000000080000000\n"
    "IA32_MTRR_PHYSMASK_0 (0x201): 0x0000007F80000800\n";
  static const char with_fixed[] =
    "IA32_MTRR_DEF_TYPE (0x2FF): 0x0000000000000C06\n"
    "IA32_MTRR_FIX64K_00000 (0x250): 0x0606060606060606\n";
  g_autoptr(MvMtrrText) t = parse_ok (text, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN);
  g_autoptr(MvMtrrText) f = parse_ok (with_fixed, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN);

  g_assert_cmpuint (type_at (t->state, 0x1000), ==, MV_MEM_TYPE_UC);
  g_assert_true (has_note (t, "enables the fixed ranges (FE, bit 10), but the text lists no fixed-range MSRs"));
  g_assert_true (has_note (t, "the first MiB is UC"));
  g_assert_cmpuint (type_at (f->state, 0x1000), ==, MV_MEM_TYPE_WB);
  g_assert_false (has_note (f, "enables the fixed ranges"));
}

static void
test_round_trip_proc (void)
{
  /* memviz's own /proc/mtrr lines for OpenVMM's default layout read
   * back to the same programmed ranges. */
  MvRange gaps[2] = { { 0xF8000000, 0x100000000 }, { 0x208000000, 0x228000000 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(MvLayout) layout = mv_layout_new (8 * GiB, gaps, 2, NULL, 0, NULL, 0, NULL, &error);
  g_autoptr(MvMtrrState) s = mv_mtrr_state_new_for_guest (layout, 46, gaps[0], gaps[1],
                                                          MV_MTRR_PROFILE_LINUX_DIRECT, 8, &error);
  g_auto(GStrv) lines = mv_mtrr_format_proc_mtrr (s);
  g_autofree char *text = g_strjoinv ("\n", lines);
  g_autoptr(MvMtrrText) t = parse_ok (text, 46, 0);

  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpuint (t->n_used, ==, 3);
  for (guint n = 0; n < 3; n++)
    {
      MvMtrrPairInfo a, b;

      mv_mtrr_pair_decode (s, n, &a);
      mv_mtrr_pair_decode (t->state, n, &b);
      g_assert_cmphex (a.programmed.start, ==, b.programmed.start);
      g_assert_cmphex (a.programmed.end, ==, b.programmed.end);
      g_assert_cmpuint (a.type, ==, b.type);
    }
}

static void
test_nothing_found (void)
{
  static const char *const garbage[] = {
    "",
    "\n\n\n",
    "hello world\nthis is not an MTRR dump\n",
    "reg00: base=0xZZZ (0MB), size=1MB\n",
    "MTRR default type\n",
    "\xff\xfe\x00binary",
    "0x1234 = 5\n",          /* not an MTRR MSR */
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MvMtrrText) t = mv_mtrr_text_parse (garbage[i], -1, MV_MTRR_TEXT_UNKNOWN,
                                                    MV_MTRR_TEXT_UNKNOWN, &error);

      g_assert_null (t);
      g_assert_error (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_NOTHING_FOUND);
      g_assert_nonnull (strstr (error->message, "no MTRR lines found"));
    }
}

static void
test_random_garbage (void)
{
  /* Random bytes and random mixes of fragments never crash; either an
   * error or a state. */
  static const char *const fragments[] = {
    "reg", "01", ": base=0x", "fffffffffffffffff", " (", "MB), size=", "99999999999", "KB",
    "MTRR ", "default type: ", "write-back", "?", " base ", " mask ", "disabled", "\n",
    "0x2ff", " = ", "rdmsr ", "-p 3 ", "IA32_MTRR_PHYSBASE", "39", "[ 0.0] ", "  00000-", "FFFFF ",
  };
  GRand *rand = g_rand_new_with_seed (1234);

  for (guint iter = 0; iter < 3000; iter++)
    {
      GString *s = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 40);
      g_autoptr(GError) error = NULL;
      MvMtrrText *t;

      for (guint k = 0; k < n; k++)
        {
          if (g_rand_boolean (rand))
            g_string_append (s, fragments[g_rand_int_range (rand, 0, G_N_ELEMENTS (fragments))]);
          else
            g_string_append_c (s, (char) g_rand_int_range (rand, 1, 256));
        }
      t = mv_mtrr_text_parse (s->str, (gssize) s->len, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN, &error);
      if (t == NULL)
        g_assert_nonnull (error);
      else
        {
          g_assert_no_error (error);
          g_assert_cmpuint (t->n_used + t->ignored->len, ==, t->n_lines);
          mv_mtrr_text_free (t);
        }
      g_string_free (s, TRUE);
    }
  g_rand_free (rand);
}

static void
test_bad_width (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvMtrrText) t = mv_mtrr_text_parse (proc_desktop, -1, 70, MV_MTRR_TEXT_UNKNOWN, &error);

  g_assert_null (t);
  g_assert_error (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_BAD_WIDTH);
}

static void
test_read_proc (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (test_tmp_dir (), "mtrr", NULL);
  g_autoptr(MvMtrrText) missing = NULL;
  g_autoptr(MvMtrrText) t = NULL;

  missing = mv_mtrr_text_read_proc ("/nonexistent/mtrr", MV_MTRR_TEXT_UNKNOWN,
                                    MV_MTRR_TEXT_UNKNOWN, &error);
  g_assert_null (missing);
  g_assert_error (error, MV_MTRR_TEXT_ERROR, MV_MTRR_TEXT_ERROR_UNREADABLE);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, proc_desktop, -1, &error));
  t = mv_mtrr_text_read_proc (path, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->n_used, ==, 6);
}

typedef struct
{
  guint64 start;
  guint64 end;
  guint   type;
} Expected;

static void
assert_map (const MvMtrrState *s,
            const Expected    *want,
            guint              n)
{
  g_autoptr(MvEffectiveMap) map = mv_effective_map_new (s, 0, mv_mtrr_state_address_limit (s), 0,
                                                        MV_PAT_NONE);
  guint k = 0;

  /* Merge neighbours of one type (the map also splits by deciding register). */
  for (guint i = 0; i < map->ranges->len; k++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
      guint64 end = r->range.end;

      while (++i < map->ranges->len &&
             g_array_index (map->ranges, MvEffectiveRange, i).type == r->type)
        end = g_array_index (map->ranges, MvEffectiveRange, i).range.end;

      g_assert_cmpuint (k, <, n);
      g_assert_cmphex (r->range.start, ==, want[k].start);
      g_assert_cmphex (end, ==, want[k].end);
      g_assert_cmpuint (r->type, ==, want[k].type);
    }
  g_assert_cmpuint (k, ==, n);
}

static MvMtrrText *
parse_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "mtrr", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  return parse_ok (contents, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN);
}

static void
test_real_openssd (void)
{
  /* A desktop with 12 GiB: 7 WB pairs and a UC hole under 4 GiB. */
  static const Expected want[] = {
    { 0x0, 0xA0000, MV_MEM_TYPE_WB },
    { 0xA0000, 0xC0000, MV_MEM_TYPE_UC },
    { 0xC0000, 0xD0000, MV_MEM_TYPE_WP },
    { 0xD0000, 0xE0000, MV_MEM_TYPE_UC },
    { 0xE0000, 0x100000, MV_MEM_TYPE_WP },
    { 0x100000, 0xE0000000, MV_MEM_TYPE_WB },
    { 0xE0000000, 0x100000000, MV_MEM_TYPE_UC },
    { 0x100000000, 0x31F000000, MV_MEM_TYPE_WB },
    { 0x31F000000, 0x1000000000, MV_MEM_TYPE_UC },
  };
  g_autoptr(MvMtrrText) t = parse_fixture ("openssd-bootlog.txt");
  g_autoptr(GPtrArray) diags = NULL;

  g_assert_cmpint (t->formats, ==, MV_MTRR_TEXT_BOOT_LOG);
  g_assert_cmpuint (t->n_used, ==, 17);
  g_assert_cmpuint (t->ignored->len, ==, 3);
  g_assert_cmpuint (t->state->width, ==, 36);
  /* The default type line was not pasted: stated, UC assumed. */
  g_assert_true (has_note (t, "default memory type"));
  assert_map (t->state, want, G_N_ELEMENTS (want));

  /* The variable pairs cover 12272 MiB as WB, as the kernel's "total
   * RAM covered" says (counting the first MiB as the pairs do). */
  {
    g_autoptr(MvEffectiveMap) map = mv_effective_map_new (t->state, 0x100000, 0x1000000000, 0, MV_PAT_NONE);
    guint64 wb = 0;

    for (guint i = 0; i < map->ranges->len; i++)
      {
        const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
        if (r->type == MV_MEM_TYPE_WB)
          wb += r->range.end - r->range.start;
      }
    g_assert_cmpuint ((wb + 0x100000) >> 20, ==, 12272);
  }

  /* No layout: nothing to call an error. */
  diags = mv_diagnose (t->state, NULL);
  g_assert_false (mv_diagnostics_have_errors (diags));
}

static void
test_real_coreboot (void)
{
  static const Expected want[] = {
    { 0x0, 0xA0000, MV_MEM_TYPE_WB },
    { 0xA0000, 0xC0000, MV_MEM_TYPE_UC },
    { 0xC0000, 0x7B000000, MV_MEM_TYPE_WB },
    { 0x7B000000, 0x80000000, MV_MEM_TYPE_UC },
    { 0x80000000, 0x90000000, MV_MEM_TYPE_WC },
    { 0x90000000, 0x100000000, MV_MEM_TYPE_UC },
    { 0x100000000, 0x200000000, MV_MEM_TYPE_WB },
    { 0x200000000, 0x8000000000, MV_MEM_TYPE_UC },
  };
  g_autoptr(MvMtrrText) t = parse_fixture ("coreboot-m900.txt");

  g_assert_cmpuint (t->n_used, ==, 17);
  g_assert_cmpuint (t->state->width, ==, 39);
  g_assert_cmphex (t->state->def_type, ==, MV_MTRR_DEF_TYPE_E | MV_MTRR_DEF_TYPE_FE);
  assert_pair (t->state, 3, 0x80000001, 0x7ff0000800);
  assert_map (t->state, want, G_N_ELEMENTS (want));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/mtrr-text/proc/desktop", test_proc_desktop);
  g_test_add_func ("/mtrr-text/proc/wide-and-k", test_proc_wide_and_k);
  g_test_add_func ("/mtrr-text/proc/old-format", test_proc_old_format_and_width);
  g_test_add_func ("/mtrr-text/proc/round-trip", test_round_trip_proc);
  g_test_add_func ("/mtrr-text/proc/read", test_read_proc);
  g_test_add_func ("/mtrr-text/boot-log/timestamps", test_boot_log);
  g_test_add_func ("/mtrr-text/boot-log/old-and-disabled", test_boot_log_old_and_disabled);
  g_test_add_func ("/mtrr-text/msr/dump", test_msr_dump);
  g_test_add_func ("/mtrr-text/msr/fe-without-fixed", test_msr_fe_without_fixed);
  for (guint i = 0; i < G_N_ELEMENTS (msr_dumps); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mtrr-text/msr/spelling/%s", msr_dumps[i].tool);

      g_test_add_data_func (path, &msr_dumps[i], test_msr_spellings);
    }
  g_test_add_func ("/mtrr-text/real/openssd-boot-log", test_real_openssd);
  g_test_add_func ("/mtrr-text/real/coreboot", test_real_coreboot);
  g_test_add_func ("/mtrr-text/errors/nothing-found", test_nothing_found);
  g_test_add_func ("/mtrr-text/errors/random", test_random_garbage);
  g_test_add_func ("/mtrr-text/errors/bad-width", test_bad_width);

  return g_test_run ();
}
