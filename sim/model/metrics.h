/* metrics — what happened, per interval and in total: CloudWatch-style sums per table and per
 * partition, latency sketches, and per-partition peaks for the summary.
 *
 * Counters are in attempts (a retry is a request, as CloudWatch counts it) and milli-units.
 * The engine records every attempt and closes intervals; the writers read the counters.
 */
#ifndef DDB_METRICS_H
#define DDB_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "sim/support/check.h"
#include "sim/support/quantile.h"
#include "sim/model/capacity.h"
#include "sim/model/table.h"

typedef struct ddb_counters {
    uint64_t requests[2];                          /* [DDB_READ], [DDB_WRITE] attempts */
    uint64_t throttles[2];                         /* attempts refused */
    uint64_t by_reason[2][DDB_THROTTLE_REASON_COUNT]; /* refused attempts by direction, reason */
    int64_t consumed_milli[2];                     /* capacity consumed by admitted attempts */
    int64_t offered_first_milli[2];                /* capacity the application asked for: first
                                                      attempts only, admitted or refused (a
                                                      retry asks again for the same request) */
    uint64_t first_attempts[2];                    /* the items asked for in them (a batch
                                                      counts each of its items) */
    uint64_t arrivals;                             /* logical requests issued */
    uint64_t retries;                              /* attempts that were retries */
    uint64_t failed;                               /* logical requests out of attempts */
    uint64_t succeeded;                            /* logical requests completed */
    uint64_t unprocessed_items;                    /* batch items refused (UnprocessedItems) */
    uint64_t item_collection_size_limit;           /* writes refused: their item collection would
                                                      pass its limit (tables with LSIs) */
    uint64_t tx_cancelled_throttling;              /* transaction attempts cancelled
                                                      (TransactionCanceledException) for an item
                                                      without capacity: ThrottlingError */
    uint64_t tx_cancelled_conflict;                /* ... for an item another request held:
                                                      TransactionConflict */
    uint64_t tx_conflict_items;                    /* item-level requests rejected for a conflict
                                                      (CloudWatch's TransactionConflict): each
                                                      held item of a cancelled transaction, each
                                                      plain write refused */
    uint64_t tx_conflict_writes;                   /* plain writes refused for an item a
                                                      transaction held
                                                      (TransactionConflictException) */
} ddb_counters;

typedef struct ddb_part_counters {
    int64_t consumed_milli[2];
    uint64_t throttles[2];
} ddb_part_counters;

typedef struct ddb_part_peak {
    int64_t consumed_milli[2]; /* most consumed in one interval */
    int64_t at_ns[2];          /* start of that interval */
} ddb_part_peak;

typedef struct ddb_metrics {
    int64_t interval_ns;
    int64_t interval_start_ns;     /* start of the current interval */
    size_t n_partitions;
    size_t parts_folded;           /* partitions 0 .. parts_folded-1 folded in this interval */
    ddb_counters cur, total;
    ddb_part_counters *part_cur, *part_total;
    ddb_part_peak *part_peak;
    ddb_quantile *latency_cur, *latency_total; /* of completed logical requests */
    ddb_quantile *latency_by_op;   /* the whole run's, per operation: DDB_OP_COUNT sketches */
    uint64_t in_flight_at_end;     /* logical requests waiting for a retry when the run ended */
} ddb_metrics;

void ddb_metrics_init(ddb_metrics *m, int64_t interval_ns, size_t n_partitions);
void ddb_metrics_destroy(ddb_metrics *m);
/* Partitions were added (splits): n_partitions >= the current count; new ones start at zero. */
void ddb_metrics_grow(ddb_metrics *m, size_t n_partitions);

/* One item admitted or refused on partition p: capacity consumed, or a throttle event by reason
 * (CloudWatch's ...ThrottleEvents count every item of a batch). */
static inline void ddb_metrics_item(ddb_metrics *m, size_t p, enum ddb_dir d, int64_t cost_milli,
                                    enum ddb_throttle_reason r)
{
    if (r == DDB_ADMITTED) {
        m->cur.consumed_milli[d] += cost_milli;
        m->part_cur[p].consumed_milli[d] += cost_milli;
    } else {
        m->cur.by_reason[d][r]++;
        m->part_cur[p].throttles[d]++;
    }
}

/* One request sent: throttled = it was refused whole (ThrottledRequests: for a batch, only when
 * every item was). */
static inline void ddb_metrics_request(ddb_metrics *m, enum ddb_dir d, int throttled, int is_retry)
{
    m->cur.requests[d]++;
    m->cur.retries += (uint64_t)is_retry;
    m->cur.throttles[d] += (uint64_t)throttled;
}

/* A single-item request: both of the above. */
static inline void ddb_metrics_attempt(ddb_metrics *m, size_t p, enum ddb_dir d, int64_t cost_milli,
                                       enum ddb_throttle_reason r, int is_retry)
{
    ddb_metrics_item(m, p, d, cost_milli, r);
    ddb_metrics_request(m, d, r != DDB_ADMITTED, is_retry);
}

/* n single-item requests admitted at their first attempt on partition p, cost_milli in all (the
 * aggregated mode's counts): ddb_metrics_attempt n times, at once. */
static inline void ddb_metrics_admitted_n(ddb_metrics *m, size_t p, enum ddb_dir d, uint64_t n,
                                          int64_t cost_milli)
{
    m->cur.requests[d] += n;
    m->cur.consumed_milli[d] += cost_milli;
    m->part_cur[p].consumed_milli[d] += cost_milli;
}

/* Add c's throttle events of the directions in dirs (bit d: direction d) to out, by AWS reason
 * (ddb_throttle_aws): a table's (is_index false) or an index's. */
void ddb_counters_aws(const ddb_counters *c, bool is_index, unsigned dirs,
                      uint64_t out[DDB_AWS_REASON_COUNT]);
/* c's back-pressure throttles (every DDB_THROTTLE_GSI_* cause). */
uint64_t ddb_counters_backpressure(const ddb_counters *c);

/* Fold partition p's counters of the current interval into its totals and peak and clear them,
 * ahead of ddb_metrics_next_interval: partitions in order from 0, each at most once an interval.
 * Who reads every partition's counters at the interval's end (its rows) folds each right after,
 * while they are in the caches, instead of walking them all a second time. Inline: once per
 * partition per interval. */
static inline void ddb_metrics_fold_partition(ddb_metrics *m, size_t p)
{
    DDB_CHECK(p == m->parts_folded && p < m->n_partitions, "partition %zu folded out of order", p);
    ddb_part_counters *c = &m->part_cur[p];
    m->parts_folded = p + 1;
    /* Nothing reached it (a peak is never below 0): its totals and peak stay, unread. */
    bool counted = (c->consumed_milli[0] | c->consumed_milli[1]) != 0 ||
                   (c->throttles[0] | c->throttles[1]) != 0;
    if (!counted)
        return;
    for (int d = 0; d < 2; d++) {
        m->part_total[p].consumed_milli[d] += c->consumed_milli[d];
        m->part_total[p].throttles[d] += c->throttles[d];
        if (c->consumed_milli[d] > m->part_peak[p].consumed_milli[d]) {
            m->part_peak[p].consumed_milli[d] = c->consumed_milli[d];
            m->part_peak[p].at_ns[d] = m->interval_start_ns;
        }
    }
    memset(c, 0, sizeof *c);
}

/* Fold the current interval into the totals and peaks (the partitions not folded yet), then
 * start the next one. */
void ddb_metrics_next_interval(ddb_metrics *m);

#endif
