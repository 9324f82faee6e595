/* SPDX-License-Identifier: MIT */
/* The Linux boot tests' files and runs (see mv-boot-test.h). */
#include <elf.h>
#include <string.h>
#include <zlib.h>

#include "mv-boot-test.h"
#include "mv-test-util.h"

/* ---- files -------------------------------------------------------------- */

/* Byte i of a pattern file is (i * 7 + seed) mod 251. */
guint8 *
pattern (gsize  n,
         guint  seed)
{
  guint8 *data = g_malloc (n + 1);

  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) ((i * 7 + seed) % 251);
  return data;
}

char *
write_file (const char   *name,
            const guint8 *data,
            gsize         len)
{
  char *path = g_build_filename (test_tmp_dir (), name, NULL);
  GError *error = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) len, &error));
  g_assert_no_error (error);
  return path;
}


const BzSpec bz_default = {
  .setup_sects = 1, .version = 0x020f, .loadflags = 0x01, .xloadflags = 0x0001,
  .pref_address = 0x1000000, .init_size = 0x1000000, .payload = 300 * 1024,
};

/* A bzImage as upstream's own test makes one, with a pattern payload. */
GBytes *
make_bzimage (const BzSpec *s)
{
  gsize offset = ((gsize) (s->setup_sects == 0 ? 4 : s->setup_sects) + 1) * 512;
  gsize total = offset + s->payload;
  guint8 *image = g_malloc0 (total);
  guint8 *payload = pattern (s->payload, 3);

  image[0x1f1] = s->setup_sects;
  mv_le_put (image + 0x1f4, s->syssize != 0 ? s->syssize : s->payload / 16, 4);
  mv_le_put (image + 0x1fe, 0xaa55, 2);
  memcpy (image + 0x202, "HdrS", 4);
  mv_le_put (image + 0x206, s->version, 2);
  image[0x211] = s->loadflags;
  image[0x234] = 1;                                   /* relocatable_kernel */
  mv_le_put (image + 0x236, s->xloadflags, 2);
  mv_le_put (image + 0x258, s->pref_address, 8);
  mv_le_put (image + 0x260, s->init_size, 4);
  mv_le_put (image + 0x268, 0x12345678, 4);           /* kernel_info_offset */
  memcpy (image + offset, payload, s->payload);
  g_free (payload);
  return g_bytes_new_take (image, total);
}

char *
write_bytes (const char *name,
             GBytes     *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return write_file (name, data, len);
}

/* The default bzImage, written as @name. */
char *
default_kernel (const char *name)
{
  g_autoptr(GBytes) image = make_bzimage (&bz_default);

  return write_bytes (name, image);
}


/* An ELF64 file: header, program headers at 64, segment data where the
 * program headers say (a pattern). */
GBytes *
make_elf (guint16        machine,
          guint8         data_encoding,
          guint64        entry,
          const PhSpec  *ph,
          guint          n_ph,
          gsize          size)
{
  guint8 *file = g_malloc0 (size);
  guint8 *fill = pattern (size, 11);
  Elf64_Ehdr h = { 0 };

  memcpy (file, fill, size);
  g_free (fill);
  memcpy (h.e_ident, ELFMAG, SELFMAG);
  h.e_ident[EI_CLASS] = ELFCLASS64;
  h.e_ident[EI_DATA] = data_encoding;
  h.e_ident[EI_VERSION] = EV_CURRENT;
  h.e_type = ET_EXEC;
  h.e_machine = machine;
  h.e_version = EV_CURRENT;
  h.e_entry = entry;
  h.e_phoff = sizeof h;
  h.e_ehsize = sizeof h;
  h.e_phentsize = sizeof (Elf64_Phdr);
  h.e_phnum = (guint16) n_ph;
  memcpy (file, &h, sizeof h);
  for (guint i = 0; i < n_ph; i++)
    {
      Elf64_Phdr p = {
        .p_type = ph[i].type, .p_offset = ph[i].offset, .p_paddr = ph[i].paddr,
        .p_vaddr = ph[i].paddr | G_GUINT64_CONSTANT (0xffffffff80000000),
        .p_filesz = ph[i].filesz, .p_memsz = ph[i].memsz, .p_align = PAGE,
      };
      memcpy (file + sizeof h + i * sizeof p, &p, sizeof p);
    }
  return g_bytes_new_take (file, size);
}

/* ---- running ------------------------------------------------------------ */

/* A layout with MMIO gaps: 4 GiB of RAM as [0, 2 GiB), [2.25 GiB, 3.875 GiB) and
 * 384 MiB above 4 GiB. */
MvLayout *
gapped_layout (void)
{
  static const MvRange mmio[] = {
    { 0x80000000, 0x90000000 },
    { 0xF8000000, 0x100000000 },
  };
  GError *error = NULL;
  MvLayout *layout = mv_layout_new (4 * GB, mmio, G_N_ELEMENTS (mmio), NULL, 0, NULL, 0,
                                    NULL, &error);

  g_assert_no_error (error);
  return layout;
}

MvLayout *
small_layout (guint64 ram)
{
  static const MvRange mmio[] = { { 0xF8000000, 0x100000000 } };
  GError *error = NULL;
  MvLayout *layout = mv_layout_new (ram, mmio, 1, NULL, 0, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  return layout;
}

/* The data of the last call with a given tag, kept beside the recorder. */

static gboolean
tee_import_pages (MvImporter   *importer,
                  guint64       page_base,
                  guint64       page_count,
                  const char   *tag,
                  MvAcceptance  acceptance,
                  const guint8 *data,
                  gsize         len,
                  GError      **error)
{
  Tee *self = (Tee *) importer;

  g_hash_table_insert (self->data, g_strdup (tag), g_bytes_new (data, len));
  return mv_importer_import_pages (&self->recorder->parent, page_base, page_count, tag,
                                   acceptance, data, len, error);
}

static gboolean
tee_import_vp_register (MvImporter          *importer,
                        const MvX86Register *reg,
                        GError             **error)
{
  return mv_importer_import_vp_register (&((Tee *) importer)->recorder->parent, reg, error);
}

static const MvImporterClass tee_class = { tee_import_pages, tee_import_vp_register };


void
run_clear (Run *r)
{
  mv_recorder_free (r->rec);
  g_hash_table_unref (r->tee.data);
  mv_boot_info_clear (&r->info);
  g_clear_error (&r->error);
}

void
run_boot (Run                *r,
          const MvBootConfig *config,
          const MvLayout     *layout,
          GCancellable       *cancellable,
          MvBootProgress      progress,
          gpointer            progress_data)
{
  memset (r, 0, sizeof *r);
  r->rec = mv_recorder_new (TRUE);
  r->tee.parent.klass = &tee_class;
  r->tee.recorder = r->rec;
  r->tee.data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_bytes_unref);
  r->ok = mv_boot_load (config, layout, &r->tee.parent, &r->info, cancellable, progress,
                        progress_data, &r->error);
}

const guint8 *
tag_data (Run        *r,
          const char *tag,
          gsize       expected_len)
{
  GBytes *b = g_hash_table_lookup (r->tee.data, tag);
  gsize len;
  const guint8 *data;

  g_assert_nonnull (b);
  data = g_bytes_get_data (b, &len);
  g_assert_cmpuint (len, ==, expected_len);
  return data;
}

const MvImportCall *
call (Run  *r,
      guint i)
{
  g_assert_cmpuint (i, <, r->rec->calls->len);
  return &g_array_index (r->rec->calls, MvImportCall, i);
}

void
assert_call (Run        *r,
             guint       i,
             const char *tag,
             guint64     page_base,
             guint64     page_count,
             guint64     data_len)
{
  const MvImportCall *c = call (r, i);

  g_assert_cmpstr (c->tag, ==, tag);
  g_assert_cmphex (c->page_base, ==, page_base);
  g_assert_cmpuint (c->page_count, ==, page_count);
  g_assert_cmpuint (c->data_len, ==, data_len);
  g_assert_cmpint (c->acceptance, ==, MV_ACCEPTANCE_EXCLUSIVE);
}

/* The calls from @first carrying @tag, in order, contiguous: their pages
 * end at @end_page; their data's CRC (combined) is that of @data. */
guint
assert_stream (Run          *r,
               guint         first,
               const char   *tag,
               guint64       start_page,
               guint64       end_page,
               const guint8 *data,
               gsize         len)
{
  guint i = first;
  guint64 page = start_page;
  uLong crc = crc32 (0L, Z_NULL, 0);
  uLong expected = crc32 (0L, data, (uInt) len);

  while (i < r->rec->calls->len && g_strcmp0 (call (r, i)->tag, tag) == 0)
    {
      const MvImportCall *c = call (r, i);

      g_assert_cmphex (c->page_base, ==, page);
      g_assert_cmpuint (c->page_count, <=, 16);            /* 64 KiB chunks */
      crc = crc32_combine (crc, c->crc32, (z_off_t) c->data_len);
      page += c->page_count;
      i++;
    }
  g_assert_cmphex (page, ==, end_page);
  g_assert_cmphex (crc, ==, expected);
  return i;
}

MvBootConfig
linux_config (const char *kernel,
              const char *initrd,
              const char *cmdline)
{
  MvBootConfig c = {
    .loader = MV_BOOT_LOADER_LINUX,
    .kernel = (char *) kernel,
    .initrd = (char *) initrd,
    .cmdline = (char *) cmdline,
    .acpi_size = MV_BOOT_ACPI_DEFAULT_SIZE,
    .smbios = TRUE,
  };
  return c;
}

guint64
le (const guint8 *p,
    guint         bytes)
{
  return mv_le_get (p, bytes);
}

