/* client — retries, quota, limiter and service times for the workload's SDK client. See client.h. */
#include "sim/client.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "sim/normal.h"
#include "sim/rng.h"

#define NS_PER_MS 1000000.0
#define MIN_SERVICE_NS 1000 /* a response never comes back in the same instant */

void ddb_client_init(ddb_client *c, const ddb_scenario *s, uint32_t instance)
{
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

/* 2^(j/64), j = 0..63 */
static const double exp2_64ths[64] = {
    1, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284,
    1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199,
    1.0905077326652577, 1.1023825833078409, 1.1143867425958924, 1.1265216186082418,
    1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
    1.189207115002721, 1.2021567314527031, 1.215247359980469, 1.22848053610687,
    1.241857812073484, 1.2553807570246911, 1.2690509571917332, 1.2828700160787783,
    1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.3396675240533029,
    1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112,
    1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647,
    1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445384,
    1.5422108254079407, 1.5590044002378369, 1.5759808451078865, 1.593142151342267,
    1.6104903319492543, 1.6280274218573478, 1.6457554781539649, 1.6636765803267364,
    1.681792830507429, 1.7001063537185235, 1.7186192981224779, 1.7373338352737062,
    1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989,
    1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656,
    1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.9784560263879509,
};

/* e^x for the service-time draw, which runs once per attempt: 2^(x log2 e) split into a power of
 * two (exact, through ldexp), 2^(j/64) from the table and a degree-5 polynomial for the rest
 * (|r| < ln 2 / 64: relative error below 1e-13, far inside what a latency model can tell). */
static double exp_fast(double x)
{
    double y = x * 1.4426950408889634 * 64.0; /* x log2(e), in 64ths */
    double n = floor(y);
    double r = (y - n) * (0.6931471805599453 / 64.0);
    long whole = (long)n;
    long j = whole & 63;
    double p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r / 120))));
    long k = (whole - j) / 64;
    if (k < -1000 || k > 1000) /* beyond what a service time can be: let the library handle it */
        return ldexp(exp2_64ths[j] * p, (int)k);
    /* 2^k built from its bits: ldexp is a library call, and this runs once per attempt. */
    uint64_t bits = (uint64_t)(k + 1023) << 52;
    double two_k;
    memcpy(&two_k, &bits, sizeof two_k);
    return exp2_64ths[j] * p * two_k;
}

static void draw_ahead(ddb_client *c)
{
    double sigma = c->service[0].sigma;
    for (unsigned i = 0; i < DDB_CLIENT_AHEAD; i++) {
        double z = ddb_normal_draw(c->rng_service);
        c->ahead[i] = c->same_sigma ? exp_fast(sigma * z) : z;
    }
    c->ahead_pos = 0;
}

int64_t ddb_client_service_ns(ddb_client *c, enum ddb_op op)
{
    if (c->ahead_pos == DDB_CLIENT_AHEAD)
        draw_ahead(c);
    double v = c->ahead[c->ahead_pos++];
    const ddb_service_spec *sp = &c->service[op];
    double factor = c->same_sigma ? v : exp_fast(sp->sigma * v);
    double ns = sp->median_ms * NS_PER_MS * factor;
    return ns < MIN_SERVICE_NS ? MIN_SERVICE_NS : (int64_t)(ns + 0.5);
}

bool ddb_client_try_send(ddb_client *c, int64_t now_ns, int64_t *retry_at_ns)
{
    return !c->adaptive || ddb_retry_limiter_try(&c->limiter, now_ns, retry_at_ns);
}

void ddb_client_response(ddb_client *c, int64_t now_ns, bool throttled)
{
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
