/* retry — SDK retry policies, the retry quota and the adaptive rate limiter. See retry.h.
 *
 * Sources (docs/model.md §8):
 *   J1  aws/aws-sdk-java (v1) retry/PredefinedRetryPolicies.java, PredefinedBackoffStrategies.java
 *   BS  boto/botocore retries/standard.py (STANDARD_RETRY_MODE_VERSION "2.0", and "2.1" = 2026)
 *   BQ  boto/botocore retries/quota.py
 *   BA  boto/botocore retries/adaptive.py, throttling.py, bucket.py
 */
#include "sim/model/retry.h"

#include <math.h>
#include "sim/support/check.h"

#define MS 1000000LL     /* ns */
#define SEC 1000000000LL /* ns */

const char *const ddb_retry_mode_names[DDB_RETRY_MODE_COUNT] = {
    [DDB_RETRY_NONE] = "none",
    [DDB_RETRY_LEGACY] = "legacy",
    [DDB_RETRY_STANDARD] = "standard",
    [DDB_RETRY_ADAPTIVE] = "adaptive",
    [DDB_RETRY_STANDARD_2026] = "standard_2026",
};
_Static_assert(DDB_RETRY_STANDARD_2026 + 1 == DDB_RETRY_MODE_COUNT, "one name per mode");

/* ---- defaults ---- */

static void defaults_legacy(ddb_retry_config *c)
{
    c->max_attempts = 11;           /* J1 DYNAMODB_DEFAULT_MAX_ERROR_RETRY = 10 retries */
    c->base_ns = 25 * MS;           /* J1 DYNAMODB_DEFAULT_BASE_DELAY = 25 ms */
    c->throttle_base_ns = 500 * MS; /* J1 SDK_DEFAULT_THROTTLED_BASE_DELAY = 500 ms */
    c->max_backoff_ns = 20 * SEC;   /* J1 SDK_DEFAULT_MAX_BACKOFF_IN_MILLISECONDS = 20 s */
    /* J1 SDKDefaultBackoffStrategy: full jitter for other errors, equal jitter for throttles.
     * Java draws whole milliseconds, [0, c] and c/2 + [0, c/2]; we draw continuous nanoseconds
     * over [0, c) and [c/2, c), which moves the means by half a millisecond at most. */
    c->jitter = DDB_RETRY_JITTER_FULL;
    c->throttle_jitter = DDB_RETRY_JITTER_EQUAL;
    c->quota = 0; /* no quota in this policy (docs/model.md §8) */
}

static void defaults_standard(ddb_retry_config *c)
{
    c->max_attempts = 3;          /* BS DEFAULT_MAX_ATTEMPTS = 3 */
    /* BS ExponentialBackoff "2.0": rand() * min(2 ** (attempt - 1), 20) s for every error. */
    c->base_ns = 1 * SEC;
    c->throttle_base_ns = 1 * SEC;
    c->max_backoff_ns = 20 * SEC; /* BS _MAX_BACKOFF = 20 */
    c->jitter = DDB_RETRY_JITTER_FULL;
    c->throttle_jitter = DDB_RETRY_JITTER_FULL;
    c->quota = 500;               /* BQ RetryQuota.INITIAL_CAPACITY = 500 */
    c->retry_cost = 5;            /* BS RetryQuotaChecker._RETRY_COST = 5 */
    c->throttle_retry_cost = 5;   /* "2.0" does not tell throttles apart: _RETRY_COST */
    c->timeout_retry_cost = 10;   /* BS _TIMEOUT_RETRY_REQUEST = 10 */
    c->no_retry_increment = 1;    /* BS _NO_RETRY_INCREMENT = 1 */
}

static void defaults_2026(ddb_retry_config *c)
{
    defaults_standard(c);
    c->max_attempts = 4;           /* BS "2.1" _SERVICE_MAX_ATTEMPTS['dynamodb'] = 4 */
    c->base_ns = 25 * MS;          /* BS _DYNAMODB_BASE_SCALE = 0.025 s (full jitter, 20 s cap) */
    c->throttle_base_ns = 1 * SEC; /* BS _THROTTLING_BASE_SCALE = 1 s */
    c->retry_cost = 14;            /* BS _RETRY_COST_V2 = 14 */
    c->throttle_retry_cost = 5;    /* BS _THROTTLING_RETRY_COST = 5 */
    c->timeout_retry_cost = 14;    /* "2.1" has no timeout case: a timeout costs _RETRY_COST_V2 */
    /* Not modelled: "2.1" waits max(t, min(x-amz-retry-after, t + 5 s)) when the header is sent. */
}

void ddb_retry_defaults(enum ddb_retry_mode mode, ddb_retry_config *cfg)
{
    DDB_CHECK((unsigned)mode < DDB_RETRY_MODE_COUNT, "retry mode %d", (int)mode);
    *cfg = (ddb_retry_config){.mode = mode, .max_attempts = 1, /* none: one attempt */
                              .jitter = DDB_RETRY_JITTER_FULL,
                              .throttle_jitter = DDB_RETRY_JITTER_FULL};
    switch (mode) {
    case DDB_RETRY_NONE: break;
    case DDB_RETRY_LEGACY: defaults_legacy(cfg); break;
    case DDB_RETRY_STANDARD: defaults_standard(cfg); break;
    case DDB_RETRY_ADAPTIVE: defaults_standard(cfg); break; /* BA: standard's handler + limiter */
    case DDB_RETRY_STANDARD_2026: defaults_2026(cfg); break;
    }
}

/* ---- backoff ---- */

/* c = min(2^(failed_attempt-1) * base, max), without overflow for any attempt number. J1
 * calculateExponentialDelay counts retries from 0 and BS counts attempts from 1: the same c. */
static int64_t ceiling_ns(int64_t base, int64_t max, uint32_t failed_attempt)
{
    uint32_t k = failed_attempt - 1;
    if (base <= 0 || max <= 0)
        return 0;
    return k < 63 && base <= (max >> k) ? base << k : max;
}

/* floor(u * span) for u in [0, 1), kept below span where rounding u * span would reach it. */
static int64_t scaled(int64_t span, double u)
{
    int64_t x = (int64_t)floor(u * (double)span);
    return x >= span ? (span > 0 ? span - 1 : 0) : x;
}

int64_t ddb_retry_delay_ns(const ddb_retry_config *cfg, uint32_t failed_attempt, bool throttle,
                           gsl_rng *r)
{
    DDB_CHECK(failed_attempt >= 1, "failed_attempt %u", failed_attempt);
    int64_t base = throttle ? cfg->throttle_base_ns : cfg->base_ns;
    enum ddb_retry_jitter j = throttle ? cfg->throttle_jitter : cfg->jitter;
    int64_t c = ceiling_ns(base, cfg->max_backoff_ns, failed_attempt);
    switch (j) {
    case DDB_RETRY_JITTER_NONE: return c;
    case DDB_RETRY_JITTER_FULL: return scaled(c, gsl_rng_uniform(r));
    case DDB_RETRY_JITTER_EQUAL: return c / 2 + scaled(c - c / 2, gsl_rng_uniform(r));
    }
    DDB_CHECK(false, "jitter kind %d", (int)j);
    return 0;
}

/* ---- quota (BQ RetryQuota, BS RetryQuotaChecker) ---- */

void ddb_retry_quota_init(ddb_retry_quota *q, const ddb_retry_config *cfg)
{
    q->available = cfg->quota;
    q->max = cfg->quota;
}

bool ddb_retry_quota_acquire(ddb_retry_quota *q, const ddb_retry_config *cfg, bool throttle,
                             bool timeout, uint32_t *cost_out)
{
    /* A timeout is an exception with no response, a throttle a parsed error response. */
    DDB_CHECK(!(throttle && timeout), "an error both a throttle and a timeout");
    *cost_out = 0;
    if (q->max == 0)
        return true;
    uint32_t cost = throttle ? cfg->throttle_retry_cost
                  : timeout  ? cfg->timeout_retry_cost
                             : cfg->retry_cost;
    if (cost > q->available)
        return false;
    q->available -= cost;
    *cost_out = cost;
    return true;
}

void ddb_retry_quota_release(ddb_retry_quota *q, const ddb_retry_config *cfg,
                             uint32_t last_retry_cost)
{
    DDB_CHECK(q->available <= q->max, "quota %u above its max %u", q->available, q->max);
    uint32_t refund = last_retry_cost ? last_retry_cost : cfg->no_retry_increment;
    uint32_t room = q->max - q->available;
    q->available += refund < room ? refund : room;
}

/* ---- adaptive limiter (BA) ----
 *
 * botocore runs on wall-clock seconds with one lock per object; here one simulated client calls
 * in time order, so there are no locks and times are nanoseconds, turned into seconds (double)
 * only as differences. The expressions keep botocore's order and constants (1 - 0.7, ** (1/3.0))
 * so the arithmetic matches to the last bit where C's pow matches Python's. */

#define MIN_FILL_RATE 0.5       /* bucket.py TokenBucket._MIN_RATE */
#define MAX_RATE_ADJUST 2.0     /* adaptive.py ClientRateLimiter._MAX_RATE_ADJUST_SCALE */
#define SMOOTHING 0.8           /* adaptive.py RateClocker._DEFAULT_SMOOTHING */
#define TIME_BUCKET_NS (SEC / 2) /* adaptive.py RateClocker._TIME_BUCKET_RANGE = 0.5 s */
#define CUBIC_C 0.4             /* throttling.py CubicCalculator._SCALE_CONSTANT */
#define CUBIC_BETA 0.7          /* throttling.py CubicCalculator._BETA */

static double seconds(int64_t dt_ns) { return (double)dt_ns / (double)SEC; }

/* TokenBucket._refill. Tokens may be negative: see ddb_retry_limiter_acquire. */
static void refill(ddb_retry_limiter *lim, int64_t now_ns)
{
    DDB_CHECK(now_ns >= lim->last_refill_ns, "limiter time %lld ns before %lld ns",
              (long long)now_ns, (long long)lim->last_refill_ns);
    double t = lim->tokens + seconds(now_ns - lim->last_refill_ns) * lim->fill_rate_per_s;
    lim->tokens = t < lim->max_capacity ? t : lim->max_capacity;
    lim->last_refill_ns = now_ns;
}

/* The TokenBucket.max_rate setter: refill at the old rate first, then change it. */
static void set_max_rate(ddb_retry_limiter *lim, double value, int64_t now_ns)
{
    refill(lim, now_ns);
    lim->fill_rate_per_s = value > MIN_FILL_RATE ? value : MIN_FILL_RATE;
    lim->max_capacity = value >= 1 ? value : 1;
    if (lim->tokens > lim->max_capacity)
        lim->tokens = lim->max_capacity;
}

/* CubicCalculator._calculate_zero_point */
static double zero_point(double w_max)
{
    return pow((w_max * (1 - CUBIC_BETA)) / CUBIC_C, 1 / 3.0);
}

/* CubicCalculator.success_received */
static double cubic_success(const ddb_retry_limiter *lim, int64_t now_ns)
{
    double dt = seconds(now_ns - lim->last_fail_ns);
    return CUBIC_C * pow(dt - lim->k_s, 3) + lim->w_max_per_s;
}

/* CubicCalculator.error_received */
static double cubic_error(ddb_retry_limiter *lim, double current_rate, int64_t now_ns)
{
    lim->w_max_per_s = current_rate;
    lim->k_s = zero_point(current_rate);
    lim->last_fail_ns = now_ns;
    return current_rate * CUBIC_BETA;
}

/* RateClocker.record: count this response; when a new 0.5 s bucket has begun, fold the count over
 * the buckets since the last fold into the EWMA. */
static double clock_record(ddb_retry_limiter *lim, int64_t now_ns)
{
    lim->count++;
    int64_t bucket = now_ns / TIME_BUCKET_NS * TIME_BUCKET_NS; /* floor: now_ns >= 0 */
    if (bucket > lim->last_bucket_ns) {
        double current = (double)lim->count / seconds(bucket - lim->last_bucket_ns);
        lim->measured_rate_per_s = current * SMOOTHING + lim->measured_rate_per_s * (1 - SMOOTHING);
        lim->count = 0;
        lim->last_bucket_ns = bucket;
    }
    return lim->measured_rate_per_s;
}

/* adaptive.py register_retry_handler at time 0: CubicCalculator(starting_max_rate=0, start_time),
 * TokenBucket(max_rate=1) (empty, first refill stamps the time), RateClocker (last bucket =
 * floor(start) in whole seconds = 0). */
void ddb_retry_limiter_init(ddb_retry_limiter *lim)
{
    *lim = (ddb_retry_limiter){0};
    lim->k_s = zero_point(0);
    set_max_rate(lim, 1, 0);
}

/* TokenBucket.acquire(1) blocks until a token is there and then takes it. Here the token is taken
 * at once, leaving the bucket in debt, and the caller is told when the debt is repaid; requests
 * queued this way go FIFO, 1/fill_rate apart. botocore's waiting threads re-check when the rate
 * changes (notify); a time returned here is not revised by later updates. */
int64_t ddb_retry_limiter_acquire(ddb_retry_limiter *lim, int64_t now_ns)
{
    if (!lim->enabled) /* ClientRateLimiter.on_sending_request */
        return now_ns;
    refill(lim, now_ns);
    lim->tokens -= 1;
    if (lim->tokens >= 0)
        return now_ns;
    double wait_ns = -lim->tokens / lim->fill_rate_per_s * (double)SEC;
    return now_ns + (int64_t)ceil(wait_ns);
}

bool ddb_retry_limiter_try(ddb_retry_limiter *lim, int64_t now_ns, int64_t *retry_at_ns)
{
    if (!lim->enabled)
        return true;
    refill(lim, now_ns);
    if (lim->tokens >= 1) {
        lim->tokens -= 1;
        return true;
    }
    double wait_ns = (1 - lim->tokens) / lim->fill_rate_per_s * (double)SEC;
    *retry_at_ns = now_ns + (int64_t)ceil(wait_ns);
    if (*retry_at_ns <= now_ns)
        *retry_at_ns = now_ns + 1;
    return false;
}

/* ClientRateLimiter.on_receiving_response */
void ddb_retry_limiter_update(ddb_retry_limiter *lim, int64_t now_ns, bool throttled)
{
    DDB_CHECK(now_ns >= lim->last_refill_ns, "limiter time %lld ns before %lld ns",
              (long long)now_ns, (long long)lim->last_refill_ns);
    double measured = clock_record(lim, now_ns);
    double new_rate;
    if (!throttled) {
        new_rate = cubic_success(lim, now_ns);
    } else {
        double fill = lim->fill_rate_per_s;
        double use = !lim->enabled ? measured : (measured < fill ? measured : fill);
        new_rate = cubic_error(lim, use, now_ns);
        lim->enabled = true;
    }
    double cap = MAX_RATE_ADJUST * measured;
    set_max_rate(lim, new_rate < cap ? new_rate : cap, now_ns);
}
