#!/usr/bin/env bash
# YCSB workload files, end to end: `ddbsim run --ycsb FILE TABLE.json` runs a YCSB core workload
# on a table-only scenario (the key "user" + YCSB's hashed record number, the rate from target,
# the duration from operationcount / target); unknown properties are warnings on stderr, the run
# still succeeds; a bad property is one error naming its line, exit 1.
# usage: ycsb_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"

echo '{"table": {"rcu": 3000, "wcu": 1000}}' >"$tmp/table.json"
{ cat "$src/workloads/ycsb/workloada"; printf 'target=500\noperationcount=10000\n'; } >"$tmp/wla"
expect 0 "" -- "$bin" run "$tmp/table.json" --ycsb "$tmp/wla" -o "$tmp/a"
[ -s "$tmp/err" ] && bad "warnings for a clean workload file: $(cat "$tmp/err")" || ok
grep -q '"duration_s":[[:space:]]*20,' "$tmp/a/summary.json" && ok || bad "duration is not operationcount / target"
grep -q '"pk":[[:space:]]*"user{ycsb_key}"' "$tmp/a/summary.json" && ok || bad "no YCSB key"
# keys are "user" + a hashed record number: 19 digits at most, not 0..999
awk -F, 'NR > 1 && $4 !~ /^user[0-9]+$/ { bad = 1 } NR > 1 && length($4) < 10 { short++ }
         END { exit bad || short > 2 }' "$tmp/a/keys.csv" && ok || bad "keys.csv keys are not hashed YCSB keys: $(head -3 "$tmp/a/keys.csv")"

printf 'recordcount=100\nreadproportion=1\nupdateproportion=0\nmeasurementtype=raw\ntarget=100\n' >"$tmp/wlx"
expect 0 "ddbsim: warning: .*wlx:4: measurementtype: unknown property, ignored" -- \
    "$bin" run "$tmp/table.json" --ycsb "$tmp/wlx" -o "$tmp/x" --quiet
expect 0 "measurementtype" -- "$bin" validate "$tmp/table.json" --ycsb "$tmp/wlx"

printf 'recordcount=100\nrequestdistribution=pareto\n' >"$tmp/wlbad"
expect 1 "table.json: workload.ycsb: .*wlbad:2: requestdistribution: bad value \(got \"pareto\"" -- \
    "$bin" run "$tmp/table.json" --ycsb "$tmp/wlbad" -o "$tmp/bad"
[ -e "$tmp/bad" ] && bad "a refused run made its output folder" || ok
# without target, the scenario must give the rate
expect 1 "workload.rate: missing" -- "$bin" validate "$tmp/table.json" --ycsb "$src/workloads/ycsb/workloadc"
expect 0 "" -- "$bin" validate "$tmp/table.json" --ycsb "$src/workloads/ycsb/workloadc" --set 'workload.rate={"rps":10}'

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
