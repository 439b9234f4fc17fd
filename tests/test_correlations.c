/* Attribute correlations and per-operation sizes, end to end through the engine: a key built from
 * a derived attribute (customer_id -> tenant) takes exactly the traffic of its source values, and
 * each operation is charged for its own item size. Also the three fixed mappings themselves. */
#define _POSIX_C_SOURCE 200809L /* tests/testlib.h: mkstemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "sim/engine/engine.h"
#include "sim/scenario/scenario.h"
#include "tests/testlib.h"

static void test_mappings(void **state)
{
    (void)state;
    ddb_dist_spec mod = {.kind = DDB_DIST_DERIVED, .n = 7, .map = DDB_DERIVE_MOD};
    ddb_dist_spec block = {.kind = DDB_DIST_DERIVED, .n = 4, .map = DDB_DERIVE_BLOCK};
    ddb_dist_spec hash = {.kind = DDB_DIST_DERIVED, .n = 10, .map = DDB_DERIVE_HASH};
    assert_int_equal(ddb_dist_derive(&mod, 23, 100), 2);
    assert_int_equal(ddb_dist_derive(&block, 0, 100), 0);
    assert_int_equal(ddb_dist_derive(&block, 24, 100), 0);
    assert_int_equal(ddb_dist_derive(&block, 25, 100), 1);
    assert_int_equal(ddb_dist_derive(&block, 99, 100), 3);
    assert_int_equal(ddb_dist_derive(&block, (1ULL << 40) - 1, 1ULL << 40), 3); /* no overflow */
    /* hash: fixed (the same value every time) and spread: 100,000 sources over 10 values */
    uint64_t count[10] = {0};
    for (uint64_t v = 0; v < 100000; v++) {
        uint64_t t = ddb_dist_derive(&hash, v, 0);
        assert_int_equal(t, ddb_dist_derive(&hash, v, 0));
        count[t]++;
    }
    for (int t = 0; t < 10; t++)
        assert_true(fabs((double)count[t] - 10000.0) < 4 * sqrt(9000.0));
}

/* TENANT#{tenant} with tenant = customer_id * 50 / 10000 (block): tenant 0 holds customers
 * 0..199, so it gets their zipfian mass, computed from the zipfian's exact pmf. */
static void test_derived_key(void **state)
{
    (void)state;
    const char *json =
        "{\"duration_s\": 30, \"table\": {\"rcu\": 3000, \"wcu\": 3000, \"key\": {\"pk\": \"TENANT#{tenant}\"}},"
        " \"attributes\": {\"customer_id\": {\"dist\": \"zipfian\", \"n\": 10000},"
        "   \"tenant\": {\"dist\": \"derived\", \"from\": \"customer_id\", \"n\": 50, \"map\": \"block\"}},"
        " \"workload\": {\"rate\": {\"rps\": 1000}, \"mix\": {\"get\": 1}}}";
    ddb_report r;
    ddb_test_run_json(json, NULL, &r);
    ddb_dist_spec z = {.kind = DDB_DIST_ZIPFIAN, .n = 10000, .theta = 0.99};
    ddb_dist *d = ddb_dist_new(&z);
    double p = 0.0;
    for (uint64_t c = 0; c < 200; c++)
        p += ddb_dist_pmf(d, c);
    ddb_dist_free(d);
    double n = (double)r.total.arrivals;
    assert_int_equal(r.distinct_keys, 50);
    assert_true(r.has_hot_key);
    assert_string_equal(r.hot_key, "TENANT#0");
    assert_int_equal(r.total.retries, 0);
    double want = n * p, sd = sqrt(n * p * (1 - p));
    if (fabs((double)r.hot_key_requests - want) > 4 * sd)
        fail_msg("tenant 0: %llu requests, expected %.0f +- %.0f",
                 (unsigned long long)r.hot_key_requests, want, 4 * sd);
    ddb_report_destroy(&r);
}

/* Gets of 100-byte items (0.5 RCU each, eventual) and puts of 4,000-byte ones (4 WCU each), where
 * item_bytes alone would make every item 1 KB. */
static void test_sizes_by_op(void **state)
{
    (void)state;
    const char *json =
        "{\"duration_s\": 10, \"table\": {\"rcu\": 20000, \"wcu\": 20000, \"key\": {\"pk\": \"K#{k}\"}},"
        " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 1000}},"
        " \"workload\": {\"rate\": {\"rps\": 1000}, \"mix\": {\"get\": 0.5, \"put\": 0.3, \"update\": 0.2},"
        "   \"item_bytes_by_op\": {\"get\": {\"dist\": \"fixed\", \"bytes\": 100},"
        "                          \"put\": {\"dist\": \"fixed\", \"bytes\": 4000}}}}";
    ddb_report r;
    ddb_test_run_json(json, NULL, &r);
    assert_int_equal(r.total.retries, 0);
    assert_true(r.total.consumed_milli[0] == (int64_t)r.total.requests[0] * 500);
    /* writes: puts 4 WCU, updates take item_bytes (1024 bytes: 1 WCU) */
    int64_t w = r.total.consumed_milli[1], n = (int64_t)r.total.requests[1];
    assert_true(w > n * 1000 && w < n * 4000);
    assert_true((w - n * 1000) % 3000 == 0); /* (4 - 1) WCU more per put */
    double puts = (double)(w - n * 1000) / 3000.0;
    assert_true(fabs(puts / (double)n - 0.6) < 0.05); /* 0.3 of 0.5 */
    ddb_report_destroy(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mappings),
        cmocka_unit_test(test_derived_key),
        cmocka_unit_test(test_sizes_by_op),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
