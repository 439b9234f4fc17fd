/* main — dispatches to one command per file. */
#include <stdio.h>
#include <string.h>
#include "sim/cli/batch.h"
#include "sim/cli/cli.h"
#include "sim/cli/cloudwatch.h"
#include "sim/cli/plan.h"
#include "sim/support/datadir.h"

static const char usage[] =
    "ddbsim — a discrete-event simulator of Amazon DynamoDB partition throughput\n"
    "\n"
    "usage: ddbsim COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.json        simulate; write CSV time series and summary.json\n"
    "  validate SCENARIO.json   check a scenario; print it with every default filled in\n"
    "  reference                the scenario field reference (Markdown; --outputs, --json-schema)\n"
    "  plot OUTDIR              draw a run's plots with gnuplot and write OUTDIR/report.html\n"
    "  explain OUTDIR           the verdict on a run, with the numbers behind it\n"
    "  sweep SCENARIO.json      run a grid of field values (and seeds) on all cores -> sweep.csv\n"
    "  compare SCENARIO.json    one workload under several key designs (--key), side by side\n"
    "  plan SCENARIO.json       the least provisioned capacity under a throttle-rate target\n"
    "  cloudwatch OUTDIR        a run's one-minute CloudWatch metrics -> OUTDIR/cloudwatch.json\n"
    "  gen SCENARIO.json        write the scenario's request stream as a trace (-o TRACE.csv)\n"    "  check SCENARIO.json      run, and exit 3 when throttling is over --max-throttle-rate (CI gate)\n"
    "\n"
    "options: --help, --version; `ddbsim COMMAND --help` for a command's options.\n"
    "environment: DDBSIM_DATA_DIR, the data folder (plot scripts, prices, scenarios; default: the\n"
    "  source tree for a build-tree binary, else ../share/ddbsim from the executable's folder;\n"
    "  ddbsim --version names it); DDBSIM_PLOTS_DIR, the gnuplot scripts' folder (default: the data\n"
    "  folder's plots/); DDBSIM_PRICES, the price table of the cost estimates (default: the data\n"
    "  folder's scenarios/prices/us-east-1.json; a scenario's \"prices\" field overrides both).\n"
    "exit status: 0 done (throttling is a result, not an error), 1 bad input, 2 bad usage,\n"
    "  3 a target missed (check, run --fail-above).\n";

#ifdef DDBSIM_HAVE_YAML
#define HAVE_YAML "yes"
#else
#define HAVE_YAML "no (built without libyaml)"
#endif
#ifdef DDBSIM_MPI
#define HAVE_MPI "yes"
#else
#define HAVE_MPI "no (built without -DDDBSIM_MPI=ON)"
#endif

/* The version, the data folder in use and the optional features built in. */
static int print_version(void)
{
    printf("ddbsim %s\n", DDBSIM_VERSION);
    printf("data folder: %s (%s)\n", ddb_datadir(), ddb_datadir_origin());
    printf("features: YAML (--table-from): %s; MPI (sweep and plan across machines): %s\n", HAVE_YAML, HAVE_MPI);
    return DDB_EXIT_OK;
}

int main(int argc, char **argv)
{
    ddb_datadir_set_argv0(argv[0]);
    if (argc < 2) {
        fputs(usage, stderr);
        return DDB_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return DDB_EXIT_OK;
    }
    if (!strcmp(cmd, "--version"))
        return print_version();
    if (!strcmp(cmd, "run"))
        return ddb_cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "validate"))
        return ddb_cmd_validate(argc - 1, argv + 1);
    if (!strcmp(cmd, "reference"))
        return ddb_cmd_reference(argc - 1, argv + 1);
    if (!strcmp(cmd, "plot"))
        return ddb_cmd_plot(argc - 1, argv + 1);
    if (!strcmp(cmd, "explain"))
        return ddb_cmd_explain(argc - 1, argv + 1);
    if (!strcmp(cmd, "sweep"))
        return ddb_cmd_sweep(argc - 1, argv + 1);
    if (!strcmp(cmd, "compare"))
        return ddb_cmd_compare(argc - 1, argv + 1);
    if (!strcmp(cmd, "plan"))
        return ddb_cmd_plan(argc - 1, argv + 1);
    if (!strcmp(cmd, "cloudwatch"))
        return ddb_cmd_cloudwatch(argc - 1, argv + 1);
    if (!strcmp(cmd, "gen"))
        return ddb_cmd_gen(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return ddb_cmd_check(argc - 1, argv + 1);
    fprintf(stderr, "ddbsim: unknown command '%s' (expected run, validate, reference, plot, explain, sweep, compare, plan, cloudwatch, gen or check; see ddbsim --help)\n", cmd);
    return DDB_EXIT_USAGE;
}
