/* rate — request rate profiles and the Poisson arrival process they drive.
 *
 * A profile is a piecewise-constant rate in requests per second over simulated time. Arrivals are
 * a non-homogeneous Poisson process on it, sampled exactly: one Exp(1) draw per arrival, spent
 * across segments (no thinning, no rounding of the rate).
 */
#ifndef DDB_RATE_H
#define DDB_RATE_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

enum ddb_rate_kind { DDB_RATE_CONSTANT, DDB_RATE_STEPS };

typedef struct ddb_rate_step {
    double at_s; /* from this time on (strictly increasing, first >= 0) ... */
    double rps;  /* ... this rate, >= 0 */
} ddb_rate_step;

typedef struct ddb_rate_spec {
    enum ddb_rate_kind kind;
    double rps;           /* constant */
    size_t n_steps;       /* steps: owned by the spec; rate is 0 before the first step */
    ddb_rate_step *steps;
} ddb_rate_spec;

/* Rate in requests per second at simulated time t_s. */
double ddb_rate_at(const ddb_rate_spec *spec, double t_s);
/* Expected number of arrivals in [0, t_s) (the integral of the rate). */
double ddb_rate_expected(const ddb_rate_spec *spec, double t_s);
void ddb_rate_spec_destroy(ddb_rate_spec *spec);

typedef struct ddb_arrivals {
    const ddb_rate_spec *spec; /* borrowed */
    double t_s;                /* time of the last arrival, seconds (INFINITY: no more) */
    size_t segment;            /* steps: number of steps begun by t_s (0 = before the first) */
} ddb_arrivals;

void ddb_arrivals_init(ddb_arrivals *a, const ddb_rate_spec *spec);
/* Time of the next arrival in nanoseconds since the start, or INT64_MAX when the rate stays 0
 * forever. Consumes exactly one uniform draw from r per call. */
int64_t ddb_arrivals_next(ddb_arrivals *a, gsl_rng *r);

#endif
