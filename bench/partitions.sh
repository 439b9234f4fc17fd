#!/usr/bin/env bash
# Benchmark: the cost of many partitions. Runs bench/partitions.json (15,000 requests/s, gets and
# puts 0.8/0.2 over 100,000 uniform keys, 1 s intervals, 600 s simulated) on its 10 partitions and
# with table.size_gb 100000 (10,000 partitions, so 10,000 partitions.csv rows a simulated second;
# nothing throttles in either), and prints simulated requests per CPU-second and peak memory of
# each and the ratio of their costs per request (the target: at most 1.5).
# usage: bench/partitions.sh [BUILD_DIR]   (default: build)
. "$(dirname "$0")/lib.sh"
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
cost() { # label, extra arguments: prints a line, leaves requests per CPU-second in $out/rate
    local label=$1
    shift
    /usr/bin/time -f '%U %S %M' -o "$out/time" "$bin" run "$here/partitions.json" -o "$out/run" -q "$@"
    read -r user sys rss_kb <"$out/time"
    n=$(sed -n 's/.*"logical_requests":[[:space:]]*\([0-9]*\).*/\1/p' "$out/run/summary.json" | head -n 1)
    awk -v l="$label" -v n="$n" -v u="$user" -v s="$sys" -v m="$rss_kb" 'BEGIN {
        printf "%s: %d requests in %.2f CPU-s (%.2f M simulated requests per CPU-second), peak memory %.1f MiB\n",
               l, n, u + s, n / (u + s) / 1e6, m / 1024 }'
    awk -v n="$n" -v u="$user" -v s="$sys" 'BEGIN { printf "%.6f\n", n / (u + s) }' >"$out/rate"
    rm -rf "$out/run"
}
cost "10 partitions    "
few=$(cat "$out/rate")
cost "10,000 partitions" --set table.size_gb=100000
many=$(cat "$out/rate")
awk -v f="$few" -v m="$many" 'BEGIN { printf "cost per request: %.2fx that of 10 partitions (target: at most 1.5)\n", f / m }'
