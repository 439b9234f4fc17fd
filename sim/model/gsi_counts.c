/* gsi_counts — index writes as counts: the aggregated mode's side of the indexes. See gsi.h
 * ("the aggregated mode") and docs/model.md, "Aggregated mode".
 *
 * Why the probabilities hold: a base write of an item with an entry (probability had) keeps its
 * index key with probability 1 - key_change (a put where the entry is), else draws a new one:
 * present with probability `present` (a put at a key drawn by the key's probabilities), and the
 * old entry is deleted unless the new key is the same (probability present x sum of pmf^2). A
 * write of an item without an entry puts one when present. A delete removes the entry it finds.
 * The old entry's key was itself drawn by the key's probabilities, so deletes spread over the
 * partitions as puts do.
 */
#include "sim/model/gsi_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "sim/model/keymass.h"
#include "sim/support/alloc.h"
#include "sim/support/check.h"
#include "sim/support/normal.h"
#include "sim/support/quantile_dist.h"
#include "sim/support/rng.h"

#define LATE_POINTS 64        /* midpoints over the slice: P(an index write arrives after its
                                 interval) */
#define LATE_SHARE_MIN 1e-9   /* below it, none does */
#define LATE_MEMO 8           /* late shares kept, by the slice's distance to its interval's end */
#define ROOM_SLICES 4         /* base writes go as counts while an index's backlog, with this
                                 many slices of writes sent one by one to partitions that do not
                                 take counts (a propagation delay is within a few slices), stays
                                 under backpressure_backlog */
#define RESERVE_MARGIN 1.25   /* room kept for the index writes of base writes sent one by one:
                                 their expectation times this, plus ... */
#define RESERVE_WRITES 2      /* ... this many index writes */
#define ALL_HOT_MAX (1u << 17) /* an index key with at most this many values has every value told
                                 its counts (so a split for heat finds every key's traffic) */

struct ddb_gsi_counts {
    ddb_keymass km;          /* the index's keys by probability, by index partition */
    double present;          /* P(an item has every key attribute of the index) */
    double same_key;         /* P(two draws of the key are the same key): the sum of pmf^2 */
    double had;              /* P(a base write finds its item with an entry), this slice */
    ddb_quantile_dist lag;   /* the propagation delay's, over the lag sketch's buckets */
    /* Near an interval's end, the lags of the writes that arrive within it (the others go one
     * by one): per slice m slices before the end, the delay's conditioned on arriving before it */
    ddb_quantile_dist *lag_near;
    uint64_t *lag_near_pending;
    size_t n_near;
    int64_t near_slice_ns;   /* the slice length they are for */
    gsl_rng *rng;
    size_t n_parts;
    bool *calm;              /* per partition: it takes index writes without waiting, this slice */
    bool all_calm;           /* every partition is calm this slice, with room for the index
                                writes of the base writes sent one by one (their reserve) */
    uint64_t *pend_n;        /* per partition: taken as counts, not yet told to the index keys */
    int64_t *pend_cost;
    uint64_t lag_pending;    /* taken as counts: their lags not yet in the sketch */
    uint64_t sent_cur, sent_last; /* sent one by one to partitions that do not take counts, this
                                     slice and the last */
    int64_t slice_end_ns, interval_end_ns;
    struct late_memo {      /* late_share of a slice of len ns, before ns from its interval's end */
        int64_t len, before;
        double share;
    } late_memo[LATE_MEMO];
    /* Base writes sent one by one and committed since ob_t0_ns, in a slice where every partition
     * is calm: their index writes counted, taken at the slice's end (ddb_gsis_counts_settle).
     * Items not followed: how many, and their sizes; followed items: their index writes per
     * partition, and their cost. */
    int64_t ob_t0_ns;
    bool ob_pending;
    uint64_t ob_writes, ob_deletes;
    int64_t ob_writes_kb, ob_deletes_kb;
    uint64_t *ob_put_of, *ob_del_of;
    int64_t *ob_cost_of;
    /* Index writes of base writes sent one by one, each with its key, to a calm partition and
     * arriving within the interval (ddb_gsi_counts_take): per partition, how many, puts among
     * them, their cost and the puts' cost; taken at the slice's end too, as the index would
     * take them on arrival (taking them when the base write is admitted drew the partition a
     * propagation delay early, and bursts where a partition turned calm) */
    uint64_t *tk_n, *tk_puts;
    int64_t *tk_cost, *tk_put_cost;
    /* followed items (ddb_gsis_counts_track): by rank, the entry and its key */
    size_t n_items;
    bool *item_entry;
    uint64_t *item_tag;
    uint32_t *rank_of;       /* by key table id: the item's rank, or UINT32_MAX */
    size_t n_rank_of;
    uint64_t *item_put_of, *item_del_of; /* per partition: this slice's index writes of them */
    int64_t *item_cost_of;   /* ... and their cost */
};

static void attribute(ddb_gsi *g);

/* ---- set-up ---- */

bool ddb_gsis_counts_supported(const ddb_gsis *x, const char **why)
{
    for (size_t i = 0; i < x->n; i++) {
        const ddb_gsi *g = &x->g[i];
        const char *key_why;
        if (!ddb_keymass_supported(&g->key.kd, &key_why)) {
            *why = "an index's partition key has no probabilities per key (hashed, a clock part "
                   "or derived)";
            return false;
        }
    }
    return true;
}

static void grow_parts(ddb_gsi_counts *c, size_t n)
{
    c->item_put_of = ddb_xrealloc(c->item_put_of, n * sizeof *c->item_put_of);
    c->item_del_of = ddb_xrealloc(c->item_del_of, n * sizeof *c->item_del_of);
    c->item_cost_of = ddb_xrealloc(c->item_cost_of, n * sizeof *c->item_cost_of);
    c->ob_put_of = ddb_xrealloc(c->ob_put_of, n * sizeof *c->ob_put_of);
    c->ob_del_of = ddb_xrealloc(c->ob_del_of, n * sizeof *c->ob_del_of);
    c->ob_cost_of = ddb_xrealloc(c->ob_cost_of, n * sizeof *c->ob_cost_of);
    c->tk_n = ddb_xrealloc(c->tk_n, n * sizeof *c->tk_n);
    c->tk_puts = ddb_xrealloc(c->tk_puts, n * sizeof *c->tk_puts);
    c->tk_cost = ddb_xrealloc(c->tk_cost, n * sizeof *c->tk_cost);
    c->tk_put_cost = ddb_xrealloc(c->tk_put_cost, n * sizeof *c->tk_put_cost);
    c->calm = ddb_xrealloc(c->calm, n * sizeof *c->calm);
    c->pend_n = ddb_xrealloc(c->pend_n, n * sizeof *c->pend_n);
    c->pend_cost = ddb_xrealloc(c->pend_cost, n * sizeof *c->pend_cost);
    for (size_t p = c->n_parts; p < n; p++) {
        c->item_put_of[p] = c->item_del_of[p] = 0;
        c->item_cost_of[p] = 0;
        c->ob_put_of[p] = c->ob_del_of[p] = 0;
        c->ob_cost_of[p] = 0;
        c->tk_n[p] = c->tk_puts[p] = 0;
        c->tk_cost[p] = c->tk_put_cost[p] = 0;
        c->calm[p] = false;
        c->pend_n[p] = 0;
        c->pend_cost[p] = 0;
    }
    c->n_parts = n;
}

void ddb_gsis_counts_init(ddb_gsis *x, uint64_t seed, size_t n_hot)
{
    for (size_t i = 0; i < x->n; i++) {
        ddb_gsi *g = &x->g[i];
        ddb_gsi_counts *c = ddb_xcalloc(1, sizeof *c);
        ddb_keymass_init(&c->km, &g->key.kd,
                         g->key.kd.domain <= ALL_HOT_MAX ? (size_t)g->key.kd.domain : n_hot);
        ddb_keymass_place(&c->km, &g->tr.table.keys, g->tr.table.n_partitions);
        ddb_gsikey_place_all(&g->key, &g->tr.table.keys, c->km.hash);
        c->present = 1.0;
        for (size_t j = 0; j < g->key.n_sparse; j++) {
            const ddb_dist_spec *sp = &g->key.specs[g->key.sparse_attr[j]];
            c->present *= sp->has_present ? sp->present : 1.0;
        }
        for (uint64_t k = 0; k < c->km.n; k++)
            c->same_key += c->km.pmf[k] * c->km.pmf[k];
        ddb_quantile_dist_lognormal(&c->lag, g->spec->propagation_median_ms * NS_PER_MS,
                                    g->spec->propagation_sigma, 0.0);
        c->rng = ddb_rng_stream_new(seed, DDB_RNG_AGGREGATE, 16 + i);
        grow_parts(c, g->tr.table.n_partitions);
        g->counts = c;
    }
}

void ddb_gsi_counts_destroy(ddb_gsi *g)
{
    ddb_gsi_counts *c = g->counts;
    if (!c)
        return;
    ddb_keymass_destroy(&c->km);
    ddb_quantile_dist_destroy(&c->lag);
    for (size_t m = 0; m < c->n_near; m++)
        ddb_quantile_dist_destroy(&c->lag_near[m]);
    free(c->lag_near);
    free(c->lag_near_pending);
    gsl_rng_free(c->rng);
    free(c->calm);
    free(c->pend_n);
    free(c->pend_cost);
    free(c->item_entry);
    free(c->item_tag);
    free(c->rank_of);
    free(c->item_put_of);
    free(c->item_del_of);
    free(c->item_cost_of);
    free(c->ob_put_of);
    free(c->ob_del_of);
    free(c->ob_cost_of);
    free(c->tk_n);
    free(c->tk_puts);
    free(c->tk_cost);
    free(c->tk_put_cost);
    free(c);
    g->counts = NULL;
}

void ddb_gsi_counts_follow_splits(ddb_gsi *g)
{
    ddb_gsi_counts *c = g->counts;
    attribute(g); /* by the partitions the counts were taken in, before they are placed again */
    grow_parts(c, g->tr.table.n_partitions);
    ddb_keymass_place(&c->km, &g->tr.table.keys, g->tr.table.n_partitions);
    /* a new partition has not been weighed this slice: its writes go one by one */
    memset(c->calm, 0, c->n_parts * sizeof *c->calm);
    c->all_calm = false;
}

/* ---- base writes one by one ---- */

/* The followed item's rank, or UINT32_MAX. */
static uint32_t rank_of(const ddb_gsi_counts *c, uint32_t item)
{
    return item < c->n_rank_of ? c->rank_of[item] : UINT32_MAX;
}

void ddb_gsi_counts_committed(ddb_gsi *g, uint32_t item, bool present, uint64_t tag)
{
    ddb_gsi_counts *c = g->counts;
    uint32_t r = rank_of(c, item);
    if (r == UINT32_MAX)
        return;
    c->item_entry[r] = present;
    c->item_tag[r] = tag;
}

bool ddb_gsi_counts_had(ddb_gsi *g, uint32_t item, uint64_t *tag)
{
    ddb_gsi_counts *c = g->counts;
    uint32_t r = rank_of(c, item);
    if (r != UINT32_MAX) {
        *tag = c->item_tag[r];
        return c->item_entry[r];
    }
    if (ddb_rng_uniform(c->rng) >= c->had)
        return false;
    *tag = ddb_keymass_draw_any(&c->km, c->rng);
    return true;
}

bool ddb_gsi_counts_take(ddb_gsi *g, uint64_t tag, int64_t cost_milli, bool is_put,
                         int64_t base_ns, int64_t delay_ns)
{
    ddb_gsi_counts *c = g->counts;
    size_t p = ddb_gsikey_partition_of(&g->key, &g->tr.table.keys, tag);
    if (!c->calm[p]) {
        c->sent_cur++;
        return false;
    }
    if (base_ns + delay_ns >= c->interval_end_ns || base_ns >= c->slice_end_ns)
        return false;
    c->tk_n[p]++;
    c->tk_puts[p] += is_put;
    c->tk_cost[p] += cost_milli;
    c->tk_put_cost[p] += is_put ? cost_milli : 0;
    c->ob_pending = true;
    return true;
}

/* ---- followed items ---- */

bool ddb_gsis_counts_keeps_keys(const ddb_gsis *x)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->g[i].spec->key_change < 1.0)
            return true;
    return false;
}

void ddb_gsis_counts_track(ddb_gsis *x, size_t n, const uint32_t *ids)
{
    uint32_t top = 0;
    for (size_t r = 0; r < n; r++)
        top = ids[r] > top ? ids[r] : top;
    for (size_t i = 0; i < x->n; i++) {
        ddb_gsi_counts *c = x->g[i].counts;
        c->n_items = n;
        c->item_entry = ddb_xcalloc(n ? n : 1, sizeof *c->item_entry);
        c->item_tag = ddb_xcalloc(n ? n : 1, sizeof *c->item_tag);
        c->n_rank_of = n ? (size_t)top + 1 : 0;
        c->rank_of = ddb_xmalloc((c->n_rank_of ? c->n_rank_of : 1) * sizeof *c->rank_of);
        for (size_t k = 0; k < c->n_rank_of; k++)
            c->rank_of[k] = UINT32_MAX;
        for (size_t r = 0; r < n; r++)
            c->rank_of[ids[r]] = (uint32_t)r;
    }
}

/* One index write of a followed item into the slice's: of its base writes admitted as counts
 * (taken with the slice's, at its start), or sent one by one (taken at its end: at_end). */
static void item_write(ddb_gsi *g, uint64_t tag, bool is_put, int64_t cost_milli, bool at_end)
{
    ddb_gsi_counts *c = g->counts;
    size_t p = ddb_gsikey_partition_of(&g->key, &g->tr.table.keys, tag);
    if (at_end) {
        *(is_put ? &c->ob_put_of[p] : &c->ob_del_of[p]) += 1;
        c->ob_cost_of[p] += cost_milli;
        return;
    }
    *(is_put ? &c->item_put_of[p] : &c->item_del_of[p]) += 1;
    c->item_cost_of[p] += cost_milli;
}

/* A write of followed item r that draws its index key: a put at the new key, if present, and a
 * delete of the old entry unless it is the same key. */
static void item_redraw(ddb_gsi *g, size_t r, int64_t cost_milli, bool at_end)
{
    ddb_gsi_counts *c = g->counts;
    bool present = c->present >= 1.0 || ddb_rng_uniform(c->rng) < c->present;
    uint64_t tag = present ? ddb_keymass_draw_any(&c->km, c->rng) : 0;
    if (c->item_entry[r] && (!present || tag != c->item_tag[r]))
        item_write(g, c->item_tag[r], false, cost_milli, at_end);
    if (present)
        item_write(g, tag, true, cost_milli, at_end);
    c->item_entry[r] = present;
    c->item_tag[r] = tag;
}

/* n non-delete writes of a followed item on index g, in order, as the exact mode plans them
 * (ddb_gsis_plan): without an entry, a write draws its key (present or not); with one, it keeps
 * it (a put where it is) until a write redraws it, which comes after a geometric number of
 * writes (probability key_change each): a put at the new key and a delete of the old unless the
 * same, or a delete when absent. */
static void item_writes(ddb_gsi *g, size_t r, uint64_t n, int64_t cost_milli)
{
    ddb_gsi_counts *c = g->counts;
    double kc = g->spec->key_change;
    while (n > 0) {
        if (c->item_entry[r]) {
            uint64_t keep = kc >= 1.0 ? 0 : kc <= 0.0 ? n : gsl_ran_geometric(c->rng, kc) - 1u;
            keep = keep < n ? keep : n;
            for (uint64_t k = 0; k < keep; k++)
                item_write(g, c->item_tag[r], true, cost_milli, false);
            n -= keep;
            if (!n)
                break;
        }
        n--;
        item_redraw(g, r, cost_milli, false);
    }
}

void ddb_gsis_counts_item(ddb_gsis *x, size_t rank, bool is_delete, uint64_t n, int64_t item_milli)
{
    for (size_t i = 0; i < x->n && n > 0; i++) {
        ddb_gsi *g = &x->g[i];
        ddb_gsi_counts *c = g->counts;
        /* projection ALL: the items' mean size, at least 1 unit (ddb_gsi_entry_cost_milli) */
        int64_t cost = g->fixed_cost_milli ? g->fixed_cost_milli
                                           : item_milli > DDB_MILLI ? item_milli : DDB_MILLI;
        if (!is_delete) {
            item_writes(g, rank, n, cost);
        } else if (c->item_entry[rank]) { /* the first delete removes the entry */
            item_write(g, c->item_tag[rank], false, cost, false);
            c->item_entry[rank] = false;
        }
    }
}

/* ---- base writes sent one by one, as counts at the slice's end ---- */

bool ddb_gsi_counts_defer(const ddb_gsi *g, int64_t now_ns)
{
    const ddb_gsi_counts *c = g->counts;
    return c->all_calm && now_ns >= c->ob_t0_ns && now_ns < c->slice_end_ns &&
           g->backlog_n < g->backpressure_backlog;
}

void ddb_gsi_counts_deferred(ddb_gsi *g, uint32_t item, bool is_delete, int64_t item_kb)
{
    ddb_gsi_counts *c = g->counts;
    c->ob_pending = true;
    uint32_t r = rank_of(c, item);
    if (r == UINT32_MAX) { /* drawn with the others at the slice's end */
        *(is_delete ? &c->ob_deletes : &c->ob_writes) += 1;
        *(is_delete ? &c->ob_deletes_kb : &c->ob_writes_kb) += item_kb;
        return;
    }
    int64_t cost = ddb_gsi_write_cost_milli(g, item_kb);
    double kc = g->key_change;
    if (is_delete) {
        if (c->item_entry[r])
            item_write(g, c->item_tag[r], false, cost, true);
        c->item_entry[r] = false;
    } else if (c->item_entry[r] && kc < 1.0 && (kc <= 0.0 || ddb_rng_uniform(c->rng) >= kc)) {
        item_write(g, c->item_tag[r], true, cost, true); /* it keeps its index key */
    } else {
        item_redraw(g, r, cost, true);
    }
}

/* ---- the slice ---- */

void ddb_gsis_counts_fresh(ddb_gsis *x, double fresh, double nondelete_share)
{
    double a = nondelete_share;
    for (size_t i = 0; i < x->n; i++) {
        ddb_gsi *g = &x->g[i];
        ddb_gsi_counts *c = g->counts;
        /* An item written before has an entry with the stationary probability of the chain
         * entry -> none (a delete, or a new key that is absent) and none -> entry (a write whose
         * key is present). */
        double leave = (1.0 - a) + a * g->spec->key_change * (1.0 - c->present);
        double enter = a * c->present;
        double in_index = enter + leave > 0.0 ? enter / (enter + leave) : 0.0;
        c->had = in_index * (1.0 - fresh);
    }
}

bool ddb_gsis_counts_room(const ddb_gsis *x)
{
    for (size_t i = 0; i < x->n; i++) {
        const ddb_gsi *g = &x->g[i];
        if (g->backlog_n + ROOM_SLICES * g->counts->sent_last >= g->spec->backpressure_backlog)
            return false;
    }
    return true;
}

/* P(an index write sent at a uniform time of [t0, t1) arrives at or after end). It depends on the
 * slice's length and its distance to the end alone, which repeat from interval to interval: the
 * last few are kept (LATE_POINTS evaluations of the distribution each). */
static double late_share(const ddb_gsi *g, int64_t t0, int64_t t1, int64_t end)
{
    double median = g->spec->propagation_median_ms * NS_PER_MS, sigma = g->spec->propagation_sigma;
    int64_t len = t1 - t0, before = end - t1;
    /* beyond the delay's 1 - 10^-9 quantile (6 standard normal deviations) none arrives late */
    if ((double)before > median * exp(6.0 * sigma))
        return 0.0;
    struct late_memo *m = &g->counts->late_memo[(size_t)(before / len) % LATE_MEMO];
    if (m->len == len && m->before == before)
        return m->share;
    double sum = 0.0;
    for (int k = 0; k < LATE_POINTS; k++) {
        double t = ((double)k + 0.5) * (double)len / LATE_POINTS;
        sum += 1.0 - ddb_lognormal_cdf((double)(before + len) - t, median, sigma);
    }
    double share = sum / LATE_POINTS;
    *m = (struct late_memo){len, before, share < LATE_SHARE_MIN ? 0.0 : share};
    return m->share;
}

/* n index writes of partition p sent one by one: each a key of p's, a base time in the slice and
 * its own delay; when late_only, conditioned on arriving at or after the interval's end (those
 * are the ones that do). Sent at the slice's end, a write whose arrival has passed
 * arrives now. */
static void send_each(ddb_gsi *g, ddb_evq *q, size_t index, size_t p, uint64_t n, bool is_put,
                      int64_t cost_milli, const ddb_gsi_slice *s, bool late_only, int64_t now_ns)
{
    ddb_gsi_counts *c = g->counts;
    uint64_t span = (uint64_t)(s->t1_ns - s->t0_ns);
    for (; n > 0; n--) {
        int64_t base, delay;
        if (late_only) { /* (late_share says some are) */
            ddb_lognormal_draw_late(c->rng, g->propagation_median_ms, g->propagation_sigma,
                                    MAX_DELAY_MS, s->t1_ns - s->t0_ns,
                                    s->interval_end_ns - s->t1_ns, &base, &delay);
            base += s->t0_ns;
        } else {
            base = s->t0_ns + (int64_t)ddb_rng_uniform_int(c->rng, span);
            delay = ddb_gsi_draw_delay_ns(g);
        }
        uint64_t tag = ddb_keymass_draw(&c->km, p, c->rng);
        int64_t at = base + delay > now_ns ? base + delay : now_ns;
        ddb_gsi_send_one(g, q, index, tag, DDB_KEYTAB_NONE, cost_milli, base, at, is_put);
        c->sent_cur += !late_only;
    }
}

/* The largest of n lags drawn from the propagation delay: its inverse at U^(1/n), to the lag
 * sketch's bucket. */
static int64_t largest_lag_ns(const ddb_gsi_counts *c, uint64_t n, double u)
{
    return (int64_t)ddb_quantile_dist_inverse(&c->lag, pow(u, 1.0 / (double)n));
}

/* Whether an index partition asked cost_milli over the slice is near the heat that splits it
 * (ddb_dynamics_near_split_heat), where its keys' traffic matters one by one: unless every index
 * key is told its counts. */
static bool near_heat(const ddb_gsi *g, int64_t cost_milli, const ddb_gsi_slice *s)
{
    if (g->counts->km.n_hot == g->counts->km.n)
        return false;
    double per_s = (double)cost_milli / ((double)(s->t1_ns - s->t0_ns) / 1e9);
    return ddb_dynamics_near_split_heat(&g->tr.dyn.cfg, DDB_WRITE, per_s);
}

/* The lag distribution of writes sent k slices of len_ns before their interval's end and
 * arriving within it: another index's, when one with the same propagation delay has it (each
 * costs the sketch's buckets times LATE_POINTS evaluations of the distribution), else computed. */
static void lag_near_init(const ddb_gsis *x, const ddb_gsi *g, ddb_quantile_dist *d, size_t k,
                          int64_t len_ns)
{
    for (size_t i = 0; i < x->n; i++) {
        const ddb_gsi *o = &x->g[i];
        const ddb_gsi_counts *oc = o->counts;
        if (o != g && oc && oc->near_slice_ns == len_ns && k < oc->n_near &&
            o->spec->propagation_median_ms == g->spec->propagation_median_ms &&
            o->spec->propagation_sigma == g->spec->propagation_sigma) {
            ddb_quantile_dist_copy(d, &oc->lag_near[k]);
            return;
        }
    }
    ddb_quantile_dist_lognormal_below(d, g->spec->propagation_median_ms * NS_PER_MS,
                                      g->spec->propagation_sigma, 0.0, (double)k * (double)len_ns,
                                      (double)(k + 1) * (double)len_ns, LATE_POINTS);
}

/* Where the lags of the slice's writes taken as counts wait for the sketch: with those of the
 * slices as far from their interval's end when some arrive too late for it (a distribution
 * conditioned on arriving in time, computed once per distance), else with the rest. */
static uint64_t *lags_of(const ddb_gsis *x, ddb_gsi *g, const ddb_gsi_slice *s, double late)
{
    ddb_gsi_counts *c = g->counts;
    int64_t len = s->t1_ns - s->t0_ns, before_end = s->interval_end_ns - s->t1_ns;
    if (late <= 0.0)
        return &c->lag_pending;
    if (c->near_slice_ns != len) { /* a slice of another length (the run's last): start over */
        for (size_t m = 0; m < c->n_near; m++)
            ddb_quantile_dist_destroy(&c->lag_near[m]);
        free(c->lag_near);
        free(c->lag_near_pending);
        c->lag_near = NULL;
        c->lag_near_pending = NULL;
        c->n_near = 0;
        c->near_slice_ns = len;
    }
    size_t m = (size_t)(before_end / len);
    if (m >= c->n_near) {
        c->lag_near = ddb_xrealloc(c->lag_near, (m + 1) * sizeof *c->lag_near);
        c->lag_near_pending = ddb_xrealloc(c->lag_near_pending, (m + 1) * sizeof *c->lag_near_pending);
        for (size_t k = c->n_near; k <= m; k++) {
            lag_near_init(x, g, &c->lag_near[k], k, len);
            c->lag_near_pending[k] = 0;
        }
        c->n_near = m + 1;
    }
    return &c->lag_near_pending[m];
}

/* Counts over the index's partitions by their keys' mass: n_of[p] (a multinomial draw): fewer
 * than the partitions, each one's partition drawn; else a binomial per partition, conditional on
 * those before it. */
static void spread(ddb_gsi_counts *c, uint64_t n, uint64_t *n_of)
{
    if (n < c->n_parts) {
        memset(n_of, 0, c->n_parts * sizeof *n_of);
        for (; n > 0; n--)
            n_of[gsl_ran_discrete(c->rng, c->km.parts)]++;
        return;
    }
    double left = 1.0;
    for (size_t p = 0; p < c->n_parts; p++) {
        double m = c->km.mass[p];
        n_of[p] = n && left > 0.0 ? gsl_ran_binomial(c->rng, fmin(1.0, m / left), (unsigned)n) : 0;
        n -= n_of[p];
        left -= m;
    }
    n_of[c->n_parts - 1] += n; /* rounding in the masses: the rest to the last */
}

/* How many of n base writes and d deletes of items not followed become index puts and deletes
 * (binomial draws), and one entry size for them all: exact for a projection of fixed size, the
 * items' mean for ALL (in milli-units, at least 1 unit: each item is whole units, their mean is
 * not, and rounding it to a whole unit would move every entry of the slice the same way).
 * p_write: the probability that a base write (not a delete) becomes an index write. */
static void draw_index_writes(ddb_gsi *g, uint64_t writes, uint64_t deletes, int64_t writes_kb,
                              int64_t deletes_kb, uint64_t *puts, uint64_t *dels, int64_t *entry,
                              double *p_write)
{
    ddb_gsi_counts *c = g->counts;
    double h = c->had, keep = h * (1.0 - g->spec->key_change);
    double p_put = keep + (1.0 - keep) * c->present;
    double p_del = h * g->spec->key_change * (1.0 - c->present * c->same_key);
    *puts = writes ? gsl_ran_binomial(c->rng, p_put, (unsigned)writes) : 0;
    uint64_t dels_w = writes ? gsl_ran_binomial(c->rng, p_del, (unsigned)writes) : 0;
    uint64_t dels_d = deletes ? gsl_ran_binomial(c->rng, h, (unsigned)deletes) : 0;
    *dels = dels_w + dels_d;
    *p_write = p_put + p_del;
    *entry = ddb_gsi_entry_cost_milli(g->spec, 1);
    if (!g->spec->has_projected_bytes && g->spec->projection != DDB_PROJECTION_KEYS_ONLY) {
        double w = writes ? (double)writes_kb / (double)writes : 1.0;
        double d = deletes ? (double)deletes_kb / (double)deletes : 1.0;
        uint64_t n = *puts + *dels;
        double kb = n ? ((double)(*puts + dels_w) * w + (double)dels_d * d) / (double)n : w;
        *entry = (int64_t)llround((kb < 1.0 ? 1.0 : kb) * DDB_MILLI);
    }
}

/* Partition p takes n index writes of cost_milli in all (puts of put_milli), as counts: the
 * index's metrics and data; their keys are told later (attribute) and their lags with the
 * slice's. */
static void take_counts(ddb_gsi *g, size_t p, uint64_t n, int64_t put_milli, int64_t cost_milli)
{
    ddb_gsi_counts *c = g->counts;
    ddb_metrics_admitted_n(&g->tr.m, p, DDB_WRITE, n, cost_milli);
    g->index_writes += n;
    g->applied += n;
    if (g->tr.dyn.cfg.grows)
        g->tr.table.parts[p].size_bytes += put_milli * 1024 / DDB_MILLI;
    c->pend_n[p] += n;
    c->pend_cost[p] += cost_milli;
}

/* taken index writes of slice s (late: the share that arrives after its interval): their lags,
 * and the largest among them. */
static void lags_taken(const ddb_gsis *x, ddb_gsi *g, const ddb_gsi_slice *s, double late,
                       uint64_t taken)
{
    if (!taken)
        return;
    *lags_of(x, g, s, late) += taken;
    int64_t most = largest_lag_ns(g->counts, taken, ddb_rng_uniform(g->counts->rng));
    if (most > g->lag_max_cur_ns)
        g->lag_max_cur_ns = most;
}

static void index_slice(ddb_gsis *x, ddb_evq *q, size_t index, const ddb_gsi_slice *s)
{
    ddb_gsi *g = &x->g[index];
    ddb_gsi_counts *c = g->counts;
    c->slice_end_ns = s->t1_ns;
    c->interval_end_ns = s->interval_end_ns;
    c->ob_t0_ns = s->t0_ns;
    c->sent_last = c->sent_cur;
    c->sent_cur = 0;
    uint64_t puts, dels;
    int64_t entry;
    double p_write;
    draw_index_writes(g, s->writes, s->deletes, s->writes_kb, s->deletes_kb, &puts, &dels, &entry,
                      &p_write);
    size_t np = c->n_parts;
    uint64_t *put_of = ddb_xmalloc(2 * np * sizeof *put_of), *del_of = put_of + np;
    spread(c, puts, put_of);
    spread(c, dels, del_of);
    /* the followed items' own index writes, with their own costs */
    int64_t items_cost = 0;
    for (size_t p = 0; p < np; p++)
        items_cost += c->item_cost_of[p];
    double late = late_share(g, s->t0_ns, s->t1_ns, s->interval_end_ns);
    double reserve_writes = (double)s->one_by_one * p_write * RESERVE_MARGIN;
    int64_t total = (int64_t)(puts + dels) * entry + (int64_t)reserve_writes * entry + items_cost;
    bool table_ok = ddb_table_shared_tokens_milli(&g->tr.table, DDB_WRITE, s->t0_ns) >= total;
    uint64_t taken = 0;
    c->all_calm = true;
    for (size_t p = 0; p < np; p++) {
        /* The followed items' writes join the others: with a fixed projection their cost is the
         * same; with ALL their own sizes count, except for those that go one by one (at the
         * slice's mean). */
        uint64_t items = c->item_put_of[p] + c->item_del_of[p];
        if (items) {
            put_of[p] += c->item_put_of[p];
            del_of[p] += c->item_del_of[p];
        }
        int64_t extra = items ? c->item_cost_of[p] - (int64_t)items * entry : 0;
        c->item_put_of[p] = c->item_del_of[p] = 0;
        c->item_cost_of[p] = 0;
        uint64_t late_put = late > 0.0 && put_of[p] ? gsl_ran_binomial(c->rng, late, (unsigned)put_of[p]) : 0;
        uint64_t late_del = late > 0.0 && del_of[p] ? gsl_ran_binomial(c->rng, late, (unsigned)del_of[p]) : 0;
        uint64_t now_put = put_of[p] - late_put, now_del = del_of[p] - late_del;
        int64_t cost = (int64_t)(now_put + now_del) * entry + (late_put + late_del ? 0 : extra);
        int64_t reserve = (int64_t)ceil(reserve_writes * c->km.mass[p] + RESERVE_WRITES) * entry;
        c->calm[p] = g->backlogs[p].n == 0 && table_ok && !near_heat(g, cost, s) &&
                     ddb_table_admit_bulk(&g->tr.table, p, DDB_WRITE, cost, reserve, total, s->t0_ns);
        /* the base writes sent one by one count as well when every partition has room for
         * their index writes, and is far from its heat with them */
        c->all_calm = c->all_calm && c->calm[p] && !near_heat(g, cost + reserve, s);
        if (!c->calm[p]) {
            send_each(g, q, index, p, put_of[p], true, entry, s, false, s->t0_ns);
            send_each(g, q, index, p, del_of[p], false, entry, s, false, s->t0_ns);
            continue;
        }
        if (now_put + now_del) {
            take_counts(g, p, now_put + now_del, (int64_t)now_put * entry, cost);
            taken += now_put + now_del;
        }
        send_each(g, q, index, p, late_put, true, entry, s, true, s->t0_ns);
        send_each(g, q, index, p, late_del, false, entry, s, true, s->t0_ns);
    }
    free(put_of);
    lags_taken(x, g, s, late, taken);
}

/* The index writes of the base writes sent one by one and counted since c->ob_t0_ns, at now_ns
 * (the slice's end, or earlier when something reads the index first): those counted without a
 * key (ddb_gsi_counts_deferred) drawn and spread as the slice's, those counted with theirs
 * (ddb_gsi_counts_take) by their partitions; taken where the partition's buckets hold them (the
 * slice kept room for them); those that would arrive after the interval's end, and those a
 * partition cannot take, go one by one. */
static void settle_index(ddb_gsis *x, ddb_evq *q, size_t index, int64_t now_ns)
{
    ddb_gsi *g = &x->g[index];
    ddb_gsi_counts *c = g->counts;
    ddb_gsi_slice s = {.t0_ns = c->ob_t0_ns, .t1_ns = now_ns < c->slice_end_ns ? now_ns : c->slice_end_ns,
                       .interval_end_ns = c->interval_end_ns};
    c->ob_pending = false;
    c->ob_t0_ns = now_ns;
    uint64_t puts, dels;
    int64_t entry;
    double p_write;
    draw_index_writes(g, c->ob_writes, c->ob_deletes, c->ob_writes_kb, c->ob_deletes_kb, &puts,
                      &dels, &entry, &p_write);
    c->ob_writes = c->ob_deletes = 0;
    c->ob_writes_kb = c->ob_deletes_kb = 0;
    size_t np = c->n_parts;
    uint64_t *put_of = ddb_xmalloc(2 * np * sizeof *put_of), *del_of = put_of + np;
    spread(c, puts, put_of);
    spread(c, dels, del_of);
    double late = s.t1_ns > s.t0_ns ? late_share(g, s.t0_ns, s.t1_ns, s.interval_end_ns) : 0.0;
    int64_t total = (int64_t)(puts + dels) * entry;
    for (size_t p = 0; p < np; p++)
        total += c->ob_cost_of[p];
    uint64_t taken = 0;
    for (size_t p = 0; p < np; p++) {
        uint64_t items = c->ob_put_of[p] + c->ob_del_of[p];
        put_of[p] += c->ob_put_of[p];
        del_of[p] += c->ob_del_of[p];
        int64_t extra = items ? c->ob_cost_of[p] - (int64_t)items * entry : 0;
        c->ob_put_of[p] = c->ob_del_of[p] = 0;
        c->ob_cost_of[p] = 0;
        if (!put_of[p] && !del_of[p])
            continue;
        uint64_t late_put = late > 0.0 && put_of[p] ? gsl_ran_binomial(c->rng, late, (unsigned)put_of[p]) : 0;
        uint64_t late_del = late > 0.0 && del_of[p] ? gsl_ran_binomial(c->rng, late, (unsigned)del_of[p]) : 0;
        uint64_t now_put = put_of[p] - late_put, now_del = del_of[p] - late_del;
        int64_t cost = (int64_t)(now_put + now_del) * entry + (late_put + late_del ? 0 : extra);
        if (now_put + now_del == 0 ||
            ddb_table_admit_bulk(&g->tr.table, p, DDB_WRITE, cost, 0, total, now_ns)) {
            if (now_put + now_del)
                take_counts(g, p, now_put + now_del, (int64_t)now_put * entry, cost);
            taken += now_put + now_del;
            send_each(g, q, index, p, late_put, true, entry, &s, true, now_ns);
            send_each(g, q, index, p, late_del, false, entry, &s, true, now_ns);
        } else {
            send_each(g, q, index, p, put_of[p], true, entry, &s, false, now_ns);
            send_each(g, q, index, p, del_of[p], false, entry, &s, false, now_ns);
        }
    }
    free(put_of);
    /* the writes with their keys, known to arrive within the interval: their lags are the
     * delay's conditioned on it, as the slice's counts' */
    for (size_t p = 0; p < np; p++) {
        uint64_t n = c->tk_n[p], n_put = c->tk_puts[p];
        int64_t cost = c->tk_cost[p], put_cost = c->tk_put_cost[p];
        if (!n)
            continue;
        c->tk_n[p] = c->tk_puts[p] = 0;
        c->tk_cost[p] = c->tk_put_cost[p] = 0;
        if (ddb_table_admit_bulk(&g->tr.table, p, DDB_WRITE, cost, 0, cost, now_ns)) {
            take_counts(g, p, n, put_cost, cost);
            taken += n;
        } else {
            send_each(g, q, index, p, n_put, true, cost / (int64_t)n, &s, false, now_ns);
            send_each(g, q, index, p, n - n_put, false, cost / (int64_t)n, &s, false, now_ns);
        }
    }
    lags_taken(x, g, &s, late, taken);
}

void ddb_gsis_counts_settle(ddb_gsis *x, ddb_evq *q, int64_t now_ns)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->g[i].counts && x->g[i].counts->ob_pending)
            settle_index(x, q, i, now_ns);
}

void ddb_gsis_counts_slice(ddb_gsis *x, ddb_evq *q, const ddb_gsi_slice *s)
{
    for (size_t i = 0; i < x->n; i++)
        index_slice(x, q, i, s);
}

/* ---- what reads the counts ---- */

typedef struct credit_ctx {
    ddb_gsi *g;
} credit_ctx;

static void credit_one(void *ctx, uint64_t key, uint64_t n, int64_t cost_milli)
{
    ddb_gsi_count_key(((credit_ctx *)ctx)->g, key, DDB_WRITE, n, cost_milli, true, true);
}

/* Index g's counts to its keys, by the partitions they were counted in. */
static void attribute(ddb_gsi *g)
{
    ddb_gsi_counts *c = g->counts;
    credit_ctx ctx = {g};
    for (size_t p = 0; p < c->n_parts; p++)
        if (c->pend_n[p]) {
            ddb_keymass_spread(&c->km, p, c->pend_n[p], c->pend_cost[p], c->rng, credit_one, &ctx);
            c->pend_n[p] = 0;
            c->pend_cost[p] = 0;
        }
}

void ddb_gsis_counts_lags(ddb_gsis *x)
{
    for (size_t i = 0; i < x->n; i++) {
        ddb_gsi *g = &x->g[i];
        ddb_gsi_counts *c = g->counts;
        ddb_quantile_dist_add(g->lag_cur, &c->lag, c->lag_pending, ddb_rng_uniform(c->rng));
        c->lag_pending = 0;
        for (size_t m = 0; m < c->n_near; m++)
            if (c->lag_near_pending[m]) {
                ddb_quantile_dist_add(g->lag_cur, &c->lag_near[m], c->lag_near_pending[m],
                                      ddb_rng_uniform(c->rng));
                c->lag_near_pending[m] = 0;
            }
    }
}

void ddb_gsis_counts_attribute(ddb_gsis *x)
{
    for (size_t i = 0; i < x->n; i++)
        attribute(&x->g[i]);
}
