/* quantile_dist — a distribution over the quantile sketch's buckets (sim/support/quantile.h), to
 * add many values drawn from it at once: the aggregated mode's latencies and index lags, which
 * are counted, not drawn one by one.
 *
 * Contract: ddb_quantile_dist_add puts n values in the buckets stratified: bucket b gets
 * floor(n C_b + u) - floor(n C_{b-1} + u) of them (C the distribution function at the bucket's
 * upper end, u one uniform draw in [0, 1)), n in all; each bucket's count is within one of its
 * expectation, and its expectation is exactly n times the bucket's probability.
 */
#ifndef DDB_QUANTILE_DIST_H
#define DDB_QUANTILE_DIST_H

#include <stdint.h>
#include "sim/support/quantile.h"

typedef struct ddb_quantile_dist {
    unsigned first, n;  /* the buckets [first, first + n) that can hold a value */
    double *cdf;        /* cdf[i]: P(value < the upper end of bucket first + i); the last is 1 */
} ddb_quantile_dist;

/* A lognormal of median median_ns and shape sigma, each value rounded to the nearest ns and at
 * least min_ns. */
void ddb_quantile_dist_lognormal(ddb_quantile_dist *d, double median_ns, double sigma, double min_ns);
/* The same lognormal conditioned on the value staying below a bound drawn uniformly in
 * (lo_ns, hi_ns] (a delay that must end before a deadline from a uniform start), the bound's
 * uniform taken at `points` midpoints. */
void ddb_quantile_dist_lognormal_below(ddb_quantile_dist *d, double median_ns, double sigma,
                                       double min_ns, double lo_ns, double hi_ns, int points);
/* d becomes a copy of from (its own array). */
void ddb_quantile_dist_copy(ddb_quantile_dist *d, const ddb_quantile_dist *from);
void ddb_quantile_dist_destroy(ddb_quantile_dist *d);
/* Add n values of d to q (stratified, above), u uniform in [0, 1). */
void ddb_quantile_dist_add(ddb_quantile *q, const ddb_quantile_dist *d, uint64_t n, double u);
/* The value below which a share `share` of d lies (the upper end of that bucket), in ns. */
double ddb_quantile_dist_inverse(const ddb_quantile_dist *d, double share);

#endif
