#!/usr/bin/env bash
# Benchmark: the hashed key mode against the dense one. Runs bench/keys.json (50,000 requests/s,
# get/put/update 0.7/0.2/0.1 over 10^6 zipfian keys, 120 s simulated) with its key USER#{user}, a
# dense key number (each key's slot found by its number), and with USER#{user}#{date}, the same
# keys within the run's one simulated day but following the clock, so each request renders its key
# and finds it in the hashed key table; prints simulated requests per CPU-second and peak memory
# of each and the ratio of their costs per request (the target: at most 1.5), RUNS times (default
# 3) alternated, and the median ratio.
# usage: bench/keys.sh [BUILD_DIR]   (default: build)
. "$(dirname "$0")/lib.sh"
cost_ratio 1.5 "that of the dense key mode" "dense  (USER#{user})       " keys.json \
    "--set table.key.pk=USER#{user}" \
    "hashed (USER#{user}#{date})" keys.json "--set table.key.pk=USER#{user}#{date}"
