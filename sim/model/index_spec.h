/* index_spec — a table's secondary indexes as the scenario states them: global secondary
 * indexes (each a table of its own, sim/model/gsi.h) and local ones (charged to the table,
 * sim/model/lsi.h), and what one entry of an index weighs.
 */
#ifndef DDB_INDEX_SPEC_H
#define DDB_INDEX_SPEC_H

#include <stdbool.h>
#include <stdint.h>
#include "sim/model/dynamics.h"
#include "sim/model/table.h"
#include "workloads/template.h"

#define DDB_GSI_MAX 20 /* GSIs per table: AWS's default quota */
#define DDB_LSI_MAX 5  /* LSIs per table: DynamoDB's limit */

/* "table.gsi[i].projection": what an index entry holds, hence what an index write costs. */
enum ddb_projection { DDB_PROJECTION_ALL, DDB_PROJECTION_KEYS_ONLY, DDB_PROJECTION_COUNT };

/* One global secondary index ("table.gsi[i]"): a table of its own (docs/model.md §11). */
typedef struct ddb_gsi_spec {
    char *name;                 /* "name": required, unique among the table's indexes */
    bool has_pk;                /* pk parsed (set with the templates, freed by release) */
    ddb_template pk;            /* "pk": required; any attributes */
    bool has_sk;
    ddb_template sk;            /* "sk": optional; its attributes count for sparseness only */
    int64_t rcu, wcu;           /* provisioned billing: required, 1 .. 1,000,000; on-demand:
                                   refused, 0 */
    bool has_warm;
    ddb_warm_throughput warm;   /* on-demand only: what the index serves at once, default a new
                                   table's (12,000 reads/s, 4,000 writes/s) */
    int64_t max_rcu, max_wcu;   /* on-demand only: the index's maximums, 0 = none */
    bool has_autoscaling;
    ddb_autoscaling autoscaling; /* provisioned only: the index's own target tracking */
    enum ddb_projection projection; /* default ALL: an entry is the base item's size */
    uint32_t projected_bytes;   /* optional, 1 .. 400 KB: the entry's size (overrides projection) */
    bool has_projected_bytes;
    double propagation_median_ms, propagation_sigma; /* lognormal delay base write -> index */
    uint32_t backpressure_backlog; /* index writes waiting beyond which base writes throttle */
    double key_change;          /* share of writes to an item in the index that draw its key anew */
    bool has_size_gb;
    double size_gb;             /* "size_gb", 0 .. 1e6: the index's stored data (its partitions
                                   at creation, its storage cost); default filled in from the
                                   table's size_gb by entry size (ddb_gsi_default_size_gb) */
} ddb_gsi_spec;

/* One local secondary index ("table.lsi[i]"): an alternate sort key on the table's partition key,
 * written synchronously and charged to the table (docs/model.md §10). */
typedef struct ddb_lsi_spec {
    char *name;                 /* "name": required, unique among the table's indexes */
    bool has_sk;                /* sk parsed (set with the templates, freed by release) */
    ddb_template sk;            /* "sk": required */
    enum ddb_projection projection;
    uint32_t projected_bytes;
    bool has_projected_bytes;
} ddb_lsi_spec;

/* The bytes of an index entry of GSI g: projected_bytes when given, 100 for KEYS_ONLY (DynamoDB's
 * per-entry overhead), 0 for ALL (the base item's own size). */
uint32_t ddb_gsi_entry_bytes(const ddb_gsi_spec *g);

#endif
