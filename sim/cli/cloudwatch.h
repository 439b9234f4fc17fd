/* cloudwatch — `ddbsim cloudwatch OUTDIR` and `ddbsim run --cloudwatch`: a run's one-minute
 * CloudWatch metrics as OUTDIR/cloudwatch.json (sim/analysis/out_cloudwatch.h). */
#ifndef DDB_CLI_CLOUDWATCH_H
#define DDB_CLI_CLOUDWATCH_H

#include <stdbool.h>

int ddb_cmd_cloudwatch(int argc, char **argv);

/* After a completed run into outdir: write outdir/cloudwatch.json. Returns 0, or -1 after printing
 * one line on stderr. */
int ddb_cloudwatch_after_run(const char *outdir, bool quiet);

#endif
