#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpora in corpus/NAME/ (committed; rerun after changing
an input format). Each seed is a meaningful case in the target's input
format, described at the top of fuzz-NAME.c."""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
G = 1 << 30
M = 1 << 20


def u8(v):
    return struct.pack("<B", v)


def u64(v):
    return struct.pack("<Q", v & (2**64 - 1))


def number(v):
    """mv_fuzz_number: tag 3, then a u64."""
    return u8(3) + u64(v)


def ranges(rs):
    return u8(len(rs)) + b"".join(u64(s) + u64(e) for s, e in rs)


def layout(mode, sizes=(), mmio=(), ecam=(), pci_mmio=(), vtl2=None, width=46,
           gaps=None, probes=(), raw=False, ram=()):
    flags = mode | (4 if vtl2 else 0) | (8 if gaps else 0) | (16 if raw else 0)
    out = u8(flags)
    if mode == 2:
        out += u8(len(ram)) + b"".join(u64(s) + u64(e) + u8(n) for s, e, n in ram)
    else:
        out += u8(len(sizes)) + b"".join(u64(s) for s in sizes)
    out += ranges(mmio) + ranges(ecam) + ranges(pci_mmio)
    if vtl2:
        out += u64(vtl2[0]) + u64(vtl2[1])
    out += u8(width)
    if gaps:
        out += b"".join(u64(s) + u64(e) for s, e in gaps)
    out += b"".join(u64(p) for p in probes)
    return out


def import_one(chunk, offset, flen, gpa, mem_extra, acceptance=0, cancel=0, crc_len=0):
    return (u8(chunk) + number(offset) + number(flen) + number(gpa) + number(mem_extra)
            + u8(acceptance) + u8(cancel) + number(crc_len))


def file_import(file_size, *imports, seed=0):
    flags = 1 if len(imports) > 1 else 0
    return u8(flags) + struct.pack("<H", file_size // 16) + u8(seed) + b"".join(imports)


def gdt(raw, page, shift=0):
    return u64(raw) + number(page) + u8(shift)


def mtrr_text(text, width=None, default_type=None):
    return (u8(0 if width is None else width + 1)
            + u8(0 if default_type is None else default_type + 1) + text)


def effective(width, cap, def_type, fixed, pairs, start, end, limit=63, pat=None, probes=(),
              diag=False):
    """fixed: 11 u64 or None; pairs: [(base, mask)]."""
    out = u8(width) + u64(cap) + u64(def_type)
    if fixed:
        out += u8(0xFF) + b"".join(u64(v) for v in fixed)
    else:
        out += u8(0)
    out += u8(len(pairs)) + b"".join(u64(b) + u64(m) for b, m in pairs)
    out += number(start) + number(end) + u8(limit)
    out += u8((0 if pat is None else 0x80 | pat) | (0x60 if diag else 0))
    return out + b"".join(number(p) for p in probes)


def sec_volume(kind):
    """fuzz-uefi-image: the SEC volume of test-boot-uefi.c's synthetic images,
    from 0x5E0000: a driver file, then the SEC core file with a raw section
    and a PE32 section (a PE image, or a TE one)."""
    v = bytearray(0x400)
    v[32:40] = u64(0x20000)
    v[40:44] = b"_FVH"
    v[48:50] = struct.pack("<H", 0x48)

    def ffs(at, typ, size):
        v[at + 18] = typ
        v[at + 20:at + 23] = size.to_bytes(3, "little")

    ffs(0x48, 7, 0 if kind == "zero-file" else 0x1C)
    ffs(0x68, 3, 0x3E if kind == "no-pe-section" else 0x1000)
    v[0x80:0x84] = (6).to_bytes(3, "little") + b"\x19"
    v[0x88:0x8C] = (0x400).to_bytes(3, "little") + b"\x10"
    if kind == "te":
        v[0x8C:0x8E] = b"VZ"
        v[0x92:0x94] = struct.pack("<H", 0x1E0)
        v[0x94:0x98] = struct.pack("<I", 0x400)
    else:
        v[0x8C:0x8E] = b"MZ"
        v[0xC8:0xCC] = struct.pack("<I", 0x80)
        v[0x10C:0x110] = b"PE\0\0"
        v[0x134:0x138] = struct.pack("<I", 0x1234)
    return bytes(v)


def presets():
    d = os.path.join(HERE, "..", "..", "data", "presets")
    out = {}
    for name in sorted(os.listdir(d)):
        if name.endswith(".memviz"):
            with open(os.path.join(d, name), "rb") as f:
                out[name[:-len(".memviz")]] = f.read()
    return out


PROC_MTRR = (b"reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n"
             b"reg01: base=0x080000000 ( 2048MB), size= 1024MB, count=1: write-back\n"
             b"reg03: base=0x0cf800000 ( 3320MB), size=    8MB, count=1: uncachable\n"
             b"reg05: base=0x0d0000000 ( 3328MB), size=  256MB, count=1: write-combining\n")
PROC_OLD = (b"reg00: base=0x00000000 (   0MB), size= 512MB: write-back, count=1\n"
            b"reg01: base=0x20000000 ( 512MB), size= 128MB: write-back, count=1\n")
BOOT_LOG = (b"[    0.000000] MTRR default type: uncachable\n"
            b"[    0.000000] MTRR fixed ranges enabled:\n"
            b"[    0.000000]   00000-9FFFF write-back\n"
            b"[    0.000000]   A0000-BFFFF uncachable\n"
            b"[    0.000000]   C0000-FFFFF write-protect\n"
            b"[    0.000000] MTRR variable ranges enabled:\n"
            b"[    0.000000]   0 base 000000000 mask F80000000 write-back\n"
            b"[    0.000000]   1 base 080000000 mask FC0000000 write-back\n"
            b"[    0.000000]   2 base 0C0000000 mask FF0000000 write-through\n"
            b"[    0.000000]   3 disabled\n")
BOOT_OLD = (b"kernel: MTRR default type: write-back\n"
            b"kernel: MTRR fixed ranges disabled:\n"
            b"kernel: MTRR variable ranges enabled:\n"
            b"kernel: MTRR 0 base 0E0000000 mask FE0000000 uncachable\n"
            b"kernel: MTRR 1 disabled\n")
MSR_DUMP = (b"$ sudo rdmsr 0x2ff\nc06\n$ sudo rdmsr 0x200\n6\n$ sudo rdmsr 0x201\nff80000800\n"
            b"0x202 = 0x80000006\nIA32_MTRR_PHYSMASK1: 0xffc0000800\n"
            b"MSR 0x250: 0x0606060606060606\nwrmsr 0x204 0x100000001\n"
            b"IA32_MTRR_PHYSMASK2 = 0xfffff000\nsome unrelated line\n")

WB = 0x0606060606060606
CAP = 8 | (1 << 8) | (1 << 10)
E, FE = 1 << 11, 1 << 10

LOW = (0xF8000000, 4 * G)
HIGH = (0x208000000, 0x228000000)

SEEDS = {
    "parse": {
        "size-g": b"8G",
        "size-hex": b"0x200000000",
        "size-words": b"8 GiB",
        "size-underscore": b"1_000_000",
        "size-kb": b"640KB",
        "size-max": b"0xFFFFFFFFFFFFFFFF",
        "size-eib": b"0x1000000000000000",
        "size-overflow": b"16384P",
        "range-minus": b"0xF8000000-4G",
        "range-plus": b"4G+512M",
        "range-spaces": b" 3 GiB - 4 GiB ",
        "list": b"2G,2G,1G",
        "list-empty-item": b"2G,,2G",
        "uint": b"46",
        "uint-hex": b"0xff",
        "garbage": b"lots",
        "suffix": b"8X",
    },
    "layout-mtrr": {
        "default": layout(0, [8 * G], [LOW, HIGH], probes=[0, 3 * G, 0x100000000]),
        "numa": layout(1, [2 * G, 2 * G], [(3 * G, 4 * G)], probes=[3 * G]),
        "pci-vtl2": layout(0, [1 << 40], [(G, 2 * G)], ecam=[((2 << 40) - G, 2 << 40)],
                           vtl2=(4 << 40, (4 << 40) + 64 * M)),
        "width-40": layout(0, [8 * G], [LOW, HIGH], width=40),
        "no-high": layout(0, [8 * G], [LOW], gaps=[LOW, (0, 0)]),
        "big": layout(0, [16 << 40], [LOW], width=52),
        "shortfall": layout(0, [(2**64 - 4096) & ~0xfff], [LOW]),
        "from-ranges": layout(2, ram=[(0, 3 * G, 0), (4 * G, 6 * G, 1)], mmio=[LOW]),
        "unaligned": layout(0, [8 * G + 1], [LOW], raw=True),
        "overlap": layout(0, [8 * G], [(3 * G, 4 * G), (3 * G + M, 5 * G)]),
    },
    "file-import": {
        "whole": file_import(64 * 1024, import_one(15, 0, 64 * 1024, 0x2000000, 0,
                                                   crc_len=64 * 1024)),
        "unaligned-gpa": file_import(10000, import_one(0, 16, 9000, 0x1234, 5000)),
        "short-file": file_import(4096, import_one(1, 0, 8192, 0x1000, 0)),
        "zero-fill": file_import(0, import_one(3, 0, 0, 0x100000, 1 << 20)),
        "cancel": file_import(65536, import_one(0, 0, 65536, 0, 0, cancel=3)),
        "overlap": file_import(8192, import_one(0, 0, 8192, 0x1000, 0),
                               import_one(0, 0, 8192, 0x2000, 0)),
        "top": file_import(4096, import_one(0, 0, 4096, 0xFFFFFFFFFFFFF000, 0)),
        "seek-past": file_import(4096, import_one(0, 1 << 63, 1, 0, 0)),
        "tiny-chunk": file_import(4096, import_one(0xFE, 0, 4096, 0, 0)),
    },
    "document": presets(),
    "mtrr-text": {
        "proc-mtrr": mtrr_text(PROC_MTRR),
        "proc-mtrr-old-width-40": mtrr_text(PROC_OLD, width=40),
        "boot-log": mtrr_text(BOOT_LOG),
        "boot-log-old": mtrr_text(BOOT_OLD),
        "msr-dump": mtrr_text(MSR_DUMP),
        "mixed-default-wb": mtrr_text(PROC_MTRR + BOOT_LOG, default_type=6),
    },
    "effective": {
        "openvmm-8g": effective(46, CAP, E | FE, [WB] * 11,
                                [(6, 0x3FFFF8000800), (0x8000006, 0x3FFF00000800),
                                 (0x100000006, 0x3FFC00000800)], 0, 2**64 - 1,
                                probes=[0xF8000000, 0x100000000], diag=True),
        "overlap-uc-wt": effective(36, CAP, E | 6, None,
                                   [(0, 0xF80000800), (0x7000000, 0xFFF000800),
                                    (0x4000004, 0xFFC000800)], 0, 1 << 32, pat=1),
        "noncontiguous": effective(40, CAP, E, None, [(6, 0xF0F0F00800)], 0, 1 << 40, diag=True),
        "disabled": effective(46, CAP, 6, [WB] * 11, [(6, 0x800)], 0x1000, 0x200000),
        "beyond-vcnt": effective(52, 2, E | FE, [0] * 11,
                                 [(6, 0x800), (0, 0x800), (4, 0xFFFFF00000800)], 0, 2**64 - 1),
    },
    "gdt": {
        "code": gdt(0x00AF9B000000FFFF, 1),
        "data": gdt(0x00CF93000000FFFF, 0x707),
        "tss": gdt(0x0000890000000067, 0xFFFFFFFFFFFFF),
        "past-end": gdt(0, 1, 52),
    },
    "uefi-image": {k: sec_volume(k) for k in ("pe", "te", "no-pe-section", "zero-file")},
}


def main():
    for target, seeds in SEEDS.items():
        d = os.path.join(HERE, "corpus", target)
        os.makedirs(d, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
