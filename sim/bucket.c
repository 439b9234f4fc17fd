/* bucket — see bucket.h.
 *
 * Refill credits floor((elapsed_ns * rate + rem) / 1e9) milli-units and keeps the remainder, so
 * the sum credited over any sequence of refills is exactly floor(total_elapsed * rate / 1e9)
 * while the bucket is below capacity. When both factors fit 32 bits (gaps under 4.3 s, rates
 * under 4.3 M milli-units/s: the common case) the product fits 64; otherwise it is formed in 128
 * bits, where int64 x int64 always fits, so no elapsed time or rate can overflow it.
 */
#include "sim/bucket.h"

#include "sim/check.h"

__extension__ typedef unsigned __int128 ddb_u128;

#define NS_PER_S 1000000000

void ddb_bucket_init(ddb_bucket *b, int64_t rate_milli_per_s, int64_t capacity_milli,
                     int64_t initial_milli, int64_t now_ns)
{
    DDB_CHECK(rate_milli_per_s >= 0 && capacity_milli >= 0 && initial_milli <= capacity_milli,
              "rate %lld, capacity %lld, initial %lld", (long long)rate_milli_per_s,
              (long long)capacity_milli, (long long)initial_milli);
    b->tokens_milli = initial_milli;
    b->capacity_milli = capacity_milli;
    b->rate_milli_per_s = rate_milli_per_s;
    b->last_ns = now_ns;
    b->rem = 0;
}

void ddb_bucket_refill(ddb_bucket *b, int64_t now_ns)
{
    DDB_CHECK(now_ns >= b->last_ns, "refill at %lld ns before the last one at %lld ns",
              (long long)now_ns, (long long)b->last_ns);
    uint64_t elapsed = (uint64_t)(now_ns - b->last_ns);
    b->last_ns = now_ns;
    if (b->tokens_milli >= b->capacity_milli) {
        /* A full bucket discards what it earns, fractions included. */
        b->rem = 0;
        return;
    }
    /* unsigned: a deep debt below a large capacity must not overflow */
    uint64_t room = (uint64_t)b->capacity_milli - (uint64_t)b->tokens_milli;
    uint64_t rate = (uint64_t)b->rate_milli_per_s, add, rem;
    if ((elapsed | rate) <= UINT32_MAX) {
        /* the common case, gaps under 4 s: (2^32-1)^2 + rem < 2^64, no 128-bit arithmetic */
        uint64_t acc = elapsed * rate + (uint64_t)b->rem;
        add = acc / NS_PER_S;
        rem = acc % NS_PER_S;
    } else {
        ddb_u128 acc = (ddb_u128)elapsed * rate + (uint64_t)b->rem;
        if (acc >= (ddb_u128)room * NS_PER_S) {
            add = room; /* long idle: certainly full; skip the 128-bit division */
            rem = 0;
        } else {
            add = (uint64_t)(acc / NS_PER_S);
            rem = (uint64_t)(acc % NS_PER_S);
        }
    }
    if (add >= room) {
        b->tokens_milli = b->capacity_milli;
        b->rem = 0;
    } else {
        b->tokens_milli += (int64_t)add;
        b->rem = (int64_t)rem;
    }
}

bool ddb_bucket_can_take(const ddb_bucket *b, int64_t cost_milli)
{
    return b->tokens_milli >= cost_milli ||
           (cost_milli > b->capacity_milli && b->tokens_milli >= b->capacity_milli);
}

void ddb_bucket_take(ddb_bucket *b, int64_t cost_milli)
{
    DDB_CHECK(cost_milli >= 0 && ddb_bucket_can_take(b, cost_milli),
              "take %lld from %lld tokens (capacity %lld)", (long long)cost_milli,
              (long long)b->tokens_milli, (long long)b->capacity_milli);
    b->tokens_milli -= cost_milli;
}

int64_t ddb_bucket_drain(ddb_bucket *b, int64_t cost_milli)
{
    DDB_CHECK(cost_milli >= 0, "drain %lld", (long long)cost_milli);
    int64_t avail = b->tokens_milli > 0 ? b->tokens_milli : 0;
    int64_t got = cost_milli < avail ? cost_milli : avail;
    b->tokens_milli -= got;
    return got;
}

void ddb_bucket_set_rate(ddb_bucket *b, int64_t rate_milli_per_s, int64_t capacity_milli,
                         int64_t now_ns)
{
    DDB_CHECK(rate_milli_per_s >= 0 && capacity_milli >= 0, "rate %lld, capacity %lld",
              (long long)rate_milli_per_s, (long long)capacity_milli);
    ddb_bucket_refill(b, now_ns); /* what was earned so far was earned at the old rate */
    b->rate_milli_per_s = rate_milli_per_s;
    b->capacity_milli = capacity_milli;
    if (b->tokens_milli >= capacity_milli) {
        b->tokens_milli = capacity_milli;
        b->rem = 0;
    }
}
