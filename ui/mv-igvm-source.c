/* SPDX-License-Identifier: MIT */
/* An IGVM file, shown read-only one platform at a time, alone or laid
 * over a preset layout: an #MvViewSource. A large file is read in a
 * thread (mv_igvm_source_new_async()). */
#include "config.h"

#include <string.h>

#include "mv-igvm-source.h"
#include "mv-presets.h"
#include "mv-scene-igvm.h"

struct _MvIgvmSource
{
  GObject     parent_instance;

  char       *name;       /* the file's name */
  MvIgvmFile *file;
  guint       platform;   /* index into file->platforms */
  guint       layout;     /* 0: none; else the preset mv_preset_name (layout - 1) */
  MvScenario *over;       /* the preset's scenario, with a layout */
};

static void mv_igvm_source_iface_init (MvViewSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MvIgvmSource, mv_igvm_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MV_TYPE_VIEW_SOURCE, mv_igvm_source_iface_init))

/* The platform shown: its mask, or 0 (everything) in a file without
 * platform headers. */
guint32
mv_igvm_source_get_mask (MvIgvmSource *self)
{
  g_return_val_if_fail (MV_IS_IGVM_SOURCE (self), 0);

  if (self->platform >= self->file->platforms->len)
    return 0;
  return g_array_index (self->file->platforms, MvIgvmPlatform, self->platform).mask;
}

/**
 * mv_igvm_source_get_file:
 *
 * Returns: (transfer none): the file as read
 */
const MvIgvmFile *
mv_igvm_source_get_file (MvIgvmSource *self)
{
  g_return_val_if_fail (MV_IS_IGVM_SOURCE (self), NULL);
  return self->file;
}

static char *
igvm_dup_name (MvViewSource *source)
{
  return g_strdup (MV_IGVM_SOURCE (source)->name);
}

static char *
igvm_dup_subtitle (MvViewSource *source)
{
  MvIgvmSource *self = MV_IGVM_SOURCE (source);

  return g_strdup_printf ("IGVM file, format version %u, read-only", self->file->format_version);
}

static const MvLayout *
igvm_get_layout (MvViewSource *source)
{
  MvIgvmSource *self = MV_IGVM_SOURCE (source);

  return self->over != NULL ? self->over->layout : NULL;
}

static const MvMtrrState *
igvm_get_state (MvViewSource *source)
{
  MvIgvmSource *self = MV_IGVM_SOURCE (source);

  return self->over != NULL ? self->over->mtrr_state : NULL;
}

/* The reader's diagnostics for the platform shown (and those about no
 * platform), each marked on the map by its id. */
static void
igvm_list_problems (MvViewSource *source,
                    GPtrArray    *problems)
{
  MvIgvmSource *self = MV_IGVM_SOURCE (source);
  guint32 mask = mv_igvm_source_get_mask (self);

  for (guint i = 0; self->file->diagnostics != NULL && i < self->file->diagnostics->len; i++)
    {
      const MvIgvmDiagnostic *d = g_ptr_array_index (self->file->diagnostics, i);
      g_autofree char *id = NULL;
      g_autofree char *detail = NULL;
      MvViewSourceProblem *p;

      if (d->mask != 0 && !mv_scene_igvm_shows (d->mask, mask))
        continue;
      id = g_strdup_printf (MV_SCENE_IGVM_MARK_PREFIX "%u", i);
      if (d->mask != 0)
        detail = g_strdup_printf ("IGVM file, %s (mask 0x%x)",
                                  mv_igvm_diagnostic_kind_name (d->kind), d->mask);
      else
        detail = g_strdup_printf ("IGVM file, %s", mv_igvm_diagnostic_kind_name (d->kind));
      mv_view_source_add_problem (problems, d->severity, d->message, detail, id);
      p = g_ptr_array_index (problems, problems->len - 1);
      p->has_range = d->has_range;
      p->start = d->range.start;
      p->end = d->range.end;
    }
}

/* Preset @index as a user knows it: its title (the Presets menu's words),
 * not its file name. */
static char *
preset_title (guint index)
{
  g_autoptr(GPtrArray) list = mv_presets_list ();

  return g_strdup (index < list->len ? ((const MvPresetInfo *) g_ptr_array_index (list, index))->title
                                     : mv_preset_name (index));
}

static MvScene *
igvm_build_scene (MvViewSource *source)
{
  MvIgvmSource *self = MV_IGVM_SOURCE (source);
  MvScene *scene = mv_scene_new_for_igvm (self->file, self->name, mv_igvm_source_get_mask (self), self->over);

  if (self->over != NULL)
    {
      g_autofree char *title = preset_title (self->layout - 1);
      char *subtitle = g_strdup_printf ("%s \u00b7 over %s", scene->subtitle, title);

      g_free (scene->subtitle);
      scene->subtitle = subtitle;
    }
  return scene;
}

static guint
igvm_get_n_choices (MvViewSource *source)
{
  return MV_IGVM_SOURCE_N_CHOICES;
}

static char *
igvm_dup_choice_title (MvViewSource *source,
                       guint         group)
{
  return g_strdup (group == MV_IGVM_SOURCE_CHOICE_PLATFORM ? "Platform" : "Lay over");
}

static GStrv
igvm_dup_choice_items (MvViewSource *source,
                       guint         group)
{
  MvIgvmSource *self = MV_IGVM_SOURCE (source);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (group == MV_IGVM_SOURCE_CHOICE_PLATFORM)
    {
      for (guint i = 0; i < self->file->platforms->len; i++)
        {
          g_autofree char *label =
            mv_scene_igvm_platform_label (&g_array_index (self->file->platforms, MvIgvmPlatform, i));

          g_strv_builder_add (b, label);
        }
      if (self->file->platforms->len == 0)
        g_strv_builder_add (b, "No platform header");
    }
  else
    {
      g_strv_builder_add (b, "No layout");
      for (guint i = 0; i < mv_presets_count (); i++)
        {
          g_autofree char *title = preset_title (i);

          g_strv_builder_add (b, title);
        }
    }
  return g_strv_builder_end (b);
}

static guint
igvm_get_choice (MvViewSource *source,
                 guint         group)
{
  MvIgvmSource *self = MV_IGVM_SOURCE (source);

  return group == MV_IGVM_SOURCE_CHOICE_PLATFORM ? self->platform : self->layout;
}

/* Lays the file over preset @layout (0: none), and checks its pages
 * against that layout. */
static void
set_layout (MvIgvmSource *self,
            guint         layout)
{
  g_autoptr(MvDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->over, mv_scenario_free);
  self->layout = 0;
  if (layout > 0 && layout <= mv_presets_count ())
    {
      doc = mv_preset_load (mv_preset_name (layout - 1), &error);
      if (doc == NULL)
        g_warning ("The preset %s does not load: %s", mv_preset_name (layout - 1), error->message);
      else
        {
          /* A layout to compare with: its imports are not the file's. */
          self->over = mv_scenario_run (doc, MV_SCENARIO_SKIP_FILES);
          self->layout = layout;
        }
    }
  mv_igvm_diagnose (self->file, self->over != NULL ? self->over->layout : NULL);
}

static void
igvm_set_choice (MvViewSource *source,
                 guint         group,
                 guint         item)
{
  MvIgvmSource *self = MV_IGVM_SOURCE (source);

  if (item == igvm_get_choice (source, group))
    return;
  if (group == MV_IGVM_SOURCE_CHOICE_PLATFORM)
    {
      if (item >= self->file->platforms->len)
        return;
      self->platform = item;
    }
  else
    set_layout (self, item);
  mv_view_source_changed (source);
}

static void
mv_igvm_source_iface_init (MvViewSourceInterface *iface)
{
  iface->dup_name = igvm_dup_name;
  iface->dup_subtitle = igvm_dup_subtitle;
  iface->get_layout = igvm_get_layout;
  iface->get_state = igvm_get_state;
  iface->list_problems = igvm_list_problems;
  iface->build_scene = igvm_build_scene;
  iface->get_n_choices = igvm_get_n_choices;
  iface->dup_choice_title = igvm_dup_choice_title;
  iface->dup_choice_items = igvm_dup_choice_items;
  iface->get_choice = igvm_get_choice;
  iface->set_choice = igvm_set_choice;
}

static void
mv_igvm_source_finalize (GObject *object)
{
  MvIgvmSource *self = MV_IGVM_SOURCE (object);

  g_free (self->name);
  g_clear_pointer (&self->file, mv_igvm_file_free);
  g_clear_pointer (&self->over, mv_scenario_free);
  G_OBJECT_CLASS (mv_igvm_source_parent_class)->finalize (object);
}

static void
mv_igvm_source_class_init (MvIgvmSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mv_igvm_source_finalize;
}

static void
mv_igvm_source_init (MvIgvmSource *self)
{
}

/**
 * mv_igvm_source_claims:
 *
 * Returns: whether @data starts with the IGVM magic ("IGVM"): the file is
 *   then an IGVM file, or a broken one
 */
gboolean
mv_igvm_source_claims (const char *data,
                       gsize       len)
{
  return data != NULL && len >= 4 && memcmp (data, "IGVM", 4) == 0;
}

/**
 * mv_igvm_source_file_claims:
 *
 * Reads the first bytes of @file: whether it is an IGVM file (by its
 * magic), without reading the rest. A file that cannot be read, or is not a
 * regular file, is not.
 */
gboolean
mv_igvm_source_file_claims (GFile *file)
{
  g_autoptr(GFileInputStream) in = NULL;
  char head[4];
  gsize n = 0;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* Only a regular file is opened: a FIFO would wait for a writer. */
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_REGULAR)
    return FALSE;
  in = g_file_read (file, NULL, NULL);
  if (in == NULL || !g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head, &n, NULL, NULL))
    return FALSE;
  return mv_igvm_source_claims (head, n);
}

/**
 * mv_igvm_source_new:
 * @name: the file's name
 * @file: (transfer full): the file as read
 *
 * Returns: (transfer full): a read-only source showing @file's first
 *   platform
 */
MvViewSource *
mv_igvm_source_new (const char *name,
                    MvIgvmFile *file)
{
  MvIgvmSource *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (file != NULL, NULL);

  self = g_object_new (MV_TYPE_IGVM_SOURCE, NULL);
  self->name = g_strdup (name);
  self->file = file;
  return MV_VIEW_SOURCE (self);
}

/**
 * mv_igvm_source_new_for_data:
 * @name: the file's name
 * @data: the whole file
 *
 * Returns: (transfer full) (nullable): a source showing the file, or
 *   %NULL with @error set (MV_IGVM_ERROR) when it is not a readable
 *   IGVM file
 */
MvViewSource *
mv_igvm_source_new_for_data (const char  *name,
                             const char  *data,
                             gsize        len,
                             GError     **error)
{
  MvIgvmFile *file = mv_igvm_read_data ((const guint8 *) data, len, MV_IGVM_READ_CRC, error);

  return file != NULL ? mv_igvm_source_new (name, file) : NULL;
}

/* ---- Reading in a thread ------------------------------------------------- */

static gboolean
still_wanted (guint64  done,
              guint64  total,
              gpointer data)
{
  return !g_cancellable_is_cancelled (data);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *gfile = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_file_get_basename (gfile);
  g_autofree char *name = g_filename_display_name (base);
  g_autofree char *data = NULL;
  MvIgvmFile *file = NULL;
  const char *path = g_file_peek_path (gfile);
  gsize len = 0;

  if (path != NULL)
    {
      g_autoptr(MvSource) in = mv_source_new_for_path (path, &error);

      if (in != NULL)
        file = mv_igvm_read (in, MV_IGVM_READ_CRC, NULL, NULL, still_wanted, cancellable, &error);
    }
  else if (g_file_load_contents (gfile, cancellable, &data, &len, NULL, &error))
    file = mv_igvm_read_data ((const guint8 *) data, len, MV_IGVM_READ_CRC, &error);

  if (file == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, mv_igvm_source_new (name, file), g_object_unref);
}

/**
 * mv_igvm_source_new_async:
 *
 * Reads the IGVM file @file in a thread (a large one takes a moment, and
 * the window must not stop), then calls @callback.
 */
void
mv_igvm_source_new_async (GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mv_igvm_source_new_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_in_thread);
}

/**
 * mv_igvm_source_new_finish:
 *
 * Returns: (transfer full) (nullable): the source, or %NULL with @error
 *   set
 */
MvViewSource *
mv_igvm_source_new_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
