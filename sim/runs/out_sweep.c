/* out_sweep — sweep.csv and compare.csv. See out_sweep.h. */
#include "sim/runs/out_sweep.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/output/out_csv.h"

static uint64_t attempts_of(const ddb_report *r)
{
    return r->total.requests[DDB_READ] + r->total.requests[DDB_WRITE];
}

double ddb_sweep_throttle_rate(const ddb_report *r)
{
    uint64_t a = attempts_of(r);
    return a ? (double)(r->total.throttles[DDB_READ] + r->total.throttles[DDB_WRITE]) / (double)a
             : 0.0;
}

double ddb_sweep_reason_rate(const ddb_report *r, enum ddb_dir d, enum ddb_throttle_reason reason)
{
    uint64_t a = attempts_of(r);
    return a ? (double)r->total.by_reason[d][reason] / (double)a : 0.0;
}

double ddb_sweep_hot_partition_utilization(const ddb_report *r)
{
    return r->has_hot_partition ? r->hot_peak_per_s / r->hot_cap_per_s : NAN;
}

double ddb_sweep_hot_key_utilization(const ddb_report *r)
{
    return r->has_hot_key ? r->hot_key_offered_per_s / r->hot_key_cap_per_s : NAN;
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

/* Each AWS reason in summary.json's order: f(d, reason). */
#define FOR_EACH_REASON(d, reason)                                                               \
    for (int d = 0; d < 2; d++)                                                                  \
        for (int reason = 1; reason < DDB_THROTTLE_REASON_COUNT; reason++)                        \
            if (!ddb_throttle_applies((enum ddb_throttle_reason)reason, (enum ddb_dir)d)) {       \
            } else

static const char *aws_name(int d, int reason)
{
    return ddb_throttle_aws_name((enum ddb_throttle_reason)reason, false, (enum ddb_dir)d);
}

/* The run's monthly cost estimates for its table class (sim/output/cost.h); empty: no price. */
#define COST_COLUMNS "cost_provisioned_usd_month,cost_on_demand_usd_month"
static void cost_fields(FILE *f, const ddb_run_result *res)
{
    fputc(',', f);
    ddb_sweep_csv_number(f, res->cost.provisioned_usd[res->table_class]);
    fputc(',', f);
    ddb_sweep_csv_number(f, res->cost.on_demand_usd[res->table_class]);
}

static void sweep_header(FILE *f, const ddb_grid_axis *axes, size_t n_axes)
{
    for (size_t i = 0; i < n_axes; i++) {
        ddb_csv_field(f, axes[i].path);
        fputc(',', f);
    }
    fputs("seed,logical_requests,attempts,throttles,throttle_rate", f);
    FOR_EACH_REASON(d, reason)
        fprintf(f, ",throttle_rate_%s", aws_name(d, reason));
    fputs(",failed,latency_p99_ms,hottest_partition_utilization,hottest_key,partitions,"
          COST_COLUMNS "\n", f);
}

static void sweep_row(FILE *f, const ddb_grid_axis *axes, size_t n_axes, const size_t *value_index,
                      const ddb_run_result *res)
{
    const ddb_report *r = &res->report;
    for (size_t i = 0; i < n_axes; i++) {
        ddb_csv_field(f, axes[i].values[value_index[i]]);
        fputc(',', f);
    }
    fprintf(f, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",", res->seed, r->total.arrivals,
            attempts_of(r), r->total.throttles[DDB_READ] + r->total.throttles[DDB_WRITE]);
    ddb_sweep_csv_number(f, ddb_sweep_throttle_rate(r));
    FOR_EACH_REASON(d, reason) {
        fputc(',', f);
        ddb_sweep_csv_number(f, ddb_sweep_reason_rate(r, (enum ddb_dir)d,
                                                      (enum ddb_throttle_reason)reason));
    }
    fprintf(f, ",%" PRIu64 ",", r->total.failed);
    ddb_sweep_csv_number(f, r->latency_ms[1]);
    fputc(',', f);
    ddb_sweep_csv_number(f, ddb_sweep_hot_partition_utilization(r));
    fputc(',', f);
    if (r->has_hot_key)
        ddb_csv_field(f, r->hot_key);
    fprintf(f, ",%zu", r->n_partitions);
    cost_fields(f, res);
    fputc('\n', f);
}

void ddb_sweep_csv_write(FILE *f, const ddb_grid_axis *axes, size_t n_axes, uint32_t n_seeds,
                         const ddb_run_result *results, size_t n)
{
    sweep_header(f, axes, n_axes);
    size_t *value_index = ddb_xcalloc(n_axes ? n_axes : 1, sizeof *value_index);
    for (size_t i = 0; i < n; i++) {
        ddb_grid_point(axes, n_axes, i / n_seeds, value_index);
        sweep_row(f, axes, n_axes, value_index, &results[i]);
    }
    free(value_index);
}

void ddb_compare_csv_write(FILE *f, const char *const *labels, const ddb_run_result *results,
                           size_t n)
{
    fputs("design,key,throttle_rate", f);
    FOR_EACH_REASON(d, reason)
        fprintf(f, ",throttles_%s", aws_name(d, reason));
    fputs(",hottest_partition_utilization,hottest_key,hottest_key_utilization,partitions_used,"
          "partitions,latency_p99_ms," COST_COLUMNS "\n", f);
    for (size_t i = 0; i < n; i++) {
        const ddb_report *r = &results[i].report;
        ddb_csv_field(f, labels[i]);
        fputc(',', f);
        ddb_csv_field(f, results[i].pk);
        fputc(',', f);
        ddb_sweep_csv_number(f, ddb_sweep_throttle_rate(r));
        FOR_EACH_REASON(d, reason)
            fprintf(f, ",%" PRIu64, r->total.by_reason[d][reason]);
        fputc(',', f);
        ddb_sweep_csv_number(f, ddb_sweep_hot_partition_utilization(r));
        fputc(',', f);
        if (r->has_hot_key)
            ddb_csv_field(f, r->hot_key);
        fputc(',', f);
        ddb_sweep_csv_number(f, ddb_sweep_hot_key_utilization(r));
        fputc(',', f);
        if (results[i].partitions_used != SIZE_MAX)
            fprintf(f, "%zu", results[i].partitions_used);
        fprintf(f, ",%zu,", r->n_partitions);
        ddb_sweep_csv_number(f, r->latency_ms[1]);
        cost_fields(f, &results[i]);
        fputc('\n', f);
    }
}
