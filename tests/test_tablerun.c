/* Tests of the per-table runtime (sim/model/tablerun.h) and of model modules built from their
 * own configuration, without a scenario: a table's capacity moving, its partitions following it,
 * the time-weighted provisioned capacity CloudWatch reports, and a client's service time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "sim/model/client.h"
#include "sim/model/tablerun.h"

#define S 1000000000LL

/* A provisioned table of rcu/wcu with scheduled changes, one-second intervals, built by hand. */
static void table_init(ddb_tablerun *t, int64_t rcu, int64_t wcu, const ddb_capacity_change *changes,
                       size_t n_changes)
{
    ddb_tablerun_config c = {
        .table = {.rcu = rcu, .wcu = wcu, .burst_s = 300, .adaptive_capacity = true,
                  .quota_rcu = 40000, .quota_wcu = 40000},
        .dynamics = {.index = "orders", .changes = changes, .n_changes = n_changes,
                     .split_heat_threshold = 0.8, .split_heat_window_ns = 120 * S,
                     .split_delay_ns = 60 * S},
        .interval_ns = S};
    ddb_tablerun_init(t, &c);
}

/* Run every dynamics step due up to until_ns. Returns whether partitions were added. */
static bool run_until(ddb_tablerun *t, int64_t until_ns)
{
    bool grew = false;
    while (ddb_tablerun_next_ns(t) <= until_ns)
        grew |= ddb_tablerun_run_dynamics(t, NULL, ddb_tablerun_next_ns(t));
    return grew;
}

/* CloudWatch's ProvisionedWriteCapacityUnits over an interval in which UpdateTable took the table
 * from 1,000 to 2,000 WCU at its middle: the time-weighted average, (1000 + 2000) / 2 = 1,500. */
static void test_provisioned_is_time_weighted(void **state)
{
    (void)state;
    const ddb_capacity_change change = {S / 2, 0, 2000};
    ddb_tablerun t;
    table_init(&t, 100, 1000, &change, 1);
    run_until(&t, S / 2);
    ddb_ts_row row;
    ddb_tablerun_timeseries_row(&t, 0, S, &row);
    assert_string_equal(row.index, "orders");
    assert_int_equal(row.provisioned_milli[1], 1500 * 1000);
    assert_int_equal(row.provisioned_milli[0], 100 * 1000);
    /* The next interval is at the new rate throughout. */
    ddb_tablerun_next_interval(&t);
    ddb_tablerun_timeseries_row(&t, S, 2 * S, &row);
    assert_int_equal(row.provisioned_milli[1], 2000 * 1000);
    ddb_tablerun_destroy(&t);
}

/* A table's partitions follow its capacity: each serves at most 3,000 RCU/s and 1,000 WCU/s, so
 * raising a one-partition table to 5,000 WCU doubles its partitions until 1,000/3,000 RCU +
 * 5,000/n/1,000 <= 1 per partition: 1 -> 2 -> 4 -> 8. The metrics follow them. */
static void test_partitions_follow_capacity(void **state)
{
    (void)state;
    const ddb_capacity_change change = {10 * S, 0, 5000};
    ddb_tablerun t;
    table_init(&t, 1000, 500, &change, 1);
    assert_int_equal(t.table.n_partitions, 1);
    assert_true(run_until(&t, 10 * S));
    assert_int_equal(t.table.n_partitions, 8);
    assert_int_equal(t.m.n_partitions, 8);
    assert_int_equal(t.dyn.n_events, 1 + 7); /* the change, then 7 splits */
    ddb_part_row row;
    ddb_tablerun_partition_row(&t, 7, 10 * S, 11 * S, &row);
    assert_int_equal(row.partition, 7);
    ddb_tablerun_destroy(&t);
}

/* An on-demand table reports no provisioned capacity. */
static void test_on_demand_reports_nothing_provisioned(void **state)
{
    (void)state;
    ddb_tablerun_config c = {
        .table = {.rcu = 12000, .wcu = 4000, .burst_s = 300, .on_demand = true},
        .dynamics = {.index = "table", .on_demand = true}, .interval_ns = S};
    ddb_tablerun t;
    ddb_tablerun_init(&t, &c);
    ddb_ts_row row;
    ddb_tablerun_timeseries_row(&t, 0, S, &row);
    assert_int_equal(row.provisioned_milli[0], 0);
    assert_int_equal(row.provisioned_milli[1], 0);
    ddb_tablerun_destroy(&t);
}

/* A client from its own configuration: with sigma 0 every attempt of an operation takes exactly
 * its median. */
static void test_client_without_a_scenario(void **state)
{
    (void)state;
    ddb_client_config cfg = {.retry_mode = DDB_RETRY_STANDARD, .max_attempts = 3,
                             .retry_base_ms = 1000, .retry_max_backoff_ms = 20000,
                             .retry_quota = 500, .seed = 7};
    for (int op = 0; op < DDB_OP_COUNT; op++)
        cfg.service[op] = (ddb_service_spec){.median_ms = 5.0, .sigma = 0.0};
    cfg.service[DDB_OP_SCAN].median_ms = 40.0;
    ddb_client c;
    ddb_client_init(&c, &cfg, 0);
    assert_int_equal(ddb_client_service_ns(&c, DDB_OP_GET), 5000000);
    assert_int_equal(ddb_client_service_ns(&c, DDB_OP_SCAN), 40000000);
    ddb_client_destroy(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_provisioned_is_time_weighted),
        cmocka_unit_test(test_partitions_follow_capacity),
        cmocka_unit_test(test_on_demand_reports_nothing_provisioned),
        cmocka_unit_test(test_client_without_a_scenario),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
