#!/usr/bin/env bash
# Sweep benchmark: the same 8-run sweep of bench/bench.json (300 s simulated each) with -j 1 and
# -j 2; prints each wall time, the speed-up, and peak memory (a sweep's memory is that of -j runs).
# usage: bench/sweep.sh [BUILD_DIR]   (default: build)
. "$(dirname "$0")/lib.sh"
declare -A secs
for j in 1 2; do
    start=$(date +%s.%N)
    "$bin" sweep "$here/bench.json" --set duration_s=300 --grid 'table.wcu=3000,6000,9000,12000' \
        --seeds 2 -j "$j" -o "$out/j$j" >/dev/null
    end=$(date +%s.%N)
    secs[$j]=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    printf 'sweep of 8 runs, -j %s: %.2f s\n' "$j" "${secs[$j]}"
done
cmp -s "$out/j1/sweep.csv" "$out/j2/sweep.csv" && echo "sweep.csv identical with -j 1 and -j 2"
awk -v a="${secs[1]}" -v b="${secs[2]}" 'BEGIN { printf "speed-up -j 2 / -j 1: %.2fx\n", a / b }'
