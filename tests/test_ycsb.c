/* Tests for workloads/ycsb: Java properties syntax (separators, comments, continuations, the
 * last value of a repeated key), CoreWorkload's defaults, the warnings for what ddbsim does not
 * use, and each error with its line. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "tests/testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "workloads/ycsb.h"

static char path[64];

static const char *write_file(const char *text)
{
    return ddb_test_file(path, text);
}

static void load_ok(ddb_ycsb *y, const char *text)
{
    char err[512];
    int rc = ddb_ycsb_load(y, write_file(text), err, sizeof err);
    if (rc != 0)
        print_error("%s\n", err);
    assert_int_equal(rc, 0);
    unlink(path);
}

static void test_syntax_and_defaults(void **state)
{
    (void)state;
    ddb_ycsb y;
    load_ok(&y, "# a comment\n! another\n\n  recordcount = 5000\r\n"
                "readproportion:0.5\nupdateproportion 0.5\n"
                "requestdistribution=uni\\\n   form\n"
                "fieldcount=20\nfieldcount=4\n"
                "workload=site.ycsb.workloads.CoreWorkload\n");
    assert_int_equal(y.recordcount, 5000);
    assert_true(y.read == 0.5 && y.update == 0.5 && y.insert == 0 && y.scan == 0 && y.rmw == 0);
    assert_int_equal(y.dist, DDB_DIST_UNIFORM);
    assert_int_equal(y.fieldcount, 4); /* the last value, as Java's Properties */
    assert_int_equal(y.fieldlength, 100);
    assert_int_equal(y.maxscanlength, 1000);
    assert_true(y.target == 0 && y.operationcount == 0 && !y.ordered);
    assert_null(y.warnings);
    ddb_ycsb_destroy(&y);

    load_ok(&y, "recordcount=10\n");
    assert_true(y.read == 0.95 && y.update == 0.05); /* CoreWorkload's defaults */
    ddb_ycsb_destroy(&y);

    load_ok(&y, "recordcount=10\nrequestdistribution=zipfian\ninsertorder=ordered\ntarget=50\n"
                "hotspotdatafraction=0.1\nexponential.percentile=90\nexponential.frac=0.5\n");
    assert_int_equal(y.dist, DDB_DIST_SCRAMBLED_ZIPFIAN); /* what YCSB's "zipfian" draws */
    assert_true(y.ordered && y.target == 50 && y.hot_data_fraction == 0.1);
    assert_true(y.percentile == 90 && y.frac == 0.5);
    ddb_ycsb_destroy(&y);
}

static void test_warnings(void **state)
{
    (void)state;
    ddb_ycsb y;
    load_ok(&y, "recordcount=10\nreadallfields=false\nmeasurementtype=histogram\n"
                "scanlengthdistribution=zipfian\nworkload=site.ycsb.workloads.TimeSeriesWorkload\n"
                "readallfields=true\nscanlengthdistribution=uniform\n");
    assert_non_null(y.warnings);
    char want[1024];
    snprintf(want, sizeof want,
             "%s:2: readallfields: not modelled: every read reads the whole item\n"
             "%s:3: measurementtype: unknown property, ignored\n"
             "%s:4: scanlengthdistribution: not modelled: a scan reads the mean of uniform "
             "1..maxscanlength items\n"
             "%s:5: workload: not CoreWorkload: read as CoreWorkload's properties\n",
             path, path, path, path);
    assert_string_equal(y.warnings, want);
    ddb_ycsb_destroy(&y);
}

static void expect_error(const char *text, const char *want)
{
    ddb_ycsb y;
    char err[512];
    assert_int_equal(ddb_ycsb_load(&y, write_file(text), err, sizeof err), -1);
    if (!strstr(err, want) || strncmp(err, path, strlen(path)) != 0) {
        print_error("got \"%s\", expected it to contain \"%s\"\n", err, want);
        fail();
    }
    unlink(path);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("readproportion=1\n", ": recordcount: missing");
    expect_error("recordcount=10\nreadproportion=1.5\n",
                 ":2: readproportion: bad value (got \"1.5\", expected a number from 0 to 1)");
    expect_error("recordcount=ten\n", ":1: recordcount: bad value (got \"ten\"");
    expect_error("recordcount=10.5\n", ":1: recordcount: bad value (got \"10.5\", expected a whole number");
    expect_error("recordcount=10\n\nrequestdistribution=pareto\n",
                 ":3: requestdistribution: bad value (got \"pareto\", expected uniform, zipfian, latest");
    expect_error("recordcount=10\ninsertorder=random\n", ":2: insertorder: bad value");
    expect_error("recordcount=10\nreadproportion=0\nupdateproportion=0\n", ": the proportions are all 0");
    expect_error("recordcount=10\nfieldcount=1000\nfieldlength=1000\n",
                 ": fieldcount x fieldlength: larger than DynamoDB's item size limit");
    ddb_ycsb y;
    char err[256];
    assert_int_equal(ddb_ycsb_load(&y, "/nonexistent/workloada", err, sizeof err), -1);
    assert_string_equal(err, "/nonexistent/workloada: cannot read (No such file or directory)");
}

/* The shipped core workloads carry YCSB's parameters. */
static void test_shipped_workloads(void **state)
{
    (void)state;
    static const struct {
        char name;
        double read, update, insert, scan, rmw;
        enum ddb_dist_kind dist;
    } want[] = {
        {'a', 0.5, 0.5, 0, 0, 0, DDB_DIST_SCRAMBLED_ZIPFIAN},
        {'b', 0.95, 0.05, 0, 0, 0, DDB_DIST_SCRAMBLED_ZIPFIAN},
        {'c', 1, 0, 0, 0, 0, DDB_DIST_SCRAMBLED_ZIPFIAN},
        {'d', 0.95, 0, 0.05, 0, 0, DDB_DIST_LATEST},
        {'e', 0, 0, 0.05, 0.95, 0, DDB_DIST_SCRAMBLED_ZIPFIAN},
        {'f', 0.5, 0, 0, 0, 0.5, DDB_DIST_SCRAMBLED_ZIPFIAN},
    };
    const char *root = getenv("DDBSIM_SOURCE_DIR");
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char file[4096], err[512];
        snprintf(file, sizeof file, "%s/workloads/ycsb/workload%c", root ? root : ".", want[i].name);
        ddb_ycsb y;
        if (ddb_ycsb_load(&y, file, err, sizeof err) != 0)
            fail_msg("%s", err);
        assert_true(y.read == want[i].read && y.update == want[i].update);
        assert_true(y.insert == want[i].insert && y.scan == want[i].scan && y.rmw == want[i].rmw);
        assert_int_equal(y.dist, want[i].dist);
        assert_int_equal(y.recordcount, 1000);
        assert_int_equal(y.operationcount, 1000);
        assert_int_equal(y.maxscanlength, want[i].name == 'e' ? 100 : 1000);
        assert_null(y.warnings);
        ddb_ycsb_destroy(&y);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syntax_and_defaults), cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_errors), cmocka_unit_test(test_shipped_workloads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
