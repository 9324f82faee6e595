/* SPDX-License-Identifier: MIT */
/* The tables: column widths, wrapped cells, rows that fit, and the MTRR
 * and page map views (the GDT view draws its segment registers with
 * them too). */
#include <math.h>

#include "mv-render-private.h"

#define CELL_PAD 8.0

typedef struct
{
  double  header_h;
  double  row_h;      /* a row of one line */
  double  title_h;
  double  note_h;
  double *widths;
  guint  *lines;      /* per row: the lines its wide cells wrap to */
} TableLayout;

static void
table_layout_clear (TableLayout *tl)
{
  g_clear_pointer (&tl->widths, g_free);
  g_clear_pointer (&tl->lines, g_free);
}

static double
table_row_height (MvPainter         *p,
                  const TableLayout *tl,
                  guint              r)
{
  return tl->row_h + (MIN (tl->lines[r], MV_MAX_CELL_LINES) - 1) * p->line_height[MV_TEXT_BODY];
}

static double
table_cell_width (MvPainter           *p,
                  const MvTableColumn *col,
                  const char          *text,
                  gboolean             header)
{
  double w = _mv_painter_text_width (p, text, header ? MV_TEXT_BOLD
                                 : (col->flags & MV_COLUMN_MONO) ? MV_TEXT_MONO : MV_TEXT_BODY);

  if (!header && (col->flags & MV_COLUMN_SWATCH))
    w += 2.2 * p->line_height[MV_TEXT_SMALL] + 6.0;
  return w + 2 * CELL_PAD;
}

/* The heights of the title and the header, which no cell changes; a
 * table without columns (only a note) has no header band. */
static void
table_bands (MvPainter          *p,
             const MvSceneTable *t,
             TableLayout        *tl)
{
  tl->title_h = p->line_height[MV_TEXT_TITLE] + 10.0;
  tl->header_h = t->columns->len > 0 ? p->line_height[MV_TEXT_BOLD] + 10.0 : 0.0;
}

static void
table_layout (MvPainter          *p,
              const MvSceneTable *t,
              double              width,
              TableLayout        *tl)
{
  guint n = t->columns->len;
  double total = 0.0, wide_total = 0.0;

  table_bands (p, t, tl);
  tl->row_h = MAX (p->line_height[MV_TEXT_BODY], p->line_height[MV_TEXT_MONO]) + 10.0;
  tl->note_h = (t->note != NULL || t->n_omitted > 0) ? p->line_height[MV_TEXT_BODY] + 10.0 : 0.0;
  tl->widths = g_new0 (double, MAX (n, 1));

  for (guint c = 0; c < n; c++)
    {
      const MvTableColumn *col = &g_array_index (t->columns, MvTableColumn, c);

      tl->widths[c] = table_cell_width (p, col, col->title, TRUE);
      for (guint r = 0; r < t->rows->len; r++)
        {
          const MvTableRow *row = &g_array_index (t->rows, MvTableRow, r);

          tl->widths[c] = MAX (tl->widths[c], table_cell_width (p, col, row->cells[c], FALSE));
        }
      total += tl->widths[c];
      if (col->flags & MV_COLUMN_WIDE)
        wide_total += tl->widths[c];
    }

  if (total > width)
    {
      /* Too wide: the wide columns give up space first, down to a quarter
       * of their natural width, then every column shrinks in proportion;
       * the cells ellipsize. */
      double excess = total - width;

      for (guint c = 0; c < n && wide_total > 0.0; c++)
        {
          const MvTableColumn *col = &g_array_index (t->columns, MvTableColumn, c);

          if (col->flags & MV_COLUMN_WIDE)
            {
              double give = MIN (excess * tl->widths[c] / wide_total, tl->widths[c] * 0.75);

              tl->widths[c] -= give;
              total -= give;
            }
        }
      if (total > width)
        for (guint c = 0; c < n; c++)
          tl->widths[c] *= width / total;
    }
  else if (n > 0)
    {
      /* Room to spare: the last wide column (or the last one) takes it,
       * its text beside the others as it would be anyway. */
      guint last = n - 1;

      for (guint c = 0; c < n; c++)
        if (g_array_index (t->columns, MvTableColumn, c).flags & MV_COLUMN_WIDE)
          last = c;
      tl->widths[last] += width - total;
    }

  /* A wide column's text that does not fit wraps, up to MV_MAX_CELL_LINES
   * lines, rather than losing its end. */
  tl->lines = g_new (guint, MAX (t->rows->len, 1));
  for (guint r = 0; r < t->rows->len; r++)
    {
      const MvTableRow *row = &g_array_index (t->rows, MvTableRow, r);

      tl->lines[r] = 1;
      for (guint c = 0; c < n; c++)
        {
          MvColumnFlags flags = g_array_index (t->columns, MvTableColumn, c).flags;

          /* measured in the font it is drawn in */
          if (flags & MV_COLUMN_WIDE)
            tl->lines[r] = MAX (tl->lines[r],
                                _mv_painter_wrapped_lines (p, row->cells[c],
                                                           (flags & MV_COLUMN_MONO) ? MV_TEXT_MONO
                                                                                    : MV_TEXT_BODY,
                                                           tl->widths[c] - 2 * CELL_PAD));
        }
    }
}

double
_mv_table_natural_height (MvPainter          *p,
                          const MvSceneTable *t,
                          double              width)
{
  TableLayout tl;
  double h;

  table_layout (p, t, width, &tl);
  h = tl.title_h + tl.header_h + tl.note_h;
  for (guint r = 0; r < t->rows->len; r++)
    h += table_row_height (p, &tl, r);
  if (t->rows->len == 0)
    h += tl.row_h;
  table_layout_clear (&tl);
  return h;
}

/* The sorted column's mark: a small triangle centred on (@x, @y), after
 * the title or in the header cell's right padding, so that no column
 * needs room for it. */
static double
sort_arrow_half (MvPainter *p)
{
  return MIN (0.3 * p->line_height[MV_TEXT_BOLD], CELL_PAD - 1.0);
}

static void
paint_sort_arrow (MvPainter *p,
                  double     x,
                  double     y,
                  gboolean   descending)
{
  double half = sort_arrow_half (p);
  double h = half * 1.1;
  double tip = descending ? h / 2 : -h / 2;

  _mv_set_color (p->cr, p->style->foreground);
  cairo_move_to (p->cr, x - half, y - tip);
  cairo_line_to (p->cr, x + half, y - tip);
  cairo_line_to (p->cr, x, y + tip);
  cairo_close_path (p->cr);
  cairo_fill (p->cr);
}

/* Paints @t at (@x, @y) in @width, at most @max_h tall; returns the height used. */
double
_mv_paint_table (MvPainter          *p,
                 const MvSceneTable *t,
                 const char         *subtitle,
                 double              x,
                 double              y,
                 double              width,
                 double              max_h)
{
  cairo_t *cr = p->cr;
  const MvRenderStyle *style = p->style;
  TableLayout tl;
  double cy, top = y;
  guint fit, shown;
  guint n = t->columns->len;
  guint stripe = 0;
  int sort_column = t->sort_column;
  gboolean descending = t->sort_descending;
  g_autofree guint *order = NULL;

  table_layout (p, t, width, &tl);
  if (t->sortable && p->options->sort_by > 0 && p->options->sort_by <= n)
    {
      sort_column = (int) p->options->sort_by - 1;
      descending = p->options->sort_descending;
      order = mv_scene_table_order (t, (guint) sort_column, descending);
    }

  {
    MvRect box = { x, y, width, tl.title_h - 10.0 };
    double aside_w = 0.0;

    if (subtitle != NULL)
      {
        MvRect sbox;

        aside_w = MIN (_mv_painter_text_width (p, subtitle, MV_TEXT_SMALL), width * 0.5);
        sbox = (MvRect) { x + width - aside_w, y, aside_w, box.height };
        _mv_draw_text (p, subtitle, MV_TEXT_SMALL, &sbox, MV_ALIGN_END, style->muted, NULL);
        box.width -= aside_w + 16.0;
      }
    _mv_draw_text (p, t->title, MV_TEXT_TITLE, &box, MV_ALIGN_START, style->foreground, NULL);
  }
  y += tl.title_h;

  /* How many rows fit, keeping a line for "more rows". */
  {
    double room = max_h - tl.title_h - tl.header_h - tl.note_h;

    for (fit = 0; fit < t->rows->len &&
                  room >= table_row_height (p, &tl, order != NULL ? order[fit] : fit) - 0.5; fit++)
      room -= table_row_height (p, &tl, order != NULL ? order[fit] : fit);
    shown = fit;
    if (shown < t->rows->len && shown > 0 && tl.note_h == 0.0 && room < tl.row_h)
      shown--;
  }

  /* Header */
  cy = x;
  if (n > 0)
    {
      _mv_set_color (cr, style->lane);
      cairo_rectangle (cr, x, y, width, tl.header_h);
      cairo_fill (cr);
      for (guint c = 0; c < n; c++)
        {
          const MvTableColumn *col = &g_array_index (t->columns, MvTableColumn, c);
          MvRect box = { cy + CELL_PAD, y, tl.widths[c] - 2 * CELL_PAD, tl.header_h };

          _mv_draw_text (p, col->title, MV_TEXT_BOLD, &box,
                         (col->flags & MV_COLUMN_RIGHT) ? MV_ALIGN_END : MV_ALIGN_START, style->foreground, NULL);
          if (t->sortable && t->rows->len > 0 && (int) c == sort_column)
            {
              /* Beside the title, on the side the cell has room on, or in
               * the cell's right padding. */
              double room = box.width - _mv_painter_text_width (p, col->title, MV_TEXT_BOLD);
              double half = sort_arrow_half (p);
              double ax = cy + tl.widths[c] - CELL_PAD / 2;

              if (room >= 2 * half + 4.0)
                ax = (col->flags & MV_COLUMN_RIGHT) ? box.x + room - 4.0 - half
                                                    : box.x + box.width - room + 4.0 + half;
              paint_sort_arrow (p, ax, y + tl.header_h / 2, descending);
            }
          cy += tl.widths[c];
        }
      y += tl.header_h;
      _mv_set_color (cr, style->grid);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, floor (y) + 0.5);
      cairo_line_to (cr, x + width, floor (y) + 0.5);
      cairo_stroke (cr);
    }

  for (guint k = 0; k < shown; k++)
    {
      guint r = order != NULL ? order[k] : k;
      const MvTableRow *row = &g_array_index (t->rows, MvTableRow, r);
      double cx = x;
      double row_h = table_row_height (p, &tl, r);

      if (!row->continues || order != NULL)
        stripe++;
      if (stripe % 2 == 0)
        {
          _mv_set_color_alpha (cr, style->lane, 0.7);
          cairo_rectangle (cr, x, y, width, row_h);
          cairo_fill (cr);
        }
      if (row->error)
        {
          _mv_set_color (cr, style->error);
          cairo_rectangle (cr, x, y + 2.0, 3.0, row_h - 4.0);
          cairo_fill (cr);
        }
      for (guint c = 0; c < n; c++)
        {
          const MvTableColumn *col = &g_array_index (t->columns, MvTableColumn, c);
          MvRect box = { cx + CELL_PAD, y, tl.widths[c] - 2 * CELL_PAD, tl.row_h };
          guint font = (col->flags & MV_COLUMN_MONO) ? MV_TEXT_MONO : MV_TEXT_BODY;
          MvColor color = row->muted ? style->muted : style->foreground;

          if ((col->flags & MV_COLUMN_SWATCH) && row->has_fill)
            {
              double sw = 2.2 * p->line_height[MV_TEXT_SMALL];
              double sh = p->line_height[MV_TEXT_SMALL] * 1.1;
              MvRect swatch = { box.x, y + (tl.row_h - sh) / 2, MIN (sw, box.width), sh };

              _mv_draw_bar (p, &swatch, row->fill, row->muted ? MV_ITEM_DISABLED : 0, NULL);
              box.x += sw + 6.0;
              box.width -= sw + 6.0;
            }
          if (row->error && c == n - 1)
            color = style->error;
          if (row->highlight & (1u << c))
            {
              color = style->warning;
              font = (col->flags & MV_COLUMN_MONO) ? MV_TEXT_MONO : MV_TEXT_BOLD;
            }
          if ((col->flags & MV_COLUMN_WIDE) && tl.lines[r] > 1)
            {
              /* From the top line down, like the row's other cells. */
              MvRect wrapped = { box.x, y + (tl.row_h - p->line_height[font]) / 2, box.width,
                                 MIN (tl.lines[r], MV_MAX_CELL_LINES) * p->line_height[font] };

              _mv_draw_text_wrapped (p, row->cells[c], font, &wrapped, color);
            }
          else
            _mv_draw_text (p, row->cells[c], font, &box,
                       (col->flags & MV_COLUMN_RIGHT) ? MV_ALIGN_END : MV_ALIGN_START, color, NULL);
          cx += tl.widths[c];
        }
      y += row_h;
    }

  if (shown < t->rows->len || t->n_omitted > 0 || t->note != NULL)
    {
      guint more = t->rows->len - shown + t->n_omitted;
      g_autofree char *text = NULL;
      MvRect box = { x + CELL_PAD, y, width - 2 * CELL_PAD, MAX (tl.row_h, tl.note_h) };

      if (more > 0 && t->note != NULL)
        text = g_strdup_printf ("\u2026 and %u more row%s. %s", more, more == 1 ? "" : "s", t->note);
      else if (more > 0)
        text = g_strdup_printf ("\u2026 and %u more row%s", more, more == 1 ? "" : "s");
      else
        text = g_strdup (t->note);
      if (y + box.height <= top + max_h + 0.5)
        {
          _mv_draw_text (p, text, MV_TEXT_BODY, &box, MV_ALIGN_START, style->muted, NULL);
          y += box.height;
        }
    }
  else if (t->rows->len == 0)
    y += tl.row_h;

  table_layout_clear (&tl);
  return y - top;
}

static MvSceneTable *
empty_table (const char *title,
             const char *note)
{
  MvSceneTable *t = mv_scene_table_new (title);

  t->note = g_strdup (note);
  return t;
}

/* The MTRR, page map or VP context table of @scene; a table of @view's empty note
 * when it has none (to be freed then). */
static const MvSceneTable *
view_table (const MvScene  *scene,
            MvView          view,
            MvSceneTable  **empty)
{
  const MvSceneTable *t = view == MV_VIEW_MTRR ? scene->mtrr_table
                          : view == MV_VIEW_VP ? scene->vp_table
                          : view == MV_VIEW_BOOT ? scene->boot_table : scene->pages_table;

  *empty = NULL;
  if (t != NULL)
    return t;
  if (view == MV_VIEW_MTRR)
    *empty = empty_table ("MTRR registers",
                          "No MTRR registers: the layout failed, or none were programmed.");
  else if (view == MV_VIEW_VP)
    *empty = empty_table ("VP context", "No initial VP state.");
  else if (view == MV_VIEW_BOOT)
    *empty = empty_table ("Boot processor registers",
                          scene->boot_hint != NULL ? scene->boot_hint
                          : "No boot loader runs: give --loader linux --kernel FILE, --loader uefi "
                            "--firmware FILE or --loader pcat, or a document whose [boot] group "
                            "names a loader.");
  else
    *empty = empty_table ("Page map", "Nothing was imported.");
  return *empty;
}

/* The tables @view shows, one under the other: one, or for the boot view
 * the registers, then the imports and the e820 map where the scene has
 * them, or for the MTRR view of two lessons side by side both lessons'
 * registers. Returns: how many (at most 3) */
static guint
view_tables (const MvScene        *scene,
             MvView                view,
             const MvSceneTable  **tables,
             MvSceneTable        **empty)
{
  guint n = 0;

  tables[n++] = view_table (scene, view, empty);
  if (view == MV_VIEW_MTRR && scene->mtrr_table != NULL && scene->mtrr_beside_table != NULL)
    tables[n++] = scene->mtrr_beside_table;
  if (view == MV_VIEW_BOOT && scene->boot_table != NULL)
    {
      if (scene->boot_imports != NULL)
        tables[n++] = scene->boot_imports;
      if (scene->boot_e820 != NULL)
        tables[n++] = scene->boot_e820;
    }
  return n;
}

double
_mv_table_view_natural_height (MvPainter     *p,
                               const MvScene *scene,
                               MvView         view,
                               double         width)
{
  g_autoptr(MvSceneTable) empty = NULL;
  const MvSceneTable *tables[3];
  guint n = view_tables (scene, view, tables, &empty);
  double h = 2 * MV_RENDER_MARGIN + (n - 1) * MV_RENDER_MARGIN;

  for (guint i = 0; i < n; i++)
    h += _mv_table_natural_height (p, tables[i], width - 2 * MV_RENDER_MARGIN);
  return ceil (h);
}

/* Paints the MTRR (@view MV_VIEW_MTRR), page map, VP context or boot
 * tables. */
void
_mv_render_table_view (cairo_t               *cr,
                       const MvScene         *scene,
                       const MvRenderStyle   *style,
                       MvView                 view,
                       double                 width,
                       double                 height,
                       const MvRenderOptions *options)
{
  MvPainter p;
  g_autoptr(MvSceneTable) empty = NULL;
  const MvSceneTable *tables[3];
  guint n = view_tables (scene, view, tables, &empty);
  double y = MV_RENDER_MARGIN;
  double bottom = height - MV_RENDER_MARGIN;

  _mv_painter_begin (&p, cr, style, options, width, height, 1.0);
  /* A shorter picture (--height) shows the tables that begin in it. */
  for (guint i = 0; i < n && (i == 0 || bottom - y >= p.line_height[MV_TEXT_TITLE] + 10.0); i++)
    y += _mv_paint_table (&p, tables[i], i == 0 ? scene->title : NULL, MV_RENDER_MARGIN, y,
                          width - 2 * MV_RENDER_MARGIN, bottom - y) + MV_RENDER_MARGIN;
  _mv_painter_end (&p);
}

void
mv_render_mtrr_table (cairo_t             *cr,
                      const MvScene       *scene,
                      const MvRenderStyle *style,
                      double               width,
                      double               height)
{
  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);
  _mv_render_table_view (cr, scene, style, MV_VIEW_MTRR, width, height, NULL);
}

void
mv_render_pages (cairo_t             *cr,
                 const MvScene       *scene,
                 const MvRenderStyle *style,
                 double               width,
                 double               height)
{
  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);
  _mv_render_table_view (cr, scene, style, MV_VIEW_PAGES, width, height, NULL);
}

/* The column of @t's header at (@x, @y), the table being painted at
 * (@left, @top) in @width; -1 off the header. */
static int
table_column_at (MvPainter          *p,
                 const MvSceneTable *t,
                 double              left,
                 double              top,
                 double              width,
                 double              x,
                 double              y)
{
  TableLayout tl;
  int column = -1;
  double cx = left;

  /* Off the header: no need to measure the cells (the pointer moves). */
  table_bands (p, t, &tl);
  if (y < top + tl.title_h || y >= top + tl.title_h + tl.header_h)
    return -1;
  table_layout (p, t, width, &tl);
  for (guint c = 0; c < t->columns->len && column < 0; c++)
    {
      if (x >= cx && x < cx + tl.widths[c])
        column = (int) c;
      cx += tl.widths[c];
    }
  table_layout_clear (&tl);
  return column;
}

/**
 * mv_render_table_column_at:
 * Which column's header of @view's table (the MTRR registers or the page
 * map) is at (@x, @y) when the view is painted @width wide.
 * Returns: the column, or -1 when (@x, @y) is on no header or the table
 *   cannot be sorted
 */
int
mv_render_table_column_at (const MvScene       *scene,
                           const MvRenderStyle *style,
                           MvView               view,
                           double               width,
                           double               x,
                           double               y)
{
  g_autoptr(MvSceneTable) empty = NULL;
  const MvSceneTable *t;
  MvPainter p;
  int column;

  g_return_val_if_fail (scene != NULL && style != NULL, -1);

  if (view != MV_VIEW_MTRR && view != MV_VIEW_PAGES && view != MV_VIEW_VP)
    return -1;
  t = view_table (scene, view, &empty);
  if (!t->sortable || t->rows->len == 0)
    return -1;
  _mv_painter_init (&p, NULL, style, NULL);
  column = table_column_at (&p, t, MV_RENDER_MARGIN, MV_RENDER_MARGIN, width - 2 * MV_RENDER_MARGIN, x, y);
  _mv_painter_clear (&p);
  return column;
}

/**
 * mv_render_view_sorted:
 * Paints @view like mv_render_view(), its table's rows (where they can
 * be sorted) in the order of @column, ascending or @descending; a
 * @column below 0 keeps the table's own order.
 */
void
mv_render_view_sorted (cairo_t             *cr,
                       const MvScene       *scene,
                       const MvRenderStyle *style,
                       MvView               view,
                       double               width,
                       double               height,
                       int                  column,
                       gboolean             descending)
{
  MvRenderOptions options = { 0 };

  g_return_if_fail (cr != NULL && scene != NULL && style != NULL);

  options.sort_by = column >= 0 ? (guint) column + 1 : 0;
  options.sort_descending = descending;
  _mv_render_view_with (cr, scene, style, view, width, height, &options);
}
