/* client — retries, quota, limiter and service times for the workload's SDK client. See client.h. */
#include "sim/model/client.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "sim/support/normal.h"
#include "sim/support/rng.h"

#define NS_PER_MS 1000000.0
#define MIN_SERVICE_NS 1000 /* a response never comes back in the same instant */

void ddb_client_init(ddb_client *c, const ddb_client_config *s, uint32_t instance)
{
    *c = (ddb_client){0};
    ddb_retry_defaults(s->retry_mode, &c->retry);
    /* The scenario holds every number, defaults filled in per mode. */
    c->retry.max_attempts = s->max_attempts;
    c->retry.throttle_base_ns = (int64_t)llround(s->retry_base_ms * NS_PER_MS);
    c->retry.max_backoff_ns = (int64_t)llround(s->retry_max_backoff_ms * NS_PER_MS);
    c->retry.quota = s->retry_quota;
    ddb_retry_quota_init(&c->quota, &c->retry);
    c->adaptive = s->retry_mode == DDB_RETRY_ADAPTIVE;
    ddb_retry_limiter_init(&c->limiter);
    for (int op = 0; op < DDB_OP_COUNT; op++)
        c->service[op] = s->service[op];
    c->rng_retry = ddb_rng_stream_new(s->seed, DDB_RNG_RETRY, instance);
    c->rng_service = ddb_rng_stream_new(s->seed, DDB_RNG_SERVICE, instance);
    ddb_normal_init();
    c->same_sigma = true;
    for (int op = 1; op < DDB_OP_COUNT; op++)
        c->same_sigma &= s->service[op].sigma == s->service[0].sigma;
    c->ahead_pos = DDB_CLIENT_AHEAD; /* drawn at the first attempt */
}

void ddb_client_destroy(ddb_client *c)
{
    gsl_rng_free(c->rng_retry);
    gsl_rng_free(c->rng_service);
}

static void draw_ahead(ddb_client *c)
{
    double sigma = c->service[0].sigma;
    for (unsigned i = 0; i < DDB_CLIENT_AHEAD; i++) {
        double z = ddb_normal_draw(c->rng_service);
        c->ahead[i] = c->same_sigma ? exp(sigma * z) : z;
    }
    c->ahead_pos = 0;
}

static inline int64_t service_ns(ddb_client *c, enum ddb_op op)
{
    if (c->ahead_pos == DDB_CLIENT_AHEAD)
        draw_ahead(c);
    double v = c->ahead[c->ahead_pos++];
    const ddb_service_spec *sp = &c->service[op];
    double factor = c->same_sigma ? v : exp(sp->sigma * v);
    double ns = sp->median_ms * NS_PER_MS * factor;
    return ns < MIN_SERVICE_NS ? MIN_SERVICE_NS : (int64_t)(ns + 0.5);
}

/* The successes counted over [from, to) that have come in by now_ns, refunded. */
static void credit_spread(ddb_client *c, int64_t now_ns)
{
    if (c->spread_n == c->spread_done)
        return;
    uint64_t due = c->spread_n;
    if (now_ns < c->spread_to_ns)
        due = now_ns <= c->spread_from_ns
                  ? 0
                  : (uint64_t)((double)c->spread_n * (double)(now_ns - c->spread_from_ns) /
                               (double)(c->spread_to_ns - c->spread_from_ns));
    if (due <= c->spread_done)
        return;
    uint64_t room = c->quota.max - c->quota.available;
    uint64_t refund = (due - c->spread_done) * c->retry.no_retry_increment;
    c->quota.available += (uint32_t)(refund < room ? refund : room);
    c->spread_done = due;
}

int64_t ddb_client_service_ns(ddb_client *c, enum ddb_op op) { return service_ns(c, op); }

int64_t ddb_client_slowest_ns(ddb_client *c, enum ddb_op op, uint32_t n)
{
    int64_t slowest = 0;
    for (uint32_t i = 0; i < n; i++) {
        int64_t t = service_ns(c, op);
        slowest = t > slowest ? t : slowest;
    }
    return slowest;
}

bool ddb_client_try_send(ddb_client *c, int64_t now_ns, int64_t *retry_at_ns)
{
    return !c->adaptive || ddb_retry_limiter_try(&c->limiter, now_ns, retry_at_ns);
}

void ddb_client_response(ddb_client *c, int64_t now_ns, bool throttled)
{
    credit_spread(c, now_ns);
    if (c->adaptive)
        ddb_retry_limiter_update(&c->limiter, now_ns, throttled);
}

int64_t ddb_client_retry_after(ddb_client *c, uint32_t failed_attempt, uint32_t *retry_cost)
{
    *retry_cost = 0;
    if (failed_attempt >= c->retry.max_attempts)
        return -1;
    if (!ddb_retry_quota_acquire(&c->quota, &c->retry, true, false, retry_cost))
        return -1;
    return ddb_retry_delay_ns(&c->retry, failed_attempt, true, c->rng_retry);
}

void ddb_client_success(ddb_client *c, uint32_t last_retry_cost)
{
    ddb_retry_quota_release(&c->quota, &c->retry, last_retry_cost);
}

void ddb_client_successes(ddb_client *c, uint64_t n, int64_t from_ns, int64_t to_ns)
{
    credit_spread(c, INT64_MAX); /* the previous slice's are all in */
    c->spread_n = n;
    c->spread_done = 0;
    c->spread_from_ns = from_ns;
    c->spread_to_ns = to_ns > from_ns ? to_ns : from_ns + 1;
}
