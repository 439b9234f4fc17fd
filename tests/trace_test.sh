#!/usr/bin/env bash
# Traces, end to end: `ddbsim gen` makes the shipped trace again byte for byte; replaying it ranks
# the keys as the trace itself counts them (sort | uniq -c, independently of ddbsim); a gzip copy
# replays the same; gen then replay gives the generating run's time series; a malformed line is
# one error naming its line (nothing written), or skipped and counted; the Twitter format maps its
# operations; the scenario fields a trace replaces are refused.
# gen's keys that follow the clock show their request's hour, across the hour's change (keys are
# drawn and rendered a few requests ahead).
# usage: trace_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"
cd "$src" || exit 1
trace=workloads/traces/orders.csv

# gen makes the shipped trace (deterministic, and the file is what gen writes)
expect 0 "" -- "$bin" gen workloads/traces/orders.gen.json -o "$tmp/orders.csv"
cmp -s "$tmp/orders.csv" "$trace" && ok || bad "gen did not make $trace again"
[ -e "$tmp/orders.csv.partial" ] && bad "gen left its .partial file" || ok

# gen of a replay writes the trace it replays, byte for byte
expect 0 "" -- "$bin" gen scenarios/trace-replay.json -o "$tmp/again.csv"
cmp -s "$tmp/again.csv" "$trace" && ok || bad "gen of the replay differs from the trace it replays"

# a hashed key with the clock in it, drawn ahead: each line's key ends with its time's hour
# (2026-01-01, so hour int(t_s / 3600)), the requests just past 01:00 included
expect 0 "" -- "$bin" gen bench/keys.json -o "$tmp/hours.csv" --set 'table.key.pk=USER#{user}#{hour}' \
    --set duration_s=3601 --set workload.rate.rps=20
awk -F, 'NR > 1 { n++; want = sprintf("#2026-01-01T%02d", int($1 / 3600)); late += $1 >= 3600
                  if (substr($3, length($3) - length(want) + 1) != want) { print NR ": " $0; exit 1 } }
         END { if (n < 70000 || late < 10) { print n " lines, " late " past 01:00"; exit 1 } }' \
    "$tmp/hours.csv" >"$tmp/hours.err" && ok || bad "a key shows another hour than its request's: $(cat "$tmp/hours.err")"

# ... and over two whole hours, each key counted under its own hour: the run's keys.csv is the
# replay's of the trace gen writes (a replay finds every key by its text, the run by its value and
# hour once it has met the key in that hour)
hours=(--set 'table.key.pk=USER#{user}#{hour}' --set duration_s=7200 --set workload.rate.rps=20)
expect 0 "" -- "$bin" gen bench/keys.json -o "$tmp/hours2.csv" "${hours[@]}"
expect 0 "" -- "$bin" run bench/keys.json -o "$tmp/hours-run" --quiet "${hours[@]}"
expect 0 "" -- "$bin" run scenarios/trace-replay.json -o "$tmp/hours-replay" --quiet \
    --set "workload.trace.path=$tmp/hours2.csv" --set table.rcu=40000 --set table.wcu=20000 --set output.interval_s=10
grep -q 'T00,' "$tmp/hours-run/keys.csv" && grep -q 'T01,' "$tmp/hours-run/keys.csv" &&
    cmp -s "$tmp/hours-run/keys.csv" "$tmp/hours-replay/keys.csv" && ok ||
    bad "the run counts keys with the clock in them otherwise than their replay: $(diff "$tmp/hours-run/keys.csv" "$tmp/hours-replay/keys.csv" | head -4)"

# replay: the top keys of keys.csv are the trace's own top keys, counted by sort | uniq -c
# (no throttling at the recorded rate, so requests = lines; ties by key name, as keys.csv)
expect 0 "" -- "$bin" run scenarios/trace-replay.json -o "$tmp/replay" --quiet
tail -n +2 "$trace" | cut -d, -f3 | LC_ALL=C sort | uniq -c | LC_ALL=C sort -k1,1nr -k2,2 |
    head -10 | awk '{print $2 "," $1}' >"$tmp/want"
awk -F, '$1 == "accessed" {print $4 "," $5}' "$tmp/replay/keys.csv" >"$tmp/got"
[ "$(wc -l <"$tmp/want")" = 10 ] && cmp -s "$tmp/want" "$tmp/got" && ok ||
    bad "keys.csv ranking differs from sort | uniq -c: $(diff "$tmp/want" "$tmp/got" | head -5)"
lines=$(($(wc -l <"$trace") - 1)) # the requests: every line after the header
grep -q "\"lines\":[[:space:]]*$lines\b" "$tmp/replay/summary.json" && ok || bad "summary.json trace.lines is not $lines"

# gzip: the same replay
gzip -c "$trace" >"$tmp/orders.csv.gz"
expect 0 "" -- "$bin" run scenarios/trace-replay.json -o "$tmp/gz" --quiet --set "workload.trace.path=$tmp/orders.csv.gz"
cmp -s "$tmp/gz/keys.csv" "$tmp/replay/keys.csv" && cmp -s "$tmp/gz/timeseries.csv" "$tmp/replay/timeseries.csv" &&
    ok || bad "the gzip trace replays differently"

# gen, then replay with the generating scenario's table: the same requests per interval and keys
expect 0 "" -- "$bin" run workloads/traces/orders.gen.json -o "$tmp/gen-run" --quiet
expect 0 "" -- "$bin" run scenarios/trace-replay.json -o "$tmp/regen" --quiet --set table.rcu=3000 --set table.wcu=1000
cut -d, -f1-10 "$tmp/gen-run/timeseries.csv" >"$tmp/a"
cut -d, -f1-10 "$tmp/regen/timeseries.csv" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" && cmp -s "$tmp/gen-run/keys.csv" "$tmp/regen/keys.csv" && ok ||
    bad "replaying gen's trace does not give the generating run's requests: $(diff "$tmp/a" "$tmp/b" | head -4)"

# a malformed line: one error naming the line, nothing under a final name; or skipped and counted
t101=$(sed -n 101p "$trace" | cut -d, -f1)
{ head -101 "$trace"; echo "$t101,fetch,ORDER#1,,100,eventual,table"; tail -n +102 "$trace"; } >"$tmp/bad.csv"
expect 1 "bad.csv:102: op: unknown operation \(got \"fetch\"" -- "$bin" run scenarios/trace-replay.json -o "$tmp/bad" --duration 30 --set "workload.trace.path=$tmp/bad.csv"
[ -e "$tmp/bad" ] && bad "a failed replay left $(ls -A "$tmp/bad" | tr '\n' ' ') in the folder it made" || ok
expect 1 "workload.trace.path: .*bad.csv:102:" -- "$bin" validate scenarios/trace-replay.json --set "workload.trace.path=$tmp/bad.csv"
# without duration_s the span comes from the last line: the run finds the bad line as it replays
expect 1 "bad.csv:102: op: unknown operation \(got \"fetch\"" -- "$bin" run scenarios/trace-replay.json -o "$tmp/bad2" --set "workload.trace.path=$tmp/bad.csv"
[ -e "$tmp/bad2" ] && bad "a failed replay left $(ls -A "$tmp/bad2" | tr '\n' ' ') in the folder it made" || ok
expect 0 "" -- "$bin" run scenarios/trace-replay.json -o "$tmp/skip" --quiet --set "workload.trace.path=$tmp/bad.csv" --set workload.trace.on_bad_line=skip
grep -q '"skipped_bad_lines":[[:space:]]*1' "$tmp/skip/summary.json" && ok || bad "the skipped line is not counted"

# Twitter's format: get/gets read, set/cas/incr write, delete deletes; time from the first line
printf '%s\n' 100,k1,4,200,7,get,0 100,k2,4,1500,7,set,0 101,k1,4,200,8,gets,0 101,k1,4,0,8,cas,0 \
    102,k3,4,10,9,incr,0 103,k2,4,0,9,delete,0 >"$tmp/tw.csv"
expect 0 "" -- "$bin" run scenarios/trace-replay.json -o "$tmp/tw" --quiet \
    --set "workload.trace={\"path\":\"$tmp/tw.csv\",\"format\":\"twitter\"}"
grep -q '"read_requests":[[:space:]]*2,' "$tmp/tw/summary.json" && grep -q '"write_requests":[[:space:]]*4,' "$tmp/tw/summary.json" &&
    ok || bad "twitter operations: $(grep -E '"(read|write)_requests"' "$tmp/tw/summary.json" | head -2)"
grep -q '"duration_s":[[:space:]]*3.001' "$tmp/tw/summary.json" && ok || bad "twitter duration is not its span"
echo "99,k1,4,1,1,get,0" >>"$tmp/tw.csv"
expect 1 "tw.csv:7: timestamp: goes back in time" -- "$bin" validate scenarios/trace-replay.json \
    --set "workload.trace={\"path\":\"$tmp/tw.csv\",\"format\":\"twitter\"}"

# what a trace replaces is refused, not ignored
expect 1 "table.key.pk: the partition keys come from the trace" -- "$bin" validate scenarios/trace-replay.json --set 'table.key.pk=K#{x}'
expect 1 "workload.mix: the operations come from the trace" -- "$bin" validate scenarios/trace-replay.json --set 'workload.mix={"get":1}'
expect 1 "workload.rate: the arrivals come from the trace" -- "$bin" validate scenarios/trace-replay.json --set 'workload.rate={"rps":5}'
expect 1 "no-such.csv: cannot read" -- "$bin" validate scenarios/trace-replay.json --set workload.trace.path=no-such.csv
expect 2 "usage: ddbsim gen" -- "$bin" gen workloads/traces/orders.gen.json
# Drawn reads on an index are not written to a trace (their key is not kept as text): one line,
# nothing written.
expect 1 "workload.mix.gsi_query: drawn reads on a global secondary index cannot be written to a trace" -- \
    "$bin" gen scenarios/gsi-healthy.json -o "$tmp/gsi.csv" --set 'workload.mix={"get":0.5,"gsi_query":0.5}'
[ -e "$tmp/gsi.csv" ] && bad "gen of index reads wrote $tmp/gsi.csv" || ok
printf 't_s,op,key,sort_key,item_bytes,consistency,index\n0.5,gsi_query,K#1,,100,eventual,table\n' >"$tmp/gsiq.csv"
expect 1 "gsiq.csv:2: op: unknown operation \(got \"gsi_query\"" -- \
    "$bin" validate scenarios/trace-replay.json --set "workload.trace.path=$tmp/gsiq.csv"

# Index replay: a trace's query lines on a GSI read that index, by the index's key (all of them
# on the one partition that holds the key); an LSI's are queries on the table. gen of the replay
# writes the trace back.
cat >"$tmp/idx.json" <<'JSON'
{"seed": 1, "table": {"rcu": 3000, "wcu": 1000, "key": {"sk": "{total}"},
  "gsi": [{"name": "byStatus", "pk": "S#{status}", "rcu": 3000, "wcu": 3000}],
  "lsi": [{"name": "byTotal", "sk": "{total}"}]},
 "attributes": {"status": {"dist": "uniform", "n": 5}, "total": {"dist": "uniform", "n": 100}},
 "workload": {"trace": {"path": "idx.csv"}}}
JSON
{
    echo "t_s,op,key,sort_key,item_bytes,consistency,index"
    for i in $(seq 0 599); do
        printf '%d.%03d000000,put,K#%d,,500,eventual,table\n' $((i / 200)) $((i % 200 * 5)) "$i"
        printf '%d.%03d000000,query,S#2,,4096,eventual,byStatus\n' $((i / 200)) $((i % 200 * 5 + 1))
    done
} >"$tmp/idx.csv"
expect 0 "" -- "$bin" run "$tmp/idx.json" -o "$tmp/idx" --quiet
tr -d ' \n\t' <"$tmp/idx/summary.json" | grep -q '"name":"byStatus","partitions":4,.*"read_requests":600,"read_throttles":0,"consumed_rcu":300,' &&
    ok || bad "the index's reads are not the trace's 600 eventually consistent 4 KB queries"
awk -F, '$2 == "byStatus" && $4 > 0 {print $3}' "$tmp/idx/partitions.csv" | sort -u >"$tmp/idx-parts"
[ "$(wc -l <"$tmp/idx-parts")" = 1 ] && ok || bad "one index key read on $(wc -l <"$tmp/idx-parts") partitions"
grep -q '^"*[0-9]' "$tmp/idx-parts" && ok || bad "no index partition read"
expect 0 "" -- "$bin" gen "$tmp/idx.json" -o "$tmp/idx-again.csv"
cmp -s "$tmp/idx.csv" "$tmp/idx-again.csv" && ok || bad "gen of the index replay differs: $(diff "$tmp/idx.csv" "$tmp/idx-again.csv" | head -4)"
printf 't_s,op,key,sort_key,item_bytes,consistency,index\n1,query,K#1,,4096,strong,byTotal\n2,query,K#1,,4096,strong,table\n' >"$tmp/lsi.csv"
expect 0 "" -- "$bin" run "$tmp/idx.json" -o "$tmp/lsi" --quiet --set "workload.trace.path=$tmp/lsi.csv"
tr -d ' \n\t' <"$tmp/lsi/summary.json" | grep -q '"gsi_reads":0,' && ok || bad "an LSI line read the GSI"
printf 't_s,op,key,sort_key,item_bytes,consistency,index\n1,query,S#1,,4096,strong,byStatus\n' >"$tmp/strong.csv"
expect 1 "strong.csv:2: consistency: a global secondary index is read eventually consistent only" -- \
    "$bin" run "$tmp/idx.json" -o "$tmp/strong" --quiet --set "workload.trace.path=$tmp/strong.csv"
[ -e "$tmp/strong" ] && bad "a bad index line left $tmp/strong" || ok
# found during the run (duration given, so the trace is not read ahead): nothing left either,
# not even the index's partial gsi.csv
expect 1 "strong.csv:2: consistency: a global secondary index" -- \
    "$bin" run "$tmp/idx.json" -o "$tmp/strong-run" --quiet --duration 5 --set "workload.trace.path=$tmp/strong.csv"
[ -e "$tmp/strong-run" ] && bad "a bad index line found in the run left $(ls -A "$tmp/strong-run" | tr '\n' ' ')" || ok
printf 't_s,op,key,sort_key,item_bytes,consistency,index\n1,query,S#1,,4096,,byColour\n' >"$tmp/unknown.csv"
expect 1 "unknown.csv:2: index: unknown index \(got \"byColour\", expected table, empty or one of the scenario's indexes: byStatus, byTotal\)" -- \
    "$bin" validate "$tmp/idx.json" --set "workload.trace.path=$tmp/unknown.csv"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
