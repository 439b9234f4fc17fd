/* Tests of the admission model: hard caps, shares, burst, adaptive capacity, reasons. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "sim/table.h"

#define MS 1000000LL
#define S 1000000000LL

/* Offer `per_s` requests of cost_milli per second to partition p, evenly spaced, for secs
 * seconds from t0; count admissions and refusals by reason. */
typedef struct tally {
    uint64_t offered, admitted, by_reason[DDB_THROTTLE_REASON_COUNT];
} tally;

static void offer(ddb_table *t, size_t p, enum ddb_dir d, int64_t per_s, int64_t cost_milli,
                  int64_t t0, int64_t secs, tally *out)
{
    int64_t step = S / per_s;
    for (int64_t now = t0; now < t0 + secs * S; now += step) {
        enum ddb_throttle_reason r = ddb_table_admit(t, p, d, cost_milli, now);
        out->offered++;
        if (r == DDB_ADMITTED)
            out->admitted++;
        else
            out->by_reason[r]++;
    }
}

static void make(ddb_table *t, int64_t rcu, int64_t wcu, double size_gb, double burst_s, bool adaptive)
{
    ddb_table_config c = {rcu, wcu, size_gb, burst_s, adaptive};
    ddb_table_init(t, &c);
}

static void test_partition_count_and_shares(void **state)
{
    (void)state;
    ddb_table t;
    make(&t, 100, 10000, 0, 300, true);
    assert_int_equal(t.n_partitions, 11);
    int64_t sum = 0;
    for (size_t p = 0; p < t.n_partitions; p++)
        sum += ddb_table_share_milli(&t, p, DDB_WRITE);
    assert_int_equal(sum, 10000 * 1000); /* shares add up to the table exactly */
    ddb_table_destroy(&t);
    make(&t, 100, 400, 40, 300, true);
    assert_int_equal(t.n_partitions, 4);
    assert_int_equal(ddb_table_share_milli(&t, 0, DDB_WRITE), 100000);
    ddb_table_destroy(&t);
}

static void test_hard_cap_holds_a_hot_partition(void **state)
{
    (void)state;
    ddb_table t;
    make(&t, 100, 10000, 0, 300, true); /* share 909 WCU, adaptive can lift it to the cap */
    tally y = {0};
    offer(&t, 0, DDB_WRITE, 2000, 1000, 0, 10, &y);
    /* One second of cap tokens at the start, then 1,000 WCU/s. */
    assert_in_range(y.admitted, 10990, 11001);
    assert_int_equal(y.by_reason[DDB_THROTTLE_PROVISIONED], 0);
    assert_int_equal(y.by_reason[DDB_THROTTLE_KEY_RANGE], y.offered - y.admitted);
    ddb_table_destroy(&t);
}

static void test_share_limits_without_adaptive(void **state)
{
    (void)state;
    ddb_table t;
    make(&t, 1, 900, 0, 0, false);
    assert_int_equal(t.n_partitions, 1);
    tally y = {0};
    offer(&t, 0, DDB_WRITE, 1800, 1000, 0, 10, &y);
    assert_in_range(y.admitted, 9890, 9901); /* 900 initial + 900/s */
    assert_int_equal(y.by_reason[DDB_THROTTLE_KEY_RANGE], 0);
    assert_int_equal(y.by_reason[DDB_THROTTLE_PROVISIONED], y.offered - y.admitted);
    ddb_table_destroy(&t);
}

/* The documented example: 400 WCU over 4 partitions, one taking 150 WCU/s, is sustained with
 * adaptive capacity and throttled without it. */
static void skewed(bool adaptive, tally per_part[4])
{
    ddb_table t;
    make(&t, 100, 400, 40, 0, adaptive);
    assert_int_equal(t.n_partitions, 4);
    /* Interleave the partitions in time, 1 ms apart. */
    for (int64_t now = 0; now < 60 * S; now += MS) {
        for (size_t p = 0; p < 4; p++) {
            int64_t per_ms_cost = p == 0 ? 150 : 50; /* milli-units per ms = units per second */
            enum ddb_throttle_reason r = ddb_table_admit(&t, p, DDB_WRITE, per_ms_cost, now);
            if (r == DDB_ADMITTED)
                per_part[p].admitted++;
            else
                per_part[p].by_reason[r]++;
        }
    }
    ddb_table_destroy(&t);
}

static void test_adaptive_capacity_absorbs_skew(void **state)
{
    (void)state;
    tally on[4] = {{0}}, off[4] = {{0}};
    skewed(true, on);
    skewed(false, off);
    for (size_t p = 0; p < 4; p++)
        assert_int_equal(on[p].admitted, 60000);
    /* Without it the hot partition gets its share, 100 of 150 WCU/s. */
    double admitted = (double)off[0].admitted / 60000.0;
    assert_true(admitted > 0.66 && admitted < 0.68);
    assert_int_equal(off[1].admitted, 60000);
}

static void test_table_total_never_exceeded(void **state)
{
    (void)state;
    ddb_table t;
    make(&t, 100, 400, 40, 0, true);
    int64_t consumed = 0;
    for (int64_t now = 0; now < 60 * S; now += MS)
        for (size_t p = 0; p < 4; p++)
            if (ddb_table_admit(&t, p, DDB_WRITE, 200, now) == DDB_ADMITTED) /* 200 WCU/s each */
                consumed += 200;
    /* 400 WCU/s for 60 s, plus the one second of tokens a new table starts with (shares and pool). */
    assert_true(consumed <= (400LL * 60 + 400 + 400) * 1000);
    assert_true(consumed >= 400LL * 60 * 1000);
    ddb_table_destroy(&t);
}

static void test_throttled_request_consumes_nothing(void **state)
{
    (void)state;
    ddb_table t;
    make(&t, 1, 900, 0, 0, false);
    /* Spend the first second's tokens, then check a refusal leaves the bucket alone. */
    assert_int_equal(ddb_table_admit(&t, 0, DDB_WRITE, 900000, 0), DDB_ADMITTED);
    int64_t before = ddb_table_tokens_milli(&t, 0, DDB_WRITE, 0);
    assert_int_equal(ddb_table_admit(&t, 0, DDB_WRITE, 1000, 0), DDB_THROTTLE_PROVISIONED);
    assert_int_equal(ddb_table_tokens_milli(&t, 0, DDB_WRITE, 0), before);
    ddb_table_destroy(&t);
}

static void test_burst_banks_unused_capacity(void **state)
{
    (void)state;
    ddb_table t;
    make(&t, 1, 500, 0, 300, false);
    /* A new table has one second of tokens; 100 idle seconds bank 100 more. */
    assert_int_equal(ddb_table_tokens_milli(&t, 0, DDB_WRITE, 0), 500000);
    assert_int_equal(ddb_table_tokens_milli(&t, 0, DDB_WRITE, 100 * S), 50500000);
    /* The bank holds at most burst_s seconds. */
    assert_int_equal(ddb_table_tokens_milli(&t, 0, DDB_WRITE, 1000 * S), 150000000);
    ddb_table_destroy(&t);
}

static void test_reason_names(void **state)
{
    (void)state;
    assert_string_equal(ddb_throttle_aws_name(DDB_THROTTLE_KEY_RANGE, false, DDB_WRITE),
                        "TableWriteKeyRangeThroughputExceeded");
    assert_string_equal(ddb_throttle_aws_name(DDB_THROTTLE_PROVISIONED, false, DDB_READ),
                        "TableReadProvisionedThroughputExceeded");
    assert_string_equal(ddb_throttle_column[DDB_THROTTLE_KEY_RANGE], "key_range");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partition_count_and_shares),
        cmocka_unit_test(test_hard_cap_holds_a_hot_partition),
        cmocka_unit_test(test_share_limits_without_adaptive),
        cmocka_unit_test(test_adaptive_capacity_absorbs_skew),
        cmocka_unit_test(test_table_total_never_exceeded),
        cmocka_unit_test(test_throttled_request_consumes_nothing),
        cmocka_unit_test(test_burst_banks_unused_capacity),
        cmocka_unit_test(test_reason_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
