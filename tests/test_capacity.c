/* test_capacity — the AWS developer guide's worked examples (docs/model.md §1), in
 * milli-units (1 RCU or WCU = 1000). 1 KB = 1024 B. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sim/model/capacity.h"

#define KB 1024u

static void test_names(void **unused)
{
    (void)unused;
    static const char *const ops[DDB_OP_COUNT] = {"get",  "put",  "update",      "delete",
                                                  "query", "scan", "batch_write", "batch_get", "gsi_query",
                                                  "transact_write", "transact_get"};
    for (int i = 0; i < DDB_OP_COUNT; i++)
        assert_string_equal(ddb_op_names[i], ops[i]);
    assert_string_equal(ddb_op_names[DDB_OP_QUERY], "query");
    assert_string_equal(ddb_consistency_names[DDB_EVENTUAL], "eventual");
    assert_string_equal(ddb_consistency_names[DDB_STRONG], "strong");
    assert_string_equal(ddb_consistency_names[DDB_TRANSACTIONAL], "transactional");
}

static void test_op_is_write(void **unused)
{
    (void)unused;
    assert_false(ddb_op_is_write(DDB_OP_GET));
    assert_true(ddb_op_is_write(DDB_OP_PUT));
    assert_true(ddb_op_is_write(DDB_OP_UPDATE));
    assert_true(ddb_op_is_write(DDB_OP_DELETE));
    assert_false(ddb_op_is_write(DDB_OP_QUERY));
    assert_false(ddb_op_is_write(DDB_OP_SCAN));
    assert_true(ddb_op_is_write(DDB_OP_BATCH_WRITE));
    assert_false(ddb_op_is_write(DDB_OP_BATCH_GET));
}

static void test_read_examples(void **unused)
{
    (void)unused;
    /* 3,500 B rounds to 4 KB: one unit */
    assert_int_equal(ddb_read_cost_milli(3500, DDB_STRONG), 1000);
    assert_int_equal(ddb_read_cost_milli(3500, DDB_EVENTUAL), 500);
    /* 8 KB: 2 SC, 1 EC, 4 transactional */
    assert_int_equal(ddb_read_cost_milli(8 * KB, DDB_STRONG), 2000);
    assert_int_equal(ddb_read_cost_milli(8 * KB, DDB_EVENTUAL), 1000);
    assert_int_equal(ddb_read_cost_milli(8 * KB, DDB_TRANSACTIONAL), 4000);
    /* GetItem of 10 KB rounds to 12 KB: 3 RCU */
    assert_int_equal(ddb_read_cost_milli(10 * KB, DDB_STRONG), 3000);
    /* 80 strongly consistent reads/s of 3 KB = 80 RCU */
    int64_t sum = 0;
    for (int i = 0; i < 80; i++)
        sum += ddb_read_cost_milli(3 * KB, DDB_STRONG);
    assert_int_equal(sum, 80 * 1000);
}

static void test_read_boundaries(void **unused)
{
    (void)unused;
    assert_int_equal(ddb_read_cost_milli(0, DDB_STRONG), 1000); /* missing item: 1 SC */
    assert_int_equal(ddb_read_cost_milli(0, DDB_EVENTUAL), 500); /* ... 0.5 EC */
    assert_int_equal(ddb_read_cost_milli(0, DDB_TRANSACTIONAL), 2000);
    assert_int_equal(ddb_read_cost_milli(1, DDB_STRONG), 1000);
    assert_int_equal(ddb_read_cost_milli(4 * KB, DDB_STRONG), 1000);
    assert_int_equal(ddb_read_cost_milli(4 * KB + 1, DDB_STRONG), 2000);
    assert_int_equal(ddb_read_cost_milli(4 * KB, DDB_EVENTUAL), 500);
    assert_int_equal(ddb_read_cost_milli(4 * KB + 1, DDB_EVENTUAL), 1000);
    assert_int_equal(ddb_read_cost_milli(400 * KB, DDB_STRONG), 100000); /* the largest item */
}

static void test_batch_examples(void **unused)
{
    (void)unused;
    /* BatchGetItem 1.5 KB + 6.5 KB: 4 KB + 8 KB = 12 KB = 3 RCU, not 8 KB = 2 */
    const uint64_t get[] = {1536, 6656};
    assert_int_equal(ddb_batch_get_cost_milli(get, 2, DDB_STRONG), 3000);
    assert_int_equal(ddb_query_cost_milli(1536 + 6656, DDB_STRONG), 2000); /* what a sum gives */
    assert_int_equal(ddb_batch_get_cost_milli(get, 2, DDB_EVENTUAL), 1500);
    /* BatchWriteItem 500 B + 3.5 KB: 1 KB + 4 KB = 5 WCU, not 4 */
    const uint64_t put[] = {500, 3584};
    assert_int_equal(ddb_batch_write_cost_milli(put, 2), 5000);
    assert_int_equal(ddb_batch_get_cost_milli(get, 0, DDB_STRONG), 0);
    assert_int_equal(ddb_batch_write_cost_milli(put, 0), 0);
}

static void test_query_examples(void **unused)
{
    (void)unused;
    /* 10 items totalling 40.8 KB (41,779 B) round once to 44 KB: 11 RCU strongly consistent */
    uint64_t total = 0;
    for (int i = 0; i < 10; i++)
        total += 4178; /* 41,780 B = 40.8 KB */
    assert_int_equal(ddb_query_cost_milli(total, DDB_STRONG), 11000);
    assert_int_equal(ddb_query_cost_milli(41779, DDB_STRONG), 11000);
    /* each rounded separately it would be 10 x 8 KB = 20 RCU */
    assert_int_equal(10 * ddb_read_cost_milli(4178, DDB_STRONG), 20000);
    /* 1,500 items of 64 B: 96,000 B -> 96 KB -> 24 RCU strongly consistent */
    assert_int_equal(ddb_query_cost_milli(1500u * 64u, DDB_STRONG), 24000);
    assert_int_equal(ddb_query_cost_milli(1500u * 64u, DDB_EVENTUAL), 12000);
    /* an eventually consistent Query of 80 KB: 10 RCU */
    assert_int_equal(ddb_query_cost_milli(80 * KB, DDB_EVENTUAL), 10000);
    /* a GSI Query (eventually consistent) of 8 x 2,000 B: 16,000 B -> 16 KB -> 2 RCU */
    assert_int_equal(ddb_query_cost_milli(8u * 2000u, DDB_EVENTUAL), 2000);
    /* an empty result still costs a unit */
    assert_int_equal(ddb_query_cost_milli(0, DDB_EVENTUAL), 500);
}

static void test_write_examples(void **unused)
{
    (void)unused;
    /* a 1.6 KB put or delete rounds to 2 KB: 2 WCU */
    assert_int_equal(ddb_write_cost_milli(1638, 0), 2000);
    /* 100 writes/s of 512 B = 100 WCU */
    int64_t sum = 0;
    for (int i = 0; i < 100; i++)
        sum += ddb_write_cost_milli(512, 0);
    assert_int_equal(sum, 100 * 1000);
    assert_int_equal(ddb_write_cost_milli(0, 0), 1000);
    assert_int_equal(ddb_write_cost_milli(KB, 0), 1000);
    assert_int_equal(ddb_write_cost_milli(KB + 1, 0), 2000);
    assert_int_equal(ddb_write_cost_milli(400 * KB, 0), 400000);
}

static void test_transactional_doubles(void **unused)
{
    (void)unused;
    assert_int_equal(ddb_write_cost_milli(1638, 1), 4000);
    assert_int_equal(ddb_write_cost_milli(0, 1), 2000);
    /* 3 items of 500 B per transaction per second = 6 WCU (prepare + commit) */
    int64_t sum = 0;
    for (int i = 0; i < 3; i++)
        sum += ddb_write_cost_milli(500, 1);
    assert_int_equal(sum, 6000);
    assert_int_equal(ddb_read_cost_milli(10 * KB, DDB_TRANSACTIONAL), 6000);
    assert_int_equal(ddb_query_cost_milli(80 * KB, DDB_TRANSACTIONAL), 40000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_op_is_write),
        cmocka_unit_test(test_read_examples),
        cmocka_unit_test(test_read_boundaries),
        cmocka_unit_test(test_batch_examples),
        cmocka_unit_test(test_query_examples),
        cmocka_unit_test(test_write_examples),
        cmocka_unit_test(test_transactional_doubles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
