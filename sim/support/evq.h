/* evq — the event queue: small value structs ordered by (time, sequence).
 *
 * Push and pop are O(1) amortized for events due within the next 34 s (a calendar queue; see
 * evq.c), O(log n) for later ones. Events are copied into the queue's arrays: no allocation per
 * event in steady state (the arrays grow and never shrink until ddb_evq_destroy). Events at the same instant pop first-in-first-out thanks to a global
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
    /* The current bucket's events, sorted, and a cursor: cur[cur_i .. cur_n) are queued. */
    ddb_event *cur;
    size_t cur_i, cur_n, cur_cap;
    /* A 4-ary heap for the rest: events pushed at or before the current bucket once it was
     * sorted, and events beyond the ring's span. */
    ddb_event *heap;
    size_t heap_n, heap_cap;
    /* The ring of later buckets: per bucket, a list of chunks in push order, and a bitmap of the
     * non-empty ones. Chunks come from one pool with a free list. */
    struct ddb_evq_bucket *ring;
    uint64_t *ring_bits;
    struct ddb_evq_chunk *chunks;
    uint32_t chunks_n, chunks_cap, free_chunk;
    size_t ring_n;
    int64_t cur_bucket;  /* the ring holds buckets cur_bucket + 1 .. cur_bucket + ring size */
    int64_t next_bucket; /* the earliest non-empty bucket of the ring, when ring_n > 0 */
    ddb_event *scratch;  /* for sorting large groups */
    size_t scratch_cap;
    size_t n; /* events queued */
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
