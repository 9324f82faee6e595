/* SPDX-License-Identifier: MIT */
/* Fuzz target: the MTRR text readers (mv_mtrr_text_parse: /proc/mtrr, the
 * kernel boot log, MSR dumps, any mix) on any bytes. What parses is a
 * whole MTRR state the analysis accepts: its effective map, /proc/mtrr
 * form and diagnostics are computed, and its /proc/mtrr form parses too.
 *
 * Input: u8 w (0: width unknown, else the width w - 1),
 * u8 t (0: default type unknown, else the type t - 1), then the text. */
#include "mv-fuzz.h"

#include "mv-effective.h"
#include "mv-mtrr-text.h"

static void
check_parsed (const MvMtrrText *t)
{
  const MvMtrrState *s = t->state;

  MV_FUZZ_CHECK (s != NULL);
  MV_FUZZ_CHECK (t->n_used <= t->n_lines);
  MV_FUZZ_CHECK (t->ignored->len <= t->n_lines);
  MV_FUZZ_CHECK (s->width >= 36 && s->width <= 52);
  for (guint i = 0; i < t->ignored->len; i++)
    {
      const MvMtrrTextLine *l = g_ptr_array_index (t->ignored, i);
      MV_FUZZ_CHECK (l->line >= 1 && l->text != NULL);
    }
  for (guint i = 0; i < t->notes->len; i++)
    MV_FUZZ_CHECK (((const char *) g_ptr_array_index (t->notes, i))[0] != '\0');
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  MvFuzzInput in = { data, size };
  g_autoptr(GError) error = NULL;
  g_autoptr(MvMtrrText) t = NULL;
  guint8 w = mv_fuzz_u8 (&in);
  guint8 d = mv_fuzz_u8 (&in);
  int width = w == 0 ? MV_MTRR_TEXT_UNKNOWN : w - 1;
  int def = d == 0 ? MV_MTRR_TEXT_UNKNOWN : d - 1;

  mv_fuzz_setup ();

  t = mv_mtrr_text_parse ((const char *) in.data, (gssize) in.len, width, def, &error);
  if (t == NULL)
    {
      MV_FUZZ_CHECK (error != NULL && error->domain == MV_MTRR_TEXT_ERROR);
      MV_FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
      return 0;
    }
  MV_FUZZ_CHECK (error == NULL);
  check_parsed (t);

  {
    g_autoptr(MvEffectiveMap) map = mv_effective_map_new (t->state, 0, G_MAXUINT64, 64,
                                                          MV_PAT_NONE);
    /* Diagnostics take milliseconds: only for texts of an even length. */
    g_autoptr(GPtrArray) diags = in.len % 2 == 0 ? mv_diagnose (t->state, NULL)
                                                 : g_ptr_array_new ();
    g_auto(GStrv) proc = mv_mtrr_format_proc_mtrr (t->state);
    g_autofree char *joined = NULL;
    g_autoptr(GError) again_error = NULL;
    g_autoptr(MvMtrrText) again = NULL;

    MV_FUZZ_CHECK (map != NULL && diags != NULL && proc != NULL);
    MV_FUZZ_CHECK (map->ranges->len > 0);
    joined = g_strjoinv ("\n", proc);
    again = mv_mtrr_text_parse (joined, -1, t->state->width, MV_MTRR_TEXT_UNKNOWN, &again_error);
    if (again != NULL)
      check_parsed (again);
    else
      MV_FUZZ_CHECK (again_error != NULL && again_error->domain == MV_MTRR_TEXT_ERROR);
  }
  return 0;
}
