/* test_bucket — exact refill arithmetic, the capacity cap, the oversize debt rule, drain,
 * set_rate, and conservation: no token is lost or invented by rounding. */
#define _POSIX_C_SOURCE 200809L /* tests/testlib.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "sim/model/bucket.h"
#include "sim/support/rng.h"
#include "tests/testlib.h"

#define S 1000000000LL /* one second in ns */

__extension__ typedef unsigned __int128 u128;

/* Rate 1000 milli/s refilled every nanosecond for one second: each step earns 1e-6 milli-unit,
 * which only the carried remainder can add up to exactly 1000. */
static void test_refill_every_ns(void **unused)
{
    (void)unused;
    ddb_bucket b;
    ddb_bucket_init(&b, 1000, 1000000, 0, 0);
    for (int64_t t = 1; t <= S; t++) {
        ddb_bucket_refill(&b, t);
        if (t % 1000000 == 999999) /* one step before each whole milli-unit */
            assert_int_equal(b.tokens_milli, t / 1000000);
    }
    assert_int_equal(b.tokens_milli, 1000);
    assert_int_equal(b.rem, 0);
    assert_int_equal(b.last_ns, S);
}

static void test_refill_exact(void **unused)
{
    (void)unused;
    ddb_bucket b;
    ddb_bucket_init(&b, 3000, 1000000, 0, 5 * S); /* starts at t = 5 s */
    ddb_bucket_refill(&b, 5 * S);
    assert_int_equal(b.tokens_milli, 0);
    ddb_bucket_refill(&b, 5 * S + 333333); /* 333,333 ns x 3000 = 0.999999 milli */
    assert_int_equal(b.tokens_milli, 0);
    assert_int_equal(b.rem, 999999000);
    ddb_bucket_refill(&b, 5 * S + 333334); /* + 3000 -> 1.000002 */
    assert_int_equal(b.tokens_milli, 1);
    assert_int_equal(b.rem, 2000);
    ddb_bucket_refill(&b, 6 * S); /* one second after start: exactly 3000 */
    assert_int_equal(b.tokens_milli, 3000);
    assert_int_equal(b.rem, 0);
}

static void test_cap(void **unused)
{
    (void)unused;
    ddb_bucket b;
    ddb_bucket_init(&b, 1000, 5000, 4500, 0);
    ddb_bucket_refill(&b, S / 4); /* +250 */
    assert_int_equal(b.tokens_milli, 4750);
    ddb_bucket_refill(&b, 100 * S);
    assert_int_equal(b.tokens_milli, 5000);
    assert_int_equal(b.rem, 0);
    ddb_bucket_refill(&b, 100 * S + S / 3); /* full: earnings discarded, fraction too */
    assert_int_equal(b.tokens_milli, 5000);
    assert_int_equal(b.rem, 0);
    ddb_bucket_take(&b, 1000);
    ddb_bucket_refill(&b, 101 * S + S / 3); /* exactly one second after the bucket was full */
    assert_int_equal(b.tokens_milli, 5000);
    ddb_bucket_take(&b, 1);
    ddb_bucket_refill(&b, 101 * S + S / 3 + 999999); /* 0.999999 milli: not yet */
    assert_int_equal(b.tokens_milli, 4999);
    ddb_bucket_refill(&b, 101 * S + S / 3 + 1000000);
    assert_int_equal(b.tokens_milli, 5000);
}

/* No overflow at the extremes: 1e12 milli/s over a year, and a product above 2^64 that does
 * not fill the bucket (the exact 128-bit path). */
/* Gaps on either side of 2^32 ns, where refill changes from 64-bit to 128-bit arithmetic: the
 * credited total is floor(total elapsed x rate / 1e9) on both. */
static void test_refill_across_arithmetic_widths(void **unused)
{
    (void)unused;
    const int64_t rate = 3000007, two32 = 4294967296LL;
    const int64_t gaps[] = {two32 - 1, two32, two32 + 1, 7 * S + 13, 1, two32 - 3};
    ddb_bucket b;
    ddb_bucket_init(&b, rate, INT64_MAX / 4, 0, 0);
    int64_t t = 0;
    for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++) {
        t += gaps[i];
        ddb_bucket_refill(&b, t);
        __extension__ unsigned __int128 want = (unsigned __int128)t * (uint64_t)rate;
        assert_int_equal(b.tokens_milli, (int64_t)(want / 1000000000u));
        assert_int_equal(b.rem, (int64_t)(want % 1000000000u));
    }
}

static void test_large_values(void **unused)
{
    (void)unused;
    const int64_t year = 365LL * 86400LL * S, rate = 1000000000000LL;
    ddb_bucket b;
    ddb_bucket_init(&b, rate, 300 * rate, 0, 0);
    ddb_bucket_refill(&b, year);
    assert_int_equal(b.tokens_milli, 300 * rate);
    ddb_bucket_init(&b, rate, INT64_MAX, 0, 0); /* year x rate / 1e9 = 3.15e19 > INT64_MAX */
    ddb_bucket_refill(&b, year);
    assert_int_equal(b.tokens_milli, INT64_MAX);
    ddb_bucket_init(&b, rate, 1000000000000000LL, 0, 0);
    ddb_bucket_refill(&b, S / 10 + 7); /* (1e8 + 7) ns x 1e12 = 1.00000007e20 > 2^64 */
    assert_int_equal(b.tokens_milli, 100000007000LL);
    assert_int_equal(b.rem, 0);
    ddb_bucket_refill(&b, S / 10 + 7 + year); /* would overflow without 128 bits */
    assert_int_equal(b.tokens_milli, 1000000000000000LL);
    /* deep debt below a large capacity */
    ddb_bucket_init(&b, 1000, INT64_MAX / 2, INT64_MAX / 2, 0);
    ddb_bucket_take(&b, INT64_MAX); /* oversize: admitted from full */
    assert_true(b.tokens_milli < 0);
    ddb_bucket_refill(&b, S);
    assert_int_equal(b.tokens_milli, INT64_MAX / 2 - INT64_MAX + 1000);
}

static void test_oversize_debt(void **unused)
{
    (void)unused;
    ddb_bucket b;
    ddb_bucket_init(&b, 1000, 1000, 1000, 0);
    assert_true(ddb_bucket_can_take(&b, 1000));
    assert_true(ddb_bucket_can_take(&b, 3000)); /* more than capacity, bucket full */
    ddb_bucket_take(&b, 3000);
    assert_int_equal(b.tokens_milli, -2000);
    assert_false(ddb_bucket_can_take(&b, 1));
    assert_false(ddb_bucket_can_take(&b, 3000));
    ddb_bucket_refill(&b, 2 * S); /* pays the debt back */
    assert_int_equal(b.tokens_milli, 0);
    assert_false(ddb_bucket_can_take(&b, 1));
    ddb_bucket_refill(&b, 3 * S - 1);
    assert_int_equal(b.tokens_milli, 999);
    assert_true(ddb_bucket_can_take(&b, 999));
    assert_false(ddb_bucket_can_take(&b, 1000));
    assert_false(ddb_bucket_can_take(&b, 3000)); /* oversize needs a full bucket */
    ddb_bucket_refill(&b, 3 * S);
    assert_true(ddb_bucket_can_take(&b, 3000));
    assert_true(ddb_bucket_can_take(&b, 1000));
    assert_true(ddb_bucket_can_take(&b, 1001)); /* full: anything oversize goes */
}

static void test_drain(void **unused)
{
    (void)unused;
    ddb_bucket b;
    ddb_bucket_init(&b, 1000, 1000, 700, 0);
    assert_int_equal(ddb_bucket_drain(&b, 200), 200);
    assert_int_equal(b.tokens_milli, 500);
    assert_int_equal(ddb_bucket_drain(&b, 1000), 500);
    assert_int_equal(b.tokens_milli, 0);
    assert_int_equal(ddb_bucket_drain(&b, 1000), 0);
    ddb_bucket_refill(&b, S);
    ddb_bucket_take(&b, 5000); /* into debt */
    assert_int_equal(ddb_bucket_drain(&b, 10), 0);
    assert_int_equal(b.tokens_milli, -4000);
}

static void test_set_rate(void **unused)
{
    (void)unused;
    ddb_bucket b;
    ddb_bucket_init(&b, 1000, 10000, 0, 0);
    ddb_bucket_set_rate(&b, 2000, 500, S); /* 1000 earned at the old rate, clipped to 500 */
    assert_int_equal(b.tokens_milli, 500);
    assert_int_equal(b.capacity_milli, 500);
    assert_int_equal(b.rate_milli_per_s, 2000);
    assert_int_equal(b.last_ns, S);
    ddb_bucket_take(&b, 500);
    ddb_bucket_refill(&b, S + S / 8); /* new rate: 250 */
    assert_int_equal(b.tokens_milli, 250);
    ddb_bucket_set_rate(&b, 4000, 100000, S + S / 4); /* +250 at 2000/s; room grows, tokens kept */
    assert_int_equal(b.tokens_milli, 500);
    ddb_bucket_refill(&b, S + S / 2);
    assert_int_equal(b.tokens_milli, 1500);
    ddb_bucket_set_rate(&b, 0, 100000, 2 * S); /* +2000, then nothing */
    ddb_bucket_refill(&b, 100 * S);
    assert_int_equal(b.tokens_milli, 3500);
}

/* Irregular refills (and takes, which do not touch the carried fraction): credited tokens equal
 * floor(total elapsed x rate / 1e9) exactly, for awkward rates. */
static void test_conservation(void **unused)
{
    (void)unused;
    static const int64_t rates[] = {1, 7, 999, 1000, 3333, 123456789, 999999937, 1000000000000LL};
    gsl_rng *r = ddb_rng_stream_new(7, 200, 0);
    for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++) {
        ddb_bucket b;
        ddb_bucket_init(&b, rates[k], INT64_MAX, 0, 1000);
        int64_t t = 1000, taken = 0;
        for (int i = 0; i < 200000; i++) {
            /* mostly tiny steps, some long ones */
            uint64_t dt = gsl_rng_uniform_int(r, 10) == 0 ? gsl_rng_uniform_int(r, 1000000000)
                                                          : gsl_rng_uniform_int(r, 1000);
            t += (int64_t)dt;
            ddb_bucket_refill(&b, t);
            if (gsl_rng_uniform_int(r, 4) == 0)
                taken += ddb_bucket_drain(&b, (int64_t)gsl_rng_uniform_int(r, 5000));
        }
        u128 want = (u128)(t - 1000) * (u128)rates[k] / 1000000000u;
        assert_true((u128)(b.tokens_milli + taken) == want);
        assert_true(b.rem >= 0 && b.rem < 1000000000);
        assert_true(taken > 0 || rates[k] < 1000);
    }
    gsl_rng_free(r);
}

static void refill_backwards(void)
{
    ddb_bucket b;
    ddb_bucket_init(&b, 1000, 1000, 0, 100);
    ddb_bucket_refill(&b, 100);
    ddb_bucket_refill(&b, 99);
}

static void test_refill_backwards_aborts(void **unused)
{
    (void)unused;
    ddb_test_expect_abort(refill_backwards);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refill_every_ns),
        cmocka_unit_test(test_refill_exact),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_refill_across_arithmetic_widths),
        cmocka_unit_test(test_large_values),
        cmocka_unit_test(test_oversize_debt),
        cmocka_unit_test(test_drain),
        cmocka_unit_test(test_set_rate),
        cmocka_unit_test(test_conservation),
        cmocka_unit_test(test_refill_backwards_aborts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
