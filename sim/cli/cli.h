/* cli — the command-line front end: one file per command, main.c dispatches.
 * Exit status: 0 success (throttling is a result, not an error), 1 bad input, 2 bad usage. */
#ifndef DDB_CLI_H
#define DDB_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "sim/analysis/rundir.h"
#include "sim/engine/engine.h"
#include "sim/output/stage.h"
#include "sim/scenario/scenario.h"

enum { DDB_EXIT_OK = 0, DDB_EXIT_INPUT = 1, DDB_EXIT_USAGE = 2, DDB_EXIT_GATE = 3 };

int ddb_cmd_run(int argc, char **argv);
int ddb_cmd_validate(int argc, char **argv);
int ddb_cmd_reference(int argc, char **argv);
int ddb_cmd_plot(int argc, char **argv);
int ddb_cmd_explain(int argc, char **argv);
int ddb_cmd_gen(int argc, char **argv);
int ddb_cmd_check(int argc, char **argv);

/* The throttle-rate gate (check, run --fail-above; sim/cli/check.c). Parse RATE, a fraction in
 * [0, 1): 0, or -1 with a usage error on stderr naming cmd and opt. Apply it to a finished run:
 * DDB_EXIT_OK when its throttled attempts over all attempts are at most max_rate, else
 * DDB_EXIT_GATE with one line on stderr giving the rate, the target and how to see why. */
int ddb_gate_parse(const char *cmd, const char *opt, const char *text, double *rate);
int ddb_gate_apply(const ddb_report *r, double max_rate, const char *outdir);

/* After a completed run into outdir: with plot, draw its plots and write report.html, adding them
 * to its manifest (messages, gnuplot missing included, go to stderr); without, nothing
 * (publishing the run removed an earlier run's plots). Returns 0, or after SIGINT, SIGTERM or
 * SIGHUP during the plots the signal's exit status (the run stays published, no plot half-drawn). */
int ddb_plot_after_run(const char *outdir, bool plot, bool quiet);

/* Whether the plot scripts are there ($DDBSIM_PLOTS_DIR, else the data folder's plots/); false
 * with a one-line message on stderr naming the folder and the variables that point elsewhere. */
bool ddb_plot_scripts_found(void);

/* Draw OUTDIR/NAME.png and .svg with plots/NAME.gp (a plot outside a run folder's set, e.g.
 * compare's). False, with a message on stderr naming what to do, when gnuplot or the scripts are
 * missing or the script failed. */
bool ddb_plot_one(const char *outdir, const char *name);

/* The options shared by run and validate: SCENARIO.json, --set, --seed, --duration, and
 * --table-from FILE (a describe-table output or CloudFormation template: its table as a first
 * set "table=<json>", warnings on stderr; an unconvertible file exits 1). */
typedef struct ddb_scenario_args {
    const char *path;
    const char **sets;   /* "PATH=VALUE", --seed and --duration included */
    size_t n_sets;
    char **owned;        /* strings built here, freed by ddb_scenario_args_free */
    size_t n_owned;
    bool yes;            /* --yes: run a huge scenario without asking (ddb_confirm_huge) */
} ddb_scenario_args;

/* Take argv[*i] (and its value) if it is a scenario option; returns 1 if taken, 0 if not one,
 * -1 on a usage error (printed). */
int ddb_scenario_args_take(ddb_scenario_args *a, const char *cmd, int argc, char **argv, int *i);
/* The scenario's warnings (s->warnings), each line as "ddbsim: warning: LINE" on stderr. */
void ddb_print_warnings(const char *warnings);
void ddb_scenario_args_free(ddb_scenario_args *a);
/* Whether to go on with scenario s. A huge run (ddb_estimate_huge: over 10^10 requests or 10 GB
 * of CSV) is named on stderr first; then on a terminal (stdin and stderr) the user is asked, and
 * elsewhere it needs --yes (yes): without it, a one-line error and false (exit DDB_EXIT_INPUT). */
bool ddb_confirm_huge(const ddb_scenario *s, bool yes, const char *cmd);
/* The same for work projected otherwise (a sweep's, compare's or plan's runs together), named
 * `what` ("a huge sweep of 40 runs"); may_ask false: never ask, even on a terminal (an MPI rank). */
bool ddb_confirm_estimate(const ddb_estimate *p, const char *what, bool yes, bool may_ask,
                          const char *cmd);

/* Load the run folder outdir (explain, plot): true, or false with its one-line error on stderr
 * (the command then exits DDB_EXIT_INPUT). */
bool ddb_load_run_folder(ddb_rundir *r, const char *outdir);

/* A command's output folder (sim/cli/publish.c): begin installs the signal handlers
 * (sim/support/interrupt.h) and stages dir; finish, given the work's result rc, writes the
 * manifest (info; NULL: the work wrote it) and publishes when rc is 0 and no signal came, else
 * drops everything staged. Both return 0, or -1 with one line in err. */
int ddb_cli_stage_begin(ddb_stage *st, const char *dir, bool force, char *err, size_t errlen);
int ddb_cli_stage_finish(ddb_stage *st, int rc, const ddb_manifest_info *info, char *err,
                         size_t errlen);
/* A command failed: after a signal, "ddbsim CMD: interrupted by SIGINT: nothing written, DIR as it
 * was" (dir may be NULL) and 128 + the signal; else err and DDB_EXIT_INPUT. Returns the status. */
int ddb_cli_failure(const char *cmd, const char *dir, const char *err);

/* Print n with thousands separators ("1,234,567"). */
void ddb_print_count(FILE *f, unsigned long long n);
/* Print x with thousands separators and the given decimals. */
void ddb_print_number(FILE *f, double x, int decimals);

#endif
