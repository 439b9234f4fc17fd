/* sweep — many runs: a list of run specs (a scenario text and its --set overrides each), a grid
 * expanded into such a list, and a pool of threads that runs the list.
 *
 * Each run parses its own scenario and calls ddb_run, so a run gives the same report (and the
 * same files) whichever worker runs it and in whatever order; results are kept in spec order,
 * which makes a sweep's outputs independent of the number of workers. Scenarios are parsed one
 * at a time under a lock: ddb_scenario_parse is not safe to call from two threads at once (cJSON's
 * parser records its error position in a global). ddb_run is, on separate scenarios.
 *
 * The library never prints: progress goes to a callback. Further runners (MPI, a capacity search
 * that picks its next runs from the last results) take the same run specs.
 */
#ifndef DDB_SWEEP_H
#define DDB_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include "sim/engine/engine.h"
#include "sim/runs/grid.h"
#include "sim/output/cost.h"

#define DDB_SWEEP_MAX_RUNS 1000000u

typedef struct ddb_run_spec {
    const char *text;     /* the scenario's JSON text (borrowed: it must outlive the sweep) */
    size_t len;
    const char *source;   /* the file name used in messages (borrowed) */
    char **sets;          /* "PATH=VALUE" overrides as --set takes them, in order (owned) */
    size_t n_sets;
    char *outdir;         /* where the run writes its files (owned); NULL: in memory only */
    uint64_t seed;        /* the run's seed, once ddb_sweep_add_grid or ddb_sweep_check ran */
    ddb_estimate estimate; /* the run's projected work (ddb_scenario_estimate), likewise */
    /* `plan`'s capacity search: the run may stop once its throttle rate in direction stop_dir
     * is certain to end over stop_above_rate (ddb_scenario's has_stop) */
    bool has_stop;
    double stop_above_rate;
    int stop_dir;
} ddb_run_spec;

typedef struct ddb_sweep {
    ddb_run_spec *runs;
    size_t n_runs, cap;
} ddb_sweep;

void ddb_sweep_init(ddb_sweep *w);
void ddb_sweep_destroy(ddb_sweep *w);

/* Read a scenario file whole (at most 16 MiB, as ddb_scenario_load). Returns 0 with *text
 * (malloc'd, NUL-terminated; free it) and *len, or -1 with "PATH: cannot read (reason)". */
int ddb_sweep_read_file(const char *path, char **text, size_t *len, char *err, size_t errlen);

/* Append one run of text with the given overrides (copied). */
void ddb_sweep_add(ddb_sweep *w, const char *text, size_t len, const char *source,
                   const char *const *sets, size_t n_sets);

/* Append the runs of a grid: for every point of the axes' cross product (the first axis varies
 * slowest), the base sets then PATH=VALUE for each axis, run n_seeds times (n_seeds >= 1) with the
 * seeds s, s+1, ..., s+n_seeds-1, s the point's scenario's seed. Every point's scenario is parsed
 * now, so that bad input is found before anything runs. Returns 0, or -1 with one line in err and
 * nothing appended:
 *   the parser's message with the point: "s.json: table.wcu: out of range (got 0, expected an
 *     integer from 1 to 1000000) (grid point: table.wcu=0, workload.rate.rps=1000)"
 *   "--grid table.wcu: given twice (one --grid per path)"
 *   "--grid seed: vary the seed with --seeds N (from the scenario's seed, or --seed N)"
 *   "too many runs (got more than 1000000: 2000 grid points x 1000 seeds)" */
int ddb_sweep_add_grid(ddb_sweep *w, const char *text, size_t len, const char *source,
                       const char *const *base_sets, size_t n_base_sets,
                       const ddb_grid_axis *axes, size_t n_axes, uint32_t n_seeds,
                       char *err, size_t errlen);

/* Parse every run's scenario, in order, and record its seed and its projected work. Returns 0,
 * or -1 with the first run's error (the parser's one line). */
int ddb_sweep_check(ddb_sweep *w, char *err, size_t errlen);
/* The projected work of all of w's runs together (each run's estimate, as ddb_sweep_add_grid or
 * ddb_sweep_check recorded it): what a huge-run check weighs before anything runs. */
void ddb_sweep_estimate(const ddb_sweep *w, ddb_estimate *total);

/* Give run i the output folder DIR/N, N = i + 1 zero-padded to the width of n_runs ("runs/01"
 * .. "runs/12"), replacing any it had. */
void ddb_sweep_set_outdirs(ddb_sweep *w, const char *dir);

typedef struct ddb_run_result {
    ddb_report report;
    uint64_t seed;
    char *name;              /* the scenario's name (owned) */
    char *pk;                /* its partition-key template, as written (owned) */
    char **gsi_names;        /* report.gsi[i].name's copies (owned): the scenario's are gone */
    size_t partitions_used;  /* partitions that consumed any capacity, counted from the run's
                                partitions.csv; SIZE_MAX for a run without an outdir */
    enum ddb_table_class table_class; /* the scenario's, and its cost estimate (sim/output/cost.h; */
    ddb_cost cost;                    /* NAN: no price) */
} ddb_run_result;

/* Called after each run completes with the number done so far, from the worker thread that ran
 * it, one call at a time (under the pool's lock: keep it short). */
typedef void (*ddb_sweep_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct ddb_sweep_options {
    unsigned jobs;                   /* worker threads, >= 1; no more are started than runs */
    ddb_sweep_progress_fn progress;  /* may be NULL */
    void *progress_ctx;
} ddb_sweep_options;

/* Run every run of w. Fills results[0 .. w->n_runs) in spec order (free with
 * ddb_sweep_results_free). Returns 0, or -1 with one line in err — the first failed run's: an
 * output that could not be written, or a scenario that does not parse (call ddb_sweep_check first
 * to find those before anything runs); then no further run is started and results hold nothing to
 * free. */
int ddb_sweep_run(const ddb_sweep *w, const ddb_sweep_options *o, ddb_run_result *results,
                  char *err, size_t errlen);
void ddb_sweep_results_free(ddb_run_result *results, size_t n);

#endif
