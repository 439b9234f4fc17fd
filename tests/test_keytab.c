/* Tests of the key table: dense entries by index, hashed entries by (hash, name) through growth
 * and up to the max_keys bound, looked up by hash alone, and the top-n ranking written to
 * keys.csv. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sim/model/keytab.h"

/* A well-mixed 64-bit hash of i (splitmix64's finalizer), so keys spread over the slots. */
static uint64_t mix(uint64_t i)
{
    uint64_t z = i + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static ddb_keystat *find(ddb_keytab *k, uint64_t hash, const char *name, uint32_t *id)
{
    return ddb_keytab_find(k, hash, name, strlen(name), id);
}

/* Dense entries are found by key number; an entry's id is stable, whatever order keys come in
 * (ids are not assumed to equal key numbers: entries may be created on first use). */
static void test_dense_entries_by_index(void **state)
{
    (void)state;
    ddb_keytab k;
    ddb_keytab_init(&k, 10, 0);
    uint32_t id7 = DDB_KEYTAB_NONE, id2 = DDB_KEYTAB_NONE, id;
    ddb_keystat *e = ddb_keytab_dense(&k, 7, &id7);
    assert_int_not_equal(id7, DDB_KEYTAB_NONE);
    assert_ptr_equal(e, ddb_keytab_get(&k, id7));
    assert_false(e->known);
    assert_int_equal(e->requests, 0);
    ddb_keytab_name_set(&k, e, "user#7", 6, 0x77);
    e->requests = 5;

    /* A name that is not NUL-terminated in the caller's buffer: only len bytes are taken. */
    e = ddb_keytab_dense(&k, 2, &id2);
    assert_int_not_equal(id2, id7);
    assert_false(e->known);
    assert_int_equal(e->requests, 0);
    ddb_keytab_name_set(&k, e, "user#2XYZ", 6, 0x22);

    /* Ids are stable: the same key number gives the same entry, with what was recorded in it. */
    e = ddb_keytab_dense(&k, 7, &id);
    assert_int_equal(id, id7);
    assert_true(e->known);
    assert_int_equal(e->hash, 0x77);
    assert_int_equal(e->name_len, 6);
    assert_int_equal(e->requests, 5);
    assert_string_equal(ddb_keytab_name(&k, e), "user#7");
    e = ddb_keytab_dense(&k, 2, &id);
    assert_int_equal(id, id2);
    assert_int_equal(e->hash, 0x22);
    assert_int_equal(e->name_len, 6);
    assert_string_equal(ddb_keytab_name(&k, e), "user#2");

    /* Every key number has its own entry. */
    uint32_t ids[10];
    for (uint64_t i = 0; i < 10; i++) {
        ddb_keytab_dense(&k, i, &ids[i])->requests += 100 + i;
        for (uint64_t j = 0; j < i; j++)
            assert_int_not_equal(ids[i], ids[j]);
    }
    assert_int_equal(ids[7], id7);
    assert_int_equal(ids[2], id2);
    for (uint64_t i = 0; i < 10; i++)
        assert_int_equal(ddb_keytab_get(&k, ids[i])->requests, 100 + i + (i == 7 ? 5 : 0));
    assert_false(ddb_keytab_get(&k, ids[3])->known);
    assert_null(ddb_keytab_get(&k, DDB_KEYTAB_NONE));
    ddb_keytab_destroy(&k);
}

/* Many names force the arena to grow (and many entries, their array); earlier names stay
 * readable and every key keeps its id. */
static void test_dense_names_survive_growth(void **state)
{
    (void)state;
    enum { N = 3000 };
    static uint32_t ids[N];
    ddb_keytab k;
    ddb_keytab_init(&k, N, 0);
    char name[32];
    for (uint64_t i = 0; i < N; i++) {
        uint64_t key = (i * 7) % N; /* not in key order */
        int len = snprintf(name, sizeof name, "customer-%llu", (unsigned long long)key);
        ddb_keytab_name_set(&k, ddb_keytab_dense(&k, key, &ids[key]), name, (size_t)len, mix(key));
    }
    assert_true(k.names_cap > 4096);
    for (uint64_t key = 0; key < N; key++) {
        snprintf(name, sizeof name, "customer-%llu", (unsigned long long)key);
        uint32_t id;
        ddb_keystat *e = ddb_keytab_dense(&k, key, &id);
        assert_int_equal(id, ids[key]);
        assert_true(e->known);
        assert_string_equal(ddb_keytab_name(&k, e), name);
        assert_int_equal(e->hash, mix(key));
    }
    ddb_keytab_destroy(&k);
}

static void test_hashed_find_creates_then_finds(void **state)
{
    (void)state;
    ddb_keytab k;
    ddb_keytab_init(&k, 0, 100);
    assert_int_equal(k.n_entries, 0);
    uint32_t a_id = 99, b_id = 99, id = 99;
    ddb_keystat *a = find(&k, 0x1234, "alpha", &a_id);
    assert_non_null(a);
    assert_int_equal(a_id, 0);
    assert_true(a->known);
    assert_int_equal(a->hash, 0x1234);
    assert_string_equal(ddb_keytab_name(&k, a), "alpha");
    a->requests = 3;
    ddb_keystat *b = find(&k, 0x5678, "beta", &b_id);
    assert_int_equal(b_id, 1);
    assert_ptr_equal(b, ddb_keytab_get(&k, 1));
    assert_ptr_not_equal(b, a);
    assert_int_equal(k.n_entries, 2);

    ddb_keystat *again = find(&k, 0x1234, "alpha", &id);
    assert_int_equal(id, a_id);
    assert_ptr_equal(again, ddb_keytab_get(&k, a_id));
    assert_int_equal(again->requests, 3);
    assert_int_equal(k.n_entries, 2);

    /* Same hash, different name (a collision): a separate entry, and both are found again. */
    ddb_keystat *c = find(&k, 0x1234, "gamma", &id);
    assert_int_equal(id, 2);
    assert_int_equal(c->requests, 0);
    assert_string_equal(ddb_keytab_name(&k, c), "gamma");
    /* A name that is a prefix of another with the same hash is a different key too. */
    find(&k, 0x1234, "alph", &id);
    assert_int_equal(id, 3);
    assert_int_equal(k.n_entries, 4);
    find(&k, 0x1234, "gamma", &id);
    assert_int_equal(id, 2);
    find(&k, 0x1234, "alpha", &id);
    assert_int_equal(id, 0);
    find(&k, 0x5678, "beta", &id);
    assert_int_equal(id, 1);
    /* Same name, different hash: also a different entry (the hash is part of the key's identity). */
    find(&k, 0x9999, "alpha", &id);
    assert_int_equal(id, 4);
    ddb_keytab_destroy(&k);
}

/* 10,000 keys: the 2048 initial slots double several times; every key keeps its id. */
static void test_hashed_growth_keeps_every_entry(void **state)
{
    (void)state;
    enum { N = 10000 };
    ddb_keytab k;
    ddb_keytab_init(&k, 0, N);
    assert_int_equal(k.n_slots, 2048);
    char name[32];
    uint32_t id;
    for (uint32_t i = 0; i < N; i++) {
        int len = snprintf(name, sizeof name, "k%u", i);
        /* Every 8th key shares its hash with the previous one: collisions across growth. */
        uint64_t h = mix(i - (i % 8 == 1));
        ddb_keystat *e = ddb_keytab_find(&k, h, name, (size_t)len, &id);
        assert_non_null(e);
        assert_int_equal(id, i);
        e->requests = i + 1;
    }
    assert_int_equal(k.n_entries, N);
    assert_true(k.n_slots >= 2 * N); /* load factor <= 1/2 */
    for (uint32_t i = 0; i < N; i++) {
        int len = snprintf(name, sizeof name, "k%u", i);
        uint64_t h = mix(i - (i % 8 == 1));
        ddb_keystat *e = ddb_keytab_find(&k, h, name, (size_t)len, &id);
        assert_int_equal(id, i);
        assert_int_equal(e->requests, i + 1);
        assert_string_equal(ddb_keytab_name(&k, e), name);
    }
    assert_int_equal(k.n_entries, N);
    ddb_keytab_destroy(&k);
}

/* Hashes that all land in the same slot (low bits equal) still work: a long probe chain. */
static void test_hashed_clustered_hashes(void **state)
{
    (void)state;
    ddb_keytab k;
    ddb_keytab_init(&k, 0, 3000);
    char name[32];
    uint32_t id;
    for (uint32_t i = 0; i < 3000; i++) {
        int len = snprintf(name, sizeof name, "c%u", i);
        assert_non_null(ddb_keytab_find(&k, (uint64_t)i << 40, name, (size_t)len, &id));
        assert_int_equal(id, i);
    }
    for (uint32_t i = 0; i < 3000; i++) {
        int len = snprintf(name, sizeof name, "c%u", i);
        ddb_keytab_find(&k, (uint64_t)i << 40, name, (size_t)len, &id);
        assert_int_equal(id, i);
    }
    assert_int_equal(k.n_entries, 3000);
    ddb_keytab_destroy(&k);
}

/* A slot's tag is the hash's high bits above the id's: keys whose hashes differ only there, or
 * only in the high bits the id takes (equal tags), or not at all, are each found again, and a
 * probe's tagged entry is the key's. */
static void test_hashed_tags(void **state)
{
    (void)state;
    ddb_keytab k;
    ddb_keytab_init(&k, 0, 1000); /* ids + 1 in 10 bits: the tag is the hash's top 22 */
    assert_int_equal(k.id_mask, 1023);
    const uint64_t low = 0x1234, tag_bit = (uint64_t)1 << 63, id_bit = (uint64_t)1 << 33;
    const uint64_t hashes[] = {low, low | tag_bit, low | id_bit, low | tag_bit | id_bit};
    const char *names[] = {"a", "b", "c", "d"};
    uint32_t id;
    for (uint32_t i = 0; i < 4; i++) {
        find(&k, hashes[i], names[i], &id);
        assert_int_equal(id, i);
    }
    find(&k, low, "e", &id); /* same hash as "a", another key */
    assert_int_equal(id, 4);
    for (uint32_t i = 0; i < 4; i++) {
        assert_non_null(find(&k, hashes[i], names[i], &id));
        assert_int_equal(id, i);
        /* The probe's first entry with the tag: "c" shares "a"'s, "d" shares "b"'s. */
        assert_int_equal(ddb_keytab_tagged(&k, hashes[i]), i % 2 + 1);
    }
    ddb_keytab_destroy(&k);
}

static void test_hashed_max_keys_bound(void **state)
{
    (void)state;
    ddb_keytab k;
    ddb_keytab_init(&k, 0, 3);
    uint32_t id;
    assert_non_null(find(&k, mix(1), "one", &id));
    assert_non_null(find(&k, mix(2), "two", &id));
    assert_non_null(find(&k, mix(3), "three", &id));
    assert_int_equal(id, 2);
    id = 0;
    assert_null(find(&k, mix(4), "four", &id));
    assert_int_equal(id, DDB_KEYTAB_NONE);
    assert_null(ddb_keytab_get(&k, id));
    assert_int_equal(k.n_entries, 3);
    /* Known keys are still found when the table is full. */
    ddb_keystat *e = find(&k, mix(2), "two", &id);
    assert_non_null(e);
    assert_int_equal(id, 1);
    assert_string_equal(ddb_keytab_name(&k, e), "two");
    /* And a new key with a known hash is still refused. */
    assert_null(find(&k, mix(2), "deux", &id));
    assert_int_equal(id, DDB_KEYTAB_NONE);
    ddb_keytab_destroy(&k);

    ddb_keytab_init(&k, 0, 0); /* track nothing */
    id = 0;
    assert_null(find(&k, 1, "x", &id));
    assert_int_equal(id, DDB_KEYTAB_NONE);
    ddb_keytab_destroy(&k);
}

/* Set a dense entry's counters by hand, for the ranking; its id. */
static uint32_t set(ddb_keytab *k, uint64_t index, const char *name, uint64_t requests,
                    uint64_t throttles)
{
    uint32_t id;
    ddb_keystat *e = ddb_keytab_dense(k, index, &id);
    if (name)
        ddb_keytab_name_set(k, e, name, strlen(name), index);
    e->requests = requests;
    e->throttles = throttles;
    return id;
}

/* A lookup by hash alone finds the entry find made, under its name, through growth; it never
 * creates one (an index key is named when drawn and counted by its hash, sim/model/gsi.c). */
static void test_hashed_lookup_by_hash(void **state)
{
    (void)state;
    ddb_keytab k;
    ddb_keytab_init(&k, 0, 100000);
    uint32_t id, got;
    char name[32];
    for (uint64_t i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "user%llu", (unsigned long long)i);
        find(&k, mix(i), name, &id);
    }
    for (uint64_t i = 0; i < 5000; i += 7) {
        ddb_keystat *e = ddb_keytab_lookup(&k, mix(i), &got);
        assert_non_null(e);
        assert_ptr_equal(e, ddb_keytab_get(&k, got));
        snprintf(name, sizeof name, "user%llu", (unsigned long long)i);
        assert_string_equal(ddb_keytab_name(&k, e), name);
    }
    assert_null(ddb_keytab_lookup(&k, mix(5000), &got));
    assert_int_equal(got, DDB_KEYTAB_NONE);
    assert_int_equal(k.n_entries, 5000);
    ddb_keytab_destroy(&k);
}

static void test_top_ranks_by_requests_and_throttles(void **state)
{
    (void)state;
    ddb_keytab k;
    ddb_keytab_init(&k, 8, 0);
    uint32_t id[8];
    id[0] = set(&k, 0, "b", 50, 1);
    id[1] = set(&k, 1, "a", 50, 7);     /* ties b on requests: "a" < "b" */
    id[2] = set(&k, 2, "z", 100, 0);    /* most requested, never throttled */
    id[3] = set(&k, 3, NULL, 1000, 90); /* not known (never named): skipped */
    id[4] = set(&k, 4, "idle", 0, 0);   /* no requests: skipped */
    id[5] = set(&k, 5, "c", 10, 7);     /* ties a on throttles: "a" < "c" */
    id[6] = set(&k, 6, "aa", 50, 2);    /* "a" < "aa" < "b" */
    /* 7 never drawn */

    uint32_t ids[8];
    memset(ids, 0xff, sizeof ids);
    assert_int_equal(ddb_keytab_top(&k, false, ids, 8), 5);
    const uint32_t by_requests[] = {2, 1, 6, 0, 5};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(ids[i], id[by_requests[i]]);
    assert_int_equal(ids[5], UINT32_MAX); /* nothing written past the count */

    memset(ids, 0xff, sizeof ids);
    assert_int_equal(ddb_keytab_top(&k, true, ids, 8), 4); /* "z" has no throttles */
    const uint32_t by_throttles[] = {1, 5, 6, 0};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(ids[i], id[by_throttles[i]]);
    assert_int_equal(ids[4], UINT32_MAX);

    /* Truncated to n: the first n of the full ranking, nothing beyond. */
    memset(ids, 0xff, sizeof ids);
    assert_int_equal(ddb_keytab_top(&k, false, ids, 2), 2);
    assert_int_equal(ids[0], id[2]);
    assert_int_equal(ids[1], id[1]);
    assert_int_equal(ids[2], UINT32_MAX);
    assert_int_equal(ddb_keytab_top(&k, false, ids, 0), 0);
    ddb_keytab_destroy(&k);
}

static void test_top_of_empty_tables(void **state)
{
    (void)state;
    uint32_t ids[4] = {7, 7, 7, 7};
    ddb_keytab k;
    ddb_keytab_init(&k, 0, 10); /* hashed, no entries */
    assert_int_equal(ddb_keytab_top(&k, false, ids, 4), 0);
    ddb_keytab_destroy(&k);
    ddb_keytab_init(&k, 4, 0); /* dense, nothing drawn */
    assert_int_equal(ddb_keytab_top(&k, true, ids, 4), 0);
    uint32_t id;
    ddb_keytab_dense(&k, 1, &id)->requests = 3; /* drawn, counted, never named */
    assert_int_equal(ddb_keytab_top(&k, false, ids, 4), 0);
    ddb_keytab_destroy(&k);
    assert_int_equal(ids[0], 7);
}

/* The ranking in hashed mode, where ids follow first appearance, not the name order. */
static void test_top_hashed(void **state)
{
    (void)state;
    ddb_keytab k;
    ddb_keytab_init(&k, 0, 10);
    uint32_t id;
    find(&k, mix(1), "m", &id)->requests = 4;
    find(&k, mix(2), "d", &id)->requests = 9;
    find(&k, mix(3), "k", &id)->requests = 4;
    find(&k, mix(4), "zero", &id);
    uint32_t ids[4];
    assert_int_equal(ddb_keytab_top(&k, false, ids, 4), 3);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], 2);
    assert_int_equal(ids[2], 0);
    ddb_keytab_destroy(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dense_entries_by_index),
        cmocka_unit_test(test_dense_names_survive_growth),
        cmocka_unit_test(test_hashed_find_creates_then_finds),
        cmocka_unit_test(test_hashed_growth_keeps_every_entry),
        cmocka_unit_test(test_hashed_clustered_hashes),
        cmocka_unit_test(test_hashed_tags),
        cmocka_unit_test(test_hashed_max_keys_bound),
        cmocka_unit_test(test_hashed_lookup_by_hash),
        cmocka_unit_test(test_top_ranks_by_requests_and_throttles),
        cmocka_unit_test(test_top_of_empty_tables),
        cmocka_unit_test(test_top_hashed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
