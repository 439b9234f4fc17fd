#!/usr/bin/env bash
# `ddbsim cloudwatch` and `ddbsim run --cloudwatch`, end to end: the file appears, parses and names
# CloudWatch's metrics; the command writes the same bytes from the folder alone; a missing folder
# or a malformed timeseries.csv is one line, exit 1; no argument is a usage error, exit 2.
# usage: cloudwatch_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"

expect 0 "" -- "$bin" run "$src/scenarios/hot-key.json" -o "$tmp/hk" --duration 90 --quiet --cloudwatch
cw="$tmp/hk/cloudwatch.json"
[ -s "$cw" ] && ok || bad "run --cloudwatch wrote no cloudwatch.json"
ls -A "$tmp/hk" | grep -q '\.partial$' && bad "a .partial file was left behind" || ok
grep -q '"Id":[[:space:]]*"writekeyrangethroughputthrottleevents_table"' "$cw" && ok || bad "no WriteKeyRangeThroughputThrottleEvents series"
grep -q '"Label":[[:space:]]*"TableName=hot-key ConsumedWriteCapacityUnits Sum"' "$cw" && ok || bad "no ConsumedWriteCapacityUnits label"
grep -q '"2026-01-01T00:01:00Z", "2026-01-01T00:00:00Z"' "$cw" && ok || bad "timestamps are not the two periods, newest first"
grep -q '"Code":[[:space:]]*"PartialPeriod"' "$cw" && ok || bad "the 30 s last period is not flagged"
if command -v python3 >/dev/null; then
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$cw" && ok || bad "cloudwatch.json does not parse"
fi

cp "$cw" "$tmp/first.json"
expect 0 "" -- "$bin" cloudwatch "$tmp/hk" --quiet
cmp -s "$cw" "$tmp/first.json" && ok || bad "ddbsim cloudwatch wrote different bytes from run --cloudwatch"
[ -s "$tmp/out" ] && bad "--quiet printed: $(cat "$tmp/out")" || ok

expect 1 "no-such-run" -- "$bin" cloudwatch "$tmp/no-such-run"
echo "1,table,oops" >>"$tmp/hk/timeseries.csv"
expect 1 "timeseries.csv" -- "$bin" cloudwatch "$tmp/hk"
expect 2 "usage: ddbsim cloudwatch" -- "$bin" cloudwatch

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
