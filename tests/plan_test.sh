#!/usr/bin/env bash
# ddbsim plan, end to end: exit statuses, one-line errors, the verdicts in words, plan.csv.
# usage: plan_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
strict_one_line=1 # usage errors too are one line
source "$(dirname "$0")/lib.sh"
# stdout_has PATTERN: the last command's stdout matches
stdout_has() { if grep -qE -- "$1" "$tmp/out"; then ok; else bad "stdout does not match /$1/: $(cat "$tmp/out")"; fi; }

hot=$src/scenarios/hot-key.json
uni=$src/scenarios/uniform-overload.json

# Usage: exit 2.
expect 0 "" -- "$bin" plan --help
stdout_has "--max-throttle-rate RATE"
expect 0 "" -- "$bin" --help
stdout_has "plan SCENARIO.json"
expect 2 "" -- "$bin" plan
expect 2 "--max-throttle-rate RATE is required" -- "$bin" plan "$hot"
expect 2 "--max-throttle-rate: expected a fraction" -- "$bin" plan "$hot" --max-throttle-rate 1.5
expect 2 "--max-throttle-rate: expected a fraction" -- "$bin" plan "$hot" --max-throttle-rate abc
expect 2 "--max-throttle-rate: expected a fraction" -- "$bin" plan "$hot" --max-throttle-rate -0.1
expect 2 "needs a value" -- "$bin" plan "$hot" --max-throttle-rate
expect 2 "--for: expected wcu, rcu or both" -- "$bin" plan "$hot" --max-throttle-rate 0.001 --for iops
expect 2 "--seeds: expected" -- "$bin" plan "$hot" --max-throttle-rate 0.001 --seeds 0
# A huge plan, weighed on its fewest runs (seeds x (capacities searched + on-demand)): 2 x 6e9
# requests need --yes off a terminal, and nothing is written without it.
expect 1 "ddbsim plan: a huge plan of at least 2 runs: about 1.2e\+10 requests .*give --yes" -- \
    "$bin" plan "$hot" --set 'workload.rate={"rps": 1e6}' --duration 6000 --max-throttle-rate 0.01 \
    --seeds 1 --for wcu -o "$tmp/huge" </dev/null
[ -e "$tmp/huge" ] && bad "a refused huge plan wrote its folder" || ok
# with --yes it goes on (stopped by SIGTERM once started: exit 143)
expect 143 "" -- timeout --preserve-status 3 "$bin" plan "$hot" --set 'workload.rate={"rps": 1e6}' \
    --duration 6000 --max-throttle-rate 0.01 --seeds 1 --for wcu --yes --quiet </dev/null
grep -qE "ddbsim plan: a huge plan of at least 2 runs: .*going on \(--yes\)" "$tmp/err" && ok ||
    bad "plan --yes did not go on: $(cat "$tmp/err")"
expect 2 "-j: expected" -- "$bin" plan "$hot" --max-throttle-rate 0.001 -j 0
expect 2 "unknown option" -- "$bin" plan "$hot" --max-throttle-rate 0.001 --bogus

# Bad input: exit 1, one line, nothing written.
expect 1 "missing.json" -- "$bin" plan "$tmp/missing.json" --max-throttle-rate 0.001 -o "$tmp/b1"
expect 1 "table.wcu: out of range" -- "$bin" plan "$hot" --max-throttle-rate 0.001 --set table.wcu=0 -o "$tmp/b2"
[ -e "$tmp/b1/plan.csv" ] || [ -e "$tmp/b2/plan.csv" ] && bad "bad input wrote plan.csv"

# The hot key: capacity cannot help, said in words, found at once.
expect 0 "" -- "$bin" plan "$hot" --max-throttle-rate 0.001 --for wcu --set duration_s=5 -o "$tmp/hot" -q
stdout_has "^No amount of capacity fixes key SENSOR#42: it needs 1,9[0-9]{2} WCU/s, a partition allows 1,000 — shard it"
stdout_has "searching stopped after 1 candidate\)"
# The on-demand verdict: a new on-demand table does not lift a partition's hard cap either.
stdout_has "^On demand \\(a new table, serving 4,000 writes/s and 12,000 reads/s at once, then up to double its previous peak\\): write throttle rate max [3-5][0-9.]*%, mean [0-9.]+% over 3 seeds — over the target, writes mostly at a partition's hard cap, which on-demand does not lift: shard the hot key; about [$][0-9,]+/month for this load\\.$"
if [ "$(wc -l <"$tmp/hot/plan.csv")" = 4 ] && head -1 "$tmp/hot/plan.csv" | grep -qx "dimension,capacity,seed,throttle_rate,verdict,cost_provisioned_usd_month,cost_on_demand_usd_month" &&
   grep -qx "wcu,10000,7,[0-9.]*,fail,[0-9.]*,[0-9.]*" "$tmp/hot/plan.csv"; then ok; else bad "hot-key plan.csv: $(cat "$tmp/hot/plan.csv")"; fi

# The uniform overload: about the offered 2,000 WCU, and no reads to provision for.
expect 0 "" -- "$bin" plan "$uni" --max-throttle-rate 0.001 --set duration_s=20 --seeds 2 -j 2 -o "$tmp/uni"
stdout_has "^Provision 2,0[0-4][0-9] WCU"
stdout_has "over 2 seeds; target 0.1%\); less is under the sustained demand, which throttles once a new table's start-up credit is spent\.$"
stdout_has "^  Sustained demand: 2,0[0-4][0-9] WCU/s asked by the application \(first attempts: [0-9,]+ requests, [0-9,]+ attempts with retries, over the seeds\); no answer is below it plus 3 standard errors, 2,0[0-9]{2} WCU"
# 20 s runs: one second of 2,000 WCU is 5% of a run's demand, over the 0.1% target.
stdout_has "^  Warning: each run lasts 20 s, and the one second of capacity a new table starts with could hide up to 5\.[0-9]+% throttling in it, more than the target: for this answer to hold, run --duration 10[0-9]{2} or more\.$"
stdout_has '^  Estimated cost: \$[0-9,]+/month provisioned at that capacity; the same load on demand, \$[0-9,]+/month'
stdout_has "^Provision 1 RCU, the minimum: the workload makes no reads"
stdout_has '^On demand \(a new table.*\): write throttle rate max 0%, mean 0% over 2 seeds — within the target; about \$[0-9,]+/month for this load\.$'
grep -qE "1,000 WCU: throttle rate max .* over the target" "$tmp/err" && ok || bad "no progress on stderr: $(cat "$tmp/err")"
if grep -q "^wcu,1000,11," "$tmp/uni/plan.csv" && grep -q "^wcu,1000,12," "$tmp/uni/plan.csv" &&
   grep -q ",pass," "$tmp/uni/plan.csv" && grep -q "^rcu,1,11,0,pass," "$tmp/uni/plan.csv"; then ok; else bad "uniform plan.csv: $(cat "$tmp/uni/plan.csv")"; fi
# The same plan.csv whatever -j.
"$bin" plan "$uni" --max-throttle-rate 0.001 --set duration_s=20 --seeds 2 -j 1 -o "$tmp/uni1" -q >/dev/null 2>&1
cmp -s "$tmp/uni/plan.csv" "$tmp/uni1/plan.csv" && ok || bad "plan.csv differs with -j 1"
# More workers than seeds: the runs of the candidates the search tries next are made ahead,
# bracketing and bisecting; what it prints and plan.csv stay the same bytes.
heat=(plan "$src/scenarios/split-for-heat.json" --max-throttle-rate 0.001 --for wcu --duration 20 --seeds 1 -q)
"$bin" "${heat[@]}" -j 1 -o "$tmp/heat1" >"$tmp/heat1.out" 2>&1 || bad "split-for-heat plan -j 1 exited $?"
"$bin" "${heat[@]}" -j 3 -o "$tmp/heat3" >"$tmp/heat3.out" 2>&1 || bad "split-for-heat plan -j 3 exited $?"
[ "$(wc -l <"$tmp/heat1/plan.csv")" -ge 7 ] && ok || bad "split-for-heat: fewer candidates than expected: $(cat "$tmp/heat1/plan.csv")"
cmp -s "$tmp/heat1/plan.csv" "$tmp/heat3/plan.csv" && ok || bad "plan.csv differs with -j 3 (looking ahead)"
sed "s|$tmp/heat[13]|OUT|" "$tmp/heat1.out" >"$tmp/heat1.said"
sed "s|$tmp/heat[13]|OUT|" "$tmp/heat3.out" >"$tmp/heat3.said"
cmp -s "$tmp/heat1.said" "$tmp/heat3.said" && ok || bad "plan's words differ with -j 3: $(diff "$tmp/heat1.said" "$tmp/heat3.said")"
# An on-demand scenario: provisioned capacity searched from its warm throughput, and its own
# table's verdict: the spike to 3x the previous peak throttles while the capacity grows.
expect 0 "" -- "$bin" plan "$src/scenarios/on-demand-spike.json" --max-throttle-rate 0.001 --for wcu --seeds 1 -q
stdout_has "^The scenario's table is on-demand: provisioned capacity is searched from its warm throughput\\.$"
stdout_has "^Provision [0-9,]+ WCU"
stdout_has "^On demand \\(the scenario's table, serving 1,000 writes/s .*: write throttle rate max [0-9.]+%.* — over the target, writes mostly while its capacity grew .*table.warm_throughput"

# GSIs follow the billing both ways: an on-demand scenario's indexes are provisioned at their warm
# throughput for the search, a provisioned one's lose their capacity and auto scaling for the
# on-demand verdict (a scenario that kept them would be refused).
od_gsi='table.gsi=[{"name": "byDevice", "pk": "D#{device}", "warm_throughput": {"read_units_per_s": 100, "write_units_per_s": 2000}}]'
expect 0 "" -- "$bin" plan "$src/scenarios/on-demand-spike.json" --max-throttle-rate 0.01 --for wcu --seeds 1 -j 1 --duration 20 --set "$od_gsi" -q
stdout_has "^Provision [0-9,]+ WCU"
stdout_has "^On demand \\(the scenario's table"
expect 0 "" -- "$bin" plan "$src/scenarios/gsi-underprovisioned.json" --max-throttle-rate 0.01 --for wcu --seeds 1 -j 1 --duration 20 --set 'table.gsi[0].autoscaling={"max_wcu": 5000}' -q
stdout_has "^On demand \\(a new table.*: write throttle rate max 0%"

# An on-demand table that serves more at once than the default quotas allow to provision (a
# warm throughput of 50,000 reads/s; seven indexes at a new table's 12,000): its provisioned
# search starts there, the quotas raised to hold it, not refused.
expect 0 "" -- "$bin" plan "$src/scenarios/on-demand-spike.json" --max-throttle-rate 0.01 --for rcu --seeds 1 -j 1 --duration 20 --set 'table.warm_throughput={"read_units_per_s": 50000, "write_units_per_s": 4000}' -q
stdout_has "^Provision [0-9,]+ RCU"
seven='table.gsi=['
for i in 1 2 3 4 5 6 7; do seven="$seven{\"name\": \"byDevice$i\", \"pk\": \"D#{device}\"}"; [ $i = 7 ] || seven="$seven, "; done
expect 0 "" -- "$bin" plan "$src/scenarios/on-demand-spike.json" --max-throttle-rate 0.01 --for rcu --seeds 1 -j 1 --duration 20 --set "$seven]" -q
stdout_has "^Provision [0-9,]+ RCU"

# An index with projected_bytes: the resolved scenario the plan runs parses again.
expect 0 "" -- "$bin" plan "$src/scenarios/gsi-healthy.json" --max-throttle-rate 0.01 --for wcu --seeds 1 -j 1 --duration 10 -q
stdout_has "^Provision [0-9,]+ WCU"

echo "plan_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
