#!/usr/bin/env bash
# Benchmark: the cost of global secondary indexes. Runs the core benchmark (bench/bench.json) and
# the same write-heavy workload with two GSIs (bench/gsi.json: every put becomes index writes on
# both, 5% of them moving the item's index key), each for 600 s simulated, and prints simulated
# requests per second of each and their ratio (the target: at least a third). Then the same with
# key_change 1, the default, where every put moves the item's index key (a delete and a put on
# each index): its ratio, for information.
# usage: bench/gsi.sh [BUILD_DIR]   (default: build)
. "$(dirname "$0")/lib.sh"
rate() { sed -n 's/.*(\([0-9.]*\) M simulated requests\/s.*/\1/p'; }
core_line=$("$bin" run "$here/bench.json" -o "$out/core" | head -n 1)
gsi_line=$("$bin" run "$here/gsi.json" -o "$out/gsi" | head -n 1)
echo "core:      $core_line"
echo "two GSIs:  $gsi_line"
core=$(rate <<<"$core_line")
gsi=$(rate <<<"$gsi_line")
awk -v c="$core" -v g="$gsi" 'BEGIN { printf "ratio: %.2f of the core benchmark'\''s simulated requests/s (target: at least 0.33)\n", g / c }'
moving_line=$("$bin" run "$here/gsi.json" -o "$out/moving" --set 'table.gsi[0].key_change=1' --set 'table.gsi[1].key_change=1' | head -n 1)
echo "two GSIs, every put moving its index keys:  $moving_line"
moving=$(rate <<<"$moving_line")
awk -v c="$core" -v g="$moving" 'BEGIN { printf "ratio: %.2f of the core benchmark'\''s simulated requests/s (for information)\n", g / c }'
