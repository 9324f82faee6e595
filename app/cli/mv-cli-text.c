/* SPDX-License-Identifier: MIT */
/* The text printers of memviz-cli, which the memviz application also uses
 * for its summary without a display: a layout, the effective memory types
 * beside /proc/mtrr, the diagnostics and a page map; and the check that
 * what they printed reached stdout. GLib and the core only. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mv-cli-text.h"
#include "mv-parse.h"
#include "mv-scenario.h"

/* "memviz-cli" (whose commands are named "memviz-cli COMMAND") or "memviz". */
static const char *
program_name (void)
{
  const char *prgname = g_get_prgname ();

  return prgname != NULL && g_str_has_prefix (prgname, "memviz-cli") ? "memviz-cli" : "memviz";
}

/* The first failed write's errno: ferror () keeps only that one failed. */
static int stdout_errno;
/* Who says that stdout could not be written, and the exit status then. */
static const char *stdout_program;
static int stdout_status;

/* g_print () as GLib's own handler does it, remembering why it failed,
 * but without a flush (a write) each line: a terminal's stdout is line
 * buffered anyway, and close_stdout () reports what a full buffer's write
 * failed on (100,000 lines of a layout spent 0.4 s in write ()). */
static void
print_to_stdout (const char *text)
{
  if (fputs (text, stdout) == EOF && stdout_errno == 0)
    stdout_errno = errno;
}

/* g_printerr (): what stdout holds goes first, so that the two streams
 * given to one file or pipe (2>&1) interleave as they were written. */
static void
print_to_stderr (const char *text)
{
  if (fflush (stdout) != 0 && stdout_errno == 0)
    stdout_errno = errno;
  fputs (text, stderr);
}

/* At exit, whichever way the program ends (GOption's --help exits from
 * inside the parser): output that did not reach stdout (a full disk,
 * /dev/full) is an error, not a silent success. */
static void
close_stdout (void)
{
  gboolean failed = ferror (stdout) != 0;

  errno = 0;
  /* A closed stdout (>&-) that was never written to is no error. */
  if (fclose (stdout) != 0 && (failed || errno != EBADF))
    {
      failed = TRUE;
      if (stdout_errno == 0)
        stdout_errno = errno;
    }
  if (failed)
    {
      g_printerr ("%s: cannot write to standard output: %s\n", stdout_program,
                  stdout_errno != 0 ? g_strerror (stdout_errno) : "write error");
      _exit (stdout_status);
    }
}

/**
 * mv_cli_watch_stdout:
 * @program: (not nullable): a static string: the program's name, which
 *   the message starts with
 * @status: the exit status when standard output could not be written
 *
 * Prints g_print () to stdout and g_printerr () to stderr (stdout first),
 * and at exit checks that everything printed reached stdout: if not (a
 * full disk, /dev/full), says so on stderr and exits with @status. Call
 * first in main (), before anything is printed.
 */
void
mv_cli_watch_stdout (const char *program,
                     int         status)
{
  stdout_program = program;
  stdout_status = status;
  g_set_print_handler (print_to_stdout);
  g_set_printerr_handler (print_to_stderr);
  atexit (close_stdout);
}

/**
 * mv_cli_scenario_failures:
 *
 * What failed in the scenario a picture shows: the layout, the MTRRs,
 * each import, a line each ("layout error: BadSize: ..."). The picture is
 * written either way (it shows them); memviz-cli render and the headless
 * memviz say so and exit 1, as check does for a finding.
 *
 * Returns: (transfer full) (element-type utf8): the failures, maybe none
 */
GPtrArray *
mv_cli_scenario_failures (const MvScenario *sc)
{
  GPtrArray *failures = g_ptr_array_new_with_free_func (g_free);

  if (sc->layout_error != NULL)
    g_ptr_array_add (failures, g_strdup_printf ("layout error: %s%s%s",
                                                sc->layout_error_name ? sc->layout_error_name : "",
                                                sc->layout_error_name ? ": " : "",
                                                sc->layout_error->message));
  if (sc->mtrr_error != NULL)
    g_ptr_array_add (failures, g_strdup_printf ("MTRR error: %s", sc->mtrr_error->message));
  for (guint i = 0; i < sc->imports->len; i++)
    {
      const MvImportResult *res = &g_array_index (sc->imports, MvImportResult, i);

      if (!res->ok && res->error != NULL)
        g_ptr_array_add (failures, g_strdup_printf ("import %s failed: %s",
                                                    res->name ? res->name : "", res->error->message));
    }
  return failures;
}

char *
mv_cli_range_text (guint64 start,
                   guint64 end)
{
  return g_strdup_printf ("0x%012" G_GINT64_MODIFIER "x-0x%012" G_GINT64_MODIFIER "x", start, end);
}

static const char *
deciders_text (const MvEffectiveRange *r,
               GString                *s)
{
  g_string_truncate (s, 0);
  switch (r->rule)
    {
    case MV_EFFECTIVE_RULE_DISABLED:
    case MV_EFFECTIVE_RULE_DEFAULT:
      g_string_append (s, "MtrrDefType");
      break;
    case MV_EFFECTIVE_RULE_FIXED:
      g_string_append (s, mv_mtrr_fixed_name (r->fixed_index));
      break;
    default:
      g_string_append (s, mv_pair_set_count (&r->pairs) == 1 ? "pair " : "pairs ");
      for (guint n = 0, k = 0; n < 256; n++)
        if (mv_pair_set_contains (&r->pairs, n))
          g_string_append_printf (s, "%s%u", k++ ? ", " : "", n);
      break;
    }
  return s->str;
}

void
mv_cli_count_severities (GPtrArray *diags,
                         guint      counts[3])
{
  counts[0] = counts[1] = counts[2] = 0;
  for (guint i = 0; i < diags->len; i++)
    counts[((MvDiagnostic *) g_ptr_array_index (diags, i))->severity]++;
}

static void
print_counts (const guint  counts[3],
              const char  *before,
              const char  *after)
{
  g_print ("%s%u error%s, %u warning%s, %u note%s%s\n", before,
           counts[MV_SEVERITY_ERROR], counts[MV_SEVERITY_ERROR] == 1 ? "" : "s",
           counts[MV_SEVERITY_WARNING], counts[MV_SEVERITY_WARNING] == 1 ? "" : "s",
           counts[MV_SEVERITY_NOTE], counts[MV_SEVERITY_NOTE] == 1 ? "" : "s", after);
}

void
mv_print_effective (const MvMtrrState    *s,
                    const char           *origin,
                    const MvEffectiveMap *map,
                    char                **proc,
                    const guint           counts[3])
{
  g_autoptr(GString) by = g_string_new (NULL);
  guint vcnt = mv_mtrr_state_get_vcnt (s);
  guint line = 0;

  g_print ("\nMTRRs: %s, width %u%s, VCNT %u, MtrrDefType 0x%" G_GINT64_MODIFIER "x "
           "(%s, fixed ranges %s, default %s)%s\n",
           origin, s->width,
           s->width != s->width_asked ? " (clamped)" : "", vcnt, s->def_type,
           (s->def_type & MV_MTRR_DEF_TYPE_E) ? "enabled" : "DISABLED",
           (s->def_type & MV_MTRR_DEF_TYPE_FE) ? "on" : "off",
           mv_mem_type_name (s->def_type & MV_MTRR_DEF_TYPE_TYPE_MASK),
           s->variable_skipped_for_vtl2 ? "; no variable pairs (VTL2 sets them)" : "");

  g_print ("\nEffective memory types, 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x%s%s:\n",
           map->start, map->end, map->has_pat ? ", with PAT entry " : "",
           map->has_pat ? mv_pat_type_name (map->pat_type) : "");
  for (guint i = 0; i < map->ranges->len; i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
      g_autofree char *range = mv_cli_range_text (r->range.start, r->range.end);
      g_autofree char *size = mv_format_size (r->range.end - r->range.start);
      g_autofree char *combined = map->has_pat
        ? g_strdup_printf (" -> %-9s", mv_mem_type_name (r->combined)) : g_strdup ("");

      g_print ("  %s  %10s  %-9s%s  %-9s  %s\n", range, size, mv_mem_type_name (r->type),
               combined, mv_effective_rule_name (r->rule), deciders_text (r, by));
    }
  if (map->truncated)
    {
      const MvEffectiveRange *last =
        &g_array_index (map->ranges, MvEffectiveRange, map->ranges->len - 1);

      g_print ("  ... stopped after %u ranges (--max-ranges); the rest starts at "
               "0x%" G_GINT64_MODIFIER "x (--window shows it)\n",
               map->ranges->len, last->range.end);
    }

  g_print ("\nVariable pairs: what /proc/mtrr says | what the CPU matches\n");
  if (mv_mtrr_state_get_n_pairs (s) == 0)
    g_print ("  (none)\n");
  for (guint n = 0; n < mv_mtrr_state_get_n_pairs (s); n++)
    {
      MvMtrrPairInfo info;
      g_autofree char *matched = NULL;
      const char *left;

      mv_mtrr_pair_decode (s, n, &info);
      if (!info.valid && !(n >= vcnt && (info.base | info.mask)))
        continue;
      if (n < vcnt && info.valid)
        left = proc[line++];
      else
        left = n >= vcnt ? "(beyond VCNT: not listed)" : "";
      matched = mv_cli_range_text (info.matched[0].start, info.matched[0].end);
      g_print ("  %-70s | %s %s", left, mv_mem_type_name (info.type), matched);
      if (info.n_matched > 1)
        g_print (" and %" G_GUINT64_FORMAT " more ranges", info.n_matched - 1);
      if (info.has_programmed && info.ignored_base_bits != 0)
        g_print ("  (not the programmed 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x)",
                 info.programmed.start, info.programmed.end);
      g_print ("\n");
    }

  /* Without counts, the caller lists the diagnostics itself. */
  if (counts != NULL)
    print_counts (counts, "\n", " (memviz-cli check lists them)");
}

void
mv_print_diagnostics (GPtrArray   *diags,
                      const guint  counts[3])
{
  /* In mv_diagnose()'s order, the window's: errors first, by address. */
  for (guint i = 0; i < diags->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diags, i);
      g_autofree char *range = d->has_range ? mv_cli_range_text (d->range.start, d->range.end)
                                            : NULL;

      g_print ("%s: %s%s%s\n  %s\n  [%s]\n", mv_severity_name (d->severity),
               range ? range : "", range && d->registers ? "  " : "",
               d->registers ? d->registers : "", d->message, d->reference);
    }
  print_counts (counts, diags->len ? "\n" : "", "");
}

static void
print_range_line (const char    *kind,
                  const MvRange *r,
                  const char    *extra)
{
  g_autofree char *size = mv_format_size (mv_range_len (r));

  g_print ("  %-9s 0x%012" G_GINT64_MODIFIER "x-0x%012" G_GINT64_MODIFIER "x  %12s%s%s\n",
           kind, r->start, r->end, size, extra ? "  " : "", extra ? extra : "");
}

void
mv_print_layout (const MvLayout *l,
                 GArray         *probes,
                 const char     *source)
{
  g_autofree char *ram = mv_format_size (mv_layout_ram_size (l));
  g_autofree char *eor = mv_format_hex (mv_layout_end_of_ram (l));
  g_autofree char *eol = mv_format_hex (mv_layout_end_of_layout (l));
  guint64 below;

  if (source != NULL)
    g_print ("%s\n\n", source);

  g_print ("Memory layout (%s of RAM, end of RAM %s, end of layout %s)\n", ram, eor, eol);

  /* One sorted listing of everything: each list is sorted and the lists
   * are apart, so a merge that keeps a place in each list. */
  {
    GArray *lists[] = { l->mmio, l->pci_ecam, l->pci_mmio };
    const char *names[] = { "MMIO", "PCI ECAM", "PCI MMIO" };
    guint at[G_N_ELEMENTS (lists)] = { 0 };
    gboolean numbered = l->ram->len > 1 || g_array_index (l->ram, MvRamRange, 0).vnode != 0;
    gboolean vtl2_left = l->has_vtl2 && !mv_range_is_empty (&l->vtl2);
    guint ri = 0;
    guint64 pos = 0;

    for (;;)
      {
        const MvRange *best = NULL;
        const char *kind = NULL;
        g_autofree char *node = NULL;

        if (ri < l->ram->len)
          {
            best = &g_array_index (l->ram, MvRamRange, ri).range;
            kind = "RAM";
          }
        for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
          {
            const MvRange *r = NULL;

            /* The first non-empty range of the list starting at or past pos. */
            for (; at[k] < lists[k]->len; at[k]++)
              {
                r = &g_array_index (lists[k], MvRange, at[k]);
                if (r->start >= pos && !mv_range_is_empty (r))
                  break;
              }
            if (at[k] < lists[k]->len && (best == NULL || r->start < best->start))
              {
                best = r;
                kind = names[k];
              }
          }
        if (vtl2_left && l->vtl2.start >= pos && (best == NULL || l->vtl2.start < best->start))
          {
            best = &l->vtl2;
            kind = "VTL2";
          }
        if (best == NULL)
          break;
        if (best == &l->vtl2)
          vtl2_left = FALSE;
        if (kind[0] == 'R')
          {
            if (numbered)
              node = g_strdup_printf ("vnode %u", g_array_index (l->ram, MvRamRange, ri).vnode);
            ri++;
          }
        print_range_line (kind, best, node);
        pos = best->end;
        if (best->end == best->start)
          break;
      }
  }

  if (mv_layout_max_ram_below_4gb (l, &below))
    g_print ("  max RAM below 4 GiB: 0x%" G_GINT64_MODIFIER "x\n", below);
  else
    g_print ("  no RAM ends below 4 GiB\n");

  if (mv_layout_shortfall (l) > 0)
    {
      g_autofree char *asked = mv_format_size (l->requested_ram);
      g_autofree char *placed = mv_format_size (mv_layout_ram_size (l));
      g_printerr ("%s: warning: only %s of the %s of RAM asked for fit below the top "
                  "of the address space (upstream silently places less)\n", program_name (), placed, asked);
    }

  for (guint i = 0; probes != NULL && i < probes->len; i++)
    {
      guint64 addr = g_array_index (probes, guint64, i);
      const char *type = mv_address_type_name (mv_layout_probe_address (l, addr));

      g_print ("  probe 0x%" G_GINT64_MODIFIER "x: %s\n", addr, type ? type : "not in the layout");
    }
}

void
mv_print_page_map (const MvRecorder *rec)
{
  g_print ("  %-37s %10s  %-20s %-12s %s\n", "GPA range", "pages", "tag", "acceptance", "contents");
  for (guint i = 0; i < rec->page_map->len; i++)
    {
      const MvPageRun *run = &g_array_index (rec->page_map, MvPageRun, i);
      g_autofree char *range = NULL;
      GString *notes = g_string_new ((run->flags & MV_PAGE_DATA) ? "data" : "zero");

      /* The last page ends at 2^64, which 64 bits do not hold. */
      if (run->page_base < MV_PAGE_LIMIT && run->page_count == MV_PAGE_LIMIT - run->page_base)
        range = g_strdup_printf ("0x%012" G_GINT64_MODIFIER "x-0x10000000000000000",
                                 run->page_base * MV_PAGE_SIZE);
      else if (run->page_base < MV_PAGE_LIMIT && run->page_count < MV_PAGE_LIMIT - run->page_base)
        range = g_strdup_printf ("0x%012" G_GINT64_MODIFIER "x-0x%012" G_GINT64_MODIFIER "x",
                                 run->page_base * MV_PAGE_SIZE,
                                 (run->page_base + run->page_count) * MV_PAGE_SIZE);
      else
        range = g_strdup_printf ("page 0x%" G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER "x",
                                 run->page_base, run->page_count);
      if (run->flags & MV_PAGE_OVERLAP)
        g_string_append (notes, "  ERROR: overlaps an earlier import");
      if (run->flags & MV_PAGE_BEYOND)
        g_string_append (notes, "  ERROR: runs past the end of the address space");
      if (run->flags & MV_PAGE_OVERSIZE)
        g_string_append (notes, "  ERROR: more data than the pages hold");
      g_print ("  %-37s %10" G_GUINT64_FORMAT "  %-20s %-12s %s\n", range, run->page_count,
               run->tag, mv_acceptance_to_string (run->acceptance), notes->str);
      g_string_free (notes, TRUE);
    }
}
