/* SPDX-License-Identifier: MIT */
/* Fuzz target: memviz documents (mv_document_load_from_data) from any
 * bytes. A document that loads saves to text that loads back equal, and
 * saving that gives the same text; then the document runs through the
 * core (mv_scenario_run_full) without reading any file, the imports
 * cancelled after a bounded number of chunks so that a document asking
 * for a huge synthetic region costs a fuzzer nothing. */
#include "mv-fuzz.h"

#include <string.h>

#include "mv-document.h"
#include "mv-scenario.h"

#define MAX_CHUNKS 64

static gboolean
bounded_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  guint *chunks = user_data;

  MV_FUZZ_CHECK (done <= total);
  return ++*chunks < MAX_CHUNKS;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = NULL;

  mv_fuzz_setup ();

  doc = mv_document_load_from_data ((const char *) data, (gssize) size,
                                    "/nonexistent/memviz-fuzz", &error);
  if (doc == NULL)
    {
      MV_FUZZ_CHECK (error != NULL && error->domain == MV_DOCUMENT_ERROR);
      MV_FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
      return 0;
    }
  MV_FUZZ_CHECK (error == NULL);

  /* Save, load, compare; save again, same text. */
  {
    g_autoptr(GError) again_error = NULL;
    g_autoptr(MvDocument) again = NULL;
    g_autofree char *text = NULL;
    g_autofree char *text2 = NULL;
    gsize len = 0, len2 = 0;

    text = mv_document_to_data (doc, &len);
    MV_FUZZ_CHECK (text != NULL && strlen (text) == len);
    again = mv_document_load_from_data (text, (gssize) len, "/nonexistent/memviz-fuzz",
                                        &again_error);
    MV_FUZZ_CHECK (again != NULL && again_error == NULL);
    MV_FUZZ_CHECK (mv_document_equal (doc, again));
    text2 = mv_document_to_data (again, &len2);
    MV_FUZZ_CHECK (len == len2 && memcmp (text, text2, len) == 0);
  }

  /* Run it, reading no file. */
  {
    guint chunks = 0;
    g_autoptr(MvScenario) sc = mv_scenario_run_full (doc, MV_SCENARIO_SKIP_FILES,
                                                     bounded_progress, &chunks);

    MV_FUZZ_CHECK (sc != NULL);
    MV_FUZZ_CHECK (sc->imports->len == doc->imports->len);
    MV_FUZZ_CHECK (sc->recorder->total_pages == mv_recorder_map_pages (sc->recorder));
    MV_FUZZ_CHECK ((sc->layout == NULL) == (sc->layout_error != NULL));
    if (sc->layout != NULL)
      MV_FUZZ_CHECK (sc->variable_mtrrs != NULL || sc->mtrr_error != NULL);
    MV_FUZZ_CHECK (sc->mtrr_state != NULL);
    for (guint i = 0; i < sc->imports->len; i++)
      {
        const MvImportResult *r = &g_array_index (sc->imports, MvImportResult, i);
        MV_FUZZ_CHECK (r->ok == (r->error == NULL));
      }
  }
  return 0;
}
