/* SPDX-License-Identifier: MIT */
/* The look: the light and dark styles, and the names of the themes, views
 * and file formats. */
#include "mv-render.h"

#include <string.h>

#include "mv-render-private.h"

G_DEFINE_QUARK (mv-render-error-quark, mv_render_error)

/**
 * mv_render_style_init:
 * The light or dark theme, with "Sans" and "Monospace" at 13 px.
 */
void
mv_render_style_init (MvRenderStyle *style,
                      MvTheme        theme)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->theme = theme;
  style->font_family = "Sans";
  style->mono_family = "Monospace";
  style->font_size = 13.0;

  /* Okabe & Ito's palette: orange E69F00, sky blue 56B4E9, bluish green
   * 009E73, yellow F0E442, blue 0072B2, vermillion D55E00, reddish purple
   * CC79A7. Memory types take the saturated colours; the layout kinds
   * take blue and orange and lighter or darker relatives. */
  style->fills[MV_FILL_WB] = _mv_rgb (0x009E73);
  style->fills[MV_FILL_UC] = _mv_rgb (0xD55E00);
  style->fills[MV_FILL_WC] = _mv_rgb (0x56B4E9);
  style->fills[MV_FILL_WT] = _mv_rgb (0xF0E442);
  style->fills[MV_FILL_WP] = _mv_rgb (0xCC79A7);
  style->fills[MV_FILL_RESERVED] = _mv_rgb (0x8C8C8C);
  style->fills[MV_FILL_UNDEFINED] = _mv_rgb (0x3A3A3A);
  style->fills[MV_FILL_RAM] = _mv_rgb (0x0072B2);
  style->fills[MV_FILL_MMIO] = _mv_rgb (0xE69F00);
  style->fills[MV_FILL_PCI_ECAM] = _mv_rgb (0xE8C3D8);
  style->fills[MV_FILL_PCI_MMIO] = _mv_rgb (0xF5D58A);
  style->fills[MV_FILL_VTL2] = _mv_rgb (0x4B3F8F);
  style->fills[MV_FILL_DATA] = _mv_rgb (0x44617F);
  style->fills[MV_FILL_ZERO] = _mv_rgb (0xC9CED4);
  /* An IGVM file's pages: apart from the memory types' colours, which
   * show beside them when the file is laid over a layout. */
  style->fills[MV_FILL_UNMEASURED] = _mv_rgb (0x7FA7CF);
  style->fills[MV_FILL_SHARED] = _mv_rgb (0x9BBF5C);
  style->fills[MV_FILL_SECRETS] = _mv_rgb (0xA23B72);
  style->fills[MV_FILL_CPUID] = _mv_rgb (0xE8A0C8);
  style->fills[MV_FILL_PARAMETER] = _mv_rgb (0x6A4C93);
  style->fills[MV_FILL_VMSA] = _mv_rgb (0x1B7F8C);
  style->fills[MV_FILL_REQUIRED] = _mv_rgb (0xB8C7D9);
  style->fills[MV_FILL_E820_RESERVED] = _mv_rgb (0xB07A3B);
  style->fills[MV_FILL_E820_ACPI] = _mv_rgb (0x7A5C99);

  if (theme == MV_THEME_DARK)
    {
      style->background = _mv_rgb (0x1E2124);
      style->foreground = _mv_rgb (0xE8EAED);
      style->muted = _mv_rgb (0xA0A6AD);
      style->lane = _mv_rgb (0x2A2E33);
      style->grid = _mv_rgb (0x4A5057);
      style->error = _mv_rgb (0xFF7B5C);
      style->warning = _mv_rgb (0xF0C24B);
      style->note = _mv_rgb (0x6CB8F0);
      style->fills[MV_FILL_DATA] = _mv_rgb (0x6F8FB0);
      style->fills[MV_FILL_ZERO] = _mv_rgb (0x5C636B);
      style->fills[MV_FILL_VMSA] = _mv_rgb (0x3FB7C4);
      style->fills[MV_FILL_PARAMETER] = _mv_rgb (0x9A7CC4);
      style->fills[MV_FILL_REQUIRED] = _mv_rgb (0x47566A);
      style->fills[MV_FILL_UNDEFINED] = _mv_rgb (0xD9D9D9);
      style->fills[MV_FILL_VTL2] = _mv_rgb (0x8F82D9);
      style->fills[MV_FILL_PCI_ECAM] = _mv_rgb (0x9E6487);
      style->fills[MV_FILL_PCI_MMIO] = _mv_rgb (0xA67C22);
    }
  else
    {
      style->background = _mv_rgb (0xFFFFFF);
      style->foreground = _mv_rgb (0x1F2328);
      style->muted = _mv_rgb (0x5F6670);
      style->lane = _mv_rgb (0xF1F3F5);
      style->grid = _mv_rgb (0xC4C9CF);
      style->error = _mv_rgb (0xC0392B);
      style->warning = _mv_rgb (0xB7791F);
      style->note = _mv_rgb (0x1F6FB2);
    }
}

gboolean
mv_theme_from_string (const char *text,
                      MvTheme    *out)
{
  if (g_strcmp0 (text, "light") == 0)
    *out = MV_THEME_LIGHT;
  else if (g_strcmp0 (text, "dark") == 0)
    *out = MV_THEME_DARK;
  else
    return FALSE;
  return TRUE;
}

static const char *const view_names[] = { "map", "mtrr", "gdt", "pages", "all", "vp", "explain", "boot",
                                          "versions" };

gboolean
mv_view_from_string (const char *text,
                     MvView     *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    if (g_strcmp0 (text, view_names[i]) == 0)
      {
        *out = (MvView) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mv_view_to_string (MvView view)
{
  g_return_val_if_fail (view < G_N_ELEMENTS (view_names), NULL);
  return view_names[view];
}

gboolean
mv_format_from_path (const char  *path,
                     MvFormat    *out,
                     GError     **error)
{
  const char *dot = path != NULL ? strrchr (path, '.') : NULL;

  if (dot != NULL && g_ascii_strcasecmp (dot, ".png") == 0)
    *out = MV_FORMAT_PNG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".svg") == 0)
    *out = MV_FORMAT_SVG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".pdf") == 0)
    *out = MV_FORMAT_PDF;
  else
    {
      g_set_error (error, MV_RENDER_ERROR, MV_RENDER_ERROR_FORMAT,
                   "%s: the file name must end in .png, .svg or .pdf", path ? path : "(null)");
      return FALSE;
    }
  return TRUE;
}
