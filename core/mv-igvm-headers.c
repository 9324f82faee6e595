/* SPDX-License-Identifier: MIT */
/* IGVM files: the variable headers' bodies, decoded from their bytes
 * (igvm_defs' IGVM_VHS_* structures, little-endian, packed). */
#include "config.h"

#include "mv-igvm.h"
#include "mv-igvm-private.h"

#define le32 _mv_igvm_le32
#define le64 _mv_igvm_le64

guint32
_mv_igvm_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

guint64
_mv_igvm_le64 (const guint8 *p)
{
  return (guint64) _mv_igvm_le32 (p) | (guint64) _mv_igvm_le32 (p + 4) << 32;
}

/* The fixed size of each known body, 0 for a type this reader does not know. */
guint32
_mv_igvm_body_size (guint32 type)
{
  switch (type)
    {
    case MV_IGVM_VHT_SUPPORTED_PLATFORM: return 16;
    case MV_IGVM_VHT_GUEST_POLICY: return 16;
    case MV_IGVM_VHT_RELOCATABLE_REGION: return 48;
    case MV_IGVM_VHT_PAGE_TABLE_RELOCATION_REGION: return 32;
    case MV_IGVM_VHT_CORIM_DOCUMENT: return 16;
    case MV_IGVM_VHT_CORIM_SIGNATURE: return 16;
    case MV_IGVM_VHT_CCA_POLICY: return 32;
    case MV_IGVM_VHT_PARAMETER_AREA: return 16;
    case MV_IGVM_VHT_PAGE_DATA: return 24;
    case MV_IGVM_VHT_PARAMETER_INSERT: return 16;
    case MV_IGVM_VHT_VP_CONTEXT: return 20;
    case MV_IGVM_VHT_REQUIRED_MEMORY: return 24;
    case MV_IGVM_VHT_VP_COUNT_PARAMETER:
    case MV_IGVM_VHT_SRAT:
    case MV_IGVM_VHT_MADT:
    case MV_IGVM_VHT_MMIO_RANGES:
    case MV_IGVM_VHT_MEMORY_MAP:
    case MV_IGVM_VHT_COMMAND_LINE:
    case MV_IGVM_VHT_SLIT:
    case MV_IGVM_VHT_PPTT:
    case MV_IGVM_VHT_DEVICE_TREE:
    case MV_IGVM_VHT_ENVIRONMENT_INFO_PARAMETER:
      return 8;
    case MV_IGVM_VHT_SNP_ID_BLOCK: return 696;
    case MV_IGVM_VHT_ERROR_RANGE: return 16;
    case MV_IGVM_VHT_VBS_MEASUREMENT: return 864;
    default: return 0;
    }
}

gboolean
_mv_igvm_is_parameter_usage (guint32 type)
{
  return _mv_igvm_body_size (type) == 8;
}

/* Fills @h from the body @b of a known type. */
void
_mv_igvm_decode_body (MvIgvmHeader *h,
             const guint8 *b)
{
  switch (h->type)
    {
    case MV_IGVM_VHT_SUPPORTED_PLATFORM:
      h->mask = le32 (b);
      h->vtl = b[4];
      h->platform_type = b[5];
      h->platform_version = le16 (b + 6);
      h->gpa = le64 (b + 8);   /* the shared GPA boundary */
      break;
    case MV_IGVM_VHT_GUEST_POLICY:
      h->policy = le64 (b);
      h->mask = le32 (b + 8);
      h->reserved = le32 (b + 12);
      break;
    case MV_IGVM_VHT_RELOCATABLE_REGION:
      h->mask = le32 (b);
      h->vp_index = le16 (b + 4);
      h->vtl = b[6];
      h->flags = b[7];
      h->alignment = le64 (b + 8);
      h->gpa = le64 (b + 16);
      h->size = le64 (b + 24);
      h->minimum_gpa = le64 (b + 32);
      h->maximum_gpa = le64 (b + 40);
      break;
    case MV_IGVM_VHT_PAGE_TABLE_RELOCATION_REGION:
      h->mask = le32 (b);
      h->vp_index = le16 (b + 4);
      h->vtl = b[6];
      h->reserved = b[7];
      h->gpa = le64 (b + 8);
      h->size = le64 (b + 16);
      h->used_size = le64 (b + 24);
      break;
    case MV_IGVM_VHT_CORIM_DOCUMENT:
    case MV_IGVM_VHT_CORIM_SIGNATURE:
      h->mask = le32 (b);
      h->file_offset = le32 (b + 4);
      h->size = le32 (b + 8);
      h->reserved = le32 (b + 12);
      break;
    case MV_IGVM_VHT_CCA_POLICY:
      h->mask = le32 (b);
      h->reserved = le32 (b + 4);
      h->policy = le64 (b + 16);   /* attributes that must be one */
      break;
    case MV_IGVM_VHT_PARAMETER_AREA:
      h->size = le64 (b);
      h->index = le32 (b + 8);
      h->file_offset = le32 (b + 12);
      break;
    case MV_IGVM_VHT_PAGE_DATA:
      h->gpa = le64 (b);
      h->mask = le32 (b + 8);
      h->file_offset = le32 (b + 12);
      h->flags = le32 (b + 16);
      h->data_type = le16 (b + 20);
      h->reserved = le16 (b + 22);
      break;
    case MV_IGVM_VHT_PARAMETER_INSERT:
      h->gpa = le64 (b);
      h->mask = le32 (b + 8);
      h->index = le32 (b + 12);
      break;
    case MV_IGVM_VHT_VP_CONTEXT:
      h->gpa = le64 (b);
      h->mask = le32 (b + 8);
      h->file_offset = le32 (b + 12);
      h->vp_index = le16 (b + 16);
      h->reserved = le16 (b + 18);
      break;
    case MV_IGVM_VHT_REQUIRED_MEMORY:
      h->gpa = le64 (b);
      h->mask = le32 (b + 8);
      h->size = le32 (b + 12);
      h->flags = le32 (b + 16);
      h->reserved = le32 (b + 20);
      break;
    case MV_IGVM_VHT_SNP_ID_BLOCK:
      h->mask = le32 (b);
      h->flags = b[4];   /* author key enabled */
      h->version = le32 (b + 88);
      h->svn = le32 (b + 92);
      break;
    case MV_IGVM_VHT_ERROR_RANGE:
      h->gpa = le64 (b);
      h->mask = le32 (b + 8);
      h->size = le32 (b + 12);
      break;
    case MV_IGVM_VHT_VBS_MEASUREMENT:
      h->mask = le32 (b);
      h->version = le32 (b + 4);
      h->svn = le32 (b + 16);
      h->flags = le32 (b + 20);   /* policy flags */
      break;
    default:
      g_assert (_mv_igvm_is_parameter_usage (h->type));
      h->index = le32 (b);
      h->byte_offset = le32 (b + 4);
      break;
    }
}

MvIgvmSection
_mv_igvm_section_of (guint32 type)
{
  if (type >= 0x1 && type <= 0x100)
    return MV_IGVM_SECTION_PLATFORM;
  if (type >= 0x101 && type <= 0x200)
    return MV_IGVM_SECTION_INITIALIZATION;
  if (type >= 0x301 && type <= 0x400)
    return MV_IGVM_SECTION_DIRECTIVE;
  return MV_IGVM_SECTION_UNKNOWN;
}

