#!/bin/sh
# SPDX-License-Identifier: MIT
# memviz without a display: the README's run command must not fail. It says
# there is no display, renders the default preset to a PNG, prints the
# PNG's path and a text summary, and exits 0.
#   test-headless.sh BUILD/app/memviz
set -u
memviz="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

echo "1..4"
n=0
check () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

env -u DISPLAY -u WAYLAND_DISPLAY TMPDIR="$dir" "$memviz" >"$dir/out" 2>"$dir/err"
check $? "exits 0 without a display"

grep -q "no display" "$dir/err"
check $? "says there is no display"

png=$(head -n 1 "$dir/out")
[ -f "$png" ] && [ "$(head -c 4 "$png" | od -An -c | tr -d ' ')" = "211PNG" ]
check $? "prints the path of a PNG it wrote ($png)"

grep -q "reg01: base=0x008000000" "$dir/out" && grep -q "MMIO gap" "$dir/out"
check $? "prints a summary: the variable MTRRs and the diagnostics"
