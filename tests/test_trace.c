/* Tests for workloads/trace: the ddbsim and Twitter formats line by line (quoting, CRLF, a last
 * line without a newline, speedup, Twitter's operations and time origin), each kind of bad line
 * with its message, skip counting, gzip, a line too long for the buffer, times with nine decimals
 * (read eight at once), and short lines (split by a mask of their commas) read as the rest. */
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
#include <zlib.h>

#include "workloads/trace.h"

static char path[64];

static const char *write_file(const char *text)
{
    return ddb_test_file(path, text);
}

static ddb_trace *open_text(const char *text, enum ddb_trace_format format, double speedup,
                            enum ddb_trace_bad_line bad)
{
    char err[512];
    ddb_trace_spec spec = {.path = (char *)write_file(text), .format = format, .speedup = speedup,
                           .on_bad_line = bad};
    ddb_trace *t = ddb_trace_open(&spec, err, sizeof err);
    if (!t)
        print_error("%s\n", err);
    assert_non_null(t);
    return t;
}

static void expect_req(ddb_trace *t, int64_t t_ns, enum ddb_op op, const char *key, uint32_t bytes,
                       int consistency)
{
    char err[512] = "";
    ddb_trace_req r;
    int rc = ddb_trace_next(t, &r, err, sizeof err);
    if (rc != 1)
        print_error("rc %d: %s\n", rc, err);
    assert_int_equal(rc, 1);
    assert_true(r.t_ns == t_ns);
    assert_int_equal(r.op, op);
    assert_int_equal(r.key_len, strlen(key));
    assert_memory_equal(r.key, key, r.key_len);
    assert_int_equal(r.item_bytes, bytes);
    assert_int_equal(r.consistency, consistency);
}

static void expect_end(ddb_trace *t)
{
    char err[512];
    ddb_trace_req r;
    assert_int_equal(ddb_trace_next(t, &r, err, sizeof err), 0);
    ddb_trace_close(t);
    unlink(path);
}

static void test_ddbsim_format(void **state)
{
    (void)state;
    ddb_trace *t = open_text(DDB_TRACE_HEADER "\r\n"
                             "0.5,get,A,,100,eventual,table\r\n"
                             "1.000000001,put,\"B,\"\"x\"\"\",sk,1024,,\n"
                             "1.000000001,scan,,,1048576,strong,table\n"
                             "2,batch_write,C,,1,transactional,\n"
                             "12.25,batch_get,D,,409600,,table",
                             DDB_TRACE_DDBSIM, 1.0, DDB_TRACE_BAD_ERROR);
    expect_req(t, 500000000, DDB_OP_GET, "A", 100, DDB_EVENTUAL);
    expect_req(t, 1000000001, DDB_OP_PUT, "B,\"x\"", 1024, -1);
    expect_req(t, 1000000001, DDB_OP_SCAN, "", 1048576, DDB_STRONG);
    expect_req(t, 2000000000, DDB_OP_PUT, "C", 1, DDB_TRANSACTIONAL);
    expect_req(t, 12250000000, DDB_OP_GET, "D", 409600, -1);
    assert_int_equal(ddb_trace_lines(t), 5);
    expect_end(t);
}

static void test_speedup(void **state)
{
    (void)state;
    ddb_trace *t = open_text(DDB_TRACE_HEADER "\n1,get,A,,1,,\n3,get,A,,1,,\n", DDB_TRACE_DDBSIM,
                             4.0, DDB_TRACE_BAD_ERROR);
    expect_req(t, 250000000, DDB_OP_GET, "A", 1, -1);
    expect_req(t, 750000000, DDB_OP_GET, "A", 1, -1);
    expect_end(t);
}

static void test_twitter_format(void **state)
{
    (void)state;
    ddb_trace *t = open_text("1000,k1,2,300,1,get,0\n1000,k2,2,0,1,set,60\n1001,k1,2,5,2,gets,0\n"
                             "1002,k3,2,500000,3,append,0\n1005,k2,2,1,1,delete,0\n",
                             DDB_TRACE_TWITTER, 1.0, DDB_TRACE_BAD_ERROR);
    expect_req(t, 0, DDB_OP_GET, "k1", 300, -1);
    expect_req(t, 0, DDB_OP_PUT, "k2", 1, -1); /* a 0-byte value is a 1-byte item */
    expect_req(t, 1000000000, DDB_OP_GET, "k1", 5, -1);
    expect_req(t, 2000000000, DDB_OP_PUT, "k3", 409600, -1);
    expect_req(t, 5000000000, DDB_OP_DELETE, "k2", 1, -1);
    assert_int_equal(ddb_trace_capped(t), 1);
    expect_end(t);
}

/* The indexes of the scenario the trace is read for: GSIs byStatus and byDay, LSI byTotal. */
static const char *indexes[] = {"byStatus", "byDay", "byTotal"};

/* Index lines: a GSI's query carries the GSI's number; an LSI's is the table's query; "table"
 * and empty are the table. */
static void test_index_lines(void **state)
{
    (void)state;
    char err[512] = "";
    ddb_trace_spec spec = {.path = (char *)write_file(DDB_TRACE_HEADER "\n"
                                                      "1,query,S#open,,4096,,byDay\n"
                                                      "2,query,K#1,,100,strong,byTotal\n"
                                                      "3,query,K#1,,100,,table\n"
                                                      "4,query,S#x,,100,eventual,byStatus\n"),
                           .format = DDB_TRACE_DDBSIM, .speedup = 1.0, .index_names = indexes,
                           .n_index_names = 3, .n_gsi_names = 2};
    ddb_trace *t = ddb_trace_open(&spec, err, sizeof err);
    assert_non_null(t);
    const int want_gsi[] = {1, -1, -1, 0};
    ddb_trace_req r;
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(ddb_trace_next(t, &r, err, sizeof err), 1);
        assert_int_equal(r.op, DDB_OP_QUERY);
        assert_int_equal(r.gsi, want_gsi[i]);
    }
    assert_int_equal(r.key_len, 3);
    assert_memory_equal(r.key, "S#x", 3);
    assert_int_equal(ddb_trace_next(t, &r, err, sizeof err), 0);
    ddb_trace_close(t);
    unlink(path);
}


static void expect_bad(const char *text, enum ddb_trace_format format, const char *want)
{
    char err[512] = "";
    ddb_trace_spec spec = {.path = (char *)write_file(text), .format = format, .speedup = 1.0,
                           .on_bad_line = DDB_TRACE_BAD_ERROR, .index_names = indexes,
                           .n_index_names = 3, .n_gsi_names = 2};
    ddb_trace *t = ddb_trace_open(&spec, err, sizeof err);
    ddb_trace_req r;
    int rc = t ? ddb_trace_next(t, &r, err, sizeof err) : -1;
    while (rc == 1)
        rc = ddb_trace_next(t, &r, err, sizeof err);
    assert_int_equal(rc, -1);
    if (!strstr(err, want) || strchr(err, '\n')) {
        print_error("got \"%s\", expected it to contain \"%s\"\n", err, want);
        fail();
    }
    assert_non_null(strstr(err, path));
    ddb_trace_close(t);
    unlink(path);
}

static void test_bad_lines(void **state)
{
    (void)state;
    const enum ddb_trace_format D = DDB_TRACE_DDBSIM, T = DDB_TRACE_TWITTER;
    expect_bad("", D, ": empty (expected the header t_s,op,key");
    expect_bad("time,op\n", D, ":1: not a ddbsim trace header (got \"time,op\"");
    expect_bad(DDB_TRACE_HEADER "\n1,get,A,,1,,\n0.5,get,A,,1,,\n", D,
               ":3: t_s: goes back in time (got \"0.5\", expected at least 1.000000000");
    expect_bad(DDB_TRACE_HEADER "\n1e3,get,A,,1,,\n", D, ":2: t_s: not a time (got \"1e3\"");
    expect_bad(DDB_TRACE_HEADER "\n-1,get,A,,1,,\n", D, ":2: t_s: not a time");
    expect_bad(DDB_TRACE_HEADER "\n1,get,A,,1,,,\n", D, ":2: too many fields");
    expect_bad(DDB_TRACE_HEADER "\n1,get,A,,1\n", D, ":2: too few fields");
    expect_bad(DDB_TRACE_HEADER "\n1,get,\"A,,1,,\n", D, ":2: unterminated or misplaced quote");
    expect_bad(DDB_TRACE_HEADER "\n1,get,,,1,,\n", D, ":2: key: empty");
    expect_bad(DDB_TRACE_HEADER "\n1,get,A,,0,,\n", D, ":2: item_bytes: not a size (got \"0\"");
    expect_bad(DDB_TRACE_HEADER "\n1,put,A,,409601,,\n", D, "expected an integer from 1 to 409600");
    expect_bad(DDB_TRACE_HEADER "\n1,get,A,,1,weak,\n", D, ":2: consistency: unknown value");
    expect_bad(DDB_TRACE_HEADER "\n1,query,A,,1,,byColour\n", D,
               ":2: index: unknown index (got \"byColour\", expected table, empty or one of the "
               "scenario's indexes: byStatus, byDay, byTotal)");
    expect_bad(DDB_TRACE_HEADER "\n1,get,A,,1,,byStatus\n", D,
               ":2: op: an index is read with query only (got \"get\", expected query)");
    expect_bad(DDB_TRACE_HEADER "\n1,put,A,,1,,byTotal\n", D, ":2: op: an index is read with query only");
    expect_bad(DDB_TRACE_HEADER "\n1,query,A,,1,strong,byDay\n", D,
               ":2: consistency: a global secondary index is read eventually consistent only (got "
               "\"strong\", expected eventual or empty)");
    expect_bad("1,k,1,1,1,touch,0\n", T, ":1: operation: unknown operation (got \"touch\"");
    expect_bad("1,k,1,x,1,get,0\n", T, ":1: value_size: not a size");
    char *key = malloc(2200 + 64);
    assert_non_null(key);
    int n = snprintf(key, 64, "%s\n1,get,", DDB_TRACE_HEADER);
    memset(key + n, 'k', 2049);
    strcpy(key + n + 2049, ",,1,,\n");
    expect_bad(key, D, ":2: key: longer than DynamoDB's partition key limit");
    free(key);
    char *huge = malloc(70000);
    assert_non_null(huge);
    n = snprintf(huge, 64, "%s\n", DDB_TRACE_HEADER);
    memset(huge + n, 'x', 69000);
    huge[n + 69000] = '\0';
    expect_bad(huge, D, ":2: line too long (expected at most 65536 bytes)");
    free(huge);
    char err[256];
    ddb_trace_spec none = {.path = "/nonexistent/trace.csv", .format = D, .speedup = 1.0};
    assert_null(ddb_trace_open(&none, err, sizeof err));
    assert_string_equal(err, "/nonexistent/trace.csv: cannot read (No such file or directory)");
}

/* Skipped lines are counted and set nothing: a bad line's time does not become the previous
 * line's, and a bad first line does not set Twitter's time origin. */
static void test_skip(void **state)
{
    (void)state;
    ddb_trace *t = open_text(DDB_TRACE_HEADER "\n1,get,A,,1,,\n9,nope,A,,1,,\n2,get,B,,1,,\n"
                             "x\n3,get,C,,1,,\n", DDB_TRACE_DDBSIM, 1.0, DDB_TRACE_BAD_SKIP);
    expect_req(t, 1000000000, DDB_OP_GET, "A", 1, -1);
    expect_req(t, 2000000000, DDB_OP_GET, "B", 1, -1);
    expect_req(t, 3000000000, DDB_OP_GET, "C", 1, -1);
    assert_int_equal(ddb_trace_skipped(t), 2);
    assert_int_equal(ddb_trace_lines(t), 5);
    expect_end(t);
    t = open_text("50,k,1,1,1,fly,0\n60,k,1,1,1,get,0\n", DDB_TRACE_TWITTER, 1.0, DDB_TRACE_BAD_SKIP);
    expect_req(t, 0, DDB_OP_GET, "k", 1, -1);
    expect_end(t);
}

/* The span from the last line alone (a plain file, bad lines errors) is the span from every line;
 * where the last line cannot tell (an empty last line, bad lines skipped, a bad last line) every
 * line is read, with the same answer or error as before. */
static void check_span(const char *text, enum ddb_trace_format format,
                       enum ddb_trace_bad_line bad, int want_rc, int64_t want_ns)
{
    char err[512], err_all[512];
    ddb_trace_spec spec = {.path = (char *)write_file(text), .format = format, .speedup = 1.0,
                           .on_bad_line = bad};
    int64_t quick = -7, all = -7;
    int rc = ddb_trace_span(&spec, &quick, err, sizeof err);
    int rc_all = ddb_trace_read_all(&spec, &all, err_all, sizeof err_all);
    if (rc != want_rc || rc_all != want_rc || (rc == 0 && (quick != want_ns || all != want_ns)))
        print_error("span of [%s]: %d %lld, every line: %d %lld, expected %d %lld (%s)\n", text,
                    rc, (long long)quick, rc_all, (long long)all, want_rc, (long long)want_ns,
                    rc ? err : "");
    assert_int_equal(rc, want_rc);
    assert_int_equal(rc_all, want_rc);
    if (rc == 0) {
        assert_true(quick == want_ns);
        assert_true(all == want_ns);
    } else {
        assert_string_equal(err, err_all);
    }
}

static void test_span_from_last_line(void **state)
{
    (void)state;
    enum ddb_trace_format D = DDB_TRACE_DDBSIM, T = DDB_TRACE_TWITTER;
    enum ddb_trace_bad_line E = DDB_TRACE_BAD_ERROR, S = DDB_TRACE_BAD_SKIP;
    const char *h = DDB_TRACE_HEADER "\n";
    char text[512];
    check_span(h, D, E, 0, 0);
    snprintf(text, sizeof text, "%s1.5,get,k,,1,,\n", h);
    check_span(text, D, E, 0, 1500000000);
    snprintf(text, sizeof text, "%s1.5,get,k,,1,,\n2.25,put,k,,1,,table", h); /* no final break */
    check_span(text, D, E, 0, 2250000000);
    snprintf(text, sizeof text, "%s1.5,get,k,,1,,\r\n2.25,put,\"k,1\",,1,,\r\n", h);
    check_span(text, D, E, 0, 2250000000);
    snprintf(text, sizeof text, "%s1.5,get,k,,1,,\n2.25,put,k,,1,,\n\n", h); /* an empty line */
    check_span(text, D, E, -1, 0);
    snprintf(text, sizeof text, "%s1.5,get,k,,1,,\n2.25,fetch,k,,1,,\n", h); /* a bad last line */
    check_span(text, D, E, -1, 0);
    check_span(text, D, S, 0, 1500000000);
    snprintf(text, sizeof text, "%s1.5,get,k,,1,,\n1.25,get,k,,1,,\n", h); /* back in time */
    check_span(text, D, E, -1, 0);
    check_span(text, D, S, 0, 1500000000);
    snprintf(text, sizeof text, "%s0.5,fetch,k,,1,,\n1,get,k,,1,,\n", h); /* a bad first line */
    check_span(text, D, E, -1, 0);
    check_span("100,k1,4,200,7,get,0\n101,k2,4,1500,7,set,0\n103,k2,4,0,9,delete,0\n", T, E, 0,
               3000000000);
    check_span("100,k1,4,200,7,get,0\n", T, E, 0, 0);
    check_span("", T, E, 0, 0);
    /* the lines in between are not read: a bad one is left to the reader that reaches it */
    snprintf(text, sizeof text, "%s1.5,get,k,,1,,\n2,fetch,k,,1,,\n3,get,k,,1,,\n", h);
    ddb_trace_spec spec = {.path = (char *)write_file(text), .format = D, .speedup = 1.0};
    int64_t last = 0;
    char err[512];
    assert_int_equal(ddb_trace_span(&spec, &last, err, sizeof err), 0);
    assert_true(last == 3000000000);
    assert_int_equal(ddb_trace_read_all(&spec, &last, err, sizeof err), -1);
    assert_non_null(strstr(err, ":3: op: unknown operation"));
}

static void test_gzip_and_span(void **state)
{
    (void)state;
    strcpy(path, "/tmp/ddbsim-trace-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    gzFile gz = gzopen(path, "wb");
    assert_non_null(gz);
    gzputs(gz, DDB_TRACE_HEADER "\n");
    for (int i = 0; i < 100000; i++) /* more than one read buffer */
        gzprintf(gz, "%d.%03d,put,KEY#%d,,%d,,table\n", i / 1000, i % 1000, i % 977, 1 + i % 5000);
    gzclose(gz);
    char err[256];
    ddb_trace_spec spec = {.path = path, .format = DDB_TRACE_DDBSIM, .speedup = 2.0};
    int64_t last;
    assert_int_equal(ddb_trace_span(&spec, &last, err, sizeof err), 0);
    assert_true(last == 49999500000LL); /* 99.999 s / 2 */
    ddb_trace *t = ddb_trace_open(&spec, err, sizeof err);
    assert_non_null(t);
    ddb_trace_req r;
    uint64_t n = 0, bytes = 0;
    while (ddb_trace_next(t, &r, err, sizeof err) == 1) {
        n++;
        bytes += r.item_bytes;
    }
    assert_int_equal(n, 100000);
    assert_int_equal(bytes, 100000ULL * 2500 + 100000 / 2); /* 1..5000, twenty times */
    ddb_trace_close(t);
    unlink(path);
}

/* Times with nine decimals (read eight at once) and others, good and bad. */
static void test_times(void **state)
{
    (void)state;
    ddb_trace *t = open_text(DDB_TRACE_HEADER "\n.000000001,get,A,,1,,\n0.123456789,get,A,,1,,\n"
                             "1.000000010,get,A,,1,,\n1.5,get,A,,1,,\n12.900000001,get,A,,1,,\n"
                             "31535999.999999999,get,A,,1,,\n",
                             DDB_TRACE_DDBSIM, 1.0, DDB_TRACE_BAD_ERROR);
    expect_req(t, 1, DDB_OP_GET, "A", 1, -1);
    expect_req(t, 123456789, DDB_OP_GET, "A", 1, -1);
    expect_req(t, 1000000010, DDB_OP_GET, "A", 1, -1);
    expect_req(t, 1500000000, DDB_OP_GET, "A", 1, -1);
    expect_req(t, 12900000001, DDB_OP_GET, "A", 1, -1);
    expect_req(t, 31535999999999999, DDB_OP_GET, "A", 1, -1);
    expect_end(t);
    const char *bad[] = {"1.00000000x", "1.1234567/9", "1.1234567:9", "1.12345678:",
                         "1.0000000001",
                         "12345678901.000000000", "9000000000.000000000", "1x.000000000",
                         "1.0000000 0"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[128], want[64];
        snprintf(text, sizeof text, "%s\n%s,get,A,,1,,\n", DDB_TRACE_HEADER, bad[i]);
        snprintf(want, sizeof want, ":2: t_s: not a time (got \"%s\"", bad[i]);
        expect_bad(text, DDB_TRACE_DDBSIM, want);
    }
}

/* One request read from a file of one line, or -1 (the line is bad). */
static int read_one(const char *line, ddb_trace_req *r, char *key, size_t cap)
{
    char text[256], err[512];
    snprintf(text, sizeof text, "%s\n%s\n", DDB_TRACE_HEADER, line);
    ddb_trace_spec spec = {.path = (char *)write_file(text), .format = DDB_TRACE_DDBSIM,
                           .speedup = 1.0, .on_bad_line = DDB_TRACE_BAD_ERROR};
    ddb_trace *t = ddb_trace_open(&spec, err, sizeof err);
    assert_non_null(t);
    int rc = ddb_trace_next(t, r, err, sizeof err);
    if (rc == 1) {
        assert_true(r->key_len < cap);
        memcpy(key, r->key, r->key_len);
        key[r->key_len] = '\0';
        r->key = key;
    }
    ddb_trace_close(t);
    unlink(path);
    return rc;
}

/* Short lines without quotes are split another way than the rest (one mask of their commas):
 * each line reads as the same line with its key quoted, which is always split the other way.
 * Lengths straddle the mask's 64 bytes; some lines have a field too many or too few. */
static void test_short_lines_split_alike(void **state)
{
    (void)state;
    static const char *ops[] = {"get", "put", "query", "update"};
    static const char *cons[] = {"", "eventual", "strong"};
    uint32_t seed = 12345;
    for (int i = 0; i < 600; i++) {
        char key[80], plain[200], quoted[200];
        seed = seed * 1103515245u + 12345u;
        int key_len = 1 + (int)(seed >> 16) % 44;
        memset(key, 'k', (size_t)key_len);
        key[key_len] = '\0';
        const char *extra = (seed >> 8) % 9 == 0 ? ",x" : "";
        const char *last = (seed >> 12) % 11 == 0 ? "" : ",table";
        for (int q = 0; q < 2; q++)
            snprintf(q ? quoted : plain, 200, "%d.%09d,%s,%s%s%s,s%u,%u,%s%s%s", i, i * 7,
                     ops[(seed >> 20) % 4], q ? "\"" : "", key, q ? "\"" : "", seed % 10,
                     1 + (seed >> 4) % 5000, cons[(seed >> 24) % 3], last, extra);
        ddb_trace_req a, b;
        char ka[80], kb[80];
        int ra = read_one(plain, &a, ka, sizeof ka), rb = read_one(quoted, &b, kb, sizeof kb);
        if (ra != rb)
            print_error("[%s]: %d, [%s]: %d\n", plain, ra, quoted, rb);
        assert_int_equal(ra, rb);
        if (ra != 1)
            continue;
        assert_true(a.t_ns == b.t_ns);
        assert_int_equal(a.op, b.op);
        assert_string_equal(ka, kb);
        assert_int_equal(a.item_bytes, b.item_bytes);
        assert_int_equal(a.consistency, b.consistency);
        assert_int_equal(a.gsi, b.gsi);
    }
    ddb_trace_req r;
    char k[80];
    assert_int_equal(read_one("1,get,A\"b,,1,,", &r, k, sizeof k), 1); /* a quote inside: a byte */
    assert_string_equal(k, "A\"b");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ddbsim_format), cmocka_unit_test(test_speedup),
        cmocka_unit_test(test_twitter_format), cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_index_lines),
        cmocka_unit_test(test_skip), cmocka_unit_test(test_gzip_and_span),
        cmocka_unit_test(test_span_from_last_line), cmocka_unit_test(test_times),
        cmocka_unit_test(test_short_lines_split_alike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
