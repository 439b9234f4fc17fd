/* sweep — run specs, grids expanded into them, and the thread pool that runs them. See sweep.h. */
#define _POSIX_C_SOURCE 200809L
#include "sim/runs/sweep.h"

#include <errno.h>
#include <math.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/output/run_files.h"
#include "sim/support/alloc.h"
#include "sim/support/interrupt.h"
#include "sim/support/errmsg.h"
#include "sim/support/readfile.h"
#include "sim/support/csvin.h"
#include "sim/output/cost.h"
#include "sim/output/schema.h"
#include "sim/scenario/price.h"

#define MAX_FILE_BYTES (16u << 20)

/* ddb_scenario_parse is not reentrant (cJSON keeps its parse error in a global), so every parse
 * in this module takes this lock. Runs do not: ddb_run touches nothing shared. */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static int parse_locked(ddb_scenario *s, const char *text, size_t len, const char *source,
                        const char *const *sets, size_t n_sets, char *err, size_t errlen)
{
    pthread_mutex_lock(&parse_lock);
    int rc = ddb_scenario_parse(s, text, len, source, sets, n_sets, err, errlen);
    pthread_mutex_unlock(&parse_lock);
    return rc;
}

static int parse_spec(const ddb_run_spec *r, ddb_scenario *s, char *err, size_t errlen)
{
    return parse_locked(s, r->text, r->len, r->source, (const char *const *)r->sets, r->n_sets,
                        err, errlen);
}

/* ---- the list of runs ---- */

void ddb_sweep_init(ddb_sweep *w) { memset(w, 0, sizeof *w); }

static void spec_destroy(ddb_run_spec *r)
{
    for (size_t i = 0; i < r->n_sets; i++)
        free(r->sets[i]);
    free(r->sets);
    free(r->outdir);
}

void ddb_sweep_destroy(ddb_sweep *w)
{
    for (size_t i = 0; i < w->n_runs; i++)
        spec_destroy(&w->runs[i]);
    free(w->runs);
    memset(w, 0, sizeof *w);
}

void ddb_sweep_add(ddb_sweep *w, const char *text, size_t len, const char *source,
                   const char *const *sets, size_t n_sets)
{
    if (w->n_runs == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 16;
        w->runs = ddb_xrealloc(w->runs, w->cap * sizeof *w->runs);
    }
    ddb_run_spec *r = &w->runs[w->n_runs++];
    *r = (ddb_run_spec){text, len, source, NULL, n_sets, NULL, 0, {0, 0}, false, 0.0, 0};
    r->sets = ddb_xcalloc(n_sets ? n_sets : 1, sizeof *r->sets);
    for (size_t i = 0; i < n_sets; i++)
        r->sets[i] = ddb_xstrdup(sets[i]);
}

int ddb_sweep_read_file(const char *path, char **text, size_t *len, char *err, size_t errlen)
{
    *text = ddb_read_file(path, MAX_FILE_BYTES, len, err, errlen);
    return *text ? 0 : -1;
}

/* ---- grids ---- */

static char *joined(const char *path, const char *value)
{
    size_t n = strlen(path) + strlen(value) + 2;
    char *s = ddb_xmalloc(n);
    snprintf(s, n, "%s=%s", path, value);
    return s;
}

static int check_axes(const ddb_grid_axis *axes, size_t n_axes, char *err, size_t errlen)
{
    for (size_t i = 0; i < n_axes; i++) {
        if (!strcmp(axes[i].path, "seed")) {
            snprintf(err, errlen, "--grid seed: vary the seed with --seeds N (from the scenario's "
                     "seed, or --seed N)");
            return -1;
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(axes[i].path, axes[j].path)) {
                ddb_errorf(err, errlen, "--grid %.200s: given twice (one --grid per path)",
                           axes[i].path);
                return -1;
            }
    }
    return 0;
}

/* Append " (what)" to the message in err, clipped to errlen. */
static void add_context(char *err, size_t errlen, const char *what)
{
    size_t n = strlen(err);
    if (n + 4 < errlen)
        ddb_errorf(err + n, errlen - n, " (%s)", what);
}

/* The sets of one grid point: base, then PATH=VALUE per axis; and its label for messages. */
typedef struct point {
    const char **sets;
    size_t n_sets, n_base;
    char label[512];
} point;

static void point_make(point *pt, const ddb_grid_axis *axes, size_t n_axes, size_t p,
                       size_t *value_index)
{
    ddb_grid_point(axes, n_axes, p, value_index);
    size_t len = 0;
    pt->label[0] = '\0';
    for (size_t i = 0; i < n_axes; i++) {
        char *s = joined(axes[i].path, axes[i].values[value_index[i]]);
        pt->sets[pt->n_base + i] = s;
        if (len < sizeof pt->label)
            len += (size_t)snprintf(pt->label + len, sizeof pt->label - len, "%s%s",
                                    i ? ", " : "grid point: ", s);
    }
    pt->n_sets = pt->n_base + n_axes;
}

static void point_clear(point *pt)
{
    for (size_t i = pt->n_base; i < pt->n_sets; i++)
        free((char *)pt->sets[i]);
    pt->n_sets = pt->n_base;
}

/* Parse the point's scenario (with seed=SEED when seed_set), for its seed, its projected work
 * (the same for every seed) and its errors. */
static int point_parse(const char *text, size_t len, const char *source, const point *pt,
                       const char *seed_set, uint64_t *seed, ddb_estimate *estimate, char *err,
                       size_t errlen)
{
    pt->sets[pt->n_sets] = seed_set;
    ddb_scenario s;
    if (parse_locked(&s, text, len, source, pt->sets, pt->n_sets + (seed_set != NULL), err,
                     errlen) != 0)
        return -1;
    *seed = s.seed;
    ddb_scenario_estimate(&s, estimate);
    ddb_scenario_destroy(&s);
    return 0;
}

/* Append the point's runs to out, one per seed. */
static int point_add(ddb_sweep *out, const char *text, size_t len, const char *source, point *pt,
                     uint32_t n_seeds, char *err, size_t errlen)
{
    uint64_t seed, top;
    ddb_estimate estimate, top_estimate;
    char seed_set[64];
    if (point_parse(text, len, source, pt, NULL, &seed, &estimate, err, errlen) != 0)
        return -1;
    if (n_seeds > 1) {
        /* Seeds are checked at the top of the range: the ones below are in range too. */
        snprintf(seed_set, sizeof seed_set, "seed=%" PRIu64, seed + n_seeds - 1);
        if (point_parse(text, len, source, pt, seed_set, &top, &top_estimate, err, errlen) != 0) {
            char what[128];
            snprintf(what, sizeof what, "the last of --seeds %" PRIu32 " from seed %" PRIu64,
                     n_seeds, seed);
            add_context(err, errlen, what);
            return -1;
        }
    }
    for (uint32_t k = 0; k < n_seeds; k++) {
        snprintf(seed_set, sizeof seed_set, "seed=%" PRIu64, seed + k);
        pt->sets[pt->n_sets] = seed_set;
        ddb_sweep_add(out, text, len, source, pt->sets, pt->n_sets + (n_seeds > 1));
        out->runs[out->n_runs - 1].seed = seed + k;
        out->runs[out->n_runs - 1].estimate = estimate;
    }
    return 0;
}

int ddb_sweep_add_grid(ddb_sweep *w, const char *text, size_t len, const char *source,
                       const char *const *base_sets, size_t n_base_sets,
                       const ddb_grid_axis *axes, size_t n_axes, uint32_t n_seeds,
                       char *err, size_t errlen)
{
    if (check_axes(axes, n_axes, err, errlen) != 0)
        return -1;
    if (n_seeds == 0) {
        snprintf(err, errlen, "--seeds: must be at least 1 (got 0)");
        return -1;
    }
    size_t n_points = ddb_grid_points(axes, n_axes, DDB_SWEEP_MAX_RUNS);
    if (n_points == 0 || n_seeds > DDB_SWEEP_MAX_RUNS / n_points) {
        snprintf(err, errlen, "too many runs (got more than %u grid points x seeds, expected at "
                 "most %u)", DDB_SWEEP_MAX_RUNS, DDB_SWEEP_MAX_RUNS);
        return -1;
    }
    point pt = {ddb_xcalloc(n_base_sets + n_axes + 1, sizeof *pt.sets), n_base_sets, n_base_sets, ""};
    if (n_base_sets)
        memcpy(pt.sets, base_sets, n_base_sets * sizeof *base_sets);
    size_t *value_index = ddb_xcalloc(n_axes ? n_axes : 1, sizeof *value_index);
    size_t before = w->n_runs;
    int rc = 0;
    for (size_t p = 0; p < n_points && rc == 0; p++) {
        point_make(&pt, axes, n_axes, p, value_index);
        rc = point_add(w, text, len, source, &pt, n_seeds, err, errlen);
        if (rc != 0 && n_axes)
            add_context(err, errlen, pt.label);
        point_clear(&pt);
    }
    while (rc != 0 && w->n_runs > before)
        spec_destroy(&w->runs[--w->n_runs]);
    free(value_index);
    free(pt.sets);
    return rc;
}

int ddb_sweep_check(ddb_sweep *w, char *err, size_t errlen)
{
    for (size_t i = 0; i < w->n_runs; i++) {
        ddb_scenario s;
        if (parse_spec(&w->runs[i], &s, err, errlen) != 0)
            return -1;
        w->runs[i].seed = s.seed;
        ddb_scenario_estimate(&s, &w->runs[i].estimate);
        ddb_scenario_destroy(&s);
    }
    return 0;
}

void ddb_sweep_estimate(const ddb_sweep *w, ddb_estimate *total)
{
    *total = (ddb_estimate){0, 0};
    for (size_t i = 0; i < w->n_runs; i++) {
        total->requests += w->runs[i].estimate.requests;
        total->csv_bytes += w->runs[i].estimate.csv_bytes;
    }
}

void ddb_sweep_set_outdirs(ddb_sweep *w, const char *dir)
{
    int width = snprintf(NULL, 0, "%zu", w->n_runs);
    for (size_t i = 0; i < w->n_runs; i++) {
        size_t n = strlen(dir) + (size_t)width + 24;
        free(w->runs[i].outdir);
        w->runs[i].outdir = ddb_xmalloc(n);
        snprintf(w->runs[i].outdir, n, "%s/%0*zu", dir, width, i + 1);
    }
}

/* ---- one run ---- */

/* Partitions of the table with any capacity consumed, from the run's partitions.csv. */
static int count_used(const char *dir, size_t n_partitions, size_t *used, char *err, size_t errlen)
{
    size_t n = strlen(dir) + strlen(ddb_schema_partitions.file) + 2;
    char *path = ddb_xmalloc(n);
    snprintf(path, n, "%s/%s", dir, ddb_schema_partitions.file);
    ddb_csvin c;
    int rc = ddb_csvin_open(&c, path, err, errlen);
    free(path);
    if (rc != 0)
        return -1;
    int col[4];
    static const int need[4] = {DDB_PARTS_INDEX, DDB_PARTS_PARTITION, DDB_PARTS_CONSUMED_RCU,
                                DDB_PARTS_CONSUMED_WCU};
    for (int k = 0; k < 4 && rc == 0; k++)
        rc = ddb_csvin_require(&c, ddb_schema_partitions.cols[need[k]].name, &col[k], err, errlen);
    bool *seen = ddb_xcalloc(n_partitions ? n_partitions : 1, sizeof *seen);
    *used = 0;
    while (rc == 0 && (rc = ddb_csvin_next(&c, err, errlen)) == 1) {
        rc = 0;
        double part, rcu, wcu;
        if (strcmp(ddb_csvin_field(&c, col[0]), DDB_SCHEMA_TABLE_INDEX) != 0)
            continue;
        if (ddb_csvin_number(&c, col[1], &part, err, errlen) < 0 ||
            ddb_csvin_number(&c, col[2], &rcu, err, errlen) < 0 ||
            ddb_csvin_number(&c, col[3], &wcu, err, errlen) < 0)
            rc = -1;
        else if (part >= 0 && part < (double)n_partitions && (rcu > 0 || wcu > 0) &&
                 !seen[(size_t)part]) {
            seen[(size_t)part] = true;
            ++*used;
        }
    }
    free(seen);
    ddb_csvin_close(&c);
    return rc < 0 ? -1 : 0;
}

/* The run's cost estimate, from the price table its parse loaded (none: no price). */
static void add_cost(const ddb_scenario *s, ddb_run_result *out)
{
    char perr[DDB_ERR_MAX];
    const ddb_price_table *t = ddb_price_cached(s->prices, perr, sizeof perr);
    out->table_class = s->table_class;
    for (int c = 0; c < DDB_TABLE_CLASS_COUNT; c++)
        out->cost.provisioned_usd[c] = out->cost.on_demand_usd[c] = NAN;
    if (t)
        ddb_cost_of_run(t, s, &out->report, &out->cost);
}

static int run_one(const ddb_run_spec *r, ddb_run_result *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    ddb_scenario s;
    if (parse_spec(r, &s, err, errlen) != 0)
        return -1;
    s.has_stop = r->has_stop;
    s.stop_above_rate = r->stop_above_rate;
    s.stop_dir = r->stop_dir;
    ddb_run_options opt = {r->outdir, NULL, NULL, r->source};
    int rc = ddb_run(&s, &opt, &out->report, err, errlen);
    if (rc == 0) {
        out->seed = s.seed;
        out->name = ddb_xstrdup(s.name);
        out->pk = ddb_xstrdup(s.has_pk ? s.pk.source : "(trace keys)");
        out->gsi_names = ddb_xcalloc(out->report.n_gsi + 1, sizeof *out->gsi_names);
        for (size_t i = 0; i < out->report.n_gsi; i++)
            out->report.gsi[i].name = out->gsi_names[i] = ddb_xstrdup(out->report.gsi[i].name);
        out->partitions_used = SIZE_MAX;
        add_cost(&s, out);
        if (r->outdir && count_used(r->outdir, out->report.n_partitions, &out->partitions_used,
                                    err, errlen) != 0) {
            ddb_sweep_results_free(out, 1);
            rc = -1;
        }
    }
    ddb_scenario_destroy(&s);
    return rc;
}

/* ---- the pool ---- */

typedef struct pool {
    const ddb_sweep *w;
    const ddb_sweep_options *o;
    ddb_run_result *results;
    bool *ok;                 /* results[i] holds a completed run */
    pthread_mutex_t lock;     /* guards the fields below and the progress calls */
    size_t next, done;
    bool failed;
    size_t failed_at;
    char err[DDB_ERR_MAX];
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    char err[DDB_ERR_MAX];
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next;
        bool stop = p->failed || i >= p->w->n_runs || ddb_interrupt_signal();
        if (!stop)
            p->next++;
        pthread_mutex_unlock(&p->lock);
        if (stop)
            return NULL;
        int rc = run_one(&p->w->runs[i], &p->results[i], err, sizeof err);
        pthread_mutex_lock(&p->lock);
        if (rc != 0 && (!p->failed || i < p->failed_at)) {
            p->failed = true;
            p->failed_at = i;
            snprintf(p->err, sizeof p->err, "%s", err);
        } else if (rc == 0) {
            p->ok[i] = true;
            p->done++;
            if (p->o->progress)
                p->o->progress(p->o->progress_ctx, p->done, p->w->n_runs);
        }
        pthread_mutex_unlock(&p->lock);
    }
}

int ddb_sweep_run(const ddb_sweep *w, const ddb_sweep_options *o, ddb_run_result *results,
                  char *err, size_t errlen)
{
    pool p = {.w = w, .o = o, .results = results};
    p.ok = ddb_xcalloc(w->n_runs ? w->n_runs : 1, sizeof *p.ok);
    pthread_mutex_init(&p.lock, NULL);
    size_t n_threads = o->jobs < w->n_runs ? o->jobs : w->n_runs;
    pthread_t *threads = ddb_xcalloc(n_threads ? n_threads : 1, sizeof *threads);
    size_t started = 0;
    /* One job runs in the calling thread; so do all of them if no thread can be started. */
    if (n_threads > 1)
        while (started < n_threads && pthread_create(&threads[started], NULL, worker, &p) == 0)
            started++;
    if (started == 0)
        worker(&p);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    pthread_mutex_destroy(&p.lock);
    if (ddb_interrupt_signal()) { /* the runs stopped (sim/support/interrupt.h): none counts */
        p.failed = true;
        snprintf(p.err, sizeof p.err, "interrupted by %s", ddb_interrupt_name());
    }
    if (p.failed) {
        for (size_t i = 0; i < w->n_runs; i++)
            if (p.ok[i])
                ddb_sweep_results_free(&results[i], 1);
        snprintf(err, errlen, "%s", p.err);
    }
    free(p.ok);
    return p.failed ? -1 : 0;
}

void ddb_sweep_results_free(ddb_run_result *results, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ddb_report_destroy(&results[i].report);
        free(results[i].name);
        free(results[i].pk);
        results[i].name = results[i].pk = NULL;
        for (size_t j = 0; results[i].gsi_names && results[i].gsi_names[j]; j++)
            free(results[i].gsi_names[j]);
        free(results[i].gsi_names);
        results[i].gsi_names = NULL;
    }
}
