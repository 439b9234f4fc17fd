/* out_sweep — sweep.csv and compare.csv. See out_sweep.h. */
#include "sim/runs/out_sweep.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/output/headline.h"
#include "sim/output/out_csv.h"
#include "sim/output/schema.h"

double ddb_sweep_throttle_rate(const ddb_report *r)
{
    return ddb_headline_throttle_rate(r);
}

double ddb_sweep_hot_partition_utilization(const ddb_report *r)
{
    return r->has_hot_partition ? r->hot_peak_per_s / r->hot_cap_per_s : NAN;
}

double ddb_sweep_hot_key_utilization(const ddb_report *r)
{
    return r->has_hot_key ? r->hot_key_offered_per_s / r->hot_key_cap_per_s : NAN;
}

double ddb_sweep_consumed_per_s(const ddb_report *r, enum ddb_dir d)
{
    return r->duration_ns > 0 ? (double)r->total.consumed_milli[d] / 1000.0 / ((double)r->duration_ns / 1e9) : 0.0;
}

void ddb_sweep_csv_number(FILE *f, double x)
{
    if (isnan(x))
        return;
    char buf[64];
    double r = round(x * 1e6) / 1e6;
    int n = snprintf(buf, sizeof buf, "%.6f", r == 0 ? 0.0 : r);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
    fputs(buf, f);
}

/* The run's monthly cost estimates for its table class (sim/output/cost.h); NAN: no price. */
static double cost_provisioned(const ddb_run_result *res)
{
    return res->cost.provisioned_usd[res->table_class];
}
static double cost_on_demand(const ddb_run_result *res) { return res->cost.on_demand_usd[res->table_class]; }

/* The k-th PER_AWS_REASON column's figure: AWS reason k's throttle events. */
static uint64_t reason_events(const ddb_report *r, const ddb_column *c, size_t k)
{
    (void)c;
    uint64_t aws[DDB_AWS_REASON_COUNT];
    ddb_report_aws_throttles(r, aws);
    return aws[k];
}

static double reason_rate(const ddb_report *r, const ddb_column *c, size_t k)
{
    uint64_t a = ddb_headline_attempts(r);
    return a ? (double)reason_events(r, c, k) / (double)a : 0.0;
}

static void hot_key(FILE *f, const ddb_report *r)
{
    if (r->has_hot_key)
        ddb_csv_field(f, r->hot_key);
}

/* One column of sweep.csv (the grid's axes are written before). */
static void sweep_field(FILE *f, enum ddb_sweepcsv_col col, const ddb_run_result *res)
{
    const ddb_report *r = &res->report;
    const ddb_column *c = &ddb_schema_sweep.cols[col];
    switch (col) {
    case DDB_SWEEPCSV_AXES: break;
    case DDB_SWEEPCSV_SEED: fprintf(f, "%" PRIu64, res->seed); break;
    case DDB_SWEEPCSV_LOGICAL_REQUESTS: fprintf(f, "%" PRIu64, r->total.arrivals); break;
    case DDB_SWEEPCSV_ATTEMPTS: fprintf(f, "%" PRIu64, ddb_headline_attempts(r)); break;
    case DDB_SWEEPCSV_THROTTLES:
        fprintf(f, "%" PRIu64, r->total.throttles[DDB_READ] + r->total.throttles[DDB_WRITE]);
        break;
    case DDB_SWEEPCSV_THROTTLE_RATE: ddb_sweep_csv_number(f, ddb_sweep_throttle_rate(r)); break;
    case DDB_SWEEPCSV_REASON_RATE:
        for (size_t k = 0, n = ddb_column_width(c); k < n; k++) {
            if (k)
                fputc(',', f);
            ddb_sweep_csv_number(f, reason_rate(r, c, k));
        }
        break;
    case DDB_SWEEPCSV_FAILED: fprintf(f, "%" PRIu64, r->total.failed); break;
    case DDB_SWEEPCSV_LATENCY_P99_MS: ddb_sweep_csv_number(f, r->latency_ms[1]); break;
    case DDB_SWEEPCSV_HOT_PARTITION: ddb_sweep_csv_number(f, ddb_sweep_hot_partition_utilization(r)); break;
    case DDB_SWEEPCSV_HOT_KEY: hot_key(f, r); break;
    case DDB_SWEEPCSV_PARTITIONS: fprintf(f, "%zu", r->n_partitions); break;
    case DDB_SWEEPCSV_COST_PROVISIONED: ddb_sweep_csv_number(f, cost_provisioned(res)); break;
    case DDB_SWEEPCSV_COST_ON_DEMAND: ddb_sweep_csv_number(f, cost_on_demand(res)); break;
    case DDB_SWEEPCSV_N: break;
    }
}

static void sweep_row(FILE *f, const ddb_grid_axis *axes, size_t n_axes, const size_t *value_index,
                      const ddb_run_result *res)
{
    for (size_t i = 0; i < n_axes; i++) {
        ddb_csv_field(f, axes[i].values[value_index[i]]);
        fputc(',', f);
    }
    for (int col = DDB_SWEEPCSV_AXES + 1; col < DDB_SWEEPCSV_N; col++) {
        if (col > DDB_SWEEPCSV_AXES + 1)
            fputc(',', f);
        sweep_field(f, (enum ddb_sweepcsv_col)col, res);
    }
    fputc('\n', f);
}

void ddb_sweep_csv_write(FILE *f, const ddb_grid_axis *axes, size_t n_axes, uint32_t n_seeds,
                         const ddb_run_result *results, size_t n)
{
    for (size_t i = 0; i < n_axes; i++) {
        ddb_csv_field(f, axes[i].path);
        fputc(',', f);
    }
    ddb_schema_header(f, &ddb_schema_sweep);
    size_t *value_index = ddb_xcalloc(n_axes ? n_axes : 1, sizeof *value_index);
    for (size_t i = 0; i < n; i++) {
        ddb_grid_point(axes, n_axes, i / n_seeds, value_index);
        sweep_row(f, axes, n_axes, value_index, &results[i]);
    }
    free(value_index);
}

/* One gsi_ column of compare.csv: col's figure of each GSI of r, separated by ';'. */
static void gsi_list(FILE *f, enum ddb_comparecsv_col col, const ddb_report *r)
{
    for (size_t i = 0; i < r->n_gsi; i++) {
        const ddb_gsi_report *g = &r->gsi[i];
        if (i)
            fputc(';', f);
        if (col == DDB_COMPARECSV_GSI_HOT_PARTITION && g->has_hot_partition)
            fprintf(f, "%zu", g->hot_partition);
        else if (col == DDB_COMPARECSV_GSI_HOT_PARTITION_UTILIZATION && g->has_hot_partition)
            ddb_sweep_csv_number(f, g->hot_utilization);
        else if (col == DDB_COMPARECSV_GSI_LAG_P99_MS)
            ddb_sweep_csv_number(f, g->lag_ms[1]);
        else if (col == DDB_COMPARECSV_GSI_BACKPRESSURE_THROTTLES)
            fprintf(f, "%" PRIu64, g->backpressure_throttles);
    }
}

/* compare.csv's gsi column: the GSIs' names joined by ';', quoted as a field needs. */
static void gsi_names(FILE *f, const ddb_report *r)
{
    size_t n = 1;
    for (size_t i = 0; i < r->n_gsi; i++)
        n += strlen(r->gsi[i].name) + 1;
    char *names = ddb_xmalloc(n);
    names[0] = '\0';
    for (size_t i = 0; i < r->n_gsi; i++) {
        if (i)
            strcat(names, ";");
        strcat(names, r->gsi[i].name);
    }
    ddb_csv_field(f, names);
    free(names);
}

/* One column of compare.csv for the design labelled label. */
static void compare_field(FILE *f, enum ddb_comparecsv_col col, const char *label,
                          const ddb_run_result *res)
{
    const ddb_report *r = &res->report;
    const ddb_column *c = &ddb_schema_compare.cols[col];
    switch (col) {
    case DDB_COMPARECSV_DESIGN: ddb_csv_field(f, label); break;
    case DDB_COMPARECSV_KEY: ddb_csv_field(f, res->pk); break;
    case DDB_COMPARECSV_THROTTLE_RATE: ddb_sweep_csv_number(f, ddb_sweep_throttle_rate(r)); break;
    case DDB_COMPARECSV_THROTTLES:
        for (size_t k = 0, n = ddb_column_width(c); k < n; k++)
            fprintf(f, "%s%" PRIu64, k ? "," : "", reason_events(r, c, k));
        break;
    case DDB_COMPARECSV_HOT_PARTITION: ddb_sweep_csv_number(f, ddb_sweep_hot_partition_utilization(r)); break;
    case DDB_COMPARECSV_HOT_KEY: hot_key(f, r); break;
    case DDB_COMPARECSV_HOT_KEY_UTILIZATION: ddb_sweep_csv_number(f, ddb_sweep_hot_key_utilization(r)); break;
    case DDB_COMPARECSV_PARTITIONS_USED:
        if (res->partitions_used != SIZE_MAX)
            fprintf(f, "%zu", res->partitions_used);
        break;
    case DDB_COMPARECSV_PARTITIONS: fprintf(f, "%zu", r->n_partitions); break;
    case DDB_COMPARECSV_LATENCY_P99_MS: ddb_sweep_csv_number(f, r->latency_ms[1]); break;
    case DDB_COMPARECSV_CONSUMED_RCU: ddb_sweep_csv_number(f, ddb_sweep_consumed_per_s(r, DDB_READ)); break;
    case DDB_COMPARECSV_CONSUMED_WCU: ddb_sweep_csv_number(f, ddb_sweep_consumed_per_s(r, DDB_WRITE)); break;
    case DDB_COMPARECSV_COST_PROVISIONED: ddb_sweep_csv_number(f, cost_provisioned(res)); break;
    case DDB_COMPARECSV_COST_ON_DEMAND: ddb_sweep_csv_number(f, cost_on_demand(res)); break;
    case DDB_COMPARECSV_GSI: gsi_names(f, r); break;
    case DDB_COMPARECSV_GSI_HOT_PARTITION:
    case DDB_COMPARECSV_GSI_HOT_PARTITION_UTILIZATION:
    case DDB_COMPARECSV_GSI_LAG_P99_MS:
    case DDB_COMPARECSV_GSI_BACKPRESSURE_THROTTLES: gsi_list(f, col, r); break;
    case DDB_COMPARECSV_N: break;
    }
}

void ddb_compare_csv_write(FILE *f, const char *const *labels, const ddb_run_result *results,
                           size_t n)
{
    ddb_schema_header(f, &ddb_schema_compare);
    for (size_t i = 0; i < n; i++) {
        for (int col = 0; col < DDB_COMPARECSV_N; col++) {
            if (col)
                fputc(',', f);
            compare_field(f, (enum ddb_comparecsv_col)col, labels[i], &results[i]);
        }
        fputc('\n', f);
    }
}
