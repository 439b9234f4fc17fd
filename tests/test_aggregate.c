/* The aggregated mode's parts against closed forms: keymass (every key's probability, its
 * partition's mass, the hot keys, draws by probability, placement after a split), cost levels
 * (the mean of a lognormal's units), the bulk admission with its reserve, the retry quota's
 * refunds spread over a slice, and the late index writes' draws. The mode against the exact
 * engine: tests/aggregate_test.sh. */
#define _POSIX_C_SOURCE 200809L /* tests/testlib.h: mkstemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/model/client.h"
#include "sim/model/costlevels.h"
#include "sim/model/keymass.h"
#include "sim/model/table.h"
#include "sim/scenario/scenario.h"
#include "sim/support/normal.h"
#include "sim/support/quantile_dist.h"
#include "sim/support/rng.h"
#include "tests/testlib.h"

#define S 1000000000LL

/* A zipfian user and a random shard: 40 x 4 keys of unequal probability. */
static const char SCENARIO[] =
    "{\"duration_s\": 5, \"table\": {\"rcu\": 1000, \"wcu\": 1000, \"key\": {\"pk\": \"U#{u}#{shard:4}\"}},"
    " \"attributes\": {\"u\": {\"dist\": \"zipfian\", \"n\": 40, \"theta\": 0.99}},"
    " \"workload\": {\"rate\": {\"rps\": 1000}, \"mix\": {\"put\": 1}}}";

typedef struct fixture {
    ddb_scenario s;
    ddb_keydraw kd;
    ddb_keymass m;
    ddb_keyspace ks;
} fixture;

static void setup(fixture *f, size_t n_partitions, size_t n_hot)
{
    char err[DDB_ERR_MAX];
    if (ddb_scenario_parse(&f->s, SCENARIO, strlen(SCENARIO), "inline.json", NULL, 0, err, sizeof err))
        fail_msg("%s", err);
    const ddb_keydraw_streams streams = {DDB_RNG_ATTR, DDB_RNG_SHARD, 0, true};
    ddb_keydraw_source src = {f->s.attrs, f->s.n_attrs, f->s.seed};
    ddb_keydraw_init(&f->kd, &src, &f->s.pk, &streams, 1u << 20);
    assert_int_equal(f->kd.domain, 160);
    ddb_keymass_init(&f->m, &f->kd, n_hot);
    ddb_keyspace_init_equal(&f->ks, n_partitions);
    ddb_keymass_place(&f->m, &f->ks, n_partitions);
}

static void teardown(fixture *f)
{
    ddb_keymass_destroy(&f->m);
    ddb_keyspace_destroy(&f->ks);
    ddb_keydraw_destroy(&f->kd);
    ddb_scenario_destroy(&f->s);
}

/* Masses: each partition's is its keys' pmf summed (found by hash), and they add up to 1. */
static void assert_placed(const fixture *f)
{
    const ddb_keymass *m = &f->m;
    double total = 0.0;
    for (size_t p = 0; p < m->n_partitions; p++) {
        double want = 0.0;
        for (uint64_t k = 0; k < m->n; k++)
            if (ddb_keyspace_lookup(&f->ks, m->hash[k]) == p)
                want += m->pmf[k];
        assert_true(fabs(m->mass[p] - want) < 1e-12);
        total += m->mass[p];
        /* its hot keys are its own, hottest first */
        for (size_t h = m->hot_first[p]; h < m->hot_first[p + 1]; h++) {
            assert_int_equal(ddb_keyspace_lookup(&f->ks, m->hash[m->hot_placed[h]]), p);
            if (h > m->hot_first[p])
                assert_true(m->pmf[m->hot_placed[h - 1]] >= m->pmf[m->hot_placed[h]]);
        }
    }
    assert_true(fabs(total - 1.0) < 1e-12);
    assert_int_equal(m->hot_first[m->n_partitions], m->n_hot);
}

/* The pmf is the drawer's: 400,000 draws of the key drawer land on each key as often as its
 * probability says, within 5 standard deviations. */
static void test_pmf_is_the_drawers(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 4, 8);
    enum { DRAWS = 400000 };
    uint32_t *count = calloc(f.m.n, sizeof *count);
    for (int i = 0; i < DRAWS; i++)
        count[ddb_keydraw_draw(&f.kd, DDB_OP_PUT)]++;
    for (uint64_t k = 0; k < f.m.n; k++) {
        double want = DRAWS * f.m.pmf[k];
        if (fabs(count[k] - want) > 5.0 * sqrt(want) + 1.0)
            fail_msg("key %llu: %u draws, expected %.1f", (unsigned long long)k, count[k], want);
    }
    free(count);
    teardown(&f);
}

/* Placement, the hot keys (the n_hot likeliest, ties to the lower number), and again after a
 * split moves half of a partition's keys to a new one. */
static void test_place_and_hot(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 5, 12);
    assert_placed(&f);
    /* brute force: key k is hot when fewer than 12 keys come before it */
    for (uint64_t k = 0; k < f.m.n; k++) {
        size_t before = 0;
        for (uint64_t j = 0; j < f.m.n; j++)
            before += f.m.pmf[j] > f.m.pmf[k] || (f.m.pmf[j] == f.m.pmf[k] && j < k);
        bool listed = false;
        for (size_t h = 0; h < f.m.n_hot; h++)
            listed |= f.m.hot[h] == k;
        assert_int_equal(listed, before < 12);
    }
    ddb_keyspace_split(&f.ks, 2, ddb_keyspace_mid(&f.ks, 2), 5);
    ddb_keymass_place(&f.m, &f.ks, 6);
    assert_placed(&f);
    teardown(&f);
}

/* A key drawn from one partition: as often as its share of the partition's mass. */
static void test_draw_by_probability(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 3, 4);
    gsl_rng *r = ddb_rng_stream_new(7, DDB_RNG_AGGREGATE, 9);
    enum { DRAWS = 300000 };
    for (size_t p = 0; p < 3; p++) {
        uint32_t *count = calloc(f.m.n, sizeof *count);
        for (int i = 0; i < DRAWS; i++) {
            uint64_t k = ddb_keymass_draw(&f.m, p, r);
            assert_int_equal(ddb_keyspace_lookup(&f.ks, f.m.hash[k]), p);
            count[k]++;
        }
        for (uint64_t k = 0; k < f.m.n; k++) {
            if (ddb_keyspace_lookup(&f.ks, f.m.hash[k]) != p)
                continue;
            double want = DRAWS * f.m.pmf[k] / f.m.mass[p];
            if (fabs(count[k] - want) > 5.0 * sqrt(want) + 1.0)
                fail_msg("partition %zu key %llu: %u draws, expected %.1f", p, (unsigned long long)k,
                         count[k], want);
        }
        free(count);
    }
    gsl_rng_free(r);
    teardown(&f);
}

/* Expected distinct keys among n draws: sum of 1 - (1 - pmf)^n; all of them for large n. */
static void test_expected_distinct(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 2, 4);
    double want = 0.0;
    for (uint64_t k = 0; k < f.m.n; k++)
        want += 1.0 - pow(1.0 - f.m.pmf[k], 100.0);
    assert_true(fabs(ddb_keymass_expected_distinct(&f.m, 100.0) - want) < 1e-9);
    assert_true(fabs(ddb_keymass_expected_distinct(&f.m, 1e12) - (double)f.m.n) < 1e-6);
    teardown(&f);
}

/* The new share of draws n0+1..n1 is (D(n1) - D(n0)) / (n1 - n0), D summed key by key: within
 * the 1% the keys' grouping by probability allows. */
static void test_new_share(void **state)
{
    (void)state;
    fixture f;
    setup(&f, 2, 4);
    double pairs[][2] = {{0.0, 10.0}, {50.0, 60.0}, {400.0, 410.0}, {5000.0, 5100.0}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        double n0 = pairs[i][0], n1 = pairs[i][1];
        double want = (ddb_keymass_expected_distinct(&f.m, n1) - ddb_keymass_expected_distinct(&f.m, n0)) / (n1 - n0);
        double got = ddb_keymass_new_share(&f.m, n0, n1);
        if (fabs(got - want) > 0.01 * want + 1e-12)
            fail_msg("new share over (%g, %g]: %g, key by key %g", n0, n1, got, want);
    }
    assert_true(ddb_keymass_new_share(&f.m, 10.0, 10.0) == 0.0);
    teardown(&f);
}

/* A lognormal conditioned on staying below a uniform bound: at each bucket's end h, the mean over
 * the bound B of P(v < min(h, B)) over the mean of P(v < B) (B at 64 midpoints, here closed form
 * by fine quadrature); the unconditioned one is the lognormal's cdf. */
static void test_lognormal_below(void **state)
{
    (void)state;
    ddb_quantile_dist d, u;
    double med = 1e8, sg = 0.5, lo = 5e7, hi = 3e8;
    ddb_quantile_dist_lognormal(&u, med, sg, 0.0);
    ddb_quantile_dist_lognormal_below(&d, med, sg, 0.0, lo, hi, 64);
    assert_int_equal(d.first, u.first);
    for (unsigned j = 0; j + 1 < d.n; j += 7) {
        double h = ddb_quantile_bucket_high(d.first + j) - 0.5, num = 0.0, den = 0.0;
        enum { K = 20000 };
        for (int k = 0; k < K; k++) {
            double b = lo + (k + 0.5) * (hi - lo) / K - 0.5;
            num += ddb_lognormal_cdf(h < b ? h : b, med, sg);
            den += ddb_lognormal_cdf(b, med, sg);
        }
        if (fabs(d.cdf[j] - num / den) > 2e-3)
            fail_msg("bucket %u: %g, quadrature %g", j, d.cdf[j], num / den);
        if (fabs(u.cdf[j] - ddb_lognormal_cdf(h, med, sg)) > 1e-12)
            fail_msg("bucket %u unconditioned: %g", j, u.cdf[j]);
    }
    assert_true(d.cdf[d.n - 1] == 1.0);
    ddb_quantile_dist_destroy(&d);
    ddb_quantile_dist_destroy(&u);
}

/* Late index writes (ddb_lognormal_draw_late): 100,000 draws of (start, delay) conditioned on
 * arriving least_ns after the span's end, against quadrature over the start: every draw is late,
 * the delay's distribution function at five points and the mean start within 5 standard
 * deviations. A wide tail (the slice before the interval's end), a narrow one (two slices before,
 * 3.2 standard deviations out) and a fixed delay. */
static void check_late(double median_ms, double sigma, int64_t span, int64_t least)
{
    enum { N = 100000, K = 20000 };
    gsl_rng *r = ddb_rng_stream_new(7, DDB_RNG_AGGREGATE, 99);
    double xs[5] = {0.5, 0.8, 1.0, 1.3, 2.0}; /* times (span + least) */
    uint64_t below[5] = {0};
    double start_sum = 0.0;
    for (int k = 0; k < N; k++) {
        int64_t st, d;
        ddb_lognormal_draw_late(r, median_ms, sigma, 1e9, span, least, &st, &d);
        assert_true(st >= 0 && st < span);
        assert_true(st + d >= span + least);
        start_sum += (double)st;
        for (int j = 0; j < 5; j++)
            below[j] += (double)d <= xs[j] * (double)(span + least);
    }
    double med = median_ms * 1e6, den = 0.0, start_num = 0.0, num[5] = {0};
    for (int b = 0; b < K; b++) {
        double st = ((double)b + 0.5) * (double)span / K, need = (double)(span + least) - st;
        double late = 1.0 - ddb_lognormal_cdf(need, med, sigma);
        den += late;
        start_num += st * late;
        for (int j = 0; j < 5; j++) {
            double x = xs[j] * (double)(span + least), fx = ddb_lognormal_cdf(x + 0.5, med, sigma);
            num[j] += fx > 1.0 - late ? fx - (1.0 - late) : 0.0;
        }
    }
    for (int j = 0; j < 5; j++) {
        double want = num[j] / den, got = (double)below[j] / N;
        double tol = 5.0 * sqrt(want * (1.0 - want) / N) + 2e-3;
        if (fabs(got - want) > tol)
            fail_msg("sigma %g, %lld ns before the end: P(delay <= %g) %g, quadrature %g", sigma,
                     (long long)least, xs[j] * (double)(span + least), got, want);
    }
    double want = start_num / den, tol = 5.0 * (double)span / sqrt(12.0 * N) + 1e-3 * (double)span;
    if (fabs(start_sum / N - want) > tol)
        fail_msg("sigma %g: mean start %g ns, quadrature %g", sigma, start_sum / N, want);
    gsl_rng_free(r);
}

static void test_late_draw(void **state)
{
    (void)state;
    ddb_normal_init();
    check_late(100.0, 0.5, S / 4, 0);
    check_late(100.0, 0.5, S / 4, S / 2);
    check_late(300.0, 0.0, S / 4, S / 10);
}

/* Cost levels: a lognormal's writes cost, on average, what ddb_size_draw's sizes rounded up to
 * 1 KB units cost (Monte Carlo, 1,000,000 sizes), and n requests drawn together cost n times it. */
static void test_cost_levels_mean(void **state)
{
    (void)state;
    ddb_size_spec z = {.kind = DDB_SIZE_LOGNORMAL, .median_bytes = 1800, .sigma = 0.8};
    ddb_cost_levels l;
    ddb_cost_levels_write(&l, &z, 0);
    gsl_rng *r = ddb_rng_stream_new(3, DDB_RNG_AGGREGATE, 8);
    double sum = 0.0;
    enum { N = 1000000 };
    for (int i = 0; i < N; i++) {
        bool capped = false;
        uint32_t bytes = ddb_size_draw(&z, r, &capped);
        sum += 1000.0 * ceil(bytes / 1024.0);
    }
    double mc = sum / N, mean = ddb_cost_levels_mean(&l);
    if (fabs(mean - mc) > 0.005 * mc)
        fail_msg("levels' mean %.1f milli-WCU, sizes' %.1f", mean, mc);
    uint64_t capped = 0;
    double drawn = (double)ddb_cost_levels_draw(&l, N, r, &capped) / N;
    if (fabs(drawn - mean) > 0.005 * mean)
        fail_msg("%d requests drawn together: %.1f each, expected %.1f", N, drawn, mean);
    ddb_cost_levels_destroy(&l);
    /* reads: 4 KB units, eventual consistency half */
    ddb_size_spec fixed = {.kind = DDB_SIZE_FIXED, .bytes = 9000};
    ddb_cost_levels_read(&l, &fixed, DDB_EVENTUAL);
    assert_true(ddb_cost_levels_mean(&l) == 1500.0); /* 3 units of 4 KB, halved */
    ddb_cost_levels_destroy(&l);
    gsl_rng_free(r);
}

/* The bulk admission takes the whole slice's capacity only when every bucket holds it and the
 * reserve (what the slice's requests sent one by one will ask) besides; refused, it takes
 * nothing. */
static void test_admit_bulk_reserve(void **state)
{
    (void)state;
    ddb_table t;
    ddb_table_config c = {.rcu = 3000, .wcu = 1000, .burst_s = 0, .adaptive_capacity = false};
    ddb_table_init(&t, &c);
    assert_int_equal(t.n_partitions, 2);
    int64_t now = 10 * S, share = ddb_table_tokens_milli(&t, 0, DDB_WRITE, now);
    assert_true(share > 0);
    assert_false(ddb_table_admit_bulk(&t, 0, DDB_WRITE, share - 999, 1000, 0, now));
    assert_int_equal(ddb_table_tokens_milli(&t, 0, DDB_WRITE, now), share);
    assert_true(ddb_table_admit_bulk(&t, 0, DDB_WRITE, share - 1000, 1000, 0, now));
    assert_int_equal(ddb_table_tokens_milli(&t, 0, DDB_WRITE, now), 1000);
    /* what is left serves the reserve's requests one by one */
    assert_int_equal(ddb_table_admit(&t, 0, DDB_WRITE, 1000, now), DDB_ADMITTED);
    assert_int_not_equal(ddb_table_admit(&t, 0, DDB_WRITE, 1000, now), DDB_ADMITTED);
    ddb_table_destroy(&t);
}

/* n successes over [0, 1 s) refund the retry quota as the slice passes: half of them by 0.5 s,
 * and never above the quota's cap. */
static void test_refunds_spread(void **state)
{
    (void)state;
    ddb_client_config cfg = {.retry_mode = DDB_RETRY_STANDARD, .max_attempts = 3,
                             .retry_base_ms = 1000, .retry_max_backoff_ms = 20000,
                             .retry_quota = 500, .seed = 1};
    for (int op = 0; op < DDB_OP_COUNT; op++)
        cfg.service[op] = (ddb_service_spec){.median_ms = 5, .sigma = 0.4};
    ddb_client c;
    ddb_client_init(&c, &cfg, 0);
    uint32_t cost;
    for (int i = 0; i < 20; i++) /* 20 retries after errors other than throttles: 5 tokens each */
        assert_true(ddb_retry_quota_acquire(&c.quota, &c.retry, false, false, &cost));
    assert_int_equal(c.quota.available, 400);
    ddb_client_successes(&c, 60, 0, S);
    assert_int_equal(c.quota.available, 400); /* nothing yet */
    ddb_client_response(&c, S / 2, false);
    assert_int_equal(c.quota.available, 430);
    ddb_client_response(&c, 2 * S, false);
    assert_int_equal(c.quota.available, 460);
    ddb_client_successes(&c, 1000, 2 * S, 3 * S);
    ddb_client_response(&c, 3 * S, false);
    assert_int_equal(c.quota.available, 500); /* capped */
    ddb_client_destroy(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pmf_is_the_drawers),   cmocka_unit_test(test_place_and_hot),
        cmocka_unit_test(test_draw_by_probability),  cmocka_unit_test(test_expected_distinct),
        cmocka_unit_test(test_cost_levels_mean),     cmocka_unit_test(test_admit_bulk_reserve),
        cmocka_unit_test(test_refunds_spread),       cmocka_unit_test(test_new_share),
        cmocka_unit_test(test_lognormal_below),     cmocka_unit_test(test_late_draw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
