/* gen — write a scenario's request stream as a trace (workloads/trace.h, format ddbsim), so that
 * it can be replayed (workload.trace), edited or compared with other tools. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/interrupt.h"
#include "sim/cli/cli.h"
#include "sim/engine/engine.h"
#include "sim/output/out_file.h"
#include "sim/output/out_trace.h"
#include "sim/scenario/scenario.h"

static const char gen_usage[] =
    "usage: ddbsim gen SCENARIO.json -o TRACE.csv [--seed N] [--duration S] [--set PATH=VALUE ...]\n"
    "\n"
    "Simulates the scenario and writes every logical request it issues, one line each:\n"
    "  t_s,op,key,sort_key,item_bytes,consistency,index\n"
    "(a batch as one line per item, put or get; a transaction one line per item, transact_write\n"
    "or transact_get, replayed as single transactional items; a read of a random {shard:N} key one\n"
    "line per shard; sort_key left empty; index \"table\"). Replay it\n"
    "with \"workload\": {\"trace\": {\"path\": \"TRACE.csv\"}}. Retries are not requests of their\n"
    "own: closed-loop callers' timing depends on the simulated responses.\n"
    "  -o, --output FILE  the trace to write (written under a hidden temporary name, then renamed)\n"
    "  --seed, --duration, --set, --table-from, --ycsb, --yes   as for ddbsim run\n";

/* FILE, written under a hidden unguessable name beside it (sim/output/out_file.h) then renamed,
 * so that a failed or interrupted gen leaves no trace behind. */
static int write_trace(const ddb_scenario *s, const char *path, char *err, size_t errlen)
{
    char *copy = ddb_xstrdup(path);
    char *slash = strrchr(copy, '/');
    const char *dir = slash ? (slash == copy ? "/" : copy) : ".";
    const char *name = slash ? slash + 1 : copy;
    if (slash)
        *slash = '\0';
    ddb_outfile o;
    int rc = *name ? ddb_outfile_open(&o, dir, name, err, errlen) : -1;
    if (!*name)
        snprintf(err, errlen, "%s: expected a file name, not a folder", path);
    if (rc == 0) {
        ddb_report report;
        rc = ddb_run_to_trace(s, o.f, &report, err, errlen);
        if (rc == 0)
            ddb_report_destroy(&report);
        if (rc == 0 && ddb_interrupt_signal()) {
            snprintf(err, errlen, "interrupted by %s", ddb_interrupt_name());
            rc = -1;
        }
        if (rc == 0)
            rc = ddb_outfile_commit(&o, err, errlen);
        else
            ddb_outfile_abort(&o);
    }
    free(copy);
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
        } else {
            ddb_interrupt_install();
            if (write_trace(&s, out, err, sizeof err) != 0)
                status = ddb_cli_failure("gen", out, err);
        }
        ddb_scenario_destroy(&s);
    }
    ddb_scenario_args_free(&a);
    return status;
}
