/* out_sweep — the outputs of many runs: sweep.csv (one row per run of a grid) and compare.csv (one
 * row per key design), and the figures of a run they share with `ddbsim compare`'s table.
 *
 * Their columns are sim/output/schema.h's (DDB_SWEEP_COLUMNS, DDB_COMPARE_COLUMNS; docs/outputs.md):
 * sweep.csv begins with one column per grid axis, named by its path, holding the value as given;
 * both have a column per AWS reason, in summary.json's throttles_by_reason order.
 * Fractions and milliseconds are rounded to 6 decimals, written without trailing zeros and
 * without locale; an empty field means "none" (no hottest partition or key: nothing consumed;
 * no price for a cost).
 */
#ifndef DDB_OUT_SWEEP_H
#define DDB_OUT_SWEEP_H

#include <stdint.h>
#include <stdio.h>
#include "sim/runs/grid.h"
#include "sim/runs/sweep.h"

/* Attempts refused / attempts (0 without attempts), as summary.json's throttle_rate. */
double ddb_sweep_throttle_rate(const ddb_report *r);
/* The hottest partition's peak over its hard cap (1 = all of it), or NAN without one. */
double ddb_sweep_hot_partition_utilization(const ddb_report *r);
/* What the hottest key asked of its partition's hard cap, on average (1 = all of it), or NAN. */
double ddb_sweep_hot_key_utilization(const ddb_report *r);
/* The table's consumed capacity in direction d, in units per second over the run. */
double ddb_sweep_consumed_per_s(const ddb_report *r, enum ddb_dir d);

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
