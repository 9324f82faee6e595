/* SPDX-License-Identifier: MIT */
/* Bad input, documented: one row per class of bad input, each with the
 * exact message (or behaviour) memviz gives it, each row a test case.
 * `test-bad-input --markdown` prints the same table for the README.
 *
 * A row with arguments runs memviz-cli ($MEMVIZ_CLI) in a scratch
 * directory holding data.bin (10000 bytes), a-directory/, outside.memviz
 * and unreadable.bin (mode 000), and checks the exit status, the whole of
 * stderr and, with --json added, the error object. A row without arguments
 * is checked against the core directly: documents and MTRR dumps (no CLI
 * command reads them yet), and files that change while they are read (a
 * custom MvSource). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mv-document.h"
#include "mv-file-import.h"
#include "mv-mtrr-text.h"
#include "mv-recorder.h"
#include "mv-test-util.h"

#define DATA_SIZE  10000
#define MV_CLI_STATUS_BAD 2   /* memviz-cli's exit status for bad input */
#define NOBODY_ID  65534

typedef struct _Row Row;

struct _Row
{
  const char *id;        /* test path: /bad-input/ID */
  const char *klass;     /* the class of bad input */
  const char *input;     /* memviz-cli arguments (shell syntax); NULL: a core row */
  const char *text;      /* a document or MTRR dump given as text (core rows) */
  const char *file;      /* a file in the scratch directory (core rows) */
  int         width;     /* the width given with an MTRR dump (0: none) */
  const char *example;   /* for core rows: the input, in words */
  int         status;    /* memviz-cli's exit status */
  const char *kind;      /* the --json error kind (core rows: the error name) */
  const char *message;   /* stderr after "memviz-cli: ", exact; or the error message */
  const char *behaviour; /* for rows that are not refused: what happens */
  const char *stdout_has;/* a line stdout must hold (rows that are not refused) */
  void      (*check) (const Row *row);
  gboolean    as_nobody; /* drop root privileges first: root reads mode 000 files */
};

static void check_truncated_while_read (const Row *row);
static void check_grows_while_read (const Row *row);
static void check_read_error (const Row *row);
static void check_document (const Row *row);
static void check_document_file (const Row *row);
static void check_dump (const Row *row);
static void check_dump_file (const Row *row);
static void check_full_stdout (const Row *row);

#define DOC(id_, klass_, text_, kind_, msg_) \
  { .id = id_, .klass = klass_, .text = text_, .kind = kind_, .message = msg_, \
    .check = check_document }
#define DUMP(id_, klass_, text_, kind_, msg_) \
  { .id = id_, .klass = klass_, .text = text_, .kind = kind_, .message = msg_, \
    .check = check_dump }

#define NOTHING_FOUND \
  "expected /proc/mtrr lines (\"reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: " \
  "write-back\"), the kernel's boot report (\"MTRR default type: uncachable\" ...) or MSR values " \
  "(\"0x200 = 0x6\", \"IA32_MTRR_PHYSBASE0: 6\", rdmsr output)"
#define PROC_LINE "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n"

#define CLI(id_, klass_, args_, kind_, msg_) \
  { .id = id_, .klass = klass_, .input = args_, .status = 2, .kind = kind_, .message = msg_ }

static const Row rows[] = {
  /* Size text */
  CLI ("size/empty", "Size text: empty", "layout --ram ''",
       "BadNumber", "--ram : value is empty"),
  CLI ("size/garbage", "Size text: not a number", "layout --ram lots",
       "BadNumber", "--ram lots: value \"lots\" is not a number (expected decimal, 0x hex, "
       "with an optional K, M, G, T or P suffix)"),
  CLI ("size/suffix", "Size text: unknown suffix", "layout --ram 8X",
       "BadNumber", "--ram 8X: value \"8X\": unknown suffix \"X\" (use K, M, G, T or P, "
       "or KiB ... PiB)"),
  CLI ("size/overflow-digits", "Size text: more than 64 bits", "layout --ram 0x10000000000000000",
       "BadNumber", "--ram 0x10000000000000000: value \"0x10000000000000000\" does not fit in 64 bits"),
  CLI ("size/overflow-suffix", "Size text: more than 64 bits after the suffix", "layout --ram 16384P",
       "BadNumber", "--ram 16384P: value \"16384P\" does not fit in 64 bits"),
  CLI ("size/zero", "RAM size: zero", "layout --ram 0",
       "BadSize", "invalid memory size: 0x0 is zero"),
  CLI ("size/unaligned", "RAM size: not a multiple of 4 KiB", "layout --ram 4097",
       "BadSize", "invalid memory size: 0x1001 is not a multiple of 4 KiB"),
  CLI ("size/numa-empty-list", "NUMA sizes: empty list", "layout --numa ''",
       "EmptyNumaSizes", "empty NUMA memory sizes"),
  CLI ("size/numa-empty-item", "NUMA sizes: empty item", "layout --numa 2G,,2G",
       "BadNumber", "--numa 2G,,2G: size 2 of the list is empty"),
  CLI ("size/numa-zero", "NUMA sizes: a zero node", "layout --numa 2G,0",
       "BadNumaSize", "invalid NUMA node memory size: node 1 has 0x0, which is zero"),
  CLI ("size/numa-unaligned", "NUMA sizes: a node not a multiple of 4 KiB", "layout --numa 2G,4097",
       "BadNumaSize", "invalid NUMA node memory size: node 1 has 0x1001, which is not a "
       "multiple of 4 KiB"),
  CLI ("size/numa-sum-overflow", "NUMA sizes: adding up past 2^64",
       "layout --numa 0xFFFFFFFFFFFFF000,0xFFFFFFFFFFFFF000",
       "BadSize", "invalid memory size: the NUMA node sizes add up to more than 2^64"),
  { .id = "size/ram-past-top", .klass = "RAM size: more than fits below 2^64",
    .input = "layout --ram 0xFFFFFFFFFFFFF000 --mmio 3G-4G", .status = 0,
    .message = "warning: only 18014398508433404 KiB of the 18014398509481980 KiB of RAM asked "
               "for fit below the top of the address space (upstream silently places less)",
    .behaviour = "the layout is shown with the RAM that fits, and a warning",
    .stdout_has = "  max RAM below 4 GiB: 0xc0000000" },
  { .id = "size/decimal-unit", .klass = "Size text: KB ... PB", .input = "layout --ram 8GB",
    .status = 0,
    .message = "note: --ram \"8GB\": GB is read as GiB (1024^3 bytes): memviz's units are binary",
    .behaviour = "read as 8 GiB, and a note says which unit was used",
    .stdout_has = "Memory layout (8 GiB of RAM, end of RAM 0x208000000, end of layout 0x228000000)" },
  CLI ("size/fraction-off-page", "Size text: a fraction that is not whole pages", "layout --ram 1.1G",
       "BadNumber", "--ram 1.1G: value \"1.1G\" is not a whole number of 4 KiB pages: write it "
       "in a smaller unit (e.g. M or K) without the fraction"),
  CLI ("source/document-and-preset", "Layout source: a document and a preset",
       "layout my-vm.memviz --preset pcat", "Usage", "give a document or --preset NAME, not both"),
  CLI ("source/two-documents", "Layout source: two documents", "mtrr a.memviz b.memviz",
       "Usage", "mtrr: unexpected argument \"b.memviz\" (give at most one document)"),
  CLI ("usage/near-command", "Command: a typo", "mtr",
       "Usage", "unknown command \"mtr\" (did you mean mtrr? see memviz-cli --help)"),
  CLI ("boot/no-loader", "Boot: no loader named", "boot",
       "Usage", "boot: give --loader linux, uefi or pcat (or a document whose [boot] group "
       "names a loader)"),
  CLI ("boot/no-kernel", "Boot: Linux without a kernel", "boot --loader linux",
       "Usage", "boot: the linux loader needs a kernel: give --kernel FILE"),
  CLI ("boot/bad-loader", "Boot: an unknown loader", "boot --loader grub",
       "Usage", "--loader grub: not a loader (linux, uefi or pcat)"),
  CLI ("boot/other-loader-option", "Boot: an option of another loader (render takes boot's)",
       "render --loader pcat --kernel vmlinuz -o boot.png",
       "Usage", "render: --kernel is for the linux loader, not pcat"),
  CLI ("usage/near-option", "Option: a typo", "layout --rma 1G",
       "Usage", "unknown option --rma (did you mean --ram?)"),
  CLI ("usage/short-option", "Option: an unknown short option", "layout -r 1G",
       "Usage", "unknown option -r"),
  CLI ("usage/text-not-utf8", "Option: text that is not UTF-8",
       "import --file data.bin --gpa 1M --tag 'ker\xffnel'",
       "Usage", "--tag: the value is not UTF-8 text (byte 0xff at offset 3)"),
  CLI ("usage/text-not-utf8-joined", "Option: text that is not UTF-8, after =",
       "boot --loader linux --cmdline='console=ttyS0 \xe9'",
       "Usage", "--cmdline: the value is not UTF-8 text (byte 0xe9 at offset 14)"),
  CLI ("size/ram-and-numa", "RAM size: given twice", "layout --ram 8G --numa 2G",
       "Usage", "give either --ram or --numa, not both"),

  /* Ranges */
  CLI ("range/start-unaligned", "Range: start not 4 KiB aligned", "layout --ram 8G --mmio 0x1001-0x2000",
       "BadRange", "--mmio 0x1001-0x2000: range 0x1001-0x2000: start is not 4 KiB aligned"),
  CLI ("range/end-unaligned", "Range: end not 4 KiB aligned", "layout --ram 8G --mmio 0x1000-0x2001",
       "BadRange", "--mmio 0x1000-0x2001: range 0x1000-0x2001: end is not 4 KiB aligned"),
  CLI ("range/reversed", "Range: end below start", "layout --ram 8G --mmio 4G-3G",
       "BadRange", "--mmio 4G-3G: range 0x100000000-0xc0000000: start is above end"),
  CLI ("range/no-separator", "Range: no - or +", "layout --ram 8G --mmio 3G",
       "BadNumber", "--mmio 3G: range \"3G\" is not START-END or START+SIZE"),
  CLI ("range/no-start", "Range: no start", "layout --ram 8G --mmio -4G",
       "BadNumber", "--mmio -4G: range \"-4G\" is not START-END or START+SIZE"),
  CLI ("range/no-end", "Range: no end", "layout --ram 8G --mmio 3G-",
       "BadNumber", "--mmio 3G-: range end is empty"),
  CLI ("range/garbage-end", "Range: end not a number", "layout --ram 8G --mmio 3G-lots",
       "BadNumber", "--mmio 3G-lots: range end \"lots\" is not a number (expected decimal, "
       "0x hex, with an optional K, M, G, T or P suffix)"),
  CLI ("range/size-overflow", "Range: START+SIZE past 2^64",
       "layout --ram 8G --mmio 1G+0xFFFFFFFFFFFFFFFF",
       "BadNumber", "--mmio 1G+0xFFFFFFFFFFFFFFFF: range \"1G+0xFFFFFFFFFFFFFFFF\" ends past 2^64"),

  /* Gaps */
  CLI ("gaps/overlap", "Gaps: two gaps overlap", "layout --ram 8G --mmio 3G-4G --mmio 3G+512M",
       "BadMemoryRanges", "invalid memory or MMIO ranges: MMIO gaps 1 and 2 are out of order or overlap"),
  CLI ("gaps/unsorted", "Gaps: out of order", "layout --ram 8G --mmio 4G+1G --mmio 3G-4G",
       "BadMemoryRanges", "invalid memory or MMIO ranges: MMIO gaps 1 and 2 are out of order or overlap"),
  CLI ("gaps/overlap-lists", "Gaps: an MMIO and a PCI gap overlap",
       "layout --ram 8G --mmio 3G-4G --pci-ecam 3G+256M",
       "BadMemoryRanges", "invalid memory or MMIO ranges: MMIO, PCI ECAM and PCI MMIO gaps overlap each other"),
  CLI ("gaps/empty", "Gaps: an empty gap", "layout --ram 8G --mmio 3G-3G",
       "BadMemoryRanges", "invalid memory or MMIO ranges: MMIO gap 1 is empty"),
  CLI ("gaps/vtl2-overlaps-ram", "Gaps: VTL2 range over RAM", "layout --ram 8G --vtl2 1G+1G",
       "BadMemoryRanges", "invalid memory or MMIO ranges: RAM, MMIO, PCI and VTL2 ranges overlap"),
  CLI ("gaps/no-low-mmio", "Gaps: MTRRs with no chipset low MMIO gap", "mtrr --ram 8G --mmio 8G+1G",
       "LowMmioAtZero", "the chipset low MMIO gap starts at 0: upstream's \"low MMIO start - 1\" "
       "would underflow (no MMIO gap ends at 4 GiB: add one with --mmio START-4G, or give the "
       "chipset gap with --low-mmio)"),

  /* Widths */
  CLI ("width/too-big", "Width: above 255", "mtrr --width 256",
       "Input", "--width 256: 256 is out of range (at most 255) (the width is a number from 0 to 255)"),
  CLI ("width/negative", "Width: negative", "mtrr --width -1",
       "Input", "--width -1: number \"-1\" is not a number (expected decimal, 0x hex, with an "
       "optional K, M, G, T or P suffix) (the width is a number from 0 to 255)"),
  CLI ("width/garbage", "Width: not a number", "mtrr --width abc",
       "Input", "--width abc: number \"abc\" is not a number (expected decimal, 0x hex, with an "
       "optional K, M, G, T or P suffix) (the width is a number from 0 to 255)"),
  CLI ("width/empty", "Width: empty", "mtrr --width ''",
       "Input", "--width : number is empty (the width is a number from 0 to 255)"),
  CLI ("width/fraction", "Width: not whole", "mtrr --width 46.5",
       "Input", "--width 46.5: \"46.5\" is not a whole number (the width is a number from 0 to 255)"),
  { .id = "width/clamped", .klass = "Width: outside 36..52", .input = "mtrr --width 20",
    .status = 0, .behaviour = "clamped to 36..52, as upstream does, and said so",
    .stdout_has = "Address width 20, clamped to 36 as upstream does" },

  /* GDT page */
  CLI ("gdt/page-past-end", "GDT page: past 2^52", "gdt --page 0x10000000000000",
       "GdtPageOutOfRange", "GDT page 0x10000000000000 is past the end of the 64-bit address "
       "space (page * 4096 overflows)"),
  CLI ("gdt/page-suffix", "GDT page: a size, not a page number", "gdt --page 4K",
       "BadNumber", "--page 4K: \"4K\" is not a whole number"),

  /* Import files */
  CLI ("import/missing", "Import file: missing", "import --file missing.bin --gpa 0",
       "File", "cannot open missing.bin: No such file or directory"),
  CLI ("import/directory", "Import file: a directory", "import --file a-directory --gpa 0",
       "File", "cannot read a-directory: it is a directory"),
  { .id = "import/unreadable", .klass = "Import file: unreadable (mode 000)",
    .input = "import --file unreadable.bin --gpa 0", .status = 2, .kind = "File",
    .message = "cannot open unreadable.bin: Permission denied", .as_nobody = TRUE },
  CLI ("import/shorter", "Import file: shorter than --file-length",
       "import --file data.bin --gpa 0 --file-length 16K",
       "Read", "failed to read file data.bin: unexpected end of file: 10000 of 16384 bytes read"),
  CLI ("import/offset-shorter", "Import file: shorter than --file-offset + --file-length",
       "import --file data.bin --gpa 0 --file-offset 8K --file-length 4K",
       "Read", "failed to read file data.bin: unexpected end of file: 1808 of 4096 bytes read"),
  { .id = "import/offset-past-end", .klass = "Import file: --file-offset past its end",
    .input = "import --file data.bin --gpa 1M --file-offset 1M", .status = 0,
    .behaviour = "nothing to import: no calls, no pages",
    .stdout_has = "0 import_pages calls, 0 pages" },
  { .id = "import/truncated-while-read", .klass = "Import file: truncated while being read",
    .example = "the file shrinks to 4 KiB after the first 4 KiB chunk of 10000 bytes",
    .kind = "Read", .message = "failed to read file truncated.bin: unexpected end of file: 0 of 4096 bytes read",
    .behaviour = "the import stops; the chunk imported before stays imported, as upstream",
    .check = check_truncated_while_read },
  { .id = "import/grows-while-read", .klass = "Import file: grows while being read",
    .example = "4 KiB are appended after the first chunk of 10000 bytes",
    .behaviour = "the length taken at the start is imported, and its CRC-32 reported",
    .check = check_grows_while_read },
  { .id = "import/read-error", .klass = "Import file: read error while being read",
    .example = "the second read fails with EIO",
    .kind = "Read", .message = "failed to read file truncated.bin: read failed: Input/output error",
    .behaviour = "the import stops; the chunk imported before stays imported, as upstream",
    .check = check_read_error },
  CLI ("import/longer-than-memory", "Import region: file length above memory length",
       "import --file data.bin --gpa 0 --memory-length 4K",
       "FileLengthExceedsMemoryLength", "file length 10000 exceeds memory length 4096"),
  CLI ("import/address-overflow", "Import region: GPA + memory length past 2^64",
       "import --file data.bin --gpa 0xFFFFFFFFFFFFFFFF --memory-length 0xFFFFFFFFFFFFF000",
       "Overflow", "address computation overflowed: GPA 0xffffffffffffffff plus memory length "
       "0xfffffffffffff000 passes 2^64"),
  CLI ("import/seek", "Import region: file offset at or past 2^63",
       "import --file data.bin --gpa 0 --file-offset 0x8000000000000000 --file-length 1",
       "Seek", "failed to seek file data.bin: cannot seek to offset 0x8000000000000000: Invalid argument"),
  { .id = "import/past-address-space", .klass = "Import region: pages past the 64-bit address space",
    .input = "import --file data.bin --gpa 0xFFFFFFFFFFFFF000 --memory-length 16K", .status = 0,
    .behaviour = "imported as upstream does; the page map marks the pages as errors",
    .stdout_has = "  page 0xfffffffffffff+0x3                       3  data.bin             "
                  "Exclusive    data  ERROR: runs past the end of the address space" },
  CLI ("import/chunk-small", "Import chunk size: under a page",
       "import --file data.bin --gpa 0 --chunk-size 100",
       "BadChunkSize", "chunk size 100 is less than one page (4096 bytes)"),
  CLI ("import/chunk-big", "Import chunk size: over 256 MiB",
       "import --file data.bin --gpa 0 --chunk-size 1G",
       "BadChunkSize", "chunk size 1073741824 is more than 256 MiB"),
  CLI ("decode/max-ranges", "Effective map: more ranges than are listed",
       "decode --max-ranges 70000 data.bin",
       "BadNumber", "--max-ranges 70000: 70000 is out of range (at most 65536)"),
  CLI ("render/pixels", "Picture: more than 64 Mi pixels once scaled",
       "render -o big.png --width 16384 --height 16384 --scale 1.99",
       "BadSize", "a picture of 16384 x 16384 at scale 1.99 would have 1063086025 pixels: at "
       "most 67108864 (256 MiB) are made; make it smaller or write SVG or PDF"),
  CLI ("render/explain-no-address", "Explain view: no address to explain",
       "render -o explain.png --view explain",
       "Usage", "--view explain: give the address whose masked compare to draw with --address ADDR"),
  CLI ("crc32/shorter", "CRC-32 file: shorter than --length", "crc32 data.bin --length 16K",
       "Read", "failed to read file data.bin: unexpected end of file: 10000 of 16384 bytes read"),
  CLI ("crc32/missing", "CRC-32 file: missing", "crc32 missing.bin",
       "File", "cannot open missing.bin: No such file or directory"),
  CLI ("file/name-not-utf8", "File name: not UTF-8 (shown as g_filename_display_name does)",
       "crc32 'missing\xff.bin'",
       "File", "cannot open missing\xef\xbf\xbd.bin: No such file or directory"),
  CLI ("igvm/not-igvm", "IGVM file: not one", "igvm data.bin",
       "InvalidMagic", "data.bin: not an IGVM file: the magic at offset 0x0 is 0xaa6504dc, "
       "not 0x4d564749 (\"IGVM\")"),
  CLI ("igvm/missing", "IGVM file: missing", "igvm missing.bin",
       "File", "cannot open missing.bin: No such file or directory"),
  CLI ("igvm/platform", "IGVM file: a mask that is not a number", "igvm data.bin --platform lots",
       "BadNumber", "--platform lots: number \"lots\" is not a number (expected decimal, 0x hex, "
       "with an optional K, M, G, T or P suffix)"),
  CLI ("import/not-regular", "Import file: not a regular file (a FIFO, a device)",
       "import --file /dev/zero --gpa 0",
       "File", "cannot read /dev/zero: not a regular file (a FIFO, a device or a socket)"),
  CLI ("import/max-length", "Import file: longer than --max-length",
       "import --file data.bin --gpa 0 --max-length 4K",
       "Input", "--max-length 4K: data.bin would read 10000 B (0x2710 bytes) of the file, "
       "more than that"),
  CLI ("crc32/not-regular", "CRC-32 file: not a regular file", "crc32 /dev/zero",
       "File", "cannot read /dev/zero: not a regular file (a FIFO, a device or a socket)"),
  CLI ("decode/not-regular", "MTRR dump file: not a regular file", "decode /dev/zero",
       "File", "cannot read /dev/zero: not a regular file (a FIFO, a device or a socket)"),
  CLI ("document/outside-file", "Document: an import outside the document's folder",
       "layout outside.memviz",
       "OutsideFile", "outside.memviz: import \"secret\" reads /etc/passwd, outside the "
       "document's folder (give --allow-outside-files to read it)"),

  /* Output */
  CLI ("render/no-folder", "Render output: the folder does not exist",
       "render -o missing/map.png",
       "File", "missing/map.png: cannot write the file: No such file or directory"),
  { .id = "render/layout-error", .klass = "Render: the layout fails",
    .input = "render --ram 4097 -o map.png", .status = 1,
    .message = "layout error: BadSize: invalid memory size: 0x1001 is not a multiple of 4 KiB "
               "(drawn in map.png)",
    .behaviour = "the picture shows the error, which is also printed" },
  { .id = "output/full-stdout", .klass = "Standard output: full (a full disk, /dev/full)",
    .example = "`memviz-cli mtrr > /dev/full`, any command",
    .message = "cannot write to standard output: No space left on device",
    .behaviour = "exit 2", .check = check_full_stdout },

  /* Documents (mv_document_load_from_data / _from_file) */
  DOC ("document/empty", "Document: empty", "",
       "NotADocument", "line 1, [memviz] version: not a memviz document: it needs a [memviz] "
       "group with a version key"),
  DOC ("document/not-key-file", "Document: not a key file", "hello world\n",
       "Syntax", "line 1: “hello world” is not a key=value line, a [group] or a # comment"),
  DOC ("document/no-version", "Document: no version", "[memviz]\ntitle=x\n",
       "NotADocument", "line 1, [memviz] version: not a memviz document: it needs a [memviz] "
       "group with a version key"),
  DOC ("document/newer", "Document: from a newer memviz", "[memviz]\nversion=99\n",
       "NewerVersion", "line 2, [memviz] version: the document is in format version 99, written "
       "by a newer memviz; this memviz reads version 1"),
  DOC ("document/not-utf8", "Document: not UTF-8", "[memviz]\nversion=1\n\xff\xfe\n",
       "Syntax", "line 3: not valid UTF-8 text"),
  DOC ("document/duplicate-group", "Document: a group twice",
       "[memviz]\nversion=1\n[memory]\nram=8G\n[memory]\nram=4G\n",
       "DuplicateGroup", "line 5, [memory]: the group appears twice (first on line 3)"),
  DOC ("document/bad-size", "Document: size text",
       "[memviz]\nversion=1\n[memory]\nram=lots\n",
       "InvalidValue", "line 4, [memory] ram: value \"lots\" is not a number (expected decimal, "
       "0x hex, with an optional K, M, G, T or P suffix)"),
  DOC ("document/bad-range", "Document: a range in a list",
       "[memviz]\nversion=1\n[memory]\nram=8G\nmmio=3G-4G, 5G\n",
       "InvalidValue", "line 5, [memory] mmio: range 2 of the list: range \"5G\" is not START-END "
       "or START+SIZE"),
  DOC ("document/bad-escape", "Document: a bad escape", "[memviz]\nversion=1\ntitle=a\\q b\\\n",
       "InvalidValue", "line 3, [memviz] title: Key file contains key “title” which has a value "
       "that cannot be interpreted. (a backslash starts an escape: \\s, \\n, \\t, \\r or \\\\)"),
  DOC ("document/width", "Document: width out of 0..255",
       "[memviz]\nversion=1\n[memory]\nram=8G\n[mtrr]\naddress-width=300\n",
       "InvalidValue", "line 6, [mtrr] address-width: 300 is out of range (at most 255)"),
  DOC ("document/profile", "Document: unknown boot profile",
       "[memviz]\nversion=1\n[memory]\nram=8G\n[boot]\nprofile=bios\n",
       "InvalidValue", "line 6, [boot] profile: unknown boot profile “bios” (expected "
       "linux-direct, uefi, pcat or none)"),
  DOC ("document/boot-loader", "Document: unknown boot loader",
       "[memviz]\nversion=1\n[memory]\nram=8G\n[boot]\nloader=grub\n",
       "InvalidValue", "line 6, [boot] loader: unknown loader “grub” (expected "
       "none, linux, uefi or pcat)"),
  { .id = "document/boot-key-unused", .klass = "Document: a [boot] key the loader does not read",
    .text = "[memviz]\nversion=1\n[memory]\nram=8G\n[boot]\nloader=pcat\ncmdline=quiet\n",
    .message = "line 7, [boot] cmdline: the pcat loader does not read this key: kept but not used",
    .behaviour = "loads, with a warning", .check = check_document },
  DOC ("document/import-kind", "Document: unknown import kind",
       "[memviz]\nversion=1\n[memory]\nram=8G\n[import a]\nkind=tape\n",
       "InvalidValue", "line 6, [import a] kind: unknown import kind “tape” (expected gdt, file "
       "or synthetic)"),
  DOC ("document/missing-key", "Document: a required key missing",
       "[memviz]\nversion=1\n[memory]\nram=8G\n[import a]\nkind=file\ngpa=0\n",
       "MissingKey", "line 5, [import a] path: the key is missing"),
  { .id = "document/unknown-key", .klass = "Document: an unknown key",
    .text = "[memviz]\nversion=1\n[memory]\nram=8G\nfavourite-colour=blue\n",
    .message = "line 5, [memory] favourite-colour: unknown key, ignored (kept when saving)",
    .behaviour = "loads, with a warning", .check = check_document },
  { .id = "document/key-twice", .klass = "Document: a key given twice in a group",
    .text = "[memviz]\nversion=1\n[memory]\nram=8G\nram=4G\n",
    .message = "line 5, [memory] ram: the key is also on line 4; the last one is used",
    .behaviour = "loads, with a warning", .check = check_document },
  { .id = "document/file-missing", .klass = "Document file: missing", .file = "missing.memviz",
    .kind = "Read", .message = "cannot open @DIR@/missing.memviz: No such file or directory",
    .check = check_document_file },
  { .id = "document/file-directory", .klass = "Document file: a directory", .file = "a-directory",
    .kind = "Read", .message = "cannot read @DIR@/a-directory: not a regular file",
    .check = check_document_file },
  { .id = "document/file-huge", .klass = "Document file: over 16 MiB", .file = "huge.memviz",
    .kind = "Read", .message = "cannot read @DIR@/huge.memviz: larger than 16777216 bytes, not a "
    "memviz document", .check = check_document_file },

  /* MTRR dumps (mv_mtrr_text_parse, mv_mtrr_text_read_proc) */
  DUMP ("dump/empty", "MTRR dump: empty", "",
        "NothingFound", "no MTRR lines found in 0 lines: " NOTHING_FOUND),
  DUMP ("dump/garbage", "MTRR dump: no MTRR line", "hello\nworld\n",
        "NothingFound", "no MTRR lines found in 2 lines: " NOTHING_FOUND),
  DUMP ("dump/unknown-type", "MTRR dump: unknown type word",
        "reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: purple\n",
        "NothingFound", "no MTRR lines found in 1 line: " NOTHING_FOUND),
  { .id = "dump/width", .klass = "MTRR dump: width out of 1..64", .text = PROC_LINE,
    .width = 100, .kind = "BadWidth", .message = "address width 100 is not between 1 and 64",
    .check = check_dump },
  { .id = "dump/size-not-power-of-two", .klass = "MTRR dump: size not a power of two",
    .text = "reg00: base=0x000000001 (    0MB), size= 2047MB, count=1: write-back\n",
    .message = "reg00: size 2146435072 is not a power of two, so the mask rebuilt from it is not exact.",
    .behaviour = "read, with a note", .check = check_dump },
  DUMP ("dump/size-2-64", "MTRR dump: a size of 2^64 bytes",
        "reg00: base=0x000000000 (    0MB), size=17592186044416MB, count=1: write-back\n",
        "Overflow", "line 1: size=17592186044416MB (2^64 bytes or more) does not fit in 64 bits"),
  DUMP ("dump/hex-17-digits", "MTRR dump: a hex value of 17 digits",
        "0x200 = 0x10000000000000006\n",
        "Overflow", "line 1: the number 10000000000000006 does not fit in 64 bits"),
  DUMP ("dump/decimal-overflow", "MTRR dump: a decimal value past 2^64",
        "wrmsr 0x201 18446744073709551616\n",
        "Overflow", "line 1: the number 18446744073709551616 does not fit in 64 bits"),
  { .id = "dump/proc-missing", .klass = "MTRR dump: /proc/mtrr missing", .file = "missing-mtrr",
    .kind = "Unreadable", .message = "cannot read @DIR@/missing-mtrr: it does not exist (not "
    "Linux, no MTRR support, or a kernel built without CONFIG_MTRR)",
    .check = check_dump_file },
};

/* ---- the scratch directory --------------------------------------------- */

static char *scratch_dir;
static char *cli_copy;
static guint8 data_bytes[DATA_SIZE];

static void
make_scratch (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *unreadable = NULL;
  guint32 x = 12345;

  scratch_dir = g_dir_make_tmp ("memviz-bad-input-XXXXXX", &error);
  g_assert_no_error (error);
  /* Searchable by uid 65534 for the unreadable-file row. */
  g_assert_cmpint (g_chmod (scratch_dir, 0755), ==, 0);

  for (gsize i = 0; i < DATA_SIZE; i++)
    {
      x = x * 1103515245u + 12345u;
      data_bytes[i] = (guint8) (x >> 16);
    }
  data = g_build_filename (scratch_dir, "data.bin", NULL);
  g_file_set_contents (data, (const char *) data_bytes, DATA_SIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (data, 0644), ==, 0);

  dir = g_build_filename (scratch_dir, "a-directory", NULL);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);

  /* A sparse file past the 16 MiB a document may have. */
  {
    g_autofree char *huge = g_build_filename (scratch_dir, "huge.memviz", NULL);
    int fd = g_open (huge, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, 17 * 1024 * 1024), ==, 0);
    close (fd);
  }

  /* A document that imports a file outside its folder. */
  {
    g_autofree char *outside = g_build_filename (scratch_dir, "outside.memviz", NULL);

    g_file_set_contents (outside, "[memviz]\nversion=1\n[memory]\nram=1 GiB\n"
                         "[import secret]\nkind=file\ngpa=1 MiB\npath=/etc/passwd\n", -1, &error);
    g_assert_no_error (error);
  }

  unreadable = g_build_filename (scratch_dir, "unreadable.bin", NULL);
  g_file_set_contents (unreadable, "secret", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (unreadable, 0), ==, 0);

  /* As root, the unreadable-file row runs a copy of memviz-cli as uid
   * 65534, which may not reach the build directory. */
  if (geteuid () == 0)
    {
      g_autofree char *contents = NULL;
      gsize len;

      g_file_get_contents (test_cli_path (), &contents, &len, &error);
      g_assert_no_error (error);
      cli_copy = g_build_filename (scratch_dir, "memviz-cli", NULL);
      g_file_set_contents (cli_copy, contents, (gssize) len, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_chmod (cli_copy, 0755), ==, 0);
    }
}

static void
remove_scratch (void)
{
  const char *names[] = { "data.bin", "unreadable.bin", "a-directory", "grows.bin",
                          "truncated.bin", "memviz-cli", "huge.memviz", "outside.memviz",
                          "map.png", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (scratch_dir, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (scratch_dir);
  g_free (scratch_dir);
  g_free (cli_copy);
}

/* ---- rows run through memviz-cli ---------------------------------------- */

static void
drop_to_nobody (gpointer user_data)
{
  if (setgroups (0, NULL) != 0 || setgid (NOBODY_ID) != 0 || setuid (NOBODY_ID) != 0)
    _exit (77);
}

static void
run_cli (const Row  *row,
         gboolean    json,
         TestRun    *run,
         gboolean   *dropped)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) full = NULL;
  gboolean drop = row->as_nobody && geteuid () == 0;
  TestRunOptions options = { .cwd = scratch_dir, .setup = drop ? drop_to_nobody : NULL };

  g_assert_true (g_shell_parse_argv (row->input, NULL, &args, &error));
  g_assert_no_error (error);
  g_strv_builder_add (argv, drop ? cli_copy : test_cli_path ());
  g_strv_builder_addv (argv, (const char **) args);
  if (json)
    g_strv_builder_add (argv, "--json");
  full = g_strv_builder_end (argv);
  test_run (run, &options, (const char *const *) full);
  *dropped = drop;
}

static void
test_cli_row (gconstpointer data)
{
  const Row *row = data;
  g_auto(TestRun) run = { 0 };
  g_autofree char *expected_err = NULL;
  gboolean dropped;

  run_cli (row, FALSE, &run, &dropped);
  if (dropped && run.status == 77)
    {
      /* root reads a mode 000 file; without a way to become another user
       * this row cannot be shown here. */
      g_test_skip ("running as root, and cannot switch to uid 65534 to be denied a mode 000 file");
      return;
    }

  expected_err = row->message != NULL ? g_strdup_printf ("memviz-cli: %s\n", row->message)
                                      : g_strdup ("");
  g_assert_cmpstr (run.err, ==, expected_err);
  g_assert_cmpint (run.status, ==, row->status);
  if (row->stdout_has != NULL)
    {
      g_autofree char *line = g_strdup_printf ("%s\n", row->stdout_has);
      g_assert_nonnull (strstr (run.out, line));
    }
  if (row->status != MV_CLI_STATUS_BAD)
    return;

  /* The same error with --json: the kind, and the message. */
  {
    g_auto(TestRun) jrun = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonObject *obj;

    run_cli (row, TRUE, &jrun, &dropped);
    g_assert_cmpint (jrun.status, ==, row->status);
    g_assert_cmpstr (jrun.err, ==, expected_err);
    g_assert_true (json_parser_load_from_data (parser, jrun.out, -1, &error));
    g_assert_no_error (error);
    obj = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                         "error");
    g_assert_nonnull (obj);
    g_assert_cmpstr (json_object_get_string_member (obj, "kind"), ==, row->kind);
    g_assert_cmpstr (json_object_get_string_member (obj, "message"), ==, row->message);
  }
}

/* ---- rows run against the core ------------------------------------------ */

/* A file source that changes the file under the reader between chunks:
 * before its second read it truncates or extends the file. */
typedef enum
{
  CHANGE_TRUNCATE,
  CHANGE_GROW,
  CHANGE_FAIL,
} Change;

typedef struct
{
  MvSource parent;
  MvSource *inner;
  int fd;
  Change change;
  guint reads;
} ChangingSource;

static gboolean
changing_seek (MvSource *source,
               guint64   offset,
               GError  **error)
{
  ChangingSource *self = (ChangingSource *) source;

  return mv_source_seek (self->inner, offset, error);
}

static gssize
changing_read (MvSource *source,
               guint8   *buf,
               gsize     len,
               GError  **error)
{
  ChangingSource *self = (ChangingSource *) source;

  if (self->reads++ == 1)
    {
      switch (self->change)
        {
        case CHANGE_TRUNCATE:
          g_assert_cmpint (ftruncate (self->fd, 4096), ==, 0);
          break;
        case CHANGE_GROW:
          {
            guint8 more[4096];

            memset (more, 0xee, sizeof more);
            g_assert_cmpint (pwrite (self->fd, more, sizeof more, DATA_SIZE), ==, sizeof more);
          }
          break;
        case CHANGE_FAIL:
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (EIO),
                       "read failed: %s", g_strerror (EIO));
          return -1;
        }
    }
  return self->inner->klass->read (self->inner, buf, len, error);
}

static void
changing_free (MvSource *source)
{
  ChangingSource *self = (ChangingSource *) source;

  mv_source_free (self->inner);
  close (self->fd);
}

static const MvSourceClass changing_class = { changing_seek, changing_read, changing_free };

/* Imports a 10000-byte copy of data.bin (the whole of it, 4 KiB chunks)
 * through a ChangingSource. */
static gboolean
import_changing (Change       change,
                 MvRecorder  *rec,
                 guint32     *crc,
                 GError     **error)
{
  g_autofree char *path = g_build_filename (scratch_dir, change == CHANGE_GROW ? "grows.bin"
                                                                              : "truncated.bin", NULL);
  g_autoptr(GError) local = NULL;
  g_autoptr(MvChunkBuf) chunk = mv_chunk_buf_new (4096, &local);
  g_autoptr(MvSource) source = NULL;
  ChangingSource *cs;
  MvFileRegion region = { 0 };

  g_assert_no_error (local);
  g_file_set_contents (path, (const char *) data_bytes, DATA_SIZE, &local);
  g_assert_no_error (local);

  cs = g_new0 (ChangingSource, 1);
  cs->parent.klass = &changing_class;
  cs->inner = mv_source_new_for_path (path, &local);
  g_assert_no_error (local);
  cs->fd = g_open (path, O_RDWR | O_CLOEXEC, 0);
  g_assert_cmpint (cs->fd, >=, 0);
  cs->change = change;
  source = &cs->parent;
  /* errors name the file */
  mv_source_set_name (source, change == CHANGE_GROW ? "grows.bin" : "truncated.bin");

  region.file = source;
  region.file_length = DATA_SIZE;
  region.memory_length = DATA_SIZE;
  region.gpa = 0x100000;
  region.acceptance = MV_ACCEPTANCE_EXCLUSIVE;
  region.tag = "changing";
  return mv_chunk_buf_import_file_region (chunk, &rec->parent, &region, crc, NULL, NULL, error);
}

static void
check_truncated_while_read (const Row *row)
{
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GError) error = NULL;
  guint32 crc = 1;

  g_assert_false (import_changing (CHANGE_TRUNCATE, rec, &crc, &error));
  g_assert_error (error, MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_READ);
  g_assert_cmpstr (mv_file_import_error_name (error->code), ==, row->kind);
  g_assert_cmpstr (error->message, ==, row->message);
  /* The first chunk went in before the file shrank. */
  g_assert_cmpuint (rec->n_calls, ==, 1);
  g_assert_cmpuint (rec->total_pages, ==, 1);
  g_assert_cmpuint (mv_recorder_map_pages (rec), ==, 1);
  g_assert_cmpuint (crc, ==, 0);
}

static void
check_grows_while_read (const Row *row)
{
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GError) error = NULL;
  guint32 crc = 0;

  g_assert_true (import_changing (CHANGE_GROW, rec, &crc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rec->n_calls, ==, 3);
  g_assert_cmpuint (rec->total_pages, ==, 3);
  g_assert_cmpuint (g_array_index (rec->calls, MvImportCall, 2).data_len, ==, DATA_SIZE - 8192);
  g_assert_cmpuint (crc, ==, (guint32) crc32 (crc32 (0, Z_NULL, 0), data_bytes, DATA_SIZE));
}

static void
check_read_error (const Row *row)
{
  g_autoptr(MvRecorder) rec = mv_recorder_new (TRUE);
  g_autoptr(GError) error = NULL;
  guint32 crc = 1;

  g_assert_false (import_changing (CHANGE_FAIL, rec, &crc, &error));
  g_assert_error (error, MV_FILE_IMPORT_ERROR, MV_FILE_IMPORT_ERROR_READ);
  g_assert_cmpstr (mv_file_import_error_name (error->code), ==, row->kind);
  g_assert_cmpstr (error->message, ==, row->message);
  g_assert_cmpuint (rec->n_calls, ==, 1);
  g_assert_cmpuint (mv_recorder_map_pages (rec), ==, rec->total_pages);
}

/* A message as the test sees it: "@DIR@/" is the scratch directory. */
static char *
expected_message (const Row *row)
{
  g_autofree char *dir = g_strconcat (scratch_dir, "/", NULL);
  g_auto(GStrv) parts = g_strsplit (row->message, "@DIR@/", -1);

  return g_strjoinv (dir, parts);
}

static const char *
document_error_kind (int code)
{
  static const char *const names[] = {
    "Syntax", "NotADocument", "NewerVersion", "MissingKey", "InvalidValue",
    "DuplicateGroup", "Read", "Write", "Limit",
  };

  g_assert_cmpint (code, >=, 0);
  g_assert_cmpint (code, <, (int) G_N_ELEMENTS (names));
  return names[code];
}

static const char *
dump_error_kind (int code)
{
  static const char *const names[] = { "NothingFound", "Unreadable", "BadWidth", "Overflow" };

  g_assert_cmpint (code, >=, 0);
  g_assert_cmpint (code, <, (int) G_N_ELEMENTS (names));
  return names[code];
}

static void
check_document (const Row *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvDocument) doc = mv_document_load_from_data (row->text, -1, NULL, &error);

  if (row->kind == NULL)
    {
      /* Loads, with exactly this warning. */
      g_assert_no_error (error);
      g_assert_nonnull (doc);
      g_assert_cmpuint (doc->warnings->len, ==, 1);
      g_assert_cmpstr (((MvDocumentWarning *) doc->warnings->pdata[0])->message, ==, row->message);
      return;
    }
  g_assert_null (doc);
  g_assert_nonnull (error);
  g_assert_true (error->domain == MV_DOCUMENT_ERROR);
  g_assert_cmpstr (document_error_kind (error->code), ==, row->kind);
  g_assert_cmpstr (error->message, ==, row->message);
}

static void
check_document_file (const Row *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (scratch_dir, row->file, NULL);
  g_autofree char *message = expected_message (row);
  g_autoptr(MvDocument) doc = mv_document_load_from_file (path, &error);

  g_assert_null (doc);
  g_assert_nonnull (error);
  g_assert_true (error->domain == MV_DOCUMENT_ERROR);
  g_assert_cmpstr (document_error_kind (error->code), ==, row->kind);
  g_assert_cmpstr (error->message, ==, message);
}

static void
check_dump (const Row *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MvMtrrText) t = mv_mtrr_text_parse (row->text, -1,
                                                row->width != 0 ? row->width : MV_MTRR_TEXT_UNKNOWN,
                                                MV_MTRR_TEXT_UNKNOWN, &error);

  if (row->kind == NULL)
    {
      /* Read, with this note among the assumptions. */
      gboolean found = FALSE;

      g_assert_no_error (error);
      g_assert_nonnull (t);
      g_assert_cmpuint (t->n_used, ==, 1);
      for (guint i = 0; i < t->notes->len; i++)
        found |= g_str_equal (t->notes->pdata[i], row->message);
      g_assert_true (found);
      return;
    }
  g_assert_null (t);
  g_assert_nonnull (error);
  g_assert_true (error->domain == MV_MTRR_TEXT_ERROR);
  g_assert_cmpstr (dump_error_kind (error->code), ==, row->kind);
  g_assert_cmpstr (error->message, ==, row->message);
}

static void
check_dump_file (const Row *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (scratch_dir, row->file, NULL);
  g_autofree char *message = expected_message (row);
  g_autoptr(MvMtrrText) t = mv_mtrr_text_read_proc (path, MV_MTRR_TEXT_UNKNOWN,
                                                    MV_MTRR_TEXT_UNKNOWN, &error);

  g_assert_null (t);
  g_assert_nonnull (error);
  g_assert_true (error->domain == MV_MTRR_TEXT_ERROR);
  g_assert_cmpstr (dump_error_kind (error->code), ==, row->kind);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_core_row (gconstpointer data)
{
  const Row *row = data;

  row->check (row);
}

/* Every command checks at exit that its output reached stdout. */
static void
redirect_to_full (gpointer user_data)
{
  int fd = open ("/dev/full", O_WRONLY | O_CLOEXEC);

  if (fd < 0 || dup2 (fd, STDOUT_FILENO) < 0)
    _exit (77);
}

static void
check_full_stdout (const Row *row)
{
  const char *commands[][3] = {
    { "mtrr", NULL }, { "layout", "--json" }, { "presets", NULL }, { "--version", NULL },
  };
  g_autofree char *expected = g_strdup_printf ("memviz-cli: %s\n", row->message);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(TestRun) run = { 0 };
      TestRunOptions options = { .cwd = scratch_dir, .setup = redirect_to_full };
      const char *argv[] = { test_cli_path (), commands[i][0], commands[i][1], NULL };

      test_run (&run, &options, argv);
      g_assert_cmpint (run.status, ==, MV_CLI_STATUS_BAD);
      g_assert_cmpstr (run.err, ==, expected);
    }
}

/* ---- the README table ---------------------------------------------------- */

/* @text as the README shows it: bytes that are not UTF-8 as \xNN. */
static char *
shown_bytes (const char *text)
{
  GString *s = g_string_new (NULL);
  const char *bad;

  while (!g_utf8_validate (text, -1, &bad))
    {
      g_string_append_len (s, text, bad - text);
      g_string_append_printf (s, "\\x%02x", (guint) (guchar) *bad);
      text = bad + 1;
    }
  g_string_append (s, text);
  return g_string_free (s, FALSE);
}

static char *
markdown_table (void)
{
  GString *md = g_string_new (NULL);

  g_string_append_printf (md, "| Bad input | Example | What memviz does |\n"
           "| --- | --- | --- |\n");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row *r = &rows[i];
      g_autofree char *example = NULL;
      GString *what = g_string_new (NULL);
      g_autofree char *message = NULL;

      if (r->message != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (r->message, "@DIR@/", -1);
          message = g_strjoinv ("", parts);
        }

      if (r->input != NULL)
        {
          g_autofree char *input = shown_bytes (r->input);

          example = g_strdup_printf ("`memviz-cli %s`", input);
        }
      else if (r->text != NULL)
        {
          g_auto(GStrv) lines = g_strsplit (r->text, "\n", -1);
          g_autofree char *joined = NULL;
          guint n = g_strv_length (lines);

          /* The text's lines, joined with ⏎ (no trailing one). */
          if (n > 0 && lines[n - 1][0] == '\0')
            {
              g_free (lines[n - 1]);
              lines[n - 1] = NULL;
            }
          joined = g_strjoinv (" ⏎ ", lines);
          if (!g_utf8_validate (joined, -1, NULL))
            {
              /* Bytes that are not text, shown escaped. */
              g_autofree char *raw = joined;
              joined = g_strescape (raw, "⏎");
            }
          if (joined[0] == '\0')
            example = g_strdup ("an empty text");
          else if (r->width != 0)
            example = g_strdup_printf ("`%s`, width %d", joined, r->width);
          else
            example = g_strdup_printf ("`%s`", joined);
        }
      else if (r->file != NULL)
        example = g_strdup_printf ("`%s`%s", r->file,
                                   g_str_equal (r->file, "huge.memviz") ? " (17 MiB)" : "");
      else
        example = g_strdup (r->example);

      if (r->input != NULL && r->status == MV_CLI_STATUS_BAD)
        g_string_append_printf (what, "exit 2, `%s`: `%s`", r->kind, message);
      else if (r->input != NULL && r->status != 0)
        g_string_append_printf (what, "exit %d; %s: `%s`", r->status, r->behaviour, message);
      else if (r->input == NULL && r->kind != NULL && r->behaviour != NULL)
        g_string_append_printf (what, "%s: `%s`: `%s`", r->behaviour, r->kind, message);
      else if (r->input == NULL && r->kind != NULL)
        g_string_append_printf (what, "refused, `%s`: `%s`", r->kind, message);
      else if (r->input == NULL && r->message != NULL)
        g_string_append_printf (what, "%s: `%s`", r->behaviour, message);
      else
        {
          g_string_append_printf (what, "exit %d; %s", r->status, r->behaviour);
          if (message != NULL)
            g_string_append_printf (what, ": `%s`", message);
          else if (r->stdout_has != NULL)
            {
              g_autofree char *line = g_strstrip (g_strdup (r->stdout_has));
              g_string_append_printf (what, ": `%s`", line);
            }
        }
      g_string_append_printf (md, "| %s | %s | %s |\n", r->klass, example, what->str);
      g_string_free (what, TRUE);
    }
  g_string_append_printf (md, "\nRows marked `memviz-cli` run it in a directory holding `data.bin` (10000 bytes), "
           "`a-directory/`, `outside.memviz` (which imports `/etc/passwd`) and `unreadable.bin` "
           "(mode 000; as root, the test drops to uid 65534 first). With `--json`, the same message and the kind come as "
           "`{\"error\": {\"kind\": ..., \"message\": ...}}` on stdout. The other rows are the "
          "core's own answer (an MvDocumentError, MvMtrrTextError or MvFileImportError, named "
          "here), which the GUI shows; `⏎` is a line break.\n");
  return g_string_free (md, FALSE);
}

/* The README's table is this table: rows added here must be added there
 * (`test-bad-input --markdown` prints it). */
static void
test_readme_in_sync (void)
{
  g_autofree char *readme = g_test_build_filename (G_TEST_DIST, "..", "README.md", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *table = markdown_table ();
  g_autoptr(GError) error = NULL;

  g_file_get_contents (readme, &contents, NULL, &error);
  g_assert_no_error (error);
  if (strstr (contents, table) == NULL)
    g_test_fail_printf ("README.md's bad-input table differs from `test-bad-input --markdown`: "
                        "paste its output over the table");
}

int
main (int    argc,
      char **argv)
{
  int ret;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--markdown"))
      {
        g_autofree char *table = markdown_table ();

        fputs (table, stdout);
        return 0;
      }

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  make_scratch ();

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bad-input/%s", rows[i].id);

      g_test_add_data_func (path, &rows[i], rows[i].check != NULL ? test_core_row : test_cli_row);
    }

  g_test_add_func ("/bad-input/readme-in-sync", test_readme_in_sync);

  ret = g_test_run ();
  remove_scratch ();
  return ret;
}
