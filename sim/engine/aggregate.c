/* aggregate — the aggregated mode: traffic that no limit can refuse is admitted as counts, the
 * rest goes through the per-request engine (docs/model.md, "Aggregated mode"). See engine_int.h.
 *
 * Time is cut into slices (at most 250 ms, a whole number per interval). At a slice's start the
 * open-loop Poisson process is drawn as counts, which is exact in distribution: the number of
 * arrivals in the slice is Poisson with the rate profile's integral, and each arrival's
 * operation and key are independent draws, so each (partition, operation) gets an independent
 * Poisson count of mean integral x mix share x the partition's keys' probability
 * (sim/model/keymass.h), and its capacity is a draw over the cost levels
 * (sim/model/costlevels.h). Then, per partition and direction:
 *   - admitted as counts when every bucket the requests would draw on already holds the whole
 *     slice's capacity (ddb_table_admit_bulk), so that per request each would have been admitted
 *     whatever its time in the slice, and, when the table splits for heat, the partition's
 *     expected load stays under 90% of the heat threshold (its keys' traffic then matters);
 *   - otherwise every one of its requests is drawn as the exact engine draws them: a time in the
 *     slice (uniform: slices are short beside any profile's changes), a key from the partition's
 *     keys by probability, and issued per request (throttles, retries, latency per request).
 * Operations that are not single-item (scans, batches, fanned-out reads) always go per request.
 * Counts admitted are attributed to the hottest keys (binomial draws) before anything reads the
 * keys (an interval's end, capacity that moves); their latencies enter the sketches as the
 * service time's distribution, stratified over its buckets.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "sim/engine/engine_int.h"
#include "sim/model/costlevels.h"
#include "sim/model/keymass.h"
#include "sim/support/alloc.h"
#include "sim/support/quantile_dist.h"
#include "sim/support/rng.h"

#define SLICE_MAX_NS 250000000LL /* 250 ms */
#define HOT_KEYS_MIN 1024        /* keys attributed counts: at least this many, 4 x top_keys */
#define MIN_SERVICE_NS 1000      /* as the client's (sim/model/client.c) */
#define SEND_AHEAD 4             /* requests sent one by one: their state fetched this many ahead */
#define FOLLOWED_MAX 256         /* with indexes that keep keys: the hottest items followed */

/* When an arrival of the slice that goes per request is sent: its request is drawn at the
 * slice's start (so that what it asks of each partition is known before the counts are
 * admitted) and kept apart. */
typedef struct agg_arrival {
    int64_t t_ns;
    uint32_t drawn; /* its request's index in draw order */
} agg_arrival;

/* An operation of the mix drawn as counts. */
typedef struct agg_op {
    enum ddb_op op;
    enum ddb_dir d;
    double share;            /* of the mix */
    ddb_cost_levels cost;
    double mean_cost_milli;
    ddb_quantile_dist latency; /* the service time's, over the latency sketch's buckets */
    uint64_t lat_pending;    /* successes not yet in the sketches */
} agg_op;

struct ddb_aggregate {
    ddb_keymass km;
    gsl_rng *rng_count, *rng_place, *rng_cost, *rng_attr;
    int64_t slice_ns, next_slice_ns;
    agg_op ops[DDB_OP_COUNT];
    size_t n_ops;
    enum ddb_op exact_ops[DDB_OP_COUNT]; /* drawn per request */
    double exact_share[DDB_OP_COUNT];
    size_t n_exact;
    agg_arrival *buf;        /* the slice's per-request arrivals, by time */
    request *drawn;          /* their requests, in draw order */
    agg_arrival *sorting;    /* send_times' second buffer */
    size_t n, cap, pos;
    size_t n_parts;          /* partitions the arrays below hold */
    uint64_t *slice_n;       /* per partition x op: this slice's count */
    int64_t *slice_cost;
    uint64_t *pend_n;        /* per partition x op: admitted as counts, not yet attributed */
    int64_t *pend_cost;
    int64_t *queued_milli;   /* per partition x direction: what queued attempts will ask */
    int64_t *extra_milli;    /* per partition x direction: what this slice's requests sent one by
                                one ask */
    uint64_t aggregated, per_request; /* logical requests each way */
    uint64_t writes_counted;  /* base writes admitted as counts (items, for the indexes) */
    /* with GSIs (sim/model/gsi.h, "the aggregated mode") */
    ddb_gsi_slice gsi_slice; /* this slice's base writes as counts, for the indexes */
    double write_share, nondelete_share; /* items written per arrival; the share of them that are
                                            not deletes */
    double fresh_from, fresh_to, fresh; /* the share of new items, computed over [from, to) */
    size_t n_followed;       /* the hottest items, followed one by one by the indexes */
    double followed_mass;    /* their probability */
    size_t *followed_first;  /* per partition: its run of followed_rank, [n_partitions] = end */
    uint32_t *followed_rank; /* ranks (in km.hot) grouped by partition */
};

/* ---- set-up ---- */

/* Why the scenario cannot run aggregated, or NULL. */
static const char *refusal(const engine *e)
{
    const ddb_scenario *s = e->s;
    const char *why = NULL;
    if (s->has_trace)
        return "a replayed trace gives every request";
    if (s->concurrency)
        return "closed-loop callers wait for each response";
    if (s->retry_mode == DDB_RETRY_ADAPTIVE)
        return "the adaptive client's limiter holds each request";
    if (e->transactions)
        return "transactions hold and check items per request";
    if (e->lsis.n)
        return "the table has local secondary indexes: each item collection is weighed";
    if (e->gsis.n && s->mix[DDB_OP_GSI_QUERY] > 0.0)
        return "gsi_query reads find each item's index writes";
    if (e->gsis.n && !ddb_gsis_counts_supported(&e->gsis, &why))
        return why;
    if (e->requests)
        return "every request is written out";
    if (!ddb_keymass_supported(&e->kd, &why))
        return why;
    return NULL;
}

/* The slice: at most SLICE_MAX_NS, a whole number of them per interval. */
static int64_t slice_length(const ddb_scenario *s)
{
    int64_t per = (s->interval_ns + SLICE_MAX_NS - 1) / SLICE_MAX_NS;
    return s->interval_ns / per;
}

static void op_init(engine *e, agg_op *o, enum ddb_op op)
{
    const ddb_scenario *s = e->s;
    o->op = op;
    o->d = ddb_op_is_write(op) ? DDB_WRITE : DDB_READ;
    o->share = s->mix[op];
    const ddb_size_spec *z = e->size_of[op];
    if (op == DDB_OP_GET)
        ddb_cost_levels_read(&o->cost, z, s->consistency);
    else if (op == DDB_OP_QUERY) /* fixed sizes only (aggregable) */
        ddb_cost_levels_fixed(&o->cost, ddb_query_cost_milli(
            (uint64_t)z->bytes * s->items_per_query < DDB_PAGE_MAX_BYTES
                ? (uint64_t)z->bytes * s->items_per_query
                : DDB_PAGE_MAX_BYTES,
            s->consistency == DDB_TRANSACTIONAL ? DDB_STRONG : s->consistency));
    else
        ddb_cost_levels_write(&o->cost, z, s->consistency == DDB_TRANSACTIONAL);
    o->mean_cost_milli = ddb_cost_levels_mean(&o->cost);
    const ddb_service_spec *sp = &e->clients[0].service[op];
    ddb_quantile_dist_lognormal(&o->latency, sp->median_ms * 1e6, sp->sigma, MIN_SERVICE_NS);
}

/* Single-item operations on the drawn key: counted. Others (and fanned-out reads, queries of
 * items of varying size) go per request. */
static bool aggregable(const engine *e, enum ddb_op op)
{
    if (is_grouped(e, op))
        return false;
    if (op == DDB_OP_QUERY)
        return e->size_of[op]->kind == DDB_SIZE_FIXED;
    return op == DDB_OP_GET || op == DDB_OP_PUT || op == DDB_OP_UPDATE || op == DDB_OP_DELETE;
}

static void grow_parts(ddb_aggregate *a, size_t n_parts)
{
    if (n_parts <= a->n_parts)
        return;
    size_t old = a->n_parts * a->n_ops, now = n_parts * a->n_ops;
    a->slice_n = ddb_xrealloc(a->slice_n, now * sizeof *a->slice_n);
    a->slice_cost = ddb_xrealloc(a->slice_cost, now * sizeof *a->slice_cost);
    a->pend_n = ddb_xrealloc(a->pend_n, now * sizeof *a->pend_n);
    a->pend_cost = ddb_xrealloc(a->pend_cost, now * sizeof *a->pend_cost);
    memset(a->pend_n + old, 0, (now - old) * sizeof *a->pend_n);
    memset(a->pend_cost + old, 0, (now - old) * sizeof *a->pend_cost);
    a->queued_milli = ddb_xrealloc(a->queued_milli, 2 * n_parts * sizeof *a->queued_milli);
    a->extra_milli = ddb_xrealloc(a->extra_milli, 2 * n_parts * sizeof *a->extra_milli);
    memset(a->queued_milli + 2 * a->n_parts, 0, 2 * (n_parts - a->n_parts) * sizeof *a->queued_milli);
    a->n_parts = n_parts;
}

/* The followed items grouped by the partition their key is in now. */
static void place_followed(engine *e)
{
    ddb_aggregate *a = e->agg;
    size_t np = e->base.table.n_partitions;
    free(a->followed_first);
    a->followed_first = ddb_xcalloc(np + 1, sizeof *a->followed_first);
    uint32_t *part_of = ddb_xmalloc((a->n_followed ? a->n_followed : 1) * sizeof *part_of);
    for (size_t r = 0; r < a->n_followed; r++) {
        part_of[r] = (uint32_t)ddb_keyspace_lookup(&e->base.table.keys, a->km.hash[a->km.hot[r]]);
        a->followed_first[part_of[r] + 1]++;
    }
    for (size_t p = 0; p < np; p++)
        a->followed_first[p + 1] += a->followed_first[p];
    size_t *fill = ddb_xmalloc((np ? np : 1) * sizeof *fill);
    memcpy(fill, a->followed_first, np * sizeof *fill);
    for (size_t r = 0; r < a->n_followed; r++)
        a->followed_rank[fill[part_of[r]]++] = (uint32_t)r;
    free(fill);
    free(part_of);
}

/* An index that keeps an item's key across writes sends a hot item's index writes to one place
 * for a while: the hottest items are followed one by one (sim/model/gsi.h). */
static void follow_items(engine *e)
{
    ddb_aggregate *a = e->agg;
    a->n_followed = a->km.n_hot < FOLLOWED_MAX ? a->km.n_hot : FOLLOWED_MAX;
    uint32_t *ids = ddb_xmalloc(a->n_followed * sizeof *ids);
    for (size_t r = 0; r < a->n_followed; r++) {
        ids[r] = ddb_engine_key_id(e, a->km.hot[r], 0);
        a->followed_mass += a->km.pmf[a->km.hot[r]];
    }
    ddb_gsis_counts_track(&e->gsis, a->n_followed, ids);
    free(ids);
    a->followed_rank = ddb_xmalloc(a->n_followed * sizeof *a->followed_rank);
    place_followed(e);
}

bool ddb_engine_aggregate_init(engine *e, const char **why)
{
    *why = refusal(e);
    if (*why)
        return false;
    ddb_aggregate *a = ddb_xcalloc(1, sizeof *a);
    const ddb_scenario *s = e->s;
    size_t hot = 4 * (size_t)s->top_keys > HOT_KEYS_MIN ? 4 * (size_t)s->top_keys : HOT_KEYS_MIN;
    ddb_keymass_init(&a->km, &e->kd, hot);
    ddb_keymass_place(&a->km, &e->base.table.keys, e->base.table.n_partitions);
    for (int op = 0; op < DDB_OP_COUNT; op++) {
        if (s->mix[op] <= 0.0)
            continue;
        if (aggregable(e, (enum ddb_op)op)) {
            op_init(e, &a->ops[a->n_ops++], (enum ddb_op)op);
        } else {
            a->exact_ops[a->n_exact] = (enum ddb_op)op;
            a->exact_share[a->n_exact++] = s->mix[op];
        }
    }
    a->rng_count = ddb_rng_stream_new(s->seed, DDB_RNG_AGGREGATE, 0);
    a->rng_place = ddb_rng_stream_new(s->seed, DDB_RNG_AGGREGATE, 1);
    a->rng_cost = ddb_rng_stream_new(s->seed, DDB_RNG_AGGREGATE, 2);
    a->rng_attr = ddb_rng_stream_new(s->seed, DDB_RNG_AGGREGATE, 3);
    a->slice_ns = slice_length(s);
    a->next_slice_ns = 0;
    if (e->gsis.n) {
        ddb_gsis_counts_init(&e->gsis, s->seed, hot);
        for (int op = 0; op < DDB_OP_COUNT; op++) /* items written per arrival: a batch's each */
            if (ddb_op_is_write((enum ddb_op)op))
                a->write_share += s->mix[op] * (op == DDB_OP_BATCH_WRITE ? s->batch_write_items : 1);
        a->nondelete_share = a->write_share > 0.0 ? 1.0 - s->mix[DDB_OP_DELETE] / a->write_share : 1.0;
    }
    grow_parts(a, e->base.table.n_partitions);
    e->agg = a;
    if (e->gsis.n && ddb_gsis_counts_keeps_keys(&e->gsis))
        follow_items(e);
    return true;
}

void ddb_engine_aggregate_destroy(engine *e)
{
    ddb_aggregate *a = e->agg;
    if (!a)
        return;
    ddb_keymass_destroy(&a->km);
    gsl_rng_free(a->rng_count);
    gsl_rng_free(a->rng_place);
    gsl_rng_free(a->rng_cost);
    gsl_rng_free(a->rng_attr);
    for (size_t i = 0; i < a->n_ops; i++) {
        ddb_cost_levels_destroy(&a->ops[i].cost);
        ddb_quantile_dist_destroy(&a->ops[i].latency);
    }
    free(a->buf);
    free(a->drawn);
    free(a->sorting);
    free(a->slice_n);
    free(a->slice_cost);
    free(a->pend_n);
    free(a->pend_cost);
    free(a->queued_milli);
    free(a->extra_milli);
    free(a->followed_first);
    free(a->followed_rank);
    free(a);
    e->agg = NULL;
}

/* ---- the slice ---- */

/* What request q asks of each partition (its items' for a multi-item one), added to
 * per[partition x 2 + direction] times sign. */
static void demand_of(engine *e, const request *q, int64_t *per, int sign)
{
    int d = ddb_op_is_write(q->op) ? DDB_WRITE : DDB_READ;
    if (!is_grouped(e, q->op)) {
        per[2 * (size_t)q->partition + (size_t)d] += sign * q->cost_milli;
        return;
    }
    const ddb_batch *b = ddb_batch_get(&e->batches, q->key_id);
    for (uint32_t i = 0; i < b->n; i++)
        per[2 * (size_t)b->items[i].partition + (size_t)d] += sign * b->items[i].cost_milli;
}

void ddb_engine_aggregate_queued(engine *e, const request *q, int sign)
{
    demand_of(e, q, e->agg->queued_milli, sign);
}

/* Draw a request of op on key (UINT64_MAX: its own draw), to send in the slice that starts at
 * t0; its time comes with the others' (send_times). */
static void push(engine *e, int64_t t0, enum ddb_op op, uint64_t key)
{
    ddb_aggregate *a = e->agg;
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 1024;
        DDB_CHECK((uint64_t)a->cap <= UINT32_MAX, "%zu requests in one slice", a->cap);
        a->buf = ddb_xrealloc(a->buf, a->cap * sizeof *a->buf);
        a->drawn = ddb_xrealloc(a->drawn, a->cap * sizeof *a->drawn);
        a->sorting = ddb_xrealloc(a->sorting, a->cap * sizeof *a->sorting);
    }
    ddb_engine_draw_new(e, t0, op, key, &a->drawn[a->n++]);
    a->gsi_slice.one_by_one += ddb_op_is_write(op) ? 1u : 0u;
}

/* The slice's n requests' times in [t0, t1): each a uniform nanosecond, independent of the others
 * (the slice is at most 250 ms: under 2^28 ns), put in order by a stable radix sort of their
 * offsets, 8 bits at a time, so that equal times keep the draw order. */
static void send_times(ddb_aggregate *a, int64_t t0, int64_t t1)
{
    uint64_t span = (uint64_t)(t1 - t0);
    for (size_t k = 0; k < a->n; k++)
        a->buf[k] = (agg_arrival){(int64_t)ddb_rng_uniform_int(a->rng_place, span), (uint32_t)k};
    agg_arrival *from = a->buf, *to = a->sorting;
    for (unsigned shift = 0; (span - 1) >> shift; shift += 8) {
        size_t count[257] = {0};
        for (size_t k = 0; k < a->n; k++)
            count[(((uint64_t)from[k].t_ns >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t k = 0; k < a->n; k++)
            to[count[((uint64_t)from[k].t_ns >> shift) & 0xff]++] = from[k];
        agg_arrival *x = from;
        from = to;
        to = x;
    }
    for (size_t k = 0; k < a->n; k++)
        a->buf[k] = (agg_arrival){t0 + from[k].t_ns, from[k].drawn};
}

/* Partition p's expected load in direction d over the slice, per second, against the heat
 * threshold: near it, the split point needs every key's traffic. */
static bool near_heat(const engine *e, size_t p, enum ddb_dir d, double rate_per_s)
{
    const ddb_aggregate *a = e->agg;
    double load = 0.0;
    for (size_t i = 0; i < a->n_ops; i++)
        if (a->ops[i].d == d)
            load += rate_per_s * a->ops[i].share * a->km.mass[p] * a->ops[i].mean_cost_milli;
    return ddb_dynamics_near_split_heat(&e->base.dyn.cfg, d, load);
}

/* Partition p's n base writes admitted as counts, deletes or not (kb: their items' sizes summed),
 * for the indexes: the followed items' share of them, each a binomial draw of what its
 * probability gives it (conditional on those before it), one by one; the rest together. The
 * non-delete operations come together (puts and updates touch an index alike, and the sum of
 * their multinomial draws over the same keys is one draw of their sum): one chain of draws,
 * not one per operation. */
static void index_counts(engine *e, size_t p, bool is_delete, uint64_t n, int64_t kb)
{
    ddb_aggregate *a = e->agg;
    /* the items' mean size in milli-units of 1 KB: their mean, not rounded to a whole KB */
    int64_t item_milli = n ? (int64_t)llround((double)kb * DDB_MILLI / (double)n) : DDB_MILLI;
    uint64_t left_n = n;
    double left = a->km.mass[p];
    for (size_t f = a->n_followed ? a->followed_first[p] : 0;
         a->n_followed && f < a->followed_first[p + 1] && left_n > 0 && left > 0.0; f++) {
        uint32_t r = a->followed_rank[f];
        double pk = a->km.pmf[a->km.hot[r]];
        uint64_t c = gsl_ran_binomial(a->rng_attr, fmin(1.0, pk / left), (unsigned)left_n);
        left -= pk;
        if (!c)
            continue;
        ddb_gsis_counts_item(&e->gsis, r, is_delete, c, item_milli);
        left_n -= c;
    }
    int64_t left_kb = n ? (int64_t)llround((double)kb * (double)left_n / (double)n) : 0;
    *(is_delete ? &a->gsi_slice.deletes : &a->gsi_slice.writes) += left_n;
    *(is_delete ? &a->gsi_slice.deletes_kb : &a->gsi_slice.writes_kb) += left_kb;
}

/* Partition p's requests of direction d in the slice, admitted as counts at t0. */
static void admit_counts(engine *e, size_t p, enum ddb_dir d)
{
    ddb_aggregate *a = e->agg;
    ddb_metrics *m = &e->base.m;
    int tx = e->s->consistency == DDB_TRANSACTIONAL ? 2 : 1;
    uint64_t index_n[2] = {0, 0}; /* [is_delete]: base writes, for the indexes */
    int64_t index_kb[2] = {0, 0};
    for (size_t i = 0; i < a->n_ops; i++) {
        agg_op *o = &a->ops[i];
        size_t at = p * a->n_ops + i;
        uint64_t n = a->slice_n[at];
        int64_t cost = a->slice_cost[at];
        if ((int)o->d != (int)d || n == 0)
            continue;
        ddb_metrics_admitted_n(m, p, d, n, cost);
        m->cur.offered_first_milli[d] += cost;
        m->cur.first_attempts[d] += n;
        m->cur.arrivals += n;
        m->cur.succeeded += n;
        if (e->base.dyn.cfg.grows && o->op == DDB_OP_PUT)
            e->base.table.parts[p].size_bytes += cost / 1000 / tx * 1024;
        if (d == DDB_WRITE)
            a->writes_counted += n;
        index_n[o->op == DDB_OP_DELETE] += n;
        index_kb[o->op == DDB_OP_DELETE] += cost / DDB_MILLI / tx;
        a->pend_n[at] += n;
        a->pend_cost[at] += cost;
        o->lat_pending += n;
        a->aggregated += n;
    }
    for (int del = 0; d == DDB_WRITE && e->gsis.n && del < 2; del++)
        if (index_n[del])
            index_counts(e, p, del, index_n[del], index_kb[del]);
}

/* Partition p's requests of direction d in the slice, drawn one by one for the exact engine.
 * Keys are drawn KEY_AHEAD requests before their request, their slot fetched meanwhile. */
#define KEY_AHEAD 8
static void draw_requests(engine *e, size_t p, enum ddb_dir d, int64_t t0)
{
    ddb_aggregate *a = e->agg;
    for (size_t i = 0; i < a->n_ops; i++) {
        if ((int)a->ops[i].d != (int)d)
            continue;
        uint64_t n = a->slice_n[p * a->n_ops + i], ring[KEY_AHEAD];
        for (uint64_t j = 0; j < n + KEY_AHEAD; j++) {
            if (j >= KEY_AHEAD)
                push(e, t0, a->ops[i].op, ring[j % KEY_AHEAD]);
            if (j < n) {
                ring[j % KEY_AHEAD] = ddb_keymass_draw(&a->km, p, a->rng_place);
                __builtin_prefetch(&e->keys.dense[ring[j % KEY_AHEAD]]);
            }
        }
    }
}

/* Successes at their first attempt over [t0, t1), spread over the clients in turn: their retry
 * quotas refill as the slice passes. */
static void clients_succeed(engine *e, uint64_t n, int64_t t0, int64_t t1)
{
    uint32_t k = e->s->instances;
    uint64_t each = n / k, extra = n % k;
    for (uint32_t c = 0; c < k; c++) {
        uint64_t mine = each + ((c + k - e->next_client) % k < extra);
        ddb_client_successes(&e->clients[c], mine, t0, t1);
    }
    e->next_client = (uint32_t)((e->next_client + extra) % k);
}

/* This slice's counts of direction d: drawn per partition and operation; the table's total. */
static int64_t draw_counts(engine *e, int d, double lambda)
{
    ddb_aggregate *a = e->agg;
    int64_t total = 0;
    for (size_t p = 0; p < e->base.table.n_partitions; p++)
        for (size_t i = 0; i < a->n_ops; i++) {
            size_t at = p * a->n_ops + i;
            if ((int)a->ops[i].d != d)
                continue;
            uint64_t n = a->km.mass[p] > 0.0 ? gsl_ran_poisson(a->rng_count, lambda * a->ops[i].share * a->km.mass[p]) : 0;
            a->slice_n[at] = n;
            a->slice_cost[at] = n ? ddb_cost_levels_draw(&a->ops[i].cost, n, a->rng_cost, &e->capped_items) : 0;
            total += a->slice_cost[at];
        }
    return total;
}

/* The share of this slice's base writes whose item no write found before (for the indexes): an
 * item has an entry once a write of it is admitted, so the keys' expected new share after the
 * items written so far (as counts and one by one: a batch's items each, not its requests), over
 * the slice's expected writes; computed again when they have grown by half a percent. */
#define FRESH_STEP 1.005
static double fresh_share(engine *e, double writes)
{
    ddb_aggregate *a = e->agg;
    double from = (double)(a->writes_counted + e->gsis.committed);
    double to = from + writes;
    if (from < a->fresh_from || to > a->fresh_to || a->fresh_to == 0.0) {
        a->fresh_from = from;
        a->fresh_to = to > from * FRESH_STEP ? to : from * FRESH_STEP;
        a->fresh = ddb_keymass_new_share(&a->km, a->fresh_from, a->fresh_to);
    }
    return a->fresh;
}

static void run_slice(engine *e, int64_t t0)
{
    ddb_aggregate *a = e->agg;
    const ddb_scenario *s = e->s;
    int64_t t1 = t0 + a->slice_ns < s->duration_ns ? t0 + a->slice_ns : s->duration_ns;
    a->next_slice_ns = t1 < s->duration_ns ? t1 : INT64_MAX;
    double lambda = ddb_rate_expected(&s->rate, (double)t1 / 1e9) - ddb_rate_expected(&s->rate, (double)t0 / 1e9);
    double rate_per_s = lambda / ((double)(t1 - t0) / 1e9);
    size_t parts = e->base.table.n_partitions;
    a->n = a->pos = 0;
    bool gsi_room = true;
    if (e->gsis.n) {
        ddb_gsis_counts_settle(&e->gsis, &e->q, t0); /* the last slice's, with its probabilities */
        a->gsi_slice = (ddb_gsi_slice){.t0_ns = t0, .t1_ns = t1};
        a->gsi_slice.interval_end_ns = ddb_engine_interval_end_ns(e);
        /* the followed items are written long before the others: the new ones are the rest's */
        double rest = 1.0 - a->followed_mass, all = fresh_share(e, lambda * a->write_share);
        double fresh = rest > 1e-9 ? all / rest : 0.0;
        ddb_gsis_counts_fresh(&e->gsis, fresh < 1.0 ? fresh : 1.0, a->nondelete_share);
        gsi_room = ddb_gsis_counts_room(&e->gsis);
    }
    /* Operations that always go one by one, drawn now: what they ask is kept for them. */
    memcpy(a->extra_milli, a->queued_milli, 2 * parts * sizeof *a->extra_milli);
    for (size_t i = 0; i < a->n_exact; i++)
        for (unsigned n = gsl_ran_poisson(a->rng_count, lambda * a->exact_share[i]); n > 0; n--) {
            push(e, t0, a->exact_ops[i], UINT64_MAX);
            demand_of(e, &a->drawn[a->n - 1], a->extra_milli, 1);
        }
    uint64_t before = a->aggregated;
    for (int d = 0; d < 2; d++) {
        int64_t total = draw_counts(e, d, lambda);
        for (size_t p = 0; p < parts; p++)
            total += a->extra_milli[2 * p + (size_t)d];
        /* The table-wide buckets (quota, on-demand allowance) are shared: counts only when they
         * hold the whole table's slice. */
        bool table_ok = ddb_table_shared_tokens_milli(&e->base.table, (enum ddb_dir)d, t0) >= total;
        for (size_t p = 0; p < parts; p++) {
            int64_t cost = 0;
            uint64_t n = 0;
            for (size_t i = 0; i < a->n_ops; i++)
                if ((int)a->ops[i].d == d) {
                    cost += a->slice_cost[p * a->n_ops + i];
                    n += a->slice_n[p * a->n_ops + i];
                }
            if (n == 0)
                continue;
            /* base writes wait for an index whose backlog is near back-pressure: one by one */
            if (table_ok && (d == DDB_READ || gsi_room) && !near_heat(e, p, (enum ddb_dir)d, rate_per_s) &&
                ddb_table_admit_bulk(&e->base.table, p, (enum ddb_dir)d, cost,
                                     a->extra_milli[2 * p + (size_t)d], total, t0))
                admit_counts(e, p, (enum ddb_dir)d);
            else
                draw_requests(e, p, (enum ddb_dir)d, t0);
        }
    }
    if (e->gsis.n)
        ddb_gsis_counts_slice(&e->gsis, &e->q, &a->gsi_slice);
    clients_succeed(e, a->aggregated - before, t0, t1);
    send_times(a, t0, t1);
}

int64_t ddb_engine_aggregate_next(const engine *e)
{
    const ddb_aggregate *a = e->agg;
    if (a->pos < a->n)
        return a->buf[a->pos].t_ns;
    return a->next_slice_ns;
}

void ddb_engine_aggregate_step(engine *e, int64_t now_ns)
{
    ddb_aggregate *a = e->agg;
    if (a->pos < a->n) {
        const agg_arrival *r = &a->buf[a->pos++];
        if (a->pos + SEND_AHEAD < a->n) { /* what a later request will touch, fetched now */
            const request *later = &a->drawn[a->buf[a->pos + SEND_AHEAD].drawn];
            if (!is_grouped(e, later->op) && later->key_id != DDB_KEYTAB_NONE) {
                __builtin_prefetch(&e->keys.entries[later->key_id], 1);
                __builtin_prefetch(&e->keys.offers[later->key_id], 1);
            }
            ddb_tablerun_prefetch(&e->base, later->partition);
        }
        a->per_request++;
        ddb_engine_send_drawn(e, now_ns, &a->drawn[r->drawn]);
        return;
    }
    run_slice(e, now_ns);
}

/* ---- what reads the counts ---- */

/* c requests of direction d, kc of capacity, on key number `key`. */
static void credit_key(engine *e, uint64_t key, enum ddb_dir d, uint64_t c, int64_t kc,
                       int64_t now_ns)
{
    uint32_t id = ddb_engine_key_id(e, key, now_ns);
    ddb_keystat *k = &e->keys.entries[id];
    k->requests += c;
    *(d == DDB_READ ? &k->offered_rcu_milli : &k->offered_wcu_milli) += kc;
    *(d == DDB_READ ? &k->consumed_rcu_milli : &k->consumed_wcu_milli) += kc;
    ddb_keytab_offer(&e->keys, id)->first_milli[d] += kc;
}

typedef struct credit_ctx {
    engine *e;
    enum ddb_dir d;
    int64_t now_ns;
} credit_ctx;

static void credit_one(void *ctx, uint64_t key, uint64_t n, int64_t cost_milli)
{
    const credit_ctx *c = ctx;
    credit_key(c->e, key, c->d, n, cost_milli, c->now_ns);
}

/* Partition p's counts of operation i, attributed to its hot keys (ddb_keymass_spread). */
static void attribute(engine *e, size_t p, size_t i, int64_t now_ns)
{
    ddb_aggregate *a = e->agg;
    size_t at = p * a->n_ops + i;
    credit_ctx c = {e, a->ops[i].d, now_ns};
    ddb_keymass_spread(&a->km, p, a->pend_n[at], a->pend_cost[at], a->rng_attr, credit_one, &c);
    a->pend_n[at] = 0;
    a->pend_cost[at] = 0;
}

void ddb_engine_aggregate_attribute(engine *e, int64_t now_ns)
{
    ddb_aggregate *a = e->agg;
    for (size_t p = 0; p < a->n_parts; p++)
        for (size_t i = 0; i < a->n_ops; i++)
            if (a->pend_n[p * a->n_ops + i])
                attribute(e, p, i, now_ns);
}

void ddb_engine_aggregate_split(engine *e)
{
    ddb_aggregate *a = e->agg;
    grow_parts(a, e->base.table.n_partitions);
    ddb_keymass_place(&a->km, &e->base.table.keys, e->base.table.n_partitions);
    if (a->n_followed)
        place_followed(e);
}

/* The successes' latencies, stratified over the sketch's buckets (sim/support/quantile_dist.h). */
void ddb_engine_aggregate_latencies(engine *e)
{
    ddb_aggregate *a = e->agg;
    for (size_t i = 0; i < a->n_ops; i++) {
        agg_op *o = &a->ops[i];
        if (!o->lat_pending)
            continue;
        double u = ddb_rng_uniform(a->rng_attr);
        ddb_quantile_dist_add(e->base.m.latency_cur, &o->latency, o->lat_pending, u);
        if (e->single_op < 0)
            ddb_quantile_dist_add(&e->base.m.latency_by_op[o->op], &o->latency, o->lat_pending, u);
        o->lat_pending = 0;
    }
    if (e->gsis.n)
        ddb_gsis_counts_lags(&e->gsis);
}

void ddb_engine_aggregate_report(const engine *e, ddb_report *r)
{
    const ddb_aggregate *a = e->agg;
    r->aggregated_requests = a->aggregated;
    r->per_request_requests = a->per_request;
    /* Keys drawn in counts were not seen one by one: the expected number of distinct keys among
     * every keyed request (each a draw by probability). */
    double keyed = (double)(a->aggregated + a->per_request);
    double distinct = ddb_keymass_expected_distinct(&a->km, keyed);
    if ((double)r->distinct_keys < distinct)
        r->distinct_keys = (uint64_t)llround(distinct);
}
