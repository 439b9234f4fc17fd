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
/* Credit the tokens earned since the last refill (now_ns >= last refill time). */
void ddb_bucket_refill(ddb_bucket *b, int64_t now_ns);
/* Whether cost can be taken now (after a refill): enough tokens, or a full bucket for a cost
 * larger than the capacity. */
bool ddb_bucket_can_take(const ddb_bucket *b, int64_t cost_milli);
/* Take cost (may go negative only through the oversize rule above). */
void ddb_bucket_take(ddb_bucket *b, int64_t cost_milli);
/* Take up to cost, never below zero; returns what was taken. */
int64_t ddb_bucket_drain(ddb_bucket *b, int64_t cost_milli);
/* Change rate and capacity from now on (tokens above the new capacity are dropped). */
void ddb_bucket_set_rate(ddb_bucket *b, int64_t rate_milli_per_s, int64_t capacity_milli,
                         int64_t now_ns);

#endif
