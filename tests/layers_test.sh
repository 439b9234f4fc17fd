#!/usr/bin/env bash
# layers_test.sh — dependencies point one way: a file of sim/ or workloads/ includes only from its
# own layer or the layers below it, in the order data flows (README, "Layout"):
#   support <- workloads <- model <- scenario <- engine <- output <- analysis <- runs <- cli
# and a layer's private header (*_int.h) only from its own folder.
# usage: tests/layers_test.sh [SOURCE_DIR]   Prints every include against the order; exits 1 if any.
# Then it checks itself on a small tree with one include of each wrong kind, which must be caught.
set -uo pipefail
src=${1:-$(cd "$(dirname "$0")/.." && pwd)}
layers=(support workloads model scenario engine output analysis runs cli)
rank() { # FOLDER -> its layer's rank, or nothing
    local i
    for i in "${!layers[@]}"; do [ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }; done
}
folder() { # PATH -> its layer's folder (sim/X/... -> X, workloads/... -> workloads)
    case "$1" in
    workloads/*) echo workloads ;;
    sim/*/*) local rest=${1#sim/}; echo "${rest%%/*}" ;;
    esac
}
check() { # DIR: prints the includes against the order; returns how many (0: none)
(
cd "$1" || exit 2
bad=0
checked=0
while IFS= read -r file; do
    from=$(folder "$file")
    from_rank=$(rank "$from")
    [ -n "$from_rank" ] || { echo "$file: not in a layer (${layers[*]})"; bad=$((bad + 1)); continue; }
    while IFS=: read -r line inc; do
        checked=$((checked + 1))
        to=$(folder "$inc")
        to_rank=$(rank "$to")
        if [ -z "$to_rank" ]; then
            echo "$file:$line: includes $inc, in no layer"; bad=$((bad + 1))
        elif [ "$to_rank" -gt "$from_rank" ]; then
            echo "$file:$line: includes $inc: $from must not include from $to, a layer above it"; bad=$((bad + 1))
        elif [[ "$inc" == *_int.h ]] && [ "$(dirname "$inc")" != "$(dirname "$file")" ]; then
            echo "$file:$line: includes $inc, private to $(dirname "$inc")"; bad=$((bad + 1))
        fi
    done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" |
             sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
done < <(find sim workloads -name '*.[ch]' | sort)
echo "layers: $checked includes checked in $1, $bad against the order"
exit $((bad > 0 ? 1 : 0))
)
}

status=0
check "$src" || status=1

# The check itself: a model header including the engine, a support file including the model, and a
# private header included from another folder are three faults, each to be named.
fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
mkdir -p "$fake/sim/support" "$fake/sim/model" "$fake/sim/engine" "$fake/workloads"
printf '#include "sim/engine/engine.h"\n#include "sim/support/alloc.h"\n' >"$fake/sim/model/table.h"
printf '#include "sim/model/table.h"\n' >"$fake/sim/support/alloc.c"
printf '#include "sim/engine/engine_int.h"\n' >"$fake/sim/engine/other.c"
mkdir -p "$fake/sim/runs" && printf '#include "sim/engine/engine_int.h"\n' >"$fake/sim/runs/r.c"
: >"$fake/sim/engine/engine.h"; : >"$fake/sim/engine/engine_int.h"; : >"$fake/sim/support/alloc.h"
got=$(check "$fake" | grep -c 'must not include\|private to')
if [ "$got" != 3 ]; then
    echo "FAIL: the check found $got of the 3 faults planted in a test tree:"; check "$fake"; status=1
fi
exit $status
