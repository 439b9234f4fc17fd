/* The hot path's exp, exp2 and log2 against the C library, over their whole useful ranges and at
 * the table boundaries where an off-by-one would show. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include "sim/fastmath.h"
#include "sim/rng.h"

/* NaN (a wrong answer) counts as the largest error, which fmax alone would drop */
static double rel_err(double got, double want)
{
    double e = fabs(got - want) / fabs(want);
    return e == e ? e : INFINITY;
}

/* log2's error: absolute below 1, relative above (the result's own rounding grows with it) */
static double log_err(double got, double want)
{
    double e = fabs(got - want) / fmax(1.0, fabs(want));
    return e == e ? e : INFINITY;
}

static void test_exp2_and_exp(void **state)
{
    (void)state;
    gsl_rng *r = ddb_rng_stream_new(3, DDB_RNG_SERVICE, 0);
    double worst2 = 0, worst_e = 0;
    for (int i = 0; i < 1000000; i++) {
        double x = (ddb_rng_uniform(r) - 0.5) * 2000.0; /* (-1000, 1000) */
        worst2 = fmax(worst2, rel_err(ddb_exp2_fast(x), exp2(x)));
        double y = (ddb_rng_uniform(r) - 0.5) * 40.0;
        worst_e = fmax(worst_e, rel_err(ddb_exp_fast(y), exp(y)));
    }
    assert_true(worst2 < 1e-15);
    /* exp's argument is rounded once in x log2(e): |x| ulp(1) of relative error at |x| = 20 */
    assert_true(worst_e < 3e-15);
    /* every table entry and its edges: j/64 exactly and just below the next */
    for (int j = -640; j <= 640; j++) {
        double x = j / 64.0;
        assert_true(rel_err(ddb_exp2_fast(x), exp2(x)) < 1e-15);
        assert_true(rel_err(ddb_exp2_fast(nextafter(x, -INFINITY)), exp2(nextafter(x, -INFINITY))) < 1e-15);
    }
    assert_true(ddb_exp2_fast(0.0) == 1.0);
    /* beyond the bit-built range: the ldexp fallback */
    assert_true(rel_err(ddb_exp2_fast(1010.5), exp2(1010.5)) < 1e-15);
    assert_true(rel_err(ddb_exp2_fast(-1020.25), exp2(-1020.25)) < 1e-15);
    gsl_rng_free(r);
}

static void test_log2(void **state)
{
    (void)state;
    gsl_rng *r = ddb_rng_stream_new(4, DDB_RNG_SERVICE, 0);
    double worst = 0;
    for (int i = 0; i < 1000000; i++) {
        /* log-uniform over the normal range, and uniform on (0, 1] where zipfian draws live */
        double x = exp2((ddb_rng_uniform(r) - 0.5) * 2040.0);
        double y = 1.0 - ddb_rng_uniform(r);
        double e1 = log_err(ddb_log2_fast(x), log2(x)), e2 = log_err(ddb_log2_fast(y), log2(y));
        worst = fmax(worst, fmax(e1, e2));
    }
    assert_true(worst < 6e-16);
    /* every table interval's edges, and exact powers of two */
    for (int j = 0; j <= 128; j++) {
        double m = 1.0 + j / 128.0;
        assert_true(log_err(ddb_log2_fast(m), log2(m)) < 6e-16);
        double below = nextafter(m, 0.0);
        assert_true(log_err(ddb_log2_fast(below), log2(below)) < 6e-16);
    }
    for (int k = -1022; k <= 1023; k++)
        assert_true(log_err(ddb_log2_fast(ldexp(1.0, k)), k) < 6e-16);
    /* near 1, where the result is tiny: absolute error still at the 1e-16 level */
    assert_true(fabs(ddb_log2_fast(1.0 - 1e-12) - log2(1.0 - 1e-12)) < 6e-16);
    /* outside the normal range the library answers */
    assert_true(isinf(ddb_log2_fast(0.0)) && ddb_log2_fast(0.0) < 0);
    assert_true(ddb_log2_fast(0x1p-1070) == log2(0x1p-1070));
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exp2_and_exp),
        cmocka_unit_test(test_log2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
