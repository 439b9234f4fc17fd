/* gen — write a scenario's request stream as a trace (workloads/trace.h, format ddbsim), so that
 * it can be replayed (workload.trace), edited or compared with other tools. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/cli/cli.h"
#include "sim/engine/engine.h"
#include "sim/output/out_trace.h"
#include "sim/scenario/scenario.h"

static const char gen_usage[] =
    "usage: ddbsim gen SCENARIO.json -o TRACE.csv [--seed N] [--duration S] [--set PATH=VALUE ...]\n"
    "\n"
    "Simulates the scenario and writes every logical request it issues, one line each:\n"
    "  t_s,op,key,sort_key,item_bytes,consistency,index\n"
    "(a batch as one line per item, put or get; sort_key left empty; index \"table\"). Replay it\n"
    "with \"workload\": {\"trace\": {\"path\": \"TRACE.csv\"}}. Retries are not requests of their\n"
    "own: closed-loop callers' timing depends on the simulated responses.\n"
    "  -o, --output FILE  the trace to write (written under a temporary name, then renamed)\n"
    "  --seed, --duration, --set, --table-from, --ycsb, --yes   as for ddbsim run\n";

/* FILE, written as FILE.partial then renamed, so that a failed gen leaves no trace behind. */
static int write_trace(const ddb_scenario *s, const char *path, char *err, size_t errlen)
{
    size_t n = strlen(path) + sizeof ".partial";
    char *partial = ddb_xmalloc(n);
    snprintf(partial, n, "%s.partial", path);
    FILE *f = fopen(partial, "w");
    if (!f) {
        snprintf(err, errlen, "%s: cannot write (%s)", path, strerror(errno));
        free(partial);
        return -1;
    }
    ddb_report report;
    int rc = ddb_run_to_trace(s, f, &report, err, errlen);
    if (rc == 0)
        ddb_report_destroy(&report);
    int werr = ferror(f) ? errno : 0;
    if (fclose(f) != 0 && !werr)
        werr = errno ? errno : EIO;
    if (rc == 0 && werr) {
        snprintf(err, errlen, "%s: cannot write (%s)", path, strerror(werr));
        rc = -1;
    }
    if (rc == 0 && rename(partial, path) != 0) {
        snprintf(err, errlen, "%s: cannot write (%s)", path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        remove(partial);
    free(partial);
    return rc;
}

int ddb_cmd_gen(int argc, char **argv)
{
    ddb_scenario_args a = {0};
    const char *out = NULL;
    int status = -1;
    for (int i = 1; i < argc && status < 0; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(gen_usage, stdout);
            status = DDB_EXIT_OK;
        } else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ddbsim gen: %s needs a file (see ddbsim gen --help)\n", argv[i]);
                status = DDB_EXIT_USAGE;
            } else {
                out = argv[++i];
            }
        } else {
            int taken = ddb_scenario_args_take(&a, "gen", argc, argv, &i);
            if (taken == 0)
                fprintf(stderr, "ddbsim gen: unknown option '%s' (see ddbsim gen --help)\n", argv[i]);
            if (taken <= 0)
                status = DDB_EXIT_USAGE;
        }
    }
    if (status < 0 && (!a.path || !out)) {
        fputs(gen_usage, stderr);
        status = DDB_EXIT_USAGE;
    }
    if (status >= 0) {
        ddb_scenario_args_free(&a);
        return status;
    }
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    status = DDB_EXIT_OK;
    if (ddb_scenario_load(&s, a.path, a.sets, a.n_sets, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        status = DDB_EXIT_INPUT;
    } else {
        ddb_print_warnings(s.warnings);
        if (s.mix[DDB_OP_GSI_QUERY] > 0) {
            /* A trace's index line names the index's partition key value; a drawn gsi_query
             * knows only the item it reads, not that value as text. */
            fprintf(stderr, "%s: workload.mix.gsi_query: drawn reads on a global secondary index "
                    "cannot be written to a trace (ddbsim does not keep index key values as text; "
                    "expected no gsi_query in the mix: write index lines from your own logs)\n",
                    a.path);
            status = DDB_EXIT_INPUT;
        } else if (!ddb_confirm_huge(&s, a.yes, "gen")) {
            status = DDB_EXIT_INPUT;
        } else if (write_trace(&s, out, err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            status = DDB_EXIT_INPUT;
        }
        ddb_scenario_destroy(&s);
    }
    ddb_scenario_args_free(&a);
    return status;
}
