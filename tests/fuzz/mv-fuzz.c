/* SPDX-License-Identifier: MIT */
#include "mv-fuzz.h"

#include <stdio.h>
#include <stdlib.h>

/* A critical or a warning from GLib or the core (a g_return_if_fail()
 * that fired, a GError set twice) is a bug the fuzzer must report: print
 * it and abort(), which libFuzzer catches and keeps the input of (GLib's
 * own fatal path raises SIGTRAP, which it does not). */
static void
fatal_log (const char     *domain,
           GLogLevelFlags  level,
           const char     *message,
           gpointer        user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    {
      g_log_default_handler (domain, level, message, user_data);
      return;
    }
  fflush (stdout);
  fprintf (stderr, "%s-%s: %s\n", domain != NULL ? domain : "(none)",
           (level & G_LOG_LEVEL_CRITICAL) ? "CRITICAL" :
           (level & G_LOG_LEVEL_WARNING) ? "WARNING" : "ERROR", message);
  fflush (stderr);
  abort ();
}

void
mv_fuzz_setup (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      g_log_set_default_handler (fatal_log, NULL);
      g_log_set_handler ("GLib", G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL |
                         G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, fatal_log, NULL);
      g_once_init_leave (&once, 1);
    }
}

guint8
mv_fuzz_u8 (MvFuzzInput *in)
{
  guint8 v;

  if (in->len == 0)
    return 0;
  v = in->data[0];
  in->data++;
  in->len--;
  return v;
}

guint16
mv_fuzz_u16 (MvFuzzInput *in)
{
  guint16 lo = mv_fuzz_u8 (in);

  return (guint16) (lo | (mv_fuzz_u8 (in) << 8));
}

guint32
mv_fuzz_u32 (MvFuzzInput *in)
{
  guint32 lo = mv_fuzz_u16 (in);

  return lo | ((guint32) mv_fuzz_u16 (in) << 16);
}

/* Little endian, as the seed generator writes them. */
guint64
mv_fuzz_u64 (MvFuzzInput *in)
{
  guint64 lo = mv_fuzz_u32 (in);

  return lo | ((guint64) mv_fuzz_u32 (in) << 32);
}

/* A number of a size picked by a tag byte, so that short inputs reach
 * small values and long ones any value:
 *   0: a u8   1: a u16   2: a u32   3: a u64 (tag modulo 4) */
guint64
mv_fuzz_number (MvFuzzInput *in)
{
  switch (mv_fuzz_u8 (in) & 3)
    {
    case 0: return mv_fuzz_u8 (in);
    case 1: return mv_fuzz_u16 (in);
    case 2: return mv_fuzz_u32 (in);
    default: return mv_fuzz_u64 (in);
    }
}

void
mv_fuzz_fail (const char *file,
              int         line,
              const char *expr)
{
  /* What the test printed so far (TAP lines) goes out before the abort. */
  fflush (stdout);
  fprintf (stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, expr);
  fflush (stderr);
  abort ();
}
