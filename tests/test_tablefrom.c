/* tablefrom tests: describe-table output and CloudFormation templates (JSON and YAML) into the
 * scenario's `table` object, the warnings naming what was left out, one-line errors, and the round
 * trip through ddb_scenario_parse that `ddbsim validate --table-from` does. */
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
#include "sim/scenario/scenario.h"
#include "sim/scenario/tablefrom.h"
#include "tests/testlib.h"

/* The table as compact JSON, compared with the expected text exactly. */
static void assert_table(const ddb_tablefrom *t, const char *want)
{
    char *got = cJSON_PrintUnformatted(t->table);
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fail_msg("got %s\nexpected %s", got, want);
    cJSON_free(got);
}

static void assert_warnings(const ddb_tablefrom *t, const char *const *want, size_t n)
{
    for (size_t i = 0; i < t->n_warnings && i < n; i++)
        assert_string_equal(t->warnings[i], want[i]);
    assert_int_equal(t->n_warnings, n);
}

/* Streams, SSE, TTL and tags do not bear on throughput: not warned about. */
static const char *const cfn_warnings[] = {
    ("LocalSecondaryIndexes (byOrderTotal): INCLUDE projection taken as ALL (set projected_bytes "
     "to its entries' size)")};
#define CFN_TABLE "{\"billing\":\"provisioned\",\"table_class\":\"standard\",\"rcu\":4000," \
                  "\"wcu\":1500,\"key\":{\"pk\":\"{order_id}\",\"sk\":\"{created_at}\"}," \
                  "\"gsi\":[{\"name\":\"byStatus\",\"pk\":\"{status}\",\"sk\":\"{created_at}\"," \
                  "\"rcu\":500,\"wcu\":500,\"projection\":\"KEYS_ONLY\"}]," \
                  "\"lsi\":[{\"name\":\"byOrderTotal\",\"sk\":\"{total}\",\"projection\":\"ALL\"}]}"

static void test_describe_table(void **state)
{
    (void)state;
    ddb_tablefrom t;
    char err[1024];
    assert_int_equal(ddb_tablefrom_load(&t, ddb_test_source_path("scenarios/aws/describe-table.json"), err,
                                        sizeof err), 0);
    assert_table(&t, "{\"billing\":\"provisioned\",\"rcu\":4000,\"wcu\":1500,\"size_gb\":25,"
                     "\"key\":{\"pk\":\"{order_id}\",\"sk\":\"{created_at}\"},"
                     "\"gsi\":[{\"name\":\"byStatus\",\"pk\":\"{status}\",\"sk\":\"{created_at}\","
                     "\"rcu\":500,\"wcu\":500,\"projection\":\"KEYS_ONLY\",\"size_gb\":1.75}]}");
    /* Status, counts, ARNs, ids, timestamps and streams: no noise warnings. */
    assert_warnings(&t, NULL, 0);
    ddb_tablefrom_destroy(&t);
}

static void test_cloudformation_json(void **state)
{
    (void)state;
    ddb_tablefrom t;
    char err[1024];
    assert_int_equal(ddb_tablefrom_load(&t, ddb_test_source_path("scenarios/aws/table.json"), err,
                                        sizeof err), 0);
    assert_table(&t, CFN_TABLE);
    assert_warnings(&t, cfn_warnings, 1);
    ddb_tablefrom_destroy(&t);
}

static void test_cloudformation_yaml(void **state)
{
    (void)state;
    ddb_tablefrom t;
    char err[1024];
    int rc = ddb_tablefrom_load(&t, ddb_test_source_path("scenarios/aws/table.yaml"), err, sizeof err);
#ifdef DDBSIM_HAVE_YAML
    assert_int_equal(rc, 0);
    assert_table(&t, CFN_TABLE);
    assert_warnings(&t, cfn_warnings, 1);
    ddb_tablefrom_destroy(&t);
#else
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "install libyaml-dev"));
#endif
}

static void test_on_demand_and_strings(void **state)
{
    (void)state;
    static const char text[] =
        "{\"Resources\":{\"T\":{\"Type\":\"AWS::DynamoDB::Table\",\"Properties\":{"
        "\"BillingMode\":\"PAY_PER_REQUEST\",\"KeySchema\":[{\"AttributeName\":\"id\","
        "\"KeyType\":\"HASH\"}]}}}}";
    ddb_tablefrom t;
    char err[1024];
    assert_int_equal(ddb_tablefrom_parse(&t, text, sizeof text - 1, "t.json", err, sizeof err), 0);
    assert_table(&t, "{\"billing\":\"on_demand\",\"key\":{\"pk\":\"{id}\"}}");
    assert_int_equal(t.n_warnings, 0);
    ddb_tablefrom_destroy(&t);
    /* Capacity as strings, as CloudFormation allows. */
    static const char text2[] =
        "{\"Resources\":{\"T\":{\"Type\":\"AWS::DynamoDB::Table\",\"Properties\":{"
        "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":\"10\",\"WriteCapacityUnits\":\"5\"},"
        "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]}}}}";
    assert_int_equal(ddb_tablefrom_parse(&t, text2, sizeof text2 - 1, "t.json", err, sizeof err), 0);
    assert_table(&t, "{\"billing\":\"provisioned\",\"rcu\":10,\"wcu\":5,\"key\":{\"pk\":\"{id}\"}}");
    ddb_tablefrom_destroy(&t);
}

static void expect_error(const char *text, const char *source, const char *want)
{
    ddb_tablefrom t;
    char err[1024];
    assert_int_equal(ddb_tablefrom_parse(&t, text, strlen(text), source, err, sizeof err), -1);
    assert_null(t.table);
    if (strcmp(err, want) != 0)
        fail_msg("got      %s\nexpected %s", err, want);
    assert_null(strchr(err, '\n'));
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("{\"name\":\"a scenario\"}", "s.json",
                 "s.json: not describe-table output ({\"Table\": ...}), a CloudFormation template "
                 "(Resources), a NoSQL Workbench model (DataModel) or terraform show -json output "
                 "(format_version)");
    expect_error("[1]", "s.json",
                 "s.json: not describe-table output ({\"Table\": ...}), a CloudFormation template "
                 "(Resources), a NoSQL Workbench model (DataModel) or terraform show -json output "
                 "(format_version)");
    expect_error("{", "s.json", "s.json: not valid JSON");
    expect_error("{\"Resources\":{\"A\":{\"Type\":\"AWS::DynamoDB::Table\"},"
                 "\"Q\":{\"Type\":\"AWS::SQS::Queue\"},\"B\":{\"Type\":\"AWS::DynamoDB::Table\"}}}",
                 "two.json",
                 "two.json: Resources: 2 tables (A, B): pick one as two.json#NAME");
    expect_error("{\"Resources\":{\"Q\":{\"Type\":\"AWS::SQS::Queue\"}}}", "none.json",
                 "none.json: Resources: no AWS::DynamoDB::Table or AWS::DynamoDB::GlobalTable "
                 "resource");
    expect_error("{\"Table\":{\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
                 "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":\"lots\",\"WriteCapacityUnits\":5}}}",
                 "d.json",
                 "d.json: Table.ProvisionedThroughput.ReadCapacityUnits: not a capacity (got "
                 "\"lots\", expected a whole number 1 .. 1000000)");
    expect_error("{\"Table\":{\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
                 "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":2.5,\"WriteCapacityUnits\":5}}}",
                 "d.json",
                 "d.json: Table.ProvisionedThroughput.ReadCapacityUnits: not a capacity (got "
                 "2.5, expected a whole number 1 .. 1000000)");
    expect_error("{\"Table\":{\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"RANGE\"}],"
                 "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":1,\"WriteCapacityUnits\":5}}}",
                 "d.json", "d.json: Table.KeySchema: no HASH key");
    /* Secondary indexes: an LSI is a sort key; a GSI of a provisioned table has capacity. */
#define TABLE_ID "{\"Table\":{\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}," \
                 "{\"AttributeName\":\"ts\",\"KeyType\":\"RANGE\"}],\"ProvisionedThroughput\":" \
                 "{\"ReadCapacityUnits\":1,\"WriteCapacityUnits\":5},"
    expect_error(TABLE_ID "\"LocalSecondaryIndexes\":[{\"IndexName\":\"byX\",\"KeySchema\":"
                 "[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]}]}}",
                 "d.json", "d.json: Table.LocalSecondaryIndexes[0].KeySchema: no RANGE key (a local "
                 "secondary index is a sort key)");
    expect_error(TABLE_ID "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"byX\",\"KeySchema\":"
                 "[{\"AttributeName\":\"x\",\"KeyType\":\"HASH\"}]}]}}",
                 "d.json", "d.json: Table.GlobalSecondaryIndexes[0].ProvisionedThroughput."
                 "ReadCapacityUnits: missing");
    expect_error(TABLE_ID "\"GlobalSecondaryIndexes\":[{\"KeySchema\":[]}]}}",
                 "d.json", "d.json: Table.GlobalSecondaryIndexes[0].IndexName: missing or not a name");
    expect_error(TABLE_ID "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"byX\",\"KeySchema\":"
                 "[{\"AttributeName\":\"x\",\"KeyType\":\"HASH\"}],\"ProvisionedThroughput\":"
                 "{\"ReadCapacityUnits\":1,\"WriteCapacityUnits\":1},\"Projection\":{\"ProjectionType\":"
                 "\"SOME\"}}]}}",
                 "d.json", "d.json: Table.GlobalSecondaryIndexes[0].Projection.ProjectionType: unknown "
                 "projection (got \"SOME\", expected ALL, KEYS_ONLY or INCLUDE)");
    ddb_tablefrom t;
    char err[1024];
    assert_int_equal(ddb_tablefrom_load(&t, "/nonexistent/t.json", err, sizeof err), -1);
    assert_string_equal(err, "/nonexistent/t.json: cannot read (No such file or directory)");
}

/* What `ddbsim validate scenarios/aws/workload.json --table-from describe-table.json` does. */
static void test_round_trip(void **state)
{
    (void)state;
    ddb_tablefrom t;
    char err[1024];
    assert_int_equal(ddb_tablefrom_load(&t, ddb_test_source_path("scenarios/aws/describe-table.json"), err,
                                        sizeof err), 0);
    char *json = cJSON_PrintUnformatted(t.table);
    size_t n = strlen(json) + 7;
    char *set = malloc(n);
    snprintf(set, n, "table=%s", json);
    cJSON_free(json);
    ddb_tablefrom_destroy(&t);
    const char *sets[] = {set, "table.wcu=2000"};
    size_t len;
    char *text = ddb_test_read(NULL, ddb_test_source_path("scenarios/aws/workload.json"), &len);
    ddb_scenario s;
    /* Alone, the placeholder table. */
    assert_int_equal(ddb_scenario_parse(&s, text, len, "workload.json", NULL, 0, err, sizeof err), 0);
    assert_int_equal(s.rcu, 1);
    ddb_scenario_destroy(&s);
    if (ddb_scenario_parse(&s, text, len, "workload.json", sets, 1, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(s.rcu, 4000);
    assert_int_equal(s.wcu, 1500);
    assert_true(s.size_gb == 25);
    assert_true(s.has_sk);
    const cJSON *key = cJSON_GetObjectItem(cJSON_GetObjectItem(s.resolved, "table"), "key");
    assert_string_equal(cJSON_GetObjectItem(key, "pk")->valuestring, "{order_id}");
    assert_string_equal(cJSON_GetObjectItem(key, "sk")->valuestring, "{created_at}");
    ddb_scenario_destroy(&s);
    /* A later --set still overrides the table it brought. */
    assert_int_equal(ddb_scenario_parse(&s, text, len, "workload.json", sets, 2, err, sizeof err), 0);
    assert_int_equal(s.wcu, 2000);
    assert_int_equal(s.rcu, 4000);
    ddb_scenario_destroy(&s);
    free(text);
    free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe_table),
        cmocka_unit_test(test_cloudformation_json),
        cmocka_unit_test(test_cloudformation_yaml),
        cmocka_unit_test(test_on_demand_and_strings),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
