/* Tests for workloads/rate: rate lookup and integral, and the Poisson arrivals they drive —
 * counts within 4 sigma of the integral (fixed seeds), exactness across segment boundaries,
 * one uniform per arrival, and "never" as INT64_MAX. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_rng.h>

#include "sim/rng.h"
#include "workloads/rate.h"

#define NS 1000000000LL

/* cmocka 1.1 compares only floats; this prints both sides of a double comparison. */
#define assert_double_equal(a, b, tol) near((a), (b), (tol), #a, __FILE__, __LINE__)
static void near(double a, double b, double tol, const char *what, const char *file, int line)
{
    if (!(fabs(a - b) <= tol)) {
        print_error("%s:%d: %s = %.17g, expected %.17g +- %g\n", file, line, what, a, b, tol);
        fail();
    }
}

static gsl_rng *rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    return r;
}

/* A Poisson count with mean m within 4 sigma. */
static void assert_poisson(uint64_t count, double m)
{
    if (!(fabs((double)count - m) <= 4.0 * sqrt(m))) {
        print_error("count %llu, expected %g +- %g\n", (unsigned long long)count, m, 4 * sqrt(m));
        fail();
    }
}

static void test_rate_at_expected(void **state)
{
    (void)state;
    ddb_rate_spec c = { .kind = DDB_RATE_CONSTANT, .rps = 250 };
    assert_double_equal(ddb_rate_at(&c, 12.5), 250, 0);
    assert_double_equal(ddb_rate_expected(&c, 4), 1000, 0);
    assert_double_equal(ddb_rate_expected(&c, 0), 0, 0);

    ddb_rate_step st[] = { { 5, 100 }, { 10, 1000 }, { 20, 0 } };
    ddb_rate_spec s = { .kind = DDB_RATE_STEPS, .n_steps = 3, .steps = st };
    assert_double_equal(ddb_rate_at(&s, 0), 0, 0);
    assert_double_equal(ddb_rate_at(&s, 4.999), 0, 0);
    assert_double_equal(ddb_rate_at(&s, 5), 100, 0);
    assert_double_equal(ddb_rate_at(&s, 10), 1000, 0);
    assert_double_equal(ddb_rate_at(&s, 19.9), 1000, 0);
    assert_double_equal(ddb_rate_at(&s, 1e9), 0, 0);
    assert_double_equal(ddb_rate_expected(&s, 5), 0, 0);
    assert_double_equal(ddb_rate_expected(&s, 7), 200, 1e-9);
    assert_double_equal(ddb_rate_expected(&s, 15), 500 + 5000, 1e-9);
    assert_double_equal(ddb_rate_expected(&s, 1000), 500 + 10000, 1e-9);
}

static void test_constant_count(void **state)
{
    (void)state;
    ddb_rate_spec c = { .kind = DDB_RATE_CONSTANT, .rps = 1000 };
    ddb_arrivals a;
    ddb_arrivals_init(&a, &c);
    gsl_rng *r = rng(1);
    uint64_t count = 0;
    int64_t t, prev = 0;
    while ((t = ddb_arrivals_next(&a, r)) < 1000 * NS) {
        assert_true(t >= prev);
        prev = t;
        count++;
    }
    assert_poisson(count, ddb_rate_expected(&c, 1000));
    gsl_rng_free(r);
}

/* Inter-arrival gaps are Exp(rps): mean 1/rps, median ln 2 / rps. */
static void test_exponential_gaps(void **state)
{
    (void)state;
    ddb_rate_spec c = { .kind = DDB_RATE_CONSTANT, .rps = 500 };
    ddb_arrivals a;
    ddb_arrivals_init(&a, &c);
    gsl_rng *r = rng(2);
    enum { N = 100000 };
    int64_t prev = 0;
    double sum = 0.0;
    int below_median = 0;
    for (int i = 0; i < N; i++) {
        int64_t t = ddb_arrivals_next(&a, r);
        double gap = (double)(t - prev) / NS;
        sum += gap;
        below_median += gap < log(2.0) / 500;
        prev = t;
    }
    double mean = 1.0 / 500;
    assert_double_equal(sum / N, mean, 4 * mean / sqrt(N));
    assert_double_equal(below_median, N / 2.0, 4 * sqrt(N / 4.0));
    gsl_rng_free(r);
}

/* 0 -> 100 rps at 0 s, 1000 rps at 10 s, 0 at 20 s: counts per segment, then never again. */
static void test_steps_counts(void **state)
{
    (void)state;
    ddb_rate_step st[] = { { 0, 100 }, { 10, 1000 }, { 20, 0 } };
    ddb_rate_spec s = { .kind = DDB_RATE_STEPS, .n_steps = 3, .steps = st };
    gsl_rng *r = rng(3);
    uint64_t first = 0, second = 0;
    for (int run = 0; run < 10; run++) {
        ddb_arrivals a;
        ddb_arrivals_init(&a, &s);
        int64_t t, prev = 0;
        while ((t = ddb_arrivals_next(&a, r)) != INT64_MAX) {
            assert_true(t >= prev && t < 20 * NS);
            prev = t;
            if (t < 10 * NS)
                first++;
            else
                second++;
        }
        /* once "never", always "never" */
        assert_true(ddb_arrivals_next(&a, r) == INT64_MAX);
        assert_true(ddb_arrivals_next(&a, r) == INT64_MAX);
    }
    assert_poisson(first, 10 * 1000.0);
    assert_poisson(second, 10 * 10000.0);
    gsl_rng_free(r);
}

/* Nothing before a first step at 5 s; a zero-rate gap in the middle is skipped. */
static void test_steps_gaps(void **state)
{
    (void)state;
    ddb_rate_step st[] = { { 5, 200 }, { 10, 0 }, { 20, 200 } };
    ddb_rate_spec s = { .kind = DDB_RATE_STEPS, .n_steps = 3, .steps = st };
    ddb_arrivals a;
    ddb_arrivals_init(&a, &s);
    gsl_rng *r = rng(4);
    uint64_t early = 0, mid = 0, late = 0;
    int64_t t;
    while ((t = ddb_arrivals_next(&a, r)) < 1020 * NS) {
        assert_true(t >= 5 * NS);
        if (t < 10 * NS)
            early++;
        else if (t < 20 * NS)
            mid++;
        else
            late++;
    }
    assert_poisson(early, 1000);
    assert_int_equal(mid, 0);
    assert_poisson(late, 200000);
    gsl_rng_free(r);
}

/* A constant rate cut into many short steps is the same process: the same draws must give the
 * same arrival times (up to rounding), however many boundaries each arrival crosses. */
static void test_steps_exact(void **state)
{
    (void)state;
    enum { K = 2000 };
    ddb_rate_step *st = malloc(K * sizeof *st);
    assert_non_null(st);
    for (int k = 0; k < K; k++)
        st[k] = (ddb_rate_step){ .at_s = 0.01 * k, .rps = 37.0 };
    ddb_rate_spec s = { .kind = DDB_RATE_STEPS, .n_steps = K, .steps = st };
    ddb_rate_spec c = { .kind = DDB_RATE_CONSTANT, .rps = 37.0 };
    ddb_arrivals as, ac;
    ddb_arrivals_init(&as, &s);
    ddb_arrivals_init(&ac, &c);
    gsl_rng *r1 = rng(5), *r2 = rng(5);
    for (int i = 0; i < 1000; i++) {
        int64_t ts = ddb_arrivals_next(&as, r1), tc = ddb_arrivals_next(&ac, r2);
        assert_true(llabs(ts - tc) <= 2);
    }
    free(st);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

/* Exactly one uniform per call, including the "never" calls. */
static void test_one_draw_per_call(void **state)
{
    (void)state;
    ddb_rate_step st[] = { { 1, 50 }, { 2, 0 } };
    ddb_rate_spec s = { .kind = DDB_RATE_STEPS, .n_steps = 2, .steps = st };
    ddb_arrivals a;
    ddb_arrivals_init(&a, &s);
    gsl_rng *r = rng(6), *twin = rng(6);
    for (int i = 0; i < 500; i++) {
        (void)ddb_arrivals_next(&a, r);
        (void)gsl_rng_uniform(twin);
    }
    assert_int_equal(gsl_rng_get(r), gsl_rng_get(twin));

    ddb_rate_spec zero = { .kind = DDB_RATE_CONSTANT, .rps = 0 };
    ddb_arrivals_init(&a, &zero);
    assert_true(ddb_arrivals_next(&a, r) == INT64_MAX);
    (void)gsl_rng_uniform(twin);
    assert_int_equal(gsl_rng_get(r), gsl_rng_get(twin));
    gsl_rng_free(r);
    gsl_rng_free(twin);
}

static void test_determinism(void **state)
{
    (void)state;
    ddb_rate_step st[] = { { 0, 3000 }, { 0.5, 10 }, { 1.5, 5000 } };
    ddb_rate_spec s = { .kind = DDB_RATE_STEPS, .n_steps = 3, .steps = st };
    ddb_arrivals a, b;
    ddb_arrivals_init(&a, &s);
    ddb_arrivals_init(&b, &s);
    gsl_rng *r1 = ddb_rng_stream_new(42, DDB_RNG_ARRIVALS, 0);
    gsl_rng *r2 = ddb_rng_stream_new(42, DDB_RNG_ARRIVALS, 0);
    for (int i = 0; i < 20000; i++)
        assert_true(ddb_arrivals_next(&a, r1) == ddb_arrivals_next(&b, r2));
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

/* A rate so high that arrivals share a nanosecond still never goes back in time; a rate so low
 * that the next arrival is past int64 nanoseconds (292 years) is "never". */
static void test_extremes(void **state)
{
    (void)state;
    ddb_rate_spec fast = { .kind = DDB_RATE_CONSTANT, .rps = 5e9 };
    ddb_arrivals a;
    ddb_arrivals_init(&a, &fast);
    gsl_rng *r = rng(7);
    int64_t prev = 0;
    int same = 0;
    for (int i = 0; i < 100000; i++) {
        int64_t t = ddb_arrivals_next(&a, r);
        assert_true(t >= prev);
        same += t == prev;
        prev = t;
    }
    assert_true(same > 0);

    ddb_rate_spec slow = { .kind = DDB_RATE_CONSTANT, .rps = 1e-15 };
    ddb_arrivals_init(&a, &slow);
    assert_true(ddb_arrivals_next(&a, r) == INT64_MAX);
    assert_true(ddb_arrivals_next(&a, r) == INT64_MAX);
    gsl_rng_free(r);
}

static void test_spec_destroy(void **state)
{
    (void)state;
    ddb_rate_spec s = { .kind = DDB_RATE_STEPS, .n_steps = 2 };
    s.steps = calloc(2, sizeof *s.steps);
    ddb_rate_spec_destroy(&s);
    assert_null(s.steps);
    assert_int_equal(s.n_steps, 0);
    ddb_rate_spec_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_at_expected), cmocka_unit_test(test_constant_count),
        cmocka_unit_test(test_exponential_gaps), cmocka_unit_test(test_steps_counts),
        cmocka_unit_test(test_steps_gaps),       cmocka_unit_test(test_steps_exact),
        cmocka_unit_test(test_one_draw_per_call), cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_extremes),         cmocka_unit_test(test_spec_destroy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
