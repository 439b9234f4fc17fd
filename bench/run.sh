#!/usr/bin/env bash
# Benchmark: simulated requests per second and peak memory on bench/bench.json (100,000 zipfian
# keys, theta 0.99, 10 partitions, 15,000 puts/s), at its duration and at 10x the duration:
# peak memory must not grow with the simulated duration.
# usage: bench/run.sh [BUILD_DIR]   (default: build)
. "$(dirname "$0")/lib.sh"
for duration in 600 6000; do
    line=$("$bin" run "$here/bench.json" -o "$out/d$duration" --duration "$duration" | head -n 1)
    echo "duration ${duration} s: $line"
done
