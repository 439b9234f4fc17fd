/* Tests for workloads/dist: every sampler against its pmf (chi-square, fixed seeds, so the
 * outcome is deterministic), YCSB's zipfian constants, and the item-size distributions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "sim/support/alloc.h"
#include "sim/support/rng.h"
#include "workloads/dist.h"

/* cmocka 1.1 compares only floats; this prints both sides of a double comparison. */
#define assert_double_equal(a, b, tol) near((a), (b), (tol), #a, __FILE__, __LINE__)
static void near(double a, double b, double tol, const char *what, const char *file, int line)
{
    if (!(fabs(a - b) <= tol)) {
        print_error("%s:%d: %s = %.17g, expected %.17g +- %g\n", file, line, what, a, b, tol);
        fail();
    }
}

/* p-value of counts against pmf over k bins; every expected count must be >= 5. */
static double chisq_p(const uint64_t *counts, const double *pmf, size_t k, uint64_t total)
{
    double chi2 = 0.0;
    size_t bins = 0;
    for (size_t i = 0; i < k; i++) {
        double e = pmf[i] * (double)total;
        if (pmf[i] == 0.0) {
            assert_int_equal(counts[i], 0);
            continue;
        }
        assert_true(e >= 5.0);
        double d = (double)counts[i] - e;
        chi2 += d * d / e;
        bins++;
    }
    double p = gsl_cdf_chisq_Q(chi2, (double)(bins - 1));
    if (p <= 1e-4)
        fprintf(stderr, "chi2 = %g over %zu bins, p = %g\n", chi2, bins, p);
    return p;
}

/* Draw `draws` values from spec, check they are < n and fit the sampler's own pmf. */
static void check_against_pmf(const ddb_dist_spec *spec, uint64_t draws, unsigned long seed)
{
    ddb_dist *d = ddb_dist_new(spec);
    uint64_t n = ddb_dist_domain(spec);
    uint64_t *counts = calloc(n, sizeof *counts);
    double *pmf = calloc(n, sizeof *pmf);
    assert_non_null(counts);
    assert_non_null(pmf);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (uint64_t i = 0; i < draws; i++) {
        uint64_t v = ddb_dist_draw(d, r);
        assert_true(v < n);
        counts[v]++;
    }
    double sum = 0.0;
    for (uint64_t v = 0; v < n; v++)
        sum += pmf[v] = ddb_dist_pmf(d, v);
    assert_double_equal(sum, 1.0, 1e-12);
    assert_true(ddb_dist_pmf(d, n) == 0.0);
    assert_true(chisq_p(counts, pmf, n, draws) > 1e-4);
    gsl_rng_free(r);
    free(counts);
    free(pmf);
    ddb_dist_free(d);
}

/* As check_against_pmf, but values below `from` (too rare for 5 expected draws) are pooled into
 * one bin. */
static void check_against_pmf_from(const ddb_dist_spec *spec, uint64_t draws, unsigned long seed,
                                   uint64_t from)
{
    ddb_dist *d = ddb_dist_new(spec);
    uint64_t n = ddb_dist_domain(spec), k = n - from + 1;
    uint64_t *counts = calloc(k, sizeof *counts);
    double *pmf = calloc(k, sizeof *pmf);
    assert_non_null(counts);
    assert_non_null(pmf);
    gsl_rng *r = ddb_rng_stream_new(seed, DDB_RNG_ATTR, 1);
    for (uint64_t i = 0; i < draws; i++) {
        uint64_t v = ddb_dist_draw(d, r);
        assert_true(v < n);
        counts[v < from ? 0 : v - from + 1]++;
    }
    double sum = 0.0;
    for (uint64_t v = 0; v < n; v++) {
        double p = ddb_dist_pmf(d, v);
        sum += p;
        pmf[v < from ? 0 : v - from + 1] += p;
    }
    assert_double_equal(sum, 1.0, 1e-12);
    assert_true(chisq_p(counts, pmf, k, draws) > 1e-4);
    gsl_rng_free(r);
    free(counts);
    free(pmf);
    ddb_dist_free(d);
}

static double zeta_direct(uint64_t n, double theta)
{
    long double s = 0.0L;
    for (uint64_t i = n; i >= 1; i--) /* smallest terms first */
        s += powl((long double)i, (long double)-theta);
    return (double)s;
}

static void test_zipfian_chisq(void **state)
{
    (void)state;
    ddb_dist_spec s = { .kind = DDB_DIST_ZIPFIAN, .n = 100, .theta = 0.99 };
    check_against_pmf(&s, 1000000, 1);
    s.theta = 0.5;
    check_against_pmf(&s, 1000000, 2);
}

/* The pmf is YCSB's, not the ideal zipf: they agree exactly for 0 and 1 only. */
static void test_zipfian_pmf(void **state)
{
    (void)state;
    const double thetas[] = { 0.99, 0.5, 0.2 };
    const uint64_t ns[] = { 1, 2, 3, 100, 1000 };
    for (size_t t = 0; t < sizeof thetas / sizeof *thetas; t++) {
        for (size_t k = 0; k < sizeof ns / sizeof *ns; k++) {
            ddb_dist_spec s = { .kind = DDB_DIST_ZIPFIAN, .n = ns[k], .theta = thetas[t] };
            ddb_dist *d = ddb_dist_new(&s);
            double z = zeta_direct(ns[k], thetas[t]), sum = 0.0;
            for (uint64_t v = 0; v < ns[k]; v++) {
                double p = ddb_dist_pmf(d, v);
                assert_true(p > 0.0);
                sum += p;
            }
            assert_double_equal(sum, 1.0, 1e-12);
            assert_double_equal(ddb_dist_pmf(d, 0), 1.0 / z, 1e-14);
            if (ns[k] >= 2)
                assert_double_equal(ddb_dist_pmf(d, 1), pow(2.0, -thetas[t]) / z, 1e-14);
            /* and roughly the ideal zipf beyond (within 20% at n = 1000, theta 0.99) */
            if (ns[k] == 1000 && thetas[t] == 0.99) {
                double ideal = pow(10.0, -0.99) / z;
                assert_true(fabs(ddb_dist_pmf(d, 9) / ideal - 1.0) < 0.2);
            }
            ddb_dist_free(d);
        }
    }
}

/* Above 10^7 values zeta(n) comes from Euler–Maclaurin: just past the switch it must equal
 * the exact sum to 10^7 plus one term, and at 10^10 items YCSB's
 * ScrambledZipfianGenerator.ZETAN (itself a plain sum, hence the looser tolerance). */
static void test_zipfian_zeta_tail(void **state)
{
    (void)state;
    const double thetas[] = { 0.99, 0.5 };
    for (size_t t = 0; t < 2; t++) {
        ddb_dist_spec s = { .kind = DDB_DIST_ZIPFIAN, .n = 10000000, .theta = thetas[t] };
        ddb_dist *exact = ddb_dist_new(&s);
        s.n++;
        ddb_dist *tail = ddb_dist_new(&s);
        double z = 1.0 / ddb_dist_pmf(exact, 0) + pow((double)s.n, -s.theta);
        assert_true(fabs(1.0 / ddb_dist_pmf(tail, 0) / z - 1.0) < 1e-14);
        ddb_dist_free(exact);
        ddb_dist_free(tail);
    }

    ddb_dist_spec s = { .kind = DDB_DIST_ZIPFIAN, .n = 10000000000ULL, .theta = 0.99 };
    ddb_dist *d = ddb_dist_new(&s);
    assert_true(fabs(1.0 / ddb_dist_pmf(d, 0) / 26.46902820178302 - 1.0) < 1e-10);
    ddb_dist_free(d);
}

/* n = 2^40: the sampler stays in range, and the top decile gets what the pmf says. */
static void test_zipfian_large_n(void **state)
{
    (void)state;
    ddb_dist_spec s = { .kind = DDB_DIST_ZIPFIAN, .n = 1ULL << 40, .theta = 0.99 };
    ddb_dist *d = ddb_dist_new(&s);
    gsl_rng *r = ddb_rng_stream_new(7, DDB_RNG_ATTR, 0);
    uint64_t zeros = 0, draws = 200000;
    for (uint64_t i = 0; i < draws; i++) {
        uint64_t v = ddb_dist_draw(d, r);
        assert_true(v < s.n);
        zeros += v == 0;
    }
    double p0 = ddb_dist_pmf(d, 0), sd = sqrt(p0 * (1 - p0) * (double)draws);
    assert_true(fabs((double)zeros - p0 * (double)draws) < 4 * sd);
    gsl_rng_free(r);
    ddb_dist_free(d);
}

static void test_uniform(void **state)
{
    (void)state;
    ddb_dist_spec s = { .kind = DDB_DIST_UNIFORM, .n = 50 };
    check_against_pmf(&s, 200000, 3);
    s.n = 1;
    check_against_pmf(&s, 100, 4);
}

/* n beyond a 32-bit generator's range takes the 53-bit path: every bit position must be
 * random, including the low ones that floor(u32 * n) would leave at zero. */
static void test_uniform_wide(void **state)
{
    (void)state;
    ddb_dist_spec s = { .kind = DDB_DIST_UNIFORM, .n = (1ULL << 40) - 3 };
    ddb_dist *d = ddb_dist_new(&s);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 5);
    uint64_t lo[32] = { 0 }, hi[32] = { 0 }, draws = 320000;
    double pmf[32];
    for (int i = 0; i < 32; i++)
        pmf[i] = 1.0 / 32;
    for (uint64_t i = 0; i < draws; i++) {
        uint64_t v = ddb_dist_draw(d, r);
        assert_true(v < s.n);
        lo[v & 31]++;
        hi[v >> 35]++;
    }
    assert_true(chisq_p(lo, pmf, 32, draws) > 1e-4);
    assert_true(chisq_p(hi, pmf, 32, draws) > 1e-4);
    gsl_rng_free(r);
    ddb_dist_free(d);
}

static void test_hotspot(void **state)
{
    (void)state;
    ddb_dist_spec s = { .kind = DDB_DIST_HOTSPOT, .n = 100, .hot_data_fraction = 0.2,
                        .hot_op_fraction = 0.8 };
    check_against_pmf(&s, 500000, 6);

    /* the hot set is the lowest floor(n * 0.2) values and takes ~80% of draws */
    ddb_dist *d = ddb_dist_new(&s);
    assert_double_equal(ddb_dist_pmf(d, 19), 0.8 / 20, 1e-15);
    assert_double_equal(ddb_dist_pmf(d, 20), 0.2 / 80, 1e-15);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 8);
    uint64_t hot = 0, draws = 100000;
    for (uint64_t i = 0; i < draws; i++)
        hot += ddb_dist_draw(d, r) < 20;
    double sd = sqrt(0.8 * 0.2 * (double)draws);
    assert_true(fabs((double)hot - 0.8 * (double)draws) < 4 * sd);
    gsl_rng_free(r);
    ddb_dist_free(d);

    /* everything hot: uniform over all values */
    s.hot_data_fraction = 1.0;
    check_against_pmf(&s, 100000, 9);
    d = ddb_dist_new(&s);
    assert_double_equal(ddb_dist_pmf(d, 99), 0.01, 1e-15);
    ddb_dist_free(d);

    /* a hot set that floors to zero keeps one value */
    s.n = 3;
    s.hot_data_fraction = 0.2;
    check_against_pmf(&s, 10000, 10);
    d = ddb_dist_new(&s);
    assert_double_equal(ddb_dist_pmf(d, 0), 0.8, 1e-15);
    ddb_dist_free(d);
}

static void test_sequential(void **state)
{
    (void)state;
    ddb_dist_spec s = { .kind = DDB_DIST_SEQUENTIAL, .n = 3 };
    ddb_dist *d = ddb_dist_new(&s);
    const uint64_t want[] = { 0, 1, 2, 0, 1, 2, 0 };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        assert_int_equal(ddb_dist_draw(d, NULL), want[i]);
    assert_double_equal(ddb_dist_pmf(d, 2), 1.0 / 3, 1e-15);
    assert_int_equal(ddb_dist_domain(&s), 3);
    ddb_dist_free(d);

    s.n = 1;
    d = ddb_dist_new(&s);
    assert_int_equal(ddb_dist_draw(d, NULL), 0);
    assert_int_equal(ddb_dist_draw(d, NULL), 0);
    ddb_dist_free(d);
}

static void test_categorical(void **state)
{
    (void)state;
    char *labels[] = { "PENDING", "SHIPPED", "LOST", "RETURNED" };
    double weights[] = { 0.6, 0.3, 0.0, 0.1 };
    ddb_dist_spec s = { .kind = DDB_DIST_CATEGORICAL, .n_labels = 4, .labels = labels,
                        .weights = weights };
    assert_int_equal(ddb_dist_domain(&s), 4);
    check_against_pmf(&s, 200000, 11);
    ddb_dist *d = ddb_dist_new(&s);
    assert_double_equal(ddb_dist_pmf(d, 1), 0.3, 1e-15);
    assert_true(ddb_dist_pmf(d, 2) == 0.0);
    ddb_dist_free(d);

    /* weights that do not sum to 1 are normalised */
    double w2[] = { 2.0, 6.0 };
    ddb_dist_spec s2 = { .kind = DDB_DIST_CATEGORICAL, .n_labels = 2, .labels = labels,
                         .weights = w2 };
    check_against_pmf(&s2, 100000, 12);
    d = ddb_dist_new(&s2);
    assert_double_equal(ddb_dist_pmf(d, 1), 0.75, 1e-15);
    ddb_dist_free(d);
}

/* Clock draws nothing: the generator is untouched. */
static void test_clock(void **state)
{
    (void)state;
    ddb_dist_spec s = { .kind = DDB_DIST_CLOCK };
    ddb_dist *d = ddb_dist_new(&s);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937), *twin = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 13);
    gsl_rng_set(twin, 13);
    assert_int_equal(ddb_dist_draw(d, r), 0);
    assert_int_equal(gsl_rng_get(r), gsl_rng_get(twin));
    assert_int_equal(ddb_dist_domain(&s), 0);
    assert_true(ddb_dist_pmf(d, 0) == 0.0);
    gsl_rng_free(r);
    gsl_rng_free(twin);
    ddb_dist_free(d);
}

static void test_spec_destroy(void **state)
{
    (void)state;
    ddb_dist_spec s = { .kind = DDB_DIST_CATEGORICAL, .n_labels = 2 };
    s.labels = calloc(2, sizeof *s.labels);
    s.weights = calloc(2, sizeof *s.weights);
    assert_non_null(s.labels);
    s.labels[0] = ddb_xstrdup("a");
    s.labels[1] = ddb_xstrdup("b");
    ddb_dist_spec_destroy(&s);
    assert_null(s.labels);
    assert_null(s.weights);
    ddb_dist_spec_destroy(&s); /* idempotent */
}

static void test_size_fixed_uniform(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 14);
    bool capped = false;
    ddb_size_spec f = { .kind = DDB_SIZE_FIXED, .bytes = 1000 };
    assert_int_equal(ddb_size_draw(&f, r, &capped), 1000);
    assert_double_equal(ddb_size_mean(&f), 1000.0, 0.0);

    ddb_size_spec u = { .kind = DDB_SIZE_UNIFORM, .min_bytes = 10, .max_bytes = 13 };
    uint64_t seen[4] = { 0 };
    for (int i = 0; i < 4000; i++) {
        uint32_t b = ddb_size_draw(&u, r, &capped);
        assert_true(b >= 10 && b <= 13);
        seen[b - 10]++;
    }
    for (int i = 0; i < 4; i++)
        assert_true(seen[i] > 800);
    assert_double_equal(ddb_size_mean(&u), 11.5, 0.0);

    ddb_size_spec whole = { .kind = DDB_SIZE_UNIFORM, .min_bytes = 1,
                            .max_bytes = DDB_ITEM_MAX_BYTES };
    for (int i = 0; i < 1000; i++) {
        uint32_t b = ddb_size_draw(&whole, r, &capped);
        assert_true(b >= 1 && b <= DDB_ITEM_MAX_BYTES);
    }
    assert_false(capped);
    gsl_rng_free(r);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void test_size_lognormal(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 15);
    ddb_size_spec s = { .kind = DDB_SIZE_LOGNORMAL, .median_bytes = 1200, .sigma = 0.5 };
    enum { N = 100000 };
    uint32_t *x = malloc(N * sizeof *x);
    assert_non_null(x);
    bool capped = false;
    double sum = 0.0;
    for (int i = 0; i < N; i++) {
        x[i] = ddb_size_draw(&s, r, &capped);
        assert_true(x[i] >= 1 && x[i] <= DDB_ITEM_MAX_BYTES);
        sum += x[i];
    }
    assert_false(capped);
    qsort(x, N, sizeof *x, cmp_u32);
    assert_true(fabs(x[N / 2] / 1200.0 - 1.0) < 0.02);
    double mean = ddb_size_mean(&s), sd = mean * sqrt(exp(0.25) - 1.0);
    assert_double_equal(mean, 1200.0 * exp(0.125), 1e-9);
    assert_true(fabs(sum / N - mean) < 4 * sd / sqrt(N));

    /* sigma 0: exactly the median; a median of 1 byte never goes below 1 */
    ddb_size_spec z = { .kind = DDB_SIZE_LOGNORMAL, .median_bytes = 777.4, .sigma = 0.0 };
    assert_int_equal(ddb_size_draw(&z, r, &capped), 777);
    ddb_size_spec one = { .kind = DDB_SIZE_LOGNORMAL, .median_bytes = 1, .sigma = 3.0 };
    for (int i = 0; i < 10000; i++)
        assert_true(ddb_size_draw(&one, r, &capped) >= 1);
    assert_false(capped);

    /* near the 400 KB limit: draws above it are capped and flagged */
    ddb_size_spec big = { .kind = DDB_SIZE_LOGNORMAL, .median_bytes = 300000, .sigma = 1.0 };
    int at_cap = 0;
    for (int i = 0; i < 1000; i++) {
        uint32_t b = ddb_size_draw(&big, r, &capped);
        assert_true(b <= DDB_ITEM_MAX_BYTES);
        at_cap += b == DDB_ITEM_MAX_BYTES;
    }
    assert_true(capped);
    assert_true(at_cap > 200); /* P(z > ln(4/3)) = 0.39 */
    free(x);
    gsl_rng_free(r);
}

/* ---- YCSB's other request distributions ---- */

/* YCSB's fnvhash64, from its definition (FNV-1 64 over the 8 bytes of a long, least significant
 * first, then Math.abs), on values whose hashes are checked against a direct byte loop here and
 * against the FNV-1 64 of the empty string (the offset basis) for sanity. */
static void test_fnvhash64(void **state)
{
    (void)state;
    for (uint64_t v = 0; v < 5000; v += 7) {
        unsigned char b[8];
        for (int i = 0; i < 8; i++)
            b[i] = (unsigned char)(v >> (8 * i));
        uint64_t h = 0xcbf29ce484222325ULL;
        for (int i = 0; i < 8; i++)
            h = (h ^ b[i]) * 0x100000001b3ULL;
        int64_t sh = (int64_t)h;
        uint64_t want = sh < 0 ? (uint64_t)(-(sh + 1)) + 1 : h;
        assert_true(ddb_ycsb_fnvhash64(v) == want);
        assert_true(ddb_ycsb_fnvhash64(v) < (1ULL << 63));
    }
}

/* Scrambled zipfian over n values: the exact pmf sums the zipfian ranks 0 .. R-1 into their
 * values fnvhash64(rank) mod n; the ranks from R to 10^10 (about 36% of the mass at R = 2^23)
 * are spread evenly over the n values. That spread errs by about 2e-5 of probability per value
 * (the hashed tail terms are each below 1e-7/ln: a random sum), a fifth of the sampling noise of
 * 10^6 draws, so the chi-square test sees the sampler, not the approximation. */
static void test_scrambled_zipfian_chisq(void **state)
{
    (void)state;
    enum { N = 100, RANKS = 1 << 23 };
    ddb_dist_spec s = { .kind = DDB_DIST_SCRAMBLED_ZIPFIAN, .n = N, .theta = 0.99 };
    ddb_dist *d = ddb_dist_new(&s);
    assert_true(isnan(ddb_dist_pmf(d, 0)));
    /* YCSB's precomputed ZETAN: rank 0 has probability 1/26.469... */
    assert_double_equal(ddb_dist_rank_pmf(d, 0), 1.0 / 26.46902820178302, 1e-15);
    double pmf[N] = {0}, head = 0.0;
    for (uint64_t r = 0; r < RANKS; r++) {
        double p = ddb_dist_rank_pmf(d, r);
        pmf[ddb_ycsb_fnvhash64(r) % N] += p;
        head += p;
    }
    assert_true(head > 0.55 && head < 0.75);
    for (int v = 0; v < N; v++)
        pmf[v] += (1.0 - head) / N;
    uint64_t counts[N] = {0};
    gsl_rng *r = ddb_rng_stream_new(3, DDB_RNG_ATTR, 0);
    enum { DRAWS = 1000000 };
    for (int i = 0; i < DRAWS; i++) {
        uint64_t v = ddb_dist_draw(d, r);
        assert_true(v < N);
        counts[v]++;
    }
    assert_true(chisq_p(counts, pmf, N, DRAWS) > 1e-4);
    /* ddb_dist_prepare_pmf's table (the aggregated mode's probabilities) sums 2^16 ranks here,
     * not 2^23, and spreads the rest evenly: within 1% of this reference on every value, and
     * the chi-square test takes it as well */
    assert_true(ddb_dist_has_pmf(d) && ddb_dist_prepare_pmf(d));
    double sum = 0.0, table[N];
    for (int v = 0; v < N; v++) {
        table[v] = ddb_dist_pmf(d, (uint64_t)v);
        assert_true(fabs(table[v] - pmf[v]) < 0.01 * pmf[v]);
        sum += table[v];
    }
    assert_double_equal(sum, 1.0, 1e-12);
    assert_true(chisq_p(counts, table, N, DRAWS) > 1e-4);
    /* the popular values are scattered: the most popular is not 0 but fnvhash64(0) mod n */
    uint64_t best = 0;
    for (int v = 1; v < N; v++)
        best = counts[v] > counts[best] ? (uint64_t)v : best;
    assert_true(best == ddb_ycsb_fnvhash64(0) % N);
    gsl_rng_free(r);
    ddb_dist_free(d);
}

static void test_latest_chisq(void **state)
{
    (void)state;
    ddb_dist_spec s = { .kind = DDB_DIST_LATEST, .n = 101, .theta = 0.99 };
    check_against_pmf_from(&s, 1000000, 4, 1);
    ddb_dist *d = ddb_dist_new(&s);
    /* the newest (100) is the zipfian's rank 0 over n-1 = 100 items; 0 is never drawn */
    assert_double_equal(ddb_dist_pmf(d, 100), 1.0 / zeta_direct(100, 0.99), 1e-14);
    assert_true(ddb_dist_pmf(d, 0) == 0.0);
    ddb_dist_free(d);
    ddb_dist_spec one = { .kind = DDB_DIST_LATEST, .n = 1, .theta = 0.99 };
    d = ddb_dist_new(&one);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_int_equal(ddb_dist_draw(d, r), 0);
    assert_double_equal(ddb_dist_pmf(d, 0), 1.0, 0);
    gsl_rng_free(r);
    ddb_dist_free(d);
}

/* YCSB's exponential with its defaults: 95% of draws in the newest 6/7 of the values. */
static void test_exponential_chisq(void **state)
{
    (void)state;
    ddb_dist_spec s = { .kind = DDB_DIST_EXPONENTIAL, .n = 200, .percentile = 95,
                        .frac = 0.8571428571 };
    ddb_dist *d = ddb_dist_new(&s);
    double newest = 0.0;
    for (uint64_t v = 200 - (uint64_t)(200 * 0.8571428571); v < 200; v++)
        newest += ddb_dist_pmf(d, v);
    /* the newest 171 values are distances k = 0..170: P(floor(Exp) <= 170), renormalised to
     * the 200 values there are */
    double g = -log(0.05) / (200 * 0.8571428571);
    assert_double_equal(newest, -expm1(-g * 171) / -expm1(-g * 200), 1e-12);
    assert_true(newest > 0.97 && newest < 0.99); /* 95%, raised by the redraws beyond n-1 */
    ddb_dist_free(d);
    check_against_pmf(&s, 1000000, 5);
    s.percentile = 50;
    s.frac = 0.1; /* steep: the oldest 150 values are pooled into one bin */
    check_against_pmf_from(&s, 1000000, 6, 150);
}

/* Inserts grow latest and exponential as YCSB's key sequence does. Latest after k inserts is the
 * sampler for n + k values (zeta extended term by term equals zeta summed afresh); exponential
 * keeps the gamma of its first n, as YCSB's ExponentialGenerator is built once from recordcount,
 * and counts back from the newest value. Both draw what their pmf says. */
static void test_inserts_grow(void **state)
{
    (void)state;
    static const enum ddb_dist_kind kinds[] = {DDB_DIST_LATEST, DDB_DIST_EXPONENTIAL};
    for (size_t i = 0; i < 2; i++) {
        ddb_dist_spec grown = {.kind = kinds[i], .n = 40, .theta = 0.99, .percentile = 95,
                               .frac = 0.8571428571, .inserts = true};
        ddb_dist_spec fresh = grown;
        fresh.n = 120;
        fresh.inserts = false;
        assert_int_equal(ddb_dist_domain(&grown), 0); /* unbounded */
        ddb_dist *g = ddb_dist_new(&grown), *f = ddb_dist_new(&fresh);
        for (uint64_t k = 40; k < 120; k++)
            assert_int_equal(ddb_dist_insert(g), k);
        double gamma = -log(0.05) / (40 * 0.8571428571);
        for (uint64_t v = 0; v < 121; v++) {
            if (kinds[i] == DDB_DIST_LATEST)
                assert_double_equal(ddb_dist_pmf(g, v), ddb_dist_pmf(f, v), 1e-13);
            else if (v >= 1 && v < 120)
                assert_double_equal(ddb_dist_pmf(g, v) / ddb_dist_pmf(g, v - 1), exp(gamma), 1e-9);
        }
        enum { DRAWS = 400000 };
        uint64_t counts[120] = {0};
        gsl_rng *r = ddb_rng_stream_new(9, DDB_RNG_ATTR, i);
        for (int d = 0; d < DRAWS; d++)
            counts[ddb_dist_draw(g, r)]++;
        /* pool the rare values (latest never draws 0) so that every bin expects >= 5 draws */
        uint64_t pooled_c[120] = {0};
        double pooled_p[120] = {0}, acc_p = 0, sum = 0;
        uint64_t acc_c = 0;
        size_t k = 0;
        for (uint64_t v = 0; v < 120; v++) {
            double p = ddb_dist_pmf(g, v);
            sum += p;
            acc_p += p;
            acc_c += counts[v];
            if (acc_p * DRAWS >= 5.0 || v == 119) {
                pooled_p[k] = acc_p;
                pooled_c[k++] = acc_c;
                acc_p = 0;
                acc_c = 0;
            }
        }
        assert_double_equal(sum, 1.0, 1e-12);
        assert_true(chisq_p(pooled_c, pooled_p, k, DRAWS) > 1e-4);
        gsl_rng_free(r);
        ddb_dist_free(g);
        ddb_dist_free(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zipfian_chisq),    cmocka_unit_test(test_zipfian_pmf),
        cmocka_unit_test(test_zipfian_zeta_tail), cmocka_unit_test(test_zipfian_large_n),
        cmocka_unit_test(test_uniform),          cmocka_unit_test(test_uniform_wide),
        cmocka_unit_test(test_hotspot),          cmocka_unit_test(test_sequential),
        cmocka_unit_test(test_categorical),      cmocka_unit_test(test_clock),
        cmocka_unit_test(test_spec_destroy),     cmocka_unit_test(test_size_fixed_uniform),
        cmocka_unit_test(test_size_lognormal),   cmocka_unit_test(test_fnvhash64),
        cmocka_unit_test(test_scrambled_zipfian_chisq), cmocka_unit_test(test_latest_chisq),
        cmocka_unit_test(test_exponential_chisq), cmocka_unit_test(test_inserts_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
