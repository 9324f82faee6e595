#!/bin/sh
# SPDX-License-Identifier: MIT
# The document type: installs the shared-mime-info package into a
# temporary XDG data dir, runs update-mime-database over it and checks what
# it made of it: *.memviz (and a .memviz text with no such name, by its
# [memviz] group) is application/x-memviz, a text file is not, and every
# type the desktop file's MimeType= names is defined. With gio (GLib's own
# content type guessing, what GTK's file chooser and Nautilus use), also
# asks it about every preset.
#   test-mime.sh MIME-XML DESKTOP-FILE PRESETS-DIR UPDATE-MIME-DATABASE [GIO]
set -u
xml="$1"
desktop="$2"
presets="$3"
update_mime_database="$4"
gio="${5:-}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# shellcheck source-path=SCRIPTDIR source=tap.sh
. "$(dirname "$0")/tap.sh"

mkdir -p "$dir/data/mime/packages"
cp "$xml" "$dir/data/mime/packages/io.github.memviz.Memviz.xml"
# The temporary dir is XDG_DATA_HOME, so update-mime-database has no reason
# to warn that it is outside the search path: any output is a complaint.
XDG_DATA_HOME="$dir/data" "$update_mime_database" "$dir/data/mime" >"$dir/out" 2>&1
check $? "update-mime-database accepts the package"
[ ! -s "$dir/out" ]
check $? "update-mime-database has nothing to say about it$(sed 's/^/ # /' "$dir/out")"

mime="$dir/data/mime"
grep -qx '50:application/x-memviz:\*\.memviz' "$mime/globs2"
check $? "globs2 maps *.memviz to application/x-memviz"
grep -qx 'application/x-memviz text/plain' "$mime/subclasses"
check $? "application/x-memviz is a kind of text/plain"
grep -qx 'application/x-memviz:text-x-generic' "$mime/generic-icons"
check $? "application/x-memviz has a generic icon"
grep -q '^\[50:application/x-memviz\]$' "$mime/magic"
check $? "application/x-memviz has a magic rule"
grep -qx '50:application/x-igvm:\*\.igvm' "$mime/globs2"
check $? "globs2 maps *.igvm to application/x-igvm"
grep -q '^\[50:application/x-igvm\]$' "$mime/magic"
check $? "application/x-igvm has a magic rule"

types=$(sed -n 's/^MimeType=//p' "$desktop" | tr ';' ' ')
[ -n "$types" ]
check $? "the desktop file declares MimeType="
for t in $types; do
  grep -qx "$t" "$mime/types"
  check $? "the desktop file's $t is defined"
done

if [ -n "$gio" ]; then
  guess () {
    XDG_DATA_HOME="$dir/data" "$gio" info -a standard::content-type "$1" 2>&1 |
      sed -n 's/^ *standard::content-type: //p'
  }
  for p in "$presets"/*.memviz; do
    name=$(basename "$p" .memviz)
    cp "$p" "$dir/$name.memviz"
    t=$(guess "$dir/$name.memviz")
    [ "$t" = application/x-memviz ]
    check $? "gio: $name.memviz is application/x-memviz ($t)"
    cp "$p" "$dir/$name"
    t=$(guess "$dir/$name")
    [ "$t" = application/x-memviz ]
    check $? "gio: $name without its extension is application/x-memviz by its [memviz] group ($t)"
  done
  # An IGVM fixed header (magic, format version 1 or 2, then binary
  # fields): by its extension, and without one by its magic.
  for v in 1 2; do
    printf 'IGVM\00'"$v"'\000\000\000\000\000\000\200\000\000\000\001\000\000' >"$dir/v$v.igvm"
    t=$(guess "$dir/v$v.igvm")
    [ "$t" = application/x-igvm ]
    check $? "gio: an IGVM v$v file named .igvm is application/x-igvm ($t)"
    cp "$dir/v$v.igvm" "$dir/image-v$v"
    t=$(guess "$dir/image-v$v")
    [ "$t" = application/x-igvm ]
    check $? "gio: an IGVM v$v file without its extension is application/x-igvm by its magic ($t)"
  done
  printf 'IGVM\011\000\000\000' >"$dir/not-igvm"
  t=$(guess "$dir/not-igvm")
  [ "$t" != application/x-igvm ]
  check $? "gio: IGVM followed by an unknown version is not application/x-igvm ($t)"
  printf 'notes\nsee the [memviz] group\n' >"$dir/notes"
  t=$(guess "$dir/notes")
  [ "$t" = text/plain ]
  check $? "gio: a text naming [memviz] within a line is text/plain ($t)"
  printf 'hello\n' >"$dir/hello.txt"
  t=$(guess "$dir/hello.txt")
  [ "$t" = text/plain ]
  check $? "gio: hello.txt is text/plain ($t)"
fi

tap_done
