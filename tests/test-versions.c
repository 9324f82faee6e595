/* SPDX-License-Identifier: MIT */
/* OpenVMM's versions side by side: the comparison core computes once
 * (mv-version-compare.h), its scene, the painted page and memviz-cli
 * render --view versions. */
#include <math.h>
#include <string.h>

#include "mv-mtrr.h"
#include "mv-mtrr-solve.h"
#include "mv-presets.h"
#include "mv-render-private.h"
#include "mv-render-test.h"
#include "mv-scenario.h"
#include "mv-scene-steps.h"
#include "mv-steps.h"
#include "mv-test-util.h"
#include "mv-version-compare.h"

typedef struct
{
  MvDocument          *doc;
  MvScenario          *scenario;
  MvVersionComparison *cmp;
} Compared;

static void
compared_init (Compared   *c,
               const char *preset)
{
  g_autoptr(GError) error = NULL;

  c->doc = mv_preset_load (preset, &error);
  g_assert_no_error (error);
  c->scenario = mv_scenario_run (c->doc, MV_SCENARIO_NONE);
  c->cmp = mv_version_comparison_new_for_scenario (c->scenario, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c->cmp);
}

static void
compared_clear (Compared *c)
{
  g_clear_pointer (&c->cmp, mv_version_comparison_free);
  g_clear_pointer (&c->scenario, mv_scenario_free);
  g_clear_pointer (&c->doc, mv_document_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Compared, compared_clear)

/* ---- core ---------------------------------------------------------------- */

/* OpenVMM's default layout: all three compute the same three pairs, so
 * every two agree and nothing differs. */
static void
test_compare_default (void)
{
  g_auto(Compared) c = { 0 };

  compared_init (&c, "openvmm-default-8g");
  g_assert_cmpint (c.cmp->results[0].version, ==, MV_OPENVMM_VERSION_PRE_3550);
  g_assert_cmpint (c.cmp->results[1].version, ==, MV_OPENVMM_VERSION_3550);
  g_assert_cmpint (c.cmp->results[2].version, ==, MV_OPENVMM_VERSION_CURRENT);
  g_assert_cmpuint (mv_version_comparison_n_computed (c.cmp), ==, 3);
  for (guint i = 0; i < MV_OPENVMM_VERSION_N; i++)
    {
      g_assert_no_error (c.cmp->results[i].error);
      g_assert_cmpuint (mv_mtrr_state_count_valid_pairs (c.cmp->results[i].state), ==, 3);
    }
  g_assert_cmpuint (c.cmp->pairs->len, ==, 3);
  for (guint i = 0; i < c.cmp->pairs->len; i++)
    g_assert_cmpuint (g_array_index (c.cmp->pairs, MvVersionPairDiff, i).ranges->len, ==, 0);
  g_assert_cmpuint (c.cmp->differences->len, ==, 0);
}

/* The low gap alone: pre-3550 refuses it, 3550 programs 4 pairs (to 2^width),
 * current 3 (to the end of RAM); they differ above 16 GiB. */
static void
test_compare_no_high_mmio (void)
{
  g_auto(Compared) c = { 0 };
  const MvVersionPairDiff *pd;
  const MvVersionDifference *d;

  compared_init (&c, "openvmm-no-high-mmio");
  g_assert_error (c.cmp->results[0].error, MV_MTRR_ERROR, MV_MTRR_ERROR_UNSUPPORTED_MMIO);
  g_assert_null (c.cmp->results[0].state);
  g_assert_null (c.cmp->results[0].effective);
  g_assert_cmpuint (mv_mtrr_state_count_valid_pairs (c.cmp->results[1].state), ==, 4);
  g_assert_cmpuint (mv_mtrr_state_count_valid_pairs (c.cmp->results[2].state), ==, 3);
  g_assert_cmpuint (mv_version_comparison_n_computed (c.cmp), ==, 2);

  g_assert_cmpuint (c.cmp->pairs->len, ==, 1);
  pd = &g_array_index (c.cmp->pairs, MvVersionPairDiff, 0);
  g_assert_cmpuint (pd->a, ==, 1);
  g_assert_cmpuint (pd->b, ==, 2);
  g_assert_cmpuint (pd->ranges->len, ==, 1);
  g_assert_cmpuint (c.cmp->differences->len, ==, 1);
  d = &g_array_index (c.cmp->differences, MvVersionDifference, 0);
  g_assert_cmphex (d->range.start, ==, 0x400000000);
  g_assert_cmphex (d->range.end, ==, 0x400000000000);
  g_assert_cmpuint (d->types[0], ==, MV_VERSION_NO_TYPE);
  g_assert_cmpuint (d->types[1], ==, MV_MEM_TYPE_WB);
  g_assert_cmpuint (d->types[2], ==, MV_MEM_TYPE_UC);
}

/* Whether @addr is in one of @ranges (MvStepChange) */
static gboolean
in_changes (const GArray *ranges,
            guint64       addr)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      const MvStepChange *c = &g_array_index (ranges, MvStepChange, i);

      if (addr >= c->range.start && addr < c->range.end)
        return TRUE;
    }
  return FALSE;
}

/* Three versions that compute and differ (the layout's two gaps for
 * pre-3550, no chipset high gap for the others): the differences are
 * exactly the union of every two's, each with every version's type, and
 * maximal. Checked at every boundary any of them has. */
static void
test_compare_union (void)
{
  g_auto(Compared) c = { 0 };
  g_autoptr(MvVersionComparison) cmp = NULL;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (guint64));
  MvRange none = { 0, 0 };

  compared_init (&c, "openvmm-default-8g");
  cmp = mv_version_comparison_new (c.scenario->layout, c.scenario->width, c.scenario->chipset_low,
                                   none, MV_MTRR_PROFILE_LINUX_DIRECT, c.scenario->vcnt);
  g_assert_cmpuint (mv_version_comparison_n_computed (cmp), ==, 3);
  g_assert_cmpuint (cmp->pairs->len, ==, 3);
  g_assert_cmpuint (cmp->differences->len, >, 0);

  for (guint i = 0; i < cmp->pairs->len; i++)
    {
      const GArray *r = g_array_index (cmp->pairs, MvVersionPairDiff, i).ranges;

      for (guint k = 0; k < r->len; k++)
        {
          const MvStepChange *ch = &g_array_index (r, MvStepChange, k);
          guint64 last = ch->range.end - 1;

          g_array_append_val (points, ch->range.start);
          g_array_append_val (points, last);
        }
    }
  for (guint i = 0; i < cmp->differences->len; i++)
    {
      const MvVersionDifference *d = &g_array_index (cmp->differences, MvVersionDifference, i);
      guint64 last = d->range.end - 1;

      g_assert_cmphex (d->range.start, <, d->range.end);
      if (i > 0)
        {
          const MvVersionDifference *p = &g_array_index (cmp->differences, MvVersionDifference, i - 1);

          g_assert_cmphex (p->range.end, <=, d->range.start);
          g_assert_true (p->range.end < d->range.start || memcmp (p->types, d->types, sizeof d->types) != 0);
        }
      g_array_append_val (points, d->range.start);
      g_array_append_val (points, last);
      if (d->range.start > 0)
        {
          guint64 before = d->range.start - 1;

          g_array_append_val (points, before);
        }
      g_array_append_val (points, d->range.end);
    }

  for (guint p = 0; p < points->len; p++)
    {
      guint64 addr = g_array_index (points, guint64, p);
      gboolean in_pairs = FALSE;
      const MvVersionDifference *found = NULL;

      for (guint i = 0; i < cmp->pairs->len; i++)
        in_pairs |= in_changes (g_array_index (cmp->pairs, MvVersionPairDiff, i).ranges, addr);
      for (guint i = 0; i < cmp->differences->len; i++)
        {
          const MvVersionDifference *d = &g_array_index (cmp->differences, MvVersionDifference, i);

          if (addr >= d->range.start && addr < d->range.end)
            found = d;
        }
      g_assert_true (in_pairs == (found != NULL));
      for (guint v = 0; found != NULL && v < MV_OPENVMM_VERSION_N; v++)
        g_assert_cmpuint (found->types[v], ==,
                          mv_effective_map_lookup (cmp->results[v].effective, addr)->type);
    }
}


/* ---- the scene ------------------------------------------------------------ */

/* The page of @c, titled and described as memviz-cli render does. */
static MvScene *
versions_scene (const Compared *c)
{
  MvScene *scene = mv_scene_new ("Test", "8 GiB");

  mv_scene_set_versions (scene, mv_versions_scene_new (c->cmp, c->scenario->layout, scene->title,
                                                       scene->subtitle));
  return scene;
}

/* The default layout: the layout lane with the verdict over it, then three
 * bands of an effective lane and three pair lanes each, each headed with
 * its version's name, what it changed and commit; nothing differs,
 * nothing listed. */
static void
test_scene_default (void)
{
  g_auto(Compared) c = { 0 };
  g_autoptr(MvScene) scene = NULL;
  const MvVersionsScene *vs;
  const MvSceneLane *top;

  compared_init (&c, "openvmm-default-8g");
  scene = versions_scene (&c);
  vs = scene->versions;
  g_assert_nonnull (vs->map);
  g_assert_cmpuint (vs->bands->len, ==, 3);
  g_assert_cmpuint (vs->map->lanes->len, ==, 1 + 3 * 4);
  top = g_ptr_array_index (vs->map->lanes, 0);
  g_assert_cmpint (top->kind, ==, MV_LANE_LAYOUT);
  g_assert_cmpstr (top->heading, ==, vs->verdict);
  g_assert_nonnull (strstr (vs->verdict, "All three versions agree"));
  for (guint i = 0; i < vs->bands->len; i++)
    {
      const MvVersionsBand *band = &g_array_index (vs->bands, MvVersionsBand, i);
      const MvSceneLane *first = g_ptr_array_index (vs->map->lanes, band->first_lane);
      MvOpenvmmVersion v = c.cmp->results[i].version;

      g_assert_cmpint (band->version, ==, v);
      g_assert_null (band->error);
      g_assert_cmpuint (band->n_pairs, ==, 3);
      g_assert_cmpuint (band->n_lanes, ==, 4);
      g_assert_cmpint (first->kind, ==, MV_LANE_EFFECTIVE);
      g_assert_cmpstr (first->heading, ==, band->heading);
      g_assert_true (g_str_has_prefix (band->heading, mv_openvmm_version_to_string (v)));
      g_assert_nonnull (strstr (band->heading, mv_openvmm_version_change (v)));
      g_assert_nonnull (strstr (band->heading, mv_openvmm_version_commit (v)));
      for (guint k = 1; k < band->n_lanes; k++)
        g_assert_null (((MvSceneLane *) g_ptr_array_index (vs->map->lanes, band->first_lane + k))->heading);
    }
  g_assert_cmpuint (vs->differences->len, ==, 0);
  g_assert_null (vs->table);
  g_assert_true (g_str_has_prefix (vs->marking, "Nothing is marked"));
}

/* The low gap alone: pre-3550's band is one lane with its error, 3550's
 * has four pairs, current's three; the ranges marked are core's, each
 * listed with every version's type. */
static void
test_scene_no_high_mmio (void)
{
  g_auto(Compared) c = { 0 };
  g_autoptr(MvScene) scene = NULL;
  const MvVersionsScene *vs;
  const MvVersionsBand *band;

  compared_init (&c, "openvmm-no-high-mmio");
  scene = versions_scene (&c);
  vs = scene->versions;
  g_assert_cmpuint (vs->bands->len, ==, 3);
  band = &g_array_index (vs->bands, MvVersionsBand, 0);
  g_assert_cmpint (band->version, ==, MV_OPENVMM_VERSION_PRE_3550);
  g_assert_cmpstr (band->error_kind, ==, "UnsupportedMmio");
  g_assert_cmpstr (band->error, ==, c.cmp->results[0].error->message);
  g_assert_nonnull (strstr (band->heading, "error\u00a0UnsupportedMmio"));
  g_assert_cmpuint (band->n_lanes, ==, 1);
  g_assert_cmpuint (((MvSceneLane *) g_ptr_array_index (vs->map->lanes, band->first_lane))->items->len, ==, 0);
  g_assert_cmpuint (g_array_index (vs->bands, MvVersionsBand, 1).n_pairs, ==, 4);
  g_assert_cmpuint (g_array_index (vs->bands, MvVersionsBand, 1).n_lanes, ==, 5);
  g_assert_cmpuint (g_array_index (vs->bands, MvVersionsBand, 2).n_pairs, ==, 3);
  g_assert_cmpuint (g_array_index (vs->bands, MvVersionsBand, 2).n_lanes, ==, 4);
  g_assert_cmpuint (vs->map->lanes->len, ==, 1 + 1 + 5 + 4);

  g_assert_cmpuint (vs->differences->len, ==, c.cmp->differences->len);
  g_assert_cmpuint (vs->differences->len, ==, 1);
  g_assert_nonnull (vs->table);
  g_assert_cmpuint (vs->table->rows->len, ==, vs->differences->len);
  for (guint i = 0; i < vs->differences->len; i++)
    {
      const MvVersionDifference *d = &g_array_index (vs->differences, MvVersionDifference, i);
      const MvVersionDifference *e = &g_array_index (c.cmp->differences, MvVersionDifference, i);
      const MvTableRow *row = &g_array_index (vs->table->rows, MvTableRow, i);
      g_autofree char *range = mv_scene_format_range (e->range.start, e->range.end);

      g_assert_cmpmem (d, sizeof *d, e, sizeof *e);
      g_assert_cmpstr (row->cells[0], ==, range);
      g_assert_cmpstr (row->cells[3], ==, mv_mem_type_name (e->types[1]));
      g_assert_cmpstr (row->cells[4], ==, mv_mem_type_name (e->types[2]));
    }
  g_assert_nonnull (strstr (vs->verdict, "3550 and current differ in 1 range"));
  g_assert_nonnull (strstr (vs->verdict, "pre-3550 refuses"));
}

/* No layout: a page that says why. */
static void
test_scene_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_preset_load ("openvmm-default-8g", &error);
  g_autoptr(MvScenario) scenario = NULL;
  g_autoptr(MvScene) scene = NULL;
  MvRenderStyle style;
  double h;

  g_assert_no_error (error);
  g_array_index (doc->ram_sizes, guint64, 0) = 0x1234;
  scenario = mv_scenario_run (doc, MV_SCENARIO_NONE);
  g_assert_null (scenario->layout);
  scene = mv_scene_new ("Broken", NULL);
  mv_scene_set_versions (scene, mv_versions_scene_new_for_scenario (scenario, scene));
  g_assert_null (scene->versions->map);
  g_assert_true (g_str_has_prefix (scene->versions->note, "Nothing to compare: the layout does not compute"));
  mv_render_style_init (&style, MV_THEME_LIGHT);
  h = mv_render_natural_height (scene, &style, MV_VIEW_VERSIONS, 800);
  g_assert_cmpfloat (h, >, 40);
  g_assert_cmpfloat (h, <, 200);
}

/* How often @name occurs in @text as a word of its own (any case): not
 * inside another ("pre-3550") nor a PR's number ("PR #3550"). */
static guint
count_name (const char *text,
            const char *name)
{
  g_autofree char *t = g_ascii_strdown (text, -1);
  g_autofree char *n = g_ascii_strdown (name, -1);
  gsize len = strlen (n);
  guint count = 0;

  for (const char *at = strstr (t, n); at != NULL; at = strstr (at + 1, n))
    {
      char before = at > t ? at[-1] : ' ';
      char after = at[len];

      if (!g_ascii_isalnum (before) && before != '-' && before != '#' &&
          !g_ascii_isalnum (after) && after != '-')
        count++;
    }
  return count;
}

/* Each band's heading says its version's name once, first, then what
 * tells it apart: the PR (pre-3550: that it is the original) and what it
 * changed; never "current · current, since PR #3599". */
static void
test_scene_headings (gconstpointer data)
{
  g_auto(Compared) c = { 0 };
  g_autoptr(MvScene) scene = NULL;
  const MvVersionsScene *vs;

  g_assert_cmpuint (count_name ("current \u00b7 current, since PR #3599", "current"), ==, 2);
  g_assert_cmpuint (count_name ("3550 \u00b7 PR #3550 \u00b7 pre-3550", "3550"), ==, 1);
  compared_init (&c, data);
  scene = versions_scene (&c);
  vs = scene->versions;
  g_assert_cmpuint (vs->bands->len, ==, MV_OPENVMM_VERSION_N);
  for (guint i = 0; i < vs->bands->len; i++)
    {
      const MvVersionsBand *band = &g_array_index (vs->bands, MvVersionsBand, i);
      const char *name = mv_openvmm_version_to_string (band->version);
      g_autofree char *first = g_strconcat (name, " \u00b7 ", NULL);

      g_assert_true (g_str_has_prefix (band->heading, first));
      if (count_name (band->heading, name) != 1)
        g_error ("\"%s\" says %s more than once", band->heading, name);
      g_assert_true (strstr (band->heading, band->version == MV_OPENVMM_VERSION_PRE_3550
                                              ? "the original: " : "PR #") != NULL);
      g_assert_nonnull (strstr (band->heading, mv_openvmm_version_commit (band->version)));
      /* Every version's own: no two headings alike after the name. */
      for (guint k = 0; k < i; k++)
        g_assert_cmpstr (strchr (band->heading, ':'), !=,
                         strchr (g_array_index (vs->bands, MvVersionsBand, k).heading, ':'));
    }
}

/* ---- the painted page ----------------------------------------------------- */

static guint32
pixel (cairo_surface_t *image,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (image));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (image));
  return *(const guint32 *) (data + y * stride + x * 4) & 0xffffff;
}

static guint32
rgb (MvColor c)
{
  return ((guint32) (c.red * 255 + 0.5) << 16) | ((guint32) (c.green * 255 + 0.5) << 8) |
         (guint32) (c.blue * 255 + 0.5);
}

static gboolean
near (guint32 a,
      guint32 b,
      int     tolerance)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}

/* Where the lane @lane's box is in @g. */
static const MvLaneBox *
find_lane (const MvMapGeometry *g,
           guint                lane)
{
  const MvLaneBox *lb = mv_map_geometry_find_lane (g, lane);

  g_assert_nonnull (lb);
  return lb;
}

/* The marking is painted over every band where the versions differ, and
 * nowhere else: in the gaps between each band's lanes (background
 * elsewhere) the pixels inside a marked range are the background tinted
 * with the warning colour, those just outside are the background. */
static void
test_pixels_marking (gconstpointer data)
{
  const char *preset = data;
  g_auto(Compared) c = { 0 };
  g_autoptr(MvScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cairo_surface_t) image = NULL;
  g_autoptr(MvMapGeometry) g = NULL;
  MvRenderStyle style;
  const MvVersionsScene *vs;
  guint32 bg, tint;
  guint n_checked = 0;

  compared_init (&c, preset);
  scene = versions_scene (&c);
  vs = scene->versions;
  mv_render_style_init (&style, MV_THEME_LIGHT);
  image = mv_render_to_image (scene, &style, MV_VIEW_VERSIONS, 1600, 0, 1.0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==,
                   (int) mv_render_natural_height (scene, &style, MV_VIEW_VERSIONS, 1600));
  g = mv_render_map_geometry (vs->map, &style, 1600, 0.0);
  bg = rgb (style.background);
  tint = rgb ((MvColor) { style.background.red * 0.82 + style.warning.red * 0.18,
                          style.background.green * 0.82 + style.warning.green * 0.18,
                          style.background.blue * 0.82 + style.warning.blue * 0.18, 1 });

  for (guint b = 0; b < vs->bands->len; b++)
    {
      const MvVersionsBand *band = &g_array_index (vs->bands, MvVersionsBand, b);

      /* The gap under each of the band's lanes but its last. */
      for (guint l = 0; l + 1 < band->n_lanes; l++)
        {
          const MvLaneBox *upper = find_lane (g, band->first_lane + l);
          const MvLaneBox *lower = find_lane (g, band->first_lane + l + 1);
          int y = (int) ((upper->rect.y + upper->rect.height + lower->rect.y) / 2);

          for (guint i = 0; i < vs->differences->len; i++)
            {
              const MvVersionDifference *d = &g_array_index (vs->differences, MvVersionDifference, i);
              double x0 = mv_scale_to_x (g->scale, d->range.start);
              double x1 = MIN (mv_scale_to_x (g->scale, d->range.end), mv_scale_get_x1 (g->scale));
              guint inside = 0, outside = 0;

              g_assert_cmpfloat (x1 - x0, >, 40);
              /* A few columns each side, clear of the edges and of a
               * grid line or two. */
              for (int k = 0; k < 5; k++)
                {
                  inside += near (pixel (image, (int) x0 + 8 + 3 * k, y), tint, 6);
                  outside += near (pixel (image, (int) x0 - 8 - 3 * k, y), bg, 2);
                }
              g_assert_cmpuint (inside, >=, 4);
              g_assert_cmpuint (outside, >=, 4);
              n_checked++;
            }
        }
    }
  g_assert_cmpuint (n_checked > 0, ==, vs->differences->len > 0);

  /* No difference, no tint anywhere. */
  if (vs->differences->len == 0)
    {
      guint n_tint = 0;

      for (int y = 0; y < cairo_image_surface_get_height (image); y += 2)
        for (int x = 0; x < cairo_image_surface_get_width (image); x += 2)
          n_tint += pixel (image, x, y) == tint;
      g_assert_cmpuint (n_tint, <, 50);
    }
}

/* The failed version's band is outlined in the error colour. */
static void
test_pixels_error_band (void)
{
  g_auto(Compared) c = { 0 };
  g_autoptr(MvScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cairo_surface_t) image = NULL;
  g_autoptr(MvMapGeometry) g = NULL;
  MvRenderStyle style;
  const MvLaneBox *lb;
  guint n_error = 0;

  compared_init (&c, "openvmm-no-high-mmio");
  scene = versions_scene (&c);
  mv_render_style_init (&style, MV_THEME_LIGHT);
  image = mv_render_to_image (scene, &style, MV_VIEW_VERSIONS, 1600, 0, 1.0, &error);
  g_assert_no_error (error);
  g = mv_render_map_geometry (scene->versions->map, &style, 1600, 0.0);
  lb = find_lane (g, g_array_index (scene->versions->bands, MvVersionsBand, 0).first_lane);
  /* Its left border, all the way down. */
  for (int y = (int) lb->rect.y + 6; y < (int) (lb->rect.y + lb->rect.height) - 6; y++)
    n_error += near (pixel (image, (int) floor (lb->rect.x), y), rgb (style.error), 40);
  g_assert_cmpuint (n_error, >=, (guint) lb->rect.height - 16);
}

/* The widths the window's page is looked at: narrow to wide. */
static const double widths[] = { 700, 800, 900, 1280, 1920 };

/* Every heading of the page (the verdict and each band's) is drawn whole
 * at every width the window allows: wrapped onto the lines it needs,
 * never ellipsized; and its title whole. */
static void
test_headings_whole (void)
{
  g_auto(Compared) c = { 0 };
  g_autoptr(MvScene) scene = NULL;
  MvSceneMetrics m;
  MvRenderStyle style;
  const MvVersionsScene *vs;

  compared_init (&c, "openvmm-no-high-mmio");
  /* Titled and described as the window's page is. */
  scene = mv_scene_new (NULL, NULL);
  mv_scene_set_versions (scene, mv_versions_scene_new (c.cmp, c.scenario->layout, "OpenVMM, no high MMIO",
                                                       "8 GiB RAM \u00b7 low MMIO 0xf8000000+128 MiB \u00b7 "
                                                       "no high MMIO \u00b7 46-bit addresses \u00b7 "
                                                       "linux-direct boot"));
  vs = scene->versions;
  mv_render_style_init (&style, MV_THEME_LIGHT);
  mv_render_metrics_init (&m, &style);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(GArray) log = new_log ();
      guint n_wrapped = 0;

      render_logged (scene, &style, MV_VIEW_VERSIONS, widths[w], 0, log);
      for (guint b = 0; b <= vs->bands->len; b++)
        {
          const char *heading = b < vs->bands->len ? g_array_index (vs->bands, MvVersionsBand, b).heading
                                                   : vs->verdict;
          const MvRenderLabel *found = NULL;
          guint lines, drawn;

          for (guint k = 0; k < log->len; k++)
            if (g_strcmp0 (g_array_index (log, MvRenderLabel, k).string, heading) == 0)
              found = &g_array_index (log, MvRenderLabel, k);
          if (found == NULL)
            g_error ("\"%s\" is not drawn at %g wide", heading, widths[w]);
          /* The lines it takes whole, at the width it had: all drawn. */
          lines = m.prose_lines (heading, MV_TEXT_BOLD, found->box.width, m.data);
          drawn = (guint) floor (found->text.height / m.line_height[MV_TEXT_BOLD] + 0.5);
          if (drawn < lines)
            g_error ("\"%s\" is cut at %g wide: %u line(s) drawn, %u needed", heading, widths[w],
                     drawn, lines);
          g_assert_cmpfloat (found->text.width, <=, found->box.width + 0.05);
          n_wrapped += lines > 1;
        }
      /* The page's title too, the scale's caption under it if need be. */
      {
        const MvRenderLabel *title = NULL;

        for (guint k = 0; k < log->len; k++)
          if (g_strcmp0 (g_array_index (log, MvRenderLabel, k).string, vs->title) == 0)
            title = &g_array_index (log, MvRenderLabel, k);
        g_assert_nonnull (title);
        if (title->text.width + 0.5 < m.text_width (vs->title, MV_TEXT_TITLE, m.data))
          g_error ("the title \"%s\" is cut at %g wide", vs->title, widths[w]);
      }
      /* Narrow, the longest wrap; wide, none does. */
      if (widths[w] <= 800)
        g_assert_cmpuint (n_wrapped, >, 0);
      if (widths[w] >= 1920)
        g_assert_cmpuint (n_wrapped, ==, 0);
      check_labels (scene, MV_VIEW_VERSIONS, widths[w], 0);
    }
  mv_render_metrics_clear (&m);
}

/* Where the rule and heading of a band are, cleared of what is under. */
static MvRect
heading_area (const MvLaneBox *lb)
{
  return (MvRect) { lb->heading_rect.x, lb->heading_rect.y - MV_HEADING_RULE_ABOVE,
                    lb->heading_rect.width,
                    lb->heading_rect.height + MV_HEADING_RULE_ABOVE + MV_HEADING_CLEAR_BELOW };
}

/* No break mark is drawn over or touching a band's heading or rule, at
 * natural height or squeezed; a break has marks between the other lanes.
 * Returns how many breaks the axis has. */
static guint
check_breaks_clear (const MvScene *scene,
                    double         width,
                    double         height)
{
  MvRenderStyle style;
  g_autoptr(MvMapGeometry) g = NULL;
  guint n_headings = 0;

  mv_render_style_init (&style, MV_THEME_LIGHT);
  g = mv_render_map_geometry (scene, &style, width, height);
  g_assert_cmpuint (g->break_marks->len > 0, ==, g->breaks->len > 0);
  for (guint i = 0; i < g->lanes->len; i++)
    {
      const MvLaneBox *lb = &g_array_index (g->lanes, MvLaneBox, i);
      MvRect area = heading_area (lb);

      if (lb->heading_rect.height <= 0.0)
        continue;
      n_headings++;
      for (guint k = 0; k < g->break_marks->len; k++)
        {
          const MvRect *mark = &g_array_index (g->break_marks, MvRect, k);

          if (rects_overlap (mark, &area, -1.0))
            g_error ("a break mark (%g,%g %gx%g) touches heading %u (%g,%g %gx%g) at %gx%g",
                     mark->x, mark->y, mark->width, mark->height, i, area.x, area.y,
                     area.width, area.height, width, height);
        }
    }
  g_assert_cmpuint (n_headings, >=, 2);
  return g->breaks->len;
}

/* Step mode's two bands: the same geometry and painter. Their axis
 * ends where the layout does; a bar far above it breaks the axis. */
static MvScene *
steps_scene_with_break (const Compared *c,
                        const MvSteps  *top,
                        const MvSteps  *bottom,
                        guint           position)
{
  MvScene *scene = mv_scene_new_for_steps_side_by_side (c->scenario->layout, top, bottom, position, TRUE);
  MvSceneLane *layout = g_ptr_array_index (scene->lanes, 0);
  const MvSceneItem *ram = &g_array_index (layout->items, MvSceneItem, 0);

  g_assert_cmpint (layout->kind, ==, MV_LANE_LAYOUT);
  mv_scene_lane_add_item (layout, G_GUINT64_CONSTANT (1) << 45, (G_GUINT64_CONSTANT (1) << 45) + GiB,
                          ram->fill, MV_ITEM_NONE, 0, "far", NULL);
  return scene;
}

static void
test_breaks_clear_of_headings (void)
{
  g_auto(Compared) c = { 0 };
  g_autoptr(MvScene) scene = NULL;
  g_autoptr(MvSteps) top = NULL;
  g_autoptr(MvSteps) bottom = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  compared_init (&c, "openvmm-no-high-mmio");
  scene = versions_scene (&c);
  top = mv_steps_new_for_scenario (c.scenario, MV_STEPS_STRATEGY_OPENVMM, &error);
  g_assert_no_error (error);
  bottom = mv_steps_new_for_scenario (c.scenario, MV_STEPS_STRATEGY_FEWEST, &error);
  g_assert_no_error (error);
  n = mv_scene_steps_n_positions (top, bottom);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_assert_cmpuint (check_breaks_clear (scene->versions->map, widths[w], 0), >, 0);
      check_breaks_clear (scene->versions->map, widths[w], 900);
      for (guint pos = 0; pos < n; pos++)
        {
          g_autoptr(MvScene) steps = steps_scene_with_break (&c, top, bottom, pos);

          g_assert_cmpuint (check_breaks_clear (steps, widths[w], 0), >, 0);
          check_breaks_clear (steps, widths[w], 700);
        }
    }
}

/* ---- memviz-cli render --view versions ---------------------------------- */

static void
test_cli_render (void)
{
  const char *const exts[] = { "png", "svg", "pdf" };
  const char *const magic[] = { "\x89PNG", "<?xml", "%PDF" };
  g_autofree char *dir = test_make_tmp_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *name = g_strdup_printf ("versions.%s", exts[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(TestRun) r = { 0 };
      gsize len = 0;

      test_run_cli (&r, "render", "--preset", "openvmm-no-high-mmio", "--view", "versions",
                    "-o", path, "--json", NULL);
      g_assert_cmpstr (r.err, ==, "");
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "\"view\" : \"versions\""));
      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (len, >, 10000);
      g_assert_true (g_str_has_prefix (contents, magic[i]));
      if (i == 0)
        {
          g_autoptr(cairo_surface_t) png = cairo_image_surface_create_from_png (path);

          g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
          g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1600);
          g_assert_cmpint (cairo_image_surface_get_height (png), >, 900);
        }
    }

  /* A close-up of the differing range on the linear axis: drawn, marked. */
  {
    g_autofree char *path = g_build_filename (dir, "close.png", NULL);
    g_autoptr(cairo_surface_t) png = NULL;
    g_auto(TestRun) r = { 0 };

    test_run_cli (&r, "render", "--preset", "openvmm-no-high-mmio", "--view", "versions",
                  "--range", "8G-32G", "--axis", "linear", "--width", "800", "-o", path, NULL);
    g_assert_cmpstr (r.err, ==, "");
    g_assert_cmpint (r.status, ==, 0);
    png = cairo_image_surface_create_from_png (path);
    g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (png), ==, 800);
  }

  /* The view's name is offered where a wrong one is refused. */
  {
    g_autofree char *path = g_build_filename (dir, "x.png", NULL);
    g_auto(TestRun) r = { 0 };

    test_run_cli (&r, "render", "--view", "version", "-o", path, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "explain, versions or vp"));
  }
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/versions/compare/default", test_compare_default);
  g_test_add_func ("/versions/compare/no-high-mmio", test_compare_no_high_mmio);
  g_test_add_func ("/versions/compare/union", test_compare_union);
  g_test_add_func ("/versions/scene/default", test_scene_default);
  g_test_add_func ("/versions/scene/no-high-mmio", test_scene_no_high_mmio);
  g_test_add_func ("/versions/scene/missing", test_scene_missing);
  g_test_add_data_func ("/versions/scene/headings/default", "openvmm-default-8g", test_scene_headings);
  g_test_add_data_func ("/versions/scene/headings/no-high-mmio", "openvmm-no-high-mmio", test_scene_headings);
  g_test_add_func ("/versions/headings-whole", test_headings_whole);
  g_test_add_func ("/versions/breaks-clear-of-headings", test_breaks_clear_of_headings);
  g_test_add_data_func ("/versions/pixels/marking/default", "openvmm-default-8g", test_pixels_marking);
  g_test_add_data_func ("/versions/pixels/marking/no-high-mmio", "openvmm-no-high-mmio", test_pixels_marking);
  g_test_add_func ("/versions/pixels/error-band", test_pixels_error_band);
  g_test_add_func ("/versions/cli/render", test_cli_render);

  {
    int status = g_test_run ();

    mv_render_shutdown ();
    return status;
  }
}
