/* contributors: a Contributor Insights report as a key distribution — the top keys' shares, the
 * rest spread over the remaining keys, draws that follow them, and one-line errors. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/rng.h"
#include "workloads/contributors.h"
#include "workloads/dist.h"
#include "tests/testlib.h"

static void test_sample_report(void **state)
{
    (void)state;
    ddb_dist_spec spec = {.kind = DDB_DIST_CONTRIBUTORS};
    char err[512];
    if (ddb_contributors_load(&spec, ddb_test_source_path("scenarios/aws/contributor-insights.json"),
                              err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(spec.n_labels, 3);
    assert_int_equal(spec.n, 250000);
    assert_string_equal(spec.labels[0], "order-000017");
    assert_true(fabs(spec.weights[0] - 0.08) < 1e-12);
    assert_true(fabs(spec.weights[2] - 0.02) < 1e-12);
    ddb_dist *d = ddb_dist_new(&spec);
    /* the rest, 0.87, over the other 249,997 keys */
    assert_true(fabs(ddb_dist_pmf(d, 1) - 0.03) < 1e-12);
    assert_true(fabs(ddb_dist_pmf(d, 3) - 0.87 / 249997) < 1e-15);
    assert_true(ddb_dist_pmf(d, 250000) == 0.0);
    /* draws: each top key within 5 standard deviations of its share */
    gsl_rng *r = ddb_rng_stream_new(11, DDB_RNG_PROFILE, 0);
    enum { N = 200000 };
    unsigned hits[4] = {0};
    for (int i = 0; i < N; i++) {
        uint64_t v = ddb_dist_draw(d, r);
        assert_true(v < 250000);
        hits[v < 3 ? v : 3]++;
    }
    const double want[4] = {0.08, 0.03, 0.02, 0.87};
    for (int k = 0; k < 4; k++) {
        double sd = sqrt(N * want[k] * (1 - want[k]));
        if (fabs(hits[k] - N * want[k]) > 5 * sd)
            fail_msg("value class %d: %u draws, expected about %.0f", k, hits[k], N * want[k]);
    }
    gsl_rng_free(r);
    ddb_dist_free(d);
    ddb_dist_spec_destroy(&spec);
}

/* A report read from text; 0 or -1 with err. */
static int load_text(const char *text, ddb_dist_spec *spec, char *err)
{
    char path[64];
    ddb_test_file(path, text);
    *spec = (ddb_dist_spec){.kind = DDB_DIST_CONTRIBUTORS};
    int rc = ddb_contributors_load(spec, path, err, 512);
    remove(path);
    return rc;
}

static void test_merge_and_no_rest(void **state)
{
    (void)state;
    ddb_dist_spec spec;
    char err[512];
    /* a partition-and-sort-key rule: contributors of one partition key are one value; the counts
     * leave no other key, so the shares are scaled to sum to 1 */
    assert_int_equal(load_text("{\"AggregateValue\": 100, \"ApproximateUniqueCount\": 2, "
                               "\"Contributors\": [{\"Keys\": [\"a\", \"1\"], "
                               "\"ApproximateAggregateValue\": 30}, {\"Keys\": [\"b\", \"1\"], "
                               "\"ApproximateAggregateValue\": 20}, {\"Keys\": [\"a\", \"2\"], "
                               "\"ApproximateAggregateValue\": 30}]}", &spec, err), 0);
    assert_int_equal(spec.n_labels, 2);
    assert_int_equal(spec.n, 2);
    ddb_dist *d = ddb_dist_new(&spec);
    assert_true(fabs(ddb_dist_pmf(d, 0) - 0.75) < 1e-12);
    assert_true(fabs(ddb_dist_pmf(d, 1) - 0.25) < 1e-12);
    ddb_dist_free(d);
    ddb_dist_spec_destroy(&spec);
}

static void expect_error(const char *text, const char *want)
{
    ddb_dist_spec spec;
    char err[512];
    assert_int_equal(load_text(text, &spec, err), -1);
    ddb_dist_spec_destroy(&spec);
    if (!strstr(err, want))
        fail_msg("got      %s\nexpected ...%s", err, want);
    assert_null(strchr(err, '\n'));
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("{\"AggregateValue\": 0, \"ApproximateUniqueCount\": 0, \"Contributors\": []}",
                 ": Contributors: empty (expected at least one contributor: a report of a rule "
                 "over a period with traffic)");
    expect_error("{\"KeyLabels\": []}", ": Contributors: missing (expected the output of aws "
                 "cloudwatch get-insight-rule-report)");
    expect_error("[1", ": not JSON (expected the output of aws cloudwatch get-insight-rule-report)");
    expect_error("{\"ApproximateUniqueCount\": 5, \"Contributors\": [{\"Keys\": [\"a\"], "
                 "\"ApproximateAggregateValue\": 3}]}",
                 ": AggregateValue: missing (got nothing, expected a number >= 0)");
    expect_error("{\"AggregateValue\": 9, \"ApproximateUniqueCount\": 5, \"Contributors\": "
                 "[{\"Keys\": [], \"ApproximateAggregateValue\": 3}]}",
                 ": Contributors[0].Keys: missing or empty");
    expect_error("{\"AggregateValue\": 9, \"ApproximateUniqueCount\": 5, \"Contributors\": "
                 "[{\"Keys\": [\"a\"], \"ApproximateAggregateValue\": -3}]}",
                 ": Contributors[0].ApproximateAggregateValue: not an amount (got -3, expected a "
                 "number >= 0)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_report),
        cmocka_unit_test(test_merge_and_no_rest),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
