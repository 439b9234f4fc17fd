/* evq — the event queue: a binary heap of small value structs ordered by (time, sequence).
 *
 * Events are copied into the heap's array: no allocation per event (the array grows by doubling
 * and never shrinks). Events at the same instant pop first-in-first-out thanks to a global
 * insertion counter, so a run is a pure function of its inputs. The queue never goes back in
 * time: pushing an event earlier than the last popped one is a bug and aborts.
 * Cancelling is the caller's business: mark the event stale (e.g. a generation number in its
 * payload) and drop it when popped.
 */
#ifndef DDB_EVQ_H
#define DDB_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ddb_event {
    int64_t t_ns;     /* simulated time, nanoseconds since the start */
    uint64_t seq;     /* set by ddb_evq_push */
    uint32_t kind;    /* the caller's event kind */
    uint32_t u32;     /* payload, the caller's to interpret */
    uint64_t u64[3];
} ddb_event;

typedef struct ddb_evq {
    ddb_event *heap;
    size_t n, cap;
    uint64_t next_seq;
    int64_t now_ns; /* time of the last popped event (0 before any) */
} ddb_evq;

void ddb_evq_init(ddb_evq *q);
void ddb_evq_destroy(ddb_evq *q);
/* Insert a copy of ev at ev->t_ns (its seq is assigned). Aborts if ev->t_ns < q->now_ns. */
void ddb_evq_push(ddb_evq *q, const ddb_event *ev);
/* Remove the earliest event into *out; false when empty. Advances q->now_ns. */
bool ddb_evq_pop(ddb_evq *q, ddb_event *out);
/* The earliest event, or NULL when empty. */
const ddb_event *ddb_evq_peek(const ddb_evq *q);
static inline size_t ddb_evq_size(const ddb_evq *q) { return q->n; }

#endif
