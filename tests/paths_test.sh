#!/usr/bin/env bash
# File paths inside a scenario (workload.trace.path, workload.ycsb, workload.rate.path, prices) are
# relative to the scenario file's folder, so a scenario runs from any working directory; the same
# paths given with --set or --ycsb are relative to the working directory, as on any command line.
# The resolved scenario keeps the paths as written, so plan and sweep (which parse it again) find
# the same files; an installed tree's scenarios find their workload files.
# usage: paths_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"
mkdir -p "$tmp/elsewhere" "$tmp/sc/data" "$tmp/cwd"
cd "$tmp/elsewhere" || exit 1

# The shipped scenarios that name files, run from a folder that has none of them
for f in ycsb-a ycsb-e trace-replay; do
    expect 0 "" -- "$bin" validate "$src/scenarios/$f.json"
done
expect 0 "" -- "$bin" run "$src/scenarios/trace-replay.json" --duration 5 -o "$tmp/replay" --quiet
grep -q '"path":[[:space:]]*"\.\./workloads/traces/orders.csv"' "$tmp/replay/summary.json" && ok ||
    bad "summary.json does not keep the trace path as written"

# A scenario of one's own, with every kind of file path, next to its files
"$bin" gen "$src/workloads/traces/orders.gen.json" --duration 5 -o "$tmp/sc/data/t.csv" >/dev/null 2>&1
printf 't_s,rps\n0,100\n10,200\n' >"$tmp/sc/data/rate.csv"
cp "$src/scenarios/prices/us-east-1.json" "$tmp/sc/data/prices.json"
cat >"$tmp/sc/own.json" <<'JSON'
{"seed": 1, "duration_s": 5, "prices": "data/prices.json",
 "table": {"rcu": 3000, "wcu": 1000, "key": {"pk": "K#{k}"}},
 "attributes": {"k": {"dist": "uniform", "n": 100}},
 "workload": {"rate": {"profile": "csv", "path": "data/rate.csv"}, "mix": {"get": 1}}}
JSON
cat >"$tmp/sc/replay.json" <<'JSON'
{"seed": 1, "table": {"rcu": 3000, "wcu": 1000}, "workload": {"trace": {"path": "data/t.csv"}}}
JSON
cat >"$tmp/sc/ycsb.json" <<'JSON'
{"seed": 1, "duration_s": 2, "table": {"rcu": 3000, "wcu": 1000},
 "workload": {"ycsb": "data/wl", "rate": {"rps": 10}}}
JSON
cp "$src/workloads/ycsb/workloadb" "$tmp/sc/data/wl"
for f in own replay ycsb; do
    expect 0 "" -- "$bin" run "$tmp/sc/$f.json" -o "$tmp/out-$f" --quiet
done
grep -q '"prices":[[:space:]]*"data/prices.json"' "$tmp/out-own/summary.json" && ok || bad "prices path not kept as written"
# The same scenarios named by a relative path from another folder
cd "$tmp" || exit 1
expect 0 "" -- "$bin" validate sc/own.json
expect 0 "" -- "$bin" validate sc/replay.json
# A missing file is named as the run looked for it: beside the scenario
printf '{"seed": 1, "table": {"rcu": 1, "wcu": 1}, "workload": {"trace": {"path": "data/none.csv"}}}\n' >"$tmp/sc/gone.json"
expect 1 "^sc/gone.json: workload.trace.path: sc/data/none.csv: " -- "$bin" validate sc/gone.json

# --set and --ycsb: relative to the working directory, not to the scenario
cd "$tmp/cwd" || exit 1
cp "$tmp/sc/data/t.csv" here.csv
cp "$src/workloads/ycsb/workloadc" wlc
expect 0 "" -- "$bin" validate "$tmp/sc/replay.json" --set workload.trace.path=here.csv
expect 1 "workload.trace.path: $tmp/cwd/data/t.csv: " -- "$bin" validate "$tmp/sc/replay.json" --set workload.trace.path=data/t.csv
expect 0 "" -- "$bin" validate "$tmp/sc/replay.json" --set 'workload.trace={"path": "here.csv"}'
expect 0 "" -- "$bin" validate "$tmp/sc/ycsb.json" --ycsb wlc
expect 0 "" -- "$bin" validate "$tmp/sc/ycsb.json" --set workload.ycsb=wlc

# plan and sweep parse the scenario again (per run, and the on-demand verdict from the resolved
# scenario): the same files, from anywhere
expect 0 "" -- "$bin" sweep "$tmp/sc/own.json" --grid table.rcu=1000,2000 -j 2 -o "$tmp/sweep" --quiet
expect 0 "" -- "$bin" plan "$tmp/sc/own.json" --max-throttle-rate 0.01 --for rcu --seeds 1 --quiet

# An installed tree: its scenarios find the workload files installed beside them
build=$(dirname "$bin")
if [ -f "$build/cmake_install.cmake" ]; then
    cmake --install "$build" --prefix "$tmp/inst" >/dev/null 2>&1 && ok || bad "cmake --install failed"
    expect 0 "" -- "$tmp/inst/bin/ddbsim" validate "$tmp/inst/share/ddbsim/scenarios/ycsb-a.json"
    expect 0 "" -- "$tmp/inst/bin/ddbsim" validate "$tmp/inst/share/ddbsim/scenarios/trace-replay.json"
else
    echo "SKIPPED the installed tree: $build is not a CMake build folder"
fi

echo "paths: $passed passed, $failed failed"
[ "$failed" = 0 ]
