/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mv-cli.h"
#include "mv-file-import.h"
#include "mv-gdt.h"
#include "mv-igvm.h"
#include "mv-mtrr-state.h"
#include "mv-mtrr-text.h"
#include "mv-mtrr.h"
#include "mv-parse.h"
#include "mv-presets.h"
#include "mv-render.h"

G_DEFINE_QUARK (mv-cli-error-quark, mv_cli_error)

/* --json seen on the command line, so that errors found while parsing the
 * options still come out as JSON. */
static gboolean json_requested;

/* OpenVMM's MMIO gaps for a RAM size: 128 MiB of low MMIO ending at
 * 4 GiB, and 512 MiB of high MMIO, 2 MiB aligned, in the first free space
 * above both RAM and 4 GiB (openvmm_core worker/memory_layout.rs,
 * Placement::Mmio64; docs UPSTREAM.md). */
#define OPENVMM_LOW_MMIO  ((MvRange) { 0xF8000000, 0x100000000 })
#define OPENVMM_HIGH_SIZE ((guint64) 512 << 20)
#define OPENVMM_HIGH_ALIGN ((guint64) 2 << 20)

const char *
mv_cli_error_kind (const GError *error)
{
  if (error->domain == MV_LAYOUT_ERROR)
    return mv_layout_error_name (error->code);
  if (error->domain == MV_MTRR_ERROR)
    return mv_mtrr_error_name (error->code);
  if (error->domain == MV_FILE_IMPORT_ERROR)
    return mv_file_import_error_name (error->code);
  if (error->domain == MV_GDT_ERROR)
    return mv_gdt_error_name (error->code);
  if (error->domain == MV_BOOT_ERROR)
    return mv_boot_error_name (error->code);
  if (error->domain == MV_RANGE_ERROR)
    return "BadRange";
  if (error->domain == MV_MTRR_TEXT_ERROR)
    return error->code == MV_MTRR_TEXT_ERROR_NOTHING_FOUND ? "NothingFound"
           : error->code == MV_MTRR_TEXT_ERROR_UNREADABLE ? "Unreadable"
           : error->code == MV_MTRR_TEXT_ERROR_OVERFLOW ? "Overflow" : "BadWidth";
  if (error->domain == MV_PARSE_ERROR)
    return "BadNumber";
  if (error->domain == MV_RENDER_ERROR)
    return error->code == MV_RENDER_ERROR_FORMAT ? "Usage"
           : error->code == MV_RENDER_ERROR_CAIRO ? "File" : "BadSize";
  if (error->domain == MV_IGVM_ERROR)
    return mv_igvm_error_name (error->code);
  if (error->domain == MV_PRESET_ERROR)
    return "UnknownPreset";
  if (error->domain == G_OPTION_ERROR || (error->domain == MV_CLI_ERROR &&
                                          error->code == MV_CLI_ERROR_USAGE))
    return "Usage";
  if (error->domain == G_FILE_ERROR)
    return "File";
  if (error->domain == MV_SCENARIO_ERROR && error->code == MV_SCENARIO_ERROR_NOT_ALLOWED)
    return "OutsideFile";
  return "Input";
}

/**
 * mv_cli_fail_full:
 * @extra: (nullable): adds members of its own beside "error"
 *
 * Reports @error: one line on stderr, and with --json the error object
 * on stdout. Returns the exit status for bad input.
 */
int
mv_cli_fail_full (gboolean        json,
                  const GError   *error,
                  MvCliJsonExtra  extra,
                  gconstpointer   extra_data)
{
  return mv_cli_fail_streamed (json, error, extra, extra_data, NULL, NULL);
}

/**
 * mv_cli_fail_streamed:
 * @tail: (nullable): with @extra ending in an empty array, what
 *   mv_json_print_streamed () fills it with
 *
 * mv_cli_fail_full (), for a list too long to hold in memory.
 */
int
mv_cli_fail_streamed (gboolean        json,
                      const GError   *error,
                      MvCliJsonExtra  extra,
                      gconstpointer   extra_data,
                      MvCliJsonTail   tail,
                      gpointer        tail_data)
{
  {
    /* A file name in the message may hold bytes that are not UTF-8:
     * each becomes U+FFFD, as g_filename_display_name () shows them. */
    g_autofree char *message = g_utf8_make_valid (error->message, -1);

    g_printerr ("memviz-cli: %s\n", message);
  }

  if (json || json_requested)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "error");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, mv_cli_error_kind (error));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, error->message);
      json_builder_end_object (b);
      if (extra != NULL)
        extra (b, extra_data);
      json_builder_end_object (b);
      mv_json_print_streamed (b, tail, tail_data);
    }
  return MV_CLI_EXIT_BAD;
}

int
mv_cli_fail (gboolean      json,
             const GError *error)
{
  return mv_cli_fail_full (json, error, NULL, NULL);
}

/**
 * mv_cli_parse_layout_command:
 * @document: (out): the FILE.memviz argument, or NULL without one
 *
 * Parses the options of a command that works on a layout, then its one
 * optional argument, FILE.memviz.
 */
gboolean
mv_cli_parse_layout_command (GOptionContext   *context,
                             const char       *command,
                             int              *argc,
                             char           ***argv,
                             const char      **document,
                             GError          **error)
{
  return mv_cli_parse_options (context, argc, argv, error) &&
         mv_cli_document_argument (command, *argc, *argv, 1, document, error);
}

GOptionContext *
mv_cli_context_new (const char *parameter,
                    const char *summary,
                    const char *description)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  g_option_context_set_help_enabled (context, TRUE);
  return context;
}

/* The long options a context knows, from its own help text. */
static GPtrArray *
known_options (GOptionContext *context)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *p = help;

  g_ptr_array_add (names, g_strdup ("help"));
  while ((p = strstr (p, "--")) != NULL)
    {
      const char *start = p += 2;

      while (g_ascii_isalnum (*p) || *p == '-')
        p++;
      if (p > start)
        g_ptr_array_add (names, g_strndup (start, p - start));
    }
  g_ptr_array_add (names, NULL);
  return names;
}

/* Edit distance with transpositions ("rma" is one step from "ram"). */
static guint
distance (const char *a,
          const char *b)
{
  gsize n = strlen (a), m = strlen (b);
  g_autofree guint *d = g_new0 (guint, (n + 1) * (m + 1));

#define D(i, j) d[(i) * (m + 1) + (j)]
  for (gsize i = 0; i <= n; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= m; j++)
    D (0, j) = j;
  for (gsize i = 1; i <= n; i++)
    for (gsize j = 1; j <= m; j++)
      {
        guint cost = g_ascii_tolower (a[i - 1]) != g_ascii_tolower (b[j - 1]);

        D (i, j) = MIN (MIN (D (i - 1, j) + 1, D (i, j - 1) + 1), D (i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          D (i, j) = MIN (D (i, j), D (i - 2, j - 2) + 1);
      }
  return D (n, m);
#undef D
}

/**
 * mv_cli_did_you_mean:
 * @known: (array zero-terminated=1): the words @word may be a typo of
 *
 * Returns: (nullable): the closest of @known within two typos (one for
 *   words of three letters or less), or %NULL
 */
const char *
mv_cli_did_you_mean (const char        *word,
                     const char *const *known)
{
  const char *best = NULL;
  guint best_d = strlen (word) <= 3 ? 2 : 3;

  for (guint i = 0; known[i] != NULL; i++)
    {
      guint d = distance (word, known[i]);

      if (d < best_d)
        {
          best = known[i];
          best_d = d;
        }
    }
  return best;
}

/* Why @value is not text an option can take, or NULL: not UTF-8 (the
 * first bad byte and where it is), or not in the locale's character set. */
static char *
value_not_text (const char *value)
{
  const char *bad = NULL;
  g_autofree char *converted = NULL;

  if (!g_utf8_validate (value, -1, &bad))
    return g_strdup_printf ("not UTF-8 text (byte 0x%02x at offset %" G_GSIZE_FORMAT ")",
                            (guint) (guchar) *bad, (gsize) (bad - value));
  converted = g_locale_to_utf8 (value, -1, NULL, NULL, NULL);
  if (converted == NULL)
    {
      const char *charset = NULL;

      g_get_charset (&charset);
      return g_strdup_printf ("not text in the locale's character set (%s)", charset);
    }
  return NULL;
}

/* GOption refuses a text option's value that is not text with the
 * converter's message alone ("Invalid byte sequence in conversion input"),
 * naming no option: name the option (--tag, --cmdline, --title, ...) whose
 * value @args (a copy of the command line GOption was given) holds, and
 * what is wrong with it. File names are not converted, so the first value
 * that is not text is the one GOption stopped at. */
static void
name_option_of_bad_text (char   **args,
                         int      n_args,
                         GError **error)
{
  for (int i = 1; i < n_args; i++)
    {
      const char *arg = args[i];
      const char *eq = strchr (arg, '=');
      g_autofree char *option = NULL;
      g_autofree char *why = NULL;
      const char *value;

      if (g_str_equal (arg, "--"))
        break;
      if (g_str_has_prefix (arg, "--") && eq != NULL)
        {
          option = g_strndup (arg, eq - arg);
          value = eq + 1;
        }
      else if (i > 1 && args[i - 1][0] == '-' && args[i - 1][1] != '\0' &&
               strchr (args[i - 1], '=') == NULL)
        {
          option = g_strdup (args[i - 1]);
          value = arg;
        }
      else
        continue;
      why = value_not_text (value);
      if (why != NULL && g_utf8_validate (option, -1, NULL))
        {
          g_clear_error (error);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s: the value is %s", option, why);
          return;
        }
    }
}

gboolean
mv_cli_parse_options (GOptionContext *context,
                      int            *argc,
                      char         ***argv,
                      GError        **error)
{
  g_autoptr(GPtrArray) known = known_options (context);
  g_autofree char **args = g_memdup2 (*argv, (*argc + 1) * sizeof (char *));
  int n_args = *argc;

  for (int i = 1; i < *argc && !g_str_equal ((*argv)[i], "--"); i++)
    if (g_str_equal ((*argv)[i], "--json"))
      json_requested = TRUE;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = (*argv)[i];
      g_autofree char *name = NULL;

      if (g_str_equal (arg, "--"))
        break;
      if (!g_str_has_prefix (arg, "--"))
        continue;
      name = g_strndup (arg + 2, strcspn (arg + 2, "="));
      if (!g_strv_contains ((const char *const *) known->pdata, name) &&
          !g_str_has_prefix (name, "help"))
        {
          const char *near = mv_cli_did_you_mean (name, (const char *const *) known->pdata);

          if (near != NULL)
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                         "unknown option --%s (did you mean --%s?)", name, near);
          else
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                         "unknown option --%s (see %s --help)", name, g_get_prgname ());
          return FALSE;
        }
    }

  if (!g_option_context_parse (context, argc, argv, error))
    {
      if ((*error)->domain == G_CONVERT_ERROR)
        name_option_of_bad_text (args, n_args, error);
      /* GOption's messages start with a capital, memviz-cli's do not. */
      if ((*error)->message[0] != '\0' && g_ascii_isupper ((*error)->message[0]) &&
          g_ascii_islower ((*error)->message[1]))
        (*error)->message[0] = g_ascii_tolower ((*error)->message[0]);
      return FALSE;
    }
  return TRUE;
}

GOptionEntry *
mv_cli_layout_entries (MvCliLayoutOptions *o,
                       MvCliOptionFlags    flags)
{
  GArray *entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  const GOptionEntry layout[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &o->preset,
      "Start from a preset instead of a document (see memviz-cli presets)", "NAME" },
    { "ram", 0, 0, G_OPTION_ARG_STRING, &o->ram,
      "RAM size (upstream MemoryLayout::new), e.g. 8G, 1.5G, 0x200000000, \"8 GiB\"; "
      "without a document or --mmio, OpenVMM's MMIO gaps for that RAM", "SIZE" },
    { "numa", 0, 0, G_OPTION_ARG_STRING, &o->numa,
      "NUMA node sizes, comma separated (MemoryLayout::new_with_numa); \"\" is the empty list", "SIZE[,SIZE...]" },
    { "mmio", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->mmio,
      "An MMIO gap, START-END (end exclusive) or START+SIZE; repeat for more (replaces the document's)", "RANGE" },
    { "pci-ecam", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->pci_ecam,
      "A PCI ECAM gap; repeat for more", "RANGE" },
    { "pci-mmio", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->pci_mmio,
      "A PCI MMIO gap; repeat for more", "RANGE" },
    { "vtl2", 0, 0, G_OPTION_ARG_STRING, &o->vtl2,
      "The VTL2 range", "RANGE" },
  };
  const GOptionEntry probes[] = {
    { "probe", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->probes,
      "An address to probe (upstream probe_address); repeat for more", "ADDR" },
  };
  const GOptionEntry mtrr[] = {
    { "low-mmio", 0, 0, G_OPTION_ARG_STRING, &o->low_mmio,
      "Chipset low MMIO gap (default: the MMIO gap ending at 4 GiB; 0-0 for none)", "RANGE" },
    { "high-mmio", 0, 0, G_OPTION_ARG_STRING, &o->high_mmio,
      "Chipset high MMIO gap (default: the first MMIO gap at or above 4 GiB; 0-0 for none)", "RANGE" },
    { (flags & MV_CLI_OPTIONS_PICTURE) ? "address-width" : "width", 0, 0, G_OPTION_ARG_STRING, &o->width,
      "Physical address width, 0..255 (default 46; upstream clamps it to 36..52)", "N" },
    { "openvmm-version", 0, 0, G_OPTION_ARG_STRING, &o->openvmm_version,
      "Which upstream compute_variable_mtrrs: current (default), 3550 or pre-3550", "VERSION" },
  };
  const GOptionEntry state[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &o->profile,
      "Boot profile: linux-direct (default), uefi, pcat or none", "PROFILE" },
    { "vcnt", 0, 0, G_OPTION_ARG_STRING, &o->vcnt,
      "Variable pairs the CPU has, IA32_MTRRCAP.VCNT (default 8)", "N" },
  };
  const GOptionEntry common[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, "Write JSON instead of text", NULL },
    { "allow-outside-files", 0, 0, G_OPTION_ARG_NONE, &o->allow_outside,
      "Read the files a document imports even outside its folder (refused otherwise)", NULL },
  };

  o->width_option = mtrr[2].long_name;
  if (flags & MV_CLI_OPTIONS_BOOT)
    mv_cli_boot_entries (&o->boot, entries);
  g_array_append_vals (entries, layout, G_N_ELEMENTS (layout));
  if (flags & MV_CLI_OPTIONS_PROBES)
    g_array_append_vals (entries, probes, G_N_ELEMENTS (probes));
  if (flags & MV_CLI_OPTIONS_MTRR)
    g_array_append_vals (entries, mtrr, G_N_ELEMENTS (mtrr));
  if (flags & MV_CLI_OPTIONS_STATE)
    g_array_append_vals (entries, state, G_N_ELEMENTS (state));
  g_array_append_vals (entries, common, G_N_ELEMENTS (common));
  return (GOptionEntry *) g_array_free (entries, FALSE);
}

void
mv_cli_layout_options_clear (MvCliLayoutOptions *o)
{
  g_clear_pointer (&o->preset, g_free);
  g_clear_pointer (&o->ram, g_free);
  g_clear_pointer (&o->numa, g_free);
  g_clear_pointer (&o->mmio, g_strfreev);
  g_clear_pointer (&o->pci_ecam, g_strfreev);
  g_clear_pointer (&o->pci_mmio, g_strfreev);
  g_clear_pointer (&o->vtl2, g_free);
  g_clear_pointer (&o->probes, g_strfreev);
  g_clear_pointer (&o->low_mmio, g_free);
  g_clear_pointer (&o->high_mmio, g_free);
  g_clear_pointer (&o->openvmm_version, g_free);
  g_clear_pointer (&o->width, g_free);
  g_clear_pointer (&o->profile, g_free);
  g_clear_pointer (&o->vcnt, g_free);
  mv_cli_boot_options_clear (&o->boot);
}

void
mv_cli_layout_clear (MvCliLayout *cl)
{
  cl->layout = NULL;
  g_clear_pointer (&cl->scenario, mv_scenario_free);
  g_clear_pointer (&cl->doc, mv_document_free);
  g_clear_pointer (&cl->source, g_free);
  g_clear_pointer (&cl->probes, g_array_unref);
}

/* Says on stderr how a size with KB ... PB was read. */
static void
note_units (const char *option,
            const char *text)
{
  g_autofree char *note = text != NULL ? mv_parse_unit_note (text) : NULL;

  if (note != NULL)
    g_printerr ("memviz-cli: note: --%s %s\n", option, note);
}

static gboolean
parse_range_option (const char *option,
                    const char *text,
                    MvRange    *out,
                    GError    **error)
{
  g_autoptr(GError) local = NULL;
  guint64 start, end;

  if (!mv_parse_range (text, &start, &end, &local) ||
      !mv_range_init (out, start, end, &local))
    {
      g_set_error (error, local->domain, local->code, "--%s %s: %s",
                   option, text, local->message);
      return FALSE;
    }
  note_units (option, text);
  return TRUE;
}

/* The ranges of a repeated option, or NULL (and no error) when it is not
 * given. */
static gboolean
parse_range_list (const char  *option,
                  char       **texts,
                  GArray     **out,
                  GError     **error)
{
  g_autoptr(GArray) ranges = NULL;

  *out = NULL;
  if (texts == NULL)
    return TRUE;
  ranges = g_array_new (FALSE, FALSE, sizeof (MvRange));
  for (guint i = 0; texts[i] != NULL; i++)
    {
      MvRange r;

      if (!parse_range_option (option, texts[i], &r, error))
        return FALSE;
      g_array_append_val (ranges, r);
    }
  *out = g_steal_pointer (&ranges);
  return TRUE;
}

static void
replace_ranges (GArray **list,
                GArray  *ranges)
{
  if (ranges == NULL)
    return;
  g_array_set_size (*list, 0);
  g_array_append_vals (*list, ranges->data, ranges->len);
}

/* OpenVMM's MMIO gaps for the RAM a document asks for (see
 * OPENVMM_LOW_MMIO): what `--ram` alone keeps. */
static void
openvmm_gaps (MvDocument *doc)
{
  MvRange low = OPENVMM_LOW_MMIO;
  guint64 total = 0, start;
  g_autoptr(MvLayout) probe = NULL;

  g_array_set_size (doc->mmio, 0);
  g_array_append_val (doc->mmio, low);
  if (!mv_document_ram_total (doc, &total))
    return;
  probe = mv_layout_new (total, &low, 1, NULL, 0, NULL, 0, NULL, NULL);
  if (probe == NULL)
    return;
  start = MAX (mv_layout_end_of_ram (probe), low.end);
  start = (start + OPENVMM_HIGH_ALIGN - 1) & ~(OPENVMM_HIGH_ALIGN - 1);
  if (start != 0 && start <= G_MAXUINT64 - OPENVMM_HIGH_SIZE)
    {
      MvRange high = { start, start + OPENVMM_HIGH_SIZE };

      g_array_append_val (doc->mmio, high);
    }
}

static MvDocument *
base_document (const MvCliLayoutOptions *o,
               const char               *document,
               GError                  **error)
{
  if (document != NULL && o->preset != NULL)
    {
      g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "give a document or --preset NAME, not both");
      return NULL;
    }
  if (document != NULL)
    {
      MvDocument *doc = mv_document_load_from_file (document, error);

      /* It loaded; say what in it meant nothing (an unknown key, ...). */
      g_autofree char *shown = g_filename_display_name (document);

      for (guint i = 0; doc != NULL && doc->warnings != NULL && i < doc->warnings->len; i++)
        g_printerr ("memviz-cli: %s: warning: %s\n", shown,
                    ((const MvDocumentWarning *) g_ptr_array_index (doc->warnings, i))->message);
      return doc;
    }
  return mv_preset_load (o->preset != NULL ? o->preset : MV_PRESET_DEFAULT, error);
}

static gboolean
chipset_gap_option (const char   *option,
                    const char   *text,
                    MvChipsetGap *gap,
                    GError      **error)
{
  if (text == NULL)
    return TRUE;
  if (!parse_range_option (option, text, &gap->range, error))
    return FALSE;
  gap->mode = MV_CHIPSET_GAP_EXPLICIT;
  return TRUE;
}

/* Applies the flags to @doc (each one replaces what the document says). */
static gboolean
apply_options (const MvCliLayoutOptions *o,
               gboolean                  on_default,
               MvDocument               *doc,
               GError                  **error)
{
  g_autoptr(GArray) mmio = NULL;
  g_autoptr(GArray) ecam = NULL;
  g_autoptr(GArray) pci_mmio = NULL;
  MvRange vtl2;

  /* Ranges convert in upstream's order: mmio, ecam, pci mmio, vtl2,
   * low, high; a bad one is reported before any layout error. */
  if (!parse_range_list ("mmio", o->mmio, &mmio, error) ||
      !parse_range_list ("pci-ecam", o->pci_ecam, &ecam, error) ||
      !parse_range_list ("pci-mmio", o->pci_mmio, &pci_mmio, error))
    return FALSE;
  if (o->vtl2 != NULL && !parse_range_option ("vtl2", o->vtl2, &vtl2, error))
    return FALSE;
  if (!chipset_gap_option ("low-mmio", o->low_mmio, &doc->chipset_low, error) ||
      !chipset_gap_option ("high-mmio", o->high_mmio, &doc->chipset_high, error))
    return FALSE;

  if (o->width != NULL)
    {
      g_autoptr(GError) local = NULL;
      guint64 w;

      if (!mv_parse_uint (o->width, 255, &w, &local))
        {
          g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_INPUT,
                       "--%s %s: %s (the width is a number from 0 to 255)",
                       o->width_option, o->width, local->message);
          return FALSE;
        }
      doc->address_width = (guint8) w;
    }
  if (o->openvmm_version != NULL &&
      !mv_openvmm_version_from_string (o->openvmm_version, &doc->openvmm_version, error))
    {
      g_prefix_error (error, "--openvmm-version: ");
      return FALSE;
    }
  if (o->profile != NULL)
    {
      MvMtrrProfile profile;

      if (!mv_mtrr_profile_from_string (o->profile, &profile, error))
        {
          g_prefix_error (error, "--profile: ");
          return FALSE;
        }
      g_free (doc->profile);
      doc->profile = g_strdup (o->profile);
    }
  if (o->vcnt != NULL)
    {
      guint64 vcnt;

      if (!mv_parse_uint (o->vcnt, MV_MTRR_MAX_PAIRS, &vcnt, error))
        {
          g_prefix_error (error, "--vcnt %s: ", o->vcnt);
          return FALSE;
        }
      doc->vcnt = (guint8) vcnt;
    }

  if (o->ram != NULL && o->numa != NULL)
    {
      g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "give either --ram or --numa, not both");
      return FALSE;
    }
  if (o->ram != NULL)
    {
      g_autoptr(GError) local = NULL;
      guint64 ram;

      if (!mv_parse_size (o->ram, &ram, &local))
        {
          g_set_error (error, local->domain, local->code, "--ram %s: %s", o->ram, local->message);
          return FALSE;
        }
      note_units ("ram", o->ram);
      doc->numa = FALSE;
      g_array_set_size (doc->ram_sizes, 0);
      g_array_append_val (doc->ram_sizes, ram);
    }
  else if (o->numa != NULL)
    {
      g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_autoptr(GError) local = NULL;

      if (!mv_parse_size_list (o->numa, sizes, &local))
        {
          g_set_error (error, local->domain, local->code, "--numa %s: %s", o->numa, local->message);
          return FALSE;
        }
      note_units ("numa", o->numa);
      doc->numa = TRUE;
      g_array_set_size (doc->ram_sizes, 0);
      g_array_append_vals (doc->ram_sizes, sizes->data, sizes->len);
    }

  /* Other RAM on OpenVMM's default: OpenVMM's gaps for that RAM. */
  if (on_default && (o->ram != NULL || o->numa != NULL) && mmio == NULL)
    openvmm_gaps (doc);
  replace_ranges (&doc->mmio, mmio);
  replace_ranges (&doc->pci_ecam, ecam);
  replace_ranges (&doc->pci_mmio, pci_mmio);
  if (o->vtl2 != NULL)
    {
      doc->has_vtl2 = TRUE;
      doc->vtl2 = vtl2;
    }
  return TRUE;
}

/* The scenario's error, with a hint where the fix is a flag. */
static void
scenario_error (const GError  *found,
                GError       **error)
{
  GError *copy = g_error_copy (found);

  if (g_error_matches (found, MV_MTRR_ERROR, MV_MTRR_ERROR_LOW_MMIO_AT_ZERO))
    {
      char *msg = g_strconcat (copy->message, " (no MMIO gap ends at 4 GiB: add one with "
                               "--mmio START-4G, or give the chipset gap with --low-mmio)", NULL);

      g_free (copy->message);
      copy->message = msg;
    }
  g_propagate_error (error, copy);
}

/**
 * mv_cli_layout_resolve:
 * @document: (nullable): the document file given on the command line
 * @flags: how to run the scenario
 * @need: which errors of the scenario fail the command
 *
 * Builds the document the options describe (@document, --preset or
 * OpenVMM's default, with the flags applied) and runs it through the
 * core, as the window does.
 */
gboolean
mv_cli_layout_resolve (const MvCliLayoutOptions *o,
                       const char               *document,
                       MvScenarioFlags           flags,
                       MvCliNeed                 need,
                       MvCliLayout              *out,
                       GError                  **error)
{
  gboolean any_layout = o->ram != NULL || o->numa != NULL || o->mmio != NULL ||
                        o->pci_ecam != NULL || o->pci_mmio != NULL || o->vtl2 != NULL;
  gboolean on_default = document == NULL && o->preset == NULL;

  memset (out, 0, sizeof *out);
  out->probes = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint i = 0; o->probes != NULL && o->probes[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      guint64 addr;

      if (!mv_parse_size (o->probes[i], &addr, &local))
        {
          g_set_error (error, local->domain, local->code, "--probe %s: %s",
                       o->probes[i], local->message);
          return FALSE;
        }
      g_array_append_val (out->probes, addr);
    }

  out->doc = base_document (o, document, error);
  if (out->doc == NULL || !apply_options (o, on_default, out->doc, error) ||
      !mv_cli_boot_choose (&o->boot, out->doc, error))
    return FALSE;
  /* A document from someone else must not make the CLI read (and show
   * the CRC of) /etc/shadow: the window asks, the CLI refuses. */
  if (document != NULL && !o->allow_outside &&
      !mv_document_refuse_outside_files (out->doc, error))
    {
      g_autofree char *shown = g_filename_display_name (document);

      g_prefix_error (error, "%s: ", shown);
      return FALSE;
    }
  if (!mv_cli_boot_apply (&o->boot, out->doc, error))
    return FALSE;

  if (on_default && !any_layout)
    out->source = g_strdup ("OpenVMM's default x86_64 layout (8 GiB RAM, 128 MiB low MMIO "
                            "ending at 4 GiB, 512 MiB high MMIO above RAM)");
  else if (on_default)
    out->source = NULL;
  else
    {
      g_autofree char *shown = document != NULL ? g_filename_display_name (document) : NULL;

      out->source = g_strdup_printf ("%s%s%s", shown != NULL ? shown : o->preset,
                                     out->doc->title != NULL ? ": " : "",
                                     out->doc->title != NULL ? out->doc->title : "");
    }

  out->scenario = mv_scenario_run (out->doc, flags);
  out->layout = out->scenario->layout;
  out->low_mmio = out->scenario->chipset_low;
  out->high_mmio = out->scenario->chipset_high;
  out->width = out->doc->address_width;

  if (need >= MV_CLI_NEED_LAYOUT && out->scenario->layout_error != NULL)
    {
      scenario_error (out->scenario->layout_error, error);
      return FALSE;
    }
  if (need >= MV_CLI_NEED_MTRRS && out->scenario->mtrr_error != NULL)
    {
      scenario_error (out->scenario->mtrr_error, error);
      return FALSE;
    }
  return TRUE;
}

/**
 * mv_cli_document_argument:
 * @first: the index of the first argument that may be the document
 *
 * Takes the optional FILE.memviz from the arguments left after the
 * options; anything more is an error.
 */
gboolean
mv_cli_document_argument (const char   *command,
                          int           argc,
                          char        **argv,
                          int           first,
                          const char  **document,
                          GError      **error)
{
  *document = argc > first ? argv[first] : NULL;
  if (argc > first + 1)
    {
      g_set_error (error, MV_CLI_ERROR, MV_CLI_ERROR_USAGE,
                   "%s: unexpected argument \"%s\" (give at most one document)",
                   command, argv[first + 1]);
      return FALSE;
    }
  return TRUE;
}

/* ---- JSON -------------------------------------------------------------- */

void
mv_json_hex (JsonBuilder *b,
             const char  *member,
             guint64      value)
{
  g_autofree char *s = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", value);

  if (member != NULL)
    json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, s);
}

void
mv_json_bool (JsonBuilder *b,
              const char  *member,
              gboolean     value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}

void
mv_json_int (JsonBuilder *b,
             const char  *member,
             gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

void
mv_json_string (JsonBuilder *b,
                const char  *member,
                const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
mv_json_range (JsonBuilder   *b,
               const char    *member,
               const MvRange *range)
{
  if (member != NULL)
    json_builder_set_member_name (b, member);
  if (range == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  mv_json_hex (b, "start", range->start);
  mv_json_hex (b, "end", range->end);
  json_builder_end_object (b);
}

static void
json_range_list (JsonBuilder *b,
                 const char  *member,
                 GArray      *ranges)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < ranges->len; i++)
    mv_json_range (b, NULL, &g_array_index (ranges, MvRange, i));
  json_builder_end_array (b);
}

/* The members "layout", "low_mmio" and "high_mmio": what a command's
 * JSON that works on a layout starts with. */
void
mv_json_layout_members (JsonBuilder       *b,
                        const MvCliLayout *cl)
{
  json_builder_set_member_name (b, "layout");
  mv_json_layout (b, cl);
  mv_json_range (b, "low_mmio", &cl->low_mmio);
  mv_json_range (b, "high_mmio", &cl->high_mmio);
}

void
mv_json_layout (JsonBuilder       *b,
                const MvCliLayout *cl)
{
  const MvLayout *l = cl->layout;
  guint64 below;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ram");
  json_builder_begin_array (b);
  for (guint i = 0; i < l->ram->len; i++)
    {
      const MvRamRange *r = &g_array_index (l->ram, MvRamRange, i);

      json_builder_begin_object (b);
      mv_json_hex (b, "start", r->range.start);
      mv_json_hex (b, "end", r->range.end);
      json_builder_set_member_name (b, "vnode");
      json_builder_add_int_value (b, r->vnode);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_range_list (b, "mmio", l->mmio);
  json_range_list (b, "pci_ecam", l->pci_ecam);
  json_range_list (b, "pci_mmio", l->pci_mmio);
  mv_json_range (b, "vtl2", l->has_vtl2 ? &l->vtl2 : NULL);
  mv_json_hex (b, "end_of_ram", mv_layout_end_of_ram (l));
  mv_json_hex (b, "ram_size", mv_layout_ram_size (l));
  mv_json_hex (b, "requested_ram_size", l->requested_ram);
  mv_json_hex (b, "end_of_layout", mv_layout_end_of_layout (l));
  json_builder_set_member_name (b, "max_ram_below_4gb");
  if (mv_layout_max_ram_below_4gb (l, &below))
    mv_json_hex (b, NULL, below);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "probes");
  json_builder_begin_array (b);
  for (guint i = 0; i < cl->probes->len; i++)
    {
      guint64 addr = g_array_index (cl->probes, guint64, i);
      const char *type = mv_address_type_name (mv_layout_probe_address (l, addr));

      json_builder_begin_object (b);
      mv_json_hex (b, "address", addr);
      json_builder_set_member_name (b, "type");
      if (type != NULL)
        json_builder_add_string_value (b, type);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  if (mv_layout_shortfall (l) > 0)
    {
      g_autofree char *msg =
        g_strdup_printf ("only 0x%" G_GINT64_MODIFIER "x of the 0x%" G_GINT64_MODIFIER
                         "x bytes of RAM asked for fit below the top of the address space; "
                         "upstream silently places less",
                         mv_layout_ram_size (l), l->requested_ram);
      json_builder_add_string_value (b, msg);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

void
mv_json_page_map (JsonBuilder      *b,
                  const MvRecorder *rec)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < rec->page_map->len; i++)
    {
      const MvPageRun *run = &g_array_index (rec->page_map, MvPageRun, i);

      json_builder_begin_object (b);
      mv_json_hex (b, "page_base", run->page_base);
      mv_json_hex (b, "page_count", run->page_count);
      json_builder_set_member_name (b, "tag");
      json_builder_add_string_value (b, run->tag);
      json_builder_set_member_name (b, "acceptance");
      json_builder_add_string_value (b, mv_acceptance_to_string (run->acceptance));
      json_builder_set_member_name (b, "contents");
      json_builder_add_string_value (b, (run->flags & MV_PAGE_DATA) ? "data" : "zero");
      json_builder_set_member_name (b, "errors");
      json_builder_begin_array (b);
      if (run->flags & MV_PAGE_OVERLAP)
        json_builder_add_string_value (b, "overlaps an earlier import");
      if (run->flags & MV_PAGE_BEYOND)
        json_builder_add_string_value (b, "runs past the end of the address space");
      if (run->flags & MV_PAGE_OVERSIZE)
        json_builder_add_string_value (b, "more data than the pages hold");
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
mv_json_print (JsonBuilder *b)
{
  mv_json_print_streamed (b, NULL, NULL);
}

/**
 * mv_json_print_streamed:
 * @b: an object whose last member is an empty array
 * @tail: (nullable): prints that array's elements after the rest, each
 *   as json-glib's pretty printer would at depth 2 (so the text is the
 *   same as with them in @b), and says whether it printed any
 *
 * mv_json_print () for a list too long to hold in memory as JSON nodes.
 */
void
mv_json_print_streamed (JsonBuilder   *b,
                        MvCliJsonTail  tail,
                        gpointer       tail_data)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  /* File names, tags and lines quoted from the input may hold bytes that
   * are not UTF-8, which JSON cannot: each becomes U+FFFD, as
   * g_filename_display_name () shows them. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  if (tail != NULL && g_str_has_suffix (text, " : []\n}"))
    {
      /* Up to the empty array's "[", then its elements, then its end. */
      text[strlen (text) - strlen ("]\n}")] = '\0';
      g_print ("%s", text);
      g_print (tail (tail_data) ? "\n  ]\n}\n" : "]\n}\n");
      return;
    }
  g_print ("%s\n", text);
}

/* ---- text -------------------------------------------------------------- */

