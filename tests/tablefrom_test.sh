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
# Status, counts, ARNs, ids, timestamps, streams: no noise warnings.
[ ! -s "$tmp/err" ] && ok || bad "describe-table: expected no warnings: $(cat "$tmp/err")"
# A property that does bear on throughput but is not modelled is named, one line.
sed 's/"TableName": "Orders",/"TableName": "Orders", "Replicas": [{"RegionName": "eu-west-1"}],/' "$dt" >"$tmp/dt-replicas.json"
expect 0 "" -- "$bin" validate "$wl" --table-from "$tmp/dt-replicas.json"
err_has "warning: Table: not modelled, left out: Replicas"

# --set overrides the table it brings, before or after --table-from.
expect 0 "" -- "$bin" validate "$wl" --set table.wcu=2000 --table-from "$dt"
out_has '"wcu":	2000,'
out_has '"rcu":	4000,'
expect 0 "" -- "$bin" validate "$wl" --table-from="$dt" --set table.rcu=3000
out_has '"rcu":	3000,'

# CloudFormation, JSON and (with libyaml) YAML: the same table.
expect 0 "LocalSecondaryIndexes \(byOrderTotal\)" -- "$bin" validate "$wl" --table-from "$aws/table.json"
out_has '"rcu":	4000,'
[ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "table.json: expected the one INCLUDE warning: $(cat "$tmp/err")"
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

# CloudFormation auto scaling: ScalableTarget + target tracking ScalingPolicy, by Ref, Fn::Join,
# Fn::Sub or a literal ResourceId; the table's and an index's.
expect 0 "" -- "$bin" validate "$wl" --table-from "$aws/table-autoscaling.json"
flat() { tr -d '\n\t ' <"$tmp/out"; }
# flat_has WHAT PATTERN...: the last stdout, whitespace removed, holds every pattern.
flat_has() {
    local what=$1 p
    shift
    for p; do flat | grep -qF -- "$p" || { bad "$what: lacks $p: $(flat | head -c 1500)"; return; }; done
    ok
}
warnings_are() { [ "$(wc -l <"$tmp/err")" = "$1" ] && ok || bad "$2: expected $1 warning(s): $(cat "$tmp/err")"; }
flat_has table-autoscaling.json \
    '"autoscaling":{"target_utilization":0.7,"min_rcu":1000,"max_rcu":20000,"min_wcu":500,"max_wcu":10000,"alarm_lag_s":120,"update_s":180}' \
    '"name":"byStatus","pk":"{status}","sk":"{created_at}","rcu":100,"wcu":500,"autoscaling":{"target_utilization":0.7,"min_wcu":500,"max_wcu":10000,'
err_has "warning: Resources.StatusWritePolicy.Properties.TargetTrackingScalingPolicyConfiguration: not modelled, left out: ScaleInCooldown, ScaleOutCooldown"
warnings_are 1 table-autoscaling.json

# The same from YAML, ResourceIds written with the short forms !Sub, !Join and !Ref.
cat >"$tmp/as.yaml" <<'YAML'
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema:
        - AttributeName: order_id
          KeyType: HASH
      ProvisionedThroughput:
        ReadCapacityUnits: 100
        WriteCapacityUnits: 50
  WriteTarget:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ServiceNamespace: dynamodb
      ResourceId: !Sub table/${OrdersTable}
      ScalableDimension: dynamodb:table:WriteCapacityUnits
      MinCapacity: 50
      MaxCapacity: 900
  ReadTarget:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ServiceNamespace: dynamodb
      ResourceId: !Join ["/", ["table", !Ref OrdersTable]]
      ScalableDimension: dynamodb:table:ReadCapacityUnits
      MinCapacity: 100
      MaxCapacity: 1000
  WritePolicy:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyName: w
      PolicyType: TargetTrackingScaling
      ScalingTargetId: !Ref WriteTarget
      TargetTrackingScalingPolicyConfiguration:
        TargetValue: 60
  ReadPolicy:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyName: r
      PolicyType: TargetTrackingScaling
      ScalingTargetId: !Ref ReadTarget
      TargetTrackingScalingPolicyConfiguration:
        TargetValue: 60
YAML
"$bin" validate "$wl" --table-from "$tmp/as.yaml" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 0 ]; then
    flat_has as.yaml '"autoscaling":{"target_utilization":0.6,"min_rcu":100,"max_rcu":1000,"min_wcu":50,"max_wcu":900,'
elif [ $rc = 1 ] && grep -q 'install libyaml-dev' "$tmp/err"; then
    echo "note: built without libyaml; YAML is the one-line error"; ok
else
    bad "as.yaml: exit $rc: $(cat "$tmp/err")"
fi

# CDK's AWS::DynamoDB::GlobalTable: writes auto scaled from SeedCapacity, the first replica's reads.
expect 0 "" -- "$bin" validate "$wl" --table-from "$aws/global-table.json"
flat_has global-table.json '"rcu":4000,"wcu":1500,' '"max_rcu":20000,"min_wcu":500,"max_wcu":10000' \
    '"name":"byStatus","pk":"{status}","sk":"{created_at}","rcu":500,"wcu":100,"autoscaling":{"target_utilization":0.7,"min_wcu":100,"max_wcu":5000'
err_has "Replicas: 2 replicas; ddbsim simulates the first (us-east-1) alone"

# terraform show -json: the table (found by its name) and its write auto scaling; state's unset
# attributes and ARNs, ids, tags, streams are not warned about.
expect 0 "" -- "$bin" validate "$wl" --table-from "$aws/terraform-state.json"
flat_has terraform-state.json '"billing":"provisioned","table_class":"standard","rcu":4000,"wcu":1500,' \
    '"autoscaling":{"target_utilization":0.7,"min_wcu":1500,"max_wcu":10000,' \
    '"name":"byStatus","pk":"{status}","sk":"{created_at}","rcu":500,"wcu":500,"projection":"KEYS_ONLY"'
err_has "warning: WarmThroughput: modelled for on-demand tables only, left out"
warnings_are 1 terraform-state.json
expect 0 "" -- "$bin" validate "$wl" --table-from "$aws/terraform-state.json#aws_dynamodb_table.orders"
# A set attribute ddbsim does not model is named.
sed 's/"replica": \[\],/"replica": [{"region_name": "eu-west-1"}],/' "$aws/terraform-state.json" >"$tmp/tf-replica.json"
expect 0 "" -- "$bin" validate "$wl" --table-from "$tmp/tf-replica.json"
err_has "warning: aws_dynamodb_table.orders: not modelled, left out: replica"
# A plan instead of state is a one-line error.
printf '%s\n' '{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},"resource_changes":[]}' >"$tmp/plan.json"
expect 1 "plan.json: a Terraform plan \(planned_values, no values\), not state \(expected terraform show -json without a plan file\)" -- "$bin" validate "$wl" --table-from "$tmp/plan.json"
printf '%s\n' '{"format_version":"1.0","values":{"root_module":{"resources":[]}}}' >"$tmp/tf-empty.json"
expect 1 "tf-empty.json: values.root_module: no aws_dynamodb_table" -- "$bin" validate "$wl" --table-from "$tmp/tf-empty.json"

# NoSQL Workbench: a model with two tables needs FILE#NAME, and says which names it has.
expect 1 "workbench-model.json: DataModel: 2 tables \(orders, customers\): pick one as .*workbench-model.json#NAME" -- "$bin" validate "$wl" --table-from "$aws/workbench-model.json"
warnings_are 1 "workbench without a name (one error line)"
expect 0 "" -- "$bin" validate "$wl" --table-from "$aws/workbench-model.json#orders"
flat_has workbench-model.json#orders '"rcu":4000,"wcu":1500,' \
    '"autoscaling":{"target_utilization":0.7,"min_rcu":1000,"max_rcu":20000,"min_wcu":500,"max_wcu":10000,'
err_has "warning: DataModel[0].GlobalSecondaryIndexes (byStatus): no capacity of its own in the model; the table's taken"
expect 0 "" -- "$bin" validate "$wl" --table-from "$aws/workbench-model.json#customers"
flat_has workbench-model.json#customers '"billing":"on_demand",'
expect 1 "workbench-model.json: DataModel: no table \"nope\" \(expected one of: orders, customers\)" -- "$bin" validate "$wl" --table-from "$aws/workbench-model.json#nope"
printf '%s\n' '{"ModelName":"empty","ModelMetadata":{},"DataModel":[]}' >"$tmp/wb-empty.json"
expect 1 "wb-empty.json: DataModel: no table \(expected a NoSQL Workbench model with at least one table\)" -- "$bin" validate "$wl" --table-from "$tmp/wb-empty.json"

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
expect 1 "two.json: Resources: 2 tables \(A, B\): pick one as .*two.json#NAME" -- "$bin" validate "$wl" --table-from "$tmp/two.json"
printf '%s\n' '{"Table":{"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"ProvisionedThroughput":{"ReadCapacityUnits":-5,"WriteCapacityUnits":5}}}' >"$tmp/neg.json"
expect 1 "neg.json: Table.ProvisionedThroughput.ReadCapacityUnits: not a capacity \(got -5" -- "$bin" validate "$wl" --table-from "$tmp/neg.json"
# A key attribute the workload does not define: the scenario loader says so.
printf '%s\n' '{"Table":{"KeySchema":[{"AttributeName":"customer","KeyType":"HASH"}],"ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}}}' >"$tmp/cust.json"
expect 1 "customer" -- "$bin" validate "$wl" --table-from "$tmp/cust.json"
expect 2 "needs a value" -- "$bin" validate "$wl" --table-from

echo "tablefrom tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
