#!/bin/sh
# SPDX-License-Identifier: MIT
# OpenVMM's loaders on real files (./quickstart realdata; not part of the
# default test run: it downloads about 30 MB). Fetches Debian's cloud
# kernel (a real bzImage) and SeaBIOS's bios-256k.bin with apt-get
# download into a cache folder, makes a 4 MiB initrd of its own, runs
# `memviz-cli boot` on them and checks and prints the key placements:
# the kernel at 1 MiB, the initrd at the next 2 MiB boundary after the
# kernel's init_size, the GDT, zero page, command line and page tables at
# 0x1000..0x4000, the RSDP and SMBIOS anchor, the registers; the BIOS at
# the top of RAM below 4 GiB and its top 128 KiB at 0xE0000.
#   realdata.sh BUILD/app/memviz-cli [CACHE-DIR]
set -eu

cli=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cache=${2:-${MEMVIZ_REALDATA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/memviz-realdata}}
mkdir -p "$cache"
cd "$cache"

say () { printf 'realdata: %s\n' "$*" >&2; }
failures=0
# expect WHAT ACTUAL WANTED
expect () {
  if [ "$2" = "$3" ]; then
    printf '  ok    %-44s %s\n' "$1" "$2"
  else
    printf '  FAIL  %-44s %s (expected %s)\n' "$1" "$2" "$3"
    failures=$((failures + 1))
  fi
}

# fetch PACKAGE: its .deb in the cache (downloaded once).
fetch () {
  deb=$(ls "$1"_*.deb 2>/dev/null | head -n 1 || true)
  if [ -z "$deb" ]; then
    say "downloading $1"
    apt-get download "$1" >/dev/null 2>&1 || {
      say "apt-get download $1 failed (run apt-get update?)"
      exit 1
    }
    deb=$(ls "$1"_*.deb | head -n 1)
  fi
  printf '%s\n' "$deb"
}

kpkg=$(apt-cache search --names-only '^linux-image-[0-9][0-9.+a-z-]*-cloud-amd64$' |
       awk '{ print $1 }' | grep -v -e -dbg -e -unsigned | sort -V | tail -n 1)
[ -n "$kpkg" ] || { say "no linux-image-*-cloud-amd64 package known to apt"; exit 1; }
kdeb=$(fetch "$kpkg")
sdeb=$(fetch seabios)
mkdir -p root
dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C root --wildcards './boot/vmlinuz-*'
dpkg-deb --fsys-tarfile "$sdeb" | tar -x -C root ./usr/share/seabios/bios-256k.bin
kernel=$(ls root/boot/vmlinuz-* | head -n 1)
bios=root/usr/share/seabios/bios-256k.bin
# 4 MiB of a known pattern: the same CRC every run.
[ -f initrd.img ] || yes memviz-initrd | head -c 4194304 >initrd.img

# (an imports line: RANGE SIZE UNIT TAG ACCEPTANCE crc32 CRC)
start_of () { awk -v t="$1" '$4 == t { split($1, r, "-"); print r[1]; exit }' "$2"; }
end_of () { awk -v t="$1" '$4 == t { split($1, r, "-"); print r[2]; exit }' "$2"; }
reg_of () { awk -v t="$1" '$1 == t { print $2; exit }' "$2"; }
hex () { printf '0x%010x' "$1"; }

echo "Linux: $kpkg, $(basename "$kernel") ($(stat -c %s "$kernel") bytes), a 4 MiB initrd, 2 GiB RAM"
"$cli" boot --loader linux --kernel "$kernel" --initrd initrd.img --cmdline "console=ttyS0" \
  --ram 2G >linux.txt
sed -n '/^Imports/,/^$/p' linux.txt
expect "default-gdt" "$(start_of default-gdt linux.txt)" "$(hex 0x1000)"
expect "linux-zeropage" "$(start_of linux-zeropage linux.txt)" "$(hex 0x2000)"
expect "linux-commandline" "$(start_of linux-commandline linux.txt)" "$(hex 0x3000)"
expect "linux-pagetables" "$(start_of linux-pagetables linux.txt)" "$(hex 0x4000)"
expect "linux-acpi-tables" "$(start_of linux-acpi-tables linux.txt)" "$(hex 0x19000)"
expect "linux-rsdp" "$(start_of linux-rsdp linux.txt)" "$(hex 0xe0000)"
expect "linux-smbios-anchor" "$(start_of linux-smbios-anchor linux.txt)" "$(hex 0xf0000)"
expect "linux-kernel" "$(start_of linux-kernel linux.txt)" "$(hex 0x100000)"
kend=$(end_of linux-kernel linux.txt)
istart=$(start_of linux-initrd linux.txt)
# The setup header: pref_address (u64 at 0x258), init_size (u32 at 0x260).
pref=$(od -An -tu8 -j 600 -N 8 "$kernel" | tr -d ' ')
init=$(od -An -tu4 -j 608 -N 4 "$kernel" | tr -d ' ')
[ "$pref" -gt 1048576 ] || pref=1048576
after=$((pref + init))
[ "$after" -gt "$((kend))" ] || after=$((kend))
expect "linux-initrd: next 2 MiB after init_size" "$istart" "$(hex $(((after + 0x1fffff) / 0x200000 * 0x200000)))"
expect "Rip (bzImage: 64-bit entry at +0x200)" "$(reg_of Rip linux.txt)" 0x100200
expect "Rsi (the zero page)" "$(reg_of Rsi linux.txt)" 0x2000
expect "Cr3 (the page tables)" "$(reg_of Cr3 linux.txt)" 0x4000
expect "Cr0" "$(reg_of Cr0 linux.txt)" 0x80000001
expect "Efer" "$(reg_of Efer linux.txt)" 0xd01
expect "e820 ends at the top of RAM" \
  "$(awk '/^e820/ { on = 1; next } on && NF { last = $1 } END { split(last, r, "-"); print r[2] }' linux.txt)" \
  "$(hex 0x80000000)"

echo
echo "PCAT: seabios, $(basename "$bios") ($(stat -c %s "$bios") bytes), 2 GiB RAM"
"$cli" boot --loader pcat --firmware "$bios" --ram 2G >pcat.txt
sed -n '/^Imports/,/^$/p' pcat.txt
expect "pcat-image below the top of RAM" "$(start_of pcat-image pcat.txt)" "$(hex 0x7ffc0000)"
expect "pcat-top-pages" "$(start_of pcat-top-pages pcat.txt)" "$(hex 0xe0000)"
expect "pcat-image crc32 = the file's" \
  "$(awk '$4 == "pcat-image" { print "0x" $NF; exit }' pcat.txt)" \
  "$("$cli" crc32 "$bios" | awk '{ print $1 }')"
expect "Cs" "$(awk '$1 == "Cs" { print $3 "/" $5; exit }' pcat.txt)" "0xf000/0xf0000"

if [ "$failures" -gt 0 ]; then
  say "$failures check(s) failed"
  exit 1
fi
say "all checks passed (files in $cache)"
