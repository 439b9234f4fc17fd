#!/usr/bin/env bash
# Sweep benchmark: the same 8-run sweep of bench/bench.json (300 s simulated each) with -j 1 and
# -j 2; prints each wall time and peak memory, the speed-up, and the peak memory of one run alone:
# a sweep's memory should be that of -j runs at once (each worker holds one run), not of the grid.
# usage: bench/sweep.sh [BUILD_DIR]   (default: build)
. "$(dirname "$0")/lib.sh"
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
declare -A secs
/usr/bin/time -f "%M" -o "$out/one.kb" "$bin" run "$here/bench.json" --set duration_s=300 \
    --set table.wcu=12000 -o "$out/one" >/dev/null
for j in 1 2; do
    /usr/bin/time -f "%e %M" -o "$out/j$j.time" "$bin" sweep "$here/bench.json" --set duration_s=300 \
        --grid 'table.wcu=3000,6000,9000,12000' --seeds 2 -j "$j" -o "$out/j$j" >/dev/null
    read -r secs[$j] kb <"$out/j$j.time"
    printf 'sweep of 8 runs, -j %s: %.2f s, peak memory %.1f MiB\n' "$j" "${secs[$j]}" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
done
awk -v k="$(cat "$out/one.kb")" 'BEGIN { printf "one run alone: peak memory %.1f MiB\n", k / 1024 }'
cmp -s "$out/j1/sweep.csv" "$out/j2/sweep.csv" && echo "sweep.csv identical with -j 1 and -j 2"
awk -v a="${secs[1]}" -v b="${secs[2]}" 'BEGIN { printf "speed-up -j 2 / -j 1: %.2fx\n", a / b }'
