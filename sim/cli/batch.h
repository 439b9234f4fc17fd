/* batch — the commands that run many simulations (sweep, compare) and what they share: -j, the
 * scenario file read once, progress on stderr. Exit statuses as in cli.h. */
#ifndef DDB_CLI_BATCH_H
#define DDB_CLI_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim/runs/sweep.h"

int ddb_cmd_sweep(int argc, char **argv);
int ddb_cmd_compare(int argc, char **argv);

/* The default for -j: the processors online, at least 1. */
unsigned ddb_batch_default_jobs(void);
/* Parse the value of -j ("1" .. "1024"). Returns 0, or -1 after printing a usage error. */
int ddb_batch_parse_jobs(const char *cmd, const char *value, unsigned *jobs);

/* Whether argv's arg is option opt: "-x", "--name" or (long options) "--name=VALUE". */
bool ddb_batch_is_opt(const char *arg, const char *opt);
/* The value of option opt at argv[*i] ("--name=VALUE", or the next argument, then *i moves on);
 * NULL after printing "ddbsim CMD: OPT needs a value". */
const char *ddb_batch_value(const char *cmd, const char *opt, int argc, char **argv, int *i);
/* The options every batch command has: -j N / --jobs N / -jN, -o DIR / --output DIR and --force
 * (write into a DIR holding files no manifest lists, beside them: sim/output/stage.h).
 * Returns 1 when argv[*i] was one (taken), 0 when not, -1 after printing a usage error. */
int ddb_batch_take_common(const char *cmd, int argc, char **argv, int *i, unsigned *jobs,
                          const char **outdir, bool *force);
/* --seeds: an integer from 1 to max. Returns 0, or -1 after printing a usage error. */
int ddb_batch_parse_seeds(const char *cmd, const char *value, long max, uint32_t *seeds);

/* Progress on stderr ("\r  12/60 runs  0:05 elapsed  about 0:20 left"), for ddb_sweep_options. */
typedef struct ddb_batch_progress {
    double started_s, last_s;
    bool shown;
} ddb_batch_progress;
/* Start; false when progress is not to be shown (quiet, or stderr is not a terminal). */
bool ddb_batch_progress_start(ddb_batch_progress *p, bool quiet);
void ddb_batch_progress_show(void *ctx, size_t done, size_t total);
/* End the progress line, if one was shown. */
void ddb_batch_progress_end(ddb_batch_progress *p);
/* Seconds since p started. */
double ddb_batch_elapsed_s(const ddb_batch_progress *p);

/* Whether to go on with the runs of w (ddb_confirm_estimate on their projected work together,
 * named "a huge NOUN of N runs"); files false: the runs write no files (no CSV is projected). */
bool ddb_batch_confirm(const ddb_sweep *w, const char *noun, bool files, bool yes, bool may_ask,
                       const char *cmd);

#endif
