/* out_cloudwatch — one-minute CloudWatch metrics from a run folder. See out_cloudwatch.h. */
#include "sim/analysis/out_cloudwatch.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/errmsg.h"
#include "sim/support/csvin.h"
#include "sim/output/out_file.h"
#include "sim/output/schema.h"
#include "sim/analysis/rundir.h"
#include "sim/support/strbuf.h"

const char ddb_cloudwatch_epoch[] = "2026-01-01T00:00:00Z";

enum { PERIOD_S = 60 };

/* The metrics and their order are the schema's (DDB_CLOUDWATCH_METRIC_MAP in
 * sim/output/schema.h); a per-reason metric's value is the throttles_<reason> columns of the
 * causes AWS reports with its limit (sim/model/reasons.h). */

/* What one index gathered in one period. */
typedef struct cw_minute {
    double consumed[2], throttles[2];
    double reason[DDB_THROTTLE_REASON_COUNT];    /* both directions; [0]: reasons not known here */
    double events;                               /* every reason's events, both directions */
    double provisioned_sum[2];
    double rows;
    double tx_conflicts;                         /* transaction_conflicts */
} cw_minute;

typedef struct cw_index {
    cw_minute *m;
    double requests[2], reason_total;
} cw_index;

static double round_to(double x, double scale) { return round(x * scale) / scale; }

/* The start of period p as ISO 8601 UTC, from the simulated epoch. */
static void stamp(char *buf, size_t n, size_t period)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t s = period * PERIOD_S;
    size_t days = s / 86400, rest = s % 86400;
    int year = 2026, month = 0;
    for (;;) {
        int leap = month == 1 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        size_t len = (size_t)(mdays[month] + leap);
        if (days < len)
            break;
        days -= len;
        if (++month == 12) {
            month = 0;
            year++;
        }
    }
    snprintf(buf, n, "%04d-%02d-%02zuT%02zu:%02zu:%02zuZ", year, month + 1, days + 1, rest / 3600,
             rest % 3600 / 60, rest % 60);
}

static void add_message(cJSON *messages, const char *code, const char *value)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "Code", code);
    cJSON_AddStringToObject(m, "Value", value);
    cJSON_AddItemToArray(messages, m);
}

/* owner: which direction an index's throttle events belong to (DDB_RD_READ or DDB_RD_WRITE),
 * -1 when it had none, OWNER_UNKNOWN when both directions had requests and events happened. */
enum { OWNER_NONE = -1, OWNER_UNKNOWN = -2 };

/* Metric id's value for one period of an index whose events are owner's. */
static double metric_value(int id, const cw_minute *m, int owner)
{
    const ddb_cw_metric_schema *mt = &ddb_schema_cloudwatch_metrics[id];
    int d = (int)mt->dir;
    if (mt->reason != DDB_ADMITTED) { /* every cause AWS reports with the metric's limit */
        double n = 0;
        for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++)
            n += ddb_throttle_limit[r] == ddb_throttle_limit[mt->reason] ? m->reason[r] : 0.0;
        return owner == d ? n : 0.0;
    }
    switch ((enum ddb_cw_metric_id)id) {
    case DDB_CWM_CONSUMED_READ:
    case DDB_CWM_CONSUMED_WRITE: return round_to(m->consumed[d], 1e3);
    case DDB_CWM_PROVISIONED_READ:
    case DDB_CWM_PROVISIONED_WRITE:
        return m->rows > 0 ? round_to(m->provisioned_sum[d] / m->rows, 1e6) : 0.0;
    case DDB_CWM_READ_EVENTS:
    case DDB_CWM_WRITE_EVENTS:
        if (owner == OWNER_UNKNOWN)
            return m->throttles[d];
        return owner == d ? m->events : 0.0;
    case DDB_CWM_THROTTLED_REQUESTS: return m->throttles[0] + m->throttles[1];
    case DDB_CWM_TRANSACTION_CONFLICT: return m->tx_conflicts;
    default: return 0.0; /* the per-reason metrics, above */
    }
}

static void add_series(cJSON *results, int id, const char *table, const char *gsi,
                       size_t index_no, const cw_index *ix, size_t periods, int owner)
{
    const ddb_cw_metric_schema *mt = &ddb_schema_cloudwatch_metrics[id];
    const char *metric = ddb_cw_metric_name(mt);
    ddb_strbuf b = {0};
    for (const char *p = metric; *p; p++)
        ddb_strbuf_printf(&b, "%c", (char)tolower((unsigned char)*p));
    if (gsi)
        ddb_strbuf_printf(&b, "_gsi%zu", index_no);
    else
        ddb_strbuf_puts(&b, "_table");
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "Id", ddb_strbuf_str(&b));
    ddb_strbuf_free(&b);
    ddb_strbuf_printf(&b, "TableName=%s", table);
    if (gsi)
        ddb_strbuf_printf(&b, " GlobalSecondaryIndexName=%s", gsi);
    ddb_strbuf_printf(&b, " %s %s", metric, mt->statistic);
    cJSON_AddStringToObject(r, "Label", ddb_strbuf_str(&b));
    ddb_strbuf_free(&b);
    cJSON *ts = cJSON_AddArrayToObject(r, "Timestamps");
    cJSON *vs = cJSON_AddArrayToObject(r, "Values");
    for (size_t i = periods; i-- > 0;) {
        char when[40];
        stamp(when, sizeof when, i);
        cJSON_AddItemToArray(ts, cJSON_CreateString(when));
        cJSON_AddItemToArray(vs, cJSON_CreateNumber(metric_value(id, &ix->m[i], owner)));
    }
    cJSON_AddStringToObject(r, "StatusCode", "Complete");
    cJSON_AddItemToArray(results, r);
}

enum { C_T, C_INDEX, C_RREQ, C_WREQ, C_RTHR, C_WTHR, C_CRCU, C_CWCU, C_PRCU, C_PWCU, C_N };
static const int required_cols[C_N] = {DDB_TS_T_S, DDB_TS_INDEX, DDB_TS_READ_REQUESTS,
    DDB_TS_WRITE_REQUESTS, DDB_TS_READ_THROTTLES, DDB_TS_WRITE_THROTTLES, DDB_TS_CONSUMED_RCU,
    DDB_TS_CONSUMED_WCU, DDB_TS_PROVISIONED_RCU, DDB_TS_PROVISIONED_WCU};

/* Read timeseries.csv into ix (aligned with r->indexes), periods of them; *has_tx: it has the
 * transaction_conflicts column (a folder written before it had not). */
static int read_rows(const ddb_rundir *r, cw_index *ix, size_t periods, bool *has_tx, char *err,
                     size_t errlen)
{
    ddb_strbuf path = {0};
    ddb_strbuf_printf(&path, "%s/%s", r->dir, ddb_schema_timeseries.file);
    ddb_csvin c;
    int rc = ddb_csvin_open(&c, ddb_strbuf_str(&path), err, errlen);
    ddb_strbuf_free(&path);
    if (rc != 0)
        return -1;
    int col[C_N];
    for (int k = 0; k < C_N; k++)
        if (ddb_csvin_require(&c, ddb_schema_timeseries.cols[required_cols[k]].name, &col[k], err,
                              errlen) != 0) {
            ddb_csvin_close(&c);
            return -1;
        }
    /* Every throttles_<reason> column (the run's reasons). */
    size_t n_all = r->n_reasons;
    int *all_col = ddb_xcalloc(n_all ? n_all : 1, sizeof *all_col);
    for (size_t k = 0; k < n_all; k++) {
        ddb_strbuf name = {0};
        ddb_strbuf_printf(&name, "%s%s", ddb_schema_timeseries.cols[DDB_TS_THROTTLES].name, r->reasons[k]);
        all_col[k] = ddb_csvin_column(&c, ddb_strbuf_str(&name));
        ddb_strbuf_free(&name);
    }
    int tx_col = ddb_csvin_column(&c, ddb_schema_timeseries.cols[DDB_TS_TX_CONFLICTS].name);
    *has_tx = tx_col >= 0;
    int got;
    while ((got = ddb_csvin_next(&c, err, errlen)) == 1) {
        double v[C_N], reason[DDB_THROTTLE_REASON_COUNT] = {0}, events = 0, tx = 0;
        for (int k = 0; k < C_N; k++) {
            if (k == C_INDEX)
                continue;
            if (ddb_csvin_need_number(&c, col[k], "a number", &v[k], err, errlen) != 0)
                goto fail;
        }
        for (size_t k = 0; k < n_all; k++) {
            double x = 0;
            if (all_col[k] < 0)
                continue;
            if (ddb_csvin_need_number(&c, all_col[k], "a number", &x, err, errlen) != 0)
                goto fail;
            events += x;
            reason[r->reason_ids[k]] += x;
        }
        if (tx_col >= 0 && ddb_csvin_need_number(&c, tx_col, "a number", &tx, err, errlen) != 0)
            goto fail;
        const char *name = ddb_csvin_field(&c, col[C_INDEX]);
        size_t i = 0;
        while (i < r->n_indexes && strcmp(r->indexes[i].name, name) != 0)
            i++;
        if (i == r->n_indexes || v[C_T] < 0) {
            ddb_errorf(err, errlen, "%s:%zu: unexpected row (index %s, t_s %g)", c.path, c.line, name, v[C_T]);
            goto fail;
        }
        double minute = floor(v[C_T] / PERIOD_S); /* compared before it is converted */
        size_t p = minute >= (double)periods ? periods - 1 : (size_t)minute;
        cw_minute *m = &ix[i].m[p];
        m->consumed[0] += v[C_CRCU];
        m->consumed[1] += v[C_CWCU];
        m->throttles[0] += v[C_RTHR];
        m->throttles[1] += v[C_WTHR];
        m->provisioned_sum[0] += v[C_PRCU];
        m->provisioned_sum[1] += v[C_PWCU];
        for (int j = 0; j < DDB_THROTTLE_REASON_COUNT; j++)
            m->reason[j] += reason[j];
        m->events += events;
        m->tx_conflicts += tx;
        m->rows += 1;
        ix[i].requests[0] += v[C_RREQ];
        ix[i].requests[1] += v[C_WREQ];
        ix[i].reason_total += events;
    }
    if (got < 0)
        goto fail;
    ddb_csvin_close(&c);
    free(all_col);
    return 0;
fail:
    ddb_csvin_close(&c);
    free(all_col);
    return -1;
}

cJSON *ddb_cloudwatch_build(const char *dir, char *err, size_t errlen)
{
    ddb_rundir r;
    if (ddb_rundir_load(&r, dir, err, errlen) != 0)
        return NULL;
    double duration = r.duration_s;
    size_t periods = duration > 0 ? (size_t)ceil(duration / PERIOD_S - 1e-9) : 1;
    if (periods == 0)
        periods = 1;
    cw_index *ix = ddb_xcalloc(r.n_indexes ? r.n_indexes : 1, sizeof *ix);
    for (size_t i = 0; i < r.n_indexes; i++)
        ix[i].m = ddb_xcalloc(periods, sizeof *ix[i].m);
    cJSON *doc = NULL;
    bool has_tx_col = false;
    if (read_rows(&r, ix, periods, &has_tx_col, err, errlen) != 0)
        goto done;
    /* TransactionConflict: the table's, for a run with transactions, from its column. */
    bool tx_run = ddb_rundir_json(&r, "transactions") != NULL;
    const char *table = ddb_rundir_str(&r, "name");
    if (!table)
        table = "ddbsim";
    doc = cJSON_CreateObject();
    cJSON *results = cJSON_AddArrayToObject(doc, "MetricDataResults");
    cJSON *messages = cJSON_CreateArray();
    size_t gsi_no = 0;
    for (size_t i = 0; i < r.n_indexes; i++) {
        const char *gsi = strcmp(r.indexes[i].name, DDB_SCHEMA_TABLE_INDEX) != 0 ? r.indexes[i].name : NULL;
        if (gsi)
            gsi_no++;
        const cw_index *x = &ix[i];
        int owner = OWNER_NONE;
        if (x->reason_total > 0)
            owner = x->requests[0] > 0 && x->requests[1] > 0 ? OWNER_UNKNOWN
                  : x->requests[1] > 0                     ? DDB_RD_WRITE
                                                           : DDB_RD_READ;
        for (int k = 0; k < DDB_CWM_COUNT; k++) {
            if (ddb_schema_cloudwatch_metrics[k].reason != DDB_ADMITTED && owner == OWNER_UNKNOWN)
                continue;
            if (k == DDB_CWM_TRANSACTION_CONFLICT && (gsi || !tx_run || !has_tx_col))
                continue;
            add_series(results, k, table, gsi, gsi_no, x, periods, owner);
        }
        if (owner == OWNER_UNKNOWN) {
            ddb_strbuf b = {0};
            ddb_strbuf_printf(&b, "%s: had reads and writes, and throttle events; timeseries.csv does not split "
                              "throttle events by direction, so the per-reason ...ThrottleEvents metrics "
                              "are left out and Read/WriteThrottleEvents count requests refused whole",
                              r.indexes[i].name);
            add_message(messages, "DirectionUnknown", ddb_strbuf_str(&b));
            ddb_strbuf_free(&b);
        }
    }
    if (tx_run && !has_tx_col) {
        ddb_strbuf b = {0};
        const ddb_cw_metric_schema *mt = &ddb_schema_cloudwatch_metrics[DDB_CWM_TRANSACTION_CONFLICT];
        ddb_strbuf_printf(&b, "%s: timeseries.csv has no %s column (an earlier ddbsim wrote it), so "
                          "the metric is left out", ddb_cw_metric_name(mt),
                          ddb_schema_timeseries.cols[DDB_TS_TX_CONFLICTS].name);
        add_message(messages, "MetricUnavailable", ddb_strbuf_str(&b));
        ddb_strbuf_free(&b);
    }
    double last_s = duration - (double)(periods - 1) * PERIOD_S;
    if (duration > 0 && last_s < PERIOD_S - 1e-9) {
        char when[40];
        stamp(when, sizeof when, periods - 1);
        ddb_strbuf b = {0};
        ddb_strbuf_printf(&b, "the period starting %s covers only %g of its %d seconds (the run ended)",
                          when, round_to(last_s, 1e3), PERIOD_S);
        add_message(messages, "PartialPeriod", ddb_strbuf_str(&b));
        ddb_strbuf_free(&b);
    }
    cJSON_AddItemToObject(doc, "Messages", messages);
done:
    for (size_t i = 0; i < r.n_indexes; i++)
        free(ix[i].m);
    free(ix);
    ddb_rundir_destroy(&r);
    return doc;
}

int ddb_cloudwatch_write(const char *dir, char *err, size_t errlen)
{
    cJSON *doc = ddb_cloudwatch_build(dir, err, errlen);
    if (!doc)
        return -1;
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!text) {
        ddb_errorf(err, errlen, "%s/cloudwatch.json: out of memory", dir);
        return -1;
    }
    ddb_outfile o;
    if (ddb_outfile_open(&o, dir, ddb_schema_cloudwatch.file, err, errlen) != 0) {
        free(text);
        return -1;
    }
    fputs(text, o.f);
    fputc('\n', o.f);
    free(text);
    return ddb_outfile_commit(&o, err, errlen);
}
