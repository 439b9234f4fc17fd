#!/usr/bin/env bash
# Benchmark: simulated requests per second and peak memory on bench/bench.json (100,000 zipfian
# keys, theta 0.99, 10 partitions, 15,000 puts/s), at its duration and at 10x the duration:
# peak memory must not grow with the simulated duration.
# usage: bench/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
bin=$build/ddbsim
[ -x "$bin" ] || { echo "bench: $bin not found; build first (cmake -S . -B build && cmake --build build)"; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for duration in 600 6000; do
    line=$("$bin" run "$here/bench.json" -o "$out/d$duration" --duration "$duration" | head -n 1)
    echo "duration ${duration} s: $line"
done
