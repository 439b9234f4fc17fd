/* Transactions (TransactWriteItems, TransactGetItems): what an item costs, all-or-nothing
 * admission on a hot partition, and conflicts, against closed forms. AWS's sources: "Amazon
 * DynamoDB Transactions: How it works"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html: 2 units
 * per item unit, up to 100 items, conflict handling) and TransactionCanceledException
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html:
 * cancelled for insufficient capacity or an ongoing conflicting request). */
#define _POSIX_C_SOURCE 200809L /* tests/testlib.h: mkstemp */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "sim/engine/engine.h"
#include "sim/scenario/scenario.h"
#include "tests/testlib.h"

static void assert_near(double got, double want, double tolerance)
{
    if (got < want - tolerance || got > want + tolerance)
        fail_msg("got %.6f, expected %.6f +- %.6f", got, want, tolerance);
}

#define NO_RETRY "\"retry\": {\"mode\": \"none\", \"max_attempts\": 1}"

/* duration_s seconds; table and workload fields as given; client fields after the retry. */
static void run_tx(int duration_s, const char *table, const char *attrs, const char *workload,
                   const char *client, ddb_report *r)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"duration_s\": %d, \"table\": {%s}, \"attributes\": {%s},"
             " \"workload\": {%s}, \"client\": {" NO_RETRY "%s}}",
             duration_s, table, attrs, workload, client);
    ddb_test_run_json(json, NULL, r);
}

#define BIG_TABLE "\"rcu\": 60000, \"wcu\": 20000, \"quota_rcu\": 60000, \"key\": {\"pk\": \"K#{k}\"}"
#define MANY_KEYS "\"k\": {\"dist\": \"uniform\", \"n\": 1000000}"

/* Each item costs 2 units per rounding unit: 4 writes of 1,600 B (2 KB, 2 WCU) are 16 WCU a
 * transaction; 4 reads of 5,000 B (8 KB, 2 RCU strongly) are 16 RCU. Nothing is cancelled on a
 * table too big to throttle, with keys too many to meet. */
static void test_items_cost_twice(void **state)
{
    (void)state;
    ddb_report r;
    run_tx(20, BIG_TABLE, MANY_KEYS,
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_write\": 1}, \"transact_items\": 4,"
           " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1600}", "", &r);
    const ddb_counters *t = &r.total;
    assert_true(t->arrivals > 1500);
    assert_int_equal(t->succeeded, t->arrivals);
    assert_int_equal(t->requests[DDB_WRITE], t->arrivals); /* one request a transaction */
    assert_int_equal(t->consumed_milli[DDB_WRITE], 16000 * (int64_t)t->arrivals);
    assert_int_equal(t->tx_cancelled_throttling + t->tx_cancelled_conflict, 0);
    ddb_report_destroy(&r);
    run_tx(20, BIG_TABLE, MANY_KEYS,
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_get\": 1}, \"transact_items\": 4,"
           " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 5000}", "", &r);
    assert_int_equal(r.total.consumed_milli[DDB_READ], 16000 * (int64_t)r.total.arrivals);
    ddb_report_destroy(&r);
}

/* k = 5 items of 1 KB on one partition (W = 900 WCU, no adaptive capacity, no split): a
 * transaction needs 2k = 10 WCU of the partition's bucket at once, all or nothing, so the
 * partition commits W / 2k = 90 transactions a second (plus the second of capacity it starts
 * with) and cancels the rest with ThrottlingError, consuming nothing for them: at 200/s, 55%. */
static void test_hot_partition_cancels_its_excess(void **state)
{
    (void)state;
    ddb_report r;
    run_tx(60,
           "\"rcu\": 100, \"wcu\": 900, \"adaptive_capacity\": false, \"split_for_heat\": false,"
           " \"key\": {\"pk\": \"K#{k}\"}",
           MANY_KEYS,
           "\"rate\": {\"rps\": 200}, \"mix\": {\"transact_write\": 1}, \"transact_items\": 5,"
           " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}", "", &r);
    const ddb_counters *t = &r.total;
    assert_int_equal(r.n_partitions, 1);
    double committed = (900.0 * 60 + 900.0) / 10.0; /* (W D + W) / 2k */
    assert_true(fabs((double)t->succeeded - committed) < 0.01 * committed);
    assert_int_equal(t->tx_cancelled_throttling, t->arrivals - t->succeeded - t->tx_cancelled_conflict);
    assert_true(t->tx_cancelled_conflict < t->arrivals / 1000);
    /* Only what committed was consumed: 10 WCU each. */
    assert_int_equal(t->consumed_milli[DDB_WRITE], 10000 * (int64_t)t->succeeded);
    /* One throttle event per cancelled attempt (the item that found no capacity). */
    assert_int_equal(t->by_reason[DDB_WRITE][DDB_THROTTLE_PROVISIONED], t->tx_cancelled_throttling);
    assert_int_equal(t->throttles[DDB_WRITE], t->tx_cancelled_throttling);
    ddb_report_destroy(&r);
}

/* Transactions of one item, all on one key, each holding it for its service time h (twice put's
 * 10 ms, fixed): after a commit every arrival within h is cancelled with TransactionConflict, the
 * next one commits. A loss system with one server: committed share 1 / (1 + lambda h); at 100/s
 * and h = 20 ms, 1/3. Transactional reads do not conflict with each other. */
static void test_conflicts_on_a_hot_item(void **state)
{
    (void)state;
    ddb_report r;
    const char *service = ", \"service_ms\": {\"put\": {\"median\": 10, \"sigma\": 0},"
                          " \"get\": {\"median\": 10, \"sigma\": 0}}";
    run_tx(60, BIG_TABLE, "\"k\": {\"dist\": \"uniform\", \"n\": 1}",
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_write\": 1}, \"transact_items\": 1", service,
           &r);
    const ddb_counters *t = &r.total;
    assert_near((double)t->succeeded / (double)t->arrivals, 1.0 / 3.0, 0.02);
    assert_int_equal(t->tx_cancelled_conflict + t->succeeded, t->arrivals);
    assert_int_equal(t->tx_conflict_items, t->tx_cancelled_conflict); /* one item each */
    assert_int_equal(t->throttles[DDB_WRITE], 0); /* a conflict is not a throttle */
    ddb_report_destroy(&r);
    run_tx(20, BIG_TABLE, "\"k\": {\"dist\": \"uniform\", \"n\": 1}",
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_get\": 1}, \"transact_items\": 1", service,
           &r);
    assert_int_equal(r.total.succeeded, r.total.arrivals);
    ddb_report_destroy(&r);
}

/* AWS's conflict list ("Transaction conflict handling",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling):
 * a put meeting an ongoing TransactWriteItems of its item is refused (TransactionConflictException);
 * a TransactGetItems meeting an ongoing put is cancelled (TransactionConflict); a put meeting an
 * ongoing TransactGetItems is no conflict.
 * One key, 100/s half puts half transactions, puts and gets of 10 ms, a transaction twice that:
 *  - transact_write at 50/s holding for h = 20 ms among themselves commit 1 / (1 + 50 h) = 1/2,
 *    so a commit's holds cover 25 x 0.02 = 50% of the time: that share of the puts is refused;
 *  - puts at 50/s holding for 10 ms overlap freely: they cover 1 - e^(-50 x 0.01) = 39.3% of the
 *    time, that share of the transact_gets is cancelled, and no put is refused. */
static void test_plain_writes_and_transactions_conflict_as_aws_lists(void **state)
{
    (void)state;
    ddb_report r;
    const char *service = ", \"service_ms\": {\"put\": {\"median\": 10, \"sigma\": 0},"
                          " \"get\": {\"median\": 10, \"sigma\": 0}}";
    run_tx(60, BIG_TABLE, "\"k\": {\"dist\": \"uniform\", \"n\": 1}",
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_write\": 0.5, \"put\": 0.5}, \"transact_items\": 1",
           service, &r);
    const ddb_counters *t = &r.total;
    double half = (double)t->arrivals / 2;
    assert_near((double)t->tx_conflict_writes / half, 0.5, 0.03);
    assert_near((double)t->tx_cancelled_conflict / half, 0.5, 0.03);
    assert_int_equal(t->failed, t->tx_conflict_writes + t->tx_cancelled_conflict); /* no retries */
    ddb_report_destroy(&r);
    run_tx(60, BIG_TABLE, "\"k\": {\"dist\": \"uniform\", \"n\": 1}",
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_get\": 0.5, \"put\": 0.5}, \"transact_items\": 1",
           service, &r);
    t = &r.total;
    half = (double)t->arrivals / 2;
    assert_near((double)t->tx_cancelled_conflict / half, 1.0 - exp(-0.5), 0.03);
    assert_int_equal(t->tx_conflict_writes, 0);
    assert_int_equal(t->failed, t->tx_cancelled_conflict);
    ddb_report_destroy(&r);
}

/* Bad input: more than DynamoDB's 100 items, transactions beside indexes. */
static void test_bad_transactions_are_refused(void **state)
{
    (void)state;
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    const char *many = "{\"table\": {\"rcu\": 100, \"wcu\": 100, \"key\": {\"pk\": \"K\"}},"
                       " \"workload\": {\"rate\": {\"rps\": 10}, \"mix\": {\"transact_write\": 1},"
                       " \"transact_items\": 101}}";
    assert_int_equal(ddb_scenario_parse(&s, many, strlen(many), "m.json", NULL, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "workload.transact_items"));
    assert_non_null(strstr(err, "100 items"));
    const char *gsi = "{\"table\": {\"rcu\": 100, \"wcu\": 100, \"key\": {\"pk\": \"K#{k}\"},"
                      " \"gsi\": [{\"name\": \"g\", \"pk\": \"{k}\", \"rcu\": 10, \"wcu\": 10}]},"
                      " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 10}},"
                      " \"workload\": {\"rate\": {\"rps\": 10}, \"mix\": {\"transact_get\": 1}}}";
    assert_int_equal(ddb_scenario_parse(&s, gsi, strlen(gsi), "g.json", NULL, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "g.json: workload.mix: transactions on a table with indexes"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items_cost_twice),
        cmocka_unit_test(test_hot_partition_cancels_its_excess),
        cmocka_unit_test(test_conflicts_on_a_hot_item),
        cmocka_unit_test(test_plain_writes_and_transactions_conflict_as_aws_lists),
        cmocka_unit_test(test_bad_transactions_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
