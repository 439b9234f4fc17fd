/* Throttle reasons: every throttle carries one of AWS's sixteen names, and back-pressure the
 * index's own cause.
 *
 * AWS: "The throttling reason follows a specific format: ResourceType+OperationType+LimitType"
 * with Table or Index, Read or Write, and ProvisionedThroughputExceeded, AccountLimitExceeded,
 * KeyRangeThroughputExceeded or MaxOnDemandThroughputExceeded
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ThrottlingReason.html); a
 * base write held back by an index names the index's reason, e.g.
 * IndexWriteKeyRangeThroughputExceeded for a hot index partition
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/troubleshooting-throttling-diagnostics.html). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include "tests/testlib.h"

/* Shipped scenario name, with one override (NULL: none). */
static void run_shipped(const char *name, const char *set, ddb_report *r)
{
    char rel[256], err[DDB_ERR_MAX];
    snprintf(rel, sizeof rel, "scenarios/%s.json", name);
    ddb_scenario s;
    if (ddb_scenario_load(&s, ddb_test_source_path(rel), &set, set ? 1 : 0, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_run_options opt = {NULL, NULL, NULL, NULL};
    if (ddb_run(&s, &opt, r, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_scenario_destroy(&s);
}

/* The sixteen names, built from AWS's format, in reasons.h's order. */
static void test_sixteen_names(void **state)
{
    (void)state;
    static const char *const res[] = {"Table", "Index"}, *const ops[] = {"Read", "Write"};
    static const char *const limits[] = {"ProvisionedThroughputExceeded", "KeyRangeThroughputExceeded",
                                         "AccountLimitExceeded", "MaxOnDemandThroughputExceeded"};
    size_t k = 0;
    for (int i = 0; i < 2; i++)
        for (int d = 0; d < 2; d++)
            for (int l = 0; l < 4; l++) {
                char want[96];
                snprintf(want, sizeof want, "%s%s%s", res[i], ops[d], limits[l]);
                assert_string_equal(ddb_aws_reason_name[k], want);
                assert_int_equal(ddb_aws_reason_dir(k), d);
                assert_int_equal(ddb_aws_reason_is_index(k), i);
                k++;
            }
    assert_int_equal(k, DDB_AWS_REASON_COUNT);
    /* every cause maps onto one of them, in each direction it can refuse */
    for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++)
        for (int d = 0; d < 2; d++)
            if (ddb_throttle_applies((enum ddb_throttle_reason)r, (enum ddb_dir)d))
                assert_true(ddb_throttle_aws((enum ddb_throttle_reason)r, false, (enum ddb_dir)d) <
                            DDB_AWS_REASON_COUNT);
    /* an on-demand table still growing: AWS's key range limit (reasons.h says why) */
    assert_string_equal(ddb_throttle_aws_name(DDB_THROTTLE_ON_DEMAND, false, DDB_WRITE),
                        "TableWriteKeyRangeThroughputExceeded");
    assert_int_equal(ddb_throttle_backpressure(DDB_THROTTLE_ON_DEMAND), DDB_THROTTLE_GSI_KEY_RANGE);
    assert_int_equal(ddb_throttle_backpressure(DDB_THROTTLE_MAX_ON_DEMAND),
                     DDB_THROTTLE_GSI_MAX_ON_DEMAND);
    assert_int_equal(ddb_throttle_backpressure(DDB_THROTTLE_PROVISIONED), DDB_THROTTLE_GSI_BACKPRESSURE);
}

/* gsi-underprovisioned with a backlog short enough to hold the base table back. */
#define BACKPRESSURE "table.gsi[0].backpressure_backlog=10000"

/* In shipped scenarios that throttle for different causes, the throttles by AWS name add up to
 * every throttle event: none is left without one of the sixteen names. */
static void test_every_throttle_has_an_aws_name(void **state)
{
    (void)state;
    static const char *const names[] = {"hot-key", "uniform-overload", "on-demand-spike",
                                        "gsi-low-cardinality", "gsi-underprovisioned"};
    static const char *const sets[] = {NULL, NULL, NULL, NULL, BACKPRESSURE};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        ddb_report r;
        run_shipped(names[i], sets[i], &r);
        uint64_t aws[DDB_AWS_REASON_COUNT], named = 0, events = 0;
        ddb_report_aws_throttles(&r, aws);
        for (size_t k = 0; k < DDB_AWS_REASON_COUNT; k++)
            named += aws[k];
        for (int d = 0; d < 2; d++)
            for (int c = 1; c < DDB_THROTTLE_REASON_COUNT; c++)
                events += r.total.by_reason[d][c];
        for (size_t g = 0; g < r.n_gsi; g++)
            for (int c = 1; c < DDB_THROTTLE_REASON_COUNT; c++)
                events += r.gsi[g].total.by_reason[DDB_READ][c];
        if (named != events || events == 0)
            fail_msg("%s: %llu throttle events, %llu with an AWS name", names[i],
                     (unsigned long long)events, (unsigned long long)named);
        ddb_report_destroy(&r);
    }
}

/* Back-pressure names the index's cause: two index keys (OPEN, CLOSED) each take half of 5,000
 * writes/s, 2,500 against a partition's 1,000 WCU/s hard cap, so the index's partitions are hot:
 * IndexWriteKeyRangeThroughputExceeded; an index of too little provisioned capacity:
 * IndexWriteProvisionedThroughputExceeded. */
static void test_backpressure_carries_the_index_cause(void **state)
{
    (void)state;
    ddb_report r;
    uint64_t aws[DDB_AWS_REASON_COUNT];
    size_t key_range = ddb_aws_reason(true, DDB_WRITE, DDB_AWS_LIMIT_KEY_RANGE);
    size_t provisioned = ddb_aws_reason(true, DDB_WRITE, DDB_AWS_LIMIT_PROVISIONED);
    run_shipped("gsi-low-cardinality", NULL, &r);
    ddb_report_aws_throttles(&r, aws);
    assert_true(aws[key_range] > 0);
    assert_int_equal(aws[key_range], ddb_counters_backpressure(&r.total));
    assert_int_equal(aws[provisioned], 0);
    ddb_report_destroy(&r);
    run_shipped("gsi-underprovisioned", BACKPRESSURE, &r);
    ddb_report_aws_throttles(&r, aws);
    assert_true(aws[provisioned] > 0);
    assert_int_equal(aws[provisioned], ddb_counters_backpressure(&r.total));
    ddb_report_destroy(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sixteen_names),
        cmocka_unit_test(test_every_throttle_has_an_aws_name),
        cmocka_unit_test(test_backpressure_carries_the_index_cause),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
