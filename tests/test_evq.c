/* test_evq — order, FIFO ties, time monotonicity, growth, and a stress run against a reference. */
#define _POSIX_C_SOURCE 200809L /* fork, for the death test */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "sim/evq.h"
#include "sim/rng.h"

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

static void test_growth(void **unused)
{
    (void)unused;
    ddb_evq q;
    ddb_evq_init(&q);
    const int64_t n = 1000000;
    /* descending times: every push sifts to the root */
    for (int64_t i = 0; i < n; i++) {
        ddb_event e = mk(n - i, (uint64_t)i);
        ddb_evq_push(&q, &e);
    }
    assert_int_equal(ddb_evq_size(&q), (size_t)n);
    assert_true(q.cap >= (size_t)n);
    for (int64_t i = 1; i <= n; i++) {
        ddb_event e;
        assert_true(ddb_evq_pop(&q, &e));
        assert_int_equal(e.t_ns, i);
    }
    assert_int_equal(ddb_evq_size(&q), 0);
    ddb_evq_destroy(&q);
    assert_null(q.heap);
}

/* Pushing an event before the last popped one is a bug: the queue must abort, not reorder time. */
static void test_push_into_past_aborts(void **unused)
{
    (void)unused;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr))
            _exit(3);
        ddb_evq q;
        ddb_evq_init(&q);
        ddb_event e = mk(100, 0);
        ddb_evq_push(&q, &e);
        ddb_evq_pop(&q, &e);
        e = mk(100, 1); /* same instant is fine */
        ddb_evq_push(&q, &e);
        e = mk(99, 2);
        ddb_evq_push(&q, &e);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
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
        cmocka_unit_test(test_push_into_past_aborts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
