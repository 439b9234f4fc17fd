/* batch — multi-item logical requests in flight: the items a batch (BatchWriteItem /
 * BatchGetItem), a read fanned out over a random suffix's shards, or a transaction still has to
 * process, kept by id while the request waits for its next attempt.
 *
 * Records are reused through a free list, so memory grows with the batches in flight, not with
 * the run; an id stays valid until ddb_batch_release.
 */
#ifndef DDB_BATCH_H
#define DDB_BATCH_H

#include <stddef.h>
#include <stdint.h>

#define DDB_BATCH_MAX_ITEMS 100 /* BatchGetItem's limit; BatchWriteItem's is 25 */
#define DDB_FANOUT_MAX_ITEMS 1000 /* the most shards one read may fan out to (a scenario bound) */

typedef struct ddb_batch_item {
    uint32_t key_id;     /* key table id, or DDB_KEYTAB_NONE */
    uint32_t partition;
    int64_t cost_milli;
} ddb_batch_item;

typedef struct ddb_batch {
    uint32_t n;          /* items still unprocessed */
    ddb_batch_item items[]; /* room for the pool's max_items */
} ddb_batch;

typedef struct ddb_batch_pool {
    unsigned char *records; /* n_records records of record_bytes each */
    size_t record_bytes;
    size_t n_records, cap;
    uint32_t *free_ids;
    size_t n_free;
} ddb_batch_pool;

/* A pool whose records hold up to max_items items each. */
void ddb_batch_pool_init(ddb_batch_pool *p, uint32_t max_items);
void ddb_batch_pool_destroy(ddb_batch_pool *p);
/* A record (n = 0) and its id. */
uint32_t ddb_batch_new(ddb_batch_pool *p);
static inline ddb_batch *ddb_batch_get(ddb_batch_pool *p, uint32_t id)
{
    return (ddb_batch *)(void *)(p->records + id * p->record_bytes);
}
void ddb_batch_release(ddb_batch_pool *p, uint32_t id);
/* Records in use. */
static inline size_t ddb_batch_in_use(const ddb_batch_pool *p) { return p->n_records - p->n_free; }

#endif
