/* Tests of the verdict, read from a run's output folder alone (sim/rundir, sim/verdict,
 * sim/describe): each teaching scenario gets the diagnosis it is there to teach, in words with the
 * numbers behind them; a hand-made folder with a GSI and a split is read in full; a folder with a
 * missing or malformed file is one error line naming the file. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/analysis/describe.h"
#include "sim/engine/engine.h"
#include "sim/output/run_files.h"
#include "sim/analysis/rundir.h"
#include "sim/scenario/scenario.h"
#include "sim/support/strbuf.h"
#include "sim/analysis/verdict.h"
#include "tests/testlib.h"

static char tmp[] = "/tmp/ddbsim-test-verdict-XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ddb_test_rmdir(tmp);
}

/* Run scenarios/NAME.json (or another file of the source tree, "bench/bench") with overrides into
 * TMP/NAME and return that folder. */
static const char *run(const char *name, const char *const *sets, size_t n_sets)
{
    static char outdir[256];
    char rel[512], err[DDB_ERR_MAX];
    snprintf(rel, sizeof rel, "%s%s.json", strchr(name, '/') ? "" : "scenarios/", name);
    const char *path = ddb_test_source_path(rel);
    snprintf(outdir, sizeof outdir, "%s/%s", tmp, strchr(name, '/') ? strchr(name, '/') + 1 : name);
    ddb_scenario s;
    if (ddb_scenario_load(&s, path, sets, n_sets, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_run_options opt = {outdir, NULL, NULL, NULL};
    ddb_report r;
    if (ddb_run(&s, &opt, &r, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_report_destroy(&r);
    ddb_scenario_destroy(&s);
    return outdir;
}

/* Everything the verdict says, in one string. */
static char *all_text(const ddb_verdict *v)
{
    ddb_strbuf b = {0};
    ddb_strbuf_printf(&b, "%s\n", v->headline);
    for (size_t i = 0; i < v->n_findings; i++)
        ddb_strbuf_printf(&b, "%s\n", v->findings[i]);
    if (v->advice)
        ddb_strbuf_printf(&b, "%s\n", v->advice);
    for (size_t i = 0; i < v->n_numbers; i++)
        ddb_strbuf_printf(&b, "%s: %s\n", v->numbers[i].label, v->numbers[i].value);
    return ddb_strbuf_take(&b);
}

static void assert_matches(const char *text, const char *pattern)
{
    regex_t re;
    assert_int_equal(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
    int rc = regexec(&re, text, 0, NULL, 0);
    regfree(&re);
    if (rc != 0)
        fail_msg("/%s/ not found in:\n%s", pattern, text);
}

static void load(ddb_rundir *r, const char *dir)
{
    char err[1024];
    if (ddb_rundir_load(r, dir, err, sizeof err) != 0)
        fail_msg("%s", err);
}

/* hot-key.json: one key at ~2,000 WCU/s on a 10,000 WCU table is held to its partition's
 * 1,000 WCU/s; the verdict must say so with those numbers and the AWS reason. */
static void test_hot_key(void **state)
{
    (void)state;
    ddb_rundir r;
    load(&r, run("hot-key", NULL, 0));
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    assert_int_equal(v.kind, DDB_VERDICT_HOT_KEY);
    assert_matches(v.headline, "^Hot key: SENSOR#42 asked for (1,9[5-9][0-9]|2,0[0-4][0-9]) WCU/s");
    assert_matches(v.headline, "hard cap of 1,000 WCU/s");
    assert_matches(v.headline, "key range throttling: [0-9,]+ TableWriteKeyRangeThroughputExceeded in all");
    assert_matches(v.headline, "10,000 WCU provisioned");
    char *text = all_text(&v);
    assert_matches(text, "Hottest key SENSOR#42 asked for (1,9[5-9][0-9]|2,0[0-4][0-9]) WCU/s against a 1,000 WCU/s limit");
    assert_matches(text, "Hottest partition #[0-9]+ was throttled 100% of the time between [01] s and 60 s");
    assert_matches(text, "the limit was a partition's, not the table's");
    assert_matches(v.advice, "More capacity will not help: spread SENSOR#42");
    free(text);
    char *words = ddb_describe_scenario(&r);
    assert_matches(words, "^A provisioned table of 100 RCU and 10,000 WCU over 11 partitions");
    assert_matches(words, "partition key SENSOR#42\\. Workload: 2,000 requests/s, constant; 100% put; items of 1,000 bytes");
    assert_matches(words, "60 s simulated \\(seed 7\\)");
    free(words);
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

static void test_under_provisioned(void **state)
{
    (void)state;
    ddb_rundir r;
    static const char *const sets[] = {"duration_s=30"};
    load(&r, run("uniform-overload", sets, 1));
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    assert_int_equal(v.kind, DDB_VERDICT_UNDER_PROVISIONED);
    assert_matches(v.headline, "^Under-provisioned: the table ran out of its provisioned 1,000 WCU/s");
    assert_matches(v.headline, "(4[5-9]|5[0-5])(\\.[0-9])?% of attempts were throttled \\([0-9,]+ TableWriteProvisionedThroughputExceeded\\)");
    assert_matches(v.advice, "^Provision more WCU");
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

/* bench.json: the table is short of WCU, and its hottest key alone asks more than a partition's cap:
 * the diagnosis is the table's, and the advice names the key too. */
static void test_under_provisioned_with_a_hot_key(void **state)
{
    (void)state;
    ddb_rundir r;
    static const char *const sets[] = {"duration_s=30"};
    load(&r, run("bench/bench", sets, 1));
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    assert_int_equal(v.kind, DDB_VERDICT_UNDER_PROVISIONED);
    assert_matches(v.advice, "^Provision more WCU.* And USER#0 alone asks more than one partition can serve");
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

static void test_no_throttling(void **state)
{
    (void)state;
    ddb_rundir r;
    static const char *const sets[] = {"duration_s=20"};
    load(&r, run("write-sharding", sets, 1));
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    assert_int_equal(v.kind, DDB_VERDICT_OK);
    assert_matches(v.headline, "^No throttling: all [0-9,]+ requests were served\\. The busiest partition, partition #[0-9]+, peaked at [0-9.]+% of its hard cap of 1,000 WCU/s");
    assert_null(v.advice);
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

/* Transactions cancelled for conflicts on a hot item: nothing throttled, and the findings name
 * TransactionConflict and say capacity is not the cure. */
static void test_transaction_conflicts(void **state)
{
    (void)state;
    ddb_rundir r;
    static const char *const sets[] = {"duration_s=20"};
    load(&r, run("hot-item-transactions", sets, 1));
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    char *text = all_text(&v);
    assert_matches(text, "[0-9,]+ transaction attempts were cancelled with TransactionConflict and 0 "
                         "plain writes refused \\(TransactionConflictException\\)");
    assert_matches(text, "More capacity does not help");
    assert_null(strstr(text, "ThrottlingError"));
    /* The conflicts are the verdict (more of them than throttles: none), its count summary.json's. */
    assert_int_equal(v.kind, DDB_VERDICT_TRANSACTION_CONFLICT);
    assert_string_equal(ddb_verdict_kind_name(v.kind), "transaction conflicts");
    char count[64];
    ddb_strbuf b = {0};
    ddb_strbuf_number(&b, ddb_rundir_num(&r, "transactions.cancellation_reasons.TransactionConflict", -1), 0);
    char *n = ddb_strbuf_take(&b);
    snprintf(count, sizeof count, "Transaction conflicts: %s of ", n);
    free(n);
    assert_non_null(strstr(v.headline, count));
    assert_matches(v.headline, "nothing was throttled\\.$");
    assert_matches(v.advice, "^More capacity will not help: keep hot items");
    free(text);
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

/* A hand-made folder (tests/fixtures/run-gsi-split): a GSI, a split, a key with a comma. */
/* The table serves everything, but its GSI cannot keep up: the verdict says so instead of a
 * plain "no throttling". */
static void test_no_throttling_but_a_lagging_index(void **state)
{
    (void)state;
    ddb_rundir r;
    load(&r, run("gsi-underprovisioned", NULL, 0));
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    assert_int_equal(v.kind, DDB_VERDICT_OK);
    assert_matches(v.headline, "^No throttling: all [0-9,]+ requests were served\\. But global secondary "
                               "index byCustomer fell behind: its backlog of index writes peaked at "
                               "[0-9,]+ at [0-9.]+ s and its replication lag p99 reached [0-9,]+ ms");
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
    /* an index that keeps up is not mentioned */
    load(&r, run("gsi-healthy", NULL, 0));
    ddb_verdict_make(&v, &r);
    assert_int_equal(v.kind, DDB_VERDICT_OK);
    assert_null(strstr(v.headline, "fell behind"));
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

/* gsi-low-cardinality.json: the table has capacity to spare, its index does not; the window
 * finding names the index as the limit, not "a partition". */
static void test_backpressure_names_the_index(void **state)
{
    (void)state;
    ddb_rundir r;
    load(&r, run("gsi-low-cardinality", NULL, 0));
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    assert_int_equal(v.kind, DDB_VERDICT_GSI_BACKPRESSURE);
    char *text = all_text(&v);
    assert_matches(text, "the table consumed [0-9,]+ WCU/s on average against 10,000 WCU provisioned "
                         "\\([0-9.]+%\\): the limit was index byStatus's \\(GSI back-pressure\\), not "
                         "the table's\\.");
    assert_null(strstr(text, "the limit was a partition's"));
    /* its cause: two status values, so two index partitions at their hard cap */
    assert_matches(v.headline, "^GSI back-pressure: index byStatus could not keep up with the base "
                               "table's writes: its hot partitions were at their hard cap");
    /* the hot index key named by its value (keys.csv's index rows), in the headline and the GSI's
     * finding; the reason quoted with summary.json's count of it */
    assert_matches(v.headline, "; its hottest key, (OPEN|CLOSED), had [0-9,]+ requests, [0-9.]+% of them "
                               "throttled, so base-table writes were refused \\([0-9,]+ "
                               "IndexWriteKeyRangeThroughputExceeded\\)\\.$");
    assert_matches(text, "GSI byStatus: replication lag .*; its hottest key, (OPEN|CLOSED), had");
    assert_matches(v.advice, "^Give the index a key that spreads its writes \\(more capacity will not");
    free(text);
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

/* A table short of capacity whose index is short too: the headline's share of throttled requests
 * is the table's own (the index's waiting writes are throttle events no client sent). */
static void test_under_provisioned_with_a_lagging_index(void **state)
{
    (void)state;
    ddb_rundir r;
    static const char *const sets[] = {"table.wcu=1500", "table.gsi[0].backpressure_backlog=100000000"};
    load(&r, run("gsi-underprovisioned", sets, 2));
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    assert_int_equal(v.kind, DDB_VERDICT_UNDER_PROVISIONED);
    double want = 100.0 * ddb_rundir_num(&r, "throttle_rate_by_reason.TableWriteProvisionedThroughputExceeded", -1);
    assert_true(want > 10 && want < 60);
    const char *at = strstr(v.headline, ", so ");
    assert_non_null(at);
    double got = strtod(at + 5, NULL);
    if (fabs(got - want) > 0.1)
        fail_msg("headline says %.1f%% throttled, the table's own rate is %.1f%%: %s", got, want, v.headline);
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

static void test_fixture_gsi_split(void **state)
{
    (void)state;
    const char *dir = ddb_test_source_path("tests/fixtures/run-gsi-split");
    ddb_rundir r;
    load(&r, dir);
    assert_int_equal(r.n_indexes, 2);
    assert_string_equal(r.indexes[0].name, "table");
    assert_string_equal(r.indexes[1].name, "byStatus");
    assert_true(r.interval_s == 1);
    assert_int_equal(r.n_splits, 1);
    assert_true(r.splits[0].t_s == 5 && r.splits[0].partition == 1);
    assert_int_equal(r.n_gsis, 1);
    assert_true(r.gsis[0].backlog_max == 2800);
    assert_true(ddb_rundir_reason_total(&r, DDB_THROTTLE_GSI_BACKPRESSURE) == 200);
    assert_int_equal(r.n_accessed, 7);
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    assert_int_equal(v.kind, DDB_VERDICT_HOT_PARTITION);
    char *text = all_text(&v);
    assert_matches(text, "Hottest partition #1 was throttled 90% of the time between 0 s and 10 s \\(in 9 of 10 intervals of 1 s\\)");
    assert_matches(text, "1 partition split: partition #1 at 5 s \\(for heat: 1 -> 1, 2\\)");
    assert_matches(text, "GSI byStatus: replication lag p99 reached 1,100 ms \\(max 1,390 ms\\); its backlog peaked at 2,800 updates at 9 s; 200 base-table writes were refused by back-pressure; 135 reads on it were stale");
    free(text);
    char *words = ddb_describe_scenario(&r);
    assert_matches(words, "Global secondary index: byStatus keyed \\{status\\} with 1,000 RCU and 500 WCU");
    free(words);
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

static void expect_error(const char *dir, const char *part)
{
    ddb_rundir r;
    char err[1024];
    assert_int_equal(ddb_rundir_load(&r, dir, err, sizeof err), -1);
    if (!strstr(err, part) || strchr(err, '\n'))
        fail_msg("error \"%s\" is not one line containing \"%s\"", err, part);
}

/* on-demand-spike.json: a jump past double the previous peak; the verdict names on-demand growth
 * and says to pre-warm. */
static void test_on_demand_growing(void **state)
{
    (void)state;
    ddb_rundir r;
    static const char *const sets[] = {"duration_s=360"};
    load(&r, run("on-demand-spike", sets, 1));
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    assert_int_equal(v.kind, DDB_VERDICT_THROTTLED);
    assert_matches(v.headline, "^On-demand capacity still growing: the table serves up to double its previous peak");
    assert_matches(v.headline, "TableWriteKeyRangeThroughputExceeded"); /* AWS's name for it */
    assert_matches(v.advice, "^Pre-warm the table \\(warm_throughput\\)");
    char *text = all_text(&v);
    assert_matches(text, "partition splits: partition #0 at 60 s \\(for capacity: 0 -> 0, 5\\)");
    /* an on-demand table is not "0 RCU and 0 WCU provisioned" */
    assert_matches(text, "table: on-demand over [0-9]+ partitions; each partition's share");
    free(text);
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

/* The same jump on an on-demand table's GSI (the table warm enough for it; its base writes are
 * throttled by the index's back-pressure): the verdict names the index and says to pre-warm it. */
static void test_on_demand_index_growing(void **state)
{
    (void)state;
    ddb_rundir r;
    static const char *const sets[] = {
        "duration_s=360",
        "table.warm_throughput={\"read_units_per_s\": 12000, \"write_units_per_s\": 8000}",
        "attributes.day={\"dist\": \"uniform\", \"n\": 100000}",
        "table.gsi=[{\"name\": \"byDay\", \"pk\": \"DAY#{day}\", \"projection\": \"KEYS_ONLY\","
        " \"key_change\": 0, \"backpressure_backlog\": 10000,"
        " \"warm_throughput\": {\"read_units_per_s\": 12000, \"write_units_per_s\": 1000}}]"};
    load(&r, run("on-demand-spike", sets, 4));
    ddb_verdict v;
    ddb_verdict_make(&v, &r);
    /* What the clients met was back-pressure; its cause, the index's growth, is named. */
    assert_int_equal(v.kind, DDB_VERDICT_GSI_BACKPRESSURE);
    assert_matches(v.headline, "^GSI back-pressure: index byDay could not keep up with the base table's "
                               "writes while its on-demand capacity was still growing");
    assert_matches(v.headline, "IndexWriteKeyRangeThroughputExceeded");
    assert_matches(v.advice, "^Pre-warm the index \\(warm_throughput\\)");
    ddb_verdict_destroy(&v);
    ddb_rundir_destroy(&r);
}

static void test_bad_folders(void **state)
{
    (void)state;
    char dir[512], cmd[10000];
    snprintf(dir, sizeof dir, "%s/missing", tmp);
    expect_error(dir, "missing: cannot read (No such file or directory)");
    snprintf(dir, sizeof dir, "%s/bad", tmp);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s'/*.* '%s'", dir,
             ddb_test_source_path("tests/fixtures/run-gsi-split"), dir);
    assert_int_equal(system(cmd), 0);
    ddb_test_write(dir, "summary.json", "{\"name\": \"x\",");
    expect_error(dir, "bad/summary.json: not a JSON object");
    ddb_test_write(dir, "summary.json", "{\"name\": \"x\"}");
    expect_error(dir, "bad/summary.json: no duration_s or totals");
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", ddb_test_source_path("tests/fixtures/run-gsi-split/summary.json"), dir);
    assert_int_equal(system(cmd), 0);
    ddb_test_write(dir, "keys.csv", "kind,rank,index,key,requests,throttles,consumed_rcu,consumed_wcu\naccessed,1,table,K,5\n");
    expect_error(dir, "bad/keys.csv:2: expected 8 fields, got 5");
    ddb_test_write(dir, "keys.csv", "kind,rank,index,key,requests\n");
    expect_error(dir, "bad/keys.csv: no column throttles in the header");
    snprintf(cmd, sizeof cmd, "rm '%s/keys.csv'", dir);
    assert_int_equal(system(cmd), 0);
    expect_error(dir, "bad/keys.csv: cannot read (No such file or directory)");
    ddb_test_write(dir, "keys.csv", "kind,rank,index,key,requests,throttles,consumed_rcu,consumed_wcu\n");
    ddb_test_write(dir, "partitions.csv", "t_s,index,partition,consumed_rcu,consumed_wcu,read_throttles,write_throttles\n0,table,one,1,1,0,0\n");
    expect_error(dir, "bad/partitions.csv:2: partition: not a number (got \"one\")");
    ddb_test_write(dir, "partitions.csv", "t_s,index,partition,consumed_rcu,consumed_wcu,read_throttles,write_throttles\n,table,1,1,1,0,0\n");
    expect_error(dir, "bad/partitions.csv:2: t_s: empty");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hot_key),
        cmocka_unit_test(test_under_provisioned),
        cmocka_unit_test(test_under_provisioned_with_a_hot_key),
        cmocka_unit_test(test_no_throttling),
        cmocka_unit_test(test_transaction_conflicts),
        cmocka_unit_test(test_no_throttling_but_a_lagging_index),
        cmocka_unit_test(test_backpressure_names_the_index),
        cmocka_unit_test(test_under_provisioned_with_a_lagging_index),
        cmocka_unit_test(test_fixture_gsi_split),
        cmocka_unit_test(test_on_demand_growing),
        cmocka_unit_test(test_on_demand_index_growing),
        cmocka_unit_test(test_bad_folders),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
