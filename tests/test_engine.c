/* Engine tests on small inline scenarios: what each operation costs end to end, and the
 * conservation laws (attempts = requests + retries; every request succeeds, fails or is still
 * waiting; throttles add up by reason). */
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

/* A scenario at rps requests/s on a table too big to throttle, with the given workload fields. */
static void run_workload_at(int rps, const char *workload_extra, const char *mix, ddb_report *r)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"duration_s\": 20, \"table\": {\"rcu\": 60000, \"wcu\": 20000, \"quota_rcu\": 60000, \"key\": {\"pk\": \"K#{k}\"}},"
             " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 1000}},"
             " \"workload\": {\"rate\": {\"rps\": %d}, \"mix\": %s %s}}",
             rps, mix, workload_extra);
    ddb_test_run_json(json, NULL, r);
    assert_int_equal(r->total.throttles[0] + r->total.throttles[1], 0);
}

static void run_workload(const char *workload_extra, const char *mix, ddb_report *r)
{
    run_workload_at(1000, workload_extra, mix, r);
}

/* Every admitted request of a run at rps cost exactly milli_each. */
static void assert_cost_at(int rps, const char *extra, const char *mix, enum ddb_dir d, int64_t milli_each)
{
    ddb_report r;
    run_workload_at(rps, extra, mix, &r);
    assert_true(r.total.requests[d] > (uint64_t)(rps * 20 * 3 / 4));
    assert_int_equal(r.total.requests[1 - d], 0);
    assert_int_equal(r.total.consumed_milli[d], milli_each * (int64_t)r.total.requests[d]);
    ddb_report_destroy(&r);
}

static void assert_cost(const char *extra, const char *mix, enum ddb_dir d, int64_t milli_each)
{
    assert_cost_at(1000, extra, mix, d, milli_each);
}

static void test_get_costs(void **state)
{
    (void)state;
    const char *b1000 = ", \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}";
    const char *b5000 = ", \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 5000}";
    char extra[256];
    assert_cost(b1000, "{\"get\": 1}", DDB_READ, 500); /* eventual by default */
    snprintf(extra, sizeof extra, "%s, \"consistency\": \"strong\"", b5000);
    assert_cost(extra, "{\"get\": 1}", DDB_READ, 2000);
    snprintf(extra, sizeof extra, "%s, \"consistency\": \"transactional\"", b5000);
    assert_cost(extra, "{\"get\": 1}", DDB_READ, 4000);
}

static void test_write_costs(void **state)
{
    (void)state;
    assert_cost(", \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1600}", "{\"put\": 1}", DDB_WRITE, 2000);
    assert_cost(", \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1024}", "{\"update\": 0.5, \"delete\": 0.5}",
                DDB_WRITE, 1000);
    assert_cost(", \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1600}, \"consistency\": \"transactional\"",
                "{\"put\": 1}", DDB_WRITE, 4000);
}

static void test_query_and_scan_costs(void **state)
{
    (void)state;
    /* 10 items of 1,000 B = 10,000 B, rounded once to 12 KB: 3 units, eventual 1.5 RCU. */
    assert_cost(", \"item_bytes\": {\"bytes\": 1000}", "{\"query\": 1}", DDB_READ, 1500);
    /* A transactional workload reads its queries strongly. */
    assert_cost(", \"item_bytes\": {\"bytes\": 1000}, \"consistency\": \"transactional\"", "{\"query\": 1}",
                DDB_READ, 3000);
    /* A page stops at 1 MB: 2,000 x 1,000 B is 256 units, eventual 128 RCU. */
    assert_cost_at(100, ", \"item_bytes\": {\"bytes\": 1000}, \"items_per_query\": 2000", "{\"query\": 1}",
                   DDB_READ, 128000);
    /* A scan page of 100 x 1,000 B = 100,000 B: 25 units, eventual 12.5 RCU. */
    assert_cost(", \"item_bytes\": {\"bytes\": 1000}", "{\"scan\": 1}", DDB_READ, 12500);
}

/* With nothing throttled, a request's latency is one service time: lognormal, median 3 ms for a
 * get by default; with retries off and nothing throttled, every request completes. */
static void test_latency_is_the_service_time(void **state)
{
    (void)state;
    ddb_report r;
    run_workload(", \"item_bytes\": {\"bytes\": 1000}", "{\"get\": 1}", &r);
    assert_int_equal(r.total.succeeded, r.total.arrivals);
    assert_int_equal(r.latency_samples, r.total.arrivals);
    /* p50 within the sketch's 1/64 and the sample's spread; p99 = 3 ms * e^(0.4 * 2.326) = 7.6 ms. */
    assert_true(r.latency_ms[0] > 2.9 && r.latency_ms[0] < 3.1);
    assert_true(r.latency_ms[1] > 7.2 && r.latency_ms[1] < 8.0);
    ddb_report_destroy(&r);
    /* A slower service, set per operation. */
    run_workload(", \"item_bytes\": {\"bytes\": 1000}}, \"client\": {\"service_ms\": {\"get\": {\"median\": 10, \"sigma\": 0}}",
                 "{\"get\": 1}", &r);
    assert_true(r.latency_ms[0] > 9.9 && r.latency_ms[0] < 10.1);
    assert_true(r.latency_ms[2] > 9.9 && r.latency_ms[2] < 10.1);
    ddb_report_destroy(&r);
}

static void test_batch_costs_round_per_item(void **state)
{
    (void)state;
    /* 25 puts of 1,600 B: each rounds to 2 KB, 2 WCU; one batch is 50 WCU (not 40 KB / 1 KB). */
    assert_cost_at(100, ", \"item_bytes\": {\"bytes\": 1600}", "{\"batch_write\": 1}", DDB_WRITE, 50000);
    /* 100 gets of 1,000 B: each 0.5 RCU eventual; 50 RCU a batch. */
    assert_cost_at(100, ", \"item_bytes\": {\"bytes\": 1000}", "{\"batch_get\": 1}", DDB_READ, 50000);
    assert_cost_at(100, ", \"item_bytes\": {\"bytes\": 1000}, \"batch_get_items\": 10", "{\"batch_get\": 1}",
                   DDB_READ, 5000);
}

static void test_batches_resubmit_unprocessed_items(void **state)
{
    (void)state;
    /* Two keys, so some batches are refused only in part: 400 batches/s x 25 items of 1 KB on
     * partitions capped at 1,000 WCU/s. */
    const char *json =
        "{\"duration_s\": 30, \"table\": {\"rcu\": 100, \"wcu\": 10000, \"key\": {\"pk\": \"K#{k}\"}},"
        " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 2}},"
        " \"workload\": {\"rate\": {\"rps\": 120}, \"mix\": {\"batch_write\": 1},"
        "                \"item_bytes\": {\"bytes\": 1000}},"
        " \"client\": {\"retry\": {\"mode\": \"standard\", \"max_attempts\": 5, \"quota\": 0}}}";
    ddb_report r;
    ddb_test_run_json(json, NULL, &r);
    const ddb_counters *t = &r.total;
    uint64_t item_throttles = t->by_reason[DDB_WRITE][DDB_THROTTLE_PROVISIONED] +
                              t->by_reason[DDB_WRITE][DDB_THROTTLE_KEY_RANGE];
    /* Every refused item was returned unprocessed, and counted as a throttle event. */
    assert_true(t->unprocessed_items > 1000);
    assert_int_equal(item_throttles, t->unprocessed_items);
    /* ThrottledRequests counts a batch only when all its items were refused: far fewer. */
    assert_true(t->throttles[DDB_WRITE] < item_throttles / 5);
    /* Unprocessed items were resubmitted, and every batch ended one way or the other. */
    assert_true(t->retries > 0);
    assert_int_equal(t->requests[DDB_WRITE], t->arrivals + t->retries);
    assert_int_equal(t->succeeded + t->failed + r.in_flight_at_end, t->arrivals);
    /* Nothing admitted beyond what the two partitions can serve: 1,000 WCU/s each, plus the
     * second of tokens each starts with. */
    assert_true(t->consumed_milli[DDB_WRITE] <= (2000LL * 30 + 2000) * 1000);
    ddb_report_destroy(&r);
}

static void test_conservation_under_retries(void **state)
{
    (void)state;
    const char *json =
        "{\"duration_s\": 60, \"table\": {\"rcu\": 100, \"wcu\": 1000, \"burst_s\": 0, \"key\": {\"pk\": \"K#{k}\"}},"
        " \"attributes\": {\"k\": {\"dist\": \"zipfian\", \"n\": 10000}},"
        " \"workload\": {\"rate\": {\"rps\": 2500}, \"mix\": {\"put\": 0.7, \"get\": 0.3}},"
        " \"client\": {\"retry\": {\"mode\": \"standard\", \"max_attempts\": 3, \"quota\": 0}}}";
    ddb_report r;
    ddb_test_run_json(json, NULL, &r);
    const ddb_counters *t = &r.total;
    uint64_t attempts = t->requests[0] + t->requests[1];
    assert_true(t->retries > 1000 && t->failed > 100);
    assert_int_equal(attempts, t->arrivals + t->retries);
    assert_int_equal(t->succeeded + t->failed + r.in_flight_at_end, t->arrivals);
    for (int d = 0; d < 2; d++) {
        uint64_t by_reason = 0;
        for (int reason = 1; reason < DDB_THROTTLE_REASON_COUNT; reason++)
            by_reason += t->by_reason[d][reason];
        assert_int_equal(by_reason, t->throttles[d]);
    }
    /* Every failure spent all its attempts: at least 2 retries each. */
    assert_true(t->retries >= 2 * t->failed);
    /* Standard mode waits at most 1 s, then 2 s: no success takes longer than 3 s plus three
     * service times (5 ms median). */
    assert_true(r.latency_ms[2] <= 3000.0 * 1.02 + 100.0);
    assert_true(r.latency_ms[1] > 0.0);
    ddb_report_destroy(&r);
}

/* The scenario of test_conservation_under_retries, stopping (as `plan` asks) once its write
 * throttle rate is certain to end over `target`; target < 0: it runs to its end. */
static void run_stopping(double target, ddb_report *r)
{
    const char *json =
        "{\"duration_s\": 60, \"table\": {\"rcu\": 100, \"wcu\": 1000, \"burst_s\": 0, \"key\": {\"pk\": \"K#{k}\"}},"
        " \"attributes\": {\"k\": {\"dist\": \"zipfian\", \"n\": 10000}},"
        " \"output\": {\"interval_s\": 1},"
        " \"workload\": {\"rate\": {\"rps\": 2500}, \"mix\": {\"put\": 0.7, \"get\": 0.3}},"
        " \"client\": {\"retry\": {\"mode\": \"standard\", \"max_attempts\": 3, \"quota\": 0}}}";
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    if (ddb_scenario_parse(&s, json, strlen(json), "inline.json", NULL, 0, err, sizeof err) != 0)
        fail_msg("%s", err);
    s.has_stop = target >= 0.0;
    s.stop_above_rate = target;
    s.stop_dir = (int)DDB_WRITE;
    ddb_run_options opt = {NULL, NULL, NULL, NULL};
    if (ddb_run(&s, &opt, r, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_scenario_destroy(&s);
}

/* A run certain to end over plan's target stops, and only then: stopped at t, its throttles are
 * the whole run's up to t (the same draws), already more than the target times every attempt the
 * whole run made; a target the whole run meets never stops it. */
static void test_run_stops_once_certain_to_fail(void **state)
{
    (void)state;
    ddb_report whole, stopped, kept;
    run_stopping(-1.0, &whole);
    double rate = (double)whole.total.throttles[DDB_WRITE] / (double)whole.total.requests[DDB_WRITE];
    assert_true(rate > 0.05);
    run_stopping(0.02, &stopped);
    assert_true(stopped.stopped_at_ns > 0 && stopped.stopped_at_ns < whole.duration_ns);
    assert_true(stopped.total.throttles[DDB_WRITE] <= whole.total.throttles[DDB_WRITE]);
    assert_true((double)stopped.total.throttles[DDB_WRITE] >
                0.02 * (double)whole.total.requests[DDB_WRITE]);
    run_stopping(rate * 1.01, &kept);
    assert_int_equal(kept.stopped_at_ns, 0);
    assert_int_equal(kept.total.throttles[DDB_WRITE], whole.total.throttles[DDB_WRITE]);
    assert_int_equal(kept.total.requests[DDB_WRITE], whole.total.requests[DDB_WRITE]);
    ddb_report_destroy(&whole);
    ddb_report_destroy(&stopped);
    ddb_report_destroy(&kept);
}

static void test_keys_following_the_clock_stay_bounded(void **state)
{
    (void)state;
    /* Every millisecond is a new key: more distinct keys than the key table tracks. */
    const char *json =
        "{\"duration_s\": 1500, \"output\": {\"interval_s\": 60},"
        " \"table\": {\"rcu\": 30000, \"wcu\": 10000, \"key\": {\"pk\": \"T#{ts}\"}},"
        " \"attributes\": {\"ts\": {\"dist\": \"clock\"}},"
        " \"workload\": {\"rate\": {\"rps\": 2000}, \"mix\": {\"get\": 1}}}";
    ddb_report r;
    ddb_test_run_json(json, NULL, &r);
    assert_int_equal(r.distinct_keys, 1u << 20);
    assert_true(r.untracked_requests > 0);
    assert_int_equal(r.total.requests[DDB_READ], r.total.arrivals);
    ddb_report_destroy(&r);
}

static void test_oversized_lognormal_items_are_capped_and_counted(void **state)
{
    (void)state;
    ddb_report r;
    run_workload(", \"item_bytes\": {\"dist\": \"lognormal\", \"median\": 300000, \"sigma\": 1}", "{\"get\": 1}", &r);
    assert_true(r.capped_items > 1000);
    /* No read costs more than a 400 KB item: 100 units, eventual 50 RCU. */
    assert_true(r.total.consumed_milli[DDB_READ] <= 50000 * (int64_t)r.total.requests[DDB_READ]);
    ddb_report_destroy(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_costs),
        cmocka_unit_test(test_write_costs),
        cmocka_unit_test(test_query_and_scan_costs),
        cmocka_unit_test(test_latency_is_the_service_time),
        cmocka_unit_test(test_batch_costs_round_per_item),
        cmocka_unit_test(test_batches_resubmit_unprocessed_items),
        cmocka_unit_test(test_conservation_under_retries),
        cmocka_unit_test(test_run_stops_once_certain_to_fail),
        cmocka_unit_test(test_keys_following_the_clock_stay_bounded),
        cmocka_unit_test(test_oversized_lognormal_items_are_capped_and_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
