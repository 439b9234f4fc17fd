/* compare — one workload under several key designs (or several scenario files), side by side.
 *
 * Every run keeps the scenario's seed, and every purpose draws from its own random stream, so the
 * designs see the same arrivals, operations, sizes and attribute values: only the keys differ.
 * With -o DIR the designs are also drawn side by side (plots/compare.gp, when gnuplot is there),
 * and each run's folder (DIR/runs/N) can be drawn alone with ddbsim plot.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"
#include "sim/cli/batch.h"
#include "sim/cli/cli.h"
#include "sim/output/out_file.h"
#include "sim/output/schema.h"
#include "sim/runs/out_sweep.h"
#include "sim/scenario/scenario.h"
#include "sim/support/strbuf.h"
#include "sim/runs/sweep.h"
#include "sim/support/interrupt.h"
#ifdef DDBSIM_MPI
#include "sim/cli/mpi/sweep_mpi.h"
#endif

static const char compare_usage[] =
    "usage: ddbsim compare SCENARIO.json --key PK --key PK [...] [options]\n"
    "       ddbsim compare A.json B.json [...] [options]\n"
    "options: [--set PATH=VALUE ...] [--seed N] [--duration S] [-j JOBS] [-o DIR]\n"
    "\n"
    "Runs one workload under each partition-key design (table.key.pk, e.g. --key 'ORDER#{order_id}'\n"
    "--key '{date}#{shard:10}'; one --key is compared with the scenario's own key) or each scenario\n"
    "file, with the same seed, so the designs see the same arrivals and attribute draws. Prints,\n"
    "design by design: the throttle rate, the throttles by AWS reason, the hottest partition's peak\n"
    "share of its hard cap, the hottest key and how much of its partition's hard cap it asked for,\n"
    "the partitions used (any capacity consumed), the p99 latency, the cost, and for each GSI its\n"
    "hottest partition, replication lag p99 and base writes refused by back-pressure.\n"
    "  --set, --seed, --duration   as for ddbsim run, applied to every design\n"
    "  -y, --yes          go on with a huge comparison (its runs together over 10^10 requests or\n"
    "                     10 GB of CSV); off a terminal it is refused without --yes\n"
    "  -j, --jobs JOBS    runs at once (default: the processors online)\n"
    "  -o, --output DIR   also write DIR/compare.csv (the same figures), DIR/compare.png and .svg\n"
    "                     (the designs side by side, drawn with gnuplot when it is installed) and\n"
    "                     each design's outputs in DIR/runs/N (N-th design), for ddbsim explain\n"
    "  --force            write into a DIR holding files no ddbsim manifest lists, beside them\n"
    "                     and ddbsim plot\n"
#ifdef DDBSIM_MPI
    "Under mpirun, every rank runs its share of the designs and rank 0 prints and writes.\n"
#endif
    "Exit status: 0 done, 1 bad input (nothing is written), 2 bad usage.\n";

typedef struct compare_args {
    ddb_scenario_args sc;   /* sc.path unused: paths below */
    const char **paths, **keys;
    size_t n_paths, n_keys;
    unsigned jobs;
    const char *outdir;
    bool force;
} compare_args;

static void push(const char ***list, size_t *n, const char *s)
{
    *list = ddb_xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = s;
}



/* One argument at argv[*i]: 1 taken, 0 not ours, -1 usage error (printed), 2 --help. */
static int take_arg(compare_args *a, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *v;
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
        return 2;
    if (arg[0] != '-' || arg[1] == '\0')
        return push(&a->paths, &a->n_paths, arg), 1;
    if (ddb_batch_is_opt(arg, "--key")) {
        if (!(v = ddb_batch_value("compare", "--key", argc, argv, i)))
            return -1;
        return push(&a->keys, &a->n_keys, v), 1;
    }
    int common = ddb_batch_take_common("compare", argc, argv, i, &a->jobs, &a->outdir, &a->force);
    if (common != 0)
        return common;
    return ddb_scenario_args_take(&a->sc, "compare", argc, argv, i);
}

/* Returns -1 to go on, else the exit status. */
static int parse_args(compare_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int taken = take_arg(a, argc, argv, &i);
        if (taken == 2) {
            fputs(compare_usage, stdout);
            return DDB_EXIT_OK;
        }
        if (taken < 0)
            return DDB_EXIT_USAGE;
        if (taken == 0) {
            fprintf(stderr, "ddbsim compare: unknown option '%s' (see ddbsim compare --help)\n", argv[i]);
            return DDB_EXIT_USAGE;
        }
    }
    if (a->n_keys && a->n_paths != 1) {
        fprintf(stderr, "ddbsim compare: --key takes one scenario file (got %zu)\n", a->n_paths);
        return DDB_EXIT_USAGE;
    }
    if (!a->n_keys && a->n_paths < 2) {
        if (a->n_paths)
            fprintf(stderr, "ddbsim compare: nothing to compare: give --key PK, or two scenario "
                    "files (see ddbsim compare --help)\n");
        else
            fputs(compare_usage, stderr);
        return DDB_EXIT_USAGE;
    }
    return -1;
}

typedef struct compare_state {
    char **texts;
    size_t *lens, n_texts;
    const char **labels;
    ddb_sweep w;
    ddb_run_result *results;
    char *tmpdir;                 /* runs' folders without -o, removed at the end */
    ddb_stage stage;              /* with -o: the output folder, staged */
} compare_state;

/* "table.key.pk=" followed by the template as a JSON string, so that it is never read as a
 * number or an object. */
static char *key_set(const char *key)
{
    cJSON *s = cJSON_CreateString(key);
    char *json = s ? cJSON_PrintUnformatted(s) : NULL;
    cJSON_Delete(s);
    if (!json) {
        fputs("ddbsim: out of memory\n", stderr);
        abort();
    }
    size_t n = strlen(json) + sizeof "table.key.pk=";
    char *set = ddb_xmalloc(n);
    snprintf(set, n, "table.key.pk=%s", json);
    cJSON_free(json);
    return set;
}

static int read_texts(compare_state *st, const compare_args *a, char *err, size_t errlen)
{
    st->texts = ddb_xcalloc(a->n_paths, sizeof *st->texts);
    st->lens = ddb_xcalloc(a->n_paths, sizeof *st->lens);
    for (; st->n_texts < a->n_paths; st->n_texts++)
        if (ddb_sweep_read_file(a->paths[st->n_texts], &st->texts[st->n_texts],
                                &st->lens[st->n_texts], err, errlen) != 0)
            return -1;
    return 0;
}

/* The designs as runs: the --key ones (after the scenario's own key when there is one --key), or
 * the files. Every run's scenario is checked before any runs. */
static int plan(compare_state *st, const compare_args *a, char *err, size_t errlen)
{
    if (read_texts(st, a, err, errlen) != 0)
        return -1;
    size_t n_sets = a->sc.n_sets;
    const char **sets = ddb_xcalloc(n_sets + 1, sizeof *sets);
    if (n_sets)
        memcpy(sets, a->sc.sets, n_sets * sizeof *sets);
    size_t n_designs = a->n_keys ? a->n_keys + (a->n_keys == 1) : a->n_paths;
    st->labels = ddb_xcalloc(n_designs, sizeof *st->labels);
    if (a->n_keys == 1) /* the scenario's own key first; its label once it is parsed */
        ddb_sweep_add(&st->w, st->texts[0], st->lens[0], a->paths[0], sets, n_sets);
    for (size_t k = 0; k < a->n_keys; k++) {
        char *set = key_set(a->keys[k]);
        sets[n_sets] = set;
        st->labels[st->w.n_runs] = a->keys[k];
        ddb_sweep_add(&st->w, st->texts[0], st->lens[0], a->paths[0], sets, n_sets + 1);
        free(set);
    }
    for (size_t i = 0; !a->n_keys && i < a->n_paths; i++) {
        st->labels[i] = a->paths[i];
        ddb_sweep_add(&st->w, st->texts[i], st->lens[i], a->paths[i], sets, n_sets);
    }
    free(sets);
    return ddb_sweep_check(&st->w, err, errlen);
}

static void warn_seeds(const compare_state *st, const compare_args *a)
{
    for (size_t i = 1; i < st->w.n_runs; i++)
        if (st->w.runs[i].seed != st->w.runs[0].seed) {
            fprintf(stderr, "ddbsim compare: note: the seeds differ (%s: %llu, %s: %llu), so do the "
                    "arrivals and draws; --seed N gives every design the same\n", a->paths[0],
                    (unsigned long long)st->w.runs[0].seed, a->paths[i],
                    (unsigned long long)st->w.runs[i].seed);
            return;
        }
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

/* Where the runs write their folders: DIR/runs with -o (staged), else a temporary folder. */
static int runs_dir(compare_state *st, const compare_args *a, char *err, size_t errlen)
{
    ddb_interrupt_install(); /* a signal stops the runs; the folders are removed */
    if (a->outdir) {
#ifdef DDBSIM_MPI /* rank 0 stages; every rank writes the runs it makes there */
        char *tmp = NULL;
        if (ddb_mpi_stage_begin(&st->stage, a->outdir, a->force, &tmp, err, errlen) != 0)
            return -1;
#else
        if (ddb_cli_stage_begin(&st->stage, a->outdir, a->force, err, errlen) != 0)
            return -1;
        char *tmp = ddb_xstrdup(st->stage.tmp);
#endif
        size_t n = strlen(tmp) + sizeof "/runs";
        char *runs = ddb_xmalloc(n);
        snprintf(runs, n, "%s/runs", tmp);
        ddb_sweep_set_outdirs(&st->w, runs);
        free(runs);
        free(tmp);
        return 0;
    }
    const char *tmp = getenv("TMPDIR");
    tmp = tmp && *tmp ? tmp : "/tmp";
    size_t n = strlen(tmp) + sizeof "/ddbsim-compare-XXXXXX";
    st->tmpdir = ddb_xmalloc(n);
    snprintf(st->tmpdir, n, "%s/ddbsim-compare-XXXXXX", tmp);
    if (!mkdtemp(st->tmpdir)) {
        snprintf(err, errlen, "%s: cannot create a temporary folder", tmp);
        free(st->tmpdir);
        st->tmpdir = NULL;
        return -1;
    }
    ddb_sweep_set_outdirs(&st->w, st->tmpdir);
    return 0;
}

/* ---- the table ---- */

enum { FIXED_ROWS = 40, GSI_ROWS = 3 }; /* fixed rows + every throttle reason, read and write;
                                           per GSI of any design */

typedef struct table {
    size_t n_rows, n_cols, max_rows;
    const char **row_label;
    char **owned_label; /* a label made for its row (a GSI's), else NULL */
    char **cell;        /* n_rows x n_cols, row-major */
} table;

static void add_row(table *t, const char *label, const compare_state *st,
                    void (*fill)(ddb_strbuf *, const ddb_run_result *, const void *), const void *arg)
{
    DDB_CHECK(t->n_rows < t->max_rows, "more than %zu rows", t->max_rows);
    size_t r = t->n_rows++;
    t->row_label[r] = label;
    for (size_t c = 0; c < t->n_cols; c++) {
        ddb_strbuf b = {0};
        fill(&b, &st->results[c], arg);
        t->cell[r * t->n_cols + c] = ddb_strbuf_take(&b);
    }
}

static void fill_rate(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    (void)arg;
    ddb_strbuf_percent(b, ddb_sweep_throttle_rate(&r->report));
}

static uint64_t aws_throttles(const ddb_run_result *r, size_t k)
{
    uint64_t aws[DDB_AWS_REASON_COUNT];
    ddb_report_aws_throttles(&r->report, aws);
    return aws[k];
}

static void fill_reason(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    ddb_strbuf_count(b, aws_throttles(r, *(const size_t *)arg));
}

static void fill_hot_partition(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    (void)arg;
    if (!r->report.has_hot_partition) {
        ddb_strbuf_puts(b, "-");
        return;
    }
    ddb_strbuf_percent(b, ddb_sweep_hot_partition_utilization(&r->report));
    ddb_strbuf_printf(b, " (#%zu)", r->report.hot_partition);
}

static void fill_hot_key(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    (void)arg;
    ddb_strbuf_puts(b, r->report.has_hot_key ? r->report.hot_key : "-");
}

static void fill_hot_key_util(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    (void)arg;
    if (!r->report.has_hot_key) {
        ddb_strbuf_puts(b, "-");
        return;
    }
    ddb_strbuf_percent(b, ddb_sweep_hot_key_utilization(&r->report));
}

static void fill_partitions(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    (void)arg;
    ddb_strbuf_printf(b, "%zu of %zu", r->partitions_used, r->report.n_partitions);
}

static void fill_p99(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    (void)arg;
    ddb_strbuf_number(b, r->report.latency_ms[1], 1);
    ddb_strbuf_puts(b, " ms");
}

/* arg: a direction (enum ddb_dir): the table's consumed capacity per second, on average. */
static void fill_consumed(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    enum ddb_dir d = *(const enum ddb_dir *)arg;
    ddb_strbuf_number(b, ddb_sweep_consumed_per_s(&r->report, d), 1);
    ddb_strbuf_puts(b, d == DDB_READ ? " RCU/s" : " WCU/s");
}

/* arg: 0 provisioned (what was provisioned), 1 on-demand (what was consumed); for the scenario's
 * table class */
static void fill_cost(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    const double *usd = *(const int *)arg ? r->cost.on_demand_usd : r->cost.provisioned_usd;
    double v = usd[r->table_class];
    if (isnan(v)) {
        ddb_strbuf_puts(b, "no price");
        return;
    }
    ddb_strbuf_puts(b, "$");
    ddb_strbuf_number(b, v, 0);
}

static void fill_pk(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    (void)arg;
    ddb_strbuf_puts(b, r->pk);
}

static void fill_label(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    const compare_state *st = arg;
    const char *label = st->labels[r - st->results];
    ddb_strbuf_puts(b, label ? label : r->pk);
}

/* Design r's GSI named arg, or NULL when it has none of that name. */
static const ddb_gsi_report *gsi_named(const ddb_run_result *r, const void *arg)
{
    for (size_t i = 0; i < r->report.n_gsi; i++)
        if (!strcmp(r->report.gsi[i].name, arg))
            return &r->report.gsi[i];
    return NULL;
}

static void fill_gsi_hot_partition(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    const ddb_gsi_report *g = gsi_named(r, arg);
    if (!g || !g->has_hot_partition) {
        ddb_strbuf_puts(b, "-");
        return;
    }
    ddb_strbuf_percent(b, g->hot_utilization);
    ddb_strbuf_printf(b, " (#%zu)", g->hot_partition);
}

static void fill_gsi_lag(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    const ddb_gsi_report *g = gsi_named(r, arg);
    if (!g) {
        ddb_strbuf_puts(b, "-");
        return;
    }
    ddb_strbuf_number(b, g->lag_ms[1], 1);
    ddb_strbuf_puts(b, " ms");
}

static void fill_gsi_backpressure(ddb_strbuf *b, const ddb_run_result *r, const void *arg)
{
    const ddb_gsi_report *g = gsi_named(r, arg);
    if (!g)
        ddb_strbuf_puts(b, "-");
    else
        ddb_strbuf_count(b, g->backpressure_throttles);
}

/* Rows for each GSI any design has, by name in order of first appearance: its hottest partition,
 * its replication lag p99 and the base writes it refused by back-pressure ("-": a design without
 * it). */
static void add_gsi_rows(table *t, const compare_state *st)
{
    for (size_t i = 0; i < st->w.n_runs; i++)
        for (size_t j = 0; j < st->results[i].report.n_gsi; j++) {
            const char *name = st->results[i].report.gsi[j].name;
            bool seen = false;
            for (size_t k = 0; k < i && !seen; k++)
                seen = gsi_named(&st->results[k], name) != NULL;
            if (seen)
                continue;
            ddb_strbuf b = {0};
            ddb_strbuf_printf(&b, "GSI %s: hottest partition (peak of hard cap)", name);
            t->owned_label[t->n_rows] = ddb_strbuf_take(&b);
            add_row(t, t->owned_label[t->n_rows], st, fill_gsi_hot_partition, name);
            add_row(t, "  replication lag p99", st, fill_gsi_lag, name);
            add_row(t, "  base writes refused by back-pressure", st, fill_gsi_backpressure, name);
        }
}

static void print_table(const table *t)
{
    size_t w0 = 0, *w = ddb_xcalloc(t->n_cols, sizeof *w);
    for (size_t r = 0; r < t->n_rows; r++) {
        size_t n = strlen(t->row_label[r]);
        w0 = n > w0 ? n : w0;
        for (size_t c = 0; c < t->n_cols; c++) {
            n = strlen(t->cell[r * t->n_cols + c]);
            w[c] = n > w[c] ? n : w[c];
        }
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        printf("%-*s", (int)w0, t->row_label[r]);
        for (size_t c = 0; c < t->n_cols; c++)
            printf("   %-*s", c + 1 < t->n_cols ? (int)w[c] : 0, t->cell[r * t->n_cols + c]);
        putchar('\n');
    }
    free(w);
}

static void print_comparison(const compare_state *st, bool files)
{
    size_t gsis = 0;
    for (size_t i = 0; i < st->w.n_runs; i++)
        gsis += st->results[i].report.n_gsi;
    size_t rows = FIXED_ROWS + GSI_ROWS * gsis;
    table t = {0, st->w.n_runs, rows, ddb_xcalloc(rows, sizeof(char *)), ddb_xcalloc(rows, sizeof(char *)),
               ddb_xcalloc(rows * st->w.n_runs, sizeof(char *))};
    add_row(&t, "design", st, fill_label, st);
    if (files)
        add_row(&t, "partition key", st, fill_pk, NULL);
    add_row(&t, "throttle rate", st, fill_rate, NULL);
    _Static_assert(DDB_AWS_REASON_COUNT == 16, "one argument per AWS reason");
    static const size_t reasons[DDB_AWS_REASON_COUNT] = {0, 1, 2, 3, 4, 5, 6, 7,
                                                         8, 9, 10, 11, 12, 13, 14, 15};
    for (size_t k = 0; k < DDB_AWS_REASON_COUNT; k++) {
        bool any = false;
        for (size_t i = 0; i < st->w.n_runs; i++)
            any |= aws_throttles(&st->results[i], k) > 0;
        if (any)
            add_row(&t, ddb_aws_reason_name[k], st, fill_reason, &reasons[k]);
    }
    add_row(&t, "hottest partition (peak of hard cap)", st, fill_hot_partition, NULL);
    add_row(&t, "hottest key", st, fill_hot_key, NULL);
    add_row(&t, "  asked of its partition's hard cap", st, fill_hot_key_util, NULL);
    add_row(&t, "partitions used", st, fill_partitions, NULL);
    add_row(&t, "latency p99", st, fill_p99, NULL);
    /* What each design consumed, in the directions any of them used: a sharded read's cost. */
    static const enum ddb_dir dirs[2] = {DDB_READ, DDB_WRITE};
    const char *consumed = "consumed, average";
    for (int d = 0; d < 2; d++) {
        bool any = false;
        for (size_t i = 0; i < st->w.n_runs; i++)
            any |= st->results[i].report.total.consumed_milli[d] > 0;
        if (any) {
            add_row(&t, consumed, st, fill_consumed, &dirs[d]);
            consumed = "";
        }
    }
    add_gsi_rows(&t, st);
    static const int provisioned = 0, on_demand = 1;
    add_row(&t, "cost/month, provisioned", st, fill_cost, &provisioned);
    add_row(&t, "cost/month, on-demand", st, fill_cost, &on_demand);
    print_table(&t);
    for (size_t i = 0; i < t.n_rows * t.n_cols; i++)
        free(t.cell[i]);
    for (size_t r = 0; r < t.n_rows; r++)
        free(t.owned_label[r]);
    free(t.owned_label);
    free(t.row_label);
    free(t.cell);
}

static int write_csv(const compare_state *st, const char *dir, char *err, size_t errlen)
{
    ddb_outfile csv = {0};
    if (ddb_outfile_open(&csv, dir, ddb_schema_compare.file, err, errlen) != 0)
        return -1;
    const char **labels = ddb_xcalloc(st->w.n_runs, sizeof *labels);
    for (size_t i = 0; i < st->w.n_runs; i++)
        labels[i] = st->labels[i] ? st->labels[i] : st->results[i].pk;
    ddb_compare_csv_write(csv.f, labels, st->results, st->w.n_runs);
    free(labels);
    return ddb_outfile_commit(&csv, err, errlen);
}

static int execute(compare_state *st, const compare_args *a, char *err, size_t errlen)
{
    if (runs_dir(st, a, err, errlen) != 0)
        return -1;
    ddb_batch_progress p;
    bool show = ddb_batch_progress_start(&p, false);
    ddb_sweep_options opt = {a->jobs, show ? ddb_batch_progress_show : NULL, &p};
    st->results = ddb_xcalloc(st->w.n_runs, sizeof *st->results);
#ifdef DDBSIM_MPI
    int rc = ddb_mpi_sweep_run(&st->w, &opt, st->results, err, errlen);
    ddb_batch_progress_end(&p);
    if (ddb_mpi_rank() != 0) /* rank 0 has the results, prints and writes */
        return rc;
#else
    int rc = ddb_sweep_run(&st->w, &opt, st->results, err, errlen);
    ddb_batch_progress_end(&p);
#endif
    if (rc != 0) {
        free(st->results);
        st->results = NULL;
        if (a->outdir) {
            ddb_stage_message(&st->stage, err, errlen);
            ddb_stage_abort(&st->stage);
        }
        return -1;
    }
    bool drawn = false;
    if (a->outdir) {
        rc = write_csv(st, st->stage.tmp, err, errlen);
        drawn = rc == 0 && ddb_plot_one(st->stage.tmp, "compare");
        ddb_manifest_info info = {"compare", NULL, a->paths[0], false, 0};
        if (ddb_cli_stage_finish(&st->stage, rc, &info, err, errlen) != 0)
            return -1;
    }
    print_comparison(st, a->n_keys == 0);
    if (a->outdir) {
        printf("Outputs: %s/compare.csv%s; each design's run in %s/runs/ (ddbsim explain, ddbsim plot)\n",
               a->outdir, drawn ? ", compare.png and .svg" : "", a->outdir);
    }
    return 0;
}

static void state_free(compare_state *st)
{
    ddb_stage_abort(&st->stage); /* a no-op once published or dropped */
    if (st->tmpdir) {
        nftw(st->tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(st->tmpdir);
    }
    if (st->results)
        ddb_sweep_results_free(st->results, st->w.n_runs);
    free(st->results);
    ddb_sweep_destroy(&st->w);
    free(st->labels);
    for (size_t i = 0; i < st->n_texts; i++)
        free(st->texts[i]);
    free(st->texts);
    free(st->lens);
}

int ddb_cmd_compare(int argc, char **argv)
{
#ifdef DDBSIM_MPI
    ddb_mpi_begin(); /* under mpirun; only rank 0 prints from here on */
#endif
    compare_args a = {.jobs = ddb_batch_default_jobs()};
    int status = parse_args(&a, argc, argv);
    if (status < 0) {
        compare_state st = {0};
        ddb_sweep_init(&st.w);
        char err[DDB_ERR_MAX];
        bool planned = plan(&st, &a, err, sizeof err) == 0;
        if (planned)
            warn_seeds(&st, &a);
        /* every design's run writes its folder, in DIR/runs or a temporary one */
        if (planned && !ddb_batch_confirm(&st.w, "comparison", true, a.sc.yes, true, "compare"))
            status = DDB_EXIT_INPUT; /* said why; nothing written */
        else if (planned && execute(&st, &a, err, sizeof err) == 0)
            status = DDB_EXIT_OK;
        else
            status = ddb_cli_failure("compare", a.outdir, err);
        state_free(&st);
    }
    free(a.paths);
    free(a.keys);
    ddb_scenario_args_free(&a.sc);
#ifdef DDBSIM_MPI
    status = ddb_mpi_end(status);
#endif
    return status;
}
