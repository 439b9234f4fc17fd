#!/usr/bin/env bash
# outputs_digest.sh BIN OUTFILE — every output of every shipped scenario, as one digest per file.
#
# A refactoring keeps behaviour when two binaries (before and after) give the same digests:
#   tests/outputs_digest.sh old/ddbsim /tmp/old.txt && tests/outputs_digest.sh new/ddbsim /tmp/new.txt
#   diff /tmp/old.txt /tmp/new.txt
# For each scenario in scenarios/ and bench/: `validate`'s resolved scenario, `run`'s files, the
# terminal summary, `explain`, `cloudwatch`'s JSON and `gen`'s trace (where gen accepts the
# scenario); then `reference`. Plots are left out: gnuplot's bytes are gnuplot's, not ours.
set -uo pipefail
bin=$(realpath "$1")
out=$(realpath -m "$2")
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$out"

# The source tree's path (in resolved file paths) is written as <src>, so that two checkouts compare.
digest() { # LABEL FILE
    printf '%s %s\n' "$(sed "s|$src|<src>|g" "$2" | sha256sum | cut -c1-16)" "$1" >>"$out"
}

cd "$work" # run folders are named relative to it, so that the terminal's text names no temporary path
for scen in "$src"/scenarios/*.json "$src"/bench/*.json; do
    name=$(basename "$scen" .json)
    case "$(basename "$(dirname "$scen")")" in bench) name="bench-$name" ;; esac
    dir=$name
    # Benchmark scenarios are big: cut them to 30 simulated seconds.
    extra=()
    case "$name" in bench-*) extra=(--set duration_s=30) ;; esac
    "$bin" validate "$scen" "${extra[@]}" >validate.txt 2>&1
    echo "exit $?" >>validate.txt
    digest "$name validate" validate.txt
    if ! "$bin" run "$scen" "${extra[@]}" -o "$dir" >run.txt 2>&1; then
        digest "$name run FAILED" run.txt
        continue
    fi
    # The first line's wall time, speed and memory are the machine's.
    sed -E '1s/ simulated in .*$/ simulated/' run.txt >run.kept
    digest "$name terminal" run.kept
    for f in $(cd "$dir" && ls | sort); do
        digest "$name $f" "$dir/$f"
    done
    "$bin" explain "$dir" >explain.txt 2>&1
    digest "$name explain" explain.txt
    if "$bin" cloudwatch "$dir" >/dev/null 2>&1; then
        digest "$name cloudwatch.json" "$dir/cloudwatch.json"
    fi
    if "$bin" gen "$scen" "${extra[@]}" -o gen.csv >/dev/null 2>gen.err; then
        digest "$name gen" gen.csv
    else
        digest "$name gen refused" gen.err
    fi
    rm -rf "$dir" gen.csv
done
"$bin" reference >reference.md
digest "reference" reference.md
echo "$(wc -l <"$out") digests in $out"
