/* SPDX-License-Identifier: MIT */
/* What the Linux boot tests share: the small bzImage and ELF files they
 * build, the layouts, and a run of mv_boot_load () into an MvRecorder
 * (tracing) beside which each tag's last data is kept. */
#pragma once

#include <mv-boot.h>
#include <mv-le.h>
#include <mv-recorder.h>

#define PAGE 4096
#define MB   ((guint64) 0x100000)
#define GB   ((guint64) 0x40000000)

typedef struct
{
  guint8  setup_sects;
  guint16 version;
  guint8  loadflags;
  guint16 xloadflags;
  guint32 syssize;         /* 0: payload / 16 */
  guint64 pref_address;
  guint32 init_size;
  gsize   payload;         /* bytes of protected-mode code */
} BzSpec;

extern const BzSpec bz_default;

typedef struct
{
  guint32 type;
  guint64 offset;
  guint64 paddr;
  guint64 filesz;
  guint64 memsz;
} PhSpec;

typedef struct
{
  MvImporter  parent;
  MvRecorder *recorder;
  GHashTable *data;     /* tag -> GBytes */
} Tee;

typedef struct
{
  Tee         tee;
  MvRecorder *rec;
  MvBootInfo  info;
  GError     *error;
  gboolean    ok;
} Run;

guint8             *pattern        (gsize               n,
                                    guint               seed);
char               *write_file     (const char         *name,
                                    const guint8       *data,
                                    gsize               len);
char               *write_bytes    (const char         *name,
                                    GBytes             *bytes);
GBytes             *make_bzimage   (const BzSpec       *spec);
char               *default_kernel (const char         *name);
GBytes             *make_elf       (guint16             machine,
                                    guint8              data_encoding,
                                    guint64             entry,
                                    const PhSpec       *ph,
                                    guint               n_ph,
                                    gsize               size);
MvLayout           *gapped_layout  (void);
MvLayout           *small_layout   (guint64             ram);
MvBootConfig        linux_config   (const char         *kernel,
                                    const char         *initrd,
                                    const char         *cmdline);

void                run_boot       (Run                *r,
                                    const MvBootConfig *config,
                                    const MvLayout     *layout,
                                    GCancellable       *cancellable,
                                    MvBootProgress      progress,
                                    gpointer            progress_data);
void                run_clear      (Run                *r);
const guint8       *tag_data       (Run                *r,
                                    const char         *tag,
                                    gsize               expected_len);
const MvImportCall *call           (Run                *r,
                                    guint               i);
void                assert_call    (Run                *r,
                                    guint               i,
                                    const char         *tag,
                                    guint64             page_base,
                                    guint64             page_count,
                                    guint64             data_len);
guint               assert_stream  (Run                *r,
                                    guint               first,
                                    const char         *tag,
                                    guint64             start_page,
                                    guint64             end_page,
                                    const guint8       *data,
                                    gsize               len);
guint64             le             (const guint8       *p,
                                    guint               bytes);
