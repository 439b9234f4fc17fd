/* quantile — log-linear histogram. See quantile.h. */
#include "sim/support/quantile.h"

#include <string.h>

void ddb_quantile_reset(ddb_quantile *q) { memset(q, 0, sizeof *q); }

static unsigned bucket_of(uint64_t v)
{
    if (v < DDB_QUANTILE_SUB)
        return (unsigned)v;
    unsigned e = 63u - (unsigned)__builtin_clzll(v); /* 2^e <= v < 2^(e+1), e >= 6 */
    if (e >= DDB_QUANTILE_MAX_EXP)
        return DDB_QUANTILE_BUCKETS - 1;
    unsigned mantissa = (unsigned)(v >> (e - 6)) & (DDB_QUANTILE_SUB - 1);
    return DDB_QUANTILE_SUB + (e - 6) * DDB_QUANTILE_SUB + mantissa;
}

/* Lower bound and width of bucket b. */
static void bucket_range(unsigned b, double *low, double *width)
{
    if (b < DDB_QUANTILE_SUB) {
        *low = (double)b;
        *width = 1.0;
        return;
    }
    unsigned e = (b - DDB_QUANTILE_SUB) / DDB_QUANTILE_SUB + 6;
    unsigned mantissa = (b - DDB_QUANTILE_SUB) % DDB_QUANTILE_SUB;
    double step = (double)(1ULL << (e - 6));
    *low = (double)(DDB_QUANTILE_SUB + mantissa) * step;
    *width = step;
}

void ddb_quantile_add(ddb_quantile *q, int64_t value_ns)
{
    q->buckets[bucket_of(value_ns < 0 ? 0 : (uint64_t)value_ns)]++;
    q->count++;
}

void ddb_quantile_merge(ddb_quantile *dst, const ddb_quantile *src)
{
    for (unsigned b = 0; b < DDB_QUANTILE_BUCKETS; b++)
        dst->buckets[b] += src->buckets[b];
    dst->count += src->count;
}

double ddb_quantile_value(const ddb_quantile *q, double quantile)
{
    if (q->count == 0)
        return 0.0;
    /* The rank of the sample that is the quantile: ceil(q * n), at least 1. */
    double want = quantile * (double)q->count;
    uint64_t rank = (uint64_t)want;
    if ((double)rank < want || rank == 0)
        rank++;
    uint64_t seen = 0;
    for (unsigned b = 0; b < DDB_QUANTILE_BUCKETS; b++) {
        seen += q->buckets[b];
        if (seen >= rank) {
            double low, width;
            bucket_range(b, &low, &width);
            return width == 1.0 ? low : low + width / 2.0;
        }
    }
    return 0.0; /* not reached: the ranks add up to count */
}

double ddb_quantile_bucket_high(unsigned b)
{
    double low, width;
    bucket_range(b, &low, &width);
    return low + width;
}

void ddb_quantile_add_n(ddb_quantile *q, unsigned b, uint64_t n)
{
    q->buckets[b < DDB_QUANTILE_BUCKETS ? b : DDB_QUANTILE_BUCKETS - 1] += n;
    q->count += n;
}
