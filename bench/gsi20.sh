#!/usr/bin/env bash
# Benchmark: the cost of many global secondary indexes. Runs the core benchmark (bench/bench.json)
# and the same 15,000 puts/s with 20 GSIs (bench/gsi20.json), each for DURATION simulated seconds,
# and prints simulated requests per CPU-second of each and the ratio of their costs per request
# (the target: at most 8), RUNS times (default 3) alternated, and the median ratio: both exact,
# both aggregated, and 20 GSIs aggregated against none exact. Then both again (exact) over
# 1,000,000 uniform keys for 300 s (nearly every key written) and the memory the indexes add, per
# index and per million distinct keys (the target: at most 8 MiB).
# usage: bench/gsi20.sh [BUILD_DIR] [DURATION]   (defaults: build, 600: at 60 s the run without
# indexes takes about 0.12 CPU-s, near the 10 ms resolution of /usr/bin/time)
. "$(dirname "$0")/lib.sh"
duration=${2:-600}
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
field() { sed -n "s/.*\"$1\":[[:space:]]*\([0-9]*\).*/\1/p" "$out/run/summary.json" | head -n 1; }
# run LABEL SCENARIO ARGS...: sets cpu, rss_kb, n (logical requests) and keys (distinct keys)
run() {
    local label=$1 scen=$2
    shift 2
    /usr/bin/time -f '%U %S %M' -o "$out/time" "$bin" run "$here/$scen" -o "$out/run" -q "$@"
    read -r user sys rss_kb <"$out/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    n=$(field logical_requests)
    keys=$(field distinct_keys)
    awk -v l="$label" -v n="$n" -v c="$cpu" -v m="$rss_kb" 'BEGIN {
        printf "%s: %d requests in %.2f CPU-s (%.2f M simulated requests per CPU-second), peak memory %.1f MiB\n",
               l, n, c, n / c / 1e6, m / 1024 }'
    rm -rf "$out/run"
}
cost_ratio 8 "that of no GSI, exact" "no GSI,  exact     " bench.json "--duration $duration --exact" \
    "20 GSIs, exact     " gsi20.json "--duration $duration --exact"
# The aggregated mode takes the index writes of base writes sent one by one (here every one: the
# base table throttles) as counts wherever the index is at ease (docs/model.md, "Aggregated mode").
cost_ratio 8 "that of no GSI, aggregated" "no GSI,  aggregated" bench.json "--duration $duration --aggregated" \
    "20 GSIs, aggregated" gsi20.json "--duration $duration --aggregated"
# ... and against the cheaper of the two runs without an index (exact), so that the figure does
# not lean on the mode's set-up cost in the run without one.
cost_ratio 8 "that of no GSI exact" "no GSI,  exact     " bench.json "--duration $duration --exact" \
    "20 GSIs, aggregated" gsi20.json "--duration $duration --aggregated"
uniform='attributes.user={"dist": "uniform", "n": 1000000}'
run "no GSI,  10^6 uniform keys" bench.json --duration 300 --set "$uniform"
base_kb=$rss_kb
run "20 GSIs, 10^6 uniform keys" gsi20.json --duration 300 --set "$uniform"
awk -v a="$base_kb" -v b="$rss_kb" -v k="$keys" 'BEGIN {
    printf "the indexes add %.1f MiB: %.2f MiB per index per million distinct keys (%d keys; target: at most 8)\n",
           (b - a) / 1024, (b - a) / 1024 / 20 / (k / 1e6), k }'
