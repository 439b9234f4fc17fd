/* bucket — a token bucket in integer milli-units and nanoseconds.
 *
 * Tokens refill continuously at rate_milli_per_s up to capacity_milli; fractions of a milli-unit
 * are carried (a remainder in milli-unit-nanoseconds), so no capacity is lost or invented by
 * rounding however the refills are spaced. A request that costs more than the whole capacity is
 * admitted when the bucket is full and leaves it in debt (negative tokens), as DynamoDB lets a
 * large item through on a small table and throttles what follows.
 */
#ifndef DDB_BUCKET_H
#define DDB_BUCKET_H

#include <stdbool.h>
#include <stdint.h>

typedef struct ddb_bucket {
    int64_t tokens_milli;
    int64_t capacity_milli;
    int64_t rate_milli_per_s;
    int64_t last_ns;      /* time of the last refill */
    int64_t rem;          /* carried fraction: milli-units x 1e9 not yet credited */
} ddb_bucket;

void ddb_bucket_init(ddb_bucket *b, int64_t rate_milli_per_s, int64_t capacity_milli,
                     int64_t initial_milli, int64_t now_ns);
/* The out-of-line parts of the inline functions below: a gap or rate past 32 bits (128-bit
 * arithmetic), and the bugs they check for (a take the bucket cannot cover, time running
 * backwards: they abort). */
void ddb_bucket_refill_wide(ddb_bucket *b, uint64_t elapsed);
void ddb_bucket_take_failed(const ddb_bucket *b, int64_t cost_milli);
void ddb_bucket_refill_backwards(const ddb_bucket *b, int64_t now_ns);

/* Credit the tokens earned since the last refill (now_ns >= last refill time). Inline: every
 * admission refills two or three buckets. */
static inline void ddb_bucket_refill(ddb_bucket *b, int64_t now_ns)
{
    if (__builtin_expect(now_ns < b->last_ns, 0))
        ddb_bucket_refill_backwards(b, now_ns); /* time ran backwards: a bug */
    uint64_t elapsed = (uint64_t)(now_ns - b->last_ns);
    b->last_ns = now_ns;
    if (b->tokens_milli >= b->capacity_milli) {
        b->rem = 0; /* a full bucket discards what it earns, fractions included */
        return;
    }
    uint64_t rate = (uint64_t)b->rate_milli_per_s;
    if (__builtin_expect((elapsed | rate) > UINT32_MAX, 0)) {
        ddb_bucket_refill_wide(b, elapsed);
        return;
    }
    /* gaps under 4.3 s and rates under 4.3 M milli-units/s: (2^32-1)^2 + rem < 2^64 */
    uint64_t room = (uint64_t)b->capacity_milli - (uint64_t)b->tokens_milli;
    uint64_t acc = elapsed * rate + (uint64_t)b->rem;
    uint64_t add = acc / 1000000000u;
    if (add >= room) {
        b->tokens_milli = b->capacity_milli;
        b->rem = 0;
    } else {
        b->tokens_milli += (int64_t)add;
        b->rem = (int64_t)(acc % 1000000000u);
    }
}

/* Whether cost can be taken now (after a refill): enough tokens, or a full bucket for a cost
 * larger than the capacity. */
static inline bool ddb_bucket_can_take(const ddb_bucket *b, int64_t cost_milli)
{
    return b->tokens_milli >= cost_milli ||
           (cost_milli > b->capacity_milli && b->tokens_milli >= b->capacity_milli);
}

/* Take cost (may go negative only through the oversize rule above). */
static inline void ddb_bucket_take(ddb_bucket *b, int64_t cost_milli)
{
    if (__builtin_expect(cost_milli < 0 || !ddb_bucket_can_take(b, cost_milli), 0))
        ddb_bucket_take_failed(b, cost_milli);
    b->tokens_milli -= cost_milli;
}

/* Take up to cost, never below zero; returns what was taken. */
int64_t ddb_bucket_drain(ddb_bucket *b, int64_t cost_milli);
/* Change rate and capacity from now on (tokens above the new capacity are dropped). */
void ddb_bucket_set_rate(ddb_bucket *b, int64_t rate_milli_per_s, int64_t capacity_milli,
                         int64_t now_ns);

#endif
