/* Tests of the scenario loader: exact values, defaults, every class of error message, --set,
 * deterministic resolved output. Failure paths run under ASan in the sanitizer build, which
 * reports anything a failed parse leaks. */
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
#include "sim/scenario/scenario.h"

/* JSON written with ' for " so that the cases stay readable. */
static char *dq(const char *s)
{
    char *d = strdup(s);
    for (char *p = d; *p; p++)
        if (*p == '\'')
            *p = '"';
    return d;
}

/* A full scenario, like docs/scenario-guide.md's example (without its GSI). */
static const char *const FULL =
    "{ 'name': 'hot-key', 'seed': 42, 'duration_s': 600,"
    "  'output': { 'interval_s': 1, 'top_keys': 10 },"
    "  'table': { 'billing': 'provisioned', 'rcu': 6000, 'wcu': 3000, 'size_gb': 25,"
    "             'burst_s': 300, 'adaptive_capacity': true,"
    "             'key': { 'pk': 'ORDER#{order_id}', 'sk': '{ts}' } },"
    "  'attributes': {"
    "    'order_id': { 'dist': 'zipfian', 'n': 1000000, 'theta': 0.99 },"
    "    'status':   { 'dist': 'categorical', 'weights': { 'PENDING': 0.9, 'SHIPPED': 0.1 } },"
    "    'ts':       { 'dist': 'clock' } },"
    "  'workload': {"
    "    'rate': { 'profile': 'constant', 'rps': 5000 },"
    "    'mix': { 'get': 0.5, 'put': 0.3, 'update': 0.1, 'query': 0.1 },"
    "    'item_bytes': { 'dist': 'lognormal', 'median': 1200, 'sigma': 0.5 },"
    "    'consistency': 'eventual' },"
    "  'client': { 'retry': { 'mode': 'standard', 'max_attempts': 3 } } }";

/* Only what is required. */
static const char *const MINIMAL =
    "{ 'table': { 'rcu': 100, 'wcu': 50, 'key': { 'pk': 'USER#{user}' } },"
    "  'attributes': { 'user': { 'dist': 'zipfian', 'n': 1000 },"
    "                  'h': { 'dist': 'hotspot', 'n': 10 } },"
    "  'workload': { 'rate': { 'rps': 10 }, 'mix': { 'get': 1 } } }";

static const char *const STEPS =
    "{ 'table': { 'rcu': 100, 'wcu': 50, 'key': { 'pk': 'K#{k}' } },"
    "  'attributes': { 'k': { 'dist': 'uniform', 'n': 10 } },"
    "  'workload': { 'rate': { 'profile': 'steps', 'steps': ["
    "      { 'at_s': 0, 'rps': 10 }, { 'at_s': 10, 'rps': 100 } ] },"
    "    'mix': { 'get': 0.5, 'put': 0.5 } } }";

/* Closed loop: callers instead of a rate. */
static const char *const CLOSED =
    "{ 'table': { 'rcu': 100, 'wcu': 50, 'key': { 'pk': 'K#{k}' } },"
    "  'attributes': { 'k': { 'dist': 'uniform', 'n': 10 } },"
    "  'workload': { 'mix': { 'batch_write': 0.25, 'batch_get': 0.75 } },"
    "  'client': { 'concurrency': 20, 'think_ms': 2.5 } }";

/* MINIMAL without a rate (and so without callers). */
static const char *const NO_RATE =
    "{ 'table': { 'rcu': 100, 'wcu': 50, 'key': { 'pk': 'K#{k}' } },"
    "  'attributes': { 'k': { 'dist': 'uniform', 'n': 10 } },"
    "  'workload': { 'mix': { 'get': 1 } } }";

static int parse(ddb_scenario *s, const char *json, const char *source, const char *const *sets,
                 size_t n_sets, char *err)
{
    char *text = dq(json);
    int rc = ddb_scenario_parse(s, text, strlen(text), source, sets, n_sets, err, DDB_ERR_MAX);
    free(text);
    return rc;
}

static void parse_ok(ddb_scenario *s, const char *json, const char *const *sets, size_t n_sets)
{
    char err[DDB_ERR_MAX];
    int rc = parse(s, json, "hot.json", sets, n_sets, err);
    if (rc != 0)
        print_error("unexpected error: %s\n", err);
    assert_int_equal(rc, 0);
}

/* The parse fails with exactly this message and leaves *out alone. */
static void expect_error_sets(const char *json, const char *const *sets, size_t n_sets,
                              const char *want)
{
    ddb_scenario s, before;
    char err[DDB_ERR_MAX];
    memset(&s, 0xA5, sizeof s);
    memcpy(&before, &s, sizeof s);
    assert_int_equal(parse(&s, json, "hot.json", sets, n_sets, err), -1);
    assert_string_equal(err, want);
    assert_null(strchr(err, '\n'));
    assert_memory_equal(&s, &before, sizeof s);
}

static void expect_error(const char *json, const char *want)
{
    expect_error_sets(json, NULL, 0, want);
}

static void expect_set_error(const char *json, const char *set, const char *want)
{
    const char *sets[] = {set};
    expect_error_sets(json, sets, 1, want);
}

static const cJSON *at(const cJSON *root, const char *a, const char *b, const char *c)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, a);
    if (b)
        v = cJSON_GetObjectItemCaseSensitive(v, b);
    if (c)
        v = cJSON_GetObjectItemCaseSensitive(v, c);
    assert_non_null(v);
    return v;
}

/* ---- valid scenarios ---- */

static void test_full_scenario(void **state)
{
    (void)state;
    ddb_scenario s;
    parse_ok(&s, FULL, NULL, 0);
    assert_string_equal(s.source, "hot.json");
    assert_string_equal(s.name, "hot-key");
    assert_int_equal(s.seed, 42);
    assert_int_equal(s.duration_ns, 600000000000LL);
    assert_int_equal(s.interval_ns, 1000000000LL);
    assert_int_equal(s.top_keys, 10);
    assert_int_equal(s.billing, DDB_BILLING_PROVISIONED);
    assert_int_equal(s.rcu, 6000);
    assert_int_equal(s.wcu, 3000);
    assert_true(s.size_gb == 25.0);
    assert_true(s.burst_s == 300.0);
    assert_true(s.adaptive_capacity);
    assert_string_equal(s.pk.source, "ORDER#{order_id}");
    assert_int_equal(s.pk.n_parts, 2);
    assert_int_equal(s.pk.parts[0].kind, DDB_TPL_LITERAL);
    assert_string_equal(s.pk.parts[0].text, "ORDER#");
    assert_int_equal(s.pk.parts[1].kind, DDB_TPL_ATTR);
    assert_int_equal(s.pk.parts[1].attr, 0);
    assert_true(s.has_sk);
    assert_int_equal(s.sk.n_parts, 1);
    assert_int_equal(s.sk.parts[0].attr, 2);

    assert_int_equal(s.n_attrs, 3);
    assert_string_equal(s.attrs[0].name, "order_id");
    assert_int_equal(s.attrs[0].spec.kind, DDB_DIST_ZIPFIAN);
    assert_int_equal(s.attrs[0].spec.n, 1000000);
    assert_true(s.attrs[0].spec.theta == 0.99);
    assert_string_equal(s.attrs[1].name, "status");
    assert_int_equal(s.attrs[1].spec.kind, DDB_DIST_CATEGORICAL);
    assert_int_equal(s.attrs[1].spec.n_labels, 2);
    assert_string_equal(s.attrs[1].spec.labels[0], "PENDING");
    assert_string_equal(s.attrs[1].spec.labels[1], "SHIPPED");
    assert_true(s.attrs[1].spec.weights[0] == 0.9 && s.attrs[1].spec.weights[1] == 0.1);
    assert_string_equal(s.attrs[2].name, "ts");
    assert_int_equal(s.attrs[2].spec.kind, DDB_DIST_CLOCK);
    assert_int_equal(ddb_scenario_attr_index(&s, "status"), 1);
    assert_int_equal(ddb_scenario_attr_index(&s, "nope"), -1);

    assert_int_equal(s.rate.kind, DDB_RATE_CONSTANT);
    assert_true(s.has_rate);
    assert_true(s.rate.rps == 5000.0);
    const double mix[DDB_OP_COUNT] = {0.5, 0.3, 0.1, 0, 0.1, 0, 0, 0, 0};
    for (size_t i = 0; i < DDB_OP_COUNT; i++)
        assert_true(s.mix[i] == mix[i]);
    assert_int_equal(s.item_bytes.kind, DDB_SIZE_LOGNORMAL);
    assert_true(s.item_bytes.median_bytes == 1200.0 && s.item_bytes.sigma == 0.5);
    assert_int_equal(s.consistency, DDB_EVENTUAL);
    assert_int_equal(s.items_per_query, 10);
    assert_int_equal(s.scan_page_items, 100);
    assert_int_equal(s.retry_mode, DDB_RETRY_STANDARD);
    assert_int_equal(s.max_attempts, 3);
    ddb_scenario_destroy(&s);
}

static const char *const MINIMAL_RESOLVED =
    "{'name':'minimal','seed':1,'duration_s':60,'output':{'interval_s':1,'top_keys':10},"
    "'table':{'billing':'provisioned','table_class':'standard','rcu':100,'wcu':50,"
    "'quota_rcu':40000,'quota_wcu':40000,'account_quota_rcu':80000,'account_quota_wcu':80000,'capacity_changes':[],'size_gb':0,'burst_s':300,"
    "'adaptive_capacity':true,'key':{'pk':'USER#{user}'},'split_for_heat':true,"
    "'split_heat_threshold':0.8,'split_heat_window_s':120,'split_delay_s':60},"
    "'attributes':{'user':{'dist':'zipfian','n':1000,'theta':0.99},"
    "'h':{'dist':'hotspot','n':10,'hot_data_fraction':0.2,'hot_op_fraction':0.8}},"
    "'workload':{'rate':{'profile':'constant','rps':10},"
    "'mix':{'get':1,'put':0,'update':0,'delete':0,'query':0,'scan':0,'batch_write':0,"
    "'batch_get':0,'gsi_query':0},"
    "'item_bytes':{'dist':'fixed','bytes':1024},'consistency':'eventual',"
    "'items_per_query':10,'scan_page_items':100,'batch_write_items':25,'batch_get_items':100},"
    "'client':{'concurrency':0,'instances':1,'think_ms':0,"
    "'retry':{'mode':'standard','max_attempts':3,'base_ms':1000,'max_backoff_ms':20000,"
    "'quota':500},"
    "'service_ms':{'get':{'median':3,'sigma':0.4},'put':{'median':5,'sigma':0.4},"
    "'update':{'median':5,'sigma':0.4},'delete':{'median':5,'sigma':0.4},"
    "'query':{'median':6,'sigma':0.4},'scan':{'median':20,'sigma':0.4},"
    "'batch_write':{'median':10,'sigma':0.4},'batch_get':{'median':8,'sigma':0.4},"
    "'gsi_query':{'median':6,'sigma':0.4}}}}";

static void test_defaults(void **state)
{
    (void)state;
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    assert_int_equal(parse(&s, MINIMAL, "scenarios/minimal.json", NULL, 0, err), 0);
    assert_string_equal(s.name, "minimal");
    assert_int_equal(s.seed, 1);
    assert_int_equal(s.duration_ns, 60000000000LL);
    assert_int_equal(s.interval_ns, 1000000000LL);
    assert_int_equal(s.top_keys, 10);
    assert_true(s.size_gb == 0.0 && s.burst_s == 300.0 && s.adaptive_capacity);
    assert_false(s.has_sk);
    assert_true(s.attrs[0].spec.theta == 0.99);
    assert_true(s.attrs[1].spec.hot_data_fraction == 0.2);
    assert_true(s.attrs[1].spec.hot_op_fraction == 0.8);
    assert_int_equal(s.rate.kind, DDB_RATE_CONSTANT);
    assert_int_equal(s.item_bytes.kind, DDB_SIZE_FIXED);
    assert_int_equal(s.item_bytes.bytes, 1024);
    assert_int_equal(s.consistency, DDB_EVENTUAL);
    assert_int_equal(s.items_per_query, 10);
    assert_int_equal(s.scan_page_items, 100);
    assert_int_equal(s.retry_mode, DDB_RETRY_STANDARD);
    assert_int_equal(s.max_attempts, 3);
    assert_true(s.retry_base_ms == 1000.0 && s.retry_max_backoff_ms == 20000.0);
    assert_int_equal(s.retry_quota, 500);
    assert_int_equal(s.batch_write_items, 25);
    assert_int_equal(s.batch_get_items, 100);
    assert_true(s.has_rate);
    assert_int_equal(s.concurrency, 0);
    assert_true(s.think_ms == 0.0);
    /* a transaction's: twice put's and get's (two round trips: prepare, commit) */
    const double median[DDB_OP_COUNT] = {3, 5, 5, 5, 6, 20, 10, 8, 6, 10, 6};
    for (size_t i = 0; i < DDB_OP_COUNT; i++)
        assert_true(s.service[i].median_ms == median[i] && s.service[i].sigma == 0.4);

    assert_true(cJSON_GetNumberValue(at(s.resolved, "output", "interval_s", NULL)) == 1.0);
    assert_string_equal(cJSON_GetStringValue(at(s.resolved, "workload", "consistency", NULL)),
                        "eventual");
    char *compact = cJSON_PrintUnformatted(s.resolved), *want = dq(MINIMAL_RESOLVED);
    assert_string_equal(compact, want);
    free(compact);
    free(want);
    ddb_scenario_destroy(&s);
}

static void test_default_name(void **state)
{
    (void)state;
    const char *const cases[][2] = {
        {"hot.json", "hot"}, {"a/b/cold.json", "cold"}, {"dir/plain", "plain"},
        {"x/.json", "scenario"}, {"v1.2.json", "v1.2"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ddb_scenario s;
        char err[DDB_ERR_MAX];
        assert_int_equal(parse(&s, MINIMAL, cases[i][0], NULL, 0, err), 0);
        assert_string_equal(s.name, cases[i][1]);
        ddb_scenario_destroy(&s);
    }
}

static void test_variants(void **state)
{
    (void)state;
    ddb_scenario s;
    const char *sets[] = {"workload.item_bytes={\"dist\":\"uniform\",\"min\":100,\"max\":400}",
                          "client.retry.mode=none", "output.interval_s=0.25",
                          "attributes.k={\"dist\":\"sequential\",\"n\":1099511627776}"};
    parse_ok(&s, STEPS, sets, 4);
    assert_int_equal(s.rate.kind, DDB_RATE_STEPS);
    assert_int_equal(s.rate.n_steps, 2);
    assert_true(s.rate.steps[1].at_s == 10.0 && s.rate.steps[1].rps == 100.0);
    assert_int_equal(s.item_bytes.kind, DDB_SIZE_UNIFORM);
    assert_int_equal(s.item_bytes.min_bytes, 100);
    assert_int_equal(s.item_bytes.max_bytes, 400);
    assert_int_equal(s.retry_mode, DDB_RETRY_NONE);
    assert_int_equal(s.max_attempts, 1); /* mode none implies one attempt */
    assert_true(s.retry_base_ms == 0.0 && s.retry_max_backoff_ms == 0.0);
    assert_int_equal(s.retry_quota, 0);
    char *retry = cJSON_PrintUnformatted(at(s.resolved, "client", "retry", NULL));
    assert_string_equal(retry, "{\"mode\":\"none\",\"max_attempts\":1,\"base_ms\":0,"
                               "\"max_backoff_ms\":0,\"quota\":0}");
    free(retry);
    assert_int_equal(s.interval_ns, 250000000LL);
    assert_int_equal(s.attrs[0].spec.n, 1099511627776ULL);
    ddb_scenario_destroy(&s);
}

/* The rate profiles beyond constant and steps: parameters, defaults, cross-field checks. */
static void test_rate_profiles(void **state)
{
    (void)state;
    ddb_scenario s;
    const char *ramp[] = {"workload.rate={\"profile\":\"ramp\",\"from_rps\":5,\"to_rps\":50,\"over_s\":30}"};
    parse_ok(&s, STEPS, ramp, 1);
    assert_int_equal(s.rate.kind, DDB_RATE_RAMP);
    assert_true(s.rate.from_rps == 5 && s.rate.to_rps == 50 && s.rate.over_s == 30);
    ddb_scenario_destroy(&s);
    const char *diurnal[] = {"workload.rate={\"profile\":\"diurnal\",\"mean_rps\":100,\"amplitude_rps\":40}"};
    parse_ok(&s, STEPS, diurnal, 1);
    assert_true(s.rate.period_s == 86400 && s.rate.phase_s == 0 && s.rate.amplitude_rps == 40);
    char *rate = cJSON_PrintUnformatted(at(s.resolved, "workload", "rate", NULL));
    assert_string_equal(rate, "{\"profile\":\"diurnal\",\"mean_rps\":100,\"amplitude_rps\":40,"
                              "\"period_s\":86400,\"phase_s\":0}");
    free(rate);
    ddb_scenario_destroy(&s);
    const char *spike[] = {"workload.rate={\"profile\":\"spike\",\"base_rps\":10,\"peak_rps\":900,"
                           "\"at_s\":5,\"duration_s\":2}"};
    parse_ok(&s, STEPS, spike, 1);
    assert_true(s.rate.peak_rps == 900 && s.rate.duration_s == 2);
    ddb_scenario_destroy(&s);

    expect_set_error(STEPS, "workload.rate={\"profile\":\"diurnal\",\"mean_rps\":10,\"amplitude_rps\":11}",
                     "hot.json: workload.rate.amplitude_rps: the rate would go below 0 (got 11, "
                     "expected at most mean_rps (10))");
    expect_set_error(STEPS, "workload.rate={\"profile\":\"ramp\",\"from_rps\":1,\"to_rps\":2,\"over_s\":0}",
                     "hot.json: workload.rate.over_s: out of range (got 0, expected a number "
                     "greater than 0 and at most 31536000)");
    expect_set_error(STEPS, "workload.rate={\"profile\":\"spike\",\"base_rps\":1,\"peak_rps\":2,\"at_s\":1}",
                     "hot.json: workload.rate.duration_s: missing (expected a number greater than 0 "
                     "and at most 31536000)");
    expect_set_error(STEPS, "workload.rate={\"profile\":\"ramp\",\"rps\":1}",
                     "hot.json: workload.rate.rps: does not apply to profile \"ramp\" (expected "
                     "one of: profile, from_rps, to_rps, over_s)");
    expect_set_error(STEPS, "workload.rate={\"profile\":\"csv\",\"path\":\"/nonexistent/r.csv\"}",
                     "hot.json: workload.rate.path: /nonexistent/r.csv: cannot read (No such file "
                     "or directory)");
}

/* YCSB's request distributions as attributes: their parameters and defaults. */
static void test_ycsb_dists(void **state)
{
    (void)state;
    ddb_scenario s;
    const char *sets[] = {"attributes.k={\"dist\":\"scrambled_zipfian\",\"n\":1000}",
                          "attributes.e={\"dist\":\"exponential\",\"n\":50}",
                          "attributes.l={\"dist\":\"latest\",\"n\":70,\"theta\":0.5}"};
    parse_ok(&s, STEPS, sets, 3);
    assert_int_equal(s.attrs[0].spec.kind, DDB_DIST_SCRAMBLED_ZIPFIAN);
    assert_true(s.attrs[0].spec.theta == 0.99);
    assert_int_equal(s.attrs[1].spec.kind, DDB_DIST_EXPONENTIAL);
    assert_true(s.attrs[1].spec.percentile == 95 && s.attrs[1].spec.frac == 0.8571428571);
    assert_true(s.attrs[2].spec.theta == 0.5);
    ddb_scenario_destroy(&s);
    expect_set_error(STEPS, "attributes.k={\"dist\":\"exponential\",\"n\":5,\"percentile\":100}",
                     "hot.json: attributes.k.percentile: out of range (got 100, expected a number "
                     "greater than 0 and less than 100)");
    expect_set_error(STEPS, "attributes.k={\"dist\":\"latest\",\"n\":5,\"frac\":0.5}",
                     "hot.json: attributes.k.frac: does not apply to dist \"latest\" (expected "
                     "one of: dist, n, theta, inserts, hashed, present)");
}

/* A YCSB workload file fills in what the scenario leaves out; what the scenario gives wins. */
static void test_ycsb_expansion(void **state)
{
    (void)state;
    char path[] = "/tmp/ddbsim-wl-XXXXXX", set[64], err[DDB_ERR_MAX];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *wl = "recordcount=200\noperationcount=600\ntarget=30\nreadproportion=0.5\n"
                     "updateproportion=0\nreadmodifywriteproportion=0.25\nscanproportion=0.25\n"
                     "maxscanlength=20\nfieldlength=50\nbogus=1\n";
    assert_int_equal(write(fd, wl, strlen(wl)), (ssize_t)strlen(wl));
    close(fd);
    snprintf(set, sizeof set, "workload.ycsb=%s", path);
    const char *table_only = "{ 'table': { 'rcu': 100, 'wcu': 50 } }";
    ddb_scenario s;
    const char *sets[] = {set};
    char *text = dq(table_only);
    assert_int_equal(ddb_scenario_parse(&s, text, strlen(text), "t.json", sets, 1, err, sizeof err), 0);
    free(text);
    assert_string_equal(s.pk.source, "user{ycsb_key}");
    assert_int_equal(s.n_attrs, 1);
    assert_int_equal(s.attrs[0].spec.kind, DDB_DIST_UNIFORM);
    assert_int_equal(s.attrs[0].spec.n, 200);
    assert_true(s.attrs[0].spec.hashed);
    /* get 0.5 + 0.25 (RMW), update 0.25 (RMW), query 0.25: of 1.25 requests per operation */
    assert_true(fabs(s.mix[DDB_OP_GET] - 0.6) < 1e-12 && fabs(s.mix[DDB_OP_UPDATE] - 0.2) < 1e-12);
    assert_true(fabs(s.mix[DDB_OP_QUERY] - 0.2) < 1e-12);
    assert_true(s.rate.kind == DDB_RATE_CONSTANT && fabs(s.rate.rps - 37.5) < 1e-9);
    assert_int_equal(s.duration_ns, 20000000000LL); /* 600 operations / 30 per second */
    assert_int_equal(s.item_bytes.bytes, 500);       /* 10 fields x 50 bytes */
    assert_int_equal(s.items_per_query, 11);         /* (1 + 20) / 2, rounded */
    assert_non_null(strstr(s.warnings, ":10: bogus: unknown property, ignored"));
    ddb_scenario_destroy(&s);

    const char *own = "{ 'duration_s': 5, 'table': { 'rcu': 100, 'wcu': 50, 'key': { 'pk': 'K{ycsb_key}' } },"
                      "  'workload': { 'mix': { 'put': 1 }, 'rate': { 'rps': 7 } } }";
    text = dq(own);
    assert_int_equal(ddb_scenario_parse(&s, text, strlen(text), "t.json", sets, 1, err, sizeof err), 0);
    free(text);
    assert_string_equal(s.pk.source, "K{ycsb_key}");
    assert_true(s.mix[DDB_OP_PUT] == 1.0 && s.rate.rps == 7.0);
    assert_int_equal(s.duration_ns, 5000000000LL);
    ddb_scenario_destroy(&s);

    const char *both[] = {set, "workload.trace={\"path\":\"t.csv\"}"};
    expect_error_sets(table_only, both, 2, "hot.json: workload.ycsb: a YCSB workload and a trace "
                      "both describe the requests; keep one (remove workload.ycsb or workload.trace)");
    unlink(path);
    expect_set_error(table_only, "workload.ycsb=/nonexistent/wl",
                     "hot.json: workload.ycsb: /nonexistent/wl: cannot read (No such file or directory)");
}

/* Derived attributes name a drawn source; item sizes per operation are item_bytes objects. */
static void test_correlation_fields(void **state)
{
    (void)state;
    ddb_scenario s;
    const char *ok[] = {"attributes.t={\"dist\":\"derived\",\"from\":\"k\",\"n\":4}",
                        "workload.item_bytes_by_op={\"put\":{\"dist\":\"uniform\",\"min\":10,\"max\":20}}"};
    parse_ok(&s, STEPS, ok, 2);
    assert_int_equal(s.attrs[1].spec.kind, DDB_DIST_DERIVED);
    assert_int_equal(s.attrs[1].spec.from_index, 0);
    assert_int_equal(s.attrs[1].spec.map, DDB_DERIVE_HASH);
    assert_true(s.has_item_bytes_by_op[DDB_OP_PUT] && !s.has_item_bytes_by_op[DDB_OP_GET]);
    assert_int_equal(s.item_bytes_by_op[DDB_OP_PUT].max_bytes, 20);
    ddb_scenario_destroy(&s);
    expect_set_error(STEPS, "attributes.t={\"dist\":\"derived\",\"from\":\"x\",\"n\":4}",
                     "hot.json: attributes.t.from: unknown attribute (got \"x\", expected the name "
                     "of another attribute)");
    const char *clock[] = {"attributes.c={\"dist\":\"clock\"}",
                           "attributes.t={\"dist\":\"derived\",\"from\":\"c\",\"n\":4}"};
    expect_error_sets(STEPS, clock, 2, "hot.json: attributes.t.from: cannot be derived from the "
                      "clock (got \"c\", expected an integer or categorical attribute)");
    expect_set_error(STEPS, "attributes.t={\"dist\":\"derived\",\"from\":\"k\",\"n\":4,\"map\":\"div\"}",
                     "hot.json: attributes.t.map: unknown value (got \"div\", expected one of: hash, "
                     "mod, block)");
    expect_set_error(STEPS, "workload.item_bytes_by_op={\"batch_write\":{\"bytes\":5}}",
                     "hot.json: workload.item_bytes_by_op.batch_write: unknown operation (expected "
                     "one of: get, put, update, delete, query, scan; a batch's items take item_bytes)");
    expect_set_error(STEPS, "workload.item_bytes_by_op={\"get\":{\"dist\":\"uniform\",\"min\":9,\"max\":3}}",
                     "hot.json: workload.item_bytes_by_op.get.max: less than min (got 3, expected an "
                     "integer from 9 to 409600)");
}

/* ---- errors ---- */

static void test_malformed_json(void **state)
{
    (void)state;
    expect_error("{'table': {\n  'rcu': 5,\n  'wcu': ,\n}}",
                 "hot.json: line 3, column 10: malformed JSON (near ',')");
    expect_error("{'a': 1", "hot.json: line 1, column 8: malformed JSON (unexpected end of input)");
    expect_error("{'a': 1} x",
                 "hot.json: line 1, column 10: malformed JSON (text after the end, near 'x')");
    expect_error("", "hot.json: line 1, column 1: malformed JSON (empty input)");
    expect_error(" \n ", "hot.json: line 1, column 1: malformed JSON (empty input)");
    expect_error("[1, 2]", "hot.json: wrong type (got [1,2], expected a JSON object with the "
                           "scenario's fields)");
}

static void test_unknown_fields(void **state)
{
    (void)state;
    expect_error("{'nmae': 'x'}", "hot.json: nmae: unknown field (expected one of: name, seed, "
                                  "duration_s, simulation, output, prices, table, attributes, workload, "
                                  "client)");
    expect_error("{'table': {'wdu': 5}}",
                 "hot.json: table.wdu: unknown field (expected one of: billing, table_class, "
                 "rcu, wcu, quota_rcu, quota_wcu, account_quota_rcu, account_quota_wcu, "
                 "capacity_changes, warm_throughput, max_rcu, max_wcu, size_gb, burst_s, adaptive_capacity, key, split_for_heat, "
                 "split_heat_threshold, split_heat_window_s, split_delay_s, autoscaling, gsi, lsi, "
                 "item_collection_limit_gb)");
    expect_error("{'table': {'rcu': 1, 'wcu': 1, 'key': {'pk': 'x', 'partition': 'y'}}}",
                 "hot.json: table.key.partition: unknown field (expected one of: pk, sk)");
    expect_set_error(MINIMAL, "client.retry.modes=none",
                     "hot.json: client.retry.modes: unknown field (expected one of: mode, "
                     "max_attempts, base_ms, max_backoff_ms, quota)");
    expect_set_error(MINIMAL, "client.threads=4",
                     "hot.json: client.threads: unknown field (expected one of: concurrency, "
                     "instances, think_ms, retry, service_ms)");
    expect_set_error(MINIMAL, "client.service_ms.batch_put.median=5",
                     "hot.json: client.service_ms.batch_put: unknown field (expected one of: "
                     "get, put, update, delete, query, scan, batch_write, batch_get, gsi_query)");
    expect_set_error(MINIMAL, "client.service_ms.get.p50=5",
                     "hot.json: client.service_ms.get.p50: unknown field (expected one of: "
                     "median, sigma)");
    expect_set_error(MINIMAL, "attributes.user.skew=1",
                     "hot.json: attributes.user.skew: unknown field (expected one of: dist, path, n, "
                     "theta, hot_data_fraction, hot_op_fraction, percentile, frac, weights, "
                     "inserts, from, map, hashed, present)");
    expect_set_error(MINIMAL, "attributes.user.weights={}",
                     "hot.json: attributes.user.weights: does not apply to dist \"zipfian\" "
                     "(expected one of: dist, n, theta, hashed, present)");
    expect_set_error(MINIMAL, "workload.mix.select=1",
                     "hot.json: workload.mix.select: unknown field (expected one of: get, put, "
                     "update, delete, query, scan, batch_write, batch_get, gsi_query, "
                     "transact_write, transact_get)");
    expect_set_error(MINIMAL, "workload.batch_items=5",
                     "hot.json: workload.batch_items: unknown field (expected one of: rate, mix, "
                     "gsi_query_index, item_bytes, item_bytes_by_op, ycsb, trace, consistency, items_per_query, "
                     "scan_page_items, "
                     "batch_write_items, batch_get_items, transact_items)");
    expect_error("{'seed': 1, 'seed': 2}",
                 "hot.json: seed: duplicate field (expected each field once)");
}

static void test_bad_values(void **state)
{
    (void)state;
    expect_set_error(MINIMAL, "table.wcu=\"3000\"",
                     "hot.json: table.wcu: wrong type (got \"3000\", expected an integer from 1 "
                     "to 1000000)");
    expect_set_error(MINIMAL, "table.wcu=-5",
                     "hot.json: table.wcu: out of range (got -5, expected an integer from 1 to "
                     "1000000)");
    expect_set_error(MINIMAL, "table.wcu=2.5",
                     "hot.json: table.wcu: not an integer (got 2.5, expected an integer from 1 "
                     "to 1000000)");
    expect_set_error(MINIMAL, "table.wcu=1e999",
                     "hot.json: table.wcu: out of range (got inf, expected an integer from 1 to "
                     "1000000)");
    expect_set_error(MINIMAL, "duration_s=0",
                     "hot.json: duration_s: out of range (got 0, expected a number greater than "
                     "0 and at most 31536000)");
    expect_set_error(MINIMAL, "table.adaptive_capacity=1",
                     "hot.json: table.adaptive_capacity: wrong type (got 1, expected true or "
                     "false)");
    expect_set_error(MINIMAL, "workload.consistency=stronk",
                     "hot.json: workload.consistency: unknown value (got \"stronk\", expected one "
                     "of: eventual, strong, transactional)");
    expect_set_error(MINIMAL, "attributes.user.theta=1",
                     "hot.json: attributes.user.theta: out of range (got 1, expected a number "
                     "greater than 0 and less than 1)");
    expect_set_error(MINIMAL, "output.interval_s=0.0015",
                     "hot.json: output.interval_s: not a whole number of milliseconds (got "
                     "0.0015, expected a multiple of 0.001)");
    expect_set_error(MINIMAL, "output.interval_s=61",
                     "hot.json: output.interval_s: longer than the run (got 61, expected at most "
                     "duration_s (60))");
    expect_set_error(MINIMAL, "name=\"\"",
                     "hot.json: name: empty (got \"\", expected a string of 1 to 255 bytes)");
    expect_set_error(MINIMAL, "table.key=5",
                     "hot.json: table.key: wrong type (got 5, expected an object)");
    /* Messages stay on one line whatever the input holds. */
    expect_error("{'a\nb': 1}", "hot.json: a\\nb: unknown field (expected one of: name, seed, "
                                 "duration_s, simulation, output, prices, table, attributes, workload, "
                                 "client)");
}

static void test_missing(void **state)
{
    (void)state;
    expect_error("{'table': {'wcu': 1, 'key': {'pk': 'x'}}, 'workload': {'rate': {'rps': 1}, "
                 "'mix': {'get': 1}}}",
                 "hot.json: table.rcu: missing (expected an integer from 1 to 1000000)");
    expect_set_error(MINIMAL, "table.key={}",
                     "hot.json: table.key.pk: missing (expected a key template such as "
                     "\"ORDER#{order_id}\")");
    expect_set_error(MINIMAL, "workload={}",
                     "hot.json: workload.mix: missing (expected an object of operation weights "
                     "summing to 1, such as {\"get\": 0.8, \"put\": 0.2})");
    expect_error(NO_RATE, "hot.json: workload.rate: missing (expected an object such as "
                          "{\"profile\": \"constant\", \"rps\": 1000}) (or set "
                          "client.concurrency for closed-loop callers)");
    expect_set_error(NO_RATE, "client.concurrency=0",
                     "hot.json: workload.rate: missing (expected an object such as "
                     "{\"profile\": \"constant\", \"rps\": 1000}) (or set "
                     "client.concurrency for closed-loop callers)");
    expect_set_error(MINIMAL, "attributes.user={\"n\": 5}",
                     "hot.json: attributes.user.dist: missing (expected one of: uniform, "
                     "zipfian, hotspot, sequential, categorical, clock, scrambled_zipfian, latest, "
                     "exponential, derived, contributor_insights)");
}

static void test_templates(void **state)
{
    (void)state;
    expect_set_error(MINIMAL, "table.key.pk=ORDER#{oder_id}",
                     "hot.json: table.key.pk: unknown attribute 'oder_id' in {oder_id} (known: "
                     "user, h)");
    expect_set_error(MINIMAL, "table.key.sk={nope}",
                     "hot.json: table.key.sk: unknown attribute 'nope' in {nope} (known: user, "
                     "h)");
    char set[2200] = "table.key.pk=";
    memset(set + strlen(set), 'x', 2049);
    expect_set_error(MINIMAL, set,
                     "hot.json: table.key.pk: longer than DynamoDB's partition key limit (got "
                     "keys of up to 2049 bytes, expected at most 2048)");
}

static void test_weights_and_sizes(void **state)
{
    (void)state;
    expect_set_error(MINIMAL, "workload.mix={\"get\":0.5,\"put\":0.3,\"update\":0.1}",
                     "hot.json: workload.mix: weights must sum to 1 (got 0.9)");
    expect_set_error(MINIMAL,
                     "attributes.s={\"dist\":\"categorical\",\"weights\":{\"A\":0.5,\"B\":0.4}}",
                     "hot.json: attributes.s.weights: weights must sum to 1 (got 0.9)");
    expect_set_error(MINIMAL, "attributes.s={\"dist\":\"categorical\",\"weights\":{}}",
                     "hot.json: attributes.s.weights: no labels (got {}, expected an object of "
                     "label weights summing to 1, such as {\"PENDING\": 0.9, \"SHIPPED\": "
                     "0.1})");
    expect_set_error(MINIMAL, "workload.item_bytes={\"bytes\":409601}",
                     "hot.json: workload.item_bytes.bytes: larger than DynamoDB's item size "
                     "limit of 400 KB (got 409601, expected an integer from 1 to 409600)");
    expect_set_error(MINIMAL, "workload.item_bytes={\"dist\":\"uniform\",\"min\":9,\"max\":8}",
                     "hot.json: workload.item_bytes.max: less than min (got 8, expected an "
                     "integer from 9 to 409600)");
}

static void test_not_modelled(void **state)
{
    (void)state;
    expect_set_error(MINIMAL, "client.retry.mode=cubic",
                     "hot.json: client.retry.mode: unknown value (got \"cubic\", expected one of: "
                     "none, legacy, standard, adaptive, standard_2026)");
}

/* Capacity that moves: which fields go with which billing mode, and their cross checks. */
static void test_capacity_fields(void **state)
{
    (void)state;
    expect_set_error(MINIMAL, "table.autoscaling={}",
                     "hot.json: table.autoscaling: scales nothing (expected min_rcu/max_rcu, "
                     "min_wcu/max_wcu or both)");
    expect_set_error(MINIMAL, "table.autoscaling={\"min_wcu\": 500, \"max_wcu\": 100}",
                     "hot.json: table.autoscaling.max_wcu: less than the minimum (got 100, "
                     "expected at least min_wcu (500))");
    /* no maximum: it is the quota, and a minimum above it is the error (a crash once) */
    expect_set_error(MINIMAL, "table.autoscaling={\"min_wcu\": 51000}",
                     "hot.json: table.autoscaling.min_wcu: more than the maximum (got 51000, "
                     "expected at most the table quota (40000), or raise table.quota_wcu)");
    expect_set_error(MINIMAL, "table.autoscaling={\"target_utilization\": 0.95, \"max_wcu\": 100}",
                     "hot.json: table.autoscaling.target_utilization: out of range (got 0.95, "
                     "expected a number from 0.2 to 0.9)");
    expect_set_error(MINIMAL, "table.capacity_changes=[{\"at_s\": 5}]",
                     "hot.json: table.capacity_changes[0]: changes nothing (got {\"at_s\":5}, "
                     "expected rcu, wcu or both)");
    expect_set_error(MINIMAL, "table.capacity_changes=[{\"at_s\": 5, \"wcu\": 9}, {\"at_s\": 5, \"rcu\": 9}]",
                     "hot.json: table.capacity_changes[1].at_s: not after the previous change "
                     "(got 5, expected more than the previous change's 5)");
    expect_set_error(MINIMAL, "table.max_wcu=10",
                     "hot.json: table.max_wcu: applies to on-demand tables only (expected "
                     "table.billing \"on_demand\", or remove it)");
    expect_set_error(MINIMAL, "table.billing=on_demand",
                     "hot.json: table.rcu: an on-demand table has no provisioned capacity "
                     "(expected no table.rcu with billing \"on_demand\"; warm_throughput says "
                     "what it serves at once)");
    /* Provisioned capacity above the per-table quota is refused, as AWS refuses it. */
    expect_set_error(MINIMAL, "table.wcu=50000",
                     "hot.json: table.wcu: above the table's quota (got 50000, expected at most "
                     "table.quota_wcu, 40000: AWS refuses more until the quota is raised)");
    expect_set_error(MINIMAL, "table.capacity_changes=[{\"at_s\": 5, \"rcu\": 40001}]",
                     "hot.json: table.capacity_changes[0].rcu: above the table's quota (got 40001, "
                     "expected at most table.quota_rcu, 40000: AWS refuses more until the quota is "
                     "raised)");
    expect_set_error(MINIMAL, "table.autoscaling={\"max_wcu\": 41000}",
                     "hot.json: table.autoscaling.max_wcu: above the table's quota (got 41000, "
                     "expected at most table.quota_wcu, 40000: AWS refuses more until the quota is "
                     "raised)");
    expect_set_error(MINIMAL, "table.gsi=[{\"name\": \"byH\", \"pk\": \"H#{h}\", \"rcu\": 50000, \"wcu\": 1}]",
                     "hot.json: table.gsi[0].rcu: above the table's quota (got 50000, expected at "
                     "most table.quota_rcu, 40000: AWS refuses more until the quota is raised)");
    /* The table and its GSIs together within the account's quota (80,000 by default). */
    const char *two[] = {"table.wcu=40000",
                         "table.gsi=[{\"name\": \"byH\", \"pk\": \"H#{h}\", \"rcu\": 1, \"wcu\": 30000},"
                         " {\"name\": \"byU\", \"pk\": \"U#{user}\", \"rcu\": 1, \"wcu\": 20000}]"};
    expect_error_sets(MINIMAL, two, 2,
                      "hot.json: table.wcu: the table and its GSIs above the account's quota (got "
                      "40000 + 50000 for the GSIs = 90000, expected at most "
                      "table.account_quota_wcu, 80000: AWS refuses more until the quota is raised)");
    const char *grows[] = {two[1], "table.capacity_changes=[{\"at_s\": 5, \"rcu\": 9}, {\"at_s\": 9, \"wcu\": 30001}]"};
    expect_error_sets(MINIMAL, grows, 2,
                      "hot.json: table.capacity_changes[1].wcu: the table and its GSIs above the "
                      "account's quota (got 30001 + 50000 for the GSIs = 80001, expected at most "
                      "table.account_quota_wcu, 80000: AWS refuses more until the quota is raised)");
    /* Well-formed ones: the limits left out are filled in, as understood. */
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    const char *raised[] = {"table.wcu=50000", "table.quota_wcu=50000"};
    assert_int_equal(parse(&s, MINIMAL, "hot.json", raised, 2, err), 0);
    assert_int_equal(s.wcu, 50000);
    ddb_scenario_destroy(&s);
    const char *sets[] = {"table.autoscaling={\"max_wcu\": 900}", "table.quota_rcu=1000"};
    assert_int_equal(parse(&s, MINIMAL, "hot.json", sets, 2, err), 0);
    assert_true(s.has_autoscaling && s.autoscaling.min_wcu == 1 && s.autoscaling.max_wcu == 900);
    assert_true(s.autoscaling.min_rcu == 0 && s.autoscaling.max_rcu == 0); /* reads not scaled */
    assert_true(s.autoscaling.target_utilization == 0.7);
    assert_true(s.autoscaling.alarm_lag_ns == 120000000000LL && s.autoscaling.update_ns == 180000000000LL);
    assert_true(cJSON_GetNumberValue(at(s.resolved, "table", "autoscaling", "min_wcu")) == 1);
    ddb_scenario_destroy(&s);
}

static void test_cross_field(void **state)
{
    (void)state;
    const char *sets[] = {"client.retry.mode=none", "client.retry.max_attempts=3"};
    expect_error_sets(MINIMAL, sets, 2,
                      "hot.json: client.retry.max_attempts: more than one attempt with mode "
                      "\"none\" (got 3, expected 1, or mode \"standard\")");
    expect_set_error(STEPS, "workload.rate.steps[2]={\"at_s\": 10, \"rps\": 1}",
                     "hot.json: workload.rate.steps[2].at_s: not after the previous step (got "
                     "10, expected more than the previous step's 10)");
    expect_set_error(STEPS, "workload.rate.steps=[]",
                     "hot.json: workload.rate.steps: empty (got [], expected a non-empty array "
                     "of steps such as [{\"at_s\": 0, \"rps\": 100}])");
    expect_set_error(STEPS, "workload.rate.rps=5",
                     "hot.json: workload.rate.rps: does not apply to profile \"steps\" "
                     "(expected one of: profile, steps)");
}

static void test_attribute_names(void **state)
{
    (void)state;
    expect_set_error(MINIMAL, "attributes.date={\"dist\":\"clock\"}",
                     "hot.json: attributes.date: reserved name (got \"date\", expected a name "
                     "other than date, hour, shard)");
    expect_set_error(MINIMAL, "attributes.9lives={\"dist\":\"clock\"}",
                     "hot.json: attributes.9lives: bad attribute name (got \"9lives\", expected "
                     "letters, digits and _, not starting with a digit)");
}

/* Errors late in the parse, after labels, steps and templates were allocated. */
static void test_failures_free_everything(void **state)
{
    (void)state;
    const char *sets[] = {
        "attributes.s={\"dist\":\"categorical\",\"weights\":{\"A\":1}}",
        "table.key.sk={s}#{nope}"};
    expect_error_sets(STEPS, sets, 2,
                      "hot.json: table.key.sk: unknown attribute 'nope' in {nope} (known: k, "
                      "s)");
    const char *sets2[] = {sets[0], "workload.mix={\"get\":2}"};
    expect_error_sets(STEPS, sets2, 2,
                      "hot.json: workload.mix.get: out of range (got 2, expected a number from 0 "
                      "to 1)");
    const char *sets3[] = {sets[0], "attributes.z={\"dist\":\"uniform\",\"n\":0}"};
    expect_error_sets(STEPS, sets3, 2,
                      "hot.json: attributes.z.n: out of range (got 0, expected an integer from 1 "
                      "to 1099511627776)");
    const char *sets4[] = {"client=[]"};
    expect_error_sets(STEPS, sets4, 1,
                      "hot.json: client: wrong type (got [], expected an object)");
}

/* ---- batches, closed loop, service times, retry modes ---- */

static double resolved_number(const ddb_scenario *s, const char *a, const char *b, const char *c)
{
    return cJSON_GetNumberValue(at(s->resolved, a, b, c));
}

static void test_batch_sizes(void **state)
{
    (void)state;
    ddb_scenario s;
    const char *sets[] = {"workload.batch_write_items=1", "workload.batch_get_items=37",
                          "workload.mix={\"batch_write\":0.5,\"batch_get\":0.5}"};
    parse_ok(&s, MINIMAL, sets, 3);
    assert_int_equal(s.batch_write_items, 1);
    assert_int_equal(s.batch_get_items, 37);
    assert_true(s.mix[DDB_OP_BATCH_WRITE] == 0.5 && s.mix[DDB_OP_BATCH_GET] == 0.5);
    assert_true(resolved_number(&s, "workload", "batch_write_items", NULL) == 1.0);
    assert_true(resolved_number(&s, "workload", "batch_get_items", NULL) == 37.0);
    assert_true(resolved_number(&s, "workload", "mix", "batch_get") == 0.5);
    ddb_scenario_destroy(&s);

    const char *limits[] = {"workload.batch_write_items=25", "workload.batch_get_items=100"};
    parse_ok(&s, MINIMAL, limits, 2);
    assert_int_equal(s.batch_write_items, 25);
    assert_int_equal(s.batch_get_items, 100);
    ddb_scenario_destroy(&s);

    expect_set_error(MINIMAL, "workload.batch_write_items=26",
                     "hot.json: workload.batch_write_items: more than DynamoDB's BatchWriteItem "
                     "limit of 25 items (got 26, expected an integer from 1 to 25)");
    expect_set_error(MINIMAL, "workload.batch_write_items=0",
                     "hot.json: workload.batch_write_items: out of range (got 0, expected an "
                     "integer from 1 to 25)");
    expect_set_error(MINIMAL, "workload.batch_write_items=\"25\"",
                     "hot.json: workload.batch_write_items: wrong type (got \"25\", expected an "
                     "integer from 1 to 25)");
    expect_set_error(MINIMAL, "workload.batch_get_items=101",
                     "hot.json: workload.batch_get_items: more than DynamoDB's BatchGetItem limit "
                     "of 100 keys (got 101, expected an integer from 1 to 100)");
    expect_set_error(MINIMAL, "workload.batch_get_items=0",
                     "hot.json: workload.batch_get_items: out of range (got 0, expected an "
                     "integer from 1 to 100)");
    expect_set_error(MINIMAL, "workload.batch_get_items=2.5",
                     "hot.json: workload.batch_get_items: not an integer (got 2.5, expected an "
                     "integer from 1 to 100)");
    expect_set_error(MINIMAL, "workload.mix={\"batch_write\":0.5,\"batch_get\":0.4}",
                     "hot.json: workload.mix: weights must sum to 1 (got 0.9)");
}

static void test_closed_loop(void **state)
{
    (void)state;
    ddb_scenario s;
    parse_ok(&s, CLOSED, NULL, 0);
    assert_int_equal(s.concurrency, 20);
    assert_true(s.think_ms == 2.5);
    assert_false(s.has_rate);
    assert_int_equal(s.rate.n_steps, 0);
    assert_true(s.mix[DDB_OP_BATCH_WRITE] == 0.25 && s.mix[DDB_OP_BATCH_GET] == 0.75);
    /* Closed-loop callers have no rate, and the resolved scenario says so. */
    assert_null(cJSON_GetObjectItemCaseSensitive(at(s.resolved, "workload", NULL, NULL), "rate"));
    assert_true(resolved_number(&s, "client", "concurrency", NULL) == 20.0);
    assert_true(resolved_number(&s, "client", "think_ms", NULL) == 2.5);
    ddb_scenario_destroy(&s);

    const char *limits[] = {"client.concurrency=1000000", "client.think_ms=3600000"};
    parse_ok(&s, CLOSED, limits, 2);
    assert_int_equal(s.concurrency, 1000000);
    assert_true(s.think_ms == 3600000.0);
    ddb_scenario_destroy(&s);

    /* Open loop: think_ms 0 may be written out. */
    const char *open[] = {"client.think_ms=0", "client.concurrency=0"};
    parse_ok(&s, MINIMAL, open, 2);
    assert_int_equal(s.concurrency, 0);
    assert_true(s.has_rate);
    ddb_scenario_destroy(&s);

    expect_set_error(CLOSED, "workload.rate={\"rps\":10}",
                     "hot.json: workload.rate: closed-loop callers (client.concurrency) issue "
                     "requests as responses come back; remove workload.rate");
    expect_set_error(MINIMAL, "client.concurrency=1",
                     "hot.json: workload.rate: closed-loop callers (client.concurrency) issue "
                     "requests as responses come back; remove workload.rate");
    expect_set_error(CLOSED, "client.concurrency=0",
                     "hot.json: workload.rate: missing (expected an object such as "
                     "{\"profile\": \"constant\", \"rps\": 1000}) (or set client.concurrency for "
                     "closed-loop callers)");
    expect_set_error(MINIMAL, "client.think_ms=5",
                     "hot.json: client.think_ms: only closed-loop callers think (got 5, expected "
                     "0, or set client.concurrency)");
    expect_set_error(CLOSED, "client.concurrency=1000001",
                     "hot.json: client.concurrency: out of range (got 1000001, expected an "
                     "integer from 0 to 1000000)");
    expect_set_error(CLOSED, "client.concurrency=-1",
                     "hot.json: client.concurrency: out of range (got -1, expected an integer "
                     "from 0 to 1000000)");
    expect_set_error(CLOSED, "client.concurrency=1.5",
                     "hot.json: client.concurrency: not an integer (got 1.5, expected an integer "
                     "from 0 to 1000000)");
    expect_set_error(CLOSED, "client.think_ms=-1",
                     "hot.json: client.think_ms: out of range (got -1, expected a number from 0 "
                     "to 3600000)");
    expect_set_error(CLOSED, "client.think_ms=3600000.5",
                     "hot.json: client.think_ms: out of range (got 3600000.5, expected a number "
                     "from 0 to 3600000)");
    expect_set_error(CLOSED, "client.think_ms=true",
                     "hot.json: client.think_ms: wrong type (got true, expected a number from 0 "
                     "to 3600000)");
}

static void test_service_times(void **state)
{
    (void)state;
    ddb_scenario s;
    const char *sets[] = {"client.service_ms.scan={\"median\":120}",
                          "client.service_ms.get.sigma=0",
                          "client.service_ms.batch_get.median=0.25",
                          "client.service_ms.batch_write.sigma=5"};
    parse_ok(&s, MINIMAL, sets, 4);
    /* transactions follow put and get (not fields of their own) */
    const double median[DDB_OP_COUNT] = {3, 5, 5, 5, 6, 120, 10, 0.25, 6, 10, 6};
    const double sigma[DDB_OP_COUNT] = {0, 0.4, 0.4, 0.4, 0.4, 0.4, 5, 0.4, 0.4, 0.4, 0};
    cJSON *service = cJSON_GetObjectItemCaseSensitive(at(s.resolved, "client", NULL, NULL),
                                                      "service_ms");
    for (size_t i = 0; i < DDB_OP_COUNT; i++) {
        assert_true(s.service[i].median_ms == median[i]);
        assert_true(s.service[i].sigma == sigma[i]);
    }
    assert_int_equal(cJSON_GetArraySize(service), DDB_OP_TRANSACT_WRITE);
    for (size_t i = 0; i < DDB_OP_TRANSACT_WRITE; i++) {
        /* Every operation, under its mix name, in the resolved scenario. */
        assert_true(cJSON_GetNumberValue(at(service, ddb_op_names[i], "median", NULL)) ==
                    median[i]);
        assert_true(cJSON_GetNumberValue(at(service, ddb_op_names[i], "sigma", NULL)) ==
                    sigma[i]);
    }
    ddb_scenario_destroy(&s);

    expect_set_error(MINIMAL, "client.service_ms.get.median=0",
                     "hot.json: client.service_ms.get.median: out of range (got 0, expected a "
                     "number greater than 0 and at most 60000)");
    expect_set_error(MINIMAL, "client.service_ms.put.median=60000.5",
                     "hot.json: client.service_ms.put.median: out of range (got 60000.5, expected "
                     "a number greater than 0 and at most 60000)");
    expect_set_error(MINIMAL, "client.service_ms.batch_write.median=\"10\"",
                     "hot.json: client.service_ms.batch_write.median: wrong type (got \"10\", "
                     "expected a number greater than 0 and at most 60000)");
    expect_set_error(MINIMAL, "client.service_ms.scan.sigma=5.5",
                     "hot.json: client.service_ms.scan.sigma: out of range (got 5.5, expected a "
                     "number from 0 to 5)");
    expect_set_error(MINIMAL, "client.service_ms.query.sigma=-0.1",
                     "hot.json: client.service_ms.query.sigma: out of range (got -0.1, expected "
                     "a number from 0 to 5)");
    expect_set_error(MINIMAL, "client.service_ms.get=3",
                     "hot.json: client.service_ms.get: wrong type (got 3, expected an object)");
    expect_set_error(MINIMAL, "client.service_ms=[]",
                     "hot.json: client.service_ms: wrong type (got [], expected an object)");
}

static void test_retry_modes(void **state)
{
    (void)state;
    static const struct {
        const char *set, *resolved;
        enum ddb_retry_mode mode;
        uint32_t attempts;
        double base_ms, max_backoff_ms;
        uint32_t quota;
    } cases[] = {
        {"client.retry.mode=none",
         "{'mode':'none','max_attempts':1,'base_ms':0,'max_backoff_ms':0,'quota':0}",
         DDB_RETRY_NONE, 1, 0, 0, 0},
        {"client.retry.mode=legacy",
         "{'mode':'legacy','max_attempts':11,'base_ms':500,'max_backoff_ms':20000,'quota':0}",
         DDB_RETRY_LEGACY, 11, 500, 20000, 0},
        {"client.retry.mode=standard",
         "{'mode':'standard','max_attempts':3,'base_ms':1000,'max_backoff_ms':20000,"
         "'quota':500}",
         DDB_RETRY_STANDARD, 3, 1000, 20000, 500},
        {"client.retry.mode=adaptive",
         "{'mode':'adaptive','max_attempts':3,'base_ms':1000,'max_backoff_ms':20000,"
         "'quota':500}",
         DDB_RETRY_ADAPTIVE, 3, 1000, 20000, 500},
        {"client.retry.mode=standard_2026",
         "{'mode':'standard_2026','max_attempts':4,'base_ms':1000,'max_backoff_ms':20000,"
         "'quota':500}",
         DDB_RETRY_STANDARD_2026, 4, 1000, 20000, 500},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ddb_scenario s, again;
        parse_ok(&s, MINIMAL, &cases[i].set, 1);
        assert_int_equal(s.retry_mode, cases[i].mode);
        assert_int_equal(s.max_attempts, cases[i].attempts);
        assert_true(s.retry_base_ms == cases[i].base_ms);
        assert_true(s.retry_max_backoff_ms == cases[i].max_backoff_ms);
        assert_int_equal(s.retry_quota, cases[i].quota);
        char *retry = cJSON_PrintUnformatted(at(s.resolved, "client", "retry", NULL));
        char *want = dq(cases[i].resolved);
        assert_string_equal(retry, want);
        /* The resolved scenario states the mode's numbers: it parses to the same numbers. */
        char *text = ddb_scenario_resolved_text(&s);
        assert_int_equal(ddb_scenario_parse(&again, text, strlen(text), "r.json", NULL, 0, NULL,
                                            0), 0);
        assert_int_equal(again.max_attempts, s.max_attempts);
        assert_true(again.retry_base_ms == s.retry_base_ms);
        assert_true(again.retry_max_backoff_ms == s.retry_max_backoff_ms);
        assert_int_equal(again.retry_quota, s.retry_quota);
        free(text);
        free(retry);
        free(want);
        ddb_scenario_destroy(&again);
        ddb_scenario_destroy(&s);
    }

    /* Given numbers stay; the rest come from the mode, in the same order. */
    ddb_scenario s;
    const char *sets[] = {"client.retry.quota=100", "client.retry.mode=legacy",
                          "client.retry.base_ms=50"};
    parse_ok(&s, MINIMAL, sets, 3);
    assert_int_equal(s.max_attempts, 11);
    assert_true(s.retry_base_ms == 50.0 && s.retry_max_backoff_ms == 20000.0);
    assert_int_equal(s.retry_quota, 100);
    char *retry = cJSON_PrintUnformatted(at(s.resolved, "client", "retry", NULL));
    assert_string_equal(retry, "{\"mode\":\"legacy\",\"max_attempts\":11,\"base_ms\":50,"
                               "\"max_backoff_ms\":20000,\"quota\":100}");
    free(retry);
    ddb_scenario_destroy(&s);

    const char *equal[] = {"client.retry.base_ms=30000", "client.retry.max_backoff_ms=30000",
                           "client.retry.max_attempts=100", "client.retry.quota=0"};
    parse_ok(&s, MINIMAL, equal, 4);
    assert_true(s.retry_base_ms == 30000.0 && s.retry_max_backoff_ms == 30000.0);
    assert_int_equal(s.max_attempts, 100);
    assert_int_equal(s.retry_quota, 0);
    ddb_scenario_destroy(&s);

    const char *one[] = {"client.retry.mode=none", "client.retry.max_attempts=1"};
    parse_ok(&s, MINIMAL, one, 2);
    assert_int_equal(s.max_attempts, 1);
    ddb_scenario_destroy(&s);
}

static void test_retry_errors(void **state)
{
    (void)state;
    expect_set_error(MINIMAL, "client.retry.max_backoff_ms=100",
                     "hot.json: client.retry.max_backoff_ms: less than base_ms (got 100, "
                     "expected a number from base_ms (1000) to 600000)");
    const char *sets[] = {"client.retry.mode=legacy", "client.retry.max_backoff_ms=499.5"};
    expect_error_sets(MINIMAL, sets, 2,
                      "hot.json: client.retry.max_backoff_ms: less than base_ms (got 499.5, "
                      "expected a number from base_ms (500) to 600000)");
    expect_set_error(MINIMAL, "client.retry.base_ms=30000",
                     "hot.json: client.retry.base_ms: more than the longest backoff (got 30000, "
                     "expected at most mode \"standard\"'s max_backoff_ms (20000), or set "
                     "client.retry.max_backoff_ms)");
    const char *none[] = {"client.retry.mode=none", "client.retry.base_ms=10"};
    expect_error_sets(MINIMAL, none, 2,
                      "hot.json: client.retry.base_ms: more than the longest backoff (got 10, "
                      "expected at most mode \"none\"'s max_backoff_ms (0), or set "
                      "client.retry.max_backoff_ms)");
    const char *late[] = {"client.retry.mode=none", "client.retry.max_attempts=2",
                          "client.retry.max_backoff_ms=1"};
    expect_error_sets(MINIMAL, late, 3,
                      "hot.json: client.retry.max_attempts: more than one attempt with mode "
                      "\"none\" (got 2, expected 1, or mode \"standard\")");
    expect_set_error(MINIMAL, "client.retry.base_ms=60001",
                     "hot.json: client.retry.base_ms: out of range (got 60001, expected a number "
                     "from 0 to 60000)");
    expect_set_error(MINIMAL, "client.retry.base_ms=-1",
                     "hot.json: client.retry.base_ms: out of range (got -1, expected a number "
                     "from 0 to 60000)");
    expect_set_error(MINIMAL, "client.retry.max_backoff_ms=600001",
                     "hot.json: client.retry.max_backoff_ms: out of range (got 600001, expected a "
                     "number from 0 to 600000)");
    expect_set_error(MINIMAL, "client.retry.max_backoff_ms=null",
                     "hot.json: client.retry.max_backoff_ms: wrong type (got null, expected a "
                     "number from 0 to 600000)");
    expect_set_error(MINIMAL, "client.retry.quota=1000001",
                     "hot.json: client.retry.quota: out of range (got 1000001, expected an "
                     "integer from 0 to 1000000)");
    expect_set_error(MINIMAL, "client.retry.quota=0.5",
                     "hot.json: client.retry.quota: not an integer (got 0.5, expected an integer "
                     "from 0 to 1000000)");
    expect_set_error(MINIMAL, "client.retry.max_attempts=0",
                     "hot.json: client.retry.max_attempts: out of range (got 0, expected an "
                     "integer from 1 to 100)");
    expect_set_error(MINIMAL, "client.retry.max_attempts=101",
                     "hot.json: client.retry.max_attempts: out of range (got 101, expected an "
                     "integer from 1 to 100)");
}

/* ---- --set ---- */

static void test_set_values(void **state)
{
    (void)state;
    ddb_scenario s;
    const char *sets[] = {"table.wcu=2000",
                          "client.retry.max_attempts=5",     /* creates client and client.retry */
                          "workload.consistency=strong",     /* not JSON: taken as a string */
                          "workload.mix={\"put\":1}",        /* replaces the whole mix */
                          "seed=7", "duration_s=120", "seed=8"}; /* the last one wins */
    parse_ok(&s, FULL, sets, sizeof sets / sizeof *sets);
    assert_int_equal(s.wcu, 2000);
    assert_int_equal(s.max_attempts, 5);
    assert_int_equal(s.consistency, DDB_STRONG);
    for (size_t i = 0; i < DDB_OP_COUNT; i++)
        assert_true(s.mix[i] == (i == DDB_OP_PUT ? 1.0 : 0.0));
    assert_int_equal(s.seed, 8);
    assert_int_equal(s.duration_ns, 120000000000LL);
    ddb_scenario_destroy(&s);

    const char *sets2[] = {"workload.rate.steps[1].rps=7",
                           "workload.rate.steps[2]={\"at_s\":20,\"rps\":1}",
                           "attributes.k.n=99", "output.top_keys=0",
                           "workload.consistency=\"transactional\""};
    parse_ok(&s, STEPS, sets2, sizeof sets2 / sizeof *sets2);
    assert_int_equal(s.rate.n_steps, 3);
    assert_true(s.rate.steps[1].rps == 7.0);
    assert_true(s.rate.steps[2].at_s == 20.0);
    assert_int_equal(s.attrs[0].spec.n, 99);
    assert_int_equal(s.top_keys, 0);
    assert_int_equal(s.consistency, DDB_TRANSACTIONAL);
    ddb_scenario_destroy(&s);
}

static void test_set_errors(void **state)
{
    (void)state;
    expect_set_error(FULL, "table.wcu.x=5",
                     "hot.json: --set table.wcu.x=5: table.wcu is not an object (got 3000)");
    expect_set_error(STEPS, "workload.rate.steps[5].rps=1",
                     "hot.json: --set workload.rate.steps[5].rps=1: index 5 out of range "
                     "(workload.rate.steps has 2 elements; use 2 to append)");
    expect_set_error(FULL, "workload.mix[0]=1",
                     "hot.json: --set workload.mix[0]=1: workload.mix is not an array (got "
                     "{\"get\":0.5,\"put\":0.3,\"update\":0.1,\"query\":0.1})");
    expect_set_error(FULL, "table.wcu", "hot.json: --set table.wcu: expected PATH=VALUE");
    expect_set_error(FULL, "table..wcu=1",
                     "hot.json: --set table..wcu=1: empty field name in the path");
    expect_set_error(FULL, "=1", "hot.json: --set =1: empty field name in the path");
    expect_set_error(FULL, "a[x]=1",
                     "hot.json: --set a[x]=1: bad array index in the path (expected [0], [1], "
                     "...)");
    /* A path that is well formed but names no field fails validation like the file would. */
    expect_set_error(FULL, "table.wdu=1",
                     "hot.json: table.wdu: unknown field (expected one of: billing, table_class, "
                     "rcu, wcu, quota_rcu, quota_wcu, account_quota_rcu, account_quota_wcu, "
                     "capacity_changes, warm_throughput, max_rcu, max_wcu, size_gb, burst_s, adaptive_capacity, key, "
                     "split_for_heat, split_heat_threshold, split_heat_window_s, "
                     "split_delay_s, autoscaling, gsi, lsi, item_collection_limit_gb)");
    expect_set_error(FULL, "table.gsi[0].wcu=1",
                     "hot.json: table.gsi[0].name: missing (expected a string of 3 to 255 bytes)");
}

/* ---- resolved output, files, reference ---- */

static void resolved_round_trip(const char *json, const char *const *sets, size_t n_sets)
{
    ddb_scenario a, b, c;
    parse_ok(&a, json, sets, n_sets);
    parse_ok(&b, json, sets, n_sets);
    char *ta = ddb_scenario_resolved_text(&a), *tb = ddb_scenario_resolved_text(&b);
    assert_string_equal(ta, tb);
    /* What `validate` prints is itself a scenario that means the same. */
    assert_int_equal(ddb_scenario_parse(&c, ta, strlen(ta), "hot.json", NULL, 0, NULL, 0), 0);
    char *tc = ddb_scenario_resolved_text(&c);
    assert_string_equal(ta, tc);
    free(ta);
    free(tb);
    free(tc);
    ddb_scenario_destroy(&a);
    ddb_scenario_destroy(&b);
    ddb_scenario_destroy(&c);
}

static void test_resolved_deterministic(void **state)
{
    (void)state;
    resolved_round_trip(FULL, NULL, 0);
    resolved_round_trip(CLOSED, NULL, 0);
    const char *sets[] = {"client.retry.mode=standard_2026", "client.retry.base_ms=250",
                          "client.service_ms.query.median=1.5"};
    resolved_round_trip(STEPS, sets, 3);
}

static void test_load(void **state)
{
    (void)state;
    ddb_scenario s;
    char err[DDB_ERR_MAX], path[] = "/tmp/ddbsim_test_XXXXXX";
    assert_int_equal(ddb_scenario_load(&s, "/nonexistent/hot.json", NULL, 0, err, sizeof err), -1);
    assert_string_equal(err, "/nonexistent/hot.json: cannot read (No such file or directory)");

    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char *text = dq(MINIMAL);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    free(text);
    const char *sets[] = {"table.rcu=7"};
    assert_int_equal(ddb_scenario_load(&s, path, sets, 1, err, sizeof err), 0);
    assert_string_equal(s.source, path);
    assert_string_equal(s.name, strrchr(path, '/') + 1);
    assert_int_equal(s.rcu, 7);
    ddb_scenario_destroy(&s);
    unlink(path);
}

static void test_load_too_large(void **state)
{
    (void)state;
    ddb_scenario s;
    char err[DDB_ERR_MAX], path[] = "/tmp/ddbsim_big_XXXXXX", want[DDB_ERR_MAX];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (size_t i = 0; i <= 16u << 20; i++)
        fputc(' ', f);
    fclose(f);
    assert_int_equal(ddb_scenario_load(&s, path, NULL, 0, err, sizeof err), -1);
    snprintf(want, sizeof want,
             "%s: too large (got more than 16777216 bytes, expected at most 16 MiB)", path);
    assert_string_equal(err, want);
    unlink(path);
}

static void test_reference(void **state)
{
    (void)state;
    char *ref = ddb_scenario_reference();
    assert_non_null(strstr(ref, "| `table.rcu` | integer | required with billing provisioned | "
                                "an integer from 1 to 1000000 |"));
    assert_non_null(strstr(ref, "| `output.interval_s` | number | 1 |"));
    assert_non_null(strstr(ref, "| `attributes.NAME.theta` | number | 0.99 |"));
    assert_non_null(strstr(ref, "| `workload.rate.steps[i].at_s` |"));
    assert_non_null(strstr(ref, "| `workload.mix.OP` |"));
    assert_non_null(strstr(ref, "| `table.gsi` |"));
    assert_null(strstr(ref, "(null)"));

    assert_non_null(strstr(ref, "| `workload.rate` | object | required unless client.concurrency "
                                "> 0 |"));
    assert_non_null(strstr(ref, "Share of operation OP: get, put, update, delete, query, scan, "
                                "batch_write, batch_get or gsi_query."));
    assert_non_null(strstr(ref, "| `workload.batch_write_items` | integer | 25 | an integer from "
                                "1 to 25 |"));
    assert_non_null(strstr(ref, "| `workload.batch_get_items` | integer | 100 | an integer from "
                                "1 to 100 |"));
    assert_non_null(strstr(ref, "| `client.concurrency` | integer | 0 | an integer from 0 to "
                                "1000000 |"));
    assert_non_null(strstr(ref, "| `client.think_ms` | number | 0 | a number from 0 to 3600000 "
                                "|"));
    assert_non_null(strstr(ref, "| `client.retry.mode` | string | standard | one of: none, "
                                "legacy, standard, adaptive, standard_2026 |"));
    assert_null(strstr(ref, "retry mode is not modelled yet"));
    assert_non_null(strstr(ref, "| `client.retry.max_attempts` | integer | none: 1, legacy: 11, "
                                "standard: 3, adaptive: 3, standard_2026: 4 | an integer from 1 "
                                "to 100 |"));
    assert_non_null(strstr(ref, "| `client.retry.base_ms` | number | none: 0, legacy: 500, "
                                "standard: 1000, adaptive: 1000, standard_2026: 1000 | a number "
                                "from 0 to 60000 |"));
    assert_non_null(strstr(ref, "| `client.retry.max_backoff_ms` | number | none: 0, legacy: "
                                "20000, standard: 20000, adaptive: 20000, standard_2026: 20000 | "
                                "a number from 0 to 600000 |"));
    assert_non_null(strstr(ref, "| `client.retry.quota` | integer | none: 0, legacy: 0, "
                                "standard: 500, adaptive: 500, standard_2026: 500 | an integer "
                                "from 0 to 1000000 |"));
    const char *const median[DDB_OP_TRANSACT_WRITE] = {"3", "5", "5", "5", "6", "20", "10", "8", "6"};
    for (size_t i = 0; i < DDB_OP_TRANSACT_WRITE; i++) {
        char row[256];
        snprintf(row, sizeof row, "| `client.service_ms.%s.median` | number | %s | a number "
                 "greater than 0 and at most 60000 | Median time DynamoDB takes to answer one "
                 "%s attempt, in ms (the default is ddbsim's assumption", ddb_op_names[i],
                 median[i], ddb_op_names[i]);
        assert_non_null(strstr(ref, row));
        snprintf(row, sizeof row, "| `client.service_ms.%s.sigma` | number | 0.4 | a number from "
                 "0 to 5 |", ddb_op_names[i]);
        assert_non_null(strstr(ref, row));
    }
    free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_scenario),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_default_name),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_malformed_json),
        cmocka_unit_test(test_unknown_fields),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_weights_and_sizes),
        cmocka_unit_test(test_not_modelled),
        cmocka_unit_test(test_capacity_fields),
        cmocka_unit_test(test_cross_field),
        cmocka_unit_test(test_attribute_names),
        cmocka_unit_test(test_failures_free_everything),
        cmocka_unit_test(test_batch_sizes),
        cmocka_unit_test(test_closed_loop),
        cmocka_unit_test(test_service_times),
        cmocka_unit_test(test_retry_modes),
        cmocka_unit_test(test_retry_errors),
        cmocka_unit_test(test_set_values),
        cmocka_unit_test(test_set_errors),
        cmocka_unit_test(test_resolved_deterministic),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_rate_profiles),
        cmocka_unit_test(test_ycsb_dists),
        cmocka_unit_test(test_ycsb_expansion),
        cmocka_unit_test(test_correlation_fields),
        cmocka_unit_test(test_load_too_large),
        cmocka_unit_test(test_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
