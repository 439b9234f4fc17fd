/* batch — the commands that run many simulations (sweep, compare) and what they share: -j, the
 * scenario file read once, progress on stderr. Exit statuses as in cli.h. */
#ifndef DDB_CLI_BATCH_H
#define DDB_CLI_BATCH_H

#include <stdbool.h>
#include <stddef.h>

int ddb_cmd_sweep(int argc, char **argv);
int ddb_cmd_compare(int argc, char **argv);

/* The default for -j: the processors online, at least 1. */
unsigned ddb_batch_default_jobs(void);
/* Parse the value of -j ("1" .. "1024"). Returns 0, or -1 after printing a usage error. */
int ddb_batch_parse_jobs(const char *cmd, const char *value, unsigned *jobs);

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

#endif
