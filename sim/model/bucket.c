/* bucket — see bucket.h.
 *
 * Refill credits floor((elapsed_ns * rate + rem) / 1e9) milli-units and keeps the remainder, so
 * the sum credited over any sequence of refills is exactly floor(total_elapsed * rate / 1e9)
 * while the bucket is below capacity. When both factors fit 32 bits (gaps under 4.3 s, rates
 * under 4.3 M milli-units/s: the common case) the product fits 64; otherwise it is formed in 128
 * bits, where int64 x int64 always fits, so no elapsed time or rate can overflow it.
 */
#include "sim/model/bucket.h"

#include "sim/support/check.h"

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

void ddb_bucket_refill_wide(ddb_bucket *b, uint64_t elapsed)
{
    /* unsigned: a deep debt below a large capacity must not overflow */
    uint64_t room = (uint64_t)b->capacity_milli - (uint64_t)b->tokens_milli;
    ddb_u128 acc = (ddb_u128)elapsed * (uint64_t)b->rate_milli_per_s + (uint64_t)b->rem;
    if (acc >= (ddb_u128)room * NS_PER_S) { /* long idle: certainly full; no 128-bit division */
        b->tokens_milli = b->capacity_milli;
        b->rem = 0;
        return;
    }
    b->tokens_milli += (int64_t)(uint64_t)(acc / NS_PER_S);
    b->rem = (int64_t)(uint64_t)(acc % NS_PER_S);
}

void ddb_bucket_refill_backwards(const ddb_bucket *b, int64_t now_ns)
{
    DDB_CHECK(0, "refill at %lld ns before the last one at %lld ns", (long long)now_ns,
              (long long)b->last_ns);
}

void ddb_bucket_take_failed(const ddb_bucket *b, int64_t cost_milli)
{
    DDB_CHECK(0, "take %lld from %lld tokens (capacity %lld)", (long long)cost_milli,
              (long long)b->tokens_milli, (long long)b->capacity_milli);
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
