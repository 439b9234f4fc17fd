#!/usr/bin/env bash
# ddbsim sweep and ddbsim compare, end to end: exit statuses, one-line errors, nothing written under
# a final name after bad input, sweep.csv the same bytes with 1 or several jobs, --keep-runs, and a
# key-design comparison in which write sharding throttles less than one hot key.
# usage: sweep_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"

hot=$src/scenarios/hot-key.json
short=(--set duration_s=4)

# Usage: exit 2.
expect 0 "" -- "$bin" sweep --help
grep -q -- "--grid PATH=VALUES" "$tmp/out" || bad "sweep --help does not describe --grid"
expect 0 "" -- "$bin" compare --help
expect 2 "" -- "$bin" sweep
expect 2 "unknown option" -- "$bin" sweep "$hot" --grid table.wcu=1000 -o "$tmp/u" --bogus
expect 2 "expected PATH=VALUES" -- "$bin" sweep "$hot" --grid table.wcu -o "$tmp/u"
expect 2 "needs a value" -- "$bin" sweep "$hot" -o "$tmp/u" --grid
expect 2 "-o DIR is required" -- "$bin" sweep "$hot" --grid table.wcu=1000
expect 2 "nothing to sweep" -- "$bin" sweep "$hot" -o "$tmp/u"
expect 2 "-j: expected" -- "$bin" sweep "$hot" --grid table.wcu=1000 -j 0 -o "$tmp/u"
expect 2 "--seeds: expected" -- "$bin" sweep "$hot" --grid table.wcu=1000 --seeds 0 -o "$tmp/u"
[ -e "$tmp/u" ] && bad "a usage error created the output folder"

# Bad input: exit 1, one line naming it, nothing written (checked for every run before any).
expect 1 "hot-key.json: table.wdu: unknown field.*grid point: table.wdu=1" -- \
    "$bin" sweep "$hot" --grid table.wdu=1,2 -o "$tmp/b1"
expect 1 "table.wcu: out of range \(got 0,.*grid point: table.wcu=0" -- \
    "$bin" sweep "$hot" --grid table.wcu=1000,0 -o "$tmp/b2"
expect 1 "range STEP must be > 0 \(got 0\)" -- "$bin" sweep "$hot" --grid 'table.wcu=range(1000,4000,0)' -o "$tmp/b3"
expect 1 "range is empty" -- "$bin" sweep "$hot" --grid 'table.wcu=range(4000,1000,1000)' -o "$tmp/b4"
expect 1 "no values" -- "$bin" sweep "$hot" --grid 'table.wcu=' -o "$tmp/b5"
expect 1 "range needs three numbers" -- "$bin" sweep "$hot" --grid 'table.wcu=range(1,2)' -o "$tmp/b6"
expect 1 "given twice" -- "$bin" sweep "$hot" --grid table.wcu=1 --grid table.wcu=2 -o "$tmp/b7"
expect 1 "missing.json" -- "$bin" sweep "$tmp/missing.json" --grid table.wcu=1 -o "$tmp/b8"
expect 1 "table.rcu" -- "$bin" sweep "$hot" --set table.rcu=-1 --grid table.wcu=1000 -o "$tmp/b9"
# The last point is the bad one: still nothing runs.
expect 1 "workload.rate.rps" -- "$bin" sweep "$hot" --grid 'workload.rate.rps=100,200,-5' -o "$tmp/b10"
for d in b1 b2 b3 b4 b5 b6 b7 b8 b9 b10; do
    [ -e "$tmp/$d" ] && bad "$d: written after bad input: $(ls -A "$tmp/$d")"
done

# A sweep: one row per run, grid order (first --grid slowest), then seed; same bytes with any -j.
grid=(--grid 'table.wcu=1000,4000' --grid 'workload.rate.rps=range(500,1500,500)' --seeds 2)
expect 0 "" -- "$bin" sweep "$hot" "${grid[@]}" "${short[@]}" -j 1 -o "$tmp/s1"
grep -q "12 runs" "$tmp/out" || bad "sweep does not say how many runs: $(cat "$tmp/out")"
[ -s "$tmp/err" ] && bad "sweep printed on a stderr that is not a terminal: $(cat "$tmp/err")"
expect 0 "" -- "$bin" sweep "$hot" "${grid[@]}" "${short[@]}" -j 3 -o "$tmp/s3" --quiet
[ -s "$tmp/out" ] && bad "sweep --quiet printed: $(cat "$tmp/out")"
expect 0 "" -- "$bin" sweep "$hot" "${grid[@]}" "${short[@]}" -o "$tmp/sdefault" -q
cmp -s "$tmp/s1/sweep.csv" "$tmp/s3/sweep.csv" || bad "sweep.csv differs between -j 1 and -j 3"
cmp -s "$tmp/s1/sweep.csv" "$tmp/sdefault/sweep.csv" || bad "sweep.csv differs between -j 1 and the default -j"
header='table.wcu,workload.rate.rps,seed,logical_requests,attempts,throttles,throttle_rate,throttle_rate_TableReadProvisionedThroughputExceeded,throttle_rate_TableReadKeyRangeThroughputExceeded,throttle_rate_TableReadAccountLimitExceeded,throttle_rate_TableReadMaxOnDemandThroughputExceeded,throttle_rate_TableWriteProvisionedThroughputExceeded,throttle_rate_TableWriteKeyRangeThroughputExceeded,throttle_rate_TableWriteAccountLimitExceeded,throttle_rate_TableWriteMaxOnDemandThroughputExceeded,throttle_rate_IndexReadProvisionedThroughputExceeded,throttle_rate_IndexReadKeyRangeThroughputExceeded,throttle_rate_IndexReadAccountLimitExceeded,throttle_rate_IndexReadMaxOnDemandThroughputExceeded,throttle_rate_IndexWriteProvisionedThroughputExceeded,throttle_rate_IndexWriteKeyRangeThroughputExceeded,throttle_rate_IndexWriteAccountLimitExceeded,throttle_rate_IndexWriteMaxOnDemandThroughputExceeded,failed,latency_p99_ms,hottest_partition_utilization,hottest_key,partitions,cost_provisioned_usd_month,cost_on_demand_usd_month'
[ "$(head -1 "$tmp/s1/sweep.csv")" = "$header" ] || bad "sweep.csv header: $(head -1 "$tmp/s1/sweep.csv")"
[ "$(wc -l <"$tmp/s1/sweep.csv")" = 13 ] || bad "sweep.csv has $(wc -l <"$tmp/s1/sweep.csv") lines, expected 13"
want_keys=$'1000,500,7\n1000,500,8\n1000,1000,7\n1000,1000,8\n1000,1500,7\n1000,1500,8\n4000,500,7\n4000,500,8\n4000,1000,7\n4000,1000,8\n4000,1500,7\n4000,1500,8'
[ "$(tail -n +2 "$tmp/s1/sweep.csv" | cut -d, -f1-3)" = "$want_keys" ] || bad "sweep rows out of order: $(cut -d, -f1-3 "$tmp/s1/sweep.csv")"
# The hot key at 1,500 WCU/s on a 4,000 WCU table: throttled by its partition's hard cap alone.
awk -F, 'NR > 1 && $1 == 4000 && $2 == 1500 && !($7 > 0.1 && $13 == $7) { exit 1 }' "$tmp/s1/sweep.csv" ||
    bad "the hot key at 1500 WCU/s is not throttled by key range: $(cat "$tmp/s1/sweep.csv")"
[ -e "$tmp/s1/runs" ] && bad "runs/ kept without --keep-runs"
ls -A "$tmp/s1" | grep -q partial && bad "partial file left after a sweep"

# --keep-runs: each row's run folder, runs/NN for the NN-th row.
expect 0 "" -- "$bin" sweep "$hot" "${grid[@]}" "${short[@]}" -o "$tmp/sk" --keep-runs -q
cmp -s "$tmp/s1/sweep.csv" "$tmp/sk/sweep.csv" || bad "sweep.csv differs with --keep-runs"
[ "$(ls "$tmp/sk/runs" | tr '\n' ' ')" = "01 02 03 04 05 06 07 08 09 10 11 12 " ] ||
    bad "runs/ holds: $(ls "$tmp/sk/runs")"
grep -q '"wcu":[[:space:]]*4000' "$tmp/sk/runs/12/summary.json" || bad "runs/12 is not the last row's run"
grep -q '"seed":[[:space:]]*8' "$tmp/sk/runs/12/summary.json" || bad "runs/12 does not have the last row's seed"

# JSON values with commas, and --seed setting the base of --seeds.
expect 0 "" -- "$bin" sweep "$hot" --grid 'workload.mix={"put":1},{"put":0.5,"get":0.5}' --seed 100 --seeds 2 "${short[@]}" -o "$tmp/sj" -q
for row in '"{""put"":1}",100,' '"{""put"":1}",101,' '"{""put"":0.5,""get"":0.5}",100,' '"{""put"":0.5,""get"":0.5}",101,'; do
    grep -qF -- "$row" "$tmp/sj/sweep.csv" || bad "sweep.csv has no row starting $row: $(cat "$tmp/sj/sweep.csv")"
done
[ "$(wc -l <"$tmp/sj/sweep.csv")" = 5 ] || bad "JSON grid values: $(cat "$tmp/sj/sweep.csv")"

# Progress on a terminal: runs done of total, elapsed, time left (needs script(1) for a tty).
if command -v script >/dev/null; then
    script -qec "'$bin' sweep '$hot' --grid table.wcu=1000,2000 ${short[*]} -j 1 -o '$tmp/sp'" /dev/null >"$tmp/tty" 2>&1
    grep -q "2/2 runs" "$tmp/tty" && grep -q "elapsed" "$tmp/tty" || bad "no progress on a terminal: $(cat -v "$tmp/tty")"
fi

# compare: the same workload under two key designs; sharding the hot key throttles less.
mkdir -p "$tmp/tmpdir"
TMPDIR=$tmp/tmpdir expect 0 "" -- "$bin" compare "$hot" --key 'SENSOR#42' --key 'SENSOR#42#{shard:10}' "${short[@]}"
[ -z "$(ls -A "$tmp/tmpdir")" ] || bad "compare left its temporary runs: $(ls -A "$tmp/tmpdir")"
grep -q "^throttle rate" "$tmp/out" && grep -q 'SENSOR#42#{shard:10}' "$tmp/out" || bad "compare table: $(cat "$tmp/out")"
expect 0 "" -- "$bin" compare "$hot" --key 'SENSOR#42' --key 'SENSOR#42#{shard:10}' "${short[@]}" -o "$tmp/c1"
csv=$tmp/c1/compare.csv
[ "$(head -1 "$csv")" = "design,key,throttle_rate,throttles_TableReadProvisionedThroughputExceeded,throttles_TableReadKeyRangeThroughputExceeded,throttles_TableReadAccountLimitExceeded,throttles_TableReadMaxOnDemandThroughputExceeded,throttles_TableWriteProvisionedThroughputExceeded,throttles_TableWriteKeyRangeThroughputExceeded,throttles_TableWriteAccountLimitExceeded,throttles_TableWriteMaxOnDemandThroughputExceeded,throttles_IndexReadProvisionedThroughputExceeded,throttles_IndexReadKeyRangeThroughputExceeded,throttles_IndexReadAccountLimitExceeded,throttles_IndexReadMaxOnDemandThroughputExceeded,throttles_IndexWriteProvisionedThroughputExceeded,throttles_IndexWriteKeyRangeThroughputExceeded,throttles_IndexWriteAccountLimitExceeded,throttles_IndexWriteMaxOnDemandThroughputExceeded,hottest_partition_utilization,hottest_key,hottest_key_utilization,partitions_used,partitions,latency_p99_ms,consumed_rcu_per_s,consumed_wcu_per_s,cost_provisioned_usd_month,cost_on_demand_usd_month,gsi,gsi_hottest_partition,gsi_hottest_partition_utilization,gsi_lag_p99_ms,gsi_backpressure_throttles" ] ||
    bad "compare.csv header: $(head -1 "$csv")"
[ "$(wc -l <"$csv")" = 3 ] || bad "compare.csv rows: $(cat "$csv")"
awk -F, 'NR == 2 { hot = $3; hot_used = $23; hot_key = $22 } NR == 3 { sharded = $3; used = $23 }
         END { exit !(hot > 0.3 && sharded < hot / 10 && hot_key > 1.5 && hot_used == 1 && used > 1) }' "$csv" ||
    bad "sharding the hot key does not throttle less and spread wider: $(cat "$csv")"
for n in 1 2; do [ -s "$tmp/c1/runs/$n/summary.json" ] || bad "compare -o kept no runs/$n"; done
# The designs run at once (-j): compare.csv the same bytes with one worker and with three.
"$bin" compare "$hot" --key 'SENSOR#42' --key 'SENSOR#42#{shard:10}' "${short[@]}" -j 1 -o "$tmp/cj1" >/dev/null 2>&1
"$bin" compare "$hot" --key 'SENSOR#42' --key 'SENSOR#42#{shard:10}' "${short[@]}" -j 3 -o "$tmp/cj3" >/dev/null 2>&1
cmp -s "$tmp/cj1/compare.csv" "$tmp/cj3/compare.csv" || bad "compare.csv differs between -j 1 and -j 3"
grep -q 'TableWriteKeyRangeThroughputExceeded' "$tmp/out" || bad "compare table shows no throttle reason: $(cat "$tmp/out")"
grep -q '1 of ' "$tmp/out" || bad "compare table shows no partitions used: $(cat "$tmp/out")"
grep -qE '^cost/month, provisioned +\$[0-9,]+ +\$[0-9,]+$' "$tmp/out" &&
    grep -qE '^cost/month, on-demand +\$[0-9,]+ +\$[0-9,]+$' "$tmp/out" || bad "compare table shows no costs: $(cat "$tmp/out")"
# The designs side by side in one plot: drawn when gnuplot is there, else named as the way to draw it.
if command -v gnuplot >/dev/null; then
    [ -s "$tmp/c1/compare.png" ] && [ -s "$tmp/c1/compare.svg" ] && grep -q 'compare.png' "$tmp/out" ||
        bad "compare -o drew no compare.png/.svg: $(ls "$tmp/c1")"
fi
nognuplot=$tmp/nognuplot; mkdir -p "$nognuplot" # a PATH without gnuplot
expect 0 "gnuplot not found.*compare.gp" -- env PATH="$nognuplot" "$bin" compare "$hot" --key 'SENSOR#42' "${short[@]}" -o "$tmp/c5"
[ -s "$tmp/c5/compare.csv" ] && [ ! -e "$tmp/c5/compare.png" ] || bad "compare without gnuplot: $(ls "$tmp/c5")"

# Each GSI has its rows: its hottest partition, its lag p99 and its back-pressure throttles, the
# figures of the design's own run (runs/N/summary.json); a design without it shows "-".
gsi=$src/scenarios/gsi-low-cardinality.json
expect 0 "" -- "$bin" compare "$gsi" "$hot" --set duration_s=10 -o "$tmp/c6"
grep -qE '^GSI byStatus: hottest partition \(peak of hard cap\) +[0-9.]+% \(#[0-9]+\) +-$' "$tmp/out" &&
    grep -qE '^  replication lag p99 +[0-9,.]+ ms +-$' "$tmp/out" &&
    grep -qE '^  base writes refused by back-pressure +[1-9][0-9,]* +-$' "$tmp/out" ||
    bad "compare table has no rows for GSI byStatus: $(cat "$tmp/out")"
summary_gsi() { sed -n "s/^\t\t\t\"$2\":\t\([0-9.]*\),\?$/\1/p" "$1"; }
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    NR == 2 { print $c["gsi"], $c["gsi_lag_p99_ms"], $c["gsi_backpressure_throttles"], $c["gsi_hottest_partition"] != "" }
    NR == 3 { print "[" $c["gsi"] "]" }' "$tmp/c6/compare.csv" | tr '\n' ' ')
lag=$(awk -v x="$(summary_gsi "$tmp/c6/runs/1/summary.json" lag_p99_ms)" 'BEGIN { printf "%.6f", x }' | sed 's/0*$//; s/\.$//')
want="byStatus $lag $(summary_gsi "$tmp/c6/runs/1/summary.json" backpressure_throttles) 1 [] "
[ "$got" = "$want" ] || bad "compare.csv's GSI columns '$got', expected '$want' (runs/1/summary.json)"

# Sharded reads: a random suffix is read on every shard (10x the read units), a calculated one on
# the one shard the reader computes (1x), so on-demand (what is consumed) costs more for the first.
reads=(--set 'workload.mix={"put":0.5,"get":0.5}' --set table.rcu=20000
       --set 'attributes={"reading":{"dist":"uniform","n":100000}}')
expect 0 "" -- "$bin" compare "$src/scenarios/write-sharding.json" --key 'SENSOR#42' --key 'SENSOR#42#{shard:10}' \
    --key 'SENSOR#42#{shard:10:reading}' "${reads[@]}" "${short[@]}" -o "$tmp/c7"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "cost_on_demand_usd_month") k = i }
         NR == 2 { one = $k } NR == 3 { random = $k } NR == 4 { calculated = $k }
         END { exit !(random > 1.5 * one && calculated < 1.01 * one && calculated > 0.99 * one) }' "$tmp/c7/compare.csv" ||
    bad "reads of a random suffix do not cost more than of a calculated one: $(cat "$tmp/c7/compare.csv")"
# ... and the table's consumed read capacity shows the shards: 10x for the random suffix (every
# get reads its item once and nine shards at the minimum unit, all 0.5 RCU here), 1x calculated.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "consumed_rcu_per_s") k = i }
         NR == 2 { one = $k } NR == 3 { random = $k } NR == 4 { calculated = $k }
         END { exit !(one > 0 && random > 9.9 * one && random < 10.1 * one && calculated == one) }' "$tmp/c7/compare.csv" ||
    bad "compare.csv's consumed_rcu_per_s is not 10x for 10 random shards, 1x calculated: $(cat "$tmp/c7/compare.csv")"
grep -qE '^consumed, average +[0-9,.]+ RCU/s +[0-9,.]+ RCU/s +[0-9,.]+ RCU/s$' "$tmp/out" ||
    bad "compare's table has no consumed RCU row: $(cat "$tmp/out")"

# The same with two files, and the same numbers.
expect 0 "" -- "$bin" compare "$hot" "$src/scenarios/write-sharding.json" "${short[@]}" -o "$tmp/c2"
[ "$(cut -d, -f2- "$tmp/c1/compare.csv")" = "$(cut -d, -f2- "$tmp/c2/compare.csv")" ] ||
    bad "compare of two files differs from compare --key: $(cat "$tmp/c2/compare.csv")"
sed 's/"seed": 7/"seed": 8/' "$src/scenarios/write-sharding.json" >"$tmp/seed8.json"
expect 0 "seeds differ" -- "$bin" compare "$hot" "$tmp/seed8.json" "${short[@]}"
# One --key: compared with the scenario's own key.
expect 0 "" -- "$bin" compare "$hot" --key 'SENSOR#42#{shard:4}' "${short[@]}"
grep -q '^design .*SENSOR#42 .*SENSOR#42#{shard:4}' "$tmp/out" || bad "one --key is not compared with the scenario's key: $(head -1 "$tmp/out")"

# A huge batch is weighed over all its runs: two runs of 6e9 requests each (neither huge alone)
# need --yes off a terminal, and nothing is written without it; with it they start.
huge=(--set 'workload.rate={"rps": 1e6}' --duration 6000)
expect 1 "ddbsim sweep: a huge sweep of 2 runs: about 1.2e\+10 requests .*give --yes to run it anyway" -- \
    "$bin" sweep "$hot" "${huge[@]}" --grid table.wcu=1000,2000 -o "$tmp/h1" </dev/null
expect 1 "ddbsim compare: a huge comparison of 2 runs: about 1.2e\+10 requests .*give --yes" -- \
    "$bin" compare "$hot" "${huge[@]}" --key 'SENSOR#42' --key 'SENSOR#42#{shard:2}' -o "$tmp/h2" </dev/null
for d in h1 h2; do [ -e "$tmp/$d" ] && bad "a refused huge batch wrote $d" || ok; done
# with --yes it goes on (stopped by SIGTERM once started: exit 143)
expect 143 "ddbsim sweep: a huge sweep of 2 runs: .*going on \(--yes\)" -- \
    timeout --preserve-status 3 "$bin" sweep "$hot" "${huge[@]}" --grid table.wcu=1000,2000 -o "$tmp/h3" --yes </dev/null
expect 143 "ddbsim compare: a huge comparison of 2 runs: .*going on \(--yes\)" -- \
    timeout --preserve-status 3 "$bin" compare "$hot" "${huge[@]}" --key 'SENSOR#42' --key 'B' -y </dev/null
# sweep's runs write no files without --keep-runs: only their requests count
expect 1 "a huge sweep of 2 runs: .* GB of CSV" -- "$bin" sweep "$hot" --duration 31536000 \
    --set output.interval_s=0.001 --set 'workload.rate={"rps": 1}' --grid table.wcu=1000,2000 --keep-runs -o "$tmp/h4" </dev/null
expect 143 "" -- timeout --preserve-status 3 "$bin" sweep "$hot" --duration 31536000 --set output.interval_s=0.001 \
    --set 'workload.rate={"rps": 1}' --grid table.wcu=1000,2000 -o "$tmp/h5" </dev/null
grep -q "huge" "$tmp/err" && bad "a sweep keeping no runs was weighed by their CSV: $(cat "$tmp/err")" || ok

expect 2 "nothing to compare" -- "$bin" compare "$hot"
expect 2 "--key takes one scenario" -- "$bin" compare "$hot" "$hot" --key 'A'
expect 2 "" -- "$bin" compare
expect 1 "table.key.pk" -- "$bin" compare "$hot" --key 'X#{nope}' --key 'Y' -o "$tmp/c3"
expect 1 "missing.json" -- "$bin" compare "$hot" "$tmp/missing.json" -o "$tmp/c4"
for d in c3 c4; do [ -e "$tmp/$d" ] && bad "$d: written after bad input"; done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
