/* quantile — a streaming quantile sketch for latencies: a log-linear histogram.
 *
 * Values (nanoseconds) below 64 have a bucket each; above, each power of two is cut into 64
 * buckets, so a reported quantile is within 1/64 (1.6%) of the true value. Fixed memory (about
 * 22 KB), no per-sample storage, deterministic. Values above 2^48 ns (3.2 days) are clamped.
 */
#ifndef DDB_QUANTILE_H
#define DDB_QUANTILE_H

#include <stdint.h>

#define DDB_QUANTILE_SUB 64
#define DDB_QUANTILE_MAX_EXP 48
#define DDB_QUANTILE_BUCKETS (DDB_QUANTILE_SUB + (DDB_QUANTILE_MAX_EXP - 6) * DDB_QUANTILE_SUB)

typedef struct ddb_quantile {
    uint64_t count;
    uint64_t buckets[DDB_QUANTILE_BUCKETS];
} ddb_quantile;

void ddb_quantile_reset(ddb_quantile *q);
void ddb_quantile_add(ddb_quantile *q, int64_t value_ns);
/* Add every sample of src into dst. */
void ddb_quantile_merge(ddb_quantile *dst, const ddb_quantile *src);
/* The q-quantile (0 <= q <= 1) as the midpoint of its bucket, in ns; 0 when empty. */
double ddb_quantile_value(const ddb_quantile *q, double quantile);

/* The upper end of bucket b (exclusive), in ns: every value in the bucket is below it. */
double ddb_quantile_bucket_high(unsigned b);
/* Add n samples to bucket b (the aggregated mode adds expected counts a bucket at a time). */
void ddb_quantile_add_n(ddb_quantile *q, unsigned b, uint64_t n);

#endif
