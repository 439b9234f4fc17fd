/* quantile_dist — a distribution over the sketch's buckets. See quantile_dist.h. */
#include "sim/support/quantile_dist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/normal.h"

void ddb_quantile_dist_lognormal(ddb_quantile_dist *d, double median_ns, double sigma, double min_ns)
{
    unsigned b = 0;
    while (b + 1 < DDB_QUANTILE_BUCKETS && ddb_quantile_bucket_high(b) <= min_ns)
        b++;
    d->first = b;
    d->n = 0;
    size_t cap = 64;
    d->cdf = ddb_xmalloc(cap * sizeof *d->cdf);
    for (;; b++) {
        /* a value below the bucket's upper end h once rounded: drawn below h - 0.5 */
        double c = ddb_lognormal_cdf(ddb_quantile_bucket_high(b) - 0.5, median_ns, sigma);
        if (b + 1 == DDB_QUANTILE_BUCKETS || c > 1.0 - 1e-15)
            c = 1.0;
        if (d->n == cap)
            d->cdf = ddb_xrealloc(d->cdf, (cap *= 2) * sizeof *d->cdf);
        d->cdf[d->n++] = c;
        if (c >= 1.0)
            break;
    }
}

void ddb_quantile_dist_lognormal_below(ddb_quantile_dist *d, double median_ns, double sigma,
                                       double min_ns, double lo_ns, double hi_ns, int points)
{
    ddb_quantile_dist_lognormal(d, median_ns, sigma, min_ns);
    /* P(v < x | v < B) = mean over B of P(v < min(x, B)) / mean over B of P(v < B) */
    double *bound = ddb_xmalloc((size_t)points * sizeof *bound), below = 0.0;
    for (int k = 0; k < points; k++) {
        bound[k] = lo_ns + ((double)k + 0.5) * (hi_ns - lo_ns) / points;
        below += ddb_lognormal_cdf(bound[k] - 0.5, median_ns, sigma);
    }
    for (unsigned j = 0; j + 1 < d->n && below > 0.0; j++) {
        double h = ddb_quantile_bucket_high(d->first + j) - 0.5, sum = 0.0;
        for (int k = 0; k < points; k++)
            sum += ddb_lognormal_cdf(h < bound[k] - 0.5 ? h : bound[k] - 0.5, median_ns, sigma);
        d->cdf[j] = sum / below < 1.0 ? sum / below : 1.0;
    }
    free(bound);
}

void ddb_quantile_dist_copy(ddb_quantile_dist *d, const ddb_quantile_dist *from)
{
    d->first = from->first;
    d->n = from->n;
    d->cdf = ddb_xmalloc((from->n ? from->n : 1) * sizeof *d->cdf);
    memcpy(d->cdf, from->cdf, from->n * sizeof *d->cdf);
}

void ddb_quantile_dist_destroy(ddb_quantile_dist *d)
{
    free(d->cdf);
    d->cdf = NULL;
    d->n = 0;
}

void ddb_quantile_dist_add(ddb_quantile *q, const ddb_quantile_dist *d, uint64_t n, double u)
{
    if (!n)
        return;
    uint64_t below = (uint64_t)floor(u);
    for (unsigned j = 0; j < d->n; j++) {
        uint64_t upto = j + 1 == d->n ? n : (uint64_t)floor((double)n * d->cdf[j] + u);
        if (upto > below) {
            ddb_quantile_add_n(q, d->first + j, upto - below);
            below = upto;
        }
    }
}

double ddb_quantile_dist_inverse(const ddb_quantile_dist *d, double share)
{
    unsigned j = 0;
    while (j + 1 < d->n && d->cdf[j] < share)
        j++;
    return ddb_quantile_bucket_high(d->first + j);
}
