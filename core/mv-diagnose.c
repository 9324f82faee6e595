/* SPDX-License-Identifier: MIT */
/* What is wrong or surprising in an MTRR state, alone and against a
 * layout: reserved bits and types, misaligned bases, non-contiguous masks,
 * undefined overlaps, pairs beyond VCNT, RAM not write-back, MMIO cached,
 * memory the guest is not given cached; each with its SDM rule. */
#include "mv-effective.h"
#include "mv-effective-private.h"

#include "mv-mtrr.h"
#include "mv-parse.h"

/* ---- Diagnostics ---- */

#define DIAG_MAP_LIMIT      65536  /* ranges examined for undefined overlaps */
#define DIAG_WINDOW_LIMIT   4096   /* ranges examined per layout range */
#define DIAG_RUNS_PER_RANGE 8      /* diagnostics per layout range */

#define REF_RANGES   "Intel SDM vol. 3A 11.11.2.3 and 11.11.4: a pair matches the addresses where (addr & PhysMask) == (PhysBase & PhysMask); a range must be 2^n bytes aligned on 2^n"
#define REF_RESERVED "Intel SDM vol. 3A 11.11.2: reserved bits and bits above MAXPHYADDR must be 0; WRMSR with any of them set raises #GP"
#define REF_TYPES    "Intel SDM vol. 3A 11.11 (Table 11-8): MTRR types are UC 0, WC 1, WT 4, WP 5, WB 6; 2, 3 and 7-255 are reserved and WRMSR with them raises #GP"
#define REF_RAM      "Intel SDM vol. 3A 11.3: only WB (and WT/WP) memory is cached; RAM left UC is accessed at memory speed on every access"
#define REF_HOLE     "Intel SDM vol. 3A 11.3: write-back memory may be read speculatively and its lines cached; memory the guest is not given should have the default type (UC)"
#define REF_MMIO     "Intel SDM vol. 3A 11.3: memory-mapped I/O must be UC (WC for frame buffers); cached device accesses can be stale, merged or speculative"

void
mv_diagnostic_free (MvDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;
  g_free (diagnostic->registers);
  g_free (diagnostic->message);
  g_free (diagnostic->reference);
  g_free (diagnostic);
}

/* Takes @registers and @message. */
static void
add_diag (GPtrArray        *out,
          MvDiagnosticKind  kind,
          MvSeverity        severity,
          const MvRange    *range,
          char             *registers,
          const char       *reference,
          char             *message)
{
  MvDiagnostic *d = g_new0 (MvDiagnostic, 1);

  d->kind = kind;
  d->severity = severity;
  if (range != NULL)
    {
      d->has_range = TRUE;
      d->range = *range;
    }
  d->registers = registers;
  d->message = message;
  d->reference = g_strdup (reference);
  d->id = out->len + 1;
  g_ptr_array_add (out, d);
}

static void
check_def_type (const MvMtrrState *state,
                GPtrArray         *out)
{
  guint type = (guint) (state->def_type & MV_MTRR_DEF_TYPE_TYPE_MASK);
  guint64 reserved = state->def_type & ~(MV_MTRR_DEF_TYPE_TYPE_MASK | MV_MTRR_DEF_TYPE_FE
                                         | MV_MTRR_DEF_TYPE_E);

  if ((state->def_type & MV_MTRR_DEF_TYPE_E) == 0)
    add_diag (out, MV_DIAG_DISABLED, MV_SEVERITY_WARNING, NULL, g_strdup (DEF_TYPE),
              "Intel SDM vol. 3A 11.11.2.1 and 11.11.4.1: with E clear all of physical memory is UC",
              g_strdup_printf ("MTRRs are disabled (MtrrDefType = 0x%" G_GINT64_MODIFIER "x has E, "
                               "bit 11, clear): every address is uncached, RAM included, so the "
                               "guest runs very slowly.", state->def_type));

  if (mv_mem_type_is_reserved (type))
    add_diag (out, MV_DIAG_RESERVED_TYPE, MV_SEVERITY_ERROR, NULL, g_strdup (DEF_TYPE),
              REF_TYPES,
              g_strdup_printf ("The default type in MtrrDefType is %u, a reserved encoding: a CPU "
                               "refuses the write (#GP), and what memory without a matching pair "
                               "gets is unknown.", type));

  if (reserved != 0)
    add_diag (out, MV_DIAG_RESERVED_BITS, MV_SEVERITY_ERROR, NULL, g_strdup (DEF_TYPE),
              REF_RESERVED,
              g_strdup_printf ("MtrrDefType = 0x%" G_GINT64_MODIFIER "x sets reserved bits "
                               "0x%" G_GINT64_MODIFIER "x (only bits 7:0, 10 and 11 are defined): "
                               "a CPU refuses the write (#GP).", state->def_type, reserved));
}

static void
check_fixed (const MvMtrrState *state,
             GPtrArray         *out)
{
  for (guint i = 0; i < MV_MTRR_N_FIXED; i++)
    {
      guint64 unit = mv_mtrr_fixed_unit (i);
      guint64 start = mv_mtrr_fixed_start (i);
      int first = -1, last = -1;
      GString *types = g_string_new (NULL);
      MvRange range;

      for (guint b = 0; b < 8; b++)
        {
          guint t = (guint) ((state->fixed[i] >> (8 * b)) & 0xff);

          if (!mv_mem_type_is_reserved (t))
            continue;
          if (first < 0)
            first = (int) b;
          last = (int) b;
          g_string_append_printf (types, "%s%u (byte %u)", types->len ? ", " : "", t, b);
        }
      if (first < 0)
        {
          g_string_free (types, TRUE);
          continue;
        }
      range.start = start + (guint64) first * unit;
      range.end = start + (guint64) (last + 1) * unit;
      add_diag (out, MV_DIAG_RESERVED_TYPE, MV_SEVERITY_ERROR, &range,
                g_strdup (mv_mtrr_fixed_name (i)), REF_TYPES,
                g_strdup_printf ("%s = 0x%016" G_GINT64_MODIFIER "x holds the reserved type "
                                 "encoding(s) %s: a CPU refuses the write (#GP), and the type of "
                                 "these addresses is unknown.", mv_mtrr_fixed_name (i),
                                 state->fixed[i], types->str));
      g_string_free (types, TRUE);
    }
}

static void
check_pair (const MvMtrrState    *state,
            const MvMtrrPairInfo *info,
            GPtrArray            *out)
{
  g_autofree char *name = mv_mtrr_pair_name (info->n);
  const MvRange *span = info->valid ? &info->matched_span : NULL;

  if (mv_mem_type_is_reserved (info->type))
    add_diag (out, MV_DIAG_RESERVED_TYPE, MV_SEVERITY_ERROR, span, g_strdup (name), REF_TYPES,
              g_strdup_printf ("MtrrPhysBase%u = 0x%" G_GINT64_MODIFIER "x has type %u, a reserved "
                               "encoding: a CPU refuses the write (#GP), and the type of the range "
                               "is unknown.", info->n, info->base, info->type));

  if (info->base_reserved != 0 || info->mask_reserved != 0)
    add_diag (out, MV_DIAG_RESERVED_BITS, MV_SEVERITY_ERROR, span, g_strdup (name), REF_RESERVED,
              g_strdup_printf ("%s sets reserved bits (base 0x%" G_GINT64_MODIFIER "x in bits 11:8, "
                               "mask 0x%" G_GINT64_MODIFIER "x in bits 10:0): a CPU refuses the "
                               "write (#GP).", name, info->base_reserved, info->mask_reserved));

  if (info->base_above_width != 0 || info->mask_above_width != 0)
    add_diag (out, MV_DIAG_BITS_ABOVE_WIDTH, MV_SEVERITY_ERROR, span, g_strdup (name), REF_RESERVED,
              g_strdup_printf ("%s sets bits at or above MAXPHYADDR = %u (base "
                               "0x%" G_GINT64_MODIFIER "x, mask 0x%" G_GINT64_MODIFIER "x): a CPU "
                               "with this address width refuses the write (#GP); this analysis "
                               "ignores those bits.", name, state->width,
                               info->base_above_width, info->mask_above_width));

  if (!info->valid)
    return;

  if (info->ignored_base_bits != 0)
    {
      g_autofree char *size = mv_format_size (info->block_size);
      g_autofree char *matched = _mv_range_text (info->matched[0].start, info->matched[0].end);

      if (info->has_programmed)
        {
          g_autofree char *programmed = _mv_range_text (info->programmed.start, info->programmed.end);

          add_diag (out, MV_DIAG_MISALIGNED_BASE, MV_SEVERITY_WARNING, &info->matched_span,
                    g_strdup (name), REF_RANGES,
                    g_strdup_printf ("%s is programmed at 0x%" G_GINT64_MODIFIER "x, which is not a "
                                     "multiple of the %s its mask describes, so the CPU ignores the "
                                     "base's low bits and the pair matches %s, not %s as /proc/mtrr "
                                     "suggests.", name, info->phys_base, size, matched, programmed));
        }
      else
        {
          add_diag (out, MV_DIAG_MISALIGNED_BASE, MV_SEVERITY_WARNING, &info->matched_span,
                    g_strdup (name), REF_RANGES,
                    g_strdup_printf ("%s's base 0x%" G_GINT64_MODIFIER "x has bits "
                                     "0x%" G_GINT64_MODIFIER "x where the mask is clear: the CPU "
                                     "ignores them, so the pair matches from %s on, not from the "
                                     "base.", name, info->phys_base, info->ignored_base_bits,
                                     matched));
        }
    }

  if (!info->contiguous)
    {
      g_autofree char *size = mv_format_size (info->block_size);
      g_autofree char *first = _mv_range_text (info->matched[0].start, info->matched[0].end);

      add_diag (out, MV_DIAG_NONCONTIGUOUS_MASK, MV_SEVERITY_WARNING, &info->matched_span,
                g_strdup (name), REF_RANGES,
                g_strdup_printf ("%s has a non-contiguous mask 0x%" G_GINT64_MODIFIER "x: it matches "
                                 "%" G_GUINT64_FORMAT " separate ranges of %s (the first %s), not "
                                 "one range, which Linux and most tools misreport.", name,
                                 info->phys_mask, info->n_matched, size, first));
    }

  if (info->phys_mask == 0)
    add_diag (out, MV_DIAG_MATCHES_EVERYTHING, MV_SEVERITY_WARNING, &info->matched_span,
              g_strdup (name), REF_RANGES,
              g_strdup_printf ("%s's mask 0x%" G_GINT64_MODIFIER "x is the valid bit alone: it "
                               "compares no address bit, so the pair matches every address and "
                               "makes all memory %s unless another pair overrides it.", name,
                               info->mask, mv_mem_type_name (info->type)));
}

static void
check_pairs (const MvMtrrState *state,
             GPtrArray         *out)
{
  guint vcnt = mv_mtrr_state_get_vcnt (state);
  guint extra = 0, first_extra = 0;
  gboolean uses_wc = (state->def_type & MV_MTRR_DEF_TYPE_TYPE_MASK) == MV_MEM_TYPE_WC;

  for (guint n = 0; n < state->pairs->len; n++)
    {
      const MvMtrrPair *p = &g_array_index (state->pairs, MvMtrrPair, n);
      MvMtrrPairInfo info;

      if (n >= vcnt)
        {
          if ((p->base != 0 || p->mask != 0) && extra++ == 0)
            first_extra = n;
          continue;
        }
      mv_mtrr_pair_decode (state, n, &info);
      check_pair (state, &info, out);
      if (info.valid && info.type == MV_MEM_TYPE_WC)
        uses_wc = TRUE;
    }

  if (extra > 0)
    add_diag (out, MV_DIAG_TOO_MANY_PAIRS, MV_SEVERITY_ERROR, NULL,
              g_strdup_printf ("MtrrPhysBase%u/MtrrPhysMask%u", first_extra, first_extra),
              "Intel SDM vol. 3A 11.11.1: IA32_MTRRCAP.VCNT is the number of variable pairs; "
              "the MSRs of pairs beyond it do not exist",
              g_strdup_printf ("%u variable pair(s) from pair %u on are set, but VCNT is %u: the CPU "
                               "has no such registers (writing them raises #GP), so they are "
                               "ignored here.", extra, first_extra, vcnt));

  for (guint i = 0; i < MV_MTRR_N_FIXED && (state->def_type & MV_MTRR_DEF_TYPE_FE); i++)
    {
      for (guint b = 0; b < 8; b++)
        if (((state->fixed[i] >> (8 * b)) & 0xff) == MV_MEM_TYPE_WC)
          uses_wc = TRUE;
    }

  if ((state->def_type & MV_MTRR_DEF_TYPE_FE) && !(state->cap & MV_MTRR_CAP_FIX))
    add_diag (out, MV_DIAG_CAPABILITY, MV_SEVERITY_WARNING, NULL, g_strdup (DEF_TYPE),
              "Intel SDM vol. 3A 11.11.1: the fixed-range MTRRs exist only when IA32_MTRRCAP.FIX is set",
              g_strdup_printf ("FE is set in MtrrDefType but IA32_MTRRCAP = 0x%" G_GINT64_MODIFIER "x "
                               "does not announce fixed ranges (FIX, bit 8): the CPU has no fixed "
                               "registers to use below 1 MiB.", state->cap));

  if (uses_wc && !(state->cap & MV_MTRR_CAP_WC))
    add_diag (out, MV_DIAG_CAPABILITY, MV_SEVERITY_WARNING, NULL, NULL,
              "Intel SDM vol. 3A 11.11.1: WC is supported only when IA32_MTRRCAP.WC is set",
              g_strdup_printf ("WC is used but IA32_MTRRCAP = 0x%" G_GINT64_MODIFIER "x does not "
                               "announce it (WC, bit 10): the CPU refuses the type.", state->cap));
}

/* The deciding registers of a run of ranges, without repeats. */
static void
add_deciders (GPtrArray              *names,
              const MvEffectiveRange *r)
{
  g_autofree char *name = NULL;

  switch (r->rule)
    {
    case MV_EFFECTIVE_RULE_DISABLED:
    case MV_EFFECTIVE_RULE_DEFAULT:
      name = g_strdup (DEF_TYPE);
      break;
    case MV_EFFECTIVE_RULE_FIXED:
      name = g_strdup (mv_mtrr_fixed_name (r->fixed_index));
      break;
    default:
      for (guint n = 0; n < 256; n++)
        {
          if (mv_pair_set_contains (&r->pairs, n))
            {
              g_autofree char *pair = mv_mtrr_pair_name (n);

              if (!g_ptr_array_find_with_equal_func (names, pair, g_str_equal, NULL))
                g_ptr_array_add (names, g_steal_pointer (&pair));
            }
        }
      return;
    }
  if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
    g_ptr_array_add (names, g_steal_pointer (&name));
}

static char *
join_names (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

typedef gboolean (*BadTypeFunc) (guint type);

static gboolean
not_wb (guint type)
{
  return type != MV_MEM_TYPE_WB;
}

static gboolean
is_wb (guint type)
{
  return type == MV_MEM_TYPE_WB;
}

static gboolean
cached (guint type)
{
  return type == MV_MEM_TYPE_WB || type == MV_MEM_TYPE_WT || type == MV_MEM_TYPE_WP;
}

/* What a window of the layout holds, and so which types are wrong there. */
typedef enum
{
  WINDOW_RAM,     /* RAM: not WB is slow */
  WINDOW_DEVICE,  /* MMIO, PCI, VTL2: cached is a hazard */
  WINDOW_HOLE,    /* below the end of the layout, in no range: WB is wrong */
} WindowKind;

/* Emits one diagnostic per maximal run of ranges in @window whose type
 * is wrong for what the window holds. */
static void
check_window (const MvMtrrState *state,
              MvRange            window,
              const char        *what,
              WindowKind         kind,
              GPtrArray         *out)
{
  guint64 limit = mv_mtrr_state_address_limit (state);
  g_autoptr(MvEffectiveMap) map = NULL;
  gboolean is_ram = kind == WINDOW_RAM;
  BadTypeFunc bad = is_ram ? not_wb : kind == WINDOW_HOLE ? is_wb : cached;
  guint runs = 0;

  if (window.end > limit && kind != WINDOW_HOLE)
    {
      MvRange above = { MAX (window.start, limit), window.end };

      add_diag (out, is_ram ? MV_DIAG_RAM_NOT_WB : MV_DIAG_MMIO_CACHED, MV_SEVERITY_WARNING,
                &above, NULL, "Intel SDM vol. 3A 11.11.2.3: MTRRs describe addresses below MAXPHYADDR only",
                g_strdup_printf ("%s [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) lies at "
                                 "or above the %u-bit physical address space: the CPU cannot reach "
                                 "it and no MTRR describes it.", what, above.start, above.end,
                                 state->width));
      window.end = limit;
    }
  if (window.start >= window.end)
    return;

  map = mv_effective_map_new (state, window.start, window.end, DIAG_WINDOW_LIMIT, MV_PAT_NONE);
  for (guint i = 0; i < map->ranges->len && runs < DIAG_RUNS_PER_RANGE; i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
      g_autoptr(GPtrArray) names = NULL;
      g_autoptr(GPtrArray) types = NULL;
      g_autofree char *registers = NULL;
      g_autofree char *type_list = NULL;
      MvRange run;

      if (!bad (r->type))
        continue;

      names = g_ptr_array_new_with_free_func (g_free);
      types = g_ptr_array_new ();
      run = r->range;
      for (; i < map->ranges->len; i++)
        {
          const MvEffectiveRange *s = &g_array_index (map->ranges, MvEffectiveRange, i);
          const char *tn = mv_mem_type_name (s->type);

          if (!bad (s->type))
            break;
          run.end = s->range.end;
          add_deciders (names, s);
          if (!g_ptr_array_find (types, tn, NULL))
            g_ptr_array_add (types, (gpointer) tn);
        }
      registers = join_names (names);
      g_ptr_array_add (types, NULL);
      type_list = g_strjoinv ("/", (char **) types->pdata);
      runs++;

      if (kind == WINDOW_HOLE)
        add_diag (out, MV_DIAG_HOLE_WB, MV_SEVERITY_WARNING, &run, g_strdup (registers),
                  REF_HOLE,
                  g_strdup_printf ("[0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) is "
                                   "memory the guest is not given (no RAM, MMIO, PCI or VTL2 range), "
                                   "yet it is write-back because of %s: the CPU may read and cache "
                                   "it speculatively.", run.start, run.end, registers));
      else if (is_ram)
        add_diag (out, MV_DIAG_RAM_NOT_WB, MV_SEVERITY_WARNING, &run, g_strdup (registers),
                  REF_RAM,
                  g_strdup_printf ("RAM [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) is "
                                   "%s, not write-back (decided by %s): the guest runs slowly "
                                   "from this memory.", run.start, run.end, type_list, registers));
      else
        add_diag (out, MV_DIAG_MMIO_CACHED, MV_SEVERITY_ERROR, &run, g_strdup (registers),
                  REF_MMIO,
                  g_strdup_printf ("%s [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) is "
                                   "%s because of %s: device accesses there may be cached, merged "
                                   "or reordered, a correctness hazard.", what, run.start, run.end,
                                   type_list, registers));
    }

  if (map->truncated || runs >= DIAG_RUNS_PER_RANGE)
    add_diag (out, MV_DIAG_INCOMPLETE, MV_SEVERITY_NOTE, &window, NULL,
              "memviz: the analysis of one range stops after a fixed number of results",
              g_strdup_printf ("%s [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) has too "
                               "many differently typed pieces to list them all: only the first are "
                               "reported.", what, window.start, window.end));
}

static void
check_undefined (const MvMtrrState *state,
                 GPtrArray         *out)
{
  g_autoptr(MvEffectiveMap) map = mv_effective_map_new (state, 0, G_MAXUINT64, DIAG_MAP_LIMIT,
                                                        MV_PAT_NONE);
  guint reported = 0;

  for (guint i = 0; i < map->ranges->len; i++)
    {
      const MvEffectiveRange *r = &g_array_index (map->ranges, MvEffectiveRange, i);
      g_autoptr(GPtrArray) names = NULL;
      g_autofree char *registers = NULL;
      MvRange run;

      if (r->rule != MV_EFFECTIVE_RULE_UNDEFINED)
        continue;
      names = g_ptr_array_new_with_free_func (g_free);
      run = r->range;
      for (; i < map->ranges->len; i++)
        {
          const MvEffectiveRange *s = &g_array_index (map->ranges, MvEffectiveRange, i);

          if (s->rule != MV_EFFECTIVE_RULE_UNDEFINED)
            break;
          run.end = s->range.end;
          add_deciders (names, s);
        }
      registers = join_names (names);

      if (reported++ < DIAG_RUNS_PER_RANGE)
        add_diag (out, MV_DIAG_UNDEFINED_OVERLAP, MV_SEVERITY_ERROR, &run, g_strdup (registers),
                  REF_PRECEDENCE,
                  g_strdup_printf ("[0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x) is matched "
                                   "by %s with types the SDM gives no precedence for (only "
                                   "\"UC wins\" and \"WT wins over WB\" are defined): the memory "
                                   "type there is undefined.", run.start, run.end, registers));
    }

  if (map->truncated || reported > DIAG_RUNS_PER_RANGE)
    add_diag (out, MV_DIAG_INCOMPLETE, MV_SEVERITY_NOTE, NULL, NULL,
              "memviz: the overlap check stops after a fixed number of ranges",
              g_strdup_printf ("The effective map has more than %u ranges or undefined overlaps "
                               "(non-contiguous masks): only the first are checked for "
                               "undefined overlaps.", map->truncated ? DIAG_MAP_LIMIT : reported));
}

static gint
range_cmp (gconstpointer a,
           gconstpointer b)
{
  const MvRange *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

/* The addresses below the end of the layout that no range holds: the
 * guest is not given them, so write-back there is wrong (OpenVMM's pairs
 * cover from 0 up to the end of RAM's power of two, over such holes). */
static void
check_holes (const MvMtrrState *state,
             const MvLayout    *layout,
             GPtrArray         *out)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (MvRange));
  GArray *lists[] = { layout->mmio, layout->pci_ecam, layout->pci_mmio };
  guint64 top = MIN (mv_layout_end_of_layout (layout), mv_mtrr_state_address_limit (state));
  guint64 pos = 0;

  for (guint i = 0; i < layout->ram->len; i++)
    g_array_append_val (all, g_array_index (layout->ram, MvRamRange, i).range);
  for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
    for (guint i = 0; lists[k] != NULL && i < lists[k]->len; i++)
      g_array_append_val (all, g_array_index (lists[k], MvRange, i));
  if (layout->has_vtl2)
    g_array_append_val (all, layout->vtl2);
  g_array_sort (all, range_cmp);

  for (guint i = 0; i <= all->len && pos < top; i++)
    {
      guint64 next = i < all->len ? MIN (g_array_index (all, MvRange, i).start, top) : top;

      if (next > pos)
        check_window (state, (MvRange) { pos, next }, "Memory the guest is not given",
                      WINDOW_HOLE, out);
      if (i < all->len)
        pos = MAX (pos, g_array_index (all, MvRange, i).end);
    }
}

static void
check_layout (const MvMtrrState *state,
              const MvLayout    *layout,
              GPtrArray         *out)
{
  static const struct { gsize offset; const char *what; } gaps[] = {
    { G_STRUCT_OFFSET (MvLayout, mmio), "MMIO gap" },
    { G_STRUCT_OFFSET (MvLayout, pci_ecam), "PCI ECAM range" },
    { G_STRUCT_OFFSET (MvLayout, pci_mmio), "PCI MMIO range" },
  };

  for (guint i = 0; i < layout->ram->len; i++)
    check_window (state, g_array_index (layout->ram, MvRamRange, i).range, "RAM", WINDOW_RAM, out);

  for (guint g = 0; g < G_N_ELEMENTS (gaps); g++)
    {
      GArray *ranges = G_STRUCT_MEMBER (GArray *, layout, gaps[g].offset);

      for (guint i = 0; ranges != NULL && i < ranges->len; i++)
        {
          MvRange r = g_array_index (ranges, MvRange, i);

          if (!mv_range_is_empty (&r))
            check_window (state, r, gaps[g].what, WINDOW_DEVICE, out);
        }
    }

  if (layout->has_vtl2 && !mv_range_is_empty (&layout->vtl2))
    check_window (state, layout->vtl2, "VTL2 range", WINDOW_DEVICE, out);

  check_holes (state, layout, out);
}

/**
 * mv_diagnose:
 * @layout: (nullable): the guest's layout, for the RAM and MMIO checks
 *
 * Everything questionable about @state: errors (a CPU would fault, or the
 * result is wrong or undefined), warnings (slow or not what it seems) and
 * notes, in the order mv_diagnostics_sort() gives and numbered in it.
 *
 * Returns: (transfer full) (element-type MvDiagnostic): the diagnostics
 */
GPtrArray *
mv_diagnose (const MvMtrrState *state,
             const MvLayout    *layout)
{
  GPtrArray *out;

  g_return_val_if_fail (state != NULL, NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_diagnostic_free);

  check_def_type (state, out);

  if (state->variable_skipped_for_vtl2)
    add_diag (out, MV_DIAG_VARIABLE_SKIPPED, MV_SEVERITY_NOTE, NULL, NULL,
              "upstream: openvmm_core/src/worker/dispatch.rs sets variable MTRRs only without VTL2",
              g_strdup ("No variable pairs: with VTL2 configured OpenVMM leaves VTL0's variable "
                        "MTRRs to VTL2, so above 1 MiB everything has the default type."));

  if (state->width_asked != state->width)
    add_diag (out, MV_DIAG_WIDTH_CLAMPED, MV_SEVERITY_WARNING, NULL, NULL,
              "upstream: compute_variable_mtrrs clamps physical_address_width to 36..=52",
              g_strdup_printf ("A %u-bit physical address width was asked but %u is used: upstream "
                               "clamps the width to 36..52, so its masks assume MAXPHYADDR = %u, "
                               "which a guest with %u bits would refuse or misread.",
                               state->width_asked, state->width, state->width,
                               state->width_asked));

  check_fixed (state, out);
  check_pairs (state, out);
  check_undefined (state, out);

  if (layout != NULL)
    check_layout (state, layout, out);

  mv_diagnostics_sort (out);
  return out;
}

/**
 * mv_diagnostic_order:
 *
 * The one order diagnostics are listed and numbered in, wherever they
 * are shown (memviz-cli, the Diagnostics page, the map's marks): errors,
 * then warnings, then notes; within each, those about no addresses (the
 * whole state) first, then by address, start then end.
 *
 * Returns: below 0 when a comes first, above 0 when b does, 0 when the
 *   order says nothing (keep them as found)
 */
int
mv_diagnostic_order (MvSeverity a_severity,
                     gboolean   a_has_range,
                     guint64    a_start,
                     guint64    a_end,
                     MvSeverity b_severity,
                     gboolean   b_has_range,
                     guint64    b_start,
                     guint64    b_end)
{
  if (a_severity != b_severity)
    return a_severity > b_severity ? -1 : 1;
  if (a_has_range != b_has_range)
    return a_has_range ? 1 : -1;
  if (a_has_range && a_start != b_start)
    return a_start < b_start ? -1 : 1;
  if (a_has_range && a_end != b_end)
    return a_end < b_end ? -1 : 1;
  return 0;
}

static gint
diagnostic_order (gconstpointer a,
                  gconstpointer b)
{
  const MvDiagnostic *x = *(const MvDiagnostic * const *) a;
  const MvDiagnostic *y = *(const MvDiagnostic * const *) b;
  int order = mv_diagnostic_order (x->severity, x->has_range, x->range.start, x->range.end,
                                   y->severity, y->has_range, y->range.start, y->range.end);

  /* Otherwise in the order they were found. */
  return order != 0 ? order : (x->id > y->id) - (x->id < y->id);
}

/**
 * mv_diagnostics_sort:
 * @diagnostics: (element-type MvDiagnostic): numbered from 1 in the order
 *   they were found
 *
 * Puts @diagnostics in the one order every list and picture shows them
 * in, the order a reader looking for trouble wants: errors, then
 * warnings, then notes; within each, those about the whole state first,
 * then by address (start, then end), then as they were found. Then
 * numbers them from 1 in that order, so that a mark and a row carrying
 * the same number are about the same diagnostic.
 */
void
mv_diagnostics_sort (GPtrArray *diagnostics)
{
  g_return_if_fail (diagnostics != NULL);

  g_ptr_array_sort (diagnostics, diagnostic_order);
  for (guint i = 0; i < diagnostics->len; i++)
    ((MvDiagnostic *) g_ptr_array_index (diagnostics, i))->id = i + 1;
}

/**
 * mv_diagnose_beyond_ram:
 * @diagnostics: (element-type MvDiagnostic): mv_diagnose ()'s list
 * @tag: the import the memory belongs to
 * @what: what @range is, in words
 * @ram_end: where the RAM from @range's start ends
 *
 * Adds a warning for memory a boot loader gives an image beyond the
 * layout's RAM (MvBootBeyondRam), then sorts and numbers the list again.
 */
void
mv_diagnose_beyond_ram (GPtrArray     *diagnostics,
                        const char    *tag,
                        const char    *what,
                        const MvRange *range,
                        guint64        ram_end)
{
  g_return_if_fail (diagnostics != NULL && tag != NULL && what != NULL && range != NULL);

  add_diag (diagnostics, MV_DIAG_BEYOND_RAM, MV_SEVERITY_WARNING, range, NULL,
            "upstream: vm/loader/src/linux.rs load_kernel_and_initrd_x64 places the kernel and "
            "the initrd after it whatever the RAM is, and does not check",
            g_strdup_printf ("%s at 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x (%s) "
                             "lies beyond RAM, which ends at 0x%" G_GINT64_MODIFIER "x: "
                             "OpenVMM places it there without a word, and the guest finds "
                             "no memory there.",
                             tag, range->start, range->end, what, ram_end));
  mv_diagnostics_sort (diagnostics);
}

/**
 * mv_diagnostics_have_errors:
 * @diagnostics: (element-type MvDiagnostic)
 */
gboolean
mv_diagnostics_have_errors (GPtrArray *diagnostics)
{
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      const MvDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (d->severity == MV_SEVERITY_ERROR)
        return TRUE;
    }
  return FALSE;
}
