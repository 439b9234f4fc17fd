/* retry — the AWS SDKs' retry behaviour for a DynamoDB client: backoff delays, the retry quota and
 * the adaptive mode's client-side rate limiter. Times are simulated int64 nanoseconds.
 *
 * A leaf: it knows nothing of the engine. The caller decides which error happened (throttle,
 * timeout, other), counts attempts, and calls these in this order for one logical request:
 *
 *     send_at = ddb_retry_limiter_acquire(&lim, now)          adaptive mode only, before each send
 *     ddb_retry_limiter_update(&lim, t, throttled)            adaptive mode only, on each response
 *     on an error after attempt n (n < max_attempts):
 *         ddb_retry_quota_acquire(&q, &cfg, ...)              false: give up, no retry
 *         delay = ddb_retry_delay_ns(&cfg, n, throttle, rng)  then attempt n + 1
 *     on success: ddb_retry_quota_release(&q, &cfg, cost of the last retry, 0 if none)
 *
 * The numbers (ddb_retry_defaults) and every rule come from the SDKs' source; retry.c cites the
 * file and constant next to each (see also docs/model.md §8).
 * Not modelled: the x-amz-retry-after header of the 2026 behaviour (DynamoDB sends none that the
 * simulator could produce), and which error codes are retryable (the caller says what failed).
 */
#ifndef DDB_RETRY_H
#define DDB_RETRY_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

enum ddb_retry_mode {
    DDB_RETRY_NONE,         /* one attempt, never retried */
    DDB_RETRY_LEGACY,       /* Java SDK v1's DynamoDB defaults: 11 attempts, no quota */
    DDB_RETRY_STANDARD,     /* the SDKs' "standard" mode (botocore retries/standard.py 2.0) */
    DDB_RETRY_ADAPTIVE,     /* standard + the client-side rate limiter */
    DDB_RETRY_STANDARD_2026 /* the 2026 opt-in behaviour (AWS_NEW_RETRIES_2026, botocore "2.1") */
};
#define DDB_RETRY_MODE_COUNT 5
/* "none", "legacy", "standard", "adaptive", "standard_2026", indexed by the enum. */
extern const char *const ddb_retry_mode_names[DDB_RETRY_MODE_COUNT];

/* How a backoff ceiling c becomes a delay; u is one uniform draw in [0, 1). */
enum ddb_retry_jitter {
    DDB_RETRY_JITTER_FULL,  /* u * c: [0, c), mean c/2 */
    DDB_RETRY_JITTER_EQUAL, /* c/2 + u * c/2: [c/2, c), mean 3c/4 */
    DDB_RETRY_JITTER_NONE   /* c, no draw */
};

/* A client's retry policy. ddb_retry_defaults fills it per mode; any field may be overridden
 * afterwards. The ceiling after attempt n failed is c = min(2^(n-1) * base, max_backoff_ns),
 * with base = throttle_base_ns after a throttling error and base_ns after any other. */
typedef struct ddb_retry_config {
    enum ddb_retry_mode mode;
    uint32_t max_attempts;        /* total attempts including the first, >= 1 */
    int64_t base_ns;              /* backoff base after a non-throttling error, >= 0 */
    int64_t throttle_base_ns;     /* backoff base after a throttling error, >= 0 */
    int64_t max_backoff_ns;       /* cap on the ceiling c, >= 0 */
    enum ddb_retry_jitter jitter;          /* after a non-throttling error */
    enum ddb_retry_jitter throttle_jitter; /* after a throttling error */
    uint32_t quota;               /* retry quota tokens, initial = max; 0 = no quota */
    uint32_t retry_cost;          /* tokens a retry takes after a non-throttling error ... */
    uint32_t throttle_retry_cost; /* ... after a throttling error ... */
    uint32_t timeout_retry_cost;  /* ... after a timeout (connect or read) */
    uint32_t no_retry_increment;  /* tokens a success without any retry gives back */
} ddb_retry_config;

/* Fill cfg with mode's documented defaults (every field is set). */
void ddb_retry_defaults(enum ddb_retry_mode mode, ddb_retry_config *cfg);

/* The backoff before the next attempt, after attempt failed_attempt (1 = the first) failed with a
 * throttling error or not. Draws exactly one gsl_rng_uniform from r (none when the jitter is
 * DDB_RETRY_JITTER_NONE), so the stream's later draws do not depend on the policy's numbers.
 * Returns a delay in [0, max_backoff_ns]. */
int64_t ddb_retry_delay_ns(const ddb_retry_config *cfg, uint32_t failed_attempt, bool throttle,
                           gsl_rng *r);

/* The retry quota of one client (botocore retries/quota.py RetryQuota). The caller owns it. */
typedef struct ddb_retry_quota {
    uint32_t available; /* tokens left */
    uint32_t max;       /* = cfg->quota: refunds never go above it */
} ddb_retry_quota;

/* Full: cfg->quota tokens. */
void ddb_retry_quota_init(ddb_retry_quota *q, const ddb_retry_config *cfg);
/* Take the cost of one retry after an error: throttle_retry_cost after a throttling error, else
 * timeout_retry_cost after a timeout, else retry_cost (a response is never both). Returns false,
 * taking nothing, when fewer tokens are left than the cost: the request must not be retried.
 * *cost_out = the tokens taken (0 when refused, and always 0 without a quota, which never
 * refuses); pass the cost of the request's last retry to ddb_retry_quota_release. */
bool ddb_retry_quota_acquire(ddb_retry_quota *q, const ddb_retry_config *cfg, bool throttle,
                             bool timeout, uint32_t *cost_out);
/* A logical request succeeded: give back no_retry_increment if it never retried
 * (last_retry_cost 0, which is also what a retry cost overridden to 0 looks like), else the cost
 * of its last retry; capped at max. A request that fails for good gives nothing back (the caller
 * simply does not call this). */
void ddb_retry_quota_release(ddb_retry_quota *q, const ddb_retry_config *cfg,
                             uint32_t last_retry_cost);

/* The adaptive mode's client-side rate limiter: botocore's ClientRateLimiter (retries/adaptive.py)
 * over a TokenBucket (retries/bucket.py), a CubicCalculator (retries/throttling.py) and a
 * RateClocker (adaptive.py), with rates in requests per second. Until the first throttling
 * response it never holds a request (but keeps its state up to date, as botocore does). The
 * caller owns it; calls must come in non-decreasing time. */
typedef struct ddb_retry_limiter {
    bool enabled;               /* a throttling response has been seen */
    /* TokenBucket */
    double fill_rate_per_s;     /* botocore's max_rate: tokens per second, >= 0.5 */
    double max_capacity;        /* the fill rate, at least 1 token */
    double tokens;              /* current capacity; negative = owed by requests already let go */
    int64_t last_refill_ns;
    /* CubicCalculator */
    double w_max_per_s;         /* the rate at the last throttle */
    double k_s;                 /* (w_max (1 - beta) / C)^(1/3): when the curve is back at w_max */
    int64_t last_fail_ns;       /* time of the last throttle (creation time before any) */
    /* RateClocker */
    double measured_rate_per_s; /* responses per second, EWMA over 0.5 s buckets */
    int64_t last_bucket_ns;     /* start of the bucket the count belongs to */
    uint64_t count;             /* responses since last_bucket_ns */
} ddb_retry_limiter;

/* A new limiter created at simulated time 0. */
void ddb_retry_limiter_init(ddb_retry_limiter *lim);
/* A request is ready to be sent at now_ns: returns when it may be sent (>= now_ns). Once enabled,
 * it takes one token, so back-to-back calls are spaced 1/fill_rate apart; before the first
 * throttle it returns now_ns and takes nothing. */
int64_t ddb_retry_limiter_acquire(ddb_retry_limiter *lim, int64_t now_ns);
/* A response arrived at now_ns (throttled or not): update the measured rate, the CUBIC rate and
 * the bucket's fill rate = max(0.5, min(CUBIC rate, 2 x measured rate)). */
/* As botocore's TokenBucket.acquire without blocking: take a token if one is there (true), else
 * leave the bucket alone and set *retry_at_ns to when one will be (false). Before the first
 * throttle every request goes at once. */
bool ddb_retry_limiter_try(ddb_retry_limiter *lim, int64_t now_ns, int64_t *retry_at_ns);
void ddb_retry_limiter_update(ddb_retry_limiter *lim, int64_t now_ns, bool throttled);

#endif
