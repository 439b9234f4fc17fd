/* table — a table's partitions and the admission decision for one request.
 *
 * Each partition has, per direction (read, write):
 *   - a share bucket: refilled at the partition's share of the table's rate, holding
 *     max(1, burst_s) seconds of it (the saved "burst" capacity); a new table starts with one
 *     second of tokens and nothing banked;
 *   - a hard-cap bucket: 3,000 RCU/s or 1,000 WCU/s holding one second, whatever the table has.
 * A partition's share is its weight over the table's total weight: partitions start with equal
 * weights and a split halves the weight between the two halves (docs/model.md §2:
 * "a size split halves data and throughput"). The shares add up to the table's rate exactly.
 * With adaptive capacity on, the table also keeps an adaptive pool per direction: refilled at the
 * table's whole provisioned rate, holding one second, drained by everything the partitions consume.
 * It is what the table has not used; a partition whose share and burst are spent may borrow from
 * it, so the table's provisioned total is never exceeded by borrowing.
 *
 * The table is reusable as any "table" of the model (a base table or a GSI); what makes its
 * capacity move over time (scheduled changes, splits, on-demand growth, auto scaling) is decided
 * outside (sim/model/dynamics.h) through ddb_table_set_rate and ddb_table_split.
 *
 * Admission, provisioned: the provisioned limit is checked first (share + burst, else the adaptive
 * pool), then the hard cap, then the per-table quota. On-demand (no shares): the optional table
 * maximum (max_rcu/max_wcu), then the on-demand allowance (a table bucket at the current allowance
 * holding one second), then the hard cap, then the quota. A refused request consumes nothing.
 * The quota bucket (quota units per second holding one second) is checked only when it can bind:
 * when the partitions' hard caps add up to more than the quota.
 */
#ifndef DDB_TABLE_H
#define DDB_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim/model/bucket.h"
#include "sim/model/keyspace.h"
#include "sim/model/reasons.h"

/* An on-demand table's (or index's) warm throughput: what it serves at once from the start
 * ("table.warm_throughput", a GSI's "warm_throughput"). */
typedef struct ddb_warm_throughput {
    int64_t read_units_per_s, write_units_per_s;
} ddb_warm_throughput;

typedef struct ddb_table_config {
    int64_t rcu, wcu;          /* provisioned units per second; on-demand: the warm throughput */
    double size_gb;
    double burst_s;
    bool adaptive_capacity;
    bool on_demand;
    int64_t max_rcu, max_wcu;     /* on-demand maximums per second; 0 = none */
    int64_t quota_rcu, quota_wcu; /* per-table quota per second; 0 = none */
} ddb_table_config;

typedef struct ddb_partition {
    ddb_bucket share[2];
    ddb_bucket cap[2];
    uint64_t weight;           /* its part of the table's rate: weight / total_weight */
    int64_t size_bytes;        /* data it holds */
} ddb_partition;

typedef struct ddb_table {
    ddb_table_config cfg;
    ddb_keyspace keys;
    size_t n_partitions, cap_partitions;
    ddb_partition *parts;      /* by partition id; ids are stable, splits append */
    uint64_t total_weight;
    int64_t rate_milli[2];     /* provisioned rate, or the on-demand allowance, per second */
    ddb_bucket adaptive[2];
    ddb_bucket allowance[2];   /* on-demand: the allowance, one second of it */
    ddb_bucket maximum[2];     /* on-demand: max_rcu / max_wcu, one second */
    ddb_bucket quota[2];       /* the per-table quota, one second */
    bool check_quota[2];       /* the quota can bind: the hard caps add up to more */
    int64_t borrowed_milli[2]; /* total taken from the adaptive pool, for the summary */
    uint64_t n_splits;
} ddb_table;

#define DDB_PARTITION_NONE UINT32_MAX

void ddb_table_init(ddb_table *t, const ddb_table_config *cfg);
void ddb_table_destroy(ddb_table *t);
/* Admit or refuse a request of cost_milli on partition p at now_ns (non-decreasing per partition). */
enum ddb_throttle_reason ddb_table_admit(ddb_table *t, size_t p, enum ddb_dir d,
                                         int64_t cost_milli, int64_t now_ns);
/* Admissions made undone: the state ddb_table_admit changes in one direction (the table's
 * buckets, then each partition's before an admission on it), saved so that a transaction's items
 * are admitted all or none. At most DDB_TABLE_UNDO_MAX admissions. */
#define DDB_TABLE_UNDO_MAX 100
typedef struct ddb_table_undo {
    enum ddb_dir d;
    ddb_bucket adaptive, allowance, maximum, quota;
    int64_t borrowed_milli;
    size_t n;
    struct {
        uint32_t p;
        ddb_bucket share, cap;
    } parts[DDB_TABLE_UNDO_MAX];
} ddb_table_undo;
/* Start saving (before the first admission). */
void ddb_table_undo_begin(const ddb_table *t, enum ddb_dir d, ddb_table_undo *u);
/* Save partition p (before an admission on it). */
void ddb_table_undo_add(const ddb_table *t, uint32_t p, ddb_table_undo *u);
/* Put everything saved back, as if none of the admissions since ddb_table_undo_begin had been
 * made (no split may happen in between). */
void ddb_table_undo_apply(ddb_table *t, const ddb_table_undo *u);

/* Provisioned share of partition p per second, in milli-units. */
int64_t ddb_table_share_milli(const ddb_table *t, size_t p, enum ddb_dir d);
/* Admit cost_milli on partition p at now_ns as many requests at once (the aggregated mode's
 * slice, sim/engine/aggregate.c): only when every bucket the single admission would take from
 * already holds all of it plus reserve_milli (what other requests of the slice will ask of the
 * partition one by one): the share, or on-demand the allowance and maximum; the hard cap; the
 * quota. Then every one of them would have been admitted whatever their order and timing in the
 * slice (buckets only gain tokens meanwhile). Takes cost_milli (and uses the adaptive pool as
 * consumption from the share does) and returns true; else changes nothing but refills.
 * With adaptive capacity, a share that does not hold it all may borrow the rest from the pool,
 * as single admissions do, when the pool holds table_demand_milli, every partition's demand in
 * the slice in this direction: each admission anywhere draws the pool by its cost (from a share
 * or borrowed), so the pool then lends to every request whatever the order. */
bool ddb_table_admit_bulk(ddb_table *t, size_t p, enum ddb_dir d, int64_t cost_milli,
                          int64_t reserve_milli, int64_t table_demand_milli, int64_t now_ns);
/* The least the table-wide buckets that apply in direction d hold at now_ns (the quota when it
 * can bind; on-demand, the allowance and maximum), INT64_MAX when none applies. */
int64_t ddb_table_shared_tokens_milli(ddb_table *t, enum ddb_dir d, int64_t now_ns);
/* Tokens in partition p's share bucket at now_ns (saved capacity included), in milli-units. */
int64_t ddb_table_tokens_milli(ddb_table *t, size_t p, enum ddb_dir d, int64_t now_ns);

/* The table's rate in direction d becomes units_per_s from now_ns: the provisioned rate (shares
 * and the adaptive pool follow) or, on-demand, the allowance. Partitions do not follow by
 * themselves: see ddb_table_short_of_partitions. */
void ddb_table_set_rate(ddb_table *t, enum ddb_dir d, int64_t units_per_s, int64_t now_ns);
/* True when some partition's share is more than it can serve (share/3000 RCU + share/1000 WCU
 * > 1): DynamoDB then doubles the partitions (docs/model.md §2). */
bool ddb_table_short_of_partitions(const ddb_table *t);
/* Whether partition p can split at all: its range holds at least two hashes and its weight can
 * be halved. */
bool ddb_table_can_split(const ddb_table *t, uint32_t p);
/* Split partition p at hash `at` (inside its range, above its first hash): p keeps the lower
 * part, a new partition (the returned id) takes the upper part. Each half gets half p's weight
 * and half its saved tokens; data is divided by hash width. */
uint32_t ddb_table_split(ddb_table *t, uint32_t p, uint64_t at, int64_t now_ns);

#endif
