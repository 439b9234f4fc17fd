/* plan — capacity search by bisection. See plan.h. */
#include "sim/runs/plan.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"
#include "sim/runs/grid.h"
#include "sim/scenario/scenario.h"
#include "sim/runs/sweep.h"

const char *ddb_plan_unit(enum ddb_dir d)
{
    return d == DDB_WRITE ? "WCU" : "RCU";
}

int ddb_plan_check_options(const ddb_plan_options *o, char *err, size_t errlen)
{
    if (!(o->max_throttle_rate >= 0.0 && o->max_throttle_rate < 1.0)) {
        snprintf(err, errlen, "--max-throttle-rate: expected a number from 0 to 1, 1 excluded (got %g)",
                 o->max_throttle_rate);
        return -1;
    }
    if (o->dims < DDB_PLAN_WCU || o->dims > DDB_PLAN_BOTH) {
        snprintf(err, errlen, "--for: expected wcu, rcu or both");
        return -1;
    }
    if (o->seeds < 1 || o->seeds > DDB_SWEEP_MAX_RUNS) {
        snprintf(err, errlen, "--seeds: expected a number from 1 to %u (got %" PRIu32 ")",
                 DDB_SWEEP_MAX_RUNS, o->seeds);
        return -1;
    }
    if (o->jobs < 1) {
        snprintf(err, errlen, "-j: expected a number from 1 to 1024 (got %u)", o->jobs);
        return -1;
    }
    return 0;
}

static double dir_rate(const ddb_report *r, enum ddb_dir d)
{
    uint64_t a = r->total.requests[d];
    return a ? (double)r->total.throttles[d] / (double)a : 0.0;
}

/* A run's sustained demand in direction d: first attempts' units per second over what it ran. */
static double run_demand(const ddb_report *r, enum ddb_dir d)
{
    double duration_s = ddb_report_ran_s(r);
    return duration_s > 0 ? (double)r->total.offered_first_milli[d] / 1000.0 / duration_s : 0.0;
}

/* The run's demand plus 3 standard errors, rounded up: with n requests asking U units over T
 * seconds, arrivals at random, the demand U/T has a variance of about (U/n) x (U/T) / T. */
static int64_t demand_floor(const ddb_report *r, enum ddb_dir d)
{
    double demand = run_demand(r, d), duration_s = ddb_report_ran_s(r);
    uint64_t n = r->total.first_attempts[d];
    if (n == 0 || duration_s <= 0)
        return 0;
    double units_per_request = (double)r->total.offered_first_milli[d] / 1000.0 / (double)n;
    return (int64_t)ceil(demand + 3.0 * sqrt(units_per_request * demand / duration_s) - 1e-9);
}

static void take_demand(ddb_plan_step *step, const ddb_report *r, enum ddb_dir d)
{
    double demand = run_demand(r, d);
    int64_t floor_units = demand_floor(r, d);
    step->demand_per_s = demand > step->demand_per_s ? demand : step->demand_per_s;
    step->demand_floor = floor_units > step->demand_floor ? floor_units : step->demand_floor;
    step->requests += r->total.first_attempts[d];
    step->duration_s = (double)r->duration_ns / 1e9;
}

double ddb_plan_credit_share(const ddb_plan_step *s)
{
    double demand_units = s->demand_per_s * s->duration_s;
    return demand_units > 0 ? (double)s->capacity / demand_units : 0.0;
}

int64_t ddb_plan_long_enough_s(const ddb_plan_step *s, double max_throttle_rate)
{
    if (!(max_throttle_rate > 0) || !(s->demand_per_s > 0))
        return 0;
    return (int64_t)ceil((double)s->capacity / (s->demand_per_s * max_throttle_rate) - 1e-9);
}

/* One run made for the search: capacity `capacity` with the seed_index-th seed. Runs are made in
 * batches that fill every worker, the candidate the search needs first and then the ones it would
 * need next (ahead), and are taken from here when the search asks for them: which runs were made
 * ahead never changes what the search takes, so its answer, its steps and plan.csv are the same
 * whatever the number of workers. */
typedef struct made_run {
    int64_t capacity;
    uint32_t seed_index;
    ddb_run_result res;
} made_run;

/* The context of one search. */
typedef struct search {
    const char *text;
    size_t len;
    const char *source;
    const char *const *sets;  /* caller's, then "table.xcu=HELD" for the other dimension */
    size_t n_sets;
    const ddb_plan_options *o;
    ddb_plan_result *out;
    ddb_plan_dim *dim;
    made_run *made;           /* every run made for this dimension (owned) */
    size_t n_made, cap_made;
} search;

/* The most candidates looked ahead at once. */
#define MAX_AHEAD 64

static void add_run(ddb_plan_result *out, const ddb_plan_run *run)
{
    if (out->n_runs == out->cap_runs) {
        out->cap_runs = out->cap_runs ? 2 * out->cap_runs : 32;
        out->runs = ddb_xrealloc(out->runs, out->cap_runs * sizeof *out->runs);
    }
    out->runs[out->n_runs++] = *run;
}

static unsigned workers(const ddb_plan_options *o)
{
    return o->workers ? o->workers : o->jobs;
}

static int run_batch(const ddb_plan_options *o, const ddb_sweep *w, ddb_run_result *res, char *err,
                     size_t errlen)
{
    ddb_sweep_options so = {o->jobs, NULL, NULL};
    return (o->run ? o->run : ddb_sweep_run)(w, &so, res, err, errlen);
}

static const ddb_run_result *find_made(const search *s, int64_t c, uint32_t k)
{
    for (size_t i = 0; i < s->n_made; i++)
        if (s->made[i].capacity == c && s->made[i].seed_index == k)
            return &s->made[i].res;
    return NULL;
}

static void forget_made(search *s)
{
    for (size_t i = 0; i < s->n_made; i++)
        ddb_sweep_results_free(&s->made[i].res, 1);
    free(s->made);
    s->made = NULL;
    s->n_made = s->cap_made = 0;
}

/* A batch of runs to make, and which capacity and seed each is. */
typedef struct batch {
    ddb_sweep w;
    made_run *tag;            /* capacity and seed index per run (res unused) */
    size_t limit;
} batch;

static bool in_batch(const batch *b, int64_t c, uint32_t k)
{
    for (size_t i = 0; i < b->w.n_runs; i++)
        if (b->tag[i].capacity == c && b->tag[i].seed_index == k)
            return true;
    return false;
}

/* Append capacity c's seeds neither made nor in the batch, while it has room. Returns 0, or -1
 * with err (a scenario that does not parse at c). */
static int add_missing(search *s, batch *b, int64_t c, char *err, size_t errlen)
{
    char path[16], value[32];
    snprintf(path, sizeof path, "table.%s", s->dim->dir == DDB_WRITE ? "wcu" : "rcu");
    snprintf(value, sizeof value, "%" PRId64, c);
    char *values[1] = {value};
    ddb_grid_axis axis = {path, values, 1};
    ddb_sweep one;
    ddb_sweep_init(&one);
    int rc = ddb_sweep_add_grid(&one, s->text, s->len, s->source, s->sets, s->n_sets, &axis, 1,
                                s->o->seeds, err, errlen);
    for (uint32_t k = 0; rc == 0 && k < one.n_runs && b->w.n_runs < b->limit; k++) {
        if (find_made(s, c, k) || in_batch(b, c, k))
            continue;
        const ddb_run_spec *r = &one.runs[k];
        ddb_sweep_add(&b->w, r->text, r->len, r->source, (const char *const *)r->sets, r->n_sets);
        b->w.runs[b->w.n_runs - 1].seed = r->seed;
        /* only the verdict counts: a run certain to fail stops (sim/engine/stop.c) */
        b->w.runs[b->w.n_runs - 1].has_stop = true;
        b->w.runs[b->w.n_runs - 1].stop_above_rate = s->o->max_throttle_rate;
        b->w.runs[b->w.n_runs - 1].stop_dir = (int)s->dim->dir;
        b->tag[b->w.n_runs - 1] = (made_run){.capacity = c, .seed_index = k};
    }
    ddb_sweep_destroy(&one);
    return rc;
}

/* Make capacity c's runs unless made, with as many of the candidates `ahead` (in the order the
 * search would need them) as fill the workers' last round. Returns 0, or -1 with err. */
static int make_runs(search *s, int64_t c, const int64_t *ahead, size_t n_ahead, char *err,
                     size_t errlen)
{
    size_t missing = 0, w = workers(s->o);
    for (uint32_t k = 0; k < s->o->seeds; k++)
        missing += find_made(s, c, k) == NULL;
    if (missing == 0)
        return 0;
    batch b = {.limit = (missing + w - 1) / w * w};
    ddb_sweep_init(&b.w);
    b.tag = ddb_xcalloc(b.limit, sizeof *b.tag);
    int rc = add_missing(s, &b, c, err, errlen);
    char ignored[DDB_ERR_MAX]; /* a candidate ahead that does not parse is not made, not fatal */
    for (size_t i = 0; rc == 0 && i < n_ahead && b.w.n_runs < b.limit; i++)
        if (add_missing(s, &b, ahead[i], ignored, sizeof ignored) != 0)
            break;
    ddb_run_result *res = rc == 0 ? ddb_xcalloc(b.w.n_runs, sizeof *res) : NULL;
    if (rc == 0) {
        rc = run_batch(s->o, &b.w, res, err, errlen);
        s->out->n_made += b.w.n_runs;
        s->out->n_rounds += (b.w.n_runs + w - 1) / w;
    }
    for (size_t i = 0; rc == 0 && i < b.w.n_runs; i++) {
        if (s->n_made == s->cap_made) {
            s->cap_made = s->cap_made ? 2 * s->cap_made : 16;
            s->made = ddb_xrealloc(s->made, s->cap_made * sizeof *s->made);
        }
        s->made[s->n_made++] = (made_run){b.tag[i].capacity, b.tag[i].seed_index, res[i]};
    }
    free(res);
    free(b.tag);
    ddb_sweep_destroy(&b.w);
    return rc;
}

/* Take capacity c's runs over the seeds (made now unless made ahead; with them the candidates
 * `ahead`, see make_runs); fills *step. Returns 0, or -1 with err. Sets *hopeless when a failing
 * run shows a key over its hard cap, throttled for the key range, in the searched direction (the
 * key's numbers go into the dimension). */
static int evaluate(search *s, int64_t c, const int64_t *ahead, size_t n_ahead,
                    ddb_plan_step *step, bool *hopeless, char *err, size_t errlen)
{
    ddb_plan_dim *dim = s->dim;
    enum ddb_dir d = dim->dir;
    if (make_runs(s, c, ahead, n_ahead, err, errlen) != 0)
        return -1;
    uint32_t n = s->o->seeds;
    const ddb_run_result **res = ddb_xcalloc(n, sizeof *res);
    for (uint32_t k = 0; k < n; k++) {
        res[k] = find_made(s, c, k);
        DDB_CHECK(res[k] != NULL, "run %" PRIu32 " of capacity %" PRId64 " made", k, c);
    }
    *step = (ddb_plan_step){.capacity = c};
    *hopeless = false;
    for (size_t i = 0; i < n; i++)
        take_demand(step, &res[i]->report, d);
    double sum = 0.0, cost_prov = 0.0, cost_od = 0.0; /* NAN (no price) stays NAN */
    size_t worst = 0;
    for (size_t i = 0; i < n; i++) {
        const ddb_report *r = &res[i]->report;
        double rate = dir_rate(r, d);
        step->stopped_early |= r->stopped_at_ns != 0;
        sum += rate;
        step->attempts += r->total.requests[d];
        if (i == 0 || rate > step->max_rate) {
            step->max_rate = rate;
            worst = i;
        }
        bool passed = rate <= s->o->max_throttle_rate && c >= demand_floor(r, d);
        double prov = res[i]->cost.provisioned_usd[res[i]->table_class];
        double od = res[i]->cost.on_demand_usd[res[i]->table_class];
        cost_prov += prov;
        cost_od += od;
        add_run(s->out, &(ddb_plan_run){d, c, res[i]->seed, rate, passed, prov, od});
        uint64_t key_range = r->total.by_reason[d][DDB_THROTTLE_KEY_RANGE];
        if (!passed && !*hopeless && r->has_hot_key && r->hot_key_dir == d &&
            r->hot_key_offered_per_s > r->hot_key_cap_per_s && key_range > 0) {
            *hopeless = true;
            free(dim->key);
            dim->key = ddb_xstrdup(r->hot_key ? r->hot_key : "?");
            dim->key_offered_per_s = r->hot_key_offered_per_s;
            dim->key_attempted_per_s = r->hot_key_attempted_per_s;
            dim->key_cap_per_s = r->hot_key_cap_per_s;
            dim->key_range_throttles = key_range;
        }
    }
    step->mean_rate = sum / (double)n;
    step->cost_provisioned_usd = cost_prov / (double)n;
    step->cost_on_demand_usd = cost_od / (double)n;
    step->passed = step->max_rate <= s->o->max_throttle_rate && c >= step->demand_floor;
    const ddb_report *wr = &res[worst]->report;
    step->has_hot_partition = wr->has_hot_partition;
    step->hot_partition = wr->hot_partition;
    step->n_partitions = wr->n_partitions;
    free(res);

    dim->steps = ddb_xrealloc(dim->steps, (dim->n_steps + 1) * sizeof *dim->steps);
    dim->steps[dim->n_steps++] = *step;
    if (s->o->step)
        s->o->step(s->o->step_ctx, d, step);
    return 0;
}

/* Close enough: the gap is at most 1% of the answer, or 1 unit. */
static bool converged(int64_t lo, int64_t hi)
{
    int64_t tol = hi / 100;
    return hi - lo <= (tol > 1 ? tol : 1);
}

/* The midpoint search_dim's bisection tries between lo and hi. */
static int64_t midpoint(int64_t lo, int64_t hi)
{
    int64_t mid = lo + (hi - lo) / 2;
    return mid < 1 ? 1 : mid;
}

/* What the bisection of (lo, hi) tries, breadth first: its midpoint, then the midpoints of the
 * halves either result leaves, and so on; at most n. Returns how many. */
static size_t bisection_ahead(int64_t lo, int64_t hi, int64_t *out, size_t n)
{
    int64_t queue[2 * MAX_AHEAD + 2][2];
    size_t head = 0, tail = 0, got = 0;
    queue[tail][0] = lo, queue[tail++][1] = hi;
    while (head < tail && got < n) {
        int64_t l = queue[head][0], h = queue[head++][1];
        if (h <= 1 || converged(l, h))
            continue;
        int64_t mid = midpoint(l, h);
        out[got++] = mid;
        queue[tail][0] = l, queue[tail++][1] = mid;   /* mid passes */
        queue[tail][0] = mid, queue[tail++][1] = h;   /* mid fails */
    }
    return got;
}

/* What the doubling tries after c while every candidate fails: 2c, 4c, ... up to max; at most n. */
static size_t doubling_ahead(int64_t c, int64_t max, int64_t *out, size_t n)
{
    size_t got = 0;
    while (c < max && got < n) {
        c = c > max / 2 ? max : 2 * c;
        out[got++] = c;
    }
    return got;
}

static int search_dim(search *s, int64_t start, char *err, size_t errlen)
{
    ddb_plan_dim *dim = s->dim;
    ddb_plan_step step, pass = {0}, fail = {0};
    bool hopeless, has_fail = false;
    int64_t ahead[MAX_AHEAD];
    size_t n_look = workers(s->o) < MAX_AHEAD ? workers(s->o) : MAX_AHEAD, n_ahead;
    int64_t c = start < 1 ? 1 : start > dim->max_capacity ? dim->max_capacity : start;
    /* Upwards: double until the target is met. */
    for (;;) {
        n_ahead = doubling_ahead(c, dim->max_capacity, ahead, n_look);
        if (evaluate(s, c, ahead, n_ahead, &step, &hopeless, err, errlen) != 0)
            return -1;
        dim->capacity = c;
        if (step.passed && step.attempts == 0 && c > 1) {
            /* Nothing of the kind: capacity makes no difference; check the minimum. */
            c = 1;
            continue;
        }
        if (step.passed) {
            pass = step;
            break;
        }
        if (hopeless) {
            dim->verdict = DDB_PLAN_HOPELESS;
            return 0;
        }
        fail = step;
        has_fail = true;
        if (c >= dim->max_capacity) {
            dim->verdict = DDB_PLAN_UNREACHABLE;
            return 0;
        }
        c = c > dim->max_capacity / 2 ? dim->max_capacity : 2 * c;
    }
    /* Bisect between the most that failed (0 when none did) and the least that passed. */
    int64_t lo = has_fail ? fail.capacity : 0, hi = pass.capacity;
    /* Under the sustained demand fails without a run: try the demand itself first (most loads
     * that are not skewed need no more), then search above it. */
    if (pass.demand_floor - 1 > lo && pass.demand_floor < hi) {
        int64_t at = pass.demand_floor;
        n_ahead = bisection_ahead(at, hi, ahead, n_look); /* where it passes, the search ends */
        if (evaluate(s, at, ahead, n_ahead, &step, &hopeless, err, errlen) != 0)
            return -1;
        if (step.passed) {
            lo = at - 1;
            hi = at;
            pass = step;
        } else {
            if (hopeless) { /* as in the bisection below: more capacity does help here */
                free(dim->key);
                dim->key = NULL;
            }
            lo = at;
            fail = step;
            has_fail = true;
        }
    }
    while (hi > 1 && !converged(lo, hi)) {
        int64_t mid = midpoint(lo, hi);
        n_ahead = bisection_ahead(lo, hi, ahead, n_look); /* mid first, then what follows it */
        if (evaluate(s, mid, ahead, n_ahead, &step, &hopeless, err, errlen) != 0)
            return -1;
        if (step.passed) {
            hi = mid;
            pass = step;
        } else {
            if (hopeless) {
                /* Key-range throttling only below some capacity (fewer partitions): more capacity
                 * does help here, so keep searching. */
                free(dim->key);
                dim->key = NULL;
            }
            lo = mid;
            fail = step;
            has_fail = true;
        }
    }
    dim->capacity = hi;
    dim->answer = pass;
    dim->has_below = has_fail;
    dim->below = fail;
    dim->verdict = hi == 1 ? DDB_PLAN_AT_MINIMUM : DDB_PLAN_FOUND;
    return 0;
}

int ddb_plan_search(const char *text, size_t len, const char *source, const char *const *sets,
                    size_t n_sets, const ddb_plan_options *o, ddb_plan_result *out, char *err,
                    size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->seeds = o->seeds;
    out->max_throttle_rate = o->max_throttle_rate;
    if (ddb_plan_check_options(o, err, errlen) != 0)
        return -1;
    ddb_scenario base;
    if (ddb_scenario_parse(&base, text, len, source, sets, n_sets, err, errlen) != 0)
        return -1;
    int64_t start[2] = {base.rcu, base.wcu};
    /* The most the table may have: its quota, and the account's less its GSIs' capacity. */
    int64_t quota[2] = {base.quota_rcu, base.quota_wcu};
    int64_t gsis[2], account[2];
    ddb_gsi_capacity(&base, gsis);
    account[0] = base.account_quota_rcu - gsis[0];
    account[1] = base.account_quota_wcu - gsis[1];
    ddb_scenario_destroy(&base);

    /* The caller's sets, then the held value of the other dimension. */
    const char **all = ddb_xcalloc(n_sets + 1, sizeof *all);
    for (size_t i = 0; i < n_sets; i++)
        all[i] = sets[i];
    char held[48];
    int rc = 0;
    enum ddb_dir order[2] = {DDB_WRITE, DDB_READ};
    for (size_t k = 0; k < 2 && rc == 0; k++) {
        enum ddb_dir d = order[k];
        if (!(o->dims & (d == DDB_WRITE ? DDB_PLAN_WCU : DDB_PLAN_RCU)))
            continue;
        size_t n = n_sets;
        if (d == DDB_READ && out->n_dims == 1 &&
            (out->dims[0].verdict == DDB_PLAN_FOUND || out->dims[0].verdict == DDB_PLAN_AT_MINIMUM)) {
            snprintf(held, sizeof held, "table.wcu=%" PRId64, out->dims[0].capacity);
            all[n++] = held;
        }
        ddb_plan_dim *dim = &out->dims[out->n_dims++];
        dim->dir = d;
        dim->max_is_account = account[d] < quota[d];
        dim->max_capacity = dim->max_is_account ? account[d] : quota[d];
        search s = {text, len, source, all, n, o, out, dim, NULL, 0, 0};
        rc = search_dim(&s, start[d], err, errlen);
        forget_made(&s);
    }
    free(all);
    return rc;
}

void ddb_plan_result_destroy(ddb_plan_result *r)
{
    for (size_t i = 0; i < r->n_dims; i++) {
        free(r->dims[i].key);
        free(r->dims[i].steps);
    }
    free(r->runs);
    memset(r, 0, sizeof *r);
}

/* ---- on-demand ---------------------------------------------------------------------------- */

/* The scenario with sets applied, parsed, and a copy of its resolved tree to edit. */
static cJSON *resolved_copy(const char *text, size_t len, const char *source, const char *const *sets,
                            size_t n_sets, ddb_scenario *s, char *err, size_t errlen)
{
    if (ddb_scenario_parse(s, text, len, source, sets, n_sets, err, errlen) != 0)
        return NULL;
    cJSON *copy = cJSON_Duplicate(s->resolved, true);
    DDB_CHECK(copy != NULL, "copy of the resolved scenario");
    return copy;
}

static void set_member(cJSON *obj, const char *name, cJSON *value)
{
    DDB_CHECK(value != NULL, "new JSON value for %s", name);
    if (cJSON_GetObjectItemCaseSensitive(obj, name))
        cJSON_ReplaceItemInObjectCaseSensitive(obj, name, value);
    else
        cJSON_AddItemToObject(obj, name, value);
}

static char *printed(cJSON *doc)
{
    char *text = cJSON_PrintUnformatted(doc);
    DDB_CHECK(text != NULL, "print the scenario");
    cJSON_Delete(doc);
    return text;
}

char *ddb_plan_as_provisioned(const char *text, size_t len, const char *source,
                              const char *const *sets, size_t n_sets, bool *was_on_demand,
                              char *err, size_t errlen)
{
    ddb_scenario s;
    cJSON *doc = resolved_copy(text, len, source, sets, n_sets, &s, err, errlen);
    if (!doc)
        return NULL;
    *was_on_demand = s.billing == DDB_BILLING_ON_DEMAND;
    cJSON *table = cJSON_GetObjectItemCaseSensitive(doc, "table");
    if (*was_on_demand) { /* provisioned at what the on-demand table served at once */
        static const char *const on_demand_only[] = {"warm_throughput", "max_rcu", "max_wcu"};
        for (size_t i = 0; i < sizeof on_demand_only / sizeof *on_demand_only; i++)
            cJSON_DeleteItemFromObjectCaseSensitive(table, on_demand_only[i]);
        set_member(table, "billing", cJSON_CreateString("provisioned"));
        set_member(table, "rcu", cJSON_CreateNumber((double)s.warm.read_units_per_s));
        set_member(table, "wcu", cJSON_CreateNumber((double)s.warm.write_units_per_s));
        /* its indexes likewise, each at its own warm throughput */
        cJSON *gsis = cJSON_GetObjectItemCaseSensitive(table, "gsi");
        for (size_t i = 0; i < s.n_gsi; i++) {
            cJSON *g = cJSON_GetArrayItem(gsis, (int)i);
            for (size_t k = 0; k < sizeof on_demand_only / sizeof *on_demand_only; k++)
                cJSON_DeleteItemFromObjectCaseSensitive(g, on_demand_only[k]);
            set_member(g, "rcu", cJSON_CreateNumber((double)s.gsi[i].warm.read_units_per_s));
            set_member(g, "wcu", cJSON_CreateNumber((double)s.gsi[i].warm.write_units_per_s));
        }
        /* The quotas, where those rates pass them, rise to hold them: what an on-demand table
         * serves at once it may be provisioned at (the provisioned checks would refuse it). */
        int64_t warm[2] = {s.warm.read_units_per_s, s.warm.write_units_per_s};
        int64_t most[2] = {warm[0], warm[1]}, sum[2] = {warm[0], warm[1]};
        for (size_t i = 0; i < s.n_gsi; i++) {
            int64_t g[2] = {s.gsi[i].warm.read_units_per_s, s.gsi[i].warm.write_units_per_s};
            for (int d = 0; d < 2; d++) {
                most[d] = g[d] > most[d] ? g[d] : most[d];
                sum[d] += g[d];
            }
        }
        int64_t quota[2] = {s.quota_rcu, s.quota_wcu};
        int64_t account[2] = {s.account_quota_rcu, s.account_quota_wcu};
        static const char *const quota_name[2] = {"quota_rcu", "quota_wcu"};
        static const char *const account_name[2] = {"account_quota_rcu", "account_quota_wcu"};
        for (int d = 0; d < 2; d++) {
            if (most[d] > quota[d])
                set_member(table, quota_name[d], cJSON_CreateNumber((double)most[d]));
            if (sum[d] > account[d])
                set_member(table, account_name[d], cJSON_CreateNumber((double)sum[d]));
        }
    }
    ddb_scenario_destroy(&s);
    return printed(doc);
}

int ddb_plan_on_demand_verdict(const char *text, size_t len, const char *source,
                               const char *const *sets, size_t n_sets, const ddb_plan_options *o,
                               ddb_plan_on_demand *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    ddb_scenario s;
    cJSON *doc = resolved_copy(text, len, source, sets, n_sets, &s, err, errlen);
    if (!doc)
        return -1;
    if (s.billing != DDB_BILLING_ON_DEMAND) {
        cJSON *table = cJSON_GetObjectItemCaseSensitive(doc, "table");
        static const char *const provisioned_only[] = {"rcu", "wcu", "autoscaling", "capacity_changes"};
        for (size_t i = 0; i < sizeof provisioned_only / sizeof *provisioned_only; i++)
            cJSON_DeleteItemFromObjectCaseSensitive(table, provisioned_only[i]);
        set_member(table, "billing", cJSON_CreateString("on_demand"));
        /* its indexes are on-demand with it: new ones, no capacity of their own */
        cJSON *g;
        cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(table, "gsi"))
            for (size_t i = 0; i < sizeof provisioned_only / sizeof *provisioned_only; i++)
                cJSON_DeleteItemFromObjectCaseSensitive(g, provisioned_only[i]);
    }
    ddb_scenario_destroy(&s);
    char *od_text = printed(doc);
    ddb_sweep w;
    ddb_sweep_init(&w);
    ddb_run_result *res = NULL;
    int rc = ddb_sweep_add_grid(&w, od_text, strlen(od_text), source, NULL, 0, NULL, 0, o->seeds,
                                err, errlen);
    if (rc == 0) {
        res = ddb_xcalloc(w.n_runs, sizeof *res);
        rc = run_batch(o, &w, res, err, errlen);
        out->n_made = w.n_runs;
        out->n_rounds = (w.n_runs + workers(o) - 1) / workers(o);
    }
    if (rc == 0) {
        double sum[2] = {0, 0}, cost = 0;
        out->passed = true;
        for (size_t i = 0; i < w.n_runs; i++) {
            const ddb_report *r = &res[i].report;
            cost += res[i].cost.on_demand_usd[res[i].table_class];
            for (int d = 0; d < 2; d++) {
                double rate = dir_rate(r, (enum ddb_dir)d);
                sum[d] += rate;
                out->max_rate[d] = i == 0 || rate > out->max_rate[d] ? rate : out->max_rate[d];
                out->attempts[d] += r->total.requests[d];
                for (int k = 0; k < DDB_THROTTLE_REASON_COUNT; k++)
                    out->by_reason[d][k] += r->total.by_reason[d][k];
            }
        }
        for (int d = 0; d < 2; d++) {
            out->mean_rate[d] = sum[d] / (double)w.n_runs;
            bool searched = o->dims & (d == DDB_WRITE ? DDB_PLAN_WCU : DDB_PLAN_RCU);
            if (searched && out->max_rate[d] > o->max_throttle_rate)
                out->passed = false;
        }
        out->cost_on_demand_usd = cost / (double)w.n_runs;
        ddb_scenario first;
        if (ddb_scenario_parse(&first, od_text, strlen(od_text), source, NULL, 0, err, errlen) == 0) {
            out->warm_units_per_s[DDB_READ] = first.warm.read_units_per_s;
            out->warm_units_per_s[DDB_WRITE] = first.warm.write_units_per_s;
            ddb_scenario_destroy(&first);
        } else {
            rc = -1;
        }
        ddb_sweep_results_free(res, w.n_runs);
    }
    free(res);
    ddb_sweep_destroy(&w);
    free(od_text);
    return rc;
}
