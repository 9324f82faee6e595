/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

#include "mv-range.h"

G_BEGIN_DECLS

#define MV_LAYOUT_ERROR (mv_layout_error_quark ())

/* Upstream's vm_topology::memory::Error, by variant. */
typedef enum
{
  MV_LAYOUT_ERROR_BAD_SIZE,
  MV_LAYOUT_ERROR_BAD_NUMA_SIZE,
  MV_LAYOUT_ERROR_EMPTY_NUMA_SIZES,
  MV_LAYOUT_ERROR_BAD_MMIO_GAPS,
  MV_LAYOUT_ERROR_BAD_MEMORY_RANGES,
  MV_LAYOUT_ERROR_VTL2_RANGE_BEFORE_END_OF_RAM,
} MvLayoutError;

typedef enum
{
  MV_ADDRESS_NONE,
  MV_ADDRESS_RAM,
  MV_ADDRESS_MMIO,
  MV_ADDRESS_PCI_ECAM,
  MV_ADDRESS_PCI_MMIO,
} MvAddressType;

typedef struct
{
  MvRange range;
  guint32 vnode;
} MvRamRange;

typedef struct
{
  GArray  *ram;        /* MvRamRange, sorted */
  GArray  *mmio;       /* MvRange, as given */
  GArray  *pci_ecam;   /* MvRange, as given */
  GArray  *pci_mmio;   /* MvRange, as given */
  gboolean has_vtl2;
  MvRange  vtl2;
  guint64  requested_ram;  /* the sum of the sizes asked for */
} MvLayout;

GQuark        mv_layout_error_quark      (void);
const char   *mv_layout_error_name       (int               code);
const char   *mv_address_type_name       (MvAddressType     type);

MvLayout     *mv_layout_new              (guint64           ram_size,
                                          const MvRange    *mmio,
                                          gsize             n_mmio,
                                          const MvRange    *pci_ecam,
                                          gsize             n_pci_ecam,
                                          const MvRange    *pci_mmio,
                                          gsize             n_pci_mmio,
                                          const MvRange    *vtl2,
                                          GError          **error);
MvLayout     *mv_layout_new_with_numa    (const guint64    *numa_sizes,
                                          gsize             n_numa_sizes,
                                          const MvRange    *mmio,
                                          gsize             n_mmio,
                                          const MvRange    *pci_ecam,
                                          gsize             n_pci_ecam,
                                          const MvRange    *pci_mmio,
                                          gsize             n_pci_mmio,
                                          const MvRange    *vtl2,
                                          GError          **error);
MvLayout     *mv_layout_new_from_ranges  (const MvRamRange *ram,
                                          gsize             n_ram,
                                          const MvRange    *mmio,
                                          gsize             n_mmio,
                                          GError          **error);
void          mv_layout_free             (MvLayout         *layout);

guint64       mv_layout_end_of_ram       (const MvLayout   *layout);
guint64       mv_layout_ram_size         (const MvLayout   *layout);
gboolean      mv_layout_max_ram_below_4gb (const MvLayout  *layout,
                                           guint64         *out);
guint64       mv_layout_end_of_layout    (const MvLayout   *layout);
MvAddressType mv_layout_probe_address    (const MvLayout   *layout,
                                          guint64           address);
guint64       mv_layout_shortfall        (const MvLayout   *layout);
char         *mv_layout_shortfall_message (const char      *lost);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MvLayout, mv_layout_free)

G_END_DECLS
