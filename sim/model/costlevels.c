/* costlevels — a size distribution as cost levels. See costlevels.h. */
#include "sim/model/costlevels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "sim/model/capacity.h"
#include "sim/support/alloc.h"
#include "sim/support/normal.h"

/* P(size <= k) for the size ddb_size_draw draws (k >= 0 whole bytes). */
static double size_cdf(const ddb_size_spec *z, uint64_t k)
{
    if (k == 0)
        return 0.0;
    switch (z->kind) {
    case DDB_SIZE_FIXED:
        return k >= z->bytes ? 1.0 : 0.0;
    case DDB_SIZE_UNIFORM:
        if (k < z->min_bytes)
            return 0.0;
        if (k >= z->max_bytes)
            return 1.0;
        return (double)(k - z->min_bytes + 1) / (double)(z->max_bytes - z->min_bytes + 1);
    case DDB_SIZE_LOGNORMAL: {
        if (k >= DDB_ITEM_MAX_BYTES)
            return 1.0;
        /* rounded to the nearest byte: x < k + 0.5 */
        return ddb_lognormal_cdf((double)k + 0.5, z->median_bytes, z->sigma);
    }
    }
    return 1.0;
}

typedef int64_t (*cost_fn)(uint64_t bytes, int arg);
static int64_t read_cost(uint64_t bytes, int c) { return ddb_read_cost_milli(bytes, (enum ddb_consistency)c); }
static int64_t write_cost(uint64_t bytes, int tx) { return ddb_write_cost_milli(bytes, tx); }

static void build(ddb_cost_levels *l, const ddb_size_spec *z, uint64_t unit_bytes, cost_fn cost,
                  int arg)
{
    memset(l, 0, sizeof *l);
    size_t max_levels = (size_t)((DDB_ITEM_MAX_BYTES + unit_bytes - 1) / unit_bytes);
    l->cost_milli = ddb_xmalloc(max_levels * sizeof *l->cost_milli);
    l->prob = ddb_xmalloc(max_levels * sizeof *l->prob);
    double below = 0.0;
    for (size_t u = 1; u <= max_levels; u++) {
        double upto = size_cdf(z, u * unit_bytes);
        double p = upto - below;
        below = upto;
        if (p <= 0.0)
            continue;
        l->cost_milli[l->n] = cost(u * unit_bytes, arg);
        l->prob[l->n++] = p;
    }
    if (z->kind == DDB_SIZE_LOGNORMAL) /* what ddb_size_draw caps: x >= 400 KB + 0.5 */
        l->capped_prob = 1.0 - ddb_lognormal_cdf((double)DDB_ITEM_MAX_BYTES + 0.5, z->median_bytes, z->sigma);
}

void ddb_cost_levels_read(ddb_cost_levels *l, const ddb_size_spec *z, enum ddb_consistency c)
{
    build(l, z, 4096, read_cost, (int)c);
}

void ddb_cost_levels_write(ddb_cost_levels *l, const ddb_size_spec *z, int transactional)
{
    build(l, z, 1024, write_cost, transactional);
}

void ddb_cost_levels_fixed(ddb_cost_levels *l, int64_t cost_milli)
{
    memset(l, 0, sizeof *l);
    l->cost_milli = ddb_xmalloc(sizeof *l->cost_milli);
    l->prob = ddb_xmalloc(sizeof *l->prob);
    l->n = 1;
    l->cost_milli[0] = cost_milli;
    l->prob[0] = 1.0;
}

int64_t ddb_cost_levels_draw(const ddb_cost_levels *l, uint64_t n, gsl_rng *r, uint64_t *capped)
{
    if (l->n == 1 && l->capped_prob <= 0.0) /* a fixed size: nothing to draw */
        return (int64_t)n * l->cost_milli[0];
    int64_t total = 0;
    double left = 1.0;
    for (size_t i = 0; i < l->n && n > 0; i++) {
        uint64_t k = n; /* the last level takes what is left */
        if (i + 1 < l->n && l->prob[i] < left)
            k = gsl_ran_binomial(r, fmin(1.0, l->prob[i] / left), (unsigned)n);
        total += (int64_t)k * l->cost_milli[i];
        n -= k;
        left -= l->prob[i];
        if (i + 1 == l->n && k && l->capped_prob > 0.0) /* the capped draws are in the last level */
            *capped += gsl_ran_binomial(r, fmin(1.0, l->capped_prob / l->prob[i]), (unsigned)k);
    }
    return total;
}

double ddb_cost_levels_mean(const ddb_cost_levels *l)
{
    double m = 0.0;
    for (size_t i = 0; i < l->n; i++)
        m += l->prob[i] * (double)l->cost_milli[i];
    return m;
}

void ddb_cost_levels_destroy(ddb_cost_levels *l)
{
    free(l->cost_milli);
    free(l->prob);
    memset(l, 0, sizeof *l);
}
