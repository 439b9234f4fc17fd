/* tablefrom formats: auto scaling from CloudFormation (by Ref, Fn::Join, Fn::Sub), CDK's
 * GlobalTable, terraform show -json and NoSQL Workbench models into the scenario's `table`;
 * FILE#NAME among several tables; the one-line errors of bad files. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "sim/scenario/tablefrom.h"
#include "tests/testlib.h"

/* text converted (pick: FILE#NAME's NAME) into the compact table JSON want, with n warnings. */
static void expect_table(const char *text, const char *pick, const char *want, size_t n_warnings)
{
    ddb_tablefrom t;
    char err[1024];
    if (ddb_tablefrom_parse_pick(&t, text, strlen(text), "m.json", pick, err, sizeof err) != 0)
        fail_msg("%s", err);
    char *got = cJSON_PrintUnformatted(t.table);
    if (strcmp(got, want) != 0)
        fail_msg("got %s\nexpected %s", got, want);
    cJSON_free(got);
    for (size_t i = 0; i < t.n_warnings; i++)
        print_message("warning: %s\n", t.warnings[i]);
    assert_int_equal(t.n_warnings, n_warnings);
    ddb_tablefrom_destroy(&t);
}

static void expect_error(const char *text, const char *pick, const char *want)
{
    ddb_tablefrom t;
    char err[1024];
    assert_int_equal(ddb_tablefrom_parse_pick(&t, text, strlen(text), "m.json", pick, err,
                                              sizeof err), -1);
    assert_null(t.table);
    if (strcmp(err, want) != 0)
        fail_msg("got      %s\nexpected %s", err, want);
    assert_null(strchr(err, '\n'));
}

#define CFN_TABLE(id, name)                                                                     \
    "\"" id "\":{\"Type\":\"AWS::DynamoDB::Table\",\"Properties\":{" name                       \
    "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"                         \
    "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":10,\"WriteCapacityUnits\":5}}}"
#define TARGET(id, rid, dim, lo, hi)                                                             \
    "\"" id "\":{\"Type\":\"AWS::ApplicationAutoScaling::ScalableTarget\",\"Properties\":{"    \
    "\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":" rid ",\"ScalableDimension\":"          \
    "\"dynamodb:table:" dim "CapacityUnits\",\"MinCapacity\":" lo ",\"MaxCapacity\":" hi "}}"
#define POLICY(id, target, pct)                                                                 \
    "\"" id "\":{\"Type\":\"AWS::ApplicationAutoScaling::ScalingPolicy\",\"Properties\":{"     \
    "\"PolicyType\":\"TargetTrackingScaling\",\"ScalingTargetId\":{\"Ref\":\"" target "\"},"   \
    "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":" pct "}}}"

static void test_cfn_scaling(void **state)
{
    (void)state;
    /* Targets found by Fn::Join over a Ref (the logical id: no TableName) and Fn::Sub. */
    expect_table("{\"Resources\":{" CFN_TABLE("T", "") ","
                 TARGET("R", "{\"Fn::Join\":[\"/\",[\"table\",{\"Ref\":\"T\"}]]}", "Read", "5", "50")
                 "," POLICY("RP", "R", "50") ","
                 TARGET("W", "{\"Fn::Sub\":\"table/${T}\"}", "Write", "\"5\"", "\"40\"") ","
                 POLICY("WP", "W", "50") "}}", NULL,
                 "{\"billing\":\"provisioned\",\"rcu\":10,\"wcu\":5,\"key\":{\"pk\":\"{id}\"},"
                 "\"autoscaling\":{\"target_utilization\":0.5,\"min_rcu\":5,\"max_rcu\":50,"
                 "\"min_wcu\":5,\"max_wcu\":40}}", 0);
    /* Another table's target is not this one's; a target without a policy is named. */
    expect_table("{\"Resources\":{" CFN_TABLE("T", "\"TableName\":\"t1\",") ","
                 TARGET("R", "\"table/other\"", "Read", "5", "50") "," POLICY("RP", "R", "50") ","
                 TARGET("W", "\"table/t1\"", "Write", "5", "40") "}}", NULL,
                 "{\"billing\":\"provisioned\",\"rcu\":10,\"wcu\":5,\"key\":{\"pk\":\"{id}\"}}", 1);
    /* Read and write targets that differ: the first kept, the difference named. */
    expect_table("{\"Resources\":{" CFN_TABLE("T", "") ","
                 TARGET("R", "\"table/T\"", "Read", "5", "50") "," POLICY("RP", "R", "50") ","
                 TARGET("W", "\"table/T\"", "Write", "5", "40") "," POLICY("WP", "W", "80") "}}",
                 NULL, "{\"billing\":\"provisioned\",\"rcu\":10,\"wcu\":5,\"key\":{\"pk\":\"{id}\"},"
                 "\"autoscaling\":{\"target_utilization\":0.5,\"min_rcu\":5,\"max_rcu\":50,"
                 "\"min_wcu\":5,\"max_wcu\":40}}", 1);
    expect_error("{\"Resources\":{" CFN_TABLE("T", "") ","
                 TARGET("R", "\"table/T\"", "Read", "5", "50") "," POLICY("RP", "R", "95") "}}",
                 NULL, "m.json: Resources.RP.Properties.TargetTrackingScalingPolicyConfiguration."
                 "TargetValue: not a target utilization (got 95, expected 20 .. 90 percent)");
    expect_error("{\"Resources\":{" CFN_TABLE("T", "") ","
                 TARGET("R", "\"table/T\"", "Read", "60", "50") "," POLICY("RP", "R", "70") "}}",
                 NULL, "m.json: Resources.R.Properties.MinCapacity: above MaxCapacity (got 60, "
                 "expected at most 50)");
}

static void test_pick(void **state)
{
    (void)state;
    const char *two = "{\"Resources\":{" CFN_TABLE("A", "") "," CFN_TABLE("B", "\"TableName\":\"bee\",") "}}";
    expect_error(two, NULL, "m.json: Resources: 2 tables (A, B): pick one as m.json#NAME");
    expect_error(two, "C", "m.json: Resources: no table \"C\" (expected one of: A, B)");
    const char *want = "{\"billing\":\"provisioned\",\"rcu\":10,\"wcu\":5,\"key\":{\"pk\":\"{id}\"}}";
    expect_table(two, "A", want, 0);
    expect_table(two, "bee", want, 0); /* by TableName too */
    expect_error("{\"Table\":{\"TableName\":\"x\"}}", "y",
                 "m.json: Table.TableName: no table \"y\" (expected one of: x)");
}

static void test_global_table(void **state)
{
    (void)state;
    static const char gt[] =
        "{\"Resources\":{\"G\":{\"Type\":\"AWS::DynamoDB::GlobalTable\",\"Properties\":{"
        "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
        "\"BillingMode\":\"PAY_PER_REQUEST\",\"WriteOnDemandThroughputSettings\":"
        "{\"MaxWriteRequestUnits\":300},\"Replicas\":[{\"Region\":\"us-east-1\","
        "\"ReadOnDemandThroughputSettings\":{\"MaxReadRequestUnits\":900},\"Oddity\":1}]}}}}";
    expect_table(gt, NULL, "{\"billing\":\"on_demand\",\"max_rcu\":900,\"max_wcu\":300,"
                           "\"key\":{\"pk\":\"{id}\"}}", 1); /* Oddity: warned */
    expect_error("{\"Resources\":{\"G\":{\"Type\":\"AWS::DynamoDB::GlobalTable\",\"Properties\":{"
                 "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]}}}}", NULL,
                 "m.json: Resources.G.Properties.Replicas: missing or empty (expected at least "
                 "one replica)");
    expect_error("{\"Resources\":{\"G\":{\"Type\":\"AWS::DynamoDB::GlobalTable\",\"Properties\":{"
                 "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],\"BillingMode\":"
                 "\"PROVISIONED\",\"Replicas\":[{\"Region\":\"us-east-1\"}]}}}}", NULL,
                 "m.json: Resources.G.Properties.WriteProvisionedThroughputSettings: missing "
                 "(expected WriteCapacityAutoScalingSettings: a provisioned global table's writes "
                 "are auto scaled)");
}

static void test_samples(void **state)
{
    (void)state;
    static const char *const files[] = {"table-autoscaling.json", "global-table.json",
                                        "terraform-state.json", "workbench-model.json#orders",
                                        "workbench-model.json#customers"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[600];
        snprintf(path, sizeof path, "scenarios/aws/%s", files[i]);
        ddb_tablefrom t;
        char err[1024];
        if (ddb_tablefrom_load(&t, ddb_test_source_path(path), err, sizeof err) != 0)
            fail_msg("%s", err);
        assert_non_null(cJSON_GetObjectItem(t.table, "key"));
        ddb_tablefrom_destroy(&t);
    }
}

static void test_terraform_and_workbench(void **state)
{
    (void)state;
    /* Terraform: unset attributes (null, "", [], 0, false) are not warned; set ones are. */
    expect_table("{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"child_modules\":[{"
                 "\"resources\":[{\"address\":\"module.m.aws_dynamodb_table.t\",\"mode\":\"managed\","
                 "\"type\":\"aws_dynamodb_table\",\"values\":{\"name\":\"t\",\"billing_mode\":"
                 "\"PAY_PER_REQUEST\",\"hash_key\":\"id\",\"range_key\":null,\"read_capacity\":0,"
                 "\"replica\":[],\"stream_enabled\":false,\"restore_date_time\":\"\","
                 "\"on_demand_throughput\":[{\"max_read_request_units\":0,"
                 "\"max_write_request_units\":70}],\"import_table\":[{\"input_format\":\"CSV\"}]}}]}]}}}",
                 NULL, "{\"billing\":\"on_demand\",\"max_wcu\":70,\"key\":{\"pk\":\"{id}\"}}", 1);
    expect_error("{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[{"
                 "\"address\":\"aws_dynamodb_table.t\",\"type\":\"aws_dynamodb_table\",\"values\":{"
                 "\"name\":\"t\",\"billing_mode\":\"PROVISIONED\",\"hash_key\":\"id\","
                 "\"read_capacity\":0,\"write_capacity\":5}}]}}}", NULL,
                 "m.json: aws_dynamodb_table.t.ProvisionedThroughput.ReadCapacityUnits: not a "
                 "capacity (got 0, expected a whole number 1 .. 1000000)");
    /* Auto scaling errors name the field in Terraform's spelling. */
    expect_error("{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[{"
                 "\"address\":\"aws_dynamodb_table.t\",\"type\":\"aws_dynamodb_table\",\"values\":{"
                 "\"name\":\"t\",\"hash_key\":\"id\",\"read_capacity\":5,\"write_capacity\":5}},"
                 "{\"address\":\"aws_appautoscaling_target.w\",\"type\":\"aws_appautoscaling_target\","
                 "\"values\":{\"resource_id\":\"table/t\",\"scalable_dimension\":"
                 "\"dynamodb:table:WriteCapacityUnits\",\"min_capacity\":5,\"max_capacity\":50}},"
                 "{\"address\":\"aws_appautoscaling_policy.w\",\"type\":\"aws_appautoscaling_policy\","
                 "\"values\":{\"resource_id\":\"table/t\",\"scalable_dimension\":"
                 "\"dynamodb:table:WriteCapacityUnits\",\"policy_type\":\"TargetTrackingScaling\","
                 "\"target_tracking_scaling_policy_configuration\":[{\"target_value\":5}]}}]}}}",
                 NULL, "m.json: aws_appautoscaling_policy.w.target_tracking_scaling_policy_"
                 "configuration[0].target_value: not a target utilization (got 5, expected 20 .. "
                 "90 percent)");
    expect_error("{\"format_version\":\"1.2\",\"planned_values\":{}}", NULL,
                 "m.json: a Terraform plan (planned_values, no values), not state (expected "
                 "terraform show -json without a plan file)");
    /* Workbench: one table needs no name; an empty model is an error. */
    expect_table("{\"ModelName\":\"m\",\"DataModel\":[{\"TableName\":\"t\",\"KeyAttributes\":{"
                 "\"PartitionKey\":{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}},"
                 "\"BillingMode\":\"PROVISIONED\",\"ProvisionedCapacitySettings\":{"
                 "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5}}}]}",
                 NULL, "{\"billing\":\"provisioned\",\"rcu\":5,\"wcu\":5,\"key\":{\"pk\":\"{id}\"}}",
                 0);
    expect_error("{\"DataModel\":[{\"TableName\":\"t\",\"KeyAttributes\":{\"PartitionKey\":{"
                 "\"AttributeName\":\"id\"}},\"ProvisionedCapacitySettings\":{\"ProvisionedThroughput\":"
                 "{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5},\"AutoScalingRead\":{"
                 "\"ScalableTargetRequest\":{\"MinCapacity\":0,\"MaxCapacity\":9},"
                 "\"ScalingPolicyConfiguration\":{\"TargetValue\":70}}}}]}", NULL,
                 "m.json: DataModel[0].ProvisionedCapacitySettings.AutoScalingRead."
                 "ScalableTargetRequest.MinCapacity: not a capacity (got 0, expected a whole number "
                 "1 .. 1000000)");
    expect_error("{\"ModelName\":\"m\",\"DataModel\":[]}", NULL,
                 "m.json: DataModel: no table (expected a NoSQL Workbench model with at least one "
                 "table)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cfn_scaling),
        cmocka_unit_test(test_pick),
        cmocka_unit_test(test_global_table),
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_terraform_and_workbench),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
