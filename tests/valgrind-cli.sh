#!/bin/sh
# SPDX-License-Identifier: MIT
# memviz-cli under valgrind memcheck: every subcommand, its JSON and text
# output, and its error paths must run without a memory error or a leak
# (definite, indirect or possible), and exit as expected. One TAP line per
# case. Skips (1..0 # SKIP) when valgrind is not installed; ./quickstart
# installs it.
#
#   tests/valgrind-cli.sh PATH/TO/memviz-cli
#
# A case is one line below: the expected exit status, then the arguments
# (shell words; $DATA is a 10000-byte file, $DIR a directory). A new
# subcommand or preset adds its lines here.
set -u

cli=${1:?usage: valgrind-cli.sh PATH/TO/memviz-cli}

if ! command -v valgrind >/dev/null 2>&1; then
  echo "1..0 # SKIP valgrind is not installed (apt-get install valgrind, or ./quickstart test)"
  exit 0
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/memviz-valgrind.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
DATA=$DIR/data.bin
SRCDIR=$(cd "$(dirname "$0")" && pwd)
head -c 10000 /dev/urandom > "$DATA"

set -- --quiet --error-exitcode=99 --leak-check=full \
  --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible \
  --num-callers=30 --child-silent-after-fork=yes
supp=/usr/share/glib-2.0/valgrind/glib.supp
[ -f "$supp" ] && set -- "$@" --suppressions="$supp"
# The font caches pango keeps for the whole process.
set -- "$@" --suppressions="$(dirname "$0")/valgrind.supp"
vg_opts="$*"

export G_SLICE=always-malloc
export G_DEBUG=gc-friendly
export LC_ALL=C.UTF-8

cases=$(cat <<'CASES'
0 --help
0 --version
2
2 no-such-command --json
0 layout
0 layout --json
0 layout --help
0 layout --ram 8G --mmio 0xF8000000-4G --mmio 4G+512M --probe 3G --probe 5G --probe 0
0 layout --numa 2G,2G --mmio 3G-4G --probe 3G --json
0 layout --ram 1T --mmio 1G-2G --pci-ecam 0x1FFC0000000+1G --pci-mmio 3T+1G --vtl2 4T+64M --json
0 layout --ram 0xFFFFFFFFFFFFF000 --mmio 3G-4G
0 layout --ram 0xFFFFFFFFFFFFF000 --mmio 3G-4G --json
2 layout --ram 8X
2 layout --ram 4097 --json
2 layout --ram ''
0 layout --mmio 3G-4G
0 layout --preset pcat --ram 1.5G
0 layout --ram 8GB
2 layout --rma 1G
2 layout $DIR --preset pcat
2 mtr
2 layout --mmio 0x1001-0x2000 --ram 8G
2 layout --ram 8G --mmio 3G-4G --mmio 3G+512M --json
2 layout --ram 8G --mmio 3G-3G
2 layout --ram 8G --numa 2G
2 layout --numa 2G,,2G
2 layout --ram 8G --vtl2 1G+1G --json
2 layout extra-argument
2 layout --no-such-option
0 mtrr
0 mtrr --json
0 mtrr --help
0 mtrr --ram 8G --mmio 0xF8000000-4G --mmio 4G+512M --width 40
0 mtrr --ram 8G --mmio 0xF8000000-4G --high-mmio 0-0 --json
0 mtrr --ram 16T --mmio 0xF8000000-4G --width 52
0 mtrr --ram 16T --mmio 0xF8000000-4G --width 255 --json
0 mtrr --ram 8G
2 mtrr --ram 8G --mmio 8G+1G
2 mtrr --width 256
2 mtrr --width abc --json
2 mtrr --low-mmio 4G-3G
0 gdt
0 gdt --json
0 gdt --page 0x707
0 gdt --help
2 gdt --page 0x10000000000000
2 gdt --page -1 --json
2 gdt extra-argument
0 import --file $DATA --gpa 0x2000000
0 import --file $DATA --gpa 0x1234 --file-offset 16 --memory-length 64K --chunk-size 4K --trace --json
0 import --file $DATA --gpa 1M --acceptance Shared --tag kernel --trace
0 import --file $DATA --gpa 1M --file-offset 1M
0 import --file $DATA --gpa 0xFFFFFFFFFFFFF000 --json
0 import --help
2 import --file $DATA --gpa 0 --file-length 1M --trace --json
2 import --file $DATA --gpa 0 --file-length 1M --trace
2 import --file $DIR/missing --gpa 0
2 import --file $DIR --gpa 0 --json
2 import --file $DATA --gpa 0 --chunk-size 100
2 import --file $DATA --gpa 0 --memory-length 1
2 import --file $DATA --gpa 0xFFFFFFFFFFFFFFFF --memory-length 0xFFFFFFFFFFFFF000
2 import --file $DATA --gpa 0 --acceptance Nope
2 import --gpa 0
0 crc32 $DATA
0 crc32 $DATA --length 4K --chunk-size 4K --json
0 crc32 --help
2 crc32 $DATA --length 1M
2 crc32 $DIR/missing --json
2 crc32 $DIR
2 crc32
0 effective
0 effective --json
0 effective --help
0 effective --profile pcat --pat WC --window 3G-5G
0 effective --profile none --vcnt 2 --max-ranges 3 --json
0 effective --ram 2G --mmio 0xF8000000-4G --vtl2 16G+64M --json
0 effective --ram 16T --mmio 0xF8000000-4G --width 52
2 effective --pat XX
2 effective --window 5G-5G --json
2 effective extra-argument
0 explain 0xF8000000
0 explain 0x9F000 --profile uefi --pat UC- --json
0 explain 5G --ram 4G --mmio 3G-4G --profile none
2 explain
2 explain 0x400000000000 --json
2 explain zz
0 proc-mtrr
0 proc-mtrr --ram 8G --mmio 0xF8000000-4G --mmio 4G+512M --vcnt 3 --json
2 proc-mtrr --vcnt 256
1 check
1 check --json
0 check --ram 128M --mmio 0xF8000000-4G
1 check --width 30 --vcnt 2 --json
2 check --profile bios
0 presets
0 presets --json
2 presets extra
0 render --preset linux-direct -o $DIR/map.png
0 render --preset uefi -o $DIR/all.svg --view all --theme dark
0 render --preset pcat -o $DIR/all.pdf --view all --scale 2 --axis log
0 render --preset seed-8g -o $DIR/low.png --range 0-1M --width 800 --height 300 --json
2 render --preset seed-8g -o $DIR/map.bmp
2 render --preset no-such-preset -o $DIR/map.png --json
2 render --preset seed-8g
2 render --preset seed-8g -o $DIR/map.png --range 2G-1G
2 render --preset seed-8g -o $DIR/map.png --view nope
2 render $DATA -o $DIR/map.png
0 render --preset openvmm-default-8g -o $DIR/openvmm-default-8g.png --width 640 --height 360
0 render --preset openvmm-no-high-mmio -o $DIR/openvmm-no-high-mmio.png --width 640 --height 360
0 render --preset large-16t -o $DIR/large-16t.png --width 640 --height 360
0 render --preset seed-128m -o $DIR/seed-128m.png --width 640 --height 360
0 render --preset seed-256m -o $DIR/seed-256m.png --width 640 --height 360
0 render --preset seed-2g -o $DIR/seed-2g.png --width 640 --height 360
0 render --preset seed-8g-no-high-mmio -o $DIR/seed-8g-no-high-mmio.png --width 640 --height 360
0 render --preset seed-narrow-width-40 -o $DIR/seed-narrow-width-40.png --width 640 --height 360
0 render --preset openvmm-default-8g -o $DIR/gdt.png --view gdt --width 640
0 render --preset linux-direct -o $DIR/pages.png --view pages --width 640
0 solve
0 solve --ram 6G --mmio 3G-4G --default-type WB --json
2 solve --default-type WT
0 steps
0 steps --strategy fewest --json
2 steps --strategy fastest
2 steps --ram 8G --mmio 0xF8000000-4G --openvmm-version pre-3550
0 versions --ram 8G --mmio 0xF8000000-4G
0 versions --json
0 mtrr --openvmm-version 3550 --ram 8G --mmio 0xF8000000-4G
0 decode $SRCDIR/data/mtrr/openssd-bootlog.txt
0 decode $SRCDIR/data/mtrr/coreboot-m900.txt --json
2 decode $DATA
2 decode
0 igvm $SRCDIR/data/igvm/basic.igvm
0 igvm $SRCDIR/data/igvm/basic.igvm --platform 1 --json
0 igvm $SRCDIR/data/igvm/basic.igvm --ram 64K --json
0 igvm $SRCDIR/fuzz/corpus/igvm/every-kind-v2
0 igvm $SRCDIR/fuzz/corpus/igvm/vbs-context --json
2 igvm $SRCDIR/fuzz/corpus/igvm/bad-checksum --json
2 igvm $SRCDIR/data/igvm/basic.igvm --platform 2
2 igvm $DATA
2 igvm $DIR
2 igvm
CASES
)

run_case () {
  i=$1 expected=$2 args=$3
  # shellcheck disable=SC2086
  eval "valgrind $vg_opts --log-file=\"\$DIR/\$i.log\" \"\$cli\" $args" \
    >/dev/null 2>"$DIR/$i.stderr"
  echo $? > "$DIR/$i.status"
}

# ${VALGRIND_JOBS:-2} cases at a time, results printed in order.
jobs=${VALGRIND_JOBS:-2}
n=0
running=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  n=$((n + 1))
  expected=${line%% *}
  printf '%s\n' "$expected" > "$DIR/$n.expected"
  printf '%s\n' "${line#"$expected"}" > "$DIR/$n.args"
  run_case "$n" "$expected" "${line#"$expected"}" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait
    running=0
  fi
done <<EOF_CASES
$cases
EOF_CASES
wait

echo "1..$n"
failed=0
i=0
while [ "$i" -lt "$n" ]; do
  i=$((i + 1))
  expected=$(cat "$DIR/$i.expected")
  args=$(cat "$DIR/$i.args")
  status=$(cat "$DIR/$i.status")
  name="memviz-cli$args (exit $expected)"
  if [ "$status" = "$expected" ] && [ ! -s "$DIR/$i.log" ]; then
    echo "ok $i - $name"
  else
    failed=$((failed + 1))
    echo "not ok $i - $name: exit $status"
    sed 's/^/# /' "$DIR/$i.log" "$DIR/$i.stderr" | head -n 60
  fi
done
[ "$failed" -eq 0 ]
