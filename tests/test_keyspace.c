/* test_keyspace — hash known answers and spread, the initial partition count, equal ranges and
 * lookup at every boundary. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sim/model/keyspace.h"

__extension__ typedef unsigned __int128 u128;

static uint64_t hash_str(const char *s)
{
    return ddb_key_hash(s, strlen(s));
}

/* Reference FNV-1a 64 vectors (Fowler/Noll/Vo test suite) pushed through fmix64, computed
 * independently here so the composition is pinned. */
static uint64_t fmix(uint64_t k)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    k *= UINT64_C(0xc4ceb9fe1a85ec53);
    k ^= k >> 33;
    return k;
}

static void test_hash_known(void **unused)
{
    (void)unused;
    assert_int_equal(ddb_key_hash("", 0), fmix(UINT64_C(0xcbf29ce484222325)));
    assert_int_equal(hash_str("a"), fmix(UINT64_C(0xaf63dc4c8601ec8c)));
    assert_int_equal(hash_str("foobar"), fmix(UINT64_C(0x85944171f73967e8)));
    /* The hash is part of the output contract: pin one full value. */
    assert_int_equal(hash_str("ORDER#1"), UINT64_C(0x78c7656a50844fb4));
    /* bytes, not C strings: an embedded NUL counts */
    assert_int_not_equal(ddb_key_hash("a\0b", 3), ddb_key_hash("a", 1));
}

/* The hash in pieces gives the hash of the whole: keys cut at every place, the empty key among
 * them. */
static void test_hash_in_pieces(void **unused)
{
    (void)unused;
    const char *keys[4] = {"USER#1#2026-12-07", "USER#123456#2026-12-07", "", "ORDER#1"};
    for (int k = 0; k < 4; k++) {
        size_t len = strlen(keys[k]);
        for (size_t cut = 0; cut <= len; cut++) {
            uint64_t state = ddb_key_hash_more(DDB_KEY_HASH_START, keys[k], cut);
            state = ddb_key_hash_more(state, keys[k] + cut, len - cut);
            assert_int_equal(ddb_key_hash_end(state), hash_str(keys[k]));
        }
    }
    /* From a shared prefix's state. */
    uint64_t prefix = ddb_key_hash_more(DDB_KEY_HASH_START, "USER#", 5);
    assert_int_equal(ddb_key_hash_end(ddb_key_hash_more(prefix, "123456#2026-12-07", 17)),
                     hash_str("USER#123456#2026-12-07"));
}

static void test_partitions_initial(void **unused)
{
    (void)unused;
    /* docs/model.md §2: the developer guide's examples */
    assert_int_equal(ddb_partitions_initial(1000, 500, 0), 1);   /* 0.8333 */
    assert_int_equal(ddb_partitions_initial(1000, 1000, 0), 2);  /* 1.333 */
    assert_int_equal(ddb_partitions_initial(5000, 2000, 0), 4);  /* 3.6667 */
    assert_int_equal(ddb_partitions_initial(6000, 3000, 0), 5);  /* 2 + 3 */
    assert_int_equal(ddb_partitions_initial(6000, 3000, 25), 5);
    assert_int_equal(ddb_partitions_initial(100, 100, 25), 3);   /* size rules */
    assert_int_equal(ddb_partitions_initial(0, 0, 0), 1);        /* at least one */
    assert_int_equal(ddb_partitions_initial(3000, 0, 0), 1);     /* exactly one partition's worth */
    assert_int_equal(ddb_partitions_initial(3001, 0, 0), 2);
    assert_int_equal(ddb_partitions_initial(0, 1000, 0), 1);
    assert_int_equal(ddb_partitions_initial(0, 1001, 0), 2);
    assert_int_equal(ddb_partitions_initial(2999, 0, 0), 1);
    assert_int_equal(ddb_partitions_initial(3, 999, 0), 1);      /* 3/3000 + 999/1000 = 1 */
    assert_int_equal(ddb_partitions_initial(4, 999, 0), 2);
    /* size: exact at multiples of 10 GB */
    assert_int_equal(ddb_partitions_initial(1, 1, 10.0), 1);
    assert_int_equal(ddb_partitions_initial(1, 1, 20.0), 2);
    assert_int_equal(ddb_partitions_initial(1, 1, 20.0000001), 3);
    assert_int_equal(ddb_partitions_initial(1, 1, 19.9999999), 2);
    assert_int_equal(ddb_partitions_initial(1, 1, 30.000000000000004), 4);
    assert_int_equal(ddb_partitions_initial(1, 1, 0.1 + 0.2), 1);
    assert_int_equal(ddb_partitions_initial(1, 1, 70.0), 7);
    assert_int_equal(ddb_partitions_initial(1, 1, 1e-300), 1);
    assert_int_equal(ddb_partitions_initial(1, 1, 1e6), 100000);
    /* large integers stay exact */
    assert_int_equal(ddb_partitions_initial(INT64_C(3000000000000), 0, 0), 1000000000);
    assert_int_equal(ddb_partitions_initial(INT64_C(3000000000001), 0, 0), 1000000001);
}

static void check_equal_ranges(size_t n)
{
    ddb_keyspace k;
    ddb_keyspace_init_equal(&k, n);
    assert_int_equal(k.n, n);
    assert_int_equal(k.start[0], 0);
    assert_int_equal(ddb_keyspace_last(&k, n - 1), UINT64_MAX);
    for (size_t i = 0; i < n; i++) {
        uint64_t first = ddb_keyspace_first(&k, i), last = ddb_keyspace_last(&k, i);
        u128 want = (((u128)i << 64) + n - 1) / n; /* ceil(i * 2^64 / n) */
        assert_true(first == (uint64_t)want);
        assert_true(last >= first);
        if (i + 1 < n)
            assert_true(last + 1 == ddb_keyspace_first(&k, i + 1));
        /* widths differ by at most one */
        u128 width = (u128)last - first + 1, lo = ((u128)1 << 64) / n;
        assert_true(width == lo || width == lo + 1);
        assert_int_equal(ddb_keyspace_lookup(&k, first), i);
        assert_int_equal(ddb_keyspace_lookup(&k, last), i);
        assert_int_equal(ddb_keyspace_lookup(&k, first + (last - first) / 2), i);
        if (i > 0)
            assert_int_equal(ddb_keyspace_lookup(&k, first - 1), i - 1);
    }
    ddb_keyspace_destroy(&k);
    assert_null(k.start);
}

static void test_equal_ranges_and_lookup(void **unused)
{
    (void)unused;
    for (size_t n = 1; n <= 70; n++)
        check_equal_ranges(n);
    check_equal_ranges(1000);
    check_equal_ranges(4097);
}

static void test_lookup_two(void **unused)
{
    (void)unused;
    ddb_keyspace k;
    ddb_keyspace_init_equal(&k, 2);
    assert_int_equal(k.start[1], UINT64_C(1) << 63);
    assert_int_equal(ddb_keyspace_lookup(&k, 0), 0);
    assert_int_equal(ddb_keyspace_lookup(&k, (UINT64_C(1) << 63) - 1), 0);
    assert_int_equal(ddb_keyspace_lookup(&k, UINT64_C(1) << 63), 1);
    assert_int_equal(ddb_keyspace_lookup(&k, UINT64_MAX), 1);
    ddb_keyspace_destroy(&k);
    ddb_keyspace_init_equal(&k, 3); /* 2^64 / 3 is not an integer: ceil */
    assert_int_equal(k.start[1], UINT64_C(0x5555555555555556));
    assert_int_equal(k.start[2], UINT64_C(0xaaaaaaaaaaaaaaab));
    ddb_keyspace_destroy(&k);
}

/* 1e6 sequential keys over n equal partitions: chi-square against uniform. */
static double spread_p(size_t n)
{
    ddb_keyspace k;
    ddb_keyspace_init_equal(&k, n);
    double counts[16] = {0};
    char key[32];
    const int keys = 1000000;
    for (int i = 0; i < keys; i++) {
        int len = snprintf(key, sizeof key, "KEY#%d", i);
        counts[ddb_keyspace_lookup(&k, ddb_key_hash(key, (size_t)len))] += 1;
    }
    double expect = (double)keys / (double)n, chi2 = 0;
    for (size_t i = 0; i < n; i++)
        chi2 += (counts[i] - expect) * (counts[i] - expect) / expect;
    ddb_keyspace_destroy(&k);
    return gsl_cdf_chisq_Q(chi2, (double)(n - 1));
}

static void test_spread_chi_square(void **unused)
{
    (void)unused;
    double p10 = spread_p(10), p7 = spread_p(7);
    print_message("chi-square p: 10 partitions %.4f, 7 partitions %.4f\n", p10, p7);
    assert_true(p10 > 0.001);
    assert_true(p7 > 0.001);
}

/* Keys that differ in a trailing character must land on unrelated partitions. */
static void test_trailing_char_spread(void **unused)
{
    (void)unused;
    ddb_keyspace k;
    ddb_keyspace_init_equal(&k, 10);
    int seen[10] = {0}, distinct = 0;
    char key[32];
    for (int i = 1; i <= 20; i++) {
        int len = snprintf(key, sizeof key, "HOT#A#%d", i);
        size_t p = ddb_keyspace_lookup(&k, ddb_key_hash(key, (size_t)len));
        distinct += !seen[p];
        seen[p] = 1;
    }
    /* 20 random throws into 10 bins hit about 8.8 bins; 5 or fewer has probability < 1e-3 */
    assert_true(distinct >= 5);
    ddb_keyspace_destroy(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_known),
        cmocka_unit_test(test_hash_in_pieces),
        cmocka_unit_test(test_partitions_initial),
        cmocka_unit_test(test_equal_ranges_and_lookup),
        cmocka_unit_test(test_lookup_two),
        cmocka_unit_test(test_spread_chi_square),
        cmocka_unit_test(test_trailing_char_spread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
