#!/usr/bin/env bash
# Benchmark: the cost of many partitions. Runs bench/partitions.json (15,000 requests/s, gets and
# puts 0.8/0.2 over 100,000 uniform keys, 1 s intervals, 600 s simulated) on its 10 partitions and
# with table.size_gb 100000 (10,000 partitions, so 10,000 partitions.csv rows a simulated second;
# nothing throttles in either), and prints simulated requests per CPU-second and peak memory of
# each and the ratio of their costs per request (the target: at most 1.5), RUNS times (default 3)
# alternated, and the median ratio.
# usage: bench/partitions.sh [BUILD_DIR]   (default: build)
. "$(dirname "$0")/lib.sh"
cost_ratio 1.5 "that of 10 partitions" "10 partitions    " partitions.json "" \
    "10,000 partitions" partitions.json "--set table.size_gb=100000"
