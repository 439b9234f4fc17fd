/* capacity — what an operation costs in read and write capacity units, exactly as DynamoDB
 * rounds it. Pure functions; all results are in milli-units (1 RCU = 1000) so that an eventually
 * consistent read of 4 KB (0.5 RCU) stays an integer.
 *
 * Reads: ceil(bytes / 4 KB) units; strong 1, eventual 0.5, transactional 2 per unit.
 * Writes: ceil(bytes / 1 KB) units; standard 1, transactional 2 per unit.
 * 1 KB = 1024 bytes. A zero-byte read or write still costs one unit (a read of a missing item).
 */
#ifndef DDB_CAPACITY_H
#define DDB_CAPACITY_H

#include <stddef.h>
#include <stdint.h>
#include "workloads/ops.h" /* enum ddb_op, enum ddb_consistency */

#define DDB_MILLI 1000
#define DDB_PAGE_MAX_BYTES (1024u * 1024u) /* a Query or Scan page stops at 1 MB */

/* One read (GetItem) of an item of this size. */
int64_t ddb_read_cost_milli(uint64_t item_bytes, enum ddb_consistency c);
/* One write (PutItem, UpdateItem, DeleteItem) of an item of this size; transactional = 1 doubles. */
int64_t ddb_write_cost_milli(uint64_t item_bytes, int transactional);
/* Query: the sizes of the returned items are summed, then rounded once (total_bytes = the sum). */
int64_t ddb_query_cost_milli(uint64_t total_bytes, enum ddb_consistency c);
/* BatchGetItem: each item rounded separately, then summed. */
int64_t ddb_batch_get_cost_milli(const uint64_t *item_bytes, size_t n, enum ddb_consistency c);
/* BatchWriteItem: each item rounded separately, then summed. */
int64_t ddb_batch_write_cost_milli(const uint64_t *item_bytes, size_t n);

#endif
