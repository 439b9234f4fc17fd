/* transact — a transaction's attempt (TransactWriteItems / TransactGetItems): cancelled for a
 * conflict when another request holds one of its items, else its items admitted all or none,
 * each on its own partition; a committed transaction holds its items for its service time. See
 * engine_int.h and docs/model.md, "Transactions". */
#include "sim/engine/engine_int.h"
#include "sim/support/check.h"

/* Items of the transaction that ongoing writes hold, as AWS lists the conflicts: a transact_write
 * meets another transact_write's items; a transact_get meets those of any write, plain or
 * transactional (a transact_get holds nothing). */
static uint32_t held_items(const engine *e, const ddb_batch *b, bool write, int64_t now_ns)
{
    uint32_t held = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        if (b->items[i].key_id == DDB_KEYTAB_NONE)
            continue;
        enum ddb_txhold_kind h = ddb_txhold_get(&e->holds, b->items[i].key_id, now_ns);
        held += h == DDB_TXHOLD_TRANSACT || (h == DDB_TXHOLD_PLAIN && !write);
    }
    return held;
}

/* The application's demand, on the first attempt: every item, whatever the outcome. */
static void offer_items(engine *e, const ddb_batch *b, enum ddb_dir d, bool first)
{
    for (uint32_t i = 0; first && i < b->n; i++)
        ddb_engine_count_offer(e, b->items[i].key_id, d, b->items[i].cost_milli, true);
}

/* One item's admission by the table; on a table with indexes, a write's goes through what a
 * plain write's does (its LSI entries charged with it, its collection's limit, GSI back-pressure),
 * its GSI plans kept aside until every item is admitted. *cost_milli: the item's whole charge. */
static enum ddb_throttle_reason admit_one(engine *e, uint32_t i, const ddb_batch_item *it,
                                          enum ddb_dir d, int64_t now_ns, int64_t *cost_milli)
{
    *cost_milli = it->cost_milli;
    if (!e->indexed || d == DDB_READ) /* a transaction never reads an index */
        return ddb_table_admit(&e->base.table, it->partition, d, it->cost_milli, now_ns);
    enum ddb_throttle_reason r =
        ddb_engine_index_admit(e, it->key_id, DDB_OP_PUT, 2, it->partition, cost_milli, now_ns);
    if (e->gsis.n)
        ddb_gsis_plan_save(&e->gsis, &e->tx_plans[(size_t)i * e->gsis.n]);
    return r;
}

/* Admit every item or none: the admissions are undone at the first refusal, which is the one
 * throttle event of the attempt (TransactionCanceledException, reason ThrottlingError; for GSI
 * back-pressure, the index's cause), or, for an item collection past its limit, the transaction's
 * failure (reason ItemCollectionSizeLimitExceeded: DDB_ENGINE_COLLECTION_FULL). Nothing reaches
 * an index before every item is admitted. Returns the refused item's index, or b->n when every
 * item was admitted; cost_milli[i]: item i's charge. */
static uint32_t admit_all(engine *e, ddb_batch *b, enum ddb_dir d, int64_t now_ns,
                          enum ddb_throttle_reason *why, int64_t *cost_milli)
{
    ddb_table *t = &e->base.table;
    ddb_table_undo_begin(t, d, e->undo);
    for (uint32_t i = 0; i < b->n; i++) {
        ddb_batch_item *it = &b->items[i];
        if (t->n_splits)
            it->partition = ddb_engine_current_partition(e, it->key_id, it->partition);
        ddb_table_undo_add(t, it->partition, e->undo);
        *why = admit_one(e, i, it, d, now_ns, &cost_milli[i]);
        if (*why != DDB_ADMITTED) {
            ddb_table_undo_apply(t, e->undo);
            return i;
        }
    }
    if (!e->indexed || d == DDB_READ)
        return b->n;
    for (uint32_t i = 0; i < b->n; i++) { /* committed: the index writes go */
        if (e->gsis.n)
            ddb_gsis_plan_restore(&e->gsis, &e->tx_plans[(size_t)i * e->gsis.n]);
        ddb_engine_index_commit(e, b->items[i].key_id, DDB_OP_PUT, 2,
                                b->items[i].cost_milli / DDB_MILLI / 2, cost_milli[i], now_ns);
    }
    return b->n;
}

bool ddb_engine_attempt_transact(engine *e, int64_t now_ns, const request *q)
{
    bool write = q->op == DDB_OP_TRANSACT_WRITE, retry = q->number > 1;
    enum ddb_dir d = write ? DDB_WRITE : DDB_READ;
    ddb_batch *b = ddb_batch_get(&e->batches, q->key_id);
    ddb_counters *cur = &e->base.m.cur;
    offer_items(e, b, d, q->number == 1);
    uint32_t held = held_items(e, b, write, now_ns);
    if (held) { /* not a throttle: nothing is admitted, nothing consumed */
        cur->tx_cancelled_conflict++;
        cur->tx_conflict_items += held;
        ddb_metrics_request(&e->base.m, d, 0, retry);
        return false;
    }
    enum ddb_throttle_reason why = DDB_ADMITTED;
    int64_t cost[DDB_BATCH_MAX_ITEMS]; /* each item's charge, with its LSI entries */
    DDB_CHECK(b->n <= DDB_BATCH_MAX_ITEMS, "transaction of %u items", b->n);
    uint32_t refused = admit_all(e, b, d, now_ns, &why, cost);
    if (why == (enum ddb_throttle_reason)DDB_ENGINE_COLLECTION_FULL) {
        ddb_engine_collection_full(e, retry);
        return false;
    }
    if (refused < b->n) {
        const ddb_batch_item *it = &b->items[refused];
        ddb_metrics_item(&e->base.m, it->partition, d, cost[refused], why);
        ddb_metrics_request(&e->base.m, d, 1, retry);
        ddb_engine_count_key(e, it->key_id, d, cost[refused], why);
        cur->tx_cancelled_throttling++;
        return false;
    }
    for (uint32_t i = 0; i < b->n; i++) {
        const ddb_batch_item *it = &b->items[i];
        ddb_metrics_item(&e->base.m, it->partition, d, cost[i], DDB_ADMITTED);
        ddb_engine_count_key(e, it->key_id, d, cost[i], DDB_ADMITTED);
    }
    ddb_metrics_request(&e->base.m, d, 0, retry);
    return true;
}

void ddb_engine_hold_items(engine *e, const request *q, int64_t now_ns, int64_t done_ns)
{
    if (q->op != DDB_OP_TRANSACT_WRITE) /* nothing conflicts with an ongoing transact_get */
        return;
    const ddb_batch *b = ddb_batch_get(&e->batches, q->key_id);
    for (uint32_t i = 0; i < b->n; i++)
        if (b->items[i].key_id != DDB_KEYTAB_NONE)
            ddb_txhold_put(&e->holds, b->items[i].key_id, true, done_ns, now_ns);
}

bool ddb_engine_write_conflicts(engine *e, uint32_t key_id, int64_t now_ns)
{
    if (ddb_txhold_get(&e->holds, key_id, now_ns) != DDB_TXHOLD_TRANSACT)
        return false;
    e->base.m.cur.tx_conflict_writes++;
    e->base.m.cur.tx_conflict_items++;
    return true;
}
