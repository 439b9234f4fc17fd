#!/usr/bin/env bash
# The documentation against the program and itself: docs/scenario.md is exactly what `ddbsim
# reference` prints (it is generated); every relative link in README.md and docs/ names a file
# that exists, and a heading there when it has an anchor; each command the README shows with its
# output ("    $ build/ddbsim ...") still prints the lines quoted under it; no file cites a
# document the repository does not hold, and every "docs/model.md §N" cited is a section of it.
# usage: docs_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"

# ---- generated docs are current
"$bin" reference >"$tmp/reference.md" || bad "ddbsim reference failed"
if cmp -s "$tmp/reference.md" "$src/docs/scenario.md"; then ok; else
    bad "docs/scenario.md is stale; regenerate it: build/ddbsim reference > docs/scenario.md"
    diff "$src/docs/scenario.md" "$tmp/reference.md" | head -20
fi

# ---- relative links resolve
# The GitHub anchors of a Markdown file's headings, one a line (outside fenced code).
anchors() {
    awk '/^```/ { fence = !fence; next }
         !fence && /^#+ / { h = $0; sub(/^#+ +/, "", h); h = tolower(h)
                            gsub(/[^a-z0-9 _-]/, "", h); gsub(/ /, "-", h); print h }' "$1"
}

docs=$(cd "$src" && { echo README.md; find docs -name '*.md' | sort; })
[ -n "$docs" ] || bad "no Markdown files found under $src"
for doc in $docs; do
    dir=$(dirname "$doc")
    # [text](target) and ![alt](target), outside code spans and fenced blocks.
    links=$(awk '/^```/ { fence = !fence; next } !fence { gsub(/`[^`]*`/, ""); print }' "$src/$doc" |
            grep -oE '\]\([^) ]+\)' | sed 's/^](//; s/)$//' | sort -u)
    for link in $links; do
        case $link in http://* | https://* | mailto:*) continue ;; esac
        path=${link%%#*}
        anchor=; [ "$path" != "$link" ] && anchor=${link#*#}
        if [ -z "$path" ]; then target=$doc; else target=$(realpath -m --relative-to="$src" "$src/$dir/$path"); fi
        if [ ! -e "$src/$target" ]; then
            bad "$doc: link to $link: $target does not exist"
            continue
        fi
        ok
        if [ -n "$anchor" ] && [ -f "$src/$target" ]; then
            anchors "$src/$target" | grep -qxF "$anchor" && ok || bad "$doc: link to $link: $target has no heading #$anchor"
        fi
    done
done

# ---- the README's examples print what it quotes
# A quoted line "…" stands for lines left out; the timing of a run ("simulated in 0.03 s") varies.
mkdir -p "$tmp/ex/build" && ln -s "$(cd "$src" && pwd)/scenarios" "$tmp/ex/scenarios" &&
    ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/ex/build/ddbsim"
awk '/^    \$ build\/ddbsim / { n++; print > (dir "/cmd" n); quoting = 1; next }
     quoting && /^    / { sub(/^    /, ""); print > (dir "/want" n); next }
     quoting && /^$/ { next }
     { quoting = 0 }' dir="$tmp/ex" "$src/README.md"
n=$(ls "$tmp/ex" | grep -c '^cmd')
[ "$n" -ge 3 ] && ok || bad "README.md shows $n commands with their output, expected at least 3"
for i in $(seq 1 "$n"); do
    cmd=$(sed 's/^    \$ //' "$tmp/ex/cmd$i")
    (cd "$tmp/ex" && eval "$cmd") >"$tmp/ex/got$i" 2>/dev/null || bad "README example failed: $cmd"
    [ -s "$tmp/ex/want$i" ] || { bad "README example has no output quoted: $cmd"; continue; }
    while IFS= read -r line; do
        case $line in *"…" | "" | *" simulated in "*" s ("*) continue ;; esac
        grep -qxF -- "$line" "$tmp/ex/got$i" && ok || bad "README example is stale: '$cmd' no longer prints: $line"
    done <"$tmp/ex/want$i"
done

# ---- the repository stands alone, and its citations of docs/model.md name sections it has
# Every file git tracks (every file, outside a checkout), but the build's and the runs'.
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git -C "$src" ls-files)
else
    files=$(cd "$src" && find . \( -name .git -o -name 'build*' -o -name out \) -prune -o -type f -print | sed 's|^\./||')
fi
# Written in pieces so that this script does not match itself.
outside='DESIGN''\.md|dynamodb-''model|\.\./''shared'
cited=$(cd "$src" && printf '%s\n' "$files" | tr '\n' '\0' | xargs -0 grep -IlE -- "$outside" 2>/dev/null)
[ -z "$cited" ] && ok || bad "files cite documents that are not in the repository (cite docs/ or the AWS page instead): $(echo $cited)"
sections=$(cd "$src" && printf '%s\n' "$files" | grep -vxF docs/model.md | tr '\n' '\0' |
           xargs -0 grep -IhE -- 'model\.md' 2>/dev/null | grep -oE '§[0-9]+' | sort -u)
[ -n "$sections" ] && ok || bad "nothing cites a section of docs/model.md"
for sec in $sections; do
    grep -qE "^## ${sec#§}\. " "$src/docs/model.md" && ok || bad "docs/model.md has no section $sec, yet it is cited"
done

echo "docs: $passed passed, $failed failed"
[ "$failed" = 0 ]
