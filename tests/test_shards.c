/* Sharded reads: a get or query of a key written under a random suffix ({shard:N}) reads all N
 * shards, one request each; a calculated suffix ({shard:N:attr}) reads the one shard. Closed
 * forms from AWS's "Using write sharding to distribute workloads evenly"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-sharding.html)
 * and "Read capacity unit consumption" (a read of a missing item costs the minimum unit:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html). */
#define _POSIX_C_SOURCE 200809L /* tests/testlib.h: mkstemp */
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

/* 20 s at 200 logical requests/s on a table too big to throttle (unless table says otherwise). */
static void run_keyed(const char *pk, const char *table, const char *workload, const char *client,
                      ddb_report *r)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"duration_s\": 20, \"table\": {%s, \"key\": {\"pk\": \"%s\"}},"
             " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 1000}},"
             " \"workload\": {\"rate\": {\"rps\": 200}, %s}%s}",
             table, pk, workload, client);
    ddb_test_run_json(json, NULL, r);
}

#define BIG "\"rcu\": 60000, \"wcu\": 20000, \"quota_rcu\": 60000"

/* Every logical get of a 10-shard key is 10 requests; fixed 1,000 B items, eventual: each shard's
 * read is 0.5 RCU (the item's shard, and the minimum on the nine that do not hold it), so a
 * logical read costs N x 0.5 = 5 RCU where the unsharded key costs 0.5. */
static void test_random_suffix_reads_every_shard(void **state)
{
    (void)state;
    ddb_report r;
    run_keyed("S#{k}#{shard:10}", BIG,
              "\"mix\": {\"get\": 1}, \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}", "", &r);
    const ddb_counters *t = &r.total;
    assert_true(t->arrivals > 3000);
    assert_int_equal(t->throttles[DDB_READ], 0);
    assert_int_equal(t->requests[DDB_READ], 10 * t->arrivals);
    assert_int_equal(t->consumed_milli[DDB_READ], 10 * 500 * (int64_t)t->arrivals);
    assert_int_equal(t->succeeded, t->arrivals);
    ddb_report_destroy(&r);
    /* Strong reads of 5,000 B: the item's shard 2 RCU, the nine others 1 RCU each (the minimum of
     * a strongly consistent read of a missing item): 11 RCU a logical read. */
    run_keyed("S#{k}#{shard:10}", BIG,
              "\"mix\": {\"get\": 1}, \"consistency\": \"strong\","
              " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 5000}", "", &r);
    assert_int_equal(r.total.consumed_milli[DDB_READ], 11000 * (int64_t)r.total.arrivals);
    ddb_report_destroy(&r);
}

/* A calculated suffix: the reader computes the shard, one request, 1x the units. */
static void test_calculated_suffix_reads_one_shard(void **state)
{
    (void)state;
    ddb_report r;
    run_keyed("S#{k}#{shard:10:k}", BIG,
              "\"mix\": {\"get\": 1}, \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}", "", &r);
    assert_int_equal(r.total.requests[DDB_READ], r.total.arrivals);
    assert_int_equal(r.total.consumed_milli[DDB_READ], 500 * (int64_t)r.total.arrivals);
    ddb_report_destroy(&r);
}

/* A query's page is spread over the shards: 10 items of 1,000 B = 10,000 B, unsharded 3 units
 * (1.5 RCU eventual); over 4 shards 2,500 B each, 1 unit each: 4 x 0.5 = 2 RCU. */
static void test_query_pages_split_over_shards(void **state)
{
    (void)state;
    ddb_report r;
    run_keyed("S#{k}#{shard:4}", BIG, "\"mix\": {\"query\": 1}, \"item_bytes\": {\"bytes\": 1000}",
              "", &r);
    assert_int_equal(r.total.requests[DDB_READ], 4 * r.total.arrivals);
    assert_int_equal(r.total.consumed_milli[DDB_READ], 2000 * (int64_t)r.total.arrivals);
    ddb_report_destroy(&r);
}

/* The logical read answers when its slowest shard does: with 10 lognormal service times
 * (median 3 ms, sigma 0.4), the median of their maximum is 3 ms x e^(0.4 z), P(Z < z)^10 = 1/2,
 * z = 1.50: 5.5 ms. */
static void test_latency_is_the_slowest_shard(void **state)
{
    (void)state;
    ddb_report r;
    run_keyed("S#{k}#{shard:10}", BIG,
              "\"mix\": {\"get\": 1}, \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}", "", &r);
    assert_true(r.latency_ms[0] > 5.2 && r.latency_ms[0] < 5.8);
    ddb_report_destroy(&r);
}

/* Throttled shard reads are retried on their own (the shards already read are not read again)
 * and the logical read succeeds when every shard has been read. One hot key over 4 shards on a
 * table of 4 partitions too small for the load. */
static void test_throttled_shards_are_retried(void **state)
{
    (void)state;
    ddb_report r;
    run_keyed("HOT#{shard:4}", "\"rcu\": 200, \"wcu\": 100",
              "\"mix\": {\"get\": 1}, \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}",
              ", \"client\": {\"retry\": {\"mode\": \"standard\", \"max_attempts\": 10, \"quota\": 0}}",
              &r);
    const ddb_counters *t = &r.total;
    assert_true(t->throttles[DDB_READ] > 0);
    /* Every shard read (first or retried) is a request, and each retried one a retry. */
    assert_int_equal(t->requests[DDB_READ], 4 * t->arrivals + t->retries);
    assert_int_equal(t->first_attempts[DDB_READ], 4 * t->arrivals);
    assert_int_equal(t->succeeded + t->failed + r.in_flight_at_end, t->arrivals);
    /* What was consumed is what the admitted shard reads cost: 0.5 RCU each. */
    assert_int_equal(t->consumed_milli[DDB_READ], 500 * (int64_t)(t->requests[DDB_READ] - t->throttles[DDB_READ]));
    ddb_report_destroy(&r);
}

/* A fan-out past the bound is refused before the run; a calculated suffix needs a drawn value. */
static void test_bad_shard_keys_are_refused(void **state)
{
    (void)state;
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    const char *wide = "{\"table\": {\"rcu\": 100, \"wcu\": 100, \"key\": {\"pk\": \"S#{shard:2000}\"}},"
                       " \"workload\": {\"rate\": {\"rps\": 10}, \"mix\": {\"get\": 1}}}";
    assert_int_equal(ddb_scenario_parse(&s, wide, strlen(wide), "w.json", NULL, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "table.key.pk: a get or query of a random suffix's item reads every shard"));
    const char *clock = "{\"table\": {\"rcu\": 100, \"wcu\": 100, \"key\": {\"pk\": \"S#{shard:4:t}\"}},"
                        " \"attributes\": {\"t\": {\"dist\": \"clock\"}},"
                        " \"workload\": {\"rate\": {\"rps\": 10}, \"mix\": {\"put\": 1}}}";
    assert_int_equal(ddb_scenario_parse(&s, clock, strlen(clock), "c.json", NULL, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "{shard:4:t}: a calculated suffix hashes an attribute's value"));
    /* Writes alone never fan out: the same wide key is fine for puts. */
    const char *puts = "{\"table\": {\"rcu\": 100, \"wcu\": 100, \"key\": {\"pk\": \"S#{shard:2000}\"}},"
                       " \"workload\": {\"rate\": {\"rps\": 10}, \"mix\": {\"put\": 1}}}";
    if (ddb_scenario_parse(&s, puts, strlen(puts), "p.json", NULL, 0, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_suffix_reads_every_shard),
        cmocka_unit_test(test_calculated_suffix_reads_one_shard),
        cmocka_unit_test(test_query_pages_split_over_shards),
        cmocka_unit_test(test_latency_is_the_slowest_shard),
        cmocka_unit_test(test_throttled_shards_are_retried),
        cmocka_unit_test(test_bad_shard_keys_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
