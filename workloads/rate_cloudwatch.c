/* rate_cloudwatch — see rate_cloudwatch.h. */
#include "workloads/rate_cloudwatch.h"

#include <math.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "sim/support/alloc.h"
#include "sim/support/csvin.h"
#include "sim/support/errmsg.h"
#include "sim/support/normal.h"
#include "sim/support/readfile.h"
#include "sim/support/rng.h"

#define MAX_EXPORT_BYTES ((size_t)64 << 20)
#define MAX_STEPS 50000000u /* per-second steps: more than a year and a half of seconds */

/* Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* ISO 8601 as CloudWatch writes it: YYYY-MM-DDTHH:MM:SS[.fraction][Z|+HH:MM|-HH:MM|+HHMM]
 * (no zone: UTC). Seconds since 1970 UTC, or false. */
static bool parse_time(const char *s, double *out)
{
    int y, mo, d, h, mi, se;
    if (strlen(s) < 19 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') || !digits(s + 11, 2, &h) ||
        s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
        return false;
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 60)
        return false;
    const char *p = s + 19;
    double frac = 0.0;
    if (*p == '.') {
        double scale = 0.1;
        if (p[1] < '0' || p[1] > '9')
            return false;
        for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
            frac += (*p - '0') * scale;
    }
    int offset_s = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        int sign = *p == '-' ? -1 : 1;
        if (!digits(p + 1, 2, &oh))
            return false;
        const char *q = p + 3;
        if (*q == ':')
            q++;
        if (!digits(q, 2, &om) || oh > 23 || om > 59)
            return false;
        offset_s = sign * (oh * 3600 + om * 60);
        p = q + 2;
    }
    if (*p != '\0')
        return false;
    *out = (double)(days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se -
                    offset_s) + frac;
    return true;
}

/* The series whose Id is want, or NULL with the error set (listing the Ids there are). */
static const cJSON *series_by_id(const cJSON *results, const ddb_cw_profile *p, const char *want,
                                 size_t *index, char *err, size_t errlen)
{
    int n = cJSON_GetArraySize(results);
    for (int i = 0; i < n; i++) {
        const cJSON *r = cJSON_GetArrayItem(results, i);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "Id");
        if (cJSON_IsString(id) && strcmp(id->valuestring, want) == 0) {
            *index = (size_t)i;
            return r;
        }
    }
    ddb_errorf(err, errlen, "%s: MetricDataResults: no series with Id \"%s\" (expected one of:", p->path, want);
    for (int i = 0; i < n; i++) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(results, i), "Id");
        size_t used = strlen(err);
        if (cJSON_IsString(id) && used < errlen)
            snprintf(err + used, errlen - used, "%s \"%s\"", i ? "," : "", id->valuestring);
    }
    size_t used = strlen(err);
    if (used < errlen)
        snprintf(err + used, errlen - used, ")");
    return NULL;
}

/* The consumed capacity series: the one whose Id is `id`, or the only one that is not the
 * throttles' (index skip; SIZE_MAX: none). NULL with the error set. */
static const cJSON *pick_series(const cJSON *results, const ddb_cw_profile *p, size_t skip,
                                size_t *index, char *err, size_t errlen)
{
    if (p->id)
        return series_by_id(results, p, p->id, index, err, errlen);
    int n = cJSON_GetArraySize(results), others = 0;
    for (int i = 0; i < n; i++)
        if ((size_t)i != skip)
            others++, *index = (size_t)i;
    if (others != 1)
        return ddb_errorf(err, errlen, "%s: MetricDataResults: %d series%s (expected one, or give "
                          "the rate's \"id\" to choose)", p->path, others,
                          skip == SIZE_MAX ? "" : " besides the throttles'"), NULL;
    return cJSON_GetArrayItem(results, (int)*index);
}

/* Whether a series' Id or Label names a throttle metric. */
static bool names_throttles(const cJSON *series)
{
    static const char *const names[] = {"ThrottledRequests", "ReadThrottleEvents",
                                        "WriteThrottleEvents"};
    const char *fields[] = {"Id", "Label"};
    for (int f = 0; f < 2; f++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(series, fields[f]);
        for (int k = 0; k < 3 && cJSON_IsString(v); k++)
            if (strstr(v->valuestring, names[k]))
                return true;
    }
    return false;
}

/* The throttles' series: Id throttled_id, or the one series named for a throttle metric. */
static const cJSON *pick_throttled(const cJSON *results, const ddb_cw_profile *p, size_t *index,
                                   char *err, size_t errlen)
{
    if (p->throttled_id)
        return series_by_id(results, p, p->throttled_id, index, err, errlen);
    int n = cJSON_GetArraySize(results), found = 0;
    for (int i = 0; i < n; i++)
        if (names_throttles(cJSON_GetArrayItem(results, i)))
            found++, *index = (size_t)i;
    if (found != 1)
        return ddb_errorf(err, errlen, "%s: MetricDataResults: %d series named ThrottledRequests, "
                          "ReadThrottleEvents or WriteThrottleEvents (expected one with "
                          "include_throttled, or give the rate's \"throttled_id\")", p->path,
                          found), NULL;
    return cJSON_GetArrayItem(results, (int)*index);
}

typedef struct point {
    double t_s, value;
} point;

static int by_time(const void *a, const void *b)
{
    double x = ((const point *)a)->t_s, y = ((const point *)b)->t_s;
    return (x > y) - (x < y);
}

/* A datapoint that is not one: "PATH: MetricDataResults[SI].ARRAY[I]: PROBLEM (got ITEM, expected
 * EXPECTED)". Returns -1. */
static int bad_point(const cJSON *item, const char *path, size_t si, const char *array, int i,
                     const char *problem, const char *expected, char *err, size_t errlen)
{
    char *got = cJSON_PrintUnformatted(item);
    ddb_errorf(err, errlen, "%s: MetricDataResults[%zu].%s[%d]: %s (got %.60s, expected %s)", path,
               si, array, i, problem, got, expected);
    free(got);
    return -1;
}

/* The series' points, sorted by time. */
static int read_points(const cJSON *series, size_t si, const char *path, const char *what,
                       point **out, size_t *n_out, char *err, size_t errlen)
{
    const cJSON *ts = cJSON_GetObjectItemCaseSensitive(series, "Timestamps");
    const cJSON *vs = cJSON_GetObjectItemCaseSensitive(series, "Values");
    if (!cJSON_IsArray(ts) || !cJSON_IsArray(vs))
        return ddb_errorf(err, errlen, "%s: MetricDataResults[%zu]: missing Timestamps or Values (expected "
                    "two arrays of the same length)", path, si);
    int n = cJSON_GetArraySize(ts);
    if (n != cJSON_GetArraySize(vs))
        return ddb_errorf(err, errlen, "%s: MetricDataResults[%zu]: %d Timestamps but %d Values (expected "
                    "as many of each)", path, si, n, cJSON_GetArraySize(vs));
    if (n == 0)
        return ddb_errorf(err, errlen, "%s: MetricDataResults[%zu].Values: empty (expected at least one "
                    "datapoint)", path, si);
    point *pts = ddb_xcalloc((size_t)n, sizeof *pts);
    const cJSON *t = ts->child, *v = vs->child;
    for (int i = 0; i < n; i++, t = t->next, v = v->next) {
        if (!cJSON_IsString(t) || !parse_time(t->valuestring, &pts[i].t_s)) {
            free(pts);
            return bad_point(t, path, si, "Timestamps", i, "not a time",
                             "ISO 8601 such as \"2026-11-20T10:00:00+00:00\"", err, errlen);
        }
        if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || isinf(v->valuedouble)) {
            free(pts);
            return bad_point(v, path, si, "Values", i, "out of range",
                             what, err, errlen);
        }
        pts[i].value = v->valuedouble;
    }
    qsort(pts, (size_t)n, sizeof *pts, by_time);
    *out = pts;
    *n_out = (size_t)n;
    return 0;
}

/* One step per second of each period, the period's units spread with lognormal weights. */
static void bursty_steps(const double *units, size_t periods, size_t per, const ddb_cw_profile *p,
                         uint64_t seed, ddb_rate_step *steps)
{
    double sigma = sqrt(log1p(p->burst_cv * p->burst_cv));
    gsl_rng *r = ddb_rng_stream_new(seed, DDB_RNG_PROFILE, 0);
    ddb_normal_init();
    double *w = ddb_xmalloc(per * sizeof *w);
    for (size_t k = 0; k < periods; k++) {
        double sum = 0.0;
        for (size_t i = 0; i < per; i++)
            sum += w[i] = exp(sigma * ddb_normal_draw(r));
        for (size_t i = 0; i < per; i++) {
            ddb_rate_step *st = &steps[k * per + i];
            st->at_s = (double)(k * per + i);
            st->rps = units[k] * w[i] / sum / p->units_per_request;
        }
    }
    free(w);
    gsl_rng_free(r);
}

static int build(const point *pts, size_t n, const ddb_cw_profile *p, size_t si, uint64_t seed,
                 ddb_rate_spec *out, double *span_s, char *err, size_t errlen)
{
    double period = p->period_s;
    if (period == 0.0) { /* the smallest gap; one datapoint: CloudWatch's one minute */
        period = INFINITY;
        for (size_t i = 1; i < n; i++)
            if (pts[i].t_s > pts[i - 1].t_s && pts[i].t_s - pts[i - 1].t_s < period)
                period = pts[i].t_s - pts[i - 1].t_s;
        if (isinf(period))
            period = 60.0;
    }
    double t0 = pts[0].t_s;
    size_t periods = (size_t)llround((pts[n - 1].t_s - t0) / period) + 1;
    size_t per = p->within == DDB_CW_BURSTY ? (size_t)period : 1;
    if (p->within == DDB_CW_BURSTY && (period != floor(period) || period < 1))
        return ddb_errorf(err, errlen, "%s: period of %g s: bursty needs whole seconds (expected the "
                    "rate's \"period_s\" as a whole number)", p->path, period);
    if ((double)periods * (double)per > MAX_STEPS)
        return ddb_errorf(err, errlen, "%s: MetricDataResults[%zu]: %zu periods of %g s (expected at most "
                    "%u seconds of steps)", p->path, si, periods, period, MAX_STEPS);
    double *units = ddb_xcalloc(periods, sizeof *units);
    bool *seen = ddb_xcalloc(periods, sizeof *seen);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        double k_exact = (pts[i].t_s - t0) / period;
        size_t k = (size_t)llround(k_exact);
        if (fabs(k_exact - (double)k) * period > 1e-3)
            rc = ddb_errorf(err, errlen, "%s: MetricDataResults[%zu].Timestamps: a datapoint %g s after "
                      "the first is off the %g s period (expected every timestamp a whole number of "
                      "periods apart)", p->path, si, pts[i].t_s - t0, period);
        else if (seen[k])
            rc = ddb_errorf(err, errlen, "%s: MetricDataResults[%zu].Timestamps: two datapoints %g s after "
                      "the first (expected each period once)", p->path, si, pts[i].t_s - t0);
        else
            seen[k] = true, units[k] = pts[i].value;
    }
    if (rc == 0) {
        size_t n_steps = periods * per + 1;
        ddb_rate_step *steps = ddb_xcalloc(n_steps, sizeof *steps);
        if (per > 1) {
            bursty_steps(units, periods, per, p, seed, steps);
        } else {
            for (size_t k = 0; k < periods; k++)
                steps[k] = (ddb_rate_step){(double)k * period, units[k] / period / p->units_per_request};
        }
        steps[n_steps - 1] = (ddb_rate_step){(double)periods * period, 0.0}; /* the export ends */
        *out = (ddb_rate_spec){.kind = DDB_RATE_STEPS, .n_steps = n_steps, .steps = steps};
        *span_s = (double)periods * period;
    }
    free(units);
    free(seen);
    return rc;
}

/* ---- a CloudWatch console CSV download ---------------------------------------------- */

static bool is_csv(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && (strcmp(path + n - 4, ".csv") == 0 || strcmp(path + n - 4, ".CSV") == 0);
}

/* One row of the download into the series: its time (checked here, so that a bad one is named
 * by its line) and each non-empty value. */
static int csv_row(const ddb_csvin *c, cJSON *const *series, char *err, size_t errlen)
{
    const char *when = ddb_csvin_field(c, 0);
    double t;
    if (!parse_time(when, &t))
        return ddb_errorf(err, errlen, "%s:%zu: %s: not a time (got \"%.40s\", expected ISO 8601 "
                          "such as 2026-11-20T10:00:00Z or 2026-11-20 10:00:00)", c->path, c->line,
                          c->header[0], when);
    for (size_t k = 1; k < c->n_cols; k++) {
        double x;
        int rc = ddb_csvin_number(c, (int)k, &x, err, errlen);
        if (rc < 0)
            return -1;
        if (rc == 1) /* empty: no datapoint in that period */
            continue;
        cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(series[k - 1], "Timestamps"),
                             cJSON_CreateString(when));
        cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(series[k - 1], "Values"),
                             cJSON_CreateNumber(x));
    }
    return 0;
}

/* The download as get-metric-data's {"MetricDataResults": [...]}, each column after the time a
 * series whose Id and Label are its header. NULL with the error set. */
static cJSON *csv_results(const char *path, char *err, size_t errlen)
{
    ddb_csvin c;
    if (ddb_csvin_open(&c, path, err, errlen) < 0)
        return NULL;
    if (c.n_cols < 2) {
        ddb_errorf(err, errlen, "%s: one column (expected a time column, then one per series)",
                   path);
        ddb_csvin_close(&c);
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON *results = cJSON_AddArrayToObject(doc, "MetricDataResults");
    cJSON **series = ddb_xcalloc(c.n_cols - 1, sizeof *series);
    for (size_t k = 1; k < c.n_cols; k++) {
        series[k - 1] = cJSON_CreateObject();
        cJSON_AddStringToObject(series[k - 1], "Id", c.header[k]);
        cJSON_AddStringToObject(series[k - 1], "Label", c.header[k]);
        cJSON_AddArrayToObject(series[k - 1], "Timestamps");
        cJSON_AddArrayToObject(series[k - 1], "Values");
        cJSON_AddItemToArray(results, series[k - 1]);
    }
    int rc;
    while ((rc = ddb_csvin_next(&c, err, errlen)) == 1)
        if (csv_row(&c, series, err, errlen) < 0) {
            rc = -1;
            break;
        }
    free(series);
    ddb_csvin_close(&c);
    if (rc < 0) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* pts (consumed units) and thr (throttled requests), both sorted, into one series of units:
 * each throttled request counts units_per_request units, at its own timestamp. */
static point *merge_throttled(const point *pts, size_t n, const point *thr, size_t m, double upr,
                              size_t *n_out)
{
    point *out = ddb_xcalloc(n + m, sizeof *out);
    size_t i = 0, j = 0, k = 0;
    while (i < n || j < m) {
        if (j == m || (i < n && pts[i].t_s < thr[j].t_s - 1e-3))
            out[k++] = pts[i++];
        else if (i == n || thr[j].t_s < pts[i].t_s - 1e-3)
            out[k] = thr[j++], out[k++].value *= upr;
        else
            out[k++] = (point){pts[i].t_s, pts[i].value + thr[j].value * upr}, i++, j++;
    }
    *n_out = k;
    return out;
}

/* The consumed series' points, with the throttles' added when the profile asks. */
static int demand_points(const cJSON *results, const ddb_cw_profile *p, size_t *si, point **out,
                         size_t *n_out, char *err, size_t errlen)
{
    size_t ti = SIZE_MAX;
    const cJSON *thr_series = NULL, *series;
    if (p->include_throttled && !(thr_series = pick_throttled(results, p, &ti, err, errlen)))
        return -1;
    if (!(series = pick_series(results, p, ti, si, err, errlen)) ||
        read_points(series, *si, p->path, "a number >= 0: a Sum of consumed capacity units", out,
                    n_out, err, errlen) < 0)
        return -1;
    if (!thr_series)
        return 0;
    point *thr;
    size_t m;
    if (read_points(thr_series, ti, p->path, "a number >= 0: a Sum of throttled requests", &thr,
                    &m, err, errlen) < 0) {
        free(*out);
        *out = NULL;
        return -1;
    }
    point *merged = merge_throttled(*out, *n_out, thr, m, p->units_per_request, n_out);
    free(*out);
    free(thr);
    *out = merged;
    return 0;
}

int ddb_rate_from_cloudwatch(const ddb_cw_profile *p, uint64_t seed, ddb_rate_spec *out,
                             double *span_s, char *err, size_t errlen)
{
    cJSON *doc;
    if (is_csv(p->path)) {
        if (!(doc = csv_results(p->path, err, errlen)))
            return -1;
    } else {
        size_t len;
        char *text = ddb_read_file(p->path, MAX_EXPORT_BYTES, &len, err, errlen);
        if (!text)
            return -1;
        doc = cJSON_ParseWithLength(text, len);
        free(text);
        if (!doc)
            return ddb_errorf(err, errlen, "%s: not JSON (expected the output of aws cloudwatch "
                              "get-metric-data, or a console CSV download named *.csv)", p->path);
    }
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(doc, "MetricDataResults");
    int rc = -1;
    size_t si = 0;
    point *pts = NULL;
    size_t n = 0;
    if (!cJSON_IsArray(results))
        ddb_errorf(err, errlen, "%s: MetricDataResults: missing (expected the output of aws cloudwatch "
             "get-metric-data)", p->path);
    else if (demand_points(results, p, &si, &pts, &n, err, errlen) == 0)
        rc = build(pts, n, p, si, seed, out, span_s, err, errlen);
    free(pts);
    cJSON_Delete(doc);
    return rc;
}
