/* The hot path's normal deviates: moments, the shape against the exact CDF (chi-square), tails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "sim/support/normal.h"
#include "sim/support/rng.h"

#define N 2000000
#define BINS 40 /* equal-probability bins of N(0,1) */

static void test_moments_shape_and_tails(void **state)
{
    (void)state;
    ddb_normal_init();
    gsl_rng *r = ddb_rng_stream_new(7, DDB_RNG_SERVICE, 0);
    double sum = 0, sum2 = 0, sum4 = 0;
    long counts[BINS] = {0}, beyond3 = 0, beyond4 = 0;
    for (long n = 0; n < N; n++) {
        double z = ddb_normal_draw(r);
        sum += z;
        sum2 += z * z;
        sum4 += z * z * z * z;
        beyond3 += fabs(z) > 3.0;
        beyond4 += fabs(z) > 4.0;
        int b = (int)(gsl_cdf_ugaussian_P(z) * BINS);
        counts[b < BINS ? b : BINS - 1]++;
    }
    double mean = sum / N, var = sum2 / N - mean * mean, kurt = sum4 / N;
    assert_true(fabs(mean) < 4.0 / sqrt(N));          /* 4 standard errors */
    assert_true(fabs(var - 1.0) < 4.0 * sqrt(2.0 / N));
    assert_true(fabs(kurt - 3.0) < 0.03);
    /* Tails: P(|z| > 3) = 0.0026998, P(|z| > 4) = 6.334e-5. */
    assert_true(fabs((double)beyond3 / N - 0.0026998) < 4.0 * sqrt(0.0027 / N));
    assert_true(fabs((double)beyond4 / N - 6.334e-5) < 4.0 * sqrt(6.334e-5 / N));
    double chi2 = 0, expected = (double)N / BINS;
    for (int b = 0; b < BINS; b++)
        chi2 += ((double)counts[b] - expected) * ((double)counts[b] - expected) / expected;
    assert_true(gsl_cdf_chisq_Q(chi2, BINS - 1) > 1e-4);
    gsl_rng_free(r);
}

static void test_deterministic_and_other_generators(void **state)
{
    (void)state;
    ddb_normal_init();
    gsl_rng *a = ddb_rng_stream_new(1, DDB_RNG_SERVICE, 3), *b = ddb_rng_stream_new(1, DDB_RNG_SERVICE, 3);
    for (int i = 0; i < 1000; i++)
        assert_true(ddb_normal_draw(a) == ddb_normal_draw(b));
    gsl_rng_free(a);
    gsl_rng_free(b);
    /* Another generator goes through GSL's ziggurat and is still normal-ish. */
    gsl_rng *m = gsl_rng_alloc(gsl_rng_mt19937);
    double sum = 0;
    for (int i = 0; i < 100000; i++)
        sum += ddb_normal_draw(m);
    assert_true(fabs(sum / 100000) < 0.02);
    gsl_rng_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moments_shape_and_tails),
        cmocka_unit_test(test_deterministic_and_other_generators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
