/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-boot.h"
#include "mv-effective.h"
#include "mv-gdt.h"
#include "mv-layout.h"
#include "mv-recorder.h"
#include "mv-scale.h"
#include "mv-scene-runs.h"
#include "mv-x86.h"

G_BEGIN_DECLS

/*
 * The scene: what the pictures show, built from core results, and its
 * geometry for a given size. No cairo here: text is measured through
 * MvSceneMetrics, so the geometry is pure and testable.
 */

/* What fills a bar: the kind of range (layout lane), the memory type
 * (MTRR lanes) or the page contents (page map lane). */
typedef enum
{
  MV_FILL_RAM,
  MV_FILL_MMIO,
  MV_FILL_PCI_ECAM,
  MV_FILL_PCI_MMIO,
  MV_FILL_VTL2,
  MV_FILL_UC,
  MV_FILL_WC,
  MV_FILL_WT,
  MV_FILL_WP,
  MV_FILL_WB,
  MV_FILL_RESERVED,     /* a reserved type encoding (2, 3, 7..255) */
  MV_FILL_UNDEFINED,    /* overlapping pairs the SDM leaves undefined */
  MV_FILL_DATA,         /* pages with data */
  MV_FILL_ZERO,         /* zero-filled pages */
  /* An IGVM file's pages (see mv-scene-igvm.h). */
  MV_FILL_UNMEASURED,   /* data not in the launch measurement */
  MV_FILL_SHARED,       /* host-visible pages */
  MV_FILL_SECRETS,      /* the SEV-SNP secrets page */
  MV_FILL_CPUID,        /* CPUID pages (data or XF) */
  MV_FILL_PARAMETER,    /* a parameter area, inserted */
  MV_FILL_VMSA,         /* a VP's saved state page */
  MV_FILL_REQUIRED,     /* memory the file needs present */
  MV_FILL_E820_RESERVED,/* e820: reserved (type 2 and the unknown ones) */
  MV_FILL_E820_ACPI,    /* e820: ACPI data or NVS (types 3, 4) */
  MV_FILL_N
} MvFill;

MvFill       mv_fill_for_mem_type   (guint   type);
const char  *mv_fill_name           (MvFill  fill);
const char  *mv_fill_description    (MvFill  fill);
gboolean     mv_fill_is_mem_type    (MvFill  fill);

typedef enum
{
  MV_LANE_LAYOUT,
  MV_LANE_FIXED,
  MV_LANE_PAIR,
  MV_LANE_EFFECTIVE,
  MV_LANE_PAGES,
} MvLaneKind;

typedef enum
{
  MV_ITEM_NONE     = 0,
  MV_ITEM_MATCHED  = 1 << 0,  /* the range the hardware matches, where it
                               * differs from the programmed one: hollow */
  MV_ITEM_ERROR    = 1 << 1,  /* something is wrong here: error outline */
  MV_ITEM_DISABLED = 1 << 2,  /* the register is not valid: greyed */
  MV_ITEM_ALT      = 1 << 3,  /* an alternate shade (odd NUMA nodes) */
  MV_ITEM_MANY     = 1 << 4,  /* several runs that share pixels, drawn as
                               * one bar (made by the geometry) */
} MvItemFlags;

/**
 * MvSceneItem:
 * One bar: `[start, end)` (@end is G_MAXUINT64 for "to the top of the
 * 64-bit space"), in row @row of its lane, with a short @label drawn in
 * the bar and a longer @detail drawn below it where there is room.
 */
typedef struct
{
  guint64     start;
  guint64     end;
  MvFill      fill;
  MvItemFlags flags;
  guint       row;
  char       *label;
  char       *detail;
} MvSceneItem;

typedef struct
{
  MvLaneKind kind;
  char      *title;
  char      *subtitle;   /* nullable */
  guint      n_rows;
  gboolean   extends_axis;  /* its items count for the axis extent */
  GArray    *items;      /* MvSceneItem */
  /* nullable: a line across the map above the lane, starting a band of
   * lanes (two lessons side by side), and text wrapped under it */
  char      *heading;
  char      *heading_note;
  MvSceneRuns *runs;     /* nullable: the lane's runs, sorted; a lane of
                          * more than MV_SCENE_MAX_LANE_ITEMS runs has no
                          * items: the geometry makes its bars per width */
  gboolean   heading_warning;  /* the heading in the warning colour (the
                                * versions' verdict when they differ) */
} MvSceneLane;

typedef enum
{
  MV_MARK_NOTE,
  MV_MARK_WARNING,
  MV_MARK_ERROR,
} MvMarkSeverity;

/* A diagnostic: listed under the map, and marked on @lane at @start when
 * it has a range. */
typedef struct
{
  MvMarkSeverity severity;
  int            lane;        /* -1: no lane */
  gboolean       has_range;
  guint64        start;
  guint64        end;
  char          *message;
  char          *id;          /* nullable: what it is about, for whoever lists it
                               * (see mv_scene_set_mark_id()) */
} MvSceneMark;

typedef enum
{
  MV_COLUMN_TEXT     = 0,
  MV_COLUMN_MONO     = 1 << 0,
  MV_COLUMN_RIGHT    = 1 << 1,
  MV_COLUMN_SWATCH   = 1 << 2,   /* draw the row's fill before the text */
  MV_COLUMN_WIDE     = 1 << 3,   /* gives up space first when too narrow */
  MV_COLUMN_SORT_KEY = 1 << 4,   /* sorts by the rows' keys, not their text */
} MvColumnFlags;

typedef struct
{
  char         *title;
  MvColumnFlags flags;
} MvTableColumn;

typedef struct
{
  GStrv    cells;
  gboolean has_fill;
  MvFill   fill;
  gboolean error;
  gboolean muted;
  gboolean continues;   /* belongs with the row above (same stripe) */
  guint    highlight;   /* bit c: draw column c in the warning colour */
  guint64 *keys;        /* per column: what MV_COLUMN_SORT_KEY columns sort by */
} MvTableRow;

typedef struct
{
  char   *title;
  char   *note;          /* nullable: a line under the table */
  GArray *columns;       /* MvTableColumn */
  GArray *rows;          /* MvTableRow */
  guint   n_omitted;     /* rows not kept (the table keeps the first ones) */
  gboolean sortable;     /* its rows stand alone: any column may order them */
  int     sort_column;   /* the column the rows are in the order of, or -1 */
  gboolean sort_descending;
} MvSceneTable;

typedef struct
{
  guint           index;
  MvGdtDescriptor desc;
} MvSceneGdtEntry;

/**
 * MvScene:
 * Everything the four views show. Build it with the mv_scene_add_*()
 * functions; the fields are read-only for the painters.
 */
typedef struct
{
  char         *title;
  char         *subtitle;
  GPtrArray    *lanes;        /* MvSceneLane */
  GArray       *marks;        /* MvSceneMark */
  MvSceneTable *mtrr_table;
  MvSceneTable *mtrr_beside_table;  /* nullable: two lessons side by side,
                                     * the second one's registers (the MTRR
                                     * view shows it under mtrr_table) */
  MvSceneTable *pages_table;
  MvSceneTable *vp_table;     /* nullable: initial VP state (IGVM) */
  MvSceneTable *boot_table;   /* nullable: the boot processor's registers */
  MvSceneTable *boot_imports; /* nullable: the loader's imports, merged, with CRC-32s */
  MvSceneTable *boot_e820;    /* nullable: the e820 map the guest is told */
  char         *boot_hint;    /* nullable: what the Boot section still needs */
  gboolean      has_gdt;
  guint64       gdt_base;
  guint         gdt_limit;
  GArray       *gdt;          /* MvSceneGdtEntry */
  GArray       *segments;     /* MvX86Register: GDTR and the segment registers */
  struct _MvMaskScene *mask;  /* nullable: the explained address (mv-scene-mask.h) */
  struct _MvVersionsScene *versions;  /* nullable: OpenVMM's versions (mv-scene-versions.h) */

  /* View options */
  MvScaleKind   scale;
  gboolean      fit_height;   /* a view may give the map less than its
                               * natural height, down to rows a line tall,
                               * before it scrolls (MvMapGeometry.min_height) */
  gboolean      subtitles_beside;  /* rows may be a line tall (a slide): the
                                   * gutter has room for a lane's subtitle
                                   * beside its title (up to a quarter of
                                   * the width, not a fifth) */
  gboolean      has_window;
  guint64       window_start;
  guint64       window_end;
  MvScale      *axis;         /* nullable: the focus scale in the picture's
                               * pixels, shared by several scenes (a
                               * lesson's slides, mv_map_geometry_shared_scale()):
                               * an address is at the same x on each,
                               * whatever zoom each is drawn at */
  gboolean      has_extent;   /* the extent without a window is
                               * [extent_start, extent_end), not the
                               * lanes' (the window's steps share one) */
  guint64       extent_start;
  guint64       extent_end;
} MvScene;

/* The most runs a lane keeps a bar (and two texts) for: more make their
 * bars for each paint width from the lane's runs (mv-scene-runs.h). */
#define MV_SCENE_MAX_LANE_ITEMS 1024

/* The largest page map table a scene keeps. */
#define MV_SCENE_MAX_TABLE_ROWS 512

MvScene     *mv_scene_new              (const char        *title,
                                        const char        *subtitle);
void         mv_scene_free             (MvScene           *scene);

void         mv_scene_set_scale        (MvScene           *scene,
                                        MvScaleKind        kind);
gboolean     mv_scene_set_window       (MvScene           *scene,
                                        guint64            start,
                                        guint64            end,
                                        GError           **error);

MvSceneLane *mv_scene_add_lane         (MvScene           *scene,
                                        MvLaneKind         kind,
                                        const char        *title,
                                        const char        *subtitle);
MvSceneItem *mv_scene_lane_add_item    (MvSceneLane       *lane,
                                        guint64            start,
                                        guint64            end,
                                        MvFill             fill,
                                        MvItemFlags        flags,
                                        guint              row,
                                        const char        *label,
                                        const char        *detail);
void         mv_scene_lane_pack        (MvSceneLane       *lane,
                                        guint              max_rows);
int          mv_scene_find_lane        (const MvScene     *scene,
                                        MvLaneKind         kind,
                                        guint              nth);
guint        mv_scene_add_mark         (MvScene           *scene,
                                        MvMarkSeverity     severity,
                                        int                lane,
                                        gboolean           has_range,
                                        guint64            start,
                                        guint64            end,
                                        const char        *message);

void         mv_scene_set_mark_id      (MvScene           *scene,
                                        guint              mark,
                                        const char        *id);
void         mv_scene_sort_marks       (MvScene           *scene);
guint        mv_scene_find_mark        (const MvScene     *scene,
                                        const char        *id);

char        *mv_scene_mark_text        (const MvSceneMark *mark);

MvSceneTable *mv_scene_table_new       (const char        *title);
void         mv_scene_table_free       (MvSceneTable      *table);
void         mv_scene_table_add_column (MvSceneTable      *table,
                                        const char        *title,
                                        MvColumnFlags      flags);
MvTableRow  *mv_scene_table_add_row    (MvSceneTable      *table,
                                        const char *const *cells);
guint       *mv_scene_table_order      (const MvSceneTable *table,
                                        guint              column,
                                        gboolean           descending);
void         mv_scene_table_sort       (MvSceneTable      *table,
                                        guint              column,
                                        gboolean           descending);
int          mv_scene_table_find_column (const MvSceneTable *table,
                                        const char        *name);

/* Builders from core results. */
void         mv_scene_add_layout       (MvScene           *scene,
                                        const MvLayout    *layout);
void         mv_scene_add_page_map     (MvScene           *scene,
                                        const MvRecorder  *recorder);
char        *mv_scene_describe_pages   (const MvScene     *scene,
                                        guint64            address,
                                        guint64            start,
                                        guint64            end);
void         mv_scene_set_page_source  (MvScene           *scene,
                                        guint64            page_base,
                                        guint64            page_count,
                                        const char        *source,
                                        gboolean           has_crc32,
                                        guint32            crc32);
void         mv_scene_add_e820         (MvScene           *scene,
                                        const MvE820Entry *entries,
                                        gsize              n_entries);
void         mv_scene_set_boot_registers (MvScene         *scene,
                                        const char        *loader,
                                        const MvX86Register *registers,
                                        gsize              n_registers);
void         mv_scene_set_mask         (MvScene           *scene,
                                        struct _MvMaskScene *mask);
void         mv_scene_set_versions     (MvScene           *scene,
                                        struct _MvVersionsScene *versions);
void         mv_scene_set_gdt          (MvScene           *scene,
                                        guint64            base,
                                        const guint8      *bytes,
                                        gsize              n_bytes,
                                        const MvX86Register *registers,
                                        gsize              n_registers);

/* The axis extent: the window, or the extent set (MvScene.has_extent),
 * or from the lowest to the highest address of the lanes that extend the
 * axis. */
void         mv_scene_get_extent       (const MvScene     *scene,
                                        guint64           *start,
                                        guint64           *end);

/* Sizes and addresses as the pictures print them. */
char        *mv_scene_format_size      (guint64            bytes);
char        *mv_scene_format_addr      (guint64            addr);
char        *mv_scene_format_range     (guint64            start,
                                        guint64            end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvScene, mv_scene_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvSceneTable, mv_scene_table_free)

G_END_DECLS
