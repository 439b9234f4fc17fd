/* Tests of the outputs: number and field formatting, the CSV columns (the contract: sim/output/schema.h),
 * rows rendered from known counters, and output files that appear only when complete. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/support/alloc.h"
#include "sim/model/keytab.h"
#include "sim/model/metrics.h"
#include "sim/output/out_csv.h"
#include "sim/output/out_file.h"
#include "sim/support/quantile.h"
#include "tests/testlib.h"

static void check_milli(int64_t milli, const char *expected)
{
    ddb_test_capture c;
    ddb_test_capture_start(&c);
    ddb_csv_milli(c.f, milli);
    char *s = ddb_test_capture_end(&c);
    if (strcmp(s, expected) != 0) {
        print_error("ddb_csv_milli(%lld) = \"%s\", expected \"%s\"\n", (long long)milli, s, expected);
        free(s);
        fail();
    }
    free(s);
}

static void test_milli(void **state)
{
    (void)state;
    check_milli(0, "0");
    check_milli(1000, "1");
    check_milli(1500, "1.5");
    check_milli(1250, "1.25");
    check_milli(1001, "1.001");
    check_milli(1010, "1.01");
    check_milli(1100, "1.1");
    check_milli(1, "0.001");
    check_milli(10, "0.01");
    check_milli(100, "0.1");
    check_milli(999, "0.999");
    check_milli(123456789, "123456.789");
    check_milli(-1500, "-1.5");
    check_milli(-1, "-0.001");
    check_milli(-1000, "-1");
    check_milli(-20250, "-20.25");
    check_milli(INT64_MAX, "9223372036854775.807");
    check_milli(INT64_MIN, "-9223372036854775.808");
}

static void check_field(const char *in, const char *expected)
{
    ddb_test_capture c;
    ddb_test_capture_start(&c);
    ddb_csv_field(c.f, in);
    char *s = ddb_test_capture_end(&c);
    if (strcmp(s, expected) != 0) {
        print_error("ddb_csv_field(\"%s\") = [%s], expected [%s]\n", in, s, expected);
        free(s);
        fail();
    }
    free(s);
}

static void test_field_quoting(void **state)
{
    (void)state;
    check_field("table", "table");
    check_field("", "");
    check_field("user#42 it's", "user#42 it's"); /* only , " CR LF need quotes */
    check_field("a,b", "\"a,b\"");
    check_field("say \"hi\"", "\"say \"\"hi\"\"\"");
    check_field("\"", "\"\"\"\"");
    check_field("two\nlines", "\"two\nlines\"");
    check_field("cr\r", "\"cr\r\"");
    check_field("x,\"y\"\n", "\"x,\"\"y\"\"\n\"");
}

static void test_headers_match_design(void **state)
{
    (void)state;
    ddb_test_capture c;
    ddb_test_capture_start(&c);
    ddb_csv_timeseries_header(c.f);
    char *s = ddb_test_capture_end(&c);
    assert_string_equal(s, "t_s,index,read_requests,write_requests,read_throttles,write_throttles,"
                           "consumed_rcu,consumed_wcu,provisioned_rcu,provisioned_wcu,retries,"
                           "latency_p50_ms,latency_p99_ms,throttles_provisioned,"
                           "throttles_key_range,throttles_max_on_demand,throttles_account_limit,"
                           "throttles_on_demand,throttles_gsi_backpressure,throttles_gsi_backpressure_key_range,"
                           "throttles_gsi_backpressure_max_on_demand,throttles_gsi_backpressure_account_limit,"
                           "failed,logical_requests,"
                           "succeeded,unprocessed_items,item_collection_size_limit,"
                           "transactions_cancelled_throttling,transactions_cancelled_conflict,"
                           "transaction_conflicts,transaction_conflict_exceptions\n");
    free(s);

    ddb_test_capture_start(&c);
    ddb_csv_partitions_header(c.f);
    s = ddb_test_capture_end(&c);
    assert_string_equal(s, "t_s,index,partition,consumed_rcu,consumed_wcu,read_throttles,"
                           "write_throttles,burst_rcu,burst_wcu\n");
    free(s);

    ddb_test_capture_start(&c);
    ddb_csv_keys_header(c.f);
    s = ddb_test_capture_end(&c);
    assert_string_equal(s, "kind,rank,index,key,requests,throttles,consumed_rcu,consumed_wcu,"
                           "offered_rcu,offered_wcu\n");
    free(s);
}

/* The counters of one interval, with every field distinct so that a swapped column shows. */
static ddb_counters known_counters(void)
{
    ddb_counters c;
    memset(&c, 0, sizeof c);
    c.requests[DDB_READ] = 1000;
    c.requests[DDB_WRITE] = 250;
    c.throttles[DDB_READ] = 3;
    c.throttles[DDB_WRITE] = 40;
    c.by_reason[DDB_READ][DDB_THROTTLE_PROVISIONED] = 1;
    c.by_reason[DDB_READ][DDB_THROTTLE_KEY_RANGE] = 2;
    c.by_reason[DDB_WRITE][DDB_THROTTLE_PROVISIONED] = 30;
    c.by_reason[DDB_WRITE][DDB_THROTTLE_KEY_RANGE] = 10;
    c.by_reason[DDB_READ][DDB_THROTTLE_MAX_ON_DEMAND] = 100;
    c.by_reason[DDB_WRITE][DDB_THROTTLE_ACCOUNT_LIMIT] = 200;
    c.by_reason[DDB_READ][DDB_THROTTLE_ON_DEMAND] = 300;
    c.by_reason[DDB_WRITE][DDB_THROTTLE_ON_DEMAND] = 5;
    c.consumed_milli[DDB_READ] = 998500;
    c.consumed_milli[DDB_WRITE] = 210000;
    c.arrivals = 1200;
    c.retries = 12;
    c.failed = 4;
    c.succeeded = 1190;
    c.unprocessed_items = 7;
    c.tx_cancelled_throttling = 8;
    c.tx_cancelled_conflict = 9;
    c.tx_conflict_items = 11;
    c.tx_conflict_writes = 2;
    return c;
}

static void test_timeseries_row(void **state)
{
    (void)state;
    ddb_counters counters = known_counters();
    ddb_quantile *lat = ddb_xmalloc(sizeof *lat);
    ddb_quantile_reset(lat);
    /* 98 at 5 ms, 2 at 250 ms: p50 is the 5 ms bucket [4980736, 5046272) ns, midpoint 5.013504 ms;
     * p99 (rank 99) the 250 ms bucket [249561088, 253755392) ns, midpoint 250.609664 ms. */
    for (int i = 0; i < 98; i++)
        ddb_quantile_add(lat, 5000000);
    ddb_quantile_add(lat, 250000000);
    ddb_quantile_add(lat, 250000000);
    ddb_ts_row row = {12500000000LL, "table", &counters, {1000000, 200000}, lat};

    ddb_test_capture c;
    ddb_test_capture_start(&c);
    ddb_csv_timeseries_row(c.f, &row);
    char *s = ddb_test_capture_end(&c);
    assert_string_equal(s, "12.5,table,1000,250,3,40,998.5,210,1000,200,12,5.014,250.610,31,12,100,200,305,0,0,0,0,4,1200,1190,7,0,8,9,11,2\n");
    free(s);

    /* No completed request in the interval: empty latency fields; an index name that needs
     * quoting; a time with a fraction of a millisecond (dropped: intervals are whole ms). */
    ddb_quantile_reset(lat);
    memset(&counters, 0, sizeof counters);
    row = (ddb_ts_row){1500999, "gsi,by\"date\"", &counters, {0, 2500}, lat};
    ddb_test_capture_start(&c);
    ddb_csv_timeseries_row(c.f, &row);
    s = ddb_test_capture_end(&c);
    assert_string_equal(s, "0.001,\"gsi,by\"\"date\"\"\",0,0,0,0,0,0,0,2.5,0,,,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n");
    free(s);
    free(lat);
}

/* Counters recorded through ddb_metrics_attempt render as the row they add up to. */
static void test_timeseries_row_from_metrics(void **state)
{
    (void)state;
    ddb_metrics m;
    ddb_metrics_init(&m, 1000000000LL, 2);
    ddb_metrics_attempt(&m, 0, DDB_READ, 500, DDB_ADMITTED, 0);
    ddb_metrics_attempt(&m, 1, DDB_READ, 500, DDB_ADMITTED, 1);
    ddb_metrics_attempt(&m, 1, DDB_WRITE, 1000, DDB_THROTTLE_KEY_RANGE, 0);
    ddb_metrics_attempt(&m, 0, DDB_WRITE, 2000, DDB_ADMITTED, 1);
    ddb_metrics_attempt(&m, 0, DDB_READ, 500, DDB_THROTTLE_PROVISIONED, 1);
    ddb_quantile_add(m.latency_cur, 40); /* below 64 ns: exact, printed as 0.000 ms */
    ddb_ts_row row = {m.interval_start_ns, "table", &m.cur, {5000, 1000}, m.latency_cur};
    ddb_test_capture c;
    ddb_test_capture_start(&c);
    ddb_csv_timeseries_row(c.f, &row);
    char *s = ddb_test_capture_end(&c);
    assert_string_equal(s, "0,table,3,2,1,1,1,2,5,1,3,0.000,0.000,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n");
    free(s);

    ddb_part_counters *p = &m.part_cur[0];
    assert_int_equal(p->consumed_milli[DDB_READ], 500);
    assert_int_equal(p->consumed_milli[DDB_WRITE], 2000);
    assert_int_equal(p->throttles[DDB_READ], 1);
    assert_int_equal(p->throttles[DDB_WRITE], 0);
    assert_int_equal(m.part_cur[1].throttles[DDB_WRITE], 1);
    ddb_metrics_destroy(&m);
}

static void test_partitions_row(void **state)
{
    (void)state;
    ddb_part_counters pc = {{1500, 0}, {2, 7}};
    const int64_t burst[2] = {300000000, 1250};
    ddb_test_capture c;
    ddb_test_capture_start(&c);
    ddb_csv_parts *w = ddb_csv_partitions_new(c.f);
    ddb_csv_partitions_row(w, 61000000000LL, "table", 3, &pc, burst);
    ddb_csv_partitions_flush(w);
    ddb_csv_partitions_free(w);
    char *s = ddb_test_capture_end(&c);
    assert_string_equal(s, "61,table,3,1.5,0,2,7,300000,1.25\n");
    free(s);
}

/* A row as printf would write it: the reference for the hand-written formatter. */
static void printf_milli(FILE *f, int64_t milli)
{
    uint64_t mag = milli < 0 ? 0 - (uint64_t)milli : (uint64_t)milli;
    fprintf(f, "%s%" PRIu64, milli < 0 ? "-" : "", mag / 1000);
    char frac[8];
    snprintf(frac, sizeof frac, "%03u", (unsigned)(mag % 1000));
    for (int i = 2; i >= 0 && frac[i] == '0'; i--)
        frac[i] = 0;
    if (frac[0])
        fprintf(f, ".%s", frac);
}

static void printf_partitions_row(FILE *f, int64_t t_ns, const char *index, size_t partition,
                                  const ddb_part_counters *c, const int64_t burst[2])
{
    printf_milli(f, t_ns / 1000000);
    fputc(',', f);
    ddb_csv_field(f, index);
    fprintf(f, ",%zu,", partition);
    printf_milli(f, c->consumed_milli[0]);
    fputc(',', f);
    printf_milli(f, c->consumed_milli[1]);
    fprintf(f, ",%" PRIu64 ",%" PRIu64 ",", c->throttles[0], c->throttles[1]);
    printf_milli(f, burst[0]);
    fputc(',', f);
    printf_milli(f, burst[1]);
    fputc('\n', f);
}

/* Many rows through one writer (several blocks of text; intervals and indexes that change; an
 * index too long to keep and one that needs quotes; numbers of every length) read as printf
 * writes them. */
static void test_partitions_rows_as_printf(void **state)
{
    (void)state;
    char longname[200];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    const char *indexes[] = {"table", "byCountry", "a,\"b\"", longname};
    const int64_t specials[] = {0, 1, 9, 10, 99, 100, 999, 1000, 1500, -1, -1000, -20250,
                                INT64_MAX, INT64_MIN, 300000000};
    ddb_test_capture got, want;
    FILE *g = ddb_test_capture_start(&got), *r = ddb_test_capture_start(&want);
    ddb_csv_parts *w = ddb_csv_partitions_new(g);
    uint64_t x = 88172645463325252ULL; /* xorshift64 */
    for (int i = 0; i < 5000; i++) {
        int64_t v[6];
        for (int k = 0; k < 6; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            v[k] = (x & 3) == 0 ? specials[x % 15] : (int64_t)(x >> (x % 64));
        }
        ddb_part_counters c = {{v[0], v[1]}, {(uint64_t)v[2], i == 7 ? UINT64_MAX : (uint64_t)v[3]}};
        int64_t burst[2] = {v[4], v[5]};
        int64_t t_ns = (int64_t)(i / 40) * 1500000000LL;
        const char *index = indexes[i / 10 % 4];
        size_t partition = i % 2 ? (size_t)i : (size_t)x;
        ddb_csv_partitions_row(w, t_ns, index, partition, &c, burst);
        printf_partitions_row(r, t_ns, index, partition, &c, burst);
    }
    ddb_csv_partitions_flush(w);
    ddb_csv_partitions_free(w);
    char *a = ddb_test_capture_end(&got), *b = ddb_test_capture_end(&want);
    assert_true(strlen(b) > 100000);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* Every short number (the text looked up: under 10,000 units, a partition or a count under
 * 10,000), one after another and around the bounds, read as printf writes them. */
static void test_partitions_rows_short_numbers(void **state)
{
    (void)state;
    ddb_test_capture got, want;
    FILE *g = ddb_test_capture_start(&got), *r = ddb_test_capture_start(&want);
    ddb_csv_parts *w = ddb_csv_partitions_new(g);
    for (int64_t i = -1000; i < 10010000; i += i < 30000 || i > 9990000 ? 1 : 997) {
        ddb_part_counters c = {{i, 10000000 - i}, {(uint64_t)(i & 16383), (uint64_t)(i % 10001 + 1)}};
        if (i % 5 == 0) /* nothing refused: most rows' */
            c.throttles[0] = c.throttles[1] = 0;
        int64_t burst[2] = {i % 1000, i / 7};
        size_t partition = (size_t)(i < 0 ? -i : i) % 12000;
        ddb_csv_partitions_row(w, 0, "table", partition, &c, burst);
        printf_partitions_row(r, 0, "table", partition, &c, burst);
    }
    ddb_csv_partitions_flush(w);
    ddb_csv_partitions_free(w);
    char *a = ddb_test_capture_end(&got), *b = ddb_test_capture_end(&want);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_keys_row(void **state)
{
    (void)state;
    ddb_keytab k;
    ddb_keytab_init(&k, 0, 10);
    uint32_t id;
    ddb_keystat *e = ddb_keytab_find(&k, 99, "a,\"b\"", 5, &id);
    e->requests = 10;
    e->throttles = 2;
    e->consumed_rcu_milli = 500;
    e->consumed_wcu_milli = 3001;
    ddb_keytab_offer(&k, id)->first_milli[DDB_WRITE] = 2500; /* the application's, retries aside */
    ddb_keystat *plain = ddb_keytab_find(&k, 100, "user#1", 6, &id);
    plain->requests = 7;
    ddb_test_capture c;
    ddb_test_capture_start(&c);
    ddb_csv_keys_row(c.f, "throttled", 1, "table", &k, ddb_keytab_get(&k, 0));
    ddb_csv_keys_row(c.f, "accessed", 12, "by_day", &k, ddb_keytab_get(&k, 1));
    char *s = ddb_test_capture_end(&c);
    assert_string_equal(s, "throttled,1,table,\"a,\"\"b\"\"\",10,2,0.5,3.001,0,2.5\n"
                           "accessed,12,by_day,user#1,7,0,0,0,0,0\n");
    free(s);
    ddb_keytab_destroy(&k);
}

/* ---- out_file ---- */

/* A fresh directory under the system's temporary directory; the caller removes it. */
static char *temp_dir(void)
{
    const char *base = getenv("TMPDIR");
    char *t = ddb_xmalloc(strlen(base ? base : "/tmp") + 32);
    sprintf(t, "%s/ddbsim-test-XXXXXX", base ? base : "/tmp");
    assert_non_null(mkdtemp(t));
    return t;
}

static char *path_of(const char *dir, const char *name)
{
    char *p = ddb_xmalloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* The names in dir (not . and ..), sorted and joined by spaces. */
static void list_dir(const char *dir, char *out, size_t outlen)
{
    char names[16][256];
    size_t n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        assert_true(n < 16);
        snprintf(names[n++], sizeof names[0], "%s", de->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of names */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[256];
            memcpy(t, names[j], sizeof t);
            memcpy(names[j], names[j - 1], sizeof t);
            memcpy(names[j - 1], t, sizeof t);
        }
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strncat(out, " ", outlen - strlen(out) - 1);
        strncat(out, names[i], outlen - strlen(out) - 1);
    }
}

static void remove_tree(const char *dir, const char *const *children, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        char *p = path_of(dir, children[i]);
        int rc = remove(p);
        if (rc != 0)
            print_error("cannot remove %s\n", p);
        free(p);
        assert_int_equal(rc, 0);
    }
    assert_int_equal(rmdir(dir), 0);
}

/* names starts with a temporary name of final: ".FINAL." and 12 random hex digits. */
static void assert_temp_name(const char *names, const char *final)
{
    size_t n = strlen(final);
    assert_int_equal(names[0], '.');
    assert_memory_equal(names + 1, final, n);
    assert_int_equal(names[n + 1], '.');
    assert_int_equal(strspn(names + n + 2, "0123456789abcdef"), 12);
}

static void test_outfile_commit(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char err[512] = "", names[256];
    ddb_outfile o;
    assert_int_equal(ddb_outfile_open(&o, dir, "timeseries.csv", err, sizeof err), 0);
    fputs("t_s,index\n0,table\n", o.f);
    list_dir(dir, names, sizeof names);
    assert_temp_name(names, "timeseries.csv"); /* nothing under the final name yet */
    assert_int_equal(ddb_outfile_commit(&o, err, sizeof err), 0);
    assert_string_equal(err, "");
    assert_null(o.f);
    assert_null(o.partial_path);
    list_dir(dir, names, sizeof names);
    assert_string_equal(names, "timeseries.csv");
    char *path = path_of(dir, "timeseries.csv");
    char *text = ddb_test_read(NULL, path, NULL);
    assert_string_equal(text, "t_s,index\n0,table\n");
    free(text);
    free(path);
    ddb_outfile_abort(&o); /* after commit: a no-op, the file stays */
    list_dir(dir, names, sizeof names);
    assert_string_equal(names, "timeseries.csv");

    const char *children[] = {"timeseries.csv"};
    remove_tree(dir, children, 1);
    free(dir);
}

static void test_outfile_abort_leaves_nothing(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char err[512] = "", names[256];
    ddb_outfile a, b;
    assert_int_equal(ddb_outfile_open(&a, dir, "keys.csv", err, sizeof err), 0);
    assert_int_equal(ddb_outfile_open(&b, dir, "summary.json", err, sizeof err), 0);
    fputs("kind,rank\n", a.f);
    list_dir(dir, names, sizeof names);
    assert_temp_name(names, "keys.csv");
    assert_temp_name(strchr(names, ' ') + 1, "summary.json");
    ddb_outfile_abort(&a);
    list_dir(dir, names, sizeof names);
    assert_temp_name(names, "summary.json");
    ddb_outfile_abort(&b);
    list_dir(dir, names, sizeof names);
    assert_string_equal(names, "");
    ddb_outfile_abort(&b); /* twice: a no-op */
    remove_tree(dir, NULL, 0);
    free(dir);
}

/* A write error (the disk is full) fails the commit, names the file, and leaves nothing. */
static void test_outfile_commit_write_error(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    char *dir = temp_dir();
    char err[512] = "", names[256], expected[600];
    ddb_outfile o;
    assert_int_equal(ddb_outfile_open(&o, dir, "partitions.csv", err, sizeof err), 0);
    fclose(o.f);
    o.f = full; /* the data goes to a device that refuses it when flushed */
    fputs("t_s,index,partition\n", o.f);
    assert_int_equal(ddb_outfile_commit(&o, err, sizeof err), -1);
    snprintf(expected, sizeof expected, "%s/partitions.csv: cannot write (No space left on device)",
             dir);
    assert_string_equal(err, expected);
    assert_null(o.partial_path);
    list_dir(dir, names, sizeof names);
    assert_string_equal(names, "");
    remove_tree(dir, NULL, 0);
    free(dir);
}

static void test_outfile_open_error(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *missing = path_of(dir, "missing");
    char err[512] = "", expected[600];
    ddb_outfile o;
    assert_int_equal(ddb_outfile_open(&o, missing, "keys.csv", err, sizeof err), -1);
    snprintf(expected, sizeof expected, "%s/keys.csv: cannot write (No such file or directory)",
             missing);
    assert_string_equal(err, expected);
    assert_null(o.f);
    assert_null(o.partial_path);
    assert_null(o.final_path);
    ddb_outfile_abort(&o); /* a failed open needs no cleanup, but abort is safe */
    remove_tree(dir, NULL, 0);
    free(missing);
    free(dir);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_outdir_make_nested(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char err[512] = "";
    char *nested = path_of(dir, "runs/2024/hot-key");
    assert_int_equal(ddb_outdir_make(nested, err, sizeof err), 0);
    assert_string_equal(err, "");
    assert_true(is_dir(nested));
    assert_int_equal(ddb_outdir_make(nested, err, sizeof err), 0); /* existing: fine */
    char *slash = path_of(dir, "runs/2024/b/"); /* a trailing slash */
    assert_int_equal(ddb_outdir_make(slash, err, sizeof err), 0);
    char *b = path_of(dir, "runs/2024/b");
    assert_true(is_dir(b));
    assert_string_equal(err, "");

    const char *children[] = {"runs", "runs/2024", "runs/2024/b", "runs/2024/hot-key"};
    remove_tree(dir, children, 4);
    free(b);
    free(slash);
    free(nested);
    free(dir);
}

static void test_outdir_make_file_in_the_way(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *file = path_of(dir, "notes.txt");
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    char err[512] = "", expected[600];

    /* A regular file as a parent component. */
    char *below = path_of(dir, "notes.txt/out/x");
    assert_int_equal(ddb_outdir_make(below, err, sizeof err), -1);
    snprintf(expected, sizeof expected, "%s/notes.txt/out: cannot create directory (Not a directory)",
             dir);
    assert_string_equal(err, expected);

    /* A regular file as the directory itself. */
    err[0] = '\0';
    assert_int_equal(ddb_outdir_make(file, err, sizeof err), -1);
    snprintf(expected, sizeof expected, "%s/notes.txt: not a directory", dir);
    assert_string_equal(err, expected);

    /* An empty path is refused (not read past its end). */
    err[0] = '\0';
    assert_int_equal(ddb_outdir_make("", err, sizeof err), -1);
    assert_string_equal(err, "\"\": cannot create directory (empty path)");

    const char *children[] = {"notes.txt"};
    remove_tree(dir, children, 1);
    free(below);
    free(file);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_milli),
        cmocka_unit_test(test_field_quoting),
        cmocka_unit_test(test_headers_match_design),
        cmocka_unit_test(test_timeseries_row),
        cmocka_unit_test(test_timeseries_row_from_metrics),
        cmocka_unit_test(test_partitions_row),
        cmocka_unit_test(test_partitions_rows_as_printf),
        cmocka_unit_test(test_partitions_rows_short_numbers),
        cmocka_unit_test(test_keys_row),
        cmocka_unit_test(test_outfile_commit),
        cmocka_unit_test(test_outfile_abort_leaves_nothing),
        cmocka_unit_test(test_outfile_commit_write_error),
        cmocka_unit_test(test_outfile_open_error),
        cmocka_unit_test(test_outdir_make_nested),
        cmocka_unit_test(test_outdir_make_file_in_the_way),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
