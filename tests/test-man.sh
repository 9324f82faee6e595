#!/bin/bash
# SPDX-License-Identifier: MIT
# The man pages against the built programs: every command `memviz-cli
# --help` lists has its section, which names every option of `memviz-cli
# COMMAND --help` and no other; every such option is described in OPTIONS
# (a .TP item); every exit status --help gives is described; every option
# `memviz --help` lists is described in memviz(1). With groff, also
# formats both pages with every warning on and fails on any.
#   test-man.sh BUILD/app/memviz-cli BUILD/app/memviz memviz-cli.1 memviz.1 [GROFF]
set -u
cli=$1
gui=$2
man_cli=$3
man_gui=$4
groff=${5:-}

# shellcheck source-path=SCRIPTDIR source=tap.sh
. "$(dirname "$0")/tap.sh"

if [ -n "$groff" ]; then
  for page in "$man_cli" "$man_gui"; do
    out=$("$groff" -man -Tutf8 -ww -z "$page" 2>&1) && [ -z "$out" ]
    check $? "groff -man -ww formats $(basename "$page") without a warning${out:+: $out}"
  done
fi

# The roff source as plain text: \- is -, no font changes, \(dq is ".
plain () { sed 's/\\-/-/g; s/\\f[BIRP]//g; s/\\(dq/"/g' "$1"; }
# has_token TEXT OPTION: OPTION appears in TEXT as a whole word.
has_token () { grep -qE -- "(^|[^a-zA-Z0-9-])$2([^a-zA-Z0-9-]|\$)" <<<"$1"; }
# options_of HELP: the options a --help text lists, one a line.
options_of () {
  grep -E '^ +-' <<<"$1" | sed 's/^ *//; s/  .*//; s/=.*//; s/, /\n/g'
}
# described PAGE-TEXT OPTION: OPTION is in the tag line of a .TP item.
described () { awk '/^\.TP/ { getline; print }' <<<"$1" | grep -qE -- "(^|[ ,])$2([ =,]|\$)"; }

text=$(plain "$man_cli")
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS DOCUMENTS '"EXIT STATUS"' FILES EXAMPLES '"SEE ALSO"'; do
  grep -qx "\.SH $s" <<<"$text"
  check $? "memviz-cli(1) has the section $s"
done

commands=$("$cli" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\)  *[A-Z].*/\1/p')
sections=$(sed -n '/^\.SH COMMANDS/,/^\.SH /s/^\.SS "*\([a-z][a-z0-9-]*\).*/\1/p' <<<"$text")
[ -n "$commands" ] && [ "$(sort <<<"$commands")" = "$(sort <<<"$sections")" ]
check $? "COMMANDS has a section for each command of memviz-cli --help and no other (${sections//$'\n'/ })"

all_options=""
for cmd in $commands; do
  opts=$(options_of "$("$cli" "$cmd" --help)")
  all_options=$(printf '%s\n%s\n' "$all_options" "$opts")
  sect=$(awk -v c="$cmd" '
      /^\.S[SH] / { on = 0 }
      /^\.SS / { w = $2; gsub(/"/, "", w); if (w == c && commands) on = 1; next }
      /^\.SH COMMANDS/ { commands = 1; next }
      /^\.SH / { commands = 0 }
      on' <<<"$text")
  missing=""
  for o in $opts; do
    case $o in -h|--help) continue ;; esac
    has_token "$sect" "$o" || missing="$missing $o"
  done
  [ -n "$sect" ] && [ -z "$missing" ]
  check $? "the section of $cmd names every option of memviz-cli $cmd --help${missing:+; missing:$missing}"
  extra=""
  for o in $(grep -oE -- '(^|[^a-zA-Z0-9-])--?[a-z][a-z0-9-]*' <<<"$sect" | sed 's/^[^-]*//' | sort -u); do
    grep -qxF -- "$o" <<<"$opts" || extra="$extra $o"
  done
  [ -z "$extra" ]
  check $? "the section of $cmd names no option memviz-cli $cmd --help lacks${extra:+:$extra}"
done

missing=""
for o in $(sort -u <<<"$all_options"); do
  described "$text" "$o" || missing="$missing $o"
done
[ -z "$missing" ]
check $? "OPTIONS describes every option of every command${missing:+; missing:$missing}"
extra=""
for o in $(awk '/^\.TP/ { getline; print }' <<<"$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' <<<"$text")" |
           grep -oE -- '(^|[ ,])--?[a-z][a-z0-9-]*' | sed 's/^[ ,]*//' | sort -u); do
  [ "$o" = --version ] && continue
  grep -qxF -- "$o" <<<"$all_options" || extra="$extra $o"
done
[ -z "$extra" ]
check $? "OPTIONS describes no option that no command has${extra:+:$extra}"
"$cli" --version >/dev/null && described "$text" --version
check $? "memviz-cli --version works and is described"

statuses=$("$cli" --help | sed -n 's/^Exit status: //p' | grep -oE '(^|, )[0-9]+ ' | grep -oE '[0-9]+')
exit_sect=$(sed -n '/^\.SH "EXIT STATUS"/,/^\.SH /p' <<<"$text")
missing=""
for s in $statuses; do
  awk '/^\.TP/ { getline; print }' <<<"$exit_sect" | grep -qx "\.B $s" || missing="$missing $s"
done
[ -n "$statuses" ] && [ -z "$missing" ]
check $? "EXIT STATUS describes every status memviz-cli --help gives (${statuses//$'\n'/ })${missing:+; missing:$missing}"

text=$(plain "$man_gui")
for s in NAME SYNOPSIS DESCRIPTION OPTIONS '"EXIT STATUS"' FILES EXAMPLES '"SEE ALSO"'; do
  grep -qx "\.SH $s" <<<"$text"
  check $? "memviz(1) has the section $s"
done
opts=$(env -u DISPLAY -u WAYLAND_DISPLAY "$gui" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u)
missing=""
for o in $opts; do
  described "$text" "$o" || missing="$missing $o"
done
[ -n "$opts" ] && [ -z "$missing" ]
check $? "memviz(1) describes every option of memviz --help (${opts//$'\n'/ })${missing:+; missing:$missing}"

tap_done
