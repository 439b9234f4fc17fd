#!/usr/bin/env bash
# The manual page and the bash completion: build/ddbsim.1 (packaging/man.sh) renders without
# warnings and holds every command and scenario field the program knows; the completion offers
# the commands, a command's options and scenario files.
# usage: man_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"
bin=$(realpath "$bin")
src=$(cd "$src" && pwd)
page=$(dirname "$bin")/ddbsim.1

[ -s "$page" ] && ok || { bad "$page was not built"; exit 1; }
bash "$src/packaging/man.sh" "$bin" | cmp -s - "$page" && ok || bad "$page is stale (rebuild)"
head -3 "$page" | grep -q '^\.TH DDBSIM 1 ' && ok || bad "$page has no .TH line"
if command -v groff >/dev/null; then
    preconv "$page" | groff -man -Tutf8 -ww -z 2>"$tmp/warn" && [ ! -s "$tmp/warn" ] && ok ||
        bad "groff warns about $page: $(head -3 "$tmp/warn")"
    preconv "$page" | groff -man -Tutf8 2>/dev/null | sed 's/.\x08//g' >"$tmp/page.txt"
    for c in $("$bin" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on { exit }'); do
        grep -qE "^   $c\$" "$tmp/page.txt" && ok || bad "the manual page has no section for $c"
    done
    for f in table.wcu workload.mix client.retry.mode; do
        grep -qE "^       $f( |\$)" "$tmp/page.txt" && ok || bad "the manual page does not list the field $f"
    done
else
    echo "SKIPPED rendering: groff is not installed"
fi

# The completion, as bash calls it: COMP_WORDS and COMP_CWORD set, the answer in COMPREPLY.
mkdir -p "$tmp/c/scen" && touch "$tmp/c/scen/a.json" "$tmp/c/scen/b.txt"
complete_words() {
    (cd "$tmp/c" && bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ddbsim
                             printf "%s\n" "${COMPREPLY[@]}"' _ "$src/packaging/ddbsim.bash" "$@")
}
complete_words "$bin" r | grep -qx run && ok || bad "ddbsim r<TAB> does not offer run: $(complete_words "$bin" r)"
complete_words "$bin" run --pl | grep -qx -- --plot && ok || bad "ddbsim run --pl<TAB> does not offer --plot"
complete_words "$bin" plan --max | grep -qx -- --max-throttle-rate && ok || bad "plan --max<TAB> offers no --max-throttle-rate"
complete_words "$bin" check --pl | grep -qx -- --plot && ok || bad "check --pl<TAB> does not offer run's --plot"
out=$(complete_words "$bin" run scen/)
grep -qx scen/a.json <<<"$out" && ! grep -q b.txt <<<"$out" && ok || bad "run scen/<TAB> should offer a.json only: $out"

echo "man: $passed passed, $failed failed"
[ "$failed" = 0 ]
