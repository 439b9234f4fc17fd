/* plan — find the least provisioned capacity that keeps throttling under a target (sim/plan), and
 * say it in words; -o DIR also writes DIR/plan.csv, one row per run. */
#include "sim/cli/plan.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sim/cli/batch.h"
#include "sim/cli/cli.h"
#include "sim/output/out_file.h"
#include "sim/output/schema.h"
#include "sim/runs/out_sweep.h"
#include "sim/runs/plan.h"
#include "sim/scenario/scenario.h"
#include "sim/runs/sweep.h"
#include "sim/support/interrupt.h"
#ifdef DDBSIM_MPI
#include "sim/cli/mpi/sweep_mpi.h"
#endif

static const char plan_usage[] =
    "usage: ddbsim plan SCENARIO.json --max-throttle-rate RATE [--for wcu|rcu|both] [--seeds N]\n"
    "                   [-j JOBS] [--set PATH=VALUE ...] [--seed N] [--duration S] [-o DIR]\n"
    "                   [--quiet]\n"
    "\n"
    "Finds the least provisioned capacity (table.wcu, table.rcu) that keeps throttling at or under\n"
    "RATE, by bisection over runs with N seeds each, and says it in words. A capacity passes when\n"
    "every seed's run throttles at most RATE of its attempts of that kind (writes for WCU, reads for\n"
    "RCU); the max and mean over the seeds are printed. The search starts at the scenario's value,\n"
    "doubles it (up to the table's quota, table.quota_wcu / quota_rcu) until the target is met,\n"
    "then bisects down to within 1%.\n"
    "It stops early when more capacity cannot help: a single key asking more than a partition's\n"
    "hard cap (" DDB_PARTITION_MAX_WCU_TEXT ", " DDB_PARTITION_MAX_RCU_TEXT ") — that key has to be sharded.\n"
    "More capacity also means more partitions (the partition count follows capacity at creation).\n"
    "  --max-throttle-rate RATE  the target, a fraction from 0 to 1 (0.001 = 0.1%) (required)\n"
    "  --for wcu|rcu|both  what to search (default both: WCU first with RCU at the scenario's\n"
    "                      value, then RCU with WCU at the WCU found)\n"
    "  --seeds N           runs per candidate, seeds S .. S+N-1, S the scenario's seed (default 3)\n"
    "  -j, --jobs JOBS     runs at once, one thread each (default: the processors online)\n"
    "  --set, --seed, --duration   as for ddbsim run, applied to every run\n"
    "  -y, --yes           go on with a huge plan (its fewest runs, seeds x (1 per capacity\n"
    "                      searched + 1 on-demand), together over 10^10 requests); off a\n"
    "                      terminal it is refused without --yes\n"
    "  -o, --output DIR    also write DIR/plan.csv: dimension, capacity, seed, throttle_rate,\n"
    "                      verdict (pass or fail) for every run, in the order made\n"
    "  --force             write into a DIR holding files no ddbsim manifest lists, beside them\n"
    "  -q, --quiet         no per-step progress on stderr\n"
    "Then the same workload on an on-demand table (a new one, at its warm throughput; or the\n"
    "scenario's own when it is on-demand): its throttle rate against the target, and its cost.\n"
    "With more workers than a candidate has seeds left, the rest run the candidates the search\n"
    "would try next; the answer, the words and plan.csv are the same whatever -j.\n"
#ifdef DDBSIM_MPI
    "Under mpirun (mpirun -n N ddbsim plan ...), every rank runs its share of each batch, one\n"
    "simulation at a time (-j is not used), every rank takes the same next step, and rank 0\n"
    "prints and writes plan.csv, the same bytes.\n"
#endif
    "Exit status: 0 done (whatever the verdict), 1 bad input, 2 bad usage.\n";

typedef struct plan_args {
    ddb_scenario_args sc;
    const char *rate, *dims_arg, *outdir;
    bool force;
    uint32_t seeds;
    unsigned jobs;
    bool quiet;
} plan_args;




/* 1 taken, 0 not ours, -1 usage error (printed), 2 --help. */
static int take_option(plan_args *a, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *v;
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
        return 2;
    if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet"))
        return a->quiet = true, 1;
    if (ddb_batch_is_opt(arg, "--max-throttle-rate"))
        return (a->rate = ddb_batch_value("plan", "--max-throttle-rate", argc, argv, i)) ? 1
                                                                                         : -1;
    if (ddb_batch_is_opt(arg, "--for"))
        return (a->dims_arg = ddb_batch_value("plan", "--for", argc, argv, i)) ? 1 : -1;
    if (ddb_batch_is_opt(arg, "--seeds"))
        return (v = ddb_batch_value("plan", "--seeds", argc, argv, i)) &&
                       ddb_batch_parse_seeds("plan", v, 1000, &a->seeds) == 0
                   ? 1
                   : -1;
    int common = ddb_batch_take_common("plan", argc, argv, i, &a->jobs, &a->outdir, &a->force);
    if (common != 0)
        return common;
    return ddb_scenario_args_take(&a->sc, "plan", argc, argv, i);
}

/* Returns -1 to go on, else the exit status. */
static int parse_args(plan_args *a, ddb_plan_options *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int taken = take_option(a, argc, argv, &i);
        if (taken == 2) {
            fputs(plan_usage, stdout);
            return DDB_EXIT_OK;
        }
        if (taken < 0)
            return DDB_EXIT_USAGE;
        if (taken == 0) {
            fprintf(stderr, "ddbsim plan: unknown option '%s' (see ddbsim plan --help)\n", argv[i]);
            return DDB_EXIT_USAGE;
        }
    }
    if (!a->sc.path) {
        fputs(plan_usage, stderr);
        return DDB_EXIT_USAGE;
    }
    if (!a->rate) {
        fprintf(stderr, "ddbsim plan: --max-throttle-rate RATE is required (see ddbsim plan --help)\n");
        return DDB_EXIT_USAGE;
    }
    if (ddb_gate_parse("plan", "--max-throttle-rate", a->rate, &o->max_throttle_rate) != 0)
        return DDB_EXIT_USAGE;
    const char *d = a->dims_arg ? a->dims_arg : "both";
    if (!strcmp(d, "wcu"))
        o->dims = DDB_PLAN_WCU;
    else if (!strcmp(d, "rcu"))
        o->dims = DDB_PLAN_RCU;
    else if (!strcmp(d, "both"))
        o->dims = DDB_PLAN_BOTH;
    else {
        fprintf(stderr, "ddbsim plan: --for: expected wcu, rcu or both (got '%s')\n", d);
        return DDB_EXIT_USAGE;
    }
    o->seeds = a->seeds;
    o->jobs = a->jobs;
    return -1;
}

static void print_pct(FILE *f, double rate)
{
    fprintf(f, "%.3g%%", 100.0 * rate);
}

static void show_step(void *ctx, enum ddb_dir d, const ddb_plan_step *s)
{
    (void)ctx;
    fputs("  ", stderr);
    ddb_print_count(stderr, (unsigned long long)s->capacity);
    fprintf(stderr, " %s: throttle rate max ", ddb_plan_unit(d));
    print_pct(stderr, s->max_rate);
    fputs(", mean ", stderr);
    print_pct(stderr, s->mean_rate);
    fprintf(stderr, " — %s%s\n", s->passed ? "under the target" : "over the target",
            s->stopped_early ? " (runs stopped once certain: their rates so far)" : "");
}

/* The answer's monthly cost, provisioned beside on-demand (the same load, what it consumed). */
static void say_cost(const ddb_plan_step *s)
{
    if (isnan(s->cost_provisioned_usd) && isnan(s->cost_on_demand_usd))
        return; /* no price for the table class: nothing to say */
    fputs("  Estimated cost: ", stdout);
    if (isnan(s->cost_provisioned_usd)) {
        fputs("no provisioned price", stdout);
    } else {
        fputs("$", stdout);
        ddb_print_number(stdout, s->cost_provisioned_usd, 0);
        fputs("/month provisioned at that capacity", stdout);
    }
    if (!isnan(s->cost_on_demand_usd)) {
        fputs("; the same load on demand, $", stdout);
        ddb_print_number(stdout, s->cost_on_demand_usd, 0);
        fputs("/month", stdout);
    }
    fputs(" (730 hours a month; on demand, the simulated load kept up for 30 days).\n", stdout);
}

/* What the application asked (the floor of any answer), its attempts beside it, and whether the
 * runs were long enough for the start-up credit not to matter. */
static void say_demand(const ddb_plan_result *r, const ddb_plan_dim *dim)
{
    const ddb_plan_step *a = &dim->answer;
    const char *u = ddb_plan_unit(dim->dir);
    fputs("  Sustained demand: ", stdout);
    ddb_print_number(stdout, a->demand_per_s, 0);
    printf(" %s/s asked by the application (first attempts: ", u);
    ddb_print_count(stdout, (unsigned long long)a->requests);
    fputs(" requests, ", stdout);
    ddb_print_count(stdout, (unsigned long long)a->attempts);
    fputs(" attempts with retries, over the seeds); no answer is below it plus 3 standard errors, ",
          stdout);
    ddb_print_count(stdout, (unsigned long long)a->demand_floor);
    printf(" %s, whatever a run's start-up credit hid.\n", u);
    double hidden = ddb_plan_credit_share(a);
    if (!(hidden > r->max_throttle_rate))
        return;
    int64_t enough_s = ddb_plan_long_enough_s(a, r->max_throttle_rate);
    printf("  Warning: each run lasts %.0f s, and the one second of capacity a new table starts "
           "with could hide up to ", a->duration_s);
    print_pct(stdout, hidden);
    fputs(" throttling in it, more than the target", stdout);
    if (enough_s > 0)
        printf(": for this answer to hold, run --duration %lld or more.\n", (long long)enough_s);
    else
        fputs(": no run is long enough to hold a target of 0 beyond it.\n", stdout);
}

static void say_dim(const ddb_plan_result *r, const ddb_plan_dim *dim)
{
    const char *u = ddb_plan_unit(dim->dir);
    const char *kind = dim->dir == DDB_WRITE ? "write" : "read";
    switch (dim->verdict) {
    case DDB_PLAN_FOUND:
    case DDB_PLAN_AT_MINIMUM:
        fputs("Provision ", stdout);
        ddb_print_count(stdout, (unsigned long long)dim->capacity);
        if (dim->answer.attempts == 0) {
            printf(" %s, the minimum: the workload makes no %ss.\n", u, kind);
            break;
        }
        printf(" %s%s (%s throttle rate max ", u,
               dim->verdict == DDB_PLAN_AT_MINIMUM ? ", the minimum" : "", kind);
        print_pct(stdout, dim->answer.max_rate);
        fputs(", mean ", stdout);
        print_pct(stdout, dim->answer.mean_rate);
        printf(" over %" PRIu32 " seed%s; target ", r->seeds, r->seeds == 1 ? "" : "s");
        print_pct(stdout, r->max_throttle_rate);
        fputs(")", stdout);
        if (dim->answer.capacity == dim->answer.demand_floor) {
            fputs("; less is under the sustained demand, which throttles once a new table's "
                  "start-up credit is spent", stdout);
        } else if (dim->has_below) {
            fputs("; below it throttling is over the target: at ", stdout);
            ddb_print_count(stdout, (unsigned long long)dim->below.capacity);
            printf(" %s, max %s", u, dim->below.stopped_early ? "at least " : "");
            print_pct(stdout, dim->below.max_rate);
            if (dim->below.has_hot_partition)
                printf(", the hot partition %zu of %zu throttles", dim->below.hot_partition,
                       dim->below.n_partitions);
        }
        fputs(".\n", stdout);
        say_demand(r, dim);
        say_cost(&dim->answer);
        break;
    case DDB_PLAN_HOPELESS:
        printf("No amount of capacity fixes key %s: it needs ", dim->key);
        ddb_print_number(stdout, dim->key_offered_per_s, 0);
        printf(" %s/s", u);
        if (dim->key_attempted_per_s > dim->key_offered_per_s * 1.001) {
            fputs(" (", stdout);
            ddb_print_number(stdout, dim->key_attempted_per_s, 0);
            printf(" %s/s in attempts, retries included)", u);
        }
        fputs(", a partition allows ", stdout);
        ddb_print_number(stdout, dim->key_cap_per_s, 0);
        fputs(" — shard it (", stdout);
        ddb_print_count(stdout, (unsigned long long)dim->key_range_throttles);
        fputs(" key-range throttles at ", stdout);
        ddb_print_count(stdout, (unsigned long long)dim->capacity);
        printf(" %s; searching stopped after %zu candidate%s).\n", u, dim->n_steps,
               dim->n_steps == 1 ? "" : "s");
        break;
    case DDB_PLAN_UNREACHABLE:
    {
        const char *quota = dim->max_is_account ? (dim->dir == DDB_READ ? "account_quota_rcu" : "account_quota_wcu")
                                                : (dim->dir == DDB_READ ? "quota_rcu" : "quota_wcu");
        fputs("Even ", stdout);
        ddb_print_count(stdout, (unsigned long long)dim->capacity);
        if (dim->max_is_account)
            printf(" %s (what the account's quota, table.%s, leaves after the GSIs') throttles ", u,
                   quota);
        else
            printf(" %s (the table's quota, table.%s) throttles ", u, quota);
        print_pct(stdout, dim->n_steps ? dim->steps[dim->n_steps - 1].max_rate : 0.0);
        fputs(" of the ", stdout);
        printf("%ss (target ", kind);
        print_pct(stdout, r->max_throttle_rate);
        printf("): no capacity within the quota meets it. AWS raises quotas on request; plan "
               "beyond it with --set table.%s=N.\n", quota);
    }
        break;
    }
}

/* What most of the on-demand table's throttles of direction d were, as advice. */
static const char *on_demand_advice(const ddb_plan_on_demand *od, enum ddb_dir d)
{
    int top = 0;
    for (int k = 1; k < DDB_THROTTLE_REASON_COUNT; k++)
        if (od->by_reason[d][k] > od->by_reason[d][top])
            top = k;
    switch (top) {
    case DDB_THROTTLE_ON_DEMAND:
        return "mostly while its capacity grew (double the previous peak at a time): pre-warm it "
               "with table.warm_throughput";
    case DDB_THROTTLE_KEY_RANGE:
        return "mostly at a partition's hard cap, which on-demand does not lift: shard the hot key";
    case DDB_THROTTLE_MAX_ON_DEMAND:
        return "mostly at the table's maximum (table.max_rcu / max_wcu)";
    case DDB_THROTTLE_ACCOUNT_LIMIT:
        return "mostly at the per-table quota (table.quota_rcu / quota_wcu)";
    default:
        return "";
    }
}

static void say_on_demand(const ddb_plan_on_demand *od, const ddb_plan_result *r, bool was_on_demand,
                          enum ddb_plan_for dims)
{
    fputs("On demand (", stdout);
    fputs(was_on_demand ? "the scenario's table, serving " : "a new table, serving ", stdout);
    ddb_print_count(stdout, (unsigned long long)od->warm_units_per_s[DDB_WRITE]);
    fputs(" writes/s and ", stdout);
    ddb_print_count(stdout, (unsigned long long)od->warm_units_per_s[DDB_READ]);
    fputs(" reads/s at once, then up to double its previous peak):", stdout);
    const char *sep = " ";
    enum ddb_dir order[2] = {DDB_WRITE, DDB_READ};
    for (int i = 0; i < 2; i++) {
        enum ddb_dir d = order[i];
        if (!(dims & (d == DDB_WRITE ? DDB_PLAN_WCU : DDB_PLAN_RCU)) || od->attempts[d] == 0)
            continue;
        printf("%s%s throttle rate max ", sep, d == DDB_WRITE ? "write" : "read");
        print_pct(stdout, od->max_rate[d]);
        fputs(", mean ", stdout);
        print_pct(stdout, od->mean_rate[d]);
        sep = "; ";
    }
    if (*sep == ' ')
        fputs(" no requests of the kind searched", stdout);
    printf(" over %" PRIu32 " seed%s — %s the target", r->seeds, r->seeds == 1 ? "" : "s",
           od->passed ? "within" : "over");
    for (int i = 0; i < 2 && !od->passed; i++) {
        enum ddb_dir d = order[i];
        const char *advice = on_demand_advice(od, d);
        if ((dims & (d == DDB_WRITE ? DDB_PLAN_WCU : DDB_PLAN_RCU)) && *advice &&
            od->max_rate[d] > r->max_throttle_rate) {
            printf(", %s %s", d == DDB_WRITE ? "writes" : "reads", advice);
        }
    }
    if (!isnan(od->cost_on_demand_usd)) {
        fputs("; about $", stdout);
        ddb_print_number(stdout, od->cost_on_demand_usd, 0);
        fputs("/month for this load", stdout);
    }
    fputs(".\n", stdout);
}

/* One column of plan.csv (sim/output/schema.h). */
static void plan_field(FILE *f, enum ddb_plancsv_col col, const ddb_plan_run *run)
{
    switch (col) {
    case DDB_PLANCSV_DIMENSION: fputs(run->dir == DDB_WRITE ? "wcu" : "rcu", f); break;
    case DDB_PLANCSV_CAPACITY: fprintf(f, "%" PRId64, run->capacity); break;
    case DDB_PLANCSV_SEED: fprintf(f, "%" PRIu64, run->seed); break;
    case DDB_PLANCSV_THROTTLE_RATE: ddb_sweep_csv_number(f, run->throttle_rate); break;
    case DDB_PLANCSV_VERDICT: fputs(run->passed ? "pass" : "fail", f); break;
    case DDB_PLANCSV_COST_PROVISIONED: ddb_sweep_csv_number(f, run->cost_provisioned_usd); break;
    case DDB_PLANCSV_COST_ON_DEMAND: ddb_sweep_csv_number(f, run->cost_on_demand_usd); break;
    case DDB_PLANCSV_N: break;
    }
}

static int write_csv(const ddb_plan_result *r, const char *dir, char *err, size_t errlen)
{
    ddb_outfile csv;
    if (ddb_outfile_open(&csv, dir, ddb_schema_plan.file, err, errlen) != 0)
        return -1;
    ddb_schema_header(csv.f, &ddb_schema_plan);
    for (size_t i = 0; i < r->n_runs; i++) {
        for (int col = 0; col < DDB_PLANCSV_N; col++) {
            if (col)
                fputc(',', csv.f);
            plan_field(csv.f, (enum ddb_plancsv_col)col, &r->runs[i]);
        }
        fputc('\n', csv.f);
    }
    if (ddb_outfile_commit(&csv, err, errlen) != 0) {
        ddb_outfile_abort(&csv);
        return -1;
    }
    return 0;
}

/* Stage the output folder, on rank 0 only under mpirun (the others write nothing); every rank
 * learns whether it could, before any run. */
static int stage(ddb_stage *st, const plan_args *a, char *err, size_t errlen)
{
    if (!a->outdir)
        return 0;
#ifdef DDBSIM_MPI
    char *tmp = NULL;
    int rc = ddb_mpi_stage_begin(st, a->outdir, a->force, &tmp, err, errlen);
    free(tmp);
    return rc;
#else
    return ddb_cli_stage_begin(st, a->outdir, a->force, err, errlen);
#endif
}

/* Whether to go on: a huge plan (ddb_confirm_estimate) on its fewest runs, seeds x (one
 * candidate per capacity searched + the on-demand verdict), each as the scenario asks (its
 * requests hardly depend on capacity; its runs write no files). A scenario that does not load
 * goes on: the search then says why in its own words. */
static bool plan_confirm(const plan_args *a, const ddb_plan_options *o)
{
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    if (ddb_scenario_load(&s, a->sc.path, a->sc.sets, a->sc.n_sets, err, sizeof err) != 0)
        return true;
    ddb_estimate p;
    ddb_scenario_estimate(&s, &p);
    ddb_scenario_destroy(&s);
    size_t searched = (o->dims & DDB_PLAN_WCU ? 1u : 0u) + (o->dims & DDB_PLAN_RCU ? 1u : 0u);
    size_t runs = (size_t)o->seeds * (searched + 1);
    p.requests *= (double)runs;
    p.csv_bytes = 0;
    char what[96];
    snprintf(what, sizeof what, "a huge plan of at least %zu runs", runs);
    return ddb_confirm_estimate(&p, what, a->sc.yes, true, "plan");
}

int ddb_cmd_plan(int argc, char **argv)
{
#ifdef DDBSIM_MPI
    ddb_mpi_begin(); /* under mpirun; only rank 0 prints from here on */
#endif
    plan_args a = {.seeds = 3, .jobs = ddb_batch_default_jobs()};
    ddb_plan_options o = {0};
    int status = parse_args(&a, &o, argc, argv);
    bool writer = true;
#ifdef DDBSIM_MPI
    writer = ddb_mpi_rank() == 0;
    if (ddb_mpi_size() > 1) { /* every rank runs its share of each batch and gets every result */
        o.run = ddb_mpi_sweep_run_all;
        o.workers = (unsigned)ddb_mpi_size();
    }
#endif
    if (status < 0 && !plan_confirm(&a, &o))
        status = DDB_EXIT_INPUT; /* said why; nothing written */
    if (status < 0) {
        if (!a.quiet)
            o.step = show_step;
        char err[DDB_ERR_MAX];
        char *text = NULL;
        size_t len = 0;
        ddb_plan_result r = {0};
        status = DDB_EXIT_INPUT;
        char *provisioned = NULL;
        bool was_on_demand = false;
        ddb_plan_on_demand od;
        /* The search runs the scenario as provisioned (an on-demand one at its warm throughput),
         * with the sets applied once; the on-demand verdict runs it as on-demand. */
        ddb_stage st = {0};
        ddb_interrupt_install();
        if (stage(&st, &a, err, sizeof err) == 0 &&
            ddb_sweep_read_file(a.sc.path, &text, &len, err, sizeof err) == 0 &&
            (provisioned = ddb_plan_as_provisioned(text, len, a.sc.path, a.sc.sets, a.sc.n_sets,
                                                   &was_on_demand, err, sizeof err)) != NULL &&
            ddb_plan_search(provisioned, strlen(provisioned), a.sc.path, NULL, 0, &o, &r, err,
                            sizeof err) == 0 &&
            ddb_plan_on_demand_verdict(text, len, a.sc.path, a.sc.sets, a.sc.n_sets, &o, &od, err,
                                       sizeof err) == 0 &&
            (!a.outdir || !writer || write_csv(&r, st.tmp, err, sizeof err) == 0) &&
            (!a.outdir || !writer || ddb_cli_stage_finish(&st, 0, &(ddb_manifest_info){"plan", NULL, a.sc.path,
                                                                         false, 0},
                                               err, sizeof err) == 0)) {
            status = DDB_EXIT_OK;
            if (was_on_demand)
                puts("The scenario's table is on-demand: provisioned capacity is searched from "
                     "its warm throughput.");
            for (size_t i = 0; i < r.n_dims; i++)
                say_dim(&r, &r.dims[i]);
            say_on_demand(&od, &r, was_on_demand, o.dims);
            if (a.outdir && !a.quiet)
                printf("Every run: %s/plan.csv\n", a.outdir);
            if (!a.quiet) /* on stderr: it depends on the workers, what is said above does not */
                fprintf(stderr, "%zu runs made (%zu kept) in %zu rounds of %u at a time\n",
                        r.n_made + od.n_made, r.n_runs + od.n_made, r.n_rounds + od.n_rounds,
                        o.workers ? o.workers : o.jobs);
        }
        free(provisioned);
        if (status != DDB_EXIT_OK) {
            ddb_stage_message(&st, err, sizeof err);
            ddb_stage_abort(&st); /* a no-op once published or dropped */
            status = ddb_cli_failure("plan", a.outdir, err);
        }
        ddb_plan_result_destroy(&r);
        free(text);
    }
    ddb_scenario_args_free(&a.sc);
#ifdef DDBSIM_MPI
    status = ddb_mpi_end(status);
#endif
    return status;
}
