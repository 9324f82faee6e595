/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-layout.h"
#include "mv-mtrr-state.h"

G_BEGIN_DECLS

/*
 * What an MTRR state does (Intel SDM vol. 3A 11.11): the variable pairs
 * decoded, the effective memory type of every address, one address
 * explained step by step, and diagnostics. Works for any raw state
 * (arbitrary pairs, non-contiguous masks, reserved types, widths 36..52).
 *
 * Only address bits [MAXPHYADDR-1:12] of PhysBase and PhysMask take part in
 * the match `(addr & mask) == (base & mask)`; bits set elsewhere are reported
 * by the diagnostics (a real CPU refuses such values with #GP). Pairs at or
 * above VCNT do not exist on the CPU: they are reported and ignored.
 *
 * Everything is computed from range boundaries: the cost depends on the
 * number of registers and of resulting ranges, never on sizes or widths.
 */

#define MV_EFFECTIVE_ERROR (mv_effective_error_quark ())

typedef enum
{
  MV_EFFECTIVE_ERROR_ADDRESS_TOO_HIGH,
} MvEffectiveError;

GQuark      mv_effective_error_quark   (void);

/* Memory type encodings (SDM Table 11-8 for MTRRs, 11.12 for PAT). A type
 * is a guint: 0..255 is a raw encoding, MV_MEM_TYPE_UNDEFINED is the
 * result of overlapping pairs the SDM leaves undefined. */
#define MV_MEM_TYPE_UC         0u
#define MV_MEM_TYPE_WC         1u
#define MV_MEM_TYPE_WT         4u
#define MV_MEM_TYPE_WP         5u
#define MV_MEM_TYPE_WB         6u
#define MV_MEM_TYPE_UC_MINUS   7u     /* PAT only; reserved in MTRRs */
#define MV_MEM_TYPE_UNDEFINED  0x100u

/* The PAT MSR after reset: WB, WT, UC-, UC, WB, WT, UC-, UC. */
#define MV_PAT_RESET           ((guint64) 0x0007040600070406)
/* No PAT entry: effective types are the MTRR types alone. */
#define MV_PAT_NONE            (-1)

const char *mv_mem_type_name           (guint type);
const char *mv_mem_type_long_name      (guint type);
const char *mv_mem_type_linux_name     (guint type);
gboolean    mv_mem_type_from_linux_name (const char *text,
                                        guint      *out);
gboolean    mv_mem_type_is_reserved    (guint type);
gboolean    mv_mem_type_from_string    (const char *text,
                                        guint      *out);
const char *mv_pat_type_name           (guint pat_type);
gboolean    mv_pat_type_is_reserved    (guint pat_type);
guint       mv_pat_entry               (guint64     pat_msr,
                                        guint       index);
guint       mv_mem_type_combine_pat    (guint       mtrr_type,
                                        guint       pat_type);

char       *mv_format_binary           (guint64     value,
                                        guint       n_bits);

/* ---- Decoding one variable pair ---- */

#define MV_MTRR_PAIR_N_SHOWN 4

/**
 * MvMtrrPairInfo:
 * @n: the pair number
 * @width: MAXPHYADDR of the state it was decoded from
 * @base: raw PhysBase
 * @mask: raw PhysMask
 * @implemented: @n is below VCNT (the CPU has this pair)
 * @valid: the V bit (11) of the mask is set
 * @type: PhysBase bits 7:0
 * @phys_base: @base's address bits [MAXPHYADDR-1:12]
 * @phys_mask: @mask's address bits [MAXPHYADDR-1:12]
 * @base_reserved: set bits of @base in its reserved bits 11:8
 * @mask_reserved: set bits of @mask in its reserved bits 10:0
 * @base_above_width: set bits of @base at or above MAXPHYADDR
 * @mask_above_width: set bits of @mask at or above MAXPHYADDR
 * @contiguous: @phys_mask is a run of ones from some bit up to
 *   MAXPHYADDR-1 (or empty): the pair matches one range
 * @block_size: the size of each range the pair matches: 2^(lowest set bit
 *   of @phys_mask), or 2^MAXPHYADDR when @phys_mask is 0
 * @has_programmed: @contiguous; then @programmed is meaningful
 * @programmed: `[phys_base, phys_base + block_size)`, the range the
 *   registers seem to say (what /proc/mtrr prints); may end above
 *   2^MAXPHYADDR
 * @ignored_base_bits: bits of @phys_base where @phys_mask is clear: the
 *   compare ignores them (non-zero = the base is not aligned to its size)
 * @n_matched: the number of separate ranges the pair matches in
 *   `[0, 2^MAXPHYADDR)` (1 for a contiguous mask)
 * @n_shown: how many of them @matched holds (at most
 *   #MV_MTRR_PAIR_N_SHOWN)
 * @matched: the first matched ranges, ascending
 * @matched_span: from the start of the first to the end of the last matched
 *   range
 *
 * Everything but @valid/@implemented is computed as if the pair were on.
 */
typedef struct
{
  guint    n;
  guint8   width;
  guint64  base;
  guint64  mask;
  gboolean implemented;
  gboolean valid;
  guint    type;
  guint64  phys_base;
  guint64  phys_mask;
  guint64  base_reserved;
  guint64  mask_reserved;
  guint64  base_above_width;
  guint64  mask_above_width;
  gboolean contiguous;
  guint64  block_size;
  gboolean has_programmed;
  MvRange  programmed;
  guint64  ignored_base_bits;
  guint64  n_matched;
  guint    n_shown;
  MvRange  matched[MV_MTRR_PAIR_N_SHOWN];
  MvRange  matched_span;
} MvMtrrPairInfo;

void     mv_mtrr_pair_decode          (const MvMtrrState    *state,
                                       guint                 n,
                                       MvMtrrPairInfo       *out);
gboolean mv_mtrr_pair_nth_matched     (const MvMtrrPairInfo *info,
                                       guint64               i,
                                       MvRange              *out);
guint64  mv_mtrr_address_bits         (guint8                width);

/* ---- The effective memory type map ---- */

/* Which SDM 11.11.4.1 precedence step decided a range. */
typedef enum
{
  MV_EFFECTIVE_RULE_DISABLED,   /* E clear: everything UC */
  MV_EFFECTIVE_RULE_FIXED,      /* FE set, below 1 MiB: a fixed range */
  MV_EFFECTIVE_RULE_DEFAULT,    /* no pair matches: the default type */
  MV_EFFECTIVE_RULE_SINGLE,     /* one pair matches: its type */
  MV_EFFECTIVE_RULE_SAME,       /* several pairs, all the same type */
  MV_EFFECTIVE_RULE_UC_WINS,    /* several pairs, one is UC: UC */
  MV_EFFECTIVE_RULE_WT_WINS,    /* several pairs, WT and WB: WT */
  MV_EFFECTIVE_RULE_UNDEFINED,  /* any other mix: undefined */
} MvEffectiveRule;

const char *mv_effective_rule_name     (MvEffectiveRule rule);
gboolean    mv_effective_rule_from_string (const char      *text,
                                          MvEffectiveRule *out);

/* A set of pair numbers (0..255). */
typedef struct
{
  guint64 bits[4];
} MvPairSet;

static inline gboolean
mv_pair_set_contains (const MvPairSet *set,
                      guint            n)
{
  return n < 256 && (set->bits[n / 64] >> (n % 64)) & 1;
}

guint       mv_pair_set_count          (const MvPairSet *set);

/**
 * MvEffectiveRange:
 * @range: the addresses, `[start, end)`
 * @type: the effective MTRR memory type (0..255 or MV_MEM_TYPE_UNDEFINED)
 * @combined: @type combined with the map's PAT entry (SDM Table 11-7);
 *   equal to @type when the map has no PAT entry
 * @rule: the precedence step that decided @type
 * @fixed_index: for MV_EFFECTIVE_RULE_FIXED, the fixed register
 * @pairs: for SINGLE, SAME, UC_WINS, WT_WINS and UNDEFINED, every pair that
 *   matches these addresses
 */
typedef struct
{
  MvRange         range;
  guint           type;
  guint           combined;
  MvEffectiveRule rule;
  guint           fixed_index;
  MvPairSet       pairs;
} MvEffectiveRange;

GStrv       mv_effective_range_get_by  (const MvEffectiveRange *range);

/**
 * MvEffectiveMap:
 * @ranges: #MvEffectiveRange, ascending and adjacent, each maximal (two
 *   neighbours differ in type, rule or deciding registers)
 * @start: the start of the window computed
 * @end: the end of the window computed (at most 2^MAXPHYADDR)
 * @truncated: the computation stopped at the range limit: @ranges ends
 *   before @end
 * @has_pat: a PAT entry was applied
 * @pat_type: the PAT entry's type when @has_pat
 */
typedef struct
{
  GArray  *ranges;
  guint64  start;
  guint64  end;
  gboolean truncated;
  gboolean has_pat;
  guint    pat_type;
} MvEffectiveMap;

MvEffectiveMap *mv_effective_map_new    (const MvMtrrState *state,
                                         guint64            start,
                                         guint64            end,
                                         guint              max_ranges,
                                         gint               pat_type);
void            mv_effective_map_free   (MvEffectiveMap    *map);
const MvEffectiveRange *
                mv_effective_map_lookup (const MvEffectiveMap *map,
                                         guint64            address);
void            mv_effective_at         (const MvMtrrState *state,
                                         guint64            address,
                                         gint               pat_type,
                                         MvEffectiveRange  *out);

/* ---- Explaining one address ---- */

typedef enum
{
  MV_EXPLAIN_STEP_DEF_TYPE,     /* E, FE and the default type */
  MV_EXPLAIN_STEP_FIXED,        /* the fixed register covering the address */
  MV_EXPLAIN_STEP_VARIABLE,     /* one variable pair */
  MV_EXPLAIN_STEP_PRECEDENCE,   /* the precedence rule and the MTRR type */
  MV_EXPLAIN_STEP_PAT,          /* the PAT entry combined with it */
} MvExplainStepKind;

const char *mv_explain_step_kind_name        (MvExplainStepKind  kind);
gboolean    mv_explain_step_kind_from_string (const char        *text,
                                              MvExplainStepKind *out);

/**
 * MvExplainStep:
 * @kind: what this step looks at
 * @registers: (nullable): the register(s) considered: "MtrrDefType",
 *   "MtrrFix16k80000", "MtrrPhysBase1/MtrrPhysMask1", "PAT"; NULL for
 *   the precedence step
 * @index: the fixed register index or pair number
 * @value: the raw value (MtrrDefType, the fixed register, PhysBase, PAT)
 * @mask: the raw PhysMask (VARIABLE)
 * @compared: a masked compare was made (@addr_masked, @base_masked and
 *   @compare_mask are set): VARIABLE steps of valid, implemented pairs
 * @compare_mask: the mask as compared (PhysMask's address bits)
 * @addr_masked: `address & compare_mask`
 * @base_masked: `PhysBase & compare_mask`
 * @match: the register applies to the address
 * @type: the type the register gives (or the result, for PRECEDENCE and PAT)
 * @text: a sentence or two saying what happens, for students
 */
typedef struct
{
  MvExplainStepKind kind;
  char     *registers;
  guint     index;
  guint64   value;
  guint64   mask;
  gboolean  compared;
  guint64   compare_mask;
  guint64   addr_masked;
  guint64   base_masked;
  gboolean  match;
  guint     type;
  char     *text;
} MvExplainStep;

/**
 * MvExplanation:
 * @address: the address explained
 * @width: MAXPHYADDR (the number of bits to show in binary)
 * @result: the outcome for @address (its @range is the 4 KiB page)
 * @steps: (element-type MvExplainStep): the steps, in order
 */
typedef struct
{
  guint64          address;
  guint8           width;
  MvEffectiveRange result;
  GPtrArray       *steps;
} MvExplanation;

MvExplanation *mv_explain_address      (const MvMtrrState *state,
                                        guint64            address,
                                        gint               pat_type,
                                        GError           **error);
void           mv_explanation_free     (MvExplanation     *explanation);

/* ---- Diagnostics ---- */

typedef enum
{
  MV_SEVERITY_NOTE,
  MV_SEVERITY_WARNING,
  MV_SEVERITY_ERROR,
} MvSeverity;

typedef enum
{
  MV_DIAG_RAM_NOT_WB,          /* RAM not write-back: slow */
  MV_DIAG_MMIO_CACHED,         /* MMIO/ECAM/PCI MMIO/VTL2 cached (WB, WT, WP) */
  MV_DIAG_MISALIGNED_BASE,     /* matched range differs from programmed */
  MV_DIAG_NONCONTIGUOUS_MASK,
  MV_DIAG_MATCHES_EVERYTHING,  /* the mask is the valid bit alone */
  MV_DIAG_UNDEFINED_OVERLAP,
  MV_DIAG_TOO_MANY_PAIRS,      /* pairs at or above VCNT */
  MV_DIAG_WIDTH_CLAMPED,
  MV_DIAG_BITS_ABOVE_WIDTH,
  MV_DIAG_RESERVED_BITS,
  MV_DIAG_RESERVED_TYPE,
  MV_DIAG_DISABLED,            /* E clear */
  MV_DIAG_CAPABILITY,          /* FE without MTRRCAP.FIX, WC without MTRRCAP.WC */
  MV_DIAG_VARIABLE_SKIPPED,    /* no pairs: VTL2 sets them */
  MV_DIAG_INCOMPLETE,          /* the analysis stopped at its range limit */
  MV_DIAG_HOLE_WB,             /* memory the guest is not given is write-back */
  MV_DIAG_BEYOND_RAM,          /* a loader gives an image memory beyond RAM */
} MvDiagnosticKind;

/**
 * MvDiagnostic:
 * @kind: what is wrong
 * @severity: error (wrong results or a fault), warning (slow or surprising),
 *   note
 * @has_range: @range is meaningful
 * @range: the addresses concerned
 * @registers: (nullable): the registers concerned
 * @message: one plain sentence: what is wrong and why it matters
 * @reference: the SDM rule or upstream fact behind it
 * @id: its number in the list mv_diagnose() returns, from 1: what its mark
 *   in a picture and its row in a list carry to find each other (two
 *   diagnostics may say the same words)
 */
typedef struct
{
  MvDiagnosticKind kind;
  MvSeverity       severity;
  gboolean         has_range;
  MvRange          range;
  char            *registers;
  char            *message;
  char            *reference;
  guint            id;
} MvDiagnostic;

const char *mv_severity_name           (MvSeverity        severity);
const char *mv_diagnostic_kind_name    (MvDiagnosticKind  kind);
gboolean    mv_severity_from_string    (const char       *text,
                                        MvSeverity       *out);
gboolean    mv_diagnostic_kind_from_string (const char       *text,
                                            MvDiagnosticKind *out);
GPtrArray  *mv_diagnose                (const MvMtrrState *state,
                                        const MvLayout    *layout);
void        mv_diagnostics_sort        (GPtrArray         *diagnostics);
void        mv_diagnose_beyond_ram     (GPtrArray         *diagnostics,
                                        const char        *tag,
                                        const char        *what,
                                        const MvRange     *range,
                                        guint64            ram_end);
int         mv_diagnostic_order        (MvSeverity         a_severity,
                                        gboolean           a_has_range,
                                        guint64            a_start,
                                        guint64            a_end,
                                        MvSeverity         b_severity,
                                        gboolean           b_has_range,
                                        guint64            b_start,
                                        guint64            b_end);
gboolean    mv_diagnostics_have_errors (GPtrArray         *diagnostics);
void        mv_diagnostic_free         (MvDiagnostic      *diagnostic);

/* ---- /proc/mtrr ---- */

GStrv       mv_mtrr_format_proc_mtrr   (const MvMtrrState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvEffectiveMap, mv_effective_map_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvExplanation, mv_explanation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvDiagnostic, mv_diagnostic_free)

G_END_DECLS
