/* Tests for workloads/rate: rate lookup and integral, and the Poisson arrivals they drive —
 * counts within 4 sigma of the integral (fixed seeds), exactness across segment boundaries,
 * one uniform per arrival, and "never" as INT64_MAX. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "tests/testlib.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "sim/support/rng.h"
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

/* ---- the thinned profiles: ramp, diurnal, spike, csv ---- */

/* The integral of ddb_rate_at over [0, t) by the composite Simpson rule on a fine grid: an
 * independent check of ddb_rate_expected's closed forms. */
static double integral_of(const ddb_rate_spec *s, double t)
{
    enum { STEPS = 200000 };
    double h = t / STEPS, sum = ddb_rate_at(s, 0) + ddb_rate_at(s, t * (1 - 1e-12));
    for (int i = 1; i < STEPS; i++)
        sum += (i % 2 ? 4 : 2) * ddb_rate_at(s, i * h);
    return sum * h / 3;
}

/* Arrivals counted in windows of width w over [0, windows*w), across `runs` runs, against the
 * integral of the profile in each window: a chi-square test over the windows (counts are
 * Poisson, so variance = mean), p > 1e-4 with a fixed seed, and every window within 5 sigma. */
static void check_profile_counts(const ddb_rate_spec *s, double w, int windows, int runs,
                                 unsigned long seed)
{
    uint64_t *count = calloc((size_t)windows, sizeof *count);
    assert_non_null(count);
    gsl_rng *r = ddb_rng_stream_new(seed, DDB_RNG_ARRIVALS, 0);
    int64_t end = (int64_t)llround(w * windows * 1e9);
    for (int run = 0; run < runs; run++) {
        ddb_arrivals a;
        ddb_arrivals_init(&a, s);
        int64_t t, prev = 0;
        while ((t = ddb_arrivals_next(&a, r)) < end) {
            assert_true(t >= prev);
            prev = t;
            count[(size_t)((double)t / 1e9 / w)]++;
        }
    }
    double chi2 = 0.0;
    int bins = 0;
    for (int i = 0; i < windows; i++) {
        double m = runs * (ddb_rate_expected(s, (i + 1) * w) - ddb_rate_expected(s, i * w));
        if (m == 0.0) {
            assert_int_equal(count[i], 0);
            continue;
        }
        double d = (double)count[i] - m;
        if (!(fabs(d) <= 5 * sqrt(m))) {
            print_error("window %d: %llu arrivals, expected %g\n", i, (unsigned long long)count[i], m);
            fail();
        }
        chi2 += d * d / m;
        bins++;
    }
    double p = gsl_cdf_chisq_Q(chi2, bins);
    if (!(p > 1e-4)) {
        print_error("chi2 %g over %d windows: p = %g\n", chi2, bins, p);
        fail();
    }
    free(count);
    gsl_rng_free(r);
}

static void test_ramp(void **state)
{
    (void)state;
    ddb_rate_spec s = { .kind = DDB_RATE_RAMP, .from_rps = 100, .to_rps = 5000, .over_s = 60 };
    assert_double_equal(ddb_rate_at(&s, 0), 100, 0);
    assert_double_equal(ddb_rate_at(&s, 30), 2550, 1e-9);
    assert_double_equal(ddb_rate_at(&s, 60), 5000, 0);
    assert_double_equal(ddb_rate_at(&s, 1000), 5000, 0);
    assert_double_equal(ddb_rate_expected(&s, 60), 0.5 * (100 + 5000) * 60, 1e-6);
    assert_double_equal(ddb_rate_expected(&s, 80), 0.5 * (100 + 5000) * 60 + 5000 * 20, 1e-6);
    assert_double_equal(ddb_rate_expected(&s, 45), integral_of(&s, 45), 1e-3);
    check_profile_counts(&s, 2.0, 40, 3, 11);
    ddb_rate_spec down = { .kind = DDB_RATE_RAMP, .from_rps = 3000, .to_rps = 0, .over_s = 20 };
    check_profile_counts(&down, 0.5, 40, 5, 12);
    /* down to 0 and staying there: never again */
    ddb_arrivals a;
    ddb_arrivals_init(&a, &down);
    gsl_rng *r = rng(13);
    int64_t t;
    while ((t = ddb_arrivals_next(&a, r)) != INT64_MAX)
        assert_true(t < 20 * NS);
    assert_true(ddb_arrivals_next(&a, r) == INT64_MAX);
    gsl_rng_free(r);
}

static void test_diurnal(void **state)
{
    (void)state;
    ddb_rate_spec s = { .kind = DDB_RATE_DIURNAL, .mean_rps = 1000, .amplitude_rps = 800,
                        .period_s = 100, .phase_s = 10 };
    assert_double_equal(ddb_rate_at(&s, 10), 1000, 1e-9);
    assert_double_equal(ddb_rate_at(&s, 35), 1800, 1e-9);
    assert_double_equal(ddb_rate_at(&s, 85), 200, 1e-9);
    assert_double_equal(ddb_rate_expected(&s, 100), 100000, 1e-6); /* a whole period */
    assert_double_equal(ddb_rate_expected(&s, 37.5), integral_of(&s, 37.5), 1e-3);
    assert_double_equal(ddb_rate_expected(&s, 250), integral_of(&s, 250), 1e-3);
    check_profile_counts(&s, 2.5, 80, 2, 21);
    /* amplitude = mean: the rate touches 0 each period */
    ddb_rate_spec full = { .kind = DDB_RATE_DIURNAL, .mean_rps = 500, .amplitude_rps = 500,
                           .period_s = 40, .phase_s = 0 };
    check_profile_counts(&full, 1.0, 80, 3, 22);
    ddb_rate_spec none = { .kind = DDB_RATE_DIURNAL, .mean_rps = 0, .amplitude_rps = 0,
                           .period_s = 40 };
    ddb_arrivals a;
    ddb_arrivals_init(&a, &none);
    gsl_rng *r = rng(23);
    assert_true(ddb_arrivals_next(&a, r) == INT64_MAX);
    gsl_rng_free(r);
}

static void test_spike(void **state)
{
    (void)state;
    ddb_rate_spec s = { .kind = DDB_RATE_SPIKE, .base_rps = 200, .peak_rps = 20000, .at_s = 10,
                        .duration_s = 2 };
    assert_double_equal(ddb_rate_at(&s, 9.999), 200, 0);
    assert_double_equal(ddb_rate_at(&s, 10), 20000, 0);
    assert_double_equal(ddb_rate_at(&s, 11.999), 20000, 0);
    assert_double_equal(ddb_rate_at(&s, 12), 200, 0);
    assert_double_equal(ddb_rate_expected(&s, 20), 200 * 18 + 20000 * 2, 1e-6);
    check_profile_counts(&s, 0.25, 80, 3, 31);
    /* a spike from the start */
    ddb_rate_spec at0 = { .kind = DDB_RATE_SPIKE, .base_rps = 0, .peak_rps = 1000, .at_s = 0,
                          .duration_s = 5 };
    assert_double_equal(ddb_rate_at(&at0, 0), 1000, 0);
    check_profile_counts(&at0, 0.5, 20, 5, 32);
}

/* Points with a flat start, slopes, a jump and a flat end. */
static void test_csv_points(void **state)
{
    (void)state;
    ddb_rate_point p[] = { { 5, 100 }, { 10, 2000 }, { 15, 2000 }, { 15, 50 }, { 25, 800 } };
    ddb_rate_spec s = { .kind = DDB_RATE_CSV, .n_points = 5, .points = p };
    assert_double_equal(ddb_rate_at(&s, 0), 100, 0);
    assert_double_equal(ddb_rate_at(&s, 7.5), 1050, 1e-9);
    assert_double_equal(ddb_rate_at(&s, 14.99), 2000, 1e-9);
    assert_double_equal(ddb_rate_at(&s, 15), 50, 0);
    assert_double_equal(ddb_rate_at(&s, 40), 800, 0);
    assert_double_equal(ddb_rate_expected(&s, 30),
                        100 * 5 + 0.5 * 2100 * 5 + 2000 * 5 + 0.5 * 850 * 10 + 800 * 5, 1e-6);
    assert_double_equal(ddb_rate_expected(&s, 21), 100 * 5 + 0.5 * 2100 * 5 + 2000 * 5 + 0.5 * 550 * 6, 1e-6);
    assert_double_equal(ddb_rate_expected(&s, 13), integral_of(&s, 13), 1e-3); /* Simpson needs no jump */
    check_profile_counts(&s, 0.5, 60, 3, 41);
}

static void test_csv_load(void **state)
{
    (void)state;
    char path[64], err[512];
    ddb_rate_spec s = { .kind = DDB_RATE_CSV };
    ddb_test_file(path, "rps,t_s,note\n100,0,a\n300,10,b\n");
    assert_int_equal(ddb_rate_csv_load(&s, path, err, sizeof err), 0);
    assert_int_equal(s.n_points, 2);
    assert_double_equal(ddb_rate_at(&s, 5), 200, 1e-9);
    ddb_rate_spec_destroy(&s);
    assert_null(s.points);
    unlink(path);

    static const char *const bad[][2] = {
        { "t_s,rps\n0,1\n5,x\n", ":3: rps: not a number" },
        { "t_s,rps\n5,1\n2,1\n", ":3: t_s: before the previous point (got 2, expected at least 5)" },
        { "t_s,rps\n0,-1\n", ":2: rps: out of range (got -1" },
        { "t_s,rps\n", ": no points" },
        { "time,rps\n0,1\n", ": no column t_s" },
        { "t_s,rps\n-1,1\n", ":2: t_s: out of range" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ddb_test_file(path, bad[i][0]);
        ddb_rate_spec b = { .kind = DDB_RATE_CSV };
        assert_int_equal(ddb_rate_csv_load(&b, path, err, sizeof err), -1);
        if (!strstr(err, bad[i][1])) {
            print_error("got \"%s\", expected it to contain \"%s\"\n", err, bad[i][1]);
            fail();
        }
        assert_null(b.points);
        unlink(path);
    }
    assert_int_equal(ddb_rate_csv_load(&s, path, err, sizeof err), -1); /* removed: unreadable */
    assert_non_null(strstr(err, "cannot read"));
}

/* Thinning is deterministic too, and keeps the arrivals of a flat profile one Exp(1) each. */
static void test_thinned_determinism(void **state)
{
    (void)state;
    ddb_rate_spec s = { .kind = DDB_RATE_DIURNAL, .mean_rps = 300, .amplitude_rps = 100,
                        .period_s = 10 };
    ddb_arrivals a, b;
    ddb_arrivals_init(&a, &s);
    ddb_arrivals_init(&b, &s);
    gsl_rng *r1 = ddb_rng_stream_new(7, DDB_RNG_ARRIVALS, 0);
    gsl_rng *r2 = ddb_rng_stream_new(7, DDB_RNG_ARRIVALS, 0);
    for (int i = 0; i < 20000; i++)
        assert_true(ddb_arrivals_next(&a, r1) == ddb_arrivals_next(&b, r2));
    gsl_rng_free(r1);
    gsl_rng_free(r2);
    /* a spike whose base equals its peak is a constant rate: the same arrivals */
    ddb_rate_spec flat = { .kind = DDB_RATE_SPIKE, .base_rps = 37, .peak_rps = 37, .at_s = 3,
                           .duration_s = 4 };
    ddb_rate_spec c = { .kind = DDB_RATE_CONSTANT, .rps = 37 };
    ddb_arrivals_init(&a, &flat);
    ddb_arrivals_init(&b, &c);
    gsl_rng *r3 = rng(8), *r4 = rng(8);
    for (int i = 0; i < 1000; i++) {
        int64_t tf = ddb_arrivals_next(&a, r3), tc = ddb_arrivals_next(&b, r4);
        if (tf > 3 * NS) /* the first crossing at 3 s draws afresh: compare only before it */
            break;
        assert_true(llabs(tf - tc) <= 2);
    }
    gsl_rng_free(r3);
    gsl_rng_free(r4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_at_expected), cmocka_unit_test(test_constant_count),
        cmocka_unit_test(test_exponential_gaps), cmocka_unit_test(test_steps_counts),
        cmocka_unit_test(test_steps_gaps),       cmocka_unit_test(test_steps_exact),
        cmocka_unit_test(test_one_draw_per_call), cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_extremes),         cmocka_unit_test(test_spec_destroy),
        cmocka_unit_test(test_ramp),             cmocka_unit_test(test_diurnal),
        cmocka_unit_test(test_spike),            cmocka_unit_test(test_csv_points),
        cmocka_unit_test(test_csv_load),         cmocka_unit_test(test_thinned_determinism),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
