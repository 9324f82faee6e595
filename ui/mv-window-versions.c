/* SPDX-License-Identifier: MIT */
/* The window's Versions page: OpenVMM's upstream versions side by side
 * on what the window shows. Three MTRR computations a time, so they are
 * made only while the page is shown: an edit while another page is shown
 * marks the page stale, and showing it makes it anew. */
#include "config.h"

#include "mv-map-view.h"
#include "mv-picture-view.h"
#include "mv-window-private.h"

/* Drops the page's scene (its view forgets it first). */
void
_mv_window_versions_clear (MvWindow *self)
{
  if (self->versions_view != NULL)
    mv_picture_view_set_scene (MV_PICTURE_VIEW (self->versions_view), NULL);
  g_clear_pointer (&self->versions_scene, mv_scene_free);
}

/* Makes the page anew when it is shown and the source changed since. */
void
_mv_window_versions_update (MvWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
  g_autoptr(MvScene) own = NULL;
  const MvScene *shown;
  MvScene *scene;

  if (g_strcmp0 (page, "versions") != 0 || self->source == NULL ||
      (!self->versions_stale && self->versions_scene != NULL))
    return;
  /* The title and the layout's facts from the map's scene, or, in step
   * mode (whose scene is titled with the step), from the source's. */
  shown = mv_map_view_get_scene (MV_MAP_VIEW (self->map_view));
  if (self->step_mode)
    shown = own = mv_view_source_build_scene (self->source);
  scene = mv_scene_new (NULL, NULL);
  mv_scene_set_versions (scene, mv_view_source_build_versions (self->source, shown));
  mv_picture_view_set_scene (MV_PICTURE_VIEW (self->versions_view), scene);
  g_clear_pointer (&self->versions_scene, mv_scene_free);
  self->versions_scene = scene;
  self->versions_stale = FALSE;
}

/**
 * mv_window_get_versions:
 *
 * Returns: (transfer none) (nullable): what the Versions page shows; %NULL
 *   while it was never shown
 */
const MvVersionsScene *
mv_window_get_versions (MvWindow *self)
{
  g_return_val_if_fail (MV_IS_WINDOW (self), NULL);

  return self->versions_scene != NULL ? self->versions_scene->versions : NULL;
}
