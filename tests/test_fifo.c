/* fifo tests: growing a ring keeps the queue's order, whether or not it has wrapped, from the
 * first allocation on; a ring pushed and popped through many growths gives back what went in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "sim/support/fifo.h"

typedef struct ring {
    uint64_t *items;
    size_t head, n, cap;
} ring;

static void push(ring *r, uint64_t v)
{
    if (r->n == r->cap)
        r->items = ddb_fifo_grow(r->items, &r->head, r->n, &r->cap, sizeof *r->items);
    r->items[(r->head + r->n++) % r->cap] = v;
}

static uint64_t pop(ring *r)
{
    assert_true(r->n > 0);
    uint64_t v = r->items[r->head];
    r->head = (r->head + 1) % r->cap;
    r->n--;
    return v;
}

static void test_first_growth(void **state)
{
    (void)state;
    ring r = {0};
    push(&r, 7);
    assert_int_equal(r.cap, DDB_FIFO_FIRST_CAP);
    assert_int_equal(r.head, 0);
    assert_int_equal(pop(&r), 7);
    free(r.items);
}

/* A full ring whose oldest element is in the middle of the array grows into queue order. */
static void test_growth_unwraps(void **state)
{
    (void)state;
    ring r = {0};
    uint64_t next_in = 0, next_out = 0;
    for (size_t i = 0; i < DDB_FIFO_FIRST_CAP; i++)
        push(&r, next_in++);
    for (int i = 0; i < 10; i++)
        assert_int_equal(pop(&r), next_out++);
    for (int i = 0; i < 10; i++) /* wraps to the array's start: full again, head at 10 */
        push(&r, next_in++);
    assert_int_equal(r.n, r.cap);
    assert_int_equal(r.head, 10);
    push(&r, next_in++); /* grows */
    assert_int_equal(r.cap, 2 * DDB_FIFO_FIRST_CAP);
    assert_int_equal(r.head, 0);
    for (size_t i = 0; i < r.n; i++)
        assert_int_equal(r.items[i], next_out + i);
    while (r.n > 0)
        assert_int_equal(pop(&r), next_out++);
    assert_int_equal(next_out, next_in);
    free(r.items);
}

/* Pushes and pops interleaved through several growths: everything comes out in order. */
static void test_many_growths(void **state)
{
    (void)state;
    ring r = {0};
    uint64_t next_in = 0, next_out = 0;
    for (int round = 0; round < 2000; round++) {
        for (int i = 0; i < 3; i++)
            push(&r, next_in++);
        assert_int_equal(pop(&r), next_out++);
    }
    assert_true(r.cap >= 4000);
    while (r.n > 0)
        assert_int_equal(pop(&r), next_out++);
    assert_int_equal(next_out, next_in);
    free(r.items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_growth),
        cmocka_unit_test(test_growth_unwraps),
        cmocka_unit_test(test_many_growths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
