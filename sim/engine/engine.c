/* engine — set-up, the event loop, intervals and capacity that moves, for every table alike.
 * See engine.h; the engine's files are listed in engine_int.h. */
#include "sim/engine/engine_int.h"

#include <stdlib.h>
#include <string.h>
#include "sim/scenario/configs.h"
#include "sim/support/alloc.h"
#include "sim/support/interrupt.h"
#include "sim/support/rng.h"

/* Dense key numbers up to this many keys (an index of 16 MB); beyond, keys are hashed. */
#define DENSE_KEYS_MAX (1ULL << 22)
/* Hashed mode tracks at most this many distinct keys. */
#define HASHED_KEYS_MAX ((size_t)1 << 20)

/* ---- set-up ---- */

static void tables_init(engine *e, const ddb_scenario *s)
{
    ddb_tablerun_config c;
    ddb_config_table(s, &c);
    ddb_tablerun_init(&e->base, &c);
    ddb_tablerun_config gsi[DDB_GSI_MAX];
    for (size_t i = 0; i < s->n_gsi; i++)
        ddb_config_gsi_table(s, i, &gsi[i]);
    ddb_gsis_config gc;
    ddb_config_gsis(s, gsi, &gc);
    ddb_gsis_init(&e->gsis, &gc);
    e->tables[0] = &e->base;
    e->n_tables = 1 + e->gsis.n;
    for (size_t i = 0; i < e->gsis.n; i++)
        e->tables[1 + i] = ddb_gsis_table(&e->gsis, i);
    /* Every table's capacity changes are checked against the one account. */
    ddb_config_account(s, &e->account);
    e->dynamics_next_ns = INT64_MAX;
    for (size_t i = 0; i < e->n_tables; i++) {
        ddb_dynamics_set_account(&e->tables[i]->dyn, &e->account);
        if (ddb_tablerun_next_ns(e->tables[i]) < e->dynamics_next_ns)
            e->dynamics_next_ns = ddb_tablerun_next_ns(e->tables[i]);
    }
}

static void engine_init(engine *e, const ddb_scenario *s, const ddb_sink *sink)
{
    memset(e, 0, sizeof *e);
    e->s = s;
    e->sink = sink;
    e->intervals = ddb_sink_wants_intervals(sink);
    e->requests = sink->ops->request != NULL;
    tables_init(e, s);
    ddb_lsis_config lc;
    ddb_config_lsis(s, &lc);
    ddb_lsis_init(&e->lsis, &lc);
    e->indexed = e->gsis.n || e->lsis.n;
    ddb_evq_init(&e->q);
    e->rng_arrivals = ddb_rng_stream_new(s->seed, DDB_RNG_ARRIVALS, 0);
    e->rng_mix = ddb_rng_stream_new(s->seed, DDB_RNG_MIX, 0);
    e->rng_size = ddb_rng_stream_new(s->seed, DDB_RNG_SIZE, 0);
    e->clients = ddb_xcalloc(s->instances, sizeof *e->clients);
    ddb_client_config cc;
    ddb_config_client(s, &cc);
    for (uint32_t c = 0; c < s->instances; c++)
        ddb_client_init(&e->clients[c], &cc, c);
    e->waits = ddb_xcalloc(s->instances, sizeof *e->waits);
    ddb_arrivals_init(&e->arrivals, &s->rate);
    const ddb_keydraw_streams key_streams = {DDB_RNG_ATTR, DDB_RNG_SHARD, 0, true};
    ddb_keydraw_source keys;
    ddb_config_keys(s, &keys);
    ddb_keydraw_init(&e->kd, &keys, &s->pk, &key_streams, DENSE_KEYS_MAX);
    if (s->has_trace) /* the trace's keys are strings: hashed mode */
        e->kd.domain = 0;
    ddb_keytab_init(&e->keys, e->kd.domain, HASHED_KEYS_MAX);
    uint64_t fanout = ddb_template_read_fanout(&s->pk, DDB_FANOUT_MAX_ITEMS);
    DDB_CHECK(fanout <= DDB_FANOUT_MAX_ITEMS, "fan-out %llu past the validated bound",
              (unsigned long long)fanout);
    e->fanout = fanout > 1 && !s->has_trace ? (uint32_t)fanout : 0;
    ddb_batch_pool_init(&e->batches, e->fanout > DDB_BATCH_MAX_ITEMS ? e->fanout : DDB_BATCH_MAX_ITEMS);
    e->transactions = !s->has_trace && (s->mix[DDB_OP_TRANSACT_WRITE] > 0 || s->mix[DDB_OP_TRANSACT_GET] > 0);
    if (e->transactions) {
        e->hold_plain_writes = s->mix[DDB_OP_TRANSACT_GET] > 0;
        ddb_txhold_init(&e->holds);
        e->undo = ddb_xmalloc(sizeof *e->undo);
        if (e->gsis.n) /* each item's GSI plans, kept until the transaction commits */
            e->tx_plans = ddb_xcalloc((size_t)s->transact_items * e->gsis.n, sizeof *e->tx_plans);
    }
    e->checked = e->indexed || e->transactions;
    /* a GSI item is a key id (the dense domain is at most DENSE_KEYS_MAX) */
    e->gsis.items_max = e->kd.domain ? (size_t)e->kd.domain : HASHED_KEYS_MAX;
    /* gsi_query reads one index by the item drawn, and says when its entry is stale (a replayed
     * query reads by the index's key, no item's) */
    if (e->gsis.n && s->mix[DDB_OP_GSI_QUERY] > 0.0)
        ddb_gsis_count_stale(&e->gsis, s->gsi_query_gsi);
    ddb_engine_draw_init(e);
    if (s->simulation == DDB_SIM_AGGREGATED && !ddb_engine_aggregate_init(e, &e->exact_why))
        e->agg = NULL; /* the run is exact; the summary says why */
    ddb_engine_stop_init(e);
}

static void engine_destroy(engine *e)
{
    ddb_engine_aggregate_destroy(e);
    ddb_replay_free(e->trace);
    ddb_keydraw_destroy(&e->kd);
    ddb_keytab_destroy(&e->keys);
    ddb_evq_destroy(&e->q);
    ddb_tablerun_destroy(&e->base);
    ddb_gsis_destroy(&e->gsis);
    ddb_lsis_destroy(&e->lsis);
    gsl_rng_free(e->rng_arrivals);
    gsl_rng_free(e->rng_mix);
    gsl_rng_free(e->rng_size);
    for (uint32_t c = 0; c < e->s->instances; c++)
        ddb_client_destroy(&e->clients[c]);
    free(e->clients);
    ddb_batch_pool_destroy(&e->batches);
    if (e->transactions)
        ddb_txhold_destroy(&e->holds);
    free(e->undo);
    free(e->tx_plans);
    free(e->period_ids);
    for (uint32_t c = 0; c < e->s->instances; c++)
        free(e->waits[c].items);
    free(e->waits);
}

/* ---- arrivals ---- */

/* The trace's next request (e->treq): its time, or INT64_MAX at the end of the trace or of the
 * run, or on a bad line (then e->failed). The request issued before it is done with. */
static int64_t next_traced(engine *e)
{
    if (e->treq)
        ddb_replay_pop(e->trace);
    e->treq = ddb_replay_peek(e->trace, &e->failed, e->err, e->errlen);
    return e->treq ? e->treq->r.t_ns : INT64_MAX;
}

/* The next open-loop arrival, or INT64_MAX when none comes before the end of the run. */
static int64_t next_arrival(engine *e)
{
    if (e->trace)
        return next_traced(e);
    if (e->agg)
        return ddb_engine_aggregate_next(e);
    int64_t t = ddb_arrivals_next(&e->arrivals, e->rng_arrivals);
    return t >= e->s->duration_ns ? INT64_MAX : t;
}

/* Closed loop: every caller issues its first request at the start, a microsecond apart (so that
 * they do not all hit one instant), then one after each response plus think time. */
static void start_callers(engine *e)
{
    for (uint32_t c = 0; c < e->s->concurrency; c++)
        ddb_engine_push_caller(e, (int64_t)c * 1000, c + 1);
}

/* ---- intervals ---- */

/* Every table's rows of the interval that ends: timeseries rows, then partition rows, then the
 * indexes' own rows, each table in order (the base table first). */
static void emit_interval(engine *e)
{
    const ddb_sink_ops *ops = e->sink->ops;
    void *ctx = e->sink->ctx;
    int64_t t = e->base.m.interval_start_ns;
    /* Saved capacity is read at the end of the interval. */
    int64_t end = t + e->base.m.interval_ns;
    if (end > e->s->duration_ns)
        end = e->s->duration_ns;
    for (size_t i = 0; i < e->n_tables; i++) {
        ddb_tablerun *tr = e->tables[i];
        ddb_ts_row row;
        ddb_tablerun_timeseries_row(tr, t, end, &row);
        if (ops->timeseries)
            ops->timeseries(ctx, &row);
        for (size_t p = 0; ops->partition && p < tr->table.n_partitions; p++) {
            ddb_part_row prow;
            ddb_tablerun_partition_row(tr, p, t, end, &prow);
            ops->partition(ctx, &prow);
            ddb_metrics_fold_partition(&tr->m, p); /* written: folded while in the caches */
        }
        if (i > 0 && ops->gsi) {
            ddb_gsi_row grow;
            ddb_gsis_row(&e->gsis, i - 1, t, &grow);
            ops->gsi(ctx, &grow);
        }
    }
}

static void close_interval(engine *e)
{
    if (e->agg) { /* the counts reach the keys and the latency sketches first */
        ddb_gsis_counts_settle(&e->gsis, &e->q, ddb_engine_interval_end_ns(e));
        ddb_engine_aggregate_attribute(e, e->base.m.interval_start_ns);
        ddb_engine_aggregate_latencies(e);
    }
    if (e->intervals)
        emit_interval(e);
    for (size_t i = 0; i < e->n_tables; i++)
        ddb_tablerun_next_interval(e->tables[i]);
    ddb_gsis_next_interval(&e->gsis);
    if (e->progress) {
        int64_t now = e->base.m.interval_start_ns < e->s->duration_ns ? e->base.m.interval_start_ns
                                                                       : e->s->duration_ns;
        e->progress(e->progress_ctx, now, e->s->duration_ns, &e->base.m.total);
    }
    /* A signal the command stops for (sim/support/interrupt.h): stop at this interval's end. */
    if (ddb_interrupt_signal())
        e->stopped = true;
    if (e->stop_share > 0.0 && !e->stopped_at_ns && ddb_engine_stop_due(e))
        e->stopped_at_ns = e->base.m.interval_start_ns;
}

static void close_intervals_until(engine *e, int64_t t_ns)
{
    while (t_ns >= e->base.m.interval_start_ns + e->base.m.interval_ns)
        close_interval(e);
}

/* ---- capacity that moves ---- */

/* Dense keys cache their partition: after a split, refresh those of keys in the partitions that
 * split (their entries know the hash). Splits are rare; this walks the drawn keys once. */
static void refresh_cached_partitions(engine *e)
{
    if (!e->kd.domain)
        return;
    for (uint64_t i = 0; i < e->kd.domain; i++) {
        ddb_keyslot *slot = &e->keys.dense[i];
        if (slot->id_plus1 && e->keys.entries[slot->id_plus1 - 1].known)
            slot->partition = (uint32_t)ddb_keyspace_lookup(
                &e->base.table.keys, e->keys.entries[slot->id_plus1 - 1].hash);
    }
}

/* Table i's dynamics at `at`; what the engine or the index keeps per partition follows a split. */
static void run_table_dynamics(engine *e, size_t i, int64_t at)
{
    ddb_tablerun *t = e->tables[i];
    size_t before = t->table.n_partitions;
    /* Splits for heat weigh the keys of the table's own key table: the base table's, or the
     * index's (its index keys' traffic, sim/model/gsi.h). */
    if (!ddb_tablerun_run_dynamics(t, i == 0 ? &e->keys : ddb_gsis_keys(&e->gsis, i - 1), at))
        return;
    if (i == 0 && e->agg)
        ddb_engine_aggregate_split(e);
    if (i == 0)
        refresh_cached_partitions(e);
    else
        ddb_gsis_follow_splits(&e->gsis, &e->q, i - 1, before, at);
}

/* Capacity that moves (sim/model/dynamics.h), every table's: run what is due up to t_ns, each at
 * its own time, after the intervals before it are closed. */
static void run_dynamics(engine *e, int64_t t_ns)
{
    int64_t at;
    while ((at = e->dynamics_next_ns) <= t_ns && at < e->s->duration_ns) {
        close_intervals_until(e, at);
        if (e->agg && ddb_dynamics_reads_keys(&e->base.dyn, at)) /* a split for heat weighs them */
            ddb_engine_aggregate_attribute(e, at);
        bool attributed = false;
        for (size_t i = 0; i < e->gsis.n; i++) /* an index's weighs its index keys */
            if (ddb_dynamics_reads_keys(&ddb_gsis_table(&e->gsis, i)->dyn, at)) {
                if (e->agg && !attributed) {
                    ddb_gsis_counts_settle(&e->gsis, &e->q, at);
                    ddb_gsis_counts_attribute(&e->gsis);
                }
                attributed = true;
                ddb_gsis_settle_keys(&e->gsis, i);
            }
        e->dynamics_next_ns = INT64_MAX;
        for (size_t i = 0; i < e->n_tables; i++) {
            if (ddb_tablerun_next_ns(e->tables[i]) <= at)
                run_table_dynamics(e, i, at);
            if (ddb_tablerun_next_ns(e->tables[i]) < e->dynamics_next_ns)
                e->dynamics_next_ns = ddb_tablerun_next_ns(e->tables[i]);
        }
    }
}

/* ---- the loop ---- */

/* A retry's key entry was last touched a backoff ago: fetch the next one's while this event runs. */
static void prefetch_next_retry(engine *e)
{
    const ddb_event *next = ddb_evq_peek(&e->q);
    if (next && next->kind == EV_ATTEMPT) {
        enum ddb_op op = (enum ddb_op)(next->u32 & 0xf);
        uint32_t key_id = (uint32_t)next->u64[2];
        if (!is_grouped(e, op) && key_id != DDB_KEYTAB_NONE)
            __builtin_prefetch(&e->keys.entries[key_id], 1);
    }
}

/* What is still queued when the run ends: requests waiting for a retry or for the limiter, and
 * index writes on their way. */
static void drain_leftovers(engine *e)
{
    for (uint32_t c = 0; c < e->s->instances; c++)
        e->base.m.in_flight_at_end += e->waits[c].n;
    const ddb_event *ev;
    while ((ev = ddb_evq_peek(&e->q)) != NULL) {
        e->base.m.in_flight_at_end += ev->kind == EV_ATTEMPT;
        if (ev->kind >= DDB_GSI_EV_ARRIVE)
            ddb_gsis_leftover(&e->gsis, ev);
        ddb_event drop;
        ddb_evq_pop(&e->q, &drop);
    }
}

/* Open-loop arrivals come from the rate profile in time order, so they need no queue: only
 * retries, held sends and callers wait in the event queue. An arrival and an event at the same
 * nanosecond run arrival first. */
static void simulate(engine *e)
{
    const int64_t end = e->s->duration_ns;
    int64_t arrival = e->s->concurrency ? INT64_MAX : next_arrival(e);
    start_callers(e);
    for (;;) {
        if (e->stopped || e->stopped_at_ns)
            return; /* interrupted (the run is dropped) or certain to fail: leftovers do not matter */
        const ddb_event *top = ddb_evq_peek(&e->q);
        int64_t t = top ? top->t_ns : INT64_MAX;
        if (arrival == INT64_MAX && t >= end)
            break;
        if (e->dynamics_next_ns <= (arrival < t ? arrival : t)) {
            run_dynamics(e, arrival < t ? arrival : t);
            continue; /* a split may have moved the next event's key: look again */
        }
        if (arrival <= t) {
            close_intervals_until(e, arrival);
            if (e->agg)
                ddb_engine_aggregate_step(e, arrival);
            else
                ddb_engine_issue(e, arrival, 0);
            arrival = next_arrival(e);
            continue;
        }
        ddb_event ev;
        ddb_evq_pop(&e->q, &ev);
        prefetch_next_retry(e);
        close_intervals_until(e, ev.t_ns);
        if (ev.kind == EV_CALLER)
            ddb_engine_issue(e, ev.t_ns, ev.u32);
        else if (ev.kind == EV_LIMITER)
            ddb_engine_on_limiter(e, ev.t_ns, ev.u32);
        else if (ev.kind >= DDB_GSI_EV_ARRIVE)
            ddb_gsis_on_event(&e->gsis, &e->q, &ev);
        else
            ddb_engine_on_attempt(e, &ev);
    }
    if (e->agg) /* index writes counted in the last slice: those arriving after the end are left */
        ddb_gsis_counts_settle(&e->gsis, &e->q, end);
    drain_leftovers(e);
    run_dynamics(e, end);
    while (e->base.m.interval_start_ns < end)
        close_interval(e);
    /* the indexes' key tables are read from now on (keys.csv) */
    if (e->agg && e->gsis.n)
        ddb_gsis_counts_attribute(&e->gsis);
    for (size_t i = 0; i < e->gsis.n; i++)
        ddb_gsis_settle_keys(&e->gsis, i);
}

/* ---- the run ---- */

/* The run completed: the report, then the sink's end-of-run outputs. */
static int finish_run(engine *e, ddb_report *report, char *err, size_t errlen)
{
    ddb_engine_build_report(e, report);
    if (!e->sink->ops->finish)
        return 0;
    const ddb_dynamics *dyns[1 + DDB_GSI_MAX];
    const ddb_keytab *gsi_keys[DDB_GSI_MAX];
    ddb_run_view view;
    ddb_engine_view(e, report, dyns, gsi_keys, &view);
    if (e->sink->ops->finish(e->sink->ctx, &view, err, errlen) == 0)
        return 0;
    ddb_report_destroy(report);
    return -1;
}

int ddb_engine_run(const ddb_scenario *s, const ddb_sink *sink, ddb_progress_fn progress,
                   void *progress_ctx, ddb_report *report, char *err, size_t errlen)
{
    engine *e = ddb_xmalloc(sizeof *e);
    engine_init(e, s, sink);
    e->progress = progress;
    e->progress_ctx = progress_ctx;
    e->err = err;
    e->errlen = errlen;
    int rc = -1;
    if (s->has_trace &&
        !(e->trace = ddb_replay_new(&s->trace, &e->keys, s->duration_ns, err, errlen))) {
        /* nothing opened yet */
    } else if (sink->ops->open && sink->ops->open(sink->ctx, s, err, errlen) != 0) {
        /* the sink said why */
    } else {
        simulate(e);
        if (e->failed) /* a bad trace line: the message is in err */
            rc = -1;
        else if (e->stopped)
            snprintf(err, errlen, "interrupted by %s", ddb_interrupt_name());
        else
            rc = finish_run(e, report, err, errlen);
        if (rc != 0 && sink->ops->abort)
            sink->ops->abort(sink->ctx);
    }
    engine_destroy(e);
    free(e);
    return rc;
}
