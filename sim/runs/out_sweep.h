/* out_sweep — the outputs of many runs: sweep.csv (one row per run of a grid) and compare.csv (one
 * row per key design), and the figures of a run they share with `ddbsim compare`'s table.
 *
 * Columns are the contract (docs/planning.md); more may be added at the end.
 * Fractions and milliseconds are rounded to 6 decimals, written without trailing zeros and
 * without locale; an empty field means "none" (no hottest partition or key: nothing consumed).
 *
 * sweep.csv: one column per grid axis, named by its path, holding the value as given; then
 *   seed,logical_requests,attempts,throttles,throttle_rate,throttle_rate_<AWS reason>...,failed,
 *   latency_p99_ms,hottest_partition_utilization,hottest_key,partitions,
 *   cost_provisioned_usd_month,cost_on_demand_usd_month
 * compare.csv:
 *   design,key,throttle_rate,throttles_<AWS reason>...,hottest_partition_utilization,hottest_key,
 *   hottest_key_utilization,partitions_used,partitions,latency_p99_ms,
 *   cost_provisioned_usd_month,cost_on_demand_usd_month
 * cost_*: the run's monthly estimates for its table class (sim/output/cost.h); empty: no price.
 * <AWS reason>: the names summary.json's throttles_by_reason uses, in its order
 * (TableReadProvisionedThroughputExceeded, TableReadKeyRangeThroughputExceeded, then Write).
 */
#ifndef DDB_OUT_SWEEP_H
#define DDB_OUT_SWEEP_H

#include <stdint.h>
#include <stdio.h>
#include "sim/runs/grid.h"
#include "sim/runs/sweep.h"

/* Attempts refused / attempts (0 without attempts), as summary.json's throttle_rate. */
double ddb_sweep_throttle_rate(const ddb_report *r);
/* Throttle events for one reason / attempts, as summary.json's throttle_rate_by_reason. */
double ddb_sweep_reason_rate(const ddb_report *r, enum ddb_dir d, enum ddb_throttle_reason reason);
/* The hottest partition's peak over its hard cap (1 = all of it), or NAN without one. */
double ddb_sweep_hot_partition_utilization(const ddb_report *r);
/* What the hottest key asked of its partition's hard cap, on average (1 = all of it), or NAN. */
double ddb_sweep_hot_key_utilization(const ddb_report *r);

/* x rounded to 6 decimals, without trailing zeros ("0.5", "12", "0.000001"); NAN: nothing. */
void ddb_sweep_csv_number(FILE *f, double x);

/* sweep.csv of a grid's runs: results[i] is run i of ddb_sweep_add_grid(axes, n_seeds), n of
 * them (the grid's points x n_seeds). */
void ddb_sweep_csv_write(FILE *f, const ddb_grid_axis *axes, size_t n_axes, uint32_t n_seeds,
                         const ddb_run_result *results, size_t n);
/* compare.csv: one row per design, labels[i] naming results[i]. */
void ddb_compare_csv_write(FILE *f, const char *const *labels, const ddb_run_result *results,
                           size_t n);

#endif
