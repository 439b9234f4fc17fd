/* libFuzzer target for every file reader but the scenario's (fuzz_scenario): the input's first
 * byte picks the reader, the rest is its file.
 *   't' traces (both formats, error and skip)     'y' YCSB workload files
 *   'c' CloudWatch get-metric-data exports        'j' describe-table / CloudFormation JSON
 *   'Y' CloudFormation YAML (--table-from)         'p' price tables
 *   'r' rate CSV (workload.rate.path)              'g' --grid PATH=VALUES (first line)
 *   'd' a run folder: "@@ NAME" lines start its files (summary.json, timeseries.csv,
 *       partitions.csv, keys.csv, gsi.csv, events.csv, latency.csv), read back as explain,
 *       plot and cloudwatch do
 * Any other first byte picks one by its value; DDB_FUZZ_READER=LETTER picks that one whatever the
 * first byte (which is still skipped). Every read must end, at the end of its input or
 * with one line of message (no control character in it), and what it accepts must be well formed.
 * Built with -DDDB_FUZZ_REPLAY (tests/fuzz_replay.c) the same function replays files in CTest. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/analysis/out_cloudwatch.h"
#include "sim/analysis/rundir.h"
#include "sim/analysis/verdict.h"
#include "sim/runs/grid.h"
#include "sim/scenario/price.h"
#include "sim/scenario/tablefrom.h"
#include "sim/support/check.h"
#include "tests/fuzz_one.h"
#include "workloads/contributors.h"
#include "workloads/rate.h"
#include "workloads/rate_cloudwatch.h"
#include "workloads/trace.h"
#include "workloads/ycsb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A message is one line with no control character. */
static int message(const char *err)
{
    DDB_CHECK(err[0] != '\0', "an error without a message");
    for (const char *p = err; *p; p++)
        DDB_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f, "a control character in '%s'", err);
    return -1;
}

static int read_trace(const char *path, enum ddb_trace_format format,
                      enum ddb_trace_bad_line bad_line, char *err, size_t errlen)
{
    static const char *indexes[] = {"byStatus", "byDay"}; /* a GSI and an LSI */
    ddb_trace_spec spec = {.path = (char *)path, .format = format, .speedup = 3.0,
                           .on_bad_line = bad_line, .index_names = indexes, .n_index_names = 2,
                           .n_gsi_names = 1};
    ddb_trace *t = ddb_trace_open(&spec, err, errlen);
    if (!t)
        return message(err);
    ddb_trace_req r;
    int rc;
    int64_t last = 0;
    while ((rc = ddb_trace_next(t, &r, err, errlen)) == 1) {
        DDB_CHECK(r.item_bytes >= 1 && r.t_ns >= last && r.key_len <= 2048, "bad request");
        DDB_CHECK(r.op != DDB_OP_BATCH_WRITE && r.op != DDB_OP_BATCH_GET, "a batch");
        last = r.t_ns;
    }
    ddb_trace_close(t);
    return rc == 0 ? 0 : message(err);
}

static int read_traces(const char *path, char *err, size_t errlen)
{
    int rc = 0;
    for (int format = 0; format < DDB_TRACE_FORMAT_COUNT; format++)
        for (int bad = 0; bad < DDB_TRACE_BAD_COUNT; bad++)
            if (read_trace(path, (enum ddb_trace_format)format, (enum ddb_trace_bad_line)bad, err,
                           errlen) < 0)
                rc = -1;
    return rc;
}

static int read_ycsb(const char *path, char *err, size_t errlen)
{
    ddb_ycsb y;
    if (ddb_ycsb_load(&y, path, err, errlen) != 0)
        return message(err);
    ddb_ycsb_destroy(&y);
    return 0;
}

static int read_cloudwatch(const char *path, char *err, size_t errlen)
{
    ddb_cw_profile p = {.path = path, .units_per_request = 1, .within = DDB_CW_BURSTY,
                        .burst_cv = 0.5};
    ddb_rate_spec spec;
    double span_s;
    if (ddb_rate_from_cloudwatch(&p, 1, &spec, &span_s, err, errlen) != 0)
        return message(err);
    DDB_CHECK(spec.kind == DDB_RATE_STEPS && span_s >= 0, "bad profile");
    for (size_t i = 0; i < spec.n_steps; i++)
        DDB_CHECK(spec.steps[i].rps >= 0 && (i == 0 || spec.steps[i].at_s > spec.steps[i - 1].at_s),
                  "bad step %zu", i);
    ddb_rate_spec_destroy(&spec);
    return 0;
}

/* Every --table-from format, as one table or with a FILE#NAME pick. */
static int read_table(const char *text, size_t len, const char *source, char *err, size_t errlen)
{
    static const char *const picks[] = {NULL, "orders"};
    int rc = 0;
    for (int i = 0; i < 2; i++) {
        ddb_tablefrom t;
        err[0] = '\0';
        if (ddb_tablefrom_parse_pick(&t, text, len, source, picks[i], err, errlen) != 0) {
            rc = message(err);
            continue;
        }
        DDB_CHECK(t.table != NULL, "no table");
        for (size_t w = 0; w < t.n_warnings; w++)
            message(t.warnings[w]);
        ddb_tablefrom_destroy(&t);
    }
    return rc;
}

/* A Contributor Insights report as a key distribution. */
static int read_contributors(const char *path, char *err, size_t errlen)
{
    ddb_dist_spec spec = {.kind = DDB_DIST_CONTRIBUTORS};
    int rc = 0;
    if (ddb_contributors_load(&spec, path, err, errlen) == 0)
        DDB_CHECK(spec.n_labels >= 1 && spec.n >= spec.n_labels, "bad report");
    else
        rc = message(err);
    ddb_dist_spec_destroy(&spec);
    return rc;
}

static int read_prices(const char *text, size_t len, char *err, size_t errlen)
{
    ddb_price_table t;
    if (ddb_price_parse(&t, text, len, "prices.json", err, errlen) != 0)
        return message(err);
    ddb_price_destroy(&t);
    return 0;
}

static int read_rate_csv(const char *path, char *err, size_t errlen)
{
    ddb_rate_spec spec = {.kind = DDB_RATE_CSV};
    if (ddb_rate_csv_load(&spec, path, err, errlen) != 0)
        return message(err);
    DDB_CHECK(spec.n_points >= 1, "no points");
    for (size_t i = 1; i < spec.n_points; i++)
        DDB_CHECK(spec.points[i].t_s >= spec.points[i - 1].t_s, "points out of order");
    DDB_CHECK(ddb_rate_expected(&spec, 60) >= 0, "a negative count");
    ddb_rate_spec_destroy(&spec);
    return 0;
}

static int read_grid(const char *text, size_t len, char *err, size_t errlen)
{
    const char *nl = memchr(text, '\n', len);
    size_t n = nl ? (size_t)(nl - text) : len;
    char *arg = malloc(n + 1);
    memcpy(arg, text, n);
    arg[n] = '\0';
    ddb_grid_axis a;
    int rc = ddb_grid_axis_parse(&a, arg, err, errlen);
    free(arg);
    if (rc != 0)
        return message(err);
    DDB_CHECK(a.n_values >= 1 && a.n_values <= DDB_GRID_MAX_VALUES, "bad axis");
    ddb_grid_axis_destroy(&a);
    return 0;
}

/* ---- a run folder from bytes ---- */

static const char *const run_files[] = {"summary.json", "timeseries.csv", "partitions.csv",
                                        "keys.csv", "gsi.csv", "events.csv", "latency.csv"};

static int known_file(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof run_files / sizeof *run_files; i++)
        if (strlen(run_files[i]) == n && memcmp(run_files[i], name, n) == 0)
            return 1;
    return 0;
}

/* Write the "@@ NAME" sections of text into dir; bytes before the first section are ignored. */
static void write_folder(const char *dir, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *at = p;
        if (!(end - at >= 3 && memcmp(at, "@@ ", 3) == 0 && (at == text || at[-1] == '\n'))) {
            const char *next = NULL;
            for (const char *q = p; q + 3 <= end; q++)
                if (*q == '\n' && q + 3 < end && memcmp(q + 1, "@@ ", 3) == 0) {
                    next = q + 1;
                    break;
                }
            if (!next)
                return;
            p = next;
            continue;
        }
        const char *name = at + 3, *nl = memchr(name, '\n', (size_t)(end - name));
        if (!nl)
            return;
        const char *body = nl + 1, *stop = body;
        while (stop < end && !(stop[0] == '@' && end - stop >= 3 && memcmp(stop, "@@ ", 3) == 0 &&
                               stop[-1] == '\n'))
            stop++;
        if (known_file(name, (size_t)(nl - name))) {
            char path[512];
            snprintf(path, sizeof path, "%s/%.*s", dir, (int)(nl - name), name);
            FILE *f = fopen(path, "wb");
            if (f) {
                fwrite(body, 1, (size_t)(stop - body), f);
                fclose(f);
            }
        }
        p = stop;
    }
}

static void clear_folder(const char *dir)
{
    for (size_t i = 0; i < sizeof run_files / sizeof *run_files; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, run_files[i]);
        unlink(path);
    }
    char path[512];
    snprintf(path, sizeof path, "%s/cloudwatch.json", dir);
    unlink(path);
    rmdir(dir);
}

static int read_folder(const char *text, size_t len, char *err, size_t errlen)
{
    char dir[] = "/tmp/ddbsim-fuzz-run-XXXXXX";
    if (!mkdtemp(dir))
        return 0;
    write_folder(dir, text, len);
    int rc = 0;
    ddb_rundir r;
    if (ddb_rundir_load(&r, dir, err, errlen) != 0) {
        rc = message(err);
    } else {
        ddb_verdict v;
        ddb_verdict_make(&v, &r);
        ddb_verdict_destroy(&v);
        ddb_rundir_destroy(&r);
        cJSON *cw = ddb_cloudwatch_build(dir, err, errlen);
        if (!cw)
            rc = message(err);
        cJSON_Delete(cw);
    }
    clear_folder(dir);
    return rc;
}

/* ---- the dispatch ---- */

static int with_file(const char *text, size_t len, int (*read)(const char *, char *, size_t),
                     char *err, size_t errlen)
{
    char path[] = "/tmp/ddbsim-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "wb");
    fwrite(text, 1, len, f);
    fclose(f);
    int rc = read(path, err, errlen);
    unlink(path);
    return rc;
}

int ddb_fuzz_one(const uint8_t *data, size_t size, char *err, size_t errlen)
{
    static const char selectors[] = "tycjYprgCd";
    if (size == 0)
        return 0;
    /* DDB_FUZZ_READER=Y (say) holds the fuzzer to one reader: CI gives each a short run. */
    const char *only = getenv("DDB_FUZZ_READER");
    char which = only && *only ? *only : (char)data[0];
    if (!strchr(selectors, which) || which == '\0')
        which = selectors[data[0] % (sizeof selectors - 1)];
    /* A NUL-terminated copy: the text parsers take a length, but cJSON and libyaml look one past. */
    size_t len = size - 1;
    char *text = malloc(len + 1);
    memcpy(text, data + 1, len);
    text[len] = '\0';
    err[0] = '\0';
    int rc;
    switch (which) {
    case 't': rc = with_file(text, len, read_traces, err, errlen); break;
    case 'y': rc = with_file(text, len, read_ycsb, err, errlen); break;
    case 'c': rc = with_file(text, len, read_cloudwatch, err, errlen); break;
    case 'j': rc = read_table(text, len, "table.json", err, errlen); break;
    case 'Y': rc = read_table(text, len, "template.yaml", err, errlen); break;
    case 'p': rc = read_prices(text, len, err, errlen); break;
    case 'r': rc = with_file(text, len, read_rate_csv, err, errlen); break;
    case 'g': rc = read_grid(text, len, err, errlen); break;
    case 'C': rc = with_file(text, len, read_contributors, err, errlen); break;
    default: rc = read_folder(text, len, err, errlen); break;
    }
    free(text);
    return rc;
}

#ifndef DDB_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[1024];
    ddb_fuzz_one(data, size, err, sizeof err);
    return 0;
}
#endif
