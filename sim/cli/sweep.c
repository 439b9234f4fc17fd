/* sweep — run a scenario over a grid of field values (and seeds) on all cores; one row per run
 * in DIR/sweep.csv. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/cli/batch.h"
#include "sim/cli/cli.h"
#include "sim/runs/grid.h"
#include "sim/output/out_file.h"
#include "sim/output/schema.h"
#include "sim/runs/out_sweep.h"
#include "sim/scenario/scenario.h"
#include "sim/runs/sweep.h"
#include "sim/support/interrupt.h"
#ifdef DDBSIM_MPI
#include "sim/cli/mpi/sweep_mpi.h"
#endif

static const char sweep_usage[] =
    "usage: ddbsim sweep SCENARIO.json --grid PATH=VALUES [--grid ...] [--seeds N] [-j JOBS]\n"
    "                    [--set PATH=VALUE ...] [--seed N] [--duration S] [--keep-runs] [--quiet]\n"
    "                    -o DIR\n"
    "\n"
    "Runs the scenario for every combination of the grid's values, each with N seeds, and writes\n"
    "one row per run to DIR/sweep.csv: the grid values, seed, logical_requests, attempts,\n"
    "throttles, throttle_rate, throttle_rate_<AWS reason> for each reason, failed, latency_p99_ms,\n"
    "hottest_partition_utilization, hottest_key, partitions. Rows are in grid order (the first\n"
    "--grid varies slowest), then seed; the file is the same whatever JOBS is.\n"
    "  --grid PATH=VALUES  a scenario field (as --set names it) and its values: a list\n"
    "                      (table.wcu=1000,2000,4000; JSON as --set takes it: 'workload.mix={\"put\":1},\n"
    "                      {\"get\":1}') or range(FROM,TO,STEP), TO included when it falls on the step\n"
    "                      (workload.rate.rps=range(1000,20000,1000): 1000, 2000, ..., 20000)\n"
    "  --seeds N          run each grid point with seeds S, S+1, ..., S+N-1, S the scenario's seed\n"
    "                     (default 1)\n"
    "  -j, --jobs JOBS    runs at once, one thread each (default: the processors online)\n"
    "  --set, --seed, --duration   as for ddbsim run, applied to every run before the grid's values\n"
    "  -y, --yes          go on with a huge sweep (its runs together over 10^10 requests or, with\n"
    "                     --keep-runs, 10 GB of CSV); off a terminal it is refused without --yes\n"
    "  --keep-runs        also keep each run's output folder, DIR/runs/N for the Nth row\n"
    "  -o, --output DIR   where to write sweep.csv and manifest.json (required)\n"
    "  --force            write into a DIR holding files no ddbsim manifest lists, beside them\n"
    "  -q, --quiet        no progress, nothing on stdout\n"
    "Progress (runs done, elapsed, time left) goes to stderr when it is a terminal.\n"
#ifdef DDBSIM_MPI
    "Under mpirun (mpirun -n N ddbsim sweep ...), every rank runs its share of the runs, one\n"
    "simulation at a time (-j is not used), and rank 0 writes sweep.csv, the same bytes;\n"
    "--keep-runs folders are written by the rank that ran them (DIR on a shared filesystem).\n"
#endif
    "Exit status: 0 done, 1 bad input (checked for every run before any starts; nothing is\n"
    "written), 2 bad usage.\n";

typedef struct sweep_args {
    ddb_scenario_args sc;
    const char **grids;
    size_t n_grids;
    uint32_t seeds;
    unsigned jobs;
    const char *outdir;
    bool force;
    bool keep_runs, quiet;
} sweep_args;




/* One option at argv[*i]: 1 taken, 0 not ours, -1 usage error (printed), 2 --help. */
static int take_option(sweep_args *a, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *v;
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
        return 2;
    if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet"))
        return a->quiet = true, 1;
    if (!strcmp(arg, "--keep-runs"))
        return a->keep_runs = true, 1;
    if (ddb_batch_is_opt(arg, "--grid")) {
        if (!(v = ddb_batch_value("sweep", "--grid", argc, argv, i)))
            return -1;
        if (!strchr(v, '=')) {
            fprintf(stderr, "ddbsim sweep: --grid %s: expected PATH=VALUES (e.g. table.wcu=1000,2000)\n", v);
            return -1;
        }
        a->grids = ddb_xrealloc(a->grids, (a->n_grids + 1) * sizeof *a->grids);
        a->grids[a->n_grids++] = v;
        return 1;
    }
    if (ddb_batch_is_opt(arg, "--seeds"))
        return (v = ddb_batch_value("sweep", "--seeds", argc, argv, i)) &&
                       ddb_batch_parse_seeds("sweep", v, (long)DDB_SWEEP_MAX_RUNS, &a->seeds) == 0
                   ? 1
                   : -1;
    int common = ddb_batch_take_common("sweep", argc, argv, i, &a->jobs, &a->outdir, &a->force);
    if (common != 0)
        return common;
    return ddb_scenario_args_take(&a->sc, "sweep", argc, argv, i);
}

/* Returns -1 to go on, else the exit status. */
static int parse_args(sweep_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int taken = take_option(a, argc, argv, &i);
        if (taken == 2) {
            fputs(sweep_usage, stdout);
            return DDB_EXIT_OK;
        }
        if (taken < 0)
            return DDB_EXIT_USAGE;
        if (taken == 0) {
            fprintf(stderr, "ddbsim sweep: unknown option '%s' (see ddbsim sweep --help)\n", argv[i]);
            return DDB_EXIT_USAGE;
        }
    }
    if (!a->sc.path || !a->outdir) {
        if (a->sc.path)
            fprintf(stderr, "ddbsim sweep: -o DIR is required (see ddbsim sweep --help)\n");
        else
            fputs(sweep_usage, stderr);
        return DDB_EXIT_USAGE;
    }
    if (a->n_grids == 0 && a->seeds == 1) {
        fprintf(stderr, "ddbsim sweep: nothing to sweep: give a --grid PATH=VALUES or --seeds N "
                "(see ddbsim sweep --help)\n");
        return DDB_EXIT_USAGE;
    }
    return -1;
}

typedef struct sweep_state {
    char *text;
    size_t len;
    ddb_grid_axis *axes;
    size_t n_axes;
    ddb_sweep w;
    ddb_run_result *results;
    ddb_stage stage;      /* the output folder, staged (rank 0's under mpirun) */
    char *tmp;            /* its staging folder */
} sweep_state;

/* Read, parse and expand everything; nothing runs or is written yet. */
static int plan(sweep_state *st, const sweep_args *a, char *err, size_t errlen)
{
    if (ddb_sweep_read_file(a->sc.path, &st->text, &st->len, err, errlen) != 0)
        return -1;
    ddb_scenario base;
    if (ddb_scenario_parse(&base, st->text, st->len, a->sc.path, a->sc.sets, a->sc.n_sets, err,
                           errlen) != 0)
        return -1;
    ddb_scenario_destroy(&base);
    st->axes = ddb_xcalloc(a->n_grids ? a->n_grids : 1, sizeof *st->axes);
    for (; st->n_axes < a->n_grids; st->n_axes++)
        if (ddb_grid_axis_parse(&st->axes[st->n_axes], a->grids[st->n_axes], err, errlen) != 0)
            return -1;
    return ddb_sweep_add_grid(&st->w, st->text, st->len, a->sc.path, a->sc.sets, a->sc.n_sets,
                              st->axes, st->n_axes, a->seeds, err, errlen);
}

/* Stage the output folder (rank 0 under mpirun; the others learn its staging folder's name). */
static int stage(sweep_state *st, const sweep_args *a, char *err, size_t errlen)
{
#ifdef DDBSIM_MPI
    ddb_interrupt_install(); /* every rank stops its run on a signal */
    if (ddb_mpi_stage_begin(&st->stage, a->outdir, a->force, &st->tmp, err, errlen) != 0)
        return -1;
#else
    if (ddb_cli_stage_begin(&st->stage, a->outdir, a->force, err, errlen) != 0)
        return -1;
    st->tmp = ddb_xstrdup(st->stage.tmp);
#endif
    if (a->keep_runs) {
        size_t n = strlen(st->tmp) + sizeof "/runs";
        char *runs = ddb_xmalloc(n);
        snprintf(runs, n, "%s/runs", st->tmp);
        ddb_sweep_set_outdirs(&st->w, runs);
        free(runs);
    }
    return 0;
}

static int write_csv(sweep_state *st, const sweep_args *a, char *err, size_t errlen)
{
    ddb_outfile csv;
    if (ddb_outfile_open(&csv, st->tmp, ddb_schema_sweep.file, err, errlen) != 0)
        return -1;
    ddb_sweep_csv_write(csv.f, st->axes, st->n_axes, a->seeds, st->results, st->w.n_runs);
    return ddb_outfile_commit(&csv, err, errlen);
}

static int execute(sweep_state *st, const sweep_args *a, char *err, size_t errlen)
{
    if (stage(st, a, err, errlen) != 0)
        return -1;
#ifdef DDBSIM_MPI
    bool writer = ddb_mpi_rank() == 0;
#else
    bool writer = true;
#endif
    ddb_batch_progress p;
    bool show = ddb_batch_progress_start(&p, a->quiet);
    ddb_sweep_options opt = {a->jobs, show ? ddb_batch_progress_show : NULL, &p};
    st->results = ddb_xcalloc(st->w.n_runs, sizeof *st->results);
#ifdef DDBSIM_MPI
    if (ddb_mpi_size() > 1)
        opt.jobs = (unsigned)ddb_mpi_size(); /* every rank simulates, for the summary line */
    int rc = ddb_mpi_sweep_run(&st->w, &opt, st->results, err, errlen);
#else
    int rc = ddb_sweep_run(&st->w, &opt, st->results, err, errlen);
#endif
    ddb_batch_progress_end(&p);
    if (rc != 0) { /* the completed runs' results were freed by the sweep */
        free(st->results);
        st->results = NULL;
    }
    if (!writer)
        return rc;
    if (rc == 0)
        rc = write_csv(st, a, err, errlen);
    ddb_manifest_info info = {"sweep", NULL, a->sc.path, false, 0};
    if (ddb_cli_stage_finish(&st->stage, rc, &info, err, errlen) != 0)
        return -1;
    if (!a->quiet)
        printf("%zu runs in %.1f s (%u at a time): %s/sweep.csv%s\n", st->w.n_runs,
               ddb_batch_elapsed_s(&p), opt.jobs < st->w.n_runs ? opt.jobs : (unsigned)st->w.n_runs,
               a->outdir, a->keep_runs ? ", each run's outputs in runs/" : "");
    return 0;
}

static void state_free(sweep_state *st)
{
    ddb_stage_abort(&st->stage); /* a no-op once published or dropped */
    free(st->tmp);
    if (st->results)
        ddb_sweep_results_free(st->results, st->w.n_runs);
    free(st->results);
    ddb_sweep_destroy(&st->w);
    for (size_t i = 0; i < st->n_axes; i++)
        ddb_grid_axis_destroy(&st->axes[i]);
    free(st->axes);
    free(st->text);
}

int ddb_cmd_sweep(int argc, char **argv)
{
#ifdef DDBSIM_MPI
    ddb_mpi_begin(); /* under mpirun; only rank 0 prints from here on */
#endif
    sweep_args a = {.seeds = 1, .jobs = ddb_batch_default_jobs()};
    int status = parse_args(&a, argc, argv);
    if (status < 0) {
        sweep_state st = {0};
        ddb_sweep_init(&st.w);
        char err[DDB_ERR_MAX];
        bool planned = plan(&st, &a, err, sizeof err) == 0;
#ifdef DDBSIM_MPI
        /* Every rank expands the same grid: agree before anything runs. */
        if (ddb_mpi_any_failed(!planned) && planned) {
            planned = false;
            snprintf(err, sizeof err, "ddbsim sweep: bad input on another MPI rank (is %s on a "
                     "shared filesystem?)", a.sc.path);
        }
#endif
        bool may_ask = true;
#ifdef DDBSIM_MPI
        may_ask = ddb_mpi_size() == 1; /* every rank decides alike: none asks */
#endif
        if (planned && !ddb_batch_confirm(&st.w, "sweep", a.keep_runs, a.sc.yes, may_ask, "sweep"))
            status = DDB_EXIT_INPUT; /* said why; nothing written */
        else if (planned && execute(&st, &a, err, sizeof err) == 0)
            status = DDB_EXIT_OK;
        else
            status = ddb_cli_failure("sweep", planned ? a.outdir : NULL, err);
        state_free(&st);
    }
    free(a.grids);
    ddb_scenario_args_free(&a.sc);
#ifdef DDBSIM_MPI
    status = ddb_mpi_end(status);
#endif
    return status;
}
