/* fifo — the growth of a first-in first-out ring of fixed-size elements, shared by the queues that
 * hold a variable number of waiting items (the adaptive client's blocked attempts in the engine,
 * an index partition's backlog in gsi).
 *
 * The caller keeps the ring as items (an array of cap elements), head (the index of the oldest)
 * and n (how many): element i of the queue is items[(head + i) % cap]. When n == cap, before a
 * push, the caller grows it:
 *     if (q->n == q->cap)
 *         q->items = ddb_fifo_grow(q->items, &q->head, q->n, &q->cap, sizeof *q->items);
 */
#ifndef DDB_FIFO_H
#define DDB_FIFO_H

#include <stddef.h>

#define DDB_FIFO_FIRST_CAP 64 /* elements of a ring's first allocation */

/* A new array twice as large (DDB_FIFO_FIRST_CAP when cap is 0) holding the n elements of size
 * elem in queue order from index 0; items is freed, *head set to 0 and *cap to the new size. */
void *ddb_fifo_grow(void *items, size_t *head, size_t n, size_t *cap, size_t elem);

#endif
