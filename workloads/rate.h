/* rate — request rate profiles and the Poisson arrival process they drive.
 *
 * A profile is a rate in requests per second over simulated time:
 *   constant  one rate;
 *   steps     piecewise constant (0 before the first step);
 *   ramp      from_rps at 0, linearly to to_rps at over_s, to_rps after;
 *   diurnal   mean_rps + amplitude_rps * sin(2 pi (t - phase_s) / period_s);
 *   spike     base_rps, except peak_rps in [at_s, at_s + duration_s);
 *   csv       points (t_s, rps) read from a file, linearly interpolated, the first point's rate
 *             before it and the last point's after it (two points at one time: a jump).
 * Ramp, spike and csv are all piecewise linear and share one representation (knots).
 *
 * Arrivals are a non-homogeneous Poisson process on the profile, sampled exactly. Constant and
 * steps invert the cumulative rate: one Exp(1) draw per arrival, spent across segments. The
 * other profiles thin a piecewise-constant bound (Lewis and Shedler 1979): candidates at the
 * bound's rate, each kept with probability rate/bound — exact, with the bound taken per small
 * cell of time so that few candidates are rejected.
 */
#ifndef DDB_RATE_H
#define DDB_RATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

enum ddb_rate_kind {
    DDB_RATE_CONSTANT,
    DDB_RATE_STEPS,
    DDB_RATE_RAMP,
    DDB_RATE_DIURNAL,
    DDB_RATE_SPIKE,
    DDB_RATE_CSV,
    DDB_RATE_CLOUDWATCH /* read into steps by the scenario loader (workloads/rate_cloudwatch.h);
                           arrivals then see DDB_RATE_STEPS */
};

typedef struct ddb_rate_step {
    double at_s; /* from this time on (strictly increasing, first >= 0) ... */
    double rps;  /* ... this rate, >= 0 */
} ddb_rate_step;

/* A knot of a piecewise-linear profile. */
typedef struct ddb_rate_point {
    double t_s; /* non-decreasing */
    double rps; /* >= 0 */
} ddb_rate_point;

typedef struct ddb_rate_spec {
    enum ddb_rate_kind kind;
    double rps;           /* constant */
    size_t n_steps;       /* steps: owned by the spec; rate is 0 before the first step */
    ddb_rate_step *steps;
    double from_rps, to_rps, over_s;                   /* ramp: over_s > 0 */
    double mean_rps, amplitude_rps, period_s, phase_s; /* diurnal: 0 <= amplitude <= mean,
                                                          period_s > 0 */
    double base_rps, peak_rps, at_s, duration_s;       /* spike: duration_s > 0 */
    char *path;           /* csv, cloudwatch: the file (owned) */
    char *cw_id;          /* cloudwatch: the series' Id (owned; NULL: the only one) */
    char *cw_throttled_id; /* cloudwatch: the throttles' series (owned; NULL: by its label) */
    bool cw_include_throttled;
    double cw_period_s, cw_units_per_request, cw_burst_cv; /* see ddb_cw_profile */
    int cw_bursts;        /* enum ddb_cw_within */
    size_t n_points;      /* csv: the knots (owned), at least one */
    ddb_rate_point *points;
} ddb_rate_spec;

/* Rate in requests per second at simulated time t_s >= 0. */
double ddb_rate_at(const ddb_rate_spec *spec, double t_s);
/* Expected number of arrivals in [0, t_s) (the integral of the rate). */
double ddb_rate_expected(const ddb_rate_spec *spec, double t_s);
/* Read a csv profile's points from path: a header row with columns t_s and rps (others are
 * ignored), then one point per row, t_s non-decreasing and >= 0, 0 <= rps <= 1e7, at least one
 * row, at most 10 million. Returns 0 with spec->points and n_points set, or -1 with one line in
 * err such as "rates.csv:4: t_s: before the previous point (got 2, expected at least 5)". */
int ddb_rate_csv_load(ddb_rate_spec *spec, const char *path, char *err, size_t errlen);
void ddb_rate_spec_destroy(ddb_rate_spec *spec);

#define DDB_RATE_KNOTS_MAX 5 /* knots of the ramp and spike profiles */

typedef struct ddb_arrivals {
    const ddb_rate_spec *spec; /* borrowed */
    double t_s;                /* time of the last arrival, seconds (INFINITY: no more) */
    size_t segment;            /* steps: number of steps begun by t_s (0 = before the first);
                                  knots: 0 before the first knot, k in [t_(k-1), t_k), n after
                                  the last; diurnal: unused */
    uint64_t cell;             /* thinning: the cell of the segment (knots), or of time
                                  (diurnal: floor(t / cell width)) */
    const ddb_rate_point *knots; /* ramp, spike, csv: the profile's knots */
    size_t n_knots;
    ddb_rate_point own[DDB_RATE_KNOTS_MAX]; /* ramp and spike: knots built from the parameters */
} ddb_arrivals;

/* Set a up for spec. a must not be moved or copied afterwards (knots may point into it). */
void ddb_arrivals_init(ddb_arrivals *a, const ddb_rate_spec *spec);
/* Time of the next arrival in nanoseconds since the start, or INT64_MAX when the rate stays 0
 * forever. Constant and steps consume exactly one uniform draw from r per call; the thinned
 * profiles two per candidate (one when the bound equals the rate), candidates being at most
 * about 1.1 per arrival for smooth profiles. */
int64_t ddb_arrivals_next(ddb_arrivals *a, gsl_rng *r);

#endif
