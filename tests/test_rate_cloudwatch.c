/* A get-metric-data export (or a console CSV download) as a rate profile: periods, gaps, time
 * zones, bursts that keep each period's total, throttled requests added to the consumed capacity,
 * and one-line errors naming file, path, value and what was expected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "workloads/rate_cloudwatch.h"

static char path[64];

static void write_export_as(const char *json, const char *ext)
{
    snprintf(path, sizeof path, "/tmp/ddbsim-cw-%d.%s", (int)getpid(), ext);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(json, f);
    fclose(f);
}

static void write_export(const char *json)
{
    write_export_as(json, "json");
}

static int load(const char *json, const char *id, enum ddb_cw_within within, ddb_rate_spec *out,
                double *span, char *err)
{
    write_export(json);
    ddb_cw_profile p = {path, id, 0, 2.0, within, 0.5, false, NULL};
    int rc = ddb_rate_from_cloudwatch(&p, 7, out, span, err, 512);
    unlink(path);
    return rc;
}

/* Three one-minute sums, newest first as the CLI prints them, one minute missing. */
static const char three_minutes[] =
    "{\"MetricDataResults\": [{\"Id\": \"w\", \"Label\": \"ConsumedWriteCapacityUnits\","
    " \"Timestamps\": [\"2026-11-20T10:03:00+00:00\", \"2026-11-20T10:01:00Z\","
    " \"2026-11-20T11:00:00+01:00\"], \"Values\": [1200, 6000, 2400], \"StatusCode\": \"Complete\"}]}";

static void test_even_periods_and_gaps(void **state)
{
    (void)state;
    ddb_rate_spec r;
    double span;
    char err[512];
    assert_int_equal(load(three_minutes, NULL, DDB_CW_EVEN, &r, &span, err), 0);
    assert_int_equal(r.kind, DDB_RATE_STEPS);
    assert_true(span == 240.0); /* 10:00 to the end of 10:03 */
    /* units / 60 s / 2 units per request; 10:02 has no datapoint: 0 */
    assert_true(fabs(ddb_rate_at(&r, 30) - 2400.0 / 60 / 2) < 1e-9);
    assert_true(fabs(ddb_rate_at(&r, 90) - 6000.0 / 60 / 2) < 1e-9);
    assert_true(ddb_rate_at(&r, 150) == 0.0);
    assert_true(fabs(ddb_rate_at(&r, 239) - 1200.0 / 60 / 2) < 1e-9);
    assert_true(ddb_rate_at(&r, 240) == 0.0 && ddb_rate_at(&r, 1e6) == 0.0);
    /* the expected requests are the units over units_per_request */
    assert_true(fabs(ddb_rate_expected(&r, 240) - (2400.0 + 6000 + 1200) / 2) < 1e-6);
    ddb_rate_spec_destroy(&r);
}

static void test_bursty_keeps_each_period_total(void **state)
{
    (void)state;
    ddb_rate_spec r, again;
    double span;
    char err[512];
    assert_int_equal(load(three_minutes, "w", DDB_CW_BURSTY, &r, &span, err), 0);
    assert_int_equal(r.n_steps, 241u); /* a step per second, and the end */
    double per_minute[4] = {0}, sum = 0, sum2 = 0;
    for (int s = 0; s < 240; s++) {
        double x = ddb_rate_at(&r, s + 0.5);
        per_minute[s / 60] += x * 2.0; /* units */
        if (s < 60) {
            sum += x;
            sum2 += x * x;
        }
    }
    assert_true(fabs(per_minute[0] - 2400) < 1e-6 && fabs(per_minute[1] - 6000) < 1e-6);
    assert_true(per_minute[2] == 0.0 && fabs(per_minute[3] - 1200) < 1e-6);
    /* the seconds vary (cv 0.5 asked; 60 lognormal weights: well above 0.2) */
    double mean = sum / 60, sd = sqrt(sum2 / 60 - mean * mean);
    assert_true(sd / mean > 0.2 && sd / mean < 1.0);
    /* the same seed gives the same seconds */
    assert_int_equal(load(three_minutes, "w", DDB_CW_BURSTY, &again, &span, err), 0);
    for (size_t i = 0; i < r.n_steps; i++)
        assert_true(r.steps[i].rps == again.steps[i].rps);
    ddb_rate_spec_destroy(&r);
    ddb_rate_spec_destroy(&again);
}

static void test_period_from_gaps_and_fractions(void **state)
{
    (void)state;
    ddb_rate_spec r;
    double span;
    char err[512];
    /* five-minute sums, one with a fraction of a second and a +HHMM zone */
    assert_int_equal(load("{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [\"2026-01-01T00:00:00.000Z\","
                          " \"2026-01-01T01:05:00+0100\"], \"Values\": [300, 600]}]}",
                          NULL, DDB_CW_EVEN, &r, &span, err), 0);
    assert_true(span == 600.0);
    assert_true(fabs(ddb_rate_at(&r, 10) - 300.0 / 300 / 2) < 1e-12);
    assert_true(fabs(ddb_rate_at(&r, 310) - 600.0 / 300 / 2) < 1e-12);
    ddb_rate_spec_destroy(&r);
    /* one datapoint: one minute */
    assert_int_equal(load("{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [\"2026-01-01T00:00:00Z\"],"
                          " \"Values\": [120]}]}", NULL, DDB_CW_EVEN, &r, &span, err), 0);
    assert_true(span == 60.0 && fabs(ddb_rate_at(&r, 1) - 1.0) < 1e-12);
    ddb_rate_spec_destroy(&r);
}

static void expect_error(const char *json, const char *id, const char *want)
{
    ddb_rate_spec r;
    double span;
    char err[512] = "";
    assert_int_equal(load(json, id, DDB_CW_EVEN, &r, &span, err), -1);
    if (!strstr(err, want) || strchr(err, '\n') || strncmp(err, path, strlen(path)) != 0)
        fail_msg("error '%s' lacks '%s' or the file name", err, want);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("{", NULL, ": not JSON (expected the output of aws cloudwatch get-metric-data, or a console CSV download named *.csv)");
    expect_error("{\"Messages\": []}", NULL, ": MetricDataResults: missing");
    expect_error("{\"MetricDataResults\": [{\"Id\": \"a\"}, {\"Id\": \"b\"}]}", NULL,
                 ": MetricDataResults: 2 series (expected one, or give the rate's \"id\" to choose)");
    expect_error("{\"MetricDataResults\": [{\"Id\": \"a\"}, {\"Id\": \"b\"}]}", "c",
                 "no series with Id \"c\" (expected one of: \"a\", \"b\")");
    expect_error("{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [\"yesterday\"], \"Values\": [1]}]}",
                 NULL, ": MetricDataResults[0].Timestamps[0]: not a time (got \"yesterday\", expected ISO 8601");
    expect_error("{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [\"2026-02-30T00:00:00Z\"], \"Values\": [1]}]}",
                 NULL, "Timestamps[0]: not a time (got \"2026-02-30T00:00:00Z\"");
    expect_error("{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [\"2026-01-01T00:00:00Z\"], \"Values\": [-2]}]}",
                 NULL, ": MetricDataResults[0].Values[0]: out of range (got -2, expected a number >= 0");
    expect_error("{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [\"2026-01-01T00:00:00Z\"], \"Values\": []}]}",
                 NULL, "1 Timestamps but 0 Values (expected as many of each)");
    expect_error("{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [], \"Values\": []}]}",
                 NULL, "Values: empty (expected at least one datapoint)");
    expect_error("{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [\"2026-01-01T00:00:00Z\","
                 " \"2026-01-01T00:01:00Z\", \"2026-01-01T00:02:30Z\"], \"Values\": [1, 2, 3]}]}",
                 NULL, "a datapoint 150 s after the first is off the 60 s period");
    expect_error("{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [\"2026-01-01T00:00:00Z\","
                 " \"2026-01-01T00:01:00Z\", \"2026-01-01T00:01:00Z\"], \"Values\": [1, 2, 3]}]}",
                 NULL, "two datapoints 60 s after the first (expected each period once)");
    /* unreadable file */
    ddb_cw_profile p = {"/nonexistent/m.json", NULL, 0, 1.0, DDB_CW_EVEN, 0, false, NULL};
    ddb_rate_spec r;
    double span;
    char err[512];
    assert_int_equal(ddb_rate_from_cloudwatch(&p, 1, &r, &span, err, sizeof err), -1);
    assert_string_equal(err, "/nonexistent/m.json: cannot read (No such file or directory)");
}

/* text as a file with extension ext, read with include_throttled (throttled_id tid). */
static int load_throttled(const char *text, const char *ext, const char *id, const char *tid,
                          ddb_rate_spec *out, char *err)
{
    write_export_as(text, ext);
    ddb_cw_profile p = {path, id, 0, 2.0, DDB_CW_EVEN, 0.5, true, tid};
    double span;
    int rc = ddb_rate_from_cloudwatch(&p, 7, out, &span, err, 512);
    unlink(path);
    return rc;
}

/* Consumed units and throttled requests in the same export: each throttled request is one more
 * request (of units_per_request units), in its own minute, even one without consumed units. */
static const char with_throttles[] =
    "{\"MetricDataResults\": [{\"Id\": \"w\", \"Label\": \"ConsumedWriteCapacityUnits\","
    " \"Timestamps\": [\"2026-11-20T10:01:00Z\", \"2026-11-20T10:00:00Z\"], \"Values\": [6000, 2400]},"
    " {\"Id\": \"t\", \"Label\": \"WriteThrottleEvents\", \"Timestamps\": [\"2026-11-20T10:01:00Z\","
    " \"2026-11-20T10:02:00Z\"], \"Values\": [300, 60]}]}";

static void test_throttled_added(void **state)
{
    (void)state;
    ddb_rate_spec r;
    char err[512];
    /* the throttles' series found by its label, the consumed one as the only other */
    if (load_throttled(with_throttles, "json", NULL, NULL, &r, err) != 0)
        fail_msg("%s", err);
    assert_true(fabs(ddb_rate_at(&r, 30) - 2400.0 / 60 / 2) < 1e-9);
    assert_true(fabs(ddb_rate_at(&r, 90) - (6000.0 / 2 + 300) / 60) < 1e-9);
    assert_true(fabs(ddb_rate_at(&r, 150) - 60.0 / 60) < 1e-9);
    assert_true(fabs(ddb_rate_expected(&r, 180) - (2400.0 / 2 + 6000.0 / 2 + 300 + 60)) < 1e-6);
    ddb_rate_spec_destroy(&r);
    /* the same by Ids */
    assert_int_equal(load_throttled(with_throttles, "json", "w", "t", &r, err), 0);
    assert_true(fabs(ddb_rate_at(&r, 90) - (6000.0 / 2 + 300) / 60) < 1e-9);
    ddb_rate_spec_destroy(&r);
    /* no series named for throttles */
    assert_int_equal(load_throttled(three_minutes, "json", NULL, NULL, &r, err), -1);
    assert_non_null(strstr(err, "MetricDataResults: 0 series named ThrottledRequests, "
                                "ReadThrottleEvents or WriteThrottleEvents (expected one with "
                                "include_throttled, or give the rate's \"throttled_id\")"));
    assert_int_equal(load_throttled(with_throttles, "json", NULL, "x", &r, err), -1);
    assert_non_null(strstr(err, "no series with Id \"x\" (expected one of: \"w\", \"t\")"));
}

/* A console CSV download: a time column, one column per series (its label), empty cells where a
 * series has no datapoint. */
static void test_console_csv(void **state)
{
    (void)state;
    static const char csv[] =
        "Label,ConsumedWriteCapacityUnits,ThrottledRequests\n"
        "2026-11-20 10:00:00,2400,\n"
        "2026-11-20T10:01:00.000Z,6000,300\n"
        "2026-11-20 10:02:00,,60\n";
    ddb_rate_spec r;
    char err[512];
    if (load_throttled(csv, "csv", NULL, NULL, &r, err) != 0)
        fail_msg("%s", err);
    assert_true(fabs(ddb_rate_at(&r, 30) - 2400.0 / 60 / 2) < 1e-9);
    assert_true(fabs(ddb_rate_at(&r, 90) - (6000.0 / 2 + 300) / 60) < 1e-9);
    assert_true(fabs(ddb_rate_at(&r, 150) - 1.0) < 1e-9);
    ddb_rate_spec_destroy(&r);
    /* without include_throttled, the series is chosen by its label as Id */
    double span;
    write_export_as(csv, "csv");
    ddb_cw_profile p = {path, "ConsumedWriteCapacityUnits", 0, 1.0, DDB_CW_EVEN, 0, false, NULL};
    assert_int_equal(ddb_rate_from_cloudwatch(&p, 1, &r, &span, err, sizeof err), 0);
    unlink(path);
    assert_true(fabs(ddb_rate_at(&r, 90) - 100.0) < 1e-9 && span == 120.0);
    ddb_rate_spec_destroy(&r);
    p.id = NULL;
    write_export_as("Label,C\n2026-11-20 10:00,5\n", "csv");
    assert_int_equal(ddb_rate_from_cloudwatch(&p, 1, &r, &span, err, sizeof err), -1);
    unlink(path);
    assert_non_null(strstr(err, ".csv:2: Label: not a time (got \"2026-11-20 10:00\", expected "
                                "ISO 8601 such as 2026-11-20T10:00:00Z or 2026-11-20 10:00:00)"));
    write_export_as("Label,C\n2026-11-20 10:00:00,lots\n", "csv");
    assert_int_equal(ddb_rate_from_cloudwatch(&p, 1, &r, &span, err, sizeof err), -1);
    unlink(path);
    assert_non_null(strstr(err, ".csv:2: C: not a number"));
    write_export_as("Label\n2026-11-20 10:00:00\n", "csv");
    assert_int_equal(ddb_rate_from_cloudwatch(&p, 1, &r, &span, err, sizeof err), -1);
    unlink(path);
    assert_non_null(strstr(err, ".csv: one column (expected a time column, then one per series)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_even_periods_and_gaps),
        cmocka_unit_test(test_bursty_keeps_each_period_total),
        cmocka_unit_test(test_period_from_gaps_and_fractions),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_throttled_added),
        cmocka_unit_test(test_console_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
