#!/usr/bin/env bash
# A relocatable install: `cmake --install` to one prefix, the tree moved to another, and the
# installed binary, run from a third folder, still finds its data (plot scripts, prices, the
# shipped scenarios) beside itself; --version names that folder. With the data folder gone, every
# command whose output would be incomplete without it fails with one line and exit status 1;
# DDBSIM_DATA_DIR points at a data folder elsewhere.
# usage: install_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"
build=$(dirname "$bin")
[ -f "$build/cmake_install.cmake" ] || { echo "SKIPPED: $build is not a CMake build folder"; exit 0; }

cmake --install "$build" --prefix "$tmp/first" >/dev/null 2>&1 && ok || bad "cmake --install failed"
mv "$tmp/first" "$tmp/moved" && ok || bad "cannot move the installed tree"
inst=$tmp/moved
data=$inst/share/ddbsim
mkdir -p "$tmp/elsewhere" && cd "$tmp/elsewhere" || exit 1

"$inst/bin/ddbsim" --version >"$tmp/version" || bad "--version failed"
grep -qxF "data folder: $data (beside the executable)" "$tmp/version" && ok || bad "--version: $(cat "$tmp/version")"
grep -qE '^features: YAML .*; MPI ' "$tmp/version" && ok || bad "--version names no features: $(cat "$tmp/version")"

[ -s "$inst/share/man/man1/ddbsim.1" ] && [ -s "$inst/share/bash-completion/completions/ddbsim" ] && ok ||
    bad "the manual page or the bash completion is not installed"

# The quick-start scenario from the installed data, with plots when gnuplot is there.
plot=; command -v gnuplot >/dev/null && plot=--plot
expect 0 "" -- "$inst/bin/ddbsim" run "$data/scenarios/quickstart.json" -o out --quiet $plot
grep -qE '"provisioned_per_month_usd":[[:space:]]+[0-9]' out/summary.json && ok || bad "summary.json has no cost"
if [ -n "$plot" ]; then
    [ -s out/heatmap.png ] && [ -s out/report.html ] && ok || bad "run --plot drew no heat map or report"
else
    echo "SKIPPED the plots: gnuplot is not installed"
fi
expect 0 "" -- "$inst/bin/ddbsim" plan "$data/scenarios/uniform-overload.json" --max-throttle-rate 0.01 --for wcu --seeds 1 --quiet
grep -q 'Estimated cost' "$tmp/out" && ok || bad "plan printed no cost line: $(cat "$tmp/out")"

# The data folder gone: one line naming what is missing, exit status 1, nothing half done.
cp "$data/scenarios/quickstart.json" qs.json
mv "$data" "$tmp/data"
expect 1 "cannot find the plot scripts in $data" -- "$inst/bin/ddbsim" run qs.json -o out2 --plot
[ ! -e out2 ] && ok || bad "run --plot without the plot scripts still ran"
expect 1 "cannot find the plot scripts in $data" -- "$inst/bin/ddbsim" plot out
expect 1 "prices: the default price table is missing .*DDBSIM_DATA_DIR" -- "$inst/bin/ddbsim" run qs.json -o out3
expect 1 "prices: the default price table is missing" -- "$inst/bin/ddbsim" plan qs.json --max-throttle-rate 0.01 --seeds 1 --quiet

# DDBSIM_DATA_DIR: the data folder wherever it is.
DDBSIM_DATA_DIR=$tmp/data "$inst/bin/ddbsim" --version | grep -qxF "data folder: $tmp/data (DDBSIM_DATA_DIR)" &&
    ok || bad "DDBSIM_DATA_DIR is not the data folder"
expect 0 "" -- env DDBSIM_DATA_DIR="$tmp/data" "$inst/bin/ddbsim" run qs.json -o out4 --quiet $plot
grep -qE '"provisioned_per_month_usd":[[:space:]]+[0-9]' out4/summary.json && ok || bad "DDBSIM_DATA_DIR: summary.json has no cost"

echo "install: $passed passed, $failed failed"
[ "$failed" = 0 ]
