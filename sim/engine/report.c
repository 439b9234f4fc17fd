/* report — the summary of a finished run (engine.h's ddb_report) and the view its writers read
 * (sink.h's ddb_run_view). See engine_int.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sim/engine/engine_int.h"
#include "sim/support/alloc.h"
#include "workloads/trace.h"

static const int64_t cap_milli_per_s[2] = {DDB_PARTITION_MAX_RCU * 1000LL,
                                           DDB_PARTITION_MAX_WCU * 1000LL};

/* A table's hottest partition (the base table's or a GSI's). */
typedef struct hot_part {
    size_t p;
    enum ddb_dir d;
    double peak_per_s, peak_at_s;
} hot_part;

/* Table t's partition that throttled the most attempts; when none throttled, the one that came
 * closest to its hard cap. Its direction is the cap it came closest to. False when t has no
 * partition that consumed or throttled anything. */
static bool hottest_partition(const ddb_tablerun *t, double interval_s, hot_part *h)
{
    double best = 0.0;
    uint64_t most = 0;
    bool found = false;
    for (size_t p = 0; p < t->table.n_partitions; p++) {
        uint64_t throttles = t->m.part_total[p].throttles[0] + t->m.part_total[p].throttles[1];
        if (throttles < most)
            continue;
        for (int d = 0; d < 2; d++) {
            double per_s = (double)t->m.part_peak[p].consumed_milli[d] / 1000.0 / interval_s;
            double util = per_s * 1000.0 / (double)cap_milli_per_s[d];
            if (throttles == most && util <= best)
                continue;
            best = util;
            most = throttles;
            found = true;
            *h = (hot_part){p, (enum ddb_dir)d, per_s, (double)t->m.part_peak[p].at_ns[d] / 1e9};
        }
    }
    return found;
}

/* The hottest partition, the one definition every output names (the terminal, summary.json,
 * explain, report.html): the base table's (hottest_partition). */
static void find_hot_partition(const engine *e, ddb_report *r)
{
    hot_part h;
    if (!hottest_partition(&e->base, (double)e->s->interval_ns / 1e9, &h))
        return;
    size_t p = h.p;
    r->has_hot_partition = true;
    r->hot_partition = p;
    r->hot_dir = h.d;
    r->hot_peak_per_s = h.peak_per_s;
    r->hot_peak_at_s = h.peak_at_s;
    r->hot_share_per_s = (double)ddb_table_share_milli(&e->base.table, p, r->hot_dir) / 1000.0;
    r->hot_cap_per_s = (double)cap_milli_per_s[r->hot_dir] / 1000.0;
    r->hot_throttles[0] = e->base.m.part_total[p].throttles[0];
    r->hot_throttles[1] = e->base.m.part_total[p].throttles[1];
}

/* Each GSI's hottest partition, by the same definition (compare's rows per index). */
static void find_gsi_hot_partitions(const engine *e, ddb_report *r)
{
    for (size_t i = 0; i < r->n_gsi; i++) {
        hot_part h;
        ddb_gsi_report *g = &r->gsi[i];
        g->has_hot_partition = hottest_partition(e->tables[1 + i], (double)e->s->interval_ns / 1e9, &h);
        if (!g->has_hot_partition)
            continue;
        g->hot_partition = h.p;
        g->hot_utilization = h.peak_per_s * 1000.0 / (double)cap_milli_per_s[h.d];
    }
}

/* The key the application asked most of its partition's hard cap of: by first attempts, so that
 * a key's retries do not make it look hotter than its demand. */
static void find_hot_key(const engine *e, ddb_report *r)
{
    /* per second of what ran: a run that stopped early (stop.c) ran up to its stop */
    int64_t ran_ns = e->stopped_at_ns ? e->stopped_at_ns : e->s->duration_ns;
    double duration_s = (double)ran_ns / 1e9, best = 0.0;
    size_t hot = SIZE_MAX;
    for (size_t id = 0; id < e->keys.n_entries; id++) {
        if (!e->keys.entries[id].known)
            continue;
        const int64_t *offered = e->keys.offers[id].first_milli;
        for (int d = 0; d < 2; d++) {
            double util = (double)offered[d] / (double)cap_milli_per_s[d];
            if (util > best) {
                best = util;
                hot = id;
                r->hot_key_dir = (enum ddb_dir)d;
            }
        }
    }
    if (hot == SIZE_MAX)
        return;
    enum ddb_dir d = r->hot_key_dir;
    const ddb_keystat *k = &e->keys.entries[hot];
    r->has_hot_key = true;
    r->hot_key = ddb_xstrdup(ddb_keytab_name(&e->keys, k));
    r->hot_key_partition = ddb_keyspace_lookup(&e->base.table.keys, k->hash);
    r->hot_key_offered_per_s = (double)e->keys.offers[hot].first_milli[d] / 1000.0 / duration_s;
    r->hot_key_attempted_per_s =
        (double)(d == DDB_READ ? k->offered_rcu_milli : k->offered_wcu_milli) / 1000.0 / duration_s;
    r->hot_key_consumed_per_s =
        (double)(d == DDB_READ ? k->consumed_rcu_milli : k->consumed_wcu_milli) / 1000.0 / duration_s;
    r->hot_key_cap_per_s = (double)cap_milli_per_s[d] / 1000.0;
    r->hot_key_requests = k->requests;
    r->hot_key_throttles = k->throttles;
}

void ddb_engine_build_report(const engine *e, ddb_report *r)
{
    memset(r, 0, sizeof *r);
    r->duration_ns = e->s->duration_ns;
    r->stopped_at_ns = e->stopped_at_ns;
    r->n_partitions = e->base.table.n_partitions;
    r->n_splits = e->base.table.n_splits;
    for (size_t i = 0; i < e->n_tables; i++)
        r->n_events += e->tables[i]->dyn.n_events;
    r->share_milli[0] = ddb_table_share_milli(&e->base.table, 0, DDB_READ);
    r->share_milli[1] = ddb_table_share_milli(&e->base.table, 0, DDB_WRITE);
    r->total = e->base.m.total;
    r->in_flight_at_end = e->base.m.in_flight_at_end;
    static const double qs[3] = {0.50, 0.99, 0.999};
    for (int i = 0; i < 3; i++)
        r->latency_ms[i] = ddb_quantile_value(e->base.m.latency_total, qs[i]) / 1e6;
    r->latency_samples = e->base.m.latency_total->count;
    r->borrowed_milli[0] = e->base.table.borrowed_milli[0];
    r->borrowed_milli[1] = e->base.table.borrowed_milli[1];
    r->capped_items = e->capped_items;
    if (e->trace) {
        const ddb_trace *t = ddb_replay_trace(e->trace);
        r->has_trace = true;
        r->trace_lines = ddb_trace_lines(t);
        r->trace_skipped = ddb_trace_skipped(t);
        r->capped_items += ddb_trace_capped(t);
    }
    r->untracked_requests = e->keys.untracked_requests;
    for (size_t id = 0; id < e->keys.n_entries; id++)
        r->distinct_keys += e->keys.entries[id].known;
    r->aggregated = e->agg != NULL;
    r->exact_why = e->exact_why;
    if (e->agg)
        ddb_engine_aggregate_report(e, r);
    find_hot_partition(e, r);
    find_hot_key(e, r);
    r->largest_collection_kb = e->lsis.largest_kb;
    if (e->gsis.n) {
        r->n_gsi = e->gsis.n;
        r->gsi = ddb_gsis_report(&e->gsis);
        find_gsi_hot_partitions(e, r);
    }
}

void ddb_report_destroy(ddb_report *r)
{
    free(r->hot_key);
    r->hot_key = NULL;
    free(r->gsi);
    r->gsi = NULL;
    r->n_gsi = 0;
}

void ddb_report_aws_throttles(const ddb_report *r, uint64_t out[DDB_AWS_REASON_COUNT])
{
    memset(out, 0, DDB_AWS_REASON_COUNT * sizeof *out);
    ddb_counters_aws(&r->total, false, 3u, out);
    for (size_t i = 0; i < r->n_gsi; i++)
        ddb_counters_aws(&r->gsi[i].total, true, 1u << DDB_READ, out);
}


void ddb_engine_view(const engine *e, const ddb_report *r, const ddb_dynamics **dyns,
                     const ddb_keytab **gsi_keys, ddb_run_view *v)
{
    for (size_t i = 0; i < e->n_tables; i++)
        dyns[i] = &e->tables[i]->dyn;
    for (size_t i = 0; i < e->gsis.n; i++)
        gsi_keys[i] = ddb_gsis_index_keys(&e->gsis, i);
    *v = (ddb_run_view){.s = e->s, .report = r, .keys = &e->keys, .gsi_keys = gsi_keys,
                        .latency = e->base.m.latency_total,
                        .latency_by_op = e->base.m.latency_by_op, .single_op = e->single_op,
                        .dynamics = dyns, .n_tables = e->n_tables};
}
