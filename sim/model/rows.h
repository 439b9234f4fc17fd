/* rows — what the model reports while a run goes, one row at a time: a table's interval
 * (timeseries.csv), a partition's interval (partitions.csv), an index's interval (gsi.csv).
 *
 * The model fills rows and never writes them: the engine hands them to its sink
 * (sim/engine/sink.h), whose writers (sim/output) turn them into files. Pointers in a row are
 * borrowed for the call only.
 */
#ifndef DDB_ROWS_H
#define DDB_ROWS_H

#include <stddef.h>
#include <stdint.h>
#include "sim/model/metrics.h"
#include "sim/support/quantile.h"

/* The `index` of the base table's rows (a GSI's rows carry the GSI's name). */
#define DDB_TABLE_INDEX "table"

/* One table's (or index's) interval. */
typedef struct ddb_ts_row {
    int64_t t_ns;               /* the interval's start */
    const char *index;          /* "table" or a GSI's name */
    const ddb_counters *c;
    int64_t provisioned_milli[2]; /* per second, time-weighted over the interval; 0 on-demand */
    const ddb_quantile *latency;
} ddb_ts_row;

/* One partition's interval. */
typedef struct ddb_part_row {
    int64_t t_ns;
    const char *index;
    size_t partition;
    const ddb_part_counters *c;
    int64_t burst_milli[2];     /* tokens in its share buckets at the interval's end */
} ddb_part_row;

/* One GSI's interval: lag over the index writes applied in it, backlog at its end. */
typedef struct ddb_gsi_row {
    int64_t t_ns;
    const char *gsi;
    const ddb_quantile *lag;
    int64_t lag_max_ns;
    uint64_t backlog;
    uint64_t backpressure_throttles;
    uint64_t stale_reads;
} ddb_gsi_row;

#endif
