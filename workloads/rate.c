/* rate — request rate profiles and their Poisson arrivals.
 *
 * Constant and steps invert the cumulative rate: with E ~ Exp(1), the next arrival is the first
 * time at which the integral of the rate since the last one reaches E. Walking the piecewise-
 * constant segments does that exactly, in amortised O(1) per arrival (each boundary is crossed
 * once), with one Exp(1) draw (sim/support/expo.h) per arrival.
 *
 * The other profiles are thinned: time is cut into cells, each with a bound >= the rate over the
 * cell (the larger end of a linear piece; for the sine, the larger end or its crest). Candidates
 * come at the bound's rate, and each is kept with probability rate/bound. Leaving a cell without
 * a candidate discards the exponential draw, which is exact because the bound's process is
 * memoryless. A linear piece is cut into KNOT_CELLS cells and a period into DIURNAL_CELLS, so
 * the bound is within a few percent of the rate and few candidates are thrown away.
 */
#include "workloads/rate.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "sim/support/alloc.h"
#include "sim/support/errmsg.h"
#include "sim/support/csvin.h"
#include "sim/support/expo.h"
#include "sim/support/rng.h"

#define NEVER ((double)INFINITY) /* a time no arrival reaches */
#define KNOT_CELLS 16u           /* cells per sloped linear piece */
#define DIURNAL_CELLS 64.0       /* cells per period */
#define CSV_POINTS_MAX 10000000u
#define RPS_MAX 1e7
#define TWO_PI 6.283185307179586

/* ---- steps ---- */

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

static double steps_expected(const ddb_rate_spec *spec, double t_s)
{
    double sum = 0.0;
    for (size_t k = 1; k <= spec->n_steps && spec->steps[k - 1].at_s < t_s; k++) {
        double end = fmin(seg_end(spec, k), t_s);
        sum += spec->steps[k - 1].rps * (end - spec->steps[k - 1].at_s);
    }
    return sum;
}

/* ---- knots: ramp, spike, csv ---- */

/* The profile's knots: the csv's points, or built from the ramp's or spike's parameters into own. */
static const ddb_rate_point *knots_of(const ddb_rate_spec *spec,
                                      ddb_rate_point own[DDB_RATE_KNOTS_MAX], size_t *n)
{
    switch (spec->kind) {
    case DDB_RATE_RAMP:
        own[0] = (ddb_rate_point){0.0, spec->from_rps};
        own[1] = (ddb_rate_point){spec->over_s, spec->to_rps};
        *n = 2;
        return own;
    case DDB_RATE_SPIKE: {
        double end = spec->at_s + spec->duration_s;
        own[0] = (ddb_rate_point){0.0, spec->base_rps};
        own[1] = (ddb_rate_point){spec->at_s, spec->base_rps};
        own[2] = (ddb_rate_point){spec->at_s, spec->peak_rps};
        own[3] = (ddb_rate_point){end, spec->peak_rps};
        own[4] = (ddb_rate_point){end, spec->base_rps};
        *n = 5;
        return own;
    }
    default:
        *n = spec->n_points;
        return spec->points;
    }
}

/* Segment k of n knots: 0 before the first, k in [t_(k-1), t_k), n from the last on. The one
 * holding t is the number of knots with t_s <= t, so a jump (two knots at one time) takes its
 * second rate from that time on. */
static size_t knot_seg_at(const ddb_rate_point *p, size_t n, double t_s)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid].t_s <= t_s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The rate at t, in segment k (which must hold t). */
static double knot_rate(const ddb_rate_point *p, size_t n, size_t k, double t_s)
{
    if (k == 0)
        return p[0].rps;
    if (k == n)
        return p[n - 1].rps;
    const ddb_rate_point *a = &p[k - 1], *b = &p[k];
    double f = (t_s - a->t_s) / (b->t_s - a->t_s);
    return a->rps + (b->rps - a->rps) * f;
}

static double knots_expected(const ddb_rate_point *p, size_t n, double t_s)
{
    double sum = p[0].rps * fmin(fmax(p[0].t_s, 0.0), t_s);
    for (size_t k = 1; k < n && p[k - 1].t_s < t_s; k++) {
        double a = p[k - 1].t_s, b = fmin(p[k].t_s, t_s);
        if (b > a)
            sum += 0.5 * (p[k - 1].rps + knot_rate(p, n, k, b)) * (b - a);
    }
    if (p[n - 1].t_s < t_s)
        sum += p[n - 1].rps * (t_s - fmax(p[n - 1].t_s, 0.0));
    return sum;
}

/* ---- diurnal ---- */

static double diurnal_rate(const ddb_rate_spec *s, double t_s)
{
    return s->mean_rps + s->amplitude_rps * sin(TWO_PI * (t_s - s->phase_s) / s->period_s);
}

static double diurnal_expected(const ddb_rate_spec *s, double t_s)
{
    double w = TWO_PI / s->period_s;
    return s->mean_rps * t_s -
           s->amplitude_rps / w * (cos(w * (t_s - s->phase_s)) - cos(w * -s->phase_s));
}

/* The largest rate over [a, b]: an end, or the crest when one lies inside (crests are at
 * phase + period * (1/4 + m)). */
static double diurnal_bound(const ddb_rate_spec *s, double a, double b)
{
    double m = ceil((a - s->phase_s) / s->period_s - 0.25);
    if (s->phase_s + s->period_s * (0.25 + m) <= b)
        return s->mean_rps + s->amplitude_rps;
    return fmax(diurnal_rate(s, a), diurnal_rate(s, b));
}

/* ---- the profile as a whole ---- */

double ddb_rate_at(const ddb_rate_spec *spec, double t_s)
{
    ddb_rate_point own[DDB_RATE_KNOTS_MAX];
    size_t n;
    switch (spec->kind) {
    case DDB_RATE_CONSTANT:
        return spec->rps;
    case DDB_RATE_STEPS:
        return seg_rate(spec, seg_at(spec, t_s));
    case DDB_RATE_DIURNAL:
        return diurnal_rate(spec, t_s);
    default: {
        const ddb_rate_point *p = knots_of(spec, own, &n);
        return knot_rate(p, n, knot_seg_at(p, n, t_s), t_s);
    }
    }
}

double ddb_rate_expected(const ddb_rate_spec *spec, double t_s)
{
    ddb_rate_point own[DDB_RATE_KNOTS_MAX];
    size_t n;
    if (t_s <= 0.0)
        return 0.0;
    switch (spec->kind) {
    case DDB_RATE_CONSTANT:
        return spec->rps * t_s;
    case DDB_RATE_STEPS:
        return steps_expected(spec, t_s);
    case DDB_RATE_DIURNAL:
        return diurnal_expected(spec, t_s);
    default: {
        const ddb_rate_point *p = knots_of(spec, own, &n);
        return knots_expected(p, n, t_s);
    }
    }
}

void ddb_rate_spec_destroy(ddb_rate_spec *spec)
{
    if (!spec)
        return;
    free(spec->steps);
    free(spec->points);
    free(spec->path);
    free(spec->cw_id);
    free(spec->cw_throttled_id);
    spec->cw_throttled_id = NULL;
    spec->steps = NULL;
    spec->points = NULL;
    spec->path = NULL;
    spec->cw_id = NULL;
    spec->n_steps = spec->n_points = 0;
}

/* ---- reading a csv profile ---- */

static int csv_point(ddb_csvin *c, int col_t, int col_r, ddb_rate_point *pt, const ddb_rate_point *prev,
                     char *err, size_t errlen)
{
    double t, r;
    int rt = ddb_csvin_number(c, col_t, &t, err, errlen);
    int rr = rt < 0 ? -1 : ddb_csvin_number(c, col_r, &r, err, errlen);
    if (rt < 0 || rr < 0)
        return -1;
    if (rt > 0 || rr > 0 || !isfinite(t) || !isfinite(r)) {
        ddb_errorf(err, errlen, "%s:%zu: %s: empty or not finite (expected a number)", c->path,
                 c->line, rt > 0 || !isfinite(t) ? "t_s" : "rps");
        return -1;
    }
    if (t < 0 || t > 31536000.0) {
        ddb_errorf(err, errlen, "%s:%zu: t_s: out of range (got %.15g, expected 0 to 31536000)",
                 c->path, c->line, t);
        return -1;
    }
    if (prev && t < prev->t_s) {
        ddb_errorf(err, errlen, "%s:%zu: t_s: before the previous point (got %.15g, expected at "
                 "least %.15g)", c->path, c->line, t, prev->t_s);
        return -1;
    }
    if (r < 0 || r > RPS_MAX) {
        ddb_errorf(err, errlen, "%s:%zu: rps: out of range (got %.15g, expected 0 to 10000000)",
                 c->path, c->line, r);
        return -1;
    }
    *pt = (ddb_rate_point){t, r};
    return 0;
}

int ddb_rate_csv_load(ddb_rate_spec *spec, const char *path, char *err, size_t errlen)
{
    ddb_csvin c;
    int col_t, col_r, rc;
    if (ddb_csvin_open(&c, path, err, errlen) < 0)
        return -1;
    if (ddb_csvin_require(&c, "t_s", &col_t, err, errlen) < 0 ||
        ddb_csvin_require(&c, "rps", &col_r, err, errlen) < 0) {
        ddb_csvin_close(&c);
        return -1;
    }
    size_t n = 0, cap = 0;
    ddb_rate_point *p = NULL;
    while ((rc = ddb_csvin_next(&c, err, errlen)) > 0) {
        if (n == CSV_POINTS_MAX) {
            ddb_errorf(err, errlen, "%s:%zu: too many points (expected at most 10000000)", path,
                     c.line);
            rc = -1;
            break;
        }
        if (n == cap)
            p = ddb_xrealloc(p, (cap = cap ? 2 * cap : 64) * sizeof *p);
        if ((rc = csv_point(&c, col_t, col_r, &p[n], n ? &p[n - 1] : NULL, err, errlen)) < 0)
            break;
        n++;
    }
    ddb_csvin_close(&c);
    if (rc == 0 && n == 0) {
        ddb_errorf(err, errlen, "%s: no points (expected rows of t_s,rps after the header)", path);
        rc = -1;
    }
    if (rc < 0) {
        free(p);
        return -1;
    }
    spec->points = p;
    spec->n_points = n;
    return 0;
}

/* ---- arrivals ---- */

void ddb_arrivals_init(ddb_arrivals *a, const ddb_rate_spec *spec)
{
    ddb_exponential_init();
    a->spec = spec;
    a->t_s = 0.0;
    a->segment = 0;
    a->cell = 0;
    a->knots = NULL;
    a->n_knots = 0;
    if (spec->kind == DDB_RATE_STEPS)
        a->segment = seg_at(spec, 0.0);
    if (spec->kind == DDB_RATE_RAMP || spec->kind == DDB_RATE_SPIKE || spec->kind == DDB_RATE_CSV) {
        a->knots = knots_of(spec, a->own, &a->n_knots);
        a->segment = knot_seg_at(a->knots, a->n_knots, 0.0);
        const ddb_rate_point *p = a->knots;
        size_t k = a->segment;
        if (k > 0 && k < a->n_knots && p[k].t_s > p[k - 1].t_s) /* inside a piece: which cell */
            a->cell = (uint64_t)fmin(KNOT_CELLS - 1.0,
                                     floor((0.0 - p[k - 1].t_s) / (p[k].t_s - p[k - 1].t_s) *
                                           KNOT_CELLS));
    }
}

/* Spend the exponential budget e from a->t_s on (constant, steps). Returns the arrival time in
 * seconds, or NEVER when the rate is 0 from some point on and the budget is not spent by then. */
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

static int sloped(const ddb_arrivals *a, size_t k)
{
    return k > 0 && k < a->n_knots && a->knots[k].rps != a->knots[k - 1].rps;
}

/* The current cell's end and bound. */
static void cell_bound(const ddb_arrivals *a, double *end, double *bound)
{
    const ddb_rate_spec *s = a->spec;
    if (s->kind == DDB_RATE_DIURNAL) {
        double w = s->period_s / DIURNAL_CELLS;
        *end = (double)(a->cell + 1) * w;
        *bound = diurnal_bound(s, (double)a->cell * w, *end);
        return;
    }
    const ddb_rate_point *p = a->knots;
    size_t k = a->segment, n = a->n_knots;
    if (k == 0 || k == n || !sloped(a, k)) { /* flat: the bound is the rate */
        *end = k == n ? NEVER : p[k].t_s;
        *bound = p[k == 0 ? 0 : k - 1].rps;
        return;
    }
    double t0 = p[k - 1].t_s, w = (p[k].t_s - t0) / KNOT_CELLS;
    double lo = t0 + (double)a->cell * w;
    *end = a->cell + 1 == KNOT_CELLS ? p[k].t_s : t0 + (double)(a->cell + 1) * w;
    *bound = fmax(knot_rate(p, n, k, lo), knot_rate(p, n, k, *end));
}

static void next_cell(ddb_arrivals *a)
{
    if (a->spec->kind != DDB_RATE_DIURNAL && (!sloped(a, a->segment) || a->cell + 1 == KNOT_CELLS)) {
        a->segment++;
        a->cell = 0;
        return;
    }
    a->cell++;
}

static double rate_in_cell(const ddb_arrivals *a, double t_s)
{
    if (a->spec->kind == DDB_RATE_DIURNAL)
        return diurnal_rate(a->spec, t_s);
    return knot_rate(a->knots, a->n_knots, a->segment, t_s);
}

/* The next kept candidate after a->t_s, or NEVER. */
static double thin(ddb_arrivals *a, gsl_rng *r)
{
    double t = a->t_s;
    if (a->spec->kind == DDB_RATE_DIURNAL && !(a->spec->mean_rps > 0.0))
        return NEVER;
    for (;;) {
        double end, bound;
        cell_bound(a, &end, &bound);
        if (bound > 0.0 && end > t) {
            double next = t + ddb_exponential_draw(r) / bound;
            if (next < end) {
                t = next;
                double rate = rate_in_cell(a, t);
                if (rate >= bound || ddb_rng_uniform(r) * bound < rate)
                    return t;
                continue;
            }
        }
        if (isinf(end)) /* the last cell, and its rate is 0 */
            return NEVER;
        t = end;
        next_cell(a);
    }
}

int64_t ddb_arrivals_next(ddb_arrivals *a, gsl_rng *r)
{
    double t;
    if (a->spec->kind == DDB_RATE_CONSTANT || a->spec->kind == DDB_RATE_STEPS) {
        double e = ddb_exponential_draw(r); /* drawn even when no arrival comes: one draw per call */
        if (isinf(a->t_s))
            return INT64_MAX;
        t = spend(a, e);
    } else {
        if (isinf(a->t_s))
            return INT64_MAX;
        t = thin(a, r);
    }
    /* ns beyond INT64_MAX (292 years) is "never", as is a rate that stays 0 */
    if (!(t * 1e9 < 9.2e18)) {
        a->t_s = NEVER;
        return INT64_MAX;
    }
    a->t_s = t;
    return (int64_t)(t * 1e9 + 0.5); /* t >= 0: nearest, without llround's cost */
}
