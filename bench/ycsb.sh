#!/usr/bin/env bash
# Benchmark: YCSB workload A at production size (bench/ycsb.json: 10^6 records, YCSB's zipfian —
# scrambled, hashed keys — reads and updates 0.5/0.5 at 60,000 operations/s on 54 partitions;
# the hottest key's partition throttles about 7% of the attempts), run exact and aggregated for
# DURATION simulated seconds. Prints simulated requests per CPU-second and peak memory of each and
# the aggregated mode's speed-up.
# usage: bench/ycsb.sh [BUILD_DIR] [DURATION]   (defaults: build, 600)
. "$(dirname "$0")/lib.sh"
duration=${2:-600}
cpu_cost "exact     " ycsb.json --exact --duration "$duration"
exact=$rate
cpu_cost "aggregated" ycsb.json --aggregated --duration "$duration"
awk -v e="$exact" -v a="$rate" 'BEGIN { printf "the aggregated mode: %.1fx the exact one'"'"'s simulated requests per CPU-second\n", a / e }'
