#!/bin/bash
# SPDX-License-Identifier: MIT
# The bash completion for memviz-cli, against the built memviz-cli's own
# --help: sources the script, calls its function with COMP_WORDS set as
# bash sets them, and checks the candidates: every command; for each
# command, every option its --help lists; preset names after --preset (both
# "--preset NAME" and "--preset=NAME"); file names by extension; and every
# fixed value list, each value named on the option's --help line (unless
# that line ends its list with "...") and accepted by memviz-cli.
# Then memviz's: its options (those of memviz --help), presets
# after --preset=, pictures after --output=, any file otherwise.
#   test-completion.sh BUILD/app/memviz-cli COMPLETION-SCRIPT BUILD/app/memviz GUI-COMPLETION-SCRIPT
set -u
cli=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
script=$2
gui=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
gui_script=$(cd "$(dirname "$4")" && pwd)/$(basename "$4")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# shellcheck source-path=SCRIPTDIR source=tap.sh
. "$(dirname "$0")/tap.sh"

# shellcheck source=/dev/null
source "$script"
complete -p memviz-cli 2>/dev/null | grep -q -- '-F _memviz_cli memviz-cli$'
check $? "the script registers _memviz_cli for memviz-cli"

complete_function=_memviz_cli
# comp WORD...: the candidates for the command line WORD... (the last word
# is the one being completed), one a line, sorted.
comp () {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  "$complete_function" "$(basename "$1")" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  [ ${#COMPREPLY[@]} -gt 0 ] && printf '%s\n' "${COMPREPLY[@]}" | sort
}
# has LIST WORD: WORD is a line of LIST.
has () { printf '%s\n' "$1" | grep -qxF -- "$2"; }
# missing WANTED GOT: the lines of WANTED that GOT lacks.
missing () { comm -23 <(printf '%s\n' "$1" | sort -u) <(printf '%s\n' "$2" | sort -u) | tr '\n' ' '; }

# What the program says, parsed here independently of the script.
commands=$("$cli" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\)  *[A-Z].*/\1/p')
[ "$(printf '%s\n' "$commands" | wc -l)" -ge 10 ]
check $? "memviz-cli --help lists the commands (${commands//$'\n'/ })"

got=$(comp "$cli" "")
m=$(missing "$commands" "$got")
[ -z "$m" ] && [ "$(printf '%s\n' "$got" | sort -u)" = "$(printf '%s\n' "$commands" | sort -u)" ]
check $? "memviz-cli <TAB> gives exactly the commands${m:+, missing: $m}"

got=$(comp "$cli" pr)
[ "$got" = "$(printf '%s\n' "$commands" | grep '^pr' | sort)" ] && [ -n "$got" ]
check $? "memviz-cli pr<TAB> gives the commands starting with pr: ${got//$'\n'/ }"

# Found through PATH as well, as a user types it.
got=$(PATH="$(dirname "$cli"):$PATH" comp memviz-cli "")
[ "$got" = "$(comp "$cli" "")" ]
check $? "memviz-cli found through PATH completes the same"

for cmd in $commands; do
  help=$("$cli" "$cmd" --help)
  opts=$(printf '%s\n' "$help" | grep -E '^ +-' | sed 's/^ *//; s/  .*//' | tr ',' '\n' |
         sed 's/^ *//; s/=.*//' | grep -E '^--')
  got=$(comp "$cli" "$cmd" --)
  m=$(missing "$opts" "$got")
  [ -n "$opts" ] && [ -z "$m" ]
  check $? "memviz-cli $cmd --<TAB> gives every option of memviz-cli $cmd --help${m:+, missing: $m}"
  extra=$(missing "$got" "$opts")
  [ -z "$extra" ]
  check $? "memviz-cli $cmd --<TAB> gives no option memviz-cli $cmd --help lacks${extra:+: $extra}"
  if printf '%s\n' "$help" | grep -qE '^ +-o, --output'; then
    has "$(comp "$cli" "$cmd" -)" -o
    check $? "memviz-cli $cmd -<TAB> gives -o too"
  fi
done

# Preset names, from memviz-cli presets.
presets=$("$cli" presets | awk '{ print $1 }')
[ "$(printf '%s\n' "$presets" | wc -l)" -ge 5 ]
check $? "memviz-cli presets lists presets"
got=$(comp "$cli" render --preset "")
[ "$got" = "$(printf '%s\n' "$presets" | sort)" ]
check $? "memviz-cli render --preset <TAB> gives the presets"
got=$(comp "$cli" render --preset = "")
[ "$got" = "$(printf '%s\n' "$presets" | sort)" ]
check $? "memviz-cli render --preset=<TAB> gives the presets"
got=$(comp "$cli" render --preset "=")
[ "$got" = "$(printf '%s\n' "$presets" | sort)" ]
check $? "memviz-cli render --preset=<TAB> (cursor on the =) gives the presets"
got=$(comp "$cli" render --preset = se)
[ "$got" = "$(printf '%s\n' "$presets" | grep '^se' | sort)" ] && [ -n "$got" ]
check $? "memviz-cli render --preset=se<TAB> gives the seed presets"
got=$(comp "$cli" render -o x.png --preset=li)
[ "$got" = "$(printf '%s\n' "$presets" | grep '^li' | sort)" ] && [ -n "$got" ]
check $? "--preset=li as one word (COMP_WORDBREAKS without =) gives ${got//$'\n'/ }"

# No candidates where a size or an address goes.
got=$(comp "$cli" mtrr --ram "")
[ -z "$got" ]
check $? "memviz-cli mtrr --ram <TAB> offers nothing"

# File names by what the command reads or writes.
mkdir "$dir/files" "$dir/files/sub"
touch "$dir/files/vm.memviz" "$dir/files/notes.txt" "$dir/files/map.png" "$dir/files/map.svg" \
      "$dir/files/map.pdf"
cd "$dir/files" || exit 1
got=$(comp "$cli" render "" | tr '\n' ' ')
[ "$got" = "sub vm.memviz " ]
check $? "memviz-cli render <TAB> gives folders and .memviz documents: $got"
got=$(comp "$cli" render --preset pcat -o "" | tr '\n' ' ')
[ "$got" = "map.pdf map.png map.svg sub " ]
check $? "memviz-cli render -o <TAB> gives folders and pictures: $got"
got=$(comp "$cli" render --output = m | tr '\n' ' ')
[ "$got" = "map.pdf map.png map.svg " ]
check $? "memviz-cli render --output=m<TAB> gives pictures: $got"
got=$(comp "$cli" crc32 n | tr '\n' ' ')
[ "$got" = "notes.txt " ]
check $? "memviz-cli crc32 n<TAB> gives any file: $got"
got=$(comp "$cli" import --file "" | wc -l)
[ "$got" = 6 ]
check $? "memviz-cli import --file <TAB> gives every file and folder ($got)"
has "$(comp "$cli" decode "")" -
check $? "memviz-cli decode <TAB> offers - (standard input)"
mkdir "$dir/odd"
touch "$dir/odd/my vm.memviz" "$dir/odd/*.memviz"
got=$(cd "$dir/odd" && comp "$cli" render "")
[ "$got" = "$(printf '%s\n' '*.memviz' 'my vm.memviz')" ]
check $? "file names with a space or a * stay whole: ${got//$'\n'/, }"
# Every command whose usage line takes a document completes documents.
for cmd in $commands; do
  usage=$("$cli" "$cmd" --help | sed -n "s/^ *[^ ]*memviz-cli $cmd \[OPTION[^]]*\] *\(.*\) - .*/\1/p")
  got=$(comp "$cli" "$cmd" "" | tr '\n' ' ')
  case $usage in
    *DOCUMENT*|*.memviz*) want="sub vm.memviz " ;;
    *.igvm*) want="sub " ;;
    *"|-"*) want="- map.pdf map.png map.svg notes.txt sub vm.memviz " ;;
    *FILE*|*PATH*) want="map.pdf map.png map.svg notes.txt sub vm.memviz " ;;
    *) want="" ;;
  esac
  [ "$got" = "$want" ]
  check $? "memviz-cli $cmd <TAB> (usage: ${usage:-options only}) gives ${want:-nothing}"
done

touch "$dir/files/boot.igvm"
got=$(cd "$dir/files" && comp "$cli" igvm "" | tr '\n' ' ')
[ "$got" = "boot.igvm sub " ]
check $? "memviz-cli igvm <TAB> gives folders and .igvm files: $got"
rm "$dir/files/boot.igvm"

# memviz, the desktop application.
# shellcheck source=/dev/null
source "$gui_script"
complete_function=_memviz
complete -p memviz 2>/dev/null | grep -q -- '-F _memviz memviz$'
check $? "the memviz script registers _memviz for memviz"
opts=$(env -u DISPLAY -u WAYLAND_DISPLAY "$gui" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u)
got=$(comp "$gui" --)
m=$(missing "$opts" "${got//=/}")
[ -n "$opts" ] && [ -z "$m" ]
check $? "memviz --<TAB> gives every option of memviz --help: ${got//$'\n'/ }${m:+; missing: $m}"
got=$(PATH="$(dirname "$cli"):$PATH" comp "$gui" --preset = "")
[ "$got" = "$(printf '%s\n' "$presets" | sort)" ]
check $? "memviz --preset=<TAB> gives the presets"
got=$(PATH="$(dirname "$cli"):$PATH" comp "$gui" --preset=u)
[ "$got" = "$(printf '%s\n' "$presets" | grep '^u' | sort)" ] && [ -n "$got" ]
check $? "memviz --preset=u<TAB> as one word gives ${got//$'\n'/ }"
got=$(comp "$gui" --output = "" | tr '\n' ' ')
[ "$got" = "map.png sub " ]
check $? "memviz --output=<TAB> gives folders and PNGs: $got"
got=$(comp "$gui" "" | tr '\n' ' ')
[ "$got" = "map.pdf map.png map.svg notes.txt sub vm.memviz " ]
check $? "memviz <TAB> gives any file (documents and MTRR dumps): $got"
complete_function=_memviz_cli
cd / || exit 1

# Fixed value lists: COMMAND OPTION ARGS-TO-TRY-A-VALUE (the value goes last).
printf 'data' >"$dir/blob"
printf 'reg00: base=0x000000000 (    0MB), size= 2048MB, count=1: write-back\n' >"$dir/mtrr.txt"
value_cases=(
  "render|--view|render --preset seed-2g -o $dir/v.png --width 400 --height 100 --view"
  "render|--theme|render --preset seed-2g -o $dir/v.png --width 400 --height 100 --theme"
  "render|--axis|render --preset seed-2g -o $dir/v.png --width 400 --height 100 --axis"
  "effective|--profile|effective --profile"
  "effective|--pat|effective --pat"
  "mtrr|--openvmm-version|mtrr --openvmm-version"
  "steps|--strategy|steps --strategy"
  "solve|--default-type|solve --default-type"
  "decode|--default-type|decode $dir/mtrr.txt --default-type"
  "import|--acceptance|import --file $dir/blob --gpa 1M --acceptance"
)
for c in "${value_cases[@]}"; do
  IFS='|' read -r cmd opt run <<<"$c"
  values=$(comp "$cli" "$cmd" "$opt" "")
  line=$("$cli" "$cmd" --help | grep -E "^ +$opt=")
  [ -n "$values" ] && [ -n "$line" ]
  check $? "memviz-cli $cmd $opt <TAB> gives values: ${values//$'\n'/ }"
  if [[ $line != *...* ]]; then
    bad=""
    for v in $values; do
      grep -qE "[ (,]$v([ ,)]|\$)" <<<"$line" || bad="$bad $v"
    done
    [ -z "$bad" ]
    check $? "every value is on the $cmd --help line of $opt${bad:+; not there:$bad}"
  fi
  bad=""
  for v in $values; do
    # Refused is exit status 2, bad input; any other failure is not the
    # value's.
    # --view explain needs the address it explains.
    extra=""
    [ "$opt $v" = "--view explain" ] && extra="--address 0xf0000000"
    # shellcheck disable=SC2086
    "$cli" $run "$v" $extra >/dev/null 2>&1
    [ $? = 2 ] && bad="$bad $v"
  done
  [ -z "$bad" ]
  check $? "memviz-cli $cmd accepts every value of $opt${bad:+; refused:$bad}"
done

tap_done
