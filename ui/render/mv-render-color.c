/* SPDX-License-Identifier: MIT */
/* Colours: mixing, contrast (which text colour reads on a fill) and
 * setting them on cairo. */
#include <math.h>

#include "mv-render-private.h"

MvColor
_mv_rgb (guint32 hex)
{
  return (MvColor) {
    ((hex >> 16) & 0xff) / 255.0,
    ((hex >> 8) & 0xff) / 255.0,
    (hex & 0xff) / 255.0,
    1.0,
  };
}

MvColor
_mv_mix (MvColor a,
         MvColor b,
         double  t)
{
  return (MvColor) {
    a.red + (b.red - a.red) * t,
    a.green + (b.green - a.green) * t,
    a.blue + (b.blue - a.blue) * t,
    a.alpha + (b.alpha - a.alpha) * t,
  };
}

static double
channel (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (MvColor c)
{
  return 0.2126 * channel (c.red) + 0.7152 * channel (c.green) + 0.0722 * channel (c.blue);
}

static double
contrast (MvColor a,
          MvColor b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* Black or white, whichever reads better on @c. */
MvColor
_mv_text_on (MvColor c)
{
  MvColor dark = _mv_rgb (0x111111);
  MvColor light = _mv_rgb (0xFFFFFF);

  return contrast (c, dark) >= contrast (c, light) ? dark : light;
}

void
_mv_set_color (cairo_t *cr,
               MvColor  c)
{
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, c.alpha);
}

void
_mv_set_color_alpha (cairo_t *cr,
                     MvColor  c,
                     double   alpha)
{
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, c.alpha * alpha);
}
