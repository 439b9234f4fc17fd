/* Scenario tests: every file in scenarios/ shows the lesson it is there to teach, and runs are
 * deterministic (same seed, same bytes; another seed, other bytes). */
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
#include <unistd.h>
#include "sim/engine/engine.h"
#include "sim/output/run_files.h"
#include "sim/scenario/scenario.h"
#include "tests/testlib.h"

static const char *scenario_path(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "scenarios/%s.json", name);
    return ddb_test_source_path(rel);
}

/* Run scenario `name` with overrides; outdir may be NULL (no files). */
static void run(const char *name, const char *const *sets, size_t n_sets, const char *outdir,
                ddb_report *r)
{
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    int rc = ddb_scenario_load(&s, scenario_path(name), sets, n_sets, err, sizeof err);
    if (rc != 0)
        fail_msg("%s", err);
    ddb_run_options opt = {outdir, NULL, NULL, NULL};
    rc = ddb_run(&s, &opt, r, err, sizeof err);
    if (rc != 0)
        fail_msg("%s", err);
    ddb_scenario_destroy(&s);
}

static uint64_t attempts(const ddb_report *r) { return r->total.requests[0] + r->total.requests[1]; }
static uint64_t throttles(const ddb_report *r) { return r->total.throttles[0] + r->total.throttles[1]; }
static double throttle_rate(const ddb_report *r) { return (double)throttles(r) / (double)attempts(r); }

static void assert_near(double got, double want, double tolerance)
{
    if (got < want - tolerance || got > want + tolerance)
        fail_msg("got %.6f, expected %.6f +- %.6f", got, want, tolerance);
}

/* ---- timeseries.csv, read back for the per-interval lessons ---- */

typedef struct ts_row {
    double t_s;
    double requests, throttles;
} ts_row;

static size_t read_timeseries(const char *dir, ts_row *rows, size_t max)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[4096];
    assert_non_null(fgets(line, sizeof line, f));
    assert_true(strncmp(line, "t_s,index,read_requests,write_requests,read_throttles,write_throttles,"
                              "consumed_rcu,consumed_wcu,provisioned_rcu,provisioned_wcu,retries,"
                              "latency_p50_ms,latency_p99_ms", 151) == 0);
    size_t n = 0;
    while (n < max && fgets(line, sizeof line, f)) {
        double t, rr, wr, rt, wt;
        char index[64];
        assert_int_equal(sscanf(line, "%lf,%63[^,],%lf,%lf,%lf,%lf", &t, index, &rr, &wr, &rt, &wt), 6);
        rows[n++] = (ts_row){t, rr + wr, rt + wt};
    }
    fclose(f);
    return n;
}

static void sum_between(const ts_row *rows, size_t n, double from_s, double to_s, double *req, double *thr)
{
    *req = *thr = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].t_s >= from_s && rows[i].t_s < to_s) {
            *req += rows[i].requests;
            *thr += rows[i].throttles;
        }
}

/* ---- the lessons ---- */

static void test_hot_key_is_held_to_the_partition_cap(void **state)
{
    (void)state;
    ddb_report r;
    run("hot-key", NULL, 0, NULL, &r);
    assert_true(r.has_hot_key);
    assert_string_equal(r.hot_key, "SENSOR#42");
    assert_near(r.hot_key_offered_per_s, 2000.0, 60.0);          /* Poisson at 2,000 puts/s */
    assert_near(r.hot_key_consumed_per_s, 1000.0 + 1000.0 / 60, 5.0); /* cap + first second */
    assert_int_equal(r.total.by_reason[DDB_WRITE][DDB_THROTTLE_PROVISIONED], 0);
    assert_int_equal(r.total.by_reason[DDB_WRITE][DDB_THROTTLE_KEY_RANGE], throttles(&r));
    assert_near(throttle_rate(&r), 0.5, 0.02);
    ddb_report_destroy(&r);
}

/* "Asked for" is the application's demand, not its attempts: a key offered 1,500 puts/s of 1 KB
 * (closed form: 1,500 x 1 WCU = 1,500 WCU/s) against its 1,000 WCU/s cap, with the SDK's standard
 * retries (3 attempts), is reported as asking 1,500 WCU/s; its attempts, retries included, ask
 * more (each refused first attempt comes back), and are reported beside it. The table's total
 * is the same first-attempt sum. */
static void test_asked_for_counts_logical_requests(void **state)
{
    (void)state;
    ddb_report r;
    const char *sets[] = {"workload.rate={\"profile\": \"constant\", \"rps\": 1500}",
                          "client.retry={\"mode\": \"standard\"}"};
    run("hot-key", sets, 2, NULL, &r);
    assert_true(r.has_hot_key);
    assert_near(r.hot_key_offered_per_s, 1500.0, 45.0);             /* Poisson at 1,500 puts/s */
    assert_true(r.total.retries > 10000);
    /* its attempts, retries included: every attempt's 1 WCU */
    assert_near(r.hot_key_attempted_per_s * 60.0, (double)r.total.requests[DDB_WRITE], 1e-6);
    assert_true(r.hot_key_attempted_per_s > r.hot_key_offered_per_s * 1.1);
    double logical_wcu = (double)r.total.arrivals * 1.0;            /* 1 WCU each */
    assert_near((double)r.total.offered_first_milli[DDB_WRITE] / 1000.0, logical_wcu, 1e-9);
    assert_near(r.hot_key_offered_per_s * 60.0, logical_wcu, 1e-6);  /* the only key */
    ddb_report_destroy(&r);
}


static void test_write_sharding_is_not_throttled(void **state)
{
    (void)state;
    ddb_report r;
    run("write-sharding", NULL, 0, NULL, &r);
    assert_int_equal(throttles(&r), 0);
    assert_near((double)attempts(&r) / 60.0, 2000.0, 60.0);
    assert_true(r.hot_peak_per_s < 1000.0);
    ddb_report_destroy(&r);
}

static void test_burst_absorbs_a_short_spike_not_a_long_one(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    run("burst", NULL, 0, dir, &r);
    ts_row rows[200];
    size_t n = read_timeseries(dir, rows, 200);
    assert_int_equal(n, 126);
    double req, thr;
    sum_between(rows, n, 300, 360, &req, &thr);     /* the short spike: 900 puts/s for 60 s */
    assert_true(req > 50000);
    assert_int_equal(thr, 0);
    sum_between(rows, n, 1160, 1260, &req, &thr);   /* the end of the long one: bank spent */
    assert_near(thr / req, 1.0 - 500.0 / 900.0, 0.03);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

static void test_adaptive_capacity_absorbs_skew(void **state)
{
    (void)state;
    ddb_report on, off;
    run("adaptive-capacity", NULL, 0, NULL, &on);
    assert_int_equal(on.n_partitions, 4);
    assert_int_equal(throttles(&on), 0);
    assert_true(on.borrowed_milli[DDB_WRITE] > 0);
    const char *sets[] = {"table.adaptive_capacity=false"};
    run("adaptive-capacity", sets, 1, NULL, &off);
    /* The hot partition gets its share, 100 of its 150 WCU/s: a third of half the load. */
    assert_near(throttle_rate(&off), 50.0 / 300.0, 0.015);
    assert_string_equal(off.hot_key, "TENANT#acme");
    ddb_report_destroy(&on);
    ddb_report_destroy(&off);
}

static void test_uniform_overload_throttles_the_excess(void **state)
{
    (void)state;
    ddb_report r;
    run("uniform-overload", NULL, 0, NULL, &r);
    assert_near(throttle_rate(&r), 1.0 - 1000.0 / 2000.0, 0.02);
    const char *sets[] = {"workload.rate.rps=4000"};
    ddb_report r4;
    run("uniform-overload", sets, 1, NULL, &r4);
    assert_near(throttle_rate(&r4), 1.0 - 1000.0 / 4000.0, 0.02);
    assert_int_equal(r4.total.by_reason[DDB_WRITE][DDB_THROTTLE_KEY_RANGE], 0);
    ddb_report_destroy(&r);
    ddb_report_destroy(&r4);
}

static void test_quickstart_throttles_after_the_step(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    run("quickstart", NULL, 0, dir, &r);
    ts_row rows[200];
    size_t n = read_timeseries(dir, rows, 200);
    assert_int_equal(n, 120);
    double req, thr;
    sum_between(rows, n, 0, 60, &req, &thr);
    assert_near(req / 60.0, 3000.0, 100.0);
    assert_int_equal(thr, 0);
    sum_between(rows, n, 90, 120, &req, &thr);
    assert_true(thr / req > 0.05);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* ---- clients ---- */

static double attempts_per_request(const ddb_report *r) { return (double)attempts(r) / (double)r->total.arrivals; }
static double success_rate(const ddb_report *r) { return (double)r->total.succeeded / (double)r->total.arrivals; }

static void test_retry_storm(void **state)
{
    (void)state;
    ddb_report storm, none;
    run("retry-storm", NULL, 0, NULL, &storm);
    const char *sets[] = {"client.retry.mode=none"};
    run("retry-storm", sets, 1, NULL, &none);
    /* Retries multiply the attempts the hot partition sees... */
    assert_true(attempts_per_request(&storm) > 1.2);
    assert_near(attempts_per_request(&none), 1.0, 1e-12);
    /* ...buy no success: nothing gets a hot key past its partition's cap... */
    assert_near(success_rate(&storm), success_rate(&none), 0.01);
    /* ...and the p99 latency is the backoff waited (standard mode: up to 1 s, then 2 s). */
    assert_true(none.latency_ms[1] < 50.0);
    assert_true(storm.latency_ms[1] > 500.0);
    ddb_report_destroy(&storm);
    ddb_report_destroy(&none);
}

/* A fleet of SDK clients has a retry quota each: in the first seconds of a storm 50 hosts retry
 * far more than one client, whose 500 tokens run dry at once. (Later both settle where retries
 * cost what successes refund: the quota's balance does not depend on how the load is split.) */
static void test_each_client_instance_has_its_own_quota(void **state)
{
    (void)state;
    ddb_report one, fleet;
    const char *one_sets[] = {"duration_s=10"};
    run("retry-storm", one_sets, 1, NULL, &one);
    const char *sets[] = {"duration_s=10", "client.instances=50"};
    run("retry-storm", sets, 2, NULL, &fleet);
    assert_true(fleet.total.retries > 2 * one.total.retries);
    assert_true(attempts_per_request(&fleet) > attempts_per_request(&one) + 0.3);
    ddb_report_destroy(&one);
    ddb_report_destroy(&fleet);
}

static void test_closed_loop_backs_off_open_loop_does_not(void **state)
{
    (void)state;
    ddb_report hot, spread, open;
    run("closed-vs-open", NULL, 0, NULL, &hot);
    const char *spread_sets[] = {"table.key.pk=COUNTER#{shard:50}"};
    run("closed-vs-open", spread_sets, 1, NULL, &spread);
    /* Closed loop: throttled callers wait out their backoff, so they offer fewer requests. */
    assert_true(throttles(&hot) > 0);
    assert_int_equal(throttles(&spread), 0);
    assert_true((double)hot.total.arrivals < 0.5 * (double)spread.total.arrivals);
    /* Open loop: the same hot key is offered the rate profile's load, throttled or not. */
    const char *open_sets[] = {"client.concurrency=0", "workload.rate={\"rps\": 2000}"};
    run("closed-vs-open", open_sets, 2, NULL, &open);
    assert_near((double)open.total.arrivals / 60.0, 2000.0, 60.0);
    assert_true(throttles(&open) > 0);
    ddb_report_destroy(&hot);
    ddb_report_destroy(&spread);
    ddb_report_destroy(&open);
}

static void test_adaptive_client_sends_fewer_attempts(void **state)
{
    (void)state;
    ddb_report adaptive, standard;
    run("adaptive-client", NULL, 0, NULL, &adaptive);
    const char *sets[] = {"client.retry.mode=standard"};
    run("adaptive-client", sets, 1, NULL, &standard);
    assert_true((double)attempts(&adaptive) < 0.9 * (double)attempts(&standard));
    assert_true((double)adaptive.total.succeeded > 0.95 * (double)standard.total.succeeded);
    ddb_report_destroy(&adaptive);
    ddb_report_destroy(&standard);
}

/* ---- global secondary indexes ---- */

typedef struct gsi_row {
    double t_s, lag_p50_ms, lag_p99_ms, backlog, backpressure;
    char name[64];
} gsi_row;

/* gsi.csv, read back; an empty lag (nothing applied) reads as -1. */
static size_t read_gsi_csv(const char *dir, gsi_row *rows, size_t max)
{
    char path[4096], line[1024];
    snprintf(path, sizeof path, "%s/gsi.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "t_s,gsi,lag_p50_ms,lag_p99_ms,lag_max_ms,backlog,backpressure_throttles,stale_reads\n");
    size_t n = 0;
    while (n < max && fgets(line, sizeof line, f)) {
        char *field[8], *p = line;
        for (int i = 0; i < 8; i++) {
            field[i] = p;
            p += strcspn(p, ",\n");
            if (*p)
                *p++ = '\0';
        }
        gsi_row *r = &rows[n++];
        r->t_s = atof(field[0]);
        snprintf(r->name, sizeof r->name, "%s", field[1]);
        r->lag_p50_ms = *field[2] ? atof(field[2]) : -1;
        r->lag_p99_ms = *field[3] ? atof(field[3]) : -1;
        r->backlog = atof(field[5]);
        r->backpressure = atof(field[6]);
    }
    fclose(f);
    return n;
}

/* Column `col` (0 = t_s) of one index's (or the table's) rows of timeseries.csv, summed over
 * [from, to). */
static double column_between(const char *dir, const char *index, int col, double from_s, double to_s)
{
    char path[4096], line[4096];
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    double sum = 0;
    while (fgets(line, sizeof line, f)) {
        double t = atof(line);
        const char *name = strchr(line, ',') + 1, *v = line;
        for (int i = 0; i < col && v; i++)
            v = strchr(v, ',') ? strchr(v, ',') + 1 : NULL;
        assert_non_null(v);
        if (strncmp(name, index, strlen(index)) == 0 && name[strlen(index)] == ',' && t >= from_s &&
            t < to_s)
            sum += atof(v);
    }
    fclose(f);
    return sum;
}

enum { TS_CONSUMED_WCU = 7, TS_PROVISIONED_WCU = 9, TS_THROTTLES_ON_DEMAND = 17 };

static double consumed_wcu_between(const char *dir, const char *index, double from_s, double to_s)
{
    return column_between(dir, index, TS_CONSUMED_WCU, from_s, to_s);
}

/* A GSI keyed on a two-valued status: two index partitions take every index write, so the index
 * applies about 2 x 1,000 WCU/s however much capacity it has; its backlog fills to the
 * back-pressure threshold and from then on base writes are throttled, with the lag held at about
 * threshold / drain rate. */
static void test_gsi_low_cardinality_caps_the_index(void **state)
{
    (void)state;
    static const char *const wcus[] = {"table.gsi[0].wcu=20000", "table.gsi[0].wcu=40000"};
    for (size_t k = 0; k < 2; k++) {
        char *dir = ddb_test_tmpdir();
        ddb_report r;
        run("gsi-low-cardinality", &wcus[k], 1, dir, &r);
        assert_near(consumed_wcu_between(dir, "byStatus", 10, 60) / 50.0, 2000.0, 20.0);
        gsi_row rows[128];
        size_t n = read_gsi_csv(dir, rows, 128);
        assert_int_equal(n, 60);
        size_t first_bp = n;
        for (size_t i = 0; i < n && first_bp == n; i++)
            if (rows[i].backpressure > 0)
                first_bp = i;
        assert_true(first_bp > 0 && first_bp < 10);
        assert_true(rows[first_bp - 1].backlog > 0.9 * 10000); /* full before anything is refused */
        for (size_t i = first_bp; i < n; i++) {
            assert_true(rows[i].backpressure > 0);
            assert_near(rows[i].backlog, 10000, 1000);
        }
        for (size_t i = 20; i < n; i++)
            assert_near(rows[i].lag_p50_ms, 10000.0 / 2000.0 * 1000.0, 500.0);
        /* the index's own cause: its hot partitions (IndexWriteKeyRangeThroughputExceeded) */
        assert_true(r.total.by_reason[DDB_WRITE][DDB_THROTTLE_GSI_KEY_RANGE] > 100000);
        ddb_report_destroy(&r);
        ddb_test_rmdir(dir);
        free(dir);
    }
}

/* A GSI with less WCU than the base write rate lags linearly: its backlog grows by the index
 * write rate minus its capacity each second; once the load drops it drains and the lag recovers. */
static void test_gsi_underprovisioned_lags_then_recovers(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    run("gsi-underprovisioned", NULL, 0, dir, &r);
    assert_int_equal(r.n_gsi, 1);
    const ddb_gsi_report *g = &r.gsi[0];
    /* Index writes per admitted base write (a put whose item moves is two). */
    double per_write = (double)g->index_writes / (double)r.total.requests[DDB_WRITE];
    /* 800-byte puts: one WCU each, so the table's consumed WCU is its writes. */
    double base_per_s = consumed_wcu_between(dir, "table", 10, 55) / 45.0;
    assert_near(base_per_s, 2000.0, 60.0);
    double expected_growth = base_per_s * per_write - 1000.0;
    gsi_row rows[256];
    size_t n = read_gsi_csv(dir, rows, 256);
    assert_int_equal(n, 180);
    double growth = (rows[54].backlog - rows[9].backlog) / 45.0;
    assert_near(growth, expected_growth, 0.05 * expected_growth);
    assert_true(rows[59].lag_p50_ms > 25000.0);
    for (size_t i = 150; i < n; i++) {
        assert_true(rows[i].backlog == 0);
        assert_true(rows[i].lag_p99_ms < 1000.0);
    }
    assert_int_equal(g->backpressure_throttles, 0);
    assert_int_equal(g->index_writes, g->applied + g->in_backlog_at_end + g->propagating_at_end);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* Indexes with the capacity their writes need: the lag stays sub-second, nothing is throttled. */
static void test_gsi_healthy_lag_stays_sub_second(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    run("gsi-healthy", NULL, 0, dir, &r);
    assert_int_equal(r.n_gsi, 2);
    assert_int_equal(throttles(&r), 0);
    for (size_t i = 0; i < 2; i++) {
        assert_true(r.gsi[i].index_writes > 1000);
        assert_int_equal(r.gsi[i].total.throttles[DDB_WRITE], 0);
        assert_true(r.gsi[i].lag_ms[1] < 1000.0);
    }
    gsi_row rows[256];
    size_t n = read_gsi_csv(dir, rows, 256);
    assert_int_equal(n, 120);
    for (size_t i = 0; i < n; i++) {
        assert_true(rows[i].lag_p99_ms < 1000.0);
        assert_true(rows[i].backlog == 0);
    }
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* An item collection (one partition key's items, table and LSIs) stops at 10 GB: the big tenant's
 * collection grows by its puts minus its deletes until, after about 4.5 hours, every put that would
 * take it past the limit fails with ItemCollectionSizeLimitExceededException (no retry, no
 * throttle), while deletes still succeed and make room for as many puts. */
static void test_lsi_collection_limit(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    run("lsi-collection-limit", NULL, 0, dir, &r);
    /* Big tenant: 90 writes/s, 95% puts and 5% deletes of 4 KB items with a 4 KB LSI entry. */
    double net_kb_per_s = 90.0 * (0.95 - 0.05) * 8.0, limit_kb = 10.0 * 1024 * 1024;
    double full_at_s = limit_kb / net_kb_per_s; /* 16,182 s */
    char path[4096], line[4096];
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    size_t col = 0;
    for (char *p = line; *p && strncmp(p, "item_collection_size_limit", 26) != 0; p++)
        col += *p == ',';
    assert_int_equal(col, 26); /* the last column */
    double after = 0, n_after = 0;
    while (fgets(line, sizeof line, f)) {
        double t = atof(line), limited = 0;
        char *p = line;
        for (size_t i = 0; i < col; i++)
            p = strchr(p, ',') + 1;
        limited = atof(p);
        if (t + 60 < full_at_s * 0.98)
            assert_true(limited == 0);
        if (t > full_at_s * 1.02) {
            after += limited;
            n_after += 60;
        }
    }
    fclose(f);
    /* The big tenant's puts, less those its deletes make room for: 90 x (0.95 - 0.05) per s. */
    assert_near(after / n_after, 81.0, 3.0);
    assert_true(r.largest_collection_kb <= (uint64_t)limit_kb);
    assert_true(r.largest_collection_kb > (uint64_t)limit_kb - 8);
    assert_int_equal(throttles(&r), 0);
    assert_int_equal(r.total.failed, r.total.item_collection_size_limit);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* The bulletin board: comments keyed by thread (partition key thread_id, sort key comment_id), an
 * LSI on created_at that every put also writes (charged to the table's capacity, in the thread's
 * partition), and a GSI by author with its own capacity. One thread goes viral: half the requests.
 * Its partition is held to the 1,000 WCU/s hard cap (a put costs two WCU there, item and LSI
 * entry) while the table as a whole consumes less than its 3,000 provisioned WCU: every throttle
 * is a key-range one, none is the table's, and the viral thread's neighbours on its partition are
 * throttled with it. The GSI by author spreads the same comments over 100,000 authors: it keeps
 * up, with no throttle, no backlog and a sub-second lag. Reads (3,000 RCU/s per partition) pass. */
static void test_bulletin_board_viral_thread(void **state)
{
    (void)state;
    ddb_report r;
    run("bulletin-board", NULL, 0, NULL, &r);
    assert_true(r.has_hot_key);
    assert_string_equal(r.hot_key, "THREAD#0");
    assert_int_equal(r.hot_key_dir, DDB_WRITE);
    assert_near(r.hot_key_offered_per_s, 750.0 * 2, 60.0); /* 1,500 puts/s, half of them viral */
    assert_true(r.hot_key_consumed_per_s <= 1000.0);
    assert_true(r.hot_key_throttles > 0 && r.hot_key_throttles < throttles(&r)); /* neighbours too */
    assert_int_equal(r.total.throttles[DDB_READ], 0);
    assert_int_equal(r.total.by_reason[DDB_WRITE][DDB_THROTTLE_PROVISIONED], 0);
    assert_int_equal(r.total.by_reason[DDB_WRITE][DDB_THROTTLE_KEY_RANGE], throttles(&r));
    double table_wcu_per_s = (double)r.total.consumed_milli[DDB_WRITE] / 1000.0 / 60.0;
    assert_true(table_wcu_per_s < 0.8 * 3000.0);
    assert_near(throttle_rate(&r), 0.13, 0.02);
    assert_int_equal(r.n_gsi, 1);
    const ddb_gsi_report *g = &r.gsi[0];
    assert_true(g->index_writes > 60000);
    assert_int_equal(g->total.throttles[DDB_WRITE], 0);
    assert_int_equal(g->backpressure_throttles, 0);
    assert_int_equal(g->max_backlog, 0);
    assert_true(g->lag_ms[1] < 1000.0);
    ddb_report_destroy(&r);
}

/* ---- determinism ---- */

static int same_file(const char *a, const char *b, const char *name)
{
    size_t la, lb;
    char *x = ddb_test_read(a, name, &la), *y = ddb_test_read(b, name, &lb);
    int same = la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

/* trace-replay: the shipped trace as recorded fits the table; replayed ten times faster, the
 * same requests throttle writes (the table is provisioned for the recorded rate). */
static void test_trace_replayed_faster_throttles(void **state)
{
    (void)state;
    ddb_report r;
    /* the trace's requests: its lines after the header, counted here (the scenario names the
     * trace relative to its own folder, so it finds it from the test's working directory) */
    FILE *f = fopen(ddb_test_source_path("workloads/traces/orders.csv"), "r");
    assert_non_null(f);
    uint64_t lines = 0;
    for (int ch; (ch = fgetc(f)) != EOF;)
        lines += ch == '\n';
    fclose(f);
    lines--;
    run("trace-replay", NULL, 0, NULL, &r);
    assert_true(r.has_trace);
    assert_int_equal(r.trace_lines, lines);
    assert_int_equal(r.total.arrivals, lines);
    assert_int_equal(throttles(&r), 0);
    assert_near((double)r.duration_ns / 1e9, 30.0, 0.1);
    ddb_report_destroy(&r);
    const char *faster[] = {"workload.trace.speedup=10"};
    run("trace-replay", faster, 1, NULL, &r);
    assert_int_equal(r.total.arrivals, lines);
    assert_near((double)r.duration_ns / 1e9, 3.0, 0.01);
    assert_true(r.total.throttles[1] > 100);
    assert_int_equal(r.total.throttles[0], 0);
    ddb_report_destroy(&r);
}

/* ycsb-a .. ycsb-f: YCSB's core workloads on one table. Each reads what its workload file says
 * (a read-modify-write is a get and an update, a scan a query). The zipfian ones' hottest key is
 * YCSB's: "user" + fnvhash64(k) for the most popular record k = fnvhash64(0) mod 1000. D's
 * inserts add a new record each (so there are as many new keys as puts), and its reads follow
 * the newest. */
static void test_ycsb_core_workloads(void **state)
{
    (void)state;
    static const struct {
        char name;
        double read_share;
        uint64_t hottest;
    } want[] = {{'a', 0.5, 0}, {'b', 0.95, 0}, {'c', 1.0, 0}, {'d', 0.95, UINT64_MAX},
                {'e', 0.95, 0}, {'f', 2.0 / 3.0, 0}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char name[16], key[40];
        snprintf(name, sizeof name, "ycsb-%c", want[i].name);
        ddb_report r;
        run(name, NULL, 0, NULL, &r); /* its workload file: relative to the scenario's folder */
        double n = (double)r.total.arrivals, reads = (double)r.total.requests[0];
        if (r.total.retries != 0) /* sized so that no attempt is retried: requests = arrivals */
            fail_msg("%s: %llu retries", name, (unsigned long long)r.total.retries);
        assert_near(n, 60000.0, 4.0 * sqrt(60000.0));
        assert_near(reads / n, want[i].read_share, 4.0 * sqrt(0.25 / n) + 1e-12);
        assert_true(r.has_hot_key);
        if (want[i].hottest == UINT64_MAX) { /* every put inserted a key of its own */
            uint64_t puts = r.total.requests[1];
            assert_true(puts > 2000);
            assert_true(r.distinct_keys >= puts && r.distinct_keys <= 1000 + puts);
            ddb_report_destroy(&r);
            continue;
        }
        uint64_t k = ddb_ycsb_fnvhash64(0) % 1000;
        snprintf(key, sizeof key, "user%llu", (unsigned long long)ddb_ycsb_fnvhash64(k));
        if (strcmp(r.hot_key, key) != 0)
            fail_msg("%s: hottest key %s, expected %s", name, r.hot_key, key);
        ddb_report_destroy(&r);
    }
}

static void test_same_seed_same_bytes_other_seed_other_bytes(void **state)
{
    (void)state;
    static const char *const files[] = {"timeseries.csv", "partitions.csv", "keys.csv", "latency.csv",
                                        "summary.json"};
    char *a = ddb_test_tmpdir(), *b = ddb_test_tmpdir(), *c = ddb_test_tmpdir();
    const char *sets[] = {"duration_s=30"};
    const char *other[] = {"duration_s=30", "seed=43"};
    ddb_report ra, rb, rc;
    run("quickstart", sets, 1, a, &ra);
    run("quickstart", sets, 1, b, &rb);
    run("quickstart", other, 2, c, &rc);
    for (size_t i = 0; i < 5; i++)
        assert_true(same_file(a, b, files[i]));
    assert_false(same_file(a, c, "timeseries.csv"));
    assert_false(same_file(a, c, "keys.csv"));
    /* Nothing is left under a partial name. */
    assert_int_equal(access("x", F_OK), -1);
    char partial[4096];
    snprintf(partial, sizeof partial, "%s/.timeseries.csv.partial", a);
    assert_int_equal(access(partial, F_OK), -1);
    ddb_report_destroy(&ra);
    ddb_report_destroy(&rb);
    ddb_report_destroy(&rc);
    ddb_test_rmdir(a);
    ddb_test_rmdir(b);
    ddb_test_rmdir(c);
    free(a);
    free(b);
    free(c);
}

/* Retries, the limiter and closed-loop callers are deterministic too. */
static void test_clients_are_deterministic(void **state)
{
    (void)state;
    static const char *const names[] = {"adaptive-client", "closed-vs-open", "retry-storm"};
    const char *sets[] = {"duration_s=20"};
    for (size_t i = 0; i < 3; i++) {
        char *a = ddb_test_tmpdir(), *b = ddb_test_tmpdir();
        ddb_report ra, rb;
        run(names[i], sets, 1, a, &ra);
        run(names[i], sets, 1, b, &rb);
        assert_true(same_file(a, b, "timeseries.csv"));
        assert_true(same_file(a, b, "latency.csv"));
        assert_true(same_file(a, b, "summary.json"));
        ddb_report_destroy(&ra);
        ddb_report_destroy(&rb);
        ddb_test_rmdir(a);
        ddb_test_rmdir(b);
        free(a);
        free(b);
    }
}

/* On-demand: a jump to 3x the previous peak is throttled (above double the peak) until the
 * allowance is re-evaluated at the next whole minute, then absorbed. */
static void test_on_demand_spike_is_throttled_then_absorbed(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    run("on-demand-spike", NULL, 0, dir, &r);
    ts_row rows[128];
    size_t n = read_timeseries(dir, rows, 128);
    assert_int_equal(n, 60);
    double req, thr;
    sum_between(rows, n, 0, 240, &req, &thr);       /* 800 writes/s: within the warm 1,000 */
    assert_true(req > 180000);
    assert_int_equal(thr, 0);
    sum_between(rows, n, 240, 300, &req, &thr);     /* 2,400/s against 2 x 800: a third refused */
    assert_true(thr / req > 0.25);
    sum_between(rows, n, 300, 600, &req, &thr);     /* the allowance grew at 300 s: absorbed */
    assert_true(thr / req < 0.001);
    assert_true(r.total.by_reason[DDB_WRITE][DDB_THROTTLE_ON_DEMAND] == throttles(&r));
    size_t len;
    char *events = ddb_test_read(dir, "events.csv", &len);
    events[len] = '\0';
    /* at 300 s the allowance becomes double the minute's peak: about 2 x 1,600 admitted/s */
    const char *grow = strstr(events, "300,table,on_demand_capacity,,writes ");
    assert_non_null(grow);
    double before, after;
    assert_int_equal(sscanf(grow, "300,table,on_demand_capacity,,writes %lf/s -> %lf/s", &before, &after), 2);
    assert_true(before > 1500 && before < 1700 && after > 3000 && after < 3400);
    assert_non_null(strstr(events, ",split,"));      /* more capacity, more partitions */
    free(events);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* The rows of events.csv as one string ("" when the run wrote none). */
static char *events_of(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/events.csv", dir);
    if (access(path, R_OK) != 0)
        return strdup("");
    size_t len;
    char *text = ddb_test_read(dir, "events.csv", &len);
    text[len] = '\0';
    return text;
}

/* An on-demand table's GSI is on-demand too: an index write rate jumping to 3x its previous peak
 * (800 -> 2,400/s, the base table warm enough for it) is throttled on the index
 * (throttles_on_demand above double the peak), its backlog fills to the back-pressure threshold
 * and base writes are refused; at the next whole minute the index's allowance doubles the minute's
 * peak and the spike is absorbed: the backlog drains within seconds, nothing more is throttled. */
static void test_on_demand_gsi_spike_is_throttled_then_absorbed(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    const char *sets[] = {
        "table.warm_throughput={\"read_units_per_s\": 12000, \"write_units_per_s\": 8000}",
        "attributes.day={\"dist\": \"uniform\", \"n\": 100000}",
        "table.gsi=[{\"name\": \"byDay\", \"pk\": \"DAY#{day}\", \"projection\": \"KEYS_ONLY\","
        " \"key_change\": 0, \"backpressure_backlog\": 10000,"
        " \"warm_throughput\": {\"read_units_per_s\": 12000, \"write_units_per_s\": 1000}}]"};
    run("on-demand-spike", sets, 3, dir, &r);
    assert_int_equal(r.n_gsi, 1);
    const ddb_gsi_report *g = &r.gsi[0];
    assert_int_equal(g->wcu, 0); /* nothing provisioned */
    assert_int_equal(column_between(dir, "byDay", TS_THROTTLES_ON_DEMAND, 0, 240), 0);
    assert_true(column_between(dir, "byDay", TS_THROTTLES_ON_DEMAND, 240, 300) > 10000);
    /* the backlog takes a few seconds to drain at 3,200/s: what arrives meanwhile waits behind */
    assert_int_equal(column_between(dir, "byDay", TS_THROTTLES_ON_DEMAND, 320, 600), 0);
    assert_int_equal(column_between(dir, "byDay", TS_PROVISIONED_WCU, 0, 600), 0);
    gsi_row rows[128];
    size_t n = read_gsi_csv(dir, rows, 128);
    assert_int_equal(n, 60);
    for (size_t i = 0; i < 24; i++)
        assert_true(rows[i].backlog == 0 && rows[i].backpressure == 0);
    for (size_t i = 25; i < 30; i++) /* full, and base writes refused */
        assert_true(rows[i].backlog > 9000 && rows[i].backpressure > 0);
    for (size_t i = 32; i < n; i++)  /* absorbed */
        assert_true(rows[i].backlog == 0 && rows[i].backpressure == 0 && rows[i].lag_p99_ms < 1000);
    assert_true(g->backpressure_throttles > 10000);
    /* the index's own cause: an on-demand index still growing is AWS's key range limit */
    assert_true(r.total.by_reason[DDB_WRITE][DDB_THROTTLE_GSI_KEY_RANGE] > 10000);
    assert_int_equal(ddb_counters_backpressure(&r.total),
                     r.total.by_reason[DDB_WRITE][DDB_THROTTLE_GSI_KEY_RANGE]);
    assert_int_equal(r.total.by_reason[DDB_WRITE][DDB_THROTTLE_ON_DEMAND], 0); /* the table kept up */
    assert_int_equal(g->in_backlog_at_end, 0);
    assert_int_equal(g->index_writes, g->applied + g->propagating_at_end);
    char *ev = events_of(dir);
    const char *grow = strstr(ev, "300,byDay,on_demand_capacity,,writes ");
    assert_non_null(grow);
    double before, after;
    assert_int_equal(sscanf(grow, "300,byDay,on_demand_capacity,,writes %lf/s -> %lf/s", &before, &after), 2);
    assert_true(before > 1550 && before < 1650 && after > 3000 && after < 3400);
    free(ev);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* A GSI's own auto scaling: 2,000 index writes/s on 1,000 WCU. Its first scale-out is decided
 * after two one-minute datapoints above the target (at 120 s, not before) and applies update_s
 * later (here no alarm lag and a 60 s update: auto scaling's own timing is
 * test_autoscaling_step_is_served_after_the_stated_minutes's lesson); consumption is held at capacity, so each step is consumed / 0.7, and once capacity passes
 * the write rate (the second step, at 360 s) the backlog stops growing and drains. */
static void test_gsi_autoscaling_catches_up(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    const char *sets[] = {"duration_s=600", "output.interval_s=10",
                          "workload.rate={\"profile\": \"constant\", \"rps\": 2000}",
                          "table.gsi[0].autoscaling={\"min_wcu\": 1000, \"max_wcu\": 10000,"
                          " \"alarm_lag_s\": 0, \"update_s\": 60}"};
    run("gsi-underprovisioned", sets, 4, dir, &r);
    char *ev = events_of(dir);
    const char *first = strstr(ev, ",byCustomer,autoscaling,");
    assert_non_null(first);
    while (first > ev && first[-1] != '\n')
        first--;
    assert_true(strncmp(first, "120,byCustomer,autoscaling,,\"wcu: 2 minutes above 70%: 1429 in 60 s", 67) == 0);
    assert_non_null(strstr(ev, "\n180,byCustomer,capacity_change,,wcu 1000 -> 1429 (auto scaling)\n"));
    assert_non_null(strstr(ev, "\n360,byCustomer,capacity_change,,wcu 1429 -> 2042 (auto scaling)\n"));
    assert_null(strstr(ev, ",table,"));  /* the table's capacity did not move */
    free(ev);
    /* provisioned_wcu of the index's rows follows (10 s rows: 10 x the rate) */
    assert_near(column_between(dir, "byCustomer", TS_PROVISIONED_WCU, 170, 180), 1000, 1e-9);
    assert_near(column_between(dir, "byCustomer", TS_PROVISIONED_WCU, 180, 190), 1429, 1e-9);
    assert_near(column_between(dir, "byCustomer", TS_PROVISIONED_WCU, 360, 370), 2042, 1e-9);
    gsi_row rows[128];
    size_t n = read_gsi_csv(dir, rows, 128);
    assert_int_equal(n, 60);
    assert_true(rows[35].backlog > rows[17].backlog + 100000); /* grows until 360 s */
    for (size_t i = 37; i < n; i++)                             /* then no more */
        assert_true(rows[i].backlog <= rows[i - 1].backlog);
    assert_true(rows[59].backlog < rows[35].backlog - 50000);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

static void throttle_rate_between(const char *dir, double from_s, double to_s, double *rate)
{
    ts_row rows[256];
    size_t n = read_timeseries(dir, rows, 256);
    double req, thr;
    sum_between(rows, n, from_s, to_s, &req, &thr);
    assert_true(req > 0);
    *rate = thr / req;
}

/* Split for heat: a hot range of many keys (40 keys that hash into the first partition's range,
 * 1,600 WCU/s together against its 1,000 WCU/s cap) stops throttling once the partition has split
 * (decided at the end of the first 120 s window, made 60 s later); without splits it throttles
 * all along; a single hot key at the same rate is never split and throttles all along. */
static void test_split_for_heat_helps_a_range_not_a_key(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    double before, after;
    run("split-for-heat", NULL, 0, dir, &r);
    throttle_rate_between(dir, 0, 180, &before);
    throttle_rate_between(dir, 200, 900, &after);
    assert_near(before, 600.0 / 1600.0, 0.02);
    assert_true(after < 0.001);
    assert_true(r.n_splits >= 1);
    char *ev = events_of(dir);
    assert_non_null(strstr(ev, "180,table,split,0,\"for heat: 0 -> 0, 4\""));
    free(ev);
    ddb_report_destroy(&r);

    const char *off[] = {"table.split_for_heat=false"};
    run("split-for-heat", off, 1, dir, &r);
    throttle_rate_between(dir, 200, 900, &after);
    assert_near(after, 600.0 / 1600.0, 0.02);
    assert_int_equal(r.n_splits, 0);
    ddb_report_destroy(&r);

    /* Adaptive capacity keeps working across splits: each half's share is a quarter of the table
     * (975 / 2 WCU/s) and each serves ~800 WCU/s by borrowing; without it the halves are held to
     * their shares. */
    const char *no_adaptive[] = {"table.adaptive_capacity=false"};
    run("split-for-heat", no_adaptive, 1, dir, &r);
    throttle_rate_between(dir, 200, 900, &after);
    assert_true(after > 0.3);
    assert_true(r.total.by_reason[DDB_WRITE][DDB_THROTTLE_PROVISIONED] > 0);
    ddb_report_destroy(&r);

    const char *one[] = {"table.key.pk=ITEM#1"};
    run("split-for-heat", one, 1, dir, &r);
    throttle_rate_between(dir, 200, 900, &after);
    assert_near(after, 600.0 / 1600.0, 0.02);
    assert_int_equal(r.n_splits, 0);
    ev = events_of(dir);
    assert_non_null(strstr(ev, "no_split,0,\"hot, but one key carries 100% of its traffic\""));
    free(ev);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* A date key takes every write of the day: one key, one partition, held to 1,000 WCU/s of the
 * 1,500 offered whatever the table has, and no split helps it. */
static void test_timeseries_key_is_not_helped_by_splits(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    double rate;
    run("timeseries-key", NULL, 0, dir, &r);
    throttle_rate_between(dir, 300, 900, &rate);
    assert_near(rate, 500.0 / 1500.0, 0.01);
    assert_int_equal(r.n_splits, 0);
    assert_string_equal(r.hot_key, "READINGS#2026-01-01");
    char *ev = events_of(dir);
    assert_non_null(strstr(ev, ",no_split,"));
    free(ev);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* Split for size: two partitions of just under 10 GB; the writes (new items: the table has a sort
 * key) take one past 10 GB, and it splits at its middle split_delay_s later. */
static void test_split_for_size(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    const char *sets[] = {"table.rcu=1", "table.wcu=1000", "table.size_gb=19.999",
                          "table.split_for_heat=false", "duration_s=120"};
    run("timeseries-key", sets, 5, dir, &r);
    assert_int_equal(r.n_splits, 1);
    assert_int_equal(r.n_partitions, 3);
    char *ev = events_of(dir);
    assert_non_null(strstr(ev, ",split,") && strstr(ev, "for size: "));
    free(ev);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* Auto scaling lags a ramp: the table is throttled for minutes (from 360 s, when 1,400 writes/s
 * meet 1,000 WCU) before scale-out catches up. Each scale-out needs two one-minute datapoints
 * above the target, then the alarm's lag (120 s) and the update (180 s), AWS's "up to a few
 * minutes" and "several minutes" (developer guide, metrics-dimensions.html): decided at 420 s,
 * applied at 720 s; each new capacity is what was consumed / 0.7, so it takes three rounds
 * (720 s, 1,140 s, 1,560 s) to pass the 2,200 writes/s of the last step. */
static void test_autoscaling_lags_a_ramp(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    double rate;
    run("autoscaling-lag", NULL, 0, dir, &r);
    throttle_rate_between(dir, 0, 360, &rate);
    assert_true(rate == 0);
    throttle_rate_between(dir, 360, 1560, &rate);    /* twenty minutes of throttling */
    assert_true(rate > 0.25);
    throttle_rate_between(dir, 1570, 1800, &rate);   /* caught up */
    assert_true(rate < 0.001);
    char *ev = events_of(dir);
    const char *first = strstr(ev, ",capacity_change,");
    assert_non_null(first);
    while (first > ev && first[-1] != '\n')
        first--;
    assert_true(strncmp(first, "720,table,capacity_change,,wcu 1000 -> ", 39) == 0);
    assert_non_null(strstr(ev, "420,table,autoscaling,,\"wcu: 2 minutes above 70%"));
    assert_non_null(strstr(ev, "\n1560,table,capacity_change,,wcu "));
    free(ev);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* The closed form of auto scaling's timing: a step from below the target (600 writes/s on 1,000
 * WCU, 60% of it, under the 70% target) to above it (1,200/s) at t0 = 300 s is throttled from t0
 * until t0 + 2 minutes of datapoints above the target (at 360 s and 420 s) + the alarm's lag
 * (alarm_lag_s, 120 s: alarms "might have a short delay of up to a few minutes") + the update
 * (update_s, 180 s: UpdateTable "takes several minutes") = t0 + 7 minutes = 720 s, every 10 s
 * interval of it; then ceil(1,000 / 0.7) = 1,429 WCU serves the 1,200/s. Both delays are from
 * AWS's developer guide, metrics-dimensions.html. (No burst: burst_s is 0.) */
static void test_autoscaling_step_is_served_after_the_stated_minutes(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    const char *sets[] = {"duration_s=900", "workload.rate={\"profile\": \"steps\", \"steps\": "
                          "[{\"at_s\": 0, \"rps\": 600}, {\"at_s\": 300, \"rps\": 1200}]}"};
    run("autoscaling-lag", sets, 2, dir, &r);
    const double t0_s = 300, evaluation_s = 120, lag_s = 120, update_s = 180;
    const double served_s = t0_s + evaluation_s + lag_s + update_s;
    ts_row rows[128];
    size_t n = read_timeseries(dir, rows, 128);
    assert_int_equal(n, 90);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].t_s < t0_s)
            assert_true(rows[i].throttles == 0);        /* under the target: nothing moves */
        else if (rows[i].t_s < served_s)
            assert_true(rows[i].throttles > 0.1 * rows[i].requests); /* every interval */
        else if (rows[i].t_s < served_s + 10)           /* the first second's retries */
            assert_true(rows[i].throttles < 0.01 * rows[i].requests);
        else
            assert_true(rows[i].throttles == 0);        /* served from then on */
    }
    char *ev = events_of(dir);
    assert_non_null(strstr(ev, "420,table,autoscaling,,\"wcu: 2 minutes above 70%: 1429 in 300 s "
                               "(alarm 120 s, update 180 s)\"\n"));
    assert_non_null(strstr(ev, "\n720,table,capacity_change,,wcu 1000 -> 1429 (auto scaling)\n"));
    free(ev);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* A capacity change inside an interval: provisioned_wcu is the interval's time-weighted average
 * (CloudWatch's Average of ProvisionedWriteCapacityUnits). */
static void test_provisioned_is_averaged_over_the_interval(void **state)
{
    (void)state;
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    const char *sets[] = {"duration_s=30", "table.capacity_changes=[{\"at_s\": 20.5, \"wcu\": 4000}]"};
    run("quickstart", sets, 2, dir, &r);
    size_t len;
    char *ts = ddb_test_read(dir, "timeseries.csv", &len);
    ts[len] = '\0';
    assert_non_null(strstr(ts, "\n19,table,"));
    const char *want[3][2] = {{"\n19,table,", ",6000,3000,"}, {"\n20,table,", ",6000,3500,"},
                              {"\n21,table,", ",6000,4000,"}};
    for (int i = 0; i < 3; i++) {
        const char *row = strstr(ts, want[i][0]);
        assert_non_null(row);
        const char *end = strchr(row + 1, '\n');
        const char *col = strstr(row, want[i][1]);
        assert_true(col && col < end);
    }
    free(ts);
    ddb_report_destroy(&r);
    ddb_test_rmdir(dir);
    free(dir);
}

/* Capacity that moves is deterministic too: splits, events and all; a run without it writes no
 * events.csv. */
static void test_dynamic_runs_are_deterministic(void **state)
{
    (void)state;
    static const char *const files[] = {"timeseries.csv", "partitions.csv", "keys.csv",
                                        "summary.json", "events.csv"};
    char *a = ddb_test_tmpdir(), *b = ddb_test_tmpdir();
    const char *sets[] = {"duration_s=400", "table.autoscaling={\"max_wcu\": 3900}"};
    ddb_report ra, rb;
    run("split-for-heat", sets, 2, a, &ra);
    run("split-for-heat", sets, 2, b, &rb);
    assert_true(ra.n_splits >= 1);
    for (size_t i = 0; i < 5; i++)
        assert_true(same_file(a, b, files[i]));
    ddb_report_destroy(&ra);
    ddb_report_destroy(&rb);
    ddb_test_rmdir(a);
    const char *plain[] = {"duration_s=10"};
    run("quickstart", plain, 1, a, &ra);
    char path[4096];
    snprintf(path, sizeof path, "%s/events.csv", a);
    assert_int_equal(access(path, F_OK), -1);
    ddb_report_destroy(&ra);
    ddb_test_rmdir(a);
    ddb_test_rmdir(b);
    free(a);
    free(b);
}

/* Propagation delays, index keys and backlogs are deterministic too: runs 0 and 1 share a seed,
 * run 2 has another. */
static void test_indexes_are_deterministic(void **state)
{
    (void)state;
    static const char *const files[] = {"timeseries.csv", "partitions.csv", "gsi.csv", "summary.json"};
    const char *sets[][2] = {{"duration_s=20", "seed=9"}, {"duration_s=20", "seed=9"},
                             {"duration_s=20", "seed=10"}};
    char *dirs[3];
    for (size_t i = 0; i < 3; i++) {
        ddb_report r;
        dirs[i] = ddb_test_tmpdir();
        run("gsi-healthy", sets[i], 2, dirs[i], &r);
        ddb_report_destroy(&r);
    }
    for (size_t i = 0; i < 4; i++)
        assert_true(same_file(dirs[0], dirs[1], files[i]));
    assert_false(same_file(dirs[0], dirs[2], "gsi.csv"));
    for (size_t i = 0; i < 3; i++) {
        ddb_test_rmdir(dirs[i]);
        free(dirs[i]);
    }
}

/* The indexes' capacity that moves is deterministic too: an on-demand index that grows and
 * splits, and an index with its own auto scaling, run twice give the same bytes. */
static void test_index_dynamics_are_deterministic(void **state)
{
    (void)state;
    static const char *const files[] = {"timeseries.csv", "partitions.csv", "gsi.csv",
                                        "summary.json", "events.csv"};
    const char *on_demand[] = {
        "duration_s=360",
        "table.warm_throughput={\"read_units_per_s\": 12000, \"write_units_per_s\": 8000}",
        "attributes.day={\"dist\": \"uniform\", \"n\": 100000}",
        "table.gsi=[{\"name\": \"byDay\", \"pk\": \"DAY#{day}\", \"projection\": \"KEYS_ONLY\","
        " \"warm_throughput\": {\"read_units_per_s\": 12000, \"write_units_per_s\": 1000}}]"};
    const char *scaled[] = {"duration_s=300", "workload.rate={\"profile\": \"constant\", \"rps\": 2000}",
                            "table.gsi[0].autoscaling={\"min_wcu\": 1000, \"max_wcu\": 10000,"
                          " \"alarm_lag_s\": 0, \"update_s\": 60}"};
    for (int k = 0; k < 2; k++) {
        char *dirs[2];
        for (size_t i = 0; i < 2; i++) {
            ddb_report r;
            dirs[i] = ddb_test_tmpdir();
            if (k == 0)
                run("on-demand-spike", on_demand, 4, dirs[i], &r);
            else
                run("gsi-underprovisioned", scaled, 3, dirs[i], &r);
            ddb_report_destroy(&r);
        }
        char *ev = events_of(dirs[0]);
        assert_non_null(strstr(ev, k == 0 ? ",byDay,split," : ",byCustomer,capacity_change,"));
        free(ev);
        for (size_t i = 0; i < 5; i++)
            assert_true(same_file(dirs[0], dirs[1], files[i]));
        for (size_t i = 0; i < 2; i++) {
            ddb_test_rmdir(dirs[i]);
            free(dirs[i]);
        }
    }
}

/* hot-item-transactions: one item in a quarter of the draws, so in two thirds of the 4-item
 * transactions (1 - 0.75^4). Capacity is plentiful (nothing is throttled, the hottest partition
 * stays under a third of its cap), yet the transactions that meet the item while another holds it
 * (for a transaction's service time, ~10 ms; AWS: "Transaction conflict handling",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html) are
 * cancelled with TransactionConflict: with ~70 of them a second, a one-server loss system
 * cancels lambda h / (1 + lambda h) ~ 40% of those attempts, and one logical transaction in five
 * fails after its 3 attempts. Without the hot item, conflicts all but vanish. */
static void test_hot_item_transactions_conflict(void **state)
{
    (void)state;
    ddb_report r;
    run("hot-item-transactions", NULL, 0, NULL, &r);
    const ddb_counters *t = &r.total;
    assert_int_equal(throttles(&r), 0);
    assert_int_equal(t->tx_cancelled_throttling, 0);
    assert_true(r.hot_peak_per_s < 0.3 * DDB_PARTITION_MAX_WCU);
    assert_near((double)t->tx_cancelled_conflict / (double)attempts(&r), 0.38, 0.05);
    assert_near((double)t->failed / (double)t->arrivals, 0.2, 0.04);
    assert_int_equal(t->tx_conflict_items, t->tx_cancelled_conflict); /* one hot item each */
    ddb_report_destroy(&r);
    const char *cold[] = {"attributes.item.hot_op_fraction=0"};
    run("hot-item-transactions", cold, 1, NULL, &r);
    assert_true(r.total.tx_cancelled_conflict < r.total.arrivals / 1000);
    assert_true(r.total.failed < r.total.arrivals / 1000);
    ddb_report_destroy(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hot_key_is_held_to_the_partition_cap),
        cmocka_unit_test(test_asked_for_counts_logical_requests),
        cmocka_unit_test(test_write_sharding_is_not_throttled),
        cmocka_unit_test(test_burst_absorbs_a_short_spike_not_a_long_one),
        cmocka_unit_test(test_adaptive_capacity_absorbs_skew),
        cmocka_unit_test(test_uniform_overload_throttles_the_excess),
        cmocka_unit_test(test_quickstart_throttles_after_the_step),
        cmocka_unit_test(test_retry_storm),
        cmocka_unit_test(test_each_client_instance_has_its_own_quota),
        cmocka_unit_test(test_closed_loop_backs_off_open_loop_does_not),
        cmocka_unit_test(test_adaptive_client_sends_fewer_attempts),
        cmocka_unit_test(test_gsi_low_cardinality_caps_the_index),
        cmocka_unit_test(test_gsi_underprovisioned_lags_then_recovers),
        cmocka_unit_test(test_gsi_healthy_lag_stays_sub_second),
        cmocka_unit_test(test_lsi_collection_limit),
        cmocka_unit_test(test_bulletin_board_viral_thread),
        cmocka_unit_test(test_indexes_are_deterministic),
        cmocka_unit_test(test_index_dynamics_are_deterministic),
        cmocka_unit_test(test_same_seed_same_bytes_other_seed_other_bytes),
        cmocka_unit_test(test_clients_are_deterministic),
        cmocka_unit_test(test_trace_replayed_faster_throttles),
        cmocka_unit_test(test_on_demand_spike_is_throttled_then_absorbed),
        cmocka_unit_test(test_split_for_heat_helps_a_range_not_a_key),
        cmocka_unit_test(test_timeseries_key_is_not_helped_by_splits),
        cmocka_unit_test(test_split_for_size),
        cmocka_unit_test(test_autoscaling_lags_a_ramp),
        cmocka_unit_test(test_hot_item_transactions_conflict),
        cmocka_unit_test(test_autoscaling_step_is_served_after_the_stated_minutes),
        cmocka_unit_test(test_on_demand_gsi_spike_is_throttled_then_absorbed),
        cmocka_unit_test(test_gsi_autoscaling_catches_up),
        cmocka_unit_test(test_provisioned_is_averaged_over_the_interval),
        cmocka_unit_test(test_dynamic_runs_are_deterministic),
        cmocka_unit_test(test_ycsb_core_workloads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
