/* costlevels — what n requests of one operation cost together, without drawing n item sizes: the
 * aggregated mode's (sim/engine/aggregate.c) draw of a slice's capacity.
 *
 * A request's cost is a whole number of units (capacity.h rounds the item up to 4 KB for a read,
 * 1 KB for a write), so its size distribution (workloads/dist.h: fixed, uniform, lognormal rounded
 * to whole bytes and capped at 400 KB, as ddb_size_draw draws it) becomes a distribution over
 * levels: units u with probability P(size in ((u-1) U, u U]). n requests' total is a multinomial
 * draw over the levels (sequential binomials), exact in distribution; a lognormal's draws that
 * ddb_size_draw would cap at 400 KB are counted too (capped_items).
 */
#ifndef DDB_COSTLEVELS_H
#define DDB_COSTLEVELS_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "workloads/dist.h"
#include "workloads/ops.h"

typedef struct ddb_cost_levels {
    size_t n;             /* levels with a probability above 0 */
    int64_t *cost_milli;  /* per level */
    double *prob;         /* per level, adding up to 1 */
    double capped_prob;   /* of a draw capped at 400 KB (in the last level) */
} ddb_cost_levels;

/* One GetItem of consistency c, or one write (transactional: twice the units), per item size z. */
void ddb_cost_levels_read(ddb_cost_levels *l, const ddb_size_spec *z, enum ddb_consistency c);
void ddb_cost_levels_write(ddb_cost_levels *l, const ddb_size_spec *z, int transactional);
/* One level of cost_milli: a cost known in advance (a Query page of fixed-size items). */
void ddb_cost_levels_fixed(ddb_cost_levels *l, int64_t cost_milli);
/* The total cost of n requests; *capped gains how many of them were capped at 400 KB. */
int64_t ddb_cost_levels_draw(const ddb_cost_levels *l, uint64_t n, gsl_rng *r, uint64_t *capped);
/* The mean cost of one request, in milli-units. */
double ddb_cost_levels_mean(const ddb_cost_levels *l);
void ddb_cost_levels_destroy(ddb_cost_levels *l);

#endif
