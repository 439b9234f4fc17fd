#!/usr/bin/env bash
# --table-from, end to end: a describe-table output and CloudFormation templates fill the
# scenario's table (validate shows it), warnings name what was left out, --set still overrides,
# and bad files are one-line errors with exit status 1.
# usage: tablefrom_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"
# out_has PATTERN: the last command's stdout matches (fixed string).
out_has() { if grep -qF -- "$1" "$tmp/out"; then ok; else bad "stdout lacks '$1': $(head -c 600 "$tmp/out")"; fi; }
err_has() { if grep -qF -- "$1" "$tmp/err"; then ok; else bad "stderr lacks '$1': $(cat "$tmp/err")"; fi; }

aws=$src/scenarios/aws
wl=$aws/workload.json
dt=$aws/describe-table.json

# The workload alone is valid (its placeholder table).
expect 0 "" -- "$bin" validate "$wl"
out_has '"rcu":	1,'

# describe-table output.
expect 0 "" -- "$bin" validate "$wl" --table-from "$dt"
out_has '"rcu":	4000,'
out_has '"wcu":	1500,'
out_has '"size_gb":	25,'
out_has '"pk":	"{order_id}",'
out_has '"sk":	"{created_at}"'
out_has '"pk":	"{status}",'
out_has '"size_gb":	1.75'   # the GSI's IndexSizeBytes
err_has "ddbsim: $dt: warning: GlobalSecondaryIndexes (byStatus): not modelled, left out: IndexStatus, ItemCount, IndexArn"
err_has "ddbsim: $dt: warning: Table: not modelled, left out: TableStatus, CreationDateTime, ItemCount, TableArn, TableId, StreamSpecification, LatestStreamLabel, LatestStreamArn, DeletionProtectionEnabled"
[ "$(wc -l <"$tmp/err")" = 2 ] && ok || bad "describe-table: expected 2 warning lines: $(cat "$tmp/err")"

# --set overrides the table it brings, before or after --table-from.
expect 0 "" -- "$bin" validate "$wl" --set table.wcu=2000 --table-from "$dt"
out_has '"wcu":	2000,'
out_has '"rcu":	4000,'
expect 0 "" -- "$bin" validate "$wl" --table-from="$dt" --set table.rcu=3000
out_has '"rcu":	3000,'

# CloudFormation, JSON and (with libyaml) YAML: the same table.
expect 0 "LocalSecondaryIndexes \(byOrderTotal\)" -- "$bin" validate "$wl" --table-from "$aws/table.json"
out_has '"rcu":	4000,'
err_has "warning: Resources.OrdersTable.Properties: not modelled, left out: StreamSpecification, SSESpecification, TimeToLiveSpecification, Tags"
cp "$tmp/out" "$tmp/from-json"
"$bin" validate "$wl" --table-from "$aws/table.yaml" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 0 ]; then
    cmp -s "$tmp/out" "$tmp/from-json" && ok || bad "table.yaml and table.json give different scenarios"
elif [ $rc = 1 ] && grep -q 'install libyaml-dev' "$tmp/err"; then
    echo "note: built without libyaml; YAML is the one-line error"; ok
else
    bad "table.yaml: exit $rc: $(cat "$tmp/err")"
fi

# The run command takes it too.
expect 0 "" -- "$bin" run "$wl" --table-from "$dt" --duration 2 -o "$tmp/run" --quiet

# On demand: converted to billing on_demand with a new table's warm throughput.
printf '%s\n' '{"Table":{"KeySchema":[{"AttributeName":"order_id","KeyType":"HASH"}],"BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"}}}' >"$tmp/od.json"
expect 0 "" -- "$bin" validate "$wl" --table-from "$tmp/od.json"
grep -q '"billing":[[:space:]]*"on_demand"' "$tmp/out" && grep -q '"write_units_per_s":[[:space:]]*4000' "$tmp/out" ||
    bad "on-demand table not resolved with its warm throughput: $(head -c 600 "$tmp/out")"
# Its maximum (-1: none) and warm throughput are read; on a provisioned table they are named and left out.
printf '%s\n' '{"Table":{"KeySchema":[{"AttributeName":"order_id","KeyType":"HASH"}],"BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},"OnDemandThroughput":{"MaxReadRequestUnits":-1,"MaxWriteRequestUnits":5000},"WarmThroughput":{"ReadUnitsPerSecond":20000,"WriteUnitsPerSecond":8000,"Status":"ACTIVE"}}}' >"$tmp/od2.json"
expect 0 "" -- "$bin" validate "$wl" --table-from "$tmp/od2.json"
grep -q '"max_wcu":[[:space:]]*5000' "$tmp/out" && ! grep -q '"max_rcu"' "$tmp/out" &&
    grep -q '"read_units_per_s":[[:space:]]*20000' "$tmp/out" ||
    bad "on-demand limits not converted: $(head -c 800 "$tmp/out")"
# Its GSIs are on-demand with it: no capacity of their own, a new index's warm throughput.
printf '%s\n' '{"Table":{"KeySchema":[{"AttributeName":"order_id","KeyType":"HASH"}],"BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},"GlobalSecondaryIndexes":[{"IndexName":"byStatus","KeySchema":[{"AttributeName":"status","KeyType":"HASH"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]}}' >"$tmp/odg.json"
expect 0 "" -- "$bin" validate "$wl" --table-from "$tmp/odg.json"
tr -d '\n\t ' <"$tmp/out" | grep -q '"name":"byStatus","pk":"{status}","warm_throughput":{"read_units_per_s":12000,"write_units_per_s":4000},"projection":"KEYS_ONLY",' ||
    bad "on-demand GSI not resolved with its warm throughput: $(head -c 1200 "$tmp/out")"
printf '%s\n' '{"Table":{"KeySchema":[{"AttributeName":"order_id","KeyType":"HASH"}],"BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},"OnDemandThroughput":{"MaxWriteRequestUnits":0}}}' >"$tmp/od3.json"
expect 1 "od3.json: Table.OnDemandThroughput.MaxWriteRequestUnits: not a rate \(got 0, expected a whole number 1 .. 1000000, or -1 for none\)" -- "$bin" validate "$wl" --table-from "$tmp/od3.json"

# Errors: one line naming the file (and the field), exit 1.
expect 1 "nope.json: cannot read \(No such file" -- "$bin" validate "$wl" --table-from "$tmp/nope.json"
expect 1 "$wl: not describe-table output" -- "$bin" validate "$wl" --table-from "$wl"
printf '%s\n' '{"Resources":{"A":{"Type":"AWS::DynamoDB::Table"},"B":{"Type":"AWS::DynamoDB::Table"}}}' >"$tmp/two.json"
expect 1 "two.json: Resources: 2 AWS::DynamoDB::Table resources \(A, B\)" -- "$bin" validate "$wl" --table-from "$tmp/two.json"
printf '%s\n' '{"Table":{"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"ProvisionedThroughput":{"ReadCapacityUnits":-5,"WriteCapacityUnits":5}}}' >"$tmp/neg.json"
expect 1 "neg.json: Table.ProvisionedThroughput.ReadCapacityUnits: not a capacity \(got -5" -- "$bin" validate "$wl" --table-from "$tmp/neg.json"
# A key attribute the workload does not define: the scenario loader says so.
printf '%s\n' '{"Table":{"KeySchema":[{"AttributeName":"customer","KeyType":"HASH"}],"ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}}}' >"$tmp/cust.json"
expect 1 "customer" -- "$bin" validate "$wl" --table-from "$tmp/cust.json"
expect 2 "needs a value" -- "$bin" validate "$wl" --table-from

echo "tablefrom tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
