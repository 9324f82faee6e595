# SPDX-License-Identifier: MIT
# shellcheck shell=sh
# TAP for the shell tests: `. tap.sh`, then `check STATUS DESCRIPTION` after
# each assertion and `tap_done` last (it prints the plan and exits 1 if any
# check failed).
tap_n=0
tap_failed=0

check () {
  tap_n=$((tap_n + 1))
  if [ "$1" = 0 ]; then
    echo "ok $tap_n - $2"
  else
    echo "not ok $tap_n - $2"
    tap_failed=1
  fi
}

tap_done () {
  echo "1..$tap_n"
  exit $tap_failed
}
