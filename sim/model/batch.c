/* batch — a pool of batch records. See batch.h. */
#include "sim/model/batch.h"

#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"

void ddb_batch_pool_init(ddb_batch_pool *p, uint32_t max_items)
{
    memset(p, 0, sizeof *p);
    p->record_bytes = sizeof(ddb_batch) + max_items * sizeof(ddb_batch_item);
}

void ddb_batch_pool_destroy(ddb_batch_pool *p)
{
    free(p->records);
    free(p->free_ids);
    memset(p, 0, sizeof *p);
}

uint32_t ddb_batch_new(ddb_batch_pool *p)
{
    uint32_t id;
    if (p->n_free > 0) {
        id = p->free_ids[--p->n_free];
    } else {
        if (p->n_records == p->cap) {
            p->cap = p->cap ? p->cap * 2 : 64;
            p->records = ddb_xrealloc(p->records, p->cap * p->record_bytes);
            p->free_ids = ddb_xrealloc(p->free_ids, p->cap * sizeof *p->free_ids);
        }
        id = (uint32_t)p->n_records++;
    }
    ddb_batch_get(p, id)->n = 0;
    return id;
}

void ddb_batch_release(ddb_batch_pool *p, uint32_t id)
{
    DDB_CHECK(id < p->n_records && p->n_free < p->n_records, "release of batch %u", id);
    p->free_ids[p->n_free++] = id;
}
