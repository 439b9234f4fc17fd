/* engine — the event loop tying workload, table, metrics and writers together. See engine.h. */
#include "sim/engine/engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/model/batch.h"
#include "sim/model/capacity.h"
#include "sim/support/check.h"
#include "sim/model/client.h"
#include "sim/model/dynamics.h"
#include "sim/support/evq.h"
#include "sim/support/fifo.h"
#include "sim/model/gsi.h"
#include "sim/model/keydraw.h"
#include "sim/model/keytab.h"
#include "sim/model/lsi.h"
#include "sim/output/out_csv.h"
#include "sim/output/out_file.h"
#include "sim/output/out_gsi.h"
#include "sim/output/out_json.h"
#include "sim/engine/replay.h"
#include "sim/support/rng.h"
#include "workloads/dist.h"
#include "workloads/rate.h"
#include "workloads/template.h"
#include "workloads/trace.h"

enum {
    EV_ATTEMPT = 1, /* an attempt of a request already drawn: a retry */
    EV_CALLER = 2,  /* a closed-loop caller issues its next request */
    EV_LIMITER = 3  /* the adaptive client's limiter has a token for the first request waiting */
};

/* Dense key numbers up to this many keys (an index of 16 MB); beyond, keys are hashed. */
#define DENSE_KEYS_MAX (1ULL << 22)
/* Hashed mode tracks at most this many distinct keys. */
#define HASHED_KEYS_MAX ((size_t)1 << 20)
#define NS_PER_S 1000000000LL
#define AHEAD 2 /* dense keys drawn in advance */

typedef struct engine {
    const ddb_scenario *s;
    ddb_table table;
    ddb_metrics m;
    ddb_keytab keys;
    ddb_evq q;
    ddb_arrivals arrivals;
    gsl_rng *rng_arrivals, *rng_mix, *rng_size;
    ddb_client *clients;      /* client.instances SDK clients */
    uint32_t next_client;     /* open loop: requests go to the clients in turn */
    ddb_batch_pool batches;
    uint64_t ahead[AHEAD];    /* dense key numbers drawn in advance (see next_dense_index) */
    size_t ahead_n, ahead_pos;
    struct waitq *waits;      /* per client: attempts its adaptive limiter holds */
    ddb_keydraw kd;           /* the base table's partition key */
    double mix_cdf[DDB_OP_COUNT];
    int single_op;            /* the only operation of the mix, or -1 */
    int64_t provisioned_milli[2];
    double provisioned_area[2];   /* milli-units x ns of the current interval up to provisioned_at */
    int64_t provisioned_at_ns;
    ddb_dynamics dyn;
    ddb_account account;        /* the account's quota, shared by the table's and GSIs' dynamics */
    int64_t dynamics_next_ns; /* the soonest of the table's and the indexes' dynamics */
    size_t scan_cursor;
    uint64_t capped_items;
    uint64_t last_bytes;      /* the item (or page) size draw_cost last drew, for gen */
    const ddb_size_spec *size_of[DDB_OP_COUNT]; /* workload.item_bytes_by_op, else item_bytes */
    int64_t fixed_cost_milli[DDB_OP_COUNT]; /* a get's or write's cost when its size is fixed (no
                                                draw to make); -1 otherwise */
    bool write_files;
    ddb_outfile ts, parts;
    ddb_replay *trace;        /* replay: the trace, read ahead */
    const ddb_replay_req *treq; /* the request being issued, or the next one */
    FILE *gen;                /* ddbsim gen: where every logical request is written */
    char *err;                /* a failure during the run (a bad trace line) goes here ... */
    size_t errlen;
    bool failed;              /* ... and stops it */
    ddb_gsis gsis;            /* global secondary indexes (sim/model/gsi.h); n = 0 without */
    ddb_lsis lsis;            /* local secondary indexes (sim/model/lsi.h); n = 0 without */
    bool indexed;             /* the table has indexes: attempts take attempt_indexed */
    bool collection_full;     /* the last attempt was refused for its item collection's size */
    ddb_outfile gsi_csv;      /* open only with indexes */
} engine;

/* ---- key drawing (sim/model/keydraw.h) ---- */

/* The first time a dense key number is drawn: render and hash its key, place it, and fill its
 * slot. */
static void first_draw(engine *e, ddb_keyslot *slot, uint64_t index, int64_t now_ns)
{
    uint32_t id;
    ddb_keystat *k = ddb_keytab_dense(&e->keys, index, &id);
    ddb_keydraw_decode(&e->kd, index);
    size_t len = ddb_keydraw_render(&e->kd, now_ns);
    uint64_t h = ddb_key_hash(e->kd.buf, len);
    ddb_keytab_name_set(&e->keys, k, e->kd.buf, len, h);
    slot->partition = (uint32_t)ddb_keyspace_lookup(&e->table.keys, h);
}

/* A key that follows the clock (or has too many values for a dense index): render, hash, find. */
static uint32_t draw_hashed_key(engine *e, int64_t now_ns, enum ddb_op op, size_t *partition)
{
    ddb_keydraw_draw(&e->kd, op);
    size_t len = ddb_keydraw_render(&e->kd, now_ns);
    uint64_t h = ddb_key_hash(e->kd.buf, len);
    uint32_t id;
    ddb_keytab_find(&e->keys, h, e->kd.buf, len, &id); /* id = NONE past the table's bound */
    *partition = ddb_keyspace_lookup(&e->table.keys, h);
    return id;
}

/* ---- what a request costs ---- */

static enum ddb_op draw_op(engine *e)
{
    if (e->single_op >= 0) /* one operation only: nothing to draw */
        return (enum ddb_op)e->single_op;
    double u = ddb_rng_uniform(e->rng_mix);
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

static uint64_t draw_size(engine *e, enum ddb_op op)
{
    bool capped = false;
    uint32_t b = ddb_size_draw(e->size_of[op], e->rng_size, &capped);
    e->capped_items += capped;
    e->last_bytes = b;
    return b;
}

/* The bytes a Query or Scan page returns: `items` drawn sizes, stopping at 1 MB. */
static uint64_t page_bytes(engine *e, enum ddb_op op, uint32_t items)
{
    const ddb_size_spec *z = e->size_of[op];
    if (z->kind == DDB_SIZE_FIXED) {
        uint64_t total = (uint64_t)items * z->bytes;
        return total < DDB_PAGE_MAX_BYTES ? total : DDB_PAGE_MAX_BYTES;
    }
    uint64_t total = 0;
    for (uint32_t i = 0; i < items && total < DDB_PAGE_MAX_BYTES; i++)
        total += draw_size(e, op);
    return total < DDB_PAGE_MAX_BYTES ? total : DDB_PAGE_MAX_BYTES;
}

/* A Query or Scan page's bytes, remembered for gen. */
static uint64_t page_bytes_kept(engine *e, enum ddb_op op, uint32_t items)
{
    uint64_t b = page_bytes(e, op, items);
    e->last_bytes = b ? b : 1; /* a trace line's size is at least 1 */
    return b;
}

/* A Query on the index: items_per_query entries, of the item's size (projection ALL) or the
 * index's entry size; always eventually consistent. */
static int64_t gsi_query_cost(engine *e)
{
    uint64_t entry = ddb_gsis_entry_bytes(&e->gsis, e->s->gsi_query_gsi);
    uint64_t bytes = entry ? entry * e->s->items_per_query : page_bytes(e, DDB_OP_GSI_QUERY, e->s->items_per_query);
    return ddb_query_cost_milli(bytes < DDB_PAGE_MAX_BYTES ? bytes : DDB_PAGE_MAX_BYTES, DDB_EVENTUAL);
}

static int64_t draw_cost(engine *e, enum ddb_op op)
{
    if (e->fixed_cost_milli[op] >= 0) { /* what the switch below gives, known in advance */
        e->last_bytes = e->size_of[op]->bytes;
        return e->fixed_cost_milli[op];
    }
    enum ddb_consistency c = e->s->consistency;
    /* Queries and scans have no transactional form: a transactional workload reads them strongly. */
    enum ddb_consistency page_c = c == DDB_TRANSACTIONAL ? DDB_STRONG : c;
    switch (op) {
    case DDB_OP_GET: return ddb_read_cost_milli(draw_size(e, op), c);
    case DDB_OP_QUERY: return ddb_query_cost_milli(page_bytes_kept(e, op, e->s->items_per_query), page_c);
    case DDB_OP_SCAN: return ddb_query_cost_milli(page_bytes_kept(e, op, e->s->scan_page_items), page_c);
    case DDB_OP_GSI_QUERY: return gsi_query_cost(e);
    default: return ddb_write_cost_milli(draw_size(e, op), c == DDB_TRANSACTIONAL);
    }
}

/* ---- requests, attempts and responses ---- */

/* A logical request between attempts. Single-item requests carry their key, partition and cost;
 * batches carry the id of the record holding their unprocessed items. */
typedef struct request {
    enum ddb_op op;
    uint32_t number;          /* the attempt about to be made, 1 for the first */
    uint32_t last_retry_cost; /* what the retry quota lent for the latest retry */
    bool sent_ok;             /* the limiter already let this attempt go */
    uint32_t caller;          /* closed-loop caller + 1; 0 = open loop */
    uint32_t client;          /* which SDK client instance sends it */
    int64_t start_ns;         /* when the logical request was issued */
    uint32_t key_id;          /* single item: key table id; batch: batch record id */
    uint32_t partition;
    uint32_t gsi;             /* gsi_query: the index read */
    int64_t cost_milli;
} request;

static bool is_batch(enum ddb_op op) { return op == DDB_OP_BATCH_WRITE || op == DDB_OP_BATCH_GET; }

/* The event's u32 holds op (4 bits), attempt number (7), the last retry's quota cost (8), the
 * limiter flag (1) and the client instance (12): the scenario's bounds keep them in range. Its
 * u64[0] holds the partition (27 bits), a gsi_query's index (5) and the caller (32). */
_Static_assert(DDB_OP_COUNT <= 16, "op in 4 bits");
_Static_assert(DDB_GSI_MAX <= 32, "index in 5 bits");
#define PARTITION_BITS 27

static void push_attempt(engine *e, int64_t t_ns, const request *r)
{
    DDB_CHECK(r->number < 128 && r->last_retry_cost < 256 && r->client < 4096 &&
                  r->partition < 1u << PARTITION_BITS && r->gsi < DDB_GSI_MAX,
              "attempt %u, retry cost %u, client %u, partition %u, index %u do not fit an event",
              r->number, r->last_retry_cost, r->client, r->partition, r->gsi);
    ddb_event ev = {0};
    ev.t_ns = t_ns;
    ev.kind = EV_ATTEMPT;
    ev.u32 = (uint32_t)r->op | r->number << 4 | r->last_retry_cost << 11 | (uint32_t)r->sent_ok << 19 |
             r->client << 20;
    ev.u64[0] = (uint64_t)r->partition | (uint64_t)r->gsi << PARTITION_BITS | (uint64_t)r->caller << 32;
    ev.u64[1] = (uint64_t)r->start_ns;
    ev.u64[2] = (uint64_t)r->key_id | (uint64_t)r->cost_milli << 32;
    ddb_evq_push(&e->q, &ev);
}

static request pop_attempt(const ddb_event *ev)
{
    request r;
    r.op = (enum ddb_op)(ev->u32 & 0xf);
    r.number = (ev->u32 >> 4) & 0x7f;
    r.last_retry_cost = (ev->u32 >> 11) & 0xff;
    r.sent_ok = (ev->u32 >> 19) & 1;
    r.client = ev->u32 >> 20;
    r.partition = (uint32_t)ev->u64[0] & ((1u << PARTITION_BITS) - 1);
    r.gsi = (uint32_t)ev->u64[0] >> PARTITION_BITS;
    r.caller = (uint32_t)(ev->u64[0] >> 32);
    r.start_ns = (int64_t)ev->u64[1];
    r.key_id = (uint32_t)ev->u64[2];
    r.cost_milli = (int64_t)(ev->u64[2] >> 32);
    return r;
}

static void push_caller(engine *e, int64_t t_ns, uint32_t caller)
{
    if (t_ns >= e->s->duration_ns)
        return;
    ddb_event ev = {0};
    ev.t_ns = t_ns;
    ev.kind = EV_CALLER;
    ev.u32 = caller;
    ddb_evq_push(&e->q, &ev);
}

static void count_key(engine *e, uint32_t key_id, enum ddb_dir d, int64_t cost_milli,
                      enum ddb_throttle_reason r)
{
    ddb_keystat *k = ddb_keytab_get(&e->keys, key_id);
    if (!k) {
        e->keys.untracked_requests++;
        return;
    }
    k->requests++;
    *(d == DDB_READ ? &k->offered_rcu_milli : &k->offered_wcu_milli) += cost_milli;
    if (r == DDB_ADMITTED)
        *(d == DDB_READ ? &k->consumed_rcu_milli : &k->consumed_wcu_milli) += cost_milli;
    else
        k->throttles++;
}

/* The partition a request drawn earlier goes to now: after a split its key may have moved to the
 * new half. Keys the key table does not hold stay with the partition they were drawn on. */
static uint32_t current_partition(const engine *e, uint32_t key_id, uint32_t partition)
{
    if (key_id == DDB_KEYTAB_NONE || !e->keys.entries[key_id].known)
        return partition;
    return (uint32_t)ddb_keyspace_lookup(&e->table.keys, e->keys.entries[key_id].hash);
}

/* Data grows by what an admitted put writes: its billed size (1 KB per WCU, halved when
 * transactional). Only with a sort key: each put is a new item in its key's collection; a table
 * with a partition key alone is taken to hold its keys' items from the start (size_gb), so puts
 * replace them. */
static void grow_data(engine *e, uint32_t partition, int64_t cost_milli)
{
    int64_t kb = cost_milli / 1000 / (e->s->consistency == DDB_TRANSACTIONAL ? 2 : 1);
    e->table.parts[partition].size_bytes += kb * 1024;
}

/* admit_indexed_write's answer for a write refused by its item collection's size limit: not a
 * throttle (the request fails for good, as ItemCollectionSizeLimitExceededException does). */
#define COLLECTION_FULL DDB_THROTTLE_REASON_COUNT

/* A write on a table with indexes: its LSI entries are charged with it (*cost_milli grows from
 * the item's cost to the whole charge); it may be refused by its item collection's limit or by
 * GSI back-pressure, or admitted by the table and then propagated to the GSIs it touches. */
static enum ddb_throttle_reason admit_indexed_write(engine *e, uint32_t key_id, enum ddb_op op,
                                                    size_t partition, int64_t *cost_milli,
                                                    int64_t now_ns)
{
    int tx = e->s->consistency == DDB_TRANSACTIONAL ? 2 : 1;
    int64_t kb = *cost_milli / DDB_MILLI / tx;
    if (e->lsis.n) {
        int64_t units = kb * DDB_MILLI + ddb_lsis_write_milli(&e->lsis, op, kb);
        *cost_milli = units * tx;
        if (!ddb_lsis_collection_allows(&e->lsis, key_id, op, units))
            return (enum ddb_throttle_reason)COLLECTION_FULL;
    }
    enum ddb_throttle_reason r = ddb_gsis_plan(&e->gsis, key_id, op == DDB_OP_DELETE, now_ns);
    if (r == DDB_ADMITTED)
        r = ddb_table_admit(&e->table, partition, DDB_WRITE, *cost_milli, now_ns);
    if (r != DDB_ADMITTED)
        return r;
    ddb_gsis_commit(&e->gsis, &e->q, key_id, kb, now_ns);
    if (e->lsis.n)
        ddb_lsis_collection_apply(&e->lsis, key_id, op, *cost_milli / tx);
    return r;
}

/* An attempt's bookkeeping once admitted or refused; true when it was admitted. */
static bool record_single(engine *e, const request *q, enum ddb_dir d, enum ddb_throttle_reason r)
{
    ddb_metrics_attempt(&e->m, q->partition, d, q->cost_milli, r, q->number > 1);
    if (e->dyn.grows && r == DDB_ADMITTED && q->op == DDB_OP_PUT)
        grow_data(e, q->partition, q->cost_milli);
    if (q->op != DDB_OP_SCAN)
        count_key(e, q->key_id, d, q->cost_milli, r);
    return r == DDB_ADMITTED;
}

/* A write refused for its item collection's size: an attempt sent, not a throttle; the request
 * fails without a retry (run_attempt reads collection_full). */
static void collection_full(engine *e, const request *q)
{
    ddb_metrics_request(&e->m, DDB_WRITE, 0, q->number > 1);
    e->m.cur.item_collection_size_limit++;
    e->collection_full = true;
}

/* attempt_single on a table with indexes: kept out of line, so that a table without any costs
 * the hot path one predictable branch. */
static __attribute__((noinline)) bool attempt_indexed(engine *e, int64_t now_ns, const request *q)
{
    if (q->op == DDB_OP_GSI_QUERY) { /* the index's request: its own metrics, not the table's */
        enum ddb_throttle_reason r = ddb_gsis_read(&e->gsis, q->gsi, q->key_id,
                                                   q->partition, q->cost_milli, now_ns, q->number > 1);
        return r == DDB_ADMITTED;
    }
    enum ddb_dir d = ddb_op_is_write(q->op) ? DDB_WRITE : DDB_READ;
    if (d == DDB_READ)
        return record_single(e, q, d, ddb_table_admit(&e->table, q->partition, d, q->cost_milli, now_ns));
    request charged = *q; /* with its LSI entries */
    enum ddb_throttle_reason r =
        admit_indexed_write(e, q->key_id, q->op, q->partition, &charged.cost_milli, now_ns);
    if (r == (enum ddb_throttle_reason)COLLECTION_FULL) {
        collection_full(e, q);
        return false;
    }
    return record_single(e, &charged, d, r);
}

/* One attempt of a single-item request; true when it was admitted. After a split the request's
 * key may have moved (a GSI query's partition is the index's, which does not split). */
static bool attempt_single(engine *e, int64_t now_ns, request *q)
{
    if (e->table.n_splits && q->op != DDB_OP_SCAN && q->op != DDB_OP_GSI_QUERY)
        q->partition = current_partition(e, q->key_id, q->partition);
    if (__builtin_expect(e->indexed, 0))
        return attempt_indexed(e, now_ns, q);
    enum ddb_dir d = ddb_op_is_write(q->op) ? DDB_WRITE : DDB_READ;
    return record_single(e, q, d, ddb_table_admit(&e->table, q->partition, d, q->cost_milli, now_ns));
}

/* One attempt of a batch: every item is admitted by its own partition; the refused ones stay in
 * the record (UnprocessedItems / UnprocessedKeys), except those refused for their collection's
 * size, which are dropped (counted in item_collection_size_limit). True when nothing is left. */
static bool attempt_batch(engine *e, int64_t now_ns, const request *q)
{
    enum ddb_dir d = ddb_op_is_write(q->op) ? DDB_WRITE : DDB_READ;
    ddb_batch *b = ddb_batch_get(&e->batches, q->key_id);
    uint32_t left = 0, n = b->n;
    for (uint32_t i = 0; i < n; i++) {
        ddb_batch_item it = b->items[i];
        if (e->table.n_splits)
            it.partition = current_partition(e, it.key_id, it.partition);
        int64_t cost = it.cost_milli;
        enum ddb_throttle_reason r =
            d == DDB_WRITE && e->indexed
                ? admit_indexed_write(e, it.key_id, DDB_OP_PUT, it.partition, &cost, now_ns)
                : ddb_table_admit(&e->table, it.partition, d, cost, now_ns);
        if (r == (enum ddb_throttle_reason)COLLECTION_FULL) {
            e->m.cur.item_collection_size_limit++;
            continue;
        }
        ddb_metrics_item(&e->m, it.partition, d, cost, r);
        if (e->dyn.grows && r == DDB_ADMITTED && d == DDB_WRITE)
            grow_data(e, it.partition, cost);
        count_key(e, it.key_id, d, cost, r);
        if (r != DDB_ADMITTED)
            b->items[left++] = it;
    }
    b->n = left;
    e->m.cur.unprocessed_items += left;
    ddb_metrics_request(&e->m, d, left == n, q->number > 1);
    return left == 0;
}

/* The logical request is over (succeeded or failed) at done_ns. */
static void finish(engine *e, const request *q, int64_t done_ns)
{
    if (is_batch(q->op))
        ddb_batch_release(&e->batches, q->key_id);
    if (q->caller)
        push_caller(e, done_ns + (int64_t)(e->s->think_ms * 1e6), q->caller);
}

/* Attempts one client's adaptive limiter holds, first in first out, as blocked SDK callers (a
 * ring: sim/support/fifo.h). */
typedef struct waitq {
    request *items;
    size_t head, n, cap;
    bool armed;               /* an EV_LIMITER for this client is queued */
} waitq;

static void wait_push(waitq *w, const request *q)
{
    if (w->n == w->cap)
        w->items = ddb_fifo_grow(w->items, &w->head, w->n, &w->cap, sizeof *w->items);
    w->items[(w->head + w->n++) % w->cap] = *q;
}

static void arm_limiter(engine *e, uint32_t client, int64_t t_ns)
{
    ddb_event ev = {0};
    ev.t_ns = t_ns;
    ev.kind = EV_LIMITER;
    ev.u32 = client;
    ddb_evq_push(&e->q, &ev);
    e->waits[client].armed = true;
}

static void run_attempt(engine *e, int64_t now_ns, request *q);

/* The client's limiter may have tokens: send its waiting attempts, oldest first, while it does. */
static void on_limiter(engine *e, int64_t now_ns, uint32_t client)
{
    waitq *w = &e->waits[client];
    w->armed = false;
    while (w->n > 0) {
        int64_t at;
        if (!ddb_client_try_send(&e->clients[client], now_ns, &at)) {
            arm_limiter(e, client, at);
            return;
        }
        request q = w->items[w->head];
        w->head = (w->head + 1) % w->cap;
        w->n--;
        q.sent_ok = true;
        run_attempt(e, now_ns, &q);
    }
}

/* Make attempt q->number now: admit, then handle the response, which arrives a service time
 * later (latency counts it; a retry waits for it and then backs off). In adaptive mode an attempt
 * first waits its turn for a token of the client's limiter, as the SDK's caller would block. */
static void run_attempt(engine *e, int64_t now_ns, request *q)
{
    int64_t at;
    ddb_client *c = &e->clients[q->client];
    waitq *w = &e->waits[q->client];
    if (!q->sent_ok && (w->n > 0 || !ddb_client_try_send(c, now_ns, &at))) {
        wait_push(w, q);
        if (!w->armed)
            arm_limiter(e, q->client, w->n > 1 ? now_ns : at);
        return;
    }
    q->sent_ok = false;
    bool ok = is_batch(q->op) ? attempt_batch(e, now_ns, q) : attempt_single(e, now_ns, q);
    int64_t done = now_ns + ddb_client_service_ns(c, q->op);
    if (__builtin_expect(e->collection_full, 0)) { /* an error no SDK retries */
        e->collection_full = false;
        ddb_client_response(c, now_ns, false);
        e->m.cur.failed++;
        finish(e, q, done);
        return;
    }
    ddb_client_response(c, now_ns, !ok);
    if (ok) {
        e->m.cur.succeeded++;
        ddb_quantile_add(e->m.latency_cur, done - q->start_ns);
        if (e->single_op < 0) /* with one operation its sketch is the total's (write_latency) */
            ddb_quantile_add(&e->m.latency_by_op[q->op], done - q->start_ns);
        ddb_client_success(c, q->last_retry_cost);
        finish(e, q, done);
        return;
    }
    uint32_t cost = 0;
    int64_t backoff = ddb_client_retry_after(c, q->number, &cost);
    if (backoff < 0) {
        e->m.cur.failed++;
        finish(e, q, done);
        return;
    }
    q->number++;
    q->last_retry_cost = cost;
    push_attempt(e, done + backoff, q);
}

/* ---- ddbsim gen: the request stream as a trace ---- */

/* RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled. */
static void gen_field(FILE *f, const char *s, size_t n)
{
    if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n)) {
        fwrite(s, 1, n, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            fputc('"', f);
        fputc(s[i], f);
    }
    fputc('"', f);
}

/* One line of DDB_TRACE_HEADER's columns. The sort key is left empty (it never affects
 * placement), the index is the table. */
static void gen_request(engine *e, int64_t now_ns, const request *q)
{
    const char *key = "";
    size_t len = 0;
    const ddb_keystat *k = ddb_keytab_get(&e->keys, q->key_id);
    bool on_gsi = q->op == DDB_OP_GSI_QUERY; /* only a replayed one: gen refuses to draw them */
    if (q->op == DDB_OP_SCAN) {
        /* no key */
    } else if (k) {
        key = ddb_keytab_name(&e->keys, k);
        len = k->name_len;
    } else { /* a hashed key beyond the key table's bound, or an index's key: just read/rendered */
        key = e->trace ? e->treq->r.key : e->kd.buf;
        len = e->trace ? e->treq->r.key_len : strlen(e->kd.buf);
    }
    fprintf(e->gen, "%lld.%09lld,%s,", (long long)(now_ns / 1000000000),
            (long long)(now_ns % 1000000000), on_gsi ? "query" : ddb_op_names[q->op]);
    gen_field(e->gen, key, len);
    fprintf(e->gen, ",,%llu,%s,", (unsigned long long)e->last_bytes,
            ddb_consistency_names[on_gsi ? DDB_EVENTUAL : e->s->consistency]);
    if (on_gsi)
        gen_field(e->gen, e->s->gsi[q->gsi].name, strlen(e->s->gsi[q->gsi].name));
    else
        fputs("table", e->gen);
    fputc('\n', e->gen);
}

/* Draw a single-item request's key: its key table id and partition. With dense keys the memory
 * a request touches is fetched ahead of use: the key's slot while its cost is drawn, its entry
 * while it is admitted (keys are many and randomly hit: these are the simulator's cache misses). */
/* Dense key numbers are drawn AHEAD keys in advance (the attribute streams are consumed in the
 * same order either way): the slot of a key is fetched AHEAD requests before it is needed, and
 * its entry one request before. Keys are many and randomly hit, so these fetches are the
 * simulator's cache misses. */
static uint64_t next_dense_index(engine *e)
{
    /* (a key with inserts is never dense, so the operation passed to ddb_keydraw_draw is moot) */
    if (e->ahead_n == 0) /* the first request: fill the pipeline */
        for (; e->ahead_n < AHEAD; e->ahead_n++)
            e->ahead[e->ahead_n] = ddb_keydraw_draw(&e->kd, DDB_OP_GET);
    uint64_t index = e->ahead[e->ahead_pos];
    e->ahead[e->ahead_pos] = ddb_keydraw_draw(&e->kd, DDB_OP_GET);
    __builtin_prefetch(&e->keys.dense[e->ahead[e->ahead_pos]]);
    e->ahead_pos = (e->ahead_pos + 1) % AHEAD;
    /* The next key's slot arrived a request ago: fetch its entry now. */
    uint32_t next = e->keys.dense[e->ahead[e->ahead_pos]].id_plus1;
    if (next) {
        __builtin_prefetch(&e->keys.entries[next - 1], 1);
        if (e->gsis.n)
            ddb_gsis_prefetch(&e->gsis, next - 1);
    }
    return index;
}

static void draw_item(engine *e, int64_t now_ns, enum ddb_op op, request *q)
{
    if (e->kd.domain) {
        uint64_t index = next_dense_index(e);
        ddb_keyslot *slot = &e->keys.dense[index];
        q->cost_milli = draw_cost(e, op);
        if (!slot->id_plus1)
            first_draw(e, slot, index, now_ns);
        q->key_id = slot->id_plus1 - 1;
        q->partition = slot->partition;
        __builtin_prefetch(&e->keys.entries[q->key_id], 1);
    } else {
        size_t partition;
        q->key_id = draw_hashed_key(e, now_ns, op, &partition);
        q->partition = (uint32_t)partition;
        q->cost_milli = draw_cost(e, op);
    }
}

static void draw_batch(engine *e, int64_t now_ns, request *q)
{
    bool write = q->op == DDB_OP_BATCH_WRITE;
    uint32_t id = ddb_batch_new(&e->batches);
    ddb_batch *b = ddb_batch_get(&e->batches, id);
    b->n = write ? e->s->batch_write_items : e->s->batch_get_items;
    for (uint32_t i = 0; i < b->n; i++) {
        request item;
        draw_item(e, now_ns, write ? DDB_OP_PUT : DDB_OP_GET, &item); /* rounded per item */
        b->items[i] = (ddb_batch_item){item.key_id, item.partition, item.cost_milli};
        if (e->gen) {
            item.op = write ? DDB_OP_PUT : DDB_OP_GET;
            gen_request(e, now_ns, &item);
        }
    }
    q->key_id = id;
    q->partition = 0;
    q->cost_milli = 0;
}

/* A request read from the trace: its key is hashed and placed as it comes (keys are tracked in
 * the key table's hashed mode), its cost from its size. */
static void issue_traced(engine *e, request *q)
{
    const ddb_trace_req *t = &e->treq->r;
    enum ddb_consistency c = t->consistency < 0 ? e->s->consistency : (enum ddb_consistency)t->consistency;
    enum ddb_consistency page_c = c == DDB_TRANSACTIONAL ? DDB_STRONG : c;
    q->op = t->op;
    e->last_bytes = t->item_bytes;
    if (t->op == DDB_OP_SCAN) {
        q->partition = (uint32_t)(e->scan_cursor++ % e->table.n_partitions);
        q->cost_milli = ddb_query_cost_milli(t->item_bytes, page_c);
        return;
    }
    uint64_t h = e->treq->hash;
    if (t->gsi >= 0) { /* a query on an index, by the index's key: no item of the table's */
        q->op = DDB_OP_GSI_QUERY;
        q->gsi = (uint32_t)t->gsi;
        q->partition = ddb_gsis_key_partition(&e->gsis, q->gsi, h);
        q->cost_milli = ddb_query_cost_milli(t->item_bytes, DDB_EVENTUAL);
        return;
    }
    ddb_keytab_find(&e->keys, h, t->key, t->key_len, &q->key_id); /* NONE past the bound */
    q->partition = (uint32_t)ddb_keyspace_lookup(&e->table.keys, h);
    if (t->op == DDB_OP_GET)
        q->cost_milli = ddb_read_cost_milli(t->item_bytes, c);
    else if (t->op == DDB_OP_QUERY)
        q->cost_milli = ddb_query_cost_milli(t->item_bytes, page_c);
    else
        q->cost_milli = ddb_write_cost_milli(t->item_bytes, c == DDB_TRANSACTIONAL);
}

/* A new logical request, from the rate profile or the trace (caller 0) or a closed-loop caller. */
static void issue(engine *e, int64_t now_ns, uint32_t caller)
{
    request q = {.number = 1, .start_ns = now_ns, .caller = caller, .key_id = DDB_KEYTAB_NONE};
    if (caller) {
        q.client = (caller - 1) % e->s->instances;
    } else {
        q.client = e->next_client;
        if (++e->next_client == e->s->instances) /* round robin without a division */
            e->next_client = 0;
    }
    if (e->trace) {
        issue_traced(e, &q);
    } else {
        q.op = draw_op(e);
        if (q.op == DDB_OP_SCAN) { /* a scan walks the partitions in turn, a page at a time */
            q.partition = (uint32_t)(e->scan_cursor++ % e->table.n_partitions);
            q.cost_milli = draw_cost(e, q.op);
        } else if (is_batch(q.op)) {
            draw_batch(e, now_ns, &q);
        } else {
            draw_item(e, now_ns, q.op, &q);
            if (q.op == DDB_OP_GSI_QUERY) {
                q.gsi = (uint32_t)e->s->gsi_query_gsi;
                q.partition = ddb_gsis_read_partition(&e->gsis, q.gsi, q.key_id);
            }
        }
    }
    if (e->gen && !is_batch(q.op)) /* a batch wrote its items */
        gen_request(e, now_ns, &q);
    e->m.cur.arrivals++;
    run_attempt(e, now_ns, &q);
}

static void on_attempt(engine *e, const ddb_event *ev)
{
    request q = pop_attempt(ev);
    run_attempt(e, ev->t_ns, &q);
}

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
    int64_t t = ddb_arrivals_next(&e->arrivals, e->rng_arrivals);
    return t >= e->s->duration_ns ? INT64_MAX : t;
}

/* ---- intervals and outputs ---- */

/* The provisioned rate changed at now_ns (or the interval ends): account for the time at the old
 * rate. */
static void provisioned_until(engine *e, int64_t now_ns)
{
    for (int d = 0; d < 2; d++)
        e->provisioned_area[d] += (double)e->provisioned_milli[d] * (double)(now_ns - e->provisioned_at_ns);
    e->provisioned_at_ns = now_ns;
}

/* CloudWatch's Provisioned...CapacityUnits: the interval's time-weighted average. */
static int64_t provisioned_average(engine *e, int d, int64_t start_ns, int64_t end_ns)
{
    if (e->provisioned_area[d] == 0.0 || end_ns <= start_ns)
        return e->provisioned_milli[d];
    return llround(e->provisioned_area[d] / (double)(end_ns - start_ns));
}

static void write_interval(engine *e)
{
    int64_t t = e->m.interval_start_ns;
    /* Saved capacity is read at the end of the interval. */
    int64_t end = t + e->m.interval_ns;
    if (end > e->s->duration_ns)
        end = e->s->duration_ns;
    int64_t prov[2] = {e->provisioned_milli[0], e->provisioned_milli[1]};
    if (e->dyn.n_events) {
        provisioned_until(e, end);
        for (int d = 0; d < 2; d++)
            prov[d] = provisioned_average(e, d, t, end);
    }
    ddb_ts_row row = {t, "table", &e->m.cur, {prov[0], prov[1]}, e->m.latency_cur};
    ddb_csv_timeseries_row(e->ts.f, &row);
    for (size_t p = 0; p < e->table.n_partitions; p++) {
        int64_t burst[2] = {ddb_table_tokens_milli(&e->table, p, DDB_READ, end),
                            ddb_table_tokens_milli(&e->table, p, DDB_WRITE, end)};
        ddb_csv_partitions_row(e->parts.f, t, "table", p, &e->m.part_cur[p], burst);
    }
    if (e->gsis.n)
        ddb_gsis_write_interval(&e->gsis, e->ts.f, e->parts.f, e->gsi_csv.f, t, end);
}

static void close_interval(engine *e, const ddb_run_options *opt)
{
    if (e->write_files)
        write_interval(e);
    e->provisioned_area[0] = e->provisioned_area[1] = 0.0;
    ddb_metrics_next_interval(&e->m);
    e->provisioned_at_ns = e->m.interval_start_ns;
    ddb_gsis_next_interval(&e->gsis);
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
    if (e->gsis.n && ddb_outfile_open(&e->gsi_csv, dir, "gsi.csv", err, errlen) != 0) {
        ddb_outfile_abort(&e->ts);
        ddb_outfile_abort(&e->parts);
        return -1;
    }
    ddb_csv_timeseries_header(e->ts.f);
    ddb_csv_partitions_header(e->parts.f);
    if (e->gsis.n)
        ddb_csv_gsi_header(e->gsi_csv.f);
    return 0;
}

/* ---- set-up and the loop ---- */

static void engine_init(engine *e, const ddb_scenario *s)
{
    memset(e, 0, sizeof *e);
    e->s = s;
    bool on_demand = s->billing == DDB_BILLING_ON_DEMAND;
    ddb_table_config tc = {
        .rcu = on_demand ? s->warm.read_units_per_s : s->rcu,
        .wcu = on_demand ? s->warm.write_units_per_s : s->wcu,
        .size_gb = s->size_gb, .burst_s = s->burst_s, .adaptive_capacity = s->adaptive_capacity,
        .on_demand = on_demand, .max_rcu = s->max_rcu, .max_wcu = s->max_wcu,
        .quota_rcu = s->quota_rcu, .quota_wcu = s->quota_wcu};
    ddb_table_init(&e->table, &tc);
    ddb_dynamics_init(&e->dyn, s, &e->table);
    ddb_metrics_init(&e->m, s->interval_ns, e->table.n_partitions);
    ddb_gsis_init(&e->gsis, s);
    ddb_account_init(&e->account, s);
    ddb_dynamics_set_account(&e->dyn, &e->account);
    ddb_gsis_set_account(&e->gsis, &e->account);
    e->dynamics_next_ns = e->dyn.next_ns < e->gsis.dynamics_next_ns ? e->dyn.next_ns
                                                                     : e->gsis.dynamics_next_ns;
    ddb_lsis_init(&e->lsis, s);
    e->indexed = e->gsis.n || e->lsis.n;
    ddb_evq_init(&e->q);
    e->rng_arrivals = ddb_rng_stream_new(s->seed, DDB_RNG_ARRIVALS, 0);
    e->rng_mix = ddb_rng_stream_new(s->seed, DDB_RNG_MIX, 0);
    e->rng_size = ddb_rng_stream_new(s->seed, DDB_RNG_SIZE, 0);
    e->clients = ddb_xcalloc(s->instances, sizeof *e->clients);
    for (uint32_t c = 0; c < s->instances; c++)
        ddb_client_init(&e->clients[c], s, c);
    e->waits = ddb_xcalloc(s->instances, sizeof *e->waits);
    ddb_batch_pool_init(&e->batches);
    ddb_arrivals_init(&e->arrivals, &s->rate);
    const ddb_keydraw_streams key_streams = {DDB_RNG_ATTR, DDB_RNG_SHARD, 0, true};
    ddb_keydraw_init(&e->kd, s, &s->pk, &key_streams, DENSE_KEYS_MAX);
    if (s->has_trace) /* the trace's keys are strings: hashed mode */
        e->kd.domain = 0;
    ddb_keytab_init(&e->keys, e->kd.domain, HASHED_KEYS_MAX);
    double sum = 0.0;
    int used = 0;
    e->single_op = -1;
    for (int op = 0; op < DDB_OP_COUNT; op++) {
        sum += s->mix[op];
        e->mix_cdf[op] = sum;
        if (s->mix[op] > 0.0) {
            used++;
            e->single_op = op;
        }
    }
    if (used != 1)
        e->single_op = -1;
    for (int op = 0; op < DDB_OP_COUNT; op++) {
        e->size_of[op] = s->has_item_bytes_by_op[op] ? &s->item_bytes_by_op[op] : &s->item_bytes;
        bool single_item = op == DDB_OP_GET || op == DDB_OP_PUT || op == DDB_OP_UPDATE ||
                           op == DDB_OP_DELETE;
        e->fixed_cost_milli[op] = -1;
        if (single_item && e->size_of[op]->kind == DDB_SIZE_FIXED)
            e->fixed_cost_milli[op] =
                op == DDB_OP_GET ? ddb_read_cost_milli(e->size_of[op]->bytes, s->consistency)
                                 : ddb_write_cost_milli(e->size_of[op]->bytes,
                                                        s->consistency == DDB_TRANSACTIONAL);
    }
    e->provisioned_milli[DDB_READ] = s->rcu * 1000; /* 0 on-demand: nothing is provisioned */
    e->provisioned_milli[DDB_WRITE] = s->wcu * 1000;
}

static void engine_destroy(engine *e)
{
    ddb_replay_free(e->trace);
    ddb_keydraw_destroy(&e->kd);
    ddb_keytab_destroy(&e->keys);
    ddb_evq_destroy(&e->q);
    ddb_metrics_destroy(&e->m);
    ddb_table_destroy(&e->table);
    ddb_dynamics_destroy(&e->dyn);
    ddb_gsis_destroy(&e->gsis);
    ddb_lsis_destroy(&e->lsis);
    gsl_rng_free(e->rng_arrivals);
    gsl_rng_free(e->rng_mix);
    gsl_rng_free(e->rng_size);
    for (uint32_t c = 0; c < e->s->instances; c++)
        ddb_client_destroy(&e->clients[c]);
    free(e->clients);
    ddb_batch_pool_destroy(&e->batches);
    for (uint32_t c = 0; c < e->s->instances; c++)
        free(e->waits[c].items);
    free(e->waits);
}

/* A retry's key entry was last touched a backoff ago: fetch the next one's while this event runs. */
static void prefetch_next_retry(engine *e)
{
    const ddb_event *next = ddb_evq_peek(&e->q);
    if (next && next->kind == EV_ATTEMPT) {
        enum ddb_op op = (enum ddb_op)(next->u32 & 0xff);
        uint32_t key_id = (uint32_t)next->u64[2];
        if (!is_batch(op) && key_id != DDB_KEYTAB_NONE)
            __builtin_prefetch(&e->keys.entries[key_id], 1);
    }
}

/* Closed loop: every caller issues its first request at the start, a microsecond apart (so that
 * they do not all hit one instant), then one after each response plus think time. */
static void start_callers(engine *e)
{
    for (uint32_t c = 0; c < e->s->concurrency; c++)
        push_caller(e, (int64_t)c * 1000, c + 1);
}

/* Dense keys cache their partition: after a split, refresh those of keys in the partitions that
 * split (their entries know the hash). Splits are rare; this walks the drawn keys once. */
static void refresh_cached_partitions(engine *e)
{
    if (!e->kd.domain)
        return;
    for (uint64_t i = 0; i < e->kd.domain; i++) {
        ddb_keyslot *slot = &e->keys.dense[i];
        if (slot->id_plus1 && e->keys.entries[slot->id_plus1 - 1].known)
            slot->partition = (uint32_t)ddb_keyspace_lookup(&e->table.keys,
                                                            e->keys.entries[slot->id_plus1 - 1].hash);
    }
}

static void run_table_dynamics(engine *e, int64_t at)
{
    size_t events = e->dyn.n_events;
    if (ddb_dynamics_run(&e->dyn, &e->table, &e->m, &e->keys, at)) {
        ddb_metrics_grow(&e->m, e->table.n_partitions);
        refresh_cached_partitions(e);
    }
    if (e->dyn.n_events != events && !e->table.cfg.on_demand) {
        provisioned_until(e, at);
        e->provisioned_milli[0] = e->table.rate_milli[0];
        e->provisioned_milli[1] = e->table.rate_milli[1];
    }
}

/* Capacity that moves (sim/model/dynamics.h), the table's and the indexes': run what is due up to
 * t_ns, each at its own time, after the intervals before it are closed. */
static void run_dynamics(engine *e, const ddb_run_options *opt, int64_t t_ns)
{
    int64_t at;
    while ((at = e->dynamics_next_ns) <= t_ns && at < e->s->duration_ns) {
        while (at >= e->m.interval_start_ns + e->m.interval_ns)
            close_interval(e, opt);
        if (ddb_dynamics_next_ns(&e->dyn) <= at)
            run_table_dynamics(e, at);
        if (e->gsis.dynamics_next_ns <= at)
            ddb_gsis_run_dynamics(&e->gsis, &e->q, at);
        int64_t table_next = ddb_dynamics_next_ns(&e->dyn);
        e->dynamics_next_ns = table_next < e->gsis.dynamics_next_ns ? table_next
                                                                    : e->gsis.dynamics_next_ns;
    }
}

/* Open-loop arrivals come from the rate profile in time order, so they need no queue: only
 * retries, held sends and callers wait in the event queue. An arrival and an event at the same
 * nanosecond run arrival first. */
static void simulate(engine *e, const ddb_run_options *opt)
{
    const int64_t end = e->s->duration_ns;
    int64_t arrival = e->s->concurrency ? INT64_MAX : next_arrival(e);
    start_callers(e);
    for (;;) {
        const ddb_event *top = ddb_evq_peek(&e->q);
        int64_t t = top ? top->t_ns : INT64_MAX;
        if (arrival == INT64_MAX && t >= end)
            break;
        if (e->dynamics_next_ns <= (arrival < t ? arrival : t)) {
            run_dynamics(e, opt, arrival < t ? arrival : t);
            continue; /* a split may have moved the next event's key: look again */
        }
        if (arrival <= t) {
            while (arrival >= e->m.interval_start_ns + e->m.interval_ns)
                close_interval(e, opt);
            issue(e, arrival, 0);
            arrival = next_arrival(e);
            continue;
        }
        ddb_event ev;
        ddb_evq_pop(&e->q, &ev);
        prefetch_next_retry(e);
        while (ev.t_ns >= e->m.interval_start_ns + e->m.interval_ns)
            close_interval(e, opt);
        if (ev.kind == EV_CALLER)
            issue(e, ev.t_ns, ev.u32);
        else if (ev.kind == EV_LIMITER)
            on_limiter(e, ev.t_ns, ev.u32);
        else if (ev.kind >= DDB_GSI_EV_ARRIVE)
            ddb_gsis_on_event(&e->gsis, &e->q, &ev);
        else
            on_attempt(e, &ev);
    }
    /* Requests waiting for a retry or for the limiter past the end. */
    for (uint32_t c = 0; c < e->s->instances; c++)
        e->m.in_flight_at_end += e->waits[c].n;
    const ddb_event *ev;
    while ((ev = ddb_evq_peek(&e->q)) != NULL) {
        e->m.in_flight_at_end += ev->kind == EV_ATTEMPT;
        if (ev->kind >= DDB_GSI_EV_ARRIVE)
            ddb_gsis_leftover(&e->gsis, ev);
        ddb_event drop;
        ddb_evq_pop(&e->q, &drop);
    }
    run_dynamics(e, opt, end);
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
    r->hot_key_partition = ddb_keyspace_lookup(&e->table.keys, hot->hash);
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
    r->n_splits = e->table.n_splits;
    const ddb_dynamics *dyns[DDB_GSI_MAX];
    r->n_events = e->dyn.n_events + ddb_gsis_dynamics(&e->gsis, dyns);
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
    find_hot_partition(e, r);
    find_hot_key(e, r);
    r->largest_collection_kb = e->lsis.largest_kb;
    if (e->gsis.n) {
        r->n_gsi = e->gsis.n;
        r->gsi = ddb_gsis_report(&e->gsis);
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

static void write_latency(const engine *e, FILE *f)
{
    ddb_csv_latency_header(f);
    ddb_csv_latency_rows(f, "all", e->m.latency_total);
    for (int op = 0; op < DDB_OP_COUNT; op++)
        ddb_csv_latency_rows(f, ddb_op_names[op],
                             op == e->single_op ? e->m.latency_total : &e->m.latency_by_op[op]);
}

static int finish_outputs(engine *e, const char *dir, const ddb_report *r, char *err,
                          size_t errlen)
{
    ddb_outfile keys = {0}, summary = {0}, latency = {0}, events = {0};
    if (ddb_outfile_open(&keys, dir, "keys.csv", err, errlen) != 0)
        goto fail;
    /* events.csv only when something moved, so that a run without dynamics has no such file. */
    const ddb_dynamics *dyns[1 + DDB_GSI_MAX] = {&e->dyn};
    if (e->dyn.n_events + ddb_gsis_dynamics(&e->gsis, dyns + 1)) {
        if (ddb_outfile_open(&events, dir, "events.csv", err, errlen) != 0)
            goto fail;
        ddb_dynamics_write_events(dyns, 1 + e->gsis.n, events.f);
    }
    write_keys(e, keys.f);
    if (ddb_outfile_open(&latency, dir, "latency.csv", err, errlen) != 0)
        goto fail;
    write_latency(e, latency.f);
    if (ddb_outfile_open(&summary, dir, "summary.json", err, errlen) != 0)
        goto fail;
    ddb_summary_write(summary.f, e->s, r);
    /* Everything is written; now give the files their final names. */
    ddb_outfile *all[7] = {&e->ts, &e->parts, &keys, &latency, &summary, &events, &e->gsi_csv};
    for (int i = 0; i < 7; i++)
        if (all[i]->f && ddb_outfile_commit(all[i], err, errlen) != 0)
            goto fail;
    return 0;
fail:
    ddb_outfile_abort(&e->gsi_csv);
    ddb_outfile_abort(&e->ts);
    ddb_outfile_abort(&e->parts);
    ddb_outfile_abort(&keys);
    ddb_outfile_abort(&latency);
    ddb_outfile_abort(&summary);
    ddb_outfile_abort(&events);
    return -1;
}

static int run(const ddb_scenario *s, const ddb_run_options *opt, FILE *gen, ddb_report *report,
               char *err, size_t errlen)
{
    engine *e = ddb_xmalloc(sizeof *e);
    engine_init(e, s);
    e->write_files = opt->outdir != NULL;
    e->err = err;
    e->errlen = errlen;
    e->gen = gen;
    /* A run that fails leaves nothing: its files are aborted, and the folder if it made it. */
    bool made_dir = e->write_files && !ddb_outdir_exists(opt->outdir);
    int rc = 0;
    if ((s->has_trace &&
         !(e->trace = ddb_replay_new(&s->trace, &e->keys, s->duration_ns, err, errlen))) ||
        (e->write_files && open_outputs(e, opt->outdir, err, errlen) != 0)) {
        rc = -1;
    } else {
        if (e->gen)
            fputs(DDB_TRACE_HEADER "\n", e->gen);
        simulate(e, opt);
        if (e->failed) { /* a bad trace line: the message is in err */
            ddb_outfile_abort(&e->ts);
            ddb_outfile_abort(&e->parts);
            ddb_outfile_abort(&e->gsi_csv);
            rc = -1;
        } else {
            build_report(e, report);
            rc = e->write_files ? finish_outputs(e, opt->outdir, report, err, errlen) : 0;
            if (rc != 0)
                ddb_report_destroy(report);
        }
    }
    if (rc != 0 && made_dir)
        ddb_outdir_remove_if_empty(opt->outdir);
    engine_destroy(e);
    free(e);
    return rc;
}

int ddb_run(const ddb_scenario *s, const ddb_run_options *opt, ddb_report *report, char *err,
            size_t errlen)
{
    return run(s, opt, NULL, report, err, errlen);
}

int ddb_run_to_trace(const ddb_scenario *s, FILE *out, ddb_report *report, char *err,
                     size_t errlen)
{
    ddb_run_options opt = {NULL, NULL, NULL};
    return run(s, &opt, out, report, err, errlen);
}
