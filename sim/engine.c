/* engine — the event loop tying workload, table, metrics and writers together. See engine.h. */
#include "sim/engine.h"

#include <stdlib.h>
#include <string.h>
#include "sim/alloc.h"
#include "sim/capacity.h"
#include "sim/check.h"
#include "sim/evq.h"
#include "sim/keytab.h"
#include "sim/out_csv.h"
#include "sim/out_file.h"
#include "sim/out_json.h"
#include "sim/rng.h"
#include "workloads/dist.h"
#include "workloads/rate.h"
#include "workloads/template.h"

enum { EV_RETRY = 1 };

/* Dense key numbers up to this many keys (an index of 16 MB); beyond, keys are hashed. */
#define DENSE_KEYS_MAX (1ULL << 22)
/* Hashed mode tracks at most this many distinct keys. */
#define HASHED_KEYS_MAX ((size_t)1 << 20)
#define NS_PER_S 1000000000LL

typedef struct key_drawer {
    const ddb_template *tpl;
    ddb_dist_spec *specs;    /* shallow copies of the attributes' specs, for rendering */
    ddb_dist **dists;        /* per attribute; NULL when the key does not use it */
    gsl_rng **attr_rng;
    gsl_rng **shard_rng;     /* per template part; NULL unless a {shard:N} */
    uint64_t *attr_values;
    uint64_t *shard_values;
    uint64_t *radix;         /* per part: its domain in the dense key number (1 for literals) */
    uint64_t domain;         /* dense key numbers 0..domain-1; 0 = keys are hashed */
    char buf[DDB_KEY_MAX_BYTES + 1];
} key_drawer;

typedef struct engine {
    const ddb_scenario *s;
    ddb_table table;
    ddb_metrics m;
    ddb_keytab keys;
    ddb_evq q;
    ddb_arrivals arrivals;
    gsl_rng *rng_arrivals, *rng_mix, *rng_size, *rng_retry;
    key_drawer kd;
    double mix_cdf[DDB_OP_COUNT];
    int64_t provisioned_milli[2];
    size_t scan_cursor;
    uint64_t capped_items;
    bool write_files;
    ddb_outfile ts, parts;
} engine;

/* ---- key drawing ---- */

static void drawer_init(key_drawer *kd, const ddb_scenario *s)
{
    memset(kd, 0, sizeof *kd);
    kd->tpl = &s->pk;
    size_t na = s->n_attrs ? s->n_attrs : 1, np = s->pk.n_parts ? s->pk.n_parts : 1;
    kd->specs = ddb_xcalloc(na, sizeof *kd->specs);
    for (size_t a = 0; a < s->n_attrs; a++)
        kd->specs[a] = s->attrs[a].spec;
    kd->dists = ddb_xcalloc(na, sizeof *kd->dists);
    kd->attr_rng = ddb_xcalloc(na, sizeof *kd->attr_rng);
    kd->attr_values = ddb_xcalloc(na, sizeof *kd->attr_values);
    kd->shard_rng = ddb_xcalloc(np, sizeof *kd->shard_rng);
    kd->shard_values = ddb_xcalloc(np, sizeof *kd->shard_values);
    kd->radix = ddb_xcalloc(np, sizeof *kd->radix);
    for (size_t i = 0; i < s->pk.n_parts; i++) {
        const ddb_tpl_part *part = &s->pk.parts[i];
        kd->radix[i] = 1;
        if (part->kind == DDB_TPL_ATTR) {
            const ddb_dist_spec *spec = &s->attrs[part->attr].spec;
            if (!kd->dists[part->attr] && spec->kind != DDB_DIST_CLOCK) {
                kd->dists[part->attr] = ddb_dist_new(spec);
                kd->attr_rng[part->attr] = ddb_rng_stream_new(s->seed, DDB_RNG_ATTR, part->attr);
            }
            kd->radix[i] = ddb_dist_domain(spec);
        } else if (part->kind == DDB_TPL_SHARD) {
            kd->shard_rng[i] = ddb_rng_stream_new(s->seed, DDB_RNG_SHARD, i);
            kd->radix[i] = part->shard_n;
        }
    }
    kd->domain = ddb_template_domain(&s->pk, kd->specs, DENSE_KEYS_MAX);
}

static void drawer_destroy(key_drawer *kd, size_t n_attrs, size_t n_parts)
{
    for (size_t a = 0; a < n_attrs; a++) {
        if (kd->dists[a])
            ddb_dist_free(kd->dists[a]);
        if (kd->attr_rng[a])
            gsl_rng_free(kd->attr_rng[a]);
    }
    for (size_t i = 0; i < n_parts; i++)
        if (kd->shard_rng[i])
            gsl_rng_free(kd->shard_rng[i]);
    free(kd->specs);
    free(kd->dists);
    free(kd->attr_rng);
    free(kd->attr_values);
    free(kd->shard_rng);
    free(kd->shard_values);
    free(kd->radix);
}

/* Draw this request's attribute values and shards; return the dense key number (meaningful
 * only when the key's domain is finite). */
static uint64_t draw_parts(key_drawer *kd, size_t n_attrs)
{
    const ddb_template *t = kd->tpl;
    for (size_t a = 0; a < n_attrs; a++)
        if (kd->dists[a])
            kd->attr_values[a] = ddb_dist_draw(kd->dists[a], kd->attr_rng[a]);
    uint64_t index = 0;
    for (size_t i = 0; i < t->n_parts; i++) {
        const ddb_tpl_part *part = &t->parts[i];
        uint64_t v = 0;
        if (part->kind == DDB_TPL_SHARD) {
            v = gsl_rng_uniform_int(kd->shard_rng[i], part->shard_n);
            kd->shard_values[i] = v;
        } else if (part->kind == DDB_TPL_ATTR) {
            v = kd->attr_values[part->attr];
        }
        index = index * kd->radix[i] + v;
    }
    return index;
}

static size_t render_key(key_drawer *kd, int64_t now_ns)
{
    ddb_tpl_values v = {kd->specs, kd->attr_values, kd->shard_values, now_ns};
    size_t len = ddb_template_render(kd->tpl, &v, kd->buf, sizeof kd->buf);
    DDB_CHECK(len < sizeof kd->buf, "key of %zu bytes exceeds the validated maximum", len);
    return len;
}

/* The first time a dense key number is drawn: render and hash its key, place it, and fill its
 * slot. */
static void first_draw(engine *e, ddb_keyslot *slot, uint64_t index, int64_t now_ns)
{
    uint32_t id;
    ddb_keystat *k = ddb_keytab_dense(&e->keys, index, &id);
    size_t len = render_key(&e->kd, now_ns);
    uint64_t h = ddb_key_hash(e->kd.buf, len);
    ddb_keytab_name_set(&e->keys, k, e->kd.buf, len, h);
    k->partition = (uint32_t)ddb_keyspace_lookup(&e->table.keys, h);
    slot->partition = k->partition;
}

/* A key that follows the clock (or has too many values for a dense index): render, hash, find. */
static uint32_t draw_hashed_key(engine *e, int64_t now_ns, size_t *partition)
{
    draw_parts(&e->kd, e->s->n_attrs);
    size_t len = render_key(&e->kd, now_ns);
    uint64_t h = ddb_key_hash(e->kd.buf, len);
    uint32_t id;
    ddb_keystat *k = ddb_keytab_find(&e->keys, h, e->kd.buf, len, &id);
    *partition = ddb_keyspace_lookup(&e->table.keys, h);
    if (k)
        k->partition = (uint32_t)*partition;
    return id;
}

/* ---- what a request costs ---- */

static enum ddb_op draw_op(engine *e)
{
    double u = gsl_rng_uniform(e->rng_mix);
    enum ddb_op last = DDB_OP_GET;
    for (int op = 0; op < DDB_OP_COUNT; op++) {
        if (e->s->mix[op] <= 0.0)
            continue;
        last = (enum ddb_op)op;
        if (u < e->mix_cdf[op])
            return last;
    }
    return last; /* u beyond the rounded sum of the weights */
}

static uint64_t draw_size(engine *e)
{
    bool capped = false;
    uint32_t b = ddb_size_draw(&e->s->item_bytes, e->rng_size, &capped);
    e->capped_items += capped;
    return b;
}

/* The bytes a Query or Scan page returns: `items` drawn sizes, stopping at 1 MB. */
static uint64_t page_bytes(engine *e, uint32_t items)
{
    if (e->s->item_bytes.kind == DDB_SIZE_FIXED) {
        uint64_t total = (uint64_t)items * e->s->item_bytes.bytes;
        return total < DDB_PAGE_MAX_BYTES ? total : DDB_PAGE_MAX_BYTES;
    }
    uint64_t total = 0;
    for (uint32_t i = 0; i < items && total < DDB_PAGE_MAX_BYTES; i++)
        total += draw_size(e);
    return total < DDB_PAGE_MAX_BYTES ? total : DDB_PAGE_MAX_BYTES;
}

static int64_t draw_cost(engine *e, enum ddb_op op)
{
    enum ddb_consistency c = e->s->consistency;
    /* Queries and scans have no transactional form: a transactional workload reads them strongly. */
    enum ddb_consistency page_c = c == DDB_TRANSACTIONAL ? DDB_STRONG : c;
    switch (op) {
    case DDB_OP_GET: return ddb_read_cost_milli(draw_size(e), c);
    case DDB_OP_QUERY: return ddb_query_cost_milli(page_bytes(e, e->s->items_per_query), page_c);
    case DDB_OP_SCAN: return ddb_query_cost_milli(page_bytes(e, e->s->scan_page_items), page_c);
    default: return ddb_write_cost_milli(draw_size(e), c == DDB_TRANSACTIONAL);
    }
}

/* ---- attempts and retries ---- */

typedef struct attempt {
    enum ddb_op op;
    uint32_t key_id;
    size_t partition;
    int64_t cost_milli;
    uint32_t number;     /* 1 for the first attempt */
    int64_t start_ns;    /* when the logical request was issued */
} attempt;

/* Standard retry mode: full jitter, rand * min(2^(n-1) s, 20 s) after the n-th attempt. */
static int64_t backoff_ns(engine *e, uint32_t failed_attempt)
{
    int64_t ceiling = failed_attempt >= 6 ? 20 * NS_PER_S
                                          : (NS_PER_S << (failed_attempt - 1));
    if (ceiling > 20 * NS_PER_S)
        ceiling = 20 * NS_PER_S;
    return (int64_t)(gsl_rng_uniform(e->rng_retry) * (double)ceiling);
}

static void schedule_retry(engine *e, int64_t now_ns, const attempt *a)
{
    ddb_event ev = {0};
    ev.t_ns = now_ns + backoff_ns(e, a->number);
    ev.kind = EV_RETRY;
    ev.u32 = (uint32_t)a->op | (a->number + 1) << 8;
    ev.u64[0] = a->partition;
    ev.u64[1] = (uint64_t)a->start_ns;
    ev.u64[2] = (uint64_t)a->key_id | (uint64_t)a->cost_milli << 32;
    ddb_evq_push(&e->q, &ev);
}

static void run_attempt(engine *e, int64_t now_ns, const attempt *a)
{
    enum ddb_dir d = ddb_op_is_write(a->op) ? DDB_WRITE : DDB_READ;
    enum ddb_throttle_reason r = ddb_table_admit(&e->table, a->partition, d, a->cost_milli, now_ns);
    ddb_metrics_attempt(&e->m, a->partition, d, a->cost_milli, r, a->number > 1);
    ddb_keystat *k = ddb_keytab_get(&e->keys, a->key_id);
    if (k) {
        k->requests++;
        int64_t *offered = d == DDB_READ ? &k->offered_rcu_milli : &k->offered_wcu_milli;
        *offered += a->cost_milli;
        if (r == DDB_ADMITTED)
            *(d == DDB_READ ? &k->consumed_rcu_milli : &k->consumed_wcu_milli) += a->cost_milli;
        else
            k->throttles++;
    } else if (a->op != DDB_OP_SCAN) {
        e->keys.untracked_requests++;
    }
    if (r == DDB_ADMITTED) {
        e->m.cur.succeeded++;
        ddb_quantile_add(e->m.latency_cur, now_ns - a->start_ns);
    } else if (a->number < e->s->max_attempts) {
        schedule_retry(e, now_ns, a);
    } else {
        e->m.cur.failed++;
    }
}

/* A new logical request. With dense keys the memory a request touches is fetched ahead of use:
 * the key's slot while its cost is drawn, its entry while it is admitted (keys are many and
 * randomly hit, so these are the simulator's cache misses). */
static void on_arrival(engine *e, int64_t now_ns)
{
    attempt a = {.number = 1, .start_ns = now_ns, .key_id = DDB_KEYTAB_NONE};
    a.op = draw_op(e);
    if (a.op == DDB_OP_SCAN) { /* a scan walks the partitions in turn, a page at a time */
        a.partition = e->scan_cursor++ % e->table.n_partitions;
        a.cost_milli = draw_cost(e, a.op);
    } else if (e->kd.domain) {
        uint64_t index = draw_parts(&e->kd, e->s->n_attrs);
        ddb_keyslot *slot = &e->keys.dense[index];
        __builtin_prefetch(slot);
        a.cost_milli = draw_cost(e, a.op);
        if (!slot->id_plus1)
            first_draw(e, slot, index, now_ns);
        a.key_id = slot->id_plus1 - 1;
        a.partition = slot->partition;
        __builtin_prefetch(&e->keys.entries[a.key_id], 1);
    } else {
        a.key_id = draw_hashed_key(e, now_ns, &a.partition);
        a.cost_milli = draw_cost(e, a.op);
    }
    e->m.cur.arrivals++;
    run_attempt(e, now_ns, &a);
}

static void on_retry(engine *e, const ddb_event *ev)
{
    attempt a;
    a.op = (enum ddb_op)(ev->u32 & 0xff);
    a.number = ev->u32 >> 8;
    a.partition = (size_t)ev->u64[0];
    a.start_ns = (int64_t)ev->u64[1];
    a.key_id = (uint32_t)(ev->u64[2] & 0xffffffffu);
    a.cost_milli = (int64_t)(ev->u64[2] >> 32);
    if (a.key_id != DDB_KEYTAB_NONE) /* fetched while the table admits the attempt */
        __builtin_prefetch(&e->keys.entries[a.key_id], 1);
    run_attempt(e, ev->t_ns, &a);
}

/* The next open-loop arrival, or INT64_MAX when none comes before the end of the run. */
static int64_t next_arrival(engine *e)
{
    int64_t t = ddb_arrivals_next(&e->arrivals, e->rng_arrivals);
    return t >= e->s->duration_ns ? INT64_MAX : t;
}

/* ---- intervals and outputs ---- */

static void write_interval(engine *e)
{
    int64_t t = e->m.interval_start_ns;
    ddb_ts_row row = {t, "table", &e->m.cur, {e->provisioned_milli[0], e->provisioned_milli[1]},
                      e->m.latency_cur};
    ddb_csv_timeseries_row(e->ts.f, &row);
    /* Saved capacity is read at the end of the interval. */
    int64_t end = t + e->m.interval_ns;
    if (end > e->s->duration_ns)
        end = e->s->duration_ns;
    for (size_t p = 0; p < e->table.n_partitions; p++) {
        int64_t burst[2] = {ddb_table_tokens_milli(&e->table, p, DDB_READ, end),
                            ddb_table_tokens_milli(&e->table, p, DDB_WRITE, end)};
        ddb_csv_partitions_row(e->parts.f, t, "table", p, &e->m.part_cur[p], burst);
    }
}

static void close_interval(engine *e, const ddb_run_options *opt)
{
    if (e->write_files)
        write_interval(e);
    ddb_metrics_next_interval(&e->m);
    if (opt->progress) {
        int64_t now = e->m.interval_start_ns < e->s->duration_ns ? e->m.interval_start_ns
                                                                  : e->s->duration_ns;
        opt->progress(opt->progress_ctx, now, e->s->duration_ns, &e->m.total);
    }
}

static int open_outputs(engine *e, const char *dir, char *err, size_t errlen)
{
    if (ddb_outdir_make(dir, err, errlen) != 0)
        return -1;
    if (ddb_outfile_open(&e->ts, dir, "timeseries.csv", err, errlen) != 0)
        return -1;
    if (ddb_outfile_open(&e->parts, dir, "partitions.csv", err, errlen) != 0) {
        ddb_outfile_abort(&e->ts);
        return -1;
    }
    ddb_csv_timeseries_header(e->ts.f);
    ddb_csv_partitions_header(e->parts.f);
    return 0;
}

/* ---- set-up and the loop ---- */

static void engine_init(engine *e, const ddb_scenario *s)
{
    memset(e, 0, sizeof *e);
    e->s = s;
    ddb_table_config tc = {s->rcu, s->wcu, s->size_gb, s->burst_s, s->adaptive_capacity};
    ddb_table_init(&e->table, &tc);
    ddb_metrics_init(&e->m, s->interval_ns, e->table.n_partitions);
    ddb_evq_init(&e->q);
    e->rng_arrivals = ddb_rng_stream_new(s->seed, DDB_RNG_ARRIVALS, 0);
    e->rng_mix = ddb_rng_stream_new(s->seed, DDB_RNG_MIX, 0);
    e->rng_size = ddb_rng_stream_new(s->seed, DDB_RNG_SIZE, 0);
    e->rng_retry = ddb_rng_stream_new(s->seed, DDB_RNG_RETRY, 0);
    ddb_arrivals_init(&e->arrivals, &s->rate);
    drawer_init(&e->kd, s);
    ddb_keytab_init(&e->keys, e->kd.domain, HASHED_KEYS_MAX);
    double sum = 0.0;
    for (int op = 0; op < DDB_OP_COUNT; op++) {
        sum += s->mix[op];
        e->mix_cdf[op] = sum;
    }
    e->provisioned_milli[DDB_READ] = s->rcu * 1000;
    e->provisioned_milli[DDB_WRITE] = s->wcu * 1000;
}

static void engine_destroy(engine *e)
{
    drawer_destroy(&e->kd, e->s->n_attrs, e->s->pk.n_parts);
    ddb_keytab_destroy(&e->keys);
    ddb_evq_destroy(&e->q);
    ddb_metrics_destroy(&e->m);
    ddb_table_destroy(&e->table);
    gsl_rng_free(e->rng_arrivals);
    gsl_rng_free(e->rng_mix);
    gsl_rng_free(e->rng_size);
    gsl_rng_free(e->rng_retry);
}

/* Arrivals come from the rate profile in time order, so they need no queue: only retries wait
 * in the event queue. An arrival and a retry at the same nanosecond run arrival first. */
static void simulate(engine *e, const ddb_run_options *opt)
{
    const int64_t end = e->s->duration_ns;
    int64_t arrival = next_arrival(e);
    for (;;) {
        const ddb_event *top = ddb_evq_peek(&e->q);
        int64_t t = top ? top->t_ns : INT64_MAX;
        if (arrival == INT64_MAX && t >= end)
            break;
        if (arrival <= t) {
            while (arrival >= e->m.interval_start_ns + e->m.interval_ns)
                close_interval(e, opt);
            on_arrival(e, arrival);
            arrival = next_arrival(e);
            continue;
        }
        ddb_event ev;
        ddb_evq_pop(&e->q, &ev);
        while (ev.t_ns >= e->m.interval_start_ns + e->m.interval_ns)
            close_interval(e, opt);
        on_retry(e, &ev);
    }
    e->m.in_flight_at_end = ddb_evq_size(&e->q); /* retries due after the end */
    while (e->m.interval_start_ns < end)
        close_interval(e, opt);
}

/* ---- the report ---- */

static const int64_t cap_milli_per_s[2] = {DDB_PARTITION_MAX_RCU * 1000LL,
                                           DDB_PARTITION_MAX_WCU * 1000LL};

static void find_hot_partition(const engine *e, ddb_report *r)
{
    double interval_s = (double)e->s->interval_ns / 1e9, best = 0.0;
    for (size_t p = 0; p < e->table.n_partitions; p++) {
        for (int d = 0; d < 2; d++) {
            double per_s = (double)e->m.part_peak[p].consumed_milli[d] / 1000.0 / interval_s;
            double util = per_s * 1000.0 / (double)cap_milli_per_s[d];
            if (util <= best)
                continue;
            best = util;
            r->has_hot_partition = true;
            r->hot_partition = p;
            r->hot_dir = (enum ddb_dir)d;
            r->hot_peak_per_s = per_s;
            r->hot_peak_at_s = (double)e->m.part_peak[p].at_ns[d] / 1e9;
        }
    }
    if (!r->has_hot_partition)
        return;
    size_t p = r->hot_partition;
    r->hot_share_per_s = (double)ddb_table_share_milli(&e->table, p, r->hot_dir) / 1000.0;
    r->hot_cap_per_s = (double)cap_milli_per_s[r->hot_dir] / 1000.0;
    r->hot_throttles[0] = e->m.part_total[p].throttles[0];
    r->hot_throttles[1] = e->m.part_total[p].throttles[1];
}

static void find_hot_key(const engine *e, ddb_report *r)
{
    double duration_s = (double)e->s->duration_ns / 1e9, best = 0.0;
    const ddb_keystat *hot = NULL;
    for (size_t id = 0; id < e->keys.n_entries; id++) {
        const ddb_keystat *k = &e->keys.entries[id];
        if (!k->known)
            continue;
        int64_t offered[2] = {k->offered_rcu_milli, k->offered_wcu_milli};
        for (int d = 0; d < 2; d++) {
            double util = (double)offered[d] / (double)cap_milli_per_s[d];
            if (util > best) {
                best = util;
                hot = k;
                r->hot_key_dir = (enum ddb_dir)d;
            }
        }
    }
    if (!hot)
        return;
    enum ddb_dir d = r->hot_key_dir;
    r->has_hot_key = true;
    r->hot_key = ddb_xstrdup(ddb_keytab_name(&e->keys, hot));
    r->hot_key_partition = hot->partition;
    r->hot_key_offered_per_s =
        (double)(d == DDB_READ ? hot->offered_rcu_milli : hot->offered_wcu_milli) / 1000.0 / duration_s;
    r->hot_key_consumed_per_s =
        (double)(d == DDB_READ ? hot->consumed_rcu_milli : hot->consumed_wcu_milli) / 1000.0 / duration_s;
    r->hot_key_cap_per_s = (double)cap_milli_per_s[d] / 1000.0;
    r->hot_key_requests = hot->requests;
    r->hot_key_throttles = hot->throttles;
}

static void build_report(const engine *e, ddb_report *r)
{
    memset(r, 0, sizeof *r);
    r->duration_ns = e->s->duration_ns;
    r->n_partitions = e->table.n_partitions;
    r->share_milli[0] = ddb_table_share_milli(&e->table, 0, DDB_READ);
    r->share_milli[1] = ddb_table_share_milli(&e->table, 0, DDB_WRITE);
    r->total = e->m.total;
    r->in_flight_at_end = e->m.in_flight_at_end;
    static const double qs[3] = {0.50, 0.99, 0.999};
    for (int i = 0; i < 3; i++)
        r->latency_ms[i] = ddb_quantile_value(e->m.latency_total, qs[i]) / 1e6;
    r->latency_samples = e->m.latency_total->count;
    r->borrowed_milli[0] = e->table.borrowed_milli[0];
    r->borrowed_milli[1] = e->table.borrowed_milli[1];
    r->capped_items = e->capped_items;
    r->untracked_requests = e->keys.untracked_requests;
    for (size_t id = 0; id < e->keys.n_entries; id++)
        r->distinct_keys += e->keys.entries[id].known;
    find_hot_partition(e, r);
    find_hot_key(e, r);
}

void ddb_report_destroy(ddb_report *r)
{
    free(r->hot_key);
    r->hot_key = NULL;
}

/* ---- files written at the end ---- */

static void write_keys(const engine *e, FILE *f)
{
    ddb_csv_keys_header(f);
    size_t n = e->s->top_keys;
    uint32_t *ids = ddb_xmalloc((n ? n : 1) * sizeof *ids);
    static const char *const kinds[2] = {"accessed", "throttled"};
    for (int by_throttles = 0; by_throttles < 2; by_throttles++) {
        size_t m = ddb_keytab_top(&e->keys, by_throttles, ids, n);
        for (size_t i = 0; i < m; i++)
            ddb_csv_keys_row(f, kinds[by_throttles], i + 1, "table", &e->keys,
                             &e->keys.entries[ids[i]]);
    }
    free(ids);
}

static int finish_outputs(engine *e, const char *dir, const ddb_report *r, char *err,
                          size_t errlen)
{
    ddb_outfile keys = {0}, summary = {0};
    if (ddb_outfile_open(&keys, dir, "keys.csv", err, errlen) != 0)
        goto fail;
    write_keys(e, keys.f);
    if (ddb_outfile_open(&summary, dir, "summary.json", err, errlen) != 0)
        goto fail;
    ddb_summary_write(summary.f, e->s, r);
    /* Everything is written; now give the files their final names. */
    ddb_outfile *all[4] = {&e->ts, &e->parts, &keys, &summary};
    for (int i = 0; i < 4; i++)
        if (ddb_outfile_commit(all[i], err, errlen) != 0)
            goto fail;
    return 0;
fail:
    ddb_outfile_abort(&e->ts);
    ddb_outfile_abort(&e->parts);
    ddb_outfile_abort(&keys);
    ddb_outfile_abort(&summary);
    return -1;
}

int ddb_run(const ddb_scenario *s, const ddb_run_options *opt, ddb_report *report, char *err,
            size_t errlen)
{
    engine *e = ddb_xmalloc(sizeof *e);
    engine_init(e, s);
    e->write_files = opt->outdir != NULL;
    if (e->write_files && open_outputs(e, opt->outdir, err, errlen) != 0) {
        engine_destroy(e);
        free(e);
        return -1;
    }
    simulate(e, opt);
    build_report(e, report);
    int rc = e->write_files ? finish_outputs(e, opt->outdir, report, err, errlen) : 0;
    if (rc != 0)
        ddb_report_destroy(report);
    engine_destroy(e);
    free(e);
    return rc;
}
