/* rate — request rate profiles and their Poisson arrivals.
 *
 * Arrivals invert the cumulative rate: with E ~ Exp(1), the next arrival is the first time at
 * which the integral of the rate since the last one reaches E. Walking the piecewise-constant
 * segments does that exactly, in amortised O(1) per arrival (each boundary is crossed once).
 */
#include "workloads/rate.h"

#include <math.h>
#include <stdlib.h>
#include "sim/expo.h"
#include "sim/rng.h"

#define NEVER ((double)INFINITY) /* a time no arrival reaches */

/* Segment k covers [steps[k-1].at_s, steps[k].at_s): k = 0 is before the first step (rate 0),
 * k = n_steps is the last step onwards. */
static double seg_rate(const ddb_rate_spec *spec, size_t k)
{
    return k == 0 ? 0.0 : spec->steps[k - 1].rps;
}

static double seg_end(const ddb_rate_spec *spec, size_t k)
{
    return k < spec->n_steps ? spec->steps[k].at_s : NEVER;
}

/* The segment holding t: the number of steps with at_s <= t. */
static size_t seg_at(const ddb_rate_spec *spec, double t_s)
{
    size_t lo = 0, hi = spec->n_steps;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (spec->steps[mid].at_s <= t_s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

double ddb_rate_at(const ddb_rate_spec *spec, double t_s)
{
    if (spec->kind == DDB_RATE_CONSTANT)
        return spec->rps;
    return seg_rate(spec, seg_at(spec, t_s));
}

double ddb_rate_expected(const ddb_rate_spec *spec, double t_s)
{
    if (t_s <= 0.0)
        return 0.0;
    if (spec->kind == DDB_RATE_CONSTANT)
        return spec->rps * t_s;
    double sum = 0.0;
    for (size_t k = 1; k <= spec->n_steps && spec->steps[k - 1].at_s < t_s; k++) {
        double end = fmin(seg_end(spec, k), t_s);
        sum += spec->steps[k - 1].rps * (end - spec->steps[k - 1].at_s);
    }
    return sum;
}

void ddb_rate_spec_destroy(ddb_rate_spec *spec)
{
    if (!spec)
        return;
    free(spec->steps);
    spec->steps = NULL;
    spec->n_steps = 0;
}

void ddb_arrivals_init(ddb_arrivals *a, const ddb_rate_spec *spec)
{
    ddb_exponential_init();
    a->spec = spec;
    a->t_s = 0.0;
    a->segment = spec->kind == DDB_RATE_STEPS ? seg_at(spec, 0.0) : 0;
}

/* Spend the exponential budget e from a->t_s on. Returns the arrival time in seconds, or
 * NEVER when the rate is 0 from some point on and the budget is not spent by then. */
static double spend(ddb_arrivals *a, double e)
{
    const ddb_rate_spec *spec = a->spec;
    if (spec->kind == DDB_RATE_CONSTANT)
        return spec->rps > 0.0 ? a->t_s + e / spec->rps : NEVER;
    double t = a->t_s;
    size_t k = a->segment;
    for (;;) {
        double rate = seg_rate(spec, k), end = seg_end(spec, k);
        if (rate > 0.0) {
            double next = t + e / rate;
            if (next < end) {
                a->segment = k;
                return next;
            }
            e = fmax(0.0, e - (end - t) * rate); /* rounding must not leave a negative budget */
        }
        if (k == spec->n_steps) /* the last segment, and its rate is 0 */
            return NEVER;
        t = end;
        k++;
    }
}

int64_t ddb_arrivals_next(ddb_arrivals *a, gsl_rng *r)
{
    double e = ddb_exponential_draw(r);
    if (isinf(a->t_s))
        return INT64_MAX;
    double t = spend(a, e);
    /* ns beyond INT64_MAX (292 years) is "never", as is a rate that stays 0 */
    if (!(t * 1e9 < 9.2e18)) {
        a->t_s = NEVER;
        return INT64_MAX;
    }
    a->t_s = t;
    return (int64_t)(t * 1e9 + 0.5); /* t >= 0: nearest, without llround's cost */
}
