/* price — a DynamoDB price table (scenarios/prices/REGION.json) and the monthly cost estimate
 * of a run under it, for provisioned (what was provisioned) and on-demand (what was consumed)
 * capacity, for the Standard and Standard-IA table classes.
 *
 * The file: {"region": "us-east-1", "as_of": "YYYY-MM-DD", "source": "...", "currency": "USD",
 *   "sources": {...} (optional, free-form), "notes": ... (optional),
 *   "standard": {PRICE: number, ...}, "standard_ia": {PRICE: number, ...}}
 * with PRICE one of provisioned_wcu_hour, provisioned_rcu_hour,
 * on_demand_per_million_write_request_units, on_demand_per_million_read_request_units,
 * storage_gb_month (each >= 0). A price left out is "no price": every cost that needs it is
 * reported as "no price" (JSON) or an empty field (CSV), never guessed.
 * Errors are one line: "FILE: FIELD: what is wrong (got VALUE)".
 *
 * The model (docs/planning.md, "Cost"):
 *   provisioned/month = (RCU x rcu-hour + WCU x wcu-hour) x 730 h + size_gb x GB-month
 *   on-demand/month   = consumed RCU (WCU) per second, averaged over the run, x 2,592,000 s
 *                       / 1e6 x price per million read (write) request units + storage
 * Consumed RCU/WCU map 1:1 to request units (an eventually consistent 4 KB read is 0.5 of both;
 * transactional requests already count double). The estimate extrapolates the simulated window
 * to a month and ignores the free tier, reserved capacity, GSIs, backups and data transfer.
 *
 * Where the table comes from: ddb_price_default_path() (DDBSIM_PRICES, else the source tree's
 * scenarios/prices/us-east-1.json, else the installed one), or the scenario's "prices" field.
 * ddb_price_cached() loads each file once per process (thread-safe); the scenario parser warms
 * it, so runs (summary.json) and sweeps (sweep.csv, compare.csv) read no price file themselves.
 */
#ifndef DDB_PRICE_H
#define DDB_PRICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim/engine/engine.h"
#include "sim/scenario/scenario.h"

#define DDB_HOURS_PER_MONTH 730.0
#define DDB_SECONDS_PER_MONTH 2592000.0 /* 30 days */

enum ddb_price_item {
    DDB_PRICE_WCU_HOUR,
    DDB_PRICE_RCU_HOUR,
    DDB_PRICE_OD_WRITE_MILLION,
    DDB_PRICE_OD_READ_MILLION,
    DDB_PRICE_STORAGE_GB_MONTH,
    DDB_PRICE_ITEM_COUNT
};

typedef struct ddb_price_table {
    char *path, *region, *as_of, *source, *currency;
    double price[DDB_TABLE_CLASS_COUNT][DDB_PRICE_ITEM_COUNT]; /* NAN: no price */
} ddb_price_table;

/* "standard", "standard_ia"; the price fields' names. */
const char *ddb_table_class_name(enum ddb_table_class c);
const char *ddb_price_item_name(enum ddb_price_item i);

/* Parse a price table (source names it in messages). 0, or -1 with one line in err. */
int ddb_price_parse(ddb_price_table *out, const char *text, size_t len, const char *source,
                    char *err, size_t errlen);
int ddb_price_load(ddb_price_table *out, const char *path, char *err, size_t errlen);
void ddb_price_destroy(ddb_price_table *t);

/* DDBSIM_PRICES if set and not empty, else the compiled-in default (see above). */
const char *ddb_price_default_path(void);
/* The table at path (NULL: the default), loaded once per process and kept until exit; NULL with
 * one line in err when it cannot be loaded (the failure is remembered too). */
const ddb_price_table *ddb_price_cached(const char *path, char *err, size_t errlen);

typedef struct ddb_cost {
    double provisioned_usd[DDB_TABLE_CLASS_COUNT]; /* per month; NAN: no price */
    double on_demand_usd[DDB_TABLE_CLASS_COUNT];
} ddb_cost;

/* The estimate from its inputs: provisioned capacity, size, what was consumed over duration_s. */
void ddb_cost_compute(const ddb_price_table *t, int64_t rcu, int64_t wcu, double size_gb,
                      double consumed_rcu, double consumed_wcu, double duration_s, ddb_cost *out);
/* The same for a scenario and its run's report. */
void ddb_cost_of_run(const ddb_price_table *t, const ddb_scenario *s, const ddb_report *r,
                     ddb_cost *out);

/* What the estimate leaves out, as summary.json says it. */
extern const char ddb_cost_assumptions[];

#endif
