/* price — a DynamoDB price table (scenarios/prices/REGION.json): its prices by table class
 * (Standard, Standard-IA), read once per process. The monthly cost estimate of a run under it is
 * sim/output/cost.h.
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
 * Where the table comes from: the scenario's "prices" field, else ddb_price_default_path()
 * (DDBSIM_PRICES, else scenarios/prices/us-east-1.json in the data folder, sim/support/datadir.h).
 * ddb_price_cached() loads each file once per process (thread-safe); the scenario parser warms
 * it, so runs (summary.json) and sweeps (sweep.csv, compare.csv) read no price file themselves.
 */
#ifndef DDB_PRICE_H
#define DDB_PRICE_H

#include <stdbool.h>
#include <stddef.h>
#include "sim/scenario/scenario.h"

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

/* DDBSIM_PRICES if set and not empty, else the data folder's us-east-1 table (see above). */
const char *ddb_price_default_path(void);
/* The table at path (NULL: the default), loaded once per process and kept until exit; NULL with
 * one line in err when it cannot be loaded (the failure is remembered too). */
const ddb_price_table *ddb_price_cached(const char *path, char *err, size_t errlen);

#endif
