#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every libFuzzer target of a -Dfuzzing=true build for a bounded time
# and fails on any crash, leak, timeout, out-of-memory, sanitizer report or
# broken invariant.
#
#   tests/fuzz/run-fuzzers.sh BUILD_DIR [SECONDS_PER_TARGET]
#
# SECONDS defaults to $FUZZ_SECONDS or 20; $FUZZ_SEED (default 0: a new
# random seed each run) makes runs repeatable; $FUZZ_JOBS targets run at once
# (default 2). Each target starts from a scratch copy of its seed corpus
# and its crash regressions; the repository is never written. Prints TAP,
# one line per target, also kept in BUILD_DIR/fuzz-results.tap; the logs
# and any crashing input are kept in BUILD_DIR/fuzz-out/NAME/.
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run-fuzzers.sh BUILD_DIR [SECONDS]}
seconds=${2:-${FUZZ_SECONDS:-20}}
jobs=${FUZZ_JOBS:-2}
seed=${FUZZ_SEED:-0}
build=$(cd "$build" && pwd)
out=$build/fuzz-out
results=$build/fuzz-results.tap

targets=""
for exe in "$build"/tests/fuzz/fuzz-*; do
  [ -f "$exe" ] && [ -x "$exe" ] && targets="$targets ${exe##*/fuzz-}"
done
if [ -z "$targets" ]; then
  echo "run-fuzzers: no fuzz targets in $build/tests/fuzz (configure with CC=clang -Dfuzzing=true)" >&2
  echo "1..1" > "$results"
  echo "not ok 1 - no fuzz targets built" >> "$results"
  cat "$results"
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"

# libFuzzer handles the deadly signals itself: no abort_on_error here.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$here/../lsan.supp:print_suppressions=0"
export G_SLICE=always-malloc
export G_DEBUG=gc-friendly
for s in llvm-symbolizer llvm-symbolizer-14; do
  if command -v "$s" >/dev/null 2>&1; then
    export ASAN_SYMBOLIZER_PATH
    ASAN_SYMBOLIZER_PATH=$(command -v "$s")
    break
  fi
done

run_one () {
  name=$1
  dir=$out/$name
  mkdir -p "$dir/corpus" "$dir/artifacts"
  set -- "$build/tests/fuzz/fuzz-$name" "$dir/corpus" "$here/corpus/$name"
  [ -d "$here/regressions/$name" ] && set -- "$@" "$here/regressions/$name"
  [ -f "$here/$name.dict" ] && set -- "$@" "-dict=$here/$name.dict"
  "$@" -seed="$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
       -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
       > "$dir/log" 2>&1
  echo $? > "$dir/status"
}

# A simple job pool: at most $jobs targets at a time.
running=0
for name in $targets; do
  run_one "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait
    running=0
  fi
done
wait

n=0
failed=0
{
  set -- $targets
  echo "1..$#"
} > "$results"
for name in $targets; do
  n=$((n + 1))
  dir=$out/$name
  status=$(cat "$dir/status" 2>/dev/null || echo 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$dir/log" | tail -n 1)
  if [ "$status" = 0 ] && [ -n "$runs" ] && [ "$runs" -gt 0 ] &&
     ! grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|runtime error:|fuzz invariant failed|GLib-CRITICAL|WARNING \*\*' "$dir/log" &&
     [ -z "$(ls -A "$dir/artifacts")" ]; then
    echo "ok $n - fuzz-$name: $runs runs in ${seconds} s, $cov" >> "$results"
  else
    failed=$((failed + 1))
    echo "not ok $n - fuzz-$name: exit $status, see $dir/log" >> "$results"
    {
      echo "# ---- fuzz-$name (last 40 lines of $dir/log) ----"
      tail -n 40 "$dir/log" | sed 's/^/# /'
      for a in "$dir"/artifacts/*; do
        [ -f "$a" ] || continue
        echo "# input kept: $a"
        echo "# reproduce: $build/tests/fuzz/fuzz-$name $a"
        echo "# once fixed, keep it as a test: cp $a $here/regressions/$name/<what-it-found>"
      done
    } >> "$results"
  fi
done
cat "$results"
[ "$failed" -eq 0 ]
