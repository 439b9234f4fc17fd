#!/usr/bin/env bash
# Benchmark: a production-sized day (bench/day.json): 50,000 requests/s on average, diurnal
# ±30,000 over 24 h; get/put/update 0.7/0.2/0.1; 10^6 zipfian keys; 3 GSIs; 60 s intervals —
# about 4.3 billion requests. Prints simulated requests per CPU-second, CPU time and peak memory.
# The target (issue "production-sized questions"): one run in <= 2 CPU-minutes, <= 200 MiB.
# usage: bench/day.sh [BUILD_DIR] [HOURS] [MODE] [--set FIELD=VALUE ...]
#   HOURS: simulate only the first HOURS of the day (default 24; the rate profile is the day's);
#   MODE: exact or aggregated (the scenario field "simulation"; default: the scenario's, exact);
#   the rest goes to `ddbsim run` (e.g. --set 'table.gsi=[]': the day without its indexes, which
#   the aggregated mode does not take yet).
. "$(dirname "$0")/lib.sh"
hours=${2:-24}
mode=${3:-exact}
case "$mode" in exact | aggregated) ;; *) echo "bench/day.sh: MODE must be exact or aggregated (got $mode)"; exit 2 ;; esac
shift $(($# < 3 ? $# : 3))
duration=$(awk -v h="$hours" 'BEGIN { printf "%d", h * 3600 }')
[ "$duration" -gt 0 ] || { echo "bench/day.sh: HOURS must be > 0 (got $hours)"; exit 2; }
/usr/bin/time -f '%U %S %M' -o "$out/time" \
    "$bin" run "$here/day.json" --duration "$duration" --"$mode" "$@" -o "$out/day" -q >"$out/stdout" 2>"$out/stderr" ||
    { echo "bench/day.sh: the run failed: $(tail -n 3 "$out/stderr")"; exit 1; }
read -r user sys maxrss_kb <"$out/time"
# The table's totals: the first of each field in summary.json (the GSIs' come later).
field() { sed -n "s/.*\"$1\":[[:space:]]*\([0-9]*\).*/\1/p" "$out/day/summary.json" | head -n 1; }
requests=$(field logical_requests)
attempts=$(($(field read_requests) + $(field write_requests)))
awk -v m="$mode" -v h="$hours" -v u="$user" -v s="$sys" -v kb="$maxrss_kb" -v n="$requests" -v a="$attempts" 'BEGIN {
    cpu = u + s
    printf "day (%s): %s h simulated, %.0f logical requests (%.0f attempts) in %.1f CPU-s (%.2f CPU-min)\n", m, h, n, a, cpu, cpu / 60
    printf "     %.2f M simulated requests per CPU-second, peak memory %.1f MiB\n", n / cpu / 1e6, kb / 1024
}'
