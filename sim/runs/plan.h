/* plan — capacity search: the least provisioned capacity (table.wcu and/or table.rcu) that keeps
 * throttling at or under a target rate, found by bisection over runs with several seeds.
 *
 * For one dimension (WCU or RCU) the search:
 *   1. runs the scenario's own value (after the caller's --set overrides); while it throttles more
 *      than the target, doubles it (capped at the table's quota for the dimension, quota_rcu or
 *      quota_wcu, or at the account's quota less the GSIs' capacity: AWS refuses more) until it
 *      does not;
 *      (a workload with no requests of the kind needs no more than 1 unit: that is the answer);
 *   2. bisects between the most that failed (or 0, when the scenario's value already passed) and
 *      the least that passed, until they are within 1% of the answer (or 1 unit).
 * A candidate passes when every seed's run is at or under the target (the max over seeds is what
 * is compared; the mean is reported too) and it is at least the sustained demand (demand_floor:
 * what the application asked, first attempts only, plus 3 standard errors): the one second of
 * capacity a new table starts with can hide a shortfall in a short run, never decide the answer. The rate is that direction's: throttled attempts of the
 * direction / attempts of the direction (0 when there are none: then 1 unit is the answer).
 * The seeds of a candidate are S, S+1, ..., S+N-1 (S the scenario's seed) and run in parallel with
 * the sweep runner (sim/runs/sweep.h). With more workers than a candidate has runs left, the
 * workers' last round is filled with the runs of the candidates the search would try next, in the
 * order it would try them: the doublings above while it is bracketing, the midpoints of both
 * halves (breadth first) while it is bisecting. Those runs are kept and taken only when the
 * search reaches their candidate; the search itself stays the sequential one above, so its answer,
 * its steps and its runs are the same whatever the number of workers or MPI ranks (a run's result
 * depends only on its scenario and seed). Runs looked ahead that the search does not reach are
 * spent CPU time, never an output.
 *
 * Capacity also sets the partition count at creation (the partition formula), so more capacity
 * also means more partitions; the search assumes that throttling does not grow with capacity.
 *
 * It stops instead of searching when more capacity cannot help: a failing run whose hottest key,
 * in the searched direction, offers more than its partition's hard cap (3,000 RCU/s, 1,000 WCU/s)
 * and was throttled for the key range. The key and its numbers are in the result.
 *
 * For both dimensions, WCU is searched first with RCU held at the scenario's value, then RCU with
 * WCU held at the WCU found (or the scenario's, when no WCU was found).
 *
 * Each candidate carries the cost estimates (provisioned, and on-demand for what its runs consumed).
 * The on-demand verdict (ddb_plan_on_demand_verdict) is separate: no capacity to search there,
 * only whether a new on-demand table keeps the throttle rate under the target.
 * The library never prints: progress goes to a callback.
 */
#ifndef DDB_PLAN_H
#define DDB_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim/model/table.h"
#include "sim/runs/sweep.h"

enum ddb_plan_for { DDB_PLAN_WCU = 1, DDB_PLAN_RCU = 2, DDB_PLAN_BOTH = 3 };

enum ddb_plan_verdict {
    DDB_PLAN_FOUND = 0,     /* the least capacity under the target, in capacity */
    DDB_PLAN_AT_MINIMUM,    /* already under the target at 1 unit (e.g. no requests of the kind) */
    DDB_PLAN_HOPELESS,      /* a single key over its partition's hard cap: capacity cannot help */
    DDB_PLAN_UNREACHABLE    /* still over the target at the table's quota (max_capacity) */
};

struct ddb_plan_step;

typedef struct ddb_plan_options {
    double max_throttle_rate;   /* the target, 0 <= x < 1 */
    enum ddb_plan_for dims;
    uint32_t seeds;             /* runs per candidate, >= 1 */
    unsigned jobs;              /* worker threads, >= 1 */
    /* What makes a batch of runs: NULL is ddb_sweep_run on jobs threads; another runner (MPI's)
     * must fill results as it does, on every caller, so that each takes the same next step. */
    int (*run)(const ddb_sweep *w, const ddb_sweep_options *so, ddb_run_result *results,
               char *err, size_t errlen);
    unsigned workers;           /* runs the runner makes at once; 0: jobs */
    /* Called after each candidate with its step (may be NULL). */
    void (*step)(void *ctx, enum ddb_dir d, const struct ddb_plan_step *s);
    void *step_ctx;
} ddb_plan_options;

/* One run of a candidate: a row of plan.csv. */
typedef struct ddb_plan_run {
    enum ddb_dir dir;
    int64_t capacity;
    uint64_t seed;
    double throttle_rate;
    bool passed;
    double cost_provisioned_usd, cost_on_demand_usd; /* per month, sim/output/cost.h; NAN: no price */
} ddb_plan_run;

/* One candidate capacity, over its seeds. */
typedef struct ddb_plan_step {
    int64_t capacity;
    double max_rate, mean_rate;
    bool passed;                /* max_rate within the target and capacity >= demand_floor */
    bool stopped_early;         /* a seed's run stopped once certain to end over the target
                                   (sim/engine/stop.c): its rate is the rate up to its stop, and
                                   the final one at least as high */
    uint64_t attempts;          /* attempts of the searched kind, over the seeds, retries included */
    uint64_t requests;          /* of them first attempts (the application's), over the seeds */
    /* The sustained demand: what the application asked of the table in the searched direction,
     * first attempts only, units per second over the run; the most over the seeds. */
    double demand_per_s;
    /* The least capacity that can pass: the most over the seeds of the demand plus 3 standard
     * errors of its measurement (arrivals are random: sqrt(mean units per request x demand /
     * duration)), rounded up. A capacity under it fails whatever its runs' throttle rate: once
     * the start-up credit (a new table's one second of capacity) is spent it would throttle. */
    int64_t demand_floor;
    double duration_s;          /* of each run */
    bool has_hot_partition;     /* of the seed with the highest rate */
    size_t hot_partition;
    size_t n_partitions;
    /* Mean over the seeds of the monthly cost estimate (sim/output/cost.h) for the scenario's table
     * class: provisioned at this capacity, and on demand for what the runs consumed. NAN: no price. */
    double cost_provisioned_usd, cost_on_demand_usd;
} ddb_plan_step;

/* The search of one dimension. */
typedef struct ddb_plan_dim {
    enum ddb_dir dir;
    enum ddb_plan_verdict verdict;
    int64_t max_capacity;       /* the most the search tries: the table's quota_rcu / quota_wcu,
                                   or the account's quota less the GSIs' capacity when smaller */
    bool max_is_account;        /* max_capacity is the account's quota less the GSIs' */
    int64_t capacity;           /* FOUND / AT_MINIMUM: the answer; else the last tried */
    ddb_plan_step answer;       /* the step at capacity (FOUND, AT_MINIMUM) */
    bool has_below;             /* FOUND: the most that failed */
    ddb_plan_step below;
    /* HOPELESS: the key, what it asked and what its partition allows, per second */
    char *key;                  /* owned */
    double key_offered_per_s;   /* what the application asked: first attempts */
    double key_attempted_per_s; /* what its attempts asked, retries included */
    double key_cap_per_s;
    uint64_t key_range_throttles;
    ddb_plan_step *steps;       /* every candidate, in the order tried (owned) */
    size_t n_steps;
} ddb_plan_dim;

typedef struct ddb_plan_result {
    ddb_plan_dim dims[2];       /* in search order: WCU then RCU */
    size_t n_dims;
    ddb_plan_run *runs;         /* every run, in the order made (owned) */
    size_t n_runs, cap_runs;
    uint32_t seeds;
    double max_throttle_rate;
    /* The work behind it: runs made (n_runs and those made ahead in vain) and rounds of the
     * workers (a batch of n runs on w workers is ceil(n / w) rounds): with runs of about the same
     * length, the wall time is about rounds x a run's. These depend on the workers. */
    size_t n_made, n_rounds;
} ddb_plan_result;

/* The on-demand verdict: the same workload on an on-demand table (the scenario's own when it is
 * on-demand; else its table with billing "on_demand", provisioned capacity and auto scaling
 * removed, so that it starts at a new table's warm throughput), over the same seeds. */
typedef struct ddb_plan_on_demand {
    double max_rate[2], mean_rate[2];   /* per direction, over the seeds */
    uint64_t attempts[2];
    uint64_t by_reason[2][DDB_THROTTLE_REASON_COUNT]; /* throttles by reason, summed over seeds */
    int64_t warm_units_per_s[2];        /* what it served at once */
    bool passed;                        /* every searched direction at or under the target */
    double cost_on_demand_usd;          /* mean monthly estimate; NAN: no price */
    size_t n_made, n_rounds;            /* as in ddb_plan_result */
} ddb_plan_on_demand;

/* Check the options. Returns 0, or -1 with one line in err, e.g.
 *   "--max-throttle-rate: expected a number from 0 to 1 (got 1.5)" */
int ddb_plan_check_options(const ddb_plan_options *o, char *err, size_t errlen);

/* Search. text/len/source: the scenario; sets: the caller's overrides (applied before the
 * candidate's). Returns 0 and fills *out (free with ddb_plan_result_destroy, whatever is returned),
 * or -1 with one line in err: bad options, a scenario that does not parse, a run that failed. */
int ddb_plan_search(const char *text, size_t len, const char *source, const char *const *sets,
                    size_t n_sets, const ddb_plan_options *o, ddb_plan_result *out, char *err,
                    size_t errlen);
void ddb_plan_result_destroy(ddb_plan_result *r);

/* Run the on-demand verdict for the directions in o->dims. Returns 0 and fills *out, or -1 with
 * one line in err. */
int ddb_plan_on_demand_verdict(const char *text, size_t len, const char *source,
                               const char *const *sets, size_t n_sets, const ddb_plan_options *o,
                               ddb_plan_on_demand *out, char *err, size_t errlen);
/* The scenario (with sets applied) as a provisioned one, for the capacity search: an on-demand
 * table becomes provisioned at its warm throughput, its on-demand fields removed. Returns the
 * JSON text (free it), or NULL with err. *was_on_demand says whether it was. */
char *ddb_plan_as_provisioned(const char *text, size_t len, const char *source,
                              const char *const *sets, size_t n_sets, bool *was_on_demand,
                              char *err, size_t errlen);

/* The most throttling the start-up credit (one second of capacity) could hide in a run of the
 * answer, as a fraction of its demand: capacity / (demand_per_s x duration_s); 0 without demand.
 * When it passes the target the run is too short for the answer to hold. */
double ddb_plan_credit_share(const ddb_plan_step *s);
/* The shortest run for which it would not: capacity / (demand x target), rounded up to a second;
 * 0 when the target is 0 (no run is long enough) or there is no demand. */
int64_t ddb_plan_long_enough_s(const ddb_plan_step *s, double max_throttle_rate);

/* "WCU" or "RCU". */
const char *ddb_plan_unit(enum ddb_dir d);

#endif
