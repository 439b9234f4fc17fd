/* draw — a new logical request: its operation, key, partition and cost, drawn from the workload
 * or read from the trace. See engine_int.h. */
#include <string.h>
#include "sim/engine/engine_int.h"
#include "sim/model/capacity.h"
#include "sim/support/alloc.h"
#include "sim/support/rng.h"
#include "workloads/dist.h"
#include "workloads/template.h"
#include "workloads/trace.h"

/* ---- key drawing (sim/model/keydraw.h) ---- */

/* The first time a dense key number is drawn: render and hash its key, place it, and fill its
 * slot. */
static inline __attribute__((always_inline)) void first_draw(engine *e, ddb_keyslot *slot,
                                                             uint64_t index, int64_t now_ns)
{
    uint32_t id;
    ddb_keystat *k = ddb_keytab_dense(&e->keys, index, &id);
    ddb_keydraw_decode(&e->kd, index);
    size_t len = ddb_keydraw_render(&e->kd, now_ns);
    uint64_t h = ddb_key_hash(e->kd.buf, len);
    ddb_keytab_name_set(&e->keys, k, e->kd.buf, len, h);
    slot->partition = (uint32_t)ddb_keyspace_lookup(&e->base.table.keys, h);
}

/* A key that follows the clock (or has too many values for a dense index): render, hash, find. */
static uint32_t draw_hashed_key(engine *e, int64_t now_ns, enum ddb_op op, size_t *partition)
{
    ddb_keydraw_draw(&e->kd, op);
    size_t len = ddb_keydraw_render(&e->kd, now_ns);
    uint64_t h = ddb_key_hash(e->kd.buf, len);
    uint32_t id;
    ddb_keytab_find(&e->keys, h, e->kd.buf, len, &id); /* id = NONE past the table's bound */
    *partition = ddb_keyspace_lookup(&e->base.table.keys, h);
    return id;
}

/* Hashed keys drawn ahead, when the key is one attribute's value and the clock (no shard, no
 * inserts: one stream, consumed in the same order either way). Each is drawn ENGINE_HASHED_AHEAD
 * requests before it is issued and rendered and hashed then (with period_ids: unless found there,
 * HASHED_RESOLVE_AHEAD requests before), at the time of the request rendering it: the same text,
 * unless the clock part has moved on by then (another day, hour, millisecond), when it is
 * rendered again. Meanwhile its key table slot is fetched, then the entry the slot
 * holds, then its name, as trace replay does (sim/engine/replay.c): the lookup's loads are the
 * hashed mode's cache misses. */
#define HASHED_RESOLVE_AHEAD 6
#define HASHED_ENTRY_AHEAD 4
#define HASHED_NAME_AHEAD 2

/* The parts before and after the attribute's are the same for every key of a clock period:
 * rendered once a period, copied around each key's attribute; so is the hash's state over the
 * part before (a key's hash then runs over the rest of it only). `bucket` is now_ns's clock period
 * (now_ns / hashed_period_ns, divided once a request by draw_hashed_ahead): so below too. */
static void render_ahead(engine *e, hashed_ahead *a, int64_t now_ns, int64_t bucket)
{
    e->kd.attr_values[e->kd.single_attr] = a->value;
    ddb_tpl_values v = {e->kd.specs, e->kd.attr_values, e->kd.shard_values, now_ns};
    a->bucket = bucket;
    size_t i = e->hashed_part;
    if (i == SIZE_MAX) { /* (prefix_len stays 0, prefix_state the hash's start) */
        a->len = ddb_template_render(e->kd.tpl, &v, a->key, sizeof a->key);
    } else {
        if (a->bucket != e->affix_bucket) {
            e->prefix_len = ddb_template_render_parts(e->kd.tpl, &v, 0, i, e->prefix, sizeof e->prefix);
            e->suffix_len = ddb_template_render_parts(e->kd.tpl, &v, i + 1, e->kd.n_parts, e->suffix,
                                                      sizeof e->suffix);
            e->prefix_state = ddb_key_hash_more(DDB_KEY_HASH_START, e->prefix, e->prefix_len);
            e->affix_bucket = a->bucket;
        }
        size_t room = sizeof a->key - e->prefix_len;
        memcpy(a->key, e->prefix, e->prefix_len);
        size_t mid = ddb_template_render_parts(e->kd.tpl, &v, i, i + 1, a->key + e->prefix_len, room);
        a->len = e->prefix_len + mid + e->suffix_len;
        if (a->len < sizeof a->key)
            memcpy(a->key + e->prefix_len + mid, e->suffix, e->suffix_len + 1);
    }
    DDB_CHECK(a->len < sizeof a->key, "key of %zu bytes exceeds its longest rendering", a->len);
    a->hash = ddb_key_hash_end(ddb_key_hash_more(e->prefix_state, a->key + e->prefix_len,
                                                 a->len - e->prefix_len));
}

/* The entry of a's value in clock period `bucket`, when period_ids holds it (then a->id and
 * a->bucket are set and the key is not rendered). */
static bool known_ahead(engine *e, hashed_ahead *a, int64_t bucket)
{
    if (!e->period_ids)
        return false;
    uint64_t known = e->period_ids[a->value];
    if (known >> 32 != (uint64_t)bucket + 1)
        return false;
    a->bucket = bucket;
    a->id = (uint32_t)known;
    return true;
}

/* A key drawn ahead, found in period_ids (its entry fetched) or rendered (its slot fetched). */
static void resolve_ahead(engine *e, hashed_ahead *a, int64_t now_ns, int64_t bucket)
{
    if (a->resolved)
        return;
    a->resolved = true;
    if (known_ahead(e, a, bucket)) {
        __builtin_prefetch(&e->keys.entries[a->id]);
        __builtin_prefetch(&e->keys.offers[a->id]);
        return;
    }
    a->id = DDB_KEYTAB_NONE;
    render_ahead(e, a, now_ns, bucket);
    ddb_keytab_prefetch_slot(&e->keys, a->hash);
}

/* Draw a key ahead. With period_ids, its value's line there is fetched and the key resolved
 * HASHED_RESOLVE_AHEAD requests before it is issued (a large table's line is a miss). */
static void draw_ahead(engine *e, hashed_ahead *a, int64_t now_ns, int64_t bucket)
{
    a->value = ddb_keydraw_draw(&e->kd, DDB_OP_GET);
    a->resolved = false;
    if (e->period_ids)
        __builtin_prefetch(&e->period_ids[a->value]);
    else
        resolve_ahead(e, a, now_ns, bucket);
}

static hashed_ahead *hashed_at(engine *e, size_t requests_on)
{
    return &e->hashed_ahead[(e->ahead_pos + requests_on - 1) % ENGINE_HASHED_AHEAD];
}

static uint32_t draw_hashed_ahead(engine *e, int64_t now_ns, size_t *partition)
{
    int64_t bucket = now_ns / e->hashed_period_ns;
    if (e->ahead_n == 0) /* the first request: fill the pipeline */
        for (; e->ahead_n < ENGINE_HASHED_AHEAD; e->ahead_n++)
            draw_ahead(e, &e->hashed_ahead[e->ahead_n], now_ns, bucket);
    hashed_ahead *a = &e->hashed_ahead[e->ahead_pos];
    resolve_ahead(e, a, now_ns, bucket); /* done ahead but in the pipeline's first requests */
    if (bucket != a->bucket && !known_ahead(e, a, bucket)) {
        a->id = DDB_KEYTAB_NONE;
        render_ahead(e, a, now_ns, bucket);
    }
    uint32_t id = a->id;
    if (id != DDB_KEYTAB_NONE) {
        a->hash = e->keys.entries[id].hash;
    } else {
        ddb_keytab_find(&e->keys, a->hash, a->key, a->len, &id); /* NONE past the table's bound */
        if (id == DDB_KEYTAB_NONE) /* untracked: emit_request reads the key where it was rendered */
            memcpy(e->kd.buf, a->key, a->len + 1);
        else if (e->period_ids && a->bucket + 1 < ((int64_t)1 << 32))
            e->period_ids[a->value] = (uint64_t)(a->bucket + 1) << 32 | id;
    }
    *partition = ddb_keyspace_lookup(&e->base.table.keys, a->hash);
    draw_ahead(e, a, now_ns, bucket); /* the key ENGINE_HASHED_AHEAD requests on takes its place */
    e->ahead_pos = (e->ahead_pos + 1) % ENGINE_HASHED_AHEAD;
    resolve_ahead(e, hashed_at(e, HASHED_RESOLVE_AHEAD), now_ns, bucket);
    /* keys found in period_ids had their entries fetched when resolved */
    const hashed_ahead *at_entry = hashed_at(e, HASHED_ENTRY_AHEAD), *at_name = hashed_at(e, HASHED_NAME_AHEAD);
    if (at_entry->resolved && at_entry->id == DDB_KEYTAB_NONE)
        ddb_keytab_prefetch_entry(&e->keys, at_entry->hash);
    if (at_name->resolved && at_name->id == DDB_KEYTAB_NONE)
        ddb_keytab_prefetch_name(&e->keys, at_name->hash);
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

/* Queries and scans have no transactional form: a transactional workload reads them strongly. */
static enum ddb_consistency page_consistency(enum ddb_consistency c)
{
    return c == DDB_TRANSACTIONAL ? DDB_STRONG : c;
}

static int64_t draw_cost(engine *e, enum ddb_op op)
{
    if (e->fixed_cost_milli[op] >= 0) { /* what the switch below gives, known in advance */
        e->last_bytes = e->size_of[op]->bytes;
        return e->fixed_cost_milli[op];
    }
    enum ddb_consistency c = e->s->consistency;
    enum ddb_consistency page_c = page_consistency(c);
    switch (op) {
    case DDB_OP_GET: return ddb_read_cost_milli(draw_size(e, op), c);
    case DDB_OP_QUERY: return ddb_query_cost_milli(page_bytes_kept(e, op, e->s->items_per_query), page_c);
    case DDB_OP_SCAN: return ddb_query_cost_milli(page_bytes_kept(e, op, e->s->scan_page_items), page_c);
    case DDB_OP_GSI_QUERY: return gsi_query_cost(e);
    case DDB_OP_TRANSACT_GET: return ddb_read_cost_milli(draw_size(e, op), DDB_TRANSACTIONAL);
    case DDB_OP_TRANSACT_WRITE: return ddb_write_cost_milli(draw_size(e, op), 1);
    default: return ddb_write_cost_milli(draw_size(e, op), c == DDB_TRANSACTIONAL);
    }
}

/* ---- the request as a trace line, for a sink that takes requests (ddbsim gen) ---- */

/* The sort key is left empty (it never affects placement), the index is the table unless the
 * request is a replayed query on a GSI. */
static void emit_request(engine *e, int64_t now_ns, const request *q)
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
    enum ddb_consistency c = on_gsi                      ? DDB_EVENTUAL
                             : ddb_op_is_transact(q->op) ? DDB_TRANSACTIONAL
                                                         : e->s->consistency;
    ddb_request_row row = {now_ns, on_gsi ? "query" : ddb_op_names[q->op], key, len, e->last_bytes,
                           ddb_consistency_names[c],
                           on_gsi ? e->s->gsi[q->gsi].name : DDB_TABLE_INDEX};
    e->sink->ops->request(e->sink->ctx, &row);
}

/* ---- keys ---- */

/* Dense key numbers are drawn ENGINE_AHEAD keys in advance (the attribute streams are consumed
 * in the same order either way): the slot of a key is fetched ENGINE_AHEAD requests before it is
 * needed, and what the slot points to (its entry, its partition) ENGINE_NEAR requests before.
 * Keys are many and randomly hit, and partitions may be too, so these fetches are the
 * simulator's cache misses. */
static inline __attribute__((always_inline)) uint64_t next_dense_index(engine *e)
{
    /* (a key with inserts is never dense, so the operation passed to ddb_keydraw_draw is moot) */
    if (e->ahead_n == 0) /* the first request: fill the pipeline */
        for (; e->ahead_n < ENGINE_AHEAD; e->ahead_n++)
            e->ahead[e->ahead_n] = ddb_keydraw_draw(&e->kd, DDB_OP_GET);
    uint64_t index = e->ahead[e->ahead_pos];
    e->ahead[e->ahead_pos] = ddb_keydraw_draw(&e->kd, DDB_OP_GET);
    __builtin_prefetch(&e->keys.dense[e->ahead[e->ahead_pos]]);
    e->ahead_pos = (e->ahead_pos + 1) % ENGINE_AHEAD;
    /* The slot of the key ENGINE_NEAR requests ahead arrived long enough ago: fetch its entry
     * now. */
    const ddb_keyslot *next_slot =
        &e->keys.dense[e->ahead[(e->ahead_pos + ENGINE_NEAR - 1) % ENGINE_AHEAD]];
    uint32_t next = next_slot->id_plus1;
    if (next) {
        __builtin_prefetch(&e->keys.entries[next - 1], 1);
        __builtin_prefetch(&e->keys.offers[next - 1], 1);
        ddb_tablerun_prefetch(&e->base, next_slot->partition);
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
        q->key_id = e->hashed_period_ns ? draw_hashed_ahead(e, now_ns, &partition)
                                        : draw_hashed_key(e, now_ns, op, &partition);
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
        if (e->requests) {
            item.op = write ? DDB_OP_PUT : DDB_OP_GET;
            emit_request(e, now_ns, &item);
        }
    }
    q->key_id = id;
    q->partition = 0;
    q->cost_milli = 0;
}

/* ---- a read fanned out over a random suffix's shards ---- */

/* Set the random suffixes' shard values to combination `combo` of them (a mixed radix over the
 * random {shard:N} parts); calculated suffixes keep theirs. */
static void set_shards(engine *e, uint32_t combo)
{
    const ddb_tpl_part *parts = e->kd.tpl->parts;
    for (size_t i = e->kd.n_parts; i-- > 0;)
        if (parts[i].kind == DDB_TPL_SHARD && parts[i].shard_attr < 0) {
            e->kd.shard_values[i] = combo % parts[i].shard_n;
            combo /= parts[i].shard_n;
        }
}

/* The shard combination the values last drawn hold (the inverse of set_shards). */
static uint32_t shards_drawn(const engine *e)
{
    const ddb_tpl_part *parts = e->kd.tpl->parts;
    uint64_t combo = 0;
    for (size_t i = 0; i < e->kd.n_parts; i++)
        if (parts[i].kind == DDB_TPL_SHARD && parts[i].shard_attr < 0)
            combo = combo * parts[i].shard_n + e->kd.shard_values[i];
    return (uint32_t)combo;
}

/* The key of the values the key drawer holds now: its id and partition (dense keys are placed the
 * first time they are seen, hashed ones rendered and looked up). */
static void place_shard(engine *e, int64_t now_ns, ddb_batch_item *it)
{
    if (e->kd.domain) {
        uint64_t index = ddb_keydraw_encode(&e->kd);
        ddb_keyslot *slot = &e->keys.dense[index];
        if (!slot->id_plus1)
            first_draw(e, slot, index, now_ns); /* renders the key: kd.buf is this shard's */
        it->key_id = slot->id_plus1 - 1;
        it->partition = slot->partition;
        return;
    }
    size_t len = ddb_keydraw_render(&e->kd, now_ns);
    uint64_t h = ddb_key_hash(e->kd.buf, len);
    ddb_keytab_find(&e->keys, h, e->kd.buf, len, &it->key_id); /* NONE past the table's bound */
    it->partition = (uint32_t)ddb_keyspace_lookup(&e->base.table.keys, h);
}

/* A get or query of an item written under a random suffix: the application cannot know its
 * shard, so it reads every one (AWS's "Using write sharding": random suffixes need all shards
 * queried). One record item per shard, each its own request. A get finds the item on the shard
 * it was drawn on and nothing on the others (a read of a missing item still costs the minimum
 * unit); a query's page is spread over the shards, each returning its share, rounded up. */
static void draw_fanout(engine *e, int64_t now_ns, request *q)
{
    if (e->kd.domain)
        ddb_keydraw_decode(&e->kd, next_dense_index(e));
    else
        ddb_keydraw_draw(&e->kd, q->op);
    int64_t cost = draw_cost(e, q->op);
    uint64_t bytes = e->last_bytes;
    uint32_t holder = shards_drawn(e), id = ddb_batch_new(&e->batches);
    ddb_batch *b = ddb_batch_get(&e->batches, id);
    enum ddb_consistency c = e->s->consistency;
    uint64_t share = q->op == DDB_OP_QUERY ? (bytes + e->fanout - 1) / e->fanout : 1;
    int64_t other = q->op == DDB_OP_QUERY ? ddb_query_cost_milli(share, page_consistency(c))
                                          : ddb_read_cost_milli(0, c);
    b->n = e->fanout;
    for (uint32_t s = 0; s < e->fanout; s++) {
        ddb_batch_item *it = &b->items[s];
        set_shards(e, s);
        place_shard(e, now_ns, it);
        it->cost_milli = q->op == DDB_OP_GET && s == holder ? cost : other;
        if (e->requests) {
            request shard = {.op = q->op, .key_id = it->key_id};
            e->last_bytes = q->op == DDB_OP_GET && s == holder ? bytes : share;
            emit_request(e, now_ns, &shard);
        }
    }
    q->key_id = id;
    q->partition = 0;
    q->cost_milli = 0;
}

/* A transaction: transact_items distinct items drawn like single ones, each charged
 * transactionally (draw_cost). An item drawn twice is in the transaction once (DynamoDB refuses
 * two actions on one item), so a transaction on few keys may hold fewer items. */
static void draw_transact(engine *e, int64_t now_ns, request *q)
{
    uint32_t id = ddb_batch_new(&e->batches);
    ddb_batch *b = ddb_batch_get(&e->batches, id);
    for (uint32_t i = 0; i < e->s->transact_items; i++) {
        request item = {.op = q->op};
        draw_item(e, now_ns, q->op, &item);
        bool again = false;
        for (uint32_t j = 0; j < b->n && item.key_id != DDB_KEYTAB_NONE && !again; j++)
            again = b->items[j].key_id == item.key_id;
        if (again)
            continue;
        b->items[b->n++] = (ddb_batch_item){item.key_id, item.partition, item.cost_milli};
        if (e->requests)
            emit_request(e, now_ns, &item);
    }
    q->key_id = id;
    q->partition = 0;
    q->cost_milli = 0;
}

/* A multi-item request: a batch, a fan-out or a transaction. */
static void draw_grouped(engine *e, int64_t now_ns, request *q)
{
    if (is_batch(q->op))
        draw_batch(e, now_ns, q);
    else if (ddb_op_is_transact(q->op))
        draw_transact(e, now_ns, q);
    else
        draw_fanout(e, now_ns, q);
}

/* A request read from the trace: its key is hashed and placed as it comes (keys are tracked in
 * the key table's hashed mode), its cost from its size. */
static void issue_traced(engine *e, request *q)
{
    const ddb_trace_req *t = &e->treq->r;
    enum ddb_consistency c = t->consistency < 0 ? e->s->consistency : (enum ddb_consistency)t->consistency;
    enum ddb_consistency page_c = page_consistency(c);
    q->op = t->op;
    e->last_bytes = t->item_bytes;
    if (t->op == DDB_OP_SCAN) {
        q->partition = (uint32_t)(e->scan_cursor++ % e->base.table.n_partitions);
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
    q->partition = (uint32_t)ddb_keyspace_lookup(&e->base.table.keys, h);
    if (t->op == DDB_OP_GET)
        q->cost_milli = ddb_read_cost_milli(t->item_bytes, c);
    else if (t->op == DDB_OP_QUERY)
        q->cost_milli = ddb_query_cost_milli(t->item_bytes, page_c);
    else
        q->cost_milli = ddb_write_cost_milli(t->item_bytes, c == DDB_TRANSACTIONAL);
}

/* A drawn request's key, partition and cost, its operation given. */
static void draw_request(engine *e, int64_t now_ns, request *q)
{
    if (q->op == DDB_OP_SCAN) { /* a scan walks the partitions in turn, a page at a time */
        q->partition = (uint32_t)(e->scan_cursor++ % e->base.table.n_partitions);
        q->cost_milli = draw_cost(e, q->op);
    } else if (is_grouped(e, q->op)) {
        draw_grouped(e, now_ns, q);
    } else {
        draw_item(e, now_ns, q->op, q);
        if (q->op == DDB_OP_GSI_QUERY) {
            q->gsi = (uint32_t)e->s->gsi_query_gsi;
            q->partition = ddb_gsis_read_partition(&e->gsis, q->gsi, q->key_id);
        }
    }
}

static request new_request(engine *e, int64_t now_ns, uint32_t caller)
{
    request q = {.number = 1, .start_ns = now_ns, .caller = caller, .key_id = DDB_KEYTAB_NONE};
    if (caller) {
        q.client = (caller - 1) % e->s->instances;
    } else {
        q.client = e->next_client;
        if (++e->next_client == e->s->instances) /* round robin without a division */
            e->next_client = 0;
    }
    return q;
}

/* The request drawn: handed to the sink when it takes requests, counted, and attempted. */
static void send_new(engine *e, int64_t now_ns, request *q)
{
    if (e->requests && !is_grouped(e, q->op)) /* a batch or a fan-out gave its items */
        emit_request(e, now_ns, q);
    e->base.m.cur.arrivals++;
    ddb_engine_attempt(e, now_ns, q);
}

/* A new logical request, from the rate profile or the trace (caller 0) or a closed-loop caller. */
void ddb_engine_issue(engine *e, int64_t now_ns, uint32_t caller)
{
    request q = new_request(e, now_ns, caller);
    if (e->trace) {
        issue_traced(e, &q);
    } else {
        q.op = draw_op(e);
        draw_request(e, now_ns, &q);
    }
    send_new(e, now_ns, &q);
}

uint32_t ddb_engine_key_id(engine *e, uint64_t key, int64_t now_ns)
{
    ddb_keyslot *slot = &e->keys.dense[key];
    if (!slot->id_plus1)
        first_draw(e, slot, key, now_ns);
    return slot->id_plus1 - 1;
}

void ddb_engine_draw_new(engine *e, int64_t now_ns, enum ddb_op op, uint64_t key, request *q)
{
    *q = (request){.op = op, .key_id = DDB_KEYTAB_NONE};
    if (key == UINT64_MAX) {
        draw_request(e, now_ns, q);
    } else { /* a single-item request on a key already drawn */
        q->cost_milli = draw_cost(e, op);
        q->key_id = ddb_engine_key_id(e, key, now_ns);
        q->partition = e->keys.dense[key].partition;
    }
}

void ddb_engine_send_drawn(engine *e, int64_t now_ns, const request *drawn)
{
    request q = new_request(e, now_ns, 0);
    q.op = drawn->op;
    q.key_id = drawn->key_id;
    q.partition = drawn->partition;
    q.gsi = drawn->gsi;
    q.cost_milli = drawn->cost_milli;
    send_new(e, now_ns, &q);
}


/* ---- set-up ---- */

void ddb_engine_draw_init(engine *e)
{
    const ddb_scenario *s = e->s;
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
    if (!e->kd.domain && e->kd.single_attr >= 0 && !s->has_trace &&
        ddb_template_max_len(&s->pk, e->kd.specs) < ENGINE_HASHED_KEY_BYTES)
        e->hashed_period_ns = ddb_template_clock_period_ns(&s->pk, e->kd.specs);
    /* The part showing the attribute, unless it shows twice (then the whole key each time). */
    e->hashed_part = SIZE_MAX;
    e->affix_bucket = -1;
    e->prefix_len = 0;
    e->prefix_state = DDB_KEY_HASH_START;
    size_t shown = 0;
    for (size_t i = 0; e->hashed_period_ns && i < s->pk.n_parts; i++)
        if (s->pk.parts[i].kind == DDB_TPL_ATTR && s->pk.parts[i].attr == (size_t)e->kd.single_attr &&
            shown++ == 0)
            e->hashed_part = i;
    if (shown > 1)
        e->hashed_part = SIZE_MAX;
    uint64_t values = e->hashed_period_ns ? ddb_dist_domain(&e->kd.specs[e->kd.single_attr]) : 0;
    if (values > 0 && values <= ENGINE_PERIOD_IDS_MAX)
        e->period_ids = ddb_xcalloc((size_t)values, sizeof *e->period_ids);
    _Static_assert(DDB_OP_COUNT <= 32, "grouped_ops: a bit per operation");
    for (int op = 0; op < DDB_OP_COUNT; op++)
        if (is_batch((enum ddb_op)op) || is_fanout(e, (enum ddb_op)op) || ddb_op_is_transact((enum ddb_op)op))
            e->grouped_ops |= 1u << op;
    for (int op = 0; op < DDB_OP_COUNT; op++) {
        e->size_of[op] = s->has_item_bytes_by_op[op] ? &s->item_bytes_by_op[op] : &s->item_bytes;
        bool single_item = op == DDB_OP_GET || op == DDB_OP_PUT || op == DDB_OP_UPDATE ||
                           op == DDB_OP_DELETE || ddb_op_is_transact((enum ddb_op)op);
        e->fixed_cost_milli[op] = -1;
        uint32_t bytes = e->size_of[op]->bytes;
        if (!single_item || e->size_of[op]->kind != DDB_SIZE_FIXED)
            continue;
        if (op == DDB_OP_GET)
            e->fixed_cost_milli[op] = ddb_read_cost_milli(bytes, s->consistency);
        else if (op == DDB_OP_TRANSACT_GET) /* each item of a transaction costs 2 units a unit */
            e->fixed_cost_milli[op] = ddb_read_cost_milli(bytes, DDB_TRANSACTIONAL);
        else
            e->fixed_cost_milli[op] = ddb_write_cost_milli(
                bytes, op == DDB_OP_TRANSACT_WRITE || s->consistency == DDB_TRANSACTIONAL);
    }
}
