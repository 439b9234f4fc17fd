/* Tests of the latency sketch: exact small values, the 1/64 relative error bound against exact
 * order statistics (uniform and exponential samples), the rank convention ceil(q * n), merge,
 * clamping and negative values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "sim/support/alloc.h"
#include "sim/support/quantile.h"

/* cmocka 1.1 compares only integers; these print both sides of a double comparison. */
#define assert_double_exact(a, b) near((a), (b), 0.0, #a, __FILE__, __LINE__)
#define assert_within_64th(a, exact) near((a), (exact), (exact) / 64.0, #a, __FILE__, __LINE__)
static void near(double a, double b, double tol, const char *what, const char *file, int line)
{
    if (!(fabs(a - b) <= tol)) {
        print_error("%s:%d: %s = %.17g, expected %.17g +- %g\n", file, line, what, a, b, tol);
        fail();
    }
}

/* The sketch is 22 KB: keep it off the stack. */
static ddb_quantile *sketch(void)
{
    ddb_quantile *q = ddb_xmalloc(sizeof *q);
    ddb_quantile_reset(q);
    return q;
}

static void test_empty_sketch_is_zero(void **state)
{
    (void)state;
    ddb_quantile *q = sketch();
    assert_int_equal(q->count, 0);
    assert_double_exact(ddb_quantile_value(q, 0.0), 0.0);
    assert_double_exact(ddb_quantile_value(q, 0.5), 0.0);
    assert_double_exact(ddb_quantile_value(q, 1.0), 0.0);
    /* Reset empties a sketch that held samples. */
    ddb_quantile_add(q, 1000);
    assert_double_exact(ddb_quantile_value(q, 0.5), 1004.0); /* bucket [1000, 1008) */
    ddb_quantile_reset(q);
    assert_int_equal(q->count, 0);
    assert_double_exact(ddb_quantile_value(q, 0.5), 0.0);
    free(q);
}

/* Values 0..63 each have a bucket: the k-th smallest of 0..63 is reported as exactly k - 1. */
static void test_small_values_are_exact(void **state)
{
    (void)state;
    ddb_quantile *q = sketch();
    for (int64_t v = 63; v >= 0; v--) /* the order of adds does not matter */
        ddb_quantile_add(q, v);
    assert_int_equal(q->count, 64);
    for (int k = 1; k <= 64; k++)
        assert_double_exact(ddb_quantile_value(q, (double)k / 64.0), (double)(k - 1));
    free(q);

    for (int64_t v = 0; v < 64; v++) {
        q = sketch();
        ddb_quantile_add(q, v);
        assert_double_exact(ddb_quantile_value(q, 0.5), (double)v);
        free(q);
    }
}

/* Above 63 a value is reported as the midpoint of its bucket: [128, 130) -> 129. */
static void test_bucket_midpoint(void **state)
{
    (void)state;
    static const struct { int64_t v; double reported; } cases[] = {
        {127, 127.0},          /* 2^6..2^7: buckets one wide */
        {128, 129.0},          /* 2^7..2^8: two wide */
        {129, 129.0},
        {130, 131.0},
        {1000000, 1003520.0},  /* 2^19..2^20, 8192 wide: [999424, 1007616) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ddb_quantile *q = sketch();
        ddb_quantile_add(q, cases[i].v);
        assert_double_exact(ddb_quantile_value(q, 0.5), cases[i].reported);
        free(q);
    }
}

/* The quantile is the sample of rank ceil(q * n), at least 1. */
static void test_rank_convention(void **state)
{
    (void)state;
    ddb_quantile *q = sketch();
    for (int64_t v = 1; v <= 4; v++)
        ddb_quantile_add(q, v);
    static const struct { double q, value; } cases[] = {
        {0.0, 1}, {0.01, 1}, {0.25, 1}, {0.26, 2}, {0.5, 2}, {0.51, 3},
        {0.75, 3}, {0.76, 4}, {0.99, 4}, {1.0, 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_double_exact(ddb_quantile_value(q, cases[i].q), cases[i].value);
    free(q);

    /* Ten samples: p90 is the 9th, p91 the 10th. */
    q = sketch();
    for (int64_t v = 10; v <= 19; v++)
        ddb_quantile_add(q, v);
    assert_double_exact(ddb_quantile_value(q, 0.9), 18.0);
    assert_double_exact(ddb_quantile_value(q, 0.91), 19.0);
    assert_double_exact(ddb_quantile_value(q, 0.1), 10.0);
    assert_double_exact(ddb_quantile_value(q, 0.11), 11.0);
    free(q);
}

static uint64_t rank_of(double quantile, size_t n)
{
    uint64_t r = (uint64_t)ceil(quantile * (double)n);
    return r == 0 ? 1 : r;
}

static const double qs[] = {0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1.0};

/* 1..1,000,000 ns, each once: the exact q-quantile is the rank itself. */
static void test_uniform_within_a_64th(void **state)
{
    (void)state;
    const size_t n = 1000000;
    ddb_quantile *q = sketch();
    for (int64_t v = 1; v <= (int64_t)n; v++)
        ddb_quantile_add(q, v);
    assert_int_equal(q->count, n);
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        double exact = (double)rank_of(qs[i], n);
        assert_within_64th(ddb_quantile_value(q, qs[i]), exact);
    }
    /* The extremes fall in exact buckets (1) and in [999424, 1007616) (midpoint 1003520). */
    assert_double_exact(ddb_quantile_value(q, 0.0), 1.0);
    assert_double_exact(ddb_quantile_value(q, 1.0), 1003520.0);
    free(q);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* An exponential sample (mean 5 ms) from a fixed seed, against its sorted order statistics. */
static void test_exponential_within_a_64th(void **state)
{
    (void)state;
    const size_t n = 200000;
    int64_t *xs = ddb_xmalloc(n * sizeof *xs);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 42);
    ddb_quantile *q = sketch();
    for (size_t i = 0; i < n; i++) {
        xs[i] = (int64_t)gsl_ran_exponential(r, 5e6);
        ddb_quantile_add(q, xs[i]);
    }
    gsl_rng_free(r);
    qsort(xs, n, sizeof *xs, cmp_i64);
    assert_true(xs[0] < 64); /* the sample reaches into the exact range and far above it */
    assert_true(xs[n - 1] > 40000000);
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        double exact = (double)xs[rank_of(qs[i], n) - 1];
        assert_within_64th(ddb_quantile_value(q, qs[i]), exact);
    }
    assert_double_exact(ddb_quantile_value(q, 0.0), (double)xs[0]); /* < 64: exact */
    free(q);
    free(xs);
}

/* Merging two sketches gives the sketch of both samples. */
static void test_merge_equals_adding_both(void **state)
{
    (void)state;
    ddb_quantile *a = sketch(), *b = sketch(), *both = sketch();
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    for (int i = 0; i < 5000; i++) {
        int64_t v = (int64_t)gsl_ran_exponential(r, 1e6);
        ddb_quantile_add(a, v);
        ddb_quantile_add(both, v);
    }
    for (int i = 0; i < 3000; i++) {
        int64_t v = (int64_t)gsl_ran_lognormal(r, 16.0, 1.5);
        ddb_quantile_add(b, v);
        ddb_quantile_add(both, v);
    }
    gsl_rng_free(r);
    ddb_quantile_merge(a, b);
    assert_int_equal(a->count, 8000);
    assert_int_equal(b->count, 3000); /* the source is unchanged */
    assert_memory_equal(a->buckets, both->buckets, sizeof a->buckets);
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++)
        assert_double_exact(ddb_quantile_value(a, qs[i]), ddb_quantile_value(both, qs[i]));

    /* Merging an empty sketch changes nothing; merging into an empty one copies. */
    ddb_quantile *empty = sketch();
    ddb_quantile_merge(a, empty);
    assert_int_equal(a->count, 8000);
    assert_memory_equal(a->buckets, both->buckets, sizeof a->buckets);
    ddb_quantile_merge(empty, b);
    assert_memory_equal(empty, b, sizeof *b);
    free(a);
    free(b);
    free(both);
    free(empty);
}

/* Values at and above 2^48 ns share the last bucket, [127 * 2^41, 128 * 2^41). */
static void test_huge_values_are_clamped(void **state)
{
    (void)state;
    const double last_mid = ldexp(255.0, 40); /* 127.5 * 2^41 */
    const int64_t cases[] = {(1LL << 48) - 1, 1LL << 48, 1LL << 62, INT64_MAX};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ddb_quantile *q = sketch();
        ddb_quantile_add(q, cases[i]);
        assert_int_equal(q->count, 1);
        assert_int_equal(q->buckets[DDB_QUANTILE_BUCKETS - 1], 1);
        assert_double_exact(ddb_quantile_value(q, 1.0), last_mid);
        free(q);
    }
    /* Just below the last bucket is still resolved. */
    ddb_quantile *q = sketch();
    ddb_quantile_add(q, 127LL << 41);
    ddb_quantile_add(q, (127LL << 41) - 1);
    assert_double_exact(ddb_quantile_value(q, 0.5), ldexp(253.0, 40)); /* [126, 127) * 2^41 */
    assert_double_exact(ddb_quantile_value(q, 1.0), last_mid);
    free(q);
}

static void test_negative_values_count_as_zero(void **state)
{
    (void)state;
    ddb_quantile *q = sketch();
    ddb_quantile_add(q, -5);
    ddb_quantile_add(q, INT64_MIN);
    ddb_quantile_add(q, 3);
    assert_int_equal(q->count, 3);
    assert_int_equal(q->buckets[0], 2);
    assert_double_exact(ddb_quantile_value(q, 0.0), 0.0);
    assert_double_exact(ddb_quantile_value(q, 0.6), 0.0);  /* rank 2 */
    assert_double_exact(ddb_quantile_value(q, 0.67), 3.0); /* rank 3 */
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_sketch_is_zero),
        cmocka_unit_test(test_small_values_are_exact),
        cmocka_unit_test(test_bucket_midpoint),
        cmocka_unit_test(test_rank_convention),
        cmocka_unit_test(test_uniform_within_a_64th),
        cmocka_unit_test(test_exponential_within_a_64th),
        cmocka_unit_test(test_merge_equals_adding_both),
        cmocka_unit_test(test_huge_values_are_clamped),
        cmocka_unit_test(test_negative_values_count_as_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
