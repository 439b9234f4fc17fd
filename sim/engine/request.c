/* request — attempts of a logical request: admission by the table (and its indexes), the
 * response a service time later, retries with the SDK's backoff, and the adaptive client's
 * limiter holding attempts back. See engine_int.h. */
#include "sim/engine/engine_int.h"
#include "sim/support/check.h"
#include "sim/support/fifo.h"

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
    if (e->agg) /* the slices keep what it will ask for it */
        ddb_engine_aggregate_queued(e, r, 1);
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

void ddb_engine_push_caller(engine *e, int64_t t_ns, uint32_t caller)
{
    if (t_ns >= e->s->duration_ns)
        return;
    ddb_event ev = {0};
    ev.t_ns = t_ns;
    ev.kind = EV_CALLER;
    ev.u32 = caller;
    ddb_evq_push(&e->q, &ev);
}

/* The application's demand: a first attempt's units (a retry asks again for the same request). */
void ddb_engine_count_offer(engine *e, uint32_t key_id, enum ddb_dir d, int64_t cost_milli,
                            bool first)
{
    if (!first)
        return;
    e->base.m.cur.offered_first_milli[d] += cost_milli;
    e->base.m.cur.first_attempts[d]++;
    if (key_id != DDB_KEYTAB_NONE)
        ddb_keytab_offer(&e->keys, key_id)->first_milli[d] += cost_milli;
}

void ddb_engine_count_key(engine *e, uint32_t key_id, enum ddb_dir d, int64_t cost_milli,
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
uint32_t ddb_engine_current_partition(const engine *e, uint32_t key_id, uint32_t partition)
{
    if (key_id == DDB_KEYTAB_NONE || !e->keys.entries[key_id].known)
        return partition;
    return (uint32_t)ddb_keyspace_lookup(&e->base.table.keys, e->keys.entries[key_id].hash);
}

/* Data grows by what an admitted put writes: its billed size (1 KB per WCU, halved when
 * transactional). Only with a sort key: each put is a new item in its key's collection; a table
 * with a partition key alone is taken to hold its keys' items from the start (size_gb), so puts
 * replace them. */
static void grow_data(engine *e, uint32_t partition, int64_t cost_milli)
{
    int64_t kb = cost_milli / 1000 / (e->s->consistency == DDB_TRANSACTIONAL ? 2 : 1);
    e->base.table.parts[partition].size_bytes += kb * 1024;
}

/* A write on a table with indexes in two steps (engine_int.h): nothing reaches an index before
 * ddb_engine_index_commit, so that a transaction can undo its admissions. */
enum ddb_throttle_reason ddb_engine_index_admit(engine *e, uint32_t key_id, enum ddb_op op, int tx,
                                                size_t partition, int64_t *cost_milli, int64_t now_ns)
{
    if (e->lsis.n) {
        int64_t kb = *cost_milli / DDB_MILLI / tx;
        int64_t units = kb * DDB_MILLI + ddb_lsis_write_milli(&e->lsis, op, kb);
        *cost_milli = units * tx;
        if (!ddb_lsis_collection_allows(&e->lsis, key_id, op, units))
            return (enum ddb_throttle_reason)DDB_ENGINE_COLLECTION_FULL;
    }
    enum ddb_throttle_reason r = ddb_gsis_plan(&e->gsis, key_id, op == DDB_OP_DELETE, now_ns);
    if (r == DDB_ADMITTED)
        r = ddb_table_admit(&e->base.table, partition, DDB_WRITE, *cost_milli, now_ns);
    return r;
}

void ddb_engine_index_commit(engine *e, uint32_t key_id, enum ddb_op op, int tx, int64_t item_kb,
                             int64_t cost_milli, int64_t now_ns)
{
    ddb_gsis_commit(&e->gsis, &e->q, key_id, item_kb, now_ns);
    if (e->lsis.n)
        ddb_lsis_collection_apply(&e->lsis, key_id, op, cost_milli / tx);
}

/* A plain write on a table with indexes: admitted, then propagated to the GSIs it touches. */
static enum ddb_throttle_reason admit_indexed_write(engine *e, uint32_t key_id, enum ddb_op op,
                                                    size_t partition, int64_t *cost_milli,
                                                    int64_t now_ns)
{
    int tx = e->s->consistency == DDB_TRANSACTIONAL ? 2 : 1;
    int64_t kb = *cost_milli / DDB_MILLI / tx;
    enum ddb_throttle_reason r =
        ddb_engine_index_admit(e, key_id, op, tx, partition, cost_milli, now_ns);
    if (r == DDB_ADMITTED)
        ddb_engine_index_commit(e, key_id, op, tx, kb, *cost_milli, now_ns);
    return r;
}

/* An attempt's bookkeeping once admitted or refused; true when it was admitted. */
static bool record_single(engine *e, const request *q, enum ddb_dir d, enum ddb_throttle_reason r)
{
    ddb_metrics_attempt(&e->base.m, q->partition, d, q->cost_milli, r, q->number > 1);
    if (e->base.dyn.cfg.grows && r == DDB_ADMITTED && q->op == DDB_OP_PUT)
        grow_data(e, q->partition, q->cost_milli);
    if (q->op != DDB_OP_SCAN)
        ddb_engine_count_key(e, q->key_id, d, q->cost_milli, r);
    ddb_engine_count_offer(e, q->op != DDB_OP_SCAN ? q->key_id : DDB_KEYTAB_NONE, d, q->cost_milli,
                q->number == 1);
    return r == DDB_ADMITTED;
}

void ddb_engine_collection_full(engine *e, bool retry)
{
    ddb_metrics_request(&e->base.m, DDB_WRITE, 0, retry);
    e->base.m.cur.item_collection_size_limit++;
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
        return record_single(e, q, d, ddb_table_admit(&e->base.table, q->partition, d, q->cost_milli, now_ns));
    request charged = *q; /* with its LSI entries */
    enum ddb_throttle_reason r =
        admit_indexed_write(e, q->key_id, q->op, q->partition, &charged.cost_milli, now_ns);
    if (r == (enum ddb_throttle_reason)DDB_ENGINE_COLLECTION_FULL) {
        ddb_engine_collection_full(e, q->number > 1);
        return false;
    }
    return record_single(e, &charged, d, r);
}

/* attempt_single on a table with indexes or with transactions in the mix (a write may meet an
 * item a transaction holds: TransactionConflictException), out of line like attempt_indexed. */
static __attribute__((noinline)) bool attempt_checked(engine *e, int64_t now_ns, const request *q)
{
    if (e->transactions && ddb_op_is_write(q->op) && q->key_id != DDB_KEYTAB_NONE &&
        ddb_engine_write_conflicts(e, q->key_id, now_ns)) {
        ddb_metrics_request(&e->base.m, DDB_WRITE, 0, q->number > 1);
        ddb_engine_count_offer(e, q->key_id, DDB_WRITE, q->cost_milli, q->number == 1);
        return false;
    }
    if (e->indexed)
        return attempt_indexed(e, now_ns, q);
    enum ddb_dir d = ddb_op_is_write(q->op) ? DDB_WRITE : DDB_READ;
    return record_single(e, q, d, ddb_table_admit(&e->base.table, q->partition, d, q->cost_milli, now_ns));
}

/* One attempt of a single-item request; true when it was admitted. After a split the request's
 * key may have moved (a GSI query's: the index's partition, when the index split). */
static bool attempt_single(engine *e, int64_t now_ns, request *q)
{
    if (q->op == DDB_OP_GSI_QUERY) {
        if (ddb_gsis_table(&e->gsis, q->gsi)->table.n_splits)
            q->partition = ddb_gsis_read_partition(&e->gsis, q->gsi, q->key_id);
    } else if (e->base.table.n_splits && q->op != DDB_OP_SCAN) {
        q->partition = ddb_engine_current_partition(e, q->key_id, q->partition);
    }
    if (__builtin_expect(e->checked, 0))
        return attempt_checked(e, now_ns, q);
    enum ddb_dir d = ddb_op_is_write(q->op) ? DDB_WRITE : DDB_READ;
    return record_single(e, q, d, ddb_table_admit(&e->base.table, q->partition, d, q->cost_milli, now_ns));
}

/* One attempt of a multi-item request: every item is admitted by its own partition; the refused
 * ones stay in the record (a batch's UnprocessedItems / UnprocessedKeys, a fan-out's shards to
 * read again), except those refused for their collection's size, which are dropped (counted in
 * item_collection_size_limit). A batch is one request; each shard of a fan-out is its own.
 * True when nothing is left. */
static bool attempt_batch(engine *e, int64_t now_ns, const request *q, int64_t done_ns)
{
    enum ddb_dir d = ddb_op_is_write(q->op) ? DDB_WRITE : DDB_READ;
    bool fanout = !is_batch(q->op);
    ddb_batch *b = ddb_batch_get(&e->batches, q->key_id);
    uint32_t left = 0, n = b->n;
    for (uint32_t i = 0; i < n; i++) {
        ddb_batch_item it = b->items[i];
        if (e->base.table.n_splits)
            it.partition = ddb_engine_current_partition(e, it.key_id, it.partition);
        int64_t cost = it.cost_milli;
        enum ddb_throttle_reason r =
            d == DDB_WRITE && e->indexed
                ? admit_indexed_write(e, it.key_id, DDB_OP_PUT, it.partition, &cost, now_ns)
                : ddb_table_admit(&e->base.table, it.partition, d, cost, now_ns);
        if (r == (enum ddb_throttle_reason)DDB_ENGINE_COLLECTION_FULL) {
            e->base.m.cur.item_collection_size_limit++;
            continue;
        }
        if (fanout)
            ddb_metrics_attempt(&e->base.m, it.partition, d, cost, r, q->number > 1);
        else
            ddb_metrics_item(&e->base.m, it.partition, d, cost, r);
        if (e->base.dyn.cfg.grows && r == DDB_ADMITTED && d == DDB_WRITE)
            grow_data(e, it.partition, cost);
        /* An ongoing BatchWriteItem cancels a transact_get of its items (AWS's conflict list). */
        if (__builtin_expect(e->hold_plain_writes, 0) && d == DDB_WRITE && r == DDB_ADMITTED &&
            it.key_id != DDB_KEYTAB_NONE)
            ddb_txhold_put(&e->holds, it.key_id, false, done_ns, now_ns);
        ddb_engine_count_key(e, it.key_id, d, cost, r);
        ddb_engine_count_offer(e, it.key_id, d, cost, q->number == 1);
        if (r != DDB_ADMITTED)
            b->items[left++] = it;
    }
    b->n = left;
    if (fanout)
        return left == 0;
    e->base.m.cur.unprocessed_items += left;
    ddb_metrics_request(&e->base.m, d, left == n, q->number > 1);
    return left == 0;
}

/* A batch's, a fan-out's or a transaction's attempt, and *done_ns, when its response arrives: a
 * fan-out's when its slowest shard answers, the shard reads being sent together. */
static bool attempt_grouped(engine *e, int64_t now_ns, const request *q, ddb_client *c,
                            int64_t *done_ns)
{
    if (ddb_op_is_transact(q->op)) {
        *done_ns = now_ns + ddb_client_slowest_ns(c, q->op, 1); /* one request */
        bool ok = ddb_engine_attempt_transact(e, now_ns, q);
        if (ok)
            ddb_engine_hold_items(e, q, now_ns, *done_ns);
        return ok;
    }
    uint32_t n_sent = is_batch(q->op) ? 1 : ddb_batch_get(&e->batches, q->key_id)->n;
    *done_ns = now_ns + ddb_client_slowest_ns(c, q->op, n_sent);
    return attempt_batch(e, now_ns, q, *done_ns);
}

/* The logical request is over (succeeded or failed) at done_ns. */
static void finish(engine *e, const request *q, int64_t done_ns)
{
    if (is_grouped(e, q->op))
        ddb_batch_release(&e->batches, q->key_id);
    if (q->caller)
        ddb_engine_push_caller(e, done_ns + (int64_t)(e->s->think_ms * 1e6), q->caller);
}

/* ---- the adaptive client's limiter ---- */

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

/* The client's limiter may have tokens: send its waiting attempts, oldest first, while it does. */
void ddb_engine_on_limiter(engine *e, int64_t now_ns, uint32_t client)
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
        ddb_engine_attempt(e, now_ns, &q);
    }
}

/* Make attempt q->number now: admit, then handle the response, which arrives a service time
 * later (latency counts it; a retry waits for it and then backs off). In adaptive mode an attempt
 * first waits its turn for a token of the client's limiter, as the SDK's caller would block. */
void ddb_engine_attempt(engine *e, int64_t now_ns, request *q)
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
    /* The response's time is drawn first (the client's own stream: the admission draws nothing
       from it), so that a committed transaction knows how long it holds its items. */
    int64_t done;
    bool ok;
    if (__builtin_expect(is_grouped(e, q->op), 0)) {
        ok = attempt_grouped(e, now_ns, q, c, &done);
    } else {
        done = now_ns + ddb_client_service_ns(c, q->op);
        ok = attempt_single(e, now_ns, q);
        /* An ongoing plain write cancels a transact_get of its item (AWS's conflict list). */
        if (__builtin_expect(e->hold_plain_writes, 0) && ok && ddb_op_is_write(q->op) &&
            q->key_id != DDB_KEYTAB_NONE)
            ddb_txhold_put(&e->holds, q->key_id, false, done, now_ns);
    }
    if (__builtin_expect(e->collection_full, 0)) { /* an error no SDK retries */
        e->collection_full = false;
        ddb_client_response(c, now_ns, false);
        e->base.m.cur.failed++;
        finish(e, q, done);
        return;
    }
    ddb_client_response(c, now_ns, !ok);
    if (ok) {
        e->base.m.cur.succeeded++;
        ddb_quantile_add(e->base.m.latency_cur, done - q->start_ns);
        if (e->single_op < 0) /* with one operation its sketch is the total's (write_latency) */
            ddb_quantile_add(&e->base.m.latency_by_op[q->op], done - q->start_ns);
        ddb_client_success(c, q->last_retry_cost);
        finish(e, q, done);
        return;
    }
    uint32_t cost = 0;
    int64_t backoff = ddb_client_retry_after(c, q->number, &cost);
    if (backoff < 0) {
        e->base.m.cur.failed++;
        finish(e, q, done);
        return;
    }
    q->number++;
    q->last_retry_cost = cost;
    push_attempt(e, done + backoff, q);
}


void ddb_engine_on_attempt(engine *e, const ddb_event *ev)
{
    request q = pop_attempt(ev);
    if (e->agg)
        ddb_engine_aggregate_queued(e, &q, -1);
    ddb_engine_attempt(e, ev->t_ns, &q);
}

