/* SPDX-License-Identifier: MIT */
/* A real machine's MTRR dump, shown read-only: an #MvViewSource. */
#include "config.h"

#include "mv-mtrr-source.h"
#include "mv-scene-mtrr.h"

struct _MvMtrrSource
{
  GObject     parent_instance;

  char       *name;         /* the file's name */
  MvMtrrText *dump;
  GPtrArray  *diagnostics;  /* MvDiagnostic */
};

static void mv_mtrr_source_iface_init (MvViewSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MvMtrrSource, mv_mtrr_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MV_TYPE_VIEW_SOURCE, mv_mtrr_source_iface_init))

static char *
mtrr_dup_name (MvViewSource *source)
{
  return g_strdup (MV_MTRR_SOURCE (source)->name);
}

static char *
mtrr_dup_subtitle (MvViewSource *source)
{
  return g_strdup ("MTRR dump, read-only");
}

static const MvMtrrState *
mtrr_get_state (MvViewSource *source)
{
  return MV_MTRR_SOURCE (source)->dump->state;
}

static GPtrArray *
mtrr_get_diagnostics (MvViewSource *source)
{
  return MV_MTRR_SOURCE (source)->diagnostics;
}

/* How the dump was read: what memviz assumed where the text is silent. */
static void
mtrr_list_problems (MvViewSource *source,
                    GPtrArray    *problems)
{
  MvMtrrSource *self = MV_MTRR_SOURCE (source);

  for (guint i = 0; i < self->dump->notes->len; i++)
    mv_view_source_add_problem (problems, MV_SEVERITY_NOTE, g_ptr_array_index (self->dump->notes, i),
                           "How the dump was read", NULL);
}

static MvScene *
mtrr_build_scene (MvViewSource *source)
{
  MvMtrrSource *self = MV_MTRR_SOURCE (source);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = g_strdup_printf ("MTRR dump: %s", self->name);
  MvScene *scene;
  GString *formats = g_string_new (NULL);

  for (guint bit = 0; bit < 3; bit++)
    if (self->dump->formats & (1u << bit))
      g_string_append_printf (formats, "%s%s", formats->len ? ", " : "",
                              mv_mtrr_text_format_name (1u << bit));
  subtitle = g_strdup_printf ("read from %s: %u of %u lines used \u00b7 %u-bit addresses \u00b7 VCNT %u",
                              formats->str, self->dump->n_used, self->dump->n_lines,
                              self->dump->state->width, mv_mtrr_state_get_vcnt (self->dump->state));
  g_string_free (formats, TRUE);
  scene = mv_scene_new (title, subtitle);
  mv_scene_add_mtrr_state (scene, self->dump->state, NULL);
  return scene;
}

static void
mv_mtrr_source_iface_init (MvViewSourceInterface *iface)
{
  iface->dup_name = mtrr_dup_name;
  iface->dup_subtitle = mtrr_dup_subtitle;
  iface->get_state = mtrr_get_state;
  iface->get_diagnostics = mtrr_get_diagnostics;
  iface->list_problems = mtrr_list_problems;
  iface->build_scene = mtrr_build_scene;
}

static void
mv_mtrr_source_finalize (GObject *object)
{
  MvMtrrSource *self = MV_MTRR_SOURCE (object);

  g_free (self->name);
  g_clear_pointer (&self->dump, mv_mtrr_text_free);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  G_OBJECT_CLASS (mv_mtrr_source_parent_class)->finalize (object);
}

static void
mv_mtrr_source_class_init (MvMtrrSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mv_mtrr_source_finalize;
}

static void
mv_mtrr_source_init (MvMtrrSource *self)
{
}

/**
 * mv_mtrr_source_new:
 * @name: the dump's name (its file's)
 * @dump: (transfer full): the parsed dump
 *
 * Returns: (transfer full): a read-only source showing @dump
 */
MvViewSource *
mv_mtrr_source_new (const char *name,
                    MvMtrrText *dump)
{
  MvMtrrSource *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (dump != NULL, NULL);

  self = g_object_new (MV_TYPE_MTRR_SOURCE, NULL);
  self->name = g_strdup (name);
  self->dump = dump;
  self->diagnostics = mv_diagnose (dump->state, NULL);
  return MV_VIEW_SOURCE (self);
}

/**
 * mv_mtrr_source_new_for_data:
 * @name: the file's name
 * @data: the file's text: /proc/mtrr, a boot log or an MSR dump
 *
 * Returns: (transfer full) (nullable): a read-only source showing the
 *   dump, or %NULL with @error set when @data is none of them
 */
MvViewSource *
mv_mtrr_source_new_for_data (const char  *name,
                             const char  *data,
                             gsize        len,
                             GError     **error)
{
  MvMtrrText *dump = mv_mtrr_text_parse (data, (gssize) len, MV_MTRR_TEXT_UNKNOWN, MV_MTRR_TEXT_UNKNOWN, error);

  return dump != NULL ? mv_mtrr_source_new (name, dump) : NULL;
}
