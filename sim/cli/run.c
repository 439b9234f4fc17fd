/* run — simulate a scenario, write the outputs, tell the user what happened in words. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "sim/support/alloc.h"
#include "sim/cli/cli.h"
#include "sim/cli/cloudwatch.h"
#include "sim/engine/engine.h"
#include "sim/analysis/rundir.h"
#include "sim/analysis/verdict.h"
#include "sim/output/headline.h"
#include "sim/output/run_files.h"
#include "sim/output/schema.h"

#include "sim/scenario/scenario.h"

static const char run_usage[] =
    "usage: ddbsim run SCENARIO.json [-o OUTDIR] [--seed N] [--duration S] [--ycsb FILE]\n"
    "                  [--set PATH=VALUE ...] [--plot] [--cloudwatch] [--fail-above RATE] [--force]\n"
    "                  [--exact | --aggregated] [--quiet] [--yes]\n"
    "\n"
    "Simulates the scenario and writes OUTDIR/timeseries.csv, partitions.csv, keys.csv and\n"
    "summary.json, manifest.json last (default OUTDIR: out/NAME, NAME the scenario's name made a\n"
    "safe folder name). A summary in words goes to stdout, a progress line to stderr when it is a\n"
    "terminal. The outputs appear together when the run completes; a rerun replaces the earlier\n"
    "run's files; a folder holding files no ddbsim manifest lists is refused.\n"
    "  -o, --output DIR   where to write the outputs\n"
    "  --force            write into a folder holding other files, beside them (never replacing\n"
    "                     or removing them)\n"
    "  --seed N           same as --set seed=N\n"
    "  --duration S       same as --set duration_s=S\n"
    "  --aggregated       traffic no limit can refuse as counts, the rest one by one: much faster on\n"
    "                     large workloads (docs/model.md, \"Aggregated mode\"); same as --set\n"
    "                     simulation=aggregated. --exact: every request one by one (the default)\n"
    "  --ycsb FILE        a YCSB workload file (workloads/ycsb/workloada ...): same as\n"
    "                     --set workload.ycsb=FILE\n"
    "  --table-from FILE[#NAME]  fill table from `aws dynamodb describe-table` output, a\n"
    "                     CloudFormation template (JSON or YAML; Table or GlobalTable, with its auto\n"
    "                     scaling), a NoSQL Workbench model or `terraform show -json` state; #NAME\n"
    "                     picks one of several tables; what it cannot use is named in warnings\n"
    "  --set PATH=VALUE   override any scenario field by its JSON path, e.g. --set table.wcu=2000,\n"
    "                     --set 'workload.mix={\"put\":1}' (VALUE is JSON when it parses, else a string)\n"
    "  --plot             then draw the plots and OUTDIR/report.html, as ddbsim plot OUTDIR does\n"
    "                     (without gnuplot: a message, and the exit status is still 0; without\n"
    "                     the plot scripts: a message and exit status 1, before simulating)\n"
    "  --cloudwatch       then write OUTDIR/cloudwatch.json, as ddbsim cloudwatch OUTDIR does\n"
    "  --fail-above RATE  exit status 3, with one line saying by how much, when more than RATE of\n"
    "                     the attempts were throttled (a CI gate; ddbsim check does the same)\n"
    "  -q, --quiet        print nothing on success\n"
    "  -y, --yes          run a huge scenario (over 10^10 requests or 10 GB of CSV) without\n"
    "                     asking; off a terminal it is refused without --yes\n"
    "Exit status: 0 done (throttling is a result, not an error), 1 bad input, 2 bad usage,\n"
    "3 throttled more than --fail-above allows.\n";

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct progress {
    double started, last;
} progress;

static void show_progress(void *ctx, int64_t now_ns, int64_t duration_ns, const ddb_counters *t)
{
    progress *p = ctx;
    double now = wall_s();
    if (now - p->last < 0.1 && now_ns < duration_ns)
        return;
    p->last = now;
    uint64_t attempts = t->requests[0] + t->requests[1];
    uint64_t throttles = t->throttles[0] + t->throttles[1];
    fprintf(stderr, "\r  %3.0f%%  %.0f/%.0f s simulated  ", 100.0 * (double)now_ns / (double)duration_ns,
            (double)now_ns / 1e9, (double)duration_ns / 1e9);
    ddb_print_count(stderr, attempts);
    fprintf(stderr, " requests  %.1f%% throttled   ",
            attempts ? 100.0 * (double)throttles / (double)attempts : 0.0);
}

static const char *unit(enum ddb_dir d) { return d == DDB_READ ? "RCU" : "WCU"; }

/* One line per global secondary index: its lag, backlog and back-pressure. */
static void print_gsis(const ddb_report *r)
{
    for (size_t i = 0; i < r->n_gsi; i++) {
        const ddb_gsi_report *g = &r->gsi[i];
        printf("Index %s: %" PRIu64 " index writes, lag p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
               "backlog peaked at %" PRIu64 " (%" PRIu64 " left at the end); %" PRIu64
               " base writes throttled by back-pressure.\n",
               g->name, g->index_writes, g->lag_ms[0], g->lag_ms[1], g->lag_ms[2], g->max_backlog,
               g->in_backlog_at_end, g->backpressure_throttles);
    }
}

static void print_reasons(const ddb_report *r)
{
    for (int d = 0; d < 2; d++)
        for (int reason = 1; reason < DDB_THROTTLE_REASON_COUNT; reason++) {
            uint64_t n = r->total.by_reason[d][reason];
            if (!n)
                continue;
            printf("  %-42s ", ddb_throttle_aws_name((enum ddb_throttle_reason)reason, false, (enum ddb_dir)d));
            ddb_print_count(stdout, n);
            printf("  (%s)\n", ddb_throttle_meaning((enum ddb_throttle_reason)reason));
        }
}

static void print_hot_partition(const ddb_report *r)
{
    if (!r->has_hot_partition)
        return;
    const char *u = unit(r->hot_dir);
    printf("Hottest partition: #%zu peaked at ", r->hot_partition);
    ddb_print_number(stdout, r->hot_peak_per_s, 1);
    printf(" %s/s at t=%.0f s: %.1f%% of its hard cap of ", u, r->hot_peak_at_s,
           100.0 * r->hot_peak_per_s / r->hot_cap_per_s);
    ddb_print_number(stdout, r->hot_cap_per_s, 0);
    printf(" %s/s (its provisioned share is ", u);
    ddb_print_number(stdout, r->hot_share_per_s, 1);
    printf(" %s/s).\n", u);
    if (r->hot_peak_per_s > r->hot_cap_per_s * 1.001)
        printf("  (Above the cap for one interval: a partition may take one second's worth of its cap\n"
               "  at once after a calm spell; sustained, it never serves more than the cap.)\n");
}

static void print_hot_key(const ddb_report *r)
{
    if (!ddb_headline_report_key_matters(r))
        return;
    const char *u = unit(r->hot_key_dir);
    double throttled = r->hot_key_requests ? (double)r->hot_key_throttles / (double)r->hot_key_requests : 0;
    printf("Hottest key: \"%s\" (partition #%zu) was asked for ", r->hot_key, r->hot_key_partition);
    ddb_print_number(stdout, r->hot_key_offered_per_s, 1);
    printf(" %s/s on average (", u);
    ddb_print_number(stdout, r->hot_key_attempted_per_s, 1);
    printf(" %s/s in attempts, retries included) and got ", u);
    ddb_print_number(stdout, r->hot_key_consumed_per_s, 1);
    printf(" %s/s; %.1f%% of its requests were throttled.\n", u, 100.0 * throttled);
    if (r->hot_key_offered_per_s > r->hot_key_cap_per_s)
        printf("  One partition key can never get more than %.0f %s/s, however much capacity the table\n"
               "  has: more capacity will not fix this. Spread the key (e.g. add \"#{shard:10}\" to it).\n",
               r->hot_key_cap_per_s, u);
}

static void print_table(const ddb_scenario *s, const ddb_report *r)
{
    char splits[64] = "";
    if (r->n_splits)
        snprintf(splits, sizeof splits, " (after %llu splits)", (unsigned long long)r->n_splits);
    if (s->billing == DDB_BILLING_ON_DEMAND) {
        printf("Table: on-demand, warm throughput %lld reads/s and %lld writes/s at the start, over "
               "%zu partitions%s; each can never serve more than " DDB_PARTITION_MAX_RCU_TEXT " and " DDB_PARTITION_MAX_WCU_TEXT ".\n",
               (long long)s->warm.read_units_per_s, (long long)s->warm.write_units_per_s,
               r->n_partitions, splits);
        return;
    }
    printf("Table: %lld RCU and %lld WCU provisioned over %zu partitions%s; each gets a share of ",
           (long long)s->rcu, (long long)s->wcu, r->n_partitions, splits);
    ddb_print_number(stdout, (double)r->share_milli[0] / 1000.0, 1);
    printf(" RCU/s and ");
    ddb_print_number(stdout, (double)r->share_milli[1] / 1000.0, 1);
    printf(" WCU/s, and can never serve more than " DDB_PARTITION_MAX_RCU_TEXT " and " DDB_PARTITION_MAX_WCU_TEXT ".\n");
}

static void print_summary(const ddb_scenario *s, const ddb_report *r, const char *outdir, double secs)
{
    const ddb_counters *t = &r->total;
    uint64_t attempts = ddb_headline_attempts(r);
    uint64_t throttles = t->throttles[0] + t->throttles[1];
    printf("%s: %.0f s simulated in %.2f s (", s->name, (double)r->duration_ns / 1e9, secs);
    ddb_print_number(stdout, secs > 0 ? (double)attempts / secs / 1e6 : 0, 1);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf(" M simulated requests/s, peak memory %.1f MiB)\n", (double)ru.ru_maxrss / 1024.0);
    print_table(s, r);
    printf("Requests: ");
    ddb_print_count(stdout, attempts);
    printf(" attempts (");
    ddb_print_count(stdout, t->arrivals);
    printf(" logical requests + ");
    ddb_print_count(stdout, t->retries);
    printf(" retries): ");
    ddb_print_count(stdout, throttles);
    printf(" throttled (%.1f%% of attempts).\n", 100.0 * ddb_headline_throttle_rate(r));
    print_reasons(r);
    if (r->aggregated) {
        printf("Simulation: aggregated, ");
        ddb_print_count(stdout, r->aggregated_requests);
        printf(" logical requests admitted as counts, ");
        ddb_print_count(stdout, r->per_request_requests);
        printf(" one by one (--exact: every request one by one).\n");
    } else if (r->exact_why) {
        printf("Simulation: exact, every request one by one (the aggregated mode was asked for, but %s).\n",
               r->exact_why);
    }
    if (r->has_trace) {
        printf("Trace: %s, ", s->trace.path);
        ddb_print_count(stdout, r->trace_lines);
        printf(" lines read, ");
        ddb_print_count(stdout, r->trace_skipped);
        printf(" malformed lines skipped.\n");
    }
    printf("Outcome: ");
    ddb_print_count(stdout, t->succeeded);
    printf(" succeeded, ");
    ddb_print_count(stdout, t->failed);
    printf(" failed (%.1f%% of logical requests; ", 100.0 * ddb_headline_failure_rate(r));
    uint64_t cancelled = t->tx_cancelled_throttling + t->tx_cancelled_conflict + t->tx_conflict_writes;
    if (s->max_attempts > 1)
        printf("%s on each of up to %u attempts, fewer when the retry quota ran dry)",
               cancelled ? "throttled or cancelled" : "throttled", s->max_attempts);
    else
        printf("retries are off)");
    if (r->in_flight_at_end) {
        printf(", ");
        ddb_print_count(stdout, r->in_flight_at_end);
        printf(" still waiting to retry at the end");
    }
    printf("; latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (service time plus backoff).\n",
           r->latency_ms[0], r->latency_ms[1], r->latency_ms[2]);
    if (cancelled) {
        printf("Transactions: ");
        ddb_print_count(stdout, t->tx_cancelled_throttling + t->tx_cancelled_conflict);
        printf(" attempts cancelled (TransactionCanceledException: ");
        ddb_print_count(stdout, t->tx_cancelled_throttling);
        printf(" ThrottlingError, ");
        ddb_print_count(stdout, t->tx_cancelled_conflict);
        printf(" TransactionConflict); ");
        ddb_print_count(stdout, t->tx_conflict_writes);
        printf(" plain writes refused for an item a transaction held (TransactionConflictException).\n");
    }
    print_hot_partition(r);
    print_hot_key(r);
    print_gsis(r);
    if (r->total.item_collection_size_limit)
        printf("Item collections: %" PRIu64 " writes failed with ItemCollectionSizeLimitExceededException "
               "(counted among the failed; the largest collection reached %.3f GB).\n",
               r->total.item_collection_size_limit, (double)r->largest_collection_kb / (1024.0 * 1024.0));
    if (outdir)
        printf("Outputs: %s/ (timeseries.csv, partitions.csv, keys.csv, latency.csv, summary.json%s%s)\n",
               outdir, r->n_events ? ", events.csv" : "", r->n_gsi ? ", gsi.csv" : "");
}

/* The cost estimate as summary.json has it: "no price" when the price table lacks one. */
static void print_usd(const ddb_rundir *rd, const char *path, const char *currency)
{
    const cJSON *j = ddb_rundir_json(rd, path);
    if (!cJSON_IsNumber(j)) {
        printf("no price");
        return;
    }
    ddb_print_number(stdout, j->valuedouble, 2);
    printf(" %s", currency);
}

/* The verdict in one sentence and the estimated monthly cost, read back from the published folder
 * so that they are explain's and summary.json's own figures. */
static void print_verdict(const ddb_scenario *s, const char *outdir)
{
    ddb_rundir rd;
    char err[DDB_ERR_MAX];
    if (ddb_rundir_load(&rd, outdir, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    ddb_verdict v;
    ddb_verdict_make(&v, &rd);
    printf("Verdict: %s (ddbsim explain %s says why.)\n", v.headline, outdir);
    ddb_verdict_destroy(&v);
    const char *currency = ddb_rundir_str(&rd, "cost.currency");
    const char *region = ddb_rundir_str(&rd, "cost.region");
    const char *class = ddb_rundir_str(&rd, "cost.table_class");
    if (currency && region && class) {
        bool od = s->billing == DDB_BILLING_ON_DEMAND;
        printf("Estimated cost: ");
        print_usd(&rd, od ? "cost.on_demand_per_month_usd" : "cost.provisioned_per_month_usd", currency);
        printf(" a month %s (", od ? "on-demand" : "provisioned as simulated");
        print_usd(&rd, od ? "cost.provisioned_per_month_usd" : "cost.on_demand_per_month_usd", currency);
        printf(" %s), %s table class, %s prices (summary.json: cost).\n",
               od ? "provisioned as simulated" : "on-demand for the same consumption", class, region);
    }
    ddb_rundir_destroy(&rd);
}

typedef struct run_args {
    ddb_scenario_args sc;
    const char *outdir;
    bool quiet, plot, cloudwatch, force;
    bool gate;
    double fail_above; /* with gate: the throttle rate above which the run exits 3 */
} run_args;

/* Returns -1 to go on, else the exit status. */
static int parse_run_args(run_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            fputs(run_usage, stdout);
            return DDB_EXIT_OK;
        }
        if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
            a->quiet = true;
            continue;
        }
        if (!strcmp(arg, "--cloudwatch")) {
            a->cloudwatch = true;
            continue;
        }
        if (!strcmp(arg, "--force")) {
            a->force = true;
            continue;
        }
        if (!strcmp(arg, "--plot")) {
            a->plot = true;
            continue;
        }
        if (!strcmp(arg, "--fail-above")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ddbsim run: --fail-above needs a rate (see ddbsim run --help)\n");
                return DDB_EXIT_USAGE;
            }
            if (ddb_gate_parse("run", arg, argv[++i], &a->fail_above) != 0)
                return DDB_EXIT_USAGE;
            a->gate = true;
            continue;
        }
        if (!strcmp(arg, "-o") || !strcmp(arg, "--output")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ddbsim run: %s needs a directory (see ddbsim run --help)\n", arg);
                return DDB_EXIT_USAGE;
            }
            a->outdir = argv[++i];
            continue;
        }
        int taken = ddb_scenario_args_take(&a->sc, "run", argc, argv, &i);
        if (taken < 0)
            return DDB_EXIT_USAGE;
        if (taken == 0) {
            fprintf(stderr, "ddbsim run: unknown option '%s' (see ddbsim run --help)\n", arg);
            return DDB_EXIT_USAGE;
        }
    }
    if (!a->sc.path) {
        fputs(run_usage, stderr);
        return DDB_EXIT_USAGE;
    }
    return -1;
}

/* Run s into outdir's staging folder and publish it. Returns 0, or -1 with one line in err and
 * outdir as it was. */
static int run_and_publish(const ddb_scenario *s, const run_args *a, const char *outdir,
                           ddb_run_options *opt, ddb_report *report, char *err, size_t errlen)
{
    ddb_stage st;
    if (ddb_cli_stage_begin(&st, outdir, a->force, err, errlen) != 0)
        return -1;
    opt->outdir = st.tmp;
    opt->source = a->sc.path;
    int rc = ddb_run(s, opt, report, err, errlen);
    bool ran = rc == 0;
    rc = ddb_cli_stage_finish(&st, rc, NULL, err, errlen); /* the run wrote its manifest */
    if (rc != 0 && ran)
        ddb_report_destroy(report);
    return rc;
}

int ddb_cmd_run(int argc, char **argv)
{
    run_args a = {0};
    int status = parse_run_args(&a, argc, argv);
    if (status >= 0) {
        ddb_scenario_args_free(&a.sc);
        return status;
    }
    if (a.plot && !ddb_plot_scripts_found()) { /* said why; a run without its asked-for plots is incomplete */
        ddb_scenario_args_free(&a.sc);
        return DDB_EXIT_INPUT;
    }
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    if (ddb_scenario_load(&s, a.sc.path, a.sc.sets, a.sc.n_sets, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        ddb_scenario_args_free(&a.sc);
        return DDB_EXIT_INPUT;
    }
    ddb_print_warnings(s.warnings);
    if (!ddb_confirm_huge(&s, a.sc.yes, "run")) {
        ddb_scenario_destroy(&s);
        ddb_scenario_args_free(&a.sc);
        return DDB_EXIT_INPUT;
    }
    char *outdir = a.outdir ? ddb_xstrdup(a.outdir) : ddb_stage_default_dir(s.name);
    progress p = {wall_s(), 0.0};
    bool show = !a.quiet && isatty(STDERR_FILENO);
    ddb_run_options opt = {NULL, show ? show_progress : NULL, &p, NULL};
    ddb_report report;
    int rc = run_and_publish(&s, &a, outdir, &opt, &report, err, sizeof err);
    if (show)
        fputc('\n', stderr);
    if (rc != 0) {
        status = ddb_cli_failure("run", outdir, err);
    } else {
        if (!a.quiet) {
            print_summary(&s, &report, outdir, wall_s() - p.started);
            print_verdict(&s, outdir);
        }
        int gate = a.gate ? ddb_gate_apply(&report, a.fail_above, outdir) : DDB_EXIT_OK;
        ddb_report_destroy(&report);
        int plotted = ddb_plot_after_run(outdir, a.plot, a.quiet);
        status = plotted ? plotted : gate;
        if (a.cloudwatch && ddb_cloudwatch_after_run(outdir, a.quiet) != 0)
            status = DDB_EXIT_INPUT;
    }
    free(outdir);
    ddb_scenario_destroy(&s);
    ddb_scenario_args_free(&a.sc);
    return status;
}
