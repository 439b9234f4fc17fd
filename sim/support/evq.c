/* evq — see evq.h.
 *
 * A calendar queue with a heap on the side. Time is cut into buckets of 2^BUCKET_BITS ns; a ring
 * of RING_SIZE buckets covers the next 34 s. A push into a later bucket appends the event to the
 * bucket's list of fixed-size chunks, next to the previous push there, so the hundred-odd
 * buckets a busy simulation fills at once stay in cache. (A list node per event, or an array
 * per finer slot, cost a cache miss per push or per pop in the simulator, and per-slot arrays
 * kept at their high-water mark by every slot of a ring far longer than the events' horizon
 * would hold many times the queue.)
 * When time reaches a bucket it becomes the current one: its events are counting-sorted by time
 * into groups of about two, each group then sorted, and they pop in order from that array.
 * Everything else — events pushed into the current bucket after it was sorted, and events
 * beyond the ring's span — goes to a 4-ary heap, and pop takes the earlier of the array's head
 * and the heap's top, so order is exact, (t_ns, seq), whatever the mix; only the heap's events
 * cost O(log n).
 *
 * Invariants, after every push and pop:
 *  - the current array holds events of bucket cur_bucket; ring events are in buckets
 *    cur_bucket + 1 .. cur_bucket + RING_SIZE, so no two buckets of the ring share a slot;
 *  - if the ring is not empty, the current array is not, or the heap's top is in a bucket before
 *    next_bucket: the earliest event is the array's head or the heap's top, so peek needs no
 *    work and can stay const.
 * A bucket's chunks are in push order, hence in seq order, and the counting sort is stable, so
 * sorting each group on time alone, stably, gives (t_ns, seq) order.
 *
 * The heap is 4-ary rather than binary: with 48-byte events the four children of a node sit in
 * three cache lines, and the tree is half as deep. Sifting moves a hole instead of swapping, so
 * each level costs one copy, not three.
 */
#include "sim/support/evq.h"

#include <stdlib.h>
#include <string.h>

#include "sim/support/alloc.h"
#include "sim/support/check.h"

/* 16.8 ms buckets, 2048 of them: the ring spans 2^35 ns = 34 s (retry delays reach 20 s) and
 * takes 24 KiB when empty. With 18,000 retries per simulated second a bucket holds ~300 events.
 * Buckets of 4 to 67 ms and chunks of 8 to 32 events measured the same on bench/bench.json; the
 * -D overrides are for measuring again. */
#ifndef DDB_EVQ_BUCKET_BITS
#define DDB_EVQ_BUCKET_BITS 24
#endif
#ifndef DDB_EVQ_GROUP_BITS
#define DDB_EVQ_GROUP_BITS 10
#endif
#ifndef DDB_EVQ_CHUNK_EVENTS
#define DDB_EVQ_CHUNK_EVENTS 16
#endif
#define BUCKET_BITS DDB_EVQ_BUCKET_BITS
#define MAX_GROUP_BITS DDB_EVQ_GROUP_BITS
#define MAX_GROUPS ((size_t)1 << MAX_GROUP_BITS)
#define RING_SIZE ((size_t)1 << (35 - BUCKET_BITS))
#define RING_MASK (RING_SIZE - 1)
#define RING_WORDS ((RING_SIZE + 63) / 64)
_Static_assert(BUCKET_BITS >= 16 && BUCKET_BITS <= 30, "bucket width out of range");
_Static_assert(MAX_GROUP_BITS >= 1 && MAX_GROUP_BITS <= 12 && MAX_GROUP_BITS < BUCKET_BITS,
               "bad group count");

#define ARITY 4
#define INSERTION_SORT_MAX 16

#define CHUNK DDB_EVQ_CHUNK_EVENTS

struct ddb_evq_chunk {
    ddb_event ev[CHUNK];
    uint32_t next; /* index + 1 of the next chunk of the bucket, or of the free list; 0 ends */
};

/* A bucket's chunks are full but the last, which holds what is left of n: a push needs not read
 * its chunk (likely out of cache) to know where to write. */
struct ddb_evq_bucket {
    uint32_t head, tail; /* chunk index + 1; 0 when empty */
    uint32_t n;          /* events */
};

/* Events in the chunk of a bucket of n events that starts at event `at`. */
static inline uint32_t chunk_events(uint32_t n, uint32_t at)
{
    return n - at < CHUNK ? n - at : CHUNK;
}

__extension__ typedef unsigned __int128 ddb_u128;

/* (t_ns, seq) as one unsigned 128-bit key, so that an order test is a single comparison the
 * compiler can turn into a conditional move (heap comparisons on random times mispredict). */
static inline ddb_u128 key(const ddb_event *e)
{
    return ((ddb_u128)((uint64_t)e->t_ns ^ (UINT64_C(1) << 63)) << 64) | e->seq;
}

/* Times are never negative (they start at 0 and never go back), so this is a plain division. */
static inline int64_t bucket_of(int64_t t_ns)
{
    return t_ns >> BUCKET_BITS;
}

void ddb_evq_init(ddb_evq *q)
{
    memset(q, 0, sizeof *q);
    q->ring = ddb_xcalloc(RING_SIZE, sizeof *q->ring);
    q->ring_bits = ddb_xcalloc(RING_WORDS, sizeof *q->ring_bits);
}

void ddb_evq_destroy(ddb_evq *q)
{
    free(q->cur);
    free(q->heap);
    free(q->ring);
    free(q->ring_bits);
    free(q->chunks);
    free(q->scratch);
    memset(q, 0, sizeof *q);
}

/* Room for n events in *buf of capacity *cap; the contents are not kept. */
static void reserve(ddb_event **buf, size_t *cap, size_t n)
{
    if (n <= *cap)
        return;
    size_t c = *cap ? *cap : 256;
    while (c < n) {
        DDB_CHECK(c <= SIZE_MAX / 2 / sizeof **buf, "event queue too large (%zu)", n);
        c *= 2;
    }
    free(*buf);
    *buf = ddb_xmalloc(c * sizeof **buf);
    *cap = c;
}

/* ---- the heap ---- */

static void heap_push(ddb_evq *q, const ddb_event *e)
{
    if (q->heap_n == q->heap_cap) {
        size_t cap = q->heap_cap ? q->heap_cap * 2 : 256;
        DDB_CHECK(cap <= SIZE_MAX / sizeof *q->heap, "event queue too large (%zu)", q->heap_cap);
        q->heap = ddb_xrealloc(q->heap, cap * sizeof *q->heap);
        q->heap_cap = cap;
    }
    /* A new event is never earlier in seq than anything queued, so compare on time alone. */
    size_t i = q->heap_n++;
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (q->heap[parent].t_ns <= e->t_ns)
            break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = *e;
}

/* Fill the hole at the root with `last`. Floyd's bottom-up variant: the hole first sinks along
 * the smallest children to a leaf without looking at `last` (which, coming from the bottom, almost
 * always belongs near the bottom), then `last` rises from there. This removes the unpredictable
 * "stop here?" branch from every level. */
static void sift_down(ddb_evq *q, const ddb_event *last)
{
    ddb_event *h = q->heap;
    size_t n = q->heap_n, i = 0;
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

static void heap_pop(ddb_evq *q, ddb_event *out)
{
    *out = q->heap[0];
    if (--q->heap_n > 0) {
        ddb_event last = q->heap[q->heap_n];
        sift_down(q, &last);
    }
}

/* ---- sorting a group on time, stably ---- */

static void insertion_sort(ddb_event *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        if (a[i - 1].t_ns <= a[i].t_ns)
            continue;
        ddb_event e = a[i];
        size_t j = i;
        do {
            a[j] = a[j - 1];
            j--;
        } while (j > 0 && a[j - 1].t_ns > e.t_ns);
        a[j] = e;
    }
}

/* Merge sort for the rare large group (a burst in one bucket); tmp holds n / 2 events. */
static void merge_sort(ddb_event *a, size_t n, ddb_event *tmp)
{
    if (n <= INSERTION_SORT_MAX) {
        insertion_sort(a, n);
        return;
    }
    size_t h = n / 2;
    merge_sort(a, h, tmp);
    merge_sort(a + h, n - h, tmp);
    if (a[h - 1].t_ns <= a[h].t_ns)
        return;
    memcpy(tmp, a, h * sizeof *a);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        a[k++] = a[j].t_ns < tmp[i].t_ns ? a[j++] : tmp[i++];
    while (i < h)
        a[k++] = tmp[i++];
}

static void sort_group(ddb_evq *q, ddb_event *a, size_t n)
{
    if (n <= INSERTION_SORT_MAX) {
        insertion_sort(a, n);
        return;
    }
    reserve(&q->scratch, &q->scratch_cap, n / 2);
    merge_sort(a, n, q->scratch);
}

/* ---- the ring ---- */

static uint32_t chunk_alloc(ddb_evq *q)
{
    uint32_t k = q->free_chunk;
    if (k) {
        q->free_chunk = q->chunks[k - 1].next;
    } else {
        if (q->chunks_n == q->chunks_cap) {
            uint32_t cap = q->chunks_cap ? q->chunks_cap * 2 : 64;
            DDB_CHECK(cap > q->chunks_cap && cap < UINT32_MAX, "event queue too large (%u chunks)",
                      (unsigned)q->chunks_cap);
            q->chunks = ddb_xrealloc(q->chunks, (size_t)cap * sizeof *q->chunks);
            q->chunks_cap = cap;
        }
        k = ++q->chunks_n;
    }
    q->chunks[k - 1].next = 0;
    return k;
}

static void ring_push(ddb_evq *q, const ddb_event *e, int64_t bucket)
{
    size_t i = (size_t)bucket & RING_MASK;
    struct ddb_evq_bucket *b = &q->ring[i];
    DDB_CHECK(b->n < UINT32_MAX, "too many events in one bucket (%u)", (unsigned)b->n);
    if (b->n == 0) {
        b->head = b->tail = chunk_alloc(q);
        q->ring_bits[i / 64] |= UINT64_C(1) << (i % 64);
    } else if (b->n % CHUNK == 0) {
        uint32_t k = chunk_alloc(q);
        q->chunks[b->tail - 1].next = k;
        b->tail = k;
    }
    q->chunks[b->tail - 1].ev[b->n++ % CHUNK] = *e;
    if (q->ring_n++ == 0 || bucket < q->next_bucket)
        q->next_bucket = bucket;
}

/* The earliest non-empty bucket after `bucket`; the ring is not empty. Ring buckets are within
 * RING_SIZE after cur_bucket, so the first set bit going round from bucket + 1 is the earliest. */
static int64_t ring_next(const ddb_evq *q, int64_t bucket)
{
    uint64_t from = (uint64_t)bucket + 1;
    size_t i = (size_t)from & RING_MASK, w = i / 64;
    uint64_t m = q->ring_bits[w] & (~UINT64_C(0) << (i % 64));
    for (size_t k = 0; !m; k++) {
        DDB_CHECK(k < RING_WORDS, "event queue ring empty (%zu events)", q->ring_n);
        w = (w + 1) % RING_WORDS;
        m = q->ring_bits[w];
    }
    size_t b = w * 64 + (size_t)__builtin_ctzll(m);
    return (int64_t)(from + ((b - from) & RING_MASK));
}

/* Copy the bucket's chunks into q->cur in push order, freeing the chunks. */
static void gather(ddb_evq *q, const struct ddb_evq_bucket *b)
{
    uint32_t at = 0, k = b->head;
    while (k) {
        struct ddb_evq_chunk *c = &q->chunks[k - 1];
        memcpy(q->cur + at, c->ev, chunk_events(b->n, at) * sizeof *c->ev);
        at += CHUNK;
        uint32_t next = c->next;
        c->next = q->free_chunk;
        q->free_chunk = k;
        k = next;
    }
}

/* Counting-sort the bucket's chunks into q->cur by time, stably, in 2^bits groups, freeing the
 * chunks; then sort each group. */
static void distribute(ddb_evq *q, const struct ddb_evq_bucket *b, int64_t bucket, unsigned bits)
{
    const int64_t base = bucket << BUCKET_BITS;
    const unsigned shift = BUCKET_BITS - bits;
    const size_t ngroups = (size_t)1 << bits;
    uint32_t end[MAX_GROUPS + 1];
    memset(end, 0, (ngroups + 1) * sizeof *end);
    for (uint32_t k = b->head, at = 0; k; k = q->chunks[k - 1].next, at += CHUNK)
        for (uint32_t j = 0, m = chunk_events(b->n, at); j < m; j++)
            end[((uint64_t)(q->chunks[k - 1].ev[j].t_ns - base) >> shift) + 1]++;
    for (size_t g = 1; g <= ngroups; g++)
        end[g] += end[g - 1];
    uint32_t at = 0, k = b->head;
    while (k) {
        struct ddb_evq_chunk *c = &q->chunks[k - 1];
        for (uint32_t j = 0, m = chunk_events(b->n, at); j < m; j++)
            q->cur[end[(uint64_t)(c->ev[j].t_ns - base) >> shift]++] = c->ev[j];
        at += CHUNK;
        uint32_t next = c->next;
        c->next = q->free_chunk;
        q->free_chunk = k;
        k = next;
    }
    /* end[g] is now the end of group g */
    for (size_t g = 0, from = 0; g < ngroups; from = end[g++])
        if (end[g] - from > 1)
            sort_group(q, q->cur + from, end[g] - from);
}

/* Make the ring's earliest bucket the current one: sorted into q->cur. About two events per
 * group, so that the groups' sorts are short and a sparse bucket pays for few groups. */
static void load(ddb_evq *q)
{
    int64_t bucket = q->next_bucket;
    size_t i = (size_t)bucket & RING_MASK;
    struct ddb_evq_bucket *b = &q->ring[i];
    size_t n = b->n;
    reserve(&q->cur, &q->cur_cap, n);
    if (n <= INSERTION_SORT_MAX) {
        gather(q, b);
        insertion_sort(q->cur, n);
    } else {
        unsigned bits = 63u - (unsigned)__builtin_clzll((uint64_t)n) - 1u;
        distribute(q, b, bucket, bits < MAX_GROUP_BITS ? bits : MAX_GROUP_BITS);
    }
    q->cur_i = 0;
    q->cur_n = n;
    b->head = b->tail = 0;
    b->n = 0;
    q->ring_bits[i / 64] &= ~(UINT64_C(1) << (i % 64));
    q->ring_n -= n;
    q->cur_bucket = bucket;
    if (q->ring_n)
        q->next_bucket = ring_next(q, bucket);
}

/* Restore "the earliest event is the array's head or the heap's top" after either lost one, or
 * the ring gained one. */
static void settle(ddb_evq *q)
{
    if (q->ring_n && q->cur_i == q->cur_n &&
        (q->heap_n == 0 || bucket_of(q->heap[0].t_ns) >= q->next_bucket))
        load(q);
}

/* ---- the queue ---- */

void ddb_evq_push(ddb_evq *q, const ddb_event *ev)
{
    DDB_CHECK(ev->t_ns >= q->now_ns, "event at %lld ns is before now (%lld ns), kind %u",
              (long long)ev->t_ns, (long long)q->now_ns, (unsigned)ev->kind);
    ddb_event e = *ev;
    e.seq = q->next_seq++;
    q->n++;
    int64_t bucket = bucket_of(e.t_ns);
    if (bucket > q->cur_bucket && (uint64_t)(bucket - q->cur_bucket) <= RING_SIZE) {
        ring_push(q, &e, bucket);
        settle(q);
    } else {
        /* In the current bucket or before, or beyond the ring. The latter cannot become the
         * earliest while the ring holds anything: the heap's top, or the array's head, is
         * before the ring's earliest bucket. */
        heap_push(q, &e);
    }
}

bool ddb_evq_pop(ddb_evq *q, ddb_event *out)
{
    const ddb_event *top = ddb_evq_peek(q);
    if (!top)
        return false;
    if (top == q->heap)
        heap_pop(q, out);
    else
        *out = q->cur[q->cur_i++];
    q->n--;
    q->now_ns = out->t_ns;
    /* After an event from beyond the ring, move the ring's window along with time, so that it
     * reaches 34 s from now, not from the last bucket loaded. The array is then empty and
     * every ring event in a later bucket than the one popped, so the invariants hold. */
    int64_t bucket = bucket_of(out->t_ns);
    if (bucket > q->cur_bucket)
        q->cur_bucket = bucket;
    settle(q);
    return true;
}

const ddb_event *ddb_evq_peek(const ddb_evq *q)
{
    const ddb_event *c = q->cur_i < q->cur_n ? &q->cur[q->cur_i] : NULL;
    if (!q->heap_n)
        return c;
    if (!c || key(q->heap) < key(c))
        return q->heap;
    return c;
}
