/* Sweep tests (sim/grid, sim/sweep, sim/out_sweep): --grid parsing with its exact messages, the
 * order a grid expands in, rows that match the same runs made one by one with ddb_run, and a
 * sweep.csv that is the same bytes whatever the number of workers. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/engine.h"
#include "sim/output/run_files.h"
#include "sim/runs/grid.h"
#include "sim/runs/out_sweep.h"
#include "sim/output/cost.h"
#include "sim/scenario/price.h"
#include "sim/scenario/scenario.h"
#include "sim/runs/sweep.h"
#include "tests/testlib.h"

/* Reads and writes under a hot key (K#0 draws most requests) with retries, on a table whose
 * capacity the grid varies: throttles of both reasons, retries and failures all show up. */
static const char tiny[] =
    "{\"name\": \"tiny\", \"seed\": 5, \"duration_s\": 3,"
    " \"table\": {\"rcu\": 3000, \"wcu\": 1000, \"key\": {\"pk\": \"K#{k}\"}},"
    " \"attributes\": {\"k\": {\"dist\": \"zipfian\", \"n\": 20, \"theta\": 0.99}},"
    " \"workload\": {\"rate\": {\"profile\": \"constant\", \"rps\": 1000},"
    "   \"mix\": {\"get\": 0.5, \"put\": 0.5}, \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 5000}},"
    " \"client\": {\"retry\": {\"mode\": \"standard\"}}}";

/* ---- grid parsing ---- */

static void parse_ok(const char *arg, ddb_grid_axis *a)
{
    char err[DDB_ERR_MAX] = "";
    if (ddb_grid_axis_parse(a, arg, err, sizeof err) != 0)
        fail_msg("%s: %s", arg, err);
}

static void assert_values(const char *arg, const char *path, size_t n, const char *const *want)
{
    ddb_grid_axis a;
    parse_ok(arg, &a);
    assert_string_equal(a.path, path);
    assert_int_equal(a.n_values, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(a.values[i], want[i]);
    ddb_grid_axis_destroy(&a);
}

static void test_grid_lists(void **state)
{
    (void)state;
    assert_values("table.wcu=1000,2000,4000", "table.wcu", 3,
                  (const char *const[]){"1000", "2000", "4000"});
    assert_values("table.wcu= 1000 , 2000", "table.wcu", 2, (const char *const[]){"1000", "2000"});
    assert_values("workload.consistency=eventual", "workload.consistency", 1,
                  (const char *const[]){"eventual"});
    /* JSON values keep their commas; strings may hold commas and escaped quotes. */
    assert_values("workload.mix={\"put\":1},{\"get\":0.5,\"put\":0.5}", "workload.mix", 2,
                  (const char *const[]){"{\"put\":1}", "{\"get\":0.5,\"put\":0.5}"});
    assert_values("name=\"a,b\",plain,\"c\\\",d\"", "name", 3,
                  (const char *const[]){"\"a,b\"", "plain", "\"c\\\",d\""});
    assert_values("workload.rate.steps=[{\"at_s\":0,\"rps\":1}],[]", "workload.rate.steps", 2,
                  (const char *const[]){"[{\"at_s\":0,\"rps\":1}]", "[]"});
    assert_values("workload.rate.steps[1].rps=5", "workload.rate.steps[1].rps", 1,
                  (const char *const[]){"5"});
}

static void test_grid_ranges(void **state)
{
    (void)state;
    ddb_grid_axis a;
    parse_ok("workload.rate.rps=range(1000,20000,1000)", &a);
    assert_int_equal(a.n_values, 20);
    for (size_t i = 0; i < 20; i++) {
        char want[16];
        snprintf(want, sizeof want, "%zu", 1000 * (i + 1));
        assert_string_equal(a.values[i], want);
    }
    ddb_grid_axis_destroy(&a);
    /* TO is included when it falls on the step, also through rounding; not when it does not. */
    assert_values("x=range(0,1,0.1)", "x", 11,
                  (const char *const[]){"0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7",
                                        "0.8", "0.9", "1"});
    assert_values("x=range(0,1,0.3)", "x", 4, (const char *const[]){"0", "0.3", "0.6", "0.9"});
    assert_values("x=range(1000,2500,1000)", "x", 2, (const char *const[]){"1000", "2000"});
    assert_values("x=range(-2, 2 ,2)", "x", 3, (const char *const[]){"-2", "0", "2"});
    assert_values("x=range(5,5,1)", "x", 1, (const char *const[]){"5"});
    assert_values("x=range(1e3,3e3,1e3)", "x", 3, (const char *const[]){"1000", "2000", "3000"});
    assert_values("x=500,range(1000,3000,1000),8000", "x", 5,
                  (const char *const[]){"500", "1000", "2000", "3000", "8000"});
}

static void assert_grid_error(const char *arg, const char *want)
{
    ddb_grid_axis a;
    char err[DDB_ERR_MAX] = "";
    assert_int_equal(ddb_grid_axis_parse(&a, arg, err, sizeof err), -1);
    assert_string_equal(err, want);
    assert_null(a.path);
    assert_int_equal(a.n_values, 0);
}

static void test_grid_errors(void **state)
{
    (void)state;
    assert_grid_error("table.wcu", "--grid table.wcu: expected PATH=VALUES (e.g. "
                      "table.wcu=1000,2000 or workload.rate.rps=range(1000,20000,1000))");
    assert_grid_error("=1,2", "--grid =1,2: expected PATH=VALUES (e.g. table.wcu=1000,2000 or "
                      "workload.rate.rps=range(1000,20000,1000))");
    assert_grid_error("table.wcu= ", "--grid table.wcu= : no values (expected a comma-separated "
                      "list or range(FROM,TO,STEP))");
    assert_grid_error("table.wcu=1,,2", "--grid table.wcu=1,,2: empty value (item 2, expected a "
                      "value between the commas)");
    assert_grid_error("table.wcu=1,", "--grid table.wcu=1,: empty value (item 2, expected a value "
                      "between the commas)");
    assert_grid_error("x=range(1,5,0)", "--grid x=range(1,5,0): range STEP must be > 0 (got 0)");
    assert_grid_error("x=range(1,5,-1)", "--grid x=range(1,5,-1): range STEP must be > 0 (got -1)");
    assert_grid_error("x=range(5,1,1)", "--grid x=range(5,1,1): range is empty (FROM 5 is above "
                      "TO 1)");
    assert_grid_error("x=range(1,5)", "--grid x=range(1,5): range needs three numbers (got "
                      "range(1,5), expected range(FROM,TO,STEP))");
    assert_grid_error("x=range(1,5,1,2)", "--grid x=range(1,5,1,2): range needs three numbers "
                      "(got range(1,5,1,2), expected range(FROM,TO,STEP))");
    assert_grid_error("x=range(a,5,1)", "--grid x=range(a,5,1): range FROM is not a number (got "
                      "\"a\")");
    assert_grid_error("x=range(1,5,inf)", "--grid x=range(1,5,inf): range STEP is not a number "
                      "(got \"inf\")");
    assert_grid_error("x=range(0,1e9,1)", "--grid x=range(0,1e9,1): too many values (got more "
                      "than 100000, expected at most 100000 per --grid)");
    assert_grid_error("x={\"put\":1", "--grid x={\"put\":1: unclosed '{' (expected a '}' before "
                      "the end)");
    assert_grid_error("x=[1,2]]", "--grid x=[1,2]]: unbalanced ']' (at character 6 of the values)");
    assert_grid_error("x=\"abc", "--grid x=\"abc: unterminated string (a '\"' without its closing "
                      "'\"')");
}

static void test_grid_points(void **state)
{
    (void)state;
    ddb_grid_axis axes[2];
    parse_ok("a=1,2,3", &axes[0]);
    parse_ok("b=x,y", &axes[1]);
    assert_int_equal(ddb_grid_points(axes, 2, 100), 6);
    assert_int_equal(ddb_grid_points(axes, 2, 5), 0);
    assert_int_equal(ddb_grid_points(axes, 0, 5), 1);
    static const size_t want[6][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}};
    for (size_t p = 0; p < 6; p++) {
        size_t idx[2];
        ddb_grid_point(axes, 2, p, idx);
        assert_int_equal(idx[0], want[p][0]);
        assert_int_equal(idx[1], want[p][1]);
    }
    ddb_grid_axis_destroy(&axes[0]);
    ddb_grid_axis_destroy(&axes[1]);
}

/* ---- expansion ---- */

static void make_grid(ddb_sweep *w, ddb_grid_axis axes[2], uint32_t seeds)
{
    parse_ok("table.wcu=200,5000", &axes[0]);
    parse_ok("workload.rate.rps=range(500,2500,1000)", &axes[1]);
    ddb_sweep_init(w);
    char err[DDB_ERR_MAX];
    static const char *const base[] = {"duration_s=3"};
    if (ddb_sweep_add_grid(w, tiny, strlen(tiny), "inline.json", base, 1, axes, 2, seeds, err,
                           sizeof err) != 0)
        fail_msg("%s", err);
}

static void free_grid(ddb_sweep *w, ddb_grid_axis axes[2])
{
    ddb_sweep_destroy(w);
    ddb_grid_axis_destroy(&axes[0]);
    ddb_grid_axis_destroy(&axes[1]);
}

static void test_expansion_order(void **state)
{
    (void)state;
    ddb_sweep w;
    ddb_grid_axis axes[2];
    make_grid(&w, axes, 2);
    assert_int_equal(w.n_runs, 2 * 3 * 2);
    static const char *const wcu[] = {"200", "5000"}, *const rps[] = {"500", "1500", "2500"};
    for (size_t i = 0; i < w.n_runs; i++) {
        const ddb_run_spec *r = &w.runs[i];
        char want[64];
        assert_int_equal(r->n_sets, 4);
        assert_string_equal(r->sets[0], "duration_s=3");
        snprintf(want, sizeof want, "table.wcu=%s", wcu[i / 6]);
        assert_string_equal(r->sets[1], want);
        snprintf(want, sizeof want, "workload.rate.rps=%s", rps[i / 2 % 3]);
        assert_string_equal(r->sets[2], want);
        snprintf(want, sizeof want, "seed=%zu", 5 + i % 2);
        assert_string_equal(r->sets[3], want);
        assert_int_equal(r->seed, 5 + i % 2);
        assert_null(r->outdir);
    }
    ddb_sweep_set_outdirs(&w, "d/runs");
    assert_string_equal(w.runs[0].outdir, "d/runs/01");
    assert_string_equal(w.runs[11].outdir, "d/runs/12");
    free_grid(&w, axes);

    /* One seed: no seed override, the scenario's own. */
    make_grid(&w, axes, 1);
    assert_int_equal(w.n_runs, 6);
    assert_int_equal(w.runs[5].n_sets, 3);
    assert_int_equal(w.runs[5].seed, 5);
    free_grid(&w, axes);
}

static void assert_grid_fails(const char *arg, uint32_t seeds, const char *base_set,
                              const char *prefix, const char *suffix)
{
    ddb_grid_axis a;
    parse_ok(arg, &a);
    ddb_sweep w;
    ddb_sweep_init(&w);
    ddb_sweep_add(&w, tiny, strlen(tiny), "inline.json", NULL, 0);
    char err[DDB_ERR_MAX] = "";
    assert_int_equal(ddb_sweep_add_grid(&w, tiny, strlen(tiny), "inline.json", &base_set,
                                        base_set != NULL, &a, 1, seeds, err, sizeof err), -1);
    if (strncmp(err, prefix, strlen(prefix)) != 0 ||
        strcmp(err + strlen(err) - strlen(suffix), suffix) != 0)
        fail_msg("got \"%s\", expected \"%s...%s\"", err, prefix, suffix);
    assert_int_equal(w.n_runs, 1); /* nothing appended */
    ddb_sweep_destroy(&w);
    ddb_grid_axis_destroy(&a);
}

static void test_expansion_errors(void **state)
{
    (void)state;
    /* Found by parsing every run's scenario before anything runs, naming the grid point. */
    assert_grid_fails("table.wdu=1,2", 1, NULL, "inline.json: table.wdu: unknown field",
                      " (grid point: table.wdu=1)");
    assert_grid_fails("table.wcu=1000,0", 1, NULL, "inline.json: table.wcu: out of range (got 0,",
                      " (grid point: table.wcu=0)");
    assert_grid_fails("workload.rate.rps=abc", 1, NULL, "inline.json: workload.rate.rps: wrong type "
                      "(got \"abc\",", " (grid point: workload.rate.rps=abc)");
    /* The base seed at the top of its range: the last of three seeds is past it. */
    assert_grid_fails("table.wcu=1000", 3, "seed=281474976710655", "inline.json: seed: out of range (got 281474976710657,",
                      " (the last of --seeds 3 from seed 281474976710655) (grid point: "
                      "table.wcu=1000)");
    assert_grid_fails("seed=1,2", 1, NULL, "--grid seed: vary the seed with --seeds N", "or --seed N)");

    ddb_grid_axis axes[2];
    parse_ok("table.wcu=1", &axes[0]);
    parse_ok("table.wcu=2", &axes[1]);
    ddb_sweep w;
    ddb_sweep_init(&w);
    char err[DDB_ERR_MAX];
    assert_int_equal(ddb_sweep_add_grid(&w, tiny, strlen(tiny), "inline.json", NULL, 0, axes, 2,
                                        1, err, sizeof err), -1);
    assert_string_equal(err, "--grid table.wcu: given twice (one --grid per path)");
    assert_int_equal(ddb_sweep_add_grid(&w, tiny, strlen(tiny), "inline.json", NULL, 0, axes, 1,
                                        DDB_SWEEP_MAX_RUNS + 1, err, sizeof err), -1);
    assert_string_equal(err, "too many runs (got more than 1000000 grid points x seeds, expected "
                        "at most 1000000)");
    assert_int_equal(w.n_runs, 0);
    ddb_sweep_destroy(&w);
    ddb_grid_axis_destroy(&axes[0]);
    ddb_grid_axis_destroy(&axes[1]);
}

/* ---- running ---- */

static char *sweep_csv(unsigned jobs, ddb_run_result **results_out, size_t *n_out)
{
    ddb_sweep w;
    ddb_grid_axis axes[2];
    make_grid(&w, axes, 2);
    ddb_run_result *results = calloc(w.n_runs, sizeof *results);
    ddb_sweep_options opt = {jobs, NULL, NULL};
    char err[DDB_ERR_MAX];
    if (ddb_sweep_run(&w, &opt, results, err, sizeof err) != 0)
        fail_msg("%s", err);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ddb_sweep_csv_write(f, axes, 2, 2, results, w.n_runs);
    fclose(f);
    if (results_out) {
        *results_out = results;
        *n_out = w.n_runs;
    } else {
        ddb_sweep_results_free(results, w.n_runs);
        free(results);
    }
    free_grid(&w, axes);
    return text;
}

static void count_progress(void *ctx, size_t done, size_t total)
{
    size_t *calls = ctx;
    assert_int_equal(done, calls[0] + 1);
    assert_int_equal(total, 12);
    calls[0]++;
}

static void test_jobs_give_identical_bytes(void **state)
{
    (void)state;
    char *one = sweep_csv(1, NULL, NULL);
    char *four = sweep_csv(4, NULL, NULL);
    assert_string_equal(one, four);
    /* 12 rows and a header; something throttled, something not. */
    size_t lines = 0;
    for (const char *s = one; *s; s++)
        lines += *s == '\n';
    assert_int_equal(lines, 13);
    free(one);
    free(four);

    /* Progress: once per run, counting up, from whichever worker. */
    ddb_sweep w;
    ddb_grid_axis axes[2];
    make_grid(&w, axes, 2);
    ddb_run_result *results = calloc(w.n_runs, sizeof *results);
    size_t calls[1] = {0};
    ddb_sweep_options opt = {3, count_progress, calls};
    char err[DDB_ERR_MAX];
    assert_int_equal(ddb_sweep_run(&w, &opt, results, err, sizeof err), 0);
    assert_int_equal(calls[0], 12);
    ddb_sweep_results_free(results, w.n_runs);
    free(results);
    free_grid(&w, axes);
}

/* Split one CSV line (no quoted fields in these) into at most max fields. */
static size_t split_line(char *line, char **fields, size_t max)
{
    size_t n = 0;
    for (char *s = line; n < max;) {
        fields[n++] = s;
        char *c = strchr(s, ',');
        if (!c)
            break;
        *c = '\0';
        s = c + 1;
    }
    return n;
}

static void assert_near(const char *field, double want)
{
    if (isnan(want)) {
        assert_string_equal(field, "");
        return;
    }
    double got = strtod(field, NULL);
    if (fabs(got - want) > 0.6e-6)
        fail_msg("got %s, expected %.9g", field, want);
}

static void assert_row(char *line, const ddb_run_spec *spec, const ddb_report *r, uint64_t seed,
                       const ddb_scenario *s)
{
    /* AWS's 16 reasons, in their order (sim/model/reasons.h). */
    enum { R = DDB_AWS_REASON_COUNT, N_COLS = 14 + R };
    char *f[N_COLS + 1];
    assert_int_equal(split_line(line, f, N_COLS + 1), N_COLS);
    assert_string_equal(f[0], strchr(spec->sets[1], '=') + 1);
    assert_string_equal(f[1], strchr(spec->sets[2], '=') + 1);
    uint64_t attempts = r->total.requests[0] + r->total.requests[1];
    uint64_t throttles = r->total.throttles[0] + r->total.throttles[1];
    assert_int_equal(strtoull(f[2], NULL, 10), seed);
    assert_int_equal(strtoull(f[3], NULL, 10), r->total.arrivals);
    assert_int_equal(strtoull(f[4], NULL, 10), attempts);
    assert_int_equal(strtoull(f[5], NULL, 10), throttles);
    assert_near(f[6], (double)throttles / (double)attempts);
    int col = 7;
    uint64_t aws[DDB_AWS_REASON_COUNT];
    ddb_report_aws_throttles(r, aws);
    for (size_t k = 0; k < DDB_AWS_REASON_COUNT; k++)
        assert_near(f[col++], (double)aws[k] / (double)attempts);
    assert_int_equal(col, 7 + R);
    assert_int_equal(strtoull(f[7 + R], NULL, 10), r->total.failed);
    assert_near(f[8 + R], r->latency_ms[1]);
    assert_near(f[9 + R], r->has_hot_partition ? r->hot_peak_per_s / r->hot_cap_per_s : NAN);
    assert_string_equal(f[10 + R], r->has_hot_key ? r->hot_key : "");
    assert_int_equal(strtoull(f[11 + R], NULL, 10), r->n_partitions);
    /* The cost columns: the estimate for the run alone, under the shipped price table. */
    char err[DDB_ERR_MAX];
    const ddb_price_table *t = ddb_price_cached(s->prices, err, sizeof err);
    if (!t)
        fail_msg("%s", err);
    ddb_cost cost;
    ddb_cost_of_run(t, s, r, &cost);
    assert_true(cost.provisioned_usd[DDB_CLASS_STANDARD] > 0);
    assert_true(cost.on_demand_usd[DDB_CLASS_STANDARD] > 0);
    assert_near(f[12 + R], cost.provisioned_usd[s->table_class]);
    assert_near(f[13 + R], cost.on_demand_usd[s->table_class]);
}

/* Each row is what ddb_run reports for that run alone. */
static void test_rows_match_single_runs(void **state)
{
    (void)state;
    ddb_run_result *results;
    size_t n;
    char *csv = sweep_csv(2, &results, &n);
    ddb_sweep w;
    ddb_grid_axis axes[2];
    make_grid(&w, axes, 2);
    assert_int_equal(n, w.n_runs);
    char *line = strchr(csv, '\n') + 1, *header_end = line - 1;
    *header_end = '\0';
    assert_string_equal(csv, "table.wcu,workload.rate.rps,seed,logical_requests,attempts,throttles,"
                        "throttle_rate,"
                        "throttle_rate_TableReadProvisionedThroughputExceeded,"
                        "throttle_rate_TableReadKeyRangeThroughputExceeded,"
                        "throttle_rate_TableReadAccountLimitExceeded,"
                        "throttle_rate_TableReadMaxOnDemandThroughputExceeded,"
                        "throttle_rate_TableWriteProvisionedThroughputExceeded,"
                        "throttle_rate_TableWriteKeyRangeThroughputExceeded,"
                        "throttle_rate_TableWriteAccountLimitExceeded,"
                        "throttle_rate_TableWriteMaxOnDemandThroughputExceeded,"
                        "throttle_rate_IndexReadProvisionedThroughputExceeded,"
                        "throttle_rate_IndexReadKeyRangeThroughputExceeded,"
                        "throttle_rate_IndexReadAccountLimitExceeded,"
                        "throttle_rate_IndexReadMaxOnDemandThroughputExceeded,"
                        "throttle_rate_IndexWriteProvisionedThroughputExceeded,"
                        "throttle_rate_IndexWriteKeyRangeThroughputExceeded,"
                        "throttle_rate_IndexWriteAccountLimitExceeded,"
                        "throttle_rate_IndexWriteMaxOnDemandThroughputExceeded,"
                        "failed,latency_p99_ms,"
                        "hottest_partition_utilization,hottest_key,partitions,"
                        "cost_provisioned_usd_month,cost_on_demand_usd_month");
    uint64_t reasons_seen[2][DDB_THROTTLE_REASON_COUNT] = {{0}};
    for (size_t i = 0; i < n; i++) {
        ddb_scenario s;
        char err[DDB_ERR_MAX];
        if (ddb_scenario_parse(&s, tiny, strlen(tiny), "inline.json",
                               (const char *const *)w.runs[i].sets, w.runs[i].n_sets, err,
                               sizeof err) != 0)
            fail_msg("%s", err);
        ddb_report r;
        ddb_run_options opt = {NULL, NULL, NULL, NULL};
        assert_int_equal(ddb_run(&s, &opt, &r, err, sizeof err), 0);
        assert_memory_equal(&r.total, &results[i].report.total, sizeof r.total);
        assert_int_equal(results[i].seed, s.seed);
        assert_string_equal(results[i].pk, "K#{k}");
        assert_int_equal(results[i].partitions_used, SIZE_MAX); /* no outdir */
        char *next = strchr(line, '\n');
        *next = '\0';
        assert_row(line, &w.runs[i], &r, s.seed, &s);
        line = next + 1;
        for (int d = 0; d < 2; d++)
            for (int k = 0; k < DDB_THROTTLE_REASON_COUNT; k++)
                reasons_seen[d][k] += r.total.by_reason[d][k];
        ddb_report_destroy(&r);
        ddb_scenario_destroy(&s);
    }
    assert_string_equal(line, "");
    /* The grid reaches both throttle reasons, so the columns above were tested with values. */
    assert_true(reasons_seen[DDB_WRITE][DDB_THROTTLE_PROVISIONED] > 0);
    assert_true(reasons_seen[DDB_WRITE][DDB_THROTTLE_KEY_RANGE] > 0);
    ddb_sweep_results_free(results, n);
    free(results);
    free(csv);
    free_grid(&w, axes);
}

/* Runs with an outdir write their files and count the partitions used; a run that cannot write
 * fails the sweep with its message and leaves nothing to free. */
static void test_outdirs(void **state)
{
    (void)state;
    char dir[] = "/tmp/ddbsim-test-sweep-XXXXXX";
    assert_non_null(mkdtemp(dir));
    ddb_sweep w;
    ddb_sweep_init(&w);
    /* One key: one partition of 2 used. Ten shards of it: more. */
    static const char *const one[] = {"duration_s=2", "table.key.pk=\"SENSOR#42\""};
    static const char *const ten[] = {"duration_s=2", "table.key.pk=\"SENSOR#42#{shard:10}\""};
    ddb_sweep_add(&w, tiny, strlen(tiny), "inline.json", one, 2);
    ddb_sweep_add(&w, tiny, strlen(tiny), "inline.json", ten, 2);
    char err[DDB_ERR_MAX];
    assert_int_equal(ddb_sweep_check(&w, err, sizeof err), 0);
    assert_int_equal(w.runs[1].seed, 5);
    char runs[64];
    snprintf(runs, sizeof runs, "%s/runs", dir);
    ddb_sweep_set_outdirs(&w, runs);
    ddb_run_result results[2];
    ddb_sweep_options opt = {2, NULL, NULL};
    assert_int_equal(ddb_sweep_run(&w, &opt, results, err, sizeof err), 0);
    assert_int_equal(results[0].partitions_used, 1);
    assert_true(results[1].partitions_used > 1);
    assert_true(results[1].partitions_used <= results[1].report.n_partitions);
    assert_string_equal(results[1].pk, "SENSOR#42#{shard:10}");
    char path[128];
    snprintf(path, sizeof path, "%s/2/summary.json", runs);
    assert_int_equal(access(path, R_OK), 0);
    ddb_sweep_results_free(results, 2);

    /* A folder that cannot be made: the run fails, and with it the sweep. */
    snprintf(path, sizeof path, "%s/runs/1/summary.json", dir);
    ddb_sweep_set_outdirs(&w, path);
    assert_int_equal(ddb_sweep_run(&w, &opt, results, err, sizeof err), -1);
    assert_non_null(strstr(err, "summary.json"));
    ddb_sweep_destroy(&w);

    /* A spec that does not parse fails ddb_sweep_check with the parser's message. */
    static const char *const bad[] = {"table.wcu=0"};
    ddb_sweep_init(&w);
    ddb_sweep_add(&w, tiny, strlen(tiny), "inline.json", bad, 1);
    assert_int_equal(ddb_sweep_check(&w, err, sizeof err), -1);
    assert_non_null(strstr(err, "inline.json: table.wcu: out of range (got 0,"));
    ddb_sweep_destroy(&w);

    assert_int_equal(ddb_test_rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_lists),
        cmocka_unit_test(test_grid_ranges),
        cmocka_unit_test(test_grid_errors),
        cmocka_unit_test(test_grid_points),
        cmocka_unit_test(test_expansion_order),
        cmocka_unit_test(test_expansion_errors),
        cmocka_unit_test(test_jobs_give_identical_bytes),
        cmocka_unit_test(test_rows_match_single_runs),
        cmocka_unit_test(test_outdirs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
