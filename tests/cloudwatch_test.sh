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

# CloudWatch in: a run's export drives another run as its rate profile. Each minute's consumed
# WCU comes back within 5 standard deviations of Poisson noise (sqrt of the count), whether the
# seconds inside a minute are even or lognormal bursts (which keep each minute's total); and
# duration_s defaults to the export's span.
expect 0 "" -- "$bin" run "$src/scenarios/write-sharding.json" -o "$tmp/ws" --duration 180 --quiet --cloudwatch
minute_sums() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "consumed_wcu") c = i; next }
                         $2 == "table" { s[int($1 / 60)] += $c } END { for (m = 0; m < 3; m++) print s[m] }' "$1"; }
minute_sums "$tmp/ws/timeseries.csv" >"$tmp/ws.minutes"
for bursts in even lognormal; do
    cat >"$tmp/replay-$bursts.json" <<JSON
{ "name": "replay", "seed": 3,
  "table": { "rcu": 100, "wcu": 10000, "key": { "pk": "SENSOR#{shard:10}" } },
  "workload": { "rate": { "profile": "cloudwatch", "path": "$tmp/ws/cloudwatch.json",
                          "id": "consumedwritecapacityunits_table", "bursts": "$bursts" },
                "mix": { "put": 1 }, "item_bytes": { "dist": "fixed", "bytes": 1000 } },
  "client": { "retry": { "mode": "none" } } }
JSON
    expect 0 "" -- "$bin" run "$tmp/replay-$bursts.json" -o "$tmp/r-$bursts" --quiet
    grep -q '"duration_s":[[:space:]]*180\b' "$tmp/r-$bursts/summary.json" && ok || bad "$bursts: duration_s is not the export's 180 s"
    minute_sums "$tmp/r-$bursts/timeseries.csv" | paste -d, "$tmp/ws.minutes" - |
        awk -F, '{ if ($1 < 100000 || ($2 - $1) ^ 2 > 25 * $1) bad = 1 } END { exit bad }' && ok ||
        bad "$bursts: minutes consumed $(minute_sums "$tmp/r-$bursts/timeseries.csv" | tr '\n' ' ')against $(tr '\n' ' ' <"$tmp/ws.minutes")"
done
# lognormal bursts vary the seconds: their spread is well above the even replay's Poisson noise
sd_of() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "consumed_wcu") c = i; next }
                   $2 == "table" { n++; s += $c; q += $c * $c } END { printf "%d\n", sqrt(q / n - (s / n) ^ 2) }' "$1"; }
[ "$(sd_of "$tmp/r-lognormal/timeseries.csv")" -gt $((4 * $(sd_of "$tmp/r-even/timeseries.csv"))) ] && ok ||
    bad "lognormal bursts are not burstier than even: sd $(sd_of "$tmp/r-lognormal/timeseries.csv") vs $(sd_of "$tmp/r-even/timeseries.csv")"
# A bad export: one line naming the file and the datapoint.
printf '{"MetricDataResults": [{"Id": "w", "Timestamps": ["2026-01-01T00:00:00Z"], "Values": [-1]}]}' >"$tmp/bad.json"
expect 1 "replay-even.json: workload.rate.path: .*bad.json: MetricDataResults\[0\]\.Values\[0\]: out of range \(got -1" -- \
    "$bin" run "$tmp/replay-even.json" -o "$tmp/r-bad" --set "workload.rate.path=$tmp/bad.json" --set workload.rate.id=w
[ -e "$tmp/r-bad" ] && bad "a bad export left $tmp/r-bad" || ok

# Throttled requests in: a run throttled to a quarter of its demand (2000 puts/s for 120 s),
# replayed on a table that serves it all, consumes the whole demand with include_throttled (each
# put is one WCU, each throttled one too), and only the first run's consumed units without.
cat >"$tmp/thr.json" <<JSON
{ "name": "throttled", "seed": 3, "duration_s": 120,
  "table": { "rcu": 100, "wcu": 500, "burst_s": 0, "key": { "pk": "K{k}" } },
  "attributes": { "k": { "dist": "uniform", "n": 100000 } },
  "workload": { "rate": { "profile": "constant", "rps": 2000 },
                "mix": { "put": 1 }, "item_bytes": { "dist": "fixed", "bytes": 1000 } },
  "client": { "retry": { "mode": "none" } } }
JSON
expect 0 "" -- "$bin" run "$tmp/thr.json" -o "$tmp/thr" --quiet --cloudwatch
total_of() { awk -F, -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
                                  $2 == "table" { s += $c } END { printf "%d\n", s }' "$1"; }
for inc in true false; do
    expect 0 "" -- "$bin" run "$tmp/thr.json" -o "$tmp/thr-$inc" --quiet --set table.wcu=40000 \
        --set "workload.rate={\"profile\": \"cloudwatch\", \"path\": \"$tmp/thr/cloudwatch.json\", \"id\": \"consumedwritecapacityunits_table\", \"include_throttled\": $inc, \"throttled_id\": \"writethrottleevents_table\"}"
    got=$(total_of "$tmp/thr-$inc/timeseries.csv" consumed_wcu)
    want=240000; [ $inc = false ] && want=$(total_of "$tmp/thr/timeseries.csv" consumed_wcu)
    awk -v g="$got" -v w="$want" 'BEGIN { exit !((g - w) ^ 2 <= 25 * w + (w / 500) ^ 2 && w > 50000) }' && ok ||
        bad "include_throttled=$inc: consumed $got WCU, expected about $want"
done
# The same from a console CSV download: a time column, one column per series by its label.
printf '%s\n' 'Label,ConsumedWriteCapacityUnits,ThrottledRequests' '2026-11-20 10:00:00,6000,3000' \
    '2026-11-20 10:01:00,6000,3000' '2026-11-20 10:02:00,6000,' >"$tmp/console.csv"
expect 0 "" -- "$bin" run "$tmp/thr.json" -o "$tmp/thr-csv" --quiet --set table.wcu=40000 --set duration_s=180 \
    --set "workload.rate={\"profile\": \"cloudwatch\", \"path\": \"$tmp/console.csv\", \"include_throttled\": true}"
got=$(total_of "$tmp/thr-csv/timeseries.csv" consumed_wcu)
awk -v g="$got" 'BEGIN { exit !((g - 24000) ^ 2 <= 25 * 24000) }' && ok || bad "console CSV: consumed $got WCU, expected about 24000"
printf '%s\n' 'Label,ConsumedWriteCapacityUnits' '20/11/2026 10:00,6000' >"$tmp/bad.csv"
expect 1 "bad.csv:2: Label: not a time \(got \"20/11/2026 10:00\"" -- \
    "$bin" run "$tmp/thr.json" -o "$tmp/thr-bad" --set "workload.rate={\"profile\": \"cloudwatch\", \"path\": \"$tmp/bad.csv\"}"

# Contributor Insights in: the report's top keys take their shares of the requests (within 5
# standard deviations), the others spread over the remaining keys; a report without contributors
# is a one-line error naming the attribute.
ci='attributes.order_id={"dist": "contributor_insights", "path": "contributor-insights.json"}'
expect 0 "" -- "$bin" gen "$src/scenarios/aws/workload.json" --set "$ci" --duration 20 -o "$tmp/ci.csv"
awk -F, 'NR > 1 { n++; c[$3]++ }
         END { split("order-000017 0.08 order-004211 0.03 order-000902 0.02", w, " ")
               for (i = 1; i < 6; i += 2) { e = n * w[i + 1]; if ((c[w[i]] - e) ^ 2 > 25 * e) exit 1 }
               for (k in c) if (k !~ /^order-/ && c[k] > 20) exit 1 }' "$tmp/ci.csv" && ok ||
    bad "contributor_insights: top keys' shares off: $(cut -d, -f3 "$tmp/ci.csv" | sort | uniq -c | sort -rn | head -5 | tr '\n' ' ')"
printf '%s\n' '{"KeyLabels": ["PartitionKey"], "AggregateValue": 0, "ApproximateUniqueCount": 0, "Contributors": []}' >"$tmp/empty-ci.json"
expect 1 "workload.json: attributes.order_id.path: .*empty-ci.json: Contributors: empty \(expected at least one contributor" -- \
    "$bin" validate "$src/scenarios/aws/workload.json" --set "attributes.order_id={\"dist\": \"contributor_insights\", \"path\": \"$tmp/empty-ci.json\"}"
[ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "empty report: not one line: $(cat "$tmp/err")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
