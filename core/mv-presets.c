/* SPDX-License-Identifier: MIT */
/* The presets: the .memviz files of data/presets/, compiled into the
 * program as strings (core stays GLib-only: no GResource, which is GIO). */
#include "mv-presets.h"
#include "mv-presets-private.h"

G_DEFINE_QUARK (mv-preset-error-quark, mv_preset_error)

guint
mv_presets_count (void)
{
  return _mv_presets_n_data;
}

/**
 * mv_preset_name:
 * Returns: (nullable): the name of preset @index, in data/presets/ order
 */
const char *
mv_preset_name (guint index)
{
  if (index >= _mv_presets_n_data)
    return NULL;
  return _mv_presets_data[index].name;
}

/**
 * mv_preset_text:
 * Returns: (nullable): the `.memviz` text of the preset called @name
 */
const char *
mv_preset_text (const char *name)
{
  for (guint i = 0; i < _mv_presets_n_data; i++)
    if (g_strcmp0 (_mv_presets_data[i].name, name) == 0)
      return _mv_presets_data[i].text;
  return NULL;
}

/**
 * mv_preset_load:
 * The preset called @name as a document with no path and no folder.
 *
 * Returns: (transfer full) (nullable): the document
 */
MvDocument *
mv_preset_load (const char  *name,
                GError     **error)
{
  const char *text = mv_preset_text (name);
  MvDocument *doc;

  if (text == NULL)
    {
      g_set_error (error, MV_PRESET_ERROR, MV_PRESET_ERROR_UNKNOWN,
                   "there is no preset called “%s”", name != NULL ? name : "(null)");
      return NULL;
    }
  doc = mv_document_load_from_data (text, -1, NULL, error);
  if (doc == NULL)
    g_prefix_error (error, "preset %s: ", name);
  return doc;
}

void
mv_preset_info_free (MvPresetInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->title);
  g_free (info->description);
  g_free (info);
}

/**
 * mv_presets_list:
 * Every preset, by name, with its title and description. The presets are
 * built in: the list is read once and shared.
 *
 * Returns: (transfer full) (element-type MvPresetInfo): a reference to the
 *   shared list; do not change it
 */
GPtrArray *
mv_presets_list (void)
{
  static GPtrArray *shared;

  if (g_once_init_enter (&shared))
    {
      GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) mv_preset_info_free);

      for (guint i = 0; i < _mv_presets_n_data; i++)
        {
          g_autoptr(MvDocument) doc = NULL;
          MvPresetInfo *info;

          doc = mv_document_load_from_data (_mv_presets_data[i].text, -1, NULL, NULL);
          info = g_new0 (MvPresetInfo, 1);
          info->name = g_strdup (_mv_presets_data[i].name);
          info->title = g_strdup (doc != NULL && doc->title != NULL ? doc->title : info->name);
          info->description = g_strdup (doc != NULL && doc->description != NULL ? doc->description : "");
          g_ptr_array_add (list, info);
        }
      g_once_init_leave (&shared, list);
    }
  return g_ptr_array_ref (shared);
}
