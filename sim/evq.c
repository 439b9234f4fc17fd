/* evq — see evq.h.
 *
 * A 4-ary heap rather than a binary one: with 48-byte events the four children of a node sit in
 * three cache lines, and the tree is half as deep, so pops (the costly side) touch fewer lines.
 * Sifting moves a hole instead of swapping, so each level costs one copy, not three.
 */
#include "sim/evq.h"

#include <stdlib.h>
#include <string.h>

#include "sim/alloc.h"
#include "sim/check.h"

#define ARITY 4

__extension__ typedef unsigned __int128 ddb_u128;

/* (t_ns, seq) as one unsigned 128-bit key, so that an order test is a single comparison the
 * compiler can turn into a conditional move (heap comparisons on random times mispredict). */
static inline ddb_u128 key(const ddb_event *e)
{
    return ((ddb_u128)((uint64_t)e->t_ns ^ (UINT64_C(1) << 63)) << 64) | e->seq;
}

void ddb_evq_init(ddb_evq *q)
{
    memset(q, 0, sizeof *q);
}

void ddb_evq_destroy(ddb_evq *q)
{
    free(q->heap);
    memset(q, 0, sizeof *q);
}

static void grow(ddb_evq *q)
{
    size_t cap = q->cap ? q->cap * 2 : 256;
    DDB_CHECK(cap > q->cap && cap <= SIZE_MAX / sizeof *q->heap, "event queue too large (%zu)",
              q->cap);
    q->heap = ddb_xrealloc(q->heap, cap * sizeof *q->heap);
    q->cap = cap;
}

void ddb_evq_push(ddb_evq *q, const ddb_event *ev)
{
    DDB_CHECK(ev->t_ns >= q->now_ns, "event at %lld ns is before now (%lld ns), kind %u",
              (long long)ev->t_ns, (long long)q->now_ns, (unsigned)ev->kind);
    if (q->n == q->cap)
        grow(q);
    ddb_event e = *ev;
    e.seq = q->next_seq++;
    /* New events are never earlier in seq than anything queued, so compare on time alone. */
    size_t i = q->n++;
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (q->heap[parent].t_ns <= e.t_ns)
            break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = e;
}

/* Fill the hole at the root with `last`. Floyd's bottom-up variant: the hole first sinks along
 * the smallest children to a leaf without looking at `last` (which, coming from the bottom, almost
 * always belongs near the bottom), then `last` rises from there. This removes the unpredictable
 * "stop here?" branch from every level. */
static void sift_down(ddb_evq *q, const ddb_event *last)
{
    ddb_event *h = q->heap;
    size_t n = q->n, i = 0;
    for (;;) {
        size_t first = i * ARITY + 1;
        if (first >= n)
            break;
        size_t best = first;
        ddb_u128 kbest = key(&h[first]);
        size_t end = first + ARITY <= n ? first + ARITY : n;
        for (size_t c = first + 1; c < end; c++) {
            ddb_u128 kc = key(&h[c]);
            bool lt = kc < kbest;
            best = lt ? c : best;
            kbest = lt ? kc : kbest;
        }
        h[i] = h[best];
        i = best;
    }
    ddb_u128 klast = key(last);
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (key(&h[parent]) <= klast)
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = *last;
}

bool ddb_evq_pop(ddb_evq *q, ddb_event *out)
{
    if (q->n == 0)
        return false;
    *out = q->heap[0];
    q->now_ns = out->t_ns;
    if (--q->n > 0) {
        ddb_event last = q->heap[q->n];
        sift_down(q, &last);
    }
    return true;
}

const ddb_event *ddb_evq_peek(const ddb_evq *q)
{
    return q->n ? &q->heap[0] : NULL;
}
