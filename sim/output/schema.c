/* schema — the output contract's tables, generated from the X-macros. See schema.h. */
#include "sim/output/schema.h"

#include <string.h>
#include "sim/output/manifest.h"
#include "sim/support/check.h"

/* unit and meaning come as __VA_ARGS__: a shared figure (DDB_RUN_FIGURE_*) is one macro argument
 * standing for both. */
#define COLUMN(id, repeat, name, ...) [id] = {name, DDB_COL_##repeat, __VA_ARGS__},
static const ddb_column ts_cols[] = {DDB_TIMESERIES_COLUMNS(COLUMN)};
static const ddb_column parts_cols[] = {DDB_PARTITIONS_COLUMNS(COLUMN)};
static const ddb_column keys_cols[] = {DDB_KEYS_COLUMNS(COLUMN)};
static const ddb_column events_cols[] = {DDB_EVENTS_COLUMNS(COLUMN)};
static const ddb_column latency_cols[] = {DDB_LATENCY_COLUMNS(COLUMN)};
static const ddb_column gsi_cols[] = {DDB_GSI_COLUMNS(COLUMN)};
static const ddb_column sweep_cols[] = {DDB_SWEEP_COLUMNS(COLUMN)};
static const ddb_column compare_cols[] = {DDB_COMPARE_COLUMNS(COLUMN)};
static const ddb_column plan_cols[] = {DDB_PLAN_COLUMNS(COLUMN)};
#undef COLUMN

#define COLS(a) a, sizeof a / sizeof a[0]
#define RUN "`ddbsim run`"

const ddb_file_schema ddb_schema_summary = {
    "summary.json", RUN ", always",
    "the run's totals and figures: the fields below (throttles named as in the throttle reasons)",
    NULL, 0};
const ddb_file_schema ddb_schema_timeseries = {
    "timeseries.csv", RUN ", always",
    "one per interval for the table, then one per interval for each GSI (its writes are index "
    "writes)",
    COLS(ts_cols)};
const ddb_file_schema ddb_schema_partitions = {
    "partitions.csv", RUN ", always",
    "one per interval and partition: the table's partitions, then each GSI's", COLS(parts_cols)};
const ddb_file_schema ddb_schema_keys = {
    "keys.csv", RUN ", always",
    "the most accessed and the most throttled partition keys over the run, as Contributor "
    "Insights ranks them",
    COLS(keys_cols)};
const ddb_file_schema ddb_schema_latency = {
    "latency.csv", RUN ", always",
    "the latency CDF of the requests completed over the run, for `" DDB_SCHEMA_LATENCY_ALL
    "` and each operation: one row per non-empty sketch bucket",
    COLS(latency_cols)};
const ddb_file_schema ddb_schema_events = {
    "events.csv", RUN ", when capacity moved (splits, capacity changes, auto scaling, on-demand growth)",
    "one per event, in time order", COLS(events_cols)};
const ddb_file_schema ddb_schema_gsi = {
    "gsi.csv", RUN ", with GSIs", "one per interval and index", COLS(gsi_cols)};
const ddb_file_schema ddb_schema_cloudwatch = {
    "cloudwatch.json", "`ddbsim run --cloudwatch`, or `ddbsim cloudwatch OUTDIR` later",
    "timeseries.csv as CloudWatch would show it: one-minute metrics per table and GSI (below), in "
    "the JSON shape `aws cloudwatch get-metric-data` prints, on a clock starting at "
    "2026-01-01T00:00:00Z, newest first",
    NULL, 0};
const ddb_file_schema ddb_schema_manifest = {
    DDB_MANIFEST_FILE, RUN ", `ddbsim sweep`, `ddbsim compare -o DIR` and `ddbsim plan -o DIR`, "
    "always, last (and each run folder's in runs/N)",
    "what ran and what the folder holds: `ddbsim_version`, `command`, `scenario` (`name`, `source`: "
    "the file as given), `seed` (a run's), and `files`, every file the command wrote (paths "
    "relative to the folder, sorted; `ddbsim plot` and `ddbsim cloudwatch` add theirs). Only the "
    "files listed are read back, and a rerun removes the listed files it does not write again",
    NULL, 0};
const ddb_file_schema ddb_schema_sweep = {
    "sweep.csv", "`ddbsim sweep`", "one per run of the grid: in grid order (the first --grid "
    "varies slowest), then by seed", COLS(sweep_cols)};
const ddb_file_schema ddb_schema_compare = {
    "compare.csv", "`ddbsim compare -o DIR`", "one per key design", COLS(compare_cols)};
const ddb_file_schema ddb_schema_plan = {
    "plan.csv", "`ddbsim plan -o DIR`", "one per run of the capacity search, in the order made",
    COLS(plan_cols)};

const ddb_file_schema *const ddb_schema_files[] = {
    &ddb_schema_summary, &ddb_schema_timeseries, &ddb_schema_partitions, &ddb_schema_keys,
    &ddb_schema_latency, &ddb_schema_events, &ddb_schema_gsi, &ddb_schema_cloudwatch,
    &ddb_schema_manifest, &ddb_schema_sweep, &ddb_schema_compare, &ddb_schema_plan};
const size_t ddb_schema_n_files = sizeof ddb_schema_files / sizeof ddb_schema_files[0];

#define SUMMARY_FIELD(path, unit, when, meaning) {path, unit, when, meaning},
const ddb_summary_field ddb_schema_summary_fields[] = {DDB_SUMMARY_FIELDS(SUMMARY_FIELD)};
#undef SUMMARY_FIELD
const size_t ddb_schema_n_summary_fields =
    sizeof ddb_schema_summary_fields / sizeof ddb_schema_summary_fields[0];

const char *const ddb_keys_kind_name[DDB_KEYS_KIND_COUNT] = {"accessed", "throttled"};

size_t ddb_column_width(const ddb_column *c)
{
    switch (c->repeat) {
    case DDB_COL_ONCE: return 1;
    case DDB_COL_PER_REASON: return DDB_THROTTLE_REASON_COUNT - 1;
    case DDB_COL_PER_AWS_REASON: return DDB_AWS_REASON_COUNT;
    case DDB_COL_PER_AXIS: return 0;
    }
    return 0;
}

const char *ddb_column_suffix(const ddb_column *c, size_t k)
{
    if (c->repeat == DDB_COL_PER_REASON)
        return ddb_throttle_column[k + 1];
    if (c->repeat == DDB_COL_PER_AWS_REASON)
        return ddb_aws_reason_name[k];
    return "";
}

void ddb_schema_header(FILE *f, const ddb_file_schema *s)
{
    const char *sep = "";
    for (size_t i = 0; i < s->n_cols; i++) {
        const ddb_column *c = &s->cols[i];
        for (size_t k = 0, n = ddb_column_width(c); k < n; k++) {
            fprintf(f, "%s%s%s", sep, c->name, ddb_column_suffix(c, k));
            sep = ",";
        }
    }
    fputc('\n', f);
}

#define CW_METRIC(id, name, statistic, dir, reason, meaning) \
    [DDB_CWM_##id] = {name, statistic, DDB_##dir, DDB_##reason, meaning},
const ddb_cw_metric_schema ddb_schema_cloudwatch_metrics[DDB_CWM_COUNT] = {
    DDB_CLOUDWATCH_METRIC_MAP(CW_METRIC)};
#undef CW_METRIC

const char *ddb_cw_metric_name(const ddb_cw_metric_schema *m)
{
    return m->reason == DDB_ADMITTED ? m->name : ddb_throttle_cloudwatch_metric(m->reason, m->dir);
}

void ddb_schema_list_columns(FILE *f)
{
    for (size_t i = 0; i < ddb_schema_n_files; i++) {
        const ddb_file_schema *s = ddb_schema_files[i];
        for (size_t j = 0; j < s->n_cols; j++)
            for (size_t k = 0, n = ddb_column_width(&s->cols[j]); k < n; k++)
                fprintf(f, "%s %s%s\n", s->file, s->cols[j].name, ddb_column_suffix(&s->cols[j], k));
    }
}
