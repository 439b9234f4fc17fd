#!/usr/bin/env bash
# Benchmark: trace replay speed and memory. `ddbsim gen` writes a trace of LINES requests
# (bench/trace-gen.json: 100,000 scrambled-zipfian keys at 100,000 requests/s), then
# bench/trace-replay.json replays its first tenth and all of it. Printed per replay: lines per
# second of wall time and of CPU time (user + system: what the replay costs when it has the core
# to itself), and peak memory, which must not grow with the trace's length (it grows with the
# distinct keys, which the first tenth already holds). The target is 6 million lines per CPU-second.
# usage: bench/trace.sh [BUILD_DIR] [LINES]   (defaults: build, 10000000)
. "$(dirname "$0")/lib.sh"
lines=${2:-10000000}
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
rate=100000
seconds=$(( (lines + rate - 1) / rate ))
"$bin" gen "$here/trace-gen.json" --duration "$seconds" -o "$out/all.csv"
for n in $((lines / 10)) "$lines"; do
    head -n $((n + 1)) "$out/all.csv" >"$out/trace.csv"   # the header and n requests
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" \
        "$bin" run "$here/trace-replay.json" --set "workload.trace.path=$out/trace.csv" -o "$out/run" --quiet
    read -r wall user sys rss_kb <"$out/time"
    got=$(grep -E '"lines":' "$out/run/summary.json" | tr -dc '0-9')
    awk -v n="$got" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss_kb" 'BEGIN {
        printf "%d lines: %.2f s wall (%.2f M lines/s), %.2f s CPU (%.2f M lines/s), peak memory %.1f MiB\n",
               n, w, n / w / 1e6, u + s, n / (u + s) / 1e6, m / 1024 }'
done
