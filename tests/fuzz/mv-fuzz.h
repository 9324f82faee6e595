/* SPDX-License-Identifier: MIT */
/* Shared by the fuzz targets: reading parameters from the fuzz input, and
 * checking invariants. Every target defines LLVMFuzzerTestOneInput(); it
 * links either with libFuzzer (-Dfuzzing=true) or with fuzz-replay.c,
 * which runs the seed corpus, the crash regressions and random inputs as
 * an ordinary GLib test. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The input, consumed from the front; once it runs out every read is 0. */
typedef struct
{
  const guint8 *data;
  gsize         len;
} MvFuzzInput;

void     mv_fuzz_setup        (void);

guint8   mv_fuzz_u8           (MvFuzzInput *in);
guint16  mv_fuzz_u16          (MvFuzzInput *in);
guint32  mv_fuzz_u32          (MvFuzzInput *in);
guint64  mv_fuzz_u64          (MvFuzzInput *in);
guint64  mv_fuzz_number       (MvFuzzInput *in);

G_NORETURN
void     mv_fuzz_fail         (const char  *file,
                               int          line,
                               const char  *expr);

/* Not g_assert: it must hold in every build, G_DISABLE_ASSERT or not, and
 * abort so that libFuzzer keeps the input. */
#define MV_FUZZ_CHECK(expr) \
  G_STMT_START { \
    if (G_UNLIKELY (!(expr))) \
      mv_fuzz_fail (__FILE__, __LINE__, #expr); \
  } G_STMT_END

G_END_DECLS
