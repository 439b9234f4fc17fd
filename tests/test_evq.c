/* test_evq — order, FIFO ties, time monotonicity, growth, and stress runs against a reference:
 * near, far (beyond the ring's span), sparse and same-instant events, interleaved. */
#define _POSIX_C_SOURCE 200809L /* tests/testlib.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "sim/support/evq.h"
#include "sim/support/rng.h"
#include "tests/testlib.h"

static ddb_event mk(int64_t t, uint64_t tag)
{
    ddb_event e;
    memset(&e, 0, sizeof e);
    e.t_ns = t;
    e.kind = (uint32_t)(tag % 7);
    e.u64[0] = tag;
    e.u64[2] = ~tag;
    return e;
}

static void test_empty(void **unused)
{
    (void)unused;
    ddb_evq q;
    ddb_evq_init(&q);
    ddb_event e;
    assert_false(ddb_evq_pop(&q, &e));
    assert_null(ddb_evq_peek(&q));
    assert_int_equal(ddb_evq_size(&q), 0);
    assert_int_equal(q.now_ns, 0);
    ddb_evq_destroy(&q);
}

static void test_random_pushes_pop_sorted(void **unused)
{
    (void)unused;
    gsl_rng *r = ddb_rng_stream_new(1, 100, 0);
    ddb_evq q;
    ddb_evq_init(&q);
    const int n = 20000;
    for (int i = 0; i < n; i++) {
        ddb_event e = mk((int64_t)gsl_rng_uniform_int(r, 1000), (uint64_t)i);
        ddb_evq_push(&q, &e);
    }
    assert_int_equal(ddb_evq_size(&q), n);
    ddb_event prev, cur;
    assert_true(ddb_evq_pop(&q, &prev));
    for (int i = 1; i < n; i++) {
        const ddb_event *top = ddb_evq_peek(&q);
        assert_non_null(top);
        int64_t top_t = top->t_ns;
        uint64_t top_seq = top->seq;
        assert_true(ddb_evq_pop(&q, &cur));
        assert_int_equal(cur.t_ns, top_t);
        assert_int_equal(cur.seq, top_seq);
        assert_true(cur.t_ns >= prev.t_ns);
        if (cur.t_ns == prev.t_ns) /* FIFO among equal times */
            assert_true(cur.u64[0] > prev.u64[0]);
        assert_int_equal(q.now_ns, cur.t_ns);
        assert_int_equal(cur.u64[2], ~cur.u64[0]); /* payload travels intact */
        prev = cur;
    }
    assert_false(ddb_evq_pop(&q, &cur));
    ddb_evq_destroy(&q);
    gsl_rng_free(r);
}

static void test_same_time_fifo(void **unused)
{
    (void)unused;
    ddb_evq q;
    ddb_evq_init(&q);
    for (uint64_t i = 0; i < 1000; i++) {
        ddb_event e = mk(5, i);
        ddb_evq_push(&q, &e);
    }
    ddb_event e = mk(3, 9999); /* an earlier one pushed last still comes first */
    ddb_evq_push(&q, &e);
    assert_true(ddb_evq_pop(&q, &e));
    assert_int_equal(e.u64[0], 9999);
    for (uint64_t i = 0; i < 1000; i++) {
        assert_true(ddb_evq_pop(&q, &e));
        assert_int_equal(e.t_ns, 5);
        assert_int_equal(e.u64[0], i);
    }
    ddb_evq_destroy(&q);
}

static void test_seq_assigned(void **unused)
{
    (void)unused;
    ddb_evq q;
    ddb_evq_init(&q);
    ddb_event e = mk(10, 0);
    e.seq = 12345; /* ignored: the queue sets it */
    ddb_evq_push(&q, &e);
    e = mk(10, 1);
    e.seq = 0;
    ddb_evq_push(&q, &e);
    ddb_event a, b;
    assert_true(ddb_evq_pop(&q, &a));
    assert_true(ddb_evq_pop(&q, &b));
    assert_int_equal(a.u64[0], 0);
    assert_int_equal(b.u64[0], 1);
    assert_true(a.seq < b.seq);
    ddb_evq_destroy(&q);
}

/* Simulator-like use: pop, then push events at or after now. Compared with a reference that
 * keeps (t, seq) pairs in a plain array and takes the minimum by linear scan. */
struct ref {
    int64_t t;
    uint64_t tag;
};

static void test_interleaved_stress(void **unused)
{
    (void)unused;
    gsl_rng *r = ddb_rng_stream_new(2, 100, 1);
    ddb_evq q;
    ddb_evq_init(&q);
    size_t cap = 4096, n = 0;
    struct ref *ref = malloc(cap * sizeof *ref);
    assert_non_null(ref);
    uint64_t tag = 0;
    int64_t now = 0;
    for (int step = 0; step < 300000; step++) {
        /* grow to a few thousand then drain, so the heap shrinks and regrows */
        int phase = (step / 50000) % 2;
        int pushes = (int)gsl_rng_uniform_int(r, phase ? 2 : 4);
        for (int k = 0; k < pushes && n < cap; k++) {
            /* many ties: times on a coarse grid */
            int64_t t = now + 10 * (int64_t)gsl_rng_uniform_int(r, 50);
            ddb_event e = mk(t, tag);
            ddb_evq_push(&q, &e);
            ref[n].t = t;
            ref[n].tag = tag++;
            n++;
        }
        assert_int_equal(ddb_evq_size(&q), n);
        if (n == 0)
            continue;
        size_t best = 0;
        for (size_t i = 1; i < n; i++)
            if (ref[i].t < ref[best].t || (ref[i].t == ref[best].t && ref[i].tag < ref[best].tag))
                best = i;
        ddb_event e;
        assert_true(ddb_evq_pop(&q, &e));
        assert_int_equal(e.t_ns, ref[best].t);
        assert_int_equal(e.u64[0], ref[best].tag);
        assert_true(e.t_ns >= now); /* time never goes back */
        now = e.t_ns;
        ref[best] = ref[--n];
    }
    free(ref);
    ddb_evq_destroy(&q);
    gsl_rng_free(r);
}

/* Descending times: in one bucket every push goes to the heap and sifts to the root; spread
 * over many buckets they go round the ring. */
static void check_growth(int64_t spacing_ns)
{
    ddb_evq q;
    ddb_evq_init(&q);
    const int64_t n = 1000000;
    for (int64_t i = 0; i < n; i++) {
        ddb_event e = mk((n - i) * spacing_ns, (uint64_t)i);
        ddb_evq_push(&q, &e);
    }
    assert_int_equal(ddb_evq_size(&q), (size_t)n);
    for (int64_t i = 1; i <= n; i++) {
        ddb_event e;
        assert_true(ddb_evq_pop(&q, &e));
        assert_int_equal(e.t_ns, i * spacing_ns);
        assert_int_equal(e.u64[0], (uint64_t)(n - i));
    }
    assert_int_equal(ddb_evq_size(&q), 0);
    assert_null(ddb_evq_peek(&q));
    ddb_evq_destroy(&q);
    assert_null(q.heap);
    assert_null(q.cur);
    assert_null(q.chunks);
}

static void test_growth(void **unused)
{
    (void)unused;
    check_growth(1);
    check_growth(30011); /* 30 s in all: most of the ring */
}

/* A reference queue: (t, tag) sorted by decreasing time then decreasing tag, so the earliest is
 * last. Tags are given in push order, so they order ties as seq does. */
struct sorted_ref {
    struct ref *a;
    size_t n, cap;
};

static void sref_push(struct sorted_ref *r, int64_t t, uint64_t tag)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->a = realloc(r->a, r->cap * sizeof *r->a);
        assert_non_null(r->a);
    }
    /* first position whose element is not later than (t, tag): all earlier ones go after */
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->a[mid].t > t || (r->a[mid].t == t && r->a[mid].tag > tag))
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(&r->a[lo + 1], &r->a[lo], (r->n - lo) * sizeof *r->a);
    r->a[lo].t = t;
    r->a[lo].tag = tag;
    r->n++;
}

/* Pop one event from both, check they agree with each other and with peek. */
static void pop_both(ddb_evq *q, struct sorted_ref *r)
{
    const ddb_event *top = ddb_evq_peek(q);
    if (r->n == 0) {
        assert_null(top);
        ddb_event e;
        assert_false(ddb_evq_pop(q, &e));
        return;
    }
    assert_non_null(top);
    int64_t top_t = top->t_ns;
    uint64_t top_seq = top->seq, top_tag = top->u64[0];
    const struct ref want = r->a[--r->n];
    int64_t before = q->now_ns;
    ddb_event e;
    assert_true(ddb_evq_pop(q, &e));
    assert_int_equal(e.t_ns, want.t);
    assert_int_equal(e.u64[0], want.tag);
    assert_int_equal(e.u64[2], ~want.tag);
    assert_int_equal(e.kind, want.tag % 7);
    assert_int_equal(e.t_ns, top_t);
    assert_int_equal(e.seq, top_seq);
    assert_int_equal(e.u64[0], top_tag);
    assert_true(e.t_ns >= before);
    assert_int_equal(q->now_ns, e.t_ns);
    assert_int_equal(ddb_evq_size(q), r->n);
}

#define RING_SPAN_NS (INT64_C(1) << 35) /* evq.c's ring span, for its edges */

/* A delay from a mix that reaches every path of the queue. */
static int64_t mixed_delay(gsl_rng *g)
{
    switch (gsl_rng_uniform_int(g, 10)) {
    case 0:
        return 0; /* same instant as now */
    case 1:
        return (int64_t)gsl_rng_uniform_int(g, 1000); /* within the current bucket */
    case 2: /* at the ring's far edge, either side */
        return RING_SPAN_NS + (int64_t)gsl_rng_uniform_int(g, 1 << 26) - (1 << 25);
    case 3:
        return RING_SPAN_NS + (int64_t)(gsl_rng_uniform(g) * 200e9); /* beyond the ring */
    case 4:
        return (int64_t)(gsl_rng_uniform(g) * 34e9); /* anywhere in the ring */
    default:
        return (int64_t)(gsl_rng_uniform(g) * 2e9); /* the simulator's common case */
    }
}

/* Half the times snapped to whole seconds, so that events pushed when an instant was beyond the
 * ring meet, at that same instant, events pushed once it was near (and they must pop first). */
static int64_t mixed_time(gsl_rng *g, int64_t now_ns)
{
    int64_t t = now_ns + mixed_delay(g);
    if (gsl_rng_uniform_int(g, 2))
        t = (t + 999999999) / 1000000000 * 1000000000;
    return t;
}

static void test_mixed_stress(void **unused)
{
    (void)unused;
    gsl_rng *g = ddb_rng_stream_new(3, 100, 2);
    ddb_evq q;
    ddb_evq_init(&q);
    struct sorted_ref r = {0};
    uint64_t tag = 0;
    for (int step = 0; step < 200000; step++) {
        unsigned what = (unsigned)gsl_rng_uniform_int(g, 1000);
        if (r.n > 3000 && what < 700) { /* keep a few thousand queued */
            pop_both(&q, &r);
        } else if (what < 3) { /* a burst at one instant, sometimes beyond the ring */
            int64_t t = mixed_time(g, q.now_ns);
            size_t k = 1 + gsl_rng_uniform_int(g, 300);
            for (size_t i = 0; i < k; i++, tag++) {
                ddb_event e = mk(t, tag);
                ddb_evq_push(&q, &e);
                sref_push(&r, t, tag);
            }
        } else if (what < 5) { /* a burst in one bucket: large groups to sort */
            int64_t t0 = mixed_time(g, q.now_ns);
            size_t k = 1 + gsl_rng_uniform_int(g, 2000);
            for (size_t i = 0; i < k; i++, tag++) {
                int64_t t = t0 + (int64_t)gsl_rng_uniform_int(g, 1 << 16);
                ddb_event e = mk(t, tag);
                ddb_evq_push(&q, &e);
                sref_push(&r, t, tag);
            }
        } else if (what < 500) {
            int64_t t = mixed_time(g, q.now_ns);
            ddb_event e = mk(t, tag);
            ddb_evq_push(&q, &e);
            sref_push(&r, t, tag++);
        } else {
            pop_both(&q, &r);
        }
        assert_int_equal(ddb_evq_size(&q), r.n);
    }
    while (r.n)
        pop_both(&q, &r);
    pop_both(&q, &r);
    free(r.a);
    ddb_evq_destroy(&q);
    gsl_rng_free(g);
}

/* An instant first pushed while beyond the ring, then again once within it, then once more after
 * its bucket became current: the three pop in push order, wherever the queue keeps them. */
static void test_far_then_near_same_instant(void **unused)
{
    (void)unused;
    ddb_evq q;
    ddb_evq_init(&q);
    /* 53.7 s, beyond the ring at first; mid-bucket for the current-bucket step */
    const int64_t t = 100 * RING_SPAN_NS / 64 + (1 << 23);
    ddb_event e = mk(t, 0);
    ddb_evq_push(&q, &e);
    e = mk(t - RING_SPAN_NS / 4, 1); /* 8.6 s earlier */
    ddb_evq_push(&q, &e);
    assert_true(ddb_evq_pop(&q, &e));
    assert_int_equal(e.u64[0], 1);
    e = mk(t, 2); /* now within the ring */
    ddb_evq_push(&q, &e);
    e = mk(t - 1, 3); /* just before, in the same bucket */
    ddb_evq_push(&q, &e);
    assert_true(ddb_evq_pop(&q, &e));
    assert_int_equal(e.u64[0], 3);
    e = mk(t, 4); /* into the current bucket */
    ddb_evq_push(&q, &e);
    for (uint64_t want = 0; want <= 4; want += 2) {
        assert_int_equal(ddb_evq_peek(&q)->u64[0], want);
        assert_true(ddb_evq_pop(&q, &e));
        assert_int_equal(e.u64[0], want);
        assert_int_equal(e.t_ns, t);
    }
    assert_int_equal(ddb_evq_size(&q), 0);
    ddb_evq_destroy(&q);
}

/* Sparse: one event an hour (always beyond the ring), with now and then a few near ones, and
 * the queue drained to empty between them, so the ring starts over far from where it was. */
static void test_sparse(void **unused)
{
    (void)unused;
    gsl_rng *g = ddb_rng_stream_new(4, 100, 3);
    ddb_evq q;
    ddb_evq_init(&q);
    struct sorted_ref r = {0};
    uint64_t tag = 0;
    const int64_t hour = INT64_C(3600000000000);
    for (int i = 0; i < 3000; i++) {
        int64_t t = q.now_ns + hour + (int64_t)gsl_rng_uniform_int(g, 3);
        ddb_event e = mk(t, tag);
        ddb_evq_push(&q, &e);
        sref_push(&r, t, tag++);
        if (i % 3 == 0) { /* a few near ones, popped before the hour */
            for (int k = 0; k < 3; k++) {
                int64_t tn = q.now_ns + (int64_t)(gsl_rng_uniform(g) * 30e9);
                e = mk(tn, tag);
                ddb_evq_push(&q, &e);
                sref_push(&r, tn, tag++);
            }
        }
        while (r.n > (size_t)(i % 2)) /* sometimes keep the hourly one queued */
            pop_both(&q, &r);
    }
    while (r.n)
        pop_both(&q, &r);
    free(r.a);
    ddb_evq_destroy(&q);
    gsl_rng_free(g);
}

/* The simulator's pattern, at scale: each pop followed by one retry up to 20 s later, mostly
 * within 2 s, with ~10,000 pending; then drained. */
static void test_retry_pattern(void **unused)
{
    (void)unused;
    gsl_rng *g = ddb_rng_stream_new(5, 100, 4);
    ddb_evq q;
    ddb_evq_init(&q);
    struct sorted_ref r = {0};
    uint64_t tag = 0;
    for (; tag < 10000; tag++) {
        int64_t t = (int64_t)(gsl_rng_uniform(g) * 2e9);
        ddb_event e = mk(t, tag);
        ddb_evq_push(&q, &e);
        sref_push(&r, t, tag);
    }
    for (int i = 0; i < 200000; i++) {
        pop_both(&q, &r);
        double ceiling_s = gsl_rng_uniform_int(g, 10) == 0 ? 20 : 1 + (double)(i % 2);
        int64_t t = q.now_ns + (int64_t)(gsl_rng_uniform(g) * ceiling_s * 1e9);
        ddb_event e = mk(t, tag);
        ddb_evq_push(&q, &e);
        sref_push(&r, t, tag++);
    }
    while (r.n)
        pop_both(&q, &r);
    free(r.a);
    ddb_evq_destroy(&q);
    gsl_rng_free(g);
}

/* Pushing an event before the last popped one is a bug: the queue must abort, not reorder time. */
static void push_into_past(void)
{
    ddb_evq q;
    ddb_evq_init(&q);
    ddb_event e = mk(100, 0);
    ddb_evq_push(&q, &e);
    ddb_evq_pop(&q, &e);
    e = mk(100, 1); /* same instant is fine */
    ddb_evq_push(&q, &e);
    e = mk(99, 2);
    ddb_evq_push(&q, &e);
}

static void test_push_into_past_aborts(void **unused)
{
    (void)unused;
    ddb_test_expect_abort(push_into_past);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_random_pushes_pop_sorted),
        cmocka_unit_test(test_same_time_fifo),
        cmocka_unit_test(test_seq_assigned),
        cmocka_unit_test(test_interleaved_stress),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_mixed_stress),
        cmocka_unit_test(test_far_then_near_same_instant),
        cmocka_unit_test(test_sparse),
        cmocka_unit_test(test_retry_pattern),
        cmocka_unit_test(test_push_into_past_aborts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
