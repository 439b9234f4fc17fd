/* rundir — a run's output folder read back. See rundir.h. */
#define _POSIX_C_SOURCE 200809L
#include "sim/analysis/rundir.h"
#include "sim/support/strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sim/support/alloc.h"
#include "sim/support/errmsg.h"
#include "sim/support/readfile.h"
#include "sim/support/csvin.h"
#include "sim/output/schema.h"

#define GROW(arr, n, cap)                                                       \
    do {                                                                        \
        if ((n) == (cap)) {                                                     \
            (cap) = (cap) ? 2 * (cap) : 8;                                      \
            (arr) = ddb_xrealloc((arr), (cap) * sizeof *(arr));                 \
        }                                                                       \
    } while (0)

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = ddb_xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Only the files the manifest lists are the run's: anything else in the folder is not read. */
static bool file_exists(const ddb_rundir *r, const char *name)
{
    return ddb_manifest_lists(&r->files, name);
}

static int require_listed(const ddb_rundir *r, const char *name, char *err, size_t errlen)
{
    if (file_exists(r, name))
        return 0;
    snprintf(err, errlen, "%s: its %s does not list %s (not a complete run folder)", r->dir,
             DDB_MANIFEST_FILE, name);
    return -1;
}

/* ---- summary.json ---- */

static const cJSON *json_at(const cJSON *o, const char *path)
{
    char key[128];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        o = cJSON_GetObjectItemCaseSensitive(o, key);
        path += n + (path[n] == '.');
    }
    return o;
}

const cJSON *ddb_rundir_json(const ddb_rundir *r, const char *path) { return json_at(r->summary, path); }

double ddb_rundir_num(const ddb_rundir *r, const char *path, double dflt)
{
    const cJSON *v = json_at(r->summary, path);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

const char *ddb_rundir_str(const ddb_rundir *r, const char *path)
{
    const cJSON *v = json_at(r->summary, path);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Run folders hold CSV and JSON of a few MiB and plots well under that. */
#define MAX_RUN_FILE_BYTES ((size_t)256 << 20)

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    return ddb_read_file(path, MAX_RUN_FILE_BYTES, len, err, errlen);
}

/* A run lasts at most a year (the scenario's bound); the readers size arrays from these two, so
 * they are checked before anything is converted. */
#define RUN_MAX_S 31536000.0

static int check_summary_numbers(const ddb_rundir *r, const char *path, char *err, size_t errlen)
{
    double duration = ddb_rundir_num(r, "duration_s", NAN);
    if (!(duration > 0 && duration <= RUN_MAX_S))
        return ddb_errorf(err, errlen, "%s: duration_s: out of range (got %g, expected more than "
                          "0 and at most 31536000)", path, duration);
    double interval = ddb_rundir_num(r, "scenario.output.interval_s", 1);
    if (!(interval >= 0.001 && interval <= RUN_MAX_S))
        return ddb_errorf(err, errlen, "%s: scenario.output.interval_s: out of range (got %g, "
                          "expected 0.001 to 31536000)", path, interval);
    return 0;
}

static int load_summary(ddb_rundir *r, char *err, size_t errlen)
{
    if (require_listed(r, ddb_schema_summary.file, err, errlen) != 0)
        return -1;
    char *path = path_in(r->dir, ddb_schema_summary.file);
    size_t len;
    char *text = slurp(path, &len, err, errlen);
    int rc = -1;
    if (text) {
        r->summary = cJSON_ParseWithLength(text, len);
        if (!cJSON_IsObject(r->summary))
            snprintf(err, errlen, "%s: not a JSON object (is it a ddbsim summary?)", path);
        else if (!cJSON_IsNumber(json_at(r->summary, "duration_s")) ||
                 !cJSON_IsObject(json_at(r->summary, "totals")))
            snprintf(err, errlen, "%s: no duration_s or totals (is it a ddbsim summary?)", path);
        else
            rc = check_summary_numbers(r, path, err, errlen);
    }
    free(text);
    free(path);
    if (rc == 0)
        r->duration_s = ddb_rundir_num(r, "duration_s", 0);
    return rc;
}

/* ---- CSV helpers ---- */

/* Open the run's file s and find its columns need[0..n) (the schema's ids) into cols. */
static int open_csv(ddb_csvin *c, const ddb_rundir *r, const ddb_file_schema *s, const int *need,
                    size_t n, int *cols, char *err, size_t errlen)
{
    if (require_listed(r, s->file, err, errlen) != 0)
        return -1;
    char *path = path_in(r->dir, s->file);
    int rc = ddb_csvin_open(c, path, err, errlen);
    free(path);
    if (rc != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (ddb_csvin_require(c, s->cols[need[i]].name, &cols[i], err, errlen) != 0) {
            ddb_csvin_close(c);
            return -1;
        }
    return 0;
}

/* Every number these files hold is a time, a count, a capacity, a latency or a partition: none is
 * negative, and a time lies within a run (a year). */
static int out_of_range(const ddb_csvin *c, int col, const char *expected, char *err, size_t errlen)
{
    return ddb_errorf(err, errlen, "%s:%zu: %s: out of range (got %s, expected %s)", c->path,
                      c->line, c->header[col], ddb_csvin_field(c, col), expected);
}

/* Column col of the current row as a time: a number, never empty. */
static int need_time(const ddb_csvin *c, int col, double *t, char *err, size_t errlen)
{
    if (ddb_csvin_need_number(c, col, "a time in seconds", t, err, errlen) != 0)
        return -1;
    return *t >= 0 && *t <= RUN_MAX_S ? 0 : out_of_range(c, col, "0 to 31536000", err, errlen);
}

/* The numeric columns cols[from..to) of the current row into x; empty fields are NAN. */
static int numbers(const ddb_csvin *c, const int *cols, size_t from, size_t to, double *x, char *err,
                   size_t errlen)
{
    for (size_t i = from; i < to; i++) {
        if (ddb_csvin_number(c, cols[i], &x[i], err, errlen) < 0)
            return -1;
        if (x[i] < 0)
            return out_of_range(c, cols[i], "at least 0", err, errlen);
    }
    return 0;
}

static double nz(double x) { return isnan(x) ? 0 : x; }

/* ---- timeseries.csv ---- */

enum { TS_T, TS_INDEX, TS_RR, TS_WR, TS_RT, TS_WT, TS_CR, TS_CW, TS_PR, TS_PW, TS_N };
static const int ts_need[TS_N] = {DDB_TS_T_S, DDB_TS_INDEX, DDB_TS_READ_REQUESTS,
    DDB_TS_WRITE_REQUESTS, DDB_TS_READ_THROTTLES, DDB_TS_WRITE_THROTTLES, DDB_TS_CONSUMED_RCU,
    DDB_TS_CONSUMED_WCU, DDB_TS_PROVISIONED_RCU, DDB_TS_PROVISIONED_WCU};

/* Running sums since an index's first throttled interval: copied into the window at each
 * throttled interval, so the window ends at the last one. */
typedef struct since_first {
    size_t intervals;
    double consumed[2], provisioned[2], requests, throttles;
} since_first;

/* The throttles_<reason> columns, whichever the run wrote: a reason this ddbsim does not know
 * (a later one's) is kept by name. */
static int *find_reasons(ddb_rundir *r, const ddb_csvin *c)
{
    const char *prefix = ddb_schema_timeseries.cols[DDB_TS_THROTTLES].name;
    size_t len = strlen(prefix);
    int *cols = ddb_xcalloc(c->n_cols, sizeof *cols);
    r->reasons = ddb_xcalloc(c->n_cols, sizeof *r->reasons);
    r->reason_ids = ddb_xcalloc(c->n_cols, sizeof *r->reason_ids);
    for (size_t i = 0; i < c->n_cols; i++)
        if (!strncmp(c->header[i], prefix, len)) {
            cols[r->n_reasons] = (int)i;
            r->reason_ids[r->n_reasons] = ddb_throttle_by_column(c->header[i] + len);
            r->reasons[r->n_reasons++] = ddb_xstrdup(c->header[i] + len);
        }
    return cols;
}

static int add_reasons(const ddb_rundir *r, ddb_rundir_index *ix, const ddb_csvin *c,
                       const int *cols, char *err, size_t errlen)
{
    for (size_t k = 0; k < r->n_reasons; k++) {
        double x;
        if (ddb_csvin_number(c, cols[k], &x, err, errlen) < 0)
            return -1;
        ix->reasons[k] += nz(x);
    }
    return 0;
}

static size_t index_slot(ddb_rundir *r, since_first **acc, size_t *cap, const char *name)
{
    for (size_t i = 0; i < r->n_indexes; i++)
        if (!strcmp(r->indexes[i].name, name))
            return i;
    size_t old_cap = *cap;
    GROW(r->indexes, r->n_indexes, *cap);
    if (*cap != old_cap)
        *acc = ddb_xrealloc(*acc, *cap * sizeof **acc);
    ddb_rundir_index *ix = &r->indexes[r->n_indexes];
    memset(ix, 0, sizeof *ix);
    memset(&(*acc)[r->n_indexes], 0, sizeof **acc);
    ix->name = ddb_xstrdup(name);
    ix->reasons = ddb_xcalloc(r->n_reasons + 1, sizeof *ix->reasons);
    ix->first_throttled_s = ix->last_throttled_s = NAN;
    return r->n_indexes++;
}

static void add_ts_row(ddb_rundir_index *ix, since_first *s, const double *v)
{
    double thr = nz(v[TS_RT]) + nz(v[TS_WT]);
    ix->intervals++;
    ix->requests += nz(v[TS_RR]) + nz(v[TS_WR]);
    ix->throttles += thr;
    for (int d = 0; d < 2; d++) {
        ix->consumed[d] += nz(v[TS_CR + d]);
        ix->provisioned[d] += nz(v[TS_PR + d]); /* a sum until the end, then the average */
    }
    if (thr > 0 && isnan(ix->first_throttled_s))
        ix->first_throttled_s = v[TS_T];
    if (isnan(ix->first_throttled_s))
        return;
    s->intervals++;
    s->requests += nz(v[TS_RR]) + nz(v[TS_WR]);
    s->throttles += thr;
    for (int d = 0; d < 2; d++) {
        s->consumed[d] += nz(v[TS_CR + d]);
        s->provisioned[d] += nz(v[TS_PR + d]);
    }
    if (thr > 0) {
        ix->last_throttled_s = v[TS_T];
        ix->throttled_intervals++;
        ix->window_intervals = s->intervals;
        ix->window_requests = s->requests;
        ix->window_throttles = s->throttles;
        for (int d = 0; d < 2; d++) {
            ix->window_consumed[d] = s->consumed[d];
            ix->window_provisioned[d] = s->provisioned[d] / (double)s->intervals;
        }
    }
}

/* The smallest step between successive distinct t_s: the interval, when the summary lacks it. */
static void note_step(double *prev_t, double *step, double t)
{
    if (!isnan(*prev_t) && t > *prev_t && (isnan(*step) || t - *prev_t < *step))
        *step = t - *prev_t;
    *prev_t = t;
}

static int read_timeseries(ddb_rundir *r, char *err, size_t errlen)
{
    ddb_csvin c;
    int cols[TS_N];
    if (open_csv(&c, r, &ddb_schema_timeseries, ts_need, TS_N, cols, err, errlen) != 0)
        return -1;
    since_first *acc = NULL;
    size_t cap = 0;
    double prev_t = NAN, step = NAN;
    int *reason_cols = find_reasons(r, &c);
    int rc;
    while ((rc = ddb_csvin_next(&c, err, errlen)) == 1) {
        double v[TS_N];
        if (need_time(&c, cols[TS_T], &v[TS_T], err, errlen) != 0 ||
            numbers(&c, cols, TS_RR, TS_N, v, err, errlen) != 0) {
            rc = -1;
            break;
        }
        size_t i = index_slot(r, &acc, &cap, ddb_csvin_field(&c, cols[TS_INDEX]));
        add_ts_row(&r->indexes[i], &acc[i], v);
        if (add_reasons(r, &r->indexes[i], &c, reason_cols, err, errlen) != 0) {
            rc = -1;
            break;
        }
        note_step(&prev_t, &step, v[TS_T]);
    }
    if (rc == 0 && r->n_indexes == 0) {
        snprintf(err, errlen, "%s: no rows", c.path);
        rc = -1;
    }
    ddb_csvin_close(&c);
    free(acc);
    free(reason_cols);
    for (size_t i = 0; i < r->n_indexes; i++)
        for (int d = 0; d < 2; d++)
            r->indexes[i].provisioned[d] /= (double)r->indexes[i].intervals;
    if (isnan(r->interval_s))
        r->interval_s = isnan(step) ? (r->duration_s > 0 ? r->duration_s : 1.0) : step;
    return rc;
}

/* ---- partitions.csv ---- */

enum { P_T, P_INDEX, P_PART, P_CR, P_CW, P_RT, P_WT, P_N };
static const int p_need[P_N] = {DDB_PARTS_T_S, DDB_PARTS_INDEX, DDB_PARTS_PARTITION,
    DDB_PARTS_CONSUMED_RCU, DDB_PARTS_CONSUMED_WCU, DDB_PARTS_READ_THROTTLES,
    DDB_PARTS_WRITE_THROTTLES};

/* Rows come partition after partition, interval after interval: the next row's partition is
 * almost always the one after the last, so the search starts there. */
static size_t part_slot(ddb_rundir *r, size_t *cap, size_t hint, const char *index, long id)
{
    for (size_t k = 0; k < r->n_parts; k++) {
        size_t i = (hint + k) % r->n_parts;
        if (r->parts[i].id == id && !strcmp(r->parts[i].index, index))
            return i;
    }
    GROW(r->parts, r->n_parts, *cap);
    ddb_rundir_part *p = &r->parts[r->n_parts];
    memset(p, 0, sizeof *p);
    p->index = ddb_xstrdup(index);
    p->id = id;
    p->first_seen_s = p->first_throttled_s = p->last_throttled_s = p->peak_at_s = NAN;
    return r->n_parts++;
}

static void add_part_row(ddb_rundir_part *p, const double *v, double interval_s)
{
    static const double cap_per_s[2] = {DDB_PARTITION_MAX_RCU, DDB_PARTITION_MAX_WCU};
    double thr = nz(v[P_RT]) + nz(v[P_WT]);
    if (p->intervals++ == 0)
        p->first_seen_s = v[P_T];
    p->throttles += thr;
    if (thr > 0) {
        if (isnan(p->first_throttled_s))
            p->first_throttled_s = v[P_T];
        p->last_throttled_s = v[P_T];
        p->throttled_intervals++;
    }
    for (int d = 0; d < 2; d++) {
        double u = nz(v[P_CR + d]) / interval_s / cap_per_s[d];
        if (u > p->peak_utilization || isnan(p->peak_at_s)) {
            p->peak_utilization = u;
            p->peak_at_s = v[P_T];
            p->peak_dir = d;
        }
    }
}

#define MAX_PARTITION_NO 1e9

static int read_partitions(ddb_rundir *r, char *err, size_t errlen)
{
    ddb_csvin c;
    int cols[P_N];
    if (open_csv(&c, r, &ddb_schema_partitions, p_need, P_N, cols, err, errlen) != 0)
        return -1;
    size_t cap = 0, hint = 0;
    int rc;
    while ((rc = ddb_csvin_next(&c, err, errlen)) == 1) {
        double v[P_N];
        if (need_time(&c, cols[P_T], &v[P_T], err, errlen) != 0 ||
            numbers(&c, cols, P_PART, P_N, v, err, errlen) != 0) {
            rc = -1;
            break;
        }
        /* Checked before the conversion to long: 1e50 has no long. */
        if (isnan(v[P_PART]) || v[P_PART] < 0 || v[P_PART] > MAX_PARTITION_NO ||
            v[P_PART] != floor(v[P_PART])) {
            ddb_errorf(err, errlen, "%s:%zu: partition: not a partition number (got \"%s\", "
                       "expected a whole number 0 to 1000000000)", c.path, c.line,
                       ddb_csvin_field(&c, cols[P_PART]));
            rc = -1;
            break;
        }
        size_t i = part_slot(r, &cap, hint, ddb_csvin_field(&c, cols[P_INDEX]), (long)v[P_PART]);
        add_part_row(&r->parts[i], v, r->interval_s);
        hint = i + 1;
    }
    ddb_csvin_close(&c);
    return rc;
}

/* ---- keys.csv ---- */

enum { K_KIND, K_INDEX, K_KEY, K_REQ, K_THR, K_CR, K_CW, K_N };
static const int k_need[K_N] = {DDB_KEYS_KIND, DDB_KEYS_INDEX, DDB_KEYS_KEY, DDB_KEYS_REQUESTS,
    DDB_KEYS_THROTTLES, DDB_KEYS_CONSUMED_RCU, DDB_KEYS_CONSUMED_WCU};

static int read_keys(ddb_rundir *r, char *err, size_t errlen)
{
    ddb_csvin c;
    int cols[K_N];
    if (open_csv(&c, r, &ddb_schema_keys, k_need, K_N, cols, err, errlen) != 0)
        return -1;
    size_t cap_a = 0, cap_t = 0;
    int rc;
    while ((rc = ddb_csvin_next(&c, err, errlen)) == 1) {
        double v[K_N];
        if (numbers(&c, cols, K_REQ, K_N, v, err, errlen) != 0) {
            rc = -1;
            break;
        }
        const char *kind = ddb_csvin_field(&c, cols[K_KIND]);
        ddb_rundir_key *k;
        if (!strcmp(kind, ddb_keys_kind_name[DDB_KEYS_ACCESSED])) {
            GROW(r->accessed, r->n_accessed, cap_a);
            k = &r->accessed[r->n_accessed++];
        } else if (!strcmp(kind, ddb_keys_kind_name[DDB_KEYS_THROTTLED])) {
            GROW(r->throttled, r->n_throttled, cap_t);
            k = &r->throttled[r->n_throttled++];
        } else {
            continue; /* a ranking added later (Contributor Insights has more) */
        }
        k->index = ddb_xstrdup(ddb_csvin_field(&c, cols[K_INDEX]));
        k->key = ddb_xstrdup(ddb_csvin_field(&c, cols[K_KEY]));
        k->requests = nz(v[K_REQ]);
        k->throttles = nz(v[K_THR]);
        k->consumed[0] = nz(v[K_CR]);
        k->consumed[1] = nz(v[K_CW]);
    }
    ddb_csvin_close(&c);
    return rc;
}

/* ---- gsi.csv (when the table has GSIs) ---- */

enum { G_T, G_GSI, G_P99, G_MAX, G_BACKLOG, G_BP, G_STALE, G_N };
static const int g_need[G_N] = {DDB_GSICSV_T_S, DDB_GSICSV_GSI, DDB_GSICSV_LAG_P99_MS,
    DDB_GSICSV_LAG_MAX_MS, DDB_GSICSV_BACKLOG, DDB_GSICSV_BACKPRESSURE_THROTTLES,
    DDB_GSICSV_STALE_READS};

static ddb_rundir_gsi *gsi_slot(ddb_rundir *r, size_t *cap, const char *name)
{
    for (size_t i = 0; i < r->n_gsis; i++)
        if (!strcmp(r->gsis[i].name, name))
            return &r->gsis[i];
    GROW(r->gsis, r->n_gsis, *cap);
    ddb_rundir_gsi *g = &r->gsis[r->n_gsis++];
    memset(g, 0, sizeof *g);
    g->name = ddb_xstrdup(name);
    g->backlog_max_at_s = NAN;
    return g;
}

static void add_gsi_row(ddb_rundir_gsi *g, const double *v)
{
    g->lag_p99_max_ms = fmax(g->lag_p99_max_ms, nz(v[G_P99]));
    g->lag_max_ms = fmax(g->lag_max_ms, nz(v[G_MAX]));
    if (nz(v[G_BACKLOG]) > g->backlog_max) {
        g->backlog_max = v[G_BACKLOG];
        g->backlog_max_at_s = v[G_T];
    }
    g->backpressure_throttles += nz(v[G_BP]);
    g->stale_reads += nz(v[G_STALE]);
}

static int read_gsi(ddb_rundir *r, char *err, size_t errlen)
{
    r->has_gsi_csv = file_exists(r, ddb_schema_gsi.file);
    if (!r->has_gsi_csv)
        return 0;
    ddb_csvin c;
    int cols[G_N];
    if (open_csv(&c, r, &ddb_schema_gsi, g_need, G_N, cols, err, errlen) != 0)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = ddb_csvin_next(&c, err, errlen)) == 1) {
        double v[G_N];
        if (need_time(&c, cols[G_T], &v[G_T], err, errlen) != 0 ||
            numbers(&c, cols, G_P99, G_N, v, err, errlen) != 0) {
            rc = -1;
            break;
        }
        add_gsi_row(gsi_slot(r, &cap, ddb_csvin_field(&c, cols[G_GSI])), v);
    }
    ddb_csvin_close(&c);
    return rc;
}

/* ---- events.csv (splits and other changes, when the run had any) ---- */

enum { E_T, E_INDEX, E_KIND, E_PART, E_N };
static const int e_need[E_N] = {DDB_EVENTS_T_S, DDB_EVENTS_INDEX, DDB_EVENTS_KIND,
    DDB_EVENTS_PARTITION};

static int read_events(ddb_rundir *r, char *err, size_t errlen)
{
    r->has_events_csv = file_exists(r, ddb_schema_events.file);
    if (!r->has_events_csv)
        return 0;
    ddb_csvin c;
    int cols[E_N];
    if (open_csv(&c, r, &ddb_schema_events, e_need, E_N, cols, err, errlen) != 0)
        return -1;
    int detail = ddb_csvin_column(&c, ddb_schema_events.cols[DDB_EVENTS_DETAIL].name);
    const char *split = ddb_event_kind_name[DDB_EVENT_SPLIT];
    size_t cap = 0;
    int rc;
    while ((rc = ddb_csvin_next(&c, err, errlen)) == 1) {
        double v[E_N];
        if (need_time(&c, cols[E_T], &v[E_T], err, errlen) != 0 ||
            numbers(&c, cols, E_PART, E_N, v, err, errlen) != 0) {
            rc = -1;
            break;
        }
        r->n_events++;
        if (strncmp(ddb_csvin_field(&c, cols[E_KIND]), split, strlen(split)) != 0)
            continue;
        GROW(r->splits, r->n_splits, cap);
        ddb_rundir_split *s = &r->splits[r->n_splits++];
        s->t_s = v[E_T];
        s->partition = v[E_PART];
        s->index = ddb_xstrdup(ddb_csvin_field(&c, cols[E_INDEX]));
        s->detail = ddb_xstrdup(detail >= 0 ? ddb_csvin_field(&c, detail) : "");
    }
    ddb_csvin_close(&c);
    return rc;
}

/* ---- the folder ---- */

int ddb_rundir_load(ddb_rundir *r, const char *dir, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    struct stat st;
    if (stat(dir, &st) != 0) {
        snprintf(err, errlen, "%s: cannot read (%s)", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: not a directory (expected a run's output folder)", dir);
        return -1;
    }
    r->dir = ddb_xstrdup(dir);
    r->interval_s = NAN;
    if (ddb_manifest_read(dir, &r->files, err, errlen) != 0 || load_summary(r, err, errlen) != 0)
        goto fail;
    double interval = ddb_rundir_num(r, "scenario.output.interval_s", NAN);
    if (interval > 0)
        r->interval_s = interval;
    if (read_timeseries(r, err, errlen) != 0 || read_partitions(r, err, errlen) != 0 ||
        read_keys(r, err, errlen) != 0 || read_gsi(r, err, errlen) != 0 ||
        read_events(r, err, errlen) != 0)
        goto fail;
    r->has_latency_csv = file_exists(r, ddb_schema_latency.file);
    return 0;
fail:
    ddb_rundir_destroy(r);
    return -1;
}

static void free_keys(ddb_rundir_key *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(k[i].index);
        free(k[i].key);
    }
    free(k);
}

void ddb_rundir_destroy(ddb_rundir *r)
{
    for (size_t i = 0; i < r->n_indexes; i++) {
        free(r->indexes[i].name);
        free(r->indexes[i].reasons);
    }
    free(r->indexes);
    for (size_t i = 0; i < r->n_reasons; i++)
        free(r->reasons[i]);
    free(r->reasons);
    free(r->reason_ids);
    for (size_t i = 0; i < r->n_parts; i++)
        free(r->parts[i].index);
    free(r->parts);
    free_keys(r->accessed, r->n_accessed);
    free_keys(r->throttled, r->n_throttled);
    for (size_t i = 0; i < r->n_gsis; i++)
        free(r->gsis[i].name);
    free(r->gsis);
    for (size_t i = 0; i < r->n_splits; i++) {
        free(r->splits[i].index);
        free(r->splits[i].detail);
    }
    free(r->splits);
    cJSON_Delete(r->summary);
    ddb_manifest_files_destroy(&r->files);
    free(r->dir);
    memset(r, 0, sizeof *r);
}

const ddb_rundir_index *ddb_rundir_index_named(const ddb_rundir *r, const char *name)
{
    for (size_t i = 0; i < r->n_indexes; i++)
        if (!strcmp(r->indexes[i].name, name))
            return &r->indexes[i];
    return NULL;
}

double ddb_rundir_reason_total(const ddb_rundir *r, enum ddb_throttle_reason reason)
{
    double total = 0;
    for (size_t i = 0; i < r->n_indexes; i++)
        total += ddb_rundir_index_reason(r, &r->indexes[i], reason);
    return total;
}

double ddb_rundir_index_reason(const ddb_rundir *r, const ddb_rundir_index *ix,
                               enum ddb_throttle_reason reason)
{
    for (size_t k = 0; k < r->n_reasons; k++)
        if (r->reason_ids[k] == reason && reason != DDB_ADMITTED)
            return ix->reasons[k];
    return 0;
}

char *ddb_rundir_slurp(const ddb_rundir *r, const char *name, size_t *len, char *err, size_t errlen)
{
    if (require_listed(r, name, err, errlen) != 0)
        return NULL;
    char *path = path_in(r->dir, name);
    char *text = slurp(path, len, err, errlen);
    free(path);
    return text;
}

bool ddb_rundir_latency_text(const ddb_rundir *r, struct ddb_strbuf *b)
{
    if (!ddb_rundir_json(r, "latency_ms"))
        return false;
    ddb_strbuf_puts(b, "p50 ");
    ddb_strbuf_number(b, ddb_rundir_num(r, "latency_ms.p50", 0), 1);
    ddb_strbuf_puts(b, " ms, p99 ");
    ddb_strbuf_number(b, ddb_rundir_num(r, "latency_ms.p99", 0), 1);
    ddb_strbuf_puts(b, " ms, p99.9 ");
    ddb_strbuf_number(b, ddb_rundir_num(r, "latency_ms.p999", 0), 1);
    ddb_strbuf_puts(b, " ms");
    return true;
}
