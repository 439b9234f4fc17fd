/* Transactions (TransactWriteItems, TransactGetItems): what an item costs, all-or-nothing
 * admission on a hot partition, and conflicts, against closed forms. AWS's sources: "Amazon
 * DynamoDB Transactions: How it works"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html: 2 units
 * per item unit, up to 100 items, conflict handling) and TransactionCanceledException
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html:
 * cancelled for insufficient capacity or an ongoing conflicting request). The run folder's
 * per-interval transaction columns add up to summary.json's counts, and cloudwatch.json's
 * TransactionConflict (Sum, TableName: https://docs.aws.amazon.com/amazondynamodb/latest/
 * developerguide/metrics-dimensions.html) to its column. */
#define _POSIX_C_SOURCE 200809L /* tests/testlib.h: mkstemp */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "sim/support/csvin.h"
#include "sim/engine/engine.h"
#include "sim/output/schema.h"
#include "sim/analysis/out_cloudwatch.h"
#include "sim/scenario/scenario.h"
#include "tests/testlib.h"

static void assert_near(double got, double want, double tolerance)
{
    if (got < want - tolerance || got > want + tolerance)
        fail_msg("got %.6f, expected %.6f +- %.6f", got, want, tolerance);
}

#define NO_RETRY "\"retry\": {\"mode\": \"none\", \"max_attempts\": 1}"

/* duration_s seconds; table and workload fields as given; client fields after the retry. */
static void run_tx(int duration_s, const char *table, const char *attrs, const char *workload,
                   const char *client, ddb_report *r)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"duration_s\": %d, \"table\": {%s}, \"attributes\": {%s},"
             " \"workload\": {%s}, \"client\": {" NO_RETRY "%s}}",
             duration_s, table, attrs, workload, client);
    ddb_test_run_json(json, NULL, r);
}

#define BIG_TABLE "\"rcu\": 60000, \"wcu\": 20000, \"quota_rcu\": 60000, \"key\": {\"pk\": \"K#{k}\"}"
#define MANY_KEYS "\"k\": {\"dist\": \"uniform\", \"n\": 1000000}"

/* Each item costs 2 units per rounding unit: 4 writes of 1,600 B (2 KB, 2 WCU) are 16 WCU a
 * transaction; 4 reads of 5,000 B (8 KB, 2 RCU strongly) are 16 RCU. Nothing is cancelled on a
 * table too big to throttle, with keys too many to meet. */
static void test_items_cost_twice(void **state)
{
    (void)state;
    ddb_report r;
    run_tx(20, BIG_TABLE, MANY_KEYS,
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_write\": 1}, \"transact_items\": 4,"
           " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1600}", "", &r);
    const ddb_counters *t = &r.total;
    assert_true(t->arrivals > 1500);
    assert_int_equal(t->succeeded, t->arrivals);
    assert_int_equal(t->requests[DDB_WRITE], t->arrivals); /* one request a transaction */
    assert_int_equal(t->consumed_milli[DDB_WRITE], 16000 * (int64_t)t->arrivals);
    assert_int_equal(t->tx_cancelled_throttling + t->tx_cancelled_conflict, 0);
    ddb_report_destroy(&r);
    run_tx(20, BIG_TABLE, MANY_KEYS,
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_get\": 1}, \"transact_items\": 4,"
           " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 5000}", "", &r);
    assert_int_equal(r.total.consumed_milli[DDB_READ], 16000 * (int64_t)r.total.arrivals);
    ddb_report_destroy(&r);
}

/* k = 5 items of 1 KB on one partition (W = 900 WCU, no adaptive capacity, no split): a
 * transaction needs 2k = 10 WCU of the partition's bucket at once, all or nothing, so the
 * partition commits W / 2k = 90 transactions a second (plus the second of capacity it starts
 * with) and cancels the rest with ThrottlingError, consuming nothing for them: at 200/s, 55%. */
static void test_hot_partition_cancels_its_excess(void **state)
{
    (void)state;
    ddb_report r;
    run_tx(60,
           "\"rcu\": 100, \"wcu\": 900, \"adaptive_capacity\": false, \"split_for_heat\": false,"
           " \"key\": {\"pk\": \"K#{k}\"}",
           MANY_KEYS,
           "\"rate\": {\"rps\": 200}, \"mix\": {\"transact_write\": 1}, \"transact_items\": 5,"
           " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}", "", &r);
    const ddb_counters *t = &r.total;
    assert_int_equal(r.n_partitions, 1);
    double committed = (900.0 * 60 + 900.0) / 10.0; /* (W D + W) / 2k */
    assert_true(fabs((double)t->succeeded - committed) < 0.01 * committed);
    assert_int_equal(t->tx_cancelled_throttling, t->arrivals - t->succeeded - t->tx_cancelled_conflict);
    assert_true(t->tx_cancelled_conflict < t->arrivals / 1000);
    /* Only what committed was consumed: 10 WCU each. */
    assert_int_equal(t->consumed_milli[DDB_WRITE], 10000 * (int64_t)t->succeeded);
    /* One throttle event per cancelled attempt (the item that found no capacity). */
    assert_int_equal(t->by_reason[DDB_WRITE][DDB_THROTTLE_PROVISIONED], t->tx_cancelled_throttling);
    assert_int_equal(t->throttles[DDB_WRITE], t->tx_cancelled_throttling);
    ddb_report_destroy(&r);
}

/* Transactions of one item, all on one key, each holding it for its service time h (twice put's
 * 10 ms, fixed): after a commit every arrival within h is cancelled with TransactionConflict, the
 * next one commits. A loss system with one server: committed share 1 / (1 + lambda h); at 100/s
 * and h = 20 ms, 1/3. Transactional reads do not conflict with each other. */
static void test_conflicts_on_a_hot_item(void **state)
{
    (void)state;
    ddb_report r;
    const char *service = ", \"service_ms\": {\"put\": {\"median\": 10, \"sigma\": 0},"
                          " \"get\": {\"median\": 10, \"sigma\": 0}}";
    run_tx(60, BIG_TABLE, "\"k\": {\"dist\": \"uniform\", \"n\": 1}",
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_write\": 1}, \"transact_items\": 1", service,
           &r);
    const ddb_counters *t = &r.total;
    assert_near((double)t->succeeded / (double)t->arrivals, 1.0 / 3.0, 0.02);
    assert_int_equal(t->tx_cancelled_conflict + t->succeeded, t->arrivals);
    assert_int_equal(t->tx_conflict_items, t->tx_cancelled_conflict); /* one item each */
    assert_int_equal(t->throttles[DDB_WRITE], 0); /* a conflict is not a throttle */
    ddb_report_destroy(&r);
    run_tx(20, BIG_TABLE, "\"k\": {\"dist\": \"uniform\", \"n\": 1}",
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_get\": 1}, \"transact_items\": 1", service,
           &r);
    assert_int_equal(r.total.succeeded, r.total.arrivals);
    ddb_report_destroy(&r);
}

/* AWS's conflict list ("Transaction conflict handling",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling):
 * a put meeting an ongoing TransactWriteItems of its item is refused (TransactionConflictException);
 * a TransactGetItems meeting an ongoing put is cancelled (TransactionConflict); a put meeting an
 * ongoing TransactGetItems is no conflict.
 * One key, 100/s half puts half transactions, puts and gets of 10 ms, a transaction twice that:
 *  - transact_write at 50/s holding for h = 20 ms among themselves commit 1 / (1 + 50 h) = 1/2,
 *    so a commit's holds cover 25 x 0.02 = 50% of the time: that share of the puts is refused;
 *  - puts at 50/s holding for 10 ms overlap freely: they cover 1 - e^(-50 x 0.01) = 39.3% of the
 *    time, that share of the transact_gets is cancelled, and no put is refused. */
static void test_plain_writes_and_transactions_conflict_as_aws_lists(void **state)
{
    (void)state;
    ddb_report r;
    const char *service = ", \"service_ms\": {\"put\": {\"median\": 10, \"sigma\": 0},"
                          " \"get\": {\"median\": 10, \"sigma\": 0}}";
    run_tx(60, BIG_TABLE, "\"k\": {\"dist\": \"uniform\", \"n\": 1}",
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_write\": 0.5, \"put\": 0.5}, \"transact_items\": 1",
           service, &r);
    const ddb_counters *t = &r.total;
    double half = (double)t->arrivals / 2;
    assert_near((double)t->tx_conflict_writes / half, 0.5, 0.03);
    assert_near((double)t->tx_cancelled_conflict / half, 0.5, 0.03);
    assert_int_equal(t->failed, t->tx_conflict_writes + t->tx_cancelled_conflict); /* no retries */
    ddb_report_destroy(&r);
    run_tx(60, BIG_TABLE, "\"k\": {\"dist\": \"uniform\", \"n\": 1}",
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_get\": 0.5, \"put\": 0.5}, \"transact_items\": 1",
           service, &r);
    t = &r.total;
    half = (double)t->arrivals / 2;
    assert_near((double)t->tx_cancelled_conflict / half, 1.0 - exp(-0.5), 0.03);
    assert_int_equal(t->tx_conflict_writes, 0);
    assert_int_equal(t->failed, t->tx_cancelled_conflict);
    ddb_report_destroy(&r);
    /* The same with a BatchWriteItem of one item for the put (AWS lists it among what a
     * TransactGetItems meets): 1 - e^(-0.5) of the transact_gets cancelled. */
    run_tx(60, BIG_TABLE, "\"k\": {\"dist\": \"uniform\", \"n\": 1}",
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_get\": 0.5, \"batch_write\": 0.5},"
           " \"transact_items\": 1, \"batch_write_items\": 1",
           ", \"service_ms\": {\"batch_write\": {\"median\": 10, \"sigma\": 0},"
           " \"get\": {\"median\": 10, \"sigma\": 0}}", &r);
    t = &r.total;
    half = (double)t->arrivals / 2;
    assert_near((double)t->tx_cancelled_conflict / half, 1.0 - exp(-0.5), 0.03);
    ddb_report_destroy(&r);
}

/* ---- the run folder: timeseries.csv's transaction columns, summary.json, cloudwatch.json ---- */

/* The transaction columns of timeseries.csv, and summary.json's transactions field each one sums
 * to (TransactionCanceledException is the first two together). */
static const struct {
    int col;
    const char *summary;
} tx_cols[] = {
    {DDB_TS_TX_CANCELLED_THROTTLING, "cancellation_reasons.ThrottlingError"},
    {DDB_TS_TX_CANCELLED_CONFLICT, "cancellation_reasons.TransactionConflict"},
    {DDB_TS_TX_CONFLICTS, "TransactionConflict"},
    {DDB_TS_TX_CONFLICT_EXCEPTIONS, "TransactionConflictException"},
};
enum { N_TX_COLS = sizeof tx_cols / sizeof tx_cols[0] };

/* Each transaction column of dir/timeseries.csv summed over its rows (every index's). */
static void sum_tx_columns(const char *dir, double sums[N_TX_COLS])
{
    char path[4096], err[DDB_ERR_MAX];
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    ddb_csvin c;
    if (ddb_csvin_open(&c, path, err, sizeof err) != 0)
        fail_msg("%s", err);
    int cols[N_TX_COLS];
    for (size_t k = 0; k < N_TX_COLS; k++) {
        if (ddb_csvin_require(&c, ddb_schema_timeseries.cols[tx_cols[k].col].name, &cols[k], err, sizeof err) != 0)
            fail_msg("%s", err);
        sums[k] = 0;
    }
    while (ddb_csvin_next(&c, err, sizeof err) == 1)
        for (size_t k = 0; k < N_TX_COLS; k++) {
            double x;
            assert_int_equal(ddb_csvin_need_number(&c, cols[k], "a count", &x, err, sizeof err), 0);
            sums[k] += x;
        }
    ddb_csvin_close(&c);
}

/* summary.json's transactions.<path> (dotted), which must be there. */
static double summary_tx(const cJSON *tx, const char *path)
{
    const cJSON *x = tx;
    char part[128];
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, ".");
        snprintf(part, sizeof part, "%.*s", (int)n, p);
        x = cJSON_GetObjectItemCaseSensitive(x, part);
        p += n + (p[n] == '.');
    }
    if (!cJSON_IsNumber(x))
        fail_msg("summary.json has no number at transactions.%s", path);
    return x->valuedouble;
}

/* The sum of cloudwatch.json's series id, or -1 when it has none. */
static double cloudwatch_sum(const cJSON *doc, const char *id)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(doc, "MetricDataResults"))
    {
        const cJSON *i = cJSON_GetObjectItemCaseSensitive(r, "Id");
        if (!cJSON_IsString(i) || strcmp(i->valuestring, id) != 0)
            continue;
        double sum = 0;
        const cJSON *v;
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(r, "Values")) sum += v->valuedouble;
        return sum;
    }
    return -1;
}

/* hot-item-transactions with sets, into dir/sub: the transaction columns summed over the intervals
 * equal summary.json's transactions counts and the run's totals, and cloudwatch.json's
 * TransactionConflict (the table's, Sum) equals the transaction_conflicts column summed. */
static void check_run_folder(const char *dir, const char *sub, const char *const *sets, size_t n_sets,
                             double *conflicts)
{
    char out[4096], err[DDB_ERR_MAX];
    snprintf(out, sizeof out, "%s/%s", dir, sub);
    ddb_scenario s;
    if (ddb_scenario_load(&s, ddb_test_source_path("scenarios/hot-item-transactions.json"), sets, n_sets,
                          err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_run_options opt = {out, NULL, NULL, NULL};
    ddb_report r;
    if (ddb_run(&s, &opt, &r, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_scenario_destroy(&s);

    double sums[N_TX_COLS];
    sum_tx_columns(out, sums);
    const ddb_counters *t = &r.total;
    const uint64_t totals[N_TX_COLS] = {t->tx_cancelled_throttling, t->tx_cancelled_conflict,
                                        t->tx_conflict_items, t->tx_conflict_writes};
    char *text = ddb_test_read(out, "summary.json", NULL);
    cJSON *summary = cJSON_Parse(text);
    free(text);
    assert_non_null(summary);
    const cJSON *tx = cJSON_GetObjectItemCaseSensitive(summary, "transactions");
    assert_non_null(tx);
    for (size_t k = 0; k < N_TX_COLS; k++) {
        if (sums[k] != summary_tx(tx, tx_cols[k].summary))
            fail_msg("%s: %s summed to %g, summary.json's transactions.%s is %g", sub,
                     ddb_schema_timeseries.cols[tx_cols[k].col].name, sums[k], tx_cols[k].summary,
                     summary_tx(tx, tx_cols[k].summary));
        assert_true(sums[k] == (double)totals[k]);
    }
    assert_true(sums[0] + sums[1] == summary_tx(tx, "TransactionCanceledException"));
    cJSON_Delete(summary);
    ddb_report_destroy(&r);

    cJSON *cw = ddb_cloudwatch_build(out, err, sizeof err);
    if (!cw)
        fail_msg("%s", err);
    double cw_sum = cloudwatch_sum(cw, "transactionconflict_table");
    if (cw_sum != sums[2])
        fail_msg("%s: cloudwatch.json's TransactionConflict sums to %g (-1: none), transaction_conflicts to %g",
                 sub, cw_sum, sums[2]);
    cJSON_Delete(cw);
    *conflicts = sums[2];
}

/* The shipped lesson (conflicts, nothing throttled), then the same with a table too small and plain
 * writes beside transactional reads, so that every column counts. A folder whose timeseries.csv
 * predates the columns (cut off here) gives no TransactionConflict and says why; a run without
 * transactions has none (tests/test_cloudwatch.c counts its series). */
static void test_columns_add_up_to_the_summary_and_cloudwatch(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    double conflicts;
    check_run_folder(dir, "shipped", NULL, 0, &conflicts);
    assert_true(conflicts > 1000);
    const char *const sets[] = {"table.wcu=300",
                                "workload.mix={\"transact_write\": 0.5, \"transact_get\": 0.3, \"put\": 0.2}"};
    check_run_folder(dir, "every-column", sets, 2, &conflicts);
    double sums[N_TX_COLS];
    char out[4096], err[DDB_ERR_MAX];
    snprintf(out, sizeof out, "%s/every-column", dir);
    sum_tx_columns(out, sums);
    for (size_t k = 0; k < N_TX_COLS; k++)
        if (!(sums[k] > 100))
            fail_msg("%s summed to %g: the run does not exercise it", ddb_schema_timeseries.cols[tx_cols[k].col].name, sums[k]);

    /* An older folder: every line cut before the first transaction column. */
    size_t keep = 0;
    for (int i = 0; i < DDB_TS_TX_CANCELLED_THROTTLING; i++)
        keep += ddb_column_width(&ddb_schema_timeseries.cols[i]);
    char *text = ddb_test_read(out, "timeseries.csv", NULL);
    char path[4200];
    snprintf(path, sizeof path, "%s/timeseries.csv", out);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        size_t fields = 1, n = 0;
        while (line[n] && !(line[n] == ',' && fields++ == keep))
            n++;
        fprintf(f, "%.*s\n", (int)n, line);
    }
    fclose(f);
    free(text);
    cJSON *cw = ddb_cloudwatch_build(out, err, sizeof err);
    if (!cw)
        fail_msg("%s", err);
    assert_true(cloudwatch_sum(cw, "transactionconflict_table") < 0);
    char *printed = cJSON_PrintUnformatted(cw);
    assert_non_null(strstr(printed, "\"Code\":\"MetricUnavailable\""));
    assert_non_null(strstr(printed, "no transaction_conflicts column"));
    free(printed);
    cJSON_Delete(cw);
    assert_int_equal(ddb_test_rmdir(dir), 0);
    free(dir);
}

/* Bad input: more than DynamoDB's 100 items. */
static void test_bad_transactions_are_refused(void **state)
{
    (void)state;
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    const char *many = "{\"table\": {\"rcu\": 100, \"wcu\": 100, \"key\": {\"pk\": \"K\"}},"
                       " \"workload\": {\"rate\": {\"rps\": 10}, \"mix\": {\"transact_write\": 1},"
                       " \"transact_items\": 101}}";
    assert_int_equal(ddb_scenario_parse(&s, many, strlen(many), "m.json", NULL, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "workload.transact_items"));
    assert_non_null(strstr(err, "100 items"));
}

/* One GSI keyed on a constant (an item written again keeps its entry's key: one index write a
 * write), projection ALL (an entry write costs the item's 1 KB units, not doubled: the index's
 * write is not transactional); backpressure_backlog and wcu as given. */
#define ONE_GSI(wcu, backlog)                                                                   \
    BIG_TABLE ", \"gsi\": [{\"name\": \"g\", \"pk\": \"S\", \"rcu\": 100, \"wcu\": " #wcu ","       \
              " \"propagation_ms\": {\"median\": 1, \"sigma\": 0},"                             \
              " \"backpressure_backlog\": " #backlog "}]"

static void assert_conserved(const ddb_gsi_report *g)
{
    if (g->index_writes != g->applied + g->in_backlog_at_end + g->propagating_at_end)
        fail_msg("%llu index writes, %llu applied + %llu in backlog + %llu propagating",
                 (unsigned long long)g->index_writes, (unsigned long long)g->applied,
                 (unsigned long long)g->in_backlog_at_end, (unsigned long long)g->propagating_at_end);
}

/* A committed transact_write reaches a GSI as its k items written as puts would: k index writes a
 * transaction, each of the item's 1 KB units (k = 4 items of 1,600 B: 2 WCU each on the index,
 * 2 x 2 on the table), applied on an index with room. */
static void test_gsi_takes_committed_items_as_puts(void **state)
{
    (void)state;
    ddb_report r;
    run_tx(20, ONE_GSI(5000, 100000000), MANY_KEYS,
           "\"rate\": {\"rps\": 50}, \"mix\": {\"transact_write\": 1}, \"transact_items\": 4,"
           " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1600}", "", &r);
    assert_int_equal(r.n_gsi, 1);
    const ddb_gsi_report *g = &r.gsi[0];
    uint64_t committed = r.total.succeeded;
    assert_true(committed > 900);
    assert_int_equal(committed, r.total.arrivals);
    assert_int_equal(r.total.consumed_milli[DDB_WRITE], 4 * 2 * 2000 * (int64_t)committed);
    assert_int_equal(g->index_writes, 4 * committed);
    assert_int_equal(g->total.consumed_milli[DDB_WRITE], 2000 * (int64_t)g->applied);
    assert_true(g->applied + 4 * 5 >= g->index_writes); /* a millisecond's writes on their way */
    assert_int_equal(g->total.throttles[DDB_WRITE], 0);
    assert_conserved(g);
    ddb_report_destroy(&r);
}

/* Each item of a transaction reaches the GSI under its own index key (its own plan, kept while
 * the other items are planned): with 4 items a transaction, an index key of 50 values takes
 * counts of writes that are not all multiples of 4, as they would all be were the items to share
 * one key. keys.csv's accessed index keys: every write of a committed transaction is applied on
 * an index with room (its 4 writes arrive together, sigma 0); with 10^9 items none is written
 * twice (which would add a delete on its old index key). */
static void test_each_item_has_its_own_index_key(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    char json[2048];
    snprintf(json, sizeof json,
             "{\"duration_s\": 20, \"name\": \"own-keys\", \"table\": {" BIG_TABLE ", \"gsi\": [{\"name\": \"g\","
             " \"pk\": \"P#{p}\", \"rcu\": 100, \"wcu\": 5000, \"propagation_ms\": {\"median\": 1, \"sigma\": 0}}]},"
             " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 1000000000},"
             " \"p\": {\"dist\": \"uniform\", \"n\": 50}},"
             " \"workload\": {\"rate\": {\"rps\": 50}, \"mix\": {\"transact_write\": 1},"
             " \"transact_items\": 4}, \"client\": {" NO_RETRY "}}");
    ddb_report r;
    char out[4096];
    snprintf(out, sizeof out, "%s/own-keys", dir);
    ddb_test_run_json(json, out, &r);
    ddb_report_destroy(&r);
    char *text = ddb_test_read(out, "keys.csv", NULL);
    size_t keys = 0, not_by_4 = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char kind[32], index[32], key[32];
        long long requests;
        if (sscanf(line, "%31[^,],%*[^,],%31[^,],%31[^,],%lld", kind, index, key, &requests) == 4 &&
            !strcmp(kind, "accessed") && !strcmp(index, "g")) {
            keys++;
            not_by_4 += requests % 4 != 0;
        }
    }
    free(text);
    assert_true(keys >= 10);
    assert_true(not_by_4 > 0);
    assert_int_equal(ddb_test_rmdir(dir), 0);
    free(dir);
}

/* Two GSIs: "all", keyed on a constant with room (every item of a committed transaction is one
 * write on it), and "some", sparse (half the items have its key attribute p) and unable to keep up
 * (100 WCU for some 400 writes a second): it refuses the base writes that touch it for
 * back-pressure. A transaction one of whose items is refused, first or not, is cancelled whole
 * (ThrottlingError, the index's cause as its reason): none of its items reach the table or an
 * index, not even those admitted before the refused one. */
static void test_gsi_backpressure_cancels_whole_transactions(void **state)
{
    (void)state;
    ddb_report r;
    run_tx(20,
           BIG_TABLE ", \"gsi\": [{\"name\": \"all\", \"pk\": \"S\", \"rcu\": 100, \"wcu\": 5000,"
           " \"backpressure_backlog\": 100000000},"
           " {\"name\": \"some\", \"pk\": \"P#{p}\", \"rcu\": 100, \"wcu\": 100, \"backpressure_backlog\": 500}]",
           MANY_KEYS ", \"p\": {\"dist\": \"uniform\", \"n\": 1000, \"present\": 0.5}",
           "\"rate\": {\"rps\": 200}, \"mix\": {\"transact_write\": 1}, \"transact_items\": 4,"
           " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}", "", &r);
    assert_int_equal(r.n_gsi, 2);
    const ddb_gsi_report *all = &r.gsi[0], *some = &r.gsi[1];
    const ddb_counters *t = &r.total;
    uint64_t committed = t->succeeded, cancelled = t->tx_cancelled_throttling;
    assert_true(cancelled > 2000 && committed > 300);
    assert_int_equal(committed + cancelled, t->arrivals);
    assert_int_equal(t->by_reason[DDB_WRITE][DDB_THROTTLE_GSI_BACKPRESSURE], cancelled);
    assert_int_equal(some->backpressure_throttles, cancelled); /* the first refused item stops it */
    assert_int_equal(all->backpressure_throttles, 0);
    assert_int_equal(t->consumed_milli[DDB_WRITE], 4 * 2 * 1000 * (int64_t)committed);
    assert_int_equal(all->index_writes, 4 * committed);
    assert_conserved(all);
    assert_conserved(some);
    ddb_report_destroy(&r);
}

/* LSI entries are written with the item, in the same transaction: charged twice as the item is
 * (3 items of 1,600 B, projection ALL: 2 WCU for the item and 2 for its entry, x 2). */
static void test_lsi_entries_are_charged_twice(void **state)
{
    (void)state;
    ddb_report r;
    run_tx(20,
           "\"rcu\": 1000, \"wcu\": 20000, \"key\": {\"pk\": \"K#{k}\", \"sk\": \"T#{t}\"},"
           " \"lsi\": [{\"name\": \"byT\", \"sk\": \"{t}\"}]",
           MANY_KEYS ", \"t\": {\"dist\": \"uniform\", \"n\": 1000}",
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_write\": 1}, \"transact_items\": 3,"
           " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1600}", "", &r);
    assert_true(r.total.succeeded > 1500);
    assert_int_equal(r.total.succeeded, r.total.arrivals);
    assert_int_equal(r.total.consumed_milli[DDB_WRITE], 3 * (2 + 2) * 2 * 1000 * (int64_t)r.total.succeeded);
    ddb_report_destroy(&r);
}

/* An item that would take its collection past item_collection_limit_gb fails the transaction
 * (ItemCollectionSizeLimitExceeded): not a throttle, nothing consumed, not retried, even with the
 * client's retries on. A 1 KB limit: every item (2 KB, and its 2 KB entry) is past it. */
static void test_collection_limit_fails_the_transaction(void **state)
{
    (void)state;
    char json[2048];
    snprintf(json, sizeof json,
             "{\"duration_s\": 20, \"table\": {\"rcu\": 1000, \"wcu\": 20000,"
             " \"key\": {\"pk\": \"K#{k}\", \"sk\": \"T#{t}\"}, \"item_collection_limit_gb\": 0.000001,"
             " \"lsi\": [{\"name\": \"byT\", \"sk\": \"{t}\"}]},"
             " \"attributes\": {" MANY_KEYS ", \"t\": {\"dist\": \"uniform\", \"n\": 1000}},"
             " \"workload\": {\"rate\": {\"rps\": 100}, \"mix\": {\"transact_write\": 1},"
             " \"transact_items\": 3, \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1600}}}");
    ddb_report r;
    ddb_test_run_json(json, NULL, &r);
    const ddb_counters *t = &r.total;
    assert_true(t->arrivals > 1500);
    assert_int_equal(t->succeeded, 0);
    assert_int_equal(t->failed, t->arrivals);
    assert_int_equal(t->item_collection_size_limit, t->arrivals);
    assert_int_equal(t->requests[DDB_WRITE], t->arrivals); /* one attempt each */
    assert_int_equal(t->tx_cancelled_throttling + t->throttles[DDB_WRITE], 0);
    assert_int_equal(t->consumed_milli[DDB_WRITE], 0);
    ddb_report_destroy(&r);
}

/* A transact_get on a table with a GSI reads the table alone: a transaction never reads an index,
 * and a read writes nothing to it. */
static void test_transact_get_leaves_the_gsi_alone(void **state)
{
    (void)state;
    ddb_report r;
    run_tx(20, ONE_GSI(100, 500), MANY_KEYS,
           "\"rate\": {\"rps\": 100}, \"mix\": {\"transact_get\": 1}, \"transact_items\": 4,"
           " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 4000}", "", &r);
    assert_int_equal(r.total.succeeded, r.total.arrivals);
    assert_int_equal(r.total.consumed_milli[DDB_READ], 4 * 2 * 1000 * (int64_t)r.total.succeeded);
    assert_int_equal(r.gsi[0].index_writes, 0);
    assert_int_equal(r.gsi[0].total.consumed_milli[DDB_READ], 0);
    ddb_report_destroy(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items_cost_twice),
        cmocka_unit_test(test_hot_partition_cancels_its_excess),
        cmocka_unit_test(test_conflicts_on_a_hot_item),
        cmocka_unit_test(test_plain_writes_and_transactions_conflict_as_aws_lists),
        cmocka_unit_test(test_bad_transactions_are_refused),
        cmocka_unit_test(test_gsi_takes_committed_items_as_puts),
        cmocka_unit_test(test_gsi_backpressure_cancels_whole_transactions),
        cmocka_unit_test(test_each_item_has_its_own_index_key),
        cmocka_unit_test(test_lsi_entries_are_charged_twice),
        cmocka_unit_test(test_collection_limit_fails_the_transaction),
        cmocka_unit_test(test_transact_get_leaves_the_gsi_alone),
        cmocka_unit_test(test_columns_add_up_to_the_summary_and_cloudwatch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
