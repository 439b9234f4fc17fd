/* table — a table's partitions and the admission decision for one request.
 *
 * Each partition has, per direction (read, write):
 *   - a share bucket: refilled at the partition's share of the table's provisioned rate, holding
 *     max(1, burst_s) seconds of it (the saved "burst" capacity); a new table starts with one
 *     second of tokens and nothing banked;
 *   - a hard-cap bucket: 3,000 RCU/s or 1,000 WCU/s holding one second, whatever the table has.
 * With adaptive capacity on, the table also keeps an adaptive pool per direction: refilled at the
 * table's whole provisioned rate, holding one second, drained by everything the partitions consume.
 * It is what the table has not used; a partition whose share and burst are spent may borrow from
 * it, so the table's provisioned total is never exceeded by borrowing.
 *
 * Admission: the provisioned limit is checked first (share + burst, else the adaptive pool), then
 * the hard cap. A refused request consumes nothing. The reason follows AWS's ThrottlingReasons:
 * provisioned = ...ProvisionedThroughputExceeded, key range = ...KeyRangeThroughputExceeded.
 */
#ifndef DDB_TABLE_H
#define DDB_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim/bucket.h"
#include "sim/keyspace.h"

enum ddb_dir { DDB_READ = 0, DDB_WRITE = 1 };

enum ddb_throttle_reason {
    DDB_ADMITTED = 0,
    DDB_THROTTLE_PROVISIONED, /* the partition's share, its burst and the adaptive pool are spent */
    DDB_THROTTLE_KEY_RANGE,   /* the partition's hard cap (3,000 RCU/s, 1,000 WCU/s) */
    DDB_THROTTLE_GSI_BACKPRESSURE, /* a base write refused: an index it touches is behind (gsi.h) */
    DDB_THROTTLE_REASON_COUNT
};
/* CSV column suffixes: "provisioned", "key_range", "gsi_backpressure" (index 0 unused: ""). */
extern const char *const ddb_throttle_column[DDB_THROTTLE_REASON_COUNT];
/* AWS's ThrottlingReasons name, e.g. "TableWriteKeyRangeThroughputExceeded". Back-pressure is
 * named as AWS reports it, with the index's reason: "IndexWriteProvisionedThroughputExceeded". */
const char *ddb_throttle_aws_name(enum ddb_throttle_reason r, bool is_index, enum ddb_dir d);
/* Whether reason r can refuse a request of direction d (back-pressure refuses writes only):
 * the summary, sweeps and comparisons list only these. */
static inline bool ddb_throttle_applies(enum ddb_throttle_reason r, enum ddb_dir d)
{
    return r != DDB_THROTTLE_GSI_BACKPRESSURE || d == DDB_WRITE;
}

typedef struct ddb_table_config {
    int64_t rcu, wcu;      /* provisioned units per second */
    double size_gb;
    double burst_s;
    bool adaptive_capacity;
} ddb_table_config;

typedef struct ddb_partition {
    ddb_bucket share[2];
    ddb_bucket cap[2];
} ddb_partition;

typedef struct ddb_table {
    ddb_table_config cfg;
    ddb_keyspace keys;
    size_t n_partitions;
    ddb_partition *parts;
    ddb_bucket adaptive[2];
    int64_t borrowed_milli[2]; /* total taken from the adaptive pool, for the summary */
} ddb_table;

void ddb_table_init(ddb_table *t, const ddb_table_config *cfg);
void ddb_table_destroy(ddb_table *t);
/* Admit or refuse a request of cost_milli on partition p at now_ns (non-decreasing per partition). */
enum ddb_throttle_reason ddb_table_admit(ddb_table *t, size_t p, enum ddb_dir d,
                                         int64_t cost_milli, int64_t now_ns);
/* Provisioned share of partition p per second, in milli-units. */
int64_t ddb_table_share_milli(const ddb_table *t, size_t p, enum ddb_dir d);
/* Tokens in partition p's share bucket at now_ns (saved capacity included), in milli-units. */
int64_t ddb_table_tokens_milli(ddb_table *t, size_t p, enum ddb_dir d, int64_t now_ns);

#endif
