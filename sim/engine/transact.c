/* transact — a transaction's attempt (TransactWriteItems / TransactGetItems): cancelled for a
 * conflict when another request holds one of its items, else its items admitted all or none,
 * each on its own partition; a committed transaction holds its items for its service time. See
 * engine_int.h and docs/model.md, "Transactions". */
#include "sim/engine/engine_int.h"

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

/* Admit every item or none: the admissions are undone at the first refusal, which is the one
 * throttle event of the attempt (TransactionCanceledException, reason ThrottlingError). Returns
 * the refused item's index, or b->n when every item was admitted. */
static uint32_t admit_all(engine *e, ddb_batch *b, enum ddb_dir d, int64_t now_ns,
                          enum ddb_throttle_reason *why)
{
    ddb_table *t = &e->base.table;
    ddb_table_undo_begin(t, d, e->undo);
    for (uint32_t i = 0; i < b->n; i++) {
        ddb_batch_item *it = &b->items[i];
        if (t->n_splits)
            it->partition = ddb_engine_current_partition(e, it->key_id, it->partition);
        ddb_table_undo_add(t, it->partition, e->undo);
        *why = ddb_table_admit(t, it->partition, d, it->cost_milli, now_ns);
        if (*why != DDB_ADMITTED) {
            ddb_table_undo_apply(t, e->undo);
            return i;
        }
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
    uint32_t refused = admit_all(e, b, d, now_ns, &why);
    if (refused < b->n) {
        const ddb_batch_item *it = &b->items[refused];
        ddb_metrics_item(&e->base.m, it->partition, d, it->cost_milli, why);
        ddb_metrics_request(&e->base.m, d, 1, retry);
        ddb_engine_count_key(e, it->key_id, d, it->cost_milli, why);
        cur->tx_cancelled_throttling++;
        return false;
    }
    for (uint32_t i = 0; i < b->n; i++) {
        const ddb_batch_item *it = &b->items[i];
        ddb_metrics_item(&e->base.m, it->partition, d, it->cost_milli, DDB_ADMITTED);
        ddb_engine_count_key(e, it->key_id, d, it->cost_milli, DDB_ADMITTED);
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
