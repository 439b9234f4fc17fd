/* tablerun — one table while a run goes: the base table and every GSI alike.
 *
 * A table at run time is its partitions with their share, hard-cap and adaptive buckets and its
 * on-demand allowance (sim/model/table.h), what moves its capacity — scheduled changes, splits
 * for capacity, heat and size, on-demand growth, auto scaling (sim/model/dynamics.h) — and what
 * it counted, per interval and per partition (sim/model/metrics.h), with the time-weighted
 * provisioned capacity CloudWatch reports. The engine holds one for the base table, the GSI
 * module one per index, and the engine loops over all of them for dynamics and intervals: what a
 * table can do, an index does by the same code, as its configuration allows.
 *
 * A tablerun never writes anything: at the end of an interval it fills the rows of
 * sim/model/rows.h, which the engine hands to its sink.
 */
#ifndef DDB_TABLERUN_H
#define DDB_TABLERUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim/model/dynamics.h"
#include "sim/model/keytab.h"
#include "sim/model/metrics.h"
#include "sim/model/rows.h"
#include "sim/model/table.h"

typedef struct ddb_tablerun_config {
    ddb_table_config table;       /* partitions, buckets, billing, quotas */
    ddb_dynamics_config dynamics; /* what moves the capacity; dynamics.index names the table */
    int64_t interval_ns;          /* the metrics' interval */
} ddb_tablerun_config;

typedef struct ddb_tablerun {
    const char *name;             /* "table" or the GSI's name (the config's, borrowed) */
    ddb_table table;
    ddb_dynamics dyn;
    ddb_metrics m;
    int64_t provisioned_milli[2]; /* provisioned now per second; 0 on-demand */
    double provisioned_area[2];   /* milli-units x ns of the current interval, up to ... */
    int64_t provisioned_at_ns;    /* ... this time */
} ddb_tablerun;

void ddb_tablerun_init(ddb_tablerun *t, const ddb_tablerun_config *c);
void ddb_tablerun_destroy(ddb_tablerun *t);

static inline int64_t ddb_tablerun_next_ns(const ddb_tablerun *t) { return t->dyn.next_ns; }
/* Run the table's dynamics due at now_ns (>= ddb_tablerun_next_ns), after the intervals before
 * it are closed. keys: the key table whose traffic a split for heat weighs (NULL without splits
 * for heat). Returns true when partitions were added: the metrics already follow; the caller
 * moves what it keeps per partition or caches of partitions. */
bool ddb_tablerun_run_dynamics(ddb_tablerun *t, const ddb_keytab *keys, int64_t now_ns);

/* The current interval [t_ns, end_ns) as timeseries.csv reports it: counters, the provisioned
 * capacity (its time-weighted average when it moved) and the latency sketch. */
void ddb_tablerun_timeseries_row(ddb_tablerun *t, int64_t t_ns, int64_t end_ns, ddb_ts_row *row);
/* Partition p in the current interval, its saved capacity read at end_ns. */
void ddb_tablerun_partition_row(ddb_tablerun *t, size_t p, int64_t t_ns, int64_t end_ns,
                                ddb_part_row *row);
/* Ahead of an admission on partition p (< the table's partitions): fetch its buckets and its
 * interval counters, which a table of many partitions keeps out of the caches. A hint only. */
static inline void ddb_tablerun_prefetch(const ddb_tablerun *t, size_t p)
{
    const char *part = (const char *)&t->table.parts[p];
    __builtin_prefetch(part, 1);
    __builtin_prefetch(part + 64, 1);
    __builtin_prefetch(part + 128, 1);
    __builtin_prefetch(part + sizeof(ddb_partition) - 1, 1);
    __builtin_prefetch(&t->m.part_cur[p], 1);
}
/* Fold the interval into the totals and start the next one. */
void ddb_tablerun_next_interval(ddb_tablerun *t);

#endif
