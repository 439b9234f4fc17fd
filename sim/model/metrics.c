/* metrics — interval counters folded into totals. See metrics.h. */
#include "sim/model/metrics.h"

#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"

void ddb_metrics_init(ddb_metrics *m, int64_t interval_ns, size_t n_partitions)
{
    memset(m, 0, sizeof *m);
    m->interval_ns = interval_ns;
    m->n_partitions = n_partitions;
    m->part_cur = ddb_xcalloc(n_partitions, sizeof *m->part_cur);
    m->part_total = ddb_xcalloc(n_partitions, sizeof *m->part_total);
    m->part_peak = ddb_xcalloc(n_partitions, sizeof *m->part_peak);
    m->latency_cur = ddb_xmalloc(sizeof *m->latency_cur);
    m->latency_total = ddb_xmalloc(sizeof *m->latency_total);
    ddb_quantile_reset(m->latency_cur);
    ddb_quantile_reset(m->latency_total);
    m->latency_by_op = ddb_xmalloc(DDB_OP_COUNT * sizeof *m->latency_by_op);
    for (int op = 0; op < DDB_OP_COUNT; op++)
        ddb_quantile_reset(&m->latency_by_op[op]);
}

void ddb_metrics_destroy(ddb_metrics *m)
{
    free(m->part_cur);
    free(m->part_total);
    free(m->part_peak);
    free(m->latency_cur);
    free(m->latency_total);
    free(m->latency_by_op);
    memset(m, 0, sizeof *m);
}

static void *grow(void *p, size_t old_n, size_t new_n, size_t size)
{
    char *q = ddb_xrealloc(p, new_n * size);
    memset(q + old_n * size, 0, (new_n - old_n) * size);
    return q;
}

void ddb_metrics_grow(ddb_metrics *m, size_t n_partitions)
{
    if (n_partitions <= m->n_partitions)
        return;
    m->part_cur = grow(m->part_cur, m->n_partitions, n_partitions, sizeof *m->part_cur);
    m->part_total = grow(m->part_total, m->n_partitions, n_partitions, sizeof *m->part_total);
    m->part_peak = grow(m->part_peak, m->n_partitions, n_partitions, sizeof *m->part_peak);
    m->n_partitions = n_partitions;
}

static void add_counters(ddb_counters *to, const ddb_counters *from)
{
    for (int d = 0; d < 2; d++) {
        to->requests[d] += from->requests[d];
        to->throttles[d] += from->throttles[d];
        to->consumed_milli[d] += from->consumed_milli[d];
        to->offered_first_milli[d] += from->offered_first_milli[d];
        to->first_attempts[d] += from->first_attempts[d];
    }
    for (int d = 0; d < 2; d++)
        for (int r = 0; r < DDB_THROTTLE_REASON_COUNT; r++)
            to->by_reason[d][r] += from->by_reason[d][r];
    to->arrivals += from->arrivals;
    to->retries += from->retries;
    to->failed += from->failed;
    to->succeeded += from->succeeded;
    to->unprocessed_items += from->unprocessed_items;
    to->item_collection_size_limit += from->item_collection_size_limit;
    to->tx_cancelled_throttling += from->tx_cancelled_throttling;
    to->tx_cancelled_conflict += from->tx_cancelled_conflict;
    to->tx_conflict_items += from->tx_conflict_items;
    to->tx_conflict_writes += from->tx_conflict_writes;
}

void ddb_metrics_next_interval(ddb_metrics *m)
{
    add_counters(&m->total, &m->cur);
    memset(&m->cur, 0, sizeof m->cur);
    for (size_t p = m->parts_folded; p < m->n_partitions; p++)
        ddb_metrics_fold_partition(m, p);
    m->parts_folded = 0;
    ddb_quantile_merge(m->latency_total, m->latency_cur);
    ddb_quantile_reset(m->latency_cur);
    m->interval_start_ns += m->interval_ns;
}

void ddb_counters_aws(const ddb_counters *c, bool is_index, unsigned dirs,
                      uint64_t out[DDB_AWS_REASON_COUNT])
{
    for (int d = 0; d < 2; d++)
        for (int r = 1; r < DDB_THROTTLE_REASON_COUNT && (dirs >> d & 1u); r++)
            if (ddb_throttle_applies((enum ddb_throttle_reason)r, (enum ddb_dir)d))
                out[ddb_throttle_aws((enum ddb_throttle_reason)r, is_index, (enum ddb_dir)d)] +=
                    c->by_reason[d][r];
}

uint64_t ddb_counters_backpressure(const ddb_counters *c)
{
    uint64_t n = 0;
    for (int r = 1; r < DDB_THROTTLE_REASON_COUNT; r++)
        if (ddb_throttle_is_backpressure((enum ddb_throttle_reason)r))
            n += c->by_reason[DDB_WRITE][r];
    return n;
}
