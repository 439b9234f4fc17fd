/* The arrivals' exponential deviates: moments, the shape against the exact CDF (chi-square), the
 * tail beyond the ziggurat's base strip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "sim/support/expo.h"
#include "sim/support/rng.h"

#define N 2000000
#define BINS 64 /* equal-probability bins of Exp(1) */

static void check_sample(gsl_rng *r, long n)
{
    double sum = 0, sum2 = 0;
    long counts[BINS] = {0}, beyond_r = 0, beyond10 = 0;
    for (long i = 0; i < n; i++) {
        double x = ddb_exponential_draw(r);
        assert_true(x >= 0.0 && isfinite(x));
        sum += x;
        sum2 += x * x;
        beyond_r += x > 7.69711747013104972; /* the tail, drawn outside the layers */
        beyond10 += x > 10.0;
        int b = (int)(gsl_cdf_exponential_P(x, 1.0) * BINS);
        counts[b < BINS ? b : BINS - 1]++;
    }
    double mean = sum / (double)n, var = sum2 / (double)n - mean * mean;
    assert_true(fabs(mean - 1.0) < 4.0 / sqrt((double)n)); /* 4 standard errors (sd 1) */
    assert_true(fabs(var - 1.0) < 4.0 * sqrt(8.0 / (double)n)); /* SE sqrt((mu4 - 1)/n), mu4 = 9 */
    double p_r = exp(-7.69711747013104972), p10 = exp(-10.0);
    assert_true(fabs((double)beyond_r / (double)n - p_r) < 4.0 * sqrt(p_r / (double)n));
    assert_true(fabs((double)beyond10 / (double)n - p10) < 4.0 * sqrt(p10 / (double)n) + 1.0 / (double)n);
    double chi2 = 0, expected = (double)n / BINS;
    for (int b = 0; b < BINS; b++)
        chi2 += ((double)counts[b] - expected) * ((double)counts[b] - expected) / expected;
    assert_true(gsl_cdf_chisq_Q(chi2, BINS - 1) > 1e-4);
}

static void test_moments_shape_and_tail(void **state)
{
    (void)state;
    ddb_exponential_init();
    gsl_rng *r = ddb_rng_stream_new(7, DDB_RNG_ARRIVALS, 0);
    check_sample(r, N);
    gsl_rng_free(r);
}

/* Fine bins near 0, where the ziggurat's layers are narrowest and a table error would show. */
static void test_fine_shape_near_zero(void **state)
{
    (void)state;
    ddb_exponential_init();
    gsl_rng *r = ddb_rng_stream_new(11, DDB_RNG_ARRIVALS, 0);
    enum { FINE = 100 };
    long counts[FINE] = {0}, inside = 0;
    const double top = 0.5; /* bins of width 0.005 over [0, 0.5) */
    for (long i = 0; i < N; i++) {
        double x = ddb_exponential_draw(r);
        if (x < top) {
            counts[(int)(x / top * FINE)]++;
            inside++;
        }
    }
    double chi2 = 0, norm = 1.0 - exp(-top);
    for (int b = 0; b < FINE; b++) {
        double lo = top * b / FINE, hi = top * (b + 1) / FINE;
        double expected = (double)inside * (exp(-lo) - exp(-hi)) / norm;
        chi2 += ((double)counts[b] - expected) * ((double)counts[b] - expected) / expected;
    }
    assert_true(gsl_cdf_chisq_Q(chi2, FINE - 1) > 1e-4);
    gsl_rng_free(r);
}

static void test_deterministic_and_other_generators(void **state)
{
    (void)state;
    ddb_exponential_init();
    gsl_rng *a = ddb_rng_stream_new(1, DDB_RNG_ARRIVALS, 3), *b = ddb_rng_stream_new(1, DDB_RNG_ARRIVALS, 3);
    for (int i = 0; i < 1000; i++)
        assert_true(ddb_exponential_draw(a) == ddb_exponential_draw(b));
    gsl_rng_free(a);
    gsl_rng_free(b);
    /* Another generator goes through inversion and is exponential too. */
    gsl_rng *m = gsl_rng_alloc(gsl_rng_mt19937);
    check_sample(m, 200000);
    gsl_rng_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moments_shape_and_tail),
        cmocka_unit_test(test_fine_shape_near_zero),
        cmocka_unit_test(test_deterministic_and_other_generators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
