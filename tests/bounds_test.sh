#!/usr/bin/env bash
# Every reader bounded and every accepted value runs, end to end: a device (/dev/zero) given as a
# rate CSV, a table file, a scenario or a run folder's CSV is a one-line error, never a loop or
# out-of-memory; the YAML alias bomb of --table-from is one line; run-folder values are range-
# checked (a partition 1e50, an empty CloudWatch field); control characters in fields and property
# names are escaped (\x1b, \n) in messages; speedup and rates outside what runs are refused; a huge
# run needs --yes off a terminal.
# usage: bounds_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"
cd "$src" || exit 1
scn=scenarios/quickstart.json
t="timeout 60"

# ---- devices: an error at once, whichever reader ----
expect 1 "/dev/zero: a device, not a file" -- $t "$bin" run "$scn" -o "$tmp/r0" \
    --set 'workload.rate={"profile": "csv", "path": "/dev/zero"}'
expect 1 "/dev/zero: a device, not a file" -- $t "$bin" run "$scn" -o "$tmp/r0" \
    --set 'workload.rate={"profile": "cloudwatch", "path": "/dev/zero"}'
expect 1 "/dev/zero" -- $t "$bin" run "$scn" -o "$tmp/r0" --table-from /dev/zero
expect 1 "/dev/zero: a device, not a file" -- $t "$bin" validate /dev/zero
[ -e "$tmp/r0" ] && bad "a refused run left its folder" || ok

# a run folder whose CSVs point at /dev/zero: explain, cloudwatch and plot end with one line
expect 0 "" -- "$bin" run "$scn" -o "$tmp/run" --duration 5 --quiet
cp -r "$tmp/run" "$tmp/zero"
ln -sf /dev/zero "$tmp/zero/timeseries.csv"
expect 1 "timeseries.csv: a device, not a file" -- $t "$bin" explain "$tmp/zero"
expect 1 "timeseries.csv: a device, not a file" -- $t "$bin" cloudwatch "$tmp/zero"
cp -r "$tmp/run" "$tmp/zlat"
ln -sf /dev/zero "$tmp/zlat/latency.csv"
if command -v gnuplot >/dev/null; then
    $t "$bin" plot "$tmp/zlat" >/dev/null 2>"$tmp/plot.err"
    rc=$?
    [ "$rc" != 0 ] && [ "$rc" != 124 ] && grep -q "latency.csv: not a regular file" "$tmp/plot.err" && ok ||
        bad "plot of a latency.csv -> /dev/zero: exit $rc, $(head -c 300 "$tmp/plot.err")"
fi
# a CSV of NUL bytes (a binary file) and a row longer than 1 MiB
cp -r "$tmp/run" "$tmp/nul"
head -c 5000 /dev/zero >"$tmp/nul/partitions.csv"
expect 1 "partitions.csv:1: a NUL byte \(expected CSV text\)" -- $t "$bin" explain "$tmp/nul"
cp -r "$tmp/run" "$tmp/long"
{ head -1 "$tmp/run/keys.csv"; head -c 1100000 /dev/zero | tr '\0' 'x'; } >"$tmp/long/keys.csv"
expect 1 "keys.csv:2: row too long \(expected at most 1048576 bytes a row\)" -- $t "$bin" explain "$tmp/long"

# ---- run-folder values checked before they are converted ----
cp -r "$tmp/run" "$tmp/p50"
awk -F, 'BEGIN {OFS = ","} NR == 1 {for (i = 1; i <= NF; i++) if ($i == "partition") c = i}
         NR == 2 {$c = "1e50"} {print}' "$tmp/run/partitions.csv" >"$tmp/p50/partitions.csv"
expect 1 "partitions.csv:2: partition: not a partition number \(got \"1e50\", expected a whole number 0 to 1000000000\)" -- \
    "$bin" explain "$tmp/p50"
cp -r "$tmp/run" "$tmp/cw"
awk -F, 'BEGIN {OFS = ","} NR == 1 {for (i = 1; i <= NF; i++) if ($i == "read_requests") c = i}
         NR == 2 {$c = ""} {print}' "$tmp/run/timeseries.csv" >"$tmp/cw/timeseries.csv"
expect 1 "timeseries.csv:2: read_requests: empty \(expected a number\)" -- "$bin" cloudwatch "$tmp/cw"
cp -r "$tmp/run" "$tmp/neg"
awk -F, 'BEGIN {OFS = ","} NR == 1 {for (i = 1; i <= NF; i++) if ($i == "read_throttles") c = i}
         NR == 3 {$c = "-5"} {print}' "$tmp/run/partitions.csv" >"$tmp/neg/partitions.csv"
expect 1 "partitions.csv:3: read_throttles: out of range \(got -5, expected at least 0\)" -- "$bin" explain "$tmp/neg"
cp -r "$tmp/run" "$tmp/nan"
awk -F, 'BEGIN {OFS = ","} NR == 2 {$1 = "nan"} {print}' "$tmp/run/timeseries.csv" >"$tmp/nan/timeseries.csv"
expect 1 "timeseries.csv:2: t_s: not a number \(got \"nan\"\)" -- "$bin" explain "$tmp/nan"
cp -r "$tmp/run" "$tmp/dur"
sed 's/"duration_s":[^,]*,/"duration_s": -1,/' "$tmp/run/summary.json" >"$tmp/dur/summary.json"
expect 1 "summary.json: duration_s: out of range \(got -1" -- "$bin" explain "$tmp/dur"

# ---- control characters escaped ----
printf 't_s,rps\n0,10\n1,1\033[31mred\n' >"$tmp/esc.csv"
expect 1 'esc.csv:3: rps: not a number \(got "1\\x1b\[31mred"\)' -- \
    "$bin" validate "$scn" --set "workload.rate={\"profile\": \"csv\", \"path\": \"$tmp/esc.csv\"}"
grep -q $'\033' "$tmp/err" && bad "a raw ESC reached stderr" || ok
printf '{"name": "x", "bad\\u001bkey\\nhere": 1}' >"$tmp/esc.json"
expect 1 'esc.json: bad\\x1bkey\\nhere: unknown field' -- "$bin" validate "$tmp/esc.json"

# ---- the YAML alias bomb (libyaml builds) ----
{
    echo 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'
    prev=a
    for n in b c d e f g h i; do
        printf '%s: &%s [' "$n" "$n"; for k in 1 2 3 4 5 6 7 8 9; do printf '*%s,' "$prev"; done
        printf '*%s]\n' "$prev"; prev=$n
    done
} >"$tmp/bomb.yaml"
if "$bin" validate "$scn" --table-from scenarios/aws/table.yaml >/dev/null 2>&1; then
    expect 1 "bomb.yaml: YAML: more than 500000 nodes once its aliases are expanded" -- \
        $t "$bin" validate "$scn" --table-from "$tmp/bomb.yaml"
fi

# ---- every accepted value runs ----
expect 1 "workload.trace.speedup: out of range \(got 4.94065645841247e-324, expected a number from 0.001 to 1000000\)" -- \
    "$bin" validate scenarios/trace-replay.json --set workload.trace.speedup=5e-324
printf 't_s,op,key,sort_key,item_bytes,consistency,index\n0,get,A,,100,eventual,table\n40000,get,B,,100,eventual,table\n' >"$tmp/slow.csv"
expect 1 "slow.csv:3: t_s: later than a year once divided by speedup" -- \
    "$bin" run scenarios/trace-replay.json -o "$tmp/slow" --set "workload.trace.path=$tmp/slow.csv" \
    --set workload.trace.speedup=0.001
expect 1 "workload.rate.rps: out of range \(got 1000000000, expected a number from 0 to 10000000\)" -- \
    "$bin" validate "$scn" --set 'workload.rate={"rps": 1e9}'
# a huge run (10^7 requests/s for an hour: 3.6e10 requests) needs --yes off a terminal
expect 1 "ddbsim run: a huge run: about 3.6e\+10 requests .*give --yes to run it anyway" -- \
    "$bin" run "$scn" -o "$tmp/huge" --set 'workload.rate={"rps": 1e7}' --duration 3600 </dev/null
[ -e "$tmp/huge" ] && bad "a refused huge run left its folder" || ok
expect 1 "ddbsim gen: a huge run: about 3.6e\+10 requests .*give --yes to run it anyway" -- \
    "$bin" gen "$scn" -o "$tmp/huge.csv" --set 'workload.rate={"rps": 1e7}' --duration 3600 </dev/null
[ -e "$tmp/huge.csv" ] && bad "a refused gen left its trace" || ok
# 10 GB of CSV: a year at 1 ms intervals
expect 1 "a huge run: .* GB of CSV" -- \
    "$bin" run "$scn" -o "$tmp/huge" --duration 31536000 --set output.interval_s=0.001 </dev/null
# an ordinary run says nothing of it
expect 0 "" -- "$bin" run "$scn" -o "$tmp/small" --duration 2 --quiet </dev/null
[ -s "$tmp/err" ] && bad "an ordinary run printed: $(cat "$tmp/err")" || ok

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
