/* SPDX-License-Identifier: MIT */
/* The hostile suite: crafted inputs and failing outputs, each run as a
 * user runs it (memviz-cli or memviz in a private scratch directory)
 * under a 2 s CPU limit (10 s in a sanitizer build), a 256 MiB
 * address-space limit (none in a sanitizer build: ASan reserves
 * terabytes) and a 20 s wall clock (times MEMVIZ_TIMEOUT_MULTIPLIER), and
 * checked for its exit status, a message, and what it left on disk.
 *
 * Each file cases-*.c holds a table of HostileCase and one function that
 * registers it with hostile_add_cases (); hostile.c's main calls those.
 * In a case's arguments, document, paths, environment and expected texts,
 * @DIR@ is the case's scratch directory (the run's working directory). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HostileCase HostileCase;

typedef enum
{
  HOSTILE_CLI = 0,  /* $MEMVIZ_CLI */
  HOSTILE_GUI,      /* $MEMVIZ, with DISPLAY and WAYLAND_DISPLAY unset */
} HostileProgram;

struct _HostileCase
{
  const char    *name;        /* the test path: /hostile/GROUP/NAME */
  HostileProgram program;
  const char    *args;        /* the arguments, shell syntax; @DIR@ expands */
  const char    *document;    /* written to @DIR@/doc.memviz before the run; @DIR@ expands (NULL: none) */
  void         (*setup) (const HostileCase *c,
                         const char        *dir);  /* makes other files (NULL: none) */
  const char    *stdin_path;  /* the run's stdin (NULL: /dev/null); @DIR@ expands */
  const char    *stdout_path; /* stdout goes there, e.g. /dev/full (NULL: captured) */
  const char *const *env;     /* extra NAME=VALUE settings, NULL-terminated (NULL: none) */
  guint64        fsize_limit; /* RLIMIT_FSIZE in bytes for the run (0: none) */

  int            status;      /* the exit status expected */
  const char    *message;     /* stderr must hold this (NULL: not checked) */
  const char    *stdout_has;  /* captured stdout must hold this (NULL: not checked) */
  const char    *intact;      /* this file in @DIR@ keeps its bytes (NULL: none) */
  gboolean       no_temp;     /* the run leaves no new file in @DIR@ but `creates` */
  const char    *creates;     /* the one new file a run may leave (NULL: none) */
  guint          mode;        /* `intact`'s (or `creates`') permission bits after (0: not checked) */
  const char    *symlink;     /* this name in @DIR@ is still a symbolic link after (NULL: none) */
  void         (*check) (const HostileCase *c,
                         const char        *dir,
                         const char        *out,
                         const char        *err);  /* further checks (NULL: none) */
};

/* Registers one test per case, /hostile/GROUP/NAME. @cases stays alive. */
void   hostile_add_cases  (const char        *group,
                           const HostileCase *cases,
                           gsize              n_cases);

/* Helpers for setup and check functions: @dir/@name, and writing it. */
char  *hostile_path       (const char        *dir,
                           const char        *name);
void   hostile_write      (const char        *dir,
                           const char        *name,
                           const void        *data,
                           gssize             length);  /* -1: strlen */

/* The tables: one function per cases-*.c file, called from main. */
void   hostile_register_output (void);
void   hostile_register_cost   (void);

G_END_DECLS
