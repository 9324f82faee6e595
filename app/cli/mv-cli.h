/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mv-cli-text.h"
#include "mv-document.h"
#include "mv-layout.h"
#include "mv-recorder.h"
#include "mv-scenario.h"

G_BEGIN_DECLS

/* Exit statuses: 0 fine, 1 a finding (e.g. `check` found an error),
 * 2 bad input. */
#define MV_CLI_EXIT_OK    0
#define MV_CLI_EXIT_FOUND 1
#define MV_CLI_EXIT_BAD   2

#define MV_CLI_ERROR (mv_cli_error_quark ())

typedef enum
{
  MV_CLI_ERROR_USAGE,
  MV_CLI_ERROR_INPUT,
} MvCliError;

GQuark mv_cli_error_quark (void);

typedef struct
{
  const char *name;
  const char *summary;
  int (*run) (int argc, char **argv);
} MvCliCommand;

/* Which option groups a command takes beside the layout's own. */
typedef enum
{
  MV_CLI_OPTIONS_LAYOUT  = 0,
  MV_CLI_OPTIONS_PROBES  = 1 << 0,  /* --probe */
  MV_CLI_OPTIONS_MTRR    = 1 << 1,  /* --low-mmio, --high-mmio, --width, --openvmm-version */
  MV_CLI_OPTIONS_STATE   = 1 << 2,  /* --profile, --vcnt */
  MV_CLI_OPTIONS_PICTURE = 1 << 3,  /* the address width as --address-width */
  MV_CLI_OPTIONS_BOOT    = 1 << 4,  /* --loader, --kernel, ... (mv-cli-boot-options.c) */
} MvCliOptionFlags;

/* The boot options (boot and render), over the document's [boot] group. */
typedef struct
{
  const char *command;     /* for the messages: "boot" or "render" */
  gboolean    required;    /* a loader must run (boot); else only once an option is given */
  char       *loader;
  char       *kernel;
  char       *initrd;
  char       *cmdline;
  char       *firmware;
  char       *uefi_config;
  char       *acpi_size;
  char       *acpi_file;
  gboolean    no_smbios;
} MvCliBootOptions;

/* Options shared by every command that works on a layout: the layout
 * comes from a document (FILE.memviz), --preset NAME or, without either,
 * OpenVMM's default; the flags override what it says. */
typedef struct
{
  char   *preset;
  char   *ram;
  char   *numa;
  char  **mmio;
  char  **pci_ecam;
  char  **pci_mmio;
  char   *vtl2;
  char  **probes;
  /* MTRR options */
  char   *low_mmio;
  char   *high_mmio;
  char   *width;
  const char *width_option;  /* "width", or "address-width" for render */
  char   *openvmm_version;   /* --openvmm-version */
  /* the guest's MTRR state */
  char   *profile;
  char   *vcnt;
  gboolean json;
  gboolean allow_outside;  /* --allow-outside-files */
  MvCliBootOptions boot;   /* with MV_CLI_OPTIONS_BOOT */
} MvCliLayoutOptions;

/* What a command needs of the scenario: an error in it fails the command. */
typedef enum
{
  MV_CLI_NEED_NOTHING,  /* render: the picture shows the errors */
  MV_CLI_NEED_LAYOUT,
  MV_CLI_NEED_MTRRS,
} MvCliNeed;

/* What the layout options resolve to: the document and its scenario. */
typedef struct
{
  MvDocument *doc;
  MvScenario *scenario;
  MvLayout   *layout;      /* the scenario's; NULL after a layout error */
  char       *source;      /* what the layout is, for the text output */
  MvRange     low_mmio;
  MvRange     high_mmio;
  guint8      width;       /* as asked */
  GArray     *probes;      /* guint64 */
} MvCliLayout;

void             mv_cli_layout_clear          (MvCliLayout *cl);
GOptionEntry    *mv_cli_layout_entries        (MvCliLayoutOptions *opts,
                                               MvCliOptionFlags    flags);
void             mv_cli_layout_options_clear  (MvCliLayoutOptions *opts);
gboolean         mv_cli_layout_resolve        (const MvCliLayoutOptions *opts,
                                               const char         *document,
                                               MvScenarioFlags     flags,
                                               MvCliNeed           need,
                                               MvCliLayout        *out,
                                               GError            **error);
void             mv_cli_boot_entries          (MvCliBootOptions   *b,
                                               GArray             *entries);
void             mv_cli_boot_options_clear    (MvCliBootOptions   *b);
gboolean         mv_cli_boot_options_given    (const MvCliBootOptions *b);
gboolean         mv_cli_boot_choose           (const MvCliBootOptions *b,
                                               MvDocument         *doc,
                                               GError            **error);
gboolean         mv_cli_boot_apply            (const MvCliBootOptions *b,
                                               MvDocument         *doc,
                                               GError            **error);
gboolean         mv_cli_document_argument     (const char         *command,
                                               int                 argc,
                                               char              **argv,
                                               int                 first,
                                               const char        **document,
                                               GError            **error);

gboolean         mv_cli_parse_options         (GOptionContext     *context,
                                               int                *argc,
                                               char             ***argv,
                                               GError            **error);
gboolean         mv_cli_parse_layout_command  (GOptionContext     *context,
                                               const char         *command,
                                               int                *argc,
                                               char             ***argv,
                                               const char        **document,
                                               GError            **error);
GOptionContext  *mv_cli_context_new           (const char         *parameter,
                                               const char         *summary,
                                               const char         *description);
const char      *mv_cli_did_you_mean          (const char         *word,
                                               const char *const  *known);

/* Prints the elements of a streamed JSON array; FALSE when there were none. */
typedef gboolean (*MvCliJsonTail) (gpointer tail_data);
typedef void (*MvCliJsonExtra) (JsonBuilder   *b,
                                gconstpointer  data);

int              mv_cli_fail                  (gboolean            json,
                                               const GError       *error);
int              mv_cli_fail_full             (gboolean            json,
                                               const GError       *error,
                                               MvCliJsonExtra      extra,
                                               gconstpointer       extra_data);
int              mv_cli_fail_streamed         (gboolean            json,
                                               const GError       *error,
                                               MvCliJsonExtra      extra,
                                               gconstpointer       extra_data,
                                               MvCliJsonTail       tail,
                                               gpointer            tail_data);
const char      *mv_cli_error_kind            (const GError       *error);

/* JSON helpers: every 64-bit value is a minimal lowercase hex string. */
void             mv_json_hex                  (JsonBuilder        *b,
                                               const char         *member,
                                               guint64             value);
void             mv_json_bool                 (JsonBuilder        *b,
                                               const char         *member,
                                               gboolean            value);
void             mv_json_int                  (JsonBuilder        *b,
                                               const char         *member,
                                               gint64              value);
/* @value (nullable): null when NULL. */
void             mv_json_string               (JsonBuilder        *b,
                                               const char         *member,
                                               const char         *value);
void             mv_json_range                (JsonBuilder        *b,
                                               const char         *member,
                                               const MvRange      *range);
void             mv_json_layout               (JsonBuilder        *b,
                                               const MvCliLayout  *cl);
void             mv_json_layout_members       (JsonBuilder        *b,
                                               const MvCliLayout  *cl);
void             mv_json_page_map             (JsonBuilder        *b,
                                               const MvRecorder   *rec);
void             mv_json_print                (JsonBuilder        *b);
void             mv_json_print_streamed       (JsonBuilder        *b,
                                               MvCliJsonTail       tail,
                                               gpointer            tail_data);
/* steps and versions: @changes holds MvStepChange (mv-steps.h). */
void             mv_json_type_changes         (JsonBuilder        *b,
                                               const char         *member,
                                               const GArray       *changes,
                                               const char         *from_name,
                                               const char         *to_name);
void             mv_json_effective_types      (JsonBuilder        *b,
                                               const char         *member,
                                               const MvEffectiveMap *map);



G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MvCliLayoutOptions, mv_cli_layout_options_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MvCliLayout, mv_cli_layout_clear)

int              mv_cli_layout_main           (int argc, char **argv);
int              mv_cli_mtrr_main             (int argc, char **argv);
int              mv_cli_gdt_main              (int argc, char **argv);
int              mv_cli_import_main           (int argc, char **argv);
int              mv_cli_crc32_main            (int argc, char **argv);
int              mv_cli_render_main           (int argc, char **argv);
int              mv_cli_presets_main          (int argc, char **argv);
int              mv_cli_solve_main            (int argc, char **argv);
int              mv_cli_effective_main        (int argc, char **argv);
int              mv_cli_explain_main          (int argc, char **argv);
int              mv_cli_proc_mtrr_main        (int argc, char **argv);
int              mv_cli_check_main            (int argc, char **argv);
int              mv_cli_decode_main           (int argc, char **argv);
int              mv_cli_igvm_main             (int argc, char **argv);
int              mv_cli_boot_main             (int argc, char **argv);
int              mv_cli_steps_main            (int argc, char **argv);
int              mv_cli_versions_main         (int argc, char **argv);

G_END_DECLS
