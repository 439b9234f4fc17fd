/* out_cloudwatch: a 150 s run at 1 s intervals read back as one-minute CloudWatch metrics — three
 * periods (two full, one partial, flagged), newest first, exact timestamps, the minute sums equal
 * to the sums of timeseries.csv's rows of that minute, CloudWatch's metric names and ids; a run
 * with reads and writes both throttled leaves the per-reason metrics out and says why; a missing
 * folder is one line. */
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

#include "sim/support/csvin.h"
#include "sim/engine/engine.h"
#include "sim/analysis/out_cloudwatch.h"
#include "sim/scenario/scenario.h"
#include "tests/testlib.h"

static char dir[] = "/tmp/ddbsim-test-cloudwatch-XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ddb_test_rmdir(dir);
}

/* Run json into dir/sub. */
static void run_into(const char *json, const char *sub, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s/%s", dir, sub);
    ddb_report r;
    ddb_test_run_json(json, out, &r);
    ddb_report_destroy(&r);
}

static const cJSON *series(const cJSON *doc, const char *id)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(doc, "MetricDataResults"))
    {
        const cJSON *i = cJSON_GetObjectItemCaseSensitive(r, "Id");
        if (cJSON_IsString(i) && !strcmp(i->valuestring, id))
            return r;
    }
    return NULL;
}

static double value(const cJSON *doc, const char *id, int k)
{
    const cJSON *r = series(doc, id);
    if (!r)
        fail_msg("no series %s", id);
    const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "Values"), k);
    assert_non_null(v);
    return v->valuedouble;
}

/* Sums of timeseries.csv's column col over the rows of index "table" in minute p. */
static double minute_sum(const char *run, const char *col, int p, double *rows)
{
    char path[256], err[512];
    snprintf(path, sizeof path, "%s/timeseries.csv", run);
    ddb_csvin c;
    assert_int_equal(ddb_csvin_open(&c, path, err, sizeof err), 0);
    int ct = ddb_csvin_column(&c, "t_s"), ci = ddb_csvin_column(&c, "index"), cv = ddb_csvin_column(&c, col);
    assert_true(ct >= 0 && ci >= 0 && cv >= 0);
    double sum = 0;
    *rows = 0;
    while (ddb_csvin_next(&c, err, sizeof err) == 1) {
        double t, v;
        assert_int_equal(ddb_csvin_number(&c, ct, &t, err, sizeof err), 0);
        assert_int_equal(ddb_csvin_number(&c, cv, &v, err, sizeof err), 0);
        if (strcmp(ddb_csvin_field(&c, ci), "table") != 0 || (int)(t / 60) != p)
            continue;
        sum += v;
        *rows += 1;
    }
    ddb_csvin_close(&c);
    return sum;
}

static void test_minutes_of_a_write_only_run(void **state)
{
    (void)state;
    /* One hot key, writes only: throttled on its partition's 1,000 WCU/s hard cap. */
    const char *json =
        "{\"name\": \"cw\", \"duration_s\": 150, \"output\": {\"interval_s\": 1},"
        " \"table\": {\"rcu\": 100, \"wcu\": 3000, \"key\": {\"pk\": \"HOT\"}},"
        " \"workload\": {\"rate\": {\"rps\": 1500}, \"mix\": {\"put\": 1}},"
        " \"client\": {\"retry\": {\"mode\": \"none\", \"max_attempts\": 1}}}";
    char run[256], err[1024];
    run_into(json, "w", run, sizeof run);
    cJSON *doc = ddb_cloudwatch_build(run, err, sizeof err);
    if (!doc)
        fail_msg("%s", err);

    const char *const ids[] = {"consumedreadcapacityunits_table", "consumedwritecapacityunits_table",
                               "provisionedreadcapacityunits_table", "provisionedwritecapacityunits_table",
                               "readthrottleevents_table", "writethrottleevents_table",
                               "throttledrequests_table", "readprovisionedthroughputthrottleevents_table",
                               "writeprovisionedthroughputthrottleevents_table",
                               "readkeyrangethroughputthrottleevents_table",
                               "writekeyrangethroughputthrottleevents_table",
                               "readaccountlimitthrottleevents_table",
                               "writeaccountlimitthrottleevents_table",
                               "readmaxondemandthroughputthrottleevents_table",
                               "writemaxondemandthroughputthrottleevents_table"};
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "MetricDataResults")),
                     (int)(sizeof ids / sizeof ids[0]));
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const cJSON *r = series(doc, ids[i]);
        if (!r)
            fail_msg("no series %s", ids[i]);
        const cJSON *ts = cJSON_GetObjectItemCaseSensitive(r, "Timestamps");
        assert_int_equal(cJSON_GetArraySize(ts), 3);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "Values")), 3);
        assert_string_equal(cJSON_GetArrayItem(ts, 0)->valuestring, "2026-01-01T00:02:00Z");
        assert_string_equal(cJSON_GetArrayItem(ts, 1)->valuestring, "2026-01-01T00:01:00Z");
        assert_string_equal(cJSON_GetArrayItem(ts, 2)->valuestring, "2026-01-01T00:00:00Z");
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(r, "StatusCode")->valuestring, "Complete");
    }
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(series(doc, "consumedwritecapacityunits_table"), "Label")
                            ->valuestring,
                        "TableName=cw ConsumedWriteCapacityUnits Sum");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(series(doc, "provisionedwritecapacityunits_table"), "Label")
                            ->valuestring,
                        "TableName=cw ProvisionedWriteCapacityUnits Average");

    /* Values[k] is minute 2 - k. */
    double throttled_total = 0;
    for (int p = 0; p < 3; p++) {
        int k = 2 - p;
        double rows;
        assert_true(fabs(value(doc, "consumedwritecapacityunits_table", k) -
                         minute_sum(run, "consumed_wcu", p, &rows)) < 1e-6);
        assert_int_equal((int)rows, p < 2 ? 60 : 30);
        assert_true(fabs(value(doc, "consumedreadcapacityunits_table", k) -
                         minute_sum(run, "consumed_rcu", p, &rows)) < 1e-6);
        assert_true(fabs(value(doc, "provisionedwritecapacityunits_table", k) -
                         minute_sum(run, "provisioned_wcu", p, &rows) / rows) < 1e-6);
        double wt = minute_sum(run, "write_throttles", p, &rows);
        double rt = minute_sum(run, "read_throttles", p, &rows);
        double kr = minute_sum(run, "throttles_key_range", p, &rows);
        double pr = minute_sum(run, "throttles_provisioned", p, &rows);
        assert_true(fabs(value(doc, "throttledrequests_table", k) - (wt + rt)) < 1e-9);
        assert_true(fabs(value(doc, "writekeyrangethroughputthrottleevents_table", k) - kr) < 1e-9);
        assert_true(fabs(value(doc, "writeprovisionedthroughputthrottleevents_table", k) - pr) < 1e-9);
        assert_true(fabs(value(doc, "writethrottleevents_table", k) - (kr + pr)) < 1e-9);
        assert_true(value(doc, "readthrottleevents_table", k) == 0);
        assert_true(value(doc, "readkeyrangethroughputthrottleevents_table", k) == 0);
        throttled_total += wt;
    }
    assert_true(throttled_total > 0); /* the run did throttle: the sums above are not all zero */
    assert_true(value(doc, "consumedwritecapacityunits_table", 1) > 0);

    /* The partial last minute is flagged. */
    const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(doc, "Messages");
    assert_int_equal(cJSON_GetArraySize(msgs), 1);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(msgs, 0), "Code")->valuestring,
                        "PartialPeriod");
    assert_non_null(strstr(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(msgs, 0), "Value")->valuestring,
                           "2026-01-01T00:02:00Z covers only 30 of its 60 seconds"));
    cJSON_Delete(doc);

    /* The file: written under its final name, parses, same document. */
    assert_int_equal(ddb_cloudwatch_write(run, err, sizeof err), 0);
    char *text = ddb_test_read(run, "cloudwatch.json", NULL);
    cJSON *back = cJSON_Parse(text);
    free(text);
    assert_non_null(back);
    assert_non_null(series(back, "writekeyrangethroughputthrottleevents_table"));
    cJSON_Delete(back);
}

static void test_both_directions_throttled_leave_reasons_out(void **state)
{
    (void)state;
    const char *json =
        "{\"name\": \"mixed\", \"duration_s\": 120, \"output\": {\"interval_s\": 1},"
        " \"table\": {\"rcu\": 50, \"wcu\": 50, \"burst_s\": 0, \"key\": {\"pk\": \"K#{k}\"}},"
        " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 100}},"
        " \"workload\": {\"rate\": {\"rps\": 400}, \"mix\": {\"put\": 0.5, \"get\": 0.5}},"
        " \"client\": {\"retry\": {\"mode\": \"standard\", \"max_attempts\": 1}}}";
    char run[256], err[1024];
    run_into(json, "m", run, sizeof run);
    cJSON *doc = ddb_cloudwatch_build(run, err, sizeof err);
    if (!doc)
        fail_msg("%s", err);
    assert_null(series(doc, "writekeyrangethroughputthrottleevents_table"));
    assert_null(series(doc, "readprovisionedthroughputthrottleevents_table"));
    assert_non_null(series(doc, "writethrottleevents_table"));
    const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(doc, "Messages");
    assert_int_equal(cJSON_GetArraySize(msgs), 1); /* two whole minutes: no partial period */
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(msgs, 0), "Code")->valuestring,
                        "DirectionUnknown");
    double rows;
    assert_true(fabs(value(doc, "writethrottleevents_table", 0) - minute_sum(run, "write_throttles", 1, &rows)) < 1e-9);
    assert_true(fabs(value(doc, "readthrottleevents_table", 1) - minute_sum(run, "read_throttles", 0, &rows)) < 1e-9);
    assert_true(value(doc, "readthrottleevents_table", 1) > 0);
    cJSON_Delete(doc);
}

/* GSI rows (the engine's GSIs write them as index NAME): their own series, ids and labels. */
static void test_gsi_rows_have_their_own_series(void **state)
{
    (void)state;
    char run[300], path[400], err[1024];
    snprintf(run, sizeof run, "%s/m", dir);
    snprintf(path, sizeof path, "%s/timeseries.csv", run);
    char hdr[1024];
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(hdr, sizeof hdr, f));
    fclose(f);
    int commas = 0;
    for (const char *p = hdr; *p; p++)
        commas += *p == ',';
    assert_int_equal(commas, 30); /* the columns this test fills in, in the file's order */
    f = fopen(path, "a");
    assert_non_null(f);
    /* t_s,index,rreq,wreq,rthr,wthr,crcu,cwcu,prcu,pwcu,retries,p50,p99,thr_prov,thr_kr,
     * thr_max_on_demand,thr_account_limit,thr_on_demand,thr_bp,thr_bp_kr,thr_bp_max,thr_bp_account,failed,logical,succeeded,
     * unprocessed,item_collection_size_limit,tx_cancelled_throttling,tx_cancelled_conflict,
     * transaction_conflicts,transaction_conflict_exceptions */
    fputs("0,by_user,0,10,0,2,0,7.5,5,40,0,,,1,1,0,0,0,0,0,0,0,0,10,8,0,0,0,0,0,0\n", f);
    fputs("1,by_user,0,10,0,1,0,8.25,5,50,0,,,0,1,0,0,0,0,0,0,0,0,10,9,0,0,0,0,0,0\n", f);
    fputs("61,by_user,0,4,0,0,0,4,5,60,0,,,0,0,0,0,0,0,0,0,0,0,4,4,0,0,0,0,0,0\n", f);
    fclose(f);
    cJSON *doc = ddb_cloudwatch_build(run, err, sizeof err);
    if (!doc)
        fail_msg("%s", err);
    const cJSON *r = series(doc, "consumedwritecapacityunits_gsi1");
    assert_non_null(r);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(r, "Label")->valuestring,
                        "TableName=mixed GlobalSecondaryIndexName=by_user ConsumedWriteCapacityUnits Sum");
    assert_true(value(doc, "consumedwritecapacityunits_gsi1", 1) == 15.75);
    assert_true(value(doc, "consumedwritecapacityunits_gsi1", 0) == 4);
    assert_true(value(doc, "provisionedwritecapacityunits_gsi1", 1) == 45);
    assert_true(value(doc, "writethrottleevents_gsi1", 1) == 3);       /* events: 1 + 1 + 1 */
    assert_true(value(doc, "throttledrequests_gsi1", 1) == 3);
    assert_true(value(doc, "writekeyrangethroughputthrottleevents_gsi1", 1) == 2);
    assert_true(value(doc, "writeprovisionedthroughputthrottleevents_gsi1", 1) == 1);
    assert_true(value(doc, "readthrottleevents_gsi1", 1) == 0);
    cJSON_Delete(doc);
}

/* On-demand: events of every reason count in WriteThrottleEvents, the allowance still growing
 * in WriteKeyRangeThroughputThrottleEvents (the AWS reason it is reported as), and the on-demand
 * maximum has its AWS metric. */
static void test_on_demand_reasons(void **state)
{
    (void)state;
    const char *json =
        "{\"name\": \"od\", \"duration_s\": 120, \"output\": {\"interval_s\": 1},"
        " \"table\": {\"billing\": \"on_demand\", \"warm_throughput\": {\"read_units_per_s\": 100,"
        " \"write_units_per_s\": 100}, \"max_wcu\": 150, \"key\": {\"pk\": \"K#{k}\"}},"
        " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 100}},"
        " \"workload\": {\"rate\": {\"rps\": 200}, \"mix\": {\"put\": 1}},"
        " \"client\": {\"retry\": {\"mode\": \"none\", \"max_attempts\": 1}}}";
    char run[256], err[1024];
    run_into(json, "od", run, sizeof run);
    cJSON *doc = ddb_cloudwatch_build(run, err, sizeof err);
    if (!doc)
        fail_msg("%s", err);
    double rows;
    double events = value(doc, "writethrottleevents_table", 1) + value(doc, "writethrottleevents_table", 0);
    double all = minute_sum(run, "write_throttles", 0, &rows) + minute_sum(run, "write_throttles", 1, &rows);
    assert_true(events > 8000);          /* the first minute at 100/s, then 150/s, of 200 */
    assert_true(fabs(events - all) < 1e-9);
    /* The second minute (listed first): the allowance grew to 2 x 100/s, so max_wcu's 150/s held
     * it alone; in the first the 100/s allowance did (what it refuses takes nothing from the
     * maximum's 150/s, which never binds). */
    double max = value(doc, "writemaxondemandthroughputthrottleevents_table", 0);
    assert_true(max > 2500 && max == value(doc, "writethrottleevents_table", 0));
    assert_true(value(doc, "writemaxondemandthroughputthrottleevents_table", 1) == 0);
    assert_true(value(doc, "writethrottleevents_table", 1) > 5000);
    assert_true(value(doc, "writekeyrangethroughputthrottleevents_table", 1) ==
                value(doc, "writethrottleevents_table", 1));
    cJSON_Delete(doc);
}

static void test_bad_folders_are_one_line(void **state)
{
    (void)state;
    char err[1024], missing[300];
    snprintf(missing, sizeof missing, "%s/no-such-run", dir);
    assert_null(ddb_cloudwatch_build(missing, err, sizeof err));
    assert_non_null(strstr(err, "no-such-run"));
    assert_null(strchr(err, '\n'));
    assert_int_equal(ddb_cloudwatch_write(missing, err, sizeof err), -1);

    /* A malformed timeseries.csv in an otherwise complete folder. */
    char run[300], path[400];
    snprintf(run, sizeof run, "%s/w", dir);
    snprintf(path, sizeof path, "%s/timeseries.csv", run);
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    fputs("1,table,oops\n", f);
    fclose(f);
    assert_null(ddb_cloudwatch_build(run, err, sizeof err));
    assert_non_null(strstr(err, "timeseries.csv"));
    assert_null(strchr(err, '\n'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minutes_of_a_write_only_run),
        cmocka_unit_test(test_both_directions_throttled_leave_reasons_out),
        cmocka_unit_test(test_gsi_rows_have_their_own_series),
        cmocka_unit_test(test_on_demand_reasons),
        cmocka_unit_test(test_bad_folders_are_one_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
