/* Tests of the admission model: hard caps, shares, burst, adaptive capacity, reasons. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "sim/model/table.h"

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
    ddb_table_config c = {.rcu = rcu, .wcu = wcu, .size_gb = size_gb, .burst_s = burst_s,
                          .adaptive_capacity = adaptive};
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

/* A split conserves keys: every hash maps to exactly one partition before and after, and only
 * the keys of the partition that split may move, to the new partition alone. */
static void test_split_conserves_keys(void **state)
{
    (void)state;
    ddb_table t;
    make(&t, 5000, 2000, 0, 300, true);
    assert_int_equal(t.n_partitions, 4);
    enum { N = 20000 };
    static uint32_t before[N];
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        before[i] = (uint32_t)ddb_keyspace_lookup(&t.keys, ddb_key_hash(&x, sizeof x));
    }
    size_t r = ddb_keyspace_range_of(&t.keys, 2);
    uint64_t at = ddb_keyspace_first(&t.keys, r) + (ddb_keyspace_last(&t.keys, r) - ddb_keyspace_first(&t.keys, r)) / 3;
    uint32_t child = ddb_table_split(&t, 2, at, 5 * S);
    assert_int_equal(child, 4);
    assert_int_equal(t.n_partitions, 5);
    x = 88172645463325252ULL;
    int moved = 0, kept = 0;
    for (int i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t h = ddb_key_hash(&x, sizeof x);
        uint32_t now = (uint32_t)ddb_keyspace_lookup(&t.keys, h);
        /* Exactly one range holds h. */
        int holders = 0;
        for (size_t k = 0; k < t.keys.n; k++)
            holders += h >= ddb_keyspace_first(&t.keys, k) && h <= ddb_keyspace_last(&t.keys, k);
        assert_int_equal(holders, 1);
        if (before[i] != 2) {
            assert_int_equal(now, before[i]);
        } else {
            assert_true(now == 2 || now == child);
            assert_int_equal(now == child, h >= at);
            moved += now == child;
            kept += now == 2;
        }
    }
    assert_true(moved > 0 && kept > 0);
    /* Each half has half the parent's share; the shares still add up to the table. */
    assert_int_equal(ddb_table_share_milli(&t, 2, DDB_WRITE), 250000);
    assert_int_equal(ddb_table_share_milli(&t, child, DDB_WRITE), 250000);
    assert_int_equal(ddb_table_share_milli(&t, 0, DDB_WRITE), 500000);
    int64_t sum[2] = {0, 0};
    for (size_t p = 0; p < t.n_partitions; p++)
        for (int d = 0; d < 2; d++)
            sum[d] += ddb_table_share_milli(&t, p, (enum ddb_dir)d);
    assert_int_equal(sum[DDB_READ], 5000 * 1000);
    assert_int_equal(sum[DDB_WRITE], 2000 * 1000);
    ddb_table_destroy(&t);
}

/* Raising throughput past what the partitions serve: the doubling rule's trigger. 5,000 R +
 * 2,000 W is 4 partitions of 1,250 R / 500 W; at 8,000 R a partition would serve 2,000 R +
 * 500 W, over its 3,000 R-equivalent: short of partitions (docs/model.md §2). */
static void test_short_of_partitions(void **state)
{
    (void)state;
    ddb_table t;
    make(&t, 5000, 2000, 0, 300, true);
    assert_false(ddb_table_short_of_partitions(&t));
    ddb_table_set_rate(&t, DDB_READ, 6000, S);
    assert_false(ddb_table_short_of_partitions(&t)); /* 1,500 R + 500 W: exactly full */
    ddb_table_set_rate(&t, DDB_READ, 6001, 2 * S);
    assert_true(ddb_table_short_of_partitions(&t));
    ddb_table_destroy(&t);
}

/* Whatever splits and rate changes happen, what a table admits is at most its provisioned rate
 * over the time so far, plus the tokens it may hold (no burst: one second in shares and pool). */
static void test_total_never_exceeds_provisioned_across_splits(void **state)
{
    (void)state;
    ddb_table t;
    make(&t, 1000, 1000, 0, 0, true);
    assert_int_equal(t.n_partitions, 2);
    ddb_table u; /* small: its hard caps (2 x 1,000 WCU) cannot reach a 40,000 quota */
    ddb_table_config uc = {.rcu = 1000, .wcu = 1000, .quota_rcu = 40000, .quota_wcu = 40000};
    ddb_table_init(&u, &uc);
    assert_false(u.check_quota[DDB_WRITE]);
    ddb_table_destroy(&u);
    int64_t now = 0;
    uint64_t admitted = 0;
    for (int sec = 0; sec < 40; sec++) {
        if (sec == 10)
            ddb_table_split(&t, 0, ddb_keyspace_mid(&t.keys, ddb_keyspace_range_of(&t.keys, 0)), now);
        if (sec == 20)
            ddb_table_set_rate(&t, DDB_WRITE, 1500, now);
        if (sec == 30)
            ddb_table_split(&t, 1, ddb_keyspace_mid(&t.keys, ddb_keyspace_range_of(&t.keys, 1)), now);
        /* 4,000 writes of 1 WCU a second, spread over every partition (skewed to the first). */
        for (int i = 0; i < 4000; i++) {
            size_t p = i % 3 == 0 ? 0 : (size_t)i % t.n_partitions;
            admitted += ddb_table_admit(&t, p, DDB_WRITE, 1000, now + (int64_t)i * (S / 4000)) == DDB_ADMITTED;
        }
        now += S;
        /* The rate over the time so far, plus the one second of tokens the shares and the
         * adaptive pool may each hold. */
        uint64_t allowed = sec < 20 ? (uint64_t)(sec + 1) * 1000 + 2 * 1000
                                    : 20 * 1000 + (uint64_t)(sec - 19) * 1500 + 2 * 1500;
        if (admitted > allowed)
            fail_msg("after %d s: %llu admitted, at most %llu allowed", sec + 1,
                     (unsigned long long)admitted, (unsigned long long)allowed);
    }
    assert_true(admitted > 40 * 1000); /* and it serves what it is given */
    ddb_table_destroy(&t);
}

/* The per-table quota throttles what passes every partition but exceeds the quota. */
static void test_quota_throttles_account_limit(void **state)
{
    (void)state;
    ddb_table t;
    ddb_table_config c = {.rcu = 3000, .wcu = 30000, .burst_s = 0, .adaptive_capacity = true,
                          .quota_rcu = 40000, .quota_wcu = 20000};
    ddb_table_init(&t, &c);
    assert_int_equal(t.n_partitions, 31);
    assert_true(t.check_quota[DDB_WRITE]);
    assert_true(t.check_quota[DDB_READ]); /* 31 x 3,000 RCU > 40,000: it could bind */
    /* 900 WCU/s on each of the 31 partitions: 27,900 a second, within every share and cap,
     * against 20,000 of quota (whose bucket holds one second) for 10 s. */
    tally out = {0};
    const int64_t n = 31 * 900;
    for (int64_t i = 0; i < n * 10; i++) {
        enum ddb_throttle_reason r = ddb_table_admit(&t, (size_t)(i % 31), DDB_WRITE, 1000, i * (S / n));
        out.admitted += r == DDB_ADMITTED;
        out.by_reason[r]++;
    }
    assert_true(out.admitted <= 20000 * 10 + 20000);
    assert_true(out.admitted >= 20000 * 10 - 100);
    assert_int_equal(out.by_reason[DDB_THROTTLE_ACCOUNT_LIMIT] + out.admitted, (uint64_t)n * 10);
    ddb_table_destroy(&t);
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
        cmocka_unit_test(test_split_conserves_keys),
        cmocka_unit_test(test_short_of_partitions),
        cmocka_unit_test(test_total_never_exceeds_provisioned_across_splits),
        cmocka_unit_test(test_quota_throttles_account_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
