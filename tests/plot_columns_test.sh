#!/usr/bin/env bash
# plot_columns_test.sh — every column a plots/*.gp script names exists in the output schema (the
# list `ddbsim reference --columns` prints), and common.gp's hard caps are the model's.
#
# A script names a column as an argument in a call (column("t_s"), strcol("index"), or a helper
# such as of(ix, "consumed_rcu") whose last argument is the column), after `using` ("rank") or
# a colon (:"cumulative_fraction"), as `col = "index"` (the DISTINCT macro's column), or compared
# to a header (r eq "throttles_key_range": a name with an underscore). Other strings (titles,
# values such as "table", colours) are not columns. Comments are left out.
# usage: plot_columns_test.sh DDBSIM_BINARY SOURCE_DIR [PLOTS_DIR]
set -u
bin=$1
src=$2
plots=${3:-$src/plots}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! "$bin" reference --columns | cut -d' ' -f2 | sort -u >"$tmp/schema"; then
    echo "FAIL: ddbsim reference --columns exited non-zero"
    exit 1
fi
[ -s "$tmp/schema" ] || { echo "FAIL: ddbsim reference --columns printed nothing"; exit 1; }
failed=0
checked=0
name='[a-z][a-z0-9_]*'
for gp in "$plots"/*.gp; do
    sed 's/#.*$//' "$gp" |
        grep -oE "([(,] *\"$name\" *\))|(using +\"$name\")|(:\"$name\")|(\bcol *= *\"$name\")|(eq +\"[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\")" |
        grep -oE "\"$name\"" | tr -d '"' | sort -u >"$tmp/used"
    while read -r col; do
        checked=$((checked + 1))
        if ! grep -qxF "$col" "$tmp/schema"; then
            echo "FAIL: $(basename "$gp") names column \"$col\", which no output has (ddbsim reference --columns)"
            failed=$((failed + 1))
        fi
    done <"$tmp/used"
done
# common.gp's hard caps against the model's (docs/outputs.md, "Partition limits").
caps=$("$bin" reference --outputs | grep -oE 'serves at most [0-9,]+ RCU/s and [0-9,]+ WCU/s' | tr -d ,)
for dir in rcu wcu; do
    unit=$(echo "$dir" | tr a-z A-Z)
    want=$(echo "$caps" | grep -oE "[0-9]+ $unit/s" | cut -d' ' -f1)
    got=$(grep -oE "^hard_cap_$dir = [0-9.]+" "$plots/common.gp" | grep -oE '[0-9.]+$')
    if [ -z "$want" ] || [ -z "$got" ] || [ "$(printf '%.0f' "$got")" != "$want" ]; then
        echo "FAIL: plots/common.gp: hard_cap_$dir = ${got:-?}, the model's cap is ${want:-?} $unit/s"
        failed=$((failed + 1))
    fi
done
if [ "$checked" -lt 20 ]; then
    echo "FAIL: only $checked column names found in $plots/*.gp: is the pattern still right?"
    failed=$((failed + 1))
fi
echo "$checked column names checked in $plots/*.gp, $failed failure(s)"
[ "$failed" = 0 ]
