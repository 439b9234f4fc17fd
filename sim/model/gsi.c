/* gsi — index writes: propagation, per-partition backlogs, back-pressure. See gsi.h. */
#include "sim/model/gsi_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"
#include "sim/support/fifo.h"
#include "sim/support/normal.h"
#include "sim/support/quantile.h"
#include "sim/support/rng.h"

/* A drain is never armed sooner than this after a refusal: the buckets credit whole
 * milli-units, and a wait computed to the nanosecond may fall just short of one. */
#define MIN_WAIT_NS 1000

/* Index keys whose traffic is counted, at most (beyond, keys are not weighed for split for heat
 * nor ranked in keys.csv). */
#define INDEX_KEYS_MAX (1u << 16)

/* ---- set-up ---- */

static void gsi_init(ddb_gsi *g, const ddb_gsis_config *s, size_t index)
{
    g->spec = &s->gsi[index];
    ddb_tablerun_init(&g->tr, &s->tables[index]);
    /* An index whose capacity moves, or that splits for heat or size, may split. */
    const ddb_dynamics_config *dc = &s->tables[index].dynamics;
    bool may_split = s->on_demand || g->spec->has_autoscaling || dc->split_for_heat || dc->grows;
    ddb_gsikey_init(&g->key, &s->keys, g->spec, index, may_split);
    ddb_keytab_init(&g->keys, g->key.kd.domain, INDEX_KEYS_MAX);
    g->key_change = g->spec->key_change;
    g->propagation_median_ms = g->spec->propagation_median_ms;
    g->propagation_sigma = g->spec->propagation_sigma;
    g->backpressure_backlog = g->spec->backpressure_backlog;
    if (g->spec->has_projected_bytes || g->spec->projection == DDB_PROJECTION_KEYS_ONLY)
        g->fixed_cost_milli = ddb_gsi_entry_cost_milli(g->spec, 1);
    if (g->key.kd.domain && g->key.kd.domain <= DDB_GSIKEY_DENSE_MAX && g->fixed_cost_milli)
        g->key_quick = ddb_xcalloc((size_t)g->key.kd.domain, sizeof *g->key_quick);
    g->rng_lag = ddb_rng_stream_new(s->keys.seed, DDB_RNG_LAG, index);
    if (g->spec->key_change < 1.0)
        g->rng_key_change = ddb_rng_stream_new(s->keys.seed, DDB_RNG_GSI_KEY_CHANGE, index);
    g->backlogs = ddb_xcalloc(g->tr.table.n_partitions, sizeof *g->backlogs);
    g->lag_cur = ddb_xmalloc(sizeof *g->lag_cur);
    g->lag_total = ddb_xmalloc(sizeof *g->lag_total);
    ddb_quantile_reset(g->lag_cur);
    ddb_quantile_reset(g->lag_total);
}

void ddb_gsis_init(ddb_gsis *x, const ddb_gsis_config *s)
{
    memset(x, 0, sizeof *x);
    if (!s->n_gsi)
        return;
    ddb_normal_init();
    x->n = s->n_gsi;
    x->g = ddb_xcalloc(x->n, sizeof *x->g);
    x->item_bytes = sizeof(narrow_item);
    x->stale_index = x->n;
    for (size_t i = 0; i < x->n; i++) {
        gsi_init(&x->g[i], s, i);
        if (!x->g[i].key.kd.domain || x->g[i].key.kd.domain >= UINT32_MAX)
            x->item_bytes = sizeof(wide_item);
    }
}

void ddb_gsis_count_stale(ddb_gsis *x, size_t index)
{
    DDB_CHECK(index < x->n && !x->items_cap, "stale reads counted on index %zu of %zu, late",
              index, x->n);
    x->stale_index = index;
}

void ddb_gsis_destroy(ddb_gsis *x)
{
    for (size_t i = 0; i < x->n; i++) {
        ddb_gsi *g = &x->g[i];
        ddb_gsi_counts_destroy(g);
        ddb_gsikey_destroy(&g->key);
        ddb_keytab_destroy(&g->keys);
        free(g->key_quick);
        gsl_rng_free(g->rng_lag);
        if (g->rng_key_change)
            gsl_rng_free(g->rng_key_change);
        for (size_t p = 0; p < g->tr.table.n_partitions; p++)
            free(g->backlogs[p].items);
        free(g->backlogs);
        free(g->lag_cur);
        free(g->lag_total);
        ddb_tablerun_destroy(&g->tr);
    }
    free(x->g);
    free(x->items);
    free(x->unapplied);
    memset(x, 0, sizeof *x);
}

/* ---- per item ---- */

/* Rows for items up to `item`: by powers of two, up to items_max. */
static void grow_items(ddb_gsis *x, uint32_t item)
{
    size_t row = x->n * x->item_bytes;
    size_t cap = x->items_cap ? x->items_cap : 1024;
    while (cap <= item)
        cap *= 2;
    if (x->items_max > item && cap > x->items_max)
        cap = x->items_max;
    x->items = ddb_xrealloc(x->items, cap * row);
    memset(x->items + x->items_cap * row, 0, (cap - x->items_cap) * row);
    if (x->stale_index < x->n) {
        x->unapplied = ddb_xrealloc(x->unapplied, cap * sizeof *x->unapplied);
        memset(x->unapplied + x->items_cap, 0, (cap - x->items_cap) * sizeof *x->unapplied);
    }
    x->items_cap = cap;
}

/* The item's state in index `index`, growing the rows as key ids appear; NULL for an untracked
 * key. */
static inline item_state *item_at(ddb_gsis *x, size_t index, uint32_t item)
{
    if (item == DDB_KEYTAB_NONE)
        return NULL;
    if (__builtin_expect(item >= x->items_cap, 0))
        grow_items(x, item);
    return x->items + ((size_t)item * x->n + index) * x->item_bytes;
}

/* The item's row, every index's state of it side by side (item_at of index 0); NULL for an
 * untracked key and in the aggregated mode, which keeps no item. */
static unsigned char *item_row(ddb_gsis *x, uint32_t item)
{
    return x->n && !x->g[0].counts ? item_at(x, 0, item) : NULL;
}

static bool has_entry(const ddb_gsis *x, const item_state *st)
{
    return x->item_bytes == sizeof(narrow_item) ? ((const narrow_item *)st)->tag_plus1 != 0
                                                : ((const wide_item *)st)->present != 0;
}

/* The entry's tag (has_entry). */
static uint64_t entry_tag(const ddb_gsis *x, const item_state *st)
{
    return x->item_bytes == sizeof(narrow_item) ? ((const narrow_item *)st)->tag_plus1 - 1u
                                                : ((const wide_item *)st)->tag;
}

static void set_entry(const ddb_gsis *x, item_state *st, bool present, uint64_t tag)
{
    if (x->item_bytes == sizeof(narrow_item)) {
        ((narrow_item *)st)->tag_plus1 = present ? (uint32_t)tag + 1u : 0;
    } else {
        ((wide_item *)st)->present = present;
        ((wide_item *)st)->tag = tag;
    }
}

/* The count of the item's index writes not applied yet, on index `index`; NULL unless that index's
 * reads are counted stale (and for an untracked item). item_at(x, index, item) came first. */
static uint32_t *unapplied_of(const ddb_gsis *x, size_t index, uint32_t item)
{
    return index == x->stale_index && item != DDB_KEYTAB_NONE ? &x->unapplied[item] : NULL;
}

/* ---- a base write ---- */

/* Why the index holds its writes back: the cause its longest backlog waits for (a hot partition at
 * its hard cap, the provisioned share, the on-demand allowance or maximum, the quota). */
static enum ddb_throttle_reason backlog_cause(const ddb_gsi *g)
{
    size_t longest = 0;
    for (size_t p = 1; p < g->tr.table.n_partitions; p++)
        longest = g->backlogs[p].n > g->backlogs[longest].n ? p : longest;
    return g->backlogs[longest].reason;
}

/* A hashed index key just drawn (its text is in the key's buffer): its entry, created with its
 * name the first time. Its traffic is counted later by its hash alone (count_index_key), so
 * that an index write carries no text. */
static void name_hashed_key(ddb_gsi *g)
{
    uint32_t id;
    ddb_keytab_find(&g->keys, g->plan_tag, g->key.kd.buf, strlen(g->key.kd.buf), &id);
}

enum ddb_throttle_reason ddb_gsis_plan(ddb_gsis *x, uint32_t item, bool is_delete, int64_t now_ns)
{
    enum ddb_throttle_reason r = DDB_ADMITTED;
    unsigned char *row = item_row(x, item);
    for (size_t i = 0; i < x->n; i++) {
        ddb_gsi *g = &x->g[i];
        /* the aggregated mode: an index at ease counts the write at its commit */
        if (g->counts && (g->plan_deferred = ddb_gsi_counts_defer(g, now_ns))) {
            g->plan_delete = is_delete;
            continue;
        }
        /* the aggregated mode keeps no item: whether it had an entry is drawn */
        item_state *st = row ? row + i * x->item_bytes : NULL;
        bool had = g->counts ? (g->plan_had = ddb_gsi_counts_had(g, item, &g->plan_had_tag))
                             : st && has_entry(x, st);
        if (!is_delete && had && g->rng_key_change &&
            ddb_rng_uniform(g->rng_key_change) >= g->key_change) {
            g->plan_present = true; /* the item keeps its index key */
            g->plan_tag = g->counts ? g->plan_had_tag : entry_tag(x, st);
        } else {
            g->plan_present =
                !is_delete && ddb_gsikey_draw(&g->key, &g->tr.table.keys, now_ns, &g->plan_tag);
            if (g->plan_present && !g->key.kd.domain)
                name_hashed_key(g);
        }
        bool touches = g->plan_present || had;
        if (touches && g->backlog_n >= g->backpressure_backlog) {
            g->backpressure_cur++;
            r = ddb_throttle_backpressure(backlog_cause(g));
        }
    }
    return r;
}

void ddb_gsis_plan_save(const ddb_gsis *x, ddb_gsi_plan *out)
{
    for (size_t i = 0; i < x->n; i++)
        out[i] = (ddb_gsi_plan){x->g[i].plan_present, x->g[i].plan_deferred,
                                x->g[i].plan_delete, x->g[i].plan_tag};
}

void ddb_gsis_plan_restore(ddb_gsis *x, const ddb_gsi_plan *in)
{
    for (size_t i = 0; i < x->n; i++) {
        x->g[i].plan_present = in[i].present;
        x->g[i].plan_deferred = in[i].deferred;
        x->g[i].plan_delete = in[i].is_delete;
        x->g[i].plan_tag = in[i].tag;
    }
}

/* The index write's cost: its entry's size in 1 KB units. */
int64_t ddb_gsi_entry_cost_milli(const ddb_gsi_spec *spec, int64_t item_kb)
{
    if (spec->has_projected_bytes)
        return ((int64_t)spec->projected_bytes + 1023) / 1024 * DDB_MILLI;
    if (spec->projection == DDB_PROJECTION_KEYS_ONLY)
        return DDB_MILLI;
    return (item_kb > 0 ? item_kb : 1) * DDB_MILLI;
}

/* llround(x) for 0 <= x < 2^63, inline: every index write draws a delay, and the library's call
 * cost a tenth of the draw. Exact: x minus its integer part is exact in a double. */
static inline int64_t round_nonnegative(double x)
{
    int64_t whole = (int64_t)x;
    return whole + (x - (double)whole >= 0.5);
}

/* Lognormal; capped at MAX_DELAY_MS, which a wide sigma could otherwise push past int64 ns. */
int64_t ddb_gsi_draw_delay_ns(ddb_gsi *g)
{
    double ms = g->propagation_median_ms;
    if (g->propagation_sigma > 0.0)
        ms *= exp(g->propagation_sigma * ddb_normal_draw(g->rng_lag));
    return round_nonnegative((ms < MAX_DELAY_MS ? ms : MAX_DELAY_MS) * NS_PER_MS);
}

/* One index write on its way: an event that reaches the index at t_ns. It carries the entry's
 * key, not a partition, so that it lands where the key is when it arrives (the index may have
 * split meanwhile). The event: u32 = index; u64[0] = tag; u64[1] = the base write's time;
 * u64[2] = cost | PUT_BIT for a put | item << 32. */
#define PUT_BIT (1ull << 31)
void ddb_gsi_send_one(ddb_gsi *g, ddb_evq *q, size_t index, uint64_t tag, uint32_t item,
                      int64_t cost_milli, int64_t base_ns, int64_t t_ns, bool is_put)
{
    _Static_assert(DDB_ITEM_MAX_BYTES / 1024 * DDB_MILLI < PUT_BIT, "a cost in 31 bits");
    ddb_event ev = {0};
    ev.t_ns = t_ns;
    ev.kind = DDB_GSI_EV_ARRIVE;
    ev.u32 = (uint32_t)index;
    ev.u64[0] = tag;
    ev.u64[1] = (uint64_t)base_ns;
    ev.u64[2] = (uint64_t)cost_milli | (is_put ? PUT_BIT : 0) | (uint64_t)item << 32;
    ddb_evq_push(q, &ev);
    g->index_writes++;
}

/* One base write's index writes on one index travel together, one propagation delay: a delete of
 * the entry it had (when has_del) and a put of its new one (when has_put), the delete first (the
 * queue keeps the order of events pushed for one time). */
static void send(ddb_gsi *g, ddb_evq *q, size_t index, bool has_put, uint64_t put_tag, bool has_del,
                 uint64_t del_tag, uint32_t item, uint32_t *unapplied, int64_t cost_milli,
                 int64_t now_ns)
{
    int64_t delay = ddb_gsi_draw_delay_ns(g), at = now_ns + delay;
    if (g->counts) { /* the aggregated mode: what a partition at ease takes now is not sent */
        has_del = has_del && !ddb_gsi_counts_take(g, del_tag, cost_milli, false, now_ns, delay);
        has_put = has_put && !ddb_gsi_counts_take(g, put_tag, cost_milli, true, now_ns, delay);
    }
    if (has_del)
        ddb_gsi_send_one(g, q, index, del_tag, item, cost_milli, now_ns, at, false);
    if (has_put)
        ddb_gsi_send_one(g, q, index, put_tag, item, cost_milli, now_ns, at, true);
    if (unapplied)
        *unapplied += (has_put ? 1u : 0u) + (has_del ? 1u : 0u);
}

void ddb_gsis_commit(ddb_gsis *x, ddb_evq *q, uint32_t item, int64_t item_kb, int64_t now_ns)
{
    x->committed++;
    unsigned char *row = item_row(x, item);
    for (size_t i = 0; i < x->n; i++) {
        ddb_gsi *g = &x->g[i];
        if (g->counts && g->plan_deferred) {
            ddb_gsi_counts_deferred(g, item, g->plan_delete, item_kb);
            continue;
        }
        item_state *st = row ? row + i * x->item_bytes : NULL;
        int64_t cost = ddb_gsi_write_cost_milli(g, item_kb);
        bool was = g->counts ? g->plan_had : st && has_entry(x, st);
        if (!was && !g->plan_present)
            continue;
        uint64_t was_tag = g->counts ? g->plan_had_tag : was ? entry_tag(x, st) : 0;
        /* An entry whose key changes, or that leaves the index, is deleted where it was. */
        bool del = was && (!g->plan_present || was_tag != g->plan_tag);
        uint32_t *unapplied = g->counts ? NULL : unapplied_of(x, i, item);
        send(g, q, i, g->plan_present, g->plan_tag, del, was_tag,
             unapplied ? item : DDB_KEYTAB_NONE, unapplied, cost, now_ns);
        if (st)
            set_entry(x, st, g->plan_present, g->plan_tag);
        if (g->counts)
            ddb_gsi_counts_committed(g, item, g->plan_present, g->plan_tag);
    }
}

/* ---- each index key's traffic, for split for heat and keys.csv ---- */

/* The entry of the index key of tag, or NULL when the key table is full. A dense key is named
 * the first time it is counted: its text rendered from its key number, once. */
static ddb_keystat *index_key_entry(ddb_gsi *g, uint64_t tag)
{
    uint32_t id;
    if (!g->key.kd.domain)
        return ddb_keytab_lookup(&g->keys, tag, &id);
    ddb_keystat *e = ddb_keytab_dense(&g->keys, tag, &id);
    if (!e->known) {
        ddb_keydraw_decode(&g->key.kd, tag);
        size_t len = ddb_keydraw_render(&g->key.kd, 0); /* a dense key never follows the clock */
        ddb_keytab_name_set(&g->keys, e, g->key.kd.buf, len, ddb_key_hash(g->key.kd.buf, len));
    }
    return e;
}

/* Add the key's quick counts (its writes admitted at their first attempt at fixed_cost_milli)
 * to its entry e: its requests, offered, first-attempt and consumed WCU. */
static void settle_key(ddb_gsi *g, ddb_keystat *e, uint32_t *quick)
{
    uint64_t n = *quick > 1 ? *quick - 1u : 0;
    *quick = 1;
    if (!n)
        return;
    int64_t milli = (int64_t)n * g->fixed_cost_milli;
    e->requests += n;
    e->offered_wcu_milli += milli;
    e->consumed_wcu_milli += milli;
    ddb_keytab_offer(&g->keys, (uint32_t)(e - g->keys.entries))->first_milli[DDB_WRITE] += milli;
}

void ddb_gsis_settle_keys(ddb_gsis *x, size_t index)
{
    ddb_gsi *g = &x->g[index];
    for (uint64_t tag = 0; g->key_quick && tag < g->key.kd.domain; tag++)
        if (g->key_quick[tag] > 1)
            settle_key(g, &g->keys.entries[g->keys.dense[tag].id_plus1 - 1], &g->key_quick[tag]);
}

/* Attempts on an index key, as the base table's key table counts a request
 * (sim/engine/request.c). Requests and throttles are counted as the index's metrics count them: a
 * write waiting in a backlog is one throttled attempt however often the backlog is tried, then
 * one admitted. */
void ddb_gsi_count_key_entry(ddb_gsi *g, uint64_t tag, enum ddb_dir d, uint64_t n,
                             int64_t cost_milli, bool first, bool admitted)
{
    ddb_keystat *e = index_key_entry(g, tag);
    if (!e) {
        g->keys.untracked_requests += n;
        return;
    }
    if (g->key_quick) /* the entry exists from now on; a full counter empties into it */
        settle_key(g, e, &g->key_quick[tag]);
    e->requests += (first || admitted) ? n : 0;
    e->throttles += first && !admitted ? n : 0;
    if (first) {
        *(d == DDB_READ ? &e->offered_rcu_milli : &e->offered_wcu_milli) += cost_milli;
        ddb_keytab_offer(&g->keys, (uint32_t)(e - g->keys.entries))->first_milli[d] += cost_milli;
    }
    if (admitted)
        *(d == DDB_READ ? &e->consumed_rcu_milli : &e->consumed_wcu_milli) += cost_milli;
}

const ddb_keytab *ddb_gsis_keys(const ddb_gsis *x, size_t index)
{
    const ddb_gsi *g = &x->g[index];
    return g->tr.dyn.cfg.split_for_heat ? &g->keys : NULL;
}

const ddb_keytab *ddb_gsis_index_keys(const ddb_gsis *x, size_t index)
{
    return &x->g[index].keys;
}

/* ---- reads ---- */

uint32_t ddb_gsis_read_partition(ddb_gsis *x, size_t index, uint32_t item)
{
    ddb_gsi *g = &x->g[index];
    item_state *st = item_at(x, index, item);
    if (st && has_entry(x, st))
        return ddb_gsikey_partition_of(&g->key, &g->tr.table.keys, entry_tag(x, st));
    return (uint32_t)((item == DDB_KEYTAB_NONE ? 0 : item) % g->tr.table.n_partitions);
}

uint32_t ddb_gsis_key_partition(const ddb_gsis *x, size_t index, uint64_t hash)
{
    return (uint32_t)ddb_keyspace_lookup(&x->g[index].tr.table.keys, hash);
}

uint32_t ddb_gsis_entry_bytes(const ddb_gsis *x, size_t index)
{
    return ddb_gsi_entry_bytes(x->g[index].spec);
}

enum ddb_throttle_reason ddb_gsis_read(ddb_gsis *x, size_t index, uint32_t item,
                                       uint32_t partition, int64_t cost_milli, int64_t now_ns,
                                       bool is_retry)
{
    ddb_gsi *g = &x->g[index];
    enum ddb_throttle_reason r = ddb_table_admit(&g->tr.table, partition, DDB_READ, cost_milli, now_ns);
    ddb_metrics_attempt(&g->tr.m, partition, DDB_READ, cost_milli, r, is_retry);
    item_state *st = item_at(x, index, item);
    if (st && has_entry(x, st))
        ddb_gsi_count_key(g, entry_tag(x, st), DDB_READ, 1, cost_milli, true, r == DDB_ADMITTED);
    if (r != DDB_ADMITTED)
        return r;
    g->reads_total++;
    const uint32_t *unapplied = st ? unapplied_of(x, index, item) : NULL;
    if (unapplied && *unapplied > 0)
        g->stale_cur++;
    return r;
}

/* ---- index writes at the index ---- */

/* The buckets that refused a write for reason r on partition p: refilling either lets it in. */
static void refusing_buckets(ddb_gsi *g, size_t p, enum ddb_throttle_reason r, bool adaptive,
                             const ddb_bucket *b[2])
{
    ddb_partition *part = &g->tr.table.parts[p];
    b[1] = NULL;
    switch (r) {
    case DDB_THROTTLE_KEY_RANGE:
        b[0] = &part->cap[DDB_WRITE];
        break;
    case DDB_THROTTLE_ON_DEMAND:
        b[0] = &g->tr.table.allowance[DDB_WRITE];
        break;
    case DDB_THROTTLE_MAX_ON_DEMAND:
        b[0] = &g->tr.table.maximum[DDB_WRITE];
        break;
    default:
        b[0] = &part->share[DDB_WRITE];
        b[1] = adaptive ? &g->tr.table.adaptive[DDB_WRITE] : NULL;
    }
}

/* How long until partition p's buckets hold cost again, after a refusal for reason r. */
static int64_t refill_wait_ns(ddb_gsi *g, size_t p, int64_t cost, enum ddb_throttle_reason r,
                              bool adaptive)
{
    const ddb_bucket *b[2];
    refusing_buckets(g, p, r, adaptive, b);
    double best = 1e18;
    for (int i = 0; i < 2; i++) {
        if (!b[i] || b[i]->rate_milli_per_s <= 0)
            continue;
        int64_t need = cost < b[i]->capacity_milli ? cost : b[i]->capacity_milli;
        double deficit = (double)(need - b[i]->tokens_milli);
        double ns = ceil(deficit * 1e9 / (double)b[i]->rate_milli_per_s);
        if (ns < best)
            best = ns;
    }
    if (best > 1e15) /* no bucket refills: try again in a second */
        best = 1e9;
    return best < MIN_WAIT_NS ? MIN_WAIT_NS : (int64_t)best;
}

static void arm_drain(ddb_gsi *g, ddb_evq *q, size_t index, size_t p, int64_t t_ns)
{
    ddb_event ev = {0};
    ev.t_ns = t_ns;
    ev.kind = DDB_GSI_EV_DRAIN;
    ev.u32 = (uint32_t)index;
    ev.u64[0] = p;
    ddb_evq_push(q, &ev);
    g->backlogs[p].armed = true;
}

/* Try to apply one index write on partition p; on refusal, *wait_ns says when to try again.
 * Inline: every index write's arrival runs it. */
static inline __attribute__((always_inline)) bool try_apply(ddb_gsis *x, size_t index, size_t p,
                                                           const pending *w, int64_t now_ns,
                                                           bool is_retry, int64_t *wait_ns)
{
    ddb_gsi *g = &x->g[index];
    enum ddb_throttle_reason r = ddb_table_admit(&g->tr.table, p, DDB_WRITE, w->cost_milli, now_ns);
    /* A write that has to wait is one throttle event, however often the backlog is tried: the
     * drain's polling is ddbsim's, not DynamoDB's. */
    if (r == DDB_ADMITTED || !is_retry)
        ddb_metrics_attempt(&g->tr.m, p, DDB_WRITE, w->cost_milli, r, is_retry);
    ddb_gsi_count_key(g, w->tag, DDB_WRITE, 1, w->cost_milli, !is_retry, r == DDB_ADMITTED);
    if (r != DDB_ADMITTED) {
        g->backlogs[p].reason = r;
        *wait_ns = refill_wait_ns(g, p, w->cost_milli, r, g->tr.table.cfg.adaptive_capacity);
        return false;
    }
    ddb_gsi_applied(g, p, w->cost_milli, w->is_put, now_ns - w->base_ns);
    /* only writes to the index whose reads count stale carry their item */
    uint32_t *unapplied = unapplied_of(x, index, w->item);
    if (unapplied) {
        DDB_CHECK(*unapplied > 0, "item %u applied with nothing pending", w->item);
        (*unapplied)--;
    }
    return true;
}

void ddb_gsi_applied(ddb_gsi *g, size_t p, int64_t cost_milli, bool is_put, int64_t lag_ns)
{
    ddb_quantile_add(g->lag_cur, lag_ns);
    if (lag_ns > g->lag_max_cur_ns)
        g->lag_max_cur_ns = lag_ns;
    g->applied++;
    /* With an index sort key, a put is a new entry in its key's collection, as a put is on the
     * table (sim/engine/request.c): the index's data grows by its billed size, 1 KB per WCU. */
    if (is_put && g->tr.dyn.cfg.grows)
        g->tr.table.parts[p].size_bytes += cost_milli / DDB_MILLI * 1024;
}

static void backlog_push(backlog *b, const pending *w)
{
    if (b->n == b->cap)
        b->items = ddb_fifo_grow(b->items, &b->head, b->n, &b->cap, sizeof *b->items);
    b->items[(b->head + b->n++) % b->cap] = *w;
}

/* An index write reaches partition p at now_ns. */
static void arrive(ddb_gsis *x, ddb_evq *q, size_t index, size_t p, const pending *w, int64_t now_ns)
{
    ddb_gsi *g = &x->g[index];
    backlog *b = &g->backlogs[p];
    int64_t wait = 0;
    /* First in first out: a write that finds others waiting queues behind them, refused for
     * the reason they wait. */
    if (b->n == 0 && try_apply(x, index, p, w, now_ns, false, &wait))
        return;
    if (b->n > 0) {
        ddb_metrics_attempt(&g->tr.m, p, DDB_WRITE, w->cost_milli, b->reason, false);
        ddb_gsi_count_key(g, w->tag, DDB_WRITE, 1, w->cost_milli, true, false);
    }
    backlog_push(b, w);
    if (++g->backlog_n > g->max_backlog)
        g->max_backlog = g->backlog_n;
    if (!b->armed)
        arm_drain(g, q, index, p, now_ns + wait);
}

static void on_arrive(ddb_gsis *x, ddb_evq *q, const ddb_event *ev)
{
    size_t index = ev->u32;
    ddb_gsi *g = &x->g[index];
    pending w = {.base_ns = (int64_t)ev->u64[1], .tag = ev->u64[0],
                 .item = (uint32_t)(ev->u64[2] >> 32),
                 .cost_milli = (int32_t)(uint32_t)(ev->u64[2] & (PUT_BIT - 1)),
                 .is_put = (ev->u64[2] & PUT_BIT) != 0};
    arrive(x, q, index, ddb_gsikey_partition_of(&g->key, &g->tr.table.keys, w.tag), &w, ev->t_ns);
}

static void on_drain(ddb_gsis *x, ddb_evq *q, const ddb_event *ev)
{
    size_t index = ev->u32;
    ddb_gsi *g = &x->g[index];
    size_t p = (size_t)ev->u64[0];
    backlog *b = &g->backlogs[p];
    b->armed = false;
    while (b->n > 0) {
        int64_t wait;
        if (!try_apply(x, index, p, &b->items[b->head], ev->t_ns, true, &wait)) {
            arm_drain(g, q, index, p, ev->t_ns + wait);
            return;
        }
        b->head = (b->head + 1) % b->cap;
        b->n--;
        g->backlog_n--;
    }
}

void ddb_gsis_on_event(ddb_gsis *x, ddb_evq *q, const ddb_event *ev)
{
    DDB_CHECK(ev->u32 < x->n, "event for index %u of %zu", ev->u32, x->n);
    if (ev->kind == DDB_GSI_EV_ARRIVE)
        on_arrive(x, q, ev);
    else
        on_drain(x, q, ev);
}

void ddb_gsis_leftover(ddb_gsis *x, const ddb_event *ev)
{
    if (ev->kind == DDB_GSI_EV_ARRIVE && ev->u32 < x->n) {
        x->g[ev->u32].propagating_at_end++;
    }
}

/* ---- capacity that moves ---- */

/* The waiting writes of partition p go where their keys are now, in their order: those whose key
 * moved to another partition join its backlog (empty until now: new partitions start empty), which
 * starts draining at now_ns. */
static void rehome_backlog(ddb_gsi *g, ddb_evq *q, size_t index, size_t p, int64_t now_ns)
{
    backlog *b = &g->backlogs[p];
    size_t n = b->n;
    pending *ring = b->items;
    size_t head = b->head, cap = b->cap;
    b->items = NULL, b->head = 0, b->n = 0, b->cap = 0;
    for (size_t k = 0; k < n; k++) {
        const pending *w = &ring[(head + k) % cap];
        size_t to = ddb_gsikey_partition_of(&g->key, &g->tr.table.keys, w->tag);
        backlog_push(&g->backlogs[to], w);
        if (to != p) {
            g->backlogs[to].reason = b->reason;
            if (!g->backlogs[to].armed)
                arm_drain(g, q, index, to, now_ns);
        }
    }
    free(ring);
}

/* The index's partitions doubled: its per-partition state follows, entries are placed again, and
 * writes waiting in a backlog move with their keys (writes on their way find them on arrival). */
void ddb_gsis_follow_splits(ddb_gsis *x, ddb_evq *q, size_t index, size_t before, int64_t now_ns)
{
    ddb_gsi *g = &x->g[index];
    size_t n = g->tr.table.n_partitions;
    if (g->counts) /* counted before the split, taken by the partitions they were counted for */
        ddb_gsis_counts_settle(x, q, now_ns);
    g->backlogs = ddb_xrealloc(g->backlogs, n * sizeof *g->backlogs);
    memset(g->backlogs + before, 0, (n - before) * sizeof *g->backlogs);
    ddb_gsikey_refresh(&g->key, &g->tr.table.keys); /* entries are where their keys now are */
    if (g->counts)
        ddb_gsi_counts_follow_splits(g);
    for (size_t p = 0; p < before; p++)
        if (g->backlogs[p].n)
            rehome_backlog(g, q, index, p, now_ns);
}

ddb_tablerun *ddb_gsis_table(ddb_gsis *x, size_t index)
{
    return &x->g[index].tr;
}

/* ---- intervals and the report ---- */

void ddb_gsis_row(const ddb_gsis *x, size_t index, int64_t t_ns, ddb_gsi_row *row)
{
    const ddb_gsi *g = &x->g[index];
    *row = (ddb_gsi_row){t_ns, g->spec->name, g->lag_cur, g->lag_max_cur_ns, g->backlog_n,
                         g->backpressure_cur, g->stale_cur};
}

void ddb_gsis_next_interval(ddb_gsis *x)
{
    for (size_t i = 0; i < x->n; i++) {
        ddb_gsi *g = &x->g[i];
        ddb_quantile_merge(g->lag_total, g->lag_cur);
        ddb_quantile_reset(g->lag_cur);
        if (g->lag_max_cur_ns > g->lag_max_total_ns)
            g->lag_max_total_ns = g->lag_max_cur_ns;
        g->lag_max_cur_ns = 0;
        g->backpressure_total += g->backpressure_cur;
        g->backpressure_cur = 0;
        g->stale_total += g->stale_cur;
        g->stale_cur = 0;
    }
}

ddb_gsi_report *ddb_gsis_report(const ddb_gsis *x)
{
    ddb_gsi_report *out = ddb_xcalloc(x->n ? x->n : 1, sizeof *out);
    for (size_t i = 0; i < x->n; i++) {
        const ddb_gsi *g = &x->g[i];
        ddb_gsi_report *r = &out[i];
        r->name = g->spec->name;
        r->n_partitions = g->tr.table.n_partitions;
        r->rcu = g->spec->rcu;
        r->wcu = g->spec->wcu;
        r->total = g->tr.m.total;
        r->index_writes = g->index_writes;
        r->applied = g->applied;
        r->in_backlog_at_end = g->backlog_n;
        r->propagating_at_end = g->propagating_at_end;
        r->max_backlog = g->max_backlog;
        r->backpressure_throttles = g->backpressure_total;
        r->reads = g->reads_total;
        r->stale_reads = g->stale_total;
        r->lag_ms[0] = ddb_quantile_value(g->lag_total, 0.50) / NS_PER_MS;
        r->lag_ms[1] = ddb_quantile_value(g->lag_total, 0.99) / NS_PER_MS;
        r->lag_ms[2] = (double)g->lag_max_total_ns / NS_PER_MS;
    }
    return out;
}
