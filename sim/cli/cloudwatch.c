/* cloudwatch — a run folder's one-minute CloudWatch metrics. See cloudwatch.h. */
#include "sim/cli/cloudwatch.h"

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/cli/cli.h"
#include "sim/support/alloc.h"
#include "sim/analysis/out_cloudwatch.h"
#include "sim/output/schema.h"
#include "sim/scenario/scenario.h"

static const char cloudwatch_usage[] =
    "usage: ddbsim cloudwatch OUTDIR [--quiet]\n"
    "\n"
    "Writes OUTDIR/cloudwatch.json: the run's one-minute metrics under DynamoDB's CloudWatch names\n"
    "and statistics (ConsumedRead/WriteCapacityUnits Sum, ProvisionedRead/WriteCapacityUnits\n"
    "Average, Read/WriteThrottleEvents, ThrottledRequests, the per-reason ...ThrottleEvents), per\n"
    "table and GSI, in the JSON shape of `aws cloudwatch get-metric-data`; the run's clock starts\n"
    "at 2026-01-01T00:00:00Z.\n"
    "  -q, --quiet   print nothing on success\n";

/* cloudwatch.json written, then listed in the folder's manifest, under the folder's lock. */
static int write_listed(const char *outdir, char *err, size_t errlen)
{
    ddb_manifest_files files;
    if (ddb_manifest_read(outdir, &files, err, errlen) != 0) /* not a run folder: no lock file */
        return -1;
    size_t n = strlen(outdir) + strlen(ddb_schema_cloudwatch.file) + 2;
    char *path = ddb_xmalloc(n);
    snprintf(path, n, "%s/%s", outdir, ddb_schema_cloudwatch.file);
    bool user_file = !ddb_manifest_lists(&files, ddb_schema_cloudwatch.file) && access(path, F_OK) == 0;
    ddb_manifest_files_destroy(&files);
    int lock = ddb_stage_lock(outdir, err, errlen);
    if (lock < 0) {
        free(path);
        return -1;
    }
    const char *add[] = {ddb_schema_cloudwatch.file};
    int rc = 0;
    if (user_file) {
        snprintf(err, errlen, "%s: exists and the manifest does not list it: not replaced", path);
        rc = -1;
    }
    if (rc == 0)
        rc = ddb_cloudwatch_write(outdir, err, errlen);
    if (rc == 0)
        rc = ddb_manifest_update(outdir, NULL, 0, add, 1, err, errlen);
    close(lock);
    free(path);
    return rc;
}

int ddb_cloudwatch_after_run(const char *outdir, bool quiet)
{
    char err[DDB_ERR_MAX];
    if (write_listed(outdir, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    if (!quiet)
        printf("CloudWatch metrics: %s/cloudwatch.json\n", outdir);
    return 0;
}

int ddb_cmd_cloudwatch(int argc, char **argv)
{
    const char *dir = NULL;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            fputs(cloudwatch_usage, stdout);
            return DDB_EXIT_OK;
        }
        if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
            quiet = true;
            continue;
        }
        if (arg[0] == '-' || dir) {
            fprintf(stderr, "ddbsim cloudwatch: unexpected argument '%s' (see ddbsim cloudwatch --help)\n",
                    arg);
            return DDB_EXIT_USAGE;
        }
        dir = arg;
    }
    if (!dir) {
        fputs(cloudwatch_usage, stderr);
        return DDB_EXIT_USAGE;
    }
    return ddb_cloudwatch_after_run(dir, quiet) == 0 ? DDB_EXIT_OK : DDB_EXIT_INPUT;
}
