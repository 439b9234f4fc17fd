/* test_retry — the SDK retry policies: documented defaults per mode, backoff bounds and means
 * against the analytic ones, one uniform draw per delay, the retry quota's costs and refunds, and
 * the adaptive limiter (measured rate, CUBIC after a throttle, the 0.5/s floor and the 2x cap,
 * request spacing, determinism). Fixed PCG seeds, so every outcome is deterministic. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <gsl/gsl_rng.h>

#include "sim/model/retry.h"
#include "sim/support/rng.h"

#define MS 1000000LL
#define SEC 1000000000LL
#define DRAWS 20000

/* cmocka 1.1 compares only floats; this prints both sides of a double comparison. */
#define assert_double_equal(a, b, tol) near((a), (b), (tol), #a, __FILE__, __LINE__)
static void near(double a, double b, double tol, const char *what, const char *file, int line)
{
    if (!(fabs(a - b) <= tol)) {
        print_error("%s:%d: %s = %.17g, expected %.17g +- %g\n", file, line, what, a, b, tol);
        fail();
    }
}

static gsl_rng *rng(uint64_t seed) { return ddb_rng_stream_new(seed, DDB_RNG_RETRY, 0); }

/* ---- defaults ---- */

static void test_mode_names(void **unused)
{
    (void)unused;
    assert_string_equal(ddb_retry_mode_names[DDB_RETRY_NONE], "none");
    assert_string_equal(ddb_retry_mode_names[DDB_RETRY_LEGACY], "legacy");
    assert_string_equal(ddb_retry_mode_names[DDB_RETRY_STANDARD], "standard");
    assert_string_equal(ddb_retry_mode_names[DDB_RETRY_ADAPTIVE], "adaptive");
    assert_string_equal(ddb_retry_mode_names[DDB_RETRY_STANDARD_2026], "standard_2026");
}

static void test_defaults(void **unused)
{
    (void)unused;
    ddb_retry_config c;

    ddb_retry_defaults(DDB_RETRY_NONE, &c);
    assert_int_equal(c.mode, DDB_RETRY_NONE);
    assert_int_equal(c.max_attempts, 1);
    assert_int_equal(c.quota, 0);

    ddb_retry_defaults(DDB_RETRY_LEGACY, &c); /* Java v1 DynamoDB */
    assert_int_equal(c.mode, DDB_RETRY_LEGACY);
    assert_int_equal(c.max_attempts, 11);
    assert_int_equal(c.base_ns, 25 * MS);
    assert_int_equal(c.throttle_base_ns, 500 * MS);
    assert_int_equal(c.max_backoff_ns, 20 * SEC);
    assert_int_equal(c.jitter, DDB_RETRY_JITTER_FULL);
    assert_int_equal(c.throttle_jitter, DDB_RETRY_JITTER_EQUAL);
    assert_int_equal(c.quota, 0);

    for (int m = DDB_RETRY_STANDARD; m <= DDB_RETRY_ADAPTIVE; m++) {
        ddb_retry_defaults((enum ddb_retry_mode)m, &c);
        assert_int_equal(c.mode, m);
        assert_int_equal(c.max_attempts, 3);
        assert_int_equal(c.base_ns, 1 * SEC);
        assert_int_equal(c.throttle_base_ns, 1 * SEC);
        assert_int_equal(c.max_backoff_ns, 20 * SEC);
        assert_int_equal(c.jitter, DDB_RETRY_JITTER_FULL);
        assert_int_equal(c.throttle_jitter, DDB_RETRY_JITTER_FULL);
        assert_int_equal(c.quota, 500);
        assert_int_equal(c.retry_cost, 5);
        assert_int_equal(c.throttle_retry_cost, 5);
        assert_int_equal(c.timeout_retry_cost, 10);
        assert_int_equal(c.no_retry_increment, 1);
    }

    ddb_retry_defaults(DDB_RETRY_STANDARD_2026, &c);
    assert_int_equal(c.mode, DDB_RETRY_STANDARD_2026);
    assert_int_equal(c.max_attempts, 4);
    assert_int_equal(c.base_ns, 25 * MS);
    assert_int_equal(c.throttle_base_ns, 1 * SEC);
    assert_int_equal(c.max_backoff_ns, 20 * SEC);
    assert_int_equal(c.jitter, DDB_RETRY_JITTER_FULL);
    assert_int_equal(c.throttle_jitter, DDB_RETRY_JITTER_FULL);
    assert_int_equal(c.quota, 500);
    assert_int_equal(c.retry_cost, 14);
    assert_int_equal(c.throttle_retry_cost, 5);
    assert_int_equal(c.timeout_retry_cost, 14);
    assert_int_equal(c.no_retry_increment, 1);
}

/* ---- backoff ---- */

/* The ceiling computed independently of retry.c: min(2^(n-1) base, cap). */
static double ceiling(const ddb_retry_config *c, uint32_t n, bool throttle)
{
    double base = (double)(throttle ? c->throttle_base_ns : c->base_ns);
    return fmin(ldexp(base, (int)fmin(n - 1.0, 2000.0)), (double)c->max_backoff_ns);
}

static const uint32_t attempts[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                    30, 64, 100, 1000, UINT32_MAX};

/* DRAWS delays after attempt n: all within the policy's bounds, the mean within 2% of c/2 (full
 * jitter) or 3c/4 (equal jitter), both ends of the interval approached. */
static void check_delays(const ddb_retry_config *c, uint32_t n, bool throttle, gsl_rng *r)
{
    double ceil_ns = ceiling(c, n, throttle);
    bool equal = (throttle ? c->throttle_jitter : c->jitter) == DDB_RETRY_JITTER_EQUAL;
    double lo = equal ? floor(ceil_ns / 2) : 0, mean_want = equal ? 0.75 * ceil_ns : 0.5 * ceil_ns;
    double sum = 0, min = INFINITY, max = -INFINITY;
    for (int i = 0; i < DRAWS; i++) {
        double d = (double)ddb_retry_delay_ns(c, n, throttle, r);
        if (!(d >= lo && d < ceil_ns)) {
            print_error("%s n=%u throttle=%d: delay %.0f outside [%.0f, %.0f)\n",
                        ddb_retry_mode_names[c->mode], n, throttle, d, lo, ceil_ns);
            fail();
        }
        sum += d;
        min = fmin(min, d);
        max = fmax(max, d);
    }
    assert_double_equal(sum / DRAWS, mean_want, 0.02 * mean_want);
    assert_double_equal(min, lo, 0.002 * ceil_ns);
    assert_double_equal(max, ceil_ns, 0.002 * ceil_ns);
}

static void test_delay_bounds_and_means(void **unused)
{
    (void)unused;
    gsl_rng *r = rng(42);
    for (int m = DDB_RETRY_LEGACY; m < DDB_RETRY_MODE_COUNT; m++) {
        ddb_retry_config c;
        ddb_retry_defaults((enum ddb_retry_mode)m, &c);
        for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++)
            for (int t = 0; t <= 1; t++)
                check_delays(&c, attempts[i], t, r);
    }
    gsl_rng_free(r);
}

/* Known values of the ceiling: the first few doublings, then the 20 s cap for large n. */
static void test_delay_ceiling(void **unused)
{
    (void)unused;
    gsl_rng *r = rng(7);
    ddb_retry_config c;
    ddb_retry_defaults(DDB_RETRY_LEGACY, &c);
    c.jitter = c.throttle_jitter = DDB_RETRY_JITTER_NONE; /* the delay is the ceiling */
    static const int64_t throttle_ms[] = {500, 1000, 2000, 4000, 8000, 16000, 20000, 20000};
    static const int64_t other_ms[] = {25, 50, 100, 200, 400, 800, 1600, 3200, 6400, 12800,
                                       20000, 20000};
    for (uint32_t n = 1; n <= 8; n++)
        assert_int_equal(ddb_retry_delay_ns(&c, n, true, r), throttle_ms[n - 1] * MS);
    for (uint32_t n = 1; n <= 12; n++)
        assert_int_equal(ddb_retry_delay_ns(&c, n, false, r), other_ms[n - 1] * MS);
    assert_int_equal(ddb_retry_delay_ns(&c, 63, false, r), 20 * SEC);
    assert_int_equal(ddb_retry_delay_ns(&c, 64, false, r), 20 * SEC);
    assert_int_equal(ddb_retry_delay_ns(&c, UINT32_MAX, true, r), 20 * SEC);
    c.max_backoff_ns = 100 * MS; /* a cap below the base caps the first delay too */
    assert_int_equal(ddb_retry_delay_ns(&c, 1, true, r), 100 * MS);
    c.throttle_base_ns = 0;
    assert_int_equal(ddb_retry_delay_ns(&c, 5, true, r), 0);
    gsl_rng_free(r);
}

/* One uniform per delay (none without jitter), and the delay is exactly that uniform scaled:
 * the twin generator draws the same uniform, and both streams stay aligned afterwards. */
static void test_one_uniform_per_delay(void **unused)
{
    (void)unused;
    gsl_rng *r = rng(99), *twin = rng(99);
    for (int m = DDB_RETRY_LEGACY; m < DDB_RETRY_MODE_COUNT; m++) {
        ddb_retry_config c;
        ddb_retry_defaults((enum ddb_retry_mode)m, &c);
        for (uint32_t n = 1; n <= 12; n++) {
            for (int t = 0; t <= 1; t++) {
                int64_t d = ddb_retry_delay_ns(&c, n, t, r);
                double cl = ceiling(&c, n, t), u = gsl_rng_uniform(twin);
                bool equal = (t ? c.throttle_jitter : c.jitter) == DDB_RETRY_JITTER_EQUAL;
                double half = floor(cl / 2);
                int64_t want = equal ? (int64_t)(half + floor(u * (cl - half)))
                                     : (int64_t)floor(u * cl);
                assert_int_equal(d, want);
                assert_int_equal(gsl_rng_get(r), gsl_rng_get(twin));
            }
        }
        c.jitter = c.throttle_jitter = DDB_RETRY_JITTER_NONE;
        assert_int_equal(ddb_retry_delay_ns(&c, 3, true, r), (int64_t)ceiling(&c, 3, true));
        assert_int_equal(ddb_retry_delay_ns(&c, 3, false, r), (int64_t)ceiling(&c, 3, false));
        assert_int_equal(gsl_rng_get(r), gsl_rng_get(twin)); /* nothing drawn */
    }
    gsl_rng_free(r);
    gsl_rng_free(twin);
}

/* ---- quota ---- */

static void test_quota_standard(void **unused)
{
    (void)unused;
    ddb_retry_config c;
    ddb_retry_defaults(DDB_RETRY_STANDARD, &c);
    ddb_retry_quota q;
    ddb_retry_quota_init(&q, &c);
    assert_int_equal(q.available, 500);
    uint32_t cost = 99;
    for (int i = 0; i < 100; i++) {
        assert_true(ddb_retry_quota_acquire(&q, &c, true, false, &cost));
        assert_int_equal(cost, 5);
    }
    assert_int_equal(q.available, 0);
    assert_false(ddb_retry_quota_acquire(&q, &c, true, false, &cost)); /* the 101st */
    assert_int_equal(cost, 0);
    assert_int_equal(q.available, 0);

    ddb_retry_quota_release(&q, &c, 5); /* a retried request succeeded: its last retry's cost */
    assert_int_equal(q.available, 5);
    ddb_retry_quota_release(&q, &c, 0); /* a first-attempt success: 1 */
    assert_int_equal(q.available, 6);
    assert_false(ddb_retry_quota_acquire(&q, &c, false, true, &cost)); /* timeout: 10 > 6 */
    assert_int_equal(q.available, 6);
    assert_true(ddb_retry_quota_acquire(&q, &c, false, false, &cost)); /* other error: 5 */
    assert_int_equal(cost, 5);
    assert_int_equal(q.available, 1);

    for (int i = 0; i < 1000; i++) {
        ddb_retry_quota_release(&q, &c, i % 3 == 0 ? 0 : 10);
        assert_true(q.available <= 500);
    }
    assert_int_equal(q.available, 500);
    ddb_retry_quota_init(&q, &c);
    assert_true(ddb_retry_quota_acquire(&q, &c, false, true, &cost));
    assert_int_equal(cost, 10);
    ddb_retry_quota_release(&q, &c, 10); /* refund of a timeout retry's cost */
    assert_int_equal(q.available, 500);
    ddb_retry_quota_release(&q, &c, 10); /* at max: nothing more */
    assert_int_equal(q.available, 500);
    ddb_retry_quota_init(&q, &c);
    q.available = 498;
    ddb_retry_quota_release(&q, &c, 5); /* capped at max */
    assert_int_equal(q.available, 500);
}

static void test_quota_2026(void **unused)
{
    (void)unused;
    ddb_retry_config c;
    ddb_retry_defaults(DDB_RETRY_STANDARD_2026, &c);
    ddb_retry_quota q;
    ddb_retry_quota_init(&q, &c);
    uint32_t cost = 0;
    for (int i = 0; i < 35; i++) { /* 35 x 14 = 490 */
        assert_true(ddb_retry_quota_acquire(&q, &c, false, false, &cost));
        assert_int_equal(cost, 14);
    }
    assert_int_equal(q.available, 10);
    assert_false(ddb_retry_quota_acquire(&q, &c, false, false, &cost)); /* 14 > 10 */
    assert_false(ddb_retry_quota_acquire(&q, &c, false, true, &cost));  /* timeout: also 14 */
    assert_true(ddb_retry_quota_acquire(&q, &c, true, false, &cost));   /* throttle: 5 */
    assert_int_equal(cost, 5);
    assert_true(ddb_retry_quota_acquire(&q, &c, true, false, &cost));
    assert_int_equal(q.available, 0);
    assert_false(ddb_retry_quota_acquire(&q, &c, true, false, &cost));
    ddb_retry_quota_release(&q, &c, 14);
    assert_int_equal(q.available, 14);
    ddb_retry_quota_release(&q, &c, 0);
    assert_int_equal(q.available, 15);
}

/* Without a quota (legacy) every retry is allowed and lends nothing. */
static void test_quota_none(void **unused)
{
    (void)unused;
    ddb_retry_config c;
    ddb_retry_defaults(DDB_RETRY_LEGACY, &c);
    ddb_retry_quota q;
    ddb_retry_quota_init(&q, &c);
    uint32_t cost = 7;
    for (int i = 0; i < 10000; i++) {
        assert_true(ddb_retry_quota_acquire(&q, &c, i % 2 == 0, i % 2 == 1 && i % 3 == 0, &cost));
        assert_int_equal(cost, 0);
    }
    ddb_retry_quota_release(&q, &c, 0);
    assert_int_equal(q.available, 0);
    assert_int_equal(q.max, 0);
}

/* ---- adaptive limiter ---- */

/* Successful responses every step_ns after *t up to and including until_ns; *t = the last. */
static void succeed_until(ddb_retry_limiter *lim, int64_t *t, int64_t until_ns, int64_t step_ns)
{
    while (*t + step_ns <= until_ns) {
        *t += step_ns;
        ddb_retry_limiter_update(lim, *t, false);
    }
}

static void test_limiter_off_until_throttle(void **unused)
{
    (void)unused;
    ddb_retry_limiter lim;
    ddb_retry_limiter_init(&lim);
    assert_false(lim.enabled);
    for (int64_t t = 0; t < 10 * SEC; t += MS) { /* 1000/s, far above any fill rate yet */
        for (int i = 0; i < 3; i++)
            assert_int_equal(ddb_retry_limiter_acquire(&lim, t), t);
        ddb_retry_limiter_update(&lim, t, false);
    }
    assert_false(lim.enabled);
    ddb_retry_limiter_update(&lim, 10 * SEC, true);
    assert_true(lim.enabled);
}

/* The EWMA over 0.5 s buckets: 100 responses/s give 80, 96, 99.2, ... -> 100. */
static void test_limiter_measured_rate(void **unused)
{
    (void)unused;
    ddb_retry_limiter lim;
    ddb_retry_limiter_init(&lim);
    int64_t t = 0;
    succeed_until(&lim, &t, SEC / 2 - 10 * MS, 10 * MS);
    assert_double_equal(lim.measured_rate_per_s, 0, 0);
    succeed_until(&lim, &t, SEC / 2, 10 * MS); /* the 50th response opens the 2nd bucket */
    assert_double_equal(lim.measured_rate_per_s, 80, 1e-12);
    succeed_until(&lim, &t, SEC, 10 * MS);
    assert_double_equal(lim.measured_rate_per_s, 96, 1e-12);
    succeed_until(&lim, &t, 3 * SEC / 2, 10 * MS);
    assert_double_equal(lim.measured_rate_per_s, 99.2, 1e-12);
    succeed_until(&lim, &t, 10 * SEC, 10 * MS);
    assert_double_equal(lim.measured_rate_per_s, 100, 1e-9);
    /* A silence of 2 s then one response: one count over four buckets, 0.5/s. */
    ddb_retry_limiter_update(&lim, 12 * SEC, false);
    assert_double_equal(lim.measured_rate_per_s, 0.8 * 0.5 + (1 - 0.8) * (100 - 100 * pow(0.2, 20)),
                        1e-9);
}

/* The CUBIC fill rate at time now_ns after the throttle at t0_ns with rate w. */
static double cubic_want(const ddb_retry_limiter *lim, double w, double k, int64_t t0_ns,
                         int64_t now_ns)
{
    double dt = (double)(now_ns - t0_ns) / 1e9;
    double r = fmin(0.4 * pow(dt - k, 3) + w, 2 * lim->measured_rate_per_s);
    return fmax(r, 0.5);
}

static void test_limiter_cubic(void **unused)
{
    (void)unused;
    ddb_retry_limiter lim;
    ddb_retry_limiter_init(&lim);
    int64_t t = 0;
    succeed_until(&lim, &t, 10 * SEC, 10 * MS); /* 100/s for 10 s */
    int64_t t0 = 10 * SEC + 5 * MS;
    ddb_retry_limiter_update(&lim, t0, true);
    double w = lim.measured_rate_per_s, k = cbrt(w * 0.3 / 0.4);
    assert_double_equal(w, 100, 1e-9);
    assert_true(lim.enabled);
    assert_double_equal(lim.w_max_per_s, w, 0);
    assert_double_equal(lim.k_s, k, 1e-12);
    assert_double_equal(lim.fill_rate_per_s, 0.7 * w, 1e-12); /* 70/s */
    assert_double_equal(lim.max_capacity, lim.fill_rate_per_s, 0);

    /* Successes keep coming at 100/s; the rate follows C (t - K)^3 + W_max, checked at a few t
     * against the formula and against its known values. */
    t = t0;
    double prev = lim.fill_rate_per_s;
    int64_t k_ns = (int64_t)llround(k * 1e9);
    const int64_t at[] = {1 * MS, 250 * MS, SEC, k_ns - SEC, k_ns, k_ns + SEC, k_ns + 2 * SEC};
    const double want_closed[] = {NAN, NAN, NAN, w - 0.4, w, w + 0.4, w + 3.2};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        succeed_until(&lim, &t, t0 + at[i] - 1, 10 * MS);
        ddb_retry_limiter_update(&lim, t0 + at[i], false);
        t = t0 + at[i];
        assert_double_equal(lim.fill_rate_per_s, cubic_want(&lim, w, k, t0, t), 1e-9);
        if (!isnan(want_closed[i]))
            assert_double_equal(lim.fill_rate_per_s, want_closed[i], 1e-6);
        assert_true(lim.fill_rate_per_s > prev); /* growing back */
        assert_double_equal(lim.max_capacity, lim.fill_rate_per_s, 0);
        prev = lim.fill_rate_per_s;
    }
    assert_true(lim.fill_rate_per_s > w); /* past W_max */

    /* Later the cubic would be far above what is sent: capped at 2 x measured. */
    succeed_until(&lim, &t, t0 + k_ns + 10 * SEC, 10 * MS);
    assert_true(0.4 * pow((double)(t - t0) / 1e9 - k, 3) + w > 2 * lim.measured_rate_per_s);
    assert_double_equal(lim.fill_rate_per_s, 2 * lim.measured_rate_per_s, 0);

    /* A second throttle: W_max = min(measured, fill rate). */
    int64_t t1 = t + 3 * MS;
    double fill = lim.fill_rate_per_s;
    ddb_retry_limiter_update(&lim, t1, true);
    double w1 = fmin(lim.measured_rate_per_s, fill);
    assert_double_equal(lim.w_max_per_s, w1, 0);
    assert_double_equal(lim.fill_rate_per_s, 0.7 * w1, 1e-12);
}

/* The floor: a throttle before any rate is measured, or throttles in a row, leave 0.5/s and a
 * bucket of one token. */
static void test_limiter_floor(void **unused)
{
    (void)unused;
    ddb_retry_limiter lim;
    ddb_retry_limiter_init(&lim);
    ddb_retry_limiter_update(&lim, MS, true); /* measured 0 */
    assert_double_equal(lim.fill_rate_per_s, 0.5, 0);
    assert_double_equal(lim.max_capacity, 1, 0);

    ddb_retry_limiter_init(&lim);
    int64_t t = 0;
    succeed_until(&lim, &t, 10 * SEC, 10 * MS);
    double rate = lim.measured_rate_per_s;
    for (int i = 0; i < 30; i++) {
        t += MS;
        ddb_retry_limiter_update(&lim, t, true);
        rate = fmax(0.7 * rate, 0.5);
        assert_double_equal(lim.fill_rate_per_s, rate, 1e-9);
        assert_true(lim.fill_rate_per_s >= 0.5);
        assert_true(lim.fill_rate_per_s <= 2 * lim.measured_rate_per_s);
    }
    assert_double_equal(lim.fill_rate_per_s, 0.5, 0);
    assert_double_equal(lim.max_capacity, 1, 0);
}

/* Once enabled, back-to-back requests leave 1/fill_rate apart, after at most the tokens held. */
static void test_limiter_spacing(void **unused)
{
    (void)unused;
    ddb_retry_limiter lim;
    ddb_retry_limiter_init(&lim);
    ddb_retry_limiter_update(&lim, MS, true); /* 0.5/s, 0.001 token banked at the old 1/s */
    /* 0.999 token short at 0.5/s, then 2 s more (to the nanosecond, rounded up) */
    assert_double_equal((double)ddb_retry_limiter_acquire(&lim, MS), (double)(MS + 1998 * MS), 1);
    assert_double_equal((double)ddb_retry_limiter_acquire(&lim, MS), (double)(MS + 3998 * MS), 1);

    ddb_retry_limiter_init(&lim);
    int64_t t = 0;
    succeed_until(&lim, &t, 10 * SEC, 10 * MS);
    assert_true(lim.tokens > 190); /* before: 2 x measured = 200/s, a bucket of 200 */
    ddb_retry_limiter_update(&lim, t, true); /* 70/s: the bucket shrinks to ~70 tokens */
    assert_double_equal(lim.tokens, lim.max_capacity, 0);
    ddb_retry_limiter snap = lim;
    int now_ok = 0;
    while (ddb_retry_limiter_acquire(&snap, t) == t)
        now_ok++;
    assert_int_equal(now_ok, (int)floor(lim.max_capacity));
    double gap_ns = 1e9 / lim.fill_rate_per_s;
    int64_t now = t + 5 * SEC; /* the bucket is full: max_capacity = the fill rate, ~70 */
    double tokens = lim.max_capacity;
    assert_double_equal(tokens, lim.fill_rate_per_s, 0);
    int64_t prev = now;
    int immediate = 0;
    for (int i = 0; i < 500; i++) {
        int64_t at = ddb_retry_limiter_acquire(&lim, now);
        assert_true(at >= now);
        if (at == now)
            immediate++;
        else if (prev > now)
            assert_double_equal((double)(at - prev), gap_ns, 1.0);
        prev = at;
    }
    assert_int_equal(immediate, (int)floor(tokens)); /* then 500 - tokens owed at 1/rate each */
    assert_double_equal((double)(prev - now), (500 - tokens) * gap_ns, 2.0);
}

/* The same calls give the same answers; another seed gives others. */
static void run_script(uint64_t seed, int64_t *out, size_t n)
{
    gsl_rng *r = rng(seed);
    ddb_retry_limiter lim;
    ddb_retry_limiter_init(&lim);
    int64_t t = 0;
    for (size_t i = 0; i < n; i++) {
        t += (int64_t)(gsl_rng_uniform(r) * 20e6);
        out[i] = ddb_retry_limiter_acquire(&lim, t);
        ddb_retry_limiter_update(&lim, t, gsl_rng_uniform(r) < 0.05);
        out[i] ^= (int64_t)(lim.fill_rate_per_s * 1e6);
    }
    gsl_rng_free(r);
}

static void test_limiter_determinism(void **unused)
{
    (void)unused;
    enum { N = 5000 };
    static int64_t a[N], b[N], c[N];
    run_script(5, a, N);
    run_script(5, b, N);
    run_script(6, c, N);
    size_t differ = 0;
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(a[i], b[i]);
        differ += a[i] != c[i];
    }
    assert_true(differ > N / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mode_names),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_delay_bounds_and_means),
        cmocka_unit_test(test_delay_ceiling),
        cmocka_unit_test(test_one_uniform_per_delay),
        cmocka_unit_test(test_quota_standard),
        cmocka_unit_test(test_quota_2026),
        cmocka_unit_test(test_quota_none),
        cmocka_unit_test(test_limiter_off_until_throttle),
        cmocka_unit_test(test_limiter_measured_rate),
        cmocka_unit_test(test_limiter_cubic),
        cmocka_unit_test(test_limiter_floor),
        cmocka_unit_test(test_limiter_spacing),
        cmocka_unit_test(test_limiter_determinism),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
