#!/usr/bin/env bash
# Benchmark: the hashed key mode against the dense one. Runs bench/keys.json (50,000 requests/s,
# get/put/update 0.7/0.2/0.1 over 10^6 zipfian keys, 120 s simulated) with its key USER#{user}, a
# dense key number (each key's slot found by its number), and with USER#{user}#{date}, the same
# keys within the run's one simulated day but following the clock, so each request renders its key
# and finds it in the hashed key table; prints simulated requests per CPU-second and peak memory
# of each and the ratio of their costs per request (the target: at most 1.5).
# usage: bench/keys.sh [BUILD_DIR]   (default: build)
. "$(dirname "$0")/lib.sh"
cpu_cost "dense  (USER#{user})       " keys.json --set 'table.key.pk=USER#{user}'
dense=$rate
cpu_cost "hashed (USER#{user}#{date})" keys.json --set 'table.key.pk=USER#{user}#{date}'
hashed=$rate
awk -v d="$dense" -v h="$hashed" 'BEGIN { printf "cost per request: %.2fx that of the dense key mode (target: at most 1.5)\n", d / h }'
