/* SPDX-License-Identifier: MIT */
/* IGVM files: what is wrong with them, one sentence each. What the walk
 * found (unaligned GPAs, unknown headers and masks), then overlapping
 * pages per platform, VMSA pages that are data pages too, parameter areas
 * never inserted and, over a memory layout, pages outside its RAM or in
 * its MMIO gaps. Sized by runs, never by pages. */
#include "config.h"

#include "mv-igvm.h"
#include "mv-igvm-private.h"

static char *
platform_text (const MvIgvmFile *file,
               guint32           mask)
{
  const MvIgvmPlatform *p = mv_igvm_file_platform (file, mask);

  if (p != NULL)
    return g_strdup_printf ("platform 0x%x (%s)", mask, mv_igvm_platform_type_name (p->type));
  return g_strdup_printf ("mask 0x%x", mask);
}

static const char *
run_text (const MvIgvmRun *run)
{
  switch (run->kind)
    {
    case MV_IGVM_PAGE_PARAMETER: return "a parameter area";
    case MV_IGVM_PAGE_VMSA: return "a VMSA page";
    default: return "page data";
    }
}

/* Overlaps among the runs that apply to @bit; touching ones merge. */
static void
overlaps_for (MvIgvmFile *file,
              guint32     bit)
{
  const MvIgvmRun *reach = NULL;   /* the run that reaches furthest */
  MvIgvmDiagnostic *last = NULL;
  g_autofree char *platform = platform_text (file, bit);

  for (guint i = 0; i < file->runs->len; i++)
    {
      const MvIgvmRun *run = &g_array_index (file->runs, MvIgvmRun, i);
      MvRange both;
      gboolean vmsa;

      if ((run->mask & bit) == 0)
        continue;
      if (reach == NULL || run->range.start >= reach->range.end)
        {
          if (reach == NULL || run->range.end > reach->range.end)
            reach = run;
          continue;
        }
      both.start = run->range.start;
      both.end = MIN (run->range.end, reach->range.end);
      vmsa = (run->kind == MV_IGVM_PAGE_VMSA) != (reach->kind == MV_IGVM_PAGE_VMSA);
      if (last != NULL && last->range.end >= both.start &&
          last->kind == (vmsa ? MV_IGVM_DIAG_VMSA_DATA : MV_IGVM_DIAG_OVERLAP))
        {
          last->range.end = MAX (last->range.end, both.end);
        }
      else if (vmsa)
        {
          last = _mv_igvm_diagnostic_new (MV_IGVM_DIAG_VMSA_DATA, MV_SEVERITY_ERROR, bit, &both,
                           g_strdup_printf ("For %s the VMSA page at 0x%" G_GINT64_MODIFIER "x is also "
                                            "a data page, so the VP state and the data overwrite each other.",
                                            platform, both.start));
          g_ptr_array_add (file->diagnostics, last);
        }
      else
        {
          last = _mv_igvm_diagnostic_new (MV_IGVM_DIAG_OVERLAP, MV_SEVERITY_ERROR, bit, &both,
                           g_strdup_printf ("For %s, %s at 0x%" G_GINT64_MODIFIER "x overlaps %s "
                                            "imported before it, so one overwrites the other.",
                                            platform, run_text (run), both.start, run_text (reach)));
          g_ptr_array_add (file->diagnostics, last);
        }
      if (run->range.end > reach->range.end)
        reach = run;
    }
}

static gboolean
gap_hit (const GArray  *gaps,
         const MvRange *r,
         MvRange       *hit)
{
  if (gaps == NULL)
    return FALSE;
  for (guint i = 0; i < gaps->len; i++)
    {
      const MvRange *g = &g_array_index (gaps, MvRange, i);

      if (g->start < r->end && r->start < g->end)
        {
          hit->start = MAX (g->start, r->start);
          hit->end = MIN (g->end, r->end);
          return TRUE;
        }
    }
  return FALSE;
}

/* The first part of @r that no RAM range covers. */
static gboolean
ram_miss (const MvLayout *layout,
          const MvRange  *r,
          MvRange        *miss)
{
  guint64 pos = r->start;

  for (guint i = 0; i < layout->ram->len && pos < r->end; i++)
    {
      const MvRange *ram = &g_array_index (layout->ram, MvRamRange, i).range;

      if (ram->end <= pos)
        continue;
      if (ram->start > pos)
        break;
      pos = ram->end;
    }
  if (pos >= r->end)
    return FALSE;
  miss->start = pos;
  miss->end = r->end;
  for (guint i = 0; i < layout->ram->len; i++)
    {
      const MvRange *ram = &g_array_index (layout->ram, MvRamRange, i).range;

      if (ram->start > pos && ram->start < miss->end)
        miss->end = ram->start;
    }
  return TRUE;
}

static void
layout_checks (MvIgvmFile     *file,
               const MvLayout *layout)
{
  static const char *const gap_names[] = { "MMIO gap", "PCI ECAM gap", "PCI MMIO gap" };
  const GArray *gaps[] = { layout->mmio, layout->pci_ecam, layout->pci_mmio };

  for (guint i = 0; i < file->runs->len; i++)
    {
      const MvIgvmRun *run = &g_array_index (file->runs, MvIgvmRun, i);
      g_autofree char *platform = platform_text (file, run->mask);
      MvRange hit;
      gboolean in_gap = FALSE;

      for (guint g = 0; g < G_N_ELEMENTS (gaps); g++)
        if (gap_hit (gaps[g], &run->range, &hit))
          {
            g_ptr_array_add (file->diagnostics,
                             _mv_igvm_diagnostic_new (MV_IGVM_DIAG_IN_MMIO, MV_SEVERITY_ERROR, run->mask, &hit,
                                       g_strdup_printf ("For %s, %s at 0x%" G_GINT64_MODIFIER "x lies "
                                                        "in the layout's %s, where no RAM can hold it.",
                                                        platform, run_text (run), hit.start,
                                                        gap_names[g])));
            in_gap = TRUE;
            break;
          }
      if (!in_gap && ram_miss (layout, &run->range, &hit))
        g_ptr_array_add (file->diagnostics,
                         _mv_igvm_diagnostic_new (MV_IGVM_DIAG_OUTSIDE_RAM, MV_SEVERITY_ERROR, run->mask, &hit,
                                   g_strdup_printf ("For %s, %s at 0x%" G_GINT64_MODIFIER "x lies "
                                                    "outside the layout's RAM.",
                                                    platform, run_text (run), hit.start)));
    }
}

static int
diagnostic_order (gconstpointer a,
                  gconstpointer b)
{
  const MvIgvmDiagnostic *x = *(MvIgvmDiagnostic **) a;
  const MvIgvmDiagnostic *y = *(MvIgvmDiagnostic **) b;

  return mv_diagnostic_order (x->severity, x->has_range, x->range.start, x->range.end,
                              y->severity, y->has_range, y->range.start, y->range.end);
}

void
mv_igvm_diagnose (MvIgvmFile     *file,
                  const MvLayout *layout)
{
  guint32 bits = 0;

  g_return_if_fail (file != NULL);

  g_ptr_array_set_size (file->diagnostics, 0);
  for (guint i = 0; i < file->read_findings->len; i++)
    {
      const MvIgvmDiagnostic *f = g_ptr_array_index (file->read_findings, i);

      g_ptr_array_add (file->diagnostics,
                       _mv_igvm_diagnostic_new (f->kind, f->severity, f->mask, f->has_range ? &f->range : NULL,
                                 g_strdup (f->message)));
    }

  for (guint i = 0; i < file->platforms->len; i++)
    bits |= g_array_index (file->platforms, MvIgvmPlatform, i).mask;
  for (guint i = 0; i < file->runs->len; i++)
    bits |= g_array_index (file->runs, MvIgvmRun, i).mask;
  for (guint b = 0; b < 32; b++)
    if (bits & (1u << b))
      overlaps_for (file, 1u << b);

  for (guint i = 0; i < file->parameter_areas->len; i++)
    {
      const MvIgvmParameterArea *a = &g_array_index (file->parameter_areas, MvIgvmParameterArea, i);

      if (a->n_inserts == 0)
        g_ptr_array_add (file->diagnostics,
                         _mv_igvm_diagnostic_new (MV_IGVM_DIAG_NOT_INSERTED, MV_SEVERITY_WARNING, 0, NULL,
                                   g_strdup_printf ("Parameter area %u (0x%" G_GINT64_MODIFIER "x bytes, "
                                                    "%u parameter%s) is never inserted, so the guest "
                                                    "never sees it.", a->index, a->number_of_bytes,
                                                    a->n_usages, a->n_usages == 1 ? "" : "s")));
    }

  if (layout != NULL)
    layout_checks (file, layout);

  g_ptr_array_sort (file->diagnostics, diagnostic_order);
}

gboolean
mv_igvm_diagnostics_have_errors (const MvIgvmFile *file)
{
  g_return_val_if_fail (file != NULL, FALSE);

  for (guint i = 0; i < file->diagnostics->len; i++)
    {
      const MvIgvmDiagnostic *d = g_ptr_array_index (file->diagnostics, i);

      if (d->severity == MV_SEVERITY_ERROR)
        return TRUE;
    }
  return FALSE;
}
