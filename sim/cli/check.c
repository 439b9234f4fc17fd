/* check — a throttle-rate gate for pipelines: `ddbsim check SCENARIO --max-throttle-rate RATE`,
 * and `ddbsim run ... --fail-above RATE` which it runs, exit 3 with a one-line reason when the
 * run throttles more than RATE of its attempts, so a CI job can refuse a key design or capacity
 * change (docs/ci.md). */
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/cli/cli.h"

static const char check_usage[] =
    "usage: ddbsim check SCENARIO.json --max-throttle-rate RATE [run options]\n"
    "\n"
    "Runs the scenario as ddbsim run does (same options, same outputs, in out/NAME unless -o DIR)\n"
    "and compares its throttle rate -- throttled attempts over all attempts, reads and writes --\n"
    "with RATE: for a CI job that must refuse a key design or capacity change that throttles.\n"
    "  --max-throttle-rate RATE  the target, a fraction from 0 to 1 (0.001 = 0.1%) (required)\n"
    "Same as ddbsim run SCENARIO.json --fail-above RATE [run options].\n"
    "Exit status: 0 target met, 3 target missed (one line on stderr saying by how much), 1 bad\n"
    "input, 2 bad usage.\n";

int ddb_gate_parse(const char *cmd, const char *opt, const char *text, double *rate)
{
    char *end;
    *rate = strtod(text, &end);
    if (*text == '\0' || *end != '\0' || !(*rate >= 0.0 && *rate < 1.0)) {
        fprintf(stderr, "ddbsim %s: %s: expected a fraction from 0 to 1, 1 excluded (0.001 = 0.1%%) (got '%s')\n",
                cmd, opt, text);
        return -1;
    }
    return 0;
}

int ddb_gate_apply(const ddb_report *r, double max_rate, const char *outdir)
{
    const ddb_counters *t = &r->total;
    uint64_t attempts = t->requests[0] + t->requests[1];
    uint64_t throttles = t->throttles[0] + t->throttles[1];
    double rate = attempts ? (double)throttles / (double)attempts : 0.0;
    if (rate <= max_rate)
        return DDB_EXIT_OK;
    fprintf(stderr, "ddbsim: target missed: throttle rate %.3g%% (", 100.0 * rate);
    ddb_print_count(stderr, throttles);
    fputs(" of ", stderr);
    ddb_print_count(stderr, attempts);
    fprintf(stderr, " attempts) is above the target %.3g%%; why: ddbsim explain %s\n", 100.0 * max_rate,
            outdir);
    return DDB_EXIT_GATE;
}

int ddb_cmd_check(int argc, char **argv)
{
    const char *rate = NULL;
    char **run_argv = ddb_xcalloc((size_t)argc + 3, sizeof *run_argv);
    int n = 0;
    run_argv[n++] = "run";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(check_usage, stdout);
            free(run_argv);
            return DDB_EXIT_OK;
        }
        if (!strcmp(argv[i], "--max-throttle-rate")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ddbsim check: --max-throttle-rate needs a value (see ddbsim check --help)\n");
                free(run_argv);
                return DDB_EXIT_USAGE;
            }
            rate = argv[++i];
        } else if (!strncmp(argv[i], "--max-throttle-rate=", 20)) {
            rate = argv[i] + 20;
        } else {
            run_argv[n++] = argv[i];
        }
    }
    if (!rate) {
        fprintf(stderr, "ddbsim check: --max-throttle-rate RATE is required (see ddbsim check --help)\n");
        free(run_argv);
        return DDB_EXIT_USAGE;
    }
    run_argv[n++] = "--fail-above";
    run_argv[n++] = (char *)rate; /* ddb_cmd_run does not write to its arguments */
    int status = ddb_cmd_run(n, run_argv);
    free(run_argv);
    return status;
}
