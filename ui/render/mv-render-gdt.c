/* SPDX-License-Identifier: MIT */
/* The GDT view: each descriptor's fields as a bit diagram (decoded by
 * core/mv-gdt.c), and the segment registers' table. */
#include <math.h>

#include "mv-gdt.h"
#include "mv-render-private.h"

static MvColor
field_color (const MvRenderStyle *style,
             MvGdtFieldKind       kind)
{
  static const guint32 hues[MV_GDT_N_FIELD_KINDS] = {
    [MV_GDT_FIELD_BASE] = 0x0072B2,
    [MV_GDT_FIELD_LIMIT] = 0xE69F00,
    [MV_GDT_FIELD_TYPE] = 0x009E73,
    [MV_GDT_FIELD_S] = 0xCC79A7,
    [MV_GDT_FIELD_DPL] = 0xF0E442,
    [MV_GDT_FIELD_P] = 0x56B4E9,
    [MV_GDT_FIELD_AVL] = 0x999999,
    [MV_GDT_FIELD_L] = 0xD55E00,
    [MV_GDT_FIELD_DB] = 0x8C6BB1,
    [MV_GDT_FIELD_G] = 0x6B8E23,
  };

  return _mv_mix (style->background, _mv_rgb (hues[kind]), style->theme == MV_THEME_DARK ? 0.45 : 0.3);
}

static char *
gdt_describe (const MvGdtDescriptor *d)
{
  g_autofree char *limit = mv_gdt_limit_describe (d);

  return g_strdup_printf ("%s \u00b7 base 0x%x \u00b7 limit %s \u00b7 DPL %u \u00b7 %s%s%s",
                          mv_gdt_type_describe (d), d->base, limit, d->dpl,
                          d->p ? "present" : "not present",
                          d->l ? " \u00b7 64-bit code (L)" : "",
                          d->db ? " \u00b7 32-bit (D/B)" : "");
}

typedef struct
{
  double title_h;
  double head_h;      /* one descriptor's heading */
  double bitnum_h;
  double field_h;
  double bits_h;
  double desc_h;      /* a full descriptor block */
  double null_h;      /* a null descriptor's one line */
  double seg_title_h;
} GdtLayout;

static void
gdt_layout (MvPainter *p,
            GdtLayout *gl)
{
  double lh = p->line_height[MV_TEXT_BODY];
  double lh_small = p->line_height[MV_TEXT_SMALL];
  double lh_mono = p->line_height[MV_TEXT_MONO_SMALL];

  gl->title_h = p->line_height[MV_TEXT_TITLE] + 12.0;
  gl->head_h = p->line_height[MV_TEXT_BOLD] + lh_small + 8.0;
  gl->bitnum_h = lh_mono + 2.0;
  gl->field_h = p->line_height[MV_TEXT_SMALL] * 2 + 10.0;
  gl->bits_h = lh_mono + 6.0;
  gl->desc_h = gl->head_h + 2 * (gl->bitnum_h + gl->field_h + gl->bits_h) + 6.0 + 18.0;
  gl->null_h = lh + 18.0;
  gl->seg_title_h = p->line_height[MV_TEXT_TITLE] + 12.0;
}

static MvSceneTable *
segments_table (const MvScene *scene)
{
  MvSceneTable *t = mv_scene_table_new ("Segment registers");

  mv_scene_table_add_column (t, "Register", MV_COLUMN_TEXT);
  mv_scene_table_add_column (t, "Selector", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Base", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Limit", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Attributes", MV_COLUMN_MONO);
  mv_scene_table_add_column (t, "Meaning", MV_COLUMN_WIDE);

  for (guint i = 0; i < scene->segments->len; i++)
    {
      const MvX86Register *r = &g_array_index (scene->segments, MvX86Register, i);

      if (mv_reg_name_kind (r->name) == MV_REG_KIND_TABLE)
        {
          g_autofree char *base = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", r->table.base);
          g_autofree char *limit = g_strdup_printf ("0x%x", r->table.limit);
          g_autofree char *meaning = g_strdup_printf ("descriptor table of %u entries",
                                                      (r->table.limit + 1u) / 8);
          const char *cells[] = { mv_reg_name_to_string (r->name), "", base, limit, "",
                                  meaning, NULL };

          mv_scene_table_add_row (t, cells);
        }
      else
        {
          MvGdtDescriptor d;
          guint16 a = r->segment.attributes;
          g_autofree char *sel = mv_gdt_selector_describe (r->segment.selector);
          g_autofree char *base = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", r->segment.base);
          g_autofree char *limit = g_strdup_printf ("0x%x", r->segment.limit);
          g_autofree char *attr = g_strdup_printf ("0x%04x", a);
          g_autofree char *meaning = NULL;

          mv_gdt_decode_attributes (a, &d);
          meaning = mv_gdt_describe_brief (&d);
          {
            const char *cells[] = { mv_reg_name_to_string (r->name), sel, base, limit, attr,
                                    meaning, NULL };

            mv_scene_table_add_row (t, cells);
          }
        }
    }
  if (scene->segments->len == 0)
    t->note = g_strdup ("No segment registers were imported.");
  else
    {
      guint n_descs = 0;
      g_autofree MvGdtDescriptor *descs = NULL;

      /* The GDT by index, for the note on limits that differ. */
      for (guint i = 0; i < scene->gdt->len; i++)
        n_descs = MAX (n_descs, g_array_index (scene->gdt, MvSceneGdtEntry, i).index + 1);
      descs = g_new0 (MvGdtDescriptor, MAX (n_descs, 1));
      for (guint i = 0; i < scene->gdt->len; i++)
        {
          const MvSceneGdtEntry *e = &g_array_index (scene->gdt, MvSceneGdtEntry, i);

          descs[e->index] = e->desc;
        }
      t->note = mv_gdt_limits_note (descs, n_descs, (const MvX86Register *) scene->segments->data,
                                    scene->segments->len);
    }
  return t;
}

double
_mv_gdt_natural_height (MvPainter     *p,
                        const MvScene *scene,
                        double         width)
{
  GdtLayout gl;
  double h = 2 * MV_RENDER_MARGIN;
  g_autoptr(MvSceneTable) segs = segments_table (scene);

  gdt_layout (p, &gl);
  h += gl.title_h;
  if (!scene->has_gdt)
    return h + gl.null_h;
  for (guint i = 0; i < scene->gdt->len; i++)
    h += g_array_index (scene->gdt, MvSceneGdtEntry, i).desc.raw == 0 ? gl.null_h : gl.desc_h;
  h += 10.0 + _mv_table_natural_height (p, segs, width - 2 * MV_RENDER_MARGIN);
  return ceil (h);
}

static void
paint_gdt_row (MvPainter             *p,
               const MvGdtDescriptor *d,
               guint                  top_bit,
               double                 x,
               double                 y,
               double                 width,
               const GdtLayout       *gl)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;
  double bit_w = width / 32.0;
  double fy = y + gl->bitnum_h;
  double by = fy + gl->field_h;

  guint n_fields;
  const MvGdtField *fields = mv_gdt_fields (&n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      const MvGdtField *f = &fields[i];
      double fx0, fx1;
      MvColor c;
      MvColor tc;
      g_autofree char *hi = NULL;
      g_autofree char *lo = NULL;

      if (f->hi > top_bit || f->lo + 31 < top_bit)
        continue;
      fx0 = x + (top_bit - f->hi) * bit_w;
      fx1 = x + (top_bit - f->lo + 1) * bit_w;
      c = field_color (style, f->kind);
      tc = style->foreground;

      /* The field */
      {
        MvRect r = { fx0, fy, fx1 - fx0, gl->field_h };
        MvRect name_box = { fx0 + 3.0, fy + 4.0, fx1 - fx0 - 6.0, p->line_height[MV_TEXT_SMALL] };
        MvRect value_box = { fx0 + 3.0, fy + 4.0 + p->line_height[MV_TEXT_SMALL],
                             fx1 - fx0 - 6.0, p->line_height[MV_TEXT_SMALL] };

        _mv_set_color (cr, c);
        cairo_rectangle (cr, r.x, r.y, r.width, r.height);
        cairo_fill (cr);
        _mv_set_color (cr, style->grid);
        cairo_set_line_width (cr, 1.0);
        cairo_rectangle (cr, floor (r.x) + 0.5, floor (r.y) + 0.5, floor (r.width), floor (r.height));
        cairo_stroke (cr);

        if (!_mv_draw_text (p, f->name, MV_TEXT_BOLD, &name_box, MV_ALIGN_CENTER, tc, NULL))
          _mv_draw_text (p, f->name, MV_TEXT_SMALL, &name_box, MV_ALIGN_CENTER, tc, NULL);
        /* The value in words where it fits, else briefly, else the bits. */
        for (MvGdtValueForm k = MV_GDT_VALUE_WORDS; k <= MV_GDT_VALUE_NUMBER; k++)
          {
            g_autofree char *text = mv_gdt_field_value (d, f, k);

            if (_mv_painter_text_width (p, text, MV_TEXT_SMALL) <= value_box.width ||
                k == MV_GDT_VALUE_NUMBER)
              {
                _mv_draw_text (p, text, MV_TEXT_SMALL, &value_box, MV_ALIGN_CENTER, tc, NULL);
                break;
              }
          }
      }

      /* Bit numbers at the field's ends */
      hi = g_strdup_printf ("%u", f->hi);
      lo = g_strdup_printf ("%u", f->lo);
      {
        MvRect hbox = { fx0 + 3.0, y, MIN (bit_w * 2, fx1 - fx0) - 6.0, gl->bitnum_h };
        MvRect lbox = { fx1 - MIN (bit_w * 2, fx1 - fx0) + 3.0, y, MIN (bit_w * 2, fx1 - fx0) - 6.0,
                        gl->bitnum_h };

        if (f->hi == f->lo)
          {
            MvRect one = { fx0, y, fx1 - fx0, gl->bitnum_h };

            _mv_draw_text (p, hi, MV_TEXT_MONO_SMALL, &one, MV_ALIGN_CENTER, style->muted, NULL);
          }
        else
          {
            _mv_draw_text (p, hi, MV_TEXT_MONO_SMALL, &hbox, MV_ALIGN_START, style->muted, NULL);
            _mv_draw_text (p, lo, MV_TEXT_MONO_SMALL, &lbox, MV_ALIGN_END, style->muted, NULL);
          }
      }
    }

  /* The bits themselves */
  for (guint b = 0; b < 32; b++)
    {
      guint bit = top_bit - b;
      gboolean set = (d->raw >> bit) & 1;
      MvRect cell = { x + b * bit_w, by, bit_w, gl->bits_h - 4.0 };

      if (set)
        {
          _mv_set_color_alpha (cr, style->foreground, 0.08);
          cairo_rectangle (cr, cell.x, cell.y, cell.width, cell.height);
          cairo_fill (cr);
        }
      _mv_draw_text (p, set ? "1" : "0", MV_TEXT_MONO_SMALL, &cell, MV_ALIGN_CENTER,
                 set ? style->foreground : style->muted, NULL);
    }
  _mv_set_color (cr, style->grid);
  cairo_set_line_width (cr, 1.0);
  for (guint b = 0; b <= 32; b++)
    {
      double bx = floor (x + b * bit_w) + 0.5;
      double tick = (b % 4 == 0) ? gl->bits_h - 4.0 : (gl->bits_h - 4.0) * 0.35;

      cairo_move_to (cr, bx, by + gl->bits_h - 4.0 - tick);
      cairo_line_to (cr, bx, by + gl->bits_h - 4.0);
    }
  cairo_move_to (cr, x, floor (by + gl->bits_h - 4.0) + 0.5);
  cairo_line_to (cr, x + width, floor (by + gl->bits_h - 4.0) + 0.5);
  cairo_stroke (cr);
}

static void
paint_gdt (MvPainter     *p,
           const MvScene *scene,
           double         width,
           double         height)
{
  const MvRenderStyle *style = p->style;
  GdtLayout gl;
  double x = MV_RENDER_MARGIN, y = MV_RENDER_MARGIN, w = width - 2 * MV_RENDER_MARGIN;
  g_autoptr(MvSceneTable) segs = segments_table (scene);
  g_autofree char *title = NULL;

  gdt_layout (p, &gl);

  if (scene->has_gdt)
    title = g_strdup_printf ("GDT at 0x%" G_GINT64_MODIFIER "x, limit 0x%x, %u descriptors",
                             scene->gdt_base, scene->gdt_limit, scene->gdt->len);
  else
    title = g_strdup ("GDT");
  {
    MvRect box = { x, y, w, gl.title_h - 12.0 };
    double aside_w = 0.0;

    if (scene->title != NULL)
      {
        MvRect sbox;

        aside_w = MIN (_mv_painter_text_width (p, scene->title, MV_TEXT_SMALL), w * 0.4);
        sbox = (MvRect) { x + w - aside_w, y, aside_w, box.height };
        _mv_draw_text (p, scene->title, MV_TEXT_SMALL, &sbox, MV_ALIGN_END, style->muted, NULL);
        box.width -= aside_w + 16.0;
      }
    _mv_draw_text (p, title, MV_TEXT_TITLE, &box, MV_ALIGN_START, style->foreground, NULL);
  }
  y += gl.title_h;

  if (!scene->has_gdt)
    {
      MvRect box = { x, y, w, gl.null_h };

      _mv_draw_text (p, "No GDT was imported.", MV_TEXT_BODY, &box, MV_ALIGN_START, style->muted, NULL);
      y += gl.null_h;
    }

  for (guint i = 0; scene->has_gdt && i < scene->gdt->len; i++)
    {
      const MvSceneGdtEntry *e = &g_array_index (scene->gdt, MvSceneGdtEntry, i);
      const MvGdtDescriptor *d = &e->desc;
      g_autofree char *head = NULL;

      if (y + (d->raw == 0 ? gl.null_h : gl.desc_h) > height - MV_RENDER_MARGIN + 0.5)
        break;

      if (d->raw == 0)
        {
          MvRect box = { x, y, w, gl.null_h - 10.0 };

          head = g_strdup_printf ("[%u] selector 0x%02x \u00b7 0x%016" G_GINT64_MODIFIER "x \u00b7 "
                                  "null descriptor (the CPU never loads it)",
                                  e->index, e->index * 8, d->raw);
          _mv_draw_text (p, head, MV_TEXT_BOLD, &box, MV_ALIGN_START, style->foreground, NULL);
          y += gl.null_h;
          continue;
        }

      head = g_strdup_printf ("[%u] selector 0x%02x \u00b7 0x%016" G_GINT64_MODIFIER "x",
                              e->index, e->index * 8, d->raw);
      {
        g_autofree char *desc = gdt_describe (d);
        MvRect hbox = { x, y, w, p->line_height[MV_TEXT_BOLD] };
        MvRect dbox = { x, y + p->line_height[MV_TEXT_BOLD] + 2.0, w, p->line_height[MV_TEXT_SMALL] };

        _mv_draw_text (p, head, MV_TEXT_BOLD, &hbox, MV_ALIGN_START, style->foreground, NULL);
        _mv_draw_text (p, desc, MV_TEXT_SMALL, &dbox, MV_ALIGN_START, style->muted, NULL);
      }
      y += gl.head_h;
      paint_gdt_row (p, d, 63, x, y, w, &gl);
      y += gl.bitnum_h + gl.field_h + gl.bits_h + 6.0;
      paint_gdt_row (p, d, 31, x, y, w, &gl);
      y += gl.bitnum_h + gl.field_h + gl.bits_h + 18.0;
    }

  y += 10.0;
  if (y < height - MV_RENDER_MARGIN)
    _mv_paint_table (p, segs, NULL, x, y, w, height - MV_RENDER_MARGIN - y);
}

void
_mv_render_gdt_with (cairo_t               *cr,
                     const MvScene         *scene,
                     const MvRenderStyle   *style,
                     double                 width,
                     double                 height,
                     const MvRenderOptions *options)
{
  MvPainter p;

  _mv_painter_begin (&p, cr, style, options, width, height, 1.0);
  paint_gdt (&p, scene, width, height);
  _mv_painter_end (&p);
}

void
mv_render_gdt (cairo_t             *cr,
               const MvScene       *scene,
               const MvRenderStyle *style,
               double               width,
               double               height)
{
  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);

  _mv_render_gdt_with (cr, scene, style, width, height, NULL);
}
