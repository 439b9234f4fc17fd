#!/usr/bin/env bash
# The CI gate: `ddbsim check SCENARIO --max-throttle-rate RATE` and `ddbsim run ... --fail-above
# RATE` exit 0 when the run throttles at most RATE of its attempts, 3 with one line saying by how
# much when it throttles more, 2 for bad arguments; the run's outputs are written either way.
# usage: check_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
strict_one_line=1
source "$(dirname "$0")/lib.sh"
sc=$src/scenarios

# hot-key.json throttles 48.9% of its attempts; write-sharding.json none (README).
expect 3 '^ddbsim: target missed: throttle rate 48\.9% \(58,440 of 119,437 attempts\) is above the target 0\.1%; why: ddbsim explain '"$tmp"'/hk$' \
    -- "$bin" check "$sc/hot-key.json" --max-throttle-rate 0.001 -o "$tmp/hk" --quiet
[ -s "$tmp/hk/summary.json" ] && ok || bad "check wrote no run folder"
expect 0 "" -- "$bin" check "$sc/write-sharding.json" --max-throttle-rate 0.001 -o "$tmp/ws" --quiet
expect 0 "" -- "$bin" check "$sc/hot-key.json" --max-throttle-rate=0.5 -o "$tmp/hk2" --quiet
expect 3 "target missed" -- "$bin" run "$sc/hot-key.json" --fail-above 0.1 -o "$tmp/hk3" --quiet
expect 0 "" -- "$bin" run "$sc/hot-key.json" --fail-above 0.6 -o "$tmp/hk4" --quiet
# --set reaches the run: enough sharding and the gate passes.
expect 0 "" -- "$bin" check "$sc/hot-key.json" --max-throttle-rate 0.001 --set 'table.key.pk=SENSOR#42#{shard:10}' -o "$tmp/hk5" --quiet

# Bad arguments: usage errors, nothing run.
expect 2 "--max-throttle-rate RATE is required" -- "$bin" check "$sc/hot-key.json" -o "$tmp/x1"
expect 2 "--max-throttle-rate needs a value" -- "$bin" check "$sc/hot-key.json" --max-throttle-rate
expect 2 "expected a fraction from 0 to 1, 1 excluded .*got '1.5'" -- "$bin" check "$sc/hot-key.json" --max-throttle-rate 1.5
expect 2 "got 'lots'" -- "$bin" run "$sc/hot-key.json" --fail-above lots
expect 2 "--fail-above needs a rate" -- "$bin" run "$sc/hot-key.json" --fail-above
[ ! -e "$tmp/x1" ] && ok || bad "a bad check still ran"
expect 1 "" -- "$bin" check "$tmp/missing.json" --max-throttle-rate 0.01
"$bin" check --help | grep -q 'Exit status: 0 target met, 3 target missed' && ok || bad "check --help"

echo "check: $passed passed, $failed failed"
[ "$failed" = 0 ]
