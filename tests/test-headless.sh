#!/bin/sh
# SPDX-License-Identifier: MIT
# memviz without a display: the README's run command must not fail. It says
# there is no display, renders the default preset to a PNG, prints the
# PNG's path and a text summary, and exits 0 (1 when the picture shows a
# failed layout, or stdout could not be written). --help, --version and a
# bad option are answered the same with a display and without one.
# An IGVM file renders the same way, its platforms listed.
#   test-headless.sh BUILD/app/memviz IGVM-FILE
set -u
memviz="$1"
igvm="$2"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

echo "1..23"
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

# Not a fixed name in the shared temporary folder (a planted link would be
# followed): a fresh folder of its own, mode 0700.
png_dir=$(dirname "$png")
[ "$(dirname "$png_dir")" = "$dir" ] && case "$png_dir" in "$dir"/memviz-*) true ;; *) false ;; esac &&
  [ "$(stat -c %a "$png_dir")" = 700 ]
check $? "writes the PNG into a private folder of its own ($png_dir)"

grep -q "reg01: base=0x008000000" "$dir/out" && grep -q "MMIO gap" "$dir/out"
check $? "prints a summary: the variable MTRRs and the diagnostics"

grep -q "Effective memory types" "$dir/out" && grep -q "errors*, [0-9]* warning" "$dir/out"
check $? "the summary is memviz-cli's: effective types and the diagnostics' counts"

# The same options in both modes: without a display, and with one (the
# test's own display, or one that does not answer: the options are read
# before GTK starts, so neither opens a window).
display="${DISPLAY:-:99}"
for mode in none display; do
  if [ $mode = none ]; then run="env -u DISPLAY -u WAYLAND_DISPLAY TMPDIR=$dir"; else run="env DISPLAY=$display TMPDIR=$dir"; fi

  rm -rf "$dir"/memviz-*
  $run "$memviz" --help >"$dir/help" 2>&1
  status=$?
  [ $status = 0 ] && grep -q "FILE.memviz" "$dir/help" && grep -q -- "--version" "$dir/help"
  check $? "--help ($mode): exit 0, usage naming FILE and --version"
  ! ls -d "$dir"/memviz-* >/dev/null 2>&1 && ! grep -q "no display" "$dir/help"
  check $? "--help ($mode): renders nothing"

  $run "$memviz" --version >"$dir/version" 2>&1
  status=$?
  [ $status = 0 ] && grep -q "^memviz [0-9]" "$dir/version" && [ "$(wc -l <"$dir/version")" = 1 ]
  check $? "--version ($mode): exit 0, one line with the version"

  $run "$memviz" --bogus >"$dir/bogus.out" 2>"$dir/bogus.err"
  status=$?
  [ $status = 2 ] && grep -q "^memviz: unknown option --bogus" "$dir/bogus.err" && [ ! -s "$dir/bogus.out" ]
  check $? "--bogus ($mode): exit 2, 'unknown option' on stderr, nothing rendered"

  $run "$memviz" -x >/dev/null 2>"$dir/x.err"
  status=$?
  [ $status = 2 ] && grep -q "^memviz: unknown option -x" "$dir/x.err"
  check $? "-x ($mode): exit 2, the same message"
done

rm -rf "$dir"/memviz-*
env -u DISPLAY -u WAYLAND_DISPLAY TMPDIR="$dir" "$memviz" --headless --preset=pcat --output="$dir/p.png" >"$dir/out" 2>&1 &&
  [ "$(head -n 1 "$dir/out")" = "$dir/p.png" ] && [ -f "$dir/p.png" ]
check $? "--headless --preset=NAME --output=FILE renders that preset to FILE"

env -u DISPLAY -u WAYLAND_DISPLAY TMPDIR="$dir" "$memviz" "$igvm" >"$dir/out" 2>"$dir/err"
status=$?
png=$(head -n 1 "$dir/out")
[ $status = 0 ] && [ "$(head -c 4 "$png" | od -An -c | tr -d ' ')" = "211PNG" ] &&
  grep -q "^IGVM: $(basename "$igvm")" "$dir/out" && grep -q "^Platform: VSM isolation (mask 0x1)" "$dir/out"
check $? "an IGVM file without a display: its PNG, its title and its platforms"

cp "$igvm" "$dir/broken.igvm" && printf '\001' | dd of="$dir/broken.igvm" bs=1 seek=20 conv=notrunc 2>/dev/null
env -u DISPLAY -u WAYLAND_DISPLAY TMPDIR="$dir" "$memviz" "$dir/broken.igvm" >"$dir/out" 2>"$dir/err"
status=$?
[ $status = 1 ] && grep -q "broken.igvm" "$dir/err" && grep -qi "checksum" "$dir/err"
check $? "a broken IGVM file without a display: exit 1, the checksum named"
# A document's unknown keys are said on stderr, as memviz-cli says them.
printf '[memviz]\nversion=1\n[memory]\nram=8G\ncolour=blue\nmmio=0xF8000000-4G\n' >"$dir/w.memviz"
env -u DISPLAY -u WAYLAND_DISPLAY TMPDIR="$dir" "$memviz" --headless --output="$dir/w.png" "$dir/w.memviz" >"$dir/out" 2>"$dir/err" &&
  grep -q "^memviz: $dir/w.memviz: warning: line 5, \[memory\] colour: unknown key" "$dir/err"
check $? "--headless DOCUMENT says the document's unknown keys on stderr"

# A picture of a failed layout is written, but the failure is no success:
# said on stderr as memviz-cli render says it, exit 1.
printf '[memviz]\nversion=1\n[memory]\nram=4097\n' >"$dir/bad.memviz"
env -u DISPLAY -u WAYLAND_DISPLAY TMPDIR="$dir" "$memviz" --headless --output="$dir/bad.png" "$dir/bad.memviz" >"$dir/out" 2>"$dir/err"
status=$?
[ $status = 1 ] && [ -f "$dir/bad.png" ] && grep -q "^Layout error: BadSize" "$dir/out" &&
  grep -q "^memviz: layout error: BadSize: invalid memory size: 0x1001 is not a multiple of 4 KiB (drawn in $dir/bad.png)$" "$dir/err"
check $? "a failed layout without a display: its picture, the error on stderr, exit 1 (got $status)"

# What does not reach stdout is an error, as in memviz-cli.
env -u DISPLAY -u WAYLAND_DISPLAY TMPDIR="$dir" "$memviz" --headless --output="$dir/full.png" >/dev/full 2>"$dir/err"
status=$?
[ $status = 1 ] && grep -q "^memviz: cannot write to standard output: No space left on device$" "$dir/err"
check $? "a full stdout without a display: said on stderr, exit 1 (got $status)"

"$memviz" --version >/dev/full 2>"$dir/err"
status=$?
[ $status = 1 ] && grep -q "^memviz: cannot write to standard output: No space left on device$" "$dir/err"
check $? "--version to a full stdout: said on stderr, exit 1 (got $status)"
