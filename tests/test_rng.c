/* test_rng — PCG known answers, the gsl_rng interface, and per-purpose streams. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "sim/support/rng.h"

/* pcg-c demo / test-high/expected: seed 42, stream 54. */
static void test_pcg32_reference(void **unused)
{
    (void)unused;
    static const uint64_t want[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330,
                                    0x83d2f293, 0xbfa4784b, 0xcbed606e};
    gsl_rng *r = gsl_rng_alloc(ddb_rng_pcg32);
    ddb_pcg32_seed(r->state, 42, 54);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(gsl_rng_get(r), want[i]);
    gsl_rng_free(r);
}

/* pcg-c test-high/check-pcg64: pcg64_srandom_r(&rng, 42u, 54u), i.e. the 128-bit initstate and
 * initseq are 42 and 54 (high halves zero). */
static void test_pcg64_reference(void **unused)
{
    (void)unused;
    static const uint64_t want[] = {0x86b1da1d72062b68, 0x1304aa46c9853d39, 0xa3670e9e0dd50358,
                                    0xf9090e529a7dae00, 0xc85b9fd837996f2c, 0x606121f8e3919196};
    gsl_rng *r = gsl_rng_alloc(ddb_rng_pcg64);
    ddb_pcg64_seed(r->state, 0, 42, 0, 54);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(gsl_rng_get(r), want[i]);
    gsl_rng_free(r);
}

static void test_gsl_type_fields(void **unused)
{
    (void)unused;
    gsl_rng *a = gsl_rng_alloc(ddb_rng_pcg32);
    gsl_rng *b = gsl_rng_alloc(ddb_rng_pcg64);
    assert_string_equal(gsl_rng_name(a), "pcg32");
    assert_string_equal(gsl_rng_name(b), "pcg64");
    assert_int_equal(gsl_rng_max(a), 0xffffffffUL);
    assert_int_equal(gsl_rng_max(b), ULONG_MAX); /* 64 bits here, 32 on wasm32 */
    assert_int_equal(gsl_rng_min(a), 0);
    assert_int_equal(gsl_rng_min(b), 0);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* gsl_rng_set(r, s) is initstate = s on the default stream (pcg-c's default increment
 * 1442695040888963407, i.e. initseq = that >> 1). */
static void test_set_is_default_stream(void **unused)
{
    (void)unused;
    gsl_rng *a = gsl_rng_alloc(ddb_rng_pcg32), *b = gsl_rng_alloc(ddb_rng_pcg32);
    gsl_rng_set(a, 12345);
    ddb_pcg32_seed(b->state, 12345, UINT64_C(1442695040888963407) >> 1);
    for (int i = 0; i < 100; i++)
        assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
    gsl_rng_free(a);
    gsl_rng_free(b);

    a = gsl_rng_alloc(ddb_rng_pcg64);
    b = gsl_rng_alloc(ddb_rng_pcg64);
    gsl_rng_set(a, 12345);
    /* default 128-bit increment (6364136223846793005 << 64 | 1442695040888963407), halved */
    ddb_pcg64_seed(b->state, 0, 12345, UINT64_C(6364136223846793005) >> 1,
                   (UINT64_C(1442695040888963407) >> 1) | (UINT64_C(1) << 63));
    for (int i = 0; i < 100; i++)
        assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void check_seeding(const gsl_rng_type *t)
{
    gsl_rng *a = gsl_rng_alloc(t), *b = gsl_rng_alloc(t);
    unsigned long first[8];
    gsl_rng_set(a, 0); /* seed 0 must be accepted and give a lively sequence */
    int distinct = 0;
    for (int i = 0; i < 8; i++) {
        first[i] = gsl_rng_get(a);
        distinct += i == 0 || first[i] != first[i - 1];
    }
    assert_int_equal(distinct, 8);
    gsl_rng_set(b, 0);
    for (int i = 0; i < 8; i++)
        assert_int_equal(gsl_rng_get(b), first[i]);
    gsl_rng_set(b, 1);
    int same = 0;
    for (int i = 0; i < 8; i++)
        same += gsl_rng_get(b) == first[i];
    assert_true(same < 2);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void test_seed_zero_and_reseed(void **unused)
{
    (void)unused;
    check_seeding(ddb_rng_pcg32);
    check_seeding(ddb_rng_pcg64);
}

/* get_double must be exactly x / 2^32 (pcg32) and (x >> 11) / 2^53 (pcg64). */
static void test_get_double_exact(void **unused)
{
    (void)unused;
    gsl_rng *a = gsl_rng_alloc(ddb_rng_pcg32);
    gsl_rng_set(a, 7);
    gsl_rng *c = gsl_rng_clone(a);
    for (int i = 0; i < 1000; i++) {
        double u = gsl_rng_uniform(a);
        assert_true(u == ldexp((double)gsl_rng_get(c), -32));
    }
    gsl_rng_free(a);
    gsl_rng_free(c);

    a = gsl_rng_alloc(ddb_rng_pcg64);
    gsl_rng_set(a, 7);
    c = gsl_rng_clone(a);
    for (int i = 0; i < 1000; i++) {
        double u = gsl_rng_uniform(a);
        assert_true(u == ldexp((double)(gsl_rng_get(c) >> 11), -53));
    }
    gsl_rng_free(a);
    gsl_rng_free(c);
}

static void check_uniform_interface(const gsl_rng_type *t)
{
    gsl_rng *r = gsl_rng_alloc(t);
    gsl_rng_set(r, 99);
    unsigned long counts[10] = {0};
    const int n = 100000;
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(r);
        assert_true(u >= 0.0 && u < 1.0);
        double p = gsl_rng_uniform_pos(r);
        assert_true(p > 0.0 && p < 1.0);
        unsigned long k = gsl_rng_uniform_int(r, 10);
        assert_true(k < 10);
        counts[k]++;
    }
    for (int k = 0; k < 10; k++) /* expected 10000, sd ~95 */
        assert_in_range(counts[k], 9500, 10500);
    gsl_rng_free(r);
}

static void test_gsl_uniform_interface(void **unused)
{
    (void)unused;
    check_uniform_interface(ddb_rng_pcg32);
    check_uniform_interface(ddb_rng_pcg64);
}

static int same_prefix(gsl_rng *a, gsl_rng *b, int n)
{
    int same = 0;
    for (int i = 0; i < n; i++)
        same += gsl_rng_get(a) == gsl_rng_get(b);
    return same;
}

static void test_stream_determinism(void **unused)
{
    (void)unused;
    gsl_rng *a = ddb_rng_stream_new(42, DDB_RNG_ARRIVALS, 3);
    gsl_rng *b = ddb_rng_stream_new(42, DDB_RNG_ARRIVALS, 3);
    assert_string_equal(gsl_rng_name(a), "pcg64");
    assert_int_equal(same_prefix(a, b, 1000), 1000);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void test_stream_independence(void **unused)
{
    (void)unused;
    /* (seed, purpose, id) triples that differ in one field, including swapped roles. */
    static const struct { uint64_t seed; uint32_t purpose; uint64_t id; } v[] = {
        {42, DDB_RNG_ARRIVALS, 0}, {42, DDB_RNG_ARRIVALS, 1}, {42, DDB_RNG_MIX, 0},
        {42, DDB_RNG_MIX, 1},      {43, DDB_RNG_ARRIVALS, 0}, {0, 0, 0},
        {0, 0, 1},                 {0, 1, 0},                 {1, 0, 0},
        {42, DDB_RNG_ATTR, 2},     {42, 2, DDB_RNG_ATTR},
    };
    size_t n = sizeof v / sizeof v[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            gsl_rng *a = ddb_rng_stream_new(v[i].seed, v[i].purpose, v[i].id);
            gsl_rng *b = ddb_rng_stream_new(v[j].seed, v[j].purpose, v[j].id);
            assert_int_equal(same_prefix(a, b, 64), 0);
            gsl_rng_free(a);
            gsl_rng_free(b);
        }
}

/* The derivation is part of the output contract: pin one stream's first draws so that a change
 * to it cannot go unnoticed. */
static void test_stream_golden(void **unused)
{
    (void)unused;
    static const uint64_t want[] = {UINT64_C(0xc713593404b31c4f), UINT64_C(0x3a517356b6431d18),
                                    UINT64_C(0x8334462948216acc), UINT64_C(0x17ce57248464b3d1)};
    gsl_rng *r = ddb_rng_stream_new(42, DDB_RNG_ARRIVALS, 0);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(gsl_rng_get(r), want[i]);
    gsl_rng_free(r);
}

/* ddb_rng_u64 and ddb_rng_uniform_int draw the same whatever the width of unsigned long (the
 * WebAssembly build's is 32 bits): the full 64-bit output, and GSL's rejection method on it, which
 * a 64-bit host's gsl_rng_get and gsl_rng_uniform_int give too. */
static void test_word_size_independent_draws(void **unused)
{
    (void)unused;
    static const uint64_t want[] = {UINT64_C(0xc713593404b31c4f), UINT64_C(0x3a517356b6431d18)};
    gsl_rng *r = ddb_rng_stream_new(42, DDB_RNG_ARRIVALS, 0);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(ddb_rng_u64(r), want[i]);
    gsl_rng_free(r);
    static const uint64_t ns[] = {1, 2, 10, 1000, UINT64_C(1) << 32, (UINT64_C(1) << 40) + 3,
                                  UINT64_MAX / 3 * 2};
    gsl_rng *a = ddb_rng_stream_new(7, DDB_RNG_SHARD, 1), *b = ddb_rng_stream_new(7, DDB_RNG_SHARD, 1);
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++)
        for (int i = 0; i < 1000; i++) {
            uint64_t v = ddb_rng_uniform_int(a, ns[k]);
            assert_true(v < ns[k]);
            if (sizeof(unsigned long) >= sizeof(uint64_t))
                assert_int_equal(v, gsl_rng_uniform_int(b, (unsigned long)ns[k]));
        }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void test_stream_moments(void **unused)
{
    (void)unused;
    gsl_rng *r = ddb_rng_stream_new(2024, DDB_RNG_SIZE, 17);
    gsl_rng *s = ddb_rng_stream_new(2024, DDB_RNG_SIZE, 18);
    const int n = 1000000;
    double sum = 0, sumsq = 0, sumxy = 0, sumy = 0, sumyy = 0;
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(r), w = gsl_rng_uniform(s);
        sum += u;
        sumsq += u * u;
        sumy += w;
        sumyy += w * w;
        sumxy += u * w;
    }
    double mean = sum / n, var = sumsq / n - mean * mean;
    double meany = sumy / n, vary = sumyy / n - meany * meany;
    /* sd of the mean is 2.9e-4 and of the variance 7.5e-5: allow about 5 sd */
    assert_true(fabs(mean - 0.5) < 1.5e-3);
    assert_true(fabs(var - 1.0 / 12.0) < 4e-4);
    /* neighbouring ids must not be correlated: sd of r is 1e-3 */
    double corr = (sumxy / n - mean * meany) / sqrt(var * vary);
    assert_true(fabs(corr) < 5e-3);
    gsl_rng_free(r);
    gsl_rng_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pcg32_reference),
        cmocka_unit_test(test_pcg64_reference),
        cmocka_unit_test(test_gsl_type_fields),
        cmocka_unit_test(test_set_is_default_stream),
        cmocka_unit_test(test_seed_zero_and_reseed),
        cmocka_unit_test(test_get_double_exact),
        cmocka_unit_test(test_gsl_uniform_interface),
        cmocka_unit_test(test_stream_determinism),
        cmocka_unit_test(test_stream_independence),
        cmocka_unit_test(test_stream_golden),
        cmocka_unit_test(test_word_size_independent_draws),
        cmocka_unit_test(test_stream_moments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
